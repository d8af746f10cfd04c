//! The one error type of the API and its RFC 9457 body. Every non-2xx response the service
//! sends is an `application/problem+json` [`Problem`], including the ones actix would otherwise
//! answer in plain text.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

pub use super::field_code::FieldCode;
use crate::domain::Lang;
use crate::knowledge::ProblemCode;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The most characters of a client's own value (a key, an id, a media type, a method) a
/// problem quotes: a longer one is cut there and ends in "…", and it is quoted once.
pub const MAX_ECHO_CHARS: usize = 64;

/// The longest `errors[].message` and `detail` a problem carries (our own texts are far
/// shorter; the cap bounds what quotes a client).
const MAX_TEXT_CHARS: usize = 400;

/// The longest `instance` (the request path) a problem carries.
const MAX_INSTANCE_CHARS: usize = 256;

/// `text` cut to `max` characters, ending in "…" when it was cut.
fn capped(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

/// A client's value as a problem may quote it: at most [`MAX_ECHO_CHARS`] characters.
pub fn echo(value: &str) -> String {
    capped(value, MAX_ECHO_CHARS)
}

/// A client's value in double quotes (JSON-style escapes), at most [`MAX_ECHO_CHARS`]
/// characters of it.
pub fn quote(value: &str) -> String {
    format!("{:?}", echo(value))
}

/// One problem with one input: a body field (JSON pointer) or a path/query parameter (its name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// JSON Pointer (RFC 6901) into the request body, or the name of a path or query parameter.
    #[schema(example = "/lifestyle/fluid_litres_per_day")]
    pub pointer: String,
    /// Stable machine code for the problem (a `FieldCode`).
    #[schema(value_type = super::code_schemas::FieldCodeSchema)]
    pub code: String,
    /// Human-readable explanation.
    #[schema(example = "must be between 0 and 15")]
    pub message: String,
}

impl FieldError {
    /// Builds a field error. `code` is one of [`FieldCode`]: the spec lists exactly those, so
    /// a code outside it fails every test that produces it (validator codes come from
    /// `#[validate(code = …)]` strings, hence a check rather than a type).
    pub fn new(pointer: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        debug_assert!(
            FieldCode::parse(code).is_some(),
            "field error code {code:?} is not a FieldCode: add it there (and so to the spec)"
        );
        Self {
            pointer: pointer.into(),
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// The entry as a problem carries it: each reference token of the pointer (a client's key
    /// can be any length) at most [`MAX_ECHO_CHARS`] characters, the message bounded.
    fn bounded(&self) -> Self {
        let pointer = if self.pointer.split('/').all(|t| t.len() <= MAX_ECHO_CHARS) {
            self.pointer.clone()
        } else {
            self.pointer
                .split('/')
                .map(echo)
                .collect::<Vec<_>>()
                .join("/")
        };
        Self {
            pointer,
            code: self.code.clone(),
            message: capped(&self.message, MAX_TEXT_CHARS),
        }
    }
}

/// An RFC 9457 problem details object.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "/problems/validation_failed",
    "title": "The request is not valid",
    "status": 422,
    "detail": "1 field failed validation; see errors.",
    "instance": "/v1/assessments",
    "code": "validation_failed",
    "errors": [{"pointer": "/age", "code": "out_of_range", "message": "must be between 1 and 120"}]
}))]
pub struct Problem {
    /// URI reference identifying the problem type: `/problems/{code}`, relative to this
    /// service, where a page explains the code (HTML for browsers, JSON otherwise). The same
    /// for every deployment, so clients can key on it.
    #[serde(rename = "type")]
    #[schema(example = "/problems/not_found")]
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
    #[schema(value_type = super::code_schemas::ProblemCodeSchema)]
    pub code: String,
    /// For invalid input: one entry per problem found.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub errors: Option<Vec<FieldError>>,
}

/// Every way a request can fail. Its texts (in every language) are data: see
/// `knowledge/data/problems.toml` and [`super::messages`]; `Display` is the English `detail`.
#[derive(Debug)]
pub enum ApiError {
    /// 400: the body is not well-formed JSON.
    MalformedJson {
        /// Parser message.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// 400: the body is empty.
    EmptyBody,
    /// 400: a path or query parameter is malformed.
    InvalidParameter(Vec<FieldError>),
    /// 401: API keys are on and the request has no valid key.
    Unauthorized {
        /// Whether a key was sent at all.
        presented: bool,
    },
    /// 429: over the rate limit.
    TooManyRequests {
        /// Seconds until a request will be accepted.
        retry_after_seconds: u64,
    },
    /// 404: no entry with this id.
    NotFound {
        /// Kind of entry, e.g. "cause".
        resource: &'static str,
        /// The id asked for.
        id: String,
    },
    /// 404: no such route.
    RouteNotFound,
    /// 405: the path exists but not with this method.
    MethodNotAllowed {
        /// The method used.
        method: String,
        /// Methods the path supports.
        allow: Vec<String>,
    },
    /// 406: the client accepts no media type this service can send.
    NotAcceptable,
    /// 413: the body is larger than the configured limit.
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// 415: the body is not sent as a media type the operation lists.
    UnsupportedMediaType {
        /// The Content-Type received, or "no Content-Type".
        got: String,
        /// The media types the operation lists, comma-separated.
        accepted: String,
    },
    /// 415: the body is sent with a content coding (`Content-Encoding: gzip`...); bodies are
    /// read as sent, so a compressed one is refused rather than misread.
    UnsupportedContentCoding {
        /// The Content-Encoding received.
        got: String,
    },
    /// 422: the JSON is well-formed but not a valid request (a profile, a follow-up, a hook call).
    Validation(Vec<FieldError>),
    /// 412 (CDS Hooks 2.0): FHIR data a service needs is neither prefetched nor fetchable.
    Precondition {
        /// `prefetch_missing`, `fhir_server_not_allowed` or `fhir_fetch_failed`.
        code: ProblemCode,
        /// Which keys and why, for `detail`.
        detail: String,
        /// One entry per prefetch key.
        errors: Vec<FieldError>,
    },
    /// 503: the service is not ready (shutting down).
    NotReady,
    /// 500: a bug. The cause is logged, never sent.
    Unexpected(anyhow::Error),
    /// Any other status actix produced (mapped so even its errors are problem+json).
    Other {
        /// The status.
        status: StatusCode,
        /// Text for `detail`.
        detail: String,
    },
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::messages::detail(self, Lang::En))
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Unexpected(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        Self::Unexpected(e)
    }
}

impl ApiError {
    /// The problem type of this error.
    pub fn code(&self) -> ProblemCode {
        match self {
            Self::MalformedJson { .. } => ProblemCode::MalformedJson,
            Self::EmptyBody => ProblemCode::EmptyBody,
            Self::InvalidParameter(_) => ProblemCode::InvalidParameter,
            Self::Unauthorized { .. } => ProblemCode::Unauthorized,
            Self::TooManyRequests { .. } => ProblemCode::TooManyRequests,
            Self::NotFound { .. } => ProblemCode::NotFound,
            Self::RouteNotFound => ProblemCode::RouteNotFound,
            Self::MethodNotAllowed { .. } => ProblemCode::MethodNotAllowed,
            Self::NotAcceptable => ProblemCode::NotAcceptable,
            Self::PayloadTooLarge { .. } => ProblemCode::PayloadTooLarge,
            Self::UnsupportedMediaType { .. } | Self::UnsupportedContentCoding { .. } => {
                ProblemCode::UnsupportedMediaType
            }
            Self::Validation(_) => ProblemCode::ValidationFailed,
            Self::Precondition { code, .. } => *code,
            Self::NotReady => ProblemCode::NotReady,
            Self::Unexpected(_) => ProblemCode::InternalError,
            Self::Other { status, .. } => other_code(*status),
        }
    }

    /// The stable machine code and English title of this error's problem type.
    pub fn code_and_title(&self) -> (&'static str, &'static str) {
        let code = self.code();
        (code.as_str(), &code.text(Lang::En).title)
    }

    /// Renders the problem body for a request to `instance`, in English.
    pub fn problem(&self, instance: &str) -> Problem {
        self.problem_in(instance, Lang::En)
    }

    /// The language this error's title and detail are written in when `lang` is asked for:
    /// `lang`, except for the errors whose detail exists only in English (what actix and the
    /// middleware word themselves, [`Self::Other`], and the CDS preconditions), which are
    /// English throughout rather than half translated.
    pub fn text_lang(&self, lang: Lang) -> Lang {
        match self {
            Self::Other { .. } | Self::Precondition { .. } => Lang::En,
            _ => lang,
        }
    }

    /// Renders the problem body for a request to `instance`, with `title` and `detail` in `lang`
    /// where they are translated ([`Self::text_lang`]; codes, pointers and `errors[].message`
    /// stay as they are: they are for developers).
    pub fn problem_in(&self, instance: &str, lang: Lang) -> Problem {
        let lang = self.text_lang(lang);
        let code = self.code();
        let errors = match self {
            Self::Validation(errors)
            | Self::InvalidParameter(errors)
            | Self::Precondition { errors, .. } => {
                Some(errors.iter().map(FieldError::bounded).collect())
            }
            Self::MalformedJson { line, column, .. } => Some(vec![FieldError::new(
                "",
                "malformed_json",
                format!("syntax error at line {line}, column {column}"),
            )]),
            _ => None,
        };
        Problem {
            problem_type: problem_type(code),
            title: super::messages::title(self, lang).to_owned(),
            status: self.status_code().as_u16(),
            detail: capped(&super::messages::detail(self, lang), MAX_TEXT_CHARS),
            instance: capped(instance, MAX_INSTANCE_CHARS),
            code: code.as_str().to_owned(),
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
        // A problem can quote what the caller sent (a field, a medicine name): never cached.
        // Its `Content-Language` is the language its title and detail are written in.
        response
            .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)))
            .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
            .insert_header((
                header::CONTENT_LANGUAGE,
                HeaderValue::from_static(self.text_lang(lang).as_str()),
            ));
        match self {
            Self::MethodNotAllowed { allow, .. } => {
                response.insert_header((header::ALLOW, allow.join(", ")));
            }
            Self::Precondition { code, .. } => {
                tracing::info!(
                    error.code = code.as_str(),
                    "CDS call lacks required FHIR data"
                );
            }
            _ => {}
        }
        let body = serde_json::to_vec(&self.problem_in(instance, lang)).unwrap_or_default();
        response.body(body)
    }
}

/// The problem type URI of `code`: relative to this service, so it is the same identifier on
/// every deployment and never depends on a `Host` header (RFC 9457 §3.1.1 resolves it against
/// the request URI, where `/problems/{code}` serves the explanation).
pub fn problem_type(code: ProblemCode) -> String {
    format!("/problems/{}", code.as_str())
}

/// The problem type of a status actix (or a middleware) produced on its own. Only statuses the
/// service can answer have a type of their own (`/problems` lists exactly those: no 403, 411);
/// any other client error would be a `bad_request`.
fn other_code(status: StatusCode) -> ProblemCode {
    match status.as_u16() {
        401 => ProblemCode::Unauthorized,
        404 => ProblemCode::RouteNotFound,
        405 => ProblemCode::MethodNotAllowed,
        406 => ProblemCode::NotAcceptable,
        408 => ProblemCode::RequestTimeout,
        413 => ProblemCode::PayloadTooLarge,
        414 => ProblemCode::UriTooLong,
        415 => ProblemCode::UnsupportedMediaType,
        429 => ProblemCode::TooManyRequests,
        431 => ProblemCode::HeadersTooLarge,
        503 => ProblemCode::NotReady,
        s if s >= 500 => ProblemCode::InternalError,
        _ => ProblemCode::BadRequest,
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
            Self::UnsupportedMediaType { .. } | Self::UnsupportedContentCoding { .. } => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Precondition { .. } => StatusCode::PRECONDITION_FAILED,
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
