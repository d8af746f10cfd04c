//! Every answer the service writes with its own JSON writer (`http::json`) is the bytes
//! `serde_json` writes for it: over every example profile, in every language, for the full
//! answer and its three views.

use crate::api::dto::{AssessmentResponse, CausesView, ReliefPlanView, RemediesView};
use crate::api::parse_profile;
use crate::domain::Lang;
use crate::engine::assess;
use crate::http::json::to_vec;
use crate::knowledge::KnowledgeBase;

fn same<T: serde::Serialize>(what: &str, answer: &T) {
    let ours = to_vec(answer, 0).expect("ours serialises");
    let theirs = serde_json::to_vec(answer).expect("serde_json serialises");
    assert!(ours == theirs, "{what}: the two writers differ");
}

#[test]
fn every_example_answer_is_written_as_serde_json_writes_it() {
    let kbs = KnowledgeBase::embedded_all().expect("embedded knowledge");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/examples/profiles");
    let mut answers = 0;
    for entry in std::fs::read_dir(dir).expect("examples") {
        let path = entry.expect("entry").path();
        let profile = parse_profile(&std::fs::read(&path).expect("readable")).expect("valid");
        for (kb, lang) in kbs.iter().zip(Lang::ALL) {
            let a = assess(&profile, kb);
            let what = format!("{} ({lang:?})", path.display());
            same(&what, &AssessmentResponse::new(&a, kb));
            same(&what, &CausesView::new(&a, kb));
            same(&what, &RemediesView::new(&a, kb));
            same(&what, &ReliefPlanView::new(&a, kb));
            answers += 4;
        }
    }
    assert!(answers >= 4 * 4 * 20, "only {answers} answers compared");
}
