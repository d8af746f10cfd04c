//! CDS Hooks 2.0 "Trusting CDS Clients" (issue 13, point 5): with JWT on, every
//! `/cds-services` call needs a JWT signed RS384 or ES384 by a trusted issuer's key, for this
//! service, fresh and used once. Each refusal is a 401 problem naming the reason, with an RFC
//! 6750 challenge and never the token.

use std::time::Duration;

use cramp_advisor::config::{JwksLocation, Settings};
use cramp_advisor::startup::Application;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::jwt_support::{
    BASE, TestKey, claims, header, jwks, jwks_file, jwt_settings, now, serve_jwks, token,
};
use super::{ORDER_SELECT, fixture};
use crate::helpers::{LOGS, TestApp, spawn_app_with};

const DISCOVERY: &str = "/cds-services";
/// The route the checks are made on (the quinine service: no FHIR data needed).
const SERVICE: &str = ORDER_SELECT;

/// The app trusting [`ISS`] with an RSA key `rsa` and a P-384 key `ec` in a JWKS file.
async fn app_with_keys(name: &str) -> (TestApp, TestKey, TestKey) {
    let (rsa, ec) = (TestKey::rsa(), TestKey::ec());
    let file = jwks_file(name, &jwks(&[rsa.jwk("rsa-1"), ec.jwk("ec-1")]));
    let settings = jwt_settings(JwksLocation::File(file), vec![], Duration::from_secs(300));
    (spawn_app_with(settings).await, rsa, ec)
}

/// `GET /cds-services` (or POST the quinine call to `path`) with `Authorization: Bearer token`.
async fn call(app: &TestApp, path: &str, token: Option<&str>) -> reqwest::Response {
    let url = format!("{}{path}", app.address);
    let mut request = if path == DISCOVERY {
        app.client.get(url)
    } else {
        app.client.post(url).json(&fixture("order_select_quinine"))
    };
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

/// Asserts a 401 problem whose detail contains `reason`, with the challenge, and without the
/// token anywhere in the answer.
async fn assert_refused(response: reqwest::Response, reason: &str, token: &str) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{reason}");
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/problem+json");
    let challenge = headers["www-authenticate"].to_str().unwrap().to_owned();
    assert!(challenge.starts_with("Bearer "), "{challenge}");
    let body = response.text().await.unwrap();
    let problem: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(problem["status"], 401);
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains(reason), "expected {reason:?} in {detail:?}");
    if !token.is_empty() {
        assert!(
            challenge.contains(r#"error="invalid_token""#),
            "{challenge}"
        );
        for part in token.split('.').filter(|p| p.len() > 8) {
            assert!(
                !body.contains(part) && !challenge.contains(part),
                "the answer quotes the token"
            );
        }
    }
}

#[tokio::test]
async fn rs384_and_es384_tokens_from_a_trusted_issuer_are_accepted() {
    let (app, rsa, ec) = app_with_keys("accepted").await;
    // aud is the service's own URL (CDS Hooks 2.0) or the discovery URL.
    let mut to_discovery = claims(SERVICE);
    to_discovery["aud"] = json!([format!("{BASE}/cds-services")]);
    for t in [
        token(&rsa, &header("RS384", "rsa-1"), &claims(SERVICE)),
        token(&ec, &header("ES384", "ec-1"), &claims(SERVICE)),
        token(&ec, &header("ES384", "ec-1"), &to_discovery),
    ] {
        let response = call(&app, SERVICE, Some(&t)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let cards = response.json::<Value>().await.unwrap();
        assert_eq!(cards["cards"].as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_call_without_a_token_is_refused_on_every_route_but_discovery() {
    let (app, _, _) = app_with_keys("missing").await;
    for path in [
        ORDER_SELECT,
        "/cds-services/nocturnal-leg-cramps",
        "/cds-services/nope",
    ] {
        assert_refused(call(&app, path, None).await, "no token", "").await;
    }
    let feedback = app
        .post_json(
            "/cds-services/quinine-for-cramps/feedback",
            &json!({"feedback": []}),
        )
        .await;
    assert_refused(feedback, "no token", "").await;
    let basic = app
        .client
        .post(format!("{}{SERVICE}", app.address))
        .header("authorization", "Basic dXNlcjpwYXNz")
        .json(&fixture("order_select_quinine"))
        .send()
        .await
        .unwrap();
    assert_refused(basic, "no token", "").await;
    // The discovery document is open, however the path is spelled; nothing else is.
    assert_eq!(call(&app, DISCOVERY, None).await.status(), StatusCode::OK);
    assert_eq!(app.get("/%63ds-services").await.status(), StatusCode::OK);
    assert_refused(app.get("/cds-services/").await, "no token", "").await;
    let post = app.post_json(DISCOVERY, &json!({})).await;
    assert_refused(post, "no token", "").await;
}

#[tokio::test]
async fn algorithms_other_than_rs384_and_es384_are_refused() {
    let (app, rsa, _) = app_with_keys("algorithms").await;
    for alg in ["none", "HS256", "RS256", "ES384"] {
        let t = token(&rsa, &header(alg, "rsa-1"), &claims(SERVICE));
        let reason = if alg == "ES384" {
            // An allowed algorithm with a key of the wrong type is refused by the key check.
            "not for the token's algorithm"
        } else {
            "signature algorithm not allowed"
        };
        assert_refused(call(&app, SERVICE, Some(&t)).await, reason, &t).await;
    }
    let mut no_alg = header("RS384", "rsa-1");
    no_alg.as_object_mut().unwrap().remove("alg");
    let t = token(&rsa, &no_alg, &claims(SERVICE));
    assert_refused(
        call(&app, SERVICE, Some(&t)).await,
        "signature algorithm not allowed",
        &t,
    )
    .await;
    assert_refused(
        call(&app, SERVICE, Some("not.a-jwt")).await,
        "not a well-formed JWT",
        "",
    )
    .await;
}

#[tokio::test]
async fn issuer_audience_key_and_claims_are_checked() {
    let (app, rsa, _) = app_with_keys("claims").await;
    let sign = |claims: &Value, kid: &str| token(&rsa, &header("RS384", kid), claims);
    let with = |key: &str, value: Value| {
        let mut c = claims(SERVICE);
        c[key] = value;
        c
    };
    let without = |key: &str| {
        let mut c = claims(SERVICE);
        c.as_object_mut().unwrap().remove(key);
        c
    };
    let cases = [
        (
            sign(&with("iss", json!("https://evil.example")), "rsa-1"),
            "issuer not allowed",
        ),
        (
            sign(
                &with("aud", json!("https://other.example/cds-services")),
                "rsa-1",
            ),
            "audience",
        ),
        (
            sign(
                &with(
                    "aud",
                    json!(format!("{BASE}/cds-services/nocturnal-leg-cramps")),
                ),
                "rsa-1",
            ),
            "audience",
        ),
        (
            sign(&with("exp", json!(now() - 120)), "rsa-1"),
            "token expired",
        ),
        (
            sign(&with("iat", json!(now() + 600)), "rsa-1"),
            "issued in the future",
        ),
        (
            sign(&with("exp", json!(now() + 7200)), "rsa-1"),
            "lifetime too long",
        ),
        (sign(&without("jti"), "rsa-1"), "claim jti"),
        (sign(&with("jti", json!("")), "rsa-1"), "claim jti"),
        (sign(&without("iat"), "rsa-1"), "claim iat"),
        (sign(&without("aud"), "rsa-1"), "claim aud"),
        (sign(&without("exp"), "rsa-1"), "claim exp"),
        (sign(&claims(SERVICE), "rsa-unknown"), "kid"),
        (
            token(&TestKey::rsa(), &header("RS384", "rsa-1"), &claims(SERVICE)),
            "signature invalid",
        ),
    ];
    for (t, reason) in &cases {
        assert_refused(call(&app, SERVICE, Some(t)).await, reason, t).await;
    }
    let mut no_kid = header("RS384", "rsa-1");
    no_kid.as_object_mut().unwrap().remove("kid");
    let t = token(&rsa, &no_kid, &claims(SERVICE));
    assert_refused(call(&app, SERVICE, Some(&t)).await, "no kid", &t).await;
    // Within the 60 s leeway, an expired token still passes.
    let t = sign(&with("exp", json!(now() - 30)), "rsa-1");
    assert_eq!(call(&app, SERVICE, Some(&t)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_token_is_accepted_once() {
    let (app, _, ec) = app_with_keys("replay").await;
    let t = token(&ec, &header("ES384", "ec-1"), &claims(SERVICE));
    assert_eq!(call(&app, SERVICE, Some(&t)).await.status(), StatusCode::OK);
    assert_refused(call(&app, SERVICE, Some(&t)).await, "jti replayed", &t).await;
    // The refusal is logged with its reason; the token never is.
    let logs = LOGS.contents();
    assert!(logs.contains("token already used (jti replayed)"));
    let signature = t.rsplit('.').next().unwrap();
    assert!(!logs.contains(signature), "a token reached the logs");
}

#[tokio::test]
async fn keys_from_an_allowed_jwks_url_are_fetched_and_cached() {
    let rsa = TestKey::rsa();
    let server = serve_jwks(jwks(&[rsa.jwk("rsa-1")]));
    let url = JwksLocation::Url(format!("{}/jwks.json", server.origin));
    let settings = jwt_settings(url, vec![server.origin.clone()], Duration::from_secs(1));
    let app = spawn_app_with(settings).await;
    let fetches = || server.fetches.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(fetches(), 0, "nothing is fetched at start-up");
    for _ in 0..3 {
        let t = token(&rsa, &header("RS384", "rsa-1"), &claims(SERVICE));
        assert_eq!(call(&app, SERVICE, Some(&t)).await.status(), StatusCode::OK);
    }
    assert_eq!(fetches(), 1, "the set is cached");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let t = token(&rsa, &header("RS384", "rsa-1"), &claims(SERVICE));
    assert_eq!(call(&app, SERVICE, Some(&t)).await.status(), StatusCode::OK);
    assert_eq!(fetches(), 2, "reloaded once the cache time has passed");
}

#[tokio::test]
async fn a_token_not_valid_yet_or_issued_long_ago_for_long_is_refused() {
    let (app, rsa, _) = app_with_keys("nbf-lifetime").await;
    let mut early = claims(SERVICE);
    early["nbf"] = json!(now() + 600);
    let t = token(&rsa, &header("RS384", "rsa-1"), &early);
    assert_refused(
        call(&app, SERVICE, Some(&t)).await,
        "not valid yet (nbf)",
        &t,
    )
    .await;
    let mut long = claims(SERVICE);
    long["iat"] = json!(now() - 7200);
    long["exp"] = json!(now() + 1800);
    let t = token(&rsa, &header("RS384", "rsa-1"), &long);
    assert_refused(call(&app, SERVICE, Some(&t)).await, "lifetime too long", &t).await;
}

#[tokio::test]
async fn an_issuer_whose_keys_cannot_be_loaded_is_asked_once_not_on_every_call() {
    let rsa = TestKey::rsa();
    let server = serve_jwks(json!({"keys": "not a list"}));
    let url = JwksLocation::Url(format!("{}/jwks.json", server.origin));
    let settings = jwt_settings(url, vec![server.origin.clone()], Duration::from_secs(300));
    let app = spawn_app_with(settings).await;
    for _ in 0..5 {
        let t = token(&rsa, &header("RS384", "rsa-1"), &claims(SERVICE));
        assert_refused(
            call(&app, SERVICE, Some(&t)).await,
            "keys could not be loaded",
            &t,
        )
        .await;
    }
    let fetches = server.fetches.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        fetches, 1,
        "tokens cannot make the service hammer the issuer"
    );
}

/// The start-up error for `settings`.
fn startup_error(settings: &Settings) -> String {
    match Application::build(settings) {
        Ok(_) => panic!("the application started"),
        Err(e) => format!("{e:#}"),
    }
}

#[tokio::test]
async fn start_up_fails_on_an_unsafe_jwt_setup() {
    let origin = "http://127.0.0.1:9".to_owned();
    let url = JwksLocation::Url("http://127.0.0.1:9/jwks.json".to_owned());
    let ttl = Duration::from_secs(60);
    // A JWKS URL whose origin is not allowed.
    let err = startup_error(&jwt_settings(url.clone(), vec![], ttl));
    assert!(err.contains("APP_CDS_JWKS_ALLOWED_ORIGINS"), "{err}");
    // A JWKS file that is not there.
    let missing = JwksLocation::File("/nonexistent/jwks.json".into());
    assert!(startup_error(&jwt_settings(missing, vec![], ttl)).contains("/nonexistent/jwks.json"));
    // An issuer named twice.
    let file = JwksLocation::File(jwks_file("twice", &jwks(&[TestKey::ec().jwk("ec-1")])));
    let mut settings = jwt_settings(file, vec![origin], ttl);
    let first = settings.cds_jwt.issuers[0].clone();
    settings.cds_jwt.issuers.push(first);
    assert!(startup_error(&settings).contains("twice"));
}

#[tokio::test]
async fn with_jwt_on_and_no_trusted_client_or_public_url_every_call_is_refused_but_the_rest_serves()
{
    let ttl = Duration::from_secs(60);
    let file = JwksLocation::File(jwks_file("locked", &jwks(&[TestKey::ec().jwk("ec-1")])));
    let mut no_issuer = jwt_settings(file.clone(), vec![], ttl);
    no_issuer.cds_jwt.issuers.clear();
    let mut no_base_url = jwt_settings(file, vec![], ttl);
    no_base_url.public_base_url = None;
    // On by default: the defaults alone start, with CDS locked.
    let mut defaults = crate::helpers::test_settings();
    defaults.cds_jwt = Settings::default().cds_jwt;
    assert!(
        defaults.cds_jwt.enabled,
        "JWT verification is on by default"
    );
    for (case, settings) in [
        ("no issuer", no_issuer),
        ("no base URL", no_base_url),
        ("defaults", defaults),
    ] {
        let app = spawn_app_with(settings).await;
        let key = TestKey::ec();
        let signed = token(&key, &header("ES384", "ec-1"), &claims(SERVICE));
        for sent in [None, Some(signed.as_str())] {
            let response = call(&app, SERVICE, sent).await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{case}");
            let problem: Value = response.json().await.unwrap();
            let detail = problem["detail"].as_str().unwrap();
            assert!(detail.contains("trusts no CDS client"), "{case}: {detail}");
        }
        assert_eq!(
            call(&app, DISCOVERY, None).await.status(),
            StatusCode::OK,
            "{case}"
        );
        let health = app
            .client
            .get(format!("{}/healthz", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), StatusCode::OK, "{case}");
    }
}
