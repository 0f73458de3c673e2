//! Writing output files (issue 13, §2): whole or not at all, never over
//! what `--force` should not replace, never leaving a temporary behind.
//! One test per defect, each in a folder of its own.

use magdepth::output::{OutputError, write_atomic};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_magdepth");

/// The names in `dir` that look like magdepth's temporaries.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".magdepth-") && name.ends_with(".tmp"))
        .collect()
}

fn scenario(dir: &Path, name: &str, horizon: u32) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "name: Long horizon\nhorizon_nights: {horizon}\nstockpile: 1000000000\n\
             interceptors_per_kill: 1\nmissiles_per_night: [3, 0, 5, 1, 7]\n"
        ),
    )
    .unwrap();
    path
}

/// Writing over `path`, even with --force, is refused: it is `what`, not a
/// regular file.
fn refused_as(path: &Path, what: &str) {
    let error = write_atomic(path, b"<html>", true, &[]).unwrap_err();
    assert!(
        matches!(error, OutputError::NotRegular(_, kind) if kind == what),
        "{error}"
    );
}

#[test]
fn a_fifo_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.html");
    let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    refused_as(&fifo, "a FIFO");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn a_symbolic_link_is_not_replaced_nor_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.html");
    std::fs::write(&target, "real").unwrap();
    let link = dir.path().join("out.html");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    refused_as(&link, "a symbolic link");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "real");
    // A link to nothing is a link all the same.
    let dangling = dir.path().join("dangling.html");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
    assert!(matches!(
        write_atomic(&dangling, b"x", false, &[]),
        Err(OutputError::NotRegular(_, "a symbolic link"))
    ));
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn a_character_device_is_not_replaced() {
    // Through the binary, as a user would: `-o /dev/null --force`.
    let dir = tempfile::tempdir().unwrap();
    let input = scenario(dir.path(), "s.yaml", 5);
    let out = Command::new(BIN)
        .args([
            "report",
            input.to_str().unwrap(),
            "-o",
            "/dev/null",
            "--force",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: /dev/null is a character device; only a regular file is ever replaced \
         (write to another name, or to - for standard output)\n"
    );
    let null = std::fs::symlink_metadata("/dev/null").unwrap();
    assert!(null.file_type().is_char_device());
    assert!(temporaries(Path::new("/dev")).is_empty());
}

#[test]
fn a_file_with_several_names_is_not_replaced() {
    // A rename would give `out.html` new contents and leave `other.html`,
    // the same file a moment before, with the old.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.html");
    std::fs::write(&path, "old").unwrap();
    std::fs::hard_link(&path, dir.path().join("other.html")).unwrap();
    let error = write_atomic(&path, b"new", true, &[]).unwrap_err();
    assert!(matches!(error, OutputError::HardLinked(_, 2)), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn a_replaced_file_keeps_its_permissions_and_owner() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.html");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    // As root (as CI runs), the file belongs to someone else first.
    let root = std::fs::metadata(&path).unwrap().uid() == 0;
    if root {
        std::os::unix::fs::chown(&path, Some(4321), Some(4321)).unwrap();
    }
    write_atomic(&path, b"new", true, &[]).unwrap();
    let replaced = std::fs::metadata(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    assert_eq!(replaced.mode() & 0o7777, 0o600);
    if root {
        assert_eq!((replaced.uid(), replaced.gid()), (4321, 4321));
    }
    // A new file gets the usual permissions (0666 less the umask), not the
    // temporary's 0600.
    let fresh = dir.path().join("fresh.html");
    write_atomic(&fresh, b"x", false, &[]).unwrap();
    let plain = dir.path().join("plain.html");
    std::fs::write(&plain, "x").unwrap();
    assert_eq!(
        std::fs::metadata(&fresh).unwrap().mode() & 0o777,
        std::fs::metadata(&plain).unwrap().mode() & 0o777
    );
}

#[test]
fn writers_in_one_process_never_collide_nor_remove_each_others_files() {
    // Threads share one PID, as processes in two containers may: with
    // temporary names made from the PID, one writer removed the other's
    // file and said "pass --force" although --force was given.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.html");
    // Files in the folder that magdepth did not make, with names like its
    // temporaries' old and new ones: never removed.
    let strangers = [
        format!(".out.html.{}.tmp", std::process::id()),
        ".out.html.magdepth-AAAAAA.tmp".to_string(),
    ];
    for name in &strangers {
        std::fs::write(dir.path().join(name), "not magdepth's").unwrap();
    }
    let contents: Vec<Vec<u8>> = (0..8u8).map(|i| vec![b'a' + i; 100_000]).collect();
    std::thread::scope(|scope| {
        for body in &contents {
            let path = &path;
            scope.spawn(move || {
                for _ in 0..10 {
                    write_atomic(path, body, true, &[]).unwrap();
                }
            });
        }
    });
    // The last writer's contents, whole.
    let written = std::fs::read(&path).unwrap();
    assert!(contents.contains(&written));
    for name in &strangers {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            "not magdepth's"
        );
    }
    let mut left: Vec<String> = temporaries(dir.path());
    left.sort();
    let mut expected = strangers.to_vec();
    expected.sort();
    expected.retain(|name| name.contains(".magdepth-"));
    assert_eq!(left, expected);
    // Without --force, of writers racing for a new name exactly one wins.
    let fresh = dir.path().join("fresh.html");
    let results: Vec<Result<(), OutputError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = contents
            .iter()
            .map(|body| scope.spawn(|| write_atomic(&fresh, body, false, &[])))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Ok(()) | Err(OutputError::Exists(_))))
    );
}

#[test]
fn a_command_never_writes_over_its_own_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = scenario(dir.path(), "s.yaml", 5);
    let before = std::fs::read(&input).unwrap();
    // `report X -o X --force`, and the same file by another name.
    let other_name = dir.path().join(".").join("s.yaml");
    for output in [&input, &other_name] {
        let out = Command::new(BIN)
            .args(["report", input.to_str().unwrap(), "-o"])
            .arg(output)
            .arg("--force")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("is one of this command's input files"),
            "{stderr}"
        );
    }
    // A chart over the scenario it draws (a scenario file may have any
    // name; a chart's must end in .svg or .png).
    let svg_named = dir.path().join("s.svg");
    std::fs::copy(&input, &svg_named).unwrap();
    let out = Command::new(BIN)
        .args(["run", svg_named.to_str().unwrap(), "--chart"])
        .arg(&svg_named)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&svg_named).unwrap(), before);
    assert_eq!(std::fs::read(&input).unwrap(), before);
    // The library, given the inputs, compares files, not names.
    let error = write_atomic(&other_name, b"x", true, std::slice::from_ref(&input)).unwrap_err();
    assert!(matches!(error, OutputError::Input(_)), "{error}");
    assert!(temporaries(dir.path()).is_empty());
}

/// Sends `signal` to the process `pid`.
fn send(pid: u32, signal: i32) {
    // SAFETY: kill has no memory effects; the child is ours and not yet
    // reaped, so the PID is still its.
    assert_eq!(unsafe { libc::kill(pid as i32, signal) }, 0);
}

#[test]
fn interrupted_reports_leave_no_temporary_and_a_whole_file() {
    // A report of about 1.2 MB (50,000 nights), written over an existing
    // file with --force, interrupted again and again: by SIGINT and SIGTERM
    // alternately, half the time at a random moment of the run and half the
    // time the moment its temporary file appears (the write window).
    let dir = tempfile::tempdir().unwrap();
    let input = scenario(dir.path(), "long.yaml", 50_000);
    let path = dir.path().join("out.html");
    let report = |path: &Path| {
        Command::new(BIN)
            .args(["report", input.to_str().unwrap(), "-o"])
            .arg(path)
            .arg("--force")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let started = std::time::Instant::now();
    let complete_path = dir.path().join("complete.html");
    assert!(report(&complete_path).wait().unwrap().success());
    let run_time = started.elapsed();
    let complete = std::fs::read(&complete_path).unwrap();
    assert!(complete.len() > 1_000_000, "{} bytes", complete.len());
    let previous = b"the previous report\n".to_vec();

    // A small xorshift: random moments without another dependency.
    let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ u64::from(std::process::id());
    let mut random = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut cut_short_while_writing = 0;
    // Eight rounds at random moments, then up to 24 that wait for the
    // write, until four have caught one in flight.
    for round in 0..32 {
        if round >= 8 && cut_short_while_writing >= 4 {
            break;
        }
        std::fs::write(&path, &previous).unwrap();
        let signal = if round % 2 == 0 {
            libc::SIGINT
        } else {
            libc::SIGTERM
        };
        let mut child = report(&path);
        if round < 8 {
            let fraction = (random() % 1000) as f64 / 1000.0;
            std::thread::sleep(run_time.mul_f64(1.1 * fraction));
            send(child.id(), signal);
        } else {
            // Wait for the temporary, then signal within 0.3 ms.
            loop {
                if !temporaries(dir.path()).is_empty() {
                    let pause = random() % 300;
                    std::thread::sleep(std::time::Duration::from_micros(pause));
                    send(child.id(), signal);
                    break;
                }
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_micros(50));
            }
        }
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        // Nothing in the folder but what was there: no temporary, by any
        // name.
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["complete.html", "long.yaml", "out.html"],
            "round {round}"
        );
        let now = std::fs::read(&path).unwrap();
        // A signal in the first moments, before the handler is installed,
        // stops the process as by default: before any file is written.
        use std::os::unix::process::ExitStatusExt;
        if out.status.signal() == Some(signal) {
            assert!(now == previous, "round {round}: killed early, but replaced");
            continue;
        }
        // Otherwise finished, or stopped by the handler with 128 + the
        // signal.
        assert!(
            code == Some(0) || code == Some(128 + signal),
            "round {round}: {:?} {stderr}",
            out.status
        );
        if code == Some(0) {
            assert!(now == complete, "round {round}: finished, but not whole");
        } else {
            let name = if signal == libc::SIGINT {
                "SIGINT"
            } else {
                "SIGTERM"
            };
            assert!(
                stderr.starts_with(&format!("magdepth: interrupted by {name}")),
                "round {round}: {stderr}"
            );
            assert_eq!(stderr.lines().count(), 1, "round {round}: {stderr}");
            if stderr.contains("not written") {
                cut_short_while_writing += 1;
                assert!(now == previous, "round {round}: cut short, but replaced");
            } else {
                assert!(
                    now == previous || now == complete,
                    "round {round}: a partial file"
                );
            }
        }
    }
    // The rounds that waited for the temporary did catch writes in flight.
    assert!(cut_short_while_writing > 0);
}
