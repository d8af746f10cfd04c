//! How many entries of each kind have a template (for the tests).

use super::super::template::Template;
use super::AnswerTemplates;
use crate::knowledge::KnowledgeBase;

/// How many entries of each kind have a template (for the tests).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Counts {
    pub red_flags: usize,
    pub causes: usize,
    pub remedies: usize,
    pub withheld: usize,
    pub steps: usize,
    /// Whether the frame of a step no remedy fixes was made.
    pub any_step: bool,
    pub classes: usize,
    pub differentials: usize,
    pub questions: usize,
}

impl AnswerTemplates {
    /// How many entries of each kind have a template, in the language of `kb`.
    pub(crate) fn counts(&self, kb: &KnowledgeBase) -> Option<Counts> {
        let origin = kb.causes.as_ptr() as usize;
        let t = self.0.iter().find(|t| t.origin == origin)?;
        let n = |templates: &[Option<Template>]| templates.iter().flatten().count();
        Some(Counts {
            red_flags: n(&t.red_flags),
            causes: n(&t.causes),
            remedies: n(&t.remedies),
            withheld: n(&t.withheld),
            steps: n(&t.steps),
            any_step: t.any_step.is_some(),
            classes: n(&t.classes),
            differentials: n(&t.differentials),
            questions: n(&t.questions),
        })
    }
}
