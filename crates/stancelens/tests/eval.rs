//! `stancelens::eval`: broken data sets fail with located errors; the metrics of an
//! evaluation are what its predictions say; predictions are the engine's own overall
//! stance, in file order, whatever the thread count.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use stancelens::corpus::{Source, SourceKind, SourceMeta};
use stancelens::eval::{
    evaluate, Columns, Dataset, DatasetFormat, Decision, EvalOptions, Gold, Metrics,
};
use stancelens::stance::{StanceEngine, StanceLabel};
use stancelens::topics::Subject;
use std::path::PathBuf;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/eval")).join(rel)
}

fn engine() -> StanceEngine {
    StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap()
}

/// (file, the message's start after the path, the `file:line:col` it must name)
const BROKEN: &[(&str, &str, &str)] = &[
    (
        "field-count.tsv",
        "3 fields where the header has 2",
        "field-count.tsv:3:26:",
    ),
    (
        "unknown-label.tsv",
        "unknown label `MAYBE`; known:",
        "unknown-label.tsv:3:14:",
    ),
    (
        "invalid-utf8.tsv",
        "invalid UTF-8 (first bad byte 0xe9)",
        "invalid-utf8.tsv:2:6:",
    ),
    (
        "open-quote.csv",
        "this quote is never closed",
        "open-quote.csv:2:3:",
    ),
    (
        "numeric-label.jsonl",
        "unknown label `1`; numbers mean different things",
        "numeric-label.jsonl:2:33:",
    ),
    (
        "no-text-column.tsv",
        "no text column; the columns are: ID, Content of tweet, Stance",
        "no-text-column.tsv:1:1:",
    ),
];

#[test]
fn broken_data_sets_fail_with_located_errors() {
    for (file, message, location) in BROKEN {
        let path = fixture("broken").join(file);
        let err = Dataset::from_file(&path, None, &Columns::default())
            .expect_err(file)
            .to_string();
        assert!(err.contains(location), "{file}: {err}");
        let after = err
            .split_once(location)
            .map(|(_, m)| m.trim_start())
            .unwrap_or("");
        assert!(after.starts_with(message), "{file}: {err}");
    }
}

#[test]
fn predictions_are_the_engines_overall_stance_in_file_order() {
    let data =
        Dataset::from_file(&fixture("semeval-format.tsv"), None, &Columns::default()).unwrap();
    assert_eq!(data.rows.len(), 8);
    assert_eq!(data.target_column.as_deref(), Some("Target"));
    let engine = engine();
    let one = evaluate(
        &data,
        &engine,
        &EvalOptions {
            decision: Decision::Sign,
            threads: 1,
        },
    );
    let two = evaluate(
        &data,
        &engine,
        &EvalOptions {
            decision: Decision::Sign,
            threads: 2,
        },
    );
    assert_eq!(one, two);
    for (row, p) in data.rows.iter().zip(&one.predictions) {
        assert_eq!((&row.id, row.line, row.gold), (&p.id, p.line, p.gold));
        let meta = SourceMeta {
            id: row.id.clone(),
            kind: Some(SourceKind::Article),
            ..Default::default()
        };
        let overall = engine.analyse(&Source::new(meta, row.text.clone())).overall;
        assert_eq!(
            (overall.score, overall.label),
            (p.score, p.label),
            "{}",
            row.id
        );
        let by_sign = match overall.score {
            Some(s) if s > 0.0 => Gold::Favour,
            Some(s) if s < 0.0 => Gold::Against,
            _ => Gold::None,
        };
        assert_eq!(p.predicted, by_sign, "{}", row.id);
    }
    // Some row is decided differently by label: thin evidence is `none` by label.
    let by_label = evaluate(&data, &engine, &EvalOptions::default());
    for p in &by_label.predictions {
        let expected = match p.label {
            StanceLabel::Favour => Gold::Favour,
            StanceLabel::Against => Gold::Against,
            _ => Gold::None,
        };
        assert_eq!(p.predicted, expected, "{}", p.id);
    }
}

#[test]
fn metrics_are_recomputed_from_the_predictions() {
    let data =
        Dataset::from_file(&fixture("semeval-format.tsv"), None, &Columns::default()).unwrap();
    let result = evaluate(
        &data,
        &engine(),
        &EvalOptions {
            decision: Decision::Sign,
            threads: 0,
        },
    );
    let pairs = |target: Option<&str>| {
        result
            .predictions
            .iter()
            .filter(|p| target.is_none() || p.target.as_deref() == target)
            .map(|p| (p.gold, p.predicted))
            .collect::<Vec<_>>()
    };
    let scored = |target: Option<&str>| {
        result
            .predictions
            .iter()
            .filter(|p| (target.is_none() || p.target.as_deref() == target) && p.score.is_some())
            .count()
    };
    assert_eq!(
        result.overall,
        Metrics::from_pairs(pairs(None), scored(None))
    );
    assert_eq!(result.by_target.len(), 2);
    for t in &result.by_target {
        let name = t.target.as_deref();
        assert_eq!(t.engine, Metrics::from_pairs(pairs(name), scored(name)));
        // The majority baseline predicts one class for every row of the target.
        let predicted: Vec<usize> = (0..3)
            .map(|c| t.majority.confusion.iter().map(|r| r[c]).sum())
            .collect();
        assert_eq!(predicted.iter().filter(|&&n| n > 0).count(), 1, "{name:?}");
    }
    // The pooled F_avg is SemEval's: from pooled counts, not a mean of the targets'.
    let m = &result.overall;
    assert!((m.f_avg - (m.favour.f1 + m.against.f1) / 2.0).abs() < 1e-15);
    assert!(result
        .lexicons
        .last()
        .unwrap()
        .name
        .starts_with("subject:israel-azerbaijan"));
}

#[test]
fn one_target_only() {
    let data =
        Dataset::from_file(&fixture("semeval-format.tsv"), None, &Columns::default()).unwrap();
    let only = data.clone().only_target("other TARGET").unwrap();
    assert_eq!(
        only.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["201", "202"]
    );
    let err = data.only_target("Atheism").unwrap_err().to_string();
    assert!(
        err.ends_with("the targets are: Israel-Azerbaijan alignment (6), Other target (2)"),
        "{err}"
    );
}

proptest::proptest! {
    /// Any text, in any of the three formats, is read or refused with a located error: no
    /// panic, and every row read keeps a line inside the text.
    #[test]
    fn any_text_is_read_or_refused_never_a_panic(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "text", "label", "Tweet", "Stance", "\t", ",", "\"", "\"\"", "\n", "\r\n", "{", "}",
            ":", "favor", "AGAINST", "none", "1", "é", " ", "[", "]", "\u{feff}", "id", "target",
        ]), 0..40),
    ) {
        let text: String = parts.concat();
        let lines = u32::try_from(text.lines().count().max(1)).unwrap();
        for format in [DatasetFormat::Tsv, DatasetFormat::Csv, DatasetFormat::Jsonl] {
            match Dataset::parse(&text, "p.txt", format, &Columns::default()) {
                Ok(d) => {
                    for r in &d.rows {
                        proptest::prop_assert!(r.line >= 1 && r.line <= lines);
                    }
                }
                Err(e) => {
                    let loc = e.location();
                    proptest::prop_assert!(loc.path.to_str() == Some("p.txt"));
                    proptest::prop_assert!(loc.line.unwrap_or(1) <= lines + 1);
                }
            }
        }
    }
}
