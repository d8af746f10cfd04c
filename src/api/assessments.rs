//! `POST /v1/assessments` and its three focused views. Each runs the same engine; each
//! answer carries the triage (a red flag is never hidden), the knowledge stamp and the
//! disclaimer, and is marked `Cache-Control: no-store` because it describes a person.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};

use super::body::read_profile;
use super::dto::{AssessmentResponse, CausesView, ReliefPlanView, RemediesView};
use super::error::ApiError;
use super::openapi::tags;
use super::profile::ProfileRequest;
use super::responses::AssessmentErrors;
use super::state::AppState;
use crate::engine::{self, Assessment};
use crate::knowledge::KnowledgeBase;

/// Serialises one view of an assessment.
type Render = fn(&Assessment<'_>, &KnowledgeBase) -> serde_json::Result<Vec<u8>>;

/// Runs the engine on the body and renders the view `render` builds from the assessment.
async fn assess_with(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    render: Render,
) -> Result<HttpResponse, ApiError> {
    let profile = read_profile(&req, payload, state.body_limit).await?;
    let kb = state.kb_in(super::lang::of(&req));
    let assessment = engine::assess(&profile, kb);
    state
        .metrics
        .count_assessment(assessment.triage.level.as_str());
    tracing::info!(
        triage = assessment.triage.level.as_str(),
        causes = assessment.causes.len(),
        "assessment made"
    );
    let body = render(&assessment, kb).map_err(|e| ApiError::Unexpected(e.into()))?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

/// Full assessment: triage and red flags, likely causes with reasons, suitable and withheld
/// remedies, the prioritised relief plan, medicines to review, differentials and follow-up
/// questions. Deterministic: the same profile always gives byte-identical output.
#[utoipa::path(tag = tags::ASSESSMENTS, operation_id = "create_assessment",
    request_body(content = ProfileRequest, content_type = "application/json", description = "The person's profile. Only `age` is required."),
    responses((status = 200, description = "The assessment.", body = AssessmentResponse), AssessmentErrors))]
#[post("/assessments")]
pub async fn create_assessment(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    assess_with(req, payload, state, |a, kb| {
        serde_json::to_vec(&AssessmentResponse::new(a, kb))
    })
    .await
}

/// Causes view: triage, likely causes with reasons, and medicines to review.
#[utoipa::path(tag = tags::ASSESSMENTS, operation_id = "assess_causes",
    request_body(content = ProfileRequest, content_type = "application/json", description = "The person's profile. Only `age` is required."),
    responses((status = 200, description = "Triage, causes and medicines to review.", body = CausesView), AssessmentErrors))]
#[post("/assessments/causes")]
pub async fn assess_causes(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    assess_with(req, payload, state, |a, kb| {
        serde_json::to_vec(&CausesView::new(a, kb))
    })
    .await
}

/// Remedies view: triage, suitable remedies and those withheld (with why).
#[utoipa::path(tag = tags::ASSESSMENTS, operation_id = "assess_remedies",
    request_body(content = ProfileRequest, content_type = "application/json", description = "The person's profile. Only `age` is required."),
    responses((status = 200, description = "Triage, suitable and withheld remedies.", body = RemediesView), AssessmentErrors))]
#[post("/assessments/remedies")]
pub async fn assess_remedies(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    assess_with(req, payload, state, |a, kb| {
        serde_json::to_vec(&RemediesView::new(a, kb))
    })
    .await
}

/// Relief-plan view: triage and the ordered plan (seek care now, during a cramp, tonight,
/// daily, with a clinician), with schedule hints for reminders.
#[utoipa::path(tag = tags::ASSESSMENTS, operation_id = "assess_relief_plan",
    request_body(content = ProfileRequest, content_type = "application/json", description = "The person's profile. Only `age` is required."),
    responses((status = 200, description = "Triage and the relief plan.", body = ReliefPlanView), AssessmentErrors))]
#[post("/assessments/relief-plan")]
pub async fn assess_relief_plan(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    assess_with(req, payload, state, |a, kb| {
        serde_json::to_vec(&ReliefPlanView::new(a, kb))
    })
    .await
}
