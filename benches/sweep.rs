//! Sweep speed (docs/contributing.md, "Speed"): a 100 × 100 grid over a 365-night
//! short-form scenario in expected mode, on one thread; and a 200-point
//! sweep of a scenario that replays a CSV as long as the Air Force data set
//! (1,000 nights, 4,000 rows, generated), against the same sweep over an
//! inline pattern of the same nights. Each point sets its values on the
//! document parsed once, validates and simulates it; no point reads a file.
//!
//! And a Monte Carlo sweep: 5 stockpiles × 5 raid means of a 365-night
//! Poisson scenario at the default trials (10,000), each point one run.
//!
//! Run with `cargo bench --bench sweep`. Throughput is in grid points.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use magdepth::analysis::Base;
use magdepth::analysis::sweep::{Shard, Sweep, run};
use magdepth::scenario::Source;
use magdepth::sim::ModeChoice;
use std::hint::black_box;
use std::path::Path;

#[path = "../tests/generated.rs"]
mod generated;

/// A dozen a night at two per kill, 600 every 30 nights: the magazine runs
/// dry and refills across the grid.
const SCENARIO: &str = "
name: Benchmark
horizon_nights: 365
stockpile: 1000
interceptors_per_kill: 2
missiles_per_night: 12
deliveries:
  - { every_nights: 30, count: 600 }
";

fn base(text: &str) -> Base {
    Source::from_text(text, "bench.yaml", "bench", Path::new("."))
        .and_then(Base::new)
        .expect("valid scenario")
}

fn one_thread() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool")
}

fn grid(c: &mut Criterion) {
    let base = base(SCENARIO);
    // 100 stockpiles × 100 raid sizes.
    let sweep = Sweep::new(vec![
        "stockpile=0..9900:100".parse().expect("values"),
        "missiles_per_night=1..100".parse().expect("values"),
    ])
    .expect("grid");
    assert_eq!(sweep.len(), 10_000);
    let one_thread = one_thread();
    let mut group = c.benchmark_group("sweep_100x100_365_nights_exact");
    group.sample_size(10);
    group.throughput(Throughput::Elements(sweep.len() as u64));
    group.bench_function("one_thread", |b| {
        b.iter(|| {
            one_thread.install(|| {
                run(
                    black_box(&base),
                    black_box(&sweep),
                    Shard::WHOLE,
                    ModeChoice::MeanPath,
                )
                .expect("every point is valid")
            })
        })
    });
    group.bench_function("all_threads", |b| {
        b.iter(|| {
            run(
                black_box(&base),
                black_box(&sweep),
                Shard::WHOLE,
                ModeChoice::MeanPath,
            )
        })
    });
    group.finish();
}

fn replayed(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("magdepth-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let (csv, ballistic) = generated::attacks_csv(1000);
    std::fs::write(dir.join("attacks.csv"), csv).expect("the CSV is written");
    let head = "stockpile: 100\ninterceptors_per_kill: 2\n";
    std::fs::write(
        dir.join("replayed.yaml"),
        format!("{head}missiles_per_night: {{ from_csv: attacks.csv, category: ballistic }}\n"),
    )
    .expect("the scenario is written");
    let replayed = Source::load(&dir.join("replayed.yaml"))
        .and_then(Base::new)
        .expect("valid scenario");
    let pattern: Vec<String> = ballistic.iter().map(u64::to_string).collect();
    let inline = base(&format!(
        "horizon_nights: 1000\n{head}missiles_per_night: [{}]\n",
        pattern.join(", ")
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let sweep = Sweep::new(vec!["stockpile=0..199".parse().expect("values")]).expect("grid");
    let one_thread = one_thread();
    let mut group = c.benchmark_group("sweep_200_points_1000_nights_one_thread");
    group.sample_size(10);
    group.throughput(Throughput::Elements(sweep.len() as u64));
    for (name, base) in [("replayed_csv", &replayed), ("inline_pattern", &inline)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                one_thread.install(|| {
                    run(black_box(base), &sweep, Shard::WHOLE, ModeChoice::MeanPath)
                        .expect("every point is valid")
                })
            })
        });
    }
    group.finish();
}

/// A Poisson dozen at two per kill and pk 0.8, 2,000 in stock and 50 every
/// 30 nights: every point draws its raids and kills.
const CHANCE: &str = "
name: Benchmark
horizon_nights: 365
stockpile: 2000
interceptors_per_kill: 2
missiles_per_night: { poisson: 12 }
pk: 0.8
deliveries:
  - { every_nights: 30, count: 50 }
";

fn monte_carlo_grid(c: &mut Criterion) {
    let base = base(CHANCE);
    let sweep = Sweep::new(vec![
        "stockpile=1000..3000:500".parse().expect("values"),
        "missiles_per_night.poisson=8..16:2"
            .parse()
            .expect("values"),
    ])
    .expect("grid");
    assert_eq!(sweep.len(), 25);
    let mut group = c.benchmark_group("sweep_5x5_365_nights_monte_carlo_10k_trials");
    group.sample_size(10);
    group.throughput(Throughput::Elements(sweep.len() as u64));
    group.bench_function("all_threads", |b| {
        b.iter(|| {
            run(
                black_box(&base),
                black_box(&sweep),
                Shard::WHOLE,
                ModeChoice::DEFAULT,
            )
            .expect("every point is valid")
        })
    });
    group.finish();
}

criterion_group!(benches, grid, replayed, monte_carlo_grid);
criterion_main!(benches);
