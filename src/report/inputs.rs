//! A scenario's inputs as tables, every value the run used with the
//! defaults filled in: the horizon and start date, each interceptor type's
//! stockpile, unit cost, fire capacity and reserve, each threat's raid,
//! chance of a raid, unit cost, whether it is a decoy and its
//! discrimination, and the share lost to electronic warfare; how each type
//! engages each threat (tier, interceptors per kill, pk, doctrine, kill
//! assessment, reliability, rationing); the attacker's arsenals (on hand,
//! launch capacity, tactic) and their production; deliveries and
//! production. For the HTML report, so readers see the assumptions behind
//! the numbers.
//!
//! A figure the scenario gives as a range is shown as its range ("100 to
//! 300", "150 to 400, most likely 300") in place of the mean the expected
//! path uses. A figure that cites its source has it beside it, in a
//! `source` column of the row the figure is written under; a source whose
//! key belongs to no row is listed in a last table of its own, by key path.

use super::grid::{Cell, Grid};
use crate::chart::names::{key_label, range_words};
use crate::model::{FireCapacity, Output, Raid, Scenario, Schedule, Tactic};
use crate::uncertain::{Input, Range, Uncertain};

/// One table of inputs: its caption, its grid, and the column (if any) of
/// sources, which are prose and wrap where numbers do not.
#[derive(Debug, Clone, PartialEq)]
pub struct InputTable {
    pub caption: Option<&'static str>,
    pub grid: Grid,
    pub source_column: Option<usize>,
}

/// Every inputs table of `scenario`, in the order the report shows them;
/// tables with nothing to show (no deliveries, no arsenal, ...) are left
/// out.
pub fn tables(scenario: &Scenario) -> Vec<InputTable> {
    let notes = Annotations::of(scenario);
    let mut out = vec![
        notes.finish(None, scenario_grid(scenario, &notes)),
        notes.finish(
            Some("Interceptor types"),
            interceptors_grid(scenario, &notes),
        ),
        notes.finish(Some("Threats"), threats_grid(scenario, &notes)),
        notes.finish(
            Some("How each type engages each threat"),
            engagements_grid(scenario, &notes),
        ),
    ];
    let optional = [
        ("The attacker's arsenals", arsenals_grid(scenario, &notes)),
        (
            "Arsenal production",
            arsenal_production_grid(scenario, &notes),
        ),
        ("Deliveries", deliveries_grid(scenario, &notes)),
        ("Production", production_grid(scenario, &notes)),
        ("Other sources, by key", notes.unplaced()),
    ];
    out.extend(
        optional
            .into_iter()
            .filter_map(|(caption, grid)| Some(notes.finish(Some(caption), grid?))),
    );
    out
}

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
    raid_words_with(raid, None)
}

/// [`raid_words`], with the mean of a Poisson or negative binomial raid
/// written as `mean_range` when the scenario gives it as a range.
fn raid_words_with(raid: &Raid, mean_range: Option<&Range>) -> String {
    let mean_words = |mean: f64| mean_range.map_or(mean.to_string(), range_words);
    match raid {
        Raid::Every(n) => n.to_string(),
        Raid::Pattern(values) => format!("pattern {}", list(values)),
        Raid::Poisson { mean } => format!("Poisson, mean {}", mean_words(*mean)),
        Raid::NegativeBinomial { mean, dispersion } => {
            format!(
                "negative binomial, mean {}, dispersion {dispersion}",
                mean_words(*mean)
            )
        }
        Raid::Choice(values) => format!("one of {}", list(values)),
        Raid::Record { nights, after } => {
            let then = match crate::chart::events::after_words(nights, after) {
                "raids drawn from the fitted distribution" => {
                    format!("then {}", raid_words_with(after, mean_range))
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

/// Which row of which table a figure is written under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Horizon,
    StartDate,
    Interceptor(usize),
    Threat(usize),
    /// The engagements of a threat, by one type or (`None`) every type.
    Engagement {
        threat: usize,
        interceptor: Option<usize>,
    },
    Arsenal(usize),
    ArsenalProduction {
        threat: usize,
        line: usize,
    },
    Delivery(usize),
    Production(usize),
}

/// Keys that belong to the one interceptor type, the one threat and the
/// one engagement of a scenario written in the short form.
const SHORT_INTERCEPTOR_KEYS: [&str; 7] = [
    "stockpile",
    "unit_cost",
    "reserve",
    "engagements_per_night",
    "launchers",
    "rounds_per_launcher",
    "reload_nights",
];
const SHORT_THREAT_KEYS: [&str; 5] = [
    "missiles_per_night",
    "raid_probability",
    "lost_to_ew",
    "decoy",
    "discrimination",
];
const SHORT_ENGAGEMENT_KEYS: [&str; 5] = [
    "pk",
    "interceptors_per_kill",
    "doctrine",
    "kill_assessment",
    "reliability",
];

/// The row a key path is written under, and what the key is in words
/// there; `None` for a key that belongs to no row.
fn row_of(scenario: &Scenario, key: &str) -> Option<(Row, String)> {
    let parts: Vec<&str> = key.split('.').collect();
    let interceptor = |name: &str| scenario.interceptors.iter().position(|t| t.name == name);
    let threat = |name: &str| scenario.threats.iter().position(|t| t.name == name);
    let index = |text: &str| text.parse::<usize>().ok();
    let only = |count: usize| (count == 1).then_some(0);
    let words = |rest: &[&str]| key_label(&rest.join("."));
    let row = match parts.as_slice() {
        ["horizon_nights"] => Row::Horizon,
        ["start_date"] => Row::StartDate,
        ["interceptors", name, rest @ ..] if !rest.is_empty() => {
            return Some((Row::Interceptor(interceptor(name)?), words(rest)));
        }
        ["threats", name, "arsenal", "production", line, rest @ ..] => {
            let row = Row::ArsenalProduction {
                threat: threat(name)?,
                line: index(line)?,
            };
            return Some((row, words(rest)));
        }
        ["threats", name, "arsenal", rest @ ..] => {
            return Some((Row::Arsenal(threat(name)?), words(rest)));
        }
        // `threats.X.pk.T`: one type's figure for this threat.
        ["threats", name, leaf, of] if SHORT_ENGAGEMENT_KEYS.contains(leaf) => {
            let row = Row::Engagement {
                threat: threat(name)?,
                interceptor: Some(interceptor(of)?),
            };
            return Some((row, words(&[*leaf])));
        }
        ["threats", name, leaf] if SHORT_ENGAGEMENT_KEYS.contains(leaf) => {
            let row = Row::Engagement {
                threat: threat(name)?,
                interceptor: None,
            };
            return Some((row, words(&[*leaf])));
        }
        ["threats", name, rest @ ..] if !rest.is_empty() => {
            return Some((Row::Threat(threat(name)?), words(rest)));
        }
        ["deliveries", i, rest @ ..] if index(i)? < scenario.deliveries.len() => {
            return Some((Row::Delivery(index(i)?), words(rest)));
        }
        ["production", i, rest @ ..] if index(i)? < scenario.production.len() => {
            return Some((Row::Production(index(i)?), words(rest)));
        }
        ["arsenal", "production", line, ..] => Row::ArsenalProduction {
            threat: only(scenario.threats.len())?,
            line: index(line)?,
        },
        ["arsenal", ..] => Row::Arsenal(only(scenario.threats.len())?),
        [leaf, ..] if SHORT_INTERCEPTOR_KEYS.contains(leaf) => {
            Row::Interceptor(only(scenario.interceptors.len())?)
        }
        [leaf, ..] if SHORT_THREAT_KEYS.contains(leaf) => {
            Row::Threat(only(scenario.threats.len())?)
        }
        [leaf] if SHORT_ENGAGEMENT_KEYS.contains(leaf) => Row::Engagement {
            threat: only(scenario.threats.len())?,
            interceptor: None,
        },
        _ => return None,
    };
    Some((row, key_label(key)))
}

/// What the tables add to the model's values: the ranges, and the sources
/// by the row they are written under.
struct Annotations<'a> {
    uncertain: &'a [Uncertain],
    placed: Vec<(Row, String)>,
    /// Sources of keys that belong to no row: (key path, source).
    unplaced: Vec<(String, String)>,
}

impl<'a> Annotations<'a> {
    fn of(scenario: &'a Scenario) -> Annotations<'a> {
        // Every cited source once: a range's own, and every value's.
        let mut cited: Vec<(&str, &str)> = Vec::new();
        let ranges = scenario
            .uncertain
            .iter()
            .filter_map(|u| Some((u.key.as_str(), u.source.as_deref()?)));
        let values = scenario
            .value_sources
            .iter()
            .map(|(k, s)| (k.as_str(), s.as_str()));
        for pair in ranges.chain(values) {
            if !cited.contains(&pair) {
                cited.push(pair);
            }
        }
        let mut placed = Vec::new();
        let mut unplaced = Vec::new();
        for (key, source) in cited {
            match row_of(scenario, key) {
                Some((row, words)) => placed.push((row, format!("{words}: {source}"))),
                None => unplaced.push((key.to_string(), source.to_string())),
            }
        }
        Annotations {
            uncertain: &scenario.uncertain,
            placed,
            unplaced,
        }
    }

    /// The range the scenario gives for the input `is` picks out.
    fn range(&self, is: impl Fn(&Input) -> bool) -> Option<&'a Uncertain> {
        self.uncertain.iter().find(|u| is(&u.input))
    }

    /// The sources cited under `row`, in the order written.
    fn sources(&self, row: Row) -> Vec<&str> {
        self.placed
            .iter()
            .filter(|(r, _)| *r == row)
            .map(|(_, s)| s.as_str())
            .collect()
    }

    /// The engagement sources of `threat` by `interceptor` (those given for
    /// every type of the threat, and those for this one).
    fn engagement_sources(&self, threat: usize, interceptor: usize) -> Vec<&str> {
        let mut all = self.sources(Row::Engagement {
            threat,
            interceptor: None,
        });
        all.extend(self.sources(Row::Engagement {
            threat,
            interceptor: Some(interceptor),
        }));
        all
    }

    /// A cell for a figure: its range where the scenario gives one, else
    /// `plain`.
    fn cell(&self, is: impl Fn(&Input) -> bool, plain: Cell) -> Cell {
        self.range(is)
            .map_or(plain, |u| text(range_words(&u.range)))
    }

    /// `grid` with a `source` column of each row's sources, when any row has
    /// one (the flag says whether it was added).
    fn with_sources(&self, mut grid: Grid, sources: &[Vec<&str>]) -> (Grid, bool) {
        if sources.iter().all(Vec::is_empty) {
            return (grid, false);
        }
        grid.headers.push("source".into());
        for (row, cited) in grid.rows.iter_mut().zip(sources) {
            row.push(text(cited.join("; ")));
        }
        (grid, true)
    }

    /// A grid (with its per-row sources) as a table.
    fn finish(&self, caption: Option<&'static str>, (grid, sourced): (Grid, bool)) -> InputTable {
        InputTable {
            caption,
            source_column: sourced.then(|| grid.headers.len() - 1),
            grid,
        }
    }

    /// The sources of keys that belong to no row, by key path.
    fn unplaced(&self) -> Option<(Grid, bool)> {
        if self.unplaced.is_empty() {
            return None;
        }
        let rows = self
            .unplaced
            .iter()
            .map(|(key, source)| vec![text(key.clone()), text(source.clone())])
            .collect();
        Some((
            Grid {
                headers: vec!["key".into(), "source".into()],
                rows,
                notes: Vec::new(),
            },
            true,
        ))
    }
}

fn cost(value: Option<f64>) -> Cell {
    value.map_or(Cell::Empty, Cell::Real)
}

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|h| h.to_string()).collect()
}

/// The horizon, start date and any values set on the command line.
fn scenario_grid(scenario: &Scenario, notes: &Annotations<'_>) -> (Grid, bool) {
    let mut rows = vec![vec![
        text("horizon nights"),
        Cell::Whole(u64::from(scenario.horizon_nights)),
    ]];
    let mut sources = vec![notes.sources(Row::Horizon)];
    if let Some(date) = scenario.start_date {
        rows.push(vec![text("start date (night 1)"), text(date.to_string())]);
        sources.push(notes.sources(Row::StartDate));
    }
    for set in &scenario.overrides {
        rows.push(vec![text("set on the command line"), text(set.clone())]);
        sources.push(Vec::new());
    }
    let grid = Grid {
        headers: headers(&["input", "value"]),
        rows,
        notes: Vec::new(),
    };
    notes.with_sources(grid, &sources)
}

/// One row per interceptor type.
fn interceptors_grid(scenario: &Scenario, notes: &Annotations<'_>) -> (Grid, bool) {
    let rows = scenario
        .interceptors
        .iter()
        .enumerate()
        .map(|(i, t)| {
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
                notes.cell(
                    |u| *u == Input::Stockpile { interceptor: i },
                    Cell::Whole(t.stockpile),
                ),
                notes.cell(
                    |u| *u == Input::InterceptorCost { interceptor: i },
                    cost(t.unit_cost),
                ),
                text(capacity),
                Cell::Whole(t.reserve),
            ]
        })
        .collect();
    let sources: Vec<Vec<&str>> = (0..scenario.interceptors.len())
        .map(|i| notes.sources(Row::Interceptor(i)))
        .collect();
    let grid = Grid {
        headers: headers(&[
            "interceptor",
            "stockpile",
            "unit cost",
            "fire capacity",
            "reserve",
        ]),
        rows,
        notes: Vec::new(),
    };
    notes.with_sources(grid, &sources)
}

/// One row per threat; the decoy and electronic-warfare columns only when
/// some threat has them.
fn threats_grid(scenario: &Scenario, notes: &Annotations<'_>) -> (Grid, bool) {
    let decoys = scenario.threats.iter().any(|t| t.decoy.is_some());
    let ew = scenario.threats.iter().enumerate().any(|(i, t)| {
        t.lost_to_ew > 0.0
            || notes
                .range(|u| *u == Input::LostToEw { threat: i })
                .is_some()
    });
    let rows = scenario
        .threats
        .iter()
        .enumerate()
        .map(|(i, threat)| {
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
            let mean_range = notes
                .range(|u| *u == Input::RaidMean { threat: i })
                .map(|u| &u.range);
            let mut row = vec![
                text(threat.name.clone()),
                // A massed threat's raid plan is not used: its arsenal
                // decides each raid.
                text(if threat.masses() {
                    "massed (see its arsenal)".to_string()
                } else {
                    raid_words_with(&threat.raid, mean_range)
                }),
                notes.cell(
                    |u| *u == Input::RaidProbability { threat: i },
                    Cell::Probability(threat.raid_probability),
                ),
                notes.cell(
                    |u| *u == Input::ThreatCost { threat: i },
                    cost(threat.unit_cost),
                ),
                text(if engaged_by.is_empty() {
                    "nothing".to_string()
                } else {
                    engaged_by.join("; then ")
                }),
            ];
            if decoys {
                row.push(Cell::Flag(threat.decoy.is_some()));
                row.push(match threat.decoy {
                    Some(d) => notes.cell(
                        |u| *u == Input::Discrimination { threat: i },
                        Cell::Probability(d.discrimination),
                    ),
                    None => Cell::Empty,
                });
            }
            if ew {
                row.push(notes.cell(
                    |u| *u == Input::LostToEw { threat: i },
                    Cell::Probability(threat.lost_to_ew),
                ));
            }
            row
        })
        .collect();
    let mut names = vec![
        "threat",
        "missiles a night",
        "raid probability",
        "unit cost",
        "engaged by",
    ];
    if decoys {
        names.extend(["decoy", "discrimination"]);
    }
    if ew {
        names.push("lost to EW");
    }
    let sources: Vec<Vec<&str>> = (0..scenario.threats.len())
        .map(|i| notes.sources(Row::Threat(i)))
        .collect();
    let grid = Grid {
        headers: headers(&names),
        rows,
        notes: Vec::new(),
    };
    notes.with_sources(grid, &sources)
}

/// One row per engagement: how each type engages each threat.
fn engagements_grid(scenario: &Scenario, notes: &Annotations<'_>) -> (Grid, bool) {
    let mut rows = Vec::new();
    let mut sources = Vec::new();
    for (i, threat) in scenario.threats.iter().enumerate() {
        for (tier, engagements) in threat.tiers.iter().enumerate() {
            for (place, e) in engagements.iter().enumerate() {
                let k = &e.kill;
                let at = (i, tier, place);
                let rationing = e.rationed.map_or(String::new(), |(below, r)| {
                    format!("{} per kill below {below}", r.interceptors_per_kill)
                });
                let sets = |figure: KillFigure| {
                    move |u: &Input| {
                        kill_figure(u).is_some_and(|(f, list)| f == figure && list.contains(&at))
                    }
                };
                rows.push(vec![
                    text(threat.name.clone()),
                    Cell::Whole(tier as u64 + 1),
                    text(scenario.interceptors[e.interceptor].name.clone()),
                    Cell::Whole(u64::from(k.interceptors_per_kill)),
                    notes.cell(sets(KillFigure::Pk), Cell::Probability(k.pk)),
                    text(k.doctrine.name()),
                    notes.cell(
                        sets(KillFigure::KillAssessment),
                        Cell::Probability(k.kill_assessment),
                    ),
                    notes.cell(
                        sets(KillFigure::Reliability),
                        Cell::Probability(k.reliability),
                    ),
                    text(rationing),
                ]);
                sources.push(notes.engagement_sources(i, e.interceptor));
            }
        }
    }
    let grid = Grid {
        headers: headers(&[
            "threat",
            "tier",
            "interceptor",
            "interceptors per kill",
            "pk",
            "doctrine",
            "kill assessment",
            "reliability",
            "rationing",
        ]),
        rows,
        notes: Vec::new(),
    };
    notes.with_sources(grid, &sources)
}

/// A figure of a kill model that an uncertain input can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KillFigure {
    Pk,
    KillAssessment,
    Reliability,
}

/// Engagements by place: (threat, tier, place in the tier).
type Places = [(usize, usize, usize)];

/// The kill figure `input` sets and the engagements it sets it in, if it
/// sets one.
fn kill_figure(input: &Input) -> Option<(KillFigure, &Places)> {
    match input {
        Input::Pk { engagements } => Some((KillFigure::Pk, engagements)),
        Input::KillAssessment { engagements } => Some((KillFigure::KillAssessment, engagements)),
        Input::Reliability { engagements } => Some((KillFigure::Reliability, engagements)),
        _ => None,
    }
}

/// One row per threat with an arsenal, or `None` without any.
fn arsenals_grid(scenario: &Scenario, notes: &Annotations<'_>) -> Option<(Grid, bool)> {
    let mut rows = Vec::new();
    let mut sources = Vec::new();
    for (i, threat) in scenario.threats.iter().enumerate() {
        let Some(arsenal) = &threat.arsenal else {
            continue;
        };
        let tactic = match arsenal.tactic {
            Tactic::Steady => "steady".to_string(),
            Tactic::Mass { when } => format!("mass when {when} on hand"),
        };
        rows.push(vec![
            text(threat.name.clone()),
            notes.cell(
                |u| *u == Input::ArsenalOnHand { threat: i },
                Cell::Whole(arsenal.on_hand),
            ),
            arsenal.max_per_night.map_or(text("no limit"), Cell::Whole),
            text(tactic),
        ]);
        sources.push(notes.sources(Row::Arsenal(i)));
    }
    if rows.is_empty() {
        return None;
    }
    let grid = Grid {
        headers: headers(&["threat", "on hand", "max per night", "tactic"]),
        rows,
        notes: Vec::new(),
    };
    Some(notes.with_sources(grid, &sources))
}

/// A production rate made a night, with the range the scenario gives for
/// it (in the key's own terms: a month, a year or a share) where it gives
/// one: "2.14 (made a month: 50 to 70)".
fn rate_cell(per_night: f64, range: Option<&Uncertain>) -> Cell {
    match range {
        None => Cell::Real(per_night),
        Some(u) => {
            let leaf = u.key.rsplit('.').next().unwrap_or(&u.key);
            text(format!(
                "{} ({}: {})",
                Cell::Real(per_night).display(),
                key_label(leaf),
                range_words(&u.range)
            ))
        }
    }
}

/// The table of production lines: one row per (what it makes, its output,
/// the range given for its rate, its sources), headed by `maker` ("threat"
/// or "interceptor"); `None` without any.
fn output_grid(
    notes: &Annotations<'_>,
    maker: &str,
    lines: Vec<(String, Output, Option<&Uncertain>, Vec<&str>)>,
) -> Option<(Grid, bool)> {
    if lines.is_empty() {
        return None;
    }
    let (rows, sources): (Vec<Vec<Cell>>, Vec<Vec<&str>>) = lines
        .into_iter()
        .map(|(name, p, range, sources)| {
            let row = vec![
                text(name),
                rate_cell(p.per_night, range),
                Cell::Whole(u64::from(p.first_night)),
                Cell::Whole(u64::from(p.last_night)),
                Cell::Whole(u64::from(p.lead_time_nights)),
            ];
            (row, sources)
        })
        .unzip();
    let grid = Grid {
        headers: headers(&[
            maker,
            "made a night",
            "first night",
            "last night",
            "lead time nights",
        ]),
        rows,
        notes: Vec::new(),
    };
    Some(notes.with_sources(grid, &sources))
}

/// One row per production line of an arsenal, or `None` without any.
fn arsenal_production_grid(scenario: &Scenario, notes: &Annotations<'_>) -> Option<(Grid, bool)> {
    let mut lines = Vec::new();
    for (i, threat) in scenario.threats.iter().enumerate() {
        let Some(arsenal) = &threat.arsenal else {
            continue;
        };
        for (line, p) in arsenal.production.iter().enumerate() {
            lines.push((
                threat.name.clone(),
                *p,
                notes.range(|u| *u == Input::ArsenalProduction { threat: i, line }),
                notes.sources(Row::ArsenalProduction { threat: i, line }),
            ));
        }
    }
    output_grid(notes, "threat", lines)
}

/// One row per delivery, or `None` without deliveries.
fn deliveries_grid(scenario: &Scenario, notes: &Annotations<'_>) -> Option<(Grid, bool)> {
    if scenario.deliveries.is_empty() {
        return None;
    }
    let rows = scenario
        .deliveries
        .iter()
        .enumerate()
        .map(|(i, d)| {
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
                notes.cell(
                    |u| *u == Input::DeliveryCount { delivery: i },
                    Cell::Whole(d.count),
                ),
                text(when),
            ]
        })
        .collect();
    let sources: Vec<Vec<&str>> = (0..scenario.deliveries.len())
        .map(|i| notes.sources(Row::Delivery(i)))
        .collect();
    let grid = Grid {
        headers: headers(&["interceptor", "count", "arrives"]),
        rows,
        notes: Vec::new(),
    };
    Some(notes.with_sources(grid, &sources))
}

/// One row per production line, or `None` without production.
fn production_grid(scenario: &Scenario, notes: &Annotations<'_>) -> Option<(Grid, bool)> {
    let lines = scenario
        .production
        .iter()
        .enumerate()
        .map(|(line, p)| {
            (
                scenario.interceptors[p.interceptor].name.clone(),
                p.output(),
                notes.range(|u| *u == Input::Production { line }),
                notes.sources(Row::Production(line)),
            )
        })
        .collect();
    output_grid(notes, "interceptor", lines)
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
        let range = Range::Between {
            low: 8.0,
            high: 16.0,
        };
        assert_eq!(
            raid_words_with(&Raid::Poisson { mean: 12.0 }, Some(&range)),
            "Poisson, mean 8 to 16"
        );
    }
}
