//! Scenarios worked by hand, run through the public library API from YAML
//! text, as a user's file would be.

use magdepth::scenario::parse_scenario;
use magdepth::sim::{Method, Simulation, simulate};

/// Runs YAML text in expected mode, and checks that Monte Carlo (any seed)
/// gives exactly the same figures: these scenarios have certain kills and
/// fixed raids, so chance plays no part.
fn run(yaml: &str) -> Simulation {
    let scenario = parse_scenario(yaml, "test.yaml", "test").unwrap_or_else(|e| panic!("{e}"));
    let expected = simulate(&scenario, Method::MeanPath, &|_| {});
    let trials = simulate(
        &scenario,
        Method::MonteCarlo { trials: 3, seed: 7 },
        &|_| {},
    );
    assert_eq!(expected.nights.len(), trials.nights.len());
    for (e, m) in expected.nights.iter().zip(&trials.nights) {
        let strip = |n: &magdepth::sim::NightRecord| {
            [
                n.stock_start,
                n.delivered,
                n.launched,
                n.engaged,
                n.expended,
                n.leakers,
                n.stock_end,
            ]
        };
        assert_eq!(strip(e), strip(m), "night {}", e.night);
    }
    let (e, m) = (&expected.summary, &trials.summary);
    assert_eq!(
        (
            e.nights_fully_defended,
            e.first_shortfall_night,
            e.exhausted_night,
            e.leakers,
            e.final_stock
        ),
        (
            m.nights_fully_defended,
            m.first_shortfall_night,
            m.exhausted_night,
            m.leakers,
            m.final_stock
        )
    );
    expected
}

/// Check (a) of the foundation issue.
#[test]
fn dozen_a_night_against_100() {
    // 24 interceptors a night: nights 1-4 spend 96 and leave 4; night 5
    // fires 2 salvos (4 interceptors) at 2 of the 12 missiles, 10 leak.
    // Launched 30 × 12 = 360; engaged 4 × 12 + 2 = 50; leakers 310;
    // expended 50 × 2 = 100.
    let sim = run("stockpile: 100\n\
                   interceptors_per_kill: 2\n\
                   missiles_per_night: 12\n\
                   horizon_nights: 30\n");
    let s = &sim.summary;
    assert_eq!(s.nights_fully_defended, 4.0);
    assert_eq!(s.first_shortfall_night, Some(5.0));
    assert_eq!(s.exhausted_night, Some(5.0));
    assert_eq!((s.launched, s.engaged, s.leakers), (360.0, 50.0, 310.0));
    assert_eq!((s.expended, s.delivered, s.final_stock), (100.0, 0.0, 0.0));
    let night5 = &sim.nights[4];
    assert_eq!(
        (night5.stock_start, night5.engaged, night5.leakers),
        (4.0, 2.0, 10.0)
    );
    // 12 missiles × 2 = 24 a night; 720 per 30 nights.
    assert_eq!(s.burn_per_night, 24.0);
    assert_eq!(s.break_even_per_30_nights, 720.0);
}

/// Check (b): the same with ten delivered on night 3.
#[test]
fn ten_delivered_on_night_three() {
    // Nights 1-2: 100 → 76 → 52; night 3: 52 + 10 = 62 → 38; night 4: 14.
    // Night 5 starts with 14: 7 salvos, 5 leak, 0 left. Engaged 48 + 7 = 55,
    // leakers 360 - 55 = 305, expended 110.
    let sim = run("stockpile: 100\n\
                   interceptors_per_kill: 2\n\
                   missiles_per_night: 12\n\
                   horizon_nights: 30\n\
                   deliveries:\n  - { night: 3, count: 10 }\n");
    let s = &sim.summary;
    assert_eq!(sim.nights[2].stock_start, 52.0);
    assert_eq!(sim.nights[2].delivered, 10.0);
    assert_eq!(sim.nights[2].stock_end, 38.0);
    let night5 = &sim.nights[4];
    assert_eq!(
        (night5.stock_start, night5.engaged, night5.leakers),
        (14.0, 7.0, 5.0)
    );
    assert_eq!(
        (s.leakers, s.expended, s.final_stock, s.delivered),
        (305.0, 110.0, 0.0, 10.0)
    );
    assert_eq!(s.first_shortfall_night, Some(5.0));
}

/// The founding example: ten interceptors cover five missiles, under half a night.
#[test]
fn ten_promised_interceptors() {
    // 10 / 2 = 5 salvos at 12 missiles: 7 leak on night 1, then 12 a night.
    let sim =
        run("stockpile: 10\ninterceptors_per_kill: 2\nmissiles_per_night: 12\nhorizon_nights: 3\n");
    let s = &sim.summary;
    assert_eq!(s.nights_fully_defended, 0.0);
    assert_eq!(s.first_shortfall_night, Some(1.0));
    assert_eq!(s.exhausted_night, Some(1.0));
    assert_eq!((s.engaged, s.leakers), (5.0, 7.0 + 12.0 + 12.0));
}

/// A repeating weekly pattern.
#[test]
fn weekly_pattern() {
    // [0, 0, 12, 0, 0, 0, 18] from 100: night 3 spends 24 (76 left), night 7
    // spends 36 (40), night 10 spends 24 (16); night 14 brings 18 missiles
    // against 16 interceptors: 8 salvos, 10 leak, 0 left.
    // Mean raid (12 + 18) / 7 = 30/7, so burn 60/7 = 8.5714… a night.
    let sim = run("stockpile: 100\n\
                   interceptors_per_kill: 2\n\
                   missiles_per_night: [0, 0, 12, 0, 0, 0, 18]\n\
                   horizon_nights: 21\n");
    let s = &sim.summary;
    assert_eq!(s.nights_fully_defended, 13.0);
    assert_eq!(s.first_shortfall_night, Some(14.0));
    assert_eq!(s.exhausted_night, Some(14.0));
    assert_eq!(sim.nights[13].engaged, 8.0);
    assert_eq!(sim.nights[13].leakers, 10.0);
    // Launched: 3 weeks × 30 = 90; engaged 12 + 18 + 12 + 8 = 50.
    assert_eq!((s.launched, s.engaged, s.leakers), (90.0, 50.0, 40.0));
    assert!((s.burn_per_night - 60.0 / 7.0).abs() < 1e-12);
}

/// A recurring delivery that almost keeps up (the bundled scenario).
#[test]
fn steady_resupply_runs_short_in_the_third_month() {
    // 600 every 30 nights from night 1, 24 a night, 300 on hand:
    // night 1: 900 → end of night 30: 900 - 720 = 180; night 31: 780 → 60;
    // night 61: 660; 27 nights × 24 = 648 leave 12 after night 87; night 88
    // engages 6 of 12, 6 leak.
    let sim = run("stockpile: 300\n\
                   interceptors_per_kill: 2\n\
                   missiles_per_night: 12\n\
                   horizon_nights: 90\n\
                   deliveries:\n  - { every_nights: 30, count: 600, first_night: 1 }\n");
    let s = &sim.summary;
    assert_eq!(sim.nights[29].stock_end, 180.0);
    assert_eq!(sim.nights[59].stock_end, 60.0);
    assert_eq!(sim.nights[86].stock_end, 12.0);
    assert_eq!(s.first_shortfall_night, Some(88.0));
    assert_eq!(s.nights_fully_defended, 87.0);
    assert_eq!(s.delivered, 1800.0); // nights 1.0, 31.0 and 61.0
}

#[test]
fn recurring_delivery_defaults() {
    // first_night defaults to every_nights (30) and last_night to the
    // horizon (90): deliveries on nights 30, 60 and 90, 150 in all. Nothing
    // is launched, so nothing is spent: 0 + 150 = 150 at the end.
    let sim = run("stockpile: 0\n\
                   interceptors_per_kill: 1\n\
                   missiles_per_night: 0\n\
                   horizon_nights: 90\n\
                   deliveries:\n  - { every_nights: 30, count: 50 }\n");
    let delivered_on: Vec<u32> = sim
        .nights
        .iter()
        .filter(|n| n.delivered > 0.0)
        .map(|n| n.night)
        .collect();
    assert_eq!(delivered_on, vec![30, 60, 90]);
    assert_eq!(sim.summary.final_stock, 150.0);
    // Stock 0 at the end of night 1 is less than one salvo.
    assert_eq!(sim.summary.exhausted_night, Some(1.0));
}

#[test]
fn last_night_bounds_a_recurring_delivery() {
    // Every 7 nights from night 2 to night 16: nights 2, 9 and 16.
    let sim = run(
        "stockpile: 0\ninterceptors_per_kill: 1\nmissiles_per_night: 0\nhorizon_nights: 30\n\
                   deliveries:\n  - { every_nights: 7, first_night: 2, last_night: 16, count: 5 }\n",
    );
    let delivered_on: Vec<u32> = sim
        .nights
        .iter()
        .filter(|n| n.delivered > 0.0)
        .map(|n| n.night)
        .collect();
    assert_eq!(delivered_on, vec![2, 9, 16]);
}

#[test]
fn exhausted_without_a_shortfall() {
    // 25 on hand, one night of 12 missiles at 2 each: 24 fired, 1 left, which
    // is less than a salvo. Nothing leaked, but the magazine is dry.
    let sim =
        run("stockpile: 25\ninterceptors_per_kill: 2\nmissiles_per_night: 12\nhorizon_nights: 1\n");
    let s = &sim.summary;
    assert_eq!(s.nights_fully_defended, 1.0);
    assert_eq!(s.first_shortfall_night, None);
    assert_eq!(s.exhausted_night, Some(1.0));
    assert_eq!(s.final_stock, 1.0);
}

#[test]
fn nights_carry_dates_from_start_date() {
    // Night 1 is 2025-07-10, so night 5 is 2025-07-14 and night 30 is
    // 2025-08-08 (21 more days of July, then 8 of August).
    let sim = run(
        "start_date: 2025-07-10\nstockpile: 100\ninterceptors_per_kill: 2\n\
                   missiles_per_night: 12\nhorizon_nights: 30\n",
    );
    assert_eq!(sim.nights[4].date.unwrap().to_string(), "2025-07-14");
    assert_eq!(sim.nights[29].date.unwrap().to_string(), "2025-08-08");
}

#[test]
fn default_horizon_is_a_year() {
    let sim = run("stockpile: 1\ninterceptors_per_kill: 1\nmissiles_per_night: 0\n");
    assert_eq!(sim.summary.horizon_nights, 365);
    assert_eq!(sim.nights.len(), 365);
}

#[test]
fn json_summary_fields_are_the_contract() {
    use magdepth::outcome::Outcome;
    use magdepth::report::{Format, TableStyle, exporter};
    let scenario = parse_scenario(
        "name: T\nstockpile: 100\ninterceptors_per_kill: 2\nmissiles_per_night: 12\nhorizon_nights: 30\n",
        "t.yaml",
        "t",
    )
    .unwrap();
    let simulation = simulate(&scenario, Method::MeanPath, &|_| {});
    let report = Outcome::new("t.yaml", &scenario, &simulation);
    let text = exporter(Format::Json, TableStyle::PLAIN).run(&[report], false);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["name"], "T");
    assert_eq!(json["file"], "t.yaml");
    let summary = &json["summary"];
    for field in [
        "horizon_nights",
        "nights_fully_defended",
        "first_shortfall_night",
        "exhausted_night",
        "launched",
        "engaged",
        "leakers",
        "expended",
        "delivered",
        "final_stock",
        "burn_per_night",
        "break_even_per_30_nights",
    ] {
        assert!(summary.get(field).is_some(), "summary lacks {field}");
    }
    assert_eq!(summary["leakers"], 310);
    assert_eq!(summary["first_shortfall_night"], 5);
    let night = &json["nights"][4];
    assert_eq!(night["night"], 5);
    assert!(night["date"].is_null());
    assert_eq!(night["stock_start"], 4);
    assert_eq!(night["engaged"], 2);
    assert_eq!(night["leakers"], 10);
    assert_eq!(night["stock_end"], 0);
}
