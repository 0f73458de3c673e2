//! The questions analysts ask of a scenario: what if one value changes
//! ([`sweep`]), what value meets a target ([`solve`]), and which assumption
//! matters most ([`sensitivity`]).
//!
//! All three start from a [`Base`]: the scenario file parsed once into a YAML
//! document. Each point sets some values by key path
//! ([`crate::overrides`]), validates the result into a
//! [`crate::model::Scenario`] and simulates it.

pub mod measure;
pub mod sensitivity;
pub mod solve;
pub mod sweep;
pub mod values;

use crate::error::{LoadError, LoadErrorKind};
use crate::model::Scenario;
use crate::overrides::{self, KeyPath, PathError, Scalar, Target};
use crate::scenario::{parse_scenario, scenario_from_value};
use crate::sim::{Method, simulate};
use crate::summary::Summary;
use serde_yaml::Value;
use std::fmt;

pub use measure::Measure;

/// One value set by key path.
pub type Override = (KeyPath, Scalar);

/// The scenario document, parsed once.
#[derive(Debug, Clone)]
pub struct Base {
    doc: Value,
    /// The file, as the user named it, for error messages.
    pub file: String,
    default_name: String,
    /// The scenario as the file gives it.
    pub scenario: Scenario,
}

impl Base {
    /// The document of a loaded scenario (after `extends` and `--set`),
    /// which must be valid.
    pub fn from_document(
        document: &crate::scenario::document::Document,
    ) -> Result<Base, LoadError> {
        Ok(Base {
            doc: document.value.clone(),
            file: document.file().to_string(),
            default_name: document.default_name.clone(),
            scenario: document.scenario()?,
        })
    }

    /// Parses and validates scenario text: the file itself must be a valid
    /// scenario (its errors are reported as `run` reports them).
    pub fn from_text(text: &str, file: &str, default_name: &str) -> Result<Base, LoadError> {
        let scenario = parse_scenario(text, file, default_name)?;
        let doc: Value = serde_yaml::from_str(text).map_err(|e| LoadError {
            file: file.to_string(),
            kind: LoadErrorKind::Yaml {
                key: None,
                message: e.to_string(),
                location: None,
            },
        })?;
        Ok(Base {
            doc,
            file: file.to_string(),
            default_name: default_name.to_string(),
            scenario,
        })
    }

    /// The document as parsed.
    pub fn document(&self) -> &Value {
        &self.doc
    }

    /// The file's own value at `path`, if it gives one as a scalar.
    pub fn value_at(&self, path: &KeyPath) -> Option<Scalar> {
        match overrides::resolve(&self.doc, path) {
            Ok(Target::Present(value)) => Scalar::from_yaml(value),
            _ => None,
        }
    }

    /// Checks that `path` names a value the scenario format knows: it leads
    /// through the document, and a key the file does not give is one the
    /// format accepts (tried with `probe`). Unknown keys name the nearest.
    pub fn check_key(&self, path: &KeyPath, probe: &Scalar) -> Result<(), PathError> {
        if let Target::Present(_) = overrides::resolve(&self.doc, path)? {
            return Ok(());
        }
        let mut doc = self.doc.clone();
        overrides::apply(&mut doc, path, probe.to_yaml())?;
        match scenario_from_value(doc, &self.file, &self.default_name) {
            Err(LoadError {
                kind: LoadErrorKind::Yaml { message, .. },
                ..
            }) if message.starts_with(&format!("unknown key `{}`", path.leaf())) => {
                let hint = message
                    .split_once("; ")
                    .map_or(String::new(), |(_, rest)| format!("; {rest}"));
                Err(PathError {
                    key: path.to_string(),
                    message: format!("the scenario format has no such key{hint}"),
                })
            }
            _ => Ok(()),
        }
    }

    /// The scenario with `overrides` applied, validated.
    pub fn scenario_with(&self, overrides: &[Override]) -> Result<Scenario, PointError> {
        let mut doc = self.doc.clone();
        for (path, value) in overrides {
            overrides::apply(&mut doc, path, value.to_yaml()).map_err(|e| PointError {
                overrides: overrides.to_vec(),
                error: Box::new(PointErrorKind::Path(e)),
            })?;
        }
        scenario_from_value(doc, &self.file, &self.default_name).map_err(|e| PointError {
            overrides: overrides.to_vec(),
            error: Box::new(PointErrorKind::Invalid(e)),
        })
    }

    /// The summary of the scenario with `overrides` applied.
    pub fn evaluate(&self, overrides: &[Override], method: Method) -> Result<Summary, PointError> {
        let scenario = self.scenario_with(overrides)?;
        Ok(simulate(&scenario, method, &|_| {}).summary)
    }
}

/// Why the scenario with some values set could not be simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct PointError {
    pub overrides: Vec<Override>,
    /// Boxed: a load error is large, and results carry it on every path.
    pub error: Box<PointErrorKind>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PointErrorKind {
    /// The key path does not fit the document (a usage error).
    Path(PathError),
    /// The values set make the scenario invalid.
    Invalid(LoadError),
}

impl PointError {
    /// Whether the user asked for something that cannot be set (rather than
    /// a value the scenario rejects).
    pub fn is_usage(&self) -> bool {
        matches!(*self.error, PointErrorKind::Path(_))
    }
}

impl fmt::Display for PointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = self
            .overrides
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect::<Vec<_>>()
            .join(", ");
        match &*self.error {
            PointErrorKind::Path(e) => write!(f, "error: {e}"),
            PointErrorKind::Invalid(e) => {
                writeln!(f, "error: with {set}, the scenario is invalid:")?;
                write!(f, "{e}")
            }
        }
    }
}

/// Rounds `x` to `decimals` decimal places, removing the binary noise of
/// stepping (0.1 + 0.2 → 0.3).
pub(crate) fn round_to(x: f64, decimals: u32) -> f64 {
    let scale = 10f64.powi(decimals as i32);
    let rounded = (x * scale).round() / scale;
    if rounded.is_finite() { rounded } else { x }
}
