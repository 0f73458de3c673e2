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
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
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
