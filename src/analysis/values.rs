//! The values a sweep, solve or sensitivity table tries, as written on the
//! command line, parsed into domain types.
//!
//! - `6..24`: every whole number from 6 to 24 inclusive;
//! - `6..24:2`: from 6 in steps of 2, up to 24 inclusive (6, 8, …, 24);
//! - `0.5..0.9:0.1`: reals in steps (0.5, 0.6, 0.7, 0.8, 0.9), rounded to
//!   the decimals written so that steps add up exactly;
//! - `1,2,3`, `0.5,0.7,0.9`, `salvo,shoot-look-shoot`: a list of YAML scalars.

use super::round_to;
use crate::cell::Cell;
use crate::overrides::{KeyPath, Scalar};
use std::str::FromStr;

/// Most values one `--vary` may list, and most points in one sweep grid.
pub const MAX_POINTS: usize = 1_000_000;

/// A non-empty list of values to try, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Values(pub Vec<Scalar>);

/// `LOW..HIGH`: two numbers, `LOW <= HIGH`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds {
    pub low: Scalar,
    pub high: Scalar,
}

/// `KEY=VALUES`.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    pub key: KeyPath,
    pub values: Values,
}

/// `KEY=LOW..HIGH`, or `KEY` alone for the file's value ±25%.
#[derive(Debug, Clone, PartialEq)]
pub struct Swing {
    pub key: KeyPath,
    pub bounds: Option<Bounds>,
}

/// A value set by key path, in a table: exactly as written for people, a
/// number for machines.
pub fn scalar_cell(value: &Scalar, human: bool) -> Cell {
    match value {
        _ if human => Cell::Text(value.to_string()),
        Scalar::Int(i) => Cell::Real(*i as f64),
        Scalar::Real(x) => Cell::Real(*x),
        Scalar::Bool(_) | Scalar::Text(_) => Cell::Text(value.to_string()),
    }
}

/// Decimals written after the point in a number (`0.25` → 2; `1e-3` → 12).
fn decimals(text: &str) -> u32 {
    let text = text.trim();
    if text.contains(['e', 'E']) {
        return 12;
    }
    text.split_once('.')
        .map_or(0, |(_, frac)| frac.len() as u32)
        .min(12)
}

/// `100-300` (a range written with a dash, which YAML reads as text) as
/// the range it means, `100..300`.
fn dashed_range(text: &str) -> Option<String> {
    let text = text.trim();
    let at = text.char_indices().skip(1).find(|&(_, c)| c == '-')?.0;
    let (low, high) = (&text[..at], &text[at + 1..]);
    let is_number = |t: &str| matches!(Scalar::parse(t), Ok(Scalar::Int(_) | Scalar::Real(_)));
    (is_number(low) && is_number(high)).then(|| format!("{low}..{high}"))
}

fn number(text: &str, what: &str) -> Result<Scalar, String> {
    match Scalar::parse(text) {
        Ok(s @ (Scalar::Int(_) | Scalar::Real(_))) => Ok(s),
        _ => Err(format!("the {what} `{}` is not a number", text.trim())),
    }
}

impl FromStr for Bounds {
    type Err = String;

    fn from_str(text: &str) -> Result<Bounds, String> {
        let Some((low, high)) = text.split_once("..") else {
            if let Some(range) = dashed_range(text) {
                return Err(format!("`{text}` is not a range; write {range}"));
            }
            return Err(format!(
                "`{text}` is not a range; write LOW..HIGH, e.g. 0..1000"
            ));
        };
        let low = number(low, "low end")?;
        let high = number(high, "high end")?;
        if low.as_f64() > high.as_f64() {
            return Err(format!(
                "the range {low}..{high} runs backwards; write {high}..{low}"
            ));
        }
        Ok(Bounds { low, high })
    }
}

impl FromStr for Values {
    type Err = String;

    fn from_str(text: &str) -> Result<Values, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("no values; give a range such as 6..24 or a list such as 1,2,3".into());
        }
        if !text.contains("..") {
            if let Some(range) = dashed_range(text) {
                return Err(format!(
                    "`{text}` is not a range; write {range} (or a list, {})",
                    text.replace('-', ",")
                ));
            }
            let values = text
                .split(',')
                .map(|item| {
                    if item.trim().is_empty() {
                        Err(format!(
                            "`{text}` has an empty item; write a list such as 1,2,3"
                        ))
                    } else {
                        Scalar::parse(item)
                    }
                })
                .collect::<Result<Vec<_>, _>>()?;
            if values.len() > MAX_POINTS {
                return Err(format!("at most {MAX_POINTS} values"));
            }
            return Ok(Values(values));
        }
        let (range, step_text) = match text.split_once(':') {
            Some((range, step)) => (range, Some(step)),
            None => (text, None),
        };
        let Bounds { low, high } = range.parse()?;
        let step = match step_text {
            None => Scalar::Int(1),
            Some(step) => number(step, "step")?,
        };
        let step_value = step.as_f64().unwrap_or(0.0);
        if step_value <= 0.0 {
            return Err(format!("the step must be more than 0, got {step}"));
        }
        let (lo, hi) = (low.as_f64().unwrap_or(0.0), high.as_f64().unwrap_or(0.0));
        let count = ((hi - lo) / step_value + 1e-9).floor() + 1.0;
        if !count.is_finite() || count > MAX_POINTS as f64 {
            return Err(format!(
                "{text} gives more than {MAX_POINTS} values; use a larger step"
            ));
        }
        let count = count as usize;
        let values = match (&low, &step) {
            (Scalar::Int(lo), Scalar::Int(step)) if matches!(high, Scalar::Int(_)) => (0..count)
                .map(|i| Scalar::Int(lo + step * i as i64))
                .collect(),
            _ => {
                if step_text.is_none() {
                    return Err(format!(
                        "a range of reals needs a step, e.g. {low}..{high}:0.1"
                    ));
                }
                let places = decimals(range.split_once("..").map_or("", |r| r.0))
                    .max(decimals(range.split_once("..").map_or("", |r| r.1)))
                    .max(decimals(step_text.unwrap_or("")));
                (0..count)
                    .map(|i| Scalar::Real(round_to(lo + step_value * i as f64, places)))
                    .collect()
            }
        };
        Ok(Values(values))
    }
}

impl FromStr for Vary {
    type Err = String;

    fn from_str(text: &str) -> Result<Vary, String> {
        let Some((key, values)) = text.split_once('=') else {
            return Err(format!(
                "`{text}`: write KEY=VALUES, e.g. stockpile=100..300:50 or pk=0.5,0.7,0.9"
            ));
        };
        Ok(Vary {
            key: key.trim().parse()?,
            values: values.parse()?,
        })
    }
}

impl FromStr for Swing {
    type Err = String;

    fn from_str(text: &str) -> Result<Swing, String> {
        match text.split_once('=') {
            None => Ok(Swing {
                key: text.trim().parse()?,
                bounds: None,
            }),
            Some((key, bounds)) => Ok(Swing {
                key: key.trim().parse()?,
                bounds: Some(bounds.parse()?),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(v: &[i64]) -> Values {
        Values(v.iter().map(|&i| Scalar::Int(i)).collect())
    }

    #[test]
    fn ranges_are_inclusive() {
        assert_eq!("6..9".parse(), Ok(ints(&[6, 7, 8, 9])));
        assert_eq!("6..12:3".parse(), Ok(ints(&[6, 9, 12])));
        // 6, 10, 14: 18 is past 16.
        assert_eq!("6..16:4".parse(), Ok(ints(&[6, 10, 14])));
        assert_eq!("5..5".parse(), Ok(ints(&[5])));
        assert_eq!("-2..1".parse(), Ok(ints(&[-2, -1, 0, 1])));
    }

    #[test]
    fn real_steps_add_up_exactly() {
        // 0.5 + 2 × 0.1 is 0.7000000000000001 in floating point; rounded to
        // the one decimal written, 0.7.
        let Values(v) = "0.5..0.9:0.1".parse().unwrap();
        assert_eq!(v, [0.5, 0.6, 0.7, 0.8, 0.9].map(Scalar::Real).to_vec(),);
        let Values(v) = "0..1:0.25".parse().unwrap();
        assert_eq!(v.len(), 5);
        assert_eq!(v[3], Scalar::Real(0.75));
    }

    #[test]
    fn lists_are_yaml_scalars() {
        assert_eq!("1,2,3".parse(), Ok(ints(&[1, 2, 3])));
        assert_eq!(
            "0.5, 0.7".parse(),
            Ok(Values(vec![Scalar::Real(0.5), Scalar::Real(0.7)]))
        );
        assert_eq!(
            "salvo,shoot-look-shoot".parse::<Values>().unwrap().0[1],
            Scalar::Text("shoot-look-shoot".into())
        );
    }

    #[test]
    fn bad_ranges_say_why() {
        let err = |t: &str| t.parse::<Values>().unwrap_err();
        assert_eq!(err("24..6"), "the range 24..6 runs backwards; write 6..24");
        assert_eq!(err("6..x"), "the high end `x` is not a number");
        assert_eq!(err("6..24:0"), "the step must be more than 0, got 0");
        assert_eq!(
            err("0.5..0.9"),
            "a range of reals needs a step, e.g. 0.5..0.9:0.1"
        );
        assert_eq!(
            err("1,,2"),
            "`1,,2` has an empty item; write a list such as 1,2,3"
        );
        assert!(err("0..10000000").contains("more than 1000000 values"));
        assert!("stockpile".parse::<Vary>().is_err());
        assert_eq!(
            err("100-300"),
            "`100-300` is not a range; write 100..300 (or a list, 100,300)"
        );
        assert_eq!(
            "0.5-0.9".parse::<Bounds>().unwrap_err(),
            "`0.5-0.9` is not a range; write 0.5..0.9"
        );
        // A negative number and a list with a negative number are still
        // what they say.
        assert_eq!("-3".parse(), Ok(ints(&[-3])));
        assert_eq!("1,-3".parse(), Ok(ints(&[1, -3])));
        assert_eq!(
            "salvo-x".parse::<Values>().unwrap().0,
            vec![Scalar::Text("salvo-x".into())]
        );
        assert_eq!("stockpile".parse::<Swing>().unwrap().bounds, None);
    }
}
