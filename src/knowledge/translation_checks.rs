//! The checks every translated text passes as it replaces its English original: the same
//! `{placeholders}`, no empty text, the same number of list items, optional texts exactly where
//! the English has them; and the bookkeeping that finds missing or extra entries.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;

use super::KnowledgeError;
use crate::domain::{Lang, TextSlot};

/// Where a text lives, for error messages.
pub(super) struct At<'a> {
    pub file: String,
    pub entry: &'a str,
}

impl At<'_> {
    pub(super) fn err(&self, problem: impl Into<String>) -> KnowledgeError {
        KnowledgeError::invalid(&self.file, self.entry, problem)
    }

    /// Replaces `en` with `tr`, after checking the placeholders match.
    pub(super) fn text(
        &self,
        field: &str,
        en: &mut impl TextSlot,
        tr: String,
    ) -> Result<(), KnowledgeError> {
        if placeholders(en.text()) != placeholders(&tr) {
            return Err(self.err(format!(
                "{field}: placeholders {:?} expected, got {:?}",
                placeholders(en.text()),
                placeholders(&tr)
            )));
        }
        if tr.trim().is_empty() {
            return Err(self.err(format!("{field}: empty translation")));
        }
        en.replace(tr);
        Ok(())
    }

    /// An optional text (a plan action, a correction, a withhold reason): translated exactly
    /// when the English has it.
    pub(super) fn optional(
        &self,
        field: &str,
        en: Option<&mut impl TextSlot>,
        tr: Option<String>,
    ) -> Result<(), KnowledgeError> {
        match (en, tr) {
            (Some(en), Some(t)) => self.text(field, en, t),
            (None, None) => Ok(()),
            (Some(_), None) => Err(self.err(format!("{field}: missing"))),
            (None, Some(_)) => Err(self.err(format!("{field}: the English entry has none"))),
        }
    }

    pub(super) fn list(
        &self,
        field: &str,
        en: &mut [impl TextSlot],
        tr: Vec<String>,
    ) -> Result<(), KnowledgeError> {
        if en.len() != tr.len() {
            return Err(self.err(format!(
                "{field}: {} texts expected, got {}",
                en.len(),
                tr.len()
            )));
        }
        for (i, (e, t)) in en.iter_mut().zip(tr).enumerate() {
            self.text(&format!("{field}[{i}]"), e, t)?;
        }
        Ok(())
    }
}

fn placeholders(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = text
        .match_indices('{')
        .filter_map(|(i, _)| text[i..].find('}').map(|j| &text[i..=i + j]))
        .filter(|p| {
            p[1..p.len() - 1]
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_')
        })
        .collect();
    found.sort_unstable();
    found
}

pub(super) fn parse<T: DeserializeOwned>(
    lang: Lang,
    name: &str,
    text: &str,
) -> Result<T, KnowledgeError> {
    toml::from_str(text).map_err(|e| KnowledgeError::Parse {
        file: format!("{}/{name}", lang.as_str()),
        entry: "(translation)".to_owned(),
        message: e.message().trim().to_owned(),
    })
}

/// Takes the translation of `id` out of `map`, or fails naming what is missing.
pub(super) fn take<T>(
    map: &mut BTreeMap<String, T>,
    file: &str,
    id: &str,
) -> Result<T, KnowledgeError> {
    map.remove(id)
        .ok_or_else(|| KnowledgeError::invalid(file, id, "no translation for this entry"))
}

pub(super) fn no_extra<T>(map: &BTreeMap<String, T>, file: &str) -> Result<(), KnowledgeError> {
    match map.keys().next() {
        Some(extra) => Err(KnowledgeError::invalid(
            file,
            extra,
            "translated entry does not exist in the English file",
        )),
        None => Ok(()),
    }
}
