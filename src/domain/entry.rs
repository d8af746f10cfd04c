//! Knowledge-base entries: sources, causes, remedies, red flags, differentials, medication
//! classes and follow-up questions. They are deserialised from the data files once, checked
//! by `knowledge::KnowledgeBase`, and never change while the service runs.

use serde::Deserialize;

use super::field::Field;
use super::grade::{Association, EvidenceLevel};
use super::text::Text;
use super::when::When;
use super::wire::wire_enum;

wire_enum!(
    /// What kind of publication a source is; guides how much weight its claims carry.
    SourceKind {
        /// A clinical guideline or guideline-grade summary (AAN, NICE CKS).
        Guideline => "guideline",
        /// A systematic review or meta-analysis (Cochrane).
        SystematicReview => "systematic_review",
        /// A randomised controlled trial.
        Trial => "trial",
        /// A cohort, case-control, cross-sectional or population study.
        ObservationalStudy => "observational_study",
        /// A narrative review.
        Review => "review",
        /// A medicines regulator's safety communication or label.
        Regulator => "regulator",
        /// Patient information from a national health service or professional body.
        PatientInformation => "patient_information",
        /// A reference work or nutrient database.
        Reference => "reference",
        /// A report of one or a few patients.
        CaseReport => "case_report",
    }
);

/// A publication the knowledge base cites.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable id, e.g. `cochrane_magnesium_2020`.
    pub id: String,
    /// Title of the work.
    pub title: String,
    /// The language of the title and publisher (English unless the file says otherwise), so a
    /// page in another language can mark it up as such.
    #[serde(default)]
    pub lang: super::Lang,
    /// Authors, "Surname AB, Surname CD, et al." (absent for institutional works).
    #[serde(default)]
    pub authors: Option<String>,
    /// Journal, publisher or issuing body.
    pub publisher: String,
    /// Year of publication (or of the version cited).
    pub year: u16,
    /// Kind of publication.
    pub kind: SourceKind,
    /// DOI without the `https://doi.org/` prefix.
    #[serde(default)]
    pub doi: Option<String>,
    /// PubMed id.
    #[serde(default)]
    pub pmid: Option<String>,
    /// Canonical URL (the publisher's or regulator's own page).
    #[serde(default)]
    pub url: Option<String>,
    /// Whether the identifier and metadata were checked against an indexed record.
    #[serde(default = "yes")]
    pub verified: bool,
    /// Why it could not be checked (required when `verified` is false).
    #[serde(default)]
    pub unverified_reason: Option<String>,
}

fn yes() -> bool {
    true
}

/// One way a cause can be suspected from the profile.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    /// When the signal fires.
    pub when: When,
    /// How much this signal raises the cause's score, in (0, 1]; signals combine as a noisy-OR.
    pub weight: f64,
    /// Plain-language explanation shown to the person. For medicine rules, `{medicine}` and
    /// `{class}` are replaced by the typed name and the class title.
    pub fact: String,
}

/// What part a cause plays in the engine's reasoning. The engine knows causes by role, never by
/// id, so the data can rename or translate them freely.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CauseRole {
    /// An explanation: it is offered when its signals fit the profile (almost every cause).
    #[default]
    Explanation,
    /// Context, not an explanation (getting older): offered when it fits, but it does not count
    /// towards "the cramps are explained".
    Context,
    /// The "no identifiable cause" fallback: it has no signals and is offered only when nothing
    /// else explains the cramps. Exactly one cause has this role.
    Fallback,
}

/// A cause of, or contributor to, night-time leg cramps.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cause {
    /// Stable id, e.g. `medication`.
    pub id: String,
    /// Short title.
    pub title: Text,
    /// Plain-language summary.
    pub summary: String,
    /// What the evidence says, including where popular belief overstates it.
    pub evidence: String,
    /// Strength of the association with cramps.
    pub association: Association,
    /// What part it plays: an explanation unless the data says otherwise.
    #[serde(default)]
    pub role: CauseRole,
    /// Whether the person (or their clinician) can change it.
    pub modifiable: bool,
    /// What should raise suspicion, in plain words.
    pub suspicion: Vec<String>,
    /// Profile rules that point to this cause.
    #[serde(default)]
    pub signals: Vec<Signal>,
    /// When this holds the cause is never offered, whatever its signals (dehydration is not
    /// suggested to someone on a fluid restriction: it would nudge them to drink).
    #[serde(default)]
    pub exclude_when: Option<When>,
    /// Ids of the sources.
    pub source_ids: Vec<String>,
}

wire_enum!(
    /// When in the course of cramps a remedy is used.
    RemedyPhase {
        /// While the cramp is happening.
        DuringCramp => "during_cramp",
        /// For soreness after a cramp.
        AfterCramp => "after_cramp",
        /// Between cramps, to make them less frequent.
        Prevention => "prevention",
        /// Something to arrange with a clinician.
        Clinician => "clinician",
    }
);

/// A caution shown with a remedy, always or only when `when` holds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caution {
    /// Plain-language caution.
    pub text: Text,
    /// Only shown when this holds; absent means always.
    #[serde(default)]
    pub when: Option<When>,
}

/// A contraindication: when `when` holds the remedy is withheld, and `reason` says why.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Withhold {
    /// The contraindication.
    pub when: When,
    /// Why the remedy is withheld, in plain words.
    pub reason: Text,
}

wire_enum!(
    /// The section of the relief plan a step belongs to. Ordered as the plan is read.
    PlanPhase {
        /// Get medical help now (emergency or urgent red flags only).
        SeekCareNow => "seek_care_now",
        /// What to do while a cramp is happening.
        DuringCramp => "during_cramp",
        /// What to do tonight, at bedtime.
        Tonight => "tonight",
        /// Habits for every day.
        Daily => "daily",
        /// What to arrange with a clinician.
        WithClinician => "with_clinician",
    }
);

wire_enum!(
    /// When a step is done, so an app can turn it into a reminder.
    ScheduleWhen {
        /// Immediately.
        Now => "now",
        /// At bedtime.
        Bedtime => "bedtime",
        /// In the morning.
        Morning => "morning",
        /// Through the day.
        DuringDay => "during_day",
    }
);

wire_enum!(
    /// How often a step repeats.
    Repeat {
        /// Once.
        Once => "once",
        /// Every day.
        Daily => "daily",
        /// Whenever needed.
        AsNeeded => "as_needed",
    }
);

/// How a remedy appears in the relief plan.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanTemplate {
    /// Plan section.
    pub phase: PlanPhase,
    /// Imperative, plain-language action.
    pub action: Text,
    /// When to do it.
    pub when: ScheduleWhen,
    /// How often.
    pub repeat: Repeat,
    /// How long to hold or do it, in seconds.
    #[serde(default)]
    pub duration_seconds: Option<u32>,
    /// How many times.
    #[serde(default)]
    pub repetitions: Option<u32>,
}

/// A remedy, self-care measure or clinician option.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remedy {
    /// Stable id, e.g. `bedtime_stretching`.
    pub id: String,
    /// Short title.
    pub title: Text,
    /// Plain-language summary.
    pub summary: String,
    /// When it is used.
    pub phase: RemedyPhase,
    /// Quality of the evidence.
    pub evidence: EvidenceLevel,
    /// What the evidence says, in plain words.
    pub evidence_note: String,
    /// A popular belief the evidence corrects, shown wherever the remedy is offered.
    #[serde(default)]
    pub evidence_correction: Option<Text>,
    /// Steps, in order.
    pub how_to: Vec<Text>,
    /// Cautions (general or conditional).
    #[serde(default)]
    pub cautions: Vec<Caution>,
    /// Contraindications, most important first.
    #[serde(default)]
    pub withhold: Vec<Withhold>,
    /// When to offer it; absent for remedies that are never offered (`not_recommended`).
    #[serde(default)]
    pub suggest_when: Option<When>,
    /// Cause ids it addresses.
    #[serde(default)]
    pub addresses: Vec<String>,
    /// Its step in the relief plan.
    #[serde(default)]
    pub plan: Option<PlanTemplate>,
    /// Ids of the sources.
    pub source_ids: Vec<String>,
}

/// A condition that can be mistaken for night cramps.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Differential {
    /// Stable id, e.g. `restless_legs_syndrome`.
    pub id: String,
    /// Short title.
    pub title: Text,
    /// Plain-language summary.
    pub summary: Text,
    /// How it differs from a cramp.
    pub distinguishing_features: Vec<String>,
    /// When to mention it; absent means catalogue only.
    #[serde(default)]
    pub suggest_when: Option<When>,
    /// When suggested, it explains the picture better than "no identifiable cause", so that
    /// fallback is not offered.
    #[serde(default)]
    pub displaces_unexplained: bool,
    /// Ids of the sources.
    pub source_ids: Vec<String>,
}

/// A class of medicines linked to cramps.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MedicationClass {
    /// Stable id, e.g. `thiazide_diuretic`.
    pub id: String,
    /// Short title, e.g. "Thiazide diuretic".
    pub title: Text,
    /// The title in lower case, for use inside sentences (filled in when the knowledge loads).
    #[serde(skip)]
    pub title_lower: String,
    /// Strength of the link with cramps.
    pub association: Association,
    /// What the evidence says.
    pub evidence_note: String,
    /// Generic names, lower case.
    pub generic_names: Vec<String>,
    /// Common brand names, lower case.
    #[serde(default)]
    pub brand_names: Vec<String>,
    /// The generic names as Spanish, German and French medicine boxes and leaflets spell them
    /// (the INN in each language), where that differs from every English name once accents are
    /// folded: "atorvastatina", "furosemid", "acide zoledronique".
    #[serde(default)]
    pub local_generic_names: LocalNames,
    /// Brands of a tablet (or patch, or drip) that holds medicines from several classes, listed
    /// under each of those classes ("caduet": amlodipine and atorvastatin). Every other name
    /// belongs to one class only.
    #[serde(default)]
    pub combination_brands: Vec<String>,
    /// Names recognised only as the whole of what was typed, never as a word inside a longer
    /// name: "tonic" is tonic water, but "iron tonic" is not.
    #[serde(default)]
    pub whole_names: Vec<String>,
    /// Every generic name a reader may meet, English then local spellings (each once), for the
    /// catalogue and the class page (filled in when the knowledge loads).
    #[serde(skip)]
    pub shown_generic_names: Vec<String>,
    /// Brand names, then the combination brands that hold this class, for the catalogue and
    /// the class page (filled in when the knowledge loads).
    #[serde(skip)]
    pub shown_brand_names: Vec<String>,
    /// Also raises the risk of a blood clot (so one-sided calf pain needs checking).
    #[serde(default)]
    pub raises_clot_risk: bool,
    /// The class's own review advice, where the routine wording (meta's `medication_advice`,
    /// "do not stop or change this medicine on your own") is wrong for it: a treatment that is
    /// not a cause (quinine, also in tonic water), or a periodic infusion or injection. Like the
    /// routine advice it never tells anyone to stop a prescribed medicine.
    #[serde(default)]
    pub advice: Option<Text>,
    /// Ids of the sources.
    pub source_ids: Vec<String>,
}

/// A class's generic names in the languages the service answers in, other than English.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalNames {
    /// Spanish (AEMPS spelling).
    #[serde(default)]
    pub es: Vec<String>,
    /// German (BfArM spelling).
    #[serde(default)]
    pub de: Vec<String>,
    /// French (ANSM spelling).
    #[serde(default)]
    pub fr: Vec<String>,
}

impl LocalNames {
    /// Every local name, Spanish, then German, then French.
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.es.iter().chain(&self.de).chain(&self.fr)
    }
}

/// A profile field the engine can ask about when it is missing: the names the knowledge
/// files use for [`Field`]s (each variant's wire name is its data key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileField {
    /// `pregnancy`
    Pregnancy,
    /// `nights_per_week`
    NightsPerWeek,
    /// `typical_duration_minutes`
    TypicalDuration,
    /// `one_leg_only`
    OneLegOnly,
    /// `disturbs_sleep`
    DisturbsSleep,
    /// `started_after_medicine_change`
    StartedAfterMedicineChange,
    /// `medications`
    Medications,
    /// `conditions`
    Conditions,
    /// `symptoms`
    Symptoms,
    /// `fluid_litres_per_day`
    FluidLitresPerDay,
    /// `on_fluid_restriction`
    OnFluidRestriction,
    /// `alcohol_grams_per_week`
    AlcoholGramsPerWeek,
    /// `activity_level`
    ActivityLevel,
    /// `sitting_hours_per_day`
    SittingHoursPerDay,
    /// `tight_bedding`
    TightBedding,
}

impl ProfileField {
    /// Its key in the knowledge files (`typical_duration`): how questions are identified there.
    pub fn key(self) -> &'static str {
        match self {
            Self::Pregnancy => "pregnancy",
            Self::NightsPerWeek => "nights_per_week",
            Self::TypicalDuration => "typical_duration",
            Self::OneLegOnly => "one_leg_only",
            Self::DisturbsSleep => "disturbs_sleep",
            Self::StartedAfterMedicineChange => "started_after_medicine_change",
            Self::Medications => "medications",
            Self::Conditions => "conditions",
            Self::Symptoms => "symptoms",
            Self::FluidLitresPerDay => "fluid_litres_per_day",
            Self::OnFluidRestriction => "on_fluid_restriction",
            Self::AlcoholGramsPerWeek => "alcohol_grams_per_week",
            Self::ActivityLevel => "activity_level",
            Self::SittingHoursPerDay => "sitting_hours_per_day",
            Self::TightBedding => "tight_bedding",
        }
    }

    /// The profile field it names.
    pub fn field(self) -> Field {
        match self {
            Self::Pregnancy => Field::Pregnancy,
            Self::NightsPerWeek => Field::NightsPerWeek,
            Self::TypicalDuration => Field::TypicalDurationMinutes,
            Self::OneLegOnly => Field::OneLegOnly,
            Self::DisturbsSleep => Field::DisturbsSleep,
            Self::StartedAfterMedicineChange => Field::StartedAfterMedicineChange,
            Self::Medications => Field::Medications,
            Self::Conditions => Field::Conditions,
            Self::Symptoms => Field::Symptoms,
            Self::FluidLitresPerDay => Field::FluidLitresPerDay,
            Self::OnFluidRestriction => Field::OnFluidRestriction,
            Self::AlcoholGramsPerWeek => Field::AlcoholGramsPerWeek,
            Self::ActivityLevel => Field::ActivityLevel,
            Self::SittingHoursPerDay => Field::SittingHoursPerDay,
            Self::TightBedding => Field::TightBedding,
        }
    }
}

/// A follow-up question for a missing answer that would change the assessment.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The unanswered field.
    pub field: ProfileField,
    /// The question to ask, in plain words.
    pub question: Text,
    /// Why the answer matters.
    pub why: Text,
    /// Only ask when this holds; absent means whenever the field is missing.
    #[serde(default)]
    pub ask_when: Option<When>,
}
