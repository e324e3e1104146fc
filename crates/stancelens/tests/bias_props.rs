//! Properties of bias cues, claims and reprints on arbitrary text: `compare` never panics,
//! every span lies on char boundaries inside its source, values stay in their ranges.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use stancelens::claims::quantities;
use stancelens::compare::compare;
use stancelens::corpus::{Corpus, Source, SourceMeta};
use stancelens::stance::StanceEngine;
use stancelens::text::tokenize;
use stancelens::topics::Subject;
use stancelens::Span;
use std::sync::OnceLock;

fn engine() -> &'static StanceEngine {
    static E: OnceLock<StanceEngine> = OnceLock::new();
    E.get_or_init(|| StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap())
}

fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Iran".to_string()),
        Just("Azerbaijan supplies".to_string()),
        Just(" nearly 40% of oil".to_string()),
        Just(" up to forty-two per cent".to_string()),
        Just(" $2.5 billion".to_string()),
        Just(" May 12".to_string()),
        Just(" officials reportedly said".to_string()),
        Just(" the regime clearly".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just(". ".to_string()),
        Just("\n\n".to_string()),
        Just(" ".to_string()),
        Just("é‑’ ".to_string()),
        "[0-9,.]{1,8}",
        "[a-z]{1,6}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn ok_span(text: &str, s: Span) -> bool {
    s.start <= s.end
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn quantities_spans_are_valid(text in text_strategy()) {
        for q in quantities(&text, &tokenize(&text)) {
            prop_assert!(ok_span(&text, q.span));
            prop_assert!(q.value.is_finite());
        }
    }

    #[test]
    fn compare_spans_and_values_are_valid(a in text_strategy(), b in text_strategy()) {
        let src = |id: &str, t: &str| Source::new(SourceMeta { id: id.into(), ..Default::default() }, t.to_owned());
        let corpus = Corpus { name: "p".into(), sources: vec![src("a", &a), src("b", &b), src("c", &a)] };
        let c = compare(&corpus, engine());
        for bias in &c.bias {
            let text = &corpus.get(&bias.source).unwrap().text;
            for cues in std::iter::once(&bias.cues).chain(bias.topics.iter().map(|t| &t.cues)) {
                for e in cues.loaded.evidence.iter().chain(&cues.hedging.evidence)
                    .chain(&cues.attribution.evidence).chain(&cues.voices.evidence).chain(&cues.one_sided.evidence)
                {
                    prop_assert!(ok_span(text, e.span) && ok_span(text, e.sentence));
                    prop_assert!(e.sentence.contains(e.span));
                }
                for v in [cues.hedging.value, cues.voices.value, cues.one_sided.lean] {
                    prop_assert!(v.map_or(true, |v| (-1.0..=1.0).contains(&v)));
                }
                for v in [cues.attribution.value, cues.one_sided.value] {
                    prop_assert!(v.map_or(true, |v| (0.0..=1.0).contains(&v)));
                }
            }
        }
        for g in &c.claims {
            for m in &g.members {
                let text = &corpus.get(&m.source).unwrap().text;
                prop_assert!(ok_span(text, m.sentence) && m.sentence.contains(m.quantity_span));
            }
        }
        for g in &c.reprints {
            for m in &g.members {
                prop_assert!((0.0..=1.0).contains(&m.similarity));
            }
        }
    }
}
