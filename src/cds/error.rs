//! The CDS-specific errors: the 412 Precondition Failed answers CDS Hooks 2.0 asks for when FHIR
//! data a service needs is neither prefetched nor fetchable. Each is an
//! [`ApiError::Precondition`], rendered by the platform's one error path like every other
//! error.

use crate::http::{ApiError, FieldError};
use crate::knowledge::ProblemCode;

/// 412: required prefetch is missing and there is no `fhirServer`.
pub(crate) fn prefetch_missing(errors: Vec<FieldError>) -> ApiError {
    ApiError::Precondition {
        code: ProblemCode::PrefetchMissing,
        detail: format!(
            "the request lacks the prefetch key(s) {} and gives no fhirServer to fetch them from; send them as prefetch, or send fhirServer and fhirAuthorization",
            keys(&errors)
        ),
        errors,
    }
}

/// 412: required prefetch is missing and the call's `fhirServer` is not one this deployment
/// may call (its origin is not in `APP_FHIR_ALLOWED_ORIGINS`).
pub(crate) fn fhir_server_not_allowed(errors: Vec<FieldError>) -> ApiError {
    ApiError::Precondition {
        code: ProblemCode::FhirServerNotAllowed,
        detail: format!(
            "the request lacks the prefetch key(s) {} and its fhirServer is not one this service is allowed to fetch from; send them as prefetch",
            keys(&errors)
        ),
        errors,
    }
}

/// 412: required data could not be fetched from `fhirServer`.
pub(crate) fn fhir_fetch_failed(errors: Vec<FieldError>) -> ApiError {
    ApiError::Precondition {
        code: ProblemCode::FhirFetchFailed,
        detail: format!(
            "{} required prefetch key(s) could not be fetched from fhirServer; see errors",
            errors.len()
        ),
        errors,
    }
}

/// The prefetch keys the errors point at, for a detail message.
fn keys(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| e.pointer.trim_start_matches("/prefetch/"))
        .collect::<Vec<_>>()
        .join(", ")
}
