//! Serializing reals so that whole numbers read as whole numbers.
//!
//! Counts are carried as `f64` because expected values and Monte Carlo means
//! are fractional; with certain kills and fixed raids they are whole, and
//! JSON shows them as `24`, not `24.0`. Every whole number below 2^53 is
//! exact in an `f64`, and the scenario limits keep totals below that.

use serde::Serializer;

/// The largest whole number an `f64` holds exactly.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// `n` with its digits grouped in threes by commas, as messages and tables
/// write large numbers: 1000 → "1,000", 12598170935 → "12,598,170,935".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `x` without floating-point noise: rounded to 15 significant figures
/// (about what an `f64` holds) and at most nine decimals: 1074.2200000000003
/// → 1074.22, 23407.500000000004 → 23407.5, 12598170934.799997 →
/// 12598170934.8. That keeps far more precision than any figure here
/// carries. JSON and CSV write numbers through this.
pub fn round_noise(x: f64) -> f64 {
    if x.fract() == 0.0 || !x.is_finite() {
        return x;
    }
    let whole_digits = (x.abs().log10().floor() as i32 + 1).max(0);
    let decimals = (15 - whole_digits).clamp(0, 9);
    let scale = 10f64.powi(decimals);
    let rounded = (x * scale).round() / scale;
    if rounded.is_finite() { rounded } else { x }
}

/// Whether `x` is a whole number that an `f64` holds exactly.
pub fn is_exact_whole(x: f64) -> bool {
    x.fract() == 0.0 && x.abs() < EXACT
}

pub fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    let x = round_noise(*value);
    if is_exact_whole(x) {
        serializer.serialize_i64(x as i64)
    } else {
        serializer.serialize_f64(x)
    }
}

pub fn serialize_option<S: Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(x) => serialize(x, serializer),
        None => serializer.serialize_none(),
    }
}

/// A night that may never come, of a figure that may not apply: the outer
/// `None` is left out by `skip_serializing_if`; the inner is `null`.
pub fn serialize_dry_night<S: Serializer>(
    value: &Option<Option<f64>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serialize_option(&value.flatten(), serializer)
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        use super::grouped;
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(123_456), "123,456");
        assert_eq!(grouped(10_000_000), "10,000,000");
        assert_eq!(grouped(12_598_170_935), "12,598,170,935");
    }

    #[derive(serde::Serialize)]
    struct T {
        #[serde(serialize_with = "super::serialize")]
        a: f64,
        #[serde(serialize_with = "super::serialize")]
        b: f64,
        #[serde(serialize_with = "super::serialize_option")]
        c: Option<f64>,
        #[serde(serialize_with = "super::serialize_option")]
        d: Option<f64>,
    }

    #[test]
    fn floating_point_noise_is_rounded_away() {
        let t = T {
            a: 1074.2200000000003,
            b: 0.1 + 0.2,
            c: Some(2.9999999999999996),
            d: Some(1e12 + 0.5),
        };
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"a":1074.22,"b":0.3,"c":3,"d":1000000000000.5}"#
        );
    }

    #[test]
    fn noise_is_rounded_to_nine_decimals_below_a_million() {
        assert_eq!(super::round_noise(23407.500000000004), 23407.5);
        assert_eq!(super::round_noise(0.1 + 0.2), 0.3);
        // 1e12 + 0.5 is kept: two decimals are left at that size.
        assert_eq!(super::round_noise(1e12 + 0.5), 1e12 + 0.5);
        assert_eq!(super::round_noise(12598170934.799997), 12598170934.8);
        assert_eq!(super::round_noise(-2.9999999999999996), -3.0);
    }

    #[test]
    fn whole_reals_serialize_as_integers() {
        let t = T {
            a: 24.0,
            b: 8.5,
            c: None,
            d: Some(-3.0),
        };
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"a":24,"b":8.5,"c":null,"d":-3}"#
        );
    }
}
