//! The `magdepth` binary: parse the command line, run the command, exit.

mod cli;
mod commands;
mod interrupt;
mod progress;

use clap::Parser;

fn main() -> std::process::ExitCode {
    interrupt::install();
    let cli = cli::Cli::parse();
    std::process::ExitCode::from(commands::execute(cli.command))
}
