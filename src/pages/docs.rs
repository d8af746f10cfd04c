//! The pages' part of the spec: their error responses, the `lang` query parameter and the
//! `kind` path parameter (enums from [`Lang::ALL`] and [`PageKind::ALL`], their one owners),
//! and the English HTML of each page as its example.

use std::collections::BTreeMap;

use utoipa::IntoResponses;
use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
use utoipa::openapi::{ObjectBuilder, OpenApi, RefOr, Required, Response, Schema, Type};

use crate::domain::{Lang, PageKind};
use crate::http::responses::{read_errors, render};
use crate::http::{ApiError, FieldError};
use crate::knowledge::KnowledgeBase;

/// Errors a list or entry page can return: 404 for an unknown kind or id, and [`IndexErrors`].
pub(crate) struct PageErrors;

impl IntoResponses for PageErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        errors(true)
    }
}

/// Errors the index can return: 400 for a wrong `lang` or another query parameter, 406 when
/// `Accept` rules out HTML, and 429 and 500.
pub(crate) struct IndexErrors;

impl IntoResponses for IndexErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        errors(false)
    }
}

fn errors(lookup: bool) -> BTreeMap<String, RefOr<Response>> {
    let mut errors = vec![(
        400,
        "`lang` is not one of `en`, `es`, `de`, `fr`, or the query has another parameter.",
        ApiError::InvalidParameter(vec![FieldError::new(
            "lang",
            "unknown_value",
            "must be one of en, es, de, fr",
        )]),
    )];
    if lookup {
        errors.push((
            404,
            "No page of this kind has this id (or there is no such kind).",
            ApiError::NotFound {
                resource: "cause",
                id: "gout".to_owned(),
            },
        ));
    }
    for error in read_errors() {
        if error.0 == 406 {
            errors.push((
                406,
                "The `Accept` header does not allow `text/html`.",
                crate::http::middleware::pages_not_acceptable(),
            ));
        } else {
            errors.push(error);
        }
    }
    let instance = if lookup {
        "/pages/causes/gout"
    } else {
        "/pages"
    };
    render(errors, instance)
}

/// The three page operations: (path, the English page that is its example).
fn examples(kb: &KnowledgeBase) -> [(&'static str, String); 3] {
    [
        ("/pages", super::lists::index(kb, Lang::En)),
        (
            "/pages/{kind}",
            super::lists::list(kb, PageKind::Remedies, Lang::En),
        ),
        (
            "/pages/{kind}/{id}",
            super::entries::entry(kb, PageKind::Remedies, "bedtime_stretching", Lang::En)
                .expect("the example remedy exists"),
        ),
    ]
}

/// Documents `lang` and `kind` with their values, and sets each page's example.
pub(crate) fn attach(openapi: &mut OpenApi, kb: &KnowledgeBase) {
    let lang = ParameterBuilder::new()
        .name("lang")
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(
            "The page's language; without it, `Accept-Language` decides (English when nothing \
             matches). Every link on a page carries it, so a reader keeps the language chosen. \
             No other query parameter is accepted.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(Lang::ALL.iter().map(|l| l.as_str()))),
        ))
        .example(Some(serde_json::json!("es")))
        .build();
    for (path, html) in examples(kb) {
        let Some(operation) = openapi
            .paths
            .paths
            .get_mut(path)
            .and_then(|i| i.get.as_mut())
        else {
            continue;
        };
        for parameter in operation.parameters.iter_mut().flatten() {
            if let RefOr::T(parameter) = parameter
                && parameter.name == "kind"
                && let Some(RefOr::T(Schema::Object(schema))) = &mut parameter.schema
            {
                schema.enum_values =
                    Some(PageKind::ALL.iter().map(|k| k.as_str().into()).collect());
            }
        }
        operation
            .parameters
            .get_or_insert_with(Vec::new)
            .push(RefOr::T(lang.clone()));
        if let Some(RefOr::T(ok)) = operation.responses.responses.get_mut("200")
            && let Some(RefOr::T(content)) = ok.content.get_mut("text/html")
        {
            content.example = Some(serde_json::Value::String(html));
        }
    }
}
