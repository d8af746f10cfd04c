//! The clinical-safety facts the reviewed persona snapshots show, asserted explicitly over HTTP,
//! so a snapshot accepted in bulk is never the only guard (issue 11's personas).

use serde_json::{Value, json};

use crate::helpers::{flags, ids, offered, personas, spawn_app};

/// The full assessment of a published persona.
async fn assess_persona(name: &str) -> Value {
    let (_, profile) = personas()
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no persona {name}"));
    let app = spawn_app().await;
    let response = app.post_assessment(&profile).await;
    assert_eq!(response.status(), 200, "{name}");
    response.json().await.unwrap()
}

fn phases(body: &Value) -> Vec<&str> {
    ids(&body["relief_plan"]["steps"], "phase")
}

fn review<'a>(body: &'a Value, class: &str) -> &'a Value {
    body["medication_review"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["class_id"] == class)
        .unwrap_or_else(|| panic!("no {class} in {}", body["medication_review"]))
}

#[tokio::test]
async fn a_cold_pale_leg_is_an_emergency_whose_plan_only_waits_for_help() {
    let body = assess_persona("acute_limb_ischaemia_with_pad").await;
    assert_eq!(body["triage"]["level"], "emergency");
    assert_eq!(flags(&body)[0], "acute_limb_ischaemia");
    assert_eq!(phases(&body)[0], "seek_care_now");
    assert!(
        phases(&body)
            .iter()
            .all(|p| ["seek_care_now", "during_cramp"].contains(p))
    );
    for harmful in [
        "heat",
        "cold",
        "massage",
        "walk_it_off",
        "regular_exercise",
        "stretch_cramping_muscle",
    ] {
        assert!(
            !offered(&body).contains(&harmful),
            "{harmful} offered on an ischaemic leg"
        );
    }
    let withheld = &body["withheld_remedies"];
    assert!(ids(withheld, "red_flag_id").contains(&"acute_limb_ischaemia"));
}

#[tokio::test]
async fn possible_rhabdomyolysis_withholds_massage_heat_and_exercise() {
    let body = assess_persona("rhabdomyolysis_after_exertion").await;
    assert_eq!(body["triage"]["level"], "emergency");
    assert!(flags(&body).contains(&"possible_rhabdomyolysis"));
    for harmful in [
        "massage",
        "heat",
        "walk_it_off",
        "regular_exercise",
        "pace_training",
    ] {
        assert!(!offered(&body).contains(&harmful), "{harmful} offered");
    }
}

#[tokio::test]
async fn a_statin_in_an_emergency_gets_its_label_advice_not_do_not_stop() {
    for (persona, flag, level) in [
        (
            "statin_with_dark_urine",
            "possible_rhabdomyolysis",
            "emergency",
        ),
        (
            "statin_with_new_weakness",
            "statin_muscle_weakness",
            "urgent",
        ),
    ] {
        let body = assess_persona(persona).await;
        assert_eq!(body["triage"]["level"], level, "{persona}");
        let statin = review(&body, "statin");
        let raised: Vec<&str> = statin["red_flag_ids"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(raised.contains(&flag), "{persona}: {raised:?}");
        let advice = statin["advice"].as_str().unwrap().to_lowercase();
        assert!(
            ["today", "now", "emergency team"]
                .iter()
                .any(|w| advice.contains(w)),
            "{persona}: {advice}"
        );
        for wrong in ["do not stop", "two weeks", "especially if the cramps began"] {
            assert!(!advice.contains(wrong), "{persona}: {wrong:?} in {advice}");
        }
    }
}

#[tokio::test]
async fn warning_signs_of_the_spine_limbs_and_calcium_are_escalated() {
    for (persona, flag, level) in [
        ("cauda_equina_signs", "possible_cauda_equina", "emergency"),
        (
            "stenosis_with_new_weakness",
            "nerve_root_weakness",
            "urgent",
        ),
        (
            "critical_limb_ischaemia",
            "critical_limb_ischaemia",
            "urgent",
        ),
        ("tetany_after_zoledronic_acid", "possible_tetany", "urgent"),
        ("bruising_without_quinine", "unusual_bleeding", "urgent"),
    ] {
        let body = assess_persona(persona).await;
        assert_eq!(body["triage"]["level"], level, "{persona}");
        assert!(
            flags(&body).contains(&flag),
            "{persona}: {:?}",
            flags(&body)
        );
        assert_eq!(phases(&body)[0], "seek_care_now", "{persona}");
    }
    let body = assess_persona("bruising_without_quinine").await;
    assert!(
        body["triage"]["headline"]
            .as_str()
            .unwrap()
            .contains("48 hours")
    );
    let body = assess_persona("tetany_after_zoledronic_acid").await;
    assert_eq!(
        review(&body, "iv_bisphosphonate")["red_flag_ids"][0],
        "possible_tetany"
    );
}

#[tokio::test]
async fn a_known_diagnosis_does_not_raise_its_own_possible_flag() {
    let body = assess_persona("diabetes_neuropathy").await;
    assert!(
        !flags(&body).contains(&"sensory_symptoms"),
        "{:?}",
        flags(&body)
    );
}

#[tokio::test]
async fn restless_legs_leads_with_its_differential_and_a_gp_check_not_ordinary_cramps() {
    let body = assess_persona("restless_legs").await;
    assert_eq!(body["differentials"][0]["id"], "restless_legs_syndrome");
    assert!(!ids(&body["causes"], "id").contains(&"idiopathic"));
    assert!(offered(&body).contains(&"restless_legs_gp_check"));
}

#[tokio::test]
async fn no_dehydration_cause_or_fluid_advice_under_a_fluid_restriction() {
    let body = assess_persona("heart_failure_fluid_restriction").await;
    assert!(!ids(&body["causes"], "id").contains(&"dehydration"));
    assert!(!offered(&body).contains(&"hydration"));
    assert!(ids(&body["withheld_remedies"], "id").contains(&"hydration"));
}

#[tokio::test]
async fn the_pill_and_an_hrt_patch_are_not_taken_for_oral_hrt() {
    let body = assess_persona("combined_pill").await;
    let classes = ids(&body["medication_review"], "class_id");
    assert_eq!(classes, ["oral_contraceptive"]);
    let body = assess_persona("hrt_patch").await;
    assert_eq!(
        ids(&body["medication_review"], "class_id"),
        ["transdermal_estrogen"]
    );
}

#[tokio::test]
async fn cirrhosis_is_its_own_cause_and_a_long_term_ppi_is_recognised() {
    let body = assess_persona("cirrhosis").await;
    let causes = ids(&body["causes"], "id");
    assert!(
        causes.contains(&"cirrhosis") && !causes.contains(&"liver_disease"),
        "{causes:?}"
    );
    let body = assess_persona("long_term_ppi").await;
    assert_eq!(ids(&body["medication_review"], "class_id"), ["ppi"]);
}

#[tokio::test]
async fn medicine_names_match_across_accents_widths_and_invisible_characters() {
    let app = spawn_app().await;
    for (typed, class) in [
        ("ｑｕｉｎｉｎｅ", "quinine"),
        ("Furosémide 40 mg", "loop_diuretic"),
        ("ato\u{00AD}rva\u{200B}statin", "statin"),
    ] {
        let body: Value = app
            .post_assessment(&json!({"age": 60, "medications": [typed]}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            ids(&body["medication_review"], "class_id"),
            [class],
            "{typed}"
        );
    }
}

#[tokio::test]
async fn spelling_variants_of_one_medicine_give_the_same_review_in_either_order() {
    let app = spawn_app().await;
    let mut answers = Vec::new();
    for list in [
        json!(["Furosemide", "FUROSEMIDE"]),
        json!(["FUROSEMIDE", "Furosemide"]),
    ] {
        let body: Value = app
            .post_assessment(&json!({"age": 60, "medications": list}))
            .await
            .json()
            .await
            .unwrap();
        let review = &body["medication_review"];
        assert_eq!(review.as_array().unwrap().len(), 1, "{review}");
        let index: usize = review[0]["pointer"].as_str().unwrap()["/medications/".len()..]
            .parse()
            .unwrap();
        assert_eq!(
            list[index], review[0]["medicine"],
            "the pointer names the medicine shown"
        );
        answers.push(review[0]["medicine"].clone());
    }
    assert_eq!(answers[0], answers[1]);
}
