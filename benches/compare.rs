//! Throughput of the whole comparison (topics, stance, cells, rankings, divergent pairs)
//! on a ≥ 10 MB synthetic corpus built from the sample (see `synth.rs`), corpus already
//! in memory. Run:
//! `cargo bench -p stancelens-benches --bench compare -- --warm-up-time 1 --measurement-time 20`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use stancelens::compare::compare;
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;

#[allow(dead_code)]
#[path = "synth.rs"]
mod synth;

fn bench_compare(c: &mut Criterion) {
    let corpus = synth::Synth::from_sample()
        .unwrap()
        .corpus(10 * 1024 * 1024, None, 0x5eed);
    let bytes = synth::corpus_bytes(&corpus);
    let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap();
    let mut g = c.benchmark_group("compare");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("israel_azerbaijan_10MB", |b| {
        b.iter(|| compare(black_box(&corpus), &engine).cells.len())
    });
    g.finish();
}

criterion_group!(benches, bench_compare);
criterion_main!(benches);
