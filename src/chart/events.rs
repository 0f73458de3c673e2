//! What the stock chart marks on a run, read off its simulation: the first
//! shortfall night and the interceptor types whose stock or fire capacity
//! caused it, where a replayed record of real raids ends, the night each
//! arsenal runs dry, and which side runs out first.

use crate::model::{Raid, Scenario};
use crate::outcome::Outcome as ScenarioReport;
use crate::summary::{Side, Spread};

/// Why an interceptor type could not engage on the first shortfall night.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// It ended the night with too few interceptors for one more missile.
    OutOfStock,
    /// It had stock left but had fired all its fire capacity.
    AtFireCapacity,
}

impl Cause {
    pub fn words(self) -> &'static str {
        match self {
            Cause::OutOfStock => "out of stock",
            Cause::AtFireCapacity => "at fire capacity",
        }
    }
}

/// The first shortfall night of a run and the types that caused it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall {
    /// The night (in Monte Carlo mode the median over trials).
    pub night: f64,
    /// Each causing type by its index in the scenario, with its cause.
    pub causes: Vec<(usize, Cause)>,
}

/// The run's first shortfall night, if it has one, with the types that
/// caused it. A threat that had leakers that night was starved when every
/// type that engages it ended the night unable to engage one more of its
/// missiles (each such type is out of stock), or held back when every such
/// type was either out of stock or limited by a fire capacity and the night
/// leaked for want of capacity (the limited types with stock left are at
/// fire capacity). Only the types of starved or held-back threats are
/// marked: a type with stock left and no capacity limit caused nothing,
/// and neither did a dry type whose threats other types still engaged.
pub fn first_shortfall(run: &ScenarioReport<'_>) -> Option<Shortfall> {
    let night = run.simulation.summary.first_shortfall_night?;
    let scenario = run.scenario;
    let sim = run.simulation;
    let n = (night.round() as usize).max(1);
    let record = sim.nights.get(n - 1)?;
    let threats = scenario.threats.len();
    let types = scenario.interceptors.len();
    let leaked = |i: usize| {
        sim.threat_leakers
            .get((n - 1) * threats + i)
            .is_none_or(|&v| v > 1e-9)
    };
    // The stock a type ended the night with: its path (the median over
    // trials in Monte Carlo mode), else the night's total (one type).
    let stock_end = |t: usize| -> f64 {
        match sim.stock.central.get((n - 1) * types + t) {
            Some(&v) => v,
            None => record.stock_end,
        }
    };
    let for_stock = record.leaked_for_stock > 1e-9;
    let for_capacity = record.leaked_for_capacity > 1e-9;
    let mut causes: Vec<(usize, Cause)> = Vec::new();
    for (i, threat) in scenario.threats.iter().enumerate() {
        if threat.tiers.is_empty() || !leaked(i) {
            continue;
        }
        let engaging: Vec<(usize, bool, bool)> = threat
            .engagements()
            .map(|e| {
                let t = e.interceptor;
                // Fewer than the smaller of its salvos (rationed or not),
                // or no first shot.
                let need = e
                    .rationed
                    .map_or(e.kill.stock_to_engage(), |(_, rationed)| {
                        e.kill.stock_to_engage().min(rationed.stock_to_engage())
                    });
                let dry = stock_end(t) < need as f64;
                (t, dry, scenario.interceptors[t].fire_capacity.is_some())
            })
            .collect();
        let starved = for_stock && engaging.iter().all(|&(_, dry, _)| dry);
        let held_back = for_capacity && engaging.iter().all(|&(_, dry, capped)| dry || capped);
        for &(t, dry, _) in &engaging {
            let cause = match (starved, held_back, dry) {
                (true, _, _) | (false, true, true) => Cause::OutOfStock,
                (false, true, false) => Cause::AtFireCapacity,
                _ => continue,
            };
            if !causes.iter().any(|&(c, _)| c == t) {
                causes.push((t, cause));
            }
        }
    }
    causes.sort_by_key(|&(t, _)| t);
    Some(Shortfall { night, causes })
}

/// Where a replayed record ends within the horizon: its last night, and
/// what its threats' raids are after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordEnd {
    /// The record's last night (night 1 is its first).
    pub last_night: u32,
    /// What follows, in words: "the record repeated", "raids drawn from the
    /// fitted distribution", "no raids".
    pub then: &'static str,
}

/// What follows a replayed record, in words, read off the raid the model
/// gives after it (`beyond:` made it): the record again, a fitted
/// distribution, or none.
pub fn after_words(nights: &[u64], after: &Raid) -> &'static str {
    match after {
        Raid::Pattern(again) if again.as_slice() == nights => "the record repeated",
        Raid::Every(0) => "no raids",
        _ => "raids drawn from the fitted distribution",
    }
}

/// The ends of the replayed records of `run` that fall before its horizon,
/// earliest first, one per distinct night and sequel.
pub fn record_ends(run: &ScenarioReport<'_>) -> Vec<RecordEnd> {
    let horizon = run.scenario.horizon_nights;
    let mut ends: Vec<RecordEnd> = run
        .scenario
        .threats
        .iter()
        .filter_map(|threat| match &threat.raid {
            Raid::Record { nights, after } => {
                let last_night = u32::try_from(nights.len()).ok()?;
                (last_night < horizon).then_some(RecordEnd {
                    last_night,
                    then: after_words(nights, after),
                })
            }
            _ => None,
        })
        .collect();
    ends.sort_by_key(|e| (e.last_night, e.then));
    ends.dedup();
    ends
}

/// A night in words: "night 43 (2025-08-21)", with its date when the
/// scenario has a `start_date` and the night is whole (a median over
/// trials may fall between two nights).
pub fn night_words(scenario: &Scenario, night: f64) -> String {
    let number = super::tick_label(night);
    match scenario.date_of(night.round() as u32) {
        Some(date) if night.fract() == 0.0 => format!("night {number} ({date})"),
        _ => format!("night {number}"),
    }
}

/// The night threat `threat`'s arsenal runs dry: the first night it cannot
/// fill its planned raid (in Monte Carlo mode the median over trials);
/// `None` without an arsenal, under massing, or when it never does.
pub fn dry_night(run: &ScenarioReport<'_>, threat: usize) -> Option<f64> {
    run.simulation
        .summary
        .by_threat
        .get(threat)?
        .dry_night
        .flatten()
}

/// A side as a sentence names it: "the attack", "the defence".
pub fn side_words(side: Side) -> &'static str {
    match side {
        Side::Attack => "the attack",
        Side::Defence => "the defence",
    }
}

/// A share of trials as a percentage: whole percents, "under 1%" and "over
/// 99%" so that a rare outcome never reads as 0% or a likely one as 100%.
pub fn percent(share: f64) -> String {
    if share > 0.0 && share < 0.01 {
        "under 1%".into()
    } else if share < 1.0 && share > 0.99 {
        "over 99%".into()
    } else {
        format!("{:.0}%", share * 100.0)
    }
}

/// Which side runs out first, in words: "Runs out first: the attack
/// (ballistic), night 6 (2025-05-06)" or "… neither side within 90
/// nights"; in Monte Carlo mode the share of trials for each side, with
/// the median night of those trials: "Runs out first: the attack in 62% of
/// trials (median night 40), the defence in 30% (median night 55), neither
/// in 8%".
pub fn runs_out_first_words(run: &ScenarioReport<'_>) -> String {
    let scenario = run.scenario;
    let summary = &run.simulation.summary;
    if let Some(distribution) = &summary.distribution {
        let shares = &distribution.runs_out_first;
        let median = |night: &Option<Spread>| {
            night.and_then(|s| s.p50).map_or(String::new(), |n| {
                format!(" (median night {})", super::tick_label(n))
            })
        };
        return format!(
            "Runs out first: the attack in {} of trials{}, the defence in {}{}, neither in {}",
            percent(shares.attack),
            median(&shares.attack_night),
            percent(shares.defence),
            median(&shares.defence_night),
            percent(shares.neither)
        );
    }
    match &summary.runs_out_first {
        Some(first) => format!(
            "Runs out first: {} ({}), {}",
            side_words(first.side),
            first.name,
            night_words(scenario, first.night)
        ),
        None => format!(
            "Runs out first: neither side within {} nights",
            scenario.horizon_nights
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_never_round_to_certainty() {
        assert_eq!(percent(0.62), "62%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(1.0), "100%");
        // 1 trial in 400 is 0.25%: not 0%; 399 in 400 is not 100%.
        assert_eq!(percent(1.0 / 400.0), "under 1%");
        assert_eq!(percent(399.0 / 400.0), "over 99%");
        assert_eq!(percent(0.995), "over 99%");
    }

    #[test]
    fn nights_carry_their_date_when_whole() {
        let mut scenario = crate::scenario::parse_scenario(
            "stockpile: 10\ninterceptors_per_kill: 1\nmissiles_per_night: 1\n\
             horizon_nights: 10\nstart_date: 2025-05-01\n",
            "t.yaml",
            "t",
        )
        .unwrap();
        // Night 6 from 2025-05-01 is 2025-05-06; a median of 6.5 has no date.
        assert_eq!(night_words(&scenario, 6.0), "night 6 (2025-05-06)");
        assert_eq!(night_words(&scenario, 6.5), "night 6.5");
        scenario.start_date = None;
        assert_eq!(night_words(&scenario, 6.0), "night 6");
    }
}
