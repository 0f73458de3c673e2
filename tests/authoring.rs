//! Authoring: inheritance (`extends`), merge keys, `--set` overrides, and
//! templates.

use magdepth::error::LoadErrorKind;
use magdepth::scenario::{Source, load_file};
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/extends")
        .join(name)
}

#[test]
fn a_child_states_only_what_differs() {
    // Child = base (100, 2 per kill, 12 a night, 30 nights) + 10 on night 3:
    // check (b) of the foundation, 305 leakers.
    let child = load_file(&fixture("child.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(child.name, "Child");
    assert_eq!(child.interceptors[0].stockpile, 100);
    assert_eq!(child.deliveries.len(), 1);
    // Lists replace, so the base's sources stand when the child gives none.
    assert_eq!(child.sources, vec!["base source".to_string()]);
    let sim = magdepth::sim::simulate(&child, magdepth::sim::Method::MeanPath, &|_| {});
    assert_eq!(sim.summary.leakers, 305.0);
}

#[test]
fn chains_resolve_nearest_first() {
    let grandchild = load_file(&fixture("grandchild.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(grandchild.name, "Grandchild");
    assert_eq!(grandchild.interceptors[0].stockpile, 200);
    assert_eq!(
        grandchild.deliveries.len(),
        1,
        "the child's delivery is inherited"
    );
}

#[test]
fn cycles_and_missing_bases_are_named() {
    let error = load_file(&fixture("cycle-a.yaml")).unwrap_err().to_string();
    assert!(error.contains("must not loop"), "{error}");
    assert!(
        error.contains("cycle-a.yaml") && error.contains("cycle-b.yaml"),
        "{error}"
    );
    let error = load_file(&fixture("missing-base.yaml")).unwrap_err();
    assert!(
        matches!(&error.kind, LoadErrorKind::Unreadable { base_of: Some(child), .. } if child.ends_with("missing-base.yaml")),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(
        text.contains("no-such-base.yaml") && text.contains("missing-base.yaml"),
        "{text}"
    );
}

#[test]
fn errors_point_into_the_file_that_set_the_value() {
    let text = load_file(&fixture("child-of-bad-base.yaml"))
        .unwrap_err()
        .to_string();
    // interceptors_per_kill: 0 is on line 4, column 24 of the base.
    assert!(
        text.contains("interceptors_per_kill: must be at least 1, got 0"),
        "{text}"
    );
    assert!(text.contains("bad-base.yaml:4:24"), "{text}");
}

#[test]
fn merge_keys_work() {
    // pac2 takes pac3's keys through `<<: *patriot` and overrides stockpile.
    let s = load_file(&fixture("merge-keys.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.interceptors[1].name, "pac2");
    assert_eq!(s.interceptors[1].stockpile, 20);
    assert_eq!(s.interceptors[1].unit_cost, Some(4.2e6));
}

#[test]
fn set_overrides_every_kind_of_key() {
    use magdepth::overrides::KeyPath;
    let mut doc = Source::load(&fixture("child.yaml")).unwrap();
    let set = |doc: &mut Source, key: &str, yaml: &str| {
        let key: KeyPath = key.parse().unwrap();
        doc.set(&key, serde_yaml::from_str(yaml).unwrap())
    };
    set(&mut doc, "stockpile", "300").unwrap(); // a number
    set(&mut doc, "pk", "0.7").unwrap(); // a key the file leaves out
    set(&mut doc, "deliveries.0.count", "20").unwrap(); // inside a list
    set(&mut doc, "missiles_per_night", "[0, 12]").unwrap(); // a list
    set(&mut doc, "name", "Changed").unwrap(); // text
    let s = doc.scenario().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.interceptors[0].stockpile, 300);
    assert_eq!(s.threats[0].tiers[0][0].kill.pk, 0.7);
    assert_eq!(s.deliveries[0].count, 20);
    assert_eq!(s.name, "Changed");
    assert_eq!(s.overrides.len(), 5);
    // Bad paths name the nearest key.
    let error = set(&mut doc, "deliveries.5.count", "1").unwrap_err();
    assert!(error.to_string().contains("no entry 5"), "{error}");
    let error = set(&mut doc, "deliverys.0.count", "1").unwrap_err();
    assert!(
        error.to_string().contains("did you mean `deliveries`"),
        "{error}"
    );
    // A problem with a value set is marked so, and has no place in a file.
    set(&mut doc, "interceptors_per_kill", "0").unwrap();
    let error = doc.scenario().unwrap_err();
    let LoadErrorKind::Invalid { problems } = &error.kind else {
        panic!("{error:?}")
    };
    assert!(
        problems[0].from_set && problems[0].at.is_none(),
        "{problems:?}"
    );
}

fn magdepth(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_magdepth"))
        .args(args)
        .output()
        .expect("runs the binary")
}

#[test]
fn new_writes_valid_templates_and_never_overwrites() {
    let dir = std::env::temp_dir().join(format!("magdepth-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for form in ["short", "long"] {
        let path = dir.join(format!("{form}.yaml"));
        let path = path.to_str().unwrap();
        assert!(magdepth(&["new", path, "--form", form]).status.success());
        assert!(
            magdepth(&["check", path]).status.success(),
            "{form} template is valid"
        );
        std::fs::write(path, "keep me").unwrap();
        let again = magdepth(&["new", path, "--form", form]);
        assert_eq!(again.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
        assert_eq!(std::fs::read_to_string(path).unwrap(), "keep me");
        assert!(
            magdepth(&["new", path, "--form", form, "--force"])
                .status
                .success()
        );
        assert_ne!(std::fs::read_to_string(path).unwrap(), "keep me");
    }
    let from = dir.join("from.yaml");
    let out = magdepth(&[
        "new",
        from.to_str().unwrap(),
        "--from",
        "scenarios/weekly-large-raids.yaml",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(&from)
            .unwrap()
            .contains("Weekly large raids")
    );
    assert!(
        magdepth(&["check", from.to_str().unwrap()])
            .status
            .success(),
        "--from output loads"
    );
    // A variant comes out with its base merged in.
    let merged = dir.join("merged.yaml");
    let out = magdepth(&[
        "new",
        merged.to_str().unwrap(),
        "--from",
        "scenarios/dozen-a-night-ten-delivered.yaml",
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&merged).unwrap();
    assert!(
        text.contains("stockpile: 100") && !text.contains("extends"),
        "{text}"
    );
    assert!(
        magdepth(&["check", merged.to_str().unwrap()])
            .status
            .success()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn completions_and_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = magdepth(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("magdepth"),
            "{shell}"
        );
    }
    let out = magdepth(&["man"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(".ie"));
}

#[test]
fn problems_are_typed_for_callers_to_match_on() {
    use magdepth::error::{OutOfRange, Problem, ProblemKind};
    let first = |name: &str| -> Problem {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        match load_file(&path).map_err(|e| e.kind) {
            Err(LoadErrorKind::Invalid { mut problems }) => problems.remove(0),
            other => panic!("{name}: {other:?}"),
        }
    };
    let unknown = first("bad-unknown-key.yaml");
    let ProblemKind::UnknownKey(key) = &unknown.kind else {
        panic!("{unknown:?}")
    };
    assert_eq!(
        (key.name.as_str(), key.suggestion.as_deref()),
        ("stockpil", Some("stockpile"))
    );
    assert!(matches!(
        first("bad-fractional-count.yaml").kind,
        ProblemKind::NotWholeNumber(_)
    ));
    assert_eq!(
        first("bad-zero-horizon.yaml").kind,
        ProblemKind::OutOfRange(OutOfRange::AtLeast { min: 1, got: 0 })
    );
    let duplicate = first("bad-duplicate-key.yaml");
    assert_eq!(
        duplicate.kind,
        ProblemKind::DuplicateKey {
            name: "stockpile".into()
        }
    );
    // Where the key is given the second time.
    assert_eq!(
        duplicate.at.map(|(_, at)| (at.line, at.column)),
        Some((5, 1))
    );
    assert_eq!(
        first("bad-two-documents.yaml").kind,
        ProblemKind::MoreThanOneDocument
    );
}

#[test]
fn a_child_overrides_in_place_and_replaces_a_form_whole() {
    // Threats without priorities are engaged in the order listed. The child
    // overrides zeta's unit_cost: zeta keeps its place, first (a merge that
    // moved overridden keys to the end would engage alpha first).
    let s = load_file(&fixture("order-child.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = s.threats.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["zeta", "alpha"]);
    assert_eq!(s.threats[0].unit_cost, Some(2.0));
    // alpha's raid is the child's Poisson, not a mix of the two forms.
    assert!(
        matches!(s.threats[1].raid, magdepth::model::Raid::Poisson { mean } if mean == 3.0),
        "{:?}",
        s.threats[1].raid
    );
}

#[test]
fn extends_cannot_be_set() {
    let out = magdepth(&[
        "run",
        fixture("child.yaml").to_str().unwrap(),
        "--set",
        "extends=base.yaml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`extends`") && stderr.contains("cannot be set"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}
