//! Strong validators and conditional GETs (RFC 9110 §8.8.3, §13.1.2): an `ETag` derived from
//! the body, one per content coding (a compressed answer is another representation), and a
//! 304 without a body when `If-None-Match` names it. Shared by the catalogue answers and the
//! pages.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use sha2::{Digest, Sha256};

use super::compression::{Coding, negotiated};

/// A strong ETag for `body`: the first 16 bytes of its SHA-256, in hex, quoted.
pub(crate) fn strong_etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!(
        "\"{}\"",
        digest[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

/// 304 when `If-None-Match` names `etag` (as it will be sent in this request's coding) or
/// `*`, else 200 built by `ok`, which is told the negotiated coding (a stored answer may have
/// its body ready in it). Both carry the ETag and `cache_control`.
pub(crate) fn respond(
    req: &HttpRequest,
    etag: &str,
    cache_control: &'static str,
    ok: impl FnOnce(&mut HttpResponseBuilder, Option<Coding>) -> HttpResponse,
) -> HttpResponse {
    let coding = negotiated(req);
    let etag = match coding {
        Some(coding) => format!("{}-{}\"", etag.trim_end_matches('"'), coding.name()),
        None => etag.to_owned(),
    };
    let matches = req
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == etag);
    let mut response = if matches {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache_control));
    if matches {
        response.finish()
    } else {
        ok(&mut response, coding)
    }
}
