//! Monte Carlo engine speed (docs/contributing.md, "Speed"), in trial-nights (trials ×
//! nights) per second:
//!
//! - `one_type`: the model of the NumPy and Numba comparison (`bench/`):
//!   365 nights, Poisson(12) raids, salvos of two at pk 0.8, 2,000 in
//!   stock and 50 every 30 nights, 100,000 trials; and the same under
//!   shoot-look-shoot (kill assessment 0.9), whose shots are drawn by
//!   counts.
//! - `long_form`: the bundled mixed scenarios, `kyiv-10-july-2025-raid-weekly`
//!   (four types, three threats, layers of preference) and
//!   `patriot-reserve-and-rationing` (fire capacity, a reserve, rationing,
//!   priority, production), 20,000 trials each.
//! - `mean_path`: the same one-type model on the mean path.
//!
//! Run with `cargo bench --bench monte_carlo`; on one thread, pin it with
//! `RAYON_NUM_THREADS=1`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use magdepth::scenario::{load_file, parse_scenario};
use magdepth::sim::{Method, simulate};
use std::hint::black_box;
use std::path::Path;

/// The comparison model (bench/benchmark_model.py holds the same values).
const ONE_TYPE: &str = "
name: Benchmark
horizon_nights: 365
stockpile: 2000
interceptors_per_kill: 2
missiles_per_night: { poisson: 12 }
pk: 0.8
deliveries:
  - { every_nights: 30, count: 50 }
";

fn shoot_look_shoot() -> String {
    format!("{ONE_TYPE}doctrine: shoot-look-shoot\nkill_assessment: 0.9\n")
}

fn monte_carlo(trials: u64) -> Method {
    Method::MonteCarlo { trials, seed: 1 }
}

fn one_type(c: &mut Criterion) {
    const TRIALS: u64 = 100_000;
    let mut group = c.benchmark_group("one_type_365_nights_100k_trials");
    group.sample_size(10);
    group.throughput(Throughput::Elements(TRIALS * 365));
    for (label, yaml) in [
        ("salvo", ONE_TYPE.to_string()),
        ("shoot_look_shoot", shoot_look_shoot()),
    ] {
        let scenario = parse_scenario(&yaml, "bench.yaml", "bench").expect("valid scenario");
        group.bench_function(label, |b| {
            b.iter(|| simulate(black_box(&scenario), monte_carlo(TRIALS), &|_| {}))
        });
    }
    group.finish();
}

fn long_form(c: &mut Criterion) {
    const TRIALS: u64 = 20_000;
    let mut group = c.benchmark_group("long_form_20k_trials");
    group.sample_size(10);
    for name in [
        "kyiv-10-july-2025-raid-weekly",
        "patriot-reserve-and-rationing",
        "drone-campaign-decoys-ew",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(format!("{name}.yaml"));
        let scenario = load_file(&path).expect("bundled scenario");
        group.throughput(Throughput::Elements(
            TRIALS * u64::from(scenario.horizon_nights),
        ));
        group.bench_function(name, |b| {
            b.iter(|| simulate(black_box(&scenario), monte_carlo(TRIALS), &|_| {}))
        });
    }
    group.finish();
}

fn mean_path(c: &mut Criterion) {
    let scenario = parse_scenario(ONE_TYPE, "bench.yaml", "bench").expect("valid scenario");
    c.bench_function("mean_path_365_nights", |b| {
        b.iter(|| simulate(black_box(&scenario), Method::MeanPath, &|_| {}))
    });
}

criterion_group!(benches, one_type, long_form, mean_path);
criterion_main!(benches);
