//! The follow-up answer on the wire: escalation first (the triage of the profile with the
//! diary's symptoms, then progress advice), the trend, adherence, what next, the weekly series.

use serde::Serialize;
use utoipa::ToSchema;

use super::super::dto::{KnowledgeStamp, WirePlanStep, plan_step};
use crate::domain::{TriageLevel, Urgency};
use crate::engine::follow_up::{AdviceKind, FollowUp, Verdict, Window};
use crate::knowledge::KnowledgeBase;

/// A red flag raised by the profile or the diary.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FollowUpRedFlag<'a> {
    /// Red-flag id (see `GET /v1/red-flags`).
    #[schema(example = "possible_dvt")]
    pub(crate) id: &'a str,
    /// How soon to act.
    pub(crate) urgency: Urgency,
    /// Short title.
    pub(crate) title: &'a str,
    /// What to do, now: never a future reminder.
    pub(crate) action: &'a str,
    /// The diary day that raised it; `null` when the profile alone raises it.
    #[schema(format = Date, example = "2026-10-20")]
    pub(crate) since: Option<String>,
    /// Sources.
    pub(crate) source_ids: &'a [String],
}

/// The triage of the profile with the diary's new symptoms and longest cramp: exactly an
/// assessment's triage of those answers.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FollowUpTriage<'a> {
    /// The most urgent raised red flag; else routine or self-care.
    pub(crate) level: TriageLevel,
    /// One line for a notification.
    #[schema(max_length = 140)]
    pub(crate) headline: &'a str,
    /// Raised red flags, most urgent first.
    pub(crate) red_flags: Vec<FollowUpRedFlag<'a>>,
}

/// One piece of progress advice.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ProgressAdvice<'a> {
    /// Why it is given.
    pub(crate) kind: AdviceKind,
    /// What to do.
    pub(crate) text: String,
    /// The adopted step it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub(crate) remedy_id: Option<&'a str>,
    /// Sources of the step's review period.
    pub(crate) source_ids: &'a [String],
}

/// Red flags first, then progress advice.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Escalation<'a> {
    /// The triage, as an assessment of the profile with the diary's answers would give it.
    pub(crate) triage: FollowUpTriage<'a>,
    /// Progress advice, most important first.
    pub(crate) advice: Vec<ProgressAdvice<'a>>,
    /// The medicines a raised red flag implicates, as the assessment gives them: tell a
    /// clinician (as fast as the triage asks) and what the label says for these symptoms.
    /// Empty when no raised flag implicates a medicine; routine medicine reviews are not
    /// repeated here.
    pub(crate) implicated_medicines: Vec<ImplicatedMedicine<'a>>,
}

/// A medicine a raised red flag implicates, with the advice the assessment gives it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ImplicatedMedicine<'a> {
    /// The name as typed in `profile.medications`.
    #[schema(example = "Atorvastatin 40mg")]
    pub(crate) medicine: &'a str,
    /// Medication class id (see `GET /v1/medication-classes`).
    #[schema(example = "statin")]
    pub(crate) class_id: &'a str,
    /// Class title.
    #[schema(example = "Statin")]
    pub(crate) class_title: &'a str,
    /// Tell a clinician, as fast as the triage asks, and what the label says for these
    /// symptoms.
    pub(crate) advice: &'a str,
    /// The raised red flags that implicate it, most urgent first.
    #[schema(example = json!(["statin_muscle_weakness"]))]
    pub(crate) red_flag_ids: &'a [&'a str],
    /// Sources of the advice (the label or regulator).
    pub(crate) source_ids: &'a [String],
}

/// How much of the diary's span was written down.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DiaryCoverage {
    /// First day written down (`null` for an empty diary).
    #[schema(format = Date)]
    pub(crate) first_date: Option<String>,
    /// Last day written down.
    #[schema(format = Date)]
    pub(crate) last_date: Option<String>,
    /// Days from the first to the last, both included.
    pub(crate) days_in_span: u32,
    /// Days written down (gaps are allowed).
    pub(crate) days_recorded: u32,
}

/// One window of the trend.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TrendWindow {
    /// First day.
    #[schema(format = Date)]
    pub(crate) from: String,
    /// Last day.
    #[schema(format = Date)]
    pub(crate) to: String,
    /// Days written down.
    pub(crate) days_recorded: u32,
    /// Nights with a cramp.
    pub(crate) cramp_nights: u32,
    /// Cramp nights per seven days written down (one decimal).
    pub(crate) nights_per_week: f64,
}

impl TrendWindow {
    fn new(w: &Window) -> Self {
        Self {
            from: w.from.to_string(),
            to: w.to.to_string(),
            days_recorded: w.days_recorded,
            cramp_nights: w.cramp_nights,
            nights_per_week: (w.nights_per_week() * 10.0).round() / 10.0,
        }
    }
}

/// The rule the verdict follows (data in the knowledge base).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VerdictRule {
    /// Days in each window.
    pub(crate) window_days: u32,
    /// Days written down each window needs.
    pub(crate) min_days: u32,
    /// At or below this change in per cent: better.
    pub(crate) better_at_most_percent: f64,
    /// At or above this change in per cent: worse.
    pub(crate) worse_at_least_percent: f64,
    /// Why these windows and thresholds.
    pub(crate) reason: String,
}

/// Baseline (the diary's first window) against the latest (its last window).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DiaryTrend<'a> {
    /// The first window; `null` when the diary is too short for two windows.
    pub(crate) baseline: Option<TrendWindow>,
    /// The last window.
    pub(crate) latest: Option<TrendWindow>,
    /// Change in cramp nights a week, in per cent of the baseline; `null` when the baseline
    /// had none and the latest has some.
    pub(crate) change_percent: Option<f64>,
    /// The verdict. Never `better` when the latest window has more cramp nights.
    pub(crate) verdict: Verdict,
    /// The verdict in plain words.
    pub(crate) verdict_text: &'a str,
    /// Days written down that the verdict rests on.
    pub(crate) days_used: u32,
    /// The rule.
    pub(crate) rule: VerdictRule,
}

/// A sourced review period.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ReviewPeriodView<'a> {
    /// Weeks to try the step before judging it, as the trial did.
    pub(crate) weeks: u32,
    /// The first day it can be judged.
    #[schema(format = Date)]
    pub(crate) judge_from: String,
    /// The trials.
    pub(crate) source_ids: &'a [String],
}

/// How often one adopted step was done.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StepAdherence<'a> {
    /// The remedy.
    pub(crate) remedy_id: &'a str,
    /// Its title.
    pub(crate) title: &'a str,
    /// When it began.
    #[schema(format = Date)]
    pub(crate) started: String,
    /// Days written down since it began.
    pub(crate) days_recorded: u32,
    /// Of those, the days it was done.
    pub(crate) days_done: u32,
    /// `days_done / days_recorded` (two decimals); `null` with no days written down.
    pub(crate) share: Option<f64>,
    /// `sourced` when a trial gives how long to try it; `no_sourced_period` otherwise (no period
    /// is invented, so no "no change after N weeks" advice is given for it).
    #[schema(example = "sourced")]
    pub(crate) review_basis: &'static str,
    /// The sourced review period.
    pub(crate) review: Option<ReviewPeriodView<'a>>,
    /// Done on at least the consistent share of the days of its whole review period.
    pub(crate) consistent: bool,
}

/// What to try next and when to look again.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NextSteps<'a> {
    /// The first step of the plan, in plan order, from a remedy not yet adopted; `null` when
    /// every suitable one is adopted.
    pub(crate) step: Option<WirePlanStep<'a>>,
    /// The suggested next check-in: 14 days after the last night written down, or sooner when
    /// an adopted step's review period ends; a date already past means "now". Today's date is
    /// used only for an empty diary.
    #[schema(format = Date)]
    pub(crate) check_in: String,
}

/// One week of the diary, from its first day: for charts.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct WeekCounts {
    /// First day of the week.
    #[schema(format = Date)]
    pub(crate) week_start: String,
    /// Days written down.
    pub(crate) days_recorded: u32,
    /// Nights with a cramp.
    pub(crate) cramp_nights: u32,
    /// Cramps in all.
    pub(crate) cramps: u32,
    /// Nights woken by a cramp.
    pub(crate) woke_nights: u32,
    /// The longest cramp noted, in minutes.
    pub(crate) longest_minutes: Option<f64>,
}

/// The follow-up answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FollowUpResponse<'a> {
    /// Red flags first, then progress advice.
    pub(crate) escalation: Escalation<'a>,
    /// Baseline against latest.
    pub(crate) trend: DiaryTrend<'a>,
    /// Diary coverage.
    pub(crate) coverage: DiaryCoverage,
    /// Per adopted step, by remedy id.
    pub(crate) adherence: Vec<StepAdherence<'a>>,
    /// What next.
    pub(crate) next: NextSteps<'a>,
    /// Weekly counts.
    pub(crate) series: Vec<WeekCounts>,
    /// The knowledge set that produced this answer.
    pub(crate) knowledge: KnowledgeStamp<'a>,
    /// Not a diagnosis.
    pub(crate) disclaimer: &'a str,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl<'a> FollowUpResponse<'a> {
    /// The wire answer of a follow-up.
    pub(crate) fn new(f: &'a FollowUp<'a>, kb: &'a KnowledgeBase) -> Self {
        let rules = &kb.follow_up;
        let t = &f.assessment.triage;
        let triage = FollowUpTriage {
            level: t.level,
            headline: t.headline,
            red_flags: t
                .red_flags
                .iter()
                .zip(&f.flag_since)
                .map(|(r, since)| FollowUpRedFlag {
                    id: &r.flag.id,
                    urgency: r.flag.urgency,
                    title: &r.flag.title,
                    action: &r.flag.action,
                    since: since.map(|d| d.to_string()),
                    source_ids: &r.flag.source_ids,
                })
                .collect(),
        };
        let advice = f
            .advice
            .iter()
            .map(|a| ProgressAdvice {
                kind: a.kind,
                text: a.text(),
                remedy_id: a.step.map(|(id, _, _)| id),
                source_ids: a.source_ids,
            })
            .collect();
        // A warning sign in the diary can implicate a medicine (new weakness with a statin): its
        // label advice is part of the warning, so it is not dropped from the follow-up.
        let implicated_medicines = f
            .assessment
            .medication_review
            .iter()
            .filter(|m| !m.red_flag_ids.is_empty())
            .map(|m| ImplicatedMedicine {
                medicine: m.medicine,
                class_id: &m.class.id,
                class_title: &m.class.title,
                advice: m.advice,
                red_flag_ids: &m.red_flag_ids,
                source_ids: m.source_ids,
            })
            .collect();
        let texts = &rules.texts;
        let verdict_text = match f.trend.verdict {
            Verdict::Better => &texts.better,
            Verdict::Same => &texts.same,
            Verdict::Worse => &texts.worse,
            Verdict::TooLittleData => &texts.too_little_data,
        };
        Self {
            escalation: Escalation {
                triage,
                advice,
                implicated_medicines,
            },
            trend: DiaryTrend {
                baseline: f.trend.baseline.as_ref().map(TrendWindow::new),
                latest: f.trend.latest.as_ref().map(TrendWindow::new),
                change_percent: f.trend.change_percent,
                verdict: f.trend.verdict,
                verdict_text,
                days_used: f.trend.days_used,
                rule: VerdictRule {
                    window_days: rules.windows.window_days,
                    min_days: rules.windows.min_days,
                    better_at_most_percent: rules.verdict.better_at_most_percent,
                    worse_at_least_percent: rules.verdict.worse_at_least_percent,
                    reason: format!("{} {}", rules.windows.reason, rules.verdict.reason),
                },
            },
            coverage: DiaryCoverage {
                first_date: f.coverage.first.map(|d| d.to_string()),
                last_date: f.coverage.last.map(|d| d.to_string()),
                days_in_span: f.coverage.days_in_span,
                days_recorded: f.coverage.days_recorded,
            },
            adherence: f
                .adherence
                .iter()
                .map(|a| StepAdherence {
                    remedy_id: a.remedy_id,
                    title: a.title,
                    started: a.started.to_string(),
                    days_recorded: a.days_recorded,
                    days_done: a.days_done,
                    share: (a.days_recorded > 0)
                        .then(|| round2(f64::from(a.days_done) / f64::from(a.days_recorded))),
                    review_basis: if a.review.is_some() {
                        "sourced"
                    } else {
                        "no_sourced_period"
                    },
                    review: a.review.zip(a.judge_from).map(|(r, d)| ReviewPeriodView {
                        weeks: r.weeks,
                        judge_from: d.to_string(),
                        source_ids: &r.source_ids,
                    }),
                    consistent: a.consistent,
                })
                .collect(),
            next: NextSteps {
                step: f.next_step().map(|s| plan_step(s, kb)),
                check_in: f.next.check_in.to_string(),
            },
            series: f
                .series
                .iter()
                .map(|w| WeekCounts {
                    week_start: w.start.to_string(),
                    days_recorded: w.days_recorded,
                    cramp_nights: w.cramp_nights,
                    cramps: w.cramps,
                    woke_nights: w.woke_nights,
                    longest_minutes: w.longest_minutes,
                })
                .collect(),
            knowledge: KnowledgeStamp::of(kb),
            disclaimer: &kb.meta.disclaimer,
        }
    }
}
