//! Card feedback: counted per service and outcome, nothing else kept; invalid feedback is a
//! 422 that counts nothing.

use serde_json::json;

use crate::helpers::{LOGS, assert_problem, spawn_app};

#[tokio::test]
async fn feedback_is_counted_per_service_and_outcome_and_nothing_else_is_kept() {
    // Arrange
    let app = spawn_app().await;
    // Counted in the shared metrics, read as an operator would: from /metrics.
    let count = |outcome: &'static str| {
        let app = &app;
        async move {
            let metrics = app.get("/metrics").await.text().await.unwrap();
            let series = format!(
                "cramp_advisor_cds_feedback_total{{outcome=\"{outcome}\",service=\"quinine-for-cramps\"}} "
            );
            metrics
                .lines()
                .find_map(|l| l.strip_prefix(&series))
                .unwrap_or_else(|| panic!("no {series} in /metrics"))
                .parse::<u64>()
                .unwrap()
        }
    };
    let (accepted, overridden) = (count("accepted").await, count("overridden").await);
    assert_eq!(
        (accepted, overridden),
        (0, 0),
        "declared at zero, before any feedback"
    );
    let body = json!({"feedback": [
        {"card": "9368d37b-283f-44a0-93ea-547cebab93ed", "outcome": "overridden",
         "overrideReason": {"reason": {"system": "urn:cramp-advisor:cds:override-reason", "code": "not-for-cramps"},
                            "userComment": "FEEDBACK-SENTINEL-2b9 malaria"},
         "outcomeTimestamp": "2026-03-01T10:15:00Z"},
        {"card": "4e0a3a1e-3283-4575-ab82-028d55fe2719", "outcome": "accepted",
         "acceptedSuggestions": [{"id": "e56e1945-20b3-4393-8503-a1a20fd73152"}],
         "outcomeTimestamp": "2026-03-01T10:16:00Z", "extension": {"com.example.x": 1}}
    ]});

    // Act
    let response = app
        .post_json("/cds-services/quinine-for-cramps/feedback", &body)
        .await;

    // Assert
    assert_eq!(response.status(), 200);
    assert_eq!(count("overridden").await, overridden + 1);
    assert_eq!(count("accepted").await, accepted + 1);
    assert!(
        !LOGS.contents().contains("FEEDBACK-SENTINEL-2b9"),
        "comments are never logged"
    );

    let unknown = app
        .post_json("/cds-services/gout-alert/feedback", &body)
        .await;
    let problem = assert_problem(unknown, 404, "not_found").await;
    assert!(problem["detail"].as_str().unwrap().contains("CDS service"));
    let bad = json!({"feedback": [{"card": "x", "outcome": "ignored", "outcomeTimestamp": "2026-03-01T10:15:00Z"}]});
    let problem = assert_problem(
        app.post_json("/cds-services/quinine-for-cramps/feedback", &bad)
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/feedback/0/outcome");
    assert_eq!(
        count("overridden").await,
        overridden + 1,
        "a rejected body counts nothing"
    );
}

#[tokio::test]
async fn an_accepted_entry_lists_at_least_one_suggestion_and_optional_fields_are_never_null() {
    let app = spawn_app().await;
    let path = "/cds-services/nocturnal-leg-cramps/feedback";
    let entry = |extra: serde_json::Value| {
        let mut e = json!({"card": "9368d37b-283f-44a0-93ea-547cebab93ed", "outcome": "accepted",
            "acceptedSuggestions": [{"id": "e56e1945-20b3-4393-8503-a1a20fd73152"}],
            "outcomeTimestamp": "2026-03-01T10:15:00Z"});
        for (k, v) in extra.as_object().unwrap() {
            e[k] = v.clone();
        }
        json!({"feedback": [e]})
    };
    for (body, pointer) in [
        (
            entry(json!({"acceptedSuggestions": []})),
            "/feedback/0/acceptedSuggestions",
        ),
        (
            entry(json!({"acceptedSuggestions": null})),
            "/feedback/0/acceptedSuggestions",
        ),
        (entry(json!({"card": ""})), "/feedback/0/card"),
        (
            entry(json!({"overrideReason": null})),
            "/feedback/0/overrideReason",
        ),
        (
            entry(json!({"overrideReason": {"reason": "not-for-cramps"}})),
            "/feedback/0/overrideReason/reason",
        ),
    ] {
        let problem =
            assert_problem(app.post_json(path, &body).await, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{body}");
    }
    let mut no_suggestions = entry(json!({"outcome": "accepted"}));
    no_suggestions["feedback"][0]
        .as_object_mut()
        .unwrap()
        .remove("acceptedSuggestions");
    let problem = assert_problem(
        app.post_json(path, &no_suggestions).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        problem["errors"][0]["pointer"],
        "/feedback/0/acceptedSuggestions"
    );
    // Overridden needs no suggestions; any card id that is not empty is taken as it is.
    let overridden =
        entry(json!({"outcome": "overridden", "card": " ", "acceptedSuggestions": []}));
    assert_eq!(app.post_json(path, &overridden).await.status(), 200);
    assert_eq!(
        app.post_json(path, &json!({"feedback": []})).await.status(),
        200
    );
}
