//! Read-only catalogue over the knowledge base. Every response is precomputed with a strong
//! ETag; `If-None-Match` gets 304, and shared caches may keep responses for an hour.

use actix_web::{HttpRequest, HttpResponse, get, web};

use super::cached::Catalogues;
use super::dto::{
    CauseEntry, CauseList, DifferentialList, KnowledgeInfo, MedicationClassList, RedFlagList,
    RemedyEntry, RemedyList, SourceList,
};
use super::responses::{ListErrors, LookupErrors};
use crate::http::{ApiError, lang, tags};

/// Knowledge-base version, review date and counts.
///
/// The version, the date of the last clinical review, how many causes, remedies, red flags,
/// differentials, medicine classes and sources it holds, and the SHA-256 of its files: every
/// assessment carries the same stamp, so an answer can be traced to the content behind it.
/// In the language `Accept-Language` picks, cacheable (`Cache-Control: public`), with an `ETag`:
/// send it back in `If-None-Match` for a 304 while the knowledge base is unchanged.
#[utoipa::path(tag = tags::KNOWLEDGE, operation_id = "get_knowledge",
    responses((status = 200, description = "Version, review date, counts and content hash.", body = KnowledgeInfo),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."), ListErrors))]
#[get("/knowledge")]
pub(crate) async fn knowledge(req: HttpRequest, catalogues: web::Data<Catalogues>) -> HttpResponse {
    catalogues.get(lang::of(&req)).knowledge.respond(&req)
}

/// Every cause of, or contributor to, night cramps.
///
/// Each with its association strength, whether it can be changed, what it means for the person
/// and the sources that support it. The ids are the ones assessments list in `causes`.
/// In the language `Accept-Language` picks, cacheable (`Cache-Control: public`), with an `ETag`:
/// send it back in `If-None-Match` for a 304 while the knowledge base is unchanged.
#[utoipa::path(tag = tags::KNOWLEDGE, operation_id = "list_causes",
    responses((status = 200, description = "Every cause, in a stable order.", body = CauseList),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."), ListErrors))]
#[get("/causes")]
pub(crate) async fn list_causes(
    req: HttpRequest,
    catalogues: web::Data<Catalogues>,
) -> HttpResponse {
    catalogues.get(lang::of(&req)).causes.respond(&req)
}

/// One cause by id.
///
/// The same entry as in `GET /v1/causes`; an unknown id is a 404 problem (`not_found`).
/// In the language `Accept-Language` picks, cacheable (`Cache-Control: public`), with an `ETag`:
/// send it back in `If-None-Match` for a 304 while the knowledge base is unchanged.
#[utoipa::path(tag = tags::KNOWLEDGE, operation_id = "get_cause",
    params(("cause_id" = String, Path, description = "Cause id, e.g. `medication`.", example = "medication")),
    responses((status = 200, description = "The cause.", body = CauseEntry),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."), LookupErrors))]
#[get("/causes/{cause_id}")]
pub(crate) async fn get_cause(
    req: HttpRequest,
    path: web::Path<String>,
    catalogues: web::Data<Catalogues>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    match catalogues.get(lang::of(&req)).cause_by_id.get(&id) {
        Some(cached) => Ok(cached.respond(&req)),
        None => Err(ApiError::NotFound {
            resource: "cause",
            id,
        }),
    }
}

/// Every remedy, including those not recommended.
///
/// Each with its phase (during a cramp, at bedtime, daily), its evidence grade, how to do it,
/// its cautions and sources. Remedies graded "not recommended" (quinine among them) are kept so
/// apps can explain why they are not offered.
/// In the language `Accept-Language` picks, cacheable (`Cache-Control: public`), with an `ETag`:
/// send it back in `If-None-Match` for a 304 while the knowledge base is unchanged.
#[utoipa::path(tag = tags::KNOWLEDGE, operation_id = "list_remedies",
    responses((status = 200, description = "Every remedy, in a stable order.", body = RemedyList),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."), ListErrors))]
#[get("/remedies")]
pub(crate) async fn list_remedies(
    req: HttpRequest,
    catalogues: web::Data<Catalogues>,
) -> HttpResponse {
    catalogues.get(lang::of(&req)).remedies.respond(&req)
}

/// One remedy by id.
///
/// The same entry as in `GET /v1/remedies`; an unknown id is a 404 problem (`not_found`).
/// In the language `Accept-Language` picks, cacheable (`Cache-Control: public`), with an `ETag`:
/// send it back in `If-None-Match` for a 304 while the knowledge base is unchanged.
#[utoipa::path(tag = tags::KNOWLEDGE, operation_id = "get_remedy",
    params(("remedy_id" = String, Path, description = "Remedy id, e.g. `bedtime_stretching`.", example = "bedtime_stretching")),
    responses((status = 200, description = "The remedy.", body = RemedyEntry),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."), LookupErrors))]
#[get("/remedies/{remedy_id}")]
pub(crate) async fn get_remedy(
    req: HttpRequest,
    path: web::Path<String>,
    catalogues: web::Data<Catalogues>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    match catalogues.get(lang::of(&req)).remedy_by_id.get(&id) {
        Some(cached) => Ok(cached.respond(&req)),
        None => Err(ApiError::NotFound {
            resource: "remedy",
            id,
        }),
    }
}

/// Every red flag, most urgent first.
///
/// A red flag is a warning sign that outranks self-care: each has its urgency, the answers that
/// raise it, what to do, the remedies it withholds and its sources.
/// In the language `Accept-Language` picks, cacheable (`Cache-Control: public`), with an `ETag`:
/// send it back in `If-None-Match` for a 304 while the knowledge base is unchanged.
#[utoipa::path(tag = tags::KNOWLEDGE, operation_id = "list_red_flags",
    responses((status = 200, description = "Every red flag, most urgent first.", body = RedFlagList),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."), ListErrors))]
#[get("/red-flags")]
pub(crate) async fn list_red_flags(
    req: HttpRequest,
    catalogues: web::Data<Catalogues>,
) -> HttpResponse {
    catalogues.get(lang::of(&req)).red_flags.respond(&req)
}

/// Conditions that can be mistaken for night cramps.
///
/// Each with how it differs from a cramp (restless legs, neuropathy, claudication…) and its
/// sources; assessments suggest them in `differentials` when answers fit.
/// In the language `Accept-Language` picks, cacheable (`Cache-Control: public`), with an `ETag`:
/// send it back in `If-None-Match` for a 304 while the knowledge base is unchanged.
#[utoipa::path(tag = tags::KNOWLEDGE, operation_id = "list_differentials",
    responses((status = 200, description = "Every differential diagnosis.", body = DifferentialList),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."), ListErrors))]
#[get("/differentials")]
pub(crate) async fn list_differentials(
    req: HttpRequest,
    catalogues: web::Data<Catalogues>,
) -> HttpResponse {
    catalogues.get(lang::of(&req)).differentials.respond(&req)
}

/// Medicine classes linked to cramps.
///
/// Each with the generic and brand names it is recognised by, the strength of its link with
/// cramps and the fixed advice: ask the prescriber or pharmacist to review it, never stop it.
/// In the language `Accept-Language` picks, cacheable (`Cache-Control: public`), with an `ETag`:
/// send it back in `If-None-Match` for a 304 while the knowledge base is unchanged.
#[utoipa::path(tag = tags::KNOWLEDGE, operation_id = "list_medication_classes",
    responses((status = 200, description = "Every medication class.", body = MedicationClassList),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."), ListErrors))]
#[get("/medication-classes")]
pub(crate) async fn list_medication_classes(
    req: HttpRequest,
    catalogues: web::Data<Catalogues>,
) -> HttpResponse {
    catalogues
        .get(lang::of(&req))
        .medication_classes
        .respond(&req)
}

/// Every publication the knowledge base cites.
///
/// Guidelines, reviews, trials and labels, with their kind, year, DOI, PubMed id or URL; every
/// `source_ids` entry elsewhere in the API names one of these.
/// In the language `Accept-Language` picks, cacheable (`Cache-Control: public`), with an `ETag`:
/// send it back in `If-None-Match` for a 304 while the knowledge base is unchanged.
#[utoipa::path(tag = tags::KNOWLEDGE, operation_id = "list_sources",
    responses((status = 200, description = "Every source, by id.", body = SourceList),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."), ListErrors))]
#[get("/sources")]
pub(crate) async fn list_sources(
    req: HttpRequest,
    catalogues: web::Data<Catalogues>,
) -> HttpResponse {
    catalogues.get(lang::of(&req)).sources.respond(&req)
}
