//! The subset of FHIR R4 the CDS services read: just the elements mapping needs. FHIR is
//! extensible, so every unknown element is ignored; a resource type we do not read is kept as
//! [`Resource::Other`] rather than rejected.

use serde::Deserialize;
use serde_json::Value;

/// FHIR `Coding`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub(crate) struct Coding {
    /// Code system URI.
    pub system: Option<String>,
    /// The code.
    pub code: Option<String>,
    /// Human-readable text for the code.
    pub display: Option<String>,
}

/// FHIR `CodeableConcept`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub(crate) struct CodeableConcept {
    /// Codings, in the sender's order.
    #[serde(default)]
    pub coding: Vec<Coding>,
    /// Plain text.
    pub text: Option<String>,
}

impl CodeableConcept {
    /// True when any coding has one of the `codes` in the HL7 status code system (the
    /// `clinicalStatus`/`verificationStatus` pattern), ignoring the system.
    pub(crate) fn has_code_in(&self, codes: &[&str]) -> bool {
        self.coding
            .iter()
            .filter_map(|c| c.code.as_deref())
            .any(|c| codes.contains(&c))
    }

    /// The best label for people: the text, else the first display, else the first code.
    pub(crate) fn label(&self) -> Option<&str> {
        self.text
            .as_deref()
            .or_else(|| self.coding.iter().find_map(|c| c.display.as_deref()))
            .or_else(|| self.coding.iter().find_map(|c| c.code.as_deref()))
    }
}

/// FHIR `Reference`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub(crate) struct Reference {
    /// Relative or contained (`#id`) reference.
    pub reference: Option<String>,
}

/// FHIR `Quantity`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub(crate) struct Quantity {
    /// The numeric value.
    pub value: Option<f64>,
    /// UCUM code, e.g. `wk`.
    pub code: Option<String>,
    /// Unit as displayed.
    pub unit: Option<String>,
}

/// FHIR `Patient` (only the birth date is used).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Patient {
    /// Logical id.
    pub id: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub birth_date: Option<String>,
}

/// FHIR `Condition`: diagnoses, problem-list items and coded symptoms.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Condition {
    /// Logical id.
    pub id: Option<String>,
    /// `active`, `recurrence`, `relapse`, `inactive`, `remission`, `resolved`.
    pub clinical_status: Option<CodeableConcept>,
    /// `confirmed`, `provisional`, `refuted`, `entered-in-error`, …
    pub verification_status: Option<CodeableConcept>,
    /// What the condition is.
    pub code: Option<CodeableConcept>,
    /// When it was recorded.
    pub recorded_date: Option<String>,
    /// When it began.
    pub onset_date_time: Option<String>,
}

/// FHIR `Observation` (only the pregnancy observations are read).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Observation {
    /// Logical id.
    pub id: Option<String>,
    /// `final`, `amended`, `preliminary`, `cancelled`, `entered-in-error`, …
    pub status: Option<String>,
    /// What was observed.
    #[serde(default)]
    pub code: CodeableConcept,
    /// Coded result.
    pub value_codeable_concept: Option<CodeableConcept>,
    /// Numeric result.
    pub value_quantity: Option<Quantity>,
    /// Date-time result (e.g. an estimated delivery date).
    pub value_date_time: Option<String>,
    /// When it was true.
    pub effective_date_time: Option<String>,
    /// When it was recorded.
    pub issued: Option<String>,
}

/// FHIR `MedicationRequest` and `MedicationStatement` share the elements we read.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MedicationUse {
    /// Logical id.
    pub id: Option<String>,
    /// Status (`active`, `draft`, `stopped`, …).
    pub status: Option<String>,
    /// The medicine, coded inline.
    pub medication_codeable_concept: Option<CodeableConcept>,
    /// The medicine, by reference to a `Medication`.
    pub medication_reference: Option<Reference>,
    /// Contained resources (a referenced `Medication` often lives here).
    #[serde(default)]
    pub contained: Vec<Resource>,
}

/// FHIR `Medication`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub(crate) struct Medication {
    /// Logical id.
    pub id: Option<String>,
    /// The medicine's code.
    pub code: Option<CodeableConcept>,
}

/// FHIR `Bundle` (search results, and `draftOrders`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub(crate) struct Bundle {
    /// Entries, each usually with a resource.
    #[serde(default)]
    pub entry: Vec<BundleEntry>,
}

/// One `Bundle.entry`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub(crate) struct BundleEntry {
    /// The resource, if any.
    pub resource: Option<Resource>,
}

/// A FHIR resource, by `resourceType`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "resourceType")]
pub(crate) enum Resource {
    /// A patient.
    Patient(Patient),
    /// A condition.
    Condition(Condition),
    /// An observation.
    Observation(Observation),
    /// A prescription or order.
    MedicationRequest(MedicationUse),
    /// A record of a medicine being taken.
    MedicationStatement(MedicationUse),
    /// A medicine definition.
    Medication(Medication),
    /// A bundle of resources.
    Bundle(Bundle),
    /// Any other resource type (ignored).
    #[serde(other)]
    Other,
}

impl Resource {
    /// This resource followed by every resource nested in it as a bundle entry, depth first.
    pub(crate) fn flatten(self, out: &mut Vec<Resource>) {
        match self {
            Resource::Bundle(bundle) => {
                for resource in bundle.entry.into_iter().filter_map(|e| e.resource) {
                    resource.flatten(out);
                }
            }
            other => out.push(other),
        }
    }
}

/// Parses one FHIR resource from JSON, reporting the JSON pointer (relative to `value`) of
/// the first element that has the wrong shape. Bundles are walked entry by entry so the
/// pointer reaches into them (`/entry/3/resource/birthDate`).
///
/// # Errors
/// `(pointer, message)` of the offending element.
pub(crate) fn parse_resource(value: &Value) -> Result<Resource, (String, String)> {
    let Some(kind) = value.get("resourceType").and_then(Value::as_str) else {
        return Err((
            "/resourceType".to_owned(),
            "a FHIR resource is a JSON object with a resourceType".to_owned(),
        ));
    };
    // The schema's bound (FHIR's longest type name has 36 characters).
    if kind.chars().count() > 64 {
        return Err((
            "/resourceType".to_owned(),
            "resourceType must have at most 64 characters".to_owned(),
        ));
    }
    match kind {
        "Patient" => typed(value).map(Resource::Patient),
        "Condition" => typed(value).map(Resource::Condition),
        "Observation" => typed(value).map(Resource::Observation),
        "MedicationRequest" => typed(value).map(Resource::MedicationRequest),
        "MedicationStatement" => typed(value).map(Resource::MedicationStatement),
        "Medication" => typed(value).map(Resource::Medication),
        "Bundle" => {
            let entries = match value.get("entry") {
                None | Some(Value::Null) => &[][..],
                Some(Value::Array(entries)) => entries.as_slice(),
                Some(_) => return Err(("/entry".to_owned(), "entry must be an array".to_owned())),
            };
            if entries.len() > MAX_BUNDLE_ENTRIES {
                return Err((
                    "/entry".to_owned(),
                    format!(
                        "a bundle may hold at most {MAX_BUNDLE_ENTRIES} entries, this one has {}",
                        entries.len()
                    ),
                ));
            }
            let mut entry = Vec::with_capacity(entries.len());
            for (i, e) in entries.iter().enumerate() {
                let resource = match e.get("resource") {
                    None | Some(Value::Null) => None,
                    Some(r) => Some(
                        parse_resource(r)
                            .map_err(|(p, m)| (format!("/entry/{i}/resource{p}"), m))?,
                    ),
                };
                entry.push(BundleEntry { resource });
            }
            Ok(Resource::Bundle(Bundle { entry }))
        }
        _ => Ok(Resource::Other),
    }
}

/// The most entries a bundle (prefetched or fetched) may hold: far above any one patient's
/// active conditions or medicines, and a bound on what one call costs (issue 13).
pub(crate) const MAX_BUNDLE_ENTRIES: usize = 500;

fn typed<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let pointer = crate::http::body::pointer_of(e.path());
        (
            pointer,
            crate::http::body::in_wire_words(&e.inner().to_string()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_search_bundle_flattens_to_its_resources_and_unknown_types_are_kept_as_other() {
        let bundle = json!({"resourceType": "Bundle", "type": "searchset", "entry": [
            {"resource": {"resourceType": "Condition", "id": "c1", "code": {"text": "CKD"}, "extra": 1}},
            {"resource": {"resourceType": "OperationOutcome", "issue": []}},
            {"fullUrl": "urn:uuid:x"}
        ]});
        let mut out = Vec::new();
        parse_resource(&bundle).unwrap().flatten(&mut out);
        assert_eq!(out.len(), 2);
        assert!(matches!(&out[0], Resource::Condition(c) if c.id.as_deref() == Some("c1")));
        assert_eq!(out[1], Resource::Other);
    }

    #[test]
    fn a_wrongly_shaped_element_is_reported_with_its_pointer() {
        let patient = json!({"resourceType": "Patient", "birthDate": 1950});
        let (pointer, _) = parse_resource(&patient).unwrap_err();
        assert_eq!(pointer, "/birthDate");
        let bundle = json!({"resourceType": "Bundle", "entry": [{"resource": patient}]});
        let (pointer, _) = parse_resource(&bundle).unwrap_err();
        assert_eq!(pointer, "/entry/0/resource/birthDate");
    }
}
