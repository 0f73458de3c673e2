//! CSV (RFC 4180): one header row, plain numbers, text quoted where needed.

use super::grid::{
    Cell, Grid, NIGHT_COLUMNS, check_grid, compare_grid_full, night_cells, summary_headers,
    summary_row,
};
use super::{CheckResult, Exporter};
use crate::outcome::{Comparison, Outcome};

pub struct CsvExporter;

/// A text cell as a CSV field. Text that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading
/// `'` (OWASP, "CSV Injection"); numbers are never touched.
fn field(cell: &Cell) -> String {
    let text = cell.plain();
    let text = match cell {
        Cell::Text(t) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{t}"),
        _ => text,
    };
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn draw(grid: &Grid) -> String {
    let mut out = grid.headers.join(",");
    out.push('\n');
    for row in &grid.rows {
        out.push_str(&row.iter().map(field).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

impl Exporter for CsvExporter {
    fn run(&self, runs: &[Outcome<'_>], with_nights: bool) -> String {
        if !with_nights {
            return draw(&Grid {
                headers: summary_headers(),
                rows: runs.iter().map(summary_row).collect(),
                notes: Vec::new(),
            });
        }
        // One row per night of every scenario; every column is always there
        // (empty where it does not apply) so every file has one header.
        let mut headers = vec!["name".to_string(), "file".to_string()];
        headers.extend(NIGHT_COLUMNS.iter().map(|c| c.to_string()));
        let rows = runs
            .iter()
            .flat_map(|run| {
                run.simulation.nights.iter().map(move |night| {
                    let mut row = vec![
                        Cell::Text(run.scenario.name.clone()),
                        Cell::Text(run.file.to_string()),
                    ];
                    row.extend(night_cells(night));
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
}
