//! Replaying real raids (issue 8), on fixtures written for these tests
//! (tests/fixtures/replay/), never on the real data set.
//!
//! `attacks.csv` holds, line by line (the header is line 1):
//!
//! | line | night (time_end) | model                     | launched | destroyed | for `ballistic`                 |
//! |------|------------------|---------------------------|----------|-----------|---------------------------------|
//! | 2    | 05-01 `07:00 `   | Iskander-M                | 3.0      | 2.0       | night 1: 3                      |
//! | 3    | 05-01            | Shahed-136/131            | 120.0    | 101.0     | drones: not selected            |
//! | 4    | 05-01 (date)     | Фенікс                    | 1.0      | 1.0       | skipped: unknown model          |
//! | 5    | 05-03 (crosses midnight) | Iskander-M        | 2        | 2         | night 3: 2                      |
//! | 6    | 05-03            | KN-23                     | 2.0      | NaN       | night 3: +2 (out of the rate)   |
//! | 7    | 05-03 (`3:30` start) | Iskander-M            | NaN      | NaN       | skipped: no launch count        |
//! | 8    | 05-04            | C-400 and Iskander-M      | 5.0      | 1.0       | night 4: 5 (both ballistic)     |
//! | 9    | (empty)          | Iskander-M                | 4.0      | 0.0       | skipped: no end date            |
//! | 10   | 05-05            | Iskander-M and Iskander-K | 1.0      | 1.0       | night 5: 1 (split 1, 0)         |
//! | 11   | 05-05            | (empty)                   | 2.0      | 2.0       | skipped: no model               |
//! | 12   | 05-06            | Iskander-M                | 7.0      | 7.0       | outside 05-01..05-05            |
//! | 13   | 05-05            | Kalibr                    | 6.0      | 5.0       | cruise: not selected            |
//! | 14   | 05-02 (date)     | C-300                     | (empty)  | 0.0       | skipped: no launch count        |
//!
//! Quoted fields with commas sit in `launch_place` on lines 2 and 3.
//! Ballistic, 2025-05-01 to 2025-05-05: nights [3, 0, 4, 5, 1], 13 in all.
//! Line 10 is split (the default rule) 1 to Iskander-M and 0 to Iskander-K:
//! 1 over 2 is 0 each and 1 left, which goes to the first model written.
//!
//! `combined.csv` holds the 26 July 2025-style entry, line by line:
//!
//! | line | night | model                                         | launched | split: ballistic, cruise |
//! |------|-------|-----------------------------------------------|----------|--------------------------|
//! | 2    | 07-26 | Iskander-M/KN-23 and Iskander-K and X-59/X-69 | 27       | 27/3 = 9 each: 9, 9 + 9  |
//! | 3    | 07-26 | Shahed-136/131                                | 100      | drones: neither          |
//! | 4    | 07-27 | Iskander-M and Iskander-K and       | 10       | 4, 3, 3: 4, 3 + 3        |
//! | 5    | 07-28 | Iskander-M                                    | 2        | 2, 0                     |
//! | 6    | 07-28 | Kalibr                                        | 4        | 0, 4                     |
//!
//! So by rule, 07-26 to 07-28: split, ballistic [9, 4, 2] and cruise
//! [18, 6, 4] (43 = 15 + 28, every missile once); skip, [0, 0, 2] and
//! [0, 0, 4]; whole, [27, 10, 2] and [27, 10, 4] read alone, and in one
//! scenario cruise after ballistic [0, 0, 4].

use magdepth::model::Raid;
use magdepth::replay::catalogue::Catalogue;
use magdepth::replay::fit::{Fitted, fit};
use magdepth::replay::{
    CombinedRule, Query, Record, ReplayError, Selection, SkipReason, load_record,
};
use magdepth::scenario::load_file;
use magdepth::sim::{Method, simulate};
use std::path::Path;

const DIR: &str = "tests/fixtures/replay";

fn date(text: &str) -> magdepth::date::Date {
    magdepth::date::Date::parse(text).unwrap()
}

fn query(selection: Selection, from: Option<&str>, to: Option<&str>) -> Query {
    Query {
        selection,
        from: from.map(date),
        to: to.map(date),
        catalogue: Catalogue::default(),
        combined: CombinedRule::Split,
    }
}

fn ballistic() -> Query {
    query(
        Selection::Category("ballistic".into()),
        Some("2025-05-01"),
        Some("2025-05-05"),
    )
}

fn read(file: &str, query: &Query) -> Result<Record, ReplayError> {
    load_record(&Path::new(DIR).join(file), query)
}

#[test]
fn ballistic_nights_skips_and_interception_rate() {
    let record = read("attacks.csv", &ballistic()).unwrap();
    assert_eq!(record.nights, [3, 0, 4, 5, 1]);
    assert_eq!(record.rows, 5);
    let skipped: Vec<(usize, Option<SkipReason>)> =
        record.skipped.iter().map(|r| (r.line, r.reason)).collect();
    assert_eq!(
        skipped,
        [
            (4, Some(SkipReason::UnknownModel)),
            (7, Some(SkipReason::NoLaunchCount)),
            (9, Some(SkipReason::NoEndDate)),
            (11, Some(SkipReason::NoModel)),
            (14, Some(SkipReason::NoLaunchCount)),
        ]
    );
    // Only "Iskander-M and Iskander-K" names a model outside ballistic;
    // "C-400 and Iskander-M" is ballistic throughout.
    let combined: Vec<(usize, &str)> = record
        .listed_entries()
        .map(|(r, model)| (r.line, model))
        .collect();
    assert_eq!(combined, [(10, "Iskander-M and Iskander-K")]);
    // Destroyed / launched where destroyed is known: lines 2, 5, 8, 10
    // (line 6's NaN is out; line 10 in full): (2 + 2 + 1 + 1) / (3 + 2 + 5
    // + 1) = 6/11.
    assert_eq!((record.destroyed, record.launched_with_destroyed), (6, 11));
    assert_eq!(record.interception_rate(), Some(6.0 / 11.0));
    assert_eq!(
        record.quirks().unwrap(),
        "skipped 5 rows (1 no end date, 1 no model, 2 no launch count, 1 unknown model); \
         split 1 combined entry with other models among its models (1 of 1 missile counted)"
    );
}

#[test]
fn models_selection_splits_combined_entries() {
    let models = Selection::Models(vec!["Iskander-M".into(), "KN-23".into()]);
    let record = read(
        "attacks.csv",
        &query(models, Some("2025-05-01"), Some("2025-05-05")),
    )
    .unwrap();
    // Line 8 ("C-400 and Iskander-M", 5) now names C-400, which is not
    // listed: 5 over 2 is 2 each and 1 left, to the first (C-400), so 3 and
    // 2, and Iskander-M's 2 count. Line 10 as for ballistic: 1.
    assert_eq!(record.nights, [3, 0, 4, 2, 1]);
    let noted: Vec<(usize, u64)> = record
        .noted_entries()
        .map(|e| (e.line, e.counted_total()))
        .collect();
    assert_eq!(noted, [(8, 2), (10, 1)]);
    // Selecting by models, unknown models are simply not selected, and the
    // C-300 row (line 14) is not one of them.
    let reasons: Vec<usize> = record.skipped.iter().map(|r| r.line).collect();
    assert_eq!(reasons, [7, 9, 11]);
}

#[test]
fn range_defaults_to_the_selection_first_and_last_nights() {
    let models = Selection::Models(vec!["Iskander-M".into()]);
    let record = read("attacks.csv", &query(models, None, None)).unwrap();
    // From line 2 (05-01) to line 12 (05-06); line 8 splits 3 to C-400
    // and 2 to Iskander-M.
    assert_eq!(
        (record.from, record.to),
        (date("2025-05-01"), date("2025-05-06"))
    );
    assert_eq!(record.nights, [3, 0, 2, 2, 1, 7]);
}

#[test]
fn categories_can_be_overridden() {
    let mut q = query(
        Selection::Category("cruise".into()),
        Some("2025-05-01"),
        Some("2025-05-05"),
    );
    // Built in: Kalibr 6 on night 5, and Iskander-K's share of line 10,
    // which is 0 (1 over 2 leaves 1, for Iskander-M, written first).
    assert_eq!(read("attacks.csv", &q).unwrap().nights, [0, 0, 0, 0, 6]);
    // `Kh-22` style names match; here the unknown Фенікс is filed as cruise.
    q.catalogue.set("Фенікс", "cruise");
    let record = read("attacks.csv", &q).unwrap();
    assert_eq!(record.nights, [1, 0, 0, 0, 6]);
    assert!(record.skipped.iter().all(|r| r.line != 4));
}

#[test]
fn malformed_files_name_the_line_and_column() {
    let cases = [
        ("bad-count.csv", Some(3), Some("launched"), "got `many`"),
        (
            "bad-date.csv",
            Some(3),
            Some("time_end"),
            "05/02/2025 07:00",
        ),
        (
            "bad-fields.csv",
            Some(2),
            None,
            "3 fields, but the header has 4",
        ),
        ("bad-quote.csv", Some(2), None, "never closed"),
        ("bad-no-launched.csv", Some(1), None, "no `launched` column"),
    ];
    for (file, line, column, text) in cases {
        let error = read(file, &ballistic()).unwrap_err();
        assert_eq!(error.line, line, "{file}");
        assert_eq!(error.column.as_deref(), column, "{file}");
        assert!(error.message.contains(text), "{file}: {}", error.message);
        assert!(!error.unreadable);
    }
    assert!(read("no-such.csv", &ballistic()).unwrap_err().unreadable);
    // A misspelt model is an error with a suggestion, not an empty record.
    let models = Selection::Models(vec!["Iskandr-M".into()]);
    let error = read("attacks.csv", &query(models, None, None)).unwrap_err();
    assert!(
        error.message.contains("did you mean `Iskander-M`?"),
        "{error}"
    );
}

/// Five nights against a stock of 20 at 2 per kill, worked by hand.
#[test]
fn five_nights_against_twenty_replayed_by_hand() {
    // Raids [3, 0, 4, 5, 1] (see the table above); 10 salvos in stock.
    // Night 1: 3 engaged, 6 fired, 14 left.
    // Night 2: no row, no raid; 14 left.
    // Night 3: 2 + 2 (two rows add up) = 4 engaged, 8 fired, 6 left.
    // Night 4: 5 launched, floor(6/2) = 3 engaged, 2 leak, 0 left:
    //          first shortfall and exhausted on night 4.
    // Night 5: 1 launched, 1 leaks.
    // Launched 13, engaged 10, leakers 3, expended 20, final stock 0;
    // nights fully defended 3.
    let scenario = load_file(Path::new("tests/fixtures/replay/five-nights.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    // start_date defaults to `from`, the horizon to the nights in the range.
    assert_eq!(scenario.start_date, Some(date("2025-05-01")));
    assert_eq!(scenario.horizon_nights, 5);
    let Raid::Record { nights, .. } = &scenario.threats[0].raid else {
        panic!("not a record: {:?}", scenario.threats[0].raid)
    };
    assert_eq!(nights, &[3, 0, 4, 5, 1]);
    // The skip report comes back as data, from the source that read the
    // record; the library prints nothing.
    let source =
        magdepth::scenario::Source::load(Path::new("tests/fixtures/replay/five-nights.yaml"))
            .unwrap();
    source.scenario().unwrap();
    assert_eq!(source.records()[0].skipped.len(), 5);

    let sim = simulate(&scenario, Method::MeanPath, &|_| {});
    let column = |f: fn(&magdepth::sim::NightRecord) -> f64| -> Vec<f64> {
        sim.nights.iter().map(f).collect()
    };
    assert_eq!(column(|n| n.launched), [3.0, 0.0, 4.0, 5.0, 1.0]);
    assert_eq!(column(|n| n.engaged), [3.0, 0.0, 4.0, 3.0, 0.0]);
    assert_eq!(column(|n| n.leakers), [0.0, 0.0, 0.0, 2.0, 1.0]);
    assert_eq!(column(|n| n.stock_end), [14.0, 14.0, 6.0, 0.0, 0.0]);
    let s = &sim.summary;
    assert_eq!(s.nights_fully_defended, 3.0);
    assert_eq!(s.first_shortfall_night, Some(4.0));
    assert_eq!(s.exhausted_night, Some(4.0));
    assert_eq!(
        (s.launched, s.engaged, s.leakers, s.expended, s.final_stock),
        (13.0, 10.0, 3.0, 20.0, 0.0)
    );
    // A record is fixed: Monte Carlo gives the same figures on any seed.
    let mc = simulate(
        &scenario,
        Method::MonteCarlo { trials: 5, seed: 3 },
        &|_| {},
    );
    assert_eq!(
        (
            mc.summary.launched,
            mc.summary.leakers,
            mc.summary.final_stock
        ),
        (13.0, 3.0, 0.0)
    );
}

#[test]
fn beyond_the_record() {
    // Repeat: nights 6-10 replay nights 1-5, night 11 is night 1 again.
    // (Models Iskander-M and KN-23, so night 4 is Iskander-M's 2 of "C-400
    // and Iskander-M", as in models_selection_splits_combined_entries.)
    let scenario = load_file(Path::new("tests/fixtures/replay/repeat.yaml")).unwrap();
    let raid = &scenario.threats[0].raid;
    let nights: Vec<u64> = (1..=12).map(|n| raid.fixed_on(n).unwrap()).collect();
    assert_eq!(nights, [3, 0, 4, 2, 1, 3, 0, 4, 2, 1, 3, 0]);

    // Fit: the record, then the negative binomial fitted to it (see
    // fitted_by_the_method_of_moments below).
    let scenario = load_file(Path::new("tests/fixtures/replay/fit-beyond.yaml")).unwrap();
    let raid = &scenario.threats[0].raid;
    assert_eq!(raid.fixed_on(5), Some(1));
    assert_eq!(raid.fixed_on(6), None);
    assert!((raid.mean_on(6) - 2.6).abs() < 1e-12);
    let Raid::Record { after, .. } = raid else {
        panic!()
    };
    let Raid::NegativeBinomial { mean, dispersion } = **after else {
        panic!("{after:?}")
    };
    assert!((mean - 2.6).abs() < 1e-12 && (dispersion - 6.76 / 0.84).abs() < 1e-9);
    // In Monte Carlo the record's nights are the same in every trial.
    let mc = simulate(
        &scenario,
        Method::MonteCarlo {
            trials: 200,
            seed: 9,
        },
        &|_| {},
    );
    let first: Vec<f64> = mc.nights[..5].iter().map(|n| n.launched).collect();
    assert_eq!(first, [3.0, 0.0, 4.0, 5.0, 1.0]);

    // A horizon past the record without `beyond` is refused.
    let error = load_file(Path::new("tests/fixtures/replay/bad-horizon.yaml")).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("beyond: repeat, fit or quiet"), "{text}");
}

#[test]
fn from_csv_is_relative_to_the_scenario_file() {
    // five-nights.yaml says `from_csv: attacks.csv`, which exists only next
    // to it, not in the current directory.
    assert!(!Path::new("attacks.csv").exists());
    let scenario = load_file(Path::new("tests/fixtures/replay/long-form.yaml")).unwrap();
    let launched: Vec<Vec<u64>> = scenario
        .threats
        .iter()
        .map(|t| (1..=5).map(|n| t.raid.fixed_on(n).unwrap()).collect())
        .collect();
    // Ballistic as above; cruise with Фенікс filed as cruise in the file.
    assert_eq!(launched, [vec![3, 0, 4, 5, 1], vec![1, 0, 0, 0, 6]]);
}

#[test]
fn fitted_by_the_method_of_moments() {
    let record = read("attacks.csv", &ballistic()).unwrap();
    let f = record.fit();
    // [3, 0, 4, 5, 1]: mean 13/5 = 2.6; deviations 0.4, −2.6, 1.4, 2.4,
    // −1.6, squares 0.16 + 6.76 + 1.96 + 5.76 + 2.56 = 17.2, variance
    // 17.2/5 = 3.44 > mean: negative binomial with p = 2.6/3.44 = 0.75581…,
    // r = 2.6²/(3.44 − 2.6) = 6.76/0.84 = 8.04761…
    assert_eq!((f.nights, f.nights_with_raid, f.launched), (5, 4, 13));
    assert_eq!(f.share_with_raid, 0.8);
    assert!((f.mean - 2.6).abs() < 1e-12);
    assert!((f.variance - 3.44).abs() < 1e-12);
    assert_eq!(
        (f.largest_night, f.largest_night_date),
        (5, Some(date("2025-05-04")))
    );
    let Fitted::NegativeBinomial {
        mean,
        dispersion,
        p,
    } = f.fitted
    else {
        panic!("{:?}", f.fitted)
    };
    assert!((mean - 2.6).abs() < 1e-12);
    assert!((p - 2.6 / 3.44).abs() < 1e-12);
    assert!((dispersion - 6.76 / 0.84).abs() < 1e-9);
    assert_eq!(
        f.fitted.snippet(),
        "missiles_per_night: { negative_binomial: { mean: 2.6, dispersion: 8.048 } }"
    );
    // Variance ≤ mean: a Poisson. [1, 1, 2]: mean 4/3, variance 2/9.
    assert_eq!(fit(&[1, 1, 2], None).fitted.name(), "poisson");
}

// Combined entries (issue 12): `combined: split | skip | whole`, on
// combined.csv (see the table at the top).

/// The nights of each threat of `yaml`, read as if it sat next to
/// combined.csv.
fn threat_nights(yaml: &str) -> Vec<Vec<u64>> {
    let scenario =
        magdepth::scenario::parse_scenario(yaml, "tests/fixtures/replay/inline.yaml", "inline")
            .unwrap_or_else(|e| panic!("{e}"));
    nights_by_threat(&scenario)
}

/// Each threat's raid on nights 1 to 3 (07-26 to 07-28).
fn nights_by_threat(scenario: &magdepth::model::Scenario) -> Vec<Vec<u64>> {
    scenario
        .threats
        .iter()
        .map(|t| (1..=3).map(|n| t.raid.fixed_on(n).unwrap()).collect())
        .collect()
}

fn short_form(category: &str, rule: &str) -> String {
    format!(
        "stockpile: 100\ninterceptors_per_kill: 1\nmissiles_per_night: \
         {{ from_csv: combined.csv, category: {category}, combined: {rule} }}\n"
    )
}

/// Two threats, in this order, each `(category, rule)`; each threat is
/// named after its category.
fn long_form(threats: [(&str, &str); 2]) -> String {
    let mut yaml = "interceptors:\n  patriot: { stockpile: 100 }\nthreats:\n".to_string();
    for (category, rule) in threats {
        yaml.push_str(&format!(
            "  {category}:\n    missiles_per_night: {{ from_csv: combined.csv, category: \
             {category}, combined: {rule} }}\n    engaged_by: [patriot]\n    \
             interceptors_per_kill: 1\n"
        ));
    }
    yaml
}

#[test]
fn the_three_rules_in_the_short_form() {
    // split: 27/3 = 9 each (ballistic takes Iskander-M/KN-23's 9, cruise
    // Iskander-K's and X-59/X-69's 18); 10/3 = 3 each and 1 left, to the
    // first written: 4, 3, 3 (ballistic 4, cruise 6). Then 2 and 4 alone.
    assert_eq!(
        threat_nights(&short_form("ballistic", "split")),
        [[9, 4, 2]]
    );
    assert_eq!(threat_nights(&short_form("cruise", "split")), [[18, 6, 4]]);
    // skip: both combined entries name models outside either selection.
    assert_eq!(threat_nights(&short_form("ballistic", "skip")), [[0, 0, 2]]);
    assert_eq!(threat_nights(&short_form("cruise", "skip")), [[0, 0, 4]]);
    // whole: the entries in full for the one threat there is.
    assert_eq!(
        threat_nights(&short_form("ballistic", "whole")),
        [[27, 10, 2]]
    );
    assert_eq!(threat_nights(&short_form("cruise", "whole")), [[27, 10, 4]]);
    // No `combined:` is split.
    let default = "stockpile: 100\ninterceptors_per_kill: 1\nmissiles_per_night: \
                   { from_csv: combined.csv, category: ballistic }\n";
    assert_eq!(threat_nights(default), [[9, 4, 2]]);
}

#[test]
fn the_three_rules_in_the_long_form_count_each_missile_once() {
    // The fixture: split, 9 under ballistic and 18 under cruise on 07-26.
    let scenario = load_file(Path::new("tests/fixtures/replay/combined-long-form.yaml")).unwrap();
    let nights = nights_by_threat(&scenario);
    assert_eq!(nights, [[9, 4, 2], [18, 6, 4]]);
    // Every missile of the file's ballistic and cruise rows once: 27 + 10
    // + 2 + 4 = 43 = (9 + 4 + 2) + (18 + 6 + 4).
    assert_eq!(nights.iter().flatten().sum::<u64>(), 43);
    assert_eq!(
        threat_nights(&long_form([("ballistic", "split"), ("cruise", "split")])),
        nights
    );

    // whole for both: 27 under ballistic, and cruise, which comes second,
    // leaves out what ballistic counts: never 27 + 27.
    let scenario = load_file(Path::new("tests/fixtures/replay/combined-whole.yaml")).unwrap();
    let nights = nights_by_threat(&scenario);
    assert_eq!(nights, [[27, 10, 2], [0, 0, 4]]);
    let source =
        magdepth::scenario::Source::load(Path::new("tests/fixtures/replay/combined-whole.yaml"))
            .unwrap();
    source.scenario().unwrap();
    let cruise = &source.records()[1];
    assert_eq!(
        cruise.quirks().unwrap(),
        "2 combined entries with other models counted whole (37 missiles); left out 37 \
         missiles of 2 combined entries already counted for category ballistic"
    );

    // skip for both: neither counts the entries.
    assert_eq!(
        threat_nights(&long_form([("ballistic", "skip"), ("cruise", "skip")])),
        [[0, 0, 2], [0, 0, 4]]
    );
    // Mixed rules: ballistic splits (9 and 4), cruise counts the rest of
    // each entry (27 − 9 = 18, 10 − 4 = 6), whole but once.
    assert_eq!(
        threat_nights(&long_form([("ballistic", "split"), ("cruise", "whole")])),
        [[9, 4, 2], [18, 6, 4]]
    );
    // In the other order cruise, first and whole, takes every entry.
    let cruise_first = long_form([("cruise", "whole"), ("ballistic", "split")]);
    assert_eq!(threat_nights(&cruise_first), [[27, 10, 4], [0, 0, 2]]);
}

#[test]
fn notes_say_what_each_rule_did() {
    let record = |rule: CombinedRule| {
        let mut q = query(Selection::Category("ballistic".into()), None, None);
        q.combined = rule;
        read("combined.csv", &q).unwrap()
    };
    // 27 + 10 = 37 missiles in the two entries; ballistic's shares 9 + 4.
    let split = record(CombinedRule::Split);
    assert_eq!(
        split.quirks().unwrap(),
        "split 2 combined entries with other models among their models (13 of 37 missiles \
         counted)"
    );
    let skip = record(CombinedRule::Skip);
    assert_eq!(
        skip.quirks().unwrap(),
        "left out 2 combined entries with other models (37 missiles)"
    );
    // Left out, the entries are not rows of the record, nor in its rate:
    // only line 5 (2 destroyed of 2).
    assert_eq!(
        (skip.rows, skip.destroyed, skip.launched_with_destroyed),
        (1, 2, 2)
    );
    let whole = record(CombinedRule::Whole);
    assert_eq!(
        whole.quirks().unwrap(),
        "2 combined entries with other models counted whole (37 missiles)"
    );
    // Split or whole, an entry is in the rate in full: (20 + 9 + 2) /
    // (27 + 10 + 2).
    assert_eq!((split.destroyed, split.launched_with_destroyed), (31, 39));
    assert_eq!((whole.destroyed, whole.launched_with_destroyed), (31, 39));
    // The range does not depend on the rule: 07-26 (line 2) to 07-28.
    for r in [&split, &skip, &whole] {
        assert_eq!((r.from, r.to), (date("2025-07-26"), date("2025-07-28")));
    }
}

#[test]
fn count_once_needs_only_the_records() {
    use magdepth::replay::{count_once, read_record};
    let text = std::fs::read_to_string("tests/fixtures/replay/combined.csv").unwrap();
    let read_as = |models: &[&str], rule: CombinedRule| {
        let mut q = query(
            Selection::Models(models.iter().map(|m| m.to_string()).collect()),
            Some("2025-07-26"),
            Some("2025-07-28"),
        );
        q.combined = rule;
        read_record(&text, "combined.csv", &q).unwrap()
    };
    // Overlapping selections: the first counts Iskander-M and Iskander-K
    // in full (split: 9 + 9 of line 2; 4 + 3 of line 4), the second all of
    // line 2 and 4 (whole), then Kalibr. The second keeps only X-59/X-69's
    // shares: 9 and 3.
    let mut first = read_as(&["Iskander-M", "Iskander-K"], CombinedRule::Split);
    let mut second = read_as(&["X-59", "Kalibr"], CombinedRule::Whole);
    assert_eq!(
        (first.nights.clone(), second.nights.clone()),
        (vec![18, 7, 2], vec![27, 10, 4])
    );
    count_once(&mut [&mut first, &mut second]);
    assert_eq!(first.nights, [18, 7, 2]);
    assert_eq!(second.nights, [9, 3, 4]);
    let before: Vec<u64> = second
        .combined_entries
        .iter()
        .map(|e| e.counted_before)
        .collect();
    assert_eq!(before, [18, 7]);
    assert_eq!(
        second.counted_before_for,
        [Selection::Models(vec![
            "Iskander-M".into(),
            "Iskander-K".into()
        ])]
    );
    // Two records of one file, both whole: the second counts none of the
    // entries. Rows that name one model are not entries: line 5 (2) counts
    // for both.
    let mut once = read_as(&["Iskander-M"], CombinedRule::Whole);
    let mut twice = read_as(&["Iskander-M"], CombinedRule::Whole);
    count_once(&mut [&mut once, &mut twice]);
    assert_eq!(
        (once.nights, twice.nights),
        (vec![27, 10, 2], vec![0, 0, 2])
    );
    // Records of different files are left alone.
    let mut here = read_as(&["Iskander-M"], CombinedRule::Whole);
    let mut elsewhere = read_as(&["Iskander-M"], CombinedRule::Whole);
    elsewhere.file = "elsewhere.csv".into();
    count_once(&mut [&mut here, &mut elsewhere]);
    assert_eq!(
        (here.nights, elsewhere.nights),
        (vec![27, 10, 2], vec![27, 10, 2])
    );
}

// Safe reading (issue 13): special files, the order of errors, bounded
// notes.

#[test]
fn special_files_are_refused_without_reading_them() {
    // /dev/zero says it has 0 bytes and never ends.
    let error = load_record(Path::new("/dev/zero"), &ballistic()).unwrap_err();
    assert!(error.unreadable);
    assert_eq!(
        error.message,
        "it is a character device, not a regular file"
    );
    let error = load_record(Path::new(DIR), &ballistic()).unwrap_err();
    assert_eq!(
        (error.unreadable, error.message.as_str()),
        (true, "it is a directory")
    );
    // A FIFO would block the open until someone wrote to it: read on a
    // thread, so that a regression fails here instead of hanging.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("attacks.csv");
    let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(load_record(&fifo, &ballistic()));
    });
    let error = receive
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("reading a FIFO blocked")
        .unwrap_err();
    assert_eq!(error.message, "it is a FIFO, not a regular file");
    // In a scenario: the key, and the reason.
    let error = magdepth::scenario::parse_scenario(
        "stockpile: 10\ninterceptors_per_kill: 1\nmissiles_per_night: \
         { from_csv: /dev/zero, category: ballistic }\n",
        "inline.yaml",
        "inline",
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("missiles_per_night.from_csv: /dev/zero: it is a character device"),
        "{error}"
    );
}

#[test]
fn errors_come_in_the_order_of_a_file_read_whole() {
    use magdepth::replay::read_record;
    // A bad count on line 2 and a quote never closed on line 4: the file
    // is not CSV, which is said first.
    let text = "time_end,model,launched\n2025-05-01,Iskander-M,many\n2025-05-02,KN-23,1\n\
                2025-05-03,\"Kalibr,2\n";
    let error = read_record(text, "t.csv", &ballistic()).unwrap_err();
    assert_eq!(error.line, Some(4));
    assert!(error.message.contains("never closed"), "{error}");
    // Without the quote, the first bad row.
    let text = "time_end,model,launched\n2025-05-01,Iskander-M,many\n2025-05-02,KN-23,-1\n";
    let error = read_record(text, "t.csv", &ballistic()).unwrap_err();
    assert_eq!(
        (error.line, error.column.as_deref()),
        (Some(2), Some("launched"))
    );
    // Bytes that are not UTF-8 after a malformed record: unreadable, as
    // when the whole file was checked before it was parsed.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(
        &path,
        b"time_end,model,launched\n\"a\"b,x,1\n2025-05-01,\xff,1\n",
    )
    .unwrap();
    let error = load_record(&path, &ballistic()).unwrap_err();
    assert_eq!(
        (error.unreadable, error.message.as_str()),
        (true, "it is not UTF-8 text")
    );
    // And before a category that does not exist.
    let mut unknown = ballistic();
    unknown.selection = Selection::Category("balistic".into());
    let error = load_record(&path, &unknown).unwrap_err();
    assert!(error.unreadable, "{error}");
    std::fs::write(&path, "time_end,model,launched\n").unwrap();
    let error = load_record(&path, &unknown).unwrap_err();
    assert!(
        error.message.contains("did you mean `ballistic`?"),
        "{error}"
    );
}

#[test]
fn a_file_of_skipped_rows_lists_the_first_thousand_and_counts_them_all() {
    use magdepth::replay::{MAX_LISTED_ROWS, read_record, report::row_lines};
    // 1,500 ballistic rows with no launch count and one counted row.
    let mut text = String::from("time_end,model,launched\n2025-05-01,Iskander-M,3\n");
    for _ in 0..1_500 {
        text.push_str("2025-05-01,Iskander-M,NaN\n");
    }
    let record = read_record(&text, "t.csv", &ballistic()).unwrap();
    assert_eq!(record.skipped.len(), MAX_LISTED_ROWS);
    assert_eq!(record.rows_skipped(), 1_500);
    assert_eq!(record.nights, [3, 0, 0, 0, 0]);
    assert_eq!(
        record.quirks().unwrap(),
        "skipped 1500 rows (1500 no launch count)"
    );
    let lines = row_lines(&record);
    assert_eq!(lines.len(), MAX_LISTED_ROWS + 1);
    assert_eq!(
        lines.last().unwrap(),
        "t.csv: and 500 more skipped rows (the first 1000 are listed)"
    );
}

#[test]
fn combined_only_applies_to_a_replayed_record() {
    let error = magdepth::scenario::parse_scenario(
        "stockpile: 10\ninterceptors_per_kill: 1\nmissiles_per_night: \
         { poisson: 3, combined: skip }\n",
        "inline.yaml",
        "inline",
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains(
            "missiles_per_night.combined: only applies to a record replayed with from_csv"
        ),
        "{error}"
    );
    // And takes only the three rules.
    let error = magdepth::scenario::parse_scenario(
        "stockpile: 10\ninterceptors_per_kill: 1\nmissiles_per_night: \
         { from_csv: combined.csv, category: ballistic, combined: half }\n",
        "tests/fixtures/replay/inline.yaml",
        "inline",
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("unknown variant `half`"), "{error}");
}

#[test]
fn from_csv_is_relative_to_the_file_that_writes_it() {
    // variant/more-stock.yaml extends ../five-nights.yaml, whose
    // `from_csv: attacks.csv` is the base's neighbour: the raids are the
    // base's [3, 0, 4, 5, 1] (variant/ holds a different attacks.csv).
    let nights = |file: &str| {
        let s = load_file(Path::new(file)).unwrap_or_else(|e| panic!("{e}"));
        (1..=5)
            .map(|n| s.threats[0].raid.fixed_on(n).unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        nights("tests/fixtures/replay/variant/more-stock.yaml"),
        [3, 0, 4, 5, 1]
    );
    // A variant that writes its own from_csv reads its own folder's file:
    // 7 on night 1 and 1 on night 5.
    assert_eq!(
        nights("tests/fixtures/replay/variant/own-csv.yaml"),
        [7, 0, 0, 0, 1]
    );
    // The inputs an output may not overwrite name the CSV actually read.
    let source = magdepth::scenario::Source::load(Path::new(
        "tests/fixtures/replay/variant/more-stock.yaml",
    ))
    .unwrap();
    source.scenario().unwrap();
    let inputs = source.inputs();
    assert!(
        inputs.iter().any(|p| p.ends_with("variant/../attacks.csv")),
        "{inputs:?}"
    );
}
