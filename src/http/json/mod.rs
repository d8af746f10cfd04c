//! Compact JSON, byte for byte as `serde_json` writes it, with strings escaped many bytes at a
//! time: the one owner of how an answer's text becomes a JSON string.
//!
//! `serde_json` looks at every byte of a string on its own (a table lookup each). Answers made
//! of long texts pay for it: a CDS call's cards hold about 9 KB of Markdown, and escaping it was
//! the largest single cost in building the answer (BENCHMARKS.md, issue 15). Here a string
//! with nothing to escape is checked in one pass the compiler vectorises and copied whole; any
//! other is checked eight bytes at a time, as one machine word (no `unsafe`, no SIMD
//! intrinsics), and the runs between the bytes to escape are copied whole.
//! [`write`] walks a value through `serde`, as `serde_json::to_writer` does, and writes its
//! strings this way.

use serde::Serialize;
use serde::ser::{self, Impossible, Serializer};

/// Each byte of a word set to `byte`: what the word tricks below compare against.
const fn each_byte(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The hexadecimal digits of a `\u00XX` escape, in lower case as `serde_json` writes them.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `text` as a JSON string, quotes included: what `serde_json` writes for it.
pub(crate) fn push_str(out: &mut Vec<u8>, text: &str) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    push_str_contents(out, text);
    out.push(b'"');
}

/// Appends `text` escaped as the inside of a JSON string (no quotes): a quote, a backslash
/// and each control character escaped as `serde_json` does (`\n`, `\t`, …, else `\u00XX`); DEL
/// and every non-ASCII character left as they are.
pub(crate) fn push_str_contents(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    // Most texts (a sentence, a name, a piece of a reason) have nothing to escape: one pass
    // over them all, which the compiler turns into a compare of many bytes per instruction, and
    // one copy. Twice as fast as the word loop below on a clean sentence; a text that does hold
    // a byte to escape pays for that pass (about 15% on the cards' Markdown).
    if !bytes
        .iter()
        .fold(false, |found, &byte| found | escapes(byte))
    {
        out.extend_from_slice(bytes);
        return;
    }
    // Up to `copied`, the text is in `out`; up to `looked`, every byte to escape is escaped.
    let mut copied = 0;
    let mut looked = 0;
    while let Some(word) = bytes.get(looked..).and_then(<[u8]>::first_chunk::<8>) {
        let found = escape_bits(u64::from_le_bytes(*word));
        if found == 0 {
            looked += 8;
            continue;
        }
        // The lowest flagged byte is always one to escape (the bits above it may not be):
        // escape it, and look again from the byte after it.
        let at = looked + found.trailing_zeros() as usize / 8;
        copied = copy_and_escape(out, bytes, copied, at);
        looked = copied;
    }
    // The last few bytes one at a time: padding them into a word costs more than it saves.
    for (at, &byte) in bytes.iter().enumerate().skip(looked) {
        if escapes(byte) {
            copied = copy_and_escape(out, bytes, copied, at);
        }
    }
    out.extend_from_slice(&bytes[copied..]);
}

/// Appends the clean run `bytes[copied..at]` and the escape of `bytes[at]`; gives the offset
/// the text is copied up to now.
fn copy_and_escape(out: &mut Vec<u8>, bytes: &[u8], copied: usize, at: usize) -> usize {
    out.extend_from_slice(&bytes[copied..at]);
    push_escape(out, bytes[at]);
    at + 1
}

/// Whether JSON escapes `byte`: a quote, a backslash or a control character.
fn escapes(byte: u8) -> bool {
    (byte < 0x20) | (byte == b'"') | (byte == b'\\')
}

/// Eight bytes of text (little-endian) checked at once, with the word tricks of "Bit Twiddling
/// Hacks" (*determine if a word has a byte less than n*, *… equal to n*): the high bit of a
/// byte is set when it is below 0x20, a quote or a backslash. A flagged byte lends a borrow to
/// the bytes above it, which may then be flagged too, but the **lowest** flagged byte is
/// always one that [`escapes`], and no byte of a clean word is flagged. Bytes from 0x80 (UTF-8
/// beyond ASCII) are never flagged.
fn escape_bits(word: u64) -> u64 {
    let zero_bytes = |x: u64| x.wrapping_sub(each_byte(1)) & !x;
    let control = word.wrapping_sub(each_byte(0x20)) & !word;
    let quote = zero_bytes(word ^ each_byte(b'"'));
    let backslash = zero_bytes(word ^ each_byte(b'\\'));
    (control | quote | backslash) & each_byte(0x80)
}

/// Appends the escape of `byte`, one that [`escapes`].
fn push_escape(out: &mut Vec<u8>, byte: u8) {
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0C => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            let digits = [HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xF)]];
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', digits[0], digits[1]]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

/// Writes `value` as compact JSON onto `out`: the bytes `serde_json::to_writer` writes.
/// Structs, sequences, options, unit and newtype variants and scalars are walked here (numbers
/// written by `serde_json` itself); a value of another shape (a map, a tuple or struct variant,
/// a `RawValue`) is handed to `serde_json` where it stands, so the rest of the walk goes on.
///
/// # Errors
/// What `serde_json` reports for the value (a `Serialize` impl that fails).
pub(crate) fn write<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
) -> Result<(), serde_json::Error> {
    let start = out.len();
    if value.serialize(Compact { out: &mut *out }).is_ok() {
        return Ok(());
    }
    out.truncate(start);
    serde_json::to_writer(out, value)
}

/// Writes one value (a member's, an element's) through [`Compact`], or through `serde_json`
/// when the walk declines it: only that value is written twice, not what holds it.
fn write_value<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Declined> {
    let start = out.len();
    if value.serialize(Compact { out: &mut *out }).is_ok() {
        return Ok(());
    }
    out.truncate(start);
    serde_json::to_writer(out, value).map_err(|_| Declined)
}

/// Why [`Compact`] stops: a shape it leaves to `serde_json`, or an error `serde_json` will
/// report itself when it writes the value. A unit, so declining allocates nothing (a
/// `serde_json::Error` is a boxed message).
#[derive(Debug)]
struct Declined;

impl std::fmt::Display for Declined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value the compact writer leaves to serde_json")
    }
}

impl std::error::Error for Declined {}

impl ser::Error for Declined {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Declined
    }
}

/// The serializer behind [`write`].
struct Compact<'o> {
    out: &'o mut Vec<u8>,
}

/// Writes a scalar as `serde_json` does (numbers have its exact formatting).
macro_rules! by_serde_json {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method(self, value: $ty) -> Result<(), Declined> {
            serde_json::Serializer::new(&mut *self.out)
                .$method(value)
                .map_err(|_| Declined)
        }
    )*};
}

impl<'o> Serializer for Compact<'o> {
    type Ok = ();
    type Error = Declined;
    type SerializeSeq = Elements<'o>;
    type SerializeTuple = Elements<'o>;
    type SerializeTupleStruct = Elements<'o>;
    type SerializeTupleVariant = Impossible<(), Declined>;
    type SerializeMap = Impossible<(), Declined>;
    type SerializeStruct = Elements<'o>;
    type SerializeStructVariant = Impossible<(), Declined>;

    by_serde_json! {
        serialize_i8(i8); serialize_i16(i16); serialize_i32(i32); serialize_i64(i64);
        serialize_i128(i128); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_u128(u128); serialize_f32(f32); serialize_f64(f64);
        serialize_bytes(&[u8]);
    }

    fn serialize_bool(self, value: bool) -> Result<(), Declined> {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result<(), Declined> {
        push_str(self.out, value.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, value: &str) -> Result<(), Declined> {
        push_str(self.out, value);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Declined> {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Declined> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Declined> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Declined> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Declined> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Declined> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Declined> {
        self.out.push(b'{');
        push_str(self.out, variant);
        self.out.push(b':');
        write_value(self.out, value)?;
        self.out.push(b'}');
        Ok(())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Elements<'o>, Declined> {
        Ok(Elements::open(self.out, b'['))
    }

    fn serialize_tuple(self, _: usize) -> Result<Elements<'o>, Declined> {
        Ok(Elements::open(self.out, b'['))
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Elements<'o>, Declined> {
        Ok(Elements::open(self.out, b'['))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Declined> {
        Err(Declined)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Declined> {
        Err(Declined)
    }

    fn serialize_struct(
        self,
        // `serde_json`'s raw values (the knowledge base's texts) are structs it recognises by
        // a name of its own; they are left to it.
        name: &'static str,
        _: usize,
    ) -> Result<Elements<'o>, Declined> {
        if name.starts_with("$serde_json") {
            return Err(Declined);
        }
        Ok(Elements::open(self.out, b'{'))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Declined> {
        Err(Declined)
    }
}

/// The elements of an array, or the members of an object, being written.
struct Elements<'o> {
    out: &'o mut Vec<u8>,
    /// Nothing written yet (no comma before the next one).
    first: bool,
}

impl<'o> Elements<'o> {
    fn open(out: &'o mut Vec<u8>, bracket: u8) -> Self {
        out.push(bracket);
        Self { out, first: true }
    }

    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Declined> {
        self.comma();
        write_value(self.out, value)
    }

    fn close(self, bracket: u8) -> Result<(), Declined> {
        self.out.push(bracket);
        Ok(())
    }
}

impl ser::SerializeSeq for Elements<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Declined> {
        self.element(v)
    }
    fn end(self) -> Result<(), Declined> {
        self.close(b']')
    }
}

impl ser::SerializeTuple for Elements<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Declined> {
        self.element(v)
    }
    fn end(self) -> Result<(), Declined> {
        self.close(b']')
    }
}

impl ser::SerializeTupleStruct for Elements<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Declined> {
        self.element(v)
    }
    fn end(self) -> Result<(), Declined> {
        self.close(b']')
    }
}

impl ser::SerializeStruct for Elements<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Declined> {
        self.comma();
        push_str(self.out, key);
        self.out.push(b':');
        write_value(self.out, value)
    }
    fn end(self) -> Result<(), Declined> {
        self.close(b'}')
    }
}

#[cfg(test)]
mod tests;
