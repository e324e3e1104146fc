//! `compare` output validated against `docs/compare.schema.json` by a real JSON Schema
//! validator (Python `jsonschema`, Draft 2020-12), on both bundled and fixture subjects.
//! Without Python and `jsonschema` this fails with the install command, unless
//! `STANCELENS_SKIP_PYTHON=1` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn compare_to(out: &Path, args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_stancelens"))
        .arg("compare")
        .args(args)
        .arg("-o")
        .arg(out)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Runs the validator; `None` when Python is missing and skipping was asked for.
fn validate(docs: &[&Path]) -> Option<(bool, String)> {
    let python = std::env::var("STANCELENS_PYTHON").unwrap_or_else(|_| "python3".into());
    let mut cmd = Command::new(&python);
    cmd.arg(repo().join("scripts/validate_json_schema.py"))
        .arg(repo().join("docs/compare.schema.json"))
        .args(docs);
    let out = cmd.output();
    let skip = std::env::var("STANCELENS_SKIP_PYTHON").is_ok_and(|v| v == "1");
    match out {
        Ok(o) if o.status.success() || o.status.code() == Some(1) => Some((
            o.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        )),
        _ if skip => {
            println!("skipped: STANCELENS_SKIP_PYTHON=1");
            None
        }
        Ok(o) => panic!(
            "{python} could not run the validator ({}); install it with `pip install jsonschema==4.26.0` \
             (or `bash scripts/setup-python.sh`), or set STANCELENS_SKIP_PYTHON=1\n{}",
            o.status,
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("cannot run {python}: {e}; set STANCELENS_PYTHON or STANCELENS_SKIP_PYTHON=1"),
    }
}

#[test]
fn compare_output_is_valid_against_the_schema() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("compare_schema");
    std::fs::create_dir_all(&dir).unwrap();
    let sample = dir.join("sample.json");
    let cycling = dir.join("cycling.json");
    let jsonl = dir.join("jsonl.json");
    compare_to(&sample, &["fixtures/israel-azerbaijan"]);
    compare_to(
        &cycling,
        &[
            "fixtures/subjects/urban-cycling-corpus",
            "--subject",
            "fixtures/subjects/urban-cycling.toml",
        ],
    );
    compare_to(&jsonl, &["fixtures/corpora/small.jsonl"]);
    let once = dir.join("once.json");
    compare_to(
        &once,
        &["fixtures/israel-azerbaijan", "--count-reprints-once"],
    );
    let Some((ok, report)) = validate(&[&sample, &cycling, &jsonl, &once]) else {
        return;
    };
    assert!(ok, "schema violations:\n{report}");

    // The validator must reject a document that breaks the schema.
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sample).unwrap()).unwrap();
    doc["cells"][0]["score"] = serde_json::json!("high");
    doc["unexpected"] = serde_json::json!(1);
    doc["bias"][0]["cues"]["hedging"]["value"] = serde_json::json!(2.5);
    doc["claims"][0]["members"][0]["framing"]["attribution"] = serde_json::json!("hearsay");
    let broken = dir.join("broken.json");
    std::fs::write(&broken, serde_json::to_string(&doc).unwrap()).unwrap();
    let (ok, report) = validate(&[&broken]).unwrap();
    assert!(!ok, "a broken document passed the schema");
    assert!(report.contains("$.cells[0].score"), "{report}");
    assert!(report.contains("$.bias[0].cues.hedging.value"), "{report}");
    assert!(
        report.contains("$.claims[0].members[0].framing.attribution"),
        "{report}"
    );
}
