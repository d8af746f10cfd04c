//! A check, before the one-pass decode, that no object in a body names a key twice. The typed
//! decode ignores the elements it does not read (FHIR is extensible), so it cannot see a key
//! repeated inside them; the slow path's JSON tree sees every one (a 422 `duplicate_key`).
//!
//! It is one scan over the bytes, not a second JSON parse: the typed decode that follows checks
//! the syntax of the whole body, ignored elements included. What that decode does not check in
//! the elements it skips, and the slow path's tree would refuse, this scan refuses instead, so
//! the body goes to the slow path, which says what is wrong: text that is not UTF-8, a control
//! character or an unknown escape in a string, a `\u` escape of a UTF-16 surrogate (the tree
//! refuses a lone one), a number with an exponent or longer than [`MAX_NUMBER`] (the tree
//! refuses one beyond `f64`), and nesting deeper than [`MAX_DEPTH`] (the tree's limit is 128).
//! A key with any escape also goes to the slow path, which compares keys decoded (`"\u0061"`
//! is `"a"`). Each of these refusals only costs time: the slow path decides.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

/// More keys than this in one object go to the slow path: comparing each key with the ones
/// before it is quadratic, and no FHIR element we see has nearly as many.
const MAX_KEYS: usize = 64;

/// Deeper nesting goes to the slow path (below `serde_json`'s limit of 128 for a tree).
const MAX_DEPTH: usize = 100;

/// Longer numbers go to the slow path: a number without an exponent this short is always
/// within `f64`, so the tree reads it as the typed decode does.
const MAX_NUMBER: usize = 64;

/// True when no object in `bytes` repeats a key or has more than [`MAX_KEYS`] keys, and the
/// body has nothing the typed decode would pass over but the slow path refuse (see the module
/// notes). Whether `bytes` is JSON at all is for the typed decode to say. False sends the body
/// to the slow path, which says what is wrong, if anything.
pub(super) fn no_repeated_keys(bytes: &[u8]) -> bool {
    let scan = Scan {
        keys: Vec::with_capacity(MAX_KEYS),
        open: Vec::with_capacity(16),
    };
    std::str::from_utf8(bytes).is_ok() && scan.run(bytes).is_some()
}

/// The scan's state: the keys of every object it is inside, on one stack, and where each open
/// object's keys start in it.
struct Scan<'b> {
    /// Each key with its [`fingerprint`], which is compared first.
    keys: Vec<(u64, &'b [u8])>,
    /// For each open container: `Some(start of its keys)` for an object, `None` for an array.
    open: Vec<Option<usize>>,
}

impl<'b> Scan<'b> {
    /// `Some(())` when the body passes; `None` at the first reason to take the slow path.
    fn run(mut self, bytes: &'b [u8]) -> Option<()> {
        let mut at = 0;
        // In well-formed JSON a string is a key exactly when it follows `{` or a `,` inside an
        // object; anything malformed is refused by the typed decode whatever this says.
        let mut key_next = false;
        while let Some(&byte) = bytes.get(at) {
            match byte {
                b' ' | b'\t' | b'\n' | b'\r' | b':' => at += 1,
                b'{' | b'[' => {
                    if self.open.len() >= MAX_DEPTH {
                        return None;
                    }
                    key_next = byte == b'{';
                    self.open.push(key_next.then_some(self.keys.len()));
                    at += 1;
                }
                b'}' | b']' => {
                    if let Some(start) = self.open.pop()? {
                        self.keys.truncate(start);
                    }
                    key_next = false;
                    at += 1;
                }
                b',' => {
                    key_next = matches!(self.open.last(), Some(Some(_)));
                    at += 1;
                }
                b'"' => {
                    let (text, escaped, end) = string(bytes, at + 1)?;
                    if key_next {
                        self.key(text, escaped)?;
                        key_next = false;
                    }
                    at = end;
                }
                b'-' | b'0'..=b'9' => {
                    let len = bytes[at..]
                        .iter()
                        .position(|b| !matches!(b, b'-' | b'.' | b'0'..=b'9'))
                        .unwrap_or(bytes.len() - at);
                    // Too long to be surely within `f64`. An exponent's `e` is not read here,
                    // so the next turn refuses it (no arm takes it).
                    if len > MAX_NUMBER {
                        return None;
                    }
                    at += len;
                }
                b't' | b'f' | b'n' => {
                    at += bytes[at..]
                        .iter()
                        .position(|b| !b.is_ascii_lowercase())
                        .unwrap_or(bytes.len() - at);
                }
                _ => return None,
            }
        }
        // Every container closed (an unfinished body is the slow path's to report).
        self.open.is_empty().then_some(())
    }

    /// Records a key of the innermost object, refusing a repeat, an escaped key, or too many.
    fn key(&mut self, key: &'b [u8], escaped: bool) -> Option<()> {
        let start = (*self.open.last()?)?;
        let seen = &self.keys[start..];
        let print = fingerprint(key);
        if escaped || seen.len() >= MAX_KEYS || seen.iter().any(|&(p, k)| p == print && k == key) {
            return None;
        }
        self.keys.push((print, key));
        Some(())
    }
}

/// The string whose text starts at `from` (after its opening quote): its raw text, whether it
/// has escapes, and where the scan goes on (after the closing quote). `None` for a control
/// character, an unknown escape, an escaped surrogate, or no closing quote.
fn string(bytes: &[u8], from: usize) -> Option<(&[u8], bool, usize)> {
    let mut at = from;
    let mut escaped = false;
    loop {
        at = next_special(bytes, at);
        match bytes.get(at)? {
            b'"' => return Some((&bytes[from..at], escaped, at + 1)),
            b'\\' => {
                escaped = true;
                match bytes.get(at + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => at += 2,
                    b'u' => {
                        // Four hex digits, not a surrogate (D800 to DFFF: `d`, then 8 to f).
                        let hex = bytes.get(at + 2..at + 6)?;
                        let surrogate = matches!(hex[0], b'd' | b'D')
                            && matches!(hex[1], b'8' | b'9' | b'a'..=b'f' | b'A'..=b'F');
                        if surrogate || !hex.iter().all(u8::is_ascii_hexdigit) {
                            return None;
                        }
                        at += 6;
                    }
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
}

/// A key's length and first bytes in one word: two keys that differ in either are told apart
/// without comparing their bytes one by one.
fn fingerprint(key: &[u8]) -> u64 {
    let mut first = [0u8; 8];
    let n = key.len().min(7);
    first[..n].copy_from_slice(&key[..n]);
    first[7] = key.len() as u8;
    u64::from_le_bytes(first)
}

/// The first quote, backslash or control character at or after `from` (`bytes.len()` if none):
/// eight bytes at a time, since most of a body is plain text inside strings.
fn next_special(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        // The high bit of each byte that is zero (a quote, a backslash) or below 0x20. A
        // borrow can only mark a byte above one truly found, so the lowest mark is exact.
        let found = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word);
        let found = found & HIGHS;
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map_or(bytes.len(), |i| at + i)
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

#[cfg(test)]
mod tests {
    use super::no_repeated_keys;

    #[test]
    fn the_word_at_a_time_search_finds_the_first_quote_backslash_or_control_character() {
        let naive = |bytes: &[u8], from: usize| {
            (from..bytes.len())
                .find(|&i| matches!(bytes[i], b'"' | b'\\' | 0..0x20))
                .unwrap_or(bytes.len())
        };
        // Every byte value at every place of texts up to two words long, after plain ASCII,
        // after non-ASCII text (whose bytes are all above 0x7F), and after another special.
        for filler in [b'a', 0xC3, 0x7F, 0x20, 0x21, 0x5B, 0x5D] {
            for len in 0..18 {
                for place in 0..len {
                    for byte in 0..=255u8 {
                        let mut text = vec![filler; len];
                        text[place] = byte;
                        if place + 2 < len {
                            text[place + 2] = b'"';
                        }
                        for from in 0..=len.min(3) {
                            assert_eq!(
                                super::next_special(&text, from),
                                naive(&text, from),
                                "{text:?} from {from}"
                            );
                        }
                    }
                }
            }
        }
    }

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
        // Keys that differ only after their first seven bytes, or only in length.
        assert!(no_repeated_keys(br#"{"medication1": 1, "medication2": 2}"#));
        assert!(no_repeated_keys(br#"{"medicat": 1, "medication": 2}"#));
        assert!(!no_repeated_keys(
            br#"{"medication": 1, "x": 0, "medication": 2}"#
        ));
        let many: Vec<String> = (0..65).map(|i| format!("\"k{i}\": {i}")).collect();
        assert!(!no_repeated_keys(
            format!("{{{}}}", many.join(",")).as_bytes()
        ));
    }
}
