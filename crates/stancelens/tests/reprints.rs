//! Reprints: a lightly edited copy of an article (new headline, one paragraph rewritten,
//! typographic quotes swapped for straight ones) groups with its original; different
//! articles on the same subject do not; counting reprints once changes rankings and claim
//! counts only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use stancelens::compare::{compare, compare_with, CompareOptions};
use stancelens::corpus::{Corpus, Source, SourceMeta};
use stancelens::reprints::{find_reprints, Signature, REPRINT_THRESHOLD};
use stancelens::stance::StanceEngine;
use stancelens::text;
use stancelens::topics::Subject;

fn sample() -> Corpus {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/israel-azerbaijan"
    );
    Corpus::from_dir(dir).unwrap().0
}

fn engine() -> StanceEngine {
    StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap()
}

/// The body text of a sample source (its voiced text, without bio or bylines).
fn body(src: &Source) -> String {
    let mut out = String::new();
    for p in text::paragraphs(&src.text) {
        out.push_str(p.slice(&src.text));
        out.push_str("\n\n");
    }
    out
}

/// A light edit: a new headline, the third paragraph replaced, typographic quotes and
/// apostrophes made straight.
fn light_edit(original: &str) -> String {
    let mut paras: Vec<String> = original
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(str::to_owned)
        .collect();
    assert!(paras.len() >= 6, "the original needs a few paragraphs");
    paras[2] = "Our correspondent adds that the ministry declined to comment on the matter \
                when asked on Friday, and that a fuller statement is expected next week."
        .to_owned();
    let mut out = String::from("A Partnership Tested by Its Neighbours\n\n");
    out.push_str(&paras.join("\n\n"));
    out.replace(['\u{201C}', '\u{201D}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
}

fn source(id: &str, text: String) -> Source {
    Source::new(
        SourceMeta {
            id: id.into(),
            ..Default::default()
        },
        text,
    )
}

#[test]
fn light_edit_groups_with_original_and_other_articles_do_not() {
    let s = sample();
    let original = body(s.get("blank-jan-2025").unwrap());
    let edited = light_edit(&original);
    let same_author = body(s.get("blank-essay-2025").unwrap());
    let same_subject = body(s.get("rs-analysis-aug-2021").unwrap());
    let sigs: Vec<Signature> = [&original, &edited, &same_author, &same_subject]
        .iter()
        .map(|t| Signature::of_text(t))
        .collect();
    let sim = sigs[0].similarity(&sigs[1]);
    assert!(sim >= REPRINT_THRESHOLD, "edited copy similarity {sim}");
    for other in &sigs[2..] {
        assert!(sigs[0].similarity(other) < 0.2);
    }
    let groups = find_reprints(&sigs);
    let ids: Vec<Vec<usize>> = groups
        .iter()
        .map(|g| g.iter().map(|m| m.0).collect())
        .collect();
    assert_eq!(ids, vec![vec![0, 1]]);
}

#[test]
fn the_sample_has_no_reprints() {
    let c = compare(&sample(), &engine());
    assert!(c.reprints.is_empty(), "{:?}", c.reprints);
}

#[test]
fn comparison_reports_reprints_and_counts_them_once_on_request() {
    let mut corpus = sample();
    let original = corpus.get("blank-jan-2025").unwrap();
    let copy = source("blank-jan-2025-reprint", light_edit(&body(original)));
    corpus.sources.push(copy);
    let e = engine();
    let plain = compare(&corpus, &e);
    assert_eq!(plain.reprints.len(), 1);
    let ids: Vec<&str> = plain.reprints[0]
        .members
        .iter()
        .map(|m| m.source.as_str())
        .collect();
    assert_eq!(ids, ["blank-jan-2025", "blank-jan-2025-reprint"]);
    let once = compare_with(
        &corpus,
        &e,
        &CompareOptions {
            count_reprints_once: true,
        },
    );
    // Rankings: the reprint is ranked without the option, not with it.
    for (a, b) in plain.rankings.iter().zip(&once.rankings) {
        assert!(a.sources.iter().any(|s| s == "blank-jan-2025-reprint"));
        assert!(!b.sources.iter().any(|s| s == "blank-jan-2025-reprint"));
    }
    // The 40 percent claim: four members either way, four sources or three.
    let forty = |c: &stancelens::compare::Comparison| {
        let g = c
            .claims
            .iter()
            .find(|g| g.quantity == "40 percent")
            .unwrap();
        (g.members.len(), g.sources)
    };
    assert_eq!(forty(&plain), (4, 4));
    assert_eq!(forty(&once), (4, 3));
    let reprint_member = once
        .claims
        .iter()
        .flat_map(|g| &g.members)
        .find(|m| m.source == "blank-jan-2025-reprint")
        .unwrap();
    assert_eq!(reprint_member.reprint_of.as_deref(), Some("blank-jan-2025"));
    // Cells and bias are still there for every source.
    assert_eq!(once.cells.len(), plain.cells.len());
    assert_eq!(once.bias.len(), corpus.sources.len());
}
