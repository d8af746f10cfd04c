//! The one frame of every HTML page the service serves (the reference pages under `/pages`,
//! and the HTML of `/problems`): maud templates, one stylesheet inlined and allowed by its
//! SHA-256 in a strict CSP, nothing loaded from anywhere. Pages are printable (a print style
//! sheet) and accessible: a `lang` attribute, a skip link, one `<main>`, headings in order,
//! visible focus, AA colour contrast.
//!
//! - [`layout`]: the page frame; [`respond`]: the answer, with its CSP, language and ETag.

mod layout;

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

pub(crate) use layout::{Frame, page};

use crate::domain::{Lang, PageKind};

/// The one style sheet, inlined in every page.
pub(crate) const CSS: &str = include_str!("style.css");

/// The CSP of every page: nothing may load, run or frame it; only the inline style sheet,
/// named by its hash, applies (so no injected `<style>` could).
pub(crate) static PAGE_CSP: LazyLock<String> = LazyLock::new(|| {
    let hash = STANDARD.encode(Sha256::digest(CSS.as_bytes()));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; img-src 'none'; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'none'"
    )
});

/// How long caches may keep a page (pages change only on redeploy).
const CACHE_CONTROL: &str = "public, max-age=3600";

/// The path of a kind's list page.
pub(crate) fn list_path(kind: PageKind) -> String {
    format!("/pages/{}", kind.as_str())
}

/// The path of one entry's page.
pub(crate) fn entry_path(kind: PageKind, id: &str) -> String {
    format!("/pages/{}/{id}", kind.as_str())
}

/// `path` with the page language pinned (`?lang=es`), so a reader keeps the language they
/// chose as they follow links.
pub(crate) fn in_lang(path: &str, lang: Lang) -> String {
    format!("{path}?lang={}", lang.as_str())
}

/// A rendered page as the answer: HTML in `lang` with the page CSP, cacheable, with a strong
/// ETag (304 when `If-None-Match` still matches).
pub(crate) fn respond(req: &HttpRequest, lang: Lang, body: String) -> HttpResponse {
    let etag = super::conditional::strong_etag(body.as_bytes());
    let mut response = super::conditional::respond(req, &etag, CACHE_CONTROL, |ok, _| {
        ok.content_type("text/html; charset=utf-8").body(body)
    });
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_str(&PAGE_CSP).expect("the CSP is ASCII"),
    );
    headers.insert(
        header::CONTENT_LANGUAGE,
        header::HeaderValue::from_static(lang.as_str()),
    );
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_csp_names_the_style_sheet_by_its_hash() {
        use base64::Engine;
        use sha2::Digest;
        let hash = base64::engine::general_purpose::STANDARD
            .encode(sha2::Sha256::digest(super::CSS.as_bytes()));
        assert!(super::PAGE_CSP.contains(&format!("style-src 'sha256-{hash}'")));
        assert!(super::PAGE_CSP.starts_with("default-src 'none'"));
        assert!(
            !super::CSS.contains("</"),
            "the style sheet cannot close its element"
        );
    }
}
