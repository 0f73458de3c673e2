//! `magdepth completions`, `man` and `schema`: text generated from the
//! command-line definition and the scenario format.

use super::context::Context;
use super::error::AppError;
use clap::CommandFactory;

pub fn completions(ctx: &Context, shell: clap_complete::Shell) -> Result<(), AppError> {
    let mut text = Vec::new();
    let mut command = crate::cli::Cli::command();
    clap_complete::generate(shell, &mut command, "magdepth", &mut text);
    ctx.emit(&String::from_utf8_lossy(&text))
}

pub fn man(ctx: &Context) -> Result<(), AppError> {
    let mut text = Vec::new();
    clap_mangen::Man::new(crate::cli::Cli::command())
        .render(&mut text)
        .map_err(|e| AppError::Failure(format!("cannot render the manual: {e}")))?;
    ctx.emit(&String::from_utf8_lossy(&text))
}

pub fn schema(ctx: &Context) -> Result<(), AppError> {
    ctx.emit(&magdepth::scenario::raw::scenario_schema())
}
