//! The two hooks' answers as pure functions of the checked call, its resolved prefetch and the
//! date: mapping, the engine and the card builders. The handlers ([`super::services`]) and the
//! OpenAPI response examples ([`super::examples`]) both go through here, so a documented answer
//! is what the service really says.

use std::collections::BTreeMap;

use serde_json::Value;

use super::cards::{self, CardContext};
use super::dates::Date;
use super::mapping::{self, Records, Unmappable};
use super::prefetch;
use super::quinine;
use super::request::OrderSelectContext;
use super::response::CdsResponse;
use crate::engine;
use crate::http::{ApiError, FieldError};
use crate::knowledge::KnowledgeBase;

/// `nocturnal-leg-cramps`: triage, medicines to review and the relief plan; one warning card
/// (not assessed: the warning signs to check by hand) when the record shows leg cramps but no
/// usable age; no cards when the record shows no leg cramps.
///
/// # Errors
/// 422 when the prefetch is not valid FHIR; 500 when the mapped profile is invalid (a bug).
pub(crate) fn patient_view(
    resolved: &BTreeMap<&'static str, Value>,
    today: Date,
    kb: &KnowledgeBase,
    cx: &CardContext<'_>,
) -> Result<CdsResponse, ApiError> {
    let records = prefetch::records(resolved).map_err(|e| ApiError::Validation(vec![e]))?;
    patient_view_of(&records, today, kb, cx)
}

/// [`patient_view`] for records already read from the call (the handler's way: the prefetch
/// was read as FHIR while the call was decoded).
///
/// # Errors
/// 500 when the mapped profile is invalid (a bug).
pub(crate) fn patient_view_of(
    records: &Records,
    today: Date,
    kb: &KnowledgeBase,
    cx: &CardContext<'_>,
) -> Result<CdsResponse, ApiError> {
    let cards = match mapping::map_records(records, today, kb) {
        Ok(mapped) if mapped.shows_cramps => {
            engine::assess_then(&mapped.profile, kb, |assessment| {
                // On the request's one access line, as for the v1 assessments; the detail
                // only when debugging.
                crate::http::middleware::record_triage(assessment.triage.level.as_str());
                tracing::debug!(
                    medicines = assessment.medication_review.len(),
                    "patient-view cards built"
                );
                cards::patient_view_cards(assessment, kb, &mapped, cx)
            })
        }
        Ok(_) => {
            tracing::debug!("patient-view: no leg cramps in the record, no cards");
            Vec::new()
        }
        Err(Unmappable::Invalid(errors)) => {
            return Err(ApiError::Unexpected(anyhow::anyhow!(
                "the mapped profile is invalid: {errors:?}"
            )));
        }
        // No age, so no assessment; but a record that shows cramps never gets silence, which a
        // clinician would read as "nothing to see": a warning card says it was not assessed
        // and lists the warning signs to check by hand.
        Err(reason) if mapping::shows_cramps(records) => {
            let reason = match reason {
                Unmappable::NoBirthDate => cards::NotAssessed::NoBirthDate,
                Unmappable::AgeOutOfRange(_) | Unmappable::Invalid(_) => {
                    cards::NotAssessed::AgeOutOfRange
                }
            };
            tracing::info!(
                reason = reason.code(),
                "patient-view: leg cramps but no usable age, not assessed"
            );
            vec![cards::not_assessed_card(reason, kb, cx)]
        }
        Err(_) => {
            tracing::debug!(
                "patient-view: no leg cramps in the record and no usable age, no cards"
            );
            Vec::new()
        }
    };
    Ok(CdsResponse { cards })
}

/// `quinine-for-cramps`: one critical card per selected draft order for quinine (noting a
/// pregnancy the optional prefetch shows), no cards otherwise.
///
/// # Errors
/// 422 when `draftOrders` or the prefetch is not valid FHIR.
pub(crate) fn order_select(
    context: &OrderSelectContext,
    resolved: &BTreeMap<&'static str, Value>,
    today: Date,
    kb: &KnowledgeBase,
    cx: &CardContext<'_>,
) -> Result<CdsResponse, ApiError> {
    let orders = quinine::quinine_orders(context, kb).map_err(|(pointer, message)| {
        ApiError::Validation(vec![FieldError::new(
            format!("/context/draftOrders{pointer}"),
            "invalid_fhir",
            message,
        )])
    })?;
    let records = prefetch::records(resolved).map_err(|e| ApiError::Validation(vec![e]))?;
    let pregnant = !orders.is_empty()
        && mapping::pregnancy(&records, today).is_some_and(|c| c.stage.is_pregnant());
    let cards: Vec<_> = orders
        .iter()
        .map(|o| quinine::card(o, pregnant, kb, cx))
        .collect();
    tracing::info!(cards = cards.len(), "order-select answered");
    Ok(CdsResponse { cards })
}
