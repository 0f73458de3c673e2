//! The check behind the note `--mode mean-path` prints: where chance
//! matters, a quick Monte Carlo run of the same scenario, and whether it
//! differs on the headline figure, nights fully defended.
//!
//! Chance matters when something is random ([`Scenario::has_chance`]) and
//! something binds: on the mean path or in some trial of the check, a
//! missile goes unengaged for lack of stock or of fire capacity, or an
//! attacker's arsenal runs dry. Where nothing binds, the mean path's totals
//! are the expected totals (each is a sum of means) and every trial is
//! fully defended to the horizon, so there is nothing to say.
//!
//! The check differs when the mean path's nights fully defended is not the
//! median over the check's trials (both whole numbers of nights).

use crate::model::Scenario;
use crate::sim::{DEFAULT_SEED, Method, simulate};
use crate::summary::Summary;

/// Trials in the check: enough for a median and a 90% range to a night or
/// so, few enough to cost little beside the mean path it checks.
pub const CHECK_TRIALS: u64 = 1_000;

/// What the check found: the mean path's nights fully defended and the
/// check's median and 5th–95th percentiles of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuickCheck {
    pub trials: u64,
    pub mean_path: f64,
    pub median: f64,
    pub p5: f64,
    pub p95: f64,
}

impl QuickCheck {
    /// Whether the mean path misstates the headline figure (module docs).
    pub fn differs(&self) -> bool {
        self.mean_path != self.median
    }
}

/// Whether a stock, a fire capacity or an arsenal bound in `summary`.
fn binds(summary: &Summary) -> bool {
    summary.leaked_for_stock + summary.leaked_for_capacity > 0.0
        || summary
            .by_threat
            .iter()
            .any(|t| matches!(t.dry_night, Some(Some(_))))
}

/// The check of `scenario`, whose mean path gave `mean_path`, run on the
/// current rayon pool with [`CHECK_TRIALS`] trials and the default seed;
/// `None` where chance does not matter (module docs).
pub fn quick_check(scenario: &Scenario, mean_path: &Summary) -> Option<QuickCheck> {
    if !scenario.has_chance() {
        return None;
    }
    let method = Method::MonteCarlo {
        trials: CHECK_TRIALS,
        seed: DEFAULT_SEED,
    };
    let trials = simulate(scenario, method, &|_| {}).summary;
    if !binds(mean_path) && !binds(&trials) {
        return None;
    }
    let spread = &trials.distribution.as_ref()?.nights_fully_defended;
    Some(QuickCheck {
        trials: CHECK_TRIALS,
        mean_path: mean_path.nights_fully_defended,
        median: spread.p50?,
        p5: spread.p5?,
        p95: spread.p95?,
    })
}
