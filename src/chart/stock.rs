//! The stock over time: one line per scenario (per interceptor type in the
//! long form), dates on the x axis where every scenario starts on the same
//! `start_date` and night numbers otherwise, a large hollow marker where a
//! line's scenario first leaks for want of interceptors (its first shortfall
//! night), and leakers per night in a panel beneath. In Monte Carlo mode the
//! line is the median over trials inside a shaded 5–95% band (when the
//! simulation carries one, see [`crate::sim::simulate_with_band`]).
//!
//! Each stock line is a `<g class="series">` with its label in
//! `data-label`; each leakers line a `<g class="leakers">`.

use super::{
    escape, heading, legend_layout, legend_sample, marker, num, open, polyline, style, text,
    tick_label, ticks_from_zero,
};
use crate::outcome::Outcome as ScenarioReport;
use crate::sim::Mode;
use std::fmt::Write;

const WIDTH: f64 = 960.0;
const LEFT: f64 = 84.0;
const RIGHT: f64 = 28.0;
const TOP: f64 = 70.0;
const STOCK_HEIGHT: f64 = 300.0;
const GAP: f64 = 34.0;
const LEAK_HEIGHT: f64 = 130.0;

/// One line of the upper panel.
struct Line {
    label: String,
    scenario: usize,
    /// Stock at the end of nights 0 (the stockpile), 1, …, horizon.
    central: Vec<f64>,
    band: Option<(Vec<f64>, Vec<f64>)>,
}

/// The lines of one scenario: per type where the simulation has per-type
/// paths and several types, else one line of the total.
fn lines_of(run: &ScenarioReport<'_>, index: usize, several: bool) -> Vec<Line> {
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
            let central = sim.nights.iter().map(|n| n.stock_end).collect();
            (central, None)
        } else {
            let band = paths.has_band().then(|| {
                (
                    with_start(stockpile, paths.p5.clone()),
                    with_start(stockpile, paths.p95.clone()),
                )
            });
            (paths.central.clone(), band)
        };
        return vec![Line {
            label: scenario.name.clone(),
            scenario: index,
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
                label: if several {
                    format!("{}: {}", scenario.name, interceptor.name)
                } else {
                    interceptor.name.clone()
                },
                scenario: index,
                central: of(&paths.central),
                band: paths.has_band().then(|| (of(&paths.p5), of(&paths.p95))),
            }
        })
        .collect()
}

/// Night steps for the x axis, in nights: round numbers, weeks and months.
const NIGHT_STEPS: [u32; 16] = [
    1, 2, 5, 7, 10, 14, 15, 20, 30, 50, 60, 90, 100, 120, 180, 365,
];

/// The stock chart of `runs` as an SVG document.
pub fn stock_chart(runs: &[ScenarioReport<'_>]) -> String {
    let several = runs.len() > 1;
    let lines: Vec<Line> = runs
        .iter()
        .enumerate()
        .flat_map(|(i, run)| lines_of(run, i, several))
        .collect();
    let horizon = runs
        .iter()
        .map(|r| r.scenario.horizon_nights)
        .max()
        .unwrap_or(1)
        .max(1);
    let start = runs.first().and_then(|r| r.scenario.start_date);
    let dates = start.is_some() && runs.iter().all(|r| r.scenario.start_date == start);
    let mode = runs.first().map(|r| &r.simulation.summary);

    // Legend rows: the stock lines, then (when lines are per type) one
    // leakers line per scenario.
    let one_line_each = lines.len() == runs.len();
    let stock_labels: Vec<String> = lines.iter().map(|l| l.label.clone()).collect();
    let leak_labels: Vec<String> = runs
        .iter()
        .map(|r| format!("leakers: {}", r.scenario.name))
        .collect();
    let legend_width = WIDTH - LEFT - RIGHT;
    let (stock_places, stock_rows) = legend_layout(&stock_labels, LEFT, legend_width);
    let (leak_places, leak_rows) = if one_line_each {
        (Vec::new(), 0)
    } else {
        legend_layout(&leak_labels, LEFT, legend_width)
    };
    let leak_top = TOP + STOCK_HEIGHT + GAP;
    let axis_bottom = leak_top + LEAK_HEIGHT;
    let legend_top = axis_bottom + 62.0;
    let notes_top = legend_top + 20.0 * (stock_rows + leak_rows) as f64 + 10.0;
    let height = notes_top + 40.0;

    let title = match runs {
        [one] => format!("Interceptor stock: {}", one.scenario.name),
        _ => format!("Interceptor stock: {} scenarios", runs.len()),
    };
    let subtitle = match mode {
        Some(s) if s.mode == Mode::MonteCarlo => {
            let band = if lines.iter().any(|l| l.band.is_some()) {
                "median stock of the trials, shaded from the 5th to the 95th percentile"
            } else {
                "mean stock over trials"
            };
            format!(
                "Monte Carlo, {} trials, seed {}: {band}; leakers are means over trials",
                s.trials.unwrap_or(0),
                s.seed.unwrap_or(0)
            )
        }
        _ => "Expected values along one path, night by night".to_string(),
    };
    let mut out = open(WIDTH, height, &title);
    out.push_str(&heading(WIDTH, &title, &subtitle));

    let plot_width = WIDTH - LEFT - RIGHT;
    let x = |night: f64| LEFT + night / f64::from(horizon) * plot_width;

    // Upper panel: stock.
    let stock_max = lines
        .iter()
        .flat_map(|l| {
            l.central
                .iter()
                .chain(l.band.iter().flat_map(|(_, high)| high.iter()))
        })
        .fold(1.0f64, |m, &v| m.max(v));
    let stock_ticks = ticks_from_zero(stock_max, 5, true);
    let stock_top = stock_ticks.last().copied().unwrap_or(1.0).max(stock_max);
    let ys = |v: f64| TOP + STOCK_HEIGHT - v / stock_top * STOCK_HEIGHT;

    // Lower panel: leakers.
    let leak_max = runs
        .iter()
        .flat_map(|r| r.simulation.nights.iter().map(|n| n.leakers))
        .fold(0.0f64, f64::max)
        .max(1.0);
    let leak_ticks = ticks_from_zero(leak_max, 3, true);
    let leak_top_value = leak_ticks.last().copied().unwrap_or(1.0).max(leak_max);
    let yl = |v: f64| axis_bottom - v / leak_top_value * LEAK_HEIGHT;

    // Grid lines and axes.
    let step = NIGHT_STEPS
        .into_iter()
        .find(|&s| horizon / s <= if dates { 7 } else { 10 })
        .unwrap_or(365 * ((horizon / 365) / 8 + 1));
    let x_ticks: Vec<u32> = if dates {
        (0..)
            .map(|k| 1 + k * step)
            .take_while(|&n| n <= horizon)
            .collect()
    } else {
        (0..)
            .map(|k| k * step)
            .take_while(|&n| n <= horizon)
            .collect()
    };
    out.push_str("<g class=\"axes\" stroke=\"#d0d0d0\" stroke-width=\"1\">\n");
    for &n in &x_ticks {
        let px = num(x(f64::from(n)));
        for (top, bottom) in [(TOP, TOP + STOCK_HEIGHT), (leak_top, axis_bottom)] {
            let _ = writeln!(
                out,
                "<line x1=\"{px}\" y1=\"{}\" x2=\"{px}\" y2=\"{}\"/>",
                num(top),
                num(bottom)
            );
        }
    }
    for &v in &stock_ticks {
        let py = num(ys(v));
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{py}\" x2=\"{}\" y2=\"{py}\"/>",
            num(LEFT),
            num(LEFT + plot_width)
        );
    }
    for &v in &leak_ticks {
        let py = num(yl(v));
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{py}\" x2=\"{}\" y2=\"{py}\"/>",
            num(LEFT),
            num(LEFT + plot_width)
        );
    }
    out.push_str("</g>\n");
    for (top, bottom) in [(TOP, TOP + STOCK_HEIGHT), (leak_top, axis_bottom)] {
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#000000\"/>",
            num(LEFT),
            num(top),
            num(plot_width),
            num(bottom - top)
        );
    }
    for &v in &stock_ticks {
        out.push_str(&text(
            LEFT - 6.0,
            ys(v) + 4.0,
            11.0,
            "end",
            "",
            &tick_label(v),
        ));
    }
    for &v in &leak_ticks {
        out.push_str(&text(
            LEFT - 6.0,
            yl(v) + 4.0,
            11.0,
            "end",
            "",
            &tick_label(v),
        ));
    }
    for &n in &x_ticks {
        let label = match (dates, runs.first()) {
            (true, Some(r)) => r
                .scenario
                .date_of(n)
                .map_or(n.to_string(), |d| d.to_string()),
            _ => n.to_string(),
        };
        out.push_str(&text(
            x(f64::from(n)),
            axis_bottom + 16.0,
            11.0,
            "middle",
            "",
            &label,
        ));
    }
    let x_title = match (dates, start) {
        (true, Some(d)) => format!("Date (night 1 = {d}; one night a day)"),
        _ => "Night (nights since the start)".to_string(),
    };
    out.push_str(&text(
        LEFT + plot_width / 2.0,
        axis_bottom + 38.0,
        13.0,
        "middle",
        "",
        &x_title,
    ));
    let vertical = |y_mid: f64, label: &str| {
        text(
            18.0,
            y_mid,
            12.0,
            "middle",
            &format!("transform=\"rotate(-90 18 {})\"", num(y_mid)),
            label,
        )
    };
    out.push_str(&vertical(
        TOP + STOCK_HEIGHT / 2.0,
        "Stock at end of night (interceptors)",
    ));
    out.push_str(&vertical(
        leak_top + LEAK_HEIGHT / 2.0,
        "Leakers (missiles a night)",
    ));

    // Stock lines, with their bands underneath all of them.
    for (i, line) in lines.iter().enumerate() {
        if let Some((low, high)) = &line.band {
            let s = style(i);
            let mut points: Vec<String> = high
                .iter()
                .enumerate()
                .map(|(n, &v)| format!("{},{}", num(x(n as f64)), num(ys(v))))
                .collect();
            points.extend(
                low.iter()
                    .enumerate()
                    .rev()
                    .map(|(n, &v)| format!("{},{}", num(x(n as f64)), num(ys(v)))),
            );
            let _ = writeln!(
                out,
                "<polygon class=\"band\" points=\"{}\" fill=\"{}\" fill-opacity=\"0.18\" \
                 stroke=\"{}\" stroke-opacity=\"0.5\" stroke-width=\"0.75\" stroke-dasharray=\"2 2\"/>",
                points.join(" "),
                s.colour,
                s.colour
            );
        }
    }
    for (i, line) in lines.iter().enumerate() {
        let s = style(i);
        let points: Vec<(f64, f64)> = line
            .central
            .iter()
            .enumerate()
            .map(|(n, &v)| (x(n as f64), ys(v)))
            .collect();
        let _ = writeln!(
            out,
            "<g class=\"series\" data-label=\"{}\"><title>{}</title>",
            escape(&line.label),
            escape(&line.label)
        );
        out.push_str(&polyline(&points, &s, 2.0));
        // Small markers along the line, staggered between lines, so that
        // the line can be told from the others in black and white.
        let along = 5;
        let offset = (i as f64 * 0.618).fract();
        for k in 0..along {
            let n = ((k as f64 + offset) / along as f64 * f64::from(horizon)).round() as usize;
            if let Some(&(px, py)) = points.get(n) {
                out.push_str(&marker(s.marker, px, py, 3.5, s.colour, s.colour));
            }
        }
        let shortfall = runs[line.scenario].simulation.summary.first_shortfall_night;
        if let Some(night) = shortfall
            && let Some(&(px, py)) = points.get(night as usize)
        {
            out.push_str(&marker(s.marker, px, py, 7.5, "#ffffff", s.colour));
            out.push_str(&marker(s.marker, px, py, 2.0, s.colour, s.colour));
        }
        out.push_str("</g>\n");
    }

    // Leakers per night.
    for (r, run) in runs.iter().enumerate() {
        let first_line = lines.iter().position(|l| l.scenario == r).unwrap_or(r);
        let s = if one_line_each {
            style(first_line)
        } else {
            style(lines.len() + r)
        };
        let mut points = vec![(x(0.0), yl(0.0))];
        points.extend(
            run.simulation
                .nights
                .iter()
                .map(|n| (x(f64::from(n.night)), yl(n.leakers))),
        );
        let _ = writeln!(
            out,
            "<g class=\"leakers\" data-label=\"{}\"><title>leakers: {}</title>",
            escape(&run.scenario.name),
            escape(&run.scenario.name)
        );
        out.push_str(&polyline(&points, &s, 1.6));
        if let Some(night) = run.simulation.summary.first_shortfall_night
            && let Some(&(px, py)) = points.get(night as usize)
        {
            out.push_str(&marker(s.marker, px, py, 7.5, "#ffffff", s.colour));
            out.push_str(&marker(s.marker, px, py, 2.0, s.colour, s.colour));
        }
        out.push_str("</g>\n");
    }

    // Legends and notes.
    out.push_str("<g class=\"legend\">\n");
    for ((px, row), (i, label)) in stock_places.iter().zip(stock_labels.iter().enumerate()) {
        let y = legend_top + 20.0 * *row as f64;
        out.push_str(&legend_sample(*px, y, &style(i), label));
    }
    for ((px, row), (r, label)) in leak_places.iter().zip(leak_labels.iter().enumerate()) {
        let y = legend_top + 20.0 * (stock_rows + *row) as f64;
        out.push_str(&legend_sample(*px, y, &style(lines.len() + r), label));
    }
    out.push_str("</g>\n");
    let stock_note = match mode {
        Some(s) if s.mode == Mode::MonteCarlo && lines.iter().any(|l| l.band.is_some()) => {
            "Shaded: 5th to 95th percentile of the stock over trials. Large hollow marker: the \
             first shortfall night (median over trials)."
        }
        Some(s) if s.mode == Mode::MonteCarlo => {
            "Large hollow marker: the first shortfall night (median over trials), when missiles \
             first leak for want of interceptors."
        }
        _ => {
            "Large hollow marker: the first shortfall night, when missiles first leak for want \
             of interceptors."
        }
    };
    out.push_str(&text(
        LEFT,
        notes_top,
        11.0,
        "start",
        "fill=\"#333333\"",
        stock_note,
    ));
    out.push_str(&text(
        LEFT,
        notes_top + 16.0,
        11.0,
        "start",
        "fill=\"#333333\"",
        &format!("Made by magdepth {}.", env!("CARGO_PKG_VERSION")),
    ));
    out.push_str("</svg>\n");
    out
}
