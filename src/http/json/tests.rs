use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use super::to_vec;
use crate::domain::Text;

/// Ours and serde_json's bytes, as text for a readable failure.
fn both<T: Serialize + ?Sized>(value: &T) -> (String, String) {
    let ours = String::from_utf8(to_vec(value, 0).expect("ours serialises")).unwrap();
    let theirs = serde_json::to_string(value).expect("serde_json serialises");
    (ours, theirs)
}

fn same<T: Serialize + ?Sized>(value: &T) {
    let (ours, theirs) = both(value);
    assert_eq!(ours, theirs);
}

#[test]
fn every_character_that_needs_escaping_at_every_offset_within_a_word() {
    let specials: Vec<char> = (0u8..0x20)
        .map(char::from)
        .chain(['"', '\\', '\u{7f}', 'é', '€', '𝄞', '/'])
        .collect();
    for special in specials {
        for before in 0..17 {
            for after in [0, 1, 7, 8, 9] {
                let text = format!("{}{special}{}", "a".repeat(before), "b".repeat(after));
                same(&text);
                same(&Text::new(&text));
            }
        }
    }
}

#[test]
fn strings_of_all_ascii_and_long_runs() {
    let all: String = (0u8..0x80).map(char::from).collect();
    same(&all);
    same(&all.repeat(3));
    same(&"plain words without escapes, long enough for many words".repeat(5));
    same(&"\"\\\n".repeat(20));
    same("");
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Shape {
    Unit,
    Newtype(u32),
    Tuple(u8, &'static str),
    Struct { a: Option<f64>, b: bool },
}

#[derive(Serialize)]
struct Everything<'a> {
    text: Text,
    texts: Vec<Text>,
    borrowed: &'a str,
    shapes: Vec<Shape>,
    numbers: (i8, i64, u64, i128, u128, f32, f64, f64, f64),
    optional: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<u8>,
    empty: Vec<u8>,
    bytes: &'a [u8],
    character: char,
    unit: (),
    map: BTreeMap<&'a str, Vec<u32>>,
    numeric_keys: BTreeMap<u32, bool>,
    value: serde_json::Value,
    raw: Box<serde_json::value::RawValue>,
}

#[test]
fn every_shape_serde_can_write() {
    let value = Everything {
        text: Text::new("Say \"no\" to tonic water."),
        texts: vec![Text::new("one"), Text::new("two\ttabs")],
        borrowed: "ids_and_words",
        shapes: vec![
            Shape::Unit,
            Shape::Newtype(7),
            Shape::Tuple(1, "x\"y"),
            Shape::Struct {
                a: Some(0.6),
                b: true,
            },
            Shape::Struct { a: None, b: false },
        ],
        numbers: (
            -8,
            i64::MIN,
            u64::MAX,
            i128::MIN,
            u128::MAX,
            1.5,
            0.1,
            f64::NAN,
            1e300,
        ),
        optional: None,
        skipped: None,
        empty: vec![],
        bytes: &[0, 255],
        character: '\u{1}',
        unit: (),
        map: BTreeMap::from([("a\"b", vec![1, 2]), ("", vec![])]),
        numeric_keys: BTreeMap::from([(3, true), (10, false)]),
        value: json!({"z": [1, 2.5, null, {"k": "v\n"}], "a": {}, "e": []}),
        raw: serde_json::value::RawValue::from_string(r#"{"already":"json"}"#.into()).unwrap(),
    };
    same(&value);
}

#[test]
fn displayed_values_are_escaped_as_they_are_written() {
    struct Pieces;
    impl std::fmt::Display for Pieces {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "a \"quote\", ")?;
            write!(f, "{}", 42)?;
            f.write_str(" and a tab\t.")
        }
    }
    struct Collected;
    impl Serialize for Collected {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(&Pieces)
        }
    }
    same(&Collected);
}

#[test]
fn a_key_serde_json_refuses_is_refused() {
    let map = BTreeMap::from([((1, 2), "tuple key")]);
    assert!(serde_json::to_vec(&map).is_err());
    assert!(to_vec(&map, 0).is_err());
}
