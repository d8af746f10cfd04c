//! The writer against `serde_json`, the reference: every byte, escapes at every offset of a
//! chunk, and every shape the writer takes or hands back.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{push_str, write};

fn ours(value: &(impl Serialize + ?Sized)) -> String {
    let mut out = b"prefix ".to_vec();
    write(&mut out, value).unwrap();
    String::from_utf8(out[7..].to_vec()).unwrap()
}

fn theirs(value: &(impl Serialize + ?Sized)) -> String {
    serde_json::to_string(value).unwrap()
}

#[test]
fn strings_are_escaped_as_serde_json_escapes_them() {
    let every_ascii_byte: String = (0u8..0x80).map(char::from).collect();
    let mut texts = vec![
        String::new(),
        "Stretch your calves before bed.".to_owned(),
        every_ascii_byte,
        "é – “so” \u{2028} \u{7f} \u{80}\u{9f} 🦵".to_owned(),
        "**Triage: routine.**\n\n### Red flags\n\n- \"quoted\" \\ back\tslash\r\n".repeat(40),
    ];
    // One byte to escape at every offset of the first chunks, and around each boundary.
    for special in ['"', '\\', '\n', '\u{1}', '\u{1f}', '\u{8}', '\u{c}'] {
        for at in 0..40 {
            let mut text = "x".repeat(40);
            text.insert(at, special);
            texts.push(text.clone());
            texts.push(format!("{text}{special}{special}"));
        }
    }
    for text in &texts {
        let mut out = Vec::new();
        push_str(&mut out, text);
        assert_eq!(String::from_utf8(out).unwrap(), theirs(text), "{text:?}");
        assert_eq!(ours(text), theirs(text), "{text:?}");
    }
}

#[test]
fn a_byte_to_escape_beside_its_neighbours_at_every_offset_of_a_word() {
    // The word check may flag bytes above one to escape (a borrow): every pair of bytes from
    // both sides of each boundary it tests, at every offset of two words, against serde_json.
    let edges = [
        '\u{0}', '\u{1}', '\u{1f}', ' ', '!', '"', '#', '[', '\\', ']', '\u{7f}', 'é', '€', '🦵',
    ];
    for first in edges {
        for second in edges {
            for at in 0..17 {
                let mut text = "x".repeat(17);
                text.insert(at, second);
                text.insert(at, first);
                let mut out = Vec::new();
                push_str(&mut out, &text);
                assert_eq!(String::from_utf8(out).unwrap(), theirs(&text), "{text:?}");
            }
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Card {
    summary: String,
    is_recommended: bool,
    indicator: Indicator,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<Vec<Link>>,
    empty: Vec<Link>,
    nothing: Option<u8>,
    numbers: (u8, i64, f64, f32, u128),
    unit: (),
    newtype: Newtype,
    variant: WithData,
    character: char,
    nested: Empty,
}

#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum Indicator {
    Warning,
}

#[derive(Serialize)]
struct Link {
    #[serde(rename = "type")]
    kind: &'static str,
    url: String,
}

#[derive(Serialize)]
struct Newtype(&'static str);

#[derive(Serialize)]
enum WithData {
    Text(String),
}

#[derive(Serialize)]
struct Empty {}

#[test]
fn values_are_written_as_serde_json_writes_them() {
    let card = Card {
        summary: "Ask the \"prescriber\"\n".to_owned(),
        is_recommended: false,
        indicator: Indicator::Warning,
        skipped: None,
        links: Some(vec![
            Link {
                kind: "absolute",
                url: "https://example.org/a?b=c&d".to_owned(),
            },
            Link {
                kind: "absolute",
                url: String::new(),
            },
        ]),
        empty: Vec::new(),
        nothing: None,
        numbers: (7, -3, 0.1 + 0.2, 1.5e-9, u128::MAX),
        unit: (),
        newtype: Newtype("inner"),
        variant: WithData::Text("x\ty".to_owned()),
        character: '"',
        nested: Empty {},
    };
    assert_eq!(ours(&card), theirs(&card));
    assert_eq!(ours(&[true, false]), theirs(&[true, false]));
    assert_eq!(ours(&f64::NAN), theirs(&f64::NAN));
}

#[test]
fn shapes_it_does_not_take_are_written_by_serde_json() {
    #[derive(Serialize)]
    enum Shapes {
        Tuple(u8, u8),
        Struct { a: u8 },
    }
    let map: BTreeMap<&str, Vec<&str>> = [("b", vec!["\"x\""]), ("a", vec![])].into();
    assert_eq!(ours(&map), theirs(&map));
    assert_eq!(ours(&Shapes::Tuple(1, 2)), theirs(&Shapes::Tuple(1, 2)));
    assert_eq!(
        ours(&Shapes::Struct { a: 1 }),
        theirs(&Shapes::Struct { a: 1 })
    );
    let raw = serde_json::value::RawValue::from_string("{\"a\": [1, 2]}".to_owned()).unwrap();
    assert_eq!(ours(&raw), theirs(&raw));
    let value = serde_json::json!({"z": 1, "a": [null, "é\n"]});
    assert_eq!(ours(&value), theirs(&value));
    // Inside a struct or a list, only the value left to serde_json is written by it.
    #[derive(Serialize)]
    struct Holding<'a> {
        before: &'a str,
        raw: &'a serde_json::value::RawValue,
        map: &'a BTreeMap<&'a str, Vec<&'a str>>,
        shapes: Vec<Shapes>,
        after: Option<&'a str>,
    }
    let holding = Holding {
        before: "a\"b",
        raw: &raw,
        map: &map,
        shapes: vec![Shapes::Struct { a: 2 }, Shapes::Tuple(3, 4)],
        after: Some("end\n"),
    };
    assert_eq!(ours(&holding), theirs(&holding));
}

proptest::proptest! {
    /// Any text, escaped as `serde_json` escapes it: the strategy favours the bytes the word
    /// check compares against.
    #[test]
    fn any_text_is_escaped_as_serde_json_escapes_it(text in "[\\x00-\\x24\\x5b-\\x5d\\x7f-\\u{ff}a-z€🦵]{0,48}") {
        let mut out = Vec::new();
        push_str(&mut out, &text);
        proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), theirs(&text));
    }
}
