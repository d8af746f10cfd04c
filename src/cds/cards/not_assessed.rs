//! The card for a record that shows leg cramps but gives no usable age: the engine cannot
//! assess without one, and silence would read as "nothing to see", so the card says the
//! patient was not assessed and lists the warning signs to check by hand.

use std::fmt::Write as _;

use super::CardContext;
use crate::cds::response::{Card, Indicator};
use crate::cds::text::source_links;
use crate::domain::{PageKind, Urgency};
use crate::http::html;
use crate::knowledge::KnowledgeBase;

/// Why the age could not be known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotAssessed {
    /// No patient resource, or no birth date that parses.
    NoBirthDate,
    /// A birth date that gives an age outside the 1–120 years the engine covers.
    AgeOutOfRange,
}

impl NotAssessed {
    /// A stable code for logs and metrics.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Self::NoBirthDate => "no_birth_date",
            Self::AgeOutOfRange => "age_out_of_range",
        }
    }

    fn explained(self) -> &'static str {
        match self {
            Self::NoBirthDate => "the record has no `Patient.birthDate` it can read",
            Self::AgeOutOfRange => {
                "`Patient.birthDate` gives an age outside the 1 to 120 years it covers"
            }
        }
    }
}

/// The one card of a `patient-view` call whose record shows leg cramps but no usable age.
pub(crate) fn not_assessed_card(
    why: NotAssessed,
    kb: &KnowledgeBase,
    cx: &CardContext<'_>,
) -> Card {
    let mut d = format!(
        "**Not assessed.** The record shows leg cramps, but cramp-advisor needs the patient's age \
         to assess them, and {}. Nothing here rules out a warning sign: check for these by hand.\n\
         \n### Warning signs to check\n\n",
        why.explained()
    );
    let pressing = kb
        .red_flags
        .iter()
        .filter(|f| matches!(f.urgency, Urgency::Emergency | Urgency::Urgent));
    for flag in pressing.clone() {
        let _ = writeln!(
            d,
            "- **{}** ({}): {}",
            flag.title,
            flag.urgency.as_str(),
            flag.action
        );
    }
    let _ = write!(
        d,
        "\n_Knowledge base {}, reviewed {}._",
        kb.meta.version, kb.meta.reviewed
    );
    let ids = pressing.flat_map(|f| f.source_ids.iter().map(String::as_str));
    let links = source_links(kb, ids, 3);
    Card {
        uuid: cx.uuid("not-assessed"),
        summary: "Leg cramps on the record, but no usable birth date or age: not assessed. Check for warning signs by hand."
            .to_owned(),
        detail: d,
        indicator: Indicator::Warning,
        source: cx.source(
            kb,
            "red flags",
            &html::list_path(PageKind::RedFlags),
            "triage",
            "Leg cramp triage",
        ),
        suggestions: None,
        selection_behavior: None,
        override_reasons: None,
        links: (!links.is_empty()).then_some(links),
    }
}
