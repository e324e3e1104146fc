//! Table-driven sentence segmentation cases from `fixtures/segmentation/cases.toml`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde::Deserialize;
use stancelens::text;

#[derive(Deserialize)]
struct Table {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    text: String,
    sentences: Vec<String>,
}

fn load() -> Table {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/segmentation/cases.toml"
    );
    let raw = std::fs::read_to_string(path).expect("read cases.toml");
    toml::from_str(&raw).expect("parse cases.toml")
}

#[test]
fn table_has_enough_unique_cases() {
    let table = load();
    assert!(table.case.len() >= 70, "only {} cases", table.case.len());
    let mut ids: Vec<&str> = table.case.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate case ids");
}

#[test]
fn all_segmentation_cases() {
    let table = load();
    let mut failures = Vec::new();
    for case in &table.case {
        let got: Vec<&str> = text::sentences(&case.text)
            .iter()
            .map(|s| s.slice(&case.text))
            .collect();
        if got != case.sentences {
            failures.push(format!(
                "[{}]\n    text:     {:?}\n    expected: {:?}\n    got:      {:?}",
                case.id, case.text, case.sentences, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        table.case.len(),
        failures.join("\n")
    );
}

#[test]
fn sentences_in_matches_sentences() {
    // Segmenting paragraph by paragraph must give the same result as the whole text.
    let table = load();
    for case in &table.case {
        let t = &case.text;
        let joined: Vec<_> = text::paragraphs(t)
            .into_iter()
            .flat_map(|p| text::sentences_in(t, p))
            .collect();
        assert_eq!(joined, text::sentences(t), "case {}", case.id);
    }
}
