//! Red flags: the warning signs that outrank self-care, what each withholds while it stands,
//! and the medicines it implicates, with what their labels advise for those symptoms.

use serde::Deserialize;

use super::grade::Urgency;
use super::text::Text;
use super::vocabulary::MedicalCondition;
use super::when::When;

/// A warning sign that outranks self-care.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlag {
    /// Stable id, e.g. `possible_dvt`.
    pub id: String,
    /// Short title.
    pub title: Text,
    /// How soon to act.
    pub urgency: Urgency,
    /// One line, at most 140 characters, fit for a notification.
    pub headline: Text,
    /// What to do, imperative and plain.
    pub action: Text,
    /// What it might mean.
    pub possible_cause: String,
    /// When it is raised.
    pub when: When,
    /// Ids of the sources.
    pub source_ids: Vec<String>,
    /// The diagnosis this flag warns of. A person already diagnosed with it is not warned
    /// again: a known diagnosis does not raise its own "possible …" flag.
    #[serde(default)]
    pub suspects: Option<MedicalCondition>,
    /// Remedies unsafe or pointless while this flag stands.
    #[serde(default)]
    pub withhold: Option<FlagWithhold>,
    /// Medicine classes that are part of this warning sign, with what their labels advise.
    #[serde(default)]
    pub implicates: Vec<Implication>,
}

/// Remedies a red flag withholds while it stands.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagWithhold {
    /// Remedy ids.
    pub remedies: Vec<String>,
    /// Why they are left out, in plain words.
    pub reason: Text,
    /// Ids of the sources.
    pub source_ids: Vec<String>,
}

/// A medicine class a red flag implicates: taking it is part of the warning sign, and its label
/// says what to do when these symptoms appear.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Implication {
    /// Medication class id.
    pub class: String,
    /// Replaces the routine review advice: tell a clinician today, and what the label says.
    pub advice: Text,
    /// The same advice for when a more urgent (emergency) flag stands beside this one: tell the
    /// emergency team, and what the label says, with no slower route ("a GP today", "111").
    /// Required on the implications of every flag that is not itself an emergency, and only
    /// there.
    #[serde(default)]
    pub emergency_advice: Option<Text>,
    /// Ids of the sources (the label or regulator).
    pub source_ids: Vec<String>,
}
