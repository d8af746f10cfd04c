//! Shapes the generators read: the served document's own schema is a named component, and one
//! nullable style that both the Rust `openapiv3` parser and openapi-generator accept.

/// `GET /openapi.json` answers a named component, not an anonymous object.
pub(super) fn name_the_document_schema(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ObjectBuilder, Ref, Type};
    let info = ObjectBuilder::new()
        .description(Some(
            "The document's `info`: title and version of this service.",
        ))
        .property(
            "title",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(200)),
        )
        .property(
            "version",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(50)),
        )
        .required("title")
        .build();
    let document = ObjectBuilder::new()
        .description(Some(
            "An OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.0); only the members \
             every document has are described here.",
        ))
        .property(
            "openapi",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(r"^3\.1\.\d+$"))
                .max_length(Some(20)),
        )
        .property("info", Ref::from_schema_name("OpenApiInfo"))
        .property(
            "paths",
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .description(Some("Operations by path.")),
        )
        .required("openapi")
        .required("info")
        .build();
    let components = openapi.components.get_or_insert_with(Default::default);
    components
        .schemas
        .insert("OpenApiInfo".to_owned(), info.into());
    components
        .schemas
        .insert("OpenApiDocument".to_owned(), document.into());
    if let Some(get) = openapi
        .paths
        .paths
        .get_mut("/openapi.json")
        .and_then(|item| item.get.as_mut())
        && let Some(utoipa::openapi::RefOr::T(ok)) = get.responses.responses.get_mut("200")
    {
        for content in ok.content.values_mut() {
            if let utoipa::openapi::RefOr::T(content) = content {
                content.schema = Some(Ref::from_schema_name("OpenApiDocument").into());
            }
        }
    }
}

/// One nullable style. Response fields that may be missing are absent, never `null`, and their
/// schemas say so (`nullable = false` on each). Request fields may be sent as `null` (read as
/// absent), and utoipa writes those as `type: [X, "null"]`, which the Rust `openapiv3` parser
/// rejects; this rewrites each as `oneOf: [{X}, {type: "null"}]`, the form `openapiv3` and
/// openapi-generator both read (as are nullable references already).
pub(super) fn nullable_as_one_of(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::schema::{OneOfBuilder, Schema, SchemaType, Type};
    use utoipa::openapi::{Object, RefOr};
    fn split(schema_type: &SchemaType) -> Option<Type> {
        match schema_type {
            SchemaType::Array(types) if types.contains(&Type::Null) && types.len() == 2 => {
                types.iter().find(|t| **t != Type::Null).cloned()
            }
            _ => None,
        }
    }
    fn rewrite(property: &mut RefOr<Schema>) {
        let RefOr::T(schema) = property else { return };
        let (inner, description): (Schema, Option<String>) = match schema {
            Schema::Object(object) => {
                let Some(t) = split(&object.schema_type) else {
                    return;
                };
                let mut inner = object.clone();
                inner.schema_type = SchemaType::Type(t);
                let description = inner.description.take();
                (Schema::Object(inner), description)
            }
            Schema::Array(array) => {
                if split(&array.schema_type).is_none() {
                    return;
                }
                let mut inner = array.clone();
                inner.schema_type = SchemaType::Type(Type::Array);
                let description = inner.description.take();
                (Schema::Array(inner), description)
            }
            _ => return,
        };
        *schema = Schema::OneOf(
            OneOfBuilder::new()
                .item(inner)
                .item(Object::with_type(Type::Null))
                .description(description)
                .build(),
        );
    }
    let Some(components) = openapi.components.as_mut() else {
        return;
    };
    for schema in components.schemas.values_mut() {
        if let RefOr::T(Schema::Object(object)) = schema {
            for property in object.properties.values_mut() {
                rewrite(property);
            }
        }
    }
}
