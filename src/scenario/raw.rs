//! The scenario file as written: serde types that mirror the YAML keys.
//!
//! Every struct denies unknown keys, and nothing here uses
//! `#[serde(flatten)]`, which would throw away error locations. Values are
//! checked for type here (a count must be a whole number, 0 or more) and for
//! meaning in [`super::validate`], which turns these into [`crate::model`]
//! types.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The top level of a scenario file: the short form (one `stockpile`, one
/// `missiles_per_night`) or the long form (`interceptors:` and `threats:`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a scenario: a mapping with keys such as name, stockpile and missiles_per_night"
)]
pub struct RawScenario {
    /// Shown in tables and reports; defaults to the file name.
    pub name: Option<String>,
    /// Free text, carried into reports.
    pub description: Option<String>,
    /// The date of night 1, YYYY-MM-DD; nights then carry calendar dates.
    pub start_date: Option<String>,
    /// Nights to simulate, 1 to 100000 (default 365).
    pub horizon_nights: Option<Count>,
    /// Short form: interceptors on hand before night 1.
    pub stockpile: Option<Count>,
    /// Short form: interceptors fired at each engaged missile (1 to 1000).
    pub interceptors_per_kill: Option<Count>,
    /// Short form: missiles launched each night: a number, a list that repeats from night 1, or a distribution.
    pub missiles_per_night: Option<RawRaid>,
    /// Short form: the chance that a night has a raid at all, 0 to 1 (default 1).
    #[schemars(range(min = 0, max = 1))]
    pub raid_probability: Option<f64>,
    /// Short form: single-shot kill probability, 0 to 1; without it kills are certain.
    #[schemars(range(min = 0, max = 1))]
    pub pk: Option<f64>,
    /// Short form: salvo (all at once, the default) or shoot-look-shoot.
    pub doctrine: Option<RawDoctrine>,
    /// Short form: the chance that a miss is seen as a miss, 0 to 1 (default 1).
    #[schemars(range(min = 0, max = 1))]
    pub kill_assessment: Option<f64>,
    /// Short form: the chance that an engagement has no common-mode failure, 0 to 1 (default 1).
    #[schemars(range(min = 0, max = 1))]
    pub reliability: Option<f64>,
    /// Interceptors that arrive before a night's raid, once or recurring.
    #[serde(default)]
    pub deliveries: Vec<RawDelivery>,
    /// Interceptors made at a rate and delivered as whole ones.
    #[serde(default)]
    pub production: Vec<RawProduction>,
    /// Long form: interceptor types by name.
    pub interceptors: Option<NamedMap<RawInterceptor>>,
    /// Long form: threat classes by name, in engagement order.
    pub threats: Option<NamedMap<RawThreat>>,
    /// Long form: tiers of interceptor types, the upper tier first.
    pub layers: Option<Vec<Vec<String>>>,
    /// Citations for the figures, carried into reports.
    #[serde(default)]
    pub sources: Vec<String>,
    /// A base scenario file this one overrides (resolved before
    /// validation; see [`super::document`]).
    pub extends: Option<String>,
}

/// One interceptor type of the long form.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "an interceptor type: a mapping such as { stockpile: 60, pk: 0.8 }"
)]
pub struct RawInterceptor {
    /// Interceptors on hand before night 1.
    pub stockpile: Option<Count>,
    /// Single-shot kill probability, 0 to 1 (default 1: certain).
    #[schemars(range(min = 0, max = 1))]
    pub pk: Option<f64>,
    /// salvo (default) or shoot-look-shoot.
    pub doctrine: Option<RawDoctrine>,
    /// The chance that a miss is seen as a miss, 0 to 1 (default 1).
    #[schemars(range(min = 0, max = 1))]
    pub kill_assessment: Option<f64>,
    /// The chance that an engagement has no common-mode failure, 0 to 1 (default 1).
    #[schemars(range(min = 0, max = 1))]
    pub reliability: Option<f64>,
    /// Cost of one interceptor, in any currency.
    pub unit_cost: Option<f64>,
    /// Fire capacity: at most this many missiles engaged a night.
    pub engagements_per_night: Option<Count>,
    /// Fire capacity: launchers, each holding rounds_per_launcher rounds ready.
    pub launchers: Option<Count>,
    /// Fire capacity: rounds each launcher holds ready.
    pub rounds_per_launcher: Option<Count>,
    /// Fire capacity: a round fired is ready again this many nights later (default 1).
    pub reload_nights: Option<Count>,
    /// Interceptors only the highest-priority threat may draw on.
    pub reserve: Option<Count>,
    /// Below a stock threshold, fire fewer interceptors per kill.
    pub ration: Option<RawRation>,
}

/// `ration: { below: 30, interceptors_per_kill: 1 }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRation {
    /// The stock below which rationing applies.
    pub below: Count,
    /// Interceptors per kill while rationing.
    pub interceptors_per_kill: Count,
}

/// One threat class of the long form.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a threat: a mapping such as { missiles_per_night: 8, engaged_by: [pac3-mse], interceptors_per_kill: 2 }"
)]
pub struct RawThreat {
    /// Missiles launched each night: a number, a list that repeats from night 1, or a distribution.
    pub missiles_per_night: Option<RawRaid>,
    /// The chance that a night has a raid at all, 0 to 1 (default 1).
    #[schemars(range(min = 0, max = 1))]
    pub raid_probability: Option<f64>,
    /// Interceptor types that may engage it, most preferred first; [] for none.
    pub engaged_by: Option<Vec<String>>,
    /// Interceptors fired at each engaged missile: a number, or one per type.
    pub interceptors_per_kill: Option<PerType<Count>>,
    /// Overrides the types' single-shot kill probability for this threat: a number, or one per type.
    pub pk: Option<PerType<f64>>,
    /// Engagement order: 1 first; threats without one come after, in the order listed.
    pub priority: Option<Count>,
    /// Cost of one missile, in any currency.
    pub unit_cost: Option<f64>,
}

/// `production:`: interceptors made at a rate, delivered as whole ones.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a production line: a mapping such as { per_month: 20, from: 2026-01-01 }"
)]
pub struct RawProduction {
    /// The interceptor type made (needed when there are several).
    pub interceptor: Option<String>,
    /// Interceptors made a month (a month is 365.25/12 nights).
    pub per_month: Option<f64>,
    /// Interceptors made a year.
    pub per_year: Option<f64>,
    /// The share of the line's output that comes here, 0 to 1 (default 1).
    #[schemars(range(min = 0, max = 1))]
    pub share: Option<f64>,
    /// First date of production, YYYY-MM-DD (needs start_date).
    pub from: Option<String>,
    /// Last date of production, YYYY-MM-DD (needs start_date).
    pub to: Option<String>,
    /// First night of production (default 1).
    pub from_night: Option<Count>,
    /// Last night of production (default the horizon).
    pub to_night: Option<Count>,
    /// Nights from making to delivery (default 0).
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
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a delivery: a mapping such as { night: 3, count: 10 }"
)]
pub struct RawDelivery {
    /// The interceptor type delivered (needed when there are several).
    pub interceptor: Option<String>,
    /// Once: the night it arrives, before that night's raid.
    pub night: Option<Count>,
    /// Once: the date it arrives, YYYY-MM-DD (needs start_date).
    pub date: Option<String>,
    /// Recurring: arrives every this many nights.
    pub every_nights: Option<Count>,
    /// Recurring: the first delivery (default every_nights).
    pub first_night: Option<Count>,
    /// Recurring: no delivery after this night (default the horizon).
    pub last_night: Option<Count>,
    /// Interceptors in each delivery.
    pub count: Option<Count>,
}

/// `doctrine:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a raid distribution such as { poisson: 12 }"
)]
pub struct RawRaidDistribution {
    /// A Poisson raid size with this mean.
    pub poisson: Option<f64>,
    /// An over-dispersed raid size: mean and dispersion (variance = mean + mean^2/dispersion).
    pub negative_binomial: Option<RawNegativeBinomial>,
    /// A raid size drawn uniformly from these values.
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
    /// Replay: how a combined entry that also names models outside the
    /// selection counts: split among its models (the default), skip or whole.
    pub combined: Option<RawCombined>,
}

/// `combined:` of a replayed record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RawCombined {
    Split,
    Skip,
    Whole,
}

impl From<RawCombined> for crate::replay::CombinedRule {
    fn from(raw: RawCombined) -> Self {
        match raw {
            RawCombined::Split => Self::Split,
            RawCombined::Skip => Self::Skip,
            RawCombined::Whole => Self::Whole,
        }
    }
}

/// `beyond:` of a replayed record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RawBeyond {
    Repeat,
    Fit,
    Quiet,
}

/// `negative_binomial: { mean: 12, dispersion: 3 }`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNegativeBinomial {
    /// The mean raid size.
    pub mean: f64,
    /// The dispersion k: smaller is burstier.
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
            if pattern.len() >= crate::limits::MAX_PATTERN_LEN {
                return Err(de::Error::custom(format_args!(
                    "a raid pattern may hold at most {} nights",
                    crate::limits::MAX_PATTERN_LEN
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

// JSON Schema for the types with hand-written deserializers. They accept
// what the deserializers accept; validation's finer rules (limits, names
// that must exist) stay in `validate`.

impl JsonSchema for Count {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Count".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A whole number, 0 or more.",
            "type": "number",
            "minimum": 0,
            "multipleOf": 1
        })
    }
}

impl JsonSchema for RawRaid {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MissilesPerNight".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let count = generator.subschema_for::<Count>();
        let distribution = generator.subschema_for::<RawRaidDistribution>();
        schemars::json_schema!({
            "description": "Missiles launched each night: a whole number; a list that repeats from night 1; or a distribution such as { poisson: 12 }.",
            "anyOf": [
                count,
                { "type": "array", "items": count, "minItems": 1 },
                distribution
            ]
        })
    }
}

impl<T: JsonSchema> JsonSchema for NamedMap<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("NamedMap_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let value = generator.subschema_for::<T>();
        schemars::json_schema!({
            "description": "A mapping from names to entries, kept in the order written.",
            "type": "object",
            "additionalProperties": value
        })
    }
}

impl<T: JsonSchema> JsonSchema for PerType<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("PerType_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let value = generator.subschema_for::<T>();
        schemars::json_schema!({
            "description": "One value for every interceptor type, or a value per type by name.",
            "anyOf": [
                value,
                { "type": "object", "additionalProperties": value }
            ]
        })
    }
}

/// The JSON Schema of the scenario format, pretty-printed with a final
/// newline (what `magdepth schema` prints and `schema/scenario.schema.json`
/// holds).
pub fn scenario_schema() -> String {
    let mut schema = schemars::schema_for!(RawScenario);
    schema.insert("title".into(), "magdepth scenario".into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
