//! The contract checker integrators run: passes against the real server, fails (non-zero,
//! with a clear message) against a deployment whose answers are altered.

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use cramp_advisor::check::{CheckOptions, run};
use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_checker_passes_against_the_real_server() {
    let app = spawn_app().await;
    let mut out = Vec::new();
    let results = run(
        CheckOptions {
            base_url: app.address.clone(),
            api_key: None,
        },
        &mut out,
    )
    .await
    .unwrap();
    let report = String::from_utf8(out).unwrap();
    assert!(results.iter().all(|r| r.failures.is_empty()), "{report}");
    assert!(results.len() >= 15 + 5, "{report}");
}

/// A deployment that answers like the real one but drops `triage` from assessments.
async fn spawn_tampering_proxy(upstream: String) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(move || {
        let upstream = upstream.clone();
        App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
            let upstream = upstream.clone();
            async move {
                let client = reqwest::Client::new();
                let mut forward = client
                    .post(format!("{upstream}{}", req.path()))
                    .body(body.to_vec());
                if let Some(ct) = req.headers().get("content-type") {
                    forward = forward.header("content-type", ct.to_str().unwrap());
                }
                let response = forward.send().await.unwrap();
                let status = response.status().as_u16();
                let ct = response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .to_owned();
                let mut value: Value = response.json().await.unwrap();
                if status == 200 {
                    value.as_object_mut().unwrap().remove("triage");
                }
                HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
                    .content_type(ct)
                    .body(value.to_string())
            }
        }))
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn the_checker_fails_with_a_clear_message_against_an_altered_deployment() {
    // Arrange
    let app = spawn_app().await;
    let proxy = spawn_tampering_proxy(app.address.clone()).await;

    // Act: the real binary, as an integrator's CI would run it.
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_cramp-advisor"))
        .args(["check", "--base-url", &proxy])
        .output()
        .await
        .unwrap();

    // Assert
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("FAIL persona older_adult_on_thiazide"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\"triage\""),
        "names the missing field: {stdout}"
    );
    assert!(
        stdout.contains("PASS bad input: malformed JSON"),
        "{stdout}"
    );
}
