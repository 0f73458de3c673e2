//! The engagement rule's finer points, each on a minimal scenario worked by
//! hand (docs/method.md, "The engagement rule"): how unengaged missiles split
//! between stock and capacity, layers, exhaustion with rationing and
//! reserves, production with several lines, whole numbers on the mean path,
//! and which threat holds a reserve. Where nothing is random both
//! arithmetics must give the same numbers, and the tests check both.

use magdepth::scenario::parse_scenario;
use magdepth::sim::{Method, Simulation, simulate};

fn load(yaml: &str) -> magdepth::model::Scenario {
    parse_scenario(yaml, "test.yaml", "test").unwrap_or_else(|e| panic!("{e}"))
}

fn mean_path(yaml: &str) -> Simulation {
    simulate(&load(yaml), Method::MeanPath, &|_| {})
}

fn monte_carlo(yaml: &str, trials: u64) -> Simulation {
    simulate(
        &load(yaml),
        Method::MonteCarlo { trials, seed: 11 },
        &|_| {},
    )
}

/// The figures the split and shortfall rules decide.
fn split(sim: &Simulation) -> (f64, f64, Option<f64>, f64) {
    let s = &sim.summary;
    (
        s.leaked_for_stock,
        s.leaked_for_capacity,
        s.first_shortfall_night,
        s.nights_fully_defended,
    )
}

/// Runs a scenario in which nothing is random both ways; they must agree.
fn both(yaml: &str) -> Simulation {
    let expected = mean_path(yaml);
    let trials = monte_carlo(yaml, 3);
    assert_eq!(split(&expected), split(&trials), "the modes differ");
    assert_eq!(expected.summary.leakers, trials.summary.leakers);
    assert_eq!(expected.summary.expended, trials.summary.expended);
    expected
}

#[test]
fn unengaged_missiles_the_stock_left_could_have_engaged_leak_for_capacity() {
    // 4 missiles, 1 per kill; `a` holds 2 and engages 1 a night. It engages
    // 1 and has 1 left: of the 3 never engaged, the stock left could have
    // engaged 1 had there been capacity (1 for capacity), and 2 for stock.
    let sim = both(
        "
horizon_nights: 1
interceptors: { a: { stockpile: 2, engagements_per_night: 1 } }
threats: { m: { missiles_per_night: 4, engaged_by: [a], interceptors_per_kill: 1 } }
",
    );
    assert_eq!(split(&sim), (2.0, 1.0, Some(1.0), 0.0));
    assert_eq!(sim.summary.final_stock, 1.0);
}

#[test]
fn the_split_counts_the_stock_of_every_tier() {
    // `a` (10 in stock, 1 engagement a night) is the upper tier, `b` (0)
    // the lower. Of 3 missiles `a` engages 1; 2 are never engaged, and `a`'s
    // 9 left could have engaged both: 2 for capacity, 0 for stock.
    let sim = both(
        "
horizon_nights: 1
interceptors:
  a: { stockpile: 10, engagements_per_night: 1 }
  b: { stockpile: 0 }
threats: { m: { missiles_per_night: 3, engaged_by: [a, b], interceptors_per_kill: 1 } }
layers: [[a]]
",
    );
    assert_eq!(split(&sim), (0.0, 2.0, Some(1.0), 0.0));
}

#[test]
fn missiles_engaged_and_missed_in_an_upper_tier_are_no_shortfall() {
    // The upper tier (100 in stock, pk 0.5, 1 per kill) engages all 10; on
    // the mean path 5 survive and reach the lower tier, which has nothing.
    // They were engaged, so the night is fully defended: no shortfall, 5
    // leakers, none of them for stock.
    let yaml = "
horizon_nights: 1
interceptors:
  upper: { stockpile: 100, pk: 0.5 }
  lower: { stockpile: 0 }
threats: { m: { missiles_per_night: 10, engaged_by: [upper, lower], interceptors_per_kill: 1 } }
layers: [[upper], [lower]]
";
    let sim = mean_path(yaml);
    assert_eq!(split(&sim), (0.0, 0.0, None, 1.0));
    assert_eq!(sim.summary.leakers, 5.0);
    // By Monte Carlo every trial engages all 10 in the upper tier, so no
    // trial has a shortfall, whatever the kills.
    let sim = monte_carlo(yaml, 500);
    assert_eq!(split(&sim), (0.0, 0.0, None, 1.0));
    assert_eq!(sim.summary.p_lasts_horizon, Some(1.0));
}

#[test]
fn a_lower_tier_engages_the_missiles_no_tier_has_engaged_first() {
    // Upper tier `u`: pk 0 (every engaged missile survives), 1 engagement a
    // night. Lower tier `l`: 1 engagement a night, certain kills. 2 missiles:
    // `u` engages one and misses; both reach `l`, which engages the one `u`
    // never engaged. The missed one leaks, but every missile was engaged:
    // no shortfall. `l` has 9 left (could engage more, for capacity) but
    // nothing is left unengaged.
    let sim = both(
        "
horizon_nights: 1
interceptors:
  u: { stockpile: 10, engagements_per_night: 1, pk: 0 }
  l: { stockpile: 10, engagements_per_night: 1 }
threats: { m: { missiles_per_night: 2, engaged_by: [u, l], interceptors_per_kill: 1 } }
layers: [[u], [l]]
",
    );
    assert_eq!(split(&sim), (0.0, 0.0, None, 1.0));
    assert_eq!(sim.summary.leakers, 1.0);
    assert_eq!(sim.summary.engaged, 2.0);
}

#[test]
fn exhaustion_applies_rationing_at_the_stock_left() {
    // Stock 2, rationing to 1 per kill below 2; the threat takes 3 per kill.
    // At a stock of 2 the type is not rationing (2 is not below 2), so it
    // needs a full salvo of 3: it cannot engage, and is exhausted at the end
    // of night 1 (every missile leaks for stock).
    let sim = both(
        "
horizon_nights: 2
interceptors: { a: { stockpile: 2, ration: { below: 2, interceptors_per_kill: 1 } } }
threats: { m: { missiles_per_night: 1, engaged_by: [a], interceptors_per_kill: 3 } }
",
    );
    assert_eq!(sim.summary.exhausted_night, Some(1.0));
    assert_eq!(sim.summary.by_interceptor[0].exhausted_night, Some(1.0));
    assert_eq!(split(&sim), (2.0, 0.0, Some(1.0), 0.0));
}

#[test]
fn a_delivery_on_a_quiet_night_can_exhaust_a_rationed_type() {
    // Stock 8, rationing to 1 per kill below 10; the threat takes 20 per
    // kill. Night 1: one missile, rationed (8 is below 10), one fired: 7
    // left. Night 2 raids nothing; 7 can start a rationed engagement.
    // Night 3 raids nothing and brings 3: at 10 the type is not rationing,
    // needs a salvo of 20, and is exhausted at the end of night 3, holding
    // more than on night 2. Both modes check the stock a quiet night's
    // delivery moved.
    let yaml = "
horizon_nights: 4
interceptors: { a: { stockpile: 8, pk: 1, ration: { below: 10, interceptors_per_kill: 1 } } }
threats: { m: { missiles_per_night: [1, 0, 0, 0], engaged_by: [a], interceptors_per_kill: 20 } }
deliveries: [ { night: 3, count: 3 } ]
";
    let sim = both(yaml);
    assert_eq!(sim.summary.exhausted_night, Some(3.0));
    assert_eq!(monte_carlo(yaml, 3).summary.exhausted_night, Some(3.0));
    assert_eq!(sim.summary.by_interceptor[0].exhausted_night, Some(3.0));
}

#[test]
fn a_scenario_without_threats_runs_in_both_modes() {
    // No threat: nothing is launched, every one of the 3 nights is fully
    // defended, the 5 in stock stay, and a type that engages nothing is
    // never exhausted. Monte Carlo had indexed its nights by threat and
    // panicked.
    let yaml = "
horizon_nights: 3
interceptors: { a: { stockpile: 5, pk: 0.5 } }
threats: {}
";
    let sim = both(yaml);
    assert_eq!(split(&sim), (0.0, 0.0, None, 3.0));
    let trials = monte_carlo(yaml, 10);
    assert_eq!(trials.summary.launched, 0.0);
    assert_eq!(trials.summary.final_stock, 5.0);
    assert_eq!(trials.summary.exhausted_night, None);
}

#[test]
fn a_quiet_first_night_checks_exhaustion() {
    // Nothing in stock and nothing raids on night 1: the type can start no
    // engagement, so it is exhausted at the end of night 1, quiet as it is.
    // Night 2's five missiles all leak for stock.
    let yaml = "
horizon_nights: 3
interceptors: { a: { stockpile: 0, pk: 0.5 } }
threats: { m: { missiles_per_night: [0, 5], engaged_by: [a], interceptors_per_kill: 1 } }
";
    let sim = both(yaml);
    assert_eq!(sim.summary.exhausted_night, Some(1.0));
    assert_eq!(monte_carlo(yaml, 3).summary.exhausted_night, Some(1.0));
    assert_eq!(split(&sim), (5.0, 0.0, Some(2.0), 1.0));
}

#[test]
fn exhaustion_withholds_the_reserve_from_threats_that_may_not_use_it() {
    // `a` holds 10 with a reserve of 8 for the ballistic threat (priority
    // 1, salvos of 10); cruise (priority 2, 1 per kill) may use only the 2
    // above the reserve. Night 1: ballistic is quiet, cruise takes 2. `a`
    // then has 8: a ballistic salvo needs 10, and cruise may not touch the
    // 8 held for ballistic, so `a` can start no engagement: exhausted at the
    // end of night 1 (night 2's cruise missiles leak for stock).
    let sim = both(
        "
horizon_nights: 2
interceptors: { a: { stockpile: 10, reserve: 8 } }
threats:
  ballistic: { missiles_per_night: 0, engaged_by: [a], interceptors_per_kill: 10, priority: 1 }
  cruise: { missiles_per_night: 2, engaged_by: [a], interceptors_per_kill: 1, priority: 2 }
",
    );
    assert_eq!(sim.summary.exhausted_night, Some(1.0));
    assert_eq!(sim.summary.by_interceptor[0].exhausted_night, Some(1.0));
    assert_eq!(split(&sim), (2.0, 0.0, Some(2.0), 1.0));
}

#[test]
fn a_reserve_is_kept_for_the_highest_priority_threat_the_type_engages() {
    // Drones come first (priority 1) and nothing engages them; PAC-3's
    // reserve of 10 belongs to ballistic, the highest-priority threat it
    // engages, so ballistic may use all 10: 5 a night for 2 nights, no
    // leakers but the drones (2 × 100).
    let sim = both(
        "
horizon_nights: 2
interceptors: { pac3: { stockpile: 10, reserve: 10 } }
threats:
  drones: { missiles_per_night: 100, engaged_by: [], priority: 1 }
  ballistic: { missiles_per_night: 5, engaged_by: [pac3], interceptors_per_kill: 1, priority: 2 }
",
    );
    assert_eq!(sim.summary.by_threat[1].leakers, 0.0);
    assert_eq!(sim.summary.by_threat[0].leakers, 200.0);
    assert_eq!(sim.summary.final_stock, 0.0);
    // Drones nothing engages make no shortfall.
    assert_eq!(sim.summary.first_shortfall_night, None);
}

#[test]
fn a_type_no_threat_engages_is_never_exhausted() {
    // `spare` (0 in stock) engages nothing: its exhausted night is null and
    // it takes no part in the scenario's. `a` (2 in stock, 1 a night at 1
    // per kill) is exhausted at the end of night 2, and so is the scenario.
    let sim = both(
        "
horizon_nights: 4
interceptors:
  a: { stockpile: 2 }
  spare: { stockpile: 0 }
threats: { m: { missiles_per_night: 1, engaged_by: [a], interceptors_per_kill: 1 } }
",
    );
    let types = &sim.summary.by_interceptor;
    assert_eq!(types[0].exhausted_night, Some(2.0));
    assert_eq!(types[1].exhausted_night, None);
    assert_eq!(sim.summary.exhausted_night, Some(2.0));
    // With no type engaging anything there is no magazine to exhaust.
    let sim = both(
        "
horizon_nights: 2
interceptors: { a: { stockpile: 0 } }
threats: { drones: { missiles_per_night: 5, engaged_by: [] } }
",
    );
    assert_eq!(sim.summary.exhausted_night, None);
    assert_eq!(sim.summary.by_interceptor[0].exhausted_night, None);
}

#[test]
fn production_fractions_add_up_as_interceptors_arrive_in_any_order() {
    // Two lines of 182.625 a year = 0.5 a night each (182.625 / 365.25).
    // The first arrives the night it is made; the second 5 nights later,
    // after this 5-night horizon. Arrivals: 0.5 a night, so whole ones on
    // nights 2 and 4: delivered 0, 1, 0, 1, 0, whichever line is written
    // first.
    for lines in [
        "[{ per_year: 182.625 }, { per_year: 182.625, lead_time_nights: 5 }]",
        "[{ per_year: 182.625, lead_time_nights: 5 }, { per_year: 182.625 }]",
    ] {
        let sim = both(&format!(
            "
horizon_nights: 5
stockpile: 0
interceptors_per_kill: 1
missiles_per_night: 0
production: {lines}
"
        ));
        let delivered: Vec<f64> = sim.nights.iter().map(|n| n.delivered).collect();
        assert_eq!(delivered, [0.0, 1.0, 0.0, 1.0, 0.0], "{lines}");
    }
}

#[test]
fn lines_with_the_same_lead_time_pool_their_fractions() {
    // 1/3 and 2/3 of an interceptor a night (121.75 and 243.5 a year): one
    // whole interceptor every night, from night 1.
    let sim = both(
        "
horizon_nights: 4
stockpile: 0
interceptors_per_kill: 1
missiles_per_night: 0
production: [{ per_year: 121.75 }, { per_year: 243.5 }]
",
    );
    let delivered: Vec<f64> = sim.nights.iter().map(|n| n.delivered).collect();
    assert_eq!(delivered, [1.0, 1.0, 1.0, 1.0]);
}

#[test]
fn a_stock_that_is_whole_on_paper_floors_to_itself() {
    // 2 in stock, 1 per kill, a raid of 1 with probability 0.1: the mean
    // path fires 0.1 a night. After 10 nights the stock is 1 (in binary
    // floating point 0.1 × 10 is not exactly 1): night 11 still engages its
    // 0.1 missile, and the first shortfall is night 12 (0.9 in stock, less
    // than a salvo of 1): 11 nights fully defended.
    let sim = mean_path(
        "
horizon_nights: 12
stockpile: 2
interceptors_per_kill: 1
missiles_per_night: 1
raid_probability: 0.1
",
    );
    let night_11 = &sim.nights[10];
    assert!((night_11.engaged - 0.1).abs() < 1e-12, "{night_11:?}");
    assert_eq!(sim.summary.first_shortfall_night, Some(12.0));
    assert_eq!(sim.summary.nights_fully_defended, 11.0);
}

#[test]
fn launcher_rounds_that_are_whole_on_paper_count_whole() {
    // Two launchers of 2 rounds (4 ready), reloaded 3 nights after firing,
    // 1 per kill, a raid of 2 with probability 0.6 (1.2 on the mean path).
    // Rounds ready at dusk, on paper: night 1: 4, fires 1.2 → 2.8; night 2:
    // 2.8 → 1.6; night 3: 1.6, one whole round → fires 1 → 0.6; night 4: 1.2
    // back → 1.8, fires 1 → 0.8; night 5: 1.2 back → 2 (1.9999999999999998
    // in binary), so both missiles' 1.2 are engaged and none leaks for
    // capacity that night.
    let sim = mean_path("
horizon_nights: 5
interceptors: { a: { stockpile: 1000, launchers: 2, rounds_per_launcher: 2, reload_nights: 3 } }
threats: { m: { missiles_per_night: 2, raid_probability: 0.6, engaged_by: [a], interceptors_per_kill: 1 } }
");
    let night_5 = &sim.nights[4];
    assert!((night_5.engaged - 1.2).abs() < 1e-12, "{night_5:?}");
    assert_eq!(night_5.leaked_for_capacity, 0.0);
    // Nights 3 and 4 are short of rounds on paper too: 0.2 each.
    assert!((sim.nights[2].leaked_for_capacity - 0.2).abs() < 1e-12);
}

// Issue 19: the split under shoot-look-shoot with fire capacity, the same
// rule in both arithmetics.

#[test]
fn shoot_look_shoot_out_of_rounds_leaks_for_capacity() {
    // 100 in stock, one launcher of 6 rounds, pk 0, shoot-look-shoot up to 3
    // shots: every engagement fires all 3. 6 rounds engage 2 of the 5
    // missiles; 94 interceptors are left, which could engage the other 3
    // (one shot starts an engagement; on the mean path 94 / 3 mean shots):
    // 3 for capacity, 0 for stock, in both modes.
    let sim = both("
horizon_nights: 1
interceptors: { a: { stockpile: 100, launchers: 1, rounds_per_launcher: 6, pk: 0, doctrine: shoot-look-shoot } }
threats: { m: { missiles_per_night: 5, engaged_by: [a], interceptors_per_kill: 3 } }
");
    assert_eq!(split(&sim), (0.0, 3.0, Some(1.0), 0.0));
    assert_eq!(sim.summary.final_stock, 94.0);
}

#[test]
fn shoot_look_shoot_out_of_stock_leaks_for_stock() {
    // 4 in stock, 2 engagements a night, pk 0, shoot-look-shoot up to 2
    // shots: 2 missiles engaged with 4 interceptors, none left, so the 3
    // others leak for stock, not capacity, in both modes.
    let sim = both(
        "
horizon_nights: 1
interceptors: { a: { stockpile: 4, engagements_per_night: 2, pk: 0, doctrine: shoot-look-shoot } }
threats: { m: { missiles_per_night: 5, engaged_by: [a], interceptors_per_kill: 2 } }
",
    );
    assert_eq!(split(&sim), (3.0, 0.0, Some(1.0), 0.0));
    assert_eq!(sim.summary.final_stock, 0.0);
}

#[test]
fn shoot_look_shoot_means_agree_with_the_mean_path_where_nothing_binds() {
    // 10 missiles a night for 30 nights against 100,000 interceptors, shoot-
    // look-shoot up to 2 shots, pk 0.7, kill assessment 0.9, reliability
    // 0.95. A second shot follows a seen miss of a working engagement
    // (m = 0.3 × 0.9 = 0.27) or any seen shot of a failed one (a = 0.9):
    // kill q = 0.95 × 0.7 × (1 + 0.27) = 0.84455; shots per missile 1 + π
    // with π = 0.95 × 0.27 + 0.05 × 0.9 = 0.3015. Over 300 missiles: mean
    // leakers 300 × 0.15545 = 46.635, expended 300 × 1.3015 = 390.45. With
    // 4,000 trials the standard errors are √(300 · q(1 − q) / 4000) = 0.0992
    // and √(300 · π(1 − π) / 4000) = 0.1257; allow 5 of each.
    let yaml = "
horizon_nights: 30
stockpile: 100000
interceptors_per_kill: 2
missiles_per_night: 10
pk: 0.7
kill_assessment: 0.9
reliability: 0.95
doctrine: shoot-look-shoot
";
    let path = mean_path(yaml).summary;
    assert!((path.leakers - 46.635).abs() < 1e-9, "{}", path.leakers);
    assert!((path.expended - 390.45).abs() < 1e-9, "{}", path.expended);
    let trials = monte_carlo(yaml, 4000).summary;
    assert!(
        (trials.leakers - 46.635).abs() < 5.0 * 0.0992,
        "{}",
        trials.leakers
    );
    assert!(
        (trials.expended - 390.45).abs() < 5.0 * 0.1257,
        "{}",
        trials.expended
    );
    // Nothing binds: no shortfall in either.
    assert_eq!(path.first_shortfall_night, None);
    assert_eq!(trials.p_lasts_horizon, Some(1.0));
}

// What the random-scenario strategies share (here and in properties.rs).

pub mod build {
    use magdepth::kill::KillModel;
    use magdepth::model::{Delivery, Engagement, InterceptorType, Schedule};

    /// Names random types type0, type1, … in order.
    pub fn name_types(interceptors: &mut [InterceptorType]) {
        for (i, t) in interceptors.iter_mut().enumerate() {
            t.name = format!("type{i}");
        }
    }

    /// One engagement picked at random: (type, tier, kill model, rationing
    /// threshold and rationed salvo).
    pub type Pick = (usize, usize, KillModel, Option<(u64, u32)>);

    /// A threat's tiers from its picks, among `types` types: each type once
    /// (its first pick), empty tiers left out.
    pub fn tiers(picks: Vec<Pick>, types: usize) -> Vec<Vec<Engagement>> {
        let mut tiers: Vec<Vec<Engagement>> = vec![Vec::new(), Vec::new()];
        let mut used = Vec::new();
        for (t, tier, kill, ration) in picks {
            let t = t % types;
            if used.contains(&t) {
                continue;
            }
            used.push(t);
            tiers[tier].push(Engagement {
                interceptor: t,
                kill,
                rationed: ration.map(|(below, k)| {
                    (
                        below,
                        KillModel {
                            interceptors_per_kill: k,
                            ..kill
                        },
                    )
                }),
            });
        }
        tiers.retain(|tier| !tier.is_empty());
        tiers
    }

    /// Deliveries from picks of (type, first night, every, count), each
    /// due four times.
    pub fn deliveries(picks: Vec<(usize, u32, u32, u64)>, types: usize) -> Vec<Delivery> {
        picks
            .into_iter()
            .map(|(t, first, every, count)| Delivery {
                interceptor: t % types,
                count,
                schedule: Schedule::Recurring {
                    every_nights: every,
                    first_night: first,
                    last_night: first + 3 * every,
                },
            })
            .collect()
    }
}

// Both arithmetics on random scenarios in which nothing is random.

mod agreement {
    use magdepth::kill::{Doctrine, KillModel};
    use magdepth::model::{FireCapacity, InterceptorType, Production, Raid, Scenario, Threat};
    use magdepth::sim::{Method, Simulation, simulate};
    use proptest::prelude::*;

    /// A kill model in which every shot's outcome is certain: pk,
    /// reliability and kill assessment each 0 or 1.
    fn certain_kill() -> impl Strategy<Value = KillModel> {
        (any::<[bool; 4]>(), 1u32..4).prop_map(|([p, r, a, look], k)| KillModel {
            pk: f64::from(u8::from(p)),
            interceptors_per_kill: k,
            doctrine: if look {
                Doctrine::ShootLookShoot
            } else {
                Doctrine::Salvo
            },
            kill_assessment: f64::from(u8::from(a)),
            reliability: f64::from(u8::from(r)),
        })
    }

    fn fixed_raid() -> impl Strategy<Value = Raid> {
        prop_oneof![
            (0u64..40).prop_map(Raid::Every),
            prop::collection::vec(0u64..40, 1..8).prop_map(Raid::Pattern),
        ]
    }

    fn capacity() -> impl Strategy<Value = Option<FireCapacity>> {
        prop_oneof![
            Just(None),
            (0u64..30).prop_map(|n| Some(FireCapacity::EngagementsPerNight(n))),
            (1u64..40, 1u32..4).prop_map(|(rounds_ready, reload_nights)| {
                Some(FireCapacity::Launchers {
                    rounds_ready,
                    reload_nights,
                })
            }),
        ]
    }

    /// A type with up to `most` in stock, any fire capacity, and a reserve
    /// or none.
    pub fn interceptor(most: u64) -> impl Strategy<Value = InterceptorType> {
        (0..most, capacity(), prop_oneof![Just(0u64), 0u64..60]).prop_map(
            |(stockpile, fire_capacity, reserve)| InterceptorType {
                name: String::new(),
                stockpile,
                unit_cost: Some(2.5),
                fire_capacity,
                reserve,
            },
        )
    }

    /// Long-form scenarios with capacity, reserves, rationing, layers,
    /// deliveries and production, and nothing random.
    pub fn certain_scenario() -> impl Strategy<Value = Scenario> {
        let engagement = (
            0usize..3,
            0usize..2,
            certain_kill(),
            prop::option::of((1u64..80, 1u32..3)),
        );
        let threat = (
            fixed_raid(),
            any::<bool>(),
            prop::collection::vec(engagement, 0..4),
        );
        (
            1u32..40,
            prop::collection::vec(interceptor(300), 1..4),
            prop::collection::vec(threat, 1..4),
            prop::collection::vec((0usize..3, 1u32..40, 1u32..10, 0u64..50), 0..3),
            prop::collection::vec((0usize..3, 0.0f64..3.0, 1u32..20, 0u32..15, 0u32..6), 0..3),
        )
            .prop_map(
                |(horizon, mut interceptors, threats, deliveries, production)| {
                    let types = interceptors.len();
                    super::build::name_types(&mut interceptors);
                    let threats = threats
                        .into_iter()
                        .enumerate()
                        .map(|(i, (raid, raids, picks))| Threat {
                            name: format!("threat{i}"),
                            raid,
                            raid_probability: f64::from(u8::from(raids)),
                            tiers: super::build::tiers(picks, types),
                            unit_cost: Some(1.5),
                            arsenal: None,
                            decoy: None,
                            lost_to_ew: 0.0,
                        })
                        .collect();
                    Scenario {
                        name: "certain".into(),
                        description: None,
                        start_date: None,
                        horizon_nights: horizon,
                        interceptors,
                        threats,
                        deliveries: super::build::deliveries(deliveries, types),
                        production: production
                            .into_iter()
                            .map(|(t, per_night, first, span, lead)| Production {
                                interceptor: t % types,
                                per_night,
                                first_night: first,
                                last_night: first + span,
                                lead_time_nights: lead,
                            })
                            .collect(),
                        sources: vec![],
                        overrides: vec![],
                        uncertain: Vec::new(),
                        value_sources: Vec::new(),
                    }
                },
            )
    }

    /// Every figure both modes report, summary and breakdowns and nights.
    fn figures(sim: &Simulation) -> String {
        let mut s = sim.summary.clone();
        // Only Monte Carlo has these.
        s.trials = None;
        s.seed = None;
        s.p_lasts_horizon = None;
        s.distribution = None;
        s.mode = magdepth::sim::Mode::Exact;
        format!("{s:#?}\n{:#?}", sim.nights)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn monte_carlo_equals_the_mean_path_when_nothing_is_random(
            s in certain_scenario(),
            seed in any::<u64>(),
        ) {
            prop_assert!(!s.has_chance());
            let mean_path = simulate(&s, Method::MeanPath, &|_| {});
            let trials = simulate(&s, Method::MonteCarlo { trials: 3, seed }, &|_| {});
            prop_assert_eq!(figures(&mean_path), figures(&trials));
            prop_assert_eq!(trials.summary.p_lasts_horizon, Some(
                if mean_path.summary.first_shortfall_night.is_none() { 1.0 } else { 0.0 }
            ));
        }
    }
}

// The short form's own Monte Carlo loop against the general rule.

mod short_form_loop {
    use magdepth::kill::{Doctrine, KillModel};
    use magdepth::model::{
        Arsenal, Delivery, Engagement, InterceptorType, Output, Production, Raid, Scenario,
        Schedule, Tactic, Threat,
    };
    use magdepth::sim::monte_carlo::{
        simulate, simulate_by_general_rule, simulate_with_band, takes_short_form_loop,
        trial_results,
    };
    use magdepth::uncertain::{Input, Range, Uncertain};
    use proptest::prelude::*;

    /// An arsenal now and then: on hand, made per night (from a first
    /// night, after a lead time), a launch limit now and then, steady or
    /// (which the loop must leave to the general rule) massing.
    fn arsenal() -> impl Strategy<Value = Option<Arsenal>> {
        prop::option::of((
            0u64..300,
            prop_oneof![Just(0.0f64), 0.0f64..20.0],
            (1u32..10, 0u32..4),
            prop::option::of(1u64..30),
            prop_oneof![
                4 => Just(Tactic::Steady),
                1 => (1u64..60).prop_map(|when| Tactic::Mass { when })
            ],
        ))
        .prop_map(|a| {
            a.map(
                |(on_hand, per_night, (first_night, lead_time_nights), max_per_night, tactic)| {
                    Arsenal {
                        on_hand,
                        production: if per_night > 0.0 {
                            vec![Output {
                                per_night,
                                first_night,
                                last_night: 1000,
                                lead_time_nights,
                            }]
                        } else {
                            Vec::new()
                        },
                        max_per_night,
                        tactic,
                    }
                },
            )
        })
    }

    /// A raid of any form, a replayed record among them (followed by a
    /// fixed, patterned or Poisson raid).
    fn raid() -> impl Strategy<Value = Raid> {
        let plain = prop_oneof![
            (0u64..40).prop_map(Raid::Every),
            prop::collection::vec(0u64..40, 1..6).prop_map(Raid::Pattern),
            (0.5f64..30.0).prop_map(|mean| Raid::Poisson { mean }),
        ];
        prop_oneof![
            (0u64..40).prop_map(Raid::Every),
            prop::collection::vec(0u64..40, 1..6).prop_map(Raid::Pattern),
            (0.5f64..30.0).prop_map(|mean| Raid::Poisson { mean }),
            (0.5f64..30.0, 0.2f64..5.0)
                .prop_map(|(mean, dispersion)| Raid::NegativeBinomial { mean, dispersion }),
            prop::collection::vec(0u64..40, 1..5).prop_map(Raid::Choice),
            (prop::collection::vec(0u64..40, 1..10), plain).prop_map(|(nights, after)| {
                Raid::Record {
                    nights,
                    after: Box::new(after),
                }
            }),
        ]
    }

    /// One type firing salvos at one threat, with deliveries, production,
    /// an arsenal and unit costs (which keep the spend night by night)
    /// now and then.
    fn short_form() -> impl Strategy<Value = Scenario> {
        (
            (
                1u32..60,
                0u64..600,
                1u32..4,
                raid(),
                prop_oneof![Just(1.0f64), 0.0f64..=1.0],
                prop::option::of(0.5f64..5.0),
            ),
            (
                0.0f64..=1.0,
                0.0f64..=1.0,
                prop::option::of((1u32..30, 0u64..100)),
                prop::option::of((0.0f64..5.0, 0u32..4)),
                arsenal(),
            ),
        )
            .prop_map(
                |(
                    (horizon, stockpile, k, raid, raid_probability, unit_cost),
                    (pk, reliability, delivery, production, arsenal),
                )| {
                    Scenario {
                        name: "short".into(),
                        description: None,
                        start_date: None,
                        horizon_nights: horizon,
                        interceptors: vec![InterceptorType {
                            name: "interceptors".into(),
                            stockpile,
                            unit_cost,
                            fire_capacity: None,
                            reserve: 0,
                        }],
                        threats: vec![Threat {
                            name: "missiles".into(),
                            raid,
                            raid_probability,
                            tiers: vec![vec![Engagement {
                                interceptor: 0,
                                kill: KillModel {
                                    pk,
                                    interceptors_per_kill: k,
                                    doctrine: Doctrine::Salvo,
                                    kill_assessment: 1.0,
                                    reliability,
                                },
                                rationed: None,
                            }]],
                            unit_cost: None,
                            arsenal,
                            decoy: None,
                            lost_to_ew: 0.0,
                        }],
                        deliveries: delivery
                            .map(|(every, count)| Delivery {
                                interceptor: 0,
                                count,
                                schedule: Schedule::Recurring {
                                    every_nights: every,
                                    first_night: every,
                                    last_night: horizon,
                                },
                            })
                            .into_iter()
                            .collect(),
                        production: production
                            .map(|(per_night, lead_time_nights)| Production {
                                interceptor: 0,
                                per_night,
                                first_night: 1,
                                last_night: horizon,
                                lead_time_nights,
                            })
                            .into_iter()
                            .collect(),
                        sources: vec![],
                        overrides: vec![],
                        uncertain: Vec::new(),
                        value_sources: Vec::new(),
                    }
                },
            )
    }

    /// Ranges on the inputs the bits of `ranges` pick, where the scenario
    /// has them: the stockpile, pk, reliability, the delivery's count, the
    /// production line's rate, the raid's chance and (Poisson or negative
    /// binomial) mean, the arsenal on hand and its production's rate. Each
    /// range holds the scenario's own figure (the counts and rates are
    /// centred on it, as the scenario format sets it; the probabilities
    /// run from half of it to half of it plus a half).
    fn with_ranges(mut s: Scenario, ranges: u16) -> Scenario {
        let threat = &s.threats[0];
        let engagements = vec![(0, 0, 0)];
        let kill = threat.tiers[0][0].kill;
        let mut inputs: Vec<(String, f64, f64, bool, Input)> = vec![
            (
                "interceptors.interceptors.stockpile".into(),
                0.0,
                2.0 * s.interceptors[0].stockpile as f64,
                true,
                Input::Stockpile { interceptor: 0 },
            ),
            (
                "threats.missiles.pk".into(),
                kill.pk * 0.5,
                kill.pk * 0.5 + 0.5,
                false,
                Input::Pk {
                    engagements: engagements.clone(),
                },
            ),
            (
                "threats.missiles.reliability".into(),
                kill.reliability * 0.5,
                kill.reliability * 0.5 + 0.5,
                false,
                Input::Reliability { engagements },
            ),
            (
                "threats.missiles.raid_probability".into(),
                threat.raid_probability * 0.5,
                threat.raid_probability * 0.5 + 0.5,
                false,
                Input::RaidProbability { threat: 0 },
            ),
        ];
        if let Some(d) = s.deliveries.first() {
            inputs.push((
                "deliveries[0].count".into(),
                0.0,
                2.0 * d.count as f64,
                true,
                Input::DeliveryCount { delivery: 0 },
            ));
        }
        if let Some(p) = s.production.first() {
            inputs.push((
                "production[0].per_night".into(),
                0.0,
                2.0 * p.per_night,
                false,
                Input::Production { line: 0 },
            ));
        }
        if let Raid::Poisson { mean } | Raid::NegativeBinomial { mean, .. } = threat.raid {
            inputs.push((
                "threats.missiles.missiles_per_night".into(),
                mean * 0.5,
                mean * 1.5,
                false,
                Input::RaidMean { threat: 0 },
            ));
        }
        if let Some(a) = &threat.arsenal {
            inputs.push((
                "threats.missiles.arsenal.on_hand".into(),
                0.0,
                2.0 * a.on_hand as f64,
                true,
                Input::ArsenalOnHand { threat: 0 },
            ));
            if let Some(line) = a.production.first() {
                inputs.push((
                    "threats.missiles.arsenal.production[0]".into(),
                    0.0,
                    2.0 * line.per_night,
                    false,
                    Input::ArsenalProduction { threat: 0, line: 0 },
                ));
            }
        }
        for (bit, (key, low, high, whole, input)) in inputs.into_iter().enumerate() {
            if ranges & (1 << bit) != 0 {
                s.uncertain.push(Uncertain {
                    key,
                    range: Range::Between { low, high },
                    whole,
                    input,
                    source: None,
                });
            }
        }
        s
    }

    /// Which scenarios take the short form's loop (when their trials do
    /// not draw only kills): one type firing salvos at one threat with an
    /// arsenal or none, ranges on its figures among them; not a massing
    /// arsenal, electronic warfare (given or a range), decoys, fire
    /// capacity, rationing, a second type or a second threat.
    #[test]
    fn only_one_type_firing_salvos_at_one_threat_takes_the_short_form_loop() {
        let base = "
name: short
horizon_nights: 30
interceptors:
  a: { stockpile: { between: [50, 150] }, pk: { between: [0.2, 0.6] } }
threats:
  ballistic:
    missiles_per_night: 4
    engaged_by: [a]
    interceptors_per_kill: 2
    arsenal: { on_hand: { between: [20, 60] }, production: [{ per_month: { between: [30, 40] } }], tactic: steady }
";
        let load = |yaml: &str| {
            magdepth::scenario::parse_scenario(yaml, "test.yaml", "test")
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert!(takes_short_form_loop(&load(base)));
        assert!(takes_short_form_loop(&load(
            &base.replace("tactic: steady", "max_per_night: 3, tactic: steady")
        )));
        for (from, to) in [
            ("tactic: steady", "tactic: { mass_when: 20 }"),
            (
                "interceptors_per_kill: 2
",
                "interceptors_per_kill: 2
    lost_to_ew: 0.3
",
            ),
            (
                "interceptors_per_kill: 2
",
                "interceptors_per_kill: 2
    lost_to_ew: { between: [0.1, 0.3] }
",
            ),
            (
                "interceptors_per_kill: 2
",
                "interceptors_per_kill: 2
    decoy: true
",
            ),
            (
                "pk: { between: [0.2, 0.6] } }",
                "pk: 0.4, engagements_per_night: 3 }",
            ),
            (
                "pk: { between: [0.2, 0.6] } }",
                "pk: 0.4, ration: { below: 20, interceptors_per_kill: 1 } }",
            ),
            ("engaged_by: [a]", "engaged_by: [a, b]"),
            (
                "threats:",
                "threats:
  cruise: { missiles_per_night: 2, engaged_by: [a], interceptors_per_kill: 1 }",
            ),
        ] {
            let yaml = base.replace(from, to).replace(
                "interceptors:
",
                if to.contains("[a, b]") {
                    "interceptors:
  b: { stockpile: 10, pk: 0.5 }
"
                } else {
                    "interceptors:
"
                },
            );
            assert_ne!(yaml, base);
            assert!(!takes_short_form_loop(&load(&yaml)), "{to}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// The loop written for the short form draws exactly what the
        /// general rule draws, in the same order, arsenal and ranges or
        /// none: every trial is the same, and so is the whole simulation
        /// (nights, arsenals, what was drawn, the stock band).
        #[test]
        fn the_short_form_loop_is_the_general_rule(
            s in short_form(),
            ranges in prop_oneof![Just(0u16), any::<u16>()],
            seed in any::<u64>(),
        ) {
            let s = with_ranges(s, ranges);
            let massing = s.threats[0]
                .arsenal
                .as_ref()
                .is_some_and(|a| a.tactic != Tactic::Steady);
            prop_assert_eq!(takes_short_form_loop(&s), !massing);
            let own = trial_results(&s, 20, seed, false);
            let general = trial_results(&s, 20, seed, true);
            prop_assert_eq!(own, general);
            prop_assert_eq!(
                simulate(&s, 300, seed, &|_| {}),
                simulate_by_general_rule(&s, 300, seed, false)
            );
            prop_assert_eq!(
                simulate_with_band(&s, 300, seed, &|_| {}),
                simulate_by_general_rule(&s, 300, seed, true)
            );
        }
    }
}

// The salvo engagement written for trials against the general rule.

mod salvo_rule {
    use magdepth::kill::{Doctrine, KillModel};
    use magdepth::model::{Arsenal, Decoy, Output, Production, Raid, Scenario, Tactic, Threat};
    use magdepth::sim::monte_carlo::{
        quiet_spans, simulate, simulate_by_general_rule, simulate_with_band, takes_fixed_nights,
        takes_salvo_loop, takes_short_form_loop, trial_results,
    };
    use magdepth::uncertain::{Input, Range, Uncertain};
    use proptest::prelude::*;

    /// Ranges on the first type's stockpile, the first threat's first
    /// engagement's pk and the first threat's electronic warfare, as the
    /// bits of `ranges` say: drawn per trial, so taking the general rule's
    /// untabled draws and drawn worlds.
    fn with_ranges(mut s: Scenario, ranges: u8) -> Scenario {
        let engaged = !s.threats[0].tiers.is_empty();
        let inputs = [
            (
                1,
                "interceptors.type0.stockpile",
                (0.0, 500.0),
                true,
                Input::Stockpile { interceptor: 0 },
            ),
            (
                2,
                "threats.threat0.pk",
                (0.3, 0.95),
                false,
                Input::Pk {
                    engagements: vec![(0, 0, 0)],
                },
            ),
            (
                4,
                "threats.threat0.lost_to_ew",
                (0.1, 0.6),
                false,
                Input::LostToEw { threat: 0 },
            ),
        ];
        for (bit, key, (low, high), whole, input) in inputs {
            let applies = !matches!(input, Input::Pk { .. }) || engaged;
            if ranges & bit != 0 && applies {
                s.uncertain.push(Uncertain {
                    key: key.into(),
                    range: Range::Between { low, high },
                    whole,
                    input,
                    source: None,
                });
            }
        }
        s
    }

    /// A salvo at a random pk and reliability (0 and 1 among them).
    fn salvo() -> impl Strategy<Value = KillModel> {
        let chance = || prop_oneof![Just(0.0f64), Just(1.0f64), 0.0f64..=1.0];
        (chance(), chance(), 1u32..4).prop_map(|(pk, reliability, k)| KillModel {
            pk,
            interceptors_per_kill: k,
            doctrine: Doctrine::Salvo,
            kill_assessment: 1.0,
            reliability,
        })
    }

    fn raid() -> impl Strategy<Value = Raid> {
        prop_oneof![
            (0u64..40).prop_map(Raid::Every),
            prop::collection::vec(0u64..40, 1..8).prop_map(Raid::Pattern),
            (0.5f64..30.0).prop_map(|mean| Raid::Poisson { mean }),
            // Counts past the tabulated rows (128) and the built ones (512).
            prop::collection::vec(100u64..700, 1..4).prop_map(Raid::Choice),
        ]
    }

    /// The attacker's side, now and then: an arsenal (steady or massing),
    /// electronic warfare, decoys.
    fn attack() -> impl Strategy<Value = (Option<Arsenal>, Option<Decoy>, f64)> {
        (
            arsenal(),
            prop::option::of((0.0f64..=1.0).prop_map(|discrimination| Decoy { discrimination })),
            prop_oneof![Just(0.0f64), 0.0f64..0.9],
        )
    }

    /// An arsenal now and then, steady or massing.
    fn arsenal() -> impl Strategy<Value = Option<Arsenal>> {
        prop::option::of((
            0u64..300,
            0.0f64..20.0,
            prop::option::of(1u64..30),
            prop_oneof![
                Just(Tactic::Steady),
                (1u64..60).prop_map(|when| Tactic::Mass { when })
            ],
        ))
        .prop_map(|a| {
            a.map(|(on_hand, per_night, max_per_night, tactic)| Arsenal {
                on_hand,
                production: vec![Output {
                    per_night,
                    first_night: 1,
                    last_night: 1000,
                    lead_time_nights: 0,
                }],
                max_per_night,
                tactic,
            })
        })
    }

    fn long_form() -> impl Strategy<Value = Scenario> {
        salvo_scenario(raid(), prop_oneof![Just(1.0f64), 0.0f64..=1.0], 2, attack())
    }

    /// A horizon of 1 to 79 nights and, now and then, a production line of
    /// one type (type index, per night, lead time) over it.
    type Horizon = (u32, Option<(usize, f64, u32)>);

    fn horizon_and_production() -> impl Strategy<Value = Horizon> {
        (
            1u32..80,
            prop::option::of((0usize..3, 0.0f64..5.0, 0u32..4)),
        )
    }

    /// Sets the horizon, and adds its production line from night 1 to the
    /// last.
    fn set_horizon(s: &mut Scenario, (horizon, production): Horizon) {
        s.horizon_nights = horizon;
        if let Some((t, per_night, lead_time_nights)) = production {
            s.production.push(Production {
                interceptor: t % s.interceptors.len(),
                per_night,
                first_night: 1,
                last_night: horizon,
                lead_time_nights,
            });
        }
    }

    /// Scenarios whose trials draw nothing but salvo kills: fixed raids
    /// (past the tabulated and built binomial rows now and then), a raid
    /// every night or never, electronic warfare of none or all; arsenals,
    /// capacity, reserves, rationing, layers and decoys as in
    /// [`long_form`], with a horizon up to 80 nights, interceptor
    /// production now and then and types without a unit cost.
    fn draws_only_kills_form() -> impl Strategy<Value = Scenario> {
        let raid = prop_oneof![
            (0u64..40).prop_map(Raid::Every),
            prop::collection::vec(0u64..40, 1..8).prop_map(Raid::Pattern),
            prop::collection::vec(0u64..700, 1..4).prop_map(Raid::Pattern),
        ];
        let attack = (
            arsenal(),
            prop::option::of(Just(Decoy {
                discrimination: 0.0,
            })),
            prop_oneof![Just(0.0f64), Just(1.0)],
        );
        (
            salvo_scenario(raid, prop_oneof![Just(1.0f64), Just(0.0)], 2, attack),
            horizon_and_production(),
            any::<bool>(),
        )
            .prop_map(|(mut s, horizon, costs)| {
                set_horizon(&mut s, horizon);
                if !costs {
                    s.interceptors[0].unit_cost = None;
                }
                s
            })
    }

    /// Scenarios whose trials take the salvo loop, unless they draw only
    /// kills or are of the short form's shape: salvos from the stock alone
    /// (no fire capacity or rationing, and a reserve only on a type one
    /// threat engages, which holds it) at steady threats, one to
    /// three types and threats in up to two tiers, with electronic
    /// warfare, decoys and steady arsenals (at most so many a night now and
    /// then) as in [`long_form`], raids of every kind and, now and then,
    /// mostly quiet ones (runs of quiet nights settled once per chunk),
    /// over up to 80 nights, with interceptor production now and then and
    /// types without a unit cost.
    fn salvo_loop_form() -> impl Strategy<Value = Scenario> {
        let count = prop_oneof![3 => Just(0u64), 1 => 1u64..400];
        let raid = prop_oneof![
            raid(),
            prop::collection::vec(count, 1..6).prop_map(Raid::Pattern),
        ];
        let raid_probability = prop_oneof![3 => Just(1.0f64), 1 => 0.0f64..=1.0];
        (
            salvo_scenario(raid, raid_probability, 2, attack()),
            horizon_and_production(),
            any::<bool>(),
        )
            .prop_map(|(mut s, horizon, costs)| {
                set_horizon(&mut s, horizon);
                // A reserve only where the one threat engaging the type
                // holds it (may draw on it), so no engagement leaves one.
                let engaging = |t: usize| {
                    s.threats
                        .iter()
                        .filter(|threat| threat.engagements().any(|e| e.interceptor == t))
                        .count()
                };
                let shared: Vec<bool> =
                    (0..s.interceptors.len()).map(|t| engaging(t) > 1).collect();
                for (interceptor, shared) in s.interceptors.iter_mut().zip(shared) {
                    interceptor.fire_capacity = None;
                    if shared {
                        interceptor.reserve = 0;
                    }
                }
                for threat in &mut s.threats {
                    for e in threat.tiers.iter_mut().flatten() {
                        e.rationed = None;
                    }
                    if let Some(arsenal) = &mut threat.arsenal {
                        arsenal.tactic = Tactic::Steady;
                    }
                }
                if !costs {
                    s.interceptors[0].unit_cost = None;
                }
                s
            })
    }

    /// Scenarios with quiet nights: fixed raids that are mostly 0, a raid
    /// every night or never (by chance now and then), arsenals, electronic
    /// warfare and decoys as in [`long_form`], over up to 80 nights, with
    /// interceptor production now and then, and rationing in about half.
    fn quiet_form() -> impl Strategy<Value = Scenario> {
        let count = prop_oneof![3 => Just(0u64), 1 => 1u64..40];
        let raid = prop_oneof![
            Just(Raid::Every(0)),
            prop::collection::vec(count, 1..6).prop_map(Raid::Pattern),
            (0.5f64..5.0).prop_map(|mean| Raid::Poisson { mean }),
        ];
        let raid_probability = prop_oneof![4 => Just(1.0f64), 1 => Just(0.0), 1 => 0.0f64..1.0];
        (
            salvo_scenario(raid, raid_probability, 2, attack()),
            horizon_and_production(),
            any::<bool>(),
        )
            .prop_map(|(mut s, horizon, rationing)| {
                set_horizon(&mut s, horizon);
                if !rationing {
                    for threat in &mut s.threats {
                        for e in threat.tiers.iter_mut().flatten() {
                            e.rationed = None;
                        }
                    }
                }
                s
            })
    }

    /// Every trial of `s` and its whole simulation, over two chunks and,
    /// on one thread, three (one worker's sums settled and reused), and
    /// with the stock band, come to the general rule's figures.
    fn the_general_rule_over_chunks(s: &Scenario, seed: u64) -> Result<(), TestCaseError> {
        let own = trial_results(s, 20, seed, false);
        let general = trial_results(s, 20, seed, true);
        prop_assert_eq!(own, general);
        prop_assert_eq!(
            simulate(s, 300, seed, &|_| {}),
            simulate_by_general_rule(s, 300, seed, false)
        );
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a pool of one thread");
        prop_assert_eq!(
            one_thread.install(|| simulate(s, 700, seed, &|_| {})),
            simulate_by_general_rule(s, 700, seed, false)
        );
        prop_assert_eq!(
            simulate_with_band(s, 300, seed, &|_| {}),
            simulate_by_general_rule(s, 300, seed, true)
        );
        Ok(())
    }

    /// Whether every threat certainly raids nothing on `night`: it plans
    /// its raids (steady), and a raid by chance of 0, or certain and of a
    /// fixed size 0 that night.
    fn quiet_on(s: &Scenario, night: u32) -> bool {
        s.threats.iter().all(|t| {
            t.arsenal
                .as_ref()
                .is_none_or(|a| a.tactic == Tactic::Steady)
                && (t.raid_probability <= 0.0
                    || (t.raid_probability >= 1.0 && t.raid.fixed_on(night) == Some(0)))
        })
    }

    /// Scenarios of one to three types and threats whose every engagement
    /// fires salvos, in up to `tiers` tiers.
    fn salvo_scenario(
        raid: impl Strategy<Value = Raid>,
        raid_probability: impl Strategy<Value = f64>,
        tiers: usize,
        attack: impl Strategy<Value = (Option<Arsenal>, Option<Decoy>, f64)>,
    ) -> impl Strategy<Value = Scenario> {
        let engagement = (
            0usize..3,
            0usize..tiers,
            salvo(),
            prop::option::of((1u64..80, 1u32..3)),
        );
        let threat = (
            raid,
            raid_probability,
            prop::collection::vec(engagement, 0..4),
            attack,
        );
        (
            1u32..40,
            prop::collection::vec(super::agreement::interceptor(2000), 1..4),
            prop::collection::vec(threat, 1..4),
            prop::collection::vec((0usize..3, 1u32..40, 1u32..10, 0u64..50), 0..3),
        )
            .prop_map(|(horizon, mut interceptors, threats, deliveries)| {
                let types = interceptors.len();
                super::build::name_types(&mut interceptors);
                let threats = threats
                    .into_iter()
                    .enumerate()
                    .map(
                        |(i, (raid, raid_probability, picks, (arsenal, decoy, lost_to_ew)))| {
                            Threat {
                                name: format!("threat{i}"),
                                raid,
                                raid_probability,
                                tiers: super::build::tiers(picks, types),
                                unit_cost: Some(1.5),
                                arsenal,
                                decoy,
                                lost_to_ew,
                            }
                        },
                    )
                    .collect();
                Scenario {
                    name: "salvos".into(),
                    description: None,
                    start_date: None,
                    horizon_nights: horizon,
                    interceptors,
                    threats,
                    deliveries: super::build::deliveries(deliveries, types),
                    production: vec![],
                    sources: vec![],
                    overrides: vec![],
                    uncertain: Vec::new(),
                    value_sources: Vec::new(),
                }
            })
    }

    /// Which runs take fixed nights: fixed raids with salvos at one tier
    /// (the Patriot and Kyiv scenarios' kind) do; a Poisson raid, a raid by
    /// chance or electronic warfare (which draw more than kills), or a
    /// second tier or decoys (whose kills change more than what leaks) do
    /// not, nor does a range.
    #[test]
    fn only_runs_whose_kills_change_only_leakers_take_fixed_nights() {
        let base = "
name: fixed
horizon_nights: 30
interceptors:
  a: { stockpile: 100, pk: 0.7, ration: { below: 20, interceptors_per_kill: 1 } }
  b: { stockpile: 50, pk: 0.8, engagements_per_night: 3 }
threats:
  cruise: { missiles_per_night: [8, 0, 2], engaged_by: [b, a], interceptors_per_kill: 2 }
  ballistic: { missiles_per_night: 4, engaged_by: [a], interceptors_per_kill: 2 }
";
        let load = |yaml: &str| {
            magdepth::scenario::parse_scenario(yaml, "test.yaml", "test")
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert!(takes_fixed_nights(&load(base)));
        for (from, to) in [
            (
                "missiles_per_night: 4,",
                "missiles_per_night: { poisson: 4 },",
            ),
            (
                "missiles_per_night: 4,",
                "missiles_per_night: 4, raid_probability: 0.5,",
            ),
            (
                "missiles_per_night: 4,",
                "missiles_per_night: 4, lost_to_ew: 0.2,",
            ),
            ("threats:", "layers: [[b]]\nthreats:"),
            (
                "missiles_per_night: 4,",
                "missiles_per_night: 4, decoy: true,",
            ),
            ("stockpile: 100,", "stockpile: { between: [80, 120] },"),
        ] {
            let yaml = base.replace(from, to);
            assert_ne!(yaml, base);
            assert!(!takes_fixed_nights(&load(&yaml)), "{to}");
        }
    }

    /// Which runs take the salvo loop: two types engaging a steady threat
    /// with an arsenal and electronic warfare, and decoys, do (the drone
    /// campaign's kind), with a range, with a reserve on a type only its
    /// holder engages, and with eight threats; fire capacity, a reserve
    /// another threat must leave, rationing, a massing arsenal or
    /// shoot-look-shoot do not, nor nine threats, nor the short form's
    /// shape (which has its own loop), nor runs whose trials draw only
    /// kills.
    #[test]
    fn only_salvos_from_stock_at_steady_threats_take_the_salvo_loop() {
        let base = "
name: salvo loop
horizon_nights: 30
interceptors:
  a: { stockpile: 300, pk: 0.7 }
  b: { stockpile: 40, pk: 0.8 }
threats:
  drones:
    missiles_per_night: [30, 0, 0]
    engaged_by: [a, b]
    interceptors_per_kill: 1
    lost_to_ew: 0.5
    arsenal: { on_hand: 100, production: [{ per_month: 240 }], max_per_night: 25, tactic: steady }
  decoys: { missiles_per_night: [40, 0, 0], decoy: true, discrimination: 0.5, engaged_by: [a, b], interceptors_per_kill: 1 }
";
        let load = |yaml: &str| {
            magdepth::scenario::parse_scenario(yaml, "test.yaml", "test")
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert!(takes_salvo_loop(&load(base)));
        assert!(takes_salvo_loop(&load(&base.replace(
            "lost_to_ew: 0.5",
            "lost_to_ew: { between: [0.4, 0.6] }"
        ))));
        // A reserve on a type that only the threat that may draw on it
        // engages leaves nothing kept back: the loop still takes it.
        let reserve = base
            .replace(
                "  b: { stockpile: 40, pk: 0.8 }\n",
                "  b: { stockpile: 40, pk: 0.8 }\n  c: { stockpile: 50, pk: 0.6, reserve: 10 }\n",
            )
            .replace("engaged_by: [a, b]\n", "engaged_by: [a, b, c]\n");
        assert_ne!(reserve, base);
        assert!(takes_salvo_loop(&load(&reserve)));
        // Eight threats (the two and six more) take it; nine do not.
        let more = |n: usize| -> String {
            (0..n)
                .map(|i| format!("  t{i}: {{ missiles_per_night: {{ poisson: 3 }}, engaged_by: [a], interceptors_per_kill: 1 }}\n"))
                .collect()
        };
        assert!(takes_salvo_loop(&load(
            &base.replace("threats:\n", &format!("threats:\n{}", more(6)))
        )));
        let nine = more(7);
        for (from, to) in [
            ("pk: 0.8 }", "pk: 0.8, engagements_per_night: 5 }"),
            ("pk: 0.8 }", "pk: 0.8, reserve: 10 }"),
            (
                "pk: 0.8 }",
                "pk: 0.8, ration: { below: 20, interceptors_per_kill: 1 } }",
            ),
            ("tactic: steady", "tactic: { mass_when: 50 }"),
            ("pk: 0.7 }", "pk: 0.7, doctrine: shoot-look-shoot }"),
            ("threats:\n", &format!("threats:\n{nine}")),
        ] {
            let yaml = base.replace(from, to);
            assert_ne!(yaml, base);
            assert!(!takes_salvo_loop(&load(&yaml)), "{to}");
        }
        // The short form's shape takes its own loop; fixed raids with
        // neither electronic warfare nor decoys draw only kills.
        let short = "
name: short
horizon_nights: 30
stockpile: 100
interceptors_per_kill: 2
missiles_per_night: { poisson: 4 }
pk: 0.7
";
        assert!(takes_short_form_loop(&load(short)));
        assert!(!takes_salvo_loop(&load(short)));
        let fixed = base
            .replace("    lost_to_ew: 0.5\n", "")
            .replace("decoy: true, discrimination: 0.5, ", "");
        assert!(takes_fixed_nights(&load(&fixed)));
        assert!(!takes_salvo_loop(&load(&fixed)));
    }

    /// A trial of more than 2^20 kill draws takes the general rule rather
    /// than keep notes past 40 MiB: eleven threats of one missile a night,
    /// each engaged (pk 0.5, so every engagement is a draw), make 11 × 95,000
    /// = 1,045,000 draws over 95,000 nights (under 2^20 = 1,048,576) and
    /// 11 × 96,000 = 1,056,000 over 96,000 (over).
    #[test]
    fn a_trial_of_more_than_a_million_kill_draws_takes_the_general_rule() {
        let threats: String = (0..11)
            .map(|i| {
                format!("  t{i}: {{ missiles_per_night: 1, engaged_by: [a], interceptors_per_kill: 1 }}\n")
            })
            .collect();
        let scenario = |nights: u32| {
            let yaml = format!(
                "name: many\nhorizon_nights: {nights}\ninterceptors:\n  a: {{ stockpile: 1000000000000, pk: 0.5 }}\nthreats:\n{threats}"
            );
            magdepth::scenario::parse_scenario(&yaml, "test.yaml", "test")
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert!(takes_fixed_nights(&scenario(95_000)));
        assert!(!takes_fixed_nights(&scenario(96_000)));
    }

    /// Runs of quiet nights are settled once per chunk where nothing but
    /// raids and kills is drawn, no band is kept and nothing is rationed:
    /// a raid every fourth night over 12 nights has three runs (nights 2–4,
    /// 6–8 and 10–12); rationing, a range or a raid every night has none.
    #[test]
    fn only_runs_whose_quiet_stock_only_grows_settle_quiet_nights() {
        let base = "
name: quiet
horizon_nights: 12
interceptors:
  a: { stockpile: 100, pk: 0.7 }
threats:
  drones: { missiles_per_night: [30, 0, 0, 0], engaged_by: [a], interceptors_per_kill: 1, lost_to_ew: 0.5 }
";
        let load = |yaml: &str| {
            magdepth::scenario::parse_scenario(yaml, "test.yaml", "test")
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(quiet_spans(&load(base)), 3);
        for (from, to) in [
            (
                "pk: 0.7 }",
                "pk: 0.7, ration: { below: 20, interceptors_per_kill: 1 } }",
            ),
            ("stockpile: 100,", "stockpile: { between: [80, 120] },"),
            ("[30, 0, 0, 0]", "30"),
        ] {
            let yaml = base.replace(from, to);
            assert_ne!(yaml, base);
            assert_eq!(quiet_spans(&load(&yaml)), 0, "{to}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Quiet nights after the first, where no engagement is rationed
        /// and nothing but raids and kills is drawn, are settled once per
        /// chunk of trials: every trial and the whole simulation (per
        /// night stock and arsenals among them) come to the general rule's
        /// figures, over two chunks and, on one thread, three (one
        /// worker's sums settled and reused), and with the stock band
        /// (quiet nights walked one by one); the runs are taken exactly
        /// where such nights are.
        #[test]
        fn settled_quiet_nights_are_the_general_rule(
            s in quiet_form(),
            seed in any::<u64>(),
        ) {
            let rationed = s.threats.iter().any(|t| {
                t.tiers.iter().flatten().any(|e| e.rationed.is_some())
            });
            let quiet = (2..=s.horizon_nights).any(|night| quiet_on(&s, night));
            prop_assert_eq!(quiet_spans(&s) > 0, quiet && !rationed);
            the_general_rule_over_chunks(&s, seed)?;
        }

        /// Trials of scenarios whose every engagement fires salvos take
        /// `engage_salvos`, skip threats that plan nothing and settle most
        /// exhaustion checks with one comparison; they draw what the
        /// general rule draws, in the same order, every trial comes to
        /// the same figures, and so does the whole simulation (nights,
        /// per-threat and per-type figures, spreads), ranges or none.
        #[test]
        fn the_salvo_engagement_is_the_general_rule(
            s in long_form(),
            ranges in 0u8..8,
            seed in any::<u64>(),
        ) {
            let s = with_ranges(s, ranges);
            let own = trial_results(&s, 20, seed, false);
            let general = trial_results(&s, 20, seed, true);
            prop_assert_eq!(own, general);
            prop_assert_eq!(
                simulate(&s, 40, seed, &|_| {}),
                simulate_by_general_rule(&s, 40, seed, false)
            );
        }

        /// Trials that take the salvo loop draw what the general rule
        /// draws, in the same order: every trial comes to the same
        /// figures, and so does the whole simulation (nights, per-threat
        /// and per-type figures, arsenals, spreads), ranges or none, over
        /// two chunks and, on one thread, three (runs of quiet nights
        /// settled and reused), and with the stock band. The strategy's
        /// every scenario takes the loop unless its trials draw only
        /// kills or it has the short form's shape.
        #[test]
        fn the_salvo_loop_is_the_general_rule(
            s in salvo_loop_form(),
            ranges in 0u8..8,
            seed in any::<u64>(),
        ) {
            let s = with_ranges(s, ranges);
            prop_assert_eq!(
                takes_salvo_loop(&s),
                !takes_fixed_nights(&s) && !takes_short_form_loop(&s)
            );
            the_general_rule_over_chunks(&s, seed)?;
        }

        /// Trials that draw nothing but kills, where a kill changes only
        /// what leaks (one tier a threat, no decoys), work every other
        /// figure out once per run and draw only the kills: the same draws
        /// as the general rule, so every trial, the whole simulation and
        /// its stock band and per-threat leakers come to the same figures.
        /// With layers or decoys they take the general rule.
        #[test]
        fn trials_that_draw_only_kills_are_the_general_rule(
            s in draws_only_kills_form(),
            seed in any::<u64>(),
        ) {
            let kills_change_only_leakers = s
                .threats
                .iter()
                .all(|t| t.tiers.len() <= 1 && t.decoy.is_none());
            prop_assert_eq!(takes_fixed_nights(&s), kills_change_only_leakers);
            let own = trial_results(&s, 20, seed, false);
            let general = trial_results(&s, 20, seed, true);
            prop_assert_eq!(own, general);
            prop_assert_eq!(
                simulate_with_band(&s, 300, seed, &|_| {}),
                simulate_by_general_rule(&s, 300, seed, true)
            );
        }
    }
}
