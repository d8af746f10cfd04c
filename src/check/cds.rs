//! The CDS Hooks cases of `cramp-advisor check`: discovery (`GET /cds-services`), a
//! `patient-view` call with each FHIR example the spec publishes, the quinine `order-select`
//! call, and a `patient-view` call without prefetch, which CDS Hooks 2.0 answers with 412.
//!
//! The calls are read as data from the committed OpenAPI document (its request examples and
//! their documented answers), so the checker speaks HTTP only and a deployment is held to exactly
//! what is published.

use serde_json::Value;

use super::schema::{SPEC, Shape};
use super::{CaseResult, Checker, Expected, Reply};

/// The `patient-view` service.
pub(super) const PATIENT_VIEW_PATH: &str = "/cds-services/nocturnal-leg-cramps";
/// The `order-select` service.
pub(super) const ORDER_SELECT_PATH: &str = "/cds-services/quinine-for-cramps";
/// The request example of [`ORDER_SELECT_PATH`] that orders quinine.
pub(super) const QUININE_ORDER: &str = "quinine_order";
/// The server the documented answers' card URLs point at (see `src/cds/examples.rs`); the live
/// answer has the checked deployment's base URL there instead.
pub(super) const EXAMPLE_BASE_URL: &str = "https://cramp-advisor.example";

/// Each service discovery must list: `(id, hook)`.
const SERVICES: [(&str, &str); 2] = [
    ("nocturnal-leg-cramps", "patient-view"),
    ("quinine-for-cramps", "order-select"),
];

/// One published hook call and, when the spec documents it, its answer.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct HookExample {
    /// The example's name in the spec (e.g. `pregnant_patient`).
    pub name: String,
    /// The request body.
    pub request: Value,
    /// The documented 200 answer: the example named `answer_{name}`, or `{name}`.
    pub answer: Option<Value>,
}

/// The request examples of `POST path` in `spec`, in the spec's order, with their answers.
pub(super) fn hook_examples(spec: &Value, path: &str) -> Vec<HookExample> {
    let operation = &spec["paths"][path]["post"];
    let answers = &operation["responses"]["200"]["content"]["application/json"]["examples"];
    let Some(examples) =
        operation["requestBody"]["content"]["application/json"]["examples"].as_object()
    else {
        return Vec::new();
    };
    examples
        .iter()
        .map(|(name, example)| HookExample {
            name: name.clone(),
            request: example["value"].clone(),
            answer: answers
                .get(format!("answer_{name}"))
                .or_else(|| answers.get(name))
                .map(|a| a["value"].clone()),
        })
        .collect()
}

/// `request` with nothing the service could read FHIR data from: no `prefetch`, no
/// `fhirServer`, no `fhirAuthorization`.
pub(super) fn without_prefetch(request: &Value) -> Value {
    let mut request = request.clone();
    if let Some(object) = request.as_object_mut() {
        for key in ["prefetch", "fhirServer", "fhirAuthorization"] {
            object.remove(key);
        }
    }
    request
}

/// What discovery lacks: each service must be listed with its hook and a prefetch template.
pub(super) fn discovery_problems(body: &Value) -> Vec<String> {
    let services = body["services"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut problems = Vec::new();
    for (id, hook) in SERVICES {
        match services.iter().find(|s| s["id"] == id) {
            None => problems.push(format!("service {id} is not listed")),
            Some(service) => {
                if service["hook"] != hook {
                    problems.push(format!(
                        "service {id} has hook {}, expected {hook:?}",
                        service["hook"]
                    ));
                }
                if service["prefetch"].as_object().is_none_or(|p| p.is_empty()) {
                    problems.push(format!("service {id} publishes no prefetch templates"));
                }
            }
        }
    }
    problems
}

/// What the answer to a quinine order gets wrong: it must warn (a `warning` or `critical` card
/// naming quinine), and no suggestion may create a quinine order.
pub(super) fn quinine_problems(body: &Value) -> Vec<String> {
    let cards = body["cards"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    let mut problems = Vec::new();
    let warns = cards.iter().any(|card| {
        matches!(card["indicator"].as_str(), Some("warning" | "critical"))
            && format!("{}{}", card["summary"], card["detail"])
                .to_lowercase()
                .contains("quinine")
    });
    if !warns {
        problems
            .push("no warning or critical card about quinine answers the quinine order".to_owned());
    }
    for (i, card) in cards.iter().enumerate() {
        for suggestion in card["suggestions"].as_array().into_iter().flatten() {
            for action in suggestion["actions"].as_array().into_iter().flatten() {
                if action["type"] == "create"
                    && action["resource"]
                        .to_string()
                        .to_lowercase()
                        .contains("quinine")
                {
                    problems.push(format!("card {i} suggests creating a quinine order"));
                }
            }
        }
    }
    problems
}

/// Where a live answer differs from the documented one (whose card URLs point at
/// [`EXAMPLE_BASE_URL`]; `base_url` replaces it).
pub(super) fn answer_differences(documented: &Value, live: &Value, base_url: &str) -> Vec<String> {
    let documented = documented
        .to_string()
        .replace(EXAMPLE_BASE_URL, base_url.trim_end_matches('/'));
    let Ok(documented) = serde_json::from_str::<Value>(&documented) else {
        return vec!["the documented answer could not be read".to_owned()];
    };
    if documented == *live {
        return Vec::new();
    }
    let (ours, theirs) = (
        documented["cards"].as_array().map_or(0, Vec::len),
        live["cards"].as_array().map_or(0, Vec::len),
    );
    let differing: Vec<String> = (0..ours.min(theirs))
        .filter(|&i| documented["cards"][i] != live["cards"][i])
        .map(|i| i.to_string())
        .collect();
    vec![format!(
        "strict: the answer differs from the documented one ({theirs} cards, documented {ours}; \
         differing card(s): [{}])",
        differing.join(", ")
    )]
}

impl Checker {
    /// The CDS Hooks cases, in order: discovery, each `patient-view` example, the quinine
    /// `order-select` call, and `patient-view` without prefetch (412).
    pub(super) async fn cds(&self) -> Vec<CaseResult> {
        let spec: Value = serde_json::from_str(SPEC).unwrap_or(Value::Null);
        let mut results = vec![self.discovery().await];
        let patient_view = hook_examples(&spec, PATIENT_VIEW_PATH);
        if patient_view.is_empty() {
            results.push(CaseResult {
                name: "cds: patient-view examples".to_owned(),
                failures: vec![format!(
                    "the spec publishes no request example for {PATIENT_VIEW_PATH}"
                )],
            });
        }
        for example in &patient_view {
            results.push(
                self.hook_call("patient-view", PATIENT_VIEW_PATH, example)
                    .await,
            );
        }
        match hook_examples(&spec, ORDER_SELECT_PATH)
            .into_iter()
            .find(|e| e.name == QUININE_ORDER)
        {
            Some(example) => {
                results.push(
                    self.hook_call("order-select", ORDER_SELECT_PATH, &example)
                        .await,
                );
            }
            None => results.push(CaseResult {
                name: format!("cds: order-select {QUININE_ORDER}"),
                failures: vec![format!(
                    "the spec publishes no {QUININE_ORDER} example for {ORDER_SELECT_PATH}"
                )],
            }),
        }
        if let Some(example) = patient_view.first() {
            results.push(self.no_prefetch(example).await);
        }
        results
    }

    /// A JSON reply with `status`: its body, after checking content type and schema.
    fn json_reply(
        &self,
        reply: Reply,
        status: u16,
        content_type: &str,
        shape: Shape,
        failures: &mut Vec<String>,
    ) -> Option<Value> {
        if reply.status != status {
            failures.push(format!("status {}, expected {status}", reply.status));
        }
        if !reply.content_type.starts_with(content_type) {
            failures.push(format!(
                "content type {:?}, expected {content_type}",
                reply.content_type
            ));
        }
        let Ok(body) = serde_json::from_slice::<Value>(&reply.bytes) else {
            failures.push("the body is not JSON".to_owned());
            return None;
        };
        if reply.status == status {
            failures.extend(
                self.schemas
                    .violations(shape, &body)
                    .into_iter()
                    .map(|v| format!("schema: {v}")),
            );
        }
        Some(body)
    }

    async fn discovery(&self) -> CaseResult {
        let mut failures = Vec::new();
        match self.get("/cds-services").await {
            Err(e) => failures.push(e),
            Ok(reply) => {
                if let Some(body) = self.json_reply(
                    reply,
                    200,
                    "application/json",
                    Shape::Discovery,
                    &mut failures,
                ) {
                    failures.extend(discovery_problems(&body));
                }
            }
        }
        CaseResult {
            name: "cds: discovery GET /cds-services".to_owned(),
            failures,
        }
    }

    async fn hook_call(&self, hook: &str, path: &str, example: &HookExample) -> CaseResult {
        let mut failures = Vec::new();
        match self
            .post(
                path,
                example.request.to_string(),
                Some("application/json"),
                None,
            )
            .await
        {
            Err(e) => failures.push(e),
            Ok(reply) => {
                if let Some(body) = self.json_reply(
                    reply,
                    200,
                    "application/json",
                    Shape::CdsResponse,
                    &mut failures,
                ) {
                    if example.name == QUININE_ORDER {
                        failures.extend(quinine_problems(&body));
                    }
                    if self.expected == Expected::Always
                        && let Some(documented) = &example.answer
                    {
                        failures.extend(answer_differences(
                            documented,
                            &body,
                            &self.options.base_url,
                        ));
                    }
                }
            }
        }
        CaseResult {
            name: format!("cds: {hook} {}", example.name),
            failures,
        }
    }

    async fn no_prefetch(&self, example: &HookExample) -> CaseResult {
        let mut failures = Vec::new();
        match self
            .post(
                PATIENT_VIEW_PATH,
                without_prefetch(&example.request).to_string(),
                Some("application/json"),
                None,
            )
            .await
        {
            Err(e) => failures.push(e),
            Ok(reply) => {
                if let Some(problem) = self.json_reply(
                    reply,
                    412,
                    "application/problem+json",
                    Shape::Problem,
                    &mut failures,
                ) && problem["code"] != "prefetch_missing"
                {
                    failures.push(format!(
                        "code {}, expected \"prefetch_missing\"",
                        problem["code"]
                    ));
                }
            }
        }
        CaseResult {
            name: format!("cds: patient-view {} without prefetch (412)", example.name),
            failures,
        }
    }
}
