//! The scenario file as written: serde types that mirror the YAML keys.
//!
//! Every struct denies unknown keys, and nothing here uses
//! `#[serde(flatten)]`, which would throw away error locations. Values are
//! checked for type here (a count must be a whole number, 0 or more) and for
//! meaning in [`super::validate`], which turns these into [`crate::model`]
//! types.

pub use super::figure::{FIGURE_KEYS, Figure, Given, ProbabilityNumber};
use crate::num::grouped;
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
    pub horizon_nights: Option<Figure<Count>>,
    /// Short form: interceptors on hand before night 1.
    pub stockpile: Option<Figure<Count>>,
    /// Short form: interceptors fired at each engaged missile (1 to 1000).
    pub interceptors_per_kill: Option<Figure<Count>>,
    /// Short form: missiles launched each night: a number, a list that repeats from night 1, or a distribution.
    pub missiles_per_night: Option<RawRaid>,
    /// Short form: the chance that a night has a raid at all, 0 to 1 (default 1).
    #[schemars(with = "Option<Figure<ProbabilityNumber>>")]
    pub raid_probability: Option<Figure<Probability>>,
    /// Short form: single-shot kill probability, 0 to 1; without it kills are certain.
    #[schemars(with = "Option<Figure<ProbabilityNumber>>")]
    pub pk: Option<Figure<Probability>>,
    /// Short form: salvo (all at once, the default) or shoot-look-shoot.
    pub doctrine: Option<RawDoctrine>,
    /// Short form: the chance that a miss is seen as a miss, 0 to 1 (default 1).
    #[schemars(with = "Option<Figure<ProbabilityNumber>>")]
    pub kill_assessment: Option<Figure<Probability>>,
    /// Short form: the chance that an engagement has no common-mode failure, 0 to 1 (default 1).
    #[schemars(with = "Option<Figure<ProbabilityNumber>>")]
    pub reliability: Option<Figure<Probability>>,
    /// Short form: the attacker's stock of missiles, what it makes and how it fires them.
    pub arsenal: Option<RawArsenal>,
    /// Short form: the share of launched missiles defeated by electronic warfare before engagement, 0 to 1.
    #[schemars(with = "Option<Figure<ProbabilityNumber>>")]
    pub lost_to_ew: Option<Figure<Probability>>,
    /// Interceptors that arrive before a night's raid, once or recurring.
    #[serde(default, deserialize_with = "list")]
    pub deliveries: Vec<RawDelivery>,
    /// Interceptors made at a rate and delivered as whole ones.
    #[serde(default, deserialize_with = "list")]
    pub production: Vec<RawProduction>,
    /// Long form: interceptor types by name.
    pub interceptors: Option<NamedMap<RawInterceptor>>,
    /// Long form: threat classes by name, in engagement order.
    pub threats: Option<NamedMap<RawThreat>>,
    /// Long form: tiers of interceptor types, the upper tier first.
    pub layers: Option<Vec<Vec<String>>>,
    /// Citations for the figures, carried into reports.
    #[serde(default, deserialize_with = "list")]
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
    pub stockpile: Option<Figure<Count>>,
    /// Single-shot kill probability, 0 to 1 (default 1: certain).
    #[schemars(with = "Option<Figure<ProbabilityNumber>>")]
    pub pk: Option<Figure<Probability>>,
    /// salvo (default) or shoot-look-shoot.
    pub doctrine: Option<RawDoctrine>,
    /// The chance that a miss is seen as a miss, 0 to 1 (default 1).
    #[schemars(with = "Option<Figure<ProbabilityNumber>>")]
    pub kill_assessment: Option<Figure<Probability>>,
    /// The chance that an engagement has no common-mode failure, 0 to 1 (default 1).
    #[schemars(with = "Option<Figure<ProbabilityNumber>>")]
    pub reliability: Option<Figure<Probability>>,
    /// Cost of one interceptor, in any currency.
    pub unit_cost: Option<Figure<f64>>,
    /// Fire capacity: at most this many missiles engaged a night.
    pub engagements_per_night: Option<Figure<Count>>,
    /// Fire capacity: launchers, each holding rounds_per_launcher rounds ready.
    pub launchers: Option<Figure<Count>>,
    /// Fire capacity: rounds each launcher holds ready.
    pub rounds_per_launcher: Option<Figure<Count>>,
    /// Fire capacity: a round fired is ready again this many nights later (default 1).
    pub reload_nights: Option<Figure<Count>>,
    /// Interceptors only the highest-priority threat may draw on.
    pub reserve: Option<Figure<Count>>,
    /// Below a stock threshold, fire fewer interceptors per kill.
    pub ration: Option<RawRation>,
}

/// `ration: { below: 30, interceptors_per_kill: 1 }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRation {
    /// The stock below which rationing applies.
    pub below: Figure<Count>,
    /// Interceptors per kill while rationing.
    pub interceptors_per_kill: Figure<Count>,
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
    #[schemars(with = "Option<Figure<ProbabilityNumber>>")]
    pub raid_probability: Option<Figure<Probability>>,
    /// Interceptor types that may engage it, most preferred first; [] for none.
    pub engaged_by: Option<Vec<String>>,
    /// Interceptors fired at each engaged missile: a number, or one per type.
    pub interceptors_per_kill: Option<PerType<Figure<Count>>>,
    /// Overrides the types' single-shot kill probability for this threat: a number, or one per type.
    #[schemars(with = "Option<PerType<Figure<ProbabilityNumber>>>")]
    pub pk: Option<PerType<Figure<Probability>>>,
    /// Engagement order: 1 first; threats without one come after, in the order listed.
    pub priority: Option<Figure<Count>>,
    /// Cost of one missile, in any currency.
    pub unit_cost: Option<Figure<f64>>,
    /// The attacker's stock of this threat, what it makes and how it fires them (default: unlimited).
    pub arsenal: Option<RawArsenal>,
    /// Decoys: engaged like any threat, but harmless (never leakers, no shortfall).
    pub decoy: Option<bool>,
    /// Decoys only: the share the defence recognises as decoys and does not engage, 0 to 1.
    #[schemars(with = "Option<Figure<ProbabilityNumber>>")]
    pub discrimination: Option<Figure<Probability>>,
    /// The share of launched objects defeated by electronic warfare before engagement, 0 to 1.
    #[schemars(with = "Option<Figure<ProbabilityNumber>>")]
    pub lost_to_ew: Option<Figure<Probability>>,
}

/// `arsenal:` on a threat (or at the top level of the short form).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "an arsenal: a mapping such as { on_hand: 600, production: [{ per_month: 65 }], max_per_night: 100 }"
)]
pub struct RawArsenal {
    /// Missiles on hand before night 1 (default 0).
    pub on_hand: Option<Figure<Count>>,
    /// Missiles made at a rate, with the keys of interceptor production (but `interceptor`).
    #[serde(default, deserialize_with = "list")]
    pub production: Vec<RawProduction>,
    /// Launch capacity: at most this many fired a night (default unlimited).
    pub max_per_night: Option<Figure<Count>>,
    /// steady (the default: the planned raid, as far as the arsenal allows) or { mass_when: N } (hold fire until N are on hand, then fire all on hand).
    pub tactic: Option<RawTactic>,
}

/// `tactic:` of an arsenal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawTactic {
    Steady,
    Mass { when: Count },
}

/// `tactic: { mass_when: 40 }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawMass {
    /// Hold fire until this many are on hand, then fire everything on hand (up to max_per_night).
    mass_when: Count,
}

impl<'de> Deserialize<'de> for RawTactic {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawTactic, D::Error> {
        struct TacticVisitor;
        impl<'de> Visitor<'de> for TacticVisitor {
            type Value = RawTactic;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("steady, or { mass_when: N }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawTactic, E> {
                match v {
                    "steady" => Ok(RawTactic::Steady),
                    other => Err(E::unknown_variant(other, &["steady", "mass_when"])),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawTactic, A::Error> {
                RawMass::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|m| RawTactic::Mass { when: m.mass_when })
            }
        }
        deserializer.deserialize_any(TacticVisitor)
    }
}

impl JsonSchema for RawTactic {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Tactic".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mass = generator.subschema_for::<RawMass>();
        schemars::json_schema!({
            "description": "How the attacker spends the arsenal: steady (the planned raid each night, as far as the arsenal and max_per_night allow), or { mass_when: N } (hold fire until N are on hand, then fire all on hand up to max_per_night).",
            "anyOf": [ { "const": "steady" }, mass ]
        })
    }
}

/// A probability, 0 to 1, as a plain real (validation checks the range).
pub type Probability = f64;

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
    pub per_month: Option<Figure<f64>>,
    /// Interceptors made a year.
    pub per_year: Option<Figure<f64>>,
    /// The share of the line's output that comes here, 0 to 1 (default 1).
    #[schemars(with = "Option<Figure<ProbabilityNumber>>")]
    pub share: Option<Figure<Probability>>,
    /// First date of production, YYYY-MM-DD (needs start_date).
    pub from: Option<String>,
    /// Last date of production, YYYY-MM-DD (needs start_date).
    pub to: Option<String>,
    /// First night of production (default 1).
    pub from_night: Option<Figure<Count>>,
    /// Last night of production (default the horizon).
    pub to_night: Option<Figure<Count>>,
    /// Nights from making to delivery (default 0).
    pub lead_time_nights: Option<Figure<Count>>,
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
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PerType<T>, A::Error> {
                // A mapping of a figure's keys (`{ between: [0.6, 0.9] }`)
                // is one value for every type; any other, one per type.
                let Some(first) = map.next_key::<String>()? else {
                    return Ok(PerType::ByType(NamedMap::default()));
                };
                if FIGURE_KEYS.contains(&first.as_str()) {
                    return T::deserialize(de::value::MapAccessDeserializer::new(Prefixed {
                        first: Some(first),
                        map,
                    }))
                    .map(PerType::Same);
                }
                let mut entries: Vec<(String, T)> = vec![(first, map.next_value()?)];
                while let Some(name) = map.next_key::<String>()? {
                    if entries.iter().any(|(n, _)| *n == name) {
                        return Err(de::Error::custom(format_args!("`{name}` is named twice")));
                    }
                    let value = map.next_value()?;
                    entries.push((name, value));
                }
                Ok(PerType::ByType(NamedMap(entries)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PerType<T>, E> {
                T::deserialize(v.into_deserializer()).map(PerType::Same)
            }
        }
        deserializer.deserialize_any(PerTypeVisitor(std::marker::PhantomData))
    }
}

/// A mapping whose first key was read already: it comes first again.
struct Prefixed<A> {
    first: Option<String>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Prefixed<A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        use serde::de::IntoDeserializer;
        match self.first.take() {
            Some(first) => seed.deserialize(first.into_deserializer()).map(Some),
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
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
    pub night: Option<Figure<Count>>,
    /// Once: the date it arrives, YYYY-MM-DD (needs start_date).
    pub date: Option<String>,
    /// Recurring: arrives every this many nights.
    pub every_nights: Option<Figure<Count>>,
    /// Recurring: the first delivery (default every_nights).
    pub first_night: Option<Figure<Count>>,
    /// Recurring: no delivery after this night (default the horizon).
    pub last_night: Option<Figure<Count>>,
    /// Interceptors in each delivery.
    pub count: Option<Figure<Count>>,
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
    Distribution(Box<RawRaidDistribution>),
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
    /// A raid of this size every night, or a list that repeats from night 1, written as { value: 12, source: "..." } to cite it.
    pub value: Option<RawFixedRaid>,
    /// Where the raid sizes came from (with any form).
    pub source: Option<String>,
    /// A Poisson raid size with this mean.
    pub poisson: Option<Figure<f64>>,
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
    pub mean: Figure<f64>,
    /// The dispersion k: smaller is burstier.
    pub dispersion: Figure<f64>,
}

/// `missiles_per_night: { value: ... }`: a fixed size or a pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum RawFixedRaid {
    Every(u64),
    Pattern(Vec<u64>),
}

impl<'de> Deserialize<'de> for RawFixedRaid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawFixedRaid, D::Error> {
        match RawRaid::deserialize(deserializer)? {
            RawRaid::Every(n) => Ok(RawFixedRaid::Every(n)),
            RawRaid::Pattern(p) => Ok(RawFixedRaid::Pattern(p)),
            RawRaid::Distribution(_) => Err(de::Error::custom(
                "value is a number of missiles or a list of them; a distribution is written without value",
            )),
        }
    }
}

impl JsonSchema for RawFixedRaid {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FixedRaid".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let count = generator.subschema_for::<Count>();
        schemars::json_schema!({
            "description": "A whole number of missiles every night, or a list that repeats from night 1.",
            "anyOf": [ count, { "type": "array", "items": count, "minItems": 1 } ]
        })
    }
}

/// A list key (`deliveries`, `production`, `sources`): a YAML sequence. A
/// mapping in its place (one entry written without its `- `) gets the list
/// form shown.
fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    struct ListVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list: each entry on its own line after `- `, or [ ... ]")
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = seq.next_element()? {
                out.push(entry);
            }
            Ok(out)
        }
        fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Vec<T>, A::Error> {
            Err(de::Error::custom(
                "is a list, not a mapping: start each entry with `- ` on its own line \
                 (`- { per_month: 20 }`), or write [ { ... }, { ... } ]",
            ))
        }
    }
    d.deserialize_any(ListVisitor(std::marker::PhantomData))
}

/// What to write instead of a string given where a number goes: `80%` (a
/// share is 0.8), `$4.2M` or `1,000` (plain numbers only), or `30 count`
/// (a value run into the next line's key, which is indented too deep).
/// `None` when the string is none of these.
pub(crate) fn number_hint(text: &str) -> Option<String> {
    let t = text.trim();
    let percent = t
        .strip_suffix('%')
        .or_else(|| t.strip_suffix("percent"))
        .and_then(|n| n.trim().parse::<f64>().ok());
    if let Some(percent) = percent {
        return Some(format!(
            "`{t}` is not a number: write a share from 0 to 1, here {}",
            percent / 100.0
        ));
    }
    // A number followed by a word: the next line's key taken as part of
    // this value.
    let mut words = t.split_whitespace();
    if let (Some(first), Some(second)) = (words.next(), words.next())
        && first.parse::<f64>().is_ok()
        && second
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
    {
        return Some(format!(
            "`{t}` is not a number: it looks like `{second}` on the next line is indented too deep (a key must line up with the keys above it)"
        ));
    }
    // Currency signs, units and thousands separators.
    let bare = t
        .trim_start_matches(['$', '€', '£'])
        .replace([',', '_', ' '], "");
    let (digits, scale) = match bare.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((at, _)) => {
            let scale = match &bare[at..] {
                "k" | "K" => 1e3,
                "m" | "M" | "mn" | "mln" => 1e6,
                "b" | "B" | "bn" => 1e9,
                "t" | "T" | "tn" => 1e12,
                _ => return None,
            };
            (&bare[..at], scale)
        }
        None => (bare.as_str(), 1.0),
    };
    let value: f64 = digits.parse().ok()?;
    if bare.as_str() == t {
        // A plain number in quotes.
        return Some(format!("`{t}` is quoted: write the number without quotes"));
    }
    Some(format!(
        "`{t}` is not a number: write the plain number, {} (no currency signs, units or thousands separators)",
        value * scale
    ))
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
    E::custom(format!(
        "the number is too large: no count in a scenario may exceed {} (each key's own limit is in the table of keys in docs/scenario.md)",
        grouped(crate::limits::MAX_STOCKPILE)
    ))
}

fn count_from_f64<E: de::Error>(value: f64) -> Result<u64, E> {
    if value.is_finite() && value.fract() == 0.0 && (0.0..=MAX_EXACT_FLOAT).contains(&value) {
        Ok(value as u64)
    } else if value.is_finite() && value.fract() == 0.0 && value > MAX_EXACT_FLOAT {
        Err(count_too_large())
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

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
        match number_hint(v) {
            Some(hint) => Err(E::custom(hint)),
            None => Err(E::invalid_type(de::Unexpected::Str(v), &COUNT_EXPECTED)),
        }
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
            .map(|d| RawRaid::Distribution(Box::new(d)))
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
/// holds): the types' schema, with the rules between keys added
/// ([`super::schema`]).
pub fn scenario_schema() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(RawScenario)).unwrap_or_default();
    super::schema::add_rules(&mut schema);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::number_hint;

    #[test]
    fn strings_where_numbers_go_say_what_to_write() {
        let hint = |t: &str| number_hint(t).unwrap_or_default();
        assert!(hint("80%").contains("here 0.8"));
        assert!(hint("12.5 percent").contains("here 0.125"));
        assert!(hint("$4.2M").contains("4200000"));
        assert!(hint("1,000").contains("1000"));
        assert!(hint("€2.5bn").contains("2500000000"));
        assert!(hint("30 count").contains("`count` on the next line"));
        assert!(hint("12").contains("quoted"));
        assert_eq!(number_hint("salvo"), None);
        assert_eq!(number_hint("$4.2 zillion"), None);
    }
}
