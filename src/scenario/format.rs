//! Questions about the scenario format, answered by its serde types
//! ([`super::raw`]) themselves: whether a key path names a key the format
//! has (and the nearest one if not), what kind of place it ends at, and
//! whether it takes whole numbers.
//!
//! The types are walked along the path by a deserializer that presents the
//! path as if it were the document, and stops where the path ends. A key
//! the format does not have is refused by the types' own `deny_unknown_fields`,
//! through this deserializer's own error type, so the answer arrives typed
//! and can never drift from what loading accepts.

use super::raw::RawScenario;
use crate::error::UnknownKey;
use serde::Deserialize;
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use std::fmt;

/// What sits at the end of a key path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A mapping of the format's own keys (an interceptor type, a delivery).
    Keys,
    /// A mapping of names the file chooses (`threats:`, `categories:`).
    Names,
    /// A single value or a list.
    Value,
}

/// The key the format does not have on the way along `path`, if any.
pub fn unknown_key(path: &[String]) -> Option<UnknownKey> {
    match walk(path, Offer::Look) {
        Stop::Unknown(unknown) => Some(unknown),
        _ => None,
    }
}

/// What the format has at the end of `path`; `None` if the path leaves
/// the format.
pub fn place(path: &[String]) -> Option<Place> {
    match walk(path, Offer::Look) {
        Stop::Reached(place) => Some(place),
        _ => None,
    }
}

/// Whether the value at `path` takes whole numbers only: it takes 1 and
/// refuses 0.5 (a count or a raid size, not a probability, a name or a
/// doctrine).
pub fn takes_whole_numbers(path: &[String]) -> bool {
    walk(path, Offer::One) == Stop::Took(true) && walk(path, Offer::Half) == Stop::Took(false)
}

/// What the walk offers the value at the end of the path.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Offer {
    /// Nothing: only say what is there.
    Look,
    /// The number 1.
    One,
    /// The number 0.5.
    Half,
}

/// How a walk ends. Every walk ends in an error, so that the types unwind
/// from wherever the path ends.
#[derive(Debug, Clone, PartialEq)]
enum Stop {
    Unknown(UnknownKey),
    Reached(Place),
    Took(bool),
    /// The path leaves the format (e.g. a key below a number).
    Elsewhere,
}

fn walk(path: &[String], offer: Offer) -> Stop {
    match RawScenario::deserialize(Walk { path, offer }) {
        Err(stop) => stop,
        Ok(_) => Stop::Elsewhere,
    }
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the walk along a key path stopped")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: fmt::Display>(_: T) -> Stop {
        Stop::Elsewhere
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Stop {
        Stop::Unknown(UnknownKey::new(field, expected))
    }
}

/// The document as the path: one key (or list entry) per segment.
struct Walk<'a> {
    path: &'a [String],
    offer: Offer,
}

impl<'a> Walk<'a> {
    /// At the end of the path: say what is there, or offer the number.
    fn arrive<'de, V: Visitor<'de>>(self, visitor: V, place: Place) -> Result<V::Value, Stop> {
        Err(match self.offer {
            Offer::Look => Stop::Reached(place),
            Offer::One => Stop::Took(visitor.visit_u64::<Stop>(1).is_ok()),
            Offer::Half => Stop::Took(visitor.visit_f64::<Stop>(0.5).is_ok()),
        })
    }

    fn next(&self) -> Option<One<'a>> {
        let (head, rest) = self.path.split_first()?;
        Some(One {
            head,
            rest,
            offer: self.offer,
            done: false,
        })
    }
}

impl<'de> Deserializer<'de> for Walk<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        match self.next() {
            None => self.arrive(visitor, Place::Value),
            Some(one) if one.head.parse::<usize>().is_ok() => visitor.visit_seq(one),
            Some(one) => visitor.visit_map(one),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        match self.next() {
            None => self.arrive(visitor, Place::Keys),
            Some(one) => visitor.visit_map(one),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        match self.next() {
            None => self.arrive(visitor, Place::Names),
            Some(one) => visitor.visit_map(one),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        match self.next() {
            None => self.arrive(visitor, Place::Value),
            Some(one) if one.head.parse::<usize>().is_ok() => visitor.visit_seq(one),
            Some(_) => Err(Stop::Elsewhere),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct tuple tuple_struct enum
        identifier ignored_any
    }
}

/// One step of the path: a mapping with one key, or a list with one entry.
struct One<'a> {
    head: &'a str,
    rest: &'a [String],
    offer: Offer,
    done: bool,
}

impl<'de> MapAccess<'de> for One<'_> {
    type Error = Stop;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stop> {
        if self.done {
            return Ok(None);
        }
        self.done = true;
        let key: de::value::StrDeserializer<'_, Stop> = self.head.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stop> {
        seed.deserialize(Walk {
            path: self.rest,
            offer: self.offer,
        })
    }
}

impl<'de> SeqAccess<'de> for One<'_> {
    type Error = Stop;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Stop> {
        if self.done {
            return Ok(None);
        }
        self.done = true;
        seed.deserialize(Walk {
            path: self.rest,
            offer: self.offer,
        })
        .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(key: &str) -> Vec<String> {
        key.split('.').map(str::to_string).collect()
    }

    #[test]
    fn unknown_keys_come_with_the_keys_there_are() {
        let unknown = unknown_key(&path("stockpil")).unwrap();
        assert_eq!(unknown.suggestion.as_deref(), Some("stockpile"));
        assert_eq!(unknown.expected[0], "name");
        let unknown = unknown_key(&path("deliveries.0.cont")).unwrap();
        assert_eq!(unknown.suggestion.as_deref(), Some("count"));
        // Inside a raid distribution, a per-type map and a long-form threat.
        assert_eq!(
            unknown_key(&path("missiles_per_night.poison"))
                .unwrap()
                .suggestion
                .as_deref(),
            Some("poisson")
        );
        assert_eq!(
            unknown_key(&path("threats.any-name.pkk"))
                .unwrap()
                .suggestion
                .as_deref(),
            Some("pk")
        );
        for known in [
            "stockpile",
            "deliveries.3.count",
            "threats.ballistic.interceptors_per_kill.pac3",
            "interceptors.pac3.ration.below",
            "missiles_per_night.negative_binomial.mean",
        ] {
            assert_eq!(unknown_key(&path(known)), None, "{known}");
        }
    }

    #[test]
    fn places_and_whole_numbers() {
        assert_eq!(place(&[]), Some(Place::Keys));
        assert_eq!(place(&path("threats")), Some(Place::Names));
        assert_eq!(place(&path("deliveries.0")), Some(Place::Keys));
        assert_eq!(place(&path("pk")), Some(Place::Value));
        assert_eq!(place(&path("stockpile.count")), None);
        for whole in [
            "stockpile",
            "missiles_per_night",
            "missiles_per_night.2",
            "deliveries.0.count",
            "threats.b.interceptors_per_kill",
            "threats.b.interceptors_per_kill.pac3",
        ] {
            assert!(takes_whole_numbers(&path(whole)), "{whole}");
        }
        for not in [
            "pk",
            "threats.b.pk.pac3",
            "doctrine",
            "name",
            "production.0.per_month",
        ] {
            assert!(!takes_whole_numbers(&path(not)), "{not}");
        }
    }
}
