//! The tables every text format draws: summary, nights and comparison, as
//! rows of typed cells. The formats differ only in how they lay them out.

use super::CheckResult;
use crate::analysis::Measure;
use crate::analysis::measure::measure_cell;
use crate::analysis::policy::Policy;
use crate::compare::{CHANGE_METRICS, change};
use crate::date::Date;
use crate::model::Scenario;
use crate::outcome::{Comparison, Outcome};
use crate::sim::{Mode, NightRecord};
use crate::summary::{
    DecoyCounts, Driver, Figure, Metric, RunsOutFirst, RunsOutFirstShares, Side, Spread, Stat,
    Summary, is_shortfall,
};

pub use crate::cell::{Cell, Grid, Mark, label, metric_cell};
use crate::cell::{dated, format_real, night_date};

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

/// On the mean path, for a scenario with figures given as ranges: that it
/// used each range's mean and ignored the spread.
pub fn uncertain_note(scenario: &Scenario, summary: &Summary) -> Option<String> {
    if summary.mode != Mode::MeanPath || scenario.uncertain.is_empty() {
        return None;
    }
    let inputs: Vec<String> = scenario
        .uncertain
        .iter()
        .map(|u| format!("{} {}", u.key, format_real(u.mean(), 2)))
        .collect();
    Some(format!(
        "The mean path uses each range's mean and ignores its spread ({}); \
         Monte Carlo draws them.",
        inputs.join(", ")
    ))
}

/// The calendar date of each night, by the scenario's `start_date`.
fn dates<'a>(run: &Outcome<'a>) -> impl Fn(u32) -> Option<Date> + 'a {
    let scenario = run.scenario;
    move |night| scenario.date_of(night)
}

/// Whether any threat of the scenario has an arsenal: only then is the
/// attacker's side worth a column, a row or a table.
pub fn has_arsenal(scenario: &Scenario) -> bool {
    scenario.threats.iter().any(|t| t.arsenal.is_some())
}

/// A summary field's cell as tables show it: nights dated and marked,
/// money in units.
fn summary_cell(metric: Metric, run: &Outcome<'_>) -> Cell {
    let summary = &run.simulation.summary;
    if metric.is_night() {
        return Cell::night(metric.value(summary), dates(run));
    }
    metric_cell(metric, summary)
}

/// "attack, night 40 (ballistic)", with the night's date when there is one
/// ("defence, night 12, 2025-07-21 (pac3-mse)").
pub fn runs_out_first_words(run: &RunsOutFirst, date_of: impl Fn(u32) -> Option<Date>) -> String {
    let date = night_date(run.night, date_of).map_or(String::new(), |d| format!(", {d}"));
    format!(
        "{}, night {}{date} ({})",
        run.side.name(),
        format_real(run.night, 2),
        run.name
    )
}

/// The summary's "runs out first" cell: the side, night and what ran out;
/// "neither" when neither side runs out (in Monte Carlo, when no side ran
/// out first in most trials, "no majority").
fn runs_out_first_cell(run: &Outcome<'_>) -> Cell {
    let summary = &run.simulation.summary;
    match &summary.runs_out_first {
        Some(first) => {
            let text = Cell::Text(runs_out_first_words(first, dates(run)));
            match first.side {
                Side::Defence => Cell::Marked(Box::new(text), Mark::Alarm),
                Side::Attack => text,
            }
        }
        None if summary
            .distribution
            .as_ref()
            .is_some_and(|d| d.runs_out_first.neither < 0.5) =>
        {
            Cell::Text("no majority".into())
        }
        None => Cell::Text("neither".into()),
    }
}

/// The summary fields that apply to the summary's mode.
pub fn summary_metrics(summary: &Summary) -> impl Iterator<Item = Metric> + '_ {
    Metric::ALL
        .into_iter()
        .filter(|m| m.applies_to(summary.mode))
}

/// The note that goes wherever decoys are counted.
pub const DECOY_NOTE: &str = "Decoys are never leakers: those not destroyed do no harm \
     and make no shortfall, though the interceptors fired at them are spent.";

/// Field and value, one row per summary field of the mode.
pub fn summary_grid(run: &Outcome<'_>) -> Grid {
    let summary = &run.simulation.summary;
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
            .map(|m| vec![Cell::Text(label(m.name())), summary_cell(m, run)])
            // Fields with no value here (costs not given) are left out, and
            // electronic warfare where it took nothing.
            .filter(|row| row[1] != Cell::Empty)
            .filter(|row| {
                !(row[0] == Cell::Text(label("lost_to_ew")) && summary.lost_to_ew == 0.0)
            }),
    );
    let mut notes = Vec::new();
    if let Some(decoys) = &summary.decoys {
        for (name, value) in [
            ("decoys destroyed", decoys.destroyed),
            ("decoys missed", decoys.missed),
            ("decoys unengaged", decoys.unengaged),
        ] {
            rows.push(vec![Cell::Text(name.into()), Cell::Real(value)]);
        }
        notes.push(DECOY_NOTE.to_string());
    }
    if has_arsenal(run.scenario) {
        rows.push(vec![
            Cell::Text("runs out first".into()),
            runs_out_first_cell(run),
        ]);
    }
    notes.extend(uncertain_note(run.scenario, summary));
    Grid {
        headers: vec!["field".into(), "value".into()],
        rows,
        notes,
    }
}

/// Per interceptor type, for scenarios with more than one type or threat.
pub fn interceptors_grid(run: &Outcome<'_>) -> Grid {
    let summary = &run.simulation.summary;
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
                    Cell::night(t.exhausted_night, dates(run)),
                ]
            })
            .collect(),
        notes: Vec::new(),
    }
}

/// Per threat, in engagement order: launched, lost to electronic warfare
/// (where any was), engaged and leakers.
pub fn threats_grid(run: &Outcome<'_>) -> Grid {
    let summary = &run.simulation.summary;
    let with_ew = summary.by_threat.iter().any(|t| t.lost_to_ew > 0.0);
    let mut headers: Vec<String> = vec!["threat".into(), "launched".into()];
    if with_ew {
        headers.push("lost to ew".into());
    }
    headers.extend(["engaged", "leakers"].map(String::from));
    let rows = summary
        .by_threat
        .iter()
        .map(|t| {
            let mut row = vec![Cell::Text(t.name.clone()), Cell::Real(t.launched)];
            if with_ew {
                row.push(Cell::Real(t.lost_to_ew));
            }
            row.extend([Cell::Real(t.engaged), Cell::Real(t.leakers)]);
            row
        })
        .collect();
    Grid {
        headers,
        rows,
        notes: Vec::new(),
    }
}

/// The attacker's arsenals: per threat that has one, what it held before
/// night 1, made within the horizon and held after the last night, and the
/// first night it could not fill the planned raid.
pub fn arsenal_grid(run: &Outcome<'_>) -> Option<Grid> {
    let summary = &run.simulation.summary;
    let rows: Vec<Vec<Cell>> = summary
        .by_threat
        .iter()
        .filter_map(|t| {
            Some(vec![
                Cell::Text(t.name.clone()),
                Cell::Real(t.arsenal_start?),
                Cell::Real(t.produced.unwrap_or(0.0)),
                Cell::Real(t.arsenal_end.unwrap_or(0.0)),
                match t.dry_night.flatten() {
                    Some(night) => dated(night, dates(run)),
                    None => Cell::Never,
                },
            ])
        })
        .collect();
    (!rows.is_empty()).then(|| Grid {
        headers: [
            "threat",
            "arsenal start",
            "produced",
            "arsenal end",
            "dry night",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: vec![
            "Dry night: the first night the arsenal could not fill the planned raid \
             (never under massing)."
                .into(),
        ],
    })
}

/// Per decoy threat: what became of its objects.
pub fn decoys_grid(run: &Outcome<'_>) -> Option<Grid> {
    let summary = &run.simulation.summary;
    let rows: Vec<Vec<Cell>> = summary
        .by_threat
        .iter()
        .filter_map(|t| {
            let d = t.decoys?;
            Some(vec![
                Cell::Text(t.name.clone()),
                Cell::Real(t.launched),
                Cell::Real(d.destroyed),
                Cell::Real(d.missed),
                Cell::Real(d.unengaged),
            ])
        })
        .collect();
    (!rows.is_empty()).then(|| Grid {
        headers: [
            "decoy threat",
            "launched",
            "destroyed",
            "missed",
            "unengaged",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: Vec::new(),
    })
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

/// "pac3-mse (29)", with its date when there is one ("pac3-mse (29,
/// 2025-08-07)"); blank with one type (the exhausted night says it),
/// "none" when no type runs dry.
fn first_type_dry_cell(run: &Outcome<'_>) -> Cell {
    let summary = &run.simulation.summary;
    match first_type_dry(summary) {
        _ if summary.by_interceptor.len() < 2 => Cell::Text(String::new()),
        Some((name, night)) => {
            let date = night_date(night, dates(run)).map_or(String::new(), |d| format!(", {d}"));
            Cell::Marked(
                Box::new(Cell::Text(format!(
                    "{name} ({}{date})",
                    format_real(night, 2)
                ))),
                Mark::Alarm,
            )
        }
        None => Cell::Marked(Box::new(Cell::Text("none".into())), Mark::Fine),
    }
}

/// The spread cells of one figure, one per [`Stat`]: a percentile of a
/// night figure dated and marked, one that falls on a night that never
/// came "never".
fn spread_cells(night: bool, spread: &Spread, date_of: impl Fn(u32) -> Option<Date>) -> [Cell; 4] {
    Stat::ALL.map(|stat| match (stat, stat.of(spread)) {
        (Stat::Mean, Some(x)) => Cell::Real(x),
        (_, value) if night => Cell::night(value, &date_of),
        (_, Some(x)) => Cell::Real(x),
        (_, None) => Cell::Never,
    })
}

fn spreads(summary: &Summary) -> Option<[&Spread; 4]> {
    let d = summary.distribution.as_ref()?;
    Some(Figure::ALL.map(|figure| figure.of(d)))
}

/// The headers of a spread table: its first column, then each statistic.
fn spread_headers(first: &str) -> Vec<String> {
    let mut headers = vec![first.to_string()];
    headers.extend(Stat::ALL.map(|s| s.name().to_string()));
    headers
}

/// Monte Carlo only: the spread over trials of each distribution figure.
pub fn distribution_grid(run: &Outcome<'_>) -> Option<Grid> {
    let summary = &run.simulation.summary;
    let spreads = spreads(summary)?;
    let rows = Figure::ALL
        .iter()
        .zip(spreads)
        .map(|(figure, spread)| {
            let mut row = vec![Cell::Text(label(figure.name()))];
            row.extend(spread_cells(figure.is_night(), spread, dates(run)));
            row
        })
        .collect();
    Some(Grid {
        headers: spread_headers("over trials"),
        rows,
        notes: vec![format!(
            "A trial without a shortfall, or that never runs dry, counts as night {} in \
             that night's mean; a percentile that falls on such a trial reads \"never\".",
            summary.horizon_nights + 1
        )],
    })
}

/// Monte Carlo with an arsenal: the share of trials in which each side ran
/// out first, and the spread of the night over those trials.
pub fn runs_out_first_grid(run: &Outcome<'_>) -> Option<Grid> {
    let shares = &run.simulation.summary.distribution.as_ref()?.runs_out_first;
    if !has_arsenal(run.scenario) {
        return None;
    }
    let mut headers = vec!["runs out first".to_string(), "share of trials".to_string()];
    headers.extend(Stat::ALL.map(|s| format!("night {}", s.name())));
    let side = |name: &str, share: f64, night: Option<&Spread>| {
        let mut row = vec![Cell::Text(name.into()), Cell::Probability(share)];
        match night {
            Some(spread) => row.extend(spread_cells(true, spread, dates(run))),
            None => row.extend(std::iter::repeat_n(Cell::Empty, Stat::ALL.len())),
        }
        row
    };
    Some(Grid {
        headers,
        rows: vec![
            side("attack", shares.attack, shares.attack_night.as_ref()),
            side("defence", shares.defence, shares.defence_night.as_ref()),
            side("neither", shares.neither, None),
        ],
        notes: vec![
            "The attack runs out first on the first night an arsenal cannot fill its \
             planned raid, the defence at its first shortfall for stock; the night is \
             over the trials in which that side ran out first."
                .into(),
        ],
    })
}

/// Monte Carlo with figures given as ranges: each one's rank correlation
/// with the headline figures, strongest first.
pub fn drivers_grid(run: &Outcome<'_>) -> Option<Grid> {
    let drivers = &run.simulation.summary.drivers;
    if drivers.is_empty() {
        return None;
    }
    let correlation = |x: Option<f64>| x.map_or(Cell::Empty, Cell::Real);
    Some(Grid {
        headers: [
            "input",
            "nights fully defended",
            "leakers",
            "first shortfall night",
        ]
        .map(String::from)
        .to_vec(),
        rows: drivers
            .iter()
            .map(|d| {
                vec![
                    Cell::Text(d.input.clone()),
                    correlation(d.nights_fully_defended),
                    correlation(d.leakers),
                    correlation(d.first_shortfall_night),
                ]
            })
            .collect(),
        notes: vec![
            "What drives the spread: each input given as a range against each figure, \
             their rank correlation (Spearman) over the trials, from -1 to 1, strongest \
             first; blank where the input or the figure never varies."
                .into(),
        ],
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
    row.push(night.interceptor_spend.map_or(Cell::Empty, Cell::Money));
    row
}

/// The key of a threat's own arsenal column in the nights table and CSV:
/// `by_threat.<name>.arsenal_end`, as in JSON (`nights[i].by_threat`).
pub fn threat_arsenal_key(name: &str) -> String {
    format!("by_threat.{name}.arsenal_end")
}

/// The arsenal of threat `threat` at the end of night `night` (from 1), if
/// it has one.
pub fn threat_arsenal_end(run: &Outcome<'_>, threat: usize, night: usize) -> Option<f64> {
    let threats = run.scenario.threats.len();
    run.scenario.threats.get(threat)?.arsenal.as_ref()?;
    run.simulation
        .arsenal_nights
        .get((night - 1) * threats + threat)
        .copied()
}

/// One column of the nights table for people: its key (a [`NIGHT_COLUMNS`]
/// name, or [`threat_arsenal_key`]), its header and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct NightColumn {
    pub key: String,
    pub header: String,
    pub cells: Vec<Cell>,
}

/// The order in which a table too narrow for every night column keeps
/// them: the night, what was launched and leaked and the stock left first,
/// then the date, the interceptors fired and (with an arsenal) the
/// attacker's stock left; the stock at dusk (the night before's stock at
/// dawn) and the spend last.
pub const NIGHT_COLUMNS_KEPT_FIRST: [&str; 15] = [
    "night",
    "launched",
    "leakers",
    "stock_end",
    "date",
    "expended",
    "arsenal_end",
    "delivered",
    "leaked_for_capacity",
    "leaked_for_stock",
    "engaged",
    "p_night_without_leakers",
    "lost_to_ew",
    "stock_start",
    "interceptor_spend",
];

/// How early a night column is kept when some must go (0 first); a
/// threat's own arsenal comes after the total.
pub fn night_column_rank(key: &str) -> usize {
    NIGHT_COLUMNS_KEPT_FIRST
        .iter()
        .position(|k| *k == key)
        .unwrap_or_else(|| {
            NIGHT_COLUMNS_KEPT_FIRST
                .iter()
                .position(|k| *k == "lost_to_ew")
                .unwrap_or(0)
        })
}

/// The nights columns for people. The date column appears only with dates;
/// the chance of a night without leakers only when it is not simply 1 or 0;
/// the split of leakers only where capacity ever binds; each threat's own
/// arsenal only when more than one threat has one (with one, it is the
/// total). Leakers on a night with a shortfall are marked.
pub fn night_columns(run: &Outcome<'_>) -> Vec<NightColumn> {
    let nights = &run.simulation.nights;
    let with_date = nights.iter().any(|n| n.date.is_some());
    let with_chance = nights
        .iter()
        .any(|n| n.p_night_without_leakers != 0.0 && n.p_night_without_leakers != 1.0);
    let with_spend = nights.iter().any(|n| n.interceptor_spend.is_some());
    let with_ew = nights.iter().any(|n| n.lost_to_ew.is_some());
    let with_arsenal = nights.iter().any(|n| n.arsenal_end.is_some());
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
    let rows: Vec<Vec<Cell>> = nights
        .iter()
        .map(|n| {
            let mut cells = night_cells(n);
            if is_shortfall(n) {
                cells[7] = Cell::Marked(Box::new(cells[7].clone()), Mark::Alarm);
            }
            cells
        })
        .collect();
    let mut columns: Vec<NightColumn> = NIGHT_COLUMNS
        .iter()
        .enumerate()
        .filter(|(_, key)| keep(key))
        .map(|(i, key)| NightColumn {
            key: key.to_string(),
            header: label(key),
            cells: rows.iter().map(|row| row[i].clone()).collect(),
        })
        .collect();
    let armed: Vec<usize> = (0..run.scenario.threats.len())
        .filter(|&t| run.scenario.threats[t].arsenal.is_some())
        .collect();
    if armed.len() > 1 && !run.simulation.arsenal_nights.is_empty() {
        for t in armed {
            let name = &run.scenario.threats[t].name;
            columns.push(NightColumn {
                key: threat_arsenal_key(name),
                header: format!("{name} arsenal end"),
                cells: (1..=nights.len())
                    .map(|n| threat_arsenal_end(run, t, n).map_or(Cell::Empty, Cell::Real))
                    .collect(),
            });
        }
    }
    columns
}

/// `columns` as a grid, one row per night.
pub fn nights_grid(columns: &[NightColumn]) -> Grid {
    let nights = columns.first().map_or(0, |c| c.cells.len());
    Grid {
        headers: columns.iter().map(|c| c.header.clone()).collect(),
        rows: (0..nights)
            .map(|n| columns.iter().map(|c| c.cells[n].clone()).collect())
            .collect(),
        notes: Vec::new(),
    }
}

/// The order in which a comparison too wide for the width keeps its
/// columns, by header (0 first): the scenario and its mode, the nights
/// fully defended, the first shortfall, who runs out first and the
/// leakers before the rest.
pub fn compare_column_rank(header: &str) -> usize {
    const KEPT_FIRST: [&str; 13] = [
        "scenario",
        "mode",
        "nights fully defended",
        "nights fully defended p50",
        "first shortfall night",
        "runs out first",
        "leakers",
        "leakers mean",
        "p lasts horizon",
        "p5-p95",
        "first type dry",
        "exhausted night",
        "exhausted night p50",
    ];
    KEPT_FIRST
        .iter()
        .position(|h| *h == header)
        .unwrap_or(KEPT_FIRST.len())
}

/// A figure of a row in `compare`, with its change against the baseline
/// when there is one and the figure is one that changes are given for.
fn with_change(comparison: &Comparison<'_>, row: &Outcome<'_>, metric: Metric, cell: Cell) -> Cell {
    match &comparison.baseline {
        Some(base) if CHANGE_METRICS.contains(&metric) => Cell::WithChange(
            Box::new(cell),
            change(metric, &row.simulation.summary, &base.simulation.summary),
        ),
        _ => cell,
    }
}

/// One row per scenario with the fields people compare first; against a
/// baseline, each changed field shows its change beside the value.
///
/// The columns follow the mode: exact or mean-path figures, or Monte Carlo
/// medians and ranges. When the scenarios ran in different modes, the Monte
/// Carlo columns are used, a column says each row's mode, and a mean-path
/// row shows its one figure as its median. With several interceptor types,
/// "first type dry" is added (and takes the place of the final stock); with
/// an arsenal anywhere, "runs out first".
pub fn compare_grid(comparison: &Comparison<'_>) -> Grid {
    // Monte Carlo columns if any row ran trials: a row where nothing is
    // random reads as its every trial would, and a mean-path row gives its
    // one figure as its median.
    let monte_carlo = comparison
        .rows
        .iter()
        .any(|r| r.simulation.summary.mode == Mode::MonteCarlo);
    let breakdown = comparison
        .rows
        .iter()
        .any(|r| r.simulation.summary.by_interceptor.len() > 1);
    let attack = comparison.rows.iter().any(|r| has_arsenal(r.scenario));
    let mut headers = vec!["scenario".to_string()];
    let mut rows: Vec<Vec<Cell>> = comparison
        .rows
        .iter()
        .map(|row| vec![Cell::Text(row.scenario.name.clone())])
        .collect();
    if monte_carlo {
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
        for (cells, row) in rows.iter_mut().zip(&comparison.rows) {
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
            let median = match summary.mode {
                Mode::MeanPath => Cell::Real(summary.nights_fully_defended),
                _ => nights(Stat::P50).map_or(Cell::Empty, Cell::Real),
            };
            cells.extend([
                median,
                Cell::Text(range),
                with_change(
                    comparison,
                    row,
                    Metric::PLastsHorizon,
                    measure_cell(
                        Measure::Field(Metric::PLastsHorizon),
                        Measure::Field(Metric::PLastsHorizon).value(summary),
                    ),
                ),
                summary_cell(Metric::ExhaustedNight, row),
                with_change(
                    comparison,
                    row,
                    Metric::Leakers,
                    metric_cell(Metric::Leakers, summary),
                ),
            ]);
        }
    } else {
        // Chosen to fit 80 columns; CSV and JSON carry every field. With
        // several interceptor types, "first type dry" takes the place of
        // the final stock.
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
        for (cells, row) in rows.iter_mut().zip(&comparison.rows) {
            cells.extend(
                columns
                    .iter()
                    .map(|&m| with_change(comparison, row, m, summary_cell(m, row))),
            );
        }
    }
    if breakdown {
        headers.push("first type dry".into());
        for (cells, row) in rows.iter_mut().zip(&comparison.rows) {
            cells.push(first_type_dry_cell(row));
        }
    }
    if attack {
        headers.push("runs out first".into());
        for (cells, row) in rows.iter_mut().zip(&comparison.rows) {
            cells.push(if has_arsenal(row.scenario) {
                runs_out_first_cell(row)
            } else {
                Cell::Text(String::new())
            });
        }
    }
    let mut notes = differences_and_notes(comparison, &mut headers, &mut rows, true);
    if attack {
        notes.push(
            "Runs out first: the attack on the first night an arsenal cannot fill its \
             planned raid, the defence at its first shortfall for stock."
                .into(),
        );
    }
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

/// One column of the CSV row of every summary field: its name, and its
/// cell for a run.
type SummaryColumn<'c> = (String, Box<dyn Fn(&Outcome<'_>) -> Cell + 'c>);

/// A column of a summary figure that may be absent (empty then).
fn optional_column<'c>(
    name: &str,
    cell: impl Fn(&Summary) -> Option<Cell> + 'c,
) -> SummaryColumn<'c> {
    (
        name.into(),
        Box::new(move |r| cell(&r.simulation.summary).unwrap_or(Cell::Empty)),
    )
}

/// A night's date as a CSV cell: empty without a date (or a night).
fn date_cell(night: Option<f64>, run: &Outcome<'_>) -> Cell {
    night
        .and_then(|n| night_date(n, dates(run)))
        .map_or(Cell::Empty, |d| Cell::Text(d.to_string()))
}

/// The columns of a spread in the CSV row: `<prefix>_<stat>`, and for a
/// night figure `<prefix>_<stat>_date` after each percentile.
fn spread_columns<'c>(
    prefix: &str,
    night: bool,
    spread: impl Fn(&Summary) -> Option<&Spread> + Copy + 'c,
) -> Vec<SummaryColumn<'c>> {
    let mut columns: Vec<SummaryColumn<'c>> = Vec::new();
    for stat in Stat::ALL {
        columns.push((
            format!("{prefix}_{}", stat.name()),
            Box::new(move |run| match spread(&run.simulation.summary) {
                Some(s) => stat.of(s).map_or(Cell::Never, Cell::Real),
                None => Cell::Empty,
            }),
        ));
        if night && stat != Stat::Mean {
            columns.push((
                format!("{prefix}_{}_date", stat.name()),
                Box::new(move |run| {
                    date_cell(
                        spread(&run.simulation.summary).and_then(|s| stat.of(s)),
                        run,
                    )
                }),
            ));
        }
    }
    columns
}

/// Every column of the CSV row of a summary, in order: name, file, mode,
/// trials, seed; each summary field, a night followed by its date; the
/// decoys; who runs out first; each distribution statistic (a percentile
/// of a night followed by its date) and the shares of who runs out first;
/// the first type dry; and `drivers.<input>.<figure>` for every input
/// given as a range in any of `runs`.
fn summary_columns<'c>(runs: &[Outcome<'_>]) -> Vec<SummaryColumn<'c>> {
    let mut columns: Vec<SummaryColumn<'c>> = vec![
        (
            "name".into(),
            Box::new(|r| Cell::Text(r.scenario.name.clone())),
        ),
        ("file".into(), Box::new(|r| Cell::Text(r.file.to_string()))),
        (
            "mode".into(),
            Box::new(|r| Cell::Text(r.simulation.summary.mode.name().into())),
        ),
        (
            "trials".into(),
            Box::new(|r| r.simulation.summary.trials.map_or(Cell::Empty, Cell::Whole)),
        ),
        (
            "seed".into(),
            Box::new(|r| r.simulation.summary.seed.map_or(Cell::Empty, Cell::Whole)),
        ),
    ];
    for metric in Metric::ALL {
        columns.push((
            metric.name().into(),
            Box::new(move |r| metric_cell(metric, &r.simulation.summary)),
        ));
        if metric.is_night() {
            columns.push((
                metric.name().replace("_night", "_date"),
                Box::new(move |r| date_cell(metric.value(&r.simulation.summary), r)),
            ));
        }
    }
    type Decoy = fn(&DecoyCounts) -> f64;
    let decoy_fields: [(&str, Decoy); 3] = [
        ("decoys_destroyed", |d| d.destroyed),
        ("decoys_missed", |d| d.missed),
        ("decoys_unengaged", |d| d.unengaged),
    ];
    for (name, field) in decoy_fields {
        columns.push(optional_column(name, move |s| {
            Some(Cell::Real(field(s.decoys.as_ref()?)))
        }));
    }
    columns.push(optional_column("runs_out_first_side", |s| {
        Some(Cell::Text(s.runs_out_first.as_ref()?.side.name().into()))
    }));
    columns.push(optional_column("runs_out_first_night", |s| {
        Some(Cell::Real(s.runs_out_first.as_ref()?.night))
    }));
    columns.push((
        "runs_out_first_date".into(),
        Box::new(|r| {
            let night = r
                .simulation
                .summary
                .runs_out_first
                .as_ref()
                .map(|f| f.night);
            date_cell(night, r)
        }),
    ));
    columns.push(optional_column("runs_out_first_name", |s| {
        Some(Cell::Text(s.runs_out_first.as_ref()?.name.clone()))
    }));
    for figure in Figure::ALL {
        columns.extend(spread_columns(figure.name(), figure.is_night(), move |s| {
            s.distribution.as_ref().map(|d| figure.of(d))
        }));
    }
    type Share = fn(&RunsOutFirstShares) -> f64;
    let shares: [(&str, Share); 3] = [
        ("runs_out_first_attack", |s| s.attack),
        ("runs_out_first_defence", |s| s.defence),
        ("runs_out_first_neither", |s| s.neither),
    ];
    for (name, share) in shares {
        columns.push(optional_column(name, move |s| {
            Some(Cell::Probability(share(
                &s.distribution.as_ref()?.runs_out_first,
            )))
        }));
    }
    columns.extend(spread_columns("runs_out_first_attack_night", true, |s| {
        s.distribution
            .as_ref()?
            .runs_out_first
            .attack_night
            .as_ref()
    }));
    columns.extend(spread_columns("runs_out_first_defence_night", true, |s| {
        s.distribution
            .as_ref()?
            .runs_out_first
            .defence_night
            .as_ref()
    }));
    columns.extend::<[SummaryColumn<'c>; 3]>([
        (
            "first_type_dry".into(),
            Box::new(|r| match first_type_dry(&r.simulation.summary) {
                Some((name, _)) => Cell::Text(name.into()),
                None => Cell::Empty,
            }),
        ),
        (
            "first_type_dry_night".into(),
            Box::new(|r| match first_type_dry(&r.simulation.summary) {
                Some((_, night)) => Cell::Real(night),
                None => Cell::Never,
            }),
        ),
        (
            "first_type_dry_date".into(),
            Box::new(|r| date_cell(first_type_dry(&r.simulation.summary).map(|f| f.1), r)),
        ),
    ]);
    let mut inputs: Vec<String> = Vec::new();
    for run in runs {
        for d in &run.simulation.summary.drivers {
            if !inputs.contains(&d.input) {
                inputs.push(d.input.clone());
            }
        }
    }
    type Correlation = fn(&Driver) -> Option<f64>;
    let figures: [(&str, Correlation); 3] = [
        ("nights_fully_defended", |d| d.nights_fully_defended),
        ("leakers", |d| d.leakers),
        ("first_shortfall_night", |d| d.first_shortfall_night),
    ];
    for input in inputs {
        for (figure, correlation) in figures {
            let key = input.clone();
            columns.push((
                format!("drivers.{input}.{figure}"),
                Box::new(move |r| {
                    r.simulation
                        .summary
                        .drivers
                        .iter()
                        .find(|d| d.input == key)
                        .and_then(correlation)
                        .map_or(Cell::Empty, Cell::Real)
                }),
            ));
        }
    }
    columns
}

/// Every summary field of each of `runs`, one row each: the CSV of `run`
/// and of `compare`.
pub fn summary_rows(runs: &[Outcome<'_>]) -> Grid {
    let columns = summary_columns(runs);
    Grid {
        headers: columns.iter().map(|(name, _)| name.clone()).collect(),
        rows: runs
            .iter()
            .map(|run| columns.iter().map(|(_, cell)| cell(run)).collect())
            .collect(),
        notes: Vec::new(),
    }
}

/// Every field of every scenario, for CSV, and with a baseline each
/// `<field>_change`.
pub fn compare_grid_full(comparison: &Comparison<'_>) -> Grid {
    let mut grid = summary_rows(&comparison.rows);
    if let Some(base) = &comparison.baseline {
        grid.headers.extend(
            CHANGE_METRICS
                .iter()
                .map(|m| format!("{}_change", m.name())),
        );
        for (cells, row) in grid.rows.iter_mut().zip(&comparison.rows) {
            let summary = &row.simulation.summary;
            cells.extend(
                CHANGE_METRICS
                    .iter()
                    .map(|&m| Cell::Change(change(m, summary, &base.simulation.summary))),
            );
        }
    }
    grid
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
