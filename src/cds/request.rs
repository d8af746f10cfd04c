//! What CDS clients send (CDS Hooks 2.0): hook calls and card feedback, as the handlers decode
//! them. Unknown fields are accepted and ignored everywhere, because CDS Hooks and FHIR payloads
//! are extensible. An optional field is either absent or of its type: `null` is not a value any
//! of these fields defines, so it is rejected (422) like any other wrong type. The only `null`s
//! CDS Hooks gives a meaning to are prefetch values ("no data"), which are read as JSON.
//!
//! The OpenAPI descriptions of the hook calls are in [`super::schema`]; the types here that
//! derive `ToSchema` are described by that derive, and every constraint the document states
//! (patterns, lengths, enums) is checked by the handlers.

use super::limits;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// For `#[serde(default, deserialize_with = "present")]`: an optional field that, when present,
/// must hold a value of its type (`null` is rejected with serde's own "invalid type: null").
///
/// # Errors
/// The type's deserialisation error, including for `null`.
pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// For `expires_in`: a whole number from 0 to `i64::MAX` (the document's `int64`), which JSON
/// Schema's `integer` also allows to be written `300.0`; `null` is rejected as for [`present`].
///
/// # Errors
/// For anything else.
fn whole_seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    let number = serde_json::Number::deserialize(deserializer)?;
    // The document says `format: int64`, `minimum: 0`: 0 ..= i64::MAX.
    const LIMIT: u64 = i64::MAX as u64;
    number
        .as_u64()
        .filter(|n| *n <= LIMIT)
        .or_else(|| {
            number
                .as_f64()
                // 2^63 is the first f64 above i64::MAX.
                .filter(|f| *f >= 0.0 && *f < 9_223_372_036_854_775_808.0 && f.fract() == 0.0)
                .map(|f| f as u64)
        })
        .map(Some)
        .ok_or_else(|| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Other(&number.to_string()),
                &"a non-negative whole number of seconds",
            )
        })
}

/// The bearer token a CDS client grants for calls to its FHIR server. Never logged: `Debug`
/// hides the token.
#[derive(Clone, Deserialize, ToSchema)]
#[expect(
    dead_code,
    reason = "wire fields read for their shape and limits, then dropped: nothing is kept"
)]
pub(crate) struct FhirAuthorization {
    /// OAuth 2.0 access token for the FHIR server.
    #[serde(deserialize_with = "limits::text::<_, { limits::TOKEN_CHARS }>")]
    #[schema(example = "some-opaque-fhir-access-token", max_length = 16384)]
    pub access_token: String,
    /// Always `Bearer` (CDS Hooks 2.0: a fixed value).
    #[schema(value_type = BearerTokenType)]
    pub token_type: String,
    /// Lifetime of the token in seconds.
    #[serde(default, deserialize_with = "whole_seconds")]
    #[schema(example = 300, nullable = false, maximum = 9223372036854775807_i64)]
    pub expires_in: Option<u64>,
    /// SMART scopes the token grants.
    #[serde(
        default,
        deserialize_with = "limits::some_text::<_, { limits::TOKEN_CHARS }>"
    )]
    #[schema(
        example = "patient/Patient.read patient/Condition.read patient/MedicationRequest.read",
        nullable = false,
        max_length = 16384
    )]
    pub scope: Option<String>,
    /// OAuth 2.0 client id of this service at the client's authorisation server.
    #[serde(
        default,
        deserialize_with = "limits::some_text::<_, { limits::REFERENCE_CHARS }>"
    )]
    #[schema(example = "cramp-advisor", nullable = false, max_length = 1024)]
    pub subject: Option<String>,
}

impl std::fmt::Debug for FhirAuthorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FhirAuthorization")
            .field("access_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// `fhirAuthorization.token_type`: always `Bearer`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub(crate) enum BearerTokenType {
    /// An OAuth 2.0 bearer token.
    Bearer,
}

/// `patient-view` context: the patient whose record is open.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[expect(
    dead_code,
    reason = "wire fields read for their shape and limits, then dropped: nothing is kept"
)]
pub(crate) struct PatientViewContext {
    /// The user: `Practitioner/…`, `PractitionerRole/…`, `Patient/…` or `RelatedPerson/…`.
    #[serde(
        default,
        deserialize_with = "limits::some_text::<_, { limits::REFERENCE_CHARS }>"
    )]
    #[schema(example = "Practitioner/example", nullable = false, max_length = 1024)]
    pub user_id: Option<String>,
    /// FHIR id of the patient in context: 1-64 letters, digits, `-` or `.`.
    #[schema(
        example = "cramps-older-ckd",
        pattern = "^[A-Za-z0-9.-]{1,64}$",
        max_length = 64
    )]
    pub patient_id: String,
    /// FHIR id of the encounter in context.
    #[serde(
        default,
        deserialize_with = "limits::some_text::<_, { limits::REFERENCE_CHARS }>"
    )]
    #[schema(example = "89284", nullable = false, max_length = 1024)]
    pub encounter_id: Option<String>,
}

/// `order-select` context: the orders being drafted.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[expect(
    dead_code,
    reason = "wire fields read for their shape and limits, then dropped: nothing is kept"
)]
pub(crate) struct OrderSelectContext {
    /// The ordering user (`Practitioner/…` or `PractitionerRole/…`).
    #[serde(
        default,
        deserialize_with = "limits::some_text::<_, { limits::REFERENCE_CHARS }>"
    )]
    #[schema(example = "Practitioner/example", nullable = false, max_length = 1024)]
    pub user_id: Option<String>,
    /// FHIR id of the patient in context: 1-64 letters, digits, `-` or `.`.
    #[schema(
        example = "cramps-quinine",
        pattern = "^[A-Za-z0-9.-]{1,64}$",
        max_length = 64
    )]
    pub patient_id: String,
    /// FHIR id of the encounter in context.
    #[serde(
        default,
        deserialize_with = "limits::some_text::<_, { limits::REFERENCE_CHARS }>"
    )]
    #[schema(example = "89284", nullable = false, max_length = 1024)]
    pub encounter_id: Option<String>,
    /// The newly selected orders, e.g. `MedicationRequest/103`. Only these are checked; when
    /// the list is absent or empty every draft order is.
    #[serde(
        default,
        deserialize_with = "limits::texts::<_, { limits::LIST_ITEMS }, { limits::REFERENCE_CHARS }>"
    )]
    #[schema(example = json!(["MedicationRequest/quinine-order"]), max_items = 100)]
    #[schema(value_type = Vec<super::schema::SelectionId>)]
    pub selections: Vec<String>,
    /// A FHIR R4 `Bundle` of every unsigned order of the session (`draft` status).
    #[schema(value_type = super::schema::FhirResource)]
    pub draft_orders: Value,
}

/// A hook call, generic over the hook's context and over how its prefetch is read: as JSON
/// (`P` = a map of values, the default), or straight into FHIR resources
/// ([`SentPrefetch`](super::fast::SentPrefetch), the one-pass decode of `patient-view`).
#[derive(Debug, Clone, Deserialize)]
#[serde(
    rename_all = "camelCase",
    bound(deserialize = "C: Deserialize<'de>, P: Deserialize<'de>")
)]
pub(crate) struct HookRequest<C, P = Map<String, Value>> {
    /// The hook that fired.
    pub hook: String,
    /// Unique id of this call (a UUID).
    pub hook_instance: String,
    /// Base URL of the client's FHIR server.
    #[serde(
        default,
        deserialize_with = "limits::some_text::<_, { limits::URL_CHARS }>"
    )]
    pub fhir_server: Option<String>,
    /// Token for the FHIR server.
    #[serde(default, deserialize_with = "present")]
    pub fhir_authorization: Option<FhirAuthorization>,
    /// Hook context.
    pub context: C,
    /// Prefetched FHIR data by prefetch key; a `null` value means "no data".
    #[serde(default, deserialize_with = "present")]
    pub prefetch: Option<P>,
    /// Extensions (reverse-DNS keys).
    #[serde(default, deserialize_with = "present")]
    pub extension: Option<Map<String, Value>>,
}

/// What the clinician did with a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Outcome {
    /// One or more suggestions were accepted.
    Accepted,
    /// The card was dismissed.
    Overridden,
}

/// A suggestion the clinician accepted.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[expect(
    dead_code,
    reason = "wire fields read for their shape and limits, then dropped: nothing is kept"
)]
pub(crate) struct AcceptedSuggestion {
    /// The suggestion's `uuid`.
    #[serde(deserialize_with = "limits::text::<_, { limits::ID_CHARS }>")]
    #[schema(example = "e56e1945-20b3-4393-8503-a1a20fd73152", max_length = 200)]
    pub id: String,
}

/// The override reason the clinician picked: one of the card's `overrideReasons` codings.
#[derive(Clone, Deserialize, ToSchema)]
#[expect(
    dead_code,
    reason = "wire fields read for their shape and limits, then dropped: nothing is kept"
)]
pub(crate) struct OverrideCoding {
    /// Code system.
    #[serde(
        default,
        deserialize_with = "limits::some_text::<_, { limits::REFERENCE_CHARS }>"
    )]
    #[schema(
        example = "urn:cramp-advisor:cds:override-reason",
        nullable = false,
        max_length = 1024
    )]
    pub system: Option<String>,
    /// The code.
    #[serde(
        default,
        deserialize_with = "limits::some_text::<_, { limits::REFERENCE_CHARS }>"
    )]
    #[schema(example = "not-for-cramps", nullable = false, max_length = 1024)]
    pub code: Option<String>,
    /// Its label.
    #[serde(
        default,
        deserialize_with = "limits::some_text::<_, { limits::REFERENCE_CHARS }>"
    )]
    #[schema(nullable = false, max_length = 1024)]
    pub display: Option<String>,
}

/// Why a card was overridden. Read for its shape only: nothing in it is stored or logged.
#[derive(Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[expect(
    dead_code,
    reason = "wire fields read for their shape and limits, then dropped: nothing is kept"
)]
pub(crate) struct OverrideReason {
    /// The reason picked from the card's `overrideReasons`.
    #[serde(default, deserialize_with = "present")]
    #[schema(nullable = false)]
    pub reason: Option<OverrideCoding>,
    /// Free text from the clinician (never stored).
    #[serde(
        default,
        deserialize_with = "limits::some_text::<_, { limits::COMMENT_CHARS }>"
    )]
    #[schema(nullable = false, max_length = 4096)]
    pub user_comment: Option<String>,
}

/// Feedback on one card, as decoded. Its OpenAPI description is
/// [`FeedbackEntry`](super::schema::FeedbackEntry), which also states that an `accepted` entry
/// lists at least one accepted suggestion; the handler checks that rule.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FeedbackItem {
    /// The card's `uuid`.
    #[serde(deserialize_with = "limits::text::<_, { limits::ID_CHARS }>")]
    pub card: String,
    /// `accepted` or `overridden`.
    pub outcome: Outcome,
    /// Accepted suggestions (required, non-empty, for `accepted`).
    #[serde(
        default,
        deserialize_with = "limits::some_list::<_, _, { limits::LIST_ITEMS }>"
    )]
    pub accepted_suggestions: Option<Vec<AcceptedSuggestion>>,
    /// Why it was overridden.
    #[serde(default, deserialize_with = "present")]
    #[allow(dead_code)]
    pub override_reason: Option<OverrideReason>,
    /// When the clinician acted (ISO 8601, UTC).
    #[allow(dead_code)]
    #[serde(deserialize_with = "limits::text::<_, { limits::ID_CHARS }>")]
    pub outcome_timestamp: String,
}

/// `POST /cds-services/{id}/feedback` body.
#[derive(Clone, Deserialize, ToSchema)]
pub(crate) struct FeedbackRequest {
    /// One entry per card acted on.
    #[serde(deserialize_with = "limits::list::<_, _, { limits::LIST_ITEMS }>")]
    #[schema(value_type = Vec<super::schema::FeedbackEntry>, max_items = 100)]
    pub feedback: Vec<FeedbackItem>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn expires_in_is_a_whole_number_however_it_is_written() {
        let auth = |v: Value| {
            serde_json::from_value::<FhirAuthorization>(
                json!({"access_token": "t", "token_type": "Bearer", "expires_in": v}),
            )
            .map(|a| a.expires_in)
        };
        assert_eq!(auth(json!(300)).unwrap(), Some(300));
        assert_eq!(auth(json!(300.0)).unwrap(), Some(300));
        assert_eq!(auth(json!(i64::MAX)).unwrap(), Some(i64::MAX as u64));
        for bad in [
            json!(-1),
            json!(2.5),
            json!("300"),
            Value::Null,
            json!(i64::MAX as u64 + 1),
            json!(1e19),
        ] {
            assert!(auth(bad.clone()).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_absent_optional_field_is_none_and_a_null_one_is_an_error() {
        let absent: HookRequest<PatientViewContext> = serde_json::from_value(json!({
            "hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p1"}
        }))
        .unwrap();
        assert!(absent.extension.is_none() && absent.prefetch.is_none());
        for field in ["extension", "prefetch", "fhirServer", "fhirAuthorization"] {
            let mut call = json!({"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p1"}});
            call[field] = Value::Null;
            let error = serde_json::from_value::<HookRequest<PatientViewContext>>(call)
                .err()
                .unwrap_or_else(|| panic!("{field}: null is rejected"));
            assert!(error.to_string().contains("null"), "{field}: {error}");
        }
    }
}
