//! Remedies: which to offer, which to withhold (contraindications) and which cautions apply.

use super::context::Context;
use super::{List, RaisedFlag, SuggestedRemedy, Triage, WithheldRemedy};
use crate::domain::FlagWithhold;
use crate::knowledge::KnowledgeBase;

/// Writes the remedies to offer and those withheld into `suggested` and `withheld` (empty).
pub(super) fn evaluate<'kb>(
    cx: &Context<'kb>,
    kb: &'kb KnowledgeBase,
    triage: &Triage<'kb>,
    suggested: &mut List<SuggestedRemedy<'kb>, 12>,
    withheld: &mut List<WithheldRemedy<'kb>, 2>,
) {
    // The raised flags that withhold remedies, each with its remedy ids as one bit each (by a
    // cheap hash): a remedy whose bit a flag lacks is certainly not withheld by it, so its
    // ids are compared only where the bit is set (the full profile raises most flags).
    let withholding: List<(u128, &FlagWithhold, &RaisedFlag<'kb>), 16> = triage
        .red_flags
        .iter()
        .filter_map(|raised| {
            let w = raised.flag.withhold.as_ref()?;
            let bits = w.remedies.iter().fold(0, |bits, id| bits | id_bit(id));
            Some((bits, w, raised))
        })
        .collect();
    for remedy in &kb.remedies {
        // A raised red flag outranks everything: what is unsafe while it stands is withheld,
        // with the most urgent such flag as the reason (the flags are sorted most urgent first).
        let bit = id_bit(&remedy.id);
        let by_flag = withholding.iter().find_map(|&(bits, w, raised)| {
            (bits & bit != 0 && w.remedies.contains(&remedy.id)).then_some((w, raised))
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

/// A remedy id as one bit of 128, by its length and first and last bytes (ids may share one).
fn id_bit(id: &str) -> u128 {
    let bytes = id.as_bytes();
    let ends = bytes.first().zip(bytes.last());
    let (first, last) = ends.map_or((0, 0), |(&f, &l)| (usize::from(f), usize::from(l)));
    1 << ((bytes.len() * 31 + first * 7 + last) % 128)
}
