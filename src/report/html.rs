//! One self-contained HTML page to send to someone without a Rust
//! toolchain: the comparison table, each scenario's summary, chart and
//! sources, the mode, seed and version that produced the numbers, and a
//! short account of the arithmetic.
//!
//! Each scenario's section shows its inputs too, every value the run used
//! (stockpiles, pk, raid sizes, capacity, costs, deliveries, production,
//! the attacker's arsenals, decoys and electronic warfare; ranges as
//! ranges, each with the source it cites), so readers see the assumptions.
//! Where the attacker has an arsenal, decoys or losses to electronic
//! warfare, a section tells that side's story in words; a Monte Carlo run
//! with ranges has a section on what drives the spread (a table and a
//! chart).
//!
//! Everything is inline (CSS in a `<style>` element, the charts' font as
//! `data:` URLs in it, charts as inline SVG): the page loads nothing from
//! elsewhere, so it opens offline, and it needs no script. On a phone
//! (narrower than 640 CSS pixels) each chart is drawn again in a narrow
//! layout ([`crate::chart::stock::NARROW`]) so its text stays at its size,
//! cells never break inside, and tables scroll sideways rather than
//! squash; `@media print` lays the page out for paper, one scenario a page.
//! All scenario text is escaped.

use super::grid::{
    Cell, Grid, compare_grid, distribution_grid, has_breakdown, interceptors_grid, policies_grid,
    summary_grid, threats_grid,
};
use super::inputs;
use crate::chart::drivers::{FIGURES, correlation, drivers_chart, input_words};
use crate::chart::events::{self, night_words, runs_out_first_words};
use crate::chart::names::{capitalised, range_words};
use crate::chart::stock::{NARROW, WIDE, stock_chart_width};
use crate::chart::{escape, font, inline};
use crate::model::{Raid, Tactic};
use crate::outcome::{Comparison, Outcome as ScenarioReport};
use crate::sim::Mode;
use std::fmt::Write;

const STYLE: &str = "\
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif;
  margin: 0 auto; max-width: 1040px; padding: 1rem 1.25rem 3rem; line-height: 1.45; color: #111; background: #fff; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #333; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p, li { max-width: 46rem; }
.meta { color: #333; font-size: .95rem; }
.meta dt { font-weight: 600; float: left; clear: left; margin-right: .5rem; }
.meta dd { margin: 0 0 .2rem 0; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: .4rem 0 .8rem; }
table { border-collapse: collapse; font-size: .88rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid #b8b8b8; padding: .22rem .5rem; text-align: left; vertical-align: top; }
td { white-space: nowrap; }
th { background: #eef0f3; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.prose { white-space: normal; min-width: 14rem; max-width: 28rem; }
.story p { margin: .3rem 0; }
.note { font-size: .85rem; color: #333; margin: .2rem 0; }
figure { margin: 1rem 0; }
figure svg { display: block; width: 100%; height: auto; max-width: 100%; border: 1px solid #ddd; }
figure svg.narrow { display: none; max-width: 480px; }
details.resolved pre { overflow-x: auto; font-size: .8rem; background: #f6f6f6; padding: .5rem; }
figcaption { font-size: .85rem; color: #333; }
.file { font-family: ui-monospace, \"SFMono-Regular\", Menlo, Consolas, monospace; font-size: .9em; }
nav ol { padding-left: 1.4rem; }
footer { margin-top: 2.5rem; border-top: 1px solid #999; padding-top: .5rem; font-size: .85rem; color: #333; }
@media (max-width: 640px) {
  body { padding: .6rem .6rem 2rem; }
  h1 { font-size: 1.3rem; }
  table { font-size: .78rem; }
  th, td { padding: .15rem .3rem; }
  figure svg.wide { display: none; }
  figure svg.narrow { display: block; }
}
@media print {
  @page { margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  .table-wrap { overflow: visible; }
  table { font-size: 8.5pt; }
  th { background: none; }
  nav { display: none; }
  section.scenario { break-before: page; }
  figure, table, .meta { break-inside: avoid; }
  figure svg { border: none; }
  figure svg.wide { display: block; }
  figure svg.narrow { display: none; }
  a { color: inherit; text-decoration: none; }
}
";

/// The page for the scenarios of `comparison` (its baseline, if any, is
/// shown as a change in the comparison table).
pub fn render(comparison: &Comparison<'_>) -> String {
    let runs = &comparison.rows;
    let version = env!("CARGO_PKG_VERSION");
    let title = match runs.as_slice() {
        [one] => format!("magdepth report: {}", one.scenario.name),
        _ => format!("magdepth report: {} scenarios", runs.len()),
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"magdepth {version}\">\n\
         <title>{}</title>\n<style>\n{}{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        escape(&title),
        font_faces(),
        escape(&title)
    );
    out.push_str(
        "<p>How many nights the interceptors last, and what leaks through after that: \
         magazine-depth arithmetic on the scenarios below. The results are arithmetic on \
         the inputs, not a forecast.</p>\n",
    );
    out.push_str("<dl class=\"meta\">\n");
    let _ = writeln!(
        out,
        "<dt>Mode</dt><dd>{}</dd>",
        escape(&mode_text(runs.first()))
    );
    let _ = writeln!(out, "<dt>Version</dt><dd>magdepth {version}</dd>");
    let _ = writeln!(out, "<dt>Scenarios</dt><dd>{}</dd>", runs.len());
    out.push_str("</dl>\n</header>\n");

    if runs.len() > 1 {
        out.push_str("<nav>\n<h2>Contents</h2>\n<ol>\n");
        for (i, run) in runs.iter().enumerate() {
            let _ = writeln!(
                out,
                "<li><a href=\"#scenario-{}\">{}</a></li>",
                i + 1,
                escape(&run.scenario.name)
            );
        }
        out.push_str("</ol>\n</nav>\n");
    }

    out.push_str("<section class=\"comparison\">\n<h2>Comparison</h2>\n");
    out.push_str(&table(
        &compare_grid(comparison),
        Some("The scenarios side by side"),
    ));
    if runs.len() > 1 {
        out.push_str(&stock_figure(
            runs,
            &format!(
                "The stock of every scenario over time, with {} beneath.",
                beneath(runs)
            ),
        ));
    }
    out.push_str("</section>\n");

    for (i, run) in runs.iter().enumerate() {
        out.push_str(&scenario_section(i + 1, run));
    }

    out.push_str(ARITHMETIC);
    let _ = write!(
        out,
        "<footer>\n<p>Made by magdepth {version}. {}</p>\n\
         <p>This page is self-contained: it loads nothing from the network and needs no \
         script.</p>\n</footer>\n</body>\n</html>\n",
        escape(&mode_text(runs.first()))
    );
    out
}

/// The mode, trials and seed, in words.
fn mode_text(run: Option<&ScenarioReport<'_>>) -> String {
    match run.map(|r| &r.simulation.summary) {
        Some(s) if s.mode == Mode::MonteCarlo => format!(
            "Monte Carlo: {} trials, seed {} (the same seed gives the same figures). \
             Figures are means over trials unless marked as percentiles; first shortfall \
             and exhausted nights are medians.",
            s.trials.unwrap_or(0),
            s.seed.unwrap_or(0)
        ),
        Some(s) if s.mode == Mode::Exact => {
            "Exact: nothing is random, so the figures are the exact whole numbers.".to_string()
        }
        _ => "The mean path: one path through the means, not the expected outcome.".to_string(),
    }
}

fn scenario_section(number: usize, run: &ScenarioReport<'_>) -> String {
    let scenario = run.scenario;
    let summary = &run.simulation.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<section class=\"scenario\" id=\"scenario-{number}\">\n<h2>{}</h2>",
        escape(&scenario.name)
    );
    let _ = writeln!(
        out,
        "<p class=\"note\">File: <span class=\"file\">{}</span>{}</p>",
        escape(run.file),
        scenario
            .start_date
            .map_or(String::new(), |d| format!("; night 1 is {d}"))
    );
    if let Some(description) = &scenario.description {
        let _ = writeln!(out, "<p>{}</p>", escape(description.trim()));
    }
    let one = std::slice::from_ref(run);
    out.push_str(&stock_figure(
        one,
        &format!(
            "The stock of {} over time, with {} beneath.",
            scenario.name,
            beneath(one)
        ),
    ));
    out.push_str("<h3>Summary</h3>\n");
    out.push_str(&table(&summary_grid(run), None));
    if let Some(grid) = distribution_grid(run) {
        out.push_str("<h3>Spread over trials</h3>\n");
        out.push_str(&table(&grid, None));
    }
    if has_breakdown(summary) {
        out.push_str("<h3>By interceptor type</h3>\n");
        out.push_str(&table(&interceptors_grid(run), None));
        out.push_str("<h3>By threat</h3>\n");
        out.push_str(&table(&threats_grid(run), None));
    }
    out.push_str(&attacker_section(run));
    out.push_str(&drivers_section(run));
    if let Some(grid) = policies_grid(run) {
        out.push_str("<h3>What the policies bought</h3>\n");
        out.push_str(&table(&grid, None));
    }
    out.push_str(&inputs_section(run));
    out.push_str("<h3>Sources</h3>\n");
    if scenario.sources.is_empty() {
        out.push_str("<p class=\"note\">The scenario cites no sources.</p>\n");
    } else {
        out.push_str("<ul class=\"sources\">\n");
        for source in &scenario.sources {
            let _ = writeln!(out, "<li>{}</li>", escape(source));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    out
}

/// What the stock chart draws beneath the stock, in words, for its caption.
fn beneath(runs: &[ScenarioReport<'_>]) -> &'static str {
    let arsenal = runs
        .iter()
        .any(|r| r.scenario.threats.iter().any(|t| t.arsenal.is_some()));
    if arsenal {
        "the attacker's arsenal and leakers per night"
    } else {
        "leakers per night"
    }
}

/// A chart in a figure with its caption: drawn twice, at the file width and
/// in the narrow layout, and the page's CSS shows the one that fits the
/// screen.
fn figure(wide: &str, narrow: &str, caption: &str) -> String {
    let classed = |svg: &str, class: &str| {
        inline(svg).replacen("<svg ", &format!("<svg class=\"{class}\" "), 1)
    };
    format!(
        "<figure>\n{}{}<figcaption>{}</figcaption>\n</figure>\n",
        classed(wide, "wide"),
        classed(narrow, "narrow"),
        escape(caption)
    )
}

/// The stock chart of `runs` in a figure.
fn stock_figure(runs: &[ScenarioReport<'_>], caption: &str) -> String {
    figure(
        &stock_chart_width(runs, WIDE),
        &stock_chart_width(runs, NARROW),
        caption,
    )
}

/// The attacker's side in words, for a run whose attacker has an arsenal,
/// decoys or losses to electronic warfare; empty otherwise.
fn attacker_section(run: &ScenarioReport<'_>) -> String {
    let story = attacker_story(run);
    if story.is_empty() {
        return String::new();
    }
    let mut out = String::from("<h3>The attacker's side</h3>\n<div class=\"story\">\n");
    for (i, sentence) in story.iter().enumerate() {
        if i == 0 && sentence.starts_with("Runs out first") {
            let _ = writeln!(out, "<p><strong>{}</strong></p>", escape(sentence));
        } else {
            let _ = writeln!(out, "<p>{}</p>", escape(sentence));
        }
    }
    out.push_str("</div>\n");
    out
}

/// A figure of the summary in words: whole numbers as they are, others to
/// two decimals.
fn figure_words(x: f64) -> String {
    Cell::Real(x).display()
}

/// The attacker's side in sentences: who runs out first; for each threat
/// with an arsenal, what it held, made, launched and kept, and the night it
/// runs dry (with what caps its raids after) or how it is massed; what
/// became of decoys; and what electronic warfare defeated. Figures are
/// the summary's: expected values, or means over trials (nights: medians).
fn attacker_story(run: &ScenarioReport<'_>) -> Vec<String> {
    let scenario = run.scenario;
    let summary = &run.simulation.summary;
    let monte_carlo = summary.mode == Mode::MonteCarlo;
    let median = if monte_carlo {
        ", the median over trials"
    } else {
        ""
    };
    let mut story = Vec::new();
    if scenario.threats.iter().any(|t| t.arsenal.is_some()) {
        story.push(format!("{}.", runs_out_first_words(run)));
    }
    for (i, (threat, totals)) in scenario.threats.iter().zip(&summary.by_threat).enumerate() {
        if let Some(arsenal) = &threat.arsenal {
            let made = match totals.produced {
                Some(made) if !arsenal.production.is_empty() => {
                    format!(
                        ", {} more made and arrived within the horizon",
                        figure_words(made)
                    )
                }
                _ => String::new(),
            };
            let capacity = arsenal
                .max_per_night
                .map_or(String::new(), |m| format!(", at most {m} a night"));
            story.push(format!(
                "{}: {} on hand before night 1{made}; {} launched over the {} nights{capacity}, \
                 and {} left after the last.",
                threat.name,
                figure_words(totals.arsenal_start.unwrap_or(arsenal.on_hand as f64)),
                figure_words(totals.launched),
                scenario.horizon_nights,
                figure_words(totals.arsenal_end.unwrap_or(0.0)),
            ));
            match (arsenal.tactic, events::dry_night(run, i)) {
                (Tactic::Mass { when }, _) => story.push(format!(
                    "The {} arsenal is massed: fire is held until {when} are on hand, then \
                     everything on hand is fired{capacity}.",
                    threat.name
                )),
                (Tactic::Steady, Some(night)) => {
                    let plan = match threat.raid {
                        Raid::Every(n) => format!(" of {n}"),
                        _ => String::new(),
                    };
                    let rate: f64 = arsenal
                        .production
                        .iter()
                        .filter(|p| {
                            let n = night.round() as u32;
                            p.first_night + p.lead_time_nights <= n
                                && n <= p.last_night + p.lead_time_nights
                        })
                        .map(|p| p.per_night)
                        .sum();
                    let after = if rate > 0.0 {
                        format!(
                            "production of {} a night ({} a month) caps every raid from then on",
                            figure_words(rate),
                            figure_words(rate * 30.4375)
                        )
                    } else {
                        "with nothing more made, its raids stop once it is empty".to_string()
                    };
                    story.push(format!(
                        "{}{median}: the {} arsenal cannot fill its planned raid{plan}; {after}.",
                        capitalised(&night_words(scenario, night)),
                        threat.name
                    ));
                }
                (Tactic::Steady, None) => story.push(format!(
                    "The {} arsenal fills every planned raid within the horizon{}.",
                    threat.name,
                    if monte_carlo {
                        " in at least half of the trials"
                    } else {
                        ""
                    }
                )),
            }
        }
        if let (Some(decoy), Some(counts)) = (threat.decoy, totals.decoys) {
            let recognised = if decoy.discrimination > 0.0 {
                format!(
                    " (a share of {} is recognised as decoys and not engaged)",
                    Cell::Probability(decoy.discrimination).display()
                )
            } else {
                String::new()
            };
            story.push(format!(
                "{} are decoys: {} destroyed, {} engaged and missed, {} never engaged{recognised}. \
                 None of them count as leakers, but every one engaged cost interceptors.",
                capitalised(&threat.name),
                figure_words(counts.destroyed),
                figure_words(counts.missed),
                figure_words(counts.unengaged),
            ));
        }
        if threat.lost_to_ew > 0.0 || totals.lost_to_ew > 0.0 {
            story.push(format!(
                "{} of the {} launched {} were lost to electronic warfare before engagement (a \
                 share of {}), at no interceptor cost.",
                figure_words(totals.lost_to_ew),
                figure_words(totals.launched),
                threat.name,
                Cell::Probability(threat.lost_to_ew).display()
            ));
        }
    }
    story
}

/// What drives the spread, for a Monte Carlo run with ranges: each
/// input's rank correlation with the headline figures, as a table and a
/// chart; empty otherwise.
fn drivers_section(run: &ScenarioReport<'_>) -> String {
    let summary = &run.simulation.summary;
    let (Some(wide), Some(narrow)) = (drivers_chart(run, WIDE), drivers_chart(run, NARROW)) else {
        return String::new();
    };
    let scenario = run.scenario;
    let source_of = |key: &str| {
        scenario
            .uncertain
            .iter()
            .find(|u| u.key == key)
            .and_then(|u| u.source.clone())
            .or_else(|| {
                scenario
                    .value_sources
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, s)| s.clone())
            })
            .unwrap_or_default()
    };
    let mut headers = vec!["input".to_string(), "range".to_string()];
    headers.extend(FIGURES.iter().map(|f| crate::cell::label(f.name())));
    headers.push("source".to_string());
    let rows =
        summary
            .drivers
            .iter()
            .map(|d| {
                let range = scenario
                    .uncertain
                    .iter()
                    .find(|u| u.key == d.input)
                    .map_or(String::new(), |u| range_words(&u.range));
                let words = input_words(run, &d.input);
                let words = words.split(", ").next().unwrap_or(&words).to_string();
                let mut row = vec![Cell::Text(words), Cell::Text(range)];
                row.extend(FIGURES.iter().map(|&f| {
                    correlation(d, f).map_or(Cell::Text("no spread".into()), Cell::Real)
                }));
                row.push(Cell::Text(source_of(&d.input)));
                row
            })
            .collect();
    let grid = Grid {
        rows,
        notes: vec![format!(
            "Spearman's rank correlation over the {} trials between each input's draw and each \
             figure, from −1 to 1, strongest first: near +1 the figure rises with the input, \
             near −1 it falls, near 0 the input hardly moves it; \"no spread\": the input or the \
             figure never varied. The ranks come from counts of trials per value of each \
             figure, so memory does not grow with the trials.",
            summary.trials.unwrap_or(0)
        )],
        headers,
    };
    let source_column = grid.headers.len() - 1;
    let mut out = String::from("<h3>What drives the spread</h3>\n");
    out.push_str(&table_with(&grid, None, Some(source_column)));
    out.push_str(&figure(
        &wide,
        &narrow,
        &format!(
            "What drives the spread of {}: each range's rank correlation with a headline figure.",
            scenario.name
        ),
    ));
    out
}

/// The inputs of one run: every value it used, defaults filled in, ranges
/// as ranges and each with its source, as tables, and the resolved
/// scenario as YAML to copy.
fn inputs_section(run: &ScenarioReport<'_>) -> String {
    let scenario = run.scenario;
    let mut out = String::from("<h3>Inputs</h3>\n<div class=\"inputs\">\n");
    if !scenario.uncertain.is_empty() {
        out.push_str(
            "<p class=\"note\">A figure given as a range (\"100 to 300\", uniform; or \"150 to \
             400, most likely 300\", triangular) is drawn once per Monte Carlo trial and holds \
             for the whole campaign; the expected path uses its mean.</p>\n",
        );
    }
    for input in inputs::tables(scenario) {
        out.push_str(&table_with(&input.grid, input.caption, input.source_column));
    }
    let _ = write!(
        out,
        "<details class=\"resolved\">\n<summary>The resolved scenario (YAML, every default \
         filled in)</summary>\n<pre>{}</pre>\n</details>\n</div>\n",
        escape(&crate::explain::resolved_yaml(scenario))
    );
    out
}

/// `@font-face` rules that give the inline charts the font they were laid
/// out in, from `data:` URLs, so they look the same on every screen.
fn font_faces() -> String {
    let face = |data: &[u8], weight: &str| {
        format!(
            "@font-face {{ font-family: \"{}\"; font-weight: {weight}; \
             src: url(data:font/ttf;base64,{}) format(\"truetype\"); }}\n",
            font::FAMILY,
            base64(data)
        )
    };
    face(font::REGULAR, "normal") + &face(font::BOLD, "bold")
}

/// Standard base64 with padding (RFC 4648).
fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A grid as an HTML table in a wrapper that scrolls sideways on a narrow
/// screen, with its notes beneath.
pub fn table(grid: &Grid, caption: Option<&str>) -> String {
    table_with(grid, caption, None)
}

/// [`table`], with the cells of column `prose` (sources, in words) wrapping
/// at spaces where every other cell keeps to one line.
fn table_with(grid: &Grid, caption: Option<&str>, prose: Option<usize>) -> String {
    let mut out = String::from("<div class=\"table-wrap\">\n<table>\n");
    if let Some(caption) = caption {
        let _ = writeln!(out, "<caption>{}</caption>", escape(caption));
    }
    out.push_str("<thead><tr>");
    for header in &grid.headers {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &grid.rows {
        out.push_str("<tr>");
        for (column, cell) in row.iter().enumerate() {
            let class = if Some(column) == prose {
                " class=\"prose\""
            } else if matches!(cell, Cell::Text(_)) {
                ""
            } else {
                " class=\"num\""
            };
            let _ = write!(out, "<td{class}>{}</td>", escape(&cell.display()));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    for note in &grid.notes {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(note));
    }
    out
}

const ARITHMETIC: &str = "\
<section class=\"arithmetic\">
<h2>How the numbers are worked out</h2>
<p>Each scenario is worked through night by night. On each night the deliveries due arrive \
first; then each threat's raid is engaged, threats in the order listed (or by priority), each \
missile by the interceptor types assigned to it in order of preference, the next type firing \
only when the preferred one cannot fire a full salvo. A missile takes \
<em>interceptors per kill</em> interceptors; missiles that cannot be engaged for want of stock \
or fire capacity leak through. The stock falls by the interceptors expended.</p>
<p>With certain kills (no kill probability given) every engaged missile is destroyed, and \
with fixed raids the figures are exact whole numbers: a dozen missiles at two interceptors \
each is 24 interceptors a night, so 100 interceptors last four nights. With a kill \
probability <em>p</em>, a salvo of <em>k</em> kills with probability 1 &minus; (1 &minus; \
<em>p</em>)<sup><em>k</em></sup>, and the missiles that survive are leakers too.</p>
<p>Where nothing is random the figures are <strong>exact</strong>; otherwise, by default, \
<strong>Monte Carlo</strong> runs many trials, each drawing every raid and every shot and spending whole interceptors, \
and reports means and the 5th, 50th and 95th percentiles over trials; the charts show the \
median stock with the band from the 5th to the 95th percentile shaded. <strong>The mean \
path</strong> (asked for with <code>--mode mean-path</code>) follows one path through the \
means, raid sizes at their means and kills at their probabilities: it is not the expected \
outcome, for it never has the large nights on which a stock or a fire capacity binds.</p>
<p><em>Nights fully defended</em> counts the nights before the first shortfall night, the \
first night on which missiles went unengaged for want of interceptors; the \
<em>exhausted night</em> is the first night that ends with too few interceptors to engage \
one more missile.</p>
<p><strong>The attacker's side.</strong> A threat with an <em>arsenal</em> launches only what \
it has: what was on hand before night 1 plus what its production has delivered, at most its \
launch capacity a night. Fired steadily, each night's raid is the planned one as far as the \
arsenal allows; the night it first cannot fill the plan, it <em>runs dry</em>. Massed, it \
holds fire until a given number are on hand and then fires them all. <em>Decoys</em> cost \
interceptors when engaged but are never leakers; objects lost to <em>electronic warfare</em> \
are defeated before engagement at no interceptor cost. <em>Runs out first</em> names the side \
that ran out first: the defence on its first shortfall for want of stock, the attack on the \
night an arsenal runs dry.</p>
<p><strong>Ranges.</strong> A figure given as a range is drawn once per Monte Carlo trial and \
holds for the whole campaign; the expected path uses its mean. <em>What drives the \
spread</em> ranks the ranges by Spearman's rank correlation, over the trials, between each \
one's draw and the headline figures.</p>
</section>
";

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_as_the_rfc_gives_it() {
        // RFC 4648, section 10.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }
}
