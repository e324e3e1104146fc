#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Property tests of the default valence mode: no panic on any input; every explanation
//! reproduces its scores exactly; compound in [-1, 1]; pos + neg + neu = 1 (or all 0 when
//! nothing is counted, see docs/scoring.md).

use proptest::prelude::*;
mod common;

use stancelens::valence::ValenceScorer;
use std::sync::OnceLock;

fn scorer() -> &'static ValenceScorer {
    static S: OnceLock<ValenceScorer> = OnceLock::new();
    S.get_or_init(|| ValenceScorer::bundled().unwrap())
}

/// Words and marks that exercise every rule path.
const VOCAB: &[&str] = &[
    "good",
    "GOOD",
    "bad",
    "BAD",
    "not",
    "never",
    "don't",
    "don’t",
    "very",
    "VERY",
    "kind of",
    "slightly",
    "but",
    "however",
    "yet",
    "although",
    "despite",
    "reportedly",
    "may",
    "May",
    "so-called",
    "so\u{2011}called",
    "said",
    "according to",
    "Aliyev",
    "the",
    "deal",
    "fed up",
    "can't stand",
    "yeah right",
    "at least",
    "least",
    "no",
    "Israel’s",
    ",",
    ";",
    ".",
    "!",
    "?",
    "!!!",
    "\u{201C}",
    "\u{201D}",
    "\"",
    "—",
    "(",
    ")",
    ":)",
    ":-(",
    "😀",
    "\n\n",
    "2.5",
    "20,000",
    "Azərbaycan",
    "Израиль",
];

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCAB), 0..40).prop_map(|w| w.join(" "))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![sentence(), any::<String>(), "\\PC{0,200}"]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn scores_are_bounded_and_reproducible(t in text()) {
        let v = scorer().score(&t);
        prop_assert!(v.compound.is_finite() && (-1.0..=1.0).contains(&v.compound));
        for x in [v.pos, v.neg, v.neu] {
            prop_assert!(x.is_finite() && (0.0..=1.0).contains(&x));
        }
        let s = v.pos + v.neg + v.neu;
        prop_assert!(s == 0.0 || (s - 1.0).abs() < 1e-9, "pos+neg+neu = {}", s);
        common::reproduce(&t, &v).map_err(TestCaseError::fail)?;
        // Every hit's span is valid in the text and holds its reported text.
        for h in v.explanation.hits() {
            prop_assert_eq!(t.get(h.span.start..h.span.end), Some(h.text.as_str()));
        }
    }

    #[test]
    fn matcher_hits_are_ordered_and_disjoint(t in text()) {
        let m = scorer().matcher();
        let hits = m.find_all(&t);
        for w in hits.windows(2) {
            prop_assert!(w[0].token_range.end <= w[1].token_range.start);
            prop_assert!(w[0].span.end <= w[1].span.start);
        }
        for h in &hits {
            prop_assert!(t.get(h.span.start..h.span.end).is_some());
            prop_assert!(!h.token_range.is_empty());
        }
    }
}
