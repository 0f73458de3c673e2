//! The scenario file as written: serde types that mirror the YAML keys.
//!
//! Every struct denies unknown keys, and nothing here uses
//! `#[serde(flatten)]`, which would throw away error locations. Values are
//! checked for type here (a count must be a whole number, 0 or more) and for
//! meaning in [`super::validate`], which turns these into [`crate::model`]
//! types.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The top level of a scenario file: the short form (one `stockpile`, one
/// `missiles_per_night`) or the long form (`interceptors:` and `threats:`).
#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a scenario: a mapping with keys such as name, stockpile and missiles_per_night"
)]
pub struct RawScenario {
    pub name: Option<String>,
    pub description: Option<String>,
    pub start_date: Option<String>,
    pub horizon_nights: Option<Count>,
    pub stockpile: Option<Count>,
    pub interceptors_per_kill: Option<Count>,
    pub missiles_per_night: Option<RawRaid>,
    pub raid_probability: Option<f64>,
    pub pk: Option<f64>,
    pub doctrine: Option<RawDoctrine>,
    pub kill_assessment: Option<f64>,
    pub reliability: Option<f64>,
    #[serde(default)]
    pub deliveries: Vec<RawDelivery>,
    #[serde(default)]
    pub production: Vec<RawProduction>,
    /// Long form: interceptor types by name.
    pub interceptors: Option<NamedMap<RawInterceptor>>,
    /// Long form: threat classes by name, in engagement order.
    pub threats: Option<NamedMap<RawThreat>>,
    /// Long form: tiers of interceptor types, the upper tier first.
    pub layers: Option<Vec<Vec<String>>>,
    #[serde(default)]
    pub sources: Vec<String>,
    /// A base scenario file this one overrides (resolved before
    /// validation; see [`super::document`]).
    pub extends: Option<String>,
}

/// One interceptor type of the long form.
#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an interceptor type: a mapping such as { stockpile: 60, pk: 0.8 }"
)]
pub struct RawInterceptor {
    pub stockpile: Option<Count>,
    pub pk: Option<f64>,
    pub doctrine: Option<RawDoctrine>,
    pub kill_assessment: Option<f64>,
    pub reliability: Option<f64>,
    pub unit_cost: Option<f64>,
    pub engagements_per_night: Option<Count>,
    pub launchers: Option<Count>,
    pub rounds_per_launcher: Option<Count>,
    pub reload_nights: Option<Count>,
    pub reserve: Option<Count>,
    pub ration: Option<RawRation>,
}

/// `ration: { below: 30, interceptors_per_kill: 1 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRation {
    pub below: Count,
    pub interceptors_per_kill: Count,
}

/// One threat class of the long form.
#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a threat: a mapping such as { missiles_per_night: 8, engaged_by: [pac3-mse], interceptors_per_kill: 2 }"
)]
pub struct RawThreat {
    pub missiles_per_night: Option<RawRaid>,
    pub raid_probability: Option<f64>,
    pub engaged_by: Option<Vec<String>>,
    pub interceptors_per_kill: Option<PerType<Count>>,
    pub pk: Option<PerType<f64>>,
    pub priority: Option<Count>,
    pub unit_cost: Option<f64>,
}

/// `production:`: interceptors made at a rate, delivered as whole ones.
#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a production line: a mapping such as { per_month: 20, from: 2026-01-01 }"
)]
pub struct RawProduction {
    pub interceptor: Option<String>,
    pub per_month: Option<f64>,
    pub per_year: Option<f64>,
    pub share: Option<f64>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub from_night: Option<Count>,
    pub to_night: Option<Count>,
    pub lead_time_nights: Option<Count>,
}

/// A mapping from names to values that keeps the order written (threats are
/// engaged in that order) and refuses a name given twice.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedMap<T>(pub Vec<(String, T)>);

impl<T> Default for NamedMap<T> {
    fn default() -> Self {
        NamedMap(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for NamedMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NamedMapVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for NamedMapVisitor<T> {
            type Value = NamedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping from names to entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NamedMap<T>, A::Error> {
                let mut entries: Vec<(String, T)> = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    if entries.iter().any(|(n, _)| *n == name) {
                        return Err(de::Error::custom(format_args!("`{name}` is named twice")));
                    }
                    let value = map.next_value()?;
                    entries.push((name, value));
                }
                Ok(NamedMap(entries))
            }
        }
        deserializer.deserialize_map(NamedMapVisitor(std::marker::PhantomData))
    }
}

/// One value for every interceptor type, or a value per type by name:
/// `interceptors_per_kill: 2` or `interceptors_per_kill: { pac3-mse: 2, pac2-gem-t: 3 }`.
#[derive(Debug, Clone, PartialEq)]
pub enum PerType<T> {
    Same(T),
    ByType(NamedMap<T>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for PerType<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::IntoDeserializer;
        struct PerTypeVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for PerTypeVisitor<T> {
            type Value = PerType<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or a mapping from interceptor type to number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PerType<T>, E> {
                T::deserialize(v.into_deserializer()).map(PerType::Same)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PerType<T>, E> {
                T::deserialize(v.into_deserializer()).map(PerType::Same)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<PerType<T>, E> {
                T::deserialize(v.into_deserializer()).map(PerType::Same)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PerType<T>, A::Error> {
                NamedMap::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(PerType::ByType)
            }
        }
        deserializer.deserialize_any(PerTypeVisitor(std::marker::PhantomData))
    }
}

/// One entry of `deliveries:`: either once (`night`) or recurring
/// (`every_nights`, with optional `first_night` and `last_night`).
#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a delivery: a mapping such as { night: 3, count: 10 }"
)]
pub struct RawDelivery {
    pub interceptor: Option<String>,
    pub night: Option<Count>,
    pub date: Option<String>,
    pub every_nights: Option<Count>,
    pub first_night: Option<Count>,
    pub last_night: Option<Count>,
    pub count: Option<Count>,
}

/// `doctrine:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawDoctrine {
    Salvo,
    ShootLookShoot,
}

/// `missiles_per_night`: a whole number, a list that repeats from night 1, or
/// a distribution written as a one-key mapping.
#[derive(Debug, Clone, PartialEq)]
pub enum RawRaid {
    Every(u64),
    Pattern(Vec<u64>),
    Distribution(RawRaidDistribution),
}

/// `missiles_per_night: { poisson: 12 }` and the other distributions, or a
/// record replayed from the daily-attack data:
/// `{ from_csv: attacks.csv, category: ballistic, from: 2025-05-01, to: 2025-07-31 }`.
/// Validation checks that exactly one of poisson, negative_binomial, choice
/// and from_csv is given, and that the replay keys come only with from_csv.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a raid distribution such as { poisson: 12 }"
)]
pub struct RawRaidDistribution {
    pub poisson: Option<f64>,
    pub negative_binomial: Option<RawNegativeBinomial>,
    pub choice: Option<Vec<Count>>,
    /// Replay (issue 8): the CSV file, relative to the scenario file.
    pub from_csv: Option<String>,
    /// Replay: the category of models to count.
    pub category: Option<String>,
    /// Replay: the models to count, instead of a category.
    pub models: Option<Vec<String>>,
    /// Replay: the first night, YYYY-MM-DD.
    pub from: Option<String>,
    /// Replay: the last night, YYYY-MM-DD.
    pub to: Option<String>,
    /// Replay: what comes after the record when the horizon is longer.
    pub beyond: Option<RawBeyond>,
    /// Replay: model → category, over the built-in table.
    pub categories: Option<NamedMap<String>>,
}

/// `beyond:` of a replayed record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawBeyond {
    Repeat,
    Fit,
    Quiet,
}

/// `negative_binomial: { mean: 12, dispersion: 3 }`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNegativeBinomial {
    pub mean: f64,
    pub dispersion: f64,
}

/// A whole number, 0 or more. `12`, `12.0` and `1.2e1` are all 12; `-1`,
/// `2.5` and `"12"` are type errors that point at the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Count(pub u64);

const COUNT_EXPECTED: &str = "a whole number, 0 or more";

/// The largest float that converts to u64 without rounding surprises.
const MAX_EXACT_FLOAT: f64 = 9_007_199_254_740_992.0; // 2^53

fn count_from_i64<E: de::Error>(value: i64) -> Result<u64, E> {
    u64::try_from(value)
        .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &COUNT_EXPECTED))
}

fn count_too_large<E: de::Error>() -> E {
    E::custom("the number is too large for a count (at most 18446744073709551615)")
}

fn count_from_f64<E: de::Error>(value: f64) -> Result<u64, E> {
    if value.is_finite() && value.fract() == 0.0 && (0.0..=MAX_EXACT_FLOAT).contains(&value) {
        Ok(value as u64)
    } else {
        Err(E::invalid_value(
            de::Unexpected::Float(value),
            &COUNT_EXPECTED,
        ))
    }
}

struct CountVisitor;

impl Visitor<'_> for CountVisitor {
    type Value = Count;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(COUNT_EXPECTED)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Count, E> {
        Ok(Count(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Count, E> {
        count_from_i64(value).map(Count)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Count, E> {
        count_from_f64(value).map(Count)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Count, E> {
        Err(count_too_large())
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Count, E> {
        if value < 0 {
            Err(E::custom(format_args!(
                "negative: {COUNT_EXPECTED} is expected"
            )))
        } else {
            Err(count_too_large())
        }
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Count, D::Error> {
        deserializer.deserialize_any(CountVisitor)
    }
}

struct RaidVisitor;

impl<'de> Visitor<'de> for RaidVisitor {
    type Value = RawRaid;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a whole number of missiles, a list of them that repeats from night 1, \
             or a distribution such as { poisson: 12 }",
        )
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawRaid, E> {
        Ok(RawRaid::Every(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawRaid, E> {
        count_from_i64(value).map(RawRaid::Every)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawRaid, E> {
        count_from_f64(value).map(RawRaid::Every)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<RawRaid, E> {
        CountVisitor
            .visit_u128(value)
            .map(|Count(n)| RawRaid::Every(n))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<RawRaid, E> {
        CountVisitor
            .visit_i128(value)
            .map(|Count(n)| RawRaid::Every(n))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawRaid, A::Error> {
        let mut pattern = Vec::new();
        while let Some(Count(count)) = seq.next_element()? {
            if pattern.len() >= super::limits::MAX_PATTERN_LEN {
                return Err(de::Error::custom(format_args!(
                    "a raid pattern may hold at most {} nights",
                    super::limits::MAX_PATTERN_LEN
                )));
            }
            pattern.push(count);
        }
        Ok(RawRaid::Pattern(pattern))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawRaid, A::Error> {
        RawRaidDistribution::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(RawRaid::Distribution)
    }
}

impl<'de> Deserialize<'de> for RawRaid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawRaid, D::Error> {
        deserializer.deserialize_any(RaidVisitor)
    }
}
