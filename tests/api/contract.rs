//! The contract: the served document equals the committed `openapi/openapi.json`.

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_served_spec_equals_the_committed_file() {
    // Arrange
    let app = spawn_app().await;
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"))
            .expect("openapi/openapi.json is committed (run `make openapi`)");

    // Act
    let served = app.get("/openapi.json").await.text().await.unwrap();

    // Assert
    assert!(
        served == committed,
        "the OpenAPI document drifted from openapi/openapi.json: run `make openapi` and review the diff"
    );
}

#[tokio::test]
async fn the_spec_is_openapi_3_1_and_documents_every_route_with_problem_errors() {
    let app = spawn_app().await;
    let spec: serde_json::Value = app.get("/openapi.json").await.json().await.unwrap();
    assert_eq!(spec["openapi"], "3.1.0");
    let paths = spec["paths"].as_object().unwrap();
    for path in [
        "/v1/assessments",
        "/v1/assessments/causes",
        "/v1/assessments/remedies",
        "/v1/assessments/relief-plan",
        "/v1/knowledge",
        "/v1/causes",
        "/v1/causes/{cause_id}",
        "/v1/remedies",
        "/v1/remedies/{remedy_id}",
        "/v1/red-flags",
        "/v1/differentials",
        "/v1/medication-classes",
        "/v1/sources",
        "/healthz",
        "/readyz",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{method} {path} is tagged"
            );
            for (status, response) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') || status.starts_with('5') {
                    let content = &response["content"]["application/problem+json"];
                    assert!(
                        content.is_object(),
                        "{method} {path} {status} is problem+json"
                    );
                }
            }
        }
    }
}

/// Issue 14: the document tells the whole truth about shapes and credentials.
#[tokio::test]
async fn the_spec_declares_its_security_and_clean_shapes() {
    let app = spawn_app().await;
    let spec: serde_json::Value = app.get("/openapi.json").await.json().await.unwrap();
    let schemes = &spec["components"]["securitySchemes"];
    assert_eq!(schemes["ApiKeyAuth"]["type"], "apiKey");
    assert_eq!(schemes["ApiKeyAuth"]["in"], "header");
    assert_eq!(schemes["ApiKeyAuth"]["name"], "X-API-Key");
    assert_eq!(schemes["bearerAuth"]["scheme"], "bearer");
    assert_eq!(schemes["cdsHooksJwt"]["bearerFormat"], "JWT");
    assert!(
        spec.get("security").is_none(),
        "each operation says what it needs"
    );
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let names: Vec<String> = op["security"]
                .as_array()
                .unwrap_or_else(|| panic!("{method} {path} states its security"))
                .iter()
                .flat_map(|r| r.as_object().unwrap().keys().cloned())
                .collect();
            let want: &[&str] = if path.starts_with("/v1/") {
                &["ApiKeyAuth", "bearerAuth"]
            } else if path.starts_with("/cds-services/") {
                &["cdsHooksJwt"]
            } else if path == "/metrics" {
                &["metricsToken"]
            } else {
                &[]
            };
            assert_eq!(names, want, "{method} {path}");
        }
    }
    // One nullable style, every integer with a format, every schema a named component.
    let text = spec.to_string();
    assert!(
        !text.contains(r#""type":["#),
        "no `type: [X, \"null\"]` arrays"
    );
    fn walk(v: &serde_json::Value, at: &str, top: bool) {
        match v {
            serde_json::Value::Object(map) => {
                if map.get("type") == Some(&serde_json::json!("integer")) {
                    assert!(map.contains_key("format"), "{at}: integer without a format");
                }
                // The FHIR `QuestionnaireResponse` is generated from the questionnaire, one inline
                // schema per section and question (naming 30 components would add nothing).
                if !top
                    && map.contains_key("properties")
                    && !at.ends_with("/OpenApiDocument")
                    && !at.contains("/QuestionnaireResponse/")
                {
                    panic!("{at}: an anonymous inline object");
                }
                for (k, child) in map {
                    if k != "example" && k != "examples" {
                        walk(child, &format!("{at}/{k}"), false);
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{at}/{i}"), false);
                }
            }
            _ => {}
        }
    }
    for (name, schema) in spec["components"]["schemas"].as_object().unwrap() {
        walk(schema, &format!("#/components/schemas/{name}"), true);
    }
    walk(&spec["paths"], "#/paths", false);
    let feedback = &spec["components"]["schemas"]["FeedbackItem"];
    assert_eq!(feedback["discriminator"]["propertyName"], "outcome");
    assert_eq!(
        feedback["discriminator"]["mapping"]["accepted"],
        "#/components/schemas/AcceptedFeedback"
    );
    let patient_view = &spec["components"]["schemas"]["PatientViewRequest"];
    assert!(
        !patient_view["required"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("prefetch")),
        "prefetch is optional, as in CDS Hooks"
    );
}

#[tokio::test]
async fn response_examples_keep_the_real_answers_key_order_triage_first() {
    let app = spawn_app().await;
    // serde_json keeps object order here (`preserve_order`), as a client reading the spec does.
    let spec: serde_json::Value = app.get("/openapi.json").await.json().await.unwrap();
    let keys =
        |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let persona = include_str!("../../openapi/examples/profiles/older_adult_on_thiazide.json");
    let profile: serde_json::Value = serde_json::from_str(persona).unwrap();
    for path in [
        "/v1/assessments",
        "/v1/assessments/causes",
        "/v1/assessments/remedies",
        "/v1/assessments/relief-plan",
    ] {
        let example = &spec["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]
            ["examples"]["older_adult_on_thiazide"]["value"];
        let live: serde_json::Value = app.post_json(path, &profile).await.json().await.unwrap();
        assert_eq!(keys(example)[0], "triage", "{path}");
        assert_eq!(
            keys(example),
            keys(&live),
            "{path}: the example's order is the answer's"
        );
        assert_eq!(
            keys(&example["triage"]),
            keys(&live["triage"]),
            "{path}: nested objects too"
        );
    }
}
