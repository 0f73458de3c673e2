//! Documented limits on scenario values and replayed records (README,
//! "Limits").
//!
//! They keep every total inside `u64` with room to spare: the largest night
//! launches at most `MAX_MISSILES_PER_NIGHT` of each threat, and deliveries
//! add at most `MAX_DELIVERIES * MAX_HORIZON_NIGHTS * MAX_COUNT`
//! = 1e4 * 1e5 * 1e9 = 1e18 < u64::MAX (1.8e19) on top of a stockpile of at
//! most `MAX_STOCKPILE`.

/// Longest horizon: 100,000 nights, about 274 years.
pub const MAX_HORIZON_NIGHTS: u32 = 100_000;
/// Horizon when `horizon_nights` is not given: one year.
pub const DEFAULT_HORIZON_NIGHTS: u32 = 365;
/// Largest stockpile of one interceptor type.
pub const MAX_STOCKPILE: u64 = 1_000_000_000_000;
/// Largest raid of one threat on one night, and largest single delivery.
pub const MAX_COUNT: u64 = 1_000_000_000;
/// Largest salvo.
pub const MAX_INTERCEPTORS_PER_KILL: u64 = 1_000;
/// Longest repeating raid pattern.
pub const MAX_PATTERN_LEN: usize = 100_000;
/// Most entries under `deliveries:`.
pub const MAX_DELIVERIES: usize = 10_000;
/// Largest mean of a Poisson or negative binomial raid (and largest
/// dispersion).
pub const MAX_RAID_MEAN: f64 = 1_000_000.0;
/// Most files in an `extends` chain.
pub const MAX_EXTENDS_DEPTH: usize = 16;
/// Deepest nesting of flow lists and mappings (`[`, `{`).
pub const MAX_NESTING: usize = 32;
/// Most interceptor types, and most threats, in one scenario. With at most
/// `MAX_COUNT` missiles of each threat a night over `MAX_HORIZON_NIGHTS`,
/// a trial's launches stay below 1000 · 1e9 · 1e5 = 1e17, inside `u64`.
pub const MAX_TYPES: usize = 1_000;
/// Most values in a `choice` raid (the chance of a clean night weighs
/// every value every night; a longer list is better written as a pattern
/// or a distribution).
pub const MAX_CHOICE: usize = 1_000;
