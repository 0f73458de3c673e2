//! Terminal tables (comfy-table): UTF-8 boxes on a terminal, ASCII when piped.

use super::grid::{Grid, check_grid, compare_grid, label, nights_grid, summary_grid};
use super::{CheckResult, Comparison, Exporter, ScenarioReport, TableStyle};
use comfy_table::{Attribute, Cell, CellAlignment, ContentArrangement, Table, presets};

pub struct TableExporter {
    pub style: TableStyle,
}

impl TableExporter {
    /// Draws `grid`. Header words stack so numeric columns stay narrow. With
    /// `wrap`, text cells wrap to fit the width and every row is ruled off;
    /// without it nothing wraps (rows of numbers are unreadable wrapped).
    fn draw(&self, grid: &Grid, wrap: bool) -> String {
        let dividers = wrap;
        let mut table = Table::new();
        table.load_style(match (self.style.utf8, dividers) {
            (true, true) => presets::UTF8_FULL.with_rounded_corners(),
            (true, false) => presets::UTF8_FULL_CONDENSED.with_rounded_corners(),
            (false, true) => presets::ASCII_FULL,
            (false, false) => presets::ASCII_FULL_CONDENSED,
        });
        if self.style.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        if wrap {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(self.style.width);
        } else {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
        let bold = |text: &str| {
            let cell = Cell::new(text);
            if self.style.color {
                cell.add_attribute(Attribute::Bold)
            } else {
                cell
            }
        };
        table.set_header(
            grid.headers
                .iter()
                .map(|h| bold(&h.replace(' ', "\n")))
                .collect::<Vec<_>>(),
        );
        for row in &grid.rows {
            table.add_row(
                row.iter()
                    .map(|cell| {
                        let aligned = Cell::new(cell.display());
                        if cell.is_numeric() {
                            aligned.set_alignment(CellAlignment::Right)
                        } else {
                            aligned
                        }
                    })
                    .collect::<Vec<_>>(),
            );
        }
        table.to_string()
    }
}

impl Exporter for TableExporter {
    fn run(&self, runs: &[ScenarioReport<'_>], with_nights: bool) -> String {
        let mut out = String::new();
        for (i, run) in runs.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("{} ({})\n", run.scenario.name, run.file));
            if let Some(description) = &run.scenario.description {
                out.push_str(description.trim());
                out.push('\n');
            }
            out.push_str(&self.draw(&summary_grid(&run.simulation.summary), false));
            out.push('\n');
            if !run.scenario.sources.is_empty() {
                out.push_str("Sources:\n");
                for source in &run.scenario.sources {
                    out.push_str(&format!("  - {source}\n"));
                }
            }
            if with_nights {
                out.push_str(&self.draw(
                    &nights_grid(run.scenario, &run.simulation.nights, label),
                    false,
                ));
                out.push('\n');
            }
        }
        out
    }

    fn compare(&self, comparison: &Comparison<'_>) -> String {
        let mut out = self.draw(&compare_grid(comparison), true);
        out.push('\n');
        if let Some(base) = &comparison.baseline {
            out.push_str(&format!(
                "Changes in brackets are against the baseline {} ({}).\n",
                base.scenario.name, base.file
            ));
        }
        out
    }

    fn check(&self, results: &[CheckResult]) -> String {
        self.draw(&check_grid(results), false) + "\n"
    }
}
