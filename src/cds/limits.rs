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
    use super::*;

    #[test]
    fn longer_strings_and_lists_are_refused() {
        let long = serde_json::json!("x".repeat(ID_CHARS + 1));
        assert!(text::<_, ID_CHARS>(&long).is_err());
        assert!(text::<_, { ID_CHARS + 1 }>(&long).is_ok());
        let many = serde_json::json!(vec![1; LIST_ITEMS + 1]);
        assert!(list::<_, u8, LIST_ITEMS>(&many).is_err());
    }
}
