//! Engine tests: rule-by-rule unit tests (`triage`, `causes`, `remedies`) and property tests
//! over generated valid profiles (`properties`, with the generators in `strategy`).

mod causes;
mod gate;
mod properties;
mod remedies;
mod rules;
mod safety;
pub(crate) mod strategy;
mod triage;
mod witness;

use std::sync::LazyLock;

use super::{Assessment, assess};
use crate::domain::{Profile, ProfileDraft};
use crate::knowledge::KnowledgeBase;

/// A change to a test profile, for table-driven cases.
type Edit = fn(&mut Profile);

/// The embedded knowledge base, loaded once for the whole test binary.
static KB: LazyLock<KnowledgeBase> =
    LazyLock::new(|| KnowledgeBase::embedded().expect("the embedded knowledge base loads"));

fn kb() -> &'static KnowledgeBase {
    &KB
}

/// A valid profile of the given age with `edit` applied.
fn profile_aged(years: i64, edit: impl FnOnce(&mut Profile)) -> Profile {
    let mut profile = Profile::parse(ProfileDraft::with_age(years)).expect("a valid test age");
    edit(&mut profile);
    profile.check().expect("test profiles are valid");
    profile
}

/// A valid 40-year-old's profile with `edit` applied.
fn adult(edit: impl FnOnce(&mut Profile)) -> Profile {
    profile_aged(40, edit)
}

fn flag_ids<'a>(a: &'a Assessment<'_>) -> Vec<&'a str> {
    a.triage
        .red_flags
        .iter()
        .map(|r| r.flag.id.as_str())
        .collect()
}

fn cause_ids<'a>(a: &'a Assessment<'_>) -> Vec<&'a str> {
    a.causes.iter().map(|c| c.cause.id.as_str()).collect()
}

fn remedy_ids<'a>(a: &'a Assessment<'_>) -> Vec<&'a str> {
    a.remedies.iter().map(|r| r.remedy.id.as_str()).collect()
}

fn withheld_ids<'a>(a: &'a Assessment<'_>) -> Vec<&'a str> {
    a.withheld_remedies
        .iter()
        .map(|w| w.remedy.id.as_str())
        .collect()
}
