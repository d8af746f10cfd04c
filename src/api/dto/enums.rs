//! Wire enums for responses. They mirror the domain enums so the public contract does not
//! move when a domain type is renamed, and so `utoipa` stays out of the domain.

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain;
use crate::engine;

/// Declares a serialisable wire enum and its conversion from a domain enum.
macro_rules! wire_out_enum {
    ($(#[$meta:meta])* $name:ident <= $domain:path { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        // Each value is documented on the domain enum it mirrors and in the enum's own doc.
        #[allow(missing_docs)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl From<$domain> for $name {
            fn from(v: $domain) -> Self {
                use $domain as D;
                match v { $(D::$variant => $name::$variant),+ }
            }
        }
    };
}

wire_out_enum!(
    /// Overall triage level, most urgent first: `emergency` (call emergency services now),
    /// `urgent` (medical advice today), `soon` (see a clinician within days to two weeks),
    /// `routine` (book an appointment when convenient), `self_care`.
    TriageLevel <= domain::TriageLevel { Emergency, Urgent, Soon, Routine, SelfCare }
);
wire_out_enum!(
    /// How soon to act on a red flag.
    Urgency <= domain::Urgency { Emergency, Urgent, Soon, Routine }
);
wire_out_enum!(
    /// Strength of the association with cramps.
    Association <= domain::Association { Unproven, Weak, Moderate, Strong }
);
wire_out_enum!(
    /// Quality of the evidence for a remedy.
    Evidence <= domain::EvidenceLevel { NotRecommended, Insufficient, Weak, Moderate, Strong }
);
wire_out_enum!(
    /// When a remedy is used.
    RemedyPhase <= domain::RemedyPhase { DuringCramp, AfterCramp, Prevention, Clinician }
);
wire_out_enum!(
    /// Section of the relief plan, in reading order.
    PlanPhase <= domain::PlanPhase { SeekCareNow, DuringCramp, Tonight, Daily, WithClinician }
);
wire_out_enum!(
    /// When to do a step.
    ScheduleWhen <= domain::ScheduleWhen { Now, Bedtime, Morning, DuringDay }
);
wire_out_enum!(
    /// How often a step repeats.
    Repeat <= domain::Repeat { Once, Daily, AsNeeded }
);
wire_out_enum!(
    /// How likely a cause is to contribute: `high` (score ≥ 0.6), `moderate` (≥ 0.3), `low`.
    Likelihood <= engine::Likelihood { Low, Moderate, High }
);
wire_out_enum!(
    /// Kind of publication.
    SourceKind <= domain::SourceKind {
        Guideline, SystematicReview, Trial, ObservationalStudy, Review, Regulator, PatientInformation, Reference,
        CaseReport,
    }
);
