//! The compatibility promise, stated where generated clients read it: every enum of the
//! document says it may grow within `/v1` (README "Compatibility").

use utoipa::openapi::{OpenApi, RefOr, Schema};

/// Appended to the description of every enum with more than one value.
pub(super) const OPEN_ENUM: &str = "Open enum: new values may be added within /v1 (each is listed \
in CHANGELOG.md); values are never removed or renamed. Clients must accept a value they do not \
know in an answer (keep it as a string, never fail to parse); a server older than a value answers \
a request that sends it with 422 `validation_failed`.";

/// Adds [`OPEN_ENUM`] to every named enum schema. Single-value enums are constants fixed by a
/// standard (a CDS Hooks hook name, a feedback outcome) and are left alone.
pub(super) fn state_enum_growth(openapi: &mut OpenApi) {
    let Some(components) = openapi.components.as_mut() else {
        return;
    };
    for schema in components.schemas.values_mut() {
        if let RefOr::T(Schema::Object(object)) = schema
            && object
                .enum_values
                .as_ref()
                .is_some_and(|values| values.len() > 1)
        {
            let description = object.description.get_or_insert_with(String::new);
            if !description.contains(OPEN_ENUM) {
                if !description.is_empty() {
                    description.push(' ');
                }
                description.push_str(OPEN_ENUM);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OPEN_ENUM;

    #[test]
    fn every_enum_of_more_than_one_value_states_that_it_may_grow() {
        let spec = super::super::spec();
        let schemas = &spec.components.as_ref().unwrap().schemas;
        let mut open = 0;
        for (name, schema) in schemas {
            let json = serde_json::to_value(schema).unwrap();
            if json["enum"].as_array().is_some_and(|v| v.len() > 1) {
                let text = json["description"].as_str().unwrap_or_default();
                assert!(
                    text.contains(OPEN_ENUM),
                    "{name} does not state the enum rule"
                );
                open += 1;
            }
        }
        assert!(open >= 10, "found {open} enums");
    }
}
