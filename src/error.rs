//! Why a scenario could not be loaded: typed problems with their key paths
//! and places in the files, for callers to match on and for the command line
//! to show.
//!
//! Nothing here knows the command line: the binary adds `error: ` and says
//! which values came from `--set`. A problem's words come from its kind, so
//! no caller ever has to read them back.

use crate::date::DateError;
use crate::printable::printable;
use crate::replay::ReplayError;
use crate::suggest::nearest;
use std::borrow::Cow;
use std::fmt;

/// Why one scenario file could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// The file as the user named it.
    pub file: String,
    pub kind: LoadErrorKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoadErrorKind {
    /// Missing, unreadable, too large or not UTF-8.
    Unreadable {
        reason: String,
        /// When the file is the base of an `extends`, the file that extends it.
        base_of: Option<String>,
    },
    /// YAML that does not make a valid scenario: syntax, types or meaning.
    Invalid { problems: Vec<Problem> },
}

impl LoadError {
    pub fn unreadable(file: impl Into<String>, reason: impl Into<String>) -> LoadError {
        LoadError {
            file: file.into(),
            kind: LoadErrorKind::Unreadable {
                reason: reason.into(),
                base_of: None,
            },
        }
    }

    pub fn invalid(file: impl Into<String>, problems: Vec<Problem>) -> LoadError {
        LoadError {
            file: file.into(),
            kind: LoadErrorKind::Invalid { problems },
        }
    }

    /// Whether the file could not be read at all (rather than read and
    /// found invalid).
    pub fn is_unreadable(&self) -> bool {
        matches!(self.kind, LoadErrorKind::Unreadable { .. })
    }

    /// Each problem as it reads, in order.
    pub fn shown(&self) -> Vec<Shown> {
        let mut shown = match &self.kind {
            LoadErrorKind::Unreadable { reason, base_of } => {
                let base = base_of
                    .as_ref()
                    .map_or(String::new(), |f| format!(" (the base that {f} extends)"));
                vec![Shown {
                    headline: format!("cannot read {}: {reason}{base}", self.file),
                    snippet: None,
                    from_set: false,
                }]
            }
            LoadErrorKind::Invalid { problems } => {
                problems.iter().map(|p| p.shown(&self.file)).collect()
            }
        };
        // Keys, names and paths in a headline come from the file (a fuzz
        // finding: an unknown key `"\e[2J"` was quoted as it is), so control
        // characters in it are shown escaped.
        for shown in &mut shown {
            if let Cow::Owned(safe) = printable(&shown.headline) {
                shown.headline = safe;
            }
        }
        shown
    }
}

/// One problem as it reads: a headline and, where the problem has a place
/// in a file, the snippet that points at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// `key: message`; with no place in a file, the file comes first.
    pub headline: String,
    pub snippet: Option<String>,
    /// The value was set on the source (the command line's `--set`).
    pub from_set: bool,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, shown) in self.shown().iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            f.write_str(&shown.headline)?;
            if let Some(snippet) = &shown.snippet {
                write!(f, "\n{snippet}")?;
            }
        }
        Ok(())
    }
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

    /// ```text
    ///   --> scenarios/bad.yaml:5:12
    ///    |
    ///  5 | stockpile: -5
    ///    |            ^^
    /// ```
    pub fn snippet(&self, file: &str) -> String {
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        let full: Vec<char> = self.line_text.trim_end().chars().collect();
        // A very long line shows only a window around the column.
        const WINDOW: usize = 60;
        let column = self.column.saturating_sub(1).min(full.len());
        let start = column.saturating_sub(WINDOW);
        let end = (column + WINDOW).min(full.len());
        let (before, after) = full[start..end].split_at(column - start);
        // Underline the token at the column: up to whitespace or YAML punctuation.
        let token = after
            .iter()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}' | '#'))
            .count()
            .clamp(1, WINDOW)
            .min(after.len());
        // The line as it may be printed: a control character in it (the YAML
        // reader refuses them, and quotes the line) is shown escaped, never
        // sent to the terminal, and the caret counts it as shown.
        let shown = |chars: &[char]| -> String {
            chars
                .iter()
                .map(|&c| printable(c.encode_utf8(&mut [0; 4])).into_owned())
                .collect()
        };
        let mut before = shown(before);
        if start > 0 {
            before.insert_str(0, "...");
        }
        let underline = shown(&after[..token]).chars().count().max(1);
        let mut line_text = format!("{before}{}", shown(after));
        if end < full.len() {
            line_text.push_str("...");
        }
        let indent = " ".repeat(before.chars().count());
        format!(
            "{pad}--> {}:{}:{}\n{pad} |\n{number} | {line_text}\n{pad} | {indent}{}",
            printable(file),
            self.line,
            self.column,
            "^".repeat(underline)
        )
    }
}

/// One problem, named by the dotted key path of the offending value (e.g.
/// `deliveries.1.night`).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where the value sits; `None` for the file as a whole (and for an
    /// unknown key at the top, whose name the kind carries).
    pub key: Option<String>,
    pub kind: ProblemKind,
    /// The file (of an `extends` chain) and place that set the value, when
    /// it was found.
    pub at: Option<(String, SourceLocation)>,
    /// The value was set on the source (`--set`), not written in a file.
    pub from_set: bool,
}

impl Problem {
    pub fn new(key: impl Into<String>, kind: impl Into<ProblemKind>) -> Problem {
        Problem {
            key: Some(key.into()),
            kind: kind.into(),
            at: None,
            from_set: false,
        }
    }

    /// A problem of the file as a whole, or at the key path `key` if given.
    pub fn at_key(key: Option<String>, kind: ProblemKind) -> Problem {
        Problem {
            key,
            kind,
            at: None,
            from_set: false,
        }
    }

    /// The key path of the offending value: for an unknown key, the key
    /// itself.
    pub fn path(&self) -> Option<String> {
        match (&self.kind, &self.key) {
            (ProblemKind::UnknownKey(unknown), Some(parent)) => {
                Some(format!("{parent}.{}", unknown.name))
            }
            (ProblemKind::UnknownKey(unknown), None) => Some(unknown.name.clone()),
            (_, key) => key.clone(),
        }
    }

    fn shown(&self, file: &str) -> Shown {
        let key = self
            .key
            .as_ref()
            .map_or(String::new(), |k| format!("{k}: "));
        match &self.at {
            Some((at_file, at)) => Shown {
                headline: format!("{key}{}", self.kind),
                snippet: Some(at.snippet(at_file)),
                from_set: self.from_set,
            },
            None => Shown {
                headline: format!("{file}: {key}{}", self.kind),
                snippet: None,
                from_set: self.from_set,
            },
        }
    }
}

/// What is wrong, typed so that callers match on it.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// The file holds nothing but comments and blank lines.
    Empty,
    /// A second YAML document (`---`) in one file.
    MoreThanOneDocument,
    /// Flow lists and mappings nested deeper than the limit.
    TooDeep { limit: usize },
    /// The document, with its aliases (`*name`) expanded, holds more values
    /// or more text than the limits.
    TooLarge { nodes: usize, bytes: usize },
    /// A key the scenario format does not have at this place.
    UnknownKey(UnknownKey),
    /// A key given twice in one mapping.
    DuplicateKey { name: String },
    /// A fraction (or other non-whole value) where the format takes a whole
    /// number, in the YAML reader's words.
    NotWholeNumber(String),
    /// YAML syntax, or a value of the wrong type, in the YAML reader's words.
    Yaml(String),
    /// A required key is absent.
    Missing { what: String },
    /// A number outside what the key allows.
    OutOfRange(OutOfRange),
    /// A date that is not one.
    BadDate { error: DateError, text: String },
    /// A name (of an interceptor type, a category) that does not exist.
    UnknownName(UnknownName),
    /// A replayed CSV that could not be read.
    Replay(ReplayError),
    /// Any other rule of the format, in words.
    Rule(String),
}

impl From<&str> for ProblemKind {
    fn from(rule: &str) -> ProblemKind {
        ProblemKind::Rule(rule.to_string())
    }
}

impl From<String> for ProblemKind {
    fn from(rule: String) -> ProblemKind {
        ProblemKind::Rule(rule)
    }
}

impl From<OutOfRange> for ProblemKind {
    fn from(range: OutOfRange) -> ProblemKind {
        ProblemKind::OutOfRange(range)
    }
}

impl From<UnknownName> for ProblemKind {
    fn from(unknown: UnknownName) -> ProblemKind {
        ProblemKind::UnknownName(unknown)
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Empty => f.write_str("the file holds no scenario (it is empty)"),
            ProblemKind::MoreThanOneDocument => f.write_str(
                "the file holds more than one YAML document (a second `---`); \
                 put one scenario in each file",
            ),
            ProblemKind::TooDeep { limit } => {
                write!(f, "lists and mappings are nested more than {limit} deep")
            }
            ProblemKind::TooLarge { nodes, bytes } => write!(
                f,
                "with its aliases (*name) expanded, the document holds more than {nodes} values or {bytes} bytes of text; \
                 write the repeated part once, or split the scenario"
            ),
            ProblemKind::UnknownKey(unknown) => write!(f, "unknown key {unknown}"),
            ProblemKind::DuplicateKey { name } => write!(f, "duplicate key `{name}`"),
            ProblemKind::NotWholeNumber(words) | ProblemKind::Yaml(words) => f.write_str(words),
            ProblemKind::Missing { what } => write!(f, "missing: {what}"),
            ProblemKind::OutOfRange(range) => range.fmt(f),
            ProblemKind::BadDate { error, text } => write!(f, "{error}, got `{text}`"),
            ProblemKind::UnknownName(unknown) => unknown.fmt(f),
            ProblemKind::Replay(error) => error.fmt(f),
            ProblemKind::Rule(words) => f.write_str(words),
        }
    }
}

/// How a number misses what its key allows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OutOfRange {
    AtLeast {
        min: u64,
        got: u64,
    },
    AtMost {
        max: u64,
        got: u64,
    },
    /// A real outside `min..=max` (or not finite).
    Between {
        min: f64,
        max: f64,
        got: f64,
    },
    Probability {
        got: f64,
    },
    Cost {
        got: f64,
    },
    /// A real that must be more than 0.
    Positive {
        got: f64,
    },
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutOfRange::AtLeast { min, got } => write!(f, "must be at least {min}, got {got}"),
            OutOfRange::AtMost { max, got } => write!(f, "must be at most {max}, got {got}"),
            OutOfRange::Between { min, max, got } => {
                write!(f, "must be from {min} to {max}, got {got}")
            }
            OutOfRange::Probability { got } => {
                write!(f, "must be a probability from 0 to 1, got {got}")?;
                // 80 for 80%: say how to write it (whole numbers only: 1.5
                // is more likely a slip than a percentage).
                if (2.0..=100.0).contains(got) && got.fract() == 0.0 {
                    write!(
                        f,
                        " (if a percentage, write it as a share: {got}% is {})",
                        got / 100.0
                    )?;
                }
                Ok(())
            }
            OutOfRange::Cost { got } => {
                write!(f, "must be a cost from 0 to 1e12 (a trillion a unit), got ")?;
                if got.is_finite() && got.abs() < 1e15 {
                    write!(f, "{got}")
                } else {
                    write!(f, "{got:e}")
                }
            }
            OutOfRange::Positive { got } => write!(f, "must be more than 0, got {got}"),
        }
    }
}

/// A key the scenario format does not have, with the keys it has there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub name: String,
    /// The nearest known key, if one is close enough to be a likely typo.
    pub suggestion: Option<String>,
    /// The keys the format has at that place, in the order it defines them.
    pub expected: Vec<String>,
}

impl UnknownKey {
    pub fn new(name: &str, expected: &[&str]) -> UnknownKey {
        UnknownKey {
            name: name.to_string(),
            suggestion: nearest(name, expected.iter().copied()).map(str::to_string),
            expected: expected.iter().map(|k| k.to_string()).collect(),
        }
    }

    /// "did you mean `x`?", or the keys there are; `None` with no keys.
    pub fn hint(&self) -> Option<String> {
        match &self.suggestion {
            Some(suggestion) => Some(format!("did you mean `{suggestion}`?")),
            None if self.expected.is_empty() => None,
            None => Some(format!("expected one of: {}", self.expected.join(", "))),
        }
    }
}

/// "`name`; did you mean `x`?" (the caller says what is unknown).
impl fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.name)?;
        match self.hint() {
            Some(hint) => write!(f, "; {hint}"),
            None => Ok(()),
        }
    }
}

pub use crate::suggest::{NameKind, UnknownName};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_suggest_the_nearest_or_list_them() {
        let known: Vec<String> = ["ballistic", "cruise"].map(String::from).to_vec();
        assert!(UnknownName::check(NameKind::Category, "cruise", &known).is_ok());
        let near = UnknownName::check(NameKind::Category, "balistic", &known).unwrap_err();
        assert_eq!(
            near.to_string(),
            "no category `balistic`; did you mean `ballistic`?"
        );
        let far = UnknownName::check(NameKind::InterceptorType, "thaad", &known).unwrap_err();
        assert_eq!(
            far.to_string(),
            "no interceptor type `thaad`; the types are: ballistic, cruise"
        );
    }

    #[test]
    fn problems_show_their_place_or_their_file() {
        let located = Problem {
            at: Some((
                "s.yaml".into(),
                SourceLocation::in_text("a: 1\nstockpile: -5\n", 2, 12),
            )),
            ..Problem::new("stockpile", OutOfRange::AtLeast { min: 1, got: 0 })
        };
        let error = LoadError::invalid(
            "s.yaml",
            vec![
                located,
                Problem::new("pk", OutOfRange::Probability { got: 2.0 }),
            ],
        );
        assert_eq!(
            error.to_string(),
            "stockpile: must be at least 1, got 0\n --> s.yaml:2:12\n  |\n2 | stockpile: -5\n  |            ^^\n\
             s.yaml: pk: must be a probability from 0 to 1, got 2 (if a percentage, write it as a share: 2% is 0.02)"
        );
        let unknown = Problem::at_key(
            Some("threats.b".into()),
            ProblemKind::UnknownKey(UnknownKey::new("pkk", &["pk", "priority"])),
        );
        assert_eq!(unknown.path().as_deref(), Some("threats.b.pkk"));
        assert_eq!(
            unknown.kind.to_string(),
            "unknown key `pkk`; did you mean `pk`?"
        );
    }

    /// A fuzz finding: the YAML reader refuses a control character and the
    /// snippet quoted the line with it, so `run` on a file holding
    /// `\e]0;owned\a` set the terminal's title. The line is shown escaped,
    /// and the caret sits under the escaped text: `a: `, `\x1b` (4
    /// characters as shown) and `b` put 8 characters before the `c`; a
    /// token of `ESC[2J` is underlined as its 7 characters shown.
    #[test]
    fn a_snippet_shows_control_characters_escaped() {
        let at = SourceLocation::in_text("a: \x1bbc d\n", 1, 6);
        assert_eq!(
            at.snippet("s.yaml"),
            " --> s.yaml:1:6\n  |\n1 | a: \\x1bbc d\n  |         ^"
        );
        let at = SourceLocation::in_text("\x1b[2J\n", 1, 1);
        assert_eq!(
            at.snippet("s.yaml"),
            " --> s.yaml:1:1\n  |\n1 | \\x1b[2J\n  | ^^^^^^^"
        );
    }

    #[test]
    fn a_headline_shows_control_characters_escaped() {
        let unknown = Problem::at_key(
            Some("interceptors.a".into()),
            ProblemKind::UnknownKey(UnknownKey::new("\x1b[2J", &["pk"])),
        );
        let error = LoadError::invalid("s\x07.yaml", vec![unknown]);
        assert_eq!(
            error.to_string(),
            "s\\x07.yaml: interceptors.a: unknown key `\\x1b[2J`; expected one of: pk"
        );
    }
}
