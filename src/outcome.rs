//! What the commands hand to every output (tables, JSON, charts, the HTML
//! page): simulated scenarios with the files they came from, alone or side
//! by side. Reports and charts both read these; neither owns them.

use crate::analysis::policy::PolicyEffect;
use crate::model::Scenario;
use crate::sim::Simulation;

/// One simulated scenario and the file it came from.
#[derive(Debug, Clone, Copy)]
pub struct Outcome<'a> {
    pub file: &'a str,
    pub scenario: &'a Scenario,
    pub simulation: &'a Simulation,
    /// What each reserve and rationing policy bought, where it was worked
    /// out ([`crate::analysis::policy::effects`]); empty otherwise.
    pub policy_effects: &'a [PolicyEffect],
}

impl<'a> Outcome<'a> {
    /// An outcome without policy effects.
    pub fn new(file: &'a str, scenario: &'a Scenario, simulation: &'a Simulation) -> Outcome<'a> {
        Outcome {
            file,
            scenario,
            simulation,
            policy_effects: &[],
        }
    }
}

/// Scenarios side by side, in the order given, with an optional baseline.
#[derive(Debug, Clone)]
pub struct Comparison<'a> {
    pub rows: Vec<Outcome<'a>>,
    pub baseline: Option<Outcome<'a>>,
}
