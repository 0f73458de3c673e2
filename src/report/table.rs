//! Terminal tables (comfy-table): UTF-8 boxes on a terminal, ASCII when piped.

use super::grid::{
    Grid, check_grid, compare_grid, distribution_grid, has_breakdown, interceptors_grid, label,
    nights_grid, policies_grid, summary_grid, threats_grid,
};
use super::{CheckResult, Exporter, TableStyle};
use crate::outcome::{Comparison, Outcome};
use comfy_table::{Attribute, Cell, CellAlignment, ContentArrangement, Table, presets};

pub struct TableExporter {
    pub style: TableStyle,
}

impl TableExporter {
    /// Draws `grid` and its notes. Header words stack so numeric columns
    /// stay narrow. With `wrap`, text cells wrap to fit the width and every
    /// row is ruled off; without it nothing wraps (rows of numbers are
    /// unreadable wrapped).
    fn draw(&self, grid: &Grid, wrap: bool) -> String {
        let mut table = Table::new();
        table.load_style(match (self.style.utf8, wrap) {
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
                        let aligned = match cell {
                            super::grid::Cell::Shaded(_, level) if self.style.color => {
                                let (bg, fg) = heat_colour(*level);
                                aligned.bg(bg).fg(fg)
                            }
                            _ => aligned,
                        };
                        if cell.is_numeric() {
                            aligned.set_alignment(CellAlignment::Right)
                        } else {
                            aligned
                        }
                    })
                    .collect::<Vec<_>>(),
            );
        }
        let mut out = table.to_string();
        out.push('\n');
        for note in &grid.notes {
            out.push_str(note);
            out.push('\n');
        }
        out
    }
}

/// Background and text colours of a heat-map cell at `level` (0 to 1): the
/// heat map's palette ([`crate::chart::palette`]) in five steps of the
/// 256-colour palette.
fn heat_colour(level: f64) -> (comfy_table::Color, comfy_table::Color) {
    use crate::chart::palette::{heat_ansi256, heat_is_dark};
    use comfy_table::Color::{AnsiValue, Black, White};
    let step = (level.clamp(0.0, 1.0) * 4.0).round() / 4.0;
    let text = if heat_is_dark(step) { White } else { Black };
    (AnsiValue(heat_ansi256(step)), text)
}

impl Exporter for TableExporter {
    fn run(&self, runs: &[Outcome<'_>], with_nights: bool) -> String {
        let mut out = String::new();
        for (i, run) in runs.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("{} ({})\n", run.scenario.name, run.file));
            if let Some(description) = &run.scenario.description {
                out.push_str(description);
                out.push('\n');
            }
            let summary = &run.simulation.summary;
            if !summary.overrides.is_empty() {
                out.push_str(&format!("Set: {}\n", summary.overrides.join(", ")));
            }
            out.push_str(&self.draw(&summary_grid(summary), false));
            // The UTF-8 style is the terminal's: there, a sparkline of the
            // stock (never when piped, and never in the other formats).
            if self.style.utf8 {
                out.push_str(&crate::chart::sparkline::stock_line(run, self.style.width));
            }
            if let Some(grid) = distribution_grid(summary) {
                out.push_str(&self.draw(&grid, false));
            }
            if has_breakdown(summary) {
                out.push_str(&self.draw(&interceptors_grid(summary), false));
                out.push_str(&self.draw(&threats_grid(summary), false));
            }
            if let Some(grid) = policies_grid(run) {
                out.push_str(&self.draw(&grid, false));
            }
            if !run.scenario.sources.is_empty() {
                out.push_str("Sources:\n");
                for source in &run.scenario.sources {
                    out.push_str(&format!("  - {source}\n"));
                }
            }
            if with_nights {
                out.push_str(&self.draw(&nights_grid(&run.simulation.nights, label), false));
            }
        }
        out
    }

    fn compare(&self, comparison: &Comparison<'_>) -> String {
        self.draw(&compare_grid(comparison), true)
    }

    fn check(&self, results: &[CheckResult]) -> String {
        self.draw(&check_grid(results), false)
    }

    fn grid(&self, grid: &Grid) -> String {
        self.draw(grid, true)
    }
}
