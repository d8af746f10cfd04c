//! The contract: the served document equals the committed `openapi/openapi.json`.

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_served_spec_equals_the_committed_file() {
    // Arrange
    let app = spawn_app().await;
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"))
            .expect("openapi/openapi.json is committed (run `make openapi`)");

    // Act
    let served = app.get("/openapi.json").await.text().await.unwrap();

    // Assert
    assert!(
        served == committed,
        "the OpenAPI document drifted from openapi/openapi.json: run `make openapi` and review the diff"
    );
}

#[tokio::test]
async fn the_spec_is_openapi_3_1_and_documents_every_route_with_problem_errors() {
    let app = spawn_app().await;
    let spec: serde_json::Value = app.get("/openapi.json").await.json().await.unwrap();
    assert_eq!(spec["openapi"], "3.1.0");
    let paths = spec["paths"].as_object().unwrap();
    for path in [
        "/v1/assessments",
        "/v1/assessments/causes",
        "/v1/assessments/remedies",
        "/v1/assessments/relief-plan",
        "/v1/knowledge",
        "/v1/causes",
        "/v1/causes/{cause_id}",
        "/v1/remedies",
        "/v1/remedies/{remedy_id}",
        "/v1/red-flags",
        "/v1/differentials",
        "/v1/medication-classes",
        "/v1/sources",
        "/healthz",
        "/readyz",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{method} {path} is tagged"
            );
            for (status, response) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') || status.starts_with('5') {
                    let content = &response["content"]["application/problem+json"];
                    assert!(
                        content.is_object(),
                        "{method} {path} {status} is problem+json"
                    );
                }
            }
        }
    }
}
