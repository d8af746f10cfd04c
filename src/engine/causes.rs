//! Causes: which fit this profile, how well, and because of which answers.

use super::context::Context;
use super::{FoundCause, Likelihood, Reason};
use crate::domain::TriageLevel;
use crate::knowledge::{IDIOPATHIC, KnowledgeBase};

/// The cause that is context rather than explanation: being older raises the odds of cramps
/// but does not, on its own, explain them.
const CONTEXT_ONLY: &str = "age";

/// Below this best score among explanatory causes, the cramps count as unexplained.
const EXPLAINED_AT: f64 = 0.3;

pub(super) fn evaluate<'kb>(cx: &mut Context<'kb>, kb: &'kb KnowledgeBase) -> Vec<FoundCause<'kb>> {
    let mut found: Vec<FoundCause<'kb>> = Vec::new();
    for cause in kb.causes.iter().filter(|c| c.id != IDIOPATHIC) {
        let mut miss = 1.0_f64;
        let mut because = Vec::new();
        for signal in &cause.signals {
            let Some(hits) = cx.eval(&signal.when) else {
                continue;
            };
            miss *= 1.0 - signal.weight;
            let medicine_hits: Vec<_> = hits.iter().filter(|h| h.medicine.is_some()).collect();
            if medicine_hits.is_empty() {
                let pointer = hits.first().map(|h| h.pointer.clone()).unwrap_or_default();
                because.push(Reason {
                    pointer,
                    fact: signal.fact.clone(),
                });
            } else {
                for hit in medicine_hits {
                    let (name, class) = hit.medicine.expect("filtered to medicine hits");
                    let fact = signal
                        .fact
                        .replace("{medicine}", name)
                        .replace("{class}", &class.title.to_lowercase());
                    because.push(Reason {
                        pointer: hit.pointer.clone(),
                        fact,
                    });
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
        .filter(|f| f.cause.id != CONTEXT_ONLY)
        .map(|f| f.score)
        .fold(0.0, f64::max);
    // An emergency or urgent red flag means this may not be a simple cramp at all: calling it
    // "no identifiable cause" would contradict the triage.
    let not_a_simple_cramp = cx.triage <= TriageLevel::Urgent;
    if best_explanation < EXPLAINED_AT
        && !not_a_simple_cramp
        && let Some(cause) = kb.cause(IDIOPATHIC)
    {
        let score = round3(1.0 - best_explanation);
        found.push(FoundCause {
            cause,
            score,
            likelihood: Likelihood::from_score(score),
            because: vec![Reason {
                pointer: String::new(),
                fact: "None of your answers points clearly to a specific cause; most night cramps have no identifiable cause.".to_owned(),
            }],
        });
    }

    // Best first; ties by association strength, then id, so the order is total.
    found.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.cause.association.cmp(&a.cause.association))
            .then(a.cause.id.cmp(&b.cause.id))
    });
    for f in &found {
        let pointers = f
            .because
            .iter()
            .map(|r| r.pointer.clone())
            .filter(|p| !p.is_empty())
            .collect();
        cx.cause_pointers.insert(f.cause.id.as_str(), pointers);
    }
    found
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
