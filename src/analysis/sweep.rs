//! Sweeps: the scenario re-simulated at every point of a grid of values.
//!
//! Points are numbered in grid order, the first key outermost: with keys A
//! (values a1, a2) and B (b1, b2, b3) the points are (a1,b1), (a1,b2),
//! (a1,b3), (a2,b1), … A shard K of N takes the K-th of N contiguous blocks
//! of that order, so the outputs of shards 1..N, concatenated, are the whole
//! grid in order.

use super::values::{MAX_POINTS, Vary};
use super::{Base, PointError};
use crate::overrides::{Override, Scalar};
use crate::sim::ModeChoice;
use crate::summary::Summary;
use rayon::prelude::*;
use std::ops::Range;
use std::str::FromStr;

/// `--shard K/N`: the K-th of N shares of a grid, 1 <= K <= N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// The whole grid.
    pub const WHOLE: Shard = Shard { index: 1, count: 1 };

    /// The points of a grid of `total` points this shard computes: block
    /// ⌊(K−1)·total/N⌋ .. ⌊K·total/N⌋.
    pub fn points(&self, total: usize) -> Range<usize> {
        let at = |k: u32| (k as u128 * total as u128 / self.count as u128) as usize;
        at(self.index - 1)..at(self.index)
    }

    pub fn is_first(&self) -> bool {
        self.index == 1
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || format!("`{text}`: write K/N with 1 <= K <= N, e.g. 2/8");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count): (u32, u32) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// The points of a sweep: one or two keys with their values, every
/// combination a point.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    pub axes: Vec<Vary>,
}

impl Sweep {
    /// A sweep of the given axes, if it is not too large.
    pub fn new(axes: Vec<Vary>) -> Result<Sweep, String> {
        let total = axes
            .iter()
            .try_fold(1usize, |n, axis| n.checked_mul(axis.values.0.len()));
        match total {
            Some(n) if n <= MAX_POINTS => Ok(Sweep { axes }),
            _ => Err(format!(
                "the grid has more than {MAX_POINTS} points; use fewer values"
            )),
        }
    }

    /// Points in the whole grid.
    pub fn len(&self) -> usize {
        self.axes.iter().map(|a| a.values.0.len()).product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values of point `i`, one per axis.
    pub fn point(&self, mut i: usize) -> Vec<Scalar> {
        let mut coords = vec![Scalar::Int(0); self.axes.len()];
        for (slot, axis) in coords.iter_mut().zip(&self.axes).rev() {
            let n = axis.values.0.len();
            *slot = axis.values.0[i % n].clone();
            i /= n;
        }
        coords
    }

    /// The overrides of point `i`.
    pub fn overrides(&self, i: usize) -> Vec<Override> {
        self.axes
            .iter()
            .map(|a| a.key.clone())
            .zip(self.point(i))
            .collect()
    }
}

/// One simulated point of the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Its number in grid order.
    pub index: usize,
    /// One value per axis.
    pub coords: Vec<Scalar>,
    pub summary: Summary,
}

/// Simulates the points of `shard` of `sweep`, in parallel on the current
/// rayon pool, returned in grid order. Each point takes the method `choice`
/// gives it (Monte Carlo points all with the same trials and seed). The
/// first invalid point in grid order, if any, is the error.
pub fn run(
    base: &Base,
    sweep: &Sweep,
    shard: Shard,
    choice: ModeChoice,
) -> Result<Vec<Point>, PointError> {
    shard
        .points(sweep.len())
        .into_par_iter()
        .map(|index| {
            let overrides = sweep.overrides(index);
            let summary = base.evaluate(&overrides, choice)?;
            Ok(Point {
                index,
                coords: overrides.into_iter().map(|(_, v)| v).collect(),
                summary,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_the_grid_once_in_order() {
        for total in [0usize, 1, 7, 10, 100] {
            for n in 1..=8 {
                let mut next = 0;
                for k in 1..=n {
                    let r = Shard { index: k, count: n }.points(total);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
        // 10 points in 3 shards: 0..3, 3..6, 6..10.
        assert_eq!(Shard { index: 1, count: 3 }.points(10), 0..3);
        assert_eq!(Shard { index: 3, count: 3 }.points(10), 6..10);
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert_eq!("2/3".parse(), Ok(Shard { index: 2, count: 3 }));
    }

    #[test]
    fn points_run_first_key_outermost() {
        let sweep = Sweep::new(vec![
            "a=1,2".parse().unwrap(),
            "b=10,20,30".parse().unwrap(),
        ])
        .unwrap();
        assert_eq!(sweep.len(), 6);
        assert_eq!(sweep.point(0), vec![Scalar::Int(1), Scalar::Int(10)]);
        assert_eq!(sweep.point(2), vec![Scalar::Int(1), Scalar::Int(30)]);
        assert_eq!(sweep.point(4), vec![Scalar::Int(2), Scalar::Int(20)]);
    }
}
