//! Errors actix would answer on its own are problem+json too: unknown routes, wrong methods.
//! Every problem's `type` resolves to a page (`/problems/{code}`): HTML for browsers, JSON
//! otherwise, localised.

use crate::helpers::{assert_problem, spawn_app, spawn_app_with, test_settings};
use cramp_advisor::knowledge::ProblemCode;
use reqwest::Method;
use serde_json::{Value, json};

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

/// `GET path` with an `Accept` and an `Accept-Language`.
async fn page(
    app: &crate::helpers::TestApp,
    path: &str,
    accept: &str,
    lang: &str,
) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.address))
        .header("accept", accept)
        .header("accept-language", lang)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_catalogue_lists_every_code_and_each_has_a_page() {
    let app = spawn_app().await;
    let response = page(&app, "/problems", "application/json", "en").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let list: Value = response.json().await.unwrap();
    let codes: Vec<&str> = list["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = ProblemCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, expected);
    for entry in list["problems"].as_array().unwrap() {
        let url = entry["type"].as_str().unwrap();
        assert_eq!(
            url,
            format!("/problems/{}", entry["code"].as_str().unwrap())
        );
        let response = app.get(url).await;
        assert_eq!(response.status(), 200, "{url}");
        let one: Value = response.json().await.unwrap();
        assert_eq!(&one, entry, "{url}");
        assert!(one["status"].as_u64().unwrap() >= 400);
        assert!(!one["what_to_do"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn browsers_get_an_accessible_html_page_in_their_language() {
    let app = spawn_app().await;
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let response = page(
        &app,
        "/problems/validation_failed",
        browser,
        "es-MX, en;q=0.5",
    )
    .await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["content-language"], "es");
    let vary: Vec<&str> = headers
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    let vary = vary.join(", ");
    let tokens: Vec<&str> = vary.split(',').map(str::trim).collect();
    assert!(
        tokens.contains(&"Accept") && tokens.contains(&"Accept-Language"),
        "{vary}"
    );
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    // The one inline style sheet of the page frame, allowed by its hash and nothing else.
    assert!(
        csp.contains("style-src 'sha256-") && !csp.contains("unsafe"),
        "{csp}"
    );
    let html = response.text().await.unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html><html lang=\"es\">"),
        "{html}"
    );
    for part in [
        "<main id=\"main\"",
        "<h1>La solicitud no es válida</h1>",
        "<h2>Qué hacer</h2>",
        "<code>validation_failed</code>",
        "422",
    ] {
        assert!(html.contains(part), "{part} missing from {html}");
    }
    for external in [
        "<script", "<link", "src=", "@import", "url(", "http://", "https://",
    ] {
        assert!(!html.contains(external), "{external} in {html}");
    }
    let catalogue = page(&app, "/problems", browser, "de").await;
    assert_eq!(catalogue.headers()["content-language"], "de");
    let html = catalogue.text().await.unwrap();
    assert!(html.contains("<html lang=\"de\">") && html.contains("<h1>Problemtypen</h1>"));
    assert!(html.contains("<a href=\"/problems/not_found\">"));
}

#[tokio::test]
async fn json_is_the_default_and_localised() {
    let app = spawn_app().await;
    let response = page(&app, "/problems/not_found", "*/*", "fr").await;
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["content-language"], "fr");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["title"], "Introuvable");
    assert_eq!(body["status"], 404);
    let refused = page(&app, "/problems", "image/png", "en").await;
    assert_problem(refused, 406, "not_acceptable").await;
}

#[tokio::test]
async fn an_unknown_code_is_a_404_problem() {
    let app = spawn_app().await;
    let body = assert_problem(app.get("/problems/teapot").await, 404, "not_found").await;
    assert_eq!(body["detail"], "no problem type has the id \"teapot\"");
    assert_eq!(body["instance"], "/problems/teapot");
}

#[tokio::test]
async fn the_pages_need_no_api_key() {
    let dir = std::env::temp_dir().join(format!("cramp-problem-keys-{}", std::process::id()));
    std::fs::write(&dir, format!("{}\n", "0".repeat(64))).unwrap();
    let app = spawn_app_with(cramp_advisor::config::Settings {
        api_keys_file: Some(dir),
        ..test_settings()
    })
    .await;
    assert_problem(app.get("/v1/causes").await, 401, "unauthorized").await;
    assert_eq!(app.get("/problems").await.status(), 200);
    assert_eq!(app.get("/problems/unauthorized").await.status(), 200);
}

#[tokio::test]
async fn the_type_of_every_emitted_problem_resolves() {
    let app = spawn_app().await;
    let emitted = [
        app.get("/nope").await,
        app.request(Method::PUT, "/v1/causes/age").await,
        app.get("/v1/causes/gout").await,
        app.post_raw("/v1/assessments", "", Some("application/json"))
            .await,
        app.post_raw("/v1/assessments", "{", Some("application/json"))
            .await,
        app.post_raw("/v1/assessments", "{}", Some("text/plain"))
            .await,
        app.post_json("/v1/assessments", &json!({"age": 400})).await,
    ];
    for response in emitted {
        let problem: Value = response.json().await.unwrap();
        let url = problem["type"].as_str().unwrap();
        assert_eq!(
            url,
            format!("/problems/{}", problem["code"].as_str().unwrap())
        );
        let page = app.get(url).await;
        assert_eq!(page.status(), 200, "{url}");
        let page: Value = page.json().await.unwrap();
        assert_eq!(page["title"], problem["title"], "{url}");
        assert_eq!(page["status"], problem["status"], "{url}");
    }
}
