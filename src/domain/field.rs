//! The answers a profile is made of, named without their wire paths: the engine cites them in
//! its reasons, the profile's parse reports them in its problems, and only the HTTP edge knows
//! where each one sits in a request (`api::fields`). Each field's limits are stated here once,
//! for the parse, the schema and the docs.

/// One answer (or list of answers) of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Age in whole years.
    Age,
    /// Pregnancy status.
    Pregnancy,
    /// Nights a week with cramps.
    NightsPerWeek,
    /// Usual length of one cramp, in minutes.
    TypicalDurationMinutes,
    /// Muscles that cramp (a list).
    Muscles,
    /// Cramps always in the same single leg.
    OneLegOnly,
    /// Cramps disturb sleep.
    DisturbsSleep,
    /// Cramps began after a medicine change.
    StartedAfterMedicineChange,
    /// Medicine names as typed (a list).
    Medications,
    /// Diagnosed conditions (a list).
    Conditions,
    /// Litres of fluid a day.
    FluidLitresPerDay,
    /// On a clinician's fluid restriction.
    OnFluidRestriction,
    /// Grams of alcohol a week.
    AlcoholGramsPerWeek,
    /// Caffeinated drinks a day.
    CaffeineDrinksPerDay,
    /// Usual activity.
    ActivityLevel,
    /// Unusual exertion in the last day or two.
    RecentUnusualExertion,
    /// Hours sitting a day.
    SittingHoursPerDay,
    /// Hours standing a day.
    StandingHoursPerDay,
    /// Heavy sweating.
    HeavySweating,
    /// Recent vomiting or diarrhoea.
    VomitingOrDiarrhoea,
    /// Clinician-diagnosed deficiencies (a list).
    KnownDeficiencies,
    /// Reported symptoms (a list).
    Symptoms,
    /// Usual sleeping position.
    SleepPosition,
    /// Bedding tucked in tightly.
    TightBedding,
}

/// The inclusive range a number must lie in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
}

impl Bounds {
    const fn new(min: f64, max: f64) -> Self {
        Self { min, max }
    }

    /// Whether `value` is a finite number in the range.
    pub fn contains(self, value: f64) -> bool {
        value.is_finite() && (self.min..=self.max).contains(&value)
    }
}

/// The length a medicine name must have, in characters; it must also have a character that
/// counts ([`MEDICINE_NAME_PATTERN`]).
pub const MEDICINE_NAME_CHARS: (usize, usize) = (1, 100);

/// The schema's `pattern` of a medicine name (ECMA-262, as JSON Schema reads it): at least one
/// character that is not white space (Unicode's, U+0085 included), a control character, an
/// invisible (default-ignorable) character or a combining mark. A name without one is empty
/// once those are set aside, as the medicine matcher does, and is refused as an empty name
/// is. The code holds the same rule, to the letter: `domain::profile` refuses a name if and
/// only if every character is `\s` or in [`MEDICINE_NAME_SET_ASIDE`] (a test reads the ranges
/// back from this string).
pub const MEDICINE_NAME_PATTERN: &str = r"[^\s\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\u0300-\u036f\u1ab0-\u1af0\u1dc0-\u1dff\u20d0-\u20f0\ufe20-\ufe2f]";

/// The `\uXXXX` ranges of [`MEDICINE_NAME_PATTERN`], in its order: controls, invisible
/// (default-ignorable) characters of the Basic Multilingual Plane, and the combining-mark blocks.
pub(super) const MEDICINE_NAME_SET_ASIDE: &[(u32, u32)] = &[
    (0x0000, 0x001f),
    (0x007f, 0x009f),
    (0x00ad, 0x00ad),
    (0x034f, 0x034f),
    (0x061c, 0x061c),
    (0x115f, 0x115f),
    (0x1160, 0x1160),
    (0x17b4, 0x17b4),
    (0x17b5, 0x17b5),
    (0x180b, 0x180f),
    (0x200b, 0x200f),
    (0x202a, 0x202e),
    (0x2060, 0x206f),
    (0x3164, 0x3164),
    (0xfe00, 0xfe0f),
    (0xfeff, 0xfeff),
    (0xffa0, 0xffa0),
    (0xfff0, 0xfff8),
    (0x0300, 0x036f),
    (0x1ab0, 0x1af0),
    (0x1dc0, 0x1dff),
    (0x20d0, 0x20f0),
    (0xfe20, 0xfe2f),
];

impl Field {
    /// Every field, in the order of the request's schema.
    pub const ALL: [Self; 24] = [
        Self::Age,
        Self::Pregnancy,
        Self::NightsPerWeek,
        Self::TypicalDurationMinutes,
        Self::Muscles,
        Self::OneLegOnly,
        Self::DisturbsSleep,
        Self::StartedAfterMedicineChange,
        Self::Medications,
        Self::Conditions,
        Self::FluidLitresPerDay,
        Self::OnFluidRestriction,
        Self::AlcoholGramsPerWeek,
        Self::CaffeineDrinksPerDay,
        Self::ActivityLevel,
        Self::RecentUnusualExertion,
        Self::SittingHoursPerDay,
        Self::StandingHoursPerDay,
        Self::HeavySweating,
        Self::VomitingOrDiarrhoea,
        Self::KnownDeficiencies,
        Self::Symptoms,
        Self::SleepPosition,
        Self::TightBedding,
    ];

    /// The range a numeric field accepts; `None` for the others. Whole-number fields
    /// (`Age`, `NightsPerWeek`) have whole bounds.
    pub const fn bounds(self) -> Option<Bounds> {
        match self {
            Self::Age => Some(Bounds::new(1.0, 120.0)),
            Self::NightsPerWeek => Some(Bounds::new(0.0, 7.0)),
            Self::TypicalDurationMinutes => Some(Bounds::new(0.0, 1440.0)),
            Self::FluidLitresPerDay => Some(Bounds::new(0.0, 15.0)),
            // A UK unit is 8 g: 2400 g is 300 units, far past any real week.
            Self::AlcoholGramsPerWeek => Some(Bounds::new(0.0, 2400.0)),
            Self::CaffeineDrinksPerDay => Some(Bounds::new(0.0, 50.0)),
            Self::SittingHoursPerDay | Self::StandingHoursPerDay => Some(Bounds::new(0.0, 24.0)),
            _ => None,
        }
    }

    /// The most items a list field accepts; `None` for fields that are not lists. A list of
    /// closed values holds each at most once, so its bound is the number of values: never
    /// fewer, or a person with every symptom would be refused (and a CDS record would lose
    /// some: a red-flag symptom among them). Medicines are free text: 50, past any real list.
    pub const fn max_items(self) -> Option<usize> {
        match self {
            Self::Muscles => Some(super::Muscle::ALL.len()),
            Self::Medications => Some(50),
            Self::Conditions => Some(super::MedicalCondition::ALL.len()),
            Self::KnownDeficiencies => Some(super::Deficiency::ALL.len()),
            Self::Symptoms => Some(super::Symptom::ALL.len()),
            _ => None,
        }
    }
}
