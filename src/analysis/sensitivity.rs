//! Sensitivity: each parameter moved alone from a low to a high value, the
//! others at the scenario's own values, ranked by how far the metric swings
//! (a tornado table).
//!
//! Without parameters named, the defaults are every one of these that the
//! file gives as a number (in the long form, for every threat and
//! interceptor type), each ±25% of the file's value:
//!
//! - raid sizes: `missiles_per_night` where it is a number, or its
//!   distribution's mean (`missiles_per_night.poisson`,
//!   `missiles_per_night.negative_binomial.mean`);
//! - `interceptors_per_kill` and `pk` (of a threat, a type or the short form);
//! - `stockpile`;
//! - fire capacity: `engagements_per_night`, `launchers`,
//!   `rounds_per_launcher`;
//! - each delivery's `count`, and each production entry's `per_month`,
//!   `per_year` and `share`;
//!
//! and every figure the scenario gives as a range (`{ between: … }`,
//! `{ triangular: … }`), moved between its stated low and high instead. A
//! number given with its source (`{ value: x, source: … }`) counts as the
//! number. Whole numbers move outwards to whole numbers: the low value is
//! rounded down and the high value up (12 → 9..15; 2 → 1..3), so every one
//! of them moves; `interceptors_per_kill`, `launchers` and
//! `rounds_per_launcher` never go below 1, and a probability (`pk`,
//! `share`) stays within 0 to 1.

use super::{Base, Measure, PointError, method_used, round_to};
use crate::overrides::{KeyPath, Scalar};
use crate::sim::{Method, ModeChoice};
use crate::summary::Summary;
use crate::uncertain::{Range, Uncertain};
use rayon::prelude::*;
use serde_yaml::Value;

/// One parameter of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub key: KeyPath,
    /// The file's value, where it gives one (a range in words).
    pub base: Option<Scalar>,
    pub low: Scalar,
    pub high: Scalar,
}

/// Keys whose whole numbers are at least 1.
const AT_LEAST_ONE: [&str; 3] = ["interceptors_per_kill", "launchers", "rounds_per_launcher"];
/// Keys that are probabilities, 0 to 1.
const PROBABILITIES: [&str; 2] = ["pk", "share"];

impl Parameter {
    /// `key` at ±25% of the file's `value`; `None` when it is not a number.
    pub fn plus_minus_25(key: KeyPath, value: &Scalar) -> Option<Parameter> {
        let (low, high) = match *value {
            Scalar::Int(n) => {
                let floor = if AT_LEAST_ONE.contains(&key.leaf()) {
                    1
                } else {
                    i64::MIN
                };
                let low = ((n as f64) * 0.75).floor() as i64;
                let high = ((n as f64) * 1.25).ceil() as i64;
                let high = if PROBABILITIES.contains(&key.leaf()) {
                    high.min(1)
                } else {
                    high
                };
                (Scalar::Int(low.max(floor).min(n)), Scalar::Int(high))
            }
            Scalar::Real(x) => {
                let high = round_to(x * 1.25, 12);
                let high = if PROBABILITIES.contains(&key.leaf()) {
                    high.min(1.0)
                } else {
                    high
                };
                (Scalar::Real(round_to(x * 0.75, 12)), Scalar::Real(high))
            }
            _ => return None,
        };
        Some(Parameter {
            key,
            base: Some(value.clone()),
            low,
            high,
        })
    }

    /// A figure the scenario gives as a range, from its low to its high
    /// (whole numbers within it for a count).
    pub fn from_range(input: &Uncertain) -> Option<Parameter> {
        let key: KeyPath = input.key.parse().ok()?;
        let (low, high) = (input.range.low(), input.range.high());
        let (low, high) = if input.whole {
            (
                Scalar::Int(low.ceil() as i64),
                Scalar::Int(high.floor() as i64),
            )
        } else {
            (Scalar::Real(low), Scalar::Real(high))
        };
        let words = match input.range {
            Range::Between { low, high } => format!("between {low} and {high}"),
            Range::Triangular { low, likely, high } => {
                format!("{low} to {high}, likely {likely}")
            }
        };
        Some(Parameter {
            key,
            base: Some(Scalar::Text(words)),
            low,
            high,
        })
    }
}

/// The raid-size keys under `prefix` (`` or `threats.<name>.`).
fn raid_keys(prefix: &str) -> [String; 3] {
    [
        format!("{prefix}missiles_per_night"),
        format!("{prefix}missiles_per_night.poisson"),
        format!("{prefix}missiles_per_night.negative_binomial.mean"),
    ]
}

/// The default parameters of a scenario (see the module docs).
pub fn default_parameters(base: &Base) -> Vec<Parameter> {
    let doc = base.source().document();
    let mut keys: Vec<String> = raid_keys("").to_vec();
    keys.extend(["interceptors_per_kill", "pk", "stockpile"].map(String::from));
    let names = |group: &str| -> Vec<String> {
        match doc.get(group) {
            Some(Value::Mapping(map)) => map
                .keys()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        }
    };
    for name in names("threats") {
        let prefix = format!("threats.{name}.");
        keys.extend(raid_keys(&prefix));
        keys.extend(["interceptors_per_kill", "pk"].map(|f| format!("{prefix}{f}")));
    }
    for name in names("interceptors") {
        keys.extend(
            [
                "stockpile",
                "pk",
                "engagements_per_night",
                "launchers",
                "rounds_per_launcher",
            ]
            .map(|f| format!("interceptors.{name}.{f}")),
        );
    }
    let entries = |group: &str| match doc.get(group) {
        Some(Value::Sequence(list)) => list.len(),
        _ => 0,
    };
    for i in 0..entries("deliveries") {
        keys.push(format!("deliveries.{i}.count"));
    }
    for i in 0..entries("production") {
        keys.extend(["per_month", "per_year", "share"].map(|f| format!("production.{i}.{f}")));
    }
    let mut parameters: Vec<Parameter> = keys
        .iter()
        .filter_map(|k| {
            let key: KeyPath = k.parse().ok()?;
            // A number, or a number given with its source.
            let value = base.value_at(&key).or_else(|| {
                let sourced: KeyPath = format!("{k}.value").parse().ok()?;
                base.value_at(&sourced)
            })?;
            matches!(value, Scalar::Int(_) | Scalar::Real(_))
                .then(|| Parameter::plus_minus_25(key, &value))
                .flatten()
        })
        .collect();
    parameters.extend(
        base.scenario
            .uncertain
            .iter()
            .filter_map(Parameter::from_range),
    );
    parameters
}

/// One bar of the tornado.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub parameter: Parameter,
    /// The metric with the parameter at its low and high value (a night
    /// that never came as `None`).
    pub at_low: Option<f64>,
    pub at_high: Option<f64>,
    /// |metric(high) − metric(low)|, a night that never came counting as
    /// night horizon + 1.
    pub swing: f64,
}

/// The table: the metric at the scenario's own values, and the bars, widest
/// swing first (ties in the order given).
#[derive(Debug, Clone, PartialEq)]
pub struct Tornado {
    pub at_base: Option<f64>,
    pub bars: Vec<Bar>,
    /// How the runs were simulated (see [`super::method_used`]).
    pub method: Method,
}

/// A metric value for the swing: a night that never came is night
/// horizon + 1.
fn swing_value(measure: Measure, summary: &Summary) -> f64 {
    match measure.value(summary) {
        Some(x) => x,
        None if measure.is_night() => f64::from(summary.horizon_nights) + 1.0,
        None => f64::NAN,
    }
}

/// Simulates each parameter at its low and high value, in parallel, each
/// run by the method `choice` gives it.
pub fn tornado(
    base: &Base,
    parameters: &[Parameter],
    measure: Measure,
    choice: ModeChoice,
) -> Result<Tornado, PointError> {
    let own = base.evaluate(&[], choice)?;
    let at_base = measure.value(&own);
    let runs: Vec<(Summary, Summary)> = parameters
        .par_iter()
        .map(|p| {
            let low = base.evaluate(&[(p.key.clone(), p.low.clone())], choice)?;
            let high = base.evaluate(&[(p.key.clone(), p.high.clone())], choice)?;
            Ok((low, high))
        })
        .collect::<Result<_, PointError>>()?;
    let method =
        method_used(std::iter::once(&own).chain(runs.iter().flat_map(|(low, high)| [low, high])));
    let mut bars: Vec<Bar> = parameters
        .iter()
        .zip(runs)
        .map(|(p, (low, high))| Bar {
            parameter: p.clone(),
            at_low: measure.value(&low),
            at_high: measure.value(&high),
            swing: (swing_value(measure, &high) - swing_value(measure, &low)).abs(),
        })
        .collect();
    // Widest first; a stable sort keeps ties in the order given.
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    Ok(Tornado {
        at_base,
        bars,
        method,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pm(key: &str, n: i64) -> (Scalar, Scalar) {
        let p = Parameter::plus_minus_25(key.parse().unwrap(), &Scalar::Int(n)).unwrap();
        (p.low, p.high)
    }

    #[test]
    fn whole_numbers_move_outwards() {
        // 12 × 0.75 = 9, 12 × 1.25 = 15.
        assert_eq!(
            pm("missiles_per_night", 12),
            (Scalar::Int(9), Scalar::Int(15))
        );
        // 2 × 0.75 = 1.5 → 1; 2 × 1.25 = 2.5 → 3.
        assert_eq!(
            pm("interceptors_per_kill", 2),
            (Scalar::Int(1), Scalar::Int(3))
        );
        // 1 × 0.75 = 0.75 → 0, but at least 1 interceptor per kill.
        assert_eq!(
            pm("interceptors_per_kill", 1),
            (Scalar::Int(1), Scalar::Int(2))
        );
        // 10 × 0.75 = 7.5 → 7; 10 × 1.25 = 12.5 → 13.
        assert_eq!(
            pm("deliveries.0.count", 10),
            (Scalar::Int(7), Scalar::Int(13))
        );
        assert_eq!(pm("stockpile", 0), (Scalar::Int(0), Scalar::Int(0)));
        // 1 launcher × 0.75 → 0, but at least 1 launcher.
        assert_eq!(
            pm("interceptors.pac3-mse.launchers", 1),
            (Scalar::Int(1), Scalar::Int(2))
        );
    }

    #[test]
    fn probabilities_stay_within_0_and_1() {
        let p = |x: f64| {
            let p =
                Parameter::plus_minus_25("interceptors.a.pk".parse().unwrap(), &Scalar::Real(x))
                    .unwrap();
            (p.low, p.high)
        };
        // 0.8 × 0.75 = 0.6; 0.8 × 1.25 = 1.0.
        assert_eq!(p(0.8), (Scalar::Real(0.6), Scalar::Real(1.0)));
        // 0.9 × 1.25 = 1.125, held at 1.
        assert_eq!(p(0.9), (Scalar::Real(0.675), Scalar::Real(1.0)));
    }

    #[test]
    fn a_range_moves_between_its_ends() {
        let whole = Uncertain {
            key: "interceptors.pac3-mse.stockpile".into(),
            range: Range::Triangular {
                low: 150.0,
                likely: 300.0,
                high: 400.0,
            },
            whole: true,
            input: crate::uncertain::Input::Stockpile { interceptor: 0 },
            source: None,
        };
        let p = Parameter::from_range(&whole).unwrap();
        assert_eq!((p.low, p.high), (Scalar::Int(150), Scalar::Int(400)));
        assert_eq!(p.base, Some(Scalar::Text("150 to 400, likely 300".into())));
        let pk = Uncertain {
            key: "pk".into(),
            range: Range::Between {
                low: 0.6,
                high: 0.9,
            },
            whole: false,
            input: crate::uncertain::Input::Pk {
                engagements: Vec::new(),
            },
            source: None,
        };
        let p = Parameter::from_range(&pk).unwrap();
        assert_eq!((p.low, p.high), (Scalar::Real(0.6), Scalar::Real(0.9)));
        assert_eq!(p.base, Some(Scalar::Text("between 0.6 and 0.9".into())));
    }
}
