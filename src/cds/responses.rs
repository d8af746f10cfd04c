//! Documented error responses of the CDS endpoints, each an RFC 9457 problem in
//! `application/problem+json` rendered by [`ApiError`] itself (the bad bodies go through the
//! real reader and decoder), so the documented bodies cannot drift from the ones sent.

use std::collections::BTreeMap;

use utoipa::IntoResponses;
use utoipa::openapi::{RefOr, Response};

use super::body::{CDS_BODY_LIMIT, invalid};
use super::error;
use super::jwt::Rejection;
use super::request::FeedbackRequest;
use crate::http::body::{decode, parse_json};
use crate::http::responses::{Documented, read_errors, render};
use crate::http::{ApiError, FieldError};

const UNAUTHORIZED: &str = "The CDS Hooks JWT is missing or refused (unless the deployment sets \
`APP_CDS_JWT=off`): `detail` names the reason, never the token; `WWW-Authenticate: Bearer`.";
const TOO_MANY: &str = "Over the rate limit for this client; `Retry-After` says when to try again, \
`RateLimit-*` headers describe the limit.";
const REPLAY_FULL: &str = "Too many recent tokens to check this one for replay; retry shortly.";

/// The errors every CDS call can return besides its own: 401, 413, 415, 429, 503 and the
/// platform's 406 and 500.
fn call_errors() -> Documented {
    let mut errors = vec![
        (401, UNAUTHORIZED, Rejection::Missing.error()),
        (
            413,
            "The body is larger than 1 MiB.",
            ApiError::PayloadTooLarge {
                limit: CDS_BODY_LIMIT,
            },
        ),
        (
            415,
            "The body is not sent as a media type this operation lists (`charset`, if given, must \
             be `utf-8`), or is sent with a `Content-Encoding` (bodies are read uncompressed).",
            ApiError::UnsupportedMediaType {
                got: "text/plain".to_owned(),
                accepted: crate::http::body::JSON.to_owned(),
            },
        ),
        (
            429,
            TOO_MANY,
            ApiError::TooManyRequests {
                retry_after_seconds: 1,
            },
        ),
        (503, REPLAY_FULL, Rejection::ReplayCacheFull.error()),
    ];
    errors.extend(read_errors());
    errors
}

/// The rejection the real reader gives `body`, for the examples of bad bodies.
fn reader_error(body: &str) -> ApiError {
    match parse_json(body.as_bytes()).and_then(|v| decode::<FeedbackRequest>(&v)) {
        Err(e) => e,
        Ok(_) => ApiError::Unexpected(anyhow::anyhow!("the example body {body} parsed")),
    }
}

/// Errors a hook call can return.
pub(crate) struct HookErrors;

impl IntoResponses for HookErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut errors = vec![
            (
                400,
                "The body is empty or is not well-formed JSON.",
                reader_error("{"),
            ),
            (
                412,
                "Required FHIR data is missing from `prefetch` and cannot be fetched, as CDS Hooks \
                 2.0 requires: there is no `fhirServer` (`prefetch_missing`), the `fhirServer` is \
                 not one this deployment may call (`fhir_server_not_allowed`; allowed origins are \
                 set with `APP_FHIR_ALLOWED_ORIGINS`, none by default), or fetching from it failed \
                 (`fhir_fetch_failed`). `errors` names each prefetch key.",
                error::prefetch_missing(vec![FieldError::new(
                    "/prefetch/conditions",
                    "required",
                    "prefetch `conditions` (Condition?patient={{context.patientId}}&clinical-status=active) is missing and there is no fhirServer to fetch it from",
                )]),
            ),
            (
                422,
                "Not a valid call of this hook: wrong `hook`, a missing required field, `null` for an \
                 optional field, a text or list over its limit, an invalid patient id, request date \
                 or `token_type`, prefetch or draft orders that are not FHIR R4, or a prefetched \
                 `Patient` that is not `context.patientId`. `errors` gives the JSON pointer.",
                invalid(
                    "/hook",
                    "wrong_hook",
                    "this service answers the patient-view hook, not order-sign",
                ),
            ),
        ];
        errors.extend(call_errors());
        render(errors, "/cds-services/nocturnal-leg-cramps")
    }
}

/// Errors the feedback endpoint can return.
pub(crate) struct FeedbackErrors;

impl IntoResponses for FeedbackErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut errors = vec![
            (
                400,
                "The body is empty or is not well-formed JSON.",
                ApiError::EmptyBody,
            ),
            (
                404,
                "No CDS service has this id.",
                ApiError::NotFound {
                    resource: "CDS service",
                    id: "gout-alert".to_owned(),
                },
            ),
            (
                422,
                "Not valid CDS Hooks feedback: `feedback` missing, an entry without `card`, \
                 `outcome` or `outcomeTimestamp`, an empty `card`, `null` for an optional field, a \
                 text or list over its limit, or an `accepted` entry without at least one \
                 `acceptedSuggestions` entry.",
                reader_error(
                    r#"{"feedback": [{"card": "x", "outcome": "ignored", "outcomeTimestamp": "2026-03-01T10:15:00Z"}]}"#,
                ),
            ),
        ];
        errors.extend(call_errors());
        render(errors, "/cds-services/quinine-for-cramps/feedback")
    }
}
