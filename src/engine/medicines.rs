//! The profile's medicines, matched against the knowledge base's medicine index without
//! allocating: the names' keys are written into one buffer on the stack.

use std::ops::Range;

use super::List;
use crate::domain::{MedicationClass, Profile, normalise_medicine_name_into};
use crate::knowledge::KnowledgeBase;

/// One recognised medicine from the profile.
#[derive(Debug, Clone)]
pub(crate) struct Medicine<'a> {
    /// Index in the profile's medicines.
    pub index: usize,
    /// The name as typed, trimmed.
    pub typed: &'a str,
    /// Matched classes, strongest association first.
    pub classes: List<&'a MedicationClass, 2>,
}

impl<'a> Medicine<'a> {
    /// The class with the strongest association (first in the sorted list).
    pub(super) fn strongest(&self) -> &'a MedicationClass {
        self.classes[0]
    }
}

/// The recognised medicines (one per key, in key order) and the names that matched nothing.
pub(super) fn match_all<'a>(
    profile: &'a Profile,
    kb: &'a KnowledgeBase,
) -> (List<Medicine<'a>, 4>, List<&'a str, 2>) {
    // Each name is normalised once: the key deduplicates, matches and orders it. Names
    // that share a key ("Furosemide", "FUROSEMIDE") are one medicine, and which spelling
    // stands for it is chosen canonically (key, then typed text, then position), so the order
    // of the request's list never changes the answer. The keys are written one after
    // another into one buffer on the stack.
    let mut buffer: List<u8, 256> = List::new();
    let mut spans: List<(Range<usize>, &'a str, usize), 8> = profile
        .medications
        .iter()
        .enumerate()
        .map(|(index, typed)| {
            let typed = typed.trim();
            let start = buffer.len();
            normalise_medicine_name_into(typed, &mut buffer);
            (start..buffer.len(), typed, index)
        })
        .collect();
    // Whole characters were written, so the buffer is always UTF-8 and this never empties it.
    let keys = std::str::from_utf8(&buffer).unwrap_or_default();
    let key = |span: &Range<usize>| keys.get(span.clone()).unwrap_or_default();
    spans.sort_unstable_by(|a, b| {
        key(&a.0)
            .cmp(key(&b.0))
            .then(a.1.cmp(b.1))
            .then(a.2.cmp(&b.2))
    });
    spans.dedup_by(|later, first| key(&later.0) == key(&first.0));
    let mut medicines: List<Medicine<'a>, 4> = List::new();
    let mut unrecognised: List<&'a str, 2> = List::new();
    for (span, typed, index) in spans {
        match kb.match_normalised(key(&span)) {
            Some(m) => {
                let mut classes = m.classes;
                classes.sort_by_key(|c| std::cmp::Reverse(c.association));
                medicines.push(Medicine {
                    index,
                    typed,
                    classes,
                });
            }
            None => unrecognised.push(typed),
        }
    }
    (medicines, unrecognised)
}
