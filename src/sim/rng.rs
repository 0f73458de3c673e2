//! The random numbers of a Monte Carlo run: one light generator per trial,
//! seeded from the run's seed and the trial's index alone, so that a trial
//! draws the same numbers on any number of threads.
//!
//! The generator is wyrand (Wang Yi's `wyrand`, the generator of the
//! `wyhash` family): a 64-bit Weyl sequence whose every step is mixed by a
//! 64 × 64 → 128-bit multiplication. It passes the usual statistical batteries
//! (PractRand, BigCrush) and costs about a nanosecond a number. Trial t of a
//! run with seed S starts from splitmix64(S ⊕ splitmix64(t)): splitmix64
//! (Steele, Lea and Flood's SplitMix finaliser) scatters nearby seeds and
//! indices over the whole 64-bit state space.

use rand::rand_core::{Infallible, TryRng};

pub use crate::mix::splitmix64;

/// The wyrand generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WyRand {
    state: u64,
}

impl WyRand {
    /// The generator of trial `trial` of a run seeded with `seed`.
    #[inline]
    pub fn for_trial(seed: u64, trial: u64) -> WyRand {
        WyRand {
            state: splitmix64(seed ^ splitmix64(trial)),
        }
    }

    #[inline]
    pub fn next_value(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0xa076_1d64_78bd_642f);
        let t = u128::from(self.state) * u128::from(self.state ^ 0xe703_7ed1_a0b4_28db);
        ((t >> 64) as u64) ^ (t as u64)
    }
}

impl TryRng for WyRand {
    type Error = Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((self.next_value() >> 32) as u32)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.next_value())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let bytes = self.next_value().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn trials_have_their_own_streams() {
        let mut a = WyRand::for_trial(1, 0);
        let mut b = WyRand::for_trial(1, 1);
        let mut c = WyRand::for_trial(2, 0);
        let (x, y, z) = (a.next_u64(), b.next_u64(), c.next_u64());
        assert!(x != y && x != z && y != z);
        // The same trial and seed give the same numbers.
        assert_eq!(WyRand::for_trial(1, 0).next_u64(), x);
    }

    #[test]
    fn bits_are_balanced() {
        // 100,000 numbers: each of the 64 bits is set in about half of them
        // (standard error √(0.25 / 1e5) = 0.0016; allow 5 of them).
        let mut rng = WyRand::for_trial(7, 3);
        let mut ones = [0u32; 64];
        for _ in 0..100_000 {
            let x = rng.next_u64();
            for (bit, count) in ones.iter_mut().enumerate() {
                *count += ((x >> bit) & 1) as u32;
            }
        }
        for (bit, &count) in ones.iter().enumerate() {
            let share = f64::from(count) / 1e5;
            assert!((share - 0.5).abs() < 0.008, "bit {bit}: {share}");
        }
    }
}
