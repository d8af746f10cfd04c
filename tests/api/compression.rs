//! Response compression: only when the client asks (`Accept-Encoding`), the same answer once
//! decoded, caches told to key on it, and each compressed catalogue its own ETag.

use std::io::Read;

use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, ETAG, IF_NONE_MATCH, VARY};

use crate::helpers::{assert_problem, personas, spawn_app};

fn decode(coding: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match coding {
        "gzip" => flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("valid gzip"),
        "deflate" => flate2::read::ZlibDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("valid deflate"),
        other => panic!("unexpected coding {other}"),
    };
    out
}

fn varies_on_encoding(response: &reqwest::Response) -> bool {
    response.headers().get_all(VARY).iter().any(|v| {
        v.to_str()
            .unwrap()
            .to_ascii_lowercase()
            .contains("accept-encoding")
    })
}

/// Every persona's assessment, compressed each way, decodes to the very bytes of the plain one.
#[tokio::test]
async fn a_compressed_assessment_is_the_same_answer() {
    let app = spawn_app().await;
    let url = format!("{}/v1/assessments", app.address);
    for (name, profile) in personas() {
        let plain = app.client.post(&url).json(&profile).send().await.unwrap();
        assert!(plain.headers().get(CONTENT_ENCODING).is_none(), "{name}");
        assert!(varies_on_encoding(&plain), "{name}");
        let plain = plain.bytes().await.unwrap();
        for coding in ["gzip", "deflate"] {
            let response = app
                .client
                .post(&url)
                .header(ACCEPT_ENCODING, coding)
                .json(&profile)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{name} {coding}");
            assert_eq!(response.headers()[CONTENT_ENCODING], coding, "{name}");
            assert!(varies_on_encoding(&response), "{name} {coding}");
            let body = response.bytes().await.unwrap();
            assert!(
                body.len() * 2 < plain.len(),
                "{name} {coding}: {} bytes",
                body.len()
            );
            assert_eq!(decode(coding, &body), plain, "{name} {coding}");
        }
    }
}

/// Preference follows the q-values; `br` is not offered (see `http::compression`); no acceptable
/// coding is a 406 problem.
#[tokio::test]
async fn the_coding_follows_accept_encoding() {
    let app = spawn_app().await;
    let url = format!("{}/v1/red-flags", app.address);
    for (asked, expected) in [
        ("gzip, br", Some("gzip")),
        ("gzip;q=0.5, deflate", Some("deflate")),
        ("br", None),
        ("identity", None),
        ("*;q=0, identity", None),
        ("compress", None),
    ] {
        let response = app
            .client
            .get(&url)
            .header(ACCEPT_ENCODING, asked)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{asked}");
        assert_eq!(
            response
                .headers()
                .get(CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            expected,
            "{asked}"
        );
    }
    let refused = app
        .client
        .get(&url)
        .header(ACCEPT_ENCODING, "identity;q=0, *;q=0")
        .send()
        .await
        .unwrap();
    assert_problem(refused, 406, "not_acceptable").await;
}

/// A compressed catalogue is another representation: its own strong ETag, which revalidates
/// only that representation.
#[tokio::test]
async fn each_coding_of_a_catalogue_has_its_own_etag() {
    let app = spawn_app().await;
    let url = format!("{}/v1/remedies", app.address);
    let get = |coding: &'static str, tag: Option<String>| {
        let mut request = app.client.get(&url).header(ACCEPT_ENCODING, coding);
        if let Some(tag) = tag {
            request = request.header(IF_NONE_MATCH, tag);
        }
        request.send()
    };
    let plain = get("identity", None).await.unwrap();
    let plain_tag = plain.headers()[ETAG].to_str().unwrap().to_owned();
    let gz = get("gzip", None).await.unwrap();
    let gz_tag = gz.headers()[ETAG].to_str().unwrap().to_owned();
    assert_ne!(plain_tag, gz_tag);
    assert!(
        gz_tag.starts_with('"') && gz_tag.ends_with("-gzip\""),
        "{gz_tag}"
    );
    assert_eq!(
        get("gzip", Some(gz_tag.clone())).await.unwrap().status(),
        304
    );
    assert_eq!(
        get("identity", Some(plain_tag.clone()))
            .await
            .unwrap()
            .status(),
        304
    );
    assert_eq!(get("gzip", Some(plain_tag)).await.unwrap().status(), 200);
    assert_eq!(get("identity", Some(gz_tag)).await.unwrap().status(), 200);
}
