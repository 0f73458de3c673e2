//! GitHub-flavoured Markdown, for pasting into an article or an issue.
//!
//! Every text that comes from a scenario or a CSV (names, the description,
//! sources, values, file names) is escaped ([`text`], [`paragraph`]) so
//! that it reads as the text it is: it cannot add a table, a heading, a
//! list, a link, an image or raw HTML (`<script>`, `<img onerror>`) to the
//! page it is pasted into.

use super::grid::{
    Grid, arsenal_grid, check_grid, compare_grid, decoys_grid, distribution_grid, drivers_grid,
    has_breakdown, interceptors_grid, night_columns, nights_grid, policies_grid,
    runs_out_first_grid, summary_grid, threats_grid,
};
use super::{CheckResult, Exporter};
use crate::outcome::{Comparison, Outcome};
use crate::printable::printable;

pub struct MarkdownExporter;

/// Inline text made literal (a table cell, a heading): control characters
/// shown escaped ([`printable`]), line breaks as spaces, `&`, `<` and `>`
/// as HTML entities (no raw HTML, no autolink), and a backslash before
/// every other character that Markdown reads as syntax inline
/// (`\ ` * _ [ ] | ~ #`).
pub fn text(raw: &str) -> String {
    let flat = raw.replace(['\n', '\r'], " ");
    let safe = printable(flat.trim());
    let mut out = String::with_capacity(safe.len() + 8);
    for c in safe.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Text that starts a line made literal: [`text`], and a backslash where
/// its start would begin a list, a heading underline or a rule (`-`, `+`,
/// `=`, and the `.` or `)` after a leading number).
pub fn line(raw: &str) -> String {
    let text = text(raw);
    if text.starts_with(['-', '+', '=']) {
        return format!("\\{text}");
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && text[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    text
}

/// Prose made literal, paragraph by paragraph (a blank line apart), each
/// paragraph's lines joined into one: nothing in it starts a block.
pub fn paragraph(raw: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    for written in raw.lines().chain(std::iter::once("")) {
        if written.trim().is_empty() {
            if !lines.is_empty() {
                paragraphs.push(line(&lines.join(" ")));
                lines.clear();
            }
        } else {
            lines.push(written.trim());
        }
    }
    paragraphs.join("\n\n")
}

/// Text as a code span whose fence no backtick inside can close.
fn code_span(raw: &str) -> String {
    let flat = raw.replace(['\n', '\r'], " ");
    let safe = printable(&flat);
    let mut longest = 0;
    let mut run = 0;
    for c in safe.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if safe.starts_with('`') || safe.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{safe}{pad}{fence}")
}

fn draw(grid: &Grid) -> String {
    let mut out = String::new();
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(grid.headers.iter().map(|h| text(h)).collect()));
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
        out.push_str(&line(row.iter().map(|c| text(&c.display())).collect()));
    }
    if !grid.notes.is_empty() {
        out.push('\n');
        let notes: Vec<String> = grid.notes.iter().map(|n| paragraph(n)).collect();
        out.push_str(&notes.join("\n"));
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
            out.push_str(&format!("## {}\n\n", text(&run.scenario.name)));
            out.push_str(&format!("File: {}\n\n", text(run.file)));
            if let Some(description) = &run.scenario.description {
                let description = paragraph(description);
                if !description.is_empty() {
                    out.push_str(&format!("{description}\n\n"));
                }
            }
            let summary = &run.simulation.summary;
            if !summary.overrides.is_empty() {
                let spans: Vec<String> = summary.overrides.iter().map(|o| code_span(o)).collect();
                out.push_str(&format!("Set: {}\n\n", spans.join(", ")));
            }
            out.push_str(&draw(&summary_grid(run)));
            let mut grids = vec![
                distribution_grid(run),
                runs_out_first_grid(run),
                drivers_grid(run),
            ];
            if has_breakdown(summary) {
                grids.push(Some(interceptors_grid(run)));
                grids.push(Some(threats_grid(run)));
            }
            grids.extend([arsenal_grid(run), decoys_grid(run), policies_grid(run)]);
            for grid in grids.iter().flatten() {
                out.push('\n');
                out.push_str(&draw(grid));
            }
            if !run.scenario.sources.is_empty() {
                out.push_str("\nSources:\n\n");
                for source in &run.scenario.sources {
                    out.push_str(&format!("- {}\n", line(source)));
                }
            }
            if with_nights {
                out.push('\n');
                out.push_str(&draw(&nights_grid(&night_columns(run))));
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
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(text("two\nlines"), "two lines");
    }

    #[test]
    fn scenario_text_cannot_add_markup() {
        // Raw HTML, a script, an image that runs code: entities, not tags.
        assert_eq!(
            text("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            text("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        // A link or an image: its brackets are literal.
        assert_eq!(
            text("[click](javascript:alert(1))"),
            "\\[click\\](javascript:alert(1))"
        );
        assert_eq!(text("![x](y)"), "!\\[x\\](y)");
        // A heading, a list, a rule, a numbered list, emphasis, code.
        assert_eq!(text("# Owned"), "\\# Owned");
        assert_eq!(line("- item"), "\\- item");
        assert_eq!(line("---"), "\\---");
        assert_eq!(line("1. first"), "1\\. first");
        // Inside a table cell, a number is only a number.
        assert_eq!(text("12.6 bn"), "12.6 bn");
        assert_eq!(text("*bold* _it_ `code`"), "\\*bold\\* \\_it\\_ \\`code\\`");
        // Entities stay as written.
        assert_eq!(text("AT&T &lt;"), "AT&amp;T &amp;lt;");
        // Terminal escapes are shown, not sent.
        assert_eq!(text("\u{1b}[2J"), "\\\\x1b\\[2J");
    }

    #[test]
    fn paragraphs_cannot_start_blocks() {
        // A table, a heading and a quote written in a description.
        let hostile = "Fine.\n| a | b |\n|---|---|\n\n## Heading\n    code\n> quote";
        assert_eq!(
            paragraph(hostile),
            "Fine. \\| a \\| b \\| \\|---\\|---\\|\n\n\\#\\# Heading code &gt; quote"
        );
    }

    #[test]
    fn code_spans_outlast_backticks() {
        assert_eq!(code_span("pk=0.8"), "`pk=0.8`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x`"), "`` `x` ``");
    }
}
