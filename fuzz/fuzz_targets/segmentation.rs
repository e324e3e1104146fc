//! Text layer on arbitrary UTF-8: paragraphs, sentences, tokens, quotations and the
//! normalisation map keep their span invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancelens::text;
use stancelens::Span;

fn ordered(text: &str, spans: &[Span]) {
    let mut end = 0;
    for s in spans {
        assert!(s.start >= end && s.start < s.end && s.end <= text.len(), "{s:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        end = s.end;
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(t) = std::str::from_utf8(data) else {
        return;
    };
    let paras = text::paragraphs(t);
    ordered(t, &paras);
    let sents = text::sentences(t);
    ordered(t, &sents);
    for p in &paras {
        ordered(t, &text::sentences_in(t, *p));
    }
    // Sentences with the whitespace between them rejoin to the input.
    let mut pos = 0;
    for s in &sents {
        assert!(t[pos..s.start].trim().is_empty());
        pos = s.end;
    }
    assert!(t[pos..].trim().is_empty());
    let toks = text::tokenize(t);
    ordered(t, &toks.iter().map(|k| k.span).collect::<Vec<_>>());
    for q in text::quotations(t) {
        assert!(t.get(q.span.start..q.span.end).is_some());
    }
    let n = text::normalize_for_matching(t);
    let len = n.as_str().len();
    let back = n.to_original(Span::new(0, len));
    assert!(back.end <= t.len());
    let _ = text::normalize(t);
});
