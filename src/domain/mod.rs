//! Pure domain types: the profile, the grades, the knowledge-base entries and the rule
//! language. Nothing here does I/O or knows about HTTP.

mod entry;
mod grade;
mod profile;
mod rule;

pub use entry::{
    Cause, Caution, Differential, MedicationClass, PlanPhase, PlanTemplate, ProfileField, Question,
    RedFlag, Remedy, RemedyPhase, Repeat, ScheduleWhen, Signal, Source, SourceKind, Withhold,
};
pub use grade::{Association, EvidenceLevel, TriageLevel, Urgency};
pub use profile::{
    ActivityLevel, Age, Answered, CrampHistory, Deficiency, Lifestyle, MedicalCondition, Muscle,
    PregnancyStage, Profile, ProfileError, Sleep, SleepPosition, Symptom, normalise_medicine_name,
};
pub use rule::Rule;
