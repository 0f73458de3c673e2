//! Writing output files safely. A file is written whole or not at all: to a
//! temporary file next to it, with a random name and created exclusively
//! (`O_EXCL`, so two writers never share one, nor remove each other's),
//! then renamed into place, which is atomic on one file system. The
//! temporary is named `.NAME.magdepth-XXXXXX.tmp`, so that one a `SIGKILL`
//! leaves behind is easy to find and harmless.
//!
//! What may be replaced: nothing without `force`; with it, only a regular
//! file that has one name (a rename would leave a hard link's other names
//! with the old contents), and never one of the command's own inputs. The
//! replaced file's permissions are kept, and its owner and group when
//! running as root.
//!
//! The temporaries in flight are kept in a registry, so that the binary's
//! `SIGINT` and `SIGTERM` handler can remove them ([`abandon_writes`]).

use crate::input::{FileId, special_kind};
use std::fmt;
use std::fs::Metadata;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Why an output file was not written.
#[derive(Debug)]
pub enum OutputError {
    /// The file exists and `force` was not given.
    Exists(PathBuf),
    /// The file is one of the command's own inputs.
    Input(PathBuf),
    /// Not a regular file: what it is (a symbolic link, a FIFO, ...).
    NotRegular(PathBuf, &'static str),
    /// A regular file with this many names (hard links).
    HardLinked(PathBuf, u64),
    /// A signal came while the file was being written; nothing was.
    Interrupted(PathBuf),
    Io(PathBuf, io::Error),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Exists(path) => write!(f, "{} already exists", path.display()),
            OutputError::Input(path) => write!(
                f,
                "{} is one of this command's input files; it is never written over",
                path.display()
            ),
            OutputError::NotRegular(path, what) => write!(
                f,
                "{} is {what}; only a regular file is ever replaced (write to another name, or \
                 to - for standard output)",
                path.display()
            ),
            OutputError::HardLinked(path, links) => write!(
                f,
                "{} has {links} names (hard links); replacing it would leave the others with \
                 the old contents, so it is not replaced (write to another name)",
                path.display()
            ),
            OutputError::Interrupted(path) => {
                write!(f, "{} was not written: interrupted", path.display())
            }
            OutputError::Io(path, e) => write!(f, "cannot write {}: {e}", path.display()),
        }
    }
}

impl std::error::Error for OutputError {}

/// Checks, before any work is done, that `path` may be written: it does
/// not exist, or `force` is given and it is a regular file with one name
/// that is none of `inputs`. [`write_atomic`] checks again.
pub fn check_target(path: &Path, force: bool, inputs: &[PathBuf]) -> Result<(), OutputError> {
    let existing = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(OutputError::Io(path.to_path_buf(), e)),
    };
    let kind = existing.file_type();
    let id = FileId::from_metadata(&existing);
    if id.is_some() && inputs.iter().any(|input| FileId::of(input) == id) {
        return Err(OutputError::Input(path.to_path_buf()));
    }
    if kind.is_symlink() {
        return Err(OutputError::NotRegular(
            path.to_path_buf(),
            "a symbolic link",
        ));
    }
    if kind.is_dir() {
        return Err(OutputError::NotRegular(path.to_path_buf(), "a directory"));
    }
    if !kind.is_file() {
        return Err(OutputError::NotRegular(
            path.to_path_buf(),
            special_kind(&kind),
        ));
    }
    if !force {
        return Err(OutputError::Exists(path.to_path_buf()));
    }
    match links(&existing) {
        links if links > 1 => Err(OutputError::HardLinked(path.to_path_buf(), links)),
        _ => Ok(()),
    }
}

/// Writes `contents` to `path` whole or not at all, by the rules of
/// [`check_target`]. On any failure `path` is untouched and the temporary
/// file is gone.
pub fn write_atomic(
    path: &Path,
    contents: &[u8],
    force: bool,
    inputs: &[PathBuf],
) -> Result<(), OutputError> {
    let io_error = |e: io::Error| OutputError::Io(path.to_path_buf(), e);
    check_target(path, force, inputs)?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = {
        let mut writes = registry();
        if writes.abandoned {
            return Err(OutputError::Interrupted(path.to_path_buf()));
        }
        let temporary = temporary_in(folder, path).map_err(io_error)?;
        writes
            .in_flight
            .push((temporary.path().to_path_buf(), path.to_path_buf()));
        temporary
    };
    let written = (|| {
        temporary.write_all(contents)?;
        if force
            && let Ok(replaced) = std::fs::symlink_metadata(path)
            && replaced.is_file()
        {
            keep_owner_and_permissions(temporary.as_file(), &replaced)?;
        }
        temporary.as_file().sync_all()
    })();
    // Renamed (or not) while holding the registry, so that a signal's
    // handler finds the temporary either in flight or gone.
    let mut writes = registry();
    writes.in_flight.retain(|(t, _)| t != temporary.path());
    if writes.abandoned {
        // The handler removed it; a file of that name now is someone else's.
        let _ = temporary.into_temp_path().keep();
        return Err(OutputError::Interrupted(path.to_path_buf()));
    }
    written.map_err(io_error)?;
    check_target(path, force, inputs)?;
    let persisted = if force {
        temporary.persist(path).map(drop)
    } else {
        temporary.persist_noclobber(path).map(drop)
    };
    persisted.map_err(|e| match e.error.kind() {
        io::ErrorKind::AlreadyExists => OutputError::Exists(path.to_path_buf()),
        _ => io_error(e.error),
    })
}

/// Removes every temporary file being written, and keeps any more from
/// being made or renamed into place: for a `SIGINT` or `SIGTERM` handler,
/// before it exits. Returns the files whose writing was cut short.
pub fn abandon_writes() -> Vec<PathBuf> {
    let mut writes = registry();
    writes.abandoned = true;
    writes
        .in_flight
        .drain(..)
        .map(|(temporary, target)| {
            let _ = std::fs::remove_file(&temporary);
            target
        })
        .collect()
}

/// The temporary files being written, with their targets.
struct Writes {
    abandoned: bool,
    in_flight: Vec<(PathBuf, PathBuf)>,
}

static WRITES: Mutex<Writes> = Mutex::new(Writes {
    abandoned: false,
    in_flight: Vec::new(),
});

fn registry() -> MutexGuard<'static, Writes> {
    // A panic elsewhere while holding it leaves the list itself sound.
    WRITES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `.NAME.magdepth-XXXXXX.tmp` in `folder`, created exclusively with a
/// random name (tempfile tries again on a collision), readable as a file
/// created the usual way would be (0666 less the umask).
fn temporary_in(folder: &Path, target: &Path) -> io::Result<tempfile::NamedTempFile> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    // Room for the 21 bytes added within the usual 255-byte name limit.
    let mut end = name.len().min(200);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let prefix = format!(".{}.magdepth-", &name[..end]);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp").rand_bytes(6);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder)
}

/// Gives the new file the replaced one's permissions, and (as root) its
/// owner and group, before it takes its place.
#[cfg(unix)]
fn keep_owner_and_permissions(file: &std::fs::File, replaced: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let ours = file.metadata()?;
    // Only root may give a file away; anyone else's new file is theirs.
    if ours.uid() == 0 && (ours.uid(), ours.gid()) != (replaced.uid(), replaced.gid()) {
        std::os::unix::fs::fchown(file, Some(replaced.uid()), Some(replaced.gid()))?;
    }
    // After the owner: changing it clears set-user-ID bits.
    file.set_permissions(std::fs::Permissions::from_mode(replaced.mode() & 0o7777))
}

#[cfg(not(unix))]
fn keep_owner_and_permissions(file: &std::fs::File, replaced: &Metadata) -> io::Result<()> {
    file.set_permissions(replaced.permissions())
}

#[cfg(unix)]
fn links(metadata: &Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    metadata.nlink()
}

#[cfg(not(unix))]
fn links(_: &Metadata) -> u64 {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, b"first", false, &[]).unwrap();
        assert!(matches!(
            write_atomic(&path, b"second", false, &[]),
            Err(OutputError::Exists(_))
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_atomic(&path, b"second", true, &[]).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-folder").join("out.txt");
        assert!(matches!(
            write_atomic(&path, b"x", false, &[]),
            Err(OutputError::Io(..))
        ));
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn temporary_names_fit_a_long_target_name() {
        // 250 bytes of name, 2-byte characters: cut at a character boundary
        // to 200 bytes, so the temporary's name stays within 255.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("é".repeat(125));
        write_atomic(&path, b"x", false, &[]).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"x");
    }
}
