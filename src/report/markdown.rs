//! GitHub-flavoured Markdown, for pasting into an article or an issue.

use super::grid::{
    Grid, check_grid, compare_grid, distribution_grid, has_breakdown, interceptors_grid, label,
    nights_grid, policies_grid, summary_grid, threats_grid,
};
use super::{CheckResult, Exporter};
use crate::outcome::{Comparison, Outcome};

pub struct MarkdownExporter;

/// A cell's text made safe inside a Markdown table row.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn draw(grid: &Grid) -> String {
    let mut out = String::new();
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(grid.headers.iter().map(|h| escape(h)).collect()));
    let numeric: Vec<bool> = (0..grid.headers.len())
        .map(|c| grid.rows.first().is_some_and(|row| row[c].is_numeric()))
        .collect();
    out.push_str(&line(
        numeric
            .iter()
            .map(|&n| if n { "---:" } else { "---" }.to_string())
            .collect(),
    ));
    for row in &grid.rows {
        out.push_str(&line(row.iter().map(|c| escape(&c.display())).collect()));
    }
    if !grid.notes.is_empty() {
        out.push('\n');
        out.push_str(&grid.notes.join("\n"));
        out.push('\n');
    }
    out
}

impl Exporter for MarkdownExporter {
    fn run(&self, runs: &[Outcome<'_>], with_nights: bool) -> String {
        let mut out = String::new();
        for (i, run) in runs.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("## {}\n\n", escape(&run.scenario.name)));
            out.push_str(&format!("File: `{}`\n\n", run.file));
            if let Some(description) = &run.scenario.description {
                out.push_str(&format!("{description}\n\n"));
            }
            let summary = &run.simulation.summary;
            if !summary.overrides.is_empty() {
                out.push_str(&format!("Set: `{}`\n\n", summary.overrides.join("`, `")));
            }
            out.push_str(&draw(&summary_grid(summary)));
            if let Some(grid) = distribution_grid(summary) {
                out.push('\n');
                out.push_str(&draw(&grid));
            }
            if has_breakdown(summary) {
                out.push('\n');
                out.push_str(&draw(&interceptors_grid(summary)));
                out.push('\n');
                out.push_str(&draw(&threats_grid(summary)));
            }
            if let Some(grid) = policies_grid(run) {
                out.push('\n');
                out.push_str(&draw(&grid));
            }
            if !run.scenario.sources.is_empty() {
                out.push_str("\nSources:\n\n");
                for source in &run.scenario.sources {
                    out.push_str(&format!("- {source}\n"));
                }
            }
            if with_nights {
                out.push('\n');
                out.push_str(&draw(&nights_grid(&run.simulation.nights, label)));
            }
        }
        out
    }

    fn compare(&self, comparison: &Comparison<'_>) -> String {
        draw(&compare_grid(comparison))
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
    fn pipes_in_cells_are_escaped() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("two\nlines"), "two lines");
    }
}
