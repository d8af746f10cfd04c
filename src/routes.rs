//! The one registration point of every documented route: the platform's open routes, the v1
//! app API, the CDS Hooks services and the reference pages. The server ([`crate::startup`]), the spec generator
//! ([`crate::spec`]) and the tests all go through [`configure`], so the spec cannot miss a
//! route and the 405 table is built from the same list.

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every documented route.
pub(crate) fn configure(cfg: &mut ServiceConfig<'_>) {
    crate::http::configure(cfg);
    crate::api::configure(cfg);
    crate::cds::configure(cfg);
    crate::pages::configure(cfg);
}

/// Registers the undocumented pages (Swagger UI and its redirects).
pub(crate) fn configure_pages(cfg: &mut web::ServiceConfig) {
    crate::http::docs::configure_pages(cfg);
}
