//! The `magdepth` binary: parse the command line, run the command, print
//! its error (once) and exit with its code.

mod app;
mod cli;
mod interrupt;
mod progress;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    interrupt::install();
    let cli = cli::Cli::parse();
    match app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let text = error.to_string();
            if !text.is_empty() {
                let _ = writeln!(std::io::stderr(), "{text}");
            }
            ExitCode::from(error.code())
        }
    }
}
