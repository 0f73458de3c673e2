//! One scenario file as a YAML document, and the YAML reader's errors as
//! typed problems.
//!
//! Each file is checked on its own (emptiness, nesting, a second document,
//! syntax and the type of every value) so that its errors point into it.
//! What kind of error it is comes from typed facts: the format's own types
//! ([`super::format`]) say whether a key exists and whether it takes whole
//! numbers, the file itself says where a key repeats or a list was never
//! closed. serde_yaml's errors carry only words, with the place and its own
//! key path written in; those two are cut from the words (magdepth shows
//! them itself), and nothing decides anything by reading the words.

use super::format::{self, Place};
use super::locate::{locate_key_path, repeated_key};
use super::raw::RawScenario;
use crate::error::{LoadError, Problem, ProblemKind, SourceLocation};
use crate::limits::{MAX_EXPANDED_BYTES, MAX_EXPANDED_NODES, MAX_NESTING};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_yaml::Value;
use std::cell::Cell;

/// The document of one file, with merge keys (`<<: *defaults`) applied.
pub(crate) fn parse_file(file: &str, text: &str) -> Result<Value, LoadError> {
    let fail = |problem: Problem| LoadError::invalid(file, vec![problem]);
    let located = |problem: Problem, (line, column): (usize, usize)| Problem {
        at: Some((
            file.to_string(),
            SourceLocation::in_text(text, line, column),
        )),
        ..problem
    };
    if !has_content(text) {
        return Err(fail(Problem::at_key(None, ProblemKind::Empty)));
    }
    if let Some(at) = scan_flow(text).too_deep_at {
        let problem = Problem::at_key(None, ProblemKind::TooDeep { limit: MAX_NESTING });
        return Err(fail(located(problem, at)));
    }
    if has_second_document(text) {
        return Err(fail(Problem::at_key(
            None,
            ProblemKind::MoreThanOneDocument,
        )));
    }
    if !fits_expanded(text) {
        return Err(fail(Problem::at_key(None, too_large())));
    }
    // Merge keys are applied to the document before its types can be
    // checked; without them, the text itself is checked, which gives the
    // reader's own places.
    let merge_keys = text.contains("<<");
    if !merge_keys {
        let raw: Result<RawScenario, _> =
            serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(text));
        if let Err(error) = raw {
            return Err(fail(text_problem(file, text, &error)));
        }
    }
    let mut value: Value = serde_yaml::from_str(text).map_err(|e| {
        let at = e.location().map(|at| (at.line(), at.column()));
        let problem = Problem::at_key(None, ProblemKind::Yaml(reader_words(&e, at)));
        match at {
            Some(at) => fail(located(problem, at)),
            None => fail(problem),
        }
    })?;
    value.apply_merge().map_err(|e| {
        let words = format!("merge key (<<): {}", reader_words(&e, None));
        fail(Problem::at_key(None, ProblemKind::Yaml(words)))
    })?;
    if merge_keys && let Err(problem) = raw_from_value(value.clone()) {
        let at = problem.path().and_then(|key| locate_key_path(text, &key));
        return Err(fail(match at {
            Some(at) => located(*problem, at),
            None => *problem,
        }));
    }
    Ok(value)
}

/// The scenario as written, from a document (merged, with values set):
/// a problem names the key path, with no place (the caller finds it).
/// Boxed: a problem is large, and this is on every point's road.
pub(crate) fn raw_from_value(value: Value) -> Result<RawScenario, Box<Problem>> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = segments(error.path());
        let (key, kind) = match format::unknown_key(&path) {
            Some(unknown) => (parent(&path), ProblemKind::UnknownKey(unknown)),
            None => classify(&path, reader_words(error.inner(), None)),
        };
        Box::new(Problem::at_key(key, kind))
    })
}

/// A type or syntax error found reading `text`, at its place in the file.
fn text_problem(
    file: &str,
    text: &str,
    error: &serde_path_to_error::Error<serde_yaml::Error>,
) -> Problem {
    let path = segments(error.path());
    let inner = error.inner();
    let mut at = inner.location().map(|at| (at.line(), at.column()));
    let (key, kind) = if let Some(unknown) = format::unknown_key(&path) {
        // The reader stops at the key itself; the key path names where it sits.
        (parent(&path), ProblemKind::UnknownKey(unknown))
    } else if format::place(&path) == Some(Place::Keys)
        && let Some((name, line, column)) = repeated_key(text, &path)
    {
        // The reader points at the start of the mapping; point at the
        // second occurrence of the key instead, where the user must look.
        at = Some((line, column));
        (dotted(&path), ProblemKind::DuplicateKey { name })
    } else {
        let mut words = reader_words(inner, at);
        // At the end of the file (an unclosed list, mapping or quote) the
        // caret would sit on an empty line; point where it began.
        if let Some((line, _)) = at
            && is_blank_line(text, line)
            && let Some(open) = scan_flow(text).open_at_end
        {
            words = format!("{} (never closed)", cut_place(&words, Some(open)));
            at = Some(open);
        }
        classify(&path, words)
    };
    Problem {
        at: at.map(|(line, column)| {
            (
                file.to_string(),
                SourceLocation::in_text(text, line, column),
            )
        }),
        ..Problem::at_key(key, kind)
    }
}

/// A value the reader refused at `path`: not a whole number where the
/// format takes one, or otherwise a YAML or type error, in its words.
fn classify(path: &[String], words: String) -> (Option<String>, ProblemKind) {
    let kind = if format::takes_whole_numbers(path) {
        ProblemKind::NotWholeNumber(words)
    } else {
        ProblemKind::Yaml(words)
    };
    (dotted(path), kind)
}

/// The reader's words without the place (` at line L column C`, shown in
/// the snippet) and without its own rendering of the key path
/// (`deliveries[0].night: `, which the dotted key path replaces).
fn reader_words(error: &serde_yaml::Error, at: Option<(usize, usize)>) -> String {
    let words = shorten_quoted(&cut_place(&error.to_string(), at));
    // Key paths hold no whitespace, and serde's own messages have a space
    // before their first colon, so only a path prefix is removed.
    match words.split_once(": ") {
        Some((prefix, rest)) if !prefix.contains(char::is_whitespace) && !rest.is_empty() => {
            rest.to_string()
        }
        _ => words,
    }
}

/// `words` with a long quoted value cut to its start: the reader quotes a
/// value of the wrong type whole, and a file that is not a scenario (say
/// `extends: /etc/passwd`) must be named, not shown.
fn shorten_quoted(words: &str) -> String {
    const KEEP: usize = 40;
    let (Some(open), Some(close)) = (words.find('"'), words.rfind('"')) else {
        return words.to_string();
    };
    // One quotation mark alone (`doctrine: a"`) opens no quoted value.
    if close <= open {
        return words.to_string();
    }
    let quoted = &words[open + 1..close];
    if quoted.chars().count() <= 2 * KEEP {
        return words.to_string();
    }
    let start: String = quoted.chars().take(KEEP).collect();
    format!("{}\"{start}…\"{}", &words[..open], &words[close + 1..])
}

/// `words` without " at line L column C" for the place `at`.
fn cut_place(words: &str, at: Option<(usize, usize)>) -> String {
    match at {
        Some((line, column)) => words.replacen(&format!(" at line {line} column {column}"), "", 1),
        None => words.to_string(),
    }
}

fn segments(path: &serde_path_to_error::Path) -> Vec<String> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect()
}

/// `deliveries.0.night`; `None` at the top.
fn dotted(path: &[String]) -> Option<String> {
    (!path.is_empty()).then(|| path.join("."))
}

fn parent(path: &[String]) -> Option<String> {
    path.split_last().and_then(|(_, parent)| dotted(parent))
}

fn is_blank_line(text: &str, line: usize) -> bool {
    text.lines()
        .nth(line.saturating_sub(1))
        .is_none_or(|l| l.trim().is_empty())
}

fn has_content(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .any(|line| !line.is_empty() && !line.starts_with('#') && line != "---")
}

/// Whether a second YAML document follows a first that reads.
fn has_second_document(text: &str) -> bool {
    let mut documents = serde_yaml::Deserializer::from_str(text);
    match documents.next() {
        Some(first) => {
            serde::de::IgnoredAny::deserialize(first).is_ok() && documents.next().is_some()
        }
        None => false,
    }
}

/// What [`scan_flow`] finds.
#[derive(Debug, Default, PartialEq)]
struct FlowScan {
    /// Where a flow list or mapping (`[`, `{`) first opens more than
    /// [`MAX_NESTING`] deep.
    too_deep_at: Option<(usize, usize)>,
    /// Where the innermost flow collection or quoted scalar still open at
    /// the end of the text began.
    open_at_end: Option<(usize, usize)>,
}

/// Follows the flow collections and quoted scalars of `text` without
/// parsing it (quoted text and comments are skipped), as lines and columns
/// (1-based, in characters). The nesting limit is checked before the YAML
/// reader sees the text: no scenario needs more than a few levels, and the
/// reader's time grows with the square of the depth.
fn scan_flow(text: &str) -> FlowScan {
    let mut scan = FlowScan::default();
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut quote: Option<(char, usize, usize)> = None;
    let mut comment = false;
    let (mut line, mut column) = (1usize, 0usize);
    let mut previous = '\n';
    // The last character on this line outside quotes, other than space: a
    // quote opens a scalar only where a scalar may start.
    let mut last_solid: Option<char> = None;
    for c in text.chars() {
        column += 1;
        if c == '\n' {
            line += 1;
            column = 0;
            comment = false;
            previous = c;
            last_solid = None;
            continue;
        }
        match quote {
            Some((q, _, _)) if c == q => quote = None,
            Some(_) => {}
            None if comment => {}
            None => match c {
                '"' | '\''
                    if matches!(last_solid, None | Some(':' | ',' | '[' | '{' | '-' | '?')) =>
                {
                    quote = Some((c, line, column));
                }
                '#' if previous.is_whitespace() => comment = true,
                '[' | '{' => {
                    open.push((line, column));
                    if open.len() > MAX_NESTING && scan.too_deep_at.is_none() {
                        scan.too_deep_at = Some((line, column));
                    }
                }
                ']' | '}' => {
                    open.pop();
                }
                _ => {}
            },
        }
        if !c.is_whitespace() && !comment {
            last_solid = Some(c);
        }
        previous = c;
    }
    scan.open_at_end = quote.map(|(_, l, c)| (l, c)).or(open.last().copied());
    scan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_scan_finds_what_is_left_open() {
        assert_eq!(scan_flow("a: [1, 2\n").open_at_end, Some((1, 4)));
        assert_eq!(scan_flow("a: [1, { b: 2 }\n").open_at_end, Some((1, 4)));
        assert_eq!(scan_flow("a: [1]\nb: \"x\n").open_at_end, Some((2, 4)));
        // An apostrophe inside a plain scalar opens nothing.
        assert_eq!(scan_flow("d: it's [1]\n").open_at_end, None);
        // A comment's brackets do not count.
        assert_eq!(scan_flow("a: 1 # [\n").open_at_end, None);
        let deep = format!(
            "a: {}{}\n",
            "[".repeat(MAX_NESTING + 1),
            "]".repeat(MAX_NESTING + 1)
        );
        assert_eq!(scan_flow(&deep).too_deep_at, Some((1, 4 + MAX_NESTING)));
    }

    #[test]
    fn a_second_document_is_seen_only_after_a_first_that_reads() {
        assert!(has_second_document("a: 1\n---\na: 2\n"));
        assert!(!has_second_document("a: 1\n"));
        assert!(!has_second_document("a: [1, 2\n"));
    }
}

fn too_large() -> ProblemKind {
    ProblemKind::TooLarge {
        nodes: MAX_EXPANDED_NODES,
        bytes: MAX_EXPANDED_BYTES,
    }
}

/// Why a value given outside a file could not be read.
#[derive(Debug)]
pub enum ValueError {
    /// Over the limits on the expanded size.
    TooLarge(ProblemKind),
    NotYaml(serde_yaml::Error),
}

impl std::fmt::Display for ValueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ValueError::TooLarge(kind) => write!(f, "is too large: {kind}"),
            // The reader's words may quote the value: shown escaped.
            ValueError::NotYaml(e) => write!(
                f,
                "is not YAML: {}",
                crate::printable::printable(&e.to_string())
            ),
        }
    }
}

/// A YAML value from text given outside a file (a `--set` value), within
/// the same limits on its expanded size as a file.
pub fn bounded_value(text: &str) -> Result<Value, ValueError> {
    if !fits_expanded(text) {
        return Err(ValueError::TooLarge(too_large()));
    }
    serde_yaml::from_str(text).map_err(ValueError::NotYaml)
}

/// Whether `text`, with its aliases expanded, stays within
/// [`MAX_EXPANDED_NODES`] and [`MAX_EXPANDED_BYTES`]. The reader replays an
/// alias's events wherever it is used, so walking the document without
/// keeping it counts the expanded size in memory that does not grow with
/// it, and stops at the first value over the limits. Syntax errors are
/// left to the reader proper (they count as fitting).
fn fits_expanded(text: &str) -> bool {
    // A document without aliases is no larger than its text.
    if !text.contains('*') {
        return true;
    }
    let budget = Budget {
        nodes: Cell::new(0),
        bytes: Cell::new(0),
    };
    // The walk stops with an error at the first value over the limits (or
    // at a syntax error); the budget says which.
    let _ = Counted(&budget).deserialize(serde_yaml::Deserializer::from_str(text));
    !budget.over()
}

struct Budget {
    nodes: Cell<usize>,
    bytes: Cell<usize>,
}

impl Budget {
    fn over(&self) -> bool {
        self.nodes.get() > MAX_EXPANDED_NODES || self.bytes.get() > MAX_EXPANDED_BYTES
    }

    /// Counts one value of `bytes` bytes; false once over the limits.
    fn take(&self, bytes: usize) -> bool {
        self.nodes.set(self.nodes.get() + 1);
        self.bytes.set(self.bytes.get().saturating_add(bytes));
        !self.over()
    }
}

/// Visits every value of a document, counting, keeping nothing.
#[derive(Clone, Copy)]
struct Counted<'a>(&'a Budget);

impl<'de> DeserializeSeed<'de> for Counted<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Counted<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.scalar(1)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.scalar(8)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.scalar(8)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.scalar(8)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.scalar(v.len())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar(0)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.scalar(0)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.scalar(0)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.scalar(0)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!tag x`): count the tag's value.
        use de::VariantAccess;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

impl Counted<'_> {
    fn scalar<E: de::Error>(self, bytes: usize) -> Result<(), E> {
        if self.0.take(bytes) {
            Ok(())
        } else {
            Err(E::custom("over the limits on the expanded size"))
        }
    }
}

#[cfg(test)]
mod shorten_tests {
    use super::shorten_quoted;

    #[test]
    fn long_quoted_values_are_cut_to_their_start() {
        let long = format!(
            "invalid type: string \"{}\", expected a scenario",
            "x".repeat(500)
        );
        let cut = shorten_quoted(&long);
        assert_eq!(
            cut,
            format!(
                "invalid type: string \"{}…\", expected a scenario",
                "x".repeat(40)
            )
        );
        let short = "invalid type: string \"80%\", expected f64";
        assert_eq!(shorten_quoted(short), short);
    }

    /// A value holding one quotation mark (`doctrine: a"`) gives words with
    /// one `"`: the first and the last are the same mark, so nothing is
    /// quoted and the words are kept as they are (this panicked, slicing
    /// from after the mark to before it).
    #[test]
    fn a_lone_quotation_mark_quotes_nothing() {
        let lone = "unknown variant `a\"`, expected `salvo` or `shoot-look-shoot`";
        assert_eq!(shorten_quoted(lone), lone);
    }
}
