//! magdepth: how many nights do the interceptors last, and what leaks through
//! after that?
//!
//! The library holds the scenario model ([`model`]), loading and validation
//! ([`scenario`]), the night-by-night simulator ([`sim`]), comparisons
//! ([`compare`]) and report formatting ([`report`]). It prints nothing; the
//! `magdepth` binary is a thin command-line layer over it.

pub mod analysis;
pub mod attack;
pub mod chart;
pub mod compare;
pub mod date;
pub mod engagement;
pub mod error;
pub mod explain;
pub mod input;
pub mod kill;
pub mod model;
pub mod num;
pub mod output;
pub mod overrides;
pub mod raid;
pub mod replay;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod suggest;
pub mod summary;
pub mod template;
pub mod uncertain;
