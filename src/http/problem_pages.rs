//! The HTML of the problem pages, in the shared page frame ([`super::html`]): at `/problems`
//! (HTML when the client prefers it, language from `Accept-Language`) and at
//! `/pages/problems` (HTML only, language also from `?lang=`). `` `code` `` spans in the texts
//! become `<code>`; everything else is escaped by the templates.

use maud::{Markup, html};

use super::html::{self, Frame};
use super::problems::{ProblemType, ProblemTypeList};
use crate::domain::{Lang, PageKind};
use crate::knowledge::problems::catalogue;
use crate::knowledge::{PageLabels, page_words};

/// Where the pages are served, which decides their links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Served {
    /// `/problems` and `/problems/{code}`.
    Problems,
    /// `/pages/problems` and `/pages/problems/{code}`, with `?lang=` on every link.
    Pages,
}

impl Served {
    fn list(self, lang: Lang) -> String {
        match self {
            Self::Problems => "/problems".to_owned(),
            Self::Pages => html::in_lang(&html::list_path(PageKind::Problems), lang),
        }
    }

    fn entry(self, code: &str, lang: Lang) -> String {
        match self {
            Self::Problems => format!("/problems/{code}"),
            Self::Pages => html::in_lang(&html::entry_path(PageKind::Problems, code), lang),
        }
    }

    fn path(self, code: Option<&str>) -> Option<String> {
        match (self, code) {
            (Self::Problems, _) => None,
            (Self::Pages, None) => Some(html::list_path(PageKind::Problems)),
            (Self::Pages, Some(code)) => Some(html::entry_path(PageKind::Problems, code)),
        }
    }
}

/// `text`, escaped, with its `` `code` `` spans marked up.
fn prose(text: &str) -> Markup {
    html! {
        @for (i, part) in text.split('`').enumerate() {
            @if i % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

fn home(lang: Lang) -> (String, String) {
    (
        page_words(lang).chrome.home.clone(),
        html::in_lang("/pages", lang),
    )
}

/// The catalogue page.
pub(crate) fn catalogue_html(list: &ProblemTypeList, lang: Lang, served: Served) -> String {
    let labels = catalogue().page(lang);
    let main = html! {
        h1 { (labels.catalogue_title) }
        p { (prose(&labels.catalogue_intro)) }
        table {
            thead {
                tr {
                    th scope="col" { (labels.code) }
                    th scope="col" { (labels.status) }
                    th scope="col" { (labels.title) }
                }
            }
            tbody {
                @for p in &list.problems {
                    tr {
                        td { a href=(served.entry(p.code, lang)) { code { (p.code) } } }
                        td { (p.status) }
                        td { (p.title) }
                    }
                }
            }
        }
    };
    let path = served.path(None);
    let trail = [home(lang)];
    let frame = Frame {
        lang,
        title: &labels.catalogue_title,
        path: path.as_deref(),
        trail: &trail,
        stamp: None,
        note: None,
    };
    html::page(&frame, &main).into_string()
}

/// The page of one problem type.
pub(crate) fn page_html(
    page: &ProblemType,
    labels: &PageLabels,
    lang: Lang,
    served: Served,
) -> String {
    let main = html! {
        h1 { (page.title) }
        dl.facts {
            dt { (labels.code) }
            dd { code { (page.code) } }
            dt { (labels.status) }
            dd { (page.status) }
        }
        h2 { (labels.meaning) }
        p { (prose(&page.meaning)) }
        h2 { (labels.what_to_do) }
        p { (prose(&page.what_to_do)) }
    };
    let title = format!("{} ({})", page.title, page.code);
    let path = served.path(Some(page.code));
    let trail = [
        home(lang),
        (labels.catalogue_title.clone(), served.list(lang)),
    ];
    let frame = Frame {
        lang,
        title: &title,
        path: path.as_deref(),
        trail: &trail,
        stamp: None,
        note: None,
    };
    html::page(&frame, &main).into_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped_and_code_spans_marked_up() {
        assert_eq!(
            super::prose("send <key> & see `errors`").into_string(),
            "send &lt;key&gt; &amp; see <code>errors</code>"
        );
    }
}
