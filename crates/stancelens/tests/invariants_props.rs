//! Invariants of the comparison (issue 9, parts 4 and 5) over random corpora:
//!
//! * every score is in [-1, 1] (cells, overall, `target_stance`), confidences in [0, 1];
//! * explanations sum to their scores: each contribution's value is
//!   `modified × role_sign × direction`, each sentence's `sum` their left-to-right sum, and
//!   the score `squash(Σ wᵢ·sumᵢ / Σ wᵢ)`, all with `==`;
//! * adding an unrelated source leaves every other source's cells, overall score and bias
//!   cues unchanged, except the relative measures: omission (against peers), rankings,
//!   divergent pairs, shared claims and reprint groups, which are about the corpus;
//! * duplicating a source's text (the whole text twice, a blank line between) leaves its
//!   stance unchanged: same scores, and the same labels unless the single copy had too
//!   little evidence for one;
//! * determinism: the same inputs give byte-identical JSON and HTML across runs and
//!   thread counts 1, 2 and 4.
//!
//! Source-order independence is tested with the comparison's merging (issue 8).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use stancelens::bias::BiasCues;
use stancelens::compare::{compare_with, CompareOptions, Comparison};
use stancelens::corpus::{Corpus, Source, SourceKind, SourceMeta};
use stancelens::report::{html, ReportOptions};
use stancelens::stance::{squash, StanceEngine, StanceLabel, StanceScore};
use stancelens::topics::Subject;
use stancelens::Span;
use std::sync::OnceLock;

fn engine() -> &'static StanceEngine {
    static E: OnceLock<StanceEngine> = OnceLock::new();
    E.get_or_init(|| StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap())
}

/// Sentences built from the bundled subject's entities, cue-like words, valence words,
/// negations, hedges, quotations and numbers, so that cells get evidence of both signs.
fn sentence() -> impl Strategy<Value = String> {
    use prop::sample::select;
    let subject = select(vec![
        "Israel",
        "Azerbaijan",
        "Iran",
        "Tehran",
        "Baku",
        "Russia",
        "The alliance",
        "The arms deal",
        "It",
        "Critics",
    ]);
    let verb = select(vec![
        "is",
        "is not",
        "was never",
        "may be",
        "threatens",
        "supports",
        "condemned",
        "praised",
        "reportedly is",
    ]);
    let judgement = select(vec![
        "a loyal friend",
        "a dangerous, hateful regime",
        "very good for regional stability",
        "reckless and corrupt",
        "the oil and gas trade worth $2.5 billion",
        "a strategic partner in energy security",
        "hostile to Azerbaijan",
        "extremely bad",
        "the peace talks",
        "quiet",
    ]);
    let end = select(vec![".", "!", "?", "..."]);
    (subject, verb, judgement, end, any::<bool>()).prop_map(|(s, v, j, e, quoted)| {
        if quoted {
            format!("“{s} {v} {j}{e}” an official said.")
        } else {
            format!("{s} {v} {j}{e}")
        }
    })
}

fn text() -> impl Strategy<Value = String> {
    let sep = prop::sample::select(vec![" ", " ", "\n\n", "\n"]);
    prop::collection::vec((sentence(), sep), 1..12)
        .prop_map(|v| v.into_iter().map(|(s, p)| format!("{s}{p}")).collect())
}

fn corpus_of(texts: &[(String, bool)]) -> Corpus {
    let sources = texts
        .iter()
        .enumerate()
        .map(|(i, (t, comment))| {
            let is_comment = *comment && i > 0;
            let meta = SourceMeta {
                id: format!("s{i}"),
                kind: Some(if is_comment {
                    SourceKind::Comment
                } else {
                    SourceKind::News
                }),
                parent: is_comment.then(|| "s0".to_string()),
                ..Default::default()
            };
            Source::new(meta, t.clone())
        })
        .collect();
    Corpus {
        name: "random".into(),
        sources,
    }
}

fn corpus() -> impl Strategy<Value = Corpus> {
    prop::collection::vec((text(), any::<bool>()), 1..5).prop_map(|t| corpus_of(&t))
}

fn run(c: &Corpus, threads: usize) -> Comparison {
    compare_with(
        c,
        engine(),
        &CompareOptions {
            count_reprints_once: false,
            threads,
        },
    )
}

fn in_range(x: Option<f64>) -> bool {
    x.map_or(true, |x| (-1.0..=1.0).contains(&x))
}

/// The score recomputed from its evidence with the documented formulas, compared with `==`.
fn recomputes(s: &StanceScore) -> Result<(), String> {
    let (mut m, mut w) = (0.0f64, 0.0f64);
    for e in &s.evidence {
        let mut sum = 0.0f64;
        for c in &e.contributions {
            let v = c.modified * c.role_sign * c.direction;
            if v != c.value {
                return Err(format!("{}: value {} != {v}", c.rule_id, c.value));
            }
            sum += c.value;
        }
        if sum != e.sum {
            return Err(format!("sentence {:?}: sum {} != {sum}", e.span, e.sum));
        }
        m += e.weight * e.sum;
        w += e.weight;
    }
    let want = (w > 0.0).then(|| squash(m / w));
    match s.label {
        StanceLabel::NotCovered => Ok(()),
        _ if want == s.score => Ok(()),
        _ => Err(format!("score {:?} != recomputed {want:?}", s.score)),
    }
}

/// Every contribution names its rule and quotes the words of the text at its span.
fn quotes_its_words(s: &StanceScore, text: &str) -> Result<(), String> {
    for c in s.evidence.iter().flat_map(|e| &e.contributions) {
        if c.rule_id.is_empty() || text.get(c.span.start..c.span.end) != Some(c.text.as_str()) {
            return Err(format!("{:?} {:?} at {:?}", c.rule_id, c.text, c.span));
        }
    }
    Ok(())
}

/// A source's own results in a comparison: cells, overall, bias cues without omission.
fn own_results(c: &Comparison, id: &str) -> serde_json::Value {
    let cells: Vec<_> = c.cells.iter().filter(|x| x.source == id).collect();
    let overall = c.overall.iter().find(|x| x.source == id);
    let mut bias = serde_json::to_value(c.bias.iter().find(|x| x.source == id)).unwrap();
    strip_omission(&mut bias);
    // A topic the source says nothing on gets a row only for its omission cue, which
    // depends on the peers: such rows are relative too.
    let mut empty = serde_json::to_value(BiasCues::default()).unwrap();
    strip_omission(&mut empty);
    if let Some(rows) = bias.get_mut("topics").and_then(|t| t.as_array_mut()) {
        rows.retain(|r| r["cues"] != empty);
    }
    serde_json::json!({"cells": cells, "overall": overall, "bias": bias})
}

fn strip_omission(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("omission");
            m.values_mut().for_each(strip_omission);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_omission),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn scores_are_bounded_and_sum_from_their_evidence(c in corpus()) {
        let cmp = run(&c, 1);
        for cell in &cmp.cells {
            prop_assert!(in_range(cell.score), "{cell:?}");
            prop_assert!((0.0..=1.0).contains(&cell.confidence), "{cell:?}");
            prop_assert!((0.0..=1.0).contains(&cell.coverage), "{cell:?}");
        }
        for o in &cmp.overall {
            prop_assert!(in_range(o.score), "{o:?}");
            prop_assert!((0.0..=1.0).contains(&o.confidence), "{o:?}");
        }
        for d in &cmp.divergent {
            prop_assert!((0.0..=2.0).contains(&d.gap), "{d:?}");
        }
        for src in &c.sources {
            let a = engine().analyse(src);
            for t in &a.topics {
                if let Err(e) = recomputes(&t.stance).and_then(|()| quotes_its_words(&t.stance, &src.text)) {
                    return Err(TestCaseError::fail(format!("{} topic {}: {e}", src.meta.id, t.topic)));
                }
            }
            if let Err(e) = recomputes(&a.overall).and_then(|()| quotes_its_words(&a.overall, &src.text)) {
                return Err(TestCaseError::fail(format!("{} overall: {e}", src.meta.id)));
            }
            // target_stance on every word-ish span of the first sentence.
            let first = src.text.split_inclusive(['.', '!', '?']).next().unwrap_or("");
            for (i, w) in first.split(' ').scan(0usize, |at, w| { let s = *at; *at += w.len() + 1; Some((s, w)) }) {
                if w.is_empty() { continue; }
                let t = engine().target_stance(first, Span::new(i, i + w.len())).unwrap();
                prop_assert!(in_range(t.score), "{t:?}");
            }
        }
    }

    #[test]
    fn an_unrelated_source_changes_no_other_sources_results(c in corpus(), extra in text()) {
        let before = run(&c, 1);
        let mut more = c.clone();
        more.sources.push(Source::new(
            SourceMeta { id: "zz-unrelated".into(), kind: Some(SourceKind::News), ..Default::default() },
            extra,
        ));
        let after = run(&more, 1);
        for s in &c.sources {
            prop_assert_eq!(own_results(&before, &s.meta.id), own_results(&after, &s.meta.id));
        }
    }

    #[test]
    fn duplicating_a_source_text_leaves_its_stance_unchanged(t in text()) {
        let single = Source::new(SourceMeta { id: "a".into(), ..Default::default() }, t.clone());
        let twice = Source::new(
            SourceMeta { id: "a".into(), ..Default::default() },
            format!("{}\n\n{}", t.trim_end(), t.trim_end()),
        );
        let (a, b) = (engine().analyse(&single), engine().analyse(&twice));
        let pairs = a.topics.iter().map(|x| &x.stance).zip(b.topics.iter().map(|x| &x.stance))
            .chain(std::iter::once((&a.overall, &b.overall)));
        for (x, y) in pairs {
            match (x.score, y.score) {
                (Some(p), Some(q)) => prop_assert!((p - q).abs() < 1e-9, "{p} vs {q}\n{t}"),
                (p, q) => prop_assert_eq!(p, q, "{}", t),
            }
            if x.label != StanceLabel::InsufficientEvidence {
                prop_assert_eq!(x.label, y.label, "{}", t);
            }
        }
    }

    #[test]
    fn json_and_html_are_byte_identical_across_runs_and_threads(c in corpus()) {
        let opts = ReportOptions { run_date: Some("2025-01-31".into()), ..ReportOptions::from_engine(engine()) };
        let base = run(&c, 1);
        let json = serde_json::to_string(&base).unwrap();
        let page = html(&base, &c, &opts);
        for threads in [1, 2, 4] {
            let again = run(&c, threads);
            prop_assert_eq!(&serde_json::to_string(&again).unwrap(), &json, "threads {}", threads);
            prop_assert!(html(&again, &c, &opts) == page, "HTML differs with {} threads", threads);
        }
    }
}

/// The overall score of `copies` copies of `t`, one paragraph each.
fn overall_of_copies(t: &str, copies: usize) -> Option<f64> {
    let meta = SourceMeta {
        id: "a".into(),
        ..Default::default()
    };
    let text = vec![t; copies].join("\n\n");
    engine().analyse(&Source::new(meta, text)).overall.score
}

/// Regression: the second copy lost only its long sentence to the pull-quote detector, so
/// the duplicated text scored -0.7415 instead of -0.5957.
#[test]
fn a_text_printed_twice_scores_as_once() {
    let t = "Israel threatens reckless and corrupt. “Israel is a loyal friend.” an official said.";
    let once = overall_of_copies(t, 1);
    assert!(once.is_some());
    assert_eq!(once, overall_of_copies(t, 2));
}

/// Regression (found by the property test above in CI): a text whose long sentence is
/// itself repeated ("S S R") printed twice lined its second block up with the first S
/// instead of the second, so the short sentence R counted twice: -0.5414 instead of -0.4520.
#[test]
fn a_text_with_a_repeated_sentence_printed_twice_scores_as_once() {
    let t = "“Israel may be the oil and gas trade worth $2.5 billion.” an official said. “Israel may be the oil and gas trade worth $2.5 billion.” an official said. Israel is reckless and corrupt.";
    let once = overall_of_copies(t, 1);
    assert!(once.is_some());
    for copies in [2, 3] {
        assert_eq!(once, overall_of_copies(t, copies), "{copies} copies");
    }
}
