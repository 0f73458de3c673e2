//! The binary's one error type: what went wrong, the exit code it means
//! (docs/output.md, "Errors and exit codes"), and how it reads. This is the only
//! place that writes `error: `; `main` prints each error once.

use magdepth::analysis::PointError;
use magdepth::error::LoadError;
use magdepth::output::OutputError;
use magdepth::replay::ReplayError;
use magdepth::scenario::CompileError;
use std::fmt;

/// Process exit codes. 65 and 66 follow BSD `sysexits.h` (EX_DATAERR,
/// EX_NOINPUT), as many command-line tools do.
pub mod exit_code {
    /// Anything not covered below (e.g. an output file that cannot be written).
    pub const FAILURE: u8 = 1;
    /// Bad command-line usage.
    pub const USAGE: u8 = 2;
    /// `solve`: no value in the range meets the target.
    pub const TARGET_NOT_MET: u8 = 3;
    /// A scenario file is invalid (YAML syntax, types or meaning).
    pub const INVALID_SCENARIO: u8 = 65;
    /// A scenario file is missing or unreadable.
    pub const NO_INPUT: u8 = 66;
}

#[derive(Debug)]
pub enum AppError {
    /// Bad command-line usage, in words.
    Usage(String),
    /// Scenario files that could not be loaded, and what that meant for
    /// the others ("nothing was run").
    Load {
        errors: Vec<LoadError>,
        consequence: &'static str,
    },
    /// A point of a sweep, solve or sensitivity table.
    Point(PointError),
    /// The CSV that `fit` reads.
    Replay(ReplayError),
    /// No scenario files to work on, in words.
    NoInput(String),
    /// An output file not written.
    Output(OutputError),
    /// Anything else, in words.
    Failure(String),
    /// `solve` found no value that meets the target; the words, when the
    /// output does not already say so.
    TargetNotMet(Option<String>),
}

impl AppError {
    /// The errors of scenario files loaded one by one.
    pub fn load(errors: Vec<LoadError>, consequence: &'static str) -> AppError {
        AppError::Load {
            errors,
            consequence,
        }
    }

    pub fn code(&self) -> u8 {
        match self {
            AppError::Usage(_) => exit_code::USAGE,
            // 65 if any file is invalid, else 66.
            AppError::Load { errors, .. } if errors.iter().all(LoadError::is_unreadable) => {
                exit_code::NO_INPUT
            }
            AppError::Load { .. } => exit_code::INVALID_SCENARIO,
            AppError::Point(e) if e.is_usage() => exit_code::USAGE,
            AppError::Point(_) => exit_code::INVALID_SCENARIO,
            AppError::Replay(e) if e.unreadable => exit_code::NO_INPUT,
            AppError::Replay(_) => exit_code::INVALID_SCENARIO,
            AppError::NoInput(_) => exit_code::NO_INPUT,
            AppError::Output(_) | AppError::Failure(_) => exit_code::FAILURE,
            AppError::TargetNotMet(_) => exit_code::TARGET_NOT_MET,
        }
    }
}

impl From<PointError> for AppError {
    fn from(error: PointError) -> AppError {
        AppError::Point(error)
    }
}

impl From<OutputError> for AppError {
    fn from(error: OutputError) -> AppError {
        AppError::Output(error)
    }
}

/// The `error:` that starts each error line: bold red when `colour` (as
/// clap writes its own, so that every error reads alike), plain otherwise.
fn error_prefix(colour: bool) -> &'static str {
    if colour {
        "\x1b[1m\x1b[31merror:\x1b[0m "
    } else {
        "error: "
    }
}

/// A load error as the command line shows it: each problem an `error: `
/// line, with its snippet; a value given with `--set` says so.
pub fn load_error_text(error: &LoadError, colour: bool) -> String {
    let prefix = error_prefix(colour);
    error
        .shown()
        .iter()
        .map(|shown| {
            let note = if shown.from_set {
                " (given with --set)"
            } else {
                ""
            };
            match &shown.snippet {
                Some(snippet) => format!("{prefix}{}{note}\n{snippet}", shown.headline),
                None => format!("{prefix}{}{note}", shown.headline),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl AppError {
    /// The error as standard error shows it, `error:` in colour when
    /// `colour`. Its words quote file names, lines of files and values
    /// from the command line: control characters in them are shown
    /// escaped, never sent to the terminal.
    pub fn render(&self, colour: bool) -> String {
        let text = magdepth::printable::printable_lines(&self.render_plain()).into_owned();
        if !colour {
            return text;
        }
        text.lines()
            .map(|line| match line.strip_prefix(error_prefix(false)) {
                Some(rest) => format!("{}{rest}", error_prefix(true)),
                None => line.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn render_plain(&self) -> String {
        let colour = false;
        let error = error_prefix(colour);
        match self {
            AppError::Usage(words) | AppError::NoInput(words) | AppError::Failure(words) => {
                format!("{error}{words}")
            }
            AppError::Load {
                errors,
                consequence,
            } => {
                let mut text = errors
                    .iter()
                    .map(|e| load_error_text(e, colour))
                    .collect::<Vec<_>>()
                    .join("\n");
                if errors.len() > 1 {
                    text.push_str(&format!(
                        "\n{} files have errors; {consequence}",
                        errors.len()
                    ));
                }
                text
            }
            AppError::Point(point) => match &*point.error {
                CompileError::Path(e) => format!("{error}{e}"),
                CompileError::Invalid(e) => format!(
                    "{error}with {}, the scenario is invalid:\n{}",
                    point.settings(),
                    load_error_text(e, colour)
                ),
            },
            AppError::Replay(e) => format!("{error}{e}"),
            AppError::Output(e @ OutputError::Exists(_)) => {
                format!("{error}{e}; pass --force to replace it")
            }
            AppError::Output(e) => format!("{error}{e}"),
            AppError::TargetNotMet(Some(words)) => format!("magdepth: {words}"),
            AppError::TargetNotMet(None) => String::new(),
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}
