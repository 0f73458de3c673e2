//! The records a source has read from CSV files, by file and query, so that
//! each is read once however many times the scenario is compiled (every
//! point of a sweep, solve or sensitivity table compiles it again).

use crate::replay::{self, Query, Record, ReplayError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

#[derive(Debug, Default)]
pub(crate) struct Records {
    /// In the order first read. A failure is kept too, so that a missing
    /// file is not looked for again at every point.
    read: Mutex<Vec<Entry>>,
}

#[derive(Debug)]
struct Entry {
    file: PathBuf,
    query: Query,
    record: Result<Arc<Record>, ReplayError>,
}

impl Records {
    /// The record of `query` in `file`, read now if it has not been.
    pub(crate) fn get(&self, file: &Path, query: &Query) -> Result<Arc<Record>, ReplayError> {
        // Held while reading: points compiled in parallel wait for the one
        // read rather than each reading the file.
        let mut read = self.read.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(entry) = read.iter().find(|e| e.file == file && e.query == *query) {
            return entry.record.clone();
        }
        let record = replay::load_record(file, query).map(Arc::new);
        read.push(Entry {
            file: file.to_path_buf(),
            query: query.clone(),
            record: record.clone(),
        });
        record
    }

    /// Every record read, in the order first read.
    pub(crate) fn all(&self) -> Vec<Arc<Record>> {
        let read = self.read.lock().unwrap_or_else(PoisonError::into_inner);
        read.iter()
            .filter_map(|entry| entry.record.clone().ok())
            .collect()
    }
}
