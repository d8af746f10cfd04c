//! The closed rule language of the knowledge base. Every entry that depends on the profile
//! (a cause's signals, a red flag's trigger, a remedy's contraindications) is a [`Rule`]
//! deserialised from the data files; the engine matches on it exhaustively, so a new kind of
//! rule does not compile until the engine knows how to evaluate and explain it.

use serde::Deserialize;

use super::grade::{Association, TriageLevel};
use super::vocabulary::{
    ActivityLevel, Deficiency, MedicalCondition, Muscle, PregnancyStage, SleepPosition, Symptom,
};

/// A condition on the profile (or, for remedies, on what the engine has already found).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// Always true.
    Always,
    /// Age is at least `years`.
    AgeAtLeast {
        /// Threshold in years.
        years: u8,
    },
    /// Age is below `years`.
    AgeBelow {
        /// Threshold in years.
        years: u8,
    },
    /// Pregnancy status is one of `stages`.
    Pregnancy {
        /// Matching stages.
        stages: Vec<PregnancyStage>,
    },
    /// The medical condition is listed.
    HasCondition {
        /// The condition.
        condition: MedicalCondition,
    },
    /// The symptom is reported.
    HasSymptom {
        /// The symptom.
        symptom: Symptom,
    },
    /// A clinician-diagnosed deficiency is listed.
    HasDeficiency {
        /// The deficiency.
        deficiency: Deficiency,
    },
    /// A listed medicine belongs to this medication class (by id).
    TakesMedicationClass {
        /// Medication class id.
        class: String,
    },
    /// A listed medicine belongs to a class with exactly this association strength.
    TakesMedicationWithAssociation {
        /// The association strength.
        association: Association,
    },
    /// At least one medicine is listed, recognised or not.
    MedicinesListed,
    /// Cramps started or worsened after a medicine change.
    MedicineChangeBeforeCramps,
    /// A typical cramp lasts longer than `minutes`.
    CrampLongerThan {
        /// Threshold in minutes (exclusive).
        minutes: f64,
    },
    /// Cramps on at least `nights` nights a week.
    CrampNightsAtLeast {
        /// Threshold.
        nights: u8,
    },
    /// Cramps disturb sleep.
    SleepDisturbed,
    /// Cramps are in one leg only.
    OneLegOnly,
    /// This muscle cramps.
    MuscleCramps {
        /// The muscle.
        muscle: Muscle,
    },
    /// Drinks less than `litres` a day.
    FluidBelow {
        /// Threshold in litres (exclusive).
        litres: f64,
    },
    /// On a clinician's fluid restriction.
    FluidRestricted,
    /// Drinks more than `grams_per_week` grams of pure alcohol a week.
    AlcoholAbove {
        /// Threshold in grams (exclusive).
        grams_per_week: f64,
    },
    /// Has more than `drinks_per_day` caffeinated drinks.
    CaffeineAbove {
        /// Threshold (exclusive).
        drinks_per_day: f64,
    },
    /// Activity level is one of `levels`.
    Activity {
        /// Matching levels.
        levels: Vec<ActivityLevel>,
    },
    /// Recent unusually hard or long exercise.
    RecentUnusualExertion,
    /// Sits at least `hours` a day.
    SittingAtLeast {
        /// Threshold in hours.
        hours: f64,
    },
    /// Stands at least `hours` a day.
    StandingAtLeast {
        /// Threshold in hours.
        hours: f64,
    },
    /// Sweats heavily.
    HeavySweating,
    /// Recent vomiting or diarrhoea.
    VomitingOrDiarrhoea,
    /// Usually sleeps in one of `positions`.
    SleepPosition {
        /// Matching positions.
        positions: Vec<SleepPosition>,
    },
    /// Bedding is tucked in tightly.
    TightBedding,
    /// The engine has found this cause (remedy, differential and question rules only).
    CauseFound {
        /// Cause id.
        cause: String,
    },
    /// The engine has raised this red flag (remedy, differential and question rules only).
    RedFlagRaised {
        /// Red-flag id.
        red_flag: String,
    },
    /// The triage level is at least this urgent (remedy and question rules only).
    TriageAtLeast {
        /// The level.
        level: TriageLevel,
    },
    /// Every sub-rule holds.
    AllOf {
        /// The sub-rules.
        all: Vec<Rule>,
    },
    /// At least one sub-rule holds.
    AnyOf {
        /// The sub-rules.
        any: Vec<Rule>,
    },
    /// The sub-rule does not hold.
    Not {
        /// The negated rule.
        not: Box<Rule>,
    },
}

impl Rule {
    /// Visits this rule and every nested rule, depth first.
    pub fn walk<'a>(&'a self, visit: &mut impl FnMut(&'a Rule)) {
        visit(self);
        match self {
            Rule::AllOf { all: rules } | Rule::AnyOf { any: rules } => {
                rules.iter().for_each(|r| r.walk(visit));
            }
            Rule::Not { not } => not.walk(visit),
            _ => {}
        }
    }

    /// True when the rule (or a nested one) depends on the engine's own findings, which only
    /// makes sense after causes and red flags are known.
    pub fn uses_findings(&self) -> bool {
        let mut found = false;
        self.walk(&mut |r| {
            found |= matches!(
                r,
                Rule::CauseFound { .. } | Rule::RedFlagRaised { .. } | Rule::TriageAtLeast { .. }
            );
        });
        found
    }
}
