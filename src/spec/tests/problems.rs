//! The problem examples and code enums in the composed document match the closed Rust lists.

use serde_json::Value;

use crate::domain::Lang;
use crate::http::error::FieldCode;
use crate::knowledge::ProblemCode;

/// Every documented problem example, wherever its operation lives (v1, CDS, probes).
fn problem_examples(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            if let Some(example) = map
                .get("application/problem+json")
                .and_then(|c| c.get("example"))
            {
                out.push(example.clone());
            }
            map.values().for_each(|v| problem_examples(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| problem_examples(v, out)),
        _ => {}
    }
}

#[test]
fn every_documented_problem_example_uses_a_known_code_and_its_type_url() {
    let spec = serde_json::to_value(crate::spec::spec()).unwrap();
    let mut examples = Vec::new();
    problem_examples(&spec["paths"], &mut examples);
    assert!(examples.len() > 40, "found {}", examples.len());
    for example in examples {
        let code = ProblemCode::parse(example["code"].as_str().unwrap())
            .unwrap_or_else(|| panic!("unknown code in {example}"));
        assert_eq!(example["type"], format!("/problems/{}", code.as_str()));
        assert_eq!(
            example["title"],
            code.text(Lang::En).title.as_str(),
            "{example}"
        );
        for error in example["errors"].as_array().into_iter().flatten() {
            let field = error["code"].as_str().unwrap();
            assert!(FieldCode::parse(field).is_some(), "{field} in {example}");
        }
    }
}

#[test]
fn the_spec_enums_are_the_rust_enums() {
    let spec = serde_json::to_value(crate::spec::spec()).unwrap();
    let schemas = &spec["components"]["schemas"];
    let listed = |name: &str| -> Vec<String> {
        serde_json::from_value(schemas[name]["enum"].clone()).unwrap()
    };
    let problems: Vec<&str> = ProblemCode::ALL.iter().map(|c| c.as_str()).collect();
    let fields: Vec<&str> = FieldCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed("ProblemCode"), problems);
    assert_eq!(listed("FieldCode"), fields);
    assert_eq!(
        schemas["Problem"]["properties"]["code"]["$ref"],
        "#/components/schemas/ProblemCode"
    );
    assert_eq!(
        schemas["FieldError"]["properties"]["code"]["$ref"],
        "#/components/schemas/FieldCode"
    );
}
