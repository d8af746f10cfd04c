//! Progress advice from the trend and the adopted steps, after any red flag: more frequent
//! cramps, a step done consistently for its sourced review period without improvement, a step
//! still within its period.

use super::{Adherence, Trend, Verdict};
use crate::domain::{FollowUpRules, TriageLevel};
use crate::engine::Assessment;

crate::domain::wire_enum!(
    /// Why a piece of progress advice is given.
    AdviceKind {
        /// A red flag is raised: its action comes first.
        RedFlagFirst => "red_flag_first",
        /// Cramps are more frequent than at the start.
        MoreFrequent => "more_frequent",
        /// A step was done consistently for its review period and the cramps are no better.
        ReviewNoChange => "review_no_change",
        /// A step is still within its review period.
        KeepGoing => "keep_going",
    }
);

/// One piece of progress advice.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice<'kb> {
    /// Why.
    pub kind: AdviceKind,
    /// The text template (`{step}`, `{weeks}` filled in when rendered).
    pub template: &'kb str,
    /// The step it is about, with its title and review period in weeks.
    pub step: Option<(&'kb str, &'kb str, u32)>,
    /// Sources of the review period.
    pub source_ids: &'kb [String],
}

impl Advice<'_> {
    /// The text, placeholders filled in.
    pub fn text(&self) -> String {
        match self.step {
            Some((_, title, weeks)) => self
                .template
                .replace("{step}", title)
                .replace("{weeks}", &weeks.to_string()),
            None => self.template.to_owned(),
        }
    }
}

pub(super) fn build<'kb>(
    assessment: &Assessment<'kb>,
    trend: &Trend,
    adherence: &[Adherence<'kb>],
    rules: &'kb FollowUpRules,
) -> Vec<Advice<'kb>> {
    let t = &rules.texts;
    let plain = |kind, template: &'kb String| Advice {
        kind,
        template: template.as_str(),
        step: None,
        source_ids: &[],
    };
    let mut out = Vec::new();
    if !assessment.triage.red_flags.is_empty() {
        out.push(plain(AdviceKind::RedFlagFirst, &t.red_flag_first));
    }
    if trend.verdict == Verdict::Worse {
        out.push(plain(AdviceKind::MoreFrequent, &t.more_frequent));
    }
    // Under an urgent or emergency flag the flag's action is the advice: it already sends the
    // person to a clinician today, and "keep going" with a habit would only distract from it.
    if matches!(
        assessment.triage.level,
        TriageLevel::Emergency | TriageLevel::Urgent
    ) {
        return out;
    }
    let withheld = |id: &str| {
        assessment
            .withheld_remedies
            .iter()
            .any(|w| w.remedy.id == id)
    };
    let last = trend.latest.as_ref().map(|w| w.to);
    for a in adherence.iter().filter(|a| !withheld(a.remedy_id)) {
        let (Some(review), Some(judge_from)) = (a.review, a.judge_from) else {
            continue;
        };
        let step = Some((a.remedy_id, a.title, review.weeks));
        let source_ids = review.source_ids.as_slice();
        let period_over = last.is_some_and(|l| l >= judge_from.plus(-1));
        let no_better = matches!(trend.verdict, Verdict::Same | Verdict::Worse);
        if period_over && a.consistent && no_better {
            out.push(Advice {
                kind: AdviceKind::ReviewNoChange,
                template: &t.review_no_change,
                step,
                source_ids,
            });
        } else if !period_over {
            out.push(Advice {
                kind: AdviceKind::KeepGoing,
                template: &t.keep_going,
                step,
                source_ids,
            });
        }
    }
    out
}
