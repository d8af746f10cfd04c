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
use std::sync::{Mutex, PoisonError};

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
    remembered(Service::NocturnalLegCramps, stem, |kb| {
        let (call, today, resolved) = prepare::<PatientViewContext>(stem, prefetch::PATIENT_VIEW);
        let cx = context(Service::NocturnalLegCramps, &call.hook_instance);
        json(&answer::patient_view(&resolved, today, kb, &cx).expect("the fixture is answered"))
    })
}

/// The `quinine-for-cramps` answer to a fixture, as served from [`EXAMPLE_BASE_URL`].
///
/// # Panics
/// When the fixture is not a call the service answers with 200 (unit tests check every one).
pub(crate) fn order_select_answer(stem: &str) -> Value {
    remembered(Service::QuinineForCramps, stem, |kb| {
        let (call, today, resolved) = prepare::<OrderSelectContext>(stem, prefetch::ORDER_SELECT);
        let cx = context(Service::QuinineForCramps, &call.hook_instance);
        json(
            &answer::order_select(&call.context, &resolved, today, kb, &cx)
                .expect("the fixture is answered"),
        )
    })
}

/// The answers made so far, by service and fixture, and the knowledge base they were made
/// with: each is made once per process. The document is built by the main thread at start,
/// then again (and dropped) by each worker as it registers its routes, since utoipa-actix-web
/// evaluates every operation's examples then; each answer made afresh loaded the embedded
/// knowledge base: 36% of the start-up CPU (BENCHMARKS.md, issue 15, seventh round). The
/// knowledge base is kept only while answers are still missing: the last example frees it.
struct Remembered {
    answers: BTreeMap<(&'static str, String), Value>,
    kb: Option<KnowledgeBase>,
}

static REMEMBERED: Mutex<Remembered> = Mutex::new(Remembered {
    answers: BTreeMap::new(),
    kb: None,
});

/// The documented answers: every example the services' operations show.
const DOCUMENTED: usize = 5;

fn remembered(service: Service, stem: &str, make: impl FnOnce(&KnowledgeBase) -> Value) -> Value {
    // A panic while making an answer (a broken fixture) leaves nothing half-written.
    let mut memo = REMEMBERED.lock().unwrap_or_else(PoisonError::into_inner);
    let key = (service.id(), stem.to_owned());
    if let Some(answer) = memo.answers.get(&key) {
        return answer.clone();
    }
    let kb = memo.kb.get_or_insert_with(|| {
        KnowledgeBase::embedded().expect("the embedded knowledge base is valid")
    });
    let answer = make(kb);
    memo.answers.insert(key, answer.clone());
    if memo.answers.len() >= DOCUMENTED {
        memo.kb = None;
    }
    answer
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

    #[test]
    fn the_knowledge_base_is_freed_after_as_many_answers_as_the_services_document() {
        use utoipa::Path;
        use utoipa::openapi::RefOr;
        let examples = |operation: utoipa::openapi::path::Operation| match operation
            .responses
            .responses
            .get("200")
        {
            Some(RefOr::T(ok)) => match ok.content.get("application/json") {
                Some(RefOr::T(json)) => json.examples.len(),
                _ => 0,
            },
            _ => 0,
        };
        let documented = examples(super::super::services::__path_patient_view::operation())
            + examples(super::super::services::__path_order_select::operation());
        assert_eq!(documented, DOCUMENTED);
    }
}
