//! `magdepth compare`: scenarios side by side, each in its own mode, sorted,
//! against a baseline, with the default columns or those `--columns` names.

use super::analysis::{check_measure, check_names_in};
use super::context::Context;
use super::error::AppError;
use super::scenarios::{self, Loaded};
use crate::cli::{ChartArgs, CompareArgs, SimulationArgs};
use magdepth::analysis::Measure;
use magdepth::chart::stock::stock_chart;
use magdepth::compare::{SortKey, order};
use magdepth::outcome::Comparison;
use magdepth::report::Format;
use magdepth::report::grid::compare_columns_grid;
use std::path::PathBuf;

pub struct Settings {
    paths: Vec<PathBuf>,
    sort: Option<SortKey>,
    reverse: bool,
    baseline: Option<PathBuf>,
    columns: Vec<Measure>,
    simulation: SimulationArgs,
    format: Format,
    chart: ChartArgs,
}

impl Settings {
    pub fn from_args(args: CompareArgs) -> Result<Settings, AppError> {
        scenarios::refuse_stdin_twice(args.paths.iter().chain(&args.baseline))?;
        for &column in &args.columns {
            check_measure(column, args.simulation.choice())?;
        }
        Ok(Settings {
            paths: args.paths,
            // clap admits only the names SortKey knows.
            sort: args.sort.as_deref().and_then(SortKey::from_name),
            reverse: args.reverse,
            baseline: args.baseline,
            columns: args.columns,
            simulation: args.simulation,
            format: args.output.format.into(),
            chart: args.chart,
        })
    }

    pub fn execute(self, ctx: &Context) -> Result<(), AppError> {
        let mut to_load = scenarios::files(self.paths, "compare")?;
        to_load.extend(self.baseline.clone());
        ctx.refuse_existing_chart(&self.chart, &to_load)?;
        let band = self.chart.chart.is_some();
        let mut loaded = scenarios::simulate_all(ctx, &to_load, &self.simulation, band)?;
        // A column's threat or type is in one of the scenarios (the baseline
        // too).
        for &column in &self.columns {
            check_names_in(loaded.iter().map(|l| &l.scenario), column, "--columns")?;
        }
        let baseline = self.baseline.and_then(|_| loaded.pop());
        match self.sort {
            // A stable sort keeps ties in the order given, reversed or not.
            Some(key) => loaded.sort_by(|a, b| {
                let (a, b) = if self.reverse { (b, a) } else { (a, b) };
                order(
                    key,
                    (&a.scenario.name, &a.simulation.summary),
                    (&b.scenario.name, &b.simulation.summary),
                )
            }),
            None if self.reverse => loaded.reverse(),
            None => {}
        }
        let comparison = Comparison {
            rows: loaded.iter().map(Loaded::outcome).collect(),
            baseline: baseline.as_ref().map(Loaded::outcome),
        };
        let exporter = ctx.exporter(self.format);
        ctx.chart_then(
            &self.chart,
            &scenarios::inputs(&loaded),
            || stock_chart(&comparison.rows),
            || match self.columns.as_slice() {
                [] => exporter.compare(&comparison),
                columns => {
                    let human = matches!(self.format, Format::Table | Format::Markdown);
                    exporter.grid(&compare_columns_grid(&comparison, columns, human))
                }
            },
        )
    }
}
