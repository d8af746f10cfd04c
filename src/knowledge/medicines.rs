//! The medicine-name index: every generic and brand name, normalised, mapped to its class.
//! People type names as they see them on the box ("Lipitor 20mg", "fluticasone/salmeterol"),
//! so a name is matched whole first, then by its words and two-word phrases.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use super::{KnowledgeBase, KnowledgeError};
// The inline list: a match is on the request path, so it allocates nothing.
use crate::domain::{List, MedicationClass, normalise_medicine_name};

/// A typed medicine name that matched one or more classes.
#[derive(Debug, Clone, PartialEq)]
pub struct MedicineMatch<'kb> {
    /// The matched classes, in knowledge-file order (inline: a name matches one or two
    /// classes, so a match allocates nothing).
    pub classes: List<&'kb MedicationClass, 2>,
}

/// Every normalised medicine name and the classes it belongs to (indices into the classes).
/// Hashed with foldhash, not SipHash: a name is looked up several times per request (whole,
/// then by phrases and words), and the keys are our own data, so HashDoS does not apply.
pub(super) type MedicineIndex = HashMap<String, Vec<usize>, FixedState>;

pub(super) fn build_index(classes: &[MedicationClass]) -> Result<MedicineIndex, KnowledgeError> {
    let mut index = MedicineIndex::default();
    for (i, class) in classes.iter().enumerate() {
        for name in class.generic_names.iter().chain(&class.brand_names) {
            let key = normalise_medicine_name(name);
            if key.is_empty() || key != *name {
                return Err(KnowledgeError::invalid(
                    "medication_classes.toml",
                    &class.id,
                    format!("medicine name {name:?} must be lower case with single spaces"),
                ));
            }
            let slot = index.entry(key).or_default();
            if !slot.is_empty() {
                return Err(KnowledgeError::invalid(
                    "medication_classes.toml",
                    &class.id,
                    format!(
                        "medicine name {name:?} is already listed under {}",
                        classes[slot[0]].id
                    ),
                ));
            }
            slot.push(i);
        }
    }
    Ok(index)
}

impl KnowledgeBase {
    /// Matches a medicine name as a person typed it. Returns `None` when nothing matches.
    pub fn match_medicine(&self, typed: &str) -> Option<MedicineMatch<'_>> {
        self.match_normalised(&normalise_medicine_name(typed))
    }

    /// As [`Self::match_medicine`], for a name already passed through
    /// [`normalise_medicine_name`] (saves normalising twice on the request path).
    pub fn match_normalised(&self, name: &str) -> Option<MedicineMatch<'_>> {
        // The common case, a name exactly as listed: one lookup.
        if let Some(classes) = self.medicine_index.get(name) {
            return Some(MedicineMatch {
                classes: classes
                    .iter()
                    .map(|&i| &self.medication_classes[i])
                    .collect(),
            });
        }
        // The most specific match wins: a two-word phrase ("ethinyl estradiol", a combined
        // pill) claims its words, so neither word is matched on its own ("estradiol", HRT).
        // Everything below lives on the stack for names of up to eight words.
        let mut hits: List<usize, 4> = List::new();
        let words: List<&str, 8> = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut claimed: List<bool, 8> = words.iter().map(|_| false).collect();
        // One buffer for every two-word phrase ("iron sucrose"), not one string each.
        let mut pair: List<u8, 64> = List::new();
        // A phrase is tried spaced and joined: "Co-Aprovel" is the brand "coaprovel".
        for (i, window) in words.windows(2).enumerate() {
            for joiner in [" ", ""] {
                pair.clear();
                pair.extend_from_slice(window[0].as_bytes());
                pair.extend_from_slice(joiner.as_bytes());
                pair.extend_from_slice(window[1].as_bytes());
                // Whole UTF-8 strings joined by ASCII: always valid, so this never skips.
                let Ok(phrase) = std::str::from_utf8(&pair) else {
                    continue;
                };
                if let Some(classes) = self.medicine_index.get(phrase) {
                    hits.extend(classes.iter().copied());
                    claimed[i] = true;
                    claimed[i + 1] = true;
                }
            }
        }
        for (word, _) in words.iter().zip(&claimed).filter(|(_, c)| !**c) {
            if let Some(classes) = self.medicine_index.get(*word) {
                hits.extend(classes.iter().copied());
            }
        }
        hits.sort_unstable();
        hits.dedup_by(|a, b| a == b);
        (!hits.is_empty()).then(|| MedicineMatch {
            classes: hits
                .into_iter()
                .map(|i| &self.medication_classes[i])
                .collect(),
        })
    }
}
