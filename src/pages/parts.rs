//! What the pages share: links that keep the language, the facts box, grades, the sources
//! section and the frame of an entry page.

use std::collections::BTreeSet;

use maud::{Markup, html};

use crate::domain::{Lang, PageKind, Source};
use crate::http::html::{self, Frame};
use crate::knowledge::{KnowledgeBase, PageWords, page_words};

/// What every part of one page needs.
#[derive(Clone, Copy)]
pub(super) struct Cx<'a> {
    /// The knowledge base in the page's language.
    pub kb: &'a KnowledgeBase,
    /// The page's language.
    pub lang: Lang,
    /// The words of the pages in that language.
    pub words: &'static PageWords,
}

impl<'a> Cx<'a> {
    pub(super) fn new(kb: &'a KnowledgeBase, lang: Lang) -> Self {
        Self {
            kb,
            lang,
            words: page_words(lang),
        }
    }

    /// The link to an entry's page, in this language.
    pub(super) fn entry(&self, kind: PageKind, id: &str) -> String {
        html::in_lang(&html::entry_path(kind, id), self.lang)
    }

    /// The link to a kind's list, in this language.
    pub(super) fn list(&self, kind: PageKind) -> String {
        html::in_lang(&html::list_path(kind), self.lang)
    }

    /// The `lang` attribute of text in `lang` inside this page: only where it differs.
    pub(super) fn lang_of(&self, lang: Lang) -> Option<&'static str> {
        (lang != self.lang).then_some(lang.as_str())
    }

    /// The home link of the breadcrumb.
    pub(super) fn home(&self) -> (String, String) {
        (
            self.words.chrome.home.clone(),
            html::in_lang("/pages", self.lang),
        )
    }

    /// A whole page: `main` in the frame, with the breadcrumb `trail` after the home link,
    /// the knowledge stamp and the disclaimer.
    pub(super) fn page(
        &self,
        title: &str,
        path: &str,
        trail: Vec<(String, String)>,
        main: &Markup,
    ) -> String {
        let mut full = vec![self.home()];
        full.extend(trail);
        let frame = Frame {
            lang: self.lang,
            title,
            path: Some(path),
            trail: &full,
            stamp: Some((&self.kb.meta.version, &self.kb.meta.reviewed)),
            note: Some(&self.kb.meta.disclaimer),
        };
        html::page(&frame, main).into_string()
    }

    /// The frame of an entry of `kind`: the breadcrumb leads through the kind's list.
    pub(super) fn entry_page(
        &self,
        kind: PageKind,
        id: &str,
        title: &str,
        main: &Markup,
    ) -> String {
        let trail = vec![(self.words.kind(kind).title.clone(), self.list(kind))];
        self.page(title, &html::entry_path(kind, id), trail, main)
    }
}

/// A box of facts: label and value pairs.
pub(super) fn facts(items: &[(&str, Markup)]) -> Markup {
    html! {
        dl.facts {
            @for (label, value) in items {
                dt { (label) }
                dd { (value) }
            }
        }
    }
}

/// A grade, styled by its wire name (`grade-not_recommended` stands out).
pub(super) fn grade(class: &str, wire: &str, text: &str) -> Markup {
    html! { span class=(format!("grade {class}-{wire}")) { (text) } }
}

/// A source's citation: its title linking to its page, then publisher and year, marked up in
/// the source's own language where that differs from the page's.
pub(super) fn citation(cx: &Cx<'_>, source: &Source) -> Markup {
    html! {
        a href=(cx.entry(PageKind::Sources, &source.id)) lang=[cx.lang_of(source.lang)] {
            (source.title)
        }
        " ("
        span lang=[cx.lang_of(source.lang)] { (source.publisher) }
        ", " (source.year) ")"
    }
}

/// The links to read a source: DOI, PubMed and the publisher's page, each shown as its address
/// (so a printout keeps it).
pub(super) fn source_links(source: &Source) -> Vec<(&'static str, String)> {
    let mut links = Vec::new();
    if let Some(doi) = &source.doi {
        links.push(("DOI", format!("https://doi.org/{doi}")));
    }
    if let Some(pmid) = &source.pmid {
        links.push(("PubMed", format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/")));
    }
    if let Some(url) = &source.url {
        links.push(("URL", url.clone()));
    }
    links
}

/// The "Sources" section: every cited source once, in the order first cited, with its
/// citation and its DOI or web address.
pub(super) fn sources<'s>(cx: &Cx<'_>, ids: impl IntoIterator<Item = &'s str>) -> Markup {
    let mut seen = BTreeSet::new();
    let cited: Vec<&Source> = ids
        .into_iter()
        .filter(|id| seen.insert(*id))
        .filter_map(|id| cx.kb.source(id))
        .collect();
    html! {
        h2 { (cx.words.labels.sources) }
        ol.entries {
            @for source in cited {
                li {
                    (citation(cx, source))
                    @if let Some((_, href)) = source_links(source).into_iter().next() {
                        " " a href=(href) { (href) }
                    }
                }
            }
        }
    }
}
