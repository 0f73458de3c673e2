//! Writing output files safely: never over an existing file unless asked,
//! and never half-written (a temporary file in the same folder, then a
//! rename, which is atomic on one file system).

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output file was not written.
#[derive(Debug)]
pub enum OutputError {
    /// The file exists and `--force` was not given.
    Exists(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Exists(path) => write!(
                f,
                "{} already exists; pass --force to replace it",
                path.display()
            ),
            OutputError::Io(path, e) => write!(f, "cannot write {}: {e}", path.display()),
        }
    }
}

impl std::error::Error for OutputError {}

/// Writes `contents` to `path` atomically. An existing file is replaced only
/// with `force`; on any failure the temporary file is removed and `path` is
/// untouched.
pub fn write_atomic(path: &Path, contents: &[u8], force: bool) -> Result<(), OutputError> {
    let io = |e: std::io::Error| OutputError::Io(path.to_path_buf(), e);
    if !force && path.exists() {
        return Err(OutputError::Exists(path.to_path_buf()));
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        if !force && path.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "created by someone else meanwhile",
            ));
        }
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists if path.exists() => {
            OutputError::Exists(path.to_path_buf())
        }
        _ => io(e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("magdepth-output-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_and_refuses_to_overwrite_without_force() {
        let dir = scratch("overwrite");
        let path = dir.join("out.txt");
        write_atomic(&path, b"first", false).unwrap();
        assert!(matches!(
            write_atomic(&path, b"second", false),
            Err(OutputError::Exists(_))
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_atomic(&path, b"second", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = scratch("missing");
        let path = dir.join("no-such-folder").join("out.txt");
        assert!(matches!(
            write_atomic(&path, b"x", false),
            Err(OutputError::Io(..))
        ));
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    }
}
