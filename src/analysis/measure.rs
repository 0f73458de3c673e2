//! What a sweep, solve, sensitivity table or `compare --columns` reports:
//! any summary field by name; a statistic of a per-trial distribution
//! (`nights_fully_defended.p5`); or a field of one threat's or one
//! interceptor type's summary (`by_threat.ballistic.leakers`,
//! `by_interceptor.pac3-mse.exhausted_night`), so that drones nothing
//! engages do not swamp the totals.
//!
//! A run where nothing is random (mode `exact`) has every Monte Carlo
//! trial alike, so it answers the trial statistics too: each percentile is
//! its value, `p_lasts_horizon` is 1 or 0. That lets a sweep under
//! `--mode auto` mix exact points and Monte Carlo points under one metric.

use crate::cell::{Cell, label};
use crate::sim::{Mode, ModeChoice};
use crate::suggest::nearest;
use crate::summary::{Figure, InterceptorSummary, Metric, Stat, Summary, ThreatSummary};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, OnceLock, PoisonError};

/// A figure read off a simulation's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// A summary field (`nights_fully_defended`, `p_lasts_horizon`, …).
    Field(Metric),
    /// A statistic over the trials of a per-trial figure, `<figure>.<stat>`.
    Spread { figure: Figure, stat: Stat },
    /// `by_threat.<name>.<field>`: a field of the named threat's summary.
    Threat {
        name: &'static str,
        field: ThreatField,
    },
    /// `by_interceptor.<name>.<field>`: a field of the named type's summary.
    Interceptor {
        name: &'static str,
        field: InterceptorField,
    },
    /// `runs_out_first.<side>`: the share of trials in which that side ran
    /// out first (`attack`, `defence` or `neither`); 1 or 0 for a run where
    /// nothing is random or on the mean path.
    RunsOutFirst(Runner),
}

/// Who ran out first, as a measure names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Runner {
    Attack,
    Defence,
    Neither,
}

impl Runner {
    pub const ALL: [Runner; 3] = [Runner::Attack, Runner::Defence, Runner::Neither];

    pub fn name(self) -> &'static str {
        match self {
            Runner::Attack => "attack",
            Runner::Defence => "defence",
            Runner::Neither => "neither",
        }
    }

    /// The share of trials in which this side ran out first, from the
    /// Monte Carlo shares when there are any, else from the one path.
    fn share(self, summary: &Summary) -> f64 {
        use crate::summary::Side;
        if let Some(d) = &summary.distribution {
            let shares = &d.runs_out_first;
            return match self {
                Runner::Attack => shares.attack,
                Runner::Defence => shares.defence,
                Runner::Neither => shares.neither,
            };
        }
        let side = summary.runs_out_first.as_ref().map(|r| r.side);
        let hit = match self {
            Runner::Attack => side == Some(Side::Attack),
            Runner::Defence => side == Some(Side::Defence),
            Runner::Neither => side.is_none(),
        };
        f64::from(u8::from(hit))
    }
}

/// The prefix of a [`Measure::RunsOutFirst`].
const RUNS_OUT_FIRST: &str = "runs_out_first.";

/// A field of a threat's summary (`by_threat` in JSON), by its JSON name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ThreatField {
    Launched,
    Engaged,
    Leakers,
    LostToEw,
    ArsenalStart,
    Produced,
    ArsenalEnd,
    DryNight,
    DecoysDestroyed,
    DecoysMissed,
    DecoysUnengaged,
}

impl ThreatField {
    pub const ALL: [ThreatField; 11] = [
        ThreatField::Launched,
        ThreatField::Engaged,
        ThreatField::Leakers,
        ThreatField::LostToEw,
        ThreatField::ArsenalStart,
        ThreatField::Produced,
        ThreatField::ArsenalEnd,
        ThreatField::DryNight,
        ThreatField::DecoysDestroyed,
        ThreatField::DecoysMissed,
        ThreatField::DecoysUnengaged,
    ];

    /// Its name under `by_threat[i]` in JSON (`decoys.destroyed` for the
    /// nested counts).
    pub fn name(self) -> &'static str {
        match self {
            ThreatField::Launched => "launched",
            ThreatField::Engaged => "engaged",
            ThreatField::Leakers => "leakers",
            ThreatField::LostToEw => "lost_to_ew",
            ThreatField::ArsenalStart => "arsenal_start",
            ThreatField::Produced => "produced",
            ThreatField::ArsenalEnd => "arsenal_end",
            ThreatField::DryNight => "dry_night",
            ThreatField::DecoysDestroyed => "decoys.destroyed",
            ThreatField::DecoysMissed => "decoys.missed",
            ThreatField::DecoysUnengaged => "decoys.unengaged",
        }
    }

    /// Its value; `None` where the threat has no such figure (no arsenal,
    /// no decoys) or a night that never came.
    pub fn of(self, t: &ThreatSummary) -> Option<f64> {
        match self {
            ThreatField::Launched => Some(t.launched),
            ThreatField::Engaged => Some(t.engaged),
            ThreatField::Leakers => Some(t.leakers),
            ThreatField::LostToEw => Some(t.lost_to_ew),
            ThreatField::ArsenalStart => t.arsenal_start,
            ThreatField::Produced => t.produced,
            ThreatField::ArsenalEnd => t.arsenal_end,
            ThreatField::DryNight => t.dry_night.flatten(),
            ThreatField::DecoysDestroyed => t.decoys.map(|d| d.destroyed),
            ThreatField::DecoysMissed => t.decoys.map(|d| d.missed),
            ThreatField::DecoysUnengaged => t.decoys.map(|d| d.unengaged),
        }
    }
}

/// A field of an interceptor type's summary (`by_interceptor` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InterceptorField {
    Stockpile,
    Delivered,
    Expended,
    FinalStock,
    ExhaustedNight,
}

impl InterceptorField {
    pub const ALL: [InterceptorField; 5] = [
        InterceptorField::Stockpile,
        InterceptorField::Delivered,
        InterceptorField::Expended,
        InterceptorField::FinalStock,
        InterceptorField::ExhaustedNight,
    ];

    pub fn name(self) -> &'static str {
        match self {
            InterceptorField::Stockpile => "stockpile",
            InterceptorField::Delivered => "delivered",
            InterceptorField::Expended => "expended",
            InterceptorField::FinalStock => "final_stock",
            InterceptorField::ExhaustedNight => "exhausted_night",
        }
    }

    pub fn of(self, t: &InterceptorSummary) -> Option<f64> {
        match self {
            InterceptorField::Stockpile => Some(t.stockpile),
            InterceptorField::Delivered => Some(t.delivered),
            InterceptorField::Expended => Some(t.expended),
            InterceptorField::FinalStock => Some(t.final_stock),
            InterceptorField::ExhaustedNight => t.exhausted_night,
        }
    }
}

/// The values a measure can take in a scenario: from `low` to `high`, and
/// "never" (a night that never came) when `never`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueRange {
    pub low: f64,
    pub high: f64,
    pub never: bool,
}

/// The prefixes of the per-threat and per-type measures.
const BY_THREAT: &str = "by_threat.";
const BY_INTERCEPTOR: &str = "by_interceptor.";

impl Measure {
    /// The default: nights fully defended.
    pub const DEFAULT: Measure = Measure::Field(Metric::NightsFullyDefended);

    /// Every name accepted that names no threat or type, summary fields
    /// first.
    pub fn names() -> Vec<String> {
        let mut names: Vec<String> = Metric::ALL.iter().map(|m| m.name().to_string()).collect();
        for figure in Figure::ALL {
            for stat in Stat::ALL {
                names.push(format!("{}.{}", figure.name(), stat.name()));
            }
        }
        names.extend(Runner::ALL.map(|r| format!("{RUNS_OUT_FIRST}{}", r.name())));
        names
    }

    pub fn name(&self) -> String {
        match *self {
            Measure::Field(metric) => metric.name().to_string(),
            Measure::Spread { figure, stat } => format!("{}.{}", figure.name(), stat.name()),
            Measure::Threat { name, field } => format!("{BY_THREAT}{name}.{}", field.name()),
            Measure::Interceptor { name, field } => {
                format!("{BY_INTERCEPTOR}{name}.{}", field.name())
            }
            Measure::RunsOutFirst(runner) => format!("{RUNS_OUT_FIRST}{}", runner.name()),
        }
    }

    /// The name in words, for table headers: "nights fully defended p5",
    /// "ballistic leakers" (a threat's or type's own name kept as written).
    pub fn label(&self) -> String {
        match *self {
            Measure::Field(metric) => label(metric.name()),
            Measure::Spread { figure, stat } => {
                format!("{} {}", label(figure.name()), stat.name())
            }
            Measure::Threat { name, field } => format!("{name} {}", label(field.name())),
            Measure::Interceptor { name, field } => format!("{name} {}", label(field.name())),
            Measure::RunsOutFirst(runner) => format!("{} runs out first", runner.name()),
        }
    }

    /// Whether runs chosen by `choice` can have the figure: a statistic over
    /// trials, and `p_lasts_horizon`, never exist on the mean path.
    pub fn available_in(&self, choice: ModeChoice) -> bool {
        !(choice.is_mean_path() && self.needs_trials())
    }

    /// Whether the figure is a statistic over trials (a run where nothing
    /// is random has them too; the mean path does not).
    pub fn needs_trials(&self) -> bool {
        matches!(
            self,
            Measure::Spread { .. } | Measure::Field(Metric::PLastsHorizon)
        )
    }

    /// Whether the figure is a night, absent ("never") when it never came.
    /// A night that never came is later than every night.
    pub fn is_night(&self) -> bool {
        match *self {
            Measure::Field(metric) => metric.is_night(),
            Measure::Spread { figure, .. } => {
                matches!(figure, Figure::ExhaustedNight | Figure::FirstShortfallNight)
            }
            Measure::Threat { field, .. } => field == ThreatField::DryNight,
            Measure::Interceptor { field, .. } => field == InterceptorField::ExhaustedNight,
            Measure::RunsOutFirst(_) => false,
        }
    }

    /// Whether the figure is a probability (shown to three decimals).
    pub fn is_probability(&self) -> bool {
        matches!(
            self,
            Measure::Field(Metric::PLastsHorizon) | Measure::RunsOutFirst(_)
        )
    }

    /// Checks that the threat or interceptor type the measure names, if
    /// any, is among `threats` or `types` (the names of the scenarios
    /// asked about); the error suggests the nearest.
    pub fn check_names(&self, threats: &[&str], types: &[&str]) -> Result<(), String> {
        let (name, known, what) = match *self {
            Measure::Threat { name, .. } => (name, threats, "threat"),
            Measure::Interceptor { name, .. } => (name, types, "interceptor type"),
            _ => return Ok(()),
        };
        if known.contains(&name) {
            return Ok(());
        }
        Err(match nearest(name, known.iter().copied()) {
            Some(near) => format!("{self}: no {what} `{name}`; did you mean `{near}`?"),
            None => format!(
                "{self}: no {what} `{name}`; the scenario's are: {}",
                known.join(", ")
            ),
        })
    }

    /// The values the figure can take over a horizon of `horizon` nights
    /// (unknown: `None`, no upper bound on nights). A statistic's mean of a
    /// night counts a trial where it never came as night horizon + 1.
    pub fn range(&self, horizon: Option<u32>) -> ValueRange {
        let h = horizon.map_or(f64::INFINITY, f64::from);
        let counts = ValueRange {
            low: 0.0,
            high: f64::INFINITY,
            never: false,
        };
        let nights = ValueRange {
            low: 1.0,
            high: h,
            never: true,
        };
        match *self {
            Measure::Field(Metric::PLastsHorizon) | Measure::RunsOutFirst(_) => ValueRange {
                low: 0.0,
                high: 1.0,
                never: false,
            },
            Measure::Field(Metric::NightsFullyDefended)
            | Measure::Spread {
                figure: Figure::NightsFullyDefended,
                ..
            } => ValueRange { high: h, ..counts },
            Measure::Field(Metric::HorizonNights) => ValueRange { low: 1.0, ..counts },
            Measure::Spread {
                stat: Stat::Mean, ..
            } if self.is_night() => ValueRange {
                high: h + 1.0,
                never: false,
                ..nights
            },
            _ if self.is_night() => nights,
            _ => counts,
        }
    }

    /// The figure's value; `None` for a night that never came, a figure the
    /// run does not have (a statistic over trials on the mean path), or a
    /// threat or type the scenario does not have.
    pub fn value(&self, summary: &Summary) -> Option<f64> {
        let exact = summary.mode == Mode::Exact;
        match *self {
            Measure::Field(Metric::PLastsHorizon) if exact => {
                Some(f64::from(u8::from(summary.first_shortfall_night.is_none())))
            }
            Measure::Field(metric) => metric.value(summary),
            Measure::Spread { figure, stat } => match &summary.distribution {
                Some(d) => stat.of(figure.of(d)),
                None if exact => exact_statistic(summary, figure, stat),
                None => None,
            },
            Measure::Threat { name, field } => summary
                .by_threat
                .iter()
                .find(|t| t.name == name)
                .and_then(|t| field.of(t)),
            Measure::Interceptor { name, field } => summary
                .by_interceptor
                .iter()
                .find(|t| t.name == name)
                .and_then(|t| field.of(t)),
            Measure::RunsOutFirst(runner) => Some(runner.share(summary)),
        }
    }

    /// The value for ordering: a night that never came is +∞.
    pub fn ordered_value(&self, summary: &Summary) -> Option<f64> {
        match self.value(summary) {
            None if self.is_night() => Some(f64::INFINITY),
            other => other,
        }
    }
}

/// A statistic over trials of a run where nothing is random: every trial
/// has the run's own value, and a mean of a night that never came counts
/// it as night horizon + 1, as Monte Carlo does.
fn exact_statistic(summary: &Summary, figure: Figure, stat: Stat) -> Option<f64> {
    let value = match figure {
        Figure::NightsFullyDefended => Some(summary.nights_fully_defended),
        Figure::FirstShortfallNight => summary.first_shortfall_night,
        Figure::ExhaustedNight => summary.exhausted_night,
        Figure::Leakers => Some(summary.leakers),
    };
    match stat {
        Stat::Mean => Some(value.unwrap_or(f64::from(summary.horizon_nights) + 1.0)),
        Stat::P5 | Stat::P50 | Stat::P95 => value,
    }
}

/// A metric value in a table or chart: a night that never came reads
/// "never" (JSON null).
pub fn measure_cell(measure: Measure, value: Option<f64>) -> Cell {
    match value {
        Some(x) if measure.is_probability() => Cell::Probability(x),
        Some(x) if matches!(measure, Measure::Field(m) if m.is_money()) => Cell::Money(x),
        Some(x) => Cell::Real(x),
        None if measure.is_night() => Cell::Never,
        None => Cell::Empty,
    }
}

/// `name` as a `'static` string, the same one each time it is asked for.
/// A measure stays `Copy` this way; a process parses a few metric names,
/// so the few bytes kept for each distinct one are bounded by its command
/// line.
fn intern(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(&known) = names.get(name) {
        return known;
    }
    let kept: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(kept);
    kept
}

/// `<name>.<field>` after a `by_threat.` or `by_interceptor.` prefix: the
/// name and the field among `fields` (by their names); the error says what
/// to write.
fn named_field<F: Copy>(
    text: &str,
    rest: &str,
    group: &str,
    fields: &[F],
    field_name: fn(F) -> &'static str,
) -> Result<(&'static str, F), String> {
    let found = fields.iter().copied().find_map(|field| {
        let name = rest.strip_suffix(field_name(field))?.strip_suffix('.')?;
        (!name.is_empty()).then_some((name, field))
    });
    if let Some((name, field)) = found {
        return Ok((intern(name), field));
    }
    let names: Vec<&str> = fields.iter().map(|&f| field_name(f)).collect();
    let Some(field) = rest
        .rsplit_once('.')
        .filter(|(name, _)| !name.is_empty())
        .map(|(_, field)| field)
    else {
        return Err(format!(
            "`{text}`: write {group}<name>.<field>, e.g. {group}{}.{}",
            if group == BY_THREAT {
                "ballistic"
            } else {
                "pac3-mse"
            },
            names[0]
        ));
    };
    Err(match nearest(field, names.iter().copied()) {
        Some(near) => format!("unknown field `{field}` in `{text}`; did you mean `{near}`?"),
        None => format!(
            "unknown field `{field}` in `{text}`; the fields of {} are {}",
            group.trim_end_matches('.'),
            names.join(", ")
        ),
    })
}

impl FromStr for Measure {
    type Err = String;

    fn from_str(text: &str) -> Result<Measure, String> {
        let text = text.trim();
        if let Some(metric) = Metric::from_name(text) {
            return Ok(Measure::Field(metric));
        }
        if let Some(rest) = text.strip_prefix(BY_THREAT) {
            let (name, field) =
                named_field(text, rest, BY_THREAT, &ThreatField::ALL, ThreatField::name)?;
            return Ok(Measure::Threat { name, field });
        }
        if let Some(rest) = text.strip_prefix(BY_INTERCEPTOR) {
            let (name, field) = named_field(
                text,
                rest,
                BY_INTERCEPTOR,
                &InterceptorField::ALL,
                InterceptorField::name,
            )?;
            return Ok(Measure::Interceptor { name, field });
        }
        if let Some(side) = text.strip_prefix(RUNS_OUT_FIRST)
            && let Some(runner) = Runner::ALL.into_iter().find(|r| r.name() == side)
        {
            return Ok(Measure::RunsOutFirst(runner));
        }
        if let Some((figure, stat)) = text.split_once('.')
            && let (Some(figure), Some(stat)) = (Figure::from_name(figure), Stat::from_name(stat))
        {
            return Ok(Measure::Spread { figure, stat });
        }
        let names = Measure::names();
        Err(match nearest(text, names.iter().map(String::as_str)) {
            Some(near) => format!("unknown metric `{text}`; did you mean `{near}`?"),
            None => format!(
                "unknown metric `{text}`; metrics are the summary fields ({}); \
                 <figure>.<stat> with figure one of {} and stat one of {}; \
                 by_threat.<name>.<field> and by_interceptor.<name>.<field>; \
                 runs_out_first.attack, runs_out_first.defence and runs_out_first.neither",
                Metric::ALL.map(|m| m.name()).join(", "),
                Figure::ALL.map(|f| f.name()).join(", "),
                Stat::ALL.map(|s| s.name()).join(", ")
            ),
        })
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::{DecoyCounts, PathTotals};

    #[test]
    fn names_round_trip() {
        for name in Measure::names() {
            assert_eq!(name.parse::<Measure>().unwrap().name(), name);
        }
        assert_eq!(
            "nights_fully_defended.p5".parse::<Measure>(),
            Ok(Measure::Spread {
                figure: Figure::NightsFullyDefended,
                stat: Stat::P5
            })
        );
        assert_eq!(
            "nights_fuly_defended".parse::<Measure>().unwrap_err(),
            "unknown metric `nights_fuly_defended`; did you mean `nights_fully_defended`?"
        );
        for field in ThreatField::ALL {
            let name = format!("by_threat.ballistic.{}", field.name());
            let measure: Measure = name.parse().unwrap();
            assert_eq!(
                measure,
                Measure::Threat {
                    name: "ballistic",
                    field
                }
            );
            assert_eq!(measure.name(), name);
        }
        for field in InterceptorField::ALL {
            let name = format!("by_interceptor.pac3-mse.{}", field.name());
            assert_eq!(name.parse::<Measure>().unwrap().name(), name);
        }
    }

    #[test]
    fn per_threat_and_per_type_names_say_what_is_wrong() {
        let err = |t: &str| t.parse::<Measure>().unwrap_err();
        assert_eq!(
            err("by_threat.ballistic.leaker"),
            "unknown field `leaker` in `by_threat.ballistic.leaker`; did you mean `leakers`?"
        );
        assert_eq!(
            err("by_interceptor.leakers"),
            "`by_interceptor.leakers`: write by_interceptor.<name>.<field>, e.g. \
             by_interceptor.pac3-mse.stockpile"
        );
        assert!(err("by_threat.x.colour").contains("the fields of by_threat are launched"));
        // The name is what comes before the field, dots and all.
        assert_eq!(
            "by_threat.a.b.decoys.missed".parse::<Measure>(),
            Ok(Measure::Threat {
                name: "a.b",
                field: ThreatField::DecoysMissed
            })
        );
    }

    /// The field names are those of the per-threat and per-type summaries in
    /// JSON (decoy counts nested under `decoys`).
    #[test]
    fn field_names_are_the_json_fields() {
        let threat = ThreatSummary {
            name: "t".into(),
            launched: 1.0,
            engaged: 1.0,
            leakers: 1.0,
            lost_to_ew: 1.0,
            decoys: Some(DecoyCounts::default()),
            arsenal_start: Some(1.0),
            produced: Some(1.0),
            arsenal_end: Some(1.0),
            dry_night: Some(Some(1.0)),
        };
        let json = serde_json::to_value(&threat).unwrap();
        for field in ThreatField::ALL {
            let mut at = &json;
            for part in field.name().split('.') {
                at = &at[part];
            }
            assert!(!at.is_null(), "{} is not in JSON", field.name());
        }
        let listed = json.as_object().unwrap().len() - 1; // without `name`
        // decoys is one JSON key holding three fields.
        assert_eq!(listed + 2, ThreatField::ALL.len());
        let interceptor = InterceptorSummary {
            name: "i".into(),
            stockpile: 1.0,
            delivered: 1.0,
            expended: 1.0,
            final_stock: 1.0,
            exhausted_night: Some(1.0),
        };
        let json = serde_json::to_value(&interceptor).unwrap();
        for field in InterceptorField::ALL {
            assert!(!json[field.name()].is_null(), "{}", field.name());
        }
        assert_eq!(
            json.as_object().unwrap().len() - 1,
            InterceptorField::ALL.len()
        );
    }

    #[test]
    fn an_exact_run_answers_the_trial_statistics() {
        // Nights 1..4 fully defended, night 5 short, never exhausted, over
        // 10 nights: every trial alike.
        let mut totals = PathTotals {
            first_shortfall_night: Some(5),
            leakers: 7.0,
            ..PathTotals::default()
        };
        let exact = totals.summary(Mode::Exact, 10, 1.0);
        let value = |name: &str| name.parse::<Measure>().unwrap().value(&exact);
        assert_eq!(value("nights_fully_defended.p5"), Some(4.0));
        assert_eq!(value("first_shortfall_night.p95"), Some(5.0));
        assert_eq!(value("leakers.mean"), Some(7.0));
        assert_eq!(value("exhausted_night.p50"), None);
        // A mean counts a night that never came as night 10 + 1.
        assert_eq!(value("exhausted_night.mean"), Some(11.0));
        assert_eq!(value("p_lasts_horizon"), Some(0.0));
        totals.first_shortfall_night = None;
        let holds = totals.summary(Mode::Exact, 10, 1.0);
        assert_eq!(
            Measure::Field(Metric::PLastsHorizon).value(&holds),
            Some(1.0)
        );
        // The mean path has no trials to take statistics over.
        let mean_path = totals.summary(Mode::MeanPath, 10, 1.0);
        assert_eq!(value_of("leakers.p50", &mean_path), None);
        assert_eq!(value_of("p_lasts_horizon", &mean_path), None);
    }

    fn value_of(name: &str, summary: &Summary) -> Option<f64> {
        name.parse::<Measure>().unwrap().value(summary)
    }

    #[test]
    fn names_of_threats_and_types_are_checked() {
        let measure: Measure = "by_threat.balistic.leakers".parse().unwrap();
        assert_eq!(
            measure.check_names(&["ballistic", "cruise"], &[]),
            Err(
                "by_threat.balistic.leakers: no threat `balistic`; did you mean `ballistic`?"
                    .into()
            )
        );
        let measure: Measure = "by_interceptor.thaad.expended".parse().unwrap();
        assert_eq!(
            measure.check_names(&["thaad"], &["pac3-mse", "nasams"]),
            Err(
                "by_interceptor.thaad.expended: no interceptor type `thaad`; the scenario's are: \
                 pac3-mse, nasams"
                    .into()
            )
        );
        assert_eq!(Measure::DEFAULT.check_names(&[], &[]), Ok(()));
    }

    #[test]
    fn ranges_of_values() {
        let range = |name: &str| name.parse::<Measure>().unwrap().range(Some(90));
        assert_eq!(
            range("p_lasts_horizon"),
            ValueRange {
                low: 0.0,
                high: 1.0,
                never: false
            }
        );
        assert_eq!(range("nights_fully_defended.p5").high, 90.0);
        let first = range("first_shortfall_night");
        assert_eq!((first.low, first.high, first.never), (1.0, 90.0, true));
        let mean = range("exhausted_night.mean");
        assert_eq!((mean.high, mean.never), (91.0, false));
        assert!(range("by_threat.ballistic.dry_night").never);
        assert_eq!(range("by_interceptor.x.final_stock").high, f64::INFINITY);
    }
}
