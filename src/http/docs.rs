//! The undocumented pages: Swagger UI (vendored: every asset comes from this binary) at
//! `/docs/`, and redirects from `/` and `/docs` to it.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use utoipa_swagger_ui::{Config, SwaggerUi};

/// Registers Swagger UI and the redirects.
pub(crate) fn configure_pages(cfg: &mut web::ServiceConfig) {
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
