//! Safety rules 1–4, 6 and 7 as properties over arbitrary valid profiles.

use proptest::prelude::*;

use super::strategy::{arb_profile, profile_and_shuffled};
use super::{assess, flag_ids, kb, remedy_ids};
use crate::domain::{
    EvidenceLevel, MedicalCondition, PlanPhase, PregnancyStage, Profile, TriageLevel,
    normalise_medicine_name,
};
use crate::engine::Assessment;

/// Supplements that may only be taken in pregnancy after checking with the maternity team.
const SUPPLEMENTS: [&str; 2] = ["magnesium_in_pregnancy", "vitamin_b_complex"];
const MATERNITY: &str = "maternity team";
const FORBIDDEN: [&str; 7] = [
    "stop taking",
    "stop your",
    "reduce your dose",
    "reduce the dose",
    "skip",
    "swap",
    "switch",
];
/// The only allowed contexts for "stop", removed before searching for forbidden phrases.
/// The statin's own routine advice states what the NHS says for its warning signs (H-79): an
/// attributed label statement, not routine stop advice.
const ALLOWED: [&str; 4] = [
    "do not stop",
    "don't stop",
    "not stop",
    "the nhs says to stop taking the statin",
];

/// Every text an assessment can show a person. Typed medicine names appear in some facts; the
/// generator never puts a forbidden word in them.
fn texts(a: &Assessment<'_>) -> Vec<String> {
    let mut facts: Vec<String> = Vec::new();
    let mut out: Vec<&str> = vec![a.triage.headline];
    for r in &a.triage.red_flags {
        let f = r.flag;
        out.extend([
            f.title.as_str(),
            f.headline.as_str(),
            f.action.as_str(),
            f.possible_cause.as_str(),
        ]);
    }
    for c in &a.causes {
        out.extend([c.cause.title.as_str(), c.cause.summary.as_str()]);
        facts.extend(c.because.iter().map(|r| r.fact.to_string()));
    }
    for r in &a.remedies {
        out.extend([r.remedy.title.as_str(), r.remedy.summary.as_str()]);
        out.extend(r.remedy.how_to.iter().map(|t| t.as_str()));
        out.extend(r.cautions.iter().map(|t| t.as_str()));
    }
    for w in &a.withheld_remedies {
        out.extend([w.remedy.title.as_str(), w.reason.as_str()]);
    }
    for s in &a.relief_plan {
        out.push(s.action);
        out.extend(s.why.sentences.iter().copied());
    }
    for m in &a.medication_review {
        out.push(m.class.title.as_str());
        // A medicine a raised red flag implicates gets what its label says for these symptoms,
        // which may be to stop it and get help now: that advice is checked by the safety
        // properties, and only there is it allowed.
        if m.red_flag_ids.is_empty() {
            out.push(m.advice);
        }
    }
    for d in &a.differentials {
        out.extend([
            d.differential.title.as_str(),
            d.differential.summary.as_str(),
        ]);
        out.extend(
            d.differential
                .distinguishing_features
                .iter()
                .map(String::as_str),
        );
    }
    for q in &a.missing_inputs {
        out.extend([q.question.as_str(), q.why.as_str()]);
    }
    out.into_iter().map(str::to_owned).chain(facts).collect()
}

/// Replaces pointers into request lists (`Symptoms[3]`) with the item they point at
/// (`Symptoms[{dark_urine}]`), so two orders of the same lists render alike.
fn resolve_list_pointers(text: &str, p: &Profile) -> String {
    let names = |items: Vec<&str>| items.into_iter().map(str::to_owned).collect::<Vec<_>>();
    let lists = [
        (
            "Medications[",
            p.medications
                .iter()
                .map(|m| normalise_medicine_name(m))
                .collect(),
        ),
        (
            "Conditions[",
            names(p.conditions.iter().map(|c| c.as_str()).collect()),
        ),
        (
            "Symptoms[",
            names(p.symptoms.iter().map(|s| s.as_str()).collect()),
        ),
        (
            "Muscles[",
            names(p.cramps.muscles.iter().map(|m| m.as_str()).collect()),
        ),
        (
            "KnownDeficiencies[",
            names(p.known_deficiencies.iter().map(|d| d.as_str()).collect()),
        ),
    ];
    let mut text = text.to_owned();
    for (prefix, items) in lists {
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(prefix) {
            let (head, tail) = rest.split_at(at + prefix.len());
            let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
            out.push_str(head);
            let item = tail[..digits]
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i));
            match item {
                Some(item) => out.push_str(&format!("{{{item}}}")),
                None => out.push_str(&tail[..digits]),
            }
            rest = &tail[digits..];
        }
        out.push_str(rest);
        text = out;
    }
    text
}

fn pregnant_or_postpartum(p: &Profile) -> bool {
    p.pregnancy.is_some_and(|s| s != PregnancyStage::None)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn rule_1_red_flags_come_first_and_the_plan_is_ordered(p in arb_profile()) {
        prop_assert!(p.check().is_ok(), "generated an invalid profile");
        let a = assess(&p, kb());
        let plan = &a.relief_plan;
        let orders: Vec<u32> = plan.iter().map(|s| s.order).collect();
        prop_assert_eq!(orders, (1..=u32::try_from(plan.len()).unwrap()).collect::<Vec<_>>());
        prop_assert!(plan.is_sorted_by_key(|s| s.phase), "phases out of order");
        let level = a.triage.level;
        if level <= TriageLevel::Urgent {
            prop_assert_eq!(plan[0].phase, PlanPhase::SeekCareNow, "level {:?}", level);
            let last_seek = plan.iter().rposition(|s| s.phase == PlanPhase::SeekCareNow);
            let first_other = plan.iter().position(|s| s.phase != PlanPhase::SeekCareNow);
            if let (Some(last), Some(first)) = (last_seek, first_other) {
                prop_assert!(last < first, "a self-care step precedes seeking care");
            }
        } else {
            prop_assert!(plan.iter().all(|s| s.phase != PlanPhase::SeekCareNow));
        }
        if level == TriageLevel::Soon {
            prop_assert!(plan.iter().any(|s| s.phase == PlanPhase::WithClinician));
        }
        let top = a.triage.red_flags.first().map(|r| TriageLevel::from(r.flag.urgency));
        prop_assert!(top.is_none_or(|t| t == level), "level is not the top flag's");
        prop_assert!(a.triage.headline.chars().count() <= 140, "headline too long");
    }

    #[test]
    fn rule_2_no_text_tells_anyone_to_stop_reduce_skip_or_swap_a_medicine(p in arb_profile()) {
        let a = assess(&p, kb());
        for text in texts(&a) {
            let text = ALLOWED.iter().fold(text.to_lowercase(), |t, ok| t.replace(ok, " "));
            for phrase in FORBIDDEN {
                prop_assert!(!text.contains(phrase), "{:?} in {:?}", phrase, text);
            }
        }
    }

    #[test]
    fn rule_3_quinine_tonic_water_and_not_recommended_remedies_are_never_offered(
        p in arb_profile()
    ) {
        let a = assess(&p, kb());
        for r in &a.remedies {
            prop_assert!(!["quinine", "tonic_water"].contains(&r.remedy.id.as_str()));
            prop_assert!(r.remedy.evidence != EvidenceLevel::NotRecommended, "{}", r.remedy.id);
        }
        let offered = remedy_ids(&a);
        for step in &a.relief_plan {
            if let Some(id) = step.remedy_id {
                prop_assert!(!["quinine", "tonic_water"].contains(&id));
                prop_assert!(offered.contains(&id), "plan step for {} not offered", id);
            }
        }
    }

    #[test]
    fn rule_4_contraindicated_remedies_are_never_offered(p in arb_profile()) {
        use MedicalCondition::*;
        let a = assess(&p, kb());
        let offered = remedy_ids(&a);
        let flags = flag_ids(&a);
        let has = |c| p.has_condition(c);
        let not_offered = |ids: &[&str]| ids.iter().all(|id| !offered.contains(id));
        if has(ChronicKidneyDisease) || has(Dialysis) {
            prop_assert!(not_offered(&["magnesium_in_pregnancy", "potassium_supplement"]));
        }
        let restricted = p.lifestyle.on_fluid_restriction == Some(true);
        if restricted || has(HeartFailure) || has(Dialysis) || has(LiverDisease) || has(Cirrhosis) {
            prop_assert!(not_offered(&["hydration"]), "hydration offered");
        }
        if has(Diabetes) || has(PeripheralNeuropathy) || has(PeripheralArteryDisease) {
            prop_assert!(not_offered(&["heat"]), "heat offered");
        }
        if flags.contains(&"possible_dvt") || flags.contains(&"possible_pulmonary_embolism") {
            prop_assert!(not_offered(&["massage", "heat"]), "massage or heat on a clot");
        }
        if pregnant_or_postpartum(&p) {
            for r in a.remedies.iter().filter(|r| SUPPLEMENTS.contains(&r.remedy.id.as_str())) {
                prop_assert!(r.cautions.iter().any(|c| c.contains(MATERNITY)), "{}", r.remedy.id);
            }
        }
        for w in &a.withheld_remedies {
            prop_assert!(!offered.contains(&w.remedy.id.as_str()), "{} both", w.remedy.id);
            prop_assert!(!w.reason.is_empty() && !w.pointers.is_empty(), "{}", w.remedy.id);
        }
    }

    #[test]
    fn rule_6_everything_returned_cites_sources_that_resolve(p in arb_profile()) {
        let a = assess(&p, kb());
        let cited = a.causes.iter().map(|c| (&c.cause.id, &c.cause.source_ids))
            .chain(a.remedies.iter().map(|r| (&r.remedy.id, &r.remedy.source_ids)))
            .chain(a.withheld_remedies.iter().map(|w| (&w.remedy.id, &w.remedy.source_ids)))
            .chain(a.triage.red_flags.iter().map(|r| (&r.flag.id, &r.flag.source_ids)))
            .chain(a.medication_review.iter().map(|m| (&m.class.id, &m.class.source_ids)))
            .chain(a.differentials.iter().map(|d| (&d.differential.id, &d.differential.source_ids)));
        for (id, sources) in cited {
            prop_assert!(!sources.is_empty(), "{} has no source", id);
            for s in sources {
                prop_assert!(kb().source(s).is_some(), "{} cites unknown {}", id, s);
            }
        }
    }

    #[test]
    fn rule_7_the_assessment_is_deterministic_and_ignores_list_order(
        (p, shuffled) in profile_and_shuffled()
    ) {
        let a = assess(&p, kb());
        prop_assert_eq!(&a, &assess(&p, kb()), "two calls differ");
        let b = assess(&shuffled, kb());
        let (left, right) = (format!("{a:#?}"), format!("{b:#?}"));
        prop_assert_eq!(resolve_list_pointers(&left, &p), resolve_list_pointers(&right, &shuffled));
    }
}

#[test]
fn list_pointers_are_resolved_to_the_items_they_point_at() {
    // Arrange
    let p = super::adult(|p| {
        p.symptoms = vec![
            crate::domain::Symptom::DarkUrine,
            crate::domain::Symptom::ColdPaleLeg,
        ];
        p.medications = vec!["  Lasix 40MG".into()];
    });

    // Act
    let text = resolve_list_pointers("at Symptoms[1] and Medications[0], not Symptoms[9]", &p);

    // Assert
    assert_eq!(
        text,
        "at Symptoms[{cold_pale_leg}] and Medications[{lasix 40mg}], not Symptoms[9]"
    );
}
