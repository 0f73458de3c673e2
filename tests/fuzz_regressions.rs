//! Inputs found while fuzzing (fuzz/regressions/): every file there is
//! replayed through the code of the fuzz target that found it
//! (`fuzz/src/exercise.rs`, shared with the targets): files named `set-*` as
//! scenario text with settings, the others as scenario text. Each must
//! load or be refused cleanly, then run through every mode and output
//! without panicking. The tests below also say what became of each
//! finding (refused with which error, or loaded) and check the fixes'
//! arithmetic by hand.

#[path = "../fuzz/src/exercise.rs"]
mod exercise;

use magdepth::scenario::parse_scenario;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What `extends` and `from_csv` in a fuzzed scenario read.
fn inputs() -> PathBuf {
    root().join("fuzz/inputs")
}

fn regression(name: &str) -> PathBuf {
    root().join("fuzz/regressions").join(name)
}

fn replay(path: &Path) {
    let data = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    if name.starts_with("set-") {
        exercise::settings(&data, &inputs());
    } else {
        exercise::scenario(&data, &inputs());
    }
}

#[test]
fn every_finding_replays_through_its_target() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("fuzz/regressions"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    for file in &files {
        replay(file);
    }
}

/// What became of each scenario finding, parsed by the public road:
/// refused with an error holding these words, or loaded (`None`).
const OUTCOMES: &[(&str, Option<&str>)] = &[
    ("crash-band-ranged-stockpile.yaml", None),
    (
        "crash-lone-quote-in-reader-words.yaml",
        Some("doctrine: unknown variant `a\"`, expected `salvo` or `shoot-look-shoot`"),
    ),
    (
        "crash-replay-unread-before-another-threat.yaml",
        Some("threats.ballistic.missiles_per_night.from_csv: no-such.csv: no such file"),
    ),
    (
        "escape-in-error-snippet.yaml",
        Some("1 | stockpile: 5 \\x1b]0;owned\\x07\\x1b[2J\n"),
    ),
    (
        "escape-in-unknown-key.yaml",
        Some("unknown key `\\x1b]0;owned\\x07\\x1b[2J`"),
    ),
    ("oom-band-many-types-long-horizon.yaml", None),
    ("slow-band-long-horizon.yaml", None),
    (
        "slow-expected-long-choice.yaml",
        Some("missiles_per_night.choice: at most 1000 values"),
    ),
    ("slow-expected-negative-binomial-tiny-dispersion.yaml", None),
    ("slow-expected-poisson-large-mean.yaml", None),
];

#[test]
fn each_scenario_finding_is_refused_or_loads_as_its_fix_says() {
    for (name, refused) in OUTCOMES {
        let text = std::fs::read_to_string(regression(name)).unwrap();
        let loaded = parse_scenario(&text, name, "fuzz").map_err(|e| e.to_string());
        match (refused, loaded) {
            (None, Ok(_)) => {}
            (Some(words), Err(error)) => assert!(error.contains(words), "{name}: {error}"),
            (_, outcome) => panic!("{name}: {outcome:?}"),
        }
    }
    // A new finding says what became of it.
    for entry in std::fs::read_dir(root().join("fuzz/regressions")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".yaml") {
            assert!(OUTCOMES.iter().any(|(n, _)| *n == name), "{name}");
        }
    }
}

/// The stock band's top bin is cut at the most a type can hold, its
/// stockpile and every delivery (what `slow-band-long-horizon.yaml` made
/// slow to work out). 300 on hand and 100 delivered on night 2: at most
/// 400, so bins are 2 wide (400 / 2 = 200 < 256 bins). Night 1 ends with
/// 300, in the bin 300–301: 300.5. Nights 2 and 3 end with 400, in the bin
/// 400–401 cut at 400: 400.
#[test]
fn the_stock_band_is_cut_at_the_stockpile_and_every_delivery() {
    use magdepth::sim::{Method, simulate_with_band};
    let scenario = parse_scenario(
        "horizon_nights: 3\nstockpile: 300\ninterceptors_per_kill: 1\nmissiles_per_night: 0\n\
         deliveries:\n  - { night: 2, count: 100 }\n",
        "band.yaml",
        "band",
    )
    .unwrap();
    let method = Method::MonteCarlo { trials: 5, seed: 1 };
    let band = simulate_with_band(&scenario, method, &|_| {}).stock;
    assert_eq!(band.central, [300.5, 400.0, 400.0]);
    assert_eq!(band.p5, band.central);
    assert_eq!(band.p95, band.central);
}

/// The band of a drawn stockpile (`crash-band-ranged-stockpile.yaml` ran
/// past its bins): 1 night, no raids, so each trial ends with the stock it
/// drew. The most is 1,000, so bins are 4 wide (1,000 / 4 = 250 < 256), and
/// each percentile is the middle of the bin that holds the exact one: no
/// more than 1.5 from it.
#[test]
fn the_band_of_a_drawn_stockpile_brackets_every_draw() {
    use magdepth::sim::monte_carlo::trial_results;
    use magdepth::sim::{Method, simulate_with_band};
    let scenario = parse_scenario(
        "horizon_nights: 1\nstockpile: { between: [100, 1000] }\n\
         interceptors_per_kill: 1\nmissiles_per_night: 0\n",
        "band.yaml",
        "band",
    )
    .unwrap();
    let trials = 200;
    let band = simulate_with_band(&scenario, Method::MonteCarlo { trials, seed: 7 }, &|_| {}).stock;
    let mut drawn: Vec<u64> = trial_results(&scenario, trials, 7, false)
        .iter()
        .map(|r| r.final_stock)
        .collect();
    drawn.sort_unstable();
    // Nearest rank: the ceil(p × 200)th value.
    let exact = |rank: usize| drawn[rank - 1] as f64;
    for (shown, rank) in [(band.p5[0], 10), (band.central[0], 100), (band.p95[0], 190)] {
        assert!(
            (shown - exact(rank)).abs() <= 1.5,
            "{shown} against {}",
            exact(rank)
        );
    }
    assert!(*drawn.last().unwrap() > 550, "{drawn:?}");
}

/// At the size limit the band keeps fewer bins, so that its counts stay
/// within 256 MiB a worker: 262,144 type-nights keep all 256; 10,000,000
/// (the most a scenario may have) keep 8.
#[test]
fn the_band_keeps_fewer_bins_for_the_largest_scenarios() {
    use magdepth::sim::monte_carlo::band_bins;
    assert_eq!(band_bins(1, 365), 256);
    assert_eq!(band_bins(1, 100_000), 256);
    assert_eq!(band_bins(4, 65_536), 256);
    assert_eq!(band_bins(10, 100_000), 67); // 2^26 / 10^6 = 67.1
    assert_eq!(band_bins(100, 100_000), 8);
}

#[test]
fn settings_that_quote_control_characters_show_them_escaped() {
    use magdepth::overrides::{KeyPath, Scalar};
    use magdepth::scenario::Source;
    let data = std::fs::read(regression("set-escape-in-key-paths-and-values.txt")).unwrap();
    let text = String::from_utf8(data).unwrap();
    let (yaml, _) = text.split_once('\0').unwrap();
    let key = "pk\x1b[2J".parse::<KeyPath>().unwrap_err();
    assert_eq!(key, "`pk\\x1b[2J`: a key path has no control characters");
    let value = Scalar::parse("[\x1b]").unwrap_err();
    assert!(
        value.starts_with("`[\\x1b]` is not a single value"),
        "{value}"
    );
    let mut source = Source::from_text(yaml, "set.yaml", "set", &inputs()).unwrap();
    let listed = source
        .set(&"interceptors.x.pk".parse().unwrap(), 1.into())
        .unwrap_err();
    assert!(
        listed.to_string().ends_with("the keys there are: \\x1b[2J"),
        "{listed}"
    );
}
