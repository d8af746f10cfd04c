//! Bad input: every class answered with a problem, never a 5xx, each 422 entry with its pointer.

use crate::helpers::{assert_problem, pointers, spawn_app};
use serde_json::{Value, json};

const PATH: &str = "/v1/assessments";

/// (case, profile, expected (pointer, code) pairs).
type Case = (&'static str, Value, Vec<(&'static str, &'static str)>);

#[tokio::test]
async fn malformed_json_is_a_400_with_line_and_column() {
    let app = spawn_app().await;
    let body = assert_problem(
        app.post_raw(
            PATH,
            "{\n  \"age\": 40,\n  oops\n}",
            Some("application/json"),
        )
        .await,
        400,
        "malformed_json",
    )
    .await;
    let detail = body["detail"].as_str().unwrap();
    assert!(detail.contains("line 3"), "{detail}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("column"),
        "{body}"
    );
}

#[tokio::test]
async fn an_empty_body_is_a_400() {
    let app = spawn_app().await;
    for body in ["", "   \n"] {
        assert_problem(
            app.post_raw(PATH, body, Some("application/json")).await,
            400,
            "empty_body",
        )
        .await;
    }
}

/// A POST with no body and no Content-Type is missing its body (400), not of a wrong media type:
/// the same on every POST, so the spec's 400 covers it and no 415 exception is needed.
#[tokio::test]
async fn no_body_and_no_content_type_is_a_400_on_every_post() {
    let app = spawn_app().await;
    for path in [
        PATH,
        "/v1/assessments/causes",
        "/v1/assessments/remedies",
        "/v1/assessments/relief-plan",
        "/cds-services/nocturnal-leg-cramps",
        "/cds-services/quinine-for-cramps",
        "/cds-services/nocturnal-leg-cramps/feedback",
    ] {
        assert_problem(app.post_raw(path, "", None).await, 400, "empty_body").await;
    }
}

/// Sitting and standing hours over 24 together cannot both be true. JSON Schema cannot state a
/// sum, so the profile is accepted, as its schema says, and both answers are set aside (not
/// used) and reported with their pointers.
#[tokio::test]
async fn hours_over_a_day_are_set_aside_and_reported_not_rejected() {
    let app = spawn_app().await;
    for path in [
        PATH,
        "/v1/assessments/causes",
        "/v1/assessments/remedies",
        "/v1/assessments/relief-plan",
    ] {
        let response = app
            .post_json(
                path,
                &json!({"age": 40, "lifestyle": {"sitting_hours_per_day": 16, "standing_hours_per_day": 10}}),
            )
            .await;
        assert_eq!(response.status(), 200, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["inconsistencies"],
            json!([{
                "code": "hours_exceed_day",
                "pointers": ["/lifestyle/sitting_hours_per_day", "/lifestyle/standing_hours_per_day"],
                "message": "Sitting and standing hours add up to more than 24 (26); neither was used."
            }]),
            "{path}"
        );
    }
    // Set aside means unused: the answer equals the one without either value.
    let with = app
        .post_assessment(&json!({"age": 40, "lifestyle": {"sitting_hours_per_day": 20, "standing_hours_per_day": 10}}))
        .await
        .json::<Value>()
        .await
        .unwrap();
    let mut without = app
        .post_assessment(&json!({"age": 40, "lifestyle": {}}))
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert!(without.get("inconsistencies").is_none());
    without["inconsistencies"] = with["inconsistencies"].clone();
    assert_eq!(with, without);
    let fine = app
        .post_assessment(&json!({"age": 40, "lifestyle": {"sitting_hours_per_day": 16, "standing_hours_per_day": 8}}))
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert!(
        fine.get("inconsistencies").is_none(),
        "24 hours is a whole day, not more"
    );
}

#[tokio::test]
async fn a_body_not_sent_as_json_is_a_415() {
    let app = spawn_app().await;
    for content_type in [
        None, // with a body: it is there, but of no stated type
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("application/xml"),
    ] {
        let response = app.post_raw(PATH, r#"{"age": 40}"#, content_type).await;
        assert_problem(response, 415, "unsupported_media_type").await;
    }
    let ok = app
        .post_raw(
            PATH,
            r#"{"age": 40}"#,
            Some("application/json; charset=utf-8"),
        )
        .await;
    assert_eq!(ok.status(), 200, "a charset parameter is fine");
}

#[tokio::test]
async fn a_body_sent_with_a_content_coding_is_a_415_not_misread() {
    let app = spawn_app().await;
    let send = |coding: &'static str, body: Vec<u8>| {
        app.client
            .post(format!("{}{PATH}", app.address))
            .header("content-type", "application/json")
            .header("content-encoding", coding)
            .body(body)
            .send()
    };
    let mut gzipped = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gzipped, br#"{"age": 40}"#).unwrap();
    let gzipped = gzipped.finish().unwrap();
    let refused = [
        ("gzip", gzipped),
        ("gzip", br#"{"age": 40}"#.to_vec()),
        ("br", br#"{"age": 40}"#.to_vec()),
        ("xyz", br#"{"age": 40}"#.to_vec()),
        ("identity, gzip", br#"{"age": 40}"#.to_vec()),
    ];
    for (coding, body) in refused {
        let problem = assert_problem(
            send(coding, body).await.unwrap(),
            415,
            "unsupported_media_type",
        )
        .await;
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("Content-Encoding"),
            "{coding}: {problem}"
        );
    }
    let plain = send("identity", br#"{"age": 40}"#.to_vec()).await.unwrap();
    assert_eq!(plain.status(), 200, "identity is no coding at all");
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413() {
    let app = spawn_app().await;
    let huge = format!(
        r#"{{"age": 40, "medications": ["{}"]}}"#,
        "x".repeat(70 * 1024)
    );
    assert_problem(
        app.post_raw(PATH, huge, Some("application/json")).await,
        413,
        "payload_too_large",
    )
    .await;
}

#[tokio::test]
async fn an_invalid_profile_is_a_422_with_one_entry_per_problem() {
    let app = spawn_app().await;
    let too_many: Vec<String> = (0..51).map(|i| format!("medicine {i}")).collect();
    let cases: Vec<Case> = vec![
        ("missing age", json!({}), vec![("/age", "required")]),
        (
            "age out of range",
            json!({"age": 0}),
            vec![("/age", "out_of_range")],
        ),
        (
            "age wrong type",
            json!({"age": "forty"}),
            vec![("/age", "invalid_type")],
        ),
        (
            "misspelt field",
            json!({"age": 40, "pregant": "trimester_3"}),
            vec![("/pregant", "unknown_field")],
        ),
        (
            "nested unknown field",
            json!({"age": 40, "cramps": {"nightz": 3}}),
            vec![("/cramps/nightz", "unknown_field")],
        ),
        (
            "unknown enum value",
            json!({"age": 40, "pregnancy": "maybe"}),
            vec![("/pregnancy", "unknown_value")],
        ),
        (
            "unknown list value",
            json!({"age": 40, "symptoms": ["dark_urine", "gout"]}),
            vec![("/symptoms/1", "unknown_value")],
        ),
        (
            "duplicate list item",
            json!({"age": 40, "conditions": ["diabetes", "diabetes"]}),
            vec![("/conditions/1", "duplicate_item")],
        ),
        (
            "duplicate medicine",
            json!({"age": 40, "medications": ["Furosemide", "Furosemide"]}),
            vec![("/medications/1", "duplicate_item")],
        ),
        (
            "too many medicines",
            json!({"age": 40, "medications": too_many}),
            vec![("/medications", "too_many_items")],
        ),
        (
            "medicine name too long",
            json!({"age": 40, "medications": ["x".repeat(101)]}),
            vec![("/medications/0", "invalid_length")],
        ),
        (
            "blank medicine name",
            json!({"age": 40, "medications": ["   "]}),
            vec![("/medications/0", "invalid_length")],
        ),
        (
            "nights out of range",
            json!({"age": 40, "cramps": {"nights_per_week": 8}}),
            vec![("/cramps/nights_per_week", "out_of_range")],
        ),
        ("not an object", json!([1, 2]), vec![("", "invalid_type")]),
        (
            "several problems at once",
            json!({"age": 200, "cramps": {"nights_per_week": -1}, "lifestyle": {"fluid_litres_per_day": 99}}),
            vec![
                ("/age", "out_of_range"),
                ("/cramps/nights_per_week", "out_of_range"),
                ("/lifestyle/fluid_litres_per_day", "out_of_range"),
            ],
        ),
        (
            "several type errors at once",
            json!({"age": 40, "pregnancy": 3, "sleep": {"tight_bedding": "yes"}, "extra": true}),
            vec![
                ("/extra", "unknown_field"),
                ("/pregnancy", "invalid_type"),
                ("/sleep/tight_bedding", "invalid_type"),
            ],
        ),
    ];
    for (case, profile, expected) in cases {
        let body = assert_problem(
            app.post_assessment(&profile).await,
            422,
            "validation_failed",
        )
        .await;
        let mut got = pointers(&body);
        got.sort();
        let mut want: Vec<(String, String)> = expected
            .iter()
            .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
            .collect();
        want.sort();
        assert_eq!(got, want, "case {case}: {body}");
    }
}

#[tokio::test]
async fn the_focused_views_validate_the_same_way() {
    let app = spawn_app().await;
    for path in [
        "/v1/assessments/causes",
        "/v1/assessments/remedies",
        "/v1/assessments/relief-plan",
    ] {
        let response = app
            .post_json(path, &json!({"age": 40, "pregant": "trimester_1"}))
            .await;
        assert_problem(response, 422, "validation_failed").await;
    }
}

#[tokio::test]
async fn whole_numbers_written_with_a_fraction_and_unusual_spaces_follow_the_schema() {
    let app = spawn_app().await;
    // JSON Schema counts 68.0 as an integer.
    for profile in [
        json!({"age": 68.0}),
        json!({"age": 40, "cramps": {"nights_per_week": 3.0}}),
    ] {
        assert_eq!(
            app.post_assessment(&profile).await.status(),
            200,
            "{profile}"
        );
    }
    // U+FEFF is whitespace for the schema, and U+0085 (next line) is set aside by its
    // pattern too: a name made of them is blank (see `hostile` for the rest of the rule).
    for name in ["\u{feff}", "\u{85}"] {
        let blank = app
            .post_assessment(&json!({"age": 40, "medications": [name]}))
            .await;
        assert_problem(blank, 422, "validation_failed").await;
    }
    let fractional = app.post_assessment(&json!({"age": 40.5})).await;
    assert_problem(fractional, 422, "validation_failed").await;
}

#[tokio::test]
async fn spellings_of_the_same_medicine_count_once() {
    let app = spawn_app().await;
    let body: Value = app
        .post_assessment(
            &json!({"age": 70, "medications": ["Furosemide", " furosemide", "FUROSEMIDE 40mg"]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let reviewed: Vec<&str> = body["medication_review"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["medicine"].as_str().unwrap())
        .collect();
    assert_eq!(reviewed, ["Furosemide", "FUROSEMIDE 40mg"], "{body}");
}

#[tokio::test]
async fn a_person_may_report_every_symptom_and_condition_there_is() {
    let app = spawn_app().await;
    let spec: Value = app.get("/openapi.json").await.json().await.unwrap();
    let values = |schema: &str| spec["components"]["schemas"][schema]["enum"].clone();
    let profile = json!({
        "age": 60,
        "symptoms": values("ReportedSymptom"),
        "conditions": values("Condition"),
        "known_deficiencies": values("KnownDeficiency"),
        "cramps": {"muscles": values("MuscleGroup")},
    });
    assert!(profile["symptoms"].as_array().unwrap().len() >= 21);
    let response = app.post_assessment(&profile).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

#[tokio::test]
async fn thousands_of_bad_list_items_make_a_bounded_list_of_errors() {
    let app = spawn_app().await;
    let many = |item: &'static str| vec![item; 4000];
    let profile = json!({"age": 40, "medications": many(""), "symptoms": many("dark_urine")});
    let problem = assert_problem(
        app.post_assessment(&profile).await,
        422,
        "validation_failed",
    )
    .await;
    let errors = problem["errors"].as_array().unwrap();
    // Bounded by the lists' limits (each item up to the limit checked once), not by the body.
    assert!(errors.len() <= 200, "{} errors", errors.len());
    let codes: Vec<&str> = errors.iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"too_many_items"), "{codes:?}");
}
