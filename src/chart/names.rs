//! Names for people: a scenario key path or a measure as a chart writes
//! it. One place, so every chart names the same thing the same way.

use crate::analysis::Measure;
use crate::cell::label;
use crate::summary::Stat;
use crate::uncertain::Range;

/// A key path as a chart labels it: the owner (an interceptor type, a
/// threat, a delivery or production line) before a colon, then what the
/// key is, in words. `threats.ballistic.missiles_per_night.negative_binomial.mean`
/// is "ballistic: raid mean", `interceptors.pac3-mse.pk` "pac3-mse: kill
/// probability", `deliveries.0.count` "delivery 1: count", `stockpile`
/// "stockpile". Keys it has no words for keep their own name with spaces
/// for underscores.
pub fn key_label(key: &str) -> String {
    let segments: Vec<&str> = key.split('.').collect();
    let (owner, rest) = match segments.as_slice() {
        ["interceptors" | "threats", name, rest @ ..] if !rest.is_empty() => {
            (Some(name.to_string()), rest)
        }
        [list @ ("deliveries" | "production"), index, rest @ ..] if !rest.is_empty() => {
            let what = if *list == "deliveries" {
                "delivery"
            } else {
                "production line"
            };
            let number = index
                .parse::<usize>()
                .map_or(index.to_string(), |i| (i + 1).to_string());
            (Some(format!("{what} {number}")), rest)
        }
        _ => (None, segments.as_slice()),
    };
    let what = key_words(rest);
    match owner {
        Some(owner) => format!("{owner}: {what}"),
        None => what,
    }
}

/// What the key under its owner is, in words.
fn key_words(rest: &[&str]) -> String {
    // A raid size: the distribution's parameter says which figure of it.
    if let ["missiles_per_night", shape @ ..] = rest {
        return match shape {
            [] => "raid size".into(),
            ["poisson"] | ["negative_binomial", "mean"] => "raid mean".into(),
            ["negative_binomial", "dispersion"] => "raid dispersion".into(),
            ["choice", ..] => "raid sizes".into(),
            [index] if index.parse::<usize>().is_ok() => {
                format!(
                    "raid on pattern night {}",
                    index.parse::<usize>().unwrap_or(0) + 1
                )
            }
            _ => format!("raid {}", label(&shape.join(" "))),
        };
    }
    // The attacker's arsenal: its production lines count from 1.
    if let ["arsenal", "production", index, leaf @ ..] = rest {
        let number = index
            .parse::<usize>()
            .map_or(index.to_string(), |i| (i + 1).to_string());
        return format!("arsenal production line {number}, {}", key_words(leaf));
    }
    let leaf = rest.last().copied().unwrap_or("");
    let words = match leaf {
        "on_hand" => "arsenal on hand",
        "max_per_night" => "launch capacity",
        "lost_to_ew" => "lost to EW",
        "per_month" => "made a month",
        "per_year" => "made a year",
        "pk" => "kill probability",
        "interceptors_per_kill" => "interceptors per kill",
        "unit_cost" => "unit cost",
        "horizon_nights" => "horizon",
        "raid_probability" => "chance of a raid",
        "engagements_per_night" => "engagements a night",
        "per_night" => "made a night",
        "lead_time_nights" => "lead time",
        "every_nights" => "interval",
        "reload_nights" => "reload time",
        other => return label(other),
    };
    words.to_string()
}

/// A measure as a chart titles it, in words: "Nights fully defended",
/// or in Monte Carlo mode "Nights fully defended, median over trials".
pub fn measure_title(measure: Measure) -> String {
    match measure {
        Measure::Field(metric) => capitalised(&label(metric.name())),
        Measure::Spread { figure, stat } => {
            let statistic = match stat {
                Stat::Mean => "mean over trials",
                Stat::P5 => "5th percentile over trials",
                Stat::P50 => "median over trials",
                Stat::P95 => "95th percentile over trials",
            };
            format!("{}, {statistic}", capitalised(&label(figure.name())))
        }
        Measure::Threat { .. } | Measure::Interceptor { .. } => capitalised(&measure.label()),
        Measure::RunsOutFirst(_) => {
            format!("Share of trials: {}", measure.label())
        }
    }
}

/// A range as a reader reads it: `between: [100, 300]` is "100 to 300",
/// `triangular: [150, 300, 400]` "150 to 400, most likely 300". Numbers are
/// written as given, to at most four decimals.
pub fn range_words(range: &Range) -> String {
    let n = |x: f64| crate::cell::Cell::Real(round_to(x, 4)).plain();
    match *range {
        Range::Between { low, high } => format!("{} to {}", n(low), n(high)),
        Range::Triangular { low, likely, high } => {
            format!("{} to {}, most likely {}", n(low), n(high), n(likely))
        }
    }
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

/// `text` with its first letter upper-case.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_read_as_words() {
        assert_eq!(
            key_label("threats.ballistic.missiles_per_night.negative_binomial.mean"),
            "ballistic: raid mean"
        );
        assert_eq!(
            key_label("interceptors.pac3-mse.pk"),
            "pac3-mse: kill probability"
        );
        assert_eq!(
            key_label("interceptors.nasams.stockpile"),
            "nasams: stockpile"
        );
        assert_eq!(key_label("deliveries.0.count"), "delivery 1: count");
        assert_eq!(
            key_label("production.1.per_night"),
            "production line 2: made a night"
        );
        assert_eq!(key_label("stockpile"), "stockpile");
        assert_eq!(key_label("missiles_per_night"), "raid size");
        assert_eq!(key_label("missiles_per_night.poisson"), "raid mean");
        assert_eq!(key_label("interceptors_per_kill"), "interceptors per kill");
        assert_eq!(key_label("some_new_key"), "some new key");
        assert_eq!(
            key_label("threats.ballistic.arsenal.on_hand"),
            "ballistic: arsenal on hand"
        );
        assert_eq!(
            key_label("threats.ballistic.arsenal.production.0.per_month"),
            "ballistic: arsenal production line 1, made a month"
        );
        assert_eq!(key_label("arsenal.max_per_night"), "launch capacity");
        assert_eq!(key_label("threats.shahed.lost_to_ew"), "shahed: lost to EW");
        assert_eq!(
            key_label("threats.drones.discrimination"),
            "drones: discrimination"
        );
        assert_eq!(
            key_label("production.0.per_month"),
            "production line 1: made a month"
        );
    }

    #[test]
    fn ranges_read_as_words() {
        let between = Range::Between {
            low: 100.0,
            high: 300.0,
        };
        assert_eq!(range_words(&between), "100 to 300");
        let triangular = Range::Triangular {
            low: 0.55,
            likely: 0.7,
            high: 0.9,
        };
        assert_eq!(range_words(&triangular), "0.55 to 0.9, most likely 0.7");
        let third = Range::Between {
            low: 1.0 / 3.0,
            high: 2.0,
        };
        assert_eq!(range_words(&third), "0.3333 to 2");
    }

    #[test]
    fn measures_read_as_words() {
        assert_eq!(measure_title(Measure::DEFAULT), "Nights fully defended");
        let p50: Measure = "nights_fully_defended.p50".parse().unwrap();
        assert_eq!(
            measure_title(p50),
            "Nights fully defended, median over trials"
        );
        let p5: Measure = "leakers.p5".parse().unwrap();
        assert_eq!(measure_title(p5), "Leakers, 5th percentile over trials");
    }
}
