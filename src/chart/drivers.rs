//! What drives the spread: a tornado-style chart of a Monte Carlo run's
//! uncertain inputs (`Summary.drivers`), one row per input, each a bar from
//! zero to the input's rank correlation with one headline figure, the
//! strongest at the top. A positive bar (solid, to the right) means the
//! figure rises as the input rises; a negative one (light, outlined, to the
//! left) that it falls; the two read apart in black and white. Each bar is
//! a `<g class="driver">` with the input's key path in `data-label` and the
//! correlation in `data-value`.
//!
//! [`stock_and_drivers_chart`] is the stock chart with, beneath it, the
//! drivers chart of each run that has drivers, as one SVG: what `--chart`
//! draws for a run.

use super::font::{self, Weight};
use super::names::{key_label, range_words};
use super::{Canvas, MARGIN, Scale, escape, heading, num, stack, text, text_width, tick_label};
use crate::cell::label;
use crate::outcome::Outcome as ScenarioReport;
use crate::summary::{Driver, Figure};
use std::fmt::Write;

/// The headline figures drivers are given for, in the order the chart
/// prefers them.
pub const FIGURES: [Figure; 3] = [
    Figure::NightsFullyDefended,
    Figure::Leakers,
    Figure::FirstShortfallNight,
];

const POSITIVE: &str = "#0072B2";
const NEGATIVE: &str = "#D55E00";
const NEGATIVE_FILL: &str = "#fbe0d0";
const LABEL_SIZE: f64 = 12.0;
const VALUE_SIZE: f64 = 11.0;
/// The axis runs a little past ±1, so that a value written beside the end
/// of a bar of ±1 stays inside the plot.
const REACH: f64 = 1.3;

/// An input's rank correlation with `figure`: `None` where the input or the
/// figure never varied, or for a figure drivers are not given for.
pub fn correlation(driver: &Driver, figure: Figure) -> Option<f64> {
    match figure {
        Figure::NightsFullyDefended => driver.nights_fully_defended,
        Figure::Leakers => driver.leakers,
        Figure::FirstShortfallNight => driver.first_shortfall_night,
        Figure::ExhaustedNight => None,
    }
}

/// The figure the chart shows: the first of [`FIGURES`] that some input
/// moves (nights fully defended never vary when no trial falls short; then
/// leakers, then the first shortfall night).
pub fn chart_figure(drivers: &[Driver]) -> Figure {
    FIGURES
        .into_iter()
        .find(|&f| drivers.iter().any(|d| correlation(d, f).is_some()))
        .unwrap_or(Figure::NightsFullyDefended)
}

/// The drivers of `run` ordered for the chart: by the strength of their
/// correlation with `figure`, strongest first; inputs that do not move it
/// last, in the summary's order.
pub fn ranked(drivers: &[Driver], figure: Figure) -> Vec<&Driver> {
    let mut ranked: Vec<&Driver> = drivers.iter().collect();
    let strength = |d: &Driver| correlation(d, figure).map_or(-1.0, f64::abs);
    ranked.sort_by(|a, b| strength(b).total_cmp(&strength(a)));
    ranked
}

/// The row label of an input: its key in words and its range, as the
/// scenario gives it ("stockpile, 100 to 300").
pub fn input_words(run: &ScenarioReport<'_>, key: &str) -> String {
    let range = run
        .scenario
        .uncertain
        .iter()
        .find(|u| u.key == key)
        .map(|u| format!(", {}", range_words(&u.range)));
    format!("{}{}", key_label(key), range.unwrap_or_default())
}

/// The drivers chart of `run`, `width` pixels wide (at least
/// [`super::stock::NARROW`]); `None` when it has no drivers (not a Monte
/// Carlo run, or no figure given as a range).
pub fn drivers_chart(run: &ScenarioReport<'_>, width: f64) -> Option<String> {
    drivers_canvas(run, width).map(|c| c.svg())
}

/// The stock chart of `runs` at the file width with, beneath it, the
/// drivers chart of each run that has drivers, as one SVG document; the
/// stock chart alone when none has.
pub fn stock_and_drivers_chart(runs: &[ScenarioReport<'_>]) -> String {
    stock_and_drivers_chart_width(runs, super::stock::WIDE)
}

/// [`stock_and_drivers_chart`], `width` pixels wide.
pub fn stock_and_drivers_chart_width(runs: &[ScenarioReport<'_>], width: f64) -> String {
    let stock = super::stock::stock_canvas(runs, width);
    let drivers: Vec<Canvas> = runs
        .iter()
        .filter_map(|run| drivers_canvas(run, width))
        .collect();
    if drivers.is_empty() {
        return stock.svg();
    }
    let title = format!("{}, and what drives the spread", stock.title);
    let mut parts = vec![stock];
    parts.extend(drivers);
    stack(&title, &parts).svg()
}

/// The drivers chart of `run` as a canvas.
pub(crate) fn drivers_canvas(run: &ScenarioReport<'_>, width: f64) -> Option<Canvas> {
    let summary = &run.simulation.summary;
    if summary.drivers.is_empty() {
        return None;
    }
    let width = width.max(super::stock::NARROW);
    let figure = chart_figure(&summary.drivers);
    let figure_words = label(figure.name());
    let rows = ranked(&summary.drivers, figure);
    let labels: Vec<String> = rows.iter().map(|d| input_words(run, &d.input)).collect();

    let title = format!("What drives the spread: {}", run.scenario.name);
    let subtitle = format!(
        "Monte Carlo, {} trials, seed {}: the rank correlation of each input given as a range \
         with {figure_words}, strongest first",
        summary.trials.unwrap_or(0),
        summary.seed.unwrap_or(0)
    );
    let (head, head_bottom) = heading(width, &title, &subtitle);

    // Labels beside the bars where they fit in 40% of the width, else each
    // on its own line above its bar.
    let room = width - 2.0 * MARGIN;
    let widest = labels
        .iter()
        .map(|l| text_width(l, LABEL_SIZE))
        .fold(0.0, f64::max);
    let beside = widest + 12.0 <= 0.4 * room;
    let left = if beside {
        MARGIN + widest + 12.0
    } else {
        MARGIN
    };
    let right = width - MARGIN;
    let x = Scale {
        domain: (-REACH, REACH),
        range: (left, right),
    };
    let bar_h = 18.0;
    let row_h = if beside { 30.0 } else { 42.0 };
    let top = head_bottom + 8.0;
    let bottom = top + row_h * rows.len() as f64;

    let mut out = String::new();
    // Grid at every half, and the zero line over it.
    out.push_str("<g class=\"grid\" stroke=\"#e0e0e0\" stroke-width=\"1\">\n");
    let ticks = [-1.0, -0.5, 0.0, 0.5, 1.0];
    for v in ticks {
        let _ = writeln!(
            out,
            "<line x1=\"{p}\" y1=\"{}\" x2=\"{p}\" y2=\"{}\"/>",
            num(top),
            num(bottom),
            p = num(x.at(v))
        );
    }
    out.push_str("</g>\n");
    let _ = writeln!(
        out,
        "<rect class=\"drivers-plot\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" \
         stroke=\"#000000\" data-low=\"-1\" data-high=\"1\"/>",
        num(left),
        num(top),
        num(right - left),
        num(bottom - top)
    );

    // The zero line under the bars, which start on it.
    let _ = writeln!(
        out,
        "<line class=\"zero\" x1=\"{p}\" y1=\"{}\" x2=\"{p}\" y2=\"{}\" stroke=\"#000000\" \
         stroke-width=\"1.5\"/>",
        num(top),
        num(bottom),
        p = num(x.at(0.0))
    );
    for (i, (driver, words)) in rows.iter().zip(&labels).enumerate() {
        let row_top = top + row_h * i as f64;
        let bar_top = row_top + row_h - bar_h - 6.0;
        let middle = bar_top + bar_h / 2.0 + 4.0;
        let value = correlation(driver, figure);
        let _ = writeln!(
            out,
            "<g class=\"driver\" data-label=\"{}\" data-value=\"{}\"><title>{}: {}</title>",
            escape(&driver.input),
            value.map_or(String::new(), |r| format!("{r:.4}")),
            escape(words),
            value.map_or("no spread".to_string(), signed)
        );
        if beside {
            out.push_str(&text(
                left - 8.0,
                middle,
                LABEL_SIZE,
                "end",
                "class=\"driver-label\"",
                words,
            ));
        } else {
            let cut = font::truncate(words, LABEL_SIZE, Weight::Regular, room - 8.0);
            out.push_str(&text(
                left + 4.0,
                bar_top - 5.0,
                LABEL_SIZE,
                "start",
                &format!("class=\"driver-label\" {}", super::HALO),
                &cut,
            ));
        }
        match value {
            Some(r) => {
                let (a, b) = (x.at(0.0_f64.min(r)), x.at(0.0_f64.max(r)));
                let (fill, stroke) = if r >= 0.0 {
                    (POSITIVE, POSITIVE)
                } else {
                    (NEGATIVE_FILL, NEGATIVE)
                };
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" \
                     stroke=\"{stroke}\" stroke-width=\"1.5\"/>",
                    num(a),
                    num(bar_top),
                    num((b - a).max(1.0)),
                    num(bar_h)
                );
                let shown = signed(r);
                let (at, anchor) = if r >= 0.0 {
                    (b + 4.0, "start")
                } else {
                    (a - 4.0, "end")
                };
                out.push_str(&text(
                    at,
                    middle,
                    VALUE_SIZE,
                    anchor,
                    "class=\"driver-value\"",
                    &shown,
                ));
            }
            None => out.push_str(&text(
                x.at(0.0) + 4.0,
                middle,
                VALUE_SIZE,
                "start",
                "fill=\"#555555\" class=\"driver-value\"",
                "no spread",
            )),
        }
        out.push_str("</g>\n");
    }

    // The axis: ticks, its title, and which way is which.
    for v in ticks {
        out.push_str(&text(
            x.at(v),
            bottom + 15.0,
            VALUE_SIZE,
            "middle",
            "class=\"tick\"",
            // A true minus, as the values beside the bars have.
            &tick_label(v).replace('-', "−"),
        ));
    }
    let axis_title = format!("Rank correlation with {figure_words}");
    let axis_lines = font::wrap(&axis_title, 13.0, Weight::Regular, room);
    let mut y = bottom + 34.0;
    out.push_str(&super::text_lines(
        (left + right) / 2.0,
        y,
        13.0,
        16.0,
        "middle",
        "class=\"axis-title\"",
        &axis_lines,
    ));
    y += 16.0 * (axis_lines.len() - 1) as f64 + 17.0;
    out.push_str(&text(
        left,
        y,
        VALUE_SIZE,
        "start",
        "fill=\"#333333\" class=\"hint\"",
        "← falls as the input rises",
    ));
    out.push_str(&text(
        right,
        y,
        VALUE_SIZE,
        "end",
        "fill=\"#333333\" class=\"hint\"",
        "rises as the input rises →",
    ));

    let mut below = vec![format!(
        "Each input given as a range is drawn once per trial. Its bar is Spearman's rank \
         correlation, over the trials, between its draw and {figure_words}: near +1 or −1 the \
         input decides the figure, near 0 it hardly moves it; \"no spread\": the figure or the \
         input never varied. The ranks come from counts of trials per value of the figure, so \
         memory does not grow with the trials."
    )];
    if figure != Figure::NightsFullyDefended {
        below.push(format!(
            "Nights fully defended did not vary over the trials, so the chart shows {figure_words}."
        ));
    }
    Some(super::canvas(width, &title, &head, &out, y + 24.0, &below))
}

/// A correlation with its sign: "+0.98", "−0.95", "0".
fn signed(r: f64) -> String {
    let text = crate::cell::Cell::Real(r.abs()).display();
    if text == "0" {
        text
    } else if r > 0.0 {
        format!("+{text}")
    } else {
        format!("−{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn driver(input: &str, nights: Option<f64>, leakers: Option<f64>) -> Driver {
        Driver {
            input: input.into(),
            nights_fully_defended: nights,
            leakers,
            first_shortfall_night: None,
        }
    }

    #[test]
    fn the_chart_ranks_by_the_figure_it_shows() {
        let drivers = [
            driver("pk", Some(0.1), Some(-0.9)),
            driver("stockpile", Some(-0.98), Some(-0.2)),
            driver("reliability", None, Some(0.05)),
        ];
        assert_eq!(chart_figure(&drivers), Figure::NightsFullyDefended);
        let order: Vec<&str> = ranked(&drivers, Figure::NightsFullyDefended)
            .iter()
            .map(|d| d.input.as_str())
            .collect();
        assert_eq!(order, ["stockpile", "pk", "reliability"]);
        // Nothing moves nights fully defended: leakers instead.
        let flat = [
            driver("pk", None, Some(-0.9)),
            driver("stockpile", None, Some(0.3)),
        ];
        assert_eq!(chart_figure(&flat), Figure::Leakers);
    }

    #[test]
    fn correlations_carry_their_sign() {
        assert_eq!(signed(0.984), "+0.98");
        assert_eq!(signed(-0.951), "−0.95");
        assert_eq!(signed(0.001), "0");
    }
}
