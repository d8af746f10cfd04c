//! Red flags, evaluated before anything else: they set the triage level.

use super::context::{Context, unique_pointers};
use super::{RaisedFlag, Triage};
use crate::domain::TriageLevel;
use crate::knowledge::KnowledgeBase;

pub(super) fn evaluate<'kb>(cx: &mut Context<'kb>, kb: &'kb KnowledgeBase) -> Triage<'kb> {
    let mut red_flags: Vec<RaisedFlag<'kb>> = kb
        .red_flags
        .iter()
        .filter_map(|flag| {
            let hits = cx.eval(&flag.when)?;
            Some(RaisedFlag {
                flag,
                pointers: unique_pointers(hits.into_iter().map(|h| h.pointer)),
            })
        })
        .collect();
    // Stable sort: most urgent first, file order within an urgency.
    red_flags.sort_by_key(|r| r.flag.urgency);
    let (level, headline) = match red_flags.first() {
        Some(top) => (
            TriageLevel::from(top.flag.urgency),
            top.flag.headline.as_str(),
        ),
        None if cx.eval(&kb.meta.routine_when).is_some() => {
            (TriageLevel::Routine, kb.meta.headlines.routine.as_str())
        }
        None => (TriageLevel::SelfCare, kb.meta.headlines.self_care.as_str()),
    };
    cx.triage = level;
    for r in &red_flags {
        cx.flag_pointers
            .insert(r.flag.id.as_str(), r.pointers.clone());
    }
    Triage {
        level,
        headline,
        red_flags,
    }
}
