//! Every operation takes exactly the parameters its spec lists: a query parameter it does not
//! list (a misspelling included) or one given twice, and a path parameter longer than its
//! documented `maxLength`, is a 400 `invalid_parameter` naming each, before the handler runs.
//! The table is built from the served OpenAPI document (as the 405 table is), so what is
//! enforced and what is documented cannot drift apart. A value's own form (`lang`, `bedtime`)
//! is the handler's to check, with the same 400.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::{Error, HttpRequest, web};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{OpenApi, RefOr, Schema};

use super::error::{ApiError, FieldError};
use super::state::AppState;

/// What one operation accepts.
#[derive(Debug, Clone)]
struct Accepted {
    method: Method,
    /// The path's segments as written in the spec (`{id}` for a parameter).
    template: Vec<String>,
    /// Its query parameters' names.
    query: Vec<String>,
    /// Its path parameters with a `maxLength`.
    path_limits: Vec<(String, usize)>,
}

/// The parameters of every documented operation.
#[derive(Debug, Clone, Default)]
pub struct ParamTable {
    operations: Vec<Accepted>,
}

impl ParamTable {
    /// The table of `spec`'s operations.
    pub fn from_spec(spec: &OpenApi) -> Self {
        let mut operations = Vec::new();
        for (path, item) in &spec.paths.paths {
            let ops = [
                (Method::GET, &item.get),
                (Method::POST, &item.post),
                (Method::PUT, &item.put),
                (Method::DELETE, &item.delete),
                (Method::PATCH, &item.patch),
            ];
            for (method, operation) in ops {
                if let Some(operation) = operation {
                    operations.push(accepted(method, path, operation));
                }
            }
        }
        Self { operations }
    }

    fn find(&self, method: &Method, routed: &str) -> Option<&Accepted> {
        self.operations
            .iter()
            .find(|op| op.method == method && op.matches(routed))
    }
}

fn accepted(method: Method, path: &str, operation: &Operation) -> Accepted {
    let mut query = Vec::new();
    let mut path_limits = Vec::new();
    for parameter in operation.parameters.iter().flatten() {
        let RefOr::T(parameter) = parameter else {
            continue;
        };
        match parameter.parameter_in {
            ParameterIn::Query => query.push(parameter.name.clone()),
            ParameterIn::Path => {
                if let Some(RefOr::T(Schema::Object(schema))) = &parameter.schema
                    && let Some(max) = schema.max_length
                {
                    path_limits.push((parameter.name.clone(), max));
                }
            }
            _ => {}
        }
    }
    Accepted {
        method,
        template: path.split('/').map(str::to_owned).collect(),
        query,
        path_limits,
    }
}

impl Accepted {
    /// Whether `routed` is a path of this operation: segment by segment, a `{name}` matches any
    /// non-empty segment (as the router's default `[^/]+` does) and any other must be equal.
    /// Compared by hand, not with a `ResourceDef`: its regex ran for every templated path on
    /// every request: 4.5% of a stored answer's CPU (BENCHMARKS.md, issue 15, seventh round).
    fn matches(&self, routed: &str) -> bool {
        let mut segments = routed.split('/');
        self.template.iter().all(|written| {
            segments.next().is_some_and(|segment| {
                if written.starts_with('{') {
                    !segment.is_empty()
                } else {
                    segment == written
                }
            })
        }) && segments.next().is_none()
    }

    /// Every problem with the parameters of a request to `routed` with `query`.
    fn problems(&self, routed: &str, query: &str) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (segment, written) in routed.split('/').zip(&self.template) {
            let Some(name) = written.strip_prefix('{').and_then(|n| n.strip_suffix('}')) else {
                continue;
            };
            if let Some((_, max)) = self.path_limits.iter().find(|(n, _)| n == name)
                && segment.chars().count() > *max
            {
                errors.push(FieldError::new(
                    name,
                    "invalid_length",
                    format!("at most {max} characters (no entry has a longer id)"),
                ));
            }
        }
        let Ok(pairs) = web::Query::<Vec<(String, String)>>::from_query(query) else {
            errors.push(FieldError::new(
                "",
                "invalid",
                "the query string cannot be read",
            ));
            return errors;
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut reported: Vec<&str> = Vec::new();
        for (name, _) in pairs.iter() {
            let name = name.as_str();
            if reported.contains(&name) {
                continue;
            }
            if !self.query.iter().any(|q| q == name) {
                let message = if self.query.is_empty() {
                    "not a parameter of this operation, which takes no query parameters".to_owned()
                } else {
                    format!(
                        "not a parameter of this operation, which takes only {}",
                        self.query.join(", ")
                    )
                };
                errors.push(FieldError::new(name, "unknown_field", message));
                reported.push(name);
            } else if seen.contains(&name) {
                errors.push(FieldError::new(
                    name,
                    "duplicate_key",
                    "given more than once; give it once",
                ));
                reported.push(name);
            } else {
                seen.push(name);
            }
        }
        errors
    }
}

/// The one value of the query parameter `name`, if given. The parameters were checked before
/// the handler ran ([`check`]), so there is at most one.
pub(crate) fn query_value(req: &HttpRequest, name: &str) -> Option<String> {
    web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .ok()?
        .into_inner()
        .into_iter()
        .find_map(|(n, v)| (n == name).then_some(v))
}

/// Refuses a request to a documented operation whose parameters are not the ones the spec
/// lists (see the module's documentation); judged on the path as the router sees it.
pub(crate) async fn check(
    req: ServiceRequest,
    next: actix_web::middleware::Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let problems = req.app_data::<web::Data<AppState>>().and_then(|state| {
        let operation = state.params.find(req.method(), req.match_info().as_str())?;
        // The common case, no query and no bounded path parameter: nothing to check.
        if req.query_string().is_empty() && operation.path_limits.is_empty() {
            return None;
        }
        let problems = operation.problems(req.match_info().as_str(), req.query_string());
        (!problems.is_empty()).then_some(problems)
    });
    match problems {
        // The response keeps the error, so the edge renders it like any handler's (it knows
        // the path and the language) and the access line records its code.
        Some(problems) => Ok(req
            .error_response(ApiError::InvalidParameter(problems))
            .map_into_boxed_body()),
        None => Ok(next.call(req).await?.map_into_boxed_body()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(path: &str, query: &[&str], limits: &[(&str, usize)]) -> Accepted {
        Accepted {
            method: Method::GET,
            template: path.split('/').map(str::to_owned).collect(),
            query: query.iter().map(|q| (*q).to_owned()).collect(),
            path_limits: limits.iter().map(|(n, m)| ((*n).to_owned(), *m)).collect(),
        }
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.pointer.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn an_operation_matches_the_paths_the_router_matches_for_its_template() {
        let templates = [
            "/healthz",
            "/v1/red-flags",
            "/v1/causes/{cause_id}",
            "/pages/{kind}/{id}",
            "/cds-services/{service_id}/feedback",
            "/",
        ];
        let paths = [
            "",
            "/",
            "//",
            "/healthz",
            "/healthz/",
            "/healthzz",
            "/v1/red-flags",
            "/v1/red-flags/",
            "/v1/causes",
            "/v1/causes/",
            "/v1/causes/gout",
            "/v1/causes/gout/",
            "/v1/causes//",
            "/v1/causes/é",
            "/pages/causes/gout",
            "/pages/causes/",
            "/pages//gout",
            "/pages/a/b/c",
            "/cds-services/nocturnal-leg-cramps/feedback",
            "/cds-services//feedback",
            "/cds-services/x/feedback/x",
            "v1/red-flags",
        ];
        for template in templates {
            let ours = op(template, &[], &[]);
            let router = actix_web::dev::ResourceDef::new(template);
            for path in paths {
                assert_eq!(
                    ours.matches(path),
                    router.is_match(path),
                    "{template} {path}"
                );
            }
        }
    }

    #[test]
    fn unknown_repeated_and_over_long_parameters_are_each_named_once() {
        let pages = op("/pages/{kind}/{id}", &["lang"], &[("id", 5)]);
        assert!(pages.problems("/pages/causes/gout", "lang=de").is_empty());
        assert!(pages.problems("/pages/causes/gout", "").is_empty());
        assert_eq!(
            codes(&pages.problems(
                "/pages/causes/goutxx",
                "lang=de&lang=de&lng=1&lng=2&lang=fr"
            )),
            [
                ("id", "invalid_length"),
                ("lang", "duplicate_key"),
                ("lng", "unknown_field"),
            ]
        );
        let none = op("/v1/causes", &[], &[]);
        assert_eq!(
            codes(&none.problems("/v1/causes", "x")),
            [("x", "unknown_field")]
        );
        assert!(none.problems("/v1/causes", "").is_empty());
    }
}
