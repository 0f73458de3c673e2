//! Simulation: the night-by-night arithmetic in expected values or by
//! Monte Carlo trials.
//!
//! For each night n = 1..horizon: deliveries due on night n are added to the
//! stock first; then the night's raids are engaged by the rule in
//! [`crate::engagement`]; the stock falls by the interceptors expended.

mod alias;
pub mod expected;
pub mod monte_carlo;

use crate::date::Date;
use crate::model::Scenario;
use crate::summary::Summary;
use serde::Serialize;

/// How the night-by-night arithmetic treats chance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Expected values along one path: raid sizes enter through their means
    /// and kills through their probabilities. With certain kills and fixed
    /// raids this is exact whole-number arithmetic.
    Expected,
    /// Many trials, each drawing every raid and every shot.
    MonteCarlo,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Expected => "expected",
            Mode::MonteCarlo => "monte-carlo",
        }
    }
}

/// A mode with its settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Expected,
    MonteCarlo { trials: u64, seed: u64 },
}

impl Method {
    pub fn mode(self) -> Mode {
        match self {
            Method::Expected => Mode::Expected,
            Method::MonteCarlo { .. } => Mode::MonteCarlo,
        }
    }
}

/// One night, all interceptor types and threats together: the expected
/// values, or in Monte Carlo mode the means over trials.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NightRecord {
    pub night: u32,
    pub date: Option<Date>,
    /// Interceptors on hand at dusk, before the night's deliveries.
    #[serde(serialize_with = "crate::num::serialize")]
    pub stock_start: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub delivered: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub launched: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub engaged: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub expended: f64,
    /// Missiles not destroyed: never engaged, or engaged and missed.
    #[serde(serialize_with = "crate::num::serialize")]
    pub leakers: f64,
    /// `stock_start + delivered - expended`.
    #[serde(serialize_with = "crate::num::serialize")]
    pub stock_end: f64,
    /// The probability that the night passes with no leakers.
    #[serde(serialize_with = "crate::num::serialize")]
    pub p_night_without_leakers: f64,
}

/// A simulated scenario: the summary and every night.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    pub summary: Summary,
    pub nights: Vec<NightRecord>,
}

/// Reports progress in trials done; called from worker threads.
pub type Progress<'a> = &'a (dyn Fn(u64) + Sync);

/// Simulates `scenario` by `method`. Monte Carlo runs on the current rayon
/// thread pool; its results do not depend on the pool's size.
pub fn simulate(scenario: &Scenario, method: Method, progress: Progress<'_>) -> Simulation {
    match method {
        Method::Expected => expected::simulate(scenario),
        Method::MonteCarlo { trials, seed } => {
            monte_carlo::simulate(scenario, trials, seed, progress)
        }
    }
}

/// Interceptors delivered on each night, per type: `table[(n - 1) * types + t]`.
pub(crate) fn delivery_table(scenario: &Scenario) -> Vec<u64> {
    let types = scenario.interceptors.len();
    let mut table = vec![0u64; scenario.horizon_nights as usize * types];
    for delivery in &scenario.deliveries {
        for night in 1..=scenario.horizon_nights {
            if delivery.schedule.is_due(night) {
                table[(night as usize - 1) * types + delivery.interceptor] += delivery.count;
            }
        }
    }
    table
}
