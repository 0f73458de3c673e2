//! The modes (issue 12 §1): `--mode auto` by default, exact where nothing is
//! random and Monte Carlo with a fixed seed otherwise; the options example
//! the mean path gets backwards; per-point modes in sweeps; the quick check
//! behind the mean path's note; per-threat and per-type metrics (§4); and
//! the checks `solve` makes of its answer.

use magdepth::analysis::quick_check::quick_check;
use magdepth::analysis::sensitivity::default_parameters;
use magdepth::analysis::solve::{Domain, Target, Want, solve};
use magdepth::analysis::sweep::{self, Shard, Sweep};
use magdepth::analysis::{Base, Measure, method_used};
use magdepth::model::Scenario;
use magdepth::overrides::Scalar;
use magdepth::scenario::Source;
use magdepth::sim::{DEFAULT_SEED, DEFAULT_TRIALS, Method, Mode, ModeChoice, simulate};
use magdepth::summary::Summary;
use proptest::prelude::*;
use std::path::Path;

fn base(yaml: &str) -> Base {
    Source::from_text(yaml, "test.yaml", "test", Path::new("."))
        .and_then(Base::new)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn option(file: &str) -> Scenario {
    Source::load(Path::new(&format!("tests/fixtures/options/{file}")))
        .and_then(|source| source.scenario())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn run(scenario: &Scenario, choice: ModeChoice) -> Summary {
    simulate(scenario, choice.method_for(scenario), &|_| {}).summary
}

fn value(measure: &str, summary: &Summary) -> Option<f64> {
    measure.parse::<Measure>().unwrap().value(summary)
}

#[test]
fn auto_is_exact_where_nothing_is_random_and_monte_carlo_with_the_fixed_seed_otherwise() {
    let certain = base("stockpile: 100\ninterceptors_per_kill: 2\nmissiles_per_night: 12\n");
    assert_eq!(
        ModeChoice::DEFAULT.method_for(&certain.scenario),
        Method::Exact
    );
    let summary = run(&certain.scenario, ModeChoice::DEFAULT);
    assert_eq!(summary.mode, Mode::Exact);
    // 100 / 24 = 4 nights.
    assert_eq!(summary.nights_fully_defended, 4.0);
    let random =
        base("stockpile: 100\ninterceptors_per_kill: 2\nmissiles_per_night: { poisson: 12 }\n");
    assert_eq!(
        ModeChoice::DEFAULT.method_for(&random.scenario),
        Method::MonteCarlo {
            trials: DEFAULT_TRIALS,
            seed: DEFAULT_SEED
        }
    );
    // The mean path of a scenario where nothing is random is exact, and
    // says so; where something is random it says mean-path.
    assert_eq!(
        run(&certain.scenario, ModeChoice::MeanPath).mode,
        Mode::Exact
    );
    assert_eq!(
        run(&random.scenario, ModeChoice::MeanPath).mode,
        Mode::MeanPath
    );
    // The same call gives the same figures: the seed is fixed.
    let choice = ModeChoice::Auto {
        trials: 300,
        seed: DEFAULT_SEED,
    };
    assert_eq!(run(&random.scenario, choice), run(&random.scenario, choice));
}

/// The options example of issue 12 (`tests/fixtures/options/`): the mean
/// path ranks "+150 PAC-3" first; Monte Carlo, the default here, ranks
/// "double the launchers" above it, because the large ballistic nights
/// outrun 16 PAC-3 rounds long before the stock runs out.
#[test]
fn the_default_mode_ranks_double_the_launchers_above_150_more_pac3() {
    let nights = |file: &str, choice: ModeChoice| {
        let summary = run(&option(file), choice);
        // The median over trials; the mean path has only its one path.
        value("nights_fully_defended.p50", &summary).unwrap_or(summary.nights_fully_defended)
    };
    let auto = |file| nights(file, ModeChoice::DEFAULT);
    let mean_path = |file| nights(file, ModeChoice::MeanPath);
    // The mean path: ballistic 4 a night at 2 a kill is 8 PAC-3 a night,
    // and cruise 8 a night fits NASAMS's 8 engagements, so only the PAC-3
    // stock binds: 200 / 8 = 25 nights, and launchers never bind (25 with
    // twice as many). 350 PAC-3 would last 43 nights, but NASAMS's 600 (16
    // a night) run out on night 38; then IRIS-T, its 24 rounds back every
    // other night, passes 4 cruise missiles to PAC-3 on nights 40 and 42.
    // PAC-3 has 350 − 39 × 8 = 38 after night 39, 22 after night 40 (16
    // fired), 14 after night 41, and night 42 needs 16: 41 nights.
    assert_eq!(mean_path("1-base.yaml"), 25.0);
    assert_eq!(mean_path("2-more-pac3.yaml"), 41.0);
    assert_eq!(mean_path("3-double-launchers.yaml"), 25.0);
    // By Monte Carlo, 150 more PAC-3 change nothing and doubling the
    // launchers multiplies the nights.
    let (base, more, double, both) = (
        auto("1-base.yaml"),
        auto("2-more-pac3.yaml"),
        auto("3-double-launchers.yaml"),
        auto("4-both.yaml"),
    );
    assert_eq!(more, base, "+150 PAC-3 moves the median");
    assert!(double >= 3.0 * base, "{double} against {base}");
    assert!(both > double, "{both} against {double}");
}

#[test]
fn the_quick_check_flags_the_mean_path_of_the_options_base() {
    let scenario = option("1-base.yaml");
    let mean_path = run(&scenario, ModeChoice::MeanPath);
    let check = quick_check(&scenario, &mean_path).expect("chance matters here");
    assert_eq!(check.trials, 1000);
    assert_eq!(check.mean_path, 25.0);
    assert!(check.differs());
    assert!(check.median <= 10.0, "{check:?}");
    assert!(check.p5 <= check.median && check.median <= check.p95);
}

#[test]
fn the_quick_check_is_silent_where_chance_does_not_matter() {
    // Nothing random: no check.
    let certain = base("stockpile: 100\ninterceptors_per_kill: 2\nmissiles_per_night: 12\n");
    let summary = run(&certain.scenario, ModeChoice::MeanPath);
    assert_eq!(quick_check(&certain.scenario, &summary), None);
    // Random raids, but a stock no trial can exhaust in 5 nights (at most
    // a few hundred missiles against 10^9): nothing binds, so the mean
    // path's totals are the expected totals.
    let ample = base(
        "stockpile: 1000000000\ninterceptors_per_kill: 1\nhorizon_nights: 5\nmissiles_per_night: { poisson: 12 }\n",
    );
    let summary = run(&ample.scenario, ModeChoice::MeanPath);
    assert_eq!(quick_check(&ample.scenario, &summary), None);
}

#[test]
fn a_sweep_under_auto_runs_each_point_in_its_own_mode() {
    // 100 interceptors, 10 missiles a night at 1 a kill, 20 nights: 10
    // nights fully defended whatever the pk. At pk 1 nights 11..20 leak 10
    // each: 100 leakers, exactly. At pk 0.5 the first 10 nights also leak
    // Binomial(10, 0.5) each, 5 on average: 150 expected, with a standard
    // deviation of √(100 × 0.25) = 5 per trial, 5 / √400 = 0.25 over 400
    // trials.
    let b = base(
        "stockpile: 100\ninterceptors_per_kill: 1\nmissiles_per_night: 10\nhorizon_nights: 20\npk: 1\n",
    );
    let grid = Sweep::new(vec!["pk=0.5,1".parse().unwrap()]).unwrap();
    let choice = ModeChoice::Auto {
        trials: 400,
        seed: 3,
    };
    let points = sweep::run(&b, &grid, Shard::WHOLE, choice).unwrap();
    let modes: Vec<Mode> = points.iter().map(|p| p.summary.mode).collect();
    assert_eq!(modes, [Mode::MonteCarlo, Mode::Exact]);
    let (random, certain) = (&points[0].summary, &points[1].summary);
    assert!(
        (random.leakers - 150.0).abs() < 5.0 * 0.25,
        "{}",
        random.leakers
    );
    assert_eq!(certain.leakers, 100.0);
    // The exact point answers the statistics over trials as every trial
    // would.
    assert_eq!(value("nights_fully_defended.p5", certain), Some(10.0));
    assert_eq!(value("leakers.p95", certain), Some(100.0));
    assert_eq!(value("p_lasts_horizon", certain), Some(0.0));
    assert_eq!(
        method_used(points.iter().map(|p| &p.summary)),
        Method::MonteCarlo {
            trials: 400,
            seed: 3
        }
    );
    // With nothing random at any point, the sweep is exact.
    let certain_grid = Sweep::new(vec!["stockpile=100,200".parse().unwrap()]).unwrap();
    let points = sweep::run(&b, &certain_grid, Shard::WHOLE, choice).unwrap();
    assert_eq!(
        method_used(points.iter().map(|p| &p.summary)),
        Method::Exact
    );
}

/// Short-form scenarios where nothing is random: fixed raids or patterns,
/// certain kills, deliveries.
fn certain_yaml() -> impl Strategy<Value = String> {
    (
        0u64..400,
        1u32..4,
        prop::collection::vec(0u64..30, 1..4),
        1u32..40,
        0u64..50,
    )
        .prop_map(|(stock, per_kill, pattern, horizon, delivered)| {
            let pattern: Vec<String> = pattern.iter().map(u64::to_string).collect();
            format!(
                "stockpile: {stock}\ninterceptors_per_kill: {per_kill}\nhorizon_nights: {horizon}\n\
                 missiles_per_night: [{}]\ndeliveries:\n  - {{ night: 3, count: {delivered} }}\n",
                pattern.join(", ")
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Monte Carlo where nothing is random gives the exact numbers, so
    /// every metric reads the same off an exact run as off trials: what
    /// lets auto mix exact and Monte Carlo points.
    #[test]
    fn every_metric_agrees_between_exact_and_monte_carlo_when_nothing_is_random(
        yaml in certain_yaml(),
        seed in any::<u64>(),
    ) {
        let scenario = base(&yaml).scenario;
        prop_assert!(!scenario.has_chance());
        let exact = run(&scenario, ModeChoice::DEFAULT);
        prop_assert_eq!(exact.mode, Mode::Exact);
        let trials = run(&scenario, ModeChoice::MonteCarlo { trials: 3, seed });
        let mut names = Measure::names();
        for field in ["launched", "engaged", "leakers", "lost_to_ew"] {
            names.push(format!("by_threat.missiles.{field}"));
        }
        for field in ["stockpile", "delivered", "expended", "final_stock", "exhausted_night"] {
            names.push(format!("by_interceptor.interceptors.{field}"));
        }
        for name in names {
            prop_assert_eq!(value(&name, &exact), value(&name, &trials), "{}", name);
        }
    }
}

#[test]
fn per_threat_and_per_type_metrics_read_the_breakdown() {
    // Ballistic 4 a night at 2 a kill from 40 PAC-3: 5 nights, then 4 a
    // night leak for 5 nights: 20 leakers. Drones, 100 a night, meet
    // nothing: 1000 leakers that would swamp the total of 1020.
    let b = base(
        "horizon_nights: 10\ninterceptors:\n  pac3: { stockpile: 40 }\nthreats:\n  \
         ballistic: { missiles_per_night: 4, engaged_by: [pac3], interceptors_per_kill: 2 }\n  \
         drones: { missiles_per_night: 100, engaged_by: [] }\n",
    );
    let summary = run(&b.scenario, ModeChoice::DEFAULT);
    assert_eq!(value("leakers", &summary), Some(1020.0));
    assert_eq!(value("by_threat.ballistic.leakers", &summary), Some(20.0));
    assert_eq!(value("by_threat.drones.leakers", &summary), Some(1000.0));
    assert_eq!(value("by_interceptor.pac3.expended", &summary), Some(40.0));
    // 40 / 8 = 5: the stock ends night 5 unable to engage another.
    assert_eq!(
        value("by_interceptor.pac3.exhausted_night", &summary),
        Some(5.0)
    );
    // A sweep takes them as any metric: 80 PAC-3 last the 10 nights.
    let grid = Sweep::new(vec!["interceptors.pac3.stockpile=40,80".parse().unwrap()]).unwrap();
    let points = sweep::run(&b, &grid, Shard::WHOLE, ModeChoice::DEFAULT).unwrap();
    let leakers: Vec<Option<f64>> = points
        .iter()
        .map(|p| value("by_threat.ballistic.leakers", &p.summary))
        .collect();
    assert_eq!(leakers, [Some(20.0), Some(0.0)]);
}

#[test]
fn solve_says_when_fire_capacity_not_stock_stops_the_target() {
    // 10 missiles a night, 5 engagements a night: night 1 is short whatever
    // the stock. Unlimited, 1000 interceptors at 1 a kill last all 10
    // nights (100 needed).
    let b = base(
        "horizon_nights: 10\ninterceptors:\n  a: { stockpile: 100, engagements_per_night: 5 }\n\
         threats:\n  m: { missiles_per_night: 10, engaged_by: [a], interceptors_per_kill: 1 }\n",
    );
    let target: Target = "nights_fully_defended >= 5".parse().unwrap();
    let s = solve(
        &b,
        &"interceptors.a.stockpile".parse().unwrap(),
        Domain::integer(0.0, 1000.0).unwrap(),
        &target,
        Want::Smallest,
        ModeChoice::DEFAULT,
    )
    .unwrap();
    assert!(s.found.is_none());
    assert_eq!(s.without_capacity, Some((Scalar::Int(1000), Some(10.0))));
    assert_eq!(s.method, Method::Exact);
    assert_eq!(s.standard_error, None);
}

#[test]
fn a_monte_carlo_solve_gives_the_standard_error_at_its_answer() {
    let b = base(
        "horizon_nights: 30\nstockpile: 100\ninterceptors_per_kill: 2\nmissiles_per_night: { poisson: 6 }\n",
    );
    let target: Target = "leakers <= 20".parse().unwrap();
    let choice = ModeChoice::Auto {
        trials: 200,
        seed: 5,
    };
    let s = solve(
        &b,
        &"stockpile".parse().unwrap(),
        Domain::integer(0.0, 1000.0).unwrap(),
        &target,
        Want::Smallest,
        choice,
    )
    .unwrap();
    assert!(s.found.is_some());
    assert_eq!(
        s.method,
        Method::MonteCarlo {
            trials: 200,
            seed: 5
        }
    );
    // The mean leakers over 200 trials near 20 leakers: the standard
    // deviation of a trial's leakers is a few missiles (the stock runs out
    // a little sooner or later), so the standard error of the mean is well
    // under one missile, and more than nothing.
    let error = s.standard_error.flatten().expect("a standard error");
    assert!(error > 0.0 && error < 2.0, "{error}");
}

#[test]
fn sensitivity_moves_pk_capacity_raid_means_and_production_by_default() {
    let b = base(
        "horizon_nights: 30\ninterceptors:\n  a: { stockpile: 200, pk: 0.8, launchers: 4, rounds_per_launcher: 4 }\n\
         threats:\n  m: { missiles_per_night: { poisson: 6 }, engaged_by: [a], interceptors_per_kill: 2 }\n\
         production:\n  - { interceptor: a, per_month: 20 }\n",
    );
    let keys: Vec<(String, Scalar, Scalar)> = default_parameters(&b)
        .into_iter()
        .map(|p| (p.key.to_string(), p.low, p.high))
        .collect();
    assert_eq!(
        keys,
        [
            // 6 × 0.75 = 4.5 → 4; 6 × 1.25 = 7.5 → 8.
            (
                "threats.m.missiles_per_night.poisson".into(),
                Scalar::Int(4),
                Scalar::Int(8)
            ),
            // 2 × 0.75 = 1.5 → 1; 2 × 1.25 = 2.5 → 3.
            (
                "threats.m.interceptors_per_kill".into(),
                Scalar::Int(1),
                Scalar::Int(3)
            ),
            (
                "interceptors.a.stockpile".into(),
                Scalar::Int(150),
                Scalar::Int(250)
            ),
            // 0.8 × 0.75 = 0.6; 0.8 × 1.25 = 1.0.
            (
                "interceptors.a.pk".into(),
                Scalar::Real(0.6),
                Scalar::Real(1.0)
            ),
            (
                "interceptors.a.launchers".into(),
                Scalar::Int(3),
                Scalar::Int(5)
            ),
            (
                "interceptors.a.rounds_per_launcher".into(),
                Scalar::Int(3),
                Scalar::Int(5)
            ),
            (
                "production.0.per_month".into(),
                Scalar::Int(15),
                Scalar::Int(25)
            ),
        ]
    );
}

/// Issue 17 §2: a figure given as a range moves from its low to its high
/// by default. `stockpile` between 100 and 300 at 12 a night, 2 per kill:
/// nights fully defended ⌊S / 24⌋ is 4 at 100 and 12 at 300, a swing of 8.
#[test]
fn sensitivity_moves_a_range_between_its_ends_by_default() {
    use magdepth::analysis::sensitivity::tornado;
    let b = base(
        "stockpile: { between: [100, 300] }\ninterceptors_per_kill: 2\nmissiles_per_night: 12\n\
         horizon_nights: 30\n",
    );
    let parameters = default_parameters(&b);
    let range = parameters
        .iter()
        .find(|p| p.key.to_string() == "stockpile")
        .expect("the ranged stockpile is a default parameter");
    assert_eq!(
        (&range.low, &range.high),
        (&Scalar::Int(100), &Scalar::Int(300))
    );
    assert_eq!(range.base, Some(Scalar::Text("between 100 and 300".into())));
    let t = tornado(&b, &parameters, Measure::DEFAULT, ModeChoice::DEFAULT).unwrap();
    let bar = t
        .bars
        .iter()
        .find(|bar| bar.parameter.key.to_string() == "stockpile")
        .unwrap();
    assert_eq!(
        (bar.at_low, bar.at_high, bar.swing),
        (Some(4.0), Some(12.0), 8.0)
    );
    // The scenario's own values draw the range (Monte Carlo); either end
    // is a point with nothing random left, worked out exactly.
    assert_eq!(
        t.method,
        Method::MonteCarlo {
            trials: DEFAULT_TRIALS,
            seed: DEFAULT_SEED
        }
    );
}
