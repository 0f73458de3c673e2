//! `magdepth run`: each scenario's summary (and nights), or its stock chart
//! (with what drives the spread, for a Monte Carlo run with ranges).

use super::context::Context;
use super::error::AppError;
use super::scenarios::{self, Loaded};
use crate::cli::{ChartArgs, RunArgs, SimulationArgs};
use magdepth::chart::drivers::stock_and_drivers_chart;
use magdepth::outcome::Outcome;
use magdepth::report::Format;
use std::path::PathBuf;

pub struct Settings {
    files: Vec<PathBuf>,
    nights: bool,
    simulation: SimulationArgs,
    format: Format,
    chart: ChartArgs,
}

impl Settings {
    pub fn from_args(args: RunArgs) -> Result<Settings, AppError> {
        scenarios::refuse_stdin_twice(&args.files)?;
        Ok(Settings {
            files: args.files,
            nights: args.nights,
            simulation: args.simulation,
            format: args.output.format.into(),
            chart: args.chart,
        })
    }

    pub fn execute(self, ctx: &Context) -> Result<(), AppError> {
        ctx.refuse_existing_chart(&self.chart, &self.files)?;
        let band = self.chart.chart.is_some();
        let loaded = scenarios::simulate_all(ctx, &self.files, &self.simulation, band)?;
        let outcomes: Vec<Outcome<'_>> = loaded.iter().map(Loaded::outcome).collect();
        ctx.chart_then(
            &self.chart,
            &scenarios::inputs(&loaded),
            || stock_and_drivers_chart(&outcomes),
            || ctx.exporter(self.format).run(&outcomes, self.nights),
        )
    }
}
