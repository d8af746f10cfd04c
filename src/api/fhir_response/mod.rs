//! A FHIR R4 `QuestionnaireResponse` to the questionnaire (`Content-Type: application/fhir+json`)
//! as a profile. The response is read into the profile's own JSON, answer by answer (each
//! question's `linkId` names its field; the value's type must be the question's), and that
//! JSON goes through the one parse every profile takes ([`super::parse_profile`]): the same
//! answers give the same profile, so the same assessment. Every problem points into the
//! `QuestionnaireResponse` (`/item/3/item/0/answer/1`), never into the profile it became.

mod from_profile;
pub(crate) mod schema;
#[cfg(test)]
mod tests;

pub(crate) use from_profile::from_profile;

use serde::Deserialize;
use serde_json::{Map, Number, Value};

use crate::domain::Profile;
use crate::domain::questionnaire::{AnswerKind, Item, SECTIONS};
use crate::http::body::{decode_collecting, parse_json};
use crate::http::{ApiError, FieldError, fields};

use super::questionnaire::fhir::code_system;
use super::questionnaire::json::vocabulary_name;

/// The resource as far as the service reads it. Elements FHIR allows that do not change the
/// answers (`id`, `meta`, `language`, `questionnaire`, `authored`, an item's `text`) are
/// accepted and ignored; any other is an unknown field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct QuestionnaireResponse {
    #[allow(dead_code)]
    resource_type: ResourceType,
    #[allow(dead_code)]
    status: Status,
    #[serde(default, deserialize_with = "present")]
    id: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[allow(dead_code)]
    meta: Option<Map<String, Value>>,
    #[serde(default, deserialize_with = "present")]
    language: Option<String>,
    #[serde(default, deserialize_with = "present")]
    questionnaire: Option<String>,
    #[serde(default, deserialize_with = "present")]
    authored: Option<String>,
    #[serde(default)]
    item: Vec<ResponseItem>,
}

#[derive(Debug, Deserialize)]
enum ResourceType {
    QuestionnaireResponse,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Status {
    InProgress,
    Completed,
    Amended,
    EnteredInError,
    Stopped,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ResponseItem {
    link_id: String,
    #[serde(default, deserialize_with = "present")]
    text: Option<String>,
    #[serde(default)]
    answer: Vec<Answer>,
    #[serde(default)]
    item: Vec<ResponseItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Answer {
    #[serde(default, deserialize_with = "present")]
    value_integer: Option<Number>,
    #[serde(default, deserialize_with = "present")]
    value_decimal: Option<Number>,
    #[serde(default, deserialize_with = "present")]
    value_boolean: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    value_string: Option<String>,
    #[serde(default, deserialize_with = "present")]
    value_coding: Option<Coding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Coding {
    #[serde(default, deserialize_with = "present")]
    system: Option<String>,
    code: String,
    #[serde(default, deserialize_with = "present")]
    display: Option<String>,
}

/// An optional element that, when present, has a value: FHIR JSON has no `null`, and the
/// schema says so, so `null` is the wrong type (serde would read it as absent).
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Where each part of the profile came from: profile pointer, response pointer.
type Origins = Vec<(String, String)>;

/// Parses a `QuestionnaireResponse` body into a [`Profile`].
///
/// # Errors
/// 400 for a body that is not JSON; 422 with pointers into the response for one that is not a
/// readable `QuestionnaireResponse` to this questionnaire, or whose answers make no valid
/// profile.
pub(crate) fn parse(bytes: &[u8]) -> Result<Profile, ApiError> {
    let value = parse_json(bytes)?;
    if !value.is_object() {
        return Err(invalid(
            "",
            "invalid_type",
            "the body must be a FHIR QuestionnaireResponse (a JSON object)",
        ));
    }
    let response: QuestionnaireResponse = decode_collecting(value)?;
    check_lengths(&response)?;
    let (profile, origins) = to_profile(&response)?;
    let body = serde_json::to_vec(&profile).map_err(|e| ApiError::Unexpected(e.into()))?;
    super::parse_profile(&body).map_err(|e| match e {
        ApiError::Validation(errors) => ApiError::Validation(
            errors
                .into_iter()
                .map(|e| FieldError {
                    pointer: origin(&origins, &e.pointer),
                    ..e
                })
                .collect(),
        ),
        other => other,
    })
}

/// The free texts read and ignored are bounded as the schema says ([`schema::MAX_TEXT_CHARS`]).
fn check_lengths(response: &QuestionnaireResponse) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let mut check = |pointer: String, text: Option<&String>| {
        if text.is_some_and(|t| t.chars().count() > schema::MAX_TEXT_CHARS) {
            errors.push(FieldError::new(
                pointer,
                "invalid_length",
                format!("at most {} characters", schema::MAX_TEXT_CHARS),
            ));
        }
    };
    for (name, text) in [
        ("id", &response.id),
        ("language", &response.language),
        ("questionnaire", &response.questionnaire),
        ("authored", &response.authored),
    ] {
        check(format!("/{name}"), text.as_ref());
    }
    for (i, group) in response.item.iter().enumerate() {
        check(format!("/item/{i}/text"), group.text.as_ref());
        for (j, item) in group.item.iter().enumerate() {
            check(format!("/item/{i}/item/{j}/text"), item.text.as_ref());
            for (k, answer) in item.answer.iter().enumerate() {
                let display = answer
                    .value_coding
                    .as_ref()
                    .and_then(|c| c.display.as_ref());
                check(
                    format!("/item/{i}/item/{j}/answer/{k}/valueCoding/display"),
                    display,
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn invalid(pointer: &str, code: &str, message: impl Into<String>) -> ApiError {
    ApiError::Validation(vec![FieldError::new(pointer, code, message)])
}

/// The response pointer a profile pointer came from: the longest match, with what follows it.
/// A required answer that is missing points at the items.
fn origin(origins: &Origins, pointer: &str) -> String {
    origins
        .iter()
        .filter(|(p, _)| {
            pointer == p
                || pointer
                    .strip_prefix(p.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
        .max_by_key(|(p, _)| p.len())
        .map_or_else(
            || "/item".to_owned(),
            |(p, q)| format!("{q}{}", &pointer[p.len()..]),
        )
}

/// The profile JSON the answers make, and where each part came from.
fn to_profile(response: &QuestionnaireResponse) -> Result<(Value, Origins), ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut profile = Value::Object(Map::new());
    let mut origins = Origins::new();
    let mut seen_sections: Vec<&str> = Vec::new();
    let mut seen_items: Vec<&str> = Vec::new();
    for (i, group) in response.item.iter().enumerate() {
        let at = format!("/item/{i}");
        let Some(section) = SECTIONS.iter().find(|s| s.link_id == group.link_id) else {
            errors.push(FieldError::new(
                format!("{at}/linkId"),
                "unknown_value",
                "not a section of the questionnaire (GET /v1/questionnaire)",
            ));
            continue;
        };
        if seen_sections.contains(&section.link_id) {
            errors.push(FieldError::new(
                &at,
                "duplicate_item",
                "this section appears more than once",
            ));
            continue;
        }
        seen_sections.push(section.link_id);
        if !group.answer.is_empty() {
            errors.push(FieldError::new(
                format!("{at}/answer"),
                "invalid",
                "a section has no answer of its own; its questions do",
            ));
        }
        for (j, answered) in group.item.iter().enumerate() {
            let at = format!("{at}/item/{j}");
            let Some(item) = section.items.iter().find(|q| q.link_id == answered.link_id) else {
                errors.push(FieldError::new(
                    format!("{at}/linkId"),
                    "unknown_value",
                    format!("not a question of the section {}", section.link_id),
                ));
                continue;
            };
            if seen_items.contains(&item.link_id) {
                errors.push(FieldError::new(
                    &at,
                    "duplicate_item",
                    "this question is answered more than once",
                ));
                continue;
            }
            seen_items.push(item.link_id);
            if !answered.item.is_empty() {
                errors.push(FieldError::new(
                    format!("{at}/item"),
                    "invalid",
                    "a question has no nested items",
                ));
                continue;
            }
            match answer_value(item, answered, &at) {
                Ok(Some(value)) => {
                    let pointer = fields::path(item.field);
                    set(&mut profile, pointer, value);
                    origins.push((pointer.to_owned(), format!("{at}/answer/0")));
                    if is_list(item) {
                        // A list's problems name an entry (`/symptoms/2`) or the list itself.
                        origins.pop();
                        origins.push((pointer.to_owned(), at.clone()));
                        for k in 0..answered.answer.len() {
                            origins.push((format!("{pointer}/{k}"), format!("{at}/answer/{k}")));
                        }
                    }
                }
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
    }
    if errors.is_empty() {
        Ok((profile, origins))
    } else {
        errors.sort_by(|a, b| a.pointer.cmp(&b.pointer));
        Err(ApiError::Validation(errors))
    }
}

fn is_list(item: &Item) -> bool {
    matches!(
        item.answer,
        AnswerKind::MultipleChoice(_) | AnswerKind::Texts
    )
}

/// The profile value of one question's answers: `None` when a single-valued question has no
/// answer (unknown); a list question with no answer is the empty list ("none of these").
fn answer_value(
    item: &Item,
    answered: &ResponseItem,
    at: &str,
) -> Result<Option<Value>, FieldError> {
    if !is_list(item) && answered.answer.len() > 1 {
        return Err(FieldError::new(
            format!("{at}/answer/1"),
            "too_many_items",
            "this question takes one answer",
        ));
    }
    let mut values = Vec::with_capacity(answered.answer.len());
    for (k, answer) in answered.answer.iter().enumerate() {
        values.push(one_value(item, answer, &format!("{at}/answer/{k}"))?);
    }
    Ok(if is_list(item) {
        Some(Value::Array(values))
    } else {
        values.pop()
    })
}

/// The one value of an answer, of the type the question takes.
fn one_value(item: &Item, answer: &Answer, at: &str) -> Result<Value, FieldError> {
    let given = [
        answer.value_integer.is_some(),
        answer.value_decimal.is_some(),
        answer.value_boolean.is_some(),
        answer.value_string.is_some(),
        answer.value_coding.is_some(),
    ]
    .iter()
    .filter(|g| **g)
    .count();
    let (wanted, value) = match item.answer {
        AnswerKind::Integer(_) => (
            "valueInteger",
            answer.value_integer.clone().map(Value::Number),
        ),
        AnswerKind::Decimal(_) => (
            "valueDecimal",
            answer.value_decimal.clone().map(Value::Number),
        ),
        AnswerKind::Boolean => ("valueBoolean", answer.value_boolean.map(Value::Bool)),
        AnswerKind::Texts => (
            "valueString",
            answer.value_string.clone().map(Value::String),
        ),
        AnswerKind::Choice(c) | AnswerKind::MultipleChoice(c) => {
            let system = code_system(vocabulary_name(c));
            if let Some(coding) = &answer.value_coding
                && coding.system.as_ref().is_some_and(|s| *s != system)
            {
                return Err(FieldError::new(
                    format!("{at}/valueCoding/system"),
                    "unknown_value",
                    format!("the code system of this question is {system}"),
                ));
            }
            (
                "valueCoding",
                answer
                    .value_coding
                    .as_ref()
                    .map(|c| Value::String(c.code.clone())),
            )
        }
    };
    match value {
        Some(value) if given == 1 => Ok(value),
        _ => Err(FieldError::new(
            at,
            "invalid_type",
            format!(
                "the answer to {} must have exactly one value, a {wanted}",
                item.link_id
            ),
        )),
    }
}

/// Sets `value` at `pointer` (one or two levels deep), creating the section object.
fn set(profile: &mut Value, pointer: &str, value: Value) {
    let mut target = profile;
    let mut parts = pointer.trim_start_matches('/').split('/').peekable();
    while let Some(part) = parts.next() {
        let map = target.as_object_mut().expect("sections are objects");
        if parts.peek().is_none() {
            map.insert(part.to_owned(), value);
            return;
        }
        target = map
            .entry(part.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}
