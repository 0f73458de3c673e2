//! `SIGINT` and `SIGTERM`: any output file still being written is removed
//! (the library keeps the list), one line says so on stderr, and the
//! process exits with the conventional code, 128 + the signal (130, 143).
//!
//! signal-hook rather than ctrlc: its handler thread is told which signal
//! came, which the exit code needs, and it catches `SIGTERM` without extra
//! features. The handler itself only wakes that thread (a self-pipe); the
//! files are removed there, outside the signal context, where taking a lock
//! is safe.

use signal_hook::consts::{SIGINT, SIGTERM};
use std::io::{IsTerminal, Write};

/// Starts the thread that waits for the signals. Without it (if the
/// handler cannot be installed) the signals keep their default action.
pub fn install() {
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let cut_short = magdepth::output::abandon_writes();
            let name = if signal == SIGINT {
                "SIGINT"
            } else {
                "SIGTERM"
            };
            let what = match cut_short.as_slice() {
                [] => String::new(),
                files => {
                    let names: Vec<String> =
                        files.iter().map(|f| f.display().to_string()).collect();
                    format!("; {} not written", names.join(", "))
                }
            };
            // On a terminal the line starts after the `^C` echo (or a
            // progress bar); in a log it is a line of its own.
            let start = if std::io::stderr().is_terminal() {
                "\n"
            } else {
                ""
            };
            let _ = writeln!(
                std::io::stderr(),
                "{start}magdepth: interrupted by {name}{what}"
            );
            std::process::exit(128 + signal);
        }
    });
}
