//! A scenario as a YAML document: the file, the files it `extends`, merge
//! keys applied, and any `--set` overrides, before validation.
//!
//! Inheritance: `extends: base.yaml` (relative to the file) names a base
//! whose keys the file overrides. Mappings merge deeply, lists replace, and
//! the child wins; bases may extend further bases. Every file is checked on
//! its own for YAML and type errors first, so those point into the file that
//! has them; problems found after merging point into the file that set the
//! offending value (the nearest in the chain that writes it).

use super::limits::MAX_EXTENDS_DEPTH;
use super::load::{check_nesting, humanize, read_text, strip_yaml_path, type_check};
use super::locate::locate_key_path;
use super::raw::RawScenario;
use super::validate::validate_in;
use crate::error::{LoadError, LoadErrorKind, Problem, SourceLocation};
use crate::model::Scenario;
use crate::overrides::{self, KeyPath, PathError};
use serde_yaml::{Mapping, Value};
use std::path::{Path, PathBuf};

/// One file of an `extends` chain.
#[derive(Debug, Clone)]
pub struct Source {
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
    pub sources: Vec<Source>,
    /// Names the scenario when it has no `name:`.
    pub default_name: String,
    /// Overrides applied, as `key=value`, in order.
    pub overrides: Vec<String>,
}

fn invalid(file: &str, kind: LoadErrorKind) -> LoadError {
    LoadError {
        file: file.to_string(),
        kind,
    }
}

fn located(text: &str, line: usize, column: usize) -> SourceLocation {
    SourceLocation::in_text(text, line, column)
}

impl Document {
    /// Reads the scenario file at `path` and every file it extends.
    pub fn load(path: &Path) -> Result<Document, LoadError> {
        let (file, text, stem) = read_text(path)?;
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
        let mut value = parse_one(&file, &text)?;
        let mut sources = vec![Source {
            file: file.clone(),
            text,
        }];
        let extends = match &mut value {
            Value::Mapping(map) => map.remove("extends"),
            _ => None,
        };
        if let Some(extends) = extends {
            let Value::String(base_name) = extends else {
                return Err(invalid(
                    &file,
                    LoadErrorKind::Invalid {
                        problems: vec![Problem::new(
                            "extends",
                            "must be the path of a base scenario file",
                        )],
                    },
                ));
            };
            let base_path = dir.join(&base_name);
            let key = canonical(&base_path);
            if seen.iter().any(|(path, _)| *path == key) {
                return Err(invalid(
                    &file,
                    LoadErrorKind::Invalid {
                        problems: vec![Problem::new(
                            "extends",
                            format!(
                                "`{base_name}` leads back to a file already in the chain ({} -> {}): extends must not loop",
                                chain(&seen),
                                base_path.display()
                            ),
                        )],
                    },
                ));
            }
            if seen.len() >= MAX_EXTENDS_DEPTH {
                return Err(invalid(
                    &file,
                    LoadErrorKind::Invalid {
                        problems: vec![Problem::new(
                            "extends",
                            format!("more than {MAX_EXTENDS_DEPTH} files deep"),
                        )],
                    },
                ));
            }
            seen.push((key, base_path.display().to_string()));
            let (base_file, base_text, _) = read_text(&base_path).map_err(|mut e| {
                if let LoadErrorKind::Unreadable { reason } = &mut e.kind {
                    *reason = format!("{reason} (the base that {file} extends)");
                }
                e
            })?;
            let base_dir = base_path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let base =
                Document::build(base_file, base_text, default_name.clone(), &base_dir, seen)?;
            value = merge(base.value, value);
            sources.extend(base.sources);
        }
        Ok(Document {
            value,
            sources,
            default_name,
            overrides: Vec::new(),
        })
    }

    /// The file named on the command line.
    pub fn file(&self) -> &str {
        &self.sources[0].file
    }

    /// Sets `path` to `value` (a `--set`).
    pub fn set(&mut self, path: &KeyPath, value: Value) -> Result<(), PathError> {
        let shown = serde_yaml::to_string(&value).unwrap_or_default();
        overrides::apply(&mut self.value, path, value)?;
        self.overrides.push(format!("{path}={}", shown.trim()));
        Ok(())
    }

    /// Validates the merged document into a scenario.
    pub fn scenario(&self) -> Result<Scenario, LoadError> {
        let file = self.file();
        let raw: RawScenario =
            serde_path_to_error::deserialize(self.value.clone()).map_err(|error| {
                // Each file passed its own type check, so this came from an
                // override or a merge key.
                let key = error.path().to_string();
                let message = humanize(strip_yaml_path(&error.inner().to_string()));
                let mut problem = Problem::new(key.clone(), self.note_override(&key, message));
                problem.at = self.locate(&key);
                invalid(
                    file,
                    LoadErrorKind::Invalid {
                        problems: vec![problem],
                    },
                )
            })?;
        // `from_csv` paths are relative to the file named on the command line.
        let base_dir = Path::new(file).parent();
        let mut scenario = validate_in(raw, &self.default_name, base_dir).map_err(|problems| {
            let problems = problems
                .into_iter()
                .map(|mut problem| {
                    problem.at = self.locate(&problem.key);
                    problem.message = self.note_override(&problem.key, problem.message);
                    problem
                })
                .collect();
            invalid(file, LoadErrorKind::Invalid { problems })
        })?;
        scenario.overrides = self.overrides.clone();
        Ok(scenario)
    }

    /// Whether `--set` gave `key` (or a key above it).
    fn overridden(&self, key: &str) -> bool {
        self.overrides.iter().any(|o| {
            o.split_once('=')
                .is_some_and(|(k, _)| key == k || key.starts_with(&format!("{k}.")))
        })
    }

    fn note_override(&self, key: &str, message: String) -> String {
        if self.overridden(key) {
            format!("{message} (given with --set)")
        } else {
            message
        }
    }

    /// The nearest file in the chain that writes `key`, and where, unless
    /// an override set it.
    fn locate(&self, key: &str) -> Option<(String, SourceLocation)> {
        if self.overridden(key) {
            return None;
        }
        self.sources.iter().find_map(|source| {
            let (line, column) = locate_key_path(&source.text, key)?;
            Some((source.file.clone(), located(&source.text, line, column)))
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

/// One file: checked for YAML syntax and types on its own, then parsed into
/// a document with merge keys (`<<: *defaults`) applied.
fn parse_one(file: &str, text: &str) -> Result<Value, LoadError> {
    let uses_merge_keys = text.contains("<<");
    if uses_merge_keys {
        check_nesting(text).map_err(|kind| invalid(file, kind))?;
    } else {
        type_check(text).map_err(|kind| invalid(file, kind))?;
    }
    let mut value: Value = serde_yaml::from_str(text).map_err(|e| {
        invalid(
            file,
            LoadErrorKind::Yaml {
                key: None,
                message: e.to_string(),
                location: e.location().map(|at| located(text, at.line(), at.column())),
            },
        )
    })?;
    value.apply_merge().map_err(|e| {
        invalid(
            file,
            LoadErrorKind::Yaml {
                key: None,
                message: format!("merge key (<<): {e}"),
                location: None,
            },
        )
    })?;
    if uses_merge_keys {
        // Check the merged file's types now, naming the key path.
        let raw: Result<RawScenario, _> = serde_path_to_error::deserialize(value.clone());
        if let Err(error) = raw {
            let key = error.path().to_string();
            let mut problem = Problem::new(key.clone(), error.inner().to_string());
            problem.at = locate_key_path(text, &key)
                .map(|(line, column)| (file.to_string(), located(text, line, column)));
            return Err(invalid(
                file,
                LoadErrorKind::Invalid {
                    problems: vec![problem],
                },
            ));
        }
    }
    Ok(value)
}

/// `child` over `base`: mappings merge key by key (deeply), anything else in
/// the child replaces the base's.
pub fn merge(base: Value, child: Value) -> Value {
    match (base, child) {
        (Value::Mapping(mut base), Value::Mapping(child)) => {
            for (key, value) in child {
                let merged = match base.remove(&key) {
                    Some(old) => merge(old, value),
                    None => value,
                };
                base.insert(key, merged);
            }
            Value::Mapping(base)
        }
        (_, child) => child,
    }
}

impl Default for Document {
    fn default() -> Self {
        Document {
            value: Value::Mapping(Mapping::new()),
            sources: Vec::new(),
            default_name: String::new(),
            overrides: Vec::new(),
        }
    }
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
}
