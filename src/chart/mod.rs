//! Charts as SVG, written directly: the stock over time ([`stock`]), a heat
//! map of a two-key sweep ([`heatmap`]), a tornado chart of a sensitivity
//! table ([`tornado`]), and a one-line terminal sparkline ([`sparkline`]).
//!
//! Every chart has a title, axis labels and units, uses a generic
//! `sans-serif` font (no font files), and reads in black and white: series
//! differ by dash pattern and marker shape as well as by colour, heat-map
//! cells carry their numbers, and tornado bars differ by fill pattern.
//!
//! Each function returns a standalone SVG document. [`inline`] turns one
//! into an element for an HTML page.

pub mod heatmap;
pub mod sparkline;
pub mod stock;
pub mod tornado;

use std::fmt::Write;

/// The SVG namespace, required on a standalone SVG file.
const XMLNS: &str = "http://www.w3.org/2000/svg";
/// The font, generic so that no font file is needed.
pub(crate) const FONT: &str = "sans-serif";

/// An SVG document as an element for an HTML page: HTML5 needs no namespace
/// on inline SVG, so the page holds no URL at all.
pub fn inline(svg: &str) -> String {
    svg.replacen(&format!(" xmlns=\"{XMLNS}\""), "", 1)
}

/// Text made safe in XML or HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed
            // in XML at all.
            c if c.is_control() && c != '\t' && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The opening of an SVG document `width` × `height` pixels, with a white
/// background and a `<title>` for screen readers.
pub(crate) fn open(width: f64, height: f64, title: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"{XMLNS}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FONT}\" role=\"img\">\n<title>{t}</title>\n\
         <rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
        w = num(width),
        h = num(height),
        t = escape(title),
    );
    out
}

/// A number for an SVG attribute: at most two decimals.
pub(crate) fn num(x: f64) -> String {
    let text = format!("{x:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// A text element. `anchor` is start, middle or end.
pub(crate) fn text(x: f64, y: f64, size: f64, anchor: &str, extra: &str, content: &str) -> String {
    format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\"{}{}>{}</text>\n",
        num(x),
        num(y),
        num(size),
        if extra.is_empty() { "" } else { " " },
        extra,
        escape(content)
    )
}

/// The title and, under it, a subtitle.
pub(crate) fn heading(width: f64, title: &str, subtitle: &str) -> String {
    let mut out = text(
        width / 2.0,
        26.0,
        18.0,
        "middle",
        "font-weight=\"bold\"",
        title,
    );
    if !subtitle.is_empty() {
        out.push_str(&text(
            width / 2.0,
            46.0,
            12.0,
            "middle",
            "fill=\"#333333\"",
            subtitle,
        ));
    }
    out
}

/// Roughly how wide `text` is at `size` pixels in a sans-serif font.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.58
}

/// Tick values from `low` to `high`, about `want` of them, at a step of 1,
/// 2 or 5 times a power of ten; whole numbers only when `whole`.
pub(crate) fn ticks(low: f64, high: f64, want: usize, whole: bool) -> Vec<f64> {
    let (low, high) = if high > low {
        (low, high)
    } else {
        (low - 1.0, low + 1.0)
    };
    let raw = (high - low) / want.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * power);
    if whole {
        step = step.max(1.0).round();
    }
    let first = (low / step).ceil() as i64;
    let last = (high / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Ticks from 0 up to at least `high`: [`ticks`] with one more step when
/// the last tick falls short, so the axis ends on a labelled tick.
pub(crate) fn ticks_from_zero(high: f64, want: usize, whole: bool) -> Vec<f64> {
    let mut out = ticks(0.0, high, want, whole);
    if let [.., before, last] = out[..]
        && last < high
    {
        out.push(last + (last - before));
    }
    out
}

/// A tick label: whole numbers without decimals, others to at most three
/// significant decimals; thousands and millions shortened.
pub(crate) fn tick_label(x: f64) -> String {
    let abs = x.abs();
    if abs >= 1e9 {
        format!("{}G", num(x / 1e9))
    } else if abs >= 1e6 {
        format!("{}M", num(x / 1e6))
    } else if abs >= 1e4 {
        format!("{}k", num(x / 1e3))
    } else if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        let text = format!("{x:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// How one series is drawn: colour, dash pattern and marker shape, so that
/// series stay apart in black and white.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub colour: &'static str,
    /// `stroke-dasharray`; empty for a solid line.
    pub dash: &'static str,
    pub marker: Marker,
}

/// Okabe–Ito colours, told apart by colour-blind readers.
const COLOURS: [&str; 7] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9",
];
const DASHES: [&str; 6] = ["", "9 4", "2 3", "12 3 3 3", "5 5", "1 4"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
    TriangleDown,
    Plus,
    Star,
}

const MARKERS: [Marker; 8] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
    Marker::Cross,
    Marker::TriangleDown,
    Marker::Plus,
    Marker::Star,
];

/// The style of series `i`. Colours, dashes and markers repeat on periods
/// of 7, 6 and 8, so the combination repeats only after 168 series.
pub(crate) fn style(i: usize) -> Style {
    Style {
        colour: COLOURS[i % COLOURS.len()],
        dash: DASHES[i % DASHES.len()],
        marker: MARKERS[i % MARKERS.len()],
    }
}

/// A marker of radius `r` centred on (`x`, `y`).
pub(crate) fn marker(shape: Marker, x: f64, y: f64, r: f64, fill: &str, stroke: &str) -> String {
    let paint = format!("fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"");
    let polygon = |points: &[(f64, f64)]| {
        let list: Vec<String> = points
            .iter()
            .map(|(dx, dy)| format!("{},{}", num(x + dx * r), num(y + dy * r)))
            .collect();
        format!("<polygon points=\"{}\" {paint}/>", list.join(" "))
    };
    let lines = |segments: &[(f64, f64, f64, f64)]| {
        let d: String = segments
            .iter()
            .map(|(x1, y1, x2, y2)| {
                format!(
                    "M{},{}L{},{}",
                    num(x + x1 * r),
                    num(y + y1 * r),
                    num(x + x2 * r),
                    num(y + y2 * r)
                )
            })
            .collect();
        format!("<path d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"2.5\"/>")
    };
    match shape {
        Marker::Circle => format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {paint}/>",
            num(x),
            num(y),
            num(r)
        ),
        Marker::Square => polygon(&[(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)]),
        Marker::Triangle => polygon(&[(0.0, -1.1), (1.0, 0.75), (-1.0, 0.75)]),
        Marker::TriangleDown => polygon(&[(0.0, 1.1), (1.0, -0.75), (-1.0, -0.75)]),
        Marker::Diamond => polygon(&[(0.0, -1.2), (1.0, 0.0), (0.0, 1.2), (-1.0, 0.0)]),
        Marker::Star => polygon(&[
            (0.0, -1.2),
            (0.3, -0.35),
            (1.15, -0.35),
            (0.45, 0.15),
            (0.7, 1.0),
            (0.0, 0.5),
            (-0.7, 1.0),
            (-0.45, 0.15),
            (-1.15, -0.35),
            (-0.3, -0.35),
        ]),
        Marker::Cross => lines(&[(-0.9, -0.9, 0.9, 0.9), (-0.9, 0.9, 0.9, -0.9)]),
        Marker::Plus => lines(&[(-1.1, 0.0, 1.1, 0.0), (0.0, -1.1, 0.0, 1.1)]),
    }
}

/// A polyline through `points` in `style`.
pub(crate) fn polyline(points: &[(f64, f64)], style: &Style, width: f64) -> String {
    let list: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
        .collect();
    let dash = if style.dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{}\"", style.dash)
    };
    format!(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" \
         stroke-linejoin=\"round\"{dash}/>\n",
        list.join(" "),
        style.colour,
        num(width)
    )
}

/// One legend entry: a short stretch of line with its marker, and a label.
pub(crate) fn legend_sample(x: f64, y: f64, style: &Style, label: &str) -> String {
    let mut out = polyline(&[(x, y), (x + 34.0, y)], style, 2.0);
    out.push_str(&marker(
        style.marker,
        x + 17.0,
        y,
        4.0,
        style.colour,
        style.colour,
    ));
    out.push('\n');
    out.push_str(&text(x + 42.0, y + 4.0, 12.0, "start", "", label));
    out
}

/// Lays legend entries out in rows within `width` pixels: the (x, row) of
/// each entry and the number of rows.
pub(crate) fn legend_layout(
    labels: &[String],
    left: f64,
    width: f64,
) -> (Vec<(f64, usize)>, usize) {
    let mut places = Vec::with_capacity(labels.len());
    let (mut x, mut row) = (left, 0);
    for label in labels {
        let w = 42.0 + text_width(label, 12.0) + 22.0;
        if x > left && x + w > left + width {
            x = left;
            row += 1;
        }
        places.push((x, row));
        x += w;
    }
    (places, if labels.is_empty() { 0 } else { row + 1 })
}

/// The units of a summary figure or sweep metric, by its name, for axis
/// labels.
pub fn metric_units(name: &str) -> &'static str {
    let figure = name.split('.').next().unwrap_or(name);
    match figure {
        "nights_fully_defended" | "horizon_nights" => "nights",
        "first_shortfall_night" | "exhausted_night" => "night number",
        "launched"
        | "engaged"
        | "leakers"
        | "expected_leakers"
        | "leaked_for_stock"
        | "leaked_for_capacity" => "missiles",
        "expended" | "delivered" | "final_stock" => "interceptors",
        "burn_per_night" => "interceptors a night",
        "break_even_per_30_nights" => "interceptors per 30 nights",
        "p_lasts_horizon" => "probability, 0 to 1",
        "interceptor_spend" | "threat_cost" => "currency units",
        "cost_exchange_ratio" => "ratio",
        _ => "as defined",
    }
}

/// The units of a scenario key, by its last part, for axis labels.
pub fn key_units(key: &str) -> &'static str {
    match key.rsplit('.').next().unwrap_or(key) {
        "stockpile" | "count" | "reserve" => "interceptors",
        "missiles_per_night" | "poisson" | "mean" => "missiles a night",
        "interceptors_per_kill" => "interceptors per missile",
        "pk" | "kill_assessment" | "reliability" | "raid_probability" => "probability",
        "horizon_nights" | "every_nights" | "lead_time_nights" | "reload_nights" => "nights",
        "night" | "first_night" | "last_night" => "night number",
        "unit_cost" => "currency units",
        _ => "as in the scenario file",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_fall_on_round_numbers() {
        assert_eq!(
            ticks(0.0, 100.0, 5, false),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(ticks(0.0, 3.0, 8, true), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(ticks(0.0, 0.9, 4, false), vec![0.0, 0.5]);
        assert_eq!(ticks_from_zero(12.0, 3, true), vec![0.0, 5.0, 10.0, 15.0]);
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape("bell\u{7}"), "bell ");
    }

    #[test]
    fn inline_drops_the_namespace() {
        let svg = open(10.0, 10.0, "t");
        assert!(svg.contains("http://"));
        assert!(!inline(&svg).contains("http://"));
    }
}
