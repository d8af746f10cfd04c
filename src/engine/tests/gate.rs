//! The quick test that skips rules ([`crate::domain::When::may_hold`]) never changes an
//! answer: over arbitrary profiles, every rule of the knowledge base holds with the test
//! exactly when it holds without it.

use proptest::prelude::*;

use super::safety::context_of;
use super::strategy::arb_profile;
use super::{adult, assess, kb};
use crate::domain::{Facts, When};
use crate::knowledge::KnowledgeBase;

/// Every rule of the knowledge base, with where it comes from.
fn every_rule(kb: &KnowledgeBase) -> Vec<(String, &When)> {
    let mut rules = vec![("meta routine_when".to_owned(), &kb.meta.routine_when)];
    for f in &kb.red_flags {
        rules.push((format!("red flag {}", f.id), &f.when));
    }
    for c in &kb.causes {
        rules.extend(
            c.signals
                .iter()
                .map(|s| (format!("cause {}", c.id), &s.when)),
        );
        rules.extend(
            c.exclude_when
                .iter()
                .map(|w| (format!("cause {} exclude", c.id), w)),
        );
    }
    for r in &kb.remedies {
        let name = |what: &str| format!("remedy {} {what}", r.id);
        rules.extend(r.suggest_when.iter().map(|w| (name("suggest"), w)));
        rules.extend(r.withhold.iter().map(|w| (name("withhold"), &w.when)));
        rules.extend(
            r.cautions
                .iter()
                .filter_map(|c| Some((name("caution"), c.when.as_ref()?))),
        );
    }
    for d in &kb.differentials {
        rules.extend(
            d.suggest_when
                .iter()
                .map(|w| (format!("differential {}", d.id), w)),
        );
    }
    for q in &kb.questions {
        rules.extend(
            q.ask_when
                .iter()
                .map(|w| (format!("question {:?}", q.field), w)),
        );
    }
    rules
}

#[test]
fn the_knowledge_base_has_rules_the_test_can_skip() {
    let skippable = every_rule(kb())
        .into_iter()
        .filter(|(_, w)| !w.may_hold(Facts::of(&adult(|_| {}))))
        .count();
    assert!(
        skippable > 50,
        "only {skippable} rules are skipped for a bare profile"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn skipping_a_rule_never_changes_whether_it_holds(profile in arb_profile()) {
        // With the red flags and causes of its assessment recorded, as the later rules see them.
        let cx = context_of(&profile, &assess(&profile, kb()));
        for (name, when) in every_rule(kb()) {
            prop_assert_eq!(cx.holds_when(when), cx.holds(when), "{}", name);
            prop_assert_eq!(cx.pointers_when(when), cx.pointers(when), "{}", name);
        }
    }
}
