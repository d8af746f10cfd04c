//! The page frame: head (charset, viewport, title, the inline style sheet), a skip link, the
//! site name, the breadcrumb and language links, one `<main>`, and a footer with the knowledge
//! base's version and the disclaimer.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::CSS;
use crate::domain::Lang;
use crate::knowledge::page_words;

/// What frames one page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame<'a> {
    /// The language of the page (its `lang` attribute).
    pub lang: Lang,
    /// The page's own title (its `<h1>` says the same).
    pub title: &'a str,
    /// The path of this page, for the language links (`?lang=`); `None` where the page takes
    /// its language from `Accept-Language` only (`/problems`).
    pub path: Option<&'a str>,
    /// The pages above this one, outermost first: (text, href).
    pub trail: &'a [(String, String)],
    /// The knowledge base's version and review date, for the footer.
    pub stamp: Option<(&'a str, &'a str)>,
    /// A closing note (the not-a-diagnosis disclaimer).
    pub note: Option<&'a str>,
}

/// The complete document: `main` inside the frame.
pub(crate) fn page(frame: &Frame<'_>, main: &Markup) -> Markup {
    let words = page_words(frame.lang);
    html! {
        (DOCTYPE)
        html lang=(frame.lang.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (frame.title) " – " (words.chrome.site) }
                style { (PreEscaped(CSS)) }
            }
            body {
                a.skip href="#main" { (words.chrome.skip) }
                header {
                    p.site { (words.chrome.site) }
                    @if !frame.trail.is_empty() {
                        nav aria-label=(words.chrome.breadcrumb) {
                            ul {
                                @for (text, href) in frame.trail {
                                    li { a href=(href) { (text) } }
                                }
                            }
                        }
                    }
                    @if let Some(path) = frame.path {
                        nav aria-label=(words.chrome.language) {
                            ul {
                                @for lang in Lang::ALL {
                                    li {
                                        a href=(super::in_lang(path, lang)) lang=(lang.as_str())
                                            hreflang=(lang.as_str())
                                            aria-current=[(lang == frame.lang).then_some("page")] {
                                            (lang.endonym())
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                main #main tabindex="-1" { (main) }
                @if frame.stamp.is_some() || frame.note.is_some() {
                    footer {
                        @if let Some(note) = frame.note {
                            p { (note) }
                        }
                        @if let Some((version, reviewed)) = frame.stamp {
                            dl.stamp {
                                dt { (words.chrome.version) }
                                dd { (version) }
                                dt { (words.chrome.reviewed) }
                                dd { (reviewed) }
                            }
                        }
                    }
                }
            }
        }
    }
}
