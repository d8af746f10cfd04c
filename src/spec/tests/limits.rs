//! utoipa's `#[schema]` attributes take only literals, so each published limit is written
//! twice: these keep the composed document's numbers equal to the one constant the parser or
//! decoder enforces.

use serde_json::Value;

use crate::cds::limits::{
    COMMENT_CHARS, ID_CHARS, LIST_ITEMS, REFERENCE_CHARS, TOKEN_CHARS, URL_CHARS,
};
use crate::domain::{Field, MEDICINE_NAME_CHARS};
use crate::http::fields;

/// The first value of `key` anywhere in `value` (limits sit inside a nullable `oneOf`).
fn find<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    match value {
        Value::Object(map) => map
            .get(key)
            .or_else(|| map.values().find_map(|v| find(v, key))),
        Value::Array(items) => items.iter().find_map(|v| find(v, key)),
        _ => None,
    }
}

/// utoipa's `#[schema]` attributes take only literals, so the published limits are
/// written twice; this keeps them equal to the domain's one statement of each.
#[test]
fn the_published_profile_limits_are_the_parsers_limits() {
    let spec = serde_json::to_value(crate::spec::spec()).unwrap();
    let schemas = &spec["components"]["schemas"];
    for field in Field::ALL {
        let path = fields::path(field);
        let (schema, property) = match path[1..].split_once('/') {
            Some(("cramps", p)) => ("Cramps", p),
            Some(("lifestyle", p)) => ("Lifestyle", p),
            Some(("sleep", p)) => ("SleepHabits", p),
            Some((section, _)) => panic!("no schema for section {section}"),
            None => ("ProfileRequest", &path[1..]),
        };
        let published = &schemas[schema]["properties"][property];
        assert!(!published.is_null(), "{path} is not in the schema");
        let number = |key| find(published, key).and_then(Value::as_f64);
        let bounds = field.bounds();
        assert_eq!(number("minimum"), bounds.map(|b| b.min), "{path} minimum");
        assert_eq!(number("maximum"), bounds.map(|b| b.max), "{path} maximum");
        #[allow(clippy::cast_precision_loss)]
        let items = field.max_items().map(|n| n as f64);
        assert_eq!(number("maxItems"), items, "{path} maxItems");
    }
    let name = &schemas["MedicineName"];
    assert_eq!(name["minLength"], MEDICINE_NAME_CHARS.0);
    assert_eq!(name["maxLength"], MEDICINE_NAME_CHARS.1);
}

/// utoipa's `#[schema]` attributes take only literals: the published limits are checked
/// against the constants the decoder enforces.
#[test]
fn the_published_cds_limits_are_the_decoders_limits() {
    let spec = serde_json::to_value(crate::spec::spec()).unwrap();
    let schemas = &spec["components"]["schemas"];
    let cases: &[(&str, &str, &str, usize)] = &[
        (
            "FhirAuthorization",
            "access_token",
            "maxLength",
            TOKEN_CHARS,
        ),
        ("FhirAuthorization", "scope", "maxLength", TOKEN_CHARS),
        ("FhirAuthorization", "subject", "maxLength", REFERENCE_CHARS),
        ("PatientViewContext", "userId", "maxLength", REFERENCE_CHARS),
        (
            "PatientViewContext",
            "encounterId",
            "maxLength",
            REFERENCE_CHARS,
        ),
        ("OrderSelectContext", "userId", "maxLength", REFERENCE_CHARS),
        (
            "OrderSelectContext",
            "encounterId",
            "maxLength",
            REFERENCE_CHARS,
        ),
        ("OrderSelectContext", "selections", "maxItems", LIST_ITEMS),
        ("PatientViewRequest", "fhirServer", "maxLength", URL_CHARS),
        ("OrderSelectRequest", "fhirServer", "maxLength", URL_CHARS),
        ("AcceptedSuggestion", "id", "maxLength", ID_CHARS),
        ("OverrideCoding", "system", "maxLength", REFERENCE_CHARS),
        ("OverrideCoding", "code", "maxLength", REFERENCE_CHARS),
        ("OverrideCoding", "display", "maxLength", REFERENCE_CHARS),
        ("OverrideReason", "userComment", "maxLength", COMMENT_CHARS),
        ("AcceptedFeedback", "card", "maxLength", ID_CHARS),
        (
            "AcceptedFeedback",
            "outcomeTimestamp",
            "maxLength",
            ID_CHARS,
        ),
        (
            "AcceptedFeedback",
            "acceptedSuggestions",
            "maxItems",
            LIST_ITEMS,
        ),
        ("OverriddenFeedback", "card", "maxLength", ID_CHARS),
        (
            "OverriddenFeedback",
            "outcomeTimestamp",
            "maxLength",
            ID_CHARS,
        ),
        (
            "OverriddenFeedback",
            "acceptedSuggestions",
            "maxItems",
            LIST_ITEMS,
        ),
        ("FeedbackRequest", "feedback", "maxItems", LIST_ITEMS),
    ];
    for (schema, property, key, want) in cases {
        let got = &schemas[schema]["properties"][property][key];
        assert_eq!(got, &Value::from(*want), "{schema}.{property} {key}");
    }
    assert_eq!(schemas["SelectionId"]["maxLength"], REFERENCE_CHARS);
}
