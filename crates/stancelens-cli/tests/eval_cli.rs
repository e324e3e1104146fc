//! `stancelens eval`: Markdown and JSON summaries, target filter, subject files, label
//! maps, and located errors for bad data sets and bad options.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stancelens"))
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn markdown_summary_by_default_and_json_with_every_prediction() {
    let out = run(&["eval", "fixtures/eval/semeval-format.tsv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("| all rows | 8 |"), "{md}");
    assert!(md.contains("| Other target | 2 |"), "{md}");
    assert!(md.contains("subject:israel-azerbaijan@"), "{md}");
    assert!(!md.contains("## Misses"), "{md}");
    let out = run(&["eval", "fixtures/eval/semeval-format.tsv", "--misses", "2"]);
    let md = String::from_utf8(out.stdout).unwrap();
    let misses = md
        .split_once("## Misses (2 of ")
        .map(|(_, m)| m)
        .unwrap_or_else(|| panic!("{md}"));
    assert_eq!(
        misses
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| line"))
            .count(),
        2,
        "{md}"
    );
    let v = json(&run(&[
        "eval",
        "fixtures/eval/semeval-format.tsv",
        "--format",
        "json",
        "--threads",
        "1",
    ]));
    assert_eq!(v["predictions"].as_array().unwrap().len(), 8);
    assert_eq!(v["decision"], "label");
    assert_eq!(v["subject"], "israel-azerbaijan");
    let two = json(&run(&[
        "eval",
        "fixtures/eval/semeval-format.tsv",
        "--format",
        "json",
        "--threads",
        "2",
    ]));
    assert_eq!(v, two);
}

#[test]
fn target_filter_subject_file_and_sign_decision() {
    let v = json(&run(&[
        "eval",
        "fixtures/eval/semeval-format.tsv",
        "--target",
        "other target",
        "--subject",
        "fixtures/subjects/urban-cycling.toml",
        "--decide",
        "sign",
        "--format",
        "json",
    ]));
    assert_eq!(v["subject"], "urban-cycling");
    assert_eq!(v["decision"], "sign");
    let ids: Vec<&str> = v["predictions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["201", "202"]);
}

#[test]
fn label_map_reads_numeric_labels() {
    let dir = std::env::temp_dir().join(format!("stancelens-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("numeric.csv");
    std::fs::write(
        &file,
        "text,label\n\"Iran threatens Azerbaijan, again.\",2\nA quiet day.,1\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let bad = run(&["eval", f]);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.contains("numeric.csv:2:37: unknown label `2`; numbers"),
        "{err}"
    );
    let v = json(&run(&[
        "eval",
        f,
        "--label-map",
        "2=favor,1=none,0=against",
        "--format",
        "json",
    ]));
    let gold: Vec<&str> = v["predictions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["gold"].as_str().unwrap())
        .collect();
    assert_eq!(gold, ["favour", "none"]);
    let bad_map = run(&["eval", f, "--label-map", "2:favor"]);
    assert_eq!(bad_map.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad_map.stderr).contains("`2:favor` is not LABEL=CLASS"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn broken_data_set_and_unknown_target_are_errors() {
    let out = run(&["eval", "fixtures/eval/broken/field-count.tsv"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("field-count.tsv:3:26: 3 fields where the header has 2"),
        "{err}"
    );
    let out = run(&[
        "eval",
        "fixtures/eval/semeval-format.tsv",
        "--target",
        "Atheism",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("the targets are: Israel-Azerbaijan alignment (6), Other target (2)"));
}
