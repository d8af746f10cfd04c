//! The relief plan as an RFC 5545 calendar (`Accept: text/calendar`): one `VEVENT` with a
//! daily `RRULE` and a `VALARM` per daily step, one `VTODO` per step to arrange with a
//! clinician, stable `UID`s from the step, and the text in the negotiated language. A
//! seek-care-now step is never scheduled: the calendar's description says to act on it now.
//! Steps done during a cramp ("as needed") have no time, so they are not scheduled either.

use crate::domain::{Day, PlanPhase, Repeat, ScheduleWhen};
use crate::engine::{Assessment, PlanStep};
use crate::knowledge::KnowledgeBase;

/// A time of day, `HH:MM` (24-hour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimeOfDay {
    hour: u8,
    minute: u8,
}

impl TimeOfDay {
    /// The default bedtime when the request gives none.
    pub(crate) const BEDTIME: Self = Self {
        hour: 22,
        minute: 0,
    };

    /// Parses `HH:MM` (00:00 to 23:59).
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let (h, m) = text.split_once(':')?;
        if h.len() != 2 || m.len() != 2 || !(h.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let (hour, minute) = (h.parse().ok()?, m.parse().ok()?);
        (hour < 24 && minute < 60).then_some(Self { hour, minute })
    }
}

/// Whether a plan step becomes an entry of the calendar.
pub(crate) fn is_scheduled(step: &PlanStep<'_>) -> bool {
    step.phase != PlanPhase::SeekCareNow
        && step.when != ScheduleWhen::Now
        && step.repeat != Repeat::AsNeeded
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets (never inside a UTF-8 character) and ended
/// with CRLF (RFC 5545 §3.1).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn stamp(day: Day, time: TimeOfDay) -> String {
    let (y, m, d) = day.ymd();
    format!("{y:04}{m:02}{d:02}T{:02}{:02}00", time.hour, time.minute)
}

/// A stable id for a step: its remedy, or the red flags it answers.
fn step_key(step: &PlanStep<'_>) -> String {
    step.remedy_id
        .map_or_else(|| step.why.red_flag_ids.join("+"), str::to_owned)
}

/// The step's title: the remedy's or the first red flag's.
fn title<'a>(step: &PlanStep<'a>, kb: &'a KnowledgeBase) -> &'a str {
    step.remedy_id
        .and_then(|id| kb.remedy(id))
        .map(|r| r.title.as_str())
        .or_else(|| {
            step.why
                .red_flag_ids
                .first()
                .and_then(|id| kb.red_flag(id))
                .map(|f| f.title.as_str())
        })
        .unwrap_or(step.action)
}

/// The calendar of an assessment's plan, starting on `today`, with bedtime steps at `bedtime`.
pub(crate) fn render(
    a: &Assessment<'_>,
    kb: &KnowledgeBase,
    today: Day,
    bedtime: TimeOfDay,
) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//cramp-advisor//relief plan//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    // Seek-care-now steps: act now, never a reminder.
    let now: Vec<&str> = a
        .relief_plan
        .iter()
        .filter(|s| s.phase == PlanPhase::SeekCareNow)
        .map(|s| s.action.as_str())
        .collect();
    let description = if now.is_empty() {
        kb.meta.disclaimer.to_string()
    } else {
        format!("{} {}", now.join(" "), kb.meta.disclaimer)
    };
    line(&mut out, &format!("NAME:{}", escape(a.triage.headline)));
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", escape(a.triage.headline)),
    );
    line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
    line(&mut out, &format!("X-WR-CALDESC:{}", escape(&description)));
    let dtstamp = format!("{}Z", stamp(today, TimeOfDay { hour: 0, minute: 0 }));
    for step in a.relief_plan.iter().filter(|s| is_scheduled(s)) {
        let time = match step.when {
            ScheduleWhen::Bedtime => bedtime,
            ScheduleWhen::Morning => TimeOfDay { hour: 8, minute: 0 },
            ScheduleWhen::DuringDay | ScheduleWhen::Now => TimeOfDay {
                hour: 12,
                minute: 0,
            },
        };
        let summary = escape(title(step, kb));
        let text = escape(&format!(
            "{} {}",
            step.action,
            step.why.text(&kb.meta.addresses_label)
        ));
        let todo = step.repeat == Repeat::Once;
        let component = if todo { "VTODO" } else { "VEVENT" };
        line(&mut out, &format!("BEGIN:{component}"));
        line(
            &mut out,
            &format!("UID:{}.step@cramp-advisor", step_key(step)),
        );
        line(&mut out, &format!("DTSTAMP:{dtstamp}"));
        line(&mut out, &format!("DTSTART:{}", stamp(today, time)));
        if !todo {
            line(&mut out, "DURATION:PT10M");
            line(&mut out, "RRULE:FREQ=DAILY");
        }
        line(&mut out, &format!("SUMMARY:{summary}"));
        line(&mut out, &format!("DESCRIPTION:{text}"));
        line(&mut out, "BEGIN:VALARM");
        line(&mut out, "ACTION:DISPLAY");
        line(&mut out, "TRIGGER;RELATED=START:PT0S");
        line(&mut out, &format!("DESCRIPTION:{summary}"));
        line(&mut out, "END:VALARM");
        line(&mut out, &format!("END:{component}"));
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// The published calendar example: the first persona's plan, from a fixed day.
pub(crate) const EXAMPLE: &str =
    include_str!("../../openapi/examples/calendars/older_adult_on_thiazide.ics");

/// The day the published example starts on.
#[cfg(test)]
const EXAMPLE_DAY: &str = "2026-12-01";

#[cfg(test)]
mod tests {
    use super::{EXAMPLE, EXAMPLE_DAY, TimeOfDay, line, render};
    use crate::domain::Day;
    use crate::knowledge::KnowledgeBase;

    /// The published example is what the service sends for that persona (bedtime 22:30).
    /// `UPDATE_CALENDAR_EXAMPLE=1` rewrites it after a reviewed change.
    #[test]
    fn the_calendar_example_is_the_real_calendar() {
        let kb = KnowledgeBase::embedded().unwrap();
        let persona = &crate::examples::PERSONAS[0];
        assert_eq!(persona.name, "older_adult_on_thiazide");
        let profile = crate::api::parse_profile(persona.json.as_bytes()).unwrap();
        let assessment = crate::engine::assess(&profile, &kb);
        let day = Day::parse(EXAMPLE_DAY).unwrap();
        let ics = render(&assessment, &kb, day, TimeOfDay::parse("22:30").unwrap());
        if std::env::var_os("UPDATE_CALENDAR_EXAMPLE").is_some() {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/openapi/examples/calendars/older_adult_on_thiazide.ics"
            );
            std::fs::write(path, &ics).unwrap();
        } else {
            assert_eq!(ics, EXAMPLE);
        }
    }

    #[test]
    fn lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        line(&mut out, &format!("DESCRIPTION:{}", "é".repeat(80)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("DESCRIPTION:{}\r\n", "é".repeat(80))
        );
    }

    #[test]
    fn a_bedtime_is_hh_mm() {
        assert_eq!(
            TimeOfDay::parse("22:30"),
            Some(TimeOfDay {
                hour: 22,
                minute: 30
            })
        );
        for bad in ["24:00", "7:30", "07:60", "0730", "", "07:3a", "+7:30"] {
            assert_eq!(TimeOfDay::parse(bad), None, "{bad}");
        }
    }
}
