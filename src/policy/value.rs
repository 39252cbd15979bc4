//! The policy input handed to the engine as its own value, built from the input's serde
//! form: the value `Value::from_json_str(&serde_json::to_string(x)?)` gives, without
//! writing and reading the JSON text (docs/policy.md, "How the input reaches the engine").
//!
//! Each serde shape maps as serde_json writes it: `None` and unit are `null`, a unit
//! variant is its name, a newtype variant `{name: value}`, bytes an array of numbers, a
//! non-finite float `null`; map keys are text (numbers and booleans as serde_json writes
//! them). Non-negative integers are unsigned, as serde_json reads them back. The names of
//! struct fields are shared, one string each, as regorus's JSON reader interns its keys.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use regorus::Value;
use serde::ser::{self, Serialize};

/// Why a value could not be built (a map key that is not text, or a `Serialize` error).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(String);

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// `value` as the engine's value.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    Builder::default().build(value, None)
}

/// Builds values that share their keys: each key is one string, however often it occurs.
#[derive(Default)]
pub struct Builder {
    keys: Keys,
}

impl Builder {
    /// `value` as the engine's value; of the object it is, only the keys in `only` (when
    /// given): the others are not built.
    pub fn build<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
        only: Option<&BTreeSet<String>>,
    ) -> Result<Value, Error> {
        value.serialize(Ser {
            keys: &mut self.keys,
            only,
        })
    }

    /// `name` as a key.
    pub fn key(&mut self, name: &str) -> Value {
        self.keys.of(name)
    }
}

/// The keys met so far, each one shared string.
#[derive(Default)]
struct Keys(HashMap<Box<str>, Value, BuildHasherDefault<Fnv>>);

/// FNV-1a: keys are short names from our own types and ids from the files, looked up
/// once per key written; SipHash's resistance to chosen keys buys nothing here, and its
/// set-up costs more than the lookup.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

impl Keys {
    fn of(&mut self, name: &str) -> Value {
        if let Some(key) = self.0.get(name) {
            return key.clone();
        }
        let key = Value::from(name);
        self.0.insert(name.into(), key.clone());
        key
    }
}

/// The serializer: `only`, of the object being built, the keys to keep.
struct Ser<'k, 'o> {
    keys: &'k mut Keys,
    only: Option<&'o BTreeSet<String>>,
}

impl<'k> Ser<'k, '_> {
    /// The serializer of a value inside the object being built: everything is kept.
    fn child(keys: &'k mut Keys) -> Self {
        Ser { keys, only: None }
    }
}

fn unsigned_if_can(v: i64) -> Value {
    u64::try_from(v).map_or_else(|_| Value::from(v), Value::from)
}

fn tagged(keys: &mut Keys, variant: &'static str, value: Value) -> Value {
    Value::from(BTreeMap::from([(keys.of(variant), value)]))
}

impl<'k, 'o> ser::Serializer for Ser<'k, 'o> {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = Seq<'k>;
    type SerializeTuple = Seq<'k>;
    type SerializeTupleStruct = Seq<'k>;
    type SerializeTupleVariant = Seq<'k>;
    type SerializeMap = Map<'k, 'o>;
    type SerializeStruct = Map<'k, 'o>;
    type SerializeStructVariant = Map<'k, 'o>;

    fn serialize_bool(self, v: bool) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, Error> {
        Ok(unsigned_if_can(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, Error> {
        Ok(unsigned_if_can(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, Error> {
        Ok(unsigned_if_can(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, Error> {
        Ok(unsigned_if_can(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, Error> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, Error> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, Error> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Value, Error> {
        // serde_json writes an f32 by its shortest text, which reads back as this f64.
        let text = v.to_string();
        Ok(Value::from(text.parse::<f64>().unwrap_or(f64::NAN)))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_char(self, v: char) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, Error> {
        Ok(Value::from(
            v.iter().map(|b| Value::from(u64::from(*b))).collect::<Vec<_>>(),
        ))
    }
    fn serialize_none(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        Ok(Value::from(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        let inner = value.serialize(Ser::child(&mut *self.keys))?;
        Ok(tagged(self.keys, variant, inner))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'k>, Error> {
        Ok(Seq::new(self.keys, None, len))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'k>, Error> {
        Ok(Seq::new(self.keys, None, Some(len)))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq<'k>, Error> {
        Ok(Seq::new(self.keys, None, Some(len)))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'k>, Error> {
        Ok(Seq::new(self.keys, Some(variant), Some(len)))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'k, 'o>, Error> {
        Ok(Map::new(self.keys, None, self.only))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Map<'k, 'o>, Error> {
        Ok(Map::new(self.keys, None, self.only))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Map<'k, 'o>, Error> {
        Ok(Map::new(self.keys, Some(variant), self.only))
    }
}

/// An array being built; of a tuple variant, `{variant: [...]}` at the end.
struct Seq<'k> {
    keys: &'k mut Keys,
    variant: Option<&'static str>,
    items: Vec<Value>,
}

impl<'k> Seq<'k> {
    fn new(keys: &'k mut Keys, variant: Option<&'static str>, len: Option<usize>) -> Self {
        // The length is a hint from the value itself, not from outside input; bounded anyway.
        let items = Vec::with_capacity(len.unwrap_or(0).min(4096));
        Seq { keys, variant, items }
    }

    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let item = value.serialize(Ser::child(&mut *self.keys))?;
        self.items.push(item);
        Ok(())
    }

    fn finish(self) -> Value {
        let array = Value::from(self.items);
        match self.variant {
            Some(variant) => tagged(self.keys, variant, array),
            None => array,
        }
    }
}

/// The four array-like serde traits, each pushing to the array.
macro_rules! seq_like {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Seq<'_> {
            type Ok = Value;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.push(value)
            }
            fn end(self) -> Result<Value, Error> {
                Ok(self.finish())
            }
        }
    )*};
}

seq_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// An object being built; of a struct variant, `{variant: {...}}` at the end. Keys not in
/// `only` (when given) are skipped, their values not built.
struct Map<'k, 'o> {
    keys: &'k mut Keys,
    variant: Option<&'static str>,
    only: Option<&'o BTreeSet<String>>,
    /// In the order written: sorted once at the end (a later duplicate wins, as in JSON).
    entries: Vec<(Value, Value)>,
    /// The key whose value comes next (None: that value is skipped).
    key: Option<Value>,
}

impl<'k, 'o> Map<'k, 'o> {
    fn new(keys: &'k mut Keys, variant: Option<&'static str>, only: Option<&'o BTreeSet<String>>) -> Self {
        Map {
            keys,
            variant,
            only,
            entries: Vec::new(),
            key: None,
        }
    }

    fn kept(&self, key: &str) -> bool {
        self.only.is_none_or(|only| only.contains(key))
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        if self.kept(key) {
            let built = value.serialize(Ser::child(&mut *self.keys))?;
            self.entries.push((self.keys.of(key), built));
        }
        Ok(())
    }

    fn finish(mut self) -> Value {
        // Every key is text ([`KeySer`], [`Keys`]): sorted as text, which is the order of
        // the values too, and cheaper to compare; the map then takes them in order.
        self.entries.sort_by(|(a, _), (b, _)| text(a).cmp(text(b)));
        let built = Value::from(self.entries.into_iter().collect::<BTreeMap<_, _>>());
        match self.variant {
            Some(variant) => tagged(self.keys, variant, built),
            None => built,
        }
    }
}

fn text(key: &Value) -> &str {
    match key {
        Value::String(text) => text,
        _ => "",
    }
}

impl ser::SerializeMap for Map<'_, '_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        let key = key.serialize(KeySer {
            keys: &mut *self.keys,
        })?;
        let kept = match &key {
            Value::String(text) => self.kept(text),
            _ => true,
        };
        self.key = kept.then_some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if let Some(key) = self.key.take() {
            let built = value.serialize(Ser::child(&mut *self.keys))?;
            self.entries.push((key, built));
        }
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        Ok(self.finish())
    }
}

/// The two struct-like serde traits, each adding a field.
macro_rules! struct_like {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Map<'_, '_> {
            type Ok = Value;
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<Value, Error> {
                Ok(self.finish())
            }
        }
    )*};
}

struct_like!(SerializeStruct, SerializeStructVariant);

/// A map key as serde_json writes it: text; a number, boolean or unit variant as its
/// text; anything else is refused. The key is shared ([`Keys`]).
struct KeySer<'k> {
    keys: &'k mut Keys,
}

fn not_text() -> Error {
    Error("a key of the policy input is not text".to_string())
}

impl ser::Serializer for KeySer<'_> {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = ser::Impossible<Value, Error>;
    type SerializeTuple = ser::Impossible<Value, Error>;
    type SerializeTupleStruct = ser::Impossible<Value, Error>;
    type SerializeTupleVariant = ser::Impossible<Value, Error>;
    type SerializeMap = ser::Impossible<Value, Error>;
    type SerializeStruct = ser::Impossible<Value, Error>;
    type SerializeStructVariant = ser::Impossible<Value, Error>;

    fn serialize_bool(self, v: bool) -> Result<Value, Error> {
        Ok(self.keys.of(&v.to_string()))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, Error> {
        Ok(self.keys.of(&v.to_string()))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, Error> {
        Ok(self.keys.of(&v.to_string()))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, Error> {
        Ok(self.keys.of(&v.to_string()))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, Error> {
        Ok(self.keys.of(&v.to_string()))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, Error> {
        Ok(self.keys.of(&v.to_string()))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, Error> {
        Ok(self.keys.of(&v.to_string()))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, Error> {
        Ok(self.keys.of(&v.to_string()))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, Error> {
        Ok(self.keys.of(&v.to_string()))
    }
    fn serialize_f32(self, _v: f32) -> Result<Value, Error> {
        Err(not_text())
    }
    fn serialize_f64(self, _v: f64) -> Result<Value, Error> {
        Err(not_text())
    }
    fn serialize_char(self, v: char) -> Result<Value, Error> {
        Ok(self.keys.of(&v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, Error> {
        Ok(self.keys.of(v))
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<Value, Error> {
        Err(not_text())
    }
    fn serialize_none(self) -> Result<Value, Error> {
        Err(not_text())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<Value, Error> {
        Err(not_text())
    }
    fn serialize_unit(self) -> Result<Value, Error> {
        Err(not_text())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, Error> {
        Err(not_text())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        Ok(self.keys.of(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Value, Error> {
        Err(not_text())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(not_text())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(not_text())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(not_text())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(not_text())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(not_text())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, Error> {
        Err(not_text())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(not_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, String),
        Struct { a: Option<bool>, b: f64 },
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Wrapper(&'static str);

    #[derive(Serialize)]
    struct Every {
        text: String,
        small: i8,
        negative: i64,
        big: u64,
        half: f64,
        whole: f64,
        not_a_number: f64,
        single: f32,
        letter: char,
        none: Option<u8>,
        unit: (),
        unit_struct: Unit,
        wrapper: Wrapper,
        shapes: Vec<Shape>,
        by_number: BTreeMap<u32, &'static str>,
        by_bool: BTreeMap<bool, u8>,
        empty: BTreeMap<String, u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        #[serde(flatten)]
        flat: BTreeMap<String, Vec<u16>>,
        tuple: (u8, &'static str),
        bytes: serde_bytes_like::Bytes,
    }

    mod serde_bytes_like {
        pub struct Bytes(pub &'static [u8]);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
    }

    fn every() -> Every {
        Every {
            text: "é \"quoted\" \u{1b}[31m".to_string(),
            small: 7,
            negative: -12,
            big: u64::MAX,
            half: 1.5,
            whole: 2.0,
            not_a_number: f64::NAN,
            single: 0.1,
            letter: 'x',
            none: None,
            unit: (),
            unit_struct: Unit,
            wrapper: Wrapper("w"),
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(3),
                Shape::Tuple(-1, "t".to_string()),
                Shape::Struct {
                    a: Some(true),
                    b: 0.25,
                },
            ],
            by_number: BTreeMap::from([(2, "two"), (10, "ten")]),
            by_bool: BTreeMap::from([(true, 1)]),
            empty: BTreeMap::new(),
            skipped: None,
            flat: BTreeMap::from([("extra".to_string(), vec![1, 2])]),
            tuple: (9, "nine"),
            bytes: serde_bytes_like::Bytes(&[0, 255]),
        }
    }

    #[test]
    fn every_shape_is_what_the_json_reader_gives() {
        let text = serde_json::to_string(&every()).expect("json");
        let read = Value::from_json_str(&text).expect("reads");
        let built = to_value(&every()).expect("builds");
        assert_eq!(built, read, "{text}");
        // Not vacuous: the two differ where they should.
        assert_ne!(built, Value::from_json_str("{}").expect("reads"));
        assert_eq!(built[&Value::from("negative")], Value::from(-12i64));
        assert_eq!(
            built[&Value::from("by_number")][&Value::from("10")],
            Value::from("ten")
        );
    }

    #[test]
    fn only_the_keys_named_are_built_of_the_top_object() {
        let only: BTreeSet<String> = ["text", "by_number", "extra"].map(String::from).into();
        let built = Builder::default().build(&every(), Some(&only)).expect("builds");
        let keys: Vec<String> = built
            .as_object()
            .expect("object")
            .keys()
            .map(|k| k.to_string())
            .collect();
        assert_eq!(keys, ["\"by_number\"", "\"extra\"", "\"text\""]);
        // Below the top, everything is kept.
        assert_eq!(
            built[&Value::from("by_number")]
                .as_object()
                .expect("object")
                .len(),
            2
        );
    }

    #[test]
    fn a_later_duplicate_key_wins_as_when_json_is_read() {
        struct Twice;
        impl Serialize for Twice {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map([("b", 1), ("a", 1), ("b", 2)])
            }
        }
        let text = serde_json::to_string(&Twice).expect("json");
        assert_eq!(text, r#"{"b":1,"a":1,"b":2}"#);
        let built = to_value(&Twice).expect("builds");
        assert_eq!(built, Value::from_json_str(&text).expect("reads"));
        assert_eq!(built[&Value::from("b")], Value::from(2u64));
    }

    #[test]
    fn a_key_that_is_not_text_is_refused() {
        let map = BTreeMap::from([(vec![1u8], 1u8)]);
        let err = to_value(&map).expect_err("refused");
        assert_eq!(err.to_string(), "a key of the policy input is not text");
        assert!(serde_json::to_string(&map).is_err(), "serde_json refuses it too");
    }
}
