//! Figures known only as ranges: `pk: { between: [0.6, 0.9] }`,
//! `stockpile: { triangular: [150, 300, 400] }`.
//!
//! A Monte Carlo trial is one possible world: it draws each uncertain input
//! once, for the whole campaign, from a stream of its own (seeded by the
//! run's seed, the trial and the input's key path), so that adding or
//! removing one range leaves the draws of the others, and of every raid
//! and shot, as they were. The expected path uses each range's mean.
//!
//! - `between: [low, high]` is uniform on [low, high]; for a whole-number
//!   input, every whole number from low to high is equally likely.
//! - `triangular: [low, likely, high]` has its density rising linearly
//!   from low to a peak at likely and falling to high; a whole-number
//!   input takes the nearest whole number to such a draw (halves round up),
//!   kept within [low, high].

use crate::mix::splitmix64;

/// The shape of a range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Range {
    Between { low: f64, high: f64 },
    Triangular { low: f64, likely: f64, high: f64 },
}

impl Range {
    pub fn low(&self) -> f64 {
        match *self {
            Range::Between { low, .. } | Range::Triangular { low, .. } => low,
        }
    }

    pub fn high(&self) -> f64 {
        match *self {
            Range::Between { high, .. } | Range::Triangular { high, .. } => high,
        }
    }

    /// The mean of a draw: (low + high) / 2, or (low + likely + high) / 3;
    /// for a whole-number triangular input, the mean of its rounded draws.
    pub fn mean(&self, whole: bool) -> f64 {
        match *self {
            Range::Between { low, high } => (low + high) / 2.0,
            Range::Triangular { low, likely, high } if !whole => (low + likely + high) / 3.0,
            Range::Triangular { low, high, .. } => {
                // Σ v · P(draw rounds to v) over the whole numbers in range.
                let (first, last) = (low.ceil() as i64, high.floor() as i64);
                (first..=last)
                    .map(|v| v as f64 * self.whole_probability(v))
                    .sum()
            }
        }
    }

    /// The distribution function of the continuous draw.
    pub fn cdf(&self, x: f64) -> f64 {
        match *self {
            Range::Between { low, high } => {
                if high <= low {
                    f64::from(u8::from(x >= low))
                } else {
                    ((x - low) / (high - low)).clamp(0.0, 1.0)
                }
            }
            Range::Triangular { low, likely, high } => {
                if x <= low {
                    0.0
                } else if x >= high {
                    1.0
                } else if x <= likely {
                    (x - low).powi(2) / ((high - low) * (likely - low))
                } else {
                    1.0 - (high - x).powi(2) / ((high - low) * (high - likely))
                }
            }
        }
    }

    /// The continuous draw at uniform `u` in [0, 1): the inverse of
    /// [`Range::cdf`].
    pub fn quantile(&self, u: f64) -> f64 {
        match *self {
            Range::Between { low, high } => low + u * (high - low),
            Range::Triangular { low, likely, high } => {
                let split = if high > low {
                    (likely - low) / (high - low)
                } else {
                    0.0
                };
                if u < split {
                    low + (u * (high - low) * (likely - low)).sqrt()
                } else {
                    high - ((1.0 - u) * (high - low) * (high - likely)).sqrt()
                }
            }
        }
    }

    /// For a whole-number triangular input: the chance that a draw rounds
    /// to `v` (the continuous draw falls in [v − ½, v + ½), cut to the range).
    fn whole_probability(&self, v: i64) -> f64 {
        let (low, high) = (self.low(), self.high());
        let from = (v as f64 - 0.5).max(low);
        let to = (v as f64 + 0.5).min(high);
        if to <= from && !(from == to && low == high) {
            return 0.0;
        }
        if low == high {
            return 1.0;
        }
        self.cdf(to) - self.cdf(from)
    }

    /// The value drawn at uniform `u` in [0, 1), whole when `whole`.
    pub fn value_at(&self, u: f64, whole: bool) -> f64 {
        if !whole {
            return self.quantile(u);
        }
        match *self {
            Range::Between { low, high } => {
                // Every whole number of [low, high] equally likely.
                let (first, last) = (low.ceil(), high.floor());
                let count = last - first + 1.0;
                (first + (u * count).floor()).min(last)
            }
            Range::Triangular { low, high, .. } => (self.quantile(u) + 0.5)
                .floor()
                .clamp(low.ceil(), high.floor()),
        }
    }

    /// The rank score of a drawn `value` among all possible draws, from 0
    /// to 1: the distribution function at it, and for a whole number the
    /// middle of its step (so tied draws share one score).
    pub fn score(&self, value: f64, whole: bool, u: f64) -> f64 {
        if !whole {
            return u;
        }
        match *self {
            Range::Between { low, high } => {
                let (first, last) = (low.ceil(), high.floor());
                let count = last - first + 1.0;
                (value - first + 0.5) / count
            }
            // The draws that round below v are those under v − ½: the
            // middle of v's step is the mean of F(v − ½) and F(v + ½).
            Range::Triangular { .. } => (self.cdf(value - 0.5) + self.cdf(value + 0.5)) / 2.0,
        }
    }
}

/// What an uncertain input sets in the model.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Stockpile {
        interceptor: usize,
    },
    DeliveryCount {
        delivery: usize,
    },
    /// A production line's rate or share: the line's output is multiplied
    /// by the drawn value over the range's mean.
    Production {
        line: usize,
    },
    /// The single-shot kill probability of these engagements (threat,
    /// tier, place in the tier), their rationed models too.
    Pk {
        engagements: Vec<(usize, usize, usize)>,
    },
    Reliability {
        engagements: Vec<(usize, usize, usize)>,
    },
    KillAssessment {
        engagements: Vec<(usize, usize, usize)>,
    },
    RaidProbability {
        threat: usize,
    },
    /// A Poisson or negative binomial raid's mean.
    RaidMean {
        threat: usize,
    },
    InterceptorCost {
        interceptor: usize,
    },
    ThreatCost {
        threat: usize,
    },
    ArsenalOnHand {
        threat: usize,
    },
    /// An arsenal production line's rate or share (as for interceptors).
    ArsenalProduction {
        threat: usize,
        line: usize,
    },
    LostToEw {
        threat: usize,
    },
    Discrimination {
        threat: usize,
    },
}

/// A figure the scenario gives as a range.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertain {
    /// Where the scenario gives it, e.g. `interceptors.pac3-mse.pk`: names
    /// it in reports, and seeds its draws.
    pub key: String,
    pub range: Range,
    /// A count: draws are whole numbers.
    pub whole: bool,
    pub input: Input,
    pub source: Option<String>,
}

impl Uncertain {
    /// The seed of this input's stream in a run with `seed`: a hash of its
    /// key path, so that it does not depend on the other inputs.
    pub fn stream(&self, seed: u64) -> u64 {
        // FNV-1a over the key's bytes.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in self.key.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        splitmix64(seed ^ splitmix64(hash))
    }

    /// The uniform number in [0, 1) this input draws in trial `trial`.
    pub fn uniform(&self, stream: u64, trial: u64) -> f64 {
        let bits = splitmix64(stream ^ splitmix64(trial.wrapping_add(0x5851_f42d_4c95_7f2d)));
        (bits >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// The value drawn in a trial at uniform `u`.
    pub fn value_at(&self, u: f64) -> f64 {
        self.range.value_at(u, self.whole)
    }

    /// The value the expected path uses: the range's mean.
    pub fn mean(&self) -> f64 {
        self.range.mean(self.whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_between_draws_every_whole_number_equally() {
        // [100, 300]: 201 values; u in [0, 1) maps to 100 + ⌊201·u⌋.
        let r = Range::Between {
            low: 100.0,
            high: 300.0,
        };
        assert_eq!(r.value_at(0.0, true), 100.0);
        assert_eq!(r.value_at(0.999_999, true), 300.0);
        assert_eq!(r.value_at(0.5, true), 200.0);
        assert_eq!(r.mean(true), 200.0);
        // The score of 100 is the middle of its step: 0.5 / 201.
        assert!((r.score(100.0, true, 0.0) - 0.5 / 201.0).abs() < 1e-15);
    }

    #[test]
    fn triangular_quantiles_invert_the_distribution() {
        let r = Range::Triangular {
            low: 150.0,
            likely: 300.0,
            high: 400.0,
        };
        for u in [0.01, 0.2, 0.6, 0.6, 0.99] {
            assert!((r.cdf(r.quantile(u)) - u).abs() < 1e-12);
        }
        // The split at the mode: F(300) = 150² / (250 · 150) = 0.6.
        assert!((r.cdf(300.0) - 0.6).abs() < 1e-12);
        assert!((r.mean(false) - 850.0 / 3.0).abs() < 1e-12);
        // Whole draws: their chances add up to 1.
        let total: f64 = (150..=400).map(|v| r.whole_probability(v)).sum();
        assert!((total - 1.0).abs() < 1e-12);
    }

    #[test]
    fn streams_depend_on_the_key_alone() {
        let a = Uncertain {
            key: "stockpile".into(),
            range: Range::Between {
                low: 0.0,
                high: 1.0,
            },
            whole: false,
            input: Input::Stockpile { interceptor: 0 },
            source: None,
        };
        let b = Uncertain {
            key: "pk".into(),
            ..a.clone()
        };
        assert_eq!(a.stream(1), a.clone().stream(1));
        assert_ne!(a.stream(1), b.stream(1));
        assert_ne!(a.uniform(a.stream(1), 0), a.uniform(a.stream(1), 1));
    }
}
