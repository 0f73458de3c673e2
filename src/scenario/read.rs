//! Reading a scenario file (or standard input) whole, within a size limit.

use crate::error::LoadError;
use std::path::Path;

/// Largest scenario file read, in bytes. Real scenarios are a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A scenario file's text, with its name as given and its stem (the
/// default scenario name).
pub(crate) struct Text {
    pub file: String,
    pub text: String,
    pub stem: String,
}

/// How standard input is named wherever a file's name is shown.
pub const STDIN_NAME: &str = "<stdin>";

/// The text of the scenario file at `path` (`-`: standard input): a regular
/// file (not a directory, a FIFO or a device), read through the size limit
/// of [`MAX_FILE_BYTES`] (at most one byte more is ever read, whatever the
/// file claims its size is), and UTF-8.
pub(crate) fn read_text(path: &Path) -> Result<Text, LoadError> {
    let file = path.display().to_string();
    if path == Path::new("-") {
        let text = crate::input::read_stdin(MAX_FILE_BYTES)
            .map_err(|e| LoadError::unreadable(STDIN_NAME.to_string(), e.to_string()))?;
        return Ok(Text {
            file: STDIN_NAME.to_string(),
            text,
            stem: "stdin".to_string(),
        });
    }
    let text = crate::input::read_to_string(path, MAX_FILE_BYTES)
        .map_err(|e| LoadError::unreadable(file.clone(), e.to_string()))?;
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    Ok(Text { file, text, stem })
}
