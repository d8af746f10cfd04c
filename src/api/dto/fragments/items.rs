//! Writing an answer's lists: each item through its knowledge entry's template, found by
//! the entry's address.

use serde::Serialize;

use super::super::template::Template;
use crate::domain::{List, Text, TriageLevel};
use crate::engine::{Assessment, PlanStep, Triage};
use crate::knowledge::KnowledgeBase;

/// Writes `items` as a JSON array, each with `write`.
pub(super) fn list<T>(out: &mut Vec<u8>, items: &[T], mut write: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

/// Writes `wire`, the wire form of `entry`, through the template of `entry`'s place in
/// `entries` (the knowledge base's own list, which `templates` is parallel to).
pub(super) fn item<E, W: Serialize>(
    out: &mut Vec<u8>,
    templates: &[Option<Template>],
    entries: &[E],
    entry: &E,
    wire: &W,
) {
    item_filling(out, templates, entries, entry, wire, &mut |_, _| false);
}

/// As [`item`], with `fill` writing some of the holes itself (see `Template::write_filling`).
pub(super) fn item_filling<E, W: Serialize>(
    out: &mut Vec<u8>,
    templates: &[Option<Template>],
    entries: &[E],
    entry: &E,
    wire: &W,
    fill: &mut dyn FnMut(usize, &mut Vec<u8>) -> bool,
) {
    match place(entries, entry).and_then(|i| templates.get(i)?.as_ref()) {
        Some(template) => template.write_filling(out, wire, fill),
        None => serde_json::to_writer(out, wire).expect("answers always serialise"),
    }
}

/// The place of `entry` in `entries`, from its address: an answer's entries are references
/// into the knowledge base's lists, so this is one subtraction instead of a lookup by id.
pub(super) fn place<E>(entries: &[E], entry: &E) -> Option<usize> {
    let size = std::mem::size_of::<E>().max(1);
    let offset = (entry as *const E as usize).checked_sub(entries.as_ptr() as usize)?;
    let i = offset / size;
    entries
        .get(i)
        .is_some_and(|e| std::ptr::eq(e, entry))
        .then_some(i)
}

/// The remedy whose plan template a plan step is made from, when everything the template
/// fixes (phase, action, schedule, remedy id) is that remedy's. The step's action is the
/// template's own text, inside the remedy, so its address finds the remedy.
pub(super) fn remedy_of_step(s: &PlanStep<'_>, kb: &KnowledgeBase) -> Option<usize> {
    let size = std::mem::size_of::<crate::domain::Remedy>();
    let offset = (s.action as *const Text as usize).checked_sub(kb.remedies.as_ptr() as usize)?;
    let i = offset / size;
    let remedy = kb.remedies.get(i)?;
    let t = remedy.plan.as_ref()?;
    (std::ptr::eq(&t.action, s.action)
        && s.remedy_id == Some(remedy.id.as_str())
        && t.phase == s.phase
        && t.when == s.when
        && t.repeat == s.repeat
        && t.duration_seconds == s.duration_seconds
        && t.repetitions == s.repetitions)
        .then_some(i)
}

/// An assessment with nothing in it: a sample for the frames, whose members are the same
/// whatever they hold.
pub(super) fn empty_assessment(headline: &Text) -> Assessment<'_> {
    Assessment {
        triage: Triage {
            level: TriageLevel::SelfCare,
            headline,
            red_flags: List::new(),
        },
        causes: List::new(),
        remedies: List::new(),
        withheld_remedies: List::new(),
        relief_plan: List::new(),
        medication_review: List::new(),
        unrecognised_medications: Vec::new(),
        differentials: List::new(),
        missing_inputs: List::new(),
    }
}
