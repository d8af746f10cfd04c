//! The one error type of the API and its RFC 9457 body. Every non-2xx response the service
//! sends is an `application/problem+json` [`Problem`], including the ones actix would otherwise
//! answer in plain text.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::Lang;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One problem with one input: a body field (JSON pointer) or a path/query parameter (its name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// JSON Pointer (RFC 6901) into the request body, or the name of a path or query parameter.
    #[schema(example = "/lifestyle/fluid_litres_per_day")]
    pub pointer: String,
    /// Stable machine code for the problem.
    #[schema(example = "out_of_range")]
    pub code: String,
    /// Human-readable explanation.
    #[schema(example = "must be between 0 and 15")]
    pub message: String,
}

impl FieldError {
    /// Builds a field error.
    pub fn new(pointer: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// An RFC 9457 problem details object.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:cramp-advisor:problem:validation_failed",
    "title": "The profile is not valid",
    "status": 422,
    "detail": "1 field failed validation; see errors.",
    "instance": "/v1/assessments",
    "code": "validation_failed",
    "errors": [{"pointer": "/age", "code": "out_of_range", "message": "must be between 1 and 120"}]
}))]
pub struct Problem {
    /// URI identifying the problem type (a URN: stable, never dereferenced).
    #[serde(rename = "type")]
    #[schema(example = "urn:cramp-advisor:problem:not_found")]
    pub problem_type: String,
    /// Short, human-readable summary of the problem type.
    #[schema(example = "Not found")]
    pub title: String,
    /// The HTTP status code.
    #[schema(example = 404, minimum = 400, maximum = 599)]
    pub status: u16,
    /// Explanation specific to this occurrence.
    #[schema(example = "No cause has the id \"gout\".")]
    pub detail: String,
    /// The request path this occurrence is about.
    #[schema(example = "/v1/causes/gout")]
    pub instance: String,
    /// Stable machine code (same as the last segment of `type`).
    #[schema(example = "not_found")]
    pub code: String,
    /// For invalid input: one entry per problem found.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub errors: Option<Vec<FieldError>>,
}

/// Every way a request can fail.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the body is not well-formed JSON.
    #[error("the request body is not valid JSON: {message} at line {line}, column {column}")]
    MalformedJson {
        /// Parser message.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// 400: the body is empty.
    #[error("the request body is empty; send a JSON profile")]
    EmptyBody,
    /// 400: a path or query parameter is malformed.
    #[error("a request parameter is invalid")]
    InvalidParameter(Vec<FieldError>),
    /// 401: API keys are on and the request has no valid key.
    #[error("{}", if *presented { "the API key is not valid" } else { "this deployment needs an API key: send Authorization: Bearer <key> or X-API-Key" })]
    Unauthorized {
        /// Whether a key was sent at all.
        presented: bool,
    },
    /// 429: over the rate limit.
    #[error("too many requests; try again in {retry_after_seconds} s")]
    TooManyRequests {
        /// Seconds until a request will be accepted.
        retry_after_seconds: u64,
    },
    /// 404: no entry with this id.
    #[error("no {resource} has the id {id:?}")]
    NotFound {
        /// Kind of entry, e.g. "cause".
        resource: &'static str,
        /// The id asked for.
        id: String,
    },
    /// 404: no such route.
    #[error("there is no resource at this path")]
    RouteNotFound,
    /// 405: the path exists but not with this method.
    #[error("this path does not support the {method} method; allowed: {}", allow.join(", "))]
    MethodNotAllowed {
        /// The method used.
        method: String,
        /// Methods the path supports.
        allow: Vec<String>,
    },
    /// 406: the client accepts no media type this service can send.
    #[error(
        "this service answers with application/json (errors: application/problem+json); the Accept header allows neither"
    )]
    NotAcceptable,
    /// 413: the body is larger than the configured limit.
    #[error("the request body is larger than the limit of {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// 415: the body is not sent as JSON.
    #[error("send the profile as application/json (got {got})")]
    UnsupportedMediaType {
        /// The Content-Type received, or "no Content-Type".
        got: String,
    },
    /// 422: the JSON is well-formed but the profile is not valid.
    #[error("{} field(s) failed validation; see errors", .0.len())]
    Validation(Vec<FieldError>),
    /// 503: the service is not ready (shutting down).
    #[error("the service is not ready to take requests")]
    NotReady,
    /// 500: a bug. The cause is logged, never sent.
    #[error("an unexpected error occurred")]
    Unexpected(#[from] anyhow::Error),
    /// Any other status actix produced (mapped so even its errors are problem+json).
    #[error("{detail}")]
    Other {
        /// The status.
        status: StatusCode,
        /// Text for `detail`.
        detail: String,
    },
}

impl ApiError {
    /// The stable machine code and title of this error's problem type.
    pub fn code_and_title(&self) -> (&'static str, &'static str) {
        match self {
            Self::MalformedJson { .. } => ("malformed_json", "The request body is not valid JSON"),
            Self::EmptyBody => ("empty_body", "The request body is empty"),
            Self::InvalidParameter(_) => ("invalid_parameter", "A request parameter is invalid"),
            Self::Unauthorized { .. } => ("unauthorized", "Unauthorized"),
            Self::TooManyRequests { .. } => ("too_many_requests", "Too many requests"),
            Self::NotFound { .. } => ("not_found", "Not found"),
            Self::RouteNotFound => ("route_not_found", "No such route"),
            Self::MethodNotAllowed { .. } => ("method_not_allowed", "Method not allowed"),
            Self::NotAcceptable => ("not_acceptable", "Not acceptable"),
            Self::PayloadTooLarge { .. } => ("payload_too_large", "The request body is too large"),
            Self::UnsupportedMediaType { .. } => {
                ("unsupported_media_type", "Unsupported media type")
            }
            Self::Validation(_) => ("validation_failed", "The profile is not valid"),
            Self::NotReady => ("not_ready", "Not ready"),
            Self::Unexpected(_) => ("internal_error", "Internal server error"),
            Self::Other { status, .. } => other_code(*status),
        }
    }

    /// Renders the problem body for a request to `instance`, in English.
    pub fn problem(&self, instance: &str) -> Problem {
        self.problem_in(instance, Lang::En)
    }

    /// Renders the problem body for a request to `instance`, with `title` and `detail` in `lang`
    /// (codes, pointers and `errors[].message` stay as they are: they are for developers).
    pub fn problem_in(&self, instance: &str, lang: Lang) -> Problem {
        let code = self.code_and_title().0;
        let errors = match self {
            Self::Validation(errors) | Self::InvalidParameter(errors) => Some(errors.clone()),
            Self::MalformedJson { line, column, .. } => Some(vec![FieldError::new(
                "",
                "malformed_json",
                format!("syntax error at line {line}, column {column}"),
            )]),
            _ => None,
        };
        Problem {
            problem_type: format!("urn:cramp-advisor:problem:{code}"),
            title: super::messages::title(self, lang).to_owned(),
            status: self.status_code().as_u16(),
            detail: super::messages::detail(self, lang),
            instance: instance.to_owned(),
            code: code.to_owned(),
            errors,
        }
    }

    /// The full HTTP response for a request to `instance`, in English.
    pub fn to_response(&self, instance: &str) -> HttpResponse {
        self.to_response_in(instance, Lang::En)
    }

    /// The full HTTP response for a request to `instance`, worded in `lang`.
    pub fn to_response_in(&self, instance: &str, lang: Lang) -> HttpResponse {
        if let Self::Unexpected(e) = self {
            tracing::error!(error.cause_chain = ?e, "unexpected error while handling a request");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        if let Self::MethodNotAllowed { allow, .. } = self {
            response.insert_header((header::ALLOW, allow.join(", ")));
        }
        let body = serde_json::to_vec(&self.problem_in(instance, lang)).unwrap_or_default();
        response.body(body)
    }
}

fn other_code(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("bad_request", "Bad request"),
        401 => ("unauthorized", "Unauthorized"),
        403 => ("forbidden", "Forbidden"),
        404 => ("route_not_found", "No such route"),
        405 => ("method_not_allowed", "Method not allowed"),
        406 => ("not_acceptable", "Not acceptable"),
        408 => ("request_timeout", "Request timeout"),
        411 => ("length_required", "Length required"),
        413 => ("payload_too_large", "The request body is too large"),
        414 => ("uri_too_long", "URI too long"),
        415 => ("unsupported_media_type", "Unsupported media type"),
        429 => ("too_many_requests", "Too many requests"),
        431 => ("headers_too_large", "Request headers too large"),
        503 => ("not_ready", "Not ready"),
        s if s >= 500 => ("internal_error", "Internal server error"),
        _ => ("bad_request", "Bad request"),
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::MalformedJson { .. } | Self::EmptyBody | Self::InvalidParameter(_) => {
                StatusCode::BAD_REQUEST
            }
            Self::NotFound { .. } | Self::RouteNotFound => StatusCode::NOT_FOUND,
            Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::NotReady => StatusCode::SERVICE_UNAVAILABLE,
            Self::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Other { status, .. } => *status,
        }
    }

    fn error_response(&self) -> HttpResponse {
        // `instance` is filled in by the problem middleware, which knows the request path.
        self.to_response("")
    }
}
