//! Documented limits on scenario values and replayed records (docs/output.md,
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
/// Most values (scalars, lists and mappings) in one document with its
/// aliases expanded: a file of at most 4 MiB can otherwise alias one long
/// list a thousand times and ask for gigabytes.
pub const MAX_EXPANDED_NODES: usize = 2_000_000;
/// Most bytes of text (keys and scalars) in one document with its aliases
/// expanded.
pub const MAX_EXPANDED_BYTES: usize = 16 * 1024 * 1024;
/// Most entries under one `production:` list (of interceptors, or of an
/// arsenal).
pub const MAX_PRODUCTION_LINES: usize = 1_000;
/// Most (interceptor types + threats + engagements) × `horizon_nights`,
/// where an engagement is one type a threat's `engaged_by` names: a night's
/// work, and the per-night figures kept for charts and arsenals, grow with
/// it, so it bounds a run's time per trial and its memory.
pub const MAX_SCENARIO_NIGHTS: u64 = 10_000_000;
/// Largest `priority`.
pub const MAX_PRIORITY: u64 = 1_000_000;
/// Largest `unit_cost`: spend (interceptors × cost) then stays finite.
pub const MAX_UNIT_COST: f64 = 1e12;
/// Most interceptor types, and most threats, in one scenario. With at most
/// `MAX_COUNT` missiles of each threat a night over `MAX_HORIZON_NIGHTS`,
/// a trial's launches stay below 1000 · 1e9 · 1e5 = 1e17, inside `u64`.
pub const MAX_TYPES: usize = 1_000;
/// Most values in a `choice` raid (the chance of a clean night weighs
/// every value every night; a longer list is better written as a pattern
/// or a distribution).
pub const MAX_CHOICE: usize = 1_000;
