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
//! | 10   | 05-05            | Iskander-M and Iskander-K | 1.0      | 1.0       | night 5: 1, counted whole       |
//! | 11   | 05-05            | (empty)                   | 2.0      | 2.0       | skipped: no model               |
//! | 12   | 05-06            | Iskander-M                | 7.0      | 7.0       | outside 05-01..05-05            |
//! | 13   | 05-05            | Kalibr                    | 6.0      | 5.0       | cruise: not selected            |
//! | 14   | 05-02 (date)     | C-300                     | (empty)  | 0.0       | skipped: no launch count        |
//!
//! Quoted fields with commas sit in `launch_place` on lines 2 and 3.
//! Ballistic, 2025-05-01 to 2025-05-05: nights [3, 0, 4, 5, 1], 13 in all.

use magdepth::model::Raid;
use magdepth::replay::catalogue::Catalogue;
use magdepth::replay::fit::{Fitted, fit};
use magdepth::replay::{Query, Record, ReplayError, Selection, SkipReason, load_record};
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
        .combined
        .iter()
        .map(|r| (r.line, r.model.as_str()))
        .collect();
    assert_eq!(combined, [(10, "Iskander-M and Iskander-K")]);
    // Destroyed / launched where destroyed is known: lines 2, 5, 8, 10
    // (line 6's NaN is out): (2 + 2 + 1 + 1) / (3 + 2 + 5 + 1) = 6/11.
    assert_eq!((record.destroyed, record.launched_with_destroyed), (6, 11));
    assert_eq!(record.interception_rate(), Some(6.0 / 11.0));
    assert_eq!(
        record.quirks().unwrap(),
        "skipped 5 rows (1 no end date, 1 no model, 2 no launch count, 1 unknown model); \
         1 combined entry with other models counted whole (1 missile)"
    );
}

#[test]
fn models_selection_counts_combined_entries_whole() {
    let models = Selection::Models(vec!["Iskander-M".into(), "KN-23".into()]);
    let record = read(
        "attacks.csv",
        &query(models, Some("2025-05-01"), Some("2025-05-05")),
    )
    .unwrap();
    // Same nights: line 8 ("C-400 and Iskander-M") now names C-400, which
    // is not listed, so it is counted whole and noted, as is line 10.
    assert_eq!(record.nights, [3, 0, 4, 5, 1]);
    let lines: Vec<usize> = record.combined.iter().map(|r| r.line).collect();
    assert_eq!(lines, [8, 10]);
    // Selecting by models, unknown models are simply not selected, and the
    // C-300 row (line 14) is not one of them.
    let reasons: Vec<usize> = record.skipped.iter().map(|r| r.line).collect();
    assert_eq!(reasons, [7, 9, 11]);
}

#[test]
fn range_defaults_to_the_selection_first_and_last_nights() {
    let models = Selection::Models(vec!["Iskander-M".into()]);
    let record = read("attacks.csv", &query(models, None, None)).unwrap();
    // From line 2 (05-01) to line 12 (05-06).
    assert_eq!(
        (record.from, record.to),
        (date("2025-05-01"), date("2025-05-06"))
    );
    assert_eq!(record.nights, [3, 0, 2, 5, 1, 7]);
}

#[test]
fn categories_can_be_overridden() {
    let mut q = query(
        Selection::Category("cruise".into()),
        Some("2025-05-01"),
        Some("2025-05-05"),
    );
    // Built in: Kalibr 6 and the combined line 10 (1) on night 5.
    assert_eq!(read("attacks.csv", &q).unwrap().nights, [0, 0, 0, 0, 7]);
    // `Kh-22` style names match; here the unknown Фенікс is filed as cruise.
    q.catalogue.set("Фенікс", "cruise");
    let record = read("attacks.csv", &q).unwrap();
    assert_eq!(record.nights, [1, 0, 0, 0, 7]);
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

    let sim = simulate(&scenario, Method::Expected, &|_| {});
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
    let scenario = load_file(Path::new("tests/fixtures/replay/repeat.yaml")).unwrap();
    let raid = &scenario.threats[0].raid;
    let nights: Vec<u64> = (1..=12).map(|n| raid.fixed_on(n).unwrap()).collect();
    assert_eq!(nights, [3, 0, 4, 5, 1, 3, 0, 4, 5, 1, 3, 0]);

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
    assert_eq!(launched, [vec![3, 0, 4, 5, 1], vec![1, 0, 0, 0, 7]]);
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
