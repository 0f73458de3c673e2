//! Invariants that hold for every valid scenario, checked on random ones.

use magdepth::kill::KillModel;
use magdepth::model::{Delivery, Engagement, InterceptorType, Raid, Scenario, Schedule, Threat};
use magdepth::sim::{Method, simulate};
use proptest::prelude::*;

fn raid() -> impl Strategy<Value = Raid> {
    prop_oneof![
        (0u64..60).prop_map(Raid::Every),
        prop::collection::vec(0u64..60, 1..10).prop_map(Raid::Pattern),
    ]
}

fn schedule(horizon: u32) -> impl Strategy<Value = Schedule> {
    prop_oneof![
        (1..=horizon + 5).prop_map(|night| Schedule::Once { night }),
        (1..=horizon, 1..=horizon, 0..=horizon).prop_map(move |(every, first, span)| {
            Schedule::Recurring {
                every_nights: every,
                first_night: first,
                last_night: first + span,
            }
        }),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (1u32..150).prop_flat_map(|horizon| {
        (
            0u64..3000,
            1u32..5,
            raid(),
            prop::collection::vec((schedule(horizon), 0u64..200), 0..4),
        )
            .prop_map(move |(stockpile, per_kill, raid, deliveries)| {
                short_form(horizon, stockpile, per_kill, raid, deliveries)
            })
    })
}

fn short_form(
    horizon: u32,
    stockpile: u64,
    interceptors_per_kill: u32,
    raid: Raid,
    deliveries: Vec<(Schedule, u64)>,
) -> Scenario {
    Scenario {
        name: "random".into(),
        description: None,
        start_date: None,
        horizon_nights: horizon,
        interceptors: vec![InterceptorType {
            name: "interceptors".into(),
            stockpile,
            unit_cost: None,
            fire_capacity: None,
            reserve: 0,
        }],
        threats: vec![Threat {
            name: "missiles".into(),
            raid,
            raid_probability: 1.0,
            tiers: vec![vec![Engagement {
                interceptor: 0,
                kill: KillModel::certain(interceptors_per_kill),
                rationed: None,
            }]],
            unit_cost: None,
            arsenal: None,
            decoy: None,
            lost_to_ew: 0.0,
        }],
        deliveries: deliveries
            .into_iter()
            .map(|(schedule, count)| Delivery {
                interceptor: 0,
                count,
                schedule,
            })
            .collect(),
        production: vec![],
        sources: vec![],
        overrides: vec![],
        uncertain: Vec::new(),
        value_sources: Vec::new(),
    }
}

fn expected(s: &Scenario) -> magdepth::sim::Simulation {
    simulate(s, Method::MeanPath, &|_| {})
}

proptest! {
    #[test]
    fn interceptors_are_conserved(s in scenario()) {
        let sim = expected(&s);
        let total = &sim.summary;
        prop_assert_eq!(s.interceptors[0].stockpile as f64 + total.delivered, total.expended + total.final_stock);
        for night in &sim.nights {
            prop_assert_eq!(night.stock_start + night.delivered, night.expended + night.stock_end);
        }
    }

    #[test]
    fn every_missile_is_engaged_or_leaks(s in scenario()) {
        let sim = expected(&s);
        let per_kill = f64::from(s.threats[0].tiers[0][0].kill.interceptors_per_kill);
        for night in &sim.nights {
            prop_assert_eq!(night.launched, night.engaged + night.leakers);
            prop_assert_eq!(night.expended, night.engaged * per_kill);
            // A leaker only when fewer than a salvo was left to fire.
            if night.leakers > 0.0 {
                prop_assert!(night.stock_end < per_kill);
            }
        }
        let total = &sim.summary;
        prop_assert_eq!(total.launched, total.engaged + total.leakers);
        prop_assert_eq!(total.leakers > 0.0, total.first_shortfall_night.is_some());
        prop_assert!(total.nights_fully_defended <= f64::from(total.horizon_nights));
    }

    #[test]
    fn a_larger_stockpile_never_lasts_fewer_nights(s in scenario(), extra in 1u64..500) {
        let mut larger = s.clone();
        larger.interceptors[0].stockpile += extra;
        let (before, after) = (expected(&s).summary, expected(&larger).summary);
        prop_assert!(after.nights_fully_defended >= before.nights_fully_defended);
    }

    #[test]
    fn more_missiles_never_last_more_nights(s in scenario(), extra in 1u64..20) {
        let mut heavier = s.clone();
        heavier.threats[0].raid = match &s.threats[0].raid {
            Raid::Every(n) => Raid::Every(n + extra),
            Raid::Pattern(p) => Raid::Pattern(p.iter().map(|n| n + extra).collect()),
            other => unreachable!("the strategy makes only fixed raids, not {other:?}"),
        };
        let (before, after) = (expected(&s).summary, expected(&heavier).summary);
        prop_assert!(after.nights_fully_defended <= before.nights_fully_defended);
    }
}

/// A random kill model: any pk, doctrine, assessment and reliability.
fn kill_model() -> impl Strategy<Value = KillModel> {
    (
        0.0f64..=1.0,
        1u32..4,
        any::<bool>(),
        0.0f64..=1.0,
        0.0f64..=1.0,
    )
        .prop_map(|(pk, k, look, kill_assessment, reliability)| KillModel {
            pk,
            interceptors_per_kill: k,
            doctrine: if look {
                magdepth::kill::Doctrine::ShootLookShoot
            } else {
                magdepth::kill::Doctrine::Salvo
            },
            kill_assessment,
            reliability,
        })
}

/// A random scenario with chance in it: random kills and random raid sizes.
fn chancy_scenario() -> impl Strategy<Value = Scenario> {
    let raid = prop_oneof![
        raid(),
        (0.5f64..30.0).prop_map(|mean| Raid::Poisson { mean }),
        (0.5f64..30.0, 0.2f64..5.0)
            .prop_map(|(mean, dispersion)| Raid::NegativeBinomial { mean, dispersion }),
        prop::collection::vec(0u64..40, 1..5).prop_map(Raid::Choice),
    ];
    (scenario(), kill_model(), raid, 0.0f64..=1.0).prop_map(|(mut s, kill, raid, p)| {
        s.threats[0].tiers[0][0].kill = kill;
        s.threats[0].raid = raid;
        s.threats[0].raid_probability = p;
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_monte_carlo_trial_conserves_interceptors(s in chancy_scenario(), seed in any::<u64>()) {
        let trials = magdepth::sim::monte_carlo::trial_results(&s, 8, seed, false);
        for t in &trials {
            prop_assert_eq!(s.interceptors[0].stockpile + t.delivered, t.expended + t.final_stock);
            prop_assert!(t.engaged <= t.launched);
            // Unengaged missiles all leak; engaged ones may leak too.
            prop_assert!(t.leakers >= t.launched - t.engaged);
            prop_assert!(t.leakers <= t.launched);
            prop_assert_eq!(t.first_shortfall_night.is_some(), t.engaged < t.launched);
        }
    }

    #[test]
    fn monte_carlo_nights_chain_and_balance(s in chancy_scenario(), seed in any::<u64>()) {
        let sim = simulate(&s, Method::MonteCarlo { trials: 8, seed }, &|_| {});
        for pair in sim.nights.windows(2) {
            prop_assert_eq!(pair[0].stock_end, pair[1].stock_start);
        }
        for n in &sim.nights {
            let balance = n.stock_start + n.delivered - n.expended - n.stock_end;
            prop_assert!(balance.abs() <= 1e-9 * n.stock_start.max(1.0));
            prop_assert!((0.0..=1.0).contains(&n.p_night_without_leakers));
        }
    }

    #[test]
    fn expected_mode_conserves_interceptors_and_bounds_leakers(s in chancy_scenario()) {
        let sim = expected(&s);
        let total = &sim.summary;
        let supply = s.interceptors[0].stockpile as f64 + total.delivered;
        prop_assert!((supply - total.expended - total.final_stock).abs() <= 1e-6 * supply.max(1.0));
        for n in &sim.nights {
            prop_assert!(n.engaged <= n.launched + 1e-9);
            prop_assert!(n.leakers >= n.launched - n.engaged - 1e-9);
            prop_assert!(n.leakers <= n.launched + 1e-9);
            prop_assert!(n.stock_end >= 0.0);
            prop_assert!((0.0..=1.0 + 1e-12).contains(&n.p_night_without_leakers));
        }
    }

    #[test]
    fn expected_mode_more_stock_never_lasts_fewer_nights(s in chancy_scenario(), extra in 1u64..500) {
        let mut larger = s.clone();
        larger.interceptors[0].stockpile += extra;
        let (before, after) = (expected(&s).summary, expected(&larger).summary);
        prop_assert!(after.nights_fully_defended >= before.nights_fully_defended);
    }
}

/// A random long-form scenario: two or three interceptor types, each with
/// random stock, capacity, reserve and rationing, and one to three threats
/// engaged by random types in random tiers.
fn mixed_scenario() -> impl Strategy<Value = Scenario> {
    use magdepth::model::FireCapacity;
    let interceptor = (
        0u64..400,
        prop::option::of(prop_oneof![
            (0u64..20).prop_map(FireCapacity::EngagementsPerNight),
            (1u64..40, 1u32..4).prop_map(|(rounds_ready, reload_nights)| FireCapacity::Launchers {
                rounds_ready,
                reload_nights
            }),
        ]),
        0u64..60,
    )
        .prop_map(|(stockpile, fire_capacity, reserve)| InterceptorType {
            name: "t".into(),
            stockpile,
            unit_cost: Some(1.0),
            fire_capacity,
            reserve,
        });
    let threat = (
        raid(),
        prop::collection::vec(
            (
                0usize..3,
                0usize..2,
                kill_model(),
                prop::option::of((1u64..60, 1u32..3)),
            ),
            0..3,
        ),
    );
    (
        1u32..60,
        prop::collection::vec(interceptor, 2..4),
        prop::collection::vec(threat, 1..4),
    )
        .prop_map(|(horizon, mut interceptors, threats)| {
            let types = interceptors.len();
            crate::engagement_rules::build::name_types(&mut interceptors);
            let threats = threats
                .into_iter()
                .enumerate()
                .map(|(i, (raid, picks))| {
                    let tiers = crate::engagement_rules::build::tiers(picks, types);
                    Threat {
                        name: format!("threat{i}"),
                        raid,
                        raid_probability: 1.0,
                        tiers,
                        unit_cost: Some(1.0),
                        arsenal: None,
                        decoy: None,
                        lost_to_ew: 0.0,
                    }
                })
                .collect();
            Scenario {
                name: "mixed".into(),
                description: None,
                start_date: None,
                horizon_nights: horizon,
                interceptors,
                threats,
                deliveries: vec![],
                production: vec![],
                sources: vec![],
                overrides: vec![],
                uncertain: Vec::new(),
                value_sources: Vec::new(),
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn several_types_conserve_interceptors_per_type(s in mixed_scenario(), seed in any::<u64>()) {
        for method in [Method::MeanPath, Method::MonteCarlo { trials: 4, seed }] {
            let sim = simulate(&s, method, &|_| {});
            for (t, summary) in sim.summary.by_interceptor.iter().enumerate() {
                let supply = s.interceptors[t].stockpile as f64 + summary.delivered;
                let balance = supply - summary.expended - summary.final_stock;
                prop_assert!(balance.abs() <= 1e-6 * supply.max(1.0), "{} off by {balance}", summary.name);
                prop_assert!(summary.final_stock >= -1e-9);
            }
            let total: f64 = sim.summary.by_interceptor.iter().map(|t| t.expended).sum();
            prop_assert!((total - sim.summary.expended).abs() <= 1e-6 * total.max(1.0));
        }
    }

    #[test]
    fn every_threat_launches_what_is_engaged_or_leaks(s in mixed_scenario(), seed in any::<u64>()) {
        for method in [Method::MeanPath, Method::MonteCarlo { trials: 4, seed }] {
            let sim = simulate(&s, method, &|_| {});
            for (threat, summary) in s.threats.iter().zip(&sim.summary.by_threat) {
                prop_assert!(summary.leakers <= summary.launched + 1e-9);
                // A missile is engaged at most once per tier.
                prop_assert!(summary.engaged <= summary.launched * threat.tiers.len() as f64 + 1e-9);
                if threat.tiers.is_empty() {
                    prop_assert!((summary.leakers - summary.launched).abs() <= 1e-9);
                }
            }
            let leaked: f64 = sim.summary.by_threat.iter().map(|t| t.leakers).sum();
            prop_assert!((leaked - sim.summary.leakers).abs() <= 1e-6 * leaked.max(1.0));
            // Missiles left unengaged for want of stock or capacity all leak.
            prop_assert!(sim.summary.leaked_for_stock + sim.summary.leaked_for_capacity <= sim.summary.leakers + 1e-6);
        }
    }
}

/// An arsenal for a threat: stock on hand, production at a rate, a launch
/// capacity and a tactic.
fn arsenal() -> impl Strategy<Value = magdepth::model::Arsenal> {
    use magdepth::model::{Arsenal, Output, Tactic};
    (
        0u64..400,
        prop::collection::vec((0.0f64..15.0, 1u32..30, 0u32..60, 0u32..5), 0..3),
        prop::option::of(1u64..40),
        prop::option::of(1u64..80),
    )
        .prop_map(|(on_hand, lines, max_per_night, mass)| Arsenal {
            on_hand,
            production: lines
                .into_iter()
                .map(|(per_night, first_night, span, lead_time_nights)| Output {
                    per_night,
                    first_night,
                    last_night: first_night + span,
                    lead_time_nights,
                })
                .collect(),
            max_per_night,
            tactic: mass.map_or(Tactic::Steady, |when| Tactic::Mass { when }),
        })
}

/// [`mixed_scenario`] with an arsenal on some threats, and electronic
/// warfare on some.
fn two_sided_scenario() -> impl Strategy<Value = Scenario> {
    (
        mixed_scenario(),
        prop::collection::vec(
            (
                prop::option::of(arsenal()),
                prop_oneof![Just(0.0), 0.0f64..=1.0],
            ),
            3,
        ),
    )
        .prop_map(|(mut s, sides)| {
            for (threat, (arsenal, ew)) in s.threats.iter_mut().zip(sides) {
                threat.arsenal = arsenal;
                threat.lost_to_ew = ew;
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_threat_launches_more_than_it_had_and_made(s in two_sided_scenario(), seed in any::<u64>()) {
        for method in [Method::MeanPath, Method::MonteCarlo { trials: 4, seed }] {
            let sim = simulate(&s, method, &|_| {});
            for (threat, summary) in s.threats.iter().zip(&sim.summary.by_threat) {
                prop_assert!(summary.lost_to_ew <= summary.launched + 1e-9);
                prop_assert!(summary.leakers + summary.lost_to_ew <= summary.launched + 1e-9);
                match &threat.arsenal {
                    None => prop_assert_eq!(summary.arsenal_end, None),
                    Some(a) => {
                        let start = summary.arsenal_start.unwrap();
                        let produced = summary.produced.unwrap();
                        let end = summary.arsenal_end.unwrap();
                        prop_assert_eq!(start, a.on_hand as f64);
                        prop_assert!(summary.launched <= start + produced + 1e-9);
                        // What was on hand and made is launched or left.
                        let balance = start + produced - summary.launched - end;
                        prop_assert!(balance.abs() <= 1e-6 * (start + produced).max(1.0), "off by {balance}");
                        prop_assert!(end >= -1e-9);
                        if let Some(max) = a.max_per_night {
                            prop_assert!(summary.launched <= (max * u64::from(s.horizon_nights)) as f64 + 1e-9);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn an_arsenal_that_never_binds_changes_nothing(s in mixed_scenario(), seed in any::<u64>()) {
        // Every raid in mixed_scenario is under 60 a night for under 60
        // nights, so 10,000 on hand, steady and uncapped, never runs dry.
        let mut armed = s.clone();
        for threat in &mut armed.threats {
            threat.arsenal = Some(magdepth::model::Arsenal {
                on_hand: 10_000,
                production: vec![],
                max_per_night: None,
                tactic: magdepth::model::Tactic::Steady,
            });
        }
        for method in [Method::MeanPath, Method::MonteCarlo { trials: 4, seed }] {
            let (plain, armed) = (simulate(&s, method, &|_| {}), simulate(&armed, method, &|_| {}));
            let (p, a) = (&plain.summary, &armed.summary);
            prop_assert_eq!(
                (p.nights_fully_defended, p.first_shortfall_night, p.launched, p.engaged, p.leakers, p.expended),
                (a.nights_fully_defended, a.first_shortfall_night, a.launched, a.engaged, a.leakers, a.expended)
            );
            prop_assert_eq!(&p.by_interceptor, &a.by_interceptor);
            prop_assert_eq!(&p.runs_out_first, &a.runs_out_first);
            for (x, y) in plain.nights.iter().zip(&armed.nights) {
                prop_assert_eq!((x.launched, x.engaged, x.leakers, x.stock_end), (y.launched, y.engaged, y.leakers, y.stock_end));
            }
        }
    }
}
