//! What each member of an answer's outer structs holds (their "frames"), in each wire
//! struct's field order: the lists are written here item by item, the rest serialised.

/// What a member of an answer's frame holds, in the wire struct's field order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    Triage,
    Causes,
    Remedies,
    Withheld,
    Plan,
    Medicines,
    Differentials,
    MissingInputs,
    Stamp,
    /// Serialised as it is (unrecognised names, inconsistencies, the disclaimer).
    Value,
}

/// `AssessmentResponse`'s members.
pub(super) const ANSWER: &[Slot] = &[
    Slot::Triage,
    Slot::Causes,
    Slot::Remedies,
    Slot::Withheld,
    Slot::Plan,
    Slot::Medicines,
    Slot::Value,
    Slot::Differentials,
    Slot::MissingInputs,
    Slot::Value,
    Slot::Stamp,
    Slot::Value,
];
/// `CausesView`'s members.
pub(super) const CAUSES: &[Slot] = &[
    Slot::Triage,
    Slot::Causes,
    Slot::Medicines,
    Slot::Value,
    Slot::Value,
    Slot::Stamp,
    Slot::Value,
];
/// `RemediesView`'s members.
pub(super) const REMEDIES: &[Slot] = &[
    Slot::Triage,
    Slot::Remedies,
    Slot::Withheld,
    Slot::Value,
    Slot::Stamp,
    Slot::Value,
];
/// `ReliefPlanView`'s members.
pub(super) const PLAN: &[Slot] = &[
    Slot::Triage,
    Slot::Plan,
    Slot::Value,
    Slot::Stamp,
    Slot::Value,
];
