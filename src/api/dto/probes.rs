//! The probes each entry's [`Template`] is captured from: two engine items for the same
//! knowledge entry that differ in everything the engine works out per person, turned into wire
//! structs by the same `views` functions an answer uses. What the two wire structs share is the
//! entry's; what differs is a hole. Each capture states how many holes it expects, so a
//! per-person member left the same in both probes (and so frozen into the template) fails the
//! capture instead of leaking one person's answer into another's; a failed capture leaves the
//! entry to `serde_json` (a unit test requires every embedded entry to have its template).

use super::template::Template;
use super::views;
use crate::domain::{Field, List, Remedy, Text};
use crate::engine::{
    Fact, FoundCause, Likelihood, MedicineReview, PlanStep, Pointer, Pointers, RaisedFlag, Reason,
    SuggestedDifferential, SuggestedRemedy, Why, WithheldRemedy,
};
use crate::knowledge::KnowledgeBase;

/// Two distinct texts and ids, for the per-person members of the two probes.
struct Samples {
    texts: [Text; 2],
    pointers: [Pointers; 2],
    ids: [String; 2],
}

impl Samples {
    fn new() -> Self {
        let mut one = Pointers::new();
        one.push(Pointer::Item(Field::Medications, 1));
        Self {
            texts: [Text::new("a"), Text::new("b")],
            pointers: [Pointers::new(), one],
            ids: ["a".to_owned(), "b".to_owned()],
        }
    }
}

/// A list holding `items`.
fn list<T, const N: usize>(items: impl IntoIterator<Item = T>) -> List<T, N> {
    let mut list = List::new();
    for item in items {
        list.push(item);
    }
    list
}

/// The template of each entry of `entries`, from its two probes (`None` when the capture
/// failed).
fn each<E>(
    entries: &[E],
    mut capture: impl FnMut(&E) -> Result<Template, super::template::CaptureError>,
) -> Box<[Option<Template>]> {
    entries.iter().map(|e| capture(e).ok()).collect()
}

/// Raised red flags: the answers that raised them are the person's.
pub(super) fn red_flags(kb: &KnowledgeBase) -> Box<[Option<Template>]> {
    let s = Samples::new();
    each(&kb.red_flags, |flag| {
        let [a, b] = s
            .pointers
            .clone()
            .map(|pointers| RaisedFlag { flag, pointers });
        Template::capture(
            &views::red_flag_hit(&a, kb),
            &views::red_flag_hit(&b, kb),
            1,
        )
    })
}

/// Found causes: likelihood, score and the reasons are the person's.
pub(super) fn causes(kb: &KnowledgeBase) -> Box<[Option<Template>]> {
    each(&kb.causes, |cause| {
        let a = FoundCause {
            cause,
            score: 0.0,
            likelihood: Likelihood::Low,
            because: List::new(),
        };
        let b = FoundCause {
            score: 1.0,
            likelihood: Likelihood::High,
            because: list([Reason {
                pointer: Pointer::Root,
                fact: Fact::Plain("b"),
            }]),
            ..a.clone()
        };
        Template::capture(&views::found_cause(&a, kb), &views::found_cause(&b, kb), 3)
    })
}

/// A "why" with nothing in it (the first probe of a step, and the sample of `WireWhy`'s frame).
pub(super) fn empty_why() -> Why<'static> {
    Why {
        sentences: List::new(),
        addresses: List::new(),
        cause_ids: List::new(),
        red_flag_ids: List::new(),
    }
}

/// A reason, for the frame of `WireReason`.
pub(super) fn reason_sample() -> Reason<'static> {
    Reason {
        pointer: Pointer::Root,
        fact: Fact::Plain(""),
    }
}

/// Suggested remedies: the cautions that apply are the person's.
pub(super) fn remedies(kb: &KnowledgeBase) -> Box<[Option<Template>]> {
    let s = Samples::new();
    each(&kb.remedies, |remedy| {
        let a = SuggestedRemedy {
            remedy,
            cautions: List::new(),
        };
        let b = SuggestedRemedy {
            remedy,
            cautions: list([&s.texts[1]]),
        };
        Template::capture(
            &views::suggested_remedy(&a, kb),
            &views::suggested_remedy(&b, kb),
            1,
        )
    })
}

/// Withheld remedies: why, the answers that caused it and the red flag are the person's.
pub(super) fn withheld(kb: &KnowledgeBase) -> Box<[Option<Template>]> {
    let s = Samples::new();
    each(&kb.remedies, |remedy| {
        let a = WithheldRemedy {
            remedy,
            reason: &s.texts[0],
            pointers: s.pointers[0].clone(),
            red_flag_id: None,
        };
        let b = WithheldRemedy {
            reason: &s.texts[1],
            pointers: s.pointers[1].clone(),
            red_flag_id: Some(&s.ids[1]),
            ..a.clone()
        };
        Template::capture(
            &views::withheld_remedy(&a, kb),
            &views::withheld_remedy(&b, kb),
            3,
        )
    })
}

/// A remedy's plan step: its place in the plan and why it is there are the person's; its
/// phase, action and schedule are the remedy's plan template.
pub(super) fn steps(kb: &KnowledgeBase) -> Box<[Option<Template>]> {
    each(&kb.remedies, |remedy| {
        let a = first_step(remedy)?;
        let b = PlanStep {
            order: 2,
            why: Why {
                sentences: list(["b"]),
                addresses: list(["b"]),
                cause_ids: list(["b"]),
                red_flag_ids: list(["b"]),
            },
            ..a.clone()
        };
        Template::capture(&views::plan_step(&a, kb), &views::plan_step(&b, kb), 2)
    })
}

/// The frame of any plan step (every member a hole), for the steps no remedy fixes (a red
/// flag's "seek care now"): made from the first remedy's step (a frame keeps only the keys,
/// and a remedy's step has them all).
pub(super) fn any_step(kb: &KnowledgeBase) -> Result<Template, super::template::CaptureError> {
    let remedy = kb
        .remedies
        .iter()
        .find(|r| r.plan.is_some())
        .ok_or_else(|| super::template::CaptureError::new("no remedy has a plan step"))?;
    Template::frame(&views::plan_step(&first_step(remedy)?, kb))
}

/// `remedy`'s plan step, first in the plan, for no reason yet.
fn first_step(remedy: &Remedy) -> Result<PlanStep<'_>, super::template::CaptureError> {
    let t = remedy
        .plan
        .as_ref()
        .ok_or_else(|| super::template::CaptureError::new("a remedy with no plan step"))?;
    Ok(PlanStep {
        order: 1,
        phase: t.phase,
        action: &t.action,
        remedy_id: Some(&remedy.id),
        why: empty_why(),
        when: t.when,
        repeat: t.repeat,
        duration_seconds: t.duration_seconds,
        repetitions: t.repetitions,
    })
}

/// Medicines to review, by class: the name as typed, where it is, the advice, the flags that
/// implicate it and the advice's sources are the person's.
pub(super) fn classes(kb: &KnowledgeBase) -> Box<[Option<Template>]> {
    let s = Samples::new();
    let sources = [vec![], vec!["b".to_owned()]];
    each(&kb.medication_classes, |class| {
        let a = MedicineReview {
            medicine: "a",
            pointer: Pointer::Root,
            class,
            advice: &s.texts[0],
            red_flag_ids: List::new(),
            source_ids: &sources[0],
        };
        let b = MedicineReview {
            medicine: "b",
            pointer: Pointer::Item(Field::Medications, 1),
            advice: &s.texts[1],
            red_flag_ids: list(["b"]),
            source_ids: &sources[1],
            ..a.clone()
        };
        Template::capture(
            &views::medicine_to_review(&a, kb),
            &views::medicine_to_review(&b, kb),
            5,
        )
    })
}

/// Differentials: the answers that suggested them are the person's.
pub(super) fn differentials(kb: &KnowledgeBase) -> Box<[Option<Template>]> {
    let s = Samples::new();
    each(&kb.differentials, |differential| {
        let [a, b] = s.pointers.clone().map(|pointers| SuggestedDifferential {
            differential,
            pointers,
        });
        Template::capture(
            &views::differential(&a, kb),
            &views::differential(&b, kb),
            1,
        )
    })
}

/// Follow-up questions: nothing in them is the person's.
pub(super) fn questions(kb: &KnowledgeBase) -> Box<[Option<Template>]> {
    each(&kb.questions, |q| {
        let wire = views::missing_input(&q, kb);
        Template::capture(&wire, &wire, 0)
    })
}
