//! What an app builds on: the questionnaire, the labels and FHIR in and out, used the way an
//! app would, from what the server serves and nothing hard-coded (no label, no field name).

use reqwest::header::{ACCEPT, ACCEPT_LANGUAGE, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY};
use serde_json::{Map, Value, json};

use crate::helpers::{TestApp, assert_problem, personas, spawn_app};

const FHIR: &str = "application/fhir+json";
const LANGUAGES: [&str; 4] = ["en", "es", "de", "fr"];
const VIEWS: [&str; 4] = [
    "/v1/assessments",
    "/v1/assessments/causes",
    "/v1/assessments/remedies",
    "/v1/assessments/relief-plan",
];

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("request sent")
}

async fn questionnaire(app: &TestApp, lang: &str, accept: &str) -> Value {
    let response = get_with(
        app,
        "/v1/questionnaire",
        &[(ACCEPT.as_str(), accept), (ACCEPT_LANGUAGE.as_str(), lang)],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-language"], lang);
    response.json().await.unwrap()
}

fn questions(q: &Value) -> impl Iterator<Item = &Value> {
    q["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["questions"].as_array().unwrap())
}

/// Sets `value` at the JSON pointer, creating objects on the way.
fn set(target: &mut Value, pointer: &str, value: Value) {
    let mut at = target;
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        let map = at.as_object_mut().unwrap();
        if i + 1 == parts.len() {
            map.insert((*part).to_owned(), value);
            return;
        }
        at = map
            .entry((*part).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Whether a question's `enable_when` holds for the answers so far.
fn enabled(question: &Value, answers: &Map<String, Value>) -> bool {
    question["enable_when"].as_array().unwrap().iter().all(|c| {
        let other = answers.get(c["question"].as_str().unwrap());
        match (c["operator"].as_str().unwrap(), other) {
            ("exists", Some(v)) => v.as_array().is_none_or(|a| !a.is_empty()),
            (">=", Some(v)) => v.as_f64().unwrap() >= c["value"].as_f64().unwrap(),
            ("<=", Some(v)) => v.as_f64().unwrap() <= c["value"].as_f64().unwrap(),
            _ => false,
        }
    })
}

/// An answer picked from what the question itself offers: the middle of a range, the
/// `pick`-th option, `false`, no medicine.
fn answer(spec: &Value, pick: usize) -> Value {
    let options = || spec["options"].as_array().unwrap();
    match spec["type"].as_str().unwrap() {
        "integer" => {
            json!(
                ((spec["minimum"].as_f64().unwrap() + spec["maximum"].as_f64().unwrap()) / 2.0)
                    .floor() as i64
            )
        }
        "decimal" => json!(spec["minimum"].as_f64().unwrap() + 0.5),
        "boolean" => json!(false),
        "choice" => options()[pick % options().len()]["value"].clone(),
        "multiple_choice" => json!([options()[pick % options().len()]["value"]]),
        "texts" => json!([]),
        other => panic!("unknown answer type {other}"),
    }
}

#[tokio::test]
async fn a_profile_built_from_the_questionnaire_alone_is_accepted_in_every_language() {
    let app = spawn_app().await;
    for (round, lang) in LANGUAGES.iter().enumerate() {
        let q = questionnaire(&app, lang, "application/json").await;
        assert_eq!(q["language"], *lang);
        let mut profile = json!({});
        let mut answers = Map::new();
        let mut asked = 0;
        for question in questions(&q) {
            for key in ["text", "help"] {
                assert!(
                    !question[key].as_str().unwrap().trim().is_empty(),
                    "{lang}: {question}"
                );
            }
            for option in question["answer"]["options"]
                .as_array()
                .into_iter()
                .flatten()
            {
                assert!(
                    !option["label"].as_str().unwrap().is_empty(),
                    "{lang}: {option}"
                );
                assert!(
                    !option["help"].as_str().unwrap().is_empty(),
                    "{lang}: {option}"
                );
            }
            if !enabled(question, &answers) {
                continue;
            }
            let value = answer(&question["answer"], round);
            answers.insert(
                question["link_id"].as_str().unwrap().to_owned(),
                value.clone(),
            );
            set(&mut profile, question["pointer"].as_str().unwrap(), value);
            asked += 1;
        }
        assert!(asked >= 20, "{lang}: only {asked} questions enabled");
        let response = app
            .client
            .post(format!("{}/v1/assessments", app.address))
            .header(ACCEPT_LANGUAGE, *lang)
            .json(&profile)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{lang}: {profile}");
        let body: Value = response.json().await.unwrap();
        // Every field was asked, so nothing is missing.
        assert_eq!(body["missing_inputs"], json!([]), "{lang}: {profile}");
    }
}

#[tokio::test]
async fn the_questionnaire_has_an_etag_per_language_and_format_and_varies_on_accept() {
    let app = spawn_app().await;
    let mut etags = Vec::new();
    for lang in ["en", "es"] {
        for accept in ["application/json", FHIR] {
            let response = get_with(
                &app,
                "/v1/questionnaire",
                &[(ACCEPT.as_str(), accept), (ACCEPT_LANGUAGE.as_str(), lang)],
            )
            .await;
            assert_eq!(response.status(), 200);
            assert!(
                response.headers()[CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .starts_with(accept),
                "{accept}"
            );
            assert!(
                response.headers().get_all(VARY).iter().any(|v| v
                    .to_str()
                    .unwrap()
                    .split(',')
                    .any(|v| v.trim() == "Accept")),
                "Vary names Accept"
            );
            let etag = response.headers()[ETAG].to_str().unwrap().to_owned();
            let again = get_with(
                &app,
                "/v1/questionnaire",
                &[
                    (ACCEPT.as_str(), accept),
                    (ACCEPT_LANGUAGE.as_str(), lang),
                    (IF_NONE_MATCH.as_str(), &etag),
                ],
            )
            .await;
            assert_eq!(again.status(), 304);
            etags.push(etag);
        }
    }
    let mut unique = etags.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), etags.len(), "{etags:?}");
    let refused = get_with(&app, "/v1/questionnaire", &[(ACCEPT.as_str(), "text/html")]).await;
    assert_problem(refused, 406, "not_acceptable").await;
}

#[tokio::test]
async fn the_vocabulary_labels_every_value_of_every_published_enum() {
    let app = spawn_app().await;
    let spec: Value = app.get("/openapi.json").await.json().await.unwrap();
    for lang in LANGUAGES {
        let response = get_with(&app, "/v1/vocabulary", &[(ACCEPT_LANGUAGE.as_str(), lang)]).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        let vocabularies = body["vocabularies"].as_array().unwrap();
        assert_eq!(vocabularies.len(), 19, "{lang}");
        for vocabulary in vocabularies {
            let name = vocabulary["name"].as_str().unwrap();
            let published = &spec["components"]["schemas"][name]["enum"];
            let values: Vec<&Value> = vocabulary["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| &v["value"])
                .collect();
            assert_eq!(
                published.as_array().unwrap().iter().collect::<Vec<_>>(),
                values,
                "{lang}: {name}"
            );
        }
    }
}

/// The `QuestionnaireResponse` for `profile`, built from the served questionnaires: the JSON
/// one says where each answer sits in the profile, the FHIR one its type and code system.
fn response_for(profile: &Value, q: &Value, fhir: &Value) -> Value {
    let fhir_items: Vec<&Value> = fhir["item"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["item"].as_array().unwrap())
        .collect();
    let mut sections = Vec::new();
    for section in q["sections"].as_array().unwrap() {
        let mut items = Vec::new();
        for question in section["questions"].as_array().unwrap() {
            let Some(value) = profile.pointer(question["pointer"].as_str().unwrap()) else {
                continue;
            };
            let item = fhir_items
                .iter()
                .find(|i| i["linkId"] == question["link_id"])
                .unwrap();
            let system = item["answerOption"][0]["valueCoding"]["system"].clone();
            let one = |v: &Value| match item["type"].as_str().unwrap() {
                "integer" => json!({"valueInteger": v}),
                "decimal" => json!({"valueDecimal": v}),
                "boolean" => json!({"valueBoolean": v}),
                "string" => json!({"valueString": v}),
                "choice" => json!({"valueCoding": {"system": system, "code": v}}),
                other => panic!("unexpected item type {other}"),
            };
            let answers: Vec<Value> = match value {
                Value::Array(values) => values.iter().map(one).collect(),
                v => vec![one(v)],
            };
            let mut answered = json!({"linkId": question["link_id"]});
            if !answers.is_empty() {
                answered["answer"] = Value::Array(answers);
            }
            items.push(answered);
        }
        if !items.is_empty() {
            sections.push(json!({"linkId": section["link_id"], "item": items}));
        }
    }
    json!({"resourceType": "QuestionnaireResponse", "status": "completed", "item": sections})
}

#[tokio::test]
async fn every_persona_as_a_fhir_questionnaire_response_answers_exactly_as_its_json() {
    let app = spawn_app().await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/app-kit");
    std::fs::create_dir_all(&dir).unwrap();
    for lang in LANGUAGES {
        let fhir = questionnaire(&app, lang, FHIR).await;
        std::fs::write(
            dir.join(format!("questionnaire-{lang}.json")),
            fhir.to_string(),
        )
        .unwrap();
    }
    let q = questionnaire(&app, "en", "application/json").await;
    let fhir = questionnaire(&app, "en", FHIR).await;
    let all = personas();
    assert!(all.len() >= 20);
    for (name, profile) in &all {
        let response = response_for(profile, &q, &fhir);
        std::fs::write(
            dir.join(format!("response-{name}.json")),
            response.to_string(),
        )
        .unwrap();
        for path in VIEWS {
            let lang = LANGUAGES[name.len() % LANGUAGES.len()];
            let post = |body: Vec<u8>, content_type: &'static str| {
                app.client
                    .post(format!("{}{path}", app.address))
                    .header(CONTENT_TYPE, content_type)
                    .header(ACCEPT_LANGUAGE, lang)
                    .body(body)
                    .send()
            };
            let json_answer = post(profile.to_string().into_bytes(), "application/json")
                .await
                .unwrap();
            let fhir_answer = post(response.to_string().into_bytes(), FHIR).await.unwrap();
            assert_eq!(json_answer.status(), 200, "{name} {path}");
            assert_eq!(fhir_answer.status(), 200, "{name} {path}");
            assert_eq!(
                json_answer.bytes().await.unwrap(),
                fhir_answer.bytes().await.unwrap(),
                "{name} {path}"
            );
        }
    }
    // Both resources are valid FHIR R4 (fhir.resources' R4B models).
    let python = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    let output = std::process::Command::new(&python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fhir/validate.py"
        ))
        .arg(&dir)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e} (run `make venv`)", python.display()));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "fhir.resources validation failed:\n{text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        text.contains(&format!("{} passed, 0 failed", all.len() + LANGUAGES.len())),
        "{text}"
    );
}

#[tokio::test]
async fn problems_in_a_questionnaire_response_point_into_it() {
    let app = spawn_app().await;
    let body = json!({"resourceType": "QuestionnaireResponse", "status": "completed", "item": [
        {"linkId": "about_you", "item": [{"linkId": "age", "answer": [{"valueInteger": 40}]}]},
        {"linkId": "cramps", "item": [
            {"linkId": "one_leg_only", "answer": [{"valueBoolean": true}]},
            {"linkId": "nights_per_week", "answer": [{"valueInteger": 9}]}
        ]}
    ]});
    let response = app
        .post_raw("/v1/assessments", body.to_string(), Some(FHIR))
        .await;
    let problem = assert_problem(response, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["pointer"], "/item/1/item/1/answer/0");
    assert_eq!(problem["errors"][0]["code"], "out_of_range");
    // Other media types are still refused with a problem.
    let refused = app
        .post_raw("/v1/assessments", body.to_string(), Some("text/plain"))
        .await;
    assert_problem(refused, 415, "unsupported_media_type").await;
}

#[tokio::test]
async fn priorities_and_enable_when_agree_with_missing_inputs() {
    let app = spawn_app().await;
    let q = questionnaire(&app, "en", "application/json").await;
    let by_pointer = |pointer: &str| {
        questions(&q)
            .find(|question| question["pointer"] == pointer)
            .unwrap_or_else(|| panic!("{pointer} is not a question"))
            .clone()
    };
    let age_question = questions(&q)
        .find(|x| x["required"] == true)
        .unwrap()
        .clone();
    for age in [5, 11, 12, 13, 15, 16, 30, 55, 56, 80, 120] {
        let mut profile = json!({});
        set(
            &mut profile,
            age_question["pointer"].as_str().unwrap(),
            json!(age),
        );
        let response = app.post_assessment(&profile).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        let listed: Vec<Value> = body["missing_inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| by_pointer(m["pointer"].as_str().unwrap()))
            .collect();
        assert!(!listed.is_empty());
        // Listed in priority order, and only questions that have one.
        let priorities: Vec<u64> = listed
            .iter()
            .map(|question| {
                question["priority"]
                    .as_u64()
                    .expect("a listed question has a priority")
            })
            .collect();
        assert!(
            priorities.windows(2).all(|w| w[0] < w[1]),
            "age {age}: {priorities:?}"
        );
        // A question shown only at some ages (pregnancy, alcohol) is listed exactly when it is
        // shown (up to the last listed priority: the list is capped); a listed one is shown.
        let mut answers = Map::new();
        answers.insert(
            age_question["link_id"].as_str().unwrap().to_owned(),
            json!(age),
        );
        let last = *priorities.last().unwrap();
        for question in questions(&q) {
            let Some(priority) = question["priority"].as_u64() else {
                continue;
            };
            let shown = enabled(question, &answers);
            let is_listed = listed.iter().any(|l| l["link_id"] == question["link_id"]);
            let conditions = question["enable_when"].as_array().unwrap();
            let on_age = !conditions.is_empty()
                && conditions
                    .iter()
                    .all(|c| c["question"] == age_question["link_id"]);
            if on_age && priority <= last {
                assert_eq!(shown, is_listed, "age {age}: {}", question["link_id"]);
            }
            if is_listed {
                assert!(
                    shown,
                    "age {age}: {} is listed but not shown",
                    question["link_id"]
                );
            }
        }
    }
}
