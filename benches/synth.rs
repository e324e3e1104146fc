// Shared by the benches and the scaling binaries: the synthetic-corpus generator of the
// library (`stancelens::corpus::synth`, also behind `stancelens corpus synth`) on the sample
// corpus.

// Each bench uses a part of this module.
#![allow(unused_imports)]

pub use stancelens::corpus::synth::{corpus_bytes, Synth, XorShift};
use stancelens::corpus::Corpus;
use std::path::PathBuf;

/// The sample corpus folder: `STANCELENS_SAMPLE_DIR`, else `fixtures/israel-azerbaijan`.
pub fn sample_dir() -> PathBuf {
    std::env::var_os("STANCELENS_SAMPLE_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/israel-azerbaijan"),
        PathBuf::from,
    )
}

/// The generator on the sample corpus of [`sample_dir`].
pub fn from_sample() -> Result<Synth, String> {
    let dir = sample_dir();
    let (sample, _) = Corpus::from_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Synth::new(&sample).map_err(|e| e.to_string())
}
