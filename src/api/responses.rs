//! Documented error responses, shared by the operations that can return them. Each is an RFC
//! 9457 problem in `application/problem+json`, and each example is rendered by [`ApiError`]
//! itself (bad bodies go through the real parser), so the documented bodies cannot drift from
//! the ones sent.

use std::collections::BTreeMap;

use utoipa::IntoResponses;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::{Ref, RefOr, Response, ResponseBuilder};

use super::error::{ApiError, PROBLEM_JSON};

/// The error responses an operation documents: each with its description and the error whose
/// rendering is the example.
type Documented = Vec<(u16, &'static str, ApiError)>;

const UNAUTHORIZED: &str = "API keys are on for this deployment and the request has none, or a \
wrong one (`WWW-Authenticate: Bearer`).";
const TOO_MANY: &str = "Over the rate limit for this API key (or client IP when keys are off); \
`Retry-After` says when to try again, `RateLimit-*` headers describe the limit.";
const NOT_ACCEPTABLE: &str =
    "The `Accept` header allows neither `application/json` nor `application/problem+json`.";
const UNEXPECTED: &str = "Unexpected error (fixed message; the cause is logged, never sent).";

/// Errors every JSON operation can return: 406 and 500.
fn read_errors() -> Documented {
    vec![
        (406, NOT_ACCEPTABLE, ApiError::NotAcceptable),
        (
            500,
            UNEXPECTED,
            ApiError::Unexpected(anyhow::anyhow!("never sent")),
        ),
    ]
}

/// Errors of the guarded (`/v1`) operations: 401, 429, and [`read_errors`].
fn guarded_errors() -> Documented {
    let mut errors = vec![
        (
            401,
            UNAUTHORIZED,
            ApiError::Unauthorized { presented: false },
        ),
        (
            429,
            TOO_MANY,
            ApiError::TooManyRequests {
                retry_after_seconds: 1,
            },
        ),
    ];
    errors.extend(read_errors());
    errors
}

/// The problem+json responses for `errors`, each example rendered for a request to `instance`.
fn render(errors: Documented, instance: &str) -> BTreeMap<String, RefOr<Response>> {
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

/// The rejection the real parser gives `body`, for the examples of bad bodies.
fn parser_error(body: &str) -> ApiError {
    match super::body::parse_profile(body.as_bytes()) {
        Err(e) => e,
        Ok(_) => ApiError::Unexpected(anyhow::anyhow!("the example body {body} parsed")),
    }
}

/// Errors a catalogue lookup by id can return.
pub struct LookupErrors;

impl IntoResponses for LookupErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut errors = vec![(
            404,
            "No entry has this id.",
            ApiError::NotFound {
                resource: "cause",
                id: "gout".to_owned(),
            },
        )];
        errors.extend(guarded_errors());
        render(errors, "/v1/causes/gout")
    }
}

/// Errors the probes and the spec can return (never limited, never locked).
pub struct ReadErrors;

impl IntoResponses for ReadErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        render(read_errors(), "/v1/causes")
    }
}

/// Errors a problem type page can return: 404 for an unknown code, and [`read_errors`].
pub struct ProblemPageErrors;

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

/// Errors a catalogue list can return.
pub struct ListErrors;

impl IntoResponses for ListErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        render(guarded_errors(), "/v1/causes")
    }
}

/// Errors an assessment can return.
pub struct AssessmentErrors;

impl IntoResponses for AssessmentErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut errors = vec![
            (
                400,
                "The body is empty or is not well-formed JSON (line and column given).",
                parser_error(r#"{"age": 40"#),
            ),
            (
                413,
                "The body is larger than the configured limit (64 KiB by default).",
                ApiError::PayloadTooLarge {
                    limit: crate::config::Settings::default().body_limit_bytes,
                },
            ),
            (
                415,
                "The body is not sent as `application/json`.",
                ApiError::UnsupportedMediaType {
                    got: "text/plain".to_owned(),
                },
            ),
            (
                422,
                "Well-formed JSON but not a valid profile: wrong types, out-of-range numbers, \
                 unknown enum values, unknown fields, duplicate or too many list items. One \
                 `errors` entry per problem, each with its JSON pointer.",
                parser_error(
                    r#"{"age": 40, "pregant": true, "lifestyle": {"fluid_litres_per_day": "two"}}"#,
                ),
            ),
        ];
        errors.extend(guarded_errors());
        render(errors, "/v1/assessments")
    }
}

#[cfg(test)]
mod tests {
    use utoipa::IntoResponses;

    #[test]
    fn the_bad_body_examples_are_the_parsers_answers() {
        let responses = super::AssessmentErrors::responses();
        let json = serde_json::to_value(&responses).unwrap();
        let example =
            |status: &str| json[status]["content"]["application/problem+json"]["example"].clone();
        assert_eq!(example("400")["code"], "malformed_json");
        assert_eq!(example("422")["code"], "validation_failed");
        assert_eq!(example("422")["errors"][1]["code"], "unknown_field");
        assert_eq!(
            example("413")["detail"],
            "the request body is larger than the limit of 65536 bytes"
        );
    }
}
