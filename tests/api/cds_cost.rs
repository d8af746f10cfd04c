//! Issue 13 point 4: what one CDS call may cost is bounded. Bundles hold at most 500 entries,
//! at most 50 medicines are taken from a record (as in a /v1 profile), the answer stays small,
//! and 4 concurrent worst-case calls keep the spawned binary's peak RSS (VmHWM) inside the dev
//! overlay's memory limit.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{assert_problem, spawn_app};

const PATIENT_VIEW: &str = "/cds-services/nocturnal-leg-cramps";
const BODY_LIMIT: usize = 1024 * 1024;

fn condition(i: usize, pad: &str) -> Value {
    let code = ["G47.62", "N18.31", "E11.9", "I50.9", "R22.41", "K74.60"][i % 6];
    json!({"resource": {"resourceType": "Condition", "id": format!("c{i}"),
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
        "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": code, "display": format!("condition {i}")}],
                 "text": pad}}})
}

fn medication(i: usize, pad: &str) -> Value {
    let known = [
        "hydrochlorothiazide",
        "atorvastatin",
        "raloxifene",
        "furosemide",
        "salbutamol",
    ];
    let name = if i < known.len() {
        known[i].to_owned()
    } else {
        // Recognised and distinct: each one a medicine the engine and the cards deal with.
        format!("{} {i} mg tablet {pad}", known[i % known.len()])
    };
    json!({"resource": {"resourceType": "MedicationRequest", "id": format!("m{i}"), "status": "active",
        "intent": "order", "medicationCodeableConcept": {"text": name}}})
}

/// The most expensive call the bounds allow: two bundles of 500 entries each, every medicine a
/// distinct name, padded to just under the body limit.
fn worst_case_call() -> Value {
    let mut pad_len = 1200;
    loop {
        let pad = "x".repeat(pad_len);
        let call = json!({
            "hook": "patient-view",
            "hookInstance": "0f3c5a3e-7d3f-4c55-9d0e-2b6f0f1a9d11",
            "context": {"userId": "Practitioner/example", "patientId": "p1"},
            "extension": {"example.cramp-advisor.request-date": "2026-03-01"},
            "prefetch": {
                "patient": {"resourceType": "Patient", "id": "p1", "birthDate": "1948-06-15"},
                "conditions": {"resourceType": "Bundle", "type": "searchset",
                    "entry": (0..500).map(|i| condition(i, &pad)).collect::<Vec<_>>()},
                "medications": {"resourceType": "Bundle", "type": "searchset",
                    "entry": (0..500).map(|i| medication(i, &pad)).collect::<Vec<_>>()},
                "medicationStatements": null,
                "pregnancy": null
            }
        });
        if serde_json::to_vec(&call).unwrap().len() > BODY_LIMIT - 16 * 1024 {
            pad_len -= 40;
            continue;
        }
        return call;
    }
}

#[tokio::test]
async fn a_bundle_over_500_entries_is_refused_with_its_pointer() {
    let app = spawn_app().await;
    let mut call = worst_case_call();
    let entries = call["prefetch"]["conditions"]["entry"]
        .as_array_mut()
        .unwrap();
    let first = entries[0].clone();
    entries.truncate(0);
    entries.extend(std::iter::repeat_n(first, 501));
    let response = app.post_json(PATIENT_VIEW, &call).await;
    let body = assert_problem(response, 422, "validation_failed").await;
    assert!(
        body.to_string().contains("/prefetch/conditions/entry")
            && body.to_string().contains("at most 500"),
        "{body}"
    );
}

#[tokio::test]
async fn a_worst_case_call_is_answered_briefly() {
    let app = spawn_app().await;
    let call = worst_case_call();
    let response = app.post_json(PATIENT_VIEW, &call).await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    eprintln!("worst-case CDS answer: {} bytes", bytes.len());
    assert!(
        bytes.len() < 256 * 1024,
        "the answer is {} bytes",
        bytes.len()
    );
    // The 50-medicine cap itself is unit-tested in src/cds/mapping/tests.rs.
}

/// The dev overlay's container memory limit, in bytes.
fn dev_memory_limit() -> u64 {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/k8s/overlays/dev/deployment-resources.yaml"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let limits = text.split("limits:").nth(1).expect("a limits block");
    let value = limits
        .lines()
        .find_map(|l| l.trim().strip_prefix("memory:"))
        .expect("a memory limit")
        .trim()
        .trim_matches('"');
    let (number, unit) = value.split_at(value.find(|c: char| !c.is_ascii_digit()).unwrap());
    let factor = match unit {
        "Mi" => 1024 * 1024,
        "Gi" => 1024 * 1024 * 1024,
        other => panic!("unit {other}"),
    };
    number.parse::<u64>().unwrap() * factor
}

/// `VmHWM` (peak resident set) of `pid`, in bytes.
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .unwrap()
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap();
    kib * 1024
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn four_concurrent_worst_case_calls_stay_inside_the_dev_memory_limit() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("no /proc: peak RSS cannot be read here");
        return;
    }
    // One worker, as in the dev overlay (CPU limit 500m: one available core).
    let mut child = Command::new(env!("CARGO_BIN_EXE_cramp-advisor"))
        .env_clear()
        .env("APP_PORT", "0")
        .env("APP_CDS_JWT", "off")
        .env("APP_WORKERS", "1")
        .env("APP_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .env("APP_RATE_LIMIT_PER_MINUTE", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let port = loop {
        let line = lines.next().expect("the server logs its port").unwrap();
        if let Ok(v) = serde_json::from_str::<Value>(&line)
            && let Some(port) = v["port"].as_u64().or(v["fields"]["port"].as_u64())
        {
            break port;
        }
    };
    // Drain the log so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let url = format!("http://127.0.0.1:{port}{PATIENT_VIEW}");
    let body = serde_json::to_vec(&worst_case_call()).unwrap();
    let client = reqwest::Client::new();
    let idle = peak_rss(server.0.id());
    for _round in 0..3 {
        let calls = (0..4).map(|_| {
            client
                .post(&url)
                .header("content-type", "application/json")
                .body(body.clone())
                .timeout(Duration::from_secs(60))
                .send()
        });
        for response in futures_util_join_all(calls).await {
            assert_eq!(response.unwrap().status(), 200);
        }
    }
    let peak = peak_rss(server.0.id());
    let limit = dev_memory_limit();
    eprintln!(
        "4 concurrent worst-case CDS calls ({} bytes each): peak RSS {:.1} MiB (idle {:.1} MiB), dev limit {} MiB",
        body.len(),
        peak as f64 / 1048576.0,
        idle as f64 / 1048576.0,
        limit / 1048576
    );
    assert!(
        peak < limit,
        "peak RSS {peak} is above the dev limit {limit}"
    );
}

/// Awaits every future (tokio only; no futures crate needed).
async fn futures_util_join_all<F: std::future::Future + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}
