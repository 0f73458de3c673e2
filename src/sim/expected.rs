//! Expected-value mode: one path through the nights.
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
    Mode, Needs, NightRecord, Simulation, StockPaths, delivery_table, interceptor_summaries,
    threat_summaries,
};
use crate::engagement::{Defence, Expected, Launchers, engage, reserve_holders};
use crate::model::Scenario;
use crate::summary::PathTotals;

pub fn simulate(scenario: &Scenario) -> Simulation {
    let types = scenario.interceptors.len();
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
    let needs = Needs::new(scenario);
    let reserve_holder =
        reserve_holders(types, scenario.threats.iter().map(|t| t.tiers.as_slice()));
    let mut no_leak_caches = vec![crate::raid::NoLeakCache::default(); scenario.threats.len()];
    let certain_kills: Vec<bool> = scenario
        .threats
        .iter()
        .map(|t| t.kills_are_certain())
        .collect();
    let mut totals = PathTotals::default();
    let mut nights = Vec::with_capacity(scenario.horizon_nights as usize);
    let mut stock_paths = Vec::with_capacity(scenario.horizon_nights as usize * types);
    let mut threat_leakers =
        Vec::with_capacity(scenario.horizon_nights as usize * scenario.threats.len());

    for night in 1..=scenario.horizon_nights {
        let stock_start: f64 = stock.iter().sum();
        let due = &deliveries[(night as usize - 1) * types..night as usize * types];
        for (t, &count) in due.iter().enumerate() {
            stock[t] += count as f64;
            by_interceptor[t].delivered += count as f64;
            launchers[t].dusk(scenario.interceptors[t].fire_capacity);
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
            interceptor_spend: None,
        };
        for (i, threat) in scenario.threats.iter().enumerate() {
            let launched = threat.raid_probability * threat.raid.mean_on(night);
            let mut defence = Defence {
                stock: &mut stock,
                launchers: &mut launchers,
                types: &scenario.interceptors,
                expended: &mut expended_tonight,
                reserve_holder: &reserve_holder,
            };
            let outcome = engage(&mut Expected, launched, &threat.tiers, &mut defence, i);
            record.launched += launched;
            record.engaged += outcome.engaged;
            record.expended += outcome.expended;
            record.leakers += outcome.leakers();
            record.leaked_for_stock += outcome.unengaged_for_stock;
            record.leaked_for_capacity += outcome.unengaged_for_capacity;
            let summary = &mut by_threat[i];
            summary.launched += launched;
            summary.engaged += outcome.engaged;
            summary.leakers += outcome.leakers();
            threat_leakers.push(outcome.leakers());
            threat_cost += launched * threat.unit_cost.unwrap_or(0.0);
            // A night on which nothing is left to chance has no leakers
            // for certain or leakers for certain.
            let no_leak = if threat.raid_is_certain_on(night) && certain_kills[i] {
                if outcome.leakers() > 1e-9 * launched.max(1.0) {
                    0.0
                } else {
                    1.0
                }
            } else {
                threat.raid.no_leak_probability_with(
                    night,
                    // Rounded to 1e-9 so that the tables cached per kill
                    // probability are reused night after night.
                    (outcome.kill_if_engaged * 1e9).round() / 1e9,
                    if threat.tiers.is_empty() {
                        0.0
                    } else {
                        outcome.capacity
                    },
                    &mut no_leak_caches[i],
                )
            };
            record.p_night_without_leakers *=
                (1.0 - threat.raid_probability) + threat.raid_probability * no_leak;
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
        let all_exhausted = needs.check(&stock, |t| {
            if by_interceptor[t].exhausted_night.is_none() {
                by_interceptor[t].exhausted_night = Some(f64::from(night));
            }
        });
        totals.record(&record, all_exhausted);
        nights.push(record);
    }

    for (t, summary) in by_interceptor.iter_mut().enumerate() {
        summary.final_stock = stock[t];
    }
    totals.by_interceptor = by_interceptor;
    totals.by_threat = by_threat;
    totals.interceptor_spend = costs_known.then_some(spend);
    let threat_costs_known = scenario.threats.iter().all(|t| t.unit_cost.is_some());
    totals.threat_cost = threat_costs_known.then_some(threat_cost);
    let mut summary = totals.summary(
        Mode::Expected,
        scenario.horizon_nights,
        scenario.burn_per_night(),
    );
    summary.expected_leakers = Some(summary.leakers);
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
    }
}
