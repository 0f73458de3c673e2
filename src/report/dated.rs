//! Dates beside nights in JSON, by one rule, without the summary knowing
//! the calendar: a serializer that passes everything through and, after
//! each night field, writes its date.
//!
//! The rule (docs/output.md, "JSON output"): when the scenario has a `start_date`,
//! each summary field that is a night is followed by its date, `null` when
//! the night is: `first_shortfall_night` by `first_shortfall_date`,
//! `exhausted_night` by `exhausted_date` (in the summary and per type),
//! `dry_night` by `dry_date` (per threat), `runs_out_first.night` by
//! `runs_out_first.date`; and in the spread of a night figure
//! (`distribution.first_shortfall_night`, `distribution.exhausted_night`,
//! `distribution.runs_out_first.attack_night` and `defence_night`) each
//! percentile by its date (`p5_date`, `p50_date`, `p95_date`). A mean is
//! not a night and has none; the rank correlations under `drivers` are not
//! nights either.

use crate::cell::night_date;
use crate::date::Date;
use serde::ser::{
    Impossible, Serialize, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant,
    SerializeTuple, SerializeTupleStruct, SerializeTupleVariant, Serializer,
};

/// The calendar date of a night.
pub type DateOf<'a> = &'a dyn Fn(u32) -> Option<Date>;

/// Where in the summary a value sits, for the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Night fields get dates.
    Fields,
    /// The spread of a night figure: its percentiles get dates.
    NightSpread,
    /// Nothing below gets a date (the drivers' correlations).
    Off,
}

/// The figures whose spreads are spreads of nights.
const NIGHT_SPREADS: [&str; 4] = [
    "first_shortfall_night",
    "exhausted_night",
    "attack_night",
    "defence_night",
];

/// The date field that follows `key`, if `key` is a night here.
fn date_key(context: Context, key: &str) -> Option<&'static str> {
    match (context, key) {
        (Context::Fields, "first_shortfall_night") => Some("first_shortfall_date"),
        (Context::Fields, "exhausted_night") => Some("exhausted_date"),
        (Context::Fields, "dry_night") => Some("dry_date"),
        (Context::Fields, "night") => Some("date"),
        (Context::NightSpread, "p5") => Some("p5_date"),
        (Context::NightSpread, "p50") => Some("p50_date"),
        (Context::NightSpread, "p95") => Some("p95_date"),
        _ => None,
    }
}

/// `value`, serialized with a date after each of its night fields.
pub struct Dated<'a, T: ?Sized> {
    value: &'a T,
    date_of: DateOf<'a>,
    context: Context,
}

/// `value` (a summary) with dates by `date_of`.
pub fn dated<'a, T: ?Sized>(value: &'a T, date_of: DateOf<'a>) -> Dated<'a, T> {
    Dated {
        value,
        date_of,
        context: Context::Fields,
    }
}

impl<T: Serialize + ?Sized> Serialize for Dated<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(Dating {
            inner: serializer,
            date_of: self.date_of,
            context: self.context,
        })
    }
}

struct Dating<'a, S> {
    inner: S,
    date_of: DateOf<'a>,
    context: Context,
}

/// A compound being serialized, its parts dated in `context`.
struct Parts<'a, T> {
    inner: T,
    date_of: DateOf<'a>,
    context: Context,
}

impl<'a, S> Dating<'a, S> {
    fn wrap<'v, V: ?Sized>(&self, value: &'v V) -> Dated<'v, V>
    where
        'a: 'v,
    {
        Dated {
            value,
            date_of: self.date_of,
            context: self.context,
        }
    }
}

impl<'a, T> Parts<'a, T> {
    fn wrap<'v, V: ?Sized>(&self, value: &'v V) -> Dated<'v, V>
    where
        'a: 'v,
    {
        Dated {
            value,
            date_of: self.date_of,
            context: self.context,
        }
    }
}

/// A compound's serializer, its parts to be dated in `context`.
fn parts<'a, T, E>(
    date_of: DateOf<'a>,
    context: Context,
    inner: Result<T, E>,
) -> Result<Parts<'a, T>, E> {
    inner.map(|inner| Parts {
        inner,
        date_of,
        context,
    })
}

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $method(self $(, $arg: $ty)*) -> Result<S::Ok, S::Error> {
            self.inner.$method($($arg),*)
        })*
    };
}

impl<'a, S: Serializer> Serializer for Dating<'a, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Parts<'a, S::SerializeSeq>;
    type SerializeTuple = Parts<'a, S::SerializeTuple>;
    type SerializeTupleStruct = Parts<'a, S::SerializeTupleStruct>;
    type SerializeTupleVariant = Parts<'a, S::SerializeTupleVariant>;
    type SerializeMap = Parts<'a, S::SerializeMap>;
    type SerializeStruct = Parts<'a, S::SerializeStruct>;
    type SerializeStructVariant = Parts<'a, S::SerializeStructVariant>;

    forward! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_f32(v: f32);
        serialize_f64(v: f64);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        let value = self.wrap(value);
        self.inner.serialize_some(&value)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        let value = self.wrap(value);
        self.inner.serialize_newtype_struct(name, &value)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        let value = self.wrap(value);
        self.inner
            .serialize_newtype_variant(name, index, variant, &value)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        let (date_of, context) = (self.date_of, self.context);
        parts(date_of, context, self.inner.serialize_seq(len))
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        let (date_of, context) = (self.date_of, self.context);
        parts(date_of, context, self.inner.serialize_tuple(len))
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        let (date_of, context) = (self.date_of, self.context);
        parts(
            date_of,
            context,
            self.inner.serialize_tuple_struct(name, len),
        )
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        let (date_of, context) = (self.date_of, self.context);
        parts(
            date_of,
            context,
            self.inner
                .serialize_tuple_variant(name, index, variant, len),
        )
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        let (date_of, context) = (self.date_of, self.context);
        parts(date_of, context, self.inner.serialize_map(len))
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        let (date_of, context) = (self.date_of, self.context);
        parts(date_of, context, self.inner.serialize_struct(name, len))
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        let (date_of, context) = (self.date_of, self.context);
        parts(
            date_of,
            context,
            self.inner
                .serialize_struct_variant(name, index, variant, len),
        )
    }
}

macro_rules! elements {
    ($trait:ident, $method:ident) => {
        impl<T: $trait> $trait for Parts<'_, T> {
            type Ok = T::Ok;
            type Error = T::Error;

            fn $method<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), T::Error> {
                let value = self.wrap(value);
                self.inner.$method(&value)
            }

            fn end(self) -> Result<T::Ok, T::Error> {
                self.inner.end()
            }
        }
    };
}

elements!(SerializeSeq, serialize_element);
elements!(SerializeTuple, serialize_element);
elements!(SerializeTupleStruct, serialize_field);
elements!(SerializeTupleVariant, serialize_field);

impl<T: SerializeMap> SerializeMap for Parts<'_, T> {
    type Ok = T::Ok;
    type Error = T::Error;

    fn serialize_key<K: Serialize + ?Sized>(&mut self, key: &K) -> Result<(), T::Error> {
        self.inner.serialize_key(key)
    }

    fn serialize_value<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), T::Error> {
        let value = self.wrap(value);
        self.inner.serialize_value(&value)
    }

    fn end(self) -> Result<T::Ok, T::Error> {
        self.inner.end()
    }
}

impl<T: SerializeStructVariant> SerializeStructVariant for Parts<'_, T> {
    type Ok = T::Ok;
    type Error = T::Error;

    fn serialize_field<V: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &V,
    ) -> Result<(), T::Error> {
        let value = self.wrap(value);
        self.inner.serialize_field(key, &value)
    }

    fn end(self) -> Result<T::Ok, T::Error> {
        self.inner.end()
    }
}

impl<T: SerializeStruct> SerializeStruct for Parts<'_, T> {
    type Ok = T::Ok;
    type Error = T::Error;

    fn serialize_field<V: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &V,
    ) -> Result<(), T::Error> {
        let child = match self.context {
            Context::Off => Context::Off,
            _ if key == "drivers" => Context::Off,
            _ if NIGHT_SPREADS.contains(&key) => Context::NightSpread,
            _ => Context::Fields,
        };
        self.inner.serialize_field(
            key,
            &Dated {
                value,
                date_of: self.date_of,
                context: child,
            },
        )?;
        if let Some(date_key) = date_key(self.context, key) {
            match value.serialize(Probe) {
                Ok(Probed::Night(night)) => {
                    let date = night_date(night, self.date_of);
                    self.inner.serialize_field(date_key, &date)?;
                }
                Ok(Probed::Never) => self.inner.serialize_field(date_key, &None::<Date>)?,
                // A spread (a struct) has no one date.
                Ok(Probed::Other) | Err(_) => {}
            }
        }
        Ok(())
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), T::Error> {
        self.inner.skip_field(key)
    }

    fn end(self) -> Result<T::Ok, T::Error> {
        self.inner.end()
    }
}

/// What a field holds, as far as dating it goes.
enum Probed {
    Night(f64),
    Never,
    Other,
}

/// Reads a field's number, if it is one.
struct Probe;

type NotANumber = Impossible<Probed, std::fmt::Error>;

fn other() -> Result<NotANumber, std::fmt::Error> {
    Err(std::fmt::Error)
}

macro_rules! number {
    ($($method:ident($ty:ty);)*) => {
        $(fn $method(self, v: $ty) -> Result<Probed, std::fmt::Error> {
            Ok(Probed::Night(v as f64))
        })*
    };
}

macro_rules! not_a_number {
    ($($method:ident($($ty:ty),*);)*) => {
        $(fn $method(self $(, _: $ty)*) -> Result<Probed, std::fmt::Error> {
            Ok(Probed::Other)
        })*
    };
}

impl Serializer for Probe {
    type Ok = Probed;
    type Error = std::fmt::Error;
    type SerializeSeq = NotANumber;
    type SerializeTuple = NotANumber;
    type SerializeTupleStruct = NotANumber;
    type SerializeTupleVariant = NotANumber;
    type SerializeMap = NotANumber;
    type SerializeStruct = NotANumber;
    type SerializeStructVariant = NotANumber;

    number! {
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
    }

    not_a_number! {
        serialize_bool(bool);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_none(self) -> Result<Probed, std::fmt::Error> {
        Ok(Probed::Never)
    }

    fn serialize_unit(self) -> Result<Probed, std::fmt::Error> {
        Ok(Probed::Never)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Probed, std::fmt::Error> {
        value.serialize(Probe)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Probed, std::fmt::Error> {
        value.serialize(Probe)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Probed, std::fmt::Error> {
        Ok(Probed::Other)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<NotANumber, std::fmt::Error> {
        other()
    }

    fn serialize_tuple(self, _: usize) -> Result<NotANumber, std::fmt::Error> {
        other()
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<NotANumber, std::fmt::Error> {
        other()
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<NotANumber, std::fmt::Error> {
        other()
    }

    fn serialize_map(self, _: Option<usize>) -> Result<NotANumber, std::fmt::Error> {
        other()
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<NotANumber, std::fmt::Error> {
        other()
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<NotANumber, std::fmt::Error> {
        other()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::{RunsOutFirst, Side, Spread};

    #[derive(serde::Serialize)]
    struct Example {
        first_shortfall_night: Option<f64>,
        exhausted_night: Option<f64>,
        runs_out_first: Option<RunsOutFirst>,
        by_threat: Vec<Threat>,
        distribution: Distribution,
        drivers: Vec<Driver>,
    }

    #[derive(serde::Serialize)]
    struct Threat {
        name: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        dry_night: Option<Option<f64>>,
    }

    #[derive(serde::Serialize)]
    struct Distribution {
        first_shortfall_night: Spread,
        leakers: Spread,
    }

    #[derive(serde::Serialize)]
    struct Driver {
        input: &'static str,
        first_shortfall_night: Option<f64>,
    }

    #[test]
    fn nights_are_followed_by_their_dates() {
        let spread = Spread {
            mean: 43.5,
            p5: Some(1.0),
            p50: Some(43.0),
            p95: None,
        };
        let example = Example {
            first_shortfall_night: Some(43.0),
            exhausted_night: None,
            runs_out_first: Some(RunsOutFirst {
                side: Side::Attack,
                night: 40.0,
                name: "ballistic".into(),
            }),
            by_threat: vec![
                Threat {
                    name: "ballistic",
                    dry_night: Some(Some(40.0)),
                },
                Threat {
                    name: "drones",
                    dry_night: None,
                },
            ],
            distribution: Distribution {
                first_shortfall_night: spread,
                leakers: spread,
            },
            drivers: vec![Driver {
                input: "stockpile",
                first_shortfall_night: Some(0.9),
            }],
        };
        // Night 1 is 10 July 2025: night 43 is 21 August, night 40 the 18th.
        let start = Date::parse("2025-07-10").unwrap();
        let date_of = move |n: u32| start.add_days(i64::from(n) - 1);
        let json = serde_json::to_string(&dated(&example, &date_of)).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"first_shortfall_night":43.0,"first_shortfall_date":"2025-08-21","#,
                r#""exhausted_night":null,"exhausted_date":null,"#,
                r#""runs_out_first":{"side":"attack","night":40,"date":"2025-08-18","name":"ballistic"},"#,
                r#""by_threat":[{"name":"ballistic","dry_night":40.0,"dry_date":"2025-08-18"},{"name":"drones"}],"#,
                r#""distribution":{"first_shortfall_night":{"mean":43.5,"p5":1,"p5_date":"2025-07-10","#,
                r#""p50":43,"p50_date":"2025-08-21","p95":null,"p95_date":null},"#,
                r#""leakers":{"mean":43.5,"p5":1,"p50":43,"p95":null}},"#,
                r#""drivers":[{"input":"stockpile","first_shortfall_night":0.9}]}"#
            )
        );
    }
}
