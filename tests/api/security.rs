//! Hardening (issue 13), each finding reproduced against the real server: access control and the
//! docs' CSP follow the route actix matched (never a spelling of the raw path), keyed answers are
//! private, HEAD works wherever GET does, `/metrics` answers `text/plain`, oversized header
//! sections are 431 problems, a bad CORS origin is named at start-up, and SIGTERM drains.

use std::collections::BTreeSet;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cramp_advisor::config::Settings;
use reqwest::Method;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use crate::helpers::{TestApp, assert_problem, spawn_app, spawn_app_with, test_settings};

const KEY: &str = "security-test-key";
/// A valid follow-up body (the one POST route whose body is not a profile).
const FOLLOW_UP: &str = r#"{"profile": {"age": 40}, "diary": []}"#;

const PROFILE: &str = include_str!("../../openapi/examples/profiles/older_adult_on_thiazide.json");

/// The Content-Security-Policy the Swagger UI is served with.
const DOCS_CSP_START: &str = "default-src 'none'; script-src 'self';";

fn key_file() -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("cramp-security-keys-{}", std::process::id()));
    std::fs::write(&path, format!("{:x}\n", Sha256::digest(KEY.as_bytes()))).unwrap();
    path
}

async fn spawn_with_keys() -> TestApp {
    spawn_app_with(Settings {
        api_keys_file: Some(key_file()),
        ..test_settings()
    })
    .await
}

fn escape(byte: u8, upper: bool) -> String {
    if upper {
        format!("%{byte:02X}")
    } else {
        format!("%{byte:02x}")
    }
}

/// Spellings of `path` that actix routes exactly like `path` (percent-encoded unreserved
/// characters decode to themselves): one letter encoded, the characters next to each slash
/// encoded, lower-, upper- and mixed-case hex, everything encoded.
fn spellings(path: &str) -> Vec<String> {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let rebuild = |f: &dyn Fn(usize, usize, u8) -> Option<bool>| -> String {
        let mut out = String::new();
        for (s, segment) in segments.iter().enumerate() {
            out.push('/');
            for (i, byte) in segment.bytes().enumerate() {
                match f(s, i, byte) {
                    Some(upper) => out.push_str(&escape(byte, upper)),
                    None => out.push(byte as char),
                }
            }
        }
        out
    };
    let last = |s: usize| segments[s].len().saturating_sub(1);
    let variants = [
        // One letter: the first character of the path (`/%761/causes`).
        rebuild(&|s, i, _| (s == 0 && i == 0).then_some(true)),
        // The character after every slash, lowercase hex.
        rebuild(&|_, i, _| (i == 0).then_some(false)),
        // The character before every slash (and the last one), uppercase hex.
        rebuild(&|s, i, _| (i == last(s)).then_some(true)),
        // One letter in the middle of the last segment, lowercase hex.
        rebuild(&|s, i, _| {
            (s == segments.len() - 1 && i == segments[s].len() / 2).then_some(false)
        }),
        // Every character, hex case alternating (mixed case in one path).
        rebuild(&|_, i, _| Some(i % 2 == 0)),
    ];
    let mut seen = BTreeSet::new();
    variants
        .into_iter()
        .filter(|v| v != path && seen.insert(v.clone()))
        .collect()
}

/// Every (method, concrete path) of the served spec, path parameters replaced by their examples.
async fn spec_routes(app: &TestApp) -> Vec<(Method, String)> {
    let spec: Value = app.get("/openapi.json").await.json().await.unwrap();
    let mut routes = Vec::new();
    for (template, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Ok(method) = Method::from_bytes(method.to_uppercase().as_bytes()) else {
                continue;
            };
            if !matches!(method, Method::GET | Method::POST) {
                continue;
            }
            let mut path = template.clone();
            for param in operation["parameters"].as_array().into_iter().flatten() {
                if param["in"] == "path" {
                    let example = param["example"]
                        .as_str()
                        .or_else(|| param["schema"]["example"].as_str())
                        .unwrap_or_else(|| panic!("{template}: path parameter without example"));
                    path =
                        path.replace(&format!("{{{}}}", param["name"].as_str().unwrap()), example);
                }
            }
            routes.push((method, path));
        }
    }
    assert!(routes.len() >= 15, "the spec lists the routes: {routes:?}");
    routes
}

/// `method spelling` (a spelling of `plain`), with a body fit for `plain` when it is a POST.
async fn send(
    app: &TestApp,
    method: &Method,
    spelling: &str,
    plain: &str,
    key: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .request(method.clone(), format!("{}{spelling}", app.address));
    if *method == Method::POST {
        let body = if plain == "/v1/follow-ups" {
            FOLLOW_UP
        } else if plain.starts_with("/v1/") {
            PROFILE
        } else {
            "{}"
        };
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    request.send().await.expect("request sent")
}

#[test]
fn the_spellings_decode_to_the_path() {
    let decode = |s: &str| {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    let variants = spellings("/v1/causes/medication");
    assert!(variants.contains(&"/%761/causes/medication".to_owned()));
    assert!(
        variants
            .iter()
            .any(|v| v.contains("%6f") || v.contains("%6d"))
    );
    assert!(
        variants
            .iter()
            .any(|v| v.contains("%6F") || v.contains("%6D"))
    );
    assert!(variants.len() >= 4, "{variants:?}");
    for v in variants {
        assert_eq!(decode(&v), "/v1/causes/medication", "{v}");
    }
}

#[tokio::test]
async fn no_percent_encoded_spelling_of_a_route_gets_past_the_api_key() {
    // Arrange: keys on; every route of the served spec.
    let app = spawn_with_keys().await;
    let routes = spec_routes(&app).await;
    let mut checked = 0;

    for (method, path) in &routes {
        let keyed = path.starts_with("/v1/");
        // The plain spelling without a key: the baseline no spelling may improve on.
        let plain = send(&app, method, path, path, None).await.status().as_u16();
        if keyed {
            assert_eq!(plain, 401, "{method} {path} without a key");
        }
        let methods: Vec<Method> = if *method == Method::GET {
            vec![Method::GET, Method::HEAD]
        } else {
            vec![method.clone()]
        };
        for spelling in spellings(path) {
            for m in &methods {
                // Act
                let status = send(&app, m, &spelling, path, None).await.status().as_u16();
                // Assert: behind the key, 401 (or 404), never a 2xx.
                if keyed {
                    assert!(
                        matches!(status, 401 | 404),
                        "{m} {spelling} answered {status} without a key"
                    );
                } else {
                    assert!(
                        status == plain || status == 404,
                        "{m} {spelling} answered {status}, the plain path {plain}"
                    );
                }
                checked += 1;
            }
            // With the key the same spelling reaches the handler: the 401 above was the guard.
            if keyed {
                let with_key = send(&app, method, &spelling, path, Some(KEY)).await;
                assert_eq!(with_key.status(), 200, "{method} {spelling} with the key");
            }
        }
        // A double-encoded spelling is not decoded twice: it is no route at all.
        let double = path.replacen("/v", "/%2576", 1);
        if double != *path {
            let status = send(&app, method, &double, path, None)
                .await
                .status()
                .as_u16();
            assert!(matches!(status, 401 | 404), "{method} {double}: {status}");
        }
    }
    assert!(checked > 100, "{checked} spellings checked");
}

#[tokio::test]
async fn the_rate_limit_counts_every_spelling_of_a_path_against_the_same_client() {
    // Arrange: keys off, so the limit is per client IP; a burst of 3.
    let app = spawn_app_with(Settings {
        rate_limit_per_minute: 6,
        rate_limit_burst: 3,
        ..test_settings()
    })
    .await;
    let mut paths = vec!["/v1/causes".to_owned()];
    paths.extend(spellings("/v1/causes"));

    // Act: ten requests spread over the spellings.
    let mut statuses = Vec::new();
    for i in 0..10 {
        let path = &paths[i % paths.len()];
        statuses.push((path.clone(), app.get(path).await.status().as_u16()));
    }

    // Assert: the burst is 3 however the path is spelt.
    let ok = statuses.iter().filter(|(_, s)| *s == 200).count();
    assert!(ok <= 3, "{ok} answered 200: {statuses:?}");
    assert!(statuses[5..].iter().all(|(_, s)| *s == 429), "{statuses:?}");
}

#[tokio::test]
async fn every_spelling_of_the_docs_carries_the_docs_csp() {
    let app = spawn_app().await;
    let mut served = 0;
    for page in [
        "/docs/",
        "/docs/swagger-initializer.js",
        "/docs/swagger-ui.css",
    ] {
        let mut all = vec![page.to_owned()];
        all.extend(spellings(page));
        all.push(page.replacen("/docs", "/%64%6F%63%73", 1));
        all.push(page.replacen("/docs", "/Do%63s", 1)); // another path: 404, still with a CSP
        for spelling in all {
            // As a browser asks (a JSON-only Accept check on the raw path would refuse it).
            let response = app
                .client
                .get(format!("{}{spelling}", app.address))
                .header("accept", "text/html")
                .send()
                .await
                .unwrap();
            let csp = response
                .headers()
                .get("content-security-policy")
                .map(|v| v.to_str().unwrap().to_owned());
            if response.status() == 200 {
                served += 1;
                assert!(
                    csp.as_deref()
                        .is_some_and(|c| c.starts_with(DOCS_CSP_START)),
                    "{spelling}: CSP {csp:?}"
                );
            } else {
                assert!(csp.is_some(), "{spelling}: every answer has a CSP");
            }
        }
    }
    assert!(served >= 12, "{served} docs spellings served");
}

#[tokio::test]
async fn catalogue_answers_behind_a_key_are_private_and_vary_on_the_credential() {
    // Keys on: private, never public, and Vary names both credential headers.
    let app = spawn_with_keys().await;
    for path in ["/v1/causes", "/v1/causes/medication", "/v1/knowledge"] {
        let response = send(&app, &Method::GET, path, path, Some(KEY)).await;
        assert_eq!(response.status(), 200, "{path}");
        let cache = response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            cache.contains("private") && !cache.contains("public"),
            "{path}: {cache}"
        );
        let vary: Vec<String> = response
            .headers()
            .get_all("vary")
            .iter()
            .flat_map(|v| {
                v.to_str()
                    .unwrap()
                    .split(',')
                    .map(|s| s.trim().to_ascii_lowercase())
            })
            .collect();
        for header in ["authorization", "x-api-key"] {
            assert!(vary.iter().any(|v| v == header), "{path}: Vary {vary:?}");
        }
        // A revalidation (304) says the same.
        let etag = response.headers()["etag"].to_str().unwrap().to_owned();
        let revalidated = app
            .client
            .get(format!("{}{path}", app.address))
            .header("x-api-key", KEY)
            .header("if-none-match", etag)
            .send()
            .await
            .unwrap();
        assert_eq!(revalidated.status(), 304);
        let cache = revalidated.headers()["cache-control"].to_str().unwrap();
        assert!(
            cache.contains("private") && !cache.contains("public"),
            "304: {cache}"
        );
    }

    // Keys off: shared caches may keep them.
    let open = spawn_app().await;
    let response = open.get("/v1/causes").await;
    let cache = response.headers()["cache-control"].to_str().unwrap();
    assert!(cache.contains("public"), "keys off: {cache}");
}

#[tokio::test]
async fn head_answers_every_get_route_like_get_without_a_body() {
    let app = spawn_app().await;
    let mut paths: Vec<String> = spec_routes(&app)
        .await
        .into_iter()
        .filter(|(m, _)| *m == Method::GET)
        .map(|(_, p)| p)
        .collect();
    paths.extend(["/docs/", "/docs", "/"].map(str::to_owned));
    for path in &paths {
        let get = app.get(path).await;
        let head = app.request(Method::HEAD, path).await;
        assert_eq!(head.status(), get.status(), "HEAD {path}");
        for header in ["content-type", "content-length", "etag", "cache-control"] {
            if path == "/metrics" && header == "content-length" {
                continue; // the GET itself moved the counters
            }
            assert_eq!(
                head.headers().get(header),
                get.headers().get(header),
                "HEAD {path}: {header}"
            );
        }
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "HEAD {path} has no body"
        );
    }

    // The 405s stay honest: HEAD is allowed wherever GET is, and refused where GET is.
    let refused = app.request(Method::HEAD, "/v1/assessments").await;
    assert_eq!(refused.status(), 405);
    assert_eq!(refused.headers()["allow"], "POST");
    for (method, path) in [
        (Method::POST, "/healthz"),
        (Method::DELETE, "/v1/causes/medication"),
    ] {
        let response = app.request(method.clone(), path).await;
        assert_eq!(response.headers()["allow"], "GET, HEAD", "{method} {path}");
        assert_problem(response, 405, "method_not_allowed").await;
    }
}

#[tokio::test]
async fn metrics_answer_a_plain_text_accept_header() {
    let app = spawn_app().await;
    let url = format!("{}/metrics", app.address);
    for accept in [
        "text/plain",
        "text/plain;version=0.0.4",
        "text/*",
        "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3",
    ] {
        let response = app
            .client
            .get(&url)
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "Accept: {accept}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(content_type.starts_with("text/plain"), "{content_type}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("cramp_advisor_build_info")
        );
    }
    let refused = app
        .client
        .get(&url)
        .header("accept", "image/png")
        .send()
        .await
        .unwrap();
    assert_problem(refused, 406, "not_acceptable").await;
    // And the JSON routes still refuse text/plain.
    let json_only = app
        .client
        .get(format!("{}/v1/causes", app.address))
        .header("accept", "text/plain")
        .send()
        .await
        .unwrap();
    assert_problem(json_only, 406, "not_acceptable").await;
}

#[tokio::test]
async fn a_header_section_over_16_kib_is_a_431_problem() {
    let app = spawn_app().await;
    let url = format!("{}/v1/causes", app.address);
    let get = |headers: Vec<(String, String)>| {
        let mut request = app.client.get(&url);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request.send()
    };
    // One large header, and many headers adding up, each just over the limit.
    let one = vec![("x-padding".to_owned(), "a".repeat(16 * 1024))];
    let many: Vec<(String, String)> = (0..9)
        .map(|i| (format!("x-padding-{i}"), "b".repeat(2000)))
        .collect();
    for headers in [one, many] {
        let response = get(headers).await.unwrap();
        let body = assert_problem(response, 431, "headers_too_large").await;
        assert_eq!(body["instance"], "/v1/causes");
    }
    // (More than 96 fields, or a head over 128 KiB, is refused by actix's HTTP/1 parser before
    // the app sees the request: a bare 431 with no body, and the connection is closed, often
    // with a reset. actix has no hook to render it, so it is not asserted here.)
    // Comfortably under the limit is fine.
    let small = get(vec![("x-padding".to_owned(), "c".repeat(12 * 1024))])
        .await
        .unwrap();
    assert_eq!(small.status(), 200);
}

/// Starts the real binary with `env`; returns it, its port and a task collecting its stdout.
async fn start_binary(
    env: &[(&str, &str)],
) -> (tokio::process::Child, u16, tokio::task::JoinHandle<String>) {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_cramp-advisor"));
    command
        .env("APP_PORT", "0")
        .env("APP_CDS_JWT", "off")
        .env("APP_LOG_FORMAT", "json")
        .env("APP_RATE_LIMIT_PER_MINUTE", "0")
        .env_remove("APP_API_KEYS_FILE")
        .stdout(Stdio::piped())
        .kill_on_drop(true);
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = loop {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("the server logs its port");
        if let Ok(v) = serde_json::from_str::<Value>(&line)
            && let Some(port) = v["port"].as_u64()
        {
            break u16::try_from(port).unwrap();
        }
    };
    let logs = tokio::spawn(async move {
        let mut all = String::new();
        while let Ok(Some(line)) = lines.next_line().await {
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    (child, port, logs)
}

fn sigterm(child: &tokio::process::Child) {
    let pid = child.id().unwrap().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
}

#[tokio::test]
async fn a_bad_cors_origin_is_named_with_its_variable_at_start_up() {
    for bad in [
        "not a url",
        "https://app.example.org/path",
        "*",
        "ftp://files.example.org",
    ] {
        let output = tokio::time::timeout(
            Duration::from_secs(20),
            tokio::process::Command::new(env!("CARGO_BIN_EXE_cramp-advisor"))
                .env("APP_PORT", "0")
                .env("APP_CDS_JWT", "off")
                .env(
                    "APP_CORS_ALLOWED_ORIGINS",
                    format!("https://ok.example.org, {bad}"),
                )
                .kill_on_drop(true)
                .output(),
        )
        .await
        .expect("start-up fails fast instead of serving")
        .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{bad}: {stderr}");
        assert!(
            stderr.contains("APP_CORS_ALLOWED_ORIGINS") && stderr.contains(bad),
            "{bad}: {stderr}"
        );
    }
}

#[tokio::test]
async fn sigterm_drains_every_accepted_request_and_readiness_says_503_meanwhile() {
    // Arrange: the binary with a 1 s drain; eight clients posting assessments in a loop.
    let (mut child, port, logs) = start_binary(&[
        ("APP_SHUTDOWN_DRAIN_SECONDS", "1"),
        ("APP_SHUTDOWN_TIMEOUT_SECONDS", "10"),
    ])
    .await;
    let base = format!("http://127.0.0.1:{port}");
    let url = format!("{base}/v1/assessments");
    let stop = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for _ in 0..8 {
        let (url, stop, answered) = (url.clone(), stop.clone(), answered.clone());
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut outcomes = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let sent = Instant::now();
                let result = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(PROFILE)
                    .send()
                    .await;
                let outcome = result
                    .map(|r| r.status().as_u16())
                    .map_err(|e| e.to_string());
                if outcome == Ok(200) {
                    answered.fetch_add(1, Ordering::Relaxed);
                }
                outcomes.push((sent, outcome));
            }
            outcomes
        }));
    }
    // Signal once the load is real, however slow a shared machine is.
    let warm_up = Instant::now();
    while (answered.load(Ordering::Relaxed) < 100 || warm_up.elapsed() < Duration::from_millis(500))
        && warm_up.elapsed() < Duration::from_secs(30)
    {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // Act: SIGTERM under load; keep the load going into the drain.
    let signalled = Instant::now();
    sigterm(&child);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let probe = reqwest::Client::new();
    let ready = probe.get(format!("{base}/readyz")).send().await.unwrap();
    let live = probe.get(format!("{base}/healthz")).send().await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    let status = tokio::time::timeout(Duration::from_secs(15), child.wait())
        .await
        .expect("exits in time")
        .unwrap();

    // Assert: every request sent before the signal (up to its last moment) and during the
    // first part of the drain was answered 200; readiness said 503 while the listener served.
    assert_problem(ready, 503, "not_ready").await;
    assert_eq!(live.status(), 200, "liveness holds during the drain");
    let mut before = 0;
    let mut last_50ms = 0;
    for client in clients {
        for (sent, outcome) in client.await.unwrap() {
            if sent < signalled + Duration::from_millis(300) {
                assert_eq!(
                    outcome.as_ref().ok(),
                    Some(&200),
                    "a request sent {:?} the signal failed: {outcome:?}",
                    if sent < signalled {
                        "before"
                    } else {
                        "just after"
                    }
                );
            }
            if sent < signalled {
                before += 1;
                if sent + Duration::from_millis(50) >= signalled {
                    last_50ms += 1;
                }
            }
        }
    }
    assert!(
        before > 50,
        "the load was real: {before} requests before the signal"
    );
    assert!(
        last_50ms > 0,
        "some requests were sent in the last 50 ms before the signal"
    );
    assert_eq!(status.code(), Some(0), "exit status {status:?}");
    let logs = logs.await.unwrap();
    assert!(logs.contains("shutdown signal received"), "{logs}");
}

#[tokio::test]
async fn a_request_half_sent_when_sigterm_arrives_is_still_answered() {
    // Arrange: the binary with a 1 s drain; a request whose body is half sent.
    let (mut child, port, _logs) = start_binary(&[
        ("APP_SHUTDOWN_DRAIN_SECONDS", "1"),
        ("APP_SHUTDOWN_TIMEOUT_SECONDS", "10"),
    ])
    .await;
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let body = PROFILE.as_bytes();
    let head = format!(
        "POST /v1/assessments HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let half = body.len() / 2;
    stream.write_all(&body[..half]).await.unwrap();
    stream.flush().await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    // Act: SIGTERM; finish the body only once the drain is over and the listener has closed.
    sigterm(&child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_ok()
    {
        assert!(
            Instant::now() < deadline,
            "the listener closes after the drain"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stream.write_all(&body[half..]).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .expect("answered in time")
        .unwrap();

    // Assert
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"triage\""), "a full assessment: {answer}");
    let status = tokio::time::timeout(Duration::from_secs(15), child.wait())
        .await
        .expect("exits in time")
        .unwrap();
    assert_eq!(status.code(), Some(0));
}
