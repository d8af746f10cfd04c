//! Medicines from the record: the coded concept of a MedicationRequest or MedicationStatement
//! (inline, contained or referenced), and the name to give the engine.

use crate::cds::codes::{self, Target};
use crate::cds::fhir::{CodeableConcept, Medication, MedicationUse, Resource};
use crate::knowledge::KnowledgeBase;

/// The medicine concept of a use: inline, a contained `Medication` (`#id`), or a `Medication`
/// resource from the same bundle (`Medication/id`).
pub(crate) fn medicine_concept<'r>(
    used: &'r MedicationUse,
    definitions: &'r [Medication],
) -> Option<&'r CodeableConcept> {
    if let Some(concept) = &used.medication_codeable_concept {
        return Some(concept);
    }
    let reference = used.medication_reference.as_ref()?.reference.as_deref()?;
    if let Some(local) = reference.strip_prefix('#') {
        return used.contained.iter().find_map(|r| match r {
            Resource::Medication(m) if m.id.as_deref() == Some(local) => m.code.as_ref(),
            _ => None,
        });
    }
    let id = reference.strip_prefix("Medication/")?;
    definitions
        .iter()
        .find(|m| m.id.as_deref() == Some(id))
        .and_then(|m| m.code.as_ref())
}

/// The name to give the engine, and a note on the code it came from. The record's own text is
/// preferred (it is what the clinician recognises); an RxNorm ingredient code in the table is
/// the fallback when no text matches our medicine index. Medicines we do not recognise are left
/// out: they cannot change the advice.
pub(crate) fn medicine_name(
    concept: &CodeableConcept,
    kb: &KnowledgeBase,
) -> Option<(String, String)> {
    let rx = concept.coding.iter().find_map(|c| {
        let code = c.code.as_deref()?;
        let system = c.system.as_deref()?;
        codes::table()
            .lookup(system, code)
            .find_map(|row| match &row.maps_to {
                Target::Medicine { name } => Some((name.clone(), format!(" (RxNorm {code})"))),
                _ => None,
            })
    });
    let texts = concept
        .text
        .iter()
        .chain(concept.coding.iter().filter_map(|c| c.display.as_ref()));
    for text in texts {
        let trimmed: String = text.trim().chars().take(100).collect();
        if !trimmed.is_empty() && kb.match_medicine(&trimmed).is_some() {
            let note = rx.as_ref().map(|(_, n)| n.clone()).unwrap_or_default();
            return Some((trimmed, note));
        }
    }
    rx
}
