//! The set of knowledge files: where they come from and how each is parsed.

use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{KnowledgeError, Meta};
use crate::domain::{
    Cause, Differential, FollowUpRules, Lang, MedicationClass, Question, RedFlag, Remedy, Source,
};

/// Every file a knowledge set consists of, in hashing order.
pub const FILE_NAMES: [&str; 9] = [
    "meta.toml",
    "sources.toml",
    "causes.toml",
    "remedies.toml",
    "red_flags.toml",
    "differentials.toml",
    "medication_classes.toml",
    "questions.toml",
    "follow_up.toml",
];

const EMBEDDED: [&str; 9] = [
    include_str!("data/meta.toml"),
    include_str!("data/sources.toml"),
    include_str!("data/causes.toml"),
    include_str!("data/remedies.toml"),
    include_str!("data/red_flags.toml"),
    include_str!("data/differentials.toml"),
    include_str!("data/medication_classes.toml"),
    include_str!("data/questions.toml"),
    include_str!("data/follow_up.toml"),
];

/// Every translation file, per language folder (`es/causes.toml`, …).
pub const TRANSLATION_NAMES: [&str; 8] = [
    "meta.toml",
    "causes.toml",
    "remedies.toml",
    "red_flags.toml",
    "differentials.toml",
    "medication_classes.toml",
    "questions.toml",
    "follow_up.toml",
];

/// One language's embedded files: the knowledge texts ([`TRANSLATION_NAMES`]) and the problem
/// texts (`problems.toml`, loaded by `knowledge::problems`) and the words of the pages
/// (`pages.toml`, loaded by `knowledge::page_words`).
struct EmbeddedLanguage {
    lang: Lang,
    knowledge: [&'static str; 8],
    problems: &'static str,
    pages: &'static str,
}

macro_rules! translations {
    ($lang:expr, $dir:literal) => {
        EmbeddedLanguage {
            lang: $lang,
            knowledge: [
                include_str!(concat!("data/", $dir, "/meta.toml")),
                include_str!(concat!("data/", $dir, "/causes.toml")),
                include_str!(concat!("data/", $dir, "/remedies.toml")),
                include_str!(concat!("data/", $dir, "/red_flags.toml")),
                include_str!(concat!("data/", $dir, "/differentials.toml")),
                include_str!(concat!("data/", $dir, "/medication_classes.toml")),
                include_str!(concat!("data/", $dir, "/questions.toml")),
                include_str!(concat!("data/", $dir, "/follow_up.toml")),
            ],
            problems: include_str!(concat!("data/", $dir, "/problems.toml")),
            pages: include_str!(concat!("data/", $dir, "/pages.toml")),
        }
    };
}

/// Every translation compiled in: adding a language is its `Lang` variant, its folder under
/// `data/`, and its line here (a test checks every `Lang` but English has one).
const EMBEDDED_TRANSLATIONS: [EmbeddedLanguage; 3] = [
    translations!(Lang::Es, "es"),
    translations!(Lang::De, "de"),
    translations!(Lang::Fr, "fr"),
];

/// The embedded `problems.toml` of `lang` (English: the source file).
pub(crate) fn embedded_problems(lang: Lang) -> &'static str {
    EMBEDDED_TRANSLATIONS
        .iter()
        .find(|e| e.lang == lang)
        .map_or(include_str!("data/problems.toml"), |e| e.problems)
}

/// The embedded `pages.toml` of `lang` (English: the source file).
pub(crate) fn embedded_pages(lang: Lang) -> &'static str {
    EMBEDDED_TRANSLATIONS
        .iter()
        .find(|e| e.lang == lang)
        .map_or(include_str!("data/pages.toml"), |e| e.pages)
}

/// The text of each knowledge file, by name (translations as `es/causes.toml`).
#[derive(Debug, Clone)]
pub struct KnowledgeFiles {
    texts: Vec<(String, String)>,
}

/// The parsed, not yet checked, content of a knowledge set.
pub(crate) struct Parsed {
    pub meta: Meta,
    pub sources: Vec<Source>,
    pub causes: Vec<Cause>,
    pub remedies: Vec<Remedy>,
    pub red_flags: Vec<RedFlag>,
    pub differentials: Vec<Differential>,
    pub medication_classes: Vec<MedicationClass>,
    pub questions: Vec<Question>,
    pub follow_up: FollowUpRules,
}

macro_rules! list_file {
    ($name:ident, $key:literal, $ty:ty) => {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct $name {
            #[serde(rename = $key, default)]
            items: Vec<$ty>,
        }
    };
}

list_file!(SourcesFile, "source", Source);
list_file!(CausesFile, "cause", Cause);
list_file!(RemediesFile, "remedy", Remedy);
list_file!(RedFlagsFile, "red_flag", RedFlag);
list_file!(DifferentialsFile, "differential", Differential);
list_file!(MedicationClassesFile, "medication_class", MedicationClass);
list_file!(QuestionsFile, "question", Question);

impl KnowledgeFiles {
    /// The files compiled into the binary, translations included.
    pub fn embedded() -> Self {
        let english = FILE_NAMES
            .iter()
            .zip(EMBEDDED)
            .map(|(n, t)| (n.to_string(), t.to_string()));
        let translated = EMBEDDED_TRANSLATIONS.iter().flat_map(|e| {
            TRANSLATION_NAMES
                .iter()
                .zip(e.knowledge)
                .map(move |(n, t)| (format!("{}/{n}", e.lang.as_str()), t.to_string()))
        });
        Self::from_texts(english.chain(translated))
    }

    /// Reads every file in [`FILE_NAMES`] from `dir`.
    ///
    /// # Errors
    /// [`KnowledgeError::Io`] naming the file that could not be read.
    pub fn read_dir(dir: &Path) -> Result<Self, KnowledgeError> {
        let mut texts = Vec::with_capacity(FILE_NAMES.len() + 3 * TRANSLATION_NAMES.len());
        let translated: Vec<String> = ["es", "de", "fr"]
            .iter()
            .flat_map(|lang| TRANSLATION_NAMES.iter().map(move |n| format!("{lang}/{n}")))
            .collect();
        for name in FILE_NAMES.iter().map(|n| (*n).to_owned()).chain(translated) {
            let name = name.as_str();
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).map_err(|source| KnowledgeError::Io {
                file: path.display().to_string(),
                source,
            })?;
            texts.push((name.to_owned(), text));
        }
        Ok(Self { texts })
    }

    /// Builds a set from (name, text) pairs; missing English files are treated as empty.
    pub fn from_texts(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut texts: Vec<(String, String)> = pairs.into_iter().collect();
        for name in FILE_NAMES {
            if !texts.iter().any(|(n, _)| n == name) {
                texts.push((name.to_owned(), String::new()));
            }
        }
        Self { texts }
    }

    /// Replaces one file's text (used by tests to break a copy on purpose).
    pub fn with_text(mut self, name: &str, text: String) -> Self {
        if let Some(slot) = self.texts.iter_mut().find(|(n, _)| n == name) {
            slot.1 = text;
        }
        self
    }

    /// The text of one file.
    pub fn text(&self, name: &str) -> &str {
        self.texts
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, t)| t.as_str())
    }

    /// (name, text) pairs in [`FILE_NAMES`] order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.texts.iter().map(|(n, t)| (n.as_str(), t.as_str()))
    }

    pub(crate) fn parse(&self) -> Result<Parsed, KnowledgeError> {
        Ok(Parsed {
            meta: self.parse_file("meta.toml")?,
            sources: self.parse_file::<SourcesFile>("sources.toml")?.items,
            causes: self.parse_file::<CausesFile>("causes.toml")?.items,
            remedies: self.parse_file::<RemediesFile>("remedies.toml")?.items,
            red_flags: self.parse_file::<RedFlagsFile>("red_flags.toml")?.items,
            differentials: self
                .parse_file::<DifferentialsFile>("differentials.toml")?
                .items,
            medication_classes: self
                .parse_file::<MedicationClassesFile>("medication_classes.toml")?
                .items,
            questions: self.parse_file::<QuestionsFile>("questions.toml")?.items,
            follow_up: self.parse_file("follow_up.toml")?,
        })
    }

    fn parse_file<T: DeserializeOwned>(&self, name: &str) -> Result<T, KnowledgeError> {
        let text = self.text(name);
        toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            KnowledgeError::Parse {
                file: name.to_owned(),
                entry: entry_at(text, at),
                message: format!("{} (line {})", e.message().trim(), line_of(text, at)),
            }
        })
    }
}

/// The id of the entry that contains byte offset `at`: the last `id = "…"` line before it.
fn entry_at(text: &str, at: usize) -> String {
    let before = &text[..at.min(text.len())];
    before
        .lines()
        .rev()
        .find_map(|line| {
            let rest = line
                .trim()
                .strip_prefix("id")?
                .trim_start()
                .strip_prefix('=')?
                .trim();
            Some(rest.trim_matches('"').to_owned())
        })
        .or_else(|| {
            // `[[question]]` entries are keyed by `field`, not `id`.
            before.lines().rev().find_map(|line| {
                let rest = line
                    .trim()
                    .strip_prefix("field")?
                    .trim_start()
                    .strip_prefix('=')?
                    .trim();
                Some(rest.trim_matches('"').to_owned())
            })
        })
        .unwrap_or_else(|| "(file header)".to_owned())
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod embedding_tests {
    use super::*;

    #[test]
    fn every_language_but_english_is_embedded_once() {
        let embedded: Vec<Lang> = EMBEDDED_TRANSLATIONS.iter().map(|e| e.lang).collect();
        let wanted: Vec<Lang> = Lang::ALL.into_iter().filter(|l| *l != Lang::En).collect();
        assert_eq!(embedded, wanted);
    }
}
