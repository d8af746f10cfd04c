//! `quinine-for-cramps` (order-select): a critical card when a selected draft order is for
//! quinine, explaining the FDA boxed warning and the MHRA advice, with a one-click suggestion to
//! remove the order and links to the alternatives. No card for any other order.

use std::fmt::Write as _;

use super::cards::CardContext;
use super::fhir::{CodeableConcept, Resource, parse_resource};
use super::mapping::{medicine_concept, medicine_name};
use super::request::OrderSelectContext;
use super::response::{Action, Card, CardCoding, CardSource, Indicator, Suggestion};
use super::text::{OVERRIDE_SYSTEM, escape_markdown, link, source_links, stable_uuid, topic};
use crate::domain::PageKind;
use crate::http::html;
use crate::knowledge::KnowledgeBase;

/// The medicine class that marks quinine in the medicine index.
const QUININE_CLASS: &str = "quinine";
/// Catalogue remedies offered instead: the stretches with the best (if modest) evidence.
pub(crate) const ALTERNATIVES: [(&str, &str); 2] = [
    (
        "bedtime_stretching",
        "Alternative: nightly calf stretching (cramp-advisor)",
    ),
    (
        "stretch_cramping_muscle",
        "Alternative: stretching the cramping muscle (cramp-advisor)",
    ),
];

/// A draft order for quinine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuinineOrder {
    /// `MedicationRequest/{id}`, when the order has an id.
    pub resource_id: Option<String>,
    /// The medicine as the order names it.
    pub label: String,
}

/// The selected draft orders that are for quinine (all draft orders when none is selected),
/// in bundle order.
///
/// # Errors
/// `(pointer, message)` when `draftOrders` is not a valid FHIR resource.
pub(crate) fn quinine_orders(
    context: &OrderSelectContext,
    kb: &KnowledgeBase,
) -> Result<Vec<QuinineOrder>, (String, String)> {
    let mut resources = Vec::new();
    parse_resource(&context.draft_orders)?.flatten(&mut resources);
    let definitions: Vec<_> = resources
        .iter()
        .filter_map(|r| match r {
            Resource::Medication(m) => Some(m.clone()),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    for resource in &resources {
        let Resource::MedicationRequest(order) = resource else {
            continue;
        };
        let resource_id = order
            .id
            .as_ref()
            .map(|id| format!("MedicationRequest/{id}"));
        let selected = context.selections.is_empty()
            || resource_id
                .as_ref()
                .is_some_and(|rid| context.selections.iter().any(|s| s == rid));
        if !selected {
            continue;
        }
        let Some(concept) = medicine_concept(order, &definitions) else {
            continue;
        };
        if is_quinine(concept, kb) {
            found.push(QuinineOrder {
                resource_id,
                label: concept.label().unwrap_or("quinine").to_owned(),
            });
        }
    }
    Ok(found)
}

/// True when the RxNorm code or the name is quinine in our medicine index.
pub(crate) fn is_quinine(concept: &CodeableConcept, kb: &KnowledgeBase) -> bool {
    medicine_name(concept, kb)
        .and_then(|(name, _)| kb.match_medicine(&name))
        .is_some_and(|m| m.classes.iter().any(|c| c.id == QUININE_CLASS))
}

/// The critical card for one quinine order.
pub(crate) fn card(
    order: &QuinineOrder,
    pregnant: bool,
    kb: &KnowledgeBase,
    cx: &CardContext<'_>,
) -> Card {
    let key = order.resource_id.as_deref().unwrap_or("unidentified-order");
    let mut d = format!(
        "**{}** is a quinine order. Quinine is not advised for night-time leg cramps:\n\n",
        escape_markdown(&order.label)
    );
    d.push_str(
        "- **US FDA:** quinine (Qualaquin) is not approved for leg cramps. Its boxed warning \
         describes serious and life-threatening haematological reactions, including \
         thrombocytopenia and haemolytic uraemic syndrome / thrombotic thrombocytopenic purpura \
         (HUS/TTP), and chronic renal impairment; deaths have been reported. The FDA judges that \
         the risk outweighs the possible benefit for leg cramps.\n\
         - **UK MHRA:** quinine should not be used routinely for nocturnal leg cramps. Consider it \
         only when cramps regularly disrupt sleep or are very painful or frequent, other treatable \
         causes have been ruled out and non-drug measures have not worked. Review after a 4-week \
         trial and stop if there is no benefit; review regularly (about every 3 months). Take care \
         with other medicines that prolong the QT interval.\n\
         - **Benefit is modest:** about one fewer cramp a week (Cochrane review, 2015).\n\
         - **Quinine must not be used in pregnancy.**\n",
    );
    if pregnant {
        d.push_str("\n**The record indicates this patient is pregnant.**\n");
    }
    d.push_str("\n**Alternatives:** regular calf stretching, especially before bed, a review of medicines that can cause cramps, and checking for an underlying cause. See the links.\n");
    let _ = write!(
        d,
        "\n_Knowledge base {}, reviewed {}._",
        kb.meta.version, kb.meta.reviewed
    );
    let suggestions = order.resource_id.as_ref().map(|rid| {
        vec![Suggestion {
            label: "Remove the quinine order".to_owned(),
            uuid: stable_uuid(&[cx.service_id, "remove-order", cx.hook_instance, rid]),
            is_recommended: true,
            actions: vec![Action {
                action_type: "delete",
                description: format!("Remove the draft order for {}", order.label.trim()),
                resource_id: rid.clone(),
            }],
        }]
    });
    let mut links = source_links(
        kb,
        [
            "fda_quinine_2010",
            "fda_qualaquin_label",
            "mhra_quinine_2010",
        ],
        3,
    );
    for (remedy_id, label) in ALTERNATIVES {
        links.push(link(
            label,
            format!(
                "{}{}",
                cx.base_url,
                html::entry_path(PageKind::Remedies, remedy_id)
            ),
        ));
    }
    let reason = |code: &str, display: &str| CardCoding {
        system: OVERRIDE_SYSTEM.to_owned(),
        code: code.to_owned(),
        display: Some(display.to_owned()),
    };
    Card {
        uuid: cx.uuid(&format!("quinine-order:{key}")),
        summary: "Quinine for leg cramps: FDA boxed warning and MHRA advice against routine use. Consider removing this order.".to_owned(),
        detail: d,
        indicator: Indicator::Critical,
        source: CardSource {
            label: format!("FDA and MHRA quinine safety advice (cramp-advisor knowledge {})", kb.meta.version),
            url: Some(format!(
                "{}{}",
                cx.base_url,
                html::entry_path(PageKind::Remedies, "quinine")
            )),
            topic: Some(topic("quinine-order", "Quinine ordered for leg cramps")),
        },
        selection_behavior: suggestions.as_ref().map(|_| "at-most-one"),
        suggestions,
        override_reasons: Some(vec![
            reason("mhra-criteria-met", "MHRA criteria met: other causes excluded and non-drug measures tried"),
            reason("not-for-cramps", "Prescribed for another indication (for example malaria)"),
            reason("specialist-advice", "Continuing on specialist advice, with regular review"),
        ]),
        links: Some(links),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alternatives_and_quinine_are_catalogue_entries() {
        let kb = KnowledgeBase::embedded().unwrap();
        for (id, _) in ALTERNATIVES {
            assert!(kb.remedy(id).is_some(), "remedy {id} exists");
        }
        assert!(kb.remedy("quinine").is_some());
        assert!(kb.medication_class(QUININE_CLASS).is_some());
        for id in [
            "fda_quinine_2010",
            "fda_qualaquin_label",
            "mhra_quinine_2010",
        ] {
            assert!(
                kb.source(id).is_some_and(|s| s.url.is_some()),
                "source {id} has a URL"
            );
        }
    }

    #[test]
    fn quinine_is_recognised_by_rxnorm_code_or_by_name_and_quinidine_is_not() {
        let kb = KnowledgeBase::embedded().unwrap();
        let concept = |system: &str, code: &str, text: &str| CodeableConcept {
            coding: vec![super::super::fhir::Coding {
                system: Some(system.to_owned()),
                code: Some(code.to_owned()),
                display: None,
            }],
            text: (!text.is_empty()).then(|| text.to_owned()),
        };
        let rx = super::super::codes::RXNORM;
        assert!(is_quinine(&concept(rx, "9071", ""), &kb));
        assert!(is_quinine(
            &concept(rx, "000", "Quinine sulfate 324 MG Oral Capsule"),
            &kb
        ));
        assert!(!is_quinine(
            &concept(rx, "9068", "Quinidine sulfate 200 MG Oral Tablet"),
            &kb
        ));
        assert!(!is_quinine(
            &concept(rx, "5521", "Hydroxychloroquine 200 MG Oral Tablet"),
            &kb
        ));
    }
}
