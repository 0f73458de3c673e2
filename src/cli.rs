//! The command line: clap definitions only.

use clap::{Args, Parser, Subcommand, ValueEnum};
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
  2   bad command-line usage
  65  a scenario file is invalid
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
}

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
    /// Monte Carlo seed; the same seed gives the same figures on any machine
    /// and any number of threads. Without it a seed is drawn and printed.
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
