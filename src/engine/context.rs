//! Evaluating rules against one profile. A rule that holds yields the pointers of the answers
//! that made it hold, so every conclusion can say "because of the third symptom". Hits are
//! pushed into a caller's buffer instead of fresh vectors: evaluation allocates nothing.

use std::cell::RefCell;
use std::ops::Range;

use super::medicines::{Medicine, match_all};
use super::pointer::{Pointer, Seen};
use super::{List, Pointers};
use crate::domain::{Facts, Field, MedicationClass, Profile, Rule, TriageLevel, When};
use crate::knowledge::KnowledgeBase;

/// The hits of one rule, on the stack (a rule rarely rests on more than a few answers).
pub(crate) type Hits<'a> = List<Hit<'a>, 16>;

/// Why a rule held: the answer it points at, and for medicine rules the medicine and class.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit<'a> {
    /// The answer it rests on.
    pub pointer: Pointer,
    /// For medicine rules: the typed name and the class that matched.
    pub medicine: Option<(&'a str, &'a MedicationClass)>,
}

impl Hit<'_> {
    fn at(pointer: Pointer) -> Self {
        Self {
            pointer,
            medicine: None,
        }
    }
}

/// What the engine knows while it evaluates rules: the profile, and (once found) the causes,
/// red flags and triage level that remedy and question rules may depend on.
pub(crate) struct Context<'a> {
    pub profile: &'a Profile,
    pub medicines: List<Medicine<'a>, 4>,
    /// The answers rules test for, medicine classes included: most rules of the knowledge
    /// base are ruled out by them without being evaluated ([`When::may_hold`]).
    facts: Facts,
    /// Raised red flags and found causes: (id, their pointers in `found_pointers`).
    found: List<(Finding, &'a str, Range<usize>), 12>,
    /// The pointers of every finding, one after another.
    found_pointers: List<Pointer, 24>,
    pub triage: TriageLevel,
    scratch: RefCell<Hits<'a>>,
}

/// What a recorded finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Finding {
    /// A raised red flag.
    RedFlag,
    /// A found cause.
    Cause,
}

impl<'a> Context<'a> {
    /// Matches the profile's medicines against the knowledge base.
    pub(super) fn new(profile: &'a Profile, kb: &'a KnowledgeBase) -> (Self, List<&'a str, 2>) {
        let (medicines, unrecognised) = match_all(profile, kb);
        let mut facts = Facts::of(profile);
        for class in medicines.iter().flat_map(|m| m.classes.iter()) {
            facts.add_class(&class.id);
        }
        let context = Self {
            profile,
            medicines,
            facts,
            found: List::new(),
            found_pointers: List::new(),
            triage: TriageLevel::SelfCare,
            scratch: RefCell::new(Hits::new()),
        };
        (context, unrecognised)
    }

    /// As [`Self::record`], keeping each pointer once and leaving out the whole profile
    /// ([`Pointer::Root`]), as [`Self::pointers`] does.
    pub(crate) fn record_unique(
        &mut self,
        finding: Finding,
        id: &'a str,
        pointers: impl IntoIterator<Item = Pointer>,
    ) {
        let start = self.found_pointers.len();
        let mut seen = Seen::default();
        for pointer in pointers {
            if seen.is_new(&self.found_pointers[start..], pointer) {
                self.found_pointers.push(pointer);
            }
        }
        let end = self.found_pointers.len();
        self.found.push((finding, id, start..end));
    }

    /// Makes room for `findings` more findings citing `pointers` more pointers in all (each
    /// list then allocates at most once when the full profile raises most findings).
    pub(crate) fn reserve(&mut self, findings: usize, pointers: usize) {
        self.found.reserve(findings);
        self.found_pointers.reserve(pointers);
    }

    /// Records a raised red flag or a found cause, for the rules that depend on them.
    pub(crate) fn record(
        &mut self,
        finding: Finding,
        id: &'a str,
        pointers: impl IntoIterator<Item = Pointer>,
    ) {
        let start = self.found_pointers.len();
        self.found_pointers.extend(pointers);
        let end = self.found_pointers.len();
        self.found.push((finding, id, start..end));
    }

    /// Whether the rule holds, ignoring where from.
    pub(super) fn holds(&self, rule: &Rule) -> bool {
        let mut scratch = self.scratch.borrow_mut();
        scratch.clear();
        self.eval::<false>(rule, &mut scratch)
    }

    /// The unique pointers that make the rule hold, or `None` when it does not.
    pub(super) fn pointers(&self, rule: &Rule) -> Option<Pointers> {
        let mut scratch = self.scratch.borrow_mut();
        scratch.clear();
        if !self.eval::<true>(rule, &mut scratch) {
            return None;
        }
        // The unique hits are moved to the front of the scratch list first, so the answer's
        // list is sized once (a rule citing 45 medicines allocated and regrew it four times).
        let mut seen = Seen::default();
        let mut kept = 0;
        for i in 0..scratch.len() {
            let hit = scratch[i];
            let pointer = hit.pointer;
            if seen.is_new_by(pointer, || {
                scratch[..kept].iter().any(|h| h.pointer == pointer)
            }) {
                scratch[kept] = hit;
                kept += 1;
            }
        }
        let mut pointers = Pointers::with_capacity(kept);
        pointers.extend(scratch[..kept].iter().map(|h| h.pointer));
        Some(pointers)
    }

    /// As [`Self::holds`], for a rule of the knowledge base: one that cannot hold for these
    /// answers is not evaluated.
    pub(super) fn holds_when(&self, when: &When) -> bool {
        when.may_hold(self.facts) && self.holds(when)
    }

    /// As [`Self::pointers`], for a rule of the knowledge base.
    pub(super) fn pointers_when(&self, when: &When) -> Option<Pointers> {
        if !when.may_hold(self.facts) {
            return None;
        }
        self.pointers(when)
    }

    /// As [`Self::eval`], for a rule of the knowledge base.
    pub(super) fn eval_when<const CITE: bool>(&self, when: &When, out: &mut Hits<'a>) -> bool {
        when.may_hold(self.facts) && self.eval::<CITE>(when, out)
    }

    /// Evaluates `rule`, pushing the hits that make it hold onto `out` when `CITE`. On `false`,
    /// `out` is left as it was. Without `CITE` nothing is pushed and `AnyOf` stops at its first
    /// branch that holds: the same answer, for callers that only ask whether a rule holds.
    pub(super) fn eval<const CITE: bool>(&self, rule: &Rule, out: &mut Hits<'a>) -> bool {
        let p = self.profile;
        let c = &p.cramps;
        let l = &p.lifestyle;
        let mut single = |holds: bool, field: Field| {
            if CITE && holds {
                out.push(Hit::at(Pointer::Field(field)));
            }
            holds
        };
        let above = |v: Option<f64>, t: f64| v.is_some_and(|v| v > t);
        let at_least = |v: Option<f64>, t: f64| v.is_some_and(|v| v >= t);
        match rule {
            Rule::Always => true,
            Rule::AgeAtLeast { years } => single(p.age().years() >= *years, Field::Age),
            Rule::AgeBelow { years } => single(p.age().years() < *years, Field::Age),
            Rule::Pregnancy { stages } => single(
                p.pregnancy.is_some_and(|s| stages.contains(&s)),
                Field::Pregnancy,
            ),
            Rule::HasCondition { condition } => {
                items::<CITE, _>(out, Field::Conditions, &p.conditions, condition)
            }
            Rule::HasSymptom { symptom } => {
                items::<CITE, _>(out, Field::Symptoms, &p.symptoms, symptom)
            }
            Rule::HasDeficiency { deficiency } => items::<CITE, _>(
                out,
                Field::KnownDeficiencies,
                &p.known_deficiencies,
                deficiency,
            ),
            Rule::MuscleCramps { muscle } => {
                items::<CITE, _>(out, Field::Muscles, &c.muscles, muscle)
            }
            Rule::TakesMedicationClass { class } => self
                .medicine_hits::<CITE>(out, |m| m.classes.iter().copied().find(|k| &k.id == class)),
            Rule::TakesMedicationWithAssociation { association } => self
                .medicine_hits::<CITE>(out, |m| {
                    Some(m.strongest()).filter(|k| k.association == *association)
                }),
            Rule::MedicinesListed => single(!p.medications.is_empty(), Field::Medications),
            Rule::MedicineChangeBeforeCramps => single(
                c.started_after_medicine_change == Some(true),
                Field::StartedAfterMedicineChange,
            ),
            Rule::CrampLongerThan { minutes } => single(
                above(c.typical_duration_minutes, *minutes),
                Field::TypicalDurationMinutes,
            ),
            Rule::CrampNightsAtLeast { nights } => single(
                c.nights_per_week.is_some_and(|n| n >= i64::from(*nights)),
                Field::NightsPerWeek,
            ),
            Rule::SleepDisturbed => single(c.disturbs_sleep == Some(true), Field::DisturbsSleep),
            Rule::OneLegOnly => single(c.one_leg_only == Some(true), Field::OneLegOnly),
            Rule::FluidBelow { litres } => single(
                l.fluid_litres_per_day.is_some_and(|v| v < *litres),
                Field::FluidLitresPerDay,
            ),
            Rule::FluidRestricted => single(
                l.on_fluid_restriction == Some(true),
                Field::OnFluidRestriction,
            ),
            Rule::AlcoholAbove { grams_per_week } => single(
                above(l.alcohol_grams_per_week, *grams_per_week),
                Field::AlcoholGramsPerWeek,
            ),
            Rule::CaffeineAbove { drinks_per_day } => single(
                above(l.caffeine_drinks_per_day, *drinks_per_day),
                Field::CaffeineDrinksPerDay,
            ),
            Rule::Activity { levels } => single(
                l.activity_level.is_some_and(|a| levels.contains(&a)),
                Field::ActivityLevel,
            ),
            Rule::RecentUnusualExertion => single(
                l.recent_unusual_exertion == Some(true),
                Field::RecentUnusualExertion,
            ),
            Rule::SittingAtLeast { hours } => single(
                at_least(l.sitting_hours_per_day, *hours),
                Field::SittingHoursPerDay,
            ),
            Rule::StandingAtLeast { hours } => single(
                at_least(l.standing_hours_per_day, *hours),
                Field::StandingHoursPerDay,
            ),
            Rule::HeavySweating => single(l.heavy_sweating == Some(true), Field::HeavySweating),
            Rule::VomitingOrDiarrhoea => single(
                l.vomiting_or_diarrhoea == Some(true),
                Field::VomitingOrDiarrhoea,
            ),
            Rule::SleepPosition { positions } => single(
                p.sleep.position.is_some_and(|s| positions.contains(&s)),
                Field::SleepPosition,
            ),
            Rule::TightBedding => single(p.sleep.tight_bedding == Some(true), Field::TightBedding),
            Rule::CauseFound { cause } => self.found::<CITE>(out, Finding::Cause, cause),
            Rule::RedFlagRaised { red_flag } => self.found::<CITE>(out, Finding::RedFlag, red_flag),
            Rule::TriageAtLeast { level } => self.triage <= *level,
            Rule::AllOf { all } => {
                let start = out.len();
                let holds = all.iter().all(|r| self.eval::<CITE>(r, out));
                if !holds {
                    out.truncate(start);
                }
                holds
            }
            // Every branch is evaluated (no short-circuit) so all supporting answers are cited.
            Rule::AnyOf { any } if CITE => any
                .iter()
                .fold(false, |held, r| self.eval::<true>(r, out) | held),
            Rule::AnyOf { any } => any.iter().any(|r| self.eval::<false>(r, out)),
            // What makes a negated rule hold is never cited.
            Rule::Not { not } => !self.eval::<false>(not, out),
        }
    }

    fn found<const CITE: bool>(&self, out: &mut Hits<'a>, finding: Finding, id: &str) -> bool {
        match self
            .found
            .iter()
            .find(|(f, found, _)| *f == finding && *found == id)
        {
            Some((_, _, span)) => {
                if !CITE {
                    return true;
                }
                out.extend(
                    self.found_pointers[span.clone()]
                        .iter()
                        .map(|p| Hit::at(*p)),
                );
                true
            }
            None => false,
        }
    }

    fn medicine_hits<const CITE: bool>(
        &self,
        out: &mut Hits<'a>,
        pick: impl Fn(&Medicine<'a>) -> Option<&'a MedicationClass>,
    ) -> bool {
        if !CITE {
            return self.medicines.iter().any(|m| pick(m).is_some());
        }
        let start = out.len();
        for m in &self.medicines {
            if let Some(class) = pick(m) {
                out.push(Hit {
                    pointer: Pointer::Item(Field::Medications, m.index),
                    medicine: Some((m.typed, class)),
                });
            }
        }
        out.len() > start
    }
}

fn items<const CITE: bool, T: PartialEq>(
    out: &mut Hits<'_>,
    list: Field,
    items: &[T],
    item: &T,
) -> bool {
    if !CITE {
        return items.contains(item);
    }
    let start = out.len();
    for (i, _) in items.iter().enumerate().filter(|(_, x)| *x == item) {
        out.push(Hit::at(Pointer::Item(list, i)));
    }
    out.len() > start
}
