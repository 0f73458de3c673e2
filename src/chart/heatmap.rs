//! A heat map of a sweep over two keys: the first key's values down, the
//! second's across, one `<rect class="cell">` per grid point, coloured on a
//! light-to-dark scale from the smallest value to the largest, with the
//! value written in the cell where it fits (so it reads in black and white)
//! and a colour scale beside the map, in the palette the terminal shades
//! sweep grids with ([`super::palette`]). Titles wrap to the canvas, so the
//! grid stays the main thing; keys and the measure are named in words
//! ([`super::names`]).

use super::font::{self, Weight};
use super::names::{key_label, measure_title};
use super::palette::{heat_hex, heat_is_dark};
use super::{
    MARGIN, canvas, escape, heading, key_units, metric_units, num, text, text_lines, text_width,
    tick_label,
};
use crate::analysis::Measure;
use crate::analysis::measure::measure_cell;
use crate::analysis::sweep::Point;
use crate::overrides::{KeyPath, Scalar};
use crate::sim::Method;
use std::fmt::Write;

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
    let (lo, hi) = values
        .iter()
        .flatten()
        .filter(|x| x.is_finite())
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
    let [row_key, column_key] = map.keys.map(|k| k.to_string());
    let row_title = format!("{} ({})", key_label(&row_key), key_units(&row_key));
    let column_title = format!("{} ({})", key_label(&column_key), key_units(&column_key));

    let row_labels: Vec<String> = map.rows.iter().map(|v| v.to_string()).collect();
    let column_labels: Vec<String> = map.columns.iter().map(|v| v.to_string()).collect();
    let widest = |labels: &[String]| {
        labels
            .iter()
            .map(|l| text_width(l, 11.0))
            .fold(0.0, f64::max)
    };
    let cell_w = (720.0 / nc as f64).clamp(6.0, 96.0);
    let cell_h = (480.0 / nr as f64).clamp(6.0, 34.0);
    let map_w = cell_w * nc as f64;
    let map_h = cell_h * nr as f64;
    // The row key's title runs up the left side, wrapped to the map's
    // height (at least 160 pixels); the map moves down if it is taller.
    let row_title_lines = font::wrap(&row_title, 13.0, Weight::Regular, map_h.max(160.0));
    let row_title_extent = row_title_lines
        .iter()
        .map(|l| text_width(l, 13.0))
        .fold(0.0, f64::max);
    let left = MARGIN + 17.0 * row_title_lines.len() as f64 + 8.0 + widest(&row_labels) + 8.0;
    let scale_x = left + map_w + 30.0;
    let metric = measure.name();
    let units = metric_units(&metric);
    let scale_width = 18.0
        + 8.0
        + [lo, hi]
            .iter()
            .filter(|v| v.is_finite())
            .map(|&v| text_width(&tick_label(v), 11.0))
            .fold(text_width(units, 11.0) - 8.0, f64::max);
    let width = (scale_x + scale_width + MARGIN).max(560.0);

    let title = format!(
        "{} by {} and {}",
        measure_title(measure),
        key_label(&row_key),
        key_label(&column_key)
    );
    let subtitle = match map.method {
        Method::Exact => "Exact arithmetic at every point (nothing is random)".to_string(),
        Method::MeanPath => "The mean path (one path through the means) at every point".to_string(),
        Method::MonteCarlo { trials, seed } => {
            format!("Monte Carlo, {trials} trials at every point, all with seed {seed}")
        }
    };
    let (head, head_bottom) = heading(width, &title, &subtitle);

    // The column key's title over the columns, wrapped to the map's width
    // (at least 200 pixels), then the column labels, then the map.
    let column_title_lines = font::wrap(&column_title, 13.0, Weight::Regular, map_w.max(200.0));
    let column_title_y = head_bottom + 10.0;
    let labels_y = column_title_y + 17.0 * (column_title_lines.len() - 1) as f64 + 20.0;
    let mut top = labels_y + 8.0;
    // Keep the rotated row title below the column labels.
    let row_title_top = top + map_h / 2.0 - row_title_extent / 2.0;
    if row_title_top < labels_y + 6.0 {
        top += labels_y + 6.0 - row_title_top;
    }
    let mid = top + map_h / 2.0;
    let map_bottom = (top + map_h).max(mid + row_title_extent / 2.0);

    let mut out = String::new();
    out.push_str(&text_lines(
        left + map_w / 2.0,
        column_title_y,
        13.0,
        17.0,
        "middle",
        "class=\"axis-title\"",
        &column_title_lines,
    ));
    // Column labels above the map, rows to the left; thinned when crowded.
    let every = |room: f64, widest: f64| ((widest + 6.0) / room).ceil().max(1.0) as usize;
    let column_step = every(cell_w, widest(&column_labels));
    for (c, label) in column_labels.iter().enumerate() {
        if c % column_step == 0 {
            let cx = left + (c as f64 + 0.5) * cell_w;
            out.push_str(&text(cx, labels_y, 11.0, "middle", "class=\"tick\"", label));
        }
    }
    let row_step = every(cell_h, 12.0);
    for (r, label) in row_labels.iter().enumerate() {
        if r % row_step == 0 {
            let cy = top + (r as f64 + 0.5) * cell_h + 4.0;
            out.push_str(&text(left - 6.0, cy, 11.0, "end", "class=\"tick\"", label));
        }
    }
    for (i, line) in row_title_lines.iter().enumerate() {
        let x = MARGIN + 13.0 + 17.0 * i as f64;
        out.push_str(&text(
            x,
            mid,
            13.0,
            "middle",
            &format!(
                "class=\"axis-title\" transform=\"rotate(-90 {} {})\"",
                num(x),
                num(mid)
            ),
            line,
        ));
    }

    // Cells.
    let show_values = cell_w >= 30.0 && cell_h >= 15.0;
    out.push_str("<g class=\"cells\">\n");
    for (i, point) in map.points.iter().enumerate() {
        let (r, c) = (i / nc, i % nc);
        let (x, y) = (left + c as f64 * cell_w, top + r as f64 * cell_h);
        let shown = measure_cell(measure, measure.value(&point.summary)).display();
        let (fill, dark) = match values.get(i).copied().flatten() {
            Some(v) => (heat_hex(level(v)), heat_is_dark(level(v))),
            None => ("#e0e0e0".to_string(), false),
        };
        let coordinate = |k: usize| point.coords.get(k).map_or(String::new(), |v| v.to_string());
        let _ = writeln!(
            out,
            "<rect class=\"cell\" data-row=\"{r}\" data-column=\"{c}\" x=\"{}\" y=\"{}\" \
             width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"0.5\">\
             <title>{} = {}, {} = {}: {}</title></rect>",
            num(x),
            num(y),
            num(cell_w),
            num(cell_h),
            escape(&key_label(&row_key)),
            escape(&coordinate(0)),
            escape(&key_label(&column_key)),
            escape(&coordinate(1)),
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

    // Colour scale, with the measure's units over it.
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
            heat_hex(f + 0.5 / steps as f64)
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
                "class=\"tick\"",
                &tick_label(v),
            ));
        }
    }
    out.push_str("</g>\n");
    out.push_str(&text(scale_x, top - 14.0, 11.0, "start", "", units));
    let mut below = vec![format!(
        "Cells: {} ({units}); lighter is smaller, darker larger.",
        measure_title(measure)
    )];
    if any_never {
        below.push("\u{201c}Never\u{201d} (a night that never came) is drawn darkest.".into());
    }
    let notes_y = map_bottom.max(top + scale_h) + 24.0;
    canvas(width, &title, &head, &out, notes_y, &below).svg()
}
