//! Safety invariants every assessment must hold, whatever the knowledge version: they are the
//! service's non-negotiables, checked on the wire.

use serde_json::Value;

const NEVER_OFFERED: [&str; 2] = ["quinine", "tonic_water"];

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["id"].as_str())
        .collect()
}

fn has(list: &Value, value: &str) -> bool {
    list.as_array()
        .is_some_and(|l| l.iter().any(|v| v == value))
}

/// Every broken invariant of `body`, the answer to `profile` (empty when all hold).
pub fn broken(profile: &Value, body: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let triage = &body["triage"];
    let level = triage["level"].as_str().unwrap_or("");
    if level.is_empty() {
        problems.push("triage.level is missing".to_owned());
    }
    if body["disclaimer"].as_str().is_none_or(str::is_empty) {
        problems.push("the disclaimer is missing".to_owned());
    }
    let steps = body["relief_plan"]["steps"].as_array();
    if let Some(steps) = steps {
        if matches!(level, "emergency" | "urgent")
            && steps.first().is_none_or(|s| s["phase"] != "seek_care_now")
        {
            problems.push(format!(
                "triage is {level} but relief-plan step 1 is not seek_care_now"
            ));
        }
        if level == "soon" && !steps.iter().any(|s| s["phase"] == "with_clinician") {
            problems.push("triage is soon but no with_clinician step is in the plan".to_owned());
        }
        for step in steps {
            if let Some(remedy) = step["remedy_id"]
                .as_str()
                .filter(|r| NEVER_OFFERED.contains(r))
            {
                problems.push(format!("the plan offers {remedy}"));
            }
        }
    }
    let remedies = ids(&body["remedies"]);
    for remedy in &remedies {
        if NEVER_OFFERED.contains(remedy) {
            problems.push(format!("{remedy} is offered as a remedy"));
        }
    }
    if !body["remedies"].is_null() {
        let conditions = &profile["conditions"];
        let kidney = has(conditions, "chronic_kidney_disease") || has(conditions, "dialysis");
        let contraindicated: [(bool, &[&str], &str); 4] = [
            (
                kidney,
                &["magnesium_supplement", "potassium_supplement"],
                "kidney disease or dialysis",
            ),
            (
                profile["lifestyle"]["on_fluid_restriction"] == true
                    || has(conditions, "heart_failure")
                    || has(conditions, "dialysis")
                    || has(conditions, "liver_disease"),
                &["hydration"],
                "a fluid restriction, heart failure, dialysis or liver disease",
            ),
            (
                has(conditions, "diabetes")
                    || has(conditions, "peripheral_neuropathy")
                    || has(conditions, "peripheral_artery_disease"),
                &["heat"],
                "diabetes, neuropathy or artery disease",
            ),
            (
                ids(&triage["red_flags"])
                    .iter()
                    .any(|f| *f == "possible_dvt" || *f == "possible_pulmonary_embolism"),
                &["massage", "heat"],
                "a suspected clot",
            ),
        ];
        for (applies, withheld, why) in contraindicated {
            for remedy in withheld.iter().filter(|r| applies && remedies.contains(r)) {
                problems.push(format!("{remedy} is offered despite {why}"));
            }
        }
    }
    let text = body.to_string().to_lowercase();
    for phrase in [
        "stop taking",
        "stop your medicine",
        "reduce your dose",
        "swap your",
    ] {
        if text.contains(phrase) {
            problems.push(format!("the answer says {phrase:?}"));
        }
    }
    problems
}
