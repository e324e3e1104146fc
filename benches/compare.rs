//! Throughput of the whole comparison (topics, stance, cells, rankings, divergent pairs)
//! on a ≥ 10 MB synthetic corpus built from the sample (see `synth.rs`), corpus already
//! in memory, with the allocator the command line and the Python wheel ship with
//! (mimalloc): the analysis allocates per sentence, and what a user runs is measured. Run:
//! `cargo bench -p stancelens-benches --bench compare -- --warm-up-time 1 --measurement-time 20`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use stancelens::compare::{compare_with, CompareOptions};
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[allow(dead_code)]
#[path = "synth.rs"]
mod synth;

#[path = "../crates/stancelens-cli/src/pages.rs"]
mod pages;

fn bench_compare(c: &mut Criterion) {
    pages::small_pages_only();
    let corpus = synth::from_sample()
        .unwrap()
        .corpus(10 * 1024 * 1024, None, 0x5eed);
    let bytes = synth::corpus_bytes(&corpus);
    let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap();
    let mut g = c.benchmark_group("compare");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    // One core (the per-core target), then two worker threads.
    for threads in [1, 2] {
        let options = CompareOptions {
            threads,
            ..CompareOptions::default()
        };
        let name = if threads == 1 {
            "israel_azerbaijan_10MB".to_owned()
        } else {
            format!("israel_azerbaijan_10MB_{threads}_threads")
        };
        g.bench_function(name, |b| {
            b.iter(|| {
                compare_with(black_box(&corpus), &engine, &options)
                    .cells
                    .len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_compare);
criterion_main!(benches);
