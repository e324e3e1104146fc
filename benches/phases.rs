//! Where the time of `stancelens score` goes, one core: each phase runs over the whole
//! corpus in turn (reading and voice building, duplicate detection alone, sentence
//! segmentation and tokenizing alone, topic detection, the full analysis, the scoring
//! with bias cues, scoring plus JSON, and the whole comparison on one thread), with the
//! CLI's allocator. Later phases include
//! earlier ones where the library does (analysis includes detection), so compare rows.
//! Run: `cargo run --release -p stancelens-benches --bin phases -- corpus.jsonl [repeats]
//! [only]`; with `only`, just the phases whose name contains it (for `perf record`).
#![allow(clippy::unwrap_used)]
use stancelens::compare::{compare_with, CompareOptions};
use stancelens::corpus::{voices, Corpus, JsonlSources, Source};
use stancelens::score::Scorer;
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn phase(only: &str, name: &str, mb: f64, repeats: usize, mut f: impl FnMut() -> usize) {
    if !name.contains(only) {
        return;
    }
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..repeats {
        n += std::hint::black_box(f());
    }
    let ms = t.elapsed().as_secs_f64() * 1000.0 / repeats as f64;
    println!(
        "{name:<24} {ms:8.1} ms  {:6.1} MB/s  ({n} items)",
        mb / ms * 1000.0
    );
}

#[path = "../crates/stancelens-cli/src/pages.rs"]
mod pages;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    pages::small_pages_only();
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: phases corpus.jsonl [repeats]")?;
    let repeats: usize = args.next().map_or(Ok(3), |r| r.parse())?;
    let only = args.next().unwrap_or_default();
    let data = std::fs::read(&path)?;
    let mb = data.len() as f64 / 1e6;
    println!("{path}: {mb:.1} MB, {repeats} repeats");
    let mut sources: Vec<Source> = Vec::new();
    phase("", "read + voices", mb, 1, || {
        sources = JsonlSources::new(&data[..], &path)
            .collect::<Result<_, _>>()
            .unwrap();
        sources.len()
    });
    let each = |f: &dyn Fn(&Source) -> usize| sources.iter().map(f).sum::<usize>();
    phase(&only, "  duplicate sentences", mb, repeats, || {
        each(&|s| voices::duplicate_sentences(&s.text, 1).len())
    });
    phase(&only, "  quoted speech", mb, repeats, || {
        each(&|s| voices::quote_spans(&s.text).len())
    });
    phase(&only, "sentences", mb, repeats, || {
        each(&|s| stancelens::text::sentences(&s.text).len())
    });
    phase(&only, "tokenize", mb, repeats, || {
        each(&|s| stancelens::text::tokenize(&s.text).len())
    });
    phase(&only, "voiced sentences", mb, repeats, || {
        each(&|s| s.voiced_sentences().len())
    });
    let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    let scorer = Scorer::bundled(&engine)?;
    phase(&only, "detect topics", mb, repeats, || {
        each(&|s| engine.subject().detect(s).len())
    });
    phase(&only, "analyse (with detect)", mb, repeats, || {
        each(&|s| engine.analyse(s).topics.len())
    });
    phase(&only, "score (with bias)", mb, repeats, || {
        each(&|s| scorer.score(s).cells.len())
    });
    phase(&only, "score + JSON", mb, repeats, || {
        each(&|s| serde_json::to_vec(&scorer.score(s)).map_or(0, |v| v.len()))
    });
    if "compare (1 thread)".contains(only.as_str()) {
        let (corpus, _) = Corpus::from_jsonl(&path)?;
        let options = CompareOptions {
            threads: 1,
            ..CompareOptions::default()
        };
        phase(&only, "compare (1 thread)", mb, repeats, || {
            compare_with(&corpus, &engine, &options).cells.len()
        });
    }
    Ok(())
}
