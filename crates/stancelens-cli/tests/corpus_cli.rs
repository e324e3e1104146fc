//! `stancelens corpus check|show`, run as the built binary.
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
fn check_the_sample_corpus() {
    let (out, stdout, stderr) = run(&["corpus", "check", &fixture("israel-azerbaijan")]);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.starts_with("corpus israel-azerbaijan: 9 sources, 0 warning(s)"),
        "{stdout}"
    );
    assert!(stdout.contains("blank-jan-2025/tutty  kind=comment parent=blank-jan-2025"));
    assert!(stdout.contains("excluded teaser     line 43"), "{stdout}");
    assert!(stdout.contains("excluded pull_quote line 147"), "{stdout}");
    assert_eq!(stdout.matches("(all bytes accounted for)").count(), 9);
}

#[test]
fn check_as_json_accounts_for_every_byte() {
    let (out, stdout, stderr) = run(&[
        "corpus",
        "check",
        "--format",
        "json",
        &fixture("israel-azerbaijan"),
    ]);
    assert!(out.status.success(), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let sources = v["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 9);
    for s in sources {
        let t = &s["tally"];
        let sum = t["voiced_bytes"].as_u64().unwrap()
            + t["excluded_bytes"].as_u64().unwrap()
            + t["whitespace_bytes"].as_u64().unwrap();
        assert_eq!(sum, t["total_bytes"].as_u64().unwrap());
        assert_eq!(s["accounted"], true, "{s}");
        assert!(s["coverage_error"].is_null());
    }
    let rs = sources
        .iter()
        .find(|s| s["id"] == "rs-analysis-aug-2021")
        .unwrap();
    let teasers = rs["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reason"] == "teaser")
        .count();
    assert_eq!(teasers, 3);
}

#[test]
fn check_a_jsonl_corpus() {
    let (out, stdout, _) = run(&["corpus", "check", &fixture("corpora/small.jsonl")]);
    assert!(out.status.success());
    assert!(stdout.starts_with("corpus small: 3 sources"), "{stdout}");
}

#[test]
fn show_tags_sentences_with_voices() {
    let dir = fixture("israel-azerbaijan");
    let (out, stdout, _) = run(&["corpus", "show", &dir, "rs-analysis-aug-2021"]);
    assert!(out.status.success());
    assert!(stdout.starts_with("# rs-analysis-aug-2021\n"));
    let moscow = stdout
        .lines()
        .find(|l| l.contains("Perhaps the most striking thing about Moscow"))
        .unwrap();
    assert!(
        moscow.starts_with("001-rs-analysis-aug-2021.txt:51"),
        "{moscow}"
    );
    assert!(moscow.contains("[excluded:teaser]"), "{moscow}");
    assert!(stdout.contains("[heading] How the budding"));
    assert!(stdout.contains("[body] On August 2, Azerbaijan opened"));
    let (_, essay, _) = run(&["corpus", "show", &dir, "blank-essay-2025"]);
    assert_eq!(essay.matches("[excluded:pull_quote]").count(), 5, "{essay}");
}

#[test]
fn show_unknown_id_fails() {
    let (out, _, stderr) = run(&["corpus", "show", &fixture("israel-azerbaijan"), "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("no source `nope`"), "{stderr}");
}

#[test]
fn a_bad_corpus_fails_with_file_line_col() {
    let (out, stdout, stderr) = run(&[
        "corpus",
        "check",
        &fixture("corpora/broken/several-anchors"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("several-anchors/corpus.toml:8:8: anchor text “Missing one” not found"),
        "{stderr}"
    );
    assert!(
        stderr.contains("several-anchors/corpus.toml:16:10: bad reason `advert`"),
        "{stderr}"
    );
    assert!(stderr.contains("has 3 errors"));
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_missing_corpus_fails_cleanly() {
    let (out, _, stderr) = run(&["corpus", "check", "/no/such/corpus"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("file not found"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

/// The text report's byte account adds up for every source of a hostile corpus (markup,
/// NUL, escape and bidi characters) and matches each text's length.
#[test]
fn check_prints_a_byte_account_that_adds_up() {
    let path = fixture("corpora/hostile.jsonl");
    let (out, stdout, stderr) = run(&["corpus", "check", &path]);
    assert!(out.status.success(), "{stderr}");
    let (corpus, _) = stancelens::corpus::Corpus::from_jsonl(&path).unwrap();
    let accounts: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("bytes: "))
        .collect();
    assert_eq!(accounts.len(), corpus.sources.len(), "{stdout}");
    for (line, src) in accounts.iter().zip(&corpus.sources) {
        let n: Vec<usize> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(n.len(), 4, "{line}");
        assert_eq!(n[0], src.text.len(), "{line}");
        assert_eq!(n[1] + n[2] + n[3], n[0], "{line}");
        assert!(line.ends_with("(all bytes accounted for)"), "{line}");
    }
}

/// A manifest naming `../secret.txt` is refused, and read with `--allow-outside`.
#[test]
fn files_outside_the_corpus_need_allow_outside() {
    let root = std::env::temp_dir().join(format!("stancelens-cli-outside-{}", std::process::id()));
    let dir = root.join("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(root.join("secret.txt"), "Outside the corpus.\n").unwrap();
    std::fs::write(
        dir.join("corpus.toml"),
        "[[source]]\nid = \"a\"\nfile = \"../secret.txt\"\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let (out, _, stderr) = run(&["corpus", "check", d]);
    assert!(!out.status.success());
    assert!(stderr.contains("escapes the corpus folder"), "{stderr}");
    let (out, stdout, stderr) = run(&["corpus", "check", "--allow-outside", d]);
    let _ = std::fs::remove_dir_all(&root);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("(all bytes accounted for)"), "{stdout}");
}
