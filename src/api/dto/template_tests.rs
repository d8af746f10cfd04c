//! The answers written from templates are byte for byte `serde_json`'s: over every example
//! persona, a minimal and a full profile, and generated profiles, in every language and view.

use std::sync::LazyLock;

use proptest::prelude::*;

use super::template::Template;
use super::{AnswerTemplates, InputInconsistency, View};
use crate::domain::{Lang, Profile};
use crate::engine::assess;
use crate::knowledge::KnowledgeBase;

static KBS: LazyLock<Vec<KnowledgeBase>> =
    LazyLock::new(|| KnowledgeBase::embedded_all().expect("every language loads"));

static TEMPLATES: LazyLock<AnswerTemplates> =
    LazyLock::new(|| AnswerTemplates::new(KBS.iter()).expect("the templates are captured"));

const VIEWS: [View; 4] = [View::Full, View::Causes, View::Remedies, View::ReliefPlan];

/// Every view of `profile` in every language, both ways; the first difference, if any.
fn compare(profile: &Profile) -> Result<(), String> {
    for (kb, lang) in KBS.iter().zip(Lang::ALL) {
        let mut profile = profile.clone();
        let inconsistencies: Vec<_> = profile.reconcile();
        let a = assess(&profile, kb);
        for view in VIEWS {
            let found = || {
                inconsistencies
                    .iter()
                    .map(|i| InputInconsistency::new(i, lang))
                    .collect()
            };
            let mut fast = Vec::new();
            TEMPLATES.write(&mut fast, view, &a, kb, found());
            let mut reference = Vec::new();
            super::fragments::write_view(None, &mut reference, view, &a, kb, found());
            if fast != reference {
                let at = fast
                    .iter()
                    .zip(&reference)
                    .take_while(|(x, y)| x == y)
                    .count();
                let around = |b: &[u8]| {
                    String::from_utf8_lossy(&b[at.saturating_sub(80)..(at + 80).min(b.len())])
                        .into_owned()
                };
                return Err(format!(
                    "{view:?} in {lang:?} differs at byte {at}:\n templates: {}\n serde_json: {}",
                    around(&fast),
                    around(&reference)
                ));
            }
        }
    }
    Ok(())
}

fn profile(json: &str) -> Profile {
    crate::api::parse_profile(json.as_bytes()).expect("an example profile is valid")
}

#[test]
fn every_example_persona_is_written_exactly_as_serde_json_writes_it() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/examples/profiles");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("the example profiles") {
        let path = entry.expect("a directory entry").path();
        let json = std::fs::read_to_string(&path).expect("an example profile");
        compare(&profile(&json)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        seen += 1;
    }
    assert!(seen >= 20, "only {seen} example profiles");
    for json in [
        r#"{"age": 40}"#,
        // Contradictory hours: the answer lists the inconsistency.
        r#"{"age": 50, "lifestyle": {"sitting_hours_per_day": 20, "standing_hours_per_day": 10}}"#,
        // An unknown medicine and one that is a red flag's.
        r#"{"age": 70, "medications": ["Mystery Tonic", "simvastatin 40 mg"], "symptoms": ["muscle_weakness", "dark_urine"]}"#,
    ] {
        compare(&profile(json)).unwrap();
    }
}

#[test]
fn every_entry_of_every_language_has_its_template() {
    for (kb, lang) in KBS.iter().zip(Lang::ALL) {
        // A missing template would only be slower (the entry is then serialised whole), so
        // nothing else would notice one.
        let counts = TEMPLATES.counts(kb).expect("templates for every language");
        assert_eq!(
            counts,
            super::fragments::Counts {
                red_flags: kb.red_flags.len(),
                causes: kb.causes.len(),
                remedies: kb.remedies.len(),
                withheld: kb.remedies.len(),
                steps: kb.remedies.iter().filter(|r| r.plan.is_some()).count(),
                any_step: true,
                classes: kb.medication_classes.len(),
                differentials: kb.differentials.len(),
                questions: kb.questions.len(),
            },
            "{lang:?}"
        );
    }
}

#[test]
fn a_probe_that_leaves_a_persons_member_unvaried_is_refused() {
    #[derive(serde::Serialize)]
    struct Item<'a> {
        id: &'a str,
        score: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<&'a str>,
    }
    let a = Item {
        id: "x",
        score: 1,
        note: None,
    };
    let b = Item {
        id: "x",
        score: 2,
        note: Some("n"),
    };
    assert!(Template::capture(&a, &b, 2).is_ok());
    // The caller meant `score` and `note` to differ; a probe pair that only varies one is
    // an error, not a template with a person's score in it.
    let same_score = Item {
        id: "x",
        score: 1,
        note: Some("n"),
    };
    assert!(Template::capture(&a, &same_score, 2).is_err());
    // Written through the template: fixed `id`, holes as given, an absent hole left out.
    let template = Template::capture(&a, &b, 2).unwrap();
    for item in [
        &a,
        &b,
        &Item {
            id: "x",
            score: 7,
            note: Some("\"q\""),
        },
    ] {
        let mut out = Vec::new();
        template.write_filling(&mut out, item, &mut |_, _| false);
        assert_eq!(out, serde_json::to_vec(item).unwrap());
    }
    // Another entry's value (a different `id`) cannot be told apart from the fixed bytes, so
    // an item must only ever be written with its own entry's template: `fragments` finds it
    // by the entry's address. A member present that the template has as always absent falls
    // back to serde_json.
    let always_absent = Template::capture(&a, &Item { score: 2, ..a }, 1).unwrap();
    let mut out = Vec::new();
    always_absent.write_filling(&mut out, &b, &mut |_, _| false);
    assert_eq!(out, serde_json::to_vec(&b).unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_profiles_are_written_exactly_as_serde_json_writes_them(
        profile in crate::engine::tests::strategy::arb_profile()
    ) {
        prop_assert_eq!(compare(&profile), Ok(()));
    }
}
