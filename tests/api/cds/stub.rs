//! A stub FHIR server for the fetch tests: it serves a fixture's prefetch as a FHIR server
//! would, records every request it sees, and refuses a wrong bearer token.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use cramp_advisor::config::Settings;
use serde_json::{Value, json};

use super::fixture;
use crate::helpers::{TestApp, spawn_app_with, test_settings};

/// Every request the stub saw: its URI and `Authorization` header.
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// A running stub.
pub struct Stub {
    /// `http://127.0.0.1:PORT`, the origin to allow.
    pub origin: String,
    /// Its FHIR base URL (`{origin}/fhir`).
    pub base: String,
    /// Every request it saw.
    pub seen: Seen,
}

impl Stub {
    /// The paths (without the query) of every request it saw, sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .seen
            .lock()
            .unwrap()
            .iter()
            .map(|(uri, _)| uri.split('?').next().unwrap().to_owned())
            .collect();
        paths.sort();
        paths
    }
}

/// The app, allowed to fetch from `stub` (and only from it).
pub async fn spawn_app_allowing(stub: &Stub) -> TestApp {
    spawn_app_with(Settings {
        fhir_allowed_origins: vec![stub.origin.clone()],
        ..test_settings()
    })
    .await
}

struct StubData {
    token: &'static str,
    prefetch: Value,
    seen: Seen,
}

/// Serves the fixture's prefetch as a FHIR server would: `Patient/{id}` reads and type-level
/// searches by `patient`, only with `Authorization: Bearer {token}`.
async fn stub_fhir(req: HttpRequest, data: web::Data<StubData>) -> HttpResponse {
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    data.seen
        .lock()
        .unwrap()
        .push((req.uri().to_string(), auth.clone()));
    let fhir = |value: &Value| {
        HttpResponse::Ok()
            .content_type("application/fhir+json")
            .json(value)
    };
    if auth.as_deref() != Some(format!("Bearer {}", data.token).as_str()) {
        return HttpResponse::Unauthorized()
            .content_type("application/fhir+json")
            .json(json!({"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "login"}]}));
    }
    let patient = &data.prefetch["patient"];
    let path = req.path().trim_start_matches("/fhir/");
    if let Some(id) = path.strip_prefix("Patient/") {
        return if patient["id"] == id {
            fhir(patient)
        } else {
            HttpResponse::NotFound().finish()
        };
    }
    if !req
        .query_string()
        .contains(&format!("patient={}", patient["id"].as_str().unwrap()))
    {
        return HttpResponse::BadRequest().finish();
    }
    let key = match path {
        "Condition" => "conditions",
        "MedicationRequest" => "medications",
        "MedicationStatement" => "medicationStatements",
        "Observation" => "pregnancy",
        _ => return HttpResponse::NotFound().finish(),
    };
    match &data.prefetch[key] {
        Value::Null => fhir(&json!({"resourceType": "Bundle", "type": "searchset", "total": 0})),
        bundle => fhir(bundle),
    }
}

/// Starts a stub serving `prefetch` to requests with `Authorization: Bearer {token}`.
pub fn start_stub(token: &'static str, prefetch: Value) -> Stub {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let data = web::Data::new(StubData {
        token,
        prefetch,
        seen: seen.clone(),
    });
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .default_service(web::to(stub_fhir))
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    let origin = format!("http://127.0.0.1:{port}");
    Stub {
        base: format!("{origin}/fhir"),
        origin,
        seen,
    }
}

/// The fixture call with its prefetch taken away (except `keep`) and the stub as its FHIR server.
pub fn call_via(stub: &Stub, token: &str, keep: &[&str]) -> Value {
    let mut call = fixture("patient_view_older_ckd_thiazide");
    call["prefetch"]
        .as_object_mut()
        .unwrap()
        .retain(|k, _| keep.contains(&k.as_str()));
    call["fhirServer"] = json!(stub.base);
    call["fhirAuthorization"] = json!({"access_token": token, "token_type": "Bearer", "expires_in": 300,
        "scope": "patient/Patient.read patient/Condition.read patient/MedicationRequest.read", "subject": "cramp-advisor"});
    call
}
