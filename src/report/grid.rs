//! The tables every text format draws: summary, nights and comparison, as
//! rows of typed cells. The formats differ only in how they lay them out.

use super::CheckResult;
use crate::analysis::Measure;
use crate::analysis::measure::measure_cell;
use crate::analysis::policy::Policy;
use crate::compare::{CHANGE_METRICS, change};
use crate::model::Scenario;
use crate::outcome::{Comparison, Outcome};
use crate::sim::{Mode, NightRecord};
use crate::summary::{Figure, Metric, Spread, Stat, Summary};

use crate::cell::format_real;
pub use crate::cell::{Cell, Grid, label, metric_cell};

/// What produced the figures, in words.
pub fn mode_note(summary: &Summary) -> String {
    match (summary.mode, summary.trials, summary.seed) {
        (Mode::MonteCarlo, Some(trials), Some(seed)) => format!(
            "Mode monte-carlo: {trials} trials, seed {seed}. Figures are means over \
             trials; first shortfall and exhausted nights are medians."
        ),
        (Mode::Exact, ..) => "Mode exact: nothing here is random, so these are the exact \
                              whole numbers (every Monte Carlo trial would give the same)."
            .to_string(),
        _ => "Mode mean-path: one path through the means (raid sizes at their means, kills \
              at their probabilities), not the expected outcome; --mode monte-carlo gives that."
            .to_string(),
    }
}

/// The summary fields that apply to the summary's mode.
pub fn summary_metrics(summary: &Summary) -> impl Iterator<Item = Metric> + '_ {
    Metric::ALL
        .into_iter()
        .filter(|m| m.applies_to(summary.mode))
}

/// Field and value, one row per summary field of the mode.
pub fn summary_grid(summary: &Summary) -> Grid {
    let mut rows = vec![vec![
        Cell::Text("mode".into()),
        Cell::Text(summary.mode.name().into()),
    ]];
    if let (Some(trials), Some(seed)) = (summary.trials, summary.seed) {
        rows.push(vec![Cell::Text("trials".into()), Cell::Whole(trials)]);
        rows.push(vec![Cell::Text("seed".into()), Cell::Whole(seed)]);
    }
    rows.extend(
        summary_metrics(summary)
            .map(|m| vec![Cell::Text(label(m.name())), metric_cell(m, summary)])
            // Fields with no value here (costs not given) are left out, and
            // electronic warfare where it took nothing.
            .filter(|row| row[1] != Cell::Empty)
            .filter(|row| {
                !(row[0] == Cell::Text(label("lost_to_ew")) && summary.lost_to_ew == 0.0)
            }),
    );
    Grid {
        headers: vec!["field".into(), "value".into()],
        rows,
        notes: Vec::new(),
    }
}

/// Per interceptor type, for scenarios with more than one type or threat.
pub fn interceptors_grid(summary: &Summary) -> Grid {
    Grid {
        headers: [
            "interceptor",
            "stockpile",
            "delivered",
            "expended",
            "final stock",
            "exhausted night",
        ]
        .map(String::from)
        .to_vec(),
        rows: summary
            .by_interceptor
            .iter()
            .map(|t| {
                vec![
                    Cell::Text(t.name.clone()),
                    Cell::Real(t.stockpile),
                    Cell::Real(t.delivered),
                    Cell::Real(t.expended),
                    Cell::Real(t.final_stock),
                    t.exhausted_night.map_or(Cell::Never, Cell::Real),
                ]
            })
            .collect(),
        notes: Vec::new(),
    }
}

/// Per threat, in engagement order.
pub fn threats_grid(summary: &Summary) -> Grid {
    Grid {
        headers: ["threat", "launched", "engaged", "leakers"]
            .map(String::from)
            .to_vec(),
        rows: summary
            .by_threat
            .iter()
            .map(|t| {
                vec![
                    Cell::Text(t.name.clone()),
                    Cell::Real(t.launched),
                    Cell::Real(t.engaged),
                    Cell::Real(t.leakers),
                ]
            })
            .collect(),
        notes: Vec::new(),
    }
}

/// A policy in words: "reserve of 20 pac3-mse", "rationing pac3-mse to 1
/// per kill below 30".
pub fn policy_words(policy: &Policy, scenario: &Scenario) -> String {
    let name = &scenario.interceptors[policy.interceptor()].name;
    match *policy {
        Policy::Reserve { count, .. } => format!("reserve of {count} {name}"),
        Policy::Rationing {
            below,
            interceptors_per_kill,
            ..
        } => format!("rationing {name} to {interceptors_per_kill} per kill below {below}"),
    }
}

/// What each policy bought, if the scenario has any.
pub fn policies_grid(run: &Outcome<'_>) -> Option<Grid> {
    (!run.policy_effects.is_empty()).then(|| Grid {
        headers: ["policy", "nights gained", "extra leakers"]
            .map(String::from)
            .to_vec(),
        rows: run
            .policy_effects
            .iter()
            .map(|p| {
                vec![
                    Cell::Text(policy_words(&p.policy, run.scenario)),
                    Cell::Real(p.nights_gained),
                    Cell::Real(p.extra_leakers),
                ]
            })
            .collect(),
        notes: vec!["Each policy against the same scenario without it.".into()],
    })
}

/// Whether a scenario's summary is worth breaking down by type and threat.
pub fn has_breakdown(summary: &Summary) -> bool {
    summary.by_interceptor.len() > 1 || summary.by_threat.len() > 1
}

/// The interceptor type that runs dry first, and the night, if any does.
pub fn first_type_dry(summary: &Summary) -> Option<(&str, f64)> {
    summary
        .by_interceptor
        .iter()
        .filter_map(|t| Some((t.name.as_str(), t.exhausted_night?)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// "pac3-mse (29)": the type and its night; blank with one type (the
/// exhausted night says it), "none" when no type runs dry.
fn first_type_dry_cell(summary: &Summary) -> Cell {
    Cell::Text(match first_type_dry(summary) {
        _ if summary.by_interceptor.len() < 2 => String::new(),
        Some((name, night)) => format!("{name} ({})", format_real(night, 2)),
        None => "none".into(),
    })
}

/// The spread cells of one figure, one per [`Stat`].
fn spread_cells(spread: &Spread) -> [Cell; 4] {
    // A percentile that is a night that never came reads "never".
    Stat::ALL.map(|stat| stat.of(spread).map_or(Cell::Never, Cell::Real))
}

fn spreads(summary: &Summary) -> Option<[&Spread; 4]> {
    let d = summary.distribution.as_ref()?;
    Some(Figure::ALL.map(|figure| figure.of(d)))
}

/// Monte Carlo only: the spread over trials of each distribution figure.
pub fn distribution_grid(summary: &Summary) -> Option<Grid> {
    let spreads = spreads(summary)?;
    let mut headers = vec!["over trials".to_string()];
    headers.extend(Stat::ALL.map(|s| s.name().to_string()));
    let rows = Figure::ALL
        .iter()
        .zip(spreads)
        .map(|(figure, spread)| {
            let mut row = vec![Cell::Text(label(figure.name()))];
            row.extend(spread_cells(spread));
            row
        })
        .collect();
    Some(Grid {
        headers,
        rows,
        notes: vec![format!(
            "A trial without a shortfall, or that never runs dry, counts as night {} in \
             that night's mean; a percentile that falls on such a trial reads \"never\".",
            summary.horizon_nights + 1
        )],
    })
}

/// The JSON/CSV names of the night columns, in order.
pub const NIGHT_COLUMNS: [&str; 15] = [
    "night",
    "date",
    "stock_start",
    "delivered",
    "launched",
    "engaged",
    "expended",
    "leakers",
    "stock_end",
    "p_night_without_leakers",
    "leaked_for_stock",
    "leaked_for_capacity",
    "lost_to_ew",
    "arsenal_end",
    "interceptor_spend",
];

/// The cells of one night, in [`NIGHT_COLUMNS`] order.
pub fn night_cells(night: &NightRecord) -> Vec<Cell> {
    let mut row = vec![
        Cell::Whole(night.night.into()),
        night
            .date
            .map_or(Cell::Empty, |date| Cell::Text(date.to_string())),
    ];
    row.extend(
        [
            night.stock_start,
            night.delivered,
            night.launched,
            night.engaged,
            night.expended,
            night.leakers,
            night.stock_end,
        ]
        .map(Cell::Real),
    );
    row.push(Cell::Probability(night.p_night_without_leakers));
    row.push(Cell::Real(night.leaked_for_stock));
    row.push(Cell::Real(night.leaked_for_capacity));
    row.push(night.lost_to_ew.map_or(Cell::Empty, Cell::Real));
    row.push(night.arsenal_end.map_or(Cell::Empty, Cell::Real));
    row.push(night.interceptor_spend.map_or(Cell::Empty, Cell::Real));
    row
}

/// One row per night. The date column appears only with dates; the chance of
/// a night without leakers only when it is not simply 1 or 0.
pub fn nights_grid(nights: &[NightRecord], names: fn(&str) -> String) -> Grid {
    let with_date = nights.iter().any(|n| n.date.is_some());
    let with_chance = nights
        .iter()
        .any(|n| n.p_night_without_leakers != 0.0 && n.p_night_without_leakers != 1.0);
    let with_spend = nights.iter().any(|n| n.interceptor_spend.is_some());
    let with_ew = nights.iter().any(|n| n.lost_to_ew.is_some());
    let with_arsenal = nights.iter().any(|n| n.arsenal_end.is_some());
    // Tables for people show the split only where capacity ever binds.
    let with_split = nights.iter().any(|n| n.leaked_for_capacity > 0.0);
    let keep = |column: &str| match column {
        "date" => with_date,
        "interceptor_spend" => with_spend,
        "lost_to_ew" => with_ew,
        "arsenal_end" => with_arsenal,
        "leaked_for_stock" | "leaked_for_capacity" => with_split,
        "p_night_without_leakers" => with_chance,
        _ => true,
    };
    let headers = NIGHT_COLUMNS
        .iter()
        .filter(|c| keep(c))
        .map(|c| names(c))
        .collect();
    let rows = nights
        .iter()
        .map(|n| {
            NIGHT_COLUMNS
                .iter()
                .zip(night_cells(n))
                .filter(|(c, _)| keep(c))
                .map(|(_, cell)| cell)
                .collect()
        })
        .collect();
    Grid {
        headers,
        rows,
        notes: Vec::new(),
    }
}

/// One row per scenario with the fields people compare first; against a
/// baseline, each changed field shows its change beside the value.
pub fn compare_grid(comparison: &Comparison<'_>) -> Grid {
    // Monte Carlo columns if any row ran trials: a row where nothing is
    // random reads as its every trial would.
    let monte_carlo = comparison
        .rows
        .iter()
        .any(|r| r.simulation.summary.mode == Mode::MonteCarlo);
    let mut headers = vec!["scenario".to_string()];
    let breakdown = comparison
        .rows
        .iter()
        .any(|r| r.simulation.summary.by_interceptor.len() > 1);
    let mut rows: Vec<Vec<Cell>> = match monte_carlo {
        false => {
            // Chosen to fit 80 columns; CSV and JSON carry every field.
            // With several interceptor types, "first type dry" takes the
            // place of the final stock.
            let columns: &[Metric] = if breakdown {
                &[
                    Metric::NightsFullyDefended,
                    Metric::FirstShortfallNight,
                    Metric::ExhaustedNight,
                    Metric::Leakers,
                ]
            } else {
                &[
                    Metric::NightsFullyDefended,
                    Metric::FirstShortfallNight,
                    Metric::ExhaustedNight,
                    Metric::Leakers,
                    Metric::FinalStock,
                ]
            };
            headers.extend(columns.iter().map(|m| label(m.name())));
            comparison
                .rows
                .iter()
                .map(|row| {
                    let summary = &row.simulation.summary;
                    let mut cells = vec![Cell::Text(row.scenario.name.clone())];
                    cells.extend(columns.iter().map(|&m| {
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
                .collect()
        }
        true => {
            headers.extend(
                [
                    "nights fully defended p50",
                    "p5-p95",
                    "p lasts horizon",
                    "exhausted night p50",
                    "leakers mean",
                ]
                .map(String::from),
            );
            comparison
                .rows
                .iter()
                .map(|row| {
                    let summary = &row.simulation.summary;
                    let nights = |stat| {
                        Measure::Spread {
                            figure: Figure::NightsFullyDefended,
                            stat,
                        }
                        .value(summary)
                    };
                    let show = |p: Option<f64>| p.map_or("never".into(), |x| format_real(x, 2));
                    let range = format!("{}-{}", show(nights(Stat::P5)), show(nights(Stat::P95)));
                    let with_change = |metric: Metric, cell: Cell| match &comparison.baseline {
                        Some(base) => Cell::WithChange(
                            Box::new(cell),
                            change(metric, summary, &base.simulation.summary),
                        ),
                        None => cell,
                    };
                    vec![
                        Cell::Text(row.scenario.name.clone()),
                        nights(Stat::P50).map_or(Cell::Empty, Cell::Real),
                        Cell::Text(range),
                        with_change(
                            Metric::PLastsHorizon,
                            measure_cell(
                                Measure::Field(Metric::PLastsHorizon),
                                Measure::Field(Metric::PLastsHorizon).value(summary),
                            ),
                        ),
                        metric_cell(Metric::ExhaustedNight, summary),
                        with_change(Metric::Leakers, metric_cell(Metric::Leakers, summary)),
                    ]
                })
                .collect()
        }
    };
    if breakdown {
        headers.push("first type dry".into());
        for (cells, row) in rows.iter_mut().zip(&comparison.rows) {
            cells.push(first_type_dry_cell(&row.simulation.summary));
        }
    }
    let notes = differences_and_notes(comparison, &mut headers, &mut rows, true);
    Grid {
        headers,
        rows,
        notes,
    }
}

/// Puts, after the scenario column, the horizon and the mode where the rows
/// differ in them (leakers over 90 nights and over 180 are not comparable),
/// and returns the notes: each mode's, in the order the rows come, then the
/// baseline's.
fn differences_and_notes(
    comparison: &Comparison<'_>,
    headers: &mut Vec<String>,
    rows: &mut [Vec<Cell>],
    human: bool,
) -> Vec<String> {
    let differ = |of: fn(&Summary) -> String| {
        let mut seen = comparison.rows.iter().map(|r| of(&r.simulation.summary));
        seen.next()
            .is_some_and(|first| seen.any(|other| other != first))
    };
    type Column = (&'static str, &'static str, fn(&Summary) -> String);
    let columns: [Column; 2] = [
        ("horizon", "horizon_nights", |s| {
            s.horizon_nights.to_string()
        }),
        ("mode", "mode", |s| s.mode.name().to_string()),
    ];
    for (words, name, of) in columns {
        if differ(of) {
            headers.insert(1, if human { words } else { name }.to_string());
            for (cells, row) in rows.iter_mut().zip(&comparison.rows) {
                let value = of(&row.simulation.summary);
                let cell = match value.parse::<u64>() {
                    Ok(n) if !human => Cell::Whole(n),
                    _ => Cell::Text(value),
                };
                cells.insert(1, cell);
            }
        }
    }
    let mut notes: Vec<String> = Vec::new();
    let mut modes: Vec<Mode> = Vec::new();
    for row in &comparison.rows {
        let summary = &row.simulation.summary;
        if !modes.contains(&summary.mode) {
            modes.push(summary.mode);
            notes.push(mode_note(summary));
        }
    }
    if let Some(base) = &comparison.baseline {
        notes.push(format!(
            "Changes in brackets are against the baseline {} ({}).",
            base.scenario.name, base.file
        ));
    }
    notes
}

/// `compare --columns`: one row per scenario with the chosen measures, for
/// people (`human`: labels, each change against the baseline in brackets)
/// or for machines (metric names, each change a `<metric>_change` column).
pub fn compare_columns_grid(comparison: &Comparison<'_>, columns: &[Measure], human: bool) -> Grid {
    let mut headers = vec![if human { "scenario" } else { "name" }.to_string()];
    for measure in columns {
        if human {
            headers.push(measure.label());
        } else {
            headers.push(measure.name());
            if comparison.baseline.is_some() {
                headers.push(format!("{}_change", measure.name()));
            }
        }
    }
    let mut rows: Vec<Vec<Cell>> = comparison
        .rows
        .iter()
        .map(|row| {
            let summary = &row.simulation.summary;
            let mut cells = vec![Cell::Text(row.scenario.name.clone())];
            for &measure in columns {
                let value = measure.value(summary);
                let cell = measure_cell(measure, value);
                let change = comparison
                    .baseline
                    .as_ref()
                    .map(|base| Some(value? - measure.value(&base.simulation.summary)?));
                match change {
                    Some(change) if human => cells.push(Cell::WithChange(Box::new(cell), change)),
                    // A number (rounded as JSON rounds), or empty.
                    Some(change) => cells.extend([cell, change.map_or(Cell::Empty, Cell::Real)]),
                    None => cells.push(cell),
                }
            }
            cells
        })
        .collect();
    let notes = differences_and_notes(comparison, &mut headers, &mut rows, human);
    Grid {
        headers,
        rows,
        notes: if human { notes } else { Vec::new() },
    }
}

/// Headers of a row of every summary field: mode, trials, seed, each field
/// and each distribution statistic (empty where the mode has none).
pub fn summary_headers() -> Vec<String> {
    let mut headers: Vec<String> = ["name", "file", "mode", "trials", "seed"]
        .map(String::from)
        .to_vec();
    headers.extend(Metric::ALL.iter().map(|m| m.name().to_string()));
    for figure in Figure::ALL {
        headers.extend(Stat::ALL.map(|s| format!("{}_{}", figure.name(), s.name())));
    }
    headers.extend(["first_type_dry", "first_type_dry_night"].map(String::from));
    headers
}

/// Name, file and every field of one scenario's summary, under
/// [`summary_headers`].
pub fn summary_row(run: &Outcome<'_>) -> Vec<Cell> {
    let summary = &run.simulation.summary;
    let mut cells = vec![
        Cell::Text(run.scenario.name.clone()),
        Cell::Text(run.file.to_string()),
        Cell::Text(summary.mode.name().into()),
        summary.trials.map_or(Cell::Empty, Cell::Whole),
        summary.seed.map_or(Cell::Empty, Cell::Whole),
    ];
    cells.extend(Metric::ALL.iter().map(|&m| metric_cell(m, summary)));
    match spreads(summary) {
        Some(spreads) => cells.extend(spreads.into_iter().flat_map(spread_cells)),
        None => cells.extend(std::iter::repeat_n(
            Cell::Empty,
            Figure::ALL.len() * Stat::ALL.len(),
        )),
    }
    match first_type_dry(summary) {
        Some((name, night)) => cells.extend([Cell::Text(name.into()), Cell::Real(night)]),
        None => cells.extend([Cell::Empty, Cell::Never]),
    }
    cells
}

/// Every field of every scenario, for CSV, and with a baseline each
/// `<field>_change`.
pub fn compare_grid_full(comparison: &Comparison<'_>) -> Grid {
    let mut headers = summary_headers();
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
    Grid {
        headers,
        rows,
        notes: Vec::new(),
    }
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
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn night_columns_are_the_night_fields_in_json_in_order() {
        let night = NightRecord {
            night: 1,
            date: crate::date::Date::parse("2025-07-10").ok(),
            stock_start: 0.0,
            delivered: 0.0,
            launched: 0.0,
            engaged: 0.0,
            expended: 0.0,
            leakers: 0.0,
            stock_end: 0.0,
            p_night_without_leakers: 1.0,
            leaked_for_stock: 0.0,
            leaked_for_capacity: 0.0,
            lost_to_ew: Some(0.0),
            arsenal_end: Some(0.0),
            interceptor_spend: Some(0.0),
        };
        let json = serde_json::to_string(&night).unwrap();
        let at: Vec<usize> = NIGHT_COLUMNS
            .iter()
            .map(|c| json.find(&format!("\"{c}\":")).expect(c))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{json}");
        let fields = serde_json::to_value(night).unwrap();
        assert_eq!(fields.as_object().unwrap().len(), NIGHT_COLUMNS.len());
        assert_eq!(night_cells(&night).len(), NIGHT_COLUMNS.len());
    }
}
