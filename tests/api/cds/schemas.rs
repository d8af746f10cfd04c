//! The contract of the CDS endpoints: discovery, the OpenAPI description and its examples (each
//! documented answer is the live answer), and malformed calls as RFC 9457 problems.

use serde_json::{Value, json};

use super::{ORDER_SELECT, PATIENT_VIEW, assert_matches_schema, fixture};
use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn the_discovery_document_lists_both_services_with_their_prefetch() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let response = app.get("/cds-services").await;

    // Assert
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_matches_schema("discovery", &body);
    let services = body["services"].as_array().unwrap();
    let hooks: Vec<(&str, &str)> = services
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["hook"].as_str().unwrap()))
        .collect();
    assert_eq!(
        hooks,
        [
            ("nocturnal-leg-cramps", "patient-view"),
            ("quinine-for-cramps", "order-select")
        ]
    );
    let prefetch = &services[0]["prefetch"];
    assert_eq!(prefetch["patient"], "Patient/{{context.patientId}}");
    for key in [
        "conditions",
        "medications",
        "medicationStatements",
        "pregnancy",
    ] {
        assert!(prefetch[key].is_string(), "patient-view prefetches {key}");
    }
}

#[tokio::test]
async fn the_openapi_document_lists_the_cds_endpoints_under_their_tag() {
    let app = spawn_app().await;
    let spec: Value = app.get("/openapi.json").await.json().await.unwrap();
    for (path, method) in [
        ("/cds-services", "get"),
        (PATIENT_VIEW, "post"),
        (ORDER_SELECT, "post"),
        ("/cds-services/{service_id}/feedback", "post"),
    ] {
        let op = &spec["paths"][path][method];
        assert_eq!(op["tags"], json!(["cds-hooks"]), "{method} {path}");
    }
    assert!(spec["paths"][PATIENT_VIEW]["post"]["responses"]["412"].is_object());
    let card = &spec["components"]["schemas"]["Card"]["properties"];
    assert_eq!(
        card["links"]["type"], "array",
        "optional fields are not nullable"
    );
}

// ─── A stub FHIR server ───────────────────────────────────────────────────────────────────

#[tokio::test]
async fn bad_calls_are_problems() {
    let app = spawn_app().await;
    let mut wrong_hook = fixture("patient_view_dvt_red_flag");
    wrong_hook["hook"] = json!("order-sign");
    let problem = assert_problem(
        app.post_json(PATIENT_VIEW, &wrong_hook).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/hook");

    let mut bad_patient = fixture("patient_view_dvt_red_flag");
    bad_patient["prefetch"]["patient"]["birthDate"] = json!(19581103);
    let problem = assert_problem(
        app.post_json(PATIENT_VIEW, &bad_patient).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        problem["errors"][0]["pointer"],
        "/prefetch/patient/birthDate"
    );

    let mut no_context = fixture("order_select_quinine");
    no_context.as_object_mut().unwrap().remove("context");
    let problem = assert_problem(
        app.post_json(ORDER_SELECT, &no_context).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/context");

    let malformed = app
        .post_raw(PATIENT_VIEW, "{\"hook\":", Some("application/json"))
        .await;
    assert_problem(malformed, 400, "malformed_json").await;
    assert_problem(
        app.post_raw(PATIENT_VIEW, "{}", Some("text/plain")).await,
        415,
        "unsupported_media_type",
    )
    .await;
    assert_problem(
        app.post_json("/cds-services/gout-alert", &json!({})).await,
        404,
        "route_not_found",
    )
    .await;
}

#[tokio::test]
async fn every_documented_call_is_answered_with_its_documented_answer() {
    // Arrange: the answers are documented as served from https://cramp-advisor.example (the
    // public base URL; forwarded headers from an untrusted peer are ignored).
    let app = crate::helpers::spawn_app_with(cramp_advisor::config::Settings {
        public_base_url: Some("https://cramp-advisor.example".to_owned()),
        ..crate::helpers::test_settings()
    })
    .await;
    let spec: Value = app.get("/openapi.json").await.json().await.unwrap();

    for path in [PATIENT_VIEW, ORDER_SELECT] {
        let op = &spec["paths"][path]["post"];
        let calls = op["requestBody"]["content"]["application/json"]["examples"]
            .as_object()
            .unwrap();
        let answers = op["responses"]["200"]["content"]["application/json"]["examples"]
            .as_object()
            .unwrap();
        assert!(calls.len() >= 2, "{path} documents several calls");
        for (name, call) in calls {
            // Act
            let response = app
                .client
                .post(format!("{}{path}", app.address))
                .json(&call["value"])
                .send()
                .await
                .unwrap();

            // Assert
            assert_eq!(response.status(), 200, "{path} {name}");
            let live: Value = response.json().await.unwrap();
            assert_matches_schema("response", &live);
            let documented = answers
                .get(&format!("answer_{name}"))
                .or_else(|| answers.get(name))
                .unwrap_or_else(|| panic!("{path}: no documented answer to {name}"));
            assert!(
                documented["value"] == live,
                "{path} {name}: the documented answer differs from the live one"
            );
        }
    }
    let discovery = &spec["paths"]["/cds-services"]["get"]["responses"]["200"]["content"]["application/json"]
        ["example"];
    let live: Value = app.get("/cds-services").await.json().await.unwrap();
    assert_eq!(
        discovery, &live,
        "the discovery example is the live document"
    );
}

#[tokio::test]
async fn a_call_is_checked_against_everything_its_schema_states() {
    let app = spawn_app().await;
    let base = fixture("patient_view_dvt_red_flag");
    let with = |pointer: &str, value: Value| {
        let mut call = base.clone();
        *call.pointer_mut(pointer).unwrap() = value;
        call
    };
    let mut bad_date = base.clone();
    bad_date["extension"] = json!({"example.cramp-advisor.request-date": "2026-02-30"});
    for (call, pointer) in [
        (with("/extension", Value::Null), "/extension"),
        (with("/prefetch", Value::Null), "/prefetch"),
        (with("/context/userId", Value::Null), "/context/userId"),
        (with("/hookInstance", json!("")), "/hookInstance"),
        (
            with("/hookInstance", json!("x".repeat(201))),
            "/hookInstance",
        ),
        (
            with("/context/patientId", json!("p/1")),
            "/context/patientId",
        ),
        (
            with("/context/patientId", json!("p".repeat(65))),
            "/context/patientId",
        ),
        (bad_date, "/extension/example.cramp-advisor.request-date"),
        (
            with("/prefetch/patient", json!({"id": "p"})),
            "/prefetch/patient/resourceType",
        ),
    ] {
        let problem = assert_problem(
            app.post_json(PATIENT_VIEW, &call).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{call:#}");
    }
    let mut fhir_null = base.clone();
    fhir_null["fhirServer"] = Value::Null;
    let mut bad_token = base.clone();
    bad_token["fhirServer"] = json!("https://ehr.example.org/fhir");
    bad_token["fhirAuthorization"] = json!({"access_token": "t", "token_type": "MAC"});
    for (call, pointer) in [
        (fhir_null, "/fhirServer"),
        (bad_token, "/fhirAuthorization/token_type"),
    ] {
        let problem = assert_problem(
            app.post_json(PATIENT_VIEW, &call).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["pointer"], pointer);
    }
}

#[tokio::test]
async fn what_the_schema_allows_is_answered() {
    let app = spawn_app().await;
    let base = fixture("patient_view_dvt_red_flag");
    // A token without a server is of no use, and ignored; 300.0 is a JSON Schema integer.
    let mut token_only = base.clone();
    token_only["fhirAuthorization"] =
        json!({"access_token": "t", "token_type": "Bearer", "expires_in": 300.0});
    // Any non-empty hookInstance up to 200 characters; a malformed fhirServer is not fetched from.
    let mut odd = base.clone();
    odd["hookInstance"] = json!(" ");
    odd["fhirServer"] = json!("");
    for call in [token_only, odd] {
        let response = app.post_json(PATIENT_VIEW, &call).await;
        assert_eq!(response.status(), 200, "{call:#}");
    }
    // `null` prefetch values mean "no data": no patient, no age, no cards.
    let mut nulls = base.clone();
    nulls["prefetch"] = json!({"patient": null, "conditions": null, "medications": null});
    let response = app.post_json(PATIENT_VIEW, &nulls).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"cards": []})
    );
}
