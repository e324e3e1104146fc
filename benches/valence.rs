//! Throughput of the VADER-exact and default valence modes on the seed texts replicated to ~10 MB, scored
//! line by line (like `vader_side_by_side.py`). Run:
//! `cargo bench -p stancelens-benches --bench valence -- --warm-up-time 1 --measurement-time 5`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use stancelens::valence::{vader, ValenceScorer};

#[path = "corpus.rs"]
mod corpus;

fn bench_vader(c: &mut Criterion) {
    let text = corpus::replicated(10 * 1024 * 1024).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut g = c.benchmark_group("valence");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("vader_exact_lines_10MB", |b| {
        let mut a = vader::Analyzer::new();
        b.iter(|| {
            let mut acc = 0.0;
            for l in &lines {
                acc += a.polarity_scores(black_box(l)).compound;
            }
            acc
        })
    });
    g.bench_function("vader_explain_lines_10MB", |b| {
        let mut a = vader::Analyzer::new();
        b.iter(|| {
            let mut acc = 0.0;
            for l in &lines {
                acc += a.explain(black_box(l)).raw_sum;
            }
            acc
        })
    });
    // The default (explainable, quirk-fixed) mode: no speed target of its own; it is the
    // engine that stance scoring runs on, so its figure bounds the compare pipeline.
    g.bench_function("default_mode_lines_10MB", |b| {
        let scorer = ValenceScorer::bundled().unwrap();
        b.iter(|| {
            let mut acc = 0.0;
            for l in &lines {
                acc += scorer.score(black_box(l)).compound;
            }
            acc
        })
    });
    g.finish();
}

criterion_group!(benches, bench_vader);
criterion_main!(benches);
