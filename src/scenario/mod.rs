//! Scenario files: the YAML format, its limits, and the one road from a
//! file to a validated [`crate::model::Scenario`] ([`Source`]).

pub mod document;
pub mod figure;
pub mod format;
pub mod locate;
pub mod raw;
mod read;
mod records;
mod schema;
mod source;
mod validate;
mod yaml;

/// The documented limits, by their old path (they are the replay's too).
pub use crate::limits;
pub use read::{MAX_FILE_BYTES, STDIN_NAME};
pub use source::{CompileError, Source};
pub use validate::{SHORT_FORM_INTERCEPTOR, SHORT_FORM_THREAT};
pub use yaml::{ValueError, bounded_value};

use crate::error::LoadError;
use crate::model::Scenario;
use std::path::Path;

/// Reads and validates the scenario file at `path` (and any files it
/// extends): [`Source::load`], then [`Source::scenario`].
pub fn load_file(path: &Path) -> Result<Scenario, LoadError> {
    Source::load(path)?.scenario()
}

/// Parses and validates scenario text, by the same road as a file. `file`
/// names it in errors; `default_name` names the scenario when it has no
/// `name:`; `extends` is resolved from the current directory.
pub fn parse_scenario(text: &str, file: &str, default_name: &str) -> Result<Scenario, LoadError> {
    Source::from_text(text, file, default_name, Path::new("."))?.scenario()
}
