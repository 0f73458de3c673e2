//! `magdepth explain`: the resolved scenario, and the arithmetic of its key
//! nights in words a reporter can quote.

use crate::model::{FireCapacity, Raid, Scenario, Schedule};
use crate::sim::{NightRecord, Simulation};
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

fn raid_yaml(raid: &Raid) -> Value {
    let map = |key: &str, value: Value| {
        let mut m = Mapping::new();
        m.insert(key.into(), value);
        Value::Mapping(m)
    };
    match raid {
        Raid::Every(n) => (*n).into(),
        Raid::Pattern(values) => values.iter().map(|&v| Value::from(v)).collect(),
        Raid::Poisson { mean } => map("poisson", (*mean).into()),
        Raid::NegativeBinomial { mean, dispersion } => {
            let mut nb = Mapping::new();
            nb.insert("mean".into(), (*mean).into());
            nb.insert("dispersion".into(), (*dispersion).into());
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

/// The scenario with every default filled in, as long-form YAML.
pub fn resolved_yaml(scenario: &Scenario) -> String {
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
            m.insert("unit_cost".into(), cost.into());
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
        m.insert("raid_probability".into(), threat.raid_probability.into());
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
                        em.insert("pk".into(), k.pk.into());
                        em.insert("doctrine".into(), k.doctrine.name().into());
                        em.insert("kill_assessment".into(), k.kill_assessment.into());
                        em.insert("reliability".into(), k.reliability.into());
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
            m.insert("unit_cost".into(), cost.into());
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
                m.insert("per_night".into(), p.per_night.into());
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
    serde_yaml::to_string(&Value::Mapping(top)).unwrap_or_default()
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
