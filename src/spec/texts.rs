//! One-line summaries and descriptions of the operations whose handlers' doc comments don't
//! give both.

/// One-line summaries and descriptions for the operations whose handlers live outside the API
/// layer's documentation (CDS Hooks, probes, metrics, this document): `(operation id, summary,
/// description)`. A `None` summary keeps the handler's; a `None` description uses the handler's
/// doc text (its summary before this rewrite), so nothing is written twice.
const OPERATION_TEXTS: &[(&str, Option<&str>, Option<&str>)] = &[
    (
        "cds_discovery",
        Some("The CDS Hooks services this server offers."),
        Some(
            "CDS Hooks 2.0 discovery: each service with its hook, id, title, description and the \
             FHIR queries (`prefetch`) a client should run and send with each call. Open: needs \
             no credentials.",
        ),
    ),
    (
        "cds_nocturnal_leg_cramps",
        Some("Leg-cramp advice cards for the open patient record (patient-view)."),
        None,
    ),
    (
        "cds_quinine_for_cramps",
        Some("Warn when a draft order is for quinine (order-select)."),
        None,
    ),
    (
        "cds_feedback",
        Some("Receive feedback on the cards a service returned."),
        None,
    ),
    (
        "healthz",
        None,
        Some(
            "Answers 200 as long as the process runs and checks nothing else: restart the \
             process when it stops answering. Open (no key), with the open routes' generous per-IP \
             rate limit.",
        ),
    ),
    (
        "readyz",
        Some("Readiness: whether to send this instance traffic."),
        Some(
            "200 when the knowledge base is loaded and validated; 503 (with the reason) while \
             starting or shutting down, when a load balancer should send traffic elsewhere. \
             Open (no key), with the open routes' generous per-IP rate limit.",
        ),
    ),
    (
        "metrics",
        Some("Prometheus metrics (text exposition format)."),
        None,
    ),
    (
        "get_openapi",
        None,
        Some(
            "The document describing every operation, generated from the same code that serves \
             them, so it cannot drift. Open (no key) and cacheable for five minutes.",
        ),
    ),
];

/// Every operation gets a one-line summary and a description: the handler's doc comment gives
/// both (first paragraph, then the rest) or [`OPERATION_TEXTS`] does.
pub(super) fn summaries_and_descriptions(openapi: &mut utoipa::openapi::OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
            let id = operation.operation_id.clone().unwrap_or_default();
            let Some((_, summary, description)) =
                OPERATION_TEXTS.iter().find(|(op, _, _)| *op == id)
            else {
                continue;
            };
            let handler_text = operation.summary.clone().map(|s| s.replace('\n', " "));
            if operation.description.is_none() {
                operation.description = description.map(str::to_owned).or(handler_text);
            }
            if let Some(summary) = summary {
                operation.summary = Some((*summary).to_owned());
            }
        }
    }
}
