//! The persona examples ([`crate::examples::PERSONAS`]) attached to every assessment operation as
//! request examples, and, computed by the engine itself so they can never drift, the 200
//! examples; plus real, abridged catalogue entries for the catalogue operations.

use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::{OpenApi, RefOr};

use super::dto::{
    AssessmentResponse, CauseEntry, CauseList, CausesView, DifferentialList, KnowledgeInfo,
    MedicationClassEntry, MedicationClassList, RedFlagList, ReliefPlanView, RemediesView,
    RemedyEntry, RemedyList, SourceList,
};
use crate::domain::Profile;
use crate::engine;
use crate::examples::{PERSONAS, Persona};
use crate::knowledge::KnowledgeBase;

/// Personas whose computed answers are shown as response examples (all would make the
/// document several megabytes).
const RESPONSE_EXAMPLES: [&str; 3] = [
    "older_adult_on_thiazide",
    "healthy_adult_rare_cramps",
    "suspected_dvt",
];

/// Parses a persona's profile.
///
/// # Panics
/// When a fixture is not a valid profile (a unit test makes sure none is).
pub(super) fn profile(persona: &Persona) -> Profile {
    super::body::parse_profile(persona.json.as_bytes())
        .unwrap_or_else(|e| panic!("fixture {} is invalid: {e}", persona.name))
}

/// Renders one view of an assessment as a JSON value.
type RenderValue = fn(&engine::Assessment<'_>, &KnowledgeBase) -> serde_json::Value;

/// Adds the persona examples to the assessment operations of `openapi`, and real (abridged)
/// catalogue entries to the catalogue operations.
pub(crate) fn attach(openapi: &mut OpenApi, kb: &KnowledgeBase) {
    attach_catalogue(openapi, kb);
    attach_follow_ups(openapi, kb);
    attach_calendar(openapi);
    let views: [(&str, RenderValue); 4] = [
        ("/v1/assessments", |a, kb| {
            serde_json::to_value(AssessmentResponse::new(a, kb)).expect("serialises")
        }),
        ("/v1/assessments/causes", |a, kb| {
            serde_json::to_value(CausesView::new(a, kb)).expect("serialises")
        }),
        ("/v1/assessments/remedies", |a, kb| {
            serde_json::to_value(RemediesView::new(a, kb)).expect("serialises")
        }),
        ("/v1/assessments/relief-plan", |a, kb| {
            serde_json::to_value(ReliefPlanView::new(a, kb)).expect("serialises")
        }),
    ];
    for (path, render) in views {
        let Some(operation) = openapi
            .paths
            .paths
            .get_mut(path)
            .and_then(|item| item.post.as_mut())
        else {
            continue;
        };
        persona_examples(operation, "application/json", serde_json::Value::clone);
        // The same personas as FHIR `QuestionnaireResponse`s (each answers as its JSON).
        persona_examples(
            operation,
            super::questionnaire::FHIR_JSON,
            super::fhir_response::from_profile,
        );
        let Some(RefOr::T(ok)) = operation.responses.responses.get_mut("200") else {
            continue;
        };
        let Some(RefOr::T(content)) = ok.content.get_mut("application/json") else {
            continue;
        };
        for persona in PERSONAS
            .iter()
            .filter(|p| RESPONSE_EXAMPLES.contains(&p.name))
        {
            let p = profile(persona);
            let value = render(&engine::assess(&p, kb), kb);
            let example = ExampleBuilder::new()
                .summary(persona.summary)
                .value(Some(value))
                .build();
            content
                .examples
                .insert(persona.name.to_owned(), RefOr::T(example));
        }
    }
}

/// The last diary date of an example: the day its answer is computed on, so the published
/// answer (its check-in date) does not change with the calendar.
pub(super) fn diary_today(json: &str) -> crate::domain::Day {
    let value: serde_json::Value = serde_json::from_str(json).expect("diaries are JSON");
    value["diary"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| crate::domain::Day::parse(e["date"].as_str()?))
        .max()
        .expect("an example diary has a date")
}

/// The example diaries as request examples of `POST /v1/follow-ups`, and their answers.
fn attach_follow_ups(openapi: &mut OpenApi, kb: &KnowledgeBase) {
    let Some(operation) = openapi
        .paths
        .paths
        .get_mut("/v1/follow-ups")
        .and_then(|item| item.post.as_mut())
    else {
        return;
    };
    let request = operation.request_body.as_mut().and_then(|b| match b {
        RefOr::T(body) => body.content.get_mut("application/json"),
        RefOr::Ref(_) => None,
    });
    if let Some(RefOr::T(body)) = request {
        body.example = None;
        for diary in crate::examples::DIARIES {
            let value: serde_json::Value = serde_json::from_str(diary.json).expect("JSON");
            let example = ExampleBuilder::new()
                .summary(diary.summary)
                .value(Some(value))
                .build();
            body.examples
                .insert(diary.name.to_owned(), RefOr::T(example));
        }
    }
    let Some(RefOr::T(ok)) = operation.responses.responses.get_mut("200") else {
        return;
    };
    let Some(RefOr::T(content)) = ok.content.get_mut("application/json") else {
        return;
    };
    for diary in crate::examples::DIARIES {
        let bytes = super::follow_ups::answer(diary.json.as_bytes(), kb, diary_today(diary.json))
            .unwrap_or_else(|e| panic!("example diary {} is invalid: {e}", diary.name));
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
        let example = ExampleBuilder::new()
            .summary(diary.summary)
            .value(Some(value))
            .build();
        content
            .examples
            .insert(diary.name.to_owned(), RefOr::T(example));
    }
}

/// The calendar example of the relief plan (`Accept: text/calendar`).
fn attach_calendar(openapi: &mut OpenApi) {
    let ok = openapi
        .paths
        .paths
        .get_mut("/v1/assessments/relief-plan")
        .and_then(|item| item.post.as_mut())
        .and_then(|op| op.responses.responses.get_mut("200"));
    if let Some(RefOr::T(ok)) = ok
        && let Some(RefOr::T(content)) = ok.content.get_mut("text/calendar")
    {
        let example = ExampleBuilder::new()
            .summary("The plan of older_adult_on_thiazide from 2026-12-01, bedtime 22:30")
            .value(Some(serde_json::Value::String(
                super::calendar::EXAMPLE.to_owned(),
            )))
            .build();
        content
            .examples
            .insert("older_adult_on_thiazide".to_owned(), RefOr::T(example));
    }
}

/// How many entries a list example shows (the full lists are long; the live endpoint has them all).
const LIST_EXAMPLE_LEN: usize = 2;

fn attach_catalogue(openapi: &mut OpenApi, kb: &KnowledgeBase) {
    let n = LIST_EXAMPLE_LEN;
    let mut flags: Vec<_> = kb.red_flags.iter().collect();
    flags.sort_by_key(|f| f.urgency);
    let value = |v: &dyn erased::Json| v.json();
    let examples: Vec<(&str, serde_json::Value)> = vec![
        ("/v1/knowledge", value(&KnowledgeInfo::new(kb))),
        (
            "/v1/causes",
            value(&CauseList {
                causes: kb
                    .causes
                    .iter()
                    .take(n)
                    .map(|c| CauseEntry::new(c, kb))
                    .collect(),
            }),
        ),
        (
            "/v1/causes/{cause_id}",
            value(&CauseEntry::new(
                kb.cause("medication").unwrap_or(&kb.causes[0]),
                kb,
            )),
        ),
        (
            "/v1/remedies",
            value(&RemedyList {
                remedies: kb.remedies.iter().take(n).map(RemedyEntry::from).collect(),
            }),
        ),
        (
            "/v1/remedies/{remedy_id}",
            value(&RemedyEntry::from(
                kb.remedy("bedtime_stretching").unwrap_or(&kb.remedies[0]),
            )),
        ),
        (
            "/v1/red-flags",
            value(&RedFlagList {
                red_flags: flags.into_iter().take(n).map(Into::into).collect(),
            }),
        ),
        (
            "/v1/differentials",
            value(&DifferentialList {
                differentials: kb.differentials.iter().take(n).map(Into::into).collect(),
            }),
        ),
        (
            "/v1/medication-classes",
            value(&MedicationClassList {
                medication_classes: kb
                    .medication_classes
                    .iter()
                    .take(n)
                    .map(|m| MedicationClassEntry::new(m, kb))
                    .collect(),
            }),
        ),
        (
            "/v1/sources",
            value(&SourceList {
                sources: kb.sources.iter().take(n + 1).map(Into::into).collect(),
            }),
        ),
    ];
    let labels = super::cached::labels();
    let questionnaire =
        super::questionnaire::Questionnaire::new(kb, &labels, crate::domain::Lang::En);
    let mut vocabulary = super::questionnaire::VocabularyList::new(
        &super::schema_enums::vocabularies(),
        &labels,
        crate::domain::Lang::En,
    );
    // Two vocabularies, one from a request and one from an answer; the endpoint has all 19.
    vocabulary
        .vocabularies
        .retain(|v| matches!(v.name, "MuscleGroup" | "TriageLevel"));
    let fhir = super::questionnaire::fhir::questionnaire(&questionnaire);
    let mut examples = examples;
    examples.push(("/v1/vocabulary", value(&vocabulary)));
    examples.push(("/v1/questionnaire", value(&questionnaire)));
    if let Some(RefOr::T(content)) = openapi
        .paths
        .paths
        .get_mut("/v1/questionnaire")
        .and_then(|item| item.get.as_mut())
        .and_then(|op| match op.responses.responses.get_mut("200") {
            Some(RefOr::T(ok)) => ok.content.get_mut(super::questionnaire::FHIR_JSON),
            _ => None,
        })
    {
        content.example = Some(fhir);
    }
    for (path, example) in examples {
        let Some(operation) = openapi
            .paths
            .paths
            .get_mut(path)
            .and_then(|item| item.get.as_mut())
        else {
            continue;
        };
        let Some(RefOr::T(ok)) = operation.responses.responses.get_mut("200") else {
            continue;
        };
        if let Some(RefOr::T(content)) = ok.content.get_mut("application/json") {
            content.example = Some(example);
        }
    }
}

/// Serialising the borrowed catalogue types behind one trait object.
mod erased {
    /// Anything that serialises to JSON.
    pub(super) trait Json {
        /// The value as JSON.
        fn json(&self) -> serde_json::Value;
    }

    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).expect("catalogue types always serialise")
        }
    }
}

/// Replaces the request body's example for `content_type` with one named example per persona,
/// the persona's profile as `shape` writes it in that media type.
fn persona_examples(
    operation: &mut utoipa::openapi::path::Operation,
    content_type: &str,
    shape: fn(&serde_json::Value) -> serde_json::Value,
) {
    let content = operation.request_body.as_mut().and_then(|b| match b {
        RefOr::T(body) => body.content.get_mut(content_type),
        RefOr::Ref(_) => None,
    });
    let Some(RefOr::T(content)) = content else {
        return;
    };
    content.example = None;
    for persona in PERSONAS {
        let profile: serde_json::Value =
            serde_json::from_str(persona.json).expect("fixtures are JSON");
        let example = ExampleBuilder::new()
            .summary(persona.summary)
            .value(Some(shape(&profile)))
            .build();
        content
            .examples
            .insert(persona.name.to_owned(), RefOr::T(example));
    }
}
