//! `stancelens report`: formats, run date, and clear errors without panics.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_stancelens"));
    c.current_dir(root())
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "stancelens-report-cli-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn csv_writes_every_table() {
    let dir = tmp("csv");
    let out = run(
        &[
            "report",
            "fixtures/israel-azerbaijan",
            "--format",
            "csv",
            "-o",
            dir.to_str().unwrap(),
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in [
        "sources.csv",
        "topics.csv",
        "cells.csv",
        "evidence.csv",
        "claims.csv",
        "bias.csv",
        "bias_evidence.csv",
        "reprints.csv",
    ] {
        let text = std::fs::read_to_string(dir.join(f)).unwrap();
        assert!(text.lines().count() >= 1, "{f}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn run_date_comes_from_the_flag_or_source_date_epoch() {
    let dir = tmp("date");
    let file = dir.join("nested/report.md");
    let f = file.to_str().unwrap();
    let out = run(
        &[
            "report",
            "fixtures/israel-azerbaijan",
            "--format",
            "markdown",
            "-o",
            f,
        ],
        &[("SOURCE_DATE_EPOCH", "1738281600")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("run date 2025-01-31"));
    let out = run(
        &[
            "report",
            "fixtures/israel-azerbaijan",
            "--format",
            "markdown",
            "--date",
            "2024-02-29",
            "-o",
            f,
        ],
        &[("SOURCE_DATE_EPOCH", "0")],
    );
    assert!(out.status.success());
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("run date 2024-02-29"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The summary line names the file written; `--quiet` leaves stderr empty, same page.
#[test]
fn quiet_prints_nothing_and_writes_the_same_page() {
    let dir = tmp("quiet");
    std::fs::create_dir_all(&dir).unwrap();
    let mut pages = Vec::new();
    for quiet in [false, true] {
        let file = dir.join(format!("r-{quiet}.html"));
        let f = file.to_str().unwrap();
        let mut args = vec![
            "report",
            "fixtures/israel-azerbaijan",
            "--date",
            "2025-01-31",
            "-o",
            f,
        ];
        if quiet {
            args.push("--quiet");
        }
        let out = run(&args, &[]);
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if quiet {
            assert_eq!(stderr, "");
        } else {
            assert!(stderr.contains("wrote") && stderr.contains(f), "{stderr}");
        }
        pages.push(std::fs::read(&file).unwrap());
    }
    assert!(pages[0] == pages[1], "--quiet changed the page");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = tmp("errors");
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.to_str().unwrap();
    let file = dir.join("r.html");
    let f = file.to_str().unwrap();
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case<'_>; 4] = [
        (&["report", "no/such/corpus", "-o", f], &[], "not found"),
        (
            &["report", "fixtures/israel-azerbaijan", "-o", d],
            &[],
            "is a folder",
        ),
        (
            &[
                "report",
                "fixtures/israel-azerbaijan",
                "--date",
                "2025-13-01",
                "-o",
                "x.html",
            ],
            &[],
            "--date",
        ),
        (
            &["report", "fixtures/israel-azerbaijan", "-o", "x.html"],
            &[("SOURCE_DATE_EPOCH", "soon")],
            "SOURCE_DATE_EPOCH",
        ),
    ];
    for (args, env, needle) in cases {
        let out = run(args, env);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
