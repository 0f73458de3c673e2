//! What every command shares, built once: the table style of the terminal,
//! the one thread pool, the note the mean path owes, and the writers for
//! standard output, notes and output files.

use super::error::AppError;
use crate::cli::ChartArgs;
use magdepth::analysis::quick_check::{QuickCheck, quick_check};
use magdepth::chart::output::ChartFormat;
use magdepth::model::Scenario;
use magdepth::num::grouped;
use magdepth::report::{Exporter, Format, TableStyle, exporter};
use magdepth::sim::ModeChoice;
use magdepth::summary::Summary;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub struct Context {
    style: TableStyle,
    pool: OnceLock<rayon::ThreadPool>,
}

impl Context {
    pub fn new() -> Context {
        Context {
            style: table_style(),
            pool: OnceLock::new(),
        }
    }

    /// The exporter for `format`, drawing tables in the terminal's style.
    pub fn exporter(&self, format: Format) -> Box<dyn Exporter> {
        exporter(format, self.style)
    }

    /// With `--mode mean-path`, for a scenario where chance matters: a note
    /// on standard error that the mean path is not the expected outcome,
    /// with what a quick Monte Carlo check gives when it differs. `file` is
    /// the scenario as messages name it; the check runs on the pool.
    pub fn mean_path_note(
        &self,
        choice: ModeChoice,
        file: &str,
        scenario: &Scenario,
        mean_path: &Summary,
        pool: &rayon::ThreadPool,
    ) {
        if !choice.is_mean_path() {
            return;
        }
        if let Some(check) = pool.install(|| quick_check(scenario, mean_path)) {
            self.note(&mean_path_words(file, &check));
        }
    }

    /// The thread pool (`--threads`, else one per core), started on first
    /// use.
    pub fn pool(&self, threads: Option<u16>) -> Result<&rayon::ThreadPool, AppError> {
        if let Some(pool) = self.pool.get() {
            return Ok(pool);
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.map_or(0, usize::from))
            .build()
            .map_err(|e| AppError::Failure(format!("cannot start threads: {e}")))?;
        Ok(self.pool.get_or_init(|| pool))
    }

    /// Writes `text` to standard output. A closed pipe (`| head`) is not an
    /// error.
    pub fn emit(&self, text: &str) -> Result<(), AppError> {
        let mut stdout = std::io::stdout().lock();
        match stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(AppError::Failure(format!("cannot write output: {e}"))),
        }
    }

    /// A line on standard error that is not an error (a note, the seed, a
    /// file written), its control characters shown escaped (a note may
    /// quote a file's name or a CSV's text).
    pub fn note(&self, line: &str) {
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            magdepth::printable::printable_lines(line)
        );
    }

    /// Refuses, before any work is done, an output file that may not be
    /// written: one that exists without `--force`, anything but a regular
    /// file with one name, one of the command's `inputs` (all checked again
    /// when it is written).
    pub fn refuse_existing(
        &self,
        path: &Path,
        force: bool,
        inputs: &[PathBuf],
    ) -> Result<(), AppError> {
        if is_stdout(path) {
            return Ok(());
        }
        Ok(magdepth::output::check_target(path, force, inputs)?)
    }

    /// [`Context::refuse_existing`] for the chart file, if one is asked
    /// for, and a usage error for a name that ends in neither `.svg` nor
    /// `.png`.
    pub fn refuse_existing_chart(
        &self,
        chart: &ChartArgs,
        inputs: &[PathBuf],
    ) -> Result<(), AppError> {
        match &chart.chart {
            Some(path) if !is_stdout(path) => {
                ChartFormat::from_path(path).map_err(|e| AppError::Usage(e.to_string()))?;
                self.refuse_existing(path, chart.force, inputs)
            }
            _ => Ok(()),
        }
    }

    /// Writes `contents` to the file `path`, whole or not at all, over an
    /// existing one only with `force`, and never over one of `inputs`.
    pub fn write_file(
        &self,
        path: &Path,
        contents: &[u8],
        force: bool,
        inputs: &[PathBuf],
    ) -> Result<(), AppError> {
        Ok(magdepth::output::write_atomic(
            path, contents, force, inputs,
        )?)
    }

    /// [`Context::write_file`], with `-` meaning standard output.
    pub fn write(
        &self,
        path: &Path,
        contents: &str,
        force: bool,
        inputs: &[PathBuf],
    ) -> Result<(), AppError> {
        if is_stdout(path) {
            return self.emit(contents);
        }
        self.write_file(path, contents.as_bytes(), force, inputs)
    }

    /// Writes the chart, if one was asked for, as SVG or PNG by the file's
    /// extension, then the report to standard output; a chart written to
    /// standard output (`--chart -`, SVG) takes the report's place. Nothing
    /// is printed when the chart cannot be written.
    pub fn chart_then(
        &self,
        chart: &ChartArgs,
        inputs: &[PathBuf],
        svg: impl FnOnce() -> String,
        text: impl FnOnce() -> String,
    ) -> Result<(), AppError> {
        match &chart.chart {
            None => self.emit(&text()),
            Some(path) if is_stdout(path) => self.emit(&svg()),
            Some(path) => {
                let format =
                    ChartFormat::from_path(path).map_err(|e| AppError::Usage(e.to_string()))?;
                let bytes = magdepth::chart::output::encode(&svg(), format)
                    .map_err(|e| AppError::Failure(e.to_string()))?;
                self.write_file(path, &bytes, chart.force, inputs)?;
                self.emit(&text())
            }
        }
    }
}

/// The note of [`Context::mean_path_note`].
fn mean_path_words(file: &str, check: &QuickCheck) -> String {
    let trials = grouped(check.trials);
    let nights = |x: f64| format!("{x}");
    if check.differs() {
        format!(
            "note: {file}: the mean path is one path through the means, not the expected \
             outcome, and chance matters here: the mean path gives {} nights fully defended; \
             {trials} Monte Carlo trials give a median of {} ({} to {} in 90% of trials); \
             run with --mode monte-carlo",
            nights(check.mean_path),
            nights(check.median),
            nights(check.p5),
            nights(check.p95)
        )
    } else {
        format!(
            "note: {file}: the mean path is one path through the means, not the expected \
             outcome, and chance matters here ({trials} Monte Carlo trials agree on {} nights \
             fully defended at the median, {} to {} in 90% of trials); run with --mode \
             monte-carlo for the figures and their spread",
            nights(check.median),
            nights(check.p5),
            nights(check.p95)
        )
    }
}

/// Whether `path` means standard output.
fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The table style for standard output: UTF-8 and the terminal's width on a
/// terminal; ASCII and 80 columns when piped; bold headers unless
/// `NO_COLOR` is set.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mean_path_note_says_what_trials_give_when_they_differ() {
        let check = QuickCheck {
            trials: 1000,
            mean_path: 35.0,
            median: 5.0,
            p5: 3.0,
            p95: 8.0,
        };
        assert_eq!(
            mean_path_words("a.yaml", &check),
            "note: a.yaml: the mean path is one path through the means, not the expected \
             outcome, and chance matters here: the mean path gives 35 nights fully defended; \
             1,000 Monte Carlo trials give a median of 5 (3 to 8 in 90% of trials); run with \
             --mode monte-carlo"
        );
        let agrees = QuickCheck {
            median: 35.0,
            ..check
        };
        assert!(mean_path_words("a.yaml", &agrees).contains("agree on 35 nights"));
    }
}
