//! The relief-plan card: the engine's ordered plan by section, the remedies not advised for
//! this patient, and the disclaimer.

use std::fmt::Write as _;

use super::CardContext;
use crate::cds::response::{Card, Indicator};
use crate::cds::text::{fit_summary, source_links};
use crate::domain::{PageKind, PlanPhase};
use crate::engine::Assessment;
use crate::http::html;
use crate::knowledge::KnowledgeBase;

fn phase_heading(phase: PlanPhase) -> &'static str {
    match phase {
        PlanPhase::SeekCareNow => "Get medical help now",
        PlanPhase::DuringCramp => "During a cramp",
        PlanPhase::Tonight => "Tonight, at bedtime",
        PlanPhase::Daily => "Every day",
        PlanPhase::WithClinician => "With a clinician",
    }
}

pub(super) fn relief_plan_card(
    a: &Assessment<'_>,
    kb: &KnowledgeBase,
    cx: &CardContext<'_>,
) -> Card {
    // Sized for a typical plan (3.6 KB for the published example), so it is rarely moved.
    let mut d = String::with_capacity(4096);
    let mut phase = None;
    for step in &a.relief_plan {
        if phase != Some(step.phase) {
            phase = Some(step.phase);
            let _ = writeln!(
                d,
                "{}### {}\n",
                if d.is_empty() { "" } else { "\n" },
                phase_heading(step.phase)
            );
        }
        let _ = write!(d, "{}. {} _", step.order, step.action);
        // The paragraph piece by piece, straight into the card: no string per step.
        step.why
            .display(&kb.meta.addresses_label)
            .each_piece(|piece| d.push_str(piece));
        d.push_str("_\n");
    }
    if !a.withheld_remedies.is_empty() {
        d.push_str("\n### Not advised for this patient\n\n");
        // A red flag withholds several remedies for one reason: say the reason once.
        let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
        for w in &a.withheld_remedies {
            match reasons.iter_mut().find(|(reason, _)| *reason == w.reason) {
                Some((_, titles)) => titles.push(&w.remedy.title),
                None => reasons.push((w.reason, vec![&w.remedy.title])),
            }
        }
        for (reason, titles) in reasons {
            let _ = writeln!(d, "- **{}**: {}", titles.join("; "), reason);
        }
    }
    let _ = write!(d, "\n{}", kb.meta.disclaimer);
    let summary = fit_summary(&format!(
        "Relief plan for night-time leg cramps: {} steps, each with its reason and evidence.",
        a.relief_plan.len()
    ));
    let ids = ["nhs_leg_cramps", "nice_cks_leg_cramps"].into_iter().chain(
        a.remedies
            .iter()
            .flat_map(|r| r.remedy.source_ids.iter().map(String::as_str)),
    );
    let links = source_links(kb, ids, 4);
    Card {
        uuid: cx.uuid("relief-plan"),
        summary,
        detail: d,
        indicator: Indicator::Info,
        source: cx.source(
            kb,
            "remedies",
            &html::list_path(PageKind::Remedies),
            "relief-plan",
            "Leg cramp relief plan",
        ),
        suggestions: None,
        selection_behavior: None,
        override_reasons: None,
        links: (!links.is_empty()).then_some(links),
    }
}
