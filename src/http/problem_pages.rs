//! The HTML of the problem pages: plain, accessible markup (a `lang` attribute, one `<main>`,
//! headings in order, a table with column headers) and nothing to load, so it renders under
//! the API's `default-src 'none'` CSP. Texts are escaped; `` `code` `` spans become `<code>`.

use std::fmt::Write as _;

use super::problems::{ProblemType, ProblemTypeList};
use crate::domain::Lang;
use crate::knowledge::PageLabels;
use crate::knowledge::problems::catalogue;

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes `text` and marks up its `` `code` `` spans.
fn prose(text: &str) -> String {
    escape(text)
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_owned()
            }
        })
        .collect()
}

fn document(lang: Lang, title: &str, main: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n</head>\n<body>\n<main>\n{main}</main>\n</body>\n</html>\n",
        lang = lang.as_str(),
        title = escape(title),
    )
}

/// The catalogue page.
pub(super) fn catalogue_html(list: &ProblemTypeList, lang: Lang) -> String {
    let labels = catalogue().page(lang);
    let mut main = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<table>\n<thead><tr><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        escape(&labels.catalogue_title),
        prose(&labels.catalogue_intro),
        escape(&labels.code),
        escape(&labels.status),
        escape(&labels.title),
    );
    for p in &list.problems {
        let _ = writeln!(
            main,
            "<tr><td><a href=\"{href}\"><code>{code}</code></a></td><td>{status}</td><td>{title}</td></tr>",
            href = escape(&p.problem_type),
            code = escape(p.code),
            status = p.status,
            title = escape(&p.title),
        );
    }
    main.push_str("</tbody>\n</table>\n");
    document(lang, &labels.catalogue_title, &main)
}

/// The page of one problem type.
pub(super) fn page_html(page: &ProblemType, labels: &PageLabels, lang: Lang) -> String {
    let main = format!(
        "<h1>{title}</h1>\n<dl>\n<dt>{code_label}</dt><dd><code>{code}</code></dd>\n\
         <dt>{status_label}</dt><dd>{status}</dd>\n</dl>\n<h2>{meaning_label}</h2>\n\
         <p>{meaning}</p>\n<h2>{todo_label}</h2>\n<p>{todo}</p>\n\
         <nav><p><a href=\"/problems\">{back}</a></p></nav>\n",
        title = escape(&page.title),
        code_label = escape(&labels.code),
        code = escape(page.code),
        status_label = escape(&labels.status),
        status = page.status,
        meaning_label = escape(&labels.meaning),
        meaning = prose(&page.meaning),
        todo_label = escape(&labels.what_to_do),
        todo = prose(&page.what_to_do),
        back = escape(&labels.back),
    );
    document(lang, &format!("{} ({})", page.title, page.code), &main)
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped_and_code_spans_marked_up() {
        assert_eq!(
            super::prose("send <key> & see `errors`"),
            "send &lt;key&gt; &amp; see <code>errors</code>"
        );
    }
}
