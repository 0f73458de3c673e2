//! `magdepth sweep`: the scenario at every point of one or two keys'
//! values, as a table, a matrix, shards that concatenate, or a heat map.

use super::analysis::{
    check_key, check_measure, check_measure_names, exact_points_note, load_base, mean_path_note,
};
use super::context::Context;
use super::error::AppError;
use crate::cli::{ChartArgs, SimulationArgs, SweepArgs};
use magdepth::analysis::sweep::{self, Point, Shard, Sweep};
use magdepth::analysis::{Measure, method_used};
use magdepth::chart::heatmap::{HeatMap, heat_map};
use magdepth::chart::line::{SweepLine, line_chart};
use magdepth::overrides::KeyPath;
use magdepth::report::{self, Format};
use magdepth::sim::Method;
use std::path::PathBuf;

pub struct Settings {
    file: PathBuf,
    sweep: Sweep,
    measures: Vec<Measure>,
    shard: Option<Shard>,
    simulation: SimulationArgs,
    format: Format,
    chart: ChartArgs,
}

impl Settings {
    pub fn from_args(args: SweepArgs) -> Result<Settings, AppError> {
        let usage = |words: &str| Err(AppError::Usage(words.to_string()));
        let charted = args.chart.chart.is_some();
        if args.vary.len() > 2 {
            return usage("give one --vary for a table or two for a grid, not more");
        }
        if charted && args.shard.is_some() {
            return usage("--chart draws the whole grid; leave out --shard");
        }
        if let [a, b] = args.vary.as_slice()
            && a.key == b.key
        {
            return Err(AppError::Usage(format!("--vary {} is given twice", a.key)));
        }
        let measures = if args.metric.is_empty() {
            vec![Measure::DEFAULT]
        } else {
            args.metric
        };
        if args.vary.len() == 2 && measures.len() > 1 {
            return usage("a grid of two keys shows one metric; give one --metric");
        }
        for &measure in &measures {
            check_measure(measure, args.simulation.choice())?;
        }
        let format: Format = args.output.format.into();
        if args.shard.is_some() && !matches!(format, Format::Csv | Format::Json) {
            return usage(
                "--shard writes CSV or JSON lines, which concatenate; add --format csv or --format json",
            );
        }
        let sweep = Sweep::new(args.vary).map_err(AppError::Usage)?;
        Ok(Settings {
            file: args.file,
            sweep,
            measures,
            shard: args.shard,
            simulation: args.simulation,
            format,
            chart: args.chart,
        })
    }

    pub fn execute(self, ctx: &Context) -> Result<(), AppError> {
        let base = load_base(&self.file, &self.simulation.set)?;
        let inputs = base.source().inputs();
        ctx.refuse_existing_chart(&self.chart, &inputs)?;
        for axis in &self.sweep.axes {
            check_key(&base, &axis.key)?;
        }
        for &measure in &self.measures {
            check_measure_names(&base, measure, "--metric")?;
        }
        let choice = self.simulation.choice();
        let pool = ctx.pool(self.simulation.threads)?;
        mean_path_note(ctx, choice, &self.file, &base, pool);
        let shard = self.shard.unwrap_or(Shard::WHOLE);
        let points = pool.install(|| sweep::run(&base, &self.sweep, shard, choice))?;
        let method = method_used(points.iter().map(|p| &p.summary));
        let text = self.text(ctx, method, &points);
        ctx.chart_then(
            &self.chart,
            &inputs,
            || match self.sweep.axes.as_slice() {
                [axis] => line_chart(&SweepLine {
                    key: &axis.key,
                    values: &axis.values.0,
                    measures: &self.measures,
                    points: &points,
                    method,
                    never_at: f64::from(base.scenario.horizon_nights) + 1.0,
                }),
                _ => {
                    let [rows, columns] = [0, 1].map(|a| &self.sweep.axes[a]);
                    heat_map(&HeatMap {
                        keys: [&rows.key, &columns.key],
                        rows: &rows.values.0,
                        columns: &columns.values.0,
                        measure: self.measures[0],
                        points: &points,
                        method,
                    })
                }
            },
            || text,
        )
    }

    /// The points in the format asked for: a table or a matrix for people;
    /// one record per point for machines, so that shards concatenate.
    fn text(&self, ctx: &Context, method: Method, points: &[Point]) -> String {
        let keys: Vec<KeyPath> = self.sweep.axes.iter().map(|a| a.key.clone()).collect();
        let exporter = ctx.exporter(self.format);
        let rows = |human| report::sweep::sweep_rows(&keys, &self.measures, points, human);
        match self.format {
            Format::Table | Format::Markdown => {
                let mut table = match self.sweep.axes.get(1) {
                    Some(across) => report::sweep::sweep_matrix(
                        [&keys[0], &keys[1]],
                        &across.values.0,
                        self.measures[0],
                        points,
                        true,
                    ),
                    None => rows(true),
                };
                table.notes.push(report::sweep::method_note(method));
                table
                    .notes
                    .extend(exact_points_note(points.iter().map(|p| &p.summary)));
                exporter.grid(&table)
            }
            Format::Csv => {
                let text = exporter.grid(&rows(false));
                let first = self.shard.is_none_or(|shard| shard.is_first());
                match text.split_once('\n') {
                    Some((_, records)) if !first => records.to_string(),
                    _ => text,
                }
            }
            Format::Json if self.shard.is_some() => report::sweep::json_lines(&rows(false)),
            Format::Json => exporter.grid(&rows(false)),
        }
    }
}
