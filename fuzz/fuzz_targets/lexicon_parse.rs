//! Lexicon rule files: parse, and when valid compile and match a fixed sentence.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancelens::lexicon::Lexicon;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Lexicon::from_toml_str(text, "fuzz.toml") {
        Ok(lex) => {
            if let Ok(m) = lex.compile() {
                let t = "Not very good, but the deal isn't bad at all!!! Baku-Jerusalem ties.";
                for h in m.find_all(t) {
                    assert!(t.get(h.span.start..h.span.end).is_some());
                }
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
