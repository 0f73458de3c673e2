//! The commands: each turns its flags into settings (`Settings::from_args`,
//! where usage errors are found before any file is read), then does its work
//! with what every command shares ([`Context`]). Every failure comes back
//! as one [`AppError`], which `main` prints once.

mod analysis;
mod check;
mod compare;
mod context;
pub mod error;
mod explain;
mod fit;
mod new;
mod print;
mod report;
mod run;
mod scenarios;
mod sensitivity;
mod solve;
mod sweep;

use crate::cli::{Cli, Command};
use context::Context;
pub use error::AppError;

pub fn run(cli: Cli) -> Result<(), AppError> {
    let ctx = Context::new();
    match cli.command {
        Command::Run(args) => run::Settings::from_args(args)?.execute(&ctx),
        Command::Compare(args) => compare::Settings::from_args(args)?.execute(&ctx),
        Command::Check(args) => check::Settings::from_args(args)?.execute(&ctx),
        Command::New(args) => new::Settings::from_args(args)?.execute(&ctx),
        Command::Explain(args) => explain::Settings::from_args(args)?.execute(&ctx),
        Command::Completions(args) => print::completions(&ctx, args.shell),
        Command::Man => print::man(&ctx),
        Command::Schema => print::schema(&ctx),
        Command::Sweep(args) => sweep::Settings::from_args(args)?.execute(&ctx),
        Command::Solve(args) => solve::Settings::from_args(args)?.execute(&ctx),
        Command::Sensitivity(args) => sensitivity::Settings::from_args(args)?.execute(&ctx),
        Command::Report(args) => report::Settings::from_args(args)?.execute(&ctx),
        Command::Fit(args) => fit::Settings::from_args(args)?.execute(&ctx),
    }
}
