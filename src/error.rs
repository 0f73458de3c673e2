//! Errors from loading a scenario, and the process exit codes they map to.

use std::fmt;

/// Process exit codes (README, "Exit codes"). 65 and 66 follow BSD
/// `sysexits.h` (EX_DATAERR, EX_NOINPUT), as many CLI tools do.
pub mod exit_code {
    /// Everything worked.
    pub const OK: u8 = 0;
    /// Anything not covered below (e.g. an output file that cannot be written).
    pub const FAILURE: u8 = 1;
    /// Bad command-line usage.
    pub const USAGE: u8 = 2;
    /// A scenario file is invalid (YAML syntax, types or meaning).
    pub const INVALID_SCENARIO: u8 = 65;
    /// A scenario file is missing or unreadable.
    pub const NO_INPUT: u8 = 66;
}

/// Why one scenario file could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// The file as the user named it.
    pub file: String,
    pub kind: LoadErrorKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoadErrorKind {
    /// Missing, unreadable, or not UTF-8.
    Unreadable { reason: String },
    /// YAML syntax or a value of the wrong type.
    Yaml {
        /// Dotted key path of the offending value, if known.
        key: Option<String>,
        message: String,
        location: Option<SourceLocation>,
    },
    /// Well-formed YAML that does not make a valid scenario.
    Invalid { problems: Vec<Problem> },
}

/// A point in a file, with the text of its line for showing a caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLocation {
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub line_text: String,
}

impl SourceLocation {
    /// The place at `line`, `column` (1-based) of `text`, with that line.
    pub fn in_text(text: &str, line: usize, column: usize) -> SourceLocation {
        SourceLocation {
            line,
            column,
            line_text: text
                .lines()
                .nth(line.saturating_sub(1))
                .unwrap_or("")
                .to_string(),
        }
    }
}

/// One semantic problem, named by the dotted key path of the offending value
/// (e.g. `deliveries.1.night`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub key: String,
    pub message: String,
    /// The file (of an `extends` chain) and place that set the value, when
    /// it was found.
    pub at: Option<(String, SourceLocation)>,
}

impl Problem {
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            key: key.into(),
            message: message.into(),
            at: None,
        }
    }
}

impl LoadError {
    pub fn exit_code(&self) -> u8 {
        match self.kind {
            LoadErrorKind::Unreadable { .. } => exit_code::NO_INPUT,
            LoadErrorKind::Yaml { .. } | LoadErrorKind::Invalid { .. } => {
                exit_code::INVALID_SCENARIO
            }
        }
    }
}

/// The exit code for a set of failures: 65 if any file is invalid, else 66.
pub fn exit_code_for(errors: &[LoadError]) -> u8 {
    errors
        .iter()
        .map(LoadError::exit_code)
        .find(|&code| code == exit_code::INVALID_SCENARIO)
        .unwrap_or(exit_code::NO_INPUT)
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            LoadErrorKind::Unreadable { reason } => {
                write!(f, "error: cannot read {}: {reason}", self.file)
            }
            LoadErrorKind::Yaml {
                key,
                message,
                location,
            } => {
                let key = key.as_deref().map(|k| format!("{k}: ")).unwrap_or_default();
                match location {
                    None => write!(f, "error: {}: {key}{message}", self.file),
                    Some(at) => {
                        writeln!(f, "error: {key}{message}")?;
                        write_snippet(f, &self.file, at)
                    }
                }
            }
            LoadErrorKind::Invalid { problems } => {
                for (i, problem) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    match &problem.at {
                        Some((file, at)) => {
                            writeln!(f, "error: {}: {}", problem.key, problem.message)?;
                            write_snippet(f, file, at)?;
                        }
                        None => write!(
                            f,
                            "error: {}: {}: {}",
                            self.file, problem.key, problem.message
                        )?,
                    }
                }
                Ok(())
            }
        }
    }
}

/// ```text
///   --> scenarios/bad.yaml:5:12
///    |
///  5 | stockpile: -5
///    |            ^^
/// ```
fn write_snippet(f: &mut fmt::Formatter<'_>, file: &str, at: &SourceLocation) -> fmt::Result {
    let number = at.line.to_string();
    let pad = " ".repeat(number.len());
    let full: Vec<char> = at.line_text.trim_end().chars().collect();
    // A very long line shows only a window around the column.
    const WINDOW: usize = 60;
    let column = at.column.saturating_sub(1).min(full.len());
    let start = column.saturating_sub(WINDOW);
    let end = (column + WINDOW).min(full.len());
    let mut line_text: String = full[start..end].iter().collect();
    let mut column_in_window = column - start;
    if start > 0 {
        line_text.insert_str(0, "...");
        column_in_window += 3;
    }
    if end < full.len() {
        line_text.push_str("...");
    }
    let before: String = line_text.chars().take(column_in_window).collect();
    // Underline the token at the column: up to whitespace or YAML punctuation.
    let token_len = line_text
        .chars()
        .skip(column_in_window)
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}' | '#'))
        .count()
        .clamp(1, WINDOW);
    let indent: String = before
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    writeln!(f, "{pad}--> {file}:{}:{}", at.line, at.column)?;
    writeln!(f, "{pad} |")?;
    writeln!(f, "{number} | {line_text}")?;
    write!(f, "{pad} | {indent}{}", "^".repeat(token_len))
}
