//! Output formats: the same results as a terminal table, Markdown, CSV or
//! JSON, each behind the [`Exporter`] trait, and the HTML page. Everything
//! returns strings; the binary decides where they go.

mod csv;
mod dated;
pub mod grid;
pub mod html;
pub mod inputs;
mod json;
mod markdown;
pub mod sweep;
mod table;
pub mod wrap;

use crate::outcome::{Comparison, Outcome};

/// An output format (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Markdown,
    Csv,
    Json,
}

/// How the terminal table is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableStyle {
    /// UTF-8 box drawing (on a terminal) rather than plain ASCII (piped).
    pub utf8: bool,
    /// Bold headers; off when piped or when `NO_COLOR` is set.
    pub color: bool,
    /// Columns to fit the table into.
    pub width: u16,
}

impl TableStyle {
    /// Plain ASCII, no colour, 80 columns: what a pipe or a file gets.
    pub const PLAIN: TableStyle = TableStyle {
        utf8: false,
        color: false,
        width: 80,
    };
}

/// The outcome of `check` for one file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckResult {
    pub file: String,
    /// The scenario's name, when it loaded.
    pub name: Option<String>,
    pub status: CheckStatus,
    /// The error messages, one line each, when it did not.
    pub errors: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Ok,
    Invalid,
    Unreadable,
}

impl CheckStatus {
    pub fn name(self) -> &'static str {
        match self {
            CheckStatus::Ok => "ok",
            CheckStatus::Invalid => "invalid",
            CheckStatus::Unreadable => "unreadable",
        }
    }
}

/// One output format.
pub trait Exporter {
    /// The summary of each scenario, and each night when `with_nights`.
    fn run(&self, runs: &[Outcome<'_>], with_nights: bool) -> String;
    /// One row per scenario.
    fn compare(&self, comparison: &Comparison<'_>) -> String;
    /// One row per file checked.
    fn check(&self, results: &[CheckResult]) -> String;
    /// Any other table (sweeps, tornado tables, …): in JSON, one object per
    /// row keyed by the column names, numbers as numbers and absent values
    /// as null.
    fn grid(&self, grid: &grid::Grid) -> String;
}

/// The exporter for `format`; `style` applies to [`Format::Table`] only.
pub fn exporter(format: Format, style: TableStyle) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(table::TableExporter { style }),
        Format::Markdown => Box::new(markdown::MarkdownExporter),
        Format::Csv => Box::new(csv::CsvExporter),
        Format::Json => Box::new(json::JsonExporter),
    }
}
