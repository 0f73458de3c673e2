//! A heat map of a sweep over two keys: the first key's values down, the
//! second's across, one `<rect class="cell">` per grid point, coloured on a
//! light-to-dark scale from the smallest value to the largest, with the
//! value written in the cell where it fits (so it reads in black and white)
//! and a colour scale beside the map.

use super::{escape, heading, key_units, metric_units, num, open, text, text_width, tick_label};
use crate::analysis::Measure;
use crate::analysis::measure::measure_cell;
use crate::analysis::sweep::Point;
use crate::overrides::{KeyPath, Scalar};
use crate::sim::Method;
use std::fmt::Write;

/// Yellow-green-blue, light to dark: stops of a sequential scale that stays
/// ordered when printed in grey.
const RAMP: [(f64, f64, f64); 5] = [
    (255.0, 255.0, 204.0),
    (161.0, 218.0, 180.0),
    (65.0, 182.0, 196.0),
    (44.0, 127.0, 184.0),
    (37.0, 52.0, 148.0),
];

/// The colour at `level`, 0 (lightest) to 1 (darkest).
fn colour(level: f64) -> String {
    let at = level.clamp(0.0, 1.0) * (RAMP.len() - 1) as f64;
    let i = (at.floor() as usize).min(RAMP.len() - 2);
    let f = at - i as f64;
    let (a, b) = (RAMP[i], RAMP[i + 1]);
    let mix = |p: f64, q: f64| (p + (q - p) * f).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// What the map shows.
pub struct HeatMap<'a> {
    /// The key down the rows and the key across the columns.
    pub keys: [&'a KeyPath; 2],
    pub rows: &'a [Scalar],
    pub columns: &'a [Scalar],
    pub measure: Measure,
    /// Every point of the grid, first key outermost (as
    /// [`crate::analysis::sweep::run`] returns them).
    pub points: &'a [Point],
    pub method: Method,
}

/// The heat map as an SVG document.
pub fn heat_map(map: &HeatMap<'_>) -> String {
    let (nr, nc) = (map.rows.len().max(1), map.columns.len().max(1));
    let measure = map.measure;
    let values: Vec<Option<f64>> = map
        .points
        .iter()
        .map(|p| measure.ordered_value(&p.summary))
        .collect();
    let finite: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|x| x.is_finite())
        .collect();
    let (lo, hi) = finite
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    let any_never = values.iter().flatten().any(|x| x.is_infinite());
    let level = |v: f64| {
        if v.is_infinite() {
            1.0
        } else if hi > lo {
            (v - lo) / (hi - lo)
        } else {
            0.5
        }
    };

    let row_labels: Vec<String> = map.rows.iter().map(|v| v.to_string()).collect();
    let column_labels: Vec<String> = map.columns.iter().map(|v| v.to_string()).collect();
    let label_width = row_labels
        .iter()
        .map(|l| text_width(l, 11.0))
        .fold(0.0, f64::max);
    let left = 60.0 + label_width + 8.0;
    let top = 96.0;
    let cell_w = (720.0 / nc as f64).clamp(6.0, 72.0);
    let cell_h = (480.0 / nr as f64).clamp(6.0, 34.0);
    let map_w = cell_w * nc as f64;
    let map_h = cell_h * nr as f64;
    let scale_x = left + map_w + 36.0;
    let metric = measure.name();
    let title = format!(
        "{} by {} and {}",
        capitalised(&crate::cell::label(&metric)),
        map.keys[0],
        map.keys[1]
    );
    let width = (scale_x + 130.0)
        .max(560.0)
        .max(text_width(&title, 18.0) * 1.1 + 40.0);
    let height = top + map_h + 96.0;
    let subtitle = match map.method {
        Method::Expected => "Expected values along one path at every point".to_string(),
        Method::MonteCarlo { trials, seed } => {
            format!("Monte Carlo, {trials} trials at every point, all with seed {seed}")
        }
    };
    let mut out = open(width, height, &title);
    out.push_str(&heading(width, &title, &subtitle));

    // Column labels above the map, rows to the left; thinned when crowded.
    let every = |count: usize, room: f64, widest: f64| {
        ((widest + 6.0) / room).ceil().max(1.0) as usize * usize::from(count > 0)
    };
    let widest_column = column_labels
        .iter()
        .map(|l| text_width(l, 11.0))
        .fold(0.0, f64::max);
    let column_step = every(nc, cell_w, widest_column).max(1);
    for (c, label) in column_labels.iter().enumerate() {
        if c % column_step == 0 {
            let cx = left + (c as f64 + 0.5) * cell_w;
            out.push_str(&text(cx, top - 8.0, 11.0, "middle", "", label));
        }
    }
    out.push_str(&text(
        left + map_w / 2.0,
        top - 28.0,
        13.0,
        "middle",
        "",
        &format!("{} ({})", map.keys[1], key_units(&map.keys[1].to_string())),
    ));
    let row_step = every(nr, cell_h, 12.0).max(1);
    for (r, label) in row_labels.iter().enumerate() {
        if r % row_step == 0 {
            let cy = top + (r as f64 + 0.5) * cell_h + 4.0;
            out.push_str(&text(left - 6.0, cy, 11.0, "end", "", label));
        }
    }
    let mid = top + map_h / 2.0;
    out.push_str(&text(
        20.0,
        mid,
        13.0,
        "middle",
        &format!("transform=\"rotate(-90 20 {})\"", num(mid)),
        &format!("{} ({})", map.keys[0], key_units(&map.keys[0].to_string())),
    ));

    // Cells.
    let show_values = cell_w >= 30.0 && cell_h >= 15.0;
    out.push_str("<g class=\"cells\">\n");
    for (i, point) in map.points.iter().enumerate() {
        let (r, c) = (i / nc, i % nc);
        let (x, y) = (left + c as f64 * cell_w, top + r as f64 * cell_h);
        let shown = measure_cell(measure, measure.value(&point.summary)).display();
        let (fill, dark) = match values.get(i).copied().flatten() {
            Some(v) => (colour(level(v)), level(v) > 0.55),
            None => ("#e0e0e0".to_string(), false),
        };
        let _ = writeln!(
            out,
            "<rect class=\"cell\" data-row=\"{r}\" data-column=\"{c}\" x=\"{}\" y=\"{}\" \
             width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"0.5\">\
             <title>{} = {}, {} = {}: {}</title></rect>",
            num(x),
            num(y),
            num(cell_w),
            num(cell_h),
            escape(&map.keys[0].to_string()),
            escape(
                &point
                    .coords
                    .first()
                    .map_or(String::new(), |v| v.to_string())
            ),
            escape(&map.keys[1].to_string()),
            escape(&point.coords.get(1).map_or(String::new(), |v| v.to_string())),
            escape(&shown),
        );
        if show_values && text_width(&shown, 10.0) < cell_w - 2.0 {
            out.push_str(&text(
                x + cell_w / 2.0,
                y + cell_h / 2.0 + 3.5,
                10.0,
                "middle",
                if dark {
                    "fill=\"#ffffff\""
                } else {
                    "fill=\"#000000\""
                },
                &shown,
            ));
        }
    }
    out.push_str("</g>\n");
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#000000\"/>",
        num(left),
        num(top),
        num(map_w),
        num(map_h)
    );

    // Colour scale.
    let scale_h = map_h.clamp(120.0, 300.0);
    let steps = 40;
    out.push_str("<g class=\"scale\">\n");
    for k in 0..steps {
        let f = k as f64 / steps as f64;
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"{}\" fill=\"{}\"/>",
            num(scale_x),
            num(top + scale_h * (1.0 - f - 1.0 / steps as f64)),
            num(scale_h / steps as f64 + 0.5),
            colour(f + 0.5 / steps as f64)
        );
    }
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"{}\" fill=\"none\" stroke=\"#000000\"/>",
        num(scale_x),
        num(top),
        num(scale_h)
    );
    if lo.is_finite() {
        let scale_ticks = if hi > lo {
            super::ticks(lo, hi, 5, false)
        } else {
            vec![lo]
        };
        for v in scale_ticks {
            let y = top + scale_h * (1.0 - level(v));
            let _ = writeln!(
                out,
                "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#000000\"/>",
                num(scale_x + 18.0),
                num(scale_x + 22.0),
                y = num(y)
            );
            out.push_str(&text(
                scale_x + 25.0,
                y + 4.0,
                11.0,
                "start",
                "",
                &tick_label(v),
            ));
        }
    }
    if any_never {
        out.push_str(&text(
            scale_x,
            top + scale_h + 18.0,
            11.0,
            "start",
            "",
            "\u{201c}never\u{201d}: darkest",
        ));
    }
    out.push_str("</g>\n");
    out.push_str(&text(
        scale_x - 4.0,
        top - 10.0,
        11.0,
        "start",
        "",
        metric_units(&metric),
    ));
    out.push_str(&text(
        left,
        top + map_h + 24.0,
        11.0,
        "start",
        "fill=\"#333333\"",
        &format!(
            "Cells: {} ({}); lighter is smaller, darker larger.",
            crate::cell::label(&metric),
            metric_units(&metric)
        ),
    ));
    out.push_str(&text(
        left,
        top + map_h + 40.0,
        11.0,
        "start",
        "fill=\"#333333\"",
        &format!("Made by magdepth {}.", env!("CARGO_PKG_VERSION")),
    ));
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_runs_light_to_dark() {
        assert_eq!(colour(0.0), "#ffffcc");
        assert_eq!(colour(1.0), "#253494");
        assert_eq!(colour(2.0), "#253494");
    }
}
