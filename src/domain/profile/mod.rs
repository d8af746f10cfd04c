//! The person's profile as the engine sees it: validated, typed, and with "unknown" kept
//! distinct from "no" (every optional answer is an `Option`). The key a medicine name is
//! matched by is `medicine_name`'s.

use super::field::{Bounds, Field, MEDICINE_NAME_CHARS};
use super::vocabulary::{
    ActivityLevel, Deficiency, MedicalCondition, Muscle, PregnancyStage, SleepPosition, Symptom,
};

mod medicine_name;

use medicine_name::is_blank_name;
pub use medicine_name::{
    normalise_medicine_name, normalise_medicine_name_into, normalise_medicine_name_with,
};

/// One reason a profile cannot be built. [`Profile::parse`] returns every one it finds.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProfileError {
    /// A number outside its allowed range ([`Field::bounds`]).
    #[error("{field:?} must be between {} and {}", .bounds.min, .bounds.max)]
    OutOfRange {
        /// The field.
        field: Field,
        /// Its allowed range.
        bounds: Bounds,
    },
    /// A list longer than it may be ([`Field::max_items`]).
    #[error("{field:?} has more than {max} items")]
    TooManyItems {
        /// The list.
        field: Field,
        /// The most items it may have.
        max: usize,
    },
    /// A medicine name that is empty, blank or longer than [`MEDICINE_NAME_CHARS`] allows.
    #[error("medicine {index} must have {} to {} characters and not be blank", MEDICINE_NAME_CHARS.0, MEDICINE_NAME_CHARS.1)]
    BadMedicineName {
        /// Its index in the list.
        index: usize,
    },
    /// The same item appears twice in a list.
    #[error("{field:?} contains {item:?} more than once")]
    DuplicateItem {
        /// The list.
        field: Field,
        /// Index of the second occurrence.
        index: usize,
        /// The repeated item, as submitted.
        item: String,
    },
}

impl ProfileError {
    /// The field the problem is about, and the list index when it is one item of a list.
    pub fn at(&self) -> (Field, Option<usize>) {
        match self {
            Self::OutOfRange { field, .. } | Self::TooManyItems { field, .. } => (*field, None),
            Self::BadMedicineName { index } => (Field::Medications, Some(*index)),
            Self::DuplicateItem { field, index, .. } => (*field, Some(*index)),
        }
    }
}

/// Answers that are each valid but contradict one another (see [`Profile::reconcile`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Inconsistency {
    /// Sitting and standing hours add up to more than a day; neither was used.
    HoursExceedDay {
        /// The sum that was submitted.
        total: f64,
    },
}

impl Inconsistency {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::HoursExceedDay { .. } => "hours_exceed_day",
        }
    }

    /// The answers involved.
    pub fn fields(&self) -> &'static [Field] {
        match self {
            Self::HoursExceedDay { .. } => &[Field::SittingHoursPerDay, Field::StandingHoursPerDay],
        }
    }
}

/// Age in whole years, within [`Field::Age`]'s bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Age(u8);

impl Age {
    /// Parses an age in years.
    ///
    /// # Errors
    /// [`ProfileError::OutOfRange`] outside [`Field::Age`]'s bounds.
    pub fn parse(years: i64) -> Result<Self, ProfileError> {
        let bounds = Field::Age.bounds().unwrap_or(Bounds {
            min: 1.0,
            max: 120.0,
        });
        match u8::try_from(years) {
            Ok(y) if bounds.contains(f64::from(y)) => Ok(Self(y)),
            _ => Err(ProfileError::OutOfRange {
                field: Field::Age,
                bounds,
            }),
        }
    }

    /// The age in years.
    pub fn years(self) -> u8 {
        self.0
    }
}

/// What the person reports about the cramps themselves.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CrampHistory {
    /// Nights a week with cramps (bounds: [`Field::NightsPerWeek`]).
    pub nights_per_week: Option<i64>,
    /// Usual length of one cramp in minutes (bounds: [`Field::TypicalDurationMinutes`]).
    pub typical_duration_minutes: Option<f64>,
    /// Muscles that cramp, in the order given.
    pub muscles: Vec<Muscle>,
    /// Cramps always in the same single leg.
    pub one_leg_only: Option<bool>,
    /// Cramps wake the person or stop them sleeping.
    pub disturbs_sleep: Option<bool>,
    /// Cramps started or worsened after a medicine was started or its dose changed.
    pub started_after_medicine_change: Option<bool>,
}

/// Daily habits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lifestyle {
    /// Litres of fluid drunk a day (bounds: [`Field::FluidLitresPerDay`]).
    pub fluid_litres_per_day: Option<f64>,
    /// A clinician has told the person to limit fluids.
    pub on_fluid_restriction: Option<bool>,
    /// Grams of pure alcohol a week (bounds: [`Field::AlcoholGramsPerWeek`]; a UK unit is 8 g;
    /// a standard drink in Spain or France 10 g, in Austria 20 g).
    pub alcohol_grams_per_week: Option<f64>,
    /// Caffeinated drinks a day (bounds: [`Field::CaffeineDrinksPerDay`]).
    pub caffeine_drinks_per_day: Option<f64>,
    /// Usual activity.
    pub activity_level: Option<ActivityLevel>,
    /// Unusually hard or long exercise in the last day or two.
    pub recent_unusual_exertion: Option<bool>,
    /// Hours sitting a day (bounds: [`Field::SittingHoursPerDay`]).
    pub sitting_hours_per_day: Option<f64>,
    /// Hours standing a day (bounds: [`Field::StandingHoursPerDay`]).
    pub standing_hours_per_day: Option<f64>,
    /// Heavy sweating (heat, work or sport).
    pub heavy_sweating: Option<bool>,
    /// Recent vomiting or diarrhoea.
    pub vomiting_or_diarrhoea: Option<bool>,
}

/// Sleep habits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sleep {
    /// Usual position.
    pub position: Option<SleepPosition>,
    /// Bedding tucked in tightly at the foot of the bed.
    pub tight_bedding: Option<bool>,
}

/// A profile's answers as submitted, before they are checked: anything can be written here.
/// Only [`Profile::parse`] turns one into a [`Profile`]. Lists keep the order they were
/// submitted in, because explanations point into them by index (`/medications/2`); the engine
/// never lets that order change anything else.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileDraft {
    /// Age in years.
    pub age: i64,
    /// Pregnancy status, if answered.
    pub pregnancy: Option<PregnancyStage>,
    /// The cramps themselves.
    pub cramps: CrampHistory,
    /// Medicine names as typed.
    pub medications: Vec<String>,
    /// Diagnosed conditions.
    pub conditions: Vec<MedicalCondition>,
    /// Daily habits.
    pub lifestyle: Lifestyle,
    /// Clinician-diagnosed deficiencies.
    pub known_deficiencies: Vec<Deficiency>,
    /// Reported symptoms.
    pub symptoms: Vec<Symptom>,
    /// Sleep habits.
    pub sleep: Sleep,
    /// Whether `medications`, `conditions` and `symptoms` were answered at all (an empty list
    /// means "none", an absent one means "not asked").
    pub answered: Answered,
}

impl ProfileDraft {
    /// A draft with only an age: everything else unknown.
    pub fn with_age(years: i64) -> Self {
        Self {
            age: years,
            ..Self::default()
        }
    }
}

/// A checked profile: every number in its range, every list within its length and without
/// repeats. It can only be built by [`Profile::parse`], and it reads like its draft (it
/// dereferences to it) but cannot be changed, so what the engine sees is always valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    answers: ProfileDraft,
}

impl std::ops::Deref for Profile {
    type Target = ProfileDraft;

    fn deref(&self) -> &ProfileDraft {
        &self.answers
    }
}

/// The engine's tests build many variants of one profile by editing it in place, then re-check
/// it with [`Profile::check`]; outside this crate's tests a profile cannot change.
#[cfg(test)]
impl std::ops::DerefMut for Profile {
    fn deref_mut(&mut self) -> &mut ProfileDraft {
        &mut self.answers
    }
}

#[cfg(test)]
impl Profile {
    /// Re-checks a profile edited in place (tests only).
    pub(crate) fn check(&self) -> Result<(), Vec<ProfileError>> {
        Self::parse(self.answers.clone()).map(drop)
    }
}

/// Which optional lists were present in the request: absent is "unknown", empty is "none".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answered {
    /// `medications` was sent.
    pub medications: bool,
    /// `conditions` was sent.
    pub conditions: bool,
    /// `symptoms` was sent.
    pub symptoms: bool,
}

impl Profile {
    /// Checks every answer of the draft and returns the profile, or every problem found
    /// (ranges first, then list lengths, names and repeats, each in field order). Answers
    /// that are each valid but contradict one another are not errors: see
    /// [`Profile::reconcile`].
    ///
    /// # Errors
    /// Every [`ProfileError`] found.
    pub fn parse(draft: ProfileDraft) -> Result<Self, Vec<ProfileError>> {
        let mut errors = Vec::new();
        if let Err(e) = Age::parse(draft.age) {
            errors.push(e);
        }
        let (c, l) = (&draft.cramps, &draft.lifestyle);
        #[allow(clippy::cast_precision_loss)] // a night count is far below 2^52
        let numbers = [
            (Field::NightsPerWeek, c.nights_per_week.map(|n| n as f64)),
            (Field::TypicalDurationMinutes, c.typical_duration_minutes),
            (Field::FluidLitresPerDay, l.fluid_litres_per_day),
            (Field::AlcoholGramsPerWeek, l.alcohol_grams_per_week),
            (Field::CaffeineDrinksPerDay, l.caffeine_drinks_per_day),
            (Field::SittingHoursPerDay, l.sitting_hours_per_day),
            (Field::StandingHoursPerDay, l.standing_hours_per_day),
        ];
        for (field, value) in numbers {
            if let (Some(v), Some(bounds)) = (value, field.bounds())
                && !bounds.contains(v)
            {
                errors.push(ProfileError::OutOfRange { field, bounds });
            }
        }
        let lengths = [
            (Field::Muscles, c.muscles.len()),
            (Field::Medications, draft.medications.len()),
            (Field::Conditions, draft.conditions.len()),
            (Field::KnownDeficiencies, draft.known_deficiencies.len()),
            (Field::Symptoms, draft.symptoms.len()),
        ];
        for (field, len) in lengths {
            if let Some(max) = field.max_items()
                && len > max
            {
                errors.push(ProfileError::TooManyItems { field, max });
            }
        }
        // An over-long list is reported once, as too long; its items are checked only up to the
        // limit, so a body of thousands of bad items cannot make thousands of errors.
        let within = |field: Field, len: usize| field.max_items().map_or(len, |max| len.min(max));
        let medications = &draft.medications[..within(Field::Medications, draft.medications.len())];
        for (index, name) in medications.iter().enumerate() {
            let chars = name.chars().count();
            let (min, max) = MEDICINE_NAME_CHARS;
            if chars < min || chars > max || is_blank_name(name) {
                errors.push(ProfileError::BadMedicineName { index });
            }
        }
        let muscles = &c.muscles[..within(Field::Muscles, c.muscles.len())];
        unique(&mut errors, Field::Muscles, muscles, |m| m.as_str());
        let conditions = &draft.conditions[..within(Field::Conditions, draft.conditions.len())];
        unique(&mut errors, Field::Conditions, conditions, |c| c.as_str());
        let deficiencies = &draft.known_deficiencies
            [..within(Field::KnownDeficiencies, draft.known_deficiencies.len())];
        unique(&mut errors, Field::KnownDeficiencies, deficiencies, |d| {
            d.as_str()
        });
        let symptoms = &draft.symptoms[..within(Field::Symptoms, draft.symptoms.len())];
        unique(&mut errors, Field::Symptoms, symptoms, |s| s.as_str());
        // Exactly repeated names are rejected (the schema says `uniqueItems`); spellings that only
        // differ in case or spacing are the same medicine, which the engine counts once.
        unique(&mut errors, Field::Medications, medications, String::as_str);
        if errors.is_empty() {
            Ok(Self { answers: draft })
        } else {
            Err(errors)
        }
    }

    /// The age, checked.
    pub fn age(&self) -> Age {
        // In range: the parse checked it (and tests re-check edits with `check`).
        Age(u8::try_from(self.answers.age).unwrap_or(u8::MAX))
    }

    /// The answers, to change and parse again (tests and generators build variants this way).
    pub fn into_draft(self) -> ProfileDraft {
        self.answers
    }

    /// Sets aside answers that are each valid but cannot all be true, and says which. Today one
    /// rule: sitting and standing hours together cannot exceed the 24 hours of a day. When they
    /// do, neither is used (both become unanswered, so no cause rests on a contradiction) and
    /// the answer reports it. JSON Schema cannot state a sum across two fields, so the schema
    /// accepts such a profile and the service keeps to what the schema says.
    pub fn reconcile(&mut self) -> Vec<Inconsistency> {
        let l = &mut self.answers.lifestyle;
        let mut found = Vec::new();
        if let (Some(sitting), Some(standing)) = (l.sitting_hours_per_day, l.standing_hours_per_day)
            && sitting + standing > 24.0
        {
            found.push(Inconsistency::HoursExceedDay {
                total: sitting + standing,
            });
            l.sitting_hours_per_day = None;
            l.standing_hours_per_day = None;
        }
        found
    }

    /// True when any of the given conditions is in the profile.
    pub fn has_condition(&self, condition: MedicalCondition) -> bool {
        self.conditions.contains(&condition)
    }

    /// True when the symptom is reported.
    pub fn has_symptom(&self, symptom: Symptom) -> bool {
        self.symptoms.contains(&symptom)
    }
}

/// Reports each item that repeats an earlier one.
fn unique<T>(errors: &mut Vec<ProfileError>, field: Field, items: &[T], key: impl Fn(&T) -> &str) {
    // Every list is short (at most `Field::max_items`, 50 medicines), so comparing each item
    // with those before it is cheaper than hashing, and a list without repeats, the usual
    // case, allocates nothing: a key is copied only into the error that names it.
    for (index, item) in items.iter().enumerate() {
        let k = key(item);
        if items[..index].iter().any(|earlier| key(earlier) == k) {
            errors.push(ProfileError::DuplicateItem {
                field,
                index,
                item: k.to_owned(),
            });
        }
    }
}

#[cfg(test)]
mod tests;
