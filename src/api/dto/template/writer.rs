//! Writing a struct through its template (per answer): fixed members copied, holes serialised.

use serde::Serialize;
use serde::ser::{self, Impossible, SerializeStruct, Serializer};

use super::reject::not_a_struct;
use super::{Part, Template};

/// Writes a struct through its template (per answer).
pub(super) struct Writer<'t, 'o, 'f> {
    pub(super) template: &'t Template,
    pub(super) out: &'o mut Vec<u8>,
    pub(super) fill: &'f mut dyn FnMut(usize, &mut Vec<u8>) -> bool,
}

impl<'t, 'o, 'f> Serializer for Writer<'t, 'o, 'f> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeStruct = Members<'t, 'o, 'f>;

    no_compounds!(());

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Self::Error> {
        self.out.push(b'{');
        Ok(Members {
            parts: self.template.parts.iter(),
            out: self.out,
            fill: self.fill,
            hole: 0,
            empty: true,
        })
    }
}

/// The members of one struct being written.
pub(super) struct Members<'t, 'o, 'f> {
    parts: std::slice::Iter<'t, Part>,
    out: &'o mut Vec<u8>,
    fill: &'f mut dyn FnMut(usize, &mut Vec<u8>) -> bool,
    /// Holes met so far.
    hole: usize,
    /// Nothing written yet (no comma before the next member).
    empty: bool,
}

impl<'t> Members<'t, '_, '_> {
    /// The next part, which must be the member `key`.
    fn next(&mut self, key: &'static str) -> Result<&'t Part, serde_json::Error> {
        let part = self.parts.next().ok_or_else(out_of_place)?;
        let expected = match part {
            Part::Fixed { key, .. } | Part::Covered { key, .. } | Part::Hole { key, .. } => *key,
        };
        // The derive passes the same literal each time, so the pointers usually match.
        if std::ptr::eq(expected, key) || expected == key {
            Ok(part)
        } else {
            Err(out_of_place())
        }
    }

    fn comma(&mut self) {
        if !std::mem::replace(&mut self.empty, false) {
            self.out.push(b',');
        }
    }
}

fn out_of_place() -> serde_json::Error {
    ser::Error::custom("a member out of its template's place")
}

impl SerializeStruct for Members<'_, '_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        match self.next(key)? {
            Part::Fixed { bytes, .. } => {
                self.comma();
                self.out.extend_from_slice(bytes);
                Ok(())
            }
            Part::Covered { present: true, .. } => Ok(()),
            Part::Covered { present: false, .. } => Err(out_of_place()),
            Part::Hole { prefix, .. } => {
                self.comma();
                self.out.extend_from_slice(prefix);
                let n = self.hole;
                self.hole += 1;
                if !(self.fill)(n, self.out) {
                    // The platform's writer: the bytes serde_json writes, text escaped faster.
                    crate::http::json::write(self.out, value)?;
                }
                Ok(())
            }
        }
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), Self::Error> {
        match self.next(key)? {
            Part::Covered { present: false, .. } => Ok(()),
            Part::Hole { .. } => {
                self.hole += 1;
                Ok(())
            }
            _ => Err(out_of_place()),
        }
    }

    fn end(self) -> Result<(), Self::Error> {
        if self.parts.len() != 0 {
            return Err(out_of_place());
        }
        self.out.push(b'}');
        Ok(())
    }
}
