//! Kill probabilities, doctrine and Monte Carlo: expected values worked by
//! hand, and Monte Carlo checked against them.
//!
//! Monte Carlo tests use fixed seeds, so they are deterministic. Each
//! tolerance is five standard errors of the estimate, worked out in the test:
//! a correct engine fails such a check for fewer than one seed in a million,
//! while a wrong formula (say, a kill probability off by 0.01) moves the
//! estimate by many standard errors.

use magdepth::scenario::parse_scenario;
use magdepth::sim::monte_carlo::trial_results;
use magdepth::sim::{Method, Simulation, simulate};

fn scenario(yaml: &str) -> magdepth::model::Scenario {
    parse_scenario(yaml, "test.yaml", "test").unwrap_or_else(|e| panic!("{e}"))
}

fn expected(yaml: &str) -> Simulation {
    simulate(&scenario(yaml), Method::MeanPath, &|_| {})
}

fn monte_carlo(yaml: &str, trials: u64, seed: u64) -> Simulation {
    simulate(
        &scenario(yaml),
        Method::MonteCarlo { trials, seed },
        &|_| {},
    )
}

fn mean_and_variance(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = values.clone().count() as f64;
    let mean = values.clone().sum::<f64>() / n;
    let variance = values.map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, variance)
}

fn assert_within(what: &str, estimate: f64, truth: f64, tolerance: f64) {
    assert!(
        (estimate - truth).abs() <= tolerance,
        "{what}: {estimate} is not within {tolerance} of {truth}"
    );
}

/// An effectively unlimited magazine, so that only kills matter.
const UNLIMITED: &str = "stockpile: 1000000000\ninterceptors_per_kill: 2\n";

#[test]
fn pk_one_reproduces_the_certain_arithmetic_in_both_modes() {
    // Check (a) of the foundation with `pk: 1` written out.
    let yaml = "stockpile: 100\ninterceptors_per_kill: 2\nmissiles_per_night: 12\n\
                horizon_nights: 30\npk: 1\n";
    for sim in [expected(yaml), monte_carlo(yaml, 50, 1)] {
        let s = &sim.summary;
        assert_eq!(s.nights_fully_defended, 4.0);
        assert_eq!(s.first_shortfall_night, Some(5.0));
        assert_eq!(s.exhausted_night, Some(5.0));
        assert_eq!((s.leakers, s.expended, s.final_stock), (310.0, 100.0, 0.0));
    }
    // Shoot-look-shoot at pk 1 never needs a second shot: the arithmetic of
    // one interceptor per kill. 100 interceptors, 12 a night: 8 nights
    // (96), night 9 engages 4 of 12.
    let yaml = "stockpile: 100\ninterceptors_per_kill: 2\nmissiles_per_night: 12\n\
                horizon_nights: 30\npk: 1\ndoctrine: shoot-look-shoot\n";
    for sim in [expected(yaml), monte_carlo(yaml, 50, 1)] {
        let s = &sim.summary;
        assert_eq!(s.first_shortfall_night, Some(9.0));
        assert_eq!((s.engaged, s.expended), (100.0, 100.0));
    }
}

#[test]
fn mean_path_leakers_and_the_chance_of_a_clean_night() {
    // Ten missiles a night at pk 0.7, salvo of 2, ample stock: each engaged
    // missile survives with probability 0.09, so 0.9 leak a night on
    // average and a night is clean with probability 0.91^10 = 0.38942.
    let sim = expected(&format!(
        "{UNLIMITED}missiles_per_night: 10\npk: 0.7\nhorizon_nights: 5\n"
    ));
    let night = &sim.nights[0];
    assert!((night.leakers - 0.9).abs() < 1e-12);
    assert!((night.p_night_without_leakers - 0.91f64.powi(10)).abs() < 1e-12);
    assert!((sim.summary.leakers - 4.5).abs() < 1e-9);
    // The stock never runs short, so every night counts as fully defended.
    assert_eq!(sim.summary.nights_fully_defended, 5.0);
}

#[test]
fn expected_shoot_look_shoot_stock_path() {
    // pk 0.7, up to 2 shots: 1.3 interceptors per missile; 10 missiles a
    // night use 13. 130 interceptors last exactly 10 nights; night 11
    // leaks for lack of stock.
    let sim = expected(
        "stockpile: 130\ninterceptors_per_kill: 2\nmissiles_per_night: 10\npk: 0.7\n\
         doctrine: shoot-look-shoot\nhorizon_nights: 12\n",
    );
    assert!((sim.nights[0].expended - 13.0).abs() < 1e-9);
    assert_eq!(sim.summary.first_shortfall_night, Some(11.0));
    assert_eq!(sim.summary.exhausted_night, Some(10.0));
}

#[test]
fn expected_raids_enter_through_their_means() {
    // Poisson 12, choice [6, 12, 18] and a 50% chance of a 24-missile raid
    // all average 12 a night: 24 interceptors a night at 2 per kill, so 100
    // last 4 nights either way.
    for raid in [
        "missiles_per_night: { poisson: 12 }",
        "missiles_per_night: { choice: [6, 12, 18] }",
        "missiles_per_night: { negative_binomial: { mean: 12, dispersion: 3 } }",
        "missiles_per_night: 24\nraid_probability: 0.5",
    ] {
        let sim = expected(&format!(
            "stockpile: 100\ninterceptors_per_kill: 2\n{raid}\nhorizon_nights: 10\n"
        ));
        assert_eq!(sim.nights[0].launched, 12.0, "{raid}");
        assert_eq!(sim.summary.first_shortfall_night, Some(5.0), "{raid}");
        assert_eq!(sim.summary.burn_per_night, 24.0, "{raid}");
    }
}

#[test]
fn monte_carlo_agrees_with_expected_mode() {
    // Poisson raids of 12 against unlimited stock at pk 0.7, salvo of 2.
    // Leakers per night are Poisson(12 · 0.09 = 1.08) (thinning), so a
    // 30-night trial leaks 32.4 on average with variance 32.4. Over 4000
    // trials the mean's standard error is √(32.4/4000) = 0.09: tolerance
    // 0.45. A clean night has probability e^(−1.08) = 0.33960; over
    // 120,000 trial-nights its standard error is √(0.34·0.66/120000)
    // = 0.00137: tolerance 0.0069.
    let yaml =
        format!("{UNLIMITED}missiles_per_night: {{ poisson: 12 }}\npk: 0.7\nhorizon_nights: 30\n");
    let e = expected(&yaml);
    let m = monte_carlo(&yaml, 4000, 2026);
    assert!((e.summary.leakers - 32.4).abs() < 1e-9);
    assert_within("mean leakers", m.summary.leakers, 32.4, 0.45);
    let clean_nights = m
        .nights
        .iter()
        .map(|n| n.p_night_without_leakers)
        .sum::<f64>()
        / 30.0;
    assert!((e.nights[0].p_night_without_leakers - (-1.08f64).exp()).abs() < 1e-12);
    assert_within("clean nights", clean_nights, (-1.08f64).exp(), 0.0069);
    assert_eq!(m.summary.p_lasts_horizon, Some(1.0));
}

#[test]
fn leakers_of_a_fixed_raid_are_binomial() {
    // 20 missiles, unlimited stock, kill probability 0.91: leakers are
    // Binomial(20, 0.09), mean 1.8 and variance 20·0.09·0.91 = 1.638.
    // 20,000 one-night trials: the mean's standard error is
    // √(1.638/20000) = 0.00905 (tolerance 0.045); the sample variance's is
    // about σ²·√(2/n) = 0.0164 (tolerance 0.082).
    let s = scenario(&format!(
        "{UNLIMITED}missiles_per_night: 20\npk: 0.7\nhorizon_nights: 1\n"
    ));
    let trials = trial_results(&s, 20_000, 99, false);
    let (mean, variance) = mean_and_variance(trials.iter().map(|r| r.leakers as f64));
    assert_within("binomial mean", mean, 1.8, 0.045);
    assert_within("binomial variance", variance, 1.638, 0.082);
}

#[test]
fn monte_carlo_doctrines_match_their_formulas() {
    // 20,000 one-night trials of 10 missiles against unlimited stock: 200,000
    // engagements. A kill share q has standard error √(q(1−q)/200000) ≤
    // 0.00112 (tolerance 0.0056); shots per missile vary by at most 1 around
    // their mean, so theirs is at most √(0.25/200000) = 0.00112 as well.
    let cases = [
        // (keys, kill probability, shots per missile), worked in kill.rs.
        ("pk: 0.7", 0.91, 2.0),
        ("pk: 0.7\ndoctrine: shoot-look-shoot", 0.91, 1.3),
        (
            "pk: 0.7\ndoctrine: shoot-look-shoot\nkill_assessment: 0.9",
            0.889,
            1.27,
        ),
        ("pk: 0.65\nreliability: 0.5", 0.43875, 2.0),
        ("pk: 0.9\nreliability: 0.9", 0.891, 2.0),
    ];
    for (keys, kill, shots) in cases {
        let s = scenario(&format!(
            "{UNLIMITED}missiles_per_night: 10\n{keys}\nhorizon_nights: 1\n"
        ));
        let trials = trial_results(&s, 20_000, 5, false);
        let engaged: u64 = trials.iter().map(|r| r.engaged).sum();
        let leaked: u64 = trials.iter().map(|r| r.leakers).sum();
        let fired: u64 = trials.iter().map(|r| r.expended).sum();
        assert_eq!(engaged, 200_000, "{keys}");
        let killed_share = 1.0 - leaked as f64 / engaged as f64;
        assert_within(keys, killed_share, kill, 0.0056);
        assert_within(keys, fired as f64 / engaged as f64, shots, 0.0056);
    }
}

#[test]
fn monte_carlo_raid_sizes_have_their_distributions() {
    // One night per trial, 20,000 trials; launched is the raid size.
    // Tolerances: 5 standard errors of the mean, √(variance/20000), and 6 of
    // the variance, σ²·√(2/20000) (more for the heavy-tailed ones).
    let cases = [
        // (raid, mean, variance, variance tolerance)
        ("{ poisson: 12 }", 12.0, 12.0, 0.6),
        // Negative binomial: μ + μ²/k = 12 + 144/3 = 60; its fourth moment
        // is large, so the variance gets a wider band (about 8%).
        (
            "{ negative_binomial: { mean: 12, dispersion: 3 } }",
            12.0,
            60.0,
            5.0,
        ),
        // Uniform on {6, 12, 18}: mean 12, variance (36 + 0 + 36)/3 = 24.
        ("{ choice: [6, 12, 18] }", 12.0, 24.0, 1.2),
    ];
    for (raid, mean, variance, variance_tolerance) in cases {
        let s = scenario(&format!(
            "{UNLIMITED}missiles_per_night: {raid}\nhorizon_nights: 1\n"
        ));
        let trials = trial_results(&s, 20_000, 11, false);
        let (m, v) = mean_and_variance(trials.iter().map(|r| r.launched as f64));
        assert_within(raid, m, mean, 5.0 * (variance / 20_000f64).sqrt());
        assert_within(raid, v, variance, variance_tolerance);
    }
    // A 50% chance of 24 missiles: mean 12, variance 24²·0.25 = 144.
    let s = scenario(&format!(
        "{UNLIMITED}missiles_per_night: 24\nraid_probability: 0.5\nhorizon_nights: 1\n"
    ));
    let trials = trial_results(&s, 20_000, 13, false);
    let (m, v) = mean_and_variance(trials.iter().map(|r| r.launched as f64));
    assert_within(
        "raid probability mean",
        m,
        12.0,
        5.0 * (144f64 / 20_000.0).sqrt(),
    );
    assert_within(
        "raid probability variance",
        v,
        144.0,
        6.0 * 144.0 * (2f64 / 20_000.0).sqrt(),
    );
}

#[test]
fn the_stock_runs_dry_on_each_trials_own_night() {
    // 100 interceptors, 2 per kill, Poisson raids of 12: trials run dry on
    // different nights, around night 5 (100/24 ≈ 4.2 nights of average
    // raids), so the spread is wider than one night.
    let yaml = "stockpile: 100\ninterceptors_per_kill: 2\nmissiles_per_night: { poisson: 12 }\n\
                horizon_nights: 30\n";
    let sim = monte_carlo(yaml, 2000, 3);
    let d = sim.summary.distribution.as_ref().unwrap();
    let (p5, p95) = (
        d.nights_fully_defended.p5.unwrap(),
        d.nights_fully_defended.p95.unwrap(),
    );
    assert!(p5 < p95, "p5 {p5} p95 {p95}");
    assert!((3.0..=5.0).contains(&d.nights_fully_defended.p50.unwrap()));
    assert_eq!(sim.summary.p_lasts_horizon, Some(0.0));
}

/// The long form's salvo engagement with every feature the bundled
/// scenarios use (launchers, reserve, rationing, production; arsenal,
/// electronic warfare, decoys; counts in the hundreds), with and without
/// the stock band: the same output on 1, 2 and 3 threads.
#[test]
fn long_form_output_does_not_depend_on_the_threads() {
    use magdepth::sim::simulate_with_band;
    let method = Method::MonteCarlo {
        trials: 1500, // six chunks of 256
        seed: 11,
    };
    for name in [
        "patriot-reserve-and-rationing",
        "drone-campaign-decoys-ew",
        "kyiv-10-july-2025-raid-weekly",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(format!("{name}.yaml"));
        let s = magdepth::scenario::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let on = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            (
                pool.install(|| simulate(&s, method, &|_| {})),
                pool.install(|| simulate_with_band(&s, method, &|_| {})),
            )
        };
        let one = on(1);
        assert_eq!(one, on(2), "{name}");
        assert_eq!(one, on(3), "{name}");
    }
}

#[test]
fn same_seed_same_output_on_any_number_of_threads() {
    let s = scenario(
        "stockpile: 300\ninterceptors_per_kill: 2\nmissiles_per_night: { negative_binomial: { mean: 12, dispersion: 2 } }\n\
         pk: 0.7\ndoctrine: shoot-look-shoot\nkill_assessment: 0.9\nraid_probability: 0.8\nhorizon_nights: 60\n\
         deliveries:\n  - { every_nights: 7, count: 40 }\n",
    );
    let method = Method::MonteCarlo {
        trials: 3000, // several chunks of 256, so threads really split them
        seed: 42,
    };
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| simulate(&s, method, &|_| {}))
    };
    let one = on(1);
    assert_eq!(one, on(4));
    assert_eq!(one, on(1));
    let other_seed = simulate(
        &s,
        Method::MonteCarlo {
            trials: 3000,
            seed: 43,
        },
        &|_| {},
    );
    assert_ne!(one.summary, other_seed.summary);
}
