//! Every card's `source.url` and every link back to this server opens a human-readable page
//! (`/pages/...`, HTML), never raw JSON.

use serde_json::Value;

use super::{ORDER_SELECT, PATIENT_VIEW, fixture};
use crate::helpers::spawn_app;

#[tokio::test]
async fn card_links_to_this_server_open_its_pages() {
    let app = spawn_app().await;
    let calls = [
        (PATIENT_VIEW, "patient_view_dvt_red_flag"),
        (PATIENT_VIEW, "patient_view_older_ckd_thiazide"),
        (PATIENT_VIEW, "patient_view_pregnant"),
        (ORDER_SELECT, "order_select_quinine"),
    ];
    let mut followed = 0;
    for (service, name) in calls {
        let answer: Value = app
            .post_json(service, &fixture(name))
            .await
            .json()
            .await
            .unwrap();
        for card in answer["cards"].as_array().unwrap() {
            let own = std::iter::once(&card["source"]["url"])
                .chain(
                    card["links"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|l| &l["url"]),
                )
                .filter_map(Value::as_str)
                .filter_map(|url| url.strip_prefix(&app.address));
            for path in own {
                assert!(path.starts_with("/pages/"), "{name}: {path}");
                let page = app.get(path).await;
                assert_eq!(page.status(), 200, "{name}: {path}");
                assert_eq!(
                    page.headers()["content-type"],
                    "text/html; charset=utf-8",
                    "{name}: {path}"
                );
                followed += 1;
            }
        }
    }
    assert!(followed >= 8, "followed {followed} links");
}
