//! What a sweep, solve or sensitivity table reports: any summary field by
//! name, or in Monte Carlo mode a statistic of a per-trial distribution
//! (`nights_fully_defended.p5`).

use crate::cell::Cell;
use crate::sim::Mode;
use crate::suggest::nearest;
use crate::summary::{Figure, Metric, Stat, Summary};
use std::fmt;
use std::str::FromStr;

/// A figure read off a simulation's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// A summary field (`nights_fully_defended`, `p_lasts_horizon`, …).
    Field(Metric),
    /// Monte Carlo: a statistic of a per-trial figure, `<figure>.<stat>`.
    Spread { figure: Figure, stat: Stat },
}

impl Measure {
    /// The default: nights fully defended.
    pub const DEFAULT: Measure = Measure::Field(Metric::NightsFullyDefended);

    /// Every name accepted, summary fields first.
    pub fn names() -> Vec<String> {
        let mut names: Vec<String> = Metric::ALL.iter().map(|m| m.name().to_string()).collect();
        for figure in Figure::ALL {
            for stat in Stat::ALL {
                names.push(format!("{}.{}", figure.name(), stat.name()));
            }
        }
        names
    }

    pub fn name(&self) -> String {
        match *self {
            Measure::Field(metric) => metric.name().to_string(),
            Measure::Spread { figure, stat } => format!("{}.{}", figure.name(), stat.name()),
        }
    }

    /// Whether the figure exists in `mode`.
    pub fn applies_to(&self, mode: Mode) -> bool {
        match self {
            Measure::Field(metric) => metric.applies_to(mode),
            Measure::Spread { .. } => mode == Mode::MonteCarlo,
        }
    }

    /// Whether the figure is a night, absent ("never") when it never came.
    /// A night that never came is later than every night.
    pub fn is_night(&self) -> bool {
        match *self {
            Measure::Field(metric) => metric.is_night(),
            Measure::Spread { figure, .. } => {
                matches!(figure, Figure::ExhaustedNight | Figure::FirstShortfallNight)
            }
        }
    }

    /// Whether the figure is a probability (shown to three decimals).
    pub fn is_probability(&self) -> bool {
        *self == Measure::Field(Metric::PLastsHorizon)
    }

    /// The figure's value; `None` for a night that never came or a figure of
    /// another mode.
    pub fn value(&self, summary: &Summary) -> Option<f64> {
        match *self {
            Measure::Field(metric) => metric.value(summary),
            Measure::Spread { figure, stat } => stat.of(figure.of(summary.distribution.as_ref()?)),
        }
    }

    /// The value for ordering: a night that never came is +∞.
    pub fn ordered_value(&self, summary: &Summary) -> Option<f64> {
        match self.value(summary) {
            None if self.is_night() => Some(f64::INFINITY),
            other => other,
        }
    }
}

/// A metric value in a table or chart: a night that never came reads
/// "never" (JSON null).
pub fn measure_cell(measure: Measure, value: Option<f64>) -> Cell {
    match value {
        Some(x) if measure.is_probability() => Cell::Probability(x),
        Some(x) if matches!(measure, Measure::Field(m) if m.is_money()) => Cell::Money(x),
        Some(x) => Cell::Real(x),
        None if measure.is_night() => Cell::Never,
        None => Cell::Empty,
    }
}

impl FromStr for Measure {
    type Err = String;

    fn from_str(text: &str) -> Result<Measure, String> {
        let text = text.trim();
        if let Some(metric) = Metric::from_name(text) {
            return Ok(Measure::Field(metric));
        }
        if let Some((figure, stat)) = text.split_once('.')
            && let (Some(figure), Some(stat)) = (Figure::from_name(figure), Stat::from_name(stat))
        {
            return Ok(Measure::Spread { figure, stat });
        }
        let names = Measure::names();
        Err(match nearest(text, names.iter().map(String::as_str)) {
            Some(near) => format!("unknown metric `{text}`; did you mean `{near}`?"),
            None => format!(
                "unknown metric `{text}`; metrics are the summary fields ({}) and, in \
                     Monte Carlo mode, <figure>.<stat> with figure one of {} and stat one of {}",
                Metric::ALL.map(|m| m.name()).join(", "),
                Figure::ALL.map(|f| f.name()).join(", "),
                Stat::ALL.map(|s| s.name()).join(", ")
            ),
        })
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in Measure::names() {
            assert_eq!(name.parse::<Measure>().unwrap().name(), name);
        }
        assert_eq!(
            "nights_fully_defended.p5".parse::<Measure>(),
            Ok(Measure::Spread {
                figure: Figure::NightsFullyDefended,
                stat: Stat::P5
            })
        );
        assert_eq!(
            "nights_fuly_defended".parse::<Measure>().unwrap_err(),
            "unknown metric `nights_fuly_defended`; did you mean `nights_fully_defended`?"
        );
    }
}
