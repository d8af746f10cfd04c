//! What the OWASP API Security ruleset asks the document to state, where the service already
//! does it: the audience and environment of the server, the CORS header on every answer, the
//! JWT practice behind `cdsHooksJwt`, the length a path id can have, and the size of the
//! metrics text.
//! (`tests/contract/spectral-owasp.yaml` says, for each rule turned off, why.)

use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::security::SecurityScheme;
use utoipa::openapi::{ObjectBuilder, OpenApi, RefOr, Schema, Type};

/// The longest knowledge-base id a path can name: a longer one is a 400 `invalid_parameter`
/// (`http::params` enforces every path parameter's `maxLength` the document states).
const MAX_ID_CHARS: usize = 100;

/// Applies every statement above to the finished document.
pub(crate) fn apply(openapi: &mut OpenApi) {
    describe_servers(openapi);
    document_cors(openapi);
    describe_jwt(openapi);
    bound_parameters(openapi);
    bound_metrics(openapi);
}

/// The metrics text is bounded because every label is (see `http::metrics`).
fn bound_metrics(openapi: &mut OpenApi) {
    let Some(operation) = openapi
        .paths
        .paths
        .get_mut("/metrics")
        .and_then(|item| item.get.as_mut())
    else {
        return;
    };
    let Some(RefOr::T(ok)) = operation.responses.responses.get_mut("200") else {
        return;
    };
    for content in ok.content.values_mut() {
        if let RefOr::T(content) = content
            && let Some(RefOr::T(Schema::Object(schema))) = &mut content.schema
        {
            schema.max_length = Some(crate::http::metrics::MAX_EXPOSITION_BYTES);
        }
    }
}

fn describe_servers(openapi: &mut OpenApi) {
    for server in openapi.servers.iter_mut().flatten() {
        server.description = Some(
            "This deployment, whichever environment it is (local, staging or production): \
             paths are relative to where the document is served."
                .to_owned(),
        );
        server.extensions = Some(ExtensionsBuilder::new().add("x-internal", false).build());
    }
}

/// actix-cors answers `Access-Control-Allow-Origin` on any response to an allowed origin.
fn document_cors(openapi: &mut OpenApi) {
    let header = RefOr::T(
        HeaderBuilder::new()
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .max_length(Some(200)),
            ))
            .description(Some(
                "Sent when the request's `Origin` is one of this deployment's browser origins \
                 (`APP_CORS_ALLOWED_ORIGINS`; none by default, as apps and back ends need no CORS).",
            ))
            .build(),
    );
    for item in openapi.paths.paths.values_mut() {
        for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
            for response in operation.responses.responses.values_mut() {
                if let RefOr::T(response) = response {
                    response
                        .headers
                        .insert("Access-Control-Allow-Origin".into(), header.clone());
                }
            }
        }
    }
}

fn describe_jwt(openapi: &mut OpenApi) {
    let schemes = openapi
        .components
        .iter_mut()
        .flat_map(|c| c.security_schemes.values_mut());
    for scheme in schemes {
        if let RefOr::T(SecurityScheme::Http(http)) = scheme
            && http.bearer_format.as_deref() == Some("JWT")
            && let Some(description) = &mut http.description
            && !description.contains("RFC8725")
        {
            description.push_str(
                " Verified as RFC8725 (JSON Web Token Best Current Practices) advises: a fixed \
                 list of algorithms, keys only from the trusted issuer, `iss`, `aud` and \
                 lifetime always checked.",
            );
        }
    }
}

/// Path ids are bounded (longer than any knowledge-base id is a 400). Header values are bounded
/// only by the header section as a whole (431 beyond 16 KiB), which a per-header `maxLength`
/// cannot state truthfully (`spectral-owasp.yaml` says so).
fn bound_parameters(openapi: &mut OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
            for parameter in operation.parameters.iter_mut().flatten() {
                let RefOr::T(parameter) = parameter else {
                    continue;
                };
                if parameter.parameter_in != ParameterIn::Path {
                    continue;
                }
                if let Some(RefOr::T(Schema::Object(schema))) = &mut parameter.schema
                    && schema.schema_type == Type::String.into()
                    && schema.enum_values.is_none()
                    && schema.max_length.is_none()
                {
                    schema.max_length = Some(MAX_ID_CHARS);
                }
            }
        }
    }
}
