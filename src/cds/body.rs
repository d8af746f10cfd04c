//! Reading a CDS request body: the platform's JSON reading ([`crate::http::body`]: 415, 413,
//! 400, 422 with a pointer) with the CDS size limit. Bodies carry patient data, so nothing from
//! them is ever logged.

use actix_web::{HttpRequest, web};
use serde_json::Value;

use crate::http::ApiError;
use crate::http::body;

/// Largest accepted CDS request. Larger than the profile limit: prefetch bundles with a
/// patient's conditions and medicines are routinely tens of kilobytes.
pub(crate) const CDS_BODY_LIMIT: usize = 1024 * 1024;

/// Reads the body as JSON (objects sorted by key; a repeated key is a 422).
///
/// # Errors
/// 415 unless JSON, 413 over [`CDS_BODY_LIMIT`], 400 when empty or malformed.
pub(crate) async fn read_json(req: &HttpRequest, payload: web::Payload) -> Result<Value, ApiError> {
    body::parse_json(&read_bytes(req, payload).await?)
}

/// Reads the body's bytes, for the hook calls' own decode ([`super::decode`]).
///
/// # Errors
/// 415 unless `application/json` (CDS Hooks 2.0 lists no other type), 413 over
/// [`CDS_BODY_LIMIT`], 400 when empty.
pub(crate) async fn read_bytes(
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<web::Bytes, ApiError> {
    body::read_json(req, payload, CDS_BODY_LIMIT, &[body::JSON]).await
}

pub(crate) use body::{decode, invalid};
