//! Catalogue wire types: read-only views of the knowledge base.

use serde::Serialize;
use utoipa::ToSchema;

use super::red_flag::RedFlagEntry;
use crate::domain::{
    Association, Cause, Differential, EvidenceLevel, MedicationClass, Remedy, RemedyPhase, Source,
    SourceKind, Text,
};
use crate::knowledge::KnowledgeBase;

/// A cause of, or contributor to, night cramps.
#[derive(Debug, Serialize, ToSchema)]
pub struct CauseEntry<'a> {
    /// Stable id.
    #[schema(example = "dehydration")]
    pub id: &'a str,
    /// Short title.
    #[schema(example = "Dehydration")]
    pub title: &'a str,
    /// Plain-language summary.
    pub summary: &'a str,
    /// What the evidence says, including where popular belief overstates it.
    pub evidence: &'a str,
    /// Strength of the association with cramps.
    pub association: Association,
    /// Whether it can be changed.
    #[schema(example = true)]
    pub modifiable: bool,
    /// What should raise suspicion.
    pub suspicion: &'a [String],
    /// Remedies that address it.
    #[schema(example = json!(["hydration"]))]
    pub remedy_ids: Vec<&'a str>,
    /// Sources.
    pub source_ids: &'a [String],
}

/// A remedy, self-care measure or clinician option, including the ones not recommended.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemedyEntry<'a> {
    /// Stable id.
    #[schema(example = "bedtime_stretching")]
    pub id: &'a str,
    /// Short title.
    pub title: &'a str,
    /// Plain-language summary.
    pub summary: &'a str,
    /// When it is used.
    pub phase: RemedyPhase,
    /// Quality of the evidence; `not_recommended` entries are never offered by the engine.
    pub evidence: EvidenceLevel,
    /// False for `not_recommended` entries, kept so apps can explain why they are not offered.
    #[schema(example = true)]
    pub recommended: bool,
    /// What the evidence says.
    pub evidence_note: &'a str,
    /// A popular belief the evidence corrects (absent when there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub evidence_correction: Option<&'a str>,
    /// Steps, in order.
    #[schema(value_type = Vec<String>)]
    pub how_to: &'a [Text],
    /// Every caution (the engine shows only those that apply to a person).
    pub cautions: Vec<&'a str>,
    /// Why it is withheld in some people (the engine applies these).
    pub contraindications: Vec<&'a str>,
    /// Cause ids it addresses.
    pub addresses: &'a [String],
    /// Sources.
    pub source_ids: &'a [String],
}

/// A condition that can be mistaken for night cramps.
#[derive(Debug, Serialize, ToSchema)]
pub struct DifferentialEntry<'a> {
    /// Stable id.
    #[schema(example = "restless_legs_syndrome")]
    pub id: &'a str,
    /// Short title.
    pub title: &'a str,
    /// Plain-language summary.
    pub summary: &'a str,
    /// How it differs from a cramp.
    pub distinguishing_features: &'a [String],
    /// Sources.
    pub source_ids: &'a [String],
}

/// A class of medicines linked to cramps, and the fixed advice for it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MedicationClassEntry<'a> {
    /// Stable id.
    #[schema(example = "thiazide_diuretic")]
    pub id: &'a str,
    /// Short title.
    #[schema(example = "Thiazide diuretic")]
    pub title: &'a str,
    /// Strength of the link with cramps.
    pub association: Association,
    /// What the evidence says.
    pub evidence_note: &'a str,
    /// Generic names (lower case).
    #[schema(example = json!(["hydrochlorothiazide", "indapamide"]))]
    pub generic_names: &'a [String],
    /// Common brand names (lower case).
    pub brand_names: &'a [String],
    /// The class also raises the risk of a blood clot.
    pub raises_clot_risk: bool,
    /// The fixed advice: ask the prescriber or pharmacist to review it; never stop it alone.
    pub advice: &'a str,
    /// Sources.
    pub source_ids: &'a [String],
}

/// A publication the knowledge base cites.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceEntry<'a> {
    /// Stable id.
    #[schema(example = "cochrane_magnesium_2020")]
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Authors (absent for institutional works).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub authors: Option<&'a str>,
    /// Journal, publisher or issuing body.
    pub publisher: &'a str,
    /// Year.
    #[schema(example = 2020)]
    pub year: u16,
    /// Kind of publication.
    pub kind: SourceKind,
    /// DOI.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, example = "10.1002/14651858.CD009402.pub3")]
    pub doi: Option<&'a str>,
    /// PubMed id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub pmid: Option<&'a str>,
    /// Canonical URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub url: Option<&'a str>,
    /// Whether the identifier and details were checked against an indexed record.
    pub verified: bool,
    /// Why it could not be checked (only when `verified` is false).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub unverified_reason: Option<&'a str>,
}

/// Declares a list wrapper `{ "<field>": [...] }`.
macro_rules! list {
    ($(#[$meta:meta])* $name:ident, $field:ident, $entry:ident) => {
        $(#[$meta])*
        #[derive(Debug, Serialize, ToSchema)]
        pub struct $name<'a> {
            /// The entries, in a stable order.
            pub $field: Vec<$entry<'a>>,
        }
    };
}

list!(/// Every cause.
    CauseList, causes, CauseEntry);
list!(/// Every remedy, including the ones not recommended.
    RemedyList, remedies, RemedyEntry);
list!(/// Every red flag, most urgent first.
    RedFlagList, red_flags, RedFlagEntry);
list!(/// Every differential diagnosis.
    DifferentialList, differentials, DifferentialEntry);
list!(/// Every medication class.
    MedicationClassList, medication_classes, MedicationClassEntry);
list!(/// Every source, by id.
    SourceList, sources, SourceEntry);

/// How many entries of each kind the knowledge base holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct KnowledgeCounts {
    /// Causes.
    #[schema(value_type = u32, format = Int32, maximum = 100000)]
    pub causes: usize,
    /// Remedies (including not recommended).
    #[schema(value_type = u32, format = Int32, maximum = 100000)]
    pub remedies: usize,
    /// Red flags.
    #[schema(value_type = u32, format = Int32, maximum = 100000)]
    pub red_flags: usize,
    /// Differential diagnoses.
    #[schema(value_type = u32, format = Int32, maximum = 100000)]
    pub differentials: usize,
    /// Medication classes.
    #[schema(value_type = u32, format = Int32, maximum = 100000)]
    pub medication_classes: usize,
    /// Generic medicine names across all classes.
    #[schema(value_type = u32, format = Int32, maximum = 100000)]
    pub generic_names: usize,
    /// Sources.
    #[schema(value_type = u32, format = Int32, maximum = 100000)]
    pub sources: usize,
}

/// Version, review date, counts and content hash of the knowledge base.
#[derive(Debug, Serialize, ToSchema)]
pub struct KnowledgeInfo<'a> {
    /// Knowledge version.
    #[schema(example = "2026.11.1")]
    pub version: &'a str,
    /// Date of the last clinical review.
    #[schema(example = "2026-11-27", format = Date)]
    pub reviewed: &'a str,
    /// SHA-256 of every knowledge file: changes whenever any content does.
    #[schema(
        example = "f129cebcb0b92e03a60f4006313cc89dc9dec475759555607b32d7be29abd514",
        min_length = 64,
        max_length = 64
    )]
    pub content_hash: &'a str,
    /// Entry counts.
    pub counts: KnowledgeCounts,
    /// The not-a-diagnosis disclaimer every answer carries.
    pub disclaimer: &'a str,
    /// Languages every text is available in (choose with `Accept-Language`).
    #[schema(example = json!(["en", "es", "de", "fr"]))]
    pub languages: Vec<&'static str>,
}

impl<'a> CauseEntry<'a> {
    /// The entry for a cause.
    pub fn new(c: &'a Cause, kb: &'a KnowledgeBase) -> Self {
        Self {
            id: &c.id,
            title: &c.title,
            summary: &c.summary,
            evidence: &c.evidence,
            association: c.association,
            modifiable: c.modifiable,
            suspicion: &c.suspicion,
            remedy_ids: kb
                .remedies
                .iter()
                .filter(|r| r.addresses.contains(&c.id))
                .map(|r| r.id.as_str())
                .collect(),
            source_ids: &c.source_ids,
        }
    }
}

impl<'a> From<&'a Remedy> for RemedyEntry<'a> {
    fn from(r: &'a Remedy) -> Self {
        Self {
            id: &r.id,
            title: &r.title,
            summary: &r.summary,
            phase: r.phase,
            evidence: r.evidence,
            recommended: r.evidence != EvidenceLevel::NotRecommended,
            evidence_note: &r.evidence_note,
            evidence_correction: r.evidence_correction.as_deref(),
            how_to: &r.how_to,
            cautions: r.cautions.iter().map(|c| c.text.as_str()).collect(),
            contraindications: r.withhold.iter().map(|w| w.reason.as_str()).collect(),
            addresses: &r.addresses,
            source_ids: &r.source_ids,
        }
    }
}

impl<'a> From<&'a Differential> for DifferentialEntry<'a> {
    fn from(d: &'a Differential) -> Self {
        Self {
            id: &d.id,
            title: &d.title,
            summary: &d.summary,
            distinguishing_features: &d.distinguishing_features,
            source_ids: &d.source_ids,
        }
    }
}

impl<'a> MedicationClassEntry<'a> {
    /// The entry for a medication class.
    pub fn new(m: &'a MedicationClass, kb: &'a KnowledgeBase) -> Self {
        Self {
            id: &m.id,
            title: &m.title,
            association: m.association,
            evidence_note: &m.evidence_note,
            generic_names: &m.shown_generic_names,
            brand_names: &m.shown_brand_names,
            raises_clot_risk: m.raises_clot_risk,
            advice: m.advice.as_ref().unwrap_or(&kb.meta.medication_advice),
            source_ids: &m.source_ids,
        }
    }
}

impl<'a> From<&'a Source> for SourceEntry<'a> {
    fn from(s: &'a Source) -> Self {
        Self {
            id: &s.id,
            title: &s.title,
            authors: s.authors.as_deref(),
            publisher: &s.publisher,
            year: s.year,
            kind: s.kind,
            doi: s.doi.as_deref(),
            pmid: s.pmid.as_deref(),
            url: s.url.as_deref(),
            verified: s.verified,
            unverified_reason: s.unverified_reason.as_deref(),
        }
    }
}

impl<'a> KnowledgeInfo<'a> {
    /// Version, counts and hash of a knowledge base.
    pub fn new(kb: &'a KnowledgeBase) -> Self {
        Self {
            version: &kb.meta.version,
            reviewed: &kb.meta.reviewed,
            content_hash: kb.content_hash(),
            counts: KnowledgeCounts {
                causes: kb.causes.len(),
                remedies: kb.remedies.len(),
                red_flags: kb.red_flags.len(),
                differentials: kb.differentials.len(),
                medication_classes: kb.medication_classes.len(),
                generic_names: kb.generic_name_count(),
                sources: kb.sources.len(),
            },
            disclaimer: &kb.meta.disclaimer,
            languages: crate::domain::Lang::ALL
                .iter()
                .map(|l| l.as_str())
                .collect(),
        }
    }
}
