//! Errors of the CDS endpoints. Everything is an [`ApiError`] (RFC 9457 problem+json) except
//! the CDS-specific 412 Precondition Failed, which `ApiError` has no variant for: it is
//! rendered here with the same [`Problem`] body and media type.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};

use crate::api::{ApiError, FieldError, PROBLEM_JSON, Problem};
use crate::domain::Lang;
use crate::knowledge::ProblemCode;

/// Why a hook call failed.
#[derive(Debug)]
pub enum CdsError {
    /// Any API error (400, 404, 413, 415, 422, 500).
    Api(ApiError),
    /// 412: required FHIR data could be neither prefetched nor fetched.
    Precondition(Precondition),
}

impl From<ApiError> for CdsError {
    fn from(e: ApiError) -> Self {
        Self::Api(e)
    }
}

/// A 412 answer: which prefetch keys could not be obtained, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Precondition {
    code: ProblemCode,
    detail: String,
    errors: Vec<FieldError>,
}

impl Precondition {
    /// Required prefetch is missing and there is no `fhirServer`.
    pub fn missing(errors: Vec<FieldError>) -> Self {
        Self {
            code: ProblemCode::PrefetchMissing,
            detail: format!(
                "the request lacks the prefetch key(s) {} and gives no fhirServer to fetch them from; send them as prefetch, or send fhirServer and fhirAuthorization",
                keys(&errors)
            ),
            errors,
        }
    }

    /// Required prefetch is missing and the call's `fhirServer` is not one this deployment
    /// may call (its origin is not in `APP_FHIR_ALLOWED_ORIGINS`).
    pub fn not_allowed(errors: Vec<FieldError>) -> Self {
        Self {
            code: ProblemCode::FhirServerNotAllowed,
            detail: format!(
                "the request lacks the prefetch key(s) {} and its fhirServer is not one this service is allowed to fetch from; send them as prefetch",
                keys(&errors)
            ),
            errors,
        }
    }

    /// Required data could not be fetched from `fhirServer`.
    pub fn fetch_failed(errors: Vec<FieldError>) -> Self {
        Self {
            code: ProblemCode::FhirFetchFailed,
            detail: format!(
                "{} required prefetch key(s) could not be fetched from fhirServer; see errors",
                errors.len()
            ),
            errors,
        }
    }

    /// The machine code (`prefetch_missing`, `fhir_server_not_allowed` or
    /// `fhir_fetch_failed`).
    pub fn code(&self) -> &'static str {
        self.code.as_str()
    }

    /// The problem+json response for a request to `instance`.
    pub fn to_response(&self, instance: &str) -> HttpResponse {
        let problem = Problem {
            problem_type: crate::api::error::problem_type(self.code),
            title: self.code.text(Lang::En).title.clone(),
            status: StatusCode::PRECONDITION_FAILED.as_u16(),
            detail: self.detail.clone(),
            instance: instance.to_owned(),
            code: self.code.as_str().to_owned(),
            errors: Some(self.errors.clone()),
        };
        HttpResponse::build(StatusCode::PRECONDITION_FAILED)
            .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(serde_json::to_vec(&problem).unwrap_or_default())
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

/// Splits a hook outcome into what the handler returns: 412s are rendered here (with the
/// request path as `instance`), every other error goes on to the API's problem rendering.
///
/// # Errors
/// The [`ApiError`] inside [`CdsError::Api`].
pub fn finish(
    outcome: Result<HttpResponse, CdsError>,
    instance: &str,
) -> Result<HttpResponse, ApiError> {
    match outcome {
        Ok(response) => Ok(response),
        Err(CdsError::Api(e)) => Err(e),
        Err(CdsError::Precondition(p)) => {
            tracing::info!(error.code = p.code(), "CDS call lacks required FHIR data");
            Ok(p.to_response(instance))
        }
    }
}
