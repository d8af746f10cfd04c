//! Pure domain types: the profile, the grades, the knowledge-base entries and the rule
//! language. Nothing here does I/O or knows about HTTP.

mod entry;
mod field;
mod follow_up;
mod grade;
mod lang;
mod list;
mod page_kind;
mod profile;
pub mod questionnaire;
mod red_flag;
mod rule;
mod text;
mod vocabulary;
mod when;
mod wire;

pub use entry::{
    Cause, CauseRole, Caution, Differential, LocalNames, MedicationClass, PlanPhase, PlanTemplate,
    ProfileField, Question, Remedy, RemedyPhase, Repeat, ScheduleWhen, Signal, Source, SourceKind,
    Withhold,
};
pub use field::{Bounds, Field, MEDICINE_NAME_CHARS, MEDICINE_NAME_PATTERN};
pub use follow_up::{
    Day, FollowUpRules, FollowUpTexts, ReviewPeriod, TrendWindows, VerdictThresholds,
};
pub use grade::{Association, EvidenceLevel, TriageLevel, Urgency};
pub use lang::Lang;
pub use list::List;
pub use page_kind::PageKind;
pub use profile::{
    Age, Answered, CrampHistory, Inconsistency, Lifestyle, Profile, ProfileDraft, ProfileError,
    Sleep, normalise_medicine_name, normalise_medicine_name_into, normalise_medicine_name_with,
};
pub use red_flag::{FlagWithhold, Implication, RedFlag};
pub use rule::Rule;
pub use text::{Text, TextSlot};
pub use vocabulary::{
    ActivityLevel, Deficiency, MedicalCondition, Muscle, PregnancyStage, SleepPosition, Symptom,
};
pub use when::{Facts, When};
pub use wire::WireEnum;
pub(crate) use wire::wire_enum;
