//! The pages every problem `type` points to: `GET /problems` (the catalogue) and
//! `GET /problems/{code}`. HTML for browsers (`Accept` preferring `text/html`), JSON otherwise,
//! in the language `Accept-Language` picks. Open (no key, like the docs), with the open routes' per-IP rate limit.
//! The HTML is self-contained (the shared page frame of [`super::html`]: no script, no
//! external asset, one inline style sheet allowed by its hash in the page CSP). Everything here reads the problem catalogue
//! (`knowledge::problems`), never a handler.

use actix_web::http::header::{self, Accept, Header, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ApiError, problem_type};
use super::lang;
use super::problem_pages::Served;
use super::responses::{ProblemPageErrors, ReadErrors};
use super::tags;
use crate::domain::Lang;
use crate::knowledge::ProblemCode;
use crate::knowledge::problems::catalogue;

/// One problem type: what its code means and what to do about it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ProblemType {
    /// The code, as in a problem's `code`.
    #[schema(value_type = super::code_schemas::ProblemCodeSchema)]
    pub code: &'static str,
    /// The problem type URI, as in a problem's `type`.
    #[serde(rename = "type")]
    #[schema(example = "/problems/not_found", max_length = 100)]
    pub problem_type: String,
    /// The HTTP status answers of this type usually have.
    #[schema(example = 404, minimum = 400, maximum = 599, format = Int32)]
    pub status: u16,
    /// The title, as in a problem's `title`.
    #[schema(example = "Not found", max_length = 200)]
    pub title: String,
    /// What the problem means.
    #[schema(max_length = 1000)]
    pub meaning: String,
    /// What a client should do about it.
    #[schema(max_length = 1000)]
    pub what_to_do: String,
}

/// Every problem type the service can answer with.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ProblemTypeList {
    /// One entry per code.
    #[schema(max_items = 100)]
    pub problems: Vec<ProblemType>,
}

/// The entry of `code` in `lang`.
pub(crate) fn view(code: ProblemCode, lang: Lang) -> ProblemType {
    let text = code.text(lang);
    ProblemType {
        code: code.as_str(),
        problem_type: problem_type(code),
        status: code.status(),
        title: text.title.clone(),
        meaning: text.meaning.clone(),
        what_to_do: text.what_to_do.clone(),
    }
}

/// The catalogue of problem types.
///
/// Every `code` an error answer can carry, with its HTTP status and title; each links to its
/// page. An HTML page for browsers (`Accept: text/html`), JSON otherwise, in the language
/// `Accept-Language` picks. Open: needs no credentials.
#[utoipa::path(tag = tags::PROBLEMS, operation_id = "list_problem_types",
    responses((status = 200, description = "Every problem type.", content(
        (ProblemTypeList = "application/json"),
        (String = "text/html"))),
        ReadErrors))]
#[get("/problems")]
pub(crate) async fn list_problem_types(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let lang = lang::of(&req);
    let list = ProblemTypeList {
        problems: ProblemCode::ALL.iter().map(|c| view(*c, lang)).collect(),
    };
    respond(&req, &list, || {
        super::problem_pages::catalogue_html(&list, lang, Served::Problems)
    })
}

/// One problem type: what it means and what to do.
///
/// The page a problem's `type` points to: its code, HTTP status, title, what it means and what
/// to do. An HTML page for browsers (`Accept: text/html`), JSON otherwise, in the language
/// `Accept-Language` picks; an unknown code is a 404 problem. Open: needs no credentials.
#[utoipa::path(tag = tags::PROBLEMS, operation_id = "get_problem_type",
    params(("code" = super::code_schemas::ProblemCodeSchema, Path, description = "The problem code, e.g. `validation_failed`.", example = "validation_failed")),
    responses((status = 200, description = "The problem type.", content(
        (ProblemType = "application/json"),
        (String = "text/html"))),
        ProblemPageErrors))]
#[get("/problems/{code}")]
pub(crate) async fn get_problem_type(
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let Some(code) = ProblemCode::parse(&id) else {
        return Err(ApiError::NotFound {
            resource: "problem type",
            id,
        });
    };
    let lang = lang::of(&req);
    let page = view(code, lang);
    respond(&req, &page, || {
        super::problem_pages::page_html(&page, catalogue().page(lang), lang, Served::Problems)
    })
}

/// Sets the examples of the two pages to what they answer in English: the JSON and the HTML.
pub(crate) fn attach_examples(openapi: &mut utoipa::openapi::OpenApi) {
    let list = ProblemTypeList {
        problems: ProblemCode::ALL
            .iter()
            .map(|c| view(*c, Lang::En))
            .collect(),
    };
    let page = view(ProblemCode::ValidationFailed, Lang::En);
    let examples = [
        (
            "/problems",
            serde_json::to_value(&list).ok(),
            super::problem_pages::catalogue_html(&list, Lang::En, Served::Problems),
        ),
        (
            "/problems/{code}",
            serde_json::to_value(&page).ok(),
            super::problem_pages::page_html(
                &page,
                catalogue().page(Lang::En),
                Lang::En,
                Served::Problems,
            ),
        ),
    ];
    for (path, json, html) in examples {
        let Some(operation) = openapi
            .paths
            .paths
            .get_mut(path)
            .and_then(|i| i.get.as_mut())
        else {
            continue;
        };
        let Some(utoipa::openapi::RefOr::T(ok)) = operation.responses.responses.get_mut("200")
        else {
            continue;
        };
        if let Some(utoipa::openapi::RefOr::T(content)) = ok.content.get_mut("application/json") {
            content.example = json;
        }
        if let Some(utoipa::openapi::RefOr::T(content)) = ok.content.get_mut("text/html") {
            content.example = Some(serde_json::Value::String(html));
        }
    }
}

/// What the client prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Html,
    Json,
}

/// HTML when the best-ranked type the client accepts is HTML; JSON when JSON (or anything) is
/// acceptable; `None` when `Accept` allows neither. No `Accept`, or one that cannot be parsed,
/// gets JSON.
fn negotiate(req: &HttpRequest) -> Option<Format> {
    if !req.headers().contains_key(header::ACCEPT) {
        return Some(Format::Json);
    }
    let Ok(accept) = Accept::parse(req) else {
        return Some(Format::Json);
    };
    accept.ranked().into_iter().find_map(|mime| {
        match (mime.type_().as_str(), mime.subtype().as_str()) {
            ("text", "html") => Some(Format::Html),
            ("application", "json" | "problem+json" | "*") | ("*", "*") => Some(Format::Json),
            _ => None,
        }
    })
}

fn respond<T: Serialize>(
    req: &HttpRequest,
    json: &T,
    html: impl FnOnce() -> String,
) -> Result<HttpResponse, ApiError> {
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::VARY, HeaderValue::from_static("Accept")));
    match negotiate(req).ok_or(ApiError::NotAcceptable)? {
        Format::Html => Ok(response
            .content_type("text/html; charset=utf-8")
            .insert_header((
                header::CONTENT_SECURITY_POLICY,
                super::html::PAGE_CSP.as_str(),
            ))
            .body(html())),
        Format::Json => Ok(response.json(json)),
    }
}
