//! The kinds of human-readable page: each kind of catalogue entry, and the problem types. The
//! wire name is the URL segment (`/pages/red-flags/...`), declared here once for the pages, the
//! CDS cards that link to them and the words of the pages.

use super::wire::wire_enum;

wire_enum!(
    /// A kind of page, named as in its URL.
    PageKind {
        /// Causes of, and contributors to, night cramps.
        Causes => "causes",
        /// Remedies, including those not recommended.
        Remedies => "remedies",
        /// Red flags (warning signs).
        RedFlags => "red-flags",
        /// Conditions mistaken for night cramps.
        Differentials => "differentials",
        /// Medicine classes linked to cramps.
        MedicationClasses => "medication-classes",
        /// The publications cited.
        Sources => "sources",
        /// The problem types (RFC 9457) of the service.
        Problems => "problems",
    }
);

impl PageKind {
    /// The kind named by this URL segment.
    pub fn parse(segment: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == segment)
    }
}
