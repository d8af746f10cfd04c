//! What each route answers with, and the 406 for a request whose `Accept` allows none of it:
//! judged on the path as the router sees it, before routing.

use std::sync::LazyLock;

use actix_web::dev::{ResourceDef, ServiceRequest};
use actix_web::http::StatusCode;
use actix_web::http::header;

use super::DOCS;
use crate::http::error::ApiError;

/// The reference pages (HTML only).
static PAGES: LazyLock<ResourceDef> = LazyLock::new(|| ResourceDef::root_prefix("/pages"));

/// The one route that also answers `application/fhir+json` (a FHIR `Questionnaire`).
const FHIR_NEGOTIATED: &str = "/v1/questionnaire";

/// The problem pages (HTML or JSON, negotiated by their handler).
static PROBLEMS: LazyLock<ResourceDef> = LazyLock::new(|| ResourceDef::root_prefix("/problems"));

/// What a route answers with, judged on the path as the router sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Produces {
    /// JSON (errors: problem+json): the API.
    Json,
    /// JSON or FHIR JSON (`application/fhir+json`), chosen by the handler: the questionnaire.
    JsonOrFhir,
    /// JSON or an iCalendar (`text/calendar`): the relief plan.
    JsonOrCalendar,
    /// The Prometheus text format: `/metrics`.
    PlainText,
    /// Pages and redirects: `/`, the docs; and the problem pages, which choose HTML or JSON
    /// themselves.
    Page,
    /// HTML only: the reference pages (`/pages`).
    Html,
}

impl Produces {
    pub(super) fn of(routed: &str) -> Self {
        if routed == "/metrics" {
            Self::PlainText
        } else if PAGES.is_match(routed) {
            Self::Html
        } else if routed == FHIR_NEGOTIATED {
            Self::JsonOrFhir
        } else if routed == "/v1/assessments/relief-plan" {
            Self::JsonOrCalendar
        } else if routed == "/" || DOCS.is_match(routed) || PROBLEMS.is_match(routed) {
            Self::Page
        } else {
            Self::Json
        }
    }

    /// The 406 for a request whose `Accept` allows nothing this route answers with.
    pub(super) fn refusal(self, req: &ServiceRequest) -> Option<ApiError> {
        match self {
            Self::Page => None,
            Self::Json => (!accepts(req, &[("application", "json"), ("application", "problem")]))
                .then_some(ApiError::NotAcceptable),
            Self::JsonOrFhir => (!accepts(
                req,
                &[
                    ("application", "json"),
                    ("application", "fhir"),
                    ("application", "problem"),
                ],
            ))
            .then_some(ApiError::NotAcceptable),
            Self::JsonOrCalendar => (!accepts(
                req,
                &[
                    ("application", "json"),
                    ("application", "problem"),
                    ("text", "calendar"),
                ],
            ))
            .then_some(ApiError::NotAcceptable),
            Self::PlainText => (!accepts(req, &[("text", "plain")])).then(metrics_not_acceptable),
            Self::Html => (!accepts(req, &[("text", "html")])).then(pages_not_acceptable),
        }
    }
}

/// The 406 of `/metrics`, which answers only `text/plain`.
pub(crate) fn metrics_not_acceptable() -> ApiError {
    ApiError::Other {
        status: StatusCode::NOT_ACCEPTABLE,
        detail: "/metrics answers with text/plain (the Prometheus text format); the Accept \
                 header does not allow it"
            .to_owned(),
    }
}

/// The 406 of the reference pages, which answer only `text/html`.
pub(crate) fn pages_not_acceptable() -> ApiError {
    ApiError::Other {
        status: StatusCode::NOT_ACCEPTABLE,
        detail: "the pages under /pages answer with text/html; the Accept header does not allow \
                 it (the same entries as JSON are under /v1)"
            .to_owned(),
    }
}
/// Whether the `Accept` header (if any) allows one of `offered` (`type`, `subtype` prefix, so
/// `application/problem` covers `application/problem+json`), directly or through a wildcard.
/// A header that cannot be parsed is ignored rather than punished.
fn accepts(req: &ServiceRequest, offered: &[(&str, &str)]) -> bool {
    if !req.headers().contains_key(header::ACCEPT) {
        return true;
    }
    let Ok(accept) = <header::Accept as header::Header>::parse(req) else {
        return true;
    };
    accept.iter().any(|item| {
        let (kind, sub) = (item.item.type_().as_str(), item.item.subtype().as_str());
        item.quality > header::Quality::ZERO
            && offered.iter().any(|&(t, s)| {
                (kind == "*" && sub == "*") || (kind == t && (sub == "*" || sub == s))
            })
    })
}
