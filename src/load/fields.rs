//! Test-only: the field names a `#[derive(Deserialize)]` struct accepts, read from the type
//! itself (serde hands them to `deserialize_struct`), so the test that every field is
//! documented in `docs/` takes its list from the code, not from a list typed by hand.

use serde::Deserialize;
use serde::de::{self, Visitor};

/// Carries the field names out of the deserializer (or says the type is not a struct).
#[derive(Debug)]
struct Fields(Result<&'static [&'static str], String>);

impl std::fmt::Display for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for Fields {}

impl de::Error for Fields {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Fields(Err(msg.to_string()))
    }
}

/// A deserializer that answers nothing but records the fields of the struct asked for.
struct FieldRecorder;

impl<'de> de::Deserializer<'de> for FieldRecorder {
    type Error = Fields;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Fields> {
        Err(Fields(Err("not a struct".to_string())))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Fields> {
        Err(Fields(Ok(fields)))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The fields `T` accepts, in declaration order.
pub(crate) fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    match T::deserialize(FieldRecorder) {
        Err(Fields(Ok(fields))) => fields,
        Err(Fields(Err(why))) => panic!("{}: {why}", std::any::type_name::<T>()),
        Ok(_) => panic!("{} deserialized from nothing", std::any::type_name::<T>()),
    }
}
