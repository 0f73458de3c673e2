//! Charts and the HTML report (issue 7): the SVG parses as XML and holds one
//! labelled series per scenario (per type in the long form), the heat map
//! one cell per grid point, the tornado one bar per parameter; the report
//! holds every scenario's name, table and chart and no URL; output files are
//! written whole or not at all, and an existing one only with --force.

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

/// Checks what every chart must have: the SVG namespace, a title, text
/// with a generic font.
fn check_chart_basics(doc: &roxmltree::Document<'_>) {
    let root = doc.root_element();
    assert!(root.has_tag_name(("http://www.w3.org/2000/svg", "svg")));
    assert_eq!(root.attribute("font-family"), Some("sans-serif"));
    assert!(root.children().any(|n| n.has_tag_name("title")));
    assert!(all_text(doc).contains("magdepth"));
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
    assert!(text.contains("Stock at end of night (interceptors)"));
    assert!(text.contains("Leakers (missiles a night)"));
    assert!(text.contains("Date (night 1 = 2025-07-10"));
    assert!(text.contains("2025-07-10"));
    // Each series is drawn in its own dash pattern (black and white).
    let dashes: Vec<Option<&str>> = with_class(&doc, "g", "series")
        .iter()
        .map(|g| {
            g.descendants()
                .find(|n| n.has_tag_name("polyline"))
                .unwrap()
                .attribute("stroke-dasharray")
        })
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
    assert_eq!(
        labels(&doc, "g", "leakers"),
        ["Kyiv 10 July 2025 raid, once a week"]
    );
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
    assert!(text.contains("Night (nights since the start)"));
    assert!(!text.contains("Date"));
    // 50 interceptors at 10 a night: nights 1 to 5 defended, the first
    // shortfall on night 6, marked on the line at x of night 6.
    assert_eq!(labels(&doc, "g", "series"), ["Plain"]);
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
    assert_eq!(cell("0", "0"), "stockpile = 100, missiles_per_night = 6: 9");
    assert_eq!(
        cell("2", "0"),
        "stockpile = 300, missiles_per_night = 6: 25"
    );
    let text = all_text(&doc);
    assert!(text.contains("Nights fully defended by stockpile and missiles_per_night"));
    assert!(text.contains("stockpile (interceptors)"));
    assert!(text.contains("missiles_per_night (missiles a night)"));
}

#[test]
fn sweep_chart_needs_two_keys_and_the_whole_grid() {
    let dir = scratch("sweep-usage");
    let chart = dir.join("one.svg");
    let one_key = magdepth(&[
        "sweep",
        "scenarios/dozen-a-night-ten-delivered.yaml",
        "--vary",
        "stockpile=100..300:100",
        "--chart",
        s(&chart),
    ]);
    assert_eq!(one_key.status.code(), Some(2));
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
    assert!(text.contains("nights fully defended (nights)"));
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
    assert_eq!(html.matches("<svg").count(), n + 1);
    assert!(html.matches("<table>").count() > n);
    assert!(html.contains("<h2>Comparison</h2>"));
    assert!(html.contains(&format!("magdepth {}", env!("CARGO_PKG_VERSION"))));
    assert!(html.contains("Expected values along one path"));
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
