//! Reading a token before and around verification: the bearer value, the JOSE header (so that
//! `none` and HMAC are refused by name, before any key is looked at), the key for the header's
//! algorithm, and NumericDate claims.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Deserialize;

use super::Rejection;

/// Longest accepted token, in bytes.
const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// The JOSE header fields read before verification.
#[derive(Deserialize)]
struct RawHeader {
    alg: Option<String>,
    kid: Option<String>,
}

/// The claims checked here (`jsonwebtoken` checks `exp`, `iss` and `aud`).
#[derive(Deserialize)]
pub(super) struct Claims {
    pub(super) iss: Option<serde_json::Value>,
    pub(super) exp: Option<serde_json::Value>,
    pub(super) iat: Option<serde_json::Value>,
    pub(super) jti: Option<serde_json::Value>,
}

/// The token from an `Authorization: Bearer` header value.
pub(super) fn bearer(authorization: Option<&[u8]>) -> Result<&str, Rejection> {
    let value = authorization.ok_or(Rejection::Missing)?;
    let value = std::str::from_utf8(value).map_err(|_| Rejection::Malformed)?;
    let token = crate::http::access::bearer_token(value).ok_or(Rejection::Missing)?;
    if token.len() > MAX_TOKEN_BYTES {
        return Err(Rejection::Malformed);
    }
    Ok(token)
}

/// The allowed algorithm and the `kid` of a token's header, read before anything else so
/// that `none` and HMAC tokens are refused by name.
pub(super) fn header_of(token: &str) -> Result<(Algorithm, String), Rejection> {
    let mut parts = token.split('.');
    let (Some(header), Some(_), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Rejection::Malformed);
    };
    let json = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| Rejection::Malformed)?;
    let header: RawHeader = serde_json::from_slice(&json).map_err(|_| Rejection::Malformed)?;
    let alg = match header.alg.as_deref() {
        Some("RS384") => Algorithm::RS384,
        Some("ES384") => Algorithm::ES384,
        _ => return Err(Rejection::AlgorithmNotAllowed),
    };
    let kid = header
        .kid
        .filter(|k| !k.is_empty())
        .ok_or(Rejection::NoKeyId)?;
    Ok((alg, kid))
}

/// The verification key for `alg` from `jwk`, which must be of the matching type (RSA for
/// RS384, P-384 for ES384), for signatures, and for `alg` when it names one.
pub(super) fn decoding_key(jwk: &Jwk, alg: Algorithm) -> Result<DecodingKey, Rejection> {
    let type_fits = match (&jwk.algorithm, alg) {
        (AlgorithmParameters::RSA(_), Algorithm::RS384) => true,
        (AlgorithmParameters::EllipticCurve(ec), Algorithm::ES384) => {
            ec.curve == EllipticCurve::P384
        }
        _ => false,
    };
    let alg_fits = jwk
        .common
        .key_algorithm
        .is_none_or(|a| a.to_string() == format!("{alg:?}"));
    let use_fits = jwk
        .common
        .public_key_use
        .as_ref()
        .is_none_or(|u| *u == PublicKeyUse::Signature);
    if !(type_fits && alg_fits && use_fits) {
        return Err(Rejection::KeyMismatch);
    }
    DecodingKey::from_jwk(jwk).map_err(|_| Rejection::KeyMismatch)
}

/// A NumericDate claim as whole seconds (fractions dropped; negative values refused).
pub(super) fn seconds(value: Option<&serde_json::Value>) -> Option<u64> {
    let number = value?.as_number()?;
    number.as_u64().or_else(|| {
        number
            .as_f64()
            .filter(|f| *f >= 0.0 && f.is_finite())
            .map(|f| f as u64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bearer_value_is_read_and_other_schemes_count_as_no_token() {
        assert_eq!(bearer(Some(b"Bearer a.b.c")), Ok("a.b.c"));
        assert_eq!(bearer(Some(b"bearer  a.b.c ")), Ok("a.b.c"));
        assert_eq!(bearer(None), Err(Rejection::Missing));
        assert_eq!(bearer(Some(b"Basic dXNlcg==")), Err(Rejection::Missing));
        assert_eq!(bearer(Some(b"Bearer ")), Err(Rejection::Missing));
        assert_eq!(bearer(Some(b"Bearer \xff")), Err(Rejection::Malformed));
        let long = format!("Bearer {}", "a".repeat(MAX_TOKEN_BYTES + 1));
        assert_eq!(bearer(Some(long.as_bytes())), Err(Rejection::Malformed));
    }

    #[test]
    fn only_rs384_and_es384_headers_with_a_kid_pass() {
        let token = |header: &str| format!("{}.e30.sig", URL_SAFE_NO_PAD.encode(header));
        assert_eq!(
            header_of(&token(r#"{"alg":"ES384","kid":"k"}"#)),
            Ok((Algorithm::ES384, "k".to_owned()))
        );
        for alg in [
            "none", "None", "HS256", "HS384", "RS256", "PS384", "ES256", "EdDSA",
        ] {
            let header = format!(r#"{{"alg":"{alg}","kid":"k"}}"#);
            assert_eq!(
                header_of(&token(&header)),
                Err(Rejection::AlgorithmNotAllowed),
                "{alg}"
            );
        }
        assert_eq!(
            header_of(&token(r#"{"alg":"RS384"}"#)),
            Err(Rejection::NoKeyId)
        );
        assert_eq!(header_of("a.b"), Err(Rejection::Malformed));
        assert_eq!(header_of("a.b.c.d"), Err(Rejection::Malformed));
        assert_eq!(header_of("!!.e30.sig"), Err(Rejection::Malformed));
    }

    #[test]
    fn numeric_dates_are_whole_non_negative_seconds() {
        let n = |v: serde_json::Value| seconds(Some(&v));
        assert_eq!(n(serde_json::json!(1_700_000_000)), Some(1_700_000_000));
        assert_eq!(n(serde_json::json!(1_700_000_000.9)), Some(1_700_000_000));
        assert_eq!(n(serde_json::json!(-1)), None);
        assert_eq!(n(serde_json::json!("1700000000")), None);
        assert_eq!(seconds(None), None);
    }
}
