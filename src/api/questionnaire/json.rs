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
pub(super) fn vocabulary_name(choices: Choices) -> &'static str {
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

/// The kind of answer a question takes (`type`), with the same limits the profile's schema
/// states.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum AnswerSpec {
    /// A whole number.
    Integer {
        /// Smallest allowed value.
        minimum: i64,
        /// Largest allowed value.
        maximum: i64,
        /// The unit.
        unit: UnitLabel,
    },
    /// A number, decimals allowed.
    Decimal {
        /// Smallest allowed value.
        minimum: f64,
        /// Largest allowed value.
        maximum: f64,
        /// The unit.
        unit: UnitLabel,
    },
    /// `true` or `false`.
    Boolean,
    /// One value of the list (send the value as a string).
    Choice {
        /// The vocabulary's name, as in `GET /v1/vocabulary` and the schema.
        vocabulary: &'static str,
        /// The values with their labels, in order.
        options: Vec<OptionLabel>,
    },
    /// Any of the values, each at most once (send an array; `[]` means "none of these").
    MultipleChoice {
        /// The vocabulary's name.
        vocabulary: &'static str,
        /// The most values that can be picked.
        max_items: usize,
        /// The label of the answer "none of these" (send `[]`).
        none_label: String,
        /// The values with their labels, in order.
        options: Vec<OptionLabel>,
    },
    /// Free-text entries, each at most once (send an array of strings; `[]` means "none").
    Texts {
        /// The most entries.
        max_items: usize,
        /// Shortest entry, in characters.
        min_length: usize,
        /// Longest entry, in characters.
        max_length: usize,
        /// The label of the answer "none" (send `[]`).
        none_label: String,
    },
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
    match item.answer {
        AnswerKind::Integer(u) => {
            let b = bounds.expect("a numeric field has bounds");
            AnswerSpec::Integer {
                minimum: b.min as i64,
                maximum: b.max as i64,
                unit: unit(u),
            }
        }
        AnswerKind::Decimal(u) => {
            let b = bounds.expect("a numeric field has bounds");
            AnswerSpec::Decimal {
                minimum: b.min,
                maximum: b.max,
                unit: unit(u),
            }
        }
        AnswerKind::Boolean => AnswerSpec::Boolean,
        AnswerKind::Choice(c) => AnswerSpec::Choice {
            vocabulary: vocabulary_name(c),
            options: options(labels, lang, c),
        },
        AnswerKind::MultipleChoice(c) => AnswerSpec::MultipleChoice {
            vocabulary: vocabulary_name(c),
            max_items,
            none_label: words.none_of_these.clone(),
            options: options(labels, lang, c),
        },
        AnswerKind::Texts => AnswerSpec::Texts {
            max_items,
            min_length: MEDICINE_NAME_CHARS.0,
            max_length: MEDICINE_NAME_CHARS.1,
            none_label: words.none_of_these.clone(),
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
