//! What `sweep`, `solve` and `sensitivity` share: the base scenario loaded
//! once, and the checks of metrics and keys made before any point runs.

use super::error::AppError;
use super::scenarios::{self, NOTHING_RUN, Sets};
use magdepth::analysis::{Base, Measure};
use magdepth::overrides::KeyPath;
use magdepth::sim::Mode;
use std::path::Path;

/// The scenario file (with `--set` values), which must load as it stands:
/// every point starts from it.
pub fn load_base(path: &Path, sets: &Sets) -> Result<Base, AppError> {
    let source = scenarios::open_one(path, sets)?;
    Base::new(source).map_err(|e| AppError::load(vec![e], NOTHING_RUN))
}

/// Checks that `measure` exists in `mode`.
pub fn check_measure(measure: Measure, mode: Mode) -> Result<(), AppError> {
    if measure.applies_to(mode) {
        return Ok(());
    }
    Err(AppError::Usage(match mode {
        Mode::Expected => format!(
            "the metric `{measure}` exists in Monte Carlo mode only; add --mode monte-carlo"
        ),
        Mode::MonteCarlo => format!(
            "the metric `{measure}` exists in expected mode only; in Monte Carlo mode use \
             `leakers` or `leakers.mean`"
        ),
    }))
}

/// Checks that `key` names a value a point can set.
pub fn check_key(base: &Base, key: &KeyPath) -> Result<(), AppError> {
    base.check_key(key)
        .map_err(|e| AppError::Usage(e.to_string()))
}
