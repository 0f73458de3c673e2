//! "Did you mean …?" for misspelt keys and names, and the one check of a
//! name against the known ones ([`UnknownName`]).

use std::fmt;

/// Edit distance between two strings: insertions, deletions, substitutions
/// and swaps of two neighbouring characters each count one (optimal string
/// alignment), so the common typo `nigth` is one edit from `night`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: distance between the first i chars of a and first j of b.
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `word`, if any is close enough to be a likely
/// typo: within a third of the word's length, and never more than 3 edits.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// What kind of name an [`UnknownName`] was meant to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    InterceptorType,
    Category,
}

impl NameKind {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            NameKind::InterceptorType => ("interceptor type", "types"),
            NameKind::Category => ("category", "categories"),
        }
    }
}

/// A name that is not one of the known ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    pub kind: NameKind,
    pub name: String,
    /// The nearest known name, if one is close enough to be a likely typo.
    pub suggestion: Option<String>,
    pub known: Vec<String>,
}

impl UnknownName {
    /// `Err` when `name` is not among `known`: the one check for every name
    /// a scenario or a flag refers to.
    pub fn check(kind: NameKind, name: &str, known: &[String]) -> Result<(), UnknownName> {
        if known.iter().any(|k| k == name) {
            return Ok(());
        }
        Err(UnknownName {
            kind,
            name: name.to_string(),
            suggestion: nearest(name, known.iter().map(String::as_str)).map(str::to_string),
            known: known.to_vec(),
        })
    }
}

/// "no category `x`; did you mean `y`?", or the names there are.
impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (one, many) = self.kind.words();
        write!(f, "no {one} `{}`", self.name)?;
        match &self.suggestion {
            Some(suggestion) => write!(f, "; did you mean `{suggestion}`?"),
            None => write!(f, "; the {many} are: {}", self.known.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_worked_by_hand() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3); // k→s, e→i, +g
        assert_eq!(edit_distance("stockpil", "stockpile"), 1);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("nigth", "night"), 1); // one swap
        assert_eq!(edit_distance("ab", "ba"), 1);
    }

    #[test]
    fn nearest_finds_typos_and_ignores_strangers() {
        let keys = ["stockpile", "interceptors_per_kill", "missiles_per_night"];
        assert_eq!(nearest("stockpil", keys), Some("stockpile"));
        assert_eq!(
            nearest("missile_per_night", keys),
            Some("missiles_per_night")
        );
        assert_eq!(nearest("colour", keys), None);
        assert_eq!(nearest("nigth", ["night", "count"]), Some("night"));
    }
}
