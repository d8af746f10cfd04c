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
const MUST_WITHHOLD: [(&str, &[&str]); 8] = [
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
    ("dark_urine", &UNSAFE_WITH_MUSCLE_BREAKDOWN),
    // H-74: suspected statin muscle damage, likewise.
    ("statin_muscle_weakness", &UNSAFE_WITH_MUSCLE_BREAKDOWN),
    ("statin_new_cramps", &UNSAFE_WITH_MUSCLE_BREAKDOWN),
];

/// Remedies unsafe while muscle may be breaking down (fact sheet §12: "possible
/// rhabdomyolysis: no massage, heat or exercise"): rubbing, warming or cooling the muscle, and
/// every kind of exertion (walking a cramp off, stretching routines, exercise, walking breaks).
/// Stretching a cramping muscle there and then stays: it is not exertion.
pub(crate) const UNSAFE_WITH_MUSCLE_BREAKDOWN: [&str; 8] = [
    "massage",
    "heat",
    "cold",
    "walk_it_off",
    "bedtime_stretching",
    "regular_exercise",
    "pace_training",
    "break_up_sitting",
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
    // Irbesartan + hydrochlorothiazide: both classes (H-72), not "aprovel" alone twice.
    assert_eq!(ids, ["thiazide_diuretic", "arb"]);
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

/// The class ids a typed name resolves to, in knowledge-file order.
fn classes_of(kb: &KnowledgeBase, typed: &str) -> Vec<String> {
    kb.match_medicine(typed)
        .map(|m| m.classes.iter().map(|c| c.id.clone()).collect())
        .unwrap_or_default()
}

/// The names the December 2026 clinical audit found unrecognised (H-72), with every class each
/// one holds.
const AUDIT_NAMES: [(&str, &[&str]); 41] = [
    ("atorvastatina", &["statin"]),
    ("atorvastatine", &["statin"]),
    ("simvastatina", &["statin"]),
    ("rosuvastatine", &["statin"]),
    ("raloxifeno", &["raloxifene"]),
    ("Raloxifen", &["raloxifene"]),
    ("quinina", &["quinine"]),
    ("Chinin", &["quinine"]),
    ("Chininsulfat", &["quinine"]),
    ("Furosemid", &["loop_diuretic"]),
    ("Furosemida", &["loop_diuretic"]),
    ("omeprazol", &["ppi"]),
    ("espironolactona", &["potassium_sparing_diuretic"]),
    ("etinilestradiol", &["oral_contraceptive"]),
    ("Hidroclorotiazida", &["thiazide_diuretic"]),
    ("Hydrochlorothiazid", &["thiazide_diuretic"]),
    ("Zoledronsäure", &["iv_bisphosphonate"]),
    ("ácido zoledrónico", &["iv_bisphosphonate"]),
    ("Lipostat", &["statin"]),
    ("Caduet", &["statin", "dihydropyridine_ccb"]),
    ("Atozet", &["statin"]),
    ("Simvador", &["statin"]),
    ("Torvast", &["statin"]),
    ("Limptar N", &["quinine"]),
    ("Hexaquine", &["quinine"]),
    ("Okimus", &["quinine"]),
    ("Evra", &["oral_contraceptive"]),
    ("NuvaRing", &["oral_contraceptive"]),
    ("Dianette", &["oral_contraceptive"]),
    ("co-cyprindrol", &["oral_contraceptive"]),
    ("co-cyprindiol", &["oral_contraceptive"]),
    ("Duavive", &["estrogen"]),
    ("Tonic", &["quinine"]),
    ("Schweppes Indian Tonic", &["quinine"]),
    ("gin and tonic", &["quinine"]),
    ("simvastatin40mg", &["statin"]),
    ("Furosemid40mg", &["loop_diuretic"]),
    // Combination tablets hold both classes: the sartan's potassium caution applies.
    ("CoAprovel", &["thiazide_diuretic", "arb"]),
    ("Blopress Plus 16 mg/12,5 mg", &["thiazide_diuretic", "arb"]),
    (
        "Moduretic",
        &["potassium_sparing_diuretic", "thiazide_diuretic"],
    ),
    (
        "Aldactazine",
        &["potassium_sparing_diuretic", "thiazide_diuretic"],
    ),
];

#[test]
fn every_name_the_clinical_audit_found_unrecognised_resolves_to_every_class_it_holds() {
    let kb = kb();
    for (typed, expected) in AUDIT_NAMES {
        let mut found = classes_of(&kb, typed);
        found.sort();
        let mut expected = expected.to_vec();
        expected.sort_unstable();
        assert_eq!(found, expected, "{typed}");
    }
}

#[test]
fn a_dose_glued_to_a_name_is_split_off_and_a_name_alone_is_not_split() {
    let kb = kb();
    for (typed, class) in [
        ("Lipitor20", "statin"),
        ("LASIX40MG", "loop_diuretic"),
        ("omeprazol20mg", "ppi"),
        ("Seretide250", "laba"),
    ] {
        assert_eq!(classes_of(&kb, typed), [class], "{typed}");
    }
    // Digits before letters are a dose, not a name.
    assert!(classes_of(&kb, "40mg").is_empty());
}

/// The regular INN endings, English to Spanish, German and French (H-72). Applied to every
/// single-word English generic name and to "X-ic acid"; what they cannot derive is listed in
/// `IRREGULAR`.
fn regular_local_form(english: &str, lang: Lang) -> Option<String> {
    if let Some(stem) = english.strip_suffix("ic acid") {
        return Some(match lang {
            Lang::Es => format!("acido {stem}ico"),
            Lang::De => format!("{stem}saure"),
            Lang::Fr => format!("acide {stem}ique"),
            Lang::En => return None,
        });
    }
    if english.contains(' ') {
        return None;
    }
    let endings: &[(&str, &str)] = match lang {
        Lang::Es => &[
            ("ine", "ina"),
            ("ide", "ida"),
            ("ole", "ol"),
            ("one", "ona"),
            ("ate", "ato"),
            ("ene", "eno"),
            ("in", "ina"),
            ("en", "eno"),
        ],
        Lang::De => &[
            ("ine", "in"),
            ("ide", "id"),
            ("ole", "ol"),
            ("one", "on"),
            ("ate", "at"),
            ("ene", "en"),
        ],
        Lang::Fr => &[("in", "ine"), ("en", "ene")],
        Lang::En => return None,
    };
    let (from, to) = endings.iter().find(|(from, _)| english.ends_with(from))?;
    let mut local = format!("{}{to}", &english[..english.len() - from.len()]);
    if lang == Lang::Es {
        // Spanish spelling: th, ph, y and chl become t, f, i and cl; an initial s before a
        // consonant takes an e ("espironolactona").
        local = local
            .replace("th", "t")
            .replace("ph", "f")
            .replace('y', "i")
            .replace("chl", "cl");
        if local.starts_with('s') && !local[1..].starts_with(['a', 'e', 'i', 'o', 'u']) {
            local.insert(0, 'e');
        }
    }
    Some(local)
}

/// Where the regular endings do not give the local INN: the real form, or `None` where the
/// English name is an old or US-only spelling with no local form of its own.
const IRREGULAR: [(&str, Lang, Option<&str>); 20] = [
    ("amlodipine", Lang::Es, Some("amlodipino")),
    ("nifedipine", Lang::Es, Some("nifedipino")),
    ("cisplatin", Lang::Es, Some("cisplatino")),
    ("carboplatin", Lang::Es, Some("carboplatino")),
    ("oxaliplatin", Lang::Es, Some("oxaliplatino")),
    ("ethacrynic acid", Lang::Es, Some("acido etacrinico")),
    ("ethacrynic acid", Lang::De, Some("etacrynsaure")),
    ("ethacrynic acid", Lang::Fr, Some("acide etacrynique")),
    ("frusemide", Lang::Es, None),
    ("frusemide", Lang::De, None),
    ("torsemide", Lang::Es, None),
    ("torsemide", Lang::De, None),
    ("chlorthalidone", Lang::Es, None),
    ("chlorthalidone", Lang::De, None),
    ("bendrofluazide", Lang::Es, None),
    ("bendrofluazide", Lang::De, None),
    ("levalbuterol", Lang::Es, None),
    ("dexlansoprazole", Lang::Es, Some("dexlansoprazol")),
    ("oestrogen", Lang::Es, None),
    ("quinine", Lang::De, Some("chinin")),
];

#[test]
fn every_generic_name_resolves_in_its_spanish_german_and_french_spelling() {
    let kb = kb();
    let mut checked = 0;
    let mut missing = Vec::new();
    for class in &kb.medication_classes {
        for english in &class.generic_names {
            for lang in [Lang::Es, Lang::De, Lang::Fr] {
                let irregular = IRREGULAR
                    .iter()
                    .find(|(name, l, _)| name == english && *l == lang);
                let local = match irregular {
                    Some((_, _, real)) => real.map(String::from),
                    None => regular_local_form(english, lang),
                };
                let Some(local) = local.filter(|l| l != english) else {
                    continue;
                };
                checked += 1;
                if !classes_of(&kb, &local).contains(&class.id) {
                    missing.push(format!("{} {english}: {local:?}", lang.as_str()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not recognised:\n{}",
        missing.join("\n")
    );
    assert!(checked > 100, "only {checked} local spellings checked");
}

#[test]
fn every_local_name_resolves_to_its_own_class_and_cites_its_register() {
    let kb = kb();
    for class in &kb.medication_classes {
        let local = &class.local_generic_names;
        for (names, register) in [
            (&local.es, "aemps_cima"),
            (&local.de, "bfarm_amice"),
            (&local.fr, "ansm_bdpm"),
        ] {
            for name in names {
                assert!(
                    classes_of(&kb, name).contains(&class.id),
                    "{name} is not {}",
                    class.id
                );
            }
            assert!(
                names.is_empty() || class.source_ids.iter().any(|s| s == register),
                "{} lists local names without citing {register}",
                class.id
            );
        }
        for name in &class.combination_brands {
            let found = classes_of(&kb, name);
            assert!(
                found.len() >= 2 && found.contains(&class.id),
                "{name}: {found:?}"
            );
        }
    }
}

#[test]
fn a_combination_brand_under_one_class_only_or_a_local_name_of_two_classes_is_rejected() {
    let files = KnowledgeFiles::embedded();
    let broken = |from: &str, to: &str| {
        let text = files.text("medication_classes.toml").replacen(from, to, 1);
        assert_ne!(text, files.text("medication_classes.toml"), "{from}");
        KnowledgeBase::from_files(&files.clone().with_text("medication_classes.toml", text))
            .expect_err("the broken copy is rejected")
            .to_string()
    };
    let error = broken(
        "combination_brands = [\"caduet\"]\nraises",
        "combination_brands = [\"caduet\", \"atozet2\"]\nraises",
    );
    assert!(error.contains("one class only"), "{error}");
    let error = broken("\"torasemida\"", "\"torasemida\", \"omeprazol\"");
    assert!(error.contains("already listed"), "{error}");
    let error = broken("\"furosemid\"", "\"furosemid\", \"furosemid\"");
    assert!(error.contains("twice"), "{error}");
    let error = broken("\"acido etacrinico\"", "\"ácido etacrínico\"");
    assert!(error.contains("no accents"), "{error}");
}

#[test]
fn tonic_water_in_any_phrasing_is_quinine_and_no_remedy_recommends_it() {
    let kb = kb();
    for typed in [
        "Tonic",
        " TONIC ",
        "tonic water",
        "Schweppes Indian Tonic",
        "gin and tonic",
        "Gin Tonic",
        "agua tónica",
        "Tónica",
    ] {
        assert_eq!(classes_of(&kb, typed), ["quinine"], "{typed}");
    }
    // "Tonic" inside another name is not tonic water.
    for typed in ["iron tonic", "Metatone Tonic", "tonic wine", "Zzyzx Tonic"] {
        assert!(classes_of(&kb, typed).is_empty(), "{typed}");
    }
    for id in ["quinine", "tonic_water"] {
        assert_eq!(
            kb.remedy(id).unwrap().evidence,
            crate::domain::EvidenceLevel::NotRecommended,
            "{id}"
        );
    }
}

#[test]
fn french_names_with_the_oe_ligature_are_recognised() {
    let kb = kb();
    assert_eq!(classes_of(&kb, "Œstradiol 2 mg"), ["estrogen"]);
    assert_eq!(classes_of(&kb, "œstrogènes conjugués"), ["estrogen"]);
    assert_eq!(classes_of(&kb, "éthinylœstradiol"), ["oral_contraceptive"]);
}
