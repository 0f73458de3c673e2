//! Counts of trials by value, from which Monte Carlo reads its means and
//! percentiles without keeping every trial: memory grows with the number of
//! distinct values a figure takes, never with the number of trials.
//!
//! A night figure (a night from 1 to the horizon, or never) has one bin a
//! night. A count that can be large (leakers over the horizon) keeps a
//! sparse table of the values that occurred. Counts are whole numbers, so
//! histograms added up in any order are the same, and percentiles read from
//! them equal those of sorting every trial's value (nearest rank).

use crate::summary::Spread;
use std::collections::HashMap;

/// The nearest rank of percentile `p` among `n` values: ⌈p·n⌉, at least 1.
fn rank(p: f64, n: u64) -> u64 {
    ((p * n as f64).ceil() as u64).clamp(1, n.max(1))
}

/// Trials by night: `counts[v]` for v in 0..=horizon + 1, where v is the
/// night (or, for `nights_fully_defended`, the count) and horizon + 1 stands
/// for never.
#[derive(Debug, Clone, PartialEq)]
pub struct NightHistogram {
    counts: Vec<u64>,
}

impl NightHistogram {
    pub fn new(horizon: u32) -> NightHistogram {
        NightHistogram {
            counts: vec![0; horizon as usize + 2],
        }
    }

    /// The value that stands for never.
    pub fn never(&self) -> u64 {
        self.counts.len() as u64 - 1
    }

    #[inline]
    pub fn add(&mut self, value: u64) {
        self.counts[value as usize] += 1;
    }

    /// Adds `count` trials of `value`.
    pub fn add_many(&mut self, value: u64, count: u64) {
        self.counts[value as usize] += count;
    }

    pub fn merge(&mut self, other: &NightHistogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// Trials whose value is `value`.
    pub fn count(&self, value: u64) -> u64 {
        self.counts.get(value as usize).copied().unwrap_or(0)
    }

    /// The values in order with their counts (empty bins left out).
    pub fn iter(&self) -> impl Iterator<Item = (u64, u64)> + Clone + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c > 0)
            .map(|(v, &c)| (v as u64, c))
    }

    /// Mean (never counting as horizon + 1) and nearest-rank percentiles; a
    /// percentile that falls on never is `None` when `never_is_none`.
    pub fn spread(&self, never_is_none: bool) -> Spread {
        let never = self.never();
        spread_of(self.iter(), |v| never_is_none && v == never)
    }
}

/// Trials by value, for figures that can take many values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValueHistogram {
    counts: HashMap<u64, u64>,
}

impl ValueHistogram {
    #[inline]
    pub fn add(&mut self, value: u64) {
        *self.counts.entry(value).or_insert(0) += 1;
    }

    pub fn merge(&mut self, other: &ValueHistogram) {
        for (&value, &count) in &other.counts {
            *self.counts.entry(value).or_insert(0) += count;
        }
    }

    /// The values in order with their counts.
    pub fn sorted(&self) -> Vec<(u64, u64)> {
        let mut values: Vec<(u64, u64)> = self.counts.iter().map(|(&v, &c)| (v, c)).collect();
        values.sort_unstable();
        values
    }

    pub fn spread(&self) -> Spread {
        spread_of(self.sorted().into_iter(), |_| false)
    }
}

/// Mean and nearest-rank 5th, 50th and 95th percentiles of values given in
/// increasing order with their counts; a percentile on a value for which
/// `absent` holds is `None`.
fn spread_of(
    values: impl Iterator<Item = (u64, u64)> + Clone,
    absent: impl Fn(u64) -> bool,
) -> Spread {
    let n: u64 = values.clone().map(|(_, c)| c).sum();
    let total: u128 = values
        .clone()
        .map(|(v, c)| u128::from(v) * u128::from(c))
        .sum();
    let percentile = |p: f64| -> Option<f64> {
        if n == 0 {
            return None;
        }
        let wanted = rank(p, n);
        let mut seen = 0;
        for (value, count) in values.clone() {
            seen += count;
            if seen >= wanted {
                return (!absent(value)).then_some(value as f64);
            }
        }
        None
    };
    Spread {
        mean: total as f64 / n.max(1) as f64,
        p5: percentile(0.05),
        p50: percentile(0.50),
        p95: percentile(0.95),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorting every value: the nearest rank ⌈p·n⌉ − 1 as an index.
    fn sorted_percentile(values: &[u64], p: f64) -> u64 {
        let mut v = values.to_vec();
        v.sort_unstable();
        v[rank(p, v.len() as u64) as usize - 1]
    }

    #[test]
    fn percentiles_equal_those_of_sorting_every_value() {
        // 1..=20: p5 is the 1st value (⌈1⌉), p50 the 10th, p95 the 19th.
        let mut h = ValueHistogram::default();
        (1..=20).for_each(|v| h.add(v));
        let s = h.spread();
        assert_eq!((s.p5, s.p50, s.p95), (Some(1.0), Some(10.0), Some(19.0)));
        assert_eq!(s.mean, 10.5);
        // Values with repeats, against sorting.
        let values: Vec<u64> = (0..1000u64).map(|i| (i * 7919) % 97).collect();
        let mut h = ValueHistogram::default();
        values.iter().for_each(|&v| h.add(v));
        let s = h.spread();
        for (p, got) in [(0.05, s.p5), (0.5, s.p50), (0.95, s.p95)] {
            assert_eq!(got, Some(sorted_percentile(&values, p) as f64));
        }
    }

    #[test]
    fn never_is_absent_in_a_percentile_and_horizon_plus_one_in_the_mean() {
        // Horizon 90: nights 1, 2 and never twice. Mean (1 + 2 + 91 + 91) / 4
        // = 46.25; p50 the 2nd value (2); p95 the 4th (never).
        let mut h = NightHistogram::new(90);
        for v in [1, 2, 91, 91] {
            h.add(v);
        }
        let s = h.spread(true);
        assert_eq!((s.p5, s.p50, s.p95), (Some(1.0), Some(2.0), None));
        assert_eq!(s.mean, 46.25);
    }

    #[test]
    fn merging_in_any_order_gives_the_same_histogram() {
        let mut a = ValueHistogram::default();
        let mut b = ValueHistogram::default();
        [3, 5, 5].iter().for_each(|&v| a.add(v));
        [5, 9].iter().for_each(|&v| b.add(v));
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab.sorted(), ba.sorted());
        assert_eq!(ab.sorted(), vec![(3, 1), (5, 3), (9, 1)]);
    }
}
