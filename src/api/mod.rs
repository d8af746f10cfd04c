//! The thin HTTP layer: wire types, errors, handlers and the OpenAPI document. Handlers parse,
//! call the engine or the precomputed catalogue, and render; nothing else.

pub mod access;
mod assessments;
mod body;
mod cached;
mod catalogue;
mod code_schemas;
pub mod dto;
pub mod error;
pub mod examples;
mod fallback;
mod field_code;
pub(crate) mod fields;
mod health;
pub mod lang;
mod messages;
pub mod metrics;
pub mod middleware;
pub mod openapi;
mod openapi_enums;
mod openapi_owasp;
mod problem_pages;
pub mod problems;
pub mod profile;
pub mod responses;
mod schema_enums;
mod state;

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_swagger_ui::{Config, SwaggerUi};

pub use body::parse_profile;
pub(crate) use body::pointer_of as body_pointer_of;
pub use error::{ApiError, FieldError, PROBLEM_JSON, Problem};
pub use fallback::fallback;
pub use state::AppState;

/// Registers every documented route. The single registration point: the server, the spec
/// generator and the tests all go through it.
pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(metrics::metrics)
        .service(health::healthz)
        .service(health::readyz)
        .service(openapi_json)
        .service(problems::list_problem_types)
        .service(problems::get_problem_type)
        .service(
            scope::scope("/v1")
                .default_service(web::to(fallback))
                .service(assessments::create_assessment)
                .service(assessments::assess_causes)
                .service(assessments::assess_remedies)
                .service(assessments::assess_relief_plan)
                .service(catalogue::knowledge)
                .service(catalogue::list_causes)
                .service(catalogue::get_cause)
                .service(catalogue::list_remedies)
                .service(catalogue::get_remedy)
                .service(catalogue::list_red_flags)
                .service(catalogue::list_differentials)
                .service(catalogue::list_medication_classes)
                .service(catalogue::list_sources),
        )
        .service(
            scope::scope("/cds-services")
                // Every call in the scope, matched or not, needs the CDS client's JWT.
                .wrap(actix_web::middleware::from_fn(crate::cds::jwt::guard))
                .default_service(web::to(fallback))
                .configure(crate::cds::configure),
        );
}

/// Registers the undocumented pages: Swagger UI (vendored: every asset comes from this
/// binary) at `/docs/`, and redirects from `/` and `/docs` to it.
pub fn configure_pages(cfg: &mut web::ServiceConfig) {
    let swagger = SwaggerUi::new("/docs/{_:.*}").config(
        Config::new(["/openapi.json"])
            .validator_url("none")
            .try_it_out_enabled(true),
    );
    cfg.service(swagger)
        .service(web::resource("/docs").route(web::get().to(|| async { redirect("/docs/") })))
        .service(web::resource("/").route(web::get().to(|| async { redirect("/docs/") })));
}

fn redirect(to: &'static str) -> HttpResponse {
    HttpResponse::Found()
        .insert_header((header::LOCATION, to))
        .finish()
}

/// This OpenAPI 3.1 document.
#[utoipa::path(tag = openapi::tags::OPERATIONS, operation_id = "get_openapi",
    responses((status = 200, description = "The OpenAPI 3.1 document of this service.", content_type = "application/json",
        body = Object, example = json!({"openapi": "3.1.0", "info": {"title": "cramp-advisor"}})), responses::ReadErrors))]
#[get("/openapi.json")]
pub async fn openapi_json(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(state.openapi_json.clone())
}
