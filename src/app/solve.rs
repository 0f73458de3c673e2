//! `magdepth solve`: the smallest (or largest) value of a key that meets a
//! target.

use super::analysis::{check_key, check_measure, load_base};
use super::context::Context;
use super::error::AppError;
use crate::cli::{SimulationArgs, SolveArgs};
use magdepth::analysis::solve::{self, Domain, Target, Want};
use magdepth::analysis::values::Bounds;
use magdepth::overrides::KeyPath;
use magdepth::report::{self, Format};
use std::path::PathBuf;

pub struct Settings {
    file: PathBuf,
    key: KeyPath,
    target: Target,
    range: Bounds,
    want: Want,
    tolerance: f64,
    simulation: SimulationArgs,
    format: Format,
}

impl Settings {
    pub fn from_args(args: SolveArgs) -> Result<Settings, AppError> {
        check_measure(args.target.measure, args.simulation.mode.into())?;
        if !(args.tolerance > 0.0 && args.tolerance.is_finite()) {
            return Err(AppError::Usage(format!(
                "--tolerance must be more than 0, got {}",
                args.tolerance
            )));
        }
        Ok(Settings {
            file: args.file,
            key: args.find,
            target: args.target,
            range: args.range,
            want: if args.max {
                Want::Largest
            } else {
                Want::Smallest
            },
            tolerance: args.tolerance,
            simulation: args.simulation,
            format: args.output.format.into(),
        })
    }

    pub fn execute(self, ctx: &Context) -> Result<(), AppError> {
        let base = load_base(&self.file, &self.simulation.set)?;
        check_key(&base, &self.key)?;
        let (low, high) = (
            self.range.low.as_f64().unwrap_or(0.0),
            self.range.high.as_f64().unwrap_or(0.0),
        );
        let whole = base.takes_whole_numbers(&self.key);
        let domain = if whole {
            Domain::integer(low, high)
        } else {
            Domain::real(low, high, self.tolerance)
        }
        .map_err(AppError::Usage)?;
        let method = ctx.method(&self.simulation);
        let pool = ctx.pool(self.simulation.threads)?;
        let solution = pool
            .install(|| solve::solve(&base, &self.key, domain, &self.target, self.want, method))?;
        let (first, last) = domain.bounds();
        let question = report::sweep::SolveQuestion {
            key: &self.key,
            target: &self.target,
            want: self.want,
            range: format!("{}..{}", domain.value(first), domain.value(last)),
            tolerance: (!whole).then_some(self.tolerance),
            method,
        };
        let human = matches!(self.format, Format::Table | Format::Markdown);
        let grid = report::sweep::solve_grid(&question, &solution, human);
        ctx.emit(&ctx.exporter(self.format).grid(&grid))?;
        if solution.found.is_some() {
            return Ok(());
        }
        // Tables for people say so in their notes already.
        Err(AppError::TargetNotMet((!human).then(|| {
            format!(
                "no value of {} in {} meets {}",
                self.key, question.range, self.target
            )
        })))
    }
}
