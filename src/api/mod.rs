//! The v1 app API façade: the profile request, the answer views and the catalogue, their
//! handlers and their examples, on the shared HTTP platform ([`crate::http`]). Handlers parse,
//! call the engine or the precomputed catalogue, and render; nothing else.

mod assessments;
mod body;
mod cached;
mod calendar;
mod catalogue;
pub mod dto;
mod examples;
mod fhir_response;
mod follow_ups;
mod profile;
mod questionnaire;
mod responses;
mod schema_enums;

use actix_web::web;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

pub use body::parse_profile;
pub(crate) use cached::Catalogues;
pub(crate) use examples::attach as attach_examples;

/// Registers the `/v1` scope. Unmatched paths inside it get the platform's 404/405 answer.
pub(crate) fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(
        scope::scope("/v1")
            .default_service(web::to(crate::http::fallback))
            .service(assessments::create_assessment)
            .service(assessments::assess_causes)
            .service(assessments::assess_remedies)
            .service(assessments::assess_relief_plan)
            .service(follow_ups::create_follow_up)
            .service(catalogue::knowledge)
            .service(catalogue::list_causes)
            .service(catalogue::get_cause)
            .service(catalogue::list_remedies)
            .service(catalogue::get_remedy)
            .service(catalogue::list_red_flags)
            .service(catalogue::list_differentials)
            .service(catalogue::list_medication_classes)
            .service(catalogue::list_sources)
            .service(questionnaire::get_questionnaire)
            .service(questionnaire::get_vocabulary),
    );
}
