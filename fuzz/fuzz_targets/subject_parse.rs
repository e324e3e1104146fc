//! Subject files: parse, and when valid build a stance engine and analyse a sentence.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancelens::corpus::{Source, SourceMeta};
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Subject::from_toml_str(text, "fuzz-subject.toml") {
        Ok(subject) => {
            if let Ok(engine) = StanceEngine::bundled(subject) {
                let meta = SourceMeta { id: "s".into(), ..Default::default() };
                let src = Source::new(meta, "Baku praised Israel. Iran condemned the deal.".into());
                let _ = engine.analyse(&src);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
