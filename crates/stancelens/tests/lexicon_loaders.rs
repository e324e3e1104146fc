#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! LIWC `.dic` and Lexicoder `.lc3` loaders on synthetic files.

use stancelens::lexicon::loaders::{lexicoder_from_file, liwc_from_file, ImportOptions};
use stancelens::lexicon::ProblemKind;
use std::path::{Path, PathBuf};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/lexicons")
        .join(p)
}

fn ids_and_weights(lex: &stancelens::lexicon::Lexicon) -> Vec<(String, f64, String)> {
    lex.entries()
        .iter()
        .map(|e| (e.pattern.clone(), e.weight, e.category.clone()))
        .collect()
}

#[test]
fn liwc_maps_categories_to_weights() {
    let opts = ImportOptions::new("liwc-test", "1")
        .weight("posemo", 1.0)
        .weight("negemo", -1.0);
    let lex = liwc_from_file(fixture("liwc/synthetic.dic"), &opts).unwrap();
    // `kind of` is only in `affect`, which is not mapped: skipped.
    assert_eq!(
        ids_and_weights(&lex),
        [
            ("accept*".to_owned(), 1.0, "posemo".to_owned()),
            ("attack*".to_owned(), -1.0, "negemo".to_owned()),
            ("benefit".to_owned(), 1.0, "posemo".to_owned()),
            ("hostil*".to_owned(), -1.0, "negemo".to_owned()),
            ("peace".to_owned(), 1.0, "posemo".to_owned()),
        ]
    );
    assert_eq!(lex.entries()[0].id, "liwc-test:accept*");
    assert_eq!(lex.entries()[0].origin.line, Some(6));
    // Several mapped categories: weights add up, categories are joined.
    let opts = ImportOptions::new("liwc-test", "1")
        .weight("posemo", 1.0)
        .weight("affect", 0.5);
    let lex = liwc_from_file(fixture("liwc/synthetic.dic"), &opts).unwrap();
    let peace = lex.get("liwc-test:peace").unwrap();
    assert_eq!(
        (peace.weight, peace.category.as_str()),
        (1.5, "posemo+affect")
    );
    let m = lex.compile().unwrap();
    let text = "They accepted a kind of peace.";
    let got: Vec<&str> = m
        .find_all(text)
        .iter()
        .map(|h| h.span.slice(text))
        .collect();
    assert_eq!(got, ["accepted", "kind of", "peace"]);
}

#[test]
fn liwc_errors_are_located() {
    let opts = ImportOptions::new("liwc-test", "1")
        .weight("posemo", 1.0)
        .weight("joy", 1.0);
    let err = liwc_from_file(fixture("liwc/broken.dic"), &opts).unwrap_err();
    let got: Vec<(Option<u32>, ProblemKind, bool)> = err
        .problems
        .iter()
        .map(|p| {
            (
                p.location.line,
                p.kind,
                p.location.path.ends_with("liwc/broken.dic"),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (None, ProblemKind::UnknownCategory, true), // `joy` is not in the header
            (Some(3), ProblemKind::BadLine, true),      // `2 negemo extra`
            (Some(6), ProblemKind::BadLine, true),      // category 9 not in the header
            (Some(7), ProblemKind::BadLine, true),      // a word with no category
            (Some(8), ProblemKind::BadLine, true),      // a third `%`
        ],
        "{err}"
    );
}

#[test]
fn lexicoder_lsd_style_dictionary() {
    let lex = lexicoder_from_file(
        fixture("lexicoder/synthetic.lc3"),
        &ImportOptions::lsd2015_valence(),
    )
    .unwrap();
    assert_eq!(lex.entries().len(), 8);
    assert!(lex.entries().iter().all(|e| e.category == "valence"));
    assert_eq!(lex.get("lsd2015:not good*").unwrap().weight, -1.0);
    assert_eq!(lex.get("lsd2015:not abandon*").unwrap().weight, 1.0);
    let m = lex.compile().unwrap();
    let text = "It was not good, they abandoned it, but not abandoning peace is a benefit.";
    let got: Vec<(&str, f64)> = m
        .find_all(text)
        .iter()
        .map(|h| (h.span.slice(text), m.entry(h.rule).weight))
        .collect();
    assert_eq!(
        got,
        [
            ("not good", -1.0),
            ("abandoned", -1.0),
            ("not abandoning", 1.0),
            ("peace", 1.0),
            ("benefit", 1.0)
        ]
    );
    assert_eq!(lex.layers()[0].sha256.len(), 64);
}

#[test]
fn lexicoder_errors_are_located() {
    let opts = ImportOptions::new("lsd", "t").weight("negative", -1.0);
    let err = lexicoder_from_file(fixture("lexicoder/broken.lc3"), &opts).unwrap_err();
    let got: Vec<(Option<u32>, ProblemKind)> = err
        .problems
        .iter()
        .map(|p| (p.location.line, p.kind))
        .collect();
    assert_eq!(
        got,
        [
            (Some(1), ProblemKind::BadLine),      // pattern before any category
            (Some(4), ProblemKind::BadLine),      // `+` with no name
            (Some(5), ProblemKind::NeverMatches), // `*bad`: leading wildcard
        ],
        "{err}"
    );
}
