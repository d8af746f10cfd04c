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

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Pointer::Root => Ok(()),
            Pointer::Field(field) => f.write_str(path(field)),
            Pointer::Item(field, index) => write!(f, "{}/{index}", path(field)),
        }
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
    }

    #[test]
    fn every_field_has_its_own_path() {
        let mut paths: Vec<&str> = Field::ALL.iter().map(|f| path(*f)).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), Field::ALL.len());
    }
}
