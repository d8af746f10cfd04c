//! The default service for the app and every scope: a request that matched no route is a 405
//! (with `Allow`) when its path is known with other methods, else a 404. Known paths come from
//! the generated OpenAPI document, so the 405s can never drift from the routes. HEAD is allowed
//! wherever GET is (every GET route serves HEAD; see `middleware::head_as_get`).

use actix_web::dev::ResourceDef;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};

use super::error::ApiError;
use super::middleware::Head;
use super::state::AppState;

/// Every routed path and the methods it answers.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<(ResourceDef, Vec<String>)>,
}

impl RouteTable {
    /// Builds the table from the document's paths, plus the undocumented GET-only pages.
    pub fn from_spec(spec: &utoipa::openapi::OpenApi) -> Self {
        let mut routes: Vec<(ResourceDef, Vec<String>)> = spec
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let mut methods = Vec::new();
                let ops = [
                    ("GET", &item.get),
                    ("POST", &item.post),
                    ("PUT", &item.put),
                    ("DELETE", &item.delete),
                    ("PATCH", &item.patch),
                ];
                for (name, op) in ops {
                    if op.is_some() {
                        methods.push(name.to_owned());
                        if name == "GET" {
                            methods.push("HEAD".to_owned());
                        }
                    }
                }
                (ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        for page in ["/", "/docs", "/docs/{_:.*}"] {
            routes.push((
                ResourceDef::new(page),
                vec!["GET".to_owned(), "HEAD".to_owned()],
            ));
        }
        Self { routes }
    }

    /// The methods `path` answers, if it is a known path.
    pub fn allowed(&self, path: &str) -> Option<&[String]> {
        self.routes
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, m)| m.as_slice())
    }
}

/// The default service: 405 with `Allow` for a known path, else 404. The path is looked up as
/// the router saw it (percent-decoded), so every spelling of a path gets the same answer.
pub(crate) async fn fallback(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Err(match state.routes.allowed(req.match_info().as_str()) {
        Some(allow) => {
            // A HEAD request reaches here rewritten to GET.
            let method = if req.extensions().contains::<Head>() {
                "HEAD".to_owned()
            } else {
                req.method().to_string()
            };
            ApiError::MethodNotAllowed {
                method,
                allow: allow.to_vec(),
            }
        }
        None => ApiError::RouteNotFound,
    })
}
