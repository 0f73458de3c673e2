//! `magdepth sensitivity`: each parameter moved alone, ranked by how far
//! the metric swings (a tornado table or chart).

use super::analysis::{check_key, check_measure, check_measure_names, load_base, mean_path_note};
use super::context::Context;
use super::error::AppError;
use crate::cli::{ChartArgs, SensitivityArgs, SimulationArgs};
use magdepth::analysis::sensitivity::{self, Parameter};
use magdepth::analysis::values::Swing;
use magdepth::analysis::{Base, Measure};
use magdepth::report::{self, Format};
use std::path::PathBuf;

pub struct Settings {
    file: PathBuf,
    vary: Vec<Swing>,
    metric: Measure,
    simulation: SimulationArgs,
    format: Format,
    chart: ChartArgs,
}

impl Settings {
    pub fn from_args(args: SensitivityArgs) -> Result<Settings, AppError> {
        check_measure(args.metric, args.simulation.choice())?;
        Ok(Settings {
            file: args.file,
            vary: args.vary,
            metric: args.metric,
            simulation: args.simulation,
            format: args.output.format.into(),
            chart: args.chart,
        })
    }

    pub fn execute(self, ctx: &Context) -> Result<(), AppError> {
        let base = load_base(&self.file, &self.simulation.set)?;
        let inputs = base.source().inputs();
        ctx.refuse_existing_chart(&self.chart, &inputs)?;
        check_measure_names(&base, self.metric, "--metric")?;
        let named = parameters(&base, &self.vary)?;
        let defaults = named.is_empty();
        let parameters = if defaults {
            let found = sensitivity::default_parameters(&base);
            if found.is_empty() {
                return Err(AppError::Usage(
                    "the file has none of the default parameters as numbers or ranges; name them \
                     with --vary KEY=LOW..HIGH"
                        .into(),
                ));
            }
            found
        } else {
            named
        };
        let choice = self.simulation.choice();
        let pool = ctx.pool(self.simulation.threads)?;
        mean_path_note(ctx, choice, &self.file, &base, pool);
        let tornado =
            pool.install(|| sensitivity::tornado(&base, &parameters, self.metric, choice))?;
        let method = tornado.method;
        let human = matches!(self.format, Format::Table | Format::Markdown);
        let mut grid = report::sweep::tornado_grid(&tornado, self.metric, defaults, method, human);
        if human && defaults && !base.scenario.uncertain.is_empty() {
            grid.notes.push(
                "Figures the scenario gives as ranges move from their low to their high.".into(),
            );
        }
        ctx.chart_then(
            &self.chart,
            &inputs,
            || {
                let never_at = f64::from(base.scenario.horizon_nights) + 1.0;
                magdepth::chart::tornado::tornado_chart(
                    &tornado,
                    self.metric,
                    method,
                    never_at,
                    "tornado",
                )
            },
            || ctx.exporter(self.format).grid(&grid),
        )
    }
}

/// The parameters `--vary` names: its bounds, or the file's value ±25%.
fn parameters(base: &Base, vary: &[Swing]) -> Result<Vec<Parameter>, AppError> {
    let mut parameters: Vec<Parameter> = Vec::new();
    for swing in vary {
        if parameters.iter().any(|p| p.key == swing.key) {
            return Err(AppError::Usage(format!(
                "--vary {} is given twice",
                swing.key
            )));
        }
        let file_value = base.value_at(&swing.key);
        // A figure given as a range moves between its ends.
        let ranged = base
            .scenario
            .uncertain
            .iter()
            .find(|u| u.key == swing.key.to_string())
            .and_then(Parameter::from_range);
        let parameter = match (&swing.bounds, &file_value, ranged) {
            (None, None, Some(ranged)) => ranged,
            (Some(bounds), _, _) => Parameter {
                key: swing.key.clone(),
                base: file_value.clone(),
                low: bounds.low.clone(),
                high: bounds.high.clone(),
            },
            (None, Some(value), _) => Parameter::plus_minus_25(swing.key.clone(), value)
                .ok_or_else(|| {
                    AppError::Usage(format!(
                        "{} is `{value}` in the file, not a number to take ±25% of; \
                         give {}=LOW..HIGH",
                        swing.key, swing.key
                    ))
                })?,
            (None, None, None) => {
                check_key(base, &swing.key)?;
                return Err(AppError::Usage(format!(
                    "the file gives no value for {}; give {}=LOW..HIGH",
                    swing.key, swing.key
                )));
            }
        };
        check_key(base, &parameter.key)?;
        parameters.push(parameter);
    }
    Ok(parameters)
}
