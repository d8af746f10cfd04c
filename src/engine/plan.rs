//! The relief plan: red-flag steps first, then remedy steps by plan section and evidence.

use super::{FoundCause, PlanStep, SuggestedRemedy, Triage, Why};
use crate::domain::{PlanPhase, RedFlag, Repeat, ScheduleWhen, Urgency};

/// A step answering one or more red flags.
fn red_flag_step<'kb>(
    phase: PlanPhase,
    when: ScheduleWhen,
    action: &'kb str,
    flags: Vec<&'kb RedFlag>,
) -> PlanStep<'kb> {
    let text = flags
        .iter()
        .map(|f| f.possible_cause.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    PlanStep {
        order: 0,
        phase,
        action,
        remedy_id: None,
        why: Why {
            text,
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
    let (now, later): (Vec<_>, Vec<_>) = triage
        .red_flags
        .iter()
        .partition(|r| matches!(r.flag.urgency, Urgency::Emergency | Urgency::Urgent));
    if let Some(top) = now.first() {
        steps.push(red_flag_step(
            PlanPhase::SeekCareNow,
            ScheduleWhen::Now,
            &top.flag.action,
            now.iter().map(|r| r.flag).collect(),
        ));
    }
    for raised in later {
        steps.push(red_flag_step(
            PlanPhase::WithClinician,
            ScheduleWhen::DuringDay,
            &raised.flag.action,
            vec![raised.flag],
        ));
    }

    let mut remedy_steps: Vec<(&SuggestedRemedy<'kb>, PlanStep<'kb>)> = remedies
        .iter()
        .filter_map(|s| {
            let template = s.remedy.plan.as_ref()?;
            let cause_ids: Vec<&str> = causes
                .iter()
                .map(|f| f.cause.id.as_str())
                .filter(|id| s.remedy.addresses.iter().any(|a| a == id))
                .collect();
            let titles: Vec<&str> = causes
                .iter()
                .filter(|f| cause_ids.contains(&f.cause.id.as_str()))
                .map(|f| f.cause.title.as_str())
                .collect();
            let text = if titles.is_empty() {
                format!(
                    "{} Evidence: {}.",
                    s.remedy.summary,
                    s.remedy.evidence.as_str().replace('_', " ")
                )
            } else {
                format!(
                    "{} Addresses: {}. Evidence: {}.",
                    s.remedy.summary,
                    titles.join(", "),
                    s.remedy.evidence.as_str().replace('_', " ")
                )
            };
            Some((
                s,
                PlanStep {
                    order: 0,
                    phase: template.phase,
                    action: &template.action,
                    remedy_id: Some(s.remedy.id.as_str()),
                    why: Why {
                        text,
                        cause_ids,
                        red_flag_ids: Vec::new(),
                    },
                    when: template.when,
                    repeat: template.repeat,
                    duration_seconds: template.duration_seconds,
                    repetitions: template.repetitions,
                },
            ))
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
