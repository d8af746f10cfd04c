//! The medication-review card: recognised medicines linked to cramps, with the fixed advice to
//! have the prescriber or pharmacist review them (never to stop them), and the supplements
//! withheld because of this patient's conditions or medicines.

use std::fmt::Write as _;

use super::{CardContext, from_record};
use crate::cds::mapping::Mapped;
use crate::cds::response::{Card, Indicator};
use crate::cds::text::{escape_markdown, fit_summary, source_links};
use crate::domain::{Association, Field, PageKind};
use crate::engine::{Assessment, WithheldRemedy};
use crate::http::html;
use crate::knowledge::KnowledgeBase;

/// Withheld remedies that are withheld because of this patient's conditions, medicines or
/// pregnancy (not the general "does not work" reasons everyone gets).
fn patient_specific<'a, 'kb>(
    a: &'a Assessment<'kb>,
) -> impl Iterator<Item = &'a WithheldRemedy<'kb>> {
    a.withheld_remedies.iter().filter(|w| {
        w.pointers.iter().any(|p| {
            matches!(
                p.field(),
                Some(
                    Field::Conditions
                        | Field::Medications
                        | Field::Pregnancy
                        | Field::KnownDeficiencies
                )
            )
        })
    })
}

pub(super) fn medication_card(
    a: &Assessment<'_>,
    kb: &KnowledgeBase,
    mapped: &Mapped,
    cx: &CardContext<'_>,
) -> Card {
    let mut classes: Vec<&str> = Vec::new();
    for review in &a.medication_review {
        if !classes.contains(&review.class.title.as_str()) {
            classes.push(&review.class.title);
        }
    }
    // A medicine that is part of a raised red flag (a statin with dark urine) is not a routine
    // review: the card says what its label advises for these symptoms, and to act today.
    let implicated = a
        .medication_review
        .iter()
        .any(|r| !r.red_flag_ids.is_empty());
    let summary = fit_summary(&if implicated {
        format!(
            "Part of a warning sign today: {} (see the label advice below).",
            classes.join(", ").to_lowercase()
        )
    } else {
        format!(
            "Ask the prescriber or pharmacist to review: {} linked to night cramps.",
            classes.join(", ").to_lowercase()
        )
    });
    // Sized for a typical review (2 KB for the published example), so it is rarely moved.
    let mut d = String::with_capacity(2048);
    d.push_str("### Medicines linked to night cramps\n\n");
    for review in &a.medication_review {
        let class = review.class;
        let _ = writeln!(
            d,
            "- **{}**: {} (association with cramps: {}). {}",
            escape_markdown(review.medicine),
            class.title_lower,
            class.association.as_str(),
            class.evidence_note
        );
        if !review.red_flag_ids.is_empty() {
            let _ = writeln!(d, "  - **With this warning sign:** {}", review.advice);
        }
        if let Some(from) = from_record(mapped, [review.pointer]) {
            let _ = writeln!(d, "  - From the record: {from}");
        }
    }
    if a.medication_review
        .iter()
        .any(|r| r.red_flag_ids.is_empty())
    {
        d.push_str(
            "\nAsk the prescriber or pharmacist to review whether each routine one contributes, \
             especially if the cramps began or worsened after it was started or its dose changed. \
             Any change to a medicine is the prescriber's decision, made with the patient.\n",
        );
    }
    let withheld: Vec<&WithheldRemedy<'_>> = patient_specific(a).collect();
    if !withheld.is_empty() {
        d.push_str("\n### Supplements and remedies withheld for this patient\n\n");
        for w in withheld {
            let _ = writeln!(d, "- **{}**: {}", w.remedy.title, w.reason);
        }
    }
    let strong = implicated
        || a.medication_review
            .iter()
            .any(|r| r.class.association >= Association::Moderate || r.class.id == "quinine");
    let links = source_links(
        kb,
        a.medication_review
            .iter()
            .flat_map(|r| r.source_ids.iter().map(String::as_str)),
        3,
    );
    Card {
        uuid: cx.uuid("medication-review"),
        summary,
        detail: d,
        indicator: if strong {
            Indicator::Warning
        } else {
            Indicator::Info
        },
        source: cx.source(
            kb,
            "medicines linked to cramps",
            &a.medication_review.first().map_or_else(
                || html::list_path(PageKind::MedicationClasses),
                |r| html::entry_path(PageKind::MedicationClasses, &r.class.id),
            ),
            "medication-review",
            "Medication review",
        ),
        suggestions: None,
        selection_behavior: None,
        override_reasons: None,
        links: (!links.is_empty()).then_some(links),
    }
}
