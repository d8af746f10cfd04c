//! The two hook handlers. Each reads the clock once (the request date, unless the call sets
//! one), checks the call against everything its OpenAPI description states, gathers the FHIR
//! data (fetching only from an allowed `fhirServer`), and hands [`super::answer`] the rest.

use std::time::SystemTime;

use actix_web::{HttpRequest, HttpResponse, post, web};

use super::Service;
use super::answer;
use super::body::read_bytes;
use super::call::{base_url, fhir_server, respond};
use super::cards::CardContext;
use super::dates::Date;
use super::decode::{checked_patient_view, checked_slowly};
use super::prefetch;
use super::request::OrderSelectContext;
use super::response::CdsResponse;
use super::responses::HookErrors;
use super::schema::{OrderSelectRequest, PatientViewRequest};
use crate::http::tags;
use crate::http::{ApiError, AppState};

/// Leg-cramp advice for the patient whose record is open: a triage card (red flags first),
/// medicines to review, and the relief plan. When the record shows leg cramps but no usable age
/// (no readable `Patient.birthDate`, or an age outside 1–120), one `warning` card says the
/// patient was not assessed and lists the warning signs to check by hand. No cards when the
/// record shows no leg cramps (ICD-10-CM G47.62, R25.2 or M62.831). A current diagnosis that is
/// itself a warning sign (an acute leg-vein clot, a pulmonary embolism, an arterial blockage in
/// a leg, rhabdomyolysis, thrombocytopenia) raises the same red flag as the symptom.
/// Deterministic: the same call gives the same cards, with the same uuids.
#[utoipa::path(tag = tags::CDS_HOOKS, operation_id = "cds_nocturnal_leg_cramps",
    request_body(content = PatientViewRequest, content_type = "application/json",
        description = "A `patient-view` hook call with the prefetched record: `patient`, `conditions` and `medications` are required (or fetchable from an allowed `fhirServer`), `medicationStatements` and `pregnancy` are optional.",
        examples(
            ("older_patient_on_thiazide_with_ckd" = (summary = "77-year-old with CKD stage 3a, on hydrochlorothiazide",
                value = json!(super::examples::request("patient_view_older_ckd_thiazide")))),
            ("pregnant_patient" = (summary = "Pregnant (due date observation), on a prenatal vitamin",
                value = json!(super::examples::request("patient_view_pregnant")))),
            ("dvt_red_flag" = (summary = "Swelling of one lower leg: possible blood clot (red flag)",
                value = json!(super::examples::request("patient_view_dvt_red_flag")))))),
    responses((status = 200, description = "Cards: triage first, then medicines to review (when any is recognised), then the relief plan; one `warning` card (not assessed) when the record shows leg cramps but no usable age; `[]` when the record shows no leg cramps. Catalogue URLs are on the host the client called (`https://cramp-advisor.example` in these examples).",
        body = CdsResponse,
        examples(
            ("answer_older_patient_on_thiazide_with_ckd" = (summary = "The answer to older_patient_on_thiazide_with_ckd",
                value = json!(super::examples::patient_view_answer("patient_view_older_ckd_thiazide")))),
            ("answer_pregnant_patient" = (summary = "The answer to pregnant_patient",
                value = json!(super::examples::patient_view_answer("patient_view_pregnant")))),
            ("answer_dvt_red_flag" = (summary = "The answer to dvt_red_flag",
                value = json!(super::examples::patient_view_answer("patient_view_dvt_red_flag")))))),
        HookErrors))]
#[post("/nocturnal-leg-cramps")]
pub(crate) async fn patient_view(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let today = Date::from_system_time(SystemTime::now());
    patient_view_answer(&req, payload, &state, today).await
}

async fn patient_view_answer(
    req: &HttpRequest,
    payload: web::Payload,
    state: &AppState,
    clock: Date,
) -> Result<HttpResponse, ApiError> {
    let bytes = read_bytes(req, payload).await?;
    let (call, today) = checked_patient_view(&bytes, clock)?;
    drop(bytes);
    let server = fhir_server(
        call.fhir_server.as_deref(),
        call.fhir_authorization.as_ref(),
        &state.fhir_allowed_origins,
    );
    let sent = call.prefetch.map(|p| p.0).unwrap_or_default();
    let resolved = prefetch::resolve(
        prefetch::PATIENT_VIEW,
        sent,
        &server,
        &call.context.patient_id,
    )
    .await?;
    let records = prefetch::records_of(resolved);
    let base = base_url(req);
    let cx = CardContext {
        service_id: Service::NocturnalLegCramps.id(),
        hook_instance: &call.hook_instance,
        base_url: &base,
    };
    respond(
        req,
        &answer::patient_view_of(&records, today, &state.kb, &cx)?,
    )
}

/// Warns when a selected draft order is for quinine: one critical card per quinine order, with
/// the FDA and MHRA advice, a suggestion to remove the order, and links to the alternatives.
/// No cards for any other order.
#[utoipa::path(tag = tags::CDS_HOOKS, operation_id = "cds_quinine_for_cramps",
    request_body(content = OrderSelectRequest, content_type = "application/json",
        description = "An `order-select` hook call; `context.draftOrders` is a FHIR R4 Bundle. No prefetch is needed.",
        examples(
            ("quinine_order" = (summary = "A draft order for quinine sulfate for night cramps, selected",
                value = json!(super::examples::request("order_select_quinine")))),
            ("amoxicillin_order" = (summary = "A draft order for amoxicillin/clavulanate: no card",
                value = json!(super::examples::request("order_select_amoxicillin")))))),
    responses((status = 200, description = "A critical card per selected quinine order; `[]` otherwise. Catalogue URLs are on the host the client called (`https://cramp-advisor.example` in these examples).",
        body = CdsResponse,
        examples(
            ("answer_quinine_order" = (summary = "The answer to quinine_order",
                value = json!(super::examples::order_select_answer("order_select_quinine")))),
            ("amoxicillin_order" = (summary = "The answer to amoxicillin_order",
                value = json!(super::examples::order_select_answer("order_select_amoxicillin")))))),
        HookErrors))]
#[post("/quinine-for-cramps")]
pub(crate) async fn order_select(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let today = Date::from_system_time(SystemTime::now());
    order_select_answer(&req, payload, &state, today).await
}

async fn order_select_answer(
    req: &HttpRequest,
    payload: web::Payload,
    state: &AppState,
    clock: Date,
) -> Result<HttpResponse, ApiError> {
    let bytes = read_bytes(req, payload).await?;
    let (call, today, _) = checked_slowly::<OrderSelectContext>(
        &bytes,
        "order-select",
        prefetch::ORDER_SELECT,
        clock,
    )?;
    // Optional prefetch, never fetched (an order screen must not wait on it): it can only add
    // the pregnancy line.
    let (resolved, _) = prefetch::sent_only(prefetch::ORDER_SELECT, call.prefetch.as_ref());
    let base = base_url(req);
    let cx = CardContext {
        service_id: Service::QuinineForCramps.id(),
        hook_instance: &call.hook_instance,
        base_url: &base,
    };
    let answer: CdsResponse =
        answer::order_select(&call.context, &resolved, today, &state.kb, &cx)?;
    respond(req, &answer)
}
