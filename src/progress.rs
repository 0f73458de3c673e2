//! A progress bar on stderr for long Monte Carlo runs, on a terminal only.

use magdepth::model::Scenario;
use magdepth::sim::Method;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};

/// Runs shorter than this many trial-nights finish too fast to need a bar.
const SHOW_FROM_TRIAL_NIGHTS: u64 = 20_000_000;
const WIDTH: u64 = 40;

pub struct ProgressBar {
    /// Trials in the whole run (all scenarios); 0 when no bar is drawn.
    total: u64,
    done: AtomicU64,
}

impl ProgressBar {
    /// A bar for the scenarios to be run, each by its method.
    pub fn new<'a>(runs: impl Iterator<Item = (Method, &'a Scenario)>) -> ProgressBar {
        let (trials, trial_nights) = runs.fold((0, 0), |(t, tn), (method, s)| match method {
            Method::MonteCarlo { trials, .. } => {
                (t + trials, tn + trials * u64::from(s.horizon_nights))
            }
            Method::Exact | Method::MeanPath => (t, tn),
        });
        let show = trial_nights >= SHOW_FROM_TRIAL_NIGHTS && std::io::stderr().is_terminal();
        ProgressBar {
            total: if show { trials } else { 0 },
            done: AtomicU64::new(0),
        }
    }

    /// Records `trials` more done, redrawing when the bar grows.
    pub fn advance(&self, trials: u64) {
        if self.total == 0 {
            return;
        }
        let before = self.done.fetch_add(trials, Ordering::Relaxed);
        let after = before + trials;
        let cells = |done: u64| done * WIDTH / self.total;
        if cells(after) != cells(before) {
            let filled = cells(after).min(WIDTH) as usize;
            let _ = write!(
                std::io::stderr(),
                "\r[{}{}] {:>3}% of {} trials",
                "#".repeat(filled),
                " ".repeat(WIDTH as usize - filled),
                after * 100 / self.total,
                self.total
            );
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if self.total > 0 {
            let _ = write!(std::io::stderr(), "\r{}\r", " ".repeat(70));
        }
    }
}
