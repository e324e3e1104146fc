//! Synthetic corpora for benchmarks, built from a sample corpus with a fixed-seed PRNG.
//!
//! Two kinds of source, both made of the sample's own sentences (nothing here knows the
//! sample's subject):
//!
//! * **sample-following**: source *i* follows sample source *i mod n* (its kind, parent
//!   link, metadata and paragraph order) with id `<id>#<round>`; each sentence is replaced
//!   with probability 1/4 by a random sentence of the whole sample, so no two sources are
//!   copies;
//! * **random mixes** (only when [`SynthOptions::mix_one_in`] is set): paragraphs of 2–6
//!   sentences drawn at random from the whole sample, id `mix-<k>`, kind `article`.
//!
//! The same sample, options and seed give the same sources, byte for byte
//! ([`write_jsonl`] writes them as a JSON Lines corpus without holding them all).
//!
//! ```
//! use stancelens::corpus::synth::{Synth, SynthOptions};
//! use stancelens::corpus::Corpus;
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/israel-azerbaijan");
//! let (sample, _) = Corpus::from_dir(dir)?;
//! let synth = Synth::new(&sample).map_err(|e| e.to_string())?;
//! let corpus = synth.sources(20, 1536, 7);
//! assert_eq!(corpus.sources.len(), 20);
//! assert_eq!(corpus.sources[0].meta.id, format!("{}#0", sample.sources[0].meta.id));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::{Corpus, Source, SourceKind, SourceMeta};
use crate::text;
use serde::Serialize;
use std::io::Write;

/// xorshift64: tiny, deterministic, good enough to shuffle sentences.
///
/// ```
/// let mut a = stancelens::corpus::synth::XorShift::new(3);
/// let mut b = stancelens::corpus::synth::XorShift::new(3);
/// assert_eq!(a.next(), b.next());
/// assert!(a.below(10) < 10);
/// ```
#[derive(Clone, Debug)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from `seed` (0 is taken as 1: xorshift never leaves 0).
    pub fn new(seed: u64) -> XorShift {
        XorShift(seed.max(1))
    }

    /// The next 64 random bits.
    #[allow(clippy::should_implement_trait)] // not an iterator: it never ends
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform in `0..n` (`n` > 0; 0 for `n` = 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next() % n as u64) as usize
    }
}

/// One sample source cut into paragraphs of sentences.
#[derive(Debug)]
struct Parsed {
    meta: SourceMeta,
    paragraphs: Vec<Vec<String>>,
}

/// What to build: see [`Synth::stream`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SynthOptions {
    /// The PRNG seed.
    pub seed: u64,
    /// `Some(b)`: each sample-following source starts at a random paragraph and stops once
    /// it has `b` bytes (wrapping round); `None`: whole sample sources.
    pub per_source: Option<usize>,
    /// `k` > 0: each source is a random mix with probability 1/k; 0: never.
    pub mix_one_in: u32,
}

/// Builds synthetic corpora from a loaded sample.
#[derive(Debug)]
pub struct Synth {
    parsed: Vec<Parsed>,
    /// Every sentence of the sample: the pool that mixing draws from.
    pool: Vec<String>,
}

/// Error of [`Synth::new`] and [`write_jsonl`].
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// The sample has no sentence to build from.
    #[error("the sample corpus has no text")]
    EmptySample,
    /// Writing the output failed.
    #[error("writing the corpus: {0}")]
    Io(#[from] std::io::Error),
    /// A source could not be serialised (not expected: every field is a string).
    #[error("serialising a source: {0}")]
    Json(#[from] serde_json::Error),
}

impl Synth {
    /// Cut the sample's sources into paragraphs of sentences. A parent link is kept only
    /// when the parent comes earlier in the sample, so that every prefix of a synthetic
    /// corpus is a valid corpus.
    pub fn new(sample: &Corpus) -> Result<Synth, SynthError> {
        let mut parsed: Vec<Parsed> = Vec::new();
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
                let mut meta = s.meta.clone();
                if let Some(p) = &meta.parent {
                    if !parsed.iter().any(|q| &q.meta.id == p) {
                        meta.parent = None;
                    }
                }
                parsed.push(Parsed { meta, paragraphs });
            }
        }
        if parsed.is_empty() {
            return Err(SynthError::EmptySample);
        }
        Ok(Synth { parsed, pool })
    }

    /// A corpus of at least `total` bytes of text (sample-following sources only; see
    /// [`SynthOptions::per_source`]).
    ///
    /// ```
    /// # use stancelens::corpus::{synth::Synth, Corpus};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/israel-azerbaijan");
    /// # let synth = Synth::new(&Corpus::from_dir(dir)?.0)?;
    /// let c = synth.corpus(50_000, None, 1);
    /// assert!(stancelens::corpus::synth::corpus_bytes(&c) >= 50_000);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn corpus(&self, total: usize, per_source: Option<usize>, seed: u64) -> Corpus {
        let mut bytes = 0usize;
        let mut sources = Vec::new();
        let opts = SynthOptions {
            seed,
            per_source,
            mix_one_in: 0,
        };
        for s in self.stream(opts) {
            if bytes >= total {
                break;
            }
            bytes += s.text.len();
            sources.push(s);
        }
        Corpus {
            name: "synthetic".into(),
            sources,
        }
    }

    /// Exactly `n` sample-following sources of about `per_source` bytes each.
    ///
    /// ```
    /// # use stancelens::corpus::{synth::Synth, Corpus};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/israel-azerbaijan");
    /// # let synth = Synth::new(&Corpus::from_dir(dir)?.0)?;
    /// assert_eq!(synth.sources(3, 500, 1).sources.len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sources(&self, n: usize, per_source: usize, seed: u64) -> Corpus {
        let opts = SynthOptions {
            seed,
            per_source: Some(per_source),
            mix_one_in: 0,
        };
        Corpus {
            name: "synthetic".into(),
            sources: self.stream(opts).take(n).collect(),
        }
    }

    /// An endless stream of sources (take what you need): nothing is kept between items.
    ///
    /// ```
    /// # use stancelens::corpus::{synth::{Synth, SynthOptions}, Corpus};
    /// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/israel-azerbaijan");
    /// # let synth = Synth::new(&Corpus::from_dir(dir)?.0)?;
    /// let opts = SynthOptions { seed: 9, per_source: None, mix_one_in: 2 };
    /// let ids: Vec<String> = synth.stream(opts).take(40).map(|s| s.meta.id).collect();
    /// assert!(ids.iter().any(|id| id.starts_with("mix-")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stream(&self, options: SynthOptions) -> SynthSources<'_> {
        SynthSources {
            synth: self,
            rng: XorShift::new(options.seed),
            options,
            following: 0,
            mixes: 0,
        }
    }

    fn sentence<'a>(&'a self, rng: &mut XorShift, own: &'a str) -> &'a str {
        if rng.below(4) == 0 {
            &self.pool[rng.below(self.pool.len())]
        } else {
            own
        }
    }

    fn following(
        &self,
        b: usize,
        rng: &mut XorShift,
        per_source: Option<usize>,
    ) -> (SourceMeta, String) {
        let n = self.parsed.len();
        let base = &self.parsed[b % n];
        let round = b / n;
        let np = base.paragraphs.len();
        let (start, limit) = match per_source {
            Some(bytes) => (rng.below(np), bytes),
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
                text.push_str(self.sentence(rng, s));
            }
            k += 1;
        }
        text.push('\n');
        let mut meta = base.meta.clone();
        meta.id = format!("{}#{round}", meta.id);
        meta.parent = meta.parent.map(|p| format!("{p}#{round}"));
        (meta, text)
    }

    fn mix(&self, k: usize, rng: &mut XorShift, per_source: Option<usize>) -> (SourceMeta, String) {
        // Whole-source mixes are as long as an average sample source.
        let limit = per_source.unwrap_or_else(|| {
            let total: usize = self
                .parsed
                .iter()
                .flat_map(|p| p.paragraphs.iter().flatten())
                .map(String::len)
                .sum();
            total / self.parsed.len()
        });
        let mut text = String::new();
        while text.len() < limit.max(1) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            for j in 0..2 + rng.below(5) {
                if j > 0 {
                    text.push(' ');
                }
                text.push_str(&self.pool[rng.below(self.pool.len())]);
            }
        }
        text.push('\n');
        let meta = SourceMeta {
            id: format!("mix-{k}"),
            kind: Some(SourceKind::Article),
            ..SourceMeta::default()
        };
        (meta, text)
    }
}

/// The endless source stream of [`Synth::stream`].
#[derive(Debug)]
pub struct SynthSources<'a> {
    synth: &'a Synth,
    rng: XorShift,
    options: SynthOptions,
    following: usize,
    mixes: usize,
}

impl SynthSources<'_> {
    /// The next source's metadata and text, without voice detection.
    fn next_raw(&mut self) -> (SourceMeta, String) {
        let o = self.options;
        // No draw at all without mixes: the sample-following corpora stay what they were.
        if o.mix_one_in > 0 && self.rng.below(o.mix_one_in as usize) == 0 {
            self.mixes += 1;
            return self.synth.mix(self.mixes - 1, &mut self.rng, o.per_source);
        }
        self.following += 1;
        self.synth
            .following(self.following - 1, &mut self.rng, o.per_source)
    }
}

impl Iterator for SynthSources<'_> {
    type Item = Source;

    fn next(&mut self) -> Option<Source> {
        let (meta, text) = self.next_raw();
        Some(Source::new(meta, text))
    }
}

/// Total text bytes of a corpus.
pub fn corpus_bytes(c: &Corpus) -> usize {
    c.sources.iter().map(|s| s.text.len()).sum()
}

/// One JSON Lines record, as [`super::JsonlSources`] reads it.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outlet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<SourceKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    text: &'a str,
}

/// When [`write_jsonl`] stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SynthSize {
    /// After the line that makes the output at least this many bytes.
    Bytes(u64),
    /// After this many sources.
    Sources(u64),
}

/// Write sources as JSON Lines (one source per line, metadata and text; voices are left to
/// the reader's detectors) until `size` is reached. Returns (sources, bytes) written.
/// Memory: one source at a time.
///
/// ```
/// use stancelens::corpus::synth::{write_jsonl, Synth, SynthOptions, SynthSize};
/// use stancelens::corpus::Corpus;
/// # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/israel-azerbaijan");
/// let synth = Synth::new(&Corpus::from_dir(dir)?.0)?;
/// let opts = SynthOptions { seed: 1, per_source: Some(800), mix_one_in: 4 };
/// let mut out = Vec::new();
/// let (n, bytes) = write_jsonl(&synth, opts, SynthSize::Sources(12), &mut out)?;
/// assert_eq!((n, bytes), (12, out.len() as u64));
/// let (corpus, _) = Corpus::from_jsonl_reader(out.as_slice(), "synth.jsonl")?;
/// assert_eq!(corpus.sources.len(), 12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_jsonl(
    synth: &Synth,
    options: SynthOptions,
    size: SynthSize,
    mut out: impl Write,
) -> Result<(u64, u64), SynthError> {
    let (mut n, mut bytes) = (0u64, 0u64);
    let mut line = Vec::new();
    let mut stream = synth.stream(options);
    loop {
        let done = match size {
            SynthSize::Bytes(b) => bytes >= b,
            SynthSize::Sources(k) => n >= k,
        };
        if done {
            break;
        }
        let (m, text) = stream.next_raw();
        let m = &m;
        let rec = Record {
            id: &m.id,
            title: m.title.as_deref(),
            outlet: m.outlet.as_deref(),
            author: m.author.as_deref(),
            date: m.date.as_deref(),
            url: m.url.as_deref(),
            lang: m.lang.as_deref(),
            kind: m.kind,
            parent: m.parent.as_deref(),
            text: &text,
        };
        line.clear();
        serde_json::to_writer(&mut line, &rec)?;
        line.push(b'\n');
        out.write_all(&line)?;
        n += 1;
        bytes += line.len() as u64;
    }
    out.flush()?;
    Ok((n, bytes))
}
