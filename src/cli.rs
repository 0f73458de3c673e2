//! The command line: clap definitions only.

use clap::{Args, Parser, Subcommand, ValueEnum};
use magdepth::analysis::Measure;
use magdepth::analysis::solve::Target;
use magdepth::analysis::sweep::Shard;
use magdepth::analysis::values::{Bounds, Swing, Vary};
use magdepth::overrides::KeyPath;
use std::path::PathBuf;

/// How many nights do the interceptors last, and what leaks through after?
///
/// magdepth reads air-defence scenarios from YAML files (raid sizes,
/// interceptors per kill, stockpile, deliveries) and works through them night
/// by night.
#[derive(Debug, Parser)]
#[command(name = "magdepth", version, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

pub const EXIT_CODES: &str = "\
Exit codes:
  0   success
  1   any other failure (e.g. output could not be written)
  2   bad command-line usage (including a KEY the scenario does not have)
  3   solve: no value in the range meets the target
  65  a scenario file is invalid (or made invalid by a value set with --vary,
      --find or a sensitivity range)
  66  a scenario file is missing or unreadable";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate scenarios and print each one's summary.
    Run {
        /// Scenario files (YAML).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Add the night-by-night table.
        #[arg(long)]
        nights: bool,
        #[command(flatten)]
        simulation: SimulationArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Compare scenarios side by side, one row each.
    Compare {
        /// Scenario files, or directories of them (*.yaml, *.yml).
        /// Default: every scenario under ./scenarios.
        #[arg(value_name = "FILE|DIR")]
        paths: Vec<PathBuf>,
        /// Order the rows by this column, ascending (a night that never
        /// comes sorts last).
        #[arg(long, value_name = "COLUMN", value_parser = sort_columns())]
        sort: Option<String>,
        /// Reverse the order (descending with --sort).
        #[arg(long)]
        reverse: bool,
        /// Show each row's change against this scenario.
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        #[command(flatten)]
        simulation: SimulationArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Validate scenario files without running them.
    Check {
        /// Scenario files (YAML).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Re-run a scenario over a range of values: a table for one key, a
    /// grid for two.
    #[command(after_help = SWEEP_HELP)]
    Sweep {
        /// Scenario file (YAML).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// A key path into the scenario and the values to try: a range
        /// 6..24 or 6..24:2 (inclusive), or a list 1,2,3 or 0.5,0.7,0.9.
        /// Once for a table; twice for a grid (first key down, second
        /// across).
        #[arg(long, value_name = "KEY=VALUES", required = true)]
        vary: Vec<Vary>,
        /// Metrics to show: repeat, or separate with commas (a grid shows
        /// one). Any summary field; in Monte Carlo mode also
        /// <figure>.<stat> such as nights_fully_defended.p5.
        /// [default: nights_fully_defended]
        #[arg(long, value_name = "METRIC", value_delimiter = ',')]
        metric: Vec<Measure>,
        /// Compute only share K of N of the grid, as CSV (a header in share
        /// 1 only) or JSON lines, so that the N outputs concatenate into the
        /// whole grid.
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
        #[command(flatten)]
        simulation: SimulationArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Find the smallest (or largest) value of a key that meets a target.
    #[command(after_help = SOLVE_HELP)]
    Solve {
        /// Scenario file (YAML).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The key path to solve for, e.g. stockpile or deliveries.0.count.
        #[arg(long, value_name = "KEY")]
        find: KeyPath,
        /// The target, "METRIC OP VALUE" with OP one of >=, <=, >, <, ==;
        /// VALUE may be `never` for a night that never comes.
        #[arg(long, value_name = "TARGET", allow_hyphen_values = true)]
        target: Target,
        /// The values to search, LOW..HIGH inclusive.
        #[arg(long, value_name = "LOW..HIGH", allow_hyphen_values = true)]
        range: Bounds,
        /// Find the largest value that meets the target, not the smallest.
        #[arg(long)]
        max: bool,
        /// For a key that takes real values (pk, probabilities): the answer
        /// is the smallest (largest) multiple of this that meets the target.
        #[arg(long, value_name = "T", default_value_t = 1e-4)]
        tolerance: f64,
        #[command(flatten)]
        simulation: SimulationArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Rank the scenario's assumptions by how much they move a metric (a
    /// tornado table).
    #[command(after_help = SENSITIVITY_HELP)]
    Sensitivity {
        /// Scenario file (YAML).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// A key path moved alone from LOW to HIGH; KEY alone means the
        /// file's value ±25%. Default: the raid size, interceptors per kill,
        /// stockpile and each delivery count, ±25%.
        #[arg(long, value_name = "KEY[=LOW..HIGH]")]
        vary: Vec<Swing>,
        /// The metric whose swing ranks the parameters.
        #[arg(long, value_name = "METRIC", default_value = "nights_fully_defended")]
        metric: Measure,
        #[command(flatten)]
        simulation: SimulationArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
}

const SWEEP_HELP: &str = "\
Examples:
  magdepth sweep scenarios/dozen-a-night-no-resupply.yaml --vary stockpile=100..500:100
  magdepth sweep FILE --vary missiles_per_night=6..24:6 --vary stockpile=200..1000:200
  magdepth sweep FILE --vary deliveries.0.count=0..50:10 --metric leakers,final_stock

Scale out: run N jobs with --shard 1/N .. N/N and concatenate their outputs in
order (GNU parallel -k keeps the order):
  parallel -k magdepth sweep FILE --vary stockpile=0..10000 --vary pk=0.5..0.95:0.05 \\
      --format csv --shard {}/8 ::: 1 2 3 4 5 6 7 8 > grid.csv
Shards print CSV (a header in shard 1 only) or JSON lines (one object per line).";

const SOLVE_HELP: &str = "\
Examples:
  magdepth solve FILE --find stockpile --target \"nights_fully_defended >= 90\" --range 0..5000
  magdepth solve FILE --find deliveries.0.count --target \"first_shortfall_night == never\" --range 0..500
  magdepth solve FILE --find missiles_per_night --target \"nights_fully_defended >= 30\" --range 1..100 --max
  magdepth solve FILE --find pk --target \"expected_leakers <= 5\" --range 0.5..1

Exit code 3 when no value in the range meets the target (the closest is shown).";

const SENSITIVITY_HELP: &str = "\
Examples:
  magdepth sensitivity scenarios/dozen-a-night-ten-delivered.yaml
  magdepth sensitivity FILE --vary stockpile=50..150 --vary missiles_per_night=6..18 --metric leakers";

fn sort_columns() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(magdepth::compare::SortKey::names())
}

/// Largest `--trials`.
pub const MAX_TRIALS: u64 = 10_000_000;

#[derive(Debug, Args)]
pub struct SimulationArgs {
    /// How chance is treated: expected values along one path, or Monte
    /// Carlo trials that draw every raid and every shot.
    #[arg(long, value_enum, default_value_t = ModeArg::Expected)]
    pub mode: ModeArg,
    /// Monte Carlo trials.
    #[arg(long, value_name = "N", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(1..=MAX_TRIALS))]
    pub trials: u64,
    /// Monte Carlo seed; the same seed gives the same figures on any number
    /// of threads. Without it a seed is drawn and printed.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads for Monte Carlo (default: one per core). The figures
    /// do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Expected values (exact arithmetic when kills are certain and raids fixed).
    Expected,
    /// Monte Carlo trials (see --trials, --seed).
    MonteCarlo,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A table: UTF-8 boxes on a terminal, plain ASCII when piped.
    Table,
    /// A Markdown table, for articles and issues.
    Markdown,
    /// CSV with one header row and plain numbers.
    Csv,
    /// JSON (see the README for the fields).
    Json,
}

impl From<FormatArg> for magdepth::report::Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Table => magdepth::report::Format::Table,
            FormatArg::Markdown => magdepth::report::Format::Markdown,
            FormatArg::Csv => magdepth::report::Format::Csv,
            FormatArg::Json => magdepth::report::Format::Json,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
