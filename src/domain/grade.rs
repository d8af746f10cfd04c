//! Grades shared by the knowledge base and the engine: how strongly a cause is associated
//! with cramps, how good the evidence for a remedy is, and how urgent a red flag is.

use serde::Deserialize;

/// Strength of the association between a cause (or a medicine class) and leg cramps.
///
/// Ordered from weakest to strongest so that `max()` picks the strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Association {
    /// Widely believed but not supported, or contradicted, by data.
    Unproven,
    /// Case reports, label listings, single small or confounded studies.
    Weak,
    /// At least one decent controlled or population study.
    Moderate,
    /// Large or consistent data, or a guideline states it outright.
    Strong,
}

impl Association {
    /// Every grade, weakest first.
    pub const ALL: [Association; 4] = [Self::Unproven, Self::Weak, Self::Moderate, Self::Strong];

    /// The wire name of the grade.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unproven => "unproven",
            Self::Weak => "weak",
            Self::Moderate => "moderate",
            Self::Strong => "strong",
        }
    }
}

/// Quality of the evidence that a remedy helps.
///
/// Ordered from "do not use" to strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceLevel {
    /// Trials show no benefit, or harm outweighs a modest benefit. Kept in the catalogue so apps
    /// can explain why it is not offered; never recommended.
    NotRecommended,
    /// No trials; expert opinion or physiological rationale only.
    Insufficient,
    /// Small or conflicting trials, or indirect evidence.
    Weak,
    /// One reasonable trial, or a guideline "possibly effective" rating.
    Moderate,
    /// Systematic review or large trials with consistent benefit.
    Strong,
}

impl EvidenceLevel {
    /// The wire name of the level.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotRecommended => "not_recommended",
            Self::Insufficient => "insufficient",
            Self::Weak => "weak",
            Self::Moderate => "moderate",
            Self::Strong => "strong",
        }
    }
}

/// How soon a person should act on a red flag.
///
/// Ordered from most to least urgent, so sorting puts emergencies first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Call emergency services or go to an emergency department now.
    Emergency,
    /// Same-day care: a GP or doctor today, urgent care, or a telephone advice line.
    Urgent,
    /// See a GP or doctor within days to two weeks.
    Soon,
    /// Book a GP or doctor appointment when convenient.
    Routine,
}

impl Urgency {
    /// The wire name of the urgency.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Emergency => "emergency",
            Self::Urgent => "urgent",
            Self::Soon => "soon",
            Self::Routine => "routine",
        }
    }
}

/// The overall triage level of an assessment: a red-flag urgency, or self-care.
///
/// Ordered from most to least urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriageLevel {
    /// Call emergency services or go to an emergency department now.
    Emergency,
    /// Get medical advice today.
    Urgent,
    /// See a clinician within days to two weeks.
    Soon,
    /// Book a routine appointment; self-care meanwhile.
    Routine,
    /// Self-care is appropriate.
    SelfCare,
}

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

impl TriageLevel {
    /// The wire name of the level.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Emergency => "emergency",
            Self::Urgent => "urgent",
            Self::Soon => "soon",
            Self::Routine => "routine",
            Self::SelfCare => "self_care",
        }
    }
}
