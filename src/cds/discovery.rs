//! `GET /cds-services`: the discovery document. Built once from the services' own prefetch
//! templates, so what is advertised is exactly what the handlers read.

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpResponse, get};

use super::Service;
use super::prefetch::{self, as_discovery};
use super::response::{Discovery, ServiceDescription};
use crate::http::responses::ReadErrors;
use crate::http::tags;

static DISCOVERY: LazyLock<Discovery> = LazyLock::new(|| {
    Discovery {
    services: Service::ALL
        .iter()
        .map(|s| match s {
            Service::NocturnalLegCramps => ServiceDescription {
                hook: "patient-view",
                title: "Night-time leg cramps",
                description: "When the record shows leg cramps (ICD-10-CM G47.62, R25.2, M62.831): triage with red flags first, \
                              medicines to review (never to stop), supplements that are unsafe for this patient, and a sourced \
                              relief plan. Conditions are read from ICD-10-CM and SNOMED CT codes, medicines from RxNorm codes \
                              or names, pregnancy from conditions or observations.",
                id: s.id(),
                prefetch: as_discovery(prefetch::PATIENT_VIEW),
            },
            Service::QuinineForCramps => ServiceDescription {
                hook: "order-select",
                title: "Quinine ordered for leg cramps",
                description: "When a selected draft order is for quinine: a critical card with the FDA boxed warning and the \
                              MHRA advice against routine use for leg cramps, a suggestion to remove the order and links to \
                              the alternatives. No card for any other order.",
                id: s.id(),
                prefetch: as_discovery(prefetch::ORDER_SELECT),
            },
        })
        .collect(),
}
});

/// The discovery document, exactly as served.
pub(crate) fn discovery_document() -> &'static Discovery {
    &DISCOVERY
}

/// The CDS services this server offers, with the FHIR data each wants prefetched.
#[utoipa::path(tag = tags::CDS_HOOKS, operation_id = "cds_discovery",
    responses((status = 200, description = "The CDS Hooks discovery document.", body = Discovery,
        example = json!(discovery_document())),
        ReadErrors))]
#[get("")]
pub(crate) async fn discovery() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(&*DISCOVERY)
}
