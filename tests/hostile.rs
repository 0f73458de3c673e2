//! Scenario text that is odd or hostile (issue 13 §1): each is read, or
//! refused with the key path, in bounded time and memory.

use magdepth::error::ProblemKind;
use magdepth::scenario::parse_scenario;
use std::process::Command;

fn problems(yaml: &str) -> Vec<(Option<String>, ProblemKind)> {
    match parse_scenario(yaml, "hostile.yaml", "hostile") {
        Ok(_) => panic!("expected an error in:\n{yaml}"),
        Err(e) => match e.kind {
            magdepth::error::LoadErrorKind::Invalid { problems } => {
                problems.into_iter().map(|p| (p.key, p.kind)).collect()
            }
            other => panic!("not invalid: {other:?}"),
        },
    }
}

fn words(yaml: &str) -> String {
    match parse_scenario(yaml, "hostile.yaml", "hostile") {
        Ok(_) => panic!("expected an error in:\n{yaml}"),
        Err(e) => e.to_string(),
    }
}

fn long_form(types: &str, threats: &str, more: &str) -> String {
    format!("horizon_nights: 3\ninterceptors:\n  {types}\nthreats:\n  {threats}\n{more}")
}

const THREAT: &str = "b: { missiles_per_night: 1, engaged_by: [sam], interceptors_per_kill: 1 }";

#[test]
fn a_byte_order_mark_before_the_first_key_is_read() {
    let s = parse_scenario(
        "\u{feff}name: bom\nstockpile: 10\ninterceptors_per_kill: 1\nmissiles_per_night: 1\n",
        "bom.yaml",
        "bom",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.name, "bom");
}

#[test]
fn aliases_that_expand_past_the_limits_are_refused() {
    // A 5,000-entry pattern aliased by 1,000 threats: 5 million values, a
    // 90 KB file.
    let pattern = format!("[{}]", vec!["1"; 5000].join(","));
    let mut text = format!(
        "horizon_nights: 3\ninterceptors:\n  sam: {{ stockpile: 10 }}\nthreats:\n  t0: {{ missiles_per_night: &p {pattern}, engaged_by: [sam], interceptors_per_kill: 1 }}\n"
    );
    for i in 1..1000 {
        text.push_str(&format!(
            "  t{i}: {{ missiles_per_night: *p, engaged_by: [sam], interceptors_per_kill: 1 }}\n"
        ));
    }
    let found = problems(&text);
    assert!(
        matches!(found[0].1, ProblemKind::TooLarge { .. }),
        "{found:?}"
    );
    // A long string aliased under sources: 200 KB × 100 = 20 MB of text.
    let long = "x".repeat(200_000);
    let text = format!(
        "stockpile: 1\ninterceptors_per_kill: 1\nmissiles_per_night: 1\ndescription: &d {long}\nsources: [{}]\n",
        vec!["*d"; 100].join(", ")
    );
    assert!(matches!(problems(&text)[0].1, ProblemKind::TooLarge { .. }));
    // The same for a value given on the command line.
    let value = format!("[&d {long}, {}]", vec!["*d"; 100].join(", "));
    assert!(matches!(
        magdepth::scenario::bounded_value(&value),
        Err(magdepth::scenario::ValueError::TooLarge(_))
    ));
    // A few aliases are fine.
    let s = parse_scenario(
        "stockpile: 1\ninterceptors_per_kill: 1\nmissiles_per_night: &m 2\ndescription: x\nsources: [&s a, *s]\n",
        "ok.yaml",
        "ok",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.sources.len(), 2);
}

#[test]
fn names_must_be_visible_plain_and_addressable() {
    for (name, why) in [
        ("\"\"", "no visible character"),
        ("\"\\u200b\"", "no visible character"),
        ("\"   \"", "no visible character"),
        ("\"a\\tb\"", "control character"),
        ("\"a\\e]0;owned\\ab\"", "control character"),
        ("\"a\\u202Eb\"", "control character"),
        ("pac3.mse", "holds `.`"),
        ("\"a=b\"", "holds `=`"),
    ] {
        let yaml = long_form(
            &format!("{name}: {{ stockpile: 10 }}"),
            &THREAT.replace("[sam]", &format!("[{name}]")),
            "",
        );
        let e = words(&yaml);
        assert!(e.contains(why), "{name}: {e}");
        assert!(e.contains("interceptors:"), "{name}: {e}");
        // The name is quoted escaped: no control character reaches the
        // terminal through the error.
        assert!(!e.chars().any(|c| c.is_control() && c != '\n'), "{e:?}");
    }
    let e =
        words("name: \"\\e[2J\"\nstockpile: 1\ninterceptors_per_kill: 1\nmissiles_per_night: 1\n");
    assert!(
        e.contains("name:") && e.contains("control character"),
        "{e}"
    );
    // A scenario's own name may hold dots: it is not a key path.
    parse_scenario(
        "name: Version 2.1 = final\nstockpile: 1\ninterceptors_per_kill: 1\nmissiles_per_night: 1\n",
        "ok.yaml",
        "ok",
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn priorities_layers_and_costs_have_limits() {
    let with = |threat: &str, more: &str| words(&long_form("sam: { stockpile: 10 }", threat, more));
    let e = with(&THREAT.replace(" }", ", priority: 0 }"), "");
    assert!(
        e.contains("threats.b.priority") && e.contains("at least 1"),
        "{e}"
    );
    let e = with(
        &THREAT.replace(" }", ", priority: 18446744073709551615 }"),
        "",
    );
    assert!(
        e.contains("threats.b.priority") && e.contains("at most 1000000"),
        "{e}"
    );
    let e = with(THREAT, "layers: [[], [sam]]");
    assert!(e.contains("layers.0") && e.contains("empty"), "{e}");
    let e = words(&long_form(
        "sam: { stockpile: 10, unit_cost: 1.7e308 }",
        THREAT,
        "",
    ));
    assert!(
        e.contains("interceptors.sam.unit_cost") && e.contains("1.7e308"),
        "{e}"
    );
}

#[test]
fn a_count_too_large_for_any_key_says_the_real_limit() {
    let e =
        words("stockpile: 18446744073709551616\ninterceptors_per_kill: 1\nmissiles_per_night: 1\n");
    assert!(e.contains("1,000,000,000,000"), "{e}");
    assert!(!e.contains("18446744073709551615"), "{e}");
    let e = words("stockpile: 1.0e20\ninterceptors_per_kill: 1\nmissiles_per_night: 1\n");
    assert!(e.contains("too large"), "{e}");
}

#[test]
fn work_is_bounded() {
    // 1,001 production entries.
    let lines = vec!["{ per_month: 1 }"; 1001].join(", ");
    let e = words(&format!(
        "stockpile: 1\ninterceptors_per_kill: 1\nmissiles_per_night: 1\nproduction: [{lines}]\n"
    ));
    assert!(
        e.contains("production") && e.contains("at most 1000 entries"),
        "{e}"
    );
    // 100 types engaging each of 100 threats over 1,000 nights: (100 + 100
    // + 10,000) × 1,000 = 10.2 million, over the 10 million allowed.
    let types: Vec<String> = (0..100)
        .map(|i| format!("t{i}: {{ stockpile: 1 }}"))
        .collect();
    let names: Vec<String> = (0..100).map(|i| format!("t{i}")).collect();
    let threats: Vec<String> = (0..100)
        .map(|i| {
            format!(
                "m{i}: {{ missiles_per_night: 1, engaged_by: [{}], interceptors_per_kill: 1 }}",
                names.join(", ")
            )
        })
        .collect();
    let yaml = format!(
        "horizon_nights: 1000\ninterceptors:\n  {}\nthreats:\n  {}\n",
        types.join("\n  "),
        threats.join("\n  ")
    );
    let e = words(&yaml);
    assert!(
        e.contains("horizon_nights") && e.contains("10200000"),
        "{e}"
    );
    // The same over 900 nights (9.18 million) is allowed.
    parse_scenario(
        &yaml.replace("horizon_nights: 1000", "horizon_nights: 900"),
        "ok.yaml",
        "ok",
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_reserve_above_the_stock_keeps_it_all_for_the_holder() {
    // Documented meaning: sam's reserve of 20 is above its stock of 10, so
    // only the highest-priority threat (a) may fire any of it; b gets
    // nothing until deliveries lift the stock above 20 (none here).
    let s = parse_scenario(
        &long_form(
            "sam: { stockpile: 10, reserve: 20 }",
            "a: { missiles_per_night: 2, engaged_by: [sam], interceptors_per_kill: 1, priority: 1 }\n  b: { missiles_per_night: 2, engaged_by: [sam], interceptors_per_kill: 1 }",
            "",
        ),
        "ok.yaml",
        "ok",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let sim = magdepth::sim::simulate(&s, magdepth::sim::Method::MeanPath, &|_| {});
    let by: Vec<(f64, f64)> = sim
        .summary
        .by_threat
        .iter()
        .map(|t| (t.engaged, t.leakers))
        .collect();
    assert_eq!(by, [(6.0, 0.0), (0.0, 6.0)]);
}

/// `magdepth check DIR/FILE`: its exit code and standard error.
fn check_file(dir: &std::path::Path, file: &str) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_magdepth"))
        .arg("check")
        .arg(dir.join(file))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn empty_extends_and_deep_chains_are_named() {
    let dir = std::env::temp_dir().join(format!("magdepth-chain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("empty.yaml"), "extends: \"\"\nstockpile: 1\n").unwrap();
    for i in 1..=18 {
        std::fs::write(
            dir.join(format!("d{i}.yaml")),
            format!("extends: d{}.yaml\n", i + 1),
        )
        .unwrap();
    }
    std::fs::write(
        dir.join("d19.yaml"),
        "stockpile: 1\ninterceptors_per_kill: 1\nmissiles_per_night: 1\n",
    )
    .unwrap();
    let check = |file: &str| check_file(&dir, file).1;
    let e = check("empty.yaml");
    assert!(e.contains("extends: is empty"), "{e}");
    let e = check("d1.yaml");
    assert!(
        e.contains("more than 16 files deep") && e.contains("d1.yaml -> "),
        "{e}"
    );
    assert!(e.contains("d17.yaml); at most 16"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

/// Issue 13 §1.1: a base that is not a scenario is named, never shown: a
/// stand-in for `/etc/passwd` (200 lines, so one line of it is not the
/// whole) gives an error of a few lines that names the file and quotes at
/// most the start of its text. A file name holding an escape sequence is
/// shown escaped, and no control character but the line break reaches
/// standard error.
#[test]
fn a_base_that_is_not_a_scenario_is_named_not_dumped() {
    let dir = std::env::temp_dir().join(format!("magdepth-dump-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let passwd: String = (0..200)
        .map(|i| format!("user{i}:x:{i}:{i}:User {i}:/home/user{i}:/bin/sh\n"))
        .collect();
    std::fs::write(dir.join("passwd"), &passwd).unwrap();
    std::fs::write(dir.join("child.yaml"), "extends: passwd\nstockpile: 1\n").unwrap();
    let evil = "evil\x1b[2J.yaml";
    std::fs::write(dir.join(evil), "stockpile: [\n").unwrap();
    let check = |file: &str| {
        let (code, stderr) = check_file(&dir, file);
        assert_eq!(code, Some(65), "{file}");
        stderr
    };
    let e = check("child.yaml");
    assert!(e.contains("passwd"), "{e}");
    assert!(e.len() < 600, "{} bytes: {e}", e.len());
    assert!(!e.contains("user2:"), "{e}");
    let e = check(evil);
    assert!(e.contains("evil\\x1b[2J.yaml"), "{e}");
    assert!(!e.chars().any(|c| c.is_control() && c != '\n'), "{e:?}");
    std::fs::remove_dir_all(&dir).ok();
}
