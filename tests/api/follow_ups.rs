//! `POST /v1/follow-ups`: the example diaries answered in every language (reviewed snapshots),
//! and every class of bad input rejected with its pointer.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, pointers, spawn_app};

/// The published example diaries (`openapi/examples/diaries/`), by name.
fn diaries() -> Vec<(String, Value)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/examples/diaries");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_str().unwrap().to_owned();
            let body = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (name, body)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

async fn post_in(app: &crate::helpers::TestApp, lang: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(format!("{}/v1/follow-ups", app.address))
        .header("accept-language", lang)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_example_diary_is_answered_in_every_language_with_a_reviewed_snapshot() {
    let app = spawn_app().await;
    let diaries = diaries();
    assert_eq!(diaries.len(), 3);
    for (name, body) in diaries {
        for lang in ["en", "es", "de", "fr"] {
            let response = post_in(&app, lang, &body).await;
            assert_eq!(response.status(), 200, "{name} {lang}");
            assert_eq!(response.headers()["cache-control"], "no-store");
            let mut answer: Value = response.json().await.unwrap();
            answer["knowledge"]["content_hash"] = json!("[hash]");
            insta::with_settings!({ sort_maps => true }, {
                insta::assert_json_snapshot!(format!("{name}.{lang}"), answer);
            });
        }
    }
}

#[tokio::test]
async fn the_order_of_the_diary_changes_nothing() {
    let app = spawn_app().await;
    for (name, body) in diaries() {
        let mut reversed = body.clone();
        reversed["diary"].as_array_mut().unwrap().reverse();
        let a: Value = post_in(&app, "en", &body).await.json().await.unwrap();
        let b: Value = post_in(&app, "en", &reversed).await.json().await.unwrap();
        assert_eq!(a, b, "{name}");
    }
}

#[tokio::test]
async fn a_red_flag_in_the_diary_comes_first_and_triages_as_the_assessment() {
    let app = spawn_app().await;
    let body = json!({
        "profile": {"age": 58},
        "diary": [{"date": "2026-01-10", "cramps": 0, "new_symptoms": ["cold_pale_leg"]}]
    });
    let answer: Value = post_in(&app, "en", &body).await.json().await.unwrap();
    let assessment: Value = app
        .post_assessment(&json!({"age": 58, "symptoms": ["cold_pale_leg"]}))
        .await
        .json()
        .await
        .unwrap();
    let triage = &answer["escalation"]["triage"];
    assert_eq!(triage["level"], assessment["triage"]["level"]);
    assert_eq!(triage["headline"], assessment["triage"]["headline"]);
    assert_eq!(triage["red_flags"][0]["id"], "acute_limb_ischaemia");
    assert_eq!(triage["red_flags"][0]["since"], "2026-01-10");
    assert_eq!(answer["escalation"]["advice"][0]["kind"], "red_flag_first");
}

#[tokio::test]
async fn bad_diaries_are_rejected_with_a_pointer_for_each_problem() {
    let app = spawn_app().await;
    let body = json!({
        "profile": {"age": 200},
        "adopted": [
            {"remedy_id": "bedtime_stretching", "started": "2026-01-10"},
            {"remedy_id": "moon_bathing", "started": "2026-01-01"}
        ],
        "diary": [
            {"date": "2026-01-05", "cramps": 1, "steps_done": ["bedtime_stretching"]},
            {"date": "2026-01-11", "cramps": 1, "steps_done": ["quinine_water"]},
            {"date": "2026-01-11", "cramps": 60},
            {"date": "2999-01-01", "cramps": 0},
            {"date": "2026-02-30", "cramps": 0}
        ]
    });
    let problem = assert_problem(post_in(&app, "en", &body).await, 422, "validation_failed").await;
    let found = pointers(&problem);
    let expected = [
        ("/profile/age", "out_of_range"),
        ("/adopted/1/remedy_id", "unknown_value"),
        ("/diary/0/steps_done/0", "invalid"),
        ("/diary/1/steps_done/0", "unknown_value"),
        ("/diary/2/date", "duplicate_item"),
        ("/diary/2/cramps", "out_of_range"),
        ("/diary/3/date", "invalid"),
        ("/diary/4/date", "invalid"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
        .collect();
    assert_eq!(found, expected);

    let too_long: Vec<Value> = (0..181)
        .map(|d| json!({"date": format!("2025-{:02}-{:02}", 1 + d / 28, 1 + d % 28), "cramps": 0}))
        .collect();
    let problem = assert_problem(
        post_in(
            &app,
            "en",
            &json!({"profile": {"age": 40}, "diary": too_long}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/diary");
    assert_eq!(problem["errors"][0]["code"], "too_many_items");

    let unknown = json!({"profile": {"age": 40}, "diary": [], "mood": "fine"});
    let problem = assert_problem(
        post_in(&app, "en", &unknown).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/mood");
    assert_eq!(problem["errors"][0]["code"], "unknown_field");
}
