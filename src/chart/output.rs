//! A chart as the bytes of a file: SVG as drawn, or PNG rasterised
//! in-process from that SVG with the shipped font only ([`super::font`]).
//! The format follows the file's extension ([`ChartFormat::from_path`]).

use super::font;
use resvg::{tiny_skia, usvg};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// How many PNG pixels one SVG pixel becomes: twice, so that text stays
/// sharp on high-density screens and in print (a 960-pixel-wide chart is
/// 1,920 pixels wide as PNG).
pub const PNG_SCALE: f32 = 2.0;

/// The format a chart is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    Svg,
    Png,
}

/// A chart path whose extension names no chart format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownChartFormat {
    /// The path as given.
    pub path: String,
}

impl fmt::Display for UnknownChartFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "--chart {}: a chart file ends in .svg or .png (or give - for SVG on standard output)",
            self.path
        )
    }
}

impl std::error::Error for UnknownChartFormat {}

impl ChartFormat {
    /// The format for `path`: `.svg` or `.png` (either case), and SVG for
    /// `-` (standard output). Any other extension, or none, is refused.
    pub fn from_path(path: &Path) -> Result<ChartFormat, UnknownChartFormat> {
        if path.as_os_str() == "-" {
            return Ok(ChartFormat::Svg);
        }
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("svg") => Ok(ChartFormat::Svg),
            Some("png") => Ok(ChartFormat::Png),
            _ => Err(UnknownChartFormat {
                path: path.display().to_string(),
            }),
        }
    }
}

/// Why a chart could not be turned into PNG. Charts are drawn by magdepth,
/// so these mean a bug, not bad input; they are reported, never a panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// The SVG did not parse.
    Svg(String),
    /// The canvas is empty or too large to allocate.
    Size { width: u32, height: u32 },
    /// The pixels could not be encoded.
    Encode(String),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Svg(e) => write!(f, "cannot draw the chart as PNG: {e}"),
            RenderError::Size { width, height } => {
                write!(f, "cannot draw a {width} × {height} PNG chart")
            }
            RenderError::Encode(e) => write!(f, "cannot encode the PNG chart: {e}"),
        }
    }
}

impl std::error::Error for RenderError {}

/// The bytes to write for `svg` in `format`.
pub fn encode(svg: &str, format: ChartFormat) -> Result<Vec<u8>, RenderError> {
    match format {
        ChartFormat::Svg => Ok(svg.as_bytes().to_vec()),
        ChartFormat::Png => png(svg),
    }
}

/// The fonts PNG charts are drawn with: the shipped faces and nothing
/// else, standing in for every generic family.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(font::REGULAR.to_vec());
            db.load_font_data(font::BOLD.to_vec());
            db.set_sans_serif_family(font::FAMILY);
            db.set_serif_family(font::FAMILY);
            db.set_monospace_family(font::FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// Parses `svg` the way [`png`] draws it, text laid out in the shipped font
/// (for tests that measure where text lands).
pub fn parse(svg: &str) -> Result<usvg::Tree, RenderError> {
    let options = usvg::Options {
        font_family: font::FAMILY.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| RenderError::Svg(e.to_string()))
}

/// `svg` rasterised at [`PNG_SCALE`] and encoded as PNG.
pub fn png(svg: &str) -> Result<Vec<u8>, RenderError> {
    let tree = parse(svg)?;
    let size = tree.size();
    let width = (size.width() * PNG_SCALE).ceil() as u32;
    let height = (size.height() * PNG_SCALE).ceil() as u32;
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or(RenderError::Size { width, height })?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| RenderError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_chooses_the_format() {
        let of = |p: &str| ChartFormat::from_path(Path::new(p));
        assert_eq!(of("a.svg"), Ok(ChartFormat::Svg));
        assert_eq!(of("dir/A.PNG"), Ok(ChartFormat::Png));
        assert_eq!(of("-"), Ok(ChartFormat::Svg));
        for refused in ["a.pdf", "a", "a.svg.txt", ".png"] {
            assert!(of(refused).is_err(), "{refused}");
        }
        assert!(of("out.jpg").unwrap_err().to_string().contains("out.jpg"));
    }

    #[test]
    fn png_is_twice_the_svg_size() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"30\" height=\"20\">\
                   <rect width=\"30\" height=\"20\" fill=\"#ff0000\"/></svg>";
        let bytes = png(svg).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
        // Width and height: big-endian words at bytes 16 and 20 (IHDR).
        let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
        assert_eq!((word(16), word(20)), (60, 40));
        assert!(matches!(png("<svg"), Err(RenderError::Svg(_))));
    }
}
