//! The one pass and the slow path answer alike: the same call, or the same problems (status,
//! pointers, codes, messages), for every published call and thousands of mutations of them.

use serde_json::{Map, Value, json};

use super::{checked_patient_view, decode_in_one_pass, patient_view_slowly};
use crate::cds::dates::Date;

/// Values of every JSON type, to put where an element is expected.
fn odd_values() -> Vec<Value> {
    vec![
        Value::Null,
        json!([]),
        json!({}),
        json!("x"),
        json!(""),
        json!(1),
        json!(-3),
        json!(1.5),
        json!(true),
        json!([1]),
        json!({"resourceType": "Patient"}),
        json!({"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Condition"}}]}),
    ]
}

/// Every place in `value`, as a path of keys and indices.
fn places(value: &Value, at: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                at.push(json!(key));
                out.push(at.clone());
                places(inner, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                at.push(json!(i));
                out.push(at.clone());
                places(inner, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn at_mut<'v>(value: &'v mut Value, path: &[Value]) -> &'v mut Value {
    path.iter().fold(value, |v, step| match step {
        Value::String(key) => &mut v[key.as_str()],
        _ => &mut v[step.as_u64().unwrap() as usize],
    })
}

/// Every mutation of a call: each element removed, given each odd value, its object given an
/// unknown key, a repeated key, or its keys in reverse order (so `resourceType` is not first).
fn mutations(call: &Value) -> Vec<String> {
    let mut out = vec![call.to_string()];
    let mut all = Vec::new();
    places(call, &mut Vec::new(), &mut all);
    for path in &all {
        let (parent_path, last) = path.split_at(path.len() - 1);
        let mut removed = call.clone();
        match at_mut(&mut removed, parent_path) {
            Value::Object(map) => {
                map.shift_remove(last[0].as_str().unwrap());
            }
            Value::Array(items) => {
                items.remove(last[0].as_u64().unwrap() as usize);
            }
            _ => unreachable!(),
        }
        out.push(removed.to_string());
        for odd in odd_values() {
            let mut changed = call.clone();
            *at_mut(&mut changed, path) = odd;
            out.push(changed.to_string());
        }
        if let Some(map) = at_mut(&mut call.clone(), path).as_object().cloned() {
            let mut unknown = call.clone();
            at_mut(&mut unknown, path)["zzUnknown"] = json!({"a": [1, {"b": null}]});
            out.push(unknown.to_string());
            let reversed: Map<String, Value> = map.clone().into_iter().rev().collect();
            let mut changed = call.clone();
            *at_mut(&mut changed, path) = Value::Object(reversed);
            out.push(changed.to_string());
            if let Some((key, first)) = map.iter().next() {
                // A repeated key (a map cannot hold one: splice the text).
                let mut marked = call.clone();
                *at_mut(&mut marked, path) = json!("@@here@@");
                let object = Value::Object(map.clone()).to_string();
                let twice = format!("{{{}:{first},{}", json!(key), &object[1..]);
                out.push(marked.to_string().replace("\"@@here@@\"", &twice));
            }
        }
    }
    out.extend(
        [
            "[]",
            "null",
            "{}",
            "\"x\"",
            "{\"hook\": \"patient-view\"} x",
            "{\"hook\":\"patient-view\",\"hook\":\"patient-view\"}",
        ]
        .map(str::to_owned),
    );
    out
}

#[test]
fn the_one_pass_decode_answers_as_the_slow_path_does() {
    let clock = Date::new(2026, 3, 1).unwrap();
    let (mut compared, mut in_one_pass) = (0, 0);
    for (_, stem) in crate::cds::examples::PATIENT_VIEW {
        let call = crate::cds::examples::request(stem);
        for text in mutations(&call) {
            let fast = format!("{:?}", checked_patient_view(text.as_bytes(), clock));
            let slow = format!("{:?}", patient_view_slowly(text.as_bytes(), clock));
            assert_eq!(fast, slow, "{stem}: {text}");
            compared += 1;
            in_one_pass += usize::from(decode_in_one_pass(text.as_bytes()).is_some());
        }
    }
    assert!(compared > 3000, "only {compared} calls compared");
    // Both ways are exercised: many bodies go in one pass, many do not.
    assert!(
        in_one_pass > compared / 10 && in_one_pass < compared * 9 / 10,
        "{in_one_pass} of {compared} calls went in one pass"
    );
}

#[test]
fn the_published_calls_go_in_one_pass() {
    for (_, stem) in crate::cds::examples::PATIENT_VIEW {
        let text = crate::cds::examples::request(stem).to_string();
        assert!(decode_in_one_pass(text.as_bytes()).is_some(), "{stem}");
    }
}

/// What the typed decode passes over in an element it skips but the slow path's tree refuses
/// (or reads differently) goes to the slow path: both ways answer alike, and the one pass
/// never takes such a body.
#[test]
fn what_the_typed_decode_skips_is_still_judged_as_the_slow_path_judges_it() {
    let clock = Date::new(2026, 3, 1).unwrap();
    let (_, stem) = crate::cds::examples::PATIENT_VIEW[0];
    let call = crate::cds::examples::request(stem).to_string();
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let hazards: Vec<Vec<u8>> = [
        r#""\ud800""#,               // a lone surrogate
        r#""\udc00\ud800""#,         // surrogates in the wrong order
        r#""\ud83d\ude00""#,         // a pair (valid: the slow path takes it)
        "1e400",                     // beyond f64
        "1E2",                       // an exponent (valid)
        "-0.5e-3",                   // an exponent (valid)
        &"9".repeat(400),            // beyond f64, no exponent
        &deep,                       // deeper than the tree's limit
        r#"{"a": 1, "\u0061": 2}"#,  // the same key, escaped
        r#"{"a\"b": 1, "a\"b": 2}"#, // the same escaped key
        r#""\x""#,                   // an unknown escape
        r#""\u12G4""#,               // not hex
        r#""\u+123""#,               // a sign where a hex digit goes
        "\"tab\there\"",             // a raw control character
        r#""text""#,                 // nothing wrong
    ]
    .iter()
    .map(|h| {
        call.replacen('{', &format!("{{\"zzSkipped\":{h},"), 1)
            .into_bytes()
    })
    .chain([
        // Not UTF-8 inside a skipped string.
        call.replacen('{', "{\"zzSkipped\":\"\u{1}\",", 1)
            .into_bytes()
            .into_iter()
            .map(|b| if b == 1 { 0xFF } else { b })
            .collect(),
    ])
    .collect();
    for body in &hazards {
        let fast = format!("{:?}", checked_patient_view(body, clock));
        let slow = format!("{:?}", patient_view_slowly(body, clock));
        assert_eq!(fast, slow, "{}", String::from_utf8_lossy(body));
    }
    // The valid ones still go in one pass.
    let valid = |h: &str| call.replacen('{', &format!("{{\"zzSkipped\":{h},"), 1);
    assert!(decode_in_one_pass(valid(r#""text""#).as_bytes()).is_some());
    assert!(decode_in_one_pass(valid("[1, -2.5, true, null, {\"x\": {}}]").as_bytes()).is_some());
}
