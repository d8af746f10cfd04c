//! Turning a body's bytes into a typed request, with every failure the right problem: 400 for
//! text that is not JSON, 422 (each entry with its JSON pointer) for JSON of the wrong shape,
//! including an object that names a key twice.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::wire_words::{listed, wire_words};
use super::{MAX_REPORTED_ERRORS, strict};
use crate::http::error::{ApiError, FieldError};

/// Parses JSON text into a value whose objects are sorted by key, so what is reported about it
/// never depends on the order the client wrote the keys in.
///
/// # Errors
/// 400 `malformed_json` (with line and column) for text that is not JSON; else 422
/// `duplicate_key` naming, in pointer order, each key an object repeats (RFC 8259 says names
/// SHOULD be unique; for a health profile with two `age`s, which one counts would be a guess).
pub(crate) fn parse_json(bytes: &[u8]) -> Result<Value, ApiError> {
    let (parsed, mut duplicates) = strict::parse(bytes);
    // Not JSON at all comes first; then repeated keys, all of them (up to the cap), in pointer
    // order, so the answer does not depend on the order they were written in.
    let mut value = parsed.map_err(|e| ApiError::MalformedJson {
        message: strip_position(&e.to_string()),
        line: e.line(),
        column: e.column(),
    })?;
    if !duplicates.is_empty() {
        duplicates.sort();
        duplicates.dedup();
        return Err(ApiError::Validation(
            duplicates
                .into_iter()
                .map(|pointer| {
                    FieldError::new(
                        pointer,
                        "duplicate_key",
                        "this key appears more than once in its object",
                    )
                })
                .collect(),
        ));
    }
    value.sort_all_objects();
    Ok(value)
}

/// The 422 for a body that is not a JSON object where `sections` (top-level keys) must be
/// objects too: serde would accept an array for a struct (as a tuple of its fields), the
/// contract does not.
///
/// # Errors
/// One `invalid_type` entry per offending place.
pub(crate) fn require_objects(
    value: &Value,
    what: &str,
    sections: &[&str],
) -> Result<(), ApiError> {
    let Some(map) = value.as_object() else {
        return Err(ApiError::Validation(vec![FieldError::new(
            "",
            "invalid_type",
            format!("{what} must be a JSON object"),
        )]));
    };
    let errors: Vec<FieldError> = sections
        .iter()
        .filter(|key| {
            map.get(**key)
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

/// Deserialises a typed request, collecting up to [`MAX_REPORTED_ERRORS`] type errors: after
/// each one the offending value is removed and deserialisation is retried, so a client sees all
/// its mistakes at once instead of one per round trip.
///
/// # Errors
/// 422 with one entry per error, each with its pointer and code.
pub(crate) fn decode_collecting<T: DeserializeOwned>(mut value: Value) -> Result<T, ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    loop {
        match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(request) if errors.is_empty() => return Ok(request),
            Ok(_) => break,
            Err(e) => {
                let error = field_error(&e);
                // A required field we removed ourselves to go on: already reported.
                if error.code == "required" && removed.contains(&error.pointer) {
                    break;
                }
                if errors.iter().any(|f| f.pointer == error.pointer)
                    || errors.len() >= MAX_REPORTED_ERRORS
                {
                    break;
                }
                let pointer = error.pointer.clone();
                errors.push(error);
                if !remove_at(&mut value, &pointer) {
                    break;
                }
                removed.push(pointer);
            }
        }
    }
    Err(ApiError::Validation(errors))
}

/// Deserialises a typed request, reporting the first element of the wrong shape.
///
/// # Errors
/// 422 naming the JSON pointer of the first element with the wrong shape or missing.
pub(crate) fn decode<T: DeserializeOwned>(value: &Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map_err(|e| ApiError::Validation(vec![field_error(&e)]))
}

/// [`decode`], taking the value: its strings and arrays move into the typed request instead of
/// being copied (a CDS call's prefetch is most of its body).
///
/// # Errors
/// As [`decode`].
pub(crate) fn decode_owned<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map_err(|e| ApiError::Validation(vec![field_error(&e)]))
}

/// A 422 for one field.
pub(crate) fn invalid(pointer: &str, code: &str, message: impl Into<String>) -> ApiError {
    ApiError::Validation(vec![FieldError::new(pointer, code, message)])
}

/// The entry for one serde error: its pointer, a stable code for serde's message, and the
/// message in wire words (serde's own names Rust types, `u8` or `struct X`, and quotes the
/// client's key or value whole). Unknown fields point at the field itself, a missing field at
/// where it should be; the key is in the pointer, so the message does not repeat it.
fn field_error(e: &serde_path_to_error::Error<serde_json::Error>) -> FieldError {
    let message = e.inner().to_string();
    let pointer = pointer_of(e.path());
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
        // serde_path_to_error reports the unknown key as the last path segment.
        let at = if pointer.ends_with(&format!("/{}", escape(field))) {
            pointer.clone()
        } else {
            format!("{parent}/{}", escape(field))
        };
        let message = match listed(expected) {
            Some(fields) => format!("not a field of this object; its fields are {fields}"),
            None => "not a field of this object".to_owned(),
        };
        return FieldError::new(at, "unknown_field", message);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return FieldError::new(
            format!("{pointer}/{}", escape(field)),
            "required",
            "this field is required",
        );
    }
    let (code, words) = wire_words(&message);
    FieldError::new(pointer, code, words)
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
pub(super) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Removes the value at `pointer` (an array item becomes `null` so later indices stay true).
fn remove_at(value: &mut Value, pointer: &str) -> bool {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return false;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match value.pointer_mut(parent) {
        // `shift_remove`: the remaining keys keep their (sorted) order.
        Some(Value::Object(map)) => map.shift_remove(&key).is_some(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pointers(error: ApiError) -> Vec<(String, String)> {
        match error {
            ApiError::Validation(errors) => {
                errors.into_iter().map(|e| (e.pointer, e.code)).collect()
            }
            other => panic!("not a 422: {other:?}"),
        }
    }

    #[test]
    fn a_repeated_key_is_a_422_naming_its_pointer_at_any_depth() {
        let cases = [
            (r#"{"age": 40, "age": 50}"#, "/age"),
            (
                r#"{"lifestyle": {"heavy_sweating": true, "heavy_sweating": false}}"#,
                "/lifestyle/heavy_sweating",
            ),
            (
                r#"{"medications": [{"a/b": 1, "a/b": 2}]}"#,
                "/medications/0/a~1b",
            ),
        ];
        for (body, pointer) in cases {
            let got = pointers(parse_json(body.as_bytes()).unwrap_err());
            assert_eq!(
                got,
                [(pointer.to_owned(), "duplicate_key".to_owned())],
                "{body}"
            );
        }
    }

    #[test]
    fn malformed_json_wins_over_a_repeated_key_and_every_repeat_is_named_in_order() {
        assert!(matches!(
            parse_json(br#"{"a": 1, "a": 2, x"#),
            Err(ApiError::MalformedJson { .. })
        ));
        for body in [
            r#"{"z": 1, "z": 2, "b": {"y": 1, "y": 1}}"#,
            r#"{"b": {"y": 1, "y": 1}, "z": 1, "z": 2}"#,
        ] {
            let got = pointers(parse_json(body.as_bytes()).unwrap_err());
            let want = [("/b/y", "duplicate_key"), ("/z", "duplicate_key")]
                .map(|(p, c)| (p.to_owned(), c.to_owned()));
            assert_eq!(got, want, "{body}");
        }
    }

    #[test]
    fn objects_come_out_sorted_and_values_unchanged() {
        let value =
            parse_json(br#"{"b": [1, -2, 2.5, "x", null, true], "a": {"d": 1, "c": 2}}"#).unwrap();
        assert_eq!(
            value.to_string(),
            r#"{"a":{"c":2,"d":1},"b":[1,-2,2.5,"x",null,true]}"#
        );
    }

    #[test]
    fn malformed_json_and_trailing_text_are_400() {
        for body in ["{", r#"{"age": 40} x"#, "[1,]"] {
            assert!(
                matches!(
                    parse_json(body.as_bytes()),
                    Err(ApiError::MalformedJson { .. })
                ),
                "{body}"
            );
        }
    }
}
