//! The person's profile as the engine sees it: validated, typed, and with "unknown" kept
//! distinct from "no" (every optional answer is an `Option`).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::vocabulary::{
    ActivityLevel, Deficiency, MedicalCondition, Muscle, PregnancyStage, SleepPosition, Symptom,
};

/// Reasons a profile cannot be built. Range checks on single numbers happen at the API edge too;
/// these are the rules the domain itself guarantees.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProfileError {
    /// Age outside 1–120 years.
    #[error("age must be between 1 and 120 years, got {age}")]
    AgeOutOfRange {
        /// The rejected age.
        age: i64,
    },
    /// A number outside its allowed range.
    #[error("{field} must be between {min} and {max}")]
    OutOfRange {
        /// JSON pointer of the field.
        field: &'static str,
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
    },
    /// The same item appears twice in a list.
    #[error("{list} contains {item:?} more than once")]
    DuplicateItem {
        /// JSON pointer of the list.
        list: &'static str,
        /// Index of the second occurrence.
        index: usize,
        /// The repeated item, as submitted.
        item: String,
    },
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

    /// JSON pointers of the answers involved.
    pub fn pointers(&self) -> &'static [&'static str] {
        match self {
            Self::HoursExceedDay { .. } => &[
                "/lifestyle/sitting_hours_per_day",
                "/lifestyle/standing_hours_per_day",
            ],
        }
    }
}

/// Age in whole years, 1–120.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Age(u8);

impl Age {
    /// Parses an age in years.
    ///
    /// # Errors
    /// [`ProfileError::AgeOutOfRange`] outside 1–120.
    pub fn parse(years: i64) -> Result<Self, ProfileError> {
        match u8::try_from(years) {
            Ok(y) if (1..=120).contains(&y) => Ok(Self(y)),
            _ => Err(ProfileError::AgeOutOfRange { age: years }),
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
    /// Nights a week with cramps, 0–7.
    pub nights_per_week: Option<u8>,
    /// Usual length of one cramp in minutes, 0–1440.
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
    /// Litres of fluid drunk a day, 0–15.
    pub fluid_litres_per_day: Option<f64>,
    /// A clinician has told the person to limit fluids.
    pub on_fluid_restriction: Option<bool>,
    /// Grams of pure alcohol a week, 0–2400 (a UK unit is 8 g; a standard drink in Spain or
    /// France 10 g, in Austria 20 g).
    pub alcohol_grams_per_week: Option<f64>,
    /// Caffeinated drinks a day, 0–50.
    pub caffeine_drinks_per_day: Option<f64>,
    /// Usual activity.
    pub activity_level: Option<ActivityLevel>,
    /// Unusually hard or long exercise in the last day or two.
    pub recent_unusual_exertion: Option<bool>,
    /// Hours sitting a day, 0–24.
    pub sitting_hours_per_day: Option<f64>,
    /// Hours standing a day, 0–24.
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

/// A complete, validated profile. Lists keep the order they were submitted in, because
/// explanations point into them by index (`/medications/2`); the engine never lets that order
/// change anything else.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Age in years.
    pub age: Age,
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
    /// A profile with only an age: everything else unknown.
    pub fn with_age(age: Age) -> Self {
        Self {
            age,
            pregnancy: None,
            cramps: CrampHistory::default(),
            medications: Vec::new(),
            conditions: Vec::new(),
            lifestyle: Lifestyle::default(),
            known_deficiencies: Vec::new(),
            symptoms: Vec::new(),
            sleep: Sleep::default(),
            answered: Answered::default(),
        }
    }

    /// Checks the rules that span several fields or whole lists.
    ///
    /// # Errors
    /// The first broken rule: duplicate list items or out-of-range numbers. Answers that are
    /// each valid but contradict one another are not errors: see [`Profile::reconcile`].
    pub fn check(&self) -> Result<(), ProfileError> {
        check_range(
            "/cramps/typical_duration_minutes",
            self.cramps.typical_duration_minutes,
            0.0,
            1440.0,
        )?;
        let l = &self.lifestyle;
        check_range(
            "/lifestyle/fluid_litres_per_day",
            l.fluid_litres_per_day,
            0.0,
            15.0,
        )?;
        check_range(
            "/lifestyle/alcohol_grams_per_week",
            l.alcohol_grams_per_week,
            0.0,
            2400.0,
        )?;
        check_range(
            "/lifestyle/caffeine_drinks_per_day",
            l.caffeine_drinks_per_day,
            0.0,
            50.0,
        )?;
        check_range(
            "/lifestyle/sitting_hours_per_day",
            l.sitting_hours_per_day,
            0.0,
            24.0,
        )?;
        check_range(
            "/lifestyle/standing_hours_per_day",
            l.standing_hours_per_day,
            0.0,
            24.0,
        )?;
        unique("/cramps/muscles", &self.cramps.muscles, |m| {
            m.as_str().to_owned()
        })?;
        unique("/conditions", &self.conditions, |c| c.as_str().to_owned())?;
        unique("/known_deficiencies", &self.known_deficiencies, |d| {
            d.as_str().to_owned()
        })?;
        unique("/symptoms", &self.symptoms, |s| s.as_str().to_owned())?;
        // Exactly repeated names are rejected (the schema says `uniqueItems`); spellings that only
        // differ in case or spacing are the same medicine, which the engine counts once.
        unique("/medications", &self.medications, Clone::clone)?;
        Ok(())
    }

    /// Sets aside answers that are each valid but cannot all be true, and says which. Today one
    /// rule: sitting and standing hours together cannot exceed the 24 hours of a day. When they
    /// do, neither is used (both become unanswered, so no cause rests on a contradiction) and
    /// the answer reports it. JSON Schema cannot state a sum across two fields, so the schema
    /// accepts such a profile and the service keeps to what the schema says.
    pub fn reconcile(&mut self) -> Vec<Inconsistency> {
        let l = &mut self.lifestyle;
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

/// The key a medicine name is matched by: compatibility-decomposed (full-width "ｑｕｉｎｉｎｅ" is
/// "quinine", "ﬁ" is "fi"), accents folded ("furosémide" is "furosemide"), invisible characters
/// removed (soft hyphen, zero-width space), lower case, single spaces, trimmed.
pub fn normalise_medicine_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if !is_invisible(c) {
            if space {
                out.push(' ');
                space = false;
            }
            out.extend(c.to_lowercase());
        }
    };
    if name.is_ascii() {
        name.chars().for_each(|c| push(c, &mut out));
    } else {
        name.nfkd()
            .filter(|c| !is_combining_mark(*c))
            .for_each(|c| push(c, &mut out));
    }
    out
}

/// Unicode's default-ignorable code points: they change nothing a reader sees, so a name
/// carrying them (pasted from a web page, or on purpose) is the same name.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

fn check_range(
    field: &'static str,
    value: Option<f64>,
    min: f64,
    max: f64,
) -> Result<(), ProfileError> {
    match value {
        Some(v) if !(min..=max).contains(&v) || !v.is_finite() => {
            Err(ProfileError::OutOfRange { field, min, max })
        }
        _ => Ok(()),
    }
}

fn unique<T>(
    list: &'static str,
    items: &[T],
    key: impl Fn(&T) -> String,
) -> Result<(), ProfileError> {
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let k = key(item);
        if !seen.insert(k.clone()) {
            return Err(ProfileError::DuplicateItem {
                list,
                index,
                item: k,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_accepts_the_documented_range_and_nothing_else() {
        for (years, ok) in [
            (0, false),
            (1, true),
            (120, true),
            (121, false),
            (-5, false),
        ] {
            assert_eq!(Age::parse(years).is_ok(), ok, "age {years}");
        }
    }

    #[test]
    fn exactly_repeated_medicines_are_rejected_but_spelling_variants_are_not() {
        let mut p = Profile::with_age(Age::parse(40).unwrap());
        p.medications = vec!["Furosemide".into(), "Furosemide".into()];
        assert!(matches!(
            p.check(),
            Err(ProfileError::DuplicateItem { index: 1, .. })
        ));
        p.medications = vec!["Furosemide".into(), "  furosemide ".into()];
        assert!(p.check().is_ok());
    }

    #[test]
    fn sitting_and_standing_over_a_day_are_set_aside_and_reported() {
        let mut p = Profile::with_age(Age::parse(40).unwrap());
        p.lifestyle.sitting_hours_per_day = Some(16.0);
        p.lifestyle.standing_hours_per_day = Some(9.0);
        assert!(p.check().is_ok());
        assert_eq!(
            p.reconcile(),
            vec![Inconsistency::HoursExceedDay { total: 25.0 }]
        );
        assert_eq!(p.lifestyle.sitting_hours_per_day, None);
        assert_eq!(p.lifestyle.standing_hours_per_day, None);
        p.lifestyle.sitting_hours_per_day = Some(16.0);
        p.lifestyle.standing_hours_per_day = Some(8.0);
        assert!(p.reconcile().is_empty());
        assert_eq!(p.lifestyle.sitting_hours_per_day, Some(16.0));
    }
}
