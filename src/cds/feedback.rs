//! `POST /cds-services/{id}/feedback`: what clinicians did with the cards. Only the count of
//! outcomes per service is kept, in the platform's metrics; card ids, suggestion ids, override
//! reasons and comments are read for their shape and then dropped, never stored or logged.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};

use super::Service;
use super::body::{decode, invalid, read_json};
use super::request::{FeedbackRequest, Outcome};
use super::responses::FeedbackErrors;
use super::schema::CdsServiceId;
use crate::http::metrics::Metrics;
use crate::http::{ApiError, AppState, tags};

impl Outcome {
    /// The wire name, also the metric's `outcome` label.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Overridden => "overridden",
        }
    }
}

/// Declares the feedback series at zero for every service and outcome, so dashboards see them
/// before the first feedback arrives.
pub(crate) fn declare_metrics(metrics: &Metrics) {
    for service in Service::ALL {
        for outcome in [Outcome::Accepted, Outcome::Overridden] {
            metrics.declare_cds_feedback(service.id(), outcome.as_str());
        }
    }
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
pub(crate) async fn receive(
    req: HttpRequest,
    state: web::Data<AppState>,
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
        state
            .metrics
            .count_cds_feedback(service.id(), item.outcome.as_str());
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
