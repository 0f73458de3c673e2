//! Raid sizes: how many missiles of one threat come on a night.

/// The number of missiles a threat launches on a night when it raids.
#[derive(Debug, Clone, PartialEq)]
pub enum Raid {
    /// The same number every night.
    Every(u64),
    /// A non-empty pattern that repeats from night 1: night n launches
    /// `pattern[(n - 1) % pattern.len()]`.
    Pattern(Vec<u64>),
    /// Poisson with this mean.
    Poisson { mean: f64 },
    /// Negative binomial with this mean and dispersion k: variance
    /// mean + mean²/k, so quiet nights and huge nights are both likelier than
    /// under a Poisson of the same mean. Drawn as a Poisson whose mean is
    /// Gamma(shape k, scale mean/k).
    NegativeBinomial { mean: f64, dispersion: f64 },
    /// Uniform among the values.
    Choice(Vec<u64>),
    /// Nights replayed from a record of real raids (issue 8): night n
    /// launches `nights[n - 1]`; beyond the record, `after` (the record
    /// repeated, a distribution fitted to it, or none). Where the record
    /// came from is the scenario source's business
    /// ([`crate::scenario::Source::records`]), not the raid's.
    Record { nights: Vec<u64>, after: Box<Raid> },
}

impl Raid {
    /// Whether every night's size is fixed (no distribution is drawn from).
    pub fn is_fixed(&self) -> bool {
        match self {
            Raid::Every(_) | Raid::Pattern(_) => true,
            Raid::Record { after, .. } => after.is_fixed(),
            Raid::Poisson { .. } | Raid::NegativeBinomial { .. } | Raid::Choice(_) => false,
        }
    }

    /// The fixed size on `night` (nights count from 1), for fixed raids.
    pub fn fixed_on(&self, night: u32) -> Option<u64> {
        match self {
            Raid::Every(count) => Some(*count),
            Raid::Pattern(pattern) => Some(pattern[(night.max(1) - 1) as usize % pattern.len()]),
            Raid::Record { after, .. } => self.recorded(night).or_else(|| after.fixed_on(night)),
            _ => None,
        }
    }

    /// The mean size on `night`.
    pub fn mean_on(&self, night: u32) -> f64 {
        match self {
            Raid::Every(_) | Raid::Pattern(_) => self.fixed_on(night).unwrap_or(0) as f64,
            Raid::Record { after, .. } => self
                .recorded(night)
                .map_or_else(|| after.mean_on(night), |n| n as f64),
            _ => self.mean(),
        }
    }

    /// The average size over all nights (over one period of a pattern; over
    /// the nights of a record).
    pub fn mean(&self) -> f64 {
        let average = |values: &[u64]| values.iter().sum::<u64>() as f64 / values.len() as f64;
        match self {
            Raid::Every(count) => *count as f64,
            Raid::Pattern(values) | Raid::Choice(values) => average(values),
            Raid::Poisson { mean } | Raid::NegativeBinomial { mean, .. } => *mean,
            Raid::Record { nights, .. } => {
                nights.iter().sum::<u64>() as f64 / nights.len().max(1) as f64
            }
        }
    }

    /// A record's own count on `night` (from 1), if the record reaches it.
    fn recorded(&self, night: u32) -> Option<u64> {
        match self {
            Raid::Record { nights, .. } => {
                let index = (night as usize).checked_sub(1)?;
                nights.get(index).copied()
            }
            _ => None,
        }
    }

    /// E[q^R · 1{R ≤ capacity}] for the size R on `night`: the probability
    /// that no missile of the raid leaks when every one of up to `capacity`
    /// missiles is engaged and killed independently with probability q, and
    /// any beyond `capacity` leak.
    pub fn no_leak_probability(&self, night: u32, q: f64, capacity: f64) -> f64 {
        self.no_leak_probability_with(night, q, capacity, &mut NoLeakCache::default())
    }

    /// [`Raid::no_leak_probability`], keeping the tables of Poisson and
    /// negative binomial sizes in `cache` between nights: building one costs
    /// a pass over the distribution, reading it costs O(1).
    pub fn no_leak_probability_with(
        &self,
        night: u32,
        q: f64,
        capacity: f64,
        cache: &mut NoLeakCache,
    ) -> f64 {
        if let Raid::Record { after, .. } = self {
            return match self.recorded(night) {
                Some(n) => Raid::Every(n).no_leak_probability_with(night, q, capacity, cache),
                None => after.no_leak_probability_with(night, q, capacity, cache),
            };
        }
        let capacity = if capacity.is_finite() {
            capacity.max(0.0).floor()
        } else {
            f64::MAX
        };
        let fixed = |n: u64| {
            if n as f64 <= capacity {
                q.powf(n as f64)
            } else {
                0.0
            }
        };
        match self {
            Raid::Every(_) | Raid::Pattern(_) => fixed(self.fixed_on(night).unwrap_or(0)),
            Raid::Choice(values) => {
                values.iter().map(|&n| fixed(n)).sum::<f64>() / values.len() as f64
            }
            Raid::Poisson { .. } | Raid::NegativeBinomial { .. } => {
                let table = cache.table(q, || self.log_pmf());
                table[(capacity.min((table.len() - 1) as f64)) as usize]
            }
            Raid::Record { .. } => unreachable!("handled above"),
        }
    }

    /// [`Raid::no_leak_probability_with`] for a raid capped at `cap`
    /// missiles (what an arsenal and its launchers allow tonight): the raid
    /// is min(R, cap). For a drawn size R that is
    /// Σ_{r < cap} P(R = r)·q^r·1{r ≤ C} + P(R ≥ cap)·q^cap·1{cap ≤ C}.
    pub fn no_leak_probability_capped(
        &self,
        night: u32,
        q: f64,
        capacity: f64,
        cap: Option<u64>,
        cache: &mut NoLeakCache,
    ) -> f64 {
        let Some(cap) = cap else {
            return self.no_leak_probability_with(night, q, capacity, cache);
        };
        if let Some(n) = self.fixed_on(night) {
            return Raid::Every(n.min(cap)).no_leak_probability_with(night, q, capacity, cache);
        }
        match self {
            Raid::Choice(values) => {
                let capped: Vec<u64> = values.iter().map(|&n| n.min(cap)).collect();
                Raid::Choice(capped).no_leak_probability_with(night, q, capacity, cache)
            }
            Raid::Record { after, .. } => {
                after.no_leak_probability_capped(night, q, capacity, Some(cap), cache)
            }
            _ => {
                let capacity = if capacity.is_finite() {
                    capacity.max(0.0).floor()
                } else {
                    f64::MAX
                };
                if cap as f64 > capacity {
                    return self.no_leak_probability_with(night, q, capacity, cache);
                }
                if cap == 0 {
                    return 1.0;
                }
                let below = self.no_leak_probability_with(night, q, (cap - 1) as f64, cache);
                let at_most = self.no_leak_probability_with(night, 1.0, (cap - 1) as f64, cache);
                below + (1.0 - at_most).max(0.0) * q.powf(cap as f64)
            }
        }
    }

    /// log P(R = r) for r = 0, 1, 2, … of a Poisson or negative binomial
    /// size (empty for the others), by the ratio of successive terms so that
    /// large means neither overflow nor underflow.
    pub fn log_pmf(&self) -> LogPmf {
        match *self {
            // P(0) = e^{−λ}; P(r)/P(r−1) = λ/r.
            Raid::Poisson { mean } => LogPmf {
                r: 0.0,
                log_p: -mean,
                step: Step::Poisson {
                    log_mean: mean.ln(),
                },
            },
            // P(0) = (k/(k+μ))^k; P(r)/P(r−1) = (r − 1 + k)/r · μ/(k + μ).
            Raid::NegativeBinomial {
                mean,
                dispersion: k,
            } => LogPmf {
                r: 0.0,
                log_p: k * (k / (k + mean)).ln(),
                step: Step::NegativeBinomial {
                    k,
                    log_ratio: (mean / (k + mean)).ln(),
                },
            },
            _ => LogPmf {
                r: 0.0,
                log_p: f64::NEG_INFINITY,
                step: Step::None,
            },
        }
    }
}

/// The successive log-probabilities of a count distribution.
#[derive(Debug, Clone)]
pub struct LogPmf {
    r: f64,
    log_p: f64,
    step: Step,
}

#[derive(Debug, Clone, Copy)]
enum Step {
    None,
    Poisson { log_mean: f64 },
    NegativeBinomial { k: f64, log_ratio: f64 },
}

impl LogPmf {
    /// A bound on the probability of every size not yet returned, P(R ≥ r)
    /// for the next r, once the ratio of successive terms stays below 1
    /// from here on; `None` before that (at or before the peak). With
    /// c ≥ P(s + 1)/P(s) for every s ≥ r, the tail is at most
    /// P(r)(1 + c + c² + …) = P(r)/(1 − c). Poisson: the ratio λ/(s + 1)
    /// falls, so c = λ/(r + 1). Negative binomial: the ratio
    /// (s + k)/(s + 1) · ρ with ρ = μ/(k + μ) falls towards ρ when k ≥ 1
    /// and rises towards it when k < 1, so c = ρ · max(1, (r + k)/(r + 1)).
    pub fn tail_bound(&self) -> Option<f64> {
        let r = self.r;
        let c = match self.step {
            Step::None => return Some(0.0),
            Step::Poisson { log_mean } => (log_mean - (r + 1.0).ln()).exp(),
            Step::NegativeBinomial { k, log_ratio } => {
                log_ratio.exp() * ((r + k) / (r + 1.0)).max(1.0)
            }
        };
        (c < 1.0).then(|| self.log_p.exp() / (1.0 - c))
    }
}

impl Iterator for LogPmf {
    type Item = f64;

    fn next(&mut self) -> Option<f64> {
        let current = match self.step {
            Step::None => return None,
            _ => self.log_p,
        };
        self.r += 1.0;
        let r = self.r;
        self.log_p += match self.step {
            Step::None => 0.0,
            Step::Poisson { log_mean } => log_mean - r.ln(),
            Step::NegativeBinomial { k, log_ratio } => ((r - 1.0 + k) / r).ln() + log_ratio,
        };
        Some(current)
    }
}

/// Most raid sizes a no-leak table covers (8 MiB).
const MAX_TABLE: usize = 1 << 20;

/// Tables of Σ_{r=0}^{c} q^r P(R = r), one per kill probability q seen
/// (at most a few: rationing switches between two).
#[derive(Debug, Clone, Default)]
pub struct NoLeakCache {
    tables: Vec<(f64, Vec<f64>)>,
}

impl NoLeakCache {
    /// The table for `q`, built from `log_pmf` (log P(R = r) in order) on
    /// first use. It stops once terms past the peak fall below 1e-18 of the
    /// sum, or at [`MAX_TABLE`] sizes; a capacity beyond its end reads the
    /// last entry (for q < 1 the terms there are vanishingly small; with
    /// certain kills the tail beyond 2^20 is left out).
    fn table(&mut self, q: f64, log_pmf: impl FnOnce() -> LogPmf) -> &[f64] {
        if let Some(index) = self.tables.iter().position(|(k, _)| *k == q) {
            return &self.tables[index].1;
        }
        let log_q = q.ln();
        let mut cdf = Vec::new();
        let mut sum = 0.0;
        let mut peak = f64::NEG_INFINITY;
        for (r, log_p) in log_pmf().enumerate() {
            if r == MAX_TABLE {
                break;
            }
            // q^0 = 1 even for q = 0.
            let log_term = if r == 0 {
                log_p
            } else {
                log_p + r as f64 * log_q
            };
            let term = log_term.exp();
            sum += term;
            cdf.push(sum.min(1.0));
            peak = peak.max(log_term);
            if log_term < peak && term <= 1e-18 * sum {
                break;
            }
        }
        if cdf.is_empty() {
            cdf.push(0.0);
        }
        if self.tables.len() == 4 {
            self.tables.remove(0);
        }
        self.tables.push((q, cdf));
        &self.tables[self.tables.len() - 1].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() < tolerance
    }

    /// Hand-worked: a geometric raid (negative binomial, k = 1, μ = 1,
    /// so ρ = 1/2 and P(r) = 2^−(r+1)). After P(0) = 1/2 the bound is
    /// P(1)/(1 − 1/2) = 0.25/0.5 = 0.5, the tail exactly. Poisson of
    /// mean 1 after P(0): c = 1/2, bound 2/e = 0.7358 against the tail
    /// 1 − 1/e = 0.6321. At its peak (before P(0) of a Poisson of mean 3,
    /// c = 3) there is no bound.
    #[test]
    fn the_tail_bound_holds_past_the_peak() {
        let mut geometric = Raid::NegativeBinomial {
            mean: 1.0,
            dispersion: 1.0,
        }
        .log_pmf();
        assert!(close(geometric.next().unwrap().exp(), 0.5, 1e-15));
        assert!(close(geometric.tail_bound().unwrap(), 0.5, 1e-15));
        let mut poisson = Raid::Poisson { mean: 1.0 }.log_pmf();
        poisson.next();
        assert!(close(
            poisson.tail_bound().unwrap(),
            2.0 / 1f64.exp(),
            1e-15
        ));
        assert_eq!(Raid::Poisson { mean: 3.0 }.log_pmf().tail_bound(), None);
    }

    proptest::proptest! {
        /// The bound is never below the true tail, 1 − the sum so far
        /// (checked while that is well above rounding), for dispersions
        /// on both sides of 1. The tail is known only to the rounding of
        /// the sum: each of its n additions may be off by half an ulp of
        /// a sum below 1 and each term by an ulp of its own, so by less
        /// than n · ε in all (a near-geometric negative binomial once
        /// showed a bound 2.3e-17 below a tail of 2e-9 that a relative
        /// tolerance of 1e-9 could not allow for).
        #[test]
        fn the_tail_bound_is_never_below_the_tail(
            mean in 0.5f64..60.0,
            dispersion in 0.2f64..8.0,
            poisson in proptest::bool::ANY,
        ) {
            let raid = if poisson {
                Raid::Poisson { mean }
            } else {
                Raid::NegativeBinomial { mean, dispersion }
            };
            let mut pmf = raid.log_pmf();
            let mut covered = 0.0;
            for n in 1..=2000 {
                covered += pmf.next().unwrap().exp();
                let tail = 1.0 - covered;
                if tail < 1e-9 {
                    break;
                }
                if let Some(bound) = pmf.tail_bound() {
                    let rounding = f64::from(n) * f64::EPSILON;
                    proptest::prop_assert!(bound >= tail - rounding, "{bound} < {tail}");
                }
            }
        }
    }

    #[test]
    fn pattern_repeats_from_night_one() {
        let raid = Raid::Pattern(vec![0, 0, 12, 0, 0, 0, 18]);
        assert_eq!(raid.fixed_on(1), Some(0));
        assert_eq!(raid.fixed_on(3), Some(12));
        assert_eq!(raid.fixed_on(7), Some(18));
        // Night 10 is night 3 of the second week.
        assert_eq!(raid.fixed_on(10), Some(12));
        // (12 + 18) / 7 = 4.2857...
        assert!((raid.mean() - 30.0 / 7.0).abs() < 1e-12);
    }

    #[test]
    fn means() {
        assert_eq!(Raid::Every(12).mean(), 12.0);
        assert_eq!(Raid::Choice(vec![6, 12, 18]).mean(), 12.0);
        assert_eq!(Raid::Poisson { mean: 12.0 }.mean(), 12.0);
        assert_eq!(Raid::Pattern(vec![0, 0, 12, 0, 0, 0, 18]).mean_on(3), 12.0);
    }

    #[test]
    fn fixed_raid_no_leak_probability() {
        // Ten engaged at 0.91 each: 0.91^10 = 0.38942…
        let p = Raid::Every(10).no_leak_probability(1, 0.91, 100.0);
        assert!(close(p, 0.91f64.powi(10), 1e-15));
        // Capacity for 9 of 10: one leaks for certain.
        assert_eq!(Raid::Every(10).no_leak_probability(1, 1.0, 9.0), 0.0);
        // Choice of 1 or 2 at q = 0.5: (0.5 + 0.25) / 2 = 0.375.
        let p = Raid::Choice(vec![1, 2]).no_leak_probability(1, 0.5, 10.0);
        assert!(close(p, 0.375, 1e-15));
    }

    #[test]
    fn poisson_no_leak_probability_is_its_generating_function() {
        // E[q^R] for Poisson(λ) is e^{−λ(1−q)}: λ = 12, q = 0.91 →
        // e^{−1.08} = 0.33959…
        let p = Raid::Poisson { mean: 12.0 }.no_leak_probability(1, 0.91, f64::INFINITY);
        assert!(close(p, (-1.08f64).exp(), 1e-12));
        // Capacity 0: only a raid of 0 leaks nothing, P = e^{−12}.
        let p = Raid::Poisson { mean: 12.0 }.no_leak_probability(1, 0.91, 0.0);
        assert!(close(p, (-12.0f64).exp(), 1e-18));
        // Capacity 1 at q = 1: P(R ≤ 1) = e^{−2}(1 + 2) for λ = 2.
        let p = Raid::Poisson { mean: 2.0 }.no_leak_probability(1, 1.0, 1.0);
        assert!(close(p, 3.0 * (-2.0f64).exp(), 1e-15));
        // A large mean does not underflow: λ = 10,000 at q = 1 is P(R ≤ ∞) = 1.
        let p = Raid::Poisson { mean: 10_000.0 }.no_leak_probability(1, 1.0, f64::INFINITY);
        assert!(close(p, 1.0, 1e-9));
    }

    #[test]
    fn negative_binomial_no_leak_probability_is_its_generating_function() {
        // E[q^R] = (k / (k + μ(1 − q)))^k: μ = 12, k = 3, q = 0.91 →
        // (3 / 4.08)^3 = 0.39758…
        let raid = Raid::NegativeBinomial {
            mean: 12.0,
            dispersion: 3.0,
        };
        let p = raid.no_leak_probability(1, 0.91, f64::INFINITY);
        assert!(close(p, (3.0f64 / 4.08).powi(3), 1e-12));
        // P(R = 0) = (k / (k + μ))^k = (3/15)^3 = 0.008.
        assert!(close(raid.no_leak_probability(1, 0.5, 0.0), 0.008, 1e-15));
    }
}
