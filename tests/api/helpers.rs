//! `spawn_app()` starts the real server on a free port; `TestApp` has one method per kind of call.
//! Every test process captures all logs (debug level) in memory so tests can prove what is
//! never logged; `TEST_LOG=1` also prints them.

use std::io::Write;
use std::sync::{Arc, LazyLock, Mutex};

use cramp_advisor::config::{CdsJwtSettings, LogFormat, Settings};
use cramp_advisor::startup::Application;
use reqwest::header::CONTENT_TYPE;
use serde_json::Value;
use tracing_subscriber::fmt::MakeWriter;

/// Everything logged by any server in this test process.
#[derive(Clone, Default)]
pub struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    /// The captured logs so far.
    pub fn contents(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if std::env::var_os("TEST_LOG").is_some() {
            std::io::stdout().write_all(buf)?;
        }
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for LogBuffer {
    type Writer = LogBuffer;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Installed once per test process: the production subscriber (JSON lines, the same levels),
/// at debug level for every crate unless `RUST_LOG` says otherwise.
pub static LOGS: LazyLock<LogBuffer> = LazyLock::new(|| {
    let buffer = LogBuffer::default();
    let subscriber =
        cramp_advisor::telemetry::get_subscriber("debug", LogFormat::Json, buffer.clone());
    tracing::subscriber::set_global_default(subscriber).expect("no other subscriber is installed");
    buffer
});

/// A running server and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// A plain HTTP client.
    pub client: reqwest::Client,
}

/// Settings for tests: port 0, one worker, no rate limit (tests send bursts on purpose), and
/// CDS Hooks JWT off (the CDS tests are about the hooks; `cds::jwt` turns it on).
pub fn test_settings() -> Settings {
    Settings {
        port: 0,
        log_format: LogFormat::Json,
        workers: Some(1),
        rate_limit_per_minute: 0,
        cds_jwt: CdsJwtSettings {
            enabled: false,
            ..CdsJwtSettings::default()
        },
        ..Settings::default()
    }
}

/// Starts the real server on port 0 with test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(test_settings()).await
}

/// Starts the real server with `settings` (port forced to 0).
pub async fn spawn_app_with(settings: Settings) -> TestApp {
    LazyLock::force(&LOGS);
    let settings = Settings {
        port: 0,
        ..settings
    };
    let app = Application::build(&settings).expect("the application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp { address, client }
}

impl TestApp {
    /// `GET path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent")
    }

    /// A request with any method, for 405 checks.
    pub async fn request(&self, method: reqwest::Method, path: &str) -> reqwest::Response {
        self.client
            .request(method, format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent")
    }

    /// `POST path` with a JSON body.
    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// `POST path` with raw bytes and an optional content type.
    pub async fn post_raw(
        &self,
        path: &str,
        body: impl Into<reqwest::Body>,
        content_type: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}{path}", self.address))
            .body(body);
        if let Some(ct) = content_type {
            request = request.header(CONTENT_TYPE, ct);
        }
        request.send().await.expect("request sent")
    }

    /// `POST /v1/assessments` with a profile.
    pub async fn post_assessment(&self, profile: &Value) -> reqwest::Response {
        self.post_json("/v1/assessments", profile).await
    }
}

/// Every persona under `openapi/examples/profiles/`, by file stem, sorted.
pub fn personas() -> Vec<(String, Value)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/examples/profiles");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (name, value)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Asserts `response` is an RFC 9457 problem with `status` and `code`, and returns its body.
pub async fn assert_problem(response: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(
        response.status().as_u16(),
        status,
        "status for expected problem {code}"
    );
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(
        content_type.as_deref(),
        Some("application/problem+json"),
        "content type for {code}"
    );
    assert!(
        response.headers().contains_key("x-request-id"),
        "x-request-id for {code}"
    );
    let body: Value = response.json().await.expect("problem body is JSON");
    for field in ["type", "title", "status", "detail", "instance", "code"] {
        assert!(
            body.get(field).is_some(),
            "problem {code} lacks {field}: {body}"
        );
    }
    assert_eq!(body["status"], status, "status field for {code}");
    assert_eq!(body["code"], code, "code for {body}");
    assert_eq!(body["type"], format!("/problems/{code}"));
    body
}

/// The `(pointer, code)` of each error in a 422 problem, in order.
pub fn pointers(body: &Value) -> Vec<(String, String)> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["pointer"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The `key` of each object in a JSON list (a missing list or key reads as none).
pub fn ids<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v[key].as_str())
        .collect()
}

/// The remedies an answer offers: listed, or as a step of its relief plan.
pub fn offered(body: &Value) -> Vec<&str> {
    let mut out = ids(&body["remedies"], "id");
    out.extend(ids(&body["relief_plan"]["steps"], "remedy_id"));
    out
}

/// The ids of an answer's raised red flags, most urgent first.
pub fn flags(body: &Value) -> Vec<&str> {
    ids(&body["triage"]["red_flags"], "id")
}
