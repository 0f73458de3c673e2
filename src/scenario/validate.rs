//! Turns the scenario as written ([`RawScenario`]) into the domain model
//! ([`Scenario`]), collecting every semantic problem with its key path.

use super::limits::*;
use super::raw::{Count, RawDelivery, RawDoctrine, RawRaid, RawRaidDistribution, RawScenario};
use crate::date::Date;
use crate::error::Problem;
use crate::kill::{Doctrine, KillModel};
use crate::model::{Delivery, Engagement, InterceptorType, Raid, Scenario, Schedule, Threat};

/// Name of the single threat of a short-form scenario.
pub const SHORT_FORM_THREAT: &str = "missiles";
/// Name of the single interceptor type of a short-form scenario.
pub const SHORT_FORM_INTERCEPTOR: &str = "interceptors";

/// Collects problems while validating, so a file reports all of them at once.
#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem::new(key, message));
    }

    /// `value` if present, else a problem saying the key is required.
    fn required<T>(&mut self, key: &str, value: Option<T>, what: &str) -> Option<T> {
        if value.is_none() {
            self.add(key, format!("missing: {what}"));
        }
        value
    }

    /// A count within `min..=max`, or a problem naming the key.
    fn count_in(&mut self, key: &str, Count(value): Count, min: u64, max: u64) -> Option<u64> {
        if value < min {
            self.add(key, format!("must be at least {min}, got {value}"));
            None
        } else if value > max {
            self.add(key, format!("must be at most {max}, got {value}"));
            None
        } else {
            Some(value)
        }
    }

    /// A probability: `default` when absent, else a number from 0 to 1.
    fn probability(&mut self, key: &str, value: Option<f64>, default: f64) -> Option<f64> {
        match value {
            None => Some(default),
            Some(p) if (0.0..=1.0).contains(&p) => Some(p),
            Some(p) => {
                self.add(key, format!("must be a probability from 0 to 1, got {p}"));
                None
            }
        }
    }

    /// A finite real within `min..=max`.
    fn real_in(&mut self, key: &str, value: f64, min: f64, max: f64) -> Option<f64> {
        if value.is_finite() && (min..=max).contains(&value) {
            Some(value)
        } else {
            self.add(key, format!("must be from {min} to {max}, got {value}"));
            None
        }
    }

    /// A night number: 1 or more, and no later than the longest horizon.
    fn night(&mut self, key: &str, count: Count) -> Option<u32> {
        if count.0 == 0 {
            self.add(key, "nights count from 1; there is no night 0");
            return None;
        }
        self.count_in(key, count, 1, u64::from(MAX_HORIZON_NIGHTS))
            .map(|night| night as u32)
    }
}

/// Validates a parsed scenario. `default_name` names it when `name:` is absent
/// (the file stem).
pub fn validate(raw: RawScenario, default_name: &str) -> Result<Scenario, Vec<Problem>> {
    let mut problems = Problems::default();

    let name = match raw.name {
        Some(name) if name.trim().is_empty() => {
            problems.add("name", "must not be empty");
            String::new()
        }
        Some(name) => name,
        None => default_name.to_string(),
    };

    let horizon_nights = match raw.horizon_nights {
        None => Some(DEFAULT_HORIZON_NIGHTS),
        Some(count) => problems
            .count_in("horizon_nights", count, 1, u64::from(MAX_HORIZON_NIGHTS))
            .map(|n| n as u32),
    };

    let start_date = raw
        .start_date
        .as_deref()
        .and_then(|text| match Date::parse(text) {
            Ok(date) => Some(date),
            Err(why) => {
                problems.add("start_date", format!("{why}, got `{text}`"));
                None
            }
        });
    if let (Some(date), Some(horizon)) = (start_date, horizon_nights)
        && date.add_days(i64::from(horizon)).is_none()
    {
        problems.add(
            "start_date",
            "the horizon runs past the year 9999; use an earlier date or fewer nights",
        );
    }

    let stockpile = problems
        .required(
            "stockpile",
            raw.stockpile,
            "interceptors on hand before night 1",
        )
        .and_then(|count| problems.count_in("stockpile", count, 0, MAX_STOCKPILE));

    let interceptors_per_kill = problems
        .required(
            "interceptors_per_kill",
            raw.interceptors_per_kill,
            "interceptors fired at each engaged missile",
        )
        .and_then(|count| {
            problems.count_in("interceptors_per_kill", count, 1, MAX_INTERCEPTORS_PER_KILL)
        })
        .map(|k| k as u32);

    let raid = problems
        .required(
            "missiles_per_night",
            raw.missiles_per_night,
            "missiles launched each night (a number, or a list that repeats)",
        )
        .and_then(|raid| validate_raid(&mut problems, "missiles_per_night", raid));
    let raid_probability = problems.probability("raid_probability", raw.raid_probability, 1.0);

    // Without `pk` every engaged missile is destroyed: the certain-kill
    // arithmetic.
    let pk = problems.probability("pk", raw.pk, 1.0);
    let kill_assessment = problems.probability("kill_assessment", raw.kill_assessment, 1.0);
    let reliability = problems.probability("reliability", raw.reliability, 1.0);
    let doctrine = match raw.doctrine {
        None | Some(RawDoctrine::Salvo) => Doctrine::Salvo,
        Some(RawDoctrine::ShootLookShoot) => Doctrine::ShootLookShoot,
    };

    if raw.deliveries.len() > MAX_DELIVERIES {
        problems.add(
            "deliveries",
            format!(
                "at most {MAX_DELIVERIES} entries, got {}",
                raw.deliveries.len()
            ),
        );
    }
    let deliveries: Vec<Delivery> = raw
        .deliveries
        .into_iter()
        .enumerate()
        .filter_map(|(i, delivery)| validate_delivery(&mut problems, i, delivery, horizon_nights))
        .collect();

    if !problems.0.is_empty() {
        return Err(problems.0);
    }
    // Every `None` above recorded a problem, so these are all present.
    let (
        Some(horizon_nights),
        Some(stockpile),
        Some(interceptors_per_kill),
        Some(raid),
        Some(raid_probability),
        Some(pk),
        Some(kill_assessment),
        Some(reliability),
    ) = (
        horizon_nights,
        stockpile,
        interceptors_per_kill,
        raid,
        raid_probability,
        pk,
        kill_assessment,
        reliability,
    )
    else {
        unreachable!("a missing value always records a problem");
    };

    Ok(Scenario {
        name,
        description: raw.description.map(|d| d.trim().to_string()),
        start_date,
        horizon_nights,
        interceptors: vec![InterceptorType {
            name: SHORT_FORM_INTERCEPTOR.to_string(),
            stockpile,
        }],
        threats: vec![Threat {
            name: SHORT_FORM_THREAT.to_string(),
            raid,
            raid_probability,
            engaged_by: vec![Engagement {
                interceptor: 0,
                kill: KillModel {
                    pk,
                    interceptors_per_kill,
                    doctrine,
                    kill_assessment,
                    reliability,
                },
            }],
        }],
        deliveries,
        sources: raw.sources,
    })
}

fn validate_raid(problems: &mut Problems, key: &str, raid: RawRaid) -> Option<Raid> {
    match raid {
        RawRaid::Every(count) => problems
            .count_in(key, Count(count), 0, MAX_COUNT)
            .map(Raid::Every),
        RawRaid::Pattern(pattern) if pattern.is_empty() => {
            problems.add(key, "the list is empty; give at least one night's raid");
            None
        }
        RawRaid::Pattern(pattern) => {
            let before = problems.0.len();
            for (i, &count) in pattern.iter().enumerate() {
                problems.count_in(&format!("{key}.{i}"), Count(count), 0, MAX_COUNT);
            }
            (problems.0.len() == before).then_some(Raid::Pattern(pattern))
        }
        RawRaid::Distribution(distribution) => validate_distribution(problems, key, distribution),
    }
}

fn validate_distribution(
    problems: &mut Problems,
    key: &str,
    distribution: RawRaidDistribution,
) -> Option<Raid> {
    let RawRaidDistribution {
        poisson,
        negative_binomial,
        choice,
    } = distribution;
    let given = [
        poisson.is_some(),
        negative_binomial.is_some(),
        choice.is_some(),
    ];
    if given.iter().filter(|&&g| g).count() != 1 {
        problems.add(
            key,
            "give exactly one distribution: poisson, negative_binomial or choice",
        );
        return None;
    }
    let mean_key = |name: &str| format!("{key}.{name}");
    if let Some(mean) = poisson {
        let mean = problems.real_in(&mean_key("poisson"), mean, 0.0, MAX_RAID_MEAN)?;
        return Some(if mean == 0.0 {
            Raid::Every(0)
        } else {
            Raid::Poisson { mean }
        });
    }
    if let Some(nb) = negative_binomial {
        let mean = problems.real_in(
            &mean_key("negative_binomial.mean"),
            nb.mean,
            0.0,
            MAX_RAID_MEAN,
        );
        let dispersion = if nb.dispersion > 0.0 {
            problems.real_in(
                &mean_key("negative_binomial.dispersion"),
                nb.dispersion,
                0.0,
                MAX_RAID_MEAN,
            )
        } else {
            problems.add(
                mean_key("negative_binomial.dispersion"),
                format!("must be more than 0, got {}", nb.dispersion),
            );
            None
        };
        let (mean, dispersion) = (mean?, dispersion?);
        return Some(if mean == 0.0 {
            Raid::Every(0)
        } else {
            Raid::NegativeBinomial { mean, dispersion }
        });
    }
    let values = choice.unwrap_or_default();
    if values.is_empty() {
        problems.add(
            mean_key("choice"),
            "the list is empty; give at least one raid size",
        );
        return None;
    }
    let before = problems.0.len();
    for (i, &count) in values.iter().enumerate() {
        problems.count_in(&format!("{key}.choice.{i}"), count, 0, MAX_COUNT);
    }
    (problems.0.len() == before).then(|| Raid::Choice(values.iter().map(|c| c.0).collect()))
}

fn validate_delivery(
    problems: &mut Problems,
    index: usize,
    raw: RawDelivery,
    horizon: Option<u32>,
) -> Option<Delivery> {
    let key = |field: &str| format!("deliveries.{index}.{field}");
    let before = problems.0.len();

    let count = problems
        .required(&key("count"), raw.count, "how many interceptors arrive")
        .and_then(|count| problems.count_in(&key("count"), count, 0, MAX_COUNT));

    let schedule = match (raw.night, raw.every_nights) {
        (Some(_), Some(_)) => {
            problems.add(
                key("night"),
                "give either `night` (once) or `every_nights` (recurring), not both",
            );
            None
        }
        (None, None) => {
            problems.add(
                format!("deliveries.{index}"),
                "give `night` for a single delivery or `every_nights` for a recurring one",
            );
            None
        }
        (Some(night), None) => {
            for (field, value) in [
                ("first_night", raw.first_night),
                ("last_night", raw.last_night),
            ] {
                if value.is_some() {
                    problems.add(
                        key(field),
                        "only applies to recurring deliveries (`every_nights`)",
                    );
                }
            }
            problems
                .night(&key("night"), night)
                .map(|night| Schedule::Once { night })
        }
        (None, Some(every)) => {
            let every_nights = problems
                .count_in(
                    &key("every_nights"),
                    every,
                    1,
                    u64::from(MAX_HORIZON_NIGHTS),
                )
                .map(|n| n as u32);
            let first_night = match raw.first_night {
                Some(night) => problems.night(&key("first_night"), night),
                None => every_nights,
            };
            let last_night = match raw.last_night {
                Some(night) => problems.night(&key("last_night"), night),
                None => horizon,
            };
            match (every_nights, first_night, last_night) {
                (Some(every_nights), Some(first_night), Some(last_night)) => {
                    if raw.last_night.is_some() && last_night < first_night {
                        problems.add(
                            key("last_night"),
                            format!("is before first_night ({last_night} < {first_night})"),
                        );
                    }
                    Some(Schedule::Recurring {
                        every_nights,
                        first_night,
                        // A first night beyond the horizon simply never comes.
                        last_night: last_night.max(first_night),
                    })
                }
                _ => None,
            }
        }
    };

    if problems.0.len() != before {
        return None;
    }
    Some(Delivery {
        interceptor: 0,
        count: count?,
        schedule: schedule?,
    })
}
