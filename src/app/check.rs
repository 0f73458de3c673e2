//! `magdepth check`: whether each file loads, without running it.

use super::context::Context;
use super::error::{AppError, load_error_text};
use super::scenarios::{self, shown};
use crate::cli::CheckArgs;
use magdepth::report::{CheckResult, CheckStatus, Format};
use magdepth::scenario::load_file;
use std::path::PathBuf;

pub struct Settings {
    paths: Vec<PathBuf>,
    format: Format,
}

impl Settings {
    pub fn from_args(args: CheckArgs) -> Result<Settings, AppError> {
        scenarios::refuse_stdin_twice(&args.paths)?;
        Ok(Settings {
            paths: args.paths,
            format: args.output.format.into(),
        })
    }

    pub fn execute(self, ctx: &Context) -> Result<(), AppError> {
        // A directory stands for its scenario files, as for compare.
        let files = scenarios::expand_dirs(&self.paths).map_err(AppError::NoInput)?;
        let mut results = Vec::new();
        let mut errors = Vec::new();
        for path in &files {
            let file = shown(path);
            match load_file(path) {
                Ok(scenario) => results.push(CheckResult {
                    file,
                    name: Some(scenario.name),
                    status: CheckStatus::Ok,
                    errors: Vec::new(),
                }),
                Err(error) => {
                    results.push(CheckResult {
                        file,
                        name: None,
                        status: if error.is_unreadable() {
                            CheckStatus::Unreadable
                        } else {
                            CheckStatus::Invalid
                        },
                        errors: load_error_text(&error, false)
                            .lines()
                            .map(str::to_string)
                            .collect(),
                    });
                    errors.push(error);
                }
            }
        }
        ctx.emit(&ctx.exporter(self.format).check(&results))?;
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::load(errors, "the others are valid"))
        }
    }
}
