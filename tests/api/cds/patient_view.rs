//! `nocturnal-leg-cramps` (patient-view) with realistic records: the cards, their order and
//! wording, determinism, and tolerance of unknown fields.

use serde_json::{Value, json};

use super::{PATIENT_VIEW, card, cards_for, detail, fixture, topic};
use crate::helpers::spawn_app;

#[tokio::test]
async fn an_older_patient_on_a_thiazide_with_ckd_gets_a_medication_review_and_no_magnesium() {
    // Arrange
    let app = spawn_app().await;
    let call = fixture("patient_view_older_ckd_thiazide");

    // Act
    let cards = cards_for(&app, PATIENT_VIEW, &call).await;

    // Assert
    let topics: Vec<&str> = cards.iter().map(topic).collect();
    assert_eq!(topics, ["triage", "medication-review", "relief-plan"]);
    let review = card(&cards, "medication-review");
    let text = detail(review);
    assert!(text.contains("Hydrochlorothiazide 25 mg tablet"), "{text}");
    assert!(text.contains("thiazide diuretic"), "{text}");
    assert!(
        text.contains("Ask the prescriber or pharmacist to review"),
        "{text}"
    );
    assert!(
        text.contains(
            "From the record: MedicationRequest Hydrochlorothiazide 25 mg tablet (RxNorm 5487)"
        ),
        "{text}"
    );
    assert!(
        !text.to_lowercase().contains("stop"),
        "never 'stop' a medicine: {text}"
    );
    // Amlodipine's SmPC lists cramps as uncommon, so it is reviewed too (as a weak link).
    assert!(
        text.contains("Amlodipine 5 mg tablet") && text.contains("calcium-channel blocker"),
        "amlodipine is recognised: {text}"
    );
    let withheld = text
        .split("withheld for this patient")
        .nth(1)
        .expect("a withheld section");
    assert!(
        withheld.contains("**Magnesium supplement**") && withheld.contains("kidney"),
        "{withheld}"
    );
    assert!(withheld.contains("**Potassium supplement**"), "{withheld}");
    assert_eq!(review["indicator"], "warning");
    assert!(
        review["summary"]
            .as_str()
            .unwrap()
            .contains("thiazide diuretic")
    );
    let triage = &cards[0];
    assert!(
        detail(triage).contains("Condition N18.31 Chronic kidney disease (CKD) (ICD-10-CM)"),
        "{}",
        detail(triage)
    );
    let plan = detail(card(&cards, "relief-plan"));
    let plan_steps = plan.split("### Not advised").next().unwrap();
    assert!(!plan_steps.contains("magnesium supplement"), "{plan_steps}");
    assert!(
        card(&cards, "relief-plan")["source"]["url"]
            .as_str()
            .unwrap()
            .ends_with("/pages/remedies")
    );
}

#[tokio::test]
async fn the_same_call_gives_byte_identical_cards_with_stable_uuids() {
    let app = spawn_app().await;
    let call = fixture("patient_view_older_ckd_thiazide");
    let first = app
        .post_json(PATIENT_VIEW, &call)
        .await
        .bytes()
        .await
        .unwrap();
    let second = app
        .post_json(PATIENT_VIEW, &call)
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(first, second);
    let mut other = call.clone();
    other["hookInstance"] = json!("11111111-2222-4333-8444-555555555555");
    let third: Value = app
        .post_json(PATIENT_VIEW, &other)
        .await
        .json()
        .await
        .unwrap();
    let first: Value = serde_json::from_slice(&first).unwrap();
    assert_ne!(
        first["cards"][0]["uuid"], third["cards"][0]["uuid"],
        "uuids follow hookInstance"
    );
}

#[tokio::test]
async fn a_pregnant_patient_gets_the_pregnancy_pathway_and_no_medication_card() {
    // Arrange
    let app = spawn_app().await;
    let call = fixture("patient_view_pregnant");

    // Act
    let cards = cards_for(&app, PATIENT_VIEW, &call).await;

    // Assert
    let topics: Vec<&str> = cards.iter().map(topic).collect();
    assert_eq!(
        topics,
        ["triage", "relief-plan"],
        "the prenatal vitamin is not a cramp medicine"
    );
    let triage = detail(&cards[0]);
    assert!(triage.contains("**Pregnancy**"), "{triage}");
    assert!(
        triage.contains("11778-8"),
        "the due date gave the weeks: {triage}"
    );
    let plan = detail(card(&cards, "relief-plan"));
    assert!(
        plan.to_lowercase().contains("midwife") || plan.to_lowercase().contains("maternity"),
        "{plan}"
    );
    assert!(
        !plan
            .split("### Not advised")
            .next()
            .unwrap()
            .to_lowercase()
            .contains("quinine")
    );
}

#[tokio::test]
async fn a_dvt_red_flag_puts_a_critical_card_first() {
    // Arrange
    let app = spawn_app().await;
    let call = fixture("patient_view_dvt_red_flag");

    // Act
    let cards = cards_for(&app, PATIENT_VIEW, &call).await;

    // Assert
    let first = &cards[0];
    assert_eq!(first["indicator"], "critical");
    assert_eq!(topic(first), "triage");
    assert!(
        first["summary"].as_str().unwrap().contains("blood clot"),
        "{first:#}"
    );
    assert!(
        detail(first).contains("R22.42"),
        "the card says where the flag came from"
    );
    assert!(
        first["source"]["url"]
            .as_str()
            .unwrap()
            .contains("/pages/red-flags/")
    );
    let plan = detail(card(&cards, "relief-plan"));
    let not_advised = plan
        .split("### Not advised")
        .nth(1)
        .expect("withheld remedies");
    assert!(
        not_advised.contains("do not rub, warm or cool the leg"),
        "no massage on a possible clot: {not_advised}"
    );
}

/// The DVT example with its swelling replaced by another coded condition.
fn with_coded_condition(code: &str, display: &str) -> Value {
    let mut call = fixture("patient_view_dvt_red_flag");
    let entries = call["prefetch"]["conditions"]["entry"]
        .as_array_mut()
        .unwrap();
    let swelling = entries
        .iter_mut()
        .find(|e| e["resource"]["id"] == "cond-swelling")
        .unwrap();
    swelling["resource"]["code"] = json!({"coding": [
        {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": code, "display": display}
    ]});
    call
}

#[tokio::test]
async fn a_coded_clot_blockage_muscle_breakdown_or_low_platelet_count_raises_its_red_flag() {
    // Arrange: a diagnosis on the record is the warning sign itself, not only a symptom of it.
    let app = spawn_app().await;
    let cases = [
        (
            "I82.402",
            "Acute embolism and thrombosis of unspecified deep veins of left lower extremity",
        ),
        (
            "I26.99",
            "Other pulmonary embolism without acute cor pulmonale",
        ),
        (
            "I74.3",
            "Embolism and thrombosis of arteries of the lower extremities",
        ),
        ("M62.82", "Rhabdomyolysis"),
        ("D69.6", "Thrombocytopenia, unspecified"),
    ];
    for (code, display) in cases {
        // Act
        let cards = cards_for(&app, PATIENT_VIEW, &with_coded_condition(code, display)).await;

        // Assert
        let triage = card(&cards, "triage");
        assert_ne!(triage["indicator"], "info", "{code}: {triage:#}");
        assert!(
            !detail(triage).contains("No red flag found"),
            "{code}: {triage:#}"
        );
        assert!(
            detail(triage).contains(code),
            "{code}: the card says where it came from"
        );
    }
    for code in ["I82.402", "I26.99"] {
        let cards = cards_for(&app, PATIENT_VIEW, &with_coded_condition(code, "clot")).await;
        let plan = detail(card(&cards, "relief-plan"));
        let (advised, not_advised) = plan
            .split_once("### Not advised")
            .expect("withheld remedies");
        assert!(
            not_advised.to_lowercase().contains("do not rub"),
            "{code}: no massage or heat over a clot: {not_advised}"
        );
        for unsafe_step in ["Rub the tight muscle", "warm (not hot) water"] {
            assert!(!advised.contains(unsafe_step), "{code}: {advised}");
        }
    }
}

#[tokio::test]
async fn leg_cramps_without_a_usable_age_get_a_not_assessed_card_never_silence() {
    // Arrange: the DVT example, whose swollen calf is an urgent red flag, without a usable age.
    let app = spawn_app().await;
    let unusable: [(&str, Value); 5] = [
        ("/prefetch/patient/birthDate", json!("not-a-date")),
        ("/prefetch/patient/birthDate", json!("1948-13-01")),
        ("/prefetch/patient/birthDate", json!("1890-01-01")),
        ("/prefetch/patient/birthDate", json!("2099-01-01")),
        ("/prefetch/patient", Value::Null),
    ];
    for (pointer, value) in unusable {
        let mut call = fixture("patient_view_dvt_red_flag");
        *call.pointer_mut(pointer).unwrap() = value.clone();

        // Act
        let cards = cards_for(&app, PATIENT_VIEW, &call).await;

        // Assert
        assert_eq!(cards.len(), 1, "{pointer} = {value}: {cards:#?}");
        let only = &cards[0];
        assert_eq!(only["indicator"], "warning");
        assert!(only["summary"].as_str().unwrap().contains("not assessed"));
        assert!(
            detail(only).contains("blood clot"),
            "the warning signs to check include a clot: {}",
            detail(only)
        );
    }
    // Without cramps on the record, still no cards.
    let mut call = fixture("patient_view_dvt_red_flag");
    call["prefetch"]["patient"]["birthDate"] = json!("not-a-date");
    call["prefetch"]["conditions"]["entry"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["resource"]["id"] != "cond-cramps");
    assert!(cards_for(&app, PATIENT_VIEW, &call).await.is_empty());
}

#[tokio::test]
async fn a_patient_whose_record_shows_no_leg_cramps_gets_no_cards() {
    let app = spawn_app().await;
    let mut call = fixture("patient_view_older_ckd_thiazide");
    let entries = call["prefetch"]["conditions"]["entry"]
        .as_array_mut()
        .unwrap();
    entries.retain(|e| e["resource"]["id"] != "cond-legcramps");
    assert!(cards_for(&app, PATIENT_VIEW, &call).await.is_empty());
}

#[tokio::test]
async fn unknown_fields_in_calls_and_fhir_resources_are_tolerated() {
    let app = spawn_app().await;
    let mut call = fixture("patient_view_dvt_red_flag");
    call["fhirAuthorization_extra"] = json!({"any": "thing"});
    call["context"]["somethingNew"] = json!([1, 2]);
    call["prefetch"]["patient"]["_birthDate"] = json!({"extension": []});
    call["prefetch"]["somethingElse"] = json!({"resourceType": "Encounter", "id": "e1"});
    assert_eq!(
        cards_for(&app, PATIENT_VIEW, &call).await[0]["indicator"],
        "critical"
    );
}

#[tokio::test]
async fn the_answer_says_the_language_of_its_cards_whatever_was_asked_and_errors_follow_the_ask() {
    let app = spawn_app().await;
    let call = fixture("patient_view_older_ckd_thiazide");
    for asked in ["en", "es", "de-DE", "fr;q=0.9, *;q=0.1"] {
        let response = app
            .client
            .post(format!("{}{PATIENT_VIEW}", app.address))
            .header("accept-language", asked)
            .json(&call)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{asked}");
        assert_eq!(response.headers()["content-language"], "en", "{asked}");
    }
    let refused = app
        .client
        .post(format!("{}{PATIENT_VIEW}", app.address))
        .header("accept-language", "es")
        .json(&json!({"hook": "patient-view"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert_eq!(
        refused.headers()["content-language"],
        "es",
        "a problem is worded as asked"
    );
}
