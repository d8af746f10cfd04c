//! The HTTP platform the façades ([`crate::api`], [`crate::cds`], [`crate::pages`]) build on,
//! and which knows none of them:
//!
//! - [`state`]: what every handler shares; [`error`]: the one error type and its problem+json
//!   rendering (texts from the problem catalogue in the knowledge data, [`messages`]), with
//!   the closed code lists ([`field_code`], [`code_schemas`]) and the documented error
//!   responses ([`responses`]);
//! - [`body`]: reading JSON bodies (media type, size, deadline) and decoding them with JSON
//!   pointers; [`fields`]: the one table from profile fields to pointers;
//! - [`lang`]: language negotiation; [`middleware`]: the edge (request id, headers, every
//!   error as problem+json); [`metrics`]; [`access`]: API keys and rate limits on the route
//!   actix matched; [`mod@fallback`]: the 404/405 route table; [`limits`]: trusted proxies and
//!   body deadlines; [`params`]: each operation's query and path parameters, as its spec lists them;
//! - the open routes: [`health`] (probes, metrics, the spec), [`problems`] (the problem
//!   pages), [`docs`] (Swagger UI); [`tags`]: the spec's operation tags;
//! - [`json`]: compact JSON as `serde_json` writes it, strings escaped many bytes at a time (the
//!   answers' texts, in the API's answer writer and the CDS cards);
//! - [`html`]: the frame of every HTML page (layout, style sheet, its CSP hash, page paths),
//!   used by the problem pages ([`problem_pages`]) and the reference pages façade;
//!   [`conditional`]: strong ETags and 304s.

pub mod access;
pub(crate) mod body;
pub(crate) mod code_schemas;
pub(crate) mod compression;
pub(crate) mod conditional;
pub(crate) mod docs;
pub mod error;
pub(crate) mod fallback;
pub(crate) mod field_code;
pub(crate) mod fields;
pub(crate) mod health;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod lang;
pub mod limits;
mod messages;
pub(crate) mod metrics;
pub(crate) mod middleware;
pub(crate) mod params;
pub(crate) mod problem_pages;
pub(crate) mod problems;
pub(crate) mod responses;
mod state;
pub(crate) mod tags;

use utoipa_actix_web::service_config::ServiceConfig;

pub use error::{ApiError, FieldError, PROBLEM_JSON, Problem};
pub(crate) use fallback::fallback;
pub use state::AppState;

/// Registers the platform's documented routes: the probes, the metrics, the spec and the
/// problem pages (open: no key).
pub(crate) fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(metrics::metrics)
        .service(health::healthz)
        .service(health::readyz)
        .service(health::openapi_json)
        .service(problems::list_problem_types)
        .service(problems::get_problem_type);
}
