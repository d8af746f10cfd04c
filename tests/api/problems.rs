//! Errors actix would answer on its own are problem+json too: unknown routes, wrong methods.

use crate::helpers::{assert_problem, spawn_app};
use reqwest::Method;

#[tokio::test]
async fn an_unknown_route_is_a_404_problem() {
    let app = spawn_app().await;
    for path in ["/nope", "/v1/nope", "/v1/causes/age/extra", "/v2/causes"] {
        assert_problem(app.get(path).await, 404, "route_not_found").await;
    }
}

#[tokio::test]
async fn a_wrong_method_on_a_known_path_is_a_405_problem_with_allow() {
    let app = spawn_app().await;
    let cases = [
        (Method::DELETE, "/v1/assessments", "POST"),
        (Method::GET, "/v1/assessments/relief-plan", "POST"),
        (Method::POST, "/v1/causes", "GET, HEAD"),
        (Method::PUT, "/v1/causes/age", "GET, HEAD"),
        (Method::TRACE, "/healthz", "GET, HEAD"),
        (Method::PATCH, "/openapi.json", "GET, HEAD"),
    ];
    for (method, path, allow) in cases {
        let response = app.request(method.clone(), path).await;
        let allow_header = response
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(allow_header.as_deref(), Some(allow), "{method} {path}");
        let body = assert_problem(response, 405, "method_not_allowed").await;
        assert_eq!(body["instance"], path);
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_nosniff() {
    let app = spawn_app().await;
    let generated = app.get("/healthz").await;
    let id = generated.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a generated id is a UUID: {id}");
    assert_eq!(generated.headers()["x-content-type-options"], "nosniff");

    let url = format!("{}/healthz", app.address);
    let reused = app
        .client
        .get(&url)
        .header("x-request-id", "client-abc.123")
        .send()
        .await
        .unwrap();
    assert_eq!(reused.headers()["x-request-id"], "client-abc.123");
    let replaced = app
        .client
        .get(&url)
        .header("x-request-id", "bad id with spaces")
        .send()
        .await
        .unwrap();
    assert_ne!(replaced.headers()["x-request-id"], "bad id with spaces");
}

#[tokio::test]
async fn the_docs_are_served_from_the_binary_with_a_strict_content_security_policy() {
    let app = spawn_app().await;
    let root = app.get("/").await;
    assert_eq!(root.status(), 302);
    assert_eq!(root.headers()["location"], "/docs/");

    let page = app.get("/docs/").await;
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    let html = page.text().await.unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the page links no outside asset"
    );
    for asset in [
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "swagger-initializer.js",
    ] {
        let response = app.get(&format!("/docs/{asset}")).await;
        assert_eq!(response.status(), 200, "{asset} is served by the service");
    }
    let init = app
        .get("/docs/swagger-initializer.js")
        .await
        .text()
        .await
        .unwrap();
    assert!(init.contains("/openapi.json"), "the UI loads our spec");
    assert!(
        init.contains("\"validatorUrl\": \"none\""),
        "no outside validator badge: {init}"
    );
}

#[tokio::test]
async fn an_accept_header_without_json_is_a_406_problem_and_json_or_wildcards_are_fine() {
    let app = spawn_app().await;
    let url = format!("{}/v1/causes", app.address);
    for accept in ["text/html", "application/xml", "application/json;q=0"] {
        let response = app
            .client
            .get(&url)
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_problem(response, 406, "not_acceptable").await;
    }
    for accept in [
        "application/json",
        "*/*",
        "application/*",
        "text/html, application/json;q=0.5",
        "application/problem+json",
    ] {
        let response = app
            .client
            .get(&url)
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "Accept: {accept}");
    }
}
