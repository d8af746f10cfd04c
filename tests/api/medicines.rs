//! The medicines and remedies findings of the December 2026 clinical audit, over HTTP in every
//! language: quinine and tonic water never get the routine "do not stop" advice, alcohol advice
//! quotes no threshold, magnesium-rich foods are withheld in kidney disease, and medicine names
//! typed with a glued dose, in Spanish, German or French, or by brand are recognised.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const LANGS: [&str; 4] = ["en", "es", "de", "fr"];

/// `POST /v1/assessments` in one language, as JSON.
async fn assess_in(app: &TestApp, lang: &str, profile: &Value) -> Value {
    let response = app
        .client
        .post(format!("{}/v1/assessments", app.address))
        .header("accept-language", lang)
        .json(profile)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{lang}: {profile}");
    response.json().await.unwrap()
}

/// The routine advice's opening ("do not stop or change this medicine on your own"), by
/// language.
fn routine_opening(lang: &str) -> &'static str {
    match lang {
        "es" => "No deje ni cambie este medicamento",
        "de" => "Setzen Sie dieses Medikament nicht eigenmächtig ab",
        "fr" => "N'arrêtez pas et ne modifiez pas ce médicament",
        _ => "Do not stop or change this medicine",
    }
}

#[tokio::test]
async fn tonic_water_and_quinine_get_their_own_advice_not_the_routine_do_not_stop() {
    let app = spawn_app().await;
    let cramps = json!({"nights_per_week": 4, "typical_duration_minutes": 2,
        "muscles": ["calf"], "disturbs_sleep": true});
    for medicine in ["tonic water", "quinine", "Qualaquin"] {
        for profile in [
            json!({"age": 66, "cramps": cramps, "medications": [medicine]}),
            json!({"age": 30, "pregnancy": "trimester_3", "cramps": cramps,
                "medications": [medicine]}),
        ] {
            for lang in LANGS {
                let body = assess_in(&app, lang, &profile).await;
                let review = &body["medication_review"][0];
                assert_eq!(review["class_id"], "quinine", "{lang} {medicine}");
                let advice = review["advice"].as_str().unwrap();
                assert!(
                    !advice.contains(routine_opening(lang)),
                    "{lang} {medicine}: {advice}"
                );
                // In pregnancy the quinine_in_pregnancy flag implicates it, with its own advice
                // (tell the prescriber or midwife today); otherwise the class's own advice.
                if profile["pregnancy"].is_null() {
                    assert!(advice.contains('4') && advice.contains('3'), "{advice}");
                } else {
                    assert_eq!(
                        review["red_flag_ids"],
                        json!(["quinine_in_pregnancy"]),
                        "{lang} {medicine}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn the_quinine_catalogue_entry_and_page_carry_its_own_advice() {
    let app = spawn_app().await;
    let list: Value = app
        .get("/v1/medication-classes")
        .await
        .json()
        .await
        .unwrap();
    let entry = list["medication_classes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "quinine")
        .unwrap();
    let advice = entry["advice"].as_str().unwrap_or_default();
    assert!(advice.contains("Tonic water"), "{entry}");
    assert!(!advice.contains(routine_opening("en")), "{advice}");
    let html = app
        .get("/pages/medication-classes/quinine")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("no need to drink it for cramps"), "{html}");
    assert!(!html.contains(routine_opening("en")), "{html}");
}

#[tokio::test]
async fn a_periodic_bone_infusion_or_injection_is_reviewed_before_the_next_dose() {
    let app = spawn_app().await;
    for (medicine, class) in [("Aclasta", "iv_bisphosphonate"), ("Prolia", "denosumab")] {
        for lang in LANGS {
            let body = assess_in(&app, lang, &json!({"age": 70, "medications": [medicine]})).await;
            let review = &body["medication_review"][0];
            assert_eq!(review["class_id"], class);
            let advice = review["advice"].as_str().unwrap();
            assert!(!advice.contains(routine_opening(lang)), "{lang}: {advice}");
        }
    }
}

/// Every text of the answer's alcohol advice: the remedy (with its cautions) and its plan step.
fn alcohol_texts(body: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for remedy in body["remedies"].as_array().unwrap() {
        if remedy["id"] == "limit_alcohol" {
            out.push(remedy.to_string());
        }
    }
    for step in body["relief_plan"]["steps"].as_array().unwrap() {
        if step["remedy_id"] == "limit_alcohol" {
            out.push(step.to_string());
        }
    }
    out
}

#[tokio::test]
async fn alcohol_advice_quotes_no_threshold_and_says_none_in_pregnancy_and_adults_only() {
    let app = spawn_app().await;
    let cramps = json!({"nights_per_week": 4, "typical_duration_minutes": 2, "muscles": ["calf"]});
    let pregnant = json!({"age": 29, "pregnancy": "trimester_2", "cramps": cramps,
        "lifestyle": {"alcohol_grams_per_week": 150}});
    let teenager = json!({"age": 16, "cramps": cramps,
        "lifestyle": {"alcohol_grams_per_week": 200}});
    let older = json!({"age": 66, "cramps": cramps,
        "lifestyle": {"alcohol_grams_per_week": 150}});
    for lang in LANGS {
        for (profile, must) in [
            (&pregnant, "pregnan"),
            (&teenager, "18"),
            (&older, "alcohol"),
        ] {
            let body = assess_in(&app, lang, profile).await;
            let texts = alcohol_texts(&body);
            assert_eq!(texts.len(), 2, "{lang}: {body}");
            for text in &texts {
                assert!(
                    !text.contains("112") && !text.contains("14 "),
                    "{lang}: {text}"
                );
            }
            if lang == "en" {
                assert!(texts[0].contains(must), "{must}: {}", texts[0]);
            }
        }
        let body = assess_in(&app, lang, &older).await;
        let remedy = &alcohol_texts(&body)[0];
        assert!(
            !remedy.contains("pregnan") && !remedy.contains(" 18"),
            "{remedy}"
        );
    }
    let body = assess_in(&app, "en", &pregnant).await;
    assert!(
        alcohol_texts(&body)[0].contains("the safest choice is not to drink alcohol at all"),
        "{body}"
    );
}
