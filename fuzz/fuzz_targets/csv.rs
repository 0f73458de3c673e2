//! Fuzz target: the daily-attack CSV reader. Arbitrary text is read as the
//! attack file, record by record with the streaming reader (through a tiny
//! buffer, so records straddle reads), then as a record for a category and
//! for a list of models under each combined rule; each record read must fit
//! and render without panicking, every malformed file must be refused with
//! an error, and counting the records once must keep every night at or
//! below what it was.

#![no_main]

use libfuzzer_sys::fuzz_target;
use magdepth::replay::catalogue::Catalogue;
use magdepth::replay::csv::{Reader, Row};
use magdepth::replay::{CombinedRule, Query, Selection, count_once, read_record};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut reader = Reader::new(std::io::BufReader::with_capacity(7, text.as_bytes()));
    let mut row = Row::default();
    while let Ok(true) = reader.next_row(&mut row) {}
    let mut records = Vec::new();
    for rule in [CombinedRule::Split, CombinedRule::Skip, CombinedRule::Whole] {
        for selection in [
            Selection::Category("ballistic".to_string()),
            Selection::Models(vec!["Iskander-M".to_string(), "Shahed-136/131".to_string()]),
        ] {
            let query = Query {
                selection,
                from: None,
                to: None,
                catalogue: Catalogue::default(),
                combined: rule,
            };
            if let Ok(record) = read_record(text, "fuzz.csv", &query) {
                let _ = record.fit();
                let _ = record.interception_rate();
                let _ = record.note();
                let _ = record.quirks();
                let _ = magdepth::replay::report::row_lines(&record);
                let _ = magdepth::replay::report::fit_json(&record);
                records.push(record);
            }
        }
    }
    let before: Vec<Vec<u64>> = records.iter().map(|r| r.nights.clone()).collect();
    let mut all: Vec<&mut magdepth::replay::Record> = records.iter_mut().collect();
    count_once(&mut all);
    for (record, before) in records.iter().zip(&before) {
        assert!(
            record
                .nights
                .iter()
                .zip(before)
                .all(|(after, before)| after <= before)
        );
        let _ = record.note();
    }
});
