//! CDS Hooks over HTTP: discovery, both hooks with realistic FHIR R4 records, 412 and fetching
//! from a stub FHIR server (only when it is allowed), feedback counting, the OpenAPI description
//! and its examples, and every answer checked against JSON Schemas written from the CDS Hooks 2.0
//! specification (`tests/fixtures/cds/`).

mod feedback;
mod jwt;
mod jwt_support;
mod links;
mod patient_view;
mod prefetch;
mod quinine;
mod schemas;
mod stub;

use serde_json::Value;

use crate::helpers::TestApp;

const PATIENT_VIEW: &str = "/cds-services/nocturnal-leg-cramps";
const ORDER_SELECT: &str = "/cds-services/quinine-for-cramps";

/// A hook call from `openapi/examples/fhir/`, by file stem.
fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/openapi/examples/fhir/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Panics with every schema violation when `instance` does not match `schema` (a file stem
/// under `tests/fixtures/cds/`).
fn assert_matches_schema(schema: &str, instance: &Value) {
    let path = format!(
        "{}/tests/fixtures/cds/{schema}.schema.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let schema_json: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema_json).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{schema} schema violations: {errors:#?}\nin {instance:#}"
    );
}

/// Posts a hook call and returns the 200 body's cards, checked against the response schema.
async fn cards_for(app: &TestApp, path: &str, call: &Value) -> Vec<Value> {
    let response = app.post_json(path, call).await;
    assert_eq!(response.status(), 200, "hook call to {path}");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    assert_matches_schema("response", &body);
    body["cards"].as_array().unwrap().clone()
}

fn topic(card: &Value) -> &str {
    card["source"]["topic"]["code"].as_str().unwrap_or_default()
}

fn card<'a>(cards: &'a [Value], topic_code: &str) -> &'a Value {
    cards
        .iter()
        .find(|c| topic(c) == topic_code)
        .unwrap_or_else(|| panic!("a {topic_code} card in {cards:#?}"))
}

fn detail(card: &Value) -> &str {
    card["detail"].as_str().unwrap()
}
