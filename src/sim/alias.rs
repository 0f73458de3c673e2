//! Walker's alias method (Vose's construction): draws from a fixed discrete
//! distribution in O(1) with one 64-bit random number, whatever its size.
//!
//! The upper 32 bits pick a column by multiply-shift (Lemire), the lower 32
//! decide between the column's own value and its alias. Probabilities are
//! thus resolved to 2^-32 (about 2.3e-10), far below any Monte Carlo error.

/// A discrete distribution over 0..n, ready for O(1) draws.
#[derive(Debug, Clone)]
pub struct AliasTable {
    /// Keep the column's own value when the lower 32 bits are below this:
    /// 2^32 for a column always kept (the largest 32-bit threshold,
    /// 2^32 − 1, also counts as always kept, as a threshold that rounding
    /// took to the top).
    keep_below: Vec<u64>,
    alias: Vec<u32>,
}

impl AliasTable {
    /// A table for weights proportional to `weights` (finite, not all 0;
    /// fewer than 2^32 of them).
    pub fn new(weights: &[f64]) -> AliasTable {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        // Each weight scaled so that the average column holds exactly 1.
        let mut scaled: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        const ALWAYS: u64 = 1 << 32;
        let mut keep_below = vec![ALWAYS; n];
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            keep_below[s] = match (scaled[s] * 4_294_967_296.0) as u32 {
                u32::MAX => ALWAYS,
                threshold => u64::from(threshold),
            };
            alias[s] = l as u32;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // Columns left over hold (up to rounding) exactly 1: always kept.
        AliasTable { keep_below, alias }
    }

    #[inline]
    pub fn draw<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        let x = rng.next_u64();
        let column = (((x >> 32) * self.keep_below.len() as u64) >> 32) as usize;
        if u64::from(x as u32) < self.keep_below[column] {
            column as u64
        } else {
            u64::from(self.alias[column])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_follow_the_weights() {
        // Weights 1:2:3:4 → probabilities 0.1, 0.2, 0.3, 0.4. Over 400,000
        // draws each share has standard error at most √(0.24/400000) =
        // 0.00077; tolerance 0.004 (5 standard errors).
        let table = AliasTable::new(&[1.0, 2.0, 3.0, 4.0]);
        let mut rng = crate::sim::rng::WyRand::for_trial(1, 0);
        let mut counts = [0u64; 4];
        for _ in 0..400_000 {
            counts[table.draw(&mut rng) as usize] += 1;
        }
        for (i, &count) in counts.iter().enumerate() {
            let share = count as f64 / 400_000.0;
            let expected = (i + 1) as f64 / 10.0;
            assert!((share - expected).abs() < 0.004, "value {i}: {share}");
        }
    }

    #[test]
    fn zero_weights_are_never_drawn() {
        let table = AliasTable::new(&[0.0, 5.0, 0.0]);
        let mut rng = crate::sim::rng::WyRand::for_trial(2, 0);
        assert!((0..10_000).all(|_| table.draw(&mut rng) == 1));
    }
}
