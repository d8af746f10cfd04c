//! The length of every string and list a CDS Hooks call may carry outside its FHIR resources,
//! enforced while the call is decoded (a longer one is a 422 naming the field) and published
//! in the schema (a test keeps the two equal). The FHIR resources themselves are bounded by
//! the body limit and the bundle-entry limit.

use serde::{Deserialize, Deserializer};

/// Ids: `hookInstance`, a card's or a suggestion's `uuid`, an outcome timestamp.
pub(crate) const ID_CHARS: usize = 200;
/// FHIR references and codes: `userId`, `encounterId`, `selections`, override codings,
/// the token's `subject`.
pub(crate) const REFERENCE_CHARS: usize = 1024;
/// `fhirServer`.
pub(crate) const URL_CHARS: usize = 2048;
/// The FHIR access token and its scopes.
pub(crate) const TOKEN_CHARS: usize = 16 * 1024;
/// A clinician's free-text comment.
pub(crate) const COMMENT_CHARS: usize = 4096;
/// `selections`, `feedback` and `acceptedSuggestions`.
pub(crate) const LIST_ITEMS: usize = 100;

fn check_chars<E: serde::de::Error>(text: &str, max: usize) -> Result<(), E> {
    let chars = text.chars().count();
    if chars > max {
        return Err(E::invalid_length(
            chars,
            &format!("at most {max} characters").as_str(),
        ));
    }
    Ok(())
}

fn check_items<E: serde::de::Error>(len: usize, max: usize) -> Result<(), E> {
    if len > max {
        return Err(E::invalid_length(
            len,
            &format!("at most {max} items").as_str(),
        ));
    }
    Ok(())
}

/// A string of at most `N` characters.
pub(crate) fn text<'de, D: Deserializer<'de>, const N: usize>(d: D) -> Result<String, D::Error> {
    let text = String::deserialize(d)?;
    check_chars(&text, N)?;
    Ok(text)
}

/// An optional string of at most `N` characters; `null` is rejected (the schema says the field
/// is absent or a string).
pub(crate) fn some_text<'de, D: Deserializer<'de>, const N: usize>(
    d: D,
) -> Result<Option<String>, D::Error> {
    text::<D, N>(d).map(Some)
}

/// A list of at most `N` items.
pub(crate) fn list<'de, D, T, const N: usize>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let items = Vec::<T>::deserialize(d)?;
    check_items(items.len(), N)?;
    Ok(items)
}

/// An optional list of at most `N` items; `null` is rejected.
pub(crate) fn some_list<'de, D, T, const N: usize>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    list::<D, T, N>(d).map(Some)
}

/// A list of at most `N` strings of at most `C` characters each.
pub(crate) fn texts<'de, D: Deserializer<'de>, const N: usize, const C: usize>(
    d: D,
) -> Result<Vec<String>, D::Error> {
    let items = list::<D, String, N>(d)?;
    for item in &items {
        check_chars(item, C)?;
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    /// utoipa's `#[schema]` attributes take only literals: the published limits are checked
    /// against the constants the decoder enforces.
    #[test]
    fn the_published_limits_are_the_decoders_limits() {
        let spec = serde_json::to_value(crate::api::openapi::spec()).unwrap();
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

    #[test]
    fn longer_strings_and_lists_are_refused() {
        let long = serde_json::json!("x".repeat(ID_CHARS + 1));
        assert!(text::<_, ID_CHARS>(&long).is_err());
        assert!(text::<_, { ID_CHARS + 1 }>(&long).is_ok());
        let many = serde_json::json!(vec![1; LIST_ITEMS + 1]);
        assert!(list::<_, u8, LIST_ITEMS>(&many).is_err());
    }
}
