//! The JSON Schema for editors: in sync with the code, and checked by an
//! independent validator against the bundled scenarios and the bad-input
//! corpus.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> serde_json::Value {
    serde_json::from_str(&magdepth::scenario::raw::scenario_schema()).unwrap()
}

fn as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let mut yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    // As an editor's YAML reader does: merge keys applied.
    yaml.apply_merge().unwrap();
    serde_json::to_value(yaml).unwrap()
}

#[test]
fn committed_schema_matches_the_code() {
    let committed = std::fs::read_to_string(root().join("schema/scenario.schema.json")).unwrap();
    assert!(
        committed == magdepth::scenario::raw::scenario_schema(),
        "schema/scenario.schema.json is stale: run `cargo run -- schema > schema/scenario.schema.json`"
    );
}

#[test]
fn every_bundled_scenario_validates_and_points_at_the_schema() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../schema/scenario.schema.json"),
            "{} lacks the schema line",
            path.display()
        );
        let errors: Vec<String> = validator
            .iter_errors(&as_json(&path))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 10);
}

#[test]
fn schema_errors_in_the_bad_input_corpus_fail_validation() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    // Each of these is wrong in a way the schema can see: an unknown key, a
    // negative, fractional or text count, a probability above 1, an
    // unknown doctrine, a misspelt distribution, an unknown key in a type.
    for name in [
        "bad-unknown-key.yaml",
        "bad-unknown-key-no-suggestion.yaml",
        "bad-negative-count.yaml",
        "bad-fractional-count.yaml",
        "bad-string-count.yaml",
        "bad-probabilities.yaml",
        "bad-doctrine.yaml",
        "bad-distribution-key.yaml",
        "bad-long-form-type.yaml",
    ] {
        let instance = as_json(&root().join("tests/fixtures").join(name));
        assert!(!validator.is_valid(&instance), "{name} passes the schema");
    }
    // And the templates of `magdepth new` pass it.
    for template in [magdepth::template::SHORT, magdepth::template::LONG] {
        let yaml: serde_yaml::Value = serde_yaml::from_str(template).unwrap();
        assert!(validator.is_valid(&serde_json::to_value(yaml).unwrap()));
    }
}

/// Every scenario file under `dir` (recursively) that `check` accepts.
fn valid_fixtures(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            valid_fixtures(&path, found);
        } else if path.extension().is_some_and(|e| e == "yaml")
            && magdepth::scenario::load_file(&path).is_ok()
        {
            found.push(path);
        }
    }
}

#[test]
fn every_valid_fixture_passes_the_schema() {
    // The rules the schema adds (required keys, minimums, exclusions) must
    // never refuse a file that `check` accepts.
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let mut found = Vec::new();
    valid_fixtures(&root().join("tests/fixtures"), &mut found);
    assert!(found.len() >= 20, "{}", found.len());
    for path in found {
        let errors: Vec<String> = validator
            .iter_errors(&as_json(&path))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn the_schema_states_required_keys_minimums_and_exclusions() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let refused = |yaml: &str| {
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        !validator.is_valid(&serde_json::to_value(value).unwrap())
    };
    let short = "stockpile: 10\ninterceptors_per_kill: 2\nmissiles_per_night: 12\n";
    assert!(!refused(short));
    // Required keys of the short form, unless a base gives them.
    assert!(refused(
        "interceptors_per_kill: 2\nmissiles_per_night: 12\n"
    ));
    assert!(!refused("extends: base.yaml\nmissiles_per_night: 12\n"));
    // Massing needs no planned raid.
    assert!(!refused(
        "stockpile: 10\ninterceptors_per_kill: 2\narsenal: { tactic: { mass_when: 5 } }\n"
    ));
    // Minimums.
    assert!(refused(&short.replace(
        "interceptors_per_kill: 2",
        "interceptors_per_kill: 0"
    )));
    assert!(refused(&format!("{short}horizon_nights: 0\n")));
    // A delivery is once or recurring, not both, and has a count.
    assert!(refused(&format!(
        "{short}deliveries: [{{ night: 3, every_nights: 30, count: 5 }}]\n"
    )));
    assert!(refused(&format!("{short}deliveries: [{{ night: 3 }}]\n")));
    // One distribution, and replay keys only with from_csv.
    assert!(refused(&short.replace(
        "missiles_per_night: 12",
        "missiles_per_night: { poisson: 3, choice: [1] }"
    )));
    assert!(refused(&short.replace(
        "missiles_per_night: 12",
        "missiles_per_night: { poisson: 3, category: ballistic }"
    )));
    // The long form: no short-form keys, a type's stockpile, a threat's
    // engaged_by and its interceptors_per_kill, capacity one way.
    let long = "interceptors:\n  sam: { stockpile: 10 }\nthreats:\n  b: { missiles_per_night: 1, engaged_by: [sam], interceptors_per_kill: 1 }\n";
    assert!(!refused(long));
    assert!(refused(&format!("{long}stockpile: 10\n")));
    assert!(refused(&long.replace("{ stockpile: 10 }", "{ pk: 0.5 }")));
    assert!(refused(&long.replace(", interceptors_per_kill: 1", "")));
    assert!(!refused(&long.replace(
        "engaged_by: [sam], interceptors_per_kill: 1",
        "engaged_by: []"
    )));
    assert!(refused(&long.replace(
        "{ stockpile: 10 }",
        "{ stockpile: 10, engagements_per_night: 2, launchers: 1, rounds_per_launcher: 2 }"
    )));
    assert!(refused(&long.replace(
        "{ stockpile: 10 }",
        "{ stockpile: 10, launchers: 1 }"
    )));
    assert!(refused(&long.replace(
        "interceptors_per_kill: 1 }",
        "interceptors_per_kill: 1, priority: 0 }"
    )));
    assert!(refused(&long.replace(
        "interceptors_per_kill: 1 }",
        "interceptors_per_kill: 1, discrimination: 0.5 }"
    )));
}
