//! Reading a record from CSV in two passes over the input, one row in
//! memory at a time. The first pass checks the whole file and finds the
//! range (which by default is the selection's first and last night, known
//! only at the end); the second adds the rows of the range up night by
//! night. Memory holds the nights, the rows listed in notes and the combined
//! entries, never the file.
//!
//! Errors come in the order they would if the file were read whole first:
//! unreadable input (not UTF-8, too large) anywhere, then the query, then a
//! malformed record anywhere, then the header, then the first bad row, then
//! what needs every row (a model no row names, the range).

use super::catalogue::{Catalogue, normalise, parts, shares_alternative};
use super::combined::CombinedEntry;
use super::csv::{CsvError, Reader, Row};
use super::{MAX_LISTED_ROWS, Query, Record, ReplayError, RowNote, Selection, SkipReason};
use crate::date::Date;
use crate::input::FileId;
use crate::limits::{MAX_COUNT, MAX_HORIZON_NIGHTS};
use crate::suggest::{NameKind, UnknownName};
use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, Seek};

/// Distinct model cells whose classification is remembered, and distinct
/// model names kept for "did you mean" (real files have about a hundred).
const MAX_REMEMBERED: usize = 10_000;

/// Reads the record `query` asks for from `source`; `file` names it.
pub(super) fn read<R: BufRead + Seek>(
    mut source: R,
    file: &str,
    id: Option<FileId>,
    query: &Query,
) -> Result<Record, ReplayError> {
    let errors = Errors { file };
    let mut models = Models::new(query);
    let survey = survey(&mut source, &errors, query, &mut models)?;
    let (from, to) = survey.range(&errors, query)?;
    source
        .rewind()
        .map_err(|e| errors.unreadable(crate::input::InputError::from_io(&e)))?;
    let mut record = Record {
        file: file.to_string(),
        source: id,
        selection: query.selection.clone(),
        combined: query.combined,
        from,
        to,
        nights: vec![0; from.days_until(to) as usize + 1],
        rows: 0,
        destroyed: 0,
        launched_with_destroyed: 0,
        skipped: Vec::new(),
        skipped_counts: [0; SkipReason::ALL.len()],
        combined_entries: Vec::new(),
        counted_before_for: Vec::new(),
    };
    let mut reader = Reader::new(source);
    let mut row = Row::default();
    // The header, checked by the survey.
    next(&mut reader, &mut row, &errors)?;
    while next(&mut reader, &mut row, &errors)? {
        let parsed = parse(&row, &survey.columns, &errors)?;
        add(
            &mut record,
            &parsed,
            &models.classify(&parsed.model),
            &errors,
        )?;
    }
    Ok(record)
}

/// Names the file in errors.
struct Errors<'a> {
    file: &'a str,
}

impl Errors<'_> {
    fn at(&self, line: Option<usize>, column: Option<&str>, message: String) -> ReplayError {
        ReplayError {
            file: self.file.to_string(),
            line,
            column: column.map(str::to_string),
            message,
            unreadable: false,
        }
    }

    fn whole(&self, message: String) -> ReplayError {
        self.at(None, None, message)
    }

    fn unreadable(&self, error: crate::input::InputError) -> ReplayError {
        ReplayError {
            unreadable: true,
            ..self.whole(error.to_string())
        }
    }

    fn csv(&self, error: CsvError) -> ReplayError {
        match error {
            CsvError::Malformed { line, message } => self.at(Some(line), None, message),
            CsvError::Unreadable(error) => self.unreadable(error),
        }
    }
}

fn next<R: BufRead>(
    reader: &mut Reader<R>,
    row: &mut Row,
    errors: &Errors,
) -> Result<bool, ReplayError> {
    reader.next_row(row).map_err(|e| errors.csv(e))
}

/// Where the columns read are.
#[derive(Debug, Clone, Copy)]
struct Columns {
    count: usize,
    time_end: usize,
    model: usize,
    launched: usize,
    destroyed: Option<usize>,
}

impl Columns {
    fn of(header: &Row, errors: &Errors) -> Result<Columns, ReplayError> {
        let column = |name: &str| {
            header
                .fields()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let required = |name: &str| {
            column(name).ok_or_else(|| {
                errors.at(
                    Some(header.line),
                    None,
                    format!(
                        "no `{name}` column in the header (the daily-attack data has time_end, \
                         model, launched and destroyed)"
                    ),
                )
            })
        };
        Ok(Columns {
            count: header.len(),
            time_end: required("time_end")?,
            model: required("model")?,
            launched: required("launched")?,
            destroyed: column("destroyed"),
        })
    }
}

/// What the first pass learns.
struct Survey {
    columns: Columns,
    /// The first and last night of a counted row (selected, with a launch
    /// count and an end date).
    first: Option<Date>,
    last: Option<Date>,
}

impl Survey {
    /// The nights replayed: the query's, or the selection's first and last.
    fn range(&self, errors: &Errors, query: &Query) -> Result<(Date, Date), ReplayError> {
        let (Some(from), Some(to)) = (query.from.or(self.first), query.to.or(self.last)) else {
            return Err(errors.whole(format!(
                "no dated row of {} to set the range from; give from and to",
                query.selection
            )));
        };
        if from > to {
            return Err(errors.whole(format!("the range ends ({to}) before it starts ({from})")));
        }
        let length = from.days_until(to) + 1;
        if length > i64::from(MAX_HORIZON_NIGHTS) {
            return Err(errors.whole(format!(
                "{from} to {to} is {length} nights; at most {MAX_HORIZON_NIGHTS} are replayed"
            )));
        }
        Ok((from, to))
    }
}

/// The first pass: every record read, every error found in its order.
fn survey<R: BufRead>(
    source: R,
    errors: &Errors,
    query: &Query,
    models: &mut Models,
) -> Result<Survey, ReplayError> {
    let mut reader = Reader::new(source);
    let mut row = Row::default();
    // The first error that is not about the whole input; reading goes on to
    // find any that is.
    let mut first_error: Option<ReplayError> = check_query(query, errors).err();
    let mut columns: Option<Columns> = None;
    let mut survey_first: Option<Date> = None;
    let mut survey_last: Option<Date> = None;
    loop {
        match reader.next_row(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(CsvError::Malformed { line, message }) => {
                reader.check_rest_is_utf8().map_err(|e| errors.csv(e))?;
                return Err(errors.at(Some(line), None, message));
            }
            Err(error) => return Err(errors.csv(error)),
        }
        if first_error.is_some() {
            continue;
        }
        let Some(columns) = columns else {
            match Columns::of(&row, errors) {
                Ok(found) => columns = Some(found),
                Err(error) => first_error = Some(error),
            }
            continue;
        };
        let parsed = match parse(&row, &columns, errors) {
            Ok(parsed) => parsed,
            Err(error) => {
                first_error = Some(error);
                continue;
            }
        };
        models.note_names(&parsed.model);
        if matches!(models.classify(&parsed.model).class, Class::Selected)
            && parsed.launched.is_some()
            && let Some(date) = parsed.date
        {
            survey_first = Some(survey_first.map_or(date, |d| d.min(date)));
            survey_last = Some(survey_last.map_or(date, |d| d.max(date)));
        }
    }
    if let Some(error) = first_error {
        return Err(error);
    }
    let Some(columns) = columns else {
        return Err(errors.whole("the file is empty".into()));
    };
    models.check_named(query, errors)?;
    Ok(Survey {
        columns,
        first: survey_first,
        last: survey_last,
    })
}

/// What needs no file: a category that exists, a range in order.
fn check_query(query: &Query, errors: &Errors) -> Result<(), ReplayError> {
    if let Selection::Category(category) = &query.selection {
        let known = query.catalogue.categories();
        if let Err(unknown) = UnknownName::check(NameKind::Category, category, &known) {
            return Err(errors.whole(unknown.to_string()));
        }
    }
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        return Err(errors.whole(format!("the range ends ({to}) before it starts ({from})")));
    }
    Ok(())
}

/// A data row's cells, read.
struct Parsed {
    line: usize,
    date: Option<Date>,
    model: String,
    launched: Option<u64>,
    destroyed: Option<u64>,
}

impl Parsed {
    fn note(&self, reason: SkipReason) -> RowNote {
        RowNote {
            line: self.line,
            date: self.date,
            model: self.model.clone(),
            launched: self.launched,
            reason: Some(reason),
        }
    }
}

fn parse(row: &Row, columns: &Columns, errors: &Errors) -> Result<Parsed, ReplayError> {
    if row.len() != columns.count {
        return Err(errors.at(
            Some(row.line),
            None,
            format!("{} fields, but the header has {}", row.len(), columns.count),
        ));
    }
    let cell = |i: usize| row.field(i);
    let date = end_date(cell(columns.time_end))
        .map_err(|m| errors.at(Some(row.line), Some("time_end"), m))?;
    let launched = count(cell(columns.launched))
        .map_err(|m| errors.at(Some(row.line), Some("launched"), m))?;
    let destroyed = match columns.destroyed {
        Some(i) => count(cell(i)).map_err(|m| errors.at(Some(row.line), Some("destroyed"), m))?,
        None => None,
    };
    Ok(Parsed {
        line: row.line,
        date,
        model: cell(columns.model).trim().to_string(),
        launched,
        destroyed,
    })
}

/// The second pass, one row: into its night, or into the notes.
fn add(
    record: &mut Record,
    row: &Parsed,
    model: &Classified,
    errors: &Errors,
) -> Result<(), ReplayError> {
    let mut skip = |reason: SkipReason| {
        record.skipped_counts[reason as usize] += 1;
        if record.skipped.len() < MAX_LISTED_ROWS {
            record.skipped.push(row.note(reason));
        }
    };
    let Some(date) = row.date else {
        if model.class != Class::Other {
            skip(SkipReason::NoEndDate);
        }
        return Ok(());
    };
    if date < record.from || date > record.to {
        return Ok(());
    }
    let unselected = match model.class {
        Class::Selected => None,
        Class::Other => return Ok(()),
        Class::NoModel => Some(SkipReason::NoModel),
        Class::Unknown => Some(SkipReason::UnknownModel),
    };
    if let Some(reason) = unselected {
        skip(reason);
        return Ok(());
    }
    let Some(launched) = row.launched else {
        skip(SkipReason::NoLaunchCount);
        return Ok(());
    };
    let added = if model.picked.len() > 1 {
        let mut entry =
            CombinedEntry::new(row.line, date, launched, &model.picked, record.combined);
        if record.combined_entries.len() < MAX_LISTED_ROWS {
            entry.model = Some(row.model.as_str().into());
        }
        let left_out = entry.left_out(record.combined);
        let counted = entry.counted_total();
        record.combined_entries.push(entry);
        if left_out {
            return Ok(());
        }
        counted
    } else {
        launched
    };
    let night = &mut record.nights[record.from.days_until(date) as usize];
    *night += added;
    if *night > MAX_COUNT {
        return Err(errors.at(
            Some(row.line),
            Some("launched"),
            format!("the night of {date} adds up to more than {MAX_COUNT} missiles"),
        ));
    }
    record.rows += 1;
    if let Some(destroyed) = row.destroyed {
        record.destroyed += destroyed;
        record.launched_with_destroyed += launched;
    }
    Ok(())
}

/// How a model cell stands against the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// It names a selected model.
    Selected,
    /// Selecting by category: names no model of it, and some unknown one.
    Unknown,
    NoModel,
    Other,
}

#[derive(Debug, Clone)]
struct Classified {
    class: Class,
    /// For each model the cell names, in order: whether it is selected.
    picked: Vec<bool>,
}

/// Classifies model cells for one query, remembering the answers (a file
/// repeats a few dozen cells many thousand times), and keeps what the check
/// that every listed model is named needs.
struct Models<'q> {
    query: &'q Query,
    /// `models:` of the query, normalised.
    listed: Vec<String>,
    /// Whether some row names each listed model.
    named: Vec<bool>,
    /// Every model name seen, for "did you mean" (at most
    /// [`MAX_REMEMBERED`]).
    seen: BTreeSet<String>,
    remembered: HashMap<String, Classified>,
}

impl<'q> Models<'q> {
    fn new(query: &'q Query) -> Models<'q> {
        let listed: Vec<String> = match &query.selection {
            Selection::Models(models) => models.iter().map(|m| normalise(m)).collect(),
            Selection::Category(_) => Vec::new(),
        };
        Models {
            query,
            named: vec![false; listed.len()],
            listed,
            seen: BTreeSet::new(),
            remembered: HashMap::new(),
        }
    }

    fn classify(&mut self, model: &str) -> Classified {
        if let Some(known) = self.remembered.get(model) {
            return known.clone();
        }
        let classified = classify(
            model,
            &self.query.selection,
            &self.listed,
            &self.query.catalogue,
        );
        if self.remembered.len() < MAX_REMEMBERED {
            self.remembered
                .insert(model.to_string(), classified.clone());
        }
        classified
    }

    /// Notes which listed models a cell names (selecting by models).
    fn note_names(&mut self, model: &str) {
        // Once every listed model is named, no suggestion will be needed.
        if self.named.iter().all(|&n| n) {
            return;
        }
        for part in parts(model) {
            let normalised = normalise(part);
            for (named, listed) in self.named.iter_mut().zip(&self.listed) {
                *named |= shares_alternative(&normalised, listed);
            }
            if self.seen.len() < MAX_REMEMBERED {
                self.seen.insert(part.to_string());
            }
        }
    }

    /// Refuses a listed model that no row names, with a suggestion.
    fn check_named(&self, query: &Query, errors: &Errors) -> Result<(), ReplayError> {
        let Selection::Models(models) = &query.selection else {
            return Ok(());
        };
        for (name, &named) in models.iter().zip(&self.named) {
            if !named {
                let hint = crate::suggest::nearest(name, self.seen.iter().map(String::as_str))
                    .map(|near| format!("; did you mean `{near}`?"))
                    .unwrap_or_default();
                return Err(errors.at(
                    None,
                    Some("model"),
                    format!("no row names the model `{name}`{hint}"),
                ));
            }
        }
        Ok(())
    }
}

fn classify(
    model: &str,
    selection: &Selection,
    listed: &[String],
    catalogue: &Catalogue,
) -> Classified {
    let parts = parts(model);
    if parts.is_empty() {
        return Classified {
            class: Class::NoModel,
            picked: Vec::new(),
        };
    }
    let picked: Vec<Option<bool>> = match selection {
        Selection::Category(category) => parts
            .iter()
            .map(|part| catalogue.category_of(part).map(|c| c == *category))
            .collect(),
        Selection::Models(_) => parts
            .iter()
            .map(|part| {
                let part = normalise(part);
                Some(listed.iter().any(|m| shares_alternative(&part, m)))
            })
            .collect(),
    };
    let class = if picked.contains(&Some(true)) {
        Class::Selected
    } else if picked.contains(&None) {
        Class::Unknown
    } else {
        Class::Other
    };
    Classified {
        class,
        picked: picked.iter().map(|p| *p == Some(true)).collect(),
    }
}

/// The date of a `time_end` cell: `YYYY-MM-DD`, optionally followed by a
/// time `H:MM` or `HH:MM` (seconds optional) after a space or `T`. Empty:
/// `None`.
fn end_date(cell: &str) -> Result<Option<Date>, String> {
    let text = cell.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad =
        || format!("expected a date (YYYY-MM-DD, optionally with a time HH:MM), got `{text}`");
    let (date, time) = match text.get(..10) {
        Some(date) => (date, &text[10..]),
        None => return Err(bad()),
    };
    let date = Date::parse(date).map_err(|e| format!("{e}, got `{text}`"))?;
    if !time.is_empty() {
        let time = time
            .strip_prefix(' ')
            .or_else(|| time.strip_prefix('T'))
            .ok_or_else(bad)?
            .trim();
        let fields: Vec<&str> = time.split(':').collect();
        let number = |s: &str, max: u32, digits: std::ops::RangeInclusive<usize>| {
            digits.contains(&s.len())
                && s.bytes().all(|b| b.is_ascii_digit())
                && s.parse::<u32>().is_ok_and(|n| n <= max)
        };
        let ok = match fields.as_slice() {
            [h, m] => number(h, 24, 1..=2) && number(m, 59, 2..=2),
            [h, m, s] => number(h, 24, 1..=2) && number(m, 59, 2..=2) && number(s, 60, 2..=2),
            _ => false,
        };
        if !ok {
            return Err(bad());
        }
    }
    Ok(Some(date))
}

/// A count cell: a whole number, 0 or more, possibly written `236.0`.
/// Empty or `NaN`: `None`.
fn count(cell: &str) -> Result<Option<u64>, String> {
    let text = cell.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("nan") {
        return Ok(None);
    }
    let value: f64 = text
        .parse()
        .map_err(|_| format!("expected a count (a whole number, 0 or more), got `{text}`"))?;
    if !value.is_finite() || value < 0.0 || value.fract() != 0.0 {
        return Err(format!(
            "expected a count (a whole number, 0 or more), got `{text}`"
        ));
    }
    if value > MAX_COUNT as f64 {
        return Err(format!("{text} is more than {MAX_COUNT}"));
    }
    Ok(Some(value as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_dates_with_and_without_times() {
        let d = |s: &str| end_date(s).map(|d| d.map(|d| d.to_string()));
        assert_eq!(d("2025-05-02"), Ok(Some("2025-05-02".into())));
        assert_eq!(d("2025-05-02 08:00"), Ok(Some("2025-05-02".into())));
        assert_eq!(d(" 2025-05-02 8:30 "), Ok(Some("2025-05-02".into())));
        assert_eq!(d("2025-05-02T08:00:00"), Ok(Some("2025-05-02".into())));
        assert_eq!(d(""), Ok(None));
        assert!(d("02/05/2025").is_err());
        assert!(d("2025-05-02 25:00").is_err());
        assert!(d("2025-05-02 morning").is_err());
        assert!(d("2025-02-30").is_err());
    }

    #[test]
    fn counts() {
        assert_eq!(count("236.0"), Ok(Some(236)));
        assert_eq!(count(" 7 "), Ok(Some(7)));
        assert_eq!(count("NaN"), Ok(None));
        assert_eq!(count(""), Ok(None));
        assert!(count("-1").is_err());
        assert!(count("2.5").is_err());
        assert!(count("many").is_err());
        assert!(count("inf").is_err());
    }
}
