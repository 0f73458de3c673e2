//! Turns the scenario as written ([`RawScenario`]) into the domain model
//! ([`Scenario`]), collecting every semantic problem with its key path.
//!
//! Pure: no paths are resolved and no file is read here. The records a
//! scenario replays from CSV files are asked for by [`replay_requests`] and
//! handed in, read, to [`validate`].

use super::raw::{
    Count, Figure, Given, NamedMap, PerType, RawArsenal, RawDelivery, RawDoctrine, RawFixedRaid,
    RawInterceptor, RawProduction, RawRaid, RawRaidDistribution, RawScenario, RawTactic, RawThreat,
};
use crate::date::Date;
use crate::error::{NameKind, OutOfRange, Problem, ProblemKind, UnknownName};
use crate::kill::{Doctrine, KillModel};
use crate::limits::*;
use crate::model::{
    Arsenal, Decoy, Delivery, Engagement, FireCapacity, InterceptorType, Output, Production, Raid,
    Scenario, Schedule, Tactic, Threat,
};
use crate::replay::{self, Query, Record, Selection};
use crate::uncertain::{Input, Range, Uncertain};
use std::sync::Arc;

/// Name of the single threat of a short-form scenario.
pub const SHORT_FORM_THREAT: &str = "missiles";
/// Name of the single interceptor type of a short-form scenario.
pub const SHORT_FORM_INTERCEPTOR: &str = "interceptors";

/// Collects problems while validating, so a file reports all of them at once.
/// The second field carries the records replayed from CSV files, which are
/// read first because they set the defaults of `start_date` and
/// `horizon_nights`.
#[derive(Default)]
struct Problems(Vec<Problem>, Replays, Inputs);

/// The keys that take a range (issue 17), for the message that says so.
const RANGED_KEYS: &str = "pk, reliability, kill_assessment, stockpile, a delivery's count, \
     production per_month, per_year and share, raid_probability, a raid's poisson or \
     negative_binomial mean, unit_cost, and an arsenal's on_hand and production, lost_to_ew and \
     discrimination";

/// Where each figure came from, and the figures given as ranges.
#[derive(Default)]
struct Inputs {
    /// Values that cite a source, by key path, in the order written.
    sources: Vec<(String, String)>,
    /// Ranges, each with what it sets; what a threat's range sets is known
    /// once the threats are in engagement order.
    ranges: Vec<(Uncertain, Target)>,
}

/// What a range sets, before the threats are sorted: threats by the place
/// they are written, types by theirs.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    Stockpile(usize),
    DeliveryCount(usize),
    Production(usize),
    TypePk(usize),
    TypeReliability(usize),
    TypeKillAssessment(usize),
    /// A threat's own pk, for all its types or one.
    ThreatPk(usize, Option<usize>),
    RaidProbability(usize),
    RaidMean(usize),
    InterceptorCost(usize),
    ThreatCost(usize),
    ArsenalOnHand(usize),
    ArsenalProduction(usize, usize),
    LostToEw(usize),
    Discrimination(usize),
}

/// A record a scenario replays: the key path of its `missiles_per_night`,
/// the CSV file as written (relative to the scenario file), and which rows
/// to read, or the problems in the keys that say so.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayRequest {
    pub key: String,
    pub csv: String,
    pub query: Result<Query, Vec<Problem>>,
}

/// A [`ReplayRequest`] answered: the record read, or why there is none.
#[derive(Debug, Clone)]
pub struct Replayed {
    pub key: String,
    pub record: Result<Arc<Record>, Vec<Problem>>,
}

/// Records replayed from CSV files (issue 8), by the key path of their
/// `missiles_per_night`; `None` where there is none (a problem says why).
#[derive(Default)]
struct Replays {
    read: Vec<(String, Option<Arc<Record>>)>,
    /// The horizon, once known.
    horizon: Option<u32>,
}

impl Replays {
    /// The first record read, in the order the file gives them.
    fn first(&self) -> Option<&Record> {
        self.read.first().and_then(|(_, record)| record.as_deref())
    }
}

impl Problems {
    fn add(&mut self, key: impl Into<String>, kind: impl Into<ProblemKind>) {
        self.0.push(Problem::new(key, kind));
    }

    /// Records where a figure came from, if it says.
    fn cite<T>(&mut self, key: &str, figure: &Figure<T>) {
        if let Some(source) = &figure.source {
            self.2.sources.push((key.to_string(), source.clone()));
        }
    }

    /// The number of a figure at a key that takes no range.
    fn number<T: Copy>(&mut self, key: &str, figure: &Figure<T>) -> Option<T> {
        self.cite(key, figure);
        match figure.given {
            Given::Value(value) => Some(value),
            _ => {
                self.add(
                    key,
                    format!(
                        "takes one number, not a range (the keys that take ranges: {RANGED_KEYS})"
                    ),
                );
                None
            }
        }
    }

    /// [`Problems::number`] of an optional figure.
    fn number_of<T: Copy>(&mut self, key: &str, figure: Option<&Figure<T>>) -> Option<T> {
        figure.and_then(|f| self.number(key, f))
    }

    /// A figure at a key that takes a range: each number is checked by
    /// `check` as the plain value would be (problems at `key.between` or
    /// `key.triangular`), the ends must be in order, and the range is kept
    /// as an uncertain input that sets `target`. Gives the value the
    /// expected path uses: the number, or the range's mean (for a whole
    /// number, the mean rounded to the nearest whole number, halves up). A
    /// range whose ends are equal is that one number.
    fn ranged<T: Copy>(
        &mut self,
        key: &str,
        figure: &Figure<T>,
        whole: bool,
        check: impl Fn(&mut Problems, &str, T) -> Option<f64>,
        target: Target,
    ) -> Option<f64> {
        self.cite(key, figure);
        let range = match figure.given {
            Given::Value(value) => return check(self, key, value),
            Given::Between(low, high) => {
                let at = format!("{key}.between");
                let (low, high) = (check(self, &at, low), check(self, &at, high));
                let (low, high) = (low?, high?);
                if low > high {
                    self.add(
                        at,
                        format!("runs backwards: low {low} is above high {high}"),
                    );
                    return None;
                }
                Range::Between { low, high }
            }
            Given::Triangular(low, likely, high) => {
                let at = format!("{key}.triangular");
                let (low, likely, high) = (
                    check(self, &at, low),
                    check(self, &at, likely),
                    check(self, &at, high),
                );
                let (low, likely, high) = (low?, likely?, high?);
                if !(low <= likely && likely <= high) {
                    self.add(
                        at,
                        format!(
                            "must run low, likely, high in order (low ≤ likely ≤ high), got {low}, {likely}, {high}"
                        ),
                    );
                    return None;
                }
                Range::Triangular { low, likely, high }
            }
        };
        if range.low() == range.high() {
            return Some(range.low());
        }
        let uncertain = Uncertain {
            key: key.to_string(),
            range,
            whole,
            // Set when the threats are in order.
            input: Input::Stockpile { interceptor: 0 },
            source: figure.source.clone(),
        };
        let mean = uncertain.mean();
        self.2.ranges.push((uncertain, target));
        Some(if whole { (mean + 0.5).floor() } else { mean })
    }

    /// A whole number within `min..=max` that may be a range.
    fn ranged_count(
        &mut self,
        key: &str,
        figure: &Figure<Count>,
        min: u64,
        max: u64,
        target: Target,
    ) -> Option<u64> {
        self.ranged(
            key,
            figure,
            true,
            |p, k, c| p.count_in(k, c, min, max).map(|v| v as f64),
            target,
        )
        .map(|v| v as u64)
    }

    /// A probability that may be a range; `default` when absent.
    fn ranged_probability(
        &mut self,
        key: &str,
        figure: Option<&Figure<f64>>,
        default: f64,
        target: Target,
    ) -> Option<f64> {
        match figure {
            None => Some(default),
            Some(figure) => self.ranged(
                key,
                figure,
                false,
                |p, k, v| p.probability(k, Some(v), default),
                target,
            ),
        }
    }

    /// A cost that may be a range.
    fn ranged_cost(
        &mut self,
        key: &str,
        figure: Option<&Figure<f64>>,
        target: Target,
    ) -> Option<f64> {
        let figure = figure?;
        self.ranged(key, figure, false, |p, k, v| p.cost(k, Some(v)), target)
    }

    /// `value` if present, else a problem saying the key is required.
    fn required<T>(&mut self, key: &str, value: Option<T>, what: &str) -> Option<T> {
        if value.is_none() {
            self.missing(key, what);
        }
        value
    }

    fn missing(&mut self, key: impl Into<String>, what: impl Into<String>) {
        self.add(key, ProblemKind::Missing { what: what.into() });
    }

    /// A count within `min..=max`, or a problem naming the key.
    fn count_in(&mut self, key: &str, Count(value): Count, min: u64, max: u64) -> Option<u64> {
        if value < min {
            self.add(key, OutOfRange::AtLeast { min, got: value });
            None
        } else if value > max {
            self.add(key, OutOfRange::AtMost { max, got: value });
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
                self.add(key, OutOfRange::Probability { got: p });
                None
            }
        }
    }

    /// A finite real within `min..=max`.
    fn real_in(&mut self, key: &str, value: f64, min: f64, max: f64) -> Option<f64> {
        if value.is_finite() && (min..=max).contains(&value) {
            Some(value)
        } else {
            self.add(
                key,
                OutOfRange::Between {
                    min,
                    max,
                    got: value,
                },
            );
            None
        }
    }

    /// A finite cost, 0 or more.
    fn cost(&mut self, key: &str, value: Option<f64>) -> Option<f64> {
        let value = value?;
        if value.is_finite() && (0.0..=MAX_UNIT_COST).contains(&value) {
            Some(value)
        } else {
            self.add(key, OutOfRange::Cost { got: value });
            None
        }
    }

    /// A date written YYYY-MM-DD.
    fn date(&mut self, key: &str, text: &str) -> Option<Date> {
        match Date::parse(text) {
            Ok(date) => Some(date),
            Err(error) => {
                self.add(
                    key,
                    ProblemKind::BadDate {
                        error,
                        text: text.to_string(),
                    },
                );
                None
            }
        }
    }

    /// The night a date falls on, counting `start` as night 1.
    fn night_of_date(&mut self, key: &str, text: &str, start: Option<Date>) -> Option<u32> {
        let date = self.date(key, text)?;
        let Some(start) = start else {
            self.add(key, "a date needs the scenario's start_date (night 1)");
            return None;
        };
        let days = start.days_until(date);
        if days < 0 {
            self.add(key, format!("{date} is before start_date {start}"));
            return None;
        }
        self.night(key, Count(days as u64 + 1))
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

/// Validates a parsed scenario. `default_name` names it when `name:` is
/// absent (the file stem); `replayed` answers every [`replay_requests`] of
/// `raw`, in order.
pub fn validate(
    raw: RawScenario,
    default_name: &str,
    replayed: Vec<Replayed>,
) -> Result<Scenario, Vec<Problem>> {
    let mut problems = Problems::default();
    for Replayed { key, record } in replayed {
        let record = record.map_err(|mut why| problems.0.append(&mut why)).ok();
        problems.1.read.push((key, record));
    }

    let name = match raw.name {
        Some(ref name) => {
            if let Err(why) = name_problem(name, NameUse::Scenario) {
                problems.add("name", why);
            }
            name.clone()
        }
        None => default_name.to_string(),
    };

    // A replayed record sets the default horizon: its nights.
    let horizon_nights = match &raw.horizon_nights {
        None => Some(
            problems
                .1
                .first()
                .map_or(DEFAULT_HORIZON_NIGHTS, |r| r.nights.len() as u32),
        ),
        Some(figure) => problems
            .number("horizon_nights", figure)
            .and_then(|count| {
                problems.count_in("horizon_nights", count, 1, u64::from(MAX_HORIZON_NIGHTS))
            })
            .map(|n| n as u32),
    };

    problems.1.horizon = horizon_nights;
    // A replayed record sets the default start date: its first night.
    let start_date = match raw.start_date.as_deref() {
        Some(text) => problems.date("start_date", text),
        None => problems.1.first().map(|r| r.from),
    };
    if let (Some(date), Some(horizon)) = (start_date, horizon_nights)
        && date.add_days(i64::from(horizon)).is_none()
    {
        problems.add(
            "start_date",
            "the horizon runs past the year 9999; use an earlier date or fewer nights",
        );
    }

    let long_form = raw.interceptors.is_some() || raw.threats.is_some();
    let when = When {
        horizon: horizon_nights,
        start_date,
    };
    let forces = if long_form {
        long_form_forces(&mut problems, &raw, when)
    } else {
        short_form_forces(&mut problems, &raw, when)
    };
    // Type names as written, so deliveries are checked even when a type
    // itself has problems.
    let names: Vec<String> = match &raw.interceptors {
        Some(types) => types.0.iter().map(|(name, _)| name.clone()).collect(),
        None if long_form => Vec::new(),
        None => vec![SHORT_FORM_INTERCEPTOR.to_string()],
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
        .iter()
        .enumerate()
        .filter_map(|(i, delivery)| {
            validate_delivery(
                &mut problems,
                i,
                delivery,
                horizon_nights,
                start_date,
                &names,
            )
        })
        .collect();
    if raw.production.len() > MAX_PRODUCTION_LINES {
        problems.add(
            "production",
            format!(
                "at most {MAX_PRODUCTION_LINES} entries, got {}",
                raw.production.len()
            ),
        );
    }
    let production: Vec<Production> = raw
        .production
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let key = format!("production.{i}");
            let interceptor = which_type(
                &mut problems,
                &format!("{key}.interceptor"),
                line.interceptor.as_deref(),
                &names,
            );
            let output = validate_output(&mut problems, &key, line, when, Target::Production(i));
            Some(Production {
                interceptor: interceptor?,
                per_night: output?.per_night,
                first_night: output?.first_night,
                last_night: output?.last_night,
                lead_time_nights: output?.lead_time_nights,
            })
        })
        .collect();

    if !problems.0.is_empty() {
        return Err(problems.0);
    }
    // Every `None` above recorded a problem, so these are all present.
    let (Some(horizon_nights), Some((interceptors, threats, order, pk_from_threat))) =
        (horizon_nights, forces)
    else {
        unreachable!("a missing value always records a problem");
    };
    let engagements: usize = threats.iter().map(|t| t.engagements().count()).sum();
    let size = (interceptors.len() + threats.len() + engagements) as u64;
    if size * u64::from(horizon_nights) > MAX_SCENARIO_NIGHTS {
        return Err(vec![Problem::new(
            "horizon_nights",
            format!(
                "{} interceptor types, {} threats and {engagements} engagements over {horizon_nights} nights is more work than a run allows: (types + threats + engagements) × nights may be at most {MAX_SCENARIO_NIGHTS}, here {}",
                interceptors.len(),
                threats.len(),
                size * u64::from(horizon_nights)
            ),
        )]);
    }
    let Inputs { sources, ranges } = problems.2;
    let uncertain = ranges
        .into_iter()
        .map(|(mut uncertain, target)| {
            uncertain.input = aim(target, &threats, &order, &pk_from_threat);
            uncertain
        })
        .collect();

    Ok(Scenario {
        name,
        description: raw.description.map(|d| d.trim().to_string()),
        start_date,
        horizon_nights,
        interceptors,
        threats,
        deliveries,
        production,
        sources: raw.sources,
        overrides: Vec::new(),
        uncertain,
        value_sources: sources,
    })
}

/// The horizon and night 1's date, which nights and dates are read against.
#[derive(Debug, Clone, Copy)]
struct When {
    horizon: Option<u32>,
    start_date: Option<Date>,
}

/// What a range sets, in the model: threats in engagement order (`order[i]`
/// is the place of the threat written i-th), and a type's pk only where a
/// threat does not give its own (`pk_from_threat`, tier by tier).
fn aim(
    target: Target,
    threats: &[Threat],
    order: &[usize],
    pk_from_threat: &[Vec<Vec<bool>>],
) -> Input {
    let engagements = |keep: &dyn Fn(usize, usize, usize) -> bool| -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        for (threat, t) in threats.iter().enumerate() {
            for (tier, options) in t.tiers.iter().enumerate() {
                for (place, _) in options.iter().enumerate() {
                    if keep(threat, tier, place) {
                        found.push((threat, tier, place));
                    }
                }
            }
        }
        found
    };
    let by_type =
        |threat: usize, tier: usize, place: usize| threats[threat].tiers[tier][place].interceptor;
    match target {
        Target::Stockpile(interceptor) => Input::Stockpile { interceptor },
        Target::DeliveryCount(delivery) => Input::DeliveryCount { delivery },
        Target::Production(line) => Input::Production { line },
        Target::TypePk(t) => Input::Pk {
            engagements: engagements(&|th, ti, pl| {
                by_type(th, ti, pl) == t && !pk_from_threat[th][ti][pl]
            }),
        },
        Target::TypeReliability(t) => Input::Reliability {
            engagements: engagements(&|th, ti, pl| by_type(th, ti, pl) == t),
        },
        Target::TypeKillAssessment(t) => Input::KillAssessment {
            engagements: engagements(&|th, ti, pl| by_type(th, ti, pl) == t),
        },
        Target::ThreatPk(written, only) => {
            let threat = order[written];
            Input::Pk {
                engagements: engagements(&|th, ti, pl| {
                    th == threat && only.is_none_or(|t| by_type(th, ti, pl) == t)
                }),
            }
        }
        Target::RaidProbability(written) => Input::RaidProbability {
            threat: order[written],
        },
        Target::RaidMean(written) => Input::RaidMean {
            threat: order[written],
        },
        Target::InterceptorCost(interceptor) => Input::InterceptorCost { interceptor },
        Target::ThreatCost(written) => Input::ThreatCost {
            threat: order[written],
        },
        Target::ArsenalOnHand(written) => Input::ArsenalOnHand {
            threat: order[written],
        },
        Target::ArsenalProduction(written, line) => Input::ArsenalProduction {
            threat: order[written],
            line,
        },
        Target::LostToEw(written) => Input::LostToEw {
            threat: order[written],
        },
        Target::Discrimination(written) => Input::Discrimination {
            threat: order[written],
        },
    }
}

/// The kill-model keys shared by the short form and each long-form type.
struct KillKeys<'a> {
    pk: Option<&'a Figure<f64>>,
    doctrine: Option<RawDoctrine>,
    kill_assessment: Option<&'a Figure<f64>>,
    reliability: Option<&'a Figure<f64>>,
}

/// A kill model of interceptor type `t` with `interceptors_per_kill` still
/// to be set (from the threat, in the long form).
fn validate_kill(
    problems: &mut Problems,
    prefix: &str,
    keys: &KillKeys<'_>,
    t: usize,
) -> Option<KillModel> {
    let key = |field: &str| format!("{prefix}{field}");
    // Without `pk` every engaged missile is destroyed: the certain-kill
    // arithmetic.
    let pk = problems.ranged_probability(&key("pk"), keys.pk, 1.0, Target::TypePk(t));
    let kill_assessment = problems.ranged_probability(
        &key("kill_assessment"),
        keys.kill_assessment,
        1.0,
        Target::TypeKillAssessment(t),
    );
    let reliability = problems.ranged_probability(
        &key("reliability"),
        keys.reliability,
        1.0,
        Target::TypeReliability(t),
    );
    let doctrine = match keys.doctrine {
        None | Some(RawDoctrine::Salvo) => Doctrine::Salvo,
        Some(RawDoctrine::ShootLookShoot) => Doctrine::ShootLookShoot,
    };
    Some(KillModel {
        pk: pk?,
        interceptors_per_kill: 1,
        doctrine,
        kill_assessment: kill_assessment?,
        reliability: reliability?,
    })
}

fn salvo_size(problems: &mut Problems, key: &str, count: Count) -> Option<u32> {
    problems
        .count_in(key, count, 1, MAX_INTERCEPTORS_PER_KILL)
        .map(|k| k as u32)
}

/// The types and the threats in engagement order; where each threat
/// written i-th went (`order[i]`); and, per threat, tier and place, whether
/// its pk is the threat's own (not its type's).
type Forces = (
    Vec<InterceptorType>,
    Vec<Threat>,
    Vec<usize>,
    Vec<Vec<Vec<bool>>>,
);

/// One interceptor type and one threat from the top-level keys.
fn short_form_forces(problems: &mut Problems, raw: &RawScenario, when: When) -> Option<Forces> {
    if raw.layers.is_some() {
        problems.add(
            "layers",
            "layers need the long form: name interceptor types under `interceptors:` and threats under `threats:`",
        );
    }
    let stockpile = problems
        .required(
            "stockpile",
            raw.stockpile.as_ref(),
            "interceptors on hand before night 1",
        )
        .and_then(|figure| {
            problems.ranged_count("stockpile", figure, 0, MAX_STOCKPILE, Target::Stockpile(0))
        });
    let interceptors_per_kill = problems
        .required(
            "interceptors_per_kill",
            raw.interceptors_per_kill.as_ref(),
            "interceptors fired at each engaged missile",
        )
        .and_then(|figure| problems.number("interceptors_per_kill", figure))
        .and_then(|count| salvo_size(problems, "interceptors_per_kill", count));
    let arsenal = raw
        .arsenal
        .as_ref()
        .map(|a| validate_arsenal(problems, "arsenal", a, when, 0));
    let masses = matches!(&arsenal, Some(Some(a)) if matches!(a.tactic, Tactic::Mass { .. }));
    let raid = planned_raid(
        problems,
        "missiles_per_night",
        raw.missiles_per_night.clone(),
        masses,
        0,
    );
    let raid_probability = problems.ranged_probability(
        "raid_probability",
        raw.raid_probability.as_ref(),
        1.0,
        Target::RaidProbability(0),
    );
    let lost_to_ew = problems.ranged_probability(
        "lost_to_ew",
        raw.lost_to_ew.as_ref(),
        0.0,
        Target::LostToEw(0),
    );
    let kill = validate_kill(
        problems,
        "",
        &KillKeys {
            pk: raw.pk.as_ref(),
            doctrine: raw.doctrine,
            kill_assessment: raw.kill_assessment.as_ref(),
            reliability: raw.reliability.as_ref(),
        },
        0,
    );
    let kill = KillModel {
        interceptors_per_kill: interceptors_per_kill?,
        ..kill?
    };
    Some((
        vec![InterceptorType {
            name: SHORT_FORM_INTERCEPTOR.to_string(),
            stockpile: stockpile?,
            unit_cost: None,
            fire_capacity: None,
            reserve: 0,
        }],
        vec![Threat {
            name: SHORT_FORM_THREAT.to_string(),
            raid: raid?,
            raid_probability: raid_probability?,
            tiers: vec![vec![Engagement {
                interceptor: 0,
                kill,
                rationed: None,
            }]],
            unit_cost: None,
            arsenal: arsenal.map_or(Some(None), |a| a.map(Some))?,
            decoy: None,
            lost_to_ew: lost_to_ew?,
        }],
        vec![0],
        vec![vec![vec![false]]],
    ))
}

/// A validated long-form interceptor type, with the parts threats need.
struct TypeParts {
    interceptor: InterceptorType,
    kill: KillModel,
    ration: Option<(u64, u32)>,
}

/// Interceptor types and threats from `interceptors:` and `threats:`.
fn long_form_forces(problems: &mut Problems, raw: &RawScenario, when: When) -> Option<Forces> {
    let short_keys = [
        (
            "stockpile",
            raw.stockpile.is_some(),
            "interceptors.<name>.stockpile",
        ),
        (
            "interceptors_per_kill",
            raw.interceptors_per_kill.is_some(),
            "threats.<name>.interceptors_per_kill",
        ),
        (
            "missiles_per_night",
            raw.missiles_per_night.is_some(),
            "threats.<name>.missiles_per_night",
        ),
        (
            "raid_probability",
            raw.raid_probability.is_some(),
            "threats.<name>.raid_probability",
        ),
        ("pk", raw.pk.is_some(), "interceptors.<name>.pk"),
        (
            "doctrine",
            raw.doctrine.is_some(),
            "interceptors.<name>.doctrine",
        ),
        (
            "kill_assessment",
            raw.kill_assessment.is_some(),
            "interceptors.<name>.kill_assessment",
        ),
        (
            "reliability",
            raw.reliability.is_some(),
            "interceptors.<name>.reliability",
        ),
        ("arsenal", raw.arsenal.is_some(), "threats.<name>.arsenal"),
        (
            "lost_to_ew",
            raw.lost_to_ew.is_some(),
            "threats.<name>.lost_to_ew",
        ),
    ];
    for (key, given, instead) in short_keys {
        if given {
            problems.add(
                key,
                format!("belongs to the short form; with `interceptors:` and `threats:` give it as {instead}"),
            );
        }
    }
    let default = NamedMap::default();
    let raw_types = problems.required(
        "interceptors",
        raw.interceptors.as_ref(),
        "the interceptor types, by name (the long form needs both interceptors: and threats:)",
    );
    let raw_threats = problems.required(
        "threats",
        raw.threats.as_ref(),
        "the threat classes, by name (the long form needs both interceptors: and threats:)",
    );
    let raw_types = raw_types.unwrap_or(&default);
    if raw_types.0.is_empty() && raw.interceptors.is_some() {
        problems.add("interceptors", "give at least one interceptor type");
    }
    if raw_types.0.len() > MAX_TYPES {
        problems.add(
            "interceptors",
            format!(
                "at most {MAX_TYPES} interceptor types, got {}",
                raw_types.0.len()
            ),
        );
    }
    if let Some(threats) = raw_threats
        && threats.0.len() > MAX_TYPES
    {
        problems.add(
            "threats",
            format!("at most {MAX_TYPES} threats, got {}", threats.0.len()),
        );
    }
    let before = problems.0.len();
    for (name, _) in &raw_types.0 {
        if let Err(why) = name_problem(name, NameUse::Key) {
            problems.add("interceptors", format!("an interceptor type's name {why}"));
        }
    }
    if let Some(threats) = raw_threats {
        for (name, _) in &threats.0 {
            if let Err(why) = name_problem(name, NameUse::Key) {
                problems.add("threats", format!("a threat's name {why}"));
            }
        }
    }
    let types: Vec<Option<TypeParts>> = raw_types
        .0
        .iter()
        .enumerate()
        .map(|(t, (name, raw))| validate_interceptor(problems, name, raw, t))
        .collect();
    let names: Vec<&str> = raw_types.0.iter().map(|(n, _)| n.as_str()).collect();
    let layers = validate_layers(problems, raw.layers.as_deref(), &names);

    let empty = NamedMap::default();
    let raw_threats = raw_threats.unwrap_or(&empty);
    let mut threats: Vec<(u64, usize, Threat, Vec<Vec<bool>>)> = Vec::new();
    for (index, (name, t)) in raw_threats.0.iter().enumerate() {
        let context = ThreatContext {
            names: &names,
            types: &types,
            tier_of: &layers,
            when,
        };
        if let Some((priority, threat, own_pk)) =
            validate_threat(problems, name, t, index, &context)
        {
            threats.push((priority, index, threat, own_pk));
        }
    }
    // A threat whose replayed record could not be read is left out without
    // a new problem (the reading's problem was recorded first, before
    // `before`), so the threats are counted too: the order below needs
    // every one (a fuzz finding: an index out of bounds when such a threat
    // came before another).
    if problems.0.len() != before
        || types.iter().any(Option::is_none)
        || threats.len() != raw_threats.0.len()
    {
        return None;
    }
    // Engagement order: by priority (1 first), then as listed; threats
    // without a priority come after those with one.
    threats.sort_by_key(|&(priority, index, _, _)| (priority, index));
    let mut order = vec![0; threats.len()];
    for (place, (_, written, _, _)) in threats.iter().enumerate() {
        order[*written] = place;
    }
    let (threats, own_pk): (Vec<Threat>, Vec<Vec<Vec<bool>>>) = threats
        .into_iter()
        .map(|(_, _, threat, own_pk)| (threat, own_pk))
        .unzip();
    Some((
        types.into_iter().flatten().map(|t| t.interceptor).collect(),
        threats,
        order,
        own_pk,
    ))
}

fn validate_interceptor(
    problems: &mut Problems,
    name: &str,
    raw: &RawInterceptor,
    t: usize,
) -> Option<TypeParts> {
    let prefix = format!("interceptors.{name}.");
    let key = |field: &str| format!("{prefix}{field}");
    let before = problems.0.len();
    let stockpile = problems
        .required(
            &key("stockpile"),
            raw.stockpile.as_ref(),
            "interceptors on hand before night 1",
        )
        .and_then(|figure| {
            problems.ranged_count(
                &key("stockpile"),
                figure,
                0,
                MAX_STOCKPILE,
                Target::Stockpile(t),
            )
        });
    let kill = validate_kill(
        problems,
        &prefix,
        &KillKeys {
            pk: raw.pk.as_ref(),
            doctrine: raw.doctrine,
            kill_assessment: raw.kill_assessment.as_ref(),
            reliability: raw.reliability.as_ref(),
        },
        t,
    );
    let unit_cost = problems.ranged_cost(
        &key("unit_cost"),
        raw.unit_cost.as_ref(),
        Target::InterceptorCost(t),
    );
    let engagements_per_night = problems.number_of(
        &key("engagements_per_night"),
        raw.engagements_per_night.as_ref(),
    );
    let launchers = problems.number_of(&key("launchers"), raw.launchers.as_ref());
    let rounds_per_launcher = problems.number_of(
        &key("rounds_per_launcher"),
        raw.rounds_per_launcher.as_ref(),
    );
    let reload_nights = problems.number_of(&key("reload_nights"), raw.reload_nights.as_ref());
    let fire_capacity = match (engagements_per_night, launchers, rounds_per_launcher) {
        (None, None, None) => {
            if reload_nights.is_some() {
                problems.add(
                    key("reload_nights"),
                    "only applies with launchers and rounds_per_launcher",
                );
            }
            None
        }
        (Some(n), None, None) => {
            if reload_nights.is_some() {
                problems.add(
                    key("reload_nights"),
                    "only applies with launchers and rounds_per_launcher",
                );
            }
            problems
                .count_in(&key("engagements_per_night"), n, 0, MAX_COUNT)
                .map(FireCapacity::EngagementsPerNight)
        }
        (None, Some(launchers), Some(rounds)) => {
            let launchers = problems.count_in(&key("launchers"), launchers, 1, MAX_COUNT);
            let rounds = problems.count_in(&key("rounds_per_launcher"), rounds, 1, MAX_COUNT);
            let reload = problems.count_in(
                &key("reload_nights"),
                reload_nights.unwrap_or(Count(1)),
                1,
                u64::from(MAX_HORIZON_NIGHTS),
            );
            match (launchers, rounds, reload) {
                (Some(l), Some(r), Some(reload_nights)) => Some(FireCapacity::Launchers {
                    rounds_ready: l * r,
                    reload_nights: reload_nights as u32,
                }),
                _ => None,
            }
        }
        (Some(_), _, _) => {
            problems.add(
                key("engagements_per_night"),
                "give either engagements_per_night or launchers with rounds_per_launcher, not both",
            );
            None
        }
        (None, Some(_), None) => {
            problems.missing(
                key("rounds_per_launcher"),
                "rounds each launcher holds ready",
            );
            None
        }
        (None, None, Some(_)) => {
            problems.missing(key("launchers"), "how many launchers fire this type");
            None
        }
    };
    let reserve = problems
        .number_of(&key("reserve"), raw.reserve.as_ref())
        .and_then(|c| problems.count_in(&key("reserve"), c, 0, MAX_STOCKPILE))
        .unwrap_or(0);
    let ration = raw.ration.as_ref().and_then(|ration| {
        let below = problems
            .number(&key("ration.below"), &ration.below)
            .and_then(|c| problems.count_in(&key("ration.below"), c, 1, MAX_STOCKPILE));
        let k = problems
            .number(
                &key("ration.interceptors_per_kill"),
                &ration.interceptors_per_kill,
            )
            .and_then(|c| salvo_size(problems, &key("ration.interceptors_per_kill"), c));
        Some((below?, k?))
    });
    if problems.0.len() != before {
        return None;
    }
    Some(TypeParts {
        interceptor: InterceptorType {
            name: name.to_string(),
            stockpile: stockpile?,
            unit_cost,
            fire_capacity,
            reserve,
        },
        kill: kill?,
        ration,
    })
}

/// Where a name is used: the scenario's own, or a type's or threat's, which
/// is also a segment of key paths (`--set interceptors.NAME.stockpile=…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameUse {
    Scenario,
    Key,
}

/// Why `name` cannot name something, in words that quote it escaped (it
/// may hold the very characters that must not reach a terminal).
fn name_problem(name: &str, used: NameUse) -> Result<(), String> {
    let shown = name.escape_debug().to_string();
    if let Some(c) = name.chars().find(|&c| c.is_control() || is_bidi_control(c)) {
        return Err(format!(
            "\"{shown}\" holds the control character {}; names are shown in terminals and reports, where such characters act instead of showing",
            c.escape_unicode()
        ));
    }
    if !name.chars().any(|c| !c.is_whitespace() && !is_invisible(c)) {
        return Err(format!(
            "\"{shown}\" has no visible character; give a name a reader can see"
        ));
    }
    if used == NameUse::Key
        && let Some(c) = name.chars().find(|c| matches!(c, '.' | '='))
    {
        return Err(format!(
            "\"{shown}\" holds `{c}`, which key paths use (`--set threats.NAME.unit_cost=1`); choose a name without `.` or `=`"
        ));
    }
    Ok(())
}

/// Characters that reorder the text around them (the bidirectional
/// embeddings, overrides and isolates), which can make a name read as
/// another.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters that show nothing: zero-width spaces and joiners, word
/// joiners and invisible operators, the soft hyphen, the byte-order mark
/// and the Hangul fillers.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
    )
}

/// The tier of each interceptor type under `layers:` (types not listed are
/// in one last tier together).
fn validate_layers(
    problems: &mut Problems,
    layers: Option<&[Vec<String>]>,
    names: &[&str],
) -> Vec<usize> {
    let Some(layers) = layers else {
        return vec![0; names.len()];
    };
    let mut tier = vec![layers.len(); names.len()];
    for (l, layer) in layers.iter().enumerate() {
        if layer.is_empty() {
            problems.add(
                format!("layers.{l}"),
                "is empty; a layer lists at least one interceptor type",
            );
        }
        for (i, name) in layer.iter().enumerate() {
            let key = format!("layers.{l}.{i}");
            match names.iter().position(|n| n == name) {
                None => unknown_type(problems, &key, name, names),
                Some(t) if tier[t] != layers.len() => {
                    problems.add(key, format!("`{name}` is already in layer {}", tier[t]));
                }
                Some(t) => tier[t] = l,
            }
        }
    }
    tier
}

fn unknown_type(problems: &mut Problems, key: &str, name: &str, names: &[&str]) {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    if let Err(unknown) = UnknownName::check(NameKind::InterceptorType, name, &names) {
        problems.add(key, unknown);
    }
}

/// What every threat is validated against: the types (as written, with
/// their parts) and their tiers, and the horizon and dates.
struct ThreatContext<'a> {
    names: &'a [&'a str],
    types: &'a [Option<TypeParts>],
    tier_of: &'a [usize],
    when: When,
}

/// One threat (the `index`-th written), with its engagement priority
/// (u64::MAX when not given) and, per tier and place, whether its pk is the
/// threat's own.
fn validate_threat(
    problems: &mut Problems,
    name: &str,
    raw: &RawThreat,
    index: usize,
    context: &ThreatContext<'_>,
) -> Option<(u64, Threat, Vec<Vec<bool>>)> {
    let ThreatContext {
        names,
        types,
        tier_of,
        when,
    } = *context;
    let prefix = format!("threats.{name}");
    let key = |field: &str| format!("{prefix}.{field}");
    let before = problems.0.len();
    let arsenal = raw
        .arsenal
        .as_ref()
        .map(|a| validate_arsenal(problems, &key("arsenal"), a, when, index));
    let masses = matches!(&arsenal, Some(Some(a)) if matches!(a.tactic, Tactic::Mass { .. }));
    let raid = planned_raid(
        problems,
        &key("missiles_per_night"),
        raw.missiles_per_night.clone(),
        masses,
        index,
    );
    let raid_probability = problems.ranged_probability(
        &key("raid_probability"),
        raw.raid_probability.as_ref(),
        1.0,
        Target::RaidProbability(index),
    );
    let unit_cost = problems.ranged_cost(
        &key("unit_cost"),
        raw.unit_cost.as_ref(),
        Target::ThreatCost(index),
    );
    let lost_to_ew = problems.ranged_probability(
        &key("lost_to_ew"),
        raw.lost_to_ew.as_ref(),
        0.0,
        Target::LostToEw(index),
    );
    let decoy = match (raw.decoy, raw.discrimination.as_ref()) {
        (Some(true), discrimination) => problems
            .ranged_probability(
                &key("discrimination"),
                discrimination,
                0.0,
                Target::Discrimination(index),
            )
            .map(|discrimination| Some(Decoy { discrimination })),
        (_, Some(_)) => {
            problems.add(
                key("discrimination"),
                "only applies to decoys: give decoy: true, or leave discrimination out",
            );
            None
        }
        (_, None) => Some(None),
    };
    let engaged_by = problems
        .required(
            &key("engaged_by"),
            raw.engaged_by.as_ref(),
            "the interceptor types that engage it, most preferred first ([] for none)",
        )
        .cloned()
        .unwrap_or_default();
    let mut chosen: Vec<usize> = Vec::new();
    for (i, type_name) in engaged_by.iter().enumerate() {
        let k = format!("{prefix}.engaged_by.{i}");
        match names.iter().position(|n| n == type_name) {
            None => unknown_type(problems, &k, type_name, names),
            Some(t) if chosen.contains(&t) => {
                problems.add(k, format!("`{type_name}` is listed twice"))
            }
            Some(t) => chosen.push(t),
        }
    }
    // Per-type values must name types that engage this threat.
    let check_keys = |problems: &mut Problems, field: &str, keys: Vec<&String>| {
        for type_name in keys {
            if !engaged_by.contains(type_name) {
                problems.add(
                    format!("{prefix}.{field}.{type_name}"),
                    format!("`{type_name}` is not in this threat's engaged_by"),
                );
            }
        }
    };
    if let Some(PerType::ByType(map)) = &raw.interceptors_per_kill {
        check_keys(
            problems,
            "interceptors_per_kill",
            map.0.iter().map(|(n, _)| n).collect(),
        );
    }
    if let Some(PerType::ByType(map)) = &raw.pk {
        check_keys(problems, "pk", map.0.iter().map(|(n, _)| n).collect());
    }
    // One pk for all the threat's types is one figure (one range, if a
    // range): it is checked and kept once.
    let same_pk = match &raw.pk {
        Some(PerType::Same(figure)) => Some(problems.ranged_probability(
            &key("pk"),
            Some(figure),
            1.0,
            Target::ThreatPk(index, None),
        )),
        _ => None,
    };
    let mut engagements: Vec<(usize, Engagement, bool)> = Vec::new();
    for &t in &chosen {
        let type_name = names[t];
        let k = match &raw.interceptors_per_kill {
            None => {
                problems.missing(
                    key("interceptors_per_kill"),
                    "interceptors fired at each engaged missile (a number, or one per type)",
                );
                None
            }
            Some(PerType::Same(figure)) => problems
                .number(&key("interceptors_per_kill"), figure)
                .and_then(|count| salvo_size(problems, &key("interceptors_per_kill"), count)),
            Some(PerType::ByType(map)) => match map.0.iter().find(|(n, _)| n == type_name) {
                Some((_, figure)) => {
                    let at = format!("{prefix}.interceptors_per_kill.{type_name}");
                    problems
                        .number(&at, figure)
                        .and_then(|count| salvo_size(problems, &at, count))
                }
                None => {
                    problems.missing(
                        format!("{prefix}.interceptors_per_kill.{type_name}"),
                        "every type in engaged_by needs its interceptors per kill",
                    );
                    None
                }
            },
        };
        let pk: Option<Option<f64>> = match &raw.pk {
            None => Some(None),
            Some(PerType::Same(_)) => same_pk.map(Some).unwrap_or(Some(None)),
            Some(PerType::ByType(map)) => match map.0.iter().find(|(n, _)| n == type_name) {
                Some((_, figure)) => Some(problems.ranged_probability(
                    &format!("{prefix}.pk.{type_name}"),
                    Some(figure),
                    1.0,
                    Target::ThreatPk(index, Some(t)),
                )),
                None => Some(None),
            },
        };
        let (Some(k), Some(parts), Some(pk)) = (k, &types[t], pk) else {
            continue;
        };
        let kill = KillModel {
            pk: pk.unwrap_or(parts.kill.pk),
            interceptors_per_kill: k,
            ..parts.kill
        };
        let rationed = parts.ration.map(|(below, rationed_k)| {
            (
                below,
                KillModel {
                    interceptors_per_kill: rationed_k,
                    ..kill
                },
            )
        });
        engagements.push((
            tier_of[t],
            Engagement {
                interceptor: t,
                kill,
                rationed,
            },
            pk.is_some(),
        ));
    }
    // Tiers in layer order; within a tier, this threat's preference order.
    let mut tiers: Vec<Vec<Engagement>> = Vec::new();
    let mut own_pk: Vec<Vec<bool>> = Vec::new();
    let mut layer_ids: Vec<usize> = engagements.iter().map(|(l, _, _)| *l).collect();
    layer_ids.sort_unstable();
    layer_ids.dedup();
    for layer in layer_ids {
        let in_tier = engagements.iter().filter(|(l, _, _)| *l == layer);
        tiers.push(in_tier.clone().map(|(_, e, _)| *e).collect());
        own_pk.push(in_tier.map(|(_, _, own)| *own).collect());
    }
    // Without a priority, a threat comes after every threat with one.
    let priority = match problems.number_of(&key("priority"), raw.priority.as_ref()) {
        None => u64::MAX,
        Some(p) => problems
            .count_in(&key("priority"), p, 1, MAX_PRIORITY)
            .unwrap_or(u64::MAX),
    };
    if problems.0.len() != before {
        return None;
    }
    Some((
        priority,
        Threat {
            name: name.to_string(),
            raid: raid?,
            raid_probability: raid_probability?,
            tiers,
            unit_cost,
            arsenal: arsenal.map_or(Some(None), |a| a.map(Some))?,
            decoy: decoy?,
            lost_to_ew: lost_to_ew?,
        },
        own_pk,
    ))
}

/// A threat's arsenal (the `threat`-th written).
fn validate_arsenal(
    problems: &mut Problems,
    prefix: &str,
    raw: &RawArsenal,
    when: When,
    threat: usize,
) -> Option<Arsenal> {
    let key = |field: &str| format!("{prefix}.{field}");
    let before = problems.0.len();
    // Nothing on hand and nothing made: the threat would never fire, which
    // no one means (a review found `arsenal: { max_per_night: 3 }`, meant
    // as a launch cap alone, silently firing nothing).
    if raw.on_hand.is_none() && raw.production.is_empty() {
        problems.add(
            prefix.to_string(),
            "gives neither on_hand nor production, so the threat would never fire; give on_hand \
             (missiles on hand before night 1), production, or both (for a launch cap alone, an \
             on_hand larger than the horizon can fire)",
        );
    }
    let on_hand = match &raw.on_hand {
        None => Some(0),
        Some(figure) => problems.ranged_count(
            &key("on_hand"),
            figure,
            0,
            MAX_STOCKPILE,
            Target::ArsenalOnHand(threat),
        ),
    };
    if raw.production.len() > MAX_PRODUCTION_LINES {
        problems.add(
            key("production"),
            format!(
                "at most {MAX_PRODUCTION_LINES} entries, got {}",
                raw.production.len()
            ),
        );
    }
    let production: Vec<Option<Output>> = raw
        .production
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let at = format!("{prefix}.production.{i}");
            if line.interceptor.is_some() {
                problems.add(
                    format!("{at}.interceptor"),
                    "an arsenal's production makes the threat's own missiles; leave interceptor out",
                );
            }
            validate_output(
                problems,
                &at,
                line,
                when,
                Target::ArsenalProduction(threat, i),
            )
        })
        .collect();
    let max_per_night = problems
        .number_of(&key("max_per_night"), raw.max_per_night.as_ref())
        .and_then(|c| problems.count_in(&key("max_per_night"), c, 1, MAX_COUNT));
    if raw.max_per_night.is_some() && max_per_night.is_none() {
        return None;
    }
    let tactic = match raw.tactic {
        None | Some(RawTactic::Steady) => Some(Tactic::Steady),
        Some(RawTactic::Mass { when: count }) => problems
            .count_in(&key("tactic.mass_when"), count, 1, MAX_STOCKPILE)
            .map(|when| Tactic::Mass { when }),
    };
    if problems.0.len() != before {
        return None;
    }
    Some(Arsenal {
        on_hand: on_hand?,
        production: production.into_iter().collect::<Option<Vec<_>>>()?,
        max_per_night,
        tactic: tactic?,
    })
}

/// The raid a threat plans: required, unless the attacker masses (then the
/// arsenal decides, and a raid given would say something that is not so).
fn planned_raid(
    problems: &mut Problems,
    key: &str,
    raid: Option<RawRaid>,
    masses: bool,
    threat: usize,
) -> Option<Raid> {
    match (raid, masses) {
        // Massing: the arsenal decides each raid, and a planned raid, if
        // given (say, by a base file that `extends` names), is checked but
        // not used.
        (Some(raid), true) => {
            validate_raid(problems, key, raid, threat)?;
            Some(Raid::Every(0))
        }
        (None, true) => Some(Raid::Every(0)),
        (raid, false) => problems
            .required(
                key,
                raid,
                "missiles launched each night (a number, a list that repeats, or a distribution)",
            )
            .and_then(|raid| validate_raid(problems, key, raid, threat)),
    }
}

/// The interceptor type an entry names (`key` = its `interceptor` key), or
/// the only type when it names none.
fn which_type(
    problems: &mut Problems,
    key: &str,
    name: Option<&str>,
    names: &[String],
) -> Option<usize> {
    match name {
        None if names.len() == 1 => Some(0),
        None if names.is_empty() => None,
        None => {
            problems.missing(
                key,
                format!("which interceptor type (one of: {})", names.join(", ")),
            );
            None
        }
        Some(name) => {
            let position = names.iter().position(|n| n == name);
            if position.is_none() && !names.is_empty() {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                unknown_type(problems, key, name, &names);
            }
            position
        }
    }
}

fn validate_raid(problems: &mut Problems, key: &str, raid: RawRaid, threat: usize) -> Option<Raid> {
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
        RawRaid::Distribution(distribution) => {
            validate_distribution(problems, key, *distribution, threat)
        }
    }
}

fn validate_distribution(
    problems: &mut Problems,
    key: &str,
    distribution: RawRaidDistribution,
    threat: usize,
) -> Option<Raid> {
    let RawRaidDistribution {
        value,
        source,
        poisson,
        negative_binomial,
        choice,
        from_csv,
        category,
        models,
        from,
        to,
        beyond,
        categories,
        combined,
    } = distribution;
    if let Some(source) = source {
        problems.2.sources.push((key.to_string(), source));
    }
    if let Some(value) = value {
        if poisson.is_some()
            || negative_binomial.is_some()
            || choice.is_some()
            || from_csv.is_some()
        {
            problems.add(
                key,
                "give value (a fixed raid) or a distribution or from_csv, not more than one",
            );
            return None;
        }
        return validate_raid(
            problems,
            key,
            match value {
                RawFixedRaid::Every(n) => RawRaid::Every(n),
                RawFixedRaid::Pattern(p) => RawRaid::Pattern(p),
            },
            threat,
        );
    }
    if from_csv.is_some() {
        if poisson.is_some() || negative_binomial.is_some() || choice.is_some() {
            problems.add(
                key,
                "give either a distribution (poisson, negative_binomial, choice) or from_csv, not both",
            );
            return None;
        }
        return replayed_raid(problems, key, beyond);
    }
    for (name, given) in [
        ("category", category.is_some()),
        ("models", models.is_some()),
        ("from", from.is_some()),
        ("to", to.is_some()),
        ("beyond", beyond.is_some()),
        ("categories", categories.is_some()),
        ("combined", combined.is_some()),
    ] {
        if given {
            problems.add(
                format!("{key}.{name}"),
                "only applies to a record replayed with from_csv",
            );
        }
    }
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
        let mean = problems.ranged(
            &mean_key("poisson"),
            &mean,
            false,
            |p, k, v| p.real_in(k, v, 0.0, MAX_RAID_MEAN),
            Target::RaidMean(threat),
        )?;
        return Some(if mean == 0.0 {
            Raid::Every(0)
        } else {
            Raid::Poisson { mean }
        });
    }
    if let Some(nb) = negative_binomial {
        let mean = problems.ranged(
            &mean_key("negative_binomial.mean"),
            &nb.mean,
            false,
            |p, k, v| p.real_in(k, v, 0.0, MAX_RAID_MEAN),
            Target::RaidMean(threat),
        );
        let dispersion_key = mean_key("negative_binomial.dispersion");
        let dispersion = match problems.number(&dispersion_key, &nb.dispersion) {
            Some(d) if d > 0.0 => problems.real_in(&dispersion_key, d, 0.0, MAX_RAID_MEAN),
            Some(d) => {
                problems.add(dispersion_key, OutOfRange::Positive { got: d });
                None
            }
            None => None,
        };
        let (mean, dispersion) = (mean?, dispersion?);
        return Some(if mean == 0.0 {
            Raid::Every(0)
        } else {
            Raid::NegativeBinomial { mean, dispersion }
        });
    }
    let values = choice.unwrap_or_default();
    if values.len() > MAX_CHOICE {
        problems.add(
            mean_key("choice"),
            format!("at most {MAX_CHOICE} values, got {}", values.len()),
        );
        return None;
    }
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
    raw: &RawDelivery,
    horizon: Option<u32>,
    start_date: Option<Date>,
    names: &[String],
) -> Option<Delivery> {
    let key = |field: &str| format!("deliveries.{index}.{field}");
    let before = problems.0.len();
    let night_given = problems.number_of(&key("night"), raw.night.as_ref());
    let every_given = problems.number_of(&key("every_nights"), raw.every_nights.as_ref());
    let first_given = problems.number_of(&key("first_night"), raw.first_night.as_ref());
    let last_given = problems.number_of(&key("last_night"), raw.last_night.as_ref());
    let interceptor = which_type(
        problems,
        &key("interceptor"),
        raw.interceptor.as_deref(),
        names,
    );

    let count = problems
        .required(
            &key("count"),
            raw.count.as_ref(),
            "how many interceptors arrive",
        )
        .and_then(|figure| {
            problems.ranged_count(
                &key("count"),
                figure,
                0,
                MAX_COUNT,
                Target::DeliveryCount(index),
            )
        });

    let once = match (night_given, raw.date.as_deref()) {
        (Some(_), Some(_)) => {
            problems.add(key("date"), "give either `night` or `date`, not both");
            None
        }
        (Some(night), None) => Some(problems.night(&key("night"), night)),
        (None, Some(date)) => Some(problems.night_of_date(&key("date"), date, start_date)),
        (None, None) => None,
    };
    let schedule = match (once, every_given) {
        (Some(_), Some(_)) => {
            problems.add(
                key("every_nights"),
                "give either `night` or `date` (once) or `every_nights` (recurring), not both",
            );
            None
        }
        (None, None) => {
            problems.add(
                format!("deliveries.{index}"),
                "give `night` or `date` for a single delivery, or `every_nights` for a recurring one",
            );
            None
        }
        (Some(night), None) => {
            for (field, value) in [("first_night", first_given), ("last_night", last_given)] {
                if value.is_some() {
                    problems.add(
                        key(field),
                        "only applies to recurring deliveries (`every_nights`)",
                    );
                }
            }
            night.map(|night| Schedule::Once { night })
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
            let first_night = match first_given {
                Some(night) => problems.night(&key("first_night"), night),
                None => every_nights,
            };
            let last_night = match last_given {
                Some(night) => problems.night(&key("last_night"), night),
                None => horizon,
            };
            match (every_nights, first_night, last_night) {
                (Some(every_nights), Some(first_night), Some(last_night)) => {
                    if last_given.is_some() && last_night < first_night {
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
        interceptor: interceptor?,
        count: count?,
        schedule: schedule?,
    })
}

/// Nights in a year, for `per_year` and `per_month` rates.
const NIGHTS_PER_YEAR: f64 = 365.25;

/// A production line's output (interceptors, or an arsenal's missiles):
/// `key` is its key path; a drawn rate or share scales it (`target`).
fn validate_output(
    problems: &mut Problems,
    key: &str,
    raw: &RawProduction,
    when: When,
    target: Target,
) -> Option<Output> {
    let When {
        horizon,
        start_date,
    } = when;
    let key = |field: &str| format!("{key}.{field}");
    let before = problems.0.len();
    let rate = |problems: &mut Problems, field: &str, figure: &Figure<f64>| {
        problems.ranged(
            &key(field),
            figure,
            false,
            |p, k, v| p.real_in(k, v, 0.0, MAX_COUNT as f64),
            target,
        )
    };
    let per_year = match (&raw.per_month, &raw.per_year) {
        (Some(m), None) => rate(problems, "per_month", m).map(|m| m * 12.0),
        (None, Some(y)) => rate(problems, "per_year", y),
        (Some(_), Some(_)) => {
            problems.add(
                key("per_year"),
                "give either per_month or per_year, not both",
            );
            None
        }
        (None, None) => {
            problems.missing(
                key("per_month").trim_end_matches(".per_month").to_string(),
                "a rate, per_month or per_year",
            );
            None
        }
    };
    let share = problems.ranged_probability(&key("share"), raw.share.as_ref(), 1.0, target);
    let from_night = problems.number_of(&key("from_night"), raw.from_night.as_ref());
    let to_night = problems.number_of(&key("to_night"), raw.to_night.as_ref());
    let night = |problems: &mut Problems,
                 night_key: &str,
                 date_key: &str,
                 night: Option<Count>,
                 date: Option<&str>|
     -> Option<Option<u32>> {
        match (night, date) {
            (Some(_), Some(_)) => {
                problems.add(
                    key(date_key),
                    format!("give either {night_key} or {date_key}, not both"),
                );
                None
            }
            (Some(n), None) => problems.night(&key(night_key), n).map(Some),
            (None, Some(d)) => problems
                .night_of_date(&key(date_key), d, start_date)
                .map(Some),
            (None, None) => Some(None),
        }
    };
    let first = night(
        problems,
        "from_night",
        "from",
        from_night,
        raw.from.as_deref(),
    );
    let last = night(problems, "to_night", "to", to_night, raw.to.as_deref());
    let lead_time =
        match problems.number_of(&key("lead_time_nights"), raw.lead_time_nights.as_ref()) {
            None if raw.lead_time_nights.is_some() => None,
            None => Some(0),
            Some(c) => problems.count_in(
                &key("lead_time_nights"),
                c,
                0,
                u64::from(MAX_HORIZON_NIGHTS),
            ),
        };
    if problems.0.len() != before {
        return None;
    }
    let first_night = first?.unwrap_or(1);
    let last_night = last?.unwrap_or(horizon?);
    if last_night < first_night {
        problems.add(
            key("to"),
            format!("ends before it starts (night {last_night} < night {first_night})"),
        );
        return None;
    }
    Some(Output {
        per_night: per_year? * share? / NIGHTS_PER_YEAR,
        first_night,
        last_night,
        lead_time_nights: lead_time? as u32,
    })
}

// Replayed records (issue 8).

/// Every `from_csv` record of the scenario, in the order written: the
/// top-level `missiles_per_night` of the short form, then each threat's.
pub fn replay_requests(raw: &RawScenario) -> Vec<ReplayRequest> {
    let long_form = raw.interceptors.is_some() || raw.threats.is_some();
    let mut specs: Vec<(String, &RawRaidDistribution)> = Vec::new();
    if !long_form && let Some(RawRaid::Distribution(d)) = &raw.missiles_per_night {
        specs.push(("missiles_per_night".to_string(), d));
    }
    if let Some(threats) = &raw.threats {
        for (name, threat) in &threats.0 {
            if let Some(RawRaid::Distribution(d)) = &threat.missiles_per_night {
                specs.push((format!("threats.{name}.missiles_per_night"), d));
            }
        }
    }
    specs
        .into_iter()
        .filter_map(|(key, spec)| {
            let csv = spec.from_csv.clone()?;
            let query = replay_query(&key, spec);
            Some(ReplayRequest { key, csv, query })
        })
        .collect()
}

/// Which rows one record replays, from its keys.
fn replay_query(key: &str, spec: &RawRaidDistribution) -> Result<Query, Vec<Problem>> {
    let mut problems = Problems::default();
    let mut catalogue = replay::catalogue::Catalogue::default();
    if let Some(map) = &spec.categories {
        for (model, category) in &map.0 {
            if category.trim().is_empty() {
                problems.add(format!("{key}.categories.{model}"), "the category is empty");
            }
            catalogue.set(model, category);
        }
    }
    let selection = match (&spec.category, &spec.models) {
        (Some(_), Some(_)) => {
            problems.add(
                format!("{key}.models"),
                "give either category or models, not both",
            );
            None
        }
        (None, None) => {
            problems.missing(
                key,
                format!(
                    "which rows to replay, category (one of: {}) or models (a list)",
                    catalogue.categories().join(", ")
                ),
            );
            None
        }
        (Some(category), None) => {
            let category = category.trim().to_lowercase();
            match UnknownName::check(NameKind::Category, &category, &catalogue.categories()) {
                Ok(()) => Some(Selection::Category(category)),
                Err(unknown) => {
                    problems.add(format!("{key}.category"), unknown);
                    None
                }
            }
        }
        (None, Some(models)) if models.is_empty() => {
            problems.add(
                format!("{key}.models"),
                "the list is empty; name at least one model",
            );
            None
        }
        (None, Some(models)) => Some(Selection::Models(models.clone())),
    };
    let from = spec
        .from
        .as_deref()
        .and_then(|text| problems.date(&format!("{key}.from"), text));
    let to = spec
        .to
        .as_deref()
        .and_then(|text| problems.date(&format!("{key}.to"), text));
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        problems.add(format!("{key}.to"), format!("{to} is before from ({from})"));
    }
    match selection {
        Some(selection) if problems.0.is_empty() => Ok(Query {
            selection,
            from,
            to,
            catalogue,
            combined: spec.combined.map(Into::into).unwrap_or_default(),
        }),
        _ => Err(problems.0),
    }
}

/// The raid of a record handed to [`validate`]; a longer horizon needs
/// `beyond:` to say what comes after it.
fn replayed_raid(
    problems: &mut Problems,
    key: &str,
    beyond: Option<super::raw::RawBeyond>,
) -> Option<Raid> {
    use super::raw::RawBeyond;
    let record = problems
        .1
        .read
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, record)| record.clone())?;
    let length = record.nights.len() as u32;
    let after = match beyond {
        Some(RawBeyond::Repeat) => Raid::Pattern(record.nights.clone()),
        Some(RawBeyond::Fit) => record.fit().fitted.raid(),
        Some(RawBeyond::Quiet) => Raid::Every(0),
        None => {
            if let Some(horizon) = problems.1.horizon
                && horizon > length
            {
                problems.add(
                    key,
                    format!(
                        "the horizon ({horizon} nights) is longer than the record ({length} \
                         nights, {} to {}); say what comes after it with beyond: repeat, fit \
                         or quiet",
                        record.from, record.to
                    ),
                );
                return None;
            }
            Raid::Every(0)
        }
    };
    Some(Raid::Record {
        nights: record.nights.clone(),
        after: Box::new(after),
    })
}
