//! Cross-cutting request handling: request ids, the request span and access log, security
//! headers, the URI and header-size limits, HEAD served by GET routes, and the safety net that turns any
//! error actix produced on its own into problem+json.
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
use tracing::Span;
use tracing_actix_web::RootSpanBuilder;

use super::error::{ApiError, PROBLEM_JSON};
use super::state::AppState;
use crate::domain::Lang;
use crate::knowledge::ProblemCode;

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

/// The reference pages (HTML only).
static PAGES: std::sync::LazyLock<ResourceDef> =
    std::sync::LazyLock::new(|| ResourceDef::root_prefix("/pages"));

/// The one route that also answers `application/fhir+json` (a FHIR `Questionnaire`).
const FHIR_NEGOTIATED: &str = "/v1/questionnaire";

/// The problem pages (HTML or JSON, negotiated by their handler).
static PROBLEMS: std::sync::LazyLock<ResourceDef> =
    std::sync::LazyLock::new(|| ResourceDef::root_prefix("/problems"));

/// A HEAD request, answered by the GET route (the method was rewritten; see [`head_as_get`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Head;

/// The id of the current request.
#[derive(Debug, Clone)]
pub(crate) struct RequestId(pub String);

#[derive(Debug, Clone, Copy)]
struct Started(Instant);

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

/// What a route answers with, judged on the path as the router sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Produces {
    /// JSON (errors: problem+json): the API.
    Json,
    /// JSON or FHIR JSON (`application/fhir+json`), chosen by the handler: the questionnaire.
    JsonOrFhir,
    /// JSON or an iCalendar (`text/calendar`): the relief plan.
    JsonOrCalendar,
    /// The Prometheus text format: `/metrics`.
    PlainText,
    /// Pages and redirects: `/`, the docs; and the problem pages, which choose HTML or JSON
    /// themselves.
    Page,
    /// HTML only: the reference pages (`/pages`).
    Html,
}

impl Produces {
    fn of(routed: &str) -> Self {
        if routed == "/metrics" {
            Self::PlainText
        } else if PAGES.is_match(routed) {
            Self::Html
        } else if routed == FHIR_NEGOTIATED {
            Self::JsonOrFhir
        } else if routed == "/v1/assessments/relief-plan" {
            Self::JsonOrCalendar
        } else if routed == "/" || DOCS.is_match(routed) || PROBLEMS.is_match(routed) {
            Self::Page
        } else {
            Self::Json
        }
    }

    /// The 406 for a request whose `Accept` allows nothing this route answers with.
    fn refusal(self, req: &ServiceRequest) -> Option<ApiError> {
        match self {
            Self::Page => None,
            Self::Json => (!accepts(req, &[("application", "json"), ("application", "problem")]))
                .then_some(ApiError::NotAcceptable),
            Self::JsonOrFhir => (!accepts(
                req,
                &[
                    ("application", "json"),
                    ("application", "fhir"),
                    ("application", "problem"),
                ],
            ))
            .then_some(ApiError::NotAcceptable),
            Self::JsonOrCalendar => (!accepts(
                req,
                &[
                    ("application", "json"),
                    ("application", "problem"),
                    ("text", "calendar"),
                ],
            ))
            .then_some(ApiError::NotAcceptable),
            Self::PlainText => (!accepts(req, &[("text", "plain")])).then(metrics_not_acceptable),
            Self::Html => (!accepts(req, &[("text", "html")])).then(pages_not_acceptable),
        }
    }
}

/// The 406 of `/metrics`, which answers only `text/plain`.
pub(crate) fn metrics_not_acceptable() -> ApiError {
    ApiError::Other {
        status: StatusCode::NOT_ACCEPTABLE,
        detail: "/metrics answers with text/plain (the Prometheus text format); the Accept \
                 header does not allow it"
            .to_owned(),
    }
}

/// The 406 of the reference pages, which answer only `text/html`.
pub(crate) fn pages_not_acceptable() -> ApiError {
    ApiError::Other {
        status: StatusCode::NOT_ACCEPTABLE,
        detail: "the pages under /pages answer with text/html; the Accept header does not allow \
                 it (the same entries as JSON are under /v1)"
            .to_owned(),
    }
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

/// Whether the `Accept` header (if any) allows one of `offered` (`type`, `subtype` prefix, so
/// `application/problem` covers `application/problem+json`), directly or through a wildcard.
/// A header that cannot be parsed is ignored rather than punished.
fn accepts(req: &ServiceRequest, offered: &[(&str, &str)]) -> bool {
    if !req.headers().contains_key(header::ACCEPT) {
        return true;
    }
    let Ok(accept) = <header::Accept as header::Header>::parse(req) else {
        return true;
    };
    accept.iter().any(|item| {
        let (kind, sub) = (item.item.type_().as_str(), item.item.subtype().as_str());
        item.quality > header::Quality::ZERO
            && offered.iter().any(|&(t, s)| {
                (kind == "*" && sub == "*") || (kind == t && (sub == "*" || sub == s))
            })
    })
}

fn problem_if_needed(
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
fn safe_detail(status: actix_web::http::StatusCode, message: &str) -> String {
    if status.is_server_error() {
        "an unexpected error occurred".to_owned()
    } else {
        message.to_owned()
    }
}

/// The request span: method, route template and our request id (never the body or query); an
/// assessment records its triage level on it ([`record_triage`]), so the one access line per
/// request carries it and no second line is written.
pub(crate) struct RequestSpan;

/// Records an answer's triage level on the request span (its access line shows it).
pub(crate) fn record_triage(level: &'static str) {
    tracing::Span::current().record("triage", level);
}

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let id = request
            .extensions()
            .get::<RequestId>()
            .map(|r| r.0.clone())
            .unwrap_or_default();
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "unmatched".to_owned());
        tracing::info_span!(
            "request",
            http.method = %request.method(),
            http.route = %route,
            request_id = %id,
            http.status_code = tracing::field::Empty,
            triage = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        // Only the status and our stable error code are recorded: an error's Debug or Display
        // could quote request content (an unknown field name, an enum value), so neither is logged.
        let (status, code) = match outcome {
            Ok(response) => {
                let code = response
                    .response()
                    .error()
                    .and_then(|e| e.as_error::<ApiError>())
                    .map(|e| e.code_and_title().0);
                (response.status().as_u16(), code)
            }
            Err(error) => (error.as_response_error().status_code().as_u16(), None),
        };
        let started = match outcome {
            Ok(response) => response.request().extensions().get::<Started>().copied(),
            Err(_) => None,
        };
        let latency_ms = started.map_or(0.0, |s| s.0.elapsed().as_secs_f64() * 1000.0);
        span.record("http.status_code", status);
        // ERROR only for our own bug (500; its cause is logged once, by the error path): a
        // client cannot write one, and a 503 while draining is expected, not an incident.
        span.in_scope(|| match code {
            Some(code) if code == ProblemCode::InternalError.as_str() => tracing::error!(
                http.status_code = status,
                error.code = code,
                latency_ms,
                "request completed"
            ),
            Some(code) if status >= 500 => tracing::warn!(
                http.status_code = status,
                error.code = code,
                latency_ms,
                "request completed"
            ),
            Some(code) => tracing::info!(
                http.status_code = status,
                error.code = code,
                latency_ms,
                "request completed"
            ),
            None => tracing::info!(http.status_code = status, latency_ms, "request completed"),
        });
    }
}
