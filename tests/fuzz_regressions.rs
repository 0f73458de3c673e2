//! Inputs found while fuzzing (fuzz/regressions/): each must load or be
//! refused cleanly, and run through every mode and format as the fuzz
//! target does. The first two took minutes to weeks in expected mode
//! before the chance of a clean night was read from cached tables; the
//! third is now refused by the `choice` length limit.

use magdepth::outcome::Outcome;
use magdepth::report::{Format, TableStyle, exporter};
use magdepth::scenario::parse_scenario;
use magdepth::sim::{Method, simulate};
use std::path::Path;

fn exercise(name: &str) -> Result<(), String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let scenario = parse_scenario(&text, name, "fuzz").map_err(|e| e.to_string())?;
    for method in [Method::MeanPath, Method::MonteCarlo { trials: 4, seed: 1 }] {
        let simulation = simulate(&scenario, method, &|_| {});
        let report = Outcome::new(name, &scenario, &simulation);
        for format in [Format::Table, Format::Markdown, Format::Csv, Format::Json] {
            assert!(
                !exporter(format, TableStyle::PLAIN)
                    .run(&[report], true)
                    .is_empty()
            );
        }
    }
    Ok(())
}

#[test]
fn poisson_raid_with_a_huge_mean() {
    exercise("slow-expected-poisson-large-mean.yaml").unwrap();
}

#[test]
fn negative_binomial_with_a_tiny_dispersion() {
    exercise("slow-expected-negative-binomial-tiny-dispersion.yaml").unwrap();
}

#[test]
fn a_very_long_choice_is_refused() {
    let error = exercise("slow-expected-long-choice.yaml").unwrap_err();
    assert!(
        error.contains("missiles_per_night.choice: at most 1000 values"),
        "{error}"
    );
}
