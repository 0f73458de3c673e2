//! Monte Carlo mode: many trials, each drawing every raid and every shot and
//! spending whole interceptors, so each trial runs dry on its own night.
//!
//! Trial t draws from its own generator, seeded from the run's seed and t
//! alone ([`super::rng`]). Trials run in fixed chunks across rayon's threads
//! and add whole numbers into per-night sums and histograms, which add up
//! to the same totals in any order, so the output is the same on any number
//! of threads. Nothing is kept per trial: memory grows with the horizon,
//! the number of distinct leaker totals and (for fixed nights, below) the
//! kill draws one trial makes, at most `MAX_NOTED_DRAWS`, not with the
//! number of trials.
//!
//! Every way a trial is run here draws exactly what the general engagement
//! rule of [`crate::engagement`] draws, in the same order, and so gives the
//! same numbers. First choice: a run whose trials draw nothing but salvo
//! kills and whose kills change nothing but the leakers (fixed raids, one
//! tier a threat, no electronic warfare, decoys or ranges) works out every
//! night but its kills once, and its trials draw only the kills
//! (`FixedNights`). Else a scenario of one interceptor type firing salvos
//! at one threat, with no fire capacity or rationing, no electronic
//! warfare or decoys, and an arsenal spent steadily or none (the short
//! form, or the long form of that shape), runs a loop written for it, in
//! the trial's drawn world where figures are ranges. Else a scenario whose
//! every engagement fires salvos from the stock alone (no fire capacity,
//! no rationing, and no reserve that an engagement must leave) at steady
//! threats, of at most `SALVO_LOOP_WIDTH` types and threats, runs the
//! salvo loop (`salvo_trial`): the general night for such scenarios,
//! electronic warfare, decoys, layers and ranges among them, its state in
//! arrays; everything else runs the general rule. Both walk their quiet
//! nights (no threat can raid) by a loop that adds only what moves, or,
//! with no ranges, band or rationing, add them once per run of them and
//! settle them once per chunk of trials (`QuietSpan`).

use super::alias::AliasTable;
use super::histogram::{NightHistogram, ValueHistogram};
use super::rng::WyRand;
use super::{
    Mode, Needs, NightRecord, Progress, RunsOut, Simulation, StockPaths, arsenal_arrivals,
    arsenal_arrivals_with, delivery_table, delivery_table_with, interceptor_summaries,
    preferred_type, threat_summaries,
};
use crate::attack::{Launch, PreparedAttack, Share, count, launch};
use crate::engagement::Draws;
use crate::engagement::{
    Defence, DrawKills, Launchers, PreparedEngagement, SalvoKills, ThreatNight, Trial, engage,
    engage_salvos, reserve_holders, salvos_in, salvos_up_to,
};
use crate::kill::KillModel;
use crate::kill::{Chance, CountDraw, Doctrine};
use crate::limits::MAX_COUNT;
use crate::model::{Raid, Scenario};
use crate::summary::{DecoyCounts, Driver, RunsOutFirst, RunsOutFirstShares, Side};
use crate::summary::{Distributions, PathTotals};
use crate::uncertain::Input;
use rand::{Rng, RngExt};
use rand_distr::{Distribution, Gamma, Poisson};
use rayon::prelude::*;
use std::collections::HashMap;

/// Trials per unit of parallel work (fewer when a scenario's totals could
/// overflow a 64-bit sum of that many trials). Fixed by the scenario, so
/// that the work split does not depend on the machine.
const CHUNK: u64 = 256;

/// The most types, and the most threats, a scenario can have for its
/// trials to take [`salvo_trial`], which holds their stocks and arsenals in
/// arrays of this length.
const SALVO_LOOP_WIDTH: usize = 8;

/// Draws raid sizes; built once per run so that each draw costs O(1).
#[derive(Clone)]
enum RaidSampler<'a> {
    /// Fixed sizes, night by night over the horizon.
    Fixed(Vec<u64>),
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
/// covered (below what an f64 sum of the table can tell apart), or until
/// the sizes left are bounded below 1e-18 of it ([`LogPmf::tail_bound`]),
/// if that takes at most [`MAX_TABLE`] sizes.
///
/// The second stop is for sums that rounding leaves short of 1 − 1e-15
/// for ever (a negative binomial of mean 20 and dispersion 2 sums to
/// 1 − 1.6e-15): without it such a raid was drawn as a Poisson of a drawn
/// Gamma mean, about four times slower a night, after tabulating a
/// million sizes in vain at every run. It never stops a table that the
/// first rule would have stopped: a tail below 1e-18 adds nothing an f64
/// sum near 1 can hold, so the first rule could no longer be met.
///
/// [`LogPmf::tail_bound`]: crate::raid::LogPmf::tail_bound
fn tabulate(raid: &Raid) -> Option<Vec<f64>> {
    let mut weights = Vec::new();
    let mut covered = 0.0;
    let mut pmf = raid.log_pmf();
    while let Some(log_p) = pmf.next() {
        if weights.len() == MAX_TABLE {
            return None;
        }
        let p = log_p.exp();
        weights.push(p);
        covered += p;
        if covered >= 1.0 - 1e-15 {
            return Some(weights);
        }
        if pmf.tail_bound().is_some_and(|tail| tail < 1e-18 * covered) {
            return Some(weights);
        }
    }
    None
}

impl<'a> RaidSampler<'a> {
    fn new(raid: &'a Raid, horizon: u32) -> RaidSampler<'a> {
        if raid.is_fixed() {
            return RaidSampler::Fixed(
                (1..=horizon)
                    .map(|night| raid.fixed_on(night).unwrap_or(0))
                    .collect(),
            );
        }
        if let Some(weights) = tabulate(raid) {
            return RaidSampler::Table(AliasTable::new(&weights));
        }
        // Sizes too spread out to tabulate: draw them directly. Validation
        // keeps means in (0, 1e6] and dispersions above 0, which these
        // constructors accept; a zero mean is a fixed raid of 0.
        match raid {
            Raid::Poisson { mean } => match Poisson::new(*mean) {
                Ok(poisson) => RaidSampler::Poisson(poisson),
                Err(_) => RaidSampler::Fixed(vec![0; horizon as usize]),
            },
            Raid::NegativeBinomial { mean, dispersion } => {
                match Gamma::new(*dispersion, mean / dispersion) {
                    Ok(gamma) => RaidSampler::NegativeBinomial(gamma),
                    Err(_) => RaidSampler::Fixed(vec![0; horizon as usize]),
                }
            }
            Raid::Choice(values) => RaidSampler::Choice(values),
            Raid::Every(_) | Raid::Pattern(_) => RaidSampler::Fixed(
                (1..=horizon)
                    .map(|night| raid.fixed_on(night).unwrap_or(0))
                    .collect(),
            ),
            Raid::Record { nights, after } => RaidSampler::Record {
                nights,
                after: Box::new(RaidSampler::new(after, horizon)),
            },
        }
    }

    /// A Poisson or negative binomial raid's sampler with its mean drawn
    /// for a trial: drawn directly (a table per trial would cost more than
    /// it saves).
    fn with_mean(raid: &Raid, mean: f64, horizon: u32) -> RaidSampler<'a> {
        let none = || RaidSampler::Fixed(vec![0; horizon as usize]);
        match raid {
            Raid::Poisson { .. } => {
                Poisson::new(mean).map_or_else(|_| none(), RaidSampler::Poisson)
            }
            Raid::NegativeBinomial { dispersion, .. } => Gamma::new(*dispersion, mean / dispersion)
                .map_or_else(|_| none(), RaidSampler::NegativeBinomial),
            _ => none(),
        }
    }

    #[inline]
    fn draw<R: Rng + ?Sized>(&self, night: u32, rng: &mut R) -> u64 {
        let size = match self {
            RaidSampler::Fixed(nights) => nights[night as usize - 1],
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
        };
        // A draw from the far tail of a directly sampled distribution stays
        // within the documented limit on a night's raid.
        size.min(MAX_COUNT)
    }
}

#[derive(Clone)]
struct PreparedThreat<'a> {
    raids: Chance,
    sampler: RaidSampler<'a>,
    tiers: Vec<Vec<PreparedEngagement>>,
    attack: PreparedAttack,
    decoy: bool,
    /// No arsenal, electronic warfare or decoys, drawn or given.
    plain: bool,
    /// The most preferred type that engages it.
    preferred: Option<usize>,
}

impl PreparedThreat<'_> {
    /// Tonight's raid: whether there is one, then its size.
    #[inline]
    fn raid<R: Rng + ?Sized>(&self, night: u32, rng: &mut R) -> u64 {
        if !self.raids.happens(rng) {
            return 0;
        }
        // The two usual samplers inline; the others behind a call.
        match &self.sampler {
            RaidSampler::Fixed(nights) => nights[night as usize - 1],
            RaidSampler::Table(table) => table.draw(rng),
            sampler => sampler.draw(night, rng),
        }
    }
}

/// The parts of a trial's world that uncertain inputs change: the plan's
/// own when the scenario has none, else copies drawn for the trial.
struct World<'w, 'a> {
    threats: &'w [PreparedThreat<'a>],
    deliveries: &'w [u64],
    delivered: &'w [u64],
    /// Each type's stockpile, each threat's arsenal on hand (0 without one)
    /// and arrivals.
    stockpile: &'w [u64],
    on_hand: &'w [u64],
    arrivals: &'w [Option<Vec<u64>>],
}

/// A trial's own draws of the uncertain inputs, and the world they make.
#[derive(Clone)]
struct Drawn<'a> {
    threats: Vec<PreparedThreat<'a>>,
    deliveries: Vec<u64>,
    delivered: Vec<u64>,
    stockpile: Vec<u64>,
    on_hand: Vec<u64>,
    arrivals: Vec<Option<Vec<u64>>>,
    /// Over the horizon, each type's deliveries and each threat's
    /// arrivals (0 without any), worked out when the world is made.
    delivered_by_type: Vec<u64>,
    made: Vec<u64>,
    /// Per input: the value drawn and its rank score (0 to 1).
    values: Vec<f64>,
    scores: Vec<f64>,
}

/// The short form's loop: one type, one threat, salvos, no capacity or
/// rationing, and an arsenal (steady) or none; ranges drawn per trial
/// (not electronic warfare or discrimination, which the loop does not
/// draw).
struct Simple {
    interceptors_per_kill: u64,
    /// Whether the threat has an arsenal, which the loop draws down.
    arsenal: bool,
}

/// Everything a trial needs, prepared once.
struct Plan<'a> {
    scenario: &'a Scenario,
    seed: u64,
    horizon: u32,
    types: usize,
    deliveries: Vec<u64>,
    /// Deliveries on each night, over all types.
    delivered: Vec<u64>,
    delivered_total: u64,
    /// Stockpiles over all types, and of each type.
    stockpile: u64,
    stockpiles: Vec<u64>,
    /// Each threat's arsenal before night 1 (0 without one).
    on_hand: Vec<u64>,
    /// Each uncertain input's stream.
    streams: Vec<u64>,
    /// Whether a trial's deliveries depend on its draws.
    redraw_deliveries: bool,
    /// The engagements whose kill models depend on the draws (threat, tier,
    /// place), and for each kill input the indices of its engagements here.
    drawn_kills: Vec<(usize, usize, usize)>,
    kill_inputs: Vec<Vec<usize>>,
    threats: Vec<PreparedThreat<'a>>,
    /// Per type, the stock bin width as a power of two (see
    /// [`STOCK_BINS`]); empty when no stock band is asked for.
    bin_shift: Vec<u32>,
    /// Stock bins per type and night ([`band_bins`]).
    bins: usize,
    /// Whether every interceptor type has a unit cost.
    costs_known: bool,
    needs: Needs,
    /// Per type, the threat that may draw on its reserve.
    reserve_holder: Vec<Option<usize>>,
    /// Types with fire capacity, which renew it at dusk.
    limited: Vec<usize>,
    /// Per night index i, the end of the run of nights from i on which no
    /// threat raids, for certain (each is [`Plan::idle`] that night), which
    /// [`quiet_nights`] takes; i itself when night i is not quiet.
    quiet_until: Vec<usize>,
    /// Whether no engagement is rationed, so that a type's need to start
    /// an engagement is the same at any stock ([`quiet_nights`]).
    monotone: bool,
    /// The runs of quiet nights whose sums are settled after the trials
    /// ([`QuietSpan`]), and per night index the one starting there
    /// (`u32::MAX`: none). Empty where a trial walks each quiet night.
    spans: Vec<QuietSpan>,
    span_at: Vec<u32>,
    /// Per span, side by side for the trials that walk it: each type's
    /// deliveries over it, then each threat's arsenal arrivals (0 for a
    /// threat without).
    span_arrivals: Vec<u64>,
    /// Per night and threat (`[(night - 1) * threats + threat]`), whether
    /// the threat certainly plans no raid that night and launches nothing
    /// (steady, and a fixed size of 0 that night with a `raid_probability`
    /// of 1, or a `raid_probability` of 0, neither drawn per trial): it
    /// draws nothing, so the night skips it but for its arsenal's
    /// arrivals.
    idle: Vec<bool>,
    /// Each threat's arsenal arrivals by night (`None` without an arsenal).
    arrivals: Vec<Option<Vec<u64>>>,
    simple: Option<Simple>,
    /// Every engagement fires salvos, so trials take
    /// [`engage_salvos`].
    salvos: bool,
    /// Trials by the general rule alone ([`Plan::new`]).
    reference: bool,
    /// Trials take [`salvo_trial`]: every engagement fires salvos from the
    /// stock alone (no fire capacity, no rationing, and nothing any
    /// engagement must leave in reserve: a type's reserve is allowed where
    /// only the threat that may draw on it engages the type), every threat
    /// is steady, and there are at most [`SALVO_LOOP_WIDTH`] types and
    /// threats.
    salvo_loop: bool,
    layout: Layout,
    chunk: u64,
}

/// Bins of stock per type and night for the 5–95% band of the stock path,
/// at most ([`band_bins`]). A type's bins are 2^s interceptors wide, the
/// smallest power of two that fits the most it can hold (its stockpile plus
/// every delivery, with every range at its top) into the bins: with 256,
/// exact (one value a bin) up to 255 interceptors. Counts of trials are
/// whole numbers, so they add up the same on any number of threads.
pub const STOCK_BINS: usize = 256;

/// Most trial counts the band keeps per worker (4 bytes each: 256 MiB).
/// 256 bins for every type and night would be 1 KiB per type-night, 10 GiB
/// per worker at the size limit (a fuzz finding: `run --mode monte-carlo
/// --chart` on a valid scenario of 98 types over 100,000 nights asked for
/// tens of gigabytes).
pub const MAX_BAND_COUNTS: usize = 1 << 26;

/// Fewest bins per type and night.
pub const MIN_STOCK_BINS: usize = 8;

/// Stock bins per type and night: [`STOCK_BINS`] while types × nights is
/// at most 262,144 (every bundled scenario, and 100,000 nights of one
/// type), fewer beyond, so that the counts stay within
/// [`MAX_BAND_COUNTS`], but never fewer than [`MIN_STOCK_BINS`] (at the
/// size limit of 10,000,000 type-nights: 8 bins, 320 MB).
pub fn band_bins(types: usize, horizon: u32) -> usize {
    let rows = (types * horizon as usize).max(1);
    (MAX_BAND_COUNTS / rows).clamp(MIN_STOCK_BINS, STOCK_BINS)
}

/// Per night: launched, engaged, leakers, stock_end, leaked_for_stock,
/// leaked_for_capacity, nights without leakers and lost to electronic
/// warfare. The rest follow: a night starts with the previous night's
/// stock, deliveries are the same in every trial, and expended = start +
/// delivered − end.
const NIGHT_FIELDS: usize = 8;
/// Per threat over the horizon: launched, engaged, leakers, lost to
/// electronic warfare, and decoys destroyed, missed and never engaged.
const THREAT_FIELDS: usize = 7;

/// Where each sum sits in the flat vector of sums.
#[derive(Debug, Clone, Copy)]
struct Layout {
    horizon: usize,
    types: usize,
    threats: usize,
    /// Per night and type, interceptors expended (when every type has a
    /// unit cost, for the spend per night).
    expended_by_type: Option<usize>,
    /// Per night and threat, leakers (with the band, for charts).
    threat_leakers: Option<usize>,
    /// Per threat: [`THREAT_FIELDS`].
    threat_totals: usize,
    /// Per type: final stock.
    final_stock: usize,
    /// Per threat: its arsenal after the last night.
    arsenal_end: usize,
    /// Per night and threat, the arsenal at the end of the night (when any
    /// threat has one).
    arsenal_nights: Option<usize>,
    /// When stockpiles or deliveries are drawn per trial: per night, the
    /// deliveries; per type, the stockpile and the deliveries.
    drawn_supply: Option<(usize, usize)>,
    /// When an arsenal's stock or production is drawn per trial: per
    /// threat, the arsenal on hand before night 1 and what arrived.
    drawn_arsenal: Option<usize>,
    len: usize,
}

/// Which optional parts of the sums a run keeps.
#[derive(Debug, Clone, Copy)]
struct Parts {
    costs: bool,
    band: bool,
    arsenals: bool,
    drawn_supply: bool,
    drawn_arsenal: bool,
}

impl Layout {
    fn new(horizon: usize, types: usize, threats: usize, parts: Parts) -> Layout {
        let Parts {
            costs,
            band,
            arsenals,
            drawn_supply,
            drawn_arsenal,
        } = parts;
        let mut len = horizon * NIGHT_FIELDS;
        let mut take = |n: usize| {
            let at = len;
            len += n;
            at
        };
        let expended_by_type = costs.then(|| take(horizon * types));
        let threat_leakers = band.then(|| take(horizon * threats));
        let threat_totals = take(threats * THREAT_FIELDS);
        let final_stock = take(types);
        let arsenal_end = take(threats);
        let arsenal_nights = arsenals.then(|| take(horizon * threats));
        let drawn_supply = drawn_supply.then(|| (take(horizon), take(types * 2)));
        let drawn_arsenal = drawn_arsenal.then(|| take(threats * 2));
        Layout {
            horizon,
            types,
            threats,
            expended_by_type,
            threat_leakers,
            threat_totals,
            final_stock,
            arsenal_end,
            arsenal_nights,
            drawn_supply,
            drawn_arsenal,
            len,
        }
    }
}

/// Sums and histograms over trials: whole numbers, so that adding them up
/// in any order gives the same result. Sums go into 64-bit counters for the
/// trials of a chunk, then into 128-bit totals.
#[derive(Clone)]
struct Tally {
    chunk: Vec<u64>,
    sums: Vec<u128>,
    /// With [`FixedNights`]: the chunk's trials, and the kills they drew
    /// where the chunk's sums count leakers (laid out as `chunk`; empty
    /// until the first such trial).
    fixed_trials: u64,
    killed: Vec<u64>,
    /// With [`QuietSpan`]s: the chunk's trials that walked them, and per
    /// span their stock and (per threat) arsenals as it started.
    span_trials: u64,
    /// Per span [`Plan::span_width`] sums: the stock, then (with
    /// arsenals) each threat's arsenal. Written by every trial, so
    /// [`Padded`] apart from the other workers' allocations.
    span_starts: Padded<u64>,
    /// Trials by first shortfall night (never: horizon + 1).
    first_shortfall: NightHistogram,
    /// Trials by exhausted night.
    exhausted: NightHistogram,
    /// Per type, trials by the type's exhausted night.
    type_exhausted: Vec<NightHistogram>,
    /// Trials by total leakers.
    leakers: ValueHistogram,
    /// Per threat, trials by the first night its arsenal ran dry.
    dry: Vec<NightHistogram>,
    /// Trials by the night the attack or the defence ran out first, and by
    /// what ran out (threat, type).
    attack_first: NightHistogram,
    defence_first: NightHistogram,
    attack_names: Vec<u64>,
    defence_names: Vec<u64>,
    /// Trials per stock bin: `[((night - 1) * types + t) * bins + bin]`;
    /// empty without a band.
    stock_bins: Vec<u32>,
    /// With uncertain inputs: what their rank correlations need.
    drivers: Option<DriverSums>,
}

/// The sums from which the rank correlation of each uncertain input with
/// each headline figure is read (see [`drivers`]), in whole numbers: a
/// rank score s in [0, 1] is counted as round(s · 2^32).
#[derive(Clone)]
struct DriverSums {
    inputs: usize,
    nights: usize,
    /// Per input: Σ score and Σ score².
    moments: Vec<u128>,
    /// Per input and value of nights fully defended (0..=horizon): Σ score.
    fully_defended: Vec<u64>,
    /// Per input and first shortfall night (never: horizon + 1): Σ score.
    first_shortfall: Vec<u64>,
    /// Per leaker total: Σ score per input.
    leakers: HashMap<u64, Vec<u64>>,
}

impl DriverSums {
    fn new(inputs: usize, horizon: u32) -> DriverSums {
        let nights = horizon as usize + 2;
        DriverSums {
            inputs,
            nights,
            moments: vec![0; inputs * 2],
            fully_defended: vec![0; inputs * nights],
            first_shortfall: vec![0; inputs * nights],
            leakers: HashMap::new(),
        }
    }

    fn merge(&mut self, other: &DriverSums) {
        // Moments are u128 (sums of squares), so added apart.
        for (a, b) in self.moments.iter_mut().zip(&other.moments) {
            *a += b;
        }
        add_each(&mut self.fully_defended, &other.fully_defended);
        add_each(&mut self.first_shortfall, &other.first_shortfall);
        for (value, sums) in &other.leakers {
            let mine = self
                .leakers
                .entry(*value)
                .or_insert_with(|| vec![0; other.inputs]);
            add_each(mine, sums);
        }
    }
}

impl Tally {
    fn new(plan: &Plan<'_>) -> Tally {
        let horizon = plan.horizon;
        Tally {
            chunk: vec![0; plan.layout.len],
            sums: vec![0; plan.layout.len],
            fixed_trials: 0,
            killed: Vec::new(),
            span_trials: 0,
            span_starts: Padded::new(plan.spans.len() * plan.span_width()),
            first_shortfall: NightHistogram::new(horizon),
            exhausted: NightHistogram::new(horizon),
            type_exhausted: vec![NightHistogram::new(horizon); plan.types],
            leakers: ValueHistogram::default(),
            dry: vec![NightHistogram::new(horizon); plan.threats.len()],
            attack_first: NightHistogram::new(horizon),
            defence_first: NightHistogram::new(horizon),
            attack_names: vec![0; plan.threats.len()],
            defence_names: vec![0; plan.types],
            stock_bins: if plan.bin_shift.is_empty() {
                Vec::new()
            } else {
                vec![0; horizon as usize * plan.types * plan.bins]
            },
            drivers: (!plan.scenario.uncertain.is_empty())
                .then(|| DriverSums::new(plan.scenario.uncertain.len(), horizon)),
        }
    }

    /// Adds one trial's input scores against its headline figures.
    fn record_drivers(&mut self, result: &TrialResult, drawn: &Drawn<'_>) {
        let Some(d) = &mut self.drivers else {
            return;
        };
        let horizon = (d.nights - 2) as u64;
        let first = result.first_shortfall_night.map_or(horizon + 1, u64::from);
        let fully_defended = first.min(horizon + 1) - 1;
        let fully_defended = if result.first_shortfall_night.is_none() {
            horizon
        } else {
            fully_defended
        };
        let inputs = d.inputs;
        let leakers = d
            .leakers
            .entry(result.leakers)
            .or_insert_with(|| vec![0; inputs]);
        for (i, &score) in drawn.scores.iter().enumerate() {
            let q = (score * 4_294_967_296.0).round() as u64;
            d.moments[2 * i] += u128::from(q);
            d.moments[2 * i + 1] += u128::from(q) * u128::from(q);
            d.fully_defended[i * d.nights + fully_defended as usize] += q;
            d.first_shortfall[i * d.nights + first as usize] += q;
            leakers[i] += q;
        }
    }

    /// Adds the [`QuietSpan`]s' sums to the chunk's nights: each night of
    /// a run the stock and arsenals its trials started the run with, and
    /// for each trial what arrived from the run's first night to that one.
    fn settle(&mut self, plan: &Plan<'_>) {
        let trials = std::mem::take(&mut self.span_trials);
        if trials == 0 {
            return;
        }
        let layout = plan.layout;
        let threats = layout.threats;
        let width = plan.span_width();
        for (span, started) in plan.spans.iter().zip(self.span_starts.chunks_mut(width)) {
            for (j, i) in span.nights.clone().enumerate() {
                let row = &mut self.chunk[i * NIGHT_FIELDS..(i + 1) * NIGHT_FIELDS];
                row[3] += started[0] + trials * span.delivered_to[j];
                row[6] += trials;
                if let Some(at) = layout.arsenal_nights {
                    let made = &span.made_to[j * threats..(j + 1) * threats];
                    let row = &mut self.chunk[at + i * threats..at + (i + 1) * threats];
                    for ((sum, &a), &m) in row.iter_mut().zip(&started[1..]).zip(made) {
                        *sum += a + trials * m;
                    }
                }
            }
            started.fill(0);
        }
    }

    /// Moves the chunk's sums into the totals, with what `fixed` trials
    /// add: each the sums of its fixed nights, less the kills it drew.
    fn flush(&mut self, plan: &Plan<'_>, fixed: Option<&FixedNights<'_>>) {
        self.settle(plan);
        for (total, part) in self.sums.iter_mut().zip(self.chunk.iter_mut()) {
            *total += u128::from(*part);
            *part = 0;
        }
        let trials = std::mem::take(&mut self.fixed_trials);
        if let Some(fixed) = fixed
            && trials > 0
        {
            let n = u128::from(trials);
            for ((total, &each), killed) in self
                .sums
                .iter_mut()
                .zip(&fixed.sums)
                .zip(self.killed.iter_mut())
            {
                *total = *total + u128::from(each) * n - u128::from(*killed);
                *killed = 0;
            }
            for &bin in &fixed.bins {
                self.stock_bins[bin] += trials as u32;
            }
        }
    }

    fn merge(mut self, other: Tally) -> Tally {
        for (a, b) in self.sums.iter_mut().zip(other.sums) {
            *a += b;
        }
        self.first_shortfall.merge(&other.first_shortfall);
        self.exhausted.merge(&other.exhausted);
        for (a, b) in self.type_exhausted.iter_mut().zip(&other.type_exhausted) {
            a.merge(b);
        }
        self.leakers.merge(&other.leakers);
        for (a, b) in self.dry.iter_mut().zip(&other.dry) {
            a.merge(b);
        }
        self.attack_first.merge(&other.attack_first);
        self.defence_first.merge(&other.defence_first);
        for (a, b) in self.attack_names.iter_mut().zip(&other.attack_names) {
            *a += b;
        }
        for (a, b) in self.defence_names.iter_mut().zip(&other.defence_names) {
            *a += b;
        }
        for (a, b) in self.stock_bins.iter_mut().zip(other.stock_bins) {
            *a += b;
        }
        if let (Some(a), Some(b)) = (&mut self.drivers, &other.drivers) {
            a.merge(b);
        }
        self
    }

    /// Adds one trial's own figures.
    fn record(&mut self, result: &TrialResult, work: &Workspace) {
        let type_exhausted = &work.type_exhausted;
        let never = self.first_shortfall.never();
        self.first_shortfall
            .add(result.first_shortfall_night.map_or(never, u64::from));
        self.exhausted
            .add(result.exhausted_night.map_or(never, u64::from));
        for (histogram, &night) in self.type_exhausted.iter_mut().zip(type_exhausted) {
            histogram.add(if night == 0 { never } else { u64::from(night) });
        }
        self.leakers.add(result.leakers);
        for (histogram, &night) in self.dry.iter_mut().zip(&work.dry) {
            histogram.add(if night == 0 { never } else { u64::from(night) });
        }
        match result.runs_out.first() {
            Some((Side::Attack, night, threat)) => {
                self.attack_first.add(u64::from(night));
                self.attack_names[threat] += 1;
            }
            Some((Side::Defence, night, t)) => {
                self.defence_first.add(u64::from(night));
                self.defence_names[t] += 1;
            }
            None => {}
        }
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
    pub lost_to_ew: u64,
    pub(crate) runs_out: RunsOut,
}

/// A trial's working state, allocated once per chunk of trials. Each part
/// is written night after night, so each is [`Padded`] (the launchers'
/// reload rings, small vectors of their own written on the nights a
/// launcher type fires, are not).
struct Workspace {
    stock: Padded<u64>,
    launchers: Padded<Launchers<u64>>,
    expended: Padded<u64>,
    /// Each type's exhausted night in this trial (0: never).
    type_exhausted: Padded<u32>,
    /// Each threat's arsenal (0 for one without), and the first night it
    /// ran dry (0: never).
    arsenal: Padded<u64>,
    dry: Padded<u32>,
    /// Each threat's [`THREAT_FIELDS`] over the trial so far.
    threat_totals: Padded<[u64; THREAT_FIELDS]>,
}

impl Workspace {
    fn new(types: usize, threats: usize) -> Workspace {
        Workspace {
            stock: Padded::new(types),
            launchers: Padded::new(types),
            expended: Padded::new(types),
            type_exhausted: Padded::new(types),
            arsenal: Padded::new(threats),
            dry: Padded::new(threats),
            threat_totals: Padded::new(threats),
        }
    }
}

/// A worker's small vector with 128 bytes of its own on either side. Two
/// workers' vectors of a few counts, allocated side by side, would share
/// a cache line (or the pair of lines a core fetches together), and every
/// night's write by one would take the line from the other's core: false
/// sharing, which cost the Patriot scenario about a quarter more CPU time
/// on two threads than on one, and nothing on one.
#[derive(Clone)]
struct Padded<T> {
    items: Vec<T>,
    len: usize,
}

impl<T: Clone + Default> Padded<T> {
    /// Items in 128 bytes (every `T` here has a size).
    const PAD: usize = 128usize.div_ceil(std::mem::size_of::<T>());

    fn new(len: usize) -> Padded<T> {
        Padded {
            items: vec![T::default(); len + 2 * Self::PAD],
            len,
        }
    }
}

impl<T: Clone + Default> std::ops::Deref for Padded<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items[Self::PAD..Self::PAD + self.len]
    }
}

impl<'p, T: Clone + Default> IntoIterator for &'p Padded<T> {
    type Item = &'p T;
    type IntoIter = std::slice::Iter<'p, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Clone + Default> std::ops::DerefMut for Padded<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.items[Self::PAD..Self::PAD + self.len]
    }
}

/// `into[i] += add[i]` over the shorter of the two, the one way sums over
/// slices are added here. Written out for the
/// one to four types or threats most scenarios have: for so few, the
/// vectorised loop the compiler makes of a zip costs more instructions to
/// set up than the additions it makes (a quarter of the drone campaign's
/// quiet-run instructions).
#[inline(always)]
fn add_each(into: &mut [u64], add: &[u64]) {
    match (into, add) {
        ([a], [x, ..]) => *a += x,
        ([a, b], [x, y, ..]) => {
            *a += x;
            *b += y;
        }
        ([a, b, c], [x, y, z, ..]) => {
            *a += x;
            *b += y;
            *c += z;
        }
        ([a, b, c, d], [x, y, z, w, ..]) => {
            *a += x;
            *b += y;
            *c += z;
            *d += w;
        }
        (into, add) => {
            for (sum, &value) in into.iter_mut().zip(add) {
                *sum += value;
            }
        }
    }
}

/// The sum of a few types' or threats' figures, written out as
/// [`add_each`] is.
#[inline(always)]
fn total(values: &[u64]) -> u64 {
    match values {
        [] => 0,
        [a] => *a,
        [a, b] => a + b,
        [a, b, c] => a + b + c,
        [a, b, c, d] => a + b + c + d,
        values => values.iter().sum(),
    }
}

/// The end of a night that is not quiet, in [`general_trial`] and
/// [`salvo_trial`]: `tonight`'s figures and the stock (`state`: each
/// type's stock and interceptors fired tonight, which starts again from 0
/// for the next night that fires any, and each threat's arsenal) added to
/// the chunk's sums, the first shortfall, the exhaustion check where the
/// stock moved (`exhausted`: each type's exhausted night), and the trial's
/// totals.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn end_night(
    plan: &Plan<'_>,
    tally: &mut Tally,
    i: usize,
    mut tonight: [u64; 7],
    delivered: u64,
    (stock, expended, arsenal): (&[u64], &mut [u64], &[u64]),
    exhausted: Option<&mut [u32]>,
    result: &mut TrialResult,
) {
    let layout = plan.layout;
    let night = i as u32 + 1;
    tonight[3] = total(stock);
    if let Some(at) = layout.expended_by_type
        && exhausted.is_some()
    {
        let row = &mut tally.chunk[at + i * layout.types..at + (i + 1) * layout.types];
        for (sum, e) in row.iter_mut().zip(expended.iter_mut()) {
            *sum += *e;
            *e = 0;
        }
    }
    if let Some(at) = layout.arsenal_nights {
        add_each(
            &mut tally.chunk[at + i * layout.threats..at + (i + 1) * layout.threats],
            arsenal,
        );
    }
    tally_night(plan, tally, i, tonight, stock);
    if let Some((at, _)) = layout.drawn_supply {
        tally.chunk[at + i] += delivered;
    }
    let [launched, engaged, leakers, _, for_stock, for_capacity, lost] = tonight;
    if for_stock + for_capacity > 0 && result.first_shortfall_night.is_none() {
        result.first_shortfall_night = Some(night);
    }
    if let Some(type_exhausted) = exhausted {
        check_exhausted(plan, stock, type_exhausted, night, result);
    }
    result.launched += launched;
    result.engaged += engaged;
    result.leakers += leakers;
    result.leaked_for_stock += for_stock;
    result.leaked_for_capacity += for_capacity;
    result.lost_to_ew += lost;
}

/// The end of a trial: each type's final stock, each threat's totals and
/// arsenal added to the chunk's sums, and the trial's final stock.
#[inline(always)]
fn end_trial(
    layout: Layout,
    tally: &mut Tally,
    stock: &[u64],
    threat_totals: &[[u64; THREAT_FIELDS]],
    arsenal: &[u64],
    result: &mut TrialResult,
) {
    for (t, &s) in stock.iter().enumerate() {
        tally.chunk[layout.final_stock + t] += s;
    }
    let sums = &mut tally.chunk
        [layout.threat_totals..layout.threat_totals + layout.threats * THREAT_FIELDS];
    for (sum, total) in sums.iter_mut().zip(threat_totals.iter().flatten()) {
        *sum += total;
    }
    for (index, &on_hand) in arsenal.iter().enumerate() {
        tally.chunk[layout.arsenal_end + index] += on_hand;
    }
    result.final_stock = stock.iter().sum();
}

/// Adds threat `index`'s night `i` to the night's figures (launched,
/// engaged, leakers, -, for stock, for capacity, lost to electronic
/// warfare; the stock is the night's own), to the threat's
/// [`THREAT_FIELDS`] and, with the band, to its leakers that night; a
/// leak for want of stock is the defence running out, with the threat's
/// `preferred` type.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn add_threat_night(
    layout: Layout,
    tally: &mut Tally,
    i: usize,
    index: usize,
    preferred: Option<usize>,
    counted: &crate::attack::Counted<u64>,
    tonight: &mut [u64; 7],
    totals: &mut [u64; THREAT_FIELDS],
    runs_out: &mut RunsOut,
) {
    if counted.leaked_for_stock > 0
        && let Some(t) = preferred
    {
        runs_out.defence_short(i as u32 + 1, t);
    }
    tonight[0] += counted.launched;
    tonight[1] += counted.engaged;
    tonight[2] += counted.leakers;
    tonight[4] += counted.leaked_for_stock;
    tonight[5] += counted.leaked_for_capacity;
    tonight[6] += counted.lost_to_ew;
    totals[0] += counted.launched;
    totals[1] += counted.engaged;
    totals[2] += counted.leakers;
    totals[3] += counted.lost_to_ew;
    totals[4] += counted.decoys[0];
    totals[5] += counted.decoys[1];
    totals[6] += counted.decoys[2];
    if let Some(at) = layout.threat_leakers {
        tally.chunk[at + i * layout.threats + index] += counted.leakers;
    }
}

/// Adds one night's figures to the chunk's sums, and the stock bins.
#[inline(always)]
fn tally_night(plan: &Plan<'_>, tally: &mut Tally, i: usize, night: [u64; 7], stock: &[u64]) {
    let row = &mut tally.chunk[i * NIGHT_FIELDS..(i + 1) * NIGHT_FIELDS];
    // launched, engaged, leakers, stock_end, for stock, for capacity; then
    // a night without leakers, then lost to electronic warfare.
    for (sum, value) in row.iter_mut().zip(&night[..6]) {
        *sum += value;
    }
    row[6] += u64::from(night[2] == 0);
    row[7] += night[6];
    if !tally.stock_bins.is_empty() {
        for (t, (&s, &shift)) in stock.iter().zip(&plan.bin_shift).enumerate() {
            let bin = (s >> shift) as usize;
            tally.stock_bins[(i * plan.types + t) * plan.bins + bin] += 1;
        }
    }
}

/// One trial of the short form (see the module docs) in `world`: the
/// same draws as [`general_trial`], with nothing the scenario does not use.
/// The raid sampler is resolved once, and whether the threat has an
/// arsenal, so that the night loop is compiled for them. (Dispatching on
/// the arsenal in `run_trial` instead, with this one function generic,
/// compiled the model's night loop into 7 to 9 more instructions a
/// night, callgrind.)
fn simple_trial(
    plan: &Plan<'_>,
    simple: &Simple,
    world: &World<'_, '_>,
    rng: &mut WyRand,
    work: &mut Workspace,
    tally: &mut Tally,
) -> TrialResult {
    if simple.arsenal {
        simple_raids::<true>(plan, simple, world, rng, work, tally)
    } else {
        simple_raids::<false>(plan, simple, world, rng, work, tally)
    }
}

/// [`simple_trial`] with whether there is an arsenal fixed: resolves the
/// raid sampler, so that the night loop is compiled for it.
#[inline(always)]
fn simple_raids<const ARSENAL: bool>(
    plan: &Plan<'_>,
    simple: &Simple,
    world: &World<'_, '_>,
    rng: &mut WyRand,
    work: &mut Workspace,
    tally: &mut Tally,
) -> TrialResult {
    let threat = &world.threats[0];
    let raids = threat.raids;
    // Tonight's raid: the chance of one, then its size. A raid every night
    // (the usual case) draws no chance at all.
    match (&threat.sampler, raids) {
        (RaidSampler::Table(table), Chance::Always) => {
            simple_nights::<ARSENAL>(plan, simple, world, rng, work, tally, |_, rng| {
                table.draw(rng)
            })
        }
        (RaidSampler::Fixed(nights), Chance::Always) => {
            simple_nights::<ARSENAL>(plan, simple, world, rng, work, tally, |night, _| {
                nights[night as usize - 1]
            })
        }
        (sampler, _) => {
            simple_nights::<ARSENAL>(plan, simple, world, rng, work, tally, |night, rng| {
                if raids.happens(rng) {
                    sampler.draw(night, rng)
                } else {
                    0
                }
            })
        }
    }
}

/// The short form's nights. With `ARSENAL`, the threat's raid is launched
/// from its arsenal as [`launch`] launches a steady one: tonight's
/// arrivals first, then the raid planned (at most the arsenal's
/// `max_per_night`), short of it when the arsenal cannot fill it (dry).
#[inline(always)]
fn simple_nights<const ARSENAL: bool>(
    plan: &Plan<'_>,
    simple: &Simple,
    world: &World<'_, '_>,
    rng: &mut WyRand,
    work: &mut Workspace,
    tally: &mut Tally,
    mut raid_size: impl FnMut(u32, &mut WyRand) -> u64,
) -> TrialResult {
    let k = simple.interceptors_per_kill;
    let threat = &world.threats[0];
    let Some(engagement) = threat.tiers.first().and_then(|tier| tier.first()) else {
        unreachable!("the short-form loop has one engagement");
    };
    let kills = &engagement.draws.salvo_kills;
    let layout = plan.layout;
    let band = !tally.stock_bins.is_empty();
    // The stock as whole salvos and what is left over (fewer than a
    // salvo), so that a night divides nothing: the stock is salvos × k +
    // spare.
    let stockpile = world.stockpile[0];
    let (mut salvos, mut spare) = (stockpile / k, stockpile % k);
    let mut arsenal = world.on_hand[0];
    let made = world.arrivals[0].as_deref().filter(|_| ARSENAL);
    let max_per_night = threat.attack.max_per_night.unwrap_or(u64::MAX);
    let mut result = TrialResult::default();
    let (mut launched_total, mut engaged_total, mut unengaged_total) = (0u64, 0u64, 0u64);
    // The nights' rows first; the per-night figures only costs, charts and
    // arsenals read sit after them (offsets less `rest_at`).
    let horizon = plan.horizon as usize;
    let rest_at = horizon * NIGHT_FIELDS;
    let (rows, rest) = tally.chunk.split_at_mut(rest_at);
    let spend_at = layout.expended_by_type.map(|at| at - rest_at);
    let leakers_at = layout.threat_leakers.map(|at| at - rest_at);
    let arsenal_at = layout.arsenal_nights.map(|at| at - rest_at);
    let delivered = &world.delivered[..horizon];
    for i in 0..horizon {
        let night = i as u32 + 1;
        if delivered[i] > 0 {
            let stock = salvos * k + spare + delivered[i];
            (salvos, spare) = (stock / k, stock % k);
        }
        if let Some(made) = made {
            arsenal += made[i];
        }
        let planned = raid_size(night, rng);
        let raid = if ARSENAL {
            // Nothing planned is nothing wanted: never dry.
            let wanted = planned.min(max_per_night);
            if arsenal < wanted {
                result.runs_out.attack_dry(night, 0);
                if work.dry[0] == 0 {
                    work.dry[0] = night;
                }
            }
            let launched = wanted.min(arsenal);
            arsenal -= launched;
            launched
        } else {
            planned
        };
        let engaged = raid.min(salvos);
        let killed = if engaged > 0 {
            salvos -= engaged;
            kills.draw(engaged, rng)
        } else {
            0
        };
        let stock = salvos * k + spare;
        let leakers = raid - killed;
        let unengaged = raid - engaged;
        if unengaged > 0 && result.first_shortfall_night.is_none() {
            result.first_shortfall_night = Some(night);
            result.runs_out.defence_short(night, 0);
        }
        if salvos == 0 && result.exhausted_night.is_none() {
            result.exhausted_night = Some(night);
            work.type_exhausted[0] = night;
        }
        result.leakers += leakers;
        launched_total += raid;
        engaged_total += engaged;
        unengaged_total += unengaged;
        let row = &mut rows[i * NIGHT_FIELDS..(i + 1) * NIGHT_FIELDS];
        row[0] += raid;
        row[1] += engaged;
        row[2] += leakers;
        row[3] += stock;
        row[4] += unengaged;
        row[6] += u64::from(leakers == 0);
        if let Some(at) = spend_at {
            rest[at + i] += engaged * k;
        }
        if let Some(at) = leakers_at {
            rest[at + i] += leakers;
        }
        if ARSENAL && let Some(at) = arsenal_at {
            rest[at + i] += arsenal;
        }
        if band {
            let bin = (stock >> plan.bin_shift[0]) as usize;
            tally.stock_bins[i * plan.bins + bin] += 1;
        }
    }
    if let Some((at, _)) = layout.drawn_supply {
        add_each(&mut tally.chunk[at..at + horizon], delivered);
    }
    let stock = salvos * k + spare;
    let totals = &mut tally.chunk[layout.threat_totals..layout.threat_totals + THREAT_FIELDS];
    totals[0] += launched_total;
    totals[1] += engaged_total;
    totals[2] += result.leakers;
    tally.chunk[layout.final_stock] += stock;
    tally.chunk[layout.arsenal_end] += arsenal;
    result.launched = launched_total;
    result.engaged = engaged_total;
    // One type without fire capacity: every unengaged missile is for stock.
    result.leaked_for_stock = unengaged_total;
    result.final_stock = stock;
    result
}

/// One trial by the general engagement rule, its salvo kills found by
/// `kills` ([`DrawKills`] in a trial).
fn general_trial<'w, K: NightKills<'w>>(
    plan: &Plan<'_>,
    world: &World<'w, '_>,
    rng: &mut WyRand,
    kills: &mut K,
    work: &mut Workspace,
    tally: &mut Tally,
) -> TrialResult {
    let scenario = plan.scenario;
    let layout = plan.layout;
    for (t, interceptor) in scenario.interceptors.iter().enumerate() {
        work.stock[t] = world.stockpile[t];
        work.launchers[t].reset(interceptor.fire_capacity);
    }
    work.arsenal.copy_from_slice(world.on_hand);
    work.expended.fill(0);
    work.threat_totals.fill([0; THREAT_FIELDS]);
    let mut result = TrialResult::default();
    let horizon = plan.horizon as usize;
    let mut i = 0;
    if !plan.spans.is_empty() {
        tally.span_trials += 1;
    }
    while i < horizon {
        if plan.quiet_until[i] > i {
            let until = plan.quiet_until[i];
            match plan.span_at.get(i) {
                Some(&s) if s != u32::MAX => skip_quiet(plan, s as usize, work, tally),
                _ => quiet_nights(plan, world, i..until, work, tally, &mut result),
            }
            i = until;
            continue;
        }
        let night = i as u32 + 1;
        // Exhaustion depends on the stock alone (rationing may make a larger
        // stock need a larger salvo), so it is checked when the stock moved.
        let mut moved = i == 0 || world.delivered[i] > 0;
        if world.delivered[i] > 0 {
            add_each(
                &mut work.stock,
                &world.deliveries[i * plan.types..(i + 1) * plan.types],
            );
        }
        for &t in &plan.limited {
            work.launchers[t].dusk();
        }
        let mut tonight = [0u64; 7];
        for (index, threat) in world.threats.iter().enumerate() {
            if threat.attack.limited
                && let Some(made) = &world.arrivals[index]
            {
                work.arsenal[index] += made[i];
            }
            if plan.idle[i * world.threats.len() + index] {
                continue;
            }
            let steady = threat.attack.plans_raids();
            let planned = if steady { threat.raid(night, rng) } else { 0 };
            if planned == 0 && steady && !plan.reference {
                // Nothing planned, so nothing launched, nothing dry
                // and no draw: a quiet night for this threat.
                continue;
            }
            let launch = if threat.plain {
                // No arsenal, electronic warfare or decoys: the raid
                // meets the defence as planned.
                Launch {
                    launched: planned,
                    arriving: planned,
                    ..Launch::default()
                }
            } else {
                let arsenal = threat.attack.limited.then(|| &mut work.arsenal[index]);
                launch(&mut Trial(rng), &threat.attack, planned, arsenal)
            };
            if launch.dry {
                result.runs_out.attack_dry(night, index);
                if work.dry[index] == 0 {
                    work.dry[index] = night;
                }
            }
            if launch.launched == 0 {
                // A quiet night for this threat: nothing to engage or
                // count.
                continue;
            }
            let outcome = if plan.salvos {
                kills.threat_night(i, index);
                salvos(
                    !plan.limited.is_empty(),
                    rng,
                    kills,
                    launch.arriving,
                    &threat.tiers,
                    work,
                )
            } else {
                let mut defence = Defence {
                    stock: &mut work.stock,
                    launchers: &mut work.launchers,
                    types: &scenario.interceptors,
                    expended: &mut work.expended,
                    reserve_holder: &plan.reserve_holder,
                };
                engage(
                    &mut Trial(rng),
                    launch.arriving,
                    &threat.tiers,
                    &mut defence,
                    index,
                )
            };
            moved |= outcome.expended > 0;
            let counted = count(threat.decoy, threat.tiers.is_empty(), &launch, &outcome);
            add_threat_night(
                layout,
                tally,
                i,
                index,
                threat.preferred,
                &counted,
                &mut tonight,
                &mut work.threat_totals[index],
                &mut result.runs_out,
            );
        }
        end_night(
            plan,
            tally,
            i,
            tonight,
            world.delivered[i],
            (&work.stock, &mut work.expended, &work.arsenal),
            moved.then_some(&mut *work.type_exhausted),
            &mut result,
        );
        i += 1;
    }
    end_trial(
        layout,
        tally,
        &work.stock,
        &work.threat_totals,
        &work.arsenal,
        &mut result,
    );
    result
}

/// One trial of a scenario whose every engagement fires salvos from the
/// stock alone, at steady threats ([`Plan::salvo_loop`]): the night of
/// [`general_trial`] with [`launch`] and [`engage_salvos`] written out for
/// it ([`count`], [`add_threat_night`], [`end_night`] and [`end_trial`]
/// shared), the same draws in the same order and the same sums. Calling
/// `engage_salvos` here instead cost the drone campaign 14% more
/// instructions (its reserve, rationing and spare-capacity arithmetic).
/// Nothing it leaves out can happen: no launcher to renew or spend, no
/// reserve an engagement must leave, no rationed salvo, no massing arsenal, and so no
/// missile left unengaged that a type could have engaged (for
/// capacity). The stocks, arsenals and spend per type are held in arrays
/// of `N` (at least the types and the threats) rather than the
/// workspace. The drone campaign's instructions came down by a quarter
/// (callgrind, with the draw inlined), mostly the general night's
/// bookkeeping for what such a scenario never has.
fn salvo_trial<const N: usize>(
    plan: &Plan<'_>,
    world: &World<'_, '_>,
    rng: &mut WyRand,
    work: &mut Workspace,
    tally: &mut Tally,
) -> TrialResult {
    let layout = plan.layout;
    let types = plan.types;
    let threats = world.threats.len();
    debug_assert!(types <= N && threats <= N);
    let mut stock = [0u64; N];
    stock[..types].copy_from_slice(world.stockpile);
    let mut arsenal = [0u64; N];
    arsenal[..threats].copy_from_slice(world.on_hand);
    let mut expended = [0u64; N];
    let mut totals = [[0u64; THREAT_FIELDS]; N];
    let mut result = TrialResult::default();
    let horizon = plan.horizon as usize;
    let mut i = 0;
    if !plan.spans.is_empty() {
        tally.span_trials += 1;
    }
    let width = plan.span_width();
    while i < horizon {
        let until = plan.quiet_until[i];
        if until > i {
            match plan.span_at.get(i) {
                Some(&s) if s != u32::MAX => {
                    let s = s as usize;
                    let started = &mut tally.span_starts[s * width..(s + 1) * width];
                    started[0] += total(&stock[..types]);
                    add_each(&mut started[1..], &arsenal[..threats]);
                    let arrivals =
                        &plan.span_arrivals[s * (types + threats)..(s + 1) * (types + threats)];
                    add_each(&mut stock[..types], &arrivals[..types]);
                    add_each(&mut arsenal[..threats], &arrivals[types..]);
                }
                _ => {
                    work.stock.copy_from_slice(&stock[..types]);
                    work.arsenal.copy_from_slice(&arsenal[..threats]);
                    quiet_nights(plan, world, i..until, work, tally, &mut result);
                    stock[..types].copy_from_slice(&work.stock);
                    arsenal[..threats].copy_from_slice(&work.arsenal);
                }
            }
            i = until;
            continue;
        }
        let night = i as u32 + 1;
        let delivered = world.delivered[i];
        let mut moved = i == 0 || delivered > 0;
        if delivered > 0 {
            add_each(
                &mut stock[..types],
                &world.deliveries[i * types..(i + 1) * types],
            );
        }
        let mut tonight = [0u64; 7];
        let idle = &plan.idle[i * threats..(i + 1) * threats];
        for (index, threat) in world.threats.iter().enumerate() {
            if threat.attack.limited
                && let Some(made) = &world.arrivals[index]
            {
                arsenal[index] += made[i];
            }
            if idle[index] {
                continue;
            }
            let planned = threat.raid(night, rng);
            if planned == 0 {
                continue;
            }
            let attack = &threat.attack;
            let mut launched = match attack.max_per_night {
                Some(max) => planned.min(max),
                None => planned,
            };
            if attack.limited {
                let on_hand = &mut arsenal[index];
                if *on_hand < launched {
                    launched = *on_hand;
                    result.runs_out.attack_dry(night, index);
                    if work.dry[index] == 0 {
                        work.dry[index] = night;
                    }
                }
                *on_hand -= launched;
            }
            if launched == 0 {
                continue;
            }
            let lost = if attack.lost_to_ew.is_none() {
                0
            } else {
                attack.lost_to_ew.draw.draw(launched, rng)
            };
            let remaining = launched - lost;
            let recognised = match &attack.discrimination {
                Some(share) if !share.is_none() => share.draw.draw(remaining, rng),
                _ => 0,
            };
            let arriving = remaining - recognised;
            let mut never = arriving;
            let (mut engaged, mut killed_all) = (0u64, 0u64);
            if let [tier] = threat.tiers.as_slice() {
                // One tier, the usual case: nothing is waiting again, so
                // what waits is what no option has engaged yet. The walk
                // below gives the same counts; written apart, the drone
                // campaign took 4.5% fewer instructions and 0.94 of its
                // time (paired runs).
                for option in tier {
                    if never == 0 {
                        break;
                    }
                    let (take, hits) =
                        fire_salvos(option, never, &mut stock, &mut expended, &mut moved, rng);
                    never -= take;
                    engaged += take;
                    killed_all += hits;
                }
            } else {
                let mut flying = arriving;
                for tier in &threat.tiers {
                    let mut waiting_new = never;
                    let mut waiting_again = flying - never;
                    let mut killed = 0;
                    for option in tier {
                        let waiting = waiting_new + waiting_again;
                        if waiting == 0 {
                            break;
                        }
                        let (take, hits) = fire_salvos(
                            option,
                            waiting,
                            &mut stock,
                            &mut expended,
                            &mut moved,
                            rng,
                        );
                        let new = take.min(waiting_new);
                        waiting_new -= new;
                        waiting_again -= take - new;
                        engaged += take;
                        killed += hits;
                    }
                    killed_all += killed;
                    never = waiting_new;
                    flying -= killed;
                }
            }
            // What no tier engaged leaked for want of stock: without fire
            // capacity, a tier leaves missiles unengaged only when each
            // of its types has no whole salvo left, and a missile no tier
            // engaged was left so by every tier, so nothing is left that
            // could have engaged it (the general rule's missiles unengaged
            // for capacity are none).
            let for_stock = if threat.tiers.is_empty() { 0 } else { never };
            debug_assert!(
                for_stock == 0
                    || threat.tiers.iter().flatten().all(|e| salvos_in(
                        stock[e.engagement.interceptor],
                        u64::from(e.engagement.kill.interceptors_per_kill)
                    ) == 0),
                "missiles left unengaged while a type had a salvo"
            );
            let launch = Launch {
                launched,
                lost_to_ew: lost,
                recognised,
                arriving,
                dry: false,
            };
            let outcome = ThreatNight {
                launched: arriving,
                engaged,
                killed: killed_all,
                unengaged_for_stock: for_stock,
                ..ThreatNight::default()
            };
            let counted = count(threat.decoy, threat.tiers.is_empty(), &launch, &outcome);
            add_threat_night(
                layout,
                tally,
                i,
                index,
                threat.preferred,
                &counted,
                &mut tonight,
                &mut totals[index],
                &mut result.runs_out,
            );
        }
        end_night(
            plan,
            tally,
            i,
            tonight,
            delivered,
            (&stock[..types], &mut expended[..types], &arsenal[..threats]),
            moved.then_some(&mut *work.type_exhausted),
            &mut result,
        );
        i += 1;
    }
    end_trial(
        layout,
        tally,
        &stock[..types],
        &totals[..threats],
        &arsenal[..threats],
        &mut result,
    );
    result
}

/// One option of a tier in [`salvo_trial`] fires at `waiting` missiles: as
/// many salvos as it has whole salvos in stock for, up to one a missile,
/// and the kills they make, drawn. The stock, tonight's spend and whether
/// the stock moved are updated; the salvos and kills are returned.
#[inline(always)]
fn fire_salvos<const N: usize>(
    option: &PreparedEngagement,
    waiting: u64,
    stock: &mut [u64; N],
    expended: &mut [u64; N],
    moved: &mut bool,
    rng: &mut WyRand,
) -> (u64, u64) {
    let t = option.engagement.interceptor;
    let on_hand = stock[t];
    let k = u64::from(option.engagement.kill.interceptors_per_kill);
    let take = salvos_up_to(on_hand, k, waiting);
    let spent = take * k;
    let hits = option.draws.salvo_kills.draw(take, rng);
    stock[t] = on_hand - spent;
    expended[t] += spent;
    *moved |= spent > 0;
    (take, hits)
}

/// [`engage_salvos`] on the workspace, compiled apart for scenarios where
/// some type has fire capacity and where none does (the launchers left
/// alone): the branch is taken once a threat-night and predicted, the
/// limits and their bookkeeping are not paid where they cannot bind.
#[inline(always)]
fn salvos<'p, K: SalvoKills<'p>>(
    fire_capacity: bool,
    rng: &mut WyRand,
    kills: &mut K,
    arriving: u64,
    tiers: &'p [Vec<PreparedEngagement>],
    work: &mut Workspace,
) -> ThreatNight<u64> {
    let (stock, launchers, expended) = (&mut work.stock, &mut work.launchers, &mut work.expended);
    if fire_capacity {
        engage_salvos::<_, _, true>(rng, kills, arriving, tiers, stock, launchers, expended)
    } else {
        engage_salvos::<_, _, false>(rng, kills, arriving, tiers, stock, launchers, expended)
    }
}

/// `nights` of [`general_trial`], a run of quiet ones
/// ([`Plan::quiet_until`]) walked night by night: what the general night
/// would add, with the sums that would add 0 left alone. Nothing is
/// launched, engaged or leaks, so no sum moves but the stock's, the nights
/// without leakers, the arsenals' and the deliveries'; nothing has fired
/// since the last night that fired, whose end zeroed `work.expended`, so
/// the spend per type adds 0 too. The stock only grows, so where every
/// type's need is the same at any stock ([`Plan::monotone`]) a delivery
/// cannot exhaust a type that the last check (night 1, or the last night
/// that fired) found able to engage: only night 1 is checked. With
/// rationing a larger stock may need a larger salvo, so every night that
/// brings a delivery is checked, as the general night checks it.
fn quiet_nights(
    plan: &Plan<'_>,
    world: &World<'_, '_>,
    nights: std::ops::Range<usize>,
    work: &mut Workspace,
    tally: &mut Tally,
    result: &mut TrialResult,
) {
    let layout = plan.layout;
    let types = plan.types;
    let stock: &mut [u64] = &mut work.stock;
    let arsenal: &mut [u64] = &mut work.arsenal;
    let launchers: &mut [Launchers<u64>] = &mut work.launchers;
    let band = !tally.stock_bins.is_empty();
    let mut on_hand = total(stock);
    for i in nights {
        let delivered = world.delivered[i];
        if delivered > 0 {
            add_each(stock, &world.deliveries[i * types..(i + 1) * types]);
            on_hand += delivered;
        }
        for &t in &plan.limited {
            launchers[t].dusk();
        }
        for (index, threat) in world.threats.iter().enumerate() {
            if threat.attack.limited
                && let Some(made) = &world.arrivals[index]
            {
                arsenal[index] += made[i];
            }
        }
        if let Some(at) = layout.arsenal_nights {
            add_each(
                &mut tally.chunk[at + i * layout.threats..at + (i + 1) * layout.threats],
                arsenal,
            );
        }
        let row = &mut tally.chunk[i * NIGHT_FIELDS..(i + 1) * NIGHT_FIELDS];
        row[3] += on_hand;
        row[6] += 1;
        if band {
            for (t, (&s, &shift)) in stock.iter().zip(&plan.bin_shift).enumerate() {
                let bin = (s >> shift) as usize;
                tally.stock_bins[(i * types + t) * plan.bins + bin] += 1;
            }
        }
        if let Some((at, _)) = layout.drawn_supply {
            tally.chunk[at + i] += delivered;
        }
        let moved = i == 0 || (delivered > 0 && !plan.monotone);
        if moved {
            let night = i as u32 + 1;
            check_exhausted(plan, stock, &mut work.type_exhausted, night, result);
        }
    }
}

/// The exhaustion check at the end of `night`, until the trial's exhausted
/// night is found: each type that can start no engagement with `stock`
/// has its exhausted night (the first such night) noted, and the night on
/// which every type that engages something is in that state is the
/// trial's.
#[inline]
fn check_exhausted(
    plan: &Plan<'_>,
    stock: &[u64],
    type_exhausted: &mut [u32],
    night: u32,
    result: &mut TrialResult,
) {
    if result.exhausted_night.is_some() {
        return;
    }
    let all_exhausted = plan
        .needs
        .check(stock, &mut TypeNights(type_exhausted, night));
    if all_exhausted {
        result.exhausted_night = Some(night);
    }
}

/// Each type's exhausted night in a trial (0: none yet), and tonight's.
struct TypeNights<'n>(&'n mut [u32], u32);

impl super::Exhausted for TypeNights<'_> {
    #[inline]
    fn noted(&self, t: usize) -> bool {
        self.0[t] != 0
    }

    #[inline]
    fn note(&mut self, t: usize) {
        if self.0[t] == 0 {
            self.0[t] = self.1;
        }
    }
}

/// A run of quiet nights, none the first, whose sums a trial adds once
/// ([`skip_quiet`]) and [`Tally::settle`] spreads over its nights. Where
/// nothing is drawn per trial but the raids and kills, and no band is
/// kept, a quiet night's sums are the stock and arsenals it began with
/// plus what arrived since, the same in every trial: a trial adds its
/// stock and arsenals at the start of the run, and the settling adds the
/// arrivals once per chunk, times its trials. Needs alike at any stock
/// ([`Plan::monotone`]): a stock that only grows exhausts nothing.
#[derive(Debug)]
struct QuietSpan {
    nights: std::ops::Range<usize>,
    /// Per night of the run: the interceptors delivered from its first
    /// night to that one; per night and threat, the arrivals likewise.
    delivered_to: Vec<u64>,
    made_to: Vec<u64>,
}

impl QuietSpan {
    /// The span of `nights`, and what arrives over it: per type, then per
    /// threat ([`Plan::span_arrivals`]).
    fn new(plan: &Plan<'_>, nights: std::ops::Range<usize>) -> (QuietSpan, Vec<u64>) {
        let threats = plan.threats.len();
        let mut delivered = vec![0; plan.types];
        let mut made = vec![0; threats];
        let mut delivered_to = Vec::with_capacity(nights.len());
        let mut made_to = Vec::with_capacity(nights.len() * threats);
        let mut so_far = 0;
        for i in nights.clone() {
            add_each(
                &mut delivered,
                &plan.deliveries[i * plan.types..(i + 1) * plan.types],
            );
            for (index, threat) in plan.threats.iter().enumerate() {
                if threat.attack.limited
                    && let Some(arrivals) = &plan.arrivals[index]
                {
                    made[index] += arrivals[i];
                }
            }
            so_far += plan.delivered[i];
            delivered_to.push(so_far);
            made_to.extend_from_slice(&made);
        }
        delivered.extend(made);
        (
            QuietSpan {
                nights,
                delivered_to,
                made_to,
            },
            delivered,
        )
    }
}

/// A [`QuietSpan`] in a trial: its stock and arsenals noted as they start
/// it, then what arrives over it added, its launchers' dusks run.
#[inline(always)]
fn skip_quiet(plan: &Plan<'_>, s: usize, work: &mut Workspace, tally: &mut Tally) {
    let width = plan.span_width();
    let started = &mut tally.span_starts[s * width..(s + 1) * width];
    started[0] += total(&work.stock);
    add_each(&mut started[1..], &work.arsenal);
    let (types, threats) = (plan.types, plan.layout.threats);
    let arrivals = &plan.span_arrivals[s * (types + threats)..(s + 1) * (types + threats)];
    add_each(&mut work.stock, &arrivals[..types]);
    add_each(&mut work.arsenal, &arrivals[types..]);
    if !plan.limited.is_empty() {
        for _ in plan.spans[s].nights.clone() {
            for &t in &plan.limited {
                work.launchers[t].dusk();
            }
        }
    }
}

/// [`SalvoKills`] told which threat-night each engagement is: the night's
/// index and the threat's.
trait NightKills<'p>: SalvoKills<'p> {
    #[inline(always)]
    fn threat_night(&mut self, _night: usize, _threat: usize) {}
}

impl NightKills<'_> for DrawKills {}

/// The kill draws one trial makes, noted in order instead of drawn, night
/// by night and threat-night by threat-night ([`FixedNights`]). A kill that
/// is certain ([`CountDraw::certain`]) is counted, as the draw would count
/// it without a random number; one left to chance counts as none. Past
/// [`MAX_NOTED_DRAWS`] it stops noting and says so.
struct NoteKills<'p> {
    nights: Vec<DrawnNight>,
    threat_nights: Vec<DrawnThreatNight>,
    draws: Vec<(&'p CountDraw, u64)>,
    /// The threat-night being engaged (night index, threat), and whether a
    /// draw of it was noted yet.
    at: (usize, usize),
    noted_at: bool,
    layout: Layout,
    too_many: bool,
}

/// The most kill draws a trial may make and still be worked out once: at
/// 2^20 the notes take at most 40 MiB (16 bytes a draw, 24 a threat-night);
/// a run past it takes the general rule rather than grow further.
const MAX_NOTED_DRAWS: usize = 1 << 20;

impl<'p> SalvoKills<'p> for NoteKills<'p> {
    fn kills<R: Rng + ?Sized>(&mut self, draw: &'p CountDraw, engaged: u64, _: &mut R) -> u64 {
        if let Some(count) = draw.certain(engaged) {
            return count;
        }
        if self.draws.len() == MAX_NOTED_DRAWS {
            self.too_many = true;
            return 0;
        }
        let (night, threat) = self.at;
        let layout = self.layout;
        if !self.noted_at {
            self.noted_at = true;
            if self.nights.last().is_none_or(|last| last.night != night) {
                self.nights.push(DrawnNight {
                    night,
                    leakers: 0,
                    threat_nights_end: 0,
                });
            }
            self.threat_nights.push(DrawnThreatNight {
                total_at: layout.threat_totals + threat * THREAT_FIELDS + 2,
                night_at: layout
                    .threat_leakers
                    .map(|at| at + night * layout.threats + threat),
                draws_end: 0,
            });
        }
        self.draws.push((draw, engaged));
        let (draws_end, threat_nights_end) = (self.draws.len(), self.threat_nights.len());
        if let Some(last) = self.threat_nights.last_mut() {
            last.draws_end = draws_end;
        }
        if let Some(last) = self.nights.last_mut() {
            last.threat_nights_end = threat_nights_end;
        }
        0
    }
}

impl<'p> NightKills<'p> for NoteKills<'p> {
    fn threat_night(&mut self, night: usize, threat: usize) {
        self.at = (night, threat);
        self.noted_at = false;
    }
}

/// A run whose trials draw nothing but salvo kills, and whose kills change
/// nothing but what leaks: every raid a fixed size (patterns, and replayed
/// records within their nights), salvos, one tier a threat (a later tier
/// engages what an earlier one missed), no decoys (whose kills are counted
/// apart), and no electronic warfare or range left to chance. Then what
/// each type engages, fires and holds, the shortfalls, exhaustion and the
/// arsenals are the same in every trial: one pass of the general rule, with
/// every kill left to chance noted instead of drawn ([`NoteKills`]), works
/// them out once per run, and a trial only makes the noted draws, in the
/// same order and from the same generator as the general rule would, and
/// counts the leakers. The same draws, so the same figures; a property test
/// compares the two.
///
/// Whether a scenario is such a run is read off that pass: it is when the
/// scenario's structure leaves a kill nothing but the leakers to change
/// and the pass's generator took no number (any other draw, a raid's size
/// or chance or electronic warfare, takes one whether or not a kill
/// precedes it, so trial 0 stands for every trial).
struct FixedNights<'p> {
    /// One trial's sums ([`Layout`]), every kill left to chance counted as
    /// none, and the stock bins it adds one to.
    sums: Vec<u64>,
    bins: Vec<usize>,
    /// One trial's figures, likewise, and its types' exhausted nights and
    /// threats' dry nights.
    result: TrialResult,
    type_exhausted: Vec<u32>,
    dry: Vec<u32>,
    /// The nights with draws, in order; their threat-nights with draws,
    /// night after night; the draws, threat-night after threat-night.
    nights: Vec<DrawnNight>,
    threat_nights: Vec<DrawnThreatNight>,
    draws: Vec<(&'p CountDraw, u64)>,
}

/// A night with kills to draw.
struct DrawnNight {
    /// Its index (night − 1).
    night: usize,
    /// The night's leakers were no kill left to chance to succeed.
    leakers: u64,
    /// The end of its threat-nights in [`FixedNights::threat_nights`].
    threat_nights_end: usize,
}

/// A threat's night with kills to draw.
struct DrawnThreatNight {
    /// Where the threat's leakers over the horizon and (with the band) that
    /// night sit in the sums.
    total_at: usize,
    night_at: Option<usize>,
    /// The end of its draws in [`FixedNights::draws`].
    draws_end: usize,
}

impl<'p> FixedNights<'p> {
    /// The fixed nights of `plan`'s trials, or `None` when it is not such a
    /// run (or it is the reference plan).
    fn new(plan: &'p Plan<'_>) -> Option<FixedNights<'p>> {
        let structural = !plan.reference
            && plan.salvos
            && plan.scenario.uncertain.is_empty()
            && plan
                .threats
                .iter()
                .all(|threat| threat.tiers.len() <= 1 && !threat.decoy);
        // A raid left to chance, or a raid every night drawn by size, takes
        // a number on the first night it plans one: known without the pass.
        let drawn_raids = plan.threats.iter().any(|threat| match threat.raids {
            Chance::Never => false,
            Chance::Below(_) => true,
            Chance::Always => matches!(
                threat.sampler,
                RaidSampler::Table(_)
                    | RaidSampler::Poisson(_)
                    | RaidSampler::NegativeBinomial(_)
                    | RaidSampler::Choice(_)
            ),
        });
        if !structural || drawn_raids {
            return None;
        }
        let mut tally = Tally::new(plan);
        let mut work = Workspace::new(plan.types, plan.threats.len());
        let mut rng = WyRand::for_trial(plan.seed, 0);
        let untouched = rng.clone();
        let mut noted = NoteKills {
            nights: Vec::new(),
            threat_nights: Vec::new(),
            draws: Vec::new(),
            at: (0, 0),
            noted_at: false,
            layout: plan.layout,
            too_many: false,
        };
        work.type_exhausted.fill(0);
        let result = general_trial(
            plan,
            &plan.world(),
            &mut rng,
            &mut noted,
            &mut work,
            &mut tally,
        );
        if rng != untouched || noted.too_many {
            return None;
        }
        tally.settle(plan);
        let sums = tally.chunk;
        for night in &mut noted.nights {
            night.leakers = sums[night.night * NIGHT_FIELDS + 2];
            // A kill left to chance tonight engaged a missile that leaks
            // unless it is killed, so no such night is fully defended in
            // the fixed sums: it is counted trial by trial.
            debug_assert_eq!(sums[night.night * NIGHT_FIELDS + 6], 0);
        }
        Some(FixedNights {
            bins: tally
                .stock_bins
                .iter()
                .enumerate()
                .filter(|&(_, &count)| count > 0)
                .map(|(bin, _)| bin)
                .collect(),
            sums,
            result,
            type_exhausted: work.type_exhausted.to_vec(),
            dry: work.dry.to_vec(),
            nights: noted.nights,
            threat_nights: noted.threat_nights,
            draws: noted.draws,
        })
    }

    /// One trial: the noted draws, and the leakers they leave.
    #[inline]
    fn trial(&self, rng: &mut WyRand, work: &mut Workspace, tally: &mut Tally) -> TrialResult {
        if tally.killed.is_empty() {
            tally.killed = vec![0; tally.chunk.len()];
        }
        let (mut threat_night, mut draw) = (0, 0);
        let mut killed_in_trial = 0;
        for night in &self.nights {
            let mut killed_tonight = 0;
            for one in &self.threat_nights[threat_night..night.threat_nights_end] {
                let killed: u64 = self.draws[draw..one.draws_end]
                    .iter()
                    .map(|&(kills, engaged)| kills.draw(engaged, rng))
                    .sum();
                draw = one.draws_end;
                tally.killed[one.total_at] += killed;
                if let Some(at) = one.night_at {
                    tally.killed[at] += killed;
                }
                killed_tonight += killed;
            }
            threat_night = night.threat_nights_end;
            let row = night.night * NIGHT_FIELDS;
            tally.killed[row + 2] += killed_tonight;
            tally.chunk[row + 6] += u64::from(killed_tonight == night.leakers);
            killed_in_trial += killed_tonight;
        }
        tally.fixed_trials += 1;
        work.type_exhausted.copy_from_slice(&self.type_exhausted);
        work.dry.copy_from_slice(&self.dry);
        TrialResult {
            leakers: self.result.leakers - killed_in_trial,
            ..self.result
        }
    }
}

/// Runs trial `trial` into `tally`; by `fixed` when the run has fixed
/// nights.
fn run_trial<'a>(
    plan: &Plan<'a>,
    fixed: Option<&FixedNights<'_>>,
    trial: u64,
    work: &mut Workspace,
    drawn: &mut Option<Drawn<'a>>,
    tally: &mut Tally,
) -> TrialResult {
    let mut rng = WyRand::for_trial(plan.seed, trial);
    // The trial's own nights of exhaustion and of running dry, which
    // every way of running it sets from 0.
    work.type_exhausted.fill(0);
    work.dry.fill(0);
    // The short form's loop or the general rule, in `world`.
    let mut trial_in =
        |world: &World<'_, '_>, work: &mut Workspace, tally: &mut Tally| match &plan.simple {
            Some(simple) => simple_trial(plan, simple, world, &mut rng, work, tally),
            None if plan.salvo_loop => {
                salvo_trial::<SALVO_LOOP_WIDTH>(plan, world, &mut rng, work, tally)
            }
            None => general_trial(plan, world, &mut rng, &mut DrawKills, work, tally),
        };
    let mut result = match (fixed, &mut *drawn) {
        (Some(fixed), _) => fixed.trial(&mut rng, work, tally),
        (None, None) => trial_in(&plan.world(), work, tally),
        (None, Some(drawn)) => {
            plan.draw(trial, drawn);
            let world = World {
                threats: &drawn.threats,
                deliveries: &drawn.deliveries,
                delivered: &drawn.delivered,
                stockpile: &drawn.stockpile,
                on_hand: &drawn.on_hand,
                arrivals: &drawn.arrivals,
            };
            let result = trial_in(&world, work, tally);
            if let Some((_, at)) = plan.layout.drawn_supply {
                for t in 0..plan.types {
                    tally.chunk[at + 2 * t] += drawn.stockpile[t];
                    tally.chunk[at + 2 * t + 1] += drawn.delivered_by_type[t];
                }
            }
            if let Some(at) = plan.layout.drawn_arsenal {
                for (i, made) in drawn.arrivals.iter().enumerate() {
                    if made.is_some() {
                        tally.chunk[at + 2 * i] += drawn.on_hand[i];
                        tally.chunk[at + 2 * i + 1] += drawn.made[i];
                    }
                }
            }
            result
        }
    };
    match drawn {
        Some(drawn) => {
            result.delivered = total(&drawn.delivered_by_type);
            result.expended = total(&drawn.stockpile) + result.delivered - result.final_stock;
            tally.record_drivers(&result, drawn);
        }
        None => {
            result.delivered = plan.delivered_total;
            result.expended = plan.stockpile + plan.delivered_total - result.final_stock;
        }
    }
    tally.record(&result, work);
    result
}

impl<'a> Plan<'a> {
    /// With `reference`, every trial runs the general engagement rule and
    /// every threat every night, with nothing worked out ahead (no short
    /// form, no `engage_salvos`, no idle threat-nights, no skipped launch,
    /// every exhaustion check walked in full), as the ways to the same
    /// figures written for speed are tested against it.
    fn new(scenario: &'a Scenario, seed: u64, band: bool, reference: bool) -> Plan<'a> {
        let deliveries = delivery_table(scenario);
        let types = scenario.interceptors.len();
        let horizon = scenario.horizon_nights;
        let delivered: Vec<u64> = deliveries
            .chunks(types.max(1))
            .map(|night| night.iter().sum())
            .collect();
        let reserve_holder =
            reserve_holders(types, scenario.threats.iter().map(|t| t.tiers.as_slice()));
        // Electronic warfare or discrimination drawn per trial: neither the
        // plain launch nor the short form's loop draws it.
        let attack_shares_drawn = scenario.uncertain.iter().any(|u| {
            matches!(
                u.input,
                Input::LostToEw { .. } | Input::Discrimination { .. }
            )
        });
        let threats: Vec<PreparedThreat<'a>> = scenario
            .threats
            .iter()
            .enumerate()
            .map(|(index, threat)| PreparedThreat {
                raids: Chance::new(threat.raid_probability),
                sampler: RaidSampler::new(&threat.raid, horizon),
                tiers: threat
                    .tiers
                    .iter()
                    .map(|tier| {
                        tier.iter()
                            .map(|e| {
                                let t = e.interceptor;
                                let kept = if reserve_holder[t] == Some(index) {
                                    0
                                } else {
                                    scenario.interceptors[t].reserve
                                };
                                PreparedEngagement::new(e, kept)
                            })
                            .collect()
                    })
                    .collect(),
                attack: PreparedAttack::new(threat),
                decoy: threat.decoy.is_some(),
                plain: threat.arsenal.is_none()
                    && threat.decoy.is_none()
                    && threat.lost_to_ew == 0.0
                    && !attack_shares_drawn,
                preferred: preferred_type(threat),
            })
            .collect();
        let simple = match (
            scenario.interceptors.as_slice(),
            scenario.threats.as_slice(),
        ) {
            ([interceptor], [threat])
                if !reference
                    && interceptor.fire_capacity.is_none()
                    && threat.tiers.len() == 1
                    && threat.tiers[0].len() == 1
                    && threat.tiers[0][0].rationed.is_none()
                    && threat.tiers[0][0].kill.doctrine == Doctrine::Salvo
                    // The one threat holds the one type's reserve, so it
                    // keeps none back.
                    && threats[0].tiers[0][0].kept == 0
                    && threat
                        .arsenal
                        .as_ref()
                        .is_none_or(|a| a.tactic == crate::model::Tactic::Steady)
                    && threat.decoy.is_none()
                    && threat.lost_to_ew == 0.0
                    && !attack_shares_drawn =>
            {
                Some(Simple {
                    interceptors_per_kill: u64::from(threat.tiers[0][0].kill.interceptors_per_kill),
                    arsenal: threat.arsenal.is_some(),
                })
            }
            _ => None,
        };
        let costs_known = scenario.interceptors.iter().all(|t| t.unit_cost.is_some());
        // The largest any 64-bit sum over one trial can reach: every raid
        // at its largest, or all the stock there could ever be
        // ([`Plan::most_supply`], once the plan is made).
        let most = MAX_COUNT
            .saturating_mul(scenario.threats.len() as u64)
            .saturating_mul(u64::from(horizon))
            .max(1);
        let idle: Vec<bool> = (1..=horizon)
            .flat_map(|night| {
                threats.iter().enumerate().map(move |(index, prepared)| {
                    !reference
                        && prepared.attack.plans_raids()
                        && !scenario.uncertain.iter().any(|u| {
                            matches!(u.input,
                                Input::RaidProbability { threat } | Input::RaidMean { threat }
                                    if threat == index)
                        })
                        && (prepared.raids == Chance::Never
                            || (prepared.raids == Chance::Always
                                && matches!(&prepared.sampler, RaidSampler::Fixed(nights)
                                    if nights[night as usize - 1] == 0)))
                })
            })
            .collect();
        // Every threat is idle (an arsenal's arrivals still come); with no
        // threat at all, every night is.
        let quiet: Vec<bool> = (0..horizon as usize)
            .map(|i| {
                idle[i * threats.len()..(i + 1) * threats.len()]
                    .iter()
                    .all(|&idle| idle)
            })
            .collect();
        let mut quiet_until: Vec<usize> = (0..quiet.len()).collect();
        for i in (0..quiet.len()).rev() {
            if quiet[i] {
                quiet_until[i] = quiet_until.get(i + 1).copied().unwrap_or(quiet.len());
            }
        }
        let arrivals = arsenal_arrivals(scenario);
        // Engagements whose kill models are drawn, and which inputs draw
        // them.
        let mut drawn_kills: Vec<(usize, usize, usize)> = Vec::new();
        let kill_inputs: Vec<Vec<usize>> = scenario
            .uncertain
            .iter()
            .map(|u| match &u.input {
                Input::Pk { engagements }
                | Input::Reliability { engagements }
                | Input::KillAssessment { engagements } => engagements
                    .iter()
                    .map(|&e| match drawn_kills.iter().position(|&d| d == e) {
                        Some(j) => j,
                        None => {
                            drawn_kills.push(e);
                            drawn_kills.len() - 1
                        }
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        let mut plan = Plan {
            scenario,
            seed,
            horizon,
            types,
            // Set below, from the plan's most stock.
            bin_shift: Vec::new(),
            bins: if band { band_bins(types, horizon) } else { 0 },
            deliveries,
            delivered_total: delivered.iter().sum(),
            delivered,
            stockpile: scenario.interceptors.iter().map(|t| t.stockpile).sum(),
            stockpiles: scenario.interceptors.iter().map(|t| t.stockpile).collect(),
            on_hand: scenario
                .threats
                .iter()
                .map(|t| t.arsenal.as_ref().map_or(0, |a| a.on_hand))
                .collect(),
            streams: scenario.uncertain.iter().map(|u| u.stream(seed)).collect(),
            redraw_deliveries: scenario.uncertain.iter().any(|u| {
                matches!(
                    u.input,
                    Input::DeliveryCount { .. } | Input::Production { .. }
                )
            }),
            drawn_kills,
            kill_inputs,
            threats,
            costs_known,
            needs: Needs::new(scenario, !reference),
            reserve_holder,
            quiet_until,
            monotone: scenario
                .threats
                .iter()
                .all(|t| t.engagements().all(|e| e.rationed.is_none())),
            spans: Vec::new(),
            span_at: Vec::new(),
            span_arrivals: Vec::new(),
            idle,
            arrivals,
            limited: (0..types)
                .filter(|&t| scenario.interceptors[t].fire_capacity.is_some())
                .collect(),
            simple,
            reference,
            salvos: !reference
                && scenario.threats.iter().all(|t| {
                    t.engagements().all(|e| {
                        e.kill.doctrine == Doctrine::Salvo
                            && e.rationed
                                .is_none_or(|(_, kill)| kill.doctrine == Doctrine::Salvo)
                    })
                }),
            layout: Layout::new(
                horizon as usize,
                types,
                scenario.threats.len(),
                Parts {
                    costs: costs_known,
                    band,
                    arsenals: scenario.threats.iter().any(|t| t.arsenal.is_some()),
                    drawn_supply: scenario.uncertain.iter().any(|u| {
                        matches!(
                            u.input,
                            Input::Stockpile { .. }
                                | Input::DeliveryCount { .. }
                                | Input::Production { .. }
                        )
                    }),
                    drawn_arsenal: scenario.uncertain.iter().any(|u| {
                        matches!(
                            u.input,
                            Input::ArsenalOnHand { .. } | Input::ArsenalProduction { .. }
                        )
                    }),
                },
            ),
            chunk: 1,
            salvo_loop: false,
        };
        plan.salvo_loop = plan.salvos
            && plan.limited.is_empty()
            && plan.monotone
            && plan.types <= SALVO_LOOP_WIDTH
            && plan.threats.len() <= SALVO_LOOP_WIDTH
            && plan
                .threats
                .iter()
                .all(|t| t.attack.plans_raids() && t.tiers.iter().flatten().all(|e| e.kept == 0));
        if !reference && !band && plan.monotone && scenario.uncertain.is_empty() {
            // Night 1 checks its stock whatever it is, so no run starts
            // there.
            if plan.quiet_until.first().is_some_and(|&until| until > 1) {
                plan.quiet_until[0] = 1;
            }
            plan.span_at = vec![u32::MAX; horizon as usize];
            let mut i = 1;
            while i < horizon as usize {
                let until = plan.quiet_until[i];
                if until > i {
                    plan.span_at[i] = plan.spans.len() as u32;
                    let (span, arrivals) = QuietSpan::new(&plan, i..until);
                    plan.spans.push(span);
                    plan.span_arrivals.extend(arrivals);
                    i = until;
                } else {
                    i += 1;
                }
            }
        }
        let most = most.max(plan.most_supply());
        plan.chunk = (u64::MAX / most).clamp(1, CHUNK);
        if band {
            plan.bin_shift = bin_shifts(&plan.most_stock(), plan.bins);
        }
        plan
    }
}

impl<'a> Plan<'a> {
    /// Sums a trial adds as it starts a [`QuietSpan`]: the stock, then
    /// each threat's arsenal where the nights' arsenals are kept.
    fn span_width(&self) -> usize {
        1 + if self.layout.arsenal_nights.is_some() {
            self.layout.threats
        } else {
            0
        }
    }

    /// The world of every trial, when the scenario has no uncertain inputs.
    fn world(&self) -> World<'_, 'a> {
        World {
            threats: &self.threats,
            deliveries: &self.deliveries,
            delivered: &self.delivered,
            stockpile: &self.stockpiles,
            on_hand: &self.on_hand,
            arrivals: &self.arrivals,
        }
    }

    /// A trial world to draw into, when the scenario has uncertain inputs.
    fn drawn(&self) -> Option<Drawn<'a>> {
        let inputs = self.scenario.uncertain.len();
        (inputs > 0).then(|| Drawn {
            delivered_by_type: (0..self.types)
                .map(|t| self.deliveries.iter().skip(t).step_by(self.types).sum())
                .collect(),
            made: self
                .arrivals
                .iter()
                .map(|made| made.as_ref().map_or(0, |made| made.iter().sum()))
                .collect(),
            threats: self.threats.clone(),
            deliveries: self.deliveries.clone(),
            delivered: self.delivered.clone(),
            stockpile: self.stockpiles.clone(),
            on_hand: self.on_hand.clone(),
            arrivals: self.arrivals.clone(),
            values: vec![0.0; inputs],
            scores: vec![0.0; inputs],
        })
    }

    /// Draws trial `trial`'s uncertain inputs into `drawn`, from each
    /// input's own stream, and makes the world they give: every part they
    /// touch starts again from the plan's.
    fn draw(&self, trial: u64, drawn: &mut Drawn<'a>) {
        let scenario = self.scenario;
        for (i, input) in scenario.uncertain.iter().enumerate() {
            let u = input.uniform(self.streams[i], trial);
            let x = input.value_at(u);
            drawn.values[i] = x;
            drawn.scores[i] = input.range.score(x, input.whole, u);
        }
        self.make_world(drawn);
    }

    /// Makes the world that `drawn.values` give: every part they touch
    /// starts again from the plan's.
    fn make_world(&self, drawn: &mut Drawn<'a>) {
        let scenario = self.scenario;
        drawn.stockpile.copy_from_slice(&self.stockpiles);
        drawn.on_hand.copy_from_slice(&self.on_hand);
        let mut kills: Vec<(KillModel, Option<(u64, KillModel)>)> = self
            .drawn_kills
            .iter()
            .map(|&(threat, tier, place)| {
                let e = &scenario.threats[threat].tiers[tier][place];
                (e.kill, e.rationed)
            })
            .collect();
        let mut counts: Vec<u64> = Vec::new();
        let mut scale: Vec<f64> = Vec::new();
        if self.redraw_deliveries {
            counts = scenario.deliveries.iter().map(|d| d.count).collect();
            scale = vec![1.0; scenario.production.len()];
        }
        let mut arsenal_scale: Vec<Option<Vec<f64>>> = Vec::new();
        for (i, input) in scenario.uncertain.iter().enumerate() {
            let x = drawn.values[i];
            // A rate drawn as x scales the line's output by x over the mean
            // the plan holds.
            let ratio = {
                let mean = input.mean();
                if mean > 0.0 { x / mean } else { 0.0 }
            };
            let set_kill = |kills: &mut Vec<(KillModel, Option<(u64, KillModel)>)>,
                            field: fn(&mut KillModel) -> &mut f64| {
                for &j in &self.kill_inputs[i] {
                    let (kill, rationed) = &mut kills[j];
                    *field(kill) = x;
                    if let Some((_, rationed)) = rationed {
                        *field(rationed) = x;
                    }
                }
            };
            match &input.input {
                Input::Stockpile { interceptor } => drawn.stockpile[*interceptor] = x as u64,
                Input::DeliveryCount { delivery } => counts[*delivery] = x as u64,
                // A line's rate and share may both be drawn: their ratios
                // multiply.
                Input::Production { line } => scale[*line] *= ratio,
                Input::Pk { .. } => set_kill(&mut kills, |k| &mut k.pk),
                Input::Reliability { .. } => set_kill(&mut kills, |k| &mut k.reliability),
                Input::KillAssessment { .. } => set_kill(&mut kills, |k| &mut k.kill_assessment),
                Input::RaidProbability { threat } => {
                    drawn.threats[*threat].raids = Chance::new(x);
                }
                Input::RaidMean { threat } => {
                    drawn.threats[*threat].sampler =
                        RaidSampler::with_mean(&scenario.threats[*threat].raid, x, self.horizon);
                }
                // Costs change no engagement; a trial's spend is its
                // interceptors times the cost it drew, whose mean over
                // trials is the mean expended times the mean cost, as the
                // two are drawn independently.
                Input::InterceptorCost { .. } | Input::ThreatCost { .. } => {}
                Input::ArsenalOnHand { threat } => drawn.on_hand[*threat] = x as u64,
                Input::ArsenalProduction { threat, line } => {
                    if arsenal_scale.is_empty() {
                        arsenal_scale = scenario
                            .threats
                            .iter()
                            .map(|t| t.arsenal.as_ref().map(|a| vec![1.0; a.production.len()]))
                            .collect();
                    }
                    if let Some(lines) = &mut arsenal_scale[*threat] {
                        lines[*line] *= ratio;
                    }
                }
                Input::LostToEw { threat } => {
                    drawn.threats[*threat].attack.lost_to_ew = Share::untabled(x);
                }
                Input::Discrimination { threat } => {
                    drawn.threats[*threat].attack.discrimination = Some(Share::untabled(x));
                }
            }
        }
        for (j, &(threat, tier, place)) in self.drawn_kills.iter().enumerate() {
            let (kill, rationed) = kills[j];
            let e = &mut drawn.threats[threat].tiers[tier][place];
            e.engagement.kill = kill;
            e.engagement.rationed = rationed;
            e.draws = Draws::untabled(&kill);
            e.rationed_draws = rationed.map(|(_, k)| Draws::untabled(&k));
        }
        if self.redraw_deliveries {
            drawn.deliveries = delivery_table_with(scenario, &counts, &scale);
            drawn.delivered_by_type.fill(0);
            for (night, total) in drawn
                .deliveries
                .chunks(self.types.max(1))
                .zip(drawn.delivered.iter_mut())
            {
                *total = night.iter().sum();
                add_each(&mut drawn.delivered_by_type, night);
            }
        }
        for (index, lines) in arsenal_scale.iter().enumerate() {
            if let (Some(lines), Some(arsenal)) = (lines, &scenario.threats[index].arsenal) {
                let made = arsenal_arrivals_with(arsenal, lines, self.horizon);
                drawn.made[index] = made.iter().sum();
                drawn.arrivals[index] = Some(made);
            }
        }
    }

    /// The most stock each type can hold: its stockpile and every delivery,
    /// with every range at its top (a drawn stockpile or delivery above the
    /// plan's own once overran the band's bins: a fuzz finding, an index
    /// out of bounds in `run --mode monte-carlo --chart`).
    fn most_stock(&self) -> Vec<u64> {
        let per_type = |stockpile: &[u64], deliveries: &[u64]| -> Vec<u64> {
            (0..self.types)
                .map(|t| {
                    deliveries
                        .iter()
                        .skip(t)
                        .step_by(self.types)
                        .fold(stockpile[t], |sum, &n| sum.saturating_add(n))
                })
                .collect()
        };
        match self.top_world() {
            None => per_type(&self.stockpiles, &self.deliveries),
            Some(top) => per_type(&top.stockpile, &top.deliveries),
        }
    }

    /// With uncertain inputs, the world with every input at the top of its
    /// range, where stocks, deliveries, arsenals and production are largest
    /// (they all grow with their inputs); `None` without any.
    fn top_world(&self) -> Option<Drawn<'a>> {
        let mut drawn = self.drawn()?;
        for (value, input) in drawn.values.iter_mut().zip(&self.scenario.uncertain) {
            *value = input.range.high();
        }
        self.make_world(&mut drawn);
        Some(drawn)
    }

    /// The most any trial can hold, interceptors and arsenals together:
    /// with uncertain inputs, the world with every input at the top of its
    /// range (stocks, deliveries and production all grow with their
    /// inputs).
    fn most_supply(&self) -> u64 {
        let total = |stockpile: &[u64],
                     delivered: &[u64],
                     on_hand: &[u64],
                     arrivals: &[Option<Vec<u64>>]| {
            let made = arrivals.iter().flatten().flatten();
            stockpile
                .iter()
                .chain(delivered)
                .chain(on_hand)
                .chain(made)
                .fold(0u64, |sum, &n| sum.saturating_add(n))
        };
        match self.top_world() {
            None => total(
                &self.stockpiles,
                &self.delivered,
                &self.on_hand,
                &self.arrivals,
            ),
            Some(top) => total(&top.stockpile, &top.delivered, &top.on_hand, &top.arrivals),
        }
    }
}

/// Runs `trials` trials and adds them up.
fn run(plan: &Plan<'_>, trials: u64, progress: Progress<'_>) -> Tally {
    let fixed = FixedNights::new(plan);
    let fixed = fixed.as_ref();
    let chunks = trials.div_ceil(plan.chunk);
    (0..chunks)
        .into_par_iter()
        .fold(
            || {
                (
                    Tally::new(plan),
                    Workspace::new(plan.types, plan.threats.len()),
                    plan.drawn(),
                )
            },
            |(mut tally, mut work, mut drawn), chunk| {
                let first = chunk * plan.chunk;
                let last = (first + plan.chunk).min(trials);
                for trial in first..last {
                    run_trial(plan, fixed, trial, &mut work, &mut drawn, &mut tally);
                }
                tally.flush(plan, fixed);
                progress(last - first);
                (tally, work, drawn)
            },
        )
        .map(|(tally, _, _)| tally)
        .reduce(|| Tally::new(plan), Tally::merge)
}

/// Runs `trials` trials from `seed` and summarizes them.
pub fn simulate(scenario: &Scenario, trials: u64, seed: u64, progress: Progress<'_>) -> Simulation {
    let plan = Plan::new(scenario, seed, false, false);
    let tally = run(&plan, trials, progress);
    summarize(&plan, trials, &tally)
}

/// Runs `trials` trials from `seed` and summarizes them, with the median
/// stock of each type night by night and its 5–95% band, and each threat's
/// mean leakers night by night.
pub fn simulate_with_band(
    scenario: &Scenario,
    trials: u64,
    seed: u64,
    progress: Progress<'_>,
) -> Simulation {
    banded(&Plan::new(scenario, seed, true, false), trials, progress)
}

/// The trials of `plan`, made with the band, summarized with it.
fn banded(plan: &Plan<'_>, trials: u64, progress: Progress<'_>) -> Simulation {
    let tally = run(plan, trials, progress);
    let mut simulation = summarize(plan, trials, &tally);
    simulation.stock = stock_band(plan, trials, &tally.stock_bins);
    let n = trials.max(1) as f64;
    if let Some(at) = plan.layout.threat_leakers {
        let len = plan.layout.horizon * plan.layout.threats;
        simulation.threat_leakers = tally.sums[at..at + len]
            .iter()
            .map(|&sum| sum as f64 / n)
            .collect();
    }
    simulation
}

/// [`simulate`] by the general rule alone, for tests and checks: every
/// trial by the general engagement rule, every threat every night, with
/// nothing worked out ahead ([`Plan::new`] with `reference`). It must give
/// exactly what [`simulate`] gives, or with `band` what
/// [`simulate_with_band`] gives.
pub fn simulate_by_general_rule(
    scenario: &Scenario,
    trials: u64,
    seed: u64,
    band: bool,
) -> Simulation {
    let plan = Plan::new(scenario, seed, band, true);
    if band {
        return banded(&plan, trials, &|_| {});
    }
    let tally = run(&plan, trials, &|_| {});
    summarize(&plan, trials, &tally)
}

/// Whether a run of `scenario` works every figure but the leakers out
/// once and draws only the kills in each trial: its trials draw nothing but
/// salvo kills, and a kill changes nothing but what leaks (see the module
/// docs).
pub fn takes_fixed_nights(scenario: &Scenario) -> bool {
    FixedNights::new(&Plan::new(scenario, 0, false, false)).is_some()
}

/// Whether a run of `scenario` whose trials do not draw only kills takes
/// the short form's loop ([`Simple`], and the module docs) rather than the
/// general rule.
pub fn takes_short_form_loop(scenario: &Scenario) -> bool {
    Plan::new(scenario, 0, false, false).simple.is_some()
}

/// Whether the trials of a run of `scenario` take the salvo loop
/// ([`salvo_trial`], and the module docs): they draw more than kills, the
/// scenario is not of the short form's shape, it has at most
/// `SALVO_LOOP_WIDTH` (8) types and threats, and its every engagement
/// fires salvos from the stock alone (no fire capacity, rationing or
/// reserve to leave) at steady threats.
pub fn takes_salvo_loop(scenario: &Scenario) -> bool {
    let plan = Plan::new(scenario, 0, false, false);
    plan.salvo_loop && plan.simple.is_none() && FixedNights::new(&plan).is_none()
}

/// How many runs of quiet nights a run of `scenario` (without the stock
/// band) settles once per chunk rather than walks night by night in each
/// trial ([`QuietSpan`], and the module docs).
pub fn quiet_spans(scenario: &Scenario) -> usize {
    Plan::new(scenario, 0, false, false).spans.len()
}

/// Each trial's own figures, in trial order, for tests and checks: the
/// same trials as [`simulate`] runs, kept one by one (memory grows with the
/// trials). With `general`, the general engagement rule runs every trial,
/// every threat every night, as in [`simulate_by_general_rule`].
pub fn trial_results(
    scenario: &Scenario,
    trials: u64,
    seed: u64,
    general: bool,
) -> Vec<TrialResult> {
    let plan = Plan::new(scenario, seed, false, general);
    let mut work = Workspace::new(plan.types, plan.threats.len());
    let mut tally = Tally::new(&plan);
    let mut drawn = plan.drawn();
    let fixed = FixedNights::new(&plan);
    (0..trials)
        .map(|trial| {
            let result = run_trial(
                &plan,
                fixed.as_ref(),
                trial,
                &mut work,
                &mut drawn,
                &mut tally,
            );
            tally.flush(&plan, fixed.as_ref());
            result
        })
        .collect()
}

/// The stock bin width of each type, as a power of two: the smallest that
/// fits `most`, the most the type can hold, into `bins` bins.
fn bin_shifts(most: &[u64], bins: usize) -> Vec<u32> {
    most.iter()
        .map(|&most| (0..64).find(|&s| (most >> s) < bins as u64).unwrap_or(63))
        .collect()
}

/// Median and 5th and 95th percentiles (nearest rank) of each type's stock
/// on each night, from the bins: a bin's value is the middle of the stock
/// values it holds that can occur.
fn stock_band(plan: &Plan<'_>, trials: u64, bins: &[u32]) -> StockPaths {
    let types = plan.types;
    // Once per type, not per row: the deliveries span the horizon, so
    // summing them on every night's row cost horizon² × types (a fuzz
    // finding: minutes for one 100,000-night chart).
    let most_stock = plan.most_stock();
    let mut paths = StockPaths {
        types,
        ..StockPaths::default()
    };
    for (row, counts) in bins.chunks(plan.bins.max(1)).enumerate() {
        let t = row % types.max(1);
        let shift = plan.bin_shift[t];
        let most = most_stock[t];
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

fn summarize(plan: &Plan<'_>, trials: u64, tally: &Tally) -> Simulation {
    let scenario = plan.scenario;
    let layout = plan.layout;
    let sums = &tally.sums;
    let horizon = plan.horizon;
    let types = plan.types;
    let n = trials as f64;
    let mean = |sum: u128| sum as f64 / n;

    // Nights fully defended: the night before a trial's first shortfall,
    // the horizon for a trial without one.
    let mut fully_defended = NightHistogram::new(horizon);
    for (night, count) in tally.first_shortfall.iter() {
        let nights = if night > u64::from(horizon) {
            u64::from(horizon)
        } else {
            night - 1
        };
        fully_defended.add_many(nights, count);
    }
    let nights_fully_defended = fully_defended.spread(false);
    let first_shortfall = tally.first_shortfall.spread(true);
    let exhausted_night = tally.exhausted.spread(true);
    let leakers = tally.leakers.spread();
    let lasted = tally.first_shortfall.count(tally.first_shortfall.never());

    let mut by_interceptor = interceptor_summaries(scenario);
    let mut spend = 0.0;
    for (t, summary) in by_interceptor.iter_mut().enumerate() {
        // Stockpile and deliveries over all trials: the same in each, or
        // summed trial by trial when drawn.
        let (stockpile_sum, delivered_sum) = match layout.drawn_supply {
            Some((_, at)) => (sums[at + 2 * t], sums[at + 2 * t + 1]),
            None => {
                let delivered: u64 = (0..horizon as usize)
                    .map(|i| plan.deliveries[i * types + t])
                    .sum();
                (
                    u128::from(scenario.interceptors[t].stockpile) * u128::from(trials),
                    u128::from(delivered) * u128::from(trials),
                )
            }
        };
        summary.stockpile = mean(stockpile_sum);
        summary.delivered = mean(delivered_sum);
        let final_sum = sums[layout.final_stock + t];
        summary.final_stock = mean(final_sum);
        summary.expended = mean(stockpile_sum + delivered_sum - final_sum);
        summary.exhausted_night = tally.type_exhausted[t].spread(true).p50;
        spend += summary.expended * scenario.interceptors[t].unit_cost.unwrap_or(0.0);
    }
    let mut by_threat = threat_summaries(scenario);
    let mut threat_cost = 0.0;
    let mut decoys: Option<DecoyCounts> = scenario
        .threats
        .iter()
        .any(|t| t.decoy.is_some())
        .then(DecoyCounts::default);
    for (i, summary) in by_threat.iter_mut().enumerate() {
        let at = layout.threat_totals + i * THREAT_FIELDS;
        summary.launched = mean(sums[at]);
        summary.engaged = mean(sums[at + 1]);
        summary.leakers = mean(sums[at + 2]);
        summary.lost_to_ew = mean(sums[at + 3]);
        if let Some(d) = &mut summary.decoys {
            *d = DecoyCounts {
                destroyed: mean(sums[at + 4]),
                missed: mean(sums[at + 5]),
                unengaged: mean(sums[at + 6]),
            };
            if let Some(all) = &mut decoys {
                all.add(d);
            }
        }
        if let Some(made) = &plan.arrivals[i] {
            match layout.drawn_arsenal {
                Some(at) => {
                    summary.arsenal_start = Some(mean(sums[at + 2 * i]));
                    summary.produced = Some(mean(sums[at + 2 * i + 1]));
                }
                None => summary.produced = Some(made.iter().sum::<u64>() as f64),
            }
            summary.arsenal_end = Some(mean(sums[layout.arsenal_end + i]));
            summary.dry_night = Some(tally.dry[i].spread(true).p50);
        }
        threat_cost += summary.launched * scenario.threats[i].unit_cost.unwrap_or(0.0);
    }
    let runs_out_first = runs_out_first(scenario, tally, trials);
    let any_ew = scenario.threats.iter().any(|t| t.lost_to_ew > 0.0);

    // Sums over trials, in whole numbers: a night starts with the previous
    // night's stock, and expended = start + delivered − end, exactly.
    let stockpile_sum: u128 = match layout.drawn_supply {
        Some((_, at)) => (0..types).map(|t| sums[at + 2 * t]).sum(),
        None => {
            u128::from(trials)
                * scenario
                    .interceptors
                    .iter()
                    .map(|t| u128::from(t.stockpile))
                    .sum::<u128>()
        }
    };
    let mut start_sum = stockpile_sum;
    let mut total = [0u128; 8];
    let nights: Vec<NightRecord> = (1..=horizon)
        .map(|night| {
            let i = night as usize - 1;
            let sum = |f: usize| sums[i * NIGHT_FIELDS + f];
            for (f, t) in total.iter_mut().enumerate() {
                *t += sum(f);
            }
            let delivered_sum = match layout.drawn_supply {
                Some((at, _)) => sums[at + i],
                None => u128::from(plan.delivered[i]) * u128::from(trials),
            };
            let end_sum = sum(3);
            let record = NightRecord {
                night,
                date: scenario.date_of(night),
                stock_start: mean(start_sum),
                delivered: mean(delivered_sum),
                launched: mean(sum(0)),
                engaged: mean(sum(1)),
                expended: mean(start_sum + delivered_sum - end_sum),
                leakers: mean(sum(2)),
                stock_end: mean(end_sum),
                p_night_without_leakers: mean(sum(6)),
                leaked_for_stock: mean(sum(4)),
                leaked_for_capacity: mean(sum(5)),
                lost_to_ew: any_ew.then(|| mean(sum(7))),
                arsenal_end: layout.arsenal_nights.map(|at| {
                    let row = &sums[at + i * layout.threats..at + (i + 1) * layout.threats];
                    mean(row.iter().sum())
                }),
                interceptor_spend: layout.expended_by_type.map(|at| {
                    scenario
                        .interceptors
                        .iter()
                        .enumerate()
                        .map(|(t, interceptor)| {
                            mean(sums[at + i * types + t]) * interceptor.unit_cost.unwrap_or(0.0)
                        })
                        .sum()
                }),
            };
            start_sum = end_sum;
            record
        })
        .collect();
    let delivered_sum: u128 = match layout.drawn_supply {
        Some((at, _)) => sums[at..at + horizon as usize].iter().sum(),
        None => u128::from(plan.delivered_total) * u128::from(trials),
    };
    let final_sum: u128 = (0..types).map(|t| sums[layout.final_stock + t]).sum();

    let totals = PathTotals {
        first_shortfall_night: first_shortfall.p50.map(|night| night as u32),
        exhausted_night: exhausted_night.p50.map(|night| night as u32),
        launched: mean(total[0]),
        engaged: mean(total[1]),
        leakers: mean(total[2]),
        expended: mean(stockpile_sum + delivered_sum - final_sum),
        delivered: mean(delivered_sum),
        final_stock: mean(final_sum),
        leaked_for_stock: mean(total[4]),
        leaked_for_capacity: mean(total[5]),
        lost_to_ew: mean(total[7]),
        decoys,
        runs_out_first: runs_out_first.0,
        interceptor_spend: plan.costs_known.then_some(spend),
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
    summary.seed = Some(plan.seed);
    summary.p_lasts_horizon = Some(lasted as f64 / n);
    summary.drivers = tally
        .drivers
        .as_ref()
        .map(|d| drivers(scenario, d, &fully_defended, tally, trials))
        .unwrap_or_default();
    summary.distribution = Some(Distributions {
        nights_fully_defended,
        first_shortfall_night: first_shortfall,
        exhausted_night,
        leakers,
        runs_out_first: runs_out_first.1,
    });
    Simulation {
        summary,
        nights,
        stock: StockPaths {
            types,
            ..StockPaths::default()
        },
        threat_leakers: Vec::new(),
        arsenal_nights: layout.arsenal_nights.map_or_else(Vec::new, |at| {
            let len = layout.horizon * layout.threats;
            sums[at..at + len].iter().map(|&sum| mean(sum)).collect()
        }),
    }
}

/// The rank correlation of each uncertain input with nights fully
/// defended, leakers and the first shortfall night, strongest first.
///
/// Each trial gives an input a rank score: the input's distribution
/// function at the value drawn (for a whole number the middle of its step),
/// its rank among all possible draws. A figure's values get mid-ranks from
/// their exact counts over the trials (tied values share one), as fractions
/// of the trials (a trial without a shortfall ranks after every night). The
/// correlation is Pearson's, over the trials, between the two: Spearman's
/// rank correlation with the input's population rank in place of its
/// sample rank, which needs only sums per distinct value of each figure,
/// not every trial. `None` where the input or the figure never varies.
fn drivers(
    scenario: &Scenario,
    d: &DriverSums,
    fully_defended: &NightHistogram,
    tally: &Tally,
    trials: u64,
) -> Vec<Driver> {
    const SCALE: f64 = 4_294_967_296.0;
    let n = trials.max(1) as f64;
    // Mid-ranks of a figure's values, as fractions of the trials.
    let ranks = |counts: &[(u64, u64)]| -> Vec<(u64, u64, f64)> {
        let mut below = 0u64;
        counts
            .iter()
            .map(|&(value, count)| {
                let rank = (below as f64 + (count as f64 + 1.0) / 2.0) / n;
                below += count;
                (value, count, rank)
            })
            .collect()
    };
    let nights_of = |h: &NightHistogram| -> Vec<(u64, u64)> { h.iter().collect() };
    let fully = ranks(&nights_of(fully_defended));
    let first = ranks(&nights_of(&tally.first_shortfall));
    let leaked = ranks(&tally.leakers.sorted());
    let correlation = |i: usize, figure: &[(u64, u64, f64)], sum_at: &dyn Fn(u64) -> u64| {
        let mean_u = d.moments[2 * i] as f64 / SCALE / n;
        let var_u = d.moments[2 * i + 1] as f64 / (SCALE * SCALE) / n - mean_u * mean_u;
        let mean_g: f64 = figure.iter().map(|&(_, c, g)| c as f64 * g).sum::<f64>() / n;
        let var_g = figure
            .iter()
            .map(|&(_, c, g)| c as f64 * g * g)
            .sum::<f64>()
            / n
            - mean_g * mean_g;
        let mean_ug = figure
            .iter()
            .map(|&(value, _, g)| g * sum_at(value) as f64 / SCALE)
            .sum::<f64>()
            / n;
        (var_u > 1e-12 && var_g > 1e-12)
            .then(|| ((mean_ug - mean_u * mean_g) / (var_u * var_g).sqrt()).clamp(-1.0, 1.0))
    };
    let mut drivers: Vec<Driver> = scenario
        .uncertain
        .iter()
        .enumerate()
        .map(|(i, input)| Driver {
            input: input.key.clone(),
            nights_fully_defended: correlation(i, &fully, &|v| {
                d.fully_defended[i * d.nights + v as usize]
            }),
            leakers: correlation(i, &leaked, &|v| d.leakers.get(&v).map_or(0, |s| s[i])),
            first_shortfall_night: correlation(i, &first, &|v| {
                d.first_shortfall[i * d.nights + v as usize]
            }),
        })
        .collect();
    // Strongest first: by the largest of the three (a stable sort keeps
    // ties in the order given).
    let strength = |d: &Driver| {
        [d.nights_fully_defended, d.leakers, d.first_shortfall_night]
            .into_iter()
            .flatten()
            .map(f64::abs)
            .fold(0.0, f64::max)
    };
    drivers.sort_by(|a, b| strength(b).total_cmp(&strength(a)));
    drivers
}

/// Who runs out first over the trials: the shares, the spread of the night
/// for each side, and the summary's figure: the side that ran out first in
/// more than half of the trials, with the median night of those trials and
/// what ran out most often in them (`None` when no side has a majority).
fn runs_out_first(
    scenario: &Scenario,
    tally: &Tally,
    trials: u64,
) -> (Option<RunsOutFirst>, RunsOutFirstShares) {
    let n = trials.max(1) as f64;
    let attack: u64 = tally.attack_names.iter().sum();
    let defence: u64 = tally.defence_names.iter().sum();
    let spread = |h: &NightHistogram, count: u64| (count > 0).then(|| h.spread(true));
    let shares = RunsOutFirstShares {
        attack: attack as f64 / n,
        defence: defence as f64 / n,
        neither: (trials - attack - defence) as f64 / n,
        attack_night: spread(&tally.attack_first, attack),
        defence_night: spread(&tally.defence_first, defence),
    };
    let most = |counts: &[u64]| {
        counts
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
            .map_or(0, |(i, _)| i)
    };
    let majority = |count: u64| 2 * count > trials;
    let summary = if majority(attack) {
        shares
            .attack_night
            .and_then(|s| s.p50)
            .map(|night| RunsOutFirst {
                side: Side::Attack,
                night,
                name: scenario.threats[most(&tally.attack_names)].name.clone(),
            })
    } else if majority(defence) {
        shares
            .defence_night
            .and_then(|s| s.p50)
            .map(|night| RunsOutFirst {
                side: Side::Defence,
                night,
                name: scenario.interceptors[most(&tally.defence_names)]
                    .name
                    .clone(),
            })
    } else {
        None
    };
    (summary, shares)
}

#[cfg(test)]
mod tabulate_tests {
    use super::*;

    /// Poisson(12) stops by the sum, as it always did: the tail beyond 48
    /// is Σ_{r≥49} e^−12 12^r / r! = 1.006e-15, a hair above 1e-15, and in
    /// f64 the sum reaches 1 − 1e-15 with 49 sizes (0 to 48); the seeded
    /// draws of every such scenario are unchanged. A negative binomial of
    /// mean 20 and dispersion 2 (ρ = 20/22), whose f64 sum stops at
    /// 1 − 1.6e-15, stops by the bound instead: P(r + 1)/(1 − c) with
    /// c = ρ(r + 3)/(r + 2) first falls below 1e-18 at r = 474, so 475
    /// sizes. The drones' NB of mean 120 (ρ = 120/122): P(r) = (r + 1)
    /// (2/122)² ρ^r, and the bound is 1.016e-18 at r = 2,737 and
    /// 9.998e-19 at r = 2,738, so 2,739 sizes.
    #[test]
    fn raids_whose_sum_rounds_short_of_one_are_tabulated() {
        assert_eq!(tabulate(&Raid::Poisson { mean: 12.0 }).unwrap().len(), 49);
        for (mean, dispersion, sizes) in [(20.0, 2.0, 475), (120.0, 2.0, 2739)] {
            let weights = tabulate(&Raid::NegativeBinomial { mean, dispersion }).unwrap();
            let sum: f64 = weights.iter().sum();
            assert!(sum > 1.0 - 1e-14, "{mean}: {sum}");
            assert_eq!(weights.len(), sizes, "{mean}");
        }
    }
}

#[cfg(test)]
mod small_count_tests {
    use super::*;

    /// Written out by length: [1, 2, 3] += [10, 20, 30] is [11, 22, 33];
    /// into a longer slice only the first entries move, and a longer `add`
    /// adds only as many as `into` holds, as a zip does.
    #[test]
    fn each_addition_is_made_once_over_the_shorter_slice() {
        let mut into = [1, 2, 3];
        add_each(&mut into, &[10, 20, 30]);
        assert_eq!(into, [11, 22, 33]);
        let mut into = [1, 2, 3, 4, 5];
        add_each(&mut into, &[10, 20]);
        assert_eq!(into, [11, 22, 3, 4, 5]);
        let mut into = [1, 2];
        add_each(&mut into, &[10, 20, 30, 40]);
        assert_eq!(into, [11, 22]);
        // 1 + 2 + 3 + 4 = 10; five entries, 1 to 5, sum to 15.
        assert_eq!(total(&[1, 2, 3, 4]), 10);
        assert_eq!(total(&[1, 2, 3, 4, 5]), 15);
        assert_eq!(total(&[]), 0);
    }

    proptest::proptest! {
        /// The written-out additions and sums are the zip and the sum they
        /// replace, for every pair of lengths up to 7.
        #[test]
        fn written_out_additions_are_the_zip(
            into in proptest::collection::vec(0u64..1 << 40, 0..7),
            add in proptest::collection::vec(0u64..1 << 40, 0..7),
        ) {
            let mut zipped = into.clone();
            for (sum, &value) in zipped.iter_mut().zip(&add) {
                *sum += value;
            }
            let mut written = into.clone();
            add_each(&mut written, &add);
            proptest::prop_assert_eq!(written, zipped);
            proptest::prop_assert_eq!(total(&into), into.iter().sum::<u64>());
        }
    }
}
