//! Property tests for the text layer: no panics, valid spans, lossless segmentation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use stancelens::text::{self, Span};

/// Pieces that exercise the segmenter's rules when glued together.
const PIECES: &[&str] = &[
    "Baku",
    "the",
    "Israel",
    "said",
    "U.S.",
    "U.K.",
    "Dr.",
    "Mr.",
    "e.g.",
    "i.e.",
    "etc.",
    "Inc.",
    "Jan.",
    "No.",
    "J.",
    "S.",
    "2.5%",
    "$1.2",
    "3.14",
    "20,000",
    "21st",
    "don’t",
    "don't",
    "Azerbaijan’s",
    "’90s",
    "Əliyev",
    "Azərbaycan",
    "The",
    "However",
    "It",
    "a",
    ".",
    ". ",
    "? ",
    "!",
    "?!",
    "…",
    "...",
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    "(",
    ")",
    "[",
    "]",
    "«",
    "»",
    "—",
    " – ",
    "‑",
    "-",
    ",",
    ":",
    ";",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\u{00A0}",
    "\u{202F}",
    "\u{2009}",
    "\u{200B}",
    "\u{200D}",
    "\u{00AD}",
    "\u{FEFF}",
    "\u{200E}",
    "\u{2066}",
    "🇦🇿",
    "👍🏽",
    "👨‍👩‍👧",
    "❤️",
    "e\u{0301}",
    "İ",
    "ß",
    "ﬁ",
    "https://news.az/a.b?c=1",
    "a@b.org",
    "www.example.com",
    "。",
    "？",
    "\u{2028}",
    "\u{2029}",
    "\u{0085}",
];

fn text_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|v| {
        let mut s = String::new();
        for (i, p) in v.iter().enumerate() {
            // Mostly space-separated, sometimes glued.
            if i > 0 && i % 3 != 0 {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

fn any_unicode() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..120).prop_map(|v| v.into_iter().collect())
}

fn either() -> impl Strategy<Value = String> {
    prop_oneof![text_like(), any_unicode()]
}

fn on_boundaries(t: &str, s: Span) -> bool {
    s.start <= s.end && s.end <= t.len() && t.is_char_boundary(s.start) && t.is_char_boundary(s.end)
}

/// Spans are valid, trimmed, sorted, disjoint, and every byte outside them is whitespace.
fn check_partition(t: &str, spans: &[Span], what: &str) -> Result<(), TestCaseError> {
    let mut prev = 0usize;
    for &s in spans {
        prop_assert!(on_boundaries(t, s), "{what} {s:?} off boundary");
        prop_assert!(!s.is_empty(), "{what} empty {s:?}");
        prop_assert!(s.start >= prev, "{what} {s:?} not after {prev}");
        let body = s.slice(t);
        prop_assert_eq!(body.trim(), body, "{} {:?} not trimmed", what, s);
        let gap = &t[prev..s.start];
        prop_assert!(
            gap.chars().all(char::is_whitespace),
            "{what} gap {gap:?} not blank"
        );
        prev = s.end;
    }
    let tail = &t[prev..];
    prop_assert!(
        tail.chars().all(char::is_whitespace),
        "{what} tail {tail:?} not blank"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn segmentation_is_lossless(t in either()) {
        let paras = text::paragraphs(&t);
        check_partition(&t, &paras, "paragraph")?;
        let sents = text::sentences(&t);
        check_partition(&t, &sents, "sentence")?;
        for s in &sents {
            prop_assert!(paras.iter().any(|p| p.contains(*s)), "sentence {s:?} outside paragraphs");
        }
        // Paragraph by paragraph gives the same sentences as the whole text.
        let per_para: Vec<Span> = paras.iter().flat_map(|p| text::sentences_in(&t, *p)).collect();
        prop_assert_eq!(&per_para, &sents);
        // Rejoin: segments plus gaps give back the input exactly.
        let mut rebuilt = String::new();
        let mut prev = 0;
        for s in &sents {
            rebuilt.push_str(&t[prev..s.start]);
            rebuilt.push_str(s.slice(&t));
            prev = s.end;
        }
        rebuilt.push_str(&t[prev..]);
        prop_assert_eq!(rebuilt, t.clone());
    }

    #[test]
    fn sentences_in_any_span_never_panics(t in either(), a in 0usize..400, b in 0usize..400) {
        let span = Span::new(a.min(b), a.max(b));
        for s in text::sentences_in(&t, span) {
            prop_assert!(on_boundaries(&t, s));
            prop_assert!(span.contains(s));
        }
    }

    #[test]
    fn tokens_are_valid(t in either()) {
        let toks = text::tokenize(&t);
        let mut prev = 0;
        for k in &toks {
            prop_assert!(on_boundaries(&t, k.span));
            prop_assert!(!k.span.is_empty());
            prop_assert!(k.span.start >= prev);
            let first = k.span.slice(&t).chars().next().unwrap();
            prop_assert!(!first.is_whitespace());
            prev = k.span.end;
        }
        // Tokens inside sentences tokenise the same as the whole text.
        let mut inner = Vec::new();
        for p in text::paragraphs(&t) {
            text::tokenize_into(&t, p, &mut inner);
        }
        prop_assert!(inner.iter().all(|k| on_boundaries(&t, k.span)));
    }

    #[test]
    fn quotations_are_valid(t in either()) {
        let paras = text::paragraphs(&t);
        let qs = text::quotations(&t);
        let mut prev_start = 0;
        for q in &qs {
            prop_assert!(on_boundaries(&t, q.span));
            prop_assert!(on_boundaries(&t, q.inner));
            prop_assert!(q.span.contains(q.inner));
            prop_assert!(q.span.len() > q.inner.len());
            prop_assert!(paras.iter().any(|p| p.contains(q.span)), "quote {:?} crosses paragraphs", q.span);
            prop_assert!(q.span.start >= prev_start);
            prev_start = q.span.start;
        }
    }

    #[test]
    fn normalize_maps_back(t in either(), fold_case in any::<bool>()) {
        let n = if fold_case { text::normalize_for_matching(&t) } else { text::normalize(&t) };
        let folded = n.as_str();
        // Every folded token maps to a valid original span whose own folding contains it.
        for k in text::tokenize(folded) {
            let o = n.to_original(k.span);
            prop_assert!(on_boundaries(&t, o), "{:?} -> {:?}", k.span, o);
            let refolded = if fold_case {
                text::normalize_for_matching(o.slice(&t)).as_str().to_owned()
            } else {
                text::normalize(o.slice(&t)).as_str().to_owned()
            };
            prop_assert!(
                refolded.contains(k.span.slice(folded)),
                "token {:?} maps to {:?} which folds to {:?}",
                k.span.slice(folded), o.slice(&t), refolded
            );
        }
        // Any offsets, even off boundaries, map to boundaries, monotonically.
        let mut last = 0;
        for f in 0..=folded.len() + 1 {
            let o = n.to_original_offset(f);
            prop_assert!(o <= t.len() && t.is_char_boundary(o));
            prop_assert!(o >= last, "offset map not monotone at {f}");
            last = o;
            let s = n.to_original(Span::new(f / 2, f));
            prop_assert!(on_boundaries(&t, s));
        }
        // The whole folded text maps to a span covering every visible original char.
        if !folded.is_empty() {
            let all = n.to_original(Span::new(0, folded.len()));
            prop_assert!(t[..all.start].chars().all(|c| text::fold_char(c) == text::Fold::Remove));
            prop_assert!(t[all.end..].chars().all(|c| text::fold_char(c) == text::Fold::Remove));
        }
    }

    #[test]
    fn plain_ascii_is_identity(t in "[ -~\n\t]{0,200}") {
        let n = text::normalize(&t);
        prop_assert_eq!(n.as_str(), t.as_str());
        prop_assert!(n.is_identity());
        for k in text::tokenize(&t) {
            prop_assert_eq!(n.to_original(k.span), k.span);
        }
        let m = text::normalize_for_matching(&t);
        prop_assert_eq!(m.as_str(), t.to_ascii_lowercase());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// Scoring treats a sentence the segmenter produced as one sentence without
    /// segmenting it again; that is exact only if segmenting it again gives itself.
    #[test]
    fn a_sentence_is_one_sentence(t in either()) {
        for s in text::sentences(&t) {
            let piece = s.slice(&t);
            let again = text::sentences(piece);
            prop_assert!(
                again.len() == 1 && again[0] == Span::new(0, piece.len()),
                "{piece:?} segments into {again:?}"
            );
        }
    }
}

#[test]
fn sample_sentences_are_one_sentence() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut seen = 0;
    for dir in ["israel-azerbaijan", "subjects/urban-cycling-corpus"] {
        for f in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = f.unwrap().path();
            if p.extension().is_some_and(|e| e == "txt") {
                let t = std::fs::read_to_string(&p).unwrap();
                for s in text::sentences(&t) {
                    let piece = s.slice(&t);
                    assert_eq!(
                        text::sentences(piece),
                        [Span::new(0, piece.len())],
                        "{piece:?}"
                    );
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 300, "{seen}");
}
