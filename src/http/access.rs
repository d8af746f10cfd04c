//! Who may call `/v1` and how often. API keys are optional (off unless `APP_API_KEYS_FILE` is
//! set): keys are stored only as SHA-256 hashes and compared in constant time. Rate limits apply
//! per verified API key, else per client IP (the peer, or the client a trusted proxy names), with
//! a lock-free GCRA limiter (governor) whose store is pruned every minute and capped. A failed
//! key check counts against the client IP.
//! Health, readiness, metrics, the docs, the spec and the problem pages are never locked, and have
//! their own, generous per-IP limit (`APP_RATE_LIMIT_OPEN_PER_MINUTE`), so no route is unlimited.
//!
//! What is guarded is decided on the path the router matches, never on the raw request path:
//! actix routes on the percent-decoded path (`/%761/causes` is `/v1/causes`), so a check on the
//! raw path could be walked around by spelling it differently. The guard takes the router's own
//! decoded path and the same prefix rule as the `/v1` and `/cds-services` scopes; after the
//! handler, the route actix actually matched is checked again, so a scope the guard missed
//! fails closed instead of open.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ResourceDef, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};
use anyhow::Context;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use super::state::AppState;
use crate::domain::Lang;
use crate::http::limits::ClientIp;

type KeyedLimiter =
    RateLimiter<Client, DefaultKeyedStateStore<Client>, DefaultClock, StateInformationMiddleware>;

/// Who a bucket belongs to: a verified API key (its hash prefix, never the key), or a client IP
/// (IPv6 by its /64, the block one subscriber usually holds). Unverified keys never get a bucket
/// of their own, so sending random keys gains nothing. `Overflow` is shared by new identities
/// while the store is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Client {
    /// A verified API key, by the first 16 bytes of its SHA-256.
    Key([u8; 16]),
    /// A client IP (the peer, or the forwarded client behind a trusted proxy).
    Ip(IpAddr),
    /// Everyone new while the store is full.
    Overflow,
}

impl Client {
    /// The bucket of a client IP.
    pub fn ip(ip: IpAddr) -> Self {
        match crate::http::limits::canonical(ip) {
            IpAddr::V6(v6) => Self::Ip(IpAddr::V6(std::net::Ipv6Addr::from(
                u128::from(v6) & (u128::MAX << 64),
            ))),
            v4 => Self::Ip(v4),
        }
    }

    /// The bucket of a verified API key.
    pub fn key(key: &str) -> Self {
        let digest: [u8; 32] = Sha256::digest(key.as_bytes()).into();
        let mut prefix = [0u8; 16];
        prefix.copy_from_slice(&digest[..16]);
        Self::Key(prefix)
    }
}

/// How often idle clients are dropped from the limiter's store.
const PRUNE_INTERVAL_SECONDS: u64 = 60;

/// The SHA-256 hashes of the accepted API keys.
#[derive(Debug, Clone, Default)]
pub struct ApiKeys {
    hashes: Vec<[u8; 32]>,
}

impl ApiKeys {
    /// Reads one lowercase hex SHA-256 hash per line (`#` comments and blank lines ignored).
    /// Create a line with `printf %s "$KEY" | sha256sum | cut -d' ' -f1`.
    ///
    /// # Errors
    /// When the file cannot be read, a line is not a 64-digit hex hash, or there is no key.
    pub fn from_file(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("Failed to read API keys from {}", path.display()))?;
        let mut hashes = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let hash = decode_hex(line).with_context(|| {
                format!(
                    "{}:{}: expected a 64-digit hex SHA-256 hash",
                    path.display(),
                    number + 1
                )
            })?;
            hashes.push(hash);
        }
        anyhow::ensure!(
            !hashes.is_empty(),
            "{} holds no API key hash",
            path.display()
        );
        Ok(Self { hashes })
    }

    /// Whether `key` is one of the accepted keys. Every stored hash is compared, each in constant
    /// time, so timing reveals neither which key nor how much of it matched.
    pub fn accepts(&self, key: &str) -> bool {
        let presented: [u8; 32] = Sha256::digest(key.as_bytes()).into();
        self.hashes
            .iter()
            .fold(subtle::Choice::from(0), |any, h| any | h.ct_eq(&presented))
            .into()
    }
}

fn decode_hex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// Per-client request limits, in a store that is pruned every minute and capped.
pub struct RateLimits {
    limiter: KeyedLimiter,
    per_minute: u32,
    max_clients: usize,
    started: Instant,
    /// Seconds after `started` of the last prune.
    last_prune: AtomicU64,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "RateLimits({} per minute, at most {} clients)",
            self.per_minute, self.max_clients
        )
    }
}

impl RateLimits {
    /// `per_minute` sustained requests with bursts of up to `burst`, remembering at most
    /// `max_clients` clients; `None` when `per_minute` is 0 (limits off, e.g. for load tests).
    pub fn new(per_minute: u32, burst: u32, max_clients: usize) -> Option<Arc<Self>> {
        let rate = NonZeroU32::new(per_minute)?;
        let burst = NonZeroU32::new(burst.max(1)).expect("at least 1");
        let limiter =
            RateLimiter::keyed(Quota::per_minute(rate).allow_burst(burst)).with_middleware();
        Some(Arc::new(Self {
            limiter,
            per_minute,
            max_clients: max_clients.max(1),
            started: Instant::now(),
            last_prune: AtomicU64::new(0),
        }))
    }

    /// Takes one request from `client`'s bucket. Prunes idle clients once a minute (or at once,
    /// at most once a second, when the store is full); while the store is still full, client IPs
    /// share the overflow bucket, so the store never holds more than `max_clients` + 1 entries
    /// besides the verified keys (at most one per configured key).
    ///
    /// # Errors
    /// When the bucket is empty: the earliest time the next request is allowed.
    pub fn check(
        &self,
        client: Client,
    ) -> Result<
        governor::middleware::StateSnapshot,
        governor::NotUntil<<DefaultClock as Clock>::Instant>,
    > {
        let now = self.started.elapsed().as_secs();
        let last = self.last_prune.load(Ordering::Relaxed);
        let full = self.limiter.len() >= self.max_clients;
        if (now.saturating_sub(last) >= PRUNE_INTERVAL_SECONDS || (full && now > last))
            && self
                .last_prune
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        // Verified keys keep their own buckets (there are only as many as configured keys).
        let client = match client {
            Client::Ip(_) if self.limiter.len() >= self.max_clients => Client::Overflow,
            client => client,
        };
        self.limiter.check_key(&client)
    }

    /// How many clients the store holds.
    pub fn len(&self) -> usize {
        self.limiter.len()
    }

    /// Whether the store holds no client.
    pub fn is_empty(&self) -> bool {
        self.limiter.is_empty()
    }

    /// Whether the store is full, so new client IPs share the overflow bucket.
    fn is_full(&self) -> bool {
        self.limiter.len() >= self.max_clients
    }
}

const RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
const RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
const RATELIMIT_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");
const API_KEY: HeaderName = HeaderName::from_static("x-api-key");

/// The credential of an `Authorization: Bearer <token>` value: the scheme is matched without
/// regard to case (RFC 9110 §11.1), the token trimmed; `None` for another scheme or no token.
/// The one parser of bearer credentials (API keys, scraper tokens, CDS Hooks JWTs).
pub(crate) fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The API key a request presents, from `Authorization: Bearer` or `X-API-Key`.
fn presented_key(req: &ServiceRequest) -> Option<&str> {
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token);
    bearer
        .or_else(|| req.headers().get(API_KEY).and_then(|v| v.to_str().ok()))
        .map(str::trim)
}

/// The `/v1` scope: every call needs a key when keys are on, and is rate-limited.
static V1: LazyLock<ResourceDef> = LazyLock::new(|| ResourceDef::root_prefix("/v1"));
/// The `/cds-services` scope: rate-limited (its callers authenticate with CDS Hooks JWTs).
static CDS: LazyLock<ResourceDef> = LazyLock::new(|| ResourceDef::root_prefix("/cds-services"));

/// Whether the request is for a probe (`/healthz`, `/readyz`), judged as the router sees it.
fn is_probe(req: &ServiceRequest) -> bool {
    matches!(req.match_info().as_str(), "/healthz" | "/readyz")
}

/// Which guarded scope a request is routed into, judged on the path exactly as the router sees
/// it (percent-decoded, before any segment is consumed) with the scopes' own prefix rule.
fn scope_of(req: &ServiceRequest) -> Option<Scope> {
    let routed = req.match_info().as_str();
    if V1.is_match(routed) {
        Some(Scope::V1)
    } else if CDS.is_match(routed) {
        Some(Scope::Cds)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    V1,
    Cds,
}

/// Set on a request whose API key the guard verified.
#[derive(Debug, Clone, Copy)]
pub struct KeyVerified;

/// Checks the API key (when keys are on) and the rate limit of `/v1` and `/cds-services` calls.
pub async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let scope = scope_of(&req);
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let keys_on = state.as_ref().is_some_and(|s| s.api_keys.is_some());
    let Some(state) = state else {
        return next
            .call(req)
            .await
            .map(|res| fail_closed(res.map_into_boxed_body(), keys_on));
    };
    let ip = req
        .extensions()
        .get::<ClientIp>()
        .map(|c| c.0)
        .or_else(|| req.peer_addr().map(|a| a.ip()))
        .unwrap_or(IpAddr::from([0, 0, 0, 0]));
    // The probes: while the open routes' store is full (a flood of distinct addresses), new
    // addresses share one bucket, which a flood could drain; the orchestrator's probes must
    // not be starved by it, so they pass while it lasts.
    let open_limits = state
        .open_limits
        .as_deref()
        .filter(|limits| !(is_probe(&req) && limits.is_full()));
    // CORS preflights carry no credentials by design (the CORS layer answers them); any other
    // OPTIONS gets the open routes' per-IP limit, so no method goes unlimited.
    if req.method() == actix_web::http::Method::OPTIONS {
        return limited(req, next, open_limits, Client::ip(ip), |r| {
            fail_closed(r, keys_on)
        })
        .await;
    }
    let Some(scope) = scope else {
        // An open route: no key, and the open routes' own per-IP limit.
        return limited(req, next, open_limits, Client::ip(ip), |r| {
            fail_closed(r, keys_on)
        })
        .await;
    };
    let key = presented_key(&req).map(str::to_owned);
    let keyed = scope == Scope::V1 && state.api_keys.is_some();
    let mut client = Client::ip(ip);
    if let Some(keys) = state.api_keys.as_ref().filter(|_| keyed) {
        match key.as_deref() {
            Some(k) if keys.accepts(k) => client = Client::key(k),
            _ => {
                // A failed attempt counts against the client's IP, so guessing keys is throttled.
                if let Some(limits) = &state.rate_limits
                    && let Err(not_until) = limits.check(client)
                {
                    let response = too_many(&req, limits, &not_until);
                    return Ok(req.into_response(response));
                }
                let unauthorized = unauthorized(req.path(), super::lang::of(&req), key.is_some());
                return Ok(req.into_response(unauthorized));
            }
        }
        req.extensions_mut().insert(KeyVerified);
    }
    limited(req, next, state.rate_limits.as_deref(), client, |r| {
        private_if(keyed, fail_closed(r, keys_on))
    })
    .await
}

/// Takes one request from `client`'s bucket in `limits` (when on): over the limit, the 429;
/// else the handler's answer, passed through `finish`, with the `RateLimit-*` headers.
async fn limited(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    limits: Option<&RateLimits>,
    client: Client,
    finish: impl FnOnce(ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(limits) = limits else {
        return Ok(finish(next.call(req).await?.map_into_boxed_body()));
    };
    match limits.check(client) {
        Ok(snapshot) => {
            let mut response = finish(next.call(req).await?.map_into_boxed_body());
            let headers = response.headers_mut();
            headers.insert(RATELIMIT_LIMIT, HeaderValue::from(limits.per_minute));
            headers.insert(
                RATELIMIT_REMAINING,
                HeaderValue::from(snapshot.remaining_burst_capacity()),
            );
            headers.insert(RATELIMIT_RESET, HeaderValue::from(0u32));
            Ok(response)
        }
        Err(not_until) => {
            let response = too_many(&req, limits, &not_until);
            Ok(req.into_response(response))
        }
    }
}

/// The 429 problem, with `Retry-After` and the `RateLimit-*` headers.
fn too_many(
    req: &ServiceRequest,
    limits: &RateLimits,
    not_until: &governor::NotUntil<<DefaultClock as Clock>::Instant>,
) -> actix_web::HttpResponse {
    let wait = not_until.wait_time_from(DefaultClock::default().now());
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut response = ApiError::TooManyRequests {
        retry_after_seconds: seconds,
    }
    .to_response_in(req.path(), super::lang::of(req));
    let headers = response.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    headers.insert(RATELIMIT_LIMIT, HeaderValue::from(limits.per_minute));
    headers.insert(RATELIMIT_REMAINING, HeaderValue::from(0u32));
    headers.insert(RATELIMIT_RESET, HeaderValue::from(seconds));
    response
}

/// The 401 problem for a request to `path`, with its `WWW-Authenticate` challenge.
fn unauthorized(path: &str, lang: Lang, presented: bool) -> actix_web::HttpResponse {
    let mut response = ApiError::Unauthorized { presented }.to_response_in(path, lang);
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(r#"Bearer realm="cramp-advisor", error="invalid_token""#),
    );
    response
}

/// The second line of defence: if the route actix matched lies in `/v1` but the guard did not
/// verify a key for it (keys on), the answer is dropped for a 401 and the miss is logged as a bug.
fn fail_closed(response: ServiceResponse<BoxBody>, keys_on: bool) -> ServiceResponse<BoxBody> {
    let request = response.request();
    if !keys_on
        || request.extensions().contains::<KeyVerified>()
        || request.method() == actix_web::http::Method::OPTIONS
    {
        return response;
    }
    let matched = request.match_pattern();
    if !matched.as_deref().is_some_and(|p| V1.is_match(p)) {
        return response;
    }
    tracing::error!(route = ?matched, "a /v1 route was reached without the key check; answered 401");
    let replacement = unauthorized(request.path(), super::lang::of(request), false);
    response.into_response(replacement)
}

/// Answers behind an API key are for that caller only: `private` instead of `public`, and
/// `Vary` on the credential headers, so no shared cache hands them to a caller without a key.
fn private_if(keyed: bool, mut response: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    if !keyed {
        return response;
    }
    let headers = response.headers_mut();
    let cache = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let Some(cache) = cache {
        let private = cache
            .split(',')
            .map(|d| match d.trim() {
                d if d.eq_ignore_ascii_case("public") => "private",
                d => d,
            })
            .collect::<Vec<_>>()
            .join(", ");
        if let Ok(value) = HeaderValue::from_str(&private) {
            headers.insert(header::CACHE_CONTROL, value);
        }
    }
    headers.append(
        header::VARY,
        HeaderValue::from_static("Authorization, X-API-Key"),
    );
    response
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_bearer_credential_is_read_whatever_the_scheme_case_and_nothing_else_is() {
        for value in ["Bearer k-1", "bearer k-1", "BEARER  k-1 ", " Bearer k-1"] {
            assert_eq!(bearer_token(value), Some("k-1"), "{value:?}");
        }
        for value in ["Basic k-1", "Bearer", "Bearer   ", "k-1", ""] {
            assert_eq!(bearer_token(value), None, "{value:?}");
        }
    }

    use super::*;
    use actix_web::middleware::from_fn;
    use actix_web::test as actix_test;
    use actix_web::{App, HttpResponse};

    /// Simulates a guard that missed a route: only the after-routing check runs.
    async fn only_fail_closed(
        req: ServiceRequest,
        next: Next<impl MessageBody + 'static>,
    ) -> Result<ServiceResponse<BoxBody>, Error> {
        let response = next.call(req).await?.map_into_boxed_body();
        Ok(fail_closed(response, true))
    }

    #[actix_web::test]
    async fn a_v1_route_reached_without_the_key_check_fails_closed() {
        let app = actix_test::init_service(
            App::new()
                .service(web::scope("/v1").route("/causes", web::get().to(HttpResponse::Ok)))
                .route("/healthz", web::get().to(HttpResponse::Ok))
                .wrap(from_fn(only_fail_closed)),
        )
        .await;
        for (path, status) in [
            ("/%761/causes", 401),
            ("/v1/causes", 401),
            ("/healthz", 200),
        ] {
            let response = actix_test::call_service(
                &app,
                actix_test::TestRequest::get().uri(path).to_request(),
            )
            .await;
            assert_eq!(response.status().as_u16(), status, "{path}");
        }
    }

    #[test]
    fn keys_are_matched_by_hash_and_malformed_files_are_rejected() {
        let dir = std::env::temp_dir().join(format!("cramp-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("keys");
        let hash = format!("{:x}", Sha256::digest(b"secret-key-1"));
        std::fs::write(&file, format!("# staging app\n{hash}\n\n")).unwrap();
        let keys = ApiKeys::from_file(&file).unwrap();
        assert!(keys.accepts("secret-key-1"));
        assert!(!keys.accepts("secret-key-2"));
        std::fs::write(&file, "not-a-hash\n").unwrap();
        assert!(
            ApiKeys::from_file(&file)
                .unwrap_err()
                .to_string()
                .contains(":1:")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
