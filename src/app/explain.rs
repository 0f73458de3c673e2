//! `magdepth explain`: the resolved scenario, then its key nights in words
//! (expected values).

use super::context::Context;
use super::error::AppError;
use super::scenarios::{self, NOTHING_RUN};
use crate::cli::ExplainArgs;
use magdepth::overrides::KeyPath;
use magdepth::sim::{Method, simulate};
use std::path::PathBuf;

pub struct Settings {
    file: PathBuf,
    set: Vec<(KeyPath, serde_yaml::Value)>,
}

impl Settings {
    pub fn from_args(args: ExplainArgs) -> Result<Settings, AppError> {
        Ok(Settings {
            file: args.file,
            set: args.set,
        })
    }

    pub fn execute(self, ctx: &Context) -> Result<(), AppError> {
        let source = scenarios::open_one(&self.file, &self.set)?;
        let scenario = source
            .scenario()
            .map_err(|e| AppError::load(vec![e], NOTHING_RUN))?;
        let simulation = simulate(&scenario, Method::Expected, &|_| {});
        ctx.emit(&magdepth::explain::explain(&scenario, &simulation))
    }
}
