//! Red flags and the triage level (safety rules 1 and 5).

use super::{Edit, adult, assess, flag_ids, kb};
use crate::domain::{Field, MedicalCondition, PlanPhase, Profile, Symptom, TriageLevel, Urgency};
use crate::engine::Pointer;

/// One row of a red-flag table: how to set up the profile and what must be raised.
struct FlagCase {
    case: &'static str,
    setup: Edit,
    flag: &'static str,
    urgency: Urgency,
    pointer: Pointer,
}

fn symptoms(p: &mut Profile, list: &[Symptom]) {
    p.symptoms = list.to_vec();
    p.answered.symptoms = true;
}

#[test]
fn each_red_flag_of_safety_rule_5_raises_its_flag_at_the_documented_level() {
    use Symptom::*;
    let cases = [
        FlagCase {
            case: "a cramp lasting over 10 minutes",
            setup: |p| p.cramps.typical_duration_minutes = Some(10.5),
            flag: "prolonged_cramp",
            urgency: Urgency::Urgent,
            pointer: Pointer::Field(Field::TypicalDurationMinutes),
        },
        FlagCase {
            case: "one-sided calf swelling",
            setup: |p| symptoms(p, &[MuscleTwitching, OneSidedCalfSwelling]),
            flag: "possible_dvt",
            urgency: Urgency::Urgent,
            pointer: Pointer::Item(Field::Symptoms, 1),
        },
        FlagCase {
            case: "calf warmth or redness",
            setup: |p| symptoms(p, &[CalfWarmthOrRedness]),
            flag: "possible_dvt",
            urgency: Urgency::Urgent,
            pointer: Pointer::Item(Field::Symptoms, 0),
        },
        FlagCase {
            case: "dark urine with weakness",
            setup: |p| symptoms(p, &[MuscleWeakness, DarkUrine]),
            flag: "possible_rhabdomyolysis",
            urgency: Urgency::Emergency,
            pointer: Pointer::Item(Field::Symptoms, 1),
        },
        FlagCase {
            case: "breathlessness or chest pain",
            setup: |p| symptoms(p, &[NewBreathlessnessOrChestPain]),
            flag: "possible_pulmonary_embolism",
            urgency: Urgency::Emergency,
            pointer: Pointer::Item(Field::Symptoms, 0),
        },
        FlagCase {
            case: "a cold pale leg",
            setup: |p| symptoms(p, &[ColdPaleLeg]),
            flag: "acute_limb_ischaemia",
            urgency: Urgency::Emergency,
            pointer: Pointer::Item(Field::Symptoms, 0),
        },
        FlagCase {
            case: "a soil-contaminated wound",
            setup: |p| symptoms(p, &[RecentSoilContaminatedWound]),
            flag: "possible_tetanus",
            urgency: Urgency::Urgent,
            pointer: Pointer::Item(Field::Symptoms, 0),
        },
        FlagCase {
            case: "bleeding while taking quinine (symptom)",
            setup: |p| symptoms(p, &[UnusualBleedingOrBruising, TakingQuinine]),
            flag: "quinine_bleeding",
            urgency: Urgency::Urgent,
            pointer: Pointer::Item(Field::Symptoms, 0),
        },
        FlagCase {
            case: "bleeding while taking quinine (medicine list)",
            setup: |p| {
                symptoms(p, &[UnusualBleedingOrBruising]);
                p.medications = vec!["Qualaquin 300 mg".into()];
            },
            flag: "quinine_bleeding",
            urgency: Urgency::Urgent,
            pointer: Pointer::Item(Field::Medications, 0),
        },
        FlagCase {
            case: "dark urine without weakness is urgent, not an emergency",
            setup: |p| symptoms(p, &[DarkUrine]),
            flag: "dark_urine",
            urgency: Urgency::Urgent,
            pointer: Pointer::Item(Field::Symptoms, 0),
        },
    ];
    for c in cases {
        // Arrange
        let profile = adult(c.setup);

        // Act
        let a = assess(&profile, kb());

        // Assert
        let raised = a.triage.red_flags.iter().find(|r| r.flag.id == c.flag);
        let raised = raised
            .unwrap_or_else(|| panic!("{}: {} not raised, got {:?}", c.case, c.flag, flag_ids(&a)));
        assert_eq!(raised.flag.urgency, c.urgency, "{}: urgency", c.case);
        assert!(
            raised.pointers.contains(&c.pointer),
            "{}: pointers {:?} miss {:?}",
            c.case,
            raised.pointers,
            c.pointer
        );
        assert_eq!(
            a.triage.level,
            TriageLevel::from(c.urgency),
            "{}: level",
            c.case
        );
        assert_eq!(a.relief_plan[0].phase, PlanPhase::SeekCareNow, "{}", c.case);
        assert!(
            a.relief_plan
                .iter()
                .any(|s| s.phase == PlanPhase::SeekCareNow && s.why.red_flag_ids.contains(&c.flag)),
            "{}: no seek-care-now step answers {}",
            c.case,
            c.flag
        );
    }
}

#[test]
fn the_most_urgent_flag_sets_the_level_and_headline_and_comes_first() {
    // Arrange
    let profile = adult(|p| {
        symptoms(
            p,
            &[
                Symptom::NumbnessOrTingling,
                Symptom::DarkUrine,
                Symptom::MuscleWeakness,
            ],
        );
    });

    // Act
    let a = assess(&profile, kb());

    // Assert
    let top = a.triage.red_flags[0].flag;
    assert_eq!(top.id, "possible_rhabdomyolysis");
    assert_eq!(a.triage.level, TriageLevel::Emergency);
    assert_eq!(*a.triage.headline, top.headline);
    let urgencies: Vec<Urgency> = a.triage.red_flags.iter().map(|r| r.flag.urgency).collect();
    assert!(
        urgencies.is_sorted(),
        "flags not most urgent first: {urgencies:?}"
    );
    assert_eq!(
        a.relief_plan[0].why.red_flag_ids,
        ["possible_rhabdomyolysis"]
    );
}

#[test]
fn cramps_of_exactly_10_minutes_do_not_raise_the_prolonged_cramp_flag() {
    // Arrange
    let profile = adult(|p| p.cramps.typical_duration_minutes = Some(10.0));

    // Act
    let a = assess(&profile, kb());

    // Assert
    assert!(
        !flag_ids(&a).contains(&"prolonged_cramp"),
        "{:?}",
        flag_ids(&a)
    );
}

#[test]
fn bleeding_without_quinine_is_not_the_quinine_flag() {
    // Arrange
    let profile = adult(|p| symptoms(p, &[Symptom::UnusualBleedingOrBruising]));

    // Act
    let a = assess(&profile, kb());

    // Assert
    assert_eq!(flag_ids(&a), ["unusual_bleeding"]);
    // NICE NG12: a very urgent blood count, within 48 hours.
    assert_eq!(a.triage.level, TriageLevel::Urgent);
}

#[test]
fn a_soon_flag_puts_a_with_clinician_step_in_the_plan_and_no_seek_care_now_step() {
    // Arrange
    let profile = adult(|p| symptoms(p, &[Symptom::PainWalkingRelievedByRest]));

    // Act
    let a = assess(&profile, kb());

    // Assert
    assert_eq!(a.triage.level, TriageLevel::Soon);
    let phases: Vec<PlanPhase> = a.relief_plan.iter().map(|s| s.phase).collect();
    assert!(phases.contains(&PlanPhase::WithClinician), "{phases:?}");
    assert!(!phases.contains(&PlanPhase::SeekCareNow), "{phases:?}");
}

#[test]
fn without_red_flags_frequent_or_sleep_disturbing_cramps_are_routine_and_others_self_care() {
    let cases: [(&str, Edit, TriageLevel); 7] = [
        ("nothing answered", |_| {}, TriageLevel::SelfCare),
        (
            "two nights a week",
            |p| p.cramps.nights_per_week = Some(2),
            TriageLevel::SelfCare,
        ),
        (
            "three nights a week",
            |p| p.cramps.nights_per_week = Some(3),
            TriageLevel::Routine,
        ),
        (
            "every night",
            |p| p.cramps.nights_per_week = Some(7),
            TriageLevel::Routine,
        ),
        (
            "disturbs sleep",
            |p| p.cramps.disturbs_sleep = Some(true),
            TriageLevel::Routine,
        ),
        (
            "does not disturb sleep",
            |p| p.cramps.disturbs_sleep = Some(false),
            TriageLevel::SelfCare,
        ),
        (
            "a condition but no red flag",
            |p| p.conditions = vec![MedicalCondition::Arthritis],
            TriageLevel::SelfCare,
        ),
    ];
    for (case, setup, level) in cases {
        // Arrange
        let profile = adult(setup);

        // Act
        let a = assess(&profile, kb());

        // Assert
        assert!(a.triage.red_flags.is_empty(), "{case}: {:?}", flag_ids(&a));
        assert_eq!(a.triage.level, level, "{case}");
        let headlines = &kb().meta.headlines;
        let headline = match level {
            TriageLevel::Routine => &headlines.routine,
            _ => &headlines.self_care,
        };
        assert_eq!(a.triage.headline, headline, "{case}: headline");
    }
}

#[test]
fn a_red_flag_outranks_frequent_cramps() {
    // Arrange
    let profile = adult(|p| {
        p.cramps.nights_per_week = Some(7);
        p.cramps.disturbs_sleep = Some(true);
        symptoms(p, &[Symptom::OneSidedCalfSwelling]);
    });

    // Act
    let a = assess(&profile, kb());

    // Assert
    assert_eq!(a.triage.level, TriageLevel::Urgent);
    assert_eq!(a.relief_plan[0].phase, PlanPhase::SeekCareNow);
}
