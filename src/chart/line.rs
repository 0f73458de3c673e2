//! A line chart of a sweep over one key: the key's values across, each
//! measure up, one panel per measure (stacked, sharing the x axis), a
//! marker on every point with its value written over it where there is
//! room. Numeric values sit at their place on the axis; other values are
//! spaced evenly in the order given. A night that never came is drawn as a
//! hollow marker at the horizon + 1 and written "never".
//!
//! Each measure's line is a `<g class="series">` with the measure's name in
//! `data-label`, each point a `<circle class="point">`.

use super::names::{key_label, measure_title};
use super::{
    MARGIN, Scale, axis_top, escape, heading, key_units, metric_units, num, polyline, style, text,
    text_width, tick_label, ticks, x_labels,
};
use crate::analysis::Measure;
use crate::analysis::measure::measure_cell;
use crate::analysis::sweep::Point;
use crate::overrides::{KeyPath, Scalar};
use crate::sim::Method;
use std::fmt::Write;

const WIDTH: f64 = 760.0;
const PANEL_HEIGHT: f64 = 240.0;

/// What the chart shows.
pub struct SweepLine<'a> {
    pub key: &'a KeyPath,
    /// The key's values, in sweep order.
    pub values: &'a [Scalar],
    /// One panel each.
    pub measures: &'a [Measure],
    /// One point per value, in the same order.
    pub points: &'a [Point],
    pub method: Method,
    /// Where a night that never came is drawn: the horizon + 1.
    pub never_at: f64,
}

/// The line chart as an SVG document.
pub fn line_chart(chart: &SweepLine<'_>) -> String {
    let key = chart.key.to_string();
    let key_words = key_label(&key);
    let numeric: Option<Vec<f64>> = chart.values.iter().map(Scalar::as_f64).collect();
    let count = chart.values.len().max(1);
    let position = |i: usize| match &numeric {
        Some(xs) => xs[i],
        None => i as f64,
    };
    let (x_lo, x_hi) = match &numeric {
        Some(xs) => xs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            }),
        None => (0.0, (count - 1) as f64),
    };
    let (x_lo, x_hi) = if x_hi > x_lo {
        (x_lo, x_hi)
    } else {
        (x_lo - 1.0, x_lo + 1.0)
    };
    // A little room at both ends so the end markers sit inside the frame.
    let pad = (x_hi - x_lo) * 0.04;

    let title = match chart.measures {
        [one] => format!("{} by {key_words}", measure_title(*one)),
        _ => format!("Sweep of {key_words}"),
    };
    let subtitle = match chart.method {
        Method::Exact => "Exact arithmetic at every point (nothing is random)".to_string(),
        Method::MeanPath => "The mean path (one path through the means) at every point".to_string(),
        Method::MonteCarlo { trials, seed } => {
            format!("Monte Carlo, {trials} trials at every point, all with seed {seed}")
        }
    };
    let (head, head_bottom) = heading(WIDTH, &title, &subtitle);

    // Every panel's values first, to size the left margin to its widest
    // tick label.
    let panels: Vec<(Measure, Vec<Option<f64>>, f64)> = chart
        .measures
        .iter()
        .map(|&m| {
            let values: Vec<Option<f64>> = chart
                .points
                .iter()
                .map(|p| match m.value(&p.summary) {
                    None if m.is_night() => Some(chart.never_at),
                    v => v,
                })
                .collect();
            let largest = values.iter().flatten().fold(0.0f64, |a, &v| a.max(v));
            let top = if m.is_probability() {
                1.0
            } else {
                axis_top(largest)
            };
            (m, values, top)
        })
        .collect();
    let left = MARGIN
        + panels
            .iter()
            .flat_map(|(_, _, top)| ticks(0.0, *top, 5, false))
            .map(|v| text_width(&tick_label(v), 11.0))
            .fold(0.0, f64::max)
        + 10.0;
    let right = WIDTH - MARGIN - 10.0;
    let x = Scale {
        domain: (x_lo - pad, x_hi + pad),
        range: (left, right),
    };

    let mut out = String::new();
    let mut y = head_bottom + 8.0;
    let mut any_never = false;
    for (k, (measure, values, top)) in panels.iter().enumerate() {
        let name = measure.name();
        out.push_str(&text(
            MARGIN,
            y + 12.0,
            12.0,
            "start",
            "class=\"caption\"",
            &format!("{} ({})", measure_title(*measure), metric_units(&name)),
        ));
        let (plot_top, plot_bottom) = (y + 24.0, y + 24.0 + PANEL_HEIGHT);
        let yv = Scale {
            domain: (0.0, *top),
            range: (plot_bottom - 6.0, plot_top + 16.0),
        };
        out.push_str("<g class=\"grid\" stroke=\"#e0e0e0\" stroke-width=\"1\">\n");
        let value_ticks = ticks(0.0, *top, 5, false);
        for &v in &value_ticks {
            let _ = writeln!(
                out,
                "<line x1=\"{}\" y1=\"{p}\" x2=\"{}\" y2=\"{p}\"/>",
                num(left),
                num(right),
                p = num(yv.at(v))
            );
        }
        out.push_str("</g>\n");
        let _ = writeln!(
            out,
            "<rect class=\"plot\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" \
             stroke=\"#000000\" data-top=\"{}\"/>",
            num(left),
            num(plot_top),
            num(right - left),
            num(plot_bottom - plot_top),
            num(*top)
        );
        for &v in &value_ticks {
            out.push_str(&text(
                left - 5.0,
                yv.at(v) + 4.0,
                11.0,
                "end",
                "class=\"tick\"",
                &tick_label(v),
            ));
        }
        let s = style(k);
        let _ = writeln!(
            out,
            "<g class=\"series\" data-label=\"{n}\"><title>{n}</title>",
            n = escape(&name)
        );
        // The line breaks where a value is missing.
        let mut run: Vec<(f64, f64)> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => run.push((x.at(position(i)), yv.at(*v))),
                None => {
                    if run.len() > 1 {
                        out.push_str(&polyline(&run, &s, 2.5));
                    }
                    run.clear();
                }
            }
        }
        if run.len() > 1 {
            out.push_str(&polyline(&run, &s, 2.5));
        }
        let show_values = count <= 16;
        for (i, (v, point)) in values.iter().zip(chart.points).enumerate() {
            let Some(v) = v else { continue };
            let never = measure.is_night() && measure.value(&point.summary).is_none();
            any_never |= never;
            let (px, py) = (x.at(position(i)), yv.at(*v));
            let _ = writeln!(
                out,
                "<circle class=\"point\" data-x=\"{}\" data-y=\"{}\" cx=\"{}\" cy=\"{}\" r=\"4\" \
                 fill=\"{}\" stroke=\"{}\" stroke-width=\"2\"/>",
                escape(&chart.values[i].to_string()),
                if never { "never".to_string() } else { num(*v) },
                num(px),
                num(py),
                if never { "#ffffff" } else { s.colour },
                s.colour
            );
            if show_values {
                let shown = measure_cell(*measure, measure.value(&point.summary)).display();
                out.push_str(&text(
                    px,
                    py - 9.0,
                    10.0,
                    "middle",
                    &format!("class=\"value\" {}", super::HALO),
                    &shown,
                ));
            }
        }
        out.push_str("</g>\n");
        y = plot_bottom + 10.0;
    }

    // The x axis under the last panel.
    let labels: Vec<(f64, String)> = match &numeric {
        Some(_) if count > 12 => ticks(x_lo, x_hi, 8, false)
            .into_iter()
            .map(|v| (x.at(v), tick_label(v)))
            .collect(),
        _ => chart
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| (x.at(position(i)), v.to_string()))
            .collect(),
    };
    out.push_str(&x_labels(&labels, MARGIN, WIDTH - MARGIN, y + 6.0, 11.0));
    out.push_str(&text(
        (left + right) / 2.0,
        y + 28.0,
        13.0,
        "middle",
        "class=\"axis-title\"",
        &format!("{key_words} ({})", key_units(&key)),
    ));
    let mut below = Vec::new();
    if any_never {
        below.push(format!(
            "Hollow marker: \u{201c}never\u{201d}, a night that never came, drawn at night {}.",
            tick_label(chart.never_at)
        ));
    }
    super::canvas(WIDTH, &title, &head, &out, y + 52.0, &below).svg()
}
