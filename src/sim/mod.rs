//! Simulation: the night-by-night arithmetic in expected values or by
//! Monte Carlo trials.
//!
//! For each night n = 1..horizon: deliveries due on night n are added to the
//! stock first; then the night's raids are engaged by the rule in
//! [`crate::engagement`]; the stock falls by the interceptors expended.

mod alias;
pub mod expected;
mod histogram;
pub mod monte_carlo;
pub mod rng;

use crate::date::Date;
use crate::engagement::{can_engage, reserve_holders};
use crate::model::Scenario;
use crate::model::{Engagement, Output};
use crate::summary::{DecoyCounts, InterceptorSummary, Summary, ThreatSummary};
use serde::Serialize;

/// What produced a summary's figures: the name JSON's `mode`, tables and
/// the README use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Nothing is random ([`Scenario::has_chance`] is false): the
    /// whole-number arithmetic, which every Monte Carlo trial would repeat.
    Exact,
    /// One path through the means: raid sizes enter through their means and
    /// kills through their probabilities. It is not the expected value of
    /// the outcome: a mean raid never has the large nights on which a stock
    /// or a fire capacity binds.
    MeanPath,
    /// Many trials, each drawing every raid and every shot.
    MonteCarlo,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Exact => "exact",
            Mode::MeanPath => "mean-path",
            Mode::MonteCarlo => "monte-carlo",
        }
    }
}

/// Trials a Monte Carlo run draws unless told otherwise.
pub const DEFAULT_TRIALS: u64 = 10_000;

/// The seed a Monte Carlo run uses unless told otherwise: fixed, so that the
/// same command prints the same figures every time.
pub const DEFAULT_SEED: u64 = 1;

/// A mode with its settings: how one scenario is simulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The exact arithmetic of a scenario where nothing is random. It runs
    /// the mean path, which is exact there; given a scenario with chance it
    /// is the mean path, and the summary says so.
    Exact,
    /// One path through the means (see [`Mode::MeanPath`]); the summary says
    /// `exact` for a scenario where nothing is random.
    MeanPath,
    MonteCarlo {
        trials: u64,
        seed: u64,
    },
}

impl Method {
    /// The mode its summaries report for a scenario where something is random.
    pub fn mode(self) -> Mode {
        match self {
            Method::Exact => Mode::Exact,
            Method::MeanPath => Mode::MeanPath,
            Method::MonteCarlo { .. } => Mode::MonteCarlo,
        }
    }

    /// The method a set of runs comes to, for notes that describe them all:
    /// Monte Carlo if any run was (a run where nothing is random gives the
    /// same numbers either way), else the mean path if any run was, else
    /// exact. `None` for no runs.
    pub fn overall(methods: impl IntoIterator<Item = Method>) -> Option<Method> {
        methods.into_iter().reduce(|a, b| match (a, b) {
            (m @ Method::MonteCarlo { .. }, _) | (_, m @ Method::MonteCarlo { .. }) => m,
            (Method::MeanPath, _) | (_, Method::MeanPath) => Method::MeanPath,
            _ => Method::Exact,
        })
    }
}

/// What `--mode` asks for: a method for each scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeChoice {
    /// The default: exact where nothing is random, else Monte Carlo.
    Auto { trials: u64, seed: u64 },
    /// The mean path for every scenario (exact where nothing is random).
    MeanPath,
    /// Monte Carlo for every scenario.
    MonteCarlo { trials: u64, seed: u64 },
}

impl ModeChoice {
    /// `--mode auto` with the default trials and seed.
    pub const DEFAULT: ModeChoice = ModeChoice::Auto {
        trials: DEFAULT_TRIALS,
        seed: DEFAULT_SEED,
    };

    /// The method for `scenario`. The mean path of a scenario where nothing
    /// is random is its exact arithmetic.
    pub fn method_for(self, scenario: &Scenario) -> Method {
        match self {
            ModeChoice::Auto { trials, seed } if scenario.has_chance() => {
                Method::MonteCarlo { trials, seed }
            }
            ModeChoice::MonteCarlo { trials, seed } => Method::MonteCarlo { trials, seed },
            ModeChoice::Auto { .. } | ModeChoice::MeanPath if !scenario.has_chance() => {
                Method::Exact
            }
            ModeChoice::Auto { .. } | ModeChoice::MeanPath => Method::MeanPath,
        }
    }

    /// Whether every scenario runs on the mean path (so figures that only
    /// trials give, such as percentiles, never exist).
    pub fn is_mean_path(self) -> bool {
        self == ModeChoice::MeanPath
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
    /// Objects defeated by electronic warfare tonight (left out when no
    /// threat has `lost_to_ew`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::serialize_option"
    )]
    pub lost_to_ew: Option<f64>,
    /// Missiles left in the attacker's arsenals at the end of the night,
    /// over the threats that have one.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::serialize_option"
    )]
    pub arsenal_end: Option<f64>,
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
    /// Each threat's arsenal at the end of each night, `[(night - 1) *
    /// threats + i]` (0 for a threat without one), when any threat has an
    /// arsenal; empty otherwise. Monte Carlo: means over trials.
    pub arsenal_nights: Vec<f64>,
}

/// The stock of each interceptor type at the end of each night:
/// `central[(night - 1) * types + t]`, and the same layout for the band.
///
/// Expected mode: the expected stock, and no band. Monte Carlo mode, when
/// asked for ([`simulate_with_band`]): the median over trials, with the 5th
/// and 95th percentiles as the band (nearest rank, as in the summary, read
/// from per-night counts of trials in bins of stock: exact while a type's
/// stockpile plus deliveries is under the number of bins, 256 unless types
/// × nights exceed 262,144, otherwise to within half a bin; see
/// [`monte_carlo::band_bins`]); without it, all three are empty.
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
        Method::Exact | Method::MeanPath => expected::simulate(scenario),
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
        Method::Exact | Method::MeanPath => simulate(scenario, method, progress),
    }
}

/// The summary names the values set from the command line.
fn with_overrides(scenario: &Scenario, mut simulation: Simulation) -> Simulation {
    simulation.summary.overrides = scenario.overrides.clone();
    simulation
}

/// Interceptors delivered on each night, per type: `table[(n - 1) * types + t]`.
///
/// Deliveries add their count on each night they are due. Production adds
/// the whole interceptors that [`whole_arrivals`] makes of each type's
/// production lines.
pub(crate) fn delivery_table(scenario: &Scenario) -> Vec<u64> {
    let counts: Vec<u64> = scenario.deliveries.iter().map(|d| d.count).collect();
    delivery_table_with(scenario, &counts, &vec![1.0; scenario.production.len()])
}

/// [`delivery_table`] with each delivery's count and each production
/// line's output scaled, as a trial draws them.
pub(crate) fn delivery_table_with(scenario: &Scenario, counts: &[u64], scale: &[f64]) -> Vec<u64> {
    let types = scenario.interceptors.len();
    let horizon = scenario.horizon_nights;
    let mut table = vec![0u64; horizon as usize * types];
    for (delivery, &count) in scenario.deliveries.iter().zip(counts) {
        let t = delivery.interceptor;
        for night in delivery.schedule.nights(horizon) {
            table[(night as usize - 1) * types + t] += count;
        }
    }
    for t in 0..types {
        let lines: Vec<Output> = scenario
            .production
            .iter()
            .zip(scale)
            .filter(|(line, _)| line.interceptor == t)
            .map(|(line, &scale)| Output {
                per_night: line.per_night * scale,
                ..line.output()
            })
            .collect();
        if lines.is_empty() {
            continue;
        }
        for (i, whole) in whole_arrivals(&lines, horizon).into_iter().enumerate() {
            table[i * types + t] += whole;
        }
    }
    table
}

/// Whole items arriving on each night 1..=horizon from production `lines`
/// of one kind: each line's output of night n arrives on night
/// n + `lead_time_nights` (output due after the horizon never arrives);
/// the arriving fractions of all lines add up, night by night, and each
/// night the whole items accumulated so far arrive and the fraction carries
/// to the next night. The rate arriving on a night is summed over the lines
/// in one fixed order (by value), so the result does not depend on the
/// order the lines are written in.
pub(crate) fn whole_arrivals(lines: &[Output], horizon: u32) -> Vec<u64> {
    // The nights at which the arriving rate can change.
    let mut edges: Vec<u32> = vec![1, horizon + 1];
    for line in lines {
        let from = line.first_night.saturating_add(line.lead_time_nights);
        let until = line
            .last_night
            .saturating_add(line.lead_time_nights)
            .saturating_add(1);
        edges.extend([from.min(horizon + 1), until.min(horizon + 1)]);
    }
    edges.sort_unstable();
    edges.dedup();
    let mut arrivals = vec![0u64; horizon as usize];
    let mut accrued = 0.0f64;
    for span in edges.windows(2) {
        let (from, until) = (span[0], span[1]);
        if from > horizon {
            break;
        }
        let mut rates: Vec<f64> = lines
            .iter()
            .filter(|line| {
                let first = line.first_night.saturating_add(line.lead_time_nights);
                let last = line.last_night.saturating_add(line.lead_time_nights);
                first <= from && from <= last
            })
            .map(|line| line.per_night)
            .collect();
        rates.sort_unstable_by(f64::total_cmp);
        let rate: f64 = rates.iter().sum();
        if rate == 0.0 {
            continue;
        }
        accrued = accrue(
            &mut arrivals[from as usize - 1..until as usize - 1],
            accrued,
            rate,
        );
    }
    arrivals
}

/// Adds to each of `nights` in turn the whole items `rate` a night makes,
/// carrying `accrued` in and the fraction left after the last night out:
/// each night the rate adds to the running sum, and its whole part
/// arrives and leaves it.
///
/// Each night's sum waits on the last, so the floor would stand between
/// every night and the next. Tonight's whole part is often last night's
/// (at a rate below one a night, 0 on every night but an arrival and the
/// one after it; above, the rate's whole part on many nights), and
/// whether it is takes two comparisons that nothing waits on: such a
/// night does not wait on a floor at all, and one whose whole part
/// changes works it out by truncation, not the library's call. The same
/// arithmetic in the same order, so the same arrivals.
#[inline(never)]
fn accrue(nights: &mut [u64], mut accrued: f64, rate: f64) -> f64 {
    // Last night's whole part as a count and as itself; before the first
    // night, 0.
    let (mut count, mut whole) = (0u64, 0.0f64);
    for arrived in nights {
        let sum = accrued + rate;
        // The 1e-9 absorbs rounding in the running sum, so that 1/3 a
        // night makes one on every third night, not a night late.
        let sum_up = sum + 1e-9;
        // Whole numbers below 2^53 are exact, so this is floor(sum_up) ==
        // whole; NaN fails it.
        if !(whole <= sum_up && sum_up < whole + 1.0) {
            (count, whole) = whole_part(sum_up);
        }
        accrued = sum - whole;
        *arrived += count;
    }
    accrued
}

/// `x.floor()` as a count (`as u64`, so 0 below 0) and as itself, without
/// a call to the library's `floor` where `x` is from 0 to below 2^53
/// (every running sum of [`whole_arrivals`]): there truncation toward 0 is
/// the floor, and the whole part converts back exactly. x86-64 without
/// SSE4.1 has no rounding instruction, so `floor` is a call, and a
/// conversion to u64 a dozen instructions where one to i64 is one.
#[cold]
#[inline(never)]
fn whole_part(x: f64) -> (u64, f64) {
    // 2^53: below it every whole number is an f64, so the i64 round trip
    // is exact.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if (0.0..EXACT).contains(&x) {
        let whole = x as i64;
        (whole as u64, whole as f64)
    } else {
        let whole = x.floor();
        (whole as u64, whole)
    }
}

/// What each interceptor type engages, prepared once per run so that the
/// nightly exhaustion check allocates nothing.
///
/// A type is exhausted at the end of the first night on which it cannot
/// start an engagement of any threat it engages ([`can_engage`]: rationing
/// applied at that stock, its reserve withheld except from the threat that
/// may draw on it). A type that no threat engages is never exhausted and
/// takes no part in the scenario's exhausted night, which is the first
/// night that ends with every type that engages something exhausted.
pub(crate) struct Needs {
    types: Vec<TypeNeeds>,
    /// Per type, a stock from which it can certainly start an engagement
    /// (u64::MAX for a type no threat engages, or when the plan takes no
    /// shortcut): for some engagement, at
    /// least its rationing threshold (so not rationed) and at least a full
    /// salvo or first shot above what that threat must leave in reserve.
    /// Most nights a comparison with it settles the check.
    enough: Vec<u64>,
    /// Each type that engages something, with its `enough`: the check's
    /// first pass.
    engaging: Vec<(usize, u64)>,
}

/// One type's reserve, the threat that may draw on it, and the type's
/// engagements by threat (empty for a type no threat engages).
type TypeNeeds = (u64, Option<usize>, Vec<(usize, Engagement)>);

impl Needs {
    /// With `shortcut`, most checks are settled by one comparison a type
    /// ([`Needs::enough`]); without, each walks every engagement.
    pub(crate) fn new(scenario: &Scenario, shortcut: bool) -> Needs {
        let holders = reserve_holders(
            scenario.interceptors.len(),
            scenario.threats.iter().map(|t| t.tiers.as_slice()),
        );
        let mut types: Vec<TypeNeeds> = scenario
            .interceptors
            .iter()
            .zip(&holders)
            .map(|(t, &holder)| (t.reserve, holder, Vec::new()))
            .collect();
        for (threat, t) in scenario.threats.iter().enumerate() {
            for e in t.engagements() {
                types[e.interceptor].2.push((threat, *e));
            }
        }
        let enough = types
            .iter()
            .map(|(reserve, holder, engagements)| {
                engagements
                    .iter()
                    .map(|&(threat, e)| {
                        let kept = if *holder == Some(threat) { 0 } else { *reserve };
                        let below = e.rationed.map_or(0, |(below, _)| below);
                        below.max(kept.saturating_add(e.kill.stock_to_engage()))
                    })
                    .min()
                    .filter(|_| shortcut)
                    .unwrap_or(u64::MAX)
            })
            .collect::<Vec<u64>>();
        let engaging = types
            .iter()
            .zip(&enough)
            .enumerate()
            .filter(|(_, ((_, _, engagements), _))| !engagements.is_empty())
            .map(|(t, (_, &enough))| (t, enough))
            .collect();
        Needs {
            types,
            enough,
            engaging,
        }
    }

    /// Notes in `exhausted` each type that engages something and can start
    /// no engagement with `stock`, and says whether every type that engages
    /// something is in that state (false when no type engages anything).
    /// Once some type can engage, a type already noted changes neither the
    /// answer nor any note, so it is not checked again.
    #[inline]
    pub(crate) fn check<N: crate::engagement::Quantity>(
        &self,
        stock: &[N],
        exhausted: &mut impl Exhausted,
    ) -> bool {
        // Most nights every type that engages something has at least
        // `enough`: each can engage, none is noted and not all are
        // exhausted, as the walk below finds, in one comparison a type
        // (2.7% fewer of the drone campaign's instructions, callgrind; no
        // time measurable in paired runs on the Intel machine).
        if self
            .engaging
            .iter()
            .all(|&(t, enough)| stock[t] >= N::from_count(enough))
        {
            return false;
        }
        let mut engaging = false;
        let mut any_can = false;
        for (t, ((reserve, holder, engagements), &enough)) in
            self.types.iter().zip(&self.enough).enumerate()
        {
            if engagements.is_empty() {
                continue;
            }
            engaging = true;
            if any_can && exhausted.noted(t) {
                continue;
            }
            // A stock of at least `enough` settles to at least it: the
            // same answer as can_engage, without the walk.
            if stock[t] >= N::from_count(enough)
                || can_engage(stock[t], *reserve, *holder, engagements)
            {
                any_can = true;
            } else {
                exhausted.note(t);
            }
        }
        engaging && !any_can
    }
}

/// Where [`Needs::check`] notes each type's first night unable to start an
/// engagement.
pub(crate) trait Exhausted {
    /// Whether type `t` has its night noted.
    fn noted(&self, t: usize) -> bool;
    /// Notes tonight for type `t`, unless it has a night noted.
    fn note(&mut self, t: usize);
}

/// The first night each side ran out along one path: the attacker when an
/// arsenal could not fill its planned raid (with that threat), the defence
/// at its first shortfall for stock (with the most preferred type of the
/// first threat, in engagement order, that leaked for stock that night).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RunsOut {
    pub attack: Option<(u32, usize)>,
    pub defence: Option<(u32, usize)>,
}

impl RunsOut {
    pub(crate) fn attack_dry(&mut self, night: u32, threat: usize) {
        self.attack.get_or_insert((night, threat));
    }

    pub(crate) fn defence_short(&mut self, night: u32, interceptor: usize) {
        self.defence.get_or_insert((night, interceptor));
    }

    /// The side that ran out first, its night and what ran out (a threat's
    /// index for the attack, a type's for the defence). On the same night
    /// the attack comes first: raids are launched before the defence fires.
    pub(crate) fn first(&self) -> Option<(crate::summary::Side, u32, usize)> {
        use crate::summary::Side;
        match (self.attack, self.defence) {
            (Some((a, threat)), Some((d, _))) if a <= d => Some((Side::Attack, a, threat)),
            (_, Some((d, t))) => Some((Side::Defence, d, t)),
            (Some((a, threat)), None) => Some((Side::Attack, a, threat)),
            (None, None) => None,
        }
    }

    /// As the summary reports it.
    pub(crate) fn summary(&self, scenario: &Scenario) -> Option<crate::summary::RunsOutFirst> {
        use crate::summary::Side;
        self.first()
            .map(|(side, night, index)| crate::summary::RunsOutFirst {
                side,
                night: f64::from(night),
                name: match side {
                    Side::Attack => scenario.threats[index].name.clone(),
                    Side::Defence => scenario.interceptors[index].name.clone(),
                },
            })
    }
}

/// The most preferred type that engages a threat (its first tier's first).
pub(crate) fn preferred_type(threat: &crate::model::Threat) -> Option<usize> {
    threat.tiers.first()?.first().map(|e| e.interceptor)
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
            lost_to_ew: 0.0,
            decoys: t.decoy.map(|_| DecoyCounts::default()),
            arsenal_start: t.arsenal.as_ref().map(|a| a.on_hand as f64),
            produced: t.arsenal.as_ref().map(|_| 0.0),
            arsenal_end: t.arsenal.as_ref().map(|a| a.on_hand as f64),
            dry_night: t.arsenal.as_ref().map(|_| None),
        })
        .collect()
}

/// Missiles of each threat's arsenal arriving on each night 1..=horizon
/// (by the production rule of [`whole_arrivals`]), `None` for a threat
/// without an arsenal.
pub(crate) fn arsenal_arrivals(scenario: &Scenario) -> Vec<Option<Vec<u64>>> {
    scenario
        .threats
        .iter()
        .map(|threat| {
            threat
                .arsenal
                .as_ref()
                .map(|a| whole_arrivals(&a.production, scenario.horizon_nights))
        })
        .collect()
}

/// One threat's arsenal arrivals with each production line's output
/// scaled, as a trial draws them.
pub(crate) fn arsenal_arrivals_with(
    arsenal: &crate::model::Arsenal,
    scale: &[f64],
    horizon: u32,
) -> Vec<u64> {
    let lines: Vec<Output> = arsenal
        .production
        .iter()
        .zip(scale)
        .map(|(line, &scale)| Output {
            per_night: line.per_night * scale,
            ..*line
        })
        .collect();
    whole_arrivals(&lines, horizon)
}

#[cfg(test)]
mod tests {
    use super::{accrue, whole_part};
    use proptest::prelude::*;

    #[test]
    fn the_whole_part_of_a_running_sum() {
        // Worked by hand: 2.7 → 2, 3 → 3, 1e-9 → 0, 0 → 0; below 0 and from
        // 2^53 on, the library's floor (a count of 0 below 0): −0.5 → −1
        // and 0, 2^53 + 2 → itself.
        assert_eq!(whole_part(2.7), (2, 2.0));
        assert_eq!(whole_part(3.0), (3, 3.0));
        assert_eq!(whole_part(1e-9), (0, 0.0));
        assert_eq!(whole_part(0.0), (0, 0.0));
        assert_eq!(whole_part(-0.5), (0, -1.0));
        let past = 9_007_199_254_740_994.0;
        assert_eq!(whole_part(past), (past as u64, past));
        assert!(whole_part(f64::NAN).1.is_nan());
    }

    /// The running sum night by night as the rule states it, with the
    /// library's floor.
    fn accrue_plainly(nights: &mut [u64], mut accrued: f64, rate: f64) -> f64 {
        for arrived in nights {
            accrued += rate;
            let whole = (accrued + 1e-9).floor();
            accrued -= whole;
            *arrived += whole as u64;
        }
        accrued
    }

    #[test]
    fn a_third_a_night_makes_one_every_third_night() {
        // Worked by hand: a third a night sums to 1 on night 3, which
        // arrives and leaves 0, and again on night 6; 2.5 a night makes
        // 2, 3, 2, 3 (2.5, then 0.5 + 2.5 = 3, then 2.5, then 3).
        let mut nights = [0; 6];
        accrue(&mut nights, 0.0, 1.0 / 3.0);
        assert_eq!(nights, [0, 0, 1, 0, 0, 1]);
        let mut nights = [0; 4];
        let left = accrue(&mut nights, 0.0, 2.5);
        assert_eq!(nights, [2, 3, 2, 3]);
        assert_eq!(left, 0.0);
    }

    proptest! {
        /// Tonight's whole part taken as last night's where it is, worked
        /// out where it is not: the same arrivals and the same fraction
        /// carried out as the plain loop, over rates below one a night,
        /// around whole numbers and large.
        #[test]
        fn accruing_is_the_plain_running_sum(
            rate in prop_oneof![0.0f64..1.0, 0.0f64..5.0, 1e3f64..1e6, (1u32..6).prop_map(f64::from)],
            accrued in prop_oneof![Just(0.0f64), 0.0f64..1.0],
            nights in 0usize..400,
        ) {
            let (mut fast, mut plain) = (vec![0; nights], vec![0; nights]);
            let left = accrue(&mut fast, accrued, rate);
            let plain_left = accrue_plainly(&mut plain, accrued, rate);
            prop_assert_eq!(fast, plain);
            prop_assert_eq!(left.to_bits(), plain_left.to_bits());
        }

        #[test]
        fn the_whole_part_is_the_library_floor(x in -1e3f64..1e17) {
            let (count, whole) = whole_part(x);
            prop_assert_eq!(whole.to_bits(), x.floor().to_bits());
            prop_assert_eq!(count, x.floor() as u64);
        }
    }
}
