//! The assessment engine: a pure, total, deterministic function from a validated profile and
//! the knowledge base to an [`Assessment`]. No I/O, no clock, no randomness, no logging: the
//! reasoning is returned as data (`because`, `pointers`, `why`) instead.
//!
//! Order of work, which is also the order of safety: red flags first (they set the triage
//! level and can withhold remedies), then causes, then remedies and their contraindications,
//! then the plan.

mod causes;
mod context;
mod extras;
pub mod follow_up;
mod medicines;
mod plan;
mod pointer;
mod remedies;
mod triage;

use crate::domain::{
    Cause, Differential, MedicationClass, PlanPhase, Profile, Question, RedFlag, Remedy, Repeat,
    ScheduleWhen, Text, TriageLevel,
};
use crate::knowledge::KnowledgeBase;

pub use crate::domain::List;
use context::Context;
pub use pointer::Pointer;

/// The answers behind one conclusion (usually one or two).
pub type Pointers = List<Pointer, 2>;

/// A profile answer that contributed to a conclusion.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason<'kb> {
    /// JSON pointer into the request ([`Pointer::Root`] for "the profile as a whole").
    pub pointer: Pointer,
    /// Plain-language explanation.
    pub fact: Fact<'kb>,
}

/// A plain-language explanation, borrowed from the knowledge base. Medicine facts are
/// templates (`{medicine}`, `{class}`) filled in only when rendered, so the engine allocates
/// nothing for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact<'kb> {
    /// A fixed text.
    Plain(&'kb str),
    /// A template naming a medicine as typed and its class (in lower case).
    Medicine {
        /// The template.
        template: &'kb str,
        /// The medicine as typed.
        medicine: &'kb str,
        /// The class title, lower case.
        class: &'kb str,
    },
}

impl Fact<'_> {
    /// Calls `piece` with the text's pieces, in order: the template's runs and what fills its
    /// placeholders (what `Display` writes, for a writer that copies pieces without
    /// `core::fmt`: issue 15).
    pub fn each_piece(&self, mut piece: impl FnMut(&str)) {
        match *self {
            Self::Plain(text) => piece(text),
            Self::Medicine {
                template,
                medicine,
                class,
            } => {
                let mut rest = template;
                while let Some(start) = rest.find('{') {
                    piece(&rest[..start]);
                    let tail = &rest[start..];
                    if let Some(after) = tail.strip_prefix("{medicine}") {
                        piece(medicine);
                        rest = after;
                    } else if let Some(after) = tail.strip_prefix("{class}") {
                        piece(class);
                        rest = after;
                    } else {
                        piece("{");
                        rest = &tail[1..];
                    }
                }
                piece(rest)
            }
        }
    }
}

impl std::fmt::Display for Fact<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_each(f, |piece| self.each_piece(piece))
    }
}

/// Writes each piece `pieces` hands out into `f`, stopping at the first error.
fn write_each(
    f: &mut std::fmt::Formatter<'_>,
    pieces: impl FnOnce(&mut dyn FnMut(&str)),
) -> std::fmt::Result {
    let mut result = Ok(());
    pieces(&mut |piece| {
        if result.is_ok() {
            result = f.write_str(piece);
        }
    });
    result
}

/// A raised red flag and the answers that raised it.
#[derive(Debug, Clone, PartialEq)]
pub struct RaisedFlag<'kb> {
    /// The red flag.
    pub flag: &'kb RedFlag,
    /// JSON pointers of the answers that triggered it.
    pub pointers: Pointers,
}

/// The triage result.
#[derive(Debug, Clone, PartialEq)]
pub struct Triage<'kb> {
    /// Overall level: the most urgent red flag, else routine or self-care.
    pub level: TriageLevel,
    /// One line for a notification.
    pub headline: &'kb Text,
    /// Raised red flags, most urgent first.
    pub red_flags: List<RaisedFlag<'kb>, 2>,
}

crate::domain::wire_enum!(
    /// How likely a cause is to contribute, from its score.
    Likelihood {
        /// Score below 0.3.
        Low => "low",
        /// Score from 0.3 to below 0.6.
        Moderate => "moderate",
        /// Score 0.6 or above.
        High => "high",
    }
);

impl Likelihood {
    /// Buckets a score.
    pub fn from_score(score: f64) -> Self {
        if score >= 0.6 {
            Self::High
        } else if score >= 0.3 {
            Self::Moderate
        } else {
            Self::Low
        }
    }
}

/// A cause that fits this profile.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundCause<'kb> {
    /// The cause.
    pub cause: &'kb Cause,
    /// Ranking score in 0–1 (three decimals).
    pub score: f64,
    /// Bucketed score.
    pub likelihood: Likelihood,
    /// The answers that raised it.
    pub because: List<Reason<'kb>, 3>,
}

/// A remedy suited to this person.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedRemedy<'kb> {
    /// The remedy.
    pub remedy: &'kb Remedy,
    /// Cautions that apply to this person.
    pub cautions: List<&'kb Text, 2>,
}

/// A remedy left out because of this profile.
#[derive(Debug, Clone, PartialEq)]
pub struct WithheldRemedy<'kb> {
    /// The remedy.
    pub remedy: &'kb Remedy,
    /// Why it was left out.
    pub reason: &'kb Text,
    /// The answers that caused it.
    pub pointers: Pointers,
    /// The red flag it is withheld for, when a warning sign (not a contraindication) is why.
    pub red_flag_id: Option<&'kb str>,
}

/// Why a plan step is there.
#[derive(Debug, Clone, PartialEq)]
pub struct Why<'kb> {
    /// Plain-language sentences, in order.
    pub sentences: List<&'kb str, 2>,
    /// Titles of the found causes the step addresses.
    pub addresses: List<&'kb str, 2>,
    /// Causes the step addresses.
    pub cause_ids: List<&'kb str, 2>,
    /// Red flags the step responds to.
    pub red_flag_ids: List<&'kb str, 2>,
}

impl Why<'_> {
    /// The explanation as one paragraph: the sentences, then what the step addresses,
    /// introduced by `label` (the knowledge base's `addresses_label`, with its own punctuation:
    /// "Addresses:", "Concerne :").
    pub fn text(&self, label: &str) -> String {
        // Sized from the pieces first: one allocation, as the CDS cards and the calendar make
        // one of these per step.
        let shown = self.display(label);
        let mut len = 0;
        shown.each_piece(|piece| len += piece.len());
        let mut text = String::with_capacity(len);
        shown.each_piece(|piece| text.push_str(piece));
        text
    }

    /// As [`Self::text`], written straight into a formatter or serialiser: no `String` built.
    pub fn display<'w>(&'w self, label: &'w str) -> WhyText<'w> {
        WhyText { why: self, label }
    }
}

/// A plan step's explanation as one paragraph ([`Why::display`]).
#[derive(Debug, Clone, Copy)]
pub struct WhyText<'w> {
    why: &'w Why<'w>,
    label: &'w str,
}

impl WhyText<'_> {
    /// Calls `piece` with the paragraph's pieces, in order (what `Display` writes, for a writer
    /// that copies pieces without `core::fmt`: issue 15).
    pub fn each_piece(&self, mut piece: impl FnMut(&str)) {
        let Why {
            sentences,
            addresses,
            ..
        } = self.why;
        joined(sentences, " ", &mut piece);
        if !addresses.is_empty() {
            piece(" ");
            piece(self.label);
            piece(" ");
            joined(addresses, ", ", &mut piece);
            piece(".");
        }
    }
}

impl std::fmt::Display for WhyText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_each(f, |piece| self.each_piece(piece))
    }
}

/// `items` with `separator` between them, piece by piece.
fn joined(items: &[&str], separator: &str, piece: &mut impl FnMut(&str)) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            piece(separator);
        }
        piece(item);
    }
}

/// One step of the relief plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStep<'kb> {
    /// Position, from 1.
    pub order: u32,
    /// Plan section.
    pub phase: PlanPhase,
    /// Imperative action.
    pub action: &'kb Text,
    /// The remedy it comes from, if any.
    pub remedy_id: Option<&'kb str>,
    /// Why it is in the plan.
    pub why: Why<'kb>,
    /// When to do it.
    pub when: ScheduleWhen,
    /// How often.
    pub repeat: Repeat,
    /// How long, in seconds.
    pub duration_seconds: Option<u32>,
    /// How many times.
    pub repetitions: Option<u32>,
}

/// A recognised medicine to review with the prescriber.
#[derive(Debug, Clone, PartialEq)]
pub struct MedicineReview<'kb> {
    /// The name as typed (trimmed).
    pub medicine: &'kb str,
    /// JSON pointer into `/medications`.
    pub pointer: Pointer,
    /// The class a raised red flag implicates; else the first matched class with its own advice;
    /// else the class with the strongest association.
    pub class: &'kb MedicationClass,
    /// The routine advice (ask the prescriber or pharmacist to review it, never stop it), or,
    /// when a raised red flag implicates the medicine, that flag's advice: tell a clinician
    /// today, and what the label says for these symptoms.
    pub advice: &'kb Text,
    /// The raised red flags that implicate this medicine, most urgent first (empty routinely).
    pub red_flag_ids: List<&'kb str, 2>,
    /// Sources of the advice: the implicating flag's, else the class's.
    pub source_ids: &'kb [String],
}

/// A condition that can be mistaken for cramps and fits some answers.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedDifferential<'kb> {
    /// The differential.
    pub differential: &'kb Differential,
    /// The answers that suggested it.
    pub pointers: Pointers,
}

/// The complete answer for one profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment<'kb> {
    /// Triage level and red flags.
    pub triage: Triage<'kb>,
    /// Likely contributing causes, best first.
    pub causes: List<FoundCause<'kb>, 6>,
    /// Suitable remedies.
    pub remedies: List<SuggestedRemedy<'kb>, 12>,
    /// Remedies withheld, with why.
    pub withheld_remedies: List<WithheldRemedy<'kb>, 2>,
    /// The ordered relief plan.
    pub relief_plan: List<PlanStep<'kb>, 12>,
    /// Recognised medicines to review.
    pub medication_review: List<MedicineReview<'kb>, 4>,
    /// Medicine names that matched nothing (trimmed, as typed). Empty, so not allocated, for
    /// almost every profile.
    pub unrecognised_medications: Vec<String>,
    /// Mimics worth considering.
    pub differentials: List<SuggestedDifferential<'kb>, 2>,
    /// Questions whose answers would most change this assessment (never more than
    /// [`MAX_MISSING_INPUTS`], so never on the heap).
    pub missing_inputs: List<&'kb Question, MAX_MISSING_INPUTS>,
}

/// How many follow-up questions an assessment lists at most.
pub const MAX_MISSING_INPUTS: usize = 5;

/// Assesses a profile. Total and deterministic: the same profile and knowledge base always
/// give the same assessment, whatever the order of the profile's lists.
///
/// An assessment is about 6 KB of inline lists, and returning it copies all of them: the
/// request handlers use [`assess_then`], which lends it instead.
pub fn assess<'kb>(profile: &'kb Profile, kb: &'kb KnowledgeBase) -> Assessment<'kb> {
    let (mut cx, unrecognised) = Context::new(profile, kb);
    let mut a = Assessment::begin(&mut cx, kb, &unrecognised);
    a.complete(&mut cx, kb);
    a
}

/// As [`assess`], lending the assessment to `then` instead of returning it: it is built where
/// it stays and never copied (issue 15: the copy was about 5% of the engine's time).
pub fn assess_then<'kb, R>(
    profile: &'kb Profile,
    kb: &'kb KnowledgeBase,
    then: impl FnOnce(&Assessment<'kb>) -> R,
) -> R {
    let (mut cx, unrecognised) = Context::new(profile, kb);
    let mut a = Assessment::begin(&mut cx, kb, &unrecognised);
    a.complete(&mut cx, kb);
    then(&a)
}

impl<'kb> Assessment<'kb> {
    /// The triage, and every other part empty.
    #[inline(always)]
    fn begin(cx: &mut Context<'kb>, kb: &'kb KnowledgeBase, unrecognised: &[&str]) -> Self {
        Self {
            triage: triage::evaluate(cx, kb),
            causes: List::new(),
            remedies: List::new(),
            withheld_remedies: List::new(),
            relief_plan: List::new(),
            medication_review: List::new(),
            unrecognised_medications: unrecognised.iter().map(|&name| name.to_owned()).collect(),
            differentials: List::new(),
            missing_inputs: List::new(),
        }
    }

    /// Works out every part after the triage, each written straight into the answer's own
    /// (inline) lists: none is built on the stack first and then moved into the answer.
    #[inline(always)]
    fn complete(&mut self, cx: &mut Context<'kb>, kb: &'kb KnowledgeBase) {
        causes::evaluate(cx, kb, &mut self.causes);
        remedies::evaluate(
            cx,
            kb,
            &self.triage,
            &mut self.remedies,
            &mut self.withheld_remedies,
        );
        plan::build(
            &self.triage,
            &self.causes,
            &self.remedies,
            &mut self.relief_plan,
        );
        extras::medication_review(cx, kb, &self.triage, &mut self.medication_review);
        extras::differentials(cx, kb, &mut self.differentials);
        extras::missing_inputs(cx, kb, &mut self.missing_inputs);
    }
}

#[cfg(test)]
pub(crate) mod tests;
