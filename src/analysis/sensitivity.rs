//! Sensitivity: each parameter moved alone from a low to a high value, the
//! others at the scenario's own values, ranked by how far the metric swings
//! (a tornado table).
//!
//! Without parameters named, the defaults are the raid size
//! (`missiles_per_night`, where it is a number), `interceptors_per_kill`,
//! the `stockpile` and each delivery's `count`, each ±25% of the file's
//! value (in the long form, those of every threat and interceptor type).
//! Whole numbers move outwards to whole numbers: the low value is rounded
//! down and the high value up (12 → 9..15; 2 → 1..3), so every one of them
//! moves; `interceptors_per_kill` never goes below 1.

use super::{Base, Measure, PointError, round_to};
use crate::overrides::{KeyPath, Scalar};
use crate::sim::Method;
use crate::summary::Summary;
use rayon::prelude::*;
use serde_yaml::Value;

/// One parameter of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub key: KeyPath,
    /// The file's value, where it gives one.
    pub base: Option<Scalar>,
    pub low: Scalar,
    pub high: Scalar,
}

impl Parameter {
    /// `key` at ±25% of the file's `value`; `None` when it is not a number.
    pub fn plus_minus_25(key: KeyPath, value: &Scalar) -> Option<Parameter> {
        let (low, high) = match *value {
            Scalar::Int(n) => {
                let floor = if key.leaf() == "interceptors_per_kill" {
                    1
                } else {
                    i64::MIN
                };
                let low = ((n as f64) * 0.75).floor() as i64;
                let high = ((n as f64) * 1.25).ceil() as i64;
                (Scalar::Int(low.max(floor).min(n)), Scalar::Int(high))
            }
            Scalar::Real(x) => (
                Scalar::Real(round_to(x * 0.75, 12)),
                Scalar::Real(round_to(x * 1.25, 12)),
            ),
            _ => return None,
        };
        Some(Parameter {
            key,
            base: Some(value.clone()),
            low,
            high,
        })
    }
}

/// The default parameters of a scenario document (see the module docs).
pub fn default_parameters(base: &Base) -> Vec<Parameter> {
    let doc = base.source().document();
    let mut keys: Vec<String> = Vec::new();
    for name in ["missiles_per_night", "interceptors_per_kill", "stockpile"] {
        keys.push(name.to_string());
    }
    for (group, fields) in [
        (
            "threats",
            &["missiles_per_night", "interceptors_per_kill"][..],
        ),
        ("interceptors", &["stockpile"][..]),
    ] {
        if let Some(Value::Mapping(map)) = doc.get(group) {
            for name in map.keys().filter_map(Value::as_str) {
                for field in fields {
                    keys.push(format!("{group}.{name}.{field}"));
                }
            }
        }
    }
    if let Some(Value::Sequence(list)) = doc.get("deliveries") {
        for i in 0..list.len() {
            keys.push(format!("deliveries.{i}.count"));
        }
    }
    keys.iter()
        .filter_map(|k| {
            let key: KeyPath = k.parse().ok()?;
            let value = base.value_at(&key)?;
            matches!(value, Scalar::Int(_))
                .then(|| Parameter::plus_minus_25(key, &value))
                .flatten()
        })
        .collect()
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

/// Simulates each parameter at its low and high value, in parallel.
pub fn tornado(
    base: &Base,
    parameters: &[Parameter],
    measure: Measure,
    method: Method,
) -> Result<Tornado, PointError> {
    let at_base = measure.value(&base.evaluate(&[], method)?);
    let runs: Vec<(Summary, Summary)> = parameters
        .par_iter()
        .map(|p| {
            let low = base.evaluate(&[(p.key.clone(), p.low.clone())], method)?;
            let high = base.evaluate(&[(p.key.clone(), p.high.clone())], method)?;
            Ok((low, high))
        })
        .collect::<Result<_, PointError>>()?;
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
    Ok(Tornado { at_base, bars })
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
    }
}
