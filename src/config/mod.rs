//! Settings, read from `APP_*` environment variables only (a Kubernetes ConfigMap sets them in
//! production). Every setting has a typed default so `make run` needs no configuration.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};

mod cds_jwt;

use cds_jwt::read_cds_jwt;
pub use cds_jwt::{CdsJwtSettings, JwksLocation, TrustedIssuer};

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One JSON object per line (production).
    Json,
    /// Human-readable, coloured lines (local development).
    Pretty,
}

/// Everything the service can be configured with.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Interface to bind (`APP_HOST`, default `127.0.0.1`; use `0.0.0.0` in a container).
    pub host: String,
    /// Port to bind (`APP_PORT`, default `8080`; `0` picks a free port).
    pub port: u16,
    /// Log format (`APP_LOG_FORMAT`: `json` or `pretty`, default `json`). The level comes from
    /// `RUST_LOG` (default `info`).
    pub log_format: LogFormat,
    /// Largest accepted request body in bytes (`APP_BODY_LIMIT_BYTES`, default 65536).
    pub body_limit_bytes: usize,
    /// How long in-flight requests may run once the server stops accepting connections
    /// (`APP_SHUTDOWN_TIMEOUT_SECONDS`, default 25).
    pub shutdown_timeout: Duration,
    /// How long the server keeps accepting and serving after SIGTERM while `/readyz` answers 503,
    /// so load balancers stop routing here before the listener closes
    /// (`APP_SHUTDOWN_DRAIN_SECONDS`, default 5; `0` stops accepting at once). SIGINT (Ctrl-C)
    /// skips the drain.
    pub shutdown_drain: Duration,
    /// Worker threads (`APP_WORKERS`, default: one per CPU core).
    pub workers: Option<usize>,
    /// Directory holding a replacement knowledge set (`APP_KNOWLEDGE_DIR`, default: the
    /// embedded set).
    pub knowledge_dir: Option<PathBuf>,
    /// FHIR servers a CDS Hooks call may make us fetch from (`APP_FHIR_ALLOWED_ORIGINS`,
    /// comma-separated origins such as `https://ehr.example.org`; default none: without
    /// prefetch the call is answered 412). An allow-list, because the caller names the URL.
    pub fhir_allowed_origins: Vec<String>,
    /// File of SHA-256 hashes of accepted API keys (`APP_API_KEYS_FILE`; default none: keys off).
    /// When set, every `/v1` call needs `Authorization: Bearer <key>` or `X-API-Key`.
    pub api_keys_file: Option<PathBuf>,
    /// File of the SHA-256 hashes of the tokens a metrics scraper may present
    /// (`APP_METRICS_TOKENS_FILE`, the same format as the API keys file). When set, `/metrics`
    /// needs `Authorization: Bearer <token>`; otherwise it is open (the NetworkPolicy and the
    /// Ingress keep it in-cluster).
    pub metrics_tokens_file: Option<PathBuf>,
    /// Sustained requests per minute per API key, or per client IP when keys are off
    /// (`APP_RATE_LIMIT_PER_MINUTE`, default 300; `0` turns limits off, e.g. for load tests).
    pub rate_limit_per_minute: u32,
    /// Requests a client may send at once above the sustained rate (`APP_RATE_LIMIT_BURST`,
    /// default 60).
    pub rate_limit_burst: u32,
    /// Sustained requests per minute per client IP on the open routes: probes, metrics, the
    /// spec, the problem pages and the docs (`APP_RATE_LIMIT_OPEN_PER_MINUTE`, default 1200,
    /// with bursts of a fifth of that; `0`, or `APP_RATE_LIMIT_PER_MINUTE=0`, turns it off).
    /// Generous: probes and scrapers send a few a minute, and a page of the docs a dozen.
    pub rate_limit_open_per_minute: u32,
    /// Browser origins allowed to call the API (`APP_CORS_ALLOWED_ORIGINS`, comma-separated;
    /// default none).
    pub cors_allowed_origins: Vec<String>,
    /// Largest number of distinct clients the rate limiter remembers (`APP_RATE_LIMIT_MAX_CLIENTS`,
    /// default 100000). Idle clients are pruned every minute; when the store is still full, new IP
    /// identities share one bucket until the next prune, so memory stays bounded.
    pub rate_limit_max_clients: usize,
    /// The public base URL of this service (`APP_PUBLIC_BASE_URL`, `https://host[:port]`, no
    /// path; default none). When set, it is the only base of absolute links (CDS card links),
    /// whatever `Host` or forwarded headers say.
    pub public_base_url: Option<String>,
    /// Peers whose `Forwarded` / `X-Forwarded-*` headers are believed (`APP_TRUSTED_PROXIES`,
    /// comma-separated CIDRs or addresses; default none: forwarded headers are ignored).
    pub trusted_proxies: Vec<crate::http::limits::Cidr>,
    /// Deadline on receiving a request: the header section, and the body counted from the
    /// header section (`APP_REQUEST_TIMEOUT_SECONDS`, default 10). Slower clients get a 408 and
    /// the connection is closed.
    pub request_timeout: Duration,
    /// How long an idle keep-alive connection is kept open (`APP_KEEP_ALIVE_SECONDS`, default 5;
    /// `0` turns keep-alive off).
    pub keep_alive: Duration,
    /// Open connections each worker accepts; more wait in the listen backlog
    /// (`APP_MAX_CONNECTIONS_PER_WORKER`, default 1024).
    pub max_connections_per_worker: usize,
    /// Verification of the JWTs CDS clients sign (CDS Hooks 2.0, "Trusting CDS Clients"); on
    /// by default.
    pub cds_jwt: CdsJwtSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".to_owned(),
            port: 8080,
            log_format: LogFormat::Json,
            body_limit_bytes: 64 * 1024,
            shutdown_timeout: Duration::from_secs(25),
            shutdown_drain: Duration::from_secs(5),
            workers: None,
            knowledge_dir: None,
            fhir_allowed_origins: Vec::new(),
            api_keys_file: None,
            metrics_tokens_file: None,
            rate_limit_per_minute: 300,
            rate_limit_burst: 60,
            rate_limit_open_per_minute: 1200,
            cors_allowed_origins: Vec::new(),
            rate_limit_max_clients: 100_000,
            public_base_url: None,
            trusted_proxies: Vec::new(),
            request_timeout: Duration::from_secs(10),
            keep_alive: Duration::from_secs(5),
            max_connections_per_worker: 1024,
            cds_jwt: CdsJwtSettings::default(),
        }
    }
}

impl Settings {
    /// Reads the settings from the process environment.
    ///
    /// # Errors
    /// A variable that is set but cannot be parsed, named in the message.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the settings through `lookup` (tests pass a map instead of the environment).
    ///
    /// # Errors
    /// A variable that is set but cannot be parsed, named in the message.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let mut s = Self::default();
        if let Some(v) = lookup("APP_HOST") {
            s.host = v;
        }
        if let Some(v) = lookup("APP_PORT") {
            s.port = v
                .parse()
                .with_context(|| format!("APP_PORT must be a port number, got {v:?}"))?;
        }
        if let Some(v) = lookup("APP_LOG_FORMAT") {
            s.log_format = match v.as_str() {
                "json" => LogFormat::Json,
                "pretty" => LogFormat::Pretty,
                other => bail!("APP_LOG_FORMAT must be json or pretty, got {other:?}"),
            };
        }
        if let Some(v) = lookup("APP_BODY_LIMIT_BYTES") {
            s.body_limit_bytes = v
                .parse()
                .with_context(|| format!("APP_BODY_LIMIT_BYTES must be a byte count, got {v:?}"))?;
        }
        if let Some(v) = lookup("APP_SHUTDOWN_TIMEOUT_SECONDS") {
            let secs: u64 = v.parse().with_context(|| {
                format!("APP_SHUTDOWN_TIMEOUT_SECONDS must be whole seconds, got {v:?}")
            })?;
            s.shutdown_timeout = Duration::from_secs(secs);
        }
        if let Some(v) = lookup("APP_SHUTDOWN_DRAIN_SECONDS") {
            let secs: u64 = v.parse().with_context(|| {
                format!("APP_SHUTDOWN_DRAIN_SECONDS must be whole seconds, got {v:?}")
            })?;
            s.shutdown_drain = Duration::from_secs(secs);
        }
        if let Some(v) = lookup("APP_WORKERS") {
            let n: usize = v
                .parse()
                .with_context(|| format!("APP_WORKERS must be a positive number, got {v:?}"))?;
            if n == 0 {
                bail!("APP_WORKERS must be at least 1");
            }
            s.workers = Some(n);
        }
        if let Some(v) = lookup("APP_FHIR_ALLOWED_ORIGINS") {
            s.fhir_allowed_origins = origins(&v);
        }
        if let Some(v) = lookup("APP_RATE_LIMIT_PER_MINUTE") {
            s.rate_limit_per_minute = v.parse().with_context(|| {
                format!("APP_RATE_LIMIT_PER_MINUTE must be a whole number, got {v:?}")
            })?;
        }
        if let Some(v) = lookup("APP_RATE_LIMIT_BURST") {
            s.rate_limit_burst = v.parse().with_context(|| {
                format!("APP_RATE_LIMIT_BURST must be a whole number, got {v:?}")
            })?;
        }
        if let Some(v) = lookup("APP_RATE_LIMIT_OPEN_PER_MINUTE") {
            s.rate_limit_open_per_minute = v.parse().with_context(|| {
                format!("APP_RATE_LIMIT_OPEN_PER_MINUTE must be a whole number, got {v:?}")
            })?;
        }
        if let Some(v) = lookup("APP_CORS_ALLOWED_ORIGINS") {
            s.cors_allowed_origins = cors_origins(&origins(&v))?;
        }
        if let Some(v) = lookup("APP_RATE_LIMIT_MAX_CLIENTS") {
            s.rate_limit_max_clients = v.parse().with_context(|| {
                format!("APP_RATE_LIMIT_MAX_CLIENTS must be a whole number, got {v:?}")
            })?;
        }
        if let Some(v) = lookup("APP_PUBLIC_BASE_URL").filter(|v| !v.trim().is_empty()) {
            let base = origin_of(v.trim().trim_end_matches('/')).with_context(|| {
                format!(
                    "APP_PUBLIC_BASE_URL: {v:?} is not a base URL; expected scheme://host[:port] \
                     with scheme http or https and no path, e.g. https://cramp-advisor.example.org"
                )
            })?;
            s.public_base_url = Some(base);
        }
        if let Some(v) = lookup("APP_TRUSTED_PROXIES") {
            s.trusted_proxies = v
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(|c| {
                    crate::http::limits::Cidr::parse(c).with_context(|| {
                        format!(
                            "APP_TRUSTED_PROXIES: {c:?} is not an address or CIDR such as \
                             10.0.0.0/8 (comma-separated for several)"
                        )
                    })
                })
                .collect::<anyhow::Result<_>>()?;
        }
        if let Some(v) = lookup("APP_REQUEST_TIMEOUT_SECONDS") {
            let secs: u64 = v.parse().with_context(|| {
                format!("APP_REQUEST_TIMEOUT_SECONDS must be whole seconds, got {v:?}")
            })?;
            if secs == 0 {
                bail!("APP_REQUEST_TIMEOUT_SECONDS must be at least 1");
            }
            s.request_timeout = Duration::from_secs(secs);
        }
        if let Some(v) = lookup("APP_KEEP_ALIVE_SECONDS") {
            let secs: u64 = v.parse().with_context(|| {
                format!("APP_KEEP_ALIVE_SECONDS must be whole seconds, got {v:?}")
            })?;
            s.keep_alive = Duration::from_secs(secs);
        }
        if let Some(v) = lookup("APP_MAX_CONNECTIONS_PER_WORKER") {
            let n: usize = v.parse().with_context(|| {
                format!("APP_MAX_CONNECTIONS_PER_WORKER must be a positive number, got {v:?}")
            })?;
            if n == 0 {
                bail!("APP_MAX_CONNECTIONS_PER_WORKER must be at least 1");
            }
            s.max_connections_per_worker = n;
        }
        read_cds_jwt(&lookup, &mut s.cds_jwt)?;
        s.api_keys_file = lookup("APP_API_KEYS_FILE")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        s.metrics_tokens_file = lookup("APP_METRICS_TOKENS_FILE")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        s.knowledge_dir = lookup("APP_KNOWLEDGE_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        Ok(s)
    }
}

/// A comma-separated list of origins, without trailing slashes.
fn origins(list: &str) -> Vec<String> {
    list.split(',')
        .map(|o| o.trim().trim_end_matches('/').to_owned())
        .filter(|o| !o.is_empty())
        .collect()
}

/// Checks and normalises browser origins for `APP_CORS_ALLOWED_ORIGINS`: each must be
/// `http(s)://host[:port]` with no path, query, user or wildcard. Scheme and host are lowercased,
/// as browsers send them.
///
/// # Errors
/// The first origin that is not one, named with the variable and the expected form.
pub fn cors_origins(list: &[String]) -> anyhow::Result<Vec<String>> {
    list.iter()
        .map(|origin| {
            origin_of(origin).with_context(|| {
                format!(
                    "APP_CORS_ALLOWED_ORIGINS: {origin:?} is not a browser origin; expected \
                     scheme://host[:port] with scheme http or https and no path, e.g. \
                     https://app.example.org (comma-separated for several)"
                )
            })
        })
        .collect()
}

fn origin_of(text: &str) -> anyhow::Result<String> {
    if text == "*" {
        bail!(
            "a wildcard would let every site call the API with its visitors' browsers; list the origins"
        );
    }
    let uri: actix_web::http::Uri = text.parse().context("not a URL")?;
    let scheme = uri.scheme_str().context("no scheme")?.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        bail!("the scheme must be http or https, not {scheme}");
    }
    let authority = uri.authority().context("no host")?;
    if authority.as_str().contains('@') || authority.host().is_empty() {
        bail!("an origin has a host and nothing else before it");
    }
    if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
        bail!("an origin has no path or query");
    }
    Ok(format!(
        "{scheme}://{}",
        authority.as_str().to_ascii_lowercase()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        assert_eq!(
            Settings::from_lookup(|_| None).unwrap(),
            Settings::default()
        );
    }

    #[test]
    fn each_variable_is_read_and_bad_values_are_named() {
        let s = Settings::from_lookup(|k| match k {
            "APP_PORT" => Some("0".into()),
            "APP_LOG_FORMAT" => Some("pretty".into()),
            "APP_SHUTDOWN_TIMEOUT_SECONDS" => Some("3".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            (s.port, s.log_format, s.shutdown_timeout.as_secs()),
            (0, LogFormat::Pretty, 3)
        );
        let err =
            Settings::from_lookup(|k| (k == "APP_LOG_FORMAT").then(|| "xml".into())).unwrap_err();
        assert!(err.to_string().contains("APP_LOG_FORMAT"));
    }

    #[test]
    fn cors_origins_are_checked_and_normalised() {
        let read = |v: &str| {
            Settings::from_lookup(|k| (k == "APP_CORS_ALLOWED_ORIGINS").then(|| v.to_owned()))
        };
        assert_eq!(
            read("https://App.Example.org/, http://localhost:3000")
                .unwrap()
                .cors_allowed_origins,
            ["https://app.example.org", "http://localhost:3000"]
        );
        for bad in [
            "app.example.org",
            "*",
            "https://app.example.org/path",
            "ftp://app.example.org",
            "https://user@app.example.org",
            "https://app.example.org?x=1",
            "not a url",
        ] {
            let err = format!("{:#}", read(bad).unwrap_err());
            assert!(
                err.contains("APP_CORS_ALLOWED_ORIGINS") && err.contains(bad),
                "{bad}: {err}"
            );
        }
    }
}
