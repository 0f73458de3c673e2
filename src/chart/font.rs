//! The font charts are drawn in, shipped with magdepth (assets/fonts, with
//! its licence): DejaVu Sans, regular and bold, cut down to the characters
//! charts need. PNG charts are rasterised with these two faces and nothing
//! else, and every label is measured with their advance widths, so a chart
//! lays out and looks the same on every machine.
//!
//! The subset has no kerning or ligatures, so a line of text is exactly as
//! wide as the sum of its characters' advances: what [`text_width`]
//! measures is what the rasteriser draws.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// The family name, as the font files give it.
pub const FAMILY: &str = "DejaVu Sans";

/// The `font-family` of every chart: the shipped font first, then a generic
/// fallback for an SVG viewer that has neither it nor the page's copy.
pub const FONT_FAMILY: &str = "'DejaVu Sans', sans-serif";

/// DejaVu Sans, regular (TrueType).
pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// DejaVu Sans, bold (TrueType).
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    fn data(self) -> &'static [u8] {
        match self {
            Weight::Regular => REGULAR,
            Weight::Bold => BOLD,
        }
    }
}

/// How wide `text` is, in pixels, set in the shipped font at `size` pixels.
/// A character the subset lacks is drawn as the font's missing-glyph box,
/// and measured as that.
pub fn text_width(text: &str, size: f64, weight: Weight) -> f64 {
    // The files are compiled in and parse; were one not to, the width would
    // fall back to a generous estimate rather than fail a chart.
    let Ok(font) = FontRef::new(weight.data()) else {
        return text.chars().count() as f64 * size * 0.65;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size as f32), LocationRef::default());
    text.chars()
        .map(|c| {
            let glyph = charmap.map(c).unwrap_or_default();
            f64::from(metrics.advance_width(glyph).unwrap_or(0.0))
        })
        .sum()
}

/// `text` broken at spaces into lines no wider than `width` pixels at
/// `size`; a word wider than that on its own is broken between characters.
/// Never empty: empty text is one empty line.
pub fn wrap(text: &str, size: f64, weight: Weight, width: f64) -> Vec<String> {
    let fits = |line: &str| text_width(line, size, weight) <= width;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let joined = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if fits(&joined) {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: break it where it must be broken.
        for c in word.chars() {
            let mut longer = line.clone();
            longer.push(c);
            if !line.is_empty() && !fits(&longer) {
                lines.push(std::mem::take(&mut line));
                line.push(c);
            } else {
                line = longer;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` cut to at most `width` pixels at `size`, ending in "…" when cut.
pub fn truncate(text: &str, size: f64, weight: Weight, width: f64) -> String {
    if text_width(text, size, weight) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        let mut longer = out.clone();
        longer.push(c);
        longer.push('…');
        if text_width(&longer, size, weight) > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        // DejaVu Sans has 2048 units to the em; "0" advances 1303 units
        // (regular) and 1425 (bold), a space 651. At 20 px: 1303 / 2048 × 20
        // = 12.724609375, so "00" is 25.44921875 and "0 0" adds 651 / 2048
        // × 20 = 6.357421875.
        let close = |a: f64, b: f64| (a - b).abs() < 1e-3;
        assert!(close(text_width("00", 20.0, Weight::Regular), 25.449));
        assert!(close(text_width("0 0", 20.0, Weight::Regular), 31.807));
        assert!(close(
            text_width("0", 20.0, Weight::Bold),
            1425.0 / 2048.0 * 20.0
        ));
        // Proportional: "i" is narrower than "m".
        assert!(text_width("i", 12.0, Weight::Regular) < text_width("m", 12.0, Weight::Regular));
        assert_eq!(text_width("", 12.0, Weight::Regular), 0.0);
    }

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let text = "Nights fully defended by ballistic: raid mean and pac3-mse: stockpile";
        let width = 200.0;
        let lines = wrap(text, 14.0, Weight::Bold, width);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(text_width(line, 14.0, Weight::Bold) <= width, "{line}");
        }
        assert_eq!(lines.join(" "), text);
        // A word too long for the width is broken, and nothing is lost.
        let long = wrap("abcdefghijklmnopqrstuvwxyz", 12.0, Weight::Regular, 50.0);
        assert!(long.len() > 1);
        assert_eq!(long.concat(), "abcdefghijklmnopqrstuvwxyz");
        assert_eq!(wrap("", 12.0, Weight::Regular, 50.0), [""]);
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("short", 12.0, Weight::Regular, 100.0), "short");
        let cut = truncate("a rather long scenario name", 12.0, Weight::Regular, 60.0);
        assert!(cut.ends_with('…'));
        assert!(text_width(&cut, 12.0, Weight::Regular) <= 60.0);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Wrapping keeps every word, in order, and every line within the
        /// width unless one character alone is wider.
        #[test]
        fn wrapped_lines_fit_and_lose_nothing(
            words in proptest::collection::vec("[a-zA-Z0-9:,()-]{1,14}", 0..12),
            width in 30.0f64..400.0,
        ) {
            let text = words.join(" ");
            let lines = wrap(&text, 12.0, Weight::Regular, width);
            for line in &lines {
                prop_assert!(
                    text_width(line, 12.0, Weight::Regular) <= width || line.chars().count() == 1,
                    "{line:?} is wider than {width}"
                );
            }
            let rejoined: String = lines.concat().split_whitespace().collect();
            let original: String = text.split_whitespace().collect();
            prop_assert_eq!(rejoined, original);
        }
    }
}
