//! Prometheus metrics: request counts and latency by route template and status, requests in
//! flight, assessments by triage level, CDS card feedback by outcome, and build information.
//! Nothing personal is ever a label: routes are templates (`/v1/causes/{cause_id}`), never paths.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, get, web};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

use super::state::AppState;

/// Every metric the service exports, in its own registry.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    in_flight: IntGauge,
    assessments: IntCounterVec,
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
        Self {
            registry,
            requests,
            latency,
            in_flight,
            assessments,
            cds_feedback,
        }
    }

    /// Counts one assessment at `triage` level.
    pub fn count_assessment(&self, triage: &str) {
        self.assessments.with_label_values(&[triage]).inc();
    }

    /// The text exposition of every metric.
    pub fn render(&self) -> String {
        // CDS feedback is counted by the CDS module in its own atomics; bring the counters level.
        for c in crate::cds::feedback_counts().snapshot() {
            let counter = self
                .cds_feedback
                .with_label_values(&[c.service_id, c.outcome]);
            counter.inc_by(c.count.saturating_sub(counter.get()));
        }
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .expect("text encoding never fails");
        String::from_utf8(out).expect("the text format is UTF-8")
    }
}

/// Records every request's route template, method, status and latency.
pub async fn record(
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
    let method = req.method().to_string();
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
    let status = response.status().as_u16().to_string();
    m.requests
        .with_label_values(&[route.as_str(), method.as_str(), status.as_str()])
        .inc();
    m.latency
        .with_label_values(&[route.as_str(), method.as_str()])
        .observe(started.elapsed().as_secs_f64());
    Ok(response)
}

/// Prometheus metrics in the text exposition format. Meant for in-cluster scraping only: the
/// production Ingress does not route `/metrics` and the NetworkPolicy admits only the monitoring
/// namespace. Not rate-limited and needs no API key. Answers any `Accept` that allows
/// `text/plain` (as Prometheus scrapers send), `text/*` or `*/*`.
#[utoipa::path(tag = super::openapi::tags::OPERATIONS, operation_id = "metrics",
    responses((status = 200, description = "Metrics in the Prometheus text format (version 0.0.4).",
        content_type = "text/plain; version=0.0.4", body = String,
        example = "# HELP cramp_advisor_assessments_total Assessments made, by triage level (no personal data).\n# TYPE cramp_advisor_assessments_total counter\ncramp_advisor_assessments_total{triage=\"routine\"} 3\n"),
        (status = 406, description = "The `Accept` header does not allow `text/plain`.",
            body = super::error::Problem, content_type = "application/problem+json",
            example = json!({"type": "/problems/not_acceptable", "title": "Not acceptable", "status": 406,
                "detail": "/metrics answers with text/plain (the Prometheus text format); the Accept header does not allow it",
                "instance": "/metrics", "code": "not_acceptable"})),
        (status = 500, description = "Unexpected error (fixed message; the cause is logged, never sent).",
            body = super::error::Problem, content_type = "application/problem+json",
            example = json!({"type": "/problems/internal_error", "title": "Internal server error",
                "status": 500, "detail": "an unexpected error occurred", "instance": "/metrics", "code": "internal_error"}))))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render())
}
