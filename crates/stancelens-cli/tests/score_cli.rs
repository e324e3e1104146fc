//! `stancelens score` and `stancelens corpus synth`, run as the built binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures");

fn run(args: &[&str]) -> (Output, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_stancelens"))
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    (out, stdout, stderr)
}

#[path = "../../stancelens/tests/common/temp_path.rs"]
mod temp_path;
use temp_path::TempPath;

fn tmp(name: &str) -> TempPath {
    TempPath::file(&format!("score-{name}"))
}

#[test]
fn score_writes_header_sources_and_end_for_any_thread_count() {
    let small = format!("{FIXTURES}/corpora/small.jsonl");
    let o1 = tmp("s1.jsonl");
    let (out, stdout, stderr) = run(&[
        "score",
        &small,
        "-o",
        o1.to_str().unwrap(),
        "--threads",
        "1",
    ]);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("scored 3 sources"), "{stderr}");
    let one = std::fs::read_to_string(&o1).unwrap();
    let lines: Vec<serde_json::Value> = one
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["type"], "header");
    assert!(lines[0]["lexicons"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["sha256"].as_str().unwrap().len() == 64));
    assert_eq!(lines[1]["source"]["id"], "blank-jan-2025");
    assert_eq!(lines[4]["type"], "end");
    assert_eq!(lines[4]["sources"], 3);
    // Two threads, to standard output, quiet: the same bytes and nothing on stderr.
    let (out, stdout, stderr) = run(&["score", &small, "-o", "-", "--threads", "2", "--quiet"]);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(stdout, one);
}

#[test]
fn score_stops_at_a_bad_line_with_its_location() {
    let bad = format!("{FIXTURES}/corpora/broken/unknown-field.jsonl");
    let o = tmp("bad.jsonl");
    let (out, _, stderr) = run(&["score", &bad, "-o", o.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("unknown-field.jsonl:2:37: unknown field `autor`"),
        "{stderr}"
    );
    assert!(stderr.contains("1 source(s) before the error"), "{stderr}");
    let written = std::fs::read_to_string(&o).unwrap();
    assert_eq!(written.lines().count(), 2, "header and the first source");
    assert!(!written.contains("\"type\":\"end\""));
}

#[test]
fn synth_is_reproducible_and_scores() {
    let sample = format!("{FIXTURES}/israel-azerbaijan");
    let (a, b) = (tmp("a.jsonl"), tmp("b.jsonl"));
    for p in [&a, &b] {
        let (out, _, stderr) = run(&[
            "corpus",
            "synth",
            "--from",
            &sample,
            "--seed",
            "7",
            "--size",
            "200KB",
            "-o",
            p.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{stderr}");
    }
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(bytes, std::fs::read(&b).unwrap());
    assert!(bytes.len() >= 200_000);
    let (out, stdout, stderr) = run(&[
        "corpus",
        "synth",
        "--from",
        &sample,
        "--seed",
        "7",
        "--sources",
        "5",
        "--source-bytes",
        "600",
        "-o",
        "-",
    ]);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout.lines().count(), 5);
    let (out, _, stderr) = run(&["corpus", "check", a.to_str().unwrap()]);
    assert!(out.status.success(), "{stderr}");
    let (out, stdout, stderr) = run(&["score", a.to_str().unwrap(), "-o", "-", "--quiet"]);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.ends_with("\"warnings\":0}\n"),
        "{}",
        &stdout[stdout.len() - 200..]
    );
    // --size and --sources exclude each other; one is required.
    let (out, _, _) = run(&["corpus", "synth", "--from", &sample, "-o", "-"]);
    assert!(!out.status.success());
    let (out, _, stderr) = run(&[
        "corpus",
        "synth",
        "--from",
        &sample,
        "--size",
        "9 parsecs",
        "-o",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("unknown unit"), "{stderr}");
}
