//! `magdepth explain`: the resolved scenario, then its key nights in words
//! along one path (exact where nothing is random, else the mean path),
//! with what Monte Carlo gives where something is random.

use super::context::Context;
use super::error::AppError;
use super::scenarios::{self, NOTHING_RUN, shown};
use crate::cli::{ExplainArgs, SimulationArgs};
use magdepth::sim::{Method, simulate};
use magdepth::summary::Summary;
use std::path::PathBuf;

pub struct Settings {
    file: PathBuf,
    simulation: SimulationArgs,
}

impl Settings {
    pub fn from_args(args: ExplainArgs) -> Result<Settings, AppError> {
        Ok(Settings {
            file: args.file,
            simulation: args.simulation,
        })
    }

    pub fn execute(self, ctx: &Context) -> Result<(), AppError> {
        let source = scenarios::open_one(&self.file, &self.simulation.set)?;
        let scenario = source
            .scenario()
            .map_err(|e| AppError::load(vec![e], NOTHING_RUN))?;
        // The words follow one path: trials have none to narrate.
        let path = simulate(&scenario, Method::MeanPath, &|_| {});
        let mut out = magdepth::explain::explain(&scenario, &path);
        let choice = self.simulation.choice();
        let pool = ctx.pool(self.simulation.threads)?;
        if let method @ Method::MonteCarlo { .. } = choice.method_for(&scenario) {
            let trials = pool.install(|| simulate(&scenario, method, &|_| {}).summary);
            out.push_str(&monte_carlo_words(&trials));
        }
        ctx.mean_path_note(choice, &shown(&self.file), &scenario, &path.summary, pool);
        ctx.emit(&out)
    }
}

/// The headline figures over the trials, in words.
fn monte_carlo_words(summary: &Summary) -> String {
    let (Some(d), Some(trials), Some(seed)) = (&summary.distribution, summary.trials, summary.seed)
    else {
        return String::new();
    };
    let night = |x: Option<f64>| x.map_or("never".to_string(), |n| n.to_string());
    let spread = |s: &magdepth::summary::Spread| {
        format!(
            "a median of {} ({} to {} in 90% of trials)",
            night(s.p50),
            night(s.p5),
            night(s.p95)
        )
    };
    format!(
        "\n# Over {trials} Monte Carlo trials (seed {seed}), which draw every raid and shot\n\
         Nights fully defended: {}.\n\
         First shortfall night: {}.\n\
         Leakers: a mean of {}, {}.\n",
        spread(&d.nights_fully_defended),
        spread(&d.first_shortfall_night),
        magdepth::cell::Cell::Real(d.leakers.mean).display(),
        spread(&d.leakers)
    )
}
