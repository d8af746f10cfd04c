//! Pregnancy from the record: several codes can speak to it (a problem-list code, weeks of
//! gestation, a pregnancy-status or delivery-date observation), with different ages. This
//! module weighs them: stale evidence is dropped, "not pregnant" wins only when it is newer, and
//! the trimester comes from the newest evidence that states one.

use crate::cds::dates::Date;
use crate::domain::PregnancyStage;

/// Longest a pregnancy lasts, in days (42 weeks): older evidence of pregnancy is stale.
const MAX_PREGNANCY_DAYS: i64 = 42 * 7;
/// Length of a pregnancy from the first day of the last period to the due date, in days.
const TERM_DAYS: i64 = 280;

/// What one piece of evidence says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Finding {
    /// Pregnant, with this many completed weeks of gestation on the evidence date.
    Weeks(u32),
    /// Pregnant, in this trimester on the evidence date.
    Trimester(PregnancyStage),
    /// Pregnant; how far along is not stated.
    Pregnant,
    /// Not pregnant.
    NotPregnant,
}

/// One piece of evidence, with where it came from (for the card's "from the record" note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Evidence {
    /// When it was true or recorded; `None` when the record does not say.
    pub date: Option<Date>,
    /// What it says.
    pub finding: Finding,
    /// Human description of the record entry.
    pub from: String,
}

/// The conclusion: the profile's pregnancy answer and the evidence it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Conclusion {
    /// The stage; `PregnancyStage::None` when the record says not pregnant.
    pub stage: PregnancyStage,
    /// Description of the deciding evidence.
    pub from: String,
}

/// The trimester for completed weeks of gestation, as the profile defines them (weeks 1–12,
/// 13–27, 28 onwards).
pub(crate) fn trimester_for_weeks(weeks: u32) -> PregnancyStage {
    match weeks {
        0..=12 => PregnancyStage::Trimester1,
        13..=27 => PregnancyStage::Trimester2,
        _ => PregnancyStage::Trimester3,
    }
}

/// Weeks of gestation on `today` from an estimated delivery date, if that date makes a
/// current pregnancy (due within 40 weeks, or overdue by at most two weeks).
pub(crate) fn weeks_from_due_date(due: Date, today: Date) -> Option<u32> {
    let days_to_due = due.days() - today.days();
    if !(-14..=TERM_DAYS).contains(&days_to_due) {
        return None;
    }
    u32::try_from((TERM_DAYS - days_to_due) / 7).ok()
}

/// Weighs the evidence as of `today`. `None` when nothing current was recorded.
pub(crate) fn conclude(evidence: &[Evidence], today: Date) -> Option<Conclusion> {
    // Drop stale evidence of pregnancy; a "not pregnant" of any age still counts against older
    // evidence of pregnancy.
    let current: Vec<(&Evidence, Option<PregnancyStage>)> = evidence
        .iter()
        .filter_map(|e| {
            let age_days = e.date.map(|d| today.days() - d.days());
            if e.finding == Finding::NotPregnant {
                return Some((e, None));
            }
            if age_days.is_some_and(|d| d > MAX_PREGNANCY_DAYS) {
                return None;
            }
            let stage = match e.finding {
                Finding::Weeks(w) => {
                    let now = i64::from(w) + age_days.map_or(0, |d| d.max(0) / 7);
                    if now > 42 {
                        return None;
                    }
                    Some(trimester_for_weeks(u32::try_from(now).unwrap_or(42)))
                }
                Finding::Trimester(stage) => Some(stage),
                Finding::Pregnant | Finding::NotPregnant => None,
            };
            Some((e, stage))
        })
        .collect();
    let newest_not = current
        .iter()
        .filter(|(e, _)| e.finding == Finding::NotPregnant)
        .max_by_key(|(e, _)| e.date);
    // Pregnancy evidence counts unless a "not pregnant" is strictly newer: when both are
    // undated, assuming pregnancy keeps the protective rules (no quinine, ask before supplements).
    let pregnant: Vec<&(&Evidence, Option<PregnancyStage>)> = current
        .iter()
        .filter(|(e, _)| e.finding != Finding::NotPregnant)
        .filter(|(e, _)| newest_not.is_none_or(|(n, _)| n.date.is_none() || e.date >= n.date))
        .collect();
    if pregnant.is_empty() {
        return newest_not.map(|(e, _)| Conclusion {
            stage: PregnancyStage::None,
            from: e.from.clone(),
        });
    }
    // The newest evidence that states how far along; stable on file order for equal dates.
    let staged = pregnant
        .iter()
        .filter(|(e, _)| e.finding != Finding::Pregnant)
        .max_by_key(|(e, _)| e.date);
    Some(match staged {
        Some((e, stage)) => Conclusion {
            stage: stage.unwrap_or(PregnancyStage::Trimester1),
            from: e.from.clone(),
        },
        // Pregnant, trimester unknown: the first trimester is the least assertive choice (the
        // smallest cramp weight) that still applies every pregnancy safety rule.
        None => Conclusion {
            stage: PregnancyStage::Trimester1,
            from: format!("{} (trimester not recorded)", pregnant[0].0.from),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Option<Date> {
        Date::parse_iso(text)
    }

    fn ev(date: &str, finding: Finding) -> Evidence {
        Evidence {
            date: day(date),
            finding,
            from: format!("{finding:?} on {date}"),
        }
    }

    #[test]
    fn weeks_recorded_earlier_advance_to_today() {
        let today = day("2026-03-01").unwrap();
        let c = conclude(&[ev("2025-12-07", Finding::Weeks(20))], today).unwrap();
        assert_eq!(
            c.stage,
            PregnancyStage::Trimester3,
            "20 weeks + 12 weeks = 32 weeks"
        );
    }

    #[test]
    fn stale_or_contradicted_pregnancy_evidence_is_not_used() {
        let today = day("2026-03-01").unwrap();
        assert_eq!(
            conclude(&[ev("2024-01-01", Finding::Pregnant)], today),
            None
        );
        assert_eq!(
            conclude(&[ev("2025-06-01", Finding::Weeks(30))], today),
            None
        );
        let c = conclude(
            &[
                ev("2025-12-01", Finding::Pregnant),
                ev("2026-02-01", Finding::NotPregnant),
            ],
            today,
        )
        .unwrap();
        assert_eq!(c.stage, PregnancyStage::None);
    }

    #[test]
    fn the_newest_staged_evidence_sets_the_trimester_and_unknown_means_the_first() {
        let today = day("2026-03-01").unwrap();
        let c = conclude(
            &[
                ev("2026-02-20", Finding::Pregnant),
                ev("2026-01-05", Finding::Trimester(PregnancyStage::Trimester2)),
            ],
            today,
        )
        .unwrap();
        assert_eq!(c.stage, PregnancyStage::Trimester2);
        let c = conclude(&[ev("2026-02-20", Finding::Pregnant)], today).unwrap();
        assert_eq!(c.stage, PregnancyStage::Trimester1);
    }

    #[test]
    fn a_due_date_gives_the_weeks_of_gestation() {
        let today = day("2026-03-01").unwrap();
        assert_eq!(
            weeks_from_due_date(day("2026-05-10").unwrap(), today),
            Some(30)
        );
        assert_eq!(weeks_from_due_date(day("2026-12-31").unwrap(), today), None);
        assert_eq!(weeks_from_due_date(day("2025-10-01").unwrap(), today), None);
    }
}
