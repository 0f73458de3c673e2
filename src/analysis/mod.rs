//! The questions analysts ask of a scenario: what if one value changes
//! ([`sweep`]), what value meets a target ([`solve`]), which assumption
//! matters most ([`sensitivity`]), and what each reserve and rationing
//! policy bought ([`policy`]).
//!
//! Sweeps, solves and sensitivity tables start from a [`Base`]: a scenario
//! [`Source`] that compiles. Each point sets some values by key path and
//! compiles the source again ([`Source::compile`]), which reads no file,
//! then simulates the scenario once.
//!
//! Each point chooses its own method ([`ModeChoice::method_for`]): under
//! `--mode auto` a point where nothing is random is worked out exactly and
//! any other by Monte Carlo, all with the same trials and seed. Monte Carlo
//! at a point where nothing is random would give exactly the exact numbers
//! (every trial is the same), so the points read as one Monte Carlo
//! analysis, and a metric over trials is read off an exact point as its
//! every trial would give it ([`measure`]).

pub mod measure;
pub mod policy;
pub mod quick_check;
pub mod sensitivity;
pub mod solve;
pub mod sweep;
pub mod values;

use crate::error::LoadError;
use crate::model::Scenario;
use crate::overrides::{self, KeyPath, Override, PathError, PathErrorKind, Scalar, Slot};
use crate::scenario::{CompileError, Source, format};
use crate::sim::{Method, Mode, ModeChoice, simulate};
use crate::summary::Summary;
use std::fmt;

pub use measure::Measure;

/// A scenario source that compiles, and its scenario.
#[derive(Debug)]
pub struct Base {
    source: Source,
    /// The scenario as the source gives it.
    pub scenario: Scenario,
}

impl Base {
    /// The base of every point: `source`, which must compile as it stands.
    pub fn new(source: Source) -> Result<Base, LoadError> {
        let scenario = source.scenario()?;
        Ok(Base { source, scenario })
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The document's own value at `path`, if it gives one as a scalar.
    pub fn value_at(&self, path: &KeyPath) -> Option<Scalar> {
        self.source.value_at(path)
    }

    /// Checks that `path` names a value a point can set: it leads through
    /// the document, and a key the document does not give is one the
    /// scenario format has there (if not, the error names the nearest).
    pub fn check_key(&self, path: &KeyPath) -> Result<(), PathError> {
        if let Slot::Filled(_) = overrides::resolve(self.source.document(), path)? {
            return Ok(());
        }
        match format::unknown_key(path.segments()) {
            Some(unknown) => Err(PathError {
                key: path.to_string(),
                kind: PathErrorKind::NotInFormat(unknown),
            }),
            None => Ok(()),
        }
    }

    /// Whether `path` takes whole numbers only (a count, not a probability).
    pub fn takes_whole_numbers(&self, path: &KeyPath) -> bool {
        format::takes_whole_numbers(path.segments())
    }

    /// The scenario with `overrides` applied, validated.
    pub fn scenario_with(&self, overrides: &[Override]) -> Result<Scenario, PointError> {
        self.source.compile(overrides).map_err(|error| PointError {
            overrides: overrides.to_vec(),
            error: Box::new(error),
        })
    }

    /// The summary of the scenario with `overrides` applied: one
    /// simulation, by the method `choice` gives that scenario.
    pub fn evaluate(
        &self,
        overrides: &[Override],
        choice: ModeChoice,
    ) -> Result<Summary, PointError> {
        let scenario = self.scenario_with(overrides)?;
        Ok(simulate(&scenario, choice.method_for(&scenario), &|_| {}).summary)
    }
}

/// Why the scenario with some values set could not be simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct PointError {
    pub overrides: Vec<Override>,
    /// Boxed: a load error is large, and results carry it on every path.
    pub error: Box<CompileError>,
}

impl PointError {
    /// Whether the user asked for something that cannot be set (rather than
    /// a value the scenario rejects).
    pub fn is_usage(&self) -> bool {
        matches!(*self.error, CompileError::Path(_))
    }

    /// The values set, as `key = value, ...`.
    pub fn settings(&self) -> String {
        self.overrides
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for PointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.error {
            CompileError::Path(e) => write!(f, "{e}"),
            CompileError::Invalid(e) => {
                writeln!(f, "with {}, the scenario is invalid:", self.settings())?;
                write!(f, "{e}")
            }
        }
    }
}

/// The method that made `summaries`, for the notes of an analysis: Monte
/// Carlo if any point ran trials, else the mean path if any point took it,
/// else exact (see [`Method::overall`]); exact for no points.
pub fn method_used<'a>(summaries: impl IntoIterator<Item = &'a Summary>) -> Method {
    let method = |s: &Summary| match s.mode {
        Mode::Exact => Method::Exact,
        Mode::MeanPath => Method::MeanPath,
        Mode::MonteCarlo => Method::MonteCarlo {
            trials: s.trials.unwrap_or(0),
            seed: s.seed.unwrap_or(0),
        },
    };
    Method::overall(summaries.into_iter().map(method)).unwrap_or(Method::Exact)
}

/// Rounds `x` to `decimals` decimal places, removing the binary noise of
/// stepping (0.1 + 0.2 → 0.3).
pub(crate) fn round_to(x: f64, decimals: u32) -> f64 {
    let scale = 10f64.powi(decimals as i32);
    let rounded = (x * scale).round() / scale;
    if rounded.is_finite() { rounded } else { x }
}
