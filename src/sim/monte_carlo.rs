//! Monte Carlo mode: many trials, each drawing every raid and every shot and
//! spending whole interceptors, so each trial runs dry on its own night.
//!
//! Trial t draws from ChaCha8 seeded with the run's seed, on stream t: its
//! draws depend on the seed and its index alone. Trials run in fixed chunks
//! across rayon's threads; per-trial results are kept in trial order and the
//! per-night sums are whole numbers, so the output is the same on any number
//! of threads.

use super::alias::AliasTable;
use super::{Mode, NightRecord, Progress, Simulation, delivery_table};
use crate::engagement::{PreparedEngagement, engage_trial};
use crate::kill::Chance;
use crate::model::{Raid, Scenario};
use crate::summary::{Distributions, PathTotals, Spread};
use rand::rngs::ChaCha8Rng;
use rand::{Rng, RngExt, SeedableRng};
use rand_distr::{Distribution, Gamma, Poisson};
use rayon::prelude::*;

/// Trials per unit of parallel work. Fixed, so that the work split does not
/// depend on the machine.
const CHUNK: usize = 256;

/// Draws raid sizes; built once per run so that each draw costs O(1).
enum RaidSampler<'a> {
    Fixed(&'a Raid),
    /// A Poisson or negative binomial tabulated for the alias method.
    Table(AliasTable),
    Poisson(Poisson<f64>),
    /// Negative binomial as a Poisson whose mean is Gamma(k, μ/k).
    NegativeBinomial(Gamma<f64>),
    Choice(&'a [u64]),
}

/// Most raid sizes tabulated for the alias method (8 MiB of table).
const MAX_TABLE: usize = 1 << 20;

/// P(R = r) for r = 0, 1, … until all but 1e-15 of the probability is
/// covered (below what an f64 sum of the table can tell apart), if that
/// takes at most [`MAX_TABLE`] sizes.
fn tabulate(raid: &Raid) -> Option<Vec<f64>> {
    let mut weights = Vec::new();
    let mut covered = 0.0;
    for log_p in raid.log_pmf() {
        if weights.len() == MAX_TABLE {
            return None;
        }
        let p = log_p.exp();
        weights.push(p);
        covered += p;
        if covered >= 1.0 - 1e-15 {
            return Some(weights);
        }
    }
    None
}

impl<'a> RaidSampler<'a> {
    fn new(raid: &'a Raid) -> RaidSampler<'a> {
        if let Some(weights) = tabulate(raid) {
            return RaidSampler::Table(AliasTable::new(&weights));
        }
        // Sizes too spread out to tabulate: draw them directly. Validation
        // keeps means in (0, 1e6] and dispersions above 0, which these
        // constructors accept; a zero mean is a fixed raid of 0.
        match raid {
            Raid::Poisson { mean } => match Poisson::new(*mean) {
                Ok(poisson) => RaidSampler::Poisson(poisson),
                Err(_) => RaidSampler::Fixed(&Raid::Every(0)),
            },
            Raid::NegativeBinomial { mean, dispersion } => {
                match Gamma::new(*dispersion, mean / dispersion) {
                    Ok(gamma) => RaidSampler::NegativeBinomial(gamma),
                    Err(_) => RaidSampler::Fixed(&Raid::Every(0)),
                }
            }
            Raid::Choice(values) => RaidSampler::Choice(values),
            Raid::Every(_) | Raid::Pattern(_) => RaidSampler::Fixed(raid),
        }
    }

    #[inline]
    fn draw<R: Rng + ?Sized>(&self, night: u32, rng: &mut R) -> u64 {
        match self {
            RaidSampler::Fixed(raid) => raid.fixed_on(night).unwrap_or(0),
            RaidSampler::Table(table) => table.draw(rng),
            RaidSampler::Poisson(poisson) => poisson.sample(rng) as u64,
            RaidSampler::NegativeBinomial(gamma) => {
                let mean = gamma.sample(rng);
                match Poisson::new(mean) {
                    Ok(poisson) => poisson.sample(rng) as u64,
                    // A mean of 0 (or one too small to represent) raids 0.
                    Err(_) => 0,
                }
            }
            RaidSampler::Choice(values) => values[rng.random_range(0..values.len())],
        }
    }
}

struct PreparedThreat<'a> {
    raids: Chance,
    sampler: RaidSampler<'a>,
    engaged_by: Vec<PreparedEngagement>,
}

/// Everything a trial needs, prepared once.
struct Plan<'a> {
    horizon: u32,
    types: usize,
    stockpiles: Vec<u64>,
    deliveries: Vec<u64>,
    threats: Vec<PreparedThreat<'a>>,
    /// (interceptor, stock needed to engage) for every engagement.
    engage_needs: Vec<(usize, u64)>,
}

/// Per-night sums over trials, whole numbers so that adding them up in any
/// order gives the same result.
#[derive(Clone)]
struct NightSums {
    /// Four sums per night: launched, engaged, leakers, stock_end. The rest
    /// follow: a night starts with the previous night's stock, deliveries
    /// are the same in every trial, and expended = start + delivered − end.
    sums: Vec<u128>,
    nights_without_leakers: Vec<u64>,
}

const FIELDS: usize = 4;

impl NightSums {
    fn new(horizon: u32) -> NightSums {
        NightSums {
            sums: vec![0; horizon as usize * FIELDS],
            nights_without_leakers: vec![0; horizon as usize],
        }
    }

    fn merge(mut self, other: NightSums) -> NightSums {
        for (a, b) in self.sums.iter_mut().zip(other.sums) {
            *a += b;
        }
        for (a, b) in self
            .nights_without_leakers
            .iter_mut()
            .zip(other.nights_without_leakers)
        {
            *a += b;
        }
        self
    }
}

/// What one trial came to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrialResult {
    pub first_shortfall_night: Option<u32>,
    pub exhausted_night: Option<u32>,
    pub launched: u64,
    pub engaged: u64,
    pub leakers: u64,
    pub expended: u64,
    pub delivered: u64,
    pub final_stock: u64,
}

/// Every trial's result, in trial order, and the per-night sums.
pub struct Trials {
    pub results: Vec<TrialResult>,
    sums: NightSums,
}

fn run_trial(
    plan: &Plan<'_>,
    rng: &mut ChaCha8Rng,
    stock: &mut [u64],
    sums: &mut NightSums,
) -> TrialResult {
    stock.copy_from_slice(&plan.stockpiles);
    let mut result = TrialResult::default();
    for night in 1..=plan.horizon {
        let i = night as usize - 1;
        let due = &plan.deliveries[i * plan.types..(i + 1) * plan.types];
        for (magazine, &count) in stock.iter_mut().zip(due) {
            *magazine += count;
        }
        let delivered: u64 = due.iter().sum();
        let (mut launched, mut engaged, mut expended, mut killed) = (0u64, 0u64, 0u64, 0u64);
        for threat in &plan.threats {
            let raid = if threat.raids.happens(rng) {
                threat.sampler.draw(night, rng)
            } else {
                0
            };
            let outcome = engage_trial(raid, &threat.engaged_by, stock, rng);
            launched += raid;
            engaged += outcome.engaged;
            expended += outcome.expended;
            killed += outcome.killed;
        }
        let leakers = launched - killed;
        let stock_end: u64 = stock.iter().sum();

        let row = &mut sums.sums[i * FIELDS..(i + 1) * FIELDS];
        for (sum, value) in row.iter_mut().zip([launched, engaged, leakers, stock_end]) {
            *sum += u128::from(value);
        }
        if leakers == 0 {
            sums.nights_without_leakers[i] += 1;
        }
        if engaged < launched && result.first_shortfall_night.is_none() {
            result.first_shortfall_night = Some(night);
        }
        if result.exhausted_night.is_none()
            && !plan.engage_needs.iter().any(|&(t, need)| stock[t] >= need)
        {
            result.exhausted_night = Some(night);
        }
        result.launched += launched;
        result.engaged += engaged;
        result.leakers += leakers;
        result.expended += expended;
        result.delivered += delivered;
        result.final_stock = stock_end;
    }
    result
}

/// Runs `trials` trials from `seed` and summarizes them.
pub fn simulate(scenario: &Scenario, trials: u64, seed: u64, progress: Progress<'_>) -> Simulation {
    let run = run_trials(scenario, trials, seed, progress);
    summarize(scenario, trials, seed, &run.results, &run.sums)
}

/// Runs `trials` trials from `seed`.
pub fn run_trials(scenario: &Scenario, trials: u64, seed: u64, progress: Progress<'_>) -> Trials {
    let plan = Plan {
        horizon: scenario.horizon_nights,
        types: scenario.interceptors.len(),
        stockpiles: scenario.interceptors.iter().map(|t| t.stockpile).collect(),
        deliveries: delivery_table(scenario),
        threats: scenario
            .threats
            .iter()
            .map(|threat| PreparedThreat {
                raids: Chance::new(threat.raid_probability),
                sampler: RaidSampler::new(&threat.raid),
                engaged_by: threat
                    .engaged_by
                    .iter()
                    .map(PreparedEngagement::new)
                    .collect(),
            })
            .collect(),
        engage_needs: scenario
            .threats
            .iter()
            .flat_map(|t| &t.engaged_by)
            .map(|e| (e.interceptor, e.kill.stock_to_engage()))
            .collect(),
    };
    let horizon = scenario.horizon_nights;
    let mut results = vec![TrialResult::default(); trials as usize];
    let sums = results
        .par_chunks_mut(CHUNK)
        .enumerate()
        .map(|(chunk, slice)| {
            let mut sums = NightSums::new(horizon);
            let mut stock = vec![0u64; plan.types];
            for (offset, result) in slice.iter_mut().enumerate() {
                let trial = (chunk * CHUNK + offset) as u64;
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                rng.set_stream(trial);
                *result = run_trial(&plan, &mut rng, &mut stock, &mut sums);
            }
            progress(slice.len() as u64);
            sums
        })
        .reduce(|| NightSums::new(horizon), NightSums::merge);
    Trials { results, sums }
}

fn summarize(
    scenario: &Scenario,
    trials: u64,
    seed: u64,
    results: &[TrialResult],
    sums: &NightSums,
) -> Simulation {
    let horizon = scenario.horizon_nights;
    let n = trials as f64;
    // "Never" sorts after every night of the horizon.
    let never = u64::from(horizon) + 1;
    let nights_fully_defended = spread(
        results
            .iter()
            .map(|r| u64::from(r.first_shortfall_night.map_or(horizon, |night| night - 1))),
        never,
    );
    let exhausted_night = spread(
        results
            .iter()
            .map(|r| r.exhausted_night.map_or(never, u64::from)),
        never,
    );
    let first_shortfall = spread(
        results
            .iter()
            .map(|r| r.first_shortfall_night.map_or(never, u64::from)),
        never,
    );
    let leakers = spread(results.iter().map(|r| r.leakers), u64::MAX);
    let mean = |field: fn(&TrialResult) -> u64| {
        results.iter().map(|r| u128::from(field(r))).sum::<u128>() as f64 / n
    };
    let lasted = results
        .iter()
        .filter(|r| r.first_shortfall_night.is_none())
        .count();

    let totals = PathTotals {
        first_shortfall_night: first_shortfall.p50.map(|night| night as u32),
        exhausted_night: exhausted_night.p50.map(|night| night as u32),
        launched: mean(|r| r.launched),
        engaged: mean(|r| r.engaged),
        leakers: mean(|r| r.leakers),
        expended: mean(|r| r.expended),
        delivered: mean(|r| r.delivered),
        final_stock: mean(|r| r.final_stock),
    };
    let mut summary = totals.summary(Mode::MonteCarlo, horizon, scenario.burn_per_night());
    summary.nights_fully_defended = nights_fully_defended.mean;
    summary.trials = Some(trials);
    summary.seed = Some(seed);
    summary.p_lasts_horizon = Some(lasted as f64 / n);
    summary.distribution = Some(Distributions {
        nights_fully_defended,
        exhausted_night,
        leakers,
    });

    let types = scenario.interceptors.len();
    let deliveries = delivery_table(scenario);
    // Sums over trials, in whole numbers: a night starts with the previous
    // night's stock, and expended = start + delivered − end, exactly.
    let stockpile: u128 = scenario
        .interceptors
        .iter()
        .map(|t| u128::from(t.stockpile))
        .sum();
    let mut start_sum = stockpile * u128::from(trials);
    let nights = (1..=horizon)
        .map(|night| {
            let i = night as usize - 1;
            let sum = |f: usize| sums.sums[i * FIELDS + f];
            let delivered: u64 = deliveries[i * types..(i + 1) * types].iter().sum();
            let delivered_sum = u128::from(delivered) * u128::from(trials);
            let end_sum = sum(3);
            let record = NightRecord {
                night,
                date: scenario.date_of(night),
                stock_start: start_sum as f64 / n,
                delivered: delivered as f64,
                launched: sum(0) as f64 / n,
                engaged: sum(1) as f64 / n,
                expended: (start_sum + delivered_sum - end_sum) as f64 / n,
                leakers: sum(2) as f64 / n,
                stock_end: end_sum as f64 / n,
                p_night_without_leakers: sums.nights_without_leakers[i] as f64 / n,
            };
            start_sum = end_sum;
            record
        })
        .collect();
    Simulation { summary, nights }
}

/// Mean and nearest-rank 5th, 50th and 95th percentiles; a percentile equal
/// to `never` is reported as `None`.
fn spread(values: impl Iterator<Item = u64>, never: u64) -> Spread {
    let mut values: Vec<u64> = values.collect();
    values.sort_unstable();
    let n = values.len();
    let mean = values.iter().map(|&v| u128::from(v)).sum::<u128>() as f64 / n.max(1) as f64;
    let percentile = |p: f64| -> Option<f64> {
        // Nearest rank: the smallest value with at least p·n values at or
        // below it, i.e. index ⌈p·n⌉ − 1.
        let rank = ((p * n as f64).ceil() as usize).clamp(1, n.max(1));
        let value = *values.get(rank - 1)?;
        (value != never).then_some(value as f64)
    };
    Spread {
        mean,
        p5: percentile(0.05),
        p50: percentile(0.50),
        p95: percentile(0.95),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        // 1..=20: p5 is the 1st value (⌈1⌉), p50 the 10th, p95 the 19th.
        let s = spread(1..=20, u64::MAX);
        assert_eq!((s.p5, s.p50, s.p95), (Some(1.0), Some(10.0), Some(19.0)));
        assert_eq!(s.mean, 10.5);
        // A percentile that lands on "never" is None; the mean counts never
        // as its stand-in value: (1 + 2 + 91 + 91) / 4 = 46.25.
        let s = spread([1, 2, 91, 91].into_iter(), 91);
        assert_eq!((s.p5, s.p50, s.p95), (Some(1.0), Some(2.0), None));
        assert_eq!(s.mean, 46.25);
    }
}
