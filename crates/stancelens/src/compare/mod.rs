//! Side-by-side comparison: sources × topics, rankings, and the most divergent pair per
//! topic. The serialised form is the `stancelens compare` JSON
//! (`docs/compare.schema.json`).
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
use crate::corpus::{Corpus, Source, SourceKind};
use crate::reprints::{self, ReprintGroup, ReprintMember};
use crate::stance::{EvidenceSentence, StanceEngine, StanceLabel};
use crate::topics::{SubjectMeta, Target};
use rayon::prelude::*;
use serde::Serialize;

/// A lexicon layer or the subject file, for provenance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerInfo {
    /// Name.
    pub name: String,
    /// Version.
    pub version: String,
    /// Hex sha256 of the file.
    pub sha256: String,
}

/// A source's metadata.
#[derive(Clone, Debug, PartialEq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
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
fn worker_pool(threads: usize) -> Option<rayon::ThreadPool> {
    if threads == 1 {
        return None;
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .ok()
        .filter(|p| p.current_num_threads() > 1)
}

/// The sources in the canonical order of every list of the comparison: by id (byte
/// order). Ids are unique in a corpus read from a folder or a JSON Lines file; a corpus
/// built in code may repeat one, and such sources are then ordered by their text and
/// metadata, so that the order of the input never shows in the output.
fn canonical_order(corpus: &Corpus) -> Vec<&Source> {
    let mut v: Vec<&Source> = corpus.sources.iter().collect();
    v.sort_by(|a, b| {
        a.meta
            .id
            .cmp(&b.meta.id)
            .then_with(|| a.text.cmp(&b.text))
            .then_with(|| {
                format!("{:?}", (&a.meta, &a.voices)).cmp(&format!("{:?}", (&b.meta, &b.voices)))
            })
    });
    v
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

fn compare_inner(
    corpus: &Corpus,
    engine: &StanceEngine,
    rules: Option<&BiasRules>,
    options: &CompareOptions,
) -> Comparison {
    let subject = engine.subject();
    let nt = subject.topics.len();
    let n = corpus.sources.len();
    let mut cells = Vec::with_capacity(n * nt);
    let mut overall = Vec::with_capacity(n);
    let mut bias_out: Vec<SourceBias> = Vec::with_capacity(n);
    let mut own_on_topic = Vec::with_capacity(n);
    let mut signatures = Vec::with_capacity(n);
    let mut claim_keys: Vec<ClaimKey> = Vec::new();
    let mut claim_rest: Vec<(usize, Quantity, Option<ClaimMember>)> = Vec::new();
    // Canonical order (by id; see `canonical_order`): the output does not depend on the
    // order of the corpus.
    let sources = canonical_order(corpus);
    let analyse = |src: &&Source| {
        let (a, tokens, ranges, fold) = engine.analyse_tokens(src);
        // Bias cues, claims and the reprint signature reuse the analysis' tokens and folds.
        let scan = bias::scan_source(rules, subject, src, &a, &tokens, &ranges, &fold);
        (a, scan)
    };
    // Sources are analysed a batch at a time (in parallel when asked) and assembled in
    // canonical order, moving their evidence into the cells: per-sentence data of a batch is
    // dropped before the next one, so memory stays the output's plus one batch.
    let pool = worker_pool(options.threads);
    let batch = pool.as_ref().map_or(1, |p| p.current_num_threads() * 16);
    let mut analysed = Vec::with_capacity(batch);
    for (bi, chunk) in sources.chunks(batch).enumerate() {
        analysed.clear();
        match &pool {
            Some(p) => p.install(|| {
                chunk
                    .par_iter()
                    .map(&analyse)
                    .collect_into_vec(&mut analysed)
            }),
            None => analysed.extend(chunk.iter().map(&analyse)),
        }
        for (k, (a, scan)) in analysed.drain(..).enumerate() {
            let si = bi * batch + k;
            if rules.is_some() {
                bias_out.push(scan.bias);
            }
            own_on_topic.push(scan.own_on_topic);
            signatures.push(scan.signature);
            for c in scan.claims {
                claim_keys.push(c.key);
                claim_rest.push((si, c.quantity, Some(c.member)));
            }
            for t in a.topics {
                cells.push(Cell {
                    source: a.source.clone(),
                    topic: subject.topics[t.topic].id.clone(),
                    score: t.stance.score,
                    label: t.stance.label,
                    coverage: t.coverage,
                    evidence_count: t.stance.evidence_count,
                    confidence: t.stance.confidence,
                    evidence: t.stance.evidence,
                    passages: t.passages,
                });
            }
            overall.push(Overall {
                source: a.source,
                score: a.overall.score,
                label: a.overall.label,
                evidence_count: a.overall.evidence_count,
                confidence: a.overall.confidence,
            });
        }
    }
    drop(analysed);
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
                    source: sources[i].meta.id.clone(),
                    similarity: sim,
                })
                .collect(),
        });
    }
    let skip_reprint = |i: usize| options.count_reprints_once && first[i].is_some_and(|f| f != i);
    // Omission against peers.
    if rules.is_some() {
        let peer_class: Vec<bool> = sources
            .iter()
            .map(|s| s.meta.kind == Some(SourceKind::Comment))
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
        let (s0, q0) = (claim_rest[g[0]].0, claim_rest[g[0]].1);
        let mut members = Vec::with_capacity(g.len());
        for &k in &g {
            let si = claim_rest[k].0;
            if let Some(mut m) = claim_rest[k].2.take() {
                m.reprint_of = first[si]
                    .filter(|&f| f != si)
                    .map(|f| sources[f].meta.id.clone());
                members.push(m);
            }
        }
        let text = members
            .first()
            .map(|m| m.sentence.slice(&sources[s0].text).to_owned())
            .unwrap_or_default();
        claim_groups.push(ClaimGroup {
            quantity: q0.key(),
            value: q0.value,
            unit: q0.unit,
            text,
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
        lexicons: {
            // The subject file stays last.
            let layers = engine.layers();
            let (subject_layer, rest) = layers
                .split_last()
                .map_or((None, layers), |(l, r)| (Some(l), r));
            rest.iter()
                .chain(rules.map_or(&[][..], |r| r.layers()))
                .chain(subject_layer)
                .map(|l| LayerInfo {
                    name: l.name.clone(),
                    version: l.version.clone(),
                    sha256: l.sha256.clone(),
                })
                .collect()
        },
        sources: sources
            .iter()
            .map(|s| SourceInfo {
                id: s.meta.id.clone(),
                parent: s.meta.parent.clone(),
                kind: s.meta.kind,
                outlet: s.meta.outlet.clone(),
                author: s.meta.author.clone(),
                date: s.meta.date.clone(),
            })
            .collect(),
        topics: subject
            .topics
            .iter()
            .map(|t| TopicInfo {
                id: t.id.clone(),
                label: t.label.clone(),
                target_sign: t.target_sign,
                positive: t.positive.clone(),
            })
            .collect(),
        cells,
        overall,
        rankings,
        divergent,
        bias: bias_out,
        claims: claim_groups,
        reprints: reprint_groups,
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
        for src in &self.sources {
            s.push_str(&format!("| {} |", src.id));
            for t in &self.topics {
                if let Some(c) = self
                    .cells
                    .iter()
                    .find(|c| c.source == src.id && c.topic == t.id)
                {
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
