//! `cramp-advisor check --base-url URL [--strict]`: runs the published fixtures against any
//! deployment and reports pass/fail per case. Integrators run it in their CI against staging; we
//! run it in ours against the local server, with `--strict`. Each persona case checks status,
//! schema (the committed OpenAPI document), safety invariants (every view, and the full
//! assessment in each language), determinism (same request twice, same bytes), that ids, order
//! and numbers do not change with the language, and equality with the reviewed expected answer:
//! when the deployment runs the same knowledge content, or always with `--strict`. Bad-input
//! cases check that errors are RFC 9457 problems with the right status. The CDS Hooks cases
//! (`cds`) run discovery, a `patient-view` call with each FHIR example the spec publishes, the
//! quinine `order-select` call, and a `patient-view` call without prefetch (412).

mod cds;
mod follow_ups;
mod invariants;
mod schema;
mod stop_advice;
#[cfg(test)]
mod tests;

use std::io::Write;
use std::time::Duration;

use anyhow::{Context, bail};
use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_LANGUAGE, CONTENT_TYPE};
use serde_json::{Value, json};

use crate::examples::PERSONAS;
use schema::{Schemas, Shape};

/// Usage of the `check` command.
pub const USAGE: &str = "cramp-advisor check --base-url URL [--api-key KEY] [--strict]
    run the contract fixtures against a deployment (exit 0: all passed, 1: a case failed).
    --api-key KEY  sent as X-API-Key (default: $CRAMP_ADVISOR_API_KEY)
    --strict       always compare with the reviewed expected answers: a deployment running
                   other knowledge content fails (our own CI, where the server and the fixtures
                   come from the same commit)";

/// What to check and how to reach it.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Base URL of the deployment, e.g. `https://staging.example.org`.
    pub base_url: String,
    /// API key sent as `X-API-Key`, when the deployment requires one.
    pub api_key: Option<String>,
}

/// When a persona's answer is compared with its reviewed expected answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Expected {
    /// Only when the deployment runs exactly the knowledge content of the fixtures (its content
    /// hash is the same): other content legitimately gives other answers. For integrators.
    #[default]
    WhenSameKnowledge,
    /// Always: a different knowledge content hash is itself a failure (`--strict`).
    Always,
}

/// Languages every persona's full assessment is also checked in, besides English.
const OTHER_LANGUAGES: [&str; 3] = ["es", "de", "fr"];

/// The safety invariants `cramp-advisor check` holds every answer to (README, "Safety rules the
/// engine enforces"), for any view and language: one line per problem, each starting with the
/// rule it breaks (e.g. `rule 3 (no quinine or tonic water): quinine is offered in remedies`).
/// Empty when all hold. `profile` is the request, `body` the answer.
pub fn safety_violations(profile: &Value, body: &Value) -> Vec<String> {
    invariants::broken(profile, body)
}

/// Parses the `check` command's arguments (after `check`). `env_api_key` is the key from the
/// environment, used unless `--api-key` is given.
///
/// # Errors
/// An unknown option, a missing value or a missing `--base-url`, with the usage.
pub fn parse_args(
    args: &[String],
    env_api_key: Option<String>,
) -> anyhow::Result<(CheckOptions, Expected)> {
    let mut base_url = None;
    let mut api_key = env_api_key;
    let mut expected = Expected::WhenSameKnowledge;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let mut value = || {
            rest.next()
                .cloned()
                .with_context(|| format!("{flag} needs a value\nusage: {USAGE}"))
        };
        match flag.as_str() {
            "--base-url" => base_url = Some(value()?),
            "--api-key" => api_key = Some(value()?),
            "--strict" => expected = Expected::Always,
            other => bail!("unknown option {other:?}\nusage: {USAGE}"),
        }
    }
    let base_url = base_url.with_context(|| format!("--base-url is required\nusage: {USAGE}"))?;
    Ok((CheckOptions { base_url, api_key }, expected))
}

/// The `check` command: parses `args` (after `check`; the API key defaults to
/// `$CRAMP_ADVISOR_API_KEY`), runs every case writing the report to `out`, and says whether
/// all passed.
///
/// # Errors
/// Bad arguments, or the checker cannot start (see [`run`]).
pub async fn cli(args: &[String], out: &mut impl Write) -> anyhow::Result<bool> {
    let (options, expected) = parse_args(args, std::env::var("CRAMP_ADVISOR_API_KEY").ok())?;
    writeln!(
        out,
        "checking {} against the cramp-advisor contract fixtures{}",
        options.base_url,
        if expected == Expected::Always {
            " (strict: expected answers always compared)"
        } else {
            ""
        }
    )?;
    let results = run_with(options, expected, out).await?;
    Ok(results.iter().all(|r| r.failures.is_empty()))
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
    expected: Expected,
    schemas: Schemas,
}

/// Runs every case, writing one line per case to `out`, comparing expected answers only when
/// the knowledge content is the same ([`Expected::WhenSameKnowledge`]). Returns the results.
///
/// # Errors
/// Only when the checker itself cannot start (bad URL, schemas not compiling); a deployment
/// that fails a case is reported in the results, not as an error.
pub async fn run(options: CheckOptions, out: &mut impl Write) -> anyhow::Result<Vec<CaseResult>> {
    run_with(options, Expected::WhenSameKnowledge, out).await
}

/// [`run`], choosing when expected answers are compared.
///
/// # Errors
/// As [`run`].
pub async fn run_with(
    options: CheckOptions,
    expected: Expected,
    out: &mut impl Write,
) -> anyhow::Result<Vec<CaseResult>> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .context("building the HTTP client")?;
    let checker = Checker {
        client,
        options,
        expected,
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
    for result in checker.follow_ups().await {
        report(out, &result)?;
        results.push(result);
    }
    for result in checker.bad_inputs().await {
        report(out, &result)?;
        results.push(result);
    }
    for result in checker.cds().await {
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

/// One answer, as received.
struct Reply {
    status: u16,
    content_type: String,
    content_language: String,
    bytes: Vec<u8>,
}

impl Checker {
    async fn post(
        &self,
        path: &str,
        body: String,
        content_type: Option<&str>,
        language: Option<&str>,
    ) -> Result<Reply, String> {
        let url = format!("{}{path}", self.options.base_url.trim_end_matches('/'));
        let mut request = self.client.post(url).body(body);
        if let Some(ct) = content_type {
            request = request.header(CONTENT_TYPE, ct);
        }
        if let Some(language) = language {
            request = request.header(ACCEPT_LANGUAGE, language);
        }
        self.send(path, request).await
    }

    async fn get(&self, path: &str) -> Result<Reply, String> {
        let url = format!("{}{path}", self.options.base_url.trim_end_matches('/'));
        self.send(path, self.client.get(url)).await
    }

    /// Sends `request` (with the API key, when one is set) and reads the whole answer.
    async fn send(
        &self,
        path: &str,
        mut request: reqwest::RequestBuilder,
    ) -> Result<Reply, String> {
        if let Some(key) = &self.options.api_key {
            request = request.header("x-api-key", key);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("request to {path} failed: {e}"))?;
        let status = response.status().as_u16();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        let content_type = header(CONTENT_TYPE);
        let content_language = header(CONTENT_LANGUAGE);
        let bytes = response
            .bytes()
            .await
            .map_err(|e| format!("reading {path} failed: {e}"))?;
        Ok(Reply {
            status,
            content_type,
            content_language,
            bytes: bytes.to_vec(),
        })
    }

    /// Posts `profile` to `path` and checks status, content type and schema. The body, when it
    /// is a JSON answer worth checking further.
    async fn answer(
        &self,
        path: &str,
        shape: Shape,
        profile: &str,
        language: Option<&str>,
        failures: &mut Vec<String>,
    ) -> Option<(Value, Vec<u8>)> {
        let label = match language {
            Some(language) => format!("{path} [{language}]"),
            None => path.to_owned(),
        };
        let reply = match self
            .post(path, profile.to_owned(), Some("application/json"), language)
            .await
        {
            Ok(reply) => reply,
            Err(e) => {
                failures.push(e);
                return None;
            }
        };
        if reply.status != 200 {
            failures.push(format!("{label}: status {}, expected 200", reply.status));
            return None;
        }
        if !reply.content_type.starts_with("application/json") {
            failures.push(format!(
                "{label}: content type {:?}, expected application/json",
                reply.content_type
            ));
        }
        if let Some(language) = language
            && reply.content_language != language
        {
            failures.push(format!(
                "{label}: Content-Language {:?}, expected {language:?}",
                reply.content_language
            ));
        }
        let Ok(body) = serde_json::from_slice::<Value>(&reply.bytes) else {
            failures.push(format!("{label}: the body is not JSON"));
            return None;
        };
        failures.extend(
            self.schemas
                .violations(shape, &body)
                .into_iter()
                .map(|v| format!("{label}: schema: {v}")),
        );
        Some((body, reply.bytes))
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
        let mut english = None;
        for (path, shape) in views {
            let Some((body, bytes)) = self.answer(path, shape, profile, None, &mut failures).await
            else {
                continue;
            };
            failures.extend(
                invariants::broken(&profile_value, &body)
                    .into_iter()
                    .map(|v| format!("{path}: safety: {v}")),
            );
            match self
                .post(path, profile.to_owned(), Some("application/json"), None)
                .await
            {
                Ok(again) if again.bytes != bytes => {
                    failures.push(format!("{path}: the same request gave a different answer"))
                }
                Err(e) => failures.push(e),
                Ok(_) => {}
            }
            if matches!(shape, Shape::Assessment) {
                failures.extend(compare_with_expected(&body, expected, self.expected));
                english = Some(body);
            }
        }
        for language in OTHER_LANGUAGES {
            let path = "/v1/assessments";
            let Some((body, _)) = self
                .answer(
                    path,
                    Shape::Assessment,
                    profile,
                    Some(language),
                    &mut failures,
                )
                .await
            else {
                continue;
            };
            failures.extend(
                invariants::broken(&profile_value, &body)
                    .into_iter()
                    .map(|v| format!("{path} [{language}]: safety: {v}")),
            );
            if let Some(english) = &english
                && skeleton(&body, "") != skeleton(english, "")
            {
                failures.push(format!(
                    "{path} [{language}]: ids, order or numbers differ from the English answer"
                ));
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
            match self.post("/v1/assessments", body, content_type, None).await {
                Err(e) => failures.push(e),
                Ok(Reply {
                    status,
                    content_type: ct,
                    bytes,
                    ..
                }) => {
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

/// Everything but the texts a person reads (and the content hash, which covers the texts):
/// ids, order, numbers, levels, pointers. The same in every language.
fn skeleton(v: &Value, key: &str) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| k.as_str() != "content_hash")
                .map(|(k, v)| (k.clone(), skeleton(v, k)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|i| skeleton(i, key)).collect()),
        Value::String(_) if !invariants::NOT_TEXT.contains(&key) => Value::String("<text>".into()),
        other => other.clone(),
    }
}

/// The reviewed expected answer (an insta snapshot: a header, `---`, then the JSON). Compared
/// when the deployment runs exactly the same knowledge content (other content legitimately
/// gives other answers), or always when `when` is [`Expected::Always`]: then a different
/// content hash is itself a failure.
fn compare_with_expected(body: &Value, snapshot: &str, when: Expected) -> Vec<String> {
    let json = snapshot.splitn(3, "---\n").nth(2).unwrap_or("");
    let Ok(expected) = serde_json::from_str::<Value>(json) else {
        return vec!["the expected answer could not be read".to_owned()];
    };
    let (ours, theirs) = (
        &expected["knowledge"]["content_hash"],
        &body["knowledge"]["content_hash"],
    );
    if ours != theirs {
        return match when {
            Expected::WhenSameKnowledge => Vec::new(),
            Expected::Always => vec![format!(
                "strict: the deployment's knowledge content hash {theirs} is not the fixtures' \
                 {ours}, so its answer cannot be compared with the reviewed expected answer \
                 (stale fixtures or a different knowledge set)"
            )],
        };
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
