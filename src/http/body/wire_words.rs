//! serde's error messages in the words of the wire: JSON's types (`string`, `integer`,
//! `object`), never Rust's, quoting at most a little of what the client sent (hostile-client
//! audit, item 1).

use crate::http::error::quote;

/// A serde message in the words of the wire, for a caller with its own code (see
/// [`wire_words`]; an unknown or missing field is named by the pointer, not the message).
pub(crate) fn in_wire_words(message: &str) -> String {
    if message.starts_with("unknown field `") {
        return "not a field of this object".to_owned();
    }
    if message.starts_with("missing field `") {
        return message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split_once('`'))
            .map_or_else(
                || "a required field is missing".to_owned(),
                |(field, _)| format!("the field {} is required", quote(field)),
            );
    }
    wire_words(message).1
}

/// A serde message's code and its text in the words of the wire (JSON types, the accepted
/// values), quoting at most [`MAX_ECHO_CHARS`](crate::http::error::MAX_ECHO_CHARS) characters of
/// what the client sent.
pub(super) fn wire_words(message: &str) -> (&'static str, String) {
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (variant, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let text = match listed(expected) {
            Some(values) => format!("{} is not one of {values}", quote(variant)),
            None => format!("{} is not an accepted value", quote(variant)),
        };
        return ("unknown_value", text);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (got, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
        return (
            "invalid_type",
            format!(
                "expected {}, got {}",
                expected_words(expected),
                got_words(got)
            ),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (got, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
        return (
            "out_of_range",
            format!(
                "got {}, expected {}",
                got_value(got),
                expected_words(expected)
            ),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        let expected = rest.split_once(", expected ").map_or("", |(_, e)| e);
        return (
            "invalid_type",
            format!("expected {}", expected_words(expected)),
        );
    }
    if message.starts_with("duplicate field `") {
        return (
            "duplicate_key",
            "this key appears more than once in its object".to_owned(),
        );
    }
    let code = if message.contains("out of range") {
        "out_of_range"
    } else {
        "invalid"
    };
    // Our own messages (`Error::custom`): already in wire words, but bounded all the same.
    (code, crate::http::error::echo(message).replace("::", " "))
}

/// serde's list of names (`` `a`, `b` ``, `` `a` or `b` ``, one of ...) as plain words.
pub(super) fn listed(expected: &str) -> Option<String> {
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// What serde says a field expects, in JSON's words.
fn expected_words(expected: &str) -> String {
    let expected = expected.trim();
    let words = match expected {
        "u8" => "an integer from 0 to 255",
        "u16" => "an integer from 0 to 65535",
        "u32" => "an integer from 0 to 4294967295",
        "u64" | "u128" | "usize" => "an integer of 0 or more",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "an integer",
        "f32" | "f64" => "a number",
        "a string" | "a borrowed string" | "string" | "a character" | "char" => "a string",
        "a boolean" | "bool" => "true or false",
        "unit" => "null",
        "option" => "a value or null",
        e if e.starts_with("a sequence") || e.starts_with("tuple") || e.starts_with("Vec") => {
            "an array"
        }
        e if e.starts_with("struct ") || e.starts_with("a map") || e == "map" => "an object",
        e if e.starts_with("enum ") || e.ends_with("identifier") => "one of the listed values",
        e if e.is_empty() || looks_like_rust(e) => "a value of another type",
        // Our own visitors' words ("a FHIR resource", "a JSON object").
        e => return e.to_owned(),
    };
    words.to_owned()
}

/// Whether a text names a Rust type (a path, generics, a primitive, a CamelCase name).
fn looks_like_rust(text: &str) -> bool {
    const PRIMITIVES: [&str; 14] = [
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "f32", "f64",
    ];
    text.contains("::")
        || text.contains('<')
        || text.contains("struct")
        || text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| PRIMITIVES.contains(&w))
        || (!text.contains(' ') && text.chars().next().is_some_and(char::is_uppercase))
}

/// The JSON type of what serde says it got.
fn got_words(got: &str) -> &'static str {
    match got {
        g if g.starts_with("string") || g.starts_with("character") => "a string",
        g if g.starts_with("integer") => "an integer",
        g if g.starts_with("floating point") => "a number with a fraction",
        g if g.starts_with("boolean") => "a boolean",
        "null" | "unit value" | "Option value" => "null",
        "map" => "an object",
        "sequence" => "an array",
        _ => "a value of another type",
    }
}

/// The value serde says it got, quoted for a message: a number as it is, a string capped.
fn got_value(got: &str) -> String {
    if let Some(text) = got.strip_prefix("string ") {
        // serde quotes it with Rust's escapes; cap what is inside the quotes.
        let inner = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        return format!("\"{}\"", crate::http::error::echo(inner));
    }
    match got.split_once('`') {
        Some((_, rest)) => crate::http::error::echo(rest.trim_end_matches('`')),
        // A JSON type serde names, or a value our own visitors quote (a number's text).
        None => match got_words(got) {
            "a value of another type" => crate::http::error::echo(got),
            words => words.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_come_out_in_json_words_quoting_little() {
        let long = "k".repeat(500);
        let cases = [
            (
                "invalid type: string \"two\", expected f64".to_owned(),
                "invalid_type",
                "expected a number, got a string",
            ),
            (
                "invalid type: sequence, expected struct Cramps".to_owned(),
                "invalid_type",
                "expected an object, got an array",
            ),
            (
                "invalid value: integer `300`, expected u8".to_owned(),
                "out_of_range",
                "got 300, expected an integer from 0 to 255",
            ),
            (
                "invalid value: 1.5, expected a whole number".to_owned(),
                "out_of_range",
                "got 1.5, expected a whole number",
            ),
            (
                "invalid type: sequence, expected alloc::string::String".to_owned(),
                "invalid_type",
                "expected a value of another type, got an array",
            ),
            (
                format!("unknown variant `{long}`, expected `a` or `b`"),
                "unknown_value",
                "",
            ),
        ];
        for (message, code, words) in cases {
            let (got_code, got_words) = wire_words(&message);
            assert_eq!(got_code, code, "{message}");
            if words.is_empty() {
                assert!(got_words.ends_with("…\" is not one of a, b"), "{got_words}");
                assert!(got_words.len() < 100, "{got_words}");
            } else {
                assert_eq!(got_words, words, "{message}");
            }
        }
    }
}
