//! The assessment response, its three focused views, and their conversion from the engine's
//! output (borrowing: the texts live in the knowledge base, nothing is copied).

use serde::Serialize;
use utoipa::ToSchema;

use super::assessment::{
    InputInconsistency, KnowledgeStamp, MedicineToReview, MissingInput, RedFlagHit, ReliefPlan,
    Schedule, WireFoundCause, WirePlanStep, WireReason, WireSuggestedDifferential,
    WireSuggestedRemedy, WireTriage, WireWhy, WireWithheldRemedy,
};
use super::list::WireList;
use crate::domain::Text;
use crate::engine;
use crate::knowledge::KnowledgeBase;

/// The full assessment of one profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentResponse<'a> {
    /// Triage level and red flags. Always read this first.
    pub triage: WireTriage<'a>,
    /// Likely contributing causes, most likely first.
    #[schema(value_type = Vec<WireFoundCause>)]
    pub causes: WireList<'a, engine::FoundCause<'a>, WireFoundCause<'a>>,
    /// Remedies suited to this person, by phase then evidence.
    #[schema(value_type = Vec<WireSuggestedRemedy>)]
    pub remedies: WireList<'a, engine::SuggestedRemedy<'a>, WireSuggestedRemedy<'a>>,
    /// Remedies left out because of this profile, with why.
    #[schema(value_type = Vec<WireWithheldRemedy>)]
    pub withheld_remedies: WireList<'a, engine::WithheldRemedy<'a>, WireWithheldRemedy<'a>>,
    /// The prioritised relief plan.
    pub relief_plan: ReliefPlan<'a>,
    /// Recognised medicines to review with the prescriber or pharmacist.
    #[schema(value_type = Vec<MedicineToReview>)]
    pub medication_review: WireList<'a, engine::MedicineReview<'a>, MedicineToReview<'a>>,
    /// Medicine names that matched no known class (trimmed, as typed).
    #[schema(example = json!(["Mystery Tonic"]))]
    pub unrecognised_medications: &'a [String],
    /// Conditions that can be mistaken for cramps and fit some answers.
    #[schema(value_type = Vec<WireSuggestedDifferential>)]
    pub differentials:
        WireList<'a, engine::SuggestedDifferential<'a>, WireSuggestedDifferential<'a>>,
    /// Unanswered questions that would most change this assessment (at most 5).
    #[schema(value_type = Vec<MissingInput>)]
    pub missing_inputs: WireList<'a, &'a crate::domain::Question, MissingInput<'a>>,
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
    #[schema(value_type = Vec<WireFoundCause>)]
    pub causes: WireList<'a, engine::FoundCause<'a>, WireFoundCause<'a>>,
    /// Recognised medicines to review with the prescriber or pharmacist.
    #[schema(value_type = Vec<MedicineToReview>)]
    pub medication_review: WireList<'a, engine::MedicineReview<'a>, MedicineToReview<'a>>,
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
    #[schema(value_type = Vec<WireSuggestedRemedy>)]
    pub remedies: WireList<'a, engine::SuggestedRemedy<'a>, WireSuggestedRemedy<'a>>,
    /// Remedies left out because of this profile, with why.
    #[schema(value_type = Vec<WireWithheldRemedy>)]
    pub withheld_remedies: WireList<'a, engine::WithheldRemedy<'a>, WireWithheldRemedy<'a>>,
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
    fn new(t: &'a engine::Triage<'_>, kb: &'a KnowledgeBase) -> Self {
        Self {
            level: t.level,
            headline: t.headline,
            red_flags: WireList::new(&t.red_flags, kb, red_flag_hit),
        }
    }
}

/// The triage on the wire.
pub(super) fn triage<'a>(t: &'a engine::Triage<'_>, kb: &'a KnowledgeBase) -> WireTriage<'a> {
    WireTriage::new(t, kb)
}

/// A raised red flag on the wire.
pub(super) fn red_flag_hit<'a>(r: &'a engine::RaisedFlag<'a>, _: &KnowledgeBase) -> RedFlagHit<'a> {
    RedFlagHit {
        id: &r.flag.id,
        urgency: r.flag.urgency,
        title: &r.flag.title,
        action: &r.flag.action,
        pointers: &r.pointers,
        source_ids: &r.flag.source_ids,
    }
}

/// A found cause on the wire.
pub(super) fn found_cause<'a>(
    f: &'a engine::FoundCause<'a>,
    kb: &'a KnowledgeBase,
) -> WireFoundCause<'a> {
    WireFoundCause {
        id: &f.cause.id,
        title: &f.cause.title,
        likelihood: f.likelihood,
        score: f.score,
        association: f.cause.association,
        modifiable: f.cause.modifiable,
        because: WireList::new(&f.because, kb, reason),
        source_ids: &f.cause.source_ids,
    }
}

/// One reason for a cause on the wire.
pub(super) fn reason<'a>(r: &'a engine::Reason<'a>, _: &KnowledgeBase) -> WireReason<'a> {
    WireReason {
        pointer: r.pointer,
        fact: r.fact,
    }
}

/// A suggested remedy on the wire.
pub(super) fn suggested_remedy<'a>(
    s: &'a engine::SuggestedRemedy<'a>,
    _: &KnowledgeBase,
) -> WireSuggestedRemedy<'a> {
    WireSuggestedRemedy {
        id: &s.remedy.id,
        title: &s.remedy.title,
        phase: s.remedy.phase,
        evidence: s.remedy.evidence,
        how_to: &s.remedy.how_to,
        cautions: &s.cautions,
        evidence_correction: s.remedy.evidence_correction.as_ref(),
        addresses: &s.remedy.addresses,
        source_ids: &s.remedy.source_ids,
    }
}

/// A withheld remedy on the wire.
pub(super) fn withheld_remedy<'a>(
    w: &'a engine::WithheldRemedy<'a>,
    _: &KnowledgeBase,
) -> WireWithheldRemedy<'a> {
    WireWithheldRemedy {
        id: &w.remedy.id,
        title: &w.remedy.title,
        reason: w.reason,
        pointers: &w.pointers,
        red_flag_id: w.red_flag_id,
    }
}

/// The relief plan on the wire.
pub(super) fn plan<'a>(a: &'a engine::Assessment<'_>, kb: &'a KnowledgeBase) -> ReliefPlan<'a> {
    ReliefPlan {
        steps: WireList::new(&a.relief_plan, kb, plan_step),
    }
}

/// One plan step on the wire (also the follow-up's next step).
pub(crate) fn plan_step<'a>(
    s: &'a engine::PlanStep<'a>,
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

/// A medicine to review on the wire.
pub(super) fn medicine_to_review<'a>(
    m: &'a engine::MedicineReview<'a>,
    _: &KnowledgeBase,
) -> MedicineToReview<'a> {
    MedicineToReview {
        medicine: m.medicine,
        pointer: m.pointer,
        class_id: &m.class.id,
        class_title: &m.class.title,
        association: m.class.association,
        advice: m.advice,
        red_flag_ids: &m.red_flag_ids,
        source_ids: m.source_ids,
    }
}

/// A suggested differential on the wire.
pub(super) fn differential<'a>(
    d: &'a engine::SuggestedDifferential<'a>,
    _: &KnowledgeBase,
) -> WireSuggestedDifferential<'a> {
    WireSuggestedDifferential {
        id: &d.differential.id,
        title: &d.differential.title,
        summary: &d.differential.summary,
        pointers: &d.pointers,
        source_ids: &d.differential.source_ids,
    }
}

/// An unanswered question on the wire.
pub(super) fn missing_input<'a>(
    q: &'a &'a crate::domain::Question,
    _: &KnowledgeBase,
) -> MissingInput<'a> {
    MissingInput {
        pointer: crate::http::fields::path(q.field.field()),
        question: &q.question,
        why: &q.why,
    }
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
        Self {
            triage: WireTriage::new(&a.triage, kb),
            causes: WireList::new(&a.causes, kb, found_cause),
            remedies: WireList::new(&a.remedies, kb, suggested_remedy),
            withheld_remedies: WireList::new(&a.withheld_remedies, kb, withheld_remedy),
            relief_plan: plan(a, kb),
            medication_review: WireList::new(&a.medication_review, kb, medicine_to_review),
            unrecognised_medications: &a.unrecognised_medications,
            differentials: WireList::new(&a.differentials, kb, differential),
            missing_inputs: WireList::new(&a.missing_inputs, kb, missing_input),
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
            triage: WireTriage::new(&a.triage, kb),
            causes: WireList::new(&a.causes, kb, found_cause),
            medication_review: WireList::new(&a.medication_review, kb, medicine_to_review),
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
        Self {
            triage: WireTriage::new(&a.triage, kb),
            remedies: WireList::new(&a.remedies, kb, suggested_remedy),
            withheld_remedies: WireList::new(&a.withheld_remedies, kb, withheld_remedy),
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
            triage: WireTriage::new(&a.triage, kb),
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
