//! A scenario's inputs as tables, every value the run used with the
//! defaults filled in: the horizon and start date, each interceptor type's
//! stockpile, unit cost, fire capacity and reserve, each threat's raid,
//! chance of a raid and unit cost, how each type engages each threat (tier,
//! interceptors per kill, pk, doctrine, kill assessment, reliability,
//! rationing), deliveries and production. For the HTML report, so readers
//! see the assumptions behind the numbers.

use super::grid::{Cell, Grid};
use crate::model::{FireCapacity, Raid, Scenario, Schedule};

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn list(values: &[u64]) -> String {
    values
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A raid size in words: "12", "pattern 8, 0, 0", "Poisson, mean 12",
/// "negative binomial, mean 12, dispersion 0.5", "one of 6, 12, 18", or a
/// replayed record with what follows it.
pub fn raid_words(raid: &Raid) -> String {
    match raid {
        Raid::Every(n) => n.to_string(),
        Raid::Pattern(values) => format!("pattern {}", list(values)),
        Raid::Poisson { mean } => format!("Poisson, mean {mean}"),
        Raid::NegativeBinomial { mean, dispersion } => {
            format!("negative binomial, mean {mean}, dispersion {dispersion}")
        }
        Raid::Choice(values) => format!("one of {}", list(values)),
        Raid::Record { nights, after } => {
            let then = match crate::chart::events::after_words(nights, after) {
                "raids drawn from the fitted distribution" => {
                    format!("then {}", raid_words(after))
                }
                words => format!("then {words}"),
            };
            format!(
                "replayed: {} nights, {}; {then}",
                nights.len(),
                list(nights)
            )
        }
    }
}

fn cost(value: Option<f64>) -> Cell {
    value.map_or(Cell::Empty, Cell::Real)
}

/// The horizon, start date and any values set on the command line.
pub fn scenario_grid(scenario: &Scenario) -> Grid {
    let mut rows = vec![vec![
        text("horizon nights"),
        Cell::Whole(u64::from(scenario.horizon_nights)),
    ]];
    if let Some(date) = scenario.start_date {
        rows.push(vec![text("start date (night 1)"), text(date.to_string())]);
    }
    for set in &scenario.overrides {
        rows.push(vec![text("set on the command line"), text(set.clone())]);
    }
    Grid {
        headers: vec!["input".into(), "value".into()],
        rows,
        notes: Vec::new(),
    }
}

/// One row per interceptor type.
pub fn interceptors_grid(scenario: &Scenario) -> Grid {
    let rows = scenario
        .interceptors
        .iter()
        .map(|t| {
            let capacity = match t.fire_capacity {
                None => "no limit".to_string(),
                Some(FireCapacity::EngagementsPerNight(n)) => format!("{n} engagements a night"),
                Some(FireCapacity::Launchers {
                    rounds_ready,
                    reload_nights,
                }) => format!(
                    "{rounds_ready} rounds ready, a round reloaded {reload_nights} night{} after firing",
                    if reload_nights == 1 { "" } else { "s" }
                ),
            };
            vec![
                text(t.name.clone()),
                Cell::Whole(t.stockpile),
                cost(t.unit_cost),
                text(capacity),
                Cell::Whole(t.reserve),
            ]
        })
        .collect();
    Grid {
        headers: [
            "interceptor",
            "stockpile",
            "unit cost",
            "fire capacity",
            "reserve",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: Vec::new(),
    }
}

/// One row per threat.
pub fn threats_grid(scenario: &Scenario) -> Grid {
    let rows = scenario
        .threats
        .iter()
        .map(|threat| {
            let engaged_by: Vec<String> = threat
                .tiers
                .iter()
                .map(|tier| {
                    tier.iter()
                        .map(|e| scenario.interceptors[e.interceptor].name.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect();
            vec![
                text(threat.name.clone()),
                text(raid_words(&threat.raid)),
                Cell::Probability(threat.raid_probability),
                cost(threat.unit_cost),
                text(if engaged_by.is_empty() {
                    "nothing".to_string()
                } else {
                    engaged_by.join("; then ")
                }),
            ]
        })
        .collect();
    Grid {
        headers: [
            "threat",
            "missiles a night",
            "raid probability",
            "unit cost",
            "engaged by",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: Vec::new(),
    }
}

/// One row per engagement: how each type engages each threat.
pub fn engagements_grid(scenario: &Scenario) -> Grid {
    let mut rows = Vec::new();
    for threat in &scenario.threats {
        for (tier, engagements) in threat.tiers.iter().enumerate() {
            for e in engagements {
                let k = &e.kill;
                let rationing = e.rationed.map_or(String::new(), |(below, r)| {
                    format!("{} per kill below {below}", r.interceptors_per_kill)
                });
                rows.push(vec![
                    text(threat.name.clone()),
                    Cell::Whole(tier as u64 + 1),
                    text(scenario.interceptors[e.interceptor].name.clone()),
                    Cell::Whole(u64::from(k.interceptors_per_kill)),
                    Cell::Probability(k.pk),
                    text(k.doctrine.name()),
                    Cell::Probability(k.kill_assessment),
                    Cell::Probability(k.reliability),
                    text(rationing),
                ]);
            }
        }
    }
    Grid {
        headers: [
            "threat",
            "tier",
            "interceptor",
            "interceptors per kill",
            "pk",
            "doctrine",
            "kill assessment",
            "reliability",
            "rationing",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: Vec::new(),
    }
}

/// One row per delivery, or `None` without deliveries.
pub fn deliveries_grid(scenario: &Scenario) -> Option<Grid> {
    if scenario.deliveries.is_empty() {
        return None;
    }
    let rows = scenario
        .deliveries
        .iter()
        .map(|d| {
            let when = match d.schedule {
                Schedule::Once { night } => format!("night {night}"),
                Schedule::Recurring {
                    every_nights,
                    first_night,
                    last_night,
                } => format!("every {every_nights} nights, nights {first_night} to {last_night}"),
            };
            vec![
                text(scenario.interceptors[d.interceptor].name.clone()),
                Cell::Whole(d.count),
                text(when),
            ]
        })
        .collect();
    Some(Grid {
        headers: ["interceptor", "count", "arrives"]
            .map(String::from)
            .to_vec(),
        rows,
        notes: Vec::new(),
    })
}

/// One row per production line, or `None` without production.
pub fn production_grid(scenario: &Scenario) -> Option<Grid> {
    if scenario.production.is_empty() {
        return None;
    }
    let rows = scenario
        .production
        .iter()
        .map(|p| {
            vec![
                text(scenario.interceptors[p.interceptor].name.clone()),
                Cell::Real(p.per_night),
                Cell::Whole(u64::from(p.first_night)),
                Cell::Whole(u64::from(p.last_night)),
                Cell::Whole(u64::from(p.lead_time_nights)),
            ]
        })
        .collect();
    Some(Grid {
        headers: [
            "interceptor",
            "made a night",
            "first night",
            "last night",
            "lead time nights",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raids_in_words() {
        assert_eq!(raid_words(&Raid::Every(12)), "12");
        assert_eq!(raid_words(&Raid::Pattern(vec![8, 0, 0])), "pattern 8, 0, 0");
        assert_eq!(
            raid_words(&Raid::Poisson { mean: 4.5 }),
            "Poisson, mean 4.5"
        );
        assert_eq!(
            raid_words(&Raid::NegativeBinomial {
                mean: 12.0,
                dispersion: 0.5
            }),
            "negative binomial, mean 12, dispersion 0.5"
        );
        assert_eq!(raid_words(&Raid::Choice(vec![6, 18])), "one of 6, 18");
    }
}
