//! Fitting a raid-size distribution to a record of nights, by the method of
//! moments.
//!
//! Over the n nights of the record (nights without a raid count as 0):
//! mean m = Σx / n and variance v = Σ(x − m)² / n (the moments of the record
//! itself, which the method of moments matches; dividing by n rather than
//! n − 1 also keeps a one-night record defined). Then:
//!
//! - m = 0: no raids at all, `missiles_per_night: 0`;
//! - v > m (over-dispersed, as real raids are): a negative binomial with
//!   p = m / v and r = m² / (v − m); in magdepth's parametrisation
//!   `negative_binomial: { mean: m, dispersion: r }` (variance m + m²/r = v);
//! - v ≤ m: a negative binomial would need r ≤ 0, so a Poisson of mean m,
//!   the closest the family comes. So is an r above the largest dispersion
//!   a scenario takes (1e6), where the two cannot be told apart.

use crate::date::Date;
use crate::limits::MAX_RAID_MEAN;
use crate::raid::Raid;

/// The figures of a record and the distribution fitted to them.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub nights: u32,
    pub nights_with_raid: u32,
    /// Nights with a raid / nights.
    pub share_with_raid: f64,
    pub launched: u64,
    pub mean: f64,
    /// Divided by n.
    pub variance: f64,
    pub largest_night: u64,
    /// The first night with the largest raid, when the record has dates.
    pub largest_night_date: Option<Date>,
    pub fitted: Fitted,
}

/// The distribution fitted to a record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fitted {
    /// Every night 0.
    NoRaids,
    Poisson {
        mean: f64,
    },
    NegativeBinomial {
        mean: f64,
        dispersion: f64,
        p: f64,
    },
}

impl Fitted {
    /// The raid it describes.
    pub fn raid(&self) -> Raid {
        match *self {
            Fitted::NoRaids => Raid::Every(0),
            Fitted::Poisson { mean } => Raid::Poisson { mean },
            Fitted::NegativeBinomial {
                mean, dispersion, ..
            } => Raid::NegativeBinomial { mean, dispersion },
        }
    }

    /// `poisson`, `negative_binomial` or `none`.
    pub fn name(&self) -> &'static str {
        match self {
            Fitted::NoRaids => "none",
            Fitted::Poisson { .. } => "poisson",
            Fitted::NegativeBinomial { .. } => "negative_binomial",
        }
    }

    /// A `missiles_per_night:` line to paste into a scenario, figures to
    /// four significant digits.
    pub fn snippet(&self) -> String {
        match *self {
            Fitted::NoRaids => "missiles_per_night: 0".to_string(),
            Fitted::Poisson { mean } => {
                format!("missiles_per_night: {{ poisson: {} }}", significant(mean))
            }
            Fitted::NegativeBinomial {
                mean, dispersion, ..
            } => format!(
                "missiles_per_night: {{ negative_binomial: {{ mean: {}, dispersion: {} }} }}",
                significant(mean),
                significant(dispersion)
            ),
        }
    }
}

/// `x` to four significant digits, trailing zeros dropped (at least 0.0001
/// shown for tiny positive values).
pub fn significant(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let decimals = (3 - x.abs().log10().floor() as i32).clamp(0, 8) as usize;
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "0" { "0.0001".into() } else { text }
}

/// Fits `nights` (night 1 first); `first_date` dates night 1, if known.
/// An empty record fits as no raids.
pub fn fit(nights: &[u64], first_date: Option<Date>) -> Fit {
    let n = nights.len().max(1) as f64;
    let launched: u64 = nights.iter().sum();
    let mean = launched as f64 / n;
    let variance = nights
        .iter()
        .map(|&x| (x as f64 - mean).powi(2))
        .sum::<f64>()
        / n;
    let nights_with_raid = nights.iter().filter(|&&x| x > 0).count() as u32;
    let largest_night = nights.iter().copied().max().unwrap_or(0);
    let largest_index = nights.iter().position(|&x| x == largest_night);
    let fitted = if mean == 0.0 {
        Fitted::NoRaids
    } else if variance > mean {
        let dispersion = mean * mean / (variance - mean);
        if dispersion > MAX_RAID_MEAN {
            Fitted::Poisson { mean }
        } else {
            Fitted::NegativeBinomial {
                mean,
                dispersion,
                p: mean / variance,
            }
        }
    } else {
        Fitted::Poisson { mean }
    };
    Fit {
        nights: nights.len() as u32,
        nights_with_raid,
        share_with_raid: f64::from(nights_with_raid) / n,
        launched,
        mean,
        variance,
        largest_night,
        largest_night_date: match (first_date, largest_index) {
            (Some(date), Some(i)) if largest_night > 0 => date.add_days(i as i64),
            _ => None,
        },
        fitted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_dispersed_record_fits_a_negative_binomial() {
        // [0, 0, 6, 0, 4]: mean 2, variance (4+4+16+4+4)/5 = 6.4;
        // p = 2/6.4 = 0.3125, r = 4/4.4 = 0.90909…
        let fit = fit(&[0, 0, 6, 0, 4], None);
        assert_eq!((fit.mean, fit.variance), (2.0, 6.4));
        let Fitted::NegativeBinomial {
            mean,
            dispersion,
            p,
        } = fit.fitted
        else {
            panic!("{:?}", fit.fitted)
        };
        assert_eq!(mean, 2.0);
        assert!((dispersion - 4.0 / 4.4).abs() < 1e-12);
        assert!((p - 0.3125).abs() < 1e-12);
        assert_eq!(
            fit.fitted.snippet(),
            "missiles_per_night: { negative_binomial: { mean: 2, dispersion: 0.9091 } }"
        );
    }

    #[test]
    fn under_dispersed_record_fits_a_poisson() {
        // [2, 3, 2, 3]: mean 2.5, variance 0.25 ≤ mean.
        let fit = fit(&[2, 3, 2, 3], None);
        assert_eq!(fit.fitted, Fitted::Poisson { mean: 2.5 });
        assert_eq!(fit.fitted.snippet(), "missiles_per_night: { poisson: 2.5 }");
        assert_eq!(super::fit(&[0, 0], None).fitted, Fitted::NoRaids);
    }

    #[test]
    fn four_significant_digits() {
        assert_eq!(significant(4.36956), "4.37");
        assert_eq!(significant(0.521349), "0.5213");
        assert_eq!(significant(1234.6), "1235");
        assert_eq!(significant(12.0), "12");
    }
}
