//! [`When`]: a rule from the knowledge files, with a quick test worked out once at load that
//! rules it out for most profiles without evaluating it.
//!
//! Most rules rest on a few listed answers: a condition, a symptom, a medicine class, a "yes"
//! to one question. A profile's [`Facts`] are the set of those answers it gives, as bits of
//! one `u128`; a rule's needs are the set of which at least one must be present for it to hold
//! (an `any_of` needs any of its branches' needs; an `all_of`, those of its most selective
//! branch). When a profile has none of them, the rule cannot hold, and the engine skips it: the
//! same answer as evaluating it (a rule that does not hold cites nothing), for one `and`
//! instead of a walk through the rule. Rules whose truth rests on anything else (ages, amounts,
//! what the engine has found, `not`) need [`ANY`], a bit every profile has, so they are always
//! evaluated. The test only ever says "cannot hold" or "maybe": a property test checks it
//! never rules out a rule that holds.

use serde::Deserialize;

use super::profile::ProfileDraft;
use super::rule::Rule;
use super::vocabulary::{
    ActivityLevel, Deficiency, MedicalCondition, Muscle, PregnancyStage, SleepPosition, Symptom,
};

// Where each kind of answer starts in the bit set.
const PREGNANCY: usize = 0;
const MUSCLE: usize = PREGNANCY + PregnancyStage::ALL.len();
const CONDITION: usize = MUSCLE + Muscle::ALL.len();
const DEFICIENCY: usize = CONDITION + MedicalCondition::ALL.len();
const SYMPTOM: usize = DEFICIENCY + Deficiency::ALL.len();
const ACTIVITY: usize = SYMPTOM + Symptom::ALL.len();
const SLEEP: usize = ACTIVITY + ActivityLevel::ALL.len();
const YES: usize = SLEEP + SleepPosition::ALL.len();
/// Medicine classes share the bits left over, by a cheap hash of their id: two classes may
/// share a bit, which only makes the test say "maybe" more often.
const CLASS: usize = YES + Yes::COUNT;
const CLASS_BITS: usize = ANY_BIT - CLASS;
const ANY_BIT: usize = 127;
const _: () = assert!(CLASS_BITS >= 8, "too few bits left for medicine classes");

/// The bit every profile has: a rule that needs it is always evaluated.
const ANY: u128 = 1 << ANY_BIT;

/// The "yes" answers rules test for.
#[derive(Clone, Copy)]
enum Yes {
    SleepDisturbed,
    OneLegOnly,
    MedicineChange,
    FluidRestricted,
    Exertion,
    Sweating,
    VomitingOrDiarrhoea,
    TightBedding,
    MedicinesListed,
}

impl Yes {
    /// How many there are (the last one's position, plus one).
    const COUNT: usize = Yes::MedicinesListed as usize + 1;
}

const fn bit(at: usize) -> u128 {
    1 << at
}

fn yes(answer: Yes) -> u128 {
    bit(YES + answer as usize)
}

fn class_bit(id: &str) -> u128 {
    let bytes = id.as_bytes();
    let (first, last) = (bytes.first(), bytes.last());
    let mix =
        bytes.len() * 7 + usize::from(*first.unwrap_or(&0)) * 3 + usize::from(*last.unwrap_or(&0));
    bit(CLASS + mix % CLASS_BITS)
}

/// The answers of one profile that rules test for ([`When::may_hold`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts(u128);

impl Facts {
    /// The listed and "yes" answers of `profile` (medicine classes are added by the engine,
    /// which matches the names).
    pub fn of(profile: &ProfileDraft) -> Self {
        let (c, l, s) = (&profile.cramps, &profile.lifestyle, &profile.sleep);
        let mut bits = ANY;
        bits |= profile.pregnancy.map_or(0, |p| bit(PREGNANCY + p as usize));
        bits |= c
            .muscles
            .iter()
            .fold(0, |b, m| b | bit(MUSCLE + *m as usize));
        bits |= profile
            .conditions
            .iter()
            .fold(0, |b, x| b | bit(CONDITION + *x as usize));
        let deficiencies = profile.known_deficiencies.iter();
        bits |= deficiencies.fold(0, |b, d| b | bit(DEFICIENCY + *d as usize));
        bits |= profile
            .symptoms
            .iter()
            .fold(0, |b, x| b | bit(SYMPTOM + *x as usize));
        bits |= l.activity_level.map_or(0, |a| bit(ACTIVITY + a as usize));
        bits |= s.position.map_or(0, |p| bit(SLEEP + p as usize));
        for (answer, given) in [
            (Yes::SleepDisturbed, c.disturbs_sleep),
            (Yes::OneLegOnly, c.one_leg_only),
            (Yes::MedicineChange, c.started_after_medicine_change),
            (Yes::FluidRestricted, l.on_fluid_restriction),
            (Yes::Exertion, l.recent_unusual_exertion),
            (Yes::Sweating, l.heavy_sweating),
            (Yes::VomitingOrDiarrhoea, l.vomiting_or_diarrhoea),
            (Yes::TightBedding, s.tight_bedding),
            (Yes::MedicinesListed, Some(!profile.medications.is_empty())),
        ] {
            if given == Some(true) {
                bits |= yes(answer);
            }
        }
        Self(bits)
    }

    /// Adds a medicine class the profile's medicines belong to (by id).
    pub fn add_class(&mut self, id: &str) {
        self.0 |= class_bit(id);
    }
}

/// What a rule needs: at least one of these bits among a profile's [`Facts`].
fn needs(rule: &Rule) -> u128 {
    let any_of = |bits: &mut dyn Iterator<Item = usize>| bits.fold(0, |b, at| b | bit(at));
    match rule {
        Rule::Pregnancy { stages } => any_of(&mut stages.iter().map(|s| PREGNANCY + *s as usize)),
        Rule::MuscleCramps { muscle } => bit(MUSCLE + *muscle as usize),
        Rule::HasCondition { condition } => bit(CONDITION + *condition as usize),
        Rule::HasDeficiency { deficiency } => bit(DEFICIENCY + *deficiency as usize),
        Rule::HasSymptom { symptom } => bit(SYMPTOM + *symptom as usize),
        Rule::Activity { levels } => any_of(&mut levels.iter().map(|a| ACTIVITY + *a as usize)),
        Rule::SleepPosition { positions } => {
            any_of(&mut positions.iter().map(|p| SLEEP + *p as usize))
        }
        Rule::SleepDisturbed => yes(Yes::SleepDisturbed),
        Rule::OneLegOnly => yes(Yes::OneLegOnly),
        Rule::MedicineChangeBeforeCramps => yes(Yes::MedicineChange),
        Rule::FluidRestricted => yes(Yes::FluidRestricted),
        Rule::RecentUnusualExertion => yes(Yes::Exertion),
        Rule::HeavySweating => yes(Yes::Sweating),
        Rule::VomitingOrDiarrhoea => yes(Yes::VomitingOrDiarrhoea),
        Rule::TightBedding => yes(Yes::TightBedding),
        Rule::MedicinesListed => yes(Yes::MedicinesListed),
        Rule::TakesMedicationClass { class } => class_bit(class),
        // One branch holding is enough, so any branch's needs will do (an empty `any_of`
        // never holds, and needs nothing a profile can have).
        Rule::AnyOf { any } => any.iter().fold(0, |b, r| b | needs(r)),
        // Every branch must hold: the branch needing the fewest answers is the best test.
        Rule::AllOf { all } => all
            .iter()
            .map(needs)
            .filter(|n| n & ANY == 0)
            .min_by_key(|n| n.count_ones())
            .unwrap_or(ANY),
        _ => ANY,
    }
}

/// A rule of the knowledge files and its needs (module docs). It reads as its [`Rule`]
/// (dereferences to it, prints as it), so the data and its checks are as before.
#[derive(Clone, PartialEq, Deserialize)]
#[serde(from = "Rule")]
pub struct When {
    rule: Rule,
    needs: u128,
}

impl When {
    /// False when the rule cannot hold for a profile with these `facts`; true when it may
    /// (evaluate it to know).
    #[inline]
    pub fn may_hold(&self, facts: Facts) -> bool {
        self.needs & facts.0 != 0
    }
}

impl From<Rule> for When {
    fn from(rule: Rule) -> Self {
        Self {
            needs: needs(&rule),
            rule,
        }
    }
}

impl std::ops::Deref for When {
    type Target = Rule;

    fn deref(&self) -> &Rule {
        &self.rule
    }
}

/// As the rule itself: dumps and test failures read as before.
impl std::fmt::Debug for When {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.rule.fmt(f)
    }
}
