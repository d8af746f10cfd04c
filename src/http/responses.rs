//! Documented error responses, shared by the operations that can return them. Each is an RFC
//! 9457 problem in `application/problem+json`, and each example is rendered by [`ApiError`]
//! itself, so the documented bodies cannot drift from the ones sent. The façades compose their
//! own sets from [`read_errors`], [`guarded_errors`] and [`render`].

use std::collections::BTreeMap;

use utoipa::IntoResponses;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::{Ref, RefOr, Response, ResponseBuilder};

use super::error::{ApiError, PROBLEM_JSON};
use super::metrics::MetricsRefusal;

/// The error responses an operation documents: each with its description and the error whose
/// rendering is the example.
pub(crate) type Documented = Vec<(u16, &'static str, ApiError)>;

const UNAUTHORIZED: &str = "API keys are on for this deployment and the request has none, or a \
wrong one (`WWW-Authenticate: Bearer`).";
const TOO_MANY: &str = "Over the rate limit for this API key (or client IP when keys are off, and \
on the open routes); `Retry-After` says when to try again, `RateLimit-*` headers describe the \
limit.";
const NOT_ACCEPTABLE: &str =
    "The `Accept` header allows neither `application/json` nor `application/problem+json`.";
/// The platform's 400 (see `http::params`); added to an operation's own 400 where it has one.
pub(crate) const PARAMETER: &str = "A query parameter this operation does not list (a \
misspelling included), one it lists given more than once, a query parameter's value of the wrong \
form, or a path parameter longer than its `maxLength`: `invalid_parameter`, with one `errors` \
entry naming each parameter.";
const UNEXPECTED: &str = "Unexpected error (fixed message; the cause is logged, never sent).";

/// Errors every JSON operation can return: 406, 429 (every route is rate-limited: the open ones
/// per IP, generously) and 500.
pub(crate) fn read_errors() -> Documented {
    vec![
        (406, NOT_ACCEPTABLE, ApiError::NotAcceptable),
        (
            429,
            TOO_MANY,
            ApiError::TooManyRequests {
                retry_after_seconds: 1,
            },
        ),
        (
            500,
            UNEXPECTED,
            ApiError::Unexpected(anyhow::anyhow!("never sent")),
        ),
    ]
}

/// What the HTTP platform itself can answer to any operation, whatever its own errors: 400 (a
/// query or path parameter the spec does not allow), 414 (an over-long URI), 431 (header
/// fields over the server's limits) and, for operations that take a body, 408 (the body
/// did not arrive within the deadline; the connection is then closed). Added to every
/// operation of the document by `spec` (see [`platform_errors`]'s callers).
pub(crate) fn platform_errors(takes_body: bool) -> Documented {
    use actix_web::http::StatusCode;
    let mut errors = vec![
        (
            400,
            PARAMETER,
            ApiError::InvalidParameter(vec![super::FieldError::new(
                "debug",
                "unknown_field",
                "not a parameter of this operation, which takes no query parameters",
            )]),
        ),
        (
            414,
            "The request URI (path and query) is longer than this service accepts (8192 \
             bytes).",
            ApiError::Other {
                status: StatusCode::URI_TOO_LONG,
                detail: super::middleware::uri_too_long_detail(),
            },
        ),
    ];
    errors.push((
        431,
        "A request header field is too large. (Past the HTTP parser's own limits, such as more \
         than 96 header fields, the connection answers a bare 431 with no body.)",
        ApiError::Other {
            status: StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            detail: "request header fields too large".to_owned(),
        },
    ));
    if takes_body {
        errors.push((
            408,
            "The body did not arrive within the deadline (`APP_REQUEST_TIMEOUT_SECONDS`); the \
             connection is closed.",
            ApiError::Other {
                status: StatusCode::REQUEST_TIMEOUT,
                detail: "the request body did not arrive in time; the connection is closed"
                    .to_owned(),
            },
        ));
    }
    errors
}

/// Errors of the guarded (`/v1`) operations: 401, and [`read_errors`].
pub(crate) fn guarded_errors() -> Documented {
    let mut errors = vec![(
        401,
        UNAUTHORIZED,
        ApiError::Unauthorized { presented: false },
    )];
    errors.extend(read_errors());
    errors
}

/// The problem+json responses for `errors`, each example rendered for a request to `instance`.
pub(crate) fn render(errors: Documented, instance: &str) -> BTreeMap<String, RefOr<Response>> {
    errors
        .into_iter()
        .map(|(status, description, error)| {
            let example = serde_json::to_value(error.problem(instance)).ok();
            let content = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .example(example)
                .build();
            let response = ResponseBuilder::new()
                .description(description)
                .content(PROBLEM_JSON, content)
                .build();
            (status.to_string(), RefOr::T(response))
        })
        .collect()
}

/// Errors the probes and the spec can return (never locked).
pub(crate) struct ReadErrors;

impl IntoResponses for ReadErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        render(read_errors(), "/v1/causes")
    }
}

/// Errors a problem type page can return: 404 for an unknown code, and [`read_errors`].
pub(crate) struct ProblemPageErrors;

impl IntoResponses for ProblemPageErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut errors = vec![(
            404,
            "No problem type has this code.",
            ApiError::NotFound {
                resource: "problem type",
                id: "teapot".to_owned(),
            },
        )];
        errors.extend(read_errors());
        render(errors, "/problems/teapot")
    }
}

/// Errors `/metrics` can return: its own 406 (it answers `text/plain`), 400 and 401 when scraper
/// tokens are on, and [`read_errors`]' 429 and 500.
pub(crate) struct MetricsErrors;

impl IntoResponses for MetricsErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut errors = read_errors();
        errors.retain(|(status, _, _)| *status != 406);
        errors.push((
            406,
            "The `Accept` header does not allow `text/plain`.",
            super::middleware::metrics_not_acceptable(),
        ));
        errors.push((
            400,
            "Scraper tokens are on and the `Authorization` header is not `Bearer <token>`.",
            MetricsRefusal::Malformed.error(),
        ));
        errors.push((
            401,
            "Scraper tokens are on (`APP_METRICS_TOKENS_FILE`) and the request has none, or a \
             wrong one (`WWW-Authenticate: Bearer`).",
            MetricsRefusal::Missing.error(),
        ));
        render(errors, "/metrics")
    }
}
