//! Cross-cutting request handling: request ids, security headers, the URI and header-size
//! limits and HEAD served by GET routes here; what each route answers with and the 406
//! (`negotiation`); the safety net that turns any error actix produced on its own into
//! problem+json (`safety_net`); the request span and its access line (`span`).
//!
//! Decisions that depend on the route use what the router sees or matched, never the raw path:
//! before routing, the router's own percent-decoded path (`req.match_info()`); after it, the
//! pattern actix matched (`match_pattern()`). `/%64ocs/` is the docs, and gets the docs' CSP.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ResourceDef, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};

use super::error::ApiError;
use super::state::AppState;
use crate::domain::Lang;

mod negotiation;
mod safety_net;
mod span;

use negotiation::Produces;
pub(crate) use negotiation::{metrics_not_acceptable, pages_not_acceptable};
use safety_net::{problem_if_needed, safe_detail};
pub(crate) use span::{RequestSpan, record_triage};

/// The request-id header, reused when a client sends a well-formed one.
pub(crate) const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Lets the vendored Swagger UI run (its own scripts and styles, inline style attributes and
/// data: icons, fetches to this origin) and nothing else.
const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; \
frame-ancestors 'none'";

/// Everything else is data, never a page: it may load nothing and be framed by no one.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The largest header section accepted (field lines, as sent: name, `: `, value, CRLF). Larger
/// is a 431 problem. actix's own parser stops at 128 KiB or 96 fields, with a bare 431.
pub(crate) const MAX_HEADER_SECTION_BYTES: usize = 16 * 1024;

/// The longest request URI accepted (path and query, as sent). Longer is a 414 problem: no
/// operation needs more, and a problem never quotes more of it than its first characters.
pub(crate) const MAX_URI_BYTES: usize = 8 * 1024;

/// The detail of the 414.
pub(crate) fn uri_too_long_detail() -> String {
    format!("the request URI (path and query) is longer than {MAX_URI_BYTES} bytes")
}

/// The pages: the Swagger UI and its assets.
static DOCS: std::sync::LazyLock<ResourceDef> =
    std::sync::LazyLock::new(|| ResourceDef::root_prefix("/docs"));

/// A HEAD request, answered by the GET route (the method was rewritten; see [`head_as_get`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Head;

/// The id of the current request.
#[derive(Debug, Clone)]
pub(crate) struct RequestId(pub String);

#[derive(Debug, Clone, Copy)]
pub(super) struct Started(Instant);

/// A well-formed incoming id: 1–128 characters of letters, digits, `-`, `_`, `.`.
fn well_formed(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Outermost middleware: assigns the request id, enforces the header-size limit and `Accept`,
/// adds the security headers, and maps any error response that is not yet problem+json
/// (actix's own 400/404/405/413/415…) to one. While the server drains for shutdown, every
/// answer closes its connection.
pub(crate) async fn edge(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // Before anything reads the connection info: forwarded headers count only from trusted
    // proxies (or are replaced by the public base URL), and the body gets its deadline.
    let net = req.app_data::<web::Data<AppState>>().map(|s| s.net.clone());
    let body_deadline = net.and_then(|net| {
        let client = net.apply(&mut req);
        req.extensions_mut().insert(client);
        net.limit_body(&mut req)
    });
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| well_formed(v))
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    req.extensions_mut().insert(RequestId(id.clone()));
    let lang = super::lang::negotiate(&req);
    req.extensions_mut().insert(lang);
    req.extensions_mut().insert(Started(Instant::now()));
    let path = req.path().to_owned();
    let uri_bytes = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    let refusal = if uri_bytes > MAX_URI_BYTES {
        Some(ApiError::Other {
            status: StatusCode::URI_TOO_LONG,
            detail: uri_too_long_detail(),
        })
    } else if header_section_bytes(req.headers()) > MAX_HEADER_SECTION_BYTES {
        Some(ApiError::Other {
            status: StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            detail: format!(
                "the request's header section is larger than {} bytes",
                MAX_HEADER_SECTION_BYTES
            ),
        })
    } else {
        Produces::of(req.match_info().as_str()).refusal(&req)
    };
    if let Some(error) = refusal {
        let response = error.to_response_in(&path, lang);
        let mut response = req.into_response(response);
        finish_headers(response.headers_mut(), &id, Some(lang));
        return Ok(response);
    }
    let draining = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| !s.is_ready());

    let response = match next.call(req).await {
        Ok(res) => problem_if_needed(res.map_into_boxed_body(), &path, lang),
        Err(e) => {
            // An error that escaped the handlers: render it here so the body is still a problem.
            let status = e.as_response_error().status_code();
            let api = e.as_error::<ApiError>().map_or_else(
                || ApiError::Other {
                    status,
                    detail: safe_detail(status, &e.to_string()),
                },
                |a| ApiError::Other {
                    status,
                    detail: a.to_string(),
                },
            );
            return Err(actix_web::error::InternalError::from_response(
                e,
                api.to_response_in(&path, lang),
            )
            .into());
        }
    };
    let mut response = response;
    if body_deadline.is_some_and(|d| d.fired()) {
        // Whatever the handler made of the failed read, the answer is a 408, and the connection
        // (with the rest of the body still on it) is closed.
        let timeout = ApiError::Other {
            status: StatusCode::REQUEST_TIMEOUT,
            detail: "the request body did not arrive in time; the connection is closed".to_owned(),
        }
        .to_response_in(&path, lang);
        response = response.into_response(timeout);
        response
            .response_mut()
            .head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
    }
    // The docs are what the router matched as the docs, however the path was spelt.
    let is_docs = response
        .request()
        .match_pattern()
        .is_some_and(|p| DOCS.is_match(&p));
    finish_headers(response.headers_mut(), &id, (!is_docs).then_some(lang));
    if draining {
        response
            .response_mut()
            .head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
    }
    Ok(response)
}

/// Serves HEAD with the GET route (RFC 9110 §9.3.2): the method is rewritten to GET just before
/// routing, and actix's HTTP/1 encoder, which remembers the request was HEAD, sends the GET
/// answer's status and headers (`Content-Length` included) without its body. Metrics and logs
/// still see HEAD; the 405 answer names it ([`Head`]).
pub(crate) async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
        req.extensions_mut().insert(Head);
    }
    next.call(req).await
}

/// The size of the header section as sent: each field line is `name: value` and CRLF.
fn header_section_bytes(headers: &header::HeaderMap) -> usize {
    headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum()
}

/// Request id and nosniff on everything; the docs' CSP on the docs (`lang` is `None` there) and
/// a lock-everything CSP elsewhere; the negotiated language and `Vary: Accept-Language` on every
/// API answer, errors included.
fn finish_headers(headers: &mut header::HeaderMap, id: &str, lang: Option<Lang>) {
    headers.insert(
        REQUEST_ID,
        HeaderValue::from_str(id).unwrap_or(HeaderValue::from_static("invalid")),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    match lang {
        None => {
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(DOCS_CSP),
            );
        }
        Some(lang) => {
            // A page sets its own CSP (its style sheet's hash, see `http::html`).
            if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
                headers.insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(API_CSP),
                );
            }
            // A handler whose content is in another language than the negotiated one (CDS
            // cards are English) says so itself; otherwise the answer is in `lang`.
            if !headers.contains_key(header::CONTENT_LANGUAGE) {
                headers.insert(
                    header::CONTENT_LANGUAGE,
                    HeaderValue::from_static(lang.as_str()),
                );
            }
            headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
            // Any answer may be compressed (`Compress` says so itself when it does).
            let named = headers.get_all(header::VARY).any(|v| {
                v.to_str()
                    .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
            });
            if !named {
                headers.append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
            }
        }
    }
}
