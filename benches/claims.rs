//! Claim alignment (`claims::align`) on the claims of 10,000 and 100,000 synthetic sources
//! (see `claims_synth.rs`; keys built outside the timing). Near-linear growth is the target.
//! Run: `cargo bench -p stancelens-benches --bench claims -- --warm-up-time 1 --measurement-time 10`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use stancelens::claims::align;

#[path = "claims_synth.rs"]
mod claims_synth;

fn bench_align(c: &mut Criterion) {
    let mut g = c.benchmark_group("claims_align");
    g.sample_size(10);
    for n in [10_000usize, 100_000] {
        let keys = claims_synth::claim_keys(n, 0x5eed).unwrap();
        g.throughput(Throughput::Elements(keys.len() as u64));
        g.bench_with_input(BenchmarkId::new("sources", n), &keys, |b, keys| {
            b.iter(|| align(black_box(keys)).len())
        });
    }
    g.finish();
}

criterion_group!(benches, bench_align);
criterion_main!(benches);
