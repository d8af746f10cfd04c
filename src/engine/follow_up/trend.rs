//! The trend: cramp nights a week in the diary's first window (the baseline) against its last
//! window, and a verdict from the change, with the thresholds and windows from
//! `follow_up.toml`.

use super::DiaryEntry;
use crate::domain::{Day, FollowUpRules};

crate::domain::wire_enum!(
    /// What the diary says about the cramps.
    Verdict {
        /// Fewer cramp nights a week, by at least the "better" threshold.
        Better => "better",
        /// A change smaller than either threshold.
        Same => "same",
        /// More cramp nights a week, by at least the "worse" threshold.
        Worse => "worse",
        /// A window has too few days written down, or the two would overlap.
        TooLittleData => "too_little_data",
    }
);

/// One window of the diary.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// Its first day.
    pub from: Day,
    /// Its last day.
    pub to: Day,
    /// Days written down in it.
    pub days_recorded: u32,
    /// Nights with at least one cramp.
    pub cramp_nights: u32,
}

impl Window {
    /// Cramp nights per seven days written down.
    pub fn nights_per_week(&self) -> f64 {
        if self.days_recorded == 0 {
            0.0
        } else {
            f64::from(self.cramp_nights) * 7.0 / f64::from(self.days_recorded)
        }
    }
}

/// Baseline against latest.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// The first window (`None` when the diary is too short for two windows).
    pub baseline: Option<Window>,
    /// The last window.
    pub latest: Option<Window>,
    /// Change in cramp nights a week, in per cent of the baseline (`None` when the baseline
    /// has none and the latest has some, or there are no windows).
    pub change_percent: Option<f64>,
    /// The verdict.
    pub verdict: Verdict,
    /// Days written down that the verdict rests on (both windows).
    pub days_used: u32,
}

fn window(diary: &[&DiaryEntry], from: Day, to: Day) -> Window {
    let days: Vec<&&DiaryEntry> = diary
        .iter()
        .filter(|e| e.date >= from && e.date <= to)
        .collect();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Window {
        from,
        to,
        days_recorded: count(days.len()),
        cramp_nights: count(days.iter().filter(|e| e.cramps > 0).count()),
    }
}

/// The trend of a diary sorted by date.
pub(super) fn evaluate(diary: &[&DiaryEntry], rules: &FollowUpRules) -> Trend {
    let none = Trend {
        baseline: None,
        latest: None,
        change_percent: None,
        verdict: Verdict::TooLittleData,
        days_used: 0,
    };
    let (Some(first), Some(last)) = (diary.first(), diary.last()) else {
        return none;
    };
    let w = i64::from(rules.windows.window_days);
    // Two windows that do not overlap need a span of at least twice the window.
    if last.date.days() - first.date.days() + 1 < 2 * w {
        return none;
    }
    let baseline = window(diary, first.date, first.date.plus(w - 1));
    let latest = window(diary, last.date.plus(1 - w), last.date);
    let days_used = baseline.days_recorded + latest.days_recorded;
    let (before, after) = (baseline.nights_per_week(), latest.nights_per_week());
    let change_percent = if before > 0.0 {
        Some(round1((after - before) / before * 100.0))
    } else if after > 0.0 {
        None
    } else {
        Some(0.0)
    };
    let enough = baseline.days_recorded >= rules.windows.min_days
        && latest.days_recorded >= rules.windows.min_days;
    let v = &rules.verdict;
    let verdict = if !enough {
        Verdict::TooLittleData
    } else if before == 0.0 {
        if after > 0.0 {
            Verdict::Worse
        } else {
            Verdict::Same
        }
    } else {
        let change = (after - before) / before * 100.0;
        // Fewer nights a week but more cramp nights in all (the latest window has more days
        // written down) is not called better: that would reassure on more cramps.
        if change <= v.better_at_most_percent && latest.cramp_nights <= baseline.cramp_nights {
            Verdict::Better
        } else if change >= v.worse_at_least_percent {
            Verdict::Worse
        } else {
            Verdict::Same
        }
    };
    Trend {
        baseline: Some(baseline),
        latest: Some(latest),
        change_percent,
        verdict,
        days_used,
    }
}

/// Rounds to one decimal, as the answer shows it.
pub(crate) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
