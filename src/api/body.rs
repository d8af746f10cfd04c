//! Reading a profile from the request body, with every failure mapped to the right problem:
//! 415 for the wrong media type, 413 over the size limit, 400 for an empty or malformed body,
//! and 422 (one entry per problem, each with its JSON pointer) for a well-formed but invalid
//! profile. The body itself is never logged.

use actix_web::http::header;
use actix_web::{HttpRequest, web};
use serde_json::Value;

use super::error::{ApiError, FieldError};
use super::profile::ProfileRequest;
use crate::domain::Profile;

/// Stop collecting type errors after this many; a client this far off needs the first few.
const MAX_REPORTED_ERRORS: usize = 20;

/// Reads, parses, validates and converts the request body into a domain [`Profile`].
///
/// # Errors
/// An [`ApiError`] for each class of bad input (see the module docs).
pub async fn read_profile(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<Profile, ApiError> {
    // A request with no Content-Type is judged by its body: none at all is a missing body
    // (400 `empty_body`), some is of an unknown media type (415).
    let typed = req.headers().contains_key(header::CONTENT_TYPE);
    if typed {
        check_content_type(req)?;
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
    if !typed && !bytes.iter().all(u8::is_ascii_whitespace) {
        check_content_type(req)?;
    }
    parse_profile(&bytes)
}

/// Parses a body already in memory (shared by the handlers and the tests).
///
/// # Errors
/// As [`read_profile`], minus the transport checks.
pub fn parse_profile(bytes: &[u8]) -> Result<Profile, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::EmptyBody);
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| ApiError::MalformedJson {
        message: strip_position(&e.to_string()),
        line: e.line(),
        column: e.column(),
    })?;
    require_objects(&value)?;
    let request = deserialize_collecting(value)?;
    super::profile::parse(request)
}

/// serde accepts a JSON array for a struct (as a tuple of its fields); the contract does not,
/// so the profile and its nested sections must be objects.
fn require_objects(value: &Value) -> Result<(), ApiError> {
    let Some(map) = value.as_object() else {
        return Err(ApiError::Validation(vec![FieldError::new(
            "",
            "invalid_type",
            "the profile must be a JSON object",
        )]));
    };
    let errors: Vec<FieldError> = ["cramps", "lifestyle", "sleep"]
        .into_iter()
        .filter(|key| {
            map.get(*key)
                .is_some_and(|v| !v.is_object() && !v.is_null())
        })
        .map(|key| {
            FieldError::new(
                format!("/{key}"),
                "invalid_type",
                format!("{key} must be a JSON object"),
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn check_content_type(req: &HttpRequest) -> Result<(), ApiError> {
    let got = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let essence = got.map(|v| {
        v.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    match essence.as_deref() {
        Some("application/json") => Ok(()),
        Some(e) if e.starts_with("application/") && e.ends_with("+json") => Ok(()),
        _ => Err(ApiError::UnsupportedMediaType {
            got: got.unwrap_or("no Content-Type").to_owned(),
        }),
    }
}

/// Deserialises the typed request, collecting up to [`MAX_REPORTED_ERRORS`] type errors: after
/// each one the offending value is removed and deserialisation is retried, so a client sees all
/// its mistakes at once instead of one per round trip.
fn deserialize_collecting(mut value: Value) -> Result<ProfileRequest, ApiError> {
    // Objects keep the client's key order (serde_json's `preserve_order`, for the spec's
    // examples); sorted, the errors come in the same order whatever order the keys were sent in.
    value.sort_all_objects();
    let mut errors: Vec<FieldError> = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    loop {
        match serde_path_to_error::deserialize::<_, ProfileRequest>(&value) {
            Ok(request) if errors.is_empty() => return Ok(request),
            Ok(_) => break,
            Err(e) => {
                let message = e.inner().to_string();
                let (pointer, code) = classify(&pointer_of(e.path()), &message);
                // A required field we removed ourselves to go on: already reported.
                if code == "required" && removed.contains(&pointer) {
                    break;
                }
                if errors.iter().any(|f| f.pointer == pointer)
                    || errors.len() >= MAX_REPORTED_ERRORS
                {
                    break;
                }
                errors.push(FieldError::new(pointer.clone(), code, message));
                if !remove_at(&mut value, &pointer) {
                    break;
                }
                removed.push(pointer);
            }
        }
    }
    Err(ApiError::Validation(errors))
}

/// Turns serde's message into a stable code, and points unknown fields at the field itself.
fn classify(pointer: &str, message: &str) -> (String, &'static str) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default();
        let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
        // serde_path_to_error reports the unknown key as the last path segment.
        let at = if pointer.ends_with(&format!("/{}", escape(field))) {
            pointer.to_owned()
        } else {
            format!("{parent}/{}", escape(field))
        };
        return (at, "unknown_field");
    }
    let code = if message.starts_with("missing field") {
        "required"
    } else if message.starts_with("unknown variant") {
        "unknown_value"
    } else if message.starts_with("invalid type") {
        "invalid_type"
    } else if message.starts_with("invalid value") || message.contains("out of range") {
        "out_of_range"
    } else {
        "invalid"
    };
    let pointer = match message.strip_prefix("missing field `") {
        Some(rest) => format!(
            "{pointer}/{}",
            escape(rest.split('`').next().unwrap_or_default())
        ),
        None => pointer.to_owned(),
    };
    (pointer, code)
}

/// The JSON pointer (RFC 6901) of a serde_path_to_error path.
pub(crate) fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => pointer.push_str(&format!("/{}", escape(key))),
            Segment::Enum { variant } => pointer.push_str(&format!("/{}", escape(variant))),
            Segment::Unknown => {}
        }
    }
    pointer
}

/// RFC 6901 escaping of one reference token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Removes the value at `pointer` (an array item becomes `null` so later indices stay true).
fn remove_at(value: &mut Value, pointer: &str) -> bool {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return false;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match value.pointer_mut(parent) {
        Some(Value::Object(map)) => map.remove(&key).is_some(),
        Some(Value::Array(items)) => match key.parse::<usize>().ok().and_then(|i| items.get_mut(i))
        {
            Some(item) if !item.is_null() => {
                *item = Value::Null;
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// serde_json appends " at line L column C"; we report those as numbers instead.
fn strip_position(message: &str) -> String {
    message
        .rsplit_once(" at line ")
        .map_or(message, |(m, _)| m)
        .to_owned()
}
