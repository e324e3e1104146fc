//! `stancelens valence`: JSON Lines out, VADER-exact mode, explanations, user lexicons, errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{json_lines as lines, run};
use std::path::PathBuf;

#[test]
fn one_object_per_input_line_including_empty_lines() {
    let out = run(&["valence", "--vader"], b"first line\n\nthird line\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = lines(&out);
    assert_eq!(rows.len(), 3);
    for row in &rows {
        for key in ["neg", "neu", "pos", "compound", "lexicon"] {
            assert!(row.get(key).is_some(), "{key} missing in {row}");
        }
    }
    assert_eq!(rows[1]["compound"], 0.0);
}

#[test]
fn vader_mode_equals_the_library_call() {
    let text = "The deal is NOT good at all, but the people are wonderful!!";
    let out = run(&["valence", "--vader"], format!("{text}\r\n").as_bytes());
    let row = &lines(&out)[0];
    let lib = stancelens::valence::vader::polarity_scores(text);
    assert_eq!(row["neg"].as_f64(), Some(lib.neg));
    assert_eq!(row["neu"].as_f64(), Some(lib.neu));
    assert_eq!(row["pos"].as_f64(), Some(lib.pos));
    assert_eq!(row["compound"].as_f64(), Some(lib.compound));
    assert!(row["lexicon"].as_str().unwrap().starts_with("vader@3.3.2:"));
}

#[test]
fn default_mode_explanation_sums_to_the_raw_score() {
    let out = run(
        &["valence", "--explain"],
        b"The talks were not good, but the food was great.\n",
    );
    assert!(out.status.success());
    let row = &lines(&out)[0];
    let ex = &row["explanation"];
    let sum = ex["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .fold(0.0, |acc, c| acc + c["contribution"].as_f64().unwrap());
    assert_eq!(Some(sum), ex["normalisation"]["raw_sum"].as_f64());
    let stamp = row["lexicon"].as_str().unwrap();
    assert!(
        stamp.contains("vader@3.3.2") && stamp.contains("modifiers@"),
        "{stamp}"
    );
}

#[test]
fn a_user_lexicon_layer_changes_the_score_and_the_stamp() {
    let dir = tempdir();
    let lex = dir.join("mine.toml");
    std::fs::write(
        &lex,
        "[lexicon]\nname = \"mine\"\nversion = \"1\"\n\n[[rule]]\nid = \"mine.corridor\"\npattern = \"corridor\"\nweight = 2.0\ncategory = \"valence\"\n",
    )
    .unwrap();
    let base = lines(&run(&["valence"], b"The corridor opened.\n"))[0]["compound"]
        .as_f64()
        .unwrap();
    let out = run(
        &["valence", "--lexicon", lex.to_str().unwrap()],
        b"The corridor opened.\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let row = &lines(&out)[0];
    assert!(row["compound"].as_f64().unwrap() > base);
    assert!(row["lexicon"].as_str().unwrap().contains("+mine@1:"));
}

#[test]
fn lexicoder_and_liwc_files_load_with_mappings() {
    let lc3 = "fixtures/lexicons/lexicoder/synthetic.lc3";
    let out = run(&["valence", "--lexicon", lc3], b"hostile moves\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dic = "fixtures/lexicons/liwc/synthetic.dic";
    let out = run(&["valence", "--lexicon", dic], b"x\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--map"));
    let out = run(
        &[
            "valence",
            "--lexicon",
            dic,
            "--map",
            "posemo=1",
            "--map",
            "negemo=-1",
        ],
        b"peace\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn errors_are_located_and_never_panic() {
    let out = run(&["valence"], b"fine\nbad \xe9 byte\n");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>:2:5: invalid UTF-8"), "{err}");
    assert!(!err.contains("panicked"));

    let out = run(
        &[
            "valence",
            "--lexicon",
            "fixtures/lexicons/liwc/broken.dic",
            "--map",
            "posemo=1",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.dic:"), "{err}");

    let out = run(&["valence", "--vader", "--lexicon", "x.toml"], b"");
    assert_eq!(out.status.code(), Some(1));

    let out = run(&["valence", "no/such/file.txt"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
}

#[test]
fn files_are_read_in_order() {
    let dir = tempdir();
    let a = dir.join("a.txt");
    let b = dir.join("b.txt");
    std::fs::write(&a, "good\n").unwrap();
    std::fs::write(&b, "bad\nok").unwrap();
    let out = run(
        &[
            "valence",
            "--vader",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
        ],
        b"",
    );
    let rows = lines(&out);
    assert_eq!(rows.len(), 3);
    assert!(rows[0]["compound"].as_f64().unwrap() > 0.0);
    assert!(rows[1]["compound"].as_f64().unwrap() < 0.0);
}

fn tempdir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "valence_cli_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
