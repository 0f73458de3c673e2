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

/// The texts of the chart's legend, in order.
fn legend_entries(doc: &roxmltree::Document<'_>) -> Vec<String> {
    let legend = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("legend"))
        .expect("a legend");
    legend
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(String::from)
        .collect()
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
    // Each chart twice: the file layout, and the narrow one phones show;
    // a scenario with ranges adds its drivers chart.
    let ranged = scenarios
        .iter()
        .filter(|path| {
            !magdepth::scenario::load_file(path)
                .unwrap()
                .uncertain
                .is_empty()
        })
        .count();
    let charts = n + 1 + ranged;
    assert_eq!(html.matches("<svg").count(), 2 * charts);
    assert_eq!(html.matches("<svg class=\"narrow\"").count(), charts);
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
    let entries = legend_entries(&doc);
    let unique: std::collections::HashSet<&String> = entries.iter().collect();
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
    check_on_a_phone(&dir, &page);
}

/// The two-sided scenarios' report (arsenals, decoys, EW, ranges with
/// sources and what drives the spread) at a phone's width, as
/// [`report_reads_on_a_phone`] checks the bundled scenarios'.
#[test]
#[ignore = "needs chromium; run by .ci/run, or by hand with `cargo test -- --ignored phone`"]
fn two_sided_report_reads_on_a_phone() {
    let dir = scratch("phone-two-sided");
    let page = dir.join("report.html");
    let runs = [
        two_sided::Run::new(
            two_sided::with_ranges(two_sided::long_form()),
            two_sided::MONTE_CARLO,
        ),
        two_sided::Run::new(two_sided::hand_worked(), magdepth::sim::Method::MeanPath),
    ];
    let comparison = magdepth::outcome::Comparison {
        rows: runs.iter().map(|r| r.outcome()).collect(),
        baseline: None,
    };
    let html = magdepth::report::html::render(&comparison);
    assert!(html.contains("<h3>What drives the spread</h3>"));
    std::fs::write(&page, html).unwrap();
    check_on_a_phone(&dir, &page);
}

/// The report at `page` in headless Chromium in a frame 390 pixels wide:
/// chart text at least 9 CSS pixels high and inside its chart, no table
/// cell broken over two lines (sources, which are prose, may wrap), and no
/// sideways scrolling of the page.
fn check_on_a_phone(dir: &Path, page: &Path) {
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
  for (const td of document.querySelectorAll('td:not(.prose)')) {
    const range = document.createRange();
    range.selectNodeContents(td);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    if (tops.size > 1) found.broken.push(td.textContent);
  }
  parent.document.getElementById('phone-check').textContent = JSON.stringify(found);
});
</script>"#;
    let report = std::fs::read_to_string(page)
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

// The attacker's side and uncertain inputs (issues 16 and 17), on scenarios
// built in the model until the scenario keys for them land.

mod two_sided {
    use magdepth::kill::KillModel;
    use magdepth::model::{
        Arsenal, Decoy, Engagement, InterceptorType, Output, Raid, Scenario, Tactic, Threat,
    };
    use magdepth::outcome::Outcome;
    use magdepth::sim::{Method, Simulation, simulate_with_band};
    use magdepth::uncertain::{Input, Range, Uncertain};

    pub fn interceptor(name: &str, stockpile: u64) -> InterceptorType {
        InterceptorType {
            name: name.into(),
            stockpile,
            unit_cost: None,
            fire_capacity: None,
            reserve: 0,
        }
    }

    /// A threat of `raid` a night engaged by the types `by`, in order, at 2
    /// per kill with certain kills; unlimited, no decoys, no EW.
    pub fn threat(name: &str, raid: Raid, by: &[usize]) -> Threat {
        Threat {
            name: name.into(),
            raid,
            raid_probability: 1.0,
            tiers: vec![
                by.iter()
                    .map(|&t| Engagement {
                        interceptor: t,
                        kill: KillModel::certain(2),
                        rationed: None,
                    })
                    .collect(),
            ],
            unit_cost: None,
            arsenal: None,
            decoy: None,
            lost_to_ew: 0.0,
        }
    }

    pub fn steady(on_hand: u64, per_night: f64, horizon: u32) -> Arsenal {
        Arsenal {
            on_hand,
            production: if per_night > 0.0 {
                vec![Output {
                    per_night,
                    first_night: 1,
                    last_night: horizon,
                    lead_time_nights: 0,
                }]
            } else {
                Vec::new()
            },
            max_per_night: None,
            tactic: Tactic::Steady,
        }
    }

    pub fn scenario(name: &str, horizon: u32) -> Scenario {
        Scenario {
            name: name.into(),
            description: None,
            start_date: Some(magdepth::date::Date::new(2025, 5, 1).unwrap()),
            horizon_nights: horizon,
            interceptors: Vec::new(),
            threats: Vec::new(),
            deliveries: vec![],
            production: vec![],
            sources: vec![],
            overrides: vec![],
            uncertain: vec![],
            value_sources: Vec::new(),
        }
    }

    /// 120 interceptors at 2 per kill against 10 ballistic missiles a night
    /// from an arsenal of 40 with 2 made a night, 12 nights from 2025-05-01.
    ///
    /// The arsenal (2 arrive before each night's raid): 40 + 2 − 10 = 32
    /// after night 1, then 24, 16, 8, and 8 + 2 − 10 = 0 after night 5; on
    /// night 6 only the 2 just made are on hand, fewer than the planned 10:
    /// it runs dry on night 6, and from then on fires the 2 made each
    /// night, ending every night at 0. Launched: 5 × 10 + 7 × 2 = 64 = 40 +
    /// 24 made.
    ///
    /// The stock: 20 a night for nights 1–5 (100, 80, 60, 40, 20 left),
    /// then 4 a night (16, 12, 8, 4, 0 after nights 6–10); night 11 has 2
    /// missiles and no stock: the first shortfall. The attack ran out on
    /// night 6, the defence on night 11: the attack runs out first.
    pub fn hand_worked() -> Scenario {
        let mut s = scenario("Two-sided", 12);
        s.interceptors = vec![interceptor("pac3", 120)];
        let mut ballistic = threat("ballistic", Raid::Every(10), &[0]);
        ballistic.arsenal = Some(steady(40, 2.0, 12));
        s.threats = vec![ballistic];
        s
    }

    /// Two types and three threats: ballistic missiles from a steady
    /// arsenal, cruise missiles massed (fired when 20 are on hand), and
    /// drones that are decoys, a quarter of them lost to electronic warfare.
    pub fn long_form() -> Scenario {
        let mut s = scenario("Two-sided, long form", 30);
        s.interceptors = vec![interceptor("pac3-mse", 150), interceptor("nasams", 200)];
        let mut ballistic = threat("ballistic", Raid::Every(6), &[0]);
        ballistic.arsenal = Some(steady(60, 1.5, 30));
        let mut cruise = threat("cruise", Raid::Every(0), &[1, 0]);
        cruise.arsenal = Some(Arsenal {
            max_per_night: Some(30),
            tactic: Tactic::Mass { when: 20 },
            ..steady(10, 2.0, 30)
        });
        let mut drones = threat("drones", Raid::Every(12), &[1]);
        drones.decoy = Some(Decoy {
            discrimination: 0.5,
        });
        drones.lost_to_ew = 0.25;
        s.threats = vec![ballistic, cruise, drones];
        s
    }

    /// `s` with its stockpile and the ballistic arsenal's stock on hand as
    /// ranges, each citing a source, and a sourced point value.
    pub fn with_ranges(mut s: Scenario) -> Scenario {
        let stockpile = s.interceptors[0].stockpile as f64;
        let on_hand = s.threats[0].arsenal.as_ref().unwrap().on_hand as f64;
        let (stock_key, arsenal_key) = if s.interceptors.len() == 1 {
            ("stockpile".to_string(), "arsenal.on_hand".to_string())
        } else {
            (
                format!("interceptors.{}.stockpile", s.interceptors[0].name),
                format!("threats.{}.arsenal.on_hand", s.threats[0].name),
            )
        };
        s.uncertain = vec![
            Uncertain {
                key: stock_key,
                range: Range::Between {
                    low: stockpile - 20.0,
                    high: stockpile + 20.0,
                },
                whole: true,
                input: Input::Stockpile { interceptor: 0 },
                source: Some("Ministry figure, 'about 120', March 2025".into()),
            },
            Uncertain {
                key: arsenal_key,
                range: Range::Triangular {
                    low: on_hand - 10.0,
                    likely: on_hand,
                    high: on_hand + 20.0,
                },
                whole: true,
                input: Input::ArsenalOnHand { threat: 0 },
                source: Some("Intelligence estimate, May 2025: 'at least 30'".into()),
            },
        ];
        let horizon_key = "horizon_nights".to_string();
        s.value_sources = vec![(horizon_key, "The length of the campaign asked about".into())];
        s
    }

    /// A scenario and its simulation, held together so an outcome can
    /// borrow both.
    pub struct Run {
        pub scenario: Scenario,
        pub simulation: Simulation,
    }

    impl Run {
        pub fn new(scenario: Scenario, method: Method) -> Run {
            let simulation = simulate_with_band(&scenario, method, &|_| {});
            Run {
                scenario,
                simulation,
            }
        }

        pub fn outcome(&self) -> Outcome<'_> {
            Outcome::new("model.yaml", &self.scenario, &self.simulation)
        }
    }

    pub const MONTE_CARLO: Method = Method::MonteCarlo {
        trials: 400,
        seed: 11,
    };
}

/// The PNG of `svg`, decoded: its width and height, and whether it has ink.
fn png_size(svg: &str) -> (u32, u32) {
    use magdepth::chart::output::{ChartFormat, encode};
    let bytes = encode(svg, ChartFormat::Png).expect("the chart renders");
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let ink = pixels[..info.buffer_size()]
        .chunks(channels)
        .filter(|p| p[..3] != [255, 255, 255])
        .count();
    assert!(ink > 1000, "a blank chart");
    (info.width, info.height)
}

/// The texts of class `class`, joined by spaces (a wrapped label again as
/// one line).
fn class_text(doc: &roxmltree::Document<'_>, class: &str) -> String {
    with_class(doc, "text", class)
        .iter()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A rect's x, y, width and height.
fn frame_of(node: &roxmltree::Node<'_, '_>) -> (f64, f64, f64, f64) {
    (
        number(node, "x"),
        number(node, "y"),
        number(node, "width"),
        number(node, "height"),
    )
}

#[test]
fn the_arsenal_has_its_own_panel_on_the_stock_charts_night_axis() {
    use magdepth::chart::stock::{NARROW, stock_chart, stock_chart_width};
    let run = two_sided::Run::new(two_sided::hand_worked(), magdepth::sim::Method::MeanPath);
    let svg = stock_chart(&[run.outcome()]);
    let doc = parse_svg(&svg);
    check_chart_basics(&doc);
    let text = all_text(&doc);
    assert!(text.contains("Interceptor stock and the attacker's arsenal: Two-sided"));
    assert!(text.contains("Arsenal at the end of each night (missiles)"));
    // The three plots share the night axis, stock above arsenal above
    // leakers.
    let stock = frame_of(&with_class(&doc, "rect", "stock-plot")[0]);
    let arsenal_rect = &with_class(&doc, "rect", "arsenal-plot")[0];
    let arsenal = frame_of(arsenal_rect);
    let leak = frame_of(&with_class(&doc, "rect", "leak-plot")[0]);
    assert_eq!((stock.0, stock.2), (arsenal.0, arsenal.2));
    assert_eq!((leak.0, leak.2), (arsenal.0, arsenal.2));
    assert!(stock.1 + stock.3 < arsenal.1 && arsenal.1 + arsenal.3 < leak.1);
    // The arsenal's axis ends 5% above its largest value, the 40 on hand
    // before night 1: 42.
    assert_eq!(arsenal_rect.attribute("data-top"), Some("42"));
    // The line: 40 at night 0, then 32, 24, 16, 8, 0 and 0 to the end, on
    // the plot's scale (zero 6 pixels above its foot).
    let line = with_class(&doc, "g", "arsenal");
    assert_eq!(labels(&doc, "g", "arsenal"), ["ballistic"]);
    let (left, top, width, height) = arsenal;
    let at = |night: f64, value: f64| {
        let x = left + night / 12.0 * width;
        let y = top + height - 6.0 - value / 42.0 * (height - 6.0);
        (x, y)
    };
    let p = points(&first_polyline(&line[0]));
    let expected = [
        40.0, 32.0, 24.0, 16.0, 8.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    ];
    assert_eq!(p.len(), expected.len());
    for (n, (&(x, y), &v)) in p.iter().zip(&expected).enumerate() {
        let (ex, ey) = at(n as f64, v);
        assert!((x - ex).abs() < 0.01 && (y - ey).abs() < 0.01, "night {n}");
    }
    // Night 6: the arsenal runs dry, ruled across its plot and written.
    let dry = &with_class(&doc, "line", "dry-night")[0];
    assert!((number(dry, "x1") - at(6.0, 0.0).0).abs() < 0.01);
    assert_eq!(number(dry, "y1"), top);
    assert!(text.contains("ballistic: arsenal runs dry, night 6 (2025-05-06)"));
    // The defence's first shortfall, night 11, is ruled across all three.
    assert_eq!(with_class(&doc, "line", "shortfall").len(), 3);
    assert!(text.contains("First shortfall: night 11 (2025-05-11)"));
    // Who runs out first, in words.
    assert_eq!(
        class_text(&doc, "runs-out-first"),
        "Runs out first: the attack (ballistic), night 6 (2025-05-06)"
    );
    assert!(text.contains("arsenal: ballistic"), "the legend");
    assert!(text.contains("Dotted rule: the night an arsenal runs dry"));
    // PNG at twice the size; the narrow layout keeps its text inside too.
    let (w, _) = png_size(&svg);
    assert_eq!(w, 1920);
    let narrow = stock_chart_width(&[run.outcome()], NARROW);
    let narrow_doc = parse_svg(&narrow);
    check_chart_basics(&narrow_doc);
    assert_eq!(with_class(&narrow_doc, "rect", "arsenal-plot").len(), 1);
}

#[test]
fn without_an_arsenal_the_stock_chart_has_no_arsenal_panel() {
    let svg = chart_to_stdout(&["run", "tests/fixtures/charts/stock-300.yaml"]);
    let doc = parse_svg(&svg);
    assert!(with_class(&doc, "rect", "arsenal-plot").is_empty());
    assert!(with_class(&doc, "text", "runs-out-first").is_empty());
    let text = all_text(&doc);
    assert!(text.contains("Interceptor stock: "));
    assert!(!text.contains("arsenal"), "{text}");
}

#[test]
fn several_arsenals_are_named_and_a_massed_one_never_runs_dry() {
    use magdepth::chart::stock::{NARROW, stock_chart_width};
    for method in [magdepth::sim::Method::MeanPath, two_sided::MONTE_CARLO] {
        let run = two_sided::Run::new(two_sided::long_form(), method);
        for width in [960.0, NARROW] {
            let svg = stock_chart_width(&[run.outcome()], width);
            let doc = parse_svg(&svg);
            check_chart_basics(&doc);
            // One line per threat with an arsenal: not the drones.
            assert_eq!(labels(&doc, "g", "arsenal"), ["ballistic", "cruise"]);
            let text = all_text(&doc);
            assert!(text.contains("by threat (missiles)"), "{text}");
            // Each line named at its right end.
            let direct: Vec<&str> = with_class(&doc, "text", "direct-label")
                .iter()
                .filter_map(|n| n.text())
                .collect();
            assert!(direct.contains(&"ballistic") && direct.contains(&"cruise"));
            // The steady arsenal runs dry, the massed one never does. 6 a
            // night from 60 on hand and 1.5 made a night (1 on odd nights,
            // 2 on even ones: ⌊1.5n⌋ by night n): before night n's raid
            // 60 + ⌊1.5n⌋ − 6(n − 1) are on hand, 7 on night 13 and 3 on
            // night 14, fewer than the 6 planned.
            let dry = class_text(&doc, "dry-note");
            assert!(
                dry.starts_with("ballistic: arsenal runs dry, night 14"),
                "{dry}"
            );
            assert!(!dry.contains("cruise"));
            assert_eq!(with_class(&doc, "line", "dry-night").len(), 1);
        }
    }
}

#[test]
fn small_multiples_give_every_panel_an_arsenal_plot_on_one_scale() {
    use magdepth::chart::stock::{NARROW, stock_chart_width};
    let mut plain = two_sided::scenario("No arsenal", 12);
    plain.interceptors = vec![
        two_sided::interceptor("patriot", 100),
        two_sided::interceptor("nasams", 50),
    ];
    plain.threats = vec![two_sided::threat(
        "ballistic",
        magdepth::model::Raid::Every(10),
        &[0, 1],
    )];
    let runs: Vec<two_sided::Run> = [two_sided::long_form(), two_sided::hand_worked(), plain]
        .into_iter()
        .map(|s| two_sided::Run::new(s, magdepth::sim::Method::MeanPath))
        .collect();
    let outcomes: Vec<_> = runs.iter().map(|r| r.outcome()).collect();
    for width in [960.0, NARROW] {
        let svg = stock_chart_width(&outcomes, width);
        let doc = parse_svg(&svg);
        check_chart_basics(&doc);
        // 2 + 1 + 2 stock lines in three scenarios: more than a handful
        // of lines together, so one panel each.
        assert_eq!(with_class(&doc, "text", "panel-title").len(), 3);
        let plots = with_class(&doc, "rect", "arsenal-plot");
        assert_eq!(plots.len(), 3);
        let tops: std::collections::HashSet<&str> = plots
            .iter()
            .map(|r| r.attribute("data-top").unwrap())
            .collect();
        assert_eq!(tops.len(), 1, "one arsenal scale: {tops:?}");
        // The scenario without one says so; the others say who runs out
        // first.
        assert_eq!(with_class(&doc, "text", "no-arsenal").len(), 1);
        let headline = class_text(&doc, "runs-out-first");
        assert_eq!(headline.matches("Runs out first").count(), 2, "{headline}");
        // A threat looks the same in every panel: one legend entry each.
        let entries = legend_entries(&doc);
        let unique: std::collections::HashSet<&String> = entries.iter().collect();
        assert_eq!(unique.len(), entries.len(), "{entries:?}");
        assert!(
            entries.iter().any(|e| e == "arsenal: ballistic"),
            "{entries:?}"
        );
    }
}

#[test]
fn monte_carlo_charts_give_each_sides_share_of_trials() {
    use magdepth::chart::stock::stock_chart;
    // Nothing in the hand-worked scenario is left to chance: every trial
    // runs as the expected path, so the attack runs out first in all of
    // them, on night 6, and the arsenal's mean path is the expected one.
    let run = two_sided::Run::new(two_sided::hand_worked(), two_sided::MONTE_CARLO);
    let svg = stock_chart(&[run.outcome()]);
    let doc = parse_svg(&svg);
    check_chart_basics(&doc);
    let text = all_text(&doc);
    assert_eq!(
        class_text(&doc, "runs-out-first"),
        "Runs out first: the attack in 100% of trials (median night 6), the defence in 0%, \
         neither in 0%"
    );
    assert!(text.contains("leakers and arsenals are means over trials"));
    assert!(text.contains("ballistic: arsenal runs dry, night 6 (2025-05-06)"));
    assert!(text.contains("runs dry (median over trials)"));
}

/// The issue's check: stockpile uniform on 100..=300 and pk on [0.5, 0.9],
/// 12 missiles a night at 2 per kill, 30 nights.
fn stockpile_and_pk_ranged() -> magdepth::model::Scenario {
    use magdepth::uncertain::{Input, Range, Uncertain};
    let mut s = two_sided::scenario("Ranges", 30);
    s.start_date = None;
    s.interceptors = vec![two_sided::interceptor("interceptors", 200)];
    let mut missiles = two_sided::threat("missiles", magdepth::model::Raid::Every(12), &[0]);
    missiles.tiers[0][0].kill.pk = 0.7;
    s.threats = vec![missiles];
    s.uncertain = vec![
        Uncertain {
            key: "stockpile".into(),
            range: Range::Between {
                low: 100.0,
                high: 300.0,
            },
            whole: true,
            input: Input::Stockpile { interceptor: 0 },
            source: Some("Parliamentary answer: 'between 100 and 300'".into()),
        },
        Uncertain {
            key: "pk".into(),
            range: Range::Between {
                low: 0.5,
                high: 0.9,
            },
            whole: false,
            input: Input::Pk {
                engagements: vec![(0, 0, 0)],
            },
            source: None,
        },
    ];
    s
}

#[test]
fn drivers_chart_ranks_the_ranges_by_their_rank_correlation() {
    use magdepth::chart::drivers::drivers_chart;
    use magdepth::chart::stock::NARROW;
    // Nights fully defended are ⌊S / 24⌋ whatever the pk: their rank
    // correlation with the stockpile is near 1 (about 0.99: the steps of
    // ⌊S / 24⌋ tie neighbouring stockpiles), with pk near 0 (its standard
    // error about 1 / √4000 = 0.016; allow 0.08).
    let method = magdepth::sim::Method::MonteCarlo {
        trials: 4000,
        seed: 8,
    };
    let run = two_sided::Run::new(stockpile_and_pk_ranged(), method);
    let svg = drivers_chart(&run.outcome(), 960.0).expect("a Monte Carlo run with ranges");
    let doc = parse_svg(&svg);
    check_chart_basics(&doc);
    let bars = with_class(&doc, "g", "driver");
    assert_eq!(labels(&doc, "g", "driver"), ["stockpile", "pk"]);
    let value = |g: &roxmltree::Node<'_, '_>| number(g, "data-value");
    assert!(value(&bars[0]) > 0.95, "{}", value(&bars[0]));
    assert!(value(&bars[1]).abs() < 0.08, "{}", value(&bars[1]));
    // Each bar runs from zero to its value on a scale of ±1.3 across the
    // plot: the stockpile's is r / 2.6 of the plot's width.
    let (left, _, width, _) = frame_of(&with_class(&doc, "rect", "drivers-plot")[0]);
    let zero = left + width / 2.0;
    let bar = bars[0]
        .descendants()
        .find(|n| n.has_tag_name("rect"))
        .unwrap();
    let (x, _, w, _) = frame_of(&bar);
    assert!((x - zero).abs() < 0.01);
    assert!((w - value(&bars[0]) / 2.6 * width).abs() < 0.05, "{w}");
    let text = all_text(&doc);
    assert!(text.contains("What drives the spread: Ranges"));
    assert!(text.contains("stockpile, 100 to 300"));
    assert!(text.contains("kill probability, 0.5 to 0.9"));
    assert!(text.contains("Rank correlation with nights fully defended"));
    assert!(text.contains("4000 trials, seed 8"));
    // Narrow: each label over its bar, all inside the canvas.
    let narrow = drivers_chart(&run.outcome(), NARROW).unwrap();
    let narrow_doc = parse_svg(&narrow);
    check_chart_basics(&narrow_doc);
    assert_eq!(narrow_doc.root_element().attribute("width"), Some("360"));
    // Without ranges, or on the expected path, there are no drivers.
    let expected = two_sided::Run::new(stockpile_and_pk_ranged(), magdepth::sim::Method::MeanPath);
    assert!(drivers_chart(&expected.outcome(), 960.0).is_none());
}

#[test]
fn a_runs_chart_stacks_the_drivers_under_the_stock() {
    use magdepth::chart::drivers::stock_and_drivers_chart;
    use magdepth::chart::stock::stock_chart;
    let run = two_sided::Run::new(
        two_sided::with_ranges(two_sided::hand_worked()),
        two_sided::MONTE_CARLO,
    );
    let svg = stock_and_drivers_chart(&[run.outcome()]);
    let doc = parse_svg(&svg);
    check_chart_basics(&doc);
    let parts = with_class(&doc, "g", "part");
    assert_eq!(parts.len(), 2);
    assert_eq!(with_class(&doc, "rect", "stock-plot").len(), 1);
    assert_eq!(with_class(&doc, "rect", "drivers-plot").len(), 1);
    assert_eq!(
        labels(&doc, "g", "driver").len(),
        run.scenario.uncertain.len()
    );
    // The drivers start where the stock chart ends.
    let stock = stock_chart(&[run.outcome()]);
    let stock_height = number(&parse_svg(&stock).root_element(), "height");
    assert_eq!(
        parts[1].attribute("transform"),
        Some(format!("translate(0 {stock_height})").as_str())
    );
    let (w, h) = png_size(&svg);
    assert_eq!(w, 1920);
    assert_eq!(
        h,
        (2.0 * number(&doc.root_element(), "height")).ceil() as u32
    );
    // Without drivers, the stock chart alone, as before.
    let plain = two_sided::Run::new(two_sided::hand_worked(), two_sided::MONTE_CARLO);
    assert_eq!(
        stock_and_drivers_chart(&[plain.outcome()]),
        stock_chart(&[plain.outcome()])
    );
}

/// The cells of the rows of the table captioned `caption` in `html`.
fn captioned_rows(html: &str, caption: &str) -> Vec<Vec<String>> {
    let table = html
        .split(&format!("<caption>{caption}</caption>"))
        .nth(1)
        .unwrap_or_else(|| panic!("no table {caption}"))
        .split("</table>")
        .next()
        .unwrap();
    table_rows(table)
        .into_iter()
        .filter(|row| !row.is_empty())
        .collect()
}

#[test]
fn html_report_tells_the_attackers_side_in_words() {
    let run = two_sided::Run::new(two_sided::hand_worked(), magdepth::sim::Method::MeanPath);
    let comparison = magdepth::outcome::Comparison {
        rows: vec![run.outcome()],
        baseline: None,
    };
    let html = magdepth::report::html::render(&comparison);
    let story = html
        .split("<h3>The attacker's side</h3>")
        .nth(1)
        .expect("a section on the attacker's side")
        .split("</div>")
        .next()
        .unwrap();
    // The figures of the scenario's working (see two_sided::hand_worked).
    for sentence in [
        "<strong>Runs out first: the attack (ballistic), night 6 (2025-05-06).</strong>",
        "ballistic: 40 on hand before night 1, 24 more made and arrived within the horizon; \
         64 launched over the 12 nights, and 0 left after the last.",
        "Night 6 (2025-05-06): the ballistic arsenal cannot fill its planned raid of 10; \
         production of 2 a night (60.88 a month) caps every raid from then on.",
    ] {
        assert!(
            story.contains(
                &magdepth::chart::escape(sentence)
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
            ),
            "{sentence}\nin\n{story}"
        );
    }
    // The arsenal's inputs.
    let arsenals = captioned_rows(&html, "The attacker&#39;s arsenals");
    assert_eq!(arsenals, [["ballistic", "40", "no limit", "steady"]]);
    let production = captioned_rows(&html, "Arsenal production");
    assert_eq!(production, [["ballistic", "2", "1", "12", "0"]]);
    // No drivers on the expected path; no decoy or EW columns without them.
    assert!(!html.contains("What drives the spread</h3>"));
    let threats = html.split("<caption>Threats</caption>").nth(1).unwrap();
    let threats = threats.split("</table>").next().unwrap();
    assert!(!threats.contains("decoy") && !threats.contains("lost to EW"));
}

#[test]
fn html_report_shows_decoys_ew_ranges_and_sources_and_what_drives_the_spread() {
    let run = two_sided::Run::new(
        two_sided::with_ranges(two_sided::long_form()),
        two_sided::MONTE_CARLO,
    );
    let comparison = magdepth::outcome::Comparison {
        rows: vec![run.outcome()],
        baseline: None,
    };
    let html = magdepth::report::html::render(&comparison);
    let esc = magdepth::chart::escape;
    // The story: decoys and EW, and who runs out first over the trials.
    assert!(html.contains("Runs out first: the attack in "));
    assert!(html.contains("Drones are decoys: "));
    assert!(html.contains("None of them count as leakers"));
    assert!(html.contains(" were lost to electronic warfare before engagement (a share of 0.25)"));
    assert!(html.contains(&esc(
        "The cruise arsenal is massed: fire is held until 20 are on hand, then everything on \
         hand is fired, at most 30 a night."
    )));
    // Inputs: the decoy and EW keys of each threat; ranges as ranges, each
    // with its source beside it.
    let threats = captioned_rows(&html, "Threats");
    assert_eq!(threats[2][0], "drones");
    assert_eq!(&threats[2][5..8], ["yes", "0.5", "0.25"]);
    assert_eq!(&threats[0][5..8], ["no", "", "0"]);
    let types = captioned_rows(&html, "Interceptor types");
    assert_eq!(types[0][1], "130 to 170");
    assert_eq!(
        types[0].last().unwrap(),
        &esc("stockpile: Ministry figure, 'about 120', March 2025")
    );
    let arsenals = captioned_rows(&html, "The attacker&#39;s arsenals");
    assert_eq!(arsenals[0][1], "50 to 80, most likely 60");
    assert_eq!(
        arsenals[0].last().unwrap(),
        &esc("arsenal on hand: Intelligence estimate, May 2025: 'at least 30'")
    );
    assert_eq!(
        arsenals[1][..4],
        ["cruise", "10", "30", "mass when 20 on hand"]
    );
    assert_eq!(threats[1][1], "massed (see its arsenal)");
    let scenario_rows = table_rows(html.split("<h3>Inputs</h3>").nth(1).unwrap());
    assert!(scenario_rows.iter().any(|r| r
        == &[
            "horizon nights",
            "30",
            "horizon: The length of the campaign asked about"
        ]));
    // Sources are prose: they wrap, where numbers keep to one line.
    assert!(html.contains("<td class=\"prose\">stockpile: Ministry figure"));
    // What drives the spread: a row per range, and its chart twice (wide
    // and narrow).
    let drivers = html
        .split("<h3>What drives the spread</h3>")
        .nth(1)
        .expect("a drivers section")
        .split("<h3>")
        .next()
        .unwrap();
    let rows: Vec<Vec<String>> = table_rows(drivers)
        .into_iter()
        .filter(|row| !row.is_empty())
        .collect();
    assert_eq!(rows.len(), 2);
    // In the summary's order, strongest first, each with its range, its
    // three correlations and its source.
    let summary = &run.simulation.summary;
    for (row, driver) in rows.iter().zip(&summary.drivers) {
        let input = run
            .scenario
            .uncertain
            .iter()
            .find(|u| u.key == driver.input)
            .unwrap();
        assert_eq!(row[0], magdepth::chart::names::key_label(&input.key));
        assert_eq!(
            row[1],
            esc(&magdepth::chart::names::range_words(&input.range))
        );
        let shown = |r: Option<f64>| {
            r.map_or("no spread".to_string(), |r| {
                magdepth::cell::Cell::Real(r).display()
            })
        };
        assert_eq!(row[2], shown(driver.nights_fully_defended));
        assert_eq!(row[3], shown(driver.leakers));
        assert_eq!(row[4], shown(driver.first_shortfall_night));
        assert_eq!(row[5], esc(input.source.as_deref().unwrap()));
    }
    assert_eq!(drivers.matches("<svg class=\"wide\"").count(), 1);
    assert_eq!(drivers.matches("<svg class=\"narrow\"").count(), 1);
    assert!(drivers.contains("Spearman"));
    // Every inline chart is well-formed by itself.
    for chunk in html.split("<svg").skip(1) {
        let svg = format!("<svg{}</svg>", chunk.split("</svg>").next().unwrap());
        roxmltree::Document::parse(&svg).expect("an inline chart is well-formed");
    }
}

// End to end from YAML, with the scenario keys of issues 16 and 17 as
// planned (arsenal, decoy, discrimination, lost_to_ew; ranges and sources
// on any number). The keys are being added to the format; enable these
// when they land.

#[test]
fn run_charts_a_two_sided_scenario_from_yaml() {
    // The hand-worked scenario (two_sided::hand_worked), from YAML.
    let svg = chart_to_stdout(&["run", "tests/fixtures/charts/two-sided.yaml"]);
    let doc = parse_svg(&svg);
    assert_eq!(with_class(&doc, "rect", "arsenal-plot").len(), 1);
    assert_eq!(labels(&doc, "g", "arsenal"), ["missiles"]);
    assert_eq!(
        class_text(&doc, "runs-out-first"),
        "Runs out first: the attack (missiles), night 6 (2025-05-06)"
    );
    assert!(class_text(&doc, "dry-note").starts_with("missiles: arsenal runs dry, night 6"));
    // The long form: two arsenals, one massed; decoys are not drawn as an
    // arsenal.
    let svg = chart_to_stdout(&["run", "tests/fixtures/charts/two-sided-long.yaml"]);
    let doc = parse_svg(&svg);
    assert_eq!(labels(&doc, "g", "arsenal"), ["ballistic", "cruise"]);
    // Monte Carlo with ranges: the drivers chart under the stock chart.
    let svg = chart_to_stdout(&[
        "run",
        "tests/fixtures/charts/two-sided-ranges.yaml",
        "--mode",
        "monte-carlo",
        "--trials",
        "400",
        "--seed",
        "3",
    ]);
    let doc = parse_svg(&svg);
    assert_eq!(with_class(&doc, "g", "part").len(), 2);
    let mut inputs = labels(&doc, "g", "driver");
    inputs.sort();
    assert_eq!(inputs, ["arsenal.on_hand", "stockpile"]);
}

#[test]
fn report_on_two_sided_yaml_shows_every_new_input() {
    let out = magdepth(&[
        "report",
        "tests/fixtures/charts/two-sided-ranges.yaml",
        "tests/fixtures/charts/two-sided-long.yaml",
        "-o",
        "-",
        "--mode",
        "monte-carlo",
        "--trials",
        "400",
        "--seed",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let html = String::from_utf8(out.stdout).unwrap();
    let esc = magdepth::chart::escape;
    let types = captioned_rows(&html, "Interceptor types");
    assert_eq!(types[0][1], "100 to 140");
    assert_eq!(
        types[0].last().unwrap(),
        &esc("stockpile: Ministry figure, 'about 120', March 2025")
    );
    let arsenals = captioned_rows(&html, "The attacker&#39;s arsenals");
    assert_eq!(
        arsenals[0][..4],
        ["missiles", "30 to 60, most likely 40", "no limit", "steady"]
    );
    assert!(html.contains(&esc("horizon: The length of the campaign asked about")));
    assert!(html.contains("<h3>What drives the spread</h3>"));
    assert!(html.contains("<h3>The attacker's side</h3>"));
    // The long form's decoy and EW keys, per threat.
    let threats: Vec<Vec<String>> = html
        .split("<caption>Threats</caption>")
        .nth(2)
        .map(|t| table_rows(t.split("</table>").next().unwrap()))
        .unwrap()
        .into_iter()
        .filter(|r| !r.is_empty())
        .collect();
    assert_eq!(threats[2][..1], ["drones"]);
    assert_eq!(threats[2][5..8], ["yes", "0.5", "0.25"]);
}
