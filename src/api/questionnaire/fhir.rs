//! The questionnaire as a FHIR R4 `Questionnaire` resource, translated from the JSON one (so the
//! two cannot differ): sections are `group` items, questions keep their `linkId`, limits are
//! the standard `minValue`/`maxValue` extensions, units the `questionnaire-unit` extension, the
//! help lines `display` items with the `help` item control, and values `answerOption` codings in
//! one code system per vocabulary ([`code_system`]).

use serde_json::{Value, json};

use super::json::{AnswerType, EnableWhen, OptionLabel, Questionnaire, QuestionnaireQuestion};

/// The canonical URL of the questionnaire (an identifier, not a location).
pub(crate) const QUESTIONNAIRE_URL: &str = "urn:cramp-advisor:questionnaire";

/// The code system of a vocabulary: its values are the codes.
pub(crate) fn code_system(vocabulary: &str) -> String {
    format!("urn:cramp-advisor:vocabulary:{vocabulary}")
}

const UCUM: &str = "http://unitsofmeasure.org";
const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
const UNIT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
const ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";

/// The FHIR `Questionnaire` for `q`.
pub(crate) fn questionnaire(q: &Questionnaire) -> Value {
    json!({
        "resourceType": "Questionnaire",
        "id": "cramp-advisor",
        "language": q.language,
        "url": QUESTIONNAIRE_URL,
        "version": q.version,
        "name": "CrampAdvisorQuestionnaire",
        "title": q.title,
        "status": "active",
        "subjectType": ["Patient"],
        "item": q.sections.iter().map(|s| json!({
            "linkId": s.link_id,
            "text": s.title,
            "type": "group",
            "item": s.questions.iter().map(question).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn coding(vocabulary: &str, option: &OptionLabel) -> Value {
    json!({"valueCoding": {
        "system": code_system(vocabulary),
        "code": option.value,
        "display": option.label,
    }})
}

fn condition(c: &EnableWhen) -> Value {
    match c.value {
        Some(v) => json!({"question": c.question, "operator": c.operator, "answerInteger": v}),
        None => json!({"question": c.question, "operator": "exists", "answerBoolean": true}),
    }
}

fn question(q: &QuestionnaireQuestion) -> Value {
    let mut item = json!({"linkId": q.link_id, "text": q.text});
    let mut extension: Vec<Value> = Vec::new();
    let a = &q.answer;
    if let (Some(min), Some(max), Some(unit)) = (a.minimum, a.maximum, &a.unit) {
        let key = if a.kind == AnswerType::Integer {
            "valueInteger"
        } else {
            "valueDecimal"
        };
        let number = |v: f64| {
            if a.kind == AnswerType::Integer {
                json!(v as i64)
            } else {
                json!(v)
            }
        };
        extension.push(json!({"url": MIN_VALUE, key: number(min)}));
        extension.push(json!({"url": MAX_VALUE, key: number(max)}));
        extension.push(json!({"url": UNIT, "valueCoding": {"system": UCUM, "code": unit.code, "display": unit.label}}));
    }
    if let (Some(vocabulary), Some(options)) = (a.vocabulary, &a.options) {
        item["answerOption"] = options.iter().map(|o| coding(vocabulary, o)).collect();
    }
    if let Some(max_length) = a.max_length {
        item["maxLength"] = json!(max_length);
    }
    let (kind, repeats) = match a.kind {
        AnswerType::Integer => ("integer", false),
        AnswerType::Decimal => ("decimal", false),
        AnswerType::Boolean => ("boolean", false),
        AnswerType::Choice => ("choice", false),
        AnswerType::MultipleChoice => ("choice", true),
        AnswerType::Texts => ("string", true),
    };
    item["type"] = json!(kind);
    item["required"] = json!(q.required);
    item["repeats"] = json!(repeats);
    if !q.enable_when.is_empty() {
        item["enableWhen"] = q.enable_when.iter().map(condition).collect();
        if q.enable_when.len() > 1 {
            item["enableBehavior"] = json!("all");
        }
    }
    if !extension.is_empty() {
        item["extension"] = Value::Array(extension);
    }
    item["item"] = json!([{
        "linkId": format!("{}.help", q.link_id),
        "text": q.help,
        "type": "display",
        "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{
            "system": "http://hl7.org/fhir/questionnaire-item-control",
            "code": "help",
        }]}}],
    }]);
    item
}
