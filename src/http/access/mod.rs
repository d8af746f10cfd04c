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
//!
//! [`credentials`]: the API keys and the bearer parser; [`rate_limits`]: the limiter.

use std::net::IpAddr;
use std::sync::LazyLock;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ResourceDef, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};
use governor::clock::{Clock, DefaultClock};

mod credentials;
mod rate_limits;

pub use credentials::ApiKeys;
pub(crate) use credentials::bearer_token;
pub use rate_limits::{Client, RateLimits};

use super::error::ApiError;
use super::state::AppState;
use crate::domain::Lang;
use crate::http::limits::ClientIp;

const RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
const RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
const RATELIMIT_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");
const API_KEY: HeaderName = HeaderName::from_static("x-api-key");

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

/// The 401 problem for a request to `path`, with its `WWW-Authenticate` challenge: an error
/// code only when a credential was presented (RFC 6750 §3.1: a request without any
/// authentication gets the bare challenge).
fn unauthorized(path: &str, lang: Lang, presented: bool) -> actix_web::HttpResponse {
    let mut response = ApiError::Unauthorized { presented }.to_response_in(path, lang);
    let challenge = if presented {
        r#"Bearer realm="cramp-advisor", error="invalid_token""#
    } else {
        r#"Bearer realm="cramp-advisor""#
    };
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(challenge),
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
}
