//! The smaller sections: medicines to review, differentials, and follow-up questions.

use super::context::Context;
use super::pointer::Pointer;
use super::{List, MAX_MISSING_INPUTS, MedicineReview, RaisedFlag, SuggestedDifferential, Triage};
use crate::domain::{Field, ProfileField, Question, TriageLevel};
use crate::knowledge::KnowledgeBase;

/// Routinely, every recognised medicine gets "ask your prescriber or pharmacist to review it".
/// When a raised red flag implicates one of its classes (a statin with dark urine), the most
/// urgent such flag's advice replaces it: the medicine is part of the warning sign. Under an
/// emergency triage, a less urgent flag's advice gives way to its emergency wording, so that no
/// implicated medicine is sent to a slower route than the triage.
pub(super) fn medication_review<'kb>(
    cx: &Context<'kb>,
    kb: &'kb KnowledgeBase,
    triage: &Triage<'kb>,
    out: &mut List<MedicineReview<'kb>, 4>,
) {
    // Only the few flags that implicate medicine classes at all (six of the knowledge base's
    // red flags) are checked against each medicine; found once, not once per medicine.
    let implicating: List<&RaisedFlag<'kb>, 8> = triage
        .red_flags
        .iter()
        .filter(|raised| !raised.flag.implicates.is_empty())
        .collect();
    out.reserve(cx.medicines.len());
    for m in &cx.medicines {
        // The flags implicating one of its classes, most urgent first, each with the class and
        // what the flag says about it. Walked once, straight into the answer: no list in
        // between (it spilled for a medicine that several flags implicate).
        let mut implicated = implicating.iter().filter_map(|raised| {
            let flag = raised.flag;
            m.classes.iter().find_map(|&class| {
                let i = flag.implicates.iter().find(|i| i.class == class.id)?;
                Some((flag, class, i))
            })
        });
        let mut red_flag_ids = List::new();
        let (class, advice, source_ids) = match implicated.next() {
            Some((flag, class, i)) => {
                red_flag_ids.push(flag.id.as_str());
                red_flag_ids.extend(implicated.map(|(f, _, _)| f.id.as_str()));
                // Beside an emergency, a less urgent flag's advice ("tell a GP today") would
                // point to a slower route than the triage: its emergency wording tells the
                // emergency team instead, with the same label statement.
                let slower = triage.level == TriageLevel::Emergency
                    && TriageLevel::from(flag.urgency) != TriageLevel::Emergency;
                let advice = match &i.emergency_advice {
                    Some(emergency) if slower => emergency,
                    _ => &i.advice,
                };
                (class, advice, i.source_ids.as_slice())
            }
            None => {
                // A class with its own advice (quinine, a yearly infusion, a statin's label
                // statement) uses it instead, even when the name also matched a class with a
                // stronger link to cramps (a statin in a combined tablet).
                let class = m
                    .classes
                    .iter()
                    .copied()
                    .find(|c| c.advice.is_some())
                    .unwrap_or_else(|| m.strongest());
                let advice = class.advice.as_ref().unwrap_or(&kb.meta.medication_advice);
                (class, advice, class.source_ids.as_slice())
            }
        };
        out.push(MedicineReview {
            medicine: m.typed,
            pointer: Pointer::Item(Field::Medications, m.index),
            class,
            advice,
            source_ids,
            red_flag_ids,
        });
    }
}

pub(super) fn differentials<'kb>(
    cx: &Context<'kb>,
    kb: &'kb KnowledgeBase,
    out: &mut List<SuggestedDifferential<'kb>, 2>,
) {
    out.extend(kb.differentials.iter().filter_map(|differential| {
        let pointers = cx.pointers_when(differential.suggest_when.as_ref()?)?;
        Some(SuggestedDifferential {
            differential,
            pointers,
        })
    }));
}

pub(super) fn missing_inputs<'kb>(
    cx: &Context<'kb>,
    kb: &'kb KnowledgeBase,
    out: &mut List<&'kb Question, MAX_MISSING_INPUTS>,
) {
    out.extend(
        kb.questions
            .iter()
            .filter(|q| !answered(cx, q.field))
            .filter(|q| q.ask_when.as_ref().is_none_or(|rule| cx.holds_when(rule)))
            .take(MAX_MISSING_INPUTS),
    );
}

fn answered(cx: &Context<'_>, field: ProfileField) -> bool {
    let p = cx.profile;
    let (c, l) = (&p.cramps, &p.lifestyle);
    match field {
        ProfileField::Pregnancy => p.pregnancy.is_some(),
        ProfileField::NightsPerWeek => c.nights_per_week.is_some(),
        ProfileField::TypicalDuration => c.typical_duration_minutes.is_some(),
        ProfileField::OneLegOnly => c.one_leg_only.is_some(),
        ProfileField::DisturbsSleep => c.disturbs_sleep.is_some(),
        ProfileField::StartedAfterMedicineChange => c.started_after_medicine_change.is_some(),
        ProfileField::Medications => p.answered.medications,
        ProfileField::Conditions => p.answered.conditions,
        ProfileField::Symptoms => p.answered.symptoms,
        ProfileField::FluidLitresPerDay => l.fluid_litres_per_day.is_some(),
        ProfileField::OnFluidRestriction => l.on_fluid_restriction.is_some(),
        ProfileField::AlcoholGramsPerWeek => l.alcohol_grams_per_week.is_some(),
        ProfileField::ActivityLevel => l.activity_level.is_some(),
        ProfileField::SittingHoursPerDay => l.sitting_hours_per_day.is_some(),
        ProfileField::TightBedding => p.sleep.tight_bedding.is_some(),
    }
}
