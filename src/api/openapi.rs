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
