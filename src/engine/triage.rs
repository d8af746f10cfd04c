//! Red flags, evaluated before anything else: they set the triage level.

use super::context::{Context, Finding};
use super::{List, RaisedFlag, Triage};
use crate::domain::TriageLevel;
use crate::knowledge::KnowledgeBase;

pub(super) fn evaluate<'kb>(cx: &mut Context<'kb>, kb: &'kb KnowledgeBase) -> Triage<'kb> {
    let mut red_flags: List<RaisedFlag<'kb>, 2> = kb
        .red_flags
        .iter()
        // A diagnosis the person already has does not raise its own "possible …" flag.
        .filter(|flag| {
            flag.suspects
                .is_none_or(|known| !cx.profile.conditions.contains(&known))
        })
        .filter_map(|flag| {
            Some(RaisedFlag {
                flag,
                pointers: cx.pointers_when(&flag.when)?,
            })
        })
        .collect();
    // Stable sort: most urgent first, file order within an urgency.
    red_flags.sort_by_key(|r| r.flag.urgency);
    let (level, headline) = match red_flags.first() {
        Some(top) => (TriageLevel::from(top.flag.urgency), &top.flag.headline),
        None if cx.holds_when(&kb.meta.routine_when) => {
            (TriageLevel::Routine, &kb.meta.headlines.routine)
        }
        None => (TriageLevel::SelfCare, &kb.meta.headlines.self_care),
    };
    cx.triage = level;
    cx.reserve(
        red_flags.len(),
        red_flags.iter().map(|r| r.pointers.len()).sum(),
    );
    for r in &red_flags {
        cx.record(Finding::RedFlag, &r.flag.id, r.pointers.iter().copied());
    }
    Triage {
        level,
        headline,
        red_flags,
    }
}
