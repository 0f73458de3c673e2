//! magdepth: how many nights do the interceptors last, and what leaks through
//! after that?
//!
//! The data flows one way: a scenario [`scenario::Source`] (the YAML read
//! once) compiles into the [`model`]; the simulator ([`sim`]) runs it;
//! [`analysis`] asks questions of many runs; the [`outcome`]s go to the
//! output formats ([`report`], [`chart`]). The library prints nothing and
//! knows nothing of the command line; the `magdepth` binary is a thin layer
//! over it.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analysis;
pub mod attack;
pub mod cell;
pub mod chart;
pub mod compare;
pub mod date;
pub mod engagement;
pub mod error;
pub mod explain;
pub mod input;
pub mod kill;
pub mod limits;
pub mod mix;
pub mod model;
pub mod num;
pub mod outcome;
pub mod output;
pub mod overrides;
pub mod printable;
pub mod raid;
pub mod replay;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod suggest;
pub mod summary;
pub mod template;
pub mod uncertain;
