//! The safety net: any error answer that is not yet problem+json (actix's own 400/404/405/413/
//! 415…) becomes one, keeping what the inner layers said about the exchange.

use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header;

use crate::domain::Lang;
use crate::http::error::{ApiError, PROBLEM_JSON};

/// `res` as it is when it is not an error or already a problem; otherwise the problem for it,
/// rendered for `path` in `lang`.
pub(super) fn problem_if_needed(
    res: ServiceResponse<BoxBody>,
    path: &str,
    lang: Lang,
) -> ServiceResponse<BoxBody> {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    let api_error = res
        .response()
        .error()
        .and_then(|e| e.as_error::<ApiError>());
    let rendered = match (api_error, is_problem) {
        // Our own error: render again now that the request path is known (`instance`).
        (Some(api), _) => api.to_response_in(path, lang),
        (None, true) => return res,
        (None, false) => {
            let detail = res.response().error().map_or_else(
                || status.canonical_reason().unwrap_or("error").to_lowercase(),
                |e| safe_detail(status, &e.to_string()),
            );
            ApiError::Other { status, detail }.to_response_in(path, lang)
        }
    };
    let mut rendered = rendered;
    keep_transport_headers(res.headers(), rendered.headers_mut());
    res.into_response(rendered)
}

/// Headers that describe the body: the problem brings its own.
const REPRESENTATION_HEADERS: [header::HeaderName; 7] = [
    header::CONTENT_TYPE,
    header::CONTENT_LENGTH,
    header::CONTENT_ENCODING,
    header::CONTENT_LANGUAGE,
    header::CACHE_CONTROL,
    header::ETAG,
    header::LAST_MODIFIED,
];

/// Carries what the inner layers said about the exchange (CORS, `RateLimit-*`, `Retry-After`,
/// `Allow`, `WWW-Authenticate`, `Vary`) over to the problem that replaces an answer: without
/// them a browser app cannot read the problem, and a client cannot see its limits.
fn keep_transport_headers(
    from: &actix_web::http::header::HeaderMap,
    to: &mut actix_web::http::header::HeaderMap,
) {
    // The problem's own headers win; every value of any other header is kept.
    let own: Vec<header::HeaderName> = to.keys().cloned().collect();
    for (name, value) in from {
        if !REPRESENTATION_HEADERS.contains(name) && !own.contains(name) {
            to.append(name.clone(), value.clone());
        }
    }
}

/// Client errors may explain themselves; server errors never leak their cause.
pub(super) fn safe_detail(status: actix_web::http::StatusCode, message: &str) -> String {
    if status.is_server_error() {
        "an unexpected error occurred".to_owned()
    } else {
        message.to_owned()
    }
}
