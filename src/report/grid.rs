//! The tables every text format draws: summary, nights and comparison, as
//! rows of typed cells. The formats differ only in how they lay them out.

use super::{CheckResult, Comparison, ScenarioReport};
use crate::compare::{CHANGE_METRICS, change};
use crate::engine::NightRecord;
use crate::model::Scenario;
use crate::summary::{Metric, Summary};

/// A value in a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Whole(u64),
    Real(f64),
    /// A night that never came (JSON `null`).
    Never,
    /// A change against the baseline; `None` where there is none to give.
    Change(Option<f64>),
    /// A value with its change against the baseline, as one cell.
    WithChange(Box<Cell>, Option<f64>),
}

impl Cell {
    /// Text for people: reals to two decimals, absent nights as "never".
    pub fn display(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Whole(n) => n.to_string(),
            Cell::Real(x) => format_real(*x),
            Cell::Never => "never".to_string(),
            Cell::Change(delta) => format_change(*delta),
            Cell::WithChange(value, delta) => {
                format!("{} ({})", value.display(), format_change(*delta))
            }
        }
    }

    /// Text for machines: plain numbers at full precision, absent as empty.
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Whole(n) => n.to_string(),
            Cell::Real(x) | Cell::Change(Some(x)) => x.to_string(),
            Cell::Never | Cell::Change(None) => String::new(),
            Cell::WithChange(value, _) => value.plain(),
        }
    }

    pub fn is_numeric(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

/// Two decimals at most, trailing zeros dropped: 24 → "24", 8.5714 → "8.57".
fn format_real(x: f64) -> String {
    let text = format!("{x:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

fn format_change(delta: Option<f64>) -> String {
    match delta {
        None => "n/a".to_string(),
        Some(d) if d > 0.0 => format!("+{}", format_real(d)),
        Some(d) => format_real(d),
    }
}

/// Rows under named columns. `title` names the table where a format shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A summary field for people: `nights_fully_defended` → "nights fully defended".
pub fn label(name: &str) -> String {
    name.replace('_', " ")
}

pub fn metric_cell(metric: Metric, summary: &Summary) -> Cell {
    match metric.value(summary) {
        None => Cell::Never,
        Some(x) if metric.is_whole() => Cell::Whole(x as u64),
        Some(x) => Cell::Real(x),
    }
}

/// Field and value, one row per summary field.
pub fn summary_grid(summary: &Summary) -> Grid {
    Grid {
        headers: vec!["field".into(), "value".into()],
        rows: Metric::ALL
            .iter()
            .map(|&m| vec![Cell::Text(label(m.name())), metric_cell(m, summary)])
            .collect(),
    }
}

/// The JSON/CSV names of the night columns, in order.
pub const NIGHT_COLUMNS: [&str; 9] = [
    "night",
    "date",
    "stock_start",
    "delivered",
    "launched",
    "engaged",
    "expended",
    "leakers",
    "stock_end",
];

/// One row per night. The date column appears only with a `start_date`.
pub fn nights_grid(scenario: &Scenario, nights: &[NightRecord], names: fn(&str) -> String) -> Grid {
    let with_date = scenario.start_date.is_some();
    let headers = NIGHT_COLUMNS
        .iter()
        .filter(|&&c| with_date || c != "date")
        .map(|c| names(c))
        .collect();
    let rows = nights
        .iter()
        .map(|n| {
            let mut row = vec![Cell::Whole(n.night.into())];
            if with_date {
                row.push(Cell::Text(
                    n.date.map(|d| d.to_string()).unwrap_or_default(),
                ));
            }
            row.extend(
                [
                    n.stock_start,
                    n.delivered,
                    n.launched,
                    n.engaged,
                    n.expended,
                    n.leakers,
                    n.stock_end,
                ]
                .map(Cell::Whole),
            );
            row
        })
        .collect();
    Grid { headers, rows }
}

/// The columns of the comparison table people read, chosen to fit 80
/// columns (CSV and JSON carry every field).
pub const COMPARE_METRICS: [Metric; 5] = [
    Metric::NightsFullyDefended,
    Metric::FirstShortfallNight,
    Metric::ExhaustedNight,
    Metric::Leakers,
    Metric::FinalStock,
];

/// One row per scenario with the [`COMPARE_METRICS`]; against a baseline,
/// each changed field shows its change beside the value.
pub fn compare_grid(comparison: &Comparison<'_>) -> Grid {
    let mut headers = vec!["scenario".to_string()];
    headers.extend(COMPARE_METRICS.iter().map(|m| label(m.name())));
    let rows = comparison
        .rows
        .iter()
        .map(|row| {
            let summary = &row.simulation.summary;
            let mut cells = vec![Cell::Text(row.scenario.name.clone())];
            cells.extend(COMPARE_METRICS.iter().map(|&m| {
                let value = metric_cell(m, summary);
                match &comparison.baseline {
                    Some(base) if CHANGE_METRICS.contains(&m) => Cell::WithChange(
                        Box::new(value),
                        change(m, summary, &base.simulation.summary),
                    ),
                    _ => value,
                }
            }));
            cells
        })
        .collect();
    Grid { headers, rows }
}

/// Every field of every scenario, for CSV: name, file, each summary field,
/// and with a baseline each `<field>_change`.
pub fn compare_grid_full(comparison: &Comparison<'_>) -> Grid {
    let mut headers = vec!["name".to_string(), "file".to_string()];
    headers.extend(Metric::ALL.iter().map(|m| m.name().to_string()));
    if comparison.baseline.is_some() {
        headers.extend(
            CHANGE_METRICS
                .iter()
                .map(|m| format!("{}_change", m.name())),
        );
    }
    let rows = comparison
        .rows
        .iter()
        .map(|row| {
            let mut cells = summary_row(row);
            if let Some(base) = &comparison.baseline {
                let summary = &row.simulation.summary;
                cells.extend(
                    CHANGE_METRICS
                        .iter()
                        .map(|&m| Cell::Change(change(m, summary, &base.simulation.summary))),
                );
            }
            cells
        })
        .collect();
    Grid { headers, rows }
}

/// File, scenario name and status of each file checked.
pub fn check_grid(results: &[CheckResult]) -> Grid {
    Grid {
        headers: vec!["file".into(), "name".into(), "status".into()],
        rows: results
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.file.clone()),
                    Cell::Text(r.name.clone().unwrap_or_default()),
                    Cell::Text(r.status.name().into()),
                ]
            })
            .collect(),
    }
}

/// Name, file and every summary field of one scenario.
pub fn summary_row(report: &ScenarioReport<'_>) -> Vec<Cell> {
    let mut cells = vec![
        Cell::Text(report.scenario.name.clone()),
        Cell::Text(report.file.to_string()),
    ];
    cells.extend(
        Metric::ALL
            .iter()
            .map(|&m| metric_cell(m, &report.simulation.summary)),
    );
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reals_show_two_decimals_without_trailing_zeros() {
        assert_eq!(format_real(24.0), "24");
        assert_eq!(format_real(30.0 / 7.0 * 2.0), "8.57"); // 8.571428…
        assert_eq!(format_real(0.5), "0.5");
        assert_eq!(format_real(-0.001), "0");
    }

    #[test]
    fn changes_carry_a_sign() {
        assert_eq!(format_change(Some(2.0)), "+2");
        assert_eq!(format_change(Some(-3.0)), "-3");
        assert_eq!(format_change(Some(0.0)), "0");
        assert_eq!(format_change(None), "n/a");
    }
}
