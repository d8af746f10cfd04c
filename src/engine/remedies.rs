//! Remedies: which to offer, which to withhold (contraindications) and which cautions apply.

use super::context::Context;
use super::{List, SuggestedRemedy, Triage, WithheldRemedy};
use crate::knowledge::KnowledgeBase;

/// Writes the remedies to offer and those withheld into `suggested` and `withheld` (empty).
pub(super) fn evaluate<'kb>(
    cx: &Context<'kb>,
    kb: &'kb KnowledgeBase,
    triage: &Triage<'kb>,
    suggested: &mut List<SuggestedRemedy<'kb>, 12>,
    withheld: &mut List<WithheldRemedy<'kb>, 2>,
) {
    for remedy in &kb.remedies {
        // A raised red flag outranks everything: what is unsafe while it stands is withheld,
        // with the most urgent such flag as the reason (the flags are sorted most urgent first).
        let by_flag = triage.red_flags.iter().find_map(|raised| {
            let w = raised.flag.withhold.as_ref()?;
            w.remedies.contains(&remedy.id).then_some((w, raised))
        });
        // `None`: never offered (the not-recommended ones); `Some(false)`: not for this person.
        // A never-offered remedy is still listed as withheld when one of its contraindications
        // applies (potassium with kidney disease), so the person learns why it is unsafe for them.
        let offered = remedy.suggest_when.as_ref().map(|rule| cx.holds_when(rule));
        if offered == Some(false) {
            continue;
        }
        if let Some((w, raised)) = by_flag {
            withheld.push(WithheldRemedy {
                remedy,
                reason: &w.reason,
                pointers: raised.pointers.clone(),
                red_flag_id: Some(raised.flag.id.as_str()),
            });
            continue;
        }
        // The first matching contraindication wins: the data lists the most important first.
        let contraindication = remedy
            .withhold
            .iter()
            .find_map(|w| cx.pointers_when(&w.when).map(|p| (w, p)));
        if let Some((w, pointers)) = contraindication {
            withheld.push(WithheldRemedy {
                remedy,
                reason: &w.reason,
                pointers,
                red_flag_id: None,
            });
            continue;
        }
        if offered.is_none() {
            continue;
        }
        let cautions = remedy
            .cautions
            .iter()
            .filter(|c| c.when.as_ref().is_none_or(|rule| cx.holds_when(rule)))
            .map(|c| &c.text)
            .collect();
        suggested.push(SuggestedRemedy { remedy, cautions });
    }
    // Stable: by phase, strongest evidence first, then file order.
    suggested.sort_by(|a, b| {
        a.remedy
            .phase
            .cmp(&b.remedy.phase)
            .then(b.remedy.evidence.cmp(&a.remedy.evidence))
    });
}
