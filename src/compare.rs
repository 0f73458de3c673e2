//! Comparing scenarios side by side: ordering and change against a baseline.

use crate::analysis::Measure;
use crate::summary::{Metric, Summary};
use std::cmp::Ordering;

/// What `compare --sort` orders by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Metric(Metric),
}

impl SortKey {
    /// `name` or any summary field name.
    pub fn from_name(name: &str) -> Option<SortKey> {
        if name == "name" {
            Some(SortKey::Name)
        } else {
            Metric::from_name(name).map(SortKey::Metric)
        }
    }

    /// Every accepted name, for help and error messages.
    pub fn names() -> Vec<&'static str> {
        std::iter::once("name")
            .chain(Metric::ALL.iter().map(|m| m.name()))
            .collect()
    }
}

/// Orders two rows by `key`, ascending, each value read as a measure (so a
/// row worked out exactly has its `p_lasts_horizon`, 1 or 0). A night that
/// never came (`null`) sorts after every night that did: "never ran dry"
/// is later than any night.
pub fn order(key: SortKey, a: (&str, &Summary), b: (&str, &Summary)) -> Ordering {
    match key {
        SortKey::Name => a.0.cmp(b.0),
        SortKey::Metric(metric) => match (
            Measure::Field(metric).value(a.1),
            Measure::Field(metric).value(b.1),
        ) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
    }
}

/// The fields `compare --baseline` reports a change for.
pub const CHANGE_METRICS: [Metric; 7] = [
    Metric::NightsFullyDefended,
    Metric::FirstShortfallNight,
    Metric::ExhaustedNight,
    Metric::Leakers,
    Metric::Delivered,
    Metric::FinalStock,
    Metric::PLastsHorizon,
];

/// `row - baseline` for `metric`; `None` where either has no value (a night
/// that never came has no difference in nights). Read as a measure, so that
/// a run where nothing is random has its `p_lasts_horizon` (1 or 0) against
/// a Monte Carlo one.
pub fn change(metric: Metric, row: &Summary, baseline: &Summary) -> Option<f64> {
    let measure = Measure::Field(metric);
    Some(measure.value(row)? - measure.value(baseline)?)
}
