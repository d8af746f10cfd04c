//! The one table from profile [`Field`]s to where they sit in a request: JSON pointers
//! (RFC 6901) into the profile body. The engine and the domain name fields; this edge writes
//! them as text, for the v1 answers and errors and for CDS provenance alike.

use std::fmt;

use crate::domain::Field;
use crate::engine::Pointer;

/// The JSON pointer of a field in the profile body.
pub(crate) const fn path(field: Field) -> &'static str {
    match field {
        Field::Age => "/age",
        Field::Pregnancy => "/pregnancy",
        Field::NightsPerWeek => "/cramps/nights_per_week",
        Field::TypicalDurationMinutes => "/cramps/typical_duration_minutes",
        Field::Muscles => "/cramps/muscles",
        Field::OneLegOnly => "/cramps/one_leg_only",
        Field::DisturbsSleep => "/cramps/disturbs_sleep",
        Field::StartedAfterMedicineChange => "/cramps/started_after_medicine_change",
        Field::Medications => "/medications",
        Field::Conditions => "/conditions",
        Field::FluidLitresPerDay => "/lifestyle/fluid_litres_per_day",
        Field::OnFluidRestriction => "/lifestyle/on_fluid_restriction",
        Field::AlcoholGramsPerWeek => "/lifestyle/alcohol_grams_per_week",
        Field::CaffeineDrinksPerDay => "/lifestyle/caffeine_drinks_per_day",
        Field::ActivityLevel => "/lifestyle/activity_level",
        Field::RecentUnusualExertion => "/lifestyle/recent_unusual_exertion",
        Field::SittingHoursPerDay => "/lifestyle/sitting_hours_per_day",
        Field::StandingHoursPerDay => "/lifestyle/standing_hours_per_day",
        Field::HeavySweating => "/lifestyle/heavy_sweating",
        Field::VomitingOrDiarrhoea => "/lifestyle/vomiting_or_diarrhoea",
        Field::KnownDeficiencies => "/known_deficiencies",
        Field::Symptoms => "/symptoms",
        Field::SleepPosition => "/sleep/position",
        Field::TightBedding => "/sleep/tight_bedding",
    }
}

/// A pointer written as RFC 6901 text (`""` for the whole profile, `/symptoms/2` for an item),
/// without allocating.
#[derive(Clone, Copy)]
pub(crate) struct Text(pub Pointer);

/// Room for the longest pointer: the longest path (37 bytes), a slash and a `usize` (20 digits).
const LONGEST: usize = 64;

impl Text {
    /// The text in a buffer on the stack, for a serialiser's `serialize_str`: an answer holds
    /// dozens of pointers, and formatting each through `core::fmt` cost more than copying its
    /// bytes (BENCHMARKS.md, issue 15).
    pub(crate) fn on_stack(self) -> arrayvec::ArrayString<LONGEST> {
        let mut text = arrayvec::ArrayString::new();
        match self.0 {
            Pointer::Root => {}
            Pointer::Field(field) => text.push_str(path(field)),
            Pointer::Item(field, index) => {
                text.push_str(path(field));
                text.push('/');
                push_decimal(&mut text, index);
            }
        }
        text
    }
}

/// Appends `n` in decimal.
fn push_decimal(text: &mut arrayvec::ArrayString<LONGEST>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b"0123456789"[n % 10];
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[start..] {
        text.push(char::from(d));
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.on_stack())
    }
}

/// A pointer as owned text.
pub(crate) fn text(pointer: Pointer) -> String {
    Text(pointer).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_render_as_rfc_6901_text() {
        assert_eq!(text(Pointer::Root), "");
        assert_eq!(text(Pointer::Field(Field::Age)), "/age");
        assert_eq!(text(Pointer::Item(Field::Symptoms, 12)), "/symptoms/12");
        assert_eq!(text(Pointer::Item(Field::Medications, 0)), "/medications/0");
    }

    #[test]
    fn the_longest_pointer_fits_on_the_stack() {
        for field in Field::ALL {
            let longest = Text(Pointer::Item(field, usize::MAX)).on_stack();
            assert_eq!(longest.as_str(), format!("{}/{}", path(field), usize::MAX));
        }
    }

    #[test]
    fn every_field_has_its_own_path() {
        let mut paths: Vec<&str> = Field::ALL.iter().map(|f| path(*f)).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), Field::ALL.len());
    }
}
