//! "Did you mean …?" for misspelt keys and names.

/// Edit distance (insertions, deletions, substitutions) between two strings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_worked_by_hand() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3); // k→s, e→i, +g
        assert_eq!(edit_distance("stockpil", "stockpile"), 1);
        assert_eq!(edit_distance("same", "same"), 0);
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
    }
}
