//! The OpenAPI document. Paths are collected from the attribute-routed handlers registered in
//! [`super::configure`] (so none can be missing), and everything else comes from [`ApiDoc`].
//! [`spec`] is the single source used by the server, `gen-openapi` and the drift test.

use actix_web::App;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use super::error::{FieldError, Problem};

/// Operation tags.
pub mod tags {
    /// Profile assessments.
    pub const ASSESSMENTS: &str = "assessments";
    /// The read-only knowledge catalogue.
    pub const KNOWLEDGE: &str = "knowledge";
    /// Health probes and the spec itself.
    pub const OPERATIONS: &str = "operations";
    /// CDS Hooks 2.0 services for electronic health records.
    pub const CDS_HOOKS: &str = "cds-hooks";
}

/// Document-level metadata; paths are added by utoipa-actix-web.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "cramp-advisor",
        description = include_str!("openapi_description.md"),
        contact(name = "cramp-advisor maintainers", email = "maintainers@cramp-advisor.example"),
        license(name = "MIT", identifier = "MIT"),
    ),
    tags(
        (name = tags::ASSESSMENTS, description = "Assess a person's profile: triage, causes, remedies and a relief plan."),
        (name = tags::KNOWLEDGE, description = "The sourced, graded knowledge base the assessments are built on (read-only, cacheable)."),
        (name = tags::OPERATIONS, description = "Liveness, readiness and this document."),
        (name = tags::CDS_HOOKS, description = "CDS Hooks 2.0: the same engine for electronic health records (FHIR R4 in, cards out)."),
    ),
    servers((url = "/", description = "This deployment (paths are relative to where the document is served)")),
    components(schemas(Problem, FieldError)),
)]
pub struct ApiDoc;

/// The complete OpenAPI document, exactly as served at `/openapi.json`.
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, mut openapi) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(super::configure)
        .split_for_parts();
    super::examples::attach(&mut openapi);
    document_language(&mut openapi);
    // An empty requirement says, explicitly, that no credentials are needed.
    openapi.security = Some(vec![
        utoipa::openapi::security::SecurityRequirement::default(),
    ]);
    openapi
}

/// The document as pretty JSON with a trailing newline (the committed file's format).
pub fn spec_json() -> String {
    let mut json = spec()
        .to_pretty_json()
        .expect("the OpenAPI document always serialises");
    json.push('\n');
    json
}

/// Every operation answers in the language `Accept-Language` asks for (en, es, de, fr; English
/// otherwise) and says which in `Content-Language`: documented once, here, for all of them.
fn document_language(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::{ObjectBuilder, Required, Type};
    let parameter = ParameterBuilder::new()
        .name("Accept-Language")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Language of every text a person reads (RFC 9110: q-values, wildcards; `es-MX` falls back to `es`). \
             Supported: `en`, `es`, `de`, `fr`; anything else gives English. The answer's `Content-Language` says which \
             was used; ids, codes and numbers never change with language.",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String).examples([serde_json::json!("es-MX, es;q=0.9, en;q=0.5")])))
        .build();
    for item in openapi.paths.paths.values_mut() {
        for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
            operation
                .parameters
                .get_or_insert_with(Vec::new)
                .push(utoipa::openapi::RefOr::T(parameter.clone()));
        }
    }
}
