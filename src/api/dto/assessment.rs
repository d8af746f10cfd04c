//! The parts of the assessment response. Where a part publishes an engine result (the engine's
//! `Triage`, `FoundCause`, `PlanStep`, ...), it is named `Wire…`: the flattened, borrowed form
//! that goes on the wire, published under the engine's name (`#[schema(as = ...)]`), so one
//! name never means two types.

use serde::Serialize;
use utoipa::ToSchema;

use serde::Serializer;
use serde::ser::SerializeSeq;

use super::list::WireList;
use crate::domain::Text;
use crate::engine::{Fact, Pointer, WhyText};

use crate::domain::{
    Association, EvidenceLevel, PlanPhase, RemedyPhase, Repeat, ScheduleWhen, TriageLevel, Urgency,
};
use crate::engine::Likelihood;

/// Pointers are kept as compact values by the engine and written as RFC 6901 text here.
fn as_text<S: Serializer>(pointer: &Pointer, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::http::fields::Text(*pointer).on_stack())
}

fn fact_text<S: Serializer>(fact: &Fact<'_>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(fact)
}

fn as_texts<S: Serializer>(pointers: &&[Pointer], serializer: S) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(pointers.len()))?;
    for pointer in pointers.iter() {
        seq.serialize_element(crate::http::fields::Text(*pointer).on_stack().as_str())?;
    }
    seq.end()
}

/// A raised red flag.
#[derive(Debug, Serialize, ToSchema)]
pub struct RedFlagHit<'a> {
    /// Red-flag id (see `GET /v1/red-flags`).
    #[schema(example = "possible_dvt")]
    pub id: &'a str,
    /// How soon to act.
    pub urgency: Urgency,
    /// Short title.
    #[schema(value_type = String, example = "Possible blood clot in the leg (DVT)")]
    pub title: &'a Text,
    /// What to do.
    #[schema(
        value_type = String,
        example = "Contact a GP or doctor today, or an urgent care service. Do not massage the leg or put heat on it."
    )]
    pub action: &'a Text,
    /// JSON pointers of the answers that raised it.
    #[serde(serialize_with = "as_texts")]
    #[schema(value_type = Vec<String>, example = json!(["/symptoms/0"]))]
    pub pointers: &'a [Pointer],
    /// Sources (see `GET /v1/sources`).
    #[schema(example = json!(["nice_ng158_vte"]))]
    pub source_ids: &'a [String],
}

/// The triage result: evaluated before anything else, and present in every view.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Triage)]
pub struct WireTriage<'a> {
    /// The most urgent raised red flag; else `routine` for frequent (≥ 3 nights a week) or
    /// sleep-disturbing cramps; else `self_care`.
    pub level: TriageLevel,
    /// One line (≤ 140 characters) fit for a notification.
    #[schema(
        value_type = String,
        example = "No warning signs found: self-care measures are a reasonable first step.",
        max_length = 140
    )]
    pub headline: &'a Text,
    /// Raised red flags, most urgent first.
    #[schema(value_type = Vec<RedFlagHit>)]
    pub red_flags: WireList<'a, crate::engine::RaisedFlag<'a>, RedFlagHit<'a>>,
}

/// One answer that raised a cause.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Reason)]
pub struct WireReason<'a> {
    /// JSON pointer of the answer (`""` means the profile as a whole).
    #[serde(serialize_with = "as_text")]
    #[schema(value_type = String, example = "/medications/0")]
    pub pointer: Pointer,
    /// What it means, in plain words.
    #[schema(
        example = "Hydrochlorothiazide 25 mg is a thiazide diuretic; this group is linked to night cramps."
    )]
    #[serde(serialize_with = "fact_text")]
    #[schema(value_type = String)]
    pub fact: Fact<'a>,
}

/// A likely contributing cause.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = FoundCause)]
pub struct WireFoundCause<'a> {
    /// Cause id (see `GET /v1/causes`).
    #[schema(example = "medication")]
    pub id: &'a str,
    /// Short title.
    #[schema(value_type = String, example = "Medicines")]
    pub title: &'a Text,
    /// Bucketed score.
    pub likelihood: Likelihood,
    /// Ranking score, 0–1 (three decimals).
    #[schema(minimum = 0, maximum = 1, example = 0.6)]
    pub score: f64,
    /// Strength of the cause's association with cramps in the literature.
    pub association: Association,
    /// Whether it can be changed.
    #[schema(example = true)]
    pub modifiable: bool,
    /// The answers that raised it.
    #[schema(value_type = Vec<WireReason>)]
    pub because: WireList<'a, crate::engine::Reason<'a>, WireReason<'a>>,
    /// Sources.
    #[schema(example = json!(["garrison_2012"]))]
    pub source_ids: &'a [String],
}

/// A remedy suited to this person.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SuggestedRemedy)]
pub struct WireSuggestedRemedy<'a> {
    /// Remedy id (see `GET /v1/remedies`).
    #[schema(example = "bedtime_stretching")]
    pub id: &'a str,
    /// Short title.
    #[schema(value_type = String, example = "Stretch your calves before bed")]
    pub title: &'a Text,
    /// When it is used.
    pub phase: RemedyPhase,
    /// Quality of the evidence.
    pub evidence: EvidenceLevel,
    /// Steps, in order.
    #[schema(value_type = Vec<String>)]
    pub how_to: &'a [Text],
    /// Cautions that apply to this person.
    #[schema(value_type = Vec<String>)]
    pub cautions: &'a [&'a Text],
    /// A popular belief the evidence corrects (absent when there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, nullable = false)]
    pub evidence_correction: Option<&'a Text>,
    /// Cause ids it addresses.
    #[schema(example = json!(["idiopathic"]))]
    pub addresses: &'a [String],
    /// Sources.
    #[schema(example = json!(["hallegraeff_2012"]))]
    pub source_ids: &'a [String],
}

/// A remedy left out for this person, and why.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = WithheldRemedy)]
pub struct WireWithheldRemedy<'a> {
    /// Remedy id.
    #[schema(example = "magnesium_supplement")]
    pub id: &'a str,
    /// Short title.
    #[schema(value_type = String, example = "Magnesium supplements")]
    pub title: &'a Text,
    /// Why it was left out.
    #[schema(
        value_type = String,
        example = "Magnesium supplements can build up to harmful levels when the kidneys are not working well."
    )]
    pub reason: &'a Text,
    /// JSON pointers of the answers that caused it.
    #[serde(serialize_with = "as_texts")]
    #[schema(value_type = Vec<String>, example = json!(["/conditions/0"]))]
    pub pointers: &'a [Pointer],
    /// The red flag it is withheld for, when a warning sign (not a contraindication) is why.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, example = "possible_dvt")]
    pub red_flag_id: Option<&'a str>,
}

/// A plan step's explanation, written straight into the answer (no `String` per step).
fn paragraph<S: Serializer>(text: &WhyText<'_>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(text)
}

/// Why a plan step is there.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Why)]
pub struct WireWhy<'a> {
    /// Plain-language explanation.
    #[serde(serialize_with = "paragraph")]
    #[schema(value_type = String)]
    pub text: WhyText<'a>,
    /// Causes it addresses.
    pub cause_ids: &'a [&'a str],
    /// Red flags it responds to.
    pub red_flag_ids: &'a [&'a str],
}

/// When to do a step, for reminders.
#[derive(Debug, Serialize, ToSchema)]
pub struct Schedule {
    /// When.
    pub when: ScheduleWhen,
    /// How often.
    pub repeat: Repeat,
    /// How long to hold or do it, in seconds (absent when not applicable).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, example = 10, minimum = 1)]
    pub duration_seconds: Option<u32>,
    /// How many times (absent when not applicable).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, example = 3, minimum = 1)]
    pub repetitions: Option<u32>,
}

/// One step of the relief plan.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PlanStep)]
pub struct WirePlanStep<'a> {
    /// Position, from 1.
    #[schema(minimum = 1, example = 1)]
    pub order: u32,
    /// Plan section.
    pub phase: PlanPhase,
    /// What to do, imperative and plain.
    #[schema(
        value_type = String,
        example = "When a cramp starts, straighten your leg and pull your toes up towards your shin until it eases."
    )]
    pub action: &'a Text,
    /// The remedy it comes from (absent for red-flag steps).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, example = "stretch_cramping_muscle")]
    pub remedy_id: Option<&'a str>,
    /// Why it is in the plan.
    pub why: WireWhy<'a>,
    /// When to do it.
    pub schedule: Schedule,
}

/// The ordered relief plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReliefPlan<'a> {
    /// Steps: seek care now, during a cramp, tonight, daily, with a clinician.
    #[schema(value_type = Vec<WirePlanStep>)]
    pub steps: WireList<'a, crate::engine::PlanStep<'a>, WirePlanStep<'a>>,
}

/// A recognised medicine. Routinely: ask the prescriber or pharmacist to review it, never advice
/// to stop it. When a raised red flag implicates it (`red_flag_ids` not empty), the advice says
/// to tell a clinician today and states what its label advises for those symptoms.
#[derive(Debug, Serialize, ToSchema)]
pub struct MedicineToReview<'a> {
    /// The name as typed.
    #[schema(example = "Hydrochlorothiazide 25 mg")]
    pub medicine: &'a str,
    /// JSON pointer into `/medications`.
    #[serde(serialize_with = "as_text")]
    #[schema(value_type = String, example = "/medications/0")]
    pub pointer: Pointer,
    /// Medication class id (see `GET /v1/medication-classes`).
    #[schema(example = "thiazide_diuretic")]
    pub class_id: &'a str,
    /// Class title.
    #[schema(value_type = String, example = "Thiazide diuretic")]
    pub class_title: &'a Text,
    /// Strength of the class's link with cramps.
    pub association: Association,
    /// Routinely, ask the prescriber or pharmacist to review it; when implicated, the red
    /// flag's advice.
    #[schema(value_type = String)]
    pub advice: &'a Text,
    /// Raised red flags that implicate this medicine, most urgent first (empty routinely).
    #[schema(example = json!([]))]
    pub red_flag_ids: &'a [&'a str],
    /// Sources of the advice: the implicating flag's label or regulator, else the class's.
    pub source_ids: &'a [String],
}

/// A condition that can be mistaken for night cramps and fits some answers.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SuggestedDifferential)]
pub struct WireSuggestedDifferential<'a> {
    /// Differential id.
    #[schema(example = "restless_legs_syndrome")]
    pub id: &'a str,
    /// Short title.
    #[schema(value_type = String, example = "Restless legs syndrome")]
    pub title: &'a Text,
    /// How it differs from a cramp.
    #[schema(value_type = String)]
    pub summary: &'a Text,
    /// JSON pointers of the answers that suggested it.
    #[serde(serialize_with = "as_texts")]
    #[schema(value_type = Vec<String>)]
    pub pointers: &'a [Pointer],
    /// Sources of the summary (ids in `/v1/sources`), like every other medical claim.
    #[schema(example = json!(["irlssg_2014", "nice_cks_rls"]))]
    pub source_ids: &'a [String],
}

/// An unanswered question that would change this assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct MissingInput<'a> {
    /// JSON pointer of the missing field.
    #[schema(example = "/symptoms")]
    pub pointer: &'a str,
    /// The question to ask.
    #[schema(value_type = String)]
    pub question: &'a Text,
    /// Why it matters.
    #[schema(value_type = String)]
    pub why: &'a Text,
}

/// Which knowledge set produced the answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct KnowledgeStamp<'a> {
    /// Knowledge version.
    #[schema(example = "2026.11.1")]
    pub version: &'a str,
    /// Date of the last clinical review.
    #[schema(example = "2026-11-27", format = Date)]
    pub reviewed: &'a str,
    /// SHA-256 of the knowledge files (see `GET /v1/knowledge`): identical answers need identical
    /// content, so fixtures compare exactly only when this matches.
    #[schema(
        example = "f129cebcb0b92e03a60f4006313cc89dc9dec475759555607b32d7be29abd514",
        min_length = 64,
        max_length = 64
    )]
    pub content_hash: &'a str,
}

/// What was wrong with a set of answers that are each valid but cannot all be true.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InconsistencyCode {
    /// `sitting_hours_per_day` and `standing_hours_per_day` together exceed 24 hours.
    HoursExceedDay,
}

/// Answers that contradict one another. None of them was used (each is treated as unanswered),
/// so no cause rests on a contradiction; ask the person again.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InputInconsistency {
    /// What is inconsistent.
    pub code: InconsistencyCode,
    /// JSON pointers of the answers set aside.
    #[schema(example = json!(["/lifestyle/sitting_hours_per_day", "/lifestyle/standing_hours_per_day"]), max_items = 10)]
    pub pointers: Vec<&'static str>,
    /// What to tell the person, in the answer's language.
    #[schema(
        example = "Sitting and standing hours add up to more than 24 (26); neither was used.",
        max_length = 300
    )]
    pub message: String,
}

impl InputInconsistency {
    /// The wire form of a domain inconsistency, its message in `lang`.
    pub fn new(i: &crate::domain::Inconsistency, lang: crate::domain::Lang) -> Self {
        use crate::domain::{Inconsistency, Lang};
        let message = match i {
            Inconsistency::HoursExceedDay { total } => match lang {
                Lang::En => format!(
                    "Sitting and standing hours add up to more than 24 ({total}); neither was used."
                ),
                Lang::Es => format!(
                    "Las horas sentado y de pie suman más de 24 ({total}); no se usó ninguna de las dos."
                ),
                Lang::De => format!(
                    "Sitz- und Stehstunden ergeben zusammen mehr als 24 ({total}); keine der beiden Angaben wurde verwendet."
                ),
                Lang::Fr => format!(
                    "Les heures assises et debout dépassent 24 au total ({total}) ; aucune des deux n'a été utilisée."
                ),
            },
        };
        Self {
            code: match i {
                Inconsistency::HoursExceedDay { .. } => InconsistencyCode::HoursExceedDay,
            },
            pointers: i
                .fields()
                .iter()
                .map(|f| crate::http::fields::path(*f))
                .collect(),
            message,
        }
    }
}
