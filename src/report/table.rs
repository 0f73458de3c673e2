//! Terminal tables (comfy-table): UTF-8 boxes on a terminal, ASCII when
//! piped, every line within the width ([`TableStyle::width`]: the
//! terminal's, or 80 columns piped).
//!
//! The layout is worked out here ([`super::wrap`]) and comfy-table only
//! draws it: a table that fits on one line per row takes its full width
//! (headers on one line); one that does not wraps its text and headers at
//! spaces, never inside a word unless the word alone is wider than the
//! column could be, and never wraps a number. Rows are ruled off from each
//! other only when some row takes more than one line. The nights table
//! and the comparison drop columns when even wrapped they would not fit, and
//! say which. Notes and prose
//! wrap to the width too. All text from input is shown through
//! [`crate::printable`].

use super::grid::{
    Grid, arsenal_grid, check_grid, compare_column_rank, compare_grid, decoys_grid,
    distribution_grid, drivers_grid, has_breakdown, interceptors_grid, night_column_rank,
    night_columns, nights_grid, policies_grid, runs_out_first_grid, summary_grid, threats_grid,
};
use super::wrap::{self, Need};
use super::{CheckResult, Exporter, TableStyle};
use crate::cell::Mark;
use crate::outcome::{Comparison, Outcome};
use crate::printable::{printable, printable_lines};
use comfy_table::{Attribute, Cell, CellAlignment, ContentArrangement, Table, presets};

pub struct TableExporter {
    pub style: TableStyle,
}

/// The columns a table takes beyond its cells' text: a border on each side
/// of every column and one space of padding either side of its text.
fn overhead(columns: usize) -> usize {
    3 * columns + 1
}

/// A cell's text cut where it may wrap: text at spaces; a number only
/// before a bracket (a night's date, a change), never inside itself.
fn pieces(cell: &super::grid::Cell, text: &str) -> Vec<String> {
    if !cell.is_numeric() {
        return text.split_whitespace().map(str::to_string).collect();
    }
    let mut pieces: Vec<String> = Vec::new();
    for (i, part) in text.split(" (").enumerate() {
        pieces.push(if i == 0 {
            part.to_string()
        } else {
            format!("({part}")
        });
    }
    pieces
}

/// The text of each cell of `grid` as drawn: for people, input text shown
/// through [`printable`].
fn texts(grid: &Grid) -> Vec<Vec<String>> {
    grid.rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| printable(&c.display()).into_owned())
                .collect()
        })
        .collect()
}

/// What each column of `grid` needs, from its header words and the pieces
/// of its cells.
fn needs(grid: &Grid, texts: &[Vec<String>]) -> Vec<Need> {
    (0..grid.headers.len())
        .map(|c| {
            let header = printable(&grid.headers[c]);
            let mut least = header
                .split_whitespace()
                .map(wrap::width)
                .max()
                .unwrap_or(0);
            let mut data = 0;
            let mut breakable = false;
            for (row, text) in grid.rows.iter().zip(texts) {
                let cell = &row[c];
                breakable |= !cell.is_numeric();
                data = data.max(wrap::width(&text[c]));
                least = least.max(
                    pieces(cell, &text[c])
                        .iter()
                        .map(|p| wrap::width(p))
                        .max()
                        .unwrap_or(0),
                );
            }
            Need {
                least,
                data,
                most: data.max(wrap::width(&header)),
                breakable,
            }
        })
        .collect()
}

impl TableExporter {
    /// Draws `grid` within the width, and its notes wrapped to it.
    fn draw(&self, grid: &Grid) -> String {
        let texts = texts(grid);
        let needs = needs(grid, &texts);
        let width = usize::from(self.style.width);
        let widths = wrap::widths(&needs, width.saturating_sub(overhead(needs.len())));
        let lines = |text: &str, pieces: Vec<String>, w: usize, numeric: bool| {
            let lines = if numeric {
                wrap::join_within(&pieces, w)
            } else {
                wrap::wrap(text, w)
            };
            lines.join("\n")
        };
        let header: Vec<String> = grid
            .headers
            .iter()
            .zip(&widths)
            .map(|(h, &w)| wrap::wrap(&printable(h), w).join("\n"))
            .collect();
        let body: Vec<Vec<String>> = grid
            .rows
            .iter()
            .zip(&texts)
            .map(|(row, text)| {
                row.iter()
                    .zip(text)
                    .zip(&widths)
                    .map(|((cell, t), &w)| lines(t, pieces(cell, t), w, cell.is_numeric()))
                    .collect()
            })
            .collect();
        let ruled = body.iter().flatten().any(|t| t.contains('\n'));
        let mut table = Table::new();
        table.load_style(match (self.style.utf8, ruled) {
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
        table.set_content_arrangement(ContentArrangement::Disabled);
        table.set_header(
            header
                .iter()
                .map(|h| {
                    let cell = Cell::new(h);
                    if self.style.color {
                        cell.add_attribute(Attribute::Bold)
                    } else {
                        cell
                    }
                })
                .collect::<Vec<_>>(),
        );
        for (row, text) in grid.rows.iter().zip(body) {
            table.add_row(
                row.iter()
                    .zip(text)
                    .map(|(cell, text)| self.styled(cell, Cell::new(text)))
                    .collect::<Vec<_>>(),
            );
        }
        let mut out = table.to_string();
        out.push('\n');
        for note in &grid.notes {
            out.push_str(&self.prose(note));
        }
        out
    }

    /// A drawn cell aligned (numbers right) and, on a colour terminal,
    /// shaded or coloured by its mark.
    fn styled(&self, cell: &super::grid::Cell, drawn: Cell) -> Cell {
        use comfy_table::Color;
        let drawn = match cell {
            super::grid::Cell::Shaded(_, level) if self.style.color => {
                let (bg, fg) = heat_colour(*level);
                drawn.bg(bg).fg(fg)
            }
            _ if self.style.color => match cell.mark() {
                Some(Mark::Alarm) => drawn.fg(Color::Red).add_attribute(Attribute::Bold),
                Some(Mark::Fine) => drawn.fg(Color::Green),
                None => drawn,
            },
            _ => drawn,
        };
        if cell.is_numeric() {
            drawn.set_alignment(CellAlignment::Right)
        } else {
            drawn
        }
    }

    /// Text for people, wrapped to the width.
    fn prose(&self, text: &str) -> String {
        wrap::paragraph(&printable_lines(text), self.width(), "", "")
    }

    fn width(&self) -> usize {
        usize::from(self.style.width)
    }

    /// `grid` with the columns that fit within the width, kept in the order
    /// `rank` gives their headers (0 first; the first column is always
    /// kept), and a note naming the rest. A text column counts as at most
    /// [`TEXT_FITS`] wide here: a longer word is broken rather than a
    /// column left out for it.
    fn draw_fitting(&self, grid: &Grid, rank: impl Fn(&str) -> usize) -> String {
        let texts = texts(grid);
        let needs = needs(grid, &texts);
        let mut order: Vec<usize> = (0..grid.headers.len()).collect();
        order.sort_by_key(|&c| (c != 0, rank(&grid.headers[c])));
        let mut kept = vec![false; grid.headers.len()];
        let mut used = overhead(0);
        for c in order {
            let least = if needs[c].breakable {
                needs[c].least.min(TEXT_FITS)
            } else {
                needs[c].least
            };
            if c == 0 || used + least + overhead(1) - 1 <= self.width() {
                used += least + overhead(1) - 1;
                kept[c] = true;
            }
        }
        if kept.iter().all(|k| *k) {
            return self.draw(grid);
        }
        let pick = |cells: &[super::grid::Cell]| -> Vec<super::grid::Cell> {
            cells
                .iter()
                .zip(&kept)
                .filter(|(_, k)| **k)
                .map(|(c, _)| c.clone())
                .collect()
        };
        let left_out: Vec<&str> = grid
            .headers
            .iter()
            .zip(&kept)
            .filter(|(_, k)| !**k)
            .map(|(h, _)| h.as_str())
            .collect();
        let mut notes = vec![format!(
            "Left out to fit {} columns: {}. A wider terminal, or --format csv, json or \
             markdown, shows every column.",
            self.style.width,
            left_out.join(", ")
        )];
        notes.extend(grid.notes.iter().cloned());
        self.draw(&Grid {
            headers: grid
                .headers
                .iter()
                .zip(&kept)
                .filter(|(_, k)| **k)
                .map(|(h, _)| h.clone())
                .collect(),
            rows: grid.rows.iter().map(|row| pick(row)).collect(),
            notes,
        })
    }
}

/// The widest a text column counts when deciding which columns fit.
const TEXT_FITS: usize = 16;

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
            out.push_str(&self.prose(&format!("{} ({})", run.scenario.name, run.file)));
            if let Some(description) = &run.scenario.description {
                out.push_str(&self.prose(description.trim_end()));
            }
            let summary = &run.simulation.summary;
            if !summary.overrides.is_empty() {
                out.push_str(&self.prose(&format!("Set: {}", summary.overrides.join(", "))));
            }
            out.push_str(&self.draw(&summary_grid(run)));
            // The UTF-8 style is the terminal's: there, a sparkline of the
            // stock (never when piped, and never in the other formats).
            if self.style.utf8 {
                out.push_str(&crate::chart::sparkline::stock_line(run, self.style.width));
            }
            let grids = [
                distribution_grid(run),
                runs_out_first_grid(run),
                drivers_grid(run),
            ];
            for grid in grids.iter().flatten() {
                out.push_str(&self.draw(grid));
            }
            if has_breakdown(summary) {
                out.push_str(&self.draw(&interceptors_grid(run)));
                out.push_str(&self.draw(&threats_grid(run)));
            }
            for grid in [arsenal_grid(run), decoys_grid(run), policies_grid(run)]
                .iter()
                .flatten()
            {
                out.push_str(&self.draw(grid));
            }
            if !run.scenario.sources.is_empty() {
                out.push_str("Sources:\n");
                for source in &run.scenario.sources {
                    out.push_str(&wrap::paragraph(
                        &printable(source),
                        self.width(),
                        "  - ",
                        "    ",
                    ));
                }
            }
            if with_nights {
                let grid = nights_grid(&night_columns(run));
                out.push_str(
                    &self
                        .draw_fitting(&grid, |header| night_column_rank(&header.replace(' ', "_"))),
                );
            }
        }
        out
    }

    fn compare(&self, comparison: &Comparison<'_>) -> String {
        self.draw_fitting(&compare_grid(comparison), compare_column_rank)
    }

    fn check(&self, results: &[CheckResult]) -> String {
        self.draw(&check_grid(results))
    }

    fn grid(&self, grid: &Grid) -> String {
        self.draw(grid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cell::Cell as Value;

    fn marked() -> Grid {
        Grid {
            headers: vec!["first shortfall night".into(), "exhausted night".into()],
            rows: vec![vec![
                Value::Marked(Box::new(Value::Real(43.0)), Mark::Alarm),
                Value::Marked(Box::new(Value::Never), Mark::Fine),
            ]],
            notes: Vec::new(),
        }
    }

    #[test]
    fn a_colour_terminal_marks_what_matters() {
        let colour = TableExporter {
            style: TableStyle {
                utf8: true,
                color: true,
                width: 80,
            },
        };
        let text = colour.draw(&marked());
        // The shortfall night in red, "never" in green (crossterm's codes
        // for the terminal's red and green).
        assert!(text.contains("\u{1b}[38;5;9m"), "{text:?}");
        assert!(text.contains("\u{1b}[38;5;10m"), "{text:?}");
        let plain = TableExporter {
            style: TableStyle::PLAIN,
        };
        assert!(!plain.draw(&marked()).contains('\u{1b}'));
    }
}
