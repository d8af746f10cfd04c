//! The published schemas of the domain's closed enums. The domain owns each enum's values and
//! wire names (`domain::WireEnum`); this module only names the schema component and describes
//! it, so `utoipa` stays out of the domain and a value added there is published at once.
//! `openapi_enums` appends the enum-growth promise to every description.

use std::borrow::Cow;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use crate::domain::{self, WireEnum};
use crate::engine;

/// A string schema listing every wire name of `E`, in declaration order.
fn enum_schema<E: WireEnum>(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(E::ALL.iter().map(|value| value.as_str())))
        .into()
}

/// The wire names of `E`'s values, in declaration order.
fn values<E: WireEnum>() -> Vec<&'static str> {
    E::ALL.iter().map(|value| value.as_str()).collect()
}

/// Every closed list the API uses, in requests and in answers, under its published component
/// name: what `GET /v1/vocabulary` labels (the label loader rejects a value without a label).
pub(crate) fn vocabularies() -> Vec<crate::knowledge::Vocabulary> {
    REQUEST_VOCABULARIES
        .iter()
        .chain(ANSWER_VOCABULARIES)
        .map(|(name, values)| (*name, values()))
        .collect()
}

/// Implements `ToSchema` for a domain enum under its published component name.
macro_rules! publish {
    ($list:ident; $($ty:path => $component:literal: $description:literal;)+) => {
        /// The vocabularies of this block, by component name, with their values.
        const $list: &[(&str, fn() -> Vec<&'static str>)] = &[$(($component, values::<$ty>)),+];

        $(
            impl utoipa::PartialSchema for $ty {
                fn schema() -> RefOr<Schema> {
                    enum_schema::<$ty>($description)
                }
            }

            impl utoipa::ToSchema for $ty {
                fn name() -> Cow<'static, str> {
                    Cow::Borrowed($component)
                }
            }
        )+
    };
}

// Request vocabularies: their component names predate the domain's names and are part of the
// contract, so they stay.
publish! {
    REQUEST_VOCABULARIES;
    domain::PregnancyStage => "Pregnancy": "Pregnancy status.";
    domain::Muscle => "MuscleGroup": "A muscle group that cramps.";
    domain::MedicalCondition => "Condition": "A diagnosed medical condition.";
    domain::ActivityLevel => "Activity": "Usual physical activity.";
    domain::Deficiency => "KnownDeficiency":
        "A deficiency diagnosed by a clinician (a blood test), not a guess.";
    domain::Symptom => "ReportedSymptom": "A symptom or circumstance the person reports.";
    domain::SleepPosition => "Position": "Usual sleeping position.";
}

// Grades and plan vocabularies in the answers.
publish! {
    ANSWER_VOCABULARIES;
    domain::TriageLevel => "TriageLevel":
        "Overall triage level, most urgent first: `emergency` (call emergency services now),\n\
         `urgent` (medical advice today), `soon` (see a clinician within days to two weeks),\n\
         `routine` (book an appointment when convenient), `self_care`.";
    domain::Urgency => "Urgency": "How soon to act on a red flag.";
    domain::Association => "Association": "Strength of the association with cramps.";
    domain::EvidenceLevel => "Evidence": "Quality of the evidence for a remedy.";
    domain::RemedyPhase => "RemedyPhase": "When a remedy is used.";
    domain::PlanPhase => "PlanPhase": "Section of the relief plan, in reading order.";
    domain::ScheduleWhen => "ScheduleWhen": "When to do a step.";
    domain::Repeat => "Repeat": "How often a step repeats.";
    engine::Likelihood => "Likelihood":
        "How likely a cause is to contribute: `high` (score ≥ 0.6), `moderate` (≥ 0.3), `low`.";
    domain::SourceKind => "SourceKind": "Kind of publication.";
    engine::follow_up::Verdict => "TrendVerdict":
        "What a diary says: `better` (cramp nights a week fell by at least the rule's share, and\n\
         no more cramp nights in all), `same`, `worse`, or `too_little_data`.";
    engine::follow_up::AdviceKind => "ProgressAdviceKind": "Why a piece of progress advice is given.";
}

#[cfg(test)]
mod tests {
    use utoipa::{PartialSchema, ToSchema};

    #[test]
    fn every_vocabulary_has_labels_in_every_language() {
        let all = super::vocabularies();
        assert_eq!(all.len(), 19);
        assert_eq!(all.iter().map(|(_, v)| v.len()).sum::<usize>(), 115);
        crate::knowledge::Labels::embedded(&all).expect("every value has a label");
    }

    use crate::domain::{PregnancyStage, TriageLevel};

    #[test]
    fn a_schema_lists_the_domain_wire_names_under_the_published_name() {
        assert_eq!(PregnancyStage::name(), "Pregnancy");
        let json = serde_json::to_value(PregnancyStage::schema()).unwrap();
        assert_eq!(
            json["enum"],
            serde_json::json!([
                "none",
                "trimester_1",
                "trimester_2",
                "trimester_3",
                "postpartum"
            ])
        );
        assert_eq!(json["type"], "string");
        let triage = serde_json::to_value(TriageLevel::schema()).unwrap();
        assert!(
            triage["description"]
                .as_str()
                .unwrap()
                .contains("\n`urgent`")
        );
    }
}
