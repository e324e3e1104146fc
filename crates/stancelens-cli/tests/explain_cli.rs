//! `stancelens explain`: texts from arguments, standard input or a file; text and JSON out;
//! another subject; located errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::run;
use std::process::Output;

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    ok(out);
    common::json_lines(out)
}

#[test]
fn a_text_argument_is_explained_with_its_contributions() {
    let out = ok(&run(&["explain", "Iran threatens Azerbaijan."], b""));
    assert!(out.contains("topic iran-threat"), "{out}");
    assert!(out.contains("[vader:threatens]"), "{out}");
    assert!(out.contains("× role -1"), "{out}");
    assert!(out.contains("overall toward"), "{out}");
    assert!(out.contains("lexicons: vader 3.3.2"), "{out}");
}

#[test]
fn json_has_one_object_per_line_of_input_with_lines() {
    let out = run(
        &["explain", "--lines", "--format", "json"],
        b"Azerbaijan is a reliable partner.\n\nIran arms Hezbollah.\n",
    );
    let objs = json_lines(&out);
    assert_eq!(objs.len(), 3);
    assert_eq!(objs[0]["text"], "Azerbaijan is a reliable partner.");
    assert_eq!(objs[1]["text"], "");
    assert_eq!(objs[0]["target"], "israel-azerbaijan-alignment");
    assert_eq!(objs[0]["subject"], "israel-azerbaijan");
    assert!(objs[0]["subject_version"].is_string());
    assert!(objs[0]["lexicons"].as_array().unwrap().len() >= 5);
    let partnership = objs[0]["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["topic"] == "partnership")
        .unwrap();
    assert!(partnership["stance"]["score"].as_f64().unwrap() > 0.0);
    assert_eq!(objs[1]["overall"]["label"], "not covered");
}

#[test]
fn standard_input_is_one_text_by_default() {
    let text = b"Iran threatens Azerbaijan.\n\nTehran arms its proxies.\n";
    let objs = json_lines(&run(&["explain", "--format", "json"], text));
    assert_eq!(objs.len(), 1);
    assert_eq!(objs[0]["text"], std::str::from_utf8(text).unwrap());
    assert_eq!(objs[0]["sentences"].as_array().unwrap().len(), 2);
}

#[test]
fn another_subject_file_is_used() {
    let out = ok(&run(
        &[
            "explain",
            "--subject",
            "fixtures/subjects/urban-cycling.toml",
            "The new protected bike lanes are a disaster for shops.",
        ],
        b"",
    ));
    assert!(out.contains("subject urban-cycling"), "{out}");
    assert!(out.contains("protected bike lanes in the city"), "{out}");
    assert!(!out.contains("iran-threat"), "{out}");
}

#[test]
fn invalid_utf8_is_refused_at_its_line_and_column() {
    let out = run(&["explain"], b"fine line\nbad \xff here\n");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("<stdin>:2:5: invalid UTF-8 (byte 0xff)"),
        "{err}"
    );
}

#[test]
fn a_missing_input_file_is_named() {
    let out = run(&["explain", "--input", "no/such/file.txt"], b"");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/file.txt: cannot read"), "{err}");
}

#[test]
fn texts_and_input_together_are_refused() {
    let out = run(&["explain", "--input", "x.txt", "a text"], b"");
    assert!(!out.status.success());
}
