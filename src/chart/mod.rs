//! Charts as SVG, written directly: the stock over time, with the
//! attacker's arsenal where it has one ([`stock`]), what drives the spread
//! of a Monte Carlo run with ranges ([`drivers`]), a heat map of a two-key
//! sweep ([`heatmap`]), a line chart of a one-key sweep ([`line`]), a
//! tornado chart of a sensitivity table ([`tornado`]), and a one-line
//! terminal sparkline ([`sparkline`]). [`output`] turns a chart
//! into the bytes of an SVG or PNG file.
//!
//! Every chart has a title, axis labels and units, is set in the font the
//! project ships ([`font`]; labels are measured with its widths, so they
//! neither overlap nor run off the canvas), names keys and measures in
//! words ([`names`]), and reads in black and white: series differ by dash
//! pattern as well as by colour, heat-map cells carry their numbers, and
//! tornado bars differ by fill pattern.
//!
//! Each function returns a standalone SVG document. [`inline`] turns one
//! into an element for an HTML page.

pub mod drivers;
pub mod events;
pub mod font;
pub mod heatmap;
pub mod line;
pub mod names;
pub mod output;
pub mod palette;
pub mod sparkline;
pub mod stock;
pub mod tornado;

use font::{FONT_FAMILY, Weight};
use std::fmt::Write;

/// The SVG namespace, required on a standalone SVG file.
const XMLNS: &str = "http://www.w3.org/2000/svg";

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
         font-family=\"{FONT_FAMILY}\" role=\"img\">\n<title>{t}</title>\n\
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

/// Canvas margin on every side, in pixels.
pub(crate) const MARGIN: f64 = 16.0;
/// Title and subtitle sizes, in pixels.
const TITLE_SIZE: f64 = 18.0;
const SUBTITLE_SIZE: f64 = 12.0;

/// A white outline drawn under text (SVG `paint-order`), so a label stays
/// readable where it crosses a line.
pub(crate) const HALO: &str =
    "stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"";

/// Lines of text one under another from baseline `y`, `leading` apart.
pub(crate) fn text_lines(
    x: f64,
    y: f64,
    size: f64,
    leading: f64,
    anchor: &str,
    extra: &str,
    lines: &[String],
) -> String {
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| text(x, y + leading * i as f64, size, anchor, extra, line))
        .collect()
}

/// The title and, under it, the subtitle, each wrapped to the canvas
/// `width` and centred: the SVG, and the height they take from the top.
pub(crate) fn heading(width: f64, title: &str, subtitle: &str) -> (String, f64) {
    let room = width - 2.0 * MARGIN;
    let title_lines = font::wrap(title, TITLE_SIZE, Weight::Bold, room);
    let mut y = MARGIN + TITLE_SIZE;
    let mut out = text_lines(
        width / 2.0,
        y,
        TITLE_SIZE,
        TITLE_SIZE * 1.25,
        "middle",
        "font-weight=\"bold\" class=\"title\"",
        &title_lines,
    );
    y += TITLE_SIZE * 1.25 * (title_lines.len() - 1) as f64;
    if !subtitle.is_empty() {
        let lines = font::wrap(subtitle, SUBTITLE_SIZE, Weight::Regular, room);
        y += SUBTITLE_SIZE * 1.6;
        out.push_str(&text_lines(
            width / 2.0,
            y,
            SUBTITLE_SIZE,
            SUBTITLE_SIZE * 1.3,
            "middle",
            "fill=\"#333333\" class=\"subtitle\"",
            &lines,
        ));
        y += SUBTITLE_SIZE * 1.3 * (lines.len() - 1) as f64;
    }
    (out, y + 12.0)
}

/// How wide `text` is at `size` pixels in the charts' regular font.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    font::text_width(text, size, Weight::Regular)
}

/// Notes under a chart, wrapped to `width` from `left`, from baseline `y`:
/// the SVG and the baseline after them. The last note says which magdepth
/// made the chart.
pub(crate) fn notes(left: f64, y: f64, width: f64, notes: &[String]) -> (String, f64) {
    let mut lines: Vec<String> = notes
        .iter()
        .flat_map(|n| font::wrap(n, 11.0, Weight::Regular, width))
        .collect();
    lines.push(format!("Made by magdepth {}.", env!("CARGO_PKG_VERSION")));
    let out = text_lines(left, y, 11.0, 15.0, "start", "fill=\"#333333\"", &lines);
    (out, y + 15.0 * lines.len() as f64)
}

/// A chart drawn but not yet a document: its size, its title and what goes
/// inside the `<svg>` element after the background. Charts are built as
/// canvases so that several can be stacked into one file ([`stack`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Canvas {
    pub width: f64,
    pub height: f64,
    pub title: String,
    pub content: String,
}

impl Canvas {
    /// The standalone SVG document.
    pub fn svg(&self) -> String {
        let mut out = open(self.width, self.height, &self.title);
        out.push_str(&self.content);
        out.push_str("</svg>\n");
        out
    }
}

/// Canvases one under another on one canvas as wide as the widest, each
/// in a `<g class="part">` moved down by the height of those above it.
pub(crate) fn stack(title: &str, parts: &[Canvas]) -> Canvas {
    let width = parts.iter().map(|p| p.width).fold(0.0, f64::max);
    let mut content = String::new();
    let mut y = 0.0;
    for part in parts {
        let _ = writeln!(
            content,
            "<g class=\"part\" transform=\"translate(0 {})\"><title>{}</title>",
            num(y),
            escape(&part.title)
        );
        content.push_str(&part.content);
        content.push_str("</g>\n");
        y += part.height;
    }
    Canvas {
        width,
        height: y,
        title: title.to_string(),
        content,
    }
}

/// The whole chart: the canvas `width` wide, `head` (from [`heading`]) and
/// `body`, then `below` as notes from baseline `notes_y` with the version
/// line last; the canvas ends a margin under them.
pub(crate) fn canvas(
    width: f64,
    title: &str,
    head: &str,
    body: &str,
    notes_y: f64,
    below: &[String],
) -> Canvas {
    let (note_svg, bottom) = notes(MARGIN, notes_y, width - 2.0 * MARGIN, below);
    Canvas {
        width,
        height: bottom + MARGIN - 6.0,
        title: title.to_string(),
        content: format!("{head}{body}{note_svg}"),
    }
}

/// A linear map from data values `domain` to pixels `range`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scale {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl Scale {
    pub fn at(&self, v: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if d1 == d0 {
            return (r0 + r1) / 2.0;
        }
        r0 + (v - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// The top of a value axis from 0: the largest value plus 5%, so the axis
/// ends near the data (a stock of 300 runs to 315, not 400); at least 1.
pub(crate) fn axis_top(largest: f64) -> f64 {
    (largest * 1.05).max(1.0)
}

/// Labels along an x axis at `ticks` (pixel position, text), kept inside
/// `left..right` (a label at an end is anchored to that end rather than
/// centred over its tick, so it is never clipped) and thinned so that no
/// two overlap: a label that would touch the one before is left out.
pub(crate) fn x_labels(
    ticks: &[(f64, String)],
    left: f64,
    right: f64,
    y: f64,
    size: f64,
) -> String {
    let mut out = String::new();
    let mut free_from = f64::NEG_INFINITY;
    for (x, label) in ticks {
        let w = text_width(label, size);
        let start = (x - w / 2.0).clamp(left, (right - w).max(left));
        if start < free_from {
            continue;
        }
        out.push_str(&text(start, y, size, "start", "class=\"tick\"", label));
        free_from = start + w + 8.0;
    }
    out
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

/// How one series is drawn: colour and dash pattern, so that series stay
/// apart in black and white.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub colour: &'static str,
    /// `stroke-dasharray`; empty for a solid line.
    pub dash: &'static str,
}

/// Okabe–Ito colours, told apart by colour-blind readers.
const COLOURS: [&str; 7] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9",
];
const DASHES: [&str; 6] = ["", "9 4", "2 3", "12 3 3 3", "5 5", "6 2 2 2"];

/// The style of series `i`. Colours and dashes repeat on periods of 7 and
/// 6, so the combination repeats only after 42 series.
pub(crate) fn style(i: usize) -> Style {
    Style {
        colour: COLOURS[i % COLOURS.len()],
        dash: DASHES[i % DASHES.len()],
    }
}

/// A hollow ring of radius `r` on (`x`, `y`), for a marked point.
pub(crate) fn ring(x: f64, y: f64, r: f64, colour: &str) -> String {
    format!(
        "<circle class=\"mark\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#ffffff\" fill-opacity=\"0.6\" \
         stroke=\"{colour}\" stroke-width=\"2.5\"/>\n",
        num(x),
        num(y),
        num(r)
    )
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

/// One legend entry: a short stretch of line and a label.
pub(crate) fn legend_sample(x: f64, y: f64, style: &Style, label: &str) -> String {
    let mut out = polyline(&[(x, y - 4.0), (x + 30.0, y - 4.0)], style, 2.5);
    out.push_str(&text(x + 36.0, y, 12.0, "start", "", label));
    out
}

/// Lays legend entries out in rows within `width` pixels from `left`: the
/// (x, row) of each entry and the number of rows. A label too long for a
/// row by itself is cut with "…" (the returned labels are the ones to draw).
pub(crate) fn legend_layout(
    labels: &[String],
    left: f64,
    width: f64,
) -> (Vec<(f64, usize, String)>, usize) {
    let mut places = Vec::with_capacity(labels.len());
    let (mut x, mut row) = (left, 0);
    for label in labels {
        let label = font::truncate(label, 12.0, Weight::Regular, width - 36.0);
        let w = 36.0 + text_width(&label, 12.0);
        if x > left && x + w > left + width {
            x = left;
            row += 1;
        }
        places.push((x, row, label));
        x += w + 20.0;
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
        "launched" | "engaged" | "leakers" | "leaked_for_stock" | "leaked_for_capacity" => {
            "missiles"
        }
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
        "on_hand" | "max_per_night" | "mass_when" => "missiles",
        "per_month" => "a month",
        "per_year" => "a year",
        "share" | "lost_to_ew" | "discrimination" => "share, 0 to 1",
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
        assert_eq!(axis_top(300.0), 315.0);
        assert_eq!(axis_top(0.0), 1.0);
    }

    #[test]
    fn scales_map_linearly() {
        // 0..315 onto 294..20 (y grows downward): 150 is 150 / 315 of the
        // way, 294 - 274 × 150 / 315 = 163.5238…
        let s = Scale {
            domain: (0.0, 315.0),
            range: (294.0, 20.0),
        };
        assert_eq!(s.at(0.0), 294.0);
        assert_eq!(s.at(315.0), 20.0);
        assert!((s.at(150.0) - 163.523_809).abs() < 1e-6);
    }

    #[test]
    fn x_labels_stay_inside_and_apart() {
        // A label centred on a tick at the right edge would run 20 pixels
        // past it; it is anchored to end at the edge instead.
        let wide = "2025-10-30".to_string();
        let w = text_width(&wide, 11.0);
        let svg = x_labels(&[(100.0, wide.clone())], 0.0, 100.0, 10.0, 11.0);
        assert!(svg.contains(&format!("x=\"{}\"", num(100.0 - w))), "{svg}");
        // Two ticks closer than a label: the second is left out.
        let svg = x_labels(
            &[(50.0, wide.clone()), (55.0, wide)],
            0.0,
            200.0,
            10.0,
            11.0,
        );
        assert_eq!(svg.matches("<text").count(), 1);
    }

    proptest::proptest! {
        /// Whatever the ticks, the labels drawn lie inside the bounds and
        /// never overlap.
        #[test]
        fn x_labels_never_overlap(
            ticks in proptest::collection::vec((0.0f64..500.0, "[0-9-]{1,10}"), 0..20),
        ) {
            let mut ticks = ticks;
            ticks.sort_by(|a, b| a.0.total_cmp(&b.0));
            let svg = x_labels(&ticks, 10.0, 490.0, 10.0, 11.0);
            let mut spans: Vec<(f64, f64)> = Vec::new();
            for element in svg.split("<text").skip(1) {
                let x: f64 = element.split("x=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
                let label = element.split('>').nth(1).unwrap().split('<').next().unwrap();
                spans.push((x, x + text_width(label, 11.0)));
            }
            for (i, &(a, b)) in spans.iter().enumerate() {
                proptest::prop_assert!(a >= 10.0 - 0.01 && (b <= 490.0 + 0.01 || a <= 10.01));
                for &(c, d) in &spans[i + 1..] {
                    proptest::prop_assert!(b <= c || d <= a, "{:?}", spans);
                }
            }
        }
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
