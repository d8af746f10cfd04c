//! Documented error responses, shared by the operations that can return them. Each is an RFC
//! 9457 problem in `application/problem+json`.

use utoipa::IntoResponses;

use super::error::Problem;

// These enums exist only to document responses in the OpenAPI document; the handlers return
// `ApiError`, so the variants are never built.

/// Errors a catalogue lookup by id can return.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum LookupErrors {
    /// No entry has this id.
    #[response(status = 404, description = "No entry has this id.", content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:not_found", "title": "Not found", "status": 404,
            "detail": "no cause has the id \"gout\"", "instance": "/v1/causes/gout", "code": "not_found"}))]
    NotFound(Problem),
    /// API keys are on and the request has no valid key.
    #[response(status = 401, description = "API keys are on for this deployment and the request has none, or a wrong one (`WWW-Authenticate: Bearer`).",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:unauthorized", "title": "Unauthorized", "status": 401,
            "detail": "this deployment needs an API key: send Authorization: Bearer <key> or X-API-Key",
            "instance": "/v1/causes/gout", "code": "unauthorized"}))]
    Unauthorized(Problem),
    /// Over the rate limit.
    #[response(status = 429, description = "Over the rate limit for this API key (or client IP when keys are off); `Retry-After` says when to try again, `RateLimit-*` headers describe the limit.",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:too_many_requests", "title": "Too many requests", "status": 429,
            "detail": "too many requests; try again in 1 s", "instance": "/v1/causes/gout", "code": "too_many_requests"}))]
    TooManyRequests(Problem),
    /// The Accept header allows no JSON.
    #[response(status = 406, description = "The `Accept` header allows neither `application/json` nor `application/problem+json`.",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:not_acceptable", "title": "Not acceptable", "status": 406,
            "detail": "this service answers with application/json (errors: application/problem+json); the Accept header allows neither",
            "instance": "/v1/causes/gout", "code": "not_acceptable"}))]
    NotAcceptable(Problem),
    /// A bug; the cause is logged, never sent.
    #[response(status = 500, description = "Unexpected error (fixed message; the cause is logged, never sent).",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:internal_error", "title": "Internal server error",
            "status": 500, "detail": "an unexpected error occurred", "instance": "/v1/causes/age", "code": "internal_error"}))]
    Unexpected(Problem),
}

/// Errors the probes and the spec can return (never limited, never locked).
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum ReadErrors {
    /// The Accept header allows no JSON.
    #[response(status = 406, description = "The `Accept` header allows neither `application/json` nor `application/problem+json`.",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:not_acceptable", "title": "Not acceptable", "status": 406,
            "detail": "this service answers with application/json (errors: application/problem+json); the Accept header allows neither",
            "instance": "/v1/causes", "code": "not_acceptable"}))]
    NotAcceptable(Problem),
    /// A bug; the cause is logged, never sent.
    #[response(status = 500, description = "Unexpected error (fixed message; the cause is logged, never sent).",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:internal_error", "title": "Internal server error",
            "status": 500, "detail": "an unexpected error occurred", "instance": "/v1/causes", "code": "internal_error"}))]
    Unexpected(Problem),
}

/// Errors a catalogue list can return.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum ListErrors {
    /// API keys are on and the request has no valid key.
    #[response(status = 401, description = "API keys are on for this deployment and the request has none, or a wrong one (`WWW-Authenticate: Bearer`).",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:unauthorized", "title": "Unauthorized", "status": 401,
            "detail": "this deployment needs an API key: send Authorization: Bearer <key> or X-API-Key",
            "instance": "/v1/causes", "code": "unauthorized"}))]
    Unauthorized(Problem),
    /// Over the rate limit.
    #[response(status = 429, description = "Over the rate limit for this API key (or client IP when keys are off); `Retry-After` says when to try again, `RateLimit-*` headers describe the limit.",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:too_many_requests", "title": "Too many requests", "status": 429,
            "detail": "too many requests; try again in 1 s", "instance": "/v1/causes", "code": "too_many_requests"}))]
    TooManyRequests(Problem),
    /// The Accept header allows no JSON.
    #[response(status = 406, description = "The `Accept` header allows neither `application/json` nor `application/problem+json`.",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:not_acceptable", "title": "Not acceptable", "status": 406,
            "detail": "this service answers with application/json (errors: application/problem+json); the Accept header allows neither",
            "instance": "/v1/causes", "code": "not_acceptable"}))]
    NotAcceptable(Problem),
    /// A bug; the cause is logged, never sent.
    #[response(status = 500, description = "Unexpected error (fixed message; the cause is logged, never sent).",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:internal_error", "title": "Internal server error",
            "status": 500, "detail": "an unexpected error occurred", "instance": "/v1/causes", "code": "internal_error"}))]
    Unexpected(Problem),
}

/// Errors an assessment can return.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum AssessmentErrors {
    /// The body is empty or is not well-formed JSON.
    #[response(status = 400, description = "The body is empty or is not well-formed JSON (line and column given).",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:malformed_json", "title": "The request body is not valid JSON",
            "status": 400, "detail": "the request body is not valid JSON: EOF while parsing an object at line 1, column 10",
            "instance": "/v1/assessments", "code": "malformed_json",
            "errors": [{"pointer": "", "code": "malformed_json", "message": "syntax error at line 1, column 10"}]}))]
    BadRequest(Problem),
    /// The body is larger than the configured limit.
    #[response(status = 413, description = "The body is larger than the configured limit (64 KiB by default).",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:payload_too_large", "title": "The request body is too large",
            "status": 413, "detail": "the request body is larger than the limit of 65536 bytes",
            "instance": "/v1/assessments", "code": "payload_too_large"}))]
    PayloadTooLarge(Problem),
    /// The body is not sent as JSON.
    #[response(status = 415, description = "The body is not sent as `application/json`.",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:unsupported_media_type", "title": "Unsupported media type",
            "status": 415, "detail": "send the profile as application/json (got text/plain)",
            "instance": "/v1/assessments", "code": "unsupported_media_type"}))]
    UnsupportedMediaType(Problem),
    /// Well-formed JSON, but not a valid profile: one entry per problem, each with its pointer.
    #[response(status = 422, description = "Well-formed JSON but not a valid profile: wrong types, out-of-range numbers, unknown enum values, unknown fields, duplicate or too many list items. One `errors` entry per problem, each with its JSON pointer.",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:validation_failed", "title": "The profile is not valid",
            "status": 422, "detail": "2 field(s) failed validation; see errors", "instance": "/v1/assessments",
            "code": "validation_failed", "errors": [
                {"pointer": "/pregant", "code": "unknown_field", "message": "unknown field `pregant`, expected one of `age`, `pregnancy`, `cramps`, `medications`, `conditions`, `lifestyle`, `known_deficiencies`, `symptoms`, `sleep`"},
                {"pointer": "/age", "code": "out_of_range", "message": "must be between 1 and 120"}]}))]
    Unprocessable(Problem),
    /// API keys are on and the request has no valid key.
    #[response(status = 401, description = "API keys are on for this deployment and the request has none, or a wrong one (`WWW-Authenticate: Bearer`).",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:unauthorized", "title": "Unauthorized", "status": 401,
            "detail": "this deployment needs an API key: send Authorization: Bearer <key> or X-API-Key",
            "instance": "/v1/assessments", "code": "unauthorized"}))]
    Unauthorized(Problem),
    /// Over the rate limit.
    #[response(status = 429, description = "Over the rate limit for this API key (or client IP when keys are off); `Retry-After` says when to try again, `RateLimit-*` headers describe the limit.",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:too_many_requests", "title": "Too many requests", "status": 429,
            "detail": "too many requests; try again in 1 s", "instance": "/v1/assessments", "code": "too_many_requests"}))]
    TooManyRequests(Problem),
    /// The Accept header allows no JSON.
    #[response(status = 406, description = "The `Accept` header allows neither `application/json` nor `application/problem+json`.",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:not_acceptable", "title": "Not acceptable", "status": 406,
            "detail": "this service answers with application/json (errors: application/problem+json); the Accept header allows neither",
            "instance": "/v1/assessments", "code": "not_acceptable"}))]
    NotAcceptable(Problem),
    /// A bug; the cause is logged, never sent.
    #[response(status = 500, description = "Unexpected error (fixed message; the cause is logged, never sent).",
        content_type = "application/problem+json",
        example = json!({"type": "urn:cramp-advisor:problem:internal_error", "title": "Internal server error",
            "status": 500, "detail": "an unexpected error occurred", "instance": "/v1/assessments", "code": "internal_error"}))]
    Unexpected(Problem),
}
