//! Response validation against the committed OpenAPI document's own schemas (JSON Schema
//! 2020-12), offline: nothing is fetched, references resolve inside the document.

use anyhow::Context;
use jsonschema::{Registry, Validator};
use serde_json::{Value, json};

/// The committed OpenAPI document: the contract a deployment is checked against.
pub(super) const SPEC: &str = include_str!("../../openapi/openapi.json");

const SPEC_URI: &str = "urn:cramp-advisor:openapi";

/// Validators for the response schemas the checker uses.
pub(super) struct Schemas {
    assessment: Validator,
    causes: Validator,
    remedies: Validator,
    relief_plan: Validator,
    follow_up: Validator,
    problem: Validator,
    discovery: Validator,
    cds_response: Validator,
}

/// Which schema a body must satisfy.
#[derive(Debug, Clone, Copy)]
pub(super) enum Shape {
    /// `AssessmentResponse`.
    Assessment,
    /// `CausesView`.
    Causes,
    /// `RemediesView`.
    Remedies,
    /// `ReliefPlanView`.
    ReliefPlan,
    /// `FollowUpResponse`.
    FollowUp,
    /// `Problem`.
    Problem,
    /// `Discovery` (`GET /cds-services`).
    Discovery,
    /// `CdsResponse` (a CDS Hooks call's answer).
    CdsResponse,
}

impl Schemas {
    /// Compiles the validators from the embedded document.
    ///
    /// # Errors
    /// When the embedded document is not valid JSON or a schema does not compile (a bug).
    pub(super) fn load() -> anyhow::Result<Self> {
        let spec: Value =
            serde_json::from_str(SPEC).context("the embedded OpenAPI document is JSON")?;
        let registry = Registry::new()
            .add(SPEC_URI, spec)
            .context("registering the OpenAPI document")?
            .prepare()
            .context("preparing the schema registry")?;
        let build = |name: &str| -> anyhow::Result<Validator> {
            jsonschema::options()
                .with_registry(&registry)
                .build(&json!({ "$ref": format!("{SPEC_URI}#/components/schemas/{name}") }))
                .map_err(|e| anyhow::anyhow!("schema {name} does not compile: {e}"))
        };
        Ok(Self {
            assessment: build("AssessmentResponse")?,
            causes: build("CausesView")?,
            remedies: build("RemediesView")?,
            relief_plan: build("ReliefPlanView")?,
            follow_up: build("FollowUpResponse")?,
            problem: build("Problem")?,
            discovery: build("Discovery")?,
            cds_response: build("CdsResponse")?,
        })
    }

    /// The first few schema violations of `body` (empty when valid).
    pub(super) fn violations(&self, shape: Shape, body: &Value) -> Vec<String> {
        let validator = match shape {
            Shape::Assessment => &self.assessment,
            Shape::Causes => &self.causes,
            Shape::Remedies => &self.remedies,
            Shape::ReliefPlan => &self.relief_plan,
            Shape::FollowUp => &self.follow_up,
            Shape::Problem => &self.problem,
            Shape::Discovery => &self.discovery,
            Shape::CdsResponse => &self.cds_response,
        };
        validator
            .iter_errors(body)
            .take(5)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }
}
