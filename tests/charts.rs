//! Charts and the HTML report (issues 7 and 18): the SVG parses as XML and
//! holds one labelled series per scenario (per type in the long form), the
//! heat map one cell per grid point, the tornado one bar per parameter; PNG
//! decodes to twice the SVG's size and is not blank; charts are measured as
//! the renderer lays them out (every text inside the canvas, no two texts
//! overlapping); the stock chart's axis ends near the data, its leakers are
//! steps from night 1 by threat, its first shortfall is written and ringed
//! on the types that caused it, a replayed record's end is ruled; the report
//! holds every scenario's name, inputs, table and chart and no URL, and
//! reads on a phone (the browser check is `report_reads_on_a_phone`, run by
//! CI); output files are written whole or not at all, and an existing one
//! only with --force.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_magdepth");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn magdepth(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("magdepth runs")
}

/// A fresh, empty folder for one test's output files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("magdepth-charts-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Elements of `doc` named `tag` whose class is `class`.
fn with_class<'a>(
    doc: &'a roxmltree::Document<'a>,
    tag: &str,
    class: &str,
) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name(tag) && n.attribute("class") == Some(class))
        .collect()
}

fn labels(doc: &roxmltree::Document<'_>, tag: &str, class: &str) -> Vec<String> {
    with_class(doc, tag, class)
        .iter()
        .map(|n| n.attribute("data-label").unwrap_or_default().to_string())
        .collect()
}

/// Every text element's content, joined.
fn all_text(doc: &roxmltree::Document<'_>) -> String {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks what every chart must have: the SVG namespace, a title, text in
/// the shipped font (named first, a generic fallback after it), and every
/// text inside the canvas with no two overlapping, as the renderer lays
/// them out.
fn check_chart_basics(doc: &roxmltree::Document<'_>) {
    let root = doc.root_element();
    assert!(root.has_tag_name(("http://www.w3.org/2000/svg", "svg")));
    assert_eq!(
        root.attribute("font-family"),
        Some("'DejaVu Sans', sans-serif")
    );
    assert!(root.children().any(|n| n.has_tag_name("title")));
    assert!(all_text(doc).contains("magdepth"));
    check_layout(doc.input_text());
}

/// One laid-out text: its content and its box on the canvas.
struct Placed {
    text: String,
    left: f32,
    top: f32,
    right: f32,
    bottom: f32,
}

/// Every text of `svg` as the PNG renderer lays it out in the shipped font.
fn placed_texts(svg: &str) -> (Vec<Placed>, f32, f32) {
    use magdepth::chart::output::parse;
    use resvg::usvg::Node;
    fn walk(group: &resvg::usvg::Group, out: &mut Vec<Placed>) {
        for node in group.children() {
            match node {
                Node::Group(g) => walk(g, out),
                Node::Text(t) => {
                    let b = t.abs_bounding_box();
                    out.push(Placed {
                        text: t.chunks().iter().map(|c| c.text()).collect(),
                        left: b.left(),
                        top: b.top(),
                        right: b.right(),
                        bottom: b.bottom(),
                    });
                }
                _ => {}
            }
        }
    }
    let tree = parse(svg).expect("the chart parses");
    let mut out = Vec::new();
    walk(tree.root(), &mut out);
    (out, tree.size().width(), tree.size().height())
}

/// Every text inside the canvas; no two texts overlapping (boxes may touch:
/// half a pixel of tolerance).
fn check_layout(svg: &str) {
    let (texts, width, height) = placed_texts(svg);
    assert!(!texts.is_empty());
    for t in &texts {
        assert!(
            t.left >= 0.0 && t.top >= 0.0 && t.right <= width && t.bottom <= height,
            "{:?} runs off the {width} × {height} canvas: {} {} {} {}",
            t.text,
            t.left,
            t.top,
            t.right,
            t.bottom
        );
    }
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            let overlap = a.left < b.right - 0.5
                && b.left < a.right - 0.5
                && a.top < b.bottom - 0.5
                && b.top < a.bottom - 0.5;
            assert!(!overlap, "{:?} overlaps {:?}", a.text, b.text);
        }
    }
}

fn parse_svg(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).expect("the chart is well-formed XML")
}

/// The chart `magdepth ARGS --chart -` writes, checked for what every
/// chart must have ([`check_chart_basics`]).
fn chart_to_stdout(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--chart", "-"]);
    let out = magdepth(&all);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let svg = String::from_utf8(out.stdout).unwrap();
    check_chart_basics(&parse_svg(&svg));
    svg
}

/// The numbers of an SVG `points` attribute, as (x, y) pairs.
fn points(node: &roxmltree::Node<'_, '_>) -> Vec<(f64, f64)> {
    node.attribute("points")
        .unwrap_or_default()
        .split_whitespace()
        .map(|pair| {
            let (x, y) = pair.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

/// The first polyline inside `g`.
fn first_polyline<'a>(g: &roxmltree::Node<'a, 'a>) -> roxmltree::Node<'a, 'a> {
    g.descendants()
        .find(|n| n.has_tag_name("polyline"))
        .expect("a polyline")
}

fn number(node: &roxmltree::Node<'_, '_>, attribute: &str) -> f64 {
    node.attribute(attribute).unwrap().parse().unwrap()
}

#[test]
fn compare_chart_has_one_labelled_series_per_scenario() {
    let dir = scratch("compare");
    let chart = dir.join("stock.svg");
    let files = [
        "scenarios/dozen-a-night-no-resupply.yaml",
        "scenarios/dozen-a-night-ten-delivered.yaml",
        "scenarios/steady-resupply-almost-keeps-up.yaml",
    ];
    let mut args = vec!["compare"];
    args.extend(files);
    args.extend(["--chart", s(&chart)]);
    let out = magdepth(&args);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // The table still goes to stdout.
    assert!(String::from_utf8_lossy(&out.stdout).contains("nights"));
    let svg = std::fs::read_to_string(&chart).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the chart is well-formed XML");
    check_chart_basics(&doc);
    assert_eq!(
        labels(&doc, "g", "series"),
        [
            "Dozen a night, no resupply",
            "Dozen a night, ten delivered on night 3",
            "Steady resupply that almost keeps up"
        ]
    );
    // One leakers line per scenario beneath, and each label in the legend.
    assert_eq!(with_class(&doc, "g", "leakers").len(), 3);
    let text = all_text(&doc);
    for label in labels(&doc, "g", "series") {
        assert!(text.contains(&label), "legend lacks {label}");
    }
    // Titles and axis labels with units; dates on the x axis.
    assert!(text.contains("Interceptor stock: 3 scenarios"));
    assert!(text.contains("Stock at the end of each night (interceptors)"));
    assert!(text.contains("Leakers each night (missiles)"));
    assert!(text.contains("Date (night 1 = 2025-07-10"));
    assert!(text.contains("2025-07-10"));
    // Each series is drawn in its own dash pattern (black and white).
    let dashes: Vec<Option<&str>> = with_class(&doc, "g", "series")
        .iter()
        .map(|g| first_polyline(g).attribute("stroke-dasharray"))
        .collect();
    assert_eq!(dashes, [None, Some("9 4"), Some("2 3")]);
}

#[test]
fn long_form_chart_has_a_line_per_interceptor_type() {
    let out = magdepth(&[
        "run",
        "scenarios/kyiv-10-july-2025-raid-weekly.yaml",
        "--chart",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(0));
    // `--chart -` writes the SVG to stdout in place of the table.
    let svg = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    check_chart_basics(&doc);
    assert_eq!(
        labels(&doc, "g", "series"),
        ["pac3-mse", "pac2-gem-t", "nasams", "iris-t"]
    );
    // Leakers by threat; the drones nothing engages are named in a note,
    // not drawn (they would swamp the panel).
    assert_eq!(labels(&doc, "g", "leakers"), ["ballistic", "cruise"]);
    let text = all_text(&doc);
    assert!(text.contains("Leakers each night, by threat (missiles)"));
    assert!(
        text.contains(
            "Not drawn (engaged by nothing, every missile a leaker): drones (7200 in all)"
        )
    );
    // Night 43 is the first shortfall: written with its date, and ringed on
    // the Patriot types that ran dry (not on IRIS-T, which still had stock).
    assert!(text.contains("First shortfall: night 43 (2025-08-21)"));
    assert!(text.contains("pac3-mse out of stock, pac2-gem-t out of stock"));
    assert!(!text.contains("iris-t out of stock"));
}

#[test]
fn night_numbers_without_a_start_date() {
    let dir = scratch("nights");
    let file = dir.join("plain.yaml");
    std::fs::write(
        &file,
        "name: Plain\nhorizon_nights: 10\nstockpile: 50\ninterceptors_per_kill: 2\nmissiles_per_night: 5\n",
    )
    .unwrap();
    let out = magdepth(&["run", s(&file), "--chart", "-"]);
    let svg = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let text = all_text(&doc);
    assert!(text.contains("Night"));
    assert!(!text.contains("Date"));
    // 50 interceptors at 10 a night: nights 1 to 5 defended, the first
    // shortfall on night 6, written without a date and ringed on the line.
    assert_eq!(labels(&doc, "g", "series"), ["Plain"]);
    assert!(text.contains("First shortfall: night 6"));
    assert_eq!(with_class(&doc, "circle", "mark").len(), 1);
}

#[test]
fn monte_carlo_chart_shades_the_band() {
    let out = magdepth(&[
        "run",
        "scenarios/poisson-dozen-pk-0.7-salvo.yaml",
        "--mode",
        "monte-carlo",
        "--trials",
        "500",
        "--seed",
        "3",
        "--chart",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let svg = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(with_class(&doc, "g", "series").len(), 1);
    assert_eq!(with_class(&doc, "polygon", "band").len(), 1);
    // The median first shortfall is ringed on the line: its median stock
    // that night is too low for a salvo.
    assert_eq!(with_class(&doc, "circle", "mark").len(), 1);
    let text = all_text(&doc);
    assert!(text.contains("500 trials, seed 3"));
    assert!(text.contains("5th to the 95th percentile"));
}

#[test]
fn monte_carlo_band_brackets_the_median_and_ignores_threads() {
    use magdepth::sim::{Method, simulate_with_band};
    let yaml = "horizon_nights: 30\nstockpile: 200\ninterceptors_per_kill: 2\npk: 0.7\n\
                doctrine: shoot-look-shoot\nmissiles_per_night: { poisson: 4 }\n";
    let scenario = magdepth::scenario::parse_scenario(yaml, "band.yaml", "band").unwrap();
    let method = Method::MonteCarlo {
        trials: 2000,
        seed: 9,
    };
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| simulate_with_band(&scenario, method, &|_| {}))
    };
    let one = run(1);
    assert_eq!(one, run(4));
    let paths = &one.stock;
    assert_eq!((paths.types, paths.central.len()), (1, 30));
    for n in 0..30 {
        assert!(paths.p5[n] <= paths.central[n] && paths.central[n] <= paths.p95[n]);
    }
    // Stock under 256 is binned one value a bin: the median is a whole
    // number, near the mean stock of the trials.
    let mean = one.nights[9].stock_end;
    assert_eq!(paths.central[9].fract(), 0.0);
    assert!(
        (paths.central[9] - mean).abs() < 5.0,
        "{} vs {mean}",
        paths.central[9]
    );
    assert!(paths.p95[9] > paths.p5[9]);
}

#[test]
fn heat_map_has_one_cell_per_grid_point() {
    let dir = scratch("heat");
    let chart = dir.join("heat.svg");
    let out = magdepth(&[
        "sweep",
        "scenarios/dozen-a-night-ten-delivered.yaml",
        "--vary",
        "stockpile=100..300:100",
        "--vary",
        "missiles_per_night=6..15:3",
        "--chart",
        s(&chart),
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let svg = std::fs::read_to_string(&chart).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    check_chart_basics(&doc);
    let cells = with_class(&doc, "rect", "cell");
    assert_eq!(cells.len(), 3 * 4);
    // Row by row, first key down: stockpile 100 with 6 a night lasts 9
    // nights (as in the sweep-grid snapshot), stockpile 300 with 6 lasts 25.
    let cell = |r: &str, c: &str| {
        cells
            .iter()
            .find(|n| n.attribute("data-row") == Some(r) && n.attribute("data-column") == Some(c))
            .unwrap()
            .children()
            .find(|n| n.has_tag_name("title"))
            .unwrap()
            .text()
            .unwrap()
            .to_string()
    };
    assert_eq!(cell("0", "0"), "stockpile = 100, raid size = 6: 9");
    assert_eq!(cell("2", "0"), "stockpile = 300, raid size = 6: 25");
    let text = all_text(&doc);
    assert!(text.contains("Nights fully defended by stockpile and raid size"));
    assert!(text.contains("stockpile (interceptors)"));
    assert!(text.contains("raid size (missiles a night)"));
}

#[test]
fn sweep_chart_needs_the_whole_grid() {
    let dir = scratch("sweep-usage");
    let chart = dir.join("heat.svg");
    let sharded = magdepth(&[
        "sweep",
        "scenarios/dozen-a-night-ten-delivered.yaml",
        "--vary",
        "stockpile=100..300:100",
        "--vary",
        "missiles_per_night=6..15:3",
        "--format",
        "csv",
        "--shard",
        "1/2",
        "--chart",
        s(&chart),
    ]);
    assert_eq!(sharded.status.code(), Some(2));
    assert!(files_in(&dir).is_empty());
}

#[test]
fn one_key_sweep_draws_a_line_chart() {
    let svg = chart_to_stdout(&[
        "sweep",
        "scenarios/dozen-a-night-ten-delivered.yaml",
        "--vary",
        "stockpile=100..300:100",
    ]);
    let doc = parse_svg(&svg);
    assert_eq!(labels(&doc, "g", "series"), ["nights_fully_defended"]);
    // One point per value, at the values the sweep snapshot gives: 100
    // interceptors last 4 nights, 200 last 12, 300 last 20.
    let ys: Vec<String> = with_class(&doc, "circle", "point")
        .iter()
        .map(|c| {
            format!(
                "{}={}",
                c.attribute("data-x").unwrap(),
                c.attribute("data-y").unwrap()
            )
        })
        .collect();
    assert_eq!(ys.len(), 3);
    assert_eq!(ys[0], "100=4");
    // Higher values sit higher on the chart (smaller y).
    let cy: Vec<f64> = with_class(&doc, "circle", "point")
        .iter()
        .map(|c| number(c, "cy"))
        .collect();
    assert!(cy[0] > cy[1] && cy[1] > cy[2], "{cy:?}");
    let text = all_text(&doc);
    assert!(text.contains("Nights fully defended by stockpile"));
    assert!(text.contains("stockpile (interceptors)"));
}

#[test]
fn tornado_chart_has_a_bar_per_parameter() {
    let out = magdepth(&[
        "sensitivity",
        "scenarios/dozen-a-night-ten-delivered.yaml",
        "--chart",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let svg = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    check_chart_basics(&doc);
    // The defaults: raid size, interceptors per kill, stockpile and the
    // one delivery's count, widest swing first.
    assert_eq!(
        labels(&doc, "g", "bar"),
        [
            "interceptors_per_kill",
            "missiles_per_night",
            "stockpile",
            "deliveries.0.count"
        ]
    );
    let text = all_text(&doc);
    assert!(text.contains("Sensitivity of nights fully defended"));
    assert!(text.contains("Nights fully defended (nights)"));
    assert!(text.contains("as in the file: 4"));
}

#[test]
fn html_report_holds_every_scenario_and_no_url() {
    let dir = scratch("report");
    let page = dir.join("report.html");
    let out = magdepth(&["report", "scenarios", "-o", s(&page)]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(&page).unwrap();
    let scenarios: Vec<_> = std::fs::read_dir(Path::new(ROOT).join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for path in &scenarios {
        let scenario = magdepth::scenario::load_file(path).unwrap();
        let name = magdepth::chart::escape(&scenario.name);
        assert!(
            html.contains(&format!("<h2>{name}</h2>")),
            "no section for {name}"
        );
        for source in &scenario.sources {
            assert!(html.contains(&magdepth::chart::escape(source)));
        }
    }
    // The comparison table, a summary table and a chart per scenario, and
    // the comparison chart.
    let n = scenarios.len();
    assert_eq!(html.matches("<section class=\"scenario\"").count(), n);
    // Each chart twice: the file layout, and the narrow one phones show.
    assert_eq!(html.matches("<svg").count(), 2 * (n + 1));
    assert_eq!(html.matches("<svg class=\"narrow\"").count(), n + 1);
    assert!(html.matches("<table>").count() > n);
    assert!(html.contains("<h2>Comparison</h2>"));
    assert!(html.contains(&format!("magdepth {}", env!("CARGO_PKG_VERSION"))));
    // The default mode, with its fixed seed (the first scenario has chance).
    assert!(html.contains("Monte Carlo: 10000 trials, seed 1"));
    assert!(html.contains("How the numbers are worked out"));
    // Self-contained: no URL at all, nothing loaded.
    for needle in [
        "http://",
        "https://",
        "src=",
        "href=\"//",
        "<script",
        "<link",
        "@import",
    ] {
        assert!(!html.contains(needle), "the report holds {needle}");
    }
    // Reads on a phone and prints.
    assert!(html.contains("name=\"viewport\""));
    assert!(html.contains("@media print"));
    // Every inline chart is well-formed XML by itself.
    for chunk in html.split("<svg").skip(1) {
        let svg = format!("<svg{}</svg>", chunk.split("</svg>").next().unwrap());
        roxmltree::Document::parse(&svg).expect("an inline chart is well-formed");
    }
}

#[test]
fn html_report_escapes_scenario_text_and_gives_the_seed() {
    let dir = scratch("escape");
    let file = dir.join("odd.yaml");
    std::fs::write(
        &file,
        "name: \"<script>alert('x')</script> & co\"\ndescription: \"a < b\"\n\
         horizon_nights: 5\nstockpile: 20\ninterceptors_per_kill: 2\nmissiles_per_night: 3\n\
         sources:\n  - \"<b>bold</b> claim\"\n",
    )
    .unwrap();
    let page = dir.join("odd.html");
    let out = magdepth(&[
        "report",
        s(&file),
        "-o",
        s(&page),
        "--mode",
        "monte-carlo",
        "--trials",
        "200",
        "--seed",
        "42",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<script"));
    assert!(!html.contains("<b>bold"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
    assert!(html.contains("a &lt; b"));
    assert!(html.contains("200 trials, seed 42"));
}

#[test]
fn report_to_stdout() {
    let out = magdepth(&[
        "report",
        "scenarios/dozen-a-night-no-resupply.yaml",
        "-o",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h2>Dozen a night, no resupply</h2>"));
}

#[test]
fn a_failed_run_leaves_no_file() {
    let dir = scratch("failed");
    let page = dir.join("report.html");
    let chart = dir.join("chart.svg");
    let bad = Path::new(ROOT).join("tests/fixtures/bad-zero-horizon.yaml");
    let out = magdepth(&["report", s(&bad), "-o", s(&page)]);
    assert_eq!(out.status.code(), Some(65));
    let out = magdepth(&["run", s(&bad), "--chart", s(&chart)]);
    assert_eq!(out.status.code(), Some(65));
    let out = magdepth(&["compare", "no-such-file.yaml", "--chart", s(&chart)]);
    assert_eq!(out.status.code(), Some(66));
    // Into a folder that does not exist: nothing written anywhere.
    let out = magdepth(&[
        "report",
        "scenarios/dozen-a-night-no-resupply.yaml",
        "-o",
        s(&dir.join("missing/report.html")),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
    assert!(files_in(&dir).is_empty(), "{:?}", files_in(&dir));
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let dir = scratch("force");
    let page = dir.join("report.html");
    let chart = dir.join("chart.svg");
    std::fs::write(&page, "keep me").unwrap();
    std::fs::write(&chart, "keep me too").unwrap();
    let scenario = "scenarios/dozen-a-night-no-resupply.yaml";

    let out = magdepth(&["report", scenario, "-o", s(&page)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&page).unwrap(), "keep me");

    let out = magdepth(&["run", scenario, "--chart", s(&chart)]);
    assert_eq!(out.status.code(), Some(1));
    // Refused before anything ran: no table either.
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&chart).unwrap(), "keep me too");

    let out = magdepth(&["report", scenario, "-o", s(&page), "--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let out = magdepth(&["run", scenario, "--chart", s(&chart), "--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(&chart).unwrap().starts_with("<svg"));
    assert_eq!(files_in(&dir), ["chart.svg", "report.html"]);
}

#[test]
fn sparkline_only_on_a_terminal() {
    // Piped, the table has no sparkline.
    let out = magdepth(&["run", "scenarios/dozen-a-night-no-resupply.yaml"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('▁') && !text.contains('█'));
    assert_eq!(
        magdepth::chart::sparkline::sparkline(&[100.0, 76.0, 52.0, 28.0, 4.0, 0.0], 40),
        "█▆▅▃▁▁"
    );
}

#[test]
fn png_for_a_png_path() {
    let dir = scratch("png");
    let png_path = dir.join("kyiv.png");
    let svg_path = dir.join("kyiv.svg");
    let scenario = "scenarios/kyiv-10-july-2025-raid-weekly.yaml";
    for path in [&png_path, &svg_path] {
        let out = magdepth(&["run", scenario, "--chart", s(path)]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    }
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let doc = parse_svg(&svg);
    let size = |name: &str| number(&doc.root_element(), name);
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().expect("a PNG file");
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    // Twice the SVG's size: 960 wide becomes 1920.
    assert_eq!(info.width, 2 * size("width").round() as u32);
    assert_eq!(info.height, (2.0 * size("height")).ceil() as u32);
    assert_eq!(info.width, 1920);
    // Not blank: mostly white paper, but a good share of ink in many colours.
    let channels = info.color_type.samples();
    let pixels = &pixels[..info.buffer_size()];
    let (mut ink, mut colours) = (0usize, std::collections::HashSet::new());
    for p in pixels.chunks(channels) {
        if p[..3] != [255, 255, 255] {
            ink += 1;
        }
        colours.insert([p[0], p[1], p[2]]);
    }
    let total = pixels.len() / channels;
    assert!(ink > total / 50 && ink < total / 2, "{ink} of {total}");
    assert!(colours.len() > 50, "{} colours", colours.len());
}

#[test]
fn an_unknown_chart_extension_is_refused_before_anything_runs() {
    let dir = scratch("extension");
    for name in ["chart.pdf", "chart", "chart.svg.txt"] {
        let out = magdepth(&[
            "run",
            "scenarios/dozen-a-night-no-resupply.yaml",
            "--chart",
            s(&dir.join(name)),
        ]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(out.stdout.is_empty(), "{name}: the table was printed");
        assert!(String::from_utf8_lossy(&out.stderr).contains(".svg or .png"));
    }
    let out = magdepth(&[
        "sweep",
        "scenarios/dozen-a-night-ten-delivered.yaml",
        "--vary",
        "stockpile=100..300:100",
        "--chart",
        s(&dir.join("line.jpg")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(files_in(&dir).is_empty());
}

#[test]
fn the_stock_axis_ends_near_the_data() {
    let svg = chart_to_stdout(&["run", "tests/fixtures/charts/stock-300.yaml"]);
    let doc = parse_svg(&svg);
    // A stock of 300: the axis runs to 300 + 5% = 315, not to 400, and its
    // last tick is 300.
    let plot = &with_class(&doc, "rect", "stock-plot")[0];
    assert_eq!(plot.attribute("data-top"), Some("315"));
    let ticks: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("tick"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        ticks.contains(&"300") && !ticks.contains(&"400"),
        "{ticks:?}"
    );
    // Zero sits above the frame's bottom, so a line on it shows.
    let series = &with_class(&doc, "g", "series")[0];
    let line = first_polyline(series);
    let bottom = number(plot, "y") + number(plot, "height");
    let lowest = points(&line).iter().map(|p| p.1).fold(0.0, f64::max);
    assert!(lowest < bottom - 3.0, "{lowest} vs the frame at {bottom}");
}

#[test]
fn leakers_are_steps_from_night_one_with_no_markers() {
    let svg = chart_to_stdout(&["run", "tests/fixtures/charts/small-beside-large.yaml"]);
    let doc = parse_svg(&svg);
    let plot = &with_class(&doc, "rect", "leak-plot")[0];
    let (left, width) = (number(plot, "x"), number(plot, "width"));
    let night = width / 40.0;
    for g in with_class(&doc, "g", "leakers") {
        let line = first_polyline(&g);
        let p = points(&line);
        // Two points a night, each night level: steps, no ramp.
        assert_eq!(p.len(), 2 * 40);
        for pair in p.chunks(2) {
            assert_eq!(pair[0].1, pair[1].1);
        }
        // Night 1 starts half a night in, not at night 0.
        assert!((p[0].0 - (left + 0.5 * night)).abs() < 0.02, "{:?}", p[0]);
        // No markers in a leakers line.
        assert!(!g.descendants().any(|n| n.has_tag_name("circle")));
    }
    // Every circle in the chart is a ring marking the first shortfall: one,
    // on the small type that ran out (the large one still had stock).
    let circles: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .collect();
    assert_eq!(circles.len(), 1);
    let text = all_text(&doc);
    assert!(text.contains("First shortfall: night 6 (2025-07-15); small out of stock"));
}

#[test]
fn a_small_line_beside_large_ones_is_named_where_it_ends() {
    let svg = chart_to_stdout(&["run", "tests/fixtures/charts/small-beside-large.yaml"]);
    let doc = parse_svg(&svg);
    let direct: Vec<&str> = with_class(&doc, "text", "direct-label")
        .iter()
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(direct.len(), 2);
    assert!(direct.contains(&"small") && direct.contains(&"big"));
    // Both lines thick enough to see: 2.5 pixels.
    for g in with_class(&doc, "g", "series") {
        let line = first_polyline(&g);
        assert_eq!(line.attribute("stroke-width"), Some("2.5"));
    }
}

#[test]
fn many_series_become_small_multiples_on_one_scale() {
    let svg = chart_to_stdout(&["compare", "scenarios"]);
    let doc = parse_svg(&svg);
    let scenarios = std::fs::read_dir(Path::new(ROOT).join("scenarios"))
        .unwrap()
        .count();
    let titles = with_class(&doc, "text", "panel-title");
    assert_eq!(titles.len(), scenarios);
    // One scale for every panel.
    for class in ["stock-plot", "leak-plot"] {
        let tops: std::collections::HashSet<&str> = with_class(&doc, "rect", class)
            .iter()
            .map(|r| r.attribute("data-top").unwrap())
            .collect();
        assert_eq!(tops.len(), 1, "{class}: {tops:?}");
    }
    // Types and threats look the same in every panel: one legend entry each.
    let legend = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("legend"))
        .unwrap();
    let entries: Vec<&str> = legend
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    let unique: std::collections::HashSet<&&str> = entries.iter().collect();
    assert_eq!(unique.len(), entries.len(), "{entries:?}");
    // Three short-form scenarios still share one panel.
    let few = chart_to_stdout(&[
        "compare",
        "scenarios/dozen-a-night-no-resupply.yaml",
        "scenarios/weekly-large-raids.yaml",
    ]);
    assert!(with_class(&parse_svg(&few), "text", "panel-title").is_empty());
}

#[test]
fn replay_chart_marks_the_record_end_and_only_the_type_at_capacity() {
    let svg = chart_to_stdout(&["run", "tests/fixtures/charts/replay-capacity.yaml"]);
    let doc = parse_svg(&svg);
    let text = all_text(&doc);
    // Four ballistic missiles on night 3 against three engagements a night.
    assert!(text.contains("First shortfall: night 3 (2025-05-03); patriot at fire capacity"));
    assert!(!text.contains("nasams at"), "NASAMS caused nothing");
    // The ring sits on the Patriot line at night 3.
    let rings = with_class(&doc, "circle", "mark");
    assert_eq!(rings.len(), 1);
    let (cx, cy) = (number(&rings[0], "cx"), number(&rings[0], "cy"));
    let patriot = with_class(&doc, "g", "series")
        .into_iter()
        .find(|g| g.attribute("data-label") == Some("patriot"))
        .unwrap();
    let line = first_polyline(&patriot);
    assert_eq!(points(&line)[3], (cx, cy));
    // The record's five nights end at night 5; the rest is shaded.
    assert!(text.contains("record ends night 5; then the record repeated"));
    assert_eq!(with_class(&doc, "rect", "after-record").len(), 2);
    let rule = &with_class(&doc, "line", "record-end")[0];
    let plot = &with_class(&doc, "rect", "stock-plot")[0];
    let night = number(plot, "width") / 12.0;
    assert!((number(rule, "x1") - (number(plot, "x") + 5.5 * night)).abs() < 0.02);
}

#[test]
fn narrow_charts_keep_their_text_inside() {
    use magdepth::chart::stock::{NARROW, stock_chart_width};
    use magdepth::sim::{Method, simulate_with_band};
    for file in [
        "scenarios/kyiv-10-july-2025-raid-weekly.yaml",
        "tests/fixtures/charts/replay-capacity.yaml",
        "scenarios/steady-resupply-almost-keeps-up.yaml",
    ] {
        let scenario = magdepth::scenario::load_file(&Path::new(ROOT).join(file)).unwrap();
        let simulation = simulate_with_band(&scenario, Method::MeanPath, &|_| {});
        let run = magdepth::outcome::Outcome::new(file, &scenario, &simulation);
        let svg = stock_chart_width(&[run], NARROW);
        let doc = parse_svg(&svg);
        assert_eq!(doc.root_element().attribute("width"), Some("360"));
        check_chart_basics(&doc);
    }
}

#[test]
fn heat_map_titles_wrap_and_name_keys_in_words() {
    let dir = scratch("heat-long");
    let file = dir.join("nb.yaml");
    std::fs::write(
        &file,
        "name: Bursty ballistic raids\nhorizon_nights: 60\ninterceptors:\n  pac3-mse: { stockpile: 60 }\n\
         threats:\n  ballistic:\n    missiles_per_night: { negative_binomial: { mean: 2, dispersion: 0.5 } }\n\
         \x20   engaged_by: [pac3-mse]\n    interceptors_per_kill: 2\n",
    )
    .unwrap();
    let svg = chart_to_stdout(&[
        "sweep",
        s(&file),
        "--vary",
        "threats.ballistic.missiles_per_night.negative_binomial.mean=1..3:1",
        "--vary",
        "interceptors.pac3-mse.stockpile=40..80:20",
        "--mode",
        "monte-carlo",
        "--trials",
        "50",
        "--seed",
        "1",
        "--metric",
        "nights_fully_defended.p50",
    ]);
    let doc = parse_svg(&svg);
    let text = all_text(&doc);
    let axis_titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("axis-title"))
        .filter_map(|n| n.text())
        .collect();
    let axis_titles = axis_titles.join(" ");
    assert!(
        axis_titles.contains("ballistic: raid mean (missiles a night)"),
        "{axis_titles}"
    );
    assert!(axis_titles.contains("pac3-mse: stockpile (interceptors)"));
    assert!(!text.contains("negative_binomial"), "a raw key path");
    assert!(text.contains("Nights fully defended, median over trials"));
    assert!(!text.contains(".p50"));
    // The title wraps rather than widen the canvas: the grid is at least
    // half the canvas wide.
    let titles = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("title"))
        .count();
    assert!(titles > 1, "the long title is on {titles} line");
    let width = number(&doc.root_element(), "width");
    let cells = with_class(&doc, "rect", "cell");
    let grid_left = cells
        .iter()
        .map(|c| number(c, "x"))
        .fold(f64::MAX, f64::min);
    let grid_right = cells
        .iter()
        .map(|c| number(c, "x") + number(c, "width"))
        .fold(0.0, f64::max);
    assert!(
        grid_right - grid_left >= width / 2.0,
        "grid {grid_left}..{grid_right} of {width}"
    );
}

/// The rows of every `<table>` after `marker` in `html`, as cell texts.
fn table_rows(html: &str) -> Vec<Vec<String>> {
    html.split("<tr>")
        .skip(1)
        .map(|row| {
            let row = row.split("</tr>").next().unwrap();
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let cell = cell.split_once('>').unwrap().1;
                    cell.split("</td>").next().unwrap().to_string()
                })
                .collect()
        })
        .collect()
}

#[test]
fn html_report_shows_every_input() {
    let out = magdepth(&[
        "report",
        "scenarios/kyiv-10-july-2025-raid-weekly.yaml",
        "scenarios/patriot-reserve-and-rationing.yaml",
        "-o",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let html = String::from_utf8(out.stdout).unwrap();
    let esc = magdepth::chart::escape;
    for file in [
        "scenarios/kyiv-10-july-2025-raid-weekly.yaml",
        "scenarios/patriot-reserve-and-rationing.yaml",
    ] {
        let scenario = magdepth::scenario::load_file(&Path::new(ROOT).join(file)).unwrap();
        let section = html
            .split(&format!("<h2>{}</h2>", esc(&scenario.name)))
            .nth(1)
            .unwrap()
            .split("</section>")
            .next()
            .unwrap();
        let inputs = section
            .split("<h3>Inputs</h3>")
            .nth(1)
            .expect("an inputs section");
        let rows = table_rows(inputs);
        let has_row = |cells: &[String]| {
            rows.iter()
                .any(|row| cells.iter().all(|c| row.contains(&esc(c))))
        };
        let real = |x: f64| {
            let text = format!("{x:.2}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        assert!(has_row(&[
            "horizon nights".into(),
            scenario.horizon_nights.to_string()
        ]));
        for t in &scenario.interceptors {
            let mut cells = vec![
                t.name.clone(),
                t.stockpile.to_string(),
                t.reserve.to_string(),
            ];
            cells.extend(t.unit_cost.map(real));
            assert!(has_row(&cells), "{}: {cells:?} in {rows:?}", scenario.name);
        }
        for threat in &scenario.threats {
            let mut cells = vec![threat.name.clone(), real(threat.raid_probability)];
            cells.extend(threat.unit_cost.map(real));
            assert!(has_row(&cells), "{cells:?}");
            for (tier, engagements) in threat.tiers.iter().enumerate() {
                for e in engagements {
                    let k = &e.kill;
                    let cells = [
                        threat.name.clone(),
                        (tier + 1).to_string(),
                        scenario.interceptors[e.interceptor].name.clone(),
                        k.interceptors_per_kill.to_string(),
                        real(k.pk),
                        k.doctrine.name().to_string(),
                    ];
                    assert!(has_row(&cells), "{cells:?}");
                }
            }
        }
        for d in &scenario.deliveries {
            let cells = [
                scenario.interceptors[d.interceptor].name.clone(),
                d.count.to_string(),
            ];
            assert!(has_row(&cells), "{cells:?}");
        }
        for p in &scenario.production {
            let cells = [
                scenario.interceptors[p.interceptor].name.clone(),
                real(p.per_night),
                p.first_night.to_string(),
                p.last_night.to_string(),
            ];
            assert!(has_row(&cells), "{cells:?}");
        }
        for source in &scenario.sources {
            assert!(section.contains(&esc(source)));
        }
        // And the whole resolved scenario, to copy.
        assert!(section.contains(&esc(&magdepth::explain::resolved_yaml(&scenario))));
    }
    // The charts' font travels with the page, so they look as laid out.
    assert!(html.contains("@font-face { font-family: \"DejaVu Sans\""));
}

/// The report at a phone's width in headless Chromium: chart text at least
/// 9 CSS pixels high, no table cell broken over two lines, and no sideways
/// scrolling of the page (tables scroll in their own boxes). Needs
/// Debian's `chromium`; `.ci/run` installs it and runs this test.
#[test]
#[ignore = "needs chromium; run by .ci/run, or by hand with `cargo test -- --ignored phone`"]
fn report_reads_on_a_phone() {
    let dir = scratch("phone");
    let page = dir.join("report.html");
    let out = magdepth(&[
        "report",
        "scenarios",
        "-o",
        s(&page),
        "--mode",
        "monte-carlo",
        "--trials",
        "200",
        "--seed",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // Headless Chromium's window is at least 500 pixels wide, so the report
    // is shown in a frame 390 pixels wide, as a phone's screen. The check
    // runs in the report and writes what it found into the outer page.
    let probe = r#"<script>
addEventListener('load', () => {
  const found = { width: innerWidth, overflow: document.documentElement.scrollWidth - innerWidth,
                  smallest: 1e9, charts: 0, broken: [], outside: [] };
  for (const svg of document.querySelectorAll('svg')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;
    found.charts += 1;
    for (const t of svg.querySelectorAll('text')) {
      // The size as drawn: the page's styles and the chart's scale both
      // count; and the text must stay inside its chart.
      const r = t.getBoundingClientRect();
      const scale = box.width / svg.viewBox.baseVal.width;
      found.smallest = Math.min(found.smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        found.outside.push(t.textContent);
    }
  }
  for (const td of document.querySelectorAll('td')) {
    const range = document.createRange();
    range.selectNodeContents(td);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    if (tops.size > 1) found.broken.push(td.textContent);
  }
  parent.document.getElementById('phone-check').textContent = JSON.stringify(found);
});
</script>"#;
    let report = std::fs::read_to_string(&page)
        .unwrap()
        .replace("</body>", &format!("{probe}</body>"));
    let phone = dir.join("phone.html");
    std::fs::write(
        &phone,
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\"><pre id=\"phone-check\"></pre>\
             <iframe style=\"width:390px;height:800px;border:0\" srcdoc=\"{}\"></iframe>\
             </body></html>",
            magdepth::chart::escape(&report)
        ),
    )
    .unwrap();
    let profile = dir.join("profile");
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", s(&profile)),
            "--window-size=600,900",
            "--virtual-time-budget=10000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", s(&phone)))
        .output()
        .expect("chromium runs (apt-get install chromium)");
    let dom = String::from_utf8_lossy(&out.stdout);
    let json = dom
        .split("<pre id=\"phone-check\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| {
            panic!(
                "no result in the page: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
        .replace("&quot;", "\"");
    let found: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(found["width"], 390, "{found}");
    assert!(
        found["overflow"].as_f64().unwrap() <= 0.0,
        "the page scrolls sideways: {found}"
    );
    assert!(found["charts"].as_u64().unwrap() > 0, "{found}");
    assert!(
        found["smallest"].as_f64().unwrap() >= 9.0,
        "chart text too small: {found}"
    );
    assert_eq!(
        found["broken"].as_array().unwrap().len(),
        0,
        "cells broken: {found}"
    );
    assert_eq!(
        found["outside"].as_array().unwrap().len(),
        0,
        "text outside its chart: {found}"
    );
}
