//! A number as a scenario gives it: plainly (`pk: 0.8`), with the source
//! it came from (`pk: { value: 0.8, source: "..." }`), or as a range drawn
//! once per Monte Carlo trial (`pk: { between: [0.6, 0.9] }`,
//! `stockpile: { triangular: [150, 300, 400], source: "..." }`).
//!
//! Which keys take a range is validation's rule ([`super::validate`]); the
//! YAML reader accepts the forms everywhere a number goes.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, IntoDeserializer, MapAccess, Visitor};
use std::fmt;

/// A number, with its source if given.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure<T> {
    pub given: Given<T>,
    pub source: Option<String>,
}

/// What the number is: one value, or a range.
#[derive(Debug, Clone, PartialEq)]
pub enum Given<T> {
    Value(T),
    /// `between: [low, high]`: uniform.
    Between(T, T),
    /// `triangular: [low, likely, high]`.
    Triangular(T, T, T),
}

impl<T: Copy> Figure<T> {
    /// A plain number.
    pub fn value(value: T) -> Figure<T> {
        Figure {
            given: Given::Value(value),
            source: None,
        }
    }

    /// The value, when the figure is one number.
    pub fn point(&self) -> Option<T> {
        match self.given {
            Given::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// The keys of a figure written as a mapping.
pub const FIGURE_KEYS: &[&str] = &["value", "between", "triangular", "source"];

const EXPECTING: &str = "a number, a number with its source such as { value: 0.8, source: \"...\" }, \
     or a range such as { between: [low, high] } or { triangular: [low, likely, high] }";

struct FigureVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for FigureVisitor<T> {
    type Value = Figure<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTING)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Figure<T>, E> {
        T::deserialize(v.into_deserializer()).map(plain)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Figure<T>, E> {
        T::deserialize(v.into_deserializer()).map(plain)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Figure<T>, E> {
        T::deserialize(v.into_deserializer()).map(plain)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Figure<T>, E> {
        T::deserialize(de::value::U128Deserializer::<E>::new(v)).map(plain)
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Figure<T>, E> {
        T::deserialize(de::value::I128Deserializer::<E>::new(v)).map(plain)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Figure<T>, E> {
        if let Some(hint) = super::raw::number_hint(v) {
            return Err(E::custom(hint));
        }
        // The number's own type says what it takes (a whole number, a
        // real), and the words that a string is not one.
        T::deserialize(v.into_deserializer()).map(plain)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Figure<T>, E> {
        T::deserialize(v.into_deserializer()).map(plain)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Figure<T>, A::Error> {
        figure_from_map(map, None)
    }
}

fn plain<T>(value: T) -> Figure<T> {
    Figure {
        given: Given::Value(value),
        source: None,
    }
}

/// The rest of a figure's mapping, after `first` (its first key, when the
/// caller has read it already to tell a figure from something else).
pub(crate) fn figure_from_map<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    mut map: A,
    first: Option<String>,
) -> Result<Figure<T>, A::Error> {
    let mut given: Option<Given<T>> = None;
    let mut source: Option<String> = None;
    let mut next = first;
    if next.is_none() {
        next = map.next_key::<String>()?;
    }
    while let Some(key) = next {
        let form = match key.as_str() {
            "value" => Some(Given::Value(map.next_value::<T>()?)),
            "between" => {
                let values: Vec<T> = map.next_value()?;
                let mut values = values.into_iter();
                match (values.next(), values.next(), values.next()) {
                    (Some(low), Some(high), None) => Some(Given::Between(low, high)),
                    _ => {
                        return Err(de::Error::custom("between takes two numbers: [low, high]"));
                    }
                }
            }
            "triangular" => {
                let values: Vec<T> = map.next_value()?;
                let mut values = values.into_iter();
                match (values.next(), values.next(), values.next(), values.next()) {
                    (Some(low), Some(likely), Some(high), None) => {
                        Some(Given::Triangular(low, likely, high))
                    }
                    _ => {
                        return Err(de::Error::custom(
                            "triangular takes three numbers: [low, likely, high]",
                        ));
                    }
                }
            }
            "source" => {
                if source.is_some() {
                    return Err(de::Error::duplicate_field("source"));
                }
                source = Some(map.next_value()?);
                None
            }
            other => return Err(de::Error::unknown_field(other, FIGURE_KEYS)),
        };
        if let Some(form) = form {
            if given.is_some() {
                return Err(de::Error::custom(
                    "give one of value, between and triangular",
                ));
            }
            given = Some(form);
        }
        next = map.next_key::<String>()?;
    }
    match given {
        Some(given) => Ok(Figure { given, source }),
        None => Err(de::Error::custom(
            "give the number: value, between or triangular (source alone is not a number)",
        )),
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Figure<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FigureVisitor(std::marker::PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for Figure<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Figure_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let value = generator.subschema_for::<T>();
        schemars::json_schema!({
            "description": "A number; or { value: N, source: \"...\" } to cite where it came from; or a range drawn once per Monte Carlo trial, { between: [low, high] } or { triangular: [low, likely, high] }, with an optional source.",
            "anyOf": [
                value,
                {
                    "type": "object",
                    "properties": { "value": value, "source": { "type": "string" } },
                    "required": ["value"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "properties": {
                        "between": { "type": "array", "items": value, "minItems": 2, "maxItems": 2 },
                        "source": { "type": "string" }
                    },
                    "required": ["between"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "properties": {
                        "triangular": { "type": "array", "items": value, "minItems": 3, "maxItems": 3 },
                        "source": { "type": "string" }
                    },
                    "required": ["triangular"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// The JSON Schema of a probability (a number from 0 to 1), for the raw
/// fields that hold one as an `f64`: `#[schemars(with = "...")]`.
pub struct ProbabilityNumber;

impl JsonSchema for ProbabilityNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Probability".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A probability or share, 0 to 1.",
            "type": "number",
            "minimum": 0,
            "maximum": 1
        })
    }
}
