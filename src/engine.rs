//! The night-by-night simulator with certain kills.
//!
//! For each night n = 1..horizon: deliveries due on night n are added to the
//! stock first; then the night's raids are engaged by the rule in
//! [`crate::engagement`]; the stock falls by the interceptors expended.

use crate::date::Date;
use crate::engagement::{can_fire_a_salvo, engage};
use crate::model::Scenario;
use crate::summary::{Summary, SummaryBuilder};

/// One night of a simulation, all interceptor types and threats together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct NightRecord {
    pub night: u32,
    pub date: Option<Date>,
    /// Interceptors on hand at dusk, before the night's deliveries.
    pub stock_start: u64,
    pub delivered: u64,
    pub launched: u64,
    pub engaged: u64,
    pub expended: u64,
    pub leakers: u64,
    /// `stock_start + delivered - expended`.
    pub stock_end: u64,
}

/// A simulated scenario: the summary and every night.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    pub summary: Summary,
    pub nights: Vec<NightRecord>,
}

/// Interceptors delivered on each night, per type: `table[(n - 1) * types + t]`.
fn delivery_table(scenario: &Scenario) -> Vec<u64> {
    let types = scenario.interceptors.len();
    let mut table = vec![0u64; scenario.horizon_nights as usize * types];
    for delivery in &scenario.deliveries {
        for night in 1..=scenario.horizon_nights {
            if delivery.schedule.is_due(night) {
                table[(night as usize - 1) * types + delivery.interceptor] += delivery.count;
            }
        }
    }
    table
}

/// Simulates `scenario` night by night with certain kills.
pub fn simulate(scenario: &Scenario) -> Simulation {
    let types = scenario.interceptors.len();
    let deliveries = delivery_table(scenario);
    let mut stock: Vec<u64> = scenario.interceptors.iter().map(|t| t.stockpile).collect();
    let all_engagements = || scenario.threats.iter().flat_map(|t| &t.engaged_by);
    let mut summary = SummaryBuilder::new(scenario.horizon_nights);
    let mut nights = Vec::with_capacity(scenario.horizon_nights as usize);

    for night in 1..=scenario.horizon_nights {
        let stock_start: u64 = stock.iter().sum();
        let due = &deliveries[(night as usize - 1) * types..night as usize * types];
        for (magazine, &count) in stock.iter_mut().zip(due) {
            *magazine += count;
        }
        let mut record = NightRecord {
            night,
            date: scenario.date_of(night),
            stock_start,
            delivered: due.iter().sum(),
            launched: 0,
            engaged: 0,
            expended: 0,
            leakers: 0,
            stock_end: 0,
        };
        for threat in &scenario.threats {
            let outcome = engage(threat.raid.on_night(night), &threat.engaged_by, &mut stock);
            record.launched += outcome.launched;
            record.engaged += outcome.engaged;
            record.expended += outcome.expended;
            record.leakers += outcome.leakers();
        }
        record.stock_end = stock.iter().sum();
        summary.record(&record, !can_fire_a_salvo(all_engagements(), &stock));
        nights.push(record);
    }

    Simulation {
        summary: summary.finish(scenario.burn_per_night()),
        nights,
    }
}
