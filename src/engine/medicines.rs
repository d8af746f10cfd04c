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

/// One typed name: where its key is in the key buffer, the key's first bytes, the name as
/// typed (trimmed) and its position in the profile.
struct Span<'a> {
    key: Range<usize>,
    prefix: u64,
    typed: &'a str,
    index: usize,
}

/// The first eight bytes of `key` as one number, zero-padded, that orders as the bytes do.
/// Where two keys' prefixes differ, the keys compare as their prefixes: either a byte differs
/// there, or the shorter key ends there (padding 0) while the other goes on with a byte that
/// is not 0, and a key that ends first sorts first.
fn prefix(key: &[u8]) -> u64 {
    let mut bytes = [0; 8];
    let n = key.len().min(8);
    bytes[..n].copy_from_slice(&key[..n]);
    u64::from_be_bytes(bytes)
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
    // another into one buffer on the stack, sized up front (an ASCII key is never longer than
    // its name), so a long list allocates once instead of spilling and regrowing.
    let names = &profile.medications;
    let key_bytes = names.iter().map(String::len).sum();
    let mut buffer: List<u8, 256> = List::with_capacity(key_bytes);
    let mut spans: List<Span<'a>, 8> = List::with_capacity(names.len());
    for (index, typed) in names.iter().enumerate() {
        let typed = typed.trim();
        let start = buffer.len();
        normalise_medicine_name_into(typed, &mut buffer);
        let prefix = prefix(&buffer[start..]);
        spans.push(Span {
            key: start..buffer.len(),
            prefix,
            typed,
            index,
        });
    }
    // Whole characters were written, so the buffer is always UTF-8 and this never empties it.
    let keys = std::str::from_utf8(&buffer).unwrap_or_default();
    let key = |span: &Range<usize>| keys.get(span.clone()).unwrap_or_default();
    // By key (the first eight bytes as one number first: keys that differ there, most of
    // them, are ordered by it exactly as by the whole key), then as typed, then position.
    spans.sort_unstable_by(|a, b| {
        a.prefix
            .cmp(&b.prefix)
            .then_with(|| key(&a.key).cmp(key(&b.key)))
            // Lazily: `then` would compare the typed names on every comparison.
            .then_with(|| a.typed.cmp(b.typed))
            .then_with(|| a.index.cmp(&b.index))
    });
    spans.dedup_by(|later, first| key(&later.key) == key(&first.key));
    // At most one medicine per distinct key: sized once (inline for up to four names).
    let mut medicines: List<Medicine<'a>, 4> = List::with_capacity(spans.len());
    let mut unrecognised: List<&'a str, 2> = List::new();
    for Span {
        key: span,
        typed,
        index,
        ..
    } in spans
    {
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

#[cfg(test)]
mod tests {
    use super::prefix;

    #[test]
    fn keys_whose_prefixes_differ_compare_as_their_prefixes() {
        let kb = crate::knowledge::KnowledgeBase::embedded().expect("embedded knowledge base");
        let mut keys: Vec<String> = kb
            .medication_classes
            .iter()
            .flat_map(|c| c.generic_names.iter().chain(&c.brand_names).cloned())
            .collect();
        keys.extend(
            [
                "",
                "a",
                "ab",
                "ab\0",
                "ab\0c",
                "abcdefgh",
                "abcdefghi",
                "é",
                "e",
            ]
            .map(String::from),
        );
        for a in &keys {
            for b in &keys {
                let (pa, pb) = (prefix(a.as_bytes()), prefix(b.as_bytes()));
                if pa != pb {
                    assert_eq!(pa.cmp(&pb), a.cmp(b), "{a:?} and {b:?}");
                }
            }
        }
    }
}
