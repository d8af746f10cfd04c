//! Response wire types: the assessment and its focused views, and the catalogue entries. The
//! enums they carry are the domain's own (their schemas are in `api::schema_enums`).

mod assessment;
mod catalogue;
mod fragments;
mod json_text;
mod list;
mod probes;
mod red_flag;
mod template;
#[cfg(test)]
mod template_tests;
mod views;

pub use assessment::{
    InconsistencyCode, InputInconsistency, KnowledgeStamp, MedicineToReview, MissingInput,
    RedFlagHit, ReliefPlan, Schedule, WireFoundCause, WirePlanStep, WireReason,
    WireSuggestedDifferential, WireSuggestedRemedy, WireTriage, WireWhy, WireWithheldRemedy,
};
pub use catalogue::{
    CauseEntry, CauseList, DifferentialEntry, DifferentialList, KnowledgeCounts, KnowledgeInfo,
    MedicationClassEntry, MedicationClassList, RedFlagList, RemedyEntry, RemedyList, SourceEntry,
    SourceList,
};
pub use fragments::{AnswerTemplates, View};
pub use list::WireList;
pub use red_flag::{FlagWithholdEntry, ImplicationEntry, RedFlagEntry};
pub use template::CaptureError;
pub(crate) use views::plan_step;
pub use views::{AssessmentResponse, CausesView, ReliefPlanView, RemediesView};
