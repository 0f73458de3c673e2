//! What `sweep`, `solve` and `sensitivity` share: the base scenario loaded
//! once, the checks of metrics and keys made before any point runs, and the
//! note the mean path owes.

use super::context::Context;
use super::error::AppError;
use super::scenarios::{self, NOTHING_RUN, Sets};
use magdepth::analysis::{Base, Measure};
use magdepth::model::Scenario;
use magdepth::overrides::KeyPath;
use magdepth::sim::{Mode, ModeChoice, simulate};
use magdepth::summary::Summary;
use std::path::Path;

/// The scenario file (with `--set` values), which must load as it stands:
/// every point starts from it.
pub fn load_base(path: &Path, sets: &Sets) -> Result<Base, AppError> {
    let source = scenarios::open_one(path, sets)?;
    Base::new(source).map_err(|e| AppError::load(vec![e], NOTHING_RUN))
}

/// Checks that runs chosen by `choice` have `measure`.
pub fn check_measure(measure: Measure, choice: ModeChoice) -> Result<(), AppError> {
    if measure.available_in(choice) {
        return Ok(());
    }
    Err(AppError::Usage(format!(
        "the metric `{measure}` is a figure over Monte Carlo trials, which the mean path has \
         not; leave out --mode mean-path"
    )))
}

/// Checks that `measure` names only threats and types the base has.
pub fn check_measure_names(base: &Base, measure: Measure, flag: &str) -> Result<(), AppError> {
    check_names_in([&base.scenario], measure, flag)
}

/// Checks that `measure` names only threats and types that one of
/// `scenarios` has; `flag` is the option that gave it.
pub fn check_names_in<'a>(
    scenarios: impl IntoIterator<Item = &'a Scenario>,
    measure: Measure,
    flag: &str,
) -> Result<(), AppError> {
    let (mut threats, mut types): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    for scenario in scenarios {
        threats.extend(scenario.threats.iter().map(|t| t.name.as_str()));
        types.extend(scenario.interceptors.iter().map(|t| t.name.as_str()));
    }
    // Each name once, in the order first met.
    for names in [&mut threats, &mut types] {
        let mut seen = std::collections::BTreeSet::new();
        names.retain(|name| seen.insert(*name));
    }
    measure
        .check_names(&threats, &types)
        .map_err(|e| AppError::Usage(format!("{flag} {e}")))
}

/// Checks that `key` names a value a point can set.
pub fn check_key(base: &Base, key: &KeyPath) -> Result<(), AppError> {
    base.check_key(key)
        .map_err(|e| AppError::Usage(e.to_string()))
}

/// On the mean path, the note for the base scenario (see
/// [`Context::mean_path_note`]).
pub fn mean_path_note(
    ctx: &Context,
    choice: ModeChoice,
    file: &Path,
    base: &Base,
    pool: &rayon::ThreadPool,
) {
    if !choice.is_mean_path() {
        return;
    }
    let summary = simulate(&base.scenario, choice.method_for(&base.scenario), &|_| {}).summary;
    ctx.mean_path_note(
        choice,
        &scenarios::shown(file),
        &base.scenario,
        &summary,
        pool,
    );
}

/// Under `--mode auto`, when some points ran Monte Carlo and others were
/// worked out exactly: a note that says so (the numbers are those Monte
/// Carlo would give at every point).
pub fn exact_points_note<'a>(
    summaries: impl Iterator<Item = &'a Summary> + Clone,
) -> Option<String> {
    let mixed = summaries.clone().any(|s| s.mode == Mode::MonteCarlo)
        && summaries.clone().any(|s| s.mode == Mode::Exact);
    mixed.then(|| {
        "Points where nothing is random were worked out exactly, which is what every Monte \
         Carlo trial gives there."
            .to_string()
    })
}
