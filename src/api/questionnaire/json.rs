//! The questionnaire and the vocabulary as this API's own JSON: built once per language from
//! the domain's questions ([`questionnaire::SECTIONS`]), the fields' limits, the follow-up
//! questions' order (the priority) and the labels.

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::questionnaire::{self, AnswerKind, Choices, Condition, Item, Unit};
use crate::domain::{Field, Lang, MEDICINE_NAME_CHARS};
use crate::http::fields;
use crate::knowledge::{KnowledgeBase, Labels};

/// The published component name of a request vocabulary (its labels are filed under it).
pub(crate) fn vocabulary_name(choices: Choices) -> &'static str {
    match choices {
        Choices::Pregnancy => "Pregnancy",
        Choices::Muscle => "MuscleGroup",
        Choices::Condition => "Condition",
        Choices::Activity => "Activity",
        Choices::Deficiency => "KnownDeficiency",
        Choices::Symptom => "ReportedSymptom",
        Choices::SleepPosition => "Position",
    }
}

/// Where a question's priority comes from: its rank among the follow-up questions
/// (`missing_inputs` lists them in this order), 1 being the most important.
pub(super) fn priority(kb: &KnowledgeBase, field: Field) -> Option<u32> {
    kb.questions
        .iter()
        .position(|q| q.field.field() == field)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Every question of the form, in sections, in the order to ask them, with the words in the
/// language `Accept-Language` picked.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Questionnaire {
    /// The language of the words (`en`, `es`, `de`, `fr`).
    #[schema(example = "en")]
    pub language: &'static str,
    /// The title of the form.
    pub title: String,
    /// The knowledge-base version the priorities come from.
    #[schema(example = "2026.11.1")]
    pub version: String,
    /// The sections, in order.
    pub sections: Vec<QuestionnaireSection>,
}

/// An ordered group of questions.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct QuestionnaireSection {
    /// Stable id (also the FHIR group's `linkId`).
    #[schema(example = "about_you")]
    pub link_id: &'static str,
    /// Section title.
    pub title: String,
    /// The questions, in order.
    pub questions: Vec<QuestionnaireQuestion>,
}

/// One question: what to ask, what answer it takes, where the answer goes in the profile.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct QuestionnaireQuestion {
    /// Stable id (also the FHIR item's `linkId`).
    #[schema(example = "age")]
    pub link_id: &'static str,
    /// The JSON pointer (RFC 6901) of the profile field the answer fills: set the answer there
    /// (creating the section object, e.g. `lifestyle`, when it is missing). Leave a question
    /// out when it is not answered: absent means unknown.
    #[schema(example = "/age")]
    pub pointer: &'static str,
    /// The question.
    pub text: String,
    /// One line of help.
    pub help: String,
    /// Whether the profile needs this answer (only `age` does).
    pub required: bool,
    /// How much the answer matters when it is missing, 1 first: the order in which
    /// assessments list it in `missing_inputs`. `null` when it is never asked for there.
    pub priority: Option<u32>,
    /// The kind of answer, with its limits and values.
    pub answer: AnswerSpec,
    /// Show the question only when all of these hold (empty: always).
    pub enable_when: Vec<EnableWhen>,
}

/// The kind of answer a question takes, with the same limits the profile's schema states.
/// Which other fields are present depends on `type`.
#[derive(Debug, Default, Serialize, ToSchema)]
pub(crate) struct AnswerSpec {
    /// `integer` (a whole number), `decimal`, `boolean`, `choice` (one value of the list, sent
    /// as a string), `multiple_choice` (an array of values, each at most once; `[]` means
    /// "none of these") or `texts` (an array of strings, each at most once; `[]`: none).
    #[serde(rename = "type")]
    pub kind: AnswerType,
    /// Smallest allowed value (`integer`, `decimal`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 1)]
    pub minimum: Option<f64>,
    /// Largest allowed value (`integer`, `decimal`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 120)]
    pub maximum: Option<f64>,
    /// The unit (`integer`, `decimal`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<UnitLabel>,
    /// The vocabulary's name, as in `GET /v1/vocabulary` and the schema (`choice`,
    /// `multiple_choice`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "MuscleGroup")]
    pub vocabulary: Option<&'static str>,
    /// The most entries (`multiple_choice`, `texts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i32>, example = 5)]
    pub max_items: Option<usize>,
    /// Shortest entry, in characters (`texts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i32>, example = 1)]
    pub min_length: Option<usize>,
    /// Longest entry, in characters (`texts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i32>, example = 100)]
    pub max_length: Option<usize>,
    /// The label of the answer "none of these", sent as `[]` (`multiple_choice`, `texts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub none_label: Option<String>,
    /// The values with their labels, in order (`choice`, `multiple_choice`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<OptionLabel>>,
}

/// The kind of an answer.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum AnswerType {
    /// A whole number.
    #[default]
    Integer,
    /// A number, decimals allowed.
    Decimal,
    /// `true` or `false`.
    Boolean,
    /// One value of a list.
    Choice,
    /// Any values of a list.
    MultipleChoice,
    /// Free-text entries.
    Texts,
}

/// A unit: its UCUM code and its name.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnitLabel {
    /// UCUM code.
    #[schema(example = "a")]
    pub code: &'static str,
    /// Its name.
    #[schema(example = "years")]
    pub label: String,
}

/// One value a list offers.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct OptionLabel {
    /// The value to send.
    #[schema(example = "calf")]
    pub value: &'static str,
    /// Its label.
    #[schema(example = "Calf")]
    pub label: String,
    /// One line of help.
    #[schema(example = "The back of the lower leg.")]
    pub help: String,
}

/// A condition on another question's answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EnableWhen {
    /// The link id of the other question.
    #[schema(example = "age")]
    pub question: &'static str,
    /// `exists` (it has an answer; a list: at least one entry), `>=` or `<=`.
    #[schema(example = ">=")]
    pub operator: &'static str,
    /// The number compared with (absent for `exists`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 12)]
    pub value: Option<i64>,
}

/// The condition in this API's terms (every number compared with is a whole age).
pub(super) fn enable_when(condition: Condition) -> EnableWhen {
    let (operator, value) = match condition {
        Condition::Answered(_) => ("exists", None),
        Condition::AtLeast(_, v) => (">=", Some(v as i64)),
        Condition::AtMost(_, v) => ("<=", Some(v as i64)),
    };
    EnableWhen {
        question: condition.question(),
        operator,
        value,
    }
}

fn options(labels: &Labels, lang: Lang, choices: Choices) -> Vec<OptionLabel> {
    let name = vocabulary_name(choices);
    choices
        .values()
        .into_iter()
        .map(|value| {
            let l = labels.label(lang, name, value);
            OptionLabel {
                value,
                label: l.label.clone(),
                help: l.help.clone(),
            }
        })
        .collect()
}

fn answer(item: &Item, labels: &Labels, lang: Lang) -> AnswerSpec {
    let words = labels.questionnaire(lang);
    let unit = |u: Unit| UnitLabel {
        code: u.ucum(),
        label: words.unit(u).to_owned(),
    };
    let bounds = item.field.bounds();
    let max_items = item.field.max_items().unwrap_or_default();
    let ranged = |kind, u: Unit| {
        let b = bounds.expect("a numeric field has bounds");
        AnswerSpec {
            kind,
            minimum: Some(b.min),
            maximum: Some(b.max),
            unit: Some(unit(u)),
            ..AnswerSpec::default()
        }
    };
    let listed = |kind, c: Choices| AnswerSpec {
        kind,
        vocabulary: Some(vocabulary_name(c)),
        options: Some(options(labels, lang, c)),
        ..AnswerSpec::default()
    };
    match item.answer {
        AnswerKind::Integer(u) => ranged(AnswerType::Integer, u),
        AnswerKind::Decimal(u) => ranged(AnswerType::Decimal, u),
        AnswerKind::Boolean => AnswerSpec {
            kind: AnswerType::Boolean,
            ..AnswerSpec::default()
        },
        AnswerKind::Choice(c) => listed(AnswerType::Choice, c),
        AnswerKind::MultipleChoice(c) => AnswerSpec {
            max_items: Some(max_items),
            none_label: Some(words.none_of_these.clone()),
            ..listed(AnswerType::MultipleChoice, c)
        },
        AnswerKind::Texts => AnswerSpec {
            kind: AnswerType::Texts,
            max_items: Some(max_items),
            min_length: Some(MEDICINE_NAME_CHARS.0),
            max_length: Some(MEDICINE_NAME_CHARS.1),
            none_label: Some(words.none_of_these.clone()),
            ..AnswerSpec::default()
        },
    }
}

impl Questionnaire {
    /// The questionnaire in `lang`.
    pub(crate) fn new(kb: &KnowledgeBase, labels: &Labels, lang: Lang) -> Self {
        let words = labels.questionnaire(lang);
        let sections = questionnaire::SECTIONS
            .iter()
            .map(|section| QuestionnaireSection {
                link_id: section.link_id,
                title: words.sections[section.link_id].clone(),
                questions: section
                    .items
                    .iter()
                    .map(|item| {
                        let text = &words.questions[item.link_id];
                        QuestionnaireQuestion {
                            link_id: item.link_id,
                            pointer: fields::path(item.field),
                            text: text.text.clone(),
                            help: text.help.clone(),
                            required: item.required(),
                            priority: priority(kb, item.field),
                            answer: answer(item, labels, lang),
                            enable_when: item.enable_when.iter().map(|c| enable_when(*c)).collect(),
                        }
                    })
                    .collect(),
            })
            .collect();
        Self {
            language: lang.as_str(),
            title: words.title.clone(),
            version: kb.meta.version.clone(),
            sections,
        }
    }
}

/// A label and help for every value of every closed list the API uses, in requests (the
/// questionnaire's answers) and in answers (triage levels, grades, plan phases, ...).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VocabularyList {
    /// The language of the labels.
    #[schema(example = "en")]
    pub language: &'static str,
    /// Every vocabulary, named as the schema component that lists its values.
    pub vocabularies: Vec<VocabularyEntry>,
}

/// One vocabulary.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VocabularyEntry {
    /// The schema component whose values these are.
    #[schema(example = "MuscleGroup")]
    pub name: &'static str,
    /// Every value with its label, in the schema's order.
    pub values: Vec<OptionLabel>,
}

impl VocabularyList {
    /// Every vocabulary in `vocabularies` labelled in `lang`.
    pub(crate) fn new(
        vocabularies: &[crate::knowledge::Vocabulary],
        labels: &Labels,
        lang: Lang,
    ) -> Self {
        Self {
            language: lang.as_str(),
            vocabularies: vocabularies
                .iter()
                .map(|(name, values)| VocabularyEntry {
                    name,
                    values: values
                        .iter()
                        .map(|value| {
                            let l = labels.label(lang, name, value);
                            OptionLabel {
                                value,
                                label: l.label.clone(),
                                help: l.help.clone(),
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
