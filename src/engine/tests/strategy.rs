//! Generators of arbitrary valid profiles for the property tests.

use std::fmt::Debug;

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

use super::kb;
use crate::domain::{
    ActivityLevel, Answered, CrampHistory, Deficiency, Field, Lifestyle, MedicalCondition, Muscle,
    PregnancyStage, Profile, ProfileDraft, Sleep, SleepPosition, Symptom,
};

/// Any subset of `all`, in random order, without duplicates.
fn any_subset<T: Clone + Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = Vec<T>> {
    subsequence(all, 0..=all.len()).prop_shuffle()
}

/// Every generic and brand name in the knowledge base.
fn known_medicine_names() -> Vec<String> {
    kb().medication_classes
        .iter()
        .flat_map(|c| c.generic_names.iter().chain(&c.brand_names))
        .cloned()
        .collect()
}

/// A medicine name as a person might type it: a known name in some case, with a dose and
/// stray spaces, or a random string that is probably not a medicine at all.
fn typed_medicine() -> impl Strategy<Value = String> {
    let known = (
        select(known_medicine_names()),
        0..3_u8,
        option::of(1_u16..1000),
        " {0,2}",
        " {0,2}",
    )
        .prop_map(|(name, case, dose, lead, trail)| {
            let name = match case {
                0 => name,
                1 => name.to_uppercase(),
                _ => {
                    let mut chars = name.chars();
                    chars.next().map_or_else(String::new, |first| {
                        first.to_uppercase().chain(chars).collect()
                    })
                }
            };
            let dose = dose.map(|d| format!(" {d}mg")).unwrap_or_default();
            format!("{lead}{name}{dose}{trail}")
        });
    // Typed names are echoed in facts, so a random one must not carry a word that safety rule 2
    // forbids the engine's own text to use.
    let random = "[A-Za-z][A-Za-z0-9 /.-]{0,20}".prop_filter("no rule-2 words", |s| {
        let s = s.to_lowercase();
        ["stop", "reduce", "skip", "swap", "switch"]
            .iter()
            .all(|w| !s.contains(w))
    });
    prop_oneof![3 => known, 1 => random]
}

/// Another spelling of the same medicine: other case, other spacing, an accent, a full-width
/// letter or an invisible character. The engine must count it as the same medicine.
fn respelt(name: &str, how: u8) -> String {
    match how % 5 {
        0 => name.to_uppercase(),
        1 => format!("  {}  ", name.replace(' ', "   ")),
        2 => name.replacen('e', "é", 1),
        3 => name
            .chars()
            .map(|c| if c == 'o' { 'ｏ' } else { c })
            .collect(),
        _ => {
            let mut chars = name.chars();
            chars.next().map_or_else(String::new, |first| {
                format!("{first}\u{00AD}{}", chars.as_str())
            })
        }
    }
}

/// Up to eight medicines, some also listed again in another spelling. Only exact repeats are
/// left out, as `Profile::check` requires: spelling variants are the engine's to handle.
fn medicines() -> impl Strategy<Value = Vec<String>> {
    vec((typed_medicine(), option::of(any::<u8>())), 0..8).prop_map(|names| {
        let mut out: Vec<String> = Vec::new();
        for (name, variant) in names {
            let again = variant.map(|how| respelt(&name, how));
            for n in std::iter::once(name).chain(again) {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    })
}

/// A typical cramp length, biased towards the 10-minute red-flag threshold.
fn duration() -> impl Strategy<Value = f64> {
    prop_oneof![Just(10.0), 0.0..=30.0, 0.0..=1440.0]
}

/// Sitting and standing hours in quarter hours, together at most 24, each possibly unanswered.
fn sitting_and_standing() -> impl Strategy<Value = (Option<f64>, Option<f64>)> {
    (0_u8..=96)
        .prop_flat_map(|sit| (Just(sit), 0..=96 - sit, any::<bool>(), any::<bool>()))
        .prop_map(|(sit, stand, has_sit, has_stand)| {
            (
                has_sit.then_some(f64::from(sit) / 4.0),
                has_stand.then_some(f64::from(stand) / 4.0),
            )
        })
}

fn answer() -> impl Strategy<Value = Option<bool>> {
    option::of(any::<bool>())
}

/// An arbitrary valid profile: every optional answer may be missing, every list is any subset
/// in any order.
pub(crate) fn arb_profile() -> impl Strategy<Value = Profile> {
    let who = (1_i64..=120, option::of(select(PregnancyStage::ALL)));
    let cramps = (
        option::of(0_i64..=7),
        option::of(duration()),
        any_subset(Muscle::ALL),
        answer(),
        answer(),
        answer(),
    )
        .prop_map(
            |(nights, minutes, muscles, one_leg, sleep, medicine)| CrampHistory {
                nights_per_week: nights,
                typical_duration_minutes: minutes,
                muscles,
                one_leg_only: one_leg,
                disturbs_sleep: sleep,
                started_after_medicine_change: medicine,
            },
        );
    let lists = (
        option::of(medicines()),
        option::of(any_subset(MedicalCondition::ALL)),
        any_subset(Deficiency::ALL),
        option::of(any_subset(Symptom::ALL)),
    );
    let lifestyle = (
        option::of(0.0..=15.0),
        answer(),
        option::of(0.0..=2400.0),
        option::of(0.0..=50.0),
        option::of(select(ActivityLevel::ALL)),
        answer(),
        sitting_and_standing(),
        answer(),
        answer(),
    )
        .prop_map(
            |(fluid, restricted, alcohol, caffeine, activity, exertion, hours, sweat, vomit)| {
                Lifestyle {
                    fluid_litres_per_day: fluid,
                    on_fluid_restriction: restricted,
                    alcohol_grams_per_week: alcohol,
                    caffeine_drinks_per_day: caffeine,
                    activity_level: activity,
                    recent_unusual_exertion: exertion,
                    sitting_hours_per_day: hours.0,
                    standing_hours_per_day: hours.1,
                    heavy_sweating: sweat,
                    vomiting_or_diarrhoea: vomit,
                }
            },
        );
    let sleep =
        (option::of(select(SleepPosition::ALL)), answer()).prop_map(|(position, tight_bedding)| {
            Sleep {
                position,
                tight_bedding,
            }
        });
    (who, cramps, lists, lifestyle, sleep).prop_map(
        |(
            (age, pregnancy),
            cramps,
            (meds, conditions, deficiencies, symptoms),
            lifestyle,
            sleep,
        )| {
            let draft = ProfileDraft {
                age,
                pregnancy,
                cramps,
                answered: Answered {
                    medications: meds.is_some(),
                    conditions: conditions.is_some(),
                    symptoms: symptoms.is_some(),
                },
                medications: meds.unwrap_or_default(),
                conditions: conditions.unwrap_or_default(),
                lifestyle,
                known_deficiencies: deficiencies,
                symptoms: symptoms.unwrap_or_default(),
                sleep,
            };
            let mut draft = draft;
            // Any subset, within the parse's list limits.
            let cap = |field: Field| field.max_items().unwrap_or(usize::MAX);
            draft.conditions.truncate(cap(Field::Conditions));
            draft.symptoms.truncate(cap(Field::Symptoms));
            draft
                .known_deficiencies
                .truncate(cap(Field::KnownDeficiencies));
            draft.cramps.muscles.truncate(cap(Field::Muscles));
            Profile::parse(draft).expect("generated profiles are valid")
        },
    )
}

/// A profile and the same profile with every list shuffled.
pub(super) fn profile_and_shuffled() -> impl Strategy<Value = (Profile, Profile)> {
    arb_profile().prop_flat_map(|p| {
        let shuffled = (
            Just(p.medications.clone()).prop_shuffle(),
            Just(p.conditions.clone()).prop_shuffle(),
            Just(p.symptoms.clone()).prop_shuffle(),
            Just(p.cramps.muscles.clone()).prop_shuffle(),
            Just(p.known_deficiencies.clone()).prop_shuffle(),
        );
        (Just(p), shuffled).prop_map(|(p, (meds, conditions, symptoms, muscles, deficiencies))| {
            let mut q = p.clone();
            q.medications = meds;
            q.conditions = conditions;
            q.symptoms = symptoms;
            q.cramps.muscles = muscles;
            q.known_deficiencies = deficiencies;
            (p, q)
        })
    })
}
