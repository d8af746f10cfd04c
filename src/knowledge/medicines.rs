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

/// The names matched only as a whole typed name (a class's `whole_names`), and their classes.
pub(super) fn build_whole_name_index(
    classes: &[MedicationClass],
    index: &MedicineIndex,
) -> Result<MedicineIndex, KnowledgeError> {
    let mut whole = MedicineIndex::default();
    for (i, class) in classes.iter().enumerate() {
        for name in &class.whole_names {
            let invalid = |m| KnowledgeError::invalid("medication_classes.toml", &class.id, m);
            check_key(name).map_err(invalid)?;
            if index.contains_key(name) || whole.insert(name.clone(), vec![i]).is_some() {
                return Err(invalid(format!("whole name {name:?} is listed twice")));
            }
        }
    }
    Ok(whole)
}

pub(super) fn build_index(classes: &[MedicationClass]) -> Result<MedicineIndex, KnowledgeError> {
    let invalid = |class: &MedicationClass, message: String| {
        KnowledgeError::invalid("medication_classes.toml", &class.id, message)
    };
    let mut index = MedicineIndex::default();
    // Names that belong to one class only: generic (English and local) and brand names. A
    // local name may repeat across languages ("omeprazol" is Spanish and German), never within
    // one language, and never an English name of any class.
    for (i, class) in classes.iter().enumerate() {
        let local = &class.local_generic_names;
        for list in [&local.es, &local.de, &local.fr] {
            if let Some(name) = list
                .iter()
                .enumerate()
                .find_map(|(n, name)| list[..n].contains(name).then_some(name))
            {
                return Err(invalid(class, format!("local name {name:?} twice")));
            }
        }
        // A spelling that several languages share counts once.
        let mut local_names: Vec<&String> = local.iter().collect();
        local_names.sort_unstable();
        local_names.dedup();
        let names = class
            .generic_names
            .iter()
            .chain(local_names)
            .chain(&class.brand_names);
        for name in names {
            check_key(name).map_err(|m| invalid(class, m))?;
            let slot = index.entry(name.clone()).or_default();
            if let Some(&first) = slot.first() {
                return Err(invalid(
                    class,
                    format!(
                        "medicine name {name:?} is already listed under {}",
                        classes[first].id
                    ),
                ));
            }
            slot.push(i);
        }
    }
    // Combination brands: one name, every class whose medicine it holds.
    let mut combinations = MedicineIndex::default();
    for (i, class) in classes.iter().enumerate() {
        for name in &class.combination_brands {
            check_key(name).map_err(|m| invalid(class, m))?;
            if let Some(slot) = index.get(name) {
                return Err(invalid(
                    class,
                    format!(
                        "combination brand {name:?} is also a single-class name under {}",
                        classes[slot[0]].id
                    ),
                ));
            }
            let slot = combinations.entry(name.clone()).or_default();
            if slot.contains(&i) {
                return Err(invalid(class, format!("combination brand {name:?} twice")));
            }
            slot.push(i);
        }
    }
    for (name, slot) in combinations {
        if let [only] = slot[..] {
            return Err(invalid(
                &classes[only],
                format!(
                    "combination brand {name:?} is listed under one class only: list it in every \
                     class it holds, or as a brand name"
                ),
            ));
        }
        index.insert(name, slot);
    }
    Ok(index)
}

/// A listed name must be its own matching key: lower case, single spaces, no accents.
fn check_key(name: &str) -> Result<(), String> {
    let key = normalise_medicine_name(name);
    if key.is_empty() || key != name || !name.is_ascii() {
        return Err(format!(
            "medicine name {name:?} must be lower case with single spaces and no accents"
        ));
    }
    Ok(())
}

/// The words of a normalised name, with a dose glued to a name split off it
/// ("simvastatin40mg" is "simvastatin" and "40mg"): letters followed by a digit.
fn words(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| !c.is_alphanumeric())
        .flat_map(|word| {
            let mut previous_letter = false;
            let at = word.char_indices().find_map(|(i, c)| {
                let glued = previous_letter && c.is_ascii_digit();
                previous_letter = c.is_alphabetic();
                glued.then_some(i)
            });
            let (name, dose) = word.split_at(at.unwrap_or(word.len()));
            [name, dose]
        })
        .filter(|w| !w.is_empty())
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
        let whole = self.medicine_index.get(name);
        if let Some(classes) = whole.or_else(|| self.whole_name_index.get(name)) {
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
        let words: List<&str, 8> = words(name).collect();
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
