//! The checker checked: each safety invariant is fed a hand-made answer that breaks it, and must
//! name the rule. A checker whose invariants returned nothing would fail every test here.

use serde_json::{Value, json};

use super::invariants::{
    CONTRAINDICATED, DISCLAIMER, FLAG_ORDER, LABEL_ADVICE, NEVER_STOP, NO_QUININE, SEEK_CARE_FIRST,
    SEEK_CARE_NAMES_FLAGS, TRIAGE_LEVEL, broken,
};
use super::{Expected, compare_with_expected, parse_args, stop_advice};

const ROUTINE: &str = "Do not stop or change this medicine on your own. Ask your prescriber or \
                       pharmacist to review it, especially if the cramps began or got worse after \
                       you started it or after a dose change.";
const DVT_ACTION: &str = "Contact a GP or doctor today, or an urgent care service / NHS 111, and \
                          say you are worried about a blood clot in your leg.";
const LABEL: &str = "Tell the doctor or emergency team today that you take raloxifene. Its \
                     patient leaflet says that if you get signs of a blood clot, you should stop \
                     taking it and get medical help at once.";

fn profile() -> Value {
    json!({
        "age": 64,
        "medications": ["Simvastatin 40mg"],
        "conditions": [],
        "symptoms": ["one_sided_calf_swelling", "numbness_or_tingling"],
        "cramps": {"typical_duration_minutes": 15}
    })
}

/// A well-formed answer under two urgent flags and a "soon" one: breaks no rule.
fn answer() -> Value {
    json!({
        "disclaimer": "This is general self-help information about night-time leg cramps, not a diagnosis.",
        "knowledge": {"content_hash": "abc", "version": "1", "reviewed": "2026-11-27"},
        "triage": {
            "level": "urgent",
            "headline": "Swelling in one calf can be a blood clot. Get medical advice today.",
            "red_flags": [
                {"id": "possible_dvt", "urgency": "urgent", "title": "Possible clot", "action": DVT_ACTION, "pointers": ["/symptoms/0"]},
                {"id": "prolonged_cramp", "urgency": "urgent", "title": "Long cramps", "action": "Contact a GP or doctor today.", "pointers": ["/cramps/typical_duration_minutes"]},
                {"id": "sensory_symptoms", "urgency": "soon", "title": "Numbness", "action": "See a GP or doctor within two weeks.", "pointers": ["/symptoms/1"]}
            ]
        },
        "causes": [
            {"id": "medication", "title": "A medicine you take", "because": [
                {"pointer": "/medications/0", "fact": "Simvastatin 40mg (statin): cramps have been reported."}
            ]}
        ],
        "remedies": [
            {"id": "stretch_cramping_muscle", "title": "Stretch the cramping muscle"},
            {"id": "bedtime_stretching", "title": "Stretch before bed"}
        ],
        "withheld_remedies": [
            {"id": "massage", "reason": "Do not massage a leg that may have a clot."},
            {"id": "heat", "reason": "Do not put heat on a leg that may have a clot."}
        ],
        "medication_review": [
            {"medicine": "Simvastatin 40mg", "class_id": "statin", "class_title": "Statin", "advice": ROUTINE, "pointer": "/medications/0"}
        ],
        "relief_plan": {"steps": [
            {"order": 1, "phase": "seek_care_now", "action": DVT_ACTION,
             "why": {"red_flag_ids": ["possible_dvt", "prolonged_cramp"], "cause_ids": [], "text": "A clot needs checking today."}},
            {"order": 2, "phase": "during_cramp", "remedy_id": "stretch_cramping_muscle", "action": "Straighten your leg.",
             "why": {"red_flag_ids": [], "cause_ids": [], "text": "Stretching ends a cramp."}},
            {"order": 3, "phase": "tonight", "remedy_id": "bedtime_stretching", "action": "Stretch before bed.",
             "why": {"red_flag_ids": [], "cause_ids": [], "text": "May make cramps less frequent."}},
            {"order": 4, "phase": "with_clinician", "action": "See a GP or doctor within two weeks.",
             "why": {"red_flag_ids": ["sensory_symptoms"], "cause_ids": [], "text": "Numbness should be checked."}}
        ]}
    })
}

/// `body` breaks `rule`, and no other rule; one problem names `detail`.
#[track_caller]
fn breaks(profile: &Value, body: &Value, rule: &str, detail: &str) {
    let problems = broken(profile, body);
    assert!(!problems.is_empty(), "expected {rule} to be broken");
    for problem in &problems {
        assert!(
            problem.starts_with(&format!("{rule}: ")),
            "only {rule} should be broken, got {problems:#?}"
        );
    }
    assert!(
        problems.iter().any(|p| p.contains(detail)),
        "a problem should mention {detail:?}: {problems:#?}"
    );
}

#[test]
fn a_well_formed_answer_breaks_no_rule() {
    assert_eq!(broken(&profile(), &answer()), Vec::<String>::new());
}

#[test]
fn quinine_or_tonic_water_offered_as_a_remedy_or_in_the_plan_breaks_rule_3() {
    for remedy in ["quinine", "tonic_water"] {
        let mut body = answer();
        body["remedies"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": remedy, "title": "x"}));
        breaks(
            &profile(),
            &body,
            NO_QUININE,
            &format!("{remedy} is offered in remedies"),
        );

        let mut body = answer();
        body["relief_plan"]["steps"][2]["remedy_id"] = json!(remedy);
        breaks(
            &profile(),
            &body,
            NO_QUININE,
            &format!("{remedy} is offered as relief-plan step 3"),
        );
    }
}

#[test]
fn step_1_other_than_seek_care_under_an_urgent_or_emergency_flag_breaks_rule_1() {
    let mut body = answer();
    body["relief_plan"]["steps"]
        .as_array_mut()
        .unwrap()
        .swap(0, 1);
    breaks(
        &profile(),
        &body,
        SEEK_CARE_FIRST,
        "step 1 is \"during_cramp\"",
    );

    let mut body = answer();
    body["triage"]["level"] = json!("emergency");
    body["triage"]["red_flags"][0]["urgency"] = json!("emergency");
    body["relief_plan"]["steps"][0]["phase"] = json!("with_clinician");
    breaks(&profile(), &body, SEEK_CARE_FIRST, "triage is emergency");

    let mut body = answer();
    body["relief_plan"]["steps"] = json!([]);
    breaks(&profile(), &body, SEEK_CARE_FIRST, "no steps");
}

#[test]
fn a_seek_care_step_that_does_not_name_every_urgent_flag_breaks_rule_1() {
    let mut body = answer();
    body["relief_plan"]["steps"][0]["why"]["red_flag_ids"] = json!(["possible_dvt"]);
    breaks(
        &profile(),
        &body,
        SEEK_CARE_NAMES_FLAGS,
        "lack prolonged_cramp",
    );

    let mut body = answer();
    body["relief_plan"]["steps"][0]["why"]["red_flag_ids"] = json!([]);
    let problems = broken(&profile(), &body);
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

#[test]
fn a_seek_care_step_with_a_less_urgent_flags_action_breaks_rule_1() {
    let mut body = answer();
    body["triage"]["level"] = json!("emergency");
    body["triage"]["red_flags"][1]["urgency"] = json!("emergency");
    body["triage"]["red_flags"]
        .as_array_mut()
        .unwrap()
        .swap(0, 1);
    breaks(
        &profile(),
        &body,
        SEEK_CARE_FIRST,
        "not the action of the most urgent red flag, prolonged_cramp",
    );
}

#[test]
fn red_flags_out_of_urgency_order_break_rule_1() {
    let mut body = answer();
    body["triage"]["red_flags"]
        .as_array_mut()
        .unwrap()
        .reverse();
    breaks(
        &profile(),
        &body,
        FLAG_ORDER,
        "red flag prolonged_cramp (urgent) is listed after sensory_symptoms (soon)",
    );

    let mut body = answer();
    body["triage"]["red_flags"]
        .as_array_mut()
        .unwrap()
        .swap(1, 2);
    breaks(
        &profile(),
        &body,
        FLAG_ORDER,
        "red flag prolonged_cramp (urgent) is listed after sensory_symptoms (soon)",
    );
}

#[test]
fn a_triage_level_that_does_not_follow_from_the_flags_breaks_rule_1() {
    let mut body = answer();
    body["triage"]["level"] = json!("soon");
    breaks(
        &profile(),
        &body,
        TRIAGE_LEVEL,
        "most urgent red flag is urgent",
    );

    let mut body = answer();
    body["triage"]["red_flags"] = json!([]);
    body["relief_plan"]["steps"][0]["why"]["red_flag_ids"] = json!([]);
    breaks(&profile(), &body, TRIAGE_LEVEL, "no red flag is listed");

    let mut body = answer();
    body["triage"]
        .as_object_mut()
        .unwrap()
        .remove("level")
        .unwrap();
    breaks(&profile(), &body, TRIAGE_LEVEL, "triage.level is missing");
}

#[test]
fn a_soon_flag_without_a_with_clinician_step_breaks_rule_1() {
    let mut body = answer();
    body["triage"]["red_flags"] = json!([body["triage"]["red_flags"][2].clone()]);
    body["triage"]["level"] = json!("soon");
    let steps = body["relief_plan"]["steps"].as_array_mut().unwrap();
    steps.remove(0);
    assert_eq!(broken(&profile(), &body), Vec::<String>::new());
    body["relief_plan"]["steps"].as_array_mut().unwrap().pop();
    breaks(&profile(), &body, SEEK_CARE_FIRST, "no with_clinician step");
}

/// The answer without its red flags (self care), so that only the profile's contraindications
/// apply.
fn calm_answer() -> Value {
    let mut body = answer();
    body["triage"] =
        json!({"level": "self_care", "headline": "No warning signs.", "red_flags": []});
    body["withheld_remedies"] = json!([]);
    let steps = body["relief_plan"]["steps"].as_array_mut().unwrap();
    steps.remove(3);
    steps.remove(0);
    body
}

#[test]
fn heat_offered_with_diabetes_neuropathy_or_artery_disease_breaks_rule_4() {
    assert_eq!(broken(&profile(), &calm_answer()), Vec::<String>::new());
    for condition in [
        "diabetes",
        "peripheral_neuropathy",
        "peripheral_artery_disease",
    ] {
        let profile = json!({"age": 64, "conditions": [condition]});
        let mut body = calm_answer();
        body["remedies"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "heat", "title": "Warmth"}));
        breaks(
            &profile,
            &body,
            CONTRAINDICATED,
            "heat is offered in remedies despite diabetes, neuropathy or artery disease",
        );

        let mut body = calm_answer();
        body["relief_plan"]["steps"][0]["remedy_id"] = json!("heat");
        breaks(
            &profile,
            &body,
            CONTRAINDICATED,
            "heat is offered as relief-plan step 1 despite diabetes",
        );
    }
}

#[test]
fn massage_or_heat_offered_with_a_suspected_clot_breaks_rule_4() {
    for remedy in ["massage", "heat"] {
        let mut body = answer();
        body["withheld_remedies"] = json!([]);
        body["remedies"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": remedy, "title": "x"}));
        breaks(
            &profile(),
            &body,
            CONTRAINDICATED,
            &format!("{remedy} is offered in remedies despite a suspected clot"),
        );
    }
    let mut body = answer();
    body["triage"]["red_flags"][0]["id"] = json!("possible_pulmonary_embolism");
    body["relief_plan"]["steps"][0]["why"]["red_flag_ids"] =
        json!(["possible_pulmonary_embolism", "prolonged_cramp"]);
    body["relief_plan"]["steps"][1]["remedy_id"] = json!("massage");
    breaks(
        &profile(),
        &body,
        CONTRAINDICATED,
        "massage is offered as relief-plan step 2 despite a suspected clot",
    );
}

#[test]
fn the_other_contraindications_and_any_withheld_remedy_offered_break_rule_4() {
    let cases = [
        (
            json!({"conditions": ["chronic_kidney_disease"]}),
            "magnesium_supplement",
        ),
        (json!({"conditions": ["dialysis"]}), "potassium_supplement"),
        (json!({"conditions": ["heart_failure"]}), "hydration"),
        (
            json!({"lifestyle": {"on_fluid_restriction": true}}),
            "hydration",
        ),
    ];
    for (profile, remedy) in cases {
        let mut body = calm_answer();
        body["remedies"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": remedy}));
        breaks(
            &profile,
            &body,
            CONTRAINDICATED,
            &format!("{remedy} is offered"),
        );
    }
    let mut body = calm_answer();
    body["withheld_remedies"] = json!([{"id": "bedtime_stretching", "reason": "x"}]);
    breaks(
        &json!({}),
        &body,
        CONTRAINDICATED,
        "bedtime_stretching is withheld but also offered in remedies",
    );
}

#[test]
fn stop_taking_advice_breaks_rule_2_in_each_language() {
    let advice = [
        ("en", "Stop taking this medicine for a week."),
        ("en", "Discontinue it if the cramps continue."),
        ("es", "Deje de tomar este medicamento durante una semana."),
        ("es", "Suspenda el tratamiento si los calambres continúan."),
        ("de", "Setzen Sie dieses Medikament für eine Woche ab."),
        ("de", "Nehmen Sie es nicht mehr ein."),
        ("fr", "Arrêtez ce médicament pendant une semaine."),
        ("fr", "Cessez de le prendre si les crampes continuent."),
    ];
    for (language, text) in advice {
        for pointer in [
            "/medication_review/0/advice",
            "/relief_plan/steps/3/action",
            "/triage/red_flags/2/action",
            "/causes/0/because/0/fact",
        ] {
            let mut body = answer();
            *body.pointer_mut(pointer).unwrap() = json!(text);
            let problems = broken(&profile(), &body);
            assert!(
                problems.len() == 1
                    && problems[0].starts_with(&format!("{NEVER_STOP}: {pointer} says"))
                    && problems[0]
                        .split("matched ")
                        .nth(1)
                        .and_then(|rest| rest.split(' ').next())
                        .is_some_and(|label| label.contains(language)),
                "{text:?} at {pointer}: {problems:#?}"
            );
        }
    }
}

#[test]
fn the_routine_do_not_stop_text_is_allowed_in_each_language() {
    for routine in [
        ROUTINE,
        "No deje ni cambie este medicamento por su cuenta. Pida al médico que se lo recetó o a su farmacéutico que lo revise.",
        "Setzen Sie dieses Medikament nicht eigenmächtig ab und ändern Sie es nicht selbst.",
        "N'arrêtez pas et ne modifiez pas ce médicament de vous-même.",
    ] {
        let mut body = answer();
        body["medication_review"][0]["advice"] = json!(routine);
        assert_eq!(broken(&profile(), &body), Vec::<String>::new(), "{routine}");
    }
}

/// The answer with raloxifene implicated by the raised possible-DVT flag.
fn implicated(red_flag_ids: Value, advice: &str) -> Value {
    let mut body = answer();
    body["medication_review"]
        .as_array_mut()
        .unwrap()
        .push(json!({
            "medicine": "Evista", "class_id": "raloxifene", "class_title": "Raloxifene",
            "advice": advice, "red_flag_ids": red_flag_ids, "pointer": "/medications/1"
        }));
    body
}

#[test]
fn a_medicine_implicated_by_a_raised_flag_may_carry_its_labels_stop_advice() {
    let body = implicated(json!(["possible_dvt"]), LABEL);
    assert_eq!(broken(&profile(), &body), Vec::<String>::new());
    let body = implicated(json!(["possible_dvt", "prolonged_cramp"]), LABEL);
    assert_eq!(broken(&profile(), &body), Vec::<String>::new());
}

#[test]
fn the_exception_holds_only_for_that_entrys_advice_and_only_under_raised_flags() {
    // A cited flag that is not raised.
    let body = implicated(
        json!(["possible_dvt", "possible_pulmonary_embolism"]),
        LABEL,
    );
    breaks(
        &profile(),
        &body,
        NEVER_STOP,
        "/medication_review/1/advice says",
    );
    // No cited flag.
    let body = implicated(json!([]), LABEL);
    breaks(
        &profile(),
        &body,
        NEVER_STOP,
        "/medication_review/1/advice says",
    );
    let mut body = implicated(json!(["possible_dvt"]), LABEL);
    body["medication_review"][1]
        .as_object_mut()
        .unwrap()
        .remove("red_flag_ids");
    breaks(
        &profile(),
        &body,
        NEVER_STOP,
        "/medication_review/1/advice says",
    );
    // The same words anywhere else: another entry, another field, a plan step.
    let mut body = implicated(json!(["possible_dvt"]), LABEL);
    body["medication_review"][0]["advice"] = json!(LABEL);
    breaks(
        &profile(),
        &body,
        NEVER_STOP,
        "/medication_review/0/advice says",
    );
    let mut body = implicated(json!(["possible_dvt"]), LABEL);
    body["medication_review"][1]["class_title"] = json!(LABEL);
    breaks(
        &profile(),
        &body,
        NEVER_STOP,
        "/medication_review/1/class_title says",
    );
    let mut body = implicated(json!(["possible_dvt"]), LABEL);
    body["relief_plan"]["steps"][0]["why"]["text"] = json!(LABEL);
    breaks(
        &profile(),
        &body,
        NEVER_STOP,
        "/relief_plan/steps/0/why/text says",
    );
}

#[test]
fn an_implicated_medicine_keeping_the_routine_do_not_stop_text_breaks_rule_2() {
    let body = implicated(json!(["possible_dvt"]), ROUTINE);
    breaks(
        &profile(),
        &body,
        LABEL_ADVICE,
        "implicated by possible_dvt but says not to stop it",
    );
}

#[test]
fn the_persons_own_medicine_names_are_not_advice() {
    let profile = json!({"age": 50, "medications": ["  StopCramp   forte ", "Simvastatin 40mg"]});
    let mut body = answer();
    body["triage"]["level"] = json!("urgent");
    body["unrecognised_medications"] = json!(["StopCramp forte"]);
    body["causes"][0]["because"][0]["fact"] =
        json!("You listed StopCramp forte, which we do not recognise.");
    assert_eq!(broken(&profile, &body), Vec::<String>::new());
    // Not an excuse for the same word elsewhere.
    body["causes"][0]["because"][0]["fact"] = json!("Stop the stopcramp forte.");
    breaks(&profile, &body, NEVER_STOP, "says \"Stop\"");
}

#[test]
fn a_missing_or_empty_disclaimer_is_reported() {
    let mut body = answer();
    body.as_object_mut().unwrap().remove("disclaimer");
    breaks(&profile(), &body, DISCLAIMER, "the disclaimer is missing");
    let mut body = answer();
    body["disclaimer"] = json!("  ");
    breaks(&profile(), &body, DISCLAIMER, "the disclaimer is missing");
}

#[test]
fn a_focused_view_is_checked_on_what_it_carries() {
    let full = answer();
    let causes = json!({
        "triage": full["triage"], "knowledge": full["knowledge"], "disclaimer": full["disclaimer"],
        "causes": full["causes"], "medication_review": full["medication_review"],
        "unrecognised_medications": []
    });
    assert_eq!(broken(&profile(), &causes), Vec::<String>::new());
    let mut reordered = causes.clone();
    reordered["triage"]["red_flags"]
        .as_array_mut()
        .unwrap()
        .reverse();
    breaks(&profile(), &reordered, FLAG_ORDER, "listed after");
}

#[test]
fn strict_mode_compares_even_when_the_knowledge_differs() {
    let expected = format!("---\nsource: x\n---\n{}", answer());
    let mut other = answer();
    other["knowledge"]["content_hash"] = json!("def");
    other["remedies"] = json!([]);
    assert_eq!(
        compare_with_expected(&other, &expected, Expected::WhenSameKnowledge),
        Vec::<String>::new(),
        "another knowledge set legitimately answers otherwise"
    );
    let strict = compare_with_expected(&other, &expected, Expected::Always);
    assert!(
        strict.len() == 1 && strict[0].starts_with("strict: "),
        "{strict:?}"
    );
    assert_eq!(
        compare_with_expected(&answer(), &expected, Expected::Always),
        Vec::<String>::new()
    );
    let mut changed = answer();
    changed["remedies"] = json!([]);
    assert_eq!(
        compare_with_expected(&changed, &expected, Expected::Always),
        vec!["same knowledge content as the fixture but a different answer in: remedies"]
    );
}

#[test]
fn the_command_line_takes_strict_and_the_api_key_from_the_environment() {
    let args = |a: &[&str]| a.iter().map(ToString::to_string).collect::<Vec<_>>();
    let (options, expected) = parse_args(
        &args(&["--base-url", "http://x", "--strict"]),
        Some("k".into()),
    )
    .unwrap();
    assert_eq!(options.base_url, "http://x");
    assert_eq!(options.api_key.as_deref(), Some("k"));
    assert_eq!(expected, Expected::Always);
    let (options, expected) = parse_args(
        &args(&["--api-key", "flag", "--base-url", "http://y"]),
        Some("env".into()),
    )
    .unwrap();
    assert_eq!(options.api_key.as_deref(), Some("flag"));
    assert_eq!(expected, Expected::WhenSameKnowledge);
    for bad in [
        &["--strict"][..],
        &["--base-url"],
        &["--base-url", "u", "--loose"],
    ] {
        let error = parse_args(&args(bad), None).unwrap_err().to_string();
        assert!(error.contains("usage:"), "{bad:?}: {error}");
    }
}

/// Every text of the knowledge base, in every language, passes rule 2's deny-by-default check:
/// a new "stop" wording anywhere fails here until it is reviewed (see `stop_advice::ALLOW`).
/// Not read: `sources.toml` (titles of the publications cited) and the label advice of a red
/// flag's `implicates` (`advice` and `emergency_advice`, and their translations `implicates` and
/// `implicates_emergency`; shown only under that flag: the live check allows it there, and only
/// there).
#[test]
fn every_knowledge_text_in_every_language_passes_rule_2() {
    fn walk(value: &toml::Value, pointer: String, out: &mut Vec<(String, String)>) {
        match value {
            toml::Value::String(text) if text.contains(' ') => out.push((pointer, text.clone())),
            toml::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, format!("{pointer}/{i}"), out);
                }
            }
            toml::Value::Table(table) => {
                let label_advice = |k: &str| matches!(k, "implicates" | "implicates_emergency");
                for (key, item) in table.iter().filter(|(k, _)| !label_advice(k.as_str())) {
                    walk(item, format!("{pointer}/{key}"), out);
                }
            }
            _ => {}
        }
    }
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/knowledge/data");
    let mut files = Vec::new();
    for dir in ["", "es", "de", "fr"] {
        for entry in std::fs::read_dir(data.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml")
                && path.file_name().is_some_and(|n| n != "sources.toml")
            {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 4 * 6, "found the knowledge files: {files:?}");
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let value: toml::Value = toml::from_str(&text).unwrap();
        let mut texts = Vec::new();
        walk(&value, String::new(), &mut texts);
        for (pointer, text) in texts {
            for finding in stop_advice::findings(&text) {
                problems.push(format!(
                    "{}:{pointer}: {:?} ({} pattern {:?}) in {text:?}",
                    file.strip_prefix(&data).unwrap().display(),
                    finding.excerpt,
                    finding.language,
                    finding.pattern
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "texts telling someone to stop a medicine, or new wordings to review:\n{}",
        problems.join("\n")
    );
}

mod cds {
    use serde_json::{Value, json};

    use super::super::cds::{
        EXAMPLE_BASE_URL, ORDER_SELECT_PATH, PATIENT_VIEW_PATH, QUININE_ORDER, answer_differences,
        discovery_problems, hook_examples, quinine_problems, without_prefetch,
    };
    use super::super::schema::SPEC;

    fn spec() -> Value {
        serde_json::from_str(SPEC).unwrap()
    }

    #[test]
    fn the_spec_publishes_patient_view_examples_each_with_its_answer() {
        let examples = hook_examples(&spec(), PATIENT_VIEW_PATH);
        assert!(examples.len() >= 3, "{examples:?}");
        for example in &examples {
            assert!(example.request["prefetch"].is_object(), "{}", example.name);
            assert!(
                example.answer.is_some(),
                "{} has a documented answer",
                example.name
            );
        }
    }

    #[test]
    fn the_spec_publishes_the_quinine_order_and_its_answer_passes_the_quinine_rule() {
        let quinine = hook_examples(&spec(), ORDER_SELECT_PATH)
            .into_iter()
            .find(|e| e.name == QUININE_ORDER)
            .expect("the quinine order example");
        let answer = quinine.answer.expect("its documented answer");
        assert_eq!(quinine_problems(&answer), Vec::<String>::new());
        assert!(answer.to_string().contains(EXAMPLE_BASE_URL));
    }

    #[test]
    fn an_unknown_path_has_no_examples() {
        assert!(hook_examples(&spec(), "/cds-services/nope").is_empty());
    }

    #[test]
    fn without_prefetch_removes_every_source_of_fhir_data_and_keeps_the_rest() {
        let request = json!({
            "hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p"},
            "prefetch": {"patient": {}}, "fhirServer": "https://fhir.example",
            "fhirAuthorization": {"access_token": "t"}
        });
        assert_eq!(
            without_prefetch(&request),
            json!({"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p"}})
        );
    }

    fn discovery() -> Value {
        json!({"services": [
            {"id": "nocturnal-leg-cramps", "hook": "patient-view", "prefetch": {"patient": "Patient/{{context.patientId}}"}},
            {"id": "quinine-for-cramps", "hook": "order-select", "prefetch": {"patient": "Patient/{{context.patientId}}"}}
        ]})
    }

    #[test]
    fn discovery_must_list_each_service_with_its_hook_and_prefetch() {
        assert_eq!(discovery_problems(&discovery()), Vec::<String>::new());
        let mut missing = discovery();
        missing["services"].as_array_mut().unwrap().remove(1);
        assert_eq!(
            discovery_problems(&missing),
            ["service quinine-for-cramps is not listed"]
        );
        let mut wrong = discovery();
        wrong["services"][0]["hook"] = json!("order-sign");
        wrong["services"][1]["prefetch"] = json!({});
        assert_eq!(
            discovery_problems(&wrong),
            [
                "service nocturnal-leg-cramps has hook \"order-sign\", expected \"patient-view\"",
                "service quinine-for-cramps publishes no prefetch templates"
            ]
        );
        assert_eq!(discovery_problems(&json!({})).len(), 2);
    }

    #[test]
    fn a_quinine_order_answered_without_a_warning_or_with_a_quinine_suggestion_fails() {
        let info =
            json!({"cards": [{"indicator": "info", "summary": "Quinine order", "detail": ""}]});
        assert_eq!(
            quinine_problems(&info),
            ["no warning or critical card about quinine answers the quinine order"]
        );
        assert_eq!(quinine_problems(&json!({"cards": []})).len(), 1);
        let suggests = json!({"cards": [{
            "indicator": "critical", "summary": "Quinine is not advised", "detail": "",
            "suggestions": [{"label": "Order", "actions": [{"type": "create",
                "resource": {"resourceType": "MedicationRequest", "medicationCodeableConcept": {"text": "Quinine 300 mg"}}}]}]
        }]});
        assert_eq!(
            quinine_problems(&suggests),
            ["card 0 suggests creating a quinine order"]
        );
        let deletes = json!({"cards": [{
            "indicator": "warning", "summary": "Quinine is not advised", "detail": "",
            "suggestions": [{"label": "Remove", "actions": [{"type": "delete", "resourceId": ["MedicationRequest/draft-quinine"]}]}]
        }]});
        assert_eq!(quinine_problems(&deletes), Vec::<String>::new());
    }

    #[test]
    fn the_documented_answer_is_compared_with_the_deployments_base_url() {
        let documented =
            json!({"cards": [{"links": [{"url": format!("{EXAMPLE_BASE_URL}/v1/remedies/x")}]}]});
        let live = json!({"cards": [{"links": [{"url": "http://127.0.0.1:9/v1/remedies/x"}]}]});
        assert_eq!(
            answer_differences(&documented, &live, "http://127.0.0.1:9/"),
            Vec::<String>::new()
        );
        let other = json!({"cards": [{"links": [{"url": "http://127.0.0.1:9/v1/remedies/y"}]}]});
        let differences = answer_differences(&documented, &other, "http://127.0.0.1:9");
        assert_eq!(differences.len(), 1);
        assert!(
            differences[0].contains("differing card(s): [0]"),
            "{differences:?}"
        );
    }
}
