//! `stancelens compare`, run as the built binary.
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

fn fixture(rel: &str) -> String {
    format!("{FIXTURES}/{rel}")
}

#[test]
fn compare_json_to_stdout_and_file() {
    let (out, stdout, stderr) = run(&["compare", &fixture("israel-azerbaijan")]);
    assert!(out.status.success(), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for key in [
        "stancelens_version",
        "subject",
        "target",
        "lexicons",
        "sources",
        "topics",
        "cells",
        "overall",
        "divergent",
        "bias",
        "claims",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let n = v["sources"].as_array().unwrap().len() * v["topics"].as_array().unwrap().len();
    assert_eq!(v["cells"].as_array().unwrap().len(), n);
    assert!(v["lexicons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["name"] == "subject:israel-azerbaijan"));
    let dir = std::env::temp_dir().join(format!("stancelens-cmp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("out.json");
    let (out, stdout2, stderr) = run(&[
        "compare",
        &fixture("israel-azerbaijan"),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout2.is_empty());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        stdout,
        "deterministic"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn compare_markdown_with_a_subject_file_and_jsonl() {
    let (out, stdout, stderr) = run(&[
        "compare",
        &fixture("corpora/small.jsonl"),
        "--subject",
        &fixture("subjects/test-minimal.toml"),
        "--format",
        "markdown",
    ]);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.starts_with("# The Northbridge project"), "{stdout}");
    assert!(stdout.contains("| source |"));
    // Stamped: every layer's name, version and sha256, the subject file's included.
    let provenance = stdout
        .split("## Provenance")
        .nth(1)
        .expect("a provenance section");
    assert!(
        provenance.contains("| vader | 3.3.2 | `1ec9c6e9"),
        "{provenance}"
    );
    assert!(provenance.contains("| subject:"), "{provenance}");
}

#[test]
fn a_broken_subject_reports_located_problems() {
    let dir = std::env::temp_dir().join(format!("stancelens-subj-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "[subject]\nid = \"x\"\n[target]\nid = \"t\"\n[[topic]]\nid = \"a\"\ntarget_sign = 3\nanchors = [\"x\"]\n",
    )
    .unwrap();
    let (out, _, stderr) = run(&[
        "compare",
        &fixture("israel-azerbaijan"),
        "--subject",
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(stderr.contains("bad.toml:7:"), "{stderr}");
    assert!(stderr.contains("target_sign"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn compare_with_a_user_lexicon_lists_it() {
    let dir = std::env::temp_dir().join(format!("stancelens-lex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lex = dir.join("mine.toml");
    std::fs::write(
        &lex,
        "[lexicon]\nname = \"mine\"\nversion = \"7\"\n[[rule]]\nid = \"mine:pariah\"\npattern = \"pariah\"\nweight = -2.0\ncategory = \"valence\"\n",
    )
    .unwrap();
    let (out, stdout, stderr) = run(&[
        "compare",
        &fixture("israel-azerbaijan"),
        "--lexicon",
        lex.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let names: Vec<&str> = v["lexicons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"mine"), "{names:?}");
    assert_eq!(names.last(), Some(&"subject:israel-azerbaijan"));
    let _ = std::fs::remove_dir_all(&dir);
}
