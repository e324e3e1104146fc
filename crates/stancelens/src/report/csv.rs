//! Flat CSV tables (RFC 4180: comma-separated, `"`-quoted when needed, CRLF-free `\n`
//! line ends) with stable ids to join on:
//!
//! * `source_id`: the corpus id;
//! * `cell_id` = `source_id::topic_id`;
//! * `sentence_id` = `source_id@start-end` (byte span of the sentence in the source text);
//! * `hit_id` = `cell_id@sentence_start#k` (k-th contribution of the sentence, from 1).
//!
//! Numbers are written in full precision (Rust's shortest round-trip form), so every score
//! recomputes from the evidence rows exactly; missing values are empty fields.

use super::{contribution_kind, label_name, modifier_text, serde_name, View};
use crate::compare::Comparison;
use crate::corpus::Corpus;
use std::fmt::Write as _;

/// The CSV tables of a comparison, one string per file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvTables {
    /// `sources.csv`: one row per source: metadata and overall stance.
    pub sources: String,
    /// `topics.csv`: one row per topic.
    pub topics: String,
    /// `cells.csv`: one row per source × topic.
    pub cells: String,
    /// `evidence.csv`: one row per evidence hit (contribution) of a cell.
    pub evidence: String,
    /// `claims.csv`: one row per claim as a source frames it.
    pub claims: String,
}

impl CsvTables {
    /// `(file name, content)` of every table, in a fixed order.
    ///
    /// ```
    /// let t = stancelens::report::CsvTables::default();
    /// assert_eq!(t.files()[0].0, "sources.csv");
    /// ```
    pub fn files(&self) -> [(&'static str, &str); 5] {
        [
            ("sources.csv", &self.sources),
            ("topics.csv", &self.topics),
            ("cells.csv", &self.cells),
            ("evidence.csv", &self.evidence),
            ("claims.csv", &self.claims),
        ]
    }
}

/// One CSV field: quoted when it holds a comma, quote, line break or edge whitespace.
fn field(out: &mut String, s: &str) {
    let quote = s.contains([',', '"', '\n', '\r'])
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace);
    if quote {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn row(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, f);
    }
    out.push('\n');
}

fn num(x: f64) -> String {
    format!("{x}")
}

fn opt_num(x: Option<f64>) -> String {
    x.map(num).unwrap_or_default()
}

fn cell_id(source: &str, topic: &str) -> String {
    format!("{source}::{topic}")
}

/// The CSV tables: sources, topics, cells, evidence hits and claims, joined by stable ids.
///
/// ```
/// use stancelens::compare::compare;
/// use stancelens::corpus::{Corpus, Source, SourceMeta};
/// use stancelens::report::csv;
/// use stancelens::stance::StanceEngine;
/// use stancelens::topics::Subject;
/// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
/// let src = Source::new(SourceMeta { id: "a".into(), ..Default::default() },
///     "Iran threatens Azerbaijan, a hostile and dangerous regime.".into());
/// let corpus = Corpus { name: "demo".into(), sources: vec![src] };
/// let t = csv(&compare(&corpus, &engine), &corpus);
/// assert!(t.cells.starts_with("cell_id,source_id,topic_id,"));
/// assert!(t.evidence.lines().skip(1).all(|l| l.starts_with("a::")));
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn csv(cmp: &Comparison, corpus: &Corpus) -> CsvTables {
    let v = View::new(cmp, corpus);
    let mut t = CsvTables::default();

    row(
        &mut t.sources,
        &[
            "source_id",
            "parent_id",
            "kind",
            "outlet",
            "author",
            "date",
            "title",
            "url",
            "lang",
            "text_bytes",
            "overall_score",
            "overall_label",
            "overall_evidence_count",
            "overall_confidence",
        ],
    );
    for (si, s) in cmp.sources.iter().enumerate() {
        let meta = v.texts[si].map(|x| &x.meta);
        let ov = cmp.overall.iter().find(|o| o.source == s.id);
        row(
            &mut t.sources,
            &[
                &s.id,
                s.parent.as_deref().unwrap_or(""),
                &s.kind.map(|k| serde_name(&k)).unwrap_or_default(),
                s.outlet.as_deref().unwrap_or(""),
                s.author.as_deref().unwrap_or(""),
                s.date.as_deref().unwrap_or(""),
                meta.and_then(|m| m.title.as_deref()).unwrap_or(""),
                meta.and_then(|m| m.url.as_deref()).unwrap_or(""),
                meta.and_then(|m| m.lang.as_deref()).unwrap_or(""),
                &v.text(si).map(|x| x.len().to_string()).unwrap_or_default(),
                &opt_num(ov.and_then(|o| o.score)),
                ov.map(|o| label_name(o.label)).unwrap_or(""),
                &ov.map(|o| num(o.evidence_count)).unwrap_or_default(),
                &ov.map(|o| num(o.confidence)).unwrap_or_default(),
            ],
        );
    }

    row(
        &mut t.topics,
        &["topic_id", "label", "target_sign", "positive"],
    );
    for tp in &cmp.topics {
        row(
            &mut t.topics,
            &[
                &tp.id,
                &tp.label,
                &num(tp.target_sign),
                tp.positive.as_deref().unwrap_or(""),
            ],
        );
    }

    row(
        &mut t.cells,
        &[
            "cell_id",
            "source_id",
            "topic_id",
            "score",
            "label",
            "coverage",
            "evidence_count",
            "confidence",
            "evidence_sentences",
            "passages",
            "rank",
        ],
    );
    row(
        &mut t.evidence,
        &[
            "hit_id",
            "cell_id",
            "sentence_id",
            "source_id",
            "topic_id",
            "sentence_start",
            "sentence_end",
            "voice",
            "sentence_weight",
            "sentence_sum",
            "hit_index",
            "kind",
            "rule_id",
            "matched_text",
            "hit_start",
            "hit_end",
            "base",
            "modifiers",
            "modified",
            "entity",
            "role_sign",
            "direction",
            "value",
            "sentence_text",
        ],
    );
    for c in &cmp.cells {
        let id = cell_id(&c.source, &c.topic);
        let rank = cmp
            .rankings
            .iter()
            .find(|r| r.topic == c.topic)
            .and_then(|r| r.sources.iter().position(|s| *s == c.source))
            .filter(|_| c.score.is_some())
            .map(|p| (p + 1).to_string())
            .unwrap_or_default();
        row(
            &mut t.cells,
            &[
                &id,
                &c.source,
                &c.topic,
                &opt_num(c.score),
                label_name(c.label),
                &num(c.coverage),
                &num(c.evidence_count),
                &num(c.confidence),
                &c.evidence.len().to_string(),
                &c.passages.len().to_string(),
                &rank,
            ],
        );
        let text = v.source_index(&c.source).and_then(|si| v.text(si));
        for e in &c.evidence {
            let sentence_id = format!("{}@{}-{}", c.source, e.span.start, e.span.end);
            for (k, h) in e.contributions.iter().enumerate() {
                let mods: Vec<String> =
                    h.modifiers.iter().map(|m| modifier_text(m, text)).collect();
                let mut hit_id = String::new();
                let _ = write!(hit_id, "{id}@{}#{}", e.span.start, k + 1);
                row(
                    &mut t.evidence,
                    &[
                        &hit_id,
                        &id,
                        &sentence_id,
                        &c.source,
                        &c.topic,
                        &e.span.start.to_string(),
                        &e.span.end.to_string(),
                        &serde_name(&e.voice),
                        &num(e.weight),
                        &num(e.sum),
                        &(k + 1).to_string(),
                        &contribution_kind(h),
                        &h.rule_id,
                        &h.text,
                        &h.span.start.to_string(),
                        &h.span.end.to_string(),
                        &num(h.base),
                        &mods.join("; "),
                        &num(h.modified),
                        h.entity.as_deref().unwrap_or(""),
                        &num(h.role_sign),
                        &num(h.direction),
                        &num(h.value),
                        &e.text,
                    ],
                );
            }
        }
    }

    row(&mut t.claims, &["claim_id", "source_id", "data"]);
    for (k, c) in cmp.claims.iter().enumerate() {
        row(
            &mut t.claims,
            &[&format!("claim-{}", k + 1), "", &c.to_string()],
        );
    }
    t
}
