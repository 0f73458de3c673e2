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
use crate::engagement::stock_to_engage;
use crate::model::Scenario;
use crate::summary::{InterceptorSummary, Summary, ThreatSummary};
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
    /// Leakers never engaged for lack of stock, and for lack of fire
    /// capacity (see [`crate::summary::Summary`]).
    #[serde(serialize_with = "crate::num::serialize")]
    pub leaked_for_stock: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub leaked_for_capacity: f64,
    /// Interceptors expended tonight times their unit cost, when every type
    /// has one.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::serialize_option"
    )]
    pub interceptor_spend: Option<f64>,
}

/// A simulated scenario: the summary and every night.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    pub summary: Summary,
    pub nights: Vec<NightRecord>,
    /// The stock of each interceptor type at the end of each night, for
    /// charts (not part of the JSON output).
    pub stock: StockPaths,
    /// Leakers of each threat on each night, `[(night - 1) * threats + i]`
    /// (threats in engagement order), for charts: the expected path's
    /// values, or Monte Carlo means over trials when the band is asked for
    /// ([`simulate_with_band`]); empty otherwise.
    pub threat_leakers: Vec<f64>,
}

/// The stock of each interceptor type at the end of each night:
/// `central[(night - 1) * types + t]`, and the same layout for the band.
///
/// Expected mode: the expected stock, and no band. Monte Carlo mode, when
/// asked for ([`simulate_with_band`]): the median over trials, with the 5th
/// and 95th percentiles as the band (nearest rank, as in the summary, read
/// from per-night counts of trials in bins of stock: exact while a type's
/// stockpile plus deliveries is under 256, otherwise to within half a bin;
/// see [`monte_carlo::STOCK_BINS`]); without it, all three are empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StockPaths {
    pub types: usize,
    pub central: Vec<f64>,
    pub p5: Vec<f64>,
    pub p95: Vec<f64>,
}

impl StockPaths {
    /// Whether there is a path to draw.
    pub fn is_empty(&self) -> bool {
        self.central.is_empty()
    }

    /// Whether there is a band around the path.
    pub fn has_band(&self) -> bool {
        !self.p5.is_empty()
    }

    /// Night by night, the stock of type `t` in `values` (one of the three).
    pub fn of_type<'a>(&self, values: &'a [f64], t: usize) -> impl Iterator<Item = f64> + 'a {
        let types = self.types.max(1);
        values.iter().skip(t).step_by(types).copied()
    }
}

/// Reports progress in trials done; called from worker threads.
pub type Progress<'a> = &'a (dyn Fn(u64) + Sync);

/// Simulates `scenario` by `method`: one run. Monte Carlo runs on the
/// current rayon thread pool; its results do not depend on the pool's size.
pub fn simulate(scenario: &Scenario, method: Method, progress: Progress<'_>) -> Simulation {
    let simulation = match method {
        Method::Expected => expected::simulate(scenario),
        Method::MonteCarlo { trials, seed } => {
            monte_carlo::simulate(scenario, trials, seed, progress)
        }
    };
    with_overrides(scenario, simulation)
}

/// [`simulate`], and in Monte Carlo mode also the median stock of each
/// interceptor type night by night with its 5–95% band (for charts; it
/// costs a little time and memory per night, so it is asked for).
pub fn simulate_with_band(
    scenario: &Scenario,
    method: Method,
    progress: Progress<'_>,
) -> Simulation {
    match method {
        Method::MonteCarlo { trials, seed } => with_overrides(
            scenario,
            monte_carlo::simulate_with_band(scenario, trials, seed, progress),
        ),
        Method::Expected => simulate(scenario, method, progress),
    }
}

/// The summary names the values set from the command line.
fn with_overrides(scenario: &Scenario, mut simulation: Simulation) -> Simulation {
    simulation.summary.overrides = scenario.overrides.clone();
    simulation
}

/// Interceptors delivered on each night, per type: `table[(n - 1) * types + t]`.
///
/// Production accrues its rate every night of its span, per type; each
/// night the whole interceptors accrued so far leave the line, the fraction
/// carries over, and they arrive `lead_time_nights` later (if within the
/// horizon).
pub(crate) fn delivery_table(scenario: &Scenario) -> Vec<u64> {
    let types = scenario.interceptors.len();
    let horizon = scenario.horizon_nights as usize;
    let mut table = vec![0u64; horizon * types];
    for delivery in &scenario.deliveries {
        for night in 1..=scenario.horizon_nights {
            if delivery.schedule.is_due(night) {
                table[(night as usize - 1) * types + delivery.interceptor] += delivery.count;
            }
        }
    }
    let mut accrued = vec![0.0f64; types];
    for night in 1..=scenario.horizon_nights {
        for line in &scenario.production {
            if !(line.first_night..=line.last_night).contains(&night) {
                continue;
            }
            let t = line.interceptor;
            accrued[t] += line.per_night;
            // The 1e-9 absorbs rounding in the running sum, so that 1/3 a
            // night makes one on every third night, not a night late.
            let whole = (accrued[t] + 1e-9).floor();
            accrued[t] -= whole;
            let arrives = night as usize + line.lead_time_nights as usize;
            if whole > 0.0 && arrives <= horizon {
                table[(arrives - 1) * types + t] += whole as u64;
            }
        }
    }
    table
}

/// What each interceptor type needs on hand to engage one more missile of
/// any threat it is assigned to, prepared once per run so that the nightly
/// check allocates nothing.
pub(crate) struct Needs {
    /// Per type, the smallest stock that lets it engage something; `None`
    /// for a type no threat uses (it never counts as run dry).
    least: Vec<Option<u64>>,
}

impl Needs {
    pub(crate) fn new(scenario: &Scenario) -> Needs {
        let mut least = vec![None; scenario.interceptors.len()];
        for engagement in scenario.threats.iter().flat_map(|t| t.engagements()) {
            let need = stock_to_engage(engagement);
            let slot: &mut Option<u64> = &mut least[engagement.interceptor];
            *slot = Some(slot.map_or(need, |n: u64| n.min(need)));
        }
        Needs { least }
    }

    /// Calls `dry(t)` for each assigned type that can engage nothing, and
    /// says whether any type can still engage something.
    pub(crate) fn check<N: crate::engagement::Quantity>(
        &self,
        stock: &[N],
        mut dry: impl FnMut(usize),
    ) -> bool {
        let mut any = false;
        for (t, need) in self.least.iter().enumerate() {
            let Some(need) = need else { continue };
            if stock[t] >= N::from_count(*need) {
                any = true;
            } else {
                dry(t);
            }
        }
        any
    }
}

/// Per-type summaries with the stockpile filled in, to accumulate into.
pub(crate) fn interceptor_summaries(scenario: &Scenario) -> Vec<InterceptorSummary> {
    scenario
        .interceptors
        .iter()
        .map(|t| InterceptorSummary {
            name: t.name.clone(),
            stockpile: t.stockpile as f64,
            delivered: 0.0,
            expended: 0.0,
            final_stock: t.stockpile as f64,
            exhausted_night: None,
        })
        .collect()
}

/// Per-threat summaries, to accumulate into.
pub(crate) fn threat_summaries(scenario: &Scenario) -> Vec<ThreatSummary> {
    scenario
        .threats
        .iter()
        .map(|t| ThreatSummary {
            name: t.name.clone(),
            launched: 0.0,
            engaged: 0.0,
            leakers: 0.0,
        })
        .collect()
}
