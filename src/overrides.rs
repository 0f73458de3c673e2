//! Overrides: setting one value of a scenario document by a dotted key path,
//! for sweeps, solves and sensitivity tables.
//!
//! A key path names a value in the YAML document the way error messages do:
//! `missiles_per_night`, `deliveries.0.count`,
//! `threats.ballistic.missiles_per_night`, `interceptors.pac3-mse.stockpile`.
//! A segment indexes a list when it is a number and the value there is a
//! list. The document is parsed once; each override applies to a clone of it,
//! and [`crate::scenario::Source::compile`] then validates the result.

use crate::error::UnknownKey;
use crate::printable::{must_escape, printable};
use crate::suggest::nearest;
use serde_yaml::{Mapping, Value};
use std::fmt;
use std::str::FromStr;

/// A dotted path into a scenario document, e.g. `deliveries.0.count`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyPath(Vec<String>);

impl KeyPath {
    pub fn segments(&self) -> &[String] {
        &self.0
    }

    /// The last segment: the key that is set.
    pub fn leaf(&self) -> &str {
        self.0.last().map_or("", String::as_str)
    }

    /// Whether the dotted key path `key` is this path or lies below it.
    pub fn covers(&self, key: &str) -> bool {
        let mut segments = key.split('.');
        self.0
            .iter()
            .all(|own| segments.next().is_some_and(|segment| segment == own))
    }
}

/// One value set by key path (a point of a sweep, solve or sensitivity table).
pub type Override = (KeyPath, Scalar);

impl FromStr for KeyPath {
    type Err = String;

    fn from_str(text: &str) -> Result<KeyPath, String> {
        if text.is_empty() {
            return Err("the key is empty; give a key path such as `stockpile`".into());
        }
        // Key paths come from the command line and are quoted in errors, so
        // what they quote is shown escaped (a fuzz finding: an escape
        // sequence in a key reached the terminal). No name a key path can
        // reach holds a control character.
        let shown = printable(text);
        if text.chars().any(char::is_whitespace) {
            return Err(format!("`{shown}`: a key path has no spaces"));
        }
        if text.chars().any(must_escape) {
            return Err(format!("`{shown}`: a key path has no control characters"));
        }
        let segments: Vec<String> = text.split('.').map(str::to_string).collect();
        if segments.iter().any(String::is_empty) {
            return Err(format!(
                "`{shown}`: empty segment; key paths look like `deliveries.0.count`"
            ));
        }
        if segments[0] == "extends" {
            // The chain of files is read before any value is set, so a set
            // `extends` would name a base that is never read.
            return Err(
                "`extends` names a base file, read before any value is set, so it cannot be set; \
                 write a file with `extends:` instead"
                    .into(),
            );
        }
        Ok(KeyPath(segments))
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("."))
    }
}

/// One value to set: a YAML scalar.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Int(i64),
    Real(f64),
    Bool(bool),
    Text(String),
}

impl Scalar {
    /// Parses one YAML scalar: `12`, `0.7`, `1e3`, `true`, `salvo`.
    pub fn parse(text: &str) -> Result<Scalar, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("an empty value".into());
        }
        // Quoted in errors: shown escaped, as a key path is.
        let shown = printable(text);
        match serde_yaml::from_str::<Value>(text) {
            Ok(Value::Number(n)) => {
                if let Some(i) = n.as_i64() {
                    Ok(Scalar::Int(i))
                } else if let Some(x) = n.as_f64().filter(|x| x.is_finite()) {
                    if n.is_u64() {
                        Err(format!("`{shown}` is too large"))
                    } else {
                        Ok(Scalar::Real(x))
                    }
                } else {
                    Err(format!("`{shown}` is not a finite number"))
                }
            }
            Ok(Value::Bool(b)) => Ok(Scalar::Bool(b)),
            Ok(Value::String(s)) => Ok(Scalar::Text(s)),
            _ => Err(format!(
                "`{shown}` is not a single value (a number, true/false or a word)"
            )),
        }
    }

    /// The value as a number, if it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Scalar::Int(i) => Some(*i as f64),
            Scalar::Real(x) => Some(*x),
            _ => None,
        }
    }

    /// The scalar as a YAML value.
    pub fn to_yaml(&self) -> Value {
        match self {
            Scalar::Int(i) => Value::Number((*i).into()),
            Scalar::Real(x) => Value::Number((*x).into()),
            Scalar::Bool(b) => Value::Bool(*b),
            Scalar::Text(s) => Value::String(s.clone()),
        }
    }

    /// A YAML scalar of the document as a [`Scalar`], if it is one.
    pub fn from_yaml(value: &Value) -> Option<Scalar> {
        match value {
            Value::Number(n) => n
                .as_i64()
                .map(Scalar::Int)
                .or_else(|| n.as_f64().map(Scalar::Real)),
            Value::Bool(b) => Some(Scalar::Bool(*b)),
            Value::String(s) => Some(Scalar::Text(s.clone())),
            _ => None,
        }
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Int(i) => write!(f, "{i}"),
            Scalar::Real(x) => write!(f, "{x}"),
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Text(s) => f.write_str(s),
        }
    }
}

/// Why a key path cannot be set: a usage error, naming the nearest key where
/// there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub key: String,
    pub kind: PathErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathErrorKind {
    /// The path does not lead through the document, in words.
    Document(String),
    /// The document could take the key, but the scenario format has none.
    NotInFormat(UnknownKey),
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "key `{}`: {}", printable(&self.key), self.kind)
    }
}

impl fmt::Display for PathErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The words name the file's own keys, shown escaped.
            PathErrorKind::Document(words) => f.write_str(&printable(words)),
            PathErrorKind::NotInFormat(unknown) => {
                f.write_str("the scenario format has no such key")?;
                match unknown.hint() {
                    Some(hint) => write!(f, "; {hint}"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// What a key path reaches in the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot<'a> {
    /// A value the file gives.
    Filled(&'a Value),
    /// A key the file does not give, in a mapping that exists: valid if the
    /// scenario format knows it.
    Empty,
}

/// Follows `path` through `doc`. Every segment but the last must exist; the
/// last may be absent from its mapping.
pub fn resolve<'a>(doc: &'a Value, path: &KeyPath) -> Result<Slot<'a>, PathError> {
    let mut node = doc;
    let segments = path.segments();
    for (depth, segment) in segments.iter().enumerate() {
        let last = depth + 1 == segments.len();
        let here = || segments[..depth].join(".");
        let error = |words: String| PathError {
            key: path.to_string(),
            kind: PathErrorKind::Document(words),
        };
        match node {
            Value::Mapping(map) => match map.get(segment.as_str()) {
                Some(next) => node = next,
                None if last => return Ok(Slot::Empty),
                None => {
                    let keys = mapping_keys(map);
                    let place = if depth == 0 {
                        "at the top of the file".to_string()
                    } else {
                        format!("under `{}`", here())
                    };
                    let near = nearest(segment, keys.iter().map(String::as_str));
                    let index = &segments[depth + 1];
                    let message = match near {
                        Some(near) => {
                            format!("the file has no `{segment}` {place}; did you mean `{near}`?")
                        }
                        None if index.parse::<usize>().is_ok() => format!(
                            "the file gives no `{segment}` list {place}, so there is no entry {index}"
                        ),
                        None if keys.is_empty() => format!("the file has no `{segment}` {place}"),
                        None => format!(
                            "the file has no `{segment}` {place}; the keys there are: {}",
                            keys.join(", ")
                        ),
                    };
                    return Err(error(message));
                }
            },
            Value::Sequence(list) => {
                let Ok(index) = segment.parse::<usize>() else {
                    return Err(error(format!(
                        "`{}` is a list; index it by number, e.g. `{}.0`",
                        here(),
                        here()
                    )));
                };
                match list.get(index) {
                    Some(next) => node = next,
                    None => {
                        return Err(error(format!(
                            "`{}` has {} entr{} (numbered from 0), so there is no entry {index}",
                            here(),
                            list.len(),
                            if list.len() == 1 { "y" } else { "ies" }
                        )));
                    }
                }
            }
            Value::Tagged(_)
            | Value::Null
            | Value::Bool(_)
            | Value::Number(_)
            | Value::String(_) => {
                let message = if depth == 0 {
                    "the file is not a mapping of keys".to_string()
                } else {
                    format!(
                        "`{}` is a single value, so it has no `{segment}` inside it",
                        here()
                    )
                };
                return Err(error(message));
            }
        }
    }
    Ok(Slot::Filled(node))
}

/// Sets the value at `path` in `doc` (see [`resolve`] for what must exist).
pub fn apply(doc: &mut Value, path: &KeyPath, value: Value) -> Result<(), PathError> {
    resolve(doc, path)?;
    let segments = path.segments();
    let mut node = doc;
    for segment in &segments[..segments.len() - 1] {
        node = match node {
            Value::Mapping(map) => map.get_mut(segment.as_str()),
            Value::Sequence(list) => segment.parse::<usize>().ok().and_then(|i| list.get_mut(i)),
            _ => None,
        }
        .ok_or_else(|| lost(path))?;
    }
    let leaf = path.leaf();
    match node {
        Value::Mapping(map) => {
            map.insert(Value::String(leaf.to_string()), value);
        }
        Value::Sequence(list) => {
            // `resolve` checked the index.
            if let Some(slot) = leaf.parse::<usize>().ok().and_then(|i| list.get_mut(i)) {
                *slot = value;
            }
        }
        _ => return Err(lost(path)),
    }
    Ok(())
}

/// `resolve` checked the path, so this is never expected.
fn lost(path: &KeyPath) -> PathError {
    PathError {
        key: path.to_string(),
        kind: PathErrorKind::Document("the path does not lead to a value".into()),
    }
}

fn mapping_keys(map: &Mapping) -> Vec<String> {
    map.keys()
        .filter_map(|k| k.as_str().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        serde_yaml::from_str(
            "stockpile: 100\nmissiles_per_night: 12\ndeliveries:\n  - { night: 3, count: 10 }\n",
        )
        .unwrap()
    }

    #[test]
    fn sets_top_level_nested_and_absent_keys() {
        let mut d = doc();
        apply(
            &mut d,
            &"stockpile".parse().unwrap(),
            Scalar::Int(5).to_yaml(),
        )
        .unwrap();
        apply(&mut d, &"deliveries.0.count".parse().unwrap(), 7.into()).unwrap();
        apply(&mut d, &"pk".parse().unwrap(), 0.5.into()).unwrap();
        assert_eq!(d["stockpile"], Value::from(5));
        assert_eq!(d["deliveries"][0]["count"], Value::from(7));
        assert_eq!(d["pk"], Value::from(0.5));
    }

    #[test]
    fn extends_cannot_be_set() {
        let e = "extends".parse::<KeyPath>().unwrap_err();
        assert!(e.contains("cannot be set"), "{e}");
    }

    #[test]
    fn bad_paths_say_why() {
        let d = doc();
        let err = |p: &str| {
            resolve(&d, &p.parse().unwrap())
                .unwrap_err()
                .kind
                .to_string()
        };
        assert_eq!(
            err("deliveries.1.count"),
            "`deliveries` has 1 entry (numbered from 0), so there is no entry 1"
        );
        assert_eq!(
            err("delivries.0.count"),
            "the file has no `delivries` at the top of the file; did you mean `deliveries`?"
        );
        assert_eq!(
            err("stockpile.count"),
            "`stockpile` is a single value, so it has no `count` inside it"
        );
        assert_eq!(
            err("deliveries.first.count"),
            "`deliveries` is a list; index it by number, e.g. `deliveries.0`"
        );
    }

    #[test]
    fn control_characters_are_refused_and_shown_escaped() {
        assert_eq!(
            "pk\x1b[2J".parse::<KeyPath>().unwrap_err(),
            "`pk\\x1b[2J`: a key path has no control characters"
        );
        assert_eq!(
            "a\x07 b".parse::<KeyPath>().unwrap_err(),
            "`a\\x07 b`: a key path has no spaces"
        );
        assert_eq!(
            Scalar::parse("[\x1b]").unwrap_err(),
            "`[\\x1b]` is not a single value (a number, true/false or a word)"
        );
        let d: Value = serde_yaml::from_str("\"\\e[2J\": 1\n").unwrap();
        let error = resolve(&d, &"x.y".parse().unwrap()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "key `x.y`: the file has no `x` at the top of the file; the keys there are: \\x1b[2J"
        );
    }

    #[test]
    fn scalars_parse_as_yaml() {
        assert_eq!(Scalar::parse("12"), Ok(Scalar::Int(12)));
        assert_eq!(Scalar::parse("-3"), Ok(Scalar::Int(-3)));
        assert_eq!(Scalar::parse("0.7"), Ok(Scalar::Real(0.7)));
        assert_eq!(Scalar::parse("1e3"), Ok(Scalar::Real(1000.0)));
        assert_eq!(Scalar::parse("salvo"), Ok(Scalar::Text("salvo".into())));
        assert!(Scalar::parse("[1, 2]").is_err());
        assert!(Scalar::parse("").is_err());
        assert!("a..b".parse::<KeyPath>().is_err());
        assert!("".parse::<KeyPath>().is_err());
    }

    #[test]
    fn a_path_covers_itself_and_what_lies_below() {
        let path: KeyPath = "threats.b".parse().unwrap();
        assert!(path.covers("threats.b"));
        assert!(path.covers("threats.b.pk"));
        assert!(!path.covers("threats.bb"));
        assert!(!path.covers("threats"));
    }
}
