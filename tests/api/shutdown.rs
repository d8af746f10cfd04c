//! Graceful shutdown of the real binary: under load, SIGTERM lets every request that was
//! already under way finish with 200, and the process exits 0.

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, BufReader};

#[tokio::test]
async fn sigterm_under_load_finishes_in_flight_requests_and_exits_zero() {
    // Arrange: the binary on a free port; the port is read from its first log lines.
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_cramp-advisor"))
        .env("APP_PORT", "0")
        .env("APP_LOG_FORMAT", "json")
        .env("APP_RATE_LIMIT_PER_MINUTE", "0")
        .env("APP_SHUTDOWN_TIMEOUT_SECONDS", "10")
        .env("APP_SHUTDOWN_DRAIN_SECONDS", "1")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = loop {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("the server logs its port");
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line)
            && let Some(port) = v["port"].as_u64()
        {
            break port;
        }
    };
    let logs = tokio::spawn(async move {
        let mut all = String::new();
        while let Ok(Some(line)) = lines.next_line().await {
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let url = format!("http://127.0.0.1:{port}/v1/assessments");
    let profile = include_str!("../fixtures/profiles/older_adult_on_thiazide.json");
    let stop = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));

    // Act: 8 clients in a loop, then SIGTERM in the middle of the load.
    let mut clients = Vec::new();
    for _ in 0..8 {
        let (url, stop, answered) = (url.clone(), stop.clone(), answered.clone());
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut outcomes = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let sent = Instant::now();
                let result = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(profile)
                    .send()
                    .await;
                let status = result.map(|r| r.status().as_u16()).ok();
                if status == Some(200) {
                    answered.fetch_add(1, Ordering::Relaxed);
                }
                outcomes.push((sent, status));
            }
            outcomes
        }));
    }
    // Signal once the load is real (however slow a shared CI machine is).
    let warm_up = Instant::now();
    while (answered.load(Ordering::Relaxed) < 200 || warm_up.elapsed() < Duration::from_millis(600))
        && warm_up.elapsed() < Duration::from_secs(30)
    {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let answered_before = answered.load(Ordering::Relaxed);
    let signalled = Instant::now();
    let pid = child.id().unwrap().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let status = tokio::time::timeout(Duration::from_secs(15), child.wait())
        .await
        .expect("exits in time")
        .unwrap();

    // Assert: every request sent before the signal was answered 200, up to the last moment:
    // the server keeps listening through the drain period, so none sits unread in a socket
    // queue when the listener closes.
    let mut before = 0;
    for client in clients {
        for (sent, outcome) in client.await.unwrap() {
            if sent < signalled {
                before += 1;
                assert_eq!(outcome, Some(200), "a request sent before SIGTERM failed");
            }
        }
    }
    assert!(
        answered_before >= 200,
        "the load was real: {answered_before} answers before the signal"
    );
    assert!(before > 0, "some requests were checked");
    assert_eq!(status.code(), Some(0), "exit status {status:?}");
    assert!(logs.await.unwrap().contains("shutdown signal received"));
}
