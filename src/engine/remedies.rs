//! Remedies: which to offer, which to withhold (contraindications) and which cautions apply.

use super::context::{Context, unique_pointers};
use super::{SuggestedRemedy, WithheldRemedy};
use crate::knowledge::KnowledgeBase;

pub(super) fn evaluate<'kb>(
    cx: &Context<'kb>,
    kb: &'kb KnowledgeBase,
) -> (Vec<SuggestedRemedy<'kb>>, Vec<WithheldRemedy<'kb>>) {
    let mut suggested = Vec::new();
    let mut withheld = Vec::new();
    for remedy in &kb.remedies {
        // Remedies without `suggest_when` (the not-recommended ones) are never offered.
        let Some(offer) = &remedy.suggest_when else {
            continue;
        };
        if cx.eval(offer).is_none() {
            continue;
        }
        // The first matching contraindication wins: the data lists the most important first.
        let contraindication = remedy
            .withhold
            .iter()
            .find_map(|w| cx.eval(&w.when).map(|hits| (w, hits)));
        if let Some((w, hits)) = contraindication {
            withheld.push(WithheldRemedy {
                remedy,
                reason: w.reason.as_str(),
                pointers: unique_pointers(hits.into_iter().map(|h| h.pointer)),
            });
            continue;
        }
        let cautions = remedy
            .cautions
            .iter()
            .filter(|c| c.when.as_ref().is_none_or(|rule| cx.eval(rule).is_some()))
            .map(|c| c.text.as_str())
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
    (suggested, withheld)
}
