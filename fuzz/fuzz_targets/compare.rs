//! The whole compare path on small corpora read from fuzzed JSON Lines: comparison,
//! its JSON and Markdown, and the HTML report. Scores stay in [-1, 1].
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancelens::compare::{compare_with, CompareOptions};
use stancelens::corpus::Corpus;
use stancelens::report::{html, ReportOptions};
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;
use std::sync::OnceLock;

fn engine() -> Option<&'static StanceEngine> {
    static E: OnceLock<Option<StanceEngine>> = OnceLock::new();
    E.get_or_init(|| {
        let s = Subject::bundled("israel-azerbaijan").ok()?;
        StanceEngine::bundled(s).ok()
    })
    .as_ref()
}

fuzz_target!(|data: &[u8]| {
    let Some(engine) = engine() else {
        return;
    };
    let Ok((corpus, _)) = Corpus::from_jsonl_reader(data, "fuzz.jsonl") else {
        return;
    };
    if corpus.sources.len() > 8 {
        return;
    }
    let cmp = compare_with(&corpus, engine, &CompareOptions { count_reprints_once: data.len() % 2 == 0, threads: 1 });
    for o in &cmp.overall {
        assert!(o.score.is_none_or(|s| (-1.0..=1.0).contains(&s)), "{o:?}");
    }
    let json = serde_json::to_string(&cmp).unwrap_or_default();
    assert!(json.starts_with('{'));
    let _ = cmp.to_markdown();
    let _ = html(&cmp, &corpus, &ReportOptions::from_engine(engine));
});

