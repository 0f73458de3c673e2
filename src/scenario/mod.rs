//! Scenario files: the YAML format, its limits, and validation into
//! [`crate::model::Scenario`].

pub mod document;
pub mod limits;
mod load;
pub mod locate;
pub mod raw;
mod validate;

pub use load::{MAX_FILE_BYTES, load_file, parse_scenario, scenario_from_value};
pub use validate::{SHORT_FORM_INTERCEPTOR, SHORT_FORM_THREAT};
