//! Expected-value mode: one path through the nights.
//!
//! Each night launches the mean raid (times the chance of a raid), engages it
//! by [`engage_expected`], and counts as leakers the missiles not engaged
//! plus the engaged ones expected to survive. The chance of a night without
//! leakers uses the whole raid-size distribution against the stock on hand:
//! P = Π over threats of [(1 − raid_probability) + raid_probability ·
//! E(q^R · 1{R ≤ C})], where q is the kill probability per engaged missile
//! and C the missiles the stock could engage.

use super::{Mode, NightRecord, Simulation, delivery_table};
use crate::engagement::engage_expected;
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
    let mut totals = PathTotals::default();
    let mut nights = Vec::with_capacity(scenario.horizon_nights as usize);

    for night in 1..=scenario.horizon_nights {
        let stock_start: f64 = stock.iter().sum();
        let due = &deliveries[(night as usize - 1) * types..night as usize * types];
        for (magazine, &count) in stock.iter_mut().zip(due) {
            *magazine += count as f64;
        }
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
        };
        for threat in &scenario.threats {
            let launched = threat.raid_probability * threat.raid.mean_on(night);
            let outcome = engage_expected(launched, &threat.engaged_by, &mut stock);
            record.launched += launched;
            record.engaged += outcome.engaged;
            record.expended += outcome.expended;
            record.leakers += launched - outcome.killed;
            let no_leak = threat.raid.no_leak_probability(
                night,
                outcome.kill_probability(),
                outcome.capacity,
            );
            record.p_night_without_leakers *=
                (1.0 - threat.raid_probability) + threat.raid_probability * no_leak;
        }
        record.stock_end = stock.iter().sum();
        let can_engage = scenario
            .threats
            .iter()
            .flat_map(|t| &t.engaged_by)
            .any(|e| stock[e.interceptor] >= e.kill.stock_to_engage() as f64 - 1e-9);
        totals.record(&record, !can_engage);
        nights.push(record);
    }

    let mut summary = totals.summary(
        Mode::Expected,
        scenario.horizon_nights,
        scenario.burn_per_night(),
    );
    summary.expected_leakers = Some(summary.leakers);
    Simulation { summary, nights }
}
