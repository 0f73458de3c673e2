//! Seeds from seeds: SplitMix64's finaliser (Steele, Lea and Flood), a
//! bijection of u64 that scatters nearby inputs over the whole range. Monte
//! Carlo seeds each trial's generator with it, and each uncertain input's
//! draws.

/// SplitMix64's finaliser.
#[inline]
pub fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}
