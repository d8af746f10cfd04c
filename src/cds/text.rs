//! Small helpers shared by the card builders: deterministic ids, summaries that fit, Markdown
//! escaping of record text, and links to the knowledge base's sources.

use sha2::{Digest, Sha256};

use super::response::{CardCoding, Link};
use crate::knowledge::KnowledgeBase;

/// Code system of card topics.
pub(crate) const TOPIC_SYSTEM: &str = "urn:cramp-advisor:cds:topic";
/// Code system of the override reasons the services offer.
pub(crate) const OVERRIDE_SYSTEM: &str = "urn:cramp-advisor:cds:override-reason";
/// Longest summary: the specification asks for fewer than 140 characters.
pub(crate) const MAX_SUMMARY_CHARS: usize = 139;

/// A version-8 UUID from SHA-256 of the parts: the same call always gets the same ids, so
/// answers are reproducible and feedback can be matched without storing anything.
pub(crate) fn stable_uuid(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// `text` cut at a word boundary to fit [`MAX_SUMMARY_CHARS`], with an ellipsis when cut.
pub(crate) fn fit_summary(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= MAX_SUMMARY_CHARS {
        return text.to_owned();
    }
    let budget: String = text.chars().take(MAX_SUMMARY_CHARS - 1).collect();
    let cut = budget.rfind(' ').map_or(budget.as_str(), |i| &budget[..i]);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Whether `byte` is a character that formats Markdown (each is escaped with a backslash).
/// A `match`, not a search of a list: this runs for every byte of the record's texts.
fn formats_markdown(byte: u8) -> bool {
    matches!(
        byte,
        b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'|' | b'~'
    )
}

/// Escapes Markdown in text that comes from the record (medicine names, code displays), so
/// an EHR's data cannot turn into links or formatting in a card.
pub(crate) fn escape_markdown(text: &str) -> String {
    // Most texts have nothing to escape: one pass over the bytes says so, and the text is
    // copied whole. Every character below is ASCII, and every control character is below
    // 0x20, DEL, or U+0080 to U+009F (UTF-8 0xC2 then 0x80 to 0x9F): a 0xC2 byte sends the
    // text the slow way, which decides.
    let plain = |b: &u8| !(matches!(b, 0..0x20 | 0x7F | 0xC2) || formats_markdown(*b));
    if text.as_bytes().iter().all(plain) {
        text.to_owned()
    } else {
        escape_each_character(text)
    }
}

fn escape_each_character(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if u8::try_from(c).is_ok_and(formats_markdown) {
            out.push('\\');
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

/// A card topic.
pub(crate) fn topic(code: &str, display: &str) -> CardCoding {
    CardCoding {
        system: TOPIC_SYSTEM.to_owned(),
        code: code.to_owned(),
        display: Some(display.to_owned()),
    }
}

/// An absolute link.
pub(crate) fn link(label: impl Into<String>, url: impl Into<String>) -> Link {
    Link {
        label: label.into(),
        url: url.into(),
        link_type: "absolute",
    }
}

/// Links to the cited sources (the publisher's page, else the DOI, else PubMed), first
/// occurrence kept, at most `max`.
pub(crate) fn source_links<'a>(
    kb: &KnowledgeBase,
    ids: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<Link> {
    let mut seen = std::collections::BTreeSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(*id))
        .filter_map(|id| kb.source(id))
        .filter_map(|s| {
            let url = s
                .url
                .clone()
                .or_else(|| s.doi.as_ref().map(|d| format!("https://doi.org/{d}")))
                .or_else(|| {
                    s.pmid
                        .as_ref()
                        .map(|p| format!("https://pubmed.ncbi.nlm.nih.gov/{p}/"))
                })?;
            Some(link(format!("{}: {}", s.publisher, s.title), url))
        })
        .take(max)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_parts_give_the_same_version_8_uuid_and_other_parts_another() {
        let a = stable_uuid(&["nocturnal-leg-cramps", "triage", "d1577c69"]);
        assert_eq!(
            a,
            stable_uuid(&["nocturnal-leg-cramps", "triage", "d1577c69"])
        );
        assert_ne!(
            a,
            stable_uuid(&["nocturnal-leg-cramps", "relief-plan", "d1577c69"])
        );
        let parsed = uuid::Uuid::parse_str(&a).unwrap();
        assert_eq!(parsed.get_version_num(), 8);
    }

    #[test]
    fn long_summaries_are_cut_at_a_word_and_short_ones_kept() {
        assert_eq!(fit_summary(" Short. "), "Short.");
        let long = "word ".repeat(60);
        let fitted = fit_summary(&long);
        assert!(fitted.chars().count() <= MAX_SUMMARY_CHARS);
        assert!(fitted.ends_with("word…"), "{fitted}");
    }

    #[test]
    fn record_text_cannot_inject_markdown() {
        assert_eq!(
            escape_markdown("[x](https://evil) *b* (RxNorm 5487)"),
            "\\[x\\](https://evil) \\*b\\* (RxNorm 5487)"
        );
    }

    #[test]
    fn the_quick_check_agrees_with_escaping_each_character() {
        // Every character up to U+02FF (ASCII, every control character, Latin-1 and beyond),
        // alone and inside plain text.
        for c in (0..0x300).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("Atorvastatin {c} 20 mg")] {
                assert_eq!(
                    escape_markdown(&text),
                    super::escape_each_character(&text),
                    "{c:?}"
                );
            }
        }
    }
}
