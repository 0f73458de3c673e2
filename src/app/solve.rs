//! `magdepth solve`: the smallest (or largest) value of a key that meets a
//! target.

use super::analysis::{check_key, check_measure, check_measure_names, load_base, mean_path_note};
use super::context::Context;
use super::error::AppError;
use crate::cli::{SimulationArgs, SolveArgs};
use magdepth::analysis::solve::{self, Domain, Goal, REPLICATES, Solution, Target, Want};
use magdepth::analysis::values::Bounds;
use magdepth::cell::{Cell, Grid, label};
use magdepth::overrides::KeyPath;
use magdepth::report::{self, Format};
use magdepth::sim::Method;
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
        check_measure(args.target.measure, args.simulation.choice())?;
        args.target.check_reachable(None).map_err(AppError::Usage)?;
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
        check_measure_names(&base, self.target.measure, "--target")?;
        // The horizon bounds the nights; solving for it, its largest value.
        let horizon = if self.key.to_string() == "horizon_nights" {
            self.range
                .high
                .as_f64()
                .map(|h| h.max(0.0).min(f64::from(u32::MAX)) as u32)
        } else {
            Some(base.scenario.horizon_nights)
        };
        self.target
            .check_reachable(horizon)
            .map_err(AppError::Usage)?;
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
        let choice = self.simulation.choice();
        let pool = ctx.pool(self.simulation.threads)?;
        mean_path_note(ctx, choice, &self.file, &base, pool);
        let solution = pool
            .install(|| solve::solve(&base, &self.key, domain, &self.target, self.want, choice))?;
        let (first, last) = domain.bounds();
        let question = report::sweep::SolveQuestion {
            key: &self.key,
            target: &self.target,
            want: self.want,
            range: format!("{}..{}", domain.value(first), domain.value(last)),
            tolerance: (!whole).then_some(self.tolerance),
            method: solution.method,
        };
        let human = matches!(self.format, Format::Table | Format::Markdown);
        let mut grid = report::sweep::solve_grid(&question, &solution, human);
        add_checks(&mut grid, &self.target, &solution, human);
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

/// The checks of the answer (see [`solve::solve`]): in Monte Carlo mode the
/// standard error at the value shown and what it holds for; when no value
/// meets the target, whether fire capacity is what stops it. A row (or
/// column) each, and notes for people.
fn add_checks(grid: &mut Grid, target: &Target, solution: &Solution, human: bool) {
    let metric = target.measure;
    let shown = solution.found.as_ref().or(solution.best.as_ref());
    let mut fields: Vec<(String, Cell)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    if let (Some(error), Some(shown), Method::MonteCarlo { trials, seed }) =
        (solution.standard_error, shown, solution.method)
    {
        fields.push((
            "standard_error".into(),
            error.map_or(Cell::Empty, Cell::Real),
        ));
        let runs = format!(
            "the standard deviation of {metric} over {REPLICATES} runs with seeds {seed} to {}",
            seed.wrapping_add(REPLICATES - 1)
        );
        let mut note = format!(
            "The answer holds for seed {seed} and {trials} trials. At {} the standard error of \
             {metric} is ",
            shown.value
        );
        match error {
            Some(error) => {
                note.push_str(&format!("{} ({runs}).", Cell::Real(error).display()));
                let near = match (target.goal, shown.metric) {
                    (Goal::Number(goal), Some(value)) => (value - goal).abs() < 2.0 * error,
                    _ => false,
                };
                if near {
                    note.push_str(
                        " That is within two standard errors of the target, so another seed \
                         or more trials may well give another answer.",
                    );
                }
            }
            None => note.push_str(&format!(
                "undefined: in some of the {REPLICATES} runs with seeds {seed} to {} the night \
                 never comes.",
                seed.wrapping_add(REPLICATES - 1)
            )),
        }
        notes.push(note);
    }
    if let Some((value, lifted)) = &solution.without_capacity {
        let cell = magdepth::analysis::measure::measure_cell(metric, *lifted);
        notes.push(format!(
            "With unlimited fire capacity, {value} would give {} {}, which meets the target: \
             fire capacity, not stock, is what stops it being met.",
            label(&metric.name()),
            cell.display()
        ));
        fields.push((
            "value_without_capacity_limits".into(),
            magdepth::analysis::values::scalar_cell(value, human),
        ));
        fields.push((format!("{}_without_capacity_limits", metric.name()), cell));
    }
    for (name, cell) in fields {
        if human {
            grid.rows.push(vec![Cell::Text(label(&name)), cell]);
        } else {
            grid.headers.push(name);
            if let Some(row) = grid.rows.first_mut() {
                row.push(cell);
            }
        }
    }
    if human {
        grid.notes.extend(notes);
    }
}
