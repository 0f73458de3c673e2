//! Command-line behaviour, snapshot-tested with trycmd: each `tests/cmd/*.toml`
//! gives the arguments, the expected stdout and stderr, and the exit code.
//! Regenerate after an intended change with `TRYCMD=overwrite cargo test`,
//! then read the diff.

#[test]
fn cli_snapshots() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
