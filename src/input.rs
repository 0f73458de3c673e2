//! Reading input files with a bound: only regular files (standard input
//! where a command takes `-`), and never more than a stated number of bytes,
//! whatever the file's size claims to be. `/dev/zero` has size 0 and no end,
//! and a FIFO blocks an `open` until someone writes to it, so neither is
//! opened for reading at all.

use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// Why an input could not be read. Each is a reason to show after the
/// file's name ("cannot read X: no such file").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    NotFound,
    PermissionDenied,
    Directory,
    /// Not a regular file: what it is instead (`a FIFO`, `a character
    /// device`, ...).
    NotRegular(&'static str),
    /// More than `limit` bytes; `size` when the file's metadata said so
    /// before reading.
    TooLarge {
        limit: u64,
        size: Option<u64>,
    },
    NotUtf8,
    /// Any other failure of the operating system, in its words.
    Io(String),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotFound => write!(f, "no such file"),
            InputError::PermissionDenied => write!(f, "permission denied"),
            InputError::Directory => write!(f, "it is a directory"),
            InputError::NotRegular(what) => write!(f, "it is {what}, not a regular file"),
            InputError::TooLarge {
                limit,
                size: Some(size),
            } => write!(f, "it is {size} bytes; at most {limit} are read"),
            InputError::TooLarge { limit, size: None } => {
                write!(
                    f,
                    "it holds more than {limit} bytes; at most {limit} are read"
                )
            }
            InputError::NotUtf8 => write!(f, "it is not UTF-8 text"),
            InputError::Io(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for InputError {}

impl InputError {
    /// The reason an I/O operation on an input failed, including the
    /// [`Limited`] reader's "more than the limit".
    pub fn from_io(error: &io::Error) -> InputError {
        if let Some(Exceeded(limit)) = error.get_ref().and_then(|e| e.downcast_ref::<Exceeded>()) {
            return InputError::TooLarge {
                limit: *limit,
                size: None,
            };
        }
        match error.kind() {
            io::ErrorKind::NotFound => InputError::NotFound,
            io::ErrorKind::PermissionDenied => InputError::PermissionDenied,
            io::ErrorKind::IsADirectory => InputError::Directory,
            _ => InputError::Io(error.to_string()),
        }
    }
}

/// The payload of the I/O error a [`Limited`] reader returns past its limit.
#[derive(Debug)]
struct Exceeded(u64);

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "more than {} bytes", self.0)
    }
}

impl std::error::Error for Exceeded {}

/// A reader that yields at most `limit` bytes and fails on the byte after:
/// it asks the source for at most `limit + 1` bytes in all, so an endless
/// source costs no more than that.
#[derive(Debug)]
pub struct Limited<R> {
    inner: R,
    limit: u64,
    /// Bytes read from the start (or from where [`Seek`] put us).
    position: u64,
}

impl<R> Limited<R> {
    pub fn new(inner: R, limit: u64) -> Limited<R> {
        Limited {
            inner,
            limit,
            position: 0,
        }
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let room = (self.limit + 1).saturating_sub(self.position);
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.position += n as u64;
        if self.position > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                Exceeded(self.limit),
            ));
        }
        Ok(n)
    }
}

impl<R: Seek> Seek for Limited<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.position = self.inner.seek(to)?;
        Ok(self.position)
    }
}

/// Which file a path names: its device and inode, so that two names of one
/// file (a relative and an absolute path, a symbolic link) compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId {
    device: u64,
    inode: u64,
}

impl FileId {
    /// The file `path` names (following symbolic links), if it exists.
    pub fn of(path: &Path) -> Option<FileId> {
        std::fs::metadata(path)
            .ok()
            .and_then(|m| FileId::from_metadata(&m))
    }

    #[cfg(unix)]
    pub fn from_metadata(metadata: &std::fs::Metadata) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        Some(FileId {
            device: metadata.dev(),
            inode: metadata.ino(),
        })
    }

    #[cfg(not(unix))]
    pub fn from_metadata(_: &std::fs::Metadata) -> Option<FileId> {
        None
    }
}

/// An input file opened for reading, at most its limit.
#[derive(Debug)]
pub struct InputFile {
    reader: Limited<File>,
    id: Option<FileId>,
}

impl InputFile {
    /// Which file it is.
    pub fn id(&self) -> Option<FileId> {
        self.id
    }
}

impl Read for InputFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reader.read(buf)
    }
}

impl Seek for InputFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.reader.seek(to)
    }
}

/// Opens `path` to read at most `limit` bytes. Refuses what is not a
/// regular file (a directory, a FIFO, a device, a socket) before opening it,
/// and again after (in case it was swapped meanwhile); a file whose size is
/// already over the limit is refused without reading.
pub fn open(path: &Path, limit: u64) -> Result<InputFile, InputError> {
    let metadata = std::fs::metadata(path).map_err(|e| InputError::from_io(&e))?;
    check_regular(&metadata, limit)?;
    let file = open_without_blocking(path).map_err(|e| InputError::from_io(&e))?;
    let metadata = file.metadata().map_err(|e| InputError::from_io(&e))?;
    check_regular(&metadata, limit)?;
    Ok(InputFile {
        reader: Limited::new(file, limit),
        id: FileId::from_metadata(&metadata),
    })
}

/// Reads the whole of `path`, at most `limit` bytes, as UTF-8 text.
pub fn read_to_string(path: &Path, limit: u64) -> Result<String, InputError> {
    let mut file = open(path, limit)?;
    read_text(&mut file)
}

/// Reads standard input whole, at most `limit` bytes, as UTF-8 text.
pub fn read_stdin(limit: u64) -> Result<String, InputError> {
    read_text(&mut Limited::new(io::stdin().lock(), limit))
}

fn read_text(reader: &mut impl Read) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::from_io(&e))?;
    String::from_utf8(bytes).map_err(|_| InputError::NotUtf8)
}

fn check_regular(metadata: &std::fs::Metadata, limit: u64) -> Result<(), InputError> {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return Err(InputError::Directory);
    }
    if !kind.is_file() {
        return Err(InputError::NotRegular(special_kind(&kind)));
    }
    if metadata.len() > limit {
        return Err(InputError::TooLarge {
            limit,
            size: Some(metadata.len()),
        });
    }
    Ok(())
}

/// What a file that is neither a regular file nor a directory is, in words.
pub fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_symlink() {
        return "a symbolic link";
    }
    "a special file"
}

/// Opens for reading without waiting: a FIFO swapped in after the check
/// would otherwise block the open until a writer came.
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limited_reader_stops_one_byte_past_the_limit() {
        // An endless source: the reader asks for at most limit + 1 = 11
        // bytes in all, then fails.
        let mut reader = Limited::new(io::repeat(b'x'), 10);
        let mut buf = [0u8; 4];
        let mut total = 0;
        let error = loop {
            match reader.read(&mut buf) {
                Ok(n) => total += n,
                Err(e) => break e,
            }
        };
        assert_eq!(total, 8, "two full reads of 4, then the third crosses 10");
        assert_eq!(reader.position, 11);
        assert_eq!(
            InputError::from_io(&error),
            InputError::TooLarge {
                limit: 10,
                size: None
            }
        );
    }

    #[test]
    fn exactly_the_limit_is_read_whole() {
        let mut text = String::new();
        Limited::new(&b"0123456789"[..], 10)
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "0123456789");
        let mut long = String::new();
        assert!(
            Limited::new(&b"0123456789!"[..], 10)
                .read_to_string(&mut long)
                .is_err()
        );
    }
}
