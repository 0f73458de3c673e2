//! Monte Carlo engine speed: a 365-night, 100,000-trial scenario with a
//! Poisson raid and every engagement's outcome drawn (README, "Speed").
//!
//! Run with `cargo bench --bench monte_carlo`. Throughput is reported in
//! trial-nights (trials × nights) per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use magdepth::scenario::parse_scenario;
use magdepth::sim::{Method, simulate};
use std::hint::black_box;

const TRIALS: u64 = 100_000;
const NIGHTS: u64 = 365;

/// A dozen missiles a night on average (Poisson), salvos of two at pk 0.7,
/// 600 interceptors delivered every 30 nights: the magazine runs dry and
/// refills, so every branch of the night loop is exercised.
const SCENARIO: &str = "
name: Benchmark
horizon_nights: 365
stockpile: 1000
interceptors_per_kill: 2
missiles_per_night: { poisson: 12 }
pk: 0.7
deliveries:
  - { every_nights: 30, count: 600 }
";

fn shoot_look_shoot() -> String {
    format!("{SCENARIO}doctrine: shoot-look-shoot\nkill_assessment: 0.9\n")
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("monte_carlo_365_nights_100k_trials");
    group.sample_size(10);
    group.throughput(Throughput::Elements(TRIALS * NIGHTS));
    for (label, yaml) in [
        ("salvo", SCENARIO.to_string()),
        ("shoot_look_shoot", shoot_look_shoot()),
    ] {
        let scenario =
            parse_scenario(&yaml, "bench.yaml", "bench").expect("benchmark scenario is valid");
        group.bench_function(label, |b| {
            b.iter(|| {
                simulate(
                    black_box(&scenario),
                    Method::MonteCarlo {
                        trials: TRIALS,
                        seed: 1,
                    },
                    &|_| {},
                )
            })
        });
    }
    group.finish();

    let scenario =
        parse_scenario(SCENARIO, "bench.yaml", "bench").expect("benchmark scenario is valid");
    c.bench_function("expected_365_nights", |b| {
        b.iter(|| simulate(black_box(&scenario), Method::MeanPath, &|_| {}))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
