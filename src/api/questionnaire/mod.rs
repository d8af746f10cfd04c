//! `GET /v1/questionnaire` (this API's JSON, or a FHIR R4 `Questionnaire` with
//! `Accept: application/fhir+json`) and `GET /v1/vocabulary`: what an app needs to build its
//! screens without one hard-coded label. Both are precomputed per language and format, each
//! with its own strong ETag ([`super::cached`]).
//!
//! The labels are a resource of their own rather than part of the questionnaire because they
//! also label the answers (triage levels, likelihoods, grades, plan phases): an app showing an
//! assessment needs them without the form.

pub(crate) mod fhir;
pub(crate) mod json;

use std::borrow::Cow;

use actix_web::http::header::{self, Header};
use actix_web::{HttpRequest, HttpResponse, get, web};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};

use super::cached::Catalogues;
use super::responses::ListErrors;
use crate::http::{lang, tags};

pub(crate) use json::{Questionnaire, VocabularyList};

/// The FHIR JSON media type.
pub(crate) const FHIR_JSON: &str = "application/fhir+json";

/// Whether the client prefers FHIR: the first media type of `Accept` (by quality) that either
/// format answers is `application/fhir+json`. No `Accept`, or a wildcard first, is this API's
/// JSON.
fn wants_fhir(req: &HttpRequest) -> bool {
    let Ok(accept) = header::Accept::parse(req) else {
        return false;
    };
    accept
        .ranked()
        .into_iter()
        .find(|m| {
            let (t, s) = (m.type_().as_str(), m.subtype().as_str());
            (t == "application" && (s == "json" || s == "fhir" || s == "*")) || t == "*"
        })
        .is_some_and(|m| m.subtype() == "fhir")
}

/// The questionnaire: every question of the profile, in sections, with its labels.
///
/// Ordered sections and questions. Each question has a stable `link_id`, the JSON pointer of
/// the profile field its answer fills, the answer type with the schema's own bounds and units,
/// every allowed value with its label and one-line help, `enable_when` conditions (e.g.
/// pregnancy only from 12 to 55 years) and a `priority` that is the order in which assessments
/// list a missing answer in `missing_inputs`. An app can render the whole form from it and post
/// what it collects as the profile.
///
/// With `Accept: application/fhir+json` the same questionnaire is a FHIR R4 `Questionnaire`
/// resource (sections are `group` items with the same `linkId`s; answer it with a FHIR
/// `QuestionnaireResponse` posted to `/v1/assessments`). In the language `Accept-Language`
/// picks, cacheable (`Cache-Control: public`, `Vary: Accept`), with an `ETag` per language and
/// format: send it back in `If-None-Match` for a 304 while the questionnaire is unchanged.
#[utoipa::path(tag = tags::KNOWLEDGE, operation_id = "get_questionnaire",
    responses((status = 200, description = "The questionnaire: this API's JSON, or a FHIR R4 `Questionnaire` with `Accept: application/fhir+json`.",
            content((Questionnaire = "application/json"), (FhirQuestionnaire = "application/fhir+json"))),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."), ListErrors))]
#[get("/questionnaire")]
pub(crate) async fn get_questionnaire(
    req: HttpRequest,
    catalogues: web::Data<Catalogues>,
) -> HttpResponse {
    let catalogue = catalogues.get(lang::of(&req));
    let cached = if wants_fhir(&req) {
        &catalogue.questionnaire_fhir
    } else {
        &catalogue.questionnaire
    };
    let mut response = cached.respond(&req);
    response
        .headers_mut()
        .append(header::VARY, header::HeaderValue::from_static("Accept"));
    response
}

/// Labels for every value of every closed list the API uses, in requests and in answers.
///
/// A label and a one-line help for each value of each vocabulary, named as the schema
/// component that lists the values: the questionnaire's answers (symptoms, conditions,
/// pregnancy, muscles, activity, deficiencies, sleep position) and the answers' grades and
/// plan vocabularies (triage level, urgency, likelihood, association, evidence, remedy and plan
/// phases, schedule values, source kinds). A separate resource because apps need these labels
/// to show assessments too, not only to ask the questions.
/// In the language `Accept-Language` picks, cacheable (`Cache-Control: public`), with an `ETag`:
/// send it back in `If-None-Match` for a 304 while the labels are unchanged.
#[utoipa::path(tag = tags::KNOWLEDGE, operation_id = "get_vocabulary",
    responses((status = 200, description = "Every vocabulary with its labels.", body = VocabularyList),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."), ListErrors))]
#[get("/vocabulary")]
pub(crate) async fn get_vocabulary(
    req: HttpRequest,
    catalogues: web::Data<Catalogues>,
) -> HttpResponse {
    catalogues.get(lang::of(&req)).vocabulary.respond(&req)
}

/// The published outline of the FHIR R4 `Questionnaire` the service serves (the full
/// structure is FHIR's own).
pub(crate) struct FhirQuestionnaire;

impl utoipa::PartialSchema for FhirQuestionnaire {
    fn schema() -> RefOr<Schema> {
        let string = || ObjectBuilder::new().schema_type(Type::String);
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "A FHIR R4 `Questionnaire` resource (http://hl7.org/fhir/R4/questionnaire.html).",
            ))
            .property(
                "resourceType",
                string().enum_values(Some(["Questionnaire"])),
            )
            .property("url", string())
            .property("version", string())
            .property("status", string().enum_values(Some(["active"])))
            .property(
                "item",
                ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::Object)),
            )
            .required("resourceType")
            .required("status")
            .required("item")
            .into()
    }
}

impl utoipa::ToSchema for FhirQuestionnaire {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("FhirQuestionnaire")
    }
}
