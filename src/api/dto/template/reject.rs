//! A serializer that accepts only a struct: everything else is refused (a template is a
//! struct's members).

use serde::ser;

pub(super) fn not_a_struct() -> serde_json::Error {
    ser::Error::custom("a template is made of a struct's members")
}

/// Rejects every value but a struct (a template is a struct's members).
macro_rules! only_structs {
    ($($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> {
            Err(not_a_struct())
        })*
    };
}

/// The serializer types that never accept anything.
macro_rules! no_compounds {
    ($ok:ty) => {
        type SerializeSeq = Impossible<$ok, serde_json::Error>;
        type SerializeTuple = Impossible<$ok, serde_json::Error>;
        type SerializeTupleStruct = Impossible<$ok, serde_json::Error>;
        type SerializeTupleVariant = Impossible<$ok, serde_json::Error>;
        type SerializeMap = Impossible<$ok, serde_json::Error>;
        type SerializeStructVariant = Impossible<$ok, serde_json::Error>;

        only_structs! {
            serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
            serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
            serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
            serialize_str(&str); serialize_bytes(&[u8]); serialize_none(); serialize_unit();
            serialize_unit_struct(&'static str);
            serialize_unit_variant(&'static str, u32, &'static str);
        }

        fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Self::Ok, Self::Error> {
            Err(not_a_struct())
        }
        fn serialize_newtype_struct<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, Self::Error> {
            Err(not_a_struct())
        }
        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, Self::Error> {
            Err(not_a_struct())
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
            Err(not_a_struct())
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
            Err(not_a_struct())
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Self::Error> {
            Err(not_a_struct())
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Self::Error> {
            Err(not_a_struct())
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
            Err(not_a_struct())
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Self::Error> {
            Err(not_a_struct())
        }
    };
}
