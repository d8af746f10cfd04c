//! Prefetch: 412 when required data is missing and cannot be fetched, fetching from an allowed
//! FHIR server with the bearer token, and never fetching from one that is not allowed.

use cramp_advisor::config::Settings;
use serde_json::json;

use super::stub::{call_via, spawn_app_allowing, start_stub};
use super::{PATIENT_VIEW, cards_for, fixture};
use crate::helpers::{LOGS, assert_problem, spawn_app, spawn_app_with, test_settings};

fn prefetch() -> serde_json::Value {
    fixture("patient_view_older_ckd_thiazide")["prefetch"].clone()
}

#[tokio::test]
async fn missing_prefetch_without_a_fhir_server_is_a_412_problem() {
    // Arrange
    let app = spawn_app().await;
    let mut call = fixture("patient_view_older_ckd_thiazide");
    let prefetch = call["prefetch"].as_object_mut().unwrap();
    prefetch.remove("conditions");
    prefetch.remove("medications");

    // Act
    let response = app.post_json(PATIENT_VIEW, &call).await;

    // Assert
    let problem = assert_problem(response, 412, "prefetch_missing").await;
    assert_eq!(problem["instance"], PATIENT_VIEW);
    let pointers: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers, ["/prefetch/conditions", "/prefetch/medications"]);
}

#[tokio::test]
async fn a_fhir_server_that_is_not_allowed_gets_a_412_and_no_request() {
    // Arrange: the stub would answer, but the app allows no FHIR server (the default).
    let app = spawn_app().await;
    let stub = start_stub("stub-token-ssrf", prefetch());

    // Act
    let response = app
        .post_json(PATIENT_VIEW, &call_via(&stub, "stub-token-ssrf", &[]))
        .await;

    // Assert
    let problem = assert_problem(response, 412, "fhir_server_not_allowed").await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("not one this service is allowed"),
        "{problem:#}"
    );
    let pointers: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(
        pointers,
        [
            "/prefetch/patient",
            "/prefetch/conditions",
            "/prefetch/medications"
        ]
    );
    assert!(stub.paths().is_empty(), "no request reached the stub");
}

#[tokio::test]
async fn only_the_exact_origin_is_allowed() {
    let stub = start_stub("stub-token-origin", prefetch());
    let port = stub.origin.rsplit(':').next().unwrap();
    // Same host, other port; same port, other host name; other scheme.
    let other_origins = vec![
        "http://127.0.0.1:1".to_owned(),
        format!("http://localhost:{port}"),
        format!("https://127.0.0.1:{port}"),
    ];
    let app = spawn_app_with(Settings {
        fhir_allowed_origins: other_origins,
        ..test_settings()
    })
    .await;
    let response = app
        .post_json(PATIENT_VIEW, &call_via(&stub, "stub-token-origin", &[]))
        .await;
    assert_problem(response, 412, "fhir_server_not_allowed").await;
    // A URL with credentials is never fetched from, even on an allowed origin.
    let app = spawn_app_allowing(&stub).await;
    let mut call = call_via(&stub, "stub-token-origin", &[]);
    call["fhirServer"] = json!(stub.base.replace("http://", "http://user:pw@"));
    let response = app.post_json(PATIENT_VIEW, &call).await;
    assert_problem(response, 412, "fhir_server_not_allowed").await;
    assert!(stub.paths().is_empty(), "no request reached the stub");
}

#[tokio::test]
async fn a_fhir_server_that_is_not_allowed_is_ignored_when_the_prefetch_is_complete() {
    let app = spawn_app().await;
    let stub = start_stub("stub-token-complete", prefetch());
    let keep = ["patient", "conditions", "medications"];
    let call = call_via(&stub, "stub-token-complete", &keep);
    assert_eq!(cards_for(&app, PATIENT_VIEW, &call).await.len(), 3);
    assert!(stub.paths().is_empty(), "the optional keys are not fetched");
}

#[tokio::test]
async fn with_an_allowed_fhir_server_the_service_fetches_what_is_missing_with_the_bearer_token() {
    // Arrange
    let stub = start_stub("stub-token-7d1f", prefetch());
    let app = spawn_app_allowing(&stub).await;
    let prefetched = cards_for(
        &app,
        PATIENT_VIEW,
        &fixture("patient_view_older_ckd_thiazide"),
    )
    .await;

    // Act
    let fetched = cards_for(&app, PATIENT_VIEW, &call_via(&stub, "stub-token-7d1f", &[])).await;

    // Assert
    assert_eq!(
        fetched, prefetched,
        "fetching gives the same cards as prefetching"
    );
    assert_eq!(
        stub.paths(),
        [
            "/fhir/Condition",
            "/fhir/MedicationRequest",
            "/fhir/MedicationStatement",
            "/fhir/Observation",
            "/fhir/Patient/cramps-older-ckd",
        ]
    );
    assert!(
        stub.seen
            .lock()
            .unwrap()
            .iter()
            .all(|(_, auth)| auth.as_deref() == Some("Bearer stub-token-7d1f"))
    );
    let logs = LOGS.contents();
    assert!(
        !logs.contains("stub-token-7d1f"),
        "the token is never logged"
    );
    assert!(!logs.contains("Okafor"), "record content is never logged");
}

#[tokio::test]
async fn only_the_missing_prefetch_keys_are_fetched() {
    let stub = start_stub("stub-token-2", prefetch());
    let app = spawn_app_allowing(&stub).await;
    let call = call_via(
        &stub,
        "stub-token-2",
        &["patient", "conditions", "medications"],
    );
    assert_eq!(cards_for(&app, PATIENT_VIEW, &call).await.len(), 3);
    assert_eq!(
        stub.paths(),
        ["/fhir/MedicationStatement", "/fhir/Observation"]
    );
}

#[tokio::test]
async fn a_fhir_server_that_refuses_the_token_is_a_412_problem() {
    let stub = start_stub("the-right-token", prefetch());
    let app = spawn_app_allowing(&stub).await;
    let response = app
        .post_json(PATIENT_VIEW, &call_via(&stub, "a-wrong-token", &[]))
        .await;
    let problem = assert_problem(response, 412, "fhir_fetch_failed").await;
    let errors = problem["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3, "the three required keys: {problem:#}");
    assert!(
        errors
            .iter()
            .all(|e| e["message"].as_str().unwrap().contains("401"))
    );
}
