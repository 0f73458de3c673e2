//! The rules between keys that a JSON Schema can state, added to the
//! schema that the format's types give: which keys each form requires
//! (when the file extends no base), minimums and maximums, and the keys
//! that exclude each other. An editor then flags what `check` would,
//! where a schema can say it; `check` stays the authority.

use crate::limits::{MAX_HORIZON_NIGHTS, MAX_INTERCEPTORS_PER_KILL, MAX_PRIORITY};
use serde_json::{Value, json};

/// The short form's keys, which the long form moves onto its types and
/// threats.
const SHORT_FORM_KEYS: &[&str] = &[
    "stockpile",
    "interceptors_per_kill",
    "missiles_per_night",
    "raid_probability",
    "pk",
    "doctrine",
    "kill_assessment",
    "reliability",
    "arsenal",
    "lost_to_ew",
];

/// Adds the rules to `schema` (the root object, with `properties` and
/// `$defs`).
pub(crate) fn add_rules(schema: &mut Value) {
    schema["title"] = json!("magdepth scenario");
    let required_each =
        |keys: &[&str]| -> Vec<Value> { keys.iter().map(|k| json!({ "required": [k] })).collect() };
    // An arsenal that masses decides each raid, so missiles_per_night may
    // be left out.
    let masses = json!({
        "required": ["arsenal"],
        "properties": { "arsenal": { "required": ["tactic"], "properties": { "tactic": { "type": "object" } } } }
    });
    let raid_given = json!({ "anyOf": [ { "required": ["missiles_per_night"] }, masses ] });
    let threat_complete = json!({
        "required": ["engaged_by"],
        "allOf": [
            raid_given,
            {
                "if": { "required": ["engaged_by"], "properties": { "engaged_by": { "minItems": 1 } } },
                "then": { "required": ["interceptors_per_kill"] }
            }
        ]
    });
    let no_base = json!({ "not": { "required": ["extends"] } });
    let long_form =
        json!({ "anyOf": [ { "required": ["interceptors"] }, { "required": ["threats"] } ] });
    schema["allOf"] = json!([
        // The two forms do not mix.
        {
            "if": long_form,
            "then": { "not": { "anyOf": required_each(SHORT_FORM_KEYS) } }
        },
        // Without a base, each form names what it needs.
        {
            "if": { "allOf": [no_base, { "not": long_form }] },
            "then": { "required": ["stockpile", "interceptors_per_kill"], "allOf": [raid_given] }
        },
        {
            "if": { "allOf": [no_base, long_form] },
            "then": {
                "required": ["interceptors", "threats"],
                "properties": {
                    "interceptors": { "additionalProperties": {
                        "required": ["stockpile"],
                        // Launchers come with their rounds (a base may
                        // give one of the two).
                        "dependentRequired": {
                            "launchers": ["rounds_per_launcher"],
                            "rounds_per_launcher": ["launchers"],
                            "reload_nights": ["launchers"]
                        }
                    } },
                    "threats": { "additionalProperties": threat_complete }
                }
            }
        }
    ]);
    let root = &mut schema["properties"];
    bound(
        root,
        "horizon_nights",
        1,
        Some(u64::from(MAX_HORIZON_NIGHTS)),
    );
    bound(
        root,
        "interceptors_per_kill",
        1,
        Some(MAX_INTERCEPTORS_PER_KILL),
    );

    let defs = &mut schema["$defs"];
    let interceptor = &mut defs["RawInterceptor"];
    interceptor["allOf"] = json!([
        { "not": { "required": ["engagements_per_night", "launchers"] } }
    ]);
    for key in ["launchers", "rounds_per_launcher", "reload_nights"] {
        bound(&mut interceptor["properties"], key, 1, None);
    }
    let threat = &mut defs["RawThreat"];
    threat["dependentRequired"] = json!({ "discrimination": ["decoy"] });
    bound(&mut threat["properties"], "priority", 1, Some(MAX_PRIORITY));
    bound(
        &mut threat["properties"],
        "interceptors_per_kill",
        1,
        Some(MAX_INTERCEPTORS_PER_KILL),
    );
    bound(
        &mut defs["RawArsenal"]["properties"],
        "max_per_night",
        1,
        None,
    );

    let delivery = &mut defs["RawDelivery"];
    delivery["required"] = json!(["count"]);
    delivery["oneOf"] = json!(required_each(&["night", "date", "every_nights"]));
    delivery["dependentRequired"] = json!({
        "first_night": ["every_nights"],
        "last_night": ["every_nights"]
    });
    for key in ["night", "every_nights", "first_night", "last_night"] {
        bound(
            &mut delivery["properties"],
            key,
            1,
            Some(u64::from(MAX_HORIZON_NIGHTS)),
        );
    }
    let production = &mut defs["RawProduction"];
    production["oneOf"] = json!(required_each(&["per_month", "per_year"]));
    production["allOf"] = json!([
        { "not": { "required": ["from", "from_night"] } },
        { "not": { "required": ["to", "to_night"] } }
    ]);
    // A raid written as a mapping is one of its forms.
    let raid = &mut defs["RawRaidDistribution"];
    raid["oneOf"] = json!(required_each(&[
        "value",
        "poisson",
        "negative_binomial",
        "choice",
        "from_csv"
    ]));
    let replay_keys = [
        "category",
        "models",
        "from",
        "to",
        "beyond",
        "categories",
        "combined",
    ];
    raid["dependentRequired"] = Value::Object(
        replay_keys
            .iter()
            .map(|k| (k.to_string(), json!(["from_csv"])))
            .collect(),
    );
}

/// `minimum` (and `maximum`) on the number form of the property `key`.
fn bound(properties: &mut Value, key: &str, min: u64, max: Option<u64>) {
    let Some(property) = properties.get_mut(key) else {
        return;
    };
    property["minimum"] = json!(min);
    if let Some(max) = max {
        property["maximum"] = json!(max);
    }
}
