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
