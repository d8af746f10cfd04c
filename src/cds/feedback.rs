//! `POST /cds-services/{id}/feedback`: what clinicians did with the cards. Only the count of
//! outcomes per service is kept, in process-wide atomics; card ids, suggestion ids, override
//! reasons and comments are read for their shape and then dropped, never stored or logged.

use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};

use super::Service;
use super::body::{decode, invalid, read_json};
use super::request::{FeedbackRequest, Outcome};
use super::responses::FeedbackErrors;
use super::schema::CdsServiceId;
use crate::api::ApiError;
use crate::api::openapi::tags;

/// Feedback outcomes counted since the process started, per service and outcome.
#[derive(Debug)]
pub struct CdsFeedbackCounts {
    accepted: [AtomicU64; Service::ALL.len()],
    overridden: [AtomicU64; Service::ALL.len()],
}

/// One counter value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedbackCount {
    /// The service the cards came from.
    pub service_id: &'static str,
    /// `accepted` or `overridden`.
    pub outcome: &'static str,
    /// How many feedback entries reported it.
    pub count: u64,
}

impl CdsFeedbackCounts {
    /// All counters at zero.
    pub const fn new() -> Self {
        Self {
            accepted: [const { AtomicU64::new(0) }; Service::ALL.len()],
            overridden: [const { AtomicU64::new(0) }; Service::ALL.len()],
        }
    }

    /// Counts one outcome.
    pub fn record(&self, service: Service, outcome: Outcome) {
        let counters = match outcome {
            Outcome::Accepted => &self.accepted,
            Outcome::Overridden => &self.overridden,
        };
        counters[service.index()].fetch_add(1, Ordering::Relaxed);
    }

    /// Every counter, by service then outcome (a stable order for a metrics exporter).
    pub fn snapshot(&self) -> Vec<FeedbackCount> {
        Service::ALL
            .iter()
            .flat_map(|s| {
                [
                    ("accepted", &self.accepted[s.index()]),
                    ("overridden", &self.overridden[s.index()]),
                ]
                .map(|(outcome, counter)| FeedbackCount {
                    service_id: s.id(),
                    outcome,
                    count: counter.load(Ordering::Relaxed),
                })
            })
            .collect()
    }
}

impl Default for CdsFeedbackCounts {
    fn default() -> Self {
        Self::new()
    }
}

static COUNTS: CdsFeedbackCounts = CdsFeedbackCounts::new();

/// The process-wide feedback counters (for the metrics endpoint).
pub fn feedback_counts() -> &'static CdsFeedbackCounts {
    &COUNTS
}

/// Receives card feedback. Counts each entry's outcome for the service; stores nothing else.
#[utoipa::path(tag = tags::CDS_HOOKS, operation_id = "cds_feedback",
    params(("service_id" = inline(CdsServiceId), Path, description = "The service whose cards the feedback is about.", example = "quinine-for-cramps")),
    request_body(content = FeedbackRequest, content_type = "application/json",
        description = "One entry per card acted on (CDS Hooks 2.0 feedback).",
        example = json!({"feedback": [{"card": "9368d37b-283f-44a0-93ea-547cebab93ed", "outcome": "overridden",
            "overrideReason": {"reason": {"system": "urn:cramp-advisor:cds:override-reason", "code": "not-for-cramps"}},
            "outcomeTimestamp": "2026-03-01T10:15:00Z"}]})),
    responses((status = 200, description = "Feedback counted (empty body)."), FeedbackErrors))]
#[post("/{service_id}/feedback")]
pub async fn receive(
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let Some(service) = Service::from_id(&id) else {
        return Err(ApiError::NotFound {
            resource: "CDS service",
            id,
        });
    };
    let value = read_json(&req, payload).await?;
    let body: FeedbackRequest = decode(&value)?;
    for (i, item) in body.feedback.iter().enumerate() {
        if item.card.is_empty() {
            return Err(invalid(
                &format!("/feedback/{i}/card"),
                "required",
                "the card uuid must not be empty",
            ));
        }
        if item.outcome == Outcome::Accepted
            && item.accepted_suggestions.as_ref().is_none_or(Vec::is_empty)
        {
            return Err(invalid(
                &format!("/feedback/{i}/acceptedSuggestions"),
                "required",
                "an accepted outcome lists at least one accepted suggestion",
            ));
        }
    }
    // Count only once the whole body is valid, so a rejected request changes nothing.
    for item in &body.feedback {
        COUNTS.record(service, item.outcome);
    }
    tracing::info!(
        service = service.id(),
        entries = body.feedback.len(),
        "CDS feedback counted"
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_kept_per_service_and_outcome() {
        let counts = CdsFeedbackCounts::new();
        counts.record(Service::QuinineForCramps, Outcome::Overridden);
        counts.record(Service::QuinineForCramps, Outcome::Overridden);
        counts.record(Service::NocturnalLegCramps, Outcome::Accepted);
        let snapshot = counts.snapshot();
        let get = |service: &str, outcome: &str| {
            snapshot
                .iter()
                .find(|c| c.service_id == service && c.outcome == outcome)
                .map(|c| c.count)
        };
        assert_eq!(snapshot.len(), 4);
        assert_eq!(get("quinine-for-cramps", "overridden"), Some(2));
        assert_eq!(get("quinine-for-cramps", "accepted"), Some(0));
        assert_eq!(get("nocturnal-leg-cramps", "accepted"), Some(1));
    }
}
