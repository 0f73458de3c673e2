//! Fuzz target: scenario text → parse and validate → simulate (expected and a
//! small Monte Carlo run) → every report format.
//!
//! Anything `parse_scenario` accepts must simulate and render without
//! panicking; anything it rejects must be rejected with an error, not a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use magdepth::outcome::Outcome;
use magdepth::report::{Format, TableStyle, exporter};
use magdepth::scenario::parse_scenario;
use magdepth::sim::{Method, simulate};

const FORMATS: [Format; 4] = [Format::Table, Format::Markdown, Format::Csv, Format::Json];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scenario) = parse_scenario(text, "fuzz.yaml", "fuzz") else {
        return;
    };
    for method in [
        Method::Expected,
        Method::MonteCarlo { trials: 4, seed: 1 },
    ] {
        let simulation = simulate(&scenario, method, &|_| {});
        let report = Outcome::new("fuzz.yaml", &scenario, &simulation);
        for format in FORMATS {
            let out = exporter(format, TableStyle::PLAIN).run(&[report], true);
            std::hint::black_box(out);
        }
    }
});
