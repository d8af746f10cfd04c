//! The `title` and `detail` of a problem in a language. The words are data
//! (`knowledge/data/problems.toml` and its translations, checked complete at load); this module
//! only supplies each error's values for the `{placeholders}` of its detail template.

use super::error::{ApiError, echo, quote};
use crate::domain::Lang;
use crate::knowledge::problems::{catalogue, fill};

/// The problem type's title in `lang`. Errors whose detail is English only (actix's own and
/// the middleware's, [`ApiError::Other`], and the CDS preconditions) keep the English title
/// too ([`ApiError::text_lang`]).
pub(super) fn title(error: &ApiError, lang: Lang) -> &'static str {
    &error.code().text(error.text_lang(lang)).title
}

/// This occurrence's detail in `lang`.
pub(super) fn detail(error: &ApiError, lang: Lang) -> String {
    let text = error.code().text(lang);
    // Every code an `ApiError` variant (other than `Other`) maps to has a detail template: a
    // unit test holds the data to that.
    let template = text.detail.as_deref().unwrap_or(&text.title);
    match error {
        ApiError::MalformedJson {
            message,
            line,
            column,
        } => fill(
            template,
            &[
                ("message", message),
                ("line", &line.to_string()),
                ("column", &column.to_string()),
            ],
        ),
        ApiError::Unauthorized { presented: true } => text
            .variants
            .get("wrong_key")
            .cloned()
            .unwrap_or_else(|| template.to_owned()),
        ApiError::TooManyRequests {
            retry_after_seconds,
        } => fill(template, &[("seconds", &retry_after_seconds.to_string())]),
        ApiError::NotFound { resource, id } => {
            let what = catalogue().resource(resource, lang).unwrap_or(resource);
            fill(template, &[("resource", what), ("id", &quote(id))])
        }
        ApiError::MethodNotAllowed { method, allow } => fill(
            template,
            &[("method", &echo(method)), ("allow", &allow.join(", "))],
        ),
        ApiError::PayloadTooLarge { limit } => fill(template, &[("limit", &limit.to_string())]),
        ApiError::UnsupportedMediaType { got, accepted } => {
            fill(template, &[("got", &echo(got)), ("accepted", accepted)])
        }
        ApiError::UnsupportedContentCoding { got } => fill(
            text.variants
                .get("content_coding")
                .map_or(template, String::as_str),
            &[("got", &echo(got))],
        ),
        ApiError::Validation(errors) => fill(template, &[("count", &errors.len().to_string())]),
        ApiError::Other { detail, .. } | ApiError::Precondition { detail, .. } => detail.clone(),
        ApiError::EmptyBody
        | ApiError::InvalidParameter(_)
        | ApiError::Unauthorized { presented: false }
        | ApiError::RouteNotFound
        | ApiError::NotAcceptable
        | ApiError::NotReady
        | ApiError::Unexpected(_) => template.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError;
    use actix_web::http::StatusCode;

    use super::super::error::{ApiError, FieldError};
    use crate::domain::Lang;

    /// One error of every kind the handlers build.
    fn samples() -> Vec<ApiError> {
        vec![
            ApiError::MalformedJson {
                message: "EOF while parsing an object".into(),
                line: 1,
                column: 10,
            },
            ApiError::EmptyBody,
            ApiError::InvalidParameter(vec![]),
            ApiError::Unauthorized { presented: false },
            ApiError::Unauthorized { presented: true },
            ApiError::TooManyRequests {
                retry_after_seconds: 3,
            },
            ApiError::NotFound {
                resource: "cause",
                id: "gout".into(),
            },
            ApiError::RouteNotFound,
            ApiError::MethodNotAllowed {
                method: "PUT".into(),
                allow: vec!["GET".into(), "HEAD".into()],
            },
            ApiError::NotAcceptable,
            ApiError::PayloadTooLarge { limit: 65536 },
            ApiError::UnsupportedMediaType {
                got: "text/plain".into(),
                accepted: "application/json".into(),
            },
            ApiError::Validation(vec![FieldError::new("/age", "out_of_range", "m")]),
            ApiError::NotReady,
            ApiError::Unexpected(anyhow::anyhow!("secret cause")),
        ]
    }

    #[test]
    fn english_texts_are_the_ones_the_service_has_always_sent() {
        let details: Vec<String> = samples().iter().map(ToString::to_string).collect();
        assert_eq!(
            details,
            [
                "the request body is not valid JSON: EOF while parsing an object at line 1, column 10",
                "the request body is empty; send a JSON profile",
                "a request parameter is invalid",
                "this deployment needs an API key: send Authorization: Bearer <key> or X-API-Key",
                "the API key is not valid",
                "too many requests; try again in 3 s",
                "no cause has the id \"gout\"",
                "there is no resource at this path",
                "this path does not support the PUT method; allowed: GET, HEAD",
                "this service answers with application/json (errors: application/problem+json); the Accept header allows neither",
                "the request body is larger than the limit of 65536 bytes",
                "send the body as application/json (got text/plain)",
                "1 field(s) failed validation; see errors",
                "the service is not ready to take requests",
                "an unexpected error occurred",
            ]
        );
    }

    #[test]
    fn translated_details_fill_every_placeholder() {
        let es = super::detail(&samples()[6], Lang::Es);
        assert_eq!(
            es,
            "no existe ningún elemento de tipo «causa» con el id \"gout\""
        );
        let fr = super::detail(&samples()[0], Lang::Fr);
        assert_eq!(
            fr,
            "le corps de la requête n'est pas un JSON valide (ligne 1, colonne 10)"
        );
        for error in samples() {
            for lang in Lang::ALL {
                let detail = super::detail(&error, lang);
                assert!(!detail.contains('{'), "{lang:?} {error:?}: {detail}");
                assert!(!super::title(&error, lang).is_empty());
            }
        }
    }

    #[test]
    fn each_error_has_the_status_of_its_problem_type() {
        for error in samples() {
            let code = error.code();
            assert_eq!(error.status_code().as_u16(), code.status(), "{code:?}");
            assert!(
                code.text(Lang::En).detail.is_some(),
                "{code:?} needs a detail"
            );
        }
        for status in [
            400, 401, 404, 405, 406, 408, 413, 414, 415, 429, 431, 500, 503,
        ] {
            let status = StatusCode::from_u16(status).unwrap();
            let error = ApiError::Other {
                status,
                detail: "x".into(),
            };
            assert_eq!(error.code().status(), status.as_u16(), "{status}");
            assert_eq!(
                super::title(&error, Lang::De),
                super::title(&error, Lang::En)
            );
        }
    }
}
