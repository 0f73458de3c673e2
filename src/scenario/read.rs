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

/// The text of the scenario file at `path` (`-`: standard input), checked
/// to exist, be a file, be no larger than [`MAX_FILE_BYTES`] and be UTF-8.
pub(crate) fn read_text(path: &Path) -> Result<Text, LoadError> {
    let file = path.display().to_string();
    let unreadable = |reason: String| LoadError::unreadable(file.clone(), reason);
    if path == Path::new("-") {
        // A scenario piped in: read at most one byte past the limit.
        use std::io::Read;
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(io_reason(&e)))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(unreadable(format!(
                "standard input holds more than {MAX_FILE_BYTES} bytes"
            )));
        }
        let text =
            String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".into()))?;
        return Ok(Text {
            file: "<stdin>".to_string(),
            text,
            stem: "stdin".to_string(),
        });
    }
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(io_reason(&e)))?;
    if metadata.is_dir() {
        return Err(unreadable("it is a directory".to_string()));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(unreadable(format!(
            "it is {} bytes; scenario files may be at most {MAX_FILE_BYTES} bytes",
            metadata.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(io_reason(&e)))?;
    let text = String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".into()))?;
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    Ok(Text { file, text, stem })
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}
