//! A response reads as the profile it says, and its problems point into it.

use serde_json::Value;

use super::{from_profile, parse};
use crate::http::ApiError;

/// Every persona, as a response, is the same profile as its JSON.
#[test]
fn every_persona_reads_as_the_same_profile() {
    for persona in crate::examples::PERSONAS {
        let json: Value = serde_json::from_str(persona.json).unwrap();
        let response = from_profile(&json);
        let via_fhir = parse(response.to_string().as_bytes()).expect(persona.name);
        let direct = crate::api::parse_profile(persona.json.as_bytes()).unwrap();
        assert_eq!(
            format!("{via_fhir:?}"),
            format!("{direct:?}"),
            "{}",
            persona.name
        );
    }
}

fn problems(body: &Value) -> Vec<(String, String)> {
    match parse(body.to_string().as_bytes()) {
        Err(ApiError::Validation(errors)) => {
            errors.into_iter().map(|e| (e.pointer, e.code)).collect()
        }
        other => panic!("not a 422: {other:?}"),
    }
}

#[test]
fn problems_point_into_the_response() {
    let bad_code =
        from_profile(&serde_json::json!({"age": 40, "symptoms": ["dark_urine", "bogus"]}));
    assert_eq!(
        problems(&bad_code),
        [(
            "/item/1/item/0/answer/1".to_owned(),
            "unknown_value".to_owned()
        )]
    );
    let mut body = from_profile(&serde_json::json!({
        "age": 130, "symptoms": ["dark_urine"], "medications": ["a", "a"]
    }));
    let got = problems(&body);
    assert_eq!(
        got,
        [
            (
                "/item/0/item/0/answer/0".to_owned(),
                "out_of_range".to_owned()
            ),
            (
                "/item/2/item/0/answer/1".to_owned(),
                "duplicate_item".to_owned()
            ),
        ]
    );
    body["item"][0]["item"][0]["answer"][0] = serde_json::json!({"valueString": "67"});
    body["item"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"linkId": "nope"}));
    let got = problems(&body);
    assert_eq!(
        got,
        [
            (
                "/item/0/item/0/answer/0".to_owned(),
                "invalid_type".to_owned()
            ),
            ("/item/3/linkId".to_owned(), "unknown_value".to_owned()),
        ]
    );
    let twice = serde_json::json!({"resourceType": "QuestionnaireResponse", "status": "completed",
        "item": [{"linkId": "about_you", "item": [
            {"linkId": "age", "answer": [{"valueInteger": 40}, {"valueInteger": 41}]}]}]});
    assert_eq!(
        problems(&twice),
        [(
            "/item/0/item/0/answer/1".to_owned(),
            "too_many_items".to_owned()
        )]
    );
    let missing_age =
        serde_json::json!({"resourceType": "QuestionnaireResponse", "status": "completed"});
    assert_eq!(
        problems(&missing_age),
        [("/item".to_owned(), "required".to_owned())]
    );
    let wrong = serde_json::json!({"resourceType": "Patient", "status": "completed"});
    assert_eq!(problems(&wrong)[0].0, "/resourceType");
}
