//! Replaying real raids from the Air Force of Ukraine daily-attack data
//! ("Massive Missile Attacks on Ukraine", ODC-BY): one CSV row per
//! reporting window and weapon model, with `time_end`, `model`, `launched`
//! and `destroyed` columns (others are ignored).
//!
//! The rules, all of them stated in docs/scenario.md:
//!
//! - **Nights.** A reporting window counts on the night it ends: the date of
//!   `time_end` (`2025-07-09 18:00` → `2025-07-10 08:00` is the night of
//!   2025-07-10). `time_end` may be a date or a date and time
//!   (`2025-07-10`, `2025-07-10 08:00`, `2025-07-10 8:00`, seconds
//!   optional, surrounding spaces ignored). Several rows on one night add
//!   up; a night with no row has no raid (0).
//! - **Selection.** By `category` (see [`catalogue`]) or by a list of
//!   `models`. A row counts when any model it names is selected.
//! - **Combined entries** ("Iskander-M/KN-23 and Iskander-K and
//!   X-59/X-69", one count for the group) that also name models outside
//!   the selection count by the scenario's rule, `combined: split | skip |
//!   whole` (see [`combined`]); within one scenario no entry is counted
//!   twice ([`count_once`]).
//! - **Range.** `from` and `to` (inclusive) pick the nights; without them,
//!   the first and last night of a row that names a selected model and has
//!   a launch count (whatever the combined rule makes of it).
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
//! - **Interception rate** = destroyed / launched over the counted rows in
//!   the range whose `destroyed` is known (a combined entry with its whole
//!   counts, unless `skip` leaves it out).

pub mod catalogue;
pub mod combined;
pub mod csv;
pub mod fit;
mod read;
pub mod report;

use crate::date::Date;
use crate::input::{FileId, InputError};
use crate::raid::Raid;
use catalogue::Catalogue;
pub use combined::{CombinedEntry, CombinedRule, count_once};
use std::fmt;
use std::io::BufReader;
use std::path::Path;

/// Largest CSV file read. The whole data set is under 1 MB (2026).
pub const MAX_CSV_BYTES: u64 = 256 * 1024 * 1024;

/// Skipped rows a record lists one by one (it counts them all): enough for
/// any real file, and a bound on memory for a file of nothing else.
pub const MAX_LISTED_ROWS: usize = 1_000;

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
    /// How combined entries with models outside the selection count.
    pub combined: CombinedRule,
}

/// Why a row was skipped. The order is the order of [`SkipReason::ALL`].
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
    /// Every reason, in the order notes give them.
    pub const ALL: [SkipReason; 4] = [
        SkipReason::NoEndDate,
        SkipReason::NoModel,
        SkipReason::NoLaunchCount,
        SkipReason::UnknownModel,
    ];

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
    /// Why it was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<SkipReason>,
}

/// The nights read from a file, and what was skipped on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The file as named (resolved against the scenario's directory).
    pub file: String,
    /// Which file it is, when read from one.
    pub source: Option<FileId>,
    pub selection: Selection,
    /// The rule for combined entries with models outside the selection.
    pub combined: CombinedRule,
    pub from: Date,
    pub to: Date,
    /// Missiles launched on each night from `from` to `to`.
    pub nights: Vec<u64>,
    /// Rows counted (a combined entry left out by `skip` is not).
    pub rows: usize,
    /// Destroyed, over the counted rows whose `destroyed` is known.
    pub destroyed: u64,
    /// Launched, over the same rows (a combined entry's whole count).
    pub launched_with_destroyed: u64,
    /// Rows skipped, in file order: the first [`MAX_LISTED_ROWS`].
    pub skipped: Vec<RowNote>,
    /// Rows skipped, all of them, by reason (indexed as [`SkipReason::ALL`]).
    pub skipped_counts: [usize; SkipReason::ALL.len()],
    /// Every combined entry in the range that names a selected model and
    /// has a launch count, in file order, with what the record counts of it.
    pub combined_entries: Vec<CombinedEntry>,
    /// The selections of earlier records of the same scenario and file that
    /// already count missiles of these entries ([`count_once`]).
    pub counted_before_for: Vec<Selection>,
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

    /// Rows skipped, all of them.
    pub fn rows_skipped(&self) -> usize {
        self.skipped_counts.iter().sum()
    }

    /// Skipped rows by reason, in a fixed order, with their counts.
    pub fn skipped_by_reason(&self) -> Vec<(SkipReason, usize)> {
        SkipReason::ALL
            .into_iter()
            .map(|reason| (reason, self.skipped_counts[reason as usize]))
            .filter(|&(_, count)| count > 0)
            .collect()
    }

    /// The combined entries notes mention: those with models outside the
    /// selection (which the rule decides), and those an earlier record of
    /// the scenario already counts.
    pub fn noted_entries(&self) -> impl Iterator<Item = &CombinedEntry> {
        self.combined_entries
            .iter()
            .filter(|entry| entry.mixed || entry.counted_before > 0)
    }

    /// The noted entries listed one by one: those that kept their `model`
    /// text (the first [`MAX_LISTED_ROWS`] combined entries of the record).
    pub fn listed_entries(&self) -> impl Iterator<Item = (&CombinedEntry, &str)> {
        self.noted_entries()
            .filter_map(|entry| Some((entry, entry.model.as_deref()?)))
    }

    /// What was skipped and how combined entries counted, in words, or
    /// `None` when there is nothing to say: e.g. "skipped 2 rows (1 no
    /// launch count, 1 unknown model); split 1 combined entry with other
    /// models among its models (9 of 27 missiles counted)".
    pub fn quirks(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.rows_skipped() > 0 {
            let reasons: Vec<String> = self
                .skipped_by_reason()
                .into_iter()
                .map(|(reason, count)| format!("{count} {}", reason.describe()))
                .collect();
            parts.push(format!(
                "skipped {} ({})",
                plural(self.rows_skipped() as u64, "row"),
                reasons.join(", ")
            ));
        }
        let mixed: Vec<&CombinedEntry> = self.combined_entries.iter().filter(|e| e.mixed).collect();
        if !mixed.is_empty() {
            let entries = plural(mixed.len() as u64, "combined entry");
            let launched = plural(mixed.iter().map(|e| e.launched).sum(), "missile");
            parts.push(match self.combined {
                CombinedRule::Split => {
                    let counted: u64 = mixed.iter().map(|e| e.counted_total()).sum();
                    let its = if mixed.len() == 1 { "its" } else { "their" };
                    format!(
                        "split {entries} with other models among {its} models ({counted} of \
                         {launched} counted)"
                    )
                }
                CombinedRule::Skip => format!("left out {entries} with other models ({launched})"),
                CombinedRule::Whole => {
                    format!("{entries} with other models counted whole ({launched})")
                }
            });
        }
        let before: Vec<&CombinedEntry> = self
            .combined_entries
            .iter()
            .filter(|e| e.counted_before > 0)
            .collect();
        if !before.is_empty() {
            let selections: Vec<String> = self
                .counted_before_for
                .iter()
                .map(|s| s.to_string())
                .collect();
            parts.push(format!(
                "left out {} of {} already counted for {}",
                plural(before.iter().map(|e| e.counted_before).sum(), "missile"),
                plural(before.len() as u64, "combined entry"),
                selections.join(" and ")
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

fn plural(count: u64, what: &str) -> String {
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

/// Reads the CSV file at `path`: a regular file of at most
/// [`MAX_CSV_BYTES`], read twice (once to check it and find the range, once
/// to count), one row in memory at a time.
pub fn load_record(path: &Path, query: &Query) -> Result<Record, ReplayError> {
    let file = path.display().to_string();
    let unreadable = |error: InputError| ReplayError {
        file: file.clone(),
        line: None,
        column: None,
        message: error.to_string(),
        unreadable: true,
    };
    let input = crate::input::open(path, MAX_CSV_BYTES).map_err(unreadable)?;
    let id = input.id();
    read::read(BufReader::new(input), &file, id, query)
}

/// Reads CSV text; `file` names it in errors and in the record.
pub fn read_record(text: &str, file: &str, query: &Query) -> Result<Record, ReplayError> {
    read::read(std::io::Cursor::new(text.as_bytes()), file, None, query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_reasons_index_their_counts_in_order() {
        // `skipped_counts[reason as usize]` relies on this.
        for (i, reason) in SkipReason::ALL.into_iter().enumerate() {
            assert_eq!(reason as usize, i);
        }
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "row"), "1 row");
        assert_eq!(plural(2, "combined entry"), "2 combined entries");
        assert_eq!(plural(0, "missile"), "0 missiles");
    }
}
