//! The `magdepth` binary: parse the command line, run the command, print
//! its error (once) and exit with its code.

mod app;
mod cli;
mod interrupt;
mod progress;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ColorChoice, CommandFactory, FromArgMatches};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    interrupt::install();
    let colour = colour(std::io::stderr().is_terminal(), |name| {
        std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
    });
    let command = cli::Cli::command().color(if colour {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    });
    let cli = match command
        .try_get_matches()
        .and_then(|matches| cli::Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(error) => helpful(error).exit(),
    };
    match app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let text = error.render(colour);
            if !text.is_empty() {
                let _ = writeln!(std::io::stderr(), "{text}");
            }
            ExitCode::from(error.code())
        }
    }
}

/// Whether errors on standard error are coloured, clap's and magdepth's
/// alike: on a terminal, unless `NO_COLOR` is set (and not empty) or `TERM`
/// is `dumb`; anywhere with `CLICOLOR_FORCE` set (and not `0`), as clap
/// does. `env` reads a variable.
fn colour(terminal: bool, env: impl Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    if set("NO_COLOR") {
        return false;
    }
    if env("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    terminal && env("TERM").is_none_or(|t| t != "dumb")
}

/// clap's error with magdepth's tips: a mode written as a flag
/// (`--monte-carlo`) suggests `--mode monte-carlo`, not `-- --monte-carlo`;
/// a misspelt command suggests the nearest (clap's own tip misses short
/// ones such as `rn`).
fn helpful(mut error: clap::Error) -> clap::Error {
    match error.kind() {
        ErrorKind::UnknownArgument => {
            let Some(ContextValue::String(arg)) = error.get(ContextKind::InvalidArg) else {
                return error;
            };
            // The mode's own name, for an alias too (`--expected`).
            let mode = arg.strip_prefix("--").and_then(|name| {
                let mode = <cli::ModeArg as clap::ValueEnum>::from_str(name, false).ok()?;
                let value = clap::ValueEnum::to_possible_value(&mode)?;
                Some(value.get_name().to_string())
            });
            if let Some(mode) = mode {
                error.remove(ContextKind::Suggested);
                error.insert(
                    ContextKind::SuggestedArg,
                    ContextValue::String(format!("--mode {mode}")),
                );
            }
        }
        ErrorKind::InvalidSubcommand => {
            let Some(ContextValue::String(given)) = error.get(ContextKind::InvalidSubcommand)
            else {
                return error;
            };
            let has_tip = matches!(
                error.get(ContextKind::SuggestedSubcommand),
                Some(ContextValue::Strings(tips)) if !tips.is_empty()
            );
            let command = cli::Cli::command();
            let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
            let near = magdepth::suggest::nearest(given, names.iter().copied());
            if let (false, Some(near)) = (has_tip, near) {
                let near = near.to_string();
                error.insert(
                    ContextKind::SuggestedSubcommand,
                    ContextValue::Strings(vec![near]),
                );
            }
        }
        _ => {}
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn colour_follows_the_terminal_and_the_conventions() {
        assert!(colour(true, env(&[])));
        assert!(!colour(false, env(&[])));
        assert!(!colour(true, env(&[("NO_COLOR", "1")])));
        // An empty NO_COLOR does not count.
        assert!(colour(true, env(&[("NO_COLOR", "")])));
        assert!(!colour(true, env(&[("TERM", "dumb")])));
        assert!(colour(false, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(!colour(false, env(&[("CLICOLOR_FORCE", "0")])));
        assert!(!colour(
            false,
            env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])
        ));
    }
}
