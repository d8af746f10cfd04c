use serde_json::{Value, json};

use super::*;
use crate::cds::fhir::{Resource, parse_resource};
use crate::domain::{MedicalCondition, PregnancyStage};

fn kb() -> KnowledgeBase {
    KnowledgeBase::embedded().unwrap()
}

fn today() -> Date {
    Date::parse_iso("2026-03-01").unwrap()
}

fn condition(system: &str, code: &str, extra: Value) -> Value {
    let mut c = json!({"resourceType": "Condition", "code": {"coding": [{"system": system, "code": code}]}});
    if let (Some(c), Some(extra)) = (c.as_object_mut(), extra.as_object()) {
        c.extend(extra.clone());
    }
    c
}

fn records(birth: &str, conditions: Vec<Value>, medications: Vec<Value>) -> Records {
    let parse = |v: &Value| parse_resource(v).unwrap();
    Records {
        patient: match parse(&json!({"resourceType": "Patient", "birthDate": birth})) {
            Resource::Patient(p) => Some(p),
            _ => None,
        },
        conditions: Some(
            conditions
                .iter()
                .filter_map(|c| match parse(c) {
                    Resource::Condition(c) => Some(c),
                    _ => None,
                })
                .collect(),
        ),
        medications: Some(
            medications
                .iter()
                .filter_map(|m| match parse(m) {
                    Resource::MedicationRequest(m) => Some(("MedicationRequest", m)),
                    _ => None,
                })
                .collect(),
        ),
        ..Records::default()
    }
}

fn icd(code: &str) -> Value {
    condition(codes::ICD10CM, code, json!({}))
}

#[test]
fn an_older_patient_with_ckd_on_a_thiazide_maps_to_age_condition_and_medicine() {
    let order = json!({"resourceType": "MedicationRequest", "status": "active",
        "medicationCodeableConcept": {"coding": [{"system": codes::RXNORM, "code": "310798",
            "display": "hydrochlorothiazide 25 MG Oral Tablet"}]}});
    let r = records(
        "1948-06-15",
        vec![icd("G47.62"), icd("N18.31")],
        vec![order],
    );
    let mapped = map_records(&r, today(), &kb()).unwrap();
    assert!(mapped.shows_cramps);
    assert_eq!(mapped.profile.age().years(), 77);
    assert_eq!(
        mapped.profile.conditions,
        vec![MedicalCondition::ChronicKidneyDisease]
    );
    assert_eq!(
        mapped.profile.medications,
        vec!["hydrochlorothiazide 25 MG Oral Tablet"]
    );
    assert!(mapped.profile.answered.conditions && mapped.profile.answered.medications);
    assert!(mapped.provenance[&Pointer::Item(Field::Conditions, 0)].contains("N18.31"));
    assert!(mapped.provenance[&Pointer::Field(Field::Age)].contains("age 77"));
}

#[test]
fn a_medicine_known_only_by_its_rxnorm_ingredient_code_is_recognised() {
    let order = json!({"resourceType": "MedicationRequest", "status": "active",
        "medicationCodeableConcept": {"coding": [{"system": codes::RXNORM, "code": "5487"}]}});
    let r = records("1948-06-15", vec![icd("R25.2")], vec![order]);
    let mapped = map_records(&r, today(), &kb()).unwrap();
    assert_eq!(mapped.profile.medications, vec!["hydrochlorothiazide"]);
    assert!(mapped.provenance[&Pointer::Item(Field::Medications, 0)].contains("RxNorm 5487"));
}

#[test]
fn stopped_medicines_and_resolved_or_refuted_conditions_are_ignored() {
    let stopped = json!({"resourceType": "MedicationRequest", "status": "stopped",
        "medicationCodeableConcept": {"text": "Furosemide 40 mg tablet"}});
    let resolved = condition(
        codes::ICD10CM,
        "N18.3",
        json!({"clinicalStatus": {"coding": [{"code": "resolved"}]}}),
    );
    let refuted = condition(
        codes::ICD10CM,
        "E11.9",
        json!({"verificationStatus": {"coding": [{"code": "refuted"}]}}),
    );
    let r = records(
        "1960-01-01",
        vec![icd("G47.62"), resolved, refuted],
        vec![stopped],
    );
    let mapped = map_records(&r, today(), &kb()).unwrap();
    assert!(mapped.profile.conditions.is_empty());
    assert!(mapped.profile.medications.is_empty());
}

#[test]
fn swelling_of_one_lower_limb_is_the_one_sided_sign_and_of_both_is_not() {
    let one = map_records(
        &records("1970-01-01", vec![icd("R22.42")], vec![]),
        today(),
        &kb(),
    )
    .unwrap();
    assert_eq!(one.profile.symptoms, vec![Symptom::OneSidedCalfSwelling]);
    let both = map_records(
        &records("1970-01-01", vec![icd("R22.41"), icd("R22.42")], vec![]),
        today(),
        &kb(),
    )
    .unwrap();
    assert!(both.profile.symptoms.is_empty());
}

#[test]
fn a_coded_clot_blockage_muscle_breakdown_or_low_platelets_is_read_as_its_warning_sign() {
    let cases = [
        ("I82.402", Symptom::OneSidedCalfSwelling),
        ("I80.12", Symptom::OneSidedCalfSwelling),
        ("I80.209", Symptom::OneSidedCalfSwelling),
        ("I26.99", Symptom::NewBreathlessnessOrChestPain),
        ("I74.3", Symptom::ColdPaleLeg),
        ("I74.4", Symptom::ColdPaleLeg),
        ("M62.82", Symptom::DarkUrine),
        ("D69.6", Symptom::UnusualBleedingOrBruising),
        ("D69.59", Symptom::UnusualBleedingOrBruising),
    ];
    for (code, symptom) in cases {
        let mapped = map_records(
            &records("1958-01-01", vec![icd("G47.62"), icd(code)], vec![]),
            today(),
            &kb(),
        )
        .unwrap();
        assert_eq!(mapped.profile.symptoms, vec![symptom], "{code}");
        let from = &mapped.provenance[&Pointer::Item(Field::Symptoms, 0)];
        assert!(
            from.contains(code) && from.contains(symptom.as_str()),
            "{from}"
        );
    }
    // Old or chronic clots are not a new warning sign.
    for code in ["I82.502", "I27.82", "Z86.718"] {
        let mapped = map_records(
            &records("1958-01-01", vec![icd("G47.62"), icd(code)], vec![]),
            today(),
            &kb(),
        )
        .unwrap();
        assert!(mapped.profile.symptoms.is_empty(), "{code}");
    }
}

#[test]
fn weeks_of_gestation_recorded_earlier_give_todays_trimester() {
    let weeks = condition(
        codes::ICD10CM,
        "Z3A.20",
        json!({"recordedDate": "2025-12-07"}),
    );
    let mapped = map_records(
        &records("1994-04-02", vec![icd("G47.62"), weeks], vec![]),
        today(),
        &kb(),
    )
    .unwrap();
    assert_eq!(mapped.profile.pregnancy, Some(PregnancyStage::Trimester3));
    assert!(mapped.provenance[&Pointer::Field(Field::Pregnancy)].contains("Z3A.20"));
}

#[test]
fn a_pregnancy_status_observation_counts_and_a_newer_not_pregnant_overrides_it() {
    let obs = |date: &str, value: &str| {
        let v = json!({"resourceType": "Observation", "status": "final", "effectiveDateTime": date,
            "code": {"coding": [{"system": codes::LOINC, "code": "82810-3"}]},
            "valueCodeableConcept": {"coding": [{"system": codes::SNOMED, "code": value}]}});
        match parse_resource(&v).unwrap() {
            Resource::Observation(o) => o,
            _ => unreachable!(),
        }
    };
    let mut r = records("1994-04-02", vec![], vec![]);
    r.observations = vec![obs("2026-02-01", "77386006")];
    assert_eq!(
        pregnancy(&r, today()).map(|c| c.stage),
        Some(PregnancyStage::Trimester1)
    );
    r.observations.push(obs("2026-02-20", "60001007"));
    assert_eq!(
        pregnancy(&r, today()).map(|c| c.stage),
        Some(PregnancyStage::None)
    );
}

#[test]
fn ages_come_from_partial_dates_conservatively_and_out_of_range_ages_are_refused() {
    let year_only = map_records(&records("1950", vec![], vec![]), today(), &kb()).unwrap();
    assert_eq!(
        year_only.profile.age().years(),
        75,
        "born by 1950-12-31 at the latest"
    );
    let infant = map_records(&records("2025-12-01", vec![], vec![]), today(), &kb());
    assert_eq!(infant.unwrap_err(), Unmappable::AgeOutOfRange(0));
    let mut no_patient = records("1950-01-01", vec![], vec![]);
    no_patient.patient = None;
    assert_eq!(
        map_records(&no_patient, today(), &kb()).unwrap_err(),
        Unmappable::NoBirthDate
    );
}

#[test]
fn a_medicine_in_a_contained_medication_is_found() {
    let order = json!({"resourceType": "MedicationRequest", "status": "active",
        "contained": [{"resourceType": "Medication", "id": "m1", "code": {"text": "Simvastatin 40mg tablets"}}],
        "medicationReference": {"reference": "#m1"}});
    let mapped = map_records(
        &records("1955-05-05", vec![icd("G47.62")], vec![order]),
        today(),
        &kb(),
    )
    .unwrap();
    assert_eq!(mapped.profile.medications, vec!["Simvastatin 40mg tablets"]);
}

#[test]
fn at_most_50_distinct_medicines_are_taken_from_a_record_in_record_order() {
    let orders: Vec<Value> = (0..80)
        .map(|i| {
            json!({"resourceType": "MedicationRequest", "status": "active",
                "medicationCodeableConcept": {"text": format!("Atorvastatin {i} mg tablet")}})
        })
        .collect();
    let r = records("1948-06-15", vec![icd("G47.62")], orders);
    let mapped = map_records(&r, today(), &kb()).unwrap();
    assert_eq!(mapped.profile.medications.len(), super::MAX_MEDICINES);
    assert_eq!(mapped.profile.medications[49], "Atorvastatin 49 mg tablet");
}
