//! The v1 operations' documented error responses, built from the platform's
//! ([`crate::http::responses`]); the bad-body examples go through the real parser, so the
//! documented bodies cannot drift from the ones sent.

use std::collections::BTreeMap;

use utoipa::IntoResponses;
use utoipa::openapi::{RefOr, Response};

use crate::http::ApiError;
use crate::http::responses::{guarded_errors, render};

/// The rejection the real parser gives `body`, for the examples of bad bodies.
fn parser_error(body: &str) -> ApiError {
    match super::parse_profile(body.as_bytes()) {
        Err(e) => e,
        Ok(_) => ApiError::Unexpected(anyhow::anyhow!("the example body {body} parsed")),
    }
}

/// Errors a catalogue lookup by id can return.
pub(crate) struct LookupErrors;

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

/// Errors a catalogue list can return.
pub(crate) struct ListErrors;

impl IntoResponses for ListErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        render(guarded_errors(), "/v1/causes")
    }
}

/// Errors an assessment can return.
pub(crate) struct AssessmentErrors;

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
                "The body is not sent as a media type this operation lists (`charset`, if given, must \
             be `utf-8`), or is sent with a `Content-Encoding` (bodies are read uncompressed).",
                ApiError::UnsupportedMediaType {
                    got: "text/plain".to_owned(),
                    accepted: crate::http::body::JSON.to_owned(),
                },
            ),
            (
                422,
                "Well-formed JSON but not a valid request (the profile; for a follow-up, its \
                 steps and diary too): wrong types, out-of-range numbers, texts empty or too long, \
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
