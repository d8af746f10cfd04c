//! The relief plan: red-flag steps first, then remedy steps by plan section and evidence.

use super::{FoundCause, PlanStep, SuggestedRemedy, Triage, Why};
use crate::domain::{PlanPhase, Repeat, ScheduleWhen, Urgency};

pub(super) fn build<'kb>(
    triage: &Triage<'kb>,
    causes: &[FoundCause<'kb>],
    remedies: &[SuggestedRemedy<'kb>],
) -> Vec<PlanStep<'kb>> {
    let mut steps: Vec<PlanStep<'kb>> = Vec::new();
    for raised in &triage.red_flags {
        let flag = raised.flag;
        let (phase, when) = match flag.urgency {
            Urgency::Emergency | Urgency::Urgent => (PlanPhase::SeekCareNow, ScheduleWhen::Now),
            Urgency::Soon | Urgency::Routine => (PlanPhase::WithClinician, ScheduleWhen::DuringDay),
        };
        steps.push(PlanStep {
            order: 0,
            phase,
            action: &flag.action,
            remedy_id: None,
            why: Why {
                text: flag.possible_cause.clone(),
                cause_ids: Vec::new(),
                red_flag_ids: vec![flag.id.as_str()],
            },
            when,
            repeat: Repeat::Once,
            duration_seconds: None,
            repetitions: None,
        });
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
