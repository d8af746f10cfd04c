//! The words an app shows around the API's values, in every language: a label and a one-line
//! help for every value of every closed list (`vocabulary.toml`), and the questionnaire's
//! titles, questions and unit names (`questionnaire.toml`), with translations in `es/`, `de/`,
//! `fr/`. The loader holds the data to the code: the vocabularies it must cover are handed to
//! it (the façade publishes them from the same enums as its schema), the questions are the
//! domain's ([`questionnaire`]). A value without a label in any language, or a label for a
//! value that does not exist, is rejected, so every lookup afterwards succeeds.
//!
//! They are not clinical content, so they are not part of the knowledge hash.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::KnowledgeError;
use crate::domain::Lang;
use crate::domain::questionnaire::{self, Unit};

#[cfg(test)]
mod tests;

/// The label of one value and its one-line help.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// A few words to show (a button, a list entry, a badge).
    pub label: String,
    /// One sentence that explains the value.
    pub help: String,
}

/// A question's words.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionText {
    /// The question.
    pub text: String,
    /// One line of help.
    pub help: String,
}

/// The questionnaire's words in one language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireText {
    /// The title of the whole form.
    pub title: String,
    /// The answer that picks nothing from a list ("None of these").
    pub none_of_these: String,
    /// Unit names by UCUM code.
    pub units: BTreeMap<String, String>,
    /// Section titles by link id.
    pub sections: BTreeMap<String, String>,
    /// Questions by link id.
    pub questions: BTreeMap<String, QuestionText>,
}

impl QuestionnaireText {
    /// The name of `unit`.
    pub fn unit(&self, unit: Unit) -> &str {
        &self.units[unit.ucum()]
    }
}

/// A vocabulary the labels must cover: its name and its values.
pub type Vocabulary = (&'static str, Vec<&'static str>);

/// Labels by vocabulary, then by value.
type VocabularyLabels = BTreeMap<String, BTreeMap<String, Label>>;

/// Every label and the questionnaire's words, complete in every language.
#[derive(Debug, Clone)]
pub struct Labels {
    vocabularies: Vec<VocabularyLabels>,
    questionnaires: Vec<QuestionnaireText>,
}

const VOCABULARY: &str = "vocabulary.toml";
const QUESTIONNAIRE: &str = "questionnaire.toml";

/// The embedded file `name` of `lang`.
fn embedded(lang: Lang, name: &str) -> &'static str {
    match (lang, name) {
        (Lang::En, VOCABULARY) => include_str!("vocabulary.toml"),
        (Lang::Es, VOCABULARY) => include_str!("es/vocabulary.toml"),
        (Lang::De, VOCABULARY) => include_str!("de/vocabulary.toml"),
        (Lang::Fr, VOCABULARY) => include_str!("fr/vocabulary.toml"),
        (Lang::En, _) => include_str!("questionnaire.toml"),
        (Lang::Es, _) => include_str!("es/questionnaire.toml"),
        (Lang::De, _) => include_str!("de/questionnaire.toml"),
        (Lang::Fr, _) => include_str!("fr/questionnaire.toml"),
    }
}

/// The file's name as the errors give it (`es/vocabulary.toml`).
fn file_name(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => name.to_owned(),
        other => format!("{}/{name}", other.as_str()),
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, KnowledgeError> {
    toml::from_str(text).map_err(|e| KnowledgeError::Parse {
        file: file.to_owned(),
        entry: "(file)".to_owned(),
        message: e.message().trim().to_owned(),
    })
}

/// Checks that `keys` are exactly `expected`: every one present, none extra, none blank.
fn same_keys<'a, V>(
    file: &str,
    what: &str,
    got: &BTreeMap<String, V>,
    expected: impl IntoIterator<Item = &'a str>,
    blank: impl Fn(&V) -> bool,
) -> Result<(), KnowledgeError> {
    let expected: Vec<&str> = expected.into_iter().collect();
    for key in &expected {
        match got.get(*key) {
            None => {
                return Err(KnowledgeError::invalid(
                    file,
                    &format!("{what}.{key}"),
                    "no label for this value",
                ));
            }
            Some(value) if blank(value) => {
                return Err(KnowledgeError::invalid(
                    file,
                    &format!("{what}.{key}"),
                    "the label or its help is blank",
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = got.keys().find(|k| !expected.contains(&k.as_str())) {
        return Err(KnowledgeError::invalid(
            file,
            &format!("{what}.{extra}"),
            "the service has no such value",
        ));
    }
    Ok(())
}

fn blank_label(l: &Label) -> bool {
    l.label.trim().is_empty() || l.help.trim().is_empty()
}

impl Labels {
    /// The labels compiled into the binary, checked against `vocabularies`.
    ///
    /// # Errors
    /// As [`Self::from_texts`].
    pub fn embedded(vocabularies: &[Vocabulary]) -> Result<Self, KnowledgeError> {
        Self::from_texts(vocabularies, |lang, name| embedded(lang, name).to_owned())
    }

    /// Parses and checks the labels; `text(lang, name)` gives the file `name`
    /// (`vocabulary.toml` or `questionnaire.toml`) of each language.
    ///
    /// # Errors
    /// The first problem found, naming the file and the value.
    pub fn from_texts(
        vocabularies: &[Vocabulary],
        text: impl Fn(Lang, &str) -> String,
    ) -> Result<Self, KnowledgeError> {
        let mut labels = Self {
            vocabularies: Vec::new(),
            questionnaires: Vec::new(),
        };
        for lang in Lang::ALL {
            let file = file_name(lang, VOCABULARY);
            let parsed: VocabularyLabels = parse(&file, &text(lang, VOCABULARY))?;
            let names = vocabularies.iter().map(|(name, _)| *name);
            same_keys(&file, "(vocabulary)", &parsed, names, |_| false)?;
            for (name, values) in vocabularies {
                same_keys(
                    &file,
                    name,
                    &parsed[*name],
                    values.iter().copied(),
                    blank_label,
                )?;
            }
            labels.vocabularies.push(parsed);

            let file = file_name(lang, QUESTIONNAIRE);
            let parsed: QuestionnaireText = parse(&file, &text(lang, QUESTIONNAIRE))?;
            let blank = |s: &String| s.trim().is_empty();
            same_keys(
                &file,
                "units",
                &parsed.units,
                Unit::ALL.iter().map(|u| u.ucum()),
                blank,
            )?;
            let sections = questionnaire::SECTIONS.iter().map(|s| s.link_id);
            same_keys(&file, "sections", &parsed.sections, sections, blank)?;
            let questions = questionnaire::items().map(|i| i.link_id);
            same_keys(&file, "questions", &parsed.questions, questions, |q| {
                q.text.trim().is_empty() || q.help.trim().is_empty()
            })?;
            if parsed.title.trim().is_empty() || parsed.none_of_these.trim().is_empty() {
                return Err(KnowledgeError::invalid(&file, "title", "blank"));
            }
            labels.questionnaires.push(parsed);
        }
        Ok(labels)
    }

    /// The label of `value` in the vocabulary `name`, in `lang`.
    ///
    /// # Panics
    /// For a vocabulary or value the loader was not given (a programming error).
    pub fn label(&self, lang: Lang, name: &str, value: &str) -> &Label {
        &self.vocabularies[lang.index()][name][value]
    }

    /// Every vocabulary's labels in `lang`, by name then value.
    pub fn vocabularies(&self, lang: Lang) -> &BTreeMap<String, BTreeMap<String, Label>> {
        &self.vocabularies[lang.index()]
    }

    /// The questionnaire's words in `lang`.
    pub fn questionnaire(&self, lang: Lang) -> &QuestionnaireText {
        &self.questionnaires[lang.index()]
    }
}
