//! Monte Carlo mode: many trials, each drawing every raid and every shot and
//! spending whole interceptors, so each trial runs dry on its own night.
//!
//! Trial t draws from ChaCha8 seeded with the run's seed, on stream t: its
//! draws depend on the seed and its index alone. Trials run in fixed chunks
//! across rayon's threads; per-trial results are kept in trial order and the
//! per-night sums are whole numbers, so the output is the same on any number
//! of threads.

use super::alias::AliasTable;
use super::{
    Mode, Needs, NightRecord, Progress, Simulation, StockPaths, delivery_table,
    interceptor_summaries, threat_summaries,
};
use crate::engagement::{Defence, Launchers, PreparedEngagement, Trial, engage};
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
    /// A replayed record's nights, then `after` beyond them.
    Record {
        nights: &'a [u64],
        after: Box<RaidSampler<'a>>,
    },
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
            Raid::Record { nights, after } => RaidSampler::Record {
                nights,
                after: Box::new(RaidSampler::new(after)),
            },
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
            RaidSampler::Record { nights, after } => {
                match (night as usize).checked_sub(1).and_then(|i| nights.get(i)) {
                    Some(&n) => n,
                    None => after.draw(night, rng),
                }
            }
        }
    }
}

struct PreparedThreat<'a> {
    raids: Chance,
    sampler: RaidSampler<'a>,
    tiers: Vec<Vec<PreparedEngagement>>,
}

/// Everything a trial needs, prepared once.
struct Plan<'a> {
    scenario: &'a Scenario,
    horizon: u32,
    types: usize,
    deliveries: Vec<u64>,
    threats: Vec<PreparedThreat<'a>>,
    /// Per type, the stock bin width as a power of two (see
    /// [`STOCK_BINS`]); empty when no stock band is asked for.
    bin_shift: Vec<u32>,
    /// Whether every interceptor type has a unit cost.
    costs_known: bool,
    needs: Needs,
}

/// Bins of stock per type and night for the 5–95% band of the stock path.
/// A type's bins are 2^s interceptors wide, the smallest power of two that
/// fits its stockpile plus every delivery into this many bins: exact (one
/// value a bin) up to 255 interceptors. Counts of trials are whole numbers,
/// so they add up the same on any number of threads.
pub const STOCK_BINS: usize = 256;

/// Sums over trials, whole numbers so that adding them up in any order gives
/// the same result.
#[derive(Clone)]
struct Sums {
    /// Per night: launched, engaged, leakers, stock_end, leaked_for_stock,
    /// leaked_for_capacity. The rest follow: a night starts with the
    /// previous night's stock, deliveries are the same in every trial, and
    /// expended = start + delivered − end.
    nights: Vec<u128>,
    nights_without_leakers: Vec<u64>,
    /// Per type: expended, final stock.
    types: Vec<u128>,
    /// Per threat: launched, engaged, leakers.
    threats: Vec<u128>,
    /// Interceptors expended per night and type, `[(night - 1) * types + t]`,
    /// when every type has a unit cost (for the spend per night); else empty.
    expended_by_type: Vec<u128>,
    /// Trials per stock bin: `[((night - 1) * types + t) * STOCK_BINS + bin]`;
    /// empty without a band.
    stock_bins: Vec<u32>,
    /// Leakers per night and threat, `[(night - 1) * threats + i]`; empty
    /// without a band (charts draw it).
    threat_leakers: Vec<u128>,
}

const NIGHT_FIELDS: usize = 6;

impl Sums {
    fn new(plan: &Plan<'_>) -> Sums {
        Sums {
            nights: vec![0; plan.horizon as usize * NIGHT_FIELDS],
            nights_without_leakers: vec![0; plan.horizon as usize],
            types: vec![0; plan.types * 2],
            threats: vec![0; plan.threats.len() * 3],
            expended_by_type: if plan.costs_known {
                vec![0; plan.horizon as usize * plan.types]
            } else {
                Vec::new()
            },
            stock_bins: if plan.bin_shift.is_empty() {
                Vec::new()
            } else {
                vec![0; plan.horizon as usize * plan.types * STOCK_BINS]
            },
            threat_leakers: if plan.bin_shift.is_empty() {
                Vec::new()
            } else {
                vec![0; plan.horizon as usize * plan.threats.len()]
            },
        }
    }

    fn merge(mut self, other: Sums) -> Sums {
        let add = |a: &mut Vec<u128>, b: Vec<u128>| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        add(&mut self.nights, other.nights);
        add(&mut self.types, other.types);
        add(&mut self.threats, other.threats);
        add(&mut self.expended_by_type, other.expended_by_type);
        add(&mut self.threat_leakers, other.threat_leakers);
        for (a, b) in self.stock_bins.iter_mut().zip(other.stock_bins) {
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
    pub leaked_for_stock: u64,
    pub leaked_for_capacity: u64,
}

/// Every trial's result, in trial order, and the sums over trials.
pub struct Trials {
    pub results: Vec<TrialResult>,
    /// Each trial's exhausted night per interceptor type (0: never), trial
    /// by trial.
    type_exhausted: Vec<u32>,
    sums: Sums,
    /// The run's delivery table, kept for the summary and the band.
    deliveries: Vec<u64>,
}

/// A trial's working state, allocated once per chunk of trials.
struct Workspace {
    stock: Vec<u64>,
    launchers: Vec<Launchers<u64>>,
    expended: Vec<u64>,
    expended_total: Vec<u64>,
}

fn run_trial(
    plan: &Plan<'_>,
    rng: &mut ChaCha8Rng,
    work: &mut Workspace,
    type_exhausted: &mut [u32],
    sums: &mut Sums,
) -> TrialResult {
    let scenario = plan.scenario;
    for (t, interceptor) in scenario.interceptors.iter().enumerate() {
        work.stock[t] = interceptor.stockpile;
        work.launchers[t] = Launchers::new(interceptor.fire_capacity);
        work.expended_total[t] = 0;
    }
    type_exhausted.fill(0);
    let mut result = TrialResult::default();
    for night in 1..=plan.horizon {
        let i = night as usize - 1;
        let due = &plan.deliveries[i * plan.types..(i + 1) * plan.types];
        for (t, &count) in due.iter().enumerate() {
            work.stock[t] += count;
            if let capacity @ Some(_) = scenario.interceptors[t].fire_capacity {
                work.launchers[t].dusk(capacity);
            }
        }
        work.expended.fill(0);
        let (mut launched, mut engaged, mut killed) = (0u64, 0u64, 0u64);
        let (mut for_stock, mut for_capacity) = (0u64, 0u64);
        for (index, threat) in plan.threats.iter().enumerate() {
            let raid = if threat.raids.happens(rng) {
                threat.sampler.draw(night, rng)
            } else {
                0
            };
            if raid == 0 {
                // A quiet night for this threat: nothing to engage or count.
                continue;
            }
            let mut defence = Defence {
                stock: &mut work.stock,
                launchers: &mut work.launchers,
                types: &scenario.interceptors,
                expended: &mut work.expended,
            };
            let outcome = engage(
                &mut Trial(rng),
                raid,
                &threat.tiers,
                &mut defence,
                index == 0,
            );
            launched += raid;
            engaged += outcome.engaged;
            killed += outcome.killed;
            for_stock += outcome.unengaged_for_stock;
            for_capacity += outcome.unengaged_for_capacity;
            let row = &mut sums.threats[index * 3..index * 3 + 3];
            row[0] += u128::from(raid);
            row[1] += u128::from(outcome.engaged);
            row[2] += u128::from(outcome.leakers());
            if !sums.threat_leakers.is_empty() {
                sums.threat_leakers[i * plan.threats.len() + index] +=
                    u128::from(outcome.leakers());
            }
        }
        let leakers = launched - killed;
        let stock_end: u64 = work.stock.iter().sum();
        let expended: u64 = work.expended.iter().sum();
        for (total, &e) in work.expended_total.iter_mut().zip(&work.expended) {
            *total += e;
        }
        if !sums.expended_by_type.is_empty() {
            let row = &mut sums.expended_by_type[i * plan.types..(i + 1) * plan.types];
            for (sum, &e) in row.iter_mut().zip(&work.expended) {
                *sum += u128::from(e);
            }
        }

        let row = &mut sums.nights[i * NIGHT_FIELDS..(i + 1) * NIGHT_FIELDS];
        for (sum, value) in row.iter_mut().zip([
            launched,
            engaged,
            leakers,
            stock_end,
            for_stock,
            for_capacity,
        ]) {
            *sum += u128::from(value);
        }
        if leakers == 0 {
            sums.nights_without_leakers[i] += 1;
        }
        if !sums.stock_bins.is_empty() {
            for (t, (&stock, &shift)) in work.stock.iter().zip(&plan.bin_shift).enumerate() {
                let bin = (stock >> shift) as usize;
                sums.stock_bins[(i * plan.types + t) * STOCK_BINS + bin] += 1;
            }
        }
        if for_stock + for_capacity > 0 && result.first_shortfall_night.is_none() {
            result.first_shortfall_night = Some(night);
        }
        let any_can_engage = plan.needs.check(&work.stock, |t| {
            if type_exhausted[t] == 0 {
                type_exhausted[t] = night;
            }
        });
        if !any_can_engage && result.exhausted_night.is_none() {
            result.exhausted_night = Some(night);
        }
        result.launched += launched;
        result.engaged += engaged;
        result.leakers += leakers;
        result.expended += expended;
        result.delivered += due.iter().sum::<u64>();
        result.final_stock = stock_end;
        result.leaked_for_stock += for_stock;
        result.leaked_for_capacity += for_capacity;
    }
    for t in 0..plan.types {
        sums.types[t * 2] += u128::from(work.expended_total[t]);
        sums.types[t * 2 + 1] += u128::from(work.stock[t]);
    }
    result
}

/// Runs `trials` trials from `seed` and summarizes them.
pub fn simulate(scenario: &Scenario, trials: u64, seed: u64, progress: Progress<'_>) -> Simulation {
    let run = run_trials(scenario, trials, seed, progress);
    summarize(scenario, trials, seed, &run)
}

/// Runs `trials` trials from `seed` and summarizes them, with the median
/// stock of each type night by night and its 5–95% band.
pub fn simulate_with_band(
    scenario: &Scenario,
    trials: u64,
    seed: u64,
    progress: Progress<'_>,
) -> Simulation {
    let run = run_trials_with(scenario, trials, seed, progress, true);
    let mut simulation = summarize(scenario, trials, seed, &run);
    simulation.stock = stock_band(scenario, trials, &run.sums.stock_bins, &run.deliveries);
    let n = trials.max(1) as f64;
    simulation.threat_leakers = run
        .sums
        .threat_leakers
        .iter()
        .map(|&sum| sum as f64 / n)
        .collect();
    simulation
}

/// The stock bin width of each type, as a power of two (see [`STOCK_BINS`]).
fn bin_shifts(scenario: &Scenario, deliveries: &[u64]) -> Vec<u32> {
    let types = scenario.interceptors.len();
    (0..types)
        .map(|t| {
            let most = scenario.interceptors[t].stockpile
                + deliveries.iter().skip(t).step_by(types).sum::<u64>();
            (0..64)
                .find(|&s| (most >> s) < STOCK_BINS as u64)
                .unwrap_or(63)
        })
        .collect()
}

/// Median and 5th and 95th percentiles (nearest rank) of each type's stock
/// on each night, from the bins: a bin's value is the middle of the stock
/// values it holds that can occur.
fn stock_band(scenario: &Scenario, trials: u64, bins: &[u32], deliveries: &[u64]) -> StockPaths {
    let types = scenario.interceptors.len();
    let shifts = bin_shifts(scenario, deliveries);
    let mut paths = StockPaths {
        types,
        ..StockPaths::default()
    };
    for (row, counts) in bins.chunks(STOCK_BINS).enumerate() {
        let t = row % types.max(1);
        let shift = shifts[t];
        let most = scenario.interceptors[t].stockpile
            + deliveries.iter().skip(t).step_by(types).sum::<u64>();
        let percentile = |p: f64| {
            let rank = ((p * trials as f64).ceil() as u64).clamp(1, trials.max(1));
            let mut seen = 0u64;
            let bin = counts
                .iter()
                .position(|&c| {
                    seen += u64::from(c);
                    seen >= rank
                })
                .unwrap_or(0) as u64;
            let low = bin << shift;
            let high = (((bin + 1) << shift) - 1).min(most).max(low);
            (low + high) as f64 / 2.0
        };
        paths.p5.push(percentile(0.05));
        paths.central.push(percentile(0.50));
        paths.p95.push(percentile(0.95));
    }
    paths
}

/// Runs `trials` trials from `seed`.
pub fn run_trials(scenario: &Scenario, trials: u64, seed: u64, progress: Progress<'_>) -> Trials {
    run_trials_with(scenario, trials, seed, progress, false)
}

fn run_trials_with(
    scenario: &Scenario,
    trials: u64,
    seed: u64,
    progress: Progress<'_>,
    band: bool,
) -> Trials {
    let deliveries = delivery_table(scenario);
    let plan = Plan {
        needs: Needs::new(scenario),
        costs_known: scenario.interceptors.iter().all(|t| t.unit_cost.is_some()),
        bin_shift: if band {
            bin_shifts(scenario, &deliveries)
        } else {
            Vec::new()
        },
        scenario,
        horizon: scenario.horizon_nights,
        types: scenario.interceptors.len(),
        deliveries,
        threats: scenario
            .threats
            .iter()
            .map(|threat| PreparedThreat {
                raids: Chance::new(threat.raid_probability),
                sampler: RaidSampler::new(&threat.raid),
                tiers: threat
                    .tiers
                    .iter()
                    .map(|tier| tier.iter().map(PreparedEngagement::new).collect())
                    .collect(),
            })
            .collect(),
    };
    let types = plan.types;
    let mut results = vec![TrialResult::default(); trials as usize];
    let mut type_exhausted = vec![0u32; trials as usize * types];
    let sums = results
        .par_chunks_mut(CHUNK)
        .zip(type_exhausted.par_chunks_mut(CHUNK * types.max(1)))
        .enumerate()
        .map(|(chunk, (slice, exhausted))| {
            let mut sums = Sums::new(&plan);
            let mut work = Workspace {
                stock: vec![0; types],
                launchers: vec![Launchers::default(); types],
                expended: vec![0; types],
                expended_total: vec![0; types],
            };
            for (offset, result) in slice.iter_mut().enumerate() {
                let trial = (chunk * CHUNK + offset) as u64;
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                rng.set_stream(trial);
                let mine = &mut exhausted[offset * types..(offset + 1) * types];
                *result = run_trial(&plan, &mut rng, &mut work, mine, &mut sums);
            }
            progress(slice.len() as u64);
            sums
        })
        .reduce(|| Sums::new(&plan), Sums::merge);
    Trials {
        results,
        type_exhausted,
        sums,
        deliveries: plan.deliveries,
    }
}

fn summarize(scenario: &Scenario, trials: u64, seed: u64, run: &Trials) -> Simulation {
    let results = &run.results;
    let sums = &run.sums;
    let horizon = scenario.horizon_nights;
    let types = scenario.interceptors.len();
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

    let mut by_interceptor = interceptor_summaries(scenario);
    let deliveries = &run.deliveries;
    let mut spend = 0.0;
    for (t, summary) in by_interceptor.iter_mut().enumerate() {
        summary.delivered = (0..horizon as usize)
            .map(|i| deliveries[i * types + t])
            .sum::<u64>() as f64;
        summary.expended = sums.types[t * 2] as f64 / n;
        summary.final_stock = sums.types[t * 2 + 1] as f64 / n;
        summary.exhausted_night = spread(
            (0..results.len()).map(|trial| match run.type_exhausted[trial * types + t] {
                0 => never,
                night => u64::from(night),
            }),
            never,
        )
        .p50;
        spend += summary.expended * scenario.interceptors[t].unit_cost.unwrap_or(0.0);
    }
    let mut by_threat = threat_summaries(scenario);
    let mut threat_cost = 0.0;
    for (i, summary) in by_threat.iter_mut().enumerate() {
        summary.launched = sums.threats[i * 3] as f64 / n;
        summary.engaged = sums.threats[i * 3 + 1] as f64 / n;
        summary.leakers = sums.threats[i * 3 + 2] as f64 / n;
        threat_cost += summary.launched * scenario.threats[i].unit_cost.unwrap_or(0.0);
    }

    let totals = PathTotals {
        first_shortfall_night: first_shortfall.p50.map(|night| night as u32),
        exhausted_night: exhausted_night.p50.map(|night| night as u32),
        launched: mean(|r| r.launched),
        engaged: mean(|r| r.engaged),
        leakers: mean(|r| r.leakers),
        expended: mean(|r| r.expended),
        delivered: mean(|r| r.delivered),
        final_stock: mean(|r| r.final_stock),
        leaked_for_stock: mean(|r| r.leaked_for_stock),
        leaked_for_capacity: mean(|r| r.leaked_for_capacity),
        interceptor_spend: scenario
            .interceptors
            .iter()
            .all(|t| t.unit_cost.is_some())
            .then_some(spend),
        threat_cost: scenario
            .threats
            .iter()
            .all(|t| t.unit_cost.is_some())
            .then_some(threat_cost),
        by_interceptor,
        by_threat,
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
            let sum = |f: usize| sums.nights[i * NIGHT_FIELDS + f];
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
                leaked_for_stock: sum(4) as f64 / n,
                leaked_for_capacity: sum(5) as f64 / n,
                interceptor_spend: (!sums.expended_by_type.is_empty()).then(|| {
                    scenario
                        .interceptors
                        .iter()
                        .enumerate()
                        .map(|(t, interceptor)| {
                            let mean = sums.expended_by_type[i * types + t] as f64 / n;
                            mean * interceptor.unit_cost.unwrap_or(0.0)
                        })
                        .sum()
                }),
            };
            start_sum = end_sum;
            record
        })
        .collect();
    Simulation {
        summary,
        nights,
        stock: StockPaths {
            types,
            ..StockPaths::default()
        },
        threat_leakers: Vec::new(),
    }
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
