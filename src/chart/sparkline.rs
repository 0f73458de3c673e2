//! A one-line sparkline of the stock over the horizon, for a terminal.

use crate::outcome::Outcome as ScenarioReport;
use crate::sim::Mode;

const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// `values` as block characters, at most `width` of them: when there are
/// more values than characters, each character shows the mean of its share.
/// The scale runs from 0 to the largest value, so an empty magazine is the
/// lowest block.
pub fn sparkline(values: &[f64], width: usize) -> String {
    if values.is_empty() || width == 0 {
        return String::new();
    }
    let columns = values.len().min(width);
    let top = values.iter().copied().fold(0.0f64, f64::max);
    (0..columns)
        .map(|c| {
            let (from, to) = (
                c * values.len() / columns,
                ((c + 1) * values.len() / columns).max(c * values.len() / columns + 1),
            );
            let share = &values[from..to];
            let mean = share.iter().sum::<f64>() / share.len() as f64;
            let level = if top > 0.0 {
                (mean / top * (BLOCKS.len() - 1) as f64).round() as usize
            } else {
                0
            };
            BLOCKS[level.min(BLOCKS.len() - 1)]
        })
        .collect()
}

/// The line shown under a run's summary on a terminal: the stock from the
/// stockpile through the end of each night, within `width` columns, e.g.
/// `stock ▇▇▆▅▄▃▂▁▁▁ 100 → 0 over 90 nights`.
pub fn stock_line(run: &ScenarioReport<'_>, width: u16) -> String {
    let stockpile: f64 = run
        .scenario
        .interceptors
        .iter()
        .map(|t| t.stockpile as f64)
        .sum();
    let mut values = vec![stockpile];
    values.extend(run.simulation.nights.iter().map(|n| n.stock_end));
    let last = values.last().copied().unwrap_or(0.0);
    let what = match run.simulation.summary.mode {
        Mode::Exact | Mode::MeanPath => "stock",
        Mode::MonteCarlo => "mean stock",
    };
    let tail = format!(
        " {} → {} over {} nights",
        super::tick_label(round2(stockpile)),
        super::tick_label(round2(last)),
        run.simulation.nights.len()
    );
    let room = usize::from(width)
        .saturating_sub(what.chars().count() + 1 + tail.chars().count())
        .clamp(10, 120);
    format!("{what} {}{tail}\n", sparkline(&values, room))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_from_full_to_empty() {
        assert_eq!(sparkline(&[8.0, 4.0, 0.0], 10), "█▅▁");
        assert_eq!(sparkline(&[0.0, 0.0], 10), "▁▁");
        // Four values in two columns: the mean of each pair.
        assert_eq!(sparkline(&[8.0, 8.0, 0.0, 0.0], 2), "█▁");
        assert_eq!(sparkline(&[], 5), "");
    }
}
