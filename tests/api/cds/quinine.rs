//! `quinine-for-cramps` (order-select): a critical card for a quinine order, none otherwise.

use serde_json::{Value, json};

use super::{ORDER_SELECT, assert_matches_schema, cards_for, detail, fixture};
use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn a_quinine_order_gets_a_critical_card_with_a_suggestion_to_remove_it() {
    // Arrange
    let app = spawn_app().await;
    let call = fixture("order_select_quinine");

    // Act
    let cards = cards_for(&app, ORDER_SELECT, &call).await;

    // Assert
    assert_eq!(cards.len(), 1);
    let quinine = &cards[0];
    assert_eq!(quinine["indicator"], "critical");
    let summary = quinine["summary"].as_str().unwrap();
    assert!(
        summary.contains("FDA") && summary.contains("MHRA"),
        "{summary}"
    );
    let text = detail(quinine);
    for needle in [
        "boxed warning",
        "thrombocytopenia",
        "not be used routinely",
        "4-week",
        "pregnancy",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
    assert_eq!(quinine["selectionBehavior"], "at-most-one");
    let action = &quinine["suggestions"][0]["actions"][0];
    assert_eq!(action["type"], "delete");
    assert_eq!(action["resourceId"], "MedicationRequest/draft-quinine");
    let urls: Vec<&str> = quinine["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["url"].as_str().unwrap())
        .collect();
    assert!(urls.iter().any(|u| u.contains("fda.gov")), "{urls:?}");
    assert!(urls.iter().any(|u| u.contains("gov.uk")), "{urls:?}");
    assert!(
        urls.iter()
            .any(|u| u.ends_with("/pages/remedies/bedtime_stretching")),
        "{urls:?}"
    );
    assert!(quinine["overrideReasons"].as_array().unwrap().len() >= 2);
}

#[tokio::test]
async fn quinine_is_recognised_by_name_alone_and_only_in_selected_orders() {
    let app = spawn_app().await;
    let mut by_name = fixture("order_select_quinine");
    by_name["context"]["draftOrders"]["entry"][1]["resource"]["medicationCodeableConcept"] =
        json!({"text": "Quinine sulfate 300mg tablets"});
    assert_eq!(cards_for(&app, ORDER_SELECT, &by_name).await.len(), 1);

    let mut other_selected = fixture("order_select_quinine");
    other_selected["context"]["selections"] = json!(["MedicationRequest/draft-paracetamol"]);
    assert!(
        cards_for(&app, ORDER_SELECT, &other_selected)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_non_quinine_order_gets_no_cards() {
    let app = spawn_app().await;
    let response = app
        .post_json(ORDER_SELECT, &fixture("order_select_amoxicillin"))
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_matches_schema("response", &body);
    assert_eq!(body, json!({"cards": []}));
}

#[tokio::test]
async fn a_pregnancy_in_the_optional_prefetch_is_named_on_the_quinine_card() {
    let app = spawn_app().await;
    let mut call = fixture("order_select_quinine");
    let pregnant = fixture("patient_view_pregnant");
    call["prefetch"] = json!({
        "conditions": pregnant["prefetch"]["conditions"],
        "pregnancy": pregnant["prefetch"]["pregnancy"],
    });
    let cards = cards_for(&app, ORDER_SELECT, &call).await;
    assert!(
        detail(&cards[0]).contains("The record indicates this patient is pregnant"),
        "{}",
        detail(&cards[0])
    );
}

#[tokio::test]
async fn the_prefetch_and_draft_orders_are_checked_even_when_no_order_is_for_quinine() {
    let app = spawn_app().await;
    let mut bad_prefetch = fixture("order_select_amoxicillin");
    bad_prefetch["prefetch"] = json!({"conditions": {"entry": []}});
    let problem = assert_problem(
        app.post_json(ORDER_SELECT, &bad_prefetch).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        problem["errors"][0]["pointer"],
        "/prefetch/conditions/resourceType"
    );

    let mut null_prefetch = fixture("order_select_amoxicillin");
    null_prefetch["prefetch"] = Value::Null;
    let problem = assert_problem(
        app.post_json(ORDER_SELECT, &null_prefetch).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/prefetch");

    let mut no_fhir = fixture("order_select_amoxicillin");
    no_fhir["context"]["draftOrders"] = json!({});
    let problem = assert_problem(
        app.post_json(ORDER_SELECT, &no_fhir).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        problem["errors"][0]["pointer"],
        "/context/draftOrders/resourceType"
    );

    // `null` for a prefetch value is "no data", and any other key is ignored.
    let mut nulls = fixture("order_select_amoxicillin");
    nulls["prefetch"] = json!({"conditions": null, "pregnancy": null, "other": 5});
    assert!(cards_for(&app, ORDER_SELECT, &nulls).await.is_empty());
}
