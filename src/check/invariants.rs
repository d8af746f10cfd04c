//! Safety invariants every assessment must hold, whatever the knowledge version or language:
//! they are the service's non-negotiables (README, "Safety rules the engine enforces"), checked
//! on the wire. Each problem is reported with the name of the rule it breaks, so that a failing
//! run says which promise a deployment broke.

use serde_json::Value;

use super::stop_advice;

/// The triage level is missing or does not follow from the red flags.
pub(super) const TRIAGE_LEVEL: &str = "rule 1 (red flags set the triage level)";
/// Red flags are listed emergency first, then urgent, then soon.
pub(super) const FLAG_ORDER: &str = "rule 1 (red flags in urgency order)";
/// Under an emergency or urgent flag, step 1 is "seek care now", with the most urgent flag's
/// action; with a "soon" flag, the plan has a with-clinician step.
pub(super) const SEEK_CARE_FIRST: &str = "rule 1 (seek care first)";
/// The seek-care step's `why.red_flag_ids` name every emergency and urgent flag.
pub(super) const SEEK_CARE_NAMES_FLAGS: &str = "rule 1 (seek-care step names every urgent flag)";
/// No text tells anyone to stop, come off, cut or swap a medicine (any language).
pub(super) const NEVER_STOP: &str = "rule 2 (never stop a medicine)";
/// A medicine implicated by a raised red flag carries the label's advice, never the routine
/// "do not stop" text, which would contradict it.
pub(super) const LABEL_ADVICE: &str = "rule 2 (label advice under a red flag)";
/// Quinine and tonic water are never offered.
pub(super) const NO_QUININE: &str = "rule 3 (no quinine or tonic water)";
/// A contraindicated or withheld remedy is offered nowhere.
pub(super) const CONTRAINDICATED: &str = "rule 4 (contraindicated remedy offered)";
/// Every answer carries the disclaimer.
pub(super) const DISCLAIMER: &str = "disclaimer (every answer says it is not a diagnosis)";

const NEVER_OFFERED: [&str; 2] = ["quinine", "tonic_water"];

/// Fields whose strings are ids, codes, enum values, pointers, versions or the person's own
/// words (medicine names): not advice, so not read for rule 2, and the same in every language.
pub(super) const NOT_TEXT: [&str; 24] = [
    "id",
    "level",
    "urgency",
    "likelihood",
    "association",
    "evidence",
    "phase",
    "when",
    "repeat",
    "pointer",
    "pointers",
    "remedy_id",
    "cause_ids",
    "red_flag_ids",
    "red_flag_id",
    "class_id",
    "source_ids",
    "addresses",
    "version",
    "reviewed",
    "content_hash",
    "medicine",
    "unrecognised_medications",
    "code",
];

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["id"].as_str())
        .collect()
}

fn strs(list: &Value) -> Vec<&str> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn has(list: &Value, value: &str) -> bool {
    list.as_array()
        .is_some_and(|l| l.iter().any(|v| v == value))
}

/// 0 = emergency, 1 = urgent, 2 = soon; `None` for anything else.
fn rank(urgency: &str) -> Option<u8> {
    match urgency {
        "emergency" => Some(0),
        "urgent" => Some(1),
        "soon" => Some(2),
        _ => None,
    }
}

#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn add(&mut self, rule: &str, detail: impl std::fmt::Display) {
        self.0.push(format!("{rule}: {detail}"));
    }
}

/// Every broken invariant of `body`, the answer to `profile` (empty when all hold). Works on any
/// view (full assessment, causes, remedies, relief plan) and in any language.
pub(super) fn broken(profile: &Value, body: &Value) -> Vec<String> {
    let mut problems = Problems::default();
    if body["disclaimer"]
        .as_str()
        .is_none_or(|d| d.trim().is_empty())
    {
        problems.add(DISCLAIMER, "the disclaimer is missing");
    }
    triage(body, &mut problems);
    plan(body, &mut problems);
    quinine(body, &mut problems);
    contraindications(profile, body, &mut problems);
    stop_advice(profile, body, &mut problems);
    problems.0
}

fn triage(body: &Value, problems: &mut Problems) {
    let triage = &body["triage"];
    let level = triage["level"].as_str().unwrap_or("");
    if level.is_empty() {
        problems.add(TRIAGE_LEVEL, "triage.level is missing");
    }
    let flags = triage["red_flags"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    let mut most_urgent: Option<(u8, &str)> = None;
    let mut previous: Option<(u8, &str, &str)> = None;
    for flag in flags {
        let id = flag["id"].as_str().unwrap_or("?");
        let urgency = flag["urgency"].as_str().unwrap_or("");
        let Some(r) = rank(urgency) else {
            problems.add(
                TRIAGE_LEVEL,
                format!("red flag {id} has urgency {urgency:?}, not emergency, urgent or soon"),
            );
            continue;
        };
        if let Some((before, before_id, before_urgency)) = previous
            && before > r
        {
            problems.add(
                FLAG_ORDER,
                format!("red flag {id} ({urgency}) is listed after {before_id} ({before_urgency})"),
            );
        }
        previous = Some((r, id, urgency));
        if most_urgent.is_none_or(|(m, _)| r < m) {
            most_urgent = Some((r, urgency));
        }
    }
    match most_urgent {
        Some((_, urgency)) if !level.is_empty() && level != urgency => problems.add(
            TRIAGE_LEVEL,
            format!("triage.level is {level} but the most urgent red flag is {urgency}"),
        ),
        None if rank(level).is_some() => problems.add(
            TRIAGE_LEVEL,
            format!("triage.level is {level} but no red flag is listed"),
        ),
        _ => {}
    }
}

fn plan(body: &Value, problems: &mut Problems) {
    let Some(steps) = body["relief_plan"]["steps"].as_array() else {
        return;
    };
    let triage = &body["triage"];
    let level = triage["level"].as_str().unwrap_or("");
    let flags = triage["red_flags"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    let urgent: Vec<&Value> = flags
        .iter()
        .filter(|f| matches!(f["urgency"].as_str(), Some("emergency" | "urgent")))
        .collect();
    if matches!(level, "emergency" | "urgent") || !urgent.is_empty() {
        match steps.first().map(|s| &s["phase"]) {
            Some(phase) if phase == "seek_care_now" => {}
            Some(phase) => problems.add(
                SEEK_CARE_FIRST,
                format!("triage is {level} but relief-plan step 1 is {phase}, not seek_care_now"),
            ),
            None => problems.add(
                SEEK_CARE_FIRST,
                format!("triage is {level} but the relief plan has no steps"),
            ),
        }
    }
    if let Some(seek) = steps.iter().find(|s| s["phase"] == "seek_care_now") {
        let named = &seek["why"]["red_flag_ids"];
        for flag in &urgent {
            let id = flag["id"].as_str().unwrap_or("?");
            if !has(named, id) {
                problems.add(
                    SEEK_CARE_NAMES_FLAGS,
                    format!(
                        "the seek-care step's why.red_flag_ids {named} lack {id} ({})",
                        flag["urgency"].as_str().unwrap_or("?")
                    ),
                );
            }
        }
        // Flags of the same urgency are equals: the step may carry any of their actions.
        let top = urgent
            .iter()
            .filter_map(|f| rank(f["urgency"].as_str().unwrap_or("")))
            .min();
        let most_urgent: Vec<&&Value> = urgent
            .iter()
            .filter(|f| rank(f["urgency"].as_str().unwrap_or("")) == top)
            .collect();
        if let Some(flag) = most_urgent.first()
            && !most_urgent.iter().any(|f| seek["action"] == f["action"])
        {
            problems.add(
                SEEK_CARE_FIRST,
                format!(
                    "the seek-care step's action is not the action of the most urgent red flag, {}",
                    flag["id"].as_str().unwrap_or("?")
                ),
            );
        }
    }
    if level == "soon" && !steps.iter().any(|s| s["phase"] == "with_clinician") {
        problems.add(
            SEEK_CARE_FIRST,
            "triage is soon but no with_clinician step is in the plan",
        );
    }
}

/// Remedy ids offered: in `remedies` and as relief-plan steps, with where.
fn offered(body: &Value) -> Vec<(&str, String)> {
    let mut offered: Vec<(&str, String)> = ids(&body["remedies"])
        .into_iter()
        .map(|id| (id, "in remedies".to_owned()))
        .collect();
    for (i, step) in body["relief_plan"]["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let Some(id) = step["remedy_id"].as_str() {
            offered.push((id, format!("as relief-plan step {}", i + 1)));
        }
    }
    offered
}

fn quinine(body: &Value, problems: &mut Problems) {
    for (remedy, place) in offered(body) {
        if NEVER_OFFERED.contains(&remedy) {
            problems.add(NO_QUININE, format!("{remedy} is offered {place}"));
        }
    }
}

fn contraindications(profile: &Value, body: &Value, problems: &mut Problems) {
    let offered = offered(body);
    let conditions = &profile["conditions"];
    let flags = ids(&body["triage"]["red_flags"]);
    let kidney = has(conditions, "chronic_kidney_disease") || has(conditions, "dialysis");
    let rules: [(bool, &[&str], &str); 4] = [
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
            flags
                .iter()
                .any(|f| *f == "possible_dvt" || *f == "possible_pulmonary_embolism"),
            &["massage", "heat"],
            "a suspected clot",
        ),
    ];
    for (applies, withheld, why) in rules {
        for (remedy, place) in offered
            .iter()
            .filter(|(r, _)| applies && withheld.contains(r))
        {
            problems.add(
                CONTRAINDICATED,
                format!("{remedy} is offered {place} despite {why}"),
            );
        }
    }
    let withheld = ids(&body["withheld_remedies"]);
    for (remedy, place) in offered.iter().filter(|(r, _)| withheld.contains(r)) {
        problems.add(
            CONTRAINDICATED,
            format!("{remedy} is withheld but also offered {place}"),
        );
    }
}

/// The person's own medicine names are their words, not advice ("Stop-Cramp tablets"): blanked
/// before reading a text.
fn without_medicine_names(text: &str, names: &[String]) -> String {
    let mut text = text.to_owned();
    for name in names.iter().filter(|n| !n.is_empty()) {
        loop {
            let lower = text.to_lowercase();
            if lower.len() != text.len() {
                break;
            }
            let Some(at) = lower.find(name.as_str()) else {
                break;
            };
            text.replace_range(at..at + name.len(), &" ".repeat(name.len()));
        }
    }
    text
}

fn stop_advice(profile: &Value, body: &Value, problems: &mut Problems) {
    let raised = ids(&body["triage"]["red_flags"]);
    let names: Vec<String> = strs(&profile["medications"])
        .into_iter()
        .flat_map(|m| {
            let trimmed = m.trim().to_lowercase();
            let collapsed = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
            [trimmed, collapsed]
        })
        .collect();
    // The one exception: a medicine implicated by a raised red flag carries what its label says
    // for exactly those symptoms, which may be "stop taking it and get medical help".
    let mut label_advice = Vec::new();
    for (i, entry) in body["medication_review"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let cited = strs(&entry["red_flag_ids"]);
        if cited.is_empty() {
            continue;
        }
        if cited.iter().all(|id| raised.contains(id)) {
            let pointer = format!("/medication_review/{i}/advice");
            if let Some(advice) = entry["advice"].as_str()
                && stop_advice::says_do_not_stop(advice)
            {
                problems.add(
                    LABEL_ADVICE,
                    format!(
                        "{pointer} is the advice for a medicine implicated by {} but says not to \
                         stop it, against its label",
                        cited.join(", ")
                    ),
                );
            }
            label_advice.push(pointer);
        }
    }
    let mut texts = Vec::new();
    collect_texts(body, String::new(), &mut texts);
    for (pointer, text) in texts {
        if label_advice.contains(&pointer) {
            continue;
        }
        for finding in stop_advice::findings(&without_medicine_names(text, &names)) {
            problems.add(
                NEVER_STOP,
                format!(
                    "{pointer} says {:?} (not on the reviewed list; matched {} pattern {:?})",
                    finding.excerpt, finding.language, finding.pattern
                ),
            );
        }
    }
}

fn collect_texts<'a>(value: &'a Value, pointer: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::String(text) => out.push((pointer, text)),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_texts(item, format!("{pointer}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter().filter(|(k, _)| !NOT_TEXT.contains(&k.as_str())) {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                collect_texts(item, format!("{pointer}/{escaped}"), out);
            }
        }
        _ => {}
    }
}
