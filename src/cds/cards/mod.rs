//! An assessment as CDS Hooks cards: triage first, then the medicines to review (when any is
//! recognised), then the relief plan. The wording comes from the knowledge base; these
//! builders only arrange it and say where in the record each conclusion came from.

use std::borrow::Borrow;
use std::fmt::Write as _;

mod not_assessed;
mod plan;
mod review;

pub(crate) use not_assessed::{NotAssessed, not_assessed_card};

use super::mapping::Mapped;
use super::response::{Card, CardSource, Indicator};
use super::text::{escape_markdown, fit_summary, source_links, stable_uuid, topic};
use crate::domain::{PageKind, TriageLevel};
use crate::engine::Assessment;
use crate::http::html;
use crate::knowledge::KnowledgeBase;

/// How many causes the triage card lists.
const MAX_CAUSES: usize = 5;

/// What every card of one call shares.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CardContext<'a> {
    /// The service answering.
    pub service_id: &'a str,
    /// The call's `hookInstance`.
    pub hook_instance: &'a str,
    /// `scheme://host` of this server, for absolute URLs of the reference pages.
    pub base_url: &'a str,
}

impl CardContext<'_> {
    /// The card uuid for `kind` in this call.
    pub(crate) fn uuid(&self, kind: &str) -> String {
        stable_uuid(&[self.service_id, kind, self.hook_instance])
    }

    fn source(
        &self,
        kb: &KnowledgeBase,
        what: &str,
        path: &str,
        code: &str,
        display: &str,
    ) -> CardSource {
        CardSource {
            label: format!("cramp-advisor knowledge {}: {what}", kb.meta.version),
            url: Some(format!("{}{path}", self.base_url)),
            topic: Some(topic(code, display)),
        }
    }
}

/// The `patient-view` cards for one assessment.
pub(crate) fn patient_view_cards(
    a: &Assessment<'_>,
    kb: &KnowledgeBase,
    mapped: &Mapped,
    cx: &CardContext<'_>,
) -> Vec<Card> {
    let mut cards = vec![triage_card(a, kb, mapped, cx)];
    if !a.medication_review.is_empty() {
        cards.push(review::medication_card(a, kb, mapped, cx));
    }
    cards.push(plan::relief_plan_card(a, kb, cx));
    cards
}

/// The indicator for a triage level.
pub(crate) fn indicator_for(level: TriageLevel) -> Indicator {
    match level {
        TriageLevel::Emergency | TriageLevel::Urgent => Indicator::Critical,
        TriageLevel::Soon => Indicator::Warning,
        TriageLevel::Routine | TriageLevel::SelfCare => Indicator::Info,
    }
}

fn from_record(
    mapped: &Mapped,
    pointers: impl IntoIterator<Item = impl Borrow<crate::engine::Pointer>>,
) -> Option<String> {
    let found: Vec<String> = pointers
        .into_iter()
        .filter_map(|p| mapped.provenance.get(p.borrow()))
        .map(|s| escape_markdown(s))
        .collect();
    (!found.is_empty()).then(|| found.join("; "))
}

fn triage_card(
    a: &Assessment<'_>,
    kb: &KnowledgeBase,
    mapped: &Mapped,
    cx: &CardContext<'_>,
) -> Card {
    let level = a.triage.level;
    // Sized for a typical triage (under 1 KB for the published example), so it is rarely moved.
    let mut d = String::with_capacity(1024);
    let _ = writeln!(
        d,
        "**Triage: {}.** Built by cramp-advisor from the coded record: a prompt for the clinician, not a diagnosis.",
        level.as_str().replace('_', " ")
    );
    if a.triage.red_flags.is_empty() {
        let _ = writeln!(
            d,
            "\nNo red flag found in the coded record. {}",
            a.triage.headline
        );
    } else {
        d.push_str("\n### Red flags\n\n");
        for raised in &a.triage.red_flags {
            let flag = raised.flag;
            let _ = writeln!(
                d,
                "- **{}** ({}): {}",
                flag.title,
                flag.urgency.as_str(),
                flag.action
            );
            let _ = writeln!(d, "  - What it might mean: {}", flag.possible_cause);
            if let Some(from) = from_record(mapped, &raised.pointers) {
                let _ = writeln!(d, "  - From the record: {from}");
            }
        }
    }
    if !a.causes.is_empty() {
        d.push_str("\n### Likely contributors\n\n");
        for found in a.causes.iter().take(MAX_CAUSES) {
            let _ = write!(
                d,
                "- **{}** ({} likelihood)",
                found.cause.title,
                found.likelihood.as_str()
            );
            if let Some(from) = from_record(mapped, found.because.iter().map(|r| r.pointer)) {
                let _ = write!(d, ": from the record: {from}");
            }
            d.push('\n');
        }
    }
    let _ = write!(
        d,
        "\n_Knowledge base {}, reviewed {}._",
        kb.meta.version, kb.meta.reviewed
    );
    let (source, link_ids): (CardSource, Vec<&str>) = if a.triage.red_flags.is_empty() {
        let path = a.causes.first().map_or_else(
            || html::list_path(PageKind::Causes),
            |c| html::entry_path(PageKind::Causes, &c.cause.id),
        );
        let ids = a
            .causes
            .iter()
            .flat_map(|c| c.cause.source_ids.iter().map(String::as_str))
            .collect();
        (
            cx.source(kb, "causes", &path, "triage", "Leg cramp triage"),
            ids,
        )
    } else {
        let ids = a
            .triage
            .red_flags
            .iter()
            .flat_map(|r| r.flag.source_ids.iter().map(String::as_str))
            .collect();
        let path = a.triage.red_flags.first().map_or_else(
            || html::list_path(PageKind::RedFlags),
            |r| html::entry_path(PageKind::RedFlags, &r.flag.id),
        );
        (
            cx.source(kb, "red flags", &path, "triage", "Leg cramp triage"),
            ids,
        )
    };
    let links = source_links(kb, link_ids, 3);
    Card {
        uuid: cx.uuid("triage"),
        summary: fit_summary(a.triage.headline),
        detail: d,
        indicator: indicator_for(level),
        source,
        suggestions: None,
        selection_behavior: None,
        override_reasons: None,
        links: (!links.is_empty()).then_some(links),
    }
}
