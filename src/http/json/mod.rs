//! Writing answers as JSON, byte for byte as `serde_json` writes them, with faster string
//! escaping.
//!
//! Serialising an assessment was the largest part of its cost, and a third of that was
//! `serde_json` looking at every byte of every key, id and sentence to see whether it needs
//! escaping (BENCHMARKS.md, issue 15). This writer checks eight bytes at a time and only looks
//! closer at a word that holds a quote, a backslash or a control character, which answers almost
//! never contain. Everything else is `serde_json`'s: numbers are formatted by it, a
//! [`RawValue`](serde_json::value::RawValue) (a knowledge text escaped once, `domain::Text`) is
//! copied as it is, and the output is the same bytes (a test compares the two over every example
//! answer, and over strings with every character that needs escaping).

use std::fmt;

use serde::ser::{self, Serialize};

mod compound;
mod escape;
mod raw;

use compound::{Close, Compound};
use escape::{write_escaped, write_str};

/// The error type: `serde_json`'s, so callers keep one.
type Error = serde_json::Error;
type Result<T = ()> = std::result::Result<T, Error>;

/// The name `serde_json` gives a raw value's struct and field (`serde_json::value::RawValue`
/// serialises as a one-field struct of this name, whose field is its JSON text).
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Serialises `value` as compact JSON into a buffer of `capacity` bytes (sized for the answer,
/// so writing it does not grow the buffer by doubling and copying).
///
/// # Errors
/// What the value's `Serialize` reports (a map key that is not a string, a custom error).
pub fn to_vec<T: Serialize + ?Sized>(value: &T, capacity: usize) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(capacity);
    value.serialize(&mut Writer { out: &mut out })?;
    Ok(out)
}

/// The serializer: appends to `out`.
struct Writer<'o> {
    out: &'o mut Vec<u8>,
}

/// Writes a number or other scalar exactly as `serde_json` does, by asking it.
fn by_serde_json<T: Serialize>(out: &mut Vec<u8>, value: T) -> Result {
    serde_json::to_writer(out, &value)
}

/// A `fmt::Write` that escapes what it is given into the answer (for `collect_str`).
struct Escaping<'a, 'o>(&'a mut Writer<'o>);

impl fmt::Write for Escaping<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        write_escaped(self.0.out, s);
        Ok(())
    }
}

impl<'a, 'o> ser::Serializer for &'a mut Writer<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'o>;
    type SerializeTuple = Compound<'a, 'o>;
    type SerializeTupleStruct = Compound<'a, 'o>;
    type SerializeTupleVariant = Compound<'a, 'o>;
    type SerializeMap = Compound<'a, 'o>;
    type SerializeStruct = Compound<'a, 'o>;
    type SerializeStructVariant = Compound<'a, 'o>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_i16(self, v: i16) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_i32(self, v: i32) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_i64(self, v: i64) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_i128(self, v: i128) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_u8(self, v: u8) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_u16(self, v: u16) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_u32(self, v: u32) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_u64(self, v: u64) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_u128(self, v: u128) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_f32(self, v: f32) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_f64(self, v: f64) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_char(self, v: char) -> Result {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        by_serde_json(self.out, v)
    }
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 'o>> {
        Ok(Compound::open(self, b'[', Close::One))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'o>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a, 'o>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'o>> {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
        Ok(Compound::open(self, b'[', Close::Two))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, 'o>> {
        Ok(Compound::open(self, b'{', Close::One))
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Compound<'a, 'o>> {
        if name == RAW_VALUE_TOKEN {
            return Ok(Compound {
                writer: self,
                first: true,
                close: Close::Raw,
            });
        }
        Ok(Compound::open(self, b'{', Close::One))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'o>> {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
        Ok(Compound::open(self, b'{', Close::Two))
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result {
        self.out.push(b'"');
        fmt::write(&mut Escaping(&mut *self), format_args!("{value}"))
            .map_err(|_| ser::Error::custom("a Display implementation failed"))?;
        self.out.push(b'"');
        Ok(())
    }
}

#[cfg(test)]
mod tests;
