//! The words of the human-readable pages, in every language: the page frame, the headings and
//! labels, and the names of the grades, read from `data/pages.toml` and `data/{lang}/pages.toml`.
//! Every language has exactly the English keys (unknown keys are rejected by the types, missing
//! ones by the checks below), so a page can be rendered without further checks. Not clinical
//! content: not part of the knowledge hash.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::KnowledgeError;
use crate::domain::{Association, EvidenceLevel, Lang, PageKind, RemedyPhase, SourceKind, Urgency};

/// The frame of every page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chrome {
    /// The site name, at the top of every page.
    pub site: String,
    /// The skip link's text.
    pub skip: String,
    /// The label of the language switcher.
    pub language: String,
    /// The label of the breadcrumb navigation.
    pub breadcrumb: String,
    /// The link to the index.
    pub home: String,
    /// "Knowledge base version".
    pub version: String,
    /// "Last clinical review".
    pub reviewed: String,
}

/// A heading and one line about it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heading {
    /// The heading.
    pub title: String,
    /// The line under it.
    pub intro: String,
}

/// The labels of the entry pages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Labels {
    pub association: String,
    pub evidence: String,
    pub urgency: String,
    pub phase: String,
    pub modifiable: String,
    pub yes: String,
    pub no: String,
    pub what_evidence_says: String,
    pub suspicion: String,
    pub remedies_for_it: String,
    pub how_to: String,
    pub advice: String,
    pub cautions: String,
    pub withheld_when: String,
    pub addresses: String,
    pub action: String,
    pub possible_cause: String,
    pub withholds: String,
    pub implicates: String,
    pub features: String,
    pub generic_names: String,
    pub brand_names: String,
    pub clot_risk: String,
    pub sources: String,
    pub source: String,
    pub authors: String,
    pub publisher: String,
    pub year: String,
    pub kind: String,
    pub links: String,
    pub unverified: String,
    pub cited_by: String,
    pub grade_missing: String,
}

/// Every word of the pages in one language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageWords {
    /// The frame.
    pub chrome: Chrome,
    /// The index page.
    pub index: Heading,
    /// Each kind's list heading.
    kinds: BTreeMap<PageKind, Heading>,
    /// The entry labels.
    pub labels: Labels,
    association: BTreeMap<Association, String>,
    evidence: BTreeMap<EvidenceLevel, String>,
    urgency: BTreeMap<Urgency, String>,
    phase: BTreeMap<RemedyPhase, String>,
    source_kind: BTreeMap<SourceKind, String>,
}

impl PageWords {
    /// The heading of a kind's list.
    pub fn kind(&self, kind: PageKind) -> &Heading {
        &self.kinds[&kind]
    }

    /// The name of an association grade.
    pub fn association(&self, grade: Association) -> &str {
        &self.association[&grade]
    }

    /// The name of an evidence grade.
    pub fn evidence(&self, grade: EvidenceLevel) -> &str {
        &self.evidence[&grade]
    }

    /// The name of an urgency.
    pub fn urgency(&self, urgency: Urgency) -> &str {
        &self.urgency[&urgency]
    }

    /// The name of a remedy phase.
    pub fn phase(&self, phase: RemedyPhase) -> &str {
        &self.phase[&phase]
    }

    /// The name of a kind of source.
    pub fn source_kind(&self, kind: SourceKind) -> &str {
        &self.source_kind[&kind]
    }

    /// Every value of every table is there, and no text is blank.
    fn check(&self, file: &str) -> Result<(), KnowledgeError> {
        let complete = |table: &str, have: usize, want: usize| {
            if have == want {
                Ok(())
            } else {
                Err(KnowledgeError::invalid(
                    file,
                    table,
                    format!("{want} entries expected (one per value), found {have}"),
                ))
            }
        };
        complete("kinds", self.kinds.len(), PageKind::ALL.len())?;
        complete(
            "association",
            self.association.len(),
            Association::ALL.len(),
        )?;
        complete("evidence", self.evidence.len(), EvidenceLevel::ALL.len())?;
        complete("urgency", self.urgency.len(), Urgency::ALL.len())?;
        complete("phase", self.phase.len(), RemedyPhase::ALL.len())?;
        complete("source_kind", self.source_kind.len(), SourceKind::ALL.len())?;
        Ok(())
    }
}

const FILE: &str = "pages.toml";

/// Parses and checks the words of every language; `text(lang)` gives each file.
///
/// # Errors
/// The first problem found, naming the file.
pub fn load(text: impl Fn(Lang) -> String) -> Result<Vec<PageWords>, KnowledgeError> {
    Lang::ALL
        .iter()
        .map(|lang| {
            let file = match lang {
                Lang::En => FILE.to_owned(),
                other => format!("{}/{FILE}", other.as_str()),
            };
            let source = text(*lang);
            let raw: toml::Value = toml::from_str(&source).map_err(|e| KnowledgeError::Parse {
                file: file.clone(),
                entry: "(file)".to_owned(),
                message: e.message().trim().to_owned(),
            })?;
            if let Some(key) = blank_text(&raw, "") {
                return Err(KnowledgeError::invalid(&file, &key, "empty text"));
            }
            let words: PageWords =
                raw.try_into()
                    .map_err(|e: toml::de::Error| KnowledgeError::Parse {
                        file: file.clone(),
                        entry: "(file)".to_owned(),
                        message: e.message().trim().to_owned(),
                    })?;
            words.check(&file)?;
            Ok(words)
        })
        .collect()
}

/// The key of the first blank text in `value`, if any.
fn blank_text(value: &toml::Value, at: &str) -> Option<String> {
    match value {
        toml::Value::String(s) if s.trim().is_empty() => Some(at.to_owned()),
        toml::Value::Table(table) => table
            .iter()
            .find_map(|(k, v)| blank_text(v, &format!("{at}.{k}"))),
        _ => None,
    }
}

static WORDS: LazyLock<Vec<PageWords>> = LazyLock::new(|| {
    load(|lang| super::files::embedded_pages(lang).to_owned())
        .unwrap_or_else(|e| panic!("the embedded page words are broken: {e}"))
});

/// The words of the pages in `lang`, from the embedded files (a unit test loads them, so this
/// cannot fail at request time once it passes).
pub fn page_words(lang: Lang) -> &'static PageWords {
    &WORDS[lang.index()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_word() {
        let all = load(|lang| super::super::files::embedded_pages(lang).to_owned()).unwrap();
        assert_eq!(all.len(), Lang::ALL.len());
    }

    #[test]
    fn a_missing_grade_or_an_unknown_key_is_rejected() {
        let english = super::super::files::embedded_pages(Lang::En);
        let missing = english.replace("strong = \"Strong\"\n", "");
        let error = load(|_| missing.clone()).unwrap_err().to_string();
        assert!(
            error.contains("association") || error.contains("evidence"),
            "{error}"
        );
        let extra = english.replace("[labels]\n", "[labels]\nsurplus = \"x\"\n");
        assert!(load(|_| extra.clone()).is_err());
        let blank = english.replace("skip = \"Skip to the content\"", "skip = \" \"");
        assert!(
            load(|_| blank.clone())
                .unwrap_err()
                .to_string()
                .contains("skip")
        );
    }
}
