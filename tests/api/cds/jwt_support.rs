//! What the CDS Hooks JWT tests need: keys generated in the test (RSA 2048 and P-384, with
//! aws-lc-rs), tokens built and signed by hand (so the tests do not share the server's JWT
//! code), JWK Sets as files or served by a local HTTP server, and the app with JWT on.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::{App, HttpResponse, HttpServer, web};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeySize, PublicKeyComponents};
use aws_lc_rs::signature::{
    ECDSA_P384_SHA384_FIXED_SIGNING, EcdsaKeyPair, KeyPair, RSA_PKCS1_SHA256, RSA_PKCS1_SHA384,
    RsaKeyPair,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cramp_advisor::config::{CdsJwtSettings, JwksLocation, Settings, TrustedIssuer};
use serde_json::{Value, json};

use crate::helpers::test_settings;

/// The issuer the test app trusts.
pub const ISS: &str = "https://ehr.example.org";
/// The test app's `APP_PUBLIC_BASE_URL`.
pub const BASE: &str = "https://cramp.example";

/// A signing key of the test EHR.
pub enum TestKey {
    /// RSA 2048, signs RS384 (and RS256, to test that it is refused).
    Rsa(RsaKeyPair),
    /// P-384, signs ES384.
    Ec(EcdsaKeyPair),
}

impl TestKey {
    /// A new RSA key.
    pub fn rsa() -> Self {
        Self::Rsa(RsaKeyPair::generate(KeySize::Rsa2048).unwrap())
    }

    /// A new P-384 key.
    pub fn ec() -> Self {
        Self::Ec(EcdsaKeyPair::generate(&ECDSA_P384_SHA384_FIXED_SIGNING).unwrap())
    }

    /// The public key as a JWK with this `kid`.
    pub fn jwk(&self, kid: &str) -> Value {
        match self {
            Self::Rsa(k) => {
                let c = PublicKeyComponents::<Vec<u8>>::from(k.public_key());
                json!({"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS384",
                       "n": b64(&c.n), "e": b64(&c.e)})
            }
            Self::Ec(k) => {
                // Uncompressed point: 0x04 || x || y, 48 bytes each.
                let point = k.public_key().as_ref();
                json!({"kty": "EC", "kid": kid, "crv": "P-384",
                       "x": b64(&point[1..49]), "y": b64(&point[49..97])})
            }
        }
    }

    /// The JWS signature of `input` with `alg` (RS384, RS256 or ES384).
    fn sign(&self, alg: &str, input: &[u8]) -> Vec<u8> {
        let rng = SystemRandom::new();
        match self {
            Self::Rsa(k) => {
                let padding = if alg == "RS256" {
                    &RSA_PKCS1_SHA256
                } else {
                    &RSA_PKCS1_SHA384
                };
                let mut signature = vec![0; k.public_modulus_len()];
                k.sign(padding, &rng, input, &mut signature).unwrap();
                signature
            }
            Self::Ec(k) => k.sign(&rng, input).unwrap().as_ref().to_vec(),
        }
    }
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Unix seconds now.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .try_into()
        .unwrap()
}

/// Claims that pass, for a call to `path`: `aud` is that endpoint's URL, valid 5 minutes.
pub fn claims(path: &str) -> Value {
    json!({
        "iss": ISS,
        "sub": "cds-client",
        "aud": format!("{BASE}{path}"),
        "iat": now(),
        "exp": now() + 300,
        "jti": uuid::Uuid::new_v4().to_string(),
    })
}

/// A compact JWS with this header and claims, signed by `key` with the header's `alg`
/// (`none` and `HS256` are built without `key`: empty, or an HMAC with a guessable secret).
pub fn token(key: &TestKey, header: &Value, claims: &Value) -> String {
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let signature = match header["alg"].as_str() {
        Some("none") => Vec::new(),
        Some("HS256") => {
            let secret = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, b"public");
            aws_lc_rs::hmac::sign(&secret, input.as_bytes())
                .as_ref()
                .to_vec()
        }
        Some(alg) => key.sign(alg, input.as_bytes()),
        None => Vec::new(),
    };
    format!("{input}.{}", b64(&signature))
}

/// `{"alg": alg, "kid": kid, "typ": "JWT"}`.
pub fn header(alg: &str, kid: &str) -> Value {
    json!({"alg": alg, "kid": kid, "typ": "JWT"})
}

/// A JWK Set of `keys`.
pub fn jwks(keys: &[Value]) -> Value {
    json!({ "keys": keys })
}

/// Writes `set` to a fresh temporary file named after `name`.
pub fn jwks_file(name: &str, set: &Value) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cramp-jwt-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("jwks.json");
    std::fs::write(&path, set.to_string()).unwrap();
    path
}

/// Test settings with JWT on, trusting [`ISS`] with keys at `jwks`.
pub fn jwt_settings(jwks: JwksLocation, allowed_origins: Vec<String>, ttl: Duration) -> Settings {
    Settings {
        public_base_url: Some(BASE.to_owned()),
        cds_jwt: CdsJwtSettings {
            enabled: true,
            issuers: vec![TrustedIssuer {
                issuer: ISS.to_owned(),
                jwks,
            }],
            jwks_allowed_origins: allowed_origins,
            jwks_cache_ttl: ttl,
        },
        ..test_settings()
    }
}

/// A local JWKS server; counts the requests it answers.
pub struct JwksServer {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    /// How many times the set was fetched.
    pub fetches: Arc<AtomicUsize>,
}

/// Serves `set` at `/jwks.json` on a free loopback port.
pub fn serve_jwks(set: Value) -> JwksServer {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = fetches.clone();
    let body = set.to_string();
    let server = HttpServer::new(move || {
        let counter = counter.clone();
        let body = body.clone();
        App::new().route(
            "/jwks.json",
            web::get().to(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                let body = body.clone();
                async move {
                    HttpResponse::Ok()
                        .content_type("application/jwk-set+json")
                        .body(body)
                }
            }),
        )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    JwksServer { origin, fetches }
}
