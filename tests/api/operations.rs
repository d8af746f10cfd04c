//! Production concerns over HTTP: API keys, rate limits, CORS and metrics.

use cramp_advisor::config::Settings;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::helpers::{assert_problem, spawn_app, spawn_app_with, test_settings};

fn key_file(keys: &[&str]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "cramp-api-keys-{}-{}",
        std::process::id(),
        keys.join("-")
    ));
    let lines: Vec<String> = keys
        .iter()
        .map(|k| format!("{:x}", Sha256::digest(k.as_bytes())))
        .collect();
    std::fs::write(&path, format!("# test keys\n{}\n", lines.join("\n"))).unwrap();
    path
}

#[tokio::test]
async fn with_keys_on_a_v1_call_needs_a_valid_key_and_probes_stay_open() {
    // Arrange
    let app = spawn_app_with(Settings {
        api_keys_file: Some(key_file(&["k-123"])),
        ..test_settings()
    })
    .await;
    let url = format!("{}/v1/causes", app.address);

    // Act
    let missing = app.client.get(&url).send().await.unwrap();
    let wrong = app
        .client
        .get(&url)
        .header("authorization", "Bearer nope")
        .send()
        .await
        .unwrap();
    let bearer = app
        .client
        .get(&url)
        .header("authorization", "Bearer k-123")
        .send()
        .await
        .unwrap();
    let header = app
        .client
        .get(&url)
        .header("x-api-key", "k-123")
        .send()
        .await
        .unwrap();

    // Assert
    for (case, response) in [("missing", missing), ("wrong", wrong)] {
        let challenge = response
            .headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap().to_owned());
        assert!(
            challenge.is_some_and(|c| c.starts_with("Bearer")),
            "{case}: WWW-Authenticate"
        );
        assert_problem(response, 401, "unauthorized").await;
    }
    assert_eq!(bearer.status(), 200);
    assert_eq!(header.status(), 200);
    for open in ["/healthz", "/readyz", "/metrics", "/openapi.json", "/docs/"] {
        assert_eq!(app.get(open).await.status(), 200, "{open} stays open");
    }
}

#[tokio::test]
async fn past_the_limit_a_client_gets_429_with_retry_after_and_ratelimit_headers() {
    let app = spawn_app_with(Settings {
        rate_limit_per_minute: 60,
        rate_limit_burst: 3,
        ..test_settings()
    })
    .await;
    let mut statuses = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let response = app.get("/v1/knowledge").await;
        statuses.push(response.status().as_u16());
        assert!(response.headers().contains_key("ratelimit-limit"));
        last = Some(response);
    }
    assert_eq!(&statuses[..3], &[200, 200, 200], "{statuses:?}");
    assert_eq!(statuses[4], 429, "{statuses:?}");
    let response = last.unwrap();
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry), "retry after {retry}");
    assert_eq!(response.headers()["ratelimit-remaining"], "0");
    assert_problem(response, 429, "too_many_requests").await;
    let healthz = app.get("/healthz").await;
    assert_eq!(
        healthz.status(),
        200,
        "the open routes have their own limit"
    );
    assert_eq!(healthz.headers()["ratelimit-limit"], "1200");
    assert_eq!(app.get("/metrics").await.status(), 200);
}

#[tokio::test]
async fn the_open_routes_have_their_own_per_ip_limit_and_it_answers_429() {
    let app = spawn_app_with(Settings {
        rate_limit_per_minute: 60,
        rate_limit_open_per_minute: 10,
        ..test_settings()
    })
    .await;
    // Bursts of a fifth of the minute's quota: 2, then 429.
    let statuses: Vec<u16> =
        futures_statuses(&app, &["/healthz", "/readyz", "/openapi.json", "/problems"]).await;
    assert_eq!(&statuses[..2], &[200, 200], "{statuses:?}");
    assert_eq!(statuses[3], 429, "{statuses:?}");
    let response = app.get("/metrics").await;
    assert!(response.headers().contains_key("retry-after"));
    assert_problem(response, 429, "too_many_requests").await;
    // The scopes keep their own buckets.
    assert_eq!(app.get("/v1/knowledge").await.status(), 200);
}

/// The statuses of GETs of `paths`, in order.
async fn futures_statuses(app: &crate::helpers::TestApp, paths: &[&str]) -> Vec<u16> {
    let mut statuses = Vec::new();
    for path in paths {
        statuses.push(app.get(path).await.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn invented_methods_and_unknown_paths_add_no_metric_series() {
    let app = spawn_app().await;
    let series = |text: &str| text.lines().filter(|l| !l.starts_with('#')).count();
    let before = series(&app.get("/metrics").await.text().await.unwrap());
    for i in 0..40 {
        let method = reqwest::Method::from_bytes(format!("BREW{i}").as_bytes()).unwrap();
        app.client
            .request(method, format!("{}/v1/causes/x{i}", app.address))
            .send()
            .await
            .unwrap();
        app.get(&format!("/scan/{i}")).await;
    }
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(!text.contains("BREW"), "invented methods are not labels");
    assert!(text.contains(r#"method="OTHER""#), "{text}");
    // A handful of new series (OTHER × its statuses, the scan's 404s), not one per request.
    assert!(
        series(&text) < before + 60,
        "{} series after, {before} before",
        series(&text)
    );
}

#[tokio::test]
async fn a_cors_preflight_is_allowed_for_a_configured_origin_and_refused_for_another() {
    let app = spawn_app_with(Settings {
        cors_allowed_origins: vec!["https://app.example.org".into()],
        ..test_settings()
    })
    .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(
                reqwest::Method::OPTIONS,
                format!("{}/v1/assessments", app.address),
            )
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = preflight("https://app.example.org").await.unwrap();
    assert_eq!(allowed.status(), 200);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://app.example.org"
    );
    let refused = preflight("https://evil.example.com").await.unwrap();
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    assert!(refused.status().is_client_error(), "{}", refused.status());
}

#[tokio::test]
async fn a_problem_keeps_the_cors_and_ratelimit_headers_and_is_never_stored() {
    // Arrange: a browser app on an allowed origin, with rate limits on.
    let app = spawn_app_with(Settings {
        cors_allowed_origins: vec!["https://app.example.org".into()],
        rate_limit_per_minute: 600,
        rate_limit_burst: 100,
        ..test_settings()
    })
    .await;
    let origin = "https://app.example.org";
    let post = |body: &'static str, content_type: &'static str| {
        app.client
            .post(format!("{}/v1/assessments", app.address))
            .header("origin", origin)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let cases = [
        (post(r#"{"age":0}"#, "application/json").await.unwrap(), 422),
        (post("{", "application/json").await.unwrap(), 400),
        (post("", "application/json").await.unwrap(), 400),
        (post(r#"{"age":30}"#, "text/plain").await.unwrap(), 415),
        (
            app.client
                .get(format!("{}/v1/causes/no_such_cause", app.address))
                .header("origin", origin)
                .send()
                .await
                .unwrap(),
            404,
        ),
        (
            app.client
                .delete(format!("{}/v1/causes", app.address))
                .header("origin", origin)
                .send()
                .await
                .unwrap(),
            405,
        ),
    ];
    for (response, status) in cases {
        // Assert: the browser may read the problem, the client sees its limits, no cache keeps it.
        assert_eq!(response.status(), status);
        let headers = response.headers();
        assert_eq!(headers["access-control-allow-origin"], origin, "{status}");
        assert!(
            headers.contains_key("ratelimit-limit"),
            "{status}: {headers:?}"
        );
        assert_eq!(headers["cache-control"], "no-store", "{status}");
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/problem+json"),
            "{status}"
        );
    }
}

#[tokio::test]
async fn metrics_expose_the_series_and_they_move_with_requests() {
    // Arrange
    let app = spawn_app().await;
    let sentinel = "SENTINEL-metrics-4d2f";

    // Act
    app.post_assessment(
        &json!({"age": 45, "symptoms": ["one_sided_calf_swelling"], "medications": [sentinel]}),
    )
    .await;
    app.post_assessment(&json!({"age": 30})).await;
    app.get("/v1/causes/age").await;
    app.get("/no/such/path").await;
    let text = app.get("/metrics").await.text().await.unwrap();

    // Assert
    for series in [
        r#"cramp_advisor_http_requests_total{method="POST",route="/v1/assessments",status="200"} 2"#,
        r#"cramp_advisor_http_requests_total{method="GET",route="/v1/causes/{cause_id}",status="200"} 1"#,
        r#"cramp_advisor_http_requests_total{method="GET",route="unmatched",status="404"} 1"#,
        r#"cramp_advisor_assessments_total{triage="urgent"} 1"#,
        r#"cramp_advisor_assessments_total{triage="self_care"} 1"#,
        "cramp_advisor_http_request_duration_seconds_bucket",
        "cramp_advisor_http_requests_in_flight",
        r#"cramp_advisor_build_info{knowledge_version="#,
    ] {
        assert!(text.contains(series), "missing {series} in:\n{text}");
    }
    assert!(!text.contains(sentinel), "no profile content in metrics");
}

#[tokio::test]
async fn with_scraper_tokens_on_metrics_needs_one_and_says_why_not() {
    let app = spawn_app_with(Settings {
        metrics_tokens_file: Some(key_file(&["scrape-secret-7f1"])),
        ..test_settings()
    })
    .await;
    let scrape = |auth: Option<&'static str>| {
        let mut request = app.client.get(format!("{}/metrics", app.address));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        request.send()
    };
    let none = scrape(None).await.unwrap();
    assert_eq!(
        none.headers()["www-authenticate"],
        r#"Bearer realm="metrics""#
    );
    assert_problem(none, 401, "unauthorized").await;
    let wrong = scrape(Some("Bearer guess")).await.unwrap();
    assert!(
        wrong.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("invalid_token")
    );
    assert_problem(wrong, 401, "unauthorized").await;
    assert_problem(
        scrape(Some("Basic c2NyYXBl")).await.unwrap(),
        400,
        "bad_request",
    )
    .await;
    let right = scrape(Some("Bearer scrape-secret-7f1")).await.unwrap();
    assert_eq!(right.status(), 200);
    assert!(
        right
            .text()
            .await
            .unwrap()
            .contains("cramp_advisor_http_requests_total")
    );
    // The probes stay open.
    assert_eq!(app.get("/healthz").await.status(), 200);
}
