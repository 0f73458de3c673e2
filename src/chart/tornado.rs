//! A tornado chart of a sensitivity table: one row per parameter, widest
//! swing at the top, each a bar from the metric at the scenario's own
//! values to the metric with the parameter at its low value (hatched) and
//! at its high value (solid), so the two read apart in black and white.
//! Each bar is a `<g class="bar">`.

use super::names::{key_label, measure_title};
use super::{escape, heading, metric_units, notes, num, open, text, text_width, tick_label, ticks};
use crate::analysis::Measure;
use crate::analysis::measure::measure_cell;
use crate::analysis::sensitivity::Tornado;
use crate::sim::Method;
use std::fmt::Write;

const LOW_COLOUR: &str = "#0072B2";
const HIGH_COLOUR: &str = "#D55E00";

/// The tornado chart as an SVG document. `never_at` is where a night that
/// never came is drawn (the horizon + 1).
pub fn tornado_chart(
    tornado: &Tornado,
    measure: Measure,
    method: Method,
    never_at: f64,
    id: &str,
) -> String {
    let value = |v: Option<f64>| match v {
        Some(x) => x,
        None if measure.is_night() => never_at,
        None => f64::NAN,
    };
    let shown = |v: Option<f64>| measure_cell(measure, v).display();
    let labels: Vec<String> = tornado
        .bars
        .iter()
        .map(|b| {
            format!(
                "{} {}..{}",
                key_label(&b.parameter.key.to_string()),
                b.parameter.low,
                b.parameter.high
            )
        })
        .collect();
    let label_width = labels
        .iter()
        .map(|l| text_width(l, 12.0))
        .fold(120.0, f64::max);
    let left = 24.0 + label_width + 12.0;
    let plot_width = 560.0;
    let width = left + plot_width + 70.0;
    let bar_h = 26.0;
    let row_h = 36.0;
    let plot_h = row_h * tornado.bars.len().max(1) as f64;

    let base = value(tornado.at_base);
    let all: Vec<f64> = tornado
        .bars
        .iter()
        .flat_map(|b| [value(b.at_low), value(b.at_high)])
        .chain([base])
        .filter(|x| x.is_finite())
        .collect();
    let (lo, hi) = all
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let axis_ticks: Vec<f64> = ticks(lo, hi, 6, false);
    let (lo, hi) = (
        axis_ticks.first().copied().unwrap_or(lo).min(lo),
        axis_ticks.last().copied().unwrap_or(hi).max(hi),
    );
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, hi + 1.0)
    };
    // Room at both ends for the values written beside the bars.
    let pad = (hi - lo) * 0.08;
    let (lo, hi) = (lo - pad, hi + pad);
    let x = |v: f64| left + (v - lo) / (hi - lo) * plot_width;

    let metric = measure.name();
    let measure_words = measure_title(measure);
    let title = format!("Sensitivity of {}", lower_first(&measure_words));
    let subtitle = match method {
        Method::Exact => {
            "Each parameter moved alone from low to high, the others as in the file; exact arithmetic"
                .to_string()
        }
        Method::MeanPath => {
            "Each parameter moved alone from low to high, the others as in the file; the mean path"
                .to_string()
        }
        Method::MonteCarlo { trials, seed } => format!(
            "Each parameter moved alone from low to high; Monte Carlo, {trials} trials, seed {seed}"
        ),
    };
    let (head, head_bottom) = heading(width, &title, &subtitle);
    let top = head_bottom + 26.0;
    let height = top + plot_h + 100.0 + if measure.is_night() { 15.0 } else { 0.0 };
    let mut out = open(width, height, &title);
    let hatch = format!("{id}-hatch");
    let _ = writeln!(
        out,
        "<defs><pattern id=\"{hatch}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{LOW_COLOUR}\" stroke-width=\"3\"/>\
         </pattern></defs>"
    );
    out.push_str(&head);

    // Grid and axis.
    out.push_str("<g class=\"axes\" stroke=\"#d0d0d0\">\n");
    for &v in &axis_ticks {
        let _ = writeln!(
            out,
            "<line x1=\"{px}\" y1=\"{}\" x2=\"{px}\" y2=\"{}\"/>",
            num(top),
            num(top + plot_h),
            px = num(x(v))
        );
    }
    out.push_str("</g>\n");
    for &v in &axis_ticks {
        out.push_str(&text(
            x(v),
            top + plot_h + 16.0,
            11.0,
            "middle",
            "",
            &tick_label(v),
        ));
    }
    let _ = writeln!(
        out,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#000000\"/>",
        num(left),
        num(top + plot_h),
        num(left + plot_width),
        num(top + plot_h)
    );
    out.push_str(&text(
        left + plot_width / 2.0,
        top + plot_h + 38.0,
        13.0,
        "middle",
        "",
        &format!("{} ({})", measure_words, metric_units(&metric)),
    ));
    out.push_str(&text(
        left - 12.0,
        top - 12.0,
        12.0,
        "end",
        "font-weight=\"bold\"",
        "parameter low..high",
    ));

    // Bars.
    for (i, (bar, label)) in tornado.bars.iter().zip(&labels).enumerate() {
        let y = top + i as f64 * row_h + (row_h - bar_h) / 2.0;
        let _ = writeln!(
            out,
            "<g class=\"bar\" data-label=\"{}\"><title>{}: {} at {}, {} at {}</title>",
            escape(&bar.parameter.key.to_string()),
            escape(label),
            escape(&shown(bar.at_low)),
            escape(&bar.parameter.low.to_string()),
            escape(&shown(bar.at_high)),
            escape(&bar.parameter.high.to_string()),
        );
        out.push_str(&text(
            left - 12.0,
            y + bar_h / 2.0 + 4.0,
            12.0,
            "end",
            "",
            label,
        ));
        let mut ends = [
            (value(bar.at_low), format!("url(#{hatch})"), bar.at_low),
            (value(bar.at_high), HIGH_COLOUR.to_string(), bar.at_high),
        ];
        // The end farther from the base first, so that a nearer one on the
        // same side is drawn over it.
        ends.sort_by(|a, b| (b.0 - base).abs().total_cmp(&(a.0 - base).abs()));
        // Where this row's value labels already are, so the nearer end's
        // label never lands on the farther one's.
        let mut taken: Vec<(f64, f64, String)> = Vec::new();
        for (v, fill, at) in ends {
            if !v.is_finite() || !base.is_finite() {
                continue;
            }
            let (a, b) = (x(base.min(v)), x(base.max(v)));
            let stroke = if fill.starts_with("url") {
                LOW_COLOUR
            } else {
                HIGH_COLOUR
            };
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" \
                 stroke=\"{stroke}\" stroke-width=\"1.2\"/>",
                num(a),
                num(y),
                num((b - a).max(1.0)),
                num(bar_h)
            );
            let label = shown(at);
            let w = text_width(&label, 11.0);
            let outside = if v < base {
                (a - 4.0 - w, a - 4.0)
            } else {
                (b + 4.0, b + 4.0 + w)
            };
            let clashes = |span: (f64, f64)| {
                taken
                    .iter()
                    .any(|(l, r, _)| span.0 < *r + 2.0 && *l < span.1 + 2.0)
            };
            if !clashes(outside) {
                out.push_str(&text(
                    outside.0,
                    y + bar_h / 2.0 + 4.0,
                    11.0,
                    "start",
                    "",
                    &label,
                ));
                taken.push((outside.0, outside.1, label));
            } else if !taken.iter().any(|(_, _, t)| *t == label) {
                // Inside the bar's own end instead, on a white outline.
                let inside = if v < base {
                    (a + 4.0, a + 4.0 + w)
                } else {
                    (b - 4.0 - w, b - 4.0)
                };
                out.push_str(&text(
                    inside.0,
                    y + bar_h / 2.0 + 4.0,
                    11.0,
                    "start",
                    super::HALO,
                    &label,
                ));
                taken.push((inside.0, inside.1, label));
            }
        }
        out.push_str("</g>\n");
    }
    if base.is_finite() {
        let _ = writeln!(
            out,
            "<line x1=\"{px}\" y1=\"{}\" x2=\"{px}\" y2=\"{}\" stroke=\"#000000\" \
             stroke-width=\"2\" stroke-dasharray=\"6 3\"/>",
            num(top - 4.0),
            num(top + plot_h + 4.0),
            px = num(x(base))
        );
        out.push_str(&text(
            x(base),
            top - 8.0,
            11.0,
            "middle",
            "",
            &format!("as in the file: {}", shown(tornado.at_base)),
        ));
    }

    // Legend.
    let ly = top + plot_h + 62.0;
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"26\" height=\"14\" fill=\"url(#{hatch})\" stroke=\"{LOW_COLOUR}\"/>",
        num(left),
        num(ly - 11.0)
    );
    out.push_str(&text(
        left + 32.0,
        ly,
        12.0,
        "start",
        "",
        "parameter at its low value",
    ));
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"26\" height=\"14\" fill=\"{HIGH_COLOUR}\" stroke=\"{HIGH_COLOUR}\"/>",
        num(left + 230.0),
        num(ly - 11.0)
    );
    out.push_str(&text(
        left + 262.0,
        ly,
        12.0,
        "start",
        "",
        "parameter at its high value",
    ));
    let never = if measure.is_night() {
        vec![format!(
            "A night that never came is drawn at night {}.",
            tick_label(never_at)
        )]
    } else {
        Vec::new()
    };
    out.push_str(&notes(left, ly + 22.0, width - left - 16.0, &never).0);
    out.push_str("</svg>\n");
    out
}

/// `text` with its first letter lower-case, to run on in a sentence.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_lowercase().chain(chars).collect())
}
