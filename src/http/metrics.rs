//! Prometheus metrics: request counts and latency by route template and status, requests in
//! flight, assessments by triage level, CDS card feedback by outcome, and build information.
//! Nothing personal is ever a label: routes are templates (`/v1/causes/{cause_id}`), never paths.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{Error, HttpRequest, HttpResponse, get, web};

use super::error::ApiError;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

use super::responses::MetricsErrors;
use super::state::AppState;

/// Every metric the service exports, in its own registry.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    in_flight: IntGauge,
    /// The assessment counter of each triage level (the `assessments_total` series), looked up
    /// once here rather than by label on every assessment.
    assessments_by_level: Vec<(crate::domain::TriageLevel, prometheus::IntCounter)>,
    cds_feedback: IntCounterVec,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Metrics {
    /// Registers every metric; `knowledge_version` goes into the build-info series.
    ///
    /// # Panics
    /// Never in practice: names and labels are fixed and valid.
    pub fn new(knowledge_version: &str) -> Self {
        let registry =
            Registry::new_custom(Some("cramp_advisor".to_owned()), None).expect("valid prefix");
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by route template, method and status.",
            ),
            &["route", "method", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "HTTP request latency by route template and method.",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
            ]),
            &["route", "method"],
        )
        .expect("valid metric");
        let in_flight = IntGauge::new(
            "http_requests_in_flight",
            "HTTP requests being handled now.",
        )
        .expect("valid metric");
        let assessments = IntCounterVec::new(
            Opts::new(
                "assessments_total",
                "Assessments made, by triage level (no personal data).",
            ),
            &["triage"],
        )
        .expect("valid metric");
        let cds_feedback = IntCounterVec::new(
            Opts::new(
                "cds_feedback_total",
                "CDS Hooks card feedback received, by service and outcome.",
            ),
            &["service", "outcome"],
        )
        .expect("valid metric");
        let build = IntGaugeVec::new(
            Opts::new("build_info", "Build information: always 1."),
            &["version", "knowledge_version"],
        )
        .expect("valid metric");
        build
            .with_label_values(&[env!("CARGO_PKG_VERSION"), knowledge_version])
            .set(1);
        for collector in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(in_flight.clone()),
            Box::new(assessments.clone()),
            Box::new(cds_feedback.clone()),
            Box::new(build),
        ] {
            registry.register(collector).expect("unique metric names");
        }
        let assessments_by_level = crate::domain::TriageLevel::ALL
            .iter()
            .map(|level| (*level, assessments.with_label_values(&[level.as_str()])))
            .collect();
        Self {
            registry,
            requests,
            latency,
            in_flight,
            assessments_by_level,
            cds_feedback,
        }
    }

    /// Declares a CDS feedback series at zero (each façade declares its own label values).
    pub fn declare_cds_feedback(&self, service: &str, outcome: &str) {
        self.cds_feedback.with_label_values(&[service, outcome]);
    }

    /// Counts one CDS card feedback entry.
    pub fn count_cds_feedback(&self, service: &str, outcome: &str) {
        self.cds_feedback
            .with_label_values(&[service, outcome])
            .inc();
    }

    /// Counts one assessment at `triage` level.
    pub fn count_assessment(&self, triage: crate::domain::TriageLevel) {
        // Every level's counter was made in `new`.
        let level = self.assessments_by_level.iter().find(|(l, _)| *l == triage);
        if let Some((_, counter)) = level {
            counter.inc();
        }
    }

    /// The text exposition of every metric.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .expect("text encoding never fails");
        String::from_utf8(out).expect("the text format is UTF-8")
    }
}

/// Records every request's route template, method, status and latency.
pub(crate) async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let m = &state.metrics;
    let method = method_label(req.method());
    let started = Instant::now();
    m.in_flight.inc();
    let result = next.call(req).await;
    m.in_flight.dec();
    let response = result?.map_into_boxed_body();
    // Unmatched paths share one label so a scanner cannot blow up the series count.
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let status = response.status();
    m.requests
        .with_label_values(&[route.as_str(), method, status.as_str()])
        .inc();
    m.latency
        .with_label_values(&[route.as_str(), method])
        .observe(started.elapsed().as_secs_f64());
    Ok(response)
}

/// The most the text exposition can hold, in bytes (published as the response's `maxLength`).
/// Every label is bounded (route templates, [`method_label`], status codes), so the series are
/// too: about 30 routes × 10 methods × the statuses the service sends is well under a megabyte.
pub(crate) const MAX_EXPOSITION_BYTES: usize = 4 * 1024 * 1024;

/// The `method` label: the standard methods by name, anything else as `OTHER`. HTTP lets a
/// client invent methods, and each new label value would be a new series kept forever.
fn method_label(method: &Method) -> &'static str {
    const KNOWN: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    KNOWN
        .iter()
        .find(|known| *known == method)
        .map_or("OTHER", Method::as_str)
}

/// Prometheus metrics in the text exposition format. Meant for in-cluster scraping only: the
/// production Ingress does not route `/metrics` and the NetworkPolicy admits only the monitoring
/// namespace. Needs no API key; the open routes' per-IP rate limit applies. Answers any `Accept` that allows
/// `text/plain` (as Prometheus scrapers send), `text/*` or `*/*`.
#[utoipa::path(tag = super::tags::OPERATIONS, operation_id = "metrics",
    responses((status = 200, description = "Metrics in the Prometheus text format (version 0.0.4).",
        content_type = "text/plain; version=0.0.4", body = String,
        example = "# HELP cramp_advisor_assessments_total Assessments made, by triage level (no personal data).\n# TYPE cramp_advisor_assessments_total counter\ncramp_advisor_assessments_total{triage=\"routine\"} 3\n"),
        MetricsErrors))]
#[get("/metrics")]
pub(crate) async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if let Some(tokens) = &state.metrics_tokens
        && let Err(refused) = check_token(&req, tokens)
    {
        return refused.to_response(req.path());
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render())
}

/// With scraper tokens configured: `Authorization: Bearer <token>` with an accepted token.
///
/// # Errors
/// 400 for an `Authorization` header that is not a bearer token, 401 for none or a wrong one
/// (with the RFC 6750 challenge).
fn check_token(req: &HttpRequest, tokens: &super::access::ApiKeys) -> Result<(), MetricsRefusal> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Err(MetricsRefusal::Missing);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(super::access::bearer_token)
        .ok_or(MetricsRefusal::Malformed)?;
    if tokens.accepts(token) {
        Ok(())
    } else {
        Err(MetricsRefusal::Wrong)
    }
}

/// Why a metrics scrape was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetricsRefusal {
    /// No `Authorization` header.
    Missing,
    /// An `Authorization` header that is not `Bearer <token>`.
    Malformed,
    /// A token that is not accepted.
    Wrong,
}

impl MetricsRefusal {
    /// The error: 400 for a malformed header, else 401.
    pub(crate) fn error(self) -> ApiError {
        match self {
            Self::Malformed => ApiError::Other {
                status: StatusCode::BAD_REQUEST,
                detail: "the Authorization header is not `Bearer <token>`".to_owned(),
            },
            Self::Missing | Self::Wrong => ApiError::Other {
                status: StatusCode::UNAUTHORIZED,
                detail: "/metrics needs a scraper token this deployment accepts, as \
                         `Authorization: Bearer <token>`"
                    .to_owned(),
            },
        }
    }

    fn to_response(self, path: &str) -> HttpResponse {
        let mut response = self.error().to_response(path);
        if self != Self::Malformed {
            let challenge = if self == Self::Wrong {
                r#"Bearer realm="metrics", error="invalid_token""#
            } else {
                r#"Bearer realm="metrics""#
            };
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static(challenge),
            );
        }
        response
    }
}
