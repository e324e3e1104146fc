// Shared by the compare bench and the scaling binary: synthetic corpora built from the
// sample corpus, with varied ids and sentences mixed between sources by a fixed-seed
// PRNG, so sources are not identical copies.

use stancelens::corpus::{Corpus, Source, SourceMeta};
use stancelens::text;
use std::path::PathBuf;

/// The sample corpus folder: `STANCELENS_SAMPLE_DIR`, else `fixtures/israel-azerbaijan`.
pub fn sample_dir() -> PathBuf {
    std::env::var_os("STANCELENS_SAMPLE_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/israel-azerbaijan"),
        PathBuf::from,
    )
}

/// xorshift64: tiny, deterministic, good enough to shuffle sentences.
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> XorShift {
        XorShift(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One sample source cut into paragraphs of sentences.
struct Parsed {
    meta: SourceMeta,
    paragraphs: Vec<Vec<String>>,
}

/// Builds synthetic corpora from a loaded sample.
pub struct Synth {
    parsed: Vec<Parsed>,
    /// Every sentence of the sample: the pool that mixing draws from.
    pool: Vec<String>,
}

impl Synth {
    pub fn new(sample: &Corpus) -> Result<Synth, String> {
        let mut parsed = Vec::new();
        let mut pool = Vec::new();
        for s in &sample.sources {
            let t = s.text.as_str();
            let mut paragraphs = Vec::new();
            for p in text::paragraphs(t) {
                let ptext = p.slice(t);
                let sents: Vec<String> = text::sentences(ptext)
                    .iter()
                    .map(|x| x.slice(ptext).to_owned())
                    .collect();
                pool.extend(sents.iter().cloned());
                if !sents.is_empty() {
                    paragraphs.push(sents);
                }
            }
            if !paragraphs.is_empty() {
                parsed.push(Parsed {
                    meta: s.meta.clone(),
                    paragraphs,
                });
            }
        }
        if parsed.is_empty() {
            return Err("the sample corpus has no text".into());
        }
        Ok(Synth { parsed, pool })
    }

    /// Loads the sample corpus from [`sample_dir`].
    pub fn from_sample() -> Result<Synth, String> {
        let dir = sample_dir();
        let (sample, _) = Corpus::from_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Synth::new(&sample)
    }

    /// A corpus of at least `total` bytes of text. Source `i` follows sample source
    /// `i % n` (its kind, parent link and paragraph order), starting at a random
    /// paragraph when `per_source` is set (then it stops once it has `per_source` bytes,
    /// wrapping round), else taking the whole source; each sentence is replaced, with
    /// probability 1/4, by a random sentence of the whole sample. Ids get a `#round`
    /// suffix; parents are renamed the same way.
    pub fn corpus(&self, total: usize, per_source: Option<usize>, seed: u64) -> Corpus {
        self.build(|_, bytes| bytes >= total, per_source, seed)
    }

    /// Exactly `n` sources of about `per_source` bytes each (see [`Synth::corpus`]).
    pub fn sources(&self, n: usize, per_source: usize, seed: u64) -> Corpus {
        self.build(|count, _| count >= n, Some(per_source), seed)
    }

    fn build(
        &self,
        done: impl Fn(usize, usize) -> bool,
        per_source: Option<usize>,
        seed: u64,
    ) -> Corpus {
        let mut rng = XorShift::new(seed);
        let mut sources = Vec::new();
        let mut bytes = 0usize;
        let n = self.parsed.len();
        let mut i = 0usize;
        while !done(sources.len(), bytes) {
            let base = &self.parsed[i % n];
            let round = i / n;
            let np = base.paragraphs.len();
            let (start, limit) = match per_source {
                Some(b) => (rng.below(np), b),
                None => (0, usize::MAX),
            };
            let mut text = String::new();
            let mut k = 0usize;
            while text.len() < limit && (per_source.is_some() || k < np) {
                let para = &base.paragraphs[(start + k) % np];
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                for (j, s) in para.iter().enumerate() {
                    if j > 0 {
                        text.push(' ');
                    }
                    if rng.below(4) == 0 {
                        text.push_str(&self.pool[rng.below(self.pool.len())]);
                    } else {
                        text.push_str(s);
                    }
                }
                k += 1;
            }
            text.push('\n');
            let mut meta = base.meta.clone();
            meta.id = format!("{}#{round}", meta.id);
            meta.parent = meta.parent.map(|p| format!("{p}#{round}"));
            bytes += text.len();
            sources.push(Source::new(meta, text));
            i += 1;
        }
        Corpus {
            name: "synthetic".into(),
            sources,
        }
    }
}

/// Total text bytes of a corpus.
pub fn corpus_bytes(c: &Corpus) -> usize {
    c.sources.iter().map(|s| s.text.len()).sum()
}
