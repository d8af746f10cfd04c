use super::*;
use crate::domain::{Association, EvidenceLevel, Lang, Urgency};

fn embedded_files() -> KnowledgeFiles {
    KnowledgeFiles::embedded()
}

#[test]
fn the_embedded_knowledge_base_loads_and_passes_every_check() {
    // Act
    let kb = KnowledgeBase::embedded();

    // Assert
    assert!(
        kb.is_ok(),
        "embedded knowledge base is broken: {}",
        kb.unwrap_err()
    );
}

#[test]
fn the_knowledge_base_meets_the_documented_minimums() {
    let kb = KnowledgeBase::embedded().unwrap();
    let causes = [
        "age",
        "pregnancy",
        "medication",
        "dehydration",
        "mineral_deficiency",
        "overexertion",
        "prolonged_posture",
        "nerve_compression",
        "alcohol",
        "kidney_disease",
        "diabetes",
        "thyroid_disorder",
        "peripheral_artery_disease",
        "liver_disease",
        "peripheral_neuropathy",
        "sedentary_lifestyle",
        "parkinsons_disease",
        "idiopathic",
    ];
    for id in causes {
        assert!(kb.cause(id).is_some(), "missing cause {id}");
    }
    let remedies = [
        "stretch_cramping_muscle",
        "massage",
        "walk_it_off",
        "heat",
        "cold",
        "bedtime_stretching",
        "regular_exercise",
        "hydration",
        "limit_alcohol",
        "limit_caffeine",
        "loosen_bedding",
        "break_up_sitting",
        "supportive_footwear",
        "dietary_magnesium",
        "magnesium_supplement",
        "vitamin_b_complex",
        "medication_review",
        "clinician_review",
        "quinine",
        "tonic_water",
        "potassium_supplement",
        "calcium_supplement",
        "vitamin_e",
    ];
    for id in remedies {
        assert!(kb.remedy(id).is_some(), "missing remedy {id}");
    }
    for id in [
        "quinine",
        "tonic_water",
        "potassium_supplement",
        "calcium_supplement",
        "vitamin_e",
    ] {
        assert_eq!(
            kb.remedy(id).unwrap().evidence,
            EvidenceLevel::NotRecommended,
            "{id} must be not_recommended"
        );
    }
    assert!(
        kb.red_flags.len() >= 15,
        "only {} red flags",
        kb.red_flags.len()
    );
    assert!(
        kb.medication_classes.len() >= 15,
        "only {} medication classes",
        kb.medication_classes.len()
    );
    assert!(
        kb.generic_name_count() >= 60,
        "only {} generic names",
        kb.generic_name_count()
    );
    assert!(kb.sources.len() >= 30, "only {} sources", kb.sources.len());
    for id in [
        "restless_legs_syndrome",
        "periodic_limb_movements",
        "intermittent_claudication",
        "neurogenic_claudication",
        "deep_vein_thrombosis",
        "peripheral_neuropathy",
        "myositis",
        "dystonia",
    ] {
        assert!(
            kb.differentials.iter().any(|d| d.id == id),
            "missing differential {id}"
        );
    }
    assert!(kb.red_flags.iter().any(|f| f.urgency == Urgency::Emergency));
    assert_eq!(kb.content_hash().len(), 64);
}

#[test]
fn the_seed_folklore_is_corrected_in_the_content() {
    let kb = KnowledgeBase::embedded().unwrap();
    let magnesium = kb.remedy("magnesium_supplement").unwrap();
    assert!(
        magnesium.evidence_note.contains("Cochrane"),
        "magnesium must cite the Cochrane review"
    );
    let dietary = kb.remedy("dietary_magnesium").unwrap();
    let text = format!(
        "{} {} {}",
        dietary.summary,
        dietary.evidence_note,
        dietary
            .how_to
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    )
    .to_lowercase();
    assert!(
        text.contains("banana"),
        "dietary magnesium must correct the banana folklore"
    );
    assert!(kb.cause("dehydration").unwrap().association <= Association::Weak);
}

#[test]
fn a_medicine_is_matched_by_generic_or_brand_name_in_any_case_with_doses_and_spaces() {
    let kb = KnowledgeBase::embedded().unwrap();
    let cases = [
        ("hydrochlorothiazide", Some("thiazide_diuretic")),
        ("  Hydrochlorothiazide 25 mg ", Some("thiazide_diuretic")),
        ("LIPITOR 20mg", Some("statin")),
        ("fluticasone/salmeterol", Some("laba")),
        ("Symbicort", Some("laba")),
        ("paracetamol", None),
    ];
    for (typed, class) in cases {
        let got = kb.match_medicine(typed).map(|m| m.classes[0].id.clone());
        assert_eq!(got.as_deref(), class, "medicine {typed:?}");
    }
}

fn broken(name: &str, edit: impl Fn(&str) -> String) -> KnowledgeError {
    let files = embedded_files();
    let text = edit(files.text(name));
    KnowledgeBase::from_files(&files.with_text(name, text))
        .expect_err("the broken copy must be rejected")
}

#[test]
fn a_broken_copy_is_rejected_with_the_file_and_entry_named() {
    let cases: Vec<(&str, KnowledgeError, &str, &str)> = vec![
        (
            "duplicate id",
            broken("causes.toml", |t| {
                t.replacen("id = \"alcohol\"", "id = \"age\"", 1)
            }),
            "causes.toml",
            "age",
        ),
        (
            "no fallback cause",
            broken("causes.toml", |t| {
                t.replacen("role = \"fallback\"\n", "", 1)
            }),
            "causes.toml",
            "exactly one cause needs role",
        ),
        (
            "two fallback causes",
            broken("causes.toml", |t| {
                t.replacen("role = \"context\"", "role = \"fallback\"", 1)
            }),
            "causes.toml",
            "age, idiopathic",
        ),
        (
            "unknown source",
            broken("remedies.toml", |t| {
                t.replacen("\"hallegraeff_2012\"", "\"no_such_source\"", 1)
            }),
            "remedies.toml",
            "no_such_source",
        ),
        (
            "unknown field",
            broken("red_flags.toml", |t| {
                t.replacen(
                    "urgency = \"urgent\"",
                    "urgency = \"urgent\"\nurgancy = 1",
                    1,
                )
            }),
            "red_flags.toml",
            "urgancy",
        ),
        (
            "unknown rule kind",
            broken("causes.toml", |t| {
                t.replacen("kind = \"age_at_least\"", "kind = \"age_atleast\"", 1)
            }),
            "causes.toml",
            "entry age",
        ),
        (
            "not-recommended remedy offered",
            broken("remedies.toml", |t| {
                t.replacen(
                    "id = \"quinine\"",
                    "id = \"quinine\"\nsuggest_when = { kind = \"always\" }",
                    1,
                )
            }),
            "remedies.toml",
            "entry quinine",
        ),
    ];
    for (case, error, file, needle) in cases {
        let message = error.to_string();
        assert!(
            message.contains(file),
            "{case}: {message:?} does not name {file}"
        );
        assert!(
            message.contains(needle),
            "{case}: {message:?} does not name {needle:?}"
        );
    }
}

#[test]
fn a_replacement_set_is_read_from_a_directory_and_checked_the_same_way() {
    // Arrange
    let dir = std::env::temp_dir().join(format!("cramp-kb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in embedded_files().iter() {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    // Act
    let loaded = KnowledgeBase::from_dir(&dir).map(|kb| kb.content_hash().to_owned());
    let languages = KnowledgeBase::from_dir_all(&dir).map(|all| all.len());
    std::fs::remove_file(dir.join("questions.toml")).unwrap();
    let missing = KnowledgeBase::from_dir(&dir).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).unwrap();

    // Assert
    assert_eq!(
        loaded.unwrap(),
        KnowledgeBase::embedded().unwrap().content_hash()
    );
    assert_eq!(languages.unwrap(), 4);
    assert!(missing.contains("questions.toml"), "{missing}");
}

#[test]
fn every_translation_is_complete_and_keeps_ids_rules_and_numbers() {
    // Act
    let all = KnowledgeBase::embedded_all();

    // Assert
    let all = all.unwrap_or_else(|e| panic!("a translation is incomplete: {e}"));
    let english = &all[0];
    for (lang, kb) in Lang::ALL.iter().zip(&all).skip(1) {
        let ids = |kb: &KnowledgeBase| -> Vec<String> {
            kb.causes
                .iter()
                .map(|c| c.id.clone())
                .chain(kb.remedies.iter().map(|r| r.id.clone()))
                .collect()
        };
        assert_eq!(
            ids(kb),
            ids(english),
            "{lang:?}: same entries in the same order"
        );
        assert_ne!(
            kb.causes[0].title, english.causes[0].title,
            "{lang:?}: texts are translated"
        );
        assert_eq!(
            kb.causes[2].signals[0].weight, english.causes[2].signals[0].weight,
            "{lang:?}: numbers kept"
        );
        assert_ne!(
            kb.content_hash(),
            english.content_hash(),
            "{lang:?}: its own content hash"
        );
    }
}

#[test]
fn a_translation_missing_an_entry_or_changing_a_placeholder_is_rejected_by_name() {
    let files = embedded_files();
    let without_age = files
        .text("es/causes.toml")
        .replacen("[age]", "[not_a_cause]", 1);
    let error =
        KnowledgeBase::all_from_files(&files.clone().with_text("es/causes.toml", without_age))
            .unwrap_err();
    assert!(error.to_string().contains("es/causes.toml"), "{error}");
    let broken = files
        .text("fr/causes.toml")
        .replacen("{medicine}", "{médicament}", 1);
    let error =
        KnowledgeBase::all_from_files(&files.with_text("fr/causes.toml", broken)).unwrap_err();
    assert!(
        error.to_string().contains("fr/causes.toml") && error.to_string().contains("placeholders"),
        "{error}"
    );
}
