//! The red-flag faults of the clinical audit of 2026-12-03, each asserted over HTTP with the
//! audit's own profile: a medicine its label names for these symptoms is implicated with what the
//! label says, the level is the one the fact sheet (§12) gives, and the remedies unsafe while the
//! flag stands are withheld.

use serde_json::{Value, json};

use crate::helpers::{flags, ids, offered, spawn_app};

async fn assess(profile: Value) -> Value {
    let app = spawn_app().await;
    let response = app.post_assessment(&profile).await;
    assert_eq!(response.status(), 200, "{profile}");
    response.json().await.unwrap()
}

/// The review entry of the medicine of `class`, its implicating flags and its advice (lower case).
fn review(body: &Value, class: &str) -> (Vec<String>, String) {
    let entry = body["medication_review"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["class_id"] == class)
        .unwrap_or_else(|| panic!("no {class} in {}", body["medication_review"]));
    let raised = entry["red_flag_ids"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    (raised, entry["advice"].as_str().unwrap().to_lowercase())
}

/// The routine review words an implicated medicine must never get.
fn assert_not_routine(advice: &str) {
    for wrong in ["do not stop", "two weeks", "especially if the cramps began"] {
        assert!(!advice.contains(wrong), "{wrong:?} in {advice}");
    }
}

/// Finding 1: a statin with cramps that began or got worse after a medicine change raises its
/// own same-day flag, which implicates the statin with what NHS advice says (cramps included).
#[tokio::test]
async fn a_statin_with_new_cramps_is_a_same_day_flag_that_implicates_it() {
    let body = assess(json!({"age": 58, "cramps": {"nights_per_week": 4,
        "typical_duration_minutes": 3, "muscles": ["calf"], "disturbs_sleep": true,
        "started_after_medicine_change": true}, "medications": ["Atorvastatin 40mg"]}))
    .await;
    assert_eq!(body["triage"]["level"], "urgent");
    assert_eq!(flags(&body)[0], "statin_new_cramps");
    let title = body["triage"]["red_flags"][0]["title"].as_str().unwrap();
    assert!(!title.to_lowercase().contains("weakness"), "{title}");
    let (raised, advice) = review(&body, "statin");
    assert_eq!(raised, ["statin_new_cramps"]);
    assert!(
        advice.contains("today") && advice.contains("cramps"),
        "{advice}"
    );
    assert!(
        advice.contains("stop taking the statin") && advice.contains("111"),
        "{advice}"
    );
    assert_not_routine(&advice);
    assert!(!offered(&body).contains(&"medication_review"));

    // Cramps the person had before any medicine change are ordinary night cramps: the routine
    // review, not the label's "unexplained cramps" (the reading stated in red_flags.toml).
    let body = assess(json!({"age": 58, "cramps": {"nights_per_week": 4,
        "started_after_medicine_change": false}, "medications": ["Atorvastatin 40mg"]}))
    .await;
    assert!(
        !flags(&body).contains(&"statin_new_cramps"),
        "{:?}",
        flags(&body)
    );

    // The weakness flag's quoted label text names cramps too.
    let body = assess(json!({"age": 58, "symptoms": ["muscle_weakness"],
        "medications": ["Atorvastatin 40mg"]}))
    .await;
    let (raised, advice) = review(&body, "statin");
    assert_eq!(raised, ["statin_muscle_weakness"]);
    assert!(
        advice.contains("cramps") && advice.contains("111"),
        "{advice}"
    );
}

/// Finding 1: the symptoms the zoledronic acid and denosumab labels name (twitches, tingling,
/// cramps) raise a same-day flag that implicates the medicine.
#[tokio::test]
async fn bone_medicine_label_symptoms_are_a_same_day_flag_that_implicates_it() {
    for (profile, class) in [
        (
            json!({"age": 70, "medications": ["Prolia"],
                "symptoms": ["muscle_twitching", "numbness_or_tingling"]}),
            "denosumab",
        ),
        (
            json!({"age": 70, "medications": ["Aclasta"],
                "cramps": {"started_after_medicine_change": true}}),
            "iv_bisphosphonate",
        ),
    ] {
        let body = assess(profile).await;
        assert_eq!(body["triage"]["level"], "urgent", "{class}");
        assert_eq!(flags(&body)[0], "bone_medicine_low_calcium", "{class}");
        let (raised, advice) = review(&body, class);
        assert_eq!(raised, ["bone_medicine_low_calcium"], "{class}");
        assert!(
            advice.contains("today") && advice.contains("cramps"),
            "{advice}"
        );
        assert_not_routine(&advice);
    }
}

/// Finding 2: dark urine while taking quinine implicates quinine with what its label says
/// (blood in the urine is one of its serious reactions), as bruising already did.
#[tokio::test]
async fn quinine_with_dark_urine_implicates_quinine() {
    let body = assess(json!({"age": 62, "cramps": {"nights_per_week": 3,
        "typical_duration_minutes": 2, "muscles": ["calf"]},
        "medications": ["Quinine sulfate 300mg"], "symptoms": ["dark_urine"]}))
    .await;
    assert_eq!(body["triage"]["level"], "urgent");
    assert!(
        flags(&body).contains(&"quinine_bleeding"),
        "{:?}",
        flags(&body)
    );
    assert!(
        !flags(&body).contains(&"taking_quinine"),
        "{:?}",
        flags(&body)
    );
    let (raised, advice) = review(&body, "quinine");
    assert_eq!(raised, ["quinine_bleeding"]);
    assert!(
        advice.contains("urine") && advice.contains("today"),
        "{advice}"
    );
    assert_not_routine(&advice);
}

/// Finding 3: quinine in pregnancy is a same-day flag that implicates quinine.
#[tokio::test]
async fn quinine_in_pregnancy_is_a_same_day_flag_that_implicates_it() {
    let body = assess(json!({"age": 29, "pregnancy": "trimester_3", "cramps": {
        "nights_per_week": 4, "typical_duration_minutes": 2, "muscles": ["calf"]},
        "medications": ["Quinine sulfate 300mg"]}))
    .await;
    assert_eq!(body["triage"]["level"], "urgent");
    assert_eq!(flags(&body)[0], "quinine_in_pregnancy");
    assert!(
        !flags(&body).contains(&"taking_quinine"),
        "{:?}",
        flags(&body)
    );
    let (raised, advice) = review(&body, "quinine");
    assert_eq!(raised, ["quinine_in_pregnancy"]);
    assert!(
        advice.contains("today") && advice.contains("midwife"),
        "{advice}"
    );
    assert!(advice.contains("pregnancy"), "{advice}");
    assert_not_routine(&advice);
    // After the birth the pregnancy flag no longer applies.
    let body = assess(json!({"age": 29, "pregnancy": "postpartum",
        "medications": ["Quinine sulfate 300mg"]}))
    .await;
    assert!(
        !flags(&body).contains(&"quinine_in_pregnancy"),
        "{:?}",
        flags(&body)
    );
}

/// Remedies unsafe while muscle may be breaking down (§12: "possible rhabdomyolysis: no
/// massage, heat or exercise"), exertion of every kind included.
const UNSAFE_WITH_DARK_URINE: [&str; 8] = [
    "massage",
    "heat",
    "cold",
    "walk_it_off",
    "bedtime_stretching",
    "regular_exercise",
    "pace_training",
    "break_up_sitting",
];

/// Audit round 2, finding 1: dark urine is a possible sign of muscle breakdown, on its own or
/// with anything else, so no answer with it offers or plans massage, heat, cold or exertion.
#[tokio::test]
async fn dark_urine_never_gets_massage_heat_or_exercise() {
    let app = spawn_app().await;
    let cramps = json!({"nights_per_week": 4, "typical_duration_minutes": 3,
        "muscles": ["calf"], "disturbs_sleep": true});
    for (case, extra) in [
        ("alone", json!({})),
        ("older adult", json!({"age": 78})),
        ("pregnant", json!({"age": 31, "pregnancy": "trimester_3"})),
        (
            "with weakness",
            json!({"symptoms": ["dark_urine", "muscle_weakness"]}),
        ),
        (
            "with a statin",
            json!({"medications": ["Simvastatin 20mg"]}),
        ),
        (
            "after hard exercise",
            json!({"lifestyle": {"recent_unusual_exertion": true}}),
        ),
        (
            "with quinine",
            json!({"medications": ["Quinine sulfate 300mg"]}),
        ),
        ("with a diuretic", json!({"medications": ["Furosemide"]})),
        (
            "sedentary",
            json!({"lifestyle": {"activity_level": "sedentary",
            "sitting_hours_per_day": 11}}),
        ),
        (
            "with a clot sign",
            json!({"symptoms": ["dark_urine", "one_sided_calf_swelling"]}),
        ),
        (
            "with a long cramp",
            json!({"cramps": {"typical_duration_minutes": 20}}),
        ),
    ] {
        let mut profile = json!({"age": 55, "cramps": cramps, "symptoms": ["dark_urine"]});
        for (key, value) in extra.as_object().unwrap() {
            profile[key] = value.clone();
        }
        let response = app.post_assessment(&profile).await;
        assert_eq!(response.status(), 200, "{case}: {profile}");
        let body: Value = response.json().await.unwrap();
        let offered = offered(&body);
        for id in UNSAFE_WITH_DARK_URINE {
            assert!(
                !offered.contains(&id),
                "{case}: {id} offered ({:?})",
                flags(&body)
            );
        }
        let withheld = ids(&body["withheld_remedies"], "id");
        assert!(withheld.contains(&"massage"), "{case}: {withheld:?}");
        // The reason is the most urgent withholding flag's; where that is the dark-urine flag,
        // it says why in plain words.
        let massage = body["withheld_remedies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["id"] == "massage")
            .unwrap();
        if massage["red_flag_id"] == "dark_urine" {
            let reason = massage["reason"].as_str().unwrap().to_lowercase();
            assert!(
                reason.contains("muscles are breaking down"),
                "{case}: {reason}"
            );
        } else {
            assert_ne!(case, "alone", "{massage}");
        }
    }
}

/// Audit round 2, finding 2: for each clot sign and each medicine that raises the risk of a
/// clot, the advice says what its label or guidance says for these signs (raloxifene's
/// medication guide and HRT guidance: stop it; the regulator for the combined pill: get medical
/// help urgently), and who to tell as fast as the flag asks; transdermal oestrogen (no raised
/// clot risk, §12) is never implicated.
#[tokio::test]
async fn clot_signs_implicate_each_clot_raising_medicine_with_what_its_label_says() {
    let app = spawn_app().await;
    for (symptom, level, who) in [
        ("one_sided_calf_swelling", "urgent", "today"),
        ("calf_warmth_or_redness", "urgent", "today"),
        (
            "new_breathlessness_or_chest_pain",
            "emergency",
            "emergency team",
        ),
    ] {
        for (medicine, class, label) in [
            (
                "Evista",
                "raloxifene",
                ["medication guide", "stop taking it"],
            ),
            (
                "Premarin",
                "estrogen",
                ["raises the risk of a blood clot", "stop hrt straight away"],
            ),
            (
                "Microgynon 30",
                "oral_contraceptive",
                ["raise the risk of a blood clot", "urgently"],
            ),
        ] {
            let profile = json!({"age": 52, "symptoms": [symptom], "medications": [medicine]});
            let response = app.post_assessment(&profile).await;
            assert_eq!(response.status(), 200, "{profile}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["triage"]["level"], level, "{symptom} {class}");
            let (raised, advice) = review(&body, class);
            assert!(!raised.is_empty(), "{symptom}: {class} not implicated");
            assert!(advice.contains(who), "{symptom} {class}: {advice}");
            for words in label {
                assert!(
                    advice.contains(words),
                    "{symptom} {class}: {words:?} not in {advice}"
                );
            }
            assert_not_routine(&advice);
        }
        let profile = json!({"age": 52, "symptoms": [symptom],
            "medications": ["Estradiol patch"]});
        let body: Value = app.post_assessment(&profile).await.json().await.unwrap();
        let (raised, _) = review(&body, "transdermal_estrogen");
        assert!(
            raised.is_empty(),
            "{symptom}: a patch implicated by {raised:?}"
        );
    }
}

/// Audit round 2, finding 3: beside an emergency flag, a medicine implicated only by a same-day
/// flag is never sent to a GP, 111, a midwife or "today": its advice tells the emergency team,
/// still with what its label says.
#[tokio::test]
async fn under_an_emergency_implicated_advice_never_points_to_a_slower_route() {
    let app = spawn_app().await;
    for (emergency, flag) in [
        (
            "new_bladder_bowel_or_saddle_symptoms",
            "possible_cauda_equina",
        ),
        ("cold_pale_leg", "acute_limb_ischaemia"),
    ] {
        for (case, profile, class, implicated_by) in [
            (
                "statin with new cramps",
                json!({"age": 66, "cramps": {"started_after_medicine_change": true},
                    "medications": ["Atorvastatin 40mg"], "symptoms": [emergency]}),
                "statin",
                "statin_new_cramps",
            ),
            (
                "statin with weakness",
                json!({"age": 66, "medications": ["Atorvastatin 40mg"],
                    "symptoms": [emergency, "muscle_weakness"]}),
                "statin",
                "statin_muscle_weakness",
            ),
            (
                "raloxifene with a swollen calf",
                json!({"age": 66, "medications": ["Raloxifene"],
                    "symptoms": [emergency, "one_sided_calf_swelling"]}),
                "raloxifene",
                "possible_dvt",
            ),
            (
                "quinine with bruising",
                json!({"age": 66, "medications": ["Quinine sulfate 300mg"],
                    "symptoms": [emergency, "unusual_bleeding_or_bruising"]}),
                "quinine",
                "quinine_bleeding",
            ),
            (
                "quinine in pregnancy",
                json!({"age": 31, "pregnancy": "trimester_2",
                    "medications": ["Quinine sulfate 300mg"], "symptoms": [emergency]}),
                "quinine",
                "quinine_in_pregnancy",
            ),
        ] {
            let response = app.post_assessment(&profile).await;
            assert_eq!(response.status(), 200, "{case}: {profile}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["triage"]["level"], "emergency", "{flag} {case}");
            assert_eq!(flags(&body)[0], flag, "{case}");
            let (raised, advice) = review(&body, class);
            assert!(
                raised.iter().any(|r| r == implicated_by),
                "{flag} {case}: {raised:?}"
            );
            assert!(advice.contains("emergency team"), "{flag} {case}: {advice}");
            for slower in ["today", " gp", "111", "midwife"] {
                assert!(
                    !advice.contains(slower),
                    "{flag} {case}: {slower:?} in {advice}"
                );
            }
            assert_not_routine(&advice);
        }
    }
}

/// Audit round 2, finding 4: a statin no flag implicates gets its own routine advice: a review
/// with the prescriber or pharmacist, because cramps can be a side effect, and what the NHS says to do
/// for unexplained muscle pain, tenderness or weakness, or dark urine. In every language, the
/// checker's rule 2 does not read that label statement as routine stop advice.
#[tokio::test]
async fn a_statin_no_flag_implicates_gets_the_label_statement_with_its_review() {
    let app = spawn_app().await;
    let profile = json!({"age": 64, "cramps": {"nights_per_week": 3,
        "started_after_medicine_change": false}, "medications": ["Atorvastatin 40mg"]});
    let body: Value = app.post_assessment(&profile).await.json().await.unwrap();
    let (raised, advice) = review(&body, "statin");
    assert!(raised.is_empty(), "{raised:?}");
    for words in [
        "review",
        "pharmacist",
        "side effect",
        "the nhs says to stop taking",
        "111",
        "straight away",
        "tenderness",
        "weakness",
        "dark urine",
    ] {
        assert!(advice.contains(words), "{words:?} not in {advice}");
    }
    for lang in ["es", "de", "fr"] {
        let response = app
            .client
            .post(format!("{}/v1/assessments", app.address))
            .header("Accept-Language", lang)
            .json(&profile)
            .send()
            .await
            .unwrap();
        let body: Value = response.json().await.unwrap();
        let (_, advice) = review(&body, "statin");
        assert!(advice.contains("111"), "{lang}: {advice}");
    }
}

/// Audit round 2, finding 5: a follow-up keeps the implicated-medicine advice its assessment
/// gives (a statin user whose diary brings new weakness is told what the NHS says, there too);
/// a medicine no flag implicates is not repeated there.
#[tokio::test]
async fn a_follow_up_keeps_the_implicated_medicine_advice_of_its_assessment() {
    let app = spawn_app().await;
    let profile = json!({"age": 61, "medications": ["Atorvastatin 40mg", "Furosemide"]});
    let body = json!({"profile": profile, "diary": [
        {"date": "2026-01-08", "cramps": 1},
        {"date": "2026-01-10", "cramps": 2, "new_symptoms": ["muscle_weakness"]}]});
    let response = app
        .client
        .post(format!("{}/v1/follow-ups", app.address))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    let mut assessed = profile.clone();
    assessed["symptoms"] = json!(["muscle_weakness"]);
    let assessment = assess(assessed).await;
    let (raised, advice) = review(&assessment, "statin");
    assert_eq!(raised, ["statin_muscle_weakness"]);
    let implicated = answer["escalation"]["implicated_medicines"]
        .as_array()
        .unwrap_or_else(|| panic!("no implicated medicines in {}", answer["escalation"]));
    assert_eq!(implicated.len(), 1, "{implicated:?}");
    assert_eq!(implicated[0]["class_id"], "statin");
    assert_eq!(
        implicated[0]["red_flag_ids"],
        json!(["statin_muscle_weakness"])
    );
    assert_eq!(
        implicated[0]["advice"].as_str().unwrap().to_lowercase(),
        advice
    );
    assert!(!implicated[0]["source_ids"].as_array().unwrap().is_empty());
}

/// A statin with new weakness or new cramps is suspected statin muscle damage (H-74): like dark
/// urine, it gets no rubbing, heat, cold, walking a cramp off or exercise until a doctor has
/// checked the muscles (§12: possible rhabdomyolysis, no massage, heat or exercise), whatever
/// else the profile says.
#[tokio::test]
async fn suspected_statin_muscle_damage_never_gets_massage_heat_or_exercise() {
    let app = spawn_app().await;
    let cramps = json!({"nights_per_week": 4, "typical_duration_minutes": 3,
        "muscles": ["calf"], "disturbs_sleep": true});
    for (case, profile, flag) in [
        (
            "new weakness",
            json!({"age": 66, "cramps": cramps, "medications": ["atorvastatin 20mg"],
                "symptoms": ["muscle_weakness"]}),
            "statin_muscle_weakness",
        ),
        (
            "new cramps after a change",
            json!({"age": 66, "cramps": {"nights_per_week": 4, "typical_duration_minutes": 3,
                "muscles": ["calf"], "started_after_medicine_change": true},
                "medications": ["Simvastatin 40mg"]}),
            "statin_new_cramps",
        ),
        (
            "new weakness, sedentary older adult",
            json!({"age": 81, "cramps": cramps, "medications": ["Lipitor"],
                "symptoms": ["muscle_weakness"],
                "lifestyle": {"activity_level": "sedentary", "sitting_hours_per_day": 11}}),
            "statin_muscle_weakness",
        ),
    ] {
        let response = app.post_assessment(&profile).await;
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(status, 200, "{case}: {body}");
        assert!(flags(&body).contains(&flag), "{case}: {:?}", flags(&body));
        let offered = offered(&body);
        for id in UNSAFE_WITH_DARK_URINE {
            assert!(!offered.contains(&id), "{case}: {id} offered");
        }
        let massage = body["withheld_remedies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["id"] == "massage")
            .unwrap_or_else(|| panic!("{case}: massage not withheld"));
        assert_eq!(massage["red_flag_id"], flag, "{case}");
        assert!(
            massage["reason"]
                .as_str()
                .unwrap()
                .contains("damage muscles"),
            "{case}: {massage}"
        );
    }
}
