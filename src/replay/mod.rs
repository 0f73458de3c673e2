//! Replaying real raids from the Air Force of Ukraine daily-attack data
//! ("Massive Missile Attacks on Ukraine", ODC-BY): one CSV row per
//! reporting window and weapon model, with `time_end`, `model`, `launched`
//! and `destroyed` columns (others are ignored).
//!
//! The rules, all of them stated in the README:
//!
//! - **Nights.** A reporting window counts on the night it ends: the date of
//!   `time_end` (`2025-07-09 18:00` → `2025-07-10 08:00` is the night of
//!   2025-07-10). `time_end` may be a date or a date and time
//!   (`2025-07-10`, `2025-07-10 08:00`, `2025-07-10 8:00`, seconds
//!   optional, surrounding spaces ignored). Several rows on one night add
//!   up; a night with no row has no raid (0).
//! - **Selection.** By `category` (see [`catalogue`]) or by a list of
//!   `models`. A row counts when any model it names is selected.
//! - **Combined entries** ("C-400 and Iskander-M", one count for the group)
//!   count whole, under every category they name. The bulletins give no
//!   split, so any split would be invented; counting whole never
//!   under-counts the selected threat, which is the safe side for a question
//!   about whether interceptors last. Where a combined entry also names
//!   models outside the selection (e.g. "Iskander-M and Iskander-K" for
//!   ballistic), the record lists it, and the note says how many missiles
//!   such rows added, so the over-count can be judged.
//! - **Range.** `from` and `to` (inclusive) pick the nights; without them,
//!   the first and last night on which the selection has a row.
//! - **Quirks read, not refused.** Numbers may be written `236.0`; an empty
//!   or `NaN` count is unknown. Rows in the range are skipped, each with its
//!   reason, when they have no end date, no model, no launch count (for a
//!   selected model), or (when selecting by category) only models the
//!   catalogue does not know. A missing or `NaN` `destroyed` keeps the row
//!   in the record but out of the interception rate.
//! - **Malformed files** are refused with the line and column: a missing
//!   column, a row with too many or too few fields, an unclosed quote, an
//!   end time that is not a date, a count that is negative, fractional or
//!   not a number.
//! - **Interception rate** = destroyed / launched over the selected rows in
//!   the range whose `destroyed` is known.

pub mod catalogue;
pub mod csv;
pub mod fit;
pub mod report;

use crate::date::Date;
use crate::limits::{MAX_COUNT, MAX_HORIZON_NIGHTS};
use crate::raid::Raid;
use catalogue::{Catalogue, normalise, parts, shares_alternative};
use std::fmt;
use std::path::Path;

/// Largest CSV file read. The whole data set is under 1 MB (2026).
pub const MAX_CSV_BYTES: u64 = 256 * 1024 * 1024;

/// Which rows to replay.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    /// Every model of this category.
    Category(String),
    /// These models.
    Models(Vec<String>),
}

impl fmt::Display for Selection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selection::Category(category) => write!(f, "category {category}"),
            Selection::Models(models) => write!(f, "models {}", models.join(", ")),
        }
    }
}

/// What to read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub selection: Selection,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub catalogue: Catalogue,
}

/// Why a row was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// `time_end` is empty.
    NoEndDate,
    /// `model` is empty.
    NoModel,
    /// `launched` is empty or NaN.
    NoLaunchCount,
    /// Selecting by category, and the catalogue knows none of the models.
    UnknownModel,
}

impl SkipReason {
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::NoEndDate => "no end date",
            SkipReason::NoModel => "no model",
            SkipReason::NoLaunchCount => "no launch count",
            SkipReason::UnknownModel => "unknown model",
        }
    }
}

/// A row the report mentions.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowNote {
    /// The line the row starts on (the header is line 1).
    pub line: usize,
    /// The night it counts on, if its end date is known.
    pub date: Option<Date>,
    pub model: String,
    pub launched: Option<u64>,
    /// Why it was skipped; `None` for a combined entry counted whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<SkipReason>,
}

/// The nights read from a file, and what was skipped on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The file as named (resolved against the scenario's directory).
    pub file: String,
    pub selection: Selection,
    pub from: Date,
    pub to: Date,
    /// Missiles launched on each night from `from` to `to`.
    pub nights: Vec<u64>,
    /// Rows counted.
    pub rows: usize,
    /// Destroyed, over the counted rows whose `destroyed` is known.
    pub destroyed: u64,
    /// Launched, over the same rows.
    pub launched_with_destroyed: u64,
    /// Rows skipped, in file order.
    pub skipped: Vec<RowNote>,
    /// Combined entries counted whole that also name models outside the
    /// selection.
    pub combined: Vec<RowNote>,
}

impl Record {
    /// Destroyed / launched, where both are known.
    pub fn interception_rate(&self) -> Option<f64> {
        (self.launched_with_destroyed > 0)
            .then(|| self.destroyed as f64 / self.launched_with_destroyed as f64)
    }

    /// The record's figures and fitted distribution.
    pub fn fit(&self) -> fit::Fit {
        fit::fit(&self.nights, Some(self.from))
    }

    /// Skipped rows by reason, in a fixed order, with their counts.
    pub fn skipped_by_reason(&self) -> Vec<(SkipReason, usize)> {
        [
            SkipReason::NoEndDate,
            SkipReason::NoModel,
            SkipReason::NoLaunchCount,
            SkipReason::UnknownModel,
        ]
        .into_iter()
        .map(|reason| {
            let count = self
                .skipped
                .iter()
                .filter(|row| row.reason == Some(reason))
                .count();
            (reason, count)
        })
        .filter(|&(_, count)| count > 0)
        .collect()
    }

    /// What was skipped and counted whole, in words, or `None` when
    /// nothing was: e.g. "skipped 2 rows (1 no launch count, 1 unknown
    /// model); 1 combined entry with other models counted whole (10
    /// missiles)".
    pub fn quirks(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.skipped.is_empty() {
            let reasons: Vec<String> = self
                .skipped_by_reason()
                .into_iter()
                .map(|(reason, count)| format!("{count} {}", reason.describe()))
                .collect();
            parts.push(format!(
                "skipped {} ({})",
                plural(self.skipped.len(), "row"),
                reasons.join(", ")
            ));
        }
        if !self.combined.is_empty() {
            let missiles: u64 = self.combined.iter().filter_map(|r| r.launched).sum();
            parts.push(format!(
                "{} with other models counted whole ({})",
                plural(self.combined.len(), "combined entry"),
                plural(missiles as usize, "missile")
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    /// One line naming the file, selection and range, with [`Record::quirks`],
    /// or `None` when there is nothing to say.
    pub fn note(&self) -> Option<String> {
        let quirks = self.quirks()?;
        Some(format!(
            "{} ({}, {} to {}): {quirks}",
            self.file, self.selection, self.from, self.to
        ))
    }
}

fn plural(count: usize, what: &str) -> String {
    match (count, what.strip_suffix('y')) {
        (1, _) => format!("1 {what}"),
        (_, Some(stem)) => format!("{count} {stem}ies"),
        _ => format!("{count} {what}s"),
    }
}

/// What comes after the record when the horizon is longer
/// (`beyond:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beyond {
    /// The record again from its first night.
    Repeat,
    /// The distribution fitted to the record ([`fit`]).
    Fit,
    /// No raids.
    Quiet,
}

/// A replayed record as a raid: night n (from 1) launches the record's
/// night n; after the record, `after` gives the raid (for
/// [`Beyond::Repeat`] a pattern of the record, so night n is
/// `nights[(n − 1) % len]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    pub record: Record,
    pub beyond: Beyond,
    pub after: Raid,
}

impl Replay {
    pub fn new(record: Record, beyond: Beyond) -> Replay {
        let after = match beyond {
            Beyond::Repeat => Raid::Pattern(record.nights.clone()),
            Beyond::Fit => record.fit().fitted.raid(),
            Beyond::Quiet => Raid::Every(0),
        };
        Replay {
            record,
            beyond,
            after,
        }
    }

    /// The record's count on `night` (from 1), if the record reaches it.
    pub fn night(&self, night: u32) -> Option<u64> {
        let index = (night as usize).checked_sub(1)?;
        self.record.nights.get(index).copied()
    }

    /// The record's average night.
    pub fn mean(&self) -> f64 {
        self.record.nights.iter().sum::<u64>() as f64 / self.record.nights.len().max(1) as f64
    }
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayError {
    pub file: String,
    /// The line of the offending row, if one.
    pub line: Option<usize>,
    /// The offending column, by name, if one.
    pub column: Option<String>,
    pub message: String,
    /// Missing or unreadable, rather than malformed.
    pub unreadable: bool,
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, " line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Reads the CSV file at `path`.
pub fn load_record(path: &Path, query: &Query) -> Result<Record, ReplayError> {
    let file = path.display().to_string();
    let unreadable = |message: String| ReplayError {
        file: file.clone(),
        line: None,
        column: None,
        message,
        unreadable: true,
    };
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(io_reason(&e)))?;
    if metadata.is_dir() {
        return Err(unreadable("it is a directory".into()));
    }
    if metadata.len() > MAX_CSV_BYTES {
        return Err(unreadable(format!(
            "it is {} bytes; at most {MAX_CSV_BYTES} are read",
            metadata.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(io_reason(&e)))?;
    let text = String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".into()))?;
    read_record(&text, &file, query)
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

/// How a row stands against the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Selected; `mixed` when it also names models outside the selection.
    Selected {
        mixed: bool,
    },
    /// Selecting by category: names no model of it, and some unknown one.
    Unknown,
    NoModel,
    Other,
}

struct Parsed {
    line: usize,
    date: Option<Date>,
    model: String,
    launched: Option<u64>,
    destroyed: Option<u64>,
    class: Class,
}

impl Parsed {
    fn note(&self, reason: Option<SkipReason>) -> RowNote {
        RowNote {
            line: self.line,
            date: self.date,
            model: self.model.clone(),
            launched: self.launched,
            reason,
        }
    }
}

/// Reads CSV text; `file` names it in errors and in the record.
pub fn read_record(text: &str, file: &str, query: &Query) -> Result<Record, ReplayError> {
    let error = |line: Option<usize>, column: Option<&str>, message: String| ReplayError {
        file: file.to_string(),
        line,
        column: column.map(str::to_string),
        message,
        unreadable: false,
    };
    if let Selection::Category(category) = &query.selection {
        let known = query.catalogue.categories();
        if !known.contains(category) {
            let hint = match crate::suggest::nearest(category, known.iter().map(String::as_str)) {
                Some(near) => format!("; did you mean `{near}`?"),
                None => format!("; the categories are: {}", known.join(", ")),
            };
            return Err(error(None, None, format!("no category `{category}`{hint}")));
        }
    }
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        return Err(error(
            None,
            None,
            format!("the range ends ({to}) before it starts ({from})"),
        ));
    }
    let rows = csv::parse(text).map_err(|e| error(Some(e.line), None, e.message))?;
    let Some((header, rows)) = rows.split_first() else {
        return Err(error(None, None, "the file is empty".into()));
    };
    let column = |name: &str| {
        header
            .fields
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let required = |name: &str| {
        column(name).ok_or_else(|| {
            error(
                Some(header.line),
                None,
                format!("no `{name}` column in the header (the daily-attack data has time_end, model, launched and destroyed)"),
            )
        })
    };
    let (time_end, model_col, launched_col) = (
        required("time_end")?,
        required("model")?,
        required("launched")?,
    );
    let destroyed_col = column("destroyed");
    let listed: Vec<String> = match &query.selection {
        Selection::Models(models) => models.iter().map(|m| normalise(m)).collect(),
        Selection::Category(_) => Vec::new(),
    };

    let mut parsed = Vec::with_capacity(rows.len());
    for row in rows {
        if row.fields.len() != header.fields.len() {
            return Err(error(
                Some(row.line),
                None,
                format!(
                    "{} fields, but the header has {}",
                    row.fields.len(),
                    header.fields.len()
                ),
            ));
        }
        let cell = |i: usize| row.fields[i].as_str();
        let date =
            end_date(cell(time_end)).map_err(|m| error(Some(row.line), Some("time_end"), m))?;
        let launched =
            count(cell(launched_col)).map_err(|m| error(Some(row.line), Some("launched"), m))?;
        let destroyed = match destroyed_col {
            Some(i) => count(cell(i)).map_err(|m| error(Some(row.line), Some("destroyed"), m))?,
            None => None,
        };
        let model = cell(model_col).trim().to_string();
        let class = classify(&model, &query.selection, &listed, &query.catalogue);
        parsed.push(Parsed {
            line: row.line,
            date,
            model,
            launched,
            destroyed,
            class,
        });
    }

    if let Selection::Models(models) = &query.selection {
        for (name, normalised) in models.iter().zip(&listed) {
            let named = parsed.iter().any(|row| {
                parts(&row.model)
                    .iter()
                    .any(|part| shares_alternative(&normalise(part), normalised))
            });
            if !named {
                let mut seen: Vec<&str> = parsed.iter().flat_map(|row| parts(&row.model)).collect();
                seen.sort_unstable();
                seen.dedup();
                let hint = crate::suggest::nearest(name, seen.iter().copied())
                    .map(|near| format!("; did you mean `{near}`?"))
                    .unwrap_or_default();
                return Err(error(
                    None,
                    Some("model"),
                    format!("no row names the model `{name}`{hint}"),
                ));
            }
        }
    }

    let counted =
        |row: &&Parsed| matches!(row.class, Class::Selected { .. }) && row.launched.is_some();
    let dates = || parsed.iter().filter(counted).filter_map(|row| row.date);
    let (from, to) = match (
        query.from.or_else(|| dates().min()),
        query.to.or_else(|| dates().max()),
    ) {
        (Some(from), Some(to)) => (from, to),
        _ => {
            return Err(error(
                None,
                None,
                format!(
                    "no dated row of {} to set the range from; give from and to",
                    query.selection
                ),
            ));
        }
    };
    if from > to {
        return Err(error(
            None,
            None,
            format!("the range ends ({to}) before it starts ({from})"),
        ));
    }
    let length = from.days_until(to) + 1;
    if length > i64::from(MAX_HORIZON_NIGHTS) {
        return Err(error(
            None,
            None,
            format!("{from} to {to} is {length} nights; at most {MAX_HORIZON_NIGHTS} are replayed"),
        ));
    }
    let mut record = Record {
        file: file.to_string(),
        selection: query.selection.clone(),
        from,
        to,
        nights: vec![0; length as usize],
        rows: 0,
        destroyed: 0,
        launched_with_destroyed: 0,
        skipped: Vec::new(),
        combined: Vec::new(),
    };
    for row in &parsed {
        let Some(date) = row.date else {
            if row.class != Class::Other {
                record.skipped.push(row.note(Some(SkipReason::NoEndDate)));
            }
            continue;
        };
        if date < from || date > to {
            continue;
        }
        let mixed = match row.class {
            Class::Other => continue,
            Class::NoModel => {
                record.skipped.push(row.note(Some(SkipReason::NoModel)));
                continue;
            }
            Class::Unknown => {
                record
                    .skipped
                    .push(row.note(Some(SkipReason::UnknownModel)));
                continue;
            }
            Class::Selected { mixed } => mixed,
        };
        let Some(launched) = row.launched else {
            record
                .skipped
                .push(row.note(Some(SkipReason::NoLaunchCount)));
            continue;
        };
        let night = &mut record.nights[from.days_until(date) as usize];
        *night += launched;
        if *night > MAX_COUNT {
            return Err(error(
                Some(row.line),
                Some("launched"),
                format!("the night of {date} adds up to more than {MAX_COUNT} missiles"),
            ));
        }
        record.rows += 1;
        if mixed {
            record.combined.push(row.note(None));
        }
        if let Some(destroyed) = row.destroyed {
            record.destroyed += destroyed;
            record.launched_with_destroyed += launched;
        }
    }
    Ok(record)
}

fn classify(model: &str, selection: &Selection, listed: &[String], catalogue: &Catalogue) -> Class {
    let parts = parts(model);
    if parts.is_empty() {
        return Class::NoModel;
    }
    let picked: Vec<Option<bool>> = match selection {
        Selection::Category(category) => parts
            .iter()
            .map(|part| catalogue.category_of(part).map(|c| c == *category))
            .collect(),
        Selection::Models(_) => parts
            .iter()
            .map(|part| {
                let part = normalise(part);
                Some(listed.iter().any(|m| shares_alternative(&part, m)))
            })
            .collect(),
    };
    if picked.contains(&Some(true)) {
        Class::Selected {
            mixed: picked.iter().any(|p| *p != Some(true)),
        }
    } else if picked.contains(&None) {
        Class::Unknown
    } else {
        Class::Other
    }
}

/// The date of a `time_end` cell: `YYYY-MM-DD`, optionally followed by a
/// time `H:MM` or `HH:MM` (seconds optional) after a space or `T`. Empty:
/// `None`.
fn end_date(cell: &str) -> Result<Option<Date>, String> {
    let text = cell.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad =
        || format!("expected a date (YYYY-MM-DD, optionally with a time HH:MM), got `{text}`");
    let (date, time) = match text.get(..10) {
        Some(date) => (date, &text[10..]),
        None => return Err(bad()),
    };
    let date = Date::parse(date).map_err(|e| format!("{e}, got `{text}`"))?;
    if !time.is_empty() {
        let time = time
            .strip_prefix(' ')
            .or_else(|| time.strip_prefix('T'))
            .ok_or_else(bad)?
            .trim();
        let fields: Vec<&str> = time.split(':').collect();
        let number = |s: &str, max: u32, digits: std::ops::RangeInclusive<usize>| {
            digits.contains(&s.len())
                && s.bytes().all(|b| b.is_ascii_digit())
                && s.parse::<u32>().is_ok_and(|n| n <= max)
        };
        let ok = match fields.as_slice() {
            [h, m] => number(h, 24, 1..=2) && number(m, 59, 2..=2),
            [h, m, s] => number(h, 24, 1..=2) && number(m, 59, 2..=2) && number(s, 60, 2..=2),
            _ => false,
        };
        if !ok {
            return Err(bad());
        }
    }
    Ok(Some(date))
}

/// A count cell: a whole number, 0 or more, possibly written `236.0`.
/// Empty or `NaN`: `None`.
fn count(cell: &str) -> Result<Option<u64>, String> {
    let text = cell.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("nan") {
        return Ok(None);
    }
    let value: f64 = text
        .parse()
        .map_err(|_| format!("expected a count (a whole number, 0 or more), got `{text}`"))?;
    if !value.is_finite() || value < 0.0 || value.fract() != 0.0 {
        return Err(format!(
            "expected a count (a whole number, 0 or more), got `{text}`"
        ));
    }
    if value > MAX_COUNT as f64 {
        return Err(format!("{text} is more than {MAX_COUNT}"));
    }
    Ok(Some(value as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_dates_with_and_without_times() {
        let d = |s: &str| end_date(s).map(|d| d.map(|d| d.to_string()));
        assert_eq!(d("2025-05-02"), Ok(Some("2025-05-02".into())));
        assert_eq!(d("2025-05-02 08:00"), Ok(Some("2025-05-02".into())));
        assert_eq!(d(" 2025-05-02 8:30 "), Ok(Some("2025-05-02".into())));
        assert_eq!(d("2025-05-02T08:00:00"), Ok(Some("2025-05-02".into())));
        assert_eq!(d(""), Ok(None));
        assert!(d("02/05/2025").is_err());
        assert!(d("2025-05-02 25:00").is_err());
        assert!(d("2025-05-02 morning").is_err());
        assert!(d("2025-02-30").is_err());
    }

    #[test]
    fn counts() {
        assert_eq!(count("236.0"), Ok(Some(236)));
        assert_eq!(count(" 7 "), Ok(Some(7)));
        assert_eq!(count("NaN"), Ok(None));
        assert_eq!(count(""), Ok(None));
        assert!(count("-1").is_err());
        assert!(count("2.5").is_err());
        assert!(count("many").is_err());
        assert!(count("inf").is_err());
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "row"), "1 row");
        assert_eq!(plural(2, "combined entry"), "2 combined entries");
        assert_eq!(plural(0, "missile"), "0 missiles");
    }
}
