//! The long form: several interceptor types and threats, preference order,
//! priority, layers, fire capacity, production, reserve, rationing and
//! costs, each worked by hand.

use magdepth::analysis::policy::{self, Policy, PolicyEffect};
use magdepth::report::grid::policy_words;
use magdepth::scenario::parse_scenario;
use magdepth::sim::{Method, Simulation, simulate};

fn load(yaml: &str) -> magdepth::model::Scenario {
    parse_scenario(yaml, "test.yaml", "test").unwrap_or_else(|e| panic!("{e}"))
}

/// Expected mode, checked against Monte Carlo where chance plays no part.
fn run(yaml: &str) -> Simulation {
    let scenario = load(yaml);
    let expected = simulate(&scenario, Method::MeanPath, &|_| {});
    let trials = simulate(
        &scenario,
        Method::MonteCarlo { trials: 2, seed: 3 },
        &|_| {},
    );
    let pick = |s: &Simulation| {
        (
            s.summary.leakers,
            s.summary.expended,
            s.summary.first_shortfall_night,
            s.summary.leaked_for_stock,
            s.summary.leaked_for_capacity,
        )
    };
    assert_eq!(
        pick(&expected),
        pick(&trials),
        "expected and Monte Carlo differ"
    );
    expected
}

fn errors(yaml: &str) -> String {
    match parse_scenario(yaml, "test.yaml", "test") {
        Ok(_) => panic!("expected errors"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn preferred_type_first_then_the_next() {
    // 8 ballistic a night at 2 per kill. PAC-3 holds 10: 5 salvos take 5
    // missiles; PAC-2 takes the other 3 (6 interceptors). Night 2: PAC-3 is
    // empty, PAC-2 takes all 8 (16).
    let sim = run("
horizon_nights: 2
interceptors:
  pac3: { stockpile: 10 }
  pac2: { stockpile: 100 }
threats:
  ballistic: { missiles_per_night: 8, engaged_by: [pac3, pac2], interceptors_per_kill: 2 }
");
    let types = &sim.summary.by_interceptor;
    assert_eq!(
        (
            types[0].name.as_str(),
            types[0].expended,
            types[0].exhausted_night
        ),
        ("pac3", 10.0, Some(1.0))
    );
    assert_eq!(
        (types[1].expended, types[1].final_stock),
        (6.0 + 16.0, 78.0)
    );
    assert_eq!(sim.summary.leakers, 0.0);
}

#[test]
fn interceptors_per_kill_per_type() {
    // PAC-3 at 2 per kill has 4 (2 salvos); PAC-2 at 3 per kill takes the
    // other 4 missiles with 12.
    let sim = run("
horizon_nights: 1
interceptors:
  pac3: { stockpile: 4 }
  pac2: { stockpile: 100 }
threats:
  ballistic:
    missiles_per_night: 6
    engaged_by: [pac3, pac2]
    interceptors_per_kill: { pac3: 2, pac2: 3 }
");
    let types = &sim.summary.by_interceptor;
    assert_eq!((types[0].expended, types[1].expended), (4.0, 12.0));
}

#[test]
fn priority_decides_who_is_engaged_first() {
    // One type with 20, 2 per kill. Cruise (8) is listed first, but
    // ballistic (6) has priority 1: ballistic takes 12, cruise gets 4
    // salvos from the 8 left and 4 cruise missiles leak.
    let sim = run("
horizon_nights: 1
interceptors:
  patriot: { stockpile: 20 }
threats:
  cruise: { missiles_per_night: 8, engaged_by: [patriot], interceptors_per_kill: 2 }
  ballistic: { missiles_per_night: 6, engaged_by: [patriot], interceptors_per_kill: 2, priority: 1 }
");
    let threats = &sim.summary.by_threat;
    assert_eq!(threats[0].name, "ballistic");
    assert_eq!((threats[0].leakers, threats[1].leakers), (0.0, 4.0));
    assert_eq!(sim.summary.leaked_for_stock, 4.0);
}

#[test]
fn layers_pass_survivors_to_the_lower_tier() {
    // Upper tier kills 0.8 with one shot; the lower fires salvos of 2 at
    // pk 0.7 (0.91). A missile leaks with probability 0.2 × 0.09 = 0.018:
    // of 100, 1.8 leak. The upper tier fires 100; the lower engages the 20
    // survivors with 40. A night is clean with probability 0.982^100.
    let scenario = load(
        "
horizon_nights: 1
interceptors:
  thaad: { stockpile: 1000, pk: 0.8 }
  patriot: { stockpile: 1000, pk: 0.7 }
layers: [[thaad], [patriot]]
threats:
  ballistic:
    missiles_per_night: 100
    engaged_by: [patriot, thaad]
    interceptors_per_kill: { thaad: 1, patriot: 2 }
",
    );
    let sim = simulate(&scenario, Method::MeanPath, &|_| {});
    assert!((sim.summary.leakers - 1.8).abs() < 1e-9);
    let types = &sim.summary.by_interceptor;
    assert!((types[0].expended - 100.0).abs() < 1e-9);
    assert!((types[1].expended - 40.0).abs() < 1e-9);
    assert!((sim.nights[0].p_night_without_leakers - 0.982f64.powi(100)).abs() < 1e-12);
    // Monte Carlo: 100 missiles × 20,000 trials; the leak share's standard
    // error is √(0.018·0.982/2e6) = 0.000094 (tolerance 0.00047).
    let mc = simulate(
        &scenario,
        Method::MonteCarlo {
            trials: 20_000,
            seed: 8,
        },
        &|_| {},
    );
    assert!(
        (mc.summary.leakers / 100.0 - 0.018).abs() < 0.00047,
        "{}",
        mc.summary.leakers
    );
}

#[test]
fn fire_capacity_leaks_while_stock_remains() {
    // 20 missiles at 2 per kill against 100, but only 6 engagements a
    // night: 14 leak for capacity every night; 12 fired a night, so after 3
    // nights 64 remain.
    let sim = run("
horizon_nights: 3
interceptors:
  nasams: { stockpile: 100, engagements_per_night: 6 }
threats:
  cruise: { missiles_per_night: 20, engaged_by: [nasams], interceptors_per_kill: 2 }
");
    assert_eq!(sim.summary.leaked_for_capacity, 42.0);
    assert_eq!(sim.summary.leaked_for_stock, 0.0);
    assert_eq!(sim.summary.final_stock, 64.0);
    assert_eq!(sim.summary.first_shortfall_night, Some(1.0));
}

#[test]
fn launchers_reload_after_their_reload_time() {
    // 2 launchers × 4 rounds = 8 ready; a round fired is ready again 2
    // nights later. 10 missiles a night at 2 per kill: night 1 fires 8 (4
    // engaged), night 2 has none ready (0 engaged), night 3 has the 8 back.
    let sim = run("
horizon_nights: 3
interceptors:
  patriot: { stockpile: 100, launchers: 2, rounds_per_launcher: 4, reload_nights: 2 }
threats:
  ballistic: { missiles_per_night: 10, engaged_by: [patriot], interceptors_per_kill: 2 }
");
    let engaged: Vec<f64> = sim.nights.iter().map(|n| n.engaged).collect();
    assert_eq!(engaged, vec![4.0, 0.0, 4.0]);
    assert_eq!(sim.summary.leaked_for_capacity, 6.0 + 10.0 + 6.0);
}

#[test]
fn production_ramps_deliver_whole_interceptors() {
    // 20 a month for nights 1-60, then 40 a month: a month is 365.25/12 =
    // 30.4375 nights, so 0.6570842 and 1.3141684 a night. Whole ones leave
    // as they accrue: by night 60, ⌊60 · 0.6570842⌋ = ⌊39.425⌋ = 39; by
    // night 90, ⌊39.425 + 30 · 1.3141684⌋ = ⌊78.850⌋ = 78.
    let sim = run("
horizon_nights: 90
interceptors:
  pac3: { stockpile: 0 }
threats:
  none: { missiles_per_night: 0, engaged_by: [pac3], interceptors_per_kill: 2 }
production:
  - { per_month: 20, to_night: 60 }
  - { per_month: 40, from_night: 61 }
");
    let by_night_60: f64 = sim.nights[..60].iter().map(|n| n.delivered).sum();
    assert_eq!(by_night_60, 39.0);
    assert_eq!(sim.summary.delivered, 78.0);
    // The first whole interceptor accrues on night 2 (2 · 0.657 = 1.31).
    assert_eq!(sim.nights[0].delivered, 0.0);
    assert_eq!(sim.nights[1].delivered, 1.0);
}

#[test]
fn production_by_date_share_and_lead_time() {
    // 10% of 620 a year = 62 a year = 0.1697467 a night, from 2026-01-01
    // (night 1), each delivered 30 nights after it is made. Over 90 nights
    // the line makes ⌊60 · 0.1697467⌋ = ⌊10.18⌋ = 10 that arrive in time
    // (those made by night 60).
    let sim = run("
start_date: 2026-01-01
horizon_nights: 90
interceptors:
  pac3: { stockpile: 0 }
threats:
  none: { missiles_per_night: 0, engaged_by: [pac3], interceptors_per_kill: 2 }
production:
  - { per_year: 620, share: 0.1, from: 2026-01-01, lead_time_nights: 30 }
");
    assert_eq!(sim.summary.delivered, 10.0);
    assert!(sim.nights[..30].iter().all(|n| n.delivered == 0.0));
}

#[test]
fn reserve_is_kept_for_the_highest_priority_threat() {
    // 30 on hand, 20 in reserve. Ballistic (priority 1) fires 0 tonight;
    // cruise may use only the 10 above the reserve: 5 salvos of 2, so 7 of
    // 12 leak for lack of stock and 20 remain.
    let yaml = "
horizon_nights: 1
interceptors:
  patriot: { stockpile: 30, reserve: 20 }
threats:
  ballistic: { missiles_per_night: 0, engaged_by: [patriot], interceptors_per_kill: 2, priority: 1 }
  cruise: { missiles_per_night: 12, engaged_by: [patriot], interceptors_per_kill: 2 }
";
    let sim = run(yaml);
    assert_eq!(sim.summary.by_threat[1].leakers, 7.0);
    assert_eq!(sim.summary.final_stock, 20.0);
    // Without the reserve all 12 would be engaged: it bought no night here
    // and cost 7 leakers.
    let (effect, words) = only_effect(yaml, &sim);
    assert_eq!(
        effect.policy,
        Policy::Reserve {
            interceptor: 0,
            count: 20
        }
    );
    assert_eq!(words, "reserve of 20 patriot");
    assert_eq!((effect.nights_gained, effect.extra_leakers), (-1.0, 7.0));
}

#[test]
fn rationing_fires_fewer_per_kill_below_the_threshold() {
    // 100 on hand, 12 a night at 2 per kill; below 30 only 1 per kill.
    // Nights 1-3 use 24 each (100 → 28); from night 4 it fires 12 a night:
    // 28 → 16 → 4; night 6 engages 4 of 12. Without rationing: 100 → 76 →
    // 52 → 28 → 4, and night 5 engages 2. Rationing gains 1 night and
    // saves (10 + 12) − 8 = 14 leakers over 6 nights.
    let yaml = "
horizon_nights: 6
interceptors:
  patriot: { stockpile: 100, ration: { below: 30, interceptors_per_kill: 1 } }
threats:
  ballistic: { missiles_per_night: 12, engaged_by: [patriot], interceptors_per_kill: 2 }
";
    let sim = run(yaml);
    let stock_end: Vec<f64> = sim.nights.iter().map(|n| n.stock_end).collect();
    assert_eq!(stock_end, vec![76.0, 52.0, 28.0, 16.0, 4.0, 0.0]);
    assert_eq!(sim.summary.first_shortfall_night, Some(6.0));
    let (effect, words) = only_effect(yaml, &sim);
    assert_eq!(words, "rationing patriot to 1 per kill below 30");
    assert_eq!((effect.nights_gained, effect.extra_leakers), (1.0, -14.0));
}

/// The scenario's one policy, what it bought in expected mode, and the
/// words reports give it.
fn only_effect(yaml: &str, sim: &Simulation) -> (PolicyEffect, String) {
    let scenario = load(yaml);
    let effects = policy::effects(&scenario, Method::MeanPath, &sim.summary);
    assert_eq!(effects.len(), 1, "{effects:?}");
    let words = policy_words(&effects[0].policy, &scenario);
    (effects[0], words)
}

const COSTS: &str = "
horizon_nights: 1
interceptors:
  pac3: { stockpile: 100, unit_cost: 4.2e6 }
threats:
  ballistic: { missiles_per_night: 8, engaged_by: [pac3], interceptors_per_kill: 2, unit_cost: 3.0e6 }
  drones: { missiles_per_night: 400, engaged_by: [], unit_cost: 5.0e4 }
";

fn load_costs() -> magdepth::model::Scenario {
    load(COSTS)
}

#[test]
fn costs_and_the_cost_exchange_ratio() {
    // 8 ballistic at 3.0e6 each (24e6) met by 16 PAC-3 at 4.2e6 (67.2e6):
    // ratio 67.2 / 24 = 2.8. 400 drones at 5e4 (20e6) are not engaged.
    let sim = run("
horizon_nights: 1
interceptors:
  pac3: { stockpile: 100, unit_cost: 4.2e6 }
threats:
  ballistic: { missiles_per_night: 8, engaged_by: [pac3], interceptors_per_kill: 2, unit_cost: 3.0e6 }
  drones: { missiles_per_night: 400, engaged_by: [], unit_cost: 5.0e4 }
");
    let s = &sim.summary;
    assert!((s.interceptor_spend.unwrap() - 67.2e6).abs() < 1e-3);
    assert!((s.threat_cost.unwrap() - 44.0e6).abs() < 1e-3);
    assert!((s.cost_exchange_ratio.unwrap() - 67.2 / 44.0).abs() < 1e-12);
    // Spend per night: the one night spends all 16 × 4.2e6.
    assert!((sim.nights[0].interceptor_spend.unwrap() - 67.2e6).abs() < 1e-3);
    let mc = simulate(
        &load_costs(),
        Method::MonteCarlo { trials: 3, seed: 1 },
        &|_| {},
    );
    assert!((mc.nights[0].interceptor_spend.unwrap() - 67.2e6).abs() < 1e-3);
    // Drones nobody engages leak, but that is no shortfall of stock.
    assert_eq!(s.leakers, 400.0);
    assert_eq!(s.first_shortfall_night, None);
}

#[test]
fn deliveries_name_their_type() {
    let sim = run("
horizon_nights: 20
start_date: 2025-07-10
interceptors:
  pac3: { stockpile: 0 }
  nasams: { stockpile: 0 }
threats:
  none: { missiles_per_night: 0, engaged_by: [pac3], interceptors_per_kill: 2 }
deliveries:
  - { interceptor: pac3, night: 3, count: 10 }
  - { interceptor: nasams, date: 2025-07-19, count: 5 }
");
    // 2025-07-19 is night 10.
    assert_eq!(sim.nights[9].delivered, 5.0);
    let types = &sim.summary.by_interceptor;
    assert_eq!((types[0].delivered, types[1].delivered), (10.0, 5.0));
}

#[test]
fn long_form_errors_name_the_key_path() {
    let text = errors("
interceptors:
  pac3: { stockpile: 10 }
threats:
  ballistic: { missiles_per_night: 8, engaged_by: [pac33, pac2], interceptors_per_kill: { pac4: 2 } }
deliveries:
  - { interceptor: nasams, night: 3, count: 10 }
layers: [[pac3], [pac3]]
stockpile: 5
");
    for expected in [
        "threats.ballistic.engaged_by.0: no interceptor type `pac33`; did you mean `pac3`?",
        "threats.ballistic.engaged_by.1: no interceptor type `pac2`; did you mean `pac3`?",
        "threats.ballistic.interceptors_per_kill.pac4: `pac4` is not in this threat's engaged_by",
        "deliveries.0.interceptor: no interceptor type `nasams`; the types are: pac3",
        "layers.1.0: `pac3` is already in layer 0",
        "stockpile: belongs to the short form",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let text = errors(
        "
interceptors:
  pac3: { stockpile: 10 }
  pac2: { stockpile: 10 }
threats:
  ballistic: { missiles_per_night: 8, engaged_by: [pac3] }
deliveries:
  - { night: 3, count: 10 }
",
    );
    assert!(
        text.contains("threats.ballistic.interceptors_per_kill: missing"),
        "{text}"
    );
    assert!(
        text.contains(
            "deliveries.0.interceptor: missing: which interceptor type (one of: pac3, pac2)"
        ),
        "{text}"
    );
}
