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
        }],
        threats: vec![Threat {
            name: "missiles".into(),
            raid,
            raid_probability: 1.0,
            engaged_by: vec![Engagement {
                interceptor: 0,
                kill: KillModel::certain(interceptors_per_kill),
            }],
        }],
        deliveries: deliveries
            .into_iter()
            .map(|(schedule, count)| Delivery {
                interceptor: 0,
                count,
                schedule,
            })
            .collect(),
        sources: vec![],
    }
}

fn expected(s: &Scenario) -> magdepth::sim::Simulation {
    simulate(s, Method::Expected, &|_| {})
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
        let per_kill = f64::from(s.threats[0].engaged_by[0].kill.interceptors_per_kill);
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
