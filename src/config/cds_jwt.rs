//! The CDS Hooks JWT settings (`APP_CDS_JWT*`): which CDS clients are trusted and where their
//! keys are (see [`crate::cds::jwt`]).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};

use super::{origin_of, origins};

/// How calls to `/cds-services` are authenticated: see [`crate::cds::jwt`].
#[derive(Debug, Clone, PartialEq)]
pub struct CdsJwtSettings {
    /// Whether a signed JWT is required (`APP_CDS_JWT`: `on`, the default, or `off` for local
    /// development only). With it on, every call is refused until `issuers` names at least
    /// one issuer and `APP_PUBLIC_BASE_URL` is set (the token's `aud` must name this service,
    /// and the `Host` header cannot say what this service is).
    pub enabled: bool,
    /// The CDS clients trusted, each with where its public keys are
    /// (`APP_CDS_JWT_ISSUERS`: comma-separated `ISSUER=JWKS`, where JWKS is a file path or an
    /// `https://` URL; e.g. `https://ehr.example.org=https://ehr.example.org/jwks.json`).
    pub issuers: Vec<TrustedIssuer>,
    /// Origins a JWKS URL may be on (`APP_CDS_JWKS_ALLOWED_ORIGINS`, comma-separated; default
    /// none: only JWKS files). Fetched as `fhirServer` is: no redirects, short timeouts, a size
    /// cap.
    pub jwks_allowed_origins: Vec<String>,
    /// How long a fetched or read JWKS is used before it is loaded again
    /// (`APP_CDS_JWKS_CACHE_SECONDS`, default 300, at most 86400).
    pub jwks_cache_ttl: Duration,
}

impl Default for CdsJwtSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            issuers: Vec::new(),
            jwks_allowed_origins: Vec::new(),
            jwks_cache_ttl: Duration::from_secs(300),
        }
    }
}

/// A CDS client whose JWTs are accepted, and where its public keys are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedIssuer {
    /// The exact `iss` of its tokens.
    pub issuer: String,
    /// Its JWK Set.
    pub jwks: JwksLocation,
}

/// Where an issuer's JWK Set is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwksLocation {
    /// A local file (e.g. a mounted ConfigMap or Secret).
    File(PathBuf),
    /// An `http(s)` URL whose origin is in `APP_CDS_JWKS_ALLOWED_ORIGINS`.
    Url(String),
}

/// Largest accepted `APP_CDS_JWKS_CACHE_SECONDS` (a day): keys must be reloaded in bounded time.
const MAX_JWKS_CACHE_SECONDS: u64 = 86_400;

pub(super) fn read_cds_jwt(
    lookup: &impl Fn(&str) -> Option<String>,
    jwt: &mut CdsJwtSettings,
) -> anyhow::Result<()> {
    if let Some(v) = lookup("APP_CDS_JWT") {
        jwt.enabled = match v.trim().to_ascii_lowercase().as_str() {
            "on" | "" => true,
            "off" => false,
            _ => bail!("APP_CDS_JWT must be on or off, got {v:?}"),
        };
    }
    if let Some(v) = lookup("APP_CDS_JWKS_ALLOWED_ORIGINS") {
        jwt.jwks_allowed_origins = origins(&v)
            .iter()
            .map(|o| {
                origin_of(o).with_context(|| {
                    format!(
                        "APP_CDS_JWKS_ALLOWED_ORIGINS: {o:?} is not an origin; expected \
                         scheme://host[:port] with no path (comma-separated for several)"
                    )
                })
            })
            .collect::<anyhow::Result<_>>()?;
    }
    if let Some(v) = lookup("APP_CDS_JWT_ISSUERS") {
        jwt.issuers = v
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(trusted_issuer)
            .collect::<anyhow::Result<_>>()?;
    }
    if let Some(v) = lookup("APP_CDS_JWKS_CACHE_SECONDS") {
        let secs: u64 = v.parse().with_context(|| {
            format!("APP_CDS_JWKS_CACHE_SECONDS must be whole seconds, got {v:?}")
        })?;
        if !(1..=MAX_JWKS_CACHE_SECONDS).contains(&secs) {
            bail!("APP_CDS_JWKS_CACHE_SECONDS must be 1-{MAX_JWKS_CACHE_SECONDS}, got {secs}");
        }
        jwt.jwks_cache_ttl = Duration::from_secs(secs);
    }
    Ok(())
}

/// One `ISSUER=JWKS` entry of `APP_CDS_JWT_ISSUERS` (split at the first `=`: an issuer is a
/// base URL, which has no query).
fn trusted_issuer(entry: &str) -> anyhow::Result<TrustedIssuer> {
    let expected = "expected ISSUER=JWKS, where JWKS is a file path or an http(s) URL, e.g. \
                    https://ehr.example.org=https://ehr.example.org/.well-known/jwks.json";
    let Some((issuer, jwks)) = entry.split_once('=') else {
        bail!("APP_CDS_JWT_ISSUERS: {entry:?} has no '='; {expected}");
    };
    let (issuer, jwks) = (issuer.trim(), jwks.trim());
    if issuer.is_empty() || jwks.is_empty() {
        bail!("APP_CDS_JWT_ISSUERS: {entry:?} lacks an issuer or a JWKS; {expected}");
    }
    let lower = jwks.to_ascii_lowercase();
    let jwks = if lower.starts_with("https://") || lower.starts_with("http://") {
        JwksLocation::Url(jwks.to_owned())
    } else {
        JwksLocation::File(PathBuf::from(jwks))
    };
    Ok(TrustedIssuer {
        issuer: issuer.to_owned(),
        jwks,
    })
}

#[cfg(test)]
mod tests {
    use super::super::Settings;
    use super::*;

    #[test]
    fn cds_jwt_settings_are_read_and_bad_values_are_named() {
        let read = |vars: &[(&str, &str)]| {
            let vars: Vec<(String, String)> = vars
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            Settings::from_lookup(move |k| {
                vars.iter()
                    .find(|(name, _)| name == k)
                    .map(|(_, v)| v.clone())
            })
        };
        let s = read(&[
            (
                "APP_CDS_JWT_ISSUERS",
                "https://ehr.example.org=https://keys.example.org/jwks.json, \
                 https://other.example=/etc/jwks/other.json",
            ),
            ("APP_CDS_JWKS_ALLOWED_ORIGINS", "https://Keys.Example.org/"),
            ("APP_CDS_JWKS_CACHE_SECONDS", "60"),
        ])
        .unwrap()
        .cds_jwt;
        assert!(s.enabled);
        assert_eq!(
            s.issuers,
            [
                TrustedIssuer {
                    issuer: "https://ehr.example.org".into(),
                    jwks: JwksLocation::Url("https://keys.example.org/jwks.json".into()),
                },
                TrustedIssuer {
                    issuer: "https://other.example".into(),
                    jwks: JwksLocation::File("/etc/jwks/other.json".into()),
                },
            ]
        );
        assert_eq!(s.jwks_allowed_origins, ["https://keys.example.org"]);
        assert_eq!(s.jwks_cache_ttl, Duration::from_secs(60));
        assert!(!read(&[("APP_CDS_JWT", "off")]).unwrap().cds_jwt.enabled);
        for (var, bad) in [
            ("APP_CDS_JWT", "maybe"),
            ("APP_CDS_JWT_ISSUERS", "https://ehr.example.org"),
            ("APP_CDS_JWT_ISSUERS", "=/etc/jwks.json"),
            (
                "APP_CDS_JWKS_ALLOWED_ORIGINS",
                "https://keys.example.org/path",
            ),
            ("APP_CDS_JWKS_CACHE_SECONDS", "0"),
            ("APP_CDS_JWKS_CACHE_SECONDS", "86401"),
        ] {
            let err = format!("{:#}", read(&[(var, bad)]).unwrap_err());
            assert!(err.contains(var), "{var}={bad}: {err}");
        }
    }
}
