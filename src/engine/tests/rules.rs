//! The rule language, one rule kind at a time, at its boundaries: each rule holds on one side
//! of its threshold and not on the other (found by cargo-mutants: a flipped comparison in a
//! rule otherwise survived the property tests).

use super::safety::context_of;
use super::{adult, assess, kb, profile_aged};
use crate::domain::{Association, Field, Profile, Rule, TriageLevel};
use crate::engine::context::Context;
use crate::engine::pointer::Seen;
use crate::engine::{List, Pointer};

fn holds(p: &Profile, rule: &Rule) -> bool {
    Context::new(p, kb()).0.holds(rule)
}

#[test]
fn each_rule_holds_on_one_side_of_its_threshold_only() {
    type Case = (&'static str, Rule, fn(&mut Profile), fn(&mut Profile));
    let cases: Vec<Case> = vec![
        (
            "age at least 40, aged 40 / 39",
            Rule::AgeAtLeast { years: 40 },
            |_| {},
            |p| {
                p.age = 39;
            },
        ),
        (
            "age below 41, aged 40 / 41",
            Rule::AgeBelow { years: 41 },
            |_| {},
            |p| {
                p.age = 41;
            },
        ),
        (
            "fluid below 1.5: 1.4 / 1.5",
            Rule::FluidBelow { litres: 1.5 },
            |p| p.lifestyle.fluid_litres_per_day = Some(1.4),
            |p| p.lifestyle.fluid_litres_per_day = Some(1.5),
        ),
        (
            "sitting at least 8: 8 / 7.75",
            Rule::SittingAtLeast { hours: 8.0 },
            |p| p.lifestyle.sitting_hours_per_day = Some(8.0),
            |p| p.lifestyle.sitting_hours_per_day = Some(7.75),
        ),
        (
            "cramp longer than 10: 10.5 / 10",
            Rule::CrampLongerThan { minutes: 10.0 },
            |p| p.cramps.typical_duration_minutes = Some(10.5),
            |p| p.cramps.typical_duration_minutes = Some(10.0),
        ),
        (
            "medicine change: yes / no",
            Rule::MedicineChangeBeforeCramps,
            |p| p.cramps.started_after_medicine_change = Some(true),
            |p| p.cramps.started_after_medicine_change = Some(false),
        ),
        (
            "sleep disturbed: yes / no",
            Rule::SleepDisturbed,
            |p| p.cramps.disturbs_sleep = Some(true),
            |p| p.cramps.disturbs_sleep = Some(false),
        ),
        (
            "one leg only: yes / no",
            Rule::OneLegOnly,
            |p| p.cramps.one_leg_only = Some(true),
            |p| p.cramps.one_leg_only = Some(false),
        ),
        (
            "tight bedding: yes / no",
            Rule::TightBedding,
            |p| p.sleep.tight_bedding = Some(true),
            |p| p.sleep.tight_bedding = Some(false),
        ),
        (
            "medicines listed: one / none",
            Rule::MedicinesListed,
            |p| p.medications = vec!["paracetamol".into()],
            |p| p.medications = Vec::new(),
        ),
        (
            "a moderate-association medicine: salmeterol / furosemide",
            Rule::TakesMedicationWithAssociation {
                association: Association::Moderate,
            },
            |p| p.medications = vec!["salmeterol".into()],
            |p| p.medications = vec!["furosemide".into()],
        ),
    ];
    for (case, rule, yes, no) in cases {
        let (mut p, mut q) = (adult(|_| {}), adult(|_| {}));
        yes(&mut p);
        no(&mut q);
        assert!(holds(&p, &rule), "{case}: should hold");
        assert!(!holds(&q, &rule), "{case}: should not hold");
    }
}

#[test]
fn finding_rules_hold_only_for_what_the_engine_found() {
    let p = profile_aged(50, |p| p.cramps.typical_duration_minutes = Some(25.0));
    let a = assess(&p, kb());
    let cx = context_of(&p, &a);
    assert!(cx.holds(&Rule::RedFlagRaised {
        red_flag: "prolonged_cramp".into()
    }));
    assert!(!cx.holds(&Rule::RedFlagRaised {
        red_flag: "possible_dvt".into()
    }));
    let found: Vec<&str> = a.causes.iter().map(|c| c.cause.id.as_str()).collect();
    assert!(found.contains(&"age"), "{found:?}");
    assert!(cx.holds(&Rule::CauseFound {
        cause: "age".into()
    }));
    assert!(!cx.holds(&Rule::CauseFound {
        cause: "pregnancy".into()
    }));
    assert!(cx.holds(&Rule::TriageAtLeast {
        level: TriageLevel::Urgent
    }));
    assert!(!cx.holds(&Rule::TriageAtLeast {
        level: TriageLevel::Emergency
    }));
}

#[test]
fn a_pointer_is_kept_once_and_the_whole_profile_is_never_a_reason_pointer() {
    let mut pointers: List<Pointer, 2> = List::new();
    let mut seen = Seen::default();
    for p in [
        Pointer::Root,
        Pointer::Field(Field::Age),
        Pointer::Field(Field::Age),
        Pointer::Item(Field::Symptoms, 1),
    ] {
        if seen.is_new(&pointers, p) {
            pointers.push(p);
        }
    }
    assert_eq!(
        pointers,
        [
            Pointer::Field(Field::Age),
            Pointer::Item(Field::Symptoms, 1)
        ]
    );
    assert_eq!(
        format!("{:?}", Pointer::Item(Field::Symptoms, 1)),
        "Symptoms[1]"
    );
}

#[test]
fn pointers_sharing_a_bit_are_still_each_kept_once() {
    // 300 medicine items and every field, each twice: far more than 128 bits, so many share one.
    let all: Vec<Pointer> = (0..300)
        .map(|i| Pointer::Item(Field::Medications, i))
        .chain(Field::ALL.iter().map(|&f| Pointer::Field(f)))
        .collect();
    let mut kept: List<Pointer, 2> = List::new();
    let mut seen = Seen::default();
    for &p in all.iter().chain(&all) {
        if seen.is_new(&kept, p) {
            kept.push(p);
        }
    }
    assert_eq!(kept, all);
}

#[test]
fn an_urge_to_move_suggests_restless_legs_first() {
    let p = adult(|p| p.symptoms = vec![crate::domain::Symptom::UrgeToMoveRelievedByMovement]);
    let a = assess(&p, kb());
    assert_eq!(a.differentials[0].differential.id, "restless_legs_syndrome");
    assert_eq!(
        a.differentials[0].pointers,
        [Pointer::Item(Field::Symptoms, 0)]
    );
}
