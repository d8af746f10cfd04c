//! Language negotiation: `Accept-Language` (RFC 9110: q-values, wildcards, region fallback
//! `es-MX` → `es`), parsed by actix-web's typed header. English when nothing matches.

use actix_web::HttpMessage;
use actix_web::http::header::{AcceptLanguage, Header, Preference};

use crate::domain::Lang;

/// The best supported language for a request: the highest-ranked `Accept-Language` entry we
/// have (matched on its primary subtag), `*` meaning English, else English.
pub(crate) fn negotiate(req: &impl HttpMessage) -> Lang {
    let Ok(accept) = AcceptLanguage::parse(req) else {
        return Lang::En;
    };
    accept
        .ranked()
        .into_iter()
        .find_map(|preference| match preference {
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
