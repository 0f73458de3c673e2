//! Scenario files for the commands: found (directories expanded), opened
//! with the `--set` values, compiled, and (for `run`, `compare` and
//! `report`) simulated, with what each policy bought.

use super::context::Context;
use super::error::AppError;
use crate::cli::SimulationArgs;
use crate::progress::ProgressBar;
use magdepth::analysis::policy::{self, PolicyEffect};
use magdepth::error::LoadError;
use magdepth::model::Scenario;
use magdepth::outcome::Outcome;
use magdepth::overrides::KeyPath;
use magdepth::scenario::Source;
use magdepth::sim::{Simulation, simulate, simulate_with_band};
use std::path::{Path, PathBuf};

/// Where `compare` and `report` look when given no paths.
const DEFAULT_SCENARIO_DIR: &str = "scenarios";

/// What a command does when files fail to load.
pub const NOTHING_RUN: &str = "nothing was run";

/// `--set` values: key paths and YAML values.
pub type Sets = [(KeyPath, serde_yaml::Value)];

/// A scenario simulated, with the file it came from and what its policies
/// bought.
pub struct Loaded {
    file: String,
    pub scenario: Scenario,
    pub simulation: Simulation,
    policy_effects: Vec<PolicyEffect>,
    /// The files it was read from ([`Source::inputs`]).
    pub inputs: Vec<PathBuf>,
}

/// Every file the runs were read from: no output may go over one.
pub fn inputs(loaded: &[Loaded]) -> Vec<PathBuf> {
    loaded
        .iter()
        .flat_map(|l| l.inputs.iter().cloned())
        .collect()
}

impl Loaded {
    pub fn outcome(&self) -> Outcome<'_> {
        Outcome {
            file: &self.file,
            scenario: &self.scenario,
            simulation: &self.simulation,
            policy_effects: &self.policy_effects,
        }
    }
}

/// The source of `path` with `sets` applied. A `--set` path that does not
/// fit the file is a usage error (the outer `Err`); a file that does not
/// load is the inner one, for the caller to gather with the others.
pub fn open(path: &Path, sets: &Sets) -> Result<Result<Source, LoadError>, AppError> {
    let mut source = match Source::load(path) {
        Ok(source) => source,
        Err(error) => return Ok(Err(error)),
    };
    for (key, value) in sets {
        source.set(key, value.clone()).map_err(|e| {
            AppError::Usage(format!("--set {key}: {} (in {})", e.kind, shown(path)))
        })?;
    }
    Ok(Ok(source))
}

/// The source of the one file a command works on, with `sets` applied.
pub fn open_one(path: &Path, sets: &Sets) -> Result<Source, AppError> {
    open(path, sets)?.map_err(|error| AppError::load(vec![error], NOTHING_RUN))
}

/// Loads every file; if any fails, every failure is the error, so that
/// nothing runs on partial input. Then simulates each (with `band`, Monte
/// Carlo also keeps the stock band that charts draw) and works out what
/// its policies bought.
pub fn simulate_all(
    ctx: &Context,
    files: &[PathBuf],
    args: &SimulationArgs,
    band: bool,
) -> Result<Vec<Loaded>, AppError> {
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        match open(path, &args.set)?.and_then(|source| Ok((source.scenario()?, source))) {
            Ok((scenario, source)) => {
                replay_notes(ctx, path, &source);
                loaded.push((shown(path), scenario, source.inputs()));
            }
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::load(errors, NOTHING_RUN));
    }
    let choice = args.choice();
    let pool = ctx.pool(args.threads)?;
    let progress = ProgressBar::new(
        loaded
            .iter()
            .map(|(_, scenario, _)| (choice.method_for(scenario), scenario)),
    );
    let simulated: Vec<Loaded> = pool.install(|| {
        loaded
            .into_iter()
            .map(|(file, scenario, inputs)| {
                // Each scenario in its own mode.
                let method = choice.method_for(&scenario);
                let advance = |done| progress.advance(done);
                let simulation = if band {
                    simulate_with_band(&scenario, method, &advance)
                } else {
                    simulate(&scenario, method, &advance)
                };
                let policy_effects = policy::effects(&scenario, method, &simulation.summary);
                Loaded {
                    file,
                    scenario,
                    simulation,
                    policy_effects,
                    inputs,
                }
            })
            .collect()
    });
    progress.finish();
    for run in &simulated {
        ctx.mean_path_note(
            choice,
            &run.file,
            &run.scenario,
            &run.simulation.summary,
            pool,
        );
    }
    Ok(simulated)
}

/// A one-line note for each replayed record that skipped rows or counted
/// combined entries whole; the library returns these as data.
fn replay_notes(ctx: &Context, path: &Path, source: &Source) {
    for record in source.records() {
        if let Some(note) = record.note() {
            ctx.note(&format!(
                "note: {}: {note} (magdepth fit --verbose lists them)",
                shown(path)
            ));
        }
    }
}

/// A scenario path as reports show it: `-` is standard input.
pub fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        magdepth::scenario::STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

/// Refuses standard input (`-`) named more than once among `paths`: it can
/// be read only once.
pub fn refuse_stdin_twice<'a>(
    paths: impl IntoIterator<Item = &'a PathBuf>,
) -> Result<(), AppError> {
    let times = paths.into_iter().filter(|p| p.as_os_str() == "-").count();
    if times > 1 {
        return Err(AppError::Usage(format!(
            "`-` ({}) is named {times} times; standard input can be read only once",
            magdepth::scenario::STDIN_NAME
        )));
    }
    Ok(())
}

/// The scenario files named (directories expanded), or every scenario under
/// ./scenarios when none are; `purpose` says what for in the error.
pub fn files(paths: Vec<PathBuf>, purpose: &str) -> Result<Vec<PathBuf>, AppError> {
    let paths = if paths.is_empty() {
        let default = PathBuf::from(DEFAULT_SCENARIO_DIR);
        if !default.is_dir() {
            return Err(AppError::NoInput(format!(
                "no ./scenarios directory here: name scenario files or directories to {purpose}"
            )));
        }
        vec![default]
    } else {
        paths
    };
    expand_dirs(&paths).map_err(AppError::NoInput)
}

/// Files as given; directories replaced by their `*.yaml` and `*.yml` files,
/// sorted by name.
pub fn expand_dirs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let entries = std::fs::read_dir(path)
            .map_err(|e| format!("cannot read directory {}: {e}", path.display()))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .is_some_and(|ext| ext == "yaml" || ext == "yml")
            })
            .collect();
        if found.is_empty() {
            return Err(format!(
                "no scenario files (*.yaml, *.yml) in {}",
                path.display()
            ));
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}
