//! The operations routes: liveness and readiness probes, and the OpenAPI document.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::Problem;
use super::responses::ReadErrors;
use super::state::AppState;
use super::tags;

/// Liveness answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Health {
    /// Always `ok` when the process can answer.
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Readiness answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Readiness<'a> {
    /// `ready`.
    #[schema(example = "ready")]
    pub status: &'static str,
    /// Version of the loaded, validated knowledge base.
    #[schema(example = "2026.11.1")]
    pub knowledge_version: &'a str,
}

/// Liveness: the process is up and answering.
#[utoipa::path(tag = tags::OPERATIONS, operation_id = "healthz",
    responses((status = 200, description = "The process is alive.", body = Health,
        example = json!({"status": "ok"})), ReadErrors))]
#[get("/healthz")]
pub(crate) async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(Health { status: "ok" })
}

/// Readiness: the knowledge base is loaded and validated, and the service is not shutting down.
#[utoipa::path(tag = tags::OPERATIONS, operation_id = "readyz",
    responses((status = 200, description = "Ready to take traffic.", body = Readiness,
            example = json!({"status": "ready", "knowledge_version": "2026.11.2"})), ReadErrors,
        (status = 503, description = "Not ready (shutting down).", body = Problem, content_type = "application/problem+json",
            example = json!({"type": "/problems/not_ready", "title": "Not ready", "status": 503,
                "detail": "the service is not ready to take requests", "instance": "/readyz", "code": "not_ready"}))))]
#[get("/readyz")]
pub(crate) async fn readyz(
    state: web::Data<AppState>,
) -> Result<HttpResponse, super::error::ApiError> {
    if !state.is_ready() {
        return Err(super::error::ApiError::NotReady);
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(Readiness {
            status: "ready",
            knowledge_version: &state.kb.meta.version,
        }))
}

/// This OpenAPI 3.1 document.
#[utoipa::path(tag = tags::OPERATIONS, operation_id = "get_openapi",
    responses((status = 200, description = "The OpenAPI 3.1 document of this service.", content_type = "application/json",
        body = Object, example = json!({"openapi": "3.1.0", "info": {"title": "cramp-advisor"}})), ReadErrors))]
#[get("/openapi.json")]
pub(crate) async fn openapi_json(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(state.openapi_json.clone())
}
