//! The clinical knowledge base: data files compiled into the binary (or read from
//! `APP_KNOWLEDGE_DIR`), parsed into domain types and checked once at start-up. After
//! [`KnowledgeBase::embedded`] or [`KnowledgeBase::from_dir`] returns, every id resolves,
//! every entry is graded and sourced, and the engine can rely on it without further checks.

#[cfg(test)]
pub(crate) mod content_checks;
mod error;
mod files;
mod follow_up;
pub mod labels;
mod medicines;
pub mod page_words;
pub mod problems;
#[cfg(test)]
mod text_checks;
mod texts;
mod translate;
mod translation_checks;
mod validate;

use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};

pub use error::KnowledgeError;
pub use files::{FILE_NAMES, KnowledgeFiles, TRANSLATION_NAMES};
pub use labels::{Label, Labels, QuestionText, QuestionnaireText, Vocabulary};
pub use medicines::MedicineMatch;
pub use page_words::{PageWords, page_words};
pub use problems::{PageLabels, ProblemCatalogue, ProblemCode, ProblemText};
pub use texts::SAME_DAY_CARE;

use crate::domain::{
    Cause, CauseRole, Differential, FollowUpRules, Lang, MedicationClass, Question, RedFlag,
    Remedy, Source, Text, When,
};

/// Fixed texts every answer carries, and how the triage level is set without a red flag.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Knowledge version, e.g. `2026.11.1`.
    pub version: String,
    /// Date of the last clinical review, `YYYY-MM-DD`.
    pub reviewed: String,
    /// The not-a-diagnosis disclaimer.
    pub disclaimer: Text,
    /// The fixed advice for every medicine linked to cramps.
    pub medication_advice: Text,
    /// The reason given when no answer points to a specific cause.
    pub unexplained_fact: Text,
    /// The word that introduces the causes a plan step addresses.
    pub addresses_label: Text,
    /// The same-day care service of the reader's country, with its number; it replaces the
    /// `{same_day_care}` placeholder in every text.
    pub same_day_care: String,
    /// Without a red flag, the triage level is `routine` when this holds.
    pub routine_when: When,
    /// Headlines for the levels that no red flag sets.
    pub headlines: Headlines,
}

/// Triage headlines for the levels without a red flag.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Headlines {
    /// For `routine`.
    pub routine: Text,
    /// For `self_care`.
    pub self_care: Text,
}

/// The loaded, checked, immutable knowledge base.
#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    /// Metadata and fixed texts.
    pub meta: Meta,
    /// Sources, sorted by id.
    pub sources: Vec<Source>,
    /// Causes, in file order.
    pub causes: Vec<Cause>,
    /// Remedies, in file order.
    pub remedies: Vec<Remedy>,
    /// Red flags, in file order.
    pub red_flags: Vec<RedFlag>,
    /// Differential diagnoses, in file order.
    pub differentials: Vec<Differential>,
    /// Medication classes, in file order.
    pub medication_classes: Vec<MedicationClass>,
    /// Follow-up questions, most important first.
    pub questions: Vec<Question>,
    /// How a follow-up reads a cramp diary.
    pub follow_up: FollowUpRules,
    content_hash: String,
    medicine_index: medicines::MedicineIndex,
    /// Names matched only as the whole typed name ("tonic").
    whole_name_index: medicines::MedicineIndex,
}

impl KnowledgeBase {
    /// The knowledge set compiled into the binary.
    ///
    /// # Errors
    /// A [`KnowledgeError`] naming the file and entry if the embedded data is broken (a unit test
    /// makes sure it is not).
    pub fn embedded() -> Result<Self, KnowledgeError> {
        Self::from_files(&KnowledgeFiles::embedded())
    }

    /// A replacement knowledge set read from `dir`, which must hold every file in
    /// [`FILE_NAMES`]. It is checked exactly like the embedded one.
    ///
    /// # Errors
    /// [`KnowledgeError::Io`] when a file cannot be read, otherwise as [`Self::from_files`].
    pub fn from_dir(dir: &Path) -> Result<Self, KnowledgeError> {
        Self::from_files(&KnowledgeFiles::read_dir(dir)?)
    }

    /// Parses and checks a set of knowledge files.
    ///
    /// # Errors
    /// The first problem found, naming the file and the entry.
    pub fn from_files(files: &KnowledgeFiles) -> Result<Self, KnowledgeError> {
        let mut kb = Self::unfilled(files)?;
        kb.fill_locale();
        Ok(kb)
    }

    /// The checked English set, with its locale placeholders still in place (translations
    /// are checked against these texts, placeholders included).
    fn unfilled(files: &KnowledgeFiles) -> Result<Self, KnowledgeError> {
        let parsed = files.parse()?;
        let mut sources = parsed.sources;
        sources.sort_by(|a, b| a.id.cmp(&b.id));
        let mut kb = Self {
            meta: parsed.meta,
            sources,
            causes: parsed.causes,
            remedies: parsed.remedies,
            red_flags: parsed.red_flags,
            differentials: parsed.differentials,
            medication_classes: parsed.medication_classes,
            questions: parsed.questions,
            follow_up: parsed.follow_up,
            content_hash: content_hash(files, Lang::En),
            medicine_index: medicines::MedicineIndex::default(),
            whole_name_index: medicines::MedicineIndex::default(),
        };
        validate::check(&kb)?;
        follow_up::check(&kb)?;
        kb.medicine_index = medicines::build_index(&kb.medication_classes)?;
        kb.whole_name_index =
            medicines::build_whole_name_index(&kb.medication_classes, &kb.medicine_index)?;
        for class in &mut kb.medication_classes {
            class.title_lower = texts::in_sentence(&class.title, Lang::En);
            let mut generic = class.generic_names.clone();
            for name in class.local_generic_names.iter() {
                if !generic.contains(name) {
                    generic.push(name.clone());
                }
            }
            class.shown_generic_names = generic;
            class.shown_brand_names =
                [&class.brand_names[..], &class.combination_brands[..]].concat();
        }
        Ok(kb)
    }

    /// The knowledge base in every language, in [`Lang::ALL`] order, from the embedded files.
    ///
    /// # Errors
    /// As [`Self::all_from_files`].
    pub fn embedded_all() -> Result<Vec<Self>, KnowledgeError> {
        Self::all_from_files(&KnowledgeFiles::embedded())
    }

    /// The knowledge base in every language from `dir` (English files at the top, translations
    /// in `es/`, `de/`, `fr/`).
    ///
    /// # Errors
    /// As [`Self::from_dir`] and [`Self::all_from_files`].
    pub fn from_dir_all(dir: &Path) -> Result<Vec<Self>, KnowledgeError> {
        Self::all_from_files(&KnowledgeFiles::read_dir(dir)?)
    }

    /// The English knowledge base and a translated copy for every other language, in
    /// [`Lang::ALL`] order. The copies share every id, rule, grade and number with English.
    ///
    /// # Errors
    /// The first problem found in the English files or a translation, naming file and entry.
    pub fn all_from_files(files: &KnowledgeFiles) -> Result<Vec<Self>, KnowledgeError> {
        let english = Self::unfilled(files)?;
        let mut all = Vec::with_capacity(Lang::ALL.len());
        for lang in &Lang::ALL[1..] {
            let prefix = format!("{}/", lang.as_str());
            let text = |name: &str| files.text(&format!("{prefix}{name}"));
            let mut translated = translate::translate(&english, *lang, &text)?;
            translated.content_hash = content_hash(files, *lang);
            translated.fill_locale();
            all.push(translated);
        }
        let mut english = english;
        english.fill_locale();
        all.insert(0, english);
        Ok(all)
    }

    /// SHA-256 (hex) of the knowledge files of this language (English plus its translation), in
    /// a fixed order: changes whenever any of its content does.
    pub fn content_hash(&self) -> &str {
        &self.content_hash
    }

    /// The "no identifiable cause" fallback (the one cause with [`CauseRole::Fallback`]; the
    /// loader guarantees exactly one).
    pub fn fallback_cause(&self) -> &Cause {
        self.causes
            .iter()
            .find(|c| c.role == CauseRole::Fallback)
            .expect("the loader checks there is exactly one fallback cause")
    }

    /// The cause with this id.
    pub fn cause(&self, id: &str) -> Option<&Cause> {
        self.causes.iter().find(|c| c.id == id)
    }

    /// The remedy with this id.
    pub fn remedy(&self, id: &str) -> Option<&Remedy> {
        self.remedies.iter().find(|r| r.id == id)
    }

    /// The red flag with this id.
    pub fn red_flag(&self, id: &str) -> Option<&RedFlag> {
        self.red_flags.iter().find(|r| r.id == id)
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources
            .binary_search_by(|s| s.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.sources[i])
    }

    /// The medication class with this id.
    pub fn medication_class(&self, id: &str) -> Option<&MedicationClass> {
        self.medication_classes.iter().find(|c| c.id == id)
    }

    /// Number of distinct generic medicine names across all classes.
    pub fn generic_name_count(&self) -> usize {
        self.medication_classes
            .iter()
            .map(|c| c.generic_names.len())
            .sum()
    }
}

fn content_hash(files: &KnowledgeFiles, lang: Lang) -> String {
    let mut hasher = Sha256::new();
    let prefix = format!("{}/", lang.as_str());
    for (name, text) in files
        .iter()
        .filter(|(n, _)| !n.contains('/') || n.starts_with(&prefix))
    {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests;
