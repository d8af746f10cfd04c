//! Causes: which fit this profile, how well, and because of which answers.

use super::context::{Context, Finding, Hits};
use super::pointer::Pointer;
use super::{Fact, FoundCause, Likelihood, List, Reason};
use crate::domain::{Cause, CauseRole, TriageLevel};
use crate::knowledge::KnowledgeBase;

/// Below this best score among explanatory causes, the cramps count as unexplained.
const EXPLAINED_AT: f64 = 0.3;

/// The score of the "no identifiable cause" fallback. It is offered only when nothing scores
/// `EXPLAINED_AT` or more, and a diagnosis by exclusion is never more than a moderate
/// explanation, so its score is a fixed moderate one rather than a measure of anything.
const UNEXPLAINED_SCORE: f64 = 0.5;

/// Writes the causes that fit, best first, into `found` (empty).
pub(super) fn evaluate<'kb>(
    cx: &mut Context<'kb>,
    kb: &'kb KnowledgeBase,
    found: &mut List<FoundCause<'kb>, 6>,
) {
    let mut hits = Hits::new();
    let excluded = |c: &Cause| {
        c.exclude_when
            .as_ref()
            .is_some_and(|rule| cx.holds_when(rule))
    };
    for cause in kb
        .causes
        .iter()
        .filter(|c| c.role != CauseRole::Fallback && !excluded(c))
    {
        let mut miss = 1.0_f64;
        let mut because = List::new();
        for signal in &cause.signals {
            hits.clear();
            if !cx.eval_when::<true>(&signal.when, &mut hits) {
                continue;
            }
            miss *= 1.0 - signal.weight;
            let mut medicines = hits
                .iter()
                .filter_map(|h| h.medicine.map(|m| (h.pointer, m)))
                .peekable();
            if medicines.peek().is_none() {
                let pointer = hits.first().map_or(Pointer::Root, |h| h.pointer);
                because.push(Reason {
                    pointer,
                    fact: Fact::Plain(&signal.fact),
                });
            } else {
                // One medicine reason each (45 for the longest lists): room made once.
                because.reserve(hits.iter().filter(|h| h.medicine.is_some()).count());
                for (pointer, (name, class)) in medicines {
                    let fact = Fact::Medicine {
                        template: &signal.fact,
                        medicine: name,
                        class: &class.title_lower,
                    };
                    because.push(Reason { pointer, fact });
                }
            }
        }
        if !because.is_empty() {
            let score = round3(1.0 - miss);
            found.push(FoundCause {
                cause,
                score,
                likelihood: Likelihood::from_score(score),
                because,
            });
        }
    }

    let best_explanation = found
        .iter()
        // Context (being older) raises the odds of cramps but does not, on its own, explain them.
        .filter(|f| f.cause.role == CauseRole::Explanation)
        .map(|f| f.score)
        .fold(0.0, f64::max);
    // An emergency or urgent red flag means this may not be a simple cramp at all: calling it
    // "no identifiable cause" would contradict the triage.
    let not_a_simple_cramp = cx.triage <= TriageLevel::Urgent;
    // A condition that explains the picture better (restless legs) displaces the fallback.
    let better_explained = kb.differentials.iter().any(|d| {
        d.displaces_unexplained
            && d.suggest_when
                .as_ref()
                .is_some_and(|rule| cx.holds_when(rule))
    });
    if best_explanation < EXPLAINED_AT && !not_a_simple_cramp && !better_explained {
        found.push(FoundCause {
            cause: kb.fallback_cause(),
            score: UNEXPLAINED_SCORE,
            likelihood: Likelihood::from_score(UNEXPLAINED_SCORE),
            because: [Reason {
                pointer: Pointer::Root,
                fact: Fact::Plain(&kb.meta.unexplained_fact),
            }]
            .into_iter()
            .collect(),
        });
    }

    // Best first; ties by association strength, then id, so the order is total. Sorted as
    // indices, then put in place with at most one swap per cause: a found cause is about 250
    // bytes, and sorting the causes themselves moved them over and over (16 in the full
    // profile).
    let mut order: List<usize, 32> = (0..found.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&found[a], &found[b]);
        b.score
            .total_cmp(&a.score)
            .then(b.cause.association.cmp(&a.cause.association))
            .then_with(|| a.cause.id.cmp(&b.cause.id))
    });
    for i in 0..order.len() {
        // The cause meant for place `i` started at `order[i]`; if that place is already
        // settled, the cause was swapped away from it, to where that place's cause started.
        let mut from = order[i];
        while from < i {
            from = order[from];
        }
        found.swap(i, from);
    }
    for f in found.iter() {
        cx.record_unique(
            Finding::Cause,
            &f.cause.id,
            f.because.iter().map(|r| r.pointer),
        );
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
