//! How values read in every output, tables and charts alike: a typed cell
//! (a count, a probability, a night that never came, a change against a
//! baseline), shown for people or for machines; rows of them under named
//! columns; and field names in words.

use crate::date::Date;
use crate::num::{grouped, round_noise};
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
    /// An amount of money: in units for people ([`format_money`]), the
    /// plain number for machines.
    Money(f64),
    /// A night with its calendar date: "43 (2025-08-21)" for people, the
    /// night alone for machines (which get the date in a column of its own).
    Dated(Box<Cell>, Date),
    /// A value that matters (a shortfall night, a night that never came):
    /// a colour terminal shows it in the mark's colour.
    Marked(Box<Cell>, Mark),
}

/// How a marked value reads: as a warning or as good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A shortfall, a type run dry, the defence running out first.
    Alarm,
    /// A night that never came: the stock lasted.
    Fine,
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
            Cell::Shaded(value, _) | Cell::Marked(value, _) => value.display(),
            Cell::Flag(flag) => if *flag { "yes" } else { "no" }.to_string(),
            Cell::Money(x) => format_money(*x),
            Cell::Dated(value, date) => format!("{} ({date})", value.display()),
        }
    }

    /// Text for machines: plain numbers without floating-point noise (as
    /// in JSON, [`round_noise`]), absent as empty.
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Whole(n) => n.to_string(),
            Cell::Real(x) | Cell::Probability(x) | Cell::Change(Some(x)) | Cell::Money(x) => {
                round_noise(*x).to_string()
            }
            Cell::Never | Cell::Empty | Cell::Change(None) => String::new(),
            Cell::WithChange(value, _)
            | Cell::Shaded(value, _)
            | Cell::Marked(value, _)
            | Cell::Dated(value, _) => value.plain(),
            Cell::Flag(_) => self.display(),
        }
    }

    pub fn is_numeric(&self) -> bool {
        match self {
            Cell::Text(_) | Cell::Flag(_) => false,
            Cell::Marked(value, _) | Cell::Shaded(value, _) => value.is_numeric(),
            _ => true,
        }
    }

    /// The mark of a marked value, if any.
    pub fn mark(&self) -> Option<Mark> {
        match self {
            Cell::Marked(_, mark) => Some(*mark),
            Cell::WithChange(value, _) | Cell::Dated(value, _) => value.mark(),
            _ => None,
        }
    }

    /// The cell with its mark taken off (what CSV and JSON read).
    pub fn unmarked(&self) -> &Cell {
        match self {
            Cell::Marked(value, _) => value.unmarked(),
            other => other,
        }
    }

    /// A night figure as tables show it: with its date when there is one
    /// (`date_of` the scenario's), marked as a warning, and "never" marked
    /// as good news.
    pub fn night(night: Option<f64>, date_of: impl Fn(u32) -> Option<Date>) -> Cell {
        match night {
            None => Cell::Marked(Box::new(Cell::Never), Mark::Fine),
            Some(n) => Cell::Marked(Box::new(dated(n, date_of)), Mark::Alarm),
        }
    }
}

/// A night (a whole one) with its date, if `date_of` gives one; a mean night
/// (fractional) has none.
pub fn dated(night: f64, date_of: impl Fn(u32) -> Option<Date>) -> Cell {
    match night_date(night, date_of) {
        Some(date) => Cell::Dated(Box::new(Cell::Real(night)), date),
        None => Cell::Real(night),
    }
}

/// The calendar date of a night figure: only for a whole night from 1 on.
pub fn night_date(night: f64, date_of: impl Fn(u32) -> Option<Date>) -> Option<Date> {
    (night.fract() == 0.0 && night >= 1.0 && night <= f64::from(u32::MAX))
        .then(|| date_of(night as u32))
        .flatten()
}

/// Money for people, by one rule: below 1,000 to two decimals at most
/// (`950`, `3.5`); below a million whole, with the digits grouped in
/// threes (`79,200`); from a million on, to three significant figures in
/// millions (`M`), billions (`bn`) or trillions (`tn`): `4.2 M`, `79.2 M`,
/// `1.05 bn`, `12.6 bn`. Larger amounts stay in trillions (`1,260 tn`).
pub fn format_money(x: f64) -> String {
    let sign = if x < 0.0 && format_real(x, 2) != "0" {
        "-"
    } else {
        ""
    };
    let a = x.abs();
    if a < 999.995 {
        return format!("{sign}{}", format_real(a, 2));
    }
    if a < 999_999.5 {
        return format!("{sign}{}", grouped(a.round() as u64));
    }
    const UNITS: [(f64, &str); 3] = [(1e6, "M"), (1e9, "bn"), (1e12, "tn")];
    for (i, &(scale, unit)) in UNITS.iter().enumerate() {
        let scaled = significant(a / scale, 3);
        if scaled < 1000.0 || i == UNITS.len() - 1 {
            let digits = if scaled >= 1000.0 {
                grouped(scaled.round() as u64)
            } else {
                format_real(scaled, 2)
            };
            return format!("{sign}{digits} {unit}");
        }
    }
    unreachable!("the last unit takes any amount")
}

/// `x` rounded to `figures` significant figures.
fn significant(x: f64, figures: i32) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let magnitude = x.abs().log10().floor() as i32;
    let factor = 10f64.powi(figures - 1 - magnitude);
    (x * factor).round() / factor
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
        Some(x) if metric.is_money() => Cell::Money(x),
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
    fn money_reads_in_units() {
        // Below 1,000 as any figure; then whole with grouped digits; from a
        // million on, three significant figures and a unit.
        assert_eq!(format_money(3.5), "3.5");
        assert_eq!(format_money(950.0), "950");
        assert_eq!(format_money(79_200.0), "79,200");
        assert_eq!(format_money(999_999.4), "999,999");
        // 999,999.6 rounds to a whole million: 1 M, not "1,000,000".
        assert_eq!(format_money(999_999.6), "1 M");
        assert_eq!(format_money(4.2e6), "4.2 M");
        assert_eq!(format_money(79_200_000.0), "79.2 M");
        // 999.6 M to three figures is 1000 M: the next unit, 1 bn.
        assert_eq!(format_money(999_600_000.0), "1 bn");
        // 1,053,000,000: 1.053 bn to three figures is 1.05 bn.
        assert_eq!(format_money(1_053_000_000.0), "1.05 bn");
        // The threat cost: 12,598,170,935 is 12.598… bn → 12.6 bn.
        assert_eq!(format_money(12_598_170_935.0), "12.6 bn");
        assert_eq!(format_money(6.3e9), "6.3 bn");
        assert_eq!(format_money(2.5e12), "2.5 tn");
        assert_eq!(format_money(1.26e15), "1,260 tn");
        assert_eq!(format_money(-4.2e6), "-4.2 M");
        assert_eq!(format_money(0.0), "0");
    }

    #[test]
    fn machines_read_numbers_without_noise() {
        assert_eq!(Cell::Real(23407.500000000004).plain(), "23407.5");
        assert_eq!(Cell::Money(12_598_170_935.0).plain(), "12598170935");
        let night = Cell::night(Some(43.0), |n| {
            Date::parse("2025-07-10").ok()?.add_days(i64::from(n) - 1)
        });
        assert_eq!(night.display(), "43 (2025-08-21)");
        assert_eq!(night.plain(), "43");
        assert_eq!(night.mark(), Some(Mark::Alarm));
        assert_eq!(Cell::night(None, |_| None).display(), "never");
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
