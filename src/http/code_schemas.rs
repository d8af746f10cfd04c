//! The schemas of `Problem.code` and `FieldError.code`, generated from the closed Rust lists
//! ([`ProblemCode`], [`FieldCode`]), so the spec's enums list exactly the codes the service can
//! send. Both are named components; `openapi_enums` adds the enum-growth rule to each.

use std::borrow::Cow;

use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use super::error::FieldCode;
use crate::knowledge::ProblemCode;

/// Longest code, for `maxLength`.
const MAX_CODE_CHARS: usize = 40;

fn string_enum(description: &str, values: Vec<&'static str>, example: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .description(Some(description))
        .enum_values(Some(values))
        .max_length(Some(MAX_CODE_CHARS))
        .examples([example])
        .into()
}

/// The schema of a problem's `code` (component `ProblemCode`).
pub(crate) struct ProblemCodeSchema;

impl PartialSchema for ProblemCodeSchema {
    fn schema() -> RefOr<Schema> {
        string_enum(
            "The problem type of an error answer; `/problems/{code}` explains each.",
            ProblemCode::ALL.iter().map(|c| c.as_str()).collect(),
            "not_found",
        )
    }
}

impl ToSchema for ProblemCodeSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ProblemCode")
    }
}

/// The schema of a field error's `code` (component `FieldCode`).
pub(crate) struct FieldCodeSchema;

impl PartialSchema for FieldCodeSchema {
    fn schema() -> RefOr<Schema> {
        string_enum(
            "What is wrong with one field or parameter.",
            FieldCode::ALL.iter().map(|c| c.as_str()).collect(),
            "out_of_range",
        )
    }
}

impl ToSchema for FieldCodeSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("FieldCode")
    }
}

#[cfg(test)]
mod tests {
    use super::MAX_CODE_CHARS;
    use crate::http::error::FieldCode;
    use crate::knowledge::ProblemCode;

    #[test]
    fn every_code_fits_max_length() {
        let longest = ProblemCode::ALL
            .iter()
            .map(|c| c.as_str())
            .chain(FieldCode::ALL.iter().map(|c| c.as_str()))
            .map(str::len)
            .max();
        assert!(longest <= Some(MAX_CODE_CHARS));
    }
}
