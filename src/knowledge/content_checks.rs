//! The clinical corrections of this round, asserted on the data itself (issue 11, 18 and 19), so
//! that each hazard in `docs/clinical-safety.md` has a test of its own and never rests on a
//! snapshot alone.

use super::{KnowledgeBase, KnowledgeError, KnowledgeFiles, SAME_DAY_CARE};
use crate::domain::{Association, Lang};

fn kb() -> KnowledgeBase {
    KnowledgeBase::embedded().expect("the embedded knowledge base loads")
}

fn broken_flags(edit: impl Fn(&str) -> String) -> KnowledgeError {
    let files = KnowledgeFiles::embedded();
    let text = edit(files.text("red_flags.toml"));
    KnowledgeBase::from_files(&files.with_text("red_flags.toml", text))
        .expect_err("the broken copy must be rejected")
}

/// What each warning sign must withhold while it stands (fact sheet §12; issue 11 §1).
const MUST_WITHHOLD: [(&str, &[&str]); 6] = [
    (
        "acute_limb_ischaemia",
        &[
            "heat",
            "cold",
            "massage",
            "walk_it_off",
            "regular_exercise",
            "stretch_cramping_muscle",
        ],
    ),
    (
        "possible_rhabdomyolysis",
        &[
            "massage",
            "heat",
            "walk_it_off",
            "regular_exercise",
            "pace_training",
        ],
    ),
    (
        "possible_dvt",
        &[
            "massage",
            "heat",
            "regular_exercise",
            "vitamin_b_complex",
            "magnesium_in_pregnancy",
        ],
    ),
    (
        "possible_pulmonary_embolism",
        &[
            "massage",
            "heat",
            "regular_exercise",
            "vitamin_b_complex",
            "magnesium_in_pregnancy",
        ],
    ),
    ("critical_limb_ischaemia", &["heat", "cold", "massage"]),
    // Audit round 2: dark urine on its own is a possible sign of muscle breakdown (§12: no
    // massage, heat or exercise).
    (
        "dark_urine",
        &[
            "massage",
            "heat",
            "cold",
            "walk_it_off",
            "bedtime_stretching",
            "regular_exercise",
            "pace_training",
            "break_up_sitting",
        ],
    ),
];

/// Audit round 2, finding 2: each clot sign implicates every medicine class that raises the
/// risk of a clot, and none that does not (transdermal oestrogen, §12 and Vinogradova 2019).
#[test]
fn the_clot_signs_implicate_exactly_the_classes_that_raise_clot_risk() {
    let kb = kb();
    let mut raising: Vec<&str> = kb
        .medication_classes
        .iter()
        .filter(|c| c.raises_clot_risk)
        .map(|c| c.id.as_str())
        .collect();
    raising.sort_unstable();
    assert!(raising.len() >= 3, "{raising:?}");
    for flag in ["possible_dvt", "possible_pulmonary_embolism"] {
        let mut implicated: Vec<&str> = kb
            .red_flag(flag)
            .unwrap()
            .implicates
            .iter()
            .map(|i| i.class.as_str())
            .collect();
        implicated.sort_unstable();
        assert_eq!(implicated, raising, "{flag}");
    }
}

#[test]
fn each_warning_sign_withholds_what_harms_in_it() {
    let kb = kb();
    for (flag, remedies) in MUST_WITHHOLD {
        let withheld = &kb
            .red_flag(flag)
            .unwrap()
            .withhold
            .as_ref()
            .unwrap()
            .remedies;
        for id in remedies {
            assert!(
                withheld.iter().any(|r| r == id),
                "{flag} does not withhold {id}"
            );
        }
    }
}

#[test]
fn a_flag_naming_an_unknown_remedy_or_class_or_empty_advice_is_rejected_by_name() {
    let cases = [
        (
            "unknown withheld remedy",
            broken_flags(|t| t.replacen("remedies = [\"massage\"", "remedies = [\"massages\"", 1)),
            "massages",
        ),
        (
            "unknown implicated class",
            broken_flags(|t| t.replacen("class = \"statin\"", "class = \"statins\"", 1)),
            "statins",
        ),
        (
            "empty advice",
            broken_flags(|t| {
                let at = t.find("[[red_flag.implicates]]").unwrap();
                let advice = at + t[at..].find("advice = \"").unwrap();
                let end = advice + t[advice + 10..].find('"').unwrap() + 10;
                format!("{}advice = \" {}", &t[..advice], &t[end..])
            }),
            "implicates needs advice",
        ),
    ];
    for (case, error, needle) in cases {
        let message = error.to_string();
        assert!(message.contains("red_flags.toml"), "{case}: {message}");
        assert!(
            message.contains(needle),
            "{case}: {message:?} does not name {needle:?}"
        );
    }
}

#[test]
fn oral_oestrogen_raises_clot_risk_and_a_patch_does_not() {
    let kb = kb();
    assert!(kb.medication_class("estrogen").unwrap().raises_clot_risk);
    assert!(
        !kb.medication_class("transdermal_estrogen")
            .unwrap()
            .raises_clot_risk
    );
    let pill = kb
        .match_medicine("ethinylestradiol / levonorgestrel")
        .unwrap();
    assert_eq!(
        pill.classes
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["oral_contraceptive"]
    );
    let patch = kb.match_medicine("Estradiol patch 50 micrograms").unwrap();
    assert_eq!(
        patch
            .classes
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["transdermal_estrogen"]
    );
}

#[test]
fn one_sequence_symmetry_study_grades_laba_and_potassium_sparing_diuretics_moderate() {
    let kb = kb();
    for id in ["laba", "potassium_sparing_diuretic"] {
        assert_eq!(
            kb.medication_class(id).unwrap().association,
            Association::Moderate,
            "{id}"
        );
    }
}

#[test]
fn claims_cite_the_sources_that_hold_them() {
    let kb = kb();
    let ali = &kb.red_flag("acute_limb_ischaemia").unwrap().source_ids;
    assert!(ali.iter().any(|s| s == "esvs_2020_ali") && !ali.iter().any(|s| s == "nice_cg147_pad"));
    let heat = &kb.remedy("heat").unwrap().source_ids;
    assert!(!heat.iter().any(|s| s == "aasm_icsd3"), "heat cites ICSD-3");
    let alcohol = kb.remedy("limit_alcohol").unwrap();
    let mut texts = vec![alcohol.summary.as_str(), alcohol.evidence_note.as_str()];
    texts.extend(alcohol.how_to.iter().map(|t| t.as_str()));
    // Delacour 2018 tested no threshold: where both appear, the text says the 14 units are the
    // guideline's, not a threshold the study found.
    for text in texts
        .iter()
        .filter(|t| t.contains("Delacour") && t.contains("14 units"))
    {
        assert!(
            text.contains("did not test") && text.contains("guideline"),
            "{text}"
        );
    }
    assert!(
        alcohol
            .source_ids
            .iter()
            .any(|s| s == "uk_cmo_alcohol_2016")
    );
    let stretching = kb.remedy("bedtime_stretching").unwrap();
    assert!(
        stretching.evidence_note.to_lowercase().contains("level u"),
        "the AAN rating is not stated"
    );
}

/// The gram size each language's alcohol question counts its local drinks in.
fn local_drink_grams(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &["8 g"],
        Lang::Es | Lang::Fr => &["10 g"],
        Lang::De => &["10", "20 g"],
    }
}

#[test]
fn every_language_counts_alcohol_in_grams_with_its_own_drinks() {
    for (kb, lang) in KnowledgeBase::embedded_all()
        .unwrap()
        .iter()
        .zip(Lang::ALL.iter().copied())
    {
        let question = kb
            .questions
            .iter()
            .find(|q| q.field == crate::domain::ProfileField::AlcoholGramsPerWeek)
            .expect("an alcohol question");
        let question_text = question.question.replace(['\u{a0}', '\u{202f}'], " ");
        for grams in local_drink_grams(lang) {
            assert!(
                question_text.contains(grams),
                "{}: no {grams:?} in {}",
                lang.as_str(),
                question.question
            );
        }
        assert!(
            question_text.contains(" g"),
            "{}: the question does not ask for grams",
            lang.as_str()
        );
    }
}

/// §12: Delacour 2018 tested no threshold, so no alcohol text quotes one (clinical audit
/// 2026-12: "no more than 14 units (112 g) a week" read as a target, in pregnancy and for
/// children too). The UK guideline's 112 g stays only in the rules, as the point where the
/// advice is offered.
#[test]
fn no_alcohol_text_quotes_a_weekly_threshold_in_any_language() {
    let alcohol_entries = [
        ("remedies.toml", "limit_alcohol"),
        ("causes.toml", "alcohol"),
        ("causes.toml", "liver_disease"),
        ("causes.toml", "peripheral_neuropathy"),
    ];
    for (kb, lang) in KnowledgeBase::embedded_all()
        .unwrap()
        .iter()
        .zip(Lang::ALL.iter().copied())
    {
        kb.visit_texts(|file, entry, field, text| {
            if !alcohol_entries.contains(&(file, entry)) {
                return;
            }
            let lower = text.to_lowercase();
            for threshold in [
                "112",
                "14 ",
                "low-risk",
                "bajo riesgo",
                "risikoarm",
                "faible risque",
            ] {
                assert!(
                    !lower.contains(threshold),
                    "{}: {file} {entry} {field} quotes {threshold:?}: {text}",
                    lang.as_str()
                );
            }
        });
    }
}

#[test]
fn each_language_names_its_same_day_service_with_a_number_and_no_placeholder_is_left() {
    let numbers: [(Lang, &[&str]); 4] = [
        (Lang::En, &["111"]),
        (Lang::Es, &["112"]),
        (Lang::De, &["116 117", "1450"]),
        (Lang::Fr, &["116 117", "15"]),
    ];
    for (kb, (lang, expected)) in KnowledgeBase::embedded_all().unwrap().iter().zip(numbers) {
        let action = &kb.red_flag("possible_dvt").unwrap().action;
        assert!(
            action.contains(&kb.meta.same_day_care),
            "{}: {action}",
            lang.as_str()
        );
        for number in expected {
            assert!(
                kb.meta.same_day_care.contains(number),
                "{}: no {number}",
                lang.as_str()
            );
        }
        kb.visit_texts(|file, entry, field, text| {
            assert!(
                !text.contains(SAME_DAY_CARE),
                "{}: {file} {entry} {field}",
                lang.as_str()
            );
        });
    }
}

#[test]
fn every_listed_medicine_name_resolves_to_its_own_class() {
    let kb = kb();
    for class in &kb.medication_classes {
        for name in class.generic_names.iter().chain(&class.brand_names) {
            let found = kb
                .match_medicine(name)
                .unwrap_or_else(|| panic!("{name} not recognised"));
            assert!(
                found.classes.iter().any(|c| c.id == class.id),
                "{name} is not {}",
                class.id
            );
        }
    }
}

#[test]
fn new_or_sudden_breathlessness_is_what_the_question_and_the_flag_say_in_every_language() {
    let markers: [(Lang, &[&str]); 4] = [
        (Lang::En, &["new", "sudden"]),
        (Lang::Es, &["nuev", "repentin", "súbit"]),
        (Lang::De, &["neu", "plötzlich"]),
        (Lang::Fr, &["nouve", "soudain", "brutal"]),
    ];
    for (kb, (lang, words)) in KnowledgeBase::embedded_all().unwrap().iter().zip(markers) {
        let flag = kb.red_flag("possible_pulmonary_embolism").unwrap();
        let symptoms = kb
            .questions
            .iter()
            .find(|q| q.field == crate::domain::ProfileField::Symptoms)
            .unwrap();
        for text in [&flag.title, &flag.headline, &symptoms.question] {
            let text = text.to_lowercase();
            assert!(
                words.iter().any(|w| text.contains(w)),
                "{}: {text}",
                lang.as_str()
            );
        }
    }
}

#[test]
fn a_hyphenated_brand_is_the_brand_not_its_second_word() {
    let kb = kb();
    let found = kb.match_medicine("Co-Aprovel 150/12.5").unwrap();
    let ids: Vec<&str> = found.classes.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["thiazide_diuretic"]);
}

/// How many sources could not be checked against an indexed record: the aim is zero, and this
/// number may only go down (issue 19). Run with `--nocapture` to see the list and the reasons.
const UNVERIFIED_AT_MOST: usize = 6;

#[test]
fn every_source_has_a_resolvable_identifier_and_the_unverified_are_counted() {
    let kb = kb();
    let unverified: Vec<String> = kb
        .sources
        .iter()
        .filter(|s| !s.verified)
        .map(|s| {
            format!(
                "{}: {}",
                s.id,
                s.unverified_reason.as_deref().unwrap_or_default()
            )
        })
        .collect();
    println!(
        "{} unverified sources:\n{}",
        unverified.len(),
        unverified.join("\n")
    );
    assert!(
        unverified.len() <= UNVERIFIED_AT_MOST,
        "{}",
        unverified.join("\n")
    );
    // No search pages and no mirrors: a link is the owner's record of the work.
    let not_a_record = [
        "?term=",
        "/search",
        "scholar.google",
        "researchgate",
        "semanticscholar",
        "scribd",
        "coek.info",
    ];
    for s in &kb.sources {
        if let Some(url) = &s.url {
            assert!(url.starts_with("https://"), "{}: {url}", s.id);
            assert!(
                !not_a_record.iter().any(|bad| url.contains(bad)),
                "{}: {url}",
                s.id
            );
        }
        if let Some(doi) = &s.doi {
            assert!(
                doi.starts_with("10.") && !doi.contains("doi.org"),
                "{}: {doi}",
                s.id
            );
        }
        if let Some(pmid) = &s.pmid {
            assert!(
                !pmid.is_empty() && pmid.bytes().all(|b| b.is_ascii_digit()),
                "{}: {pmid}",
                s.id
            );
        }
    }
}

#[test]
fn a_medicine_name_not_written_as_its_matching_key_is_rejected() {
    let files = KnowledgeFiles::embedded();
    let text =
        files
            .text("medication_classes.toml")
            .replacen("\"furosemide\"", "\"Furosemide\"", 1);
    let error = KnowledgeBase::from_files(&files.with_text("medication_classes.toml", text))
        .expect_err("an upper-case name is rejected");
    assert!(error.to_string().contains("lower case"), "{error}");
}
