//! The contract checker integrators run: passes against the real server (strictly: every
//! expected answer compared), and fails (exit 1, naming the broken rule) against a deployment
//! whose answers are altered to break each safety rule in turn.

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use cramp_advisor::check::{CheckOptions, Expected, run_with};
use serde_json::{Value, json};

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_checker_passes_strictly_against_the_real_server() {
    let app = spawn_app().await;
    let mut out = Vec::new();
    let results = run_with(
        CheckOptions {
            base_url: app.address.clone(),
            api_key: None,
        },
        Expected::Always,
        &mut out,
    )
    .await
    .unwrap();
    let report = String::from_utf8(out).unwrap();
    assert!(results.iter().all(|r| r.failures.is_empty()), "{report}");
    // 15 personas, 5 bad inputs, and the CDS cases: discovery, 3 patient-view examples, the
    // quinine order and the 412 without prefetch.
    assert!(results.len() >= 15 + 5 + 6, "{report}");
    for line in [
        "PASS cds: discovery GET /cds-services",
        "PASS cds: patient-view pregnant_patient",
        "PASS cds: order-select quinine_order",
    ] {
        assert!(report.contains(line), "{line}: {report}");
    }
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("PASS cds: patient-view ")
                && l.ends_with("without prefetch (412)")),
        "{report}"
    );
}

/// One way to alter a deployment's successful answers.
#[derive(Debug, Clone, Copy)]
enum Tamper {
    /// Drops `triage`.
    DropTriage,
    /// Adds quinine to `remedies`.
    OfferQuinine,
    /// Makes the last relief-plan step tonic water.
    TonicWaterInThePlan,
    /// Swaps relief-plan steps 1 and 2 when step 1 is "seek care now".
    SeekCareSecond,
    /// Drops the last red flag id from the seek-care step.
    SeekCareForgetsAFlag,
    /// Lists the red flags least urgent first.
    FlagsReversed,
    /// Offers heat (in `remedies`) to everyone.
    OfferHeat,
    /// Offers massage (in `remedies`) to everyone, and no longer says it is withheld.
    OfferMassage,
    /// Puts this advice in the triage headline.
    Headline(&'static str),
    /// Gives every reviewed medicine "label advice" citing a red flag that was not raised.
    LabelAdviceForAnUnraisedFlag,
    /// Drops the disclaimer.
    DropDisclaimer,
    /// Turns every CDS card into an `info` card.
    CardsInfoOnly,
}

impl Tamper {
    fn apply(self, body: &mut Value) {
        let Some(object) = body.as_object_mut() else {
            return;
        };
        let steps = object
            .get_mut("relief_plan")
            .and_then(|p| p["steps"].as_array_mut());
        match self {
            Tamper::DropTriage => {
                object.remove("triage");
            }
            Tamper::OfferQuinine => {
                if let Some(remedies) = object.get_mut("remedies").and_then(Value::as_array_mut) {
                    remedies.push(json!({"id": "quinine", "title": "Quinine"}));
                }
            }
            Tamper::TonicWaterInThePlan => {
                if let Some(last) = steps.and_then(|s| s.last_mut()) {
                    last["remedy_id"] = json!("tonic_water");
                }
            }
            Tamper::SeekCareSecond => {
                if let Some(steps) = steps
                    && steps.len() > 1
                    && steps[0]["phase"] == "seek_care_now"
                {
                    steps.swap(0, 1);
                }
            }
            Tamper::SeekCareForgetsAFlag => {
                if let Some(first) = steps.and_then(|s| s.first_mut())
                    && first["phase"] == "seek_care_now"
                {
                    first["why"]["red_flag_ids"].as_array_mut().unwrap().pop();
                }
            }
            Tamper::FlagsReversed => {
                if let Some(flags) = object
                    .get_mut("triage")
                    .and_then(|t| t["red_flags"].as_array_mut())
                {
                    flags.reverse();
                }
            }
            Tamper::OfferHeat => {
                if let Some(remedies) = object.get_mut("remedies").and_then(Value::as_array_mut) {
                    remedies.push(json!({"id": "heat", "title": "Warmth"}));
                }
            }
            Tamper::OfferMassage => {
                if let Some(remedies) = object.get_mut("remedies").and_then(Value::as_array_mut) {
                    remedies.push(json!({"id": "massage", "title": "Massage"}));
                }
                if let Some(withheld) = object
                    .get_mut("withheld_remedies")
                    .and_then(Value::as_array_mut)
                {
                    withheld.retain(|w| w["id"] != "massage");
                }
            }
            Tamper::Headline(advice) => {
                if let Some(triage) = object.get_mut("triage") {
                    triage["headline"] = json!(advice);
                }
            }
            Tamper::LabelAdviceForAnUnraisedFlag => {
                for entry in object
                    .get_mut("medication_review")
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                {
                    entry["red_flag_ids"] = json!(["acute_limb_ischaemia"]);
                    entry["advice"] =
                        json!("Its leaflet says to stop taking it and get medical help at once.");
                }
            }
            Tamper::DropDisclaimer => {
                object.remove("disclaimer");
            }
            Tamper::CardsInfoOnly => {
                for card in object
                    .get_mut("cards")
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                {
                    card["indicator"] = json!("info");
                }
            }
        }
    }
}

/// Which answers a tampering proxy alters, and how.
#[derive(Debug, Clone)]
enum Targets {
    /// Every successful answer.
    All(Tamper),
    /// The answers to these exact request bodies (persona fixtures), each its own way.
    Personas(Vec<(Vec<u8>, Tamper)>),
}

impl Targets {
    fn tamper_for(&self, request: &[u8]) -> Option<Tamper> {
        match self {
            Targets::All(tamper) => Some(*tamper),
            Targets::Personas(list) => list
                .iter()
                .find(|(body, _)| body == request)
                .map(|(_, tamper)| *tamper),
        }
    }
}

/// A deployment that answers like the real one (passing on `Content-Type` and
/// `Accept-Language`) but alters the successful answers `targets` names.
async fn spawn_tampering_proxy(upstream: String, targets: Targets) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // One client for the proxy's life: building one per request costs more than the request.
    let client = reqwest::Client::new();
    let targets = std::sync::Arc::new(targets);
    let server = HttpServer::new(move || {
        let (upstream, client, targets) = (upstream.clone(), client.clone(), targets.clone());
        App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
            let (upstream, client) = (upstream.clone(), client.clone());
            let tamper = targets.tamper_for(&body);
            async move {
                let mut forward = client
                    .request(
                        reqwest::Method::from_bytes(req.method().as_str().as_bytes()).unwrap(),
                        format!("{upstream}{}", req.path()),
                    )
                    .body(body.to_vec());
                for name in ["content-type", "accept-language"] {
                    if let Some(value) = req.headers().get(name) {
                        forward = forward.header(name, value.to_str().unwrap());
                    }
                }
                let response = forward.send().await.unwrap();
                let status = response.status().as_u16();
                let ct = response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .to_owned();
                let language = response
                    .headers()
                    .get("content-language")
                    .map(|v| v.to_str().unwrap().to_owned());
                let mut value: Value = response.json().await.unwrap();
                if let Some(tamper) = tamper.filter(|_| status == 200) {
                    tamper.apply(&mut value);
                }
                let mut reply =
                    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap());
                if let Some(language) = language {
                    reply.insert_header(("content-language", language));
                }
                reply.content_type(ct).body(value.to_string())
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

/// Runs the real binary against `base_url`, as an integrator's CI would: exit code and stdout.
async fn check_binary(base_url: &str) -> (Option<i32>, String) {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_cramp-advisor"))
        .args(["check", "--base-url", base_url])
        .output()
        .await
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[tokio::test]
async fn the_checker_fails_with_a_clear_message_against_an_altered_deployment() {
    // Arrange
    let app = spawn_app().await;
    let proxy = spawn_tampering_proxy(app.address.clone(), Targets::All(Tamper::DropTriage)).await;

    // Act
    let (code, stdout) = check_binary(&proxy).await;

    // Assert
    assert_eq!(code, Some(1), "{stdout}");
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

#[tokio::test]
async fn each_broken_safety_rule_fails_the_check_and_is_named() {
    // Arrange: a deployment that breaks one rule in each persona's answers (all its views and
    // languages), and the line the report for that persona must contain. One persona is left
    // alone, and must pass.
    let cases: [(&str, Tamper, &str); 14] = [
        (
            "older_adult_on_thiazide",
            Tamper::OfferQuinine,
            "safety: rule 3 (no quinine or tonic water): quinine is offered in remedies",
        ),
        (
            "desk_worker",
            Tamper::TonicWaterInThePlan,
            "safety: rule 3 (no quinine or tonic water): tonic_water is offered as relief-plan step",
        ),
        (
            "quinine_with_bleeding",
            Tamper::SeekCareSecond,
            "safety: rule 1 (seek care first): triage is urgent but relief-plan step 1 is",
        ),
        (
            "prolonged_cramp",
            Tamper::SeekCareForgetsAFlag,
            "safety: rule 1 (seek-care step names every urgent flag): the seek-care step's why.red_flag_ids [] lack prolonged_cramp",
        ),
        (
            "statin_with_dark_urine",
            Tamper::FlagsReversed,
            "safety: rule 1 (red flags in urgency order): red flag possible_rhabdomyolysis (emergency) is listed after",
        ),
        (
            "diabetes_neuropathy",
            Tamper::OfferHeat,
            "safety: rule 4 (contraindicated remedy offered): heat is offered in remedies despite diabetes, neuropathy or artery disease",
        ),
        (
            "suspected_dvt",
            Tamper::OfferMassage,
            "safety: rule 4 (contraindicated remedy offered): massage is offered in remedies despite a suspected clot",
        ),
        (
            "healthy_adult_rare_cramps",
            Tamper::Headline("Stop taking this medicine for a week."),
            "safety: rule 2 (never stop a medicine): /triage/headline says \"Stop\"",
        ),
        (
            "restless_legs",
            Tamper::Headline("Deje de tomar este medicamento una semana."),
            "safety: rule 2 (never stop a medicine): /triage/headline says \"Deje de\"",
        ),
        (
            "runner_after_marathon",
            Tamper::Headline("Setzen Sie dieses Medikament für eine Woche ab."),
            "safety: rule 2 (never stop a medicine): /triage/headline says \"Setzen Sie dieses Medikament für eine Woche ab\"",
        ),
        (
            "spinal_stenosis",
            Tamper::Headline("Arrêtez ce médicament pendant une semaine."),
            "safety: rule 2 (never stop a medicine): /triage/headline says \"Arrêtez\"",
        ),
        (
            "inhaler_user_copd",
            Tamper::LabelAdviceForAnUnraisedFlag,
            "safety: rule 2 (never stop a medicine): /medication_review/0/advice says \"stop\"",
        ),
        (
            "heavy_drinker",
            Tamper::DropDisclaimer,
            "safety: disclaimer (every answer says it is not a diagnosis): the disclaimer is missing",
        ),
        (
            "pregnancy_third_trimester",
            Tamper::DropTriage,
            "safety: rule 1 (red flags set the triage level): triage.level is missing",
        ),
    ];
    let untouched = "dialysis_patient";
    let fixture = |name: &str| {
        std::fs::read(format!(
            "{}/openapi/examples/profiles/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let targets = Targets::Personas(
        cases
            .iter()
            .map(|(persona, tamper, _)| (fixture(persona), *tamper))
            .collect(),
    );
    let app = spawn_app().await;
    let proxy = spawn_tampering_proxy(app.address.clone(), targets).await;

    // Act
    let (code, stdout) = check_binary(&proxy).await;

    // Assert
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("PASS persona {untouched}\n")),
        "the persona left alone passes: {stdout}"
    );
    for (persona, tamper, line) in cases {
        let section = stdout
            .split(&format!("FAIL persona {persona}\n"))
            .nth(1)
            .unwrap_or_else(|| panic!("{tamper:?}: persona {persona} should fail:\n{stdout}"));
        let section = section.split("\nPASS ").next().unwrap_or(section);
        let section = section.split("\nFAIL ").next().unwrap_or(section);
        assert!(
            section.contains(line),
            "{tamper:?}: the report for {persona} should say {line:?}:\n{section}"
        );
    }
}

#[tokio::test]
async fn a_deployment_that_does_not_warn_about_a_quinine_order_fails_the_cds_check() {
    // Arrange: every CDS card downgraded to `info`; the assessments are untouched.
    let app = spawn_app().await;
    let proxy =
        spawn_tampering_proxy(app.address.clone(), Targets::All(Tamper::CardsInfoOnly)).await;

    // Act
    let (code, stdout) = check_binary(&proxy).await;

    // Assert
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "FAIL cds: order-select quinine_order\n     - no warning or critical card about quinine answers the quinine order"
        ),
        "{stdout}"
    );
    for line in [
        "PASS cds: discovery GET /cds-services",
        "PASS persona dialysis_patient",
    ] {
        assert!(stdout.contains(line), "{line}: {stdout}");
    }
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("PASS cds: patient-view ")
                && l.ends_with("without prefetch (412)")),
        "{stdout}"
    );
}
