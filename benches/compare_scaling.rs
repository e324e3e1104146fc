//! Scaling of `compare` with the number of sources: builds a synthetic corpus of N small
//! sources (~1.5–2 KB each, see `synth.rs`), times `compare` and prints one tab-separated
//! line: sources, MB, seconds, MB/s, peak RSS before and after (VmHWM, MB), cells, bias
//! evidence items, claim groups, claim members, reprint groups. Run one size per process so the
//! high-water mark is per size: `benches/compare_scaling.sh`.
//!
//! `cargo run --release -p stancelens-benches --bin compare_scaling -- N [THREADS]` (default 1)

use stancelens::compare::{compare_with, CompareOptions};
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;
use std::time::Instant;

#[allow(dead_code)]
#[path = "synth.rs"]
mod synth;

/// Peak resident set size in kB, from `/proc/self/status` (Linux only).
fn vm_hwm_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .ok_or("usage: compare_scaling N_SOURCES [THREADS]")?;
    // One thread unless asked: the figures are per core.
    let threads: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let per = 1536;
    let synth = synth::from_sample()?;
    let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    let corpus = synth.sources(n, per, 0x5eed);
    let bytes = synth::corpus_bytes(&corpus);
    let rss_before = vm_hwm_kb().unwrap_or(0);
    let t = Instant::now();
    let cmp = compare_with(
        &corpus,
        &engine,
        &CompareOptions {
            threads,
            ..CompareOptions::default()
        },
    );
    let secs = t.elapsed().as_secs_f64();
    let rss = vm_hwm_kb().unwrap_or(0);
    let mb = bytes as f64 / 1e6;
    // Output size: bias evidence items, claim groups and members, reprint groups.
    let bias_evidence: usize = cmp
        .bias
        .iter()
        .flat_map(|b| std::iter::once(&b.cues).chain(b.topics.iter().map(|t| &t.cues)))
        .map(|c| {
            c.loaded.evidence.len()
                + c.hedging.evidence.len()
                + c.one_sided.evidence.len()
                + c.attribution.evidence.len()
                + c.voices.evidence.len()
        })
        .sum();
    let members: usize = cmp.claims.iter().map(|g| g.members.len()).sum();
    println!(
        "{}\t{mb:.2}\t{secs:.3}\t{:.2}\t{:.1}\t{:.1}\t{}\t{bias_evidence}\t{}\t{members}\t{}",
        corpus.sources.len(),
        mb / secs,
        rss_before as f64 / 1024.0,
        rss as f64 / 1024.0,
        cmp.cells.len(),
        cmp.claims.len(),
        cmp.reprints.len()
    );
    Ok(())
}
