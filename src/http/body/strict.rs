//! JSON text to a [`Value`], refusing nothing but noting every key an object repeats (serde_json's
//! own `Value` keeps the last one silently). The path of each value is a chain of borrowed
//! steps, rendered as a pointer only for a repeated key, so a well-formed body costs no string
//! per value.

use std::cell::RefCell;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::MAX_REPORTED_ERRORS;
use super::decode::escape;

/// Parses `bytes` as one JSON value, with the pointers (RFC 6901) of the keys objects repeat,
/// in document order and at most [`MAX_REPORTED_ERRORS`] of them.
pub(super) fn parse(bytes: &[u8]) -> (Result<Value, serde_json::Error>, Vec<String>) {
    let duplicates = RefCell::new(Vec::new());
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = StrictValue {
        at: None,
        duplicates: &duplicates,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    (parsed, duplicates.into_inner())
}

/// A JSON value that refuses an object repeating a key (serde_json's own `Value` keeps the
/// last one silently).
struct StrictValue<'p> {
    /// Where the value sits, as a chain up to the root; rendered as a pointer only for a
    /// repeated key, so a well-formed body costs no string per value.
    at: Option<&'p Segment<'p>>,
    /// The pointers of the repeated keys found so far (at most [`MAX_REPORTED_ERRORS`]).
    duplicates: &'p RefCell<Vec<String>>,
}

/// One step of a path: an object key or an array index, and the step above it.
struct Segment<'p> {
    parent: Option<&'p Segment<'p>>,
    step: Step<'p>,
}

enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// The JSON pointer (RFC 6901) of `at`.
fn pointer_at(at: Option<&Segment<'_>>) -> String {
    let mut steps = Vec::new();
    let mut next = at;
    while let Some(segment) = next {
        steps.push(match segment.step {
            Step::Key(key) => escape(key),
            Step::Index(index) => index.to_string(),
        });
        next = segment.parent;
    }
    steps.iter().rev().fold(String::new(), |mut pointer, step| {
        pointer.push('/');
        pointer.push_str(step);
        pointer
    })
}

impl<'de> DeserializeSeed<'de> for StrictValue<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let segment = Segment {
                parent: self.at,
                step: Step::Index(items.len()),
            };
            let seed = StrictValue {
                at: Some(&segment),
                duplicates: self.duplicates,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let segment = Segment {
                parent: self.at,
                step: Step::Key(&key),
            };
            if object.contains_key(&key) {
                let mut duplicates = self.duplicates.borrow_mut();
                if duplicates.len() < MAX_REPORTED_ERRORS {
                    duplicates.push(pointer_at(Some(&segment)));
                }
            }
            let value = map.next_value_seed(StrictValue {
                at: Some(&segment),
                duplicates: self.duplicates,
            })?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}
