//! The stock over time: one line per scenario (per interceptor type in the
//! long form), dates on the x axis where every scenario starts on the same
//! `start_date` and night numbers otherwise, and leakers night by night, by
//! threat, in a panel beneath, drawn as steps (each night a level, from
//! night 1). In Monte Carlo mode the line is the median over trials inside
//! a shaded 5–95% band (when the simulation carries one, see
//! [`crate::sim::simulate_with_band`]).
//!
//! Where some scenario's attacker has an arsenal, a plot between the stock
//! and the leakers, on the same night axis, draws each arsenal night by
//! night (`Simulation::arsenal_nights`; Monte Carlo: means), with the night
//! it runs dry ruled and written, and above the panel who runs out first in
//! words ([`super::events`]); in small multiples every panel has one, on
//! one scale. Scenarios without an arsenal are drawn without it.
//!
//! Each scenario's first shortfall night is ruled across every plot and
//! written on the chart with its date, and ringed on the line of each type
//! whose stock or fire capacity caused it ([`super::events`]). A replayed
//! record of real raids that ends before the horizon is ruled where it ends,
//! and what follows it (repeated or fitted raids) is shaded and named.
//!
//! Lines carry direct labels at their right ends, so a line of 10
//! interceptors beside lines of 300 is named where it runs; the axis ends
//! 5% above the largest stock, and zero sits a few pixels above the frame
//! so a line on it is not hidden by the frame. Beyond [`HANDFUL`] lines in
//! all, several scenarios are drawn as small multiples: one panel per
//! scenario, every panel on the same scales.
//!
//! Each stock line is a `<g class="series">` with its label in
//! `data-label`; each leakers line a `<g class="leakers">`, each arsenal
//! line a `<g class="arsenal">`.

use super::events::{self, Shortfall};
use super::font::{self, Weight};
use super::{
    Canvas, HALO, MARGIN, Scale, Style, axis_top, escape, heading, legend_layout, legend_sample,
    num, polyline, ring, style, text, text_width, tick_label, ticks, x_labels,
};
use crate::outcome::Outcome as ScenarioReport;
use crate::sim::Mode;
use std::collections::HashMap;
use std::fmt::Write;

/// The width of the chart as a file.
pub const WIDE: f64 = 960.0;
/// The width of the chart drawn for a phone (the HTML report's narrow
/// layout): text stays at its size in pixels on a 390-pixel screen.
pub const NARROW: f64 = 360.0;
/// The most stock lines drawn together on one panel when there are several
/// scenarios; beyond it, one panel per scenario.
pub const HANDFUL: usize = 4;

/// Pixels between zero and the bottom of a panel's frame.
const FLOOR: f64 = 6.0;
const TICK_SIZE: f64 = 11.0;
const CAPTION_SIZE: f64 = 12.0;
const LABEL_SIZE: f64 = 11.0;

/// One line of a stock panel.
struct Line {
    label: String,
    /// What gives the line its style: lines of the same key look alike in
    /// every panel.
    key: String,
    run: usize,
    /// The interceptor type, when the line is one type's.
    interceptor: Option<usize>,
    /// Stock at the end of nights 0 (the stockpile), 1, …, horizon.
    central: Vec<f64>,
    band: Option<(Vec<f64>, Vec<f64>)>,
}

/// One line of a leakers panel: leakers on nights 1, …, horizon.
struct Leaks {
    label: String,
    key: String,
    run: usize,
    values: Vec<f64>,
}

/// One line of an arsenal panel: the missiles of one threat's arsenal on
/// hand at the end of nights 0 (before night 1), 1, …, horizon.
struct ArsenalLine {
    label: String,
    key: String,
    run: usize,
    threat: usize,
    values: Vec<f64>,
}

/// How the lines of one run are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Naming {
    /// The run is the chart's only one.
    Alone,
    /// Several runs share one panel: lines carry the scenario's name.
    Together,
    /// Each run has its own panel (small multiples): its title names it,
    /// and a run's total line looks the same in every panel.
    Panel,
}

/// The stock lines of one run: per type where the simulation has per-type
/// paths and several types, else one line of the total.
fn lines_of(run: &ScenarioReport<'_>, index: usize, naming: Naming) -> Vec<Line> {
    let scenario = run.scenario;
    let sim = run.simulation;
    let paths = &sim.stock;
    let types = scenario.interceptors.len();
    let with_start = |start: f64, rest: Vec<f64>| {
        let mut v = Vec::with_capacity(rest.len() + 1);
        v.push(start);
        v.extend(rest);
        v
    };
    if paths.is_empty() || types == 1 {
        let stockpile: f64 = scenario
            .interceptors
            .iter()
            .map(|t| t.stockpile as f64)
            .sum();
        let (central, band) = if paths.is_empty() {
            (sim.nights.iter().map(|n| n.stock_end).collect(), None)
        } else {
            let band = paths.has_band().then(|| {
                (
                    with_start(stockpile, paths.p5.clone()),
                    with_start(stockpile, paths.p95.clone()),
                )
            });
            (paths.central.clone(), band)
        };
        let (label, key) = match naming {
            Naming::Panel => ("all interceptors".to_string(), "total stock".to_string()),
            _ => (scenario.name.clone(), format!("scenario {index}")),
        };
        return vec![Line {
            label,
            key,
            run: index,
            interceptor: (types == 1).then_some(0),
            central: with_start(stockpile, central),
            band,
        }];
    }
    scenario
        .interceptors
        .iter()
        .enumerate()
        .map(|(t, interceptor)| {
            let start = interceptor.stockpile as f64;
            let of = |values: &[f64]| with_start(start, paths.of_type(values, t).collect());
            Line {
                label: if naming == Naming::Together {
                    format!("{}: {}", scenario.name, interceptor.name)
                } else {
                    interceptor.name.clone()
                },
                key: format!("type {}", interceptor.name),
                run: index,
                interceptor: Some(t),
                central: of(&paths.central),
                band: paths.has_band().then(|| (of(&paths.p5), of(&paths.p95))),
            }
        })
        .collect()
}

/// The leakers lines of one run, one per threat that something engages,
/// and a note naming the threats nothing engages (drawn, their every
/// missile would swamp the panel; the note gives their total instead).
fn leaks_of(run: &ScenarioReport<'_>, index: usize, naming: Naming) -> (Vec<Leaks>, Vec<String>) {
    let several = naming == Naming::Together;
    let scenario = run.scenario;
    let sim = run.simulation;
    let horizon = sim.nights.len();
    let threats = scenario.threats.len();
    let prefix = |what: &str| {
        if several {
            format!("{}: {what}", scenario.name)
        } else {
            what.to_string()
        }
    };
    if threats == 0 || sim.threat_leakers.len() != horizon * threats {
        let total = Leaks {
            label: if several {
                scenario.name.clone()
            } else {
                "all threats".to_string()
            },
            key: if several {
                format!("scenario {index}")
            } else {
                "total leakers".to_string()
            },
            run: index,
            values: sim.nights.iter().map(|n| n.leakers).collect(),
        };
        return (vec![total], Vec::new());
    }
    let mut lines = Vec::new();
    let mut unengaged = Vec::new();
    for (i, threat) in scenario.threats.iter().enumerate() {
        if threat.tiers.is_empty() {
            let total = run
                .simulation
                .summary
                .by_threat
                .get(i)
                .map_or(0.0, |t| t.leakers);
            unengaged.push(format!(
                "{} ({} in all)",
                threat.name,
                tick_label(round2(total))
            ));
            continue;
        }
        lines.push(Leaks {
            label: threat_label(run, i, naming),
            key: threat_key(run, index, i, naming),
            run: index,
            values: (0..horizon)
                .map(|n| sim.threat_leakers[n * threats + i])
                .collect(),
        });
    }
    let note = (!unengaged.is_empty()).then(|| {
        prefix(&format!(
            "Not drawn (engaged by nothing, every missile a leaker): {}",
            unengaged.join(", ")
        ))
    });
    (lines, note.into_iter().collect())
}

/// How threat `i` of a run is named in its leakers and arsenal lines: by
/// the scenario's name when runs share a panel and it is the run's only
/// threat, else by its own (after the scenario's name when runs share a
/// panel).
fn threat_label(run: &ScenarioReport<'_>, i: usize, naming: Naming) -> String {
    let scenario = run.scenario;
    let name = &scenario.threats[i].name;
    match naming {
        Naming::Together if scenario.threats.len() == 1 => scenario.name.clone(),
        Naming::Together => format!("{}: {name}", scenario.name),
        _ => name.clone(),
    }
}

/// What gives threat `i` of run `index` its look, the same in its leakers
/// and arsenal lines: a run's only threat takes its stock line's look when
/// lines are named by scenario; otherwise threats look alike by name.
fn threat_key(run: &ScenarioReport<'_>, index: usize, i: usize, naming: Naming) -> String {
    let scenario = run.scenario;
    if scenario.threats.len() == 1 && naming != Naming::Panel {
        format!("scenario {index}")
    } else {
        format!("threat {}", scenario.threats[i].name)
    }
}

/// The arsenal lines of one run: one per threat with an arsenal, from the
/// simulation's arsenal nights (Monte Carlo: means over trials).
fn arsenals_of(run: &ScenarioReport<'_>, index: usize, naming: Naming) -> Vec<ArsenalLine> {
    let scenario = run.scenario;
    let sim = run.simulation;
    let threats = scenario.threats.len();
    let horizon = sim.nights.len();
    if threats == 0 || sim.arsenal_nights.len() != horizon * threats {
        return Vec::new();
    }
    scenario
        .threats
        .iter()
        .enumerate()
        .filter_map(|(i, threat)| {
            let arsenal = threat.arsenal.as_ref()?;
            let mut values = Vec::with_capacity(horizon + 1);
            values.push(arsenal.on_hand as f64);
            values.extend((0..horizon).map(|n| sim.arsenal_nights[n * threats + i]));
            Some(ArsenalLine {
                label: threat_label(run, i, naming),
                key: threat_key(run, index, i, naming),
                run: index,
                threat: i,
                values,
            })
        })
        .collect()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Night steps for the x axis, in nights: round numbers, weeks and months.
const NIGHT_STEPS: [u32; 16] = [
    1, 2, 5, 7, 10, 14, 15, 20, 30, 50, 60, 90, 100, 120, 180, 365,
];

/// What every panel shares: the scales' domains and how the x axis reads.
struct Shared<'a> {
    runs: &'a [ScenarioReport<'a>],
    horizon: u32,
    dates: bool,
    stock_top: f64,
    leak_top: f64,
    /// The arsenal axis's top, when some run has an arsenal.
    arsenal_top: Option<f64>,
    styles: HashMap<String, usize>,
}

impl Shared<'_> {
    fn style(&self, key: &str) -> Style {
        style(self.styles.get(key).copied().unwrap_or(0))
    }

    /// A night as the x axis labels it: its date, or its number.
    fn night_label(&self, night: u32) -> String {
        match (self.dates, self.runs.first()) {
            (true, Some(r)) => r
                .scenario
                .date_of(night)
                .map_or(night.to_string(), |d| d.to_string()),
            _ => night.to_string(),
        }
    }

    /// The nights with a tick: night 1, then round steps.
    fn x_ticks(&self, plot_width: f64) -> Vec<u32> {
        let widest = text_width(&self.night_label(self.horizon), TICK_SIZE) + 14.0;
        let room = ((plot_width / widest).floor() as u32).max(2);
        let step = NIGHT_STEPS
            .into_iter()
            .find(|&s| self.horizon / s < room)
            .unwrap_or(365 * ((self.horizon / 365) / room.max(1) + 1));
        let mut nights = vec![1];
        if self.dates {
            nights.extend(
                (1..)
                    .map(|k| 1 + k * step)
                    .take_while(|&n| n <= self.horizon),
            );
        } else {
            nights.extend(
                (1..)
                    .map(|k| k * step)
                    .take_while(|&n| n <= self.horizon)
                    .filter(|&n| n > 1),
            );
        }
        nights
    }
}

/// Where one panel's two plots sit.
#[derive(Debug, Clone, Copy)]
struct Frame {
    left: f64,
    right: f64,
    stock: (f64, f64),
    /// The attacker's arsenal, between the stock and the leakers, when some
    /// run of the chart has one.
    arsenal: Option<(f64, f64)>,
    leak: (f64, f64),
}

impl Frame {
    /// The plots top to bottom, (top, bottom) each: they share the x axis.
    fn plots(&self) -> Vec<(f64, f64)> {
        [Some(self.stock), self.arsenal, Some(self.leak)]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// One panel: the lines of some runs, drawn into a frame.
struct Panel<'a> {
    title: Option<String>,
    runs: Vec<usize>,
    lines: Vec<&'a Line>,
    leaks: Vec<&'a Leaks>,
    arsenals: Vec<&'a ArsenalLine>,
    /// Who runs out first, in words, for each run with an arsenal.
    headline: Vec<String>,
    notes: Vec<String>,
}

/// The stock chart of `runs` at the file width, [`WIDE`].
pub fn stock_chart(runs: &[ScenarioReport<'_>]) -> String {
    stock_chart_width(runs, WIDE)
}

/// The stock chart of `runs`, `width` pixels wide (at least [`NARROW`]).
pub fn stock_chart_width(runs: &[ScenarioReport<'_>], width: f64) -> String {
    stock_canvas(runs, width).svg()
}

/// The stock chart of `runs` as a canvas, `width` pixels wide (at least
/// [`NARROW`]).
pub(crate) fn stock_canvas(runs: &[ScenarioReport<'_>], width: f64) -> Canvas {
    let width = width.max(NARROW);
    let naming = if runs.len() > 1 {
        Naming::Together
    } else {
        Naming::Alone
    };
    let lines_with = |naming| -> Vec<Line> {
        runs.iter()
            .enumerate()
            .flat_map(|(i, run)| lines_of(run, i, naming))
            .collect()
    };
    let mut lines = lines_with(naming);
    let multiples = runs.len() > 1 && lines.len() > HANDFUL;
    let naming = if multiples { Naming::Panel } else { naming };
    if multiples {
        lines = lines_with(naming);
    }
    let (leaks, leak_notes): (Vec<Vec<Leaks>>, Vec<Vec<String>>) = runs
        .iter()
        .enumerate()
        .map(|(i, run)| leaks_of(run, i, naming))
        .unzip();
    let leaks: Vec<Leaks> = leaks.into_iter().flatten().collect();
    let arsenals: Vec<ArsenalLine> = runs
        .iter()
        .enumerate()
        .flat_map(|(i, run)| arsenals_of(run, i, naming))
        .collect();

    // Styles: stock keys first, then leakers and arsenal keys not already
    // styled.
    let mut styles: HashMap<String, usize> = HashMap::new();
    for key in lines
        .iter()
        .map(|l| &l.key)
        .chain(leaks.iter().map(|l| &l.key))
        .chain(arsenals.iter().map(|l| &l.key))
    {
        let next = styles.len();
        styles.entry(key.clone()).or_insert(next);
    }
    let horizon = runs
        .iter()
        .map(|r| r.scenario.horizon_nights)
        .max()
        .unwrap_or(1)
        .max(1);
    let start = runs.first().and_then(|r| r.scenario.start_date);
    let dates = start.is_some() && runs.iter().all(|r| r.scenario.start_date == start);
    let stock_max = lines
        .iter()
        .flat_map(|l| {
            l.central
                .iter()
                .chain(l.band.iter().flat_map(|(_, high)| high.iter()))
        })
        .fold(0.0f64, |m, &v| m.max(v));
    let largest = |values: &mut dyn Iterator<Item = &f64>| values.fold(0.0f64, |m, &v| m.max(v));
    let leak_max = largest(&mut leaks.iter().flat_map(|l| l.values.iter()));
    let arsenal_max = largest(&mut arsenals.iter().flat_map(|l| l.values.iter()));
    let shared = Shared {
        runs,
        horizon,
        dates,
        stock_top: axis_top(stock_max),
        leak_top: axis_top(leak_max),
        arsenal_top: (!arsenals.is_empty()).then(|| axis_top(arsenal_max)),
        styles,
    };

    // Who runs out first, for each run whose attacker has an arsenal.
    let headline = |r: usize| -> Option<String> {
        let run = &runs[r];
        if !run.scenario.threats.iter().any(|t| t.arsenal.is_some()) {
            return None;
        }
        let words = events::runs_out_first_words(run);
        Some(if naming == Naming::Together {
            format!("{}: {words}", run.scenario.name)
        } else {
            words
        })
    };
    let panels: Vec<Panel<'_>> = if multiples {
        (0..runs.len())
            .map(|r| Panel {
                title: Some(runs[r].scenario.name.clone()),
                runs: vec![r],
                lines: lines.iter().filter(|l| l.run == r).collect(),
                leaks: leaks.iter().filter(|l| l.run == r).collect(),
                arsenals: arsenals.iter().filter(|l| l.run == r).collect(),
                headline: headline(r).into_iter().collect(),
                notes: leak_notes[r].clone(),
            })
            .collect()
    } else {
        vec![Panel {
            title: None,
            runs: (0..runs.len()).collect(),
            lines: lines.iter().collect(),
            leaks: leaks.iter().collect(),
            arsenals: arsenals.iter().collect(),
            headline: (0..runs.len()).filter_map(headline).collect(),
            notes: leak_notes.concat(),
        }]
    };

    let mode = runs.first().map(|r| &r.simulation.summary);
    let what = if arsenals.is_empty() {
        "Interceptor stock"
    } else {
        "Interceptor stock and the attacker's arsenal"
    };
    let title = match runs {
        [one] => format!("{what}: {}", one.scenario.name),
        _ => format!("{what}: {} scenarios", runs.len()),
    };
    let banded = lines.iter().any(|l| l.band.is_some());
    let subtitle = match mode {
        Some(s) if s.mode == Mode::MonteCarlo => format!(
            "Monte Carlo, {} trials, seed {}: {}; leakers{} are means over trials",
            s.trials.unwrap_or(0),
            s.seed.unwrap_or(0),
            if banded {
                "median stock of the trials, shaded from the 5th to the 95th percentile"
            } else {
                "mean stock over trials"
            },
            if arsenals.is_empty() {
                ""
            } else {
                " and arsenals"
            }
        ),
        Some(s) if s.mode == Mode::Exact => "Exact arithmetic, night by night".to_string(),
        _ => "The mean path (one path through the means), night by night".to_string(),
    };
    let (head, head_bottom) = heading(width, &title, &subtitle);

    // The grid of panels.
    let columns = if multiples && width >= 700.0 { 2 } else { 1 };
    let gutter = 28.0;
    let panel_width = (width - 2.0 * MARGIN - gutter * (columns - 1) as f64) / columns as f64;
    let (stock_h, arsenal_h, leak_h) = match (multiples, width >= 700.0) {
        (false, true) => (270.0, 150.0, 110.0),
        (false, false) => (200.0, 120.0, 90.0),
        (true, _) => (150.0, 80.0, 64.0),
    };
    let tick_labels: Vec<String> = ticks(0.0, shared.stock_top, 5, true)
        .into_iter()
        .chain(ticks(0.0, shared.leak_top, 3, true))
        .chain(
            shared
                .arsenal_top
                .map_or_else(Vec::new, |top| ticks(0.0, top, 4, true)),
        )
        .map(tick_label)
        .collect();
    let left_pad = tick_labels
        .iter()
        .map(|l| text_width(l, TICK_SIZE))
        .fold(0.0, f64::max)
        + 8.0;
    let label_cap = panel_width * 0.3;
    // Room for the direct labels, where a panel has them (a panel of one
    // line, in the stock or the arsenal plot, has none there).
    let in_panel = |run: usize| if multiples { Some(run) } else { None };
    let labelled_stock = |l: &&Line| {
        lines
            .iter()
            .filter(|m| in_panel(l.run).is_none_or(|r| m.run == r))
            .count()
            > 1
    };
    let labelled_arsenal = |l: &&ArsenalLine| {
        arsenals
            .iter()
            .filter(|m| in_panel(l.run).is_none_or(|r| m.run == r))
            .count()
            > 1
    };
    let right_pad = lines
        .iter()
        .filter(labelled_stock)
        .map(|l| &l.label)
        .chain(arsenals.iter().filter(labelled_arsenal).map(|l| &l.label))
        .map(|label| text_width(label, LABEL_SIZE).min(label_cap) + 10.0)
        .fold(6.0, f64::max);
    let wrapped = |texts: &[String], weight: Weight| -> Vec<String> {
        texts
            .iter()
            .flat_map(|n| font::wrap(n, 11.0, weight, panel_width))
            .collect()
    };
    let note_lines = |panel: &Panel<'_>| wrapped(&panel.notes, Weight::Regular);
    let headline_lines = |panel: &Panel<'_>| wrapped(&panel.headline, Weight::Bold);
    // The headline's lines and a little air under them.
    let headline_room = |panel: &Panel<'_>| match headline_lines(panel).len() {
        0 => 0.0,
        n => 15.0 * n as f64 + 4.0,
    };
    let arsenal_room = if shared.arsenal_top.is_some() {
        34.0 + arsenal_h
    } else {
        0.0
    };
    // A row's panels keep their plots level: each leaves room for the
    // longest headline in its row.
    let panel_height = |panel: &Panel<'_>, headroom: f64| {
        let title = if panel.title.is_some() { 20.0 } else { 0.0 };
        title
            + headroom
            + 20.0
            + stock_h
            + arsenal_room
            + 34.0
            + leak_h
            + 22.0
            + 15.0 * note_lines(panel).len() as f64
    };

    let mut body = String::new();
    let mut y = head_bottom;
    for row in panels.chunks(columns) {
        let headroom = row.iter().map(headline_room).fold(0.0, f64::max);
        let row_height = row
            .iter()
            .map(|panel| panel_height(panel, headroom))
            .fold(0.0, f64::max);
        for (c, panel) in row.iter().enumerate() {
            let x0 = MARGIN + c as f64 * (panel_width + gutter);
            let mut top = y;
            if let Some(title) = &panel.title {
                let title = font::truncate(title, 13.0, Weight::Bold, panel_width);
                body.push_str(&text(
                    x0,
                    top + 13.0,
                    13.0,
                    "start",
                    "font-weight=\"bold\" class=\"panel-title\"",
                    &title,
                ));
                top += 20.0;
            }
            let headline = headline_lines(panel);
            body.push_str(&super::text_lines(
                x0,
                top + 11.0,
                11.0,
                15.0,
                "start",
                "font-weight=\"bold\" class=\"runs-out-first\"",
                &headline,
            ));
            top += headroom;
            let stock = (top + 20.0, top + 20.0 + stock_h);
            let arsenal = shared
                .arsenal_top
                .map(|_| (stock.1 + 34.0, stock.1 + 34.0 + arsenal_h));
            let above_leak = arsenal.map_or(stock.1, |a| a.1);
            let leak = (above_leak + 34.0, above_leak + 34.0 + leak_h);
            let frame = Frame {
                left: x0 + left_pad,
                right: x0 + panel_width - right_pad,
                stock,
                arsenal,
                leak,
            };
            draw_panel(&mut body, &shared, panel, frame, x0, x0 + panel_width);
            let notes_y = leak.1 + 22.0 + 12.0;
            body.push_str(&super::text_lines(
                x0,
                notes_y,
                11.0,
                15.0,
                "start",
                "fill=\"#333333\" class=\"panel-note\"",
                &note_lines(panel),
            ));
        }
        y += row_height + 14.0;
    }

    // The x axis title, the legend and the notes.
    let x_title = match (dates, start) {
        (true, Some(d)) => format!("Date (night 1 = {d}; one night a day)"),
        _ => "Night".to_string(),
    };
    body.push_str(&text(
        width / 2.0,
        y + 4.0,
        13.0,
        "middle",
        "class=\"axis-title\"",
        &x_title,
    ));
    y += 28.0;
    let mut legend_labels = Vec::new();
    let mut legend_styles = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let entries = lines
        .iter()
        .map(|l| ("stock", &l.key, &l.label))
        .chain(leaks.iter().map(|l| ("leakers", &l.key, &l.label)))
        .chain(arsenals.iter().map(|l| ("arsenal", &l.key, &l.label)));
    for (what, key, label) in entries {
        if seen.insert((what, key.clone())) {
            legend_labels.push(format!("{what}: {label}"));
            legend_styles.push(shared.style(key));
        }
    }
    let (places, rows) = legend_layout(&legend_labels, MARGIN, width - 2.0 * MARGIN);
    body.push_str("<g class=\"legend\">\n");
    for ((px, row, label), s) in places.iter().zip(&legend_styles) {
        body.push_str(&legend_sample(*px, y + 20.0 * *row as f64, s, label));
    }
    body.push_str("</g>\n");
    y += 20.0 * rows as f64 + 8.0;
    let monte_carlo = mode.is_some_and(|s| s.mode == Mode::MonteCarlo);
    let median = if monte_carlo {
        " (median over trials)"
    } else {
        ""
    };
    let mut chart_notes = vec![format!(
        "Dashed rule and ring: the first shortfall night{median}, when missiles first leak for \
         want of interceptors; the ring is on each type whose stock or fire capacity ran out."
    )];
    if !arsenals.is_empty() {
        chart_notes.push(format!(
            "Dotted rule: the night an arsenal runs dry{median}, the first on which it cannot \
             fill its planned raid."
        ));
    }
    if banded {
        chart_notes.push("Shaded: 5th to 95th percentile of the stock over trials.".into());
    }
    if runs.iter().any(|r| !events::record_ends(r).is_empty()) {
        chart_notes.push(
            "Grey: nights after the replayed record of real raids ends, where its raids are \
             repeated, drawn from the fitted distribution, or none."
                .into(),
        );
    }
    super::canvas(width, &title, &head, &body, y + 6.0, &chart_notes)
}

/// Draws `panel` into `frame`; `outer` is the panel's full width, for the
/// tick labels and direct labels that sit beside the plots.
fn draw_panel(
    out: &mut String,
    shared: &Shared<'_>,
    panel: &Panel<'_>,
    frame: Frame,
    outer_left: f64,
    outer_right: f64,
) {
    let horizon = f64::from(shared.horizon);
    let x = Scale {
        domain: (0.0, horizon),
        range: (frame.left, frame.right),
    };
    let ys = Scale {
        domain: (0.0, shared.stock_top),
        range: (frame.stock.1 - FLOOR, frame.stock.0),
    };
    let yl = Scale {
        domain: (0.0, shared.leak_top),
        range: (frame.leak.1 - FLOOR, frame.leak.0),
    };
    let arsenal_plot = frame.arsenal.zip(shared.arsenal_top);
    let ya = arsenal_plot.map(|((top, bottom), most)| Scale {
        domain: (0.0, most),
        range: (bottom - FLOOR, top),
    });
    let plots = frame.plots();
    let plot_width = frame.right - frame.left;
    let x_ticks = shared.x_ticks(plot_width);
    let stock_ticks = ticks(0.0, shared.stock_top, 5, true);
    let leak_ticks = ticks(0.0, shared.leak_top, 3, true);
    let arsenal_ticks = shared
        .arsenal_top
        .map_or_else(Vec::new, |top| ticks(0.0, top, 4, true));
    // Each plot's value ticks on its scale.
    let value_axes: Vec<(&[f64], Scale)> = [
        Some((stock_ticks.as_slice(), ys)),
        ya.map(|ya| (arsenal_ticks.as_slice(), ya)),
        Some((leak_ticks.as_slice(), yl)),
    ]
    .into_iter()
    .flatten()
    .collect();

    // Captions above each plot.
    out.push_str(&text(
        outer_left,
        frame.stock.0 - 7.0,
        CAPTION_SIZE,
        "start",
        "class=\"caption\"",
        &font::truncate(
            "Stock at the end of each night (interceptors)",
            CAPTION_SIZE,
            Weight::Regular,
            outer_right - outer_left,
        ),
    ));
    if let Some((top, _)) = frame.arsenal {
        let caption = if panel.arsenals.len() > 1 {
            "Arsenal at the end of each night, by threat (missiles)"
        } else {
            "Arsenal at the end of each night (missiles)"
        };
        out.push_str(&text(
            outer_left,
            top - 7.0,
            CAPTION_SIZE,
            "start",
            "class=\"caption\"",
            &font::truncate(
                caption,
                CAPTION_SIZE,
                Weight::Regular,
                outer_right - outer_left,
            ),
        ));
    }
    let leak_caption = if panel.leaks.len() > panel.runs.len() {
        "Leakers each night, by threat (missiles)"
    } else {
        "Leakers each night (missiles)"
    };
    out.push_str(&text(
        outer_left,
        frame.leak.0 - 7.0,
        CAPTION_SIZE,
        "start",
        "class=\"caption\"",
        &font::truncate(
            leak_caption,
            CAPTION_SIZE,
            Weight::Regular,
            outer_right - outer_left,
        ),
    ));

    // Nights after a replayed record, shaded, with the rule where it ends.
    let ends: Vec<events::RecordEnd> = panel
        .runs
        .iter()
        .flat_map(|&r| events::record_ends(&shared.runs[r]))
        .collect();
    let mut record_y = frame.stock.1 - FLOOR - 8.0;
    for end in &ends {
        let at = x.at(f64::from(end.last_night) + 0.5);
        for &(top, bottom) in &plots {
            let _ = writeln!(
                out,
                "<rect class=\"after-record\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
                 fill=\"#000000\" fill-opacity=\"0.06\"/>",
                num(at),
                num(top),
                num((frame.right - at).max(0.0)),
                num(bottom - top)
            );
            let _ = writeln!(
                out,
                "<line class=\"record-end\" x1=\"{p}\" y1=\"{}\" x2=\"{p}\" y2=\"{}\" \
                 stroke=\"#555555\" stroke-width=\"1.5\"/>",
                num(top),
                num(bottom),
                p = num(at)
            );
        }
        let label = format!("record ends night {}; then {}", end.last_night, end.then);
        let (svg, used) = side_label(
            at,
            (record_y, Grow::Up),
            (frame.left, frame.right),
            &label,
            "class=\"record-note\"",
        );
        out.push_str(&svg);
        record_y -= 14.0 * used as f64 + 2.0;
    }

    // Grid.
    out.push_str("<g class=\"grid\" stroke=\"#e0e0e0\" stroke-width=\"1\">\n");
    for &n in &x_ticks {
        let px = num(x.at(f64::from(n)));
        for &(top, bottom) in &plots {
            let _ = writeln!(
                out,
                "<line x1=\"{px}\" y1=\"{}\" x2=\"{px}\" y2=\"{}\"/>",
                num(top),
                num(bottom)
            );
        }
    }
    for (values, scale) in &value_axes {
        for &v in *values {
            let py = num(scale.at(v));
            let _ = writeln!(
                out,
                "<line x1=\"{}\" y1=\"{py}\" x2=\"{}\" y2=\"{py}\"/>",
                num(frame.left),
                num(frame.right)
            );
        }
    }
    out.push_str("</g>\n");
    let frames = [
        Some(("stock-plot", frame.stock, shared.stock_top)),
        arsenal_plot.map(|(plot, most)| ("arsenal-plot", plot, most)),
        Some(("leak-plot", frame.leak, shared.leak_top)),
    ];
    for (class, (top, bottom), most) in frames.into_iter().flatten() {
        let _ = writeln!(
            out,
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" \
             stroke=\"#000000\" data-top=\"{}\"/>",
            num(frame.left),
            num(top),
            num(plot_width),
            num(bottom - top),
            num(most)
        );
    }
    for (values, scale) in &value_axes {
        for &v in *values {
            out.push_str(&text(
                frame.left - 5.0,
                scale.at(v) + 4.0,
                TICK_SIZE,
                "end",
                "class=\"tick\"",
                &tick_label(v),
            ));
        }
    }
    let labels: Vec<(f64, String)> = x_ticks
        .iter()
        .map(|&n| (x.at(f64::from(n)), shared.night_label(n)))
        .collect();
    out.push_str(&x_labels(
        &labels,
        outer_left,
        outer_right,
        frame.leak.1 + 16.0,
        TICK_SIZE,
    ));

    // Bands under every line, then the lines.
    for line in &panel.lines {
        if let Some((low, high)) = &line.band {
            let s = shared.style(&line.key);
            let mut points: Vec<String> = high
                .iter()
                .enumerate()
                .map(|(n, &v)| format!("{},{}", num(x.at(n as f64)), num(ys.at(v))))
                .collect();
            points.extend(
                low.iter()
                    .enumerate()
                    .rev()
                    .map(|(n, &v)| format!("{},{}", num(x.at(n as f64)), num(ys.at(v)))),
            );
            let _ = writeln!(
                out,
                "<polygon class=\"band\" points=\"{}\" fill=\"{c}\" fill-opacity=\"0.16\" \
                 stroke=\"{c}\" stroke-opacity=\"0.5\" stroke-width=\"0.75\" stroke-dasharray=\"2 2\"/>",
                points.join(" "),
                c = s.colour,
            );
        }
    }
    // A panel's only line needs no name beside it: its title, or the
    // chart's, names it.
    let stock_lines: Vec<Drawn<'_>> = panel
        .lines
        .iter()
        .map(|l| (l.label.as_str(), l.key.as_str(), l.central.as_slice()))
        .collect();
    draw_lines(
        out,
        shared,
        &stock_lines,
        ("series", ""),
        (x, ys),
        (frame.stock.1, frame.right, outer_right),
    );

    // Leakers as steps: night n is level from n - ½ to n + ½ (cut to the
    // plot), so night 1 starts the panel and nothing ramps from night 0.
    for leak in &panel.leaks {
        let s = shared.style(&leak.key);
        let mut points = Vec::with_capacity(2 * leak.values.len());
        for (i, &v) in leak.values.iter().enumerate() {
            let n = (i + 1) as f64;
            let py = yl.at(v);
            points.push((x.at((n - 0.5).max(0.5)), py));
            points.push((x.at((n + 0.5).min(horizon)), py));
        }
        let _ = writeln!(
            out,
            "<g class=\"leakers\" data-label=\"{l}\"><title>leakers: {l}</title>",
            l = escape(&leak.label),
        );
        out.push_str(&polyline(&points, &s, 2.0));
        out.push_str("</g>\n");
    }

    // Each run's first shortfall: a rule, its night and date, and a ring on
    // the lines of the types that caused it.
    let shortfalls: Vec<(usize, Shortfall)> = panel
        .runs
        .iter()
        .filter_map(|&r| events::first_shortfall(&shared.runs[r]).map(|s| (r, s)))
        .collect();
    let mut label_y = frame.stock.0 + 15.0;
    for (r, shortfall) in &shortfalls {
        let run = &shared.runs[*r];
        let at = x.at(shortfall.night);
        let colour = if panel.runs.len() > 1 {
            panel
                .lines
                .iter()
                .find(|l| l.run == *r)
                .map_or("#000000", |l| shared.style(&l.key).colour)
        } else {
            "#000000"
        };
        for &(top, bottom) in &plots {
            let _ = writeln!(
                out,
                "<line class=\"shortfall\" x1=\"{p}\" y1=\"{}\" x2=\"{p}\" y2=\"{}\" \
                 stroke=\"{colour}\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>",
                num(top),
                num(bottom),
                p = num(at)
            );
        }
        let night = shortfall.night;
        let when = events::night_words(run.scenario, night);
        let causes: Vec<String> = shortfall
            .causes
            .iter()
            .map(|&(t, cause)| format!("{} {}", run.scenario.interceptors[t].name, cause.words()))
            .collect();
        let mut label = format!("First shortfall: {when}");
        if panel.runs.len() > 1 {
            label = format!("{}: {label}", run.scenario.name);
        }
        if !causes.is_empty() && run.scenario.interceptors.len() > 1 {
            label = format!("{label}; {}", causes.join(", "));
        }
        let (svg, used) = side_label(
            at,
            (label_y, Grow::Down),
            (frame.left, frame.right),
            &label,
            "class=\"shortfall-note\"",
        );
        out.push_str(&svg);
        label_y += 14.0 * used as f64 + 2.0;
        for line in panel.lines.iter().filter(|l| l.run == *r) {
            let caused = match line.interceptor {
                Some(t) => shortfall.causes.iter().any(|&(c, _)| c == t),
                None => true,
            };
            let n = night.round() as usize;
            if let (true, Some(&v)) = (caused, line.central.get(n)) {
                out.push_str(&ring(at, ys.at(v), 7.0, shared.style(&line.key).colour));
            }
        }
    }
    // The arsenals last, so that their notes lie over the shortfall's rule.
    if let Some(ya) = ya {
        draw_arsenals(out, shared, panel, frame, ya, outer_right);
    }
}

/// A line to draw: its label, its style key, and its value at the end of
/// nights 0, 1, …, horizon.
type Drawn<'a> = (&'a str, &'a str, &'a [f64]);

/// `lines` on scales `x` and `y`, each a `<g class="CLASS">` with its label
/// in `data-label` and, after `title`'s prefix, in its `<title>`; with
/// several, each is named at its right end (beside a plot that ends at
/// `plot_bottom` and `plot_right`, within `outer_right`).
fn draw_lines(
    out: &mut String,
    shared: &Shared<'_>,
    lines: &[Drawn<'_>],
    (class, title): (&str, &str),
    (x, y): (Scale, Scale),
    (plot_bottom, plot_right, outer_right): (f64, f64, f64),
) {
    let mut ends = Vec::new();
    for &(label, key, values) in lines {
        let s = shared.style(key);
        let points: Vec<(f64, f64)> = values
            .iter()
            .enumerate()
            .map(|(n, &v)| (x.at(n as f64), y.at(v)))
            .collect();
        let _ = writeln!(
            out,
            "<g class=\"{class}\" data-label=\"{l}\"><title>{title}{l}</title>",
            l = escape(label),
        );
        out.push_str(&polyline(&points, &s, 2.5));
        out.push_str("</g>\n");
        if let Some(&(_, py)) = points.last() {
            ends.push((py, label.to_string(), s));
        }
    }
    if ends.len() > 1 {
        direct_labels(out, &mut ends, (plot_bottom, plot_right), outer_right);
    }
}

/// The arsenal lines of `panel` in its arsenal plot on scale `ya`, named at
/// their right ends when there are several, with the night each runs dry
/// ruled and written; a panel whose runs have no arsenal says so instead.
fn draw_arsenals(
    out: &mut String,
    shared: &Shared<'_>,
    panel: &Panel<'_>,
    frame: Frame,
    ya: Scale,
    outer_right: f64,
) {
    let Some((top, bottom)) = frame.arsenal else {
        return;
    };
    if panel.arsenals.is_empty() {
        out.push_str(&text(
            (frame.left + frame.right) / 2.0,
            (top + bottom) / 2.0 + 4.0,
            LABEL_SIZE,
            "middle",
            &format!("class=\"no-arsenal\" {HALO}"),
            "No arsenal: the attacker never runs short",
        ));
        return;
    }
    let x = Scale {
        domain: (0.0, f64::from(shared.horizon)),
        range: (frame.left, frame.right),
    };
    let arsenal_lines: Vec<Drawn<'_>> = panel
        .arsenals
        .iter()
        .map(|l| (l.label.as_str(), l.key.as_str(), l.values.as_slice()))
        .collect();
    draw_lines(
        out,
        shared,
        &arsenal_lines,
        ("arsenal", "arsenal: "),
        (x, ya),
        (bottom, frame.right, outer_right),
    );
    let mut label_y = top + 15.0;
    for line in &panel.arsenals {
        let run = &shared.runs[line.run];
        let Some(night) = events::dry_night(run, line.threat) else {
            continue;
        };
        let at = x.at(night);
        let _ = writeln!(
            out,
            "<line class=\"dry-night\" x1=\"{p}\" y1=\"{}\" x2=\"{p}\" y2=\"{}\" \
             stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>",
            num(top),
            num(bottom),
            shared.style(&line.key).colour,
            p = num(at)
        );
        let label = format!(
            "{}: arsenal runs dry, {}",
            line.label,
            events::night_words(run.scenario, night)
        );
        let (svg, used) = side_label(
            at,
            (label_y, Grow::Down),
            (frame.left, frame.right),
            &label,
            "class=\"dry-note\"",
        );
        out.push_str(&svg);
        label_y += 14.0 * used as f64 + 2.0;
    }
}

/// Which way a wrapped label grows from its first baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grow {
    Down,
    /// Up: `y` is the last line's baseline, for a label at a plot's foot.
    Up,
}

/// A label beside a vertical rule at `at`, from baseline `y`: to its right
/// when it fits before `right` (or that side is the wider), else to its
/// left, wrapped to that side's width. The SVG and the lines it took.
fn side_label(
    at: f64,
    (y, grow): (f64, Grow),
    (left, right): (f64, f64),
    label: &str,
    extra: &str,
) -> (String, usize) {
    let w = text_width(label, LABEL_SIZE);
    let extra = format!("{extra} {HALO}");
    let (x, anchor, room) = if at + 5.0 + w <= right || right - at >= at - left {
        (at + 5.0, "start", right - at - 8.0)
    } else {
        (at - 5.0, "end", at - left - 8.0)
    };
    let lines = font::wrap(label, LABEL_SIZE, Weight::Regular, room.max(40.0));
    let y = match grow {
        Grow::Down => y,
        Grow::Up => y - 14.0 * (lines.len() - 1) as f64,
    };
    let svg = super::text_lines(x, y, LABEL_SIZE, 14.0, anchor, &extra, &lines);
    (svg, lines.len())
}

/// Each line's name beside its right end, moved apart where ends are
/// closer than a line of text, and cut to fit before `outer_right`.
fn direct_labels(
    out: &mut String,
    ends: &mut [(f64, String, Style)],
    (plot_bottom, plot_right): (f64, f64),
    outer_right: f64,
) {
    let gap = 13.0;
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut ys: Vec<f64> = ends.iter().map(|e| e.0 + 4.0).collect();
    for i in 1..ys.len() {
        ys[i] = ys[i].max(ys[i - 1] + gap);
    }
    // Pushed below the plot: move the stack back up.
    let bottom = plot_bottom + 4.0;
    if let Some(&last) = ys.last()
        && last > bottom
    {
        let shift = last - bottom;
        for y in &mut ys {
            *y -= shift;
        }
    }
    let room = outer_right - plot_right - 6.0;
    for ((_, label, s), y) in ends.iter().zip(ys) {
        let label = font::truncate(label, LABEL_SIZE, Weight::Regular, room);
        out.push_str(&text(
            plot_right + 5.0,
            y,
            LABEL_SIZE,
            "start",
            &format!("fill=\"{}\" class=\"direct-label\" {HALO}", s.colour),
            &label,
        ));
    }
}
