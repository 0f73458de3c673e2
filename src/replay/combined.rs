//! Combined entries: one count for several models, such as
//! "Iskander-M/KN-23 and Iskander-K and X-59/X-69", launched 27 (26 July
//! 2025), and the rule a scenario states for those that also name models
//! outside its selection (`combined: split | skip | whole`).
//!
//! - `split` (the default): the count is divided evenly among the models
//!   the entry names, the remainder one missile each to the first models in
//!   the order written (27 over 3: 9, 9, 9; 10 over 3: 4, 3, 3); the
//!   selection counts the shares of the models it picks. Totals are
//!   conserved: the shares add up to the count.
//! - `skip`: the entry is left out.
//! - `whole`: the entry counts in full.
//!
//! An entry whose models are all selected counts in full under every rule.
//! Within one scenario, [`count_once`] keeps two records read from the same
//! file from counting the same missiles twice.

use super::{Record, Selection};
use crate::date::Date;
use crate::input::FileId;
use std::collections::HashMap;

/// `combined:` in a `from_csv` mapping, `--combined` of `magdepth fit`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CombinedRule {
    #[default]
    Split,
    Skip,
    Whole,
}

impl CombinedRule {
    /// The name a scenario writes.
    pub fn name(self) -> &'static str {
        match self {
            CombinedRule::Split => "split",
            CombinedRule::Skip => "skip",
            CombinedRule::Whole => "whole",
        }
    }
}

/// The shares of `models` models in a count of `launched`: even, with the
/// remainder one each to the first (10 over 3: 4, 3, 3).
pub fn shares(launched: u64, models: usize) -> impl Iterator<Item = u64> {
    let models = models.max(1) as u64;
    let (each, remainder) = (launched / models, launched % models);
    (0..models).map(move |i| each + u64::from(i < remainder))
}

/// A set of positions of the models an entry names (0 for the first
/// written): a word for up to 64, more words past that.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Positions {
    Few(u64),
    Many(Box<[u64]>),
}

impl Positions {
    fn with(models: usize, member: impl Fn(usize) -> bool) -> Positions {
        let mut words = vec![0u64; models.div_ceil(64).max(1)];
        for i in (0..models).filter(|&i| member(i)) {
            words[i / 64] |= 1 << (i % 64);
        }
        match words.as_slice() {
            [word] => Positions::Few(*word),
            _ => Positions::Many(words.into_boxed_slice()),
        }
    }

    fn words(&mut self) -> &mut [u64] {
        match self {
            Positions::Few(word) => std::slice::from_mut(word),
            Positions::Many(words) => words,
        }
    }

    fn contains(&self, i: usize) -> bool {
        let word = match self {
            Positions::Few(word) if i < 64 => *word,
            Positions::Few(_) => 0,
            Positions::Many(words) => words.get(i / 64).copied().unwrap_or(0),
        };
        word & (1 << (i % 64)) != 0
    }

    fn remove(&mut self, i: usize) {
        if let Some(word) = self.words().get_mut(i / 64) {
            *word &= !(1 << (i % 64));
        }
    }
}

/// A combined entry the selection names, and what one record counts of it.
/// Kept small: a file of nothing but such entries keeps one each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CombinedEntry {
    /// The line the row starts on.
    pub line: usize,
    pub date: Date,
    pub launched: u64,
    /// How many models it names.
    pub models: usize,
    /// It also names models outside the selection, so the rule decides.
    pub mixed: bool,
    /// The models whose shares the record counts.
    counted: Positions,
    /// Missiles left out because an earlier record of the same scenario
    /// counts them ([`count_once`]).
    pub counted_before: u64,
    /// The `model` cell as written, kept for the first
    /// [`MAX_LISTED_ROWS`](super::MAX_LISTED_ROWS) entries of a record.
    pub model: Option<Box<str>>,
}

impl CombinedEntry {
    /// `selected`: whether the selection picks each model the entry names,
    /// in the order written (at least one does).
    pub fn new(
        line: usize,
        date: Date,
        launched: u64,
        selected: &[bool],
        rule: CombinedRule,
    ) -> CombinedEntry {
        let mixed = !selected.iter().all(|&s| s);
        let counted = Positions::with(selected.len(), |i| match rule {
            _ if !mixed => true,
            CombinedRule::Split => selected[i],
            CombinedRule::Skip => false,
            CombinedRule::Whole => true,
        });
        CombinedEntry {
            line,
            date,
            launched,
            models: selected.len(),
            mixed,
            counted,
            counted_before: 0,
            model: None,
        }
    }

    /// The share of model `i` (0 for the first written).
    pub fn share(&self, i: usize) -> u64 {
        if i >= self.models {
            return 0;
        }
        let models = self.models as u64;
        self.launched / models + u64::from((i as u64) < self.launched % models)
    }

    /// Whether the record counts model `i`'s share.
    pub fn counts(&self, i: usize) -> bool {
        self.counted.contains(i)
    }

    /// Missiles the record counts of the entry.
    pub fn counted_total(&self) -> u64 {
        (0..self.models)
            .filter(|&i| self.counts(i))
            .map(|i| self.share(i))
            .sum()
    }

    /// Whether the record leaves the entry out altogether (`skip`).
    pub fn left_out(&self, rule: CombinedRule) -> bool {
        self.mixed && rule == CombinedRule::Skip
    }
}

/// Counts each combined entry at most once among the records of one
/// scenario, given in the scenario's order: of records read from the same
/// file (the same device and inode, or the same name when that is not
/// known), a later record leaves out the share of every model of an entry
/// that an earlier record already counts (under `whole`, an entry's every
/// model), takes those missiles off the entry's night, and says so in
/// [`CombinedEntry::counted_before`] and [`Record::counted_before_for`].
///
/// So a ballistic and a cruise threat splitting "Iskander-M/KN-23 and
/// Iskander-K and X-59/X-69" (27) count 9 and 18; under `whole` the first
/// counts 27 and the second none of it, never 27 and 27.
pub fn count_once(records: &mut [&mut Record]) {
    #[derive(Clone, PartialEq, Eq, Hash)]
    enum Source {
        File(FileId),
        Name(String),
    }
    let selections: Vec<Selection> = records.iter().map(|r| r.selection.clone()).collect();
    // For each file and entry line: which record (by index) counts each
    // model's share.
    let mut counted_by: HashMap<(Source, usize), Vec<Option<usize>>> = HashMap::new();
    for (index, record) in records.iter_mut().enumerate() {
        let source = match record.source {
            Some(id) => Source::File(id),
            None => Source::Name(record.file.clone()),
        };
        let mut earlier: Vec<usize> = Vec::new();
        for entry in &mut record.combined_entries {
            let owners = counted_by.entry((source.clone(), entry.line)).or_default();
            owners.resize(owners.len().max(entry.models), None);
            let mut dropped = 0;
            for (i, owner) in owners.iter_mut().enumerate().take(entry.models) {
                let share = entry.share(i);
                if !entry.counts(i) || share == 0 {
                    continue;
                }
                match *owner {
                    Some(first) => {
                        dropped += share;
                        entry.counted.remove(i);
                        if !earlier.contains(&first) {
                            earlier.push(first);
                        }
                    }
                    None => *owner = Some(index),
                }
            }
            if dropped > 0 {
                entry.counted_before += dropped;
                // The reader puts every counted entry inside the record.
                let night = record.from.days_until(entry.date) as usize;
                if let Some(count) = record.nights.get_mut(night) {
                    *count = count.saturating_sub(dropped);
                }
            }
        }
        earlier.sort_unstable();
        for first in earlier {
            if !record.counted_before_for.contains(&selections[first]) {
                record.counted_before_for.push(selections[first].clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_even_with_the_remainder_to_the_first() {
        // 27 over 3 is 9 each; 10 over 3 is 3 each and 1 left, to the first.
        assert_eq!(shares(27, 3).collect::<Vec<_>>(), [9, 9, 9]);
        assert_eq!(shares(10, 3).collect::<Vec<_>>(), [4, 3, 3]);
        // 5 over 2: 2 each and 1 left: 3, 2. 1 over 2: 1, 0.
        assert_eq!(shares(5, 2).collect::<Vec<_>>(), [3, 2]);
        assert_eq!(shares(1, 2).collect::<Vec<_>>(), [1, 0]);
    }

    #[test]
    fn positions_past_64_models() {
        let many = Positions::with(130, |i| i % 2 == 0);
        assert!(matches!(many, Positions::Many(_)));
        assert!(many.contains(128) && !many.contains(129) && !many.contains(500));
        let mut few = Positions::with(3, |_| true);
        few.remove(1);
        assert!(few.contains(0) && !few.contains(1) && few.contains(2));
    }

    #[test]
    fn each_rule_on_an_entry_with_other_models() {
        let date = Date::parse("2025-07-26").unwrap();
        let entry = |selected: &[bool], rule| CombinedEntry::new(2, date, 10, selected, rule);
        // 10 over 3 is 4, 3, 3; selecting the second and third: 3 + 3.
        let picked = [false, true, true];
        assert_eq!(entry(&picked, CombinedRule::Split).counted_total(), 6);
        assert_eq!(entry(&picked, CombinedRule::Skip).counted_total(), 0);
        assert!(entry(&picked, CombinedRule::Skip).left_out(CombinedRule::Skip));
        assert_eq!(entry(&picked, CombinedRule::Whole).counted_total(), 10);
        // All three selected: the whole count under every rule.
        for rule in [CombinedRule::Split, CombinedRule::Skip, CombinedRule::Whole] {
            let all = entry(&[true, true, true], rule);
            assert!(!all.mixed && !all.left_out(rule));
            assert_eq!(all.counted_total(), 10);
        }
    }
}
