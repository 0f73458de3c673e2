//! Carries out each command: load scenarios, call the library, write the
//! report to stdout and problems to stderr, and choose the exit code.

use crate::cli::{Command, ModeArg, OutputArgs, SimulationArgs};
use crate::progress::ProgressBar;
use magdepth::compare::{SortKey, order};
use magdepth::error::{LoadError, LoadErrorKind, exit_code, exit_code_for};
use magdepth::model::Scenario;
use magdepth::report::{
    CheckResult, CheckStatus, Comparison, ScenarioReport, TableStyle, exporter,
};
use magdepth::scenario::load_file;
use magdepth::sim::{Method, Simulation, simulate};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Where `compare` looks when given no paths.
const DEFAULT_SCENARIO_DIR: &str = "scenarios";

pub fn execute(command: Command) -> u8 {
    match command {
        Command::Run {
            files,
            nights,
            simulation,
            output,
        } => run(&files, nights, &simulation, &output),
        Command::Compare {
            paths,
            sort,
            reverse,
            baseline,
            simulation,
            output,
        } => compare(
            paths,
            sort.as_deref(),
            reverse,
            baseline.as_deref(),
            &simulation,
            &output,
        ),
        Command::Check { files, output } => check(&files, &output),
    }
}

/// A loaded scenario, its simulation, and the file it came from.
struct Loaded {
    file: String,
    scenario: Scenario,
    simulation: Simulation,
}

impl Loaded {
    fn report(&self) -> ScenarioReport<'_> {
        ScenarioReport {
            file: &self.file,
            scenario: &self.scenario,
            simulation: &self.simulation,
        }
    }
}

/// The simulation method the flags ask for. Without `--seed`, Monte Carlo
/// draws a seed and says which on stderr, so the run can be repeated.
fn method(args: &SimulationArgs) -> Method {
    match args.mode {
        ModeArg::Expected => Method::Expected,
        ModeArg::MonteCarlo => {
            let seed = args.seed.unwrap_or_else(|| {
                use rand::Rng;
                let seed = rand::rng().next_u64();
                let _ = writeln!(
                    std::io::stderr(),
                    "magdepth: Monte Carlo seed {seed} (repeat this run with --seed {seed})"
                );
                seed
            });
            Method::MonteCarlo {
                trials: args.trials,
                seed,
            }
        }
    }
}

/// Loads every file; if any fails, reports every failure and returns the exit
/// code, so that nothing runs on partial input. Then simulates each.
fn load_all(files: &[PathBuf], args: &SimulationArgs) -> Result<Vec<Loaded>, u8> {
    let (loaded, errors) = load_each(files);
    if !errors.is_empty() {
        report_errors(&errors, "nothing was run");
        return Err(exit_code_for(&errors));
    }
    let method = method(args);
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, usize::from))
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            return Err(error(
                &format!("cannot start threads: {e}"),
                exit_code::FAILURE,
            ));
        }
    };
    let progress = ProgressBar::new(method, loaded.iter().map(|(_, s)| s));
    let simulated = pool.install(|| {
        loaded
            .into_iter()
            .map(|(file, scenario)| Loaded {
                simulation: simulate(&scenario, method, &|done| progress.advance(done)),
                file,
                scenario,
            })
            .collect()
    });
    progress.finish();
    Ok(simulated)
}

fn load_each(files: &[PathBuf]) -> (Vec<(String, Scenario)>, Vec<LoadError>) {
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        match load_file(path) {
            Ok(scenario) => loaded.push((path.display().to_string(), scenario)),
            Err(error) => errors.push(error),
        }
    }
    (loaded, errors)
}

/// Writes every error to stderr; with several, a count and `consequence`.
fn report_errors(errors: &[LoadError], consequence: &str) {
    let mut stderr = std::io::stderr().lock();
    for error in errors {
        let _ = writeln!(stderr, "{error}");
    }
    if errors.len() > 1 {
        let _ = writeln!(stderr, "{} files have errors; {consequence}", errors.len());
    }
}

fn error(message: &str, code: u8) -> u8 {
    let _ = writeln!(std::io::stderr(), "error: {message}");
    code
}

fn run(files: &[PathBuf], with_nights: bool, args: &SimulationArgs, output: &OutputArgs) -> u8 {
    let loaded = match load_all(files, args) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let reports: Vec<ScenarioReport<'_>> = loaded.iter().map(Loaded::report).collect();
    emit(&exporter(output.format.into(), table_style()).run(&reports, with_nights))
}

fn compare(
    paths: Vec<PathBuf>,
    sort: Option<&str>,
    reverse: bool,
    baseline: Option<&Path>,
    args: &SimulationArgs,
    output: &OutputArgs,
) -> u8 {
    let paths = if paths.is_empty() {
        let default = PathBuf::from(DEFAULT_SCENARIO_DIR);
        if !default.is_dir() {
            return error(
                "no ./scenarios directory here: name scenario files or directories to compare",
                exit_code::NO_INPUT,
            );
        }
        vec![default]
    } else {
        paths
    };
    let files = match expand_dirs(&paths) {
        Ok(files) => files,
        Err(message) => return error(&message, exit_code::NO_INPUT),
    };
    let mut to_load = files;
    to_load.extend(baseline.map(Path::to_path_buf));
    let mut loaded = match load_all(&to_load, args) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let baseline = baseline.and_then(|_| loaded.pop());
    match sort.and_then(SortKey::from_name) {
        // A stable sort keeps ties in the order given, reversed or not.
        Some(key) => loaded.sort_by(|a, b| {
            let (a, b) = if reverse { (b, a) } else { (a, b) };
            order(
                key,
                (&a.scenario.name, &a.simulation.summary),
                (&b.scenario.name, &b.simulation.summary),
            )
        }),
        None if reverse => loaded.reverse(),
        None => {}
    }
    let comparison = Comparison {
        rows: loaded.iter().map(Loaded::report).collect(),
        baseline: baseline.as_ref().map(Loaded::report),
    };
    emit(&exporter(output.format.into(), table_style()).compare(&comparison))
}

/// Files as given; directories replaced by their `*.yaml` and `*.yml` files,
/// sorted by name.
fn expand_dirs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
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

fn check(files: &[PathBuf], output: &OutputArgs) -> u8 {
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let file = path.display().to_string();
        match load_file(path) {
            Ok(scenario) => results.push(CheckResult {
                file,
                name: Some(scenario.name),
                status: CheckStatus::Ok,
                errors: Vec::new(),
            }),
            Err(error) => {
                let status = match error.kind {
                    LoadErrorKind::Unreadable { .. } => CheckStatus::Unreadable,
                    _ => CheckStatus::Invalid,
                };
                results.push(CheckResult {
                    file,
                    name: None,
                    status,
                    errors: error.to_string().lines().map(str::to_string).collect(),
                });
                errors.push(error);
            }
        }
    }
    report_errors(&errors, "the others are valid");
    let written = emit(&exporter(output.format.into(), table_style()).check(&results));
    if errors.is_empty() {
        written
    } else {
        exit_code_for(&errors)
    }
}

/// The table style for stdout: UTF-8 and the terminal's width on a terminal;
/// ASCII and 80 columns when piped; bold headers unless `NO_COLOR` is set.
fn table_style() -> TableStyle {
    if !std::io::stdout().is_terminal() {
        return TableStyle::PLAIN;
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    TableStyle {
        utf8: true,
        color: !no_color,
        // Some pseudo-terminals report a width of 0; treat that as unknown.
        width: comfy_table::Table::new()
            .width()
            .filter(|&w| w > 0)
            .unwrap_or(80),
    }
}

/// Writes the report to stdout. A closed pipe (`| head`) is not an error.
fn emit(text: &str) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => exit_code::OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit_code::OK,
        Err(e) => error(&format!("cannot write output: {e}"), exit_code::FAILURE),
    }
}
