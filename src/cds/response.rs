//! What the CDS services answer (CDS Hooks 2.0): the discovery document and cards. Optional
//! fields are omitted, never `null` or empty, as the specification requires.

use serde::Serialize;
use utoipa::ToSchema;

/// `GET /cds-services`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct Discovery {
    /// Every service this server offers.
    pub services: Vec<ServiceDescription>,
}

/// One CDS service.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ServiceDescription {
    /// The hook it answers.
    #[schema(example = "patient-view")]
    pub hook: &'static str,
    /// Human-friendly name.
    #[schema(example = "Night-time leg cramps")]
    pub title: &'static str,
    /// What it does.
    pub description: &'static str,
    /// The `{id}` in `/cds-services/{id}`.
    #[schema(example = "nocturnal-leg-cramps")]
    pub id: &'static str,
    /// FHIR queries the client should prefetch, by key.
    #[schema(value_type = super::schema::PrefetchTemplates, example = json!({"patient": "Patient/{{context.patientId}}"}))]
    pub prefetch: std::collections::BTreeMap<&'static str, &'static str>,
}

/// A hook call's answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct CdsResponse {
    /// Cards, most important first; empty when there is nothing to say.
    pub cards: Vec<Card>,
}

/// How urgent a card is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Indicator {
    /// For information.
    Info,
    /// Worth acting on soon.
    Warning,
    /// Act now.
    Critical,
}

// Named for what it is here, a card's coding with `system` and `code` always set; what a record
// sends is read leniently as `fhir::Coding`. Published as `Coding`.
/// A FHIR-style coding (code system and code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = Coding)]
pub(crate) struct CardCoding {
    /// Code-system URI.
    #[schema(example = "urn:cramp-advisor:cds:topic")]
    pub system: String,
    /// The code.
    #[schema(example = "triage")]
    pub code: String,
    /// Human-readable label.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Leg cramp triage", nullable = false)]
    pub display: Option<String>,
}

/// Where a card's guidance comes from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct CardSource {
    /// Short label.
    #[schema(example = "cramp-advisor knowledge 2026.11.2: red flags")]
    pub label: String,
    /// Absolute URL of the human-readable page (`/pages/...`) of the entry the card is built
    /// from, in English unless the browser asks otherwise: on `APP_PUBLIC_BASE_URL` (which
    /// every deployment that verifies CDS Hooks JWTs sets), else on the address the server
    /// was reached at (its socket, local development); never built from the request's `Host`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(
        example = "https://cramp-advisor.example/pages/red-flags/possible_dvt",
        nullable = false
    )]
    pub url: Option<String>,
    /// What the card is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub topic: Option<CardCoding>,
}

/// A link to read more.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct Link {
    /// Link text.
    #[schema(example = "NHS: Leg cramps")]
    pub label: String,
    /// Absolute URL (this service's own pages: on `APP_PUBLIC_BASE_URL`, as `source.url`).
    #[schema(example = "https://www.nhs.uk/conditions/leg-cramps/")]
    pub url: String,
    /// Always `absolute` here (no SMART apps).
    #[serde(rename = "type")]
    #[schema(example = "absolute")]
    pub link_type: &'static str,
}

/// A change the clinician can accept with one click.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Suggestion {
    /// Button text.
    #[schema(example = "Remove the quinine order")]
    pub label: String,
    /// Stable id, reported back in feedback.
    pub uuid: String,
    /// Whether this is the recommended choice.
    #[schema(example = true)]
    pub is_recommended: bool,
    /// What accepting does.
    pub actions: Vec<Action>,
}

/// One change to a FHIR resource.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Action {
    /// `delete` (the only kind these services suggest).
    #[serde(rename = "type")]
    #[schema(example = "delete")]
    pub action_type: &'static str,
    /// What it does, in words.
    #[schema(example = "Remove the draft quinine order")]
    pub description: String,
    /// The resource to delete, e.g. `MedicationRequest/quinine-order`.
    #[schema(example = "MedicationRequest/quinine-order")]
    pub resource_id: String,
}

/// One card.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Card {
    /// Stable id (deterministic: derived from the service, the card kind and `hookInstance`).
    #[schema(example = "2f0e7f43-9d0b-8c2e-a1c4-6b1e3f5d7a90")]
    pub uuid: String,
    /// One sentence, under 140 characters.
    #[schema(
        example = "Swelling, warmth or redness in one calf can be a blood clot. Get medical advice today; do not massage the leg."
    )]
    pub summary: String,
    /// GitHub-flavoured Markdown.
    pub detail: String,
    /// `info`, `warning` or `critical`.
    pub indicator: Indicator,
    /// Where the guidance comes from.
    pub source: CardSource,
    /// One-click changes (quinine orders only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub suggestions: Option<Vec<Suggestion>>,
    /// `at-most-one`; present exactly when `suggestions` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "at-most-one", nullable = false)]
    pub selection_behavior: Option<&'static str>,
    /// Reasons the clinician can give for dismissing the card.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub override_reasons: Option<Vec<CardCoding>>,
    /// Links to read more.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub links: Option<Vec<Link>>,
}
