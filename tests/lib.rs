//! The integration tests, as one test binary with a module per subject.

mod analysis;
mod chance;
mod cli;
mod hand_checks;
mod properties;
mod threat_mix;
