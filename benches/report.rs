//! Report generation (HTML, Markdown, CSV) on the same ≥ 10 MB synthetic corpus as the
//! `compare` bench (`synth.rs`, same size and seed), comparison computed once outside the
//! timing. The target: each report under 10% of the `compare` pipeline's time. Run:
//! `cargo bench -p stancelens-benches --bench report -- --warm-up-time 1 --measurement-time 10`
//! and compare with `cargo bench -p stancelens-benches --bench compare`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use stancelens::compare::compare;
use stancelens::report::{self, ReportOptions};
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;

#[allow(dead_code)]
#[path = "synth.rs"]
mod synth;

fn bench_report(c: &mut Criterion) {
    let corpus = synth::from_sample()
        .unwrap()
        .corpus(10 * 1024 * 1024, None, 0x5eed);
    let bytes = synth::corpus_bytes(&corpus);
    let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap();
    let cmp = compare(&corpus, &engine);
    let opts = ReportOptions {
        run_date: Some("2025-01-31".into()),
        ..ReportOptions::from_engine(&engine)
    };
    let mut g = c.benchmark_group("report");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("html_10MB", |b| {
        b.iter(|| report::html(black_box(&cmp), &corpus, &opts).len())
    });
    // What `stancelens report` does: the page written as it is rendered (here to a sink).
    g.bench_function("html_streamed_10MB", |b| {
        b.iter(|| report::write_html(black_box(&cmp), &corpus, &opts, &mut std::io::sink()).is_ok())
    });
    g.bench_function("markdown_10MB", |b| {
        b.iter(|| report::markdown(black_box(&cmp), &corpus, &opts).len())
    });
    g.bench_function("csv_10MB", |b| {
        b.iter(|| report::csv(black_box(&cmp), &corpus).evidence.len())
    });
    g.finish();
}

criterion_group!(benches, bench_report);
criterion_main!(benches);
