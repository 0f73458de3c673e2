//! Reading scenario files: text → [`RawScenario`] → [`Scenario`], with errors
//! that point into the file.

use super::document::Document;
use super::raw::RawScenario;
use super::validate::validate_in;
use crate::error::{LoadError, LoadErrorKind, SourceLocation};
use crate::model::Scenario;
use crate::suggest::nearest;
use std::path::Path;

/// Largest scenario file read, in bytes. Real scenarios are a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads and validates the scenario file at `path` (and any files it
/// extends).
pub fn load_file(path: &Path) -> Result<Scenario, LoadError> {
    Document::load(path)?.scenario()
}

/// The text of a scenario file, with its name as given and its stem (the
/// default scenario name): checked to exist, be a file, be no larger than
/// [`MAX_FILE_BYTES`] and be UTF-8.
pub(crate) fn read_text(path: &Path) -> Result<(String, String, String), LoadError> {
    let file = path.display().to_string();
    let unreadable = |reason: String| LoadError {
        file: file.clone(),
        kind: LoadErrorKind::Unreadable { reason },
    };
    if path == Path::new("-") {
        // A scenario piped in: read at most one byte past the limit.
        use std::io::Read;
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(io_reason(&e)))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(unreadable(format!(
                "standard input holds more than {MAX_FILE_BYTES} bytes"
            )));
        }
        let text =
            String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".into()))?;
        return Ok(("<stdin>".to_string(), text, "stdin".to_string()));
    }
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(io_reason(&e)))?;
    if metadata.is_dir() {
        return Err(unreadable("it is a directory".to_string()));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(unreadable(format!(
            "it is {} bytes; scenario files may be at most {MAX_FILE_BYTES} bytes",
            metadata.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(io_reason(&e)))?;
    let text = String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".into()))?;
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    Ok((file, text, stem))
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

/// Parses and validates scenario text. `file` names it in errors;
/// `default_name` names the scenario when it has no `name:`; `extends` is
/// resolved from the current directory.
pub fn parse_scenario(text: &str, file: &str, default_name: &str) -> Result<Scenario, LoadError> {
    Document::from_text(text, file, default_name, Path::new("."))?.scenario()
}

/// Checks one file's YAML syntax and value types, with errors that point
/// into it.
pub(crate) fn type_check(text: &str) -> Result<(), LoadErrorKind> {
    parse_raw(text).map(|_| ())
}

fn parse_raw(text: &str) -> Result<RawScenario, LoadErrorKind> {
    let has_content = text
        .lines()
        .map(str::trim)
        .any(|line| !line.is_empty() && !line.starts_with('#') && line != "---");
    if !has_content {
        return Err(LoadErrorKind::Yaml {
            key: None,
            message: "the file holds no scenario (it is empty)".to_string(),
            location: None,
        });
    }
    check_nesting(text)?;
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| yaml_error(&error, text))
}

/// Refuses flow collections (`[`, `{`) nested deeper than
/// [`MAX_NESTING`](super::limits::MAX_NESTING) before the YAML parser sees
/// them: no scenario needs more than a few levels, and the parser's time
/// grows with the square of the depth. Quoted text and comments are skipped.
pub(crate) fn check_nesting(text: &str) -> Result<(), LoadErrorKind> {
    use super::limits::MAX_NESTING;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut comment = false;
    let (mut line, mut column) = (1usize, 0usize);
    let mut previous = '\n';
    for c in text.chars() {
        column += 1;
        if c == '\n' {
            line += 1;
            column = 0;
            comment = false;
            previous = c;
            continue;
        }
        match (quote, c) {
            _ if comment => {}
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') if previous.is_whitespace() => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_NESTING {
                    let line_text = text.lines().nth(line - 1).unwrap_or("").to_string();
                    return Err(LoadErrorKind::Yaml {
                        key: None,
                        message: format!(
                            "lists and mappings are nested more than {MAX_NESTING} deep"
                        ),
                        location: Some(SourceLocation {
                            line,
                            column,
                            line_text,
                        }),
                    });
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = c;
    }
    Ok(())
}

/// Validates a scenario already parsed into a YAML value, e.g. one with
/// `--set` overrides or a sweep's values applied. Errors name the key path;
/// there is no file text to point into.
pub fn scenario_from_value(
    value: serde_yaml::Value,
    file: &str,
    default_name: &str,
) -> Result<Scenario, LoadError> {
    let raw: RawScenario = serde_path_to_error::deserialize(value).map_err(|error| LoadError {
        file: file.to_string(),
        kind: yaml_error(&error, ""),
    })?;
    // `from_csv` paths are relative to the scenario file.
    validate_in(raw, default_name, Path::new(file).parent()).map_err(|problems| LoadError {
        file: file.to_string(),
        kind: LoadErrorKind::Invalid { problems },
    })
}

/// A deserialization error in the words of the scenario format, located in
/// `text` where serde_yaml knows the place.
fn yaml_error(error: &serde_path_to_error::Error<serde_yaml::Error>, text: &str) -> LoadErrorKind {
    {
        let key = dotted_path(error.path());
        let inner = error.inner();
        let raw_message = inner.to_string();
        let mut at = inner.location().map(|at| (at.line(), at.column()));
        let mut message = strip_yaml_path(&strip_location(&raw_message, at)).to_string();
        if let Some(duplicate) = message.strip_prefix("duplicate field `") {
            let name = duplicate.trim_end_matches('`').to_string();
            // serde_yaml points at the start of the mapping; point at the
            // second occurrence of the key instead, where the user must look.
            at = second_occurrence(text, &name).or(at);
            message = format!("duplicate key `{name}`");
        }
        if message.contains("more than one document") {
            message = "the file holds more than one YAML document (a second `---`); \
                       put one scenario in each file"
                .to_string();
            at = None;
        }
        // At the end of the file (an unclosed list or mapping) the caret
        // would sit on an empty line; point where the construct began.
        let blank_line = |line: usize| {
            text.lines()
                .nth(line - 1)
                .is_none_or(|l| l.trim().is_empty())
        };
        if let Some((line, _)) = at
            && blank_line(line)
            && let Some((earlier, rest)) = message.clone().rsplit_once(" at line ")
            && let Some((l, c)) = rest.split_once(" column ")
            && let (Ok(l), Ok(c)) = (l.parse(), c.parse())
        {
            at = Some((l, c));
            message = format!("{earlier} (never closed)");
        }
        let message = humanize(&message);
        // An unknown key's message names it; the path names where it sits.
        let key = if message.starts_with("unknown key") {
            key.and_then(|k| k.rsplit_once('.').map(|(parent, _)| parent.to_string()))
        } else {
            key
        };
        LoadErrorKind::Yaml {
            key,
            message,
            location: at
                .filter(|_| !text.is_empty())
                .map(|(line, column)| SourceLocation::in_text(text, line, column)),
        }
    }
}

/// `deliveries.0.night` from serde_path_to_error's path; `None` at the top.
fn dotted_path(path: &serde_path_to_error::Path) -> Option<String> {
    use serde_path_to_error::Segment;
    let parts: Vec<String> = path
        .iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("."))
}

/// serde_yaml writes " at line L column C" for the error's own location,
/// which the snippet shows instead; other locations in the message (such as
/// where an unclosed list began) stay.
fn strip_location(message: &str, at: Option<(usize, usize)>) -> String {
    match at {
        Some((line, column)) => {
            message.replacen(&format!(" at line {line} column {column}"), "", 1)
        }
        None => message.to_string(),
    }
}

/// Line and column of the second line that starts with `name:` (after
/// indentation), for duplicate keys.
fn second_occurrence(text: &str, name: &str) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let indent = line.len() - line.trim_start().len();
            let rest = line.trim_start().strip_prefix(name)?;
            rest.trim_start()
                .starts_with(':')
                .then_some((i + 1, indent + 1))
        })
        .nth(1)
}

/// serde_yaml starts messages with its own rendering of the key path
/// (`deliveries[0].night: `); the dotted key path replaces it. Key paths hold
/// no whitespace, and serde's own messages have a space before their first
/// colon, so only a path prefix is removed.
pub(crate) fn strip_yaml_path(message: &str) -> &str {
    match message.split_once(": ") {
        Some((prefix, rest)) if !prefix.contains(char::is_whitespace) && !rest.is_empty() => rest,
        _ => message,
    }
}

/// Rewrites serde's messages in the words of the scenario format: unknown
/// fields become unknown keys with the nearest known key suggested.
pub(crate) fn humanize(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_string();
    };
    let Some((unknown, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match nearest(unknown, known.iter().copied()) {
        Some(suggestion) => format!("unknown key `{unknown}`; did you mean `{suggestion}`?"),
        None if known.is_empty() => format!("unknown key `{unknown}`"),
        None => format!(
            "unknown key `{unknown}`; expected one of: {}",
            known.join(", ")
        ),
    }
}
