//! The library's modules name each other one way round, as the data flows
//! (docs/contributing.md, "Layout"): the model and the simulator know nothing of where
//! scenarios come from or what is asked of them, the scenario source
//! nothing of analyses or outputs, the analyses no output, and the charts
//! never the reports (which draw them).

use std::collections::BTreeMap;
use std::path::Path;

/// The library's top-level modules in stages, as the data flows: a module
/// may name modules of its own stage and of earlier ones, never of a later
/// one. (Cells come early: replay's `fit` tables use them, and they name
/// only the summary.)
const STAGES: &[&[&str]] = &[
    &[
        "date",
        "limits",
        "num",
        "suggest",
        "output",
        "input",
        "mix",
        "template",
        "printable",
    ],
    &["kill", "raid", "uncertain", "model", "engagement", "attack"],
    &["sim", "summary"],
    &["cell"],
    &["replay"],
    &["error", "overrides"],
    &["scenario"],
    &["analysis", "explain", "compare"],
    &["outcome"],
    &["chart"],
    &["report"],
];

/// The binary's modules, which may name any of the library's.
const BINARY: &[&str] = &["main", "cli", "progress", "interrupt", "app"];

fn stage(module: &str) -> usize {
    STAGES
        .iter()
        .position(|stage| stage.contains(&module))
        .unwrap_or_else(|| panic!("{module} is in no stage of the layout"))
}

/// The top-level modules each module's code (not its comments or tests)
/// names as `crate::name`.
fn names() -> BTreeMap<String, Vec<String>> {
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap();
            let module = relative
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for line in code.lines() {
                let line = line.split("//").next().unwrap_or("");
                for (at, _) in line.match_indices("crate::") {
                    let name: String = line[at + "crate::".len()..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if name != module {
                        names.entry(module.clone()).or_default().push(name);
                    }
                }
            }
        }
    }
    names
}

#[test]
fn modules_name_only_their_own_stage_and_earlier_ones() {
    let names = names();
    // The walk found the code it checks.
    assert!(names["report"].iter().any(|n| n == "outcome"), "{names:?}");
    let mut broken: Vec<String> = names
        .iter()
        .filter(|(module, _)| module.as_str() != "lib" && !BINARY.contains(&module.as_str()))
        .flat_map(|(module, named)| {
            named
                .iter()
                .filter(|name| stage(name) > stage(module))
                .map(move |name| format!("{module} names {name}"))
        })
        .collect();
    broken.sort();
    broken.dedup();
    assert!(broken.is_empty(), "{broken:?}");
}
