//! Side-by-side comparison: sources × topics, rankings, and the most divergent pair per
//! topic. The serialised form is the `stancelens compare` JSON
//! (`docs/compare.schema.json`).
//!
//! Sources are listed in a canonical order (by id), so the output is the same byte for
//! byte whatever the order of the input and the number of threads. What the comparison
//! keeps of each source is a [`Partial`]: partials of shards merge (associatively) and
//! finish into the same comparison as [`compare_with`] on all the sources, which is itself
//! one partial finished; [`compare_jsonl`] streams a JSON Lines corpus through them.
//!
//! ```
//! use stancelens::compare::compare;
//! use stancelens::corpus::Corpus;
//! use stancelens::stance::StanceEngine;
//! use stancelens::topics::Subject;
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/israel-azerbaijan");
//! let (corpus, _) = Corpus::from_dir(dir)?;
//! let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
//! let c = compare(&corpus, &engine);
//! assert_eq!(c.cells.len(), c.sources.len() * c.topics.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::bias::{self, BiasRules, SourceBias};
use crate::claims::{self, ClaimGroup, ClaimKey, ClaimMember, Quantity};
use crate::corpus::voices::TextTokens;
use crate::corpus::{Corpus, Source, SourceKind};
use crate::reprints::{self, ReprintGroup, ReprintMember, Signature};
use crate::stance::{EvidenceSentence, StanceEngine, StanceLabel};
use crate::topics::{SubjectMeta, Target};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// A lexicon layer or the subject file, for provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerInfo {
    /// Name.
    pub name: String,
    /// Version.
    pub version: String,
    /// Hex sha256 of the file.
    pub sha256: String,
}

/// A source's metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// Id.
    pub id: String,
    /// Parent id (comments).
    pub parent: Option<String>,
    /// Kind.
    pub kind: Option<SourceKind>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Date.
    pub date: Option<String>,
}

/// A topic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicInfo {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// +1 or −1.
    pub target_sign: f64,
    /// What a positive cell score means.
    pub positive: Option<String>,
}

/// One source × topic cell (score in the topic's `positive` direction).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Source id.
    pub source: String,
    /// Topic id.
    pub topic: String,
    /// In [−1, 1]; null when not covered or without evidence.
    pub score: Option<f64>,
    /// Label.
    pub label: StanceLabel,
    /// Share of the source's own-voice sentences on the topic.
    pub coverage: f64,
    /// Weighted evidence count.
    pub evidence_count: f64,
    /// In [0, 1].
    pub confidence: f64,
    /// Evidence sentences with their contributions.
    pub evidence: Vec<EvidenceSentence>,
    /// On-topic passages (byte spans into the source text).
    pub passages: Vec<crate::Span>,
}

/// Overall stance of a source toward the target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overall {
    /// Source id.
    pub source: String,
    /// In [−1, 1], null when not covered or without evidence.
    pub score: Option<f64>,
    /// Label.
    pub label: StanceLabel,
    /// Weighted evidence count.
    pub evidence_count: f64,
    /// In [0, 1].
    pub confidence: f64,
}

/// Sources ranked on one topic (score descending; unscored last; ties by id).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ranking {
    /// Topic id.
    pub topic: String,
    /// Source ids.
    pub sources: Vec<String>,
}

/// One side of a divergent pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Side {
    /// Source id.
    pub source: String,
    /// The cell score.
    pub score: f64,
    /// The evidence sentence with the largest `weight·|sum|` in the direction of the
    /// score (or overall, when none points that way).
    pub strongest: Option<EvidenceSentence>,
}

/// The most divergent pair of sources on a topic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Divergent {
    /// Topic id.
    pub topic: String,
    /// `high.score − low.score`.
    pub gap: f64,
    /// The higher-scoring source.
    pub high: Side,
    /// The lower-scoring source.
    pub low: Side,
}

/// The comparison of a corpus under a subject.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// Crate version.
    pub stancelens_version: String,
    /// Subject metadata.
    pub subject: SubjectMeta,
    /// Target.
    pub target: Target,
    /// Lexicon layers and the subject file.
    pub lexicons: Vec<LayerInfo>,
    /// Sources in canonical order: by id (whatever the order of the corpus).
    pub sources: Vec<SourceInfo>,
    /// Topics in subject order.
    pub topics: Vec<TopicInfo>,
    /// One per source × topic, source-major in canonical (id) and subject order.
    pub cells: Vec<Cell>,
    /// One per source.
    pub overall: Vec<Overall>,
    /// One per topic.
    pub rankings: Vec<Ranking>,
    /// One per topic with at least two scored sources.
    pub divergent: Vec<Divergent>,
    /// Bias cues per source and per (source, topic), in canonical (id) order.
    pub bias: Vec<SourceBias>,
    /// Shared claims: facts stated by at least two sources, with each source's framing.
    pub claims: Vec<ClaimGroup>,
    /// Groups of near-duplicate sources (reprints).
    pub reprints: Vec<ReprintGroup>,
}

/// Options of [`compare_with`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CompareOptions {
    /// Count each reprint group once: only its first member (smallest id) is ranked, is a
    /// divergent-pair candidate and is a peer for omission, and a shared claim counts the
    /// group as one source. Cells, overall scores and bias cues are still given for every
    /// source.
    pub count_reprints_once: bool,
    /// Worker threads for the per-source work (segmenting, matching, scoring): `0` uses
    /// every core, `1` runs on the calling thread. The result is the same, byte for byte,
    /// whatever the number: sources are analysed independently and assembled in canonical
    /// order.
    pub threads: usize,
}

/// The pool for `threads` workers (`0`: every core); `None` runs on the calling thread
/// (one worker, or a pool that cannot be built: the result is the same either way).
pub(crate) fn worker_pool(threads: usize) -> Option<rayon::ThreadPool> {
    if threads == 1 {
        return None;
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .ok()
        .filter(|p| p.current_num_threads() > 1)
}

fn strongest(ev: &[EvidenceSentence], sign: f64) -> Option<EvidenceSentence> {
    let key = |e: &EvidenceSentence| e.weight * e.sum * sign;
    ev.iter()
        .filter(|e| key(e) > 0.0)
        .max_by(|a, b| {
            key(a)
                .total_cmp(&key(b))
                .then(b.span.start.cmp(&a.span.start))
        })
        .or_else(|| {
            ev.iter()
                .max_by(|a, b| (a.weight * a.sum.abs()).total_cmp(&(b.weight * b.sum.abs())))
        })
        .cloned()
}

/// Analyse every source and build the comparison with the default options and the
/// bundled bias rules. Deterministic: canonical source order (by id) and subject order
/// throughout, no hash-map iteration, so the output is the same byte for byte whatever
/// the order of the sources and the number of threads.
pub fn compare(corpus: &Corpus, engine: &StanceEngine) -> Comparison {
    compare_with(corpus, engine, &CompareOptions::default())
}

/// [`compare`] with options, using the bundled bias rules
/// ([`BiasRules::bundled`]; should they ever fail to load, `bias` is empty and the `bias`
/// layer is missing from `lexicons`, so the gap shows in the output).
///
/// ```
/// use stancelens::compare::{compare_with, CompareOptions};
/// use stancelens::corpus::Corpus;
/// use stancelens::stance::StanceEngine;
/// use stancelens::topics::Subject;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/israel-azerbaijan");
/// let (corpus, _) = Corpus::from_dir(dir)?;
/// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
/// let c = compare_with(&corpus, &engine, &CompareOptions { count_reprints_once: true, threads: 0 });
/// assert_eq!(c.bias.len(), c.sources.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare_with(
    corpus: &Corpus,
    engine: &StanceEngine,
    options: &CompareOptions,
) -> Comparison {
    compare_inner(corpus, engine, bias::bundled_rules().ok(), options)
}

/// [`compare_with`] with given bias rules (e.g. the bundled ones layered with a user file).
///
/// ```
/// use stancelens::bias::BiasRules;
/// use stancelens::compare::{compare_with_rules, CompareOptions};
/// use stancelens::corpus::Corpus;
/// use stancelens::stance::StanceEngine;
/// use stancelens::topics::Subject;
/// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
/// let c = compare_with_rules(&Corpus::default(), &engine, &BiasRules::bundled()?, &CompareOptions::default());
/// assert!(c.lexicons.iter().any(|l| l.name == "bias"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare_with_rules(
    corpus: &Corpus,
    engine: &StanceEngine,
    rules: &BiasRules,
    options: &CompareOptions,
) -> Comparison {
    compare_inner(corpus, engine, Some(rules), options)
}

/// Sources read per batch by [`compare_jsonl`] (per worker thread): memory holds one
/// batch of texts at a time.
pub const STREAM_BATCH_PER_THREAD: usize = 64;

/// [`compare_with_rules`] on a JSON Lines corpus read as a stream: sources are read, analysed
/// and dropped a batch at a time ([`STREAM_BATCH_PER_THREAD`] per worker), their
/// [`Partial`]s merged as they come, so memory grows only with what the comparison keeps
/// (cells with their evidence, bias cues, claim index, signatures), never with the texts.
/// The result is the same, byte for byte, as [`compare_with_rules`] on
/// [`Corpus::from_jsonl_reader`]'s corpus, and so are the warnings and errors (every bad
/// line, duplicate ids and dangling parents, located).
///
/// ```
/// use stancelens::bias::BiasRules;
/// use stancelens::compare::{compare_jsonl, compare_with_rules, CompareOptions};
/// use stancelens::corpus::Corpus;
/// use stancelens::stance::StanceEngine;
/// use stancelens::topics::Subject;
/// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
/// let rules = BiasRules::bundled()?;
/// let data = "{\"id\": \"b\", \"text\": \"Baku praised Israel.\"}\n{\"id\": \"a\", \"text\": \"Iran threatens Baku.\"}\n";
/// let opts = CompareOptions::default();
/// let (streamed, _warnings) = compare_jsonl(data.as_bytes(), "mem.jsonl", &engine, &rules, &opts)?;
/// let (corpus, _) = Corpus::from_jsonl_reader(data.as_bytes(), "mem.jsonl")?;
/// assert_eq!(streamed, compare_with_rules(&corpus, &engine, &rules, &opts));
/// let bad = compare_jsonl("{\"id\": 1}\n".as_bytes(), "bad.jsonl", &engine, &rules, &opts);
/// assert!(bad.unwrap_err().to_string().starts_with("bad.jsonl:1:"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare_jsonl(
    reader: impl std::io::BufRead,
    name: impl Into<std::path::PathBuf>,
    engine: &StanceEngine,
    rules: &BiasRules,
    options: &CompareOptions,
) -> Result<(Comparison, Vec<crate::corpus::Warning>), crate::corpus::CorpusError> {
    let name = name.into();
    let pool = worker_pool(options.threads);
    let batch_len = STREAM_BATCH_PER_THREAD * pool.as_ref().map_or(1, |p| p.current_num_threads());
    // The analysis reuses the tokens found while reading each source.
    let mut it = crate::corpus::JsonlSources::new(reader, name.clone()).keeping_tokens();
    let mut errors = Vec::new();
    // Same provenance throughout: the merges cannot fail.
    let mut merged = MergeStack::default();
    let mut batch = Vec::with_capacity(batch_len);
    let mut known = Vec::with_capacity(batch_len);
    let flush =
        |batch: &mut Vec<Source>, known: &mut Vec<Option<TextTokens>>, merged: &mut MergeStack| {
            merged.push(Partial::build_in(
                batch,
                known,
                engine,
                Some(rules),
                pool.as_ref(),
            ));
            batch.clear();
            known.clear();
        };
    while let Some(item) = it.next_with_tokens() {
        match item {
            // Once a line is bad the comparison will not be made: only keep checking.
            Ok((s, tokens)) if errors.is_empty() => {
                batch.push(s);
                known.push(tokens);
                if batch.len() == batch_len {
                    flush(&mut batch, &mut known, &mut merged);
                }
            }
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    let (warnings, cross) = it.finish();
    errors.extend(cross);
    errors.sort_by_key(|e| (e.location().line, e.location().column));
    if let Some(e) = crate::corpus::CorpusError::collect(crate::Location::new(&name), errors) {
        return Err(e);
    }
    flush(&mut batch, &mut known, &mut merged);
    let all = merged
        .finish()
        .unwrap_or_else(|| Partial::build(&[], engine, Some(rules), 1));
    Ok((all.finish_unchecked(engine, options), warnings))
}

fn compare_inner(
    corpus: &Corpus,
    engine: &StanceEngine,
    rules: Option<&BiasRules>,
    options: &CompareOptions,
) -> Comparison {
    // One code path: the whole corpus is one shard, finished at once.
    Partial::build(&corpus.sources, engine, rules, options.threads)
        .finish_unchecked(engine, options)
}

/// What the comparison keeps of one source: enough to place it among any other sources
/// (its cells, overall score, bias cues, the inputs of omission, its reprint signature and
/// its claim candidates with their alignment keys).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct SourceRecord {
    info: SourceInfo,
    cells: Vec<Cell>,
    overall: Overall,
    /// `None` when the comparison has no bias rules.
    bias: Option<SourceBias>,
    /// Own-voice sentences per topic (omission).
    own_on_topic: Vec<u32>,
    signature: Signature,
    claims: Vec<ClaimRecord>,
}

/// A claim's source index, quantity, and member with its sentence (taken when grouped).
type ClaimRest = (usize, Quantity, Option<(ClaimMember, String)>);

/// A claim of one source, before alignment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct ClaimRecord {
    key: ClaimKey,
    quantity: Quantity,
    member: ClaimMember,
    /// The sentence (a shared claim shows its first member's).
    text: String,
}

/// The canonical order of the comparison: by source id (byte order). Ids are unique in a
/// corpus read from a folder or a JSON Lines file; a corpus built in code (or shards that
/// overlap) may repeat one, and such records are then ordered by everything the comparison
/// keeps of them (their JSON), so that the input order never shows in the output.
fn canonical(a: &SourceRecord, b: &SourceRecord) -> std::cmp::Ordering {
    a.info.id.cmp(&b.info.id).then_with(|| {
        let json = |r: &SourceRecord| serde_json::to_string(r).unwrap_or_default();
        json(a).cmp(&json(b))
    })
}

/// Why partial comparisons cannot be merged or finished.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// The partials were made under different lexicons, bias rules or subject.
    #[error("cannot merge partial comparisons made with different lexicons or subject: [{left}] vs [{right}]")]
    Mismatch {
        /// The layers of the first (`name@version:sha256`).
        left: String,
        /// The layers of the second.
        right: String,
    },
    /// The engine given to [`Partial::finish`] is not the one the partial was made with.
    #[error("the partial comparison was made with [{partial}], not with this engine's [{engine}]")]
    Engine {
        /// The partial's layers.
        partial: String,
        /// The engine's layers (and the partial's bias rules).
        engine: String,
    },
}

fn layer_list(layers: &[LayerInfo]) -> String {
    layers
        .iter()
        .map(|l| format!("{}@{}:{}", l.name, l.version, l.sha256))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lexicon layers, then the bias rules, then the subject file (kept last): the
/// provenance stamp of `compare`'s and `score`'s output.
pub(crate) fn layer_infos(engine: &StanceEngine, bias_layers: &[LayerInfo]) -> Vec<LayerInfo> {
    let layers = engine.layers();
    let (subject_layer, rest) = layers
        .split_last()
        .map_or((None, layers), |(l, r)| (Some(l), r));
    rest.iter()
        .map(layer_info)
        .chain(bias_layers.iter().cloned())
        .chain(subject_layer.map(layer_info))
        .collect()
}

fn layer_info(l: &crate::lexicon::LexiconMeta) -> LayerInfo {
    LayerInfo {
        name: l.name.clone(),
        version: l.version.clone(),
        sha256: l.sha256.clone(),
    }
}

/// The bias rules' layers (none without rules).
pub(crate) fn bias_layer_infos(rules: Option<&BiasRules>) -> Vec<LayerInfo> {
    rules
        .map_or(&[][..], |r| r.layers())
        .iter()
        .map(layer_info)
        .collect()
}

/// The subject's topics as the output lists them.
pub(crate) fn topic_infos(subject: &crate::topics::Subject) -> Vec<TopicInfo> {
    subject
        .topics
        .iter()
        .map(|t| TopicInfo {
            id: t.id.clone(),
            label: t.label.clone(),
            target_sign: t.target_sign,
            positive: t.positive.clone(),
        })
        .collect()
}

/// A mergeable partial comparison: what the comparison keeps of each source of a shard,
/// in canonical order. Build one per shard ([`Partial::from_sources`]), [`merge`] them in
/// any grouping (merging is associative, and commutative too), and [`finish`] the result:
/// the [`Comparison`] is the same, byte for byte, as [`compare_with`] on all the sources.
/// Partials serialise (serde; e.g. JSON with `serde_json`), so shards can be scored in other
/// processes or on other machines. Memory is that of the comparison's output for the
/// shard's sources (cells with their evidence, bias cues, claims, signatures): no text.
///
/// ```
/// use stancelens::compare::{compare_with, CompareOptions, Partial};
/// use stancelens::corpus::Corpus;
/// use stancelens::stance::StanceEngine;
/// use stancelens::topics::Subject;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/israel-azerbaijan");
/// let (corpus, _) = Corpus::from_dir(dir)?;
/// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
/// let opts = CompareOptions::default();
/// let (a, b) = corpus.sources.split_at(4);
/// let left = Partial::from_sources(a, &engine, &opts);
/// // A partial crosses process boundaries as JSON.
/// let right: Partial = serde_json::from_str(&serde_json::to_string(&Partial::from_sources(b, &engine, &opts))?)?;
/// let merged = left.merge(right)?.finish(&engine, &opts)?;
/// assert_eq!(merged, compare_with(&corpus, &engine, &opts));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`merge`]: Partial::merge
/// [`finish`]: Partial::finish
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Partial {
    /// Provenance (lexicon layers, bias rules, subject file): partials merge only when equal.
    lexicons: Vec<LayerInfo>,
    /// Whether bias cues were computed (bias rules given).
    with_bias: bool,
    /// One per source, in canonical order.
    sources: Vec<SourceRecord>,
}

/// Partials of one provenance merged as they come, as a balanced tree: sizes halve at
/// least down the stack, so each record moves O(log n) times.
#[derive(Debug, Default)]
struct MergeStack {
    parts: Vec<Partial>,
}

impl MergeStack {
    fn push(&mut self, p: Partial) {
        self.parts.push(p);
        while let [.., below, top] = self.parts.as_slice() {
            if below.len() > 2 * top.len() {
                break;
            }
            let (top, below) = (self.parts.pop(), self.parts.pop());
            if let (Some(top), Some(below)) = (top, below) {
                self.parts.push(below.merge_sorted(top));
            }
        }
    }

    fn finish(mut self) -> Option<Partial> {
        let mut acc = self.parts.pop()?;
        while let Some(below) = self.parts.pop() {
            acc = below.merge_sorted(acc);
        }
        Some(acc)
    }
}

impl Partial {
    /// The partial of `sources` (a shard of a corpus), with the bundled bias rules as in
    /// [`compare_with`]; `options.threads` workers analyse them.
    pub fn from_sources(
        sources: &[Source],
        engine: &StanceEngine,
        options: &CompareOptions,
    ) -> Partial {
        Partial::build(sources, engine, bias::bundled_rules().ok(), options.threads)
    }

    /// [`Partial::from_sources`] with given bias rules, as in [`compare_with_rules`].
    ///
    /// ```
    /// use stancelens::bias::BiasRules;
    /// use stancelens::compare::{CompareOptions, Partial};
    /// use stancelens::stance::StanceEngine;
    /// use stancelens::topics::Subject;
    /// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let p = Partial::from_sources_with_rules(&[], &engine, &BiasRules::bundled()?, &CompareOptions::default());
    /// assert!(p.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_sources_with_rules(
        sources: &[Source],
        engine: &StanceEngine,
        rules: &BiasRules,
        options: &CompareOptions,
    ) -> Partial {
        Partial::build(sources, engine, Some(rules), options.threads)
    }

    /// Number of sources.
    pub fn len(&self) -> usize {
        self.sources.len()
    }

    /// Whether it holds no source.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// The corpus-wide checks a shard cannot make on its own, over all the partial's
    /// sources: repeated ids and parents that name no source. Locations name `name`
    /// (partials keep no line numbers).
    ///
    /// ```
    /// use stancelens::compare::{CompareOptions, Partial};
    /// use stancelens::corpus::{Source, SourceMeta};
    /// use stancelens::stance::StanceEngine;
    /// use stancelens::topics::Subject;
    /// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let child = Source::new(SourceMeta { id: "c".into(), parent: Some("a".into()), ..Default::default() }, "Good.".into());
    /// let p = Partial::from_sources(&[child], &engine, &CompareOptions::default());
    /// assert_eq!(p.id_errors("shards")[0].to_string(), "shards: parent `a` of `c` is not a source of this corpus");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn id_errors(&self, name: &str) -> Vec<crate::corpus::CorpusError> {
        use crate::corpus::CorpusError;
        let at = || crate::Location::new(name);
        let mut errors = Vec::new();
        // Sorted by id: repeats are neighbours.
        for w in self.sources.windows(2) {
            if w[0].info.id == w[1].info.id {
                errors.push(CorpusError::DuplicateId {
                    location: at(),
                    id: w[1].info.id.clone(),
                    first: at(),
                });
            }
        }
        for r in &self.sources {
            if let Some(p) = &r.info.parent {
                let found = self
                    .sources
                    .binary_search_by(|x| x.info.id.as_str().cmp(p.as_str()))
                    .is_ok();
                if !found {
                    errors.push(CorpusError::DanglingParent {
                        location: at(),
                        id: r.info.id.clone(),
                        parent: p.clone(),
                    });
                }
            }
        }
        errors
    }

    /// Ids of its sources, in canonical order.
    pub fn source_ids(&self) -> impl Iterator<Item = &str> {
        self.sources.iter().map(|r| r.info.id.as_str())
    }

    fn build(
        sources: &[Source],
        engine: &StanceEngine,
        rules: Option<&BiasRules>,
        threads: usize,
    ) -> Partial {
        Partial::build_in(sources, &[], engine, rules, worker_pool(threads).as_ref())
    }

    /// [`Partial::build`] on a given pool (`None`: the calling thread). `known[i]`: the
    /// tokens found when `sources[i]` was read, if kept (missing entries count as none).
    fn build_in(
        sources: &[Source],
        known: &[Option<TextTokens>],
        engine: &StanceEngine,
        rules: Option<&BiasRules>,
        pool: Option<&rayon::ThreadPool>,
    ) -> Partial {
        let subject = engine.subject();
        let vocab = engine.vocab_for(rules.map(BiasRules::matcher));
        let analyse = |src: &Source, known: Option<&TextTokens>| {
            let (a, tokens, ranges, fold) = engine.analyse_tokens(src, &vocab, known);
            // Bias cues, claims and the reprint signature reuse the analysis' tokens and folds.
            let scan = bias::scan_source(
                bias::ScanScope::Full,
                rules,
                subject,
                src,
                &a,
                &tokens,
                &ranges,
                &fold,
            );
            crate::topics::recycle(tokens, ranges, fold);
            (a, scan)
        };
        // Sources are analysed a batch at a time (in parallel when asked), moving their
        // evidence into the records: per-sentence data of a batch is dropped before the next
        // one, so memory stays the output's plus one batch.
        let batch = pool.map_or(1, |p| p.current_num_threads() * 16);
        let mut records = Vec::with_capacity(sources.len());
        let mut analysed = Vec::with_capacity(batch);
        for (c, chunk) in sources.chunks(batch).enumerate() {
            analysed.clear();
            let known_at = |i: usize| known.get(c * batch + i).and_then(Option::as_ref);
            match pool {
                Some(p) => p.install(|| {
                    chunk
                        .par_iter()
                        .enumerate()
                        .map(|(i, src)| analyse(src, known_at(i)))
                        .collect_into_vec(&mut analysed)
                }),
                None => analysed.extend(
                    chunk
                        .iter()
                        .enumerate()
                        .map(|(i, src)| analyse(src, known_at(i))),
                ),
            }
            for (src, (a, scan)) in chunk.iter().zip(analysed.drain(..)) {
                let claims = scan
                    .claims
                    .into_iter()
                    .map(|c| ClaimRecord {
                        text: c.member.sentence.slice(&src.text).to_owned(),
                        key: c.key,
                        // The token index is the scan's, not serialised: reset so that a
                        // record equals itself after a round trip.
                        quantity: Quantity {
                            first_token: 0,
                            ..c.quantity
                        },
                        member: c.member,
                    })
                    .collect();
                let cells = a
                    .topics
                    .into_iter()
                    .map(|t| Cell {
                        source: a.source.clone(),
                        topic: subject.topics[t.topic].id.clone(),
                        score: t.stance.score,
                        label: t.stance.label,
                        coverage: t.coverage,
                        evidence_count: t.stance.evidence_count,
                        confidence: t.stance.confidence,
                        evidence: t.stance.evidence,
                        passages: t.passages,
                    })
                    .collect();
                let m = &src.meta;
                records.push(SourceRecord {
                    info: SourceInfo {
                        id: m.id.clone(),
                        parent: m.parent.clone(),
                        kind: m.kind,
                        outlet: m.outlet.clone(),
                        author: m.author.clone(),
                        date: m.date.clone(),
                    },
                    cells,
                    overall: Overall {
                        source: a.source,
                        score: a.overall.score,
                        label: a.overall.label,
                        evidence_count: a.overall.evidence_count,
                        confidence: a.overall.confidence,
                    },
                    bias: rules.is_some().then_some(scan.bias),
                    own_on_topic: scan.own_on_topic,
                    signature: scan.signature,
                    claims,
                });
            }
        }
        records.sort_by(canonical);
        Partial {
            lexicons: layer_infos(engine, &bias_layer_infos(rules)),
            with_bias: rules.is_some(),
            sources: records,
        }
    }

    /// The partial of the sources of both (merged in canonical order, in linear time).
    /// Fails when they were made with different lexicons, bias rules or subject.
    ///
    /// ```
    /// use stancelens::compare::{CompareOptions, Partial};
    /// use stancelens::corpus::{Corpus, Source, SourceMeta};
    /// use stancelens::stance::StanceEngine;
    /// use stancelens::topics::Subject;
    /// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let src = |id: &str| Source::new(SourceMeta { id: id.into(), ..Default::default() }, "Baku and Jerusalem signed a deal.".into());
    /// let opts = CompareOptions::default();
    /// let ab = Partial::from_sources(&[src("b")], &engine, &opts).merge(Partial::from_sources(&[src("a")], &engine, &opts))?;
    /// assert_eq!(ab.source_ids().collect::<Vec<_>>(), ["a", "b"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn merge(self, other: Partial) -> Result<Partial, MergeError> {
        if self.lexicons != other.lexicons || self.with_bias != other.with_bias {
            return Err(MergeError::Mismatch {
                left: layer_list(&self.lexicons),
                right: layer_list(&other.lexicons),
            });
        }
        Ok(self.merge_sorted(other))
    }

    /// Merge two partials of the same provenance (checked by [`Partial::merge`]).
    fn merge_sorted(self, other: Partial) -> Partial {
        let mut out = Vec::with_capacity(self.sources.len() + other.sources.len());
        let (mut a, mut b) = (
            self.sources.into_iter().peekable(),
            other.sources.into_iter().peekable(),
        );
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => canonical(x, y) != std::cmp::Ordering::Greater,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            out.extend(if take_a { a.next() } else { b.next() });
        }
        Partial {
            lexicons: self.lexicons,
            with_bias: self.with_bias,
            sources: out,
        }
    }

    /// Merge many partials as a balanced tree (`None` for none).
    ///
    /// ```
    /// use stancelens::compare::Partial;
    /// assert!(Partial::merge_all(Vec::new())?.is_none());
    /// # Ok::<(), stancelens::compare::MergeError>(())
    /// ```
    pub fn merge_all(
        parts: impl IntoIterator<Item = Partial>,
    ) -> Result<Option<Partial>, MergeError> {
        let mut stack = MergeStack::default();
        for p in parts {
            if let Some(first) = stack.parts.first() {
                if first.lexicons != p.lexicons || first.with_bias != p.with_bias {
                    return Err(MergeError::Mismatch {
                        left: layer_list(&first.lexicons),
                        right: layer_list(&p.lexicons),
                    });
                }
            }
            stack.push(p);
        }
        Ok(stack.finish())
    }

    /// The comparison of all the partial's sources under `engine` (the engine the partial
    /// was made with: checked through the layers' sha256) with `options`
    /// (`count_reprints_once`; `threads` is not used here).
    pub fn finish(
        self,
        engine: &StanceEngine,
        options: &CompareOptions,
    ) -> Result<Comparison, MergeError> {
        let bias_layers: Vec<LayerInfo> = {
            let lead = engine.layers().len().saturating_sub(1);
            let end = self.lexicons.len().saturating_sub(1);
            self.lexicons
                .get(lead.min(end)..end)
                .unwrap_or_default()
                .to_vec()
        };
        let expected = layer_infos(engine, &bias_layers);
        if expected != self.lexicons {
            return Err(MergeError::Engine {
                partial: layer_list(&self.lexicons),
                engine: layer_list(&expected),
            });
        }
        Ok(self.finish_unchecked(engine, options))
    }

    fn finish_unchecked(self, engine: &StanceEngine, options: &CompareOptions) -> Comparison {
        let subject = engine.subject();
        let nt = subject.topics.len();
        let n = self.sources.len();
        let with_bias = self.with_bias;
        let mut infos = Vec::with_capacity(n);
        let mut cells = Vec::with_capacity(n * nt);
        let mut overall = Vec::with_capacity(n);
        let mut bias_out: Vec<SourceBias> = Vec::with_capacity(n);
        let mut own_on_topic = Vec::with_capacity(n);
        let mut signatures = Vec::with_capacity(n);
        let mut claim_keys: Vec<ClaimKey> = Vec::new();
        let mut claim_rest: Vec<ClaimRest> = Vec::new();
        for (si, r) in self.sources.into_iter().enumerate() {
            infos.push(r.info);
            cells.extend(r.cells);
            overall.push(r.overall);
            bias_out.extend(r.bias.filter(|_| with_bias));
            own_on_topic.push(r.own_on_topic);
            signatures.push(r.signature);
            for c in r.claims {
                claim_keys.push(c.key);
                claim_rest.push((si, c.quantity, Some((c.member, c.text))));
            }
        }
        // Reprints: groups of near-duplicate sources; `first[i]` is the first member of i's group.
        let groups = reprints::find_reprints(&signatures);
        drop(signatures);
        let mut first: Vec<Option<usize>> = vec![None; n];
        let mut reprint_groups = Vec::with_capacity(groups.len());
        for g in &groups {
            let f = g[0].0;
            for &(i, _) in g {
                first[i] = Some(f);
            }
            reprint_groups.push(ReprintGroup {
                members: g
                    .iter()
                    .map(|&(i, sim)| ReprintMember {
                        source: infos[i].id.clone(),
                        similarity: sim,
                    })
                    .collect(),
            });
        }
        let skip_reprint =
            |i: usize| options.count_reprints_once && first[i].is_some_and(|f| f != i);
        // Omission against peers.
        if with_bias && bias_out.len() == n {
            let peer_class: Vec<bool> = infos
                .iter()
                .map(|s| s.kind == Some(SourceKind::Comment))
                .collect();
            bias::fill_omission(
                &mut bias_out,
                &own_on_topic,
                &peer_class,
                options.count_reprints_once.then_some(first.as_slice()),
                subject,
            );
        }
        drop(own_on_topic);
        // Shared claims: aligned groups stated by at least two distinct sources.
        let mut claim_groups = Vec::new();
        for g in claims::align(&claim_keys) {
            let unit_of = |k: usize| {
                let s = claim_rest[k].0;
                match first[s] {
                    Some(f) if options.count_reprints_once => f,
                    _ => s,
                }
            };
            let mut distinct: Vec<usize> = g.iter().map(|&k| unit_of(k)).collect();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() < 2 {
                continue;
            }
            let q0 = claim_rest[g[0]].1;
            let mut members = Vec::with_capacity(g.len());
            let mut text = None;
            for &k in &g {
                let si = claim_rest[k].0;
                if let Some((mut m, t)) = claim_rest[k].2.take() {
                    m.reprint_of = first[si].filter(|&f| f != si).map(|f| infos[f].id.clone());
                    members.push(m);
                    text.get_or_insert(t);
                }
            }
            claim_groups.push(ClaimGroup {
                quantity: q0.key(),
                value: q0.value,
                unit: q0.unit,
                text: text.unwrap_or_default(),
                sources: distinct.len(),
                members,
            });
        }
        drop(claim_keys);
        drop(claim_rest);
        let mut rankings = Vec::new();
        let mut divergent = Vec::new();
        for (ti, t) in subject.topics.iter().enumerate() {
            // Cells are source-major with one per topic: topic `ti` is every `nt`-th cell.
            let mut scored: Vec<&Cell> = cells
                .iter()
                .skip(ti)
                .step_by(nt)
                .enumerate()
                .filter(|&(si, _)| !skip_reprint(si))
                .map(|(_, c)| c)
                .collect();
            // Stable: equal ids keep the canonical order.
            scored.sort_by(|a, b| match (a.score, b.score) {
                (Some(x), Some(y)) => y.total_cmp(&x).then(a.source.cmp(&b.source)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.source.cmp(&b.source),
            });
            rankings.push(Ranking {
                topic: t.id.clone(),
                sources: scored.iter().map(|c| c.source.clone()).collect(),
            });
            let with: Vec<(&Cell, f64)> = scored
                .iter()
                .filter_map(|c| c.score.map(|s| (*c, s)))
                .collect();
            if let (Some(&(hi, hs)), Some(&(lo, ls))) = (with.first(), with.last()) {
                if with.len() >= 2 {
                    divergent.push(Divergent {
                        topic: t.id.clone(),
                        gap: hs - ls,
                        high: Side {
                            source: hi.source.clone(),
                            score: hs,
                            strongest: strongest(&hi.evidence, 1.0),
                        },
                        low: Side {
                            source: lo.source.clone(),
                            score: ls,
                            strongest: strongest(&lo.evidence, -1.0),
                        },
                    });
                }
            }
        }
        Comparison {
            stancelens_version: env!("CARGO_PKG_VERSION").to_owned(),
            subject: subject.meta.clone(),
            target: subject.target.clone(),
            lexicons: self.lexicons,
            sources: infos,
            topics: topic_infos(subject),
            cells,
            overall,
            rankings,
            divergent,
            bias: bias_out,
            claims: claim_groups,
            reprints: reprint_groups,
        }
    }
}

fn label(l: StanceLabel) -> &'static str {
    match l {
        StanceLabel::Favour => "favour",
        StanceLabel::Against => "against",
        StanceLabel::Mixed => "mixed",
        StanceLabel::Neutral => "neutral",
        StanceLabel::InsufficientEvidence => "insufficient evidence",
        StanceLabel::NotCovered => "not covered",
    }
}

fn fmt_score(s: Option<f64>) -> String {
    s.map_or_else(|| "—".to_owned(), |x| format!("{x:+.2}"))
}

fn fmt_value(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "—".to_owned(), |x| format!("{x:.decimals$}"))
}

impl Comparison {
    /// A readable Markdown report: overall table, sources × topics matrix, divergent
    /// pairs.
    ///
    /// ```
    /// # use stancelens::compare::compare;
    /// # use stancelens::corpus::Corpus;
    /// # use stancelens::stance::StanceEngine;
    /// # use stancelens::topics::Subject;
    /// # let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let md = compare(&Corpus::default(), &engine).to_markdown();
    /// assert!(md.starts_with("# "));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut s = format!(
            "# {} — stance toward {}\n\n## Overall\n\n| source | score | label | evidence | confidence |\n|---|---|---|---|---|\n",
            self.subject.label, self.target.label
        );
        for o in &self.overall {
            s.push_str(&format!(
                "| {} | {} | {} | {:.1} | {:.2} |\n",
                o.source,
                fmt_score(o.score),
                label(o.label),
                o.evidence_count,
                o.confidence
            ));
        }
        s.push_str("\n## Sources × topics\n\nScore (label, coverage) per cell; a positive score is the topic's positive direction.\n\n| source |");
        for t in &self.topics {
            s.push_str(&format!(" {} |", t.label));
        }
        s.push_str("\n|---|");
        for _ in &self.topics {
            s.push_str("---|");
        }
        s.push('\n');
        // One index of the cells, not a scan of them per source and topic.
        let mut cells: std::collections::HashMap<(&str, &str), &Cell> =
            std::collections::HashMap::with_capacity(self.cells.len());
        for c in &self.cells {
            cells
                .entry((c.source.as_str(), c.topic.as_str()))
                .or_insert(c);
        }
        for src in &self.sources {
            s.push_str(&format!("| {} |", src.id));
            for t in &self.topics {
                if let Some(c) = cells.get(&(src.id.as_str(), t.id.as_str())) {
                    s.push_str(&format!(
                        " {} ({}, {:.0}%) |",
                        fmt_score(c.score),
                        label(c.label),
                        c.coverage * 100.0
                    ));
                }
            }
            s.push('\n');
        }
        s.push_str("\n## Most divergent pairs\n\n");
        for d in &self.divergent {
            s.push_str(&format!("### {} (gap {:.2})\n\n", d.topic, d.gap));
            for side in [&d.high, &d.low] {
                let quote = side
                    .strongest
                    .as_ref()
                    .map(|e| e.text.replace('\n', " "))
                    .unwrap_or_default();
                s.push_str(&format!(
                    "* **{}** ({}): {}\n",
                    side.source,
                    fmt_score(Some(side.score)),
                    quote
                ));
            }
            s.push('\n');
        }
        self.bias_markdown(&mut s);
        // Provenance: what produced these numbers, so the report can be reproduced.
        s.push_str(&format!(
            "## Provenance\n\nstancelens {}; subject `{}` version {}.\n\n| layer | version | sha256 |\n|---|---|---|\n",
            self.stancelens_version, self.subject.id, self.subject.version
        ));
        for l in &self.lexicons {
            s.push_str(&format!(
                "| {} | {} | `{}` |\n",
                l.name, l.version, l.sha256
            ));
        }
        s
    }

    /// Bias cues per source, shared claims and reprint groups, as Markdown sections.
    fn bias_markdown(&self, s: &mut String) {
        if !self.bias.is_empty() {
            s.push_str("## Bias cues

Per source (`docs/scoring.md`, \"Bias cues\"): loaded words per 1,000 words; hedging (C − H)/(C + H); one-sidedness |lean|; share of claim sentences with a named source; quoted voices (ally − adversary)/(ally + adversary); omitted topics.\n\n| source | loaded | hedging | one-sided | attributed | voices | omitted |\n|---|---|---|---|---|---|---|\n");
            for b in &self.bias {
                let c = &b.cues;
                let omitted: Vec<&str> =
                    c.omission.topics.iter().map(|o| o.topic.as_str()).collect();
                s.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} |\n",
                    b.source,
                    fmt_value(c.loaded.value, 1),
                    fmt_value(c.hedging.value, 2),
                    fmt_value(c.one_sided.value, 2),
                    fmt_value(c.attribution.value, 2),
                    fmt_value(c.voices.value, 2),
                    if omitted.is_empty() {
                        "—".to_owned()
                    } else {
                        omitted.join(", ")
                    }
                ));
            }
            s.push('\n');
        }
        if !self.claims.is_empty() {
            s.push_str("## Shared claims\n\n");
            for g in &self.claims {
                s.push_str(&format!(
                    "* **{}** ({} sources): {}\n",
                    g.quantity,
                    g.sources,
                    g.text.replace('\n', " ")
                ));
                for m in &g.members {
                    let q = m.framing.qualifier.as_ref().map_or_else(
                        || "no qualifier".to_owned(),
                        |q| {
                            serde_json::to_value(q.kind)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_owned))
                                .unwrap_or_default()
                        },
                    );
                    let a = serde_json::to_value(m.framing.attribution)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    s.push_str(&format!("  * {}: {q}, {a}\n", m.source));
                }
            }
            s.push('\n');
        }
        if !self.reprints.is_empty() {
            s.push_str("## Reprints\n\n");
            for g in &self.reprints {
                let ids: Vec<String> = g
                    .members
                    .iter()
                    .map(|m| format!("{} ({:.2})", m.source, m.similarity))
                    .collect();
                s.push_str(&format!("* {}\n", ids.join(", ")));
            }
            s.push('\n');
        }
    }
}
