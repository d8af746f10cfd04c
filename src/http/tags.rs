//! The OpenAPI operation tags, shared by every façade's handlers.

/// Profile assessments.
pub(crate) const ASSESSMENTS: &str = "assessments";
/// The read-only knowledge catalogue.
pub(crate) const KNOWLEDGE: &str = "knowledge";
/// Health probes and the spec itself.
pub(crate) const OPERATIONS: &str = "operations";
/// CDS Hooks 2.0 services for electronic health records.
pub(crate) const CDS_HOOKS: &str = "cds-hooks";
/// The human-readable reference pages.
pub(crate) const PAGES: &str = "pages";
/// The problem types error answers link to.
pub(crate) const PROBLEMS: &str = "problems";
