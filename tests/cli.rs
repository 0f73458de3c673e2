//! Command-line behaviour, snapshot-tested with trycmd: each `tests/cmd/*.toml`
//! gives the arguments, the expected stdout and stderr, and the exit code.
//! Regenerate after an intended change with `TRYCMD=overwrite cargo test`,
//! then read the diff.

#[test]
fn cli_snapshots() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

/// Every ```console example in the README and in docs/ runs the real binary
/// from the repository root (the working directory of the tests), with
/// standard output and standard error together, as a terminal shows them
/// when piped; `? CODE` after the command gives its exit code, `...` on a
/// line of its own skips lines, and `[..]` skips part of a line. After an
/// intended change, `TRYCMD=overwrite cargo test docs_examples` writes the
/// new output into the pages (keeping the `...` cuts where it can): read the
/// diff.
#[test]
fn docs_examples() {
    trycmd::TestCases::new()
        .register_bin(
            "magdepth",
            std::path::Path::new(env!("CARGO_BIN_EXE_magdepth")),
        )
        .case("README.md")
        .case("docs/*.md");
}
