//! Streaming per-source scores: the `stancelens score` JSON Lines output.
//!
//! [`Scorer::score`] gives one source's cells (score, label, coverage, evidence count,
//! confidence, and how many evidence sentences and hits stand behind them), its overall
//! stance and its bias cues, with counts of evidence instead of the evidence itself.
//! [`Scorer::write_jsonl`] reads a JSON Lines corpus source by source, scores batches in
//! parallel, and writes one line per source in input order: the output is the same, byte
//! for byte, whatever the number of threads, and memory holds one batch, never the corpus.
//!
//! The numbers are those of [`crate::compare`] for the same source: a cell of a source here
//! equals that source's cell in the comparison (minus the evidence lists). What needs the
//! other sources is not here: rankings, divergent pairs, shared claims, reprints, and the
//! omission cue (each cell carries `own_sentences`, the count omission is computed from).
//!
//! Output lines, each a JSON object with a `type`:
//!
//! * `header` (first): stancelens version, subject, target, every lexicon layer with its
//!   version and sha256, and the topics;
//! * `source` (one per source, input order): see [`SourceScore`];
//! * `end` (last, only when every line was read and the corpus-wide checks passed): the
//!   counts. A file without it is incomplete.
//!
//! ```
//! use stancelens::corpus::JsonlSources;
//! use stancelens::score::{ScoreOptions, Scorer};
//! use stancelens::stance::StanceEngine;
//! use stancelens::topics::Subject;
//! let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
//! let scorer = Scorer::bundled(&engine)?;
//! let jsonl = "{\"id\": \"a\", \"text\": \"Israel and Azerbaijan signed a welcome deal.\"}\n";
//! let mut out = Vec::new();
//! let summary = scorer.write_jsonl(
//!     JsonlSources::new(jsonl.as_bytes(), "mem.jsonl"),
//!     &mut out,
//!     &ScoreOptions::default(),
//!     |_| {},
//! )?;
//! assert_eq!(summary.sources, 1);
//! let text = String::from_utf8(out)?;
//! let lines: Vec<&str> = text.lines().collect();
//! assert_eq!(lines.len(), 3);
//! assert!(lines[0].starts_with("{\"type\":\"header\""));
//! assert!(lines[1].starts_with("{\"type\":\"source\""));
//! assert!(lines[2].starts_with("{\"type\":\"end\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::bias::{self, BiasCues, BiasRules, Speaker};
use crate::compare::{LayerInfo, SourceInfo, TopicInfo};
use crate::corpus::voices::TextTokens;
use crate::corpus::{CorpusError, JsonlSources, Source, Warning};
use crate::lexicon::LexiconError;
use crate::stance::{StanceEngine, StanceLabel, StanceScore};
use crate::topics::{SubjectMeta, Target};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{BufRead, Write};

/// Sources per worker in one batch: enough to keep every worker busy, small enough that a
/// batch of per-sentence analyses stays a few megabytes.
const BATCH_PER_WORKER: usize = 16;

/// The first line: what produced the scores.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreHeader {
    /// Crate version.
    pub stancelens_version: String,
    /// Subject metadata.
    pub subject: SubjectMeta,
    /// Target.
    pub target: Target,
    /// Lexicon layers (valence stack, bias rules) and the subject file, last; as in
    /// `compare`'s `lexicons`.
    pub lexicons: Vec<LayerInfo>,
    /// Topics in subject order (the order of every line's `cells`).
    pub topics: Vec<TopicInfo>,
}

/// One source × topic cell, with counts of its evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CellScore {
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
    /// Evidence sentences (those with at least one contribution).
    pub evidence_sentences: usize,
    /// Contributions (cue and valence hits) over the evidence sentences.
    pub hits: usize,
    /// On-topic scorable sentences.
    pub passages: usize,
    /// Own-voice sentences that name the topic (an anchor or an anchor entity; carry-over
    /// alone does not count): what the omission cue compares with peers.
    pub own_sentences: u32,
}

/// The overall stance of a source toward the target, with counts of its evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OverallScore {
    /// In [−1, 1]; null when not covered or without evidence.
    pub score: Option<f64>,
    /// Label.
    pub label: StanceLabel,
    /// Weighted evidence count.
    pub evidence_count: f64,
    /// In [0, 1].
    pub confidence: f64,
    /// Evidence sentences.
    pub evidence_sentences: usize,
    /// Contributions over the evidence sentences.
    pub hits: usize,
}

impl OverallScore {
    fn of(s: &StanceScore) -> OverallScore {
        OverallScore {
            score: s.score,
            label: s.label,
            evidence_count: s.evidence_count,
            confidence: s.confidence,
            evidence_sentences: s.evidence.len(),
            hits: s.evidence.iter().map(|e| e.contributions.len()).sum(),
        }
    }
}

/// Loaded language (see [`bias::LoadedCue`]), evidence counted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LoadedCount {
    /// Hits per 1,000 own-voice words.
    pub value: Option<f64>,
    /// Loaded or emotive labels.
    pub loaded: u32,
    /// Subjective intensifiers.
    pub intensifiers: u32,
    /// Own-voice words.
    pub words: u32,
    /// Evidence items.
    pub evidence: usize,
}

/// Hedging against certainty (see [`bias::HedgingCue`]), evidence counted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HedgingCount {
    /// In [−1, 1].
    pub value: Option<f64>,
    /// Hedges.
    pub hedges: u32,
    /// Boosters.
    pub boosters: u32,
    /// Factive verbs.
    pub factive: u32,
    /// Assertive verbs.
    pub assertive: u32,
    /// Hedges per 1,000 own-voice words.
    pub hedges_per_1000: Option<f64>,
    /// Certainty markers per 1,000 own-voice words.
    pub certainty_per_1000: Option<f64>,
    /// Evidence items.
    pub evidence: usize,
}

/// One-sidedness (see [`bias::OneSidedCue`]), evidence counted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OneSidedCount {
    /// In [0, 1].
    pub value: Option<f64>,
    /// In [−1, 1].
    pub lean: Option<f64>,
    /// Weighted count of pro sentences.
    pub pro: f64,
    /// Weighted count of con sentences.
    pub con: f64,
    /// Evidence items (per topic 0: the evidence is the cell's).
    pub evidence: usize,
}

/// Attribution (see [`bias::AttributionCue`]), evidence counted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttributionCount {
    /// In [0, 1].
    pub value: Option<f64>,
    /// Attributed to a named source.
    pub named: u32,
    /// Attributed to no one in particular.
    pub vague: u32,
    /// Bare assertions.
    pub bare: u32,
    /// Evidence items.
    pub evidence: usize,
}

/// Quoted voices (see [`bias::VoicesCue`]), evidence counted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VoicesCount {
    /// In [−1, 1].
    pub value: Option<f64>,
    /// Quote sentences.
    pub quoted: u32,
    /// By allies of the target.
    pub ally: u32,
    /// By adversaries.
    pub adversary: u32,
    /// By neutral entities.
    pub neutral: u32,
    /// Speaker unknown.
    pub unidentified: u32,
    /// Speakers, most quoted first.
    pub speakers: Vec<Speaker>,
    /// Evidence items.
    pub evidence: usize,
}

/// The bias cues of one source (or one source on one topic) that need no other source:
/// every cue of [`BiasCues`] but omission, with evidence counted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CueCounts {
    /// Loaded language.
    pub loaded: LoadedCount,
    /// Hedging against certainty.
    pub hedging: HedgingCount,
    /// Balance of pro and con evidence.
    pub one_sided: OneSidedCount,
    /// Named sources against bare assertions.
    pub attribution: AttributionCount,
    /// Whose voices are quoted.
    pub voices: VoicesCount,
}

impl CueCounts {
    /// The counts of full cues (e.g. those of `compare`'s `bias`).
    ///
    /// ```
    /// use stancelens::bias::BiasCues;
    /// use stancelens::score::CueCounts;
    /// let c = CueCounts::of(&BiasCues::default());
    /// assert_eq!(c.loaded.evidence, 0);
    /// ```
    pub fn of(c: &BiasCues) -> CueCounts {
        CueCounts {
            loaded: LoadedCount {
                value: c.loaded.value,
                loaded: c.loaded.loaded,
                intensifiers: c.loaded.intensifiers,
                words: c.loaded.words,
                evidence: c.loaded.evidence.len(),
            },
            hedging: HedgingCount {
                value: c.hedging.value,
                hedges: c.hedging.hedges,
                boosters: c.hedging.boosters,
                factive: c.hedging.factive,
                assertive: c.hedging.assertive,
                hedges_per_1000: c.hedging.hedges_per_1000,
                certainty_per_1000: c.hedging.certainty_per_1000,
                evidence: c.hedging.evidence.len(),
            },
            one_sided: OneSidedCount {
                value: c.one_sided.value,
                lean: c.one_sided.lean,
                pro: c.one_sided.pro,
                con: c.one_sided.con,
                evidence: c.one_sided.evidence.len(),
            },
            attribution: AttributionCount {
                value: c.attribution.value,
                named: c.attribution.named,
                vague: c.attribution.vague,
                bare: c.attribution.bare,
                evidence: c.attribution.evidence.len(),
            },
            voices: VoicesCount {
                value: c.voices.value,
                quoted: c.voices.quoted,
                ally: c.voices.ally,
                adversary: c.voices.adversary,
                neutral: c.voices.neutral,
                unidentified: c.voices.unidentified,
                speakers: c.voices.speakers.clone(),
                evidence: c.voices.evidence.len(),
            },
        }
    }
}

/// The cues of one source on one topic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicCueCounts {
    /// Topic id.
    pub topic: String,
    /// Over the source's sentences on the topic.
    pub cues: CueCounts,
}

/// The bias cues of one source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BiasCounts {
    /// Over the whole source.
    pub cues: CueCounts,
    /// Topics the source has a sentence on, subject order.
    pub topics: Vec<TopicCueCounts>,
}

/// One source's line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceScore {
    /// Metadata.
    pub source: SourceInfo,
    /// Text length in bytes.
    pub bytes: usize,
    /// One per topic, subject order.
    pub cells: Vec<CellScore>,
    /// Overall stance toward the target.
    pub overall: OverallScore,
    /// Bias cues; `None` when the scorer has no bias rules.
    pub bias: Option<BiasCounts>,
}

/// What [`Scorer::write_jsonl`] wrote (the `end` line).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ScoreSummary {
    /// Sources scored.
    pub sources: u64,
    /// Their text bytes.
    pub text_bytes: u64,
    /// Warnings of the reader (also returned in [`ScoreSummary::warning_list`]).
    pub warnings: usize,
    /// The reader's warnings (empty sources), located.
    #[serde(skip)]
    pub warning_list: Vec<Warning>,
}

/// Progress after each batch written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScoreProgress {
    /// Sources written so far.
    pub sources: u64,
    /// Their text bytes.
    pub text_bytes: u64,
}

/// Options of [`Scorer::write_jsonl`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScoreOptions {
    /// Worker threads (`0`: every core, `1`: the calling thread). The output is the same,
    /// byte for byte, whatever the number.
    pub threads: usize,
}

/// Why [`Scorer::write_jsonl`] stopped.
#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    /// A line of the corpus is bad (located: file, line, column), or the corpus-wide
    /// checks failed (duplicate ids, dangling parents). Every source before the bad line
    /// has been written; the `end` line has not.
    #[error("{error}")]
    Corpus {
        /// The located error (possibly [`CorpusError::Multiple`]).
        error: CorpusError,
        /// Sources written before it.
        written: u64,
    },
    /// Writing the output failed.
    #[error("writing the scores: {0}")]
    Io(#[from] std::io::Error),
    /// A line could not be serialised (not expected).
    #[error("serialising the scores: {0}")]
    Json(#[from] serde_json::Error),
}

/// Scores sources one at a time with a stance engine and bias rules.
#[derive(Debug, Clone, Copy)]
pub struct Scorer<'a> {
    engine: &'a StanceEngine,
    rules: Option<&'a BiasRules>,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Line<'a> {
    Header(&'a ScoreHeader),
    Source(&'a SourceScore),
    End(&'a ScoreSummary),
}

/// Up to `n` sources, and the error that ended the batch early, if one did.
/// Up to `n` sources, each with the tokens its reading found (see [`TextTokens`]).
fn read_batch<R: BufRead>(
    sources: &mut JsonlSources<R>,
    n: usize,
) -> (Vec<(Source, Option<TextTokens>)>, Option<CorpusError>) {
    let mut batch = Vec::with_capacity(n);
    while let Some(item) = sources.next_with_tokens() {
        match item {
            Ok(pair) => batch.push(pair),
            Err(e) => return (batch, Some(e)),
        }
        if batch.len() == n {
            break;
        }
    }
    (batch, None)
}

impl<'a> Scorer<'a> {
    /// A scorer with these bias rules (e.g. the bundled ones layered with a user file).
    ///
    /// ```
    /// use stancelens::bias::BiasRules;
    /// use stancelens::score::Scorer;
    /// use stancelens::stance::StanceEngine;
    /// use stancelens::topics::Subject;
    /// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let rules = BiasRules::bundled()?;
    /// let header = Scorer::new(&engine, &rules).header();
    /// assert!(header.lexicons.iter().any(|l| l.name == "bias"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(engine: &'a StanceEngine, rules: &'a BiasRules) -> Scorer<'a> {
        Scorer {
            engine,
            rules: Some(rules),
        }
    }

    /// A scorer with the bundled bias rules (compiled once per process).
    ///
    /// ```
    /// use stancelens::score::Scorer;
    /// use stancelens::stance::StanceEngine;
    /// use stancelens::topics::Subject;
    /// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let header = Scorer::bundled(&engine)?.header();
    /// assert_eq!(header.topics.len(), engine.subject().topics.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bundled(engine: &'a StanceEngine) -> Result<Scorer<'a>, LexiconError> {
        Ok(Scorer {
            engine,
            rules: Some(bias::bundled_rules()?),
        })
    }

    /// The header line: version, subject, target, lexicon layers (same order as
    /// `compare`'s: the engine's layers, the bias rules, the subject file last) and topics.
    ///
    /// ```
    /// # use stancelens::score::Scorer;
    /// # use stancelens::stance::StanceEngine;
    /// # use stancelens::topics::Subject;
    /// # let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let h = Scorer::bundled(&engine)?.header();
    /// assert!(h.lexicons.iter().all(|l| l.sha256.len() == 64));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn header(&self) -> ScoreHeader {
        let subject = self.engine.subject();
        ScoreHeader {
            stancelens_version: env!("CARGO_PKG_VERSION").to_owned(),
            subject: subject.meta.clone(),
            target: subject.target.clone(),
            lexicons: crate::compare::layer_infos(
                self.engine,
                &crate::compare::bias_layer_infos(self.rules),
            ),
            topics: crate::compare::topic_infos(subject),
        }
    }

    /// Score one source: the same analysis as `compare` (one tokenization for stance, bias
    /// cues and claims), kept as counts.
    ///
    /// ```
    /// use stancelens::corpus::{Source, SourceMeta};
    /// # use stancelens::score::Scorer;
    /// # use stancelens::stance::StanceEngine;
    /// # use stancelens::topics::Subject;
    /// # let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let src = Source::new(SourceMeta { id: "x".into(), ..Default::default() }, "Nothing relevant.".into());
    /// let s = Scorer::bundled(&engine)?.score(&src);
    /// assert_eq!(s.cells.len(), engine.subject().topics.len());
    /// assert_eq!(s.overall.evidence_sentences, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn score(&self, source: &Source) -> SourceScore {
        self.score_known(source, None)
    }

    /// [`score`](Self::score), with the tokens found when `source` was read.
    fn score_known(&self, source: &Source, known: Option<&TextTokens>) -> SourceScore {
        let subject = self.engine.subject();
        let vocab = self.engine.vocab_for(self.rules.map(BiasRules::matcher));
        let (a, tokens, ranges, fold) = self.engine.analyse_tokens(source, &vocab, known);
        let scan = bias::scan_source(
            bias::ScanScope::CuesOnly,
            self.rules,
            subject,
            source,
            &a,
            &tokens,
            &ranges,
            &fold,
        );
        crate::topics::recycle(tokens, ranges, fold);
        let cells = a
            .topics
            .iter()
            .map(|t| CellScore {
                topic: subject.topics[t.topic].id.clone(),
                score: t.stance.score,
                label: t.stance.label,
                coverage: t.coverage,
                evidence_count: t.stance.evidence_count,
                confidence: t.stance.confidence,
                evidence_sentences: t.stance.evidence.len(),
                hits: t
                    .stance
                    .evidence
                    .iter()
                    .map(|e| e.contributions.len())
                    .sum(),
                passages: t.passages.len(),
                own_sentences: scan.own_on_topic.get(t.topic).copied().unwrap_or(0),
            })
            .collect();
        let m = &source.meta;
        SourceScore {
            source: SourceInfo {
                id: m.id.clone(),
                parent: m.parent.clone(),
                kind: m.kind,
                outlet: m.outlet.clone(),
                author: m.author.clone(),
                date: m.date.clone(),
            },
            bytes: source.text.len(),
            cells,
            overall: OverallScore::of(&a.overall),
            bias: self.rules.map(|_| BiasCounts {
                cues: CueCounts::of(&scan.bias.cues),
                topics: scan
                    .bias
                    .topics
                    .iter()
                    .map(|t| TopicCueCounts {
                        topic: t.topic.clone(),
                        cues: CueCounts::of(&t.cues),
                    })
                    .collect(),
            }),
        }
    }

    /// One source's output line, newline included.
    fn line(
        &self,
        source: &Source,
        known: Option<&TextTokens>,
    ) -> Result<Vec<u8>, serde_json::Error> {
        let mut line = Vec::new();
        self.line_into(source, known, &mut line)?;
        Ok(line)
    }

    /// [`line`](Self::line), written at the end of `out`.
    fn line_into(
        &self,
        source: &Source,
        known: Option<&TextTokens>,
        out: &mut Vec<u8>,
    ) -> Result<(), serde_json::Error> {
        serde_json::to_writer(&mut *out, &Line::Source(&self.score_known(source, known)))?;
        out.push(b'\n');
        Ok(())
    }

    /// Read `sources` to the end, scoring batches in parallel, and write the header, one
    /// line per source in input order, and the `end` line. `progress` is called after each
    /// batch written.
    ///
    /// A bad line stops the run: the sources before it are written, the error names the
    /// file, line and column, and no `end` line is written. So are the corpus-wide checks
    /// at the end (duplicate ids, parents that are not in the file).
    ///
    /// ```
    /// use stancelens::corpus::JsonlSources;
    /// use stancelens::score::{ScoreError, ScoreOptions, Scorer};
    /// # use stancelens::stance::StanceEngine;
    /// # use stancelens::topics::Subject;
    /// # let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let jsonl = "{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": \"b\" \"text\": \"Two.\"}\n";
    /// let mut out = Vec::new();
    /// let r = Scorer::bundled(&engine)?.write_jsonl(
    ///     JsonlSources::new(jsonl.as_bytes(), "c.jsonl"),
    ///     &mut out,
    ///     &ScoreOptions { threads: 2 },
    ///     |_| {},
    /// );
    /// let Err(ScoreError::Corpus { error, written }) = r else { panic!("not an error") };
    /// assert_eq!(written, 1);
    /// assert!(error.to_string().starts_with("c.jsonl:2:"));
    /// assert_eq!(String::from_utf8(out)?.lines().count(), 2); // header and `a`
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_jsonl<R, W>(
        &self,
        sources: JsonlSources<R>,
        mut out: W,
        options: &ScoreOptions,
        mut progress: impl FnMut(&ScoreProgress),
    ) -> Result<ScoreSummary, ScoreError>
    where
        R: BufRead + Send,
        W: Write,
    {
        // The analysis reuses the tokens found while reading each source.
        let mut sources = sources.keeping_tokens();
        let mut header = serde_json::to_vec(&Line::Header(&self.header()))?;
        header.push(b'\n');
        out.write_all(&header)?;
        let mut done = ScoreProgress::default();
        fn write_one(
            out: &mut impl Write,
            done: &mut ScoreProgress,
            line: &[u8],
            bytes: usize,
        ) -> std::io::Result<()> {
            out.write_all(line)?;
            done.sources += 1;
            done.text_bytes += bytes as u64;
            Ok(())
        }
        let stopped = |error, written| Err(ScoreError::Corpus { error, written });
        match crate::compare::worker_pool(options.threads) {
            None => {
                // One line buffer for the run: a line grown afresh for each source
                // reallocated several times.
                let mut line = Vec::new();
                while let Some(item) = sources.next_with_tokens() {
                    let (source, known) = match item {
                        Ok(pair) => pair,
                        Err(e) => return stopped(e, done.sources),
                    };
                    line.clear();
                    self.line_into(&source, known.as_ref(), &mut line)?;
                    if let Some(k) = known {
                        sources.give_back(k);
                    }
                    write_one(&mut out, &mut done, &line, source.text.len())?;
                    if done.sources % BATCH_PER_WORKER as u64 == 0 {
                        progress(&done);
                    }
                }
            }
            Some(pool) => {
                let batch = pool.current_num_threads() * BATCH_PER_WORKER;
                let mut lines: Vec<Result<Vec<u8>, serde_json::Error>> = Vec::with_capacity(batch);
                // The last batch scored: its lines and text lengths, written by this thread
                // while the workers score the next batch (and one of them reads the one
                // after): reading, scoring and writing overlap.
                let mut pending: Vec<Result<Vec<u8>, serde_json::Error>> =
                    Vec::with_capacity(batch);
                let mut pending_bytes: Vec<usize> = Vec::with_capacity(batch);
                let write_pending = |out: &mut W,
                                     done: &mut ScoreProgress,
                                     pending: &mut Vec<Result<Vec<u8>, serde_json::Error>>,
                                     bytes: &[usize]|
                 -> Result<(), ScoreError> {
                    for (line, &n) in pending.drain(..).zip(bytes) {
                        write_one(out, done, &line?, n)?;
                    }
                    Ok(())
                };
                let mut current = read_batch(&mut sources, batch);
                loop {
                    let (batch_sources, error) = current;
                    let mut next = (Vec::new(), None);
                    let mut written = Ok(());
                    pool.in_place_scope(|scope| {
                        if !batch_sources.is_empty() {
                            let score = |lines: &mut Vec<_>| {
                                batch_sources
                                    .par_iter()
                                    .map(|(s, known)| self.line(s, known.as_ref()))
                                    .collect_into_vec(lines)
                            };
                            let (sources, lines, next) = (&mut sources, &mut lines, &mut next);
                            let stops_here = error.is_some();
                            scope.spawn(move |_| {
                                if stops_here {
                                    score(lines);
                                } else {
                                    *next =
                                        rayon::join(|| read_batch(sources, batch), || score(lines))
                                            .0;
                                }
                            });
                        }
                        written = write_pending(&mut out, &mut done, &mut pending, &pending_bytes);
                    });
                    written?;
                    if !pending_bytes.is_empty() {
                        progress(&done);
                    }
                    std::mem::swap(&mut lines, &mut pending);
                    pending_bytes.clear();
                    pending_bytes.extend(batch_sources.iter().map(|(s, _)| s.text.len()));
                    if let Some(e) = error {
                        write_pending(&mut out, &mut done, &mut pending, &pending_bytes)?;
                        progress(&done);
                        return stopped(e, done.sources);
                    }
                    if batch_sources.is_empty() {
                        break;
                    }
                    current = next;
                }
            }
        }
        progress(&done);
        let (warnings, errors) = sources.finish();
        if let Some(error) = CorpusError::collect(
            errors.first().map_or_else(
                || crate::Location::new(""),
                |e| crate::Location::new(&e.location().path),
            ),
            errors,
        ) {
            return stopped(error, done.sources);
        }
        let summary = ScoreSummary {
            sources: done.sources,
            text_bytes: done.text_bytes,
            warnings: warnings.len(),
            warning_list: warnings,
        };
        let mut end = serde_json::to_vec(&Line::End(&summary))?;
        end.push(b'\n');
        out.write_all(&end)?;
        out.flush()?;
        Ok(summary)
    }
}
