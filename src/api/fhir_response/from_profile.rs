//! The other way: a JSON profile written as the `QuestionnaireResponse` that says the same, for
//! the spec's examples and the round-trip tests.

use serde_json::Value;

use super::{code_system, fields, vocabulary_name};
use crate::domain::questionnaire::{AnswerKind, SECTIONS};

/// The `QuestionnaireResponse` that says what the JSON `profile` says (the spec's examples
/// and the tests' round trips): each answered field as its question's answer, in order.
pub(crate) fn from_profile(profile: &Value) -> Value {
    let sections: Vec<Value> = SECTIONS
        .iter()
        .filter_map(|section| {
            let items: Vec<Value> = section
                .items
                .iter()
                .filter_map(|item| {
                    let value = profile.pointer(fields::path(item.field))?;
                    let answers: Vec<Value> = match (item.answer, value) {
                        (AnswerKind::MultipleChoice(c), Value::Array(codes)) => codes
                            .iter()
                            .map(|code| coding(vocabulary_name(c), code))
                            .collect(),
                        (AnswerKind::Choice(c), code) => vec![coding(vocabulary_name(c), code)],
                        (AnswerKind::Texts, Value::Array(names)) => names
                            .iter()
                            .map(|n| serde_json::json!({"valueString": n}))
                            .collect(),
                        (AnswerKind::Integer(_), v) => vec![serde_json::json!({"valueInteger": v})],
                        (AnswerKind::Decimal(_), v) => vec![serde_json::json!({"valueDecimal": v})],
                        (AnswerKind::Boolean, v) => vec![serde_json::json!({"valueBoolean": v})],
                        _ => return None,
                    };
                    let mut answered = serde_json::json!({"linkId": item.link_id});
                    if !answers.is_empty() {
                        answered["answer"] = Value::Array(answers);
                    }
                    Some(answered)
                })
                .collect();
            (!items.is_empty())
                .then(|| serde_json::json!({"linkId": section.link_id, "item": items}))
        })
        .collect();
    serde_json::json!({
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": crate::api::questionnaire::fhir::QUESTIONNAIRE_URL,
        "item": sections,
    })
}

fn coding(vocabulary: &str, code: &Value) -> Value {
    serde_json::json!({"valueCoding": {"system": code_system(vocabulary), "code": code}})
}
