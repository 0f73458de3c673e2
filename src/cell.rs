//! How values read in every output, tables and charts alike: a typed cell
//! (a count, a probability, a night that never came, a change against a
//! baseline), shown for people or for machines; rows of them under named
//! columns; and field names in words.

use crate::summary::{Metric, Summary};

/// A value in a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Whole(u64),
    /// A count or figure, shown to two decimals at most.
    Real(f64),
    /// A probability, shown to three decimals at most.
    Probability(f64),
    /// A night that never came (JSON `null`).
    Never,
    /// A field that does not apply (e.g. `p_lasts_horizon` in expected mode).
    Empty,
    /// A change against the baseline; `None` where there is none to give.
    Change(Option<f64>),
    /// A value with its change against the baseline, as one cell.
    WithChange(Box<Cell>, Option<f64>),
    /// A value shaded as a heat map: its place from 0 (the smallest in the
    /// table) to 1 (the largest). Only a colour terminal shows the shade.
    Shaded(Box<Cell>, f64),
    /// Yes or no: "yes"/"no" in text, `true`/`false` in JSON.
    Flag(bool),
}

impl Cell {
    /// Text for people: reals to two decimals, absent nights as "never".
    pub fn display(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Whole(n) => n.to_string(),
            Cell::Real(x) => format_real(*x, 2),
            Cell::Probability(p) => format_real(*p, 3),
            Cell::Never => "never".to_string(),
            Cell::Empty => String::new(),
            Cell::Change(delta) => format_change(*delta),
            Cell::WithChange(value, delta) => {
                format!("{} ({})", value.display(), format_change(*delta))
            }
            Cell::Shaded(value, _) => value.display(),
            Cell::Flag(flag) => if *flag { "yes" } else { "no" }.to_string(),
        }
    }

    /// Text for machines: plain numbers at full precision, absent as empty.
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Whole(n) => n.to_string(),
            Cell::Real(x) | Cell::Probability(x) | Cell::Change(Some(x)) => x.to_string(),
            Cell::Never | Cell::Empty | Cell::Change(None) => String::new(),
            Cell::WithChange(value, _) | Cell::Shaded(value, _) => value.plain(),
            Cell::Flag(_) => self.display(),
        }
    }

    pub fn is_numeric(&self) -> bool {
        !matches!(self, Cell::Text(_) | Cell::Flag(_))
    }
}

/// At most `decimals` decimals, trailing zeros dropped: 24 → "24",
/// 8.5714 → "8.57".
pub(crate) fn format_real(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

fn format_change(delta: Option<f64>) -> String {
    match delta {
        None => "n/a".to_string(),
        Some(d) if format_real(d, 2) == "0" => "0".to_string(),
        Some(d) if d > 0.0 => format!("+{}", format_real(d, 2)),
        Some(d) => format_real(d, 2),
    }
}

/// A summary field for people: `nights_fully_defended` → "nights fully defended".
pub fn label(name: &str) -> String {
    name.replace('_', " ")
}

pub fn metric_cell(metric: Metric, summary: &Summary) -> Cell {
    match metric.value(summary) {
        Some(x) if metric == Metric::PLastsHorizon => Cell::Probability(x),
        Some(x) => Cell::Real(x),
        None if metric.is_night() => Cell::Never,
        None => Cell::Empty,
    }
}

/// Rows under named columns, with notes that say how to read them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Lines printed under the table in the formats for people.
    pub notes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reals_show_few_decimals_without_trailing_zeros() {
        assert_eq!(format_real(24.0, 2), "24");
        assert_eq!(format_real(30.0 / 7.0 * 2.0, 2), "8.57"); // 8.571428…
        assert_eq!(format_real(0.5, 2), "0.5");
        assert_eq!(format_real(-0.001, 2), "0");
        assert_eq!(format_real(0.38942, 3), "0.389");
        assert_eq!(format_real(1080.0, 2), "1080");
    }

    #[test]
    fn changes_carry_a_sign() {
        assert_eq!(format_change(Some(2.0)), "+2");
        assert_eq!(format_change(Some(-3.0)), "-3");
        assert_eq!(format_change(Some(0.0)), "0");
        assert_eq!(format_change(Some(-0.0001)), "0");
        assert_eq!(format_change(None), "n/a");
    }
}
