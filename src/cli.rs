//! The command line: clap definitions only.

use clap::{Args, Parser, Subcommand, ValueEnum};
use magdepth::analysis::Measure;
use magdepth::analysis::solve::Target;
use magdepth::analysis::sweep::Shard;
use magdepth::analysis::values::{Bounds, Swing, Vary};
use magdepth::overrides::KeyPath;
use magdepth::sim::{DEFAULT_SEED, DEFAULT_TRIALS, ModeChoice};
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
  2   bad command-line usage (including a KEY the scenario does not have, or a
      solve target no value of its metric can meet)
  3   solve: no value in the range meets the target
  65  a scenario file is invalid (or made invalid by a value set with --vary,
      --find or a sensitivity range)
  66  a scenario file is missing or unreadable";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate scenarios and print each one's summary.
    Run(RunArgs),
    /// Compare scenarios side by side, one row each.
    // The usage line says the paths are optional, whatever an error found.
    #[command(override_usage = "magdepth compare [OPTIONS] [FILE|DIR]...")]
    Compare(CompareArgs),
    /// Validate scenario files without running them.
    Check(CheckArgs),
    /// Write a new scenario file from a template, every key explained.
    New(NewArgs),
    /// Show the resolved scenario and the arithmetic of its key nights in
    /// words.
    Explain(ExplainArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `magdepth man > magdepth.1`.
    Man,
    /// Print the JSON Schema of the scenario format (for editors).
    Schema,
    /// Re-run a scenario over a range of values: a table for one key, a
    /// grid for two.
    #[command(after_help = SWEEP_HELP)]
    Sweep(SweepArgs),
    /// Find the smallest (or largest) value of a key that meets a target.
    #[command(after_help = SOLVE_HELP)]
    Solve(SolveArgs),
    /// Rank the scenario's assumptions by how much they move a metric (a
    /// tornado table).
    #[command(after_help = SENSITIVITY_HELP)]
    Sensitivity(SensitivityArgs),
    /// Write one self-contained HTML report (comparison table, each
    /// scenario's summary, chart and sources) to send to someone.
    #[command(after_help = REPORT_HELP)]
    #[command(override_usage = "magdepth report [OPTIONS] --output <FILE> [FILE|DIR]...")]
    Report(ReportArgs),
    /// Fit a raid-size distribution to real raids in the Air Force of
    /// Ukraine daily-attack data, with a missiles_per_night snippet.
    #[command(after_help = FIT_HELP)]
    #[command(group(clap::ArgGroup::new("selection").required(true).args(["category", "models"])))]
    Fit(FitArgs),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario files (YAML).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Add the night-by-night table.
    #[arg(long)]
    pub nights: bool,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub chart: ChartArgs,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files, or directories of them (*.yaml, *.yml).
    /// Default: every scenario under ./scenarios.
    #[arg(value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// Order the rows by this column, ascending (a night that never
    /// comes sorts last).
    #[arg(long, value_name = "COLUMN", value_parser = sort_columns())]
    pub sort: Option<String>,
    /// Reverse the order (descending with --sort).
    #[arg(long)]
    pub reverse: bool,
    /// Show each row's change against this scenario.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// The columns of the table, by metric name (repeat, or separate with
    /// commas): any summary field, <figure>.<stat> such as
    /// nights_fully_defended.p5, by_threat.<name>.<field> or
    /// by_interceptor.<name>.<field>. Default: the usual columns.
    #[arg(long, value_name = "METRIC", value_delimiter = ',')]
    pub columns: Vec<Measure>,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub chart: ChartArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files, or directories of them (*.yaml, *.yml).
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The file to write (never over an existing one without --force).
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Short form (one interceptor type) or long form (named types and
    /// threats).
    #[arg(long, value_enum, default_value_t = FormArg::Short)]
    pub form: FormArg,
    /// Start from this scenario instead: its resolved keys, as YAML.
    #[arg(long, value_name = "FILE", conflicts_with = "form")]
    pub from: Option<PathBuf>,
    /// Replace PATH if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Scenario file (YAML).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub simulation: SimulationArgs,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file (YAML).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// A key path into the scenario and the values to try: a range
    /// 6..24 or 6..24:2 (inclusive), or a list 1,2,3 or 0.5,0.7,0.9.
    /// Once for a table; twice for a grid (first key down, second
    /// across).
    #[arg(long, value_name = "KEY=VALUES", required = true)]
    pub vary: Vec<Vary>,
    /// Metrics to show: repeat, or separate with commas (a grid shows
    /// one). Any summary field; <figure>.<stat> such as
    /// nights_fully_defended.p5 (not with --mode mean-path);
    /// by_threat.<name>.<field>, by_interceptor.<name>.<field>.
    /// [default: nights_fully_defended]
    #[arg(long, value_name = "METRIC", value_delimiter = ',')]
    pub metric: Vec<Measure>,
    /// Compute only share K of N of the grid, as CSV (a header in share
    /// 1 only) or JSON lines, so that the N outputs concatenate into the
    /// whole grid.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub chart: ChartArgs,
}

#[derive(Debug, Args)]
pub struct SolveArgs {
    /// Scenario file (YAML).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The key path to solve for, e.g. stockpile or deliveries.0.count.
    #[arg(long, value_name = "KEY")]
    pub find: KeyPath,
    /// The target, "METRIC OP VALUE" with OP one of >=, <=, >, <, ==;
    /// VALUE may be `never` for a night that never comes.
    #[arg(long, value_name = "TARGET", allow_hyphen_values = true)]
    pub target: Target,
    /// The values to search, LOW..HIGH inclusive.
    #[arg(long, value_name = "LOW..HIGH", allow_hyphen_values = true)]
    pub range: Bounds,
    /// Find the largest value that meets the target, not the smallest.
    #[arg(long)]
    pub max: bool,
    /// For a key that takes real values (pk, probabilities): the answer
    /// is the smallest (largest) multiple of this that meets the target.
    #[arg(long, value_name = "T", default_value_t = 1e-4)]
    pub tolerance: f64,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// Scenario file (YAML).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// A key path moved alone from LOW to HIGH; KEY alone means the
    /// file's value ±25% (a range's low and high). Default: raid sizes,
    /// interceptors per kill, pk, stockpiles, fire capacity, deliveries and
    /// production ±25%, and every range from its low to its high.
    #[arg(long, value_name = "KEY[=LOW..HIGH]")]
    pub vary: Vec<Swing>,
    /// The metric whose swing ranks the parameters.
    #[arg(long, value_name = "METRIC", default_value = "nights_fully_defended")]
    pub metric: Measure,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub chart: ChartArgs,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Scenario files, or directories of them (*.yaml, *.yml).
    /// Default: every scenario under ./scenarios.
    #[arg(value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// The HTML file to write; `-` writes to stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE", required = true)]
    pub output: PathBuf,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub simulation: SimulationArgs,
}

#[derive(Debug, Args)]
pub struct FitArgs {
    /// The daily-attack CSV (missile_attacks_daily.csv).
    #[arg(value_name = "CSV")]
    pub file: PathBuf,
    /// Count every model of this category: ballistic, cruise, drones,
    /// guided_bombs (or one that --map adds).
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Count these models instead (comma-separated), e.g.
    /// "Iskander-M,KN-23,X-47 Kinzhal".
    #[arg(long, value_name = "MODEL,...", value_delimiter = ',')]
    pub models: Vec<String>,
    /// The first night, YYYY-MM-DD [default: the first night with a row].
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The last night, YYYY-MM-DD [default: the last night with a row].
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// File MODEL under CATEGORY, over the built-in table (repeatable).
    #[arg(long = "map", value_name = "MODEL=CATEGORY")]
    pub map: Vec<String>,
    /// How a combined entry that also names models outside the
    /// selection counts, as `combined:` in a scenario.
    #[arg(long, value_enum, default_value_t = CombinedArg::Split)]
    pub combined: CombinedArg,
    /// List every skipped row, and every combined entry with other
    /// models, on stderr.
    #[arg(short, long)]
    pub verbose: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

const FIT_HELP: &str = "\
Examples:
  magdepth fit missile_attacks_daily.csv --category ballistic --from 2025-05-01 --to 2025-07-31
  magdepth fit missile_attacks_daily.csv --models \"Iskander-M,KN-23,X-47 Kinzhal\" --format json
  magdepth fit missile_attacks_daily.csv --category drones --map \"Фенікс=drones\" --verbose

A reporting window counts on the night it ends; nights without a row count as 0.
A combined entry (\"Iskander-M and Iskander-K\", one count) that also names models
outside the selection is split evenly among its models (--combined split), left
out (skip) or counted in full (whole). Exit codes: 65 for a malformed file (the
line and column are named), 66 for a missing one, 2 for a bad date or category.";

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
  magdepth solve FILE --find pk --target \"leakers <= 5\" --range 0.5..1

Exit code 3 when no value in the range meets the target (the closest is shown);
2 when no value of the metric could (a probability above 1).";

const REPORT_HELP: &str = "\
Examples:
  magdepth report -o report.html
  magdepth report scenarios/dozen-a-night-no-resupply.yaml scenarios/dozen-a-night-ten-delivered.yaml -o two.html
  magdepth report scenarios --mode monte-carlo --seed 7 -o odds.html --force

The page holds everything inline (styles and SVG charts): it loads nothing
from the network, needs no script, prints well and reads on a phone. The file
is written whole or not at all; an existing file is replaced only with
--force.";

const SENSITIVITY_HELP: &str = "\
Examples:
  magdepth sensitivity scenarios/dozen-a-night-ten-delivered.yaml
  magdepth sensitivity FILE --vary stockpile=50..150 --vary missiles_per_night=6..18 --metric leakers";

fn sort_columns() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(magdepth::compare::SortKey::names())
}

/// Largest `--trials`.
pub const MAX_TRIALS: u64 = 10_000_000;

/// Largest `--threads`: the figures do not depend on the thread count, so
/// more threads than cores buy nothing, and a fixed cap is the same on
/// every machine.
pub const MAX_THREADS: u16 = 256;

#[derive(Debug, Clone, Args)]
pub struct SimulationArgs {
    /// How chance is treated: exact arithmetic where nothing is random and
    /// Monte Carlo otherwise (auto), one path through the means (mean-path),
    /// or Monte Carlo trials that draw every raid and every shot.
    #[arg(long, value_enum, default_value_t = ModeArg::Auto)]
    pub mode: ModeArg,
    /// Monte Carlo trials.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_TRIALS,
          value_parser = clap::value_parser!(u64).range(1..=MAX_TRIALS))]
    pub trials: u64,
    /// Monte Carlo seed: the same command prints the same figures every
    /// time, on any number of threads; give another seed to vary the draws.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Worker threads for Monte Carlo, at most 256 (default: one per core).
    /// The figures do not depend on it.
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=i64::from(MAX_THREADS)))]
    pub threads: Option<u16>,
    /// Set a scenario value before running, by dotted key path (as in
    /// sweep): `--set pk=0.8`, `--set deliveries.0.count=20`,
    /// `--set threats.ballistic.missiles_per_night=[0,12]`. The value is
    /// read as YAML. Repeatable; applies to every scenario given.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_set)]
    pub set: Vec<(KeyPath, serde_yaml::Value)>,
}

impl SimulationArgs {
    /// What `--mode`, `--trials` and `--seed` ask for.
    pub fn choice(&self) -> ModeChoice {
        let (trials, seed) = (self.trials, self.seed);
        match self.mode {
            ModeArg::Auto => ModeChoice::Auto { trials, seed },
            ModeArg::MeanPath => ModeChoice::MeanPath,
            ModeArg::MonteCarlo => ModeChoice::MonteCarlo { trials, seed },
        }
    }
}

fn parse_set(text: &str) -> Result<(KeyPath, serde_yaml::Value), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("expected KEY=VALUE, got `{text}`"))?;
    let key: KeyPath = key.trim().parse()?;
    // Bounded: a value built from aliases must not ask for gigabytes.
    let value =
        magdepth::scenario::bounded_value(value).map_err(|e| format!("the value of {key} {e}"))?;
    Ok((key, value))
}

/// `new --form`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormArg {
    /// One interceptor type and one threat.
    Short,
    /// Named interceptor types and threats.
    Long,
}

/// `fit --combined`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CombinedArg {
    /// Divide the count evenly among the models it names.
    Split,
    /// Leave it out.
    Skip,
    /// Count it in full.
    Whole,
}

impl From<CombinedArg> for magdepth::replay::CombinedRule {
    fn from(rule: CombinedArg) -> Self {
        match rule {
            CombinedArg::Split => Self::Split,
            CombinedArg::Skip => Self::Skip,
            CombinedArg::Whole => Self::Whole,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Exact arithmetic where nothing is random, else Monte Carlo (see
    /// --trials, --seed).
    Auto,
    /// One path through the means: fast, but not the expected outcome where
    /// a stock or fire capacity binds (`expected` is an old name for it).
    #[value(alias = "expected")]
    MeanPath,
    /// Monte Carlo trials for every scenario (see --trials, --seed).
    MonteCarlo,
}

/// `--chart FILE.svg|FILE.png` and `--force`.
#[derive(Debug, Clone, Args)]
pub struct ChartArgs {
    /// Also draw a chart to this file, SVG or PNG by its extension (`-`: SVG
    /// to stdout, in place of the table): the stock over time on run and
    /// compare, a line chart on a sweep of one key and a heat map on two, a
    /// tornado chart on sensitivity.
    #[arg(long, value_name = "FILE.svg|FILE.png")]
    pub chart: Option<PathBuf>,
    /// Replace the chart file if it exists.
    #[arg(long)]
    pub force: bool,
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
    /// JSON (see docs/output.md for the fields).
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
