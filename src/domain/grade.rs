//! Grades shared by the knowledge base and the engine: how strongly a cause is associated
//! with cramps, how good the evidence for a remedy is, and how urgent a red flag is. Their
//! wire names are declared here, once (see [`super::wire`]).

use super::wire::wire_enum;

wire_enum!(
    /// Strength of the association between a cause (or a medicine class) and leg cramps.
    ///
    /// Ordered from weakest to strongest so that `max()` picks the strongest.
    Association {
        /// Widely believed but not supported, or contradicted, by data.
        Unproven => "unproven",
        /// Case reports, label listings, single small or confounded studies.
        Weak => "weak",
        /// At least one decent controlled or population study.
        Moderate => "moderate",
        /// Large or consistent data, or a guideline states it outright.
        Strong => "strong",
    }
);

wire_enum!(
    /// Quality of the evidence that a remedy helps.
    ///
    /// Ordered from "do not use" to strongest.
    EvidenceLevel {
        /// Trials show no benefit, or harm outweighs a modest benefit. Kept in the catalogue so
        /// apps can explain why it is not offered; never recommended.
        NotRecommended => "not_recommended",
        /// No trials; expert opinion or physiological rationale only.
        Insufficient => "insufficient",
        /// Small or conflicting trials, or indirect evidence.
        Weak => "weak",
        /// One reasonable trial, or a guideline "possibly effective" rating.
        Moderate => "moderate",
        /// Systematic review or large trials with consistent benefit.
        Strong => "strong",
    }
);

wire_enum!(
    /// How soon a person should act on a red flag.
    ///
    /// Ordered from most to least urgent, so sorting puts emergencies first.
    Urgency {
        /// Call emergency services or go to an emergency department now.
        Emergency => "emergency",
        /// Same-day care: a GP or doctor today, urgent care, or a telephone advice line.
        Urgent => "urgent",
        /// See a GP or doctor within days to two weeks.
        Soon => "soon",
        /// Book a GP or doctor appointment when convenient.
        Routine => "routine",
    }
);

wire_enum!(
    /// The overall triage level of an assessment: a red-flag urgency, or self-care.
    ///
    /// Ordered from most to least urgent.
    TriageLevel {
        /// Call emergency services or go to an emergency department now.
        Emergency => "emergency",
        /// Get medical advice today.
        Urgent => "urgent",
        /// See a clinician within days to two weeks.
        Soon => "soon",
        /// Book a routine appointment; self-care meanwhile.
        Routine => "routine",
        /// Self-care is appropriate.
        SelfCare => "self_care",
    }
);

impl From<Urgency> for TriageLevel {
    fn from(urgency: Urgency) -> Self {
        match urgency {
            Urgency::Emergency => Self::Emergency,
            Urgency::Urgent => Self::Urgent,
            Urgency::Soon => Self::Soon,
            Urgency::Routine => Self::Routine,
        }
    }
}
