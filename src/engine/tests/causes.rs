//! Causes: medicine matching, ranking and the idiopathic fallback.

use super::{Edit, adult, assess, cause_ids, kb, profile_aged};
use crate::domain::{Field, MedicalCondition, PregnancyStage, Profile};
use crate::engine::Pointer;

fn medicines(p: &mut Profile, names: &[&str]) {
    p.medications = names.iter().map(|&n| n.to_owned()).collect();
    p.answered.medications = true;
}

#[test]
fn medicines_are_matched_by_generic_or_brand_name_in_any_case_with_spaces_and_doses() {
    let cases = [
        ("  LIPITOR 20mg ", "LIPITOR 20mg", "statin"),
        ("Symbicort", "Symbicort", "laba"),
        ("fluticasone/salmeterol", "fluticasone/salmeterol", "laba"),
        (
            "hydrochlorothiazide",
            "hydrochlorothiazide",
            "thiazide_diuretic",
        ),
        (
            "Bendroflumethiazide 2.5 mg",
            "Bendroflumethiazide 2.5 mg",
            "thiazide_diuretic",
        ),
        ("iron   sucrose", "iron   sucrose", "iron_sucrose"),
    ];
    for (typed, trimmed, class) in cases {
        // Arrange
        let profile = adult(|p| medicines(p, &["paracetamol", typed]));

        // Act
        let a = assess(&profile, kb());

        // Assert
        let review = a
            .medication_review
            .iter()
            .find(|m| m.pointer == Pointer::Item(Field::Medications, 1));
        let review = review.unwrap_or_else(|| panic!("{typed:?}: not recognised"));
        assert_eq!(review.class.id, class, "{typed:?}: class");
        assert_eq!(review.medicine, trimmed, "{typed:?}: name as typed");
        // The routine advice, or the class's own where it has one (a statin's label statement).
        let routine = review
            .class
            .advice
            .as_ref()
            .unwrap_or(&kb().meta.medication_advice);
        assert_eq!(*review.advice, *routine, "{typed:?}: advice");
        assert_eq!(a.unrecognised_medications, ["paracetamol"], "{typed:?}");
        let medication = a.causes.iter().find(|c| c.cause.id == "medication");
        let medication = medication.unwrap_or_else(|| panic!("{typed:?}: no medication cause"));
        assert!(
            medication
                .because
                .iter()
                .any(|r| r.pointer == Pointer::Item(Field::Medications, 1)
                    && r.fact.to_string().starts_with(trimmed)),
            "{typed:?}: because {:?}",
            medication.because
        );
    }
}

#[test]
fn unmatched_medicines_are_returned_trimmed_in_unrecognised_medications() {
    // Arrange
    let profile = adult(|p| medicines(p, &["  Vitamin C ", "paracetamol", "Lasix 40mg"]));

    // Act
    let a = assess(&profile, kb());

    // Assert
    assert_eq!(a.unrecognised_medications, ["paracetamol", "Vitamin C"]);
    let reviewed: Vec<&str> = a.medication_review.iter().map(|m| m.medicine).collect();
    assert_eq!(reviewed, ["Lasix 40mg"]);
    assert_eq!(
        a.medication_review[0].pointer,
        Pointer::Item(Field::Medications, 2)
    );
}

#[test]
fn a_thiazide_or_laba_outranks_dehydration_from_low_fluid_intake() {
    for medicine in [
        "hydrochlorothiazide",
        "Seretide 250",
        "indapamide",
        "formoterol",
    ] {
        // Arrange
        let profile = adult(|p| {
            medicines(p, &[medicine]);
            p.lifestyle.fluid_litres_per_day = Some(0.5);
        });

        // Act
        let a = assess(&profile, kb());

        // Assert
        let ids = cause_ids(&a);
        let rank = |id: &str| ids.iter().position(|c| *c == id);
        let (Some(medication), Some(dehydration)) = (rank("medication"), rank("dehydration"))
        else {
            panic!("{medicine}: medication and dehydration both expected, got {ids:?}");
        };
        assert!(medication < dehydration, "{medicine}: ranking {ids:?}");
        assert!(
            a.causes[medication].score > a.causes[dehydration].score,
            "{medicine}: scores"
        );
        assert_eq!(ids[0], "medication", "{medicine}: top cause");
    }
}

#[test]
fn causes_are_ranked_by_score_and_every_score_is_in_0_to_1() {
    // Arrange
    let profile = profile_aged(72, |p| {
        medicines(p, &["furosemide", "atorvastatin"]);
        p.conditions = vec![MedicalCondition::Diabetes, MedicalCondition::SpinalStenosis];
        p.lifestyle.alcohol_grams_per_week = Some(160.0);
    });

    // Act
    let a = assess(&profile, kb());

    // Assert
    let scores: Vec<f64> = a.causes.iter().map(|c| c.score).collect();
    assert!(
        scores.is_sorted_by(|x, y| x >= y),
        "not best first: {scores:?}"
    );
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)), "{scores:?}");
    assert!(
        a.causes.iter().all(|c| !c.because.is_empty()),
        "a cause without reasons"
    );
}

#[test]
fn idiopathic_appears_when_nothing_explains_the_cramps_well() {
    let cases: [(&str, i64, Edit); 4] = [
        ("nothing answered", 40, |_| {}),
        ("age alone is context, not an explanation", 85, |_| {}),
        ("a little low fluid only", 40, |p| {
            p.lifestyle.fluid_litres_per_day = Some(0.8);
        }),
        ("first trimester only", 30, |p| {
            p.pregnancy = Some(PregnancyStage::Trimester1);
        }),
    ];
    for (case, age, setup) in cases {
        // Arrange
        let profile = profile_aged(age, setup);

        // Act
        let a = assess(&profile, kb());

        // Assert
        let idiopathic = a.causes.iter().find(|c| c.cause.id == "idiopathic");
        let idiopathic = idiopathic.unwrap_or_else(|| panic!("{case}: {:?}", cause_ids(&a)));
        assert!(
            !idiopathic.because.is_empty(),
            "{case}: idiopathic without a reason"
        );
    }
}

#[test]
fn idiopathic_is_absent_when_a_strong_cause_explains_the_cramps() {
    let cases: [(&str, Edit); 5] = [
        ("dialysis", |p| {
            p.conditions = vec![MedicalCondition::Dialysis]
        }),
        ("a LABA inhaler", |p| medicines(p, &["salmeterol"])),
        ("a thiazide", |p| medicines(p, &["chlorthalidone"])),
        ("third trimester", |p| {
            p.pregnancy = Some(PregnancyStage::Trimester3)
        }),
        ("spinal stenosis", |p| {
            p.conditions = vec![MedicalCondition::SpinalStenosis];
        }),
    ];
    for (case, setup) in cases {
        // Arrange
        let profile = adult(setup);

        // Act
        let a = assess(&profile, kb());

        // Assert
        let ids = cause_ids(&a);
        assert!(!ids.contains(&"idiopathic"), "{case}: {ids:?}");
        assert!(
            a.causes[0].score >= 0.3,
            "{case}: top score {}",
            a.causes[0].score
        );
    }
}

#[test]
fn a_score_is_bucketed_low_below_0_3_moderate_below_0_6_and_high_from_0_6() {
    use crate::engine::Likelihood::{High, Low, Moderate};
    for (score, expected) in [
        (0.0, Low),
        (0.299, Low),
        (0.3, Moderate),
        (0.599, Moderate),
        (0.6, High),
        (1.0, High),
    ] {
        assert_eq!(
            crate::engine::Likelihood::from_score(score),
            expected,
            "{score}"
        );
    }
}

#[test]
fn every_found_cause_carries_the_likelihood_of_its_score() {
    // Arrange
    let profile = profile_aged(72, |p| {
        medicines(p, &["furosemide", "salmeterol"]);
        p.conditions = vec![MedicalCondition::PeripheralArteryDisease];
        p.cramps.nights_per_week = Some(5);
    });

    // Act
    let a = assess(&profile, kb());

    // Assert
    assert!(a.causes.len() >= 3);
    for c in &a.causes {
        assert_eq!(c.likelihood, crate::engine::Likelihood::from_score(c.score));
    }
    assert!(
        a.causes
            .iter()
            .any(|c| c.likelihood == crate::engine::Likelihood::High)
    );
}

#[test]
fn a_cause_scoring_exactly_the_threshold_explains_the_cramps_and_the_fallback_is_moderate() {
    // Arrange: chronic kidney disease alone scores 0.3, the "explained" threshold.
    let explained = adult(|p| p.conditions = vec![MedicalCondition::ChronicKidneyDisease]);
    let unexplained = adult(|p| p.cramps.nights_per_week = Some(1));

    // Act
    let (a, b) = (assess(&explained, kb()), assess(&unexplained, kb()));

    // Assert
    let ckd = a
        .causes
        .iter()
        .find(|c| c.cause.id == "kidney_disease")
        .unwrap();
    assert_eq!(ckd.score, 0.3);
    assert!(
        !cause_ids(&a).contains(&"idiopathic"),
        "{:?}",
        cause_ids(&a)
    );
    let fallback = b
        .causes
        .iter()
        .find(|c| c.cause.id == "idiopathic")
        .unwrap();
    assert_eq!(
        (fallback.score, fallback.likelihood),
        (0.5, crate::engine::Likelihood::Moderate)
    );
}
