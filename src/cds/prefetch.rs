//! Prefetch: the FHIR queries each service asks for, what to do when a key is missing (fetch it
//! from `fhirServer` with the client's bearer token, or answer 412), and sorting the resources
//! into [`Records`]. The token and the query URLs (they hold the patient id) are never logged.

use std::collections::BTreeMap;
use std::sync::LazyLock;
use std::time::Duration;

use serde_json::{Map, Value};

use super::error;
use super::fhir::{Resource, parse_resource};
use super::mapping::Records;
use crate::http::{ApiError, FieldError};

/// Largest FHIR response read, in bytes.
const MAX_FHIR_RESPONSE: usize = 1024 * 1024;

/// One prefetch template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Template {
    /// Prefetch key.
    pub key: &'static str,
    /// FHIR query with `{{context.patientId}}`.
    pub query: &'static str,
    /// Without it the service cannot answer (412 when it can be neither prefetched nor fetched).
    pub required: bool,
    /// Fetched from `fhirServer` when missing (only worth the latency when it can change cards).
    pub fetch: bool,
}

/// `nocturnal-leg-cramps` (patient-view).
pub(crate) const PATIENT_VIEW: &[Template] = &[
    Template {
        key: "patient",
        query: "Patient/{{context.patientId}}",
        required: true,
        fetch: true,
    },
    Template {
        key: "conditions",
        query: "Condition?patient={{context.patientId}}&clinical-status=active",
        required: true,
        fetch: true,
    },
    Template {
        key: "medications",
        query: "MedicationRequest?patient={{context.patientId}}&status=active",
        required: true,
        fetch: true,
    },
    Template {
        key: "medicationStatements",
        query: "MedicationStatement?patient={{context.patientId}}&status=active",
        required: false,
        fetch: true,
    },
    Template {
        key: "pregnancy",
        query: "Observation?patient={{context.patientId}}&code=http://loinc.org|82810-3,http://loinc.org|49051-6,http://loinc.org|11778-8&_sort=-date&_count=10",
        required: false,
        fetch: true,
    },
];

/// `quinine-for-cramps` (order-select): optional, used only to add a pregnancy warning, and
/// never fetched (an order screen must not wait on it).
pub(crate) const ORDER_SELECT: &[Template] = &[
    Template {
        key: "conditions",
        query: "Condition?patient={{context.patientId}}&clinical-status=active",
        required: false,
        fetch: false,
    },
    Template {
        key: "pregnancy",
        query: "Observation?patient={{context.patientId}}&code=http://loinc.org|82810-3,http://loinc.org|49051-6,http://loinc.org|11778-8&_sort=-date&_count=10",
        required: false,
        fetch: false,
    },
];

/// The templates as the discovery document lists them.
pub(crate) fn as_discovery(templates: &[Template]) -> BTreeMap<&'static str, &'static str> {
    templates.iter().map(|t| (t.key, t.query)).collect()
}

/// What a call's `fhirServer` allows (see [`fhir_server`](super::call::fhir_server)).
#[derive(Clone)]
pub(crate) enum FhirServer {
    /// The call names no FHIR server.
    Absent,
    /// The call names a FHIR server this deployment may not call (or a malformed URL).
    NotAllowed,
    /// An allowed FHIR server.
    Allowed(FhirAccess),
}

/// Where and how to fetch what the client did not prefetch.
#[derive(Clone)]
pub(crate) struct FhirAccess {
    /// FHIR base URL, without a trailing slash.
    pub base: String,
    /// Bearer token, when the client gave one.
    pub token: Option<String>,
}

/// A FHIR id: `[A-Za-z0-9\-\.]{1,64}` (so it is safe to put in a query).
pub(crate) fn is_fhir_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

/// The prefetch read as FHIR, by template key: what the client sent (or what was fetched), a
/// `None` being a `null` ("no data"). Keys of no template are never in it.
pub(crate) type Prefetched = BTreeMap<&'static str, Option<Resource>>;

/// Checks what the client prefetched for `templates`: each value is a FHIR resource or `null`
/// ("no data"). Keys of no template are ignored. Returns what was sent, read.
///
/// # Errors
/// A 422 pointing at the first element that is not valid FHIR.
pub(crate) fn check_sent(
    templates: &[Template],
    sent: Option<&Map<String, Value>>,
) -> Result<Prefetched, ApiError> {
    let mut read = Prefetched::new();
    let Some(sent) = sent else {
        return Ok(read);
    };
    for t in templates {
        match sent.get(t.key) {
            None => {}
            Some(Value::Null) => {
                read.insert(t.key, None);
            }
            Some(value) => {
                let resource = parse_resource(value).map_err(|(pointer, message)| {
                    ApiError::Validation(vec![FieldError::new(
                        format!("/prefetch/{}{pointer}", t.key),
                        "invalid_fhir",
                        message,
                    )])
                })?;
                read.insert(t.key, Some(resource));
            }
        }
    }
    Ok(read)
}

/// What the client sent for `templates`, and the templates it left out.
pub(crate) fn sent_only(
    templates: &[Template],
    sent: Option<&Map<String, Value>>,
) -> (BTreeMap<&'static str, Value>, Vec<Template>) {
    let mut resolved = BTreeMap::new();
    let mut missing = Vec::new();
    for t in templates {
        match sent.and_then(|p| p.get(t.key)) {
            Some(value) => {
                resolved.insert(t.key, value.clone());
            }
            None => missing.push(*t),
        }
    }
    (resolved, missing)
}

/// The prefetch for `templates`: what the client sent (read, see [`check_sent`]), plus what
/// could be fetched from an allowed `fhirServer`.
///
/// A prefetched `Patient` that is not the context's patient is not this patient's data, so it
/// is set aside and that key counts as not sent (see [`drop_other_patients`]).
///
/// # Errors
/// [`ApiError::Precondition`] (412) when a required key is missing (or was another patient's)
/// and cannot be fetched.
pub(crate) async fn resolve(
    templates: &[Template],
    sent: Prefetched,
    server: &FhirServer,
    patient_id: &str,
) -> Result<Prefetched, ApiError> {
    let mut resolved = sent;
    let foreign = drop_other_patients(&mut resolved, patient_id);
    let missing: Vec<Template> = templates
        .iter()
        .filter(|t| !resolved.contains_key(t.key))
        .copied()
        .collect();
    let access = match server {
        FhirServer::Allowed(access) => access,
        FhirServer::Absent | FhirServer::NotAllowed => {
            let reason = if matches!(server, FhirServer::Absent) {
                "there is no fhirServer to fetch it from"
            } else {
                "the call's fhirServer is not one this service may fetch from"
            };
            let required: Vec<FieldError> = missing
                .iter()
                .filter(|t| t.required)
                .map(|t| {
                    let what = if foreign.contains(&t.key) {
                        "is another patient's (its id is not context.patientId)"
                    } else {
                        "is missing"
                    };
                    FieldError::new(
                        format!("/prefetch/{}", t.key),
                        "required",
                        format!("prefetch `{}` ({}) {what} and {reason}", t.key, t.query),
                    )
                })
                .collect();
            return match (required.is_empty(), server) {
                (true, _) => Ok(resolved),
                (false, FhirServer::NotAllowed) => Err(error::fhir_server_not_allowed(required)),
                (false, _) => Err(error::prefetch_missing(required)),
            };
        }
    };
    let mut tasks = tokio::task::JoinSet::new();
    for t in missing.into_iter().filter(|t| t.fetch || t.required) {
        let url = format!(
            "{}/{}",
            access.base,
            t.query.replace("{{context.patientId}}", patient_id)
        );
        let token = access.token.clone();
        tasks.spawn(async move { (t, fetch(&url, token.as_deref()).await) });
    }
    let mut failed = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let (t, outcome) = joined
            .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("a FHIR fetch task failed: {e}")))?;
        match outcome {
            Ok(value) => {
                resolved.insert(t.key, value);
            }
            Err(reason) => {
                tracing::warn!(prefetch_key = t.key, reason = %reason, "could not fetch prefetch data from the FHIR server");
                if t.required {
                    failed.push(FieldError::new(
                        format!("/prefetch/{}", t.key),
                        "fhir_fetch_failed",
                        format!("fetching `{}` from fhirServer failed: {reason}", t.key),
                    ));
                }
            }
        }
    }
    if failed.is_empty() {
        Ok(resolved)
    } else {
        failed.sort_by(|a, b| a.pointer.cmp(&b.pointer));
        Err(error::fhir_fetch_failed(failed))
    }
}

/// CDS Hooks 2.0: prefetch is the data of the context's patient. A prefetched `Patient` with
/// another id is never read as this patient (advice about someone else, or a mix of two
/// people): it is removed, so the key is fetched from an allowed `fhirServer` or answered as
/// missing (412), as if it had not been sent. Returns the keys removed. (A 422 would state a
/// rule between two fields that the request schema cannot express.)
fn drop_other_patients(sent: &mut Prefetched, patient_id: &str) -> Vec<&'static str> {
    let foreign: Vec<&'static str> = sent
        .iter()
        .filter(|(_, resource)| {
            matches!(resource, Some(Resource::Patient(patient))
                if patient.id.as_deref().is_some_and(|id| id != patient_id))
        })
        .map(|(key, _)| *key)
        .collect();
    for key in &foreign {
        tracing::warn!(
            prefetch_key = key,
            "prefetched Patient is not context.patientId; set aside"
        );
        sent.remove(key);
    }
    foreign
}

/// The one HTTP client for the calls the service makes itself (`fhirServer` fetches, JWKS URLs):
/// no redirects, short timeouts.
pub(crate) static OUTBOUND: LazyLock<reqwest::Client> = LazyLock::new(|| {
    reqwest::Client::builder()
        // No redirects: a redirect could carry the bearer token to another host.
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(5))
        .user_agent(concat!(
            "cramp-advisor/",
            env!("CARGO_PKG_VERSION"),
            " (CDS Hooks)"
        ))
        .build()
        .expect("the FHIR HTTP client builds with static settings")
});

/// GETs one query, read as FHIR. A read that finds nothing (404/410) is "no data" (`null`), as
/// a client would have prefetched it.
async fn fetch(url: &str, token: Option<&str>) -> Result<Option<Resource>, String> {
    let mut request = OUTBOUND
        .get(url)
        .header(reqwest::header::ACCEPT, "application/fhir+json");
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let mut response = request.send().await.map_err(|e| {
        if e.is_timeout() {
            "the FHIR server did not answer in time".to_owned()
        } else {
            "the FHIR server could not be reached".to_owned()
        }
    })?;
    let status = response.status();
    if status.as_u16() == 404 || status.as_u16() == 410 {
        return Ok(None);
    }
    if !status.is_success() {
        return Err(format!("the FHIR server answered {}", status.as_u16()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|_| "the FHIR response was cut off".to_owned())?
    {
        if body.len() + chunk.len() > MAX_FHIR_RESPONSE {
            return Err("the FHIR response was too large".to_owned());
        }
        body.extend_from_slice(&chunk);
    }
    let mut value: Value =
        serde_json::from_slice(&body).map_err(|_| "the FHIR response was not JSON".to_owned())?;
    // As for a call's body: sorted keys, so what is reported does not depend on key order.
    value.sort_all_objects();
    parse_resource(&value)
        .map(Some)
        .map_err(|_| "the FHIR response was not a FHIR resource".to_owned())
}

/// Sorts resolved prefetch (as JSON) into records. A list counts as available when its key
/// was resolved (even to `null`, which means "none").
///
/// # Errors
/// A field error pointing at the first element that is not valid FHIR.
pub(crate) fn records(resolved: &BTreeMap<&'static str, Value>) -> Result<Records, FieldError> {
    let mut read = Prefetched::new();
    for (key, value) in resolved {
        let resource = if value.is_null() {
            None
        } else {
            Some(parse_resource(value).map_err(|(pointer, message)| {
                FieldError::new(format!("/prefetch/{key}{pointer}"), "invalid_fhir", message)
            })?)
        };
        read.insert(key, resource);
    }
    Ok(records_of(read))
}

/// Sorts resolved prefetch, already read as FHIR, into records (moving the resources). A list
/// counts as available when its key was resolved (even to `null`, which means "none").
pub(crate) fn records_of(resolved: Prefetched) -> Records {
    let mut records = Records::default();
    if resolved.contains_key("conditions") {
        records.conditions = Some(Vec::new());
    }
    if resolved.contains_key("medications") || resolved.contains_key("medicationStatements") {
        records.medications = Some(Vec::new());
    }
    let mut all = Vec::new();
    for resource in resolved.into_values().flatten() {
        all.clear();
        resource.flatten(&mut all);
        for resource in all.drain(..) {
            match resource {
                Resource::Patient(p) => {
                    records.patient.get_or_insert(p);
                }
                Resource::Condition(c) => records.conditions.get_or_insert_with(Vec::new).push(c),
                Resource::Observation(o) => records.observations.push(o),
                Resource::MedicationRequest(m) => records
                    .medications
                    .get_or_insert_with(Vec::new)
                    .push(("MedicationRequest", m)),
                Resource::MedicationStatement(m) => records
                    .medications
                    .get_or_insert_with(Vec::new)
                    .push(("MedicationStatement", m)),
                Resource::Medication(m) => records.medication_definitions.push(m),
                Resource::Bundle(_) | Resource::Other => {}
            }
        }
    }
    records
}
