//! The relief plan: red-flag steps first, then remedy steps by plan section and evidence.
//!
//! The order is worked out on small `Copy` descriptions of the steps; each step is then built
//! once, in place at the end of the plan, instead of being built and moved around by the sorts.

use super::{FoundCause, List, PlanStep, SuggestedRemedy, Triage, Why};
use crate::domain::{
    EvidenceLevel, PlanPhase, PlanTemplate, RedFlag, Repeat, ScheduleWhen, TriageLevel, Urgency,
};

/// A step before it is built: what it comes from, and what orders it.
#[derive(Clone, Copy)]
enum Source<'r, 'kb> {
    /// The one "seek care now" step for every emergency and urgent flag.
    SeekCareNow,
    /// A "see a clinician" step for one less urgent flag.
    Flag(&'kb RedFlag),
    /// A remedy's step.
    Remedy(&'r SuggestedRemedy<'kb>, &'kb PlanTemplate),
}

impl Source<'_, '_> {
    fn phase(self) -> PlanPhase {
        match self {
            Self::SeekCareNow => PlanPhase::SeekCareNow,
            Self::Flag(_) => PlanPhase::WithClinician,
            Self::Remedy(_, template) => template.phase,
        }
    }
}

fn is_now(flag: &RedFlag) -> bool {
    matches!(flag.urgency, Urgency::Emergency | Urgency::Urgent)
}

/// Appends a step answering one or more red flags (none when `flags` is empty).
fn push_red_flag_step<'kb>(
    steps: &mut List<PlanStep<'kb>, 12>,
    phase: PlanPhase,
    when: ScheduleWhen,
    flags: impl Iterator<Item = &'kb RedFlag> + Clone,
) {
    let Some(first) = flags.clone().next() else {
        return;
    };
    let order = position(steps);
    steps.push_with(|| PlanStep {
        order,
        phase,
        action: &first.action,
        remedy_id: None,
        why: Why {
            sentences: flags.clone().map(|f| f.possible_cause.as_str()).collect(),
            addresses: List::new(),
            cause_ids: List::new(),
            red_flag_ids: flags.map(|f| f.id.as_str()).collect(),
        },
        when,
        repeat: Repeat::Once,
        duration_seconds: None,
        repetitions: None,
    });
}

/// The order of the next step of the plan, from 1.
fn position(steps: &[PlanStep<'_>]) -> u32 {
    u32::try_from(steps.len() + 1).unwrap_or(u32::MAX)
}

/// Appends a remedy's step.
fn push_remedy_step<'kb>(
    steps: &mut List<PlanStep<'kb>, 12>,
    s: &SuggestedRemedy<'kb>,
    template: &'kb PlanTemplate,
    causes: &[FoundCause<'kb>],
) {
    let order = position(steps);
    steps.push_with(|| {
        // The causes it addresses, found once for both lists (ids are compared as strings).
        let mut addresses = List::new();
        let mut cause_ids = List::new();
        for f in causes
            .iter()
            .filter(|f| s.remedy.addresses.contains(&f.cause.id))
        {
            addresses.push(f.cause.title.as_str());
            cause_ids.push(f.cause.id.as_str());
        }
        // The evidence grade is on the remedy itself; the plan says what the step is for,
        // and corrects a popular belief where the person meets it.
        let mut sentences = List::new();
        sentences.push(s.remedy.summary.as_str());
        sentences.extend(s.remedy.evidence_correction.as_deref());
        PlanStep {
            order,
            phase: template.phase,
            action: &template.action,
            remedy_id: Some(s.remedy.id.as_str()),
            why: Why {
                sentences,
                addresses,
                cause_ids,
                red_flag_ids: List::new(),
            },
            when: template.when,
            repeat: template.repeat,
            duration_seconds: template.duration_seconds,
            repetitions: template.repetitions,
        }
    });
}

/// Writes the plan into `steps` (the assessment's own list, so no step is moved once built).
pub(super) fn build<'kb>(
    triage: &Triage<'kb>,
    causes: &[FoundCause<'kb>],
    remedies: &[SuggestedRemedy<'kb>],
    steps: &mut List<PlanStep<'kb>, 12>,
) {
    let flags = || triage.red_flags.iter().map(|r| r.flag);
    let mut order: List<Source<'_, 'kb>, 16> = List::new();
    // Emergency and urgent flags share one "seek care now" step: the most urgent flag's action
    // (the flags are sorted most urgent first), with every such flag named in `why`. Several
    // "contact a doctor today" steps in a row would bury the one thing to do.
    if flags().any(is_now) {
        order.push(Source::SeekCareNow);
    }
    // While someone waits for emergency help, a "see a GP within days" step is for later.
    if triage.level != TriageLevel::Emergency {
        order.extend(flags().filter(|f| !is_now(f)).map(Source::Flag));
    }
    let first_remedy = order.len();
    order.extend(remedies.iter().filter_map(|s| {
        let template = s.remedy.plan.as_ref()?;
        // While someone waits for emergency help, only what can be done for a cramp there
        // and then belongs in the plan; habits and appointments come later.
        let emergency = triage.level == TriageLevel::Emergency;
        (!emergency || template.phase == PlanPhase::DuringCramp)
            .then_some(Source::Remedy(s, template))
    }));
    // Within a section: strongest evidence first; the remedies are already in a stable order.
    let evidence = |s: &Source<'_, '_>| match s {
        Source::Remedy(r, _) => r.remedy.evidence,
        _ => EvidenceLevel::NotRecommended,
    };
    order[first_remedy..].sort_by(|a, b| {
        a.phase()
            .cmp(&b.phase())
            .then(evidence(b).cmp(&evidence(a)))
    });
    // Stable sort by section keeps red-flag steps ahead of remedy steps within a section.
    order.sort_by_key(|s| s.phase());

    for source in order {
        match source {
            Source::SeekCareNow => push_red_flag_step(
                steps,
                PlanPhase::SeekCareNow,
                ScheduleWhen::Now,
                flags().filter(|f| is_now(f)),
            ),
            Source::Flag(flag) => push_red_flag_step(
                steps,
                PlanPhase::WithClinician,
                ScheduleWhen::DuringDay,
                std::iter::once(flag),
            ),
            Source::Remedy(s, template) => push_remedy_step(steps, s, template, causes),
        }
    }
}
