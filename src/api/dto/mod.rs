//! Response wire types: the assessment and its focused views, and the catalogue entries.

mod assessment;
mod catalogue;
mod enums;
mod red_flag;
mod views;

pub use assessment::{
    FoundCause, InconsistencyCode, InputInconsistency, KnowledgeStamp, MedicineToReview,
    MissingInput, PlanStep, Reason, RedFlagHit, ReliefPlan, Schedule, SuggestedDifferential,
    SuggestedRemedy, Triage, Why, WithheldRemedy,
};
pub use catalogue::{
    CauseEntry, CauseList, DifferentialEntry, DifferentialList, KnowledgeCounts, KnowledgeInfo,
    MedicationClassEntry, MedicationClassList, RedFlagList, RemedyEntry, RemedyList, SourceEntry,
    SourceList,
};
pub use enums::{
    Association, Evidence, Likelihood, PlanPhase, RemedyPhase, Repeat, ScheduleWhen, SourceKind,
    TriageLevel, Urgency,
};
pub use red_flag::{FlagWithholdEntry, ImplicationEntry, RedFlagEntry};
pub use views::{AssessmentResponse, CausesView, ReliefPlanView, RemediesView};
