//! Reading a profile from the request body: the platform reads and decodes the JSON
//! ([`crate::http::body`]: 415, 413, 400, 422 with pointers), then the one parse builds the
//! domain [`Profile`] ([`super::profile::parse`]: every range, list and name problem at once).

use actix_web::{HttpRequest, web};

use super::profile::ProfileRequest;
use crate::domain::Profile;
use crate::http::ApiError;
use crate::http::body::{
    JSON, decode_collecting, is_blank, parse_json, read_json, require_objects,
};

/// Reads, decodes and parses the request body into a domain [`Profile`].
///
/// # Errors
/// An [`ApiError`] for each class of bad input (see [`crate::http::body`]).
pub(crate) async fn read_profile(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<Profile, ApiError> {
    let bytes = read_json(
        req,
        payload,
        limit,
        &[JSON, super::questionnaire::FHIR_JSON],
    )
    .await?;
    if is_fhir(req) {
        return super::fhir_response::parse(&bytes);
    }
    parse_profile(&bytes)
}

/// Whether the body is FHIR JSON (a `QuestionnaireResponse`): `Content-Type:
/// application/fhir+json`, parameters aside. Any other JSON type is a profile.
fn is_fhir(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| {
            essence
                .trim()
                .eq_ignore_ascii_case(super::questionnaire::FHIR_JSON)
        })
}

/// The typed request straight from the bytes, with no tree in between, when the body is a
/// well-formed profile; `None` sends it down the slow path. It accepts exactly what the slow
/// path accepts: a JSON object at the top (checked here), objects or `null` for the sections
/// (`profile::object`), no repeated key (serde refuses a struct field given twice, and the
/// profile has no free-form maps), no unknown field (`deny_unknown_fields`), nothing after the
/// value. What it returns is the request the slow path would build, so the answer is the same.
fn decode_in_one_pass(bytes: &[u8]) -> Option<ProfileRequest> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first != b'{' {
        return None;
    }
    serde_json::from_slice(bytes).ok()
}

/// Parses a body already in memory (shared by the handlers, the spec's examples and the tests).
///
/// # Errors
/// As [`read_profile`], minus the transport checks.
pub fn parse_profile(bytes: &[u8]) -> Result<Profile, ApiError> {
    if is_blank(bytes) {
        return Err(ApiError::EmptyBody);
    }
    match decode_in_one_pass(bytes) {
        Some(request) => super::profile::parse(request),
        None => parse_slowly(bytes),
    }
}

/// The slow path, for a body the one pass refused: it finds and reports every problem, each
/// with its pointer (repeated keys, sections that are not objects, wrong types, unknown
/// fields), whatever order the keys were written in.
fn parse_slowly(bytes: &[u8]) -> Result<Profile, ApiError> {
    let value = parse_json(bytes)?;
    require_objects(&value, "the profile", &["cramps", "lifestyle", "sleep"])?;
    let request: ProfileRequest = decode_collecting(value)?;
    super::profile::parse(request)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{decode_in_one_pass, parse_profile, parse_slowly};

    /// Values of every JSON type, to put where a field or a section is expected.
    fn odd_values() -> Vec<Value> {
        vec![
            Value::Null,
            json!([]),
            json!({}),
            json!("x"),
            json!(1),
            json!(-3),
            json!(1.5),
            json!(68.0),
            json!(true),
            json!([1]),
            json!(["calf"]),
            json!({"a": 1}),
            json!({"nights_per_week": 2}),
        ]
    }

    /// Every mutation of a body: each key (top level and one level down) given each odd value,
    /// written twice, or removed; an unknown key added.
    fn mutations(body: &Value) -> Vec<String> {
        let mut out = vec![body.to_string()];
        let map = body.as_object().expect("an object");
        for (key, value) in map {
            let mut without = map.clone();
            without.remove(key);
            out.push(Value::Object(without).to_string());
            let text = body.to_string();
            // A repeated key (serde_json's maps cannot hold one: splice the text).
            out.push(format!("{{\"{key}\":{value},{}", &text[1..]));
            for odd in odd_values() {
                let mut changed = map.clone();
                changed.insert(key.clone(), odd);
                out.push(Value::Object(changed).to_string());
            }
            if let Some(inner) = value.as_object() {
                for (inner_key, inner_value) in inner {
                    for odd in odd_values() {
                        let mut section = inner.clone();
                        section.insert(inner_key.clone(), odd);
                        let mut changed = map.clone();
                        changed.insert(key.clone(), Value::Object(section));
                        out.push(Value::Object(changed).to_string());
                    }
                    let section_text = value.to_string();
                    let twice = format!("{{\"{inner_key}\":{inner_value},{}", &section_text[1..]);
                    let mut changed = map.clone();
                    changed.insert(key.clone(), Value::Null);
                    out.push(
                        Value::Object(changed)
                            .to_string()
                            .replace(&format!("\"{key}\":null"), &format!("\"{key}\":{twice}")),
                    );
                }
            }
        }
        let mut unknown = map.clone();
        unknown.insert("agee".into(), json!(40));
        out.push(Value::Object(unknown).to_string());
        out.extend(
            [
                "[]",
                "[40]",
                "null",
                "40",
                "\"x\"",
                "{\"age\": 40} x",
                "{\"age\": 40}}",
                "{\"age\":40,\"age\":41}",
            ]
            .map(str::to_owned),
        );
        out
    }

    /// The one pass and the slow path give the same answer, success or problem, for every
    /// published profile and every mutation of it.
    #[test]
    fn the_one_pass_decode_answers_as_the_slow_path_does() {
        let (mut compared, mut in_one_pass) = (0, 0);
        for persona in crate::examples::PERSONAS {
            let name = persona.name;
            let value: Value = serde_json::from_str(persona.json).expect(name);
            for text in mutations(&value) {
                let fast = format!("{:?}", parse_profile(text.as_bytes()));
                let slow = format!("{:?}", parse_slowly(text.as_bytes()));
                assert_eq!(fast, slow, "{name}: {text}");
                compared += 1;
                in_one_pass += usize::from(decode_in_one_pass(text.as_bytes()).is_some());
            }
        }
        assert!(compared > 1000, "only {compared} bodies compared");
        // Both ways are exercised: the valid bodies go in one pass, the others do not.
        assert!(
            in_one_pass > crate::examples::PERSONAS.len() && in_one_pass < compared / 2,
            "{in_one_pass} of {compared} bodies went in one pass"
        );
    }
}
