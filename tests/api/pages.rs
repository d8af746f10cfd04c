//! The reference pages (`/pages`): a page for every entry of every kind in every language, its
//! language (`?lang=` over `Accept-Language`), its strict CSP, its ETag, and the problems for
//! what is not there.

use cramp_advisor::domain::{Lang, PageKind};
use cramp_advisor::knowledge::{KnowledgeBase, ProblemCode, page_words};
use reqwest::header::{
    ACCEPT, ACCEPT_LANGUAGE, CONTENT_LANGUAGE, CONTENT_TYPE, ETAG, IF_NONE_MATCH,
};

use crate::helpers::{TestApp, assert_problem, spawn_app};

/// Every id of `kind`.
fn ids(kb: &KnowledgeBase, kind: PageKind) -> Vec<String> {
    match kind {
        PageKind::Causes => kb.causes.iter().map(|c| c.id.clone()).collect(),
        PageKind::Remedies => kb.remedies.iter().map(|r| r.id.clone()).collect(),
        PageKind::RedFlags => kb.red_flags.iter().map(|f| f.id.clone()).collect(),
        PageKind::Differentials => kb.differentials.iter().map(|d| d.id.clone()).collect(),
        PageKind::MedicationClasses => kb.medication_classes.iter().map(|m| m.id.clone()).collect(),
        PageKind::Sources => kb.sources.iter().map(|s| s.id.clone()).collect(),
        PageKind::Problems => ProblemCode::ALL
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
    }
}

/// Fetches `path` and checks what every page must be; returns the HTML.
async fn page(app: &TestApp, path: &str, lang: Lang) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let headers = response.headers().clone();
    assert_eq!(headers[CONTENT_TYPE], "text/html; charset=utf-8", "{path}");
    assert_eq!(headers[CONTENT_LANGUAGE], lang.as_str(), "{path}");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.starts_with("default-src 'none'; style-src 'sha256-"),
        "{path}: {csp}"
    );
    assert!(!csp.contains("unsafe"), "{path}: {csp}");
    assert!(headers.contains_key(ETAG), "{path}");
    let html = response.text().await.unwrap();
    assert!(
        html.starts_with(&format!("<!DOCTYPE html><html lang=\"{}\">", lang.as_str())),
        "{path}"
    );
    assert_eq!(html.matches("<main").count(), 1, "{path}: one main");
    assert_eq!(html.matches("<h1").count(), 1, "{path}: one h1");
    assert!(html.contains("<a class=\"skip\" href=\"#main\">"), "{path}");
    for outside in ["<script", "<link", "<img", "src=", "@import", "url("] {
        assert!(!html.contains(outside), "{path}: {outside}");
    }
    html
}

#[tokio::test]
async fn every_entry_of_every_kind_has_a_page_in_every_language() {
    let app = spawn_app().await;
    let kb = KnowledgeBase::embedded().unwrap();
    let mut pages = 0;
    for lang in Lang::ALL {
        let tag = lang.as_str();
        page(&app, &format!("/pages?lang={tag}"), lang).await;
        for kind in PageKind::ALL {
            let list = page(&app, &format!("/pages/{}?lang={tag}", kind.as_str()), lang).await;
            for id in ids(&kb, *kind) {
                let path = format!("/pages/{}/{id}", kind.as_str());
                assert!(
                    list.contains(&format!("href=\"{path}?lang={tag}\"")),
                    "{path} listed"
                );
                let html = page(&app, &format!("{path}?lang={tag}"), lang).await;
                // Every clinical entry shows its sources; every graded one its grade.
                if !matches!(kind, PageKind::Problems | PageKind::Sources) {
                    let heading = format!("<h2>{}</h2>", page_words(lang).labels.sources);
                    assert!(html.contains(&heading), "{path} {tag}: no sources");
                }
                if !matches!(
                    kind,
                    PageKind::Problems | PageKind::Sources | PageKind::Differentials
                ) {
                    assert!(html.contains("class=\"grade "), "{path} {tag}: no grade");
                }
                pages += 1;
            }
        }
    }
    assert!(pages > 600, "{pages} pages");
}

#[tokio::test]
async fn entry_pages_show_the_grade_and_the_sources() {
    let app = spawn_app().await;
    let html = page(&app, "/pages/remedies/quinine", Lang::En).await;
    assert!(
        html.contains("grade evidence-not_recommended\">Not recommended<"),
        "{html}"
    );
    assert!(html.contains("href=\"/pages/sources/cochrane_quinine_2015?lang=en\""));
    assert!(html.contains(">https://doi.org/10.1002/14651858.CD005044.pub3</a>"));
    // A remedy that is not recommended is never framed as instructions.
    assert!(html.contains("<h2>Our advice</h2>") && !html.contains("How to do it"));
    let html = page(
        &app,
        "/pages/medication-classes/thiazide_diuretic",
        Lang::En,
    )
    .await;
    assert!(
        html.contains("Ask your prescriber"),
        "the review advice leads: {html}"
    );
    let html = page(&app, "/pages/causes/medication", Lang::En).await;
    assert!(html.contains("class=\"grade association-"), "{html}");
    let html = page(&app, "/pages/red-flags/possible_dvt", Lang::En).await;
    assert!(html.contains("class=\"grade urgency-"), "{html}");
    let html = page(&app, "/pages/sources/cochrane_quinine_2015", Lang::En).await;
    assert!(
        html.contains("href=\"/pages/remedies/quinine?lang=en\""),
        "cited by: {html}"
    );
}

#[tokio::test]
async fn the_language_comes_from_the_query_then_accept_language() {
    let app = spawn_app().await;
    let get = |path: &'static str, accept: &'static str| {
        app.client
            .get(format!("{}{path}", app.address))
            .header(ACCEPT_LANGUAGE, accept)
            .send()
    };
    let de = get("/pages/causes", "de-AT, en;q=0.5").await.unwrap();
    assert_eq!(de.headers()[CONTENT_LANGUAGE], "de");
    let fr = get("/pages/causes?lang=fr", "de").await.unwrap();
    assert_eq!(fr.headers()[CONTENT_LANGUAGE], "fr");
    assert!(fr.text().await.unwrap().contains("<html lang=\"fr\">"));
    // An English source title inside a Spanish page says it is English.
    let es = page(&app, "/pages/remedies/quinine?lang=es", Lang::Es).await;
    assert!(
        es.contains("lang=\"en\">Quinine for muscle cramps</a>"),
        "{es}"
    );
    // A Spanish source title on a Spanish page needs no mark, on an English one it has it.
    let own = page(&app, "/pages/sources/aemps_cima?lang=es", Lang::Es).await;
    assert!(own.contains("<h1>CIMA"), "{own}");
    let other = page(&app, "/pages/sources/aemps_cima?lang=en", Lang::En).await;
    assert!(other.contains("<h1 lang=\"es\">CIMA"), "{other}");
}

#[tokio::test]
async fn what_is_not_there_is_a_problem() {
    let app = spawn_app().await;
    let body = assert_problem(app.get("/pages/causes/gout").await, 404, "not_found").await;
    assert_eq!(body["instance"], "/pages/causes/gout");
    assert_problem(app.get("/pages/teapots").await, 404, "route_not_found").await;
    assert_problem(app.get("/pages/teapots/x").await, 404, "route_not_found").await;
    let body = assert_problem(app.get("/pages?lang=xx").await, 400, "invalid_parameter").await;
    assert_eq!(body["errors"][0]["pointer"], "lang");
    let body = assert_problem(
        app.get("/pages/causes?debug=1").await,
        400,
        "invalid_parameter",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "unknown_field");
    let json_only = app
        .client
        .get(format!("{}/pages", app.address))
        .header(ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    assert_problem(json_only, 406, "not_acceptable").await;
    let post = app.post_json("/pages", &serde_json::json!({})).await;
    assert_problem(post, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn a_page_is_revalidated_with_its_etag() {
    let app = spawn_app().await;
    let first = app.get("/pages/remedies/bedtime_stretching?lang=de").await;
    let etag = first.headers()[ETAG].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(format!(
            "{}/pages/remedies/bedtime_stretching?lang=de",
            app.address
        ))
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()[ETAG], etag.as_str());
    let other = app.get("/pages/remedies/bedtime_stretching?lang=fr").await;
    assert_ne!(
        other.headers()[ETAG],
        etag.as_str(),
        "each language is its own page"
    );
}

#[tokio::test]
async fn problem_pages_share_the_frame_and_its_csp() {
    let app = spawn_app().await;
    let html = app
        .client
        .get(format!("{}/problems/not_found", app.address))
        .header(ACCEPT, "text/html")
        .header(ACCEPT_LANGUAGE, "fr")
        .send()
        .await
        .unwrap();
    let csp = html.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("style-src 'sha256-"), "{csp}");
    let html = html.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\">") && html.contains("<main id=\"main\""));
    page(&app, "/pages/problems/not_found?lang=fr", Lang::Fr).await;
}
