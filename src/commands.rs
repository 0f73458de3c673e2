//! Carries out each command: load scenarios, call the library, write the
//! report to stdout and problems to stderr, and choose the exit code.

use crate::cli::{ChartArgs, Command, ModeArg, OutputArgs, SimulationArgs};
use crate::progress::ProgressBar;
use magdepth::analysis::sensitivity::{self, Parameter};
use magdepth::analysis::solve::{self, Target, Want};
use magdepth::analysis::sweep::{self, Shard};
use magdepth::analysis::values::{Bounds, Swing, Vary};
use magdepth::analysis::{Base, Measure, PointError};
use magdepth::chart::output::ChartFormat;
use magdepth::compare::{SortKey, order};
use magdepth::error::{LoadError, LoadErrorKind, exit_code, exit_code_for};
use magdepth::model::Scenario;
use magdepth::overrides::{KeyPath, Scalar};
use magdepth::report::{self, Format};
use magdepth::report::{
    CheckResult, CheckStatus, Comparison, ScenarioReport, TableStyle, exporter,
};
use magdepth::scenario::document::Document;
use magdepth::scenario::load_file;
use magdepth::sim::Mode;
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
            chart,
        } => run(&files, nights, &simulation, &output, &chart),
        Command::Compare {
            paths,
            sort,
            reverse,
            baseline,
            simulation,
            output,
            chart,
        } => compare(
            paths,
            sort.as_deref(),
            reverse,
            baseline.as_deref(),
            &simulation,
            &output,
            &chart,
        ),
        Command::Check { files, output } => check(&files, &output),
        Command::New {
            path,
            form,
            from,
            force,
        } => new_scenario(&path, form, from.as_deref(), force),
        Command::Explain { file, set } => explain(&file, &set),
        Command::Completions { shell } => {
            let mut text = Vec::new();
            let mut command = <crate::cli::Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "magdepth", &mut text);
            emit(&String::from_utf8_lossy(&text))
        }
        Command::Schema => emit(&magdepth::scenario::raw::scenario_schema()),
        Command::Man => {
            let command = <crate::cli::Cli as clap::CommandFactory>::command();
            let mut text = Vec::new();
            match clap_mangen::Man::new(command).render(&mut text) {
                Ok(()) => emit(&String::from_utf8_lossy(&text)),
                Err(e) => error(
                    &format!("cannot render the manual: {e}"),
                    exit_code::FAILURE,
                ),
            }
        }
        Command::Sweep {
            file,
            vary,
            metric,
            shard,
            simulation,
            output,
            chart,
        } => sweep(&file, vary, metric, shard, &simulation, &output, &chart),
        Command::Solve {
            file,
            find,
            target,
            range,
            max,
            tolerance,
            simulation,
            output,
        } => solve(
            &file,
            &find,
            &target,
            &range,
            max,
            tolerance,
            &simulation,
            &output,
        ),
        Command::Sensitivity {
            file,
            vary,
            metric,
            simulation,
            output,
            chart,
        } => sensitivity(&file, &vary, metric, &simulation, &output, &chart),
        Command::Report {
            paths,
            output,
            force,
            simulation,
        } => html_report(paths, &output, force, &simulation),
        Command::Fit {
            file,
            category,
            models,
            from,
            to,
            map,
            combined,
            verbose,
            output,
        } => fit(
            &file,
            FitSelection { category, models },
            from.as_deref(),
            to.as_deref(),
            &map,
            combined.into(),
            verbose,
            &output,
        ),
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
/// With `band`, Monte Carlo also keeps the stock band that charts draw.
fn load_all(files: &[PathBuf], args: &SimulationArgs, band: bool) -> Result<Vec<Loaded>, u8> {
    let (loaded, errors) = load_each(files, &args.set)?;
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
                simulation: if band {
                    magdepth::sim::simulate_with_band(&scenario, method, &|done| {
                        progress.advance(done)
                    })
                } else {
                    simulate(&scenario, method, &|done| progress.advance(done))
                },
                file,
                scenario,
            })
            .collect()
    });
    progress.finish();
    Ok(simulated)
}

type Sets = [(KeyPath, serde_yaml::Value)];

/// Scenarios that loaded (with their files), and the errors of those that
/// did not.
type Loads = (Vec<(String, Scenario)>, Vec<LoadError>);

/// Loads each file (with the files it extends) and applies the `--set`
/// values. A `--set` path that a file lacks is a usage error (exit 2).
fn load_each(files: &[PathBuf], sets: &Sets) -> Result<Loads, u8> {
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        match load_document(path, sets)?.and_then(|document| document.scenario()) {
            Ok(scenario) => {
                replay_notes(path, &scenario);
                loaded.push((shown(path), scenario));
            }
            Err(error) => errors.push(error),
        }
    }
    Ok((loaded, errors))
}

/// The document of `path` with `sets` applied; `Err` (an exit code) when a
/// `--set` path does not fit the file.
fn load_document(path: &Path, sets: &Sets) -> Result<Result<Document, LoadError>, u8> {
    let mut document = match Document::load(path) {
        Ok(document) => document,
        Err(error) => return Ok(Err(error)),
    };
    for (key, value) in sets {
        if let Err(e) = document.set(key, value.clone()) {
            return Err(usage(&format!(
                "--set {}: {} (in {})",
                key,
                e.message,
                path.display()
            )));
        }
    }
    Ok(Ok(document))
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

fn run(
    files: &[PathBuf],
    with_nights: bool,
    args: &SimulationArgs,
    output: &OutputArgs,
    chart: &ChartArgs,
) -> u8 {
    if let Err(code) = check_chart(chart, files) {
        return code;
    }
    let loaded = match load_all(files, args, chart.chart.is_some()) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let reports: Vec<ScenarioReport<'_>> = loaded.iter().map(Loaded::report).collect();
    chart_then(
        chart,
        &inputs(files, &loaded),
        || magdepth::chart::stock::stock_chart(&reports),
        || exporter(output.format.into(), table_style()).run(&reports, with_nights),
    )
}

fn compare(
    paths: Vec<PathBuf>,
    sort: Option<&str>,
    reverse: bool,
    baseline: Option<&Path>,
    args: &SimulationArgs,
    output: &OutputArgs,
    chart: &ChartArgs,
) -> u8 {
    let files = match scenario_files(paths, "compare") {
        Ok(files) => files,
        Err(code) => return code,
    };
    let mut to_load = files;
    to_load.extend(baseline.map(Path::to_path_buf));
    if let Err(code) = check_chart(chart, &to_load) {
        return code;
    }
    let mut loaded = match load_all(&to_load, args, chart.chart.is_some()) {
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
    chart_then(
        chart,
        &inputs(&to_load, &loaded),
        || magdepth::chart::stock::stock_chart(&comparison.rows),
        || exporter(output.format.into(), table_style()).compare(&comparison),
    )
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
        let file = shown(path);
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

// Sweep, solve and sensitivity (issue 5).

/// Exit code of `solve` when no value in the range meets the target.
const TARGET_NOT_MET: u8 = 3;

fn usage(message: &str) -> u8 {
    error(message, exit_code::USAGE)
}

/// Loads the scenario file (reporting its errors as `run` does) and parses
/// it once into the document that every point starts from.
fn load_base(path: &Path, sets: &Sets) -> Result<Base, u8> {
    let loaded = load_document(path, sets)?.and_then(|document| Base::from_document(&document));
    loaded.map_err(|e| {
        report_errors(std::slice::from_ref(&e), "nothing was run");
        e.exit_code()
    })
}

/// Checks that `measure` exists in the mode asked for.
fn check_measure(measure: Measure, args: &SimulationArgs) -> Result<(), u8> {
    let mode = match args.mode {
        ModeArg::Expected => Mode::Expected,
        ModeArg::MonteCarlo => Mode::MonteCarlo,
    };
    if measure.applies_to(mode) {
        return Ok(());
    }
    Err(usage(&match mode {
        Mode::Expected => format!(
            "the metric `{measure}` exists in Monte Carlo mode only; add --mode monte-carlo"
        ),
        Mode::MonteCarlo => format!(
            "the metric `{measure}` exists in expected mode only; in Monte Carlo mode use \
             `leakers` or `leakers.mean`"
        ),
    }))
}

/// Checks that `key` names a value the scenario can take.
fn check_key(base: &Base, key: &KeyPath, probe: &Scalar) -> Result<(), u8> {
    base.check_key(key, probe)
        .map_err(|e| usage(&e.to_string()))
}

/// The rayon pool the flags ask for (`--threads`, else one per core).
fn thread_pool(args: &SimulationArgs) -> Result<rayon::ThreadPool, u8> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, usize::from))
        .build()
        .map_err(|e| error(&format!("cannot start threads: {e}"), exit_code::FAILURE))
}

/// Reports a point that could not be simulated: 65 when the values set make
/// the scenario invalid, 2 when a key cannot be set.
fn point_failed(e: &PointError) -> u8 {
    let _ = writeln!(std::io::stderr(), "{e}");
    if e.is_usage() {
        exit_code::USAGE
    } else {
        exit_code::INVALID_SCENARIO
    }
}

fn sweep(
    path: &Path,
    vary: Vec<Vary>,
    metric: Vec<Measure>,
    shard: Option<Shard>,
    args: &SimulationArgs,
    output: &OutputArgs,
    chart: &ChartArgs,
) -> u8 {
    if vary.len() > 2 {
        return usage("give one --vary for a table or two for a grid, not more");
    }
    if chart.chart.is_some() && shard.is_some() {
        return usage("--chart draws the whole grid; leave out --shard");
    }
    if let Err(code) = check_chart(chart, &[path.to_path_buf()]) {
        return code;
    }
    if let [a, b] = vary.as_slice()
        && a.key == b.key
    {
        return usage(&format!("--vary {} is given twice", a.key));
    }
    let measures = if metric.is_empty() {
        vec![Measure::DEFAULT]
    } else {
        metric
    };
    if vary.len() == 2 && measures.len() > 1 {
        return usage("a grid of two keys shows one metric; give one --metric");
    }
    for &m in &measures {
        if let Err(code) = check_measure(m, args) {
            return code;
        }
    }
    let format: Format = output.format.into();
    if shard.is_some() && !matches!(format, Format::Csv | Format::Json) {
        return usage(
            "--shard writes CSV or JSON lines, which concatenate; add --format csv or --format json",
        );
    }
    let base = match load_base(path, &args.set) {
        Ok(base) => base,
        Err(code) => return code,
    };
    for v in &vary {
        if let Err(code) = check_key(&base, &v.key, &v.values.0[0]) {
            return code;
        }
    }
    let keys: Vec<KeyPath> = vary.iter().map(|v| v.key.clone()).collect();
    let across = vary.get(1).map(|v| v.values.0.clone());
    let grid = match sweep::Grid::new(vary) {
        Ok(grid) => grid,
        Err(message) => return usage(&message),
    };
    let method = method(args);
    let pool = match thread_pool(args) {
        Ok(pool) => pool,
        Err(code) => return code,
    };
    let sharded = shard.is_some();
    let shard = shard.unwrap_or(Shard::WHOLE);
    let points = match pool.install(|| sweep::run(&base, &grid, shard, method)) {
        Ok(points) => points,
        Err(e) => return point_failed(&e),
    };
    let exporter = exporter(format, table_style());
    let text = match format {
        Format::Table | Format::Markdown => {
            let mut table = match &across {
                Some(across) => report::sweep::sweep_matrix(
                    [&keys[0], &keys[1]],
                    across,
                    measures[0],
                    &points,
                    true,
                ),
                None => report::sweep::sweep_rows(&keys, &measures, &points, true),
            };
            table.notes.push(report::sweep::method_note(method));
            exporter.grid(&table)
        }
        Format::Csv => {
            let text = exporter.grid(&report::sweep::sweep_rows(&keys, &measures, &points, false));
            match text.split_once('\n') {
                Some((_, rows)) if !shard.is_first() => rows.to_string(),
                _ => text,
            }
        }
        Format::Json => {
            let rows = report::sweep::sweep_rows(&keys, &measures, &points, false);
            if sharded {
                report::sweep::json_lines(&rows)
            } else {
                exporter.grid(&rows)
            }
        }
    };
    chart_then(
        chart,
        &[path.to_path_buf()],
        || match keys.as_slice() {
            [key] => magdepth::chart::line::line_chart(&magdepth::chart::line::SweepLine {
                key,
                values: &grid.axes[0].values.0,
                measures: &measures,
                points: &points,
                method,
                never_at: f64::from(base.scenario.horizon_nights) + 1.0,
            }),
            _ => magdepth::chart::heatmap::heat_map(&magdepth::chart::heatmap::HeatMap {
                keys: [&keys[0], &keys[1]],
                rows: &grid.axes[0].values.0,
                columns: &grid.axes[1].values.0,
                measure: measures[0],
                points: &points,
                method,
            }),
        },
        || text,
    )
}

#[allow(clippy::too_many_arguments)]
fn solve(
    path: &Path,
    key: &KeyPath,
    target: &Target,
    range: &Bounds,
    largest: bool,
    tolerance: f64,
    args: &SimulationArgs,
    output: &OutputArgs,
) -> u8 {
    if let Err(code) = check_measure(target.measure, args) {
        return code;
    }
    if !(tolerance > 0.0 && tolerance.is_finite()) {
        return usage(&format!("--tolerance must be more than 0, got {tolerance}"));
    }
    let base = match load_base(path, &args.set) {
        Ok(base) => base,
        Err(code) => return code,
    };
    if let Err(code) = check_key(&base, key, &range.low) {
        return code;
    }
    let (low, high) = (
        range.low.as_f64().unwrap_or(0.0),
        range.high.as_f64().unwrap_or(0.0),
    );
    let whole = solve::is_whole_number_key(&base, key, low);
    let domain = if whole {
        solve::Domain::integer(low, high)
    } else {
        solve::Domain::real(low, high, tolerance)
    };
    let domain = match domain {
        Ok(domain) => domain,
        Err(message) => return usage(&message),
    };
    let want = if largest {
        Want::Largest
    } else {
        Want::Smallest
    };
    let method = method(args);
    let pool = match thread_pool(args) {
        Ok(pool) => pool,
        Err(code) => return code,
    };
    let solution = match pool.install(|| solve::solve(&base, key, domain, target, want, method)) {
        Ok(solution) => solution,
        Err(e) => return point_failed(&e),
    };
    let (first, last) = domain.bounds();
    let question = report::sweep::SolveQuestion {
        key,
        target,
        want,
        range: format!("{}..{}", domain.value(first), domain.value(last)),
        tolerance: (!whole).then_some(tolerance),
        method,
    };
    let format: Format = output.format.into();
    let human = matches!(format, Format::Table | Format::Markdown);
    let grid = report::sweep::solve_grid(&question, &solution, human);
    let written = emit(&exporter(format, table_style()).grid(&grid));
    if written != exit_code::OK || solution.found.is_some() {
        return written;
    }
    if !human {
        let _ = writeln!(
            std::io::stderr(),
            "magdepth: no value of {key} in {} meets {target}",
            question.range
        );
    }
    TARGET_NOT_MET
}

fn sensitivity(
    path: &Path,
    vary: &[Swing],
    metric: Measure,
    args: &SimulationArgs,
    output: &OutputArgs,
    chart: &ChartArgs,
) -> u8 {
    if let Err(code) = check_measure(metric, args) {
        return code;
    }
    if let Err(code) = check_chart(chart, &[path.to_path_buf()]) {
        return code;
    }
    let base = match load_base(path, &args.set) {
        Ok(base) => base,
        Err(code) => return code,
    };
    let mut parameters = Vec::new();
    for swing in vary {
        if parameters.iter().any(|p: &Parameter| p.key == swing.key) {
            return usage(&format!("--vary {} is given twice", swing.key));
        }
        let file_value = base.value_at(&swing.key);
        let parameter = match (&swing.bounds, &file_value) {
            (Some(bounds), _) => Parameter {
                key: swing.key.clone(),
                base: file_value.clone(),
                low: bounds.low.clone(),
                high: bounds.high.clone(),
            },
            (None, Some(value)) => match Parameter::plus_minus_25(swing.key.clone(), value) {
                Some(p) => p,
                None => {
                    return usage(&format!(
                        "{} is `{value}` in the file, not a number to take ±25% of; \
                         give {}=LOW..HIGH",
                        swing.key, swing.key
                    ));
                }
            },
            (None, None) => {
                if let Err(code) = check_key(&base, &swing.key, &Scalar::Int(1)) {
                    return code;
                }
                return usage(&format!(
                    "the file gives no value for {}; give {}=LOW..HIGH",
                    swing.key, swing.key
                ));
            }
        };
        if let Err(code) = check_key(&base, &parameter.key, &parameter.low) {
            return code;
        }
        parameters.push(parameter);
    }
    let defaults = parameters.is_empty();
    if defaults {
        parameters = sensitivity::default_parameters(&base);
        if parameters.is_empty() {
            return usage(
                "the file has none of the default parameters as plain numbers; name them with \
                 --vary KEY=LOW..HIGH",
            );
        }
    }
    let method = method(args);
    let pool = match thread_pool(args) {
        Ok(pool) => pool,
        Err(code) => return code,
    };
    let tornado = match pool.install(|| sensitivity::tornado(&base, &parameters, metric, method)) {
        Ok(tornado) => tornado,
        Err(e) => return point_failed(&e),
    };
    let format: Format = output.format.into();
    let human = matches!(format, Format::Table | Format::Markdown);
    let grid = report::sweep::tornado_grid(&tornado, metric, defaults, method, human);
    chart_then(
        chart,
        &[path.to_path_buf()],
        || {
            let never_at = f64::from(base.scenario.horizon_nights) + 1.0;
            magdepth::chart::tornado::tornado_chart(&tornado, metric, method, never_at, "tornado")
        },
        || exporter(format, table_style()).grid(&grid),
    )
}

/// `magdepth new`: a template (or an existing scenario, resolved), written
/// atomically and never over an existing file without `--force`.
fn new_scenario(path: &Path, form: crate::cli::FormArg, from: Option<&Path>, force: bool) -> u8 {
    let text = match from {
        None => match form {
            crate::cli::FormArg::Short => magdepth::template::SHORT.to_string(),
            crate::cli::FormArg::Long => magdepth::template::LONG.to_string(),
        },
        // The scenario as its file (and any bases it extends) give it, merged
        // into one file that loads as it stands.
        Some(from) => match Document::load(from).and_then(|d| d.scenario().map(|_| d)) {
            Ok(document) => format!(
                "# yaml-language-server: $schema=scenario.schema.json\n# Written by magdepth new --from {} (bases merged in).\n{}",
                from.display(),
                serde_yaml::to_string(&document.value).unwrap_or_default()
            ),
            Err(e) => {
                report_errors(std::slice::from_ref(&e), "nothing was written");
                return e.exit_code();
            }
        },
    };
    let inputs: Vec<PathBuf> = from.map(Path::to_path_buf).into_iter().collect();
    match magdepth::output::write_atomic(path, text.as_bytes(), force, &inputs) {
        Ok(()) => {
            let _ = writeln!(std::io::stderr(), "wrote {}", path.display());
            exit_code::OK
        }
        Err(e) => error(&e.to_string(), exit_code::FAILURE),
    }
}

/// `magdepth explain`: the resolved scenario, then its key nights in words
/// (expected values).
fn explain(path: &Path, sets: &Sets) -> u8 {
    let scenario = match load_document(path, sets) {
        Err(code) => return code,
        Ok(loaded) => match loaded.and_then(|document| document.scenario()) {
            Ok(scenario) => scenario,
            Err(e) => {
                report_errors(std::slice::from_ref(&e), "nothing was run");
                return e.exit_code();
            }
        },
    };
    let simulation = simulate(&scenario, Method::Expected, &|_| {});
    let mut out = String::from("# The scenario, resolved (defaults filled in)\n");
    out.push_str(&magdepth::explain::resolved_yaml(&scenario));
    out.push_str("\n# The arithmetic, in words (expected values)\n");
    for line in magdepth::explain::key_nights(&scenario, &simulation) {
        out.push_str(&line);
        out.push('\n');
    }
    emit(&out)
}

// Charts and the HTML report (issue 7).

/// Whether `path` means stdout.
fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Refuses, before any work is done, an output file that may not be
/// written: one that exists without `--force`, anything but a regular file,
/// one of `inputs` (checked again when it is written).
fn check_writable(path: &Path, force: bool, inputs: &[PathBuf]) -> Result<(), u8> {
    if is_stdout(path) {
        return Ok(());
    }
    magdepth::output::check_target(path, force, inputs)
        .map_err(|refused| error(&refused.to_string(), exit_code::FAILURE))
}

/// Refuses, before any work is done, a chart file whose extension names no
/// chart format (exit 2) or that exists without `--force` or may not be
/// replaced (exit 1).
fn check_chart(chart: &ChartArgs, inputs: &[PathBuf]) -> Result<(), u8> {
    match &chart.chart {
        Some(path) => {
            ChartFormat::from_path(path).map_err(|e| usage(&e.to_string()))?;
            check_writable(path, chart.force, inputs)
        }
        None => Ok(()),
    }
}

/// The files a command read: the scenario files, and the CSVs their
/// threats replay. An output never goes over one of them.
fn inputs(files: &[PathBuf], loaded: &[Loaded]) -> Vec<PathBuf> {
    let replayed =
        loaded
            .iter()
            .flat_map(|l| &l.scenario.threats)
            .filter_map(|threat| match &threat.raid {
                magdepth::model::Raid::Record(replay) => Some(PathBuf::from(&replay.record.file)),
                _ => None,
            });
    files.iter().cloned().chain(replayed).collect()
}

/// Writes `contents` to `path` whole or not at all (`-`: to stdout); an
/// existing file only with `force`, and never one of `inputs`.
fn write_output(path: &Path, contents: &str, force: bool, inputs: &[PathBuf]) -> u8 {
    if is_stdout(path) {
        return emit(contents);
    }
    write_file(path, contents.as_bytes(), force, inputs)
}

fn write_file(path: &Path, bytes: &[u8], force: bool, inputs: &[PathBuf]) -> u8 {
    match magdepth::output::write_atomic(path, bytes, force, inputs) {
        Ok(()) => exit_code::OK,
        Err(e) => error(&e.to_string(), exit_code::FAILURE),
    }
}

/// Writes the chart, if one was asked for, as SVG or PNG by the file's
/// extension, then the report to stdout; a chart written to stdout
/// (`--chart -`, SVG) takes the report's place. Nothing is printed when the
/// chart cannot be written.
fn chart_then(
    chart: &ChartArgs,
    inputs: &[PathBuf],
    svg: impl FnOnce() -> String,
    text: impl FnOnce() -> String,
) -> u8 {
    match &chart.chart {
        None => emit(&text()),
        Some(path) if is_stdout(path) => emit(&svg()),
        Some(path) => {
            let bytes = ChartFormat::from_path(path)
                .map_err(|e| usage(&e.to_string()))
                .and_then(|format| {
                    magdepth::chart::output::encode(&svg(), format)
                        .map_err(|e| error(&e.to_string(), exit_code::FAILURE))
                });
            match bytes.map(|bytes| write_file(path, &bytes, chart.force, inputs)) {
                Ok(exit_code::OK) => emit(&text()),
                Ok(code) | Err(code) => code,
            }
        }
    }
}

/// `magdepth report`: one self-contained HTML page.
fn html_report(paths: Vec<PathBuf>, output: &Path, force: bool, args: &SimulationArgs) -> u8 {
    let files = match scenario_files(paths, "report on") {
        Ok(files) => files,
        Err(code) => return code,
    };
    if let Err(code) = check_writable(output, force, &files) {
        return code;
    }
    let loaded = match load_all(&files, args, true) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let comparison = Comparison {
        rows: loaded.iter().map(Loaded::report).collect(),
        baseline: None,
    };
    write_output(
        output,
        &report::html::render(&comparison),
        force,
        &inputs(&files, &loaded),
    )
}

// Replayed records and `fit` (issue 8).

/// A one-line note on stderr for each replayed record that skipped rows or
/// counted combined entries whole; the library returns these as data.
fn replay_notes(path: &Path, scenario: &Scenario) {
    for threat in &scenario.threats {
        if let magdepth::model::Raid::Record(replay) = &threat.raid
            && let Some(note) = replay.record.note()
        {
            let _ = writeln!(
                std::io::stderr(),
                "note: {}: {note} (magdepth fit --verbose lists them)",
                path.display()
            );
        }
    }
}

/// `--category` or `--models`, as given.
struct FitSelection {
    category: Option<String>,
    models: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
fn fit(
    path: &Path,
    selection: FitSelection,
    from: Option<&str>,
    to: Option<&str>,
    map: &[String],
    combined: magdepth::replay::CombinedRule,
    verbose: bool,
    output: &OutputArgs,
) -> u8 {
    use magdepth::date::Date;
    use magdepth::replay::{self, Query, Selection, catalogue::Catalogue};
    let date = |flag: &str, text: Option<&str>| -> Result<Option<Date>, u8> {
        text.map(|text| Date::parse(text).map_err(|e| usage(&format!("--{flag} {text}: {e}"))))
            .transpose()
    };
    let (from, to) = match (date("from", from), date("to", to)) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let mut catalogue = Catalogue::default();
    for entry in map {
        match entry.split_once('=') {
            Some((model, category)) if !model.trim().is_empty() && !category.trim().is_empty() => {
                catalogue.set(model, category)
            }
            _ => return usage(&format!("--map {entry}: expected MODEL=CATEGORY")),
        }
    }
    let selection = match selection.category {
        Some(category) => Selection::Category(category.trim().to_lowercase()),
        None => Selection::Models(
            selection
                .models
                .into_iter()
                .map(|m| m.trim().to_string())
                .filter(|m| !m.is_empty())
                .collect(),
        ),
    };
    if let Selection::Category(category) = &selection {
        let known = catalogue.categories();
        if !known.contains(category) {
            let hint = match magdepth::suggest::nearest(category, known.iter().map(String::as_str))
            {
                Some(near) => format!("; did you mean `{near}`?"),
                None => format!("; the categories are: {}", known.join(", ")),
            };
            return usage(&format!("--category: no category `{category}`{hint}"));
        }
    }
    if matches!(&selection, Selection::Models(models) if models.is_empty()) {
        return usage("--models: name at least one model");
    }
    let query = Query {
        selection,
        from,
        to,
        catalogue,
        combined,
    };
    let record = match replay::load_record(path, &query) {
        Ok(record) => record,
        Err(e) => {
            let code = if e.unreadable {
                exit_code::NO_INPUT
            } else {
                exit_code::INVALID_SCENARIO
            };
            return error(&e.to_string(), code);
        }
    };
    if let Some(quirks) = record.quirks() {
        let hint = if verbose {
            ""
        } else {
            " (--verbose lists them)"
        };
        let _ = writeln!(std::io::stderr(), "note: {quirks}{hint}");
    }
    if verbose {
        for line in replay::report::row_lines(&record) {
            let _ = writeln!(std::io::stderr(), "  {line}");
        }
    }
    let format: Format = output.format.into();
    let text = match format {
        Format::Json => replay::report::fit_json(&record),
        Format::Csv => {
            exporter(format, table_style()).grid(&replay::report::fit_grid(&record, false))
        }
        _ => exporter(format, table_style()).grid(&replay::report::fit_grid(&record, true)),
    };
    emit(&text)
}

/// A scenario path as reports show it: `-` is standard input.
fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// The scenario files named (directories expanded), or every scenario under
/// ./scenarios when none are; `purpose` says what for in the error.
fn scenario_files(paths: Vec<PathBuf>, purpose: &str) -> Result<Vec<PathBuf>, u8> {
    let paths = if paths.is_empty() {
        let default = PathBuf::from(DEFAULT_SCENARIO_DIR);
        if !default.is_dir() {
            return Err(error(
                &format!(
                    "no ./scenarios directory here: name scenario files or directories to {purpose}"
                ),
                exit_code::NO_INPUT,
            ));
        }
        vec![default]
    } else {
        paths
    };
    expand_dirs(&paths).map_err(|message| error(&message, exit_code::NO_INPUT))
}
