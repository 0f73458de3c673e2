//! A scenario as a YAML document: the file and the files it `extends`,
//! merged, before validation.
//!
//! Inheritance: `extends: base.yaml` (relative to the file) names a base
//! whose keys the file overrides. Mappings merge deeply, lists replace, and
//! the child wins; bases may extend further bases. Every file is checked on
//! its own for YAML and type errors first, so those point into the file that
//! has them; problems found after merging point into the file that set the
//! offending value (the nearest in the chain that writes it).

use super::locate::locate_key_path;
use super::read::{Text, read_text};
use super::yaml::parse_file;
use crate::error::{LoadError, LoadErrorKind, Problem, SourceLocation};
use crate::limits::MAX_EXTENDS_DEPTH;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// One file of an `extends` chain.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As the user (or the extending file) named it.
    pub file: String,
    pub text: String,
}

/// A scenario document, merged and ready to validate.
#[derive(Debug, Clone)]
pub struct Document {
    /// The merged document, without `extends`.
    pub value: Value,
    /// The file named on the command line first, then its bases.
    pub files: Vec<SourceFile>,
    /// Names the scenario when it has no `name:`.
    pub default_name: String,
}

impl Document {
    /// Reads the scenario file at `path` and every file it extends.
    pub fn load(path: &Path) -> Result<Document, LoadError> {
        let Text { file, text, stem } = read_text(path)?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let seen = vec![(canonical(path), file.clone())];
        Document::build(file, text, stem, &dir, seen)
    }

    /// A document from scenario text; `extends` is resolved from `dir`.
    pub fn from_text(
        text: &str,
        file: &str,
        default_name: &str,
        dir: &Path,
    ) -> Result<Document, LoadError> {
        Document::build(
            file.to_string(),
            text.to_string(),
            default_name.to_string(),
            dir,
            Vec::new(),
        )
    }

    fn build(
        file: String,
        text: String,
        default_name: String,
        dir: &Path,
        mut seen: Vec<(PathBuf, String)>,
    ) -> Result<Document, LoadError> {
        // A UTF-8 byte-order mark, as some editors write, is not part of
        // the document.
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let mut value = parse_file(&file, &text)?;
        let mut files = vec![SourceFile {
            file: file.clone(),
            text,
        }];
        let extends = match &mut value {
            Value::Mapping(map) => map.remove("extends"),
            _ => None,
        };
        if let Some(extends) = extends {
            let refuse =
                |rule: String| LoadError::invalid(&file, vec![Problem::new("extends", rule)]);
            let base_name = match extends {
                Value::String(name) if !name.trim().is_empty() => name,
                Value::String(_) => {
                    return Err(refuse(
                        "is empty; give the path of a base scenario file, or leave extends out"
                            .to_string(),
                    ));
                }
                _ => {
                    return Err(refuse(
                        "must be the path of a base scenario file".to_string(),
                    ));
                }
            };
            let base_path = dir.join(&base_name);
            let key = canonical(&base_path);
            if seen.iter().any(|(path, _)| *path == key) {
                return Err(refuse(format!(
                    "`{base_name}` leads back to a file already in the chain ({} -> {}): extends must not loop",
                    chain(&seen),
                    base_path.display()
                )));
            }
            if seen.len() >= MAX_EXTENDS_DEPTH {
                return Err(refuse(format!(
                    "the chain of bases is more than {MAX_EXTENDS_DEPTH} files deep ({} -> {}); at most {MAX_EXTENDS_DEPTH} files may be chained",
                    chain(&seen),
                    base_path.display()
                )));
            }
            seen.push((key, base_path.display().to_string()));
            let base_text = read_text(&base_path).map_err(|mut e| {
                if let LoadErrorKind::Unreadable { base_of, .. } = &mut e.kind {
                    *base_of = Some(file.clone());
                }
                e
            })?;
            let base_dir = base_path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let base = Document::build(
                base_text.file,
                base_text.text,
                default_name.clone(),
                &base_dir,
                seen,
            )?;
            value = merge(base.value, value);
            files.extend(base.files);
        }
        Ok(Document {
            value,
            files,
            default_name,
        })
    }

    /// The file named on the command line.
    pub fn file(&self) -> &str {
        &self.files[0].file
    }

    /// The nearest file in the chain that writes `key`, and where.
    pub fn locate(&self, key: &str) -> Option<(String, SourceLocation)> {
        self.files.iter().find_map(|source| {
            let (line, column) = locate_key_path(&source.text, key)?;
            Some((
                source.file.clone(),
                SourceLocation::in_text(&source.text, line, column),
            ))
        })
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The files of a chain as they were named, joined by arrows.
fn chain(seen: &[(PathBuf, String)]) -> String {
    seen.iter()
        .map(|(_, shown)| shown.as_str())
        .collect::<Vec<_>>()
        .join(" -> ")
}

/// `child` over `base`: mappings merge key by key (deeply), in the base's
/// order (a key the child overrides keeps its place; keys new in the child
/// follow, in the child's order), and anything else in the child replaces
/// the base's. A mapping that writes one form among several (see
/// [`chooses_a_form`]) replaces the base's value whole.
pub fn merge(base: Value, child: Value) -> Value {
    match (base, child) {
        (Value::Mapping(mut base), Value::Mapping(child)) => {
            for (key, value) in child {
                match base.get_mut(&key) {
                    Some(old) if !chooses_a_form(&key, &value) => {
                        let taken = std::mem::replace(old, Value::Null);
                        *old = merge(taken, value);
                    }
                    Some(old) => *old = value,
                    None => {
                        base.insert(key, value);
                    }
                }
            }
            Value::Mapping(base)
        }
        (_, child) => child,
    }
}

/// The keys whose mapping is one choice of form, never a set of fields to
/// merge: a raid (`missiles_per_night`: a number, a list, a distribution or
/// a replay) and an arsenal's `tactic`.
const FORM_VALUED_KEYS: &[&str] = &["missiles_per_night", "tactic"];

/// The keys that say which form a mapping takes: a number's (`value`,
/// `between`, `triangular`), a raid's (`poisson`, `negative_binomial`,
/// `choice`, `from_csv`) and massing (`mass_when`).
const FORM_KEYS: &[&str] = &[
    "value",
    "between",
    "triangular",
    "poisson",
    "negative_binomial",
    "choice",
    "from_csv",
    "mass_when",
];

/// Whether the child's `value` at `key` chooses one form among several, so
/// that merging it field by field with the base's could mix two forms.
fn chooses_a_form(key: &Value, value: &Value) -> bool {
    let form_valued = key.as_str().is_some_and(|k| FORM_VALUED_KEYS.contains(&k));
    let names_a_form = match value {
        Value::Mapping(map) => map
            .keys()
            .any(|k| k.as_str().is_some_and(|k| FORM_KEYS.contains(&k))),
        _ => false,
    };
    form_valued || names_a_form
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_merge_deeply_lists_replace_child_wins() {
        let base: Value =
            serde_yaml::from_str("a: 1\nmap: { x: 1, y: 2 }\nlist: [1, 2, 3]\n").unwrap();
        let child: Value = serde_yaml::from_str("a: 9\nmap: { y: 5, z: 6 }\nlist: [7]\n").unwrap();
        let merged = merge(base, child);
        let expected: Value =
            serde_yaml::from_str("a: 9\nmap: { x: 1, y: 5, z: 6 }\nlist: [7]\n").unwrap();
        assert_eq!(merged, expected);
    }

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_mapping()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap())
            .collect()
    }

    #[test]
    fn an_override_keeps_its_place_and_new_keys_follow() {
        // Threats without a priority are engaged in the order listed, so
        // overriding zeta's cost must not move zeta after alpha... nor
        // alpha after zeta.
        let base: Value = serde_yaml::from_str(
            "threats: { zeta: { unit_cost: 1 }, alpha: { unit_cost: 2 } }
name: b
",
        )
        .unwrap();
        let child: Value = serde_yaml::from_str(
            "threats: { zeta: { unit_cost: 3 }, omega: { unit_cost: 4 } }
horizon_nights: 5
",
        )
        .unwrap();
        let merged = merge(base, child);
        assert_eq!(keys(&merged), ["threats", "name", "horizon_nights"]);
        assert_eq!(keys(&merged["threats"]), ["zeta", "alpha", "omega"]);
        assert_eq!(merged["threats"]["zeta"]["unit_cost"], Value::from(3));
    }

    #[test]
    fn a_mapping_that_chooses_a_form_replaces_the_base_whole() {
        let base: Value = serde_yaml::from_str(concat!(
            "missiles_per_night: { negative_binomial: { mean: 5, dispersion: 2 } }\n",
            "pk: { between: [0.5, 0.9], source: base }\n",
            "stockpile: { value: 10, source: base }\n",
            "arsenal: { on_hand: 5, tactic: { mass_when: 3 } }\n",
        ))
        .unwrap();
        let child: Value = serde_yaml::from_str(concat!(
            "missiles_per_night: { poisson: 6 }\n",
            "pk: { value: 0.7 }\n",
            "stockpile: { triangular: [1, 2, 3] }\n",
            "arsenal: { tactic: steady }\n",
        ))
        .unwrap();
        let merged = merge(base, child);
        let expected: Value = serde_yaml::from_str(concat!(
            "missiles_per_night: { poisson: 6 }\n",
            "pk: { value: 0.7 }\n",
            "stockpile: { triangular: [1, 2, 3] }\n",
            "arsenal: { on_hand: 5, tactic: steady }\n",
        ))
        .unwrap();
        assert_eq!(merged, expected);
    }
}
