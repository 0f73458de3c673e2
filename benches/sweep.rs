//! Sweep speed: a 100 × 100 grid over a 365-night short-form scenario in
//! expected mode, on one thread (README, "Speed"). Each point clones the
//! parsed document, sets two values, validates and simulates it.
//!
//! Run with `cargo bench --bench sweep`. Throughput is in grid points.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use magdepth::analysis::Base;
use magdepth::analysis::sweep::{Grid, Shard, run};
use magdepth::sim::Method;
use std::hint::black_box;

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

fn bench(c: &mut Criterion) {
    let base = Base::from_text(SCENARIO, "bench.yaml", "bench").expect("valid scenario");
    // 100 stockpiles × 100 raid sizes.
    let grid = Grid::new(vec![
        "stockpile=0..9900:100".parse().expect("values"),
        "missiles_per_night=1..100".parse().expect("values"),
    ])
    .expect("grid");
    assert_eq!(grid.len(), 10_000);
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool");
    let mut group = c.benchmark_group("sweep_100x100_365_nights_expected");
    group.sample_size(10);
    group.throughput(Throughput::Elements(grid.len() as u64));
    group.bench_function("one_thread", |b| {
        b.iter(|| {
            one_thread.install(|| {
                run(
                    black_box(&base),
                    black_box(&grid),
                    Shard::WHOLE,
                    Method::Expected,
                )
                .expect("every point is valid")
            })
        })
    });
    group.bench_function("all_threads", |b| {
        b.iter(|| {
            run(
                black_box(&base),
                black_box(&grid),
                Shard::WHOLE,
                Method::Expected,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
