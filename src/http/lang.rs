//! Language negotiation: `Accept-Language` (RFC 9110: q-values, wildcards, region fallback
//! `es-MX` → `es`), parsed by actix-web's typed header. English when nothing matches.

use actix_web::HttpMessage;
use actix_web::http::header::{AcceptLanguage, Header, Preference, Quality};

use crate::domain::Lang;

/// The best supported language for a request: the highest-ranked `Accept-Language` entry we
/// have (matched on its primary subtag), `*` meaning English, else English. An entry with
/// `q=0` says the language is *not* acceptable (RFC 9110 §12.4.2), so it never counts.
pub(crate) fn negotiate(req: &impl HttpMessage) -> Lang {
    let Ok(accept) = AcceptLanguage::parse(req) else {
        return Lang::En;
    };
    let mut acceptable: Vec<_> = accept
        .iter()
        .filter(|item| item.quality > Quality::ZERO)
        .collect();
    // Stable: equal qualities keep the order the client wrote them in.
    acceptable.sort_by_key(|item| std::cmp::Reverse(item.quality));
    acceptable
        .into_iter()
        .find_map(|item| match &item.item {
            Preference::Any => Some(Lang::En),
            Preference::Specific(tag) => Lang::from_tag(tag.primary_language()),
        })
        .unwrap_or_default()
}

/// The language the edge middleware chose for this request (negotiated again if absent).
pub(crate) fn of(req: &impl HttpMessage) -> Lang {
    let chosen = req.extensions().get::<Lang>().copied();
    chosen.unwrap_or_else(|| negotiate(req))
}
