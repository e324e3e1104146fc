// Shared by the claims bench and the claims_scaling binary: claim keys for N synthetic
// sources. Each source contributes the claims of its synthetic text (sample sentences,
// so the sample's facts recur in thousands of sources, as a widely reported figure would)
// plus two generated claims with a random quantity and random content words from a
// 5,000-word vocabulary (mostly distinct facts). Built once, outside the timing.

use stancelens::claims::{quantities, ClaimKey};
use stancelens::text::{sentences, tokenize};

#[allow(dead_code)]
#[path = "synth.rs"]
mod synth;

pub fn claim_keys(n_sources: usize, seed: u64) -> Result<Vec<ClaimKey>, String> {
    let s = synth::from_sample()?;
    let corpus = s.sources(n_sources, 1536, seed);
    let mut rng = synth::XorShift::new(seed ^ 0x00c1_a1b5);
    let vocab: Vec<String> = (0..5000).map(|i| format!("w{i:04}x")).collect();
    let mut keys = Vec::new();
    let mut line = String::new();
    for src in &corpus.sources {
        for sentence in sentences(&src.text) {
            let t = sentence.slice(&src.text);
            let toks = tokenize(t);
            for q in quantities(t, &toks) {
                keys.push(ClaimKey::new(t, &toks, &q, &[], &[]));
            }
        }
        for _ in 0..2 {
            line.clear();
            let n = 10 + rng.below(990);
            line.push_str(&format!(
                "The {} {} reached {n} percent of {} {} this season.",
                vocab[rng.below(vocab.len())],
                vocab[rng.below(vocab.len())],
                vocab[rng.below(vocab.len())],
                vocab[rng.below(vocab.len())]
            ));
            let toks = tokenize(&line);
            if let Some(q) = quantities(&line, &toks).first() {
                keys.push(ClaimKey::new(&line, &toks, q, &[], &[]));
            }
        }
    }
    Ok(keys)
}
