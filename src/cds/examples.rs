//! The OpenAPI examples of the hook calls: realistic FHIR R4 calls from
//! [`crate::examples::FHIR_CALLS`] (the integration tests' cases: one source, no copies) and, computed
//! from them by the service's own code ([`super::answer`]), their answers, so a documented answer
//! can never drift from what the service says.
//!
//! Card URLs are absolute URLs on the server the client called, so the documented answers use
//! [`EXAMPLE_BASE_URL`]; the integration tests post each example with that host and check the
//! live answer equals the documented one. Answers that hold no URL (no cards) carry the same
//! example name as their call, so `check_examples.py` compares them with the live answer too.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Service;
use super::call::request_date;
use super::cards::CardContext;
use super::dates::Date;
use super::prefetch::{self, Template};
use super::request::{HookRequest, OrderSelectContext, PatientViewContext};
use super::{answer, response::CdsResponse};
use crate::knowledge::KnowledgeBase;

/// The server the documented answers were "called" on.
pub(crate) const EXAMPLE_BASE_URL: &str = "https://cramp-advisor.example";

/// The request-body examples of each hook, as the services' documentation names them:
/// `(example name, fixture stem)`. The 200 example of each is named `answer_{name}`, or `{name}`
/// when it holds no URL (see the module docs).
#[cfg(test)]
pub(crate) const PATIENT_VIEW: [(&str, &str); 3] = [
    (
        "older_patient_on_thiazide_with_ckd",
        "patient_view_older_ckd_thiazide",
    ),
    ("pregnant_patient", "patient_view_pregnant"),
    ("dvt_red_flag", "patient_view_dvt_red_flag"),
];

/// A fixture's JSON, by file stem.
///
/// # Panics
/// For an unknown stem or invalid JSON (unit tests load every one).
pub(crate) fn request(stem: &str) -> Value {
    let text = crate::examples::fhir_call(stem).unwrap_or_else(|| panic!("no CDS example {stem}"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("fixture {stem} is not JSON: {e}"))
}

/// The `nocturnal-leg-cramps` answer to a fixture, as served from [`EXAMPLE_BASE_URL`].
///
/// # Panics
/// When the fixture is not a call the service answers with 200 (unit tests check every one).
pub(crate) fn patient_view_answer(stem: &str) -> Value {
    let (call, today, resolved) = prepare::<PatientViewContext>(stem, prefetch::PATIENT_VIEW);
    let cx = context(Service::NocturnalLegCramps, &call.hook_instance);
    let kb = KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
    json(&answer::patient_view(&resolved, today, &kb, &cx).expect("the fixture is answered"))
}

/// The `quinine-for-cramps` answer to a fixture, as served from [`EXAMPLE_BASE_URL`].
///
/// # Panics
/// When the fixture is not a call the service answers with 200 (unit tests check every one).
pub(crate) fn order_select_answer(stem: &str) -> Value {
    let (call, today, resolved) = prepare::<OrderSelectContext>(stem, prefetch::ORDER_SELECT);
    let cx = context(Service::QuinineForCramps, &call.hook_instance);
    let kb = KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
    json(
        &answer::order_select(&call.context, &resolved, today, &kb, &cx)
            .expect("the fixture is answered"),
    )
}

type Prepared<C> = (HookRequest<C>, Date, BTreeMap<&'static str, Value>);

/// Decodes a fixture whose prefetch is complete (examples never fetch) and whose date is fixed.
fn prepare<C: DeserializeOwned>(stem: &str, templates: &[Template]) -> Prepared<C> {
    let call: HookRequest<C> =
        serde_json::from_value(request(stem)).expect("the fixture is a hook call");
    let today = request_date(call.extension.as_ref())
        .ok()
        .flatten()
        .expect("an example fixes its date with the request-date extension");
    let (resolved, _) = prefetch::sent_only(templates, call.prefetch.as_ref());
    (call, today, resolved)
}

fn context(service: Service, hook_instance: &str) -> CardContext<'_> {
    CardContext {
        service_id: service.id(),
        hook_instance,
        base_url: EXAMPLE_BASE_URL,
    }
}

fn json(response: &CdsResponse) -> Value {
    serde_json::to_value(response).expect("a CDS response serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_answered_and_only_quinine_and_the_record_with_cramps_give_cards() {
        for (name, stem) in PATIENT_VIEW {
            let answer = patient_view_answer(stem);
            assert!(!answer["cards"].as_array().unwrap().is_empty(), "{name}");
        }
        let cards = |stem| order_select_answer(stem)["cards"].as_array().unwrap().len();
        assert_eq!(cards("order_select_quinine"), 1);
        assert_eq!(cards("order_select_amoxicillin"), 0);
    }
}
