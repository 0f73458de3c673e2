//! Fuzz target: scenario text → parse and validate (short and long form,
//! the attacker's side, ranges, `extends` and `from_csv` from
//! `fuzz/inputs`) → simulate (the mean path, and a few Monte Carlo trials
//! with and without the chart band, with every policy's effect) → every
//! output.
//! See `fuzz/src/exercise.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let inputs = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/inputs"));
    magdepth_fuzz::exercise::scenario(data, inputs);
});
