//! What `magdepth fit` prints: the record's figures and fitted
//! distribution as a [`Grid`] (table, Markdown, CSV) or as one JSON object.

use super::fit::{Fit, Fitted, significant};
use super::{CombinedRule, Record, RowNote, Selection};
use crate::cell::{Cell, Grid};
use crate::date::Date;
use serde::Serialize;

/// The figures, one row each, with notes for people (the snippet, how the
/// fit was made, the interception rate) when `human`; for CSV
/// (`human` false) the snippet is a row instead.
pub fn fit_grid(record: &Record, human: bool) -> Grid {
    let fit = record.fit();
    let text = |s: &str| Cell::Text(s.to_string());
    let date = |d: Option<Date>| d.map_or(Cell::Empty, |d| Cell::Text(d.to_string()));
    let mut rows = vec![
        vec![text("file"), text(&record.file)],
        vec![text("selection"), text(&record.selection.to_string())],
        vec![text("from"), date(Some(record.from))],
        vec![text("to"), date(Some(record.to))],
        vec![text("nights"), Cell::Whole(u64::from(fit.nights))],
        vec![
            text("nights with raid"),
            Cell::Whole(u64::from(fit.nights_with_raid)),
        ],
        vec![
            text("share with raid"),
            Cell::Probability(fit.share_with_raid),
        ],
        vec![text("launched"), Cell::Whole(fit.launched)],
        vec![text("mean"), Cell::Real(fit.mean)],
        vec![text("variance"), Cell::Real(fit.variance)],
        vec![text("largest night"), Cell::Whole(fit.largest_night)],
        vec![text("largest night date"), date(fit.largest_night_date)],
        vec![text("fitted"), text(&fit.fitted.name().replace('_', " "))],
    ];
    let (mean, dispersion, p) = parameters(&fit.fitted);
    rows.push(vec![text("fit mean"), mean.map_or(Cell::Empty, Cell::Real)]);
    rows.push(vec![
        text("fit dispersion"),
        dispersion.map_or(Cell::Empty, Cell::Real),
    ]);
    rows.push(vec![
        text("fit p"),
        p.map_or(Cell::Empty, Cell::Probability),
    ]);
    rows.push(vec![
        text("interception rate"),
        record
            .interception_rate()
            .map_or(Cell::Empty, Cell::Probability),
    ]);
    rows.push(vec![text("destroyed"), Cell::Whole(record.destroyed)]);
    rows.push(vec![
        text("launched with destroyed known"),
        Cell::Whole(record.launched_with_destroyed),
    ]);
    rows.push(vec![text("rows counted"), Cell::Whole(record.rows as u64)]);
    rows.push(vec![
        text("rows skipped"),
        Cell::Whole(record.rows_skipped() as u64),
    ]);
    rows.push(vec![text("combined"), text(record.combined.name())]);
    rows.push(vec![
        text("combined entries with other models"),
        Cell::Whole(record.combined_entries.iter().filter(|e| e.mixed).count() as u64),
    ]);
    let mut notes = Vec::new();
    if human {
        notes.push(format!(
            "Method of moments over all {} nights (a night without a raid counts as 0; \
             variance divided by n): p = mean / variance and dispersion r = mean² / \
             (variance − mean); a Poisson when variance ≤ mean.",
            fit.nights
        ));
        notes.push("Paste into a scenario:".to_string());
        notes.push(format!("  {}", fit.fitted.snippet()));
        if let Some(rate) = record.interception_rate() {
            notes.push(format!(
                "Reported interception rate {} (destroyed / launched over {} missiles with a \
                 destroyed count): a reference beside the scenario's pk.",
                significant(rate),
                record.launched_with_destroyed
            ));
        }
        if let Some(quirks) = record.quirks() {
            notes.push(format!("Rows: {quirks}; --verbose lists them."));
        }
    } else {
        rows.push(vec![text("snippet"), text(&fit.fitted.snippet())]);
    }
    Grid {
        headers: vec!["figure".into(), "value".into()],
        rows,
        notes,
    }
}

fn parameters(fitted: &Fitted) -> (Option<f64>, Option<f64>, Option<f64>) {
    match *fitted {
        Fitted::NoRaids => (Some(0.0), None, None),
        Fitted::Poisson { mean } => (Some(mean), None, None),
        Fitted::NegativeBinomial {
            mean,
            dispersion,
            p,
        } => (Some(mean), Some(dispersion), Some(p)),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum SelectionJson<'a> {
    Category(&'a str),
    Models(&'a [String]),
}

#[derive(Serialize)]
struct FitJson {
    distribution: &'static str,
    mean: Option<f64>,
    dispersion: Option<f64>,
    p: Option<f64>,
}

#[derive(Serialize)]
struct RecordJson<'a> {
    file: &'a str,
    selection: SelectionJson<'a>,
    from: Date,
    to: Date,
    nights: u32,
    nights_with_raid: u32,
    share_with_raid: f64,
    launched: u64,
    mean: f64,
    variance: f64,
    largest_night: u64,
    largest_night_date: Option<Date>,
    fit: FitJson,
    snippet: String,
    interception_rate: Option<f64>,
    destroyed: u64,
    launched_with_destroyed: u64,
    rows_counted: usize,
    rows_skipped: usize,
    /// The first [`MAX_LISTED_ROWS`](super::MAX_LISTED_ROWS).
    skipped: &'a [RowNote],
    combined: CombinedRule,
    combined_entries: Vec<EntryJson<'a>>,
    /// Missiles launched on each night, `from` first.
    by_night: &'a [u64],
}

/// A combined entry the notes mention.
#[derive(Serialize)]
struct EntryJson<'a> {
    line: usize,
    date: Date,
    model: &'a str,
    launched: u64,
    /// Missiles the record counts of it.
    counted: u64,
    #[serde(skip_serializing_if = "is_zero")]
    counted_before: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// `fit --format json`: one object (see docs/commands.md, "magdepth fit").
pub fn fit_json(record: &Record) -> String {
    let fit: Fit = record.fit();
    let (mean, dispersion, p) = parameters(&fit.fitted);
    let json = RecordJson {
        file: &record.file,
        selection: match &record.selection {
            Selection::Category(c) => SelectionJson::Category(c),
            Selection::Models(m) => SelectionJson::Models(m),
        },
        from: record.from,
        to: record.to,
        nights: fit.nights,
        nights_with_raid: fit.nights_with_raid,
        share_with_raid: fit.share_with_raid,
        launched: fit.launched,
        mean: fit.mean,
        variance: fit.variance,
        largest_night: fit.largest_night,
        largest_night_date: fit.largest_night_date,
        fit: FitJson {
            distribution: fit.fitted.name(),
            mean,
            dispersion,
            p,
        },
        snippet: fit.fitted.snippet(),
        interception_rate: record.interception_rate(),
        destroyed: record.destroyed,
        launched_with_destroyed: record.launched_with_destroyed,
        rows_counted: record.rows,
        rows_skipped: record.rows_skipped(),
        skipped: &record.skipped,
        combined: record.combined,
        combined_entries: record
            .listed_entries()
            .map(|(entry, model)| EntryJson {
                line: entry.line,
                date: entry.date,
                model,
                launched: entry.launched,
                counted: entry.counted_total(),
                counted_before: entry.counted_before,
            })
            .collect(),
        by_night: &record.nights,
    };
    // Plain structs with finite numbers and string keys always serialize.
    let mut text = serde_json::to_string_pretty(&json).expect("fit serializes to JSON");
    text.push('\n');
    text
}

/// One line per row the record skipped (as many as it lists) and per
/// combined entry the notes mention, in file order, for `--verbose`.
pub fn row_lines(record: &Record) -> Vec<String> {
    let mut lines: Vec<(usize, String)> = record
        .skipped
        .iter()
        .map(|row| {
            let what = match row.reason {
                Some(reason) => format!("skipped: {}", reason.describe()),
                None => "skipped".to_string(),
            };
            (
                row.line,
                line(record, row.line, row.date, &row.model, row.launched, &what),
            )
        })
        .collect();
    lines.extend(record.listed_entries().map(|(entry, model)| {
        let counted = entry.counted_total();
        let mut what = match record.combined {
            _ if !entry.mixed => "combined entry".to_string(),
            CombinedRule::Split => format!(
                "combined entry with other models, split among its models: {counted} of {} counted",
                entry.launched
            ),
            CombinedRule::Skip => "combined entry with other models, left out".to_string(),
            CombinedRule::Whole => "combined entry with other models, counted whole".to_string(),
        };
        if entry.counted_before > 0 {
            what.push_str(&format!(
                "; {} already counted for an earlier selection, {counted} here",
                entry.counted_before
            ));
        }
        let launched = Some(entry.launched);
        (
            entry.line,
            line(record, entry.line, Some(entry.date), model, launched, &what),
        )
    }));
    lines.sort_by_key(|(line, _)| *line);
    let mut lines: Vec<String> = lines.into_iter().map(|(_, text)| text).collect();
    let unlisted = record.rows_skipped() - record.skipped.len();
    if unlisted > 0 {
        lines.push(format!(
            "{}: and {unlisted} more skipped rows (the first {} are listed)",
            record.file,
            record.skipped.len()
        ));
    }
    let unlisted = record.noted_entries().count() - record.listed_entries().count();
    if unlisted > 0 {
        lines.push(format!(
            "{}: and {unlisted} more combined entries (those among the first {} are listed)",
            record.file,
            super::MAX_LISTED_ROWS
        ));
    }
    lines
}

fn line(
    record: &Record,
    number: usize,
    date: Option<Date>,
    model: &str,
    launched: Option<u64>,
    what: &str,
) -> String {
    let date = date.map_or("no date".to_string(), |d| d.to_string());
    let model = if model.is_empty() {
        "(no model)"
    } else {
        model
    };
    let launched = launched.map_or("launched unknown".to_string(), |n| format!("launched {n}"));
    format!(
        "{} line {number}: {date}, {model}, {launched}: {what}",
        record.file
    )
}
