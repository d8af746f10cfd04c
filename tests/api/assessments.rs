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
        // The reviewed answers are published data (`openapi/examples/answers/`): the spec's
        // examples and `cramp-advisor check` read them from there.
        insta::with_settings!({
            snapshot_path => "../../openapi/examples/answers",
            prepend_module_to_snapshot => false,
            // Keys sorted, as reviewed: the snapshot compares content, not the wire order.
            sort_maps => true,
        }, {
            insta::assert_json_snapshot!(name.as_str(), body);
        });
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
    let first: Value = app.post_assessment(&a).await.json().await.unwrap();
    let second: Value = app.post_assessment(&b).await.json().await.unwrap();
    assert!(
        first["medication_review"].as_array().unwrap().len() == 2,
        "both medicines are reviewed: {first}"
    );
    if let Err(difference) = same_answer(&first, &a, &second, &b, "") {
        panic!("{difference}\nfirst: {first}\nsecond: {second}");
    }
}

/// Whether `first` (the answer to `a`) and `second` (the answer to `b`) are the same answer.
/// Pointers into list items legitimately differ (`/symptoms/0` in one is `/symptoms/1` in the
/// other), so every pointer is resolved in its own profile, and must reach the same value; a
/// `pointers` list must reach the same values, in any order. A pointer to a field the profile
/// lacks (a missing input) must be the same pointer. Everything else must be equal.
fn same_answer(
    first: &Value,
    a: &Value,
    second: &Value,
    b: &Value,
    at: &str,
) -> Result<(), String> {
    let resolve = |pointer: &Value, profile: &Value| match pointer.as_str() {
        Some(p) => profile.pointer(p).cloned().ok_or_else(|| pointer.clone()),
        None => Err(pointer.clone()),
    };
    let key = at.rsplit('/').next().unwrap_or("");
    match (first, second) {
        (Value::Object(x), Value::Object(y)) => {
            let keys = |m: &serde_json::Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
            if keys(x) != keys(y) {
                return Err(format!("{at}: fields {:?} and {:?}", keys(x), keys(y)));
            }
            for (k, v) in x {
                same_answer(v, a, &y[k], b, &format!("{at}/{k}"))?;
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) if key == "pointers" => {
            let mut x: Vec<String> = x.iter().map(|p| format!("{:?}", resolve(p, a))).collect();
            let mut y: Vec<String> = y.iter().map(|p| format!("{:?}", resolve(p, b))).collect();
            x.sort();
            y.sort();
            if x == y {
                Ok(())
            } else {
                Err(format!("{at}: the pointers reach {x:?} and {y:?}"))
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!("{at}: {} and {} items", x.len(), y.len()));
            }
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                same_answer(v, a, w, b, &format!("{at}/{i}"))?;
            }
            Ok(())
        }
        (p, q) if key == "pointer" => {
            let (x, y) = (resolve(p, a), resolve(q, b));
            if x == y {
                Ok(())
            } else {
                Err(format!("{at}: {p} reaches {x:?} but {q} reaches {y:?}"))
            }
        }
        (x, y) if x == y => Ok(()),
        (x, y) => Err(format!("{at}: {x} and {y}")),
    }
}

#[test]
fn same_answer_resolves_pointers_instead_of_ignoring_their_indices() {
    let a = json!({"medications": ["Furosemide", "Salmeterol"]});
    let b = json!({"medications": ["Salmeterol", "Furosemide"]});
    let review =
        |pointer: &str| json!({"review": [{"medicine": "Furosemide", "pointer": pointer}]});
    assert_eq!(
        same_answer(
            &review("/medications/0"),
            &a,
            &review("/medications/1"),
            &b,
            ""
        ),
        Ok(())
    );
    assert!(
        same_answer(
            &review("/medications/0"),
            &a,
            &review("/medications/0"),
            &b,
            ""
        )
        .is_err(),
        "the same index, but another medicine"
    );
    let flags = |p: Value| json!({"pointers": p});
    assert_eq!(
        same_answer(
            &flags(json!(["/medications/0", "/medications/1"])),
            &a,
            &flags(json!(["/medications/0", "/medications/1"])),
            &b,
            ""
        ),
        Ok(()),
        "the same places, in another order"
    );
    assert!(
        same_answer(
            &flags(json!(["/medications/0"])),
            &a,
            &flags(json!(["/medications/0"])),
            &b,
            ""
        )
        .is_err()
    );
    let missing = json!({"pointer": "/lifestyle/fluid_litres_per_day"});
    assert_eq!(same_answer(&missing, &a, &missing, &b, ""), Ok(()));
}
