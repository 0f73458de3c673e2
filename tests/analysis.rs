//! Sweep, solve and sensitivity (issue 5): answers worked by hand, grid
//! shapes, shards that reassemble, and the monotonicity that bisection
//! relies on.

use magdepth::analysis::sensitivity::{default_parameters, tornado};
use magdepth::analysis::solve::{Domain, Search, Solution, Target, Want, solve};
use magdepth::analysis::sweep::{self, Shard, Sweep};
use magdepth::analysis::{Base, Measure};
use magdepth::overrides::{KeyPath, Scalar};
use magdepth::scenario::Source;
use magdepth::sim::ModeChoice;
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

/// The base of every point, by the road the binary takes.
fn base(yaml: &str) -> Base {
    Source::from_text(yaml, "test.yaml", "test", Path::new("."))
        .and_then(Base::new)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn key(k: &str) -> KeyPath {
    k.parse().unwrap()
}

fn solve_int(b: &Base, k: &str, low: i64, high: i64, target: &str, want: Want) -> Solution {
    let domain = Domain::integer(low as f64, high as f64).unwrap();
    solve(
        b,
        &key(k),
        domain,
        &target.parse().unwrap(),
        want,
        ModeChoice::MeanPath,
    )
    .unwrap()
}

fn found(s: &Solution) -> Option<Scalar> {
    s.found.as_ref().map(|t| t.value.clone())
}

/// 12 a night at 2 per kill: 24 interceptors a night.
const DOZEN_90: &str = "horizon_nights: 90\nstockpile: 100\ninterceptors_per_kill: 2\n\
                        missiles_per_night: 12\n";

#[test]
fn stockpile_for_90_nights_without_deliveries() {
    // 90 nights × 24 = 2160. With 2159, night 90 starts with
    // 2159 − 89 × 24 = 23, less than a night's 24: 89 nights.
    let s = solve_int(
        &base(DOZEN_90),
        "stockpile",
        0,
        5000,
        "nights_fully_defended >= 90",
        Want::Smallest,
    );
    assert_eq!(found(&s), Some(Scalar::Int(2160)));
    assert_eq!(s.found.unwrap().metric, Some(90.0));
    let next = s.next.unwrap();
    assert_eq!((next.value, next.metric), (Scalar::Int(2159), Some(89.0)));
    assert!(matches!(s.search, Search::Bisection { .. }));
}

#[test]
fn stockpile_for_90_nights_with_50_every_30_nights() {
    // Deliveries of 50 arrive on nights 30, 60 and 90, before that night's
    // raid. Night n is fully defended when the stock at its raid,
    // S + 50 × (deliveries on nights <= n) − 24 × (n − 1), is at least 24,
    // i.e. S + 50·d(n) >= 24n. The tightest nights are the last before each
    // delivery and the last night:
    //   n = 29, d = 0: S >= 696
    //   n = 59, d = 1: S >= 1416 − 50  = 1366
    //   n = 89, d = 2: S >= 2136 − 100 = 2036
    //   n = 90, d = 3: S >= 2160 − 150 = 2010
    // so S = 2036. With 2035, night 89 starts with 2035 + 100 − 88 × 24 = 23:
    // 88 nights.
    let yaml =
        format!("{DOZEN_90}deliveries:\n  - {{ every_nights: 30, count: 50, first_night: 30 }}\n");
    let s = solve_int(
        &base(&yaml),
        "stockpile",
        0,
        5000,
        "nights_fully_defended >= 90",
        Want::Smallest,
    );
    assert_eq!(found(&s), Some(Scalar::Int(2036)));
    let next = s.next.unwrap();
    assert_eq!((next.value, next.metric), (Scalar::Int(2035), Some(88.0)));
}

#[test]
fn recurring_delivery_that_keeps_the_shortfall_away() {
    // 120 on hand last exactly 5 nights of 24. Deliveries of c every 5
    // nights from night 6 (6, 11, 16, 21, 26): the last night before each,
    // n = 5k + 5 after k deliveries, needs 120 + c·k >= 24 × (5k + 5), i.e.
    // c >= 120. With 119, night 10 starts with 120 + 119 − 9 × 24 = 23.
    let yaml = "horizon_nights: 30\nstockpile: 120\ninterceptors_per_kill: 2\n\
                missiles_per_night: 12\ndeliveries:\n  - { every_nights: 5, first_night: 6, count: 0 }\n";
    let s = solve_int(
        &base(yaml),
        "deliveries.0.count",
        0,
        1000,
        "first_shortfall_night == never",
        Want::Smallest,
    );
    assert_eq!(found(&s), Some(Scalar::Int(120)));
    assert_eq!(s.found.unwrap().metric, None);
    let next = s.next.unwrap();
    assert_eq!((next.value, next.metric), (Scalar::Int(119), Some(10.0)));
}

#[test]
fn most_missiles_a_night_this_stock_absorbs_for_30_nights() {
    // 1000 interceptors at 2 per kill for 30 nights: 60m <= 1000, m <= 16.
    // At 17 (34 a night) night 30 starts with 1000 − 29 × 34 = 14: 29 nights.
    let yaml =
        "horizon_nights: 30\nstockpile: 1000\ninterceptors_per_kill: 2\nmissiles_per_night: 12\n";
    let s = solve_int(
        &base(yaml),
        "missiles_per_night",
        1,
        100,
        "nights_fully_defended >= 30",
        Want::Largest,
    );
    assert_eq!(found(&s), Some(Scalar::Int(16)));
    let next = s.next.unwrap();
    assert_eq!((next.value, next.metric), (Scalar::Int(17), Some(29.0)));
}

#[test]
fn pk_that_makes_one_interceptor_per_kill_enough() {
    // 10 missiles a night for 10 nights, one interceptor each, plenty of
    // stock: expected leakers 100 × (1 − pk) <= 5 needs pk >= 0.95. At the
    // next multiple of the tolerance below, 0.9499, 5.01 leak.
    let yaml = "horizon_nights: 10\nstockpile: 1000\ninterceptors_per_kill: 1\n\
                missiles_per_night: 10\npk: 0.5\n";
    let b = base(yaml);
    let domain = Domain::real(0.5, 1.0, 1e-4).unwrap();
    let target: Target = "leakers <= 5".parse().unwrap();
    let s = solve(
        &b,
        &key("pk"),
        domain,
        &target,
        Want::Smallest,
        ModeChoice::MeanPath,
    )
    .unwrap();
    assert_eq!(found(&s), Some(Scalar::Real(0.95)));
    let next = s.next.unwrap();
    assert_eq!(next.value, Scalar::Real(0.9499));
    assert!((next.metric.unwrap() - 5.01).abs() < 1e-9);
}

#[test]
fn an_impossible_target_says_so_and_shows_the_closest() {
    // At most 1000 interceptors: 1000 / 24 = 41.67, so 41 nights at best.
    let s = solve_int(
        &base(DOZEN_90),
        "stockpile",
        0,
        1000,
        "nights_fully_defended >= 90",
        Want::Smallest,
    );
    assert_eq!(s.found, None);
    let best = s.best.unwrap();
    assert_eq!((best.value, best.metric), (Scalar::Int(1000), Some(41.0)));
}

#[test]
fn a_metric_that_is_not_monotone_is_scanned() {
    // final_stock is what is left under a salvo: with 2 per kill it is 0 or
    // 1 at the end whenever the stock runs out (stockpile 5 → 1, 10 → 0), so
    // it rises and falls; the smallest stockpile with 1 left is 1 (never
    // enough for a salvo).
    let s = solve_int(
        &base(DOZEN_90),
        "stockpile",
        0,
        40,
        "final_stock >= 1",
        Want::Smallest,
    );
    assert_eq!(found(&s), Some(Scalar::Int(1)));
    assert!(matches!(
        s.search,
        Search::NotMonotone {
            exhaustive: true,
            ..
        }
    ));
}

#[test]
fn a_small_range_is_tried_in_full() {
    let s = solve_int(
        &base(DOZEN_90),
        "stockpile",
        90,
        100,
        "nights_fully_defended >= 4",
        Want::Smallest,
    );
    // 4 nights need 96.
    assert_eq!(found(&s), Some(Scalar::Int(96)));
    assert_eq!(s.search, Search::Every { values: 11 });
}

#[test]
fn monte_carlo_solve_meets_the_target_at_its_answer_only() {
    let yaml = "horizon_nights: 30\nstockpile: 100\ninterceptors_per_kill: 2\n\
                missiles_per_night: { poisson: 6 }\n";
    let b = base(yaml);
    let method = ModeChoice::MonteCarlo {
        trials: 400,
        seed: 11,
    };
    let target: Target = "p_lasts_horizon >= 0.9".parse().unwrap();
    let domain = Domain::integer(0.0, 1000.0).unwrap();
    let s = solve(
        &b,
        &key("stockpile"),
        domain,
        &target,
        Want::Smallest,
        method,
    )
    .unwrap();
    let answer = s
        .found
        .expect("a stockpile of 1000 lasts 30 nights of about 12");
    let Scalar::Int(n) = answer.value else {
        panic!("whole number expected")
    };
    // 30 nights of Poisson(6) raids are Poisson(180) missiles (sd √180 =
    // 13.4), 2 interceptors each: 360 ± 26.8 interceptors. Lasting the
    // horizon in 90% of trials needs about the 90th percentile of that,
    // 360 + 1.28 × 26.8 ≈ 394 (a little more, since a shortfall on any
    // night counts), well inside 360..=420.
    assert!((360..=420).contains(&n), "{n}");
    let p = |stock: i64| {
        let summary = b
            .evaluate(&[(key("stockpile"), Scalar::Int(stock))], method)
            .unwrap();
        summary.p_lasts_horizon.unwrap()
    };
    assert!(p(n) >= 0.9);
    assert!(p(n - 1) < 0.9);
}

/// 100 on hand, 10 more on night 3, 24 a night: the dozen-a-night scenario.
const TEN_DELIVERED: &str = "horizon_nights: 90\nstockpile: 100\ninterceptors_per_kill: 2\n\
                             missiles_per_night: 12\ndeliveries:\n  - { night: 3, count: 10 }\n";

#[test]
fn a_two_key_grid_spot_checked_by_hand() {
    let b = base(TEN_DELIVERED);
    let grid = Sweep::new(vec![
        "stockpile=100..300:100".parse().unwrap(),
        "missiles_per_night=6,12,18".parse().unwrap(),
    ])
    .unwrap();
    assert_eq!(grid.len(), 9);
    let points = sweep::run(&b, &grid, Shard::WHOLE, ModeChoice::MeanPath).unwrap();
    let nights: Vec<f64> = points
        .iter()
        .map(|p| p.summary.nights_fully_defended)
        .collect();
    // Night n is defended while S + 10 >= 2m·n (from night 3 on):
    //   S = 100: m = 6 → 110 / 12 = 9.2 → 9; m = 12 → 110 / 24 → 4;
    //            m = 18 → 110 / 36 = 3.06 → 3
    //   S = 200: 210 / 12 = 17.5 → 17; 210 / 24 = 8.75 → 8; 210 / 36 → 5
    //   S = 300: 310 / 12 = 25.8 → 25; 310 / 24 = 12.9 → 12; 310 / 36 → 8
    assert_eq!(nights, vec![9.0, 4.0, 3.0, 17.0, 8.0, 5.0, 25.0, 12.0, 8.0]);
    assert_eq!(points[5].coords, vec![Scalar::Int(200), Scalar::Int(18)]);
}

#[test]
fn shards_reassemble_into_the_whole_grid() {
    let b = base(TEN_DELIVERED);
    let grid = Sweep::new(vec![
        "stockpile=50..250:50".parse().unwrap(),
        "interceptors_per_kill=1..3".parse().unwrap(),
    ])
    .unwrap();
    let whole = sweep::run(&b, &grid, Shard::WHOLE, ModeChoice::MeanPath).unwrap();
    for n in [2, 3, 4, 15, 20] {
        let mut joined = Vec::new();
        for k in 1..=n {
            let shard = Shard { index: k, count: n };
            joined.extend(sweep::run(&b, &grid, shard, ModeChoice::MeanPath).unwrap());
        }
        assert_eq!(joined, whole, "{n} shards");
    }
}

#[test]
fn tornado_of_the_ten_delivered_scenario_worked_by_hand() {
    let b = base(TEN_DELIVERED);
    let parameters = default_parameters(&b);
    let t = tornado(&b, &parameters, Measure::DEFAULT, ModeChoice::MeanPath).unwrap();
    assert_eq!(t.at_base, Some(4.0));
    let rows: Vec<(String, Option<f64>, Option<f64>, f64)> = t
        .bars
        .iter()
        .map(|bar| {
            (
                bar.parameter.key.to_string(),
                bar.at_low,
                bar.at_high,
                bar.swing,
            )
        })
        .collect();
    // Night n is defended while S + 10 >= k·m·n:
    //   interceptors_per_kill 1 → 110 / 12 → 9; 3 → 110 / 36 → 3: swing 6
    //   missiles_per_night 9 → 110 / 18 → 6; 15 → 110 / 30 → 3: swing 3
    //   stockpile 75 → 85 / 24 → 3; 125 → 135 / 24 → 5: swing 2
    //   deliveries.0.count 7 → 107 / 24 → 4; 13 → 113 / 24 → 4: swing 0
    assert_eq!(
        rows,
        vec![
            ("interceptors_per_kill".into(), Some(9.0), Some(3.0), 6.0),
            ("missiles_per_night".into(), Some(6.0), Some(3.0), 3.0),
            ("stockpile".into(), Some(3.0), Some(5.0), 2.0),
            ("deliveries.0.count".into(), Some(4.0), Some(4.0), 0.0),
        ]
    );
}

#[test]
fn unknown_keys_name_the_nearest() {
    let b = base(DOZEN_90);
    let err = b.check_key(&key("stockpil")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "key `stockpil`: the scenario format has no such key; did you mean `stockpile`?"
    );
    // A key the format knows but the file does not give is fine.
    assert!(b.check_key(&key("pk")).is_ok());
    // Whole numbers where the format counts, reals elsewhere: what solve
    // searches over.
    assert!(b.takes_whole_numbers(&key("stockpile")));
    assert!(!b.takes_whole_numbers(&key("pk")));
}

#[test]
fn a_sweep_reads_a_replayed_csv_once() {
    // 1,000 nights of generated raids, 4,000 rows; the scenario replays
    // their ballistic missiles.
    let dir = std::env::temp_dir().join(format!("magdepth-read-once-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (csv, ballistic) = crate::generated::attacks_csv(1000);
    std::fs::write(dir.join("attacks.csv"), csv).unwrap();
    let replayed = "stockpile: 100\ninterceptors_per_kill: 2\n\
                    missiles_per_night: { from_csv: attacks.csv, category: ballistic }\n";
    std::fs::write(dir.join("replayed.yaml"), replayed).unwrap();
    let replayed = Source::load(&dir.join("replayed.yaml"))
        .and_then(Base::new)
        .unwrap_or_else(|e| panic!("{e}"));
    // The base has compiled, so the record has been read: with the file
    // gone, every point still compiles.
    std::fs::remove_dir_all(&dir).unwrap();
    let sweep = Sweep::new(vec!["stockpile=0..199".parse().unwrap()]).unwrap();
    let points = sweep::run(&replayed, &sweep, Shard::WHOLE, ModeChoice::MeanPath).unwrap();
    assert_eq!(points.len(), 200);
    // The record is the same raids as the pattern of its nights.
    let pattern: Vec<String> = ballistic.iter().map(u64::to_string).collect();
    let inline = base(&format!(
        "horizon_nights: 1000\nstockpile: 100\ninterceptors_per_kill: 2\n\
         missiles_per_night: [{}]\n",
        pattern.join(", ")
    ));
    let inline = sweep::run(&inline, &sweep, Shard::WHOLE, ModeChoice::MeanPath).unwrap();
    assert_eq!(points, inline);
}

/// The binary's stdout for `args`, run from the crate root.
fn magdepth(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_magdepth"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cli_shards_concatenate_into_one_run() {
    let file = "tests/fixtures/sweep-dozen-90-nights.yaml";
    let common = [
        "sweep",
        file,
        "--vary",
        "stockpile=100..2000:100",
        "--vary",
        "missiles_per_night=6..18:3",
        "--metric",
        "leakers",
    ];
    for (format, whole_args) in [("csv", vec![]), ("json", vec!["--shard", "1/1"])] {
        let mut args: Vec<&str> = common.to_vec();
        args.extend(["--format", format]);
        args.extend(whole_args);
        let whole = magdepth(&args);
        for n in [2, 3, 7] {
            let mut joined = String::new();
            for k in 1..=n {
                let shard = format!("{k}/{n}");
                let mut args: Vec<&str> = common.to_vec();
                args.extend(["--format", format, "--shard", &shard]);
                joined.push_str(&magdepth(&args));
            }
            assert_eq!(joined, whole, "{format} in {n} shards");
        }
        // 20 stockpiles × 5 raid sizes, one line each (and a CSV header).
        assert_eq!(whole.lines().count(), 100 + usize::from(format == "csv"));
    }
}

/// A random short-form scenario with certain kills and fixed raids.
fn short_form() -> impl Strategy<Value = String> {
    (
        1u32..120,
        0u64..3000,
        1u32..4,
        0u64..40,
        prop::option::of((1u32..40, 0u64..200)),
    )
        .prop_map(|(horizon, stock, k, m, delivery)| {
            let mut yaml = format!(
                "horizon_nights: {horizon}\nstockpile: {stock}\ninterceptors_per_kill: {k}\n\
                 missiles_per_night: {m}\npk: 0.8\ndeliveries:\n"
            );
            let (every, count) = delivery.unwrap_or((30, 0));
            yaml.push_str(&format!(
                "  - {{ every_nights: {every}, count: {count} }}\n"
            ));
            yaml
        })
}

/// The metric at `k` = `a` and at `k` = `b`, ordered (a night that never
/// came as +∞).
fn pair(yaml: &str, k: &str, a: i64, b: i64, m: &str) -> (f64, f64) {
    let base = base(yaml);
    let measure: Measure = m.parse().unwrap();
    let at = |v: i64| {
        let s = base
            .evaluate(&[(key(k), Scalar::Int(v))], ModeChoice::MeanPath)
            .unwrap();
        measure.ordered_value(&s).unwrap()
    };
    (at(a), at(b))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn more_stock_never_lasts_fewer_nights(y in short_form(), s in 0i64..3000, d in 1i64..500) {
        let (a, b) = pair(&y, "stockpile", s, s + d, "nights_fully_defended");
        prop_assert!(b >= a);
        let (a, b) = pair(&y, "stockpile", s, s + d, "first_shortfall_night");
        prop_assert!(b >= a);
        let (a, b) = pair(&y, "stockpile", s, s + d, "leakers");
        prop_assert!(b <= a + 1e-9);
    }

    #[test]
    fn more_missiles_never_last_more_nights(y in short_form(), m in 0i64..40, d in 1i64..20) {
        let (a, b) = pair(&y, "missiles_per_night", m, m + d, "nights_fully_defended");
        prop_assert!(b <= a);
        let (a, b) = pair(&y, "missiles_per_night", m, m + d, "leakers");
        prop_assert!(b >= a - 1e-9);
    }

    #[test]
    fn larger_deliveries_never_bring_the_shortfall_sooner(y in short_form(), c in 0i64..200, d in 1i64..100) {
        let (a, b) = pair(&y, "deliveries.0.count", c, c + d, "first_shortfall_night");
        prop_assert!(b >= a);
        let (a, b) = pair(&y, "deliveries.0.count", c, c + d, "nights_fully_defended");
        prop_assert!(b >= a);
    }

    #[test]
    fn bigger_salvos_never_last_more_nights(y in short_form(), k in 1i64..4, d in 1i64..3) {
        let (a, b) = pair(&y, "interceptors_per_kill", k, k + d, "nights_fully_defended");
        prop_assert!(b <= a);
    }

    #[test]
    fn a_better_pk_never_leaks_more(y in short_form(), p in 0u32..100, d in 1u32..100) {
        let base = base(&y);
        let leakers = |pk: f64| {
            let s = base.evaluate(&[(key("pk"), Scalar::Real(pk))], ModeChoice::MeanPath).unwrap();
            s.leakers
        };
        let (lo, hi) = (f64::from(p) / 100.0, (f64::from(p + d) / 100.0).min(1.0));
        prop_assert!(leakers(hi) <= leakers(lo) + 1e-9);
    }

    #[test]
    fn a_point_is_the_file_with_its_value_written_in(y in short_form(), s in 0i64..3000) {
        // One road: a point's scenario is the scenario of the file with the
        // value written in it.
        let written: Vec<String> = y
            .lines()
            .map(|line| match line.starts_with("stockpile:") {
                true => format!("stockpile: {s}"),
                false => line.to_string(),
            })
            .collect();
        let point = base(&y)
            .scenario_with(&[(key("stockpile"), Scalar::Int(s))])
            .unwrap();
        let file = base(&written.join("\n")).scenario;
        prop_assert_eq!(point, file);
    }

    #[test]
    fn solve_agrees_with_a_scan(y in short_form(), goal in 0u32..120) {
        // Bisection gives the same answer as trying every stockpile.
        let b = base(&y);
        let target = format!("nights_fully_defended >= {goal}");
        let s = solve_int(&b, "stockpile", 0, 400, &target, Want::Smallest);
        let t: Target = target.parse().unwrap();
        let scan = (0..=400).find(|&v| {
            let summary = b.evaluate(&[(key("stockpile"), Scalar::Int(v))], ModeChoice::MeanPath).unwrap();
            t.is_met(summary.nights_fully_defended)
        });
        prop_assert_eq!(found(&s), scan.map(Scalar::Int));
    }
}
