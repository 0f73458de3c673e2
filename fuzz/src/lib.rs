//! What the fuzz targets run ([`exercise`]); the regression tests in
//! `tests/fuzz_regressions.rs` include the same file by path.

pub mod exercise;
