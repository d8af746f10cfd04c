//! The index of the pages and the list of each kind.

use maud::{Markup, html};

use super::entries::remedy_links;
use super::parts::{Cx, citation, grade};
use crate::domain::{Lang, PageKind};
use crate::http::html;
use crate::http::problem_pages::{self, Served};
use crate::http::problems::{ProblemTypeList, view};
use crate::knowledge::{KnowledgeBase, ProblemCode};

/// `/pages`: a link to each kind's list, with one line about it.
pub(super) fn index(kb: &KnowledgeBase, lang: Lang) -> String {
    let cx = Cx::new(kb, lang);
    let main = html! {
        h1 { (cx.words.index.title) }
        p.lead { (cx.words.index.intro) }
        ul.entries {
            @for kind in PageKind::ALL {
                li {
                    a href=(cx.list(*kind)) { (cx.words.kind(*kind).title) }
                    br;
                    (cx.words.kind(*kind).intro)
                }
            }
        }
    };
    let frame_title = cx.words.index.title.clone();
    // The index is the breadcrumb's home: no trail of its own.
    let frame = crate::http::html::Frame {
        lang,
        title: &frame_title,
        path: Some("/pages"),
        trail: &[],
        stamp: Some((&kb.meta.version, &kb.meta.reviewed)),
        note: Some(&kb.meta.disclaimer),
    };
    html::page(&frame, &main).into_string()
}

/// A list of entries, one item each.
fn links(items: impl IntoIterator<Item = Markup>) -> Markup {
    html! { ul.entries { @for item in items { li { (item) } } } }
}

/// `/pages/{kind}`: every entry of the kind, with its grade where it has one.
pub(super) fn list(kb: &KnowledgeBase, kind: PageKind, lang: Lang) -> String {
    let cx = Cx::new(kb, lang);
    let w = cx.words;
    let body = match kind {
        PageKind::Problems => {
            let list = ProblemTypeList {
                problems: ProblemCode::ALL.iter().map(|c| view(*c, lang)).collect(),
            };
            return problem_pages::catalogue_html(&list, lang, Served::Pages);
        }
        PageKind::Causes => links(kb.causes.iter().map(|c| {
            html! {
                a href=(cx.entry(kind, &c.id)) { (c.title) }
                " – " (grade("association", c.association.as_str(), w.association(c.association)))
            }
        })),
        PageKind::Remedies => remedy_links(&cx, &kb.remedies.iter().collect::<Vec<_>>()),
        PageKind::RedFlags => {
            let mut flags: Vec<_> = kb.red_flags.iter().collect();
            flags.sort_by_key(|f| f.urgency);
            links(flags.into_iter().map(|f| {
                html! {
                    a href=(cx.entry(kind, &f.id)) { (f.title) }
                    " – " (grade("urgency", f.urgency.as_str(), w.urgency(f.urgency)))
                }
            }))
        }
        PageKind::Differentials => links(kb.differentials.iter().map(|d| {
            html! { a href=(cx.entry(kind, &d.id)) { (d.title) } }
        })),
        PageKind::MedicationClasses => links(kb.medication_classes.iter().map(|m| {
            html! {
                a href=(cx.entry(kind, &m.id)) { (m.title) }
                " – " (grade("association", m.association.as_str(), w.association(m.association)))
            }
        })),
        PageKind::Sources => links(kb.sources.iter().map(|s| {
            html! { (citation(&cx, s)) " – " (w.source_kind(s.kind)) }
        })),
    };
    let heading = w.kind(kind);
    let main = html! {
        h1 { (heading.title) }
        p.lead { (heading.intro) }
        (body)
    };
    cx.page(&heading.title, &html::list_path(kind), Vec::new(), &main)
}
