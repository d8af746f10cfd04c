//! The reference pages façade: a human-readable, localised HTML page for every catalogue entry
//! (cause, remedy, red flag, differential, medication class, source) and every problem type,
//! for people, clinicians and the web views of apps. Built on the platform's page frame
//! ([`crate::http::html`]); it never imports the other façades.
//!
//! The pages have their own documented URLs (`/pages`, `/pages/{kind}`, `/pages/{kind}/{id}`)
//! rather than answering `Accept: text/html` on the `/v1` URLs: the API stays JSON-only (one
//! media type, one CSP, one cache key per URL), and a link to a page works in any browser.
//! The language comes from `?lang=` (so a link can pin it), else from `Accept-Language`.
//!
//! - [`entries`]: one page per entry; [`lists`]: the index and the list of each kind;
//!   [`parts`]: what the pages share (grades, sources, the frame); [`docs`]: the spec's part.

mod docs;
mod entries;
mod lists;
mod parts;

use actix_web::{HttpRequest, HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::domain::{Lang, PageKind};
use crate::http::{ApiError, AppState, FieldError, html, lang, tags};

pub(crate) use docs::attach as attach_docs;
use docs::{IndexErrors, PageErrors};

/// Registers the pages (open: no key, with the open routes' per-IP rate limit).
pub(crate) fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(index).service(list).service(entry);
}

/// The language of a page: `?lang=` when given (the only query parameter: any other, or it
/// given twice, was refused before the handler ran, see [`crate::http::params`]), else the one
/// `Accept-Language` picks.
fn page_lang(req: &HttpRequest) -> Result<Lang, ApiError> {
    let Some(value) = crate::http::params::query_value(req, "lang") else {
        return Ok(lang::of(req));
    };
    Lang::ALL
        .into_iter()
        .find(|l| l.as_str() == value)
        .ok_or_else(|| {
            ApiError::InvalidParameter(vec![FieldError::new(
                "lang",
                "unknown_value",
                "must be one of en, es, de, fr",
            )])
        })
}

/// The kind named in the path; an unknown one is no route.
fn page_kind(segment: &str) -> Result<PageKind, ApiError> {
    PageKind::parse(segment).ok_or(ApiError::RouteNotFound)
}

/// The index of the reference pages.
///
/// An HTML page linking to the list of each kind of page: causes, remedies, red flags,
/// look-alike conditions, medication classes, sources and problem types. In the language of
/// `?lang=`, else the one `Accept-Language` picks. Cacheable, with an `ETag`. Open: needs no
/// credentials.
#[utoipa::path(tag = tags::PAGES, operation_id = "get_pages_index",
    responses((status = 200, description = "The index page.", content((String = "text/html"))),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."),
        IndexErrors))]
#[get("/pages")]
pub(crate) async fn index(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let lang = page_lang(&req)?;
    Ok(html::respond(
        &req,
        lang,
        lists::index(state.kb_in(lang), lang),
    ))
}

/// The list of one kind of page.
///
/// Every entry of the kind, each linking to its page with its grade (association, evidence or
/// urgency) where it has one. In the language of `?lang=`, else the one `Accept-Language`
/// picks. Cacheable, with an `ETag`. Open: needs no credentials.
#[utoipa::path(tag = tags::PAGES, operation_id = "list_pages",
    params(("kind" = String, Path, description = "The kind of page.", example = "remedies")),
    responses((status = 200, description = "The list page.", content((String = "text/html"))),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."),
        PageErrors))]
#[get("/pages/{kind}")]
pub(crate) async fn list(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let kind = page_kind(&path)?;
    let lang = page_lang(&req)?;
    Ok(html::respond(
        &req,
        lang,
        lists::list(state.kb_in(lang), kind, lang),
    ))
}

/// The page of one entry.
///
/// One cause, remedy, red flag, look-alike condition, medication class, source or problem
/// type: its texts, its grade and the sources behind it, each linking to the source's page
/// (DOI and web address as text links, so a printout keeps them). In the language of `?lang=`,
/// else the one `Accept-Language` picks; an unknown id is a 404 problem (`not_found`).
/// Cacheable, with an `ETag`. Open: needs no credentials.
#[utoipa::path(tag = tags::PAGES, operation_id = "get_page",
    params(("kind" = String, Path, description = "The kind of page.", example = "remedies"),
        ("id" = String, Path, description = "The entry's id, as in the `/v1` catalogue (a problem type's code for `problems`).", example = "bedtime_stretching")),
    responses((status = 200, description = "The entry's page.", content((String = "text/html"))),
        (status = 304, description = "Not modified (the `If-None-Match` ETag still matches)."),
        PageErrors))]
#[get("/pages/{kind}/{id}")]
pub(crate) async fn entry(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (kind, id) = path.into_inner();
    let kind = page_kind(&kind)?;
    let lang = page_lang(&req)?;
    let page = entries::entry(state.kb_in(lang), kind, &id, lang).ok_or(ApiError::NotFound {
        resource: entries::resource(kind),
        id,
    })?;
    Ok(html::respond(&req, lang, page))
}
