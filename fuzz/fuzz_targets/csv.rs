//! Fuzz target: the daily-attack CSV reader. Arbitrary text is read as the
//! attack file, for a category and for a list of models; each record read
//! must fit and render without panicking, and every malformed file must be
//! refused with an error.

#![no_main]

use libfuzzer_sys::fuzz_target;
use magdepth::replay::catalogue::Catalogue;
use magdepth::replay::{Query, Selection, read_record};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = magdepth::replay::csv::parse(text);
    for selection in [
        Selection::Category("ballistic".to_string()),
        Selection::Models(vec!["Iskander-M".to_string(), "Shahed-136/131".to_string()]),
    ] {
        let query = Query {
            selection,
            from: None,
            to: None,
            catalogue: Catalogue::default(),
        };
        if let Ok(record) = read_record(text, "fuzz.csv", &query) {
            let _ = record.fit();
            let _ = record.interception_rate();
            let _ = record.note();
            let _ = record.quirks();
        }
    }
});
