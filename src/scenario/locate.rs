//! Finding where a key path is written in a YAML file, and a key written
//! twice in one mapping.
//!
//! serde_yaml's values carry no positions, but its errors do: an error raised
//! while a value is being read carries that value's line and column. So to
//! find `threats.ballistic.interceptors_per_kill` the file is walked by a
//! deserializer that follows the path and raises an error when it reaches
//! the value; the error's location is the answer. Whether the walk got there
//! is kept in a flag beside it, never read from the error's words.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cell::{Cell, RefCell};
use std::fmt;

/// What the walk looks for at the end of the path.
#[derive(Clone, Copy)]
enum Goal<'a> {
    /// The value there.
    Value(&'a Cell<bool>),
    /// The first key of the mapping there that repeats an earlier one.
    Repeat(&'a RefCell<Option<String>>),
}

struct Seek<'a> {
    path: &'a [String],
    goal: Goal<'a>,
}

/// Stops the walk as soon as a value starts: the error carries its place.
fn stop<E: de::Error>(found: &Cell<bool>) -> E {
    found.set(true);
    E::custom("stop at the value")
}

impl<'de> DeserializeSeed<'de> for Seek<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match (self.path.is_empty(), self.goal) {
            // Read the value's first event, so that the stop carries the
            // value's own position.
            (true, Goal::Value(found)) => deserializer.deserialize_any(Found(found)),
            (true, Goal::Repeat(repeated)) => deserializer.deserialize_any(Repeats(repeated)),
            (false, _) => deserializer.deserialize_any(self),
        }
    }
}

/// Stops as soon as a value starts.
struct Found<'a>(&'a Cell<bool>);

impl<'de> Visitor<'de> for Found<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(stop(self.0))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(stop(self.0))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(stop(self.0))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(stop(self.0))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(stop(self.0))
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Err(stop(self.0))
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Err(stop(self.0))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(stop(self.0))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(stop(self.0))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(stop(self.0))
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Err(stop(self.0))
    }
}

/// Reads a mapping's keys, stopping at the first that repeats an earlier
/// one (the error then carries that key's place).
struct Repeats<'a>(&'a RefCell<Option<String>>);

impl<'de> Visitor<'de> for Repeats<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen: Vec<serde_yaml::Value> = Vec::new();
        while map
            .next_key_seed(NewKey {
                seen: &mut seen,
                repeated: self.0,
            })?
            .is_some()
        {
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// One key of a mapping, refused (with its place) if it was seen before.
struct NewKey<'a, 'b> {
    seen: &'a mut Vec<serde_yaml::Value>,
    repeated: &'b RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for NewKey<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        // Refused while the key is being read, so that the error carries the
        // key's own place rather than the mapping's.
        deserializer.deserialize_any(self)
    }
}

impl NewKey<'_, '_> {
    fn check<E: de::Error>(self, key: serde_yaml::Value) -> Result<(), E> {
        if self.seen.contains(&key) {
            *self.repeated.borrow_mut() = Some(key_name(&key));
            return Err(E::custom("stop at the repeated key"));
        }
        self.seen.push(key);
        Ok(())
    }
}

impl<'de> Visitor<'de> for NewKey<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<(), E> {
        self.check(key.into())
    }
    fn visit_bool<E: de::Error>(self, key: bool) -> Result<(), E> {
        self.check(key.into())
    }
    fn visit_i64<E: de::Error>(self, key: i64) -> Result<(), E> {
        self.check(key.into())
    }
    fn visit_u64<E: de::Error>(self, key: u64) -> Result<(), E> {
        self.check(key.into())
    }
    fn visit_f64<E: de::Error>(self, key: f64) -> Result<(), E> {
        self.check(key.into())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.check(serde_yaml::Value::Null)
    }
    // A key that is itself a list or a mapping cannot repeat a plain one.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

fn key_name(key: &serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

impl<'de> Visitor<'de> for Seek<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<serde_yaml::Value>()? {
            if key_name(&key) == self.path[0] {
                return map.next_value_seed(Seek {
                    path: &self.path[1..],
                    goal: self.goal,
                });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Ok(wanted) = self.path[0].parse::<usize>() else {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let mut index = 0;
        loop {
            if index == wanted {
                let found = seq.next_element_seed(Seek {
                    path: &self.path[1..],
                    goal: self.goal,
                })?;
                if found.is_none() {
                    return Ok(());
                }
            } else if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    // Scalars: the path goes deeper than the document; not found.
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Line and column (1-based) where the value at `path` (segments) is
/// written in `text`. `None` if the file does not write it (e.g. it comes
/// from a merge key or a base file).
pub fn locate(text: &str, path: &[String]) -> Option<(usize, usize)> {
    if path.is_empty() {
        return None;
    }
    let found = Cell::new(false);
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let walked = Seek {
        path,
        goal: Goal::Value(&found),
    }
    .deserialize(deserializer);
    match walked {
        Err(error) if found.get() => error.location().map(|at| (at.line(), at.column())),
        _ => None,
    }
}

/// The first key of the mapping at `path` (segments; empty for the top of
/// the file) that repeats an earlier key of the same mapping: its name,
/// line and column (1-based).
pub fn repeated_key(text: &str, path: &[String]) -> Option<(String, usize, usize)> {
    let repeated = RefCell::new(None);
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let walked = Seek {
        path,
        goal: Goal::Repeat(&repeated),
    }
    .deserialize(deserializer);
    let name = repeated.into_inner()?;
    let at = walked.err()?.location()?;
    Some((name, at.line(), at.column()))
}

/// [`locate`] for a dotted key path such as `deliveries.0.night`.
pub fn locate_key_path(text: &str, key: &str) -> Option<(usize, usize)> {
    let path: Vec<String> = key.split('.').map(str::to_string).collect();
    locate(text, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
name: x
interceptors:
  pac3: { stockpile: 60, pk: 0.8 }
threats:
  ballistic:
    missiles_per_night: 8
    engaged_by: [pac3]
deliveries:
  - { night: 3, count: 10 }
  - { night: 0, count: 5 }
";

    #[test]
    fn finds_values_in_maps_and_lists() {
        assert_eq!(locate_key_path(TEXT, "name"), Some((1, 7)));
        assert_eq!(locate_key_path(TEXT, "interceptors.pac3.pk"), Some((3, 30)));
        assert_eq!(
            locate_key_path(TEXT, "threats.ballistic.missiles_per_night"),
            Some((6, 25))
        );
        assert_eq!(locate_key_path(TEXT, "deliveries.1.night"), Some((10, 14)));
        assert_eq!(
            locate_key_path(TEXT, "threats.ballistic.engaged_by.0"),
            Some((7, 18))
        );
    }

    #[test]
    fn repeated_keys_are_found_where_they_repeat() {
        let text = "a: 1\nb: { x: 1, y: 2, x: 3 }\na: 2\n";
        assert_eq!(repeated_key(text, &[]), Some(("a".into(), 3, 1)));
        assert_eq!(
            repeated_key(text, &["b".to_string()]),
            Some(("x".into(), 2, 18))
        );
        assert_eq!(repeated_key(TEXT, &[]), None);
    }

    #[test]
    fn absent_paths_are_none() {
        assert_eq!(locate_key_path(TEXT, "stockpile"), None);
        assert_eq!(locate_key_path(TEXT, "deliveries.7.night"), None);
        assert_eq!(locate_key_path(TEXT, "name.deeper"), None);
    }
}
