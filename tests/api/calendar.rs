//! The relief plan as a calendar (`Accept: text/calendar`): every persona's calendar parses
//! with PyPI `icalendar` and matches the plan's scheduled steps one for one
//! (`tests/api/ics_check.py`); seek-care-now steps are never scheduled; `bedtime` is checked.

use std::process::Command;

use serde_json::Value;

use crate::helpers::{assert_problem, personas, spawn_app};

async fn calendar(
    app: &crate::helpers::TestApp,
    query: &str,
    lang: &str,
    body: &Value,
) -> reqwest::Response {
    app.client
        .post(format!("{}/v1/assessments/relief-plan{query}", app.address))
        .header("accept", "text/calendar")
        .header("accept-language", lang)
        .json(body)
        .send()
        .await
        .unwrap()
}

fn python() -> String {
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/.venv/bin/python");
    if std::path::Path::new(venv).exists() {
        venv.to_owned()
    } else {
        "python3".to_owned()
    }
}

#[tokio::test]
async fn every_persona_calendar_parses_and_matches_the_scheduled_steps_one_for_one() {
    let app = spawn_app().await;
    let dir = std::env::temp_dir().join(format!("cramp-ics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    for (name, profile) in personas() {
        for lang in ["en", "de"] {
            let response = calendar(&app, "?bedtime=22:30", lang, &profile).await;
            assert_eq!(response.status(), 200, "{name}");
            assert!(
                response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/calendar"),
                "{name}"
            );
            let ics = response.bytes().await.unwrap();
            let plan: Value = app
                .client
                .post(format!("{}/v1/assessments/relief-plan", app.address))
                .header("accept-language", lang)
                .json(&profile)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let (ics_path, plan_path) = (
                dir.join(format!("{name}.{lang}.ics")),
                dir.join(format!("{name}.{lang}.json")),
            );
            std::fs::write(&ics_path, &ics).unwrap();
            std::fs::write(&plan_path, plan.to_string()).unwrap();
            let out = Command::new(python())
                .arg(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/api/ics_check.py"
                ))
                .arg(&ics_path)
                .arg(&plan_path)
                .output()
                .expect("python runs");
            assert!(
                out.status.success(),
                "{name} {lang}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            checked += 1;
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(checked >= 50, "{checked}");
}

#[tokio::test]
async fn seek_care_now_steps_are_never_scheduled_and_the_calendar_says_act_now() {
    let app = spawn_app().await;
    let dvt = personas()
        .into_iter()
        .find(|(n, _)| n == "suspected_dvt")
        .unwrap()
        .1;
    let ics = calendar(&app, "", "en", &dvt).await.text().await.unwrap();
    let plan: Value = app
        .post_json("/v1/assessments/relief-plan", &dvt)
        .await
        .json()
        .await
        .unwrap();
    let first = &plan["relief_plan"]["steps"][0];
    assert_eq!(first["phase"], "seek_care_now", "JSON keeps it on top");
    let unfolded = ics.replace("\r\n ", "");
    assert!(!unfolded.contains("UID:possible_dvt"), "{ics}");
    let action = first["action"].as_str().unwrap().replace(',', "\\,");
    assert!(unfolded.contains(&action[..60]), "{unfolded}");
}

#[tokio::test]
async fn a_bad_bedtime_is_a_400_and_a_calendar_only_accept_still_gets_problems() {
    let app = spawn_app().await;
    let body = serde_json::json!({"age": 60});
    // A query parameter's value of the wrong form is a 400, as every parameter problem is.
    let problem = assert_problem(
        calendar(&app, "?bedtime=25:00", "en", &body).await,
        400,
        "invalid_parameter",
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "bedtime");
    let response = app
        .client
        .post(format!("{}/v1/assessments/relief-plan", app.address))
        .header("accept", "image/png")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_problem(response, 406, "not_acceptable").await;
    let json = app
        .client
        .post(format!("{}/v1/assessments/relief-plan", app.address))
        .header("accept", "application/json, text/calendar;q=0.5")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(
        json.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
}
