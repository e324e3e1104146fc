//! Throughput of the whole comparison (topics, stance, cells) on the sample corpus,
//! replicated with varied ids to at least 10 MB.
//!
//! `cargo run --release -p stancelens --example compare_throughput [MB]`

use stancelens::compare::compare;
use stancelens::corpus::Corpus;
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target_mb: f64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10.0);
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/israel-azerbaijan"
    );
    let (sample, _) = Corpus::from_dir(dir)?;
    let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    let mut corpus = Corpus {
        name: "replicated".into(),
        sources: Vec::new(),
    };
    let mut bytes = 0usize;
    let mut round = 0usize;
    while (bytes as f64) < target_mb * 1e6 {
        for s in &sample.sources {
            let mut s = s.clone();
            s.meta.id = format!("{}#{round}", s.meta.id);
            s.meta.parent = s.meta.parent.map(|p| format!("{p}#{round}"));
            bytes += s.text.len();
            corpus.sources.push(s);
        }
        round += 1;
    }
    // Reference: plain valence over the same texts (one pass of the bundled scorer).
    let scorer = stancelens::valence::ValenceScorer::bundled()?;
    let t = Instant::now();
    let mut sink = 0.0;
    for s in &corpus.sources {
        sink += scorer.score(&s.text).compound;
    }
    let vsecs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let cmp = compare(&corpus, &engine);
    let secs = t.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    println!(
        "{} sources, {mb:.1} MB, {} cells in {secs:.2} s: {:.1} MB/s",
        corpus.sources.len(),
        cmp.cells.len(),
        mb / secs
    );
    println!(
        "reference: plain valence scoring of the same text: {:.1} MB/s (checksum {sink:.3})",
        mb / vsecs
    );
    Ok(())
}
