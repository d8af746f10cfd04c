//! The security schemes and what each operation needs: an API key on `/v1`, the CDS Hooks JWT
//! on `/cds-services/*`, nothing on the open routes.

/// Names of the security schemes.
pub(crate) mod schemes {
    /// An API key in `X-API-Key`.
    pub(crate) const API_KEY: &str = "ApiKeyAuth";
    /// The same API key as `Authorization: Bearer`.
    pub(crate) const BEARER: &str = "bearerAuth";
    /// The JWT a CDS client signs each hook call with (CDS Hooks 2.0).
    pub(crate) const CDS_JWT: &str = "cdsHooksJwt";
    /// A metrics scraper's token, as `Authorization: Bearer`.
    pub(crate) const METRICS_TOKEN: &str = "metricsToken";
}

/// Declares the security schemes and marks every operation with what it needs: an API key
/// (either scheme) on `/v1`, the CDS Hooks JWT on `/cds-services/*`, a scraper token (when
/// configured) on `/metrics`, nothing elsewhere (health, readiness, this document and the
/// problem pages: `security: []`). While a credential is not enforced, the requirements of the
/// operations it would guard also list `{}` (no credentials), which is true of such a
/// deployment; once it is ([`super::Enforced`]), they do not.
pub(super) fn document_security(openapi: &mut utoipa::openapi::OpenApi, enforced: super::Enforced) {
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
    components.add_security_scheme(
        schemes::METRICS_TOKEN,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "A metrics scraper's token as `Authorization: Bearer <token>` (Prometheus: \
                     `bearer_token_file`). Enforced on `/metrics` when the deployment sets \
                     `APP_METRICS_TOKENS_FILE` (the tokens' SHA-256 hashes); otherwise `/metrics` \
                     is open and kept in-cluster by the NetworkPolicy and the Ingress.",
                ))
                .build(),
        ),
    );
    let no_credentials = SecurityRequirement::default();
    let key = |name: &str| SecurityRequirement::new(name, Vec::<String>::new());
    let needs = |schemes: &[&str], enforced: bool| {
        let mut alternatives: Vec<SecurityRequirement> = schemes.iter().map(|s| key(s)).collect();
        if !enforced {
            alternatives.push(no_credentials.clone());
        }
        alternatives
    };
    let v1 = needs(&[schemes::API_KEY, schemes::BEARER], enforced.api_keys);
    let cds = needs(&[schemes::CDS_JWT], enforced.cds_jwt);
    let metrics = needs(&[schemes::METRICS_TOKEN], enforced.metrics_tokens);
    for (path, item) in &mut openapi.paths.paths {
        let needs = if path.starts_with("/v1/") {
            v1.clone()
        } else if path.starts_with("/cds-services/") {
            cds.clone()
        } else if path == "/metrics" {
            metrics.clone()
        } else {
            Vec::new()
        };
        for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
            operation.security = Some(needs.clone());
        }
    }
    openapi.security = None;
}
