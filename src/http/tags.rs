//! The OpenAPI operation tags, shared by every façade's handlers.

/// Profile assessments.
pub const ASSESSMENTS: &str = "assessments";
/// The read-only knowledge catalogue.
pub const KNOWLEDGE: &str = "knowledge";
/// Health probes and the spec itself.
pub const OPERATIONS: &str = "operations";
/// CDS Hooks 2.0 services for electronic health records.
pub const CDS_HOOKS: &str = "cds-hooks";
/// The problem types error answers link to.
pub const PROBLEMS: &str = "problems";
