//! The assessment response, its three focused views, and their conversion from the engine's
//! output (borrowing: the texts live in the knowledge base, nothing is copied).

use serde::Serialize;
use utoipa::ToSchema;

use super::assessment::{
    InputInconsistency, KnowledgeStamp, MedicineToReview, MissingInput, RedFlagHit, ReliefPlan,
    Schedule, WireFoundCause, WirePlanStep, WireReason, WireSuggestedDifferential,
    WireSuggestedRemedy, WireTriage, WireWhy, WireWithheldRemedy,
};
use crate::domain::Text;
use crate::engine;
use crate::knowledge::KnowledgeBase;

/// The full assessment of one profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentResponse<'a> {
    /// Triage level and red flags. Always read this first.
    pub triage: WireTriage<'a>,
    /// Likely contributing causes, most likely first.
    pub causes: Vec<WireFoundCause<'a>>,
    /// Remedies suited to this person, by phase then evidence.
    pub remedies: Vec<WireSuggestedRemedy<'a>>,
    /// Remedies left out because of this profile, with why.
    pub withheld_remedies: Vec<WireWithheldRemedy<'a>>,
    /// The prioritised relief plan.
    pub relief_plan: ReliefPlan<'a>,
    /// Recognised medicines to review with the prescriber or pharmacist.
    pub medication_review: Vec<MedicineToReview<'a>>,
    /// Medicine names that matched no known class (trimmed, as typed).
    #[schema(example = json!(["Mystery Tonic"]))]
    pub unrecognised_medications: &'a [String],
    /// Conditions that can be mistaken for cramps and fit some answers.
    pub differentials: Vec<WireSuggestedDifferential<'a>>,
    /// Unanswered questions that would most change this assessment (at most 5).
    pub missing_inputs: Vec<MissingInput<'a>>,
    /// Answers that are each valid but contradict one another: set aside (not used) and
    /// listed here. Absent when there are none, as for almost every profile.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(max_items = 10)]
    pub inconsistencies: Vec<InputInconsistency>,
    /// The knowledge set that produced this answer.
    pub knowledge: KnowledgeStamp<'a>,
    /// Not a diagnosis.
    #[schema(value_type = String)]
    pub disclaimer: &'a Text,
}

/// The causes view: triage, causes and medicines, for a "why do I get cramps?" screen.
#[derive(Debug, Serialize, ToSchema)]
pub struct CausesView<'a> {
    /// Triage level and red flags (never hidden).
    pub triage: WireTriage<'a>,
    /// Likely contributing causes, most likely first.
    pub causes: Vec<WireFoundCause<'a>>,
    /// Recognised medicines to review with the prescriber or pharmacist.
    pub medication_review: Vec<MedicineToReview<'a>>,
    /// Medicine names that matched no known class.
    pub unrecognised_medications: &'a [String],
    /// Answers that are each valid but contradict one another: set aside (not used) and
    /// listed here. Absent when there are none, as for almost every profile.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(max_items = 10)]
    pub inconsistencies: Vec<InputInconsistency>,
    /// The knowledge set that produced this answer.
    pub knowledge: KnowledgeStamp<'a>,
    /// Not a diagnosis.
    #[schema(value_type = String)]
    pub disclaimer: &'a Text,
}

/// The remedies view: triage, suitable and withheld remedies.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemediesView<'a> {
    /// Triage level and red flags (never hidden).
    pub triage: WireTriage<'a>,
    /// Remedies suited to this person.
    pub remedies: Vec<WireSuggestedRemedy<'a>>,
    /// Remedies left out because of this profile, with why.
    pub withheld_remedies: Vec<WireWithheldRemedy<'a>>,
    /// Answers that are each valid but contradict one another: set aside (not used) and
    /// listed here. Absent when there are none, as for almost every profile.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(max_items = 10)]
    pub inconsistencies: Vec<InputInconsistency>,
    /// The knowledge set that produced this answer.
    pub knowledge: KnowledgeStamp<'a>,
    /// Not a diagnosis.
    #[schema(value_type = String)]
    pub disclaimer: &'a Text,
}

/// The relief-plan view: triage and the ordered plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReliefPlanView<'a> {
    /// Triage level and red flags (never hidden).
    pub triage: WireTriage<'a>,
    /// The prioritised relief plan.
    pub relief_plan: ReliefPlan<'a>,
    /// Answers that are each valid but contradict one another: set aside (not used) and
    /// listed here. Absent when there are none, as for almost every profile.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(max_items = 10)]
    pub inconsistencies: Vec<InputInconsistency>,
    /// The knowledge set that produced this answer.
    pub knowledge: KnowledgeStamp<'a>,
    /// Not a diagnosis.
    #[schema(value_type = String)]
    pub disclaimer: &'a Text,
}

impl<'a> WireTriage<'a> {
    fn new(t: &'a engine::Triage<'_>) -> Self {
        Self {
            level: t.level,
            headline: t.headline,
            red_flags: t
                .red_flags
                .iter()
                .map(|r| RedFlagHit {
                    id: &r.flag.id,
                    urgency: r.flag.urgency,
                    title: &r.flag.title,
                    action: &r.flag.action,
                    pointers: &r.pointers,
                    source_ids: &r.flag.source_ids,
                })
                .collect(),
        }
    }
}

fn causes<'a>(a: &'a engine::Assessment<'_>) -> Vec<WireFoundCause<'a>> {
    a.causes
        .iter()
        .map(|f| WireFoundCause {
            id: &f.cause.id,
            title: &f.cause.title,
            likelihood: f.likelihood,
            score: f.score,
            association: f.cause.association,
            modifiable: f.cause.modifiable,
            because: f
                .because
                .iter()
                .map(|r| WireReason {
                    pointer: r.pointer,
                    fact: r.fact,
                })
                .collect(),
            source_ids: &f.cause.source_ids,
        })
        .collect()
}

fn remedies<'a>(
    a: &'a engine::Assessment<'_>,
) -> (Vec<WireSuggestedRemedy<'a>>, Vec<WireWithheldRemedy<'a>>) {
    let suggested = a
        .remedies
        .iter()
        .map(|s| WireSuggestedRemedy {
            id: &s.remedy.id,
            title: &s.remedy.title,
            phase: s.remedy.phase,
            evidence: s.remedy.evidence,
            how_to: &s.remedy.how_to,
            cautions: &s.cautions,
            evidence_correction: s.remedy.evidence_correction.as_ref(),
            addresses: &s.remedy.addresses,
            source_ids: &s.remedy.source_ids,
        })
        .collect();
    let withheld = a
        .withheld_remedies
        .iter()
        .map(|w| WireWithheldRemedy {
            id: &w.remedy.id,
            title: &w.remedy.title,
            reason: w.reason,
            pointers: &w.pointers,
            red_flag_id: w.red_flag_id,
        })
        .collect();
    (suggested, withheld)
}

fn plan<'a>(a: &'a engine::Assessment<'_>, kb: &'a KnowledgeBase) -> ReliefPlan<'a> {
    ReliefPlan {
        steps: a.relief_plan.iter().map(|s| plan_step(s, kb)).collect(),
    }
}

/// One plan step on the wire (also the follow-up's next step).
pub(crate) fn plan_step<'a>(
    s: &'a engine::PlanStep<'_>,
    kb: &'a KnowledgeBase,
) -> WirePlanStep<'a> {
    WirePlanStep {
        order: s.order,
        phase: s.phase,
        action: s.action,
        remedy_id: s.remedy_id,
        why: WireWhy {
            text: s.why.display(&kb.meta.addresses_label),
            cause_ids: &s.why.cause_ids,
            red_flag_ids: &s.why.red_flag_ids,
        },
        schedule: Schedule {
            when: s.when,
            repeat: s.repeat,
            duration_seconds: s.duration_seconds,
            repetitions: s.repetitions,
        },
    }
}

fn medication_review<'a>(a: &'a engine::Assessment<'_>) -> Vec<MedicineToReview<'a>> {
    a.medication_review
        .iter()
        .map(|m| MedicineToReview {
            medicine: m.medicine,
            pointer: m.pointer,
            class_id: &m.class.id,
            class_title: &m.class.title,
            association: m.class.association,
            advice: m.advice,
            red_flag_ids: &m.red_flag_ids,
            source_ids: m.source_ids,
        })
        .collect()
}

impl<'a> KnowledgeStamp<'a> {
    /// The stamp of a knowledge base.
    pub fn of(kb: &'a KnowledgeBase) -> Self {
        Self {
            version: &kb.meta.version,
            reviewed: &kb.meta.reviewed,
            content_hash: kb.content_hash(),
        }
    }
}

impl<'a> AssessmentResponse<'a> {
    /// The full response for an assessment.
    pub fn new(a: &'a engine::Assessment<'_>, kb: &'a KnowledgeBase) -> Self {
        let (remedies, withheld_remedies) = remedies(a);
        Self {
            triage: WireTriage::new(&a.triage),
            causes: causes(a),
            remedies,
            withheld_remedies,
            relief_plan: plan(a, kb),
            medication_review: medication_review(a),
            unrecognised_medications: &a.unrecognised_medications,
            differentials: a
                .differentials
                .iter()
                .map(|d| WireSuggestedDifferential {
                    id: &d.differential.id,
                    title: &d.differential.title,
                    summary: &d.differential.summary,
                    pointers: &d.pointers,
                })
                .collect(),
            missing_inputs: a
                .missing_inputs
                .iter()
                .map(|q| MissingInput {
                    pointer: crate::http::fields::path(q.field.field()),
                    question: &q.question,
                    why: &q.why,
                })
                .collect(),
            inconsistencies: Vec::new(),
            knowledge: KnowledgeStamp::of(kb),
            disclaimer: &kb.meta.disclaimer,
        }
    }

    /// The same answer, listing the answers that were set aside.
    #[must_use]
    pub fn with_inconsistencies(mut self, inconsistencies: Vec<InputInconsistency>) -> Self {
        self.inconsistencies = inconsistencies;
        self
    }
}

impl<'a> CausesView<'a> {
    /// The causes view of an assessment.
    pub fn new(a: &'a engine::Assessment<'_>, kb: &'a KnowledgeBase) -> Self {
        Self {
            triage: WireTriage::new(&a.triage),
            causes: causes(a),
            medication_review: medication_review(a),
            unrecognised_medications: &a.unrecognised_medications,
            inconsistencies: Vec::new(),
            knowledge: KnowledgeStamp::of(kb),
            disclaimer: &kb.meta.disclaimer,
        }
    }

    /// The same answer, listing the answers that were set aside.
    #[must_use]
    pub fn with_inconsistencies(mut self, inconsistencies: Vec<InputInconsistency>) -> Self {
        self.inconsistencies = inconsistencies;
        self
    }
}

impl<'a> RemediesView<'a> {
    /// The remedies view of an assessment.
    pub fn new(a: &'a engine::Assessment<'_>, kb: &'a KnowledgeBase) -> Self {
        let (remedies, withheld_remedies) = remedies(a);
        Self {
            triage: WireTriage::new(&a.triage),
            remedies,
            withheld_remedies,
            inconsistencies: Vec::new(),
            knowledge: KnowledgeStamp::of(kb),
            disclaimer: &kb.meta.disclaimer,
        }
    }

    /// The same answer, listing the answers that were set aside.
    #[must_use]
    pub fn with_inconsistencies(mut self, inconsistencies: Vec<InputInconsistency>) -> Self {
        self.inconsistencies = inconsistencies;
        self
    }
}

impl<'a> ReliefPlanView<'a> {
    /// The relief-plan view of an assessment.
    pub fn new(a: &'a engine::Assessment<'_>, kb: &'a KnowledgeBase) -> Self {
        Self {
            triage: WireTriage::new(&a.triage),
            relief_plan: plan(a, kb),
            inconsistencies: Vec::new(),
            knowledge: KnowledgeStamp::of(kb),
            disclaimer: &kb.meta.disclaimer,
        }
    }

    /// The same answer, listing the answers that were set aside.
    #[must_use]
    pub fn with_inconsistencies(mut self, inconsistencies: Vec<InputInconsistency>) -> Self {
        self.inconsistencies = inconsistencies;
        self
    }
}
