#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The broken-file case table: each file in fixtures/lexicons/broken yields exactly the
//! problems listed in fixtures/lexicons/broken/expected.toml.

use serde::Deserialize;
use stancelens::lexicon::{Lexicon, Problem};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Table {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    files: Vec<String>,
    problems: Vec<Expected>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Expected {
    file: String,
    line: u32,
    column: u32,
    rule_id: Option<String>,
    kind: String,
    contains: String,
}

fn dir() -> PathBuf {
    // Paths in messages are relative to the workspace root, as a user would type them.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::env::set_current_dir(&root).unwrap();
    PathBuf::from("fixtures/lexicons/broken")
}

fn problems_of(dir: &Path, files: &[String]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut layers = Vec::new();
    for f in files {
        match Lexicon::from_file(dir.join(f)) {
            Ok(l) => layers.push(l),
            Err(e) => problems.extend(e.problems),
        }
    }
    if problems.is_empty() {
        if let Err(e) = Lexicon::layered(layers) {
            problems.extend(e.problems);
        }
    }
    problems
}

#[test]
fn every_broken_file_yields_exactly_its_expected_problems() {
    let dir = dir();
    let table: Table =
        toml::from_str(&std::fs::read_to_string(dir.join("expected.toml")).unwrap()).unwrap();
    let mut covered = std::collections::BTreeSet::new();
    for case in &table.case {
        covered.extend(case.files.iter().cloned());
        let got = problems_of(&dir, &case.files);
        let render = |ps: &[Problem]| {
            ps.iter()
                .map(|p| format!("  {p} [{:?}]", p.kind))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            got.len(),
            case.problems.len(),
            "{:?}: got\n{}\nexpected {:#?}",
            case.files,
            render(&got),
            case.problems
        );
        for (g, e) in got.iter().zip(&case.problems) {
            let kind = serde_json::to_value(g.kind).unwrap();
            let ok = g.location.path == dir.join(&e.file)
                && g.location.line == Some(e.line)
                && g.location.column == Some(e.column)
                && g.rule_id == e.rule_id
                && kind == e.kind.as_str()
                && g.message.contains(&e.contains);
            assert!(
                ok,
                "{:?}: problem\n  {g} [{:?}]\ndoes not match {e:?}",
                case.files, g.kind
            );
        }
    }
    // Every broken file is in the table.
    for f in std::fs::read_dir(&dir).unwrap() {
        let name = f.unwrap().file_name().into_string().unwrap();
        if name != "expected.toml" && name.ends_with(".toml") {
            assert!(
                covered.contains(&name),
                "{name} has no case in expected.toml"
            );
        }
    }
}
