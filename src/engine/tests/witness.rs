//! Witnesses: the smallest change to a profile that makes a rule hold, so a property can say
//! "for every red flag R, and every profile that raises R" and reach every R in the knowledge
//! base, not only the ones random profiles happen to hit.

use crate::domain::{Profile, Rule};
use crate::knowledge::KnowledgeBase;

/// Changes `p` so that `rule` holds, where the rule language allows it. `choice` picks the
/// branch of each `any_of` and the value of each "one of" rule, so different choices reach
/// different ways a rule can hold. `not` rules and findings are left alone: callers check
/// that the rule then holds before relying on it.
pub(super) fn satisfy(rule: &Rule, p: &mut Profile, kb: &KnowledgeBase, choice: usize) {
    let pick = |n: usize| choice % n.max(1);
    match rule {
        Rule::Always
        | Rule::Not { .. }
        | Rule::CauseFound { .. }
        | Rule::RedFlagRaised { .. }
        | Rule::TriageAtLeast { .. } => {}
        Rule::AgeAtLeast { years } => p.age = p.age.max(i64::from(*years)),
        Rule::AgeBelow { years } => p.age = p.age.min(i64::from(*years) - 1).max(1),
        Rule::Pregnancy { stages } => p.pregnancy = stages.get(pick(stages.len())).copied(),
        Rule::HasCondition { condition } => {
            p.answered.conditions = true;
            add(&mut p.conditions, *condition);
        }
        Rule::HasSymptom { symptom } => {
            p.answered.symptoms = true;
            add(&mut p.symptoms, *symptom);
        }
        Rule::HasDeficiency { deficiency } => add(&mut p.known_deficiencies, *deficiency),
        Rule::MuscleCramps { muscle } => add(&mut p.cramps.muscles, *muscle),
        Rule::TakesMedicationClass { class } => {
            if let Some(c) = kb.medication_class(class) {
                add_medicine(p, &c.generic_names[pick(c.generic_names.len())]);
            }
        }
        Rule::TakesMedicationWithAssociation { association } => {
            let classes: Vec<_> = kb
                .medication_classes
                .iter()
                .filter(|c| c.association == *association)
                .collect();
            if let Some(c) = classes.get(pick(classes.len())) {
                add_medicine(p, &c.generic_names[0]);
            }
        }
        Rule::MedicinesListed => {
            if p.medications.is_empty() {
                add_medicine(p, "paracetamol");
            }
        }
        Rule::MedicineChangeBeforeCramps => p.cramps.started_after_medicine_change = Some(true),
        Rule::CrampLongerThan { minutes } => {
            p.cramps.typical_duration_minutes = Some((minutes + 5.0).min(1440.0));
        }
        Rule::CrampNightsAtLeast { nights } => p.cramps.nights_per_week = Some(i64::from(*nights)),
        Rule::SleepDisturbed => p.cramps.disturbs_sleep = Some(true),
        Rule::OneLegOnly => p.cramps.one_leg_only = Some(true),
        Rule::FluidBelow { litres } => p.lifestyle.fluid_litres_per_day = Some(litres / 2.0),
        Rule::FluidRestricted => p.lifestyle.on_fluid_restriction = Some(true),
        Rule::AlcoholAbove { grams_per_week } => {
            p.lifestyle.alcohol_grams_per_week = Some((grams_per_week + 10.0).min(2400.0));
        }
        Rule::CaffeineAbove { drinks_per_day } => {
            p.lifestyle.caffeine_drinks_per_day = Some((drinks_per_day + 1.0).min(50.0));
        }
        Rule::Activity { levels } => {
            p.lifestyle.activity_level = levels.get(pick(levels.len())).copied()
        }
        Rule::RecentUnusualExertion => p.lifestyle.recent_unusual_exertion = Some(true),
        Rule::SittingAtLeast { hours } => {
            let l = &mut p.lifestyle;
            l.sitting_hours_per_day = Some(*hours);
            l.standing_hours_per_day = l.standing_hours_per_day.map(|s| s.min(24.0 - hours));
        }
        Rule::StandingAtLeast { hours } => {
            let l = &mut p.lifestyle;
            l.standing_hours_per_day = Some(*hours);
            l.sitting_hours_per_day = l.sitting_hours_per_day.map(|s| s.min(24.0 - hours));
        }
        Rule::HeavySweating => p.lifestyle.heavy_sweating = Some(true),
        Rule::VomitingOrDiarrhoea => p.lifestyle.vomiting_or_diarrhoea = Some(true),
        Rule::SleepPosition { positions } => {
            p.sleep.position = positions.get(pick(positions.len())).copied();
        }
        Rule::TightBedding => p.sleep.tight_bedding = Some(true),
        Rule::AllOf { all } => all.iter().for_each(|r| satisfy(r, p, kb, choice)),
        Rule::AnyOf { any } => {
            if let Some(r) = any.get(pick(any.len())) {
                satisfy(r, p, kb, choice / any.len().max(1));
            }
        }
    }
}

fn add<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn add_medicine(p: &mut Profile, name: &str) {
    p.answered.medications = true;
    if !p.medications.iter().any(|m| m == name) {
        p.medications.push(name.to_owned());
    }
}
