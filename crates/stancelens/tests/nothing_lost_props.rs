//! Nothing lost (issue 9, part 3): over random corpora (scraped-page noise, quotations,
//! repeated sentences, manifest exclusions and voice marks, reader comments), every byte
//! of every source is accounted for: in a voice span, or in an excluded span with a
//! reason, with no two spans sharing a byte, and only whitespace between spans. The
//! checks here are written out independently of `Source::check_coverage`, so a bug
//! there cannot hide one in the voice builder.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use serde_json::json;
use stancelens::corpus::{Corpus, ExclusionReason, Source, Voice};

const REASONS: [(&str, ExclusionReason); 6] = [
    ("navigation", ExclusionReason::Navigation),
    ("teaser", ExclusionReason::Teaser),
    ("pull_quote", ExclusionReason::PullQuote),
    ("caption", ExclusionReason::Caption),
    ("widget", ExclusionReason::Widget),
    ("other", ExclusionReason::Other),
];

/// One piece of a random page.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        // Running text.
        "[A-Z][a-z]{1,8}( [a-z]{1,9}){0,8}[.!?]? ",
        Just("Baku signed the energy deal with Jerusalem on Monday. ".to_string()),
        // Exactly repeated long sentence: the pull-quote detector excludes later copies.
        Just(
            "The partnership between the two states has grown steadily over many years. "
                .to_string()
        ),
        // Quotations, closed and unclosed, curly and straight.
        Just("“We will never accept these terms from anyone at all,” he said. ".to_string()),
        Just("\"a scare quote\" ".to_string()),
        Just("“unclosed quotation that never ends ".to_string()),
        // Markup-like residue of scraped pages.
        Just("<div class=\"nav\">Home | World | Share</div>".to_string()),
        Just("&nbsp;&amp;&lt;script&gt;".to_string()),
        Just("[Subscribe] [Share] 12 comments ".to_string()),
        Just("Photo: Reuters/ AP ".to_string()),
        // Whitespace of every kind, line endings mixed.
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\t \u{a0}\u{2003}".to_string()),
        // Anything at all, control and bidi characters included.
        any::<char>().prop_map(|c| c.to_string()),
        "\\PC{0,12}",
    ]
}

/// A source: pieces with numbered markers, some of which a mark excludes or re-voices.
#[derive(Clone, Debug)]
struct Spec {
    pieces: Vec<String>,
    comment: bool,
    /// (marker index, reason index) excluded by a `text` anchor.
    excludes: Vec<(usize, usize)>,
    /// Marker ranges re-voiced as heading/byline/bio by a `from`/`to` anchor.
    voiced: Vec<(usize, usize, &'static str)>,
    markers: usize,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(piece(), 0..40),
        any::<bool>(),
        0usize..6,
        prop::collection::vec((0usize..6, 0usize..6), 0..4),
        prop::collection::vec(
            (
                0usize..6,
                0usize..6,
                prop_oneof![Just("heading"), Just("byline"), Just("bio"), Just("quote")],
            ),
            0..2,
        ),
    )
        .prop_map(|(pieces, comment, markers, ex, vo)| {
            let m = markers.max(1);
            Spec {
                pieces,
                comment,
                markers,
                excludes: if markers == 0 {
                    vec![]
                } else {
                    // One exclusion per marker at most: two marks with the same anchor are fine
                    // for the reader, but the later one would win and the test would need to
                    // know which.
                    let mut seen = std::collections::BTreeMap::new();
                    for (k, r) in ex {
                        seen.entry(k % m).or_insert(r);
                    }
                    seen.into_iter().collect()
                },
                voiced: if markers == 0 {
                    vec![]
                } else {
                    vo.into_iter()
                        .map(|(a, b, v)| (a.min(b) % m, a.max(b) % m, v))
                        .filter(|(a, b, _)| a < b)
                        .collect()
                },
            }
        })
}

/// The marker text; `[mk 1]` is not a substring of `[mk 10]`, so each matches once.
fn marker(k: usize) -> String {
    format!("[mk {k}]")
}

/// The text of a spec: markers spread between the pieces.
fn text_of(s: &Spec) -> String {
    let mut out = String::new();
    let every = (s.pieces.len() / s.markers.max(1)).max(1);
    let mut next = 0;
    for (i, p) in s.pieces.iter().enumerate() {
        if next < s.markers && i % every == 0 {
            out.push_str(&marker(next));
            out.push(' ');
            next += 1;
        }
        out.push_str(p);
    }
    while next < s.markers {
        out.push(' ');
        out.push_str(&marker(next));
        next += 1;
    }
    out
}

fn line_of(i: usize, s: &Spec) -> serde_json::Value {
    let text = text_of(s);
    let exclude: Vec<_> = s
        .excludes
        .iter()
        .map(|&(k, r)| json!({"reason": REASONS[r].0, "text": marker(k), "note": format!("mark {k}")}))
        .collect();
    let voices: Vec<_> = s
        .voiced
        .iter()
        .map(|&(a, b, v)| json!({"voice": v, "from": marker(a), "to": marker(b)}))
        .collect();
    let mut line =
        json!({"id": format!("s{i}"), "text": text, "exclude": exclude, "voices": voices});
    if s.comment && i > 0 {
        line["kind"] = json!("comment");
        line["parent"] = json!("s0");
    }
    line
}

/// Every byte in exactly one span, or whitespace between spans; reasons exactly on
/// excluded spans; the tally adds up. Returns the first broken rule.
fn accounted(src: &Source) -> Result<(), String> {
    let text = &src.text;
    let mut covered = vec![0u8; text.len()];
    let mut prev_end = 0;
    for v in &src.voices {
        let s = v.span;
        if s.start >= s.end || s.end > text.len() {
            return Err(format!("empty or out-of-text span {s:?}"));
        }
        if !text.is_char_boundary(s.start) || !text.is_char_boundary(s.end) {
            return Err(format!("span {s:?} off a character boundary"));
        }
        if s.start < prev_end {
            return Err(format!("span {s:?} overlaps or precedes the previous one"));
        }
        prev_end = s.end;
        if (v.voice == Voice::Excluded) != v.reason.is_some() {
            return Err(format!(
                "span {s:?}: voice {:?} with reason {:?}",
                v.voice, v.reason
            ));
        }
        for b in &mut covered[s.start..s.end] {
            *b += 1;
        }
    }
    for (i, c) in text.char_indices() {
        if covered[i] == 0 && !c.is_whitespace() {
            return Err(format!("byte {i} ({c:?}) is in no span"));
        }
    }
    let t = src.tally();
    let in_spans: usize = src.voices.iter().map(|v| v.span.len()).sum();
    let excluded: usize = src
        .voices
        .iter()
        .filter(|v| v.voice == Voice::Excluded)
        .map(|v| v.span.len())
        .sum();
    let by_reason: usize = t.excluded.values().map(|c| c.bytes).sum();
    let ok = t.total_bytes == text.len()
        && t.voiced_bytes + t.excluded_bytes + t.whitespace_bytes == text.len()
        && t.voiced_bytes + t.excluded_bytes == in_spans
        && t.excluded_bytes == excluded
        && by_reason == excluded
        && t.voices.values().map(|c| c.bytes).sum::<usize>() == in_spans;
    if !ok {
        return Err(format!("tally does not add up: {t:?}"));
    }
    // Spans and the whitespace between them rejoin to the text.
    let mut rejoined = String::new();
    let mut pos = 0;
    for v in &src.voices {
        rejoined.push_str(&text[pos..v.span.start]);
        rejoined.push_str(v.span.slice(text));
        pos = v.span.end;
    }
    rejoined.push_str(&text[pos..]);
    if &rejoined != text {
        return Err("spans do not rejoin to the text".into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn every_byte_of_every_source_is_accounted_for(specs in prop::collection::vec(spec(), 1..5)) {
        let jsonl: String = specs
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}\n", line_of(i, s)))
            .collect();
        let (corpus, _warnings) = Corpus::from_jsonl_reader(jsonl.as_bytes(), "random.jsonl")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{jsonl}")))?;
        prop_assert_eq!(corpus.sources.len(), specs.len());
        for (src, spec) in corpus.sources.iter().zip(&specs) {
            prop_assert_eq!(&src.text, &text_of(spec), "text changed on reading");
            if let Err(e) = accounted(src) {
                return Err(TestCaseError::fail(format!("{}: {e}\n{:?}", src.meta.id, src.text)));
            }
            prop_assert!(src.check_coverage().is_ok(), "{:?}", src.check_coverage());
            // Manifest exclusions win over every detector and keep their reason.
            for &(k, r) in &spec.excludes {
                let m = marker(k);
                let at = src.text.find(&m).unwrap();
                let v = src.voice_at(at).unwrap();
                prop_assert_eq!(v.voice, Voice::Excluded);
                prop_assert_eq!(v.reason, Some(REASONS[r].1));
                prop_assert!(v.span.start <= at && at + m.len() <= v.span.end);
            }
        }
    }
}
