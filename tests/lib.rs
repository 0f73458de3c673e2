//! The integration tests, as one test binary with a module per subject.

mod cli;
mod hand_checks;
mod properties;
