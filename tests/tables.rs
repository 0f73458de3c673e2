//! The text formats: tables within 80 columns, money in units, dates beside
//! nights, the attacker's side and the drivers in every format, and text
//! from a scenario that cannot attack a terminal or a Markdown page. The
//! scenarios are built from YAML and, for the keys the format does not take
//! yet (arsenals, decoys, electronic warfare, ranges), in the model.

use magdepth::explain;
use magdepth::model::{Arsenal, Decoy, Output, Scenario, Tactic};
use magdepth::outcome::{Comparison, Outcome};
use magdepth::report::wrap::width;
use magdepth::report::{CheckResult, CheckStatus, Format, TableStyle, exporter};
use magdepth::scenario::parse_scenario;
use magdepth::sim::{Method, Simulation, simulate};
use magdepth::uncertain::{Input, Range, Uncertain};
use std::path::Path;

fn load(yaml: &str) -> Scenario {
    parse_scenario(yaml, "test.yaml", "test").unwrap_or_else(|e| panic!("{e}"))
}

fn run_text(format: Format, scenario: &Scenario, sim: &Simulation, nights: bool) -> String {
    let outcome = Outcome::new("test.yaml", scenario, sim);
    exporter(format, TableStyle::PLAIN).run(&[outcome], nights)
}

fn json(scenario: &Scenario, sim: &Simulation) -> serde_json::Value {
    serde_json::from_str(&run_text(Format::Json, scenario, sim, false)).unwrap()
}

/// Every line of `text` within 80 columns.
fn assert_fits(text: &str) {
    for line in text.lines() {
        assert!(width(line) <= 80, "{} columns: {line}\n{text}", width(line));
    }
}

/// 4 ballistic missiles a night at 2 interceptors each from 100 PAC-3, 5
/// nights from 10 July 2025, against an arsenal of 10 (and `production`).
fn ballistic_arsenal(production: Vec<Output>) -> Scenario {
    let mut s = load(
        "
name: Arsenal
start_date: 2025-07-10
horizon_nights: 5
interceptors:
  pac3-mse: { stockpile: 100 }
threats:
  ballistic: { missiles_per_night: 4, engaged_by: [pac3-mse], interceptors_per_kill: 2 }
",
    );
    s.threats[0].arsenal = Some(Arsenal {
        on_hand: 10,
        production,
        max_per_night: None,
        tactic: Tactic::Steady,
    });
    s
}

#[test]
fn an_arsenal_that_runs_dry_in_every_format() {
    // Night 1 fires 4 (6 left), night 2 fires 4 (2 left), night 3 plans 4
    // and fires the last 2: its dry night, 3 (12 July 2025). Nothing is
    // made, so nights 4 and 5 launch nothing. The defence spends 2 a
    // missile, 20 in all, and never runs short: the attack runs out first.
    let s = ballistic_arsenal(Vec::new());
    let sim = simulate(&s, Method::MeanPath, &|_| {});
    let j = json(&s, &sim);
    let summary = &j["summary"];
    assert_eq!(
        summary["runs_out_first"],
        serde_json::json!({"side": "attack", "night": 3, "date": "2025-07-12", "name": "ballistic"})
    );
    let threat = &summary["by_threat"][0];
    assert_eq!(threat["arsenal_start"], 10);
    assert_eq!(threat["produced"], 0);
    assert_eq!(threat["arsenal_end"], 0);
    assert_eq!(threat["dry_night"], 3);
    assert_eq!(threat["dry_date"], "2025-07-12");
    assert_eq!(summary["expended"], 20);
    // No shortfall: both nights null, and so their dates.
    assert_eq!(summary["first_shortfall_night"], serde_json::Value::Null);
    assert_eq!(summary["first_shortfall_date"], serde_json::Value::Null);
    // The arsenal night by night, in total and per threat.
    let left: Vec<i64> = (0..5)
        .map(|n| j["nights"][n]["arsenal_end"].as_i64().unwrap())
        .collect();
    assert_eq!(left, [6, 2, 0, 0, 0]);
    assert_eq!(
        j["nights"][0]["by_threat"],
        serde_json::json!([{"name": "ballistic", "arsenal_end": 6}])
    );
    // The resolved scenario carries the arsenal.
    assert_eq!(
        j["scenario"]["threats"]["ballistic"]["arsenal"],
        serde_json::json!({"on_hand": 10, "production": [], "tactic": "steady"})
    );

    let table = run_text(Format::Table, &s, &sim, true);
    assert!(
        table.contains("| runs out first           | attack, night 3, 2025-07-12 (ballistic) |"),
        "{table}"
    );
    assert!(
        table.contains("| ballistic |            10 |        0 |           0 | 3 (2025-07-12) |"),
        "{table}"
    );
    assert!(table.contains("arsenal end"), "{table}");
    assert_fits(&table);
    let markdown = run_text(Format::Markdown, &s, &sim, true);
    assert!(
        markdown.contains("| runs out first | attack, night 3, 2025-07-12 (ballistic) |"),
        "{markdown}"
    );
    let csv = run_text(Format::Csv, &s, &sim, true);
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(",by_threat.ballistic.arsenal_end"),
        "{header}"
    );
    assert!(csv.lines().nth(1).unwrap().ends_with(",6,,6"), "{csv}");
    let csv = run_text(Format::Csv, &s, &sim, false);
    assert!(csv.contains(",attack,3,2025-07-12,ballistic,"), "{csv}");

    let words = explain::explain(&s, &sim);
    assert!(
        words.contains(
            "Night 3 (2025-07-12): the ballistic arsenal is empty, and no more are made."
        ),
        "{words}"
    );
    assert!(
        words.contains(
            "The attack runs out first: night 3 (2025-07-12), when the ballistic arsenal \
             cannot fill its planned raid."
        ),
        "{words}"
    );
}

#[test]
fn production_caps_the_raids_after_the_dry_night() {
    // One missile made a night, arriving before the raid: night 1 holds 11
    // and fires 4 (7 left), night 2 holds 8 (4 left), night 3 holds 5 (1
    // left), night 4 holds 2 and fires both: dry night 4 (13 July). Night
    // 5 fires the one made that night. 1 a night is 30.4375 a month.
    let s = ballistic_arsenal(vec![Output {
        per_night: 1.0,
        first_night: 1,
        last_night: 5,
        lead_time_nights: 0,
    }]);
    let sim = simulate(&s, Method::MeanPath, &|_| {});
    let left: Vec<f64> = sim.nights.iter().map(|n| n.arsenal_end.unwrap()).collect();
    assert_eq!(left, [7.0, 4.0, 1.0, 0.0, 0.0]);
    let story = explain::attacker_story(&s, &sim);
    assert_eq!(
        story[0],
        "Night 4 (2025-07-13): the ballistic arsenal is empty; production of 30.44 a month \
         now caps every raid at 1."
    );
}

#[test]
fn decoys_and_electronic_warfare_are_shown_apart_from_leakers() {
    // 10 decoys a night, none recognised, engaged at 1 interceptor each
    // with certain kills: all destroyed, none leak. Half of the 4 ballistic
    // missiles a night are lost to electronic warfare: 2 a night, 4 over
    // 2 nights; the other 2 take 2 interceptors each.
    let mut s = load(
        "
name: Decoys
horizon_nights: 2
interceptors:
  pac3-mse: { stockpile: 1000 }
threats:
  ballistic: { missiles_per_night: 4, engaged_by: [pac3-mse], interceptors_per_kill: 2 }
  decoys: { missiles_per_night: 10, engaged_by: [pac3-mse], interceptors_per_kill: 1 }
",
    );
    s.threats[0].lost_to_ew = 0.5;
    s.threats[1].decoy = Some(Decoy {
        discrimination: 0.0,
    });
    let sim = simulate(&s, Method::MeanPath, &|_| {});
    assert_eq!(sim.summary.lost_to_ew, 4.0);
    let table = run_text(Format::Table, &s, &sim, false);
    assert!(
        table.contains("| decoys destroyed         |        20 |"),
        "{table}"
    );
    assert!(table.contains("Decoys are never leakers"), "{table}");
    assert!(
        table.contains("| threat    | launched | lost to ew | engaged | leakers |"),
        "{table}"
    );
    assert!(
        table.contains("| decoys    |       20 |          0 |      20 |       0 |"),
        "{table}"
    );
    assert!(
        table.contains("| decoy threat | launched | destroyed | missed | unengaged |"),
        "{table}"
    );
    assert_fits(&table);
    let j = json(&s, &sim);
    assert_eq!(j["summary"]["decoys"]["destroyed"], 20);
    assert_eq!(j["summary"]["by_threat"][0]["lost_to_ew"], 4);
    let words = explain::attacker_story(&s, &sim);
    assert!(
        words[0].starts_with("Electronic warfare defeats 50% of the ballistic"),
        "{words:?}"
    );
    assert!(words[1].contains("Decoys are never leakers"), "{words:?}");
}

/// 12 a night at 2 per kill from a stockpile given as a range, 30 nights.
fn ranged_stockpile() -> Scenario {
    let mut s = load(
        "
name: Ranged
stockpile: 200
interceptors_per_kill: 2
missiles_per_night: 12
horizon_nights: 30
",
    );
    s.uncertain.push(Uncertain {
        key: "stockpile".into(),
        range: Range::Between {
            low: 100.0,
            high: 300.0,
        },
        whole: true,
        input: Input::Stockpile { interceptor: 0 },
        source: Some("HUR, May 2025: 'about 200'".into()),
    });
    s
}

#[test]
fn drivers_and_ranges_in_every_format() {
    let s = ranged_stockpile();
    let sim = simulate(
        &s,
        Method::MonteCarlo {
            trials: 2000,
            seed: 1,
        },
        &|_| {},
    );
    let table = run_text(Format::Table, &s, &sim, false);
    assert!(
        table.contains("| input     | nights fully defended | leakers | first shortfall night |"),
        "{table}"
    );
    assert!(table.contains("What drives the spread"), "{table}");
    assert_fits(&table);
    let markdown = run_text(Format::Markdown, &s, &sim, false);
    assert!(markdown.contains("| stockpile |"), "{markdown}");
    let csv = run_text(Format::Csv, &s, &sim, false);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with("drivers.stockpile.nights_fully_defended,drivers.stockpile.leakers,drivers.stockpile.first_shortfall_night"),
        "{csv}"
    );
    let j = json(&s, &sim);
    assert_eq!(j["summary"]["drivers"][0]["input"], "stockpile");
    assert!(
        j["summary"]["drivers"][0]["nights_fully_defended"]
            .as_f64()
            .unwrap()
            > 0.9
    );
    assert_eq!(
        j["scenario"]["uncertain"],
        serde_json::json!([{"input": "stockpile", "between": [100, 300], "mean": 200,
            "source": "HUR, May 2025: 'about 200'"}])
    );

    // The mean path says what it did with the range.
    let path = simulate(&s, Method::MeanPath, &|_| {});
    let table = run_text(Format::Table, &s, &path, false);
    assert!(
        table.contains(
            "The mean path uses each range's mean and ignores its spread (stockpile 200);"
        ),
        "{table}"
    );
    let words = explain::explain(&s, &path);
    assert!(
        words.contains(
            "stockpile: between 100 and 300, mean 200; source: HUR, May 2025: 'about 200'"
        ),
        "{words}"
    );
    assert!(
        words.contains("The mean path below uses each range's mean"),
        "{words}"
    );
}

#[test]
fn night_figures_carry_their_dates_in_the_spread() {
    // 100 interceptors, 12 a night at 2 each: the stock covers 4 nights
    // and falls short on night 5 in every trial, 14 July 2025 from the
    // 10th; a certain scenario's trials all agree.
    let s = load(
        "
stockpile: 100
interceptors_per_kill: 2
missiles_per_night: 12
horizon_nights: 30
start_date: 2025-07-10
",
    );
    let sim = simulate(&s, Method::MonteCarlo { trials: 5, seed: 1 }, &|_| {});
    let j = json(&s, &sim);
    let spread = &j["summary"]["distribution"]["first_shortfall_night"];
    assert_eq!(spread["p50"], 5);
    assert_eq!(spread["p50_date"], "2025-07-14");
    assert_eq!(spread.get("mean_date"), None);
    assert_eq!(j["summary"]["first_shortfall_date"], "2025-07-14");
    assert_eq!(
        j["summary"]["distribution"]["leakers"].get("p50_date"),
        None
    );
    let table = run_text(Format::Table, &s, &sim, false);
    assert!(
        table.contains("|    5 | 5 (2025-07-14) | 5 (2025-07-14) | 5 (2025-07-14) |"),
        "{table}"
    );
    let csv = run_text(Format::Csv, &s, &sim, false);
    assert!(csv.contains("first_shortfall_night_p50,first_shortfall_night_p50_date"));
    assert!(csv.contains(",5,2025-07-14,"), "{csv}");
}

#[test]
fn money_reads_in_units_for_people_and_raw_for_machines() {
    let s = load(
        "
name: Costs
horizon_nights: 10
interceptors:
  pac3-mse: { stockpile: 300, unit_cost: 4.2e6 }
threats:
  ballistic: { missiles_per_night: 6, engaged_by: [pac3-mse], interceptors_per_kill: 2, unit_cost: 209969515.58 }
",
    );
    // 10 nights × 6 missiles × 2 = 120 interceptors at 4.2 M: 504 M; 60
    // missiles at 209,969,515.58: 12,598,170,934.8, 12.6 bn to three figures.
    let sim = simulate(&s, Method::MeanPath, &|_| {});
    let table = run_text(Format::Table, &s, &sim, false);
    let row = |field: &str| {
        let line = table
            .lines()
            .find(|l| l.starts_with(&format!("| {field} ")));
        line.unwrap_or_default().trim_end_matches(" |").to_string()
    };
    assert!(row("interceptor spend").ends_with(" 504 M"), "{table}");
    assert!(row("threat cost").ends_with(" 12.6 bn"), "{table}");
    let markdown = run_text(Format::Markdown, &s, &sim, false);
    assert!(markdown.contains("| threat cost | 12.6 bn |"), "{markdown}");
    let csv = run_text(Format::Csv, &s, &sim, false);
    assert!(csv.contains(",504000000,12598170934.8,"), "{csv}");
    assert_eq!(json(&s, &sim)["summary"]["threat_cost"], 12598170934.8);
}

#[test]
fn every_table_fits_80_columns_and_keeps_its_words() {
    let long = "Poisson dozen, pk 0.7, shoot-look-shoot, with an extraordinarily long \
                name that no column could hold on one line";
    let mut a = ballistic_arsenal(Vec::new());
    a.name = long.into();
    a.description = Some(format!("{long}. {long}."));
    a.sources = vec![format!("{long}: a source"), "x".repeat(120)];
    let b = ranged_stockpile();
    let c = load(
        "
name: Patriot reserve and rationing, at length
start_date: 2025-07-10
horizon_nights: 20
interceptors:
  pac3-mse: { stockpile: 200, reserve: 20, unit_cost: 4.2e6, launchers: 4, rounds_per_launcher: 4 }
  nasams-with-a-very-long-type-name: { stockpile: 150, pk: 0.7, engagements_per_night: 8 }
threats:
  ballistic: { missiles_per_night: 6, engaged_by: [pac3-mse], interceptors_per_kill: 2, priority: 1 }
  cruise: { missiles_per_night: { poisson: 8 }, engaged_by: [nasams-with-a-very-long-type-name, pac3-mse], interceptors_per_kill: 2 }
",
    );
    let methods = [
        Method::MeanPath,
        Method::MonteCarlo {
            trials: 200,
            seed: 2,
        },
    ];
    let scenarios = [&a, &b, &c];
    for method in methods {
        let sims: Vec<Simulation> = scenarios
            .iter()
            .map(|s| simulate(s, method, &|_| {}))
            .collect();
        let outcomes: Vec<Outcome<'_>> = scenarios
            .iter()
            .zip(&sims)
            .map(|(s, sim)| Outcome::new("scenarios/a-file-name.yaml", s, sim))
            .collect();
        let table = exporter(Format::Table, TableStyle::PLAIN);
        for nights in [false, true] {
            assert_fits(&table.run(&outcomes, nights));
        }
        let compare = table.compare(&Comparison {
            rows: outcomes.clone(),
            baseline: Some(outcomes[2]),
        });
        assert_fits(&compare);
        // Words wrap whole: no "shoot-l" / "ook-shoot".
        assert!(compare.contains("shoot-look-shoot,"), "{compare}");
        // Rows of several lines are ruled off; one-line rows are not.
        assert!(compare.contains("|-"), "{compare}");
    }
    // Scenarios in different modes side by side: each in its own.
    let expected = simulate(&c, Method::MeanPath, &|_| {});
    let trials = simulate(&b, methods[1], &|_| {});
    let mixed = exporter(Format::Table, TableStyle::PLAIN).compare(&Comparison {
        rows: vec![
            Outcome::new("c.yaml", &c, &expected),
            Outcome::new("b.yaml", &b, &trials),
        ],
        baseline: None,
    });
    assert_fits(&mixed);
    assert!(mixed.contains("| mean-path"), "{mixed}");
    assert!(mixed.contains("| monte-carlo"), "{mixed}");
    let check = exporter(Format::Table, TableStyle::PLAIN).check(&[CheckResult {
        file: format!("scenarios/{}.yaml", "long-".repeat(20)),
        name: Some(long.into()),
        status: CheckStatus::Ok,
        errors: Vec::new(),
    }]);
    assert_fits(&check);
}

#[test]
fn a_wide_terminal_gets_one_line_rows() {
    let s = load(
        "stockpile: 100\ninterceptors_per_kill: 2\nmissiles_per_night: 12\nstart_date: 2025-07-10\n",
    );
    let sim = simulate(&s, Method::MeanPath, &|_| {});
    let outcome = Outcome::new("scenarios/dozen.yaml", &s, &sim);
    let wide = TableStyle {
        width: 200,
        ..TableStyle::PLAIN
    };
    let compare = exporter(Format::Table, wide).compare(&Comparison {
        rows: vec![outcome],
        baseline: None,
    });
    // Headers on one line each, and no rule between rows.
    assert!(
        compare.contains("| scenario | nights fully defended | first shortfall night |"),
        "{compare}"
    );
    assert_eq!(compare.lines().filter(|l| l.starts_with("+")).count(), 3);
    // At 80 columns, the nights table drops the columns that do not fit
    // and names them.
    let nights = run_text(Format::Table, &s, &sim, true);
    assert!(
        nights.contains("Left out to fit 80 columns: stock start, engaged."),
        "{nights}"
    );
    let wide_nights = exporter(Format::Table, wide).run(&[outcome], true);
    assert!(!wide_nights.contains("Left out"), "{wide_nights}");
}

/// A scenario whose text tries to take over a terminal and a page.
fn hostile() -> Scenario {
    let mut s = load(
        "
name: plain
horizon_nights: 3
interceptors:
  pac3: { stockpile: 10 }
threats:
  ballistic: { missiles_per_night: 4, engaged_by: [pac3], interceptors_per_kill: 2 }
",
    );
    s.name = "\u{1b}]0;owned\u{7}\u{1b}[2J".into();
    s.description = Some(
        "# Owned\n\n| a | b |\n|---|---|\n<script>alert(1)</script> <img src=x \
         onerror=alert(1)> [click](javascript:alert(1)) \u{1b}[31mred"
            .into(),
    );
    s.sources = vec![
        "<script>alert(2)</script>".into(),
        "- [x](javascript:alert(3)) \u{9b}2J".into(),
    ];
    s.threats[0].name = "a|b\u{1b}[5m".into();
    s.interceptors[0].name = "=HYPERLINK(\"http://x\")".into();
    s
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let s = hostile();
    let sim = simulate(&s, Method::MeanPath, &|_| {});
    let outcome = Outcome::new("hostile\u{1b}[2J.yaml", &s, &sim);
    let comparison = Comparison {
        rows: vec![outcome],
        baseline: None,
    };
    let check = [CheckResult {
        file: "hostile\u{1b}[2J.yaml".into(),
        name: Some(s.name.clone()),
        status: CheckStatus::Ok,
        errors: Vec::new(),
    }];
    for format in [Format::Table, Format::Markdown, Format::Csv, Format::Json] {
        let e = exporter(format, TableStyle::PLAIN);
        for text in [
            e.run(&[outcome], false),
            e.run(&[outcome], true),
            e.compare(&comparison),
            e.check(&check),
        ] {
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "{format:?}: {text:?}"
            );
        }
    }
    let table = exporter(Format::Table, TableStyle::PLAIN).run(&[outcome], false);
    assert!(
        table.starts_with("\\x1b]0;owned\\x07\\x1b[2J (hostile\\x1b[2J.yaml)"),
        "{table}"
    );
    let words = explain::explain(&s, &sim);
    assert!(
        !words.chars().any(|c| c.is_control() && c != '\n'),
        "{words:?}"
    );
    // CSV still neutralises a formula.
    let csv = exporter(Format::Csv, TableStyle::PLAIN).compare(&comparison);
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
}

#[test]
fn markdown_cannot_be_added_to_the_page() {
    let s = hostile();
    let sim = simulate(&s, Method::MeanPath, &|_| {});
    let outcome = Outcome::new("hostile.yaml", &s, &sim);
    let markdown = exporter(Format::Markdown, TableStyle::PLAIN).run(&[outcome], false);
    // Brackets escaped (`\]`) are literal: no link is left.
    let unescaped = markdown.replace("\\]", "");
    for forbidden in ["<script", "<img", "](javascript:", "|---|"] {
        assert!(!unescaped.contains(forbidden), "{forbidden}: {markdown}");
    }
    // The only headings are the scenario's own; the description's is text.
    let headings: Vec<&str> = markdown.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        ["## \\\\x1b\\]0;owned\\\\x07\\\\x1b\\[2J"],
        "{markdown}"
    );
    assert!(markdown.contains("\\# Owned"), "{markdown}");
    // The description's table is text: its pipes are escaped.
    assert!(markdown.contains("\\| a \\| b \\|"), "{markdown}");
    // A source cannot open a list of its own inside the list of sources.
    assert!(
        markdown.contains("- \\- \\[x\\](javascript:alert(3))"),
        "{markdown}"
    );
}

#[test]
fn json_escapes_what_it_carries() {
    let s = hostile();
    let sim = simulate(&s, Method::MeanPath, &|_| {});
    let text = run_text(Format::Json, &s, &sim, false);
    assert!(
        text.contains(r#""name": "\u001b]0;owned\u0007\u001b[2J""#),
        "{text}"
    );
    let back: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back["name"], s.name);
}

#[test]
fn piped_tables_in_the_snapshots_fit_80_columns() {
    // Every snapshot of a table format (not CSV, JSON or Markdown, which
    // are for machines and pages, nor explain's YAML and sentences, which
    // are for copying whole) prints lines of at most 80 columns.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let args = text.lines().find(|l| l.starts_with("args")).unwrap_or("");
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        if [
            "json", "csv", "markdown", "help", "--chart", "\"-h\"", "\"man\"", "explain",
        ]
        .iter()
        .any(|word| args.contains(word))
        {
            continue;
        }
        // The output is inline, or beside the case (`binary = true`).
        let beside = std::fs::read_to_string(path.with_extension("stdout")).ok();
        let stdout = match (text.split_once("stdout = \"\"\"\n"), &beside) {
            (Some((_, rest)), _) => rest.split("\"\"\"").next().unwrap_or(""),
            (None, Some(stdout)) => stdout.as_str(),
            (None, None) => continue,
        };
        for line in stdout.lines() {
            assert!(
                width(line) <= 80,
                "{}: {} columns: {line}",
                path.display(),
                width(line)
            );
        }
        checked += 1;
    }
    assert!(checked > 20, "only {checked} snapshots checked");
}
