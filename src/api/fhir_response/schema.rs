//! The published schema of the `QuestionnaireResponse` the assessments accept, built from the
//! questionnaire itself so it states exactly what the service takes: each section and question
//! by its `linkId`, each answer's value type, bounds and codes (the fields' own limits), and
//! each section, question and code at most once. JSON Schema cannot say "at most once" of a
//! property inside array items with `uniqueItems`, so it is said per value with `contains` and
//! `maxContains: 1` (JSON Schema 2020-12, as OpenAPI 3.1 uses).

use std::borrow::Cow;

use serde_json::{Value, json};
use utoipa::openapi::RefOr;
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::schema::{
    AdditionalProperties, AllOfBuilder, ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder,
    Schema, SchemaFormat, Type,
};

use crate::domain::MEDICINE_NAME_CHARS;
use crate::domain::questionnaire::{AnswerKind, Item, SECTIONS};

use crate::api::questionnaire::fhir::code_system;
use crate::api::questionnaire::json::vocabulary_name;

/// A FHIR R4 `QuestionnaireResponse` to `GET /v1/questionnaire`.
pub(crate) struct QuestionnaireResponseSchema;

impl utoipa::PartialSchema for QuestionnaireResponseSchema {
    fn schema() -> RefOr<Schema> {
        let string = || {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(MAX_TEXT_CHARS))
        };
        let sections: Vec<Schema> = SECTIONS
            .iter()
            .map(|s| {
                let questions: Vec<Schema> = s.items.iter().map(question).collect();
                closed(
                    ObjectBuilder::new()
                        .property("linkId", constant(s.link_id))
                        .required("linkId")
                        .property("text", string())
                        .property(
                            "item",
                            once_each(
                                ArrayBuilder::new()
                                    .items(RefOr::T(one_of(questions)))
                                    .max_items(Some(s.items.len()))
                                    .build()
                                    .into(),
                                s.items.iter().map(|i| link_id(i.link_id)),
                            ),
                        ),
                )
            })
            .collect();
        let root = ObjectBuilder::new()
            .description(Some(
                "A FHIR R4 `QuestionnaireResponse` (http://hl7.org/fhir/R4/questionnaireresponse.html) \
                 to `GET /v1/questionnaire`: one `group` item per section, one item per answered \
                 question, with the question's `linkId`. The age is required. A question left \
                 out is unknown; a list \
                 question (`repeats`) present with no `answer` means \"none of these\". `id`, \
                 `meta`, `language`, `questionnaire`, `authored` and items' `text` are read and \
                 ignored.",
            ))
            .property(
                "resourceType",
                constant("QuestionnaireResponse"),
            )
            .required("resourceType")
            .property(
                "status",
                string().enum_values(Some([
                    "in-progress",
                    "completed",
                    "amended",
                    "entered-in-error",
                    "stopped",
                ])),
            )
            .required("status")
            .property("id", string())
            .property("meta", ObjectBuilder::new().schema_type(Type::Object))
            .property("language", string())
            .property("questionnaire", string())
            .property("authored", string())
            .property(
                "item",
                AllOfBuilder::new()
                    .item(once_each(
                        ArrayBuilder::new()
                            .items(RefOr::T(one_of(sections)))
                            .max_items(Some(SECTIONS.len()))
                            .build()
                            .into(),
                        SECTIONS.iter().map(|s| link_id(s.link_id)),
                    ))
                    .item(extension("contains", required_answers())),
            )
            .required("item")
            .examples([example()]);
        closed(root).into()
    }
}

impl utoipa::ToSchema for QuestionnaireResponseSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("QuestionnaireResponse")
    }
}

/// An object schema that allows no other property.
fn closed(builder: ObjectBuilder) -> Schema {
    builder
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)))
        .build()
        .into()
}

fn constant(value: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some([value]))
}

/// The longest free text read (and ignored): an item's `text`, a coding's `display`, `id`.
pub(crate) const MAX_TEXT_CHARS: usize = 1000;

/// One of `schemas` (the schema itself when there is one).
fn one_of(mut schemas: Vec<Schema>) -> Schema {
    if schemas.len() == 1 {
        return schemas.remove(0);
    }
    let mut builder = OneOfBuilder::new();
    for s in schemas {
        builder = builder.item(s);
    }
    builder.build().into()
}

/// An item whose `linkId` is `id`.
fn link_id(id: &str) -> Value {
    json!({"properties": {"linkId": {"const": id}}, "required": ["linkId"]})
}

/// A schema of one JSON Schema keyword utoipa does not model (`contains`, `not`).
fn extension(keyword: &str, value: Value) -> Schema {
    Schema::Object(
        ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::SchemaType::AnyValue)
            .extensions(Some(Extensions::from_iter([(keyword, value)])))
            .build(),
    )
}

/// The section holding the required question (the age), answered.
fn required_answers() -> Value {
    let (section, item) = SECTIONS
        .iter()
        .find_map(|s| s.items.iter().find(|i| i.required()).map(|i| (s, i)))
        .expect("the age is asked");
    json!({
        "properties": {
            "linkId": {"const": section.link_id},
            "item": {"contains": {
                "properties": {"linkId": {"const": item.link_id}, "answer": {"minItems": 1}},
                "required": ["linkId", "answer"],
            }},
        },
        "required": ["linkId", "item"],
    })
}

/// `array`, with each of `matches` matching at most one of its elements
/// (`contains`, `minContains: 0`, `maxContains: 1`). utoipa has no `contains`, and its
/// extensions are a hash map (no fixed key order with three keys), so the three keywords sit in
/// an `allOf` written as one extension whose value keeps its order.
fn once_each(array: Schema, matches: impl Iterator<Item = Value>) -> Schema {
    let bounds: Vec<Value> = matches
        .map(|m| json!({"contains": m, "minContains": 0, "maxContains": 1}))
        .collect();
    if bounds.len() < 2 {
        // One possible element: the array's `maxItems: 1` already says it.
        return array;
    }
    AllOfBuilder::new()
        .item(array)
        .item(extension("allOf", Value::Array(bounds)))
        .build()
        .into()
}

fn number(bound: f64) -> utoipa::Number {
    if bound.fract() == 0.0 {
        utoipa::Number::Int(bound as isize)
    } else {
        utoipa::Number::Float(bound)
    }
}

/// One question's item: its `linkId`, and answers of its type.
fn question(item: &Item) -> Schema {
    let bounds = item.field.bounds();
    let value = |key: &str, schema: ObjectBuilder| {
        closed(ObjectBuilder::new().property(key, schema).required(key))
    };
    let ranged = |kind: Type| {
        let b = bounds.expect("a numeric question has bounds");
        let format =
            (kind == Type::Integer).then_some(SchemaFormat::KnownFormat(KnownFormat::Int32));
        ObjectBuilder::new()
            .schema_type(kind)
            .format(format)
            .minimum(Some(number(b.min)))
            .maximum(Some(number(b.max)))
    };
    let coding = |values: Vec<&'static str>, vocabulary: &str| {
        closed(
            ObjectBuilder::new()
                .property("system", constant(&code_system(vocabulary)))
                .property(
                    "code",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(values)),
                )
                .required("code")
                .property(
                    "display",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .max_length(Some(MAX_TEXT_CHARS)),
                ),
        )
    };
    let (answer, max_items, unique): (Schema, usize, Vec<Value>) = match item.answer {
        AnswerKind::Integer(_) => (value("valueInteger", ranged(Type::Integer)), 1, vec![]),
        AnswerKind::Decimal(_) => (value("valueDecimal", ranged(Type::Number)), 1, vec![]),
        AnswerKind::Boolean => (
            value(
                "valueBoolean",
                ObjectBuilder::new().schema_type(Type::Boolean),
            ),
            1,
            vec![],
        ),
        AnswerKind::Choice(c) => (
            closed(
                ObjectBuilder::new()
                    .property("valueCoding", coding(c.values(), vocabulary_name(c)))
                    .required("valueCoding"),
            ),
            1,
            vec![],
        ),
        AnswerKind::MultipleChoice(c) => {
            let codes = c.values();
            let unique = codes
                .iter()
                .map(|code| json!({"properties": {"valueCoding": {"properties": {"code": {"const": code}}}}}))
                .collect();
            (
                closed(
                    ObjectBuilder::new()
                        .property("valueCoding", coding(codes, vocabulary_name(c)))
                        .required("valueCoding"),
                ),
                item.field.max_items().unwrap_or_default(),
                unique,
            )
        }
        AnswerKind::Texts => (
            value(
                "valueString",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(MEDICINE_NAME_CHARS.0))
                    .max_length(Some(MEDICINE_NAME_CHARS.1))
                    .pattern(Some(crate::domain::MEDICINE_NAME_PATTERN)),
            ),
            item.field.max_items().unwrap_or_default(),
            vec![],
        ),
    };
    let texts = matches!(item.answer, AnswerKind::Texts);
    let answers: Schema = ArrayBuilder::new()
        .items(RefOr::T(answer))
        .max_items(Some(max_items))
        .unique_items(texts)
        .build()
        .into();
    let answers = if unique.is_empty() {
        answers
    } else {
        once_each(answers, unique.into_iter())
    };
    closed(
        ObjectBuilder::new()
            .property("linkId", constant(item.link_id))
            .required("linkId")
            .property(
                "text",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .max_length(Some(MAX_TEXT_CHARS)),
            )
            .property("answer", answers),
    )
}

/// A short response: age, two symptoms, a medicine, no conditions.
pub(crate) fn example() -> Value {
    json!({
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": super::super::questionnaire::fhir::QUESTIONNAIRE_URL,
        "item": [
            {"linkId": "about_you", "item": [
                {"linkId": "age", "answer": [{"valueInteger": 67}]}
            ]},
            {"linkId": "warning_signs", "item": [
                {"linkId": "symptoms", "answer": [
                    {"valueCoding": {"system": code_system("ReportedSymptom"), "code": "numbness_or_tingling"}}
                ]}
            ]},
            {"linkId": "health", "item": [
                {"linkId": "medications", "answer": [{"valueString": "Hydrochlorothiazide 25 mg"}]},
                {"linkId": "conditions"}
            ]},
            {"linkId": "cramps", "item": [
                {"linkId": "nights_per_week", "answer": [{"valueInteger": 4}]},
                {"linkId": "typical_duration_minutes", "answer": [{"valueDecimal": 2}]}
            ]}
        ]
    })
}
