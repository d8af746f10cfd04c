//! `cramp-advisor check --base-url URL`: runs the published fixtures against any deployment
//! and reports pass/fail per case. Integrators run it in their CI against staging; we run it
//! in ours against the local server. Each persona case checks status, schema (the committed
//! OpenAPI document), safety invariants, determinism (same request twice, same bytes) and, when
//! the deployment runs the same knowledge content, equality with the reviewed expected answer.
//! Bad-input cases check that errors are RFC 9457 problems with the right status.

mod invariants;
mod schema;

use std::io::Write;
use std::time::Duration;

use anyhow::Context;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use crate::api::examples::PERSONAS;
use schema::{Schemas, Shape};

/// What to check and how to reach it.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Base URL of the deployment, e.g. `https://staging.example.org`.
    pub base_url: String,
    /// API key sent as `X-API-Key`, when the deployment requires one.
    pub api_key: Option<String>,
}

/// The outcome of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseResult {
    /// Case name.
    pub name: String,
    /// Problems found; empty when the case passed.
    pub failures: Vec<String>,
}

struct Checker {
    client: reqwest::Client,
    options: CheckOptions,
    schemas: Schemas,
}

/// Runs every case, writing one line per case to `out`. Returns the results.
///
/// # Errors
/// Only when the checker itself cannot start (bad URL, schemas not compiling); a deployment
/// that fails a case is reported in the results, not as an error.
pub async fn run(options: CheckOptions, out: &mut impl Write) -> anyhow::Result<Vec<CaseResult>> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .context("building the HTTP client")?;
    let checker = Checker {
        client,
        options,
        schemas: Schemas::load()?,
    };
    let mut results = Vec::new();
    for persona in PERSONAS {
        results.push(
            checker
                .persona(persona.name, persona.json, persona.expected)
                .await,
        );
        report(out, results.last().expect("just pushed"))?;
    }
    for result in checker.bad_inputs().await {
        report(out, &result)?;
        results.push(result);
    }
    let failed = results.iter().filter(|r| !r.failures.is_empty()).count();
    writeln!(out, "{} passed, {} failed", results.len() - failed, failed)?;
    Ok(results)
}

fn report(out: &mut impl Write, result: &CaseResult) -> std::io::Result<()> {
    if result.failures.is_empty() {
        writeln!(out, "PASS {}", result.name)
    } else {
        writeln!(out, "FAIL {}", result.name)?;
        result
            .failures
            .iter()
            .try_for_each(|f| writeln!(out, "     - {f}"))
    }
}

impl Checker {
    async fn post(
        &self,
        path: &str,
        body: String,
        content_type: Option<&str>,
    ) -> Result<(u16, String, Vec<u8>), String> {
        let url = format!("{}{path}", self.options.base_url.trim_end_matches('/'));
        let mut request = self.client.post(url).body(body);
        if let Some(ct) = content_type {
            request = request.header(CONTENT_TYPE, ct);
        }
        if let Some(key) = &self.options.api_key {
            request = request.header("x-api-key", key);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("request to {path} failed: {e}"))?;
        let status = response.status().as_u16();
        let ct = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| format!("reading {path} failed: {e}"))?;
        Ok((status, ct, bytes.to_vec()))
    }

    async fn persona(&self, name: &str, profile: &str, expected: &str) -> CaseResult {
        let mut failures = Vec::new();
        let views = [
            ("/v1/assessments", Shape::Assessment),
            ("/v1/assessments/causes", Shape::Causes),
            ("/v1/assessments/remedies", Shape::Remedies),
            ("/v1/assessments/relief-plan", Shape::ReliefPlan),
        ];
        let profile_value: Value = serde_json::from_str(profile).unwrap_or(Value::Null);
        for (path, shape) in views {
            let first = self
                .post(path, profile.to_owned(), Some("application/json"))
                .await;
            let (status, content_type, bytes) = match first {
                Ok(r) => r,
                Err(e) => {
                    failures.push(e);
                    continue;
                }
            };
            if status != 200 {
                failures.push(format!("{path}: status {status}, expected 200"));
                continue;
            }
            if !content_type.starts_with("application/json") {
                failures.push(format!(
                    "{path}: content type {content_type:?}, expected application/json"
                ));
            }
            let Ok(body) = serde_json::from_slice::<Value>(&bytes) else {
                failures.push(format!("{path}: the body is not JSON"));
                continue;
            };
            failures.extend(
                self.schemas
                    .violations(shape, &body)
                    .into_iter()
                    .map(|v| format!("{path}: schema: {v}")),
            );
            failures.extend(
                invariants::broken(&profile_value, &body)
                    .into_iter()
                    .map(|v| format!("{path}: safety: {v}")),
            );
            match self
                .post(path, profile.to_owned(), Some("application/json"))
                .await
            {
                Ok((_, _, again)) if again != bytes => {
                    failures.push(format!("{path}: the same request gave a different answer"))
                }
                Err(e) => failures.push(e),
                Ok(_) => {}
            }
            if matches!(shape, Shape::Assessment) {
                failures.extend(compare_with_expected(&body, expected));
            }
        }
        CaseResult {
            name: format!("persona {name}"),
            failures,
        }
    }

    async fn bad_inputs(&self) -> Vec<CaseResult> {
        let cases: [(&str, String, Option<&str>, u16, &str); 5] = [
            (
                "malformed JSON",
                "{\"age\": 40,".to_owned(),
                Some("application/json"),
                400,
                "malformed_json",
            ),
            (
                "empty body",
                String::new(),
                Some("application/json"),
                400,
                "empty_body",
            ),
            (
                "wrong content type",
                "{\"age\": 40}".to_owned(),
                Some("text/plain"),
                415,
                "unsupported_media_type",
            ),
            (
                "misspelt field",
                json!({"age": 40, "pregant": "trimester_3"}).to_string(),
                Some("application/json"),
                422,
                "validation_failed",
            ),
            (
                "age out of range",
                json!({"age": 0}).to_string(),
                Some("application/json"),
                422,
                "validation_failed",
            ),
        ];
        let mut results = Vec::new();
        for (name, body, content_type, want_status, want_code) in cases {
            let mut failures = Vec::new();
            match self.post("/v1/assessments", body, content_type).await {
                Err(e) => failures.push(e),
                Ok((status, ct, bytes)) => {
                    if status != want_status {
                        failures.push(format!("status {status}, expected {want_status}"));
                    }
                    if !ct.starts_with("application/problem+json") {
                        failures.push(format!(
                            "content type {ct:?}, expected application/problem+json"
                        ));
                    }
                    match serde_json::from_slice::<Value>(&bytes) {
                        Ok(problem) => {
                            failures.extend(
                                self.schemas
                                    .violations(Shape::Problem, &problem)
                                    .into_iter()
                                    .map(|v| format!("schema: {v}")),
                            );
                            if problem["code"] != want_code {
                                failures.push(format!(
                                    "code {}, expected {want_code}",
                                    problem["code"]
                                ));
                            }
                            if name == "misspelt field"
                                && !problem["errors"].to_string().contains("/pregant")
                            {
                                failures.push("the error does not point at /pregant".to_owned());
                            }
                        }
                        Err(_) => failures.push("the body is not JSON".to_owned()),
                    }
                }
            }
            results.push(CaseResult {
                name: format!("bad input: {name}"),
                failures,
            });
        }
        results
    }
}

/// The reviewed expected answer (an insta snapshot: a header, `---`, then the JSON). Compared
/// only when the deployment runs exactly the same knowledge content: other content legitimately
/// gives other answers.
fn compare_with_expected(body: &Value, snapshot: &str) -> Vec<String> {
    let json = snapshot.splitn(3, "---\n").nth(2).unwrap_or("");
    let Ok(expected) = serde_json::from_str::<Value>(json) else {
        return vec!["the expected answer could not be read".to_owned()];
    };
    if expected["knowledge"]["content_hash"] != body["knowledge"]["content_hash"] {
        return Vec::new();
    }
    if expected == *body {
        return Vec::new();
    }
    let sections: Vec<&str> = expected
        .as_object()
        .map(|o| {
            o.keys()
                .filter(|k| expected[k.as_str()] != body[k.as_str()])
                .map(String::as_str)
                .collect()
        })
        .unwrap_or_default();
    vec![format!(
        "same knowledge content as the fixture but a different answer in: {}",
        sections.join(", ")
    )]
}
