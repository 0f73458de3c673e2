//! Fuzz target: scenario text followed by settings, each introduced by a
//! NUL byte (`--set KEY=VALUE`: `KeyPath`, `bounded_value`, `Source::set`)
//! or an SOH byte (`KEY=VALUE` of a sweep point: `Scalar::parse`,
//! `Base::check_key`, `Source::compile`); the scenario with its `--set`
//! values and the point are each simulated and drawn as in the `scenario`
//! target. See `fuzz/src/exercise.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let inputs = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/inputs"));
    magdepth_fuzz::exercise::settings(data, inputs);
});
