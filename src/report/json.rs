//! JSON, the contract scripts rely on (docs/output.md, "JSON output").

use super::dated::dated;
use super::grid::{Cell, Grid, policy_words, threat_arsenal_end};
use super::{CheckResult, Exporter};
use crate::compare::{CHANGE_METRICS, change};
use crate::model::Scenario;
use crate::outcome::{Comparison, Outcome};
use crate::printable::must_escape;
use crate::sim::NightRecord;
use crate::summary::Summary;
use serde::Serialize;
use serde::ser::{self, Impossible, SerializeStruct, Serializer};

pub struct JsonExporter;

#[derive(Serialize)]
struct RunJson<'a> {
    name: &'a str,
    file: &'a str,
    description: Option<&'a str>,
    sources: &'a [String],
    /// The scenario as run: every key and value, defaults filled in.
    scenario: serde_yaml::Value,
    summary: SummaryJson<'a>,
    nights: Vec<NightJson<'a>>,
}

#[derive(Serialize)]
struct CompareJson<'a> {
    name: &'a str,
    file: &'a str,
    scenario: serde_yaml::Value,
    summary: SummaryJson<'a>,
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

/// The summary object: the summary's own fields, with `policy_effects`
/// (when there are any) after `overrides`, where the contract has them,
/// and each night followed by its date when the scenario has a
/// `start_date` ([`super::dated`]). Policy effects are worked out apart
/// from the simulation, only where they are reported
/// ([`crate::analysis::policy`]), so they are written in here.
struct SummaryJson<'a> {
    summary: &'a Summary,
    scenario: &'a Scenario,
    policy_effects: Vec<PolicyEffectJson>,
}

impl<'a> SummaryJson<'a> {
    fn of(run: &Outcome<'a>) -> SummaryJson<'a> {
        SummaryJson {
            summary: &run.simulation.summary,
            scenario: run.scenario,
            policy_effects: run
                .policy_effects
                .iter()
                .map(|effect| PolicyEffectJson {
                    policy: policy_words(&effect.policy, run.scenario),
                    nights_gained: effect.nights_gained,
                    extra_leakers: effect.extra_leakers,
                })
                .collect(),
        }
    }
}

/// The summary with its policy effects, undated.
struct SummaryFields<'a> {
    summary: &'a Summary,
    policy_effects: &'a [PolicyEffectJson],
}

impl Serialize for SummaryFields<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.policy_effects.is_empty() {
            return self.summary.serialize(serializer);
        }
        self.summary.serialize(WithField {
            inner: serializer,
            after: "overrides",
            name: "policy_effects",
            value: self.policy_effects,
        })
    }
}

impl Serialize for SummaryJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = SummaryFields {
            summary: self.summary,
            policy_effects: &self.policy_effects,
        };
        match self.scenario.start_date {
            Some(_) => {
                let date_of = |night: u32| self.scenario.date_of(night);
                dated(&fields, &date_of).serialize(serializer)
            }
            None => fields.serialize(serializer),
        }
    }
}

/// One night: its record, and with an arsenal anywhere, `by_threat`: each
/// threat's name and the arsenal it has left (left out for a threat
/// without one), in engagement order, after the night's other fields.
struct NightJson<'a> {
    night: &'a NightRecord,
    by_threat: Option<Vec<ThreatNightJson<'a>>>,
}

#[derive(Serialize)]
struct ThreatNightJson<'a> {
    name: &'a str,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::serialize_option"
    )]
    arsenal_end: Option<f64>,
}

impl Serialize for NightJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.by_threat {
            None => self.night.serialize(serializer),
            Some(threats) => self.night.serialize(WithField {
                inner: serializer,
                after: "interceptor_spend",
                name: "by_threat",
                value: threats,
            }),
        }
    }
}

/// The nights of a run for JSON.
fn nights_json<'a>(run: &Outcome<'a>) -> Vec<NightJson<'a>> {
    let armed = !run.simulation.arsenal_nights.is_empty()
        && run.scenario.threats.iter().any(|t| t.arsenal.is_some());
    let scenario = run.scenario;
    run.simulation
        .nights
        .iter()
        .map(|night| NightJson {
            night,
            by_threat: armed.then(|| {
                scenario
                    .threats
                    .iter()
                    .enumerate()
                    .map(|(t, threat)| ThreatNightJson {
                        name: &threat.name,
                        arsenal_end: threat_arsenal_end(run, t, night.night as usize),
                    })
                    .collect()
            }),
        })
        .collect()
}

#[derive(Serialize)]
struct PolicyEffectJson {
    policy: String,
    #[serde(serialize_with = "crate::num::serialize")]
    nights_gained: f64,
    #[serde(serialize_with = "crate::num::serialize")]
    extra_leakers: f64,
}

/// Serializes a struct as `inner` would, with one more field, `name:
/// value`, written after the field `after` (whether that was written or
/// skipped).
struct WithField<'a, S, V: ?Sized> {
    inner: S,
    after: &'static str,
    name: &'static str,
    value: &'a V,
}

struct WithFieldStruct<'a, T, V: ?Sized> {
    inner: T,
    after: &'static str,
    name: &'static str,
    value: &'a V,
}

impl<T: SerializeStruct, V: Serialize + ?Sized> WithFieldStruct<'_, T, V> {
    fn then(&mut self, key: &'static str) -> Result<(), T::Error> {
        if key == self.after {
            self.inner.serialize_field(self.name, self.value)?;
        }
        Ok(())
    }
}

impl<T: SerializeStruct, V: Serialize + ?Sized> SerializeStruct for WithFieldStruct<'_, T, V> {
    type Ok = T::Ok;
    type Error = T::Error;

    fn serialize_field<F: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &F,
    ) -> Result<(), T::Error> {
        self.inner.serialize_field(key, value)?;
        self.then(key)
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), T::Error> {
        self.inner.skip_field(key)?;
        self.then(key)
    }

    fn end(self) -> Result<T::Ok, T::Error> {
        self.inner.end()
    }
}

fn not_a_struct<E: ser::Error>() -> E {
    E::custom("only a struct takes one more field")
}

/// Every way of serializing other than as a struct is refused.
macro_rules! not_a_struct {
    ($($method:ident($($arg:ty),*) -> $out:ty;)*) => {
        $(fn $method(self $(, _: $arg)*) -> Result<$out, S::Error> {
            Err(not_a_struct())
        })*
    };
}

impl<'a, S: Serializer, V: Serialize + ?Sized> Serializer for WithField<'a, S, V> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeStruct = WithFieldStruct<'a, S::SerializeStruct, V>;
    type SerializeSeq = Impossible<S::Ok, S::Error>;
    type SerializeTuple = Impossible<S::Ok, S::Error>;
    type SerializeTupleStruct = Impossible<S::Ok, S::Error>;
    type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
    type SerializeMap = Impossible<S::Ok, S::Error>;
    type SerializeStructVariant = Impossible<S::Ok, S::Error>;

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        Ok(WithFieldStruct {
            inner: self.inner.serialize_struct(name, len + 1)?,
            after: self.after,
            name: self.name,
            value: self.value,
        })
    }

    not_a_struct! {
        serialize_bool(bool) -> S::Ok;
        serialize_i8(i8) -> S::Ok;
        serialize_i16(i16) -> S::Ok;
        serialize_i32(i32) -> S::Ok;
        serialize_i64(i64) -> S::Ok;
        serialize_u8(u8) -> S::Ok;
        serialize_u16(u16) -> S::Ok;
        serialize_u32(u32) -> S::Ok;
        serialize_u64(u64) -> S::Ok;
        serialize_f32(f32) -> S::Ok;
        serialize_f64(f64) -> S::Ok;
        serialize_char(char) -> S::Ok;
        serialize_str(&str) -> S::Ok;
        serialize_bytes(&[u8]) -> S::Ok;
        serialize_none() -> S::Ok;
        serialize_unit() -> S::Ok;
        serialize_unit_struct(&'static str) -> S::Ok;
        serialize_unit_variant(&'static str, u32, &'static str) -> S::Ok;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<S::Ok, S::Error> {
        Err(not_a_struct())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(not_a_struct())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(not_a_struct())
    }
}

fn to_json(value: &impl Serialize) -> String {
    // Serializing these plain structs cannot fail: every map key is a string
    // and every float is finite.
    let text = serde_json::to_string_pretty(value).expect("report serializes to JSON");
    let mut text = escape_the_rest(&text);
    text.push('\n');
    text
}

/// JSON escapes the control characters U+0000–U+001F itself; the others
/// that a terminal may obey or that reorder text (DEL, C1, the
/// bidirectional controls: [`crate::printable`]) are written as `\uXXXX`
/// too. They can only be inside strings, where the escape means the same.
pub(crate) fn escape_the_rest(json: &str) -> String {
    if !json.chars().any(|c| c >= '\u{7f}' && must_escape(c)) {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c >= '\u{7f}' && must_escape(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

impl Exporter for JsonExporter {
    fn run(&self, runs: &[Outcome<'_>], _with_nights: bool) -> String {
        let records: Vec<RunJson<'_>> = runs
            .iter()
            .map(|run| RunJson {
                name: &run.scenario.name,
                file: run.file,
                description: run.scenario.description.as_deref(),
                sources: &run.scenario.sources,
                scenario: crate::explain::resolved(run.scenario),
                summary: SummaryJson::of(run),
                nights: nights_json(run),
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
                scenario: crate::explain::resolved(row.scenario),
                summary: SummaryJson::of(row),
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
        Cell::Real(x) | Cell::Probability(x) | Cell::Change(Some(x)) | Cell::Money(x) => {
            number(crate::num::round_noise(*x))
        }
        Cell::Never | Cell::Empty | Cell::Change(None) => serde_json::Value::Null,
        Cell::WithChange(value, _)
        | Cell::Shaded(value, _)
        | Cell::Marked(value, _)
        | Cell::Dated(value, _) => json_value(value),
        Cell::Flag(flag) => serde_json::Value::Bool(*flag),
    }
}
