//! The bias cue case table (`fixtures/bias/cases.toml`): sentences written for the table,
//! each with the hits a careful reader expects. Every row must pass; a miss prints the case,
//! what was expected and what came out.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde::Deserialize;
use stancelens::bias::BiasCues;
use stancelens::compare::compare;
use stancelens::corpus::{Corpus, Source, SourceMeta};
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Table {
    case: Vec<Case>,
    omission: Vec<OmissionCase>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Case {
    id: String,
    cue: String,
    text: String,
    #[serde(default)]
    rules: Option<Vec<String>>,
    #[serde(default)]
    sign: Option<i8>,
    #[serde(default)]
    classes: Option<Vec<String>>,
    #[serde(default)]
    sides: Option<Vec<String>>,
    #[serde(default)]
    lean: Option<i8>,
    #[serde(default)]
    one_sided_min: Option<f64>,
    #[serde(default)]
    one_sided_max: Option<f64>,
    reason: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct OmissionCase {
    id: String,
    reason: String,
    source: Vec<SourceRow>,
    omitted: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct SourceRow {
    id: String,
    text: String,
}

fn table() -> Table {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/bias/cases.toml"
    );
    toml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn engine() -> StanceEngine {
    StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap()
}

fn source(id: &str, text: &str) -> Source {
    Source::new(
        SourceMeta {
            id: id.into(),
            ..Default::default()
        },
        text.into(),
    )
}

fn sign(x: f64) -> i8 {
    if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }
}

/// What the engine gives for the case's expectation, or `None` when it matches.
fn check(case: &Case, cues: &BiasCues) -> Option<String> {
    let ids = |ev: &[stancelens::bias::CueEvidence]| -> Vec<String> {
        ev.iter()
            .filter_map(|e| e.rule_id.as_deref().map(str::to_owned))
            .collect()
    };
    let mut miss = Vec::new();
    match case.cue.as_str() {
        "loaded" => {
            let got = ids(&cues.loaded.evidence);
            if Some(&got) != case.rules.as_ref() {
                miss.push(format!("rules {got:?}"));
            }
        }
        "hedging" => {
            let got = ids(&cues.hedging.evidence);
            if Some(&got) != case.rules.as_ref() {
                miss.push(format!("rules {got:?}"));
            }
            if let Some(s) = case.sign {
                let v = cues.hedging.value.map(sign);
                if v != Some(s) {
                    miss.push(format!("sign {v:?} (value {:?})", cues.hedging.value));
                }
            }
        }
        "attribution" => {
            let got: Vec<String> = cues
                .attribution
                .evidence
                .iter()
                .map(|e| e.kind.to_owned())
                .collect();
            if Some(&got) != case.classes.as_ref() {
                miss.push(format!("classes {got:?}"));
            }
        }
        "voices" => {
            let got: Vec<String> = cues
                .voices
                .evidence
                .iter()
                .map(|e| e.kind.to_owned())
                .collect();
            if Some(&got) != case.sides.as_ref() {
                miss.push(format!("sides {got:?}"));
            }
        }
        "one_sided" => {
            let c = &cues.one_sided;
            if let Some(l) = case.lean {
                if c.lean.map(sign) != Some(l) {
                    miss.push(format!("lean {:?}", c.lean));
                }
            }
            let below = case
                .one_sided_min
                .is_some_and(|m| c.value.map_or(true, |v| v < m));
            let above = case
                .one_sided_max
                .is_some_and(|m| c.value.map_or(true, |v| v > m));
            if below || above {
                miss.push(format!(
                    "value {:?} (pro {}, con {})",
                    c.value, c.pro, c.con
                ));
            }
        }
        other => panic!("{}: unknown cue {other}", case.id),
    }
    (!miss.is_empty()).then(|| miss.join("; "))
}

#[test]
fn bias_case_table() {
    let t = table();
    let e = engine();
    let mut misses = Vec::new();
    for case in &t.case {
        let corpus = Corpus {
            name: "case".into(),
            sources: vec![source(&case.id, &case.text)],
        };
        let c = compare(&corpus, &e);
        if let Some(m) = check(case, &c.bias[0].cues) {
            misses.push(format!(
                "{} ({}): got {m}\n    {}",
                case.id, case.cue, case.text
            ));
        }
    }
    let n = t.case.len();
    println!("bias cases: {}/{n} pass", n - misses.len());
    assert!(
        misses.is_empty(),
        "{} miss(es):\n{}",
        misses.len(),
        misses.join("\n")
    );
    // Every cue has rows.
    for cue in ["loaded", "hedging", "attribution", "voices", "one_sided"] {
        assert!(t.case.iter().filter(|c| c.cue == cue).count() >= 2, "{cue}");
    }
}

#[test]
fn omission_case_table() {
    let t = table();
    let e = engine();
    for case in &t.omission {
        let corpus = Corpus {
            name: "case".into(),
            sources: case.source.iter().map(|s| source(&s.id, &s.text)).collect(),
        };
        let c = compare(&corpus, &e);
        for b in &c.bias {
            let got: Vec<&str> = b
                .cues
                .omission
                .topics
                .iter()
                .map(|o| o.topic.as_str())
                .collect();
            let want: Vec<&str> = case
                .omitted
                .get(&b.source)
                .map(|v| v.iter().map(String::as_str).collect())
                .unwrap_or_default();
            assert_eq!(got, want, "{}: source {}", case.id, b.source);
        }
    }
}
