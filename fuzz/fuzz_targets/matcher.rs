//! The matcher on fuzzed rules and text: the input's first line holds patterns
//! separated by `|`, the rest is the text. Hits lie in the text, on char boundaries,
//! in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancelens::lexicon::{Entry, LexiconBuilder};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (rules, text) = input.split_once('\n').unwrap_or((input, "Not a good deal at all."));
    let mut b = LexiconBuilder::new("fuzz", "0");
    for (i, p) in rules.split('|').take(64).enumerate() {
        let mut e = Entry::new(format!("r{i}"), p, 1.0, "valence");
        e.case_sensitive = i % 3 == 1;
        e.literal = i % 5 == 2;
        e.aliases = p.split(',').skip(1).map(str::to_owned).collect();
        b = b.entry(e);
    }
    let Ok(lex) = b.build() else {
        return;
    };
    let Ok(m) = lex.compile() else {
        return;
    };
    let mut last = 0;
    for h in m.find_all(text) {
        assert!(text.get(h.span.start..h.span.end).is_some(), "{h:?}");
        assert!(h.span.start >= last, "{h:?}");
        last = h.span.start;
    }
});
