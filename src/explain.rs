//! `magdepth explain`: the resolved scenario, and the arithmetic of its key
//! nights in words a reporter can quote.

use crate::model::{Arsenal, FireCapacity, Output, Raid, Scenario, Schedule, Tactic};
use crate::printable::printable_lines;
use crate::sim::{Mode, NightRecord, Simulation};
use crate::summary::Side;
use crate::uncertain::Range;
use serde_yaml::{Mapping, Value};

fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

fn plural(x: f64, one: &str, many: &str) -> String {
    format!("{} {}", number(x), if x == 1.0 { one } else { many })
}

/// A real as the resolved scenario writes it: a whole number as an integer
/// (`1`, not `1.0`), as JSON writes every figure ([`crate::num`]).
fn real(x: f64) -> Value {
    if crate::num::is_exact_whole(x) {
        Value::from(x as i64)
    } else {
        Value::from(x)
    }
}

fn raid_yaml(raid: &Raid) -> Value {
    let map = |key: &str, value: Value| {
        let mut m = Mapping::new();
        m.insert(key.into(), value);
        Value::Mapping(m)
    };
    match raid {
        Raid::Every(n) => (*n).into(),
        Raid::Pattern(values) => values.iter().map(|&v| Value::from(v)).collect(),
        Raid::Poisson { mean } => map("poisson", real(*mean)),
        Raid::NegativeBinomial { mean, dispersion } => {
            let mut nb = Mapping::new();
            nb.insert("mean".into(), real(*mean));
            nb.insert("dispersion".into(), real(*dispersion));
            map("negative_binomial", Value::Mapping(nb))
        }
        Raid::Choice(values) => map("choice", values.iter().map(|&v| Value::from(v)).collect()),
        // A replayed record: its nights as read, then what follows them.
        Raid::Record { nights, after } => {
            let mut m = Mapping::new();
            let nights: Value = nights.iter().map(|&v| Value::from(v)).collect();
            m.insert("recorded_nights".into(), nights);
            m.insert("after_the_record".into(), raid_yaml(after));
            Value::Mapping(m)
        }
    }
}

/// A production line's output as the resolved scenario shows it.
fn output_yaml(output: &Output) -> Value {
    let mut m = Mapping::new();
    m.insert("per_night".into(), real(output.per_night));
    m.insert("from_night".into(), output.first_night.into());
    m.insert("to_night".into(), output.last_night.into());
    m.insert("lead_time_nights".into(), output.lead_time_nights.into());
    Value::Mapping(m)
}

/// A threat's arsenal as the resolved scenario shows it.
fn arsenal_yaml(arsenal: &Arsenal) -> Value {
    let mut m = Mapping::new();
    m.insert("on_hand".into(), arsenal.on_hand.into());
    m.insert(
        "production".into(),
        arsenal.production.iter().map(output_yaml).collect(),
    );
    if let Some(max) = arsenal.max_per_night {
        m.insert("max_per_night".into(), max.into());
    }
    let tactic = match arsenal.tactic {
        Tactic::Steady => Value::from("steady"),
        Tactic::Mass { when } => {
            let mut t = Mapping::new();
            t.insert("mass_when".into(), when.into());
            Value::Mapping(t)
        }
    };
    m.insert("tactic".into(), tactic);
    Value::Mapping(m)
}

/// The figures given as ranges: each one's key path, range, the mean the
/// mean path uses and its source.
fn uncertain_yaml(scenario: &Scenario) -> Value {
    scenario
        .uncertain
        .iter()
        .map(|u| {
            let mut m = Mapping::new();
            m.insert("input".into(), u.key.clone().into());
            match u.range {
                Range::Between { low, high } => {
                    m.insert("between".into(), vec![real(low), real(high)].into());
                }
                Range::Triangular { low, likely, high } => {
                    m.insert(
                        "triangular".into(),
                        vec![real(low), real(likely), real(high)].into(),
                    );
                }
            }
            m.insert("mean".into(), real(u.mean()));
            if let Some(source) = &u.source {
                m.insert("source".into(), source.clone().into());
            }
            Value::Mapping(m)
        })
        .collect()
}

/// The scenario with every default filled in, in the long form's keys:
/// what `explain` prints as YAML and JSON carries as `scenario`. Each
/// figure given as a range holds the range's mean (what the mean path
/// uses); `uncertain` lists the ranges, and `value_sources` the sources
/// cited for single values, each by the key path it was written at.
pub fn resolved(scenario: &Scenario) -> Value {
    let mut top = Mapping::new();
    top.insert("name".into(), scenario.name.clone().into());
    if let Some(d) = &scenario.description {
        top.insert("description".into(), d.clone().into());
    }
    if let Some(date) = scenario.start_date {
        top.insert("start_date".into(), date.to_string().into());
    }
    top.insert("horizon_nights".into(), scenario.horizon_nights.into());
    let mut types = Mapping::new();
    for t in &scenario.interceptors {
        let mut m = Mapping::new();
        m.insert("stockpile".into(), t.stockpile.into());
        if let Some(cost) = t.unit_cost {
            m.insert("unit_cost".into(), real(cost));
        }
        match t.fire_capacity {
            Some(FireCapacity::EngagementsPerNight(n)) => {
                m.insert("engagements_per_night".into(), n.into());
            }
            Some(FireCapacity::Launchers {
                rounds_ready,
                reload_nights,
            }) => {
                m.insert("rounds_ready".into(), rounds_ready.into());
                m.insert("reload_nights".into(), reload_nights.into());
            }
            None => {}
        }
        if t.reserve > 0 {
            m.insert("reserve".into(), t.reserve.into());
        }
        types.insert(t.name.clone().into(), Value::Mapping(m));
    }
    top.insert("interceptors".into(), Value::Mapping(types));
    let mut threats = Mapping::new();
    for threat in &scenario.threats {
        let mut m = Mapping::new();
        m.insert("missiles_per_night".into(), raid_yaml(&threat.raid));
        m.insert("raid_probability".into(), real(threat.raid_probability));
        let tiers: Vec<Value> = threat
            .tiers
            .iter()
            .map(|tier| {
                tier.iter()
                    .map(|e| {
                        let k = &e.kill;
                        let mut em = Mapping::new();
                        em.insert(
                            "interceptor".into(),
                            scenario.interceptors[e.interceptor].name.clone().into(),
                        );
                        em.insert(
                            "interceptors_per_kill".into(),
                            k.interceptors_per_kill.into(),
                        );
                        em.insert("pk".into(), real(k.pk));
                        em.insert("doctrine".into(), k.doctrine.name().into());
                        em.insert("kill_assessment".into(), real(k.kill_assessment));
                        em.insert("reliability".into(), real(k.reliability));
                        if let Some((below, r)) = &e.rationed {
                            let mut rm = Mapping::new();
                            rm.insert("below".into(), (*below).into());
                            rm.insert(
                                "interceptors_per_kill".into(),
                                r.interceptors_per_kill.into(),
                            );
                            em.insert("ration".into(), Value::Mapping(rm));
                        }
                        Value::Mapping(em)
                    })
                    .collect()
            })
            .collect();
        m.insert("tiers".into(), Value::Sequence(tiers));
        if let Some(cost) = threat.unit_cost {
            m.insert("unit_cost".into(), real(cost));
        }
        if let Some(arsenal) = &threat.arsenal {
            m.insert("arsenal".into(), arsenal_yaml(arsenal));
        }
        if let Some(decoy) = threat.decoy {
            m.insert("decoy".into(), true.into());
            m.insert("discrimination".into(), real(decoy.discrimination));
        }
        if threat.lost_to_ew > 0.0 {
            m.insert("lost_to_ew".into(), real(threat.lost_to_ew));
        }
        threats.insert(threat.name.clone().into(), Value::Mapping(m));
    }
    top.insert("threats".into(), Value::Mapping(threats));
    let deliveries: Vec<Value> = scenario
        .deliveries
        .iter()
        .map(|d| {
            let mut m = Mapping::new();
            m.insert(
                "interceptor".into(),
                scenario.interceptors[d.interceptor].name.clone().into(),
            );
            match d.schedule {
                Schedule::Once { night } => {
                    m.insert("night".into(), night.into());
                }
                Schedule::Recurring {
                    every_nights,
                    first_night,
                    last_night,
                } => {
                    m.insert("every_nights".into(), every_nights.into());
                    m.insert("first_night".into(), first_night.into());
                    m.insert("last_night".into(), last_night.into());
                }
            }
            m.insert("count".into(), d.count.into());
            Value::Mapping(m)
        })
        .collect();
    top.insert("deliveries".into(), Value::Sequence(deliveries));
    if !scenario.production.is_empty() {
        let production: Vec<Value> = scenario
            .production
            .iter()
            .map(|p| {
                let mut m = Mapping::new();
                m.insert(
                    "interceptor".into(),
                    scenario.interceptors[p.interceptor].name.clone().into(),
                );
                m.insert("per_night".into(), real(p.per_night));
                m.insert("from_night".into(), p.first_night.into());
                m.insert("to_night".into(), p.last_night.into());
                m.insert("lead_time_nights".into(), p.lead_time_nights.into());
                Value::Mapping(m)
            })
            .collect();
        top.insert("production".into(), Value::Sequence(production));
    }
    if !scenario.sources.is_empty() {
        top.insert(
            "sources".into(),
            scenario
                .sources
                .iter()
                .map(|s| Value::from(s.clone()))
                .collect(),
        );
    }
    if !scenario.uncertain.is_empty() {
        top.insert("uncertain".into(), uncertain_yaml(scenario));
    }
    if !scenario.value_sources.is_empty() {
        let sources: Value = scenario
            .value_sources
            .iter()
            .map(|(key, source)| {
                let mut m = Mapping::new();
                m.insert("input".into(), key.clone().into());
                m.insert("source".into(), source.clone().into());
                Value::Mapping(m)
            })
            .collect();
        top.insert("value_sources".into(), sources);
    }
    if !scenario.overrides.is_empty() {
        top.insert(
            "overrides".into(),
            scenario
                .overrides
                .iter()
                .map(|s| Value::from(s.clone()))
                .collect(),
        );
    }
    Value::Mapping(top)
}

/// [`resolved`] as YAML.
pub fn resolved_yaml(scenario: &Scenario) -> String {
    serde_yaml::to_string(&resolved(scenario)).unwrap_or_default()
}

/// One night in words: "Night 5 (2025-07-14): 14 interceptors on hand;
/// 12 missiles; 7 salvos of 2 fired; 5 missiles leak; 0 left."
pub fn night_in_words(scenario: &Scenario, n: &NightRecord) -> String {
    let date = n.date.map(|d| format!(" ({d})")).unwrap_or_default();
    let on_hand = n.stock_start + n.delivered;
    let delivered = if n.delivered > 0.0 {
        format!(" after {} delivered", number(n.delivered))
    } else {
        String::new()
    };
    // One type, one threat, whole salvos: say it in salvos.
    let salvo = match scenario.threats.as_slice() {
        [threat] if threat.tiers.len() == 1 && threat.tiers[0].len() == 1 => {
            let e = &threat.tiers[0][0];
            (e.rationed.is_none() && e.kill.doctrine == crate::kill::Doctrine::Salvo)
                .then_some(e.kill.interceptors_per_kill)
        }
        _ => None,
    };
    let fired = match salvo {
        Some(k) if n.engaged.fract() == 0.0 => {
            format!("{} of {k} fired", plural(n.engaged, "salvo", "salvos"))
        }
        _ => format!(
            "{} engaged with {}",
            plural(n.engaged, "missile", "missiles"),
            plural(n.expended, "interceptor", "interceptors")
        ),
    };
    format!(
        "Night {}{date}: {} on hand{delivered}; {}; {fired}; {} {}; {} left.",
        n.night,
        plural(on_hand, "interceptor", "interceptors"),
        plural(n.launched, "missile", "missiles"),
        number(n.leakers),
        if n.leakers == 1.0 {
            "missile leaks"
        } else {
            "missiles leak"
        },
        number(n.stock_end),
    )
}

/// The key nights in words: night 1, the first night with leakers, the
/// first shortfall night and the night the stock runs dry, each once.
pub fn key_nights(scenario: &Scenario, simulation: &Simulation) -> Vec<String> {
    let nights = &simulation.nights;
    let summary = &simulation.summary;
    let mut marks: Vec<(u32, &str)> = vec![(1, "the first night")];
    if let Some(n) = nights.iter().find(|n| n.leakers > 0.0) {
        marks.push((n.night, "the first night with leakers"));
    }
    if let Some(n) = summary.first_shortfall_night {
        marks.push((
            n as u32,
            "the first night the stock cannot engage every missile",
        ));
    }
    if let Some(n) = summary.exhausted_night {
        marks.push((n as u32, "the night the stock runs dry"));
    }
    let mut out = Vec::new();
    let mut seen: Vec<u32> = Vec::new();
    for (night, label) in &marks {
        let labels: Vec<&str> = marks
            .iter()
            .filter(|(n, _)| n == night)
            .map(|(_, l)| *l)
            .collect();
        if seen.contains(night) {
            continue;
        }
        seen.push(*night);
        if let Some(record) = nights.get(*night as usize - 1) {
            let _ = label;
            out.push(format!(
                "{} ({})",
                night_in_words(scenario, record),
                labels.join("; ")
            ));
        }
    }
    out
}

/// "2.14", "65": a figure as the sentences write it (two decimals at most).
fn figure(x: f64) -> String {
    let text = format!("{x:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0" } else { text }.to_string()
}

/// " (2025-08-18)" after a night, when the scenario has dates.
fn on_date(scenario: &Scenario, night: u32) -> String {
    scenario
        .date_of(night)
        .map_or(String::new(), |d| format!(" ({d})"))
}

/// Each input given as a range, and each value that cites a source, in
/// words: "interceptors.pac3-mse.pk: between 0.6 and 0.9, mean 0.75; source:
/// HUR, May 2025". The mean path uses the mean and ignores the spread.
pub fn input_lines(scenario: &Scenario) -> Vec<String> {
    let mut lines: Vec<String> = scenario
        .uncertain
        .iter()
        .map(|u| {
            let range = match u.range {
                Range::Between { low, high } => {
                    format!("between {} and {}", figure(low), figure(high))
                }
                Range::Triangular { low, likely, high } => format!(
                    "from {} to {}, most likely {}",
                    figure(low),
                    figure(high),
                    figure(likely)
                ),
            };
            let source = u
                .source
                .as_ref()
                .map_or(String::new(), |s| format!("; source: {s}"));
            format!("{}: {range}, mean {}{source}", u.key, figure(u.mean()))
        })
        .collect();
    for (key, source) in &scenario.value_sources {
        let told = scenario
            .uncertain
            .iter()
            .any(|u| &u.key == key && u.source.as_ref() == Some(source));
        if !told {
            lines.push(format!("{key}: source: {source}"));
        }
    }
    lines
}

/// Missiles of `threat` launched each night (from night 1), from its
/// arsenal's ledger: what it held the night before, plus what arrived,
/// less what it holds after. `None` without an arsenal.
fn launched_from_arsenal(
    scenario: &Scenario,
    simulation: &Simulation,
    threat: usize,
) -> Option<Vec<f64>> {
    let arsenal = scenario.threats.get(threat)?.arsenal.as_ref()?;
    let threats = scenario.threats.len();
    let horizon = simulation.nights.len();
    if simulation.arsenal_nights.len() != horizon * threats {
        return None;
    }
    let arrivals = crate::sim::whole_arrivals(&arsenal.production, scenario.horizon_nights);
    let mut before = arsenal.on_hand as f64;
    Some(
        (0..horizon)
            .map(|n| {
                let after = simulation.arsenal_nights[n * threats + threat];
                let arrived = arrivals.get(n).copied().unwrap_or(0) as f64;
                let launched = (before + arrived - after).max(0.0);
                before = after;
                launched
            })
            .collect(),
    )
}

/// What an arsenal makes a night on `night` (the lines whose output
/// arrives then).
fn production_on(arsenal: &Arsenal, night: u32) -> f64 {
    arsenal
        .production
        .iter()
        .filter(|line| {
            let first = line.first_night.saturating_add(line.lead_time_nights);
            let last = line.last_night.saturating_add(line.lead_time_nights);
            (first..=last).contains(&night)
        })
        .map(|line| line.per_night)
        .sum()
}

/// The attacker's side in words, for `explain` and the HTML report: each
/// arsenal's dry night ("Night 40 (2025-08-18): the ballistic arsenal is
/// empty; production of 65 a month now caps every raid at 2 or 3") or its
/// massed raids, electronic warfare, decoys, and who runs out first.
pub fn attacker_story(scenario: &Scenario, simulation: &Simulation) -> Vec<String> {
    let summary = &simulation.summary;
    let mut lines = Vec::new();
    for (t, threat) in scenario.threats.iter().enumerate() {
        let threat_summary = summary.by_threat.get(t);
        if let Some(arsenal) = &threat.arsenal {
            let launched = launched_from_arsenal(scenario, simulation, t);
            match arsenal.tactic {
                Tactic::Steady => {
                    let dry = threat_summary.and_then(|s| s.dry_night.flatten());
                    if let Some(night) = dry {
                        lines.push(dry_words(scenario, simulation, t, night as u32, &launched));
                    }
                }
                Tactic::Mass { when } => {
                    let raids: Vec<(usize, f64)> = launched
                        .iter()
                        .flatten()
                        .copied()
                        .enumerate()
                        .filter(|(_, n)| *n > 0.0)
                        .collect();
                    match raids.first() {
                        Some(&(n, size)) => lines.push(format!(
                            "Night {}{}: the {} arsenal reaches {when} and all of it is \
                             fired at once ({} launched); massing, it fires {} within the \
                             horizon.",
                            n + 1,
                            on_date(scenario, n as u32 + 1),
                            threat.name,
                            figure(size),
                            plural(raids.len() as f64, "raid", "raids"),
                        )),
                        None => lines.push(format!(
                            "The {} arsenal never reaches {when} within the horizon, so \
                             it holds its fire (massing).",
                            threat.name
                        )),
                    }
                }
            }
        }
        if let Some(s) = threat_summary.filter(|s| s.lost_to_ew > 0.0) {
            lines.push(format!(
                "Electronic warfare defeats {}% of the {} launched before engagement, at no \
                 interceptor cost: {} over the horizon.",
                figure(threat.lost_to_ew * 100.0),
                threat.name,
                figure(s.lost_to_ew)
            ));
        }
        if let (Some(decoy), Some(counts)) = (threat.decoy, threat_summary.and_then(|s| s.decoys)) {
            lines.push(format!(
                "The {} are decoys: interceptors destroy {} and miss {}; {} are never \
                 engaged (the defence recognises {}% as decoys). Decoys are never leakers \
                 and make no shortfall, but the interceptors fired at them are spent.",
                threat.name,
                figure(counts.destroyed),
                figure(counts.missed),
                figure(counts.unengaged),
                figure(decoy.discrimination * 100.0),
            ));
        }
    }
    if scenario.threats.iter().any(|t| t.arsenal.is_some()) {
        lines.push(match &summary.runs_out_first {
            Some(first) => {
                let night = first.night as u32;
                let what = match first.side {
                    Side::Attack => {
                        format!("the {} arsenal cannot fill its planned raid", first.name)
                    }
                    Side::Defence => {
                        format!("{} runs short and missiles go unengaged", first.name)
                    }
                };
                format!(
                    "The {} runs out first: night {}{}, when {what}.",
                    first.side.name(),
                    figure(first.night),
                    on_date(scenario, night)
                )
            }
            None => format!(
                "Neither side runs out within the {} nights.",
                scenario.horizon_nights
            ),
        });
    }
    lines
}

/// The night an arsenal first cannot fill its planned raid, and what
/// follows: raids capped by production, or no more raids.
fn dry_words(
    scenario: &Scenario,
    simulation: &Simulation,
    threat: usize,
    night: u32,
    launched: &Option<Vec<f64>>,
) -> String {
    let name = &scenario.threats[threat].name;
    let head = format!(
        "Night {night}{}: the {name} arsenal is empty",
        on_date(scenario, night)
    );
    let Some(arsenal) = &scenario.threats[threat].arsenal else {
        return format!("{head}.");
    };
    let rate = production_on(arsenal, night);
    let threats = scenario.threats.len();
    // The raids after the dry night, and whether the arsenal stayed empty
    // after each (so that production, not the plan, set their size).
    let later: Vec<f64> = launched
        .iter()
        .flatten()
        .enumerate()
        .skip(night as usize)
        .filter(|(_, n)| **n > 0.0)
        .filter(|(i, _)| simulation.arsenal_nights[i * threats + threat] < 1e-9)
        .map(|(_, n)| *n)
        .collect();
    if rate == 0.0 {
        return format!("{head}, and no more are made.");
    }
    let per_month = figure(rate * 30.4375);
    if later.is_empty() {
        return format!("{head}; production of {per_month} a month refills it.");
    }
    let low = later.iter().copied().fold(f64::INFINITY, f64::min);
    let high = later.iter().copied().fold(0.0, f64::max);
    let cap = if figure(low) == figure(high) {
        figure(low)
    } else {
        format!("{} to {}", figure(low), figure(high))
    };
    format!("{head}; production of {per_month} a month now caps every raid at {cap}.")
}

/// What `explain` prints: the resolved scenario as YAML, the inputs given
/// as ranges or with sources, the key nights and the attacker's side in
/// words. Control characters from the scenario are shown escaped.
pub fn explain(scenario: &Scenario, simulation: &Simulation) -> String {
    let mut out = String::from("# The scenario, resolved (defaults filled in)\n");
    out.push_str(&resolved_yaml(scenario));
    let inputs = input_lines(scenario);
    if !inputs.is_empty() {
        out.push_str("\n# Figures given as ranges, and where figures came from\n");
        for line in inputs {
            out.push_str(&line);
            out.push('\n');
        }
        if !scenario.uncertain.is_empty() && simulation.summary.mode == Mode::MeanPath {
            out.push_str(
                "The mean path below uses each range's mean and ignores its spread; \
                 Monte Carlo draws each range once per trial.\n",
            );
        }
    }
    out.push_str(match simulation.summary.mode {
        Mode::Exact => "\n# The arithmetic, in words (exact: nothing is random)\n",
        Mode::MeanPath => {
            "\n# The arithmetic, in words, along the mean path (one path through the means, \
             not the expected outcome)\n"
        }
        Mode::MonteCarlo => "\n# The arithmetic, in words (means over the trials)\n",
    });
    for line in key_nights(scenario, simulation) {
        out.push_str(&line);
        out.push('\n');
    }
    let story = attacker_story(scenario, simulation);
    if !story.is_empty() {
        out.push_str("\n# The attacker's side\n");
        for line in story {
            out.push_str(&line);
            out.push('\n');
        }
    }
    printable_lines(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse_scenario;
    use crate::sim::{Method, simulate};

    #[test]
    fn night_five_of_check_b_in_words() {
        // Check (b) of the foundation: night 5 starts with 14, fires 7
        // salvos of 2 at 12 missiles, 5 leak, 0 left.
        let s = parse_scenario(
            "stockpile: 100\ninterceptors_per_kill: 2\nmissiles_per_night: 12\nhorizon_nights: 30\n\
             start_date: 2025-07-10\ndeliveries:\n  - { night: 3, count: 10 }\n",
            "t.yaml",
            "t",
        )
        .unwrap();
        let sim = simulate(&s, Method::MeanPath, &|_| {});
        assert_eq!(
            night_in_words(&s, &sim.nights[4]),
            "Night 5 (2025-07-14): 14 interceptors on hand; 12 missiles; 7 salvos of 2 fired; 5 missiles leak; 0 left."
        );
        let nights = key_nights(&s, &sim);
        assert_eq!(nights.len(), 2);
        assert!(nights[1].ends_with("(the first night with leakers; the first night the stock cannot engage every missile; the night the stock runs dry)"));
        // The resolved YAML spells out the defaults.
        let yaml = resolved_yaml(&s);
        assert!(yaml.contains("interceptors_per_kill: 2"), "{yaml}");
    }
}
