//! Who may call `/cds-services`: CDS Hooks 2.0, "Trusting CDS Clients". Every call to a service
//! or its feedback endpoint (and anything else under the scope, such as an unknown path) must
//! carry `Authorization: Bearer <JWT>`, signed by the CDS client, and is refused with a 401
//! problem unless:
//!
//! - the header's `alg` is RS384 or ES384 (the two the specification names; `none`, HMAC and
//!   every other algorithm are refused before any key is looked at) and it names a `kid`;
//! - `iss` is a configured issuer, and the signature verifies with that issuer's key of that
//!   `kid` ([`jwks`]: a file, or a URL on the JWKS allow-list, cached);
//! - `aud` is the URL of the endpoint called (`APP_PUBLIC_BASE_URL` + path, as the
//!   specification says) or this service's discovery URL (`APP_PUBLIC_BASE_URL` +
//!   `/cds-services`). Never derived from `Host`: a caller could then make a token minted for
//!   another service fit this one;
//! - `exp` has not passed and `iat` is not in the future (each with [`LEEWAY_SECONDS`]), and
//!   the token lives at most [`MAX_LIFETIME_SECONDS`];
//! - its `jti` has not been seen before from this issuer ([`replay`]).
//!
//! The problem names the reason, never the token or anything read from it. Off only when
//! `APP_CDS_JWT=off` (local development).
//!
//! The discovery document (`GET /cds-services`) stays open: the specification asks for the JWT
//! on calls "to a CDS Service which requires authentication", the document is the same static
//! description for everyone (no patient data), and the OpenAPI document has always said it is
//! open. A token sent with it is not checked.
//!
//! The interface is [`CdsAuth`] (built once at start-up, registered as app data) and
//! [`guard`] (the `/cds-services` scope's middleware).

mod jwks;
mod rejection;
mod replay;
mod token;

use std::collections::HashMap;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, web};
use anyhow::bail;
use jsonwebtoken::Validation;

use crate::config::CdsJwtSettings;
use crate::http::ApiError;
use jwks::{KeyError, KeySource};
pub(crate) use rejection::Rejection;
use replay::{ReplayCache, ReplayError};
use token::{Claims, bearer, decoding_key, header_of, seconds};

/// Clock skew allowed on `exp` and `iat`, in seconds.
pub(crate) const LEEWAY_SECONDS: u64 = 60;
/// Longest accepted token lifetime (`exp` from now), in seconds: the specification expects
/// short-lived tokens, and replay entries live until `exp`.
pub(crate) const MAX_LIFETIME_SECONDS: u64 = 3600;
/// Longest accepted `jti`, in characters.
const MAX_JTI_CHARS: usize = 256;
/// Live tokens the replay cache remembers (about 40 bytes each).
const REPLAY_CAPACITY: usize = 100_000;

/// How `/cds-services` callers are authenticated.
#[derive(Debug)]
pub(crate) struct CdsAuth {
    mode: Mode,
}

#[derive(Debug)]
enum Mode {
    /// `APP_CDS_JWT=off`: no verification (local development).
    Off,
    /// Verification is on but this deployment trusts no client yet (no issuer, or no public
    /// base URL to check `aud` against): every call is refused. The service still starts, so
    /// the v1 API and the probes work while CDS stays locked, and start-up logs why.
    Locked(Rejection),
    /// Verification is on.
    On(Verifier),
}

#[derive(Debug)]
struct Verifier {
    issuers: HashMap<String, KeySource>,
    /// `APP_PUBLIC_BASE_URL`, without a trailing slash.
    base_url: String,
    replay: ReplayCache,
}

impl CdsAuth {
    /// No verification (`APP_CDS_JWT=off`).
    pub(crate) fn off() -> Self {
        Self { mode: Mode::Off }
    }

    /// The authentication `settings` ask for; `public_base_url` is `APP_PUBLIC_BASE_URL`.
    ///
    /// With verification on but no issuer or no public base URL, every call is refused (see
    /// [`Rejection::NotConfigured`]) and a warning names the missing variable.
    ///
    /// # Errors
    /// With verification on: a JWKS file that cannot be read or holds no key, a JWKS URL off
    /// the allow-list, or an issuer named twice. Each message names the variable.
    pub(crate) fn from_settings(
        settings: &CdsJwtSettings,
        public_base_url: Option<&str>,
    ) -> anyhow::Result<Self> {
        if !settings.enabled {
            tracing::warn!("APP_CDS_JWT=off: CDS Hooks calls are not authenticated");
            return Ok(Self::off());
        }
        if settings.issuers.is_empty() {
            tracing::warn!(
                "APP_CDS_JWT is on (the default) but APP_CDS_JWT_ISSUERS names no trusted CDS \
                 client: every CDS Hooks call is refused until it is set to ISSUER=JWKS pairs \
                 (or APP_CDS_JWT=off, for local development only)"
            );
            return Ok(Self {
                mode: Mode::Locked(Rejection::NotConfigured),
            });
        }
        let Some(base_url) = public_base_url else {
            tracing::warn!(
                "APP_CDS_JWT is on (the default) but APP_PUBLIC_BASE_URL is not set: CDS clients' \
                 tokens name this service by its public URL (aud), so every CDS Hooks call is \
                 refused until it is set"
            );
            return Ok(Self {
                mode: Mode::Locked(Rejection::NotConfigured),
            });
        };
        let mut issuers = HashMap::new();
        for trusted in &settings.issuers {
            let source = KeySource::new(
                &trusted.jwks,
                &settings.jwks_allowed_origins,
                settings.jwks_cache_ttl,
            )?;
            if issuers.insert(trusted.issuer.clone(), source).is_some() {
                bail!("APP_CDS_JWT_ISSUERS names {:?} twice", trusted.issuer);
            }
        }
        Ok(Self {
            mode: Mode::On(Verifier {
                issuers,
                base_url: base_url.trim_end_matches('/').to_owned(),
                replay: ReplayCache::new(REPLAY_CAPACITY),
            }),
        })
    }

    /// Checks the `Authorization` header value of a call to `path` (the request path, e.g.
    /// `/cds-services/nocturnal-leg-cramps`), at Unix time `now`.
    ///
    /// # Errors
    /// Why the call is refused.
    pub(crate) async fn verify(
        &self,
        authorization: Option<&[u8]>,
        path: &str,
        now: u64,
    ) -> Result<(), Rejection> {
        match &self.mode {
            Mode::Off => Ok(()),
            Mode::Locked(rejection) => Err(*rejection),
            Mode::On(v) => v.verify(authorization, path, now).await,
        }
    }
}

impl Verifier {
    async fn verify(
        &self,
        authorization: Option<&[u8]>,
        path: &str,
        now: u64,
    ) -> Result<(), Rejection> {
        let token = bearer(authorization)?;
        let (alg, kid) = header_of(token)?;
        // The issuer picks the keys, so it is read (unverified) first; nothing read here is
        // trusted until the signature checks out below.
        let unverified: Claims = jsonwebtoken::dangerous::insecure_decode_claims(token)
            .map_err(|_| Rejection::Malformed)?;
        let iss = unverified
            .iss
            .as_ref()
            .and_then(|v| v.as_str())
            .ok_or(Rejection::MissingClaim("iss"))?;
        let source = self.issuers.get(iss).ok_or(Rejection::IssuerNotAllowed)?;
        let jwk = source.key(&kid).await.map_err(|e| match e {
            KeyError::UnknownKid => Rejection::UnknownKey,
            KeyError::Unavailable => Rejection::KeysUnavailable,
        })?;
        let key = decoding_key(&jwk, alg)?;
        let mut validation = Validation::new(alg);
        validation.leeway = LEEWAY_SECONDS;
        // A token that says it is not valid yet (`nbf`) is not accepted early (RFC 7519).
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        validation.set_issuer(&[iss]);
        let endpoint = format!("{}{}", self.base_url, path.trim_end_matches('/'));
        let discovery = format!("{}/cds-services", self.base_url);
        validation.set_audience(&[endpoint, discovery]);
        let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
            .map_err(|e| Rejection::from_jwt(e.kind()))?
            .claims;
        let exp = seconds(claims.exp.as_ref()).ok_or(Rejection::MissingClaim("exp"))?;
        let iat = seconds(claims.iat.as_ref()).ok_or(Rejection::MissingClaim("iat"))?;
        if iat > now.saturating_add(LEEWAY_SECONDS) {
            return Err(Rejection::IssuedInFuture);
        }
        // Lives at most an hour: from now, and from when it was issued.
        if exp > now.saturating_add(MAX_LIFETIME_SECONDS + LEEWAY_SECONDS)
            || exp.saturating_sub(iat) > MAX_LIFETIME_SECONDS + LEEWAY_SECONDS
        {
            return Err(Rejection::LifetimeTooLong);
        }
        let jti = claims
            .jti
            .as_ref()
            .and_then(|v| v.as_str())
            .filter(|j| !j.is_empty() && j.chars().count() <= MAX_JTI_CHARS)
            .ok_or(Rejection::MissingClaim("jti"))?;
        // Recorded only now, after the signature: unsigned tokens cannot fill the cache. Kept
        // until the token would no longer be accepted anyway (exp plus the leeway).
        self.replay
            .record(iss, jti, exp.saturating_add(LEEWAY_SECONDS), now)
            .map_err(|e| match e {
                ReplayError::Replayed => Rejection::Replayed,
                ReplayError::Full => Rejection::ReplayCacheFull,
            })
    }
}

/// The `/cds-services` scope's middleware: every call but a CORS preflight and the discovery
/// document must pass [`CdsAuth::verify`] (when on) before its handler runs. Fails closed:
/// without a [`CdsAuth`] in the app data, every such call is a 500.
pub(crate) async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if req.method() == Method::OPTIONS || is_discovery(&req) {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    let Some(auth) = req.app_data::<web::Data<CdsAuth>>().cloned() else {
        tracing::error!("no CdsAuth in the app data: refusing CDS Hooks calls");
        let error = ApiError::Unexpected(anyhow::anyhow!("CdsAuth is not registered"));
        let response = error.to_response(req.path());
        return Ok(req.into_response(response));
    };
    let now = jsonwebtoken::get_current_timestamp();
    let authorization = req
        .headers()
        .get(header::AUTHORIZATION)
        .map(HeaderValue::as_bytes);
    match auth.verify(authorization, req.path(), now).await {
        Ok(()) => next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body),
        Err(rejection) => {
            tracing::info!(reason = rejection.reason(), "CDS Hooks call refused");
            let response = rejection.to_response(req.path());
            Ok(req.into_response(response))
        }
    }
}

/// Whether the request is for the discovery document: a GET (or HEAD) of the scope itself,
/// judged on what the router left unmatched after the scope's prefix (percent-decoded, as
/// routed), never on the raw path.
fn is_discovery(req: &ServiceRequest) -> bool {
    matches!(*req.method(), Method::GET | Method::HEAD) && req.match_info().unprocessed().is_empty()
}
