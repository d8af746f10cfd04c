//! Reading a CDS request body: JSON only, size-capped, with every failure an [`ApiError`]
//! (415, 413, 400 for malformed JSON, 422 with a JSON pointer for the wrong shape). Bodies
//! carry patient data, so nothing from them is ever logged.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, web};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::api::{ApiError, FieldError};

/// Largest accepted CDS request. Larger than the profile limit: prefetch bundles with a
/// patient's conditions and medicines are routinely tens of kilobytes.
pub const CDS_BODY_LIMIT: usize = 1024 * 1024;

/// Reads the body as JSON.
///
/// # Errors
/// 415 unless JSON, 413 over [`CDS_BODY_LIMIT`], 400 when empty (with or without a
/// Content-Type) or malformed.
pub async fn read_json(req: &HttpRequest, payload: web::Payload) -> Result<Value, ApiError> {
    let got = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let essence = got
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    // A request with no Content-Type is judged by its body: none at all is a missing body
    // (400 `empty_body`); some is of an unknown media type (415).
    if !json && got.is_some() {
        return Err(ApiError::UnsupportedMediaType {
            got: got.unwrap_or_default().to_owned(),
        });
    }
    let bytes = payload
        .to_bytes_limited(CDS_BODY_LIMIT)
        .await
        .map_err(|_| ApiError::PayloadTooLarge {
            limit: CDS_BODY_LIMIT,
        })?
        .map_err(|e| ApiError::Other {
            status: StatusCode::BAD_REQUEST,
            detail: e.to_string(),
        })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::EmptyBody);
    }
    if !json {
        return Err(ApiError::UnsupportedMediaType {
            got: "no Content-Type".to_owned(),
        });
    }
    let mut value: Value = serde_json::from_slice(&bytes).map_err(|e| ApiError::MalformedJson {
        message: e
            .to_string()
            .rsplit_once(" at line ")
            .map_or_else(|| e.to_string(), |(m, _)| m.to_owned()),
        line: e.line(),
        column: e.column(),
    })?;
    // Objects keep the client's key order (serde_json's `preserve_order`); sorted, the error
    // reported first is the same whatever order the keys were sent in.
    value.sort_all_objects();
    Ok(value)
}

/// Decodes a JSON value into a request type; unknown fields are ignored.
///
/// # Errors
/// 422 naming the JSON pointer of the first element with the wrong shape or missing.
pub fn decode<T: DeserializeOwned>(value: &Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let mut pointer = crate::api::body_pointer_of(e.path());
        let message = e.inner().to_string();
        let code = if let Some(rest) = message.strip_prefix("missing field `") {
            pointer.push('/');
            pointer.push_str(rest.split('`').next().unwrap_or_default());
            "required"
        } else if message.starts_with("unknown variant") {
            "unknown_value"
        } else {
            "invalid_type"
        };
        ApiError::Validation(vec![FieldError::new(pointer, code, message)])
    })
}

/// A 422 for one field.
pub fn invalid(pointer: &str, code: &str, message: impl Into<String>) -> ApiError {
    ApiError::Validation(vec![FieldError::new(pointer, code, message)])
}
