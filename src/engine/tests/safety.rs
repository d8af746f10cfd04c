//! The safety rules of the red flags and contraindications as properties that reach every entry
//! of the knowledge base: each red flag is raised on top of arbitrary profiles by a witness, so
//! "for every flag R" means every R, not only those random profiles happen to hit.

use proptest::prelude::*;
use proptest::sample::select;

use super::strategy::arb_profile;
use super::witness::satisfy;
use super::{assess, kb};
use crate::domain::{CauseRole, PlanPhase, Profile, RedFlag, TriageLevel, Urgency};
use crate::engine::context::{Context, Finding};
use crate::engine::{Assessment, List};
use crate::knowledge::KnowledgeBase;
use crate::knowledge::content_checks::UNSAFE_WITH_MUSCLE_BREAKDOWN;

/// Words the routine advice must never carry for an implicated medicine.
const NOT_FOR_AN_IMPLICATED_MEDICINE: [&str; 4] = [
    "do not stop",
    "two weeks",
    "especially if the cramps began",
    "review it",
];

/// `p` with `flag` raised by a witness, or `None` when no witness choice raises it on top of
/// `p` (a `not` in its rule, or a diagnosis it suspects, rules it out for this background).
fn with_flag_raised(p: &Profile, flag: &RedFlag, choice: usize) -> Option<Profile> {
    (0..8).find_map(|extra| {
        let mut q = p.clone();
        satisfy(&flag.when, &mut q, kb(), choice + extra);
        let raised = q.check().is_ok()
            && assess(&q, kb())
                .triage
                .red_flags
                .iter()
                .any(|r| r.flag.id == flag.id);
        raised.then_some(q)
    })
}

/// Every remedy id the answer offers: the remedies list and every plan step.
fn offered<'a>(a: &'a Assessment<'_>) -> Vec<&'a str> {
    a.remedies
        .iter()
        .map(|r| r.remedy.id.as_str())
        .chain(a.relief_plan.iter().filter_map(|s| s.remedy_id))
        .collect()
}

/// A context that knows the assessment's findings, to evaluate remedy rules after the fact.
pub(super) fn context_of<'a>(p: &'a Profile, a: &Assessment<'a>) -> Context<'a> {
    let (mut cx, _) = Context::new(p, kb());
    cx.triage = a.triage.level;
    for r in &a.triage.red_flags {
        cx.record(Finding::RedFlag, &r.flag.id, r.pointers.iter().copied());
    }
    for c in &a.causes {
        cx.record(
            Finding::Cause,
            &c.cause.id,
            c.because.iter().map(|r| r.pointer),
        );
    }
    cx
}

fn flags_with_withholds() -> Vec<&'static RedFlag> {
    kb().red_flags
        .iter()
        .filter(|f| f.withhold.is_some())
        .collect()
}

/// Every (red flag, implicated class) pair in the knowledge base.
fn implicated_pairs() -> Vec<(&'static RedFlag, &'static str)> {
    kb().red_flags
        .iter()
        .flat_map(|f| f.implicates.iter().map(move |i| (f, i.class.as_str())))
        .collect()
}

/// The emergency flags.
fn emergency_flags() -> Vec<&'static RedFlag> {
    kb().red_flags
        .iter()
        .filter(|f| f.urgency == Urgency::Emergency)
        .collect()
}

/// Words that send a person to a slower route than an emergency: a GP, 111, a midwife, "today".
const SLOWER_THAN_AN_EMERGENCY: [&str; 5] = ["today", " gp", "111", "midwife", "prescribed"];

fn flags_that_suspect() -> Vec<&'static RedFlag> {
    kb().red_flags
        .iter()
        .filter(|f| f.suspects.is_some())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// §1: while a flag stands, nothing it withholds is offered, in the list or the plan, and
    /// each such remedy that would have been offered is listed as withheld for that flag.
    #[test]
    fn a_remedy_a_raised_flag_withholds_is_offered_nowhere(
        p in arb_profile(), flag in select(flags_with_withholds()), choice in 0_usize..64,
    ) {
        let Some(q) = with_flag_raised(&p, flag, choice) else { return Ok(()) };
        let a = assess(&q, kb());
        let offered = offered(&a);
        for id in &flag.withhold.as_ref().unwrap().remedies {
            prop_assert!(!offered.contains(&id.as_str()), "{} offered under {}", id, flag.id);
        }
    }

    /// Every raised flag, whichever raised it: its withholds hold, and withheld-for-a-flag
    /// entries name a raised flag.
    #[test]
    fn withholds_of_every_raised_flag_hold_on_any_profile(p in arb_profile()) {
        let a = assess(&p, kb());
        let offered = offered(&a);
        for raised in &a.triage.red_flags {
            for id in raised.flag.withhold.iter().flat_map(|w| &w.remedies) {
                prop_assert!(!offered.contains(&id.as_str()), "{} offered under {}", id, raised.flag.id);
            }
        }
        for w in &a.withheld_remedies {
            if let Some(flag) = w.red_flag_id {
                prop_assert!(a.triage.red_flags.iter().any(|r| r.flag.id == flag));
            }
        }
    }

    /// Generic contraindication: whenever one of a remedy's `withhold` rules holds, the remedy
    /// is offered nowhere.
    #[test]
    fn a_remedy_whose_contraindication_holds_is_offered_nowhere(p in arb_profile()) {
        let a = assess(&p, kb());
        let cx = context_of(&p, &a);
        let offered = offered(&a);
        for r in &kb().remedies {
            if r.withhold.iter().any(|w| cx.holds(&w.when)) {
                prop_assert!(!offered.contains(&r.id.as_str()), "{} offered", r.id);
            }
        }
    }

    /// §2: a medicine a raised flag implicates is met with that flag's advice, never the routine
    /// "review it" text.
    #[test]
    fn an_implicated_medicine_gets_its_flags_advice(
        p in arb_profile(), (flag, class) in select(implicated_pairs()), choice in 0_usize..64,
    ) {
        let mut p = p;
        satisfy(&crate::domain::Rule::TakesMedicationClass { class: class.to_owned() }, &mut p, kb(), choice);
        let Some(q) = with_flag_raised(&p, flag, choice) else { return Ok(()) };
        let a = assess(&q, kb());
        let implicated: Vec<_> = a.medication_review.iter()
            .filter(|m| m.red_flag_ids.contains(&flag.id.as_str()))
            .collect();
        prop_assert!(!implicated.is_empty(), "no medicine implicated by {} ({})", flag.id, class);
        for m in implicated {
            prop_assert_ne!(m.advice, kb().meta.medication_advice.as_str());
            let advice = m.advice.to_lowercase();
            for words in NOT_FOR_AN_IMPLICATED_MEDICINE {
                prop_assert!(!advice.contains(words), "{:?} in the advice for {}", words, m.medicine);
            }
        }
    }

    /// §12 rhabdomyolysis: whatever else a profile says, dark urine is met with no massage,
    /// heat, cold or exertion, in the remedies or the plan.
    #[test]
    fn dark_urine_never_gets_massage_heat_or_exercise(p in arb_profile()) {
        let mut q = p;
        if !q.symptoms.contains(&crate::domain::Symptom::DarkUrine) {
            q.symptoms.push(crate::domain::Symptom::DarkUrine);
        }
        q.answered.symptoms = true;
        prop_assume!(q.check().is_ok());
        let a = assess(&q, kb());
        let offered = offered(&a);
        for id in UNSAFE_WITH_MUSCLE_BREAKDOWN {
            prop_assert!(!offered.contains(&id), "{} offered with dark urine under {:?}", id,
                a.triage.red_flags.iter().map(|r| r.flag.id.as_str()).collect::<Vec<_>>());
        }
    }

    /// Under an emergency, a medicine implicated by a less urgent flag (a statin with new cramps
    /// beside cauda equina signs) is never sent to a GP, 111 or "today": its advice tells the
    /// emergency team.
    #[test]
    fn under_an_emergency_implicated_advice_never_points_to_a_slower_route(
        p in arb_profile(), (flag, class) in select(implicated_pairs()),
        emergency in select(emergency_flags()), choice in 0_usize..64,
    ) {
        let mut p = p;
        satisfy(&crate::domain::Rule::TakesMedicationClass { class: class.to_owned() }, &mut p, kb(), choice);
        let Some(q) = with_flag_raised(&p, flag, choice) else { return Ok(()) };
        let Some(q) = with_flag_raised(&q, emergency, choice) else { return Ok(()) };
        let a = assess(&q, kb());
        prop_assert_eq!(a.triage.level, TriageLevel::Emergency);
        for m in a.medication_review.iter().filter(|m| !m.red_flag_ids.is_empty()) {
            let advice = m.advice.to_lowercase();
            prop_assert!(advice.contains("emergency team"), "{} ({:?}): {}", m.medicine, m.red_flag_ids, advice);
            for words in SLOWER_THAN_AN_EMERGENCY {
                prop_assert!(!advice.contains(words), "{:?} for {} ({:?}): {}", words, m.medicine, m.red_flag_ids, advice);
            }
        }
    }

    /// A known diagnosis does not raise its own "possible …" flag.
    #[test]
    fn a_known_diagnosis_does_not_raise_its_own_flag(
        p in arb_profile(), flag in select(flags_that_suspect()), choice in 0_usize..64,
    ) {
        let mut q = p;
        satisfy(&flag.when, &mut q, kb(), choice);
        let known = flag.suspects.unwrap();
        if !q.conditions.contains(&known) {
            q.conditions.push(known);
        }
        q.answered.conditions = true;
        prop_assume!(q.check().is_ok());
        let a = assess(&q, kb());
        prop_assert!(a.triage.red_flags.iter().all(|r| r.flag.id != flag.id), "{} raised", flag.id);
    }

    /// The seek-care step answers the most urgent flag and names every emergency or urgent one;
    /// under an emergency the plan holds only what can be done while waiting.
    #[test]
    fn the_seek_care_step_answers_the_most_urgent_flag_and_names_them_all(p in arb_profile()) {
        let a = assess(&p, kb());
        let urgent: Vec<&str> = a.triage.red_flags.iter()
            .filter(|r| matches!(r.flag.urgency, Urgency::Emergency | Urgency::Urgent))
            .map(|r| r.flag.id.as_str())
            .collect();
        let seek: Vec<_> = a.relief_plan.iter().filter(|s| s.phase == PlanPhase::SeekCareNow).collect();
        if let Some(top) = a.triage.red_flags.first().filter(|_| !urgent.is_empty()) {
            prop_assert_eq!(seek.len(), 1);
            prop_assert_eq!(seek[0].action, top.flag.action.as_str());
            prop_assert_eq!(&seek[0].why.red_flag_ids, &urgent);
        } else {
            prop_assert!(seek.is_empty());
        }
        if a.triage.level == TriageLevel::Emergency {
            for s in &a.relief_plan {
                prop_assert!(matches!(s.phase, PlanPhase::SeekCareNow | PlanPhase::DuringCramp), "{:?}", s.phase);
            }
        }
    }

    /// Red flags come most urgent first whatever the order of the data file.
    #[test]
    fn red_flags_are_in_urgency_order_even_with_the_data_file_reversed(p in arb_profile()) {
        for kb in [kb(), reversed()] {
            let a = assess(&p, kb);
            prop_assert!(a.triage.red_flags.is_sorted_by_key(|r| r.flag.urgency));
        }
    }

    /// The fallback cause is never above moderate, never offered beside an emergency or urgent
    /// flag, and excluded causes never appear.
    #[test]
    fn the_fallback_and_excluded_causes_stay_in_their_place(p in arb_profile()) {
        let a = assess(&p, kb());
        let cx = context_of(&p, &a);
        for c in &a.causes {
            prop_assert!(c.cause.exclude_when.as_ref().is_none_or(|r| !cx.holds(r)), "{} excluded", c.cause.id);
            if c.cause.role == CauseRole::Fallback {
                prop_assert!(c.score < 0.6, "fallback scored {}", c.score);
                prop_assert!(a.triage.level > TriageLevel::Urgent, "fallback beside an urgent flag");
            }
        }
    }
}

/// The knowledge base with its red flags in reverse file order.
fn reversed() -> &'static KnowledgeBase {
    static REVERSED: std::sync::LazyLock<KnowledgeBase> = std::sync::LazyLock::new(|| {
        let mut kb = kb().clone();
        kb.red_flags.reverse();
        kb
    });
    &REVERSED
}

/// Every (flag, implicated class) pair is reached on a plain adult: the flag can be raised and
/// the medicine gets the flag's advice. This keeps the property above from passing vacuously.
#[test]
fn every_implicated_pair_and_every_withholding_flag_can_be_raised() {
    for (flag, class) in implicated_pairs() {
        let mut p = super::adult(|_| {});
        satisfy(
            &crate::domain::Rule::TakesMedicationClass {
                class: class.to_owned(),
            },
            &mut p,
            kb(),
            0,
        );
        let q = (0..64).find_map(|c| with_flag_raised(&p, flag, c));
        let q = q.unwrap_or_else(|| panic!("{} cannot be raised with {class}", flag.id));
        let a = assess(&q, kb());
        assert!(
            a.medication_review
                .iter()
                .any(|m| m.red_flag_ids.contains(&flag.id.as_str())),
            "{} does not implicate the {class} medicine",
            flag.id
        );
    }
    for flag in flags_with_withholds() {
        let p = super::adult(|_| {});
        assert!(
            (0..64).any(|c| with_flag_raised(&p, flag, c).is_some()),
            "{} never raised",
            flag.id
        );
    }
}

#[test]
fn new_weakness_with_any_nerve_root_cause_is_same_day() {
    use crate::domain::{MedicalCondition, Symptom};
    for (case, edit) in [
        (
            "sciatica",
            (|p: &mut Profile| p.conditions = vec![MedicalCondition::Sciatica]) as super::Edit,
        ),
        ("spinal stenosis", |p| {
            p.conditions = vec![MedicalCondition::SpinalStenosis]
        }),
        ("back pain down the leg", |p| {
            p.symptoms.push(Symptom::BackPainRadiatingDownLeg)
        }),
    ] {
        let profile = super::adult(|p| {
            edit(p);
            p.symptoms.push(Symptom::MuscleWeakness);
        });
        let a = assess(&profile, kb());
        assert!(
            super::flag_ids(&a).contains(&"nerve_root_weakness"),
            "{case}: {:?}",
            super::flag_ids(&a)
        );
        assert_eq!(a.triage.level, TriageLevel::Urgent, "{case}");
    }
}

#[test]
fn dialysis_or_heart_failure_alone_never_offer_dehydration_as_a_cause() {
    use crate::domain::MedicalCondition;
    for condition in [MedicalCondition::Dialysis, MedicalCondition::HeartFailure] {
        let profile = super::adult(|p| {
            p.conditions = vec![condition];
            p.lifestyle.fluid_litres_per_day = Some(0.8);
            p.lifestyle.heavy_sweating = Some(true);
            p.lifestyle.vomiting_or_diarrhoea = Some(true);
        });
        let a = assess(&profile, kb());
        assert!(
            !super::cause_ids(&a).contains(&"dehydration"),
            "{condition:?}"
        );
    }
}

#[test]
fn a_plan_step_carries_the_evidence_correction_of_its_remedy() {
    let profile =
        super::adult(|p| p.known_deficiencies = vec![crate::domain::Deficiency::Magnesium]);
    let a = assess(&profile, kb());
    let remedy = kb().remedy("dietary_magnesium").unwrap();
    let correction = remedy
        .evidence_correction
        .as_deref()
        .expect("bananas are corrected");
    let step = a
        .relief_plan
        .iter()
        .find(|s| s.remedy_id == Some("dietary_magnesium"));
    let step = step.expect("dietary magnesium is in the plan for a diagnosed low level");
    assert!(
        step.why.sentences.contains(&correction),
        "{:?}",
        step.why.sentences
    );
}

#[test]
fn an_emergency_or_urgent_flag_is_never_called_an_unexplained_cramp() {
    let urgent = kb()
        .red_flags
        .iter()
        .filter(|f| matches!(f.urgency, Urgency::Emergency | Urgency::Urgent));
    for flag in urgent {
        let p = super::adult(|_| {});
        let q = (0..64).find_map(|c| with_flag_raised(&p, flag, c));
        let q = q.unwrap_or_else(|| panic!("{} cannot be raised", flag.id));
        let a = assess(&q, kb());
        assert!(!super::cause_ids(&a).contains(&"idiopathic"), "{}", flag.id);
    }
}

#[test]
fn a_plan_steps_why_reads_its_sentences_then_what_it_addresses() {
    use crate::engine::Why;
    let mut why = Why {
        sentences: ["Stretch before bed.", "It is safe."].into_iter().collect(),
        addresses: ["Getting older", "Pregnancy"].into_iter().collect(),
        cause_ids: ["age", "pregnancy"].into_iter().collect(),
        red_flag_ids: List::new(),
    };
    assert_eq!(
        why.text("Addresses:"),
        "Stretch before bed. It is safe. Addresses: Getting older, Pregnancy."
    );
    assert_eq!(
        why.display("Addresses:").to_string(),
        why.text("Addresses:")
    );
    why.addresses.clear();
    assert_eq!(why.text("Addresses:"), "Stretch before bed. It is safe.");
    assert_eq!(
        why.display("Addresses:").to_string(),
        why.text("Addresses:")
    );
}

/// H-73: kidney disease or dialysis, with any reason the engine would otherwise give for eating
/// more magnesium-rich food (a diagnosed low magnesium or potassium, any trimester of
/// pregnancy), never gets a remedy or plan step to take in more magnesium, potassium or fluid:
/// the food step is withheld with its reason, and the kidney team is who decides.
#[test]
fn kidney_disease_or_dialysis_never_gets_advice_to_take_in_more_magnesium_potassium_or_fluid() {
    use crate::domain::{Deficiency, MedicalCondition as C, PregnancyStage as P};
    const INTAKE: [&str; 5] = [
        "dietary_magnesium",
        "magnesium_in_pregnancy",
        "magnesium_supplement",
        "potassium_supplement",
        "hydration",
    ];
    let kidneys: [&[C]; 4] = [
        &[C::ChronicKidneyDisease],
        &[C::Dialysis],
        &[C::ChronicKidneyDisease, C::Dialysis],
        &[C::Dialysis, C::HeartFailure],
    ];
    let reasons: [(&[Deficiency], Option<P>); 7] = [
        (&[Deficiency::Magnesium], None),
        (&[Deficiency::Potassium], None),
        (&[Deficiency::Magnesium, Deficiency::Potassium], None),
        (&[], Some(P::Trimester1)),
        (&[], Some(P::Trimester2)),
        (&[], Some(P::Trimester3)),
        (&[Deficiency::Magnesium], Some(P::Trimester3)),
    ];
    for conditions in kidneys {
        for (deficiencies, pregnancy) in reasons {
            let profile = super::adult(|p| {
                p.conditions = conditions.to_vec();
                p.known_deficiencies = deficiencies.to_vec();
                p.pregnancy = pregnancy;
                if pregnancy.is_some() {
                    p.age = 30;
                }
            });
            let a = assess(&profile, kb());
            let case = format!("{conditions:?} {deficiencies:?} {pregnancy:?}");
            for r in &a.remedies {
                assert!(
                    !INTAKE.contains(&r.remedy.id.as_str()),
                    "{case}: {}",
                    r.remedy.id
                );
            }
            for s in &a.relief_plan {
                assert!(
                    !s.remedy_id.is_some_and(|id| INTAKE.contains(&id)),
                    "{case}: step {:?}",
                    s.remedy_id
                );
            }
            let withheld: Vec<&str> = a
                .withheld_remedies
                .iter()
                .map(|w| w.remedy.id.as_str())
                .collect();
            if deficiencies.contains(&Deficiency::Magnesium) || pregnancy.is_some() {
                assert!(
                    withheld.contains(&"dietary_magnesium"),
                    "{case}: {withheld:?}"
                );
            }
        }
    }
    // Without kidney disease the food step stays for a diagnosed low level.
    let profile = super::adult(|p| p.known_deficiencies = vec![Deficiency::Magnesium]);
    let a = assess(&profile, kb());
    assert!(
        a.relief_plan
            .iter()
            .any(|s| s.remedy_id == Some("dietary_magnesium"))
    );
}
