//! Languages: Accept-Language picks en/es/de/fr for assessments, catalogue and problems; ids,
//! order and numbers never change with language.

use serde_json::{Value, json};

use crate::helpers::{personas, spawn_app};

async fn post_in(
    app: &crate::helpers::TestApp,
    accept_language: &str,
    body: &Value,
) -> reqwest::Response {
    app.client
        .post(format!("{}/v1/assessments", app.address))
        .header("accept-language", accept_language)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn accept_language_chooses_the_language_with_q_values_wildcards_and_region_fallback() {
    let app = spawn_app().await;
    let profile = json!({"age": 45, "symptoms": ["one_sided_calf_swelling"]});
    let cases = [
        ("es", "es"),
        ("es-MX", "es"),
        ("de-AT;q=0.9, fr;q=0.8", "de"),
        ("fr-CA, en;q=0.1", "fr"),
        ("xx", "en"),
        ("*", "en"),
        ("xx, fr;q=0.5", "fr"),
        // q=0 means "not acceptable", never a preference.
        ("fr;q=0", "en"),
        ("de;q=0, es-MX;q=0", "en"),
        ("fr;q=0.000, *", "en"),
        ("fr;q=0, es;q=0.2", "es"),
        ("de;q=0.5, fr;q=0.9", "fr"),
    ];
    for (header, expected) in cases {
        let response = post_in(&app, header, &profile).await;
        assert_eq!(response.status(), 200, "{header}");
        assert_eq!(response.headers()["content-language"], expected, "{header}");
        let vary = response
            .headers()
            .get_all("vary")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join(",");
        assert!(vary.contains("Accept-Language"), "{header}: Vary {vary}");
    }
}

#[tokio::test]
async fn spanish_assessments_and_problem_details_are_in_spanish() {
    let app = spawn_app().await;
    let body: Value = post_in(
        &app,
        "es",
        &json!({"age": 45, "symptoms": ["one_sided_calf_swelling"]}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        body["triage"]["red_flags"][0]["id"], "possible_dvt",
        "ids never change"
    );
    let spanish = body.to_string();
    assert!(
        spanish.contains("médico"),
        "Spanish wording: {}",
        &spanish[..400]
    );
    assert_ne!(body["disclaimer"], json!(null));

    let problem = post_in(&app, "es", &json!({"age": 40, "pregant": "trimester_1"})).await;
    assert_eq!(problem.status(), 422);
    assert_eq!(problem.headers()["content-language"], "es");
    let problem: Value = problem.json().await.unwrap();
    assert_eq!(problem["title"], "La solicitud no es válida");
    assert_eq!(problem["code"], "validation_failed", "codes never change");
    let missing = app
        .client
        .get(format!("{}/v1/causes/gout", app.address))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap();
    let missing: Value = missing.json().await.unwrap();
    assert_eq!(missing["title"], "Nicht gefunden");
}

/// Fields whose strings are ids, codes, enum values, pointers or versions: never translated.
const NOT_TEXT: [&str; 23] = [
    "id",
    "level",
    "urgency",
    "likelihood",
    "association",
    "evidence",
    "phase",
    "when",
    "repeat",
    "pointer",
    "pointers",
    "remedy_id",
    "cause_ids",
    "red_flag_ids",
    "red_flag_id",
    "class_id",
    "source_ids",
    "addresses",
    "version",
    "reviewed",
    "medicine",
    "unrecognised_medications",
    "code",
];

/// Everything but the texts a person reads: ids, order, numbers, levels, pointers.
fn skeleton(v: &Value, key: &str) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| k.as_str() != "content_hash")
                .map(|(k, v)| (k.clone(), skeleton(v, k)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|i| skeleton(i, key)).collect()),
        Value::String(_) if !NOT_TEXT.contains(&key) => Value::String("<text>".into()),
        other => other.clone(),
    }
}

#[tokio::test]
async fn every_persona_has_the_same_ids_order_and_numbers_in_every_language_and_a_reviewed_snapshot()
 {
    let app = spawn_app().await;
    for (name, profile) in personas() {
        let english: Value = post_in(&app, "en", &profile).await.json().await.unwrap();
        for lang in ["es", "de", "fr"] {
            let translated: Value = post_in(&app, lang, &profile).await.json().await.unwrap();
            assert_eq!(
                skeleton(&translated, ""),
                skeleton(&english, ""),
                "{name} in {lang}"
            );
            // Keys sorted, as reviewed: the snapshot compares content, not the wire order.
            insta::with_settings!({ sort_maps => true }, {
                insta::assert_json_snapshot!(format!("{name}.{lang}"), translated);
            });
        }
    }
}

#[tokio::test]
async fn catalogue_etags_differ_per_language_and_the_knowledge_endpoint_lists_languages() {
    let app = spawn_app().await;
    let url = format!("{}/v1/causes", app.address);
    let etag = |lang: &'static str| {
        let request = app.client.get(&url).header("accept-language", lang).send();
        async move {
            request.await.unwrap().headers()["etag"]
                .to_str()
                .unwrap()
                .to_owned()
        }
    };
    let (en, es, de, fr) = (
        etag("en").await,
        etag("es").await,
        etag("de").await,
        etag("fr").await,
    );
    let mut all = vec![en, es, de, fr];
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 4, "four distinct ETags: {all:?}");
    let knowledge: Value = app.get("/v1/knowledge").await.json().await.unwrap();
    assert_eq!(knowledge["languages"], json!(["en", "es", "de", "fr"]));
}
