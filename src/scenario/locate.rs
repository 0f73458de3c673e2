//! Finding where a key path is written in a YAML file.
//!
//! serde_yaml's values carry no positions, but its errors do: an error raised
//! while a value is being read carries that value's line and column. So to
//! find `threats.ballistic.interceptors_per_kill` the file is walked by a
//! deserializer that follows the path and raises a marker error when it
//! reaches the value; the error's location is the answer.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

const FOUND: &str = "magdepth: location found";

struct Seek<'a> {
    path: &'a [String],
}

impl<'de> DeserializeSeed<'de> for Seek<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.path.is_empty() {
            // Read the value's first event, so that the marker error carries
            // the value's own position.
            return deserializer.deserialize_any(Found);
        }
        deserializer.deserialize_any(self)
    }
}

/// Raises the marker error as soon as a value starts.
struct Found;

impl<'de> Visitor<'de> for Found {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
}

impl<'de> Visitor<'de> for Seek<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<serde_yaml::Value>()? {
            let name = match &key {
                serde_yaml::Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            };
            if name == self.path[0] {
                return map.next_value_seed(Seek {
                    path: &self.path[1..],
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
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match (Seek { path }).deserialize(deserializer) {
        Err(error) if error.to_string().contains(FOUND) => {
            error.location().map(|at| (at.line(), at.column()))
        }
        _ => None,
    }
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
    fn absent_paths_are_none() {
        assert_eq!(locate_key_path(TEXT, "stockpile"), None);
        assert_eq!(locate_key_path(TEXT, "deliveries.7.night"), None);
        assert_eq!(locate_key_path(TEXT, "name.deeper"), None);
    }
}
