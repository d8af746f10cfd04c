//! The questionnaire: every profile field as a question an app can show, in sections, in the
//! order a person answers them. Each question has a stable link id, the [`Field`] it fills, the
//! kind of answer it takes and when to show it. Its limits are the field's own
//! ([`Field::bounds`], [`Field::max_items`], [`MEDICINE_NAME_CHARS`]), so the form cannot
//! accept what the profile's parse would refuse. The words live with the other texts
//! (`knowledge/labels`), keyed by the link ids declared here.
//!
//! [`MEDICINE_NAME_CHARS`]: super::MEDICINE_NAME_CHARS

use super::Field;

/// A closed list of values a question offers, named as the published schema names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choices {
    /// [`super::PregnancyStage`].
    Pregnancy,
    /// [`super::Muscle`].
    Muscle,
    /// [`super::MedicalCondition`].
    Condition,
    /// [`super::ActivityLevel`].
    Activity,
    /// [`super::Deficiency`].
    Deficiency,
    /// [`super::Symptom`].
    Symptom,
    /// [`super::SleepPosition`].
    SleepPosition,
}

impl Choices {
    /// The wire names of the values, in declaration order.
    pub fn values(self) -> Vec<&'static str> {
        fn names<E: super::WireEnum>() -> Vec<&'static str> {
            E::ALL.iter().map(|v| v.as_str()).collect()
        }
        match self {
            Self::Pregnancy => names::<super::PregnancyStage>(),
            Self::Muscle => names::<super::Muscle>(),
            Self::Condition => names::<super::MedicalCondition>(),
            Self::Activity => names::<super::ActivityLevel>(),
            Self::Deficiency => names::<super::Deficiency>(),
            Self::Symptom => names::<super::Symptom>(),
            Self::SleepPosition => names::<super::SleepPosition>(),
        }
    }
}

/// The unit a number is asked in (its UCUM code is the unit's id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Years (`a`).
    Years,
    /// Nights a week (`/wk`).
    PerWeek,
    /// Minutes (`min`).
    Minutes,
    /// Litres a day (`L/d`).
    LitresPerDay,
    /// Grams a week (`g/wk`).
    GramsPerWeek,
    /// Drinks a day (`/d`).
    PerDay,
    /// Hours a day (`h/d`).
    HoursPerDay,
}

impl Unit {
    /// Every unit.
    pub const ALL: [Self; 7] = [
        Self::Years,
        Self::PerWeek,
        Self::Minutes,
        Self::LitresPerDay,
        Self::GramsPerWeek,
        Self::PerDay,
        Self::HoursPerDay,
    ];

    /// The UCUM code.
    pub fn ucum(self) -> &'static str {
        match self {
            Self::Years => "a",
            Self::PerWeek => "/wk",
            Self::Minutes => "min",
            Self::LitresPerDay => "L/d",
            Self::GramsPerWeek => "g/wk",
            Self::PerDay => "/d",
            Self::HoursPerDay => "h/d",
        }
    }
}

/// The kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// A whole number in the field's bounds.
    Integer(Unit),
    /// A number in the field's bounds, decimals allowed.
    Decimal(Unit),
    /// Yes or no.
    Boolean,
    /// One value of a list.
    Choice(Choices),
    /// Any number of values of a list, each at most once; none at all is an answer too.
    MultipleChoice(Choices),
    /// Free-text entries (medicine names), each at most once; none at all is an answer too.
    Texts,
}

/// How a condition compares the answer to another question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Condition {
    /// The other question has an answer (for a list: at least one entry).
    Answered(&'static str),
    /// The other (numeric) question's answer is at least this.
    AtLeast(&'static str, f64),
    /// The other (numeric) question's answer is at most this.
    AtMost(&'static str, f64),
}

impl Condition {
    /// The link id of the question the condition looks at.
    pub fn question(self) -> &'static str {
        match self {
            Self::Answered(q) | Self::AtLeast(q, _) | Self::AtMost(q, _) => q,
        }
    }
}

/// One question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    /// Stable id, unique in the questionnaire (FHIR `linkId`).
    pub link_id: &'static str,
    /// The profile field the answer fills.
    pub field: Field,
    /// The kind of answer.
    pub answer: AnswerKind,
    /// Show the question only when all of these hold (empty: always).
    pub enable_when: &'static [Condition],
}

impl Item {
    /// Whether the profile cannot be sent without this answer (only the age).
    pub fn required(&self) -> bool {
        self.field == Field::Age
    }
}

/// An ordered group of questions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Section {
    /// Stable id, unique in the questionnaire.
    pub link_id: &'static str,
    /// The questions, in the order to ask them.
    pub items: &'static [Item],
}

const fn item(link_id: &'static str, field: Field, answer: AnswerKind) -> Item {
    Item {
        link_id,
        field,
        answer,
        enable_when: &[],
    }
}

/// Pregnancy can only apply between these ages; the same window as the follow-up question's
/// `ask_when` in `questions.toml` (a test holds them together).
pub const PREGNANCY_AGES: (f64, f64) = (12.0, 55.0);

/// Alcohol is asked from this age on (as in `questions.toml`).
pub const ALCOHOL_FROM_AGE: f64 = 16.0;

use AnswerKind::{Boolean, Choice, Decimal, Integer, MultipleChoice, Texts};

/// The questionnaire: every profile field exactly once, warning signs early.
pub const SECTIONS: &[Section] = &[
    Section {
        link_id: "about_you",
        items: &[
            item("age", Field::Age, Integer(Unit::Years)),
            Item {
                enable_when: &[
                    Condition::AtLeast("age", PREGNANCY_AGES.0),
                    Condition::AtMost("age", PREGNANCY_AGES.1),
                ],
                ..item("pregnancy", Field::Pregnancy, Choice(Choices::Pregnancy))
            },
        ],
    },
    Section {
        link_id: "warning_signs",
        items: &[item(
            "symptoms",
            Field::Symptoms,
            MultipleChoice(Choices::Symptom),
        )],
    },
    Section {
        link_id: "health",
        items: &[
            item("medications", Field::Medications, Texts),
            item(
                "conditions",
                Field::Conditions,
                MultipleChoice(Choices::Condition),
            ),
            item(
                "known_deficiencies",
                Field::KnownDeficiencies,
                MultipleChoice(Choices::Deficiency),
            ),
        ],
    },
    Section {
        link_id: "cramps",
        items: &[
            item(
                "typical_duration_minutes",
                Field::TypicalDurationMinutes,
                Decimal(Unit::Minutes),
            ),
            item(
                "nights_per_week",
                Field::NightsPerWeek,
                Integer(Unit::PerWeek),
            ),
            item("muscles", Field::Muscles, MultipleChoice(Choices::Muscle)),
            item("one_leg_only", Field::OneLegOnly, Boolean),
            item("disturbs_sleep", Field::DisturbsSleep, Boolean),
            Item {
                enable_when: &[Condition::Answered("medications")],
                ..item(
                    "started_after_medicine_change",
                    Field::StartedAfterMedicineChange,
                    Boolean,
                )
            },
        ],
    },
    Section {
        link_id: "daily_life",
        items: &[
            item(
                "fluid_litres_per_day",
                Field::FluidLitresPerDay,
                Decimal(Unit::LitresPerDay),
            ),
            item("on_fluid_restriction", Field::OnFluidRestriction, Boolean),
            Item {
                enable_when: &[Condition::AtLeast("age", ALCOHOL_FROM_AGE)],
                ..item(
                    "alcohol_grams_per_week",
                    Field::AlcoholGramsPerWeek,
                    Decimal(Unit::GramsPerWeek),
                )
            },
            item(
                "caffeine_drinks_per_day",
                Field::CaffeineDrinksPerDay,
                Decimal(Unit::PerDay),
            ),
            item(
                "activity_level",
                Field::ActivityLevel,
                Choice(Choices::Activity),
            ),
            item(
                "recent_unusual_exertion",
                Field::RecentUnusualExertion,
                Boolean,
            ),
            item(
                "sitting_hours_per_day",
                Field::SittingHoursPerDay,
                Decimal(Unit::HoursPerDay),
            ),
            item(
                "standing_hours_per_day",
                Field::StandingHoursPerDay,
                Decimal(Unit::HoursPerDay),
            ),
            item("heavy_sweating", Field::HeavySweating, Boolean),
            item("vomiting_or_diarrhoea", Field::VomitingOrDiarrhoea, Boolean),
        ],
    },
    Section {
        link_id: "sleep",
        items: &[
            item(
                "sleep_position",
                Field::SleepPosition,
                Choice(Choices::SleepPosition),
            ),
            item("tight_bedding", Field::TightBedding, Boolean),
        ],
    },
];

/// Every question, in order.
pub fn items() -> impl Iterator<Item = &'static Item> {
    SECTIONS.iter().flat_map(|s| s.items.iter())
}

/// The question with this link id.
pub fn item_by_link_id(link_id: &str) -> Option<&'static Item> {
    items().find(|i| i.link_id == link_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_asked_exactly_once_and_link_ids_are_unique() {
        let fields: Vec<Field> = items().map(|i| i.field).collect();
        for field in Field::ALL {
            assert_eq!(
                fields.iter().filter(|f| **f == field).count(),
                1,
                "{field:?}"
            );
        }
        let mut ids: Vec<&str> = items().map(|i| i.link_id).collect();
        ids.extend(SECTIONS.iter().map(|s| s.link_id));
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "a link id is used twice");
    }

    #[test]
    fn answer_kinds_fit_the_fields_and_conditions_look_back() {
        let mut seen: Vec<&str> = Vec::new();
        for item in items() {
            match item.answer {
                Integer(_) | Decimal(_) => assert!(item.field.bounds().is_some(), "{item:?}"),
                MultipleChoice(_) | Texts => assert!(item.field.max_items().is_some(), "{item:?}"),
                Boolean | Choice(_) => assert!(item.field.bounds().is_none(), "{item:?}"),
            }
            for condition in item.enable_when {
                assert!(
                    seen.contains(&condition.question()),
                    "{}: a condition must name an earlier question",
                    item.link_id
                );
            }
            seen.push(item.link_id);
        }
        assert!(items().filter(|i| i.required()).count() == 1);
    }
}
