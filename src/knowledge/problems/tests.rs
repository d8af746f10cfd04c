//! The problem catalogue is complete, and the loader rejects every way the data can drift from
//! [`ProblemCode`].

use super::{ProblemCatalogue, ProblemCode, embedded_translation, fill};
use crate::domain::Lang;

/// The embedded files, with `lang`'s file passed through `edit`.
fn edited(lang: Lang, edit: impl Fn(&str) -> String) -> Result<ProblemCatalogue, String> {
    ProblemCatalogue::from_texts(|l| {
        let text = embedded_translation(l);
        if l == lang {
            edit(text)
        } else {
            text.to_owned()
        }
    })
    .map_err(|e| e.to_string())
}

#[test]
fn the_embedded_catalogue_has_every_code_in_every_language() {
    let catalogue = ProblemCatalogue::embedded().unwrap();
    for code in ProblemCode::ALL {
        assert_eq!(ProblemCode::parse(code.as_str()), Some(*code));
        for lang in Lang::ALL {
            let text = &catalogue.entry(*code).texts[lang.index()];
            assert!(!text.title.is_empty() && !text.what_to_do.is_empty());
        }
    }
}

#[test]
fn a_code_without_data_is_rejected() {
    let e = edited(Lang::En, |t| {
        t.replace(
            "code = \"request_timeout\"",
            "code = \"request_timeout\"\n# x",
        )
        .split("[[problem]]\ncode = \"request_timeout\"")
        .collect::<Vec<_>>()
        .join("[[problem]]\ncode = \"gone\"")
    })
    .unwrap_err();
    assert!(e.contains("gone"), "{e}");
    let e = edited(Lang::Es, |t| {
        t.replace("[problem.request_timeout]", "[problem.unknown_code]")
    })
    .unwrap_err();
    assert!(
        e.contains("request_timeout") && e.contains("no translation"),
        "{e}"
    );
}

#[test]
fn an_unknown_code_in_the_data_is_rejected() {
    let e = edited(Lang::En, |t| format!("{t}\n[[problem]]\ncode = \"teapot\"\nstatus = 418\ntitle = \"t\"\nmeaning = \"m\"\nwhat_to_do = \"w\"\n")).unwrap_err();
    assert!(
        e.contains("teapot") && e.contains("no such problem code"),
        "{e}"
    );
    let e = edited(Lang::Fr, |t| {
        format!("{t}\n[problem.teapot]\ntitle = \"t\"\nmeaning = \"m\"\nwhat_to_do = \"w\"\n")
    })
    .unwrap_err();
    assert!(e.contains("teapot"), "{e}");
}

#[test]
fn a_missing_field_or_changed_placeholder_is_rejected() {
    let e = edited(Lang::De, |t| {
        t.replacen(
            "what_to_do = \"Senden Sie ein wohlgeformtes",
            "# what_to_do = \"",
            1,
        )
    })
    .unwrap_err();
    assert!(e.contains("what_to_do"), "{e}");
    let e = edited(Lang::Es, |t| {
        t.replace("dentro de {seconds} s", "dentro de {segundos} s")
    })
    .unwrap_err();
    assert!(e.contains("placeholders"), "{e}");
    let e = edited(Lang::Fr, |t| {
        t.replace("detail = \"il n'y a aucune ressource à ce chemin\"\n", "")
    })
    .unwrap_err();
    assert!(e.contains("detail: missing"), "{e}");
    let e = edited(Lang::De, |t| {
        t.replace("variants = { wrong_key", "variants = { bad_key")
    })
    .unwrap_err();
    assert!(e.contains("variants"), "{e}");
    let e = edited(Lang::Es, |t| t.replace("remedy = \"remedio\"\n", "")).unwrap_err();
    assert!(e.contains("resources"), "{e}");
}

#[test]
fn an_english_only_placeholder_may_be_left_out_but_no_other() {
    let e = edited(Lang::Es, |t| {
        t.replace("(línea {line}, columna {column})", "(línea {line})")
    })
    .unwrap_err();
    assert!(e.contains("placeholders"), "{e}");
    assert!(
        edited(Lang::Es, |t| t
            .replace("(línea {line},", "{message} (línea {line},"))
        .is_ok()
    );
}

#[test]
fn fill_replaces_each_placeholder_once() {
    assert_eq!(
        fill("a {x} b {y} {z}", &[("x", "{y}"), ("y", "2")]),
        "a {y} b 2 {z}"
    );
    assert_eq!(fill("{", &[]), "{");
}
