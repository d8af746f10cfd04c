//! Where a trusted CDS client's public keys come from: a JWK Set in a file, or at a URL on the
//! JWKS allow-list, loaded again once the cache time has passed. Keys come only from this
//! configuration: a token's own `jku` header is never followed (the caller would be naming
//! the keys that vouch for it).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk};
use serde::Deserialize;
use serde_json::Value;

use crate::config::JwksLocation;

/// Largest JWK Set read or fetched, in bytes.
const MAX_JWKS_BYTES: usize = 256 * 1024;
/// Least time between two loads for a `kid` the cached set lacks, so tokens naming unknown
/// keys cannot make this server hammer the issuer.
const MIN_RELOAD_INTERVAL: Duration = Duration::from_secs(30);

/// Why an issuer's key could not be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyError {
    /// The issuer's set has no key with this `kid`.
    UnknownKid,
    /// The set could not be loaded (and no recent copy is cached).
    Unavailable,
}

/// One issuer's JWK Set and its cache.
#[derive(Debug)]
pub(crate) struct KeySource {
    location: Location,
    ttl: Duration,
    cache: tokio::sync::Mutex<Cache>,
}

/// The cached set, and when a load was last tried (kept even when no load ever succeeded, so
/// an unreachable issuer is asked at most once per [`MIN_RELOAD_INTERVAL`]).
#[derive(Debug, Default)]
struct Cache {
    set: Option<Cached>,
    last_attempt: Option<Instant>,
}

#[derive(Debug)]
enum Location {
    File(PathBuf),
    Url(reqwest::Url),
}

#[derive(Debug)]
struct Cached {
    keys: Vec<Jwk>,
    /// When `keys` was loaded.
    loaded: Instant,
}

impl KeySource {
    /// A key source for `location`. A file is read now, so a missing or malformed one stops
    /// start-up; a URL must be on `allowed_origins` (the `fhirServer` rule) and is fetched on
    /// first use, so start-up never waits on the network.
    ///
    /// # Errors
    /// An unreadable or keyless file, or a URL that is not allowed.
    pub(crate) fn new(
        location: &JwksLocation,
        allowed_origins: &[String],
        ttl: Duration,
    ) -> anyhow::Result<Self> {
        let (location, cache) = match location {
            JwksLocation::File(path) => {
                let keys = read_file(path)?;
                let now = Instant::now();
                let cache = Cache {
                    set: Some(Cached { keys, loaded: now }),
                    last_attempt: Some(now),
                };
                (Location::File(path.clone()), cache)
            }
            JwksLocation::Url(url) => {
                let Some(parsed) = crate::cds::call::allowed_url(url, allowed_origins) else {
                    bail!(
                        "APP_CDS_JWT_ISSUERS: the JWKS URL {url:?} is not an http(s) URL \
                         (without credentials, query or fragment) whose origin is in \
                         APP_CDS_JWKS_ALLOWED_ORIGINS"
                    );
                };
                (Location::Url(parsed), Cache::default())
            }
        };
        Ok(Self {
            location,
            ttl,
            cache: tokio::sync::Mutex::new(cache),
        })
    }

    /// The key with this `kid`. A set older than the cache time is loaded again; so is one
    /// that lacks the `kid` (a rotated key), at most once per [`MIN_RELOAD_INTERVAL`]. When
    /// loading fails, the last set stays in use for one more cache time.
    ///
    /// # Errors
    /// When no such key is known, or no set could be loaded.
    pub(crate) async fn key(&self, kid: &str) -> Result<Jwk, KeyError> {
        // One load at a time per issuer: concurrent calls wait for it instead of each fetching.
        let mut cache = self.cache.lock().await;
        let now = Instant::now();
        let recently_tried = cache
            .last_attempt
            .is_some_and(|t| now.duration_since(t) < MIN_RELOAD_INTERVAL.min(self.ttl));
        let fresh = |c: &Cached, limit: Duration| now.duration_since(c.loaded) < limit;
        if let Some(c) = cache.set.as_ref().filter(|c| fresh(c, self.ttl))
            && let Some(key) = find(&c.keys, kid)
        {
            return Ok(key);
        }
        if recently_tried {
            // Asked moments ago (whether it worked or not): answer from what is cached, and
            // never let tokens naming unknown keys make this server hammer the issuer.
            return match cache.set.as_ref().filter(|c| fresh(c, self.ttl * 2)) {
                Some(c) => find(&c.keys, kid).ok_or(KeyError::UnknownKid),
                None => Err(KeyError::Unavailable),
            };
        }
        cache.last_attempt = Some(now);
        match self.load().await {
            Ok(keys) => {
                let found = find(&keys, kid);
                cache.set = Some(Cached { keys, loaded: now });
                found.ok_or(KeyError::UnknownKid)
            }
            Err(e) => {
                tracing::warn!(jwks = %self.describe(), error = %format!("{e:#}"), "could not load a CDS client's JWK Set");
                match cache.set.as_ref() {
                    Some(c) if now.duration_since(c.loaded) < self.ttl * 2 => {
                        find(&c.keys, kid).ok_or(KeyError::UnknownKid)
                    }
                    _ => Err(KeyError::Unavailable),
                }
            }
        }
    }

    async fn load(&self) -> anyhow::Result<Vec<Jwk>> {
        match &self.location {
            Location::File(path) => {
                let path = path.clone();
                tokio::task::spawn_blocking(move || read_file(&path))
                    .await
                    .context("reading the JWKS file stopped")?
            }
            Location::Url(url) => fetch(url).await,
        }
    }

    fn describe(&self) -> String {
        match &self.location {
            Location::File(path) => path.display().to_string(),
            Location::Url(url) => url.to_string(),
        }
    }
}

/// The key with this `kid`, if the set has one.
fn find(keys: &[Jwk], kid: &str) -> Option<Jwk> {
    keys.iter()
        .find(|k| k.common.key_id.as_deref() == Some(kid))
        .cloned()
}

fn read_file(path: &std::path::Path) -> anyhow::Result<Vec<Jwk>> {
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "APP_CDS_JWT_ISSUERS: cannot read the JWKS file {}",
            path.display()
        )
    })?;
    if bytes.len() > MAX_JWKS_BYTES {
        bail!(
            "the JWKS file {} is over {MAX_JWKS_BYTES} bytes",
            path.display()
        );
    }
    parse(&bytes).with_context(|| format!("APP_CDS_JWT_ISSUERS: the JWKS file {}", path.display()))
}

async fn fetch(url: &reqwest::Url) -> anyhow::Result<Vec<Jwk>> {
    // The same client as `fhirServer` fetches: no redirects, short timeouts.
    let mut response = crate::cds::prefetch::OUTBOUND
        .get(url.clone())
        .header(
            reqwest::header::ACCEPT,
            "application/jwk-set+json, application/json",
        )
        .send()
        .await
        .context("the JWKS URL could not be reached")?;
    let status = response.status();
    if !status.is_success() {
        bail!("the JWKS URL answered {}", status.as_u16());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .context("the JWKS response was cut off")?
    {
        if body.len() + chunk.len() > MAX_JWKS_BYTES {
            bail!("the JWKS response is over {MAX_JWKS_BYTES} bytes");
        }
        body.extend_from_slice(&chunk);
    }
    parse(&body)
}

/// The signing keys of a JWK Set that carry a `kid`. Keys this service cannot use (other key
/// types, encryption keys) are skipped, so one odd key does not hide the others.
fn parse(bytes: &[u8]) -> anyhow::Result<Vec<Jwk>> {
    #[derive(Deserialize)]
    struct Set {
        keys: Vec<Value>,
    }
    let set: Set = serde_json::from_slice(bytes).context("not a JWK Set ({\"keys\": [...]})")?;
    let keys: Vec<Jwk> = set
        .keys
        .into_iter()
        .filter_map(|k| serde_json::from_value::<Jwk>(k).ok())
        .filter(|k| {
            k.common.key_id.is_some()
                && matches!(
                    k.algorithm,
                    AlgorithmParameters::RSA(_) | AlgorithmParameters::EllipticCurve(_)
                )
        })
        .collect();
    if keys.is_empty() {
        bail!("the JWK Set holds no usable key with a kid");
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_without_kid_or_of_unknown_kinds_are_skipped() {
        let set = br#"{"keys": [
            {"kty": "EC", "crv": "P-384", "kid": "a", "x": "AA", "y": "AA"},
            {"kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"},
            {"kty": "weird", "kid": "b"}
        ]}"#;
        let keys = parse(set).unwrap();
        assert_eq!(keys.len(), 1);
        assert!(parse(br#"{"keys": []}"#).is_err());
        assert!(parse(b"[]").is_err());
    }

    #[test]
    fn a_jwks_url_must_be_on_the_allow_list() {
        let allowed = vec!["https://ehr.example.org".to_owned()];
        let ttl = Duration::from_secs(60);
        let ok = JwksLocation::Url("https://ehr.example.org/jwks.json".into());
        assert!(KeySource::new(&ok, &allowed, ttl).is_ok());
        for bad in [
            "https://evil.example/jwks.json",
            "http://ehr.example.org/jwks.json",
            "https://user@ehr.example.org/jwks.json",
            "https://ehr.example.org/jwks.json?x=1",
        ] {
            let err = KeySource::new(&JwksLocation::Url(bad.into()), &allowed, ttl).unwrap_err();
            assert!(
                err.to_string().contains("APP_CDS_JWKS_ALLOWED_ORIGINS"),
                "{bad}"
            );
        }
    }
}
