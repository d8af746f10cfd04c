//! The follow-up: what a person's cramp diary says about their plan. Pure like
//! [`super::assess`]: the date of today comes in as a value, and the diary is sorted here, so
//! the order it was sent in changes nothing.
//!
//! Safety first, as in the assessment: the diary's new symptoms (with the profile's) and any
//! night with a long cramp go through the same red-flag engine, so a warning sign in the diary
//! sets the triage exactly as it would in an assessment.

mod advice;
mod escalate;
mod trend;

use crate::domain::{Day, ReviewPeriod, Symptom};
use crate::knowledge::KnowledgeBase;

pub use advice::{Advice, AdviceKind};
pub use escalate::{Escalated, escalate};
pub use trend::{Trend, Verdict, Window};

use super::{Assessment, PlanStep, assess};

/// The most diary entries a follow-up reads (about six months).
pub const MAX_DIARY_ENTRIES: usize = 180;

/// A step of the plan the person took up, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct AdoptedStep {
    /// The remedy (a known id: the edge checks it).
    pub remedy_id: String,
    /// The day it began.
    pub started: Day,
}

/// One night of the diary.
#[derive(Debug, Clone, PartialEq)]
pub struct DiaryEntry {
    /// The day (the evening the night began).
    pub date: Day,
    /// Cramps that night.
    pub cramps: u32,
    /// The longest cramp, in minutes, when noted.
    pub longest_minutes: Option<f64>,
    /// Woken by a cramp, when noted.
    pub woke: Option<bool>,
    /// Adopted steps done that day (remedy ids).
    pub steps_done: Vec<String>,
    /// Symptoms new since the profile.
    pub new_symptoms: Vec<Symptom>,
}

/// A checked follow-up request (dates unique and not in the future, steps known and adopted,
/// none claimed before it began): the edge builds it.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpInput {
    /// The steps taken up.
    pub adopted: Vec<AdoptedStep>,
    /// The diary, in any order.
    pub diary: Vec<DiaryEntry>,
}

/// How much of the diary's span was written down.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// First day written down (`None` for an empty diary).
    pub first: Option<Day>,
    /// Last day written down.
    pub last: Option<Day>,
    /// Days from the first to the last, both included.
    pub days_in_span: u32,
    /// Days written down.
    pub days_recorded: u32,
}

/// How often one adopted step was done.
#[derive(Debug, Clone, PartialEq)]
pub struct Adherence<'kb> {
    /// The remedy.
    pub remedy_id: &'kb str,
    /// Its title.
    pub title: &'kb str,
    /// When it began.
    pub started: Day,
    /// Days written down since it began.
    pub days_recorded: u32,
    /// Of those, days it was done.
    pub days_done: u32,
    /// The sourced review period, if a trial gives one.
    pub review: Option<&'kb ReviewPeriod>,
    /// The first day it can be judged (start plus the review period).
    pub judge_from: Option<Day>,
    /// Done on at least the consistent share of the days of its whole review period.
    pub consistent: bool,
}

/// One week of the series, from the diary's first day.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// Its first day.
    pub start: Day,
    /// Days written down.
    pub days_recorded: u32,
    /// Nights with at least one cramp.
    pub cramp_nights: u32,
    /// Cramps in all.
    pub cramps: u32,
    /// Nights woken by a cramp.
    pub woke_nights: u32,
    /// The longest cramp noted, in minutes.
    pub longest_minutes: Option<f64>,
}

/// What to try next, and when to look again.
#[derive(Debug, Clone, PartialEq)]
pub struct Next {
    /// The index in the assessment's relief plan of the first step, in plan order, from a
    /// remedy not yet adopted.
    pub step: Option<usize>,
    /// The suggested next check-in.
    pub check_in: Day,
}

/// The complete follow-up.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp<'a> {
    /// The assessment of the profile with the diary's symptoms and long cramps added: its
    /// triage is the follow-up's.
    pub assessment: Assessment<'a>,
    /// For each raised red flag (in the triage's order), the diary day that raised it (`None`
    /// when the profile alone does).
    pub flag_since: Vec<Option<Day>>,
    /// Diary coverage.
    pub coverage: Coverage,
    /// Baseline against latest.
    pub trend: Trend,
    /// Per adopted step, in request order sorted by remedy id.
    pub adherence: Vec<Adherence<'a>>,
    /// Progress advice, most important first.
    pub advice: Vec<Advice<'a>>,
    /// What next.
    pub next: Next,
    /// Weekly counts.
    pub series: Vec<Week>,
}

/// The follow-up of a checked request. `escalated` comes from [`escalate`] on the same input;
/// `today` is read by the caller.
pub fn follow_up<'a>(
    input: &'a FollowUpInput,
    escalated: &'a Escalated,
    kb: &'a KnowledgeBase,
    today: Day,
) -> FollowUp<'a> {
    let rules = &kb.follow_up;
    let mut diary: Vec<&DiaryEntry> = input.diary.iter().collect();
    diary.sort_by_key(|e| e.date);
    let coverage = coverage(&diary);
    let trend = trend::evaluate(&diary, rules);
    let adherence = adherence(input, &diary, kb);
    let assessment = assess(&escalated.profile, kb);
    let flag_since = assessment
        .triage
        .red_flags
        .iter()
        .map(|r| escalated.since(&r.pointers))
        .collect();
    let advice = advice::build(&assessment, &trend, &adherence, rules);
    let next = next(&assessment, input, &adherence, coverage.last, today, rules);
    let series = series(&diary);
    FollowUp {
        assessment,
        flag_since,
        coverage,
        trend,
        adherence,
        advice,
        next,
        series,
    }
}

impl<'a> FollowUp<'a> {
    /// The plan step to try next, if any.
    pub fn next_step(&self) -> Option<&PlanStep<'a>> {
        self.next.step.map(|i| &self.assessment.relief_plan[i])
    }
}

fn days_between(from: Day, to: Day) -> u32 {
    u32::try_from(to.days() - from.days() + 1).unwrap_or(0)
}

fn coverage(diary: &[&DiaryEntry]) -> Coverage {
    let (first, last) = (diary.first().map(|e| e.date), diary.last().map(|e| e.date));
    Coverage {
        first,
        last,
        days_in_span: match (first, last) {
            (Some(f), Some(l)) => days_between(f, l),
            _ => 0,
        },
        days_recorded: u32::try_from(diary.len()).unwrap_or(u32::MAX),
    }
}

fn adherence<'a>(
    input: &FollowUpInput,
    diary: &[&DiaryEntry],
    kb: &'a KnowledgeBase,
) -> Vec<Adherence<'a>> {
    let rules = &kb.follow_up;
    let mut out: Vec<Adherence<'a>> = input
        .adopted
        .iter()
        .filter_map(|step| {
            let remedy = kb.remedy(&step.remedy_id)?;
            let since: Vec<&DiaryEntry> = diary
                .iter()
                .copied()
                .filter(|e| e.date >= step.started)
                .collect();
            let done = |e: &&DiaryEntry| e.steps_done.contains(&step.remedy_id);
            let review = rules.review(&step.remedy_id);
            let judge_from = review.map(|r| step.started.plus(i64::from(r.weeks) * 7));
            let consistent = review.is_some_and(|r| {
                let end = step.started.plus(i64::from(r.weeks) * 7);
                let in_period = since
                    .iter()
                    .filter(|e| e.date < end)
                    .filter(|e| done(e))
                    .count();
                #[allow(clippy::cast_precision_loss)] // a few hundred days at most
                let needed = rules.consistent_share * f64::from(r.weeks * 7);
                in_period as f64 >= needed
            });
            Some(Adherence {
                remedy_id: remedy.id.as_str(),
                title: remedy.title.as_str(),
                started: step.started,
                days_recorded: u32::try_from(since.len()).unwrap_or(u32::MAX),
                days_done: u32::try_from(since.iter().filter(|e| done(e)).count())
                    .unwrap_or(u32::MAX),
                review,
                judge_from,
                consistent,
            })
        })
        .collect();
    out.sort_by(|a, b| a.remedy_id.cmp(b.remedy_id));
    out
}

/// The next check-in: `check_in_days` after the last diary day (today for an empty diary), or
/// sooner when an adopted step can be judged before then. Counted from the diary, not the
/// clock, so the same diary always gets the same answer; a date already past means "now".
fn next(
    assessment: &Assessment<'_>,
    input: &FollowUpInput,
    adherence: &[Adherence<'_>],
    last: Option<Day>,
    today: Day,
    rules: &crate::domain::FollowUpRules,
) -> Next {
    let adopted = |id: &str| input.adopted.iter().any(|a| a.remedy_id == id);
    let step = assessment
        .relief_plan
        .iter()
        .position(|s| s.remedy_id.is_some_and(|id| !adopted(id)));
    let base = last.unwrap_or(today);
    let regular = base.plus(i64::from(rules.check_in_days));
    let check_in = adherence
        .iter()
        .filter_map(|a| a.judge_from)
        .filter(|d| *d > base)
        .fold(regular, Day::min);
    Next { step, check_in }
}

fn series(diary: &[&DiaryEntry]) -> Vec<Week> {
    let (Some(first), Some(last)) = (diary.first(), diary.last()) else {
        return Vec::new();
    };
    let weeks = (last.date.days() - first.date.days()) / 7 + 1;
    (0..weeks)
        .map(|i| {
            let start = first.date.plus(i * 7);
            let days: Vec<&&DiaryEntry> = diary
                .iter()
                .filter(|e| e.date >= start && e.date < start.plus(7))
                .collect();
            let count = |f: &dyn Fn(&DiaryEntry) -> bool| {
                u32::try_from(days.iter().filter(|e| f(e)).count()).unwrap_or(u32::MAX)
            };
            Week {
                start,
                days_recorded: count(&|_| true),
                cramp_nights: count(&|e| e.cramps > 0),
                cramps: days.iter().map(|e| e.cramps).sum(),
                woke_nights: count(&|e| e.woke == Some(true)),
                longest_minutes: days
                    .iter()
                    .filter_map(|e| e.longest_minutes)
                    .reduce(f64::max),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
