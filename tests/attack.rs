//! The attacker's side, worked by hand from YAML (issue 16): arsenals that
//! run dry, production, massing, decoys, electronic warfare and which side
//! runs out first.

use magdepth::scenario::parse_scenario;
use magdepth::sim::{Method, Simulation, simulate};
use magdepth::summary::{RunsOutFirst, Side, Summary};

fn scenario(yaml: &str) -> magdepth::model::Scenario {
    parse_scenario(yaml, "test.yaml", "test").unwrap_or_else(|e| panic!("{e}"))
}

/// Expected mode, after checking that Monte Carlo gives the same figures
/// (nothing in these scenarios is random).
fn run(yaml: &str) -> Simulation {
    let s = scenario(yaml);
    assert!(!s.has_chance(), "the scenario should be certain");
    let expected = simulate(&s, Method::MeanPath, &|_| {});
    let trials = simulate(&s, Method::MonteCarlo { trials: 5, seed: 3 }, &|_| {});
    let key = |sum: &Summary| {
        (
            sum.nights_fully_defended,
            sum.first_shortfall_night,
            sum.launched,
            sum.engaged,
            sum.leakers,
            sum.expended,
            sum.lost_to_ew,
            sum.decoys,
            sum.runs_out_first.clone(),
            sum.by_threat.clone(),
        )
    };
    assert_eq!(key(&expected.summary), key(&trials.summary));
    for (e, m) in expected.nights.iter().zip(&trials.nights) {
        assert_eq!(
            (
                e.launched,
                e.engaged,
                e.leakers,
                e.arsenal_end,
                e.lost_to_ew
            ),
            (
                m.launched,
                m.engaged,
                m.leakers,
                m.arsenal_end,
                m.lost_to_ew
            ),
            "night {}",
            e.night
        );
    }
    expected
}

fn launched_by_night(sim: &Simulation) -> Vec<f64> {
    sim.nights.iter().map(|n| n.launched).collect()
}

#[test]
fn an_arsenal_runs_dry_on_night_four() {
    // 35 on hand, 10 planned a night: nights 1-3 fire 10 each (35 → 5),
    // night 4 can fire only the 5 left, so it is the dry night; nothing
    // after. Launched 35, all engaged (1 per kill, certain), no leakers.
    // The defence (1,000) never runs short, so the attack runs out first,
    // on night 4.
    let sim = run("
name: Dry
horizon_nights: 6
stockpile: 1000
interceptors_per_kill: 1
missiles_per_night: 10
pk: 1
arsenal: { on_hand: 35 }
");
    assert_eq!(launched_by_night(&sim), [10.0, 10.0, 10.0, 5.0, 0.0, 0.0]);
    let t = &sim.summary.by_threat[0];
    assert_eq!(t.arsenal_start, Some(35.0));
    assert_eq!(t.produced, Some(0.0));
    assert_eq!(t.arsenal_end, Some(0.0));
    assert_eq!(t.dry_night, Some(Some(4.0)));
    assert_eq!(sim.summary.leakers, 0.0);
    assert_eq!(sim.summary.nights_fully_defended, 6.0);
    assert_eq!(
        sim.summary.runs_out_first,
        Some(RunsOutFirst {
            side: Side::Attack,
            night: 4.0,
            name: "missiles".into()
        })
    );
    let left: Vec<_> = sim.nights.iter().map(|n| n.arsenal_end).collect();
    assert_eq!(
        left,
        [
            Some(25.0),
            Some(15.0),
            Some(5.0),
            Some(0.0),
            Some(0.0),
            Some(0.0)
        ]
    );
}

#[test]
fn production_only_fires_one_a_night() {
    // Nothing on hand and 30.4375 a month = 1 a night (a month is 30.4375
    // nights). Each night's missile arrives before the raid, so every night
    // fires exactly 1 of the 5 planned: dry from night 1. Over 8 nights:
    // produced 8, launched 8, none left.
    let sim = run("
name: Production only
horizon_nights: 8
stockpile: 100
interceptors_per_kill: 1
missiles_per_night: 5
pk: 1
arsenal:
  production:
    - { per_month: 30.4375 }
");
    assert_eq!(launched_by_night(&sim), [1.0; 8]);
    let t = &sim.summary.by_threat[0];
    assert_eq!(t.arsenal_start, Some(0.0));
    assert_eq!(t.produced, Some(8.0));
    assert_eq!(t.arsenal_end, Some(0.0));
    assert_eq!(t.dry_night, Some(Some(1.0)));
}

#[test]
fn half_a_missile_a_night_fires_every_other_night() {
    // 15.21875 a month = 0.5 a night. Fractions carry: 0.5 after night 1
    // (nothing whole), 1.0 by night 2 (one arrives), and so on: one missile
    // on each even night. Planned 1 a night, so the odd nights are dry, the
    // first on night 1.
    let sim = run("
name: Half a night
horizon_nights: 6
stockpile: 100
interceptors_per_kill: 1
missiles_per_night: 1
pk: 1
arsenal:
  production:
    - { per_month: 15.21875 }
");
    assert_eq!(launched_by_night(&sim), [0.0, 1.0, 0.0, 1.0, 0.0, 1.0]);
    assert_eq!(sim.summary.by_threat[0].dry_night, Some(Some(1.0)));
}

#[test]
fn massing_fires_on_the_nights_the_stock_reaches_forty() {
    // 10 made a night (304.375 a month), held until 40 are on hand, then
    // all on hand up to 25 launchers fired. On hand after arrivals: night 1
    // 10, 2 20, 3 30, 4 40 → fire 25 (15 left), 5 25, 6 35, 7 45 → fire 25
    // (20), 8 30, 9 40 → fire 25 (15), 10 25, 11 35, 12 45 → fire 25 (20).
    // Launched 100, produced 120, 20 left; massing is never dry, and the
    // defence never runs short, so neither side runs out.
    let sim = run("
name: Massing
horizon_nights: 12
stockpile: 1000
interceptors_per_kill: 1
pk: 1
arsenal:
  production:
    - { per_month: 304.375 }
  max_per_night: 25
  tactic: { mass_when: 40 }
");
    let mut fired = vec![0.0; 12];
    for night in [4, 7, 9, 12] {
        fired[night - 1] = 25.0;
    }
    assert_eq!(launched_by_night(&sim), fired);
    let t = &sim.summary.by_threat[0];
    assert_eq!((t.produced, t.arsenal_end), (Some(120.0), Some(20.0)));
    assert_eq!(t.dry_night, Some(None));
    assert_eq!(sim.summary.runs_out_first, None);
}

#[test]
fn massing_ignores_a_planned_raid() {
    // With mass_when the arsenal decides each raid: a missiles_per_night
    // left in (from a base file, say) is checked but not used.
    let with = run("
name: Massing, raid left in
horizon_nights: 8
stockpile: 1000
interceptors_per_kill: 1
missiles_per_night: 3
pk: 1
arsenal:
  production: [{ per_month: 304.375 }]
  tactic: { mass_when: 40 }
");
    assert_eq!(
        launched_by_night(&with),
        [0.0, 0.0, 0.0, 40.0, 0.0, 0.0, 0.0, 40.0]
    );
    assert_eq!(with.summary.burn_per_night, 0.0);
}

#[test]
fn massing_without_launch_capacity_fires_everything() {
    // 10 a night, mass at 40, no cap: fires all 40 on nights 4 and 8.
    let sim = run("
name: Massing, no cap
horizon_nights: 8
stockpile: 1000
interceptors_per_kill: 1
pk: 1
arsenal:
  production: [{ per_month: 304.375 }]
  tactic: { mass_when: 40 }
");
    assert_eq!(
        launched_by_night(&sim),
        [0.0, 0.0, 0.0, 40.0, 0.0, 0.0, 0.0, 40.0]
    );
}

#[test]
fn launch_capacity_caps_a_steady_raid_without_making_it_dry() {
    // 30 planned, 20 launchers, 1,000 on hand: 20 a night, never dry (the
    // arsenal fills the raid up to the launch capacity).
    let sim = run("
name: Capped
horizon_nights: 3
stockpile: 1000
interceptors_per_kill: 1
missiles_per_night: 30
pk: 1
arsenal: { on_hand: 1000, max_per_night: 20 }
");
    assert_eq!(launched_by_night(&sim), [20.0; 3]);
    assert_eq!(sim.summary.by_threat[0].dry_night, Some(None));
    assert_eq!(sim.summary.by_threat[0].arsenal_end, Some(940.0));
}

#[test]
fn decoys_spend_interceptors_but_never_leak() {
    // Missiles (5 a night) come first, then 10 decoys, all at 1 per kill,
    // certain kills, 25 interceptors. Night 1: 5 + 10 engaged (15 spent,
    // 10 left). Night 2: the 5 missiles, then 5 of the decoys; the other 5
    // decoys are never engaged. Those make no shortfall and are not
    // leakers: both nights fully defended, no leakers, decoys destroyed 15,
    // never engaged 5.
    let sim = run("
name: Decoys
horizon_nights: 2
interceptors:
  sam: { stockpile: 25, pk: 1 }
threats:
  missiles:
    missiles_per_night: 5
    engaged_by: [sam]
    interceptors_per_kill: 1
  decoys:
    decoy: true
    missiles_per_night: 10
    engaged_by: [sam]
    interceptors_per_kill: 1
");
    let s = &sim.summary;
    assert_eq!(s.leakers, 0.0);
    assert_eq!(s.nights_fully_defended, 2.0);
    assert_eq!(s.first_shortfall_night, None);
    assert_eq!(s.expended, 25.0);
    let d = s.decoys.expect("decoy counts");
    assert_eq!((d.destroyed, d.missed, d.unengaged), (15.0, 0.0, 5.0));
    assert_eq!(s.by_threat[1].leakers, 0.0);
}

#[test]
fn decoys_missed_and_recognised_on_the_expected_path() {
    // 10 decoys a night, discrimination 0.4: 4 recognised and left alone,
    // 6 engaged at 2 per kill (12 interceptors) with pk 0.5 a shot, so a
    // kill chance of 1 − 0.5² = 0.75: 4.5 destroyed, 1.5 missed. Over 2
    // nights: destroyed 9, missed 3, never engaged 8; leakers 0; 24 spent.
    let s = scenario(
        "
name: Decoys, seen through
horizon_nights: 2
interceptors:
  sam: { stockpile: 100, pk: 1 }
threats:
  decoys:
    decoy: true
    discrimination: 0.4
    missiles_per_night: 10
    engaged_by: [sam]
    interceptors_per_kill: 2
    pk: 0.5
",
    );
    let sim = simulate(&s, Method::MeanPath, &|_| {});
    let d = sim.summary.decoys.expect("decoy counts");
    assert!((d.destroyed - 9.0).abs() < 1e-9, "{d:?}");
    assert!((d.missed - 3.0).abs() < 1e-9, "{d:?}");
    assert!((d.unengaged - 8.0).abs() < 1e-9, "{d:?}");
    assert_eq!(sim.summary.leakers, 0.0);
    assert!((sim.summary.expended - 24.0).abs() < 1e-9);
    // The plan's need: 10 × (1 − 0.4) × 2 = 12 a night.
    assert!((sim.summary.burn_per_night - 12.0).abs() < 1e-9);
}

const EW: &str = "
name: Jammed
horizon_nights: 10
stockpile: 1000
interceptors_per_kill: 2
missiles_per_night: 12
pk: 1
lost_to_ew: 0.25
";

#[test]
fn electronic_warfare_on_the_expected_path() {
    // A quarter of 12 a night (3) is defeated before engagement: 9 engaged
    // at 2 each, 18 a night. Over 10 nights: 30 lost to EW, 90 engaged,
    // 180 expended, no leakers.
    let sim = simulate(&scenario(EW), Method::MeanPath, &|_| {});
    let s = &sim.summary;
    assert!((s.lost_to_ew - 30.0).abs() < 1e-9);
    assert!((s.engaged - 90.0).abs() < 1e-9);
    assert!((s.expended - 180.0).abs() < 1e-9);
    assert_eq!(s.leakers, 0.0);
    assert!((s.by_threat[0].lost_to_ew - 30.0).abs() < 1e-9);
    assert!(sim.nights.iter().all(|n| n.lost_to_ew == Some(3.0)));
    // The plan's need counts what gets past EW: 12 × 0.75 × 2 = 18.
    assert_eq!(s.burn_per_night, 18.0);
}

#[test]
fn electronic_warfare_by_monte_carlo() {
    // Each object is lost independently with chance 0.25: per night
    // Binomial(12, 0.25), variance 12 · 0.25 · 0.75 = 2.25; over 10 nights
    // 22.5, a standard deviation of 4.74. With 4,000 trials the mean's
    // standard error is 4.74 / √4000 = 0.075; expended is twice the rest,
    // 2 · (120 − lost), so its standard error is 0.15. Tolerance 5 of them.
    let s = scenario(EW);
    assert!(s.has_chance());
    let m = simulate(
        &s,
        Method::MonteCarlo {
            trials: 4000,
            seed: 11,
        },
        &|_| {},
    )
    .summary;
    assert!(
        (m.lost_to_ew - 30.0).abs() < 5.0 * 0.075,
        "{}",
        m.lost_to_ew
    );
    assert!((m.expended - 180.0).abs() < 5.0 * 0.15, "{}", m.expended);
    assert!((m.engaged + m.lost_to_ew - 120.0).abs() < 1e-9);
    assert_eq!(m.leakers, 0.0);
}

#[test]
fn the_defence_runs_out_first() {
    // 20 interceptors against 10 a night at 1 per kill: nights 1-2 fully
    // engaged, night 3 none (a shortfall for stock). The arsenal of 100
    // never runs dry in 5 nights. Defence first, night 3, the type "sam".
    let sim = run("
name: Defence first
horizon_nights: 5
interceptors:
  sam: { stockpile: 20, pk: 1 }
threats:
  ballistic:
    missiles_per_night: 10
    arsenal: { on_hand: 100 }
    engaged_by: [sam]
    interceptors_per_kill: 1
");
    assert_eq!(
        sim.summary.runs_out_first,
        Some(RunsOutFirst {
            side: Side::Defence,
            night: 3.0,
            name: "sam".into()
        })
    );
    assert_eq!(sim.summary.by_threat[0].dry_night, Some(None));
    assert_eq!(sim.summary.by_threat[0].arsenal_end, Some(50.0));
    assert_eq!(sim.summary.leakers, 30.0);
}

#[test]
fn the_attack_runs_out_first_on_a_tie() {
    // 24 interceptors and 25 missiles, 10 planned a night at 1 per kill.
    // Night 3: the arsenal has 5 (dry) and the defence 4 (a shortfall for
    // stock: 1 leaker). Both the same night: the rule gives it to the
    // attack.
    let sim = run("
name: Tie
horizon_nights: 4
interceptors:
  sam: { stockpile: 24, pk: 1 }
threats:
  ballistic:
    missiles_per_night: 10
    arsenal: { on_hand: 25 }
    engaged_by: [sam]
    interceptors_per_kill: 1
");
    assert_eq!(launched_by_night(&sim), [10.0, 10.0, 5.0, 0.0]);
    assert_eq!(sim.summary.first_shortfall_night, Some(3.0));
    assert_eq!(sim.summary.leakers, 1.0);
    assert_eq!(
        sim.summary.runs_out_first,
        Some(RunsOutFirst {
            side: Side::Attack,
            night: 3.0,
            name: "ballistic".into()
        })
    );
}

#[test]
fn a_replayed_raid_is_capped_by_the_arsenal() {
    // A pattern of 4, 8, 12 with 15 on hand: fires 4, 8, then the 3 left.
    let sim = run("
name: Pattern
horizon_nights: 3
stockpile: 100
interceptors_per_kill: 1
missiles_per_night: [4, 8, 12]
pk: 1
arsenal: { on_hand: 15 }
");
    assert_eq!(launched_by_night(&sim), [4.0, 8.0, 3.0]);
    assert_eq!(sim.summary.by_threat[0].dry_night, Some(Some(3.0)));
}

#[test]
fn a_scenario_without_an_arsenal_reports_none() {
    let sim = run("
name: Unlimited
horizon_nights: 3
stockpile: 100
interceptors_per_kill: 1
missiles_per_night: 10
pk: 1
");
    let t = &sim.summary.by_threat[0];
    assert_eq!(
        (t.arsenal_start, t.produced, t.arsenal_end, t.dry_night),
        (None, None, None, None)
    );
    assert!(sim.nights.iter().all(|n| n.arsenal_end.is_none()));
    assert_eq!(sim.summary.runs_out_first, None);
}

fn problems(yaml: &str) -> String {
    match parse_scenario(yaml, "test.yaml", "test") {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn attacker_keys_are_checked() {
    let base = "
name: Bad
horizon_nights: 3
stockpile: 100
interceptors_per_kill: 1
pk: 1
";
    let e = problems(&format!(
        "{base}missiles_per_night: -5\narsenal: {{ on_hand: 5, tactic: {{ mass_when: 10 }} }}\n"
    ));
    assert!(e.contains("missiles_per_night"), "{e}");
    let e = problems(&format!("{base}arsenal: {{ on_hand: 5 }}\n"));
    assert!(e.contains("missiles_per_night"), "{e}");
    let e = problems(&format!("{base}missiles_per_night: 5\nlost_to_ew: 1.5\n"));
    assert!(e.contains("lost_to_ew"), "{e}");
    let e = problems(&format!(
        "{base}missiles_per_night: 5\narsenal: {{ on_hand: 5, max_per_night: 0 }}\n"
    ));
    assert!(e.contains("arsenal.max_per_night"), "{e}");
}

#[test]
fn discrimination_only_on_a_decoy() {
    let e = problems(
        "
name: Bad
interceptors:
  sam: { stockpile: 25, pk: 1 }
threats:
  missiles:
    discrimination: 0.5
    missiles_per_night: 5
    engaged_by: [sam]
    interceptors_per_kill: 1
",
    );
    assert!(e.contains("threats.missiles.discrimination"), "{e}");
}

/// An arsenal with nothing on hand and nothing made would never fire:
/// refused at its key path, in the short and the long form (production
/// alone, and on_hand alone, are both fine).
#[test]
fn an_arsenal_with_neither_stock_nor_production_is_refused() {
    let words = |yaml: &str| match parse_scenario(yaml, "test.yaml", "test") {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    };
    let short =
        "horizon_nights: 4\nstockpile: 100\ninterceptors_per_kill: 1\nmissiles_per_night: 4\n";
    let e = words(&format!("{short}arsenal: {{ max_per_night: 3 }}\n"));
    assert!(
        e.contains("arsenal: gives neither on_hand nor production"),
        "{e}"
    );
    let long = "horizon_nights: 4\ninterceptors: { a: { stockpile: 10 } }\nthreats:\n  m: { missiles_per_night: 2, engaged_by: [a], interceptors_per_kill: 1, arsenal: { tactic: steady } }\n";
    let e = words(long);
    assert!(
        e.contains("threats.m.arsenal: gives neither on_hand nor production"),
        "{e}"
    );
    assert_eq!(words(&format!("{short}arsenal: {{ on_hand: 5 }}\n")), "");
    assert_eq!(
        words(&format!(
            "{short}arsenal: {{ production: [{{ per_month: 30 }}] }}\n"
        )),
        ""
    );
}
