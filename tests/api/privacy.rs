//! Private by design: no request body content ever reaches the logs.

use crate::helpers::{LOGS, spawn_app};
use serde_json::json;

#[tokio::test]
async fn a_request_body_never_appears_in_the_logs() {
    // Arrange
    let app = spawn_app().await;
    let sentinel = "SENTINEL-7f3a9c-do-not-log";

    // Act: valid, invalid-enum, unknown-field and malformed bodies all carrying the sentinel.
    let valid = app
        .post_assessment(&json!({"age": 50, "medications": [sentinel]}))
        .await;
    let invalid = app
        .post_assessment(&json!({"age": 50, "symptoms": [sentinel]}))
        .await;
    let unknown = app
        .post_assessment(&json!({"age": 50, sentinel: true}))
        .await;
    let malformed = app
        .post_raw(
            "/v1/assessments",
            format!("{{\"age\": 50, \"x\": {sentinel}"),
            Some("application/json"),
        )
        .await;
    for path in [
        "/v1/assessments/causes",
        "/v1/assessments/remedies",
        "/v1/assessments/relief-plan",
    ] {
        app.post_json(path, &json!({"age": 50, "medications": [sentinel]}))
            .await;
    }

    // Assert
    assert_eq!(valid.status(), 200);
    assert_eq!(invalid.status(), 422);
    assert_eq!(unknown.status(), 422);
    assert_eq!(malformed.status(), 400);
    let logs = LOGS.contents();
    assert!(
        logs.contains("request completed"),
        "the server did log requests"
    );
    assert!(
        !logs.contains(sentinel),
        "request body content leaked into the logs"
    );
}

#[tokio::test]
async fn the_access_line_names_the_route_the_router_matched_however_the_path_was_spelt() {
    // Arrange
    let app = spawn_app().await;
    let id = "access-line-route-7c1e";

    // Act: `/%761/red-flags` is routed as `/v1/red-flags` (actix decodes before routing).
    let response = app
        .client
        .get(format!("{}/%761/red-flags", app.address))
        .header("x-request-id", id)
        .send()
        .await
        .unwrap();

    // Assert: the one access line of that request names the matched route, under the access
    // line's usual target.
    assert_eq!(response.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let logs = LOGS.contents();
    let line = logs
        .lines()
        .find(|l| l.contains(id) && l.contains("request completed"))
        .expect("the request has its access line");
    let line: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(line["span"]["http.route"], "/v1/red-flags", "{line}");
    assert_eq!(line["target"], "cramp_advisor::http::middleware", "{line}");
    assert_eq!(line["http.status_code"], 200, "{line}");
}
