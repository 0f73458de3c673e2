//! A scenario source: the YAML of a scenario file and the files it
//! `extends`, merged, with `--set` values applied, read once; and the one
//! road from it to a validated [`Scenario`], taken by the binary, the
//! analyses (once per point) and the tests alike.
//!
//! Compiling parses no file: the YAML was read when the source was made,
//! and each CSV a scenario replays is read the first time it is asked for
//! and kept.

use super::document::Document;
use super::records::Records;
use super::validate::{self, Replayed};
use super::yaml::raw_from_value;
use crate::error::{LoadError, Problem, ProblemKind};
use crate::model::Scenario;
use crate::overrides::{self, KeyPath, Override, PathError, Scalar, Slot};
use crate::replay::Record;
use serde_yaml::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug)]
pub struct Source {
    document: Document,
    /// Values set on the source, in order: the key path, and the setting as
    /// shown (`pk=0.8`).
    set: Vec<(KeyPath, String)>,
    records: Records,
}

/// Why the scenario with some values set did not compile.
#[derive(Debug, Clone, PartialEq)]
pub enum CompileError {
    /// A key path does not fit the document (a usage error).
    Path(PathError),
    /// The values set make the scenario invalid.
    Invalid(LoadError),
}

impl Source {
    /// Reads the scenario file at `path` (`-`: standard input) and every
    /// file it extends.
    pub fn load(path: &Path) -> Result<Source, LoadError> {
        Ok(Source::of(Document::load(path)?))
    }

    /// A source from scenario text: `file` names it in errors (and its
    /// directory is where `from_csv` paths start), `default_name` names the
    /// scenario when it has no `name:`, and `extends` is resolved from
    /// `dir`.
    pub fn from_text(
        text: &str,
        file: &str,
        default_name: &str,
        dir: &Path,
    ) -> Result<Source, LoadError> {
        Ok(Source::of(Document::from_text(
            text,
            file,
            default_name,
            dir,
        )?))
    }

    fn of(document: Document) -> Source {
        Source {
            document,
            set: Vec::new(),
            records: Records::default(),
        }
    }

    /// Sets the value at `key` (the command line's `--set`). Problems with
    /// it are then marked [`Problem::from_set`] rather than located.
    pub fn set(&mut self, key: &KeyPath, value: Value) -> Result<(), PathError> {
        let shown = serde_yaml::to_string(&value).unwrap_or_default();
        overrides::apply(&mut self.document.value, key, value)?;
        self.set
            .push((key.clone(), format!("{key}={}", shown.trim())));
        Ok(())
    }

    /// The file named first, as the user named it.
    pub fn file(&self) -> &str {
        self.document.file()
    }

    /// The merged document, with the values set.
    pub fn document(&self) -> &Value {
        &self.document.value
    }

    /// The document's own value at `key`, if it gives one as a scalar.
    pub fn value_at(&self, key: &KeyPath) -> Option<Scalar> {
        match overrides::resolve(&self.document.value, key) {
            Ok(Slot::Filled(value)) => Scalar::from_yaml(value),
            _ => None,
        }
    }

    /// The scenario, validated.
    pub fn scenario(&self) -> Result<Scenario, LoadError> {
        self.validate(self.document.value.clone(), &[])
    }

    /// The scenario with `overrides` set (the values of one point of a
    /// sweep, a solve or a sensitivity table), validated. A problem with a
    /// value set here is named by its key path, without a place in a file.
    pub fn compile(&self, overrides: &[Override]) -> Result<Scenario, CompileError> {
        let mut value = self.document.value.clone();
        for (key, scalar) in overrides {
            overrides::apply(&mut value, key, scalar.to_yaml()).map_err(CompileError::Path)?;
        }
        self.validate(value, overrides)
            .map_err(CompileError::Invalid)
    }

    /// The files the scenario was read from: the file named first (unless
    /// it is standard input), the files it extends, and the CSVs it replays.
    /// An output never goes over one of them.
    pub fn inputs(&self) -> Vec<PathBuf> {
        self.document
            .files
            .iter()
            .map(|f| f.file.as_str())
            .filter(|&file| file != crate::scenario::STDIN_NAME)
            .map(PathBuf::from)
            .chain(self.records().iter().map(|r| PathBuf::from(&r.file)))
            .collect()
    }

    /// Every record the scenario replays, as read (for the notes on what was
    /// skipped).
    /// Each combined entry is counted once over them, as in the scenario
    /// ([`crate::replay::count_once`]).
    pub fn records(&self) -> Vec<Arc<Record>> {
        let replayed = self
            .records
            .all()
            .into_iter()
            .map(|record| Replayed {
                key: String::new(),
                record: Ok(record),
            })
            .collect();
        count_once(replayed)
            .into_iter()
            .filter_map(|r| r.record.ok())
            .collect()
    }

    /// The one road from a document to a scenario.
    fn validate(&self, value: Value, overrides: &[Override]) -> Result<Scenario, LoadError> {
        let invalid = |problems: Vec<Problem>| {
            let problems = problems
                .into_iter()
                .map(|problem| self.place(problem, overrides))
                .collect();
            LoadError::invalid(self.file(), problems)
        };
        let raw = raw_from_value(value).map_err(|problem| invalid(vec![*problem]))?;
        let replayed = validate::replay_requests(&raw)
            .into_iter()
            .map(|request| {
                let csv_dir = self.csv_dir(&format!("{}.from_csv", request.key), overrides);
                let record = request.query.and_then(|query| {
                    self.records
                        .get(&csv_dir.join(&request.csv), &query)
                        .map_err(|error| {
                            let key = format!("{}.from_csv", request.key);
                            vec![Problem::new(key, ProblemKind::Replay(error))]
                        })
                });
                Replayed {
                    key: request.key,
                    record,
                }
            })
            .collect();
        let replayed = count_once(replayed);
        let mut scenario =
            validate::validate(raw, &self.document.default_name, replayed).map_err(invalid)?;
        scenario.overrides = self.set.iter().map(|(_, shown)| shown.clone()).collect();
        Ok(scenario)
    }

    /// Where a relative `from_csv` path at `key` starts: the folder of the
    /// file that writes it (the nearest in the `extends` chain), or, for a
    /// path set on the command line or for one point of an analysis, the
    /// folder of the file named first.
    fn csv_dir(&self, key: &str, overrides: &[Override]) -> PathBuf {
        let first = || PathBuf::from(self.file());
        let set_here = self.set.iter().any(|(k, _)| k.covers(key))
            || overrides.iter().any(|(k, _)| k.covers(key));
        let file = if set_here {
            first()
        } else {
            self.document
                .locate(key)
                .map_or_else(first, |(file, _)| PathBuf::from(file))
        };
        file.parent().map(Path::to_path_buf).unwrap_or_default()
    }

    /// Where a problem's value came from: a value set on the source, a value
    /// set for this compile (no place), or the nearest file in the chain
    /// that writes it.
    fn place(&self, mut problem: Problem, overrides: &[Override]) -> Problem {
        let Some(path) = problem.path() else {
            return problem;
        };
        if self.set.iter().any(|(key, _)| key.covers(&path)) {
            problem.from_set = true;
        } else if !overrides.iter().any(|(key, _)| key.covers(&path)) {
            problem.at = self.document.locate(&path);
        }
        problem
    }
}

/// The records of one scenario with no combined entry counted twice
/// ([`crate::replay::count_once`]). The records read are shared between
/// compiles; the ones a scenario reads together are copied first, and only
/// when two or more of them could share an entry.
fn count_once(mut replayed: Vec<Replayed>) -> Vec<Replayed> {
    let with_entries = replayed
        .iter()
        .filter(|r| {
            r.record
                .as_ref()
                .is_ok_and(|r| !r.combined_entries.is_empty())
        })
        .count();
    if with_entries < 2 {
        return replayed;
    }
    let mut owned: Vec<Record> = replayed
        .iter()
        .filter_map(|r| r.record.as_ref().ok().map(|r| Record::clone(r)))
        .collect();
    let mut refs: Vec<&mut Record> = owned.iter_mut().collect();
    crate::replay::count_once(&mut refs);
    let mut owned = owned.into_iter();
    for r in &mut replayed {
        if r.record.is_ok()
            && let Some(record) = owned.next()
        {
            r.record = Ok(Arc::new(record));
        }
    }
    replayed
}
