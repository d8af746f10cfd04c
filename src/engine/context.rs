//! Evaluating rules against one profile. A rule that holds yields the JSON pointers of the
//! answers that made it hold, so every conclusion can say "because of /symptoms/2".

use std::collections::HashMap;

use crate::domain::{MedicationClass, Profile, Rule, TriageLevel, normalise_medicine_name};
use crate::knowledge::KnowledgeBase;

/// One recognised medicine from the profile.
#[derive(Debug, Clone)]
pub(crate) struct Medicine<'a> {
    /// Index in `/medications`.
    pub index: usize,
    /// The name as typed, trimmed.
    pub typed: &'a str,
    /// Matched classes, strongest association first.
    pub classes: Vec<&'a MedicationClass>,
}

impl<'a> Medicine<'a> {
    /// The class with the strongest association (first in the sorted list).
    pub fn strongest(&self) -> &'a MedicationClass {
        self.classes[0]
    }
}

/// Why a rule held: the answer it points at, and for medicine rules the medicine and class.
#[derive(Debug, Clone)]
pub(crate) struct Hit<'a> {
    /// JSON pointer into the request.
    pub pointer: String,
    /// For medicine rules: the typed name and the class that matched.
    pub medicine: Option<(&'a str, &'a MedicationClass)>,
}

impl Hit<'_> {
    fn at(pointer: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            medicine: None,
        }
    }
}

/// What the engine knows while it evaluates rules: the profile, and (once found) the causes,
/// red flags and triage level that remedy and question rules may depend on.
pub(crate) struct Context<'a> {
    pub profile: &'a Profile,
    pub medicines: Vec<Medicine<'a>>,
    pub cause_pointers: HashMap<&'a str, Vec<String>>,
    pub flag_pointers: HashMap<&'a str, Vec<String>>,
    pub triage: TriageLevel,
}

impl<'a> Context<'a> {
    /// Matches the profile's medicines against the knowledge base.
    pub fn new(profile: &'a Profile, kb: &'a KnowledgeBase) -> (Self, Vec<&'a str>) {
        let mut medicines = Vec::new();
        let mut unrecognised = Vec::new();
        for (index, typed) in profile.medications.iter().enumerate() {
            let typed = typed.trim();
            match kb.match_medicine(typed) {
                Some(m) => {
                    let mut classes = m.classes;
                    classes.sort_by_key(|c| std::cmp::Reverse(c.association));
                    medicines.push(Medicine {
                        index,
                        typed,
                        classes,
                    });
                }
                None => unrecognised.push(typed),
            }
        }
        // Canonical order, so the order of the request's list never changes the answer.
        medicines.sort_by_cached_key(|m| (normalise_medicine_name(m.typed), m.index));
        unrecognised.sort_by_cached_key(|t| normalise_medicine_name(t));
        let context = Self {
            profile,
            medicines,
            cause_pointers: HashMap::new(),
            flag_pointers: HashMap::new(),
            triage: TriageLevel::SelfCare,
        };
        (context, unrecognised)
    }

    /// `Some(hits)` when the rule holds (possibly with no pointer), `None` when it does not.
    pub fn eval(&self, rule: &Rule) -> Option<Vec<Hit<'a>>> {
        let p = self.profile;
        let c = &p.cramps;
        let l = &p.lifestyle;
        let single = |holds: bool, pointer: &str| holds.then(|| vec![Hit::at(pointer)]);
        let indexed = |list: &str, positions: Vec<usize>| {
            (!positions.is_empty()).then(|| {
                positions
                    .into_iter()
                    .map(|i| Hit::at(format!("/{list}/{i}")))
                    .collect()
            })
        };
        let above = |v: Option<f64>, t: f64| v.is_some_and(|v| v > t);
        let at_least = |v: Option<f64>, t: f64| v.is_some_and(|v| v >= t);
        match rule {
            Rule::Always => Some(Vec::new()),
            Rule::AgeAtLeast { years } => single(p.age.years() >= *years, "/age"),
            Rule::AgeBelow { years } => single(p.age.years() < *years, "/age"),
            Rule::Pregnancy { stages } => single(
                p.pregnancy.is_some_and(|s| stages.contains(&s)),
                "/pregnancy",
            ),
            Rule::HasCondition { condition } => {
                indexed("conditions", positions(&p.conditions, condition))
            }
            Rule::HasSymptom { symptom } => indexed("symptoms", positions(&p.symptoms, symptom)),
            Rule::HasDeficiency { deficiency } => indexed(
                "known_deficiencies",
                positions(&p.known_deficiencies, deficiency),
            ),
            Rule::MuscleCramps { muscle } => {
                indexed("cramps/muscles", positions(&c.muscles, muscle))
            }
            Rule::TakesMedicationClass { class } => {
                self.medicine_hits(|m| m.classes.iter().copied().find(|k| &k.id == class))
            }
            Rule::TakesMedicationWithAssociation { association } => self
                .medicine_hits(|m| Some(m.strongest()).filter(|k| k.association == *association)),
            Rule::MedicinesListed => single(!p.medications.is_empty(), "/medications"),
            Rule::MedicineChangeBeforeCramps => single(
                c.started_after_medicine_change == Some(true),
                "/cramps/started_after_medicine_change",
            ),
            Rule::CrampLongerThan { minutes } => single(
                above(c.typical_duration_minutes, *minutes),
                "/cramps/typical_duration_minutes",
            ),
            Rule::CrampNightsAtLeast { nights } => single(
                c.nights_per_week.is_some_and(|n| n >= *nights),
                "/cramps/nights_per_week",
            ),
            Rule::SleepDisturbed => {
                single(c.disturbs_sleep == Some(true), "/cramps/disturbs_sleep")
            }
            Rule::OneLegOnly => single(c.one_leg_only == Some(true), "/cramps/one_leg_only"),
            Rule::FluidBelow { litres } => single(
                l.fluid_litres_per_day.is_some_and(|v| v < *litres),
                "/lifestyle/fluid_litres_per_day",
            ),
            Rule::FluidRestricted => single(
                l.on_fluid_restriction == Some(true),
                "/lifestyle/on_fluid_restriction",
            ),
            Rule::AlcoholAbove { units_per_week } => single(
                above(l.alcohol_units_per_week, *units_per_week),
                "/lifestyle/alcohol_units_per_week",
            ),
            Rule::CaffeineAbove { drinks_per_day } => single(
                above(l.caffeine_drinks_per_day, *drinks_per_day),
                "/lifestyle/caffeine_drinks_per_day",
            ),
            Rule::Activity { levels } => single(
                l.activity_level.is_some_and(|a| levels.contains(&a)),
                "/lifestyle/activity_level",
            ),
            Rule::RecentUnusualExertion => single(
                l.recent_unusual_exertion == Some(true),
                "/lifestyle/recent_unusual_exertion",
            ),
            Rule::SittingAtLeast { hours } => single(
                at_least(l.sitting_hours_per_day, *hours),
                "/lifestyle/sitting_hours_per_day",
            ),
            Rule::StandingAtLeast { hours } => single(
                at_least(l.standing_hours_per_day, *hours),
                "/lifestyle/standing_hours_per_day",
            ),
            Rule::HeavySweating => {
                single(l.heavy_sweating == Some(true), "/lifestyle/heavy_sweating")
            }
            Rule::VomitingOrDiarrhoea => single(
                l.vomiting_or_diarrhoea == Some(true),
                "/lifestyle/vomiting_or_diarrhoea",
            ),
            Rule::SleepPosition { positions } => single(
                p.sleep.position.is_some_and(|s| positions.contains(&s)),
                "/sleep/position",
            ),
            Rule::TightBedding => {
                single(p.sleep.tight_bedding == Some(true), "/sleep/tight_bedding")
            }
            Rule::CauseFound { cause } => self
                .cause_pointers
                .get(cause.as_str())
                .map(|ps| pointer_hits(ps)),
            Rule::RedFlagRaised { red_flag } => self
                .flag_pointers
                .get(red_flag.as_str())
                .map(|ps| pointer_hits(ps)),
            Rule::TriageAtLeast { level } => (self.triage <= *level).then(Vec::new),
            Rule::AllOf { all } => {
                let mut hits = Vec::new();
                for r in all {
                    hits.extend(self.eval(r)?);
                }
                Some(hits)
            }
            Rule::AnyOf { any } => {
                let matched: Vec<Vec<Hit<'a>>> = any.iter().filter_map(|r| self.eval(r)).collect();
                (!matched.is_empty()).then(|| matched.into_iter().flatten().collect())
            }
            Rule::Not { not } => self.eval(not).is_none().then(Vec::new),
        }
    }

    fn medicine_hits(
        &self,
        pick: impl Fn(&Medicine<'a>) -> Option<&'a MedicationClass>,
    ) -> Option<Vec<Hit<'a>>> {
        let hits: Vec<Hit<'a>> = self
            .medicines
            .iter()
            .filter_map(|m| {
                pick(m).map(|class| Hit {
                    pointer: format!("/medications/{}", m.index),
                    medicine: Some((m.typed, class)),
                })
            })
            .collect();
        (!hits.is_empty()).then_some(hits)
    }
}

fn positions<T: PartialEq>(list: &[T], item: &T) -> Vec<usize> {
    list.iter()
        .enumerate()
        .filter(|(_, x)| *x == item)
        .map(|(i, _)| i)
        .collect()
}

fn pointer_hits<'a>(pointers: &[String]) -> Vec<Hit<'a>> {
    pointers.iter().map(|p| Hit::at(p.clone())).collect()
}

/// Removes repeated pointers, keeping the first occurrence of each.
pub(crate) fn unique_pointers(hits: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    hits.into_iter()
        .filter(|p| !p.is_empty() && seen.insert(p.clone()))
        .collect()
}
