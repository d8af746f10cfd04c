//! The CDS Hooks 2.0 façade: the same engine, reached from an electronic health record, on the
//! shared HTTP platform ([`crate::http`]; never the v1 façade). Two services and their feedback
//! endpoint, under `/cds-services`:
//!
//! - `nocturnal-leg-cramps` (`patient-view`): reads the FHIR R4 record (patient, conditions,
//!   medicines, pregnancy observations), maps it to a [`Profile`](crate::domain::Profile)
//!   through a sourced code table, runs [`engine::assess`](crate::engine::assess) and answers
//!   with cards: triage first, medicines to review, the relief plan.
//! - `quinine-for-cramps` (`order-select`): a critical card when a draft order is for quinine.
//!
//! # Layout
//!
//! - [`discovery`], [`services`], [`feedback`]: the handlers (the HTTP edge; the only place the
//!   clock is read).
//! - [`request`], [`response`]: the CDS Hooks wire types; [`schema`]: the OpenAPI
//!   description of the hook calls; [`examples`]: their documented examples and answers.
//! - [`prefetch`]: prefetch templates, 412, fetching from an allowed `fhirServer`.
//! - [`fhir`]: the FHIR R4 subset that is read; [`codes`]: the code table
//!   (`data/codes.toml`); [`mapping`]: records → profile (pregnancy weighed in
//!   `mapping::pregnancy`); [`dates`].
//! - [`answer`]: checked call → answer, shared by the handlers and the examples;
//!   [`cards`], [`quinine`], [`text`]: assessment → cards.
//! - [`body`], [`call`], [`limits`]: request reading (the platform's, with the CDS size
//!   limit), the call's checks, and the bounds on every string and list a call may send;
//!   [`decode`]: body → checked call (`patient-view` in one typed pass, with the slow path
//!   for bodies that fail).
//! - [`error`]: the 412s (variants of the platform's one error type); [`responses`]: the
//!   documented errors, rendered by that type.
//! - [`jwt`]: who may call (the CDS clients' signed JWTs), the scope's middleware.

pub(crate) mod answer;
pub(crate) mod body;
pub(crate) mod call;
pub(crate) mod cards;
pub(crate) mod codes;
pub(crate) mod dates;
pub(crate) mod decode;
pub(crate) mod discovery;
pub(crate) mod error;
pub(crate) mod examples;
pub(crate) mod feedback;
pub(crate) mod fhir;
pub(crate) mod jwt;
pub(crate) mod limits;
pub(crate) mod mapping;
pub(crate) mod prefetch;
pub(crate) mod quinine;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod responses;
pub(crate) mod schema;
pub(crate) mod services;
pub(crate) mod text;

use actix_web::web;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

pub(crate) use feedback::declare_metrics;

/// The CDS services this server offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Service {
    /// `nocturnal-leg-cramps`, on `patient-view`.
    NocturnalLegCramps,
    /// `quinine-for-cramps`, on `order-select`.
    QuinineForCramps,
}

impl Service {
    /// Every service, in discovery order.
    pub(crate) const ALL: [Service; 2] = [Self::NocturnalLegCramps, Self::QuinineForCramps];

    /// The `{id}` in `/cds-services/{id}`.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Self::NocturnalLegCramps => "nocturnal-leg-cramps",
            Self::QuinineForCramps => "quinine-for-cramps",
        }
    }

    /// The service with this id.
    pub(crate) fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// Registers the `/cds-services` scope. Every call in it, matched or not, needs the CDS
/// client's JWT ([`jwt::guard`]); unmatched paths get the platform's 404/405 answer.
pub(crate) fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(
        scope::scope("/cds-services")
            .wrap(actix_web::middleware::from_fn(jwt::guard))
            .default_service(web::to(crate::http::fallback))
            .service(discovery::discovery)
            .service(services::patient_view)
            .service(services::order_select)
            .service(feedback::receive),
    );
}
