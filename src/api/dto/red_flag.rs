//! The red-flag catalogue entry: a warning sign, what it withholds while it stands, and the
//! medicines it implicates with what their labels advise.

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::{FlagWithhold, Implication, RedFlag, Urgency};

/// A warning sign that outranks self-care.
#[derive(Debug, Serialize, ToSchema)]
pub struct RedFlagEntry<'a> {
    /// Stable id.
    #[schema(example = "possible_dvt")]
    pub id: &'a str,
    /// Short title.
    pub title: &'a str,
    /// How soon to act.
    pub urgency: Urgency,
    /// One-line headline (≤ 140 characters).
    #[schema(max_length = 140)]
    pub headline: &'a str,
    /// What to do.
    pub action: &'a str,
    /// What it might mean.
    pub possible_cause: &'a str,
    /// The diagnosis it warns of (a `Condition` value): a person already diagnosed with it is
    /// not warned again. Absent when the flag suspects no single diagnosis.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, example = "peripheral_neuropathy")]
    pub suspects: Option<&'static str>,
    /// Remedies withheld while this flag stands (absent when none are).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub withholds: Option<FlagWithholdEntry<'a>>,
    /// Medicine classes that are part of this warning sign, with what their labels advise.
    pub implicates: Vec<ImplicationEntry<'a>>,
    /// Sources.
    pub source_ids: &'a [String],
}

/// Remedies a red flag withholds while it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlagWithholdEntry<'a> {
    /// Remedy ids (see `GET /v1/remedies`).
    #[schema(example = json!(["massage", "heat"]))]
    pub remedy_ids: &'a [String],
    /// Why they are withheld.
    pub reason: &'a str,
    /// Sources.
    pub source_ids: &'a [String],
}

/// A medicine class a red flag implicates.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImplicationEntry<'a> {
    /// Medication class id (see `GET /v1/medication-classes`).
    #[schema(example = "statin")]
    pub class_id: &'a str,
    /// What a person taking it is told: tell a clinician today, and what its label advises for
    /// these symptoms.
    pub advice: &'a str,
    /// Sources (the label or regulator).
    pub source_ids: &'a [String],
}

impl<'a> From<&'a RedFlag> for RedFlagEntry<'a> {
    fn from(f: &'a RedFlag) -> Self {
        Self {
            id: &f.id,
            title: &f.title,
            urgency: f.urgency,
            headline: &f.headline,
            action: &f.action,
            possible_cause: &f.possible_cause,
            suspects: f.suspects.map(|c| c.as_str()),
            withholds: f.withhold.as_ref().map(FlagWithholdEntry::from),
            implicates: f.implicates.iter().map(ImplicationEntry::from).collect(),
            source_ids: &f.source_ids,
        }
    }
}

impl<'a> From<&'a FlagWithhold> for FlagWithholdEntry<'a> {
    fn from(w: &'a FlagWithhold) -> Self {
        Self {
            remedy_ids: &w.remedies,
            reason: &w.reason,
            source_ids: &w.source_ids,
        }
    }
}

impl<'a> From<&'a Implication> for ImplicationEntry<'a> {
    fn from(i: &'a Implication) -> Self {
        Self {
            class_id: &i.class,
            advice: &i.advice,
            source_ids: &i.source_ids,
        }
    }
}
