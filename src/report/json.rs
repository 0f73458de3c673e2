//! JSON, the contract scripts rely on (README, "JSON output").

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
}
