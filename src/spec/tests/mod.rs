//! The document as a whole: summaries, security per deployment, and the tests of other
//! layers that need the composed document.

mod limits;
mod problems;

use super::*;

#[test]
fn every_operation_has_a_one_line_summary_and_a_description() {
    let openapi = spec();
    for (path, item) in &openapi.paths.paths {
        for operation in [&item.get, &item.post].into_iter().flatten() {
            let summary = operation.summary.as_deref().unwrap_or_default();
            assert!(
                !summary.is_empty() && !summary.contains('\n') && summary.len() <= 120,
                "{path}: summary {summary:?}"
            );
            let description = operation.description.as_deref().unwrap_or_default();
            assert!(!description.is_empty(), "{path}: no description");
            assert_ne!(
                description, summary,
                "{path}: description repeats the summary"
            );
        }
    }
}

#[test]
fn keys_on_drops_the_no_credentials_alternative_from_v1_only() {
    let open = spec();
    let keyed = spec_for(crate::spec::Enforced {
        api_keys: true,
        ..Default::default()
    });
    let v1 = |o: &utoipa::openapi::OpenApi| {
        o.paths.paths["/v1/causes"]
            .get
            .as_ref()
            .unwrap()
            .security
            .clone()
            .unwrap()
    };
    assert_eq!(v1(&open).len(), 3);
    assert_eq!(v1(&keyed).len(), 2);
    let health = keyed.paths.paths["/healthz"].get.as_ref().unwrap();
    assert_eq!(health.security.as_ref().map(Vec::len), Some(0));
}
