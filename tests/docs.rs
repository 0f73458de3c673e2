//! The manual's own consistency: README.md and docs/*.md link only to files
//! and headings that exist, every page of docs/ is reachable from its index,
//! and every ```console example is one the test suite can run (cli.rs runs
//! them with trycmd, which would silently skip a command it cannot find and
//! reads a fence without a language as a console example).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// The pages of the manual: the README and every Markdown file in docs/.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![PathBuf::from("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir("docs")
        .expect("docs/ exists")
        .map(|entry| entry.expect("docs/ is readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

/// A Markdown page cut into what the checks need: the text outside fenced
/// blocks (one string per paragraph, so that a code span broken over two
/// lines is still one span), its headings, and its fenced blocks.
struct Page {
    paragraphs: Vec<(usize, String)>,
    headings: Vec<String>,
    fences: Vec<Fence>,
}

struct Fence {
    line: usize,
    indented: bool,
    info: String,
    body: Vec<(usize, String)>,
}

fn parse(text: &str) -> Page {
    let mut page = Page {
        paragraphs: Vec::new(),
        headings: Vec::new(),
        fences: Vec::new(),
    };
    let mut paragraph: Option<(usize, String)> = None;
    let mut open: Option<(String, Fence)> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim_start();
        let ticks = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect::<String>();
        let is_fence = ticks.len() >= 3 && ticks.chars().all(|c| c == ticks.as_bytes()[0] as char);
        if let Some((marker, fence)) = open.as_mut() {
            if is_fence && trimmed.trim_end() == ticks && ticks.starts_with(marker.as_str()) {
                let (_, fence) = open.take().expect("a fence is open");
                page.fences.push(fence);
            } else {
                fence.body.push((number, line.to_string()));
            }
            continue;
        }
        if is_fence {
            if let Some(done) = paragraph.take() {
                page.paragraphs.push(done);
            }
            let info = trimmed[ticks.len()..].trim().to_string();
            open = Some((
                ticks,
                Fence {
                    line: number,
                    indented: trimmed.len() < line.len(),
                    info,
                    body: Vec::new(),
                },
            ));
            continue;
        }
        if let Some(heading) = heading_text(line) {
            if let Some(done) = paragraph.take() {
                page.paragraphs.push(done);
            }
            page.headings.push(heading.to_string());
            page.paragraphs.push((number, heading.to_string()));
            continue;
        }
        if line.trim().is_empty() {
            if let Some(done) = paragraph.take() {
                page.paragraphs.push(done);
            }
            continue;
        }
        match paragraph.as_mut() {
            Some((_, text)) => {
                text.push('\n');
                text.push_str(line);
            }
            None => paragraph = Some((number, line.to_string())),
        }
    }
    if let Some(done) = paragraph.take() {
        page.paragraphs.push(done);
    }
    assert!(open.is_none(), "a fenced block is never closed");
    page
}

/// The text of an ATX heading (`## Text`), if the line is one.
fn heading_text(line: &str) -> Option<&str> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        Some(line[hashes..].trim().trim_end_matches('#').trim())
    } else {
        None
    }
}

/// The anchor GitHub gives a heading: its text as rendered (code spans lose
/// their backticks), lower-cased, with every character other than a letter,
/// a digit, `-`, `_` or a space dropped and spaces made hyphens. A repeated
/// anchor gets `-1`, `-2`, … in the order the headings come.
fn anchors(headings: &[String]) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut anchors = BTreeSet::new();
    for heading in headings {
        let slug: String = heading
            .chars()
            .flat_map(char::to_lowercase)
            .filter_map(|c| match c {
                ' ' => Some('-'),
                '-' | '_' => Some(c),
                c if c.is_alphanumeric() => Some(c),
                _ => None,
            })
            .collect();
        let count = seen.entry(slug.clone()).or_insert(0);
        anchors.insert(if *count == 0 {
            slug.clone()
        } else {
            format!("{slug}-{count}")
        });
        *count += 1;
    }
    anchors
}

/// Text with its code spans removed: a run of n backticks opens a span that
/// the next run of exactly n backticks closes; a run never closed is text.
fn without_code_spans(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '`' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&c| c == '`').count();
        let mut j = i + run;
        let mut close = None;
        while j < chars.len() {
            if chars[j] == '`' {
                let other = chars[j..].iter().take_while(|&&c| c == '`').count();
                if other == run {
                    close = Some(j + other);
                    break;
                }
                j += other;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                out.push(' ');
                i = end;
            }
            None => {
                out.extend(&chars[i..i + run]);
                i += run;
            }
        }
    }
    out
}

/// The targets of the inline links and images in a paragraph, `[text](target)`.
fn link_targets(paragraph: &str) -> Vec<String> {
    let text = without_code_spans(paragraph);
    let mut targets = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let mut depth = 0usize;
        let mut end = None;
        for (i, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = Some(i);
                    break;
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        let Some(end) = end else { break };
        let target = after[..end].split_whitespace().next().unwrap_or("");
        targets.push(target.trim_matches(['<', '>']).to_string());
        rest = &after[end..];
    }
    targets
}

/// `base/../x` as `x`, so that links that leave docs/ name the same file
/// however they are written.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                assert!(out.pop(), "{} leaves the repository", path.display());
            }
            other => out.push(other),
        }
    }
    out
}

#[test]
fn every_relative_link_and_anchor_resolves() {
    let mut broken = Vec::new();
    let mut anchors_of: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut anchors_for = |path: &Path| -> BTreeSet<String> {
        anchors_of
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let text = std::fs::read_to_string(path).expect("a linked page is readable");
                anchors(&parse(&text).headings)
            })
            .clone()
    };
    for page_path in pages() {
        let text = std::fs::read_to_string(&page_path).expect("the page is readable");
        let page = parse(&text);
        let folder = page_path.parent().unwrap_or(Path::new(""));
        for (line, paragraph) in &page.paragraphs {
            for target in link_targets(paragraph) {
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (file, anchor) = match target.split_once('#') {
                    Some((file, anchor)) => (file, Some(anchor)),
                    None => (target.as_str(), None),
                };
                let linked = if file.is_empty() {
                    page_path.clone()
                } else {
                    normalise(&folder.join(file))
                };
                let place = format!("{}:{line}: {target}", page_path.display());
                if !linked.exists() {
                    broken.push(format!("{place}: no such file {}", linked.display()));
                    continue;
                }
                if let Some(anchor) = anchor {
                    if linked.extension().is_none_or(|ext| ext != "md") {
                        broken.push(format!(
                            "{place}: an anchor into a file that is not Markdown"
                        ));
                    } else if !anchors_for(&linked).contains(anchor) {
                        broken.push(format!("{place}: no heading with that anchor"));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_page_of_docs_is_linked_from_its_index() {
    let index = std::fs::read_to_string("docs/README.md").expect("docs/README.md exists");
    let linked: BTreeSet<PathBuf> = parse(&index)
        .paragraphs
        .iter()
        .flat_map(|(_, paragraph)| link_targets(paragraph))
        .map(|target| {
            let file = target.split('#').next().unwrap_or("").to_string();
            normalise(&Path::new("docs").join(file))
        })
        .collect();
    let missing: Vec<String> = pages()
        .into_iter()
        .filter(|page| page.starts_with("docs") && page != Path::new("docs/README.md"))
        .filter(|page| !linked.contains(page))
        .map(|page| page.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "docs/README.md does not link to {}",
        missing.join(", ")
    );
}

#[test]
fn every_console_example_runs_magdepth() {
    let mut wrong = Vec::new();
    for page_path in pages() {
        let text = std::fs::read_to_string(&page_path).expect("the page is readable");
        for fence in parse(&text).fences {
            let place = format!("{}:{}", page_path.display(), fence.line);
            let language = fence.info.split(',').next().unwrap_or("");
            if language.is_empty() {
                wrong.push(format!(
                    "{place}: a fence without a language (trycmd would run it as a console example): give it one, e.g. ```text or ```sh"
                ));
                continue;
            }
            if language != "console" && language != "trycmd" {
                continue;
            }
            if fence.indented {
                // trycmd reads only fences at the start of a line.
                wrong.push(format!(
                    "{place}: an indented console example would not be run"
                ));
            }
            match fence.body.first() {
                Some((_, first)) if first.starts_with("$ ") => {}
                _ => wrong.push(format!(
                    "{place}: a console example starts with `$ COMMAND`"
                )),
            }
            for (line, text) in &fence.body {
                let Some(command) = text.strip_prefix("$ ") else {
                    continue;
                };
                // trycmd reads leading NAME=VALUE words as the environment.
                let program = command.split_whitespace().find(|word| !word.contains('='));
                if program != Some("magdepth") {
                    wrong.push(format!(
                        "{}:{line}: `{command}`: only magdepth is run (trycmd would skip any other program without a word)",
                        page_path.display()
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn anchors_follow_github() {
    // Worked by hand from GitHub's rendering of these headings.
    let headings = [
        "The attacker's side: arsenals, decoys and electronic warfare",
        "`--mode mean-path`",
        "Variants: `extends`",
        "Sweeps",
        "Sweeps",
    ]
    .map(String::from);
    let expected: BTreeSet<String> = [
        "the-attackers-side-arsenals-decoys-and-electronic-warfare",
        "--mode-mean-path",
        "variants-extends",
        "sweeps",
        "sweeps-1",
    ]
    .map(String::from)
    .into();
    assert_eq!(anchors(&headings), expected);
}

#[test]
fn links_in_code_spans_are_not_links() {
    let targets = link_targets(
        "see [the summary](method.md#the-summary), not `[x](javascript:…)`,\nnor a span `broken\nover [two](lines)` lines",
    );
    assert_eq!(targets, vec!["method.md#the-summary".to_string()]);
}
