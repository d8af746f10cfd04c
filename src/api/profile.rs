//! The request body: a person's profile as it travels over the wire. Field names and enum
//! values are part of the public contract. The wire types only decode; every limit is checked
//! by the domain's one parse ([`Profile::parse`]), with the limits stated once on
//! [`Field`]. utoipa's `#[schema]` attributes take only literals, so the
//! numbers published here are asserted equal to those constants by `spec::tests::limits`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::{self, Field, MEDICINE_NAME_CHARS, Profile, ProfileError};
use crate::engine::Pointer;
use crate::http::fields;
use crate::http::{ApiError, FieldError};

// The enums of the profile are the domain's own (`domain::vocabulary`), which owns their wire
// names; `super::schema_enums` publishes them under the component names of the contract
// (`Pregnancy`, `MuscleGroup`, `Condition`, `Activity`, `KnownDeficiency`, `ReportedSymptom`,
// `Position`).

/// A medicine name as typed: 1–100 characters, at least one of them not a space, a control
/// character, an invisible character or a combining mark (a name of only those is empty).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(transparent)]
#[schema(
    min_length = 1,
    max_length = 100,
    // `domain::MEDICINE_NAME_PATTERN` (an attribute takes only a literal; a test holds them equal).
    pattern = r"[^\s\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\u0300-\u036f\u1ab0-\u1af0\u1dc0-\u1dff\u20d0-\u20f0\ufe20-\ufe2f]",
    example = "Hydrochlorothiazide 25 mg"
)]
pub(super) struct MedicineName(pub String);

/// A person's profile. Only `age` is required; an absent field means "unknown", which is not
/// the same as "no". Unknown fields are rejected so a misspelt name never changes the advice.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "age": 67,
    "cramps": {"nights_per_week": 4, "typical_duration_minutes": 2, "muscles": ["calf"], "disturbs_sleep": true},
    "medications": ["Hydrochlorothiazide 25 mg"],
    "conditions": [],
    "lifestyle": {"fluid_litres_per_day": 1.2, "activity_level": "light"},
    "symptoms": []
}))]
pub(super) struct ProfileRequest {
    /// Age in whole years.
    #[serde(deserialize_with = "whole_number")]
    #[schema(value_type = i32, minimum = 1, maximum = 120, example = 67)]
    pub age: i64,
    /// Pregnancy status (leave out if not applicable or unknown).
    #[schema(example = "none")]
    pub pregnancy: Option<domain::PregnancyStage>,
    /// What the cramps are like.
    #[serde(default, deserialize_with = "object")]
    pub cramps: Option<Cramps>,
    /// Medicines as the person types them: generic or brand names, any case. Names that match
    /// nothing are returned in `unrecognised_medications`, never rejected. A name repeated exactly
    /// is rejected; names that differ only in case or spacing count as one medicine.
    #[schema(value_type = Option<std::collections::BTreeSet<MedicineName>>, max_items = 50, example = json!(["Atorvastatin 20mg", "Ventolin"]))]
    pub medications: Option<Vec<MedicineName>>,
    /// Diagnosed medical conditions. Each at most once.
    #[schema(max_items = 17, example = json!(["diabetes"]))]
    #[schema(value_type = Option<std::collections::BTreeSet<domain::MedicalCondition>>)]
    pub conditions: Option<Vec<domain::MedicalCondition>>,
    /// Daily habits.
    #[serde(default, deserialize_with = "object")]
    pub lifestyle: Option<LifestyleSection>,
    /// Deficiencies diagnosed by a clinician. Each at most once.
    #[schema(max_items = 5, example = json!([]))]
    #[schema(value_type = Option<std::collections::BTreeSet<domain::Deficiency>>)]
    pub known_deficiencies: Option<Vec<domain::Deficiency>>,
    /// Symptoms and circumstances. Each at most once.
    #[schema(max_items = 21, example = json!(["numbness_or_tingling"]))]
    #[schema(value_type = Option<std::collections::BTreeSet<domain::Symptom>>)]
    pub symptoms: Option<Vec<domain::Symptom>>,
    /// Sleep habits.
    #[serde(default, deserialize_with = "object")]
    pub sleep: Option<SleepHabits>,
}

/// What the cramps are like.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Cramps {
    /// Nights a week with cramps.
    #[serde(default, deserialize_with = "optional_whole_number")]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 7, example = 3)]
    pub nights_per_week: Option<i64>,
    /// How long one cramp usually lasts, in minutes (decimals allowed: 0.5 is 30 seconds).
    #[schema(minimum = 0, maximum = 1440, example = 2.5)]
    pub typical_duration_minutes: Option<f64>,
    /// Muscles that cramp. Each at most once.
    #[schema(max_items = 5, example = json!(["calf", "foot"]))]
    #[schema(value_type = Option<std::collections::BTreeSet<domain::Muscle>>)]
    pub muscles: Option<Vec<domain::Muscle>>,
    /// Cramps are always in the same one leg.
    #[schema(example = false)]
    pub one_leg_only: Option<bool>,
    /// Cramps wake the person or stop them sleeping.
    #[schema(example = true)]
    pub disturbs_sleep: Option<bool>,
    /// Cramps began or got worse after a medicine was started or its dose changed.
    #[schema(example = false)]
    pub started_after_medicine_change: Option<bool>,
}

/// Daily habits. Sitting and standing hours that add up to more than 24 are both set aside
/// (not used) and reported in the answer's `inconsistencies`, never rejected.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
// The wire section, published as `Lifestyle`; parsed, it becomes `domain::Lifestyle`.
#[schema(as = Lifestyle)]
pub(super) struct LifestyleSection {
    /// Litres of fluid drunk a day.
    #[schema(minimum = 0, maximum = 15, example = 1.5)]
    pub fluid_litres_per_day: Option<f64>,
    /// A clinician has asked the person to limit how much they drink.
    #[schema(example = false)]
    pub on_fluid_restriction: Option<bool>,
    /// Grams of pure alcohol a week. Convert from the drinks the person counts: a UK unit is
    /// 8 g; a standard drink is 10 g in Spain and France (about 10–12 g in Germany) and 20 g in
    /// Austria; a 175 ml glass of 13% wine holds about 18 g.
    #[schema(minimum = 0, maximum = 2400, example = 48)]
    pub alcohol_grams_per_week: Option<f64>,
    /// Caffeinated drinks a day (coffee, tea, cola, energy drinks).
    #[schema(minimum = 0, maximum = 50, example = 2)]
    pub caffeine_drinks_per_day: Option<f64>,
    /// Usual activity.
    #[schema(example = "light")]
    pub activity_level: Option<domain::ActivityLevel>,
    /// Unusually hard or long exercise in the last day or two.
    #[schema(example = false)]
    pub recent_unusual_exertion: Option<bool>,
    /// Hours spent sitting on a typical day.
    #[schema(minimum = 0, maximum = 24, example = 8)]
    pub sitting_hours_per_day: Option<f64>,
    /// Hours spent standing on a typical day.
    #[schema(minimum = 0, maximum = 24, example = 2)]
    pub standing_hours_per_day: Option<f64>,
    /// Sweats heavily (hot climate, physical work, sport).
    #[schema(example = false)]
    pub heavy_sweating: Option<bool>,
    /// Recent vomiting or diarrhoea.
    #[schema(example = false)]
    pub vomiting_or_diarrhoea: Option<bool>,
}

/// Sleep habits.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct SleepHabits {
    /// Usual sleeping position.
    #[schema(example = "back")]
    pub position: Option<domain::SleepPosition>,
    /// Bedding is tucked in tightly at the foot of the bed.
    #[schema(example = true)]
    pub tight_bedding: Option<bool>,
}

/// JSON Schema counts `68.0` as an integer, so the service does too: any whole number is
/// accepted, written with or without a fraction.
pub(crate) fn whole_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<i64, D::Error> {
    let number = serde_json::Number::deserialize(deserializer)?;
    if let Some(n) = number.as_i64() {
        return Ok(n);
    }
    match number.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f as i64),
        _ => Err(serde::de::Error::invalid_value(
            serde::de::Unexpected::Other(&number.to_string()),
            &"a whole number",
        )),
    }
}

/// A section: a JSON object or `null`, never an array. serde would otherwise take an array for
/// a struct (its fields in order), which the contract does not allow; the slow path reports
/// such a section by name ([`crate::http::body::require_objects`]), and this keeps the one-pass
/// decode ([`super::body::parse_profile`]) from accepting it.
fn object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct ObjectOrNull<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for ObjectOrNull<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Some)
        }
    }
    deserializer.deserialize_any(ObjectOrNull(std::marker::PhantomData))
}

fn optional_whole_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    struct Whole(#[serde(deserialize_with = "whole_number")] i64);
    Ok(Option::<Whole>::deserialize(deserializer)?.map(|w| w.0))
}

/// The domain draft of a request: the same answers, not yet checked.
fn draft(r: ProfileRequest) -> domain::ProfileDraft {
    let mut d = domain::ProfileDraft::with_age(r.age);
    d.pregnancy = r.pregnancy;
    if let Some(c) = r.cramps {
        d.cramps = domain::CrampHistory {
            nights_per_week: c.nights_per_week,
            typical_duration_minutes: c.typical_duration_minutes,
            muscles: c.muscles.unwrap_or_default(),
            one_leg_only: c.one_leg_only,
            disturbs_sleep: c.disturbs_sleep,
            started_after_medicine_change: c.started_after_medicine_change,
        };
    }
    d.answered = domain::Answered {
        medications: r.medications.is_some(),
        conditions: r.conditions.is_some(),
        symptoms: r.symptoms.is_some(),
    };
    d.conditions = r.conditions.unwrap_or_default();
    d.known_deficiencies = r.known_deficiencies.unwrap_or_default();
    d.symptoms = r.symptoms.unwrap_or_default();
    d.medications = r
        .medications
        .unwrap_or_default()
        .into_iter()
        .map(|m| m.0)
        .collect();
    if let Some(l) = r.lifestyle {
        d.lifestyle = domain::Lifestyle {
            fluid_litres_per_day: l.fluid_litres_per_day,
            on_fluid_restriction: l.on_fluid_restriction,
            alcohol_grams_per_week: l.alcohol_grams_per_week,
            caffeine_drinks_per_day: l.caffeine_drinks_per_day,
            activity_level: l.activity_level,
            recent_unusual_exertion: l.recent_unusual_exertion,
            sitting_hours_per_day: l.sitting_hours_per_day,
            standing_hours_per_day: l.standing_hours_per_day,
            heavy_sweating: l.heavy_sweating,
            vomiting_or_diarrhoea: l.vomiting_or_diarrhoea,
        };
    }
    if let Some(s) = r.sleep {
        d.sleep = domain::Sleep {
            position: s.position,
            tight_bedding: s.tight_bedding,
        };
    }
    d
}

/// Parses a well-typed request into a [`Profile`] through the domain's one parse, reporting
/// every problem as a 422 entry, sorted by pointer.
///
/// # Errors
/// [`ApiError::Validation`] with one entry per problem.
pub(crate) fn parse(request: ProfileRequest) -> Result<Profile, ApiError> {
    Profile::parse(draft(request)).map_err(|problems| {
        let mut errors: Vec<FieldError> = problems.iter().map(field_error).collect();
        errors.sort_by(|a, b| a.pointer.cmp(&b.pointer));
        ApiError::Validation(errors)
    })
}

/// The domain's parse of a request, with its problems as the domain reports them (the
/// follow-up reports them under `/profile`).
///
/// # Errors
/// Every [`ProfileError`] found.
pub(crate) fn parse_draft(request: ProfileRequest) -> Result<Profile, Vec<ProfileError>> {
    Profile::parse(draft(request))
}

/// The wire form of one domain problem: its pointer, code and developer message.
pub(crate) fn field_error(e: &ProfileError) -> FieldError {
    let pointer = match e.at() {
        (field, None) => fields::text(Pointer::Field(field)),
        (field, Some(index)) => fields::text(Pointer::Item(field, index)),
    };
    let (code, message) = match e {
        ProfileError::OutOfRange { bounds, .. } => (
            "out_of_range",
            format!("must be between {} and {}", bounds.min, bounds.max),
        ),
        ProfileError::TooManyItems { field, max } => {
            ("too_many_items", format!("at most {max} {}", noun(*field)))
        }
        ProfileError::BadMedicineName { .. } => (
            "invalid_length",
            format!(
                "a medicine name must have {} to {} characters and not be blank",
                MEDICINE_NAME_CHARS.0, MEDICINE_NAME_CHARS.1
            ),
        ),
        ProfileError::DuplicateItem { field, item, .. } => (
            "duplicate_item",
            format!(
                "{} contains {} more than once",
                fields::path(*field),
                crate::http::error::quote(item)
            ),
        ),
    };
    FieldError::new(pointer, code, message)
}

/// What a list holds, for "at most 50 medicines".
fn noun(list: Field) -> &'static str {
    match list {
        Field::Medications => "medicines",
        Field::Conditions => "conditions",
        Field::KnownDeficiencies => "deficiencies",
        Field::Symptoms => "symptoms",
        Field::Muscles => "muscle groups",
        _ => "items",
    }
}

#[cfg(test)]
mod tests {
    use utoipa::PartialSchema;

    #[test]
    fn the_schema_of_a_medicine_name_has_the_domain_pattern() {
        let schema = serde_json::to_value(super::MedicineName::schema()).unwrap();
        assert_eq!(
            schema["pattern"],
            crate::domain::MEDICINE_NAME_PATTERN,
            "{schema}"
        );
    }
}
