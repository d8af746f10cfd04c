//! The open arrays and objects of an answer being written.

use serde::ser::{self, Serialize};

use super::escape::write_str;
use super::raw::RawText;
use super::{Error, Result, Writer};

/// How an open array or object ends.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Close {
    /// Its own bracket.
    One,
    /// Its bracket and the `}` of the variant object around it.
    Two,
    /// Nothing: a raw value, copied as it is.
    Raw,
}

/// An open array, object or raw value.
pub(super) struct Compound<'a, 'o> {
    pub(super) writer: &'a mut Writer<'o>,
    pub(super) first: bool,
    pub(super) close: Close,
}

impl<'a, 'o> Compound<'a, 'o> {
    pub(super) fn open(writer: &'a mut Writer<'o>, bracket: u8, close: Close) -> Self {
        writer.out.push(bracket);
        Self {
            writer,
            first: true,
            close,
        }
    }

    fn separate(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.writer.out.push(b',');
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.separate();
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result {
        if self.close == Close::Raw {
            return value.serialize(RawText(self.writer.out));
        }
        self.separate();
        write_str(self.writer.out, key);
        self.writer.out.push(b':');
        value.serialize(&mut *self.writer)
    }

    fn end(self, bracket: u8) -> Result {
        match self.close {
            Close::One => self.writer.out.push(bracket),
            Close::Two => self.writer.out.extend_from_slice(&[bracket, b'}']),
            Close::Raw => {}
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        Compound::end(self, b']')
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        Compound::end(self, b']')
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        Compound::end(self, b']')
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        Compound::end(self, b']')
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.separate();
        // Keys outside structs are rare (a `Value`'s objects) and serde_json has rules for which
        // keys it allows and how it quotes numbers: it writes `{key:null}`, and the braces and
        // the `:null` are taken off again.
        let start = self.writer.out.len();
        serde_json::to_writer(&mut *self.writer.out, &OneEntry(key))?;
        self.writer
            .out
            .truncate(self.writer.out.len() - b":null}".len());
        self.writer.out.remove(start);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.writer.out.push(b':');
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result {
        Compound::end(self, b'}')
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }
    fn end(self) -> Result {
        Compound::end(self, b'}')
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }
    fn end(self) -> Result {
        Compound::end(self, b'}')
    }
}

/// A map of one entry, `key` to `null`: how a map key is handed to `serde_json`.
struct OneEntry<'k, K: ?Sized>(&'k K);

impl<K: Serialize + ?Sized> Serialize for OneEntry<'_, K> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, &())?;
        map.end()
    }
}
