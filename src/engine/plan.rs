//! The relief plan: red-flag steps first, then remedy steps by plan section and evidence.

use super::{FoundCause, PlanStep, SuggestedRemedy, Triage, Why};
use crate::domain::{PlanPhase, RedFlag, Repeat, ScheduleWhen, TriageLevel, Urgency};

/// A step answering one or more red flags.
fn red_flag_step<'kb>(
    phase: PlanPhase,
    when: ScheduleWhen,
    flags: &[&'kb RedFlag],
) -> PlanStep<'kb> {
    PlanStep {
        order: 0,
        phase,
        action: &flags[0].action,
        remedy_id: None,
        why: Why {
            sentences: flags.iter().map(|f| f.possible_cause.as_str()).collect(),
            addresses: Vec::new(),
            cause_ids: Vec::new(),
            red_flag_ids: flags.iter().map(|f| f.id.as_str()).collect(),
        },
        when,
        repeat: Repeat::Once,
        duration_seconds: None,
        repetitions: None,
    }
}

pub(super) fn build<'kb>(
    triage: &Triage<'kb>,
    causes: &[FoundCause<'kb>],
    remedies: &[SuggestedRemedy<'kb>],
) -> Vec<PlanStep<'kb>> {
    let mut steps: Vec<PlanStep<'kb>> = Vec::new();
    // Emergency and urgent flags share one "seek care now" step: the most urgent flag's action
    // (the flags are sorted most urgent first), with every such flag named in `why`. Several
    // "contact a doctor today" steps in a row would bury the one thing to do.
    let (now, later): (Vec<&RedFlag>, Vec<&RedFlag>) = triage
        .red_flags
        .iter()
        .map(|r| r.flag)
        .partition(|f| matches!(f.urgency, Urgency::Emergency | Urgency::Urgent));
    if !now.is_empty() {
        steps.push(red_flag_step(
            PlanPhase::SeekCareNow,
            ScheduleWhen::Now,
            &now,
        ));
    }
    // While someone waits for emergency help, a "see a GP within days" step is for later.
    let later = later
        .into_iter()
        .filter(|_| triage.level != TriageLevel::Emergency);
    for flag in later {
        steps.push(red_flag_step(
            PlanPhase::WithClinician,
            ScheduleWhen::DuringDay,
            &[flag],
        ));
    }

    let mut remedy_steps: Vec<(&SuggestedRemedy<'kb>, PlanStep<'kb>)> = remedies
        .iter()
        .filter_map(|s| {
            let template = s.remedy.plan.as_ref()?;
            let addressed: Vec<&FoundCause<'kb>> = causes
                .iter()
                .filter(|f| s.remedy.addresses.contains(&f.cause.id))
                .collect();
            // While someone waits for emergency help, only what can be done for a cramp there
            // and then belongs in the plan; habits and appointments come later.
            if triage.level == TriageLevel::Emergency && template.phase != PlanPhase::DuringCramp {
                return None;
            }
            // The evidence grade is on the remedy itself; the plan says what the step is for,
            // and corrects a popular belief where the person meets it.
            let mut sentences = vec![s.remedy.summary.as_str()];
            sentences.extend(s.remedy.evidence_correction.as_deref());
            let why = Why {
                sentences,
                addresses: addressed.iter().map(|f| f.cause.title.as_str()).collect(),
                cause_ids: addressed.iter().map(|f| f.cause.id.as_str()).collect(),
                red_flag_ids: Vec::new(),
            };
            let step = PlanStep {
                order: 0,
                phase: template.phase,
                action: &template.action,
                remedy_id: Some(s.remedy.id.as_str()),
                why,
                when: template.when,
                repeat: template.repeat,
                duration_seconds: template.duration_seconds,
                repetitions: template.repetitions,
            };
            Some((s, step))
        })
        .collect();
    // Within a section: strongest evidence first; the remedies are already in a stable order.
    remedy_steps.sort_by(|(a, sa), (b, sb)| {
        sa.phase
            .cmp(&sb.phase)
            .then(b.remedy.evidence.cmp(&a.remedy.evidence))
    });
    steps.extend(remedy_steps.into_iter().map(|(_, step)| step));

    // Stable sort by section keeps red-flag steps ahead of remedy steps within a section.
    steps.sort_by_key(|s| s.phase);
    for (i, step) in steps.iter_mut().enumerate() {
        step.order = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    steps
}
