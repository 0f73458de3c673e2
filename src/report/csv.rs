//! CSV (RFC 4180): one header row, plain numbers, text quoted where needed.

use super::grid::{
    Cell, Grid, NIGHT_COLUMNS, check_grid, compare_grid_full, night_cells, summary_rows,
    threat_arsenal_end, threat_arsenal_key,
};
use super::{CheckResult, Exporter};
use crate::outcome::{Comparison, Outcome};
use crate::printable::printable;

pub struct CsvExporter;

/// A cell as a CSV field. Control characters in text are shown escaped
/// ([`printable`]), so no escape sequence reaches a terminal that shows
/// the file; text that a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'` (OWASP,
/// "CSV Injection"); numbers are never touched.
fn field(cell: &Cell) -> String {
    let text = match cell.unmarked() {
        Cell::Text(t) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
            format!("'{}", printable(t))
        }
        Cell::Text(t) => printable(t).into_owned(),
        other => other.plain(),
    };
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn draw(grid: &Grid) -> String {
    let line = |cells: Vec<String>| {
        let mut line = cells.join(",");
        line.push('\n');
        line
    };
    // Headers may hold names from the scenario (`by_threat.<name>.…`).
    let mut out = line(
        grid.headers
            .iter()
            .map(|h| field(&Cell::Text(h.clone())))
            .collect(),
    );
    for row in &grid.rows {
        out.push_str(&line(row.iter().map(field).collect()));
    }
    out
}

/// The threats with an arsenal in any of `runs`, by name, in the order
/// they first appear: each has a column of its own in the nights CSV.
fn armed_threats(runs: &[Outcome<'_>]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for run in runs {
        for threat in &run.scenario.threats {
            if threat.arsenal.is_some() && !names.contains(&threat.name) {
                names.push(threat.name.clone());
            }
        }
    }
    names
}

impl Exporter for CsvExporter {
    fn run(&self, runs: &[Outcome<'_>], with_nights: bool) -> String {
        if !with_nights {
            return draw(&summary_rows(runs));
        }
        // One row per night of every scenario; every column is always there
        // (empty where it does not apply) so every file has one header.
        let armed = armed_threats(runs);
        let mut headers = vec!["name".to_string(), "file".to_string()];
        headers.extend(NIGHT_COLUMNS.iter().map(|c| c.to_string()));
        headers.extend(armed.iter().map(|name| threat_arsenal_key(name)));
        let rows = runs
            .iter()
            .flat_map(|run| {
                let armed = &armed;
                run.simulation.nights.iter().map(move |night| {
                    let mut row = vec![
                        Cell::Text(run.scenario.name.clone()),
                        Cell::Text(run.file.to_string()),
                    ];
                    row.extend(night_cells(night));
                    row.extend(armed.iter().map(|name| {
                        run.scenario
                            .threats
                            .iter()
                            .position(|t| &t.name == name)
                            .and_then(|t| threat_arsenal_end(run, t, night.night as usize))
                            .map_or(Cell::Empty, Cell::Real)
                    }));
                    row
                })
            })
            .collect();
        draw(&Grid {
            headers,
            rows,
            notes: Vec::new(),
        })
    }

    fn compare(&self, comparison: &Comparison<'_>) -> String {
        draw(&compare_grid_full(comparison))
    }

    fn check(&self, results: &[CheckResult]) -> String {
        draw(&check_grid(results))
    }

    fn grid(&self, grid: &Grid) -> String {
        draw(grid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_quoted_and_formulas_neutralised() {
        assert_eq!(field(&Cell::Text("a,b".into())), "\"a,b\"");
        assert_eq!(
            field(&Cell::Text("say \"hi\"".into())),
            "\"say \"\"hi\"\"\""
        );
        assert_eq!(field(&Cell::Text("=1+1".into())), "'=1+1");
        assert_eq!(field(&Cell::Text("-5 a night".into())), "'-5 a night");
        assert_eq!(field(&Cell::Text("@SUM(A1)".into())), "'@SUM(A1)");
        assert_eq!(field(&Cell::Real(-3.5)), "-3.5");
        assert_eq!(field(&Cell::Change(Some(-3.0))), "-3");
        assert_eq!(field(&Cell::Never), "");
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        // A name that would set a terminal's title and clear its screen.
        assert_eq!(
            field(&Cell::Text("\u{1b}]0;owned\u{7}\u{1b}[2J".into())),
            "\\x1b]0;owned\\x07\\x1b[2J"
        );
        // Still neutralised as a formula when it would start one.
        assert_eq!(field(&Cell::Text("=cmd\u{7}".into())), "'=cmd\\x07");
        assert_eq!(field(&Cell::Text("\tx".into())), "'\\x09x");
        // Float noise is rounded as in JSON.
        assert_eq!(field(&Cell::Real(23407.500000000004)), "23407.5");
        assert_eq!(field(&Cell::Money(1.26e10)), "12600000000");
    }
}
