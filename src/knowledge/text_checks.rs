//! Checks that read every text of every language: the guards that find the next translation
//! slip (a dropped number, negation or "one side" qualifier, a warm that became hot) and the
//! rule that a figure in a text is cited by the entry that carries it.

use std::collections::BTreeMap;

use super::KnowledgeBase;
use crate::domain::Lang;

/// Every text of a knowledge base, keyed by (file, entry, field, n-th text of that field).
fn texts(kb: &KnowledgeBase) -> BTreeMap<(String, String, String, usize), String> {
    let mut out = BTreeMap::new();
    kb.visit_texts(|file, entry, field, text| {
        let n = (0..)
            .find(|n| !out.contains_key(&(file.to_owned(), entry.to_owned(), field.to_owned(), *n)))
            .unwrap_or_default();
        out.insert(
            (file.to_owned(), entry.to_owned(), field.to_owned(), n),
            text.to_owned(),
        );
    });
    out
}

/// Numbers in a text, read alike in every language: a decimal comma is a point ("1,5" is
/// "1.5"), and a group of three digits after a separator is a thousands group ("1,600",
/// "1.600" and "1 600" are all "1600").
fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut found = Vec::new();
    let mut current = String::new();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            current.push(*c);
            continue;
        }
        let thousands = matches!(c, ',' | '.' | '\u{a0}' | '\u{202f}')
            && (1..=3).all(|k| digit(i + k))
            && !digit(i + 4)
            && !current.contains('.');
        if !current.is_empty() && thousands {
            continue;
        }
        if !current.is_empty() && matches!(c, ',' | '.') && digit(i + 1) {
            current.push('.');
        } else if !current.is_empty() {
            found.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        found.push(current);
    }
    found
}

/// The words of a text, lower case; an elision is its own word ("n'existe" is "n'", "existe").
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('’', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .flat_map(|w| match w.find('\'') {
            Some(at) => vec![w[..=at].to_owned(), w[at + 1..].to_owned()],
            None => vec![w.to_owned()],
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// English numbers that count UK units: other languages state grams and their own drinks
/// instead, so these are not carried over.
fn uk_unit_numbers(text: &str) -> Vec<String> {
    text.split(['.', ';'])
        .filter(|clause| clause.to_lowercase().contains("unit"))
        .flat_map(numbers)
        .collect()
}

/// Emergency and same-day numbers differ by country by design (999/911/111 become 112, 15,
/// 116 117, 1450 …), so they are not carried over from the English.
const LOCAL_NUMBERS: [&str; 3] = ["999", "911", "111"];

/// Words that keep "one side" in each language, where the English says one calf or one leg.
/// "Un mollet", "eine Wade" or "una pantorrilla" alone do not count: they also read as "a calf",
/// which lets swelling of both legs raise the clot warning.
fn one_side_markers(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &["one"],
        Lang::Es => &[
            "una sola",
            "un solo",
            "un lado",
            "solo una",
            "solo un",
            "misma pierna",
        ],
        Lang::De => &[
            "nur eine",
            "nur ein",
            "einer seite",
            "einseitig",
            "selben bein",
        ],
        Lang::Fr => &["un seul", "une seule", "un côté", "d'un côté", "même jambe"],
    }
}

/// Names of things that say "hot" but are not a temperature to apply (a hot-water bottle).
fn hot_object_names(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Es => &["bolsa de agua caliente"],
        Lang::En | Lang::De | Lang::Fr => &[],
    }
}

/// Negation words per language, as whole words.
fn negations(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "not", "never", "no", "don'", "cannot", "nor", "without", "none",
        ],
        Lang::Es => &[
            "no", "nunca", "ni", "sin", "ningún", "ninguna", "ninguno", "nada", "tampoco",
        ],
        Lang::De => &[
            "nicht", "kein", "keine", "keinen", "keinem", "keiner", "nie", "niemals", "ohne",
            "weder",
        ],
        Lang::Fr => &[
            "ne", "n'", "pas", "jamais", "sans", "aucun", "aucune", "ni", "rien", "non",
        ],
    }
}

fn negated(text: &str, lang: Lang) -> bool {
    words(text)
        .iter()
        .any(|w| negations(lang).contains(&w.as_str()))
}

/// The fields a person reads first and acts on: a dropped qualifier there changes what they do.
const KEY_FIELDS: [&str; 3] = ["question", "title", "headline"];

/// The word for "warm (not hot)" per language, and hot or burning words that may only appear
/// negated.
fn warmth(lang: Lang) -> (&'static [&'static str], &'static [&'static str]) {
    match lang {
        Lang::En => (&["warm"], &["hot"]),
        Lang::Es => (&["templad", "tibi"], &["caliente", "quem"]),
        Lang::De => (&["lauwarm", "warm"], &["heiß", "heiss"]),
        Lang::Fr => (&["tiède", "tièd"], &["chaud", "brûl"]),
    }
}

fn one_side_in_english(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "one calf",
        "one leg",
        "one side",
        "one lower leg",
        "one foot",
    ]
    .iter()
    .any(|m| t.contains(m))
}

fn all_languages() -> Vec<KnowledgeBase> {
    KnowledgeBase::embedded_all().expect("every language loads")
}

#[test]
fn translations_keep_every_number_negation_one_side_qualifier_and_warm_not_hot() {
    let all = all_languages();
    let english = texts(&all[0]);
    let mut problems = Vec::new();
    for (kb, lang) in all.iter().zip(Lang::ALL.iter().copied()).skip(1) {
        for (key, tr) in texts(kb) {
            let en = &english[&key];
            let (tr_lower, en_lower) = (tr.to_lowercase(), en.to_lowercase());
            let at = format!("{}/{} {} {}", lang.as_str(), key.0, key.1, key.2);
            if KEY_FIELDS.contains(&key.2.as_str()) {
                let local = uk_unit_numbers(en);
                let carried = numbers(en)
                    .into_iter()
                    .filter(|n| !LOCAL_NUMBERS.contains(&n.as_str()) && !local.contains(n));
                for n in carried {
                    if !numbers(&tr).contains(&n) {
                        problems.push(format!("{at}: number {n} dropped"));
                    }
                }
                if negated(en, Lang::En) && !negated(&tr, lang) {
                    problems.push(format!("{at}: the English negation is lost"));
                }
                if one_side_in_english(en)
                    && !one_side_markers(lang).iter().any(|m| tr_lower.contains(m))
                {
                    problems.push(format!("{at}: \"one side\" is lost"));
                }
            }
            if en_lower.contains("not hot") {
                let (warm, hot) = warmth(lang);
                let tr_lower = hot_object_names(lang)
                    .iter()
                    .fold(tr_lower.clone(), |t, name| t.replace(name, ""));
                if !warm.iter().any(|w| tr_lower.contains(w)) {
                    problems.push(format!("{at}: \"warm\" is lost"));
                }
                for h in hot {
                    for (i, _) in tr_lower.match_indices(h) {
                        let before = &tr_lower[..i];
                        let window: String = before
                            .chars()
                            .rev()
                            .take(14)
                            .collect::<Vec<_>>()
                            .into_iter()
                            .rev()
                            .collect();
                        if !negated(&window, lang) {
                            problems.push(format!(
                                "{at}: \"{h}\" where the English says warm, not hot"
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Numbers in texts that are not claims: how-to amounts, emergency numbers, ages in questions.
/// Each entry says why it needs no source of its own.
const NUMBERS_WITHOUT_A_CLAIM: [(&str, &str); 1] = [(
    "questions.toml alcohol_grams_per_week question",
    "how to count grams from drinks (a UK unit is 8 g): a conversion for the reader, not a claim",
)];

#[test]
fn a_figure_in_a_text_is_cited_by_the_entry_that_carries_it() {
    let kb = KnowledgeBase::embedded().unwrap();
    let mut uncited = Vec::new();
    kb.visit_texts(|file, entry, field, text| {
        // Entries of these files all carry source_ids (the loader requires them); questions and
        // the fixed texts in meta.toml cite nothing, so a figure there must be allowed by name.
        let cites = !matches!(file, "questions.toml" | "meta.toml");
        let numbers: Vec<String> = numbers(text)
            .into_iter()
            .filter(|n| !LOCAL_NUMBERS.contains(&n.as_str()))
            .collect();
        let allowed = NUMBERS_WITHOUT_A_CLAIM
            .iter()
            .any(|(at, _)| *at == format!("{file} {entry} {field}"));
        if !cites && !numbers.is_empty() && !allowed {
            uncited.push(format!("{file} {entry} {field}: {}", numbers.join(", ")));
        }
    });
    assert!(
        uncited.is_empty(),
        "figures in texts that cite nothing:\n{}",
        uncited.join("\n")
    );
}

#[test]
fn numbers_are_read_with_either_decimal_mark() {
    assert_eq!(numbers("1,5 l, 10 minutes or 2.5"), ["1.5", "10", "2.5"]);
    assert_eq!(numbers("116 117"), ["116", "117"]);
    assert_eq!(
        numbers("1,600 or 1.600 or 1\u{a0}600 mg"),
        ["1600", "1600", "1600"]
    );
    assert_eq!(
        words("n'existe pas, don't"),
        ["n'", "existe", "pas", "don'", "t"]
    );
}
