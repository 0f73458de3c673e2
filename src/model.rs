//! The validated scenario: domain types only, no YAML and no raw strings.
//!
//! A scenario holds several interceptor types and several threat classes. The
//! short YAML form (one `stockpile`, one `missiles_per_night`) becomes one of
//! each; nothing downstream knows which form the user wrote.

use crate::date::Date;
use crate::kill::KillModel;
pub use crate::raid::Raid;

/// Index of an interceptor type in [`Scenario::interceptors`].
pub type InterceptorId = usize;

/// A fully validated scenario, ready to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: Option<String>,
    /// Night 1 falls on this date, if set.
    pub start_date: Option<Date>,
    /// Nights to simulate, at least 1.
    pub horizon_nights: u32,
    /// Interceptor types, each with its own magazine.
    pub interceptors: Vec<InterceptorType>,
    /// Threat classes, in the order they are engaged each night.
    pub threats: Vec<Threat>,
    pub deliveries: Vec<Delivery>,
    /// Interceptors made at a rate and delivered as whole ones.
    pub production: Vec<Production>,
    /// Citations for the figures, carried into reports.
    pub sources: Vec<String>,
    /// Values set from the command line (`--set key=value`), as written.
    pub overrides: Vec<String>,
    /// Figures given as ranges. The fields above hold each one's mean (what
    /// the expected path uses); Monte Carlo draws them once per trial.
    pub uncertain: Vec<crate::uncertain::Uncertain>,
    /// Where figures came from, by the key path of the value that cites
    /// its source (`pk: { value: 0.8, source: "..." }`), in the order
    /// written; apart from the scenario's overall `sources`.
    pub value_sources: Vec<(String, String)>,
}

/// One kind of interceptor and what is in its magazine before night 1.
#[derive(Debug, Clone, PartialEq)]
pub struct InterceptorType {
    pub name: String,
    pub stockpile: u64,
    /// Cost of one interceptor, in the scenario's currency.
    pub unit_cost: Option<f64>,
    /// How much it can fire in a night, if limited.
    pub fire_capacity: Option<FireCapacity>,
    /// Interceptors only the highest-priority threat may draw on.
    pub reserve: u64,
}

/// A limit on what one interceptor type can fire in a night, however much
/// is in the magazine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FireCapacity {
    /// At most this many missiles engaged a night.
    EngagementsPerNight(u64),
    /// `launchers × rounds_per_launcher` rounds ready; a round fired on night
    /// n is ready again on night n + `reload_nights` (1: reloaded by the next
    /// night).
    Launchers {
        rounds_ready: u64,
        reload_nights: u32,
    },
}

/// One class of incoming missile.
#[derive(Debug, Clone, PartialEq)]
pub struct Threat {
    pub name: String,
    /// The raid size on a night with a raid.
    pub raid: Raid,
    /// The chance that a night has a raid at all, 0..=1.
    pub raid_probability: f64,
    /// Tiers of interceptor types that engage this threat, the upper tier
    /// first; within a tier, most preferred first. Missiles that survive a
    /// tier (unengaged or missed) go on to the next. No tiers: every missile
    /// leaks.
    pub tiers: Vec<Vec<Engagement>>,
    /// Cost of one missile, in the scenario's currency.
    pub unit_cost: Option<f64>,
    /// The attacker's stock of this threat; `None`: unlimited.
    pub arsenal: Option<Arsenal>,
    /// Decoys: engaged like any threat, but harmless.
    pub decoy: Option<Decoy>,
    /// The share of launched objects defeated before engagement, at no
    /// interceptor cost (electronic warfare), 0..=1.
    pub lost_to_ew: f64,
}

/// What the attacker holds of one threat, and makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Arsenal {
    /// Missiles on hand before night 1.
    pub on_hand: u64,
    /// Missiles made at a rate, arriving whole before a night's raid.
    pub production: Vec<Output>,
    /// Launch capacity: at most this many a night.
    pub max_per_night: Option<u64>,
    pub tactic: Tactic,
}

/// How the attacker spends an arsenal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tactic {
    /// Fire the planned raid each night, as far as the arsenal and the
    /// launch capacity allow.
    Steady,
    /// Hold fire until this many are on hand, then fire all on hand (up to
    /// the launch capacity) that night.
    Mass { when: u64 },
}

/// A decoy threat: objects that cost interceptors but do no harm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decoy {
    /// The share the defence recognises as decoys and does not engage,
    /// 0..=1.
    pub discrimination: f64,
}

/// Output made at a steady rate over a span of nights, arriving
/// `lead_time_nights` later (interceptor production, or an arsenal's).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Output {
    /// Made per night (a fraction is fine).
    pub per_night: f64,
    pub first_night: u32,
    pub last_night: u32,
    /// Nights from making to arrival.
    pub lead_time_nights: u32,
}

impl Threat {
    /// Every engagement of this threat, tier by tier.
    pub fn engagements(&self) -> impl Iterator<Item = &Engagement> {
        self.tiers.iter().flatten()
    }

    /// Whether every engagement of this threat, rationed or not, has a
    /// certain outcome ([`KillModel::is_certain`]).
    pub fn kills_are_certain(&self) -> bool {
        self.engagements().all(|e| {
            e.kill.is_certain() && e.rationed.is_none_or(|(_, rationed)| rationed.is_certain())
        })
    }

    /// Whether this threat's raid on `night` is certain: a raid every night
    /// or never (`raid_probability` 1 or 0) of a fixed size, or massing
    /// (which draws nothing); and no share of it lost to electronic warfare
    /// or recognised as decoys by chance.
    pub fn raid_is_certain_on(&self, night: u32) -> bool {
        let certain = |p: f64| p == 0.0 || p == 1.0;
        let planned = self.masses()
            || (certain(self.raid_probability) && self.raid.fixed_on(night).is_some());
        planned && certain(self.lost_to_ew) && self.decoy.is_none_or(|d| certain(d.discrimination))
    }

    /// Whether the attacker masses this threat (its raid plan is unused).
    pub fn masses(&self) -> bool {
        matches!(
            self.arsenal,
            Some(Arsenal {
                tactic: Tactic::Mass { .. },
                ..
            })
        )
    }
}

/// How one interceptor type engages one threat.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Engagement {
    pub interceptor: InterceptorId,
    /// Shots per missile, doctrine and kill probability.
    pub kill: KillModel,
    /// Rationing: below this stock, fire this kill model instead (fewer
    /// interceptors per kill).
    pub rationed: Option<(u64, KillModel)>,
}

/// Interceptors made at a steady rate over a span of nights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Production {
    pub interceptor: InterceptorId,
    /// Interceptors made per night (a fraction is fine).
    pub per_night: f64,
    pub first_night: u32,
    pub last_night: u32,
    /// Nights from making to delivery.
    pub lead_time_nights: u32,
}

impl Production {
    /// The line's output, without the type it makes.
    pub fn output(&self) -> Output {
        Output {
            per_night: self.per_night,
            first_night: self.first_night,
            last_night: self.last_night,
            lead_time_nights: self.lead_time_nights,
        }
    }
}

/// Interceptors of one type that arrive before a night's raid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub interceptor: InterceptorId,
    pub count: u64,
    pub schedule: Schedule,
}

/// When a delivery arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Once, before the raid of this night.
    Once { night: u32 },
    /// On `first_night`, then every `every_nights` nights up to and including
    /// `last_night` (`first_night <= last_night`, `every_nights >= 1`).
    Recurring {
        every_nights: u32,
        first_night: u32,
        last_night: u32,
    },
}

impl Schedule {
    /// Whether a delivery on this schedule arrives on `night`.
    pub fn is_due(&self, night: u32) -> bool {
        match *self {
            Schedule::Once { night: due } => night == due,
            Schedule::Recurring {
                every_nights,
                first_night,
                last_night,
            } => {
                (first_night..=last_night).contains(&night)
                    && (night - first_night).is_multiple_of(every_nights)
            }
        }
    }
}

impl Schedule {
    /// The nights of 1..=`horizon` on which a delivery on this schedule
    /// arrives, in order, without looking at every night.
    pub fn nights(&self, horizon: u32) -> impl Iterator<Item = u32> {
        let (first, last, step) = match *self {
            Schedule::Once { night } => (night, night, 1),
            Schedule::Recurring {
                every_nights,
                first_night,
                last_night,
            } => (first_night, last_night, every_nights),
        };
        (first..=last.min(horizon)).step_by(step.max(1) as usize)
    }
}

impl Scenario {
    /// Whether chance plays any part: a figure given as a range, a raid size
    /// that is drawn (a distribution, or a replay followed by its fitted
    /// distribution), a `raid_probability`, `lost_to_ew` or decoy
    /// `discrimination` strictly between 0 and 1, or an engagement whose
    /// outcome is not certain. Without chance, every trial of a Monte Carlo
    /// run is the same, and the mean path is the exact arithmetic.
    pub fn has_chance(&self) -> bool {
        let certain = |p: f64| p == 0.0 || p == 1.0;
        !self.uncertain.is_empty()
            || self.threats.iter().any(|threat| {
                let planned_by_chance = !threat.masses()
                    && (!certain(threat.raid_probability) || !threat.raid.is_fixed());
                !threat.kills_are_certain()
                    || planned_by_chance
                    || !certain(threat.lost_to_ew)
                    || threat.decoy.is_some_and(|d| !certain(d.discrimination))
            })
    }

    /// The calendar date of `night`, if the scenario has a `start_date`.
    pub fn date_of(&self, night: u32) -> Option<Date> {
        self.start_date?.add_days(i64::from(night) - 1)
    }

    /// Interceptors a night the average raid needs: for each engaged threat,
    /// its mean planned raid (times the chance of a raid), less the shares
    /// lost to electronic warfare and, for decoys, recognised, times the
    /// interceptors its preferred type fires per missile on average. It is
    /// the plan's need, whatever the stock: an arsenal that runs dry is not
    /// counted, and a massing threat (which has no planned raid) counts
    /// nothing.
    pub fn burn_per_night(&self) -> f64 {
        self.threats
            .iter()
            .filter(|threat| {
                threat
                    .arsenal
                    .as_ref()
                    .is_none_or(|a| a.tactic == Tactic::Steady)
            })
            .filter_map(|threat| {
                let preferred = threat.engagements().next()?;
                let arriving = (1.0 - threat.lost_to_ew)
                    * threat.decoy.map_or(1.0, |d| 1.0 - d.discrimination);
                Some(
                    threat.raid.mean()
                        * threat.raid_probability
                        * arriving
                        * preferred.kill.mean_shots(),
                )
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recurring_schedule_is_inclusive_at_both_ends() {
        let every_30 = Schedule::Recurring {
            every_nights: 30,
            first_night: 30,
            last_night: 90,
        };
        let due: Vec<u32> = (1..=120).filter(|&n| every_30.is_due(n)).collect();
        assert_eq!(due, vec![30, 60, 90]);
        assert!(Schedule::Once { night: 3 }.is_due(3));
        assert!(!Schedule::Once { night: 3 }.is_due(4));
    }
}
