//! What the fuzz targets do with an input, shared with the regression tests
//! (`tests/fuzz_regressions.rs` includes this file by path), so that a
//! finding replays through exactly the code that found it.
//!
//! Two inputs:
//!
//! - [`scenario`]: bytes → UTF-8 → a scenario source → the scenario.
//! - [`settings`]: bytes → UTF-8, split at NUL (`\0`) and SOH (`\x01`)
//!   bytes into the scenario text and settings. A setting after `\0` is a
//!   command-line `--set KEY=VALUE` (the key through `KeyPath::from_str`,
//!   the value through `bounded_value`, then `Source::set`); one after
//!   `\x01` is a `KEY=VALUE` point of a sweep (the value through
//!   `Scalar::parse`, then `Base::check_key` and `Source::compile`). The
//!   scenario with its `--set` values is simulated, and so is the point.
//!
//! Every scenario that compiles is simulated on the mean path and by Monte
//! Carlo (a few trials, with and without the stock band that charts draw),
//! with what each policy bought, and drawn in every output: the four text
//! formats (summary, nights up to [`NIGHTS_LISTED_UP_TO`], and a comparison
//! with itself as baseline), explain, the HTML report and the SVG stock
//! chart (see [`run`]). Errors are rendered too. Text meant for a terminal
//! (table, Markdown, CSV, explain, errors) must hold no control or
//! reordering character but the line break.
//!
//! The scenario is read as `fuzz.yaml` in the directory given
//! (`fuzz/inputs`), so relative `extends` and `from_csv` paths start
//! there: it holds short- and long-form bases and small attack CSVs
//! written for the fuzzer.

use magdepth::analysis::Base;
use magdepth::analysis::policy;
use magdepth::chart::drivers::stock_and_drivers_chart;
use magdepth::error::LoadError;
use magdepth::explain::explain;
use magdepth::model::Scenario;
use magdepth::outcome::{Comparison, Outcome};
use magdepth::overrides::{KeyPath, Override, Scalar};
use magdepth::printable::must_escape;
use magdepth::report::{Format, TableStyle, exporter, html};
use magdepth::scenario::{CompileError, Source, bounded_value};
use magdepth::sim::{Method, simulate, simulate_with_band};
use std::path::Path;

/// Monte Carlo trials per run: enough to reach every per-trial branch
/// (ranges drawn, percentiles read), few enough that the documented limits
/// alone bound an input's work.
const TRIALS: u64 = 3;

/// Nights are listed (`--nights`) up to this horizon. Every night is listed
/// by the same code; past it, listing them all would dominate an input's
/// time (a 100,000-night table takes seconds under AddressSanitizer) and
/// find nothing new. Summaries, explain, the HTML report and the chart
/// cover every horizon.
const NIGHTS_LISTED_UP_TO: u32 = 5_000;

const FORMATS: [Format; 4] = [Format::Table, Format::Markdown, Format::Csv, Format::Json];

/// The name a fuzzed scenario is read under, inside the inputs directory
/// (so that relative `extends` and `from_csv` paths start there).
const FILE: &str = "fuzz.yaml";

/// The scenario target: `data` as scenario text.
pub fn scenario(data: &[u8], inputs: &Path) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match source(text, inputs).and_then(|source| source.scenario()) {
        Ok(scenario) => run(&scenario),
        Err(error) => shown(&error),
    }
}

/// The settings target: `data` as scenario text and settings (see the
/// module's comment).
pub fn settings(data: &[u8], inputs: &Path) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (text, settings) = split(text);
    let mut source = match source(text, inputs) {
        Ok(source) => source,
        Err(error) => return shown(&error),
    };
    let mut point: Vec<Override> = Vec::new();
    for setting in settings {
        match setting {
            Setting::Set(pair) => set(&mut source, pair),
            Setting::Point(pair) => point.extend(point_value(pair)),
        }
    }
    match source.scenario() {
        Ok(scenario) => run(&scenario),
        Err(error) => shown(&error),
    }
    if point.is_empty() {
        return;
    }
    // As a sweep does: the base must compile, and each key must fit it.
    let compiled = match Base::new(source) {
        Ok(base) => {
            for (key, _) in &point {
                if let Err(error) = base.check_key(key) {
                    printed(&error.to_string());
                }
                let _ = base.takes_whole_numbers(key);
                let _ = base.value_at(key);
            }
            base.scenario_with(&point).map_err(|e| *e.error)
        }
        Err(_) => return,
    };
    match compiled {
        Ok(scenario) => run(&scenario),
        Err(CompileError::Path(error)) => printed(&error.to_string()),
        Err(CompileError::Invalid(error)) => shown(&error),
    }
}

fn source(text: &str, inputs: &Path) -> Result<Source, LoadError> {
    let file = inputs.join(FILE);
    Source::from_text(text, &file.to_string_lossy(), "fuzz", inputs)
}

enum Setting<'a> {
    /// `--set KEY=VALUE`.
    Set(&'a str),
    /// `KEY=VALUE` of a sweep point.
    Point(&'a str),
}

/// The scenario text, and the settings after it, each introduced by `\0`
/// (a `--set`) or `\x01` (a sweep point).
fn split(text: &str) -> (&str, Vec<Setting<'_>>) {
    let mut pieces = text.split_inclusive(['\0', '\x01']);
    let Some(first) = pieces.next() else {
        return (text, Vec::new());
    };
    let mut kind = first.chars().last();
    let scenario = first.trim_end_matches(['\0', '\x01']);
    let mut settings = Vec::new();
    for piece in pieces {
        let pair = piece.trim_end_matches(['\0', '\x01']);
        match kind {
            Some('\0') => settings.push(Setting::Set(pair)),
            Some('\x01') => settings.push(Setting::Point(pair)),
            _ => {}
        }
        kind = piece.chars().last();
    }
    (scenario, settings)
}

/// A `--set KEY=VALUE`, read as the command line reads it, set on `source`.
fn set(source: &mut Source, pair: &str) {
    let Some((key, value)) = pair.split_once('=') else {
        return;
    };
    let Some(key) = parsed_key(key) else {
        return;
    };
    let result = match bounded_value(value) {
        Ok(value) => source.set(&key, value).map_err(|e| e.to_string()),
        Err(error) => Err(error.to_string()),
    };
    if let Err(words) = result {
        printed(&words);
    }
}

/// A `KEY=VALUE` of a sweep point: the value one YAML scalar.
fn point_value(pair: &str) -> Option<Override> {
    let (key, value) = pair.split_once('=')?;
    let key = parsed_key(key)?;
    match Scalar::parse(value) {
        Ok(scalar) => Some((key, scalar)),
        Err(words) => {
            printed(&words);
            None
        }
    }
}

fn parsed_key(key: &str) -> Option<KeyPath> {
    match key.trim().parse::<KeyPath>() {
        Ok(key) => Some(key),
        Err(words) => {
            printed(&words);
            None
        }
    }
}

/// Simulates `scenario` every way a command does and draws it in every
/// output it reaches: on the mean path, everything; by Monte Carlo, the
/// text commands (`run`, `compare`, `explain`) from a plain run, and the
/// charts and the report from a run that keeps the stock band, as the
/// commands do.
fn run(scenario: &Scenario) {
    let monte_carlo = Method::MonteCarlo {
        trials: TRIALS,
        seed: 1,
    };
    let expected = simulate(scenario, Method::MeanPath, &|_| {});
    let expected_effects = policy::effects(scenario, Method::MeanPath, &expected.summary);
    let outcome = Outcome {
        file: FILE,
        scenario,
        simulation: &expected,
        policy_effects: &expected_effects,
    };
    text(outcome);
    pictures(outcome);
    let plain = simulate(scenario, monte_carlo, &|_| {});
    let effects = policy::effects(scenario, monte_carlo, &plain.summary);
    text(Outcome {
        simulation: &plain,
        policy_effects: &effects,
        ..outcome
    });
    let band = simulate_with_band(scenario, monte_carlo, &|_| {});
    pictures(Outcome {
        simulation: &band,
        policy_effects: &effects,
        ..outcome
    });
}

/// Every text format, alone and compared with itself as the baseline, and
/// explain.
fn text(outcome: Outcome<'_>) {
    let comparison = Comparison {
        rows: vec![outcome],
        baseline: Some(outcome),
    };
    let nights = outcome.scenario.horizon_nights <= NIGHTS_LISTED_UP_TO;
    for format in FORMATS {
        let exporter = exporter(format, TableStyle::PLAIN);
        let summary = exporter.run(&[outcome], nights);
        let compared = exporter.compare(&comparison);
        if format != Format::Json {
            printed(&summary);
            printed(&compared);
        }
    }
    printed(&explain(outcome.scenario, outcome.simulation));
}

/// The HTML report and the SVG stock chart (with what drives the spread).
fn pictures(outcome: Outcome<'_>) {
    let comparison = Comparison {
        rows: vec![outcome],
        baseline: None,
    };
    std::hint::black_box(html::render(&comparison));
    std::hint::black_box(stock_and_drivers_chart(&[outcome]));
}

/// A load error as the command line shows it.
fn shown(error: &LoadError) {
    printed(&error.to_string());
}

/// Text for a terminal: no control character (but the line break) and no
/// character that reorders the text may reach it from the input.
fn printed(text: &str) {
    if let Some(c) = text.chars().find(|&c| must_escape(c) && c != '\n') {
        panic!("{c:?} would reach the terminal in:\n{text:?}");
    }
}
