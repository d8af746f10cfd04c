//! Why a CDS Hooks call's token is refused, and the answer: a problem naming the reason (never
//! the token, nor any value read from it) with the RFC 6750 challenge.

use actix_web::ResponseError;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use jsonwebtoken::errors::ErrorKind;

use crate::http::ApiError;

/// Why a CDS Hooks call's token was refused. The reasons name no value from the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// No `Authorization: Bearer` header.
    Missing,
    /// Not a JWT (three base64url parts, JSON header and claims), or too large.
    Malformed,
    /// `alg` other than RS384 and ES384.
    AlgorithmNotAllowed,
    /// The header names no `kid`.
    NoKeyId,
    /// `iss` is not a configured issuer.
    IssuerNotAllowed,
    /// The issuer's key set has no key with this `kid`.
    UnknownKey,
    /// The key with this `kid` is not for the header's `alg` (type, curve or its own `alg`).
    KeyMismatch,
    /// The issuer's key set could not be loaded.
    KeysUnavailable,
    /// The signature does not verify.
    BadSignature,
    /// `aud` names neither this endpoint nor this service's discovery URL.
    AudienceMismatch,
    /// `exp` has passed.
    Expired,
    /// `iat` is in the future.
    IssuedInFuture,
    /// `nbf` (not before) is in the future.
    NotYetValid,
    /// `exp` is more than [`MAX_LIFETIME_SECONDS`](super::MAX_LIFETIME_SECONDS) away.
    LifetimeTooLong,
    /// A required claim is absent or of the wrong type.
    MissingClaim(&'static str),
    /// This issuer's `jti` was already used.
    Replayed,
    /// The replay cache is full of live tokens (503, not 401: the token may be fine).
    ReplayCacheFull,
    /// Verification is on but this deployment trusts no CDS client yet (no issuer or no public
    /// base URL configured): every call is refused.
    NotConfigured,
}

impl Rejection {
    /// The reason, as sent in the problem's `detail`.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Self::Missing => "no token: CDS Hooks calls need Authorization: Bearer <JWT>",
            Self::Malformed => "the bearer token is not a well-formed JWT",
            Self::AlgorithmNotAllowed => "signature algorithm not allowed (RS384 or ES384)",
            Self::NoKeyId => "the token header has no kid",
            Self::IssuerNotAllowed => "issuer not allowed",
            Self::UnknownKey => "no key of the issuer has the token's kid",
            Self::KeyMismatch => "the issuer's key for this kid is not for the token's algorithm",
            Self::KeysUnavailable => "the issuer's keys could not be loaded",
            Self::BadSignature => "signature invalid",
            Self::AudienceMismatch => "audience (aud) is not this service",
            Self::Expired => "token expired",
            Self::IssuedInFuture => "token issued in the future (iat)",
            Self::NotYetValid => "token not valid yet (nbf)",
            Self::LifetimeTooLong => "token lifetime too long (exp more than 1 hour ahead)",
            Self::MissingClaim("iss") => "claim iss missing or not a string",
            Self::MissingClaim("aud") => "claim aud missing",
            Self::MissingClaim("exp") => "claim exp missing or not a number",
            Self::MissingClaim("iat") => "claim iat missing or not a number",
            Self::MissingClaim("jti") => "claim jti missing, empty or too long",
            Self::MissingClaim(_) => "a required claim is missing",
            Self::Replayed => "token already used (jti replayed)",
            Self::ReplayCacheFull => {
                "too many recent tokens to check this one for replay; retry shortly"
            }
            Self::NotConfigured => "this deployment trusts no CDS client yet",
        }
    }

    /// The error: 401 `unauthorized` naming the reason (503 when the replay cache is full).
    pub(crate) fn error(self) -> ApiError {
        let status = if self == Self::ReplayCacheFull {
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            StatusCode::UNAUTHORIZED
        };
        ApiError::Other {
            status,
            detail: format!("the CDS Hooks JWT was refused: {}", self.reason()),
        }
    }

    /// The answer to a refused call to `path`: a problem with the reason, and the RFC 6750
    /// challenge (`error="invalid_token"` unless no token was sent).
    pub(crate) fn to_response(self, path: &str) -> actix_web::HttpResponse {
        let error = self.error();
        let status = error.status_code();
        let mut response = error.to_response(path);
        let challenge = if self == Self::Missing {
            r#"Bearer realm="cds-services""#.to_owned()
        } else {
            format!(
                r#"Bearer realm="cds-services", error="invalid_token", error_description="{}""#,
                self.reason()
            )
        };
        if status == StatusCode::UNAUTHORIZED
            && let Ok(value) = HeaderValue::from_str(&challenge)
        {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, value);
        }
        if self == Self::ReplayCacheFull {
            // The token may be fine: the client may try again in a moment.
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }

    /// The reason for an error `jsonwebtoken` reports while verifying.
    pub(super) fn from_jwt(kind: &ErrorKind) -> Self {
        match kind {
            ErrorKind::InvalidSignature => Self::BadSignature,
            ErrorKind::ExpiredSignature => Self::Expired,
            ErrorKind::ImmatureSignature => Self::NotYetValid,
            ErrorKind::InvalidIssuer => Self::IssuerNotAllowed,
            ErrorKind::InvalidAudience => Self::AudienceMismatch,
            ErrorKind::MissingRequiredClaim(c) => Self::MissingClaim(match c.as_str() {
                "iss" => "iss",
                "aud" => "aud",
                "exp" => "exp",
                _ => "claim",
            }),
            ErrorKind::InvalidAlgorithm => Self::KeyMismatch,
            ErrorKind::InvalidEcdsaKey
            | ErrorKind::InvalidRsaKey(_)
            | ErrorKind::InvalidKeyFormat => Self::KeyMismatch,
            _ => Self::Malformed,
        }
    }
}
