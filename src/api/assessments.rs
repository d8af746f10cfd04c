//! `POST /v1/assessments` and its three focused views. Each runs the same engine; each
//! answer carries the triage (a red flag is never hidden), the knowledge stamp and the
//! disclaimer, and is marked `Cache-Control: no-store` because it describes a person.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};

use super::body::read_profile;
use super::calendar;
use super::dto::{
    AnswerTemplates, AssessmentResponse, CausesView, InputInconsistency, ReliefPlanView,
    RemediesView, View,
};
use super::fhir_response::schema::QuestionnaireResponseSchema;
use super::profile::ProfileRequest;
use super::responses::AssessmentErrors;
use crate::engine;
use crate::http::ApiError;
use crate::http::AppState;
use crate::http::tags;

/// Room for a typical answer (12–20 KB by language), so serialising does not grow the buffer
/// by doubling and copying as it goes (the profile showed the copies).
const ANSWER_CAPACITY: usize = 24 * 1024;

/// Runs the engine on the body and writes `view` of the assessment, from the answer
/// templates (byte for byte what serialising the view's wire struct gives).
async fn assess_with(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    templates: web::Data<AnswerTemplates>,
    view: View,
) -> Result<HttpResponse, ApiError> {
    let mut profile = read_profile(&req, payload, state.body_limit).await?;
    let lang = crate::http::lang::of(&req);
    let inconsistencies = profile
        .reconcile()
        .iter()
        .map(|i| InputInconsistency::new(i, lang))
        .collect();
    let kb = state.kb_in(lang);
    let mut body = Vec::with_capacity(ANSWER_CAPACITY);
    engine::assess_then(&profile, kb, |assessment| {
        state.metrics.count_assessment(assessment.triage.level);
        crate::http::middleware::record_triage(assessment.triage.level.as_str());
        templates.write(&mut body, view, assessment, kb, inconsistencies);
    });
    let mut ok = HttpResponse::Ok();
    ok.content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "no-store"));
    Ok(crate::http::compression::respond(&req, ok, body))
}

/// Full assessment of a profile.
///
/// Triage and red flags, likely causes with reasons, suitable and withheld remedies, the
/// prioritised relief plan, medicines to review, differentials and follow-up questions.
/// Deterministic: the same profile always gives byte-identical output.
/// The body is the person's profile (only `age` is required); unknown fields are rejected. The
/// answer describes a person, so it is never cached (`Cache-Control: no-store`) and never
/// logged. Answers that contradict each other are set aside and listed in `inconsistencies`.
#[utoipa::path(tag = tags::ASSESSMENTS, operation_id = "create_assessment",
    request_body(content((ProfileRequest = "application/json"), (QuestionnaireResponseSchema = "application/fhir+json")), description = "The person's profile (only `age` is required), or a FHIR R4 `QuestionnaireResponse` to `GET /v1/questionnaire` (`Content-Type: application/fhir+json`), which is read as the same profile."),
    responses((status = 200, description = "The assessment.", body = AssessmentResponse), AssessmentErrors))]
#[post("/assessments")]
pub(crate) async fn create_assessment(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    templates: web::Data<AnswerTemplates>,
) -> Result<HttpResponse, ApiError> {
    assess_with(req, payload, state, templates, View::Full).await
}

/// Causes view of an assessment.
///
/// Triage, likely causes with reasons, and medicines to review: for a "why do I get cramps?"
/// screen. The triage is always included, so a red flag is never hidden.
/// The body is the person's profile (only `age` is required); unknown fields are rejected. The
/// answer describes a person, so it is never cached (`Cache-Control: no-store`) and never
/// logged. Answers that contradict each other are set aside and listed in `inconsistencies`.
#[utoipa::path(tag = tags::ASSESSMENTS, operation_id = "assess_causes",
    request_body(content((ProfileRequest = "application/json"), (QuestionnaireResponseSchema = "application/fhir+json")), description = "The person's profile (only `age` is required), or a FHIR R4 `QuestionnaireResponse` to `GET /v1/questionnaire` (`Content-Type: application/fhir+json`), which is read as the same profile."),
    responses((status = 200, description = "Triage, causes and medicines to review.", body = CausesView), AssessmentErrors))]
#[post("/assessments/causes")]
pub(crate) async fn assess_causes(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    templates: web::Data<AnswerTemplates>,
) -> Result<HttpResponse, ApiError> {
    assess_with(req, payload, state, templates, View::Causes).await
}

/// Remedies view of an assessment.
///
/// Triage, the remedies that suit this person, and those withheld with why. The triage is
/// always included, so a red flag is never hidden.
/// The body is the person's profile (only `age` is required); unknown fields are rejected. The
/// answer describes a person, so it is never cached (`Cache-Control: no-store`) and never
/// logged. Answers that contradict each other are set aside and listed in `inconsistencies`.
#[utoipa::path(tag = tags::ASSESSMENTS, operation_id = "assess_remedies",
    request_body(content((ProfileRequest = "application/json"), (QuestionnaireResponseSchema = "application/fhir+json")), description = "The person's profile (only `age` is required), or a FHIR R4 `QuestionnaireResponse` to `GET /v1/questionnaire` (`Content-Type: application/fhir+json`), which is read as the same profile."),
    responses((status = 200, description = "Triage, suitable and withheld remedies.", body = RemediesView), AssessmentErrors))]
#[post("/assessments/remedies")]
pub(crate) async fn assess_remedies(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    templates: web::Data<AnswerTemplates>,
) -> Result<HttpResponse, ApiError> {
    assess_with(req, payload, state, templates, View::Remedies).await
}

/// The `bedtime` query parameter of the relief plan, if given: its documentation. The
/// handler reads the value itself (`http::params`), after the platform has refused any other
/// parameter and a repeated one.
#[derive(Debug, utoipa::IntoParams)]
#[allow(dead_code)]
#[into_params(parameter_in = Query)]
pub(crate) struct CalendarQuery {
    /// Bedtime for the calendar's bedtime steps, `HH:MM` (24-hour; default 22:00). Used only
    /// for `Accept: text/calendar`, checked always: another value is a 400 naming `bedtime`.
    #[param(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "22:30")]
    pub bedtime: Option<String>,
}

/// Whether the `Accept` header asks for the calendar: `text/calendar` named with a quality at
/// least that of JSON. A wildcard alone, or no header, means JSON.
fn wants_calendar(req: &HttpRequest) -> bool {
    let Ok(accept) = <header::Accept as header::Header>::parse(req) else {
        return false;
    };
    let quality = |t: &str, s: &str| {
        accept
            .iter()
            .filter(|i| i.item.type_().as_str() == t && i.item.subtype().as_str() == s)
            .map(|i| i.quality)
            .max()
    };
    match (quality("text", "calendar"), quality("application", "json")) {
        (Some(calendar), json) => {
            calendar > header::Quality::ZERO && json.is_none_or(|j| calendar >= j)
        }
        (None, _) => false,
    }
}

/// Relief-plan view of an assessment.
///
/// Triage and the ordered plan (seek care now, during a cramp, tonight, daily, with a
/// clinician), with schedule hints for reminders. The triage is always included.
/// The body is the person's profile (only `age` is required); unknown fields are rejected. The
/// answer describes a person, so it is never cached (`Cache-Control: no-store`) and never
/// logged. Answers that contradict each other are set aside and listed in `inconsistencies`.
///
/// With `Accept: text/calendar` the plan comes as an RFC 5545 calendar: a daily `VEVENT` (with
/// `RRULE` and a `VALARM`) per daily step, bedtime steps at `bedtime`; a `VTODO` per step to
/// arrange with a clinician; stable `UID`s from the step; text in the negotiated language.
/// Seek-care-now steps are never scheduled: the calendar's description says to act on them now
/// (the JSON answer keeps them at the top). Steps for during a cramp have no time and are not
/// scheduled. An `Accept` that allows neither JSON nor the calendar is a 406.
#[utoipa::path(tag = tags::ASSESSMENTS, operation_id = "assess_relief_plan",
    params(CalendarQuery),
    request_body(content((ProfileRequest = "application/json"), (QuestionnaireResponseSchema = "application/fhir+json")), description = "The person's profile (only `age` is required), or a FHIR R4 `QuestionnaireResponse` to `GET /v1/questionnaire` (`Content-Type: application/fhir+json`), which is read as the same profile."),
    responses((status = 200, description = "Triage and the relief plan (JSON), or the plan as a calendar.",
        content((ReliefPlanView = "application/json"), (String = "text/calendar"))), AssessmentErrors))]
#[post("/assessments/relief-plan")]
pub(crate) async fn assess_relief_plan(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    templates: web::Data<AnswerTemplates>,
) -> Result<HttpResponse, ApiError> {
    let bedtime = match crate::http::params::query_value(&req, "bedtime").as_deref() {
        None => calendar::TimeOfDay::BEDTIME,
        Some(text) => calendar::TimeOfDay::parse(text).ok_or_else(|| {
            ApiError::InvalidParameter(vec![crate::http::FieldError::new(
                "bedtime",
                "invalid",
                "bedtime must be a time of day, HH:MM (00:00 to 23:59)",
            )])
        })?,
    };
    if !wants_calendar(&req) {
        return assess_with(req, payload, state, templates, View::ReliefPlan).await;
    }
    let profile = read_profile(&req, payload, state.body_limit).await?;
    let lang = crate::http::lang::of(&req);
    let kb = state.kb_in(lang);
    let body = engine::assess_then(&profile, kb, |assessment| {
        crate::http::middleware::record_triage(assessment.triage.level.as_str());
        calendar::render(assessment, kb, super::follow_ups::today(), bedtime)
    });
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}
