//! The OpenAPI document, composed from both façades. Paths are collected from the
//! attribute-routed handlers registered in [`crate::routes::configure`] (so none can be
//! missing), and everything else comes from [`ApiDoc`] and the passes below. [`spec`] is the
//! single source used by the server, `gen-openapi` and the drift test.
//!
//! - [`headers`]: response headers and the header parameters; [`security`]: the schemes;
//!   [`shapes`]: named components and one nullable style; [`texts`]: operation summaries;
//!   [`enums`]: the enum-growth promise; [`owasp`]: what the OWASP ruleset asks to be stated.

use actix_web::App;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

mod enums;
mod headers;
mod owasp;
pub(crate) mod security;
mod shapes;
#[cfg(test)]
mod tests;
mod texts;

use crate::http::code_schemas::{FieldCodeSchema, ProblemCodeSchema};
use crate::http::tags;
use crate::http::{FieldError, Problem};

/// Document-level metadata; paths are added by utoipa-actix-web.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "cramp-advisor",
        description = include_str!("description.md"),
        contact(name = "cramp-advisor maintainers", email = "maintainers@cramp-advisor.example"),
        license(name = "MIT", identifier = "MIT"),
    ),
    tags(
        (name = tags::ASSESSMENTS, description = "Assess a person's profile: triage, causes, remedies and a relief plan."),
        (name = tags::KNOWLEDGE, description = "The sourced, graded knowledge base the assessments are built on (read-only, cacheable)."),
        (name = tags::OPERATIONS, description = "Liveness, readiness and this document."),
        (name = tags::CDS_HOOKS, description = "CDS Hooks 2.0: the same engine for electronic health records (FHIR R4 in, cards out)."),
        (name = tags::PAGES, description = "Human-readable, printable HTML pages for every catalogue entry and problem type, in en, es, de and fr (`?lang=` or `Accept-Language`): for people, clinicians and app web views; CDS cards link here."),
        (name = tags::PROBLEMS, description = "The problem types (RFC 9457) every error answer's `type` links to: what each code means and what to do."),
    ),
    servers((url = "/", description = "This deployment (paths are relative to where the document is served)")),
    components(schemas(Problem, FieldError, ProblemCodeSchema, FieldCodeSchema)),
)]
pub struct ApiDoc;

/// The complete OpenAPI document, exactly as served at `/openapi.json`.
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, mut openapi) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::configure)
        .split_for_parts();
    // The examples are written from the embedded English knowledge base, loaded once for all.
    let kb =
        crate::knowledge::KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
    crate::api::attach_examples(&mut openapi, &kb);
    crate::http::problems::attach_examples(&mut openapi);
    crate::pages::attach_docs(&mut openapi, &kb);
    headers::document_language(&mut openapi);
    security::document_security(&mut openapi, Enforced::default());
    shapes::name_the_document_schema(&mut openapi);
    shapes::nullable_as_one_of(&mut openapi);
    headers::document_platform_errors(&mut openapi);
    headers::document_headers(&mut openapi);
    owasp::apply(&mut openapi);
    texts::summaries_and_descriptions(&mut openapi);
    enums::state_enum_growth(&mut openapi);
    openapi
}

/// Which credentials a deployment enforces: each one that is on drops the "no credentials"
/// alternative (`{}`) from the operations it guards in the served document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Enforced {
    /// API keys on `/v1` (`APP_API_KEYS_FILE` set).
    pub api_keys: bool,
    /// Scraper tokens on `/metrics` (`APP_METRICS_TOKENS_FILE` set).
    pub metrics_tokens: bool,
    /// CDS Hooks JWTs on the hook calls and their feedback (`APP_CDS_JWT` on).
    pub cds_jwt: bool,
}

/// The document a deployment serves: as [`spec`] (which is the document of a deployment that
/// enforces nothing), with the credentials it enforces stated as required.
pub fn spec_for(enforced: Enforced) -> utoipa::openapi::OpenApi {
    let mut openapi = spec();
    if enforced != Enforced::default() {
        security::document_security(&mut openapi, enforced);
    }
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
