//! JSON, the contract scripts rely on (README, "JSON output").

use super::grid::{Cell, Grid};
use super::{CheckResult, Comparison, Exporter, ScenarioReport};
use crate::compare::{CHANGE_METRICS, change};
use crate::sim::NightRecord;
use crate::summary::Summary;
use serde::Serialize;

pub struct JsonExporter;

#[derive(Serialize)]
struct RunJson<'a> {
    name: &'a str,
    file: &'a str,
    description: Option<&'a str>,
    sources: &'a [String],
    summary: &'a Summary,
    nights: &'a [NightRecord],
}

#[derive(Serialize)]
struct CompareJson<'a> {
    name: &'a str,
    file: &'a str,
    summary: &'a Summary,
    /// Present only with `--baseline`: each field's change against it.
    #[serde(skip_serializing_if = "Option::is_none")]
    change: Option<Changes>,
}

/// Changes against the baseline, in summary order; whole numbers as integers.
struct Changes(Vec<(&'static str, Option<f64>)>);

impl Serialize for Changes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Number(Option<f64>);
        impl Serialize for Number {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                crate::num::serialize_option(&self.0, s)
            }
        }
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, delta) in &self.0 {
            map.serialize_entry(name, &Number(*delta))?;
        }
        map.end()
    }
}

fn to_json(value: &impl Serialize) -> String {
    // Serializing these plain structs cannot fail: every map key is a string
    // and every float is finite.
    let mut text = serde_json::to_string_pretty(value).expect("report serializes to JSON");
    text.push('\n');
    text
}

impl Exporter for JsonExporter {
    fn run(&self, runs: &[ScenarioReport<'_>], _with_nights: bool) -> String {
        let records: Vec<RunJson<'_>> = runs
            .iter()
            .map(|run| RunJson {
                name: &run.scenario.name,
                file: run.file,
                description: run.scenario.description.as_deref(),
                sources: &run.scenario.sources,
                summary: &run.simulation.summary,
                nights: &run.simulation.nights,
            })
            .collect();
        match records.as_slice() {
            [one] => to_json(one),
            many => to_json(&many),
        }
    }

    fn compare(&self, comparison: &Comparison<'_>) -> String {
        let records: Vec<CompareJson<'_>> = comparison
            .rows
            .iter()
            .map(|row| CompareJson {
                name: &row.scenario.name,
                file: row.file,
                summary: &row.simulation.summary,
                change: comparison.baseline.as_ref().map(|base| {
                    Changes(
                        CHANGE_METRICS
                            .iter()
                            .map(|&m| {
                                let summary = &row.simulation.summary;
                                (m.name(), change(m, summary, &base.simulation.summary))
                            })
                            .collect(),
                    )
                }),
            })
            .collect();
        to_json(&records)
    }

    fn check(&self, results: &[CheckResult]) -> String {
        to_json(&results)
    }

    fn grid(&self, grid: &Grid) -> String {
        let records: Vec<serde_json::Map<String, serde_json::Value>> = grid
            .rows
            .iter()
            .map(|row| {
                grid.headers
                    .iter()
                    .zip(row)
                    .map(|(header, cell)| (header.clone(), json_value(cell)))
                    .collect()
            })
            .collect();
        to_json(&records)
    }
}

/// A cell as a JSON value: numbers as numbers (whole ones as integers),
/// absent values as null.
pub(crate) fn json_value(cell: &Cell) -> serde_json::Value {
    let number = |x: f64| {
        if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
            serde_json::Value::from(x as i64)
        } else {
            serde_json::Number::from_f64(x)
                .map_or(serde_json::Value::Null, serde_json::Value::Number)
        }
    };
    match cell {
        Cell::Text(text) => serde_json::Value::from(text.as_str()),
        Cell::Whole(n) => serde_json::Value::from(*n),
        Cell::Real(x) | Cell::Probability(x) | Cell::Change(Some(x)) => number(*x),
        Cell::Never | Cell::Empty | Cell::Change(None) => serde_json::Value::Null,
        Cell::WithChange(value, _) | Cell::Shaded(value, _) => json_value(value),
        Cell::Flag(flag) => serde_json::Value::Bool(*flag),
    }
}
