//! `POST /v1/follow-ups`: what a person's cramp diary says about their plan. Stateless like an
//! assessment: nothing is stored or logged, and the answer is marked `no-store`. The handler
//! reads the body and today's date; the engine ([`crate::engine::follow_up`]) does the rest.

mod request;
mod response;

use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};

pub(crate) use request::FollowUpRequest;
pub(crate) use response::FollowUpResponse;

use super::responses::AssessmentErrors;
use crate::domain::Day;
use crate::engine::follow_up::{escalate, follow_up};
use crate::http::body::{JSON, decode_collecting, is_blank, parse_json, read_json};
use crate::http::{ApiError, AppState, tags};
use crate::knowledge::KnowledgeBase;

/// Today, by the server's clock (UTC); the parse allows one day more for time zones ahead.
pub(crate) fn today() -> Day {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Day::from_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// Parses a body and answers it (shared by the handler, the spec's examples and the tests).
///
/// # Errors
/// 400 for a body that is not JSON, 422 with pointers for one that is not a valid follow-up.
pub(crate) fn answer(bytes: &[u8], kb: &KnowledgeBase, today: Day) -> Result<Vec<u8>, ApiError> {
    if is_blank(bytes) {
        return Err(ApiError::EmptyBody);
    }
    let request: FollowUpRequest = decode_collecting(parse_json(bytes)?)?;
    let (profile, input) = request::parse(request, kb, today)?;
    let escalated = escalate(&profile, &input);
    let result = follow_up(&input, &escalated, kb, today);
    crate::http::middleware::record_triage(result.assessment.triage.level.as_str());
    serde_json::to_vec(&FollowUpResponse::new(&result, kb))
        .map_err(|e| ApiError::Unexpected(e.into()))
}

/// Follow-up from a cramp diary.
///
/// Reads the person's profile, the plan steps they took up and a diary of up to 180 nights,
/// and answers: `escalation` first (the triage of the profile with the diary's new symptoms
/// and longest cramp, exactly as an assessment of those answers would give it, then progress
/// advice), the `trend` (cramp nights a week in the diary's first and last 14 days, the change
/// and a verdict), `adherence` per step (with the sourced review period where a trial gives
/// one), `next` (the next untried step in plan order and a check-in date) and weekly `series`.
/// A night with a cramp longer than 10 minutes raises the prolonged-cramp red flag, as the
/// profile's usual cramp length does. Diary order never matters. Rejected with 422 and
/// pointers: dates in the future (one day's allowance for time zones), a date twice, a step
/// claimed before it began or not adopted, more than 180 entries, unknown remedy ids, unknown
/// fields. Never cached (`Cache-Control: no-store`), never logged.
#[utoipa::path(tag = tags::ASSESSMENTS, operation_id = "create_follow_up",
    request_body(content = FollowUpRequest, content_type = "application/json", description = "The profile, the adopted steps and the diary."),
    responses((status = 200, description = "The follow-up.", body = FollowUpResponse), AssessmentErrors))]
#[post("/follow-ups")]
pub(crate) async fn create_follow_up(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let bytes = read_json(&req, payload, state.body_limit, &[JSON]).await?;
    let lang = crate::http::lang::of(&req);
    let body = answer(&bytes, state.kb_in(lang), today())?;
    let mut ok = HttpResponse::Ok();
    ok.content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "no-store"));
    Ok(crate::http::compression::respond(&req, ok, body))
}
