//! The four assessment endpoints over HTTP: personas, views, determinism, safety.

use crate::helpers::{personas, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn every_persona_gets_a_full_assessment_matching_its_reviewed_snapshot() {
    let app = spawn_app().await;
    for (name, profile) in personas() {
        // Act
        let response = app.post_assessment(&profile).await;

        // Assert
        assert_eq!(response.status(), 200, "persona {name}");
        assert_eq!(
            response.headers()["cache-control"],
            "no-store",
            "persona {name}"
        );
        let body: Value = response.json().await.unwrap();
        insta::assert_json_snapshot!(name.as_str(), body);
    }
}

#[tokio::test]
async fn identical_input_gives_byte_identical_output() {
    let app = spawn_app().await;
    for (name, profile) in personas() {
        let first = app.post_assessment(&profile).await.bytes().await.unwrap();
        let second = app.post_assessment(&profile).await.bytes().await.unwrap();
        assert_eq!(first, second, "persona {name}");
    }
}

#[tokio::test]
async fn each_focused_view_carries_triage_knowledge_and_disclaimer_and_its_own_section() {
    let app = spawn_app().await;
    let profile = json!({"age": 58, "symptoms": ["one_sided_calf_swelling"], "cramps": {"nights_per_week": 2}});
    let full: Value = app.post_assessment(&profile).await.json().await.unwrap();
    let views = [
        (
            "/v1/assessments/causes",
            vec!["causes", "medication_review", "unrecognised_medications"],
        ),
        (
            "/v1/assessments/remedies",
            vec!["remedies", "withheld_remedies"],
        ),
        ("/v1/assessments/relief-plan", vec!["relief_plan"]),
    ];
    for (path, sections) in views {
        let response = app.post_json(path, &profile).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store");
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["triage"], full["triage"],
            "{path}: the red flag is never hidden"
        );
        assert_eq!(body["knowledge"], full["knowledge"], "{path}");
        assert_eq!(body["disclaimer"], full["disclaimer"], "{path}");
        for section in sections {
            assert_eq!(
                body[section], full[section],
                "{path}: {section} matches the full assessment"
            );
        }
    }
}

#[tokio::test]
async fn a_suspected_clot_is_urgent_puts_seeking_care_first_and_withholds_massage_and_heat() {
    let app = spawn_app().await;
    let body: Value = app
        .post_assessment(&json!({"age": 45, "symptoms": ["one_sided_calf_swelling"]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["triage"]["level"], "urgent");
    assert_eq!(body["triage"]["red_flags"][0]["id"], "possible_dvt");
    assert_eq!(
        body["triage"]["red_flags"][0]["pointers"],
        json!(["/symptoms/0"])
    );
    assert_eq!(body["relief_plan"]["steps"][0]["phase"], "seek_care_now");
    let withheld: Vec<&str> = body["withheld_remedies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    assert!(
        withheld.contains(&"massage") && withheld.contains(&"heat"),
        "{withheld:?}"
    );
}

#[tokio::test]
async fn unrecognised_medicines_are_returned_not_rejected() {
    let app = spawn_app().await;
    let body: Value = app
        .post_assessment(&json!({"age": 60, "medications": ["  Zzyzx Tonic  ", "Lipitor 20mg"]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["unrecognised_medications"], json!(["Zzyzx Tonic"]));
    assert_eq!(body["medication_review"][0]["class_id"], "statin");
    let advice = body["medication_review"][0]["advice"]
        .as_str()
        .unwrap()
        .to_lowercase();
    assert!(advice.contains("prescriber or pharmacist"), "{advice}");
}

#[tokio::test]
async fn the_answer_does_not_depend_on_the_order_of_list_items() {
    let app = spawn_app().await;
    let a = json!({"age": 70, "medications": ["Furosemide", "Salmeterol"], "symptoms": ["numbness_or_tingling", "muscle_weakness"], "conditions": ["diabetes", "arthritis"]});
    let b = json!({"age": 70, "medications": ["Salmeterol", "Furosemide"], "symptoms": ["muscle_weakness", "numbness_or_tingling"], "conditions": ["arthritis", "diabetes"]});
    let strip = |v: Value| {
        let text = v.to_string();
        // Pointers into lists legitimately differ; everything else must not.
        regex_lite_replace(&text)
    };
    let first = strip(app.post_assessment(&a).await.json().await.unwrap());
    let second = strip(app.post_assessment(&b).await.json().await.unwrap());
    assert_eq!(first, second);
}

/// Replaces list indices in JSON pointers (`/symptoms/1`) with `*`.
fn regex_lite_replace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let lists = [
        "/medications/",
        "/symptoms/",
        "/conditions/",
        "/known_deficiencies/",
        "/cramps/muscles/",
    ];
    while let Some(c) = chars.next() {
        out.push(c);
        if lists.iter().any(|l| out.ends_with(l)) {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            out.push('*');
        }
    }
    out
}
