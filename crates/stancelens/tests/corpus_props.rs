//! Properties of voice building on arbitrary text: never panics, always accounts for every byte.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use stancelens::corpus::{Corpus, Source, SourceMeta};

fn text_strategy() -> impl Strategy<Value = String> {
    // Words, sentence ends, quotes and blank lines, so the detectors have work to do.
    let piece = prop_oneof![
        Just("Baku".to_string()),
        Just("signed the deal".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just(". ".to_string()),
        Just("\n\n".to_string()),
        Just(" ".to_string()),
        Just("é‑’ ".to_string()),
        "[a-z]{1,6}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn voices_account_for_every_byte(text in text_strategy()) {
        let meta = SourceMeta { id: "p".into(), ..Default::default() };
        let s = Source::new(meta, text.clone());
        prop_assert!(s.check_coverage().is_ok(), "{:?}", s.check_coverage());
        let t = s.tally();
        prop_assert_eq!(t.voiced_bytes + t.excluded_bytes + t.whitespace_bytes, text.len());
    }

    #[test]
    fn repeated_text_is_excluded_once(text in "[A-Z][a-z]{2,8}( [a-z]{2,8}){6,12}\\.") {
        let doubled = format!("{text}\n\n{text}");
        let meta = SourceMeta { id: "p".into(), ..Default::default() };
        let s = Source::new(meta, doubled);
        let excluded: Vec<_> = s.voices.iter().filter(|v| v.reason.is_some()).collect();
        prop_assert_eq!(excluded.len(), 1);
        prop_assert_eq!(excluded[0].span.slice(&s.text), text.as_str());
        prop_assert!(excluded[0].span.start > 0);
    }

    #[test]
    fn date_validation_never_panics(s in "[0-9T:Z+.\\-]{0,30}|\\PC{0,20}") {
        let _ = stancelens::corpus::validate_date(&s);
    }

    #[test]
    fn jsonl_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = Corpus::from_jsonl_reader(bytes.as_slice(), "fuzz.jsonl");
    }
}
