//! A fixed text of the knowledge base (a title, a step, a caution), with its JSON form made once.
//!
//! Most of an assessment answer is fixed text from the knowledge base, and escaping it again for
//! every answer was the largest part of serialising one (BENCHMARKS.md, issue 15). A [`Text`]
//! is escaped once, when the knowledge loads, and serialising it copies those bytes. The answer
//! is byte for byte what serialising the plain string gives: the JSON form is made by the same
//! serialiser.

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A knowledge-base text: reads as a `str`, serialises (with `serde_json`) as its JSON string,
/// escaped once when it was made.
#[derive(Clone)]
pub struct Text {
    /// The JSON string, quotes included.
    json: Box<RawValue>,
    /// The plain text, kept apart only when escaping changed it (a quote, a backslash or a
    /// control character); otherwise it is the JSON string without its quotes, and no second
    /// copy is stored.
    escaped: Option<Box<str>>,
}

impl Text {
    /// The text and its JSON form.
    #[must_use]
    pub fn new(plain: &str) -> Self {
        let quoted = serde_json::to_string(plain).expect("a string always serialises");
        let unchanged = quoted.len() == plain.len() + 2;
        let json = RawValue::from_string(quoted).expect("serde_json writes valid JSON");
        Self {
            json,
            escaped: (!unchanged).then(|| plain.into()),
        }
    }

    /// The plain text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match &self.escaped {
            Some(plain) => plain,
            None => {
                let quoted = self.json.get();
                &quoted[1..quoted.len() - 1]
            }
        }
    }

    /// The JSON string, quotes included, ready to copy into an answer.
    #[must_use]
    pub fn json(&self) -> &RawValue {
        &self.json
    }
}

/// A place in the knowledge base that holds a text, plain (`String`) or escaped once ([`Text`]),
/// so code that reads or replaces every text (translations, locale placeholders, checks) treats
/// both alike, and a replaced [`Text`] is always escaped again.
pub trait TextSlot {
    /// The text.
    fn text(&self) -> &str;
    /// Puts `text` in its place.
    fn replace(&mut self, text: String);
}

impl TextSlot for String {
    fn text(&self) -> &str {
        self
    }

    fn replace(&mut self, text: String) {
        *self = text;
    }
}

impl TextSlot for Text {
    fn text(&self) -> &str {
        self.as_str()
    }

    fn replace(&mut self, text: String) {
        *self = Self::from(text);
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl From<String> for Text {
    fn from(plain: String) -> Self {
        Self::new(&plain)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

/// With `serde_json` (to bytes or to a `Value`) this is exactly the plain string, its escaping
/// done once. Other serialisers would see `serde_json`'s raw-value wrapper: answers and
/// examples are only ever serialised with `serde_json`.
impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::Text;

    #[test]
    fn serialises_exactly_as_the_plain_string_does() {
        for plain in [
            "",
            "Stretch your calves before bed.",
            "Say \"no\" to tonic water \\ quinine.",
            "Tab\tand newline\n and a bell \u{7}",
            "Accents: é, ß, ç; a dash – and a quote “so”.",
        ] {
            let text = Text::new(plain);
            assert_eq!(text.as_str(), plain);
            assert_eq!(
                serde_json::to_string(&text).unwrap(),
                serde_json::to_string(plain).unwrap()
            );
            assert_eq!(
                serde_json::to_value(&text).unwrap(),
                serde_json::Value::from(plain)
            );
        }
    }

    #[test]
    fn keeps_a_second_copy_only_when_escaping_changed_the_text() {
        assert!(Text::new("plain words").escaped.is_none());
        assert!(Text::new("a \"quoted\" word").escaped.is_some());
    }
}
