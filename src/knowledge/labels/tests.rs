//! The loader refuses incomplete or stray labels, in any language.

use super::{Labels, Vocabulary, embedded};
use crate::domain::{Lang, PregnancyStage};

fn pregnancy() -> Vec<Vocabulary> {
    vec![(
        "Pregnancy",
        PregnancyStage::ALL.iter().map(|v| v.as_str()).collect(),
    )]
}

/// The embedded files with the vocabularies cut down to `Pregnancy`, and `edit` applied to the
/// vocabulary file of `lang`.
fn load(
    lang: Lang,
    edit: impl Fn(&str) -> String,
) -> Result<Labels, crate::knowledge::KnowledgeError> {
    Labels::from_texts(&pregnancy(), |l, name| {
        let text = embedded(l, name);
        if name != super::VOCABULARY {
            return text.to_owned();
        }
        // Keep only the `[Pregnancy]` table.
        let start = text.find("[Pregnancy]").expect("has Pregnancy");
        let rest = &text[start..];
        let end = rest[1..].find("\n[").map_or(rest.len(), |i| i + 1);
        let table = rest[..end].to_owned();
        if l == lang { edit(&table) } else { table }
    })
}

#[test]
fn complete_labels_load() {
    let labels = load(Lang::En, str::to_owned).expect("complete");
    assert_eq!(
        labels.label(Lang::Es, "Pregnancy", "none").label,
        "No embarazada"
    );
}

#[test]
fn a_value_without_a_label_in_any_language_is_rejected() {
    for lang in Lang::ALL {
        let error = load(lang, |t| {
            t.lines()
                .filter(|l| !l.starts_with("postpartum"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .expect_err("a value has no label");
        let message = error.to_string();
        assert!(message.contains("Pregnancy.postpartum"), "{message}");
        assert!(message.contains("no label"), "{message}");
        if lang != Lang::En {
            assert!(message.starts_with(lang.as_str()), "{message}");
        }
    }
}

#[test]
fn a_label_for_a_value_that_does_not_exist_is_rejected() {
    let error = load(Lang::De, |t| {
        format!("{t}\ntrimester_4 = {{ label = \"x\", help = \"y\" }}\n")
    })
    .expect_err("no such value");
    assert!(
        error.to_string().contains("Pregnancy.trimester_4"),
        "{error}"
    );
    let blank = load(Lang::Fr, |t| {
        t.replace("label = \"Pas enceinte\"", "label = \" \"")
    })
    .expect_err("blank label");
    assert!(blank.to_string().contains("blank"), "{blank}");
}

#[test]
fn a_vocabulary_the_service_does_not_have_is_rejected() {
    let error = load(Lang::Es, |t| {
        format!("{t}\n[Colour]\nred = {{ label = \"Rojo\", help = \"Rojo.\" }}\n")
    })
    .expect_err("unknown vocabulary");
    assert!(error.to_string().contains("Colour"), "{error}");
}
