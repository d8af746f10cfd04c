//! The hostile-client audit: what a client that sends garbage on purpose gets back. Every
//! problem is bounded and in wire words; an operation takes exactly the query parameters and
//! media types its spec lists; challenges, languages, codes and the problem list tell the
//! truth; and nothing a client sends can write an ERROR log line.

use cramp_advisor::config::Settings;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::{LOGS, TestApp, assert_problem, spawn_app, spawn_app_with, test_settings};

const PROFILE_PATH: &str = "/v1/assessments";
const FOLLOW_UP_PATH: &str = "/v1/follow-ups";
const PATIENT_VIEW: &str = "/cds-services/nocturnal-leg-cramps";
const CDS_CALL: &str =
    include_str!("../../openapi/examples/fhir/patient_view_older_ckd_thiazide.json");
const PROFILE: &str = include_str!("../../openapi/examples/profiles/older_adult_on_thiazide.json");
const DIARY: &str = include_str!("../../openapi/examples/diaries/improving_with_stretching.json");

/// Words of Rust's type system that must never reach a client.
const RUST_WORDS: [&str; 9] = [
    "struct", "::", "u8", "u16", "usize", "i64", "f64", "Vec<", "Option<",
];

fn key_file(name: &str, keys: &[&str]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("cramp-hostile-{name}-{}", std::process::id()));
    let lines: Vec<String> = keys
        .iter()
        .map(|k| format!("{:x}", Sha256::digest(k.as_bytes())))
        .collect();
    std::fs::write(&path, format!("{}\n", lines.join("\n"))).unwrap();
    path
}

async fn post_text(app: &TestApp, path: &str, body: String) -> reqwest::Response {
    app.post_raw(path, body, Some("application/json")).await
}

/// Values of every JSON type, to put where something else is expected.
fn odd_values() -> Vec<Value> {
    vec![
        Value::Null,
        json!([]),
        json!({}),
        json!("x"),
        json!(-1),
        json!(1.5),
        json!(1e300),
        json!(70000),
        json!(-70000),
        json!(5_000_000_000_i64),
        json!(true),
        json!([1]),
        json!({"a": 1}),
    ]
}

/// `body` with each key (top level and one level down, items of lists included) given each odd
/// value.
fn mutations(body: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let Some(map) = body.as_object() else {
        return out;
    };
    for (key, value) in map {
        for odd in odd_values() {
            let mut changed = map.clone();
            changed.insert(key.clone(), odd.clone());
            out.push(Value::Object(changed));
        }
        let inner: Vec<Value> = match value {
            Value::Object(_) => mutations(value),
            Value::Array(items) => items
                .iter()
                .take(1)
                .flat_map(|item| {
                    let mut all = mutations(item);
                    all.extend(odd_values());
                    all
                })
                .map(|item| {
                    let mut items = value.as_array().unwrap().clone();
                    items[0] = item;
                    Value::Array(items)
                })
                .collect(),
            _ => Vec::new(),
        };
        for nested in inner {
            let mut changed = map.clone();
            changed.insert(key.clone(), nested);
            out.push(Value::Object(changed));
        }
    }
    out
}

// 1. Bounded echoes, wire words.

#[tokio::test]
async fn a_huge_unknown_key_or_value_is_echoed_once_and_capped() {
    let app = spawn_app().await;
    let huge = "k".repeat(60 * 1024);
    let capped = "k".repeat(64);
    let too_long = "k".repeat(65);
    let bodies = [
        (PROFILE_PATH, format!(r#"{{"age": 40, "{huge}": 1}}"#)),
        (
            PROFILE_PATH,
            format!(r#"{{"age": 40, "cramps": {{"{huge}": 1}}}}"#),
        ),
        (
            PROFILE_PATH,
            format!(r#"{{"age": 40, "pregnancy": "{huge}"}}"#),
        ),
        (PROFILE_PATH, format!(r#"{{"age": "{huge}"}}"#)),
        (
            PROFILE_PATH,
            format!(r#"{{"age": 40, "symptoms": ["{huge}"]}}"#),
        ),
        (FOLLOW_UP_PATH, {
            let mut diary: Value = serde_json::from_str(DIARY).unwrap();
            diary["adopted"][0]["remedy_id"] = json!(huge);
            diary.to_string()
        }),
        (FOLLOW_UP_PATH, {
            let mut diary: Value = serde_json::from_str(DIARY).unwrap();
            diary[&huge] = json!(1);
            diary.to_string()
        }),
        (PATIENT_VIEW, {
            let mut call: Value = serde_json::from_str(CDS_CALL).unwrap();
            call["context"]["patientId"] = json!(huge);
            call.to_string()
        }),
        (PATIENT_VIEW, {
            let mut call: Value = serde_json::from_str(CDS_CALL).unwrap();
            call["hook"] = json!(huge);
            call.to_string()
        }),
    ];
    for (path, body) in bodies {
        let response = post_text(&app, path, body).await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert!((400..500).contains(&status), "{path}: {status}");
        assert!(
            text.len() < 2048,
            "{path}: a {} byte problem: {}",
            text.len(),
            &text[..300]
        );
        assert!(
            text.matches(&capped).count() <= 1,
            "{path}: echoed twice: {text}"
        );
        assert!(!text.contains(&too_long), "{path}: not capped: {text}");
    }
    // The same for what a client puts in the request line and the headers.
    let long = "q".repeat(3000);
    let requests = [
        app.get(&format!("/v1/causes?{long}=1")).await,
        app.get(&format!("/pages?lang={long}")).await,
        app.post_raw(
            PROFILE_PATH,
            r#"{"age": 40}"#,
            Some(&format!("text/{long}")),
        )
        .await,
        app.request(
            reqwest::Method::from_bytes(long.to_uppercase().as_bytes()).unwrap(),
            "/v1/causes",
        )
        .await,
    ];
    for response in requests {
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert!((400..500).contains(&status), "{status}");
        assert!(text.len() < 2048, "a {} byte problem: {text}", text.len());
        assert!(
            !text.to_lowercase().contains(&"q".repeat(65)),
            "not capped: {text}"
        );
    }
    // The path is the problem's `instance`: bounded too.
    let response = app.get(&format!("/v1/{long}")).await;
    let text = response.text().await.unwrap();
    assert!(text.len() < 2048, "a {} byte problem: {text}", text.len());
}

#[tokio::test]
async fn no_problem_names_a_rust_type() {
    let app = spawn_app().await;
    let profile: Value = serde_json::from_str(PROFILE).unwrap();
    let diary: Value = serde_json::from_str(DIARY).unwrap();
    let call: Value = serde_json::from_str(CDS_CALL).unwrap();
    let mut checked = 0;
    for (path, body) in [
        (PROFILE_PATH, &profile),
        (FOLLOW_UP_PATH, &diary),
        (PATIENT_VIEW, &call),
    ] {
        let mut cases = mutations(body);
        cases.extend(odd_values());
        for case in cases {
            let response = app.post_json(path, &case).await;
            if response.status().is_success() {
                continue;
            }
            let text = response.text().await.unwrap();
            for word in RUST_WORDS {
                assert!(!text.contains(word), "{path} {case}: {word:?} in {text}");
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} problems checked");
}

// 2. Query parameters: exactly those the spec lists, each once.

#[tokio::test]
async fn a_query_parameter_the_operation_does_not_list_or_gives_twice_is_a_400() {
    let app = spawn_app().await;
    let profile = r#"{"age": 40}"#;
    let post = |path: String| {
        app.client
            .post(format!("{}{path}", app.address))
            .header("content-type", "application/json")
            .body(profile)
            .send()
    };
    let cases = [
        // An operation with query parameters: a misspelt one, one given twice.
        (
            post("/v1/assessments/relief-plan?bedtme=22:00".into())
                .await
                .unwrap(),
            "bedtme",
            "unknown_field",
        ),
        (
            post("/v1/assessments/relief-plan?bedtime=22:00&bedtime=23:00".into())
                .await
                .unwrap(),
            "bedtime",
            "duplicate_key",
        ),
        (
            post("/v1/assessments/relief-plan?bedtime=25:00".into())
                .await
                .unwrap(),
            "bedtime",
            "invalid",
        ),
        (app.get("/pages?lng=de").await, "lng", "unknown_field"),
        (
            app.get("/pages?lang=de&lang=fr").await,
            "lang",
            "duplicate_key",
        ),
        (
            app.get("/pages/remedies/bedtime_stretching?lang=de&lang=de")
                .await,
            "lang",
            "duplicate_key",
        ),
        // Operations with none.
        (app.get("/v1/causes?lang=de").await, "lang", "unknown_field"),
        (
            post("/v1/assessments?debug=1".into()).await.unwrap(),
            "debug",
            "unknown_field",
        ),
        (app.get("/openapi.json?x").await, "x", "unknown_field"),
        (app.get("/problems?code=1").await, "code", "unknown_field"),
    ];
    for (response, pointer, code) in cases {
        let path = response.url().path().to_owned();
        let problem = assert_problem(response, 400, "invalid_parameter").await;
        assert_eq!(problem["instance"], path, "{problem}");
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
        let text = problem.to_string();
        assert!(!text.contains("Query deserialize"), "{text}");
        assert!(!text.contains("duplicate field"), "{text}");
    }
    // What the spec lists, once each, is fine.
    assert_eq!(
        post("/v1/assessments/relief-plan?bedtime=22:00".into())
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(app.get("/pages?lang=de").await.status(), 200);
    assert_eq!(app.get("/v1/causes").await.status(), 200);
}

#[tokio::test]
async fn the_spec_documents_the_400_of_query_parameters_on_every_operation() {
    let app = spawn_app().await;
    let spec: Value = app.get("/openapi.json").await.json().await.unwrap();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let bad = &operation["responses"]["400"];
            assert!(bad.is_object(), "{method} {path} documents no 400");
            assert!(
                bad["description"]
                    .as_str()
                    .unwrap()
                    .contains("query parameter"),
                "{method} {path}: {bad}"
            );
            assert!(
                operation["responses"]["414"].is_object(),
                "{method} {path} documents no 414"
            );
        }
    }
}

// 3. Content-Type: exactly what the spec lists.

#[tokio::test]
async fn only_the_listed_media_types_are_read_and_the_415_names_them() {
    let app = spawn_app().await;
    let profile = r#"{"age": 40}"#;
    let call = CDS_CALL.to_owned();
    let diary = DIARY.to_owned();
    for (path, body) in [
        (PROFILE_PATH, profile.to_owned()),
        (FOLLOW_UP_PATH, diary.clone()),
        (PATIENT_VIEW, call.clone()),
    ] {
        for refused in [
            "application/vnd.api+json",
            "application/merge-patch+json",
            "application/json; charset=latin1",
            "application/json; charset=utf-16",
            "application/json; profile=x",
            "application/jsonx",
        ] {
            let response = app.post_raw(path, body.clone(), Some(refused)).await;
            let problem = assert_problem(response, 415, "unsupported_media_type").await;
            assert!(
                problem["detail"]
                    .as_str()
                    .unwrap()
                    .contains("application/json"),
                "{path} {refused}: {problem}"
            );
        }
        for accepted in [
            "application/json",
            "APPLICATION/JSON",
            "application/json; charset=utf-8",
            "application/json;charset=UTF-8",
            "application/json; charset=\"utf-8\"",
        ] {
            let response = app.post_raw(path, body.clone(), Some(accepted)).await;
            assert_eq!(response.status(), 200, "{path} {accepted}");
        }
    }
    // FHIR JSON only where the spec lists it: the assessments, not the follow-ups or CDS Hooks.
    for (path, body) in [(FOLLOW_UP_PATH, diary), (PATIENT_VIEW, call)] {
        let response = app
            .post_raw(path, body, Some("application/fhir+json"))
            .await;
        assert_problem(response, 415, "unsupported_media_type").await;
    }
}

// 4. The challenge names an error only when a credential was sent.

#[tokio::test]
async fn a_401_without_credentials_names_no_error_code() {
    let app = spawn_app_with(Settings {
        api_keys_file: Some(key_file("keys", &["hostile-key-1"])),
        ..test_settings()
    })
    .await;
    let url = format!("{}/v1/causes", app.address);
    let none = app.client.get(&url).send().await.unwrap();
    assert_eq!(
        none.headers()["www-authenticate"],
        r#"Bearer realm="cramp-advisor""#
    );
    assert_problem(none, 401, "unauthorized").await;
    for (name, value) in [("authorization", "Bearer nope"), ("x-api-key", "nope")] {
        let wrong = app
            .client
            .get(&url)
            .header(name, value)
            .send()
            .await
            .unwrap();
        assert_eq!(
            wrong.headers()["www-authenticate"],
            r#"Bearer realm="cramp-advisor", error="invalid_token""#,
            "{name}"
        );
        assert_problem(wrong, 401, "unauthorized").await;
    }
}

// 5. The served spec states what the running server enforces.

fn security_of(spec: &Value, path: &str, method: &str) -> Value {
    spec["paths"][path][method]["security"].clone()
}

#[tokio::test]
async fn the_served_spec_states_the_credentials_the_server_enforces() {
    let locked = spawn_app_with(Settings {
        api_keys_file: Some(key_file("locked", &["hostile-key-2"])),
        metrics_tokens_file: Some(key_file("scrape", &["hostile-scrape"])),
        ..test_settings()
    })
    .await;
    let spec: Value = locked.get("/openapi.json").await.json().await.unwrap();
    assert_eq!(
        security_of(&spec, "/metrics", "get"),
        json!([{"metricsToken": []}])
    );
    assert_eq!(locked.get("/metrics").await.status(), 401);
    assert_eq!(
        security_of(&spec, "/v1/causes", "get"),
        json!([{"ApiKeyAuth": []}, {"bearerAuth": []}])
    );
    assert_eq!(locked.get("/v1/causes").await.status(), 401);
    // CDS Hooks JWT is off in these tests: the hooks take a JWT but need none.
    assert_eq!(
        security_of(&spec, PATIENT_VIEW, "post"),
        json!([{"cdsHooksJwt": []}, {}])
    );

    let keys_only = spawn_app_with(Settings {
        api_keys_file: Some(key_file("keys-only", &["hostile-key-3"])),
        ..test_settings()
    })
    .await;
    let spec: Value = keys_only.get("/openapi.json").await.json().await.unwrap();
    assert_eq!(
        security_of(&spec, "/metrics", "get"),
        json!([{"metricsToken": []}, {}])
    );
    assert_eq!(keys_only.get("/metrics").await.status(), 200);

    let jwt_on = spawn_app_with(Settings {
        cds_jwt: cramp_advisor::config::CdsJwtSettings {
            enabled: true,
            ..cramp_advisor::config::CdsJwtSettings::default()
        },
        ..test_settings()
    })
    .await;
    let spec: Value = jwt_on.get("/openapi.json").await.json().await.unwrap();
    assert_eq!(
        security_of(&spec, PATIENT_VIEW, "post"),
        json!([{"cdsHooksJwt": []}])
    );
    let call = jwt_on
        .post_raw(PATIENT_VIEW, CDS_CALL, Some("application/json"))
        .await;
    assert_eq!(call.status(), 401);
}

// 6. Content-Language names the language the problem is written in.

#[tokio::test]
async fn a_problem_in_english_only_says_it_is_in_english() {
    let app = spawn_app_with(Settings {
        cors_allowed_origins: vec!["https://app.example.org".into()],
        ..test_settings()
    })
    .await;
    let with_de = |method: reqwest::Method, path: &str| {
        app.client
            .request(method, format!("{}{path}", app.address))
            .header("accept-language", "de")
    };
    let english_only = [
        // A CORS preflight from an origin that is not allowed.
        with_de(reqwest::Method::OPTIONS, "/v1/causes")
            .header("origin", "https://evil.example")
            .header("access-control-request-method", "GET")
            .send()
            .await
            .unwrap(),
        // /metrics answers only text/plain.
        with_de(reqwest::Method::GET, "/metrics")
            .header("accept", "application/json")
            .send()
            .await
            .unwrap(),
        // A header section over the limit.
        with_de(reqwest::Method::GET, "/v1/causes")
            .header("x-filler", "f".repeat(17 * 1024))
            .send()
            .await
            .unwrap(),
    ];
    for response in english_only {
        assert!(response.status().is_client_error(), "{}", response.status());
        assert_eq!(
            response.headers()["content-language"],
            "en",
            "{}",
            response.status()
        );
        let problem: Value = response.json().await.unwrap();
        assert!(problem["title"].is_string());
    }
    // A problem whose text is translated says so.
    let translated = with_de(reqwest::Method::GET, "/v1/causes/gout")
        .send()
        .await
        .unwrap();
    assert_eq!(translated.headers()["content-language"], "de");
    let translated = with_de(reqwest::Method::GET, "/v1/causes")
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(translated.status(), 406);
    assert_eq!(translated.headers()["content-language"], "de");
}

// 7. A name that is empty once its spaces and invisible characters are gone is empty.

#[tokio::test]
async fn a_medicine_name_of_only_invisible_characters_is_as_empty_as_an_empty_one() {
    let app = spawn_app().await;
    for name in [
        "",
        " ",
        "\u{85}",
        "\u{1}",
        "\u{7f}",
        "\u{200b}",
        "\u{00ad}",
        "\u{2060}",
        " \u{a0}\u{85}",
        "\u{301}",
        "\u{feff}\u{200d}",
    ] {
        let response = app
            .post_assessment(&json!({"age": 40, "medications": [name]}))
            .await;
        let problem = assert_problem(response, 422, "validation_failed").await;
        assert_eq!(
            problem["errors"][0]["pointer"], "/medications/0",
            "{name:?}: {problem}"
        );
        assert_eq!(problem["errors"][0]["code"], "invalid_length", "{name:?}");
    }
    for name in ["a", "5-FU", "\u{85}quinine", "é"] {
        let response = app
            .post_assessment(&json!({"age": 40, "medications": [name]}))
            .await;
        assert_eq!(response.status(), 200, "{name:?}");
    }
    // The spec says so.
    let spec: Value = app.get("/openapi.json").await.json().await.unwrap();
    let pattern = spec["components"]["schemas"]["MedicineName"]["pattern"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(pattern, r"\S", "the pattern still lets U+0085 through");
    assert!(
        pattern.contains(r"\u0085") || pattern.contains(r"\u007f-\u009f"),
        "{pattern}"
    );
}

// 8. Consistent codes.

#[tokio::test]
async fn an_over_long_id_is_invalid_length_everywhere() {
    let app = spawn_app().await;
    let long = "x".repeat(101);
    let mut diary: Value = serde_json::from_str(DIARY).unwrap();
    diary["adopted"][0]["remedy_id"] = json!(long);
    let problem = assert_problem(
        app.post_json(FOLLOW_UP_PATH, &diary).await,
        422,
        "validation_failed",
    )
    .await;
    let errors = problem["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["pointer"] == "/adopted/0/remedy_id" && e["code"] == "invalid_length"),
        "{problem}"
    );
    assert_ne!(problem["title"], "The profile is not valid");
    for path in [
        format!("/pages/causes/{long}"),
        format!("/v1/causes/{long}"),
        format!("/v1/remedies/{long}"),
    ] {
        let problem = assert_problem(app.get(&path).await, 400, "invalid_parameter").await;
        assert_eq!(problem["errors"][0]["code"], "invalid_length", "{path}");
    }
    // A long id that fits is just not there.
    let fits = "x".repeat(100);
    assert_problem(
        app.get(&format!("/v1/causes/{fits}")).await,
        404,
        "not_found",
    )
    .await;
    // A CDS call is not a profile.
    let mut call: Value = serde_json::from_str(CDS_CALL).unwrap();
    call["hook"] = json!("order-select");
    let problem = assert_problem(
        app.post_json(PATIENT_VIEW, &call).await,
        422,
        "validation_failed",
    )
    .await;
    assert_ne!(problem["title"], "The profile is not valid");
}

// 9. No client can write an ERROR line.

#[tokio::test]
async fn nothing_a_client_sends_writes_an_error_log_line() {
    let app = spawn_app().await;
    let mut ids = Vec::new();
    let send = |i: usize, builder: reqwest::RequestBuilder| {
        let id = format!("hostile-log-{i}");
        (id.clone(), builder.header("x-request-id", id).send())
    };
    let url = |path: &str| format!("{}{path}", app.address);
    let c = &app.client;
    let requests = vec![
        c.post(url(PROFILE_PATH)).body("{"),
        c.post(url(PROFILE_PATH))
            .header("content-type", "application/json")
            .body("{"),
        c.post(url(PROFILE_PATH))
            .header("content-type", "text/plain")
            .body("x"),
        c.post(url(PROFILE_PATH))
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body("x"),
        c.post(url(PROFILE_PATH))
            .header("content-type", "application/json")
            .body(vec![b' '; 2 * 1024 * 1024]),
        c.get(url("/v1/causes")).header("accept", "text/html"),
        c.get(url("/v1/causes?x=1")),
        c.get(url("/nope")),
        c.delete(url("/v1/causes")),
        c.get(url("/v1/causes"))
            .header("x-filler", "f".repeat(17 * 1024)),
        c.get(url(&format!("/v1/{}", "p".repeat(5000)))),
        c.post(url(PATIENT_VIEW))
            .header("content-type", "application/json")
            .body("[]"),
        c.post(url(PATIENT_VIEW))
            .header("content-type", "application/json")
            .body(CDS_CALL.replace("patient-view", "order-sign")),
        c.get(url("/metrics")).header("accept", "application/json"),
    ];
    for (i, builder) in requests.into_iter().enumerate() {
        let (id, sent) = send(i, builder);
        let response = sent.await.unwrap();
        assert!(
            response.status().is_client_error(),
            "{id}: {}",
            response.status()
        );
        ids.push(id);
    }
    // Requests the HTTP parser cannot read: answered 400 before there is a request to log.
    for raw in [
        &b"GET /v1/causes HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"[..],
        b"GET /v1/causes HTTP/2.0\r\nHost: x\r\n\r\n",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        b"POST /v1/assessments HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
    ] {
        let address = app.address.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        tokio::io::AsyncWriteExt::write_all(&mut stream, raw)
            .await
            .unwrap();
        let mut answer = vec![0; 64];
        let read = tokio::io::AsyncReadExt::read(&mut stream, &mut answer)
            .await
            .unwrap();
        let answer = String::from_utf8_lossy(&answer[..read]).into_owned();
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let logs = LOGS.contents();
    for line in logs.lines() {
        if ids.iter().any(|id| line.contains(&format!("\"{id}\""))) || line.contains("actix_http") {
            assert!(!line.contains(r#""level":"ERROR""#), "{line}");
        }
    }
    assert!(
        logs.contains("request parse error"),
        "the parser's complaints are logged (at WARN)"
    );
}

// 10. The problem list is true.

#[tokio::test]
async fn the_problem_list_names_only_statuses_that_occur_and_an_over_long_uri_is_a_414() {
    let app = spawn_app().await;
    let list: Value = app
        .client
        .get(format!("{}/problems", app.address))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = list.to_string();
    assert!(!text.contains("length_required"), "{text}");
    assert!(!text.contains("forbidden"), "no 403 is ever sent: {text}");
    assert!(text.contains("uri_too_long"), "{text}");
    let response = app.get(&format!("/v1/causes/{}", "u".repeat(9000))).await;
    let problem = assert_problem(response, 414, "uri_too_long").await;
    assert!(problem.to_string().len() < 2048);
    let response = app.get(&format!("/v1/causes?{}", "u".repeat(9000))).await;
    assert_problem(response, 414, "uri_too_long").await;
}

// 11. CDS Hooks: the prefetched patient is the context's; links never come from `Host`.

/// Another patient's `Patient` is never read as this one: it counts as not sent, so with no
/// `fhirServer` the call is the documented 412 naming it (not a 422: the schema cannot state a
/// rule between `context.patientId` and `prefetch.patient.id`).
#[tokio::test]
async fn a_prefetched_patient_of_another_id_is_set_aside_never_read() {
    let app = spawn_app().await;
    let mut call: Value = serde_json::from_str(CDS_CALL).unwrap();
    call["prefetch"]["patient"]["id"] = json!("someone-else");
    let problem = assert_problem(
        app.post_json(PATIENT_VIEW, &call).await,
        412,
        "prefetch_missing",
    )
    .await;
    assert_eq!(
        problem["errors"][0]["pointer"], "/prefetch/patient",
        "{problem}"
    );
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("another patient's"),
        "{problem}"
    );
}

#[tokio::test]
async fn card_links_never_come_from_the_host_header() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}{PATIENT_VIEW}", app.address))
        .header("content-type", "application/json")
        .header("host", "evil.example")
        .body(CDS_CALL)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(!text.contains("evil.example"), "{text}");
    assert!(
        text.contains(&format!("\"{}/pages/", app.address)),
        "links are on the address the server was reached at: {text}"
    );
}

// 12. An Accept that rules everything out.

#[tokio::test]
async fn an_accept_with_every_entry_at_q_zero_is_a_406() {
    let app = spawn_app().await;
    for accept in [
        "application/json;q=0",
        "*/*;q=0",
        "application/json;q=0, */*;q=0",
    ] {
        let response = app
            .client
            .get(format!("{}/v1/causes", app.address))
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_problem(response, 406, "not_acceptable").await;
    }
}
