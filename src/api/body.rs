//! Reading a profile from the request body: the platform reads and decodes the JSON
//! ([`crate::http::body`]: 415, 413, 400, 422 with pointers), then the one parse builds the
//! domain [`Profile`] ([`super::profile::parse`]: every range, list and name problem at once).

use actix_web::{HttpRequest, web};

use super::profile::ProfileRequest;
use crate::domain::Profile;
use crate::http::ApiError;
use crate::http::body::{decode_collecting, is_blank, parse_json, read_json, require_objects};

/// Reads, decodes and parses the request body into a domain [`Profile`].
///
/// # Errors
/// An [`ApiError`] for each class of bad input (see [`crate::http::body`]).
pub(crate) async fn read_profile(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<Profile, ApiError> {
    parse_profile(&read_json(req, payload, limit).await?)
}

/// Parses a body already in memory (shared by the handlers, the spec's examples and the tests).
///
/// # Errors
/// As [`read_profile`], minus the transport checks.
pub fn parse_profile(bytes: &[u8]) -> Result<Profile, ApiError> {
    if is_blank(bytes) {
        return Err(ApiError::EmptyBody);
    }
    let value = parse_json(bytes)?;
    require_objects(&value, "the profile", &["cramps", "lifestyle", "sleep"])?;
    let request: ProfileRequest = decode_collecting(value)?;
    super::profile::parse(request)
}
