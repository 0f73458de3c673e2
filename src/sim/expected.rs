//! The mean path (the exact arithmetic where nothing is random): one path through the nights.
//!
//! Each night launches the mean raid (times the chance of a raid), engages it
//! by the rule in [`crate::engagement`] with [`Expected`] arithmetic, and
//! counts as leakers the missiles not engaged plus the engaged ones expected
//! to survive. The chance of a night without leakers uses the whole
//! raid-size distribution against the defence on hand:
//! P = Π over threats of [(1 − raid_probability) + raid_probability ·
//! E(q^R · 1{R ≤ C})], where q is the chance that a missile engaged by every
//! tier is destroyed and C the missiles the defence could engage. With
//! several types or tiers, C adds up what each type could engage: an
//! approximation, exact for one type.

use super::{
    Mode, Needs, NightRecord, RunsOut, Simulation, StockPaths, arsenal_arrivals, delivery_table,
    interceptor_summaries, preferred_type, threat_summaries,
};
use crate::attack::{PreparedAttack, count, launch};
use crate::engagement::{Defence, Expected, Launchers, Quantity, engage, reserve_holders};
use crate::model::Scenario;
use crate::summary::{DecoyCounts, PathTotals};

pub fn simulate(scenario: &Scenario) -> Simulation {
    let types = scenario.interceptors.len();
    let threats = scenario.threats.len();
    let deliveries = delivery_table(scenario);
    let mut stock: Vec<f64> = scenario
        .interceptors
        .iter()
        .map(|t| t.stockpile as f64)
        .collect();
    let mut launchers: Vec<Launchers<f64>> = scenario
        .interceptors
        .iter()
        .map(|t| Launchers::new(t.fire_capacity))
        .collect();
    let mut expended_tonight = vec![0.0; types];
    let mut by_interceptor = interceptor_summaries(scenario);
    let mut by_threat = threat_summaries(scenario);
    let mut spend = 0.0;
    let mut threat_cost = 0.0;
    let costs_known = scenario.interceptors.iter().all(|t| t.unit_cost.is_some());
    let needs = Needs::new(scenario, true);
    let reserve_holder =
        reserve_holders(types, scenario.threats.iter().map(|t| t.tiers.as_slice()));
    let mut no_leak_caches = vec![crate::raid::NoLeakCache::default(); threats];
    let certain_kills: Vec<bool> = scenario
        .threats
        .iter()
        .map(|t| t.kills_are_certain())
        .collect();
    let attacks: Vec<PreparedAttack> = scenario.threats.iter().map(PreparedAttack::new).collect();
    let arrivals = arsenal_arrivals(scenario);
    let mut arsenals: Vec<Option<f64>> = scenario
        .threats
        .iter()
        .map(|t| t.arsenal.as_ref().map(|a| a.on_hand as f64))
        .collect();
    let any_arsenal = arsenals.iter().any(Option::is_some);
    let any_ew = scenario.threats.iter().any(|t| t.lost_to_ew > 0.0);
    let mut runs_out = RunsOut::default();
    let mut decoys: Option<DecoyCounts> = scenario
        .threats
        .iter()
        .any(|t| t.decoy.is_some())
        .then(DecoyCounts::default);
    let mut totals = PathTotals::default();
    let mut nights = Vec::with_capacity(scenario.horizon_nights as usize);
    let mut stock_paths = Vec::with_capacity(scenario.horizon_nights as usize * types);
    let mut threat_leakers = Vec::with_capacity(scenario.horizon_nights as usize * threats);
    let mut arsenal_nights = Vec::new();

    for night in 1..=scenario.horizon_nights {
        let i = night as usize - 1;
        let stock_start: f64 = stock.iter().sum();
        let due = &deliveries[i * types..(i + 1) * types];
        for (t, &count) in due.iter().enumerate() {
            stock[t] += count as f64;
            by_interceptor[t].delivered += count as f64;
            launchers[t].dusk();
        }
        expended_tonight.fill(0.0);
        let mut record = NightRecord {
            night,
            date: scenario.date_of(night),
            stock_start,
            delivered: due.iter().sum::<u64>() as f64,
            launched: 0.0,
            engaged: 0.0,
            expended: 0.0,
            leakers: 0.0,
            stock_end: 0.0,
            p_night_without_leakers: 1.0,
            leaked_for_stock: 0.0,
            leaked_for_capacity: 0.0,
            lost_to_ew: any_ew.then_some(0.0),
            arsenal_end: None,
            interceptor_spend: None,
        };
        for (index, threat) in scenario.threats.iter().enumerate() {
            let attack = &attacks[index];
            let planned = if attack.plans_raids() {
                threat.raid_probability * threat.raid.mean_on(night)
            } else {
                0.0
            };
            if let (Some(on_hand), Some(made)) = (arsenals[index].as_mut(), &arrivals[index]) {
                *on_hand += made[i] as f64;
            }
            // Tonight's launch cap, for the chance of a clean night.
            let cap = arsenals[index].map(|on_hand| {
                let cap = on_hand.settled().floor() as u64;
                attack
                    .max_per_night
                    .map_or(cap, |max| std::cmp::min(cap, max))
            });
            let launch = launch(&mut Expected, attack, planned, arsenals[index].as_mut());
            if launch.dry {
                runs_out.attack_dry(night, index);
                if let Some(dry @ None) = &mut by_threat[index].dry_night {
                    *dry = Some(f64::from(night));
                }
            }
            let mut defence = Defence {
                stock: &mut stock,
                launchers: &mut launchers,
                types: &scenario.interceptors,
                expended: &mut expended_tonight,
                reserve_holder: &reserve_holder,
            };
            let outcome = engage(
                &mut Expected,
                launch.arriving,
                &threat.tiers,
                &mut defence,
                index,
            );
            let counted = count(
                threat.decoy.is_some(),
                threat.tiers.is_empty(),
                &launch,
                &outcome,
            );
            if counted.leaked_for_stock > 1e-9 * launch.launched.max(1.0)
                && let Some(t) = preferred_type(threat)
            {
                runs_out.defence_short(night, t);
            }
            record.launched += counted.launched;
            record.engaged += counted.engaged;
            record.expended += outcome.expended;
            record.leakers += counted.leakers;
            record.leaked_for_stock += counted.leaked_for_stock;
            record.leaked_for_capacity += counted.leaked_for_capacity;
            if let Some(lost) = &mut record.lost_to_ew {
                *lost += counted.lost_to_ew;
            }
            let summary = &mut by_threat[index];
            summary.launched += counted.launched;
            summary.engaged += counted.engaged;
            summary.leakers += counted.leakers;
            summary.lost_to_ew += counted.lost_to_ew;
            if let Some(d) = &mut summary.decoys {
                let [destroyed, missed, unengaged] = counted.decoys;
                let night_counts = DecoyCounts {
                    destroyed,
                    missed,
                    unengaged,
                };
                d.add(&night_counts);
                if let Some(all) = &mut decoys {
                    all.add(&night_counts);
                }
            }
            threat_leakers.push(counted.leakers);
            threat_cost += counted.launched * threat.unit_cost.unwrap_or(0.0);
            record.p_night_without_leakers *= clean_night_chance(
                threat,
                night,
                certain_kills[index],
                &launch,
                &outcome,
                cap,
                &mut no_leak_caches[index],
            );
        }
        if any_arsenal {
            record.arsenal_end = Some(arsenals.iter().flatten().sum());
            arsenal_nights.extend(arsenals.iter().map(|a| a.unwrap_or(0.0)));
        }
        record.stock_end = stock.iter().sum();
        stock_paths.extend_from_slice(&stock);
        let mut spend_tonight = 0.0;
        for (t, interceptor) in scenario.interceptors.iter().enumerate() {
            by_interceptor[t].expended += expended_tonight[t];
            spend_tonight += expended_tonight[t] * interceptor.unit_cost.unwrap_or(0.0);
        }
        spend += spend_tonight;
        record.interceptor_spend = costs_known.then_some(spend_tonight);
        let all_exhausted = needs.check(&stock, &mut ExhaustedNights(&mut by_interceptor, night));
        totals.record(&record, all_exhausted);
        nights.push(record);
    }

    for (t, summary) in by_interceptor.iter_mut().enumerate() {
        summary.final_stock = stock[t];
    }
    for (index, summary) in by_threat.iter_mut().enumerate() {
        if let Some(made) = &arrivals[index] {
            summary.produced = Some(made.iter().sum::<u64>() as f64);
            summary.arsenal_end = arsenals[index];
        }
    }
    totals.by_interceptor = by_interceptor;
    totals.by_threat = by_threat;
    totals.decoys = decoys;
    totals.runs_out_first = runs_out.summary(scenario);
    totals.interceptor_spend = costs_known.then_some(spend);
    let threat_costs_known = scenario.threats.iter().all(|t| t.unit_cost.is_some());
    totals.threat_cost = threat_costs_known.then_some(threat_cost);
    // The mean path of a scenario where nothing is random is exact.
    let mode = if scenario.has_chance() {
        Mode::MeanPath
    } else {
        Mode::Exact
    };
    let summary = totals.summary(mode, scenario.horizon_nights, scenario.burn_per_night());
    Simulation {
        summary,
        nights,
        stock: StockPaths {
            types,
            central: stock_paths,
            p5: Vec::new(),
            p95: Vec::new(),
        },
        threat_leakers,
        arsenal_nights,
    }
}

/// The chance that a threat's night passes with no leaker, against the
/// defence on the expected path: (1 − raid_probability) + raid_probability
/// · E(q'^R' · 1{R' ≤ C'}), where R' is the raid size capped by tonight's
/// arsenal and launchers. Electronic warfare defeats each missile with
/// probability s, so a missile is harmless with probability
/// q' = s + (1 − s)·q, and C' = C / (1 − s) launched missiles bring C to the
/// defence on average (an approximation where capacity binds). Decoys never
/// leak; a night with nothing left to chance leaks for certain or not.
fn clean_night_chance(
    threat: &crate::model::Threat,
    night: u32,
    certain_kills: bool,
    launch: &crate::attack::Launch<f64>,
    outcome: &crate::engagement::ThreatNight<f64>,
    cap: Option<u64>,
    cache: &mut crate::raid::NoLeakCache,
) -> f64 {
    if threat.decoy.is_some() {
        return 1.0;
    }
    if threat.raid_is_certain_on(night) && certain_kills {
        let leakers = outcome.leakers();
        return if leakers > 1e-9 * launch.launched.max(1.0) {
            0.0
        } else {
            1.0
        };
    }
    let s = threat.lost_to_ew;
    // Rounded to 1e-9 so that the tables cached per kill probability are
    // reused night after night.
    let q = ((s + (1.0 - s) * outcome.kill_if_engaged) * 1e9).round() / 1e9;
    let capacity = if threat.tiers.is_empty() {
        0.0
    } else if s < 1.0 {
        outcome.capacity / (1.0 - s)
    } else {
        f64::INFINITY
    };
    if threat.masses() {
        // Massing launches a count fixed by the arsenal.
        let n = launch.launched.round() as u64;
        return crate::model::Raid::Every(n).no_leak_probability_with(night, q, capacity, cache);
    }
    let no_leak = threat
        .raid
        .no_leak_probability_capped(night, q, capacity, cap, cache);
    (1.0 - threat.raid_probability) + threat.raid_probability * no_leak
}

/// Each type's summary, where its exhausted night is noted, and tonight.
struct ExhaustedNights<'s>(&'s mut [crate::summary::InterceptorSummary], u32);

impl super::Exhausted for ExhaustedNights<'_> {
    fn noted(&self, t: usize) -> bool {
        self.0[t].exhausted_night.is_some()
    }

    fn note(&mut self, t: usize) {
        if self.0[t].exhausted_night.is_none() {
            self.0[t].exhausted_night = Some(f64::from(self.1));
        }
    }
}
