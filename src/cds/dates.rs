//! Calendar dates without a date crate: FHIR `date`/`dateTime` prefixes, days since the Unix
//! epoch, and ages. Pure: the clock is read once, at the HTTP edge, and passed in as a [`Date`].

use std::time::{SystemTime, UNIX_EPOCH};

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date {
    year: i32,
    month: u32,
    day: u32,
}

/// How precise a FHIR date was: FHIR allows `YYYY`, `YYYY-MM` and `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Precision {
    /// Only the year was given.
    Year,
    /// Year and month.
    Month,
    /// A full date.
    Day,
}

impl Date {
    /// A date from its parts, if it exists in the calendar.
    pub(crate) fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day))
            .then_some(Self { year, month, day })
    }

    /// Parses the date part of a FHIR `date` or `dateTime` (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
    /// optionally followed by `T…`). A partial date becomes the *last* day it could be, so an
    /// age computed from a partial birth date is never overstated.
    pub(crate) fn parse_fhir(text: &str) -> Option<(Self, Precision)> {
        let date = text.split('T').next()?;
        let mut parts = date.split('-');
        let year_text = parts.next()?;
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year_text.parse().ok()?;
        let two = |p: Option<&str>| -> Option<Option<u32>> {
            match p {
                None => Some(None),
                Some(s) if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) => {
                    Some(Some(s.parse().ok()?))
                }
                Some(_) => None,
            }
        };
        let month = two(parts.next())?;
        let day = two(parts.next())?;
        if parts.next().is_some() {
            return None;
        }
        match (month, day) {
            (None, None) => Some((Self::new(year, 12, 31)?, Precision::Year)),
            (Some(m), None) => Some((
                Self::new(year, m, days_in_month(year, m))?,
                Precision::Month,
            )),
            (Some(m), Some(d)) => Some((Self::new(year, m, d)?, Precision::Day)),
            (None, Some(_)) => None,
        }
    }

    /// Parses a strict `YYYY-MM-DD`.
    pub(crate) fn parse_iso(text: &str) -> Option<Self> {
        match Self::parse_fhir(text)? {
            (date, Precision::Day) if text.len() == 10 => Some(date),
            _ => None,
        }
    }

    /// Today in UTC according to `now` (the caller reads the clock).
    pub(crate) fn from_system_time(now: SystemTime) -> Self {
        let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Self::from_days(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// Days since 1970-01-01 (negative before).
    pub(crate) fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub(crate) fn from_days(days: i64) -> Self {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
        let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
        let year = i32::try_from(yoe + era * 400 + i64::from(month <= 2)).unwrap_or(1970);
        Self { year, month, day }
    }

    /// Whole years from `self` (a birth date) to `on`; negative when `on` is earlier.
    pub(crate) fn years_until(self, on: Self) -> i64 {
        let mut years = i64::from(on.year) - i64::from(self.year);
        if (on.month, on.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_across_leap_years_and_the_epoch() {
        for days in [-800_000, -1, 0, 59, 60, 11_016, 20_000, 30_000, 2_932_896] {
            assert_eq!(Date::from_days(days).days(), days, "day {days}");
        }
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::new(2024, 2, 29).unwrap().days(), 19_782);
    }

    #[test]
    fn fhir_dates_of_every_precision_parse_to_their_last_possible_day() {
        let cases = [
            ("1950", Some(("1950-12-31", Precision::Year))),
            ("1950-02", Some(("1950-02-28", Precision::Month))),
            ("1952-02", Some(("1952-02-29", Precision::Month))),
            ("1950-06-15", Some(("1950-06-15", Precision::Day))),
            (
                "2026-03-01T10:00:00+01:00",
                Some(("2026-03-01", Precision::Day)),
            ),
            ("1950-13-01", None),
            ("1950-02-30", None),
            ("50-01-01", None),
            ("1950/01/01", None),
            ("", None),
        ];
        for (text, expected) in cases {
            let got = Date::parse_fhir(text).map(|(d, p)| (d.to_string(), p));
            assert_eq!(
                got,
                expected.map(|(d, p)| (d.to_owned(), p)),
                "parsing {text:?}"
            );
        }
    }

    #[test]
    fn an_age_counts_only_birthdays_that_have_passed() {
        let birth = Date::new(1948, 6, 15).unwrap();
        assert_eq!(birth.years_until(Date::new(2026, 6, 14).unwrap()), 77);
        assert_eq!(birth.years_until(Date::new(2026, 6, 15).unwrap()), 78);
        let leap = Date::new(2000, 2, 29).unwrap();
        assert_eq!(leap.years_until(Date::new(2001, 2, 28).unwrap()), 0);
        assert_eq!(leap.years_until(Date::new(2001, 3, 1).unwrap()), 1);
    }

    #[test]
    fn the_system_clock_converts_to_a_utc_date() {
        let t = UNIX_EPOCH + std::time::Duration::from_secs(1_772_323_200); // 2026-03-01T00:00Z
        assert_eq!(Date::from_system_time(t).to_string(), "2026-03-01");
    }
}
