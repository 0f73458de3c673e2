//! The integration tests, as one test binary with a module per subject.

mod analysis;
mod attack;
mod authoring;
mod chance;
mod charts;
mod cli;
mod docs;
mod engagement_rules;
mod fuzz_regressions;
mod generated;
mod hand_checks;
mod hostile;
mod layout;
mod modes;
mod output;
mod properties;
mod replay;
mod schema;
mod tables;
mod threat_mix;
mod uncertain;
