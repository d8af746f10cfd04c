//! Reading JSON request bodies, shared by both façades, with every failure the right problem:
//! 415 for the wrong media type, 413 over the size limit, 400 for an empty or malformed body,
//! and 422 (each entry with its JSON pointer) for JSON of the wrong shape, including an object
//! that names a key twice. Bodies carry health data, so nothing from them is ever logged.
//!
//! Reading the bytes is here; turning them into a typed request is `decode`, over the strict
//! tree of `strict` (repeated keys, sorted objects), with serde's messages reworded in JSON's
//! words by `wire_words`.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, web};

use super::error::ApiError;

mod decode;
mod strict;
mod wire_words;

pub(crate) use decode::{
    decode, decode_collecting, decode_owned, invalid, parse_json, pointer_of, require_objects,
};
pub(crate) use wire_words::in_wire_words;

/// Stop collecting type errors after this many; a client this far off needs the first few.
const MAX_REPORTED_ERRORS: usize = 20;

/// The media type of JSON bodies: every operation that reads one lists it.
pub(crate) const JSON: &str = "application/json";

/// Reads the whole body of a JSON request sent as one of `accepted` (the media types the
/// operation's spec lists, compared without regard to case), with no parameter but an
/// optional `charset=utf-8` (RFC 8259 §8.1: JSON is UTF-8).
///
/// A request with no Content-Type is judged by its body: none at all is a missing body (400
/// `empty_body`), some is of an unknown media type (415).
///
/// # Errors
/// 415 unless sent as one of `accepted` without a content coding, 413 over `limit`, 400 when
/// empty or unreadable.
pub(crate) async fn read_json(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
    accepted: &[&str],
) -> Result<Bytes, ApiError> {
    check_content_coding(req)?;
    let typed = req.headers().contains_key(header::CONTENT_TYPE);
    if typed {
        check_content_type(req, accepted)?;
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let bytes = payload
        .to_bytes_limited(limit)
        .await
        .map_err(|_| ApiError::PayloadTooLarge { limit })?
        .map_err(|e| ApiError::Other {
            status: actix_web::http::StatusCode::BAD_REQUEST,
            detail: e.to_string(),
        })?;
    if is_blank(&bytes) {
        return Err(ApiError::EmptyBody);
    }
    if !typed {
        check_content_type(req, accepted)?;
    }
    Ok(bytes)
}

/// Whether a body is empty or only whitespace.
pub(crate) fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

/// Bodies are read as sent: any content coding but `identity` is a 415 (RFC 9110 §8.4), so a
/// compressed body is refused by name instead of failing as malformed JSON, and a body
/// labelled with a coding it does not have is not read as if the label were absent.
fn check_content_coding(req: &HttpRequest) -> Result<(), ApiError> {
    for value in req.headers().get_all(header::CONTENT_ENCODING) {
        let text = value.to_str().unwrap_or("(not text)");
        let identity_only = text
            .split(',')
            .map(str::trim)
            .all(|coding| coding.is_empty() || coding.eq_ignore_ascii_case("identity"));
        if !identity_only {
            return Err(ApiError::UnsupportedContentCoding {
                got: text.chars().take(64).collect(),
            });
        }
    }
    Ok(())
}

fn check_content_type(req: &HttpRequest, accepted: &[&str]) -> Result<(), ApiError> {
    let got = req.headers().get(header::CONTENT_TYPE).map(|v| v.to_str());
    match got {
        Some(Ok(value)) if media_type_accepted(value, accepted) => Ok(()),
        _ => Err(ApiError::UnsupportedMediaType {
            got: match got {
                None => "no Content-Type",
                Some(Err(_)) => "a Content-Type that is not text",
                Some(Ok(value)) => value,
            }
            .to_owned(),
            accepted: accepted.join(", "),
        }),
    }
}

/// Whether a `Content-Type` value is one of `accepted` with no parameter but `charset=utf-8`
/// (name and value without regard to case, the value quoted or not).
fn media_type_accepted(value: &str, accepted: &[&str]) -> bool {
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or_default().trim();
    accepted.iter().any(|a| a.eq_ignore_ascii_case(essence))
        && parts.all(|parameter| {
            parameter.split_once('=').is_some_and(|(name, value)| {
                let value = value.trim();
                let value = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(value);
                name.trim().eq_ignore_ascii_case("charset") && value.eq_ignore_ascii_case("utf-8")
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_listed_media_types_with_at_most_a_utf_8_charset_are_accepted() {
        let both = [JSON, "application/fhir+json"];
        for value in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
            "application/json;CHARSET=\"UTF-8\"",
            "application/fhir+json; charset=utf-8",
        ] {
            assert!(media_type_accepted(value, &both), "{value}");
        }
        for value in [
            "application/vnd.api+json",
            "application/json; charset=latin1",
            "application/json; profile=x",
            "application/json;",
            "application/jsonx",
            "text/json",
            "",
        ] {
            assert!(!media_type_accepted(value, &both), "{value}");
        }
        assert!(!media_type_accepted("application/fhir+json", &[JSON]));
    }
}
