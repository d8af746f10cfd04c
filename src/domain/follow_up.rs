//! Follow-up rules (`follow_up.toml`) and the calendar day a diary entry is about. The rules
//! are data: the windows and thresholds of the trend verdict, each with its reason, and the
//! review period of each step where a trial gives one (no period is invented).

use serde::Deserialize;

/// A calendar day (proleptic Gregorian), held as days since 1970-01-01 so that differences
/// and weeks are plain arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i64);

impl Day {
    /// Parses `YYYY-MM-DD` (a real date, years 1900–2999).
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let s = text.get(r)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())
                .flatten()
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1900..=2999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in(y, m) {
            return None;
        }
        Some(Self(days_from_civil(y, m, d)))
    }

    /// The day `n` days since 1970-01-01.
    pub fn from_days(n: i64) -> Self {
        Self(n)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        self.0
    }

    /// The day `n` days later (earlier when negative).
    pub fn plus(self, n: i64) -> Self {
        Self(self.0 + n)
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i64, i64, i64) {
        // Howard Hinnant's civil_from_days.
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days_from_civil.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The windows the trend compares.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendWindows {
    /// Days in each window: the first and the last of the diary.
    pub window_days: u32,
    /// Days written down that each window needs before a verdict is given.
    pub min_days: u32,
    /// Why (plain language, translated).
    pub reason: String,
}

/// The verdict thresholds on the change in cramp nights a week, in per cent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictThresholds {
    /// At or below this change: better.
    pub better_at_most_percent: f64,
    /// At or above this change: worse.
    pub worse_at_least_percent: f64,
    /// Why (plain language, translated).
    pub reason: String,
}

/// How long to try one step before judging it, as a trial did.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewPeriod {
    /// The remedy.
    pub remedy_id: String,
    /// Weeks to try it.
    pub weeks: u32,
    /// The trials that used this period.
    pub source_ids: Vec<String>,
}

/// What a follow-up says, in the reader's language.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpTexts {
    /// Verdict: fewer cramp nights.
    pub better: String,
    /// Verdict: about the same.
    pub same: String,
    /// Verdict: more cramp nights.
    pub worse: String,
    /// Verdict: too little data.
    pub too_little_data: String,
    /// A step done consistently for its period without improvement (`{step}`, `{weeks}`).
    pub review_no_change: String,
    /// Cramps more frequent.
    pub more_frequent: String,
    /// A step still within its period (`{step}`, `{weeks}`).
    pub keep_going: String,
    /// A red flag is raised: do what it says first.
    pub red_flag_first: String,
}

/// The follow-up rules (`follow_up.toml`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRules {
    /// The trend windows.
    pub windows: TrendWindows,
    /// The verdict thresholds.
    pub verdict: VerdictThresholds,
    /// The share of days that counts as doing a step consistently.
    pub consistent_share: f64,
    /// Days from the last diary day (or today) to the next check-in.
    pub check_in_days: u32,
    /// Sourced review periods.
    #[serde(rename = "review", default)]
    pub reviews: Vec<ReviewPeriod>,
    /// The texts.
    pub texts: FollowUpTexts,
}

impl FollowUpRules {
    /// The sourced review period of a remedy, if a trial gives one.
    pub fn review(&self, remedy_id: &str) -> Option<&ReviewPeriod> {
        self.reviews.iter().find(|r| r.remedy_id == remedy_id)
    }
}

#[cfg(test)]
mod tests {
    use super::Day;

    #[test]
    fn days_round_trip_and_reject_impossible_dates() {
        for text in [
            "1970-01-01",
            "2024-02-29",
            "2026-12-03",
            "2000-03-01",
            "1900-01-01",
        ] {
            let day = Day::parse(text).expect(text);
            assert_eq!(day.to_string(), text);
        }
        assert_eq!(Day::parse("1970-01-02").map(Day::days), Some(1));
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "2026-01-32",
            "x",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
    }
}
