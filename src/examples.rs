//! The published examples, as data under `openapi/examples/`: the named personas (each a
//! request body and its reviewed answer) and the FHIR R4 hook calls. The OpenAPI document shows
//! them, the integration tests run them, and `cramp-advisor check` replays them against a
//! deployment. This module imports nothing from the rest of the crate, so every layer, the
//! HTTP-only checker included, may read it.

/// A named example profile.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Persona {
    /// File stem, used as the example name.
    pub name: &'static str,
    /// One-line description.
    pub summary: &'static str,
    /// The profile as JSON.
    pub json: &'static str,
    /// The reviewed expected full assessment in English (the insta snapshot the integration
    /// tests keep: a header, `---`, then the JSON).
    pub expected: &'static str,
}

macro_rules! personas {
    ($($name:literal => $summary:literal),+ $(,)?) => {
        /// Every persona, in the order examples are listed.
        pub(crate) const PERSONAS: &[Persona] = &[$(Persona {
            name: $name,
            summary: $summary,
            json: include_str!(concat!("../openapi/examples/profiles/", $name, ".json")),
            expected: include_str!(concat!("../openapi/examples/answers/", $name, ".snap")),
        }),+];
    };
}

personas! {
    "older_adult_on_thiazide" => "74-year-old on a thiazide diuretic, cramps four nights a week",
    "healthy_adult_rare_cramps" => "Healthy 30-year-old with rare, brief cramps",
    "suspected_dvt" => "One swollen, warm calf while taking raloxifene (red flag)",
    "pregnancy_third_trimester" => "Third trimester of pregnancy",
    "dialysis_patient" => "On dialysis with diabetes and a fluid restriction",
    "statin_with_dark_urine" => "On a statin, with dark urine and weakness (red flag)",
    "runner_after_marathon" => "Runner after a marathon",
    "desk_worker" => "Desk worker who sits 11 hours a day",
    "heavy_drinker" => "Drinks 336 g of alcohol a week (42 UK units), with tingling feet",
    "spinal_stenosis" => "Spinal stenosis with back pain down the leg",
    "restless_legs" => "Urge to move relieved by moving (restless legs?)",
    "quinine_with_bleeding" => "Taking quinine, with unusual bruising (red flag)",
    "inhaler_user_copd" => "Long-acting inhaler and spironolactone, with heart failure",
    "prolonged_cramp" => "Cramps lasting 25 minutes (red flag)",
    "diabetes_neuropathy" => "Diabetes with neuropathy: heat is withheld",
    "acute_limb_ischaemia_with_pad" => "Artery disease and a suddenly cold, pale leg (emergency)",
    "rhabdomyolysis_after_exertion" => "Dark urine and weakness after unusually hard exercise (emergency)",
    "statin_with_new_weakness" => "New muscle weakness while taking a statin (same day)",
    "stenosis_with_new_weakness" => "Spinal stenosis with new leg weakness (same day)",
    "cauda_equina_signs" => "Sciatica with new bladder or saddle symptoms (emergency)",
    "critical_limb_ischaemia" => "Artery disease with foot pain at rest eased by hanging the leg down",
    "tetany_after_zoledronic_acid" => "Tingling round the mouth and hand spasms after zoledronic acid",
    "combined_pill" => "Combined contraceptive pill, rare cramps",
    "long_term_ppi" => "Long-term omeprazole, frequent cramps",
    "heart_failure_fluid_restriction" => "Heart failure on a fluid restriction and diuretics",
    "bruising_without_quinine" => "Unusual bruising, no quinine (blood test within 48 hours)",
    "hrt_patch" => "HRT by skin patch: no clot-risk marker",
    "cirrhosis" => "Cirrhosis on diuretics, frequent cramps",
}

/// A named example follow-up (`openapi/examples/diaries/`): a profile, adopted steps and a
/// diary.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Diary {
    /// File stem, used as the example name.
    pub name: &'static str,
    /// One-line description.
    pub summary: &'static str,
    /// The request as JSON.
    pub json: &'static str,
}

macro_rules! diaries {
    ($($name:literal => $summary:literal),+ $(,)?) => {
        /// Every example diary, in the order examples are listed.
        pub(crate) const DIARIES: &[Diary] = &[$(Diary {
            name: $name,
            summary: $summary,
            json: include_str!(concat!("../openapi/examples/diaries/", $name, ".json")),
        }),+];
    };
}

diaries! {
    "improving_with_stretching" => "Six weeks of bedtime stretching; cramp nights fall from four a week to one",
    "no_change_after_six_weeks_of_stretching" => "Six weeks of nightly stretching and no change: review with a GP",
    "new_red_flag_mid_diary" => "One swollen, warm calf and a 12-minute cramp written in mid-diary (red flag)",
}

/// The FHIR R4 hook calls the spec publishes, by file stem (`openapi/examples/fhir/`).
pub(crate) const FHIR_CALLS: &[(&str, &str)] = &[
    (
        "order_select_amoxicillin",
        include_str!("../openapi/examples/fhir/order_select_amoxicillin.json"),
    ),
    (
        "order_select_quinine",
        include_str!("../openapi/examples/fhir/order_select_quinine.json"),
    ),
    (
        "patient_view_dvt_red_flag",
        include_str!("../openapi/examples/fhir/patient_view_dvt_red_flag.json"),
    ),
    (
        "patient_view_older_ckd_thiazide",
        include_str!("../openapi/examples/fhir/patient_view_older_ckd_thiazide.json"),
    ),
    (
        "patient_view_pregnant",
        include_str!("../openapi/examples/fhir/patient_view_pregnant.json"),
    ),
];

/// The FHIR hook call with this file stem.
pub(crate) fn fhir_call(stem: &str) -> Option<&'static str> {
    FHIR_CALLS
        .iter()
        .find(|(s, _)| *s == stem)
        .map(|(_, json)| *json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_json_and_every_answer_is_a_snapshot_of_json() {
        for p in PERSONAS {
            serde_json::from_str::<serde_json::Value>(p.json)
                .unwrap_or_else(|e| panic!("{}: {e}", p.name));
            let (_, answer) = p.expected.split_once("\n---\n").expect("an insta header");
            serde_json::from_str::<serde_json::Value>(answer)
                .unwrap_or_else(|e| panic!("{}: {e}", p.name));
        }
        for (stem, json) in FHIR_CALLS {
            serde_json::from_str::<serde_json::Value>(json)
                .unwrap_or_else(|e| panic!("{stem}: {e}"));
        }
    }
}
