//! The summary of a simulation, and the one place its fields are defined.

use crate::sim::{Mode, NightRecord};
use serde::Serialize;

/// What a scenario comes to over its horizon. Field names are the JSON
/// contract and the names used everywhere else (README, `--sort`).
///
/// Counts are reals: expected values and Monte Carlo means are fractional.
/// With certain kills and fixed raids they are the whole numbers of the
/// night-by-night arithmetic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub mode: Mode,
    pub horizon_nights: u32,
    /// Nights before the first shortfall night; the horizon if none.
    #[serde(serialize_with = "crate::num::serialize")]
    pub nights_fully_defended: f64,
    /// The first night on which missiles went unengaged for lack of
    /// interceptors, if any.
    #[serde(serialize_with = "crate::num::serialize_option")]
    pub first_shortfall_night: Option<f64>,
    /// The first night that ends with fewer interceptors than it takes to
    /// engage one more missile, if any.
    #[serde(serialize_with = "crate::num::serialize_option")]
    pub exhausted_night: Option<f64>,
    #[serde(serialize_with = "crate::num::serialize")]
    pub launched: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub engaged: f64,
    /// Missiles not destroyed: never engaged, or engaged and missed.
    #[serde(serialize_with = "crate::num::serialize")]
    pub leakers: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub expended: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub delivered: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub final_stock: f64,
    /// Interceptors a night the average raid needs.
    #[serde(serialize_with = "crate::num::serialize")]
    pub burn_per_night: f64,
    /// Deliveries per 30 nights that would keep up with `burn_per_night`.
    #[serde(serialize_with = "crate::num::serialize")]
    pub break_even_per_30_nights: f64,
    /// Leakers never engaged because every type that could engage them was
    /// out of stock (including stock held in reserve for another threat).
    #[serde(serialize_with = "crate::num::serialize")]
    pub leaked_for_stock: f64,
    /// Leakers never engaged because every type with stock left had used its
    /// fire capacity for the night.
    #[serde(serialize_with = "crate::num::serialize")]
    pub leaked_for_capacity: f64,
    /// Objects defeated by electronic warfare before engagement.
    #[serde(serialize_with = "crate::num::serialize")]
    pub lost_to_ew: f64,
    /// With decoy threats: decoys destroyed, engaged and missed, and never
    /// engaged (recognised, or not reached); none of them are leakers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decoys: Option<DecoyCounts>,
    /// Which side runs out first: the defence at its first shortfall for
    /// stock, or the attacker on the first night an arsenal could not fill
    /// its planned raid; `None` if neither within the horizon.
    pub runs_out_first: Option<RunsOutFirst>,
    /// Interceptors expended times their unit cost, when every type has one.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::serialize_option"
    )]
    pub interceptor_spend: Option<f64>,
    /// Missiles launched times their unit cost, when every threat has one.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::serialize_option"
    )]
    pub threat_cost: Option<f64>,
    /// `interceptor_spend / threat_cost`: what the defence pays per unit of
    /// the attacker's spend.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::serialize_option"
    )]
    pub cost_exchange_ratio: Option<f64>,
    /// Per interceptor type.
    pub by_interceptor: Vec<InterceptorSummary>,
    /// Per threat, in engagement order.
    pub by_threat: Vec<ThreatSummary>,
    /// Values set from the command line (`--set key=value`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
    /// Monte Carlo mode: the trials run and the seed that drew them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trials: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Monte Carlo mode: the share of trials with no shortfall night.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::serialize_option"
    )]
    pub p_lasts_horizon: Option<f64>,
    /// Monte Carlo mode: the spread over trials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribution: Option<Distributions>,
    /// Monte Carlo mode with figures given as ranges: what drives the
    /// spread, strongest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub drivers: Vec<Driver>,
}

/// How strongly one uncertain input moves the headline figures: its rank
/// correlation with each over the trials, −1 to 1 (`None` where the input
/// or the figure never varies).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Driver {
    /// The input's key path.
    pub input: String,
    #[serde(serialize_with = "crate::num::serialize_option")]
    pub nights_fully_defended: Option<f64>,
    #[serde(serialize_with = "crate::num::serialize_option")]
    pub leakers: Option<f64>,
    #[serde(serialize_with = "crate::num::serialize_option")]
    pub first_shortfall_night: Option<f64>,
}

/// What happened to one interceptor type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterceptorSummary {
    pub name: String,
    #[serde(serialize_with = "crate::num::serialize")]
    pub stockpile: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub delivered: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub expended: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub final_stock: f64,
    /// The first night it ended unable to engage anything it engages (in
    /// Monte Carlo mode, the median over trials).
    #[serde(serialize_with = "crate::num::serialize_option")]
    pub exhausted_night: Option<f64>,
}

/// What happened to one threat class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThreatSummary {
    pub name: String,
    #[serde(serialize_with = "crate::num::serialize")]
    pub launched: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub engaged: f64,
    /// For a decoy threat, 0: decoys do no harm.
    #[serde(serialize_with = "crate::num::serialize")]
    pub leakers: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub lost_to_ew: f64,
    /// A decoy threat's objects by what became of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decoys: Option<DecoyCounts>,
    /// With an arsenal: on hand before night 1, made and arrived within the
    /// horizon, on hand after the last night (left out when unlimited).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::serialize_option"
    )]
    pub arsenal_start: Option<f64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::serialize_option"
    )]
    pub produced: Option<f64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::serialize_option"
    )]
    pub arsenal_end: Option<f64>,
    /// With an arsenal: the first night it could not fill the planned raid
    /// (`None`: never, as under massing). Left out when unlimited.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::serialize_dry_night"
    )]
    pub dry_night: Option<Option<f64>>,
}

/// What became of a decoy threat's objects (those electronic warfare did
/// not defeat).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct DecoyCounts {
    #[serde(serialize_with = "crate::num::serialize")]
    pub destroyed: f64,
    /// Engaged and missed.
    #[serde(serialize_with = "crate::num::serialize")]
    pub missed: f64,
    /// Never engaged: recognised as decoys, or not reached.
    #[serde(serialize_with = "crate::num::serialize")]
    pub unengaged: f64,
}

impl DecoyCounts {
    pub fn add(&mut self, other: &DecoyCounts) {
        self.destroyed += other.destroyed;
        self.missed += other.missed;
        self.unengaged += other.unengaged;
    }
}

/// The side that runs out first, when, and what ran out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunsOutFirst {
    pub side: Side,
    #[serde(serialize_with = "crate::num::serialize")]
    pub night: f64,
    /// The interceptor type (defence) or threat (attack) that ran out.
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Attack,
    Defence,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Attack => "attack",
            Side::Defence => "defence",
        }
    }
}

/// Monte Carlo: how often each side runs out first, and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunsOutFirstShares {
    #[serde(serialize_with = "crate::num::serialize")]
    pub attack: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub defence: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    pub neither: f64,
    /// The night, over the trials in which that side ran out first (`None`
    /// when it never did).
    pub attack_night: Option<Spread>,
    pub defence_night: Option<Spread>,
}

/// The spread of per-trial figures over the Monte Carlo trials.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distributions {
    pub nights_fully_defended: Spread,
    /// A trial without a shortfall counts as night `horizon_nights + 1` in
    /// the mean, and as `null` in a percentile that falls on it.
    pub first_shortfall_night: Spread,
    /// A trial that never runs dry counts as night `horizon_nights + 1` in
    /// the mean, and as `null` in a percentile that falls on it.
    pub exhausted_night: Spread,
    pub leakers: Spread,
    pub runs_out_first: RunsOutFirstShares,
}

/// Mean and 5th, 50th and 95th percentiles (nearest rank) of a per-trial
/// figure; `None` where the percentile is a night that never came.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    #[serde(serialize_with = "crate::num::serialize")]
    pub mean: f64,
    #[serde(serialize_with = "crate::num::serialize_option")]
    pub p5: Option<f64>,
    #[serde(serialize_with = "crate::num::serialize_option")]
    pub p50: Option<f64>,
    #[serde(serialize_with = "crate::num::serialize_option")]
    pub p95: Option<f64>,
}

/// A per-trial figure whose spread over the Monte Carlo trials the summary
/// gives, by the name it has in JSON and in `<figure>.<stat>` metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    NightsFullyDefended,
    FirstShortfallNight,
    ExhaustedNight,
    Leakers,
}

impl Figure {
    /// In the order reports show them.
    pub const ALL: [Figure; 4] = [
        Figure::NightsFullyDefended,
        Figure::FirstShortfallNight,
        Figure::ExhaustedNight,
        Figure::Leakers,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Figure::NightsFullyDefended => "nights_fully_defended",
            Figure::FirstShortfallNight => "first_shortfall_night",
            Figure::ExhaustedNight => "exhausted_night",
            Figure::Leakers => "leakers",
        }
    }

    pub fn from_name(name: &str) -> Option<Figure> {
        Figure::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether the figure is a night (its percentiles carry dates).
    pub fn is_night(self) -> bool {
        matches!(self, Figure::FirstShortfallNight | Figure::ExhaustedNight)
    }

    /// Its spread in `distributions`.
    pub fn of(self, distributions: &Distributions) -> &Spread {
        match self {
            Figure::NightsFullyDefended => &distributions.nights_fully_defended,
            Figure::FirstShortfallNight => &distributions.first_shortfall_night,
            Figure::ExhaustedNight => &distributions.exhausted_night,
            Figure::Leakers => &distributions.leakers,
        }
    }
}

/// A statistic of a [`Spread`], by its JSON name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stat {
    Mean,
    P5,
    P50,
    P95,
}

impl Stat {
    pub const ALL: [Stat; 4] = [Stat::Mean, Stat::P5, Stat::P50, Stat::P95];

    pub fn name(self) -> &'static str {
        match self {
            Stat::Mean => "mean",
            Stat::P5 => "p5",
            Stat::P50 => "p50",
            Stat::P95 => "p95",
        }
    }

    pub fn from_name(name: &str) -> Option<Stat> {
        Stat::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Its value in `spread`; `None` for a percentile that is a night that
    /// never came.
    pub fn of(self, spread: &Spread) -> Option<f64> {
        match self {
            Stat::Mean => Some(spread.mean),
            Stat::P5 => spread.p5,
            Stat::P50 => spread.p50,
            Stat::P95 => spread.p95,
        }
    }
}

/// Whether a night's missiles left unengaged for lack of stock or capacity
/// amount to a shortfall: more than rounding (one part in 10^9 of the raid).
pub fn is_shortfall(night: &NightRecord) -> bool {
    night.leaked_for_stock + night.leaked_for_capacity > 1e-9 * night.launched.max(1.0)
}

/// Accumulates the summary of one path through the nights: the expected
/// path, or one Monte Carlo trial.
#[derive(Debug, Clone, Default)]
pub struct PathTotals {
    pub first_shortfall_night: Option<u32>,
    pub exhausted_night: Option<u32>,
    pub launched: f64,
    pub engaged: f64,
    pub leakers: f64,
    pub expended: f64,
    pub delivered: f64,
    pub final_stock: f64,
    pub leaked_for_stock: f64,
    pub leaked_for_capacity: f64,
    pub lost_to_ew: f64,
    pub decoys: Option<DecoyCounts>,
    pub runs_out_first: Option<RunsOutFirst>,
    pub interceptor_spend: Option<f64>,
    pub threat_cost: Option<f64>,
    pub by_interceptor: Vec<InterceptorSummary>,
    pub by_threat: Vec<ThreatSummary>,
}

impl PathTotals {
    /// Adds one night. `exhausted` says whether it ended unable to engage
    /// one more missile.
    pub fn record(&mut self, night: &NightRecord, exhausted: bool) {
        if self.first_shortfall_night.is_none() && is_shortfall(night) {
            self.first_shortfall_night = Some(night.night);
        }
        if exhausted && self.exhausted_night.is_none() {
            self.exhausted_night = Some(night.night);
        }
        self.launched += night.launched;
        self.engaged += night.engaged;
        self.leakers += night.leakers;
        self.expended += night.expended;
        self.delivered += night.delivered;
        self.final_stock = night.stock_end;
        self.leaked_for_stock += night.leaked_for_stock;
        self.leaked_for_capacity += night.leaked_for_capacity;
        self.lost_to_ew += night.lost_to_ew.unwrap_or(0.0);
    }

    /// Nights before the first shortfall; the horizon if none.
    pub fn nights_fully_defended(&self, horizon_nights: u32) -> u32 {
        self.first_shortfall_night
            .map_or(horizon_nights, |night| night - 1)
    }

    /// The summary of this path, in `mode`.
    pub fn summary(&self, mode: Mode, horizon_nights: u32, burn_per_night: f64) -> Summary {
        Summary {
            mode,
            horizon_nights,
            nights_fully_defended: f64::from(self.nights_fully_defended(horizon_nights)),
            first_shortfall_night: self.first_shortfall_night.map(f64::from),
            exhausted_night: self.exhausted_night.map(f64::from),
            launched: self.launched,
            engaged: self.engaged,
            leakers: self.leakers,
            expended: self.expended,
            delivered: self.delivered,
            final_stock: self.final_stock,
            burn_per_night,
            break_even_per_30_nights: burn_per_night * 30.0,
            leaked_for_stock: self.leaked_for_stock,
            leaked_for_capacity: self.leaked_for_capacity,
            lost_to_ew: self.lost_to_ew,
            decoys: self.decoys,
            runs_out_first: self.runs_out_first.clone(),
            interceptor_spend: self.interceptor_spend,
            threat_cost: self.threat_cost,
            cost_exchange_ratio: match (self.interceptor_spend, self.threat_cost) {
                (Some(spend), Some(cost)) if cost > 0.0 => Some(spend / cost),
                _ => None,
            },
            by_interceptor: self.by_interceptor.clone(),
            by_threat: self.by_threat.clone(),
            overrides: Vec::new(),
            trials: None,
            seed: None,
            p_lasts_horizon: None,
            distribution: None,
            drivers: Vec::new(),
        }
    }
}

/// A summary field, by the name it has in JSON, CSV headers and `--sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    HorizonNights,
    NightsFullyDefended,
    FirstShortfallNight,
    ExhaustedNight,
    Launched,
    Engaged,
    Leakers,
    Expended,
    Delivered,
    FinalStock,
    BurnPerNight,
    BreakEvenPer30Nights,
    PLastsHorizon,
    LeakedForStock,
    LeakedForCapacity,
    LostToEw,
    InterceptorSpend,
    ThreatCost,
    CostExchangeRatio,
}

impl Metric {
    /// Every summary field, in the order reports show them.
    pub const ALL: [Metric; 19] = [
        Metric::HorizonNights,
        Metric::NightsFullyDefended,
        Metric::FirstShortfallNight,
        Metric::ExhaustedNight,
        Metric::Launched,
        Metric::Engaged,
        Metric::Leakers,
        Metric::Expended,
        Metric::Delivered,
        Metric::FinalStock,
        Metric::BurnPerNight,
        Metric::BreakEvenPer30Nights,
        Metric::PLastsHorizon,
        Metric::LeakedForStock,
        Metric::LeakedForCapacity,
        Metric::LostToEw,
        Metric::InterceptorSpend,
        Metric::ThreatCost,
        Metric::CostExchangeRatio,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Metric::HorizonNights => "horizon_nights",
            Metric::NightsFullyDefended => "nights_fully_defended",
            Metric::FirstShortfallNight => "first_shortfall_night",
            Metric::ExhaustedNight => "exhausted_night",
            Metric::Launched => "launched",
            Metric::Engaged => "engaged",
            Metric::Leakers => "leakers",
            Metric::Expended => "expended",
            Metric::Delivered => "delivered",
            Metric::FinalStock => "final_stock",
            Metric::BurnPerNight => "burn_per_night",
            Metric::BreakEvenPer30Nights => "break_even_per_30_nights",
            Metric::PLastsHorizon => "p_lasts_horizon",
            Metric::LeakedForStock => "leaked_for_stock",
            Metric::LeakedForCapacity => "leaked_for_capacity",
            Metric::LostToEw => "lost_to_ew",
            Metric::InterceptorSpend => "interceptor_spend",
            Metric::ThreatCost => "threat_cost",
            Metric::CostExchangeRatio => "cost_exchange_ratio",
        }
    }

    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Whether the field exists in `mode`.
    pub fn applies_to(self, mode: Mode) -> bool {
        match self {
            Metric::PLastsHorizon => mode == Mode::MonteCarlo,
            _ => true,
        }
    }

    /// Whether the field is an amount of money (shown in units in tables).
    pub fn is_money(self) -> bool {
        matches!(self, Metric::InterceptorSpend | Metric::ThreatCost)
    }

    /// Whether the field is a night (`null` when it never came).
    pub fn is_night(self) -> bool {
        matches!(self, Metric::FirstShortfallNight | Metric::ExhaustedNight)
    }

    /// The field's value; `None` for a night that never came, or a field
    /// of another mode.
    pub fn value(self, s: &Summary) -> Option<f64> {
        match self {
            Metric::HorizonNights => Some(f64::from(s.horizon_nights)),
            Metric::NightsFullyDefended => Some(s.nights_fully_defended),
            Metric::FirstShortfallNight => s.first_shortfall_night,
            Metric::ExhaustedNight => s.exhausted_night,
            Metric::Launched => Some(s.launched),
            Metric::Engaged => Some(s.engaged),
            Metric::Leakers => Some(s.leakers),
            Metric::Expended => Some(s.expended),
            Metric::Delivered => Some(s.delivered),
            Metric::FinalStock => Some(s.final_stock),
            Metric::BurnPerNight => Some(s.burn_per_night),
            Metric::BreakEvenPer30Nights => Some(s.break_even_per_30_nights),
            Metric::PLastsHorizon => s.p_lasts_horizon,
            Metric::LeakedForStock => Some(s.leaked_for_stock),
            Metric::LeakedForCapacity => Some(s.leaked_for_capacity),
            Metric::LostToEw => Some(s.lost_to_ew),
            Metric::InterceptorSpend => s.interceptor_spend,
            Metric::ThreatCost => s.threat_cost,
            Metric::CostExchangeRatio => s.cost_exchange_ratio,
        }
    }
}

impl std::fmt::Display for Metric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Monte Carlo summary with every optional field given.
    fn full_summary() -> Summary {
        let spread = Spread {
            mean: 1.0,
            p5: Some(1.0),
            p50: Some(1.0),
            p95: Some(1.0),
        };
        Summary {
            interceptor_spend: Some(1.0),
            threat_cost: Some(1.0),
            cost_exchange_ratio: Some(1.0),
            overrides: vec!["pk=0.8".into()],
            trials: Some(1),
            seed: Some(1),
            p_lasts_horizon: Some(1.0),
            distribution: Some(Distributions {
                nights_fully_defended: spread,
                first_shortfall_night: spread,
                exhausted_night: spread,
                leakers: spread,
                runs_out_first: RunsOutFirstShares {
                    attack: 0.5,
                    defence: 0.5,
                    neither: 0.0,
                    attack_night: Some(spread),
                    defence_night: Some(spread),
                },
            }),
            decoys: Some(DecoyCounts::default()),
            runs_out_first: Some(RunsOutFirst {
                side: Side::Defence,
                night: 1.0,
                name: "a".into(),
            }),
            drivers: vec![Driver {
                input: "stockpile".into(),
                nights_fully_defended: Some(1.0),
                leakers: Some(-1.0),
                first_shortfall_night: Some(1.0),
            }],
            ..PathTotals::default().summary(Mode::MonteCarlo, 10, 1.0)
        }
    }

    fn keys(value: &serde_json::Value) -> Vec<String> {
        value.as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn metric_names_are_the_summary_fields_in_json() {
        let json = serde_json::to_value(full_summary()).unwrap();
        let not_metrics = [
            "mode",
            "by_interceptor",
            "by_threat",
            "overrides",
            "trials",
            "seed",
            "distribution",
            "decoys",
            "runs_out_first",
            "drivers",
        ];
        for key in keys(&json) {
            assert!(
                Metric::from_name(&key).is_some() || not_metrics.contains(&key.as_str()),
                "{key} is a summary field with no metric"
            );
        }
        for metric in Metric::ALL {
            assert!(json.get(metric.name()).is_some(), "{metric} is not in JSON");
        }
    }

    #[test]
    fn figure_and_stat_names_are_the_distribution_fields_in_json() {
        let json = serde_json::to_value(full_summary()).unwrap();
        let distribution = &json["distribution"];
        // The shares of who runs out first are not a spread of a figure.
        let mut figures: Vec<String> = keys(distribution)
            .into_iter()
            .filter(|k| k != "runs_out_first")
            .collect();
        figures.sort();
        let mut named: Vec<String> = Figure::ALL.map(|f| f.name().to_string()).to_vec();
        named.sort();
        assert_eq!(figures, named);
        let mut stats = keys(&distribution["leakers"]);
        stats.sort();
        let mut named: Vec<String> = Stat::ALL.map(|s| s.name().to_string()).to_vec();
        named.sort();
        assert_eq!(stats, named);
    }
}
