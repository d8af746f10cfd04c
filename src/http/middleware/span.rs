//! The request span and its one access line per request.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::{Level, Span};
use tracing_actix_web::RootSpanBuilder;

use super::{RequestId, Started};
use crate::http::error::ApiError;
use crate::knowledge::ProblemCode;

/// The access line's target, as it was before this module had its own file: operators filter
/// and alert on it.
const ACCESS_LINE: &str = "cramp_advisor::http::middleware";

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
        // The route is recorded when the request ends, from what the router matched: here,
        // before routing, actix could only search its map again with the raw path, with a regex
        // per templated route (2.3% of a stored answer's CPU), and a percent-encoded path
        // (`/%761/red-flags`, served as `/v1/red-flags`) came out as "unmatched".
        tracing::info_span!(
            "request",
            http.method = %request.method(),
            http.route = tracing::field::Empty,
            request_id = %id,
            http.status_code = tracing::field::Empty,
            triage = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        // Only the status and our stable error code are recorded: an error's Debug or Display
        // could quote request content (an unknown field name, an enum value), so neither is logged.
        let (status, code, started, route) = match outcome {
            Ok(response) => {
                let code = response
                    .response()
                    .error()
                    .and_then(|e| e.as_error::<ApiError>())
                    .map(|e| e.code_and_title().0);
                let request = response.request();
                let started = request.extensions().get::<Started>().copied();
                let route = request.match_pattern();
                (response.status().as_u16(), code, started, route)
            }
            Err(error) => (
                error.as_response_error().status_code().as_u16(),
                None,
                None,
                None,
            ),
        };
        let latency_ms = started.map_or(0.0, |s| s.0.elapsed().as_secs_f64() * 1000.0);
        // As the metrics label it: unmatched paths share one name.
        span.record("http.route", route.as_deref().unwrap_or("unmatched"));
        span.record("http.status_code", status);
        // ERROR only for our own bug (500; its cause is logged once, by the error path): a
        // client cannot write one, and a 503 while draining is expected, not an incident.
        span.in_scope(|| match code {
            Some(code) if code == ProblemCode::InternalError.as_str() => tracing::event!(
                target: ACCESS_LINE,
                Level::ERROR,
                { http.status_code = status, error.code = code, latency_ms },
                "request completed"
            ),
            Some(code) if status >= 500 => tracing::event!(
                target: ACCESS_LINE,
                Level::WARN,
                { http.status_code = status, error.code = code, latency_ms },
                "request completed"
            ),
            Some(code) => tracing::event!(
                target: ACCESS_LINE,
                Level::INFO,
                { http.status_code = status, error.code = code, latency_ms },
                "request completed"
            ),
            None => tracing::event!(
                target: ACCESS_LINE,
                Level::INFO,
                { http.status_code = status, latency_ms },
                "request completed"
            ),
        });
    }
}
