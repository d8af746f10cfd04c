//! The OpenAPI document. Paths are collected from the attribute-routed handlers registered in
//! [`super::configure`] (so none can be missing), and everything else comes from [`ApiDoc`].
//! [`spec`] is the single source used by the server, `gen-openapi` and the drift test.

use actix_web::App;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use super::code_schemas::{FieldCodeSchema, ProblemCodeSchema};
use super::error::{FieldError, Problem};

/// Operation tags.
pub mod tags {
    /// Profile assessments.
    pub const ASSESSMENTS: &str = "assessments";
    /// The read-only knowledge catalogue.
    pub const KNOWLEDGE: &str = "knowledge";
    /// Health probes and the spec itself.
    pub const OPERATIONS: &str = "operations";
    /// CDS Hooks 2.0 services for electronic health records.
    pub const CDS_HOOKS: &str = "cds-hooks";
    /// The problem types error answers link to.
    pub const PROBLEMS: &str = "problems";
}

/// Document-level metadata; paths are added by utoipa-actix-web.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "cramp-advisor",
        description = include_str!("openapi_description.md"),
        contact(name = "cramp-advisor maintainers", email = "maintainers@cramp-advisor.example"),
        license(name = "MIT", identifier = "MIT"),
    ),
    tags(
        (name = tags::ASSESSMENTS, description = "Assess a person's profile: triage, causes, remedies and a relief plan."),
        (name = tags::KNOWLEDGE, description = "The sourced, graded knowledge base the assessments are built on (read-only, cacheable)."),
        (name = tags::OPERATIONS, description = "Liveness, readiness and this document."),
        (name = tags::CDS_HOOKS, description = "CDS Hooks 2.0: the same engine for electronic health records (FHIR R4 in, cards out)."),
        (name = tags::PROBLEMS, description = "The problem types (RFC 9457) every error answer's `type` links to: what each code means and what to do."),
    ),
    servers((url = "/", description = "This deployment (paths are relative to where the document is served)")),
    components(schemas(Problem, FieldError, ProblemCodeSchema, FieldCodeSchema)),
)]
pub struct ApiDoc;

/// The complete OpenAPI document, exactly as served at `/openapi.json`.
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, mut openapi) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(super::configure)
        .split_for_parts();
    super::examples::attach(&mut openapi);
    super::problems::attach_examples(&mut openapi);
    document_language(&mut openapi);
    document_security(&mut openapi, false);
    name_the_document_schema(&mut openapi);
    nullable_as_one_of(&mut openapi);
    document_headers(&mut openapi);
    super::openapi_owasp::apply(&mut openapi);
    summaries_and_descriptions(&mut openapi);
    super::openapi_enums::state_enum_growth(&mut openapi);
    openapi
}

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
             process when it stops answering. Open (no key) and not rate-limited.",
        ),
    ),
    (
        "readyz",
        Some("Readiness: whether to send this instance traffic."),
        Some(
            "200 when the knowledge base is loaded and validated; 503 (with the reason) while \
             starting or shutting down, when a load balancer should send traffic elsewhere. \
             Open (no key) and not rate-limited.",
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
fn summaries_and_descriptions(openapi: &mut utoipa::openapi::OpenApi) {
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

/// The response headers every operation sends, and the conditional-request parameter of those
/// that answer 304, documented on each response (none is `required`: each is described with
/// when it is sent).
fn document_headers(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::header::{Header, HeaderBuilder};
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::{ObjectBuilder, RefOr, Required, Type};
    let string = |max: usize| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(max))
    };
    let header = |schema: ObjectBuilder, description: &str| -> RefOr<Header> {
        RefOr::T(
            HeaderBuilder::new()
                .schema(Some(schema))
                .description(Some(description))
                .build(),
        )
    };
    let seconds = || {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Int32,
            )))
            .minimum(Some(0))
            .maximum(Some(86_400))
    };
    let request_id = header(
        string(100),
        "Identifies this request in the service's logs; quote it when reporting a problem.",
    );
    let language = header(
        string(2).enum_values(Some(["en", "es", "de", "fr"])),
        "The language of every text a person reads in this answer (see `Accept-Language`).",
    );
    let vary = header(
        string(200),
        "`Accept-Language` (and the CORS request headers): caches must key on them.",
    );
    let cache_control = header(
        string(100),
        "`no-store` for anything describing a person (assessments, CDS answers) and for \
         problems; `public, max-age=N` for the catalogue and this document.",
    );
    let etag = header(
        string(100),
        "Strong validator of the catalogue in this language: send it back in `If-None-Match` \
         to get 304 while the knowledge base is unchanged.",
    );
    let rate_limit = [
        (
            "RateLimit-Limit",
            "Requests allowed per minute for this client. Sent when the deployment's rate limit \
             is on (`APP_RATE_LIMIT_PER_MINUTE`, not 0).",
        ),
        (
            "RateLimit-Remaining",
            "Requests this client has left in the current window. Sent when the rate limit is on.",
        ),
        (
            "RateLimit-Reset",
            "Seconds until the window resets. Sent when the rate limit is on.",
        ),
    ];
    let retry_after = header(seconds(), "Seconds to wait before trying again.");
    let www_authenticate = header(
        string(200),
        "The challenge: `Bearer realm=\"cramp-advisor\"` (with `error=\"invalid_token\"` when \
         a key was sent but is not accepted). Send the key in `X-API-Key` or as \
         `Authorization: Bearer`.",
    );
    let if_none_match = ParameterBuilder::new()
        .name("If-None-Match")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "The `ETag` of a copy you hold (or `*`): when it still matches, the answer is 304 with \
             no body; any other value is ignored.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .examples([serde_json::json!("\"375b9401c4b794cb91df7c4503babbdd\"")]),
        ))
        .build();
    // The rate limit covers the `/v1` and `/cds-services` scopes (see `access`), discovery
    // included: every operation there may answer 429, with the same problem as the others.
    let limited_scope = |path: &str| {
        path.starts_with("/v1/") || path == "/cds-services" || path.starts_with("/cds-services/")
    };
    let too_many = openapi
        .paths
        .paths
        .values()
        .flat_map(|item| [&item.get, &item.post])
        .flatten()
        .find_map(|operation| operation.responses.responses.get("429").cloned());
    for (path, item) in &mut openapi.paths.paths {
        let limited = limited_scope(path);
        for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
            if limited && let Some(too_many) = &too_many {
                operation
                    .responses
                    .responses
                    .entry("429".to_owned())
                    .or_insert_with(|| too_many.clone());
            }
            let conditional = operation.responses.responses.contains_key("304");
            if conditional {
                operation
                    .parameters
                    .get_or_insert_with(Vec::new)
                    .push(RefOr::T(if_none_match.clone()));
            }
            for (status, response) in &mut operation.responses.responses {
                let RefOr::T(response) = response else {
                    continue;
                };
                let h = &mut response.headers;
                h.insert("X-Request-Id".into(), request_id.clone());
                if status != "304" {
                    h.insert("Content-Language".into(), language.clone());
                }
                h.insert("Vary".into(), vary.clone());
                if status.starts_with('2') || status == "304" {
                    h.insert("Cache-Control".into(), cache_control.clone());
                }
                if conditional && (status == "200" || status == "304") {
                    h.insert("ETag".into(), etag.clone());
                }
                if limited && status != "500" {
                    for (name, description) in rate_limit {
                        h.insert(
                            name.into(),
                            header(seconds().maximum(Some(1_000_000)), description),
                        );
                    }
                }
                match status.as_str() {
                    "429" => {
                        h.insert("Retry-After".into(), retry_after.clone());
                    }
                    "401" => {
                        h.insert("WWW-Authenticate".into(), www_authenticate.clone());
                    }
                    _ => {}
                }
            }
        }
    }
}

/// `GET /openapi.json` answers a named component, not an anonymous object.
fn name_the_document_schema(openapi: &mut utoipa::openapi::OpenApi) {
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
fn nullable_as_one_of(openapi: &mut utoipa::openapi::OpenApi) {
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

/// The document a deployment serves: as [`spec`], and with API keys on (`APP_API_KEYS_FILE`
/// set) the `/v1` operations no longer list the empty (no credentials) alternative.
pub fn spec_for(api_keys_on: bool) -> utoipa::openapi::OpenApi {
    let mut openapi = spec();
    if api_keys_on {
        document_security(&mut openapi, true);
    }
    openapi
}

/// Names of the security schemes.
pub mod schemes {
    /// An API key in `X-API-Key`.
    pub const API_KEY: &str = "ApiKeyAuth";
    /// The same API key as `Authorization: Bearer`.
    pub const BEARER: &str = "bearerAuth";
    /// The JWT a CDS client signs each hook call with (CDS Hooks 2.0).
    pub const CDS_JWT: &str = "cdsHooksJwt";
}

/// Declares the security schemes and marks every operation with what it needs: an API key
/// (either scheme) on `/v1`, the CDS Hooks JWT on `/cds-services/*`, nothing elsewhere (health,
/// readiness, metrics and this document: `security: []`). While keys are off, the `/v1`
/// requirements also list `{}` (no credentials), which is true of such a deployment.
fn document_security(openapi: &mut utoipa::openapi::OpenApi, api_keys_on: bool) {
    use utoipa::openapi::security::{
        ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
    };
    let components = openapi.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        schemes::API_KEY,
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "X-API-Key",
            "An API key issued by the operator, in `X-API-Key`. Enforced on every `/v1` call when \
             the deployment sets `APP_API_KEYS_FILE` (a file of the keys' SHA-256 hashes); \
             otherwise no key is needed. A missing or unknown key gets 401 with \
             `WWW-Authenticate: Bearer`.",
        ))),
    );
    components.add_security_scheme(
        schemes::BEARER,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "The same API key as `Authorization: Bearer <key>`, for clients that can only \
                     send bearer tokens. Enforced when `APP_API_KEYS_FILE` is set.",
                ))
                .build(),
        ),
    );
    components.add_security_scheme(
        schemes::CDS_JWT,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some(
                    "CDS Hooks 2.0: the CDS client signs a JWT per call and sends it as \
                     `Authorization: Bearer`. Enforced unless the deployment sets \
                     `APP_CDS_JWT=off` (local development): RS384 or ES384, from a configured \
                     issuer, `aud` this service's URL, fresh, `jti` used once; otherwise 401 with \
                     `WWW-Authenticate: Bearer` and the reason in `detail`.",
                ))
                .build(),
        ),
    );
    let no_credentials = SecurityRequirement::default();
    let key = |name: &str| SecurityRequirement::new(name, Vec::<String>::new());
    let mut v1 = vec![key(schemes::API_KEY), key(schemes::BEARER)];
    if !api_keys_on {
        v1.push(no_credentials.clone());
    }
    let cds = vec![key(schemes::CDS_JWT), no_credentials];
    for (path, item) in &mut openapi.paths.paths {
        let needs = if path.starts_with("/v1/") {
            v1.clone()
        } else if path.starts_with("/cds-services/") {
            cds.clone()
        } else {
            Vec::new()
        };
        for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
            operation.security = Some(needs.clone());
        }
    }
    openapi.security = None;
}

/// The document as pretty JSON with a trailing newline (the committed file's format).
pub fn spec_json() -> String {
    let mut json = spec()
        .to_pretty_json()
        .expect("the OpenAPI document always serialises");
    json.push('\n');
    json
}

/// Every operation answers in the language `Accept-Language` asks for (en, es, de, fr; English
/// otherwise) and says which in `Content-Language`: documented once, here, for all of them.
fn document_language(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::{ObjectBuilder, Required, Type};
    let parameter = ParameterBuilder::new()
        .name("Accept-Language")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Language of every text a person reads (RFC 9110: q-values, wildcards; `es-MX` falls back to `es`). \
             Supported: `en`, `es`, `de`, `fr`; anything else gives English. The answer's `Content-Language` says which \
             was used; ids, codes and numbers never change with language.",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String).examples([serde_json::json!("es-MX, es;q=0.9, en;q=0.5")])))
        .build();
    for item in openapi.paths.paths.values_mut() {
        for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
            operation
                .parameters
                .get_or_insert_with(Vec::new)
                .push(utoipa::openapi::RefOr::T(parameter.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
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
        let keyed = spec_for(true);
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
}
