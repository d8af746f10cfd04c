//! OpenAPI-only descriptions of the CDS request bodies. The handlers decode into
//! [`HookRequest<C>`](super::request::HookRequest) (whose generic context utoipa cannot
//! describe) and [`FeedbackItem`](super::request::FeedbackItem), then check what serde cannot
//! (the hook name, the patient id pattern, the lengths, the accepted-suggestions rule); these
//! types state exactly those rules, so a body the document calls valid is answered, and one it
//! calls invalid is refused with a 4xx. None of them is ever built.

#![allow(dead_code)]

use utoipa::ToSchema;

use super::request::{AcceptedSuggestion, FhirAuthorization, OverrideReason};
use super::request::{OrderSelectContext, PatientViewContext};

/// A FHIR R4 resource as JSON (a `Patient`, a search-set `Bundle`, …). Only the elements the
/// service reads are checked, and only in the resource types it reads (`Patient`,
/// `Condition`, `Observation`, `MedicationRequest`, `MedicationStatement`, `Medication`,
/// `Bundle`); every other element and resource type is accepted and ignored.
#[derive(ToSchema)]
pub(crate) struct FhirResource {
    /// The FHIR resource type.
    #[serde(rename = "resourceType")]
    #[schema(example = "Bundle", max_length = 64)]
    resource_type: String,
    /// The resource's elements.
    #[serde(flatten)]
    elements: std::collections::BTreeMap<String, serde_json::Value>,
}

/// `patient-view`.
#[derive(ToSchema)]
pub(crate) enum PatientViewHook {
    /// The patient's record was opened.
    #[serde(rename = "patient-view")]
    PatientView,
}

/// `order-select`.
#[derive(ToSchema)]
pub(crate) enum OrderSelectHook {
    /// Orders were selected while drafting.
    #[serde(rename = "order-select")]
    OrderSelect,
}

/// The ids of this server's CDS services.
#[derive(ToSchema)]
pub(crate) enum CdsServiceId {
    /// The `patient-view` service.
    #[serde(rename = "nocturnal-leg-cramps")]
    NocturnalLegCramps,
    /// The `order-select` service.
    #[serde(rename = "quinine-for-cramps")]
    QuinineForCramps,
}

/// Extensions of a hook call (reverse-DNS keys); unknown ones are ignored.
#[derive(ToSchema)]
pub(crate) struct RequestExtension {
    /// The date ages and pregnancy weeks are computed for; the server's UTC date otherwise.
    #[serde(rename = "example.cramp-advisor.request-date")]
    #[schema(format = Date, example = "2026-03-01", nullable = false, max_length = 10)]
    request_date: Option<String>,
}

/// What a `patient-view` call prefetches, by the keys of the discovery document. A value is
/// a FHIR resource (a search-set `Bundle` for the searches), or `null` for "the record has
/// none". Other keys are ignored.
///
/// The service needs `patient`, `conditions` and `medications` to advise. CDS Hooks lets a
/// client leave any prefetch key out (or the whole `prefetch`), so the schema does not require
/// them; when one is missing the service fetches it from `fhirServer` if this deployment may
/// call it (`APP_FHIR_ALLOWED_ORIGINS`; none by default), and otherwise answers 412
/// (`prefetch_missing` or `fhir_server_not_allowed`), as CDS Hooks 2.0 requires.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PatientViewPrefetch {
    /// `Patient/{{context.patientId}}`.
    patient: Option<FhirResource>,
    /// `Condition?patient={{context.patientId}}&clinical-status=active`.
    conditions: Option<FhirResource>,
    /// `MedicationRequest?patient={{context.patientId}}&status=active`.
    medications: Option<FhirResource>,
    /// `MedicationStatement?patient={{context.patientId}}&status=active` (optional).
    medication_statements: Option<FhirResource>,
    /// Pregnancy status, gestational age and due date observations (optional).
    pregnancy: Option<FhirResource>,
}

/// What an `order-select` call may prefetch (both optional, used only to flag pregnancy on the
/// quinine card). A value is a FHIR resource, or `null` for "none". Other keys are ignored.
#[derive(ToSchema)]
pub(crate) struct OrderSelectPrefetch {
    /// `Condition?patient={{context.patientId}}&clinical-status=active`.
    conditions: Option<FhirResource>,
    /// Pregnancy status, gestational age and due date observations.
    pregnancy: Option<FhirResource>,
}

/// A `patient-view` hook call (CDS Hooks 2.0). Unknown fields are ignored.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PatientViewRequest {
    /// The hook that fired: `patient-view`.
    hook: PatientViewHook,
    /// Unique id of this call (a UUID); card uuids are derived from it.
    #[schema(
        example = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        min_length = 1,
        max_length = 200
    )]
    hook_instance: String,
    /// Base URL of the client's FHIR server. Used only when its origin is on this deployment's
    /// allow-list (`APP_FHIR_ALLOWED_ORIGINS`, empty by default), to fetch prefetch keys the
    /// call lacks; any other value is ignored.
    #[schema(
        example = "https://fhir.example.org/r4",
        nullable = false,
        max_length = 2048
    )]
    fhir_server: Option<String>,
    /// Token for `fhirServer`, sent as `Authorization: Bearer`; ignored without a `fhirServer`.
    #[schema(nullable = false)]
    fhir_authorization: Option<FhirAuthorization>,
    /// The patient in context.
    context: PatientViewContext,
    /// The prefetched record. Optional in CDS Hooks; without `patient`, `conditions` and
    /// `medications` (and no `fhirServer` this deployment may fetch from) the answer is 412.
    #[schema(nullable = false)]
    prefetch: Option<PatientViewPrefetch>,
    /// Extensions, e.g. the date to read the record for.
    #[schema(nullable = false)]
    extension: Option<RequestExtension>,
}

/// An `order-select` hook call (CDS Hooks 2.0). Unknown fields are ignored.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OrderSelectRequest {
    /// The hook that fired: `order-select`.
    hook: OrderSelectHook,
    /// Unique id of this call (a UUID); card uuids are derived from it.
    #[schema(
        example = "4f1c2a54-6c3e-4a0e-9d9b-0e1b2c3d4e5f",
        min_length = 1,
        max_length = 200
    )]
    hook_instance: String,
    /// Base URL of the client's FHIR server (never called by this service).
    #[schema(nullable = false, max_length = 2048)]
    fhir_server: Option<String>,
    /// Token for `fhirServer` (never used by this service).
    #[schema(nullable = false)]
    fhir_authorization: Option<FhirAuthorization>,
    /// The orders being drafted.
    context: OrderSelectContext,
    /// Optional prefetch, used only to flag pregnancy.
    #[schema(nullable = false)]
    prefetch: Option<OrderSelectPrefetch>,
    /// Extensions, e.g. the date to read the record for.
    #[schema(nullable = false)]
    extension: Option<RequestExtension>,
}

/// Feedback on one card (CDS Hooks 2.0), by its `outcome`: `accepted` ([`AcceptedFeedback`])
/// or `overridden` ([`OverriddenFeedback`]). Unknown fields are ignored.
#[derive(ToSchema)]
#[serde(untagged)]
#[schema(as = FeedbackItem, discriminator(property_name = "outcome", mapping(
    ("accepted" = "#/components/schemas/AcceptedFeedback"),
    ("overridden" = "#/components/schemas/OverriddenFeedback"),
)))]
pub(crate) enum FeedbackEntry {
    /// One or more of the card's suggestions were accepted.
    Accepted(AcceptedFeedback),
    /// The card was dismissed.
    Overridden(OverriddenFeedback),
}

/// `accepted`.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum AcceptedOutcome {
    /// One or more of the card's suggestions were accepted.
    Accepted,
}

/// `overridden`.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum OverriddenOutcome {
    /// The card was dismissed.
    Overridden,
}

/// Feedback that one or more of a card's suggestions were accepted.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AcceptedFeedback {
    /// The card's `uuid`.
    #[schema(
        example = "9368d37b-283f-44a0-93ea-547cebab93ed",
        min_length = 1,
        max_length = 200
    )]
    card: String,
    outcome: AcceptedOutcome,
    /// The accepted suggestions (at least one).
    #[schema(min_items = 1, max_items = 100)]
    accepted_suggestions: Vec<AcceptedSuggestion>,
    /// Why it was overridden (not expected for `accepted`, but accepted).
    #[schema(nullable = false)]
    override_reason: Option<OverrideReason>,
    /// When the clinician acted (ISO 8601, UTC).
    #[schema(example = "2026-03-01T10:15:00Z", max_length = 200)]
    outcome_timestamp: String,
}

/// Feedback that a card was dismissed.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OverriddenFeedback {
    /// The card's `uuid`.
    #[schema(
        example = "9368d37b-283f-44a0-93ea-547cebab93ed",
        min_length = 1,
        max_length = 200
    )]
    card: String,
    outcome: OverriddenOutcome,
    /// Accepted suggestions (not expected for `overridden`, but accepted).
    #[schema(nullable = false, max_items = 100)]
    accepted_suggestions: Option<Vec<AcceptedSuggestion>>,
    /// Why it was overridden.
    #[schema(nullable = false)]
    override_reason: Option<OverrideReason>,
    /// When the clinician acted (ISO 8601, UTC).
    #[schema(example = "2026-03-01T10:15:00Z", max_length = 200)]
    outcome_timestamp: String,
}

/// FHIR query templates by prefetch key (CDS Hooks 2.0 discovery): a client runs each, with
/// `{{context.patientId}}` filled in, and sends the result under the same key in `prefetch`.
#[derive(ToSchema)]
pub(crate) struct PrefetchTemplates(std::collections::BTreeMap<String, String>);

/// An order id in `selections` (a FHIR reference such as `MedicationRequest/103`).
#[derive(ToSchema)]
#[schema(example = "MedicationRequest/103", max_length = 1024)]
pub(crate) struct SelectionId(String);
