//! Figures given as ranges, drawn once per Monte Carlo trial: the
//! hand-worked checks of issue 17, on scenarios built in the model.

use magdepth::kill::KillModel;
use magdepth::model::{Engagement, InterceptorType, Raid, Scenario, Threat};
use magdepth::sim::{Method, simulate};
use magdepth::uncertain::{Input, Range, Uncertain};

/// Stockpile S, 12 missiles a night at 2 per kill, certain kills, 30 nights.
fn dozen_a_night(stockpile: u64, pk: f64) -> Scenario {
    Scenario {
        name: "ranges".into(),
        description: None,
        start_date: None,
        horizon_nights: 30,
        interceptors: vec![InterceptorType {
            name: "interceptors".into(),
            stockpile,
            unit_cost: None,
            fire_capacity: None,
            reserve: 0,
        }],
        threats: vec![Threat {
            name: "missiles".into(),
            raid: Raid::Every(12),
            raid_probability: 1.0,
            tiers: vec![vec![Engagement {
                interceptor: 0,
                kill: KillModel {
                    pk,
                    ..KillModel::certain(2)
                },
                rationed: None,
            }]],
            unit_cost: None,
            arsenal: None,
            decoy: None,
            lost_to_ew: 0.0,
        }],
        deliveries: vec![],
        production: vec![],
        sources: vec![],
        overrides: vec![],
        uncertain: vec![],
        value_sources: Vec::new(),
    }
}

fn stockpile_between(low: f64, high: f64) -> Uncertain {
    Uncertain {
        key: "stockpile".into(),
        range: Range::Between { low, high },
        whole: true,
        input: Input::Stockpile { interceptor: 0 },
        source: None,
    }
}

fn monte_carlo(s: &Scenario, trials: u64, seed: u64) -> magdepth::summary::Summary {
    simulate(s, Method::MonteCarlo { trials, seed }, &|_| {}).summary
}

#[test]
fn nights_fully_defended_over_a_stockpile_range() {
    // Stockpile uniform on the whole numbers 100..=300 (201 of them).
    // Nights fully defended are ⌊S / 24⌋: 4 for S = 100..=119 (20 values),
    // 5..=11 for 24 values each, 12 for S = 288..=300 (13 values). Mean
    // (4·20 + 24·(5 + … + 11) + 12·13) / 201 = (80 + 1344 + 156) / 201 =
    // 1580 / 201 = 7.8607; variance 5.9507. Median: P(≤ 7) = 92/201 =
    // 0.458 and P(≤ 8) = 116/201 = 0.577, so the median is 8. With 20,000
    // trials the mean's standard error is √(5.9507 / 20000) = 0.0172
    // (tolerance 5 of them); the median's distance from a rank change is
    // 12 standard errors of a share, so it is exact.
    let mut s = dozen_a_night(200, 1.0);
    s.uncertain.push(stockpile_between(100.0, 300.0));
    let summary = monte_carlo(&s, 20_000, 3);
    let spread = summary.distribution.unwrap().nights_fully_defended;
    assert!(
        (spread.mean - 1580.0 / 201.0).abs() < 5.0 * 0.0172,
        "{}",
        spread.mean
    );
    assert_eq!(spread.p50, Some(8.0));
    assert_eq!((spread.p5, spread.p95), (Some(4.0), Some(12.0)));
    // The expected path uses the range's mean, 200: ⌊200 / 24⌋ = 8.
    let path = simulate(&s, Method::MeanPath, &|_| {}).summary;
    assert_eq!(path.nights_fully_defended, 8.0);
}

#[test]
fn stockpile_drives_nights_fully_defended_and_pk_does_not() {
    // Stockpile uniform on 100..=300 and pk uniform on [0.5, 0.9]. Nights
    // fully defended count stock, not misses: ⌊S / 24⌋, whatever the pk. So
    // their rank correlation with the stockpile is near 1 (the steps of
    // ⌊S / 24⌋ tie neighbouring stockpiles: about 0.99) and with pk near 0
    // (its standard error about 1 / √20000 = 0.007; allow 0.04). Leakers
    // fall as either rises: the stockpile decides how many are never
    // engaged (about 360 − S/2 of them, 160 to 310), pk only how many of
    // the S/2 engaged survive (1% to 25% of them), so the stockpile's
    // correlation with leakers is near −1 and pk's clearly negative but
    // weaker.
    let mut s = dozen_a_night(200, 0.7);
    s.uncertain.push(stockpile_between(100.0, 300.0));
    s.uncertain.push(Uncertain {
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
    });
    let summary = monte_carlo(&s, 20_000, 8);
    let driver = |name: &str| {
        summary
            .drivers
            .iter()
            .find(|d| d.input == name)
            .unwrap_or_else(|| panic!("no driver {name}: {:?}", summary.drivers))
            .clone()
    };
    let stockpile = driver("stockpile");
    let pk = driver("pk");
    assert!(
        stockpile.nights_fully_defended.unwrap() > 0.98,
        "{stockpile:?}"
    );
    assert!(pk.nights_fully_defended.unwrap().abs() < 0.04, "{pk:?}");
    assert!(stockpile.leakers.unwrap() < -0.9, "{stockpile:?}");
    assert!(pk.leakers.unwrap() < -0.15, "{pk:?}");
    // The stockpile is the strongest driver, and comes first.
    assert_eq!(summary.drivers[0].input, "stockpile");
}

#[test]
fn triangular_draws_have_the_closed_form_mean_and_variance() {
    // A stockpile drawn from triangular [150, 300, 400] (continuous draws
    // rounded to whole interceptors) against no raid: every trial ends with
    // its stockpile. Mean (150 + 300 + 400) / 3 = 283.33; variance
    // (a² + b² + c² − ab − ac − bc) / 18 = (22500 + 90000 + 160000 − 45000
    // − 60000 − 120000) / 18 = 47500 / 18 = 2638.9 (rounding adds 1/12).
    // Over 20,000 trials the mean's standard error is √(2638.9 / 20000) =
    // 0.363: allow 5 of them. The variance is checked through the spread
    // of final stock: its 5th percentile is the 0.05 quantile,
    // 150 + √(0.05 · 250 · 150) = 193.3, within a few interceptors.
    let mut s = dozen_a_night(283, 1.0);
    s.threats[0].raid = Raid::Every(0);
    s.uncertain.push(Uncertain {
        key: "stockpile".into(),
        range: Range::Triangular {
            low: 150.0,
            likely: 300.0,
            high: 400.0,
        },
        whole: true,
        input: Input::Stockpile { interceptor: 0 },
        source: None,
    });
    let trials = magdepth::sim::monte_carlo::trial_results(&s, 20_000, 5, false);
    let values: Vec<f64> = trials.iter().map(|t| t.final_stock as f64).collect();
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    assert!((mean - 850.0 / 3.0).abs() < 5.0 * 0.363, "mean {mean}");
    // The sample variance's standard error is about σ²·√(2/n) = 26.4
    // (a triangular distribution's kurtosis is below the normal's).
    assert!(
        (variance - (47500.0 / 18.0 + 1.0 / 12.0)).abs() < 5.0 * 26.4,
        "variance {variance}"
    );
    let summary = monte_carlo(&s, 20_000, 5);
    assert!((summary.final_stock - 850.0 / 3.0).abs() < 5.0 * 0.363);
}

#[test]
fn adding_a_range_leaves_the_other_draws_as_they_were() {
    // The same seed, with and without a cost range (which changes no
    // engagement): every trial's figures are the same, because each input
    // draws from its own stream and raids and shots from the trial's.
    let mut with_stockpile = dozen_a_night(200, 0.7);
    with_stockpile
        .uncertain
        .push(stockpile_between(100.0, 300.0));
    let mut both = with_stockpile.clone();
    both.interceptors[0].unit_cost = Some(4.0e6);
    both.uncertain.push(Uncertain {
        key: "unit_cost".into(),
        range: Range::Between {
            low: 3.0e6,
            high: 5.0e6,
        },
        whole: false,
        input: Input::InterceptorCost { interceptor: 0 },
        source: None,
    });
    let a = magdepth::sim::monte_carlo::trial_results(&with_stockpile, 200, 9, false);
    let b = magdepth::sim::monte_carlo::trial_results(&both, 200, 9, false);
    assert_eq!(a, b);
}

#[test]
fn results_do_not_depend_on_the_threads() {
    let mut s = dozen_a_night(200, 0.7);
    s.uncertain.push(stockpile_between(100.0, 300.0));
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                simulate(
                    &s,
                    Method::MonteCarlo {
                        trials: 3000,
                        seed: 4,
                    },
                    &|_| {},
                )
            })
    };
    assert_eq!(on(1), on(3));
}

// From YAML: the forms, their checks and their sources.

use magdepth::scenario::parse_scenario;

fn from_yaml(yaml: &str) -> Scenario {
    parse_scenario(yaml, "test.yaml", "test").unwrap_or_else(|e| panic!("{e}"))
}

fn error_of(yaml: &str) -> String {
    match parse_scenario(yaml, "test.yaml", "test") {
        Ok(_) => panic!("expected an error in:\n{yaml}"),
        Err(e) => e.to_string(),
    }
}

const DOZEN: &str = "
name: Ranged
horizon_nights: 30
interceptors_per_kill: 2
missiles_per_night: 12
";

#[test]
fn a_stockpile_range_from_yaml_matches_the_hand_working() {
    // The case of nights_fully_defended_over_a_stockpile_range, written as
    // a user would: mean 1580 / 201 = 7.8607, median 8; the expected path
    // uses the range's mean, 200, so ⌊200 / 24⌋ = 8 nights.
    let s = from_yaml(&format!(
        "{DOZEN}stockpile: {{ between: [100, 300] }}\npk: 1\n"
    ));
    assert!(s.has_chance());
    assert_eq!(s.interceptors[0].stockpile, 200);
    assert_eq!(s.uncertain.len(), 1);
    assert_eq!(s.uncertain[0].key, "stockpile");
    let spread = monte_carlo(&s, 20_000, 3)
        .distribution
        .unwrap()
        .nights_fully_defended;
    assert!(
        (spread.mean - 1580.0 / 201.0).abs() < 5.0 * 0.0172,
        "{}",
        spread.mean
    );
    assert_eq!(spread.p50, Some(8.0));
    let expected = simulate(&s, Method::MeanPath, &|_| {}).summary;
    assert_eq!(expected.nights_fully_defended, 8.0);
}

#[test]
fn a_whole_number_range_uses_its_mean_rounded_half_up_on_the_expected_path() {
    // between [100, 301]: mean 200.5, rounded half up to 201.
    let s = from_yaml(&format!(
        "{DOZEN}stockpile: {{ between: [100, 301] }}\npk: 1\n"
    ));
    assert_eq!(s.interceptors[0].stockpile, 201);
    // triangular [0.5, 0.6, 1.0]: mean (0.5 + 0.6 + 1.0) / 3 = 0.7.
    let s = from_yaml(&format!(
        "{DOZEN}stockpile: 100\npk: {{ triangular: [0.5, 0.6, 1.0] }}\n"
    ));
    let pk = s.threats[0].tiers[0][0].kill.pk;
    assert!((pk - 0.7).abs() < 1e-12, "{pk}");
}

#[test]
fn a_degenerate_range_is_the_plain_value_byte_for_byte() {
    // between [0.7, 0.7] is the number 0.7: same scenario, same seed, the
    // same JSON to the byte (and nothing random, so no driver to list).
    let ranged = from_yaml(&format!(
        "{DOZEN}stockpile: {{ between: [300, 300] }}\npk: {{ between: [0.7, 0.7] }}\n"
    ));
    let plain = from_yaml(&format!("{DOZEN}stockpile: 300\npk: 0.7\n"));
    assert!(ranged.uncertain.is_empty());
    for seed in [1, 99] {
        let method = Method::MonteCarlo { trials: 500, seed };
        let (a, b) = (
            simulate(&ranged, method, &|_| {}),
            simulate(&plain, method, &|_| {}),
        );
        assert_eq!(
            serde_json::to_string(&a.summary).unwrap(),
            serde_json::to_string(&b.summary).unwrap()
        );
        assert_eq!(
            serde_json::to_string(&a.nights).unwrap(),
            serde_json::to_string(&b.nights).unwrap()
        );
    }
}

#[test]
fn range_errors_name_the_key_path() {
    let base = format!("{DOZEN}stockpile: 100\n");
    // Reversed.
    let e = error_of(&format!(
        "{DOZEN}stockpile: {{ between: [300, 100] }}\npk: 1\n"
    ));
    assert!(
        e.contains("stockpile.between") && e.contains("backwards"),
        "{e}"
    );
    let e = error_of(&format!("{base}pk: {{ triangular: [0.5, 0.9, 0.8] }}\n"));
    assert!(e.contains("pk.triangular") && e.contains("order"), "{e}");
    // A probability range outside [0, 1].
    let e = error_of(&format!("{base}pk: {{ between: [0.5, 1.2] }}\n"));
    assert!(e.contains("pk.between"), "{e}");
    // A range on a key that takes none.
    let e = error_of(&format!("{base}pk: 1\n").replace(
        "interceptors_per_kill: 2",
        "interceptors_per_kill: { between: [1, 3] }",
    ));
    assert!(
        e.contains("interceptors_per_kill") && e.contains("not a range"),
        "{e}"
    );
    let e = error_of(&format!("{base}pk: 1\n").replace(
        "horizon_nights: 30",
        "horizon_nights: { triangular: [10, 20, 30] }",
    ));
    assert!(
        e.contains("horizon_nights") && e.contains("not a range"),
        "{e}"
    );
    // Long form: the key path runs through the names.
    let e = error_of(
        "
name: Long
interceptors:
  sam: { stockpile: 10, pk: { between: [0.9, 0.8] } }
threats:
  ballistic: { missiles_per_night: 2, engaged_by: [sam], interceptors_per_kill: 1 }
",
    );
    assert!(e.contains("interceptors.sam.pk.between"), "{e}");
    // Forms that are not a figure.
    let e = error_of(&format!("{base}pk: {{ between: [0.5] }}\n"));
    assert!(e.contains("two numbers"), "{e}");
    let e = error_of(&format!("{base}pk: {{ source: \"a report\" }}\n"));
    assert!(e.contains("source alone"), "{e}");
    let e = error_of(&format!(
        "{base}pk: {{ value: 0.5, between: [0.4, 0.6] }}\n"
    ));
    assert!(e.contains("one of value, between and triangular"), "{e}");
}

#[test]
fn sources_are_kept_by_key_path() {
    let s = from_yaml(
        "
name: Sourced
interceptors:
  pac3-mse:
    stockpile: { between: [200, 400], source: \"HUR, May 2025: 'about 300'\" }
    pk: { value: 0.8, source: \"illustrative\" }
threats:
  ballistic:
    missiles_per_night: { poisson: { value: 12, source: \"AFP, 10 July 2025\" } }
    engaged_by: [pac3-mse]
    interceptors_per_kill: 2
",
    );
    let sources: Vec<(&str, &str)> = s
        .value_sources
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert!(
        sources.contains(&("interceptors.pac3-mse.pk", "illustrative")),
        "{sources:?}"
    );
    assert!(
        sources.contains(&(
            "threats.ballistic.missiles_per_night.poisson",
            "AFP, 10 July 2025"
        )),
        "{sources:?}"
    );
    assert_eq!(s.uncertain.len(), 1);
    assert_eq!(s.uncertain[0].key, "interceptors.pac3-mse.stockpile");
    assert_eq!(
        s.uncertain[0].source.as_deref(),
        Some("HUR, May 2025: 'about 300'")
    );
}

#[test]
fn attacker_figures_take_ranges() {
    let s = from_yaml(
        "
name: Two-sided
horizon_nights: 30
stockpile: 500
interceptors_per_kill: 2
missiles_per_night: 10
pk: 0.8
lost_to_ew: { between: [0.1, 0.3] }
arsenal:
  on_hand: { triangular: [150, 250, 400] }
  production:
    - { per_month: { between: [50, 70] } }
",
    );
    let keys: Vec<&str> = s.uncertain.iter().map(|u| u.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "arsenal.on_hand",
            "arsenal.production.0.per_month",
            "lost_to_ew"
        ]
    );
    let summary = monte_carlo(&s, 2000, 5);
    assert_eq!(summary.drivers.len(), 3);
}

#[test]
fn every_key_that_takes_a_range_takes_one() {
    let s = from_yaml(
        "
name: Everything ranged
start_date: 2025-07-01
horizon_nights: 40
interceptors:
  sam:
    stockpile: { between: [100, 200] }
    pk: { between: [0.6, 0.9] }
    reliability: { triangular: [0.8, 0.9, 1.0] }
    kill_assessment: { between: [0.7, 0.9] }
    doctrine: shoot-look-shoot
    unit_cost: { between: [1.0e6, 2.0e6] }
threats:
  ballistic:
    missiles_per_night: { poisson: { between: [4, 8] } }
    raid_probability: { between: [0.5, 0.9] }
    engaged_by: [sam]
    interceptors_per_kill: 2
    lost_to_ew: { between: [0.0, 0.2] }
    arsenal:
      on_hand: { between: [50, 150] }
      production: [{ per_year: { between: [100, 300] } }]
  decoys:
    decoy: true
    discrimination: { between: [0.2, 0.5] }
    missiles_per_night: { negative_binomial: { mean: { between: [5, 15] }, dispersion: 2 } }
    engaged_by: [sam]
    interceptors_per_kill: 1
deliveries:
  - { interceptor: sam, night: 10, count: { between: [10, 30] } }
production:
  - { interceptor: sam, per_month: { between: [5, 15] }, share: { between: [0.2, 0.4] } }
",
    );
    let mut keys: Vec<&str> = s.uncertain.iter().map(|u| u.key.as_str()).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "deliveries.0.count",
            "interceptors.sam.kill_assessment",
            "interceptors.sam.pk",
            "interceptors.sam.reliability",
            "interceptors.sam.stockpile",
            "interceptors.sam.unit_cost",
            "production.0.per_month",
            "production.0.share",
            "threats.ballistic.arsenal.on_hand",
            "threats.ballistic.arsenal.production.0.per_year",
            "threats.ballistic.lost_to_ew",
            "threats.ballistic.missiles_per_night.poisson",
            "threats.ballistic.raid_probability",
            "threats.decoys.discrimination",
            "threats.decoys.missiles_per_night.negative_binomial.mean",
        ]
    );
    let summary = monte_carlo(&s, 400, 2);
    assert_eq!(summary.drivers.len(), keys.len());
}

#[test]
fn drawn_stocks_are_conserved_on_both_sides() {
    // With the arsenal's stock and production and the defence's stockpile
    // all drawn, the Monte Carlo means still balance: what was on hand and
    // made is launched or left (attack), and stockpile + delivered =
    // expended + final stock (defence), each within rounding.
    let s = from_yaml(
        "
name: Both drawn
horizon_nights: 30
stockpile: { between: [100, 300] }
interceptors_per_kill: 1
missiles_per_night: 10
pk: 0.8
deliveries: [{ night: 10, count: { triangular: [0, 10, 50] } }]
arsenal:
  on_hand: { triangular: [10, 50, 200] }
  production: [{ per_month: { between: [10, 100] } }]
",
    );
    let m = monte_carlo(&s, 20_000, 1);
    let t = &m.by_threat[0];
    let (start, produced, end) = (
        t.arsenal_start.unwrap(),
        t.produced.unwrap(),
        t.arsenal_end.unwrap(),
    );
    assert!((start + produced - t.launched - end).abs() < 1e-6, "{t:?}");
    // The whole-number triangular [10, 50, 200] has mean ≈ 86.67 and a
    // standard deviation of about 39, so 20,000 trials put the mean of the
    // draws within 5 × 39 / √20000 = 1.4 of it: the summary shows the
    // draws, not the plan's rounded mean (87).
    assert!((start - 86.67).abs() < 1.4, "{start}");
    let i = &m.by_interceptor[0];
    assert!(
        (i.stockpile + i.delivered - i.expended - i.final_stock).abs() < 1e-6,
        "{i:?}"
    );
    assert!(
        (i.stockpile - 200.0).abs() < 5.0 * 58.0 / 20_000f64.sqrt(),
        "{}",
        i.stockpile
    );
}

#[test]
fn drawn_production_is_what_arrives_trial_by_trial() {
    // Nothing is launched, so nothing is fired: each trial's final stock is
    // what its drawn production delivered, and its arsenal at the end is
    // what was made. 30.4375 to 91.3125 a month is 1 to 3 a night (30.4375
    // nights a month), so over 10 nights a rate r makes ⌊10r⌋: 10 to 30,
    // and with r uniform, ⌊10r⌋ is each of 10 to 29 with chance 1/20
    // (30 only at r = 3), a mean of 19.5 and a standard deviation of
    // √((20² − 1) / 12) = 5.77; 20,000 trials put the mean within
    // 5 × 5.77 / √20000 = 0.2 of it, on both sides.
    let s = from_yaml(
        "
name: Production drawn
horizon_nights: 10
stockpile: 0
interceptors_per_kill: 1
missiles_per_night: 0
production: [{ per_month: { between: [30.4375, 91.3125] } }]
arsenal:
  production: [{ per_month: { between: [30.4375, 91.3125] } }]
",
    );
    let trials = magdepth::sim::monte_carlo::trial_results(&s, 200, 3, false);
    for trial in &trials {
        assert_eq!(trial.delivered, trial.final_stock, "{trial:?}");
        assert_eq!(trial.expended, 0, "{trial:?}");
        assert!((10..=30).contains(&trial.delivered), "{trial:?}");
    }
    let delivered: Vec<u64> = trials.iter().map(|t| t.delivered).collect();
    assert!(
        delivered.iter().min() < delivered.iter().max(),
        "{delivered:?}"
    );
    let m = monte_carlo(&s, 20_000, 3);
    let i = &m.by_interceptor[0];
    assert_eq!((i.delivered, i.expended), (i.final_stock, 0.0), "{i:?}");
    assert!((i.delivered - 19.5).abs() < 0.2, "{i:?}");
    let t = &m.by_threat[0];
    let (produced, end) = (t.produced.unwrap(), t.arsenal_end.unwrap());
    assert_eq!(produced, end, "{t:?}");
    assert!((produced - 19.5).abs() < 0.2, "{t:?}");
}
