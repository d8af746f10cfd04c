//! Remedies: contraindications (safety rule 4), pregnancy cautions and follow-up questions.

use super::{Edit, adult, assess, kb, profile_aged, remedy_ids, withheld_ids};
use crate::domain::{
    Deficiency, Field, MedicalCondition, PregnancyStage, Profile, ProfileField, Symptom,
};
use crate::engine::MAX_MISSING_INPUTS;
use crate::engine::Pointer;

/// One row of the contraindication table.
struct WithholdCase {
    case: &'static str,
    setup: Edit,
    remedy: &'static str,
    pointer: Pointer,
    reason_mentions: &'static str,
}

/// Lists `condition` second, so the pointer must really index into the list.
fn condition(p: &mut Profile, condition: MedicalCondition) {
    p.conditions = vec![MedicalCondition::Arthritis, condition];
    p.answered.conditions = true;
}

/// Heavy sweating makes hydration relevant, so only a contraindication can leave it out.
fn sweating_with(p: &mut Profile, c: MedicalCondition) {
    p.lifestyle.heavy_sweating = Some(true);
    condition(p, c);
}

#[test]
fn each_contraindication_of_safety_rule_4_withholds_the_remedy_with_pointers() {
    use MedicalCondition::*;
    fn case(
        case: &'static str,
        setup: Edit,
        remedy: &'static str,
        pointer: Pointer,
        reason_mentions: &'static str,
    ) -> WithholdCase {
        WithholdCase {
            case,
            setup,
            remedy,
            pointer,
            reason_mentions,
        }
    }
    let cases = [
        case(
            "magnesium, kidney disease",
            |p| condition(p, ChronicKidneyDisease),
            "magnesium_supplement",
            Pointer::Item(Field::Conditions, 1),
            "kidney",
        ),
        case(
            "magnesium, dialysis",
            |p| condition(p, Dialysis),
            "magnesium_supplement",
            Pointer::Item(Field::Conditions, 1),
            "dialysis",
        ),
        case(
            "potassium, kidney disease",
            |p| condition(p, ChronicKidneyDisease),
            "potassium_supplement",
            Pointer::Item(Field::Conditions, 1),
            "kidney",
        ),
        case(
            "potassium, dialysis",
            |p| condition(p, Dialysis),
            "potassium_supplement",
            Pointer::Item(Field::Conditions, 1),
            "dialysis",
        ),
        case(
            "potassium, ACE inhibitor",
            |p| p.medications = vec!["Ramipril 5mg".into()],
            "potassium_supplement",
            Pointer::Item(Field::Medications, 0),
            "potassium",
        ),
        case(
            "fluids, fluid restriction",
            |p| {
                p.lifestyle.heavy_sweating = Some(true);
                p.lifestyle.on_fluid_restriction = Some(true);
            },
            "hydration",
            Pointer::Field(Field::OnFluidRestriction),
            "limit how much you drink",
        ),
        case(
            "fluids, heart failure",
            |p| sweating_with(p, HeartFailure),
            "hydration",
            Pointer::Item(Field::Conditions, 1),
            "heart failure",
        ),
        case(
            "fluids, dialysis",
            |p| sweating_with(p, Dialysis),
            "hydration",
            Pointer::Item(Field::Conditions, 1),
            "dialysis",
        ),
        case(
            "fluids, liver disease",
            |p| sweating_with(p, LiverDisease),
            "hydration",
            Pointer::Item(Field::Conditions, 1),
            "liver",
        ),
        case(
            "heat, diabetes",
            |p| condition(p, Diabetes),
            "heat",
            Pointer::Item(Field::Conditions, 1),
            "burn",
        ),
        case(
            "heat, neuropathy",
            |p| condition(p, PeripheralNeuropathy),
            "heat",
            Pointer::Item(Field::Conditions, 1),
            "burn",
        ),
        case(
            "heat, artery disease",
            |p| condition(p, PeripheralArteryDisease),
            "heat",
            Pointer::Item(Field::Conditions, 1),
            "burn",
        ),
        case(
            "heat, possible clot",
            |p| p.symptoms = vec![Symptom::OneSidedCalfSwelling],
            "heat",
            Pointer::Item(Field::Symptoms, 0),
            "clot",
        ),
        case(
            "massage, possible clot",
            |p| p.symptoms = vec![Symptom::CalfWarmthOrRedness],
            "massage",
            Pointer::Item(Field::Symptoms, 0),
            "clot",
        ),
        case(
            "massage, possible embolism",
            |p| p.symptoms = vec![Symptom::NewBreathlessnessOrChestPain],
            "massage",
            Pointer::Item(Field::Symptoms, 0),
            "clot",
        ),
    ];
    for c in cases {
        // Arrange
        let profile = adult(c.setup);

        // Act
        let a = assess(&profile, kb());

        // Assert
        assert!(
            !remedy_ids(&a).contains(&c.remedy),
            "{}: still suggested",
            c.case
        );
        assert!(
            a.relief_plan.iter().all(|s| s.remedy_id != Some(c.remedy)),
            "{}: still in the plan",
            c.case
        );
        let withheld = a.withheld_remedies.iter().find(|w| w.remedy.id == c.remedy);
        let withheld = withheld
            .unwrap_or_else(|| panic!("{}: not withheld, got {:?}", c.case, withheld_ids(&a)));
        assert!(
            withheld.pointers.contains(&c.pointer),
            "{}: pointers {:?} miss {:?}",
            c.case,
            withheld.pointers,
            c.pointer
        );
        assert!(
            withheld.reason.to_lowercase().contains(c.reason_mentions),
            "{}: reason {:?} does not mention {:?}",
            c.case,
            withheld.reason,
            c.reason_mentions
        );
    }
}

#[test]
fn without_a_contraindication_the_same_remedies_are_offered() {
    let cases: [(&str, Edit, &str); 4] = [
        ("heat", |_| {}, "heat"),
        ("massage", |_| {}, "massage"),
        (
            "fluids after heavy sweating",
            |p| p.lifestyle.heavy_sweating = Some(true),
            "hydration",
        ),
        (
            "magnesium-rich food for a diagnosed low level",
            |p| p.known_deficiencies = vec![Deficiency::Magnesium],
            "dietary_magnesium",
        ),
    ];
    for (case, setup, remedy) in cases {
        // Arrange
        let profile = adult(setup);

        // Act
        let a = assess(&profile, kb());

        // Assert
        assert!(
            remedy_ids(&a).contains(&remedy),
            "{case}: {:?}",
            remedy_ids(&a)
        );
        assert!(!withheld_ids(&a).contains(&remedy), "{case}: withheld");
    }
}

#[test]
fn supplements_offered_in_pregnancy_carry_the_maternity_team_caution() {
    use PregnancyStage::*;
    for stage in [Trimester1, Trimester2, Trimester3, Postpartum] {
        let magnesium: &[&str] = if stage == Postpartum {
            &[]
        } else {
            &["magnesium_in_pregnancy"]
        };
        let with_b: Vec<&str> = magnesium
            .iter()
            .copied()
            .chain(["vitamin_b_complex"])
            .collect();
        for (age, expected) in [(30, magnesium), (50, &with_b[..])] {
            // Arrange
            let case = format!("{} at {age}", stage.as_str());
            let profile = profile_aged(age, |p| {
                p.pregnancy = Some(stage);
                p.cramps.nights_per_week = Some(4);
                p.known_deficiencies = vec![Deficiency::Magnesium];
            });

            // Act
            let a = assess(&profile, kb());

            // Assert
            for id in expected {
                let offered = a.remedies.iter().find(|r| r.remedy.id == *id);
                let offered = offered.unwrap_or_else(|| panic!("{case}: {id} not offered"));
                assert!(
                    offered
                        .cautions
                        .iter()
                        .any(|c| c.contains("after checking with your")
                            && c.contains("maternity team")),
                    "{case}: {id} cautions {:?}",
                    offered.cautions
                );
            }
        }
    }
}

#[test]
fn outside_pregnancy_no_magnesium_supplement_is_offered_and_no_maternity_caution_shown() {
    // Arrange: Cochrane 2020 found magnesium no better than placebo outside pregnancy.
    let profile = profile_aged(60, |p| {
        p.pregnancy = Some(PregnancyStage::None);
        p.cramps.nights_per_week = Some(4);
        p.known_deficiencies = vec![Deficiency::Magnesium];
    });

    // Act
    let a = assess(&profile, kb());

    // Assert
    let offered = remedy_ids(&a);
    assert!(
        !offered.contains(&"magnesium_supplement") && !offered.contains(&"magnesium_in_pregnancy")
    );
    let b = a
        .remedies
        .iter()
        .find(|r| r.remedy.id == "vitamin_b_complex");
    let b = b.expect("vitamin B complex is offered at 60 with frequent cramps");
    assert!(
        b.cautions.iter().all(|c| !c.contains("maternity")),
        "{:?}",
        b.cautions
    );
}

fn asked(profile: &Profile) -> Vec<ProfileField> {
    assess(profile, kb())
        .missing_inputs
        .iter()
        .map(|q| q.field)
        .collect()
}

#[test]
fn missing_inputs_list_the_most_important_unanswered_fields_at_most_five() {
    // Arrange
    let profile = adult(|_| {});

    // Act
    let fields = asked(&profile);

    // Assert
    use ProfileField::*;
    assert_eq!(MAX_MISSING_INPUTS, 5);
    assert_eq!(
        fields,
        [
            Symptoms,
            TypicalDuration,
            Medications,
            Conditions,
            Pregnancy
        ]
    );
}

#[test]
fn an_answered_field_is_no_longer_asked_about() {
    let cases: [(ProfileField, Edit); 6] = [
        (ProfileField::Symptoms, |p| p.answered.symptoms = true),
        (ProfileField::TypicalDuration, |p| {
            p.cramps.typical_duration_minutes = Some(2.0)
        }),
        (ProfileField::Medications, |p| p.answered.medications = true),
        (ProfileField::Conditions, |p| p.answered.conditions = true),
        (ProfileField::Pregnancy, |p| {
            p.pregnancy = Some(PregnancyStage::None)
        }),
        (ProfileField::Medications, |p| {
            p.medications = vec!["paracetamol".into()]
        }),
    ];
    for (field, answer) in cases {
        // Arrange
        let mut profile = adult(|_| {});
        answer(&mut profile);
        if !profile.medications.is_empty() {
            profile.answered.medications = true;
        }

        // Act
        let fields = asked(&profile);

        // Assert
        assert!(
            !fields.contains(&field),
            "{field:?} still asked: {fields:?}"
        );
        assert_eq!(fields.len(), MAX_MISSING_INPUTS, "{field:?}: {fields:?}");
    }
}

#[test]
fn a_fully_answered_profile_has_no_missing_inputs() {
    // Arrange
    let profile = adult(|p| {
        p.pregnancy = Some(PregnancyStage::None);
        p.cramps.nights_per_week = Some(1);
        p.cramps.typical_duration_minutes = Some(1.0);
        p.cramps.one_leg_only = Some(false);
        p.cramps.disturbs_sleep = Some(false);
        p.cramps.started_after_medicine_change = Some(false);
        p.answered.medications = true;
        p.answered.conditions = true;
        p.answered.symptoms = true;
        p.lifestyle.fluid_litres_per_day = Some(2.0);
        p.lifestyle.on_fluid_restriction = Some(false);
        p.lifestyle.alcohol_grams_per_week = Some(0.0);
        p.lifestyle.activity_level = Some(crate::domain::ActivityLevel::Moderate);
        p.lifestyle.sitting_hours_per_day = Some(4.0);
        p.sleep.tight_bedding = Some(false);
    });

    // Act
    let fields = asked(&profile);

    // Assert
    assert!(fields.is_empty(), "{fields:?}");
}
