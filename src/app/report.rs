//! `magdepth report`: one self-contained HTML page.

use super::context::Context;
use super::error::AppError;
use super::scenarios::{self, Loaded};
use crate::cli::{ReportArgs, SimulationArgs};
use magdepth::outcome::Comparison;
use std::path::PathBuf;

pub struct Settings {
    paths: Vec<PathBuf>,
    output: PathBuf,
    force: bool,
    simulation: SimulationArgs,
}

impl Settings {
    pub fn from_args(args: ReportArgs) -> Result<Settings, AppError> {
        scenarios::refuse_stdin_twice(&args.paths)?;
        Ok(Settings {
            paths: args.paths,
            output: args.output,
            force: args.force,
            simulation: args.simulation,
        })
    }

    pub fn execute(self, ctx: &Context) -> Result<(), AppError> {
        let files = scenarios::files(self.paths, "report on")?;
        ctx.refuse_existing(&self.output, self.force, &files)?;
        let loaded = scenarios::simulate_all(ctx, &files, &self.simulation, true)?;
        let comparison = Comparison {
            rows: loaded.iter().map(Loaded::outcome).collect(),
            baseline: None,
        };
        let page = magdepth::report::html::render(&comparison);
        ctx.write(&self.output, &page, self.force, &scenarios::inputs(&loaded))
    }
}
