//! One page per entry: its texts, its grade and its sources. Entries link to each other (a
//! cause to the remedies for it, a red flag to the remedies it puts on hold, a source to what
//! cites it), always in the page's language.

use maud::{Markup, html};

use super::parts::{Cx, facts, grade, source_links, sources};
use crate::domain::{
    Cause, Differential, EvidenceLevel, Lang, MedicationClass, PageKind, RedFlag, Remedy, Source,
};
use crate::http::problem_pages::{self, Served};
use crate::http::problems;
use crate::knowledge::problems::catalogue;
use crate::knowledge::{KnowledgeBase, ProblemCode};

/// How a 404 names the kind (a key of the problem texts' `resources`).
pub(super) fn resource(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Causes => "cause",
        PageKind::Remedies => "remedy",
        PageKind::RedFlags => "red flag",
        PageKind::Differentials => "differential",
        PageKind::MedicationClasses => "medication class",
        PageKind::Sources => "source",
        PageKind::Problems => "problem type",
    }
}

/// The page of entry `id` of `kind`, or `None` when there is no such entry.
pub(super) fn entry(kb: &KnowledgeBase, kind: PageKind, id: &str, lang: Lang) -> Option<String> {
    let cx = Cx::new(kb, lang);
    Some(match kind {
        PageKind::Causes => cause(&cx, kb.cause(id)?),
        PageKind::Remedies => remedy(&cx, kb.remedy(id)?),
        PageKind::RedFlags => red_flag(&cx, kb.red_flag(id)?),
        PageKind::Differentials => differential(&cx, kb.differentials.iter().find(|d| d.id == id)?),
        PageKind::MedicationClasses => medication_class(&cx, kb.medication_class(id)?),
        PageKind::Sources => source(&cx, kb.source(id)?),
        PageKind::Problems => {
            let code = ProblemCode::parse(id)?;
            problem_pages::page_html(
                &problems::view(code, lang),
                catalogue().page(lang),
                lang,
                Served::Pages,
            )
        }
    })
}

/// A bulleted list of texts.
fn bullets(items: impl IntoIterator<Item = impl AsRef<str>>) -> Markup {
    html! { ul { @for item in items { li { (item.as_ref()) } } } }
}

fn cause(cx: &Cx<'_>, c: &Cause) -> String {
    let l = &cx.words.labels;
    let remedies: Vec<&Remedy> = cx
        .kb
        .remedies
        .iter()
        .filter(|r| r.addresses.contains(&c.id))
        .collect();
    let main = html! {
        h1 { (c.title) }
        p.lead { (c.summary) }
        (facts(&[
            (&l.association, grade("association", c.association.as_str(), cx.words.association(c.association))),
            (&l.modifiable, html! { (if c.modifiable { &l.yes } else { &l.no }) }),
        ]))
        h2 { (l.what_evidence_says) }
        p { (c.evidence) }
        h2 { (l.suspicion) }
        (bullets(&c.suspicion))
        @if !remedies.is_empty() {
            h2 { (l.remedies_for_it) }
            (remedy_links(cx, &remedies))
        }
        (sources(cx, c.source_ids.iter().map(String::as_str)))
    };
    cx.entry_page(PageKind::Causes, &c.id, &c.title, &main)
}

/// Links to remedies, each with its evidence grade.
pub(super) fn remedy_links(cx: &Cx<'_>, remedies: &[&Remedy]) -> Markup {
    html! {
        ul.entries {
            @for r in remedies {
                li {
                    a href=(cx.entry(PageKind::Remedies, &r.id)) { (r.title) }
                    " – " (grade("evidence", r.evidence.as_str(), cx.words.evidence(r.evidence)))
                }
            }
        }
    }
}

fn remedy(cx: &Cx<'_>, r: &Remedy) -> String {
    let l = &cx.words.labels;
    let not_recommended = r.evidence == EvidenceLevel::NotRecommended;
    let main = html! {
        h1 { (r.title) }
        p.lead { (r.summary) }
        (facts(&[
            (&l.evidence, grade("evidence", r.evidence.as_str(), cx.words.evidence(r.evidence))),
            (&l.phase, html! { (cx.words.phase(r.phase)) }),
        ]))
        @if let Some(correction) = &r.evidence_correction {
            p { strong { (correction) } }
        }
        h2 { (if not_recommended { &l.advice } else { &l.how_to }) }
        @if r.how_to.len() > 1 {
            ol { @for step in &r.how_to { li { (step) } } }
        } @else {
            @for step in &r.how_to { p { (step) } }
        }
        @if !r.cautions.is_empty() {
            h2 { (l.cautions) }
            (bullets(r.cautions.iter().map(|c| &c.text)))
        }
        @if !r.withhold.is_empty() {
            h2 { (l.withheld_when) }
            (bullets(r.withhold.iter().map(|w| &w.reason)))
        }
        h2 { (l.what_evidence_says) }
        p { (r.evidence_note) }
        @if !r.addresses.is_empty() {
            h2 { (l.addresses) }
            ul.entries {
                @for cause in r.addresses.iter().filter_map(|id| cx.kb.cause(id)) {
                    li { a href=(cx.entry(PageKind::Causes, &cause.id)) { (cause.title) } }
                }
            }
        }
        (sources(cx, r.source_ids.iter().map(String::as_str)))
    };
    cx.entry_page(PageKind::Remedies, &r.id, &r.title, &main)
}

fn red_flag(cx: &Cx<'_>, f: &RedFlag) -> String {
    let l = &cx.words.labels;
    let ids = f
        .source_ids
        .iter()
        .chain(f.withhold.iter().flat_map(|w| &w.source_ids))
        .chain(f.implicates.iter().flat_map(|i| &i.source_ids))
        .map(String::as_str);
    let main = html! {
        h1 { (f.title) }
        p.lead { strong { (f.headline) } }
        (facts(&[(&l.urgency, grade("urgency", f.urgency.as_str(), cx.words.urgency(f.urgency)))]))
        h2 { (l.action) }
        p { (f.action) }
        h2 { (l.possible_cause) }
        p { (f.possible_cause) }
        @if let Some(withhold) = &f.withhold {
            h2 { (l.withholds) }
            p { (withhold.reason) }
            (remedy_links(cx, &withhold.remedies.iter().filter_map(|id| cx.kb.remedy(id)).collect::<Vec<_>>()))
        }
        @if !f.implicates.is_empty() {
            h2 { (l.implicates) }
            ul.entries {
                @for i in &f.implicates {
                    @if let Some(class) = cx.kb.medication_class(&i.class) {
                        li {
                            a href=(cx.entry(PageKind::MedicationClasses, &class.id)) { (class.title) }
                            ": " (i.advice)
                        }
                    }
                }
            }
        }
        (sources(cx, ids))
    };
    cx.entry_page(PageKind::RedFlags, &f.id, &f.title, &main)
}

fn differential(cx: &Cx<'_>, d: &Differential) -> String {
    let l = &cx.words.labels;
    let main = html! {
        h1 { (d.title) }
        p.lead { (d.summary) }
        (facts(&[(&l.evidence, html! { (l.grade_missing) })]))
        h2 { (l.features) }
        (bullets(&d.distinguishing_features))
        (sources(cx, d.source_ids.iter().map(String::as_str)))
    };
    cx.entry_page(PageKind::Differentials, &d.id, &d.title, &main)
}

fn medication_class(cx: &Cx<'_>, m: &MedicationClass) -> String {
    let l = &cx.words.labels;
    let main = html! {
        h1 { (m.title) }
        (facts(&[(&l.association, grade("association", m.association.as_str(), cx.words.association(m.association)))]))
        p.lead { strong { (m.advice.as_ref().unwrap_or(&cx.kb.meta.medication_advice)) } }
        h2 { (l.what_evidence_says) }
        p { (m.evidence_note) }
        @if m.raises_clot_risk {
            p { (l.clot_risk) }
        }
        h2 { (l.generic_names) }
        p { (m.shown_generic_names.join(", ")) }
        @if !m.shown_brand_names.is_empty() {
            h2 { (l.brand_names) }
            p { (m.shown_brand_names.join(", ")) }
        }
        (sources(cx, m.source_ids.iter().map(String::as_str)))
    };
    cx.entry_page(PageKind::MedicationClasses, &m.id, &m.title, &main)
}

/// Every entry that cites `id`: (kind, entry id, title).
fn cited_by<'k>(kb: &'k KnowledgeBase, id: &str) -> Vec<(PageKind, &'k str, &'k str)> {
    let cites = |ids: &[String]| ids.iter().any(|s| s == id);
    let mut found = Vec::new();
    found.extend(
        kb.causes
            .iter()
            .filter(|c| cites(&c.source_ids))
            .map(|c| (PageKind::Causes, c.id.as_str(), c.title.as_str())),
    );
    found.extend(
        kb.remedies
            .iter()
            .filter(|r| cites(&r.source_ids))
            .map(|r| (PageKind::Remedies, r.id.as_str(), r.title.as_str())),
    );
    found.extend(
        kb.red_flags
            .iter()
            .filter(|f| {
                cites(&f.source_ids)
                    || f.withhold.as_ref().is_some_and(|w| cites(&w.source_ids))
                    || f.implicates.iter().any(|i| cites(&i.source_ids))
            })
            .map(|f| (PageKind::RedFlags, f.id.as_str(), f.title.as_str())),
    );
    found.extend(
        kb.differentials
            .iter()
            .filter(|d| cites(&d.source_ids))
            .map(|d| (PageKind::Differentials, d.id.as_str(), d.title.as_str())),
    );
    found.extend(
        kb.medication_classes
            .iter()
            .filter(|m| cites(&m.source_ids))
            .map(|m| (PageKind::MedicationClasses, m.id.as_str(), m.title.as_str())),
    );
    found
}

fn source(cx: &Cx<'_>, s: &Source) -> String {
    let l = &cx.words.labels;
    let in_own = cx.lang_of(s.lang);
    let mut items = Vec::new();
    if let Some(authors) = &s.authors {
        items.push((l.authors.as_str(), html! { (authors) }));
    }
    items.push((
        l.publisher.as_str(),
        html! { span lang=[in_own] { (s.publisher) } },
    ));
    items.push((l.year.as_str(), html! { (s.year) }));
    items.push((l.kind.as_str(), html! { (cx.words.source_kind(s.kind)) }));
    let citing = cited_by(cx.kb, &s.id);
    let main = html! {
        h1 lang=[in_own] { (s.title) }
        (facts(&items))
        h2 { (l.links) }
        ul.entries {
            @for (label, href) in source_links(s) {
                li { (label) ": " a href=(href) { (href) } }
            }
        }
        @if !s.verified {
            p {
                (l.unverified)
                @if let Some(reason) = &s.unverified_reason {
                    ": " span lang=[cx.lang_of(Lang::En)] { (reason) }
                }
            }
        }
        @if !citing.is_empty() {
            h2 { (l.cited_by) }
            ul.entries {
                @for (kind, id, title) in citing {
                    li {
                        a href=(cx.entry(kind, id)) { (title) }
                        " (" (cx.words.kind(kind).title) ")"
                    }
                }
            }
        }
    };
    cx.entry_page(PageKind::Sources, &s.id, &s.title, &main)
}
