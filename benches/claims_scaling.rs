//! Scaling of claim alignment: builds the claim keys of N synthetic sources (see
//! `claims_synth.rs`), times `claims::align` once and prints one tab-separated line:
//! sources, claims, groups, seconds, microseconds per claim.
//!
//! `cargo run --release -p stancelens-benches --bin claims_scaling -- N`

use stancelens::claims::align;
use std::time::Instant;

#[path = "claims_synth.rs"]
mod claims_synth;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .ok_or("usage: claims_scaling N_SOURCES")?;
    let keys = claims_synth::claim_keys(n, 0x5eed)?;
    let t = Instant::now();
    let groups = align(&keys);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{n}\t{}\t{}\t{secs:.3}\t{:.2}",
        keys.len(),
        groups.len(),
        secs * 1e6 / keys.len() as f64
    );
    Ok(())
}
