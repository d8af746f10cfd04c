//! The assessment answers written from fragments serialised ahead of time, one [`Template`] per
//! knowledge entry and language (issue 15: serialising was the largest part of an answer's own
//! cost).
//!
//! Each item of an answer (a raised red flag, a cause, a remedy, a plan step, a medicine, a
//! differential, a question) is the wire struct its `views` function builds, written through
//! the template of its knowledge entry: the entry's fixed members copied, the person's
//! members serialised. The outer structs (the answer, its triage, its plan) are frames: their
//! list members are written item by item here, the rest serialised. The bytes are always
//! exactly `serde_json`'s for the same wire value. A red flag's "seek care now" plan step, which
//! names several flags and fits no remedy's template, is written through a frame of the plan
//! step (every member serialised but its paragraph); an entry whose capture failed is
//! serialised whole.

use serde::Serialize;

use super::template::{CaptureError, Template};

#[cfg(test)]
mod counts;
mod items;
mod slots;

use super::json_text::write_pieces;
use super::views::{self, AssessmentResponse, CausesView, ReliefPlanView, RemediesView};
use super::{InputInconsistency, KnowledgeStamp};
use crate::domain::Text;
use crate::engine::{Assessment, PlanStep, Triage};
use crate::knowledge::KnowledgeBase;
#[cfg(test)]
pub(crate) use counts::Counts;
use items::{empty_assessment, item, item_filling, list, remedy_of_step};
use slots::{ANSWER, CAUSES, PLAN, REMEDIES, Slot};

/// A frame and what its members hold.
#[derive(Debug)]
struct Frame {
    template: Template,
    slots: &'static [Slot],
}

/// One language's templates, each list parallel to the knowledge base's own.
#[derive(Debug)]
pub(crate) struct LangTemplates {
    /// The knowledge base they were made from (its causes' address): another is never
    /// written with them.
    origin: usize,
    answer: Frame,
    causes_view: Frame,
    remedies_view: Frame,
    plan_view: Frame,
    /// `WireTriage`'s members: level, headline, red flags.
    triage: Template,
    /// `ReliefPlan`'s one member, the steps.
    plan: Template,
    /// `WireWhy`'s members: the paragraph, cause ids, red-flag ids.
    why: Template,
    /// `WireReason`'s members: pointer, fact.
    reason: Template,
    stamp: Box<[u8]>,
    red_flags: Box<[Option<Template>]>,
    causes: Box<[Option<Template>]>,
    remedies: Box<[Option<Template>]>,
    withheld: Box<[Option<Template>]>,
    /// A remedy's plan step (its phase, action and schedule are the remedy's plan template).
    steps: Box<[Option<Template>]>,
    /// Any plan step, every member a hole: for the steps no remedy fixes.
    any_step: Option<Template>,
    classes: Box<[Option<Template>]>,
    differentials: Box<[Option<Template>]>,
    questions: Box<[Option<Template>]>,
}

/// The templates in every language, in [`Lang::ALL`] order: the v1 façade's own app data.
#[derive(Debug)]
pub struct AnswerTemplates(Vec<LangTemplates>);

impl AnswerTemplates {
    /// Templates for each knowledge base (one per language, in [`Lang::ALL`] order).
    ///
    /// # Errors
    /// When a frame cannot be captured (an outer wire struct that is not a struct, or whose
    /// members are not the ones this module writes): a programming error a unit test catches.
    pub fn new<'k>(kbs: impl IntoIterator<Item = &'k KnowledgeBase>) -> Result<Self, CaptureError> {
        kbs.into_iter()
            .map(LangTemplates::new)
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// Writes `view` of assessment `a`, made with `kb`, into `out`: byte for byte what
    /// `serde_json` writes for the same view, with the templates made from `kb` (all of it by
    /// `serde_json` if none were).
    pub fn write(
        &self,
        out: &mut Vec<u8>,
        view: View,
        a: &Assessment<'_>,
        kb: &KnowledgeBase,
        inconsistencies: Vec<InputInconsistency>,
    ) {
        let origin = kb.causes.as_ptr() as usize;
        let templates = self.0.iter().find(|t| t.origin == origin);
        write_view(templates, out, view, a, kb, inconsistencies);
    }
}

/// Writes `view` of `a` with `templates` (made from `kb`), or with `serde_json` alone when
/// there are none: the reference the templates are held to.
pub(crate) fn write_view(
    templates: Option<&LangTemplates>,
    out: &mut Vec<u8>,
    view: View,
    a: &Assessment<'_>,
    kb: &KnowledgeBase,
    inconsistencies: Vec<InputInconsistency>,
) {
    let frame = |pick: fn(&LangTemplates) -> &Frame| templates.map(|t| (t, pick(t)));
    match view {
        View::Full => {
            let wire = AssessmentResponse::new(a, kb).with_inconsistencies(inconsistencies);
            write_frame(frame(|t| &t.answer), out, &wire, a, kb);
        }
        View::Causes => {
            let wire = CausesView::new(a, kb).with_inconsistencies(inconsistencies);
            write_frame(frame(|t| &t.causes_view), out, &wire, a, kb);
        }
        View::Remedies => {
            let wire = RemediesView::new(a, kb).with_inconsistencies(inconsistencies);
            write_frame(frame(|t| &t.remedies_view), out, &wire, a, kb);
        }
        View::ReliefPlan => {
            let wire = ReliefPlanView::new(a, kb).with_inconsistencies(inconsistencies);
            write_frame(frame(|t| &t.plan_view), out, &wire, a, kb);
        }
    }
}

/// Writes an answer's outer struct `wire` through its frame, each list item by item.
fn write_frame<W: Serialize>(
    frame: Option<(&LangTemplates, &Frame)>,
    out: &mut Vec<u8>,
    wire: &W,
    a: &Assessment<'_>,
    kb: &KnowledgeBase,
) {
    let Some((templates, frame)) = frame else {
        serde_json::to_writer(out, wire).expect("answers always serialise");
        return;
    };
    templates.frame(out, frame, wire, a, kb);
}

/// The four answers an assessment can be written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// [`AssessmentResponse`].
    Full,
    /// [`CausesView`].
    Causes,
    /// [`RemediesView`].
    Remedies,
    /// [`ReliefPlanView`].
    ReliefPlan,
}

impl LangTemplates {
    fn new(kb: &KnowledgeBase) -> Result<Self, CaptureError> {
        let headline = Text::new("");
        let sample = empty_assessment(&headline);
        let frame = |template, slots: &'static [Slot]| -> Result<Frame, CaptureError> {
            let template: Template = template?;
            if template.len() == slots.len() {
                Ok(Frame { template, slots })
            } else {
                Err(CaptureError::new(
                    "a frame's members are not the slots written",
                ))
            }
        };
        Ok(Self {
            origin: kb.causes.as_ptr() as usize,
            answer: frame(
                Template::frame(&AssessmentResponse::new(&sample, kb)),
                ANSWER,
            )?,
            causes_view: frame(Template::frame(&CausesView::new(&sample, kb)), CAUSES)?,
            remedies_view: frame(Template::frame(&RemediesView::new(&sample, kb)), REMEDIES)?,
            plan_view: frame(Template::frame(&ReliefPlanView::new(&sample, kb)), PLAN)?,
            triage: Template::frame(&views::triage(&sample.triage, kb))?,
            plan: Template::frame(&views::plan(&sample, kb))?,
            why: Template::frame(&super::WireWhy {
                text: super::probes::empty_why().display(""),
                cause_ids: &[],
                red_flag_ids: &[],
            })?,
            reason: Template::frame(&views::reason(&super::probes::reason_sample(), kb))?,
            stamp: serde_json::to_vec(&KnowledgeStamp::of(kb))
                .expect("a stamp always serialises")
                .into(),
            red_flags: super::probes::red_flags(kb),
            causes: super::probes::causes(kb),
            remedies: super::probes::remedies(kb),
            withheld: super::probes::withheld(kb),
            steps: super::probes::steps(kb),
            any_step: super::probes::any_step(kb).ok(),
            classes: super::probes::classes(kb),
            differentials: super::probes::differentials(kb),
            questions: super::probes::questions(kb),
        })
    }

    fn frame<W: Serialize>(
        &self,
        out: &mut Vec<u8>,
        frame: &Frame,
        wire: &W,
        a: &Assessment<'_>,
        kb: &KnowledgeBase,
    ) {
        frame.template.write_filling(out, wire, &mut |member, out| {
            match frame.slots.get(member).copied().unwrap_or(Slot::Value) {
                Slot::Triage => self.triage(out, &a.triage, kb),
                Slot::Causes => list(out, &a.causes, |out, f| {
                    let wire = views::found_cause(f, kb);
                    // The cause's holes: likelihood, score, then the reasons, written here.
                    let reasons = &mut |hole, out: &mut Vec<u8>| {
                        hole == 2 && {
                            list(out, &f.because, |out, r| self.reason(out, r, kb));
                            true
                        }
                    };
                    item_filling(out, &self.causes, &kb.causes, f.cause, &wire, reasons);
                }),
                Slot::Remedies => list(out, &a.remedies, |out, s| {
                    let wire = views::suggested_remedy(s, kb);
                    item(out, &self.remedies, &kb.remedies, s.remedy, &wire);
                }),
                Slot::Withheld => list(out, &a.withheld_remedies, |out, w| {
                    let wire = views::withheld_remedy(w, kb);
                    item(out, &self.withheld, &kb.remedies, w.remedy, &wire);
                }),
                Slot::Plan => {
                    let wire = views::plan(a, kb);
                    self.plan.write_filling(out, &wire, &mut |_, out| {
                        list(out, &a.relief_plan, |out, s| self.step(out, s, kb));
                        true
                    });
                }
                Slot::Medicines => list(out, &a.medication_review, |out, m| {
                    let wire = views::medicine_to_review(m, kb);
                    item(out, &self.classes, &kb.medication_classes, m.class, &wire);
                }),
                Slot::Differentials => list(out, &a.differentials, |out, d| {
                    let wire = views::differential(d, kb);
                    item(
                        out,
                        &self.differentials,
                        &kb.differentials,
                        d.differential,
                        &wire,
                    );
                }),
                Slot::MissingInputs => list(out, &a.missing_inputs, |out, q| {
                    item(
                        out,
                        &self.questions,
                        &kb.questions,
                        *q,
                        &views::missing_input(q, kb),
                    );
                }),
                Slot::Stamp => out.extend_from_slice(&self.stamp),
                Slot::Value => return false,
            }
            true
        });
    }

    fn triage(&self, out: &mut Vec<u8>, t: &Triage<'_>, kb: &KnowledgeBase) {
        let wire = views::triage(t, kb);
        self.triage.write_filling(out, &wire, &mut |member, out| {
            // Level and headline are serialised; the red flags are the third member.
            member == 2 && {
                list(out, &t.red_flags, |out, r| {
                    let wire = views::red_flag_hit(r, kb);
                    item(out, &self.red_flags, &kb.red_flags, r.flag, &wire);
                });
                true
            }
        });
    }

    fn step(&self, out: &mut Vec<u8>, s: &PlanStep<'_>, kb: &KnowledgeBase) {
        let wire = views::plan_step(s, kb);
        let why = &mut |out: &mut Vec<u8>| {
            // The paragraph (the first member) is copied rather than escaped a byte at a time.
            self.why.write_filling(out, &wire.why, &mut |member, out| {
                member == 0 && {
                    write_pieces(out, |piece| wire.why.text.each_piece(piece));
                    true
                }
            });
        };
        match remedy_of_step(s, kb).and_then(|i| self.steps[i].as_ref()) {
            // The holes of a remedy's step: its order, then why it is there.
            Some(template) => template.write_filling(out, &wire, &mut |hole, out| {
                hole == 1 && {
                    why(out);
                    true
                }
            }),
            // A step no remedy fixes: every member is a hole; why it is there is the fifth
            // (order, phase, action, remedy id, why, schedule; an absent remedy id still counts).
            None => match &self.any_step {
                Some(frame) => frame.write_filling(out, &wire, &mut |hole, out| {
                    hole == 4 && {
                        why(out);
                        true
                    }
                }),
                None => serde_json::to_writer(out, &wire).expect("answers always serialise"),
            },
        }
    }

    /// One reason for a cause, its fact written as the paragraphs are.
    fn reason(&self, out: &mut Vec<u8>, r: &crate::engine::Reason<'_>, kb: &KnowledgeBase) {
        let wire = views::reason(r, kb);
        self.reason.write_filling(out, &wire, &mut |member, out| {
            member == 1 && {
                write_pieces(out, |piece| r.fact.each_piece(piece));
                true
            }
        });
    }
}
