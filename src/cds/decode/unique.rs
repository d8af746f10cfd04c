//! A check, before the one-pass decode, that no object in a body names a key twice. The typed
//! decode ignores the elements it does not read (FHIR is extensible), so it cannot see a key
//! repeated inside them; the slow path's JSON tree sees every one (a 422 `duplicate_key`). This
//! walk keeps the keys of the objects it is inside on one stack, borrowed from the body where
//! they have no escapes, and allocates nothing else.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};

/// More keys than this in one object go to the slow path: comparing each key with the ones
/// before it is quadratic, and no FHIR element we see has nearly as many.
const MAX_KEYS: usize = 64;

/// True when `bytes` is one JSON value (nothing after it) in which no object repeats a key and
/// none has more than [`MAX_KEYS`] keys. False sends the body to the slow path, which says
/// what is wrong, if anything.
pub(super) fn no_repeated_keys(bytes: &[u8]) -> bool {
    let mut keys = Vec::with_capacity(64);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    Walk(&mut keys).deserialize(&mut deserializer).is_ok() && deserializer.end().is_ok()
}

/// An object key, borrowed from the body when it can be.
pub(super) struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

/// Any JSON value, walked; the stack holds the keys of every object it is inside.
struct Walk<'s, 'de>(&'s mut Vec<Cow<'de, str>>);

impl<'de> DeserializeSeed<'de> for Walk<'_, 'de> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Walk(&mut *self.0))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let start = self.0.len();
        while let Some(key) = map.next_key_seed(Key)? {
            let seen = &self.0[start..];
            if seen.len() >= MAX_KEYS || seen.contains(&key) {
                return Err(A::Error::custom("a repeated key, or too many keys"));
            }
            self.0.push(key);
            map.next_value_seed(Walk(&mut *self.0))?;
        }
        self.0.truncate(start);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::no_repeated_keys;

    #[test]
    fn a_key_repeated_at_any_depth_or_written_differently_is_seen() {
        for ok in [
            r#"{"a": 1, "b": {"a": 2, "c": [{"a": 3}, {"a": 4}]}}"#,
            r#"[{"x": 1}, {"x": 1}]"#,
            r#""text""#,
        ] {
            assert!(no_repeated_keys(ok.as_bytes()), "{ok}");
        }
        for bad in [
            r#"{"a": 1, "a": 1}"#,
            r#"{"a": {"b": [{"c": 1, "d": 2, "c": 3}]}}"#,
            r#"{"a": 1, "\u0061": 2}"#,
            r#"{"a": 1} x"#,
            r#"{"a": 1"#,
        ] {
            assert!(!no_repeated_keys(bad.as_bytes()), "{bad}");
        }
        let many: Vec<String> = (0..65).map(|i| format!("\"k{i}\": {i}")).collect();
        assert!(!no_repeated_keys(
            format!("{{{}}}", many.join(",")).as_bytes()
        ));
    }
}
