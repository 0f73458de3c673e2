//! The integration tests, as one test binary with a module per subject.

mod chance;
mod cli;
mod hand_checks;
mod properties;
