//! The read-only catalogue: every route, ETags and 304s, unknown ids.

use crate::helpers::{assert_problem, spawn_app};
use serde_json::Value;

#[tokio::test]
async fn every_catalogue_list_answers_200_with_a_strong_etag_and_public_caching() {
    // Arrange
    let app = spawn_app().await;
    let cases = [
        ("/v1/causes", "causes", 18),
        ("/v1/remedies", "remedies", 23),
        ("/v1/red-flags", "red_flags", 15),
        ("/v1/differentials", "differentials", 8),
        ("/v1/medication-classes", "medication_classes", 15),
        ("/v1/sources", "sources", 30),
    ];
    for (path, field, minimum) in cases {
        // Act
        let response = app.get(path).await;

        // Assert
        assert_eq!(response.status(), 200, "{path}");
        let etag = response.headers()["etag"].to_str().unwrap().to_owned();
        assert!(
            etag.starts_with('"') && !etag.starts_with("W/"),
            "{path}: strong etag, got {etag}"
        );
        assert!(
            response.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("public"),
            "{path}"
        );
        let body: Value = response.json().await.unwrap();
        let items = body[field]
            .as_array()
            .unwrap_or_else(|| panic!("{path} has a {field} list"));
        assert!(
            items.len() >= minimum,
            "{path}: {} < {minimum}",
            items.len()
        );
    }
}

#[tokio::test]
async fn the_knowledge_endpoint_reports_version_counts_and_hash() {
    let app = spawn_app().await;
    let body: Value = app.get("/v1/knowledge").await.json().await.unwrap();
    assert!(body["version"].is_string());
    assert_eq!(body["content_hash"].as_str().unwrap().len(), 64);
    assert!(body["counts"]["generic_names"].as_u64().unwrap() >= 60);
    assert!(
        body["disclaimer"]
            .as_str()
            .unwrap()
            .contains("not a diagnosis")
    );
}

#[tokio::test]
async fn a_cause_and_a_remedy_are_found_by_id() {
    let app = spawn_app().await;
    let cause: Value = app.get("/v1/causes/medication").await.json().await.unwrap();
    assert_eq!(cause["id"], "medication");
    assert!(!cause["source_ids"].as_array().unwrap().is_empty());
    let remedy: Value = app.get("/v1/remedies/quinine").await.json().await.unwrap();
    assert_eq!(remedy["evidence"], "not_recommended");
    assert_eq!(remedy["recommended"], false);
}

#[tokio::test]
async fn an_unknown_id_is_a_404_problem_naming_the_id() {
    let app = spawn_app().await;
    for (path, id) in [
        ("/v1/causes/gout", "gout"),
        ("/v1/remedies/leeches", "leeches"),
    ] {
        let body = assert_problem(app.get(path).await, 404, "not_found").await;
        assert!(
            body["detail"].as_str().unwrap().contains(id),
            "{path}: {body}"
        );
        assert_eq!(body["instance"], path);
    }
}

#[tokio::test]
async fn a_matching_if_none_match_gets_304_and_a_stale_one_gets_the_body() {
    // Arrange
    let app = spawn_app().await;
    let first = app.get("/v1/causes/age").await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();

    // Act
    let url = format!("{}/v1/causes/age", app.address);
    let fresh = app
        .client
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    let listed = app
        .client
        .get(&url)
        .header("if-none-match", format!("\"other\", {etag}"))
        .send()
        .await
        .unwrap();
    let stale = app
        .client
        .get(&url)
        .header("if-none-match", "\"stale\"")
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(fresh.status(), 304);
    assert_eq!(fresh.headers()["etag"], etag.as_str());
    assert_eq!(listed.status(), 304);
    assert_eq!(stale.status(), 200);
}

#[tokio::test]
async fn health_and_readiness_answer_200() {
    let app = spawn_app().await;
    let health: Value = app.get("/healthz").await.json().await.unwrap();
    assert_eq!(health["status"], "ok");
    let ready: Value = app.get("/readyz").await.json().await.unwrap();
    assert_eq!(ready["status"], "ready");
}
