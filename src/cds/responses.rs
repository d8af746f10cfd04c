//! Documented error responses of the CDS endpoints, each an RFC 9457 problem in
//! `application/problem+json`.

use utoipa::IntoResponses;

use crate::api::Problem;

// These enums only document responses in the OpenAPI document; the handlers return
// `ApiError` or a rendered 412, so the variants are never built.

/// Errors a hook call can return.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum HookErrors {
    /// The body is empty or not well-formed JSON.
    #[response(status = 400, description = "The body is empty or is not well-formed JSON.", content_type = "application/problem+json",
        example = json!({"type": "/problems/malformed_json", "title": "The request body is not valid JSON",
            "status": 400, "detail": "the request body is not valid JSON: EOF while parsing an object at line 1, column 1",
            "instance": "/cds-services/nocturnal-leg-cramps", "code": "malformed_json",
            "errors": [{"pointer": "", "code": "malformed_json", "message": "syntax error at line 1, column 1"}]}))]
    BadRequest(Problem),
    /// Required prefetch is missing and cannot be fetched (CDS Hooks: 412).
    #[response(status = 412, description = "Required FHIR data is missing from `prefetch` and cannot be fetched, as CDS Hooks 2.0 requires: there is no `fhirServer` (`prefetch_missing`), the `fhirServer` is not one this deployment may call (`fhir_server_not_allowed`; allowed origins are set with `APP_FHIR_ALLOWED_ORIGINS`, none by default), or fetching from it failed (`fhir_fetch_failed`). `errors` names each prefetch key.",
        content_type = "application/problem+json",
        example = json!({"type": "/problems/prefetch_missing", "title": "Required prefetch data is missing",
            "status": 412, "detail": "the request lacks the prefetch key(s) conditions, medications and gives no fhirServer to fetch them from; send them as prefetch, or send fhirServer and fhirAuthorization",
            "instance": "/cds-services/nocturnal-leg-cramps", "code": "prefetch_missing",
            "errors": [{"pointer": "/prefetch/conditions", "code": "required", "message": "prefetch `conditions` (Condition?patient={{context.patientId}}&clinical-status=active) is missing and there is no fhirServer to fetch it from"}]}))]
    PreconditionFailed(Problem),
    /// The body is larger than 1 MiB.
    #[response(status = 413, description = "The body is larger than 1 MiB.", content_type = "application/problem+json",
        example = json!({"type": "/problems/payload_too_large", "title": "The request body is too large",
            "status": 413, "detail": "the request body is larger than the limit of 1048576 bytes",
            "instance": "/cds-services/nocturnal-leg-cramps", "code": "payload_too_large"}))]
    PayloadTooLarge(Problem),
    /// Not sent as JSON.
    #[response(status = 415, description = "The body is not sent as `application/json`.", content_type = "application/problem+json",
        example = json!({"type": "/problems/unsupported_media_type", "title": "Unsupported media type",
            "status": 415, "detail": "send the profile as application/json (got text/plain)",
            "instance": "/cds-services/nocturnal-leg-cramps", "code": "unsupported_media_type"}))]
    UnsupportedMediaType(Problem),
    /// Well-formed JSON that is not a valid hook call.
    #[response(status = 422, description = "Not a valid call of this hook: wrong `hook`, a missing required field, `null` for an optional field, an invalid patient id, request date or `token_type`, or prefetch or draft orders that are not FHIR R4. `errors` gives the JSON pointer.",
        content_type = "application/problem+json",
        example = json!({"type": "/problems/validation_failed", "title": "The profile is not valid",
            "status": 422, "detail": "1 field(s) failed validation; see errors", "instance": "/cds-services/nocturnal-leg-cramps",
            "code": "validation_failed", "errors": [{"pointer": "/hook", "code": "wrong_hook", "message": "this service answers the patient-view hook, not order-sign"}]}))]
    Unprocessable(Problem),
    /// Over the rate limit.
    #[response(status = 429, description = "Over the rate limit for this client; `Retry-After` says when to try again, `RateLimit-*` headers describe the limit.",
        content_type = "application/problem+json",
        example = json!({"type": "/problems/too_many_requests", "title": "Too many requests", "status": 429,
            "detail": "too many requests; try again in 1 s", "instance": "/cds-services/nocturnal-leg-cramps", "code": "too_many_requests"}))]
    TooManyRequests(Problem),
    /// A bug.
    #[response(status = 500, description = "Unexpected error (fixed message; the cause is logged, never sent).", content_type = "application/problem+json",
        example = json!({"type": "/problems/internal_error", "title": "Internal server error",
            "status": 500, "detail": "an unexpected error occurred", "instance": "/cds-services/nocturnal-leg-cramps", "code": "internal_error"}))]
    Unexpected(Problem),
}

/// Errors the feedback endpoint can return.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum FeedbackErrors {
    /// The body is empty or not well-formed JSON.
    #[response(status = 400, description = "The body is empty or is not well-formed JSON.", content_type = "application/problem+json",
        example = json!({"type": "/problems/empty_body", "title": "The request body is empty",
            "status": 400, "detail": "the request body is empty; send a JSON profile", "instance": "/cds-services/quinine-for-cramps/feedback", "code": "empty_body"}))]
    BadRequest(Problem),
    /// No such service.
    #[response(status = 404, description = "No CDS service has this id.", content_type = "application/problem+json",
        example = json!({"type": "/problems/not_found", "title": "Not found", "status": 404,
            "detail": "no CDS service has the id \"gout-alert\"", "instance": "/cds-services/gout-alert/feedback", "code": "not_found"}))]
    NotFound(Problem),
    /// The body is larger than 1 MiB.
    #[response(status = 413, description = "The body is larger than 1 MiB.", content_type = "application/problem+json",
        example = json!({"type": "/problems/payload_too_large", "title": "The request body is too large",
            "status": 413, "detail": "the request body is larger than the limit of 1048576 bytes",
            "instance": "/cds-services/quinine-for-cramps/feedback", "code": "payload_too_large"}))]
    PayloadTooLarge(Problem),
    /// Not sent as JSON.
    #[response(status = 415, description = "The body is not sent as `application/json`.", content_type = "application/problem+json",
        example = json!({"type": "/problems/unsupported_media_type", "title": "Unsupported media type",
            "status": 415, "detail": "send the profile as application/json (got text/plain)",
            "instance": "/cds-services/quinine-for-cramps/feedback", "code": "unsupported_media_type"}))]
    UnsupportedMediaType(Problem),
    /// Not valid feedback.
    #[response(status = 422, description = "Not valid CDS Hooks feedback: `feedback` missing, an entry without `card`, `outcome` or `outcomeTimestamp`, an empty `card`, `null` for an optional field, or an `accepted` entry without at least one `acceptedSuggestions` entry.",
        content_type = "application/problem+json",
        example = json!({"type": "/problems/validation_failed", "title": "The profile is not valid",
            "status": 422, "detail": "1 field(s) failed validation; see errors", "instance": "/cds-services/quinine-for-cramps/feedback",
            "code": "validation_failed", "errors": [{"pointer": "/feedback/0/outcome", "code": "unknown_value", "message": "unknown variant `ignored`, expected `accepted` or `overridden`"}]}))]
    Unprocessable(Problem),
    /// Over the rate limit.
    #[response(status = 429, description = "Over the rate limit for this client; `Retry-After` says when to try again, `RateLimit-*` headers describe the limit.",
        content_type = "application/problem+json",
        example = json!({"type": "/problems/too_many_requests", "title": "Too many requests", "status": 429,
            "detail": "too many requests; try again in 1 s", "instance": "/cds-services/quinine-for-cramps/feedback", "code": "too_many_requests"}))]
    TooManyRequests(Problem),
    /// A bug.
    #[response(status = 500, description = "Unexpected error (fixed message; the cause is logged, never sent).", content_type = "application/problem+json",
        example = json!({"type": "/problems/internal_error", "title": "Internal server error",
            "status": 500, "detail": "an unexpected error occurred", "instance": "/cds-services/quinine-for-cramps/feedback", "code": "internal_error"}))]
    Unexpected(Problem),
}
