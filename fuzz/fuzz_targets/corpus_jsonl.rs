//! The JSON Lines reader on arbitrary bytes: errors are fine, panics are not, and every
//! source read accounts for every byte of its text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancelens::corpus::Corpus;

fuzz_target!(|data: &[u8]| {
    if let Ok((corpus, _warnings)) = Corpus::from_jsonl_reader(data, "fuzz.jsonl") {
        for s in &corpus.sources {
            assert!(s.check_coverage().is_ok(), "{:?}", s.check_coverage());
            let t = s.tally();
            assert_eq!(t.voiced_bytes + t.excluded_bytes + t.whitespace_bytes, s.text.len());
        }
    } else if let Err(e) = Corpus::from_jsonl_reader(data, "fuzz.jsonl") {
        // Every error renders (Display walks nested errors).
        let _ = e.to_string();
    }
});
