//! Recording a struct's members as its derive serialises them (at load).

use serde::Serialize;
use serde::ser::{Impossible, SerializeStruct, Serializer};

use super::CaptureError;
use super::reject::not_a_struct;

/// One member as the derive serialised it (`None`: skipped).
pub(super) struct Member {
    pub(super) key: &'static str,
    pub(super) value: Option<Vec<u8>>,
}

/// The members of a struct, in order, each value serialised by `serde_json`.
pub(super) fn members<W: Serialize>(wire: &W) -> Result<Vec<Member>, CaptureError> {
    wire.serialize(Capture)
        .map_err(|e| CaptureError(e.to_string()))
}
/// Records a struct's members (at load).
struct Capture;

impl Serializer for Capture {
    type Ok = Vec<Member>;
    type Error = serde_json::Error;
    type SerializeStruct = Captured;

    no_compounds!(Vec<Member>);

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Captured, Self::Error> {
        Ok(Captured(Vec::with_capacity(len)))
    }
}

struct Captured(Vec<Member>);

impl SerializeStruct for Captured {
    type Ok = Vec<Member>;
    type Error = serde_json::Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        let value = Some(serde_json::to_vec(value)?);
        self.0.push(Member { key, value });
        Ok(())
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), Self::Error> {
        self.0.push(Member { key, value: None });
        Ok(())
    }

    fn end(self) -> Result<Vec<Member>, Self::Error> {
        Ok(self.0)
    }
}
