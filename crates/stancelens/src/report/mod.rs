//! Reports of a [`Comparison`]: one self-contained HTML file ([`html`]), the same content as
//! Markdown ([`markdown`]), and flat CSV tables with stable ids ([`csv`]).
//!
//! Reports never score anything themselves: every figure comes from the `Comparison`, and
//! the sentences and full texts from the `Corpus` (evidence spans are byte spans into each
//! source's text). All corpus text and metadata is escaped for the output format; explicit
//! bidirectional and control characters are shown as inert `U+XXXX` markers.
//!
//! A report is reproducible: it holds no clock reading. The run date is whatever
//! [`ReportOptions::run_date`] says (the CLI fills it from `SOURCE_DATE_EPOCH` or `--date`).
//!
//! ```
//! use stancelens::compare::compare;
//! use stancelens::corpus::Corpus;
//! use stancelens::report::{self, ReportOptions};
//! use stancelens::stance::StanceEngine;
//! use stancelens::topics::Subject;
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/israel-azerbaijan");
//! let (corpus, _) = Corpus::from_dir(dir)?;
//! let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
//! let cmp = compare(&corpus, &engine);
//! let opts = ReportOptions { run_date: Some("2025-01-01".into()), ..ReportOptions::from_engine(&engine) };
//! let page = report::html(&cmp, &corpus, &opts);
//! assert!(page.starts_with("<!DOCTYPE html>"));
//! let tables = report::csv(&cmp, &corpus);
//! assert_eq!(tables.cells.lines().count(), 1 + cmp.cells.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod csv;
mod html;
mod markdown;

pub use self::csv::{csv, CsvTables};
pub use self::html::html;
pub use self::markdown::markdown;

use crate::compare::{Cell, Comparison};
use crate::corpus::{Corpus, Source};
use crate::lexicon::LexiconMeta;
use crate::stance::{Contribution, StanceEngine, StanceLabel};
use crate::topics::Subject;
use crate::valence::{AppliedModifier, Op};
use crate::Span;
use serde::Serialize;

/// What a report needs beyond the [`Comparison`] and the [`Corpus`].
///
/// `Default` gives a report without run date and with the method section built from the
/// comparison alone; [`ReportOptions::from_engine`] adds the subject's settings, entities
/// and topic descriptions and every lexicon layer's licence and source.
#[derive(Clone, Debug, Default)]
pub struct ReportOptions {
    /// The run date printed in the header (e.g. `2025-01-31`); `None` prints "not recorded".
    pub run_date: Option<String>,
    /// The subject the comparison was made under (settings, entities, topic descriptions).
    pub subject: Option<Subject>,
    /// Full metadata of the lexicon layers (licence, source, description).
    pub layers: Vec<LexiconMeta>,
}

impl ReportOptions {
    /// Options carrying the engine's subject and lexicon layers, without run date.
    ///
    /// ```
    /// use stancelens::report::ReportOptions;
    /// use stancelens::stance::StanceEngine;
    /// use stancelens::topics::Subject;
    /// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let opts = ReportOptions::from_engine(&engine);
    /// assert!(opts.subject.is_some() && opts.run_date.is_none());
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn from_engine(engine: &StanceEngine) -> ReportOptions {
        ReportOptions {
            run_date: None,
            subject: Some(engine.subject().clone()),
            layers: engine.layers().to_vec(),
        }
    }
}

/// A label as written in reports and in the JSON.
pub(crate) fn label_name(l: StanceLabel) -> &'static str {
    match l {
        StanceLabel::Favour => "favour",
        StanceLabel::Against => "against",
        StanceLabel::Mixed => "mixed",
        StanceLabel::Neutral => "neutral",
        StanceLabel::InsufficientEvidence => "insufficient evidence",
        StanceLabel::NotCovered => "not covered",
    }
}

/// A CSS-class-safe slug of a label.
pub(crate) fn label_slug(l: StanceLabel) -> &'static str {
    match l {
        StanceLabel::Favour => "favour",
        StanceLabel::Against => "against",
        StanceLabel::Mixed => "mixed",
        StanceLabel::Neutral => "neutral",
        StanceLabel::InsufficientEvidence => "insufficient",
        StanceLabel::NotCovered => "not-covered",
    }
}

/// The serde name of a unit enum variant (`quote`, `pull_quote`, `negation`).
pub(crate) fn serde_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => "?".into(),
    }
}

/// `+0.25`, or `—` without a score.
pub(crate) fn fmt_score(s: Option<f64>) -> String {
    s.map_or_else(|| "—".to_owned(), |x| format!("{x:+.2}"))
}

/// Whether a character would act on the layout or the terminal rather than be read:
/// C0/C1 controls (tab and newline excepted), explicit bidi embeddings, overrides and
/// isolates, and the invisible direction marks.
pub(crate) fn is_inert_worthy(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t' && c != '\r')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// A modifier as one short phrase: `negation not ×−0.74`, `booster very +0.29`.
pub(crate) fn modifier_text(m: &AppliedModifier, text: Option<&str>) -> String {
    let what = serde_name(&m.effect).replace('_', " ");
    let words = m
        .span
        .and_then(|s| text.and_then(|t| t.get(s.start..s.end)))
        .map(|w| format!(" “{}”", one_line(w)))
        .unwrap_or_default();
    let rule = m
        .rule_id
        .as_deref()
        .map(|r| format!(" [{r}]"))
        .unwrap_or_default();
    let op = match m.op {
        Op::Add(x) => format!("{x:+.3}"),
        Op::Scale(x) => format!("×{x:.3}"),
    };
    format!("{what}{words}{rule} {op}")
}

/// How a contribution's value comes about, in one line:
/// `base +1.900, negation “not” ×-0.740 → -1.406 × role -1 × direction +1 = +1.406`.
pub(crate) fn contribution_text(c: &Contribution, text: Option<&str>) -> String {
    let mut s = format!("base {:+.3}", c.base);
    for m in &c.modifiers {
        s.push_str(", ");
        s.push_str(&modifier_text(m, text));
    }
    s.push_str(&format!(
        " → {:+.3} × role {:+} × direction {:+} = {:+.3}",
        c.modified, c.role_sign, c.direction, c.value
    ));
    s
}

/// What produced a contribution: `cue` or `valence → iran`.
pub(crate) fn contribution_kind(c: &Contribution) -> String {
    let kind = serde_name(&c.kind).replace('_', " ");
    match &c.entity {
        Some(e) => format!("{kind} → {e}"),
        None => kind,
    }
}

/// Whitespace runs (newlines included) folded to one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Sources in display order: each article followed by its comments, comments whose
/// parent is not in the comparison in their own place. `(index, is_child)` pairs.
pub(crate) fn display_order(cmp: &Comparison) -> Vec<(usize, bool)> {
    let ids: std::collections::HashSet<&str> = cmp.sources.iter().map(|s| s.id.as_str()).collect();
    let mut children: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, s) in cmp.sources.iter().enumerate() {
        if let Some(p) = s
            .parent
            .as_deref()
            .filter(|p| ids.contains(p) && *p != s.id)
        {
            children.entry(p).or_default().push(i);
        }
    }
    let mut out = Vec::with_capacity(cmp.sources.len());
    let mut seen = vec![false; cmp.sources.len()];
    for (i, s) in cmp.sources.iter().enumerate() {
        let is_child = s
            .parent
            .as_deref()
            .is_some_and(|p| ids.contains(p) && p != s.id);
        if is_child || seen[i] {
            continue;
        }
        seen[i] = true;
        out.push((i, false));
        for &c in children.get(s.id.as_str()).into_iter().flatten() {
            if !seen[c] {
                seen[c] = true;
                out.push((c, true));
            }
        }
    }
    // Comments of comments (or cycles) were not reached above: never drop a source.
    for (i, done) in seen.iter().enumerate() {
        if !done {
            out.push((i, true));
        }
    }
    out
}

/// Indexed access to a comparison and its corpus.
pub(crate) struct View<'a> {
    pub cmp: &'a Comparison,
    /// The corpus source of each comparison source (`None` when the corpus lacks it).
    pub texts: Vec<Option<&'a Source>>,
    nt: usize,
    source_major: bool,
}

impl<'a> View<'a> {
    pub fn new(cmp: &'a Comparison, corpus: &'a Corpus) -> View<'a> {
        let texts = cmp
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                corpus
                    .sources
                    .get(i)
                    .filter(|c| c.meta.id == s.id)
                    .or_else(|| corpus.get(&s.id))
            })
            .collect();
        let nt = cmp.topics.len();
        // `compare` lays cells out source-major; check rather than trust it.
        let source_major = cmp.cells.len() == cmp.sources.len() * nt
            && cmp.cells.iter().enumerate().all(|(k, c)| {
                nt > 0 && c.source == cmp.sources[k / nt].id && c.topic == cmp.topics[k % nt].id
            });
        View {
            cmp,
            texts,
            nt,
            source_major,
        }
    }

    /// The cell of source `si` and topic `ti`.
    pub fn cell(&self, si: usize, ti: usize) -> Option<&'a Cell> {
        if self.source_major {
            return self.cmp.cells.get(si * self.nt + ti);
        }
        let (s, t) = (&self.cmp.sources.get(si)?.id, &self.cmp.topics.get(ti)?.id);
        self.cmp
            .cells
            .iter()
            .find(|c| &c.source == s && &c.topic == t)
    }

    /// The index of a source id.
    pub fn source_index(&self, id: &str) -> Option<usize> {
        self.cmp.sources.iter().position(|s| s.id == id)
    }

    /// The text of source `si`, if the corpus has it.
    pub fn text(&self, si: usize) -> Option<&'a str> {
        self.texts
            .get(si)
            .copied()
            .flatten()
            .map(|s| s.text.as_str())
    }
}

/// The hits of a sentence that can be marked in `text`: inside the sentence, on char
/// boundaries, sorted, non-overlapping (a later overlapping hit is left unmarked; it is
/// still listed). Returns `(span, index in contributions)`.
pub(crate) fn markable(text: &str, sentence: Span, cs: &[Contribution]) -> Vec<(Span, usize)> {
    let mut v: Vec<(Span, usize)> = cs
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.span.start >= sentence.start
                && c.span.end <= sentence.end
                && c.span.start < c.span.end
                && text.get(c.span.start..c.span.end).is_some()
        })
        .map(|(k, c)| (c.span, k))
        .collect();
    v.sort_by_key(|(s, k)| (s.start, *k));
    let mut end = 0usize;
    v.retain(|(s, _)| {
        let keep = s.start >= end;
        if keep {
            end = s.end;
        }
        keep
    });
    v
}

/// Whether `span` is a valid slice of `text`.
pub(crate) fn valid(text: &str, span: Span) -> bool {
    span.start <= span.end && text.get(span.start..span.end).is_some()
}

/// The method notes shared by the HTML and Markdown reports: `(heading, paragraphs)`.
pub(crate) fn method_notes(cmp: &Comparison, opts: &ReportOptions) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let st = opts.subject.as_ref().map(|s| &s.settings);
    let setting = |f: &dyn Fn(&crate::topics::SubjectSettings) -> String| {
        st.map_or_else(|| "(see the subject file)".to_owned(), f)
    };
    out.push((
        "Evidence".to_owned(),
        vec![
            format!(
                "Sentences are detected on a topic by the subject's anchors and entity mentions (and carried over to the next {} sentence(s) of the same paragraph). Only the source's own voice (body text, or a comment's own text) scores with weight 1; quoted speech scores with weight {}; headings, bylines, author bios and excluded page residue never score.",
                setting(&|s| s.carry_over.to_string()),
                setting(&|s| format!("{}", s.reported_speech_weight)),
            ),
            "Each piece of evidence is either a stance cue of the topic (a lexicon rule with a signed weight) or a general valence word aimed at an entity of the subject (grammatical subject or object of the clause, never an oblique phrase), mapped through the entity's role: ally +1, adversary −1. Modifiers (negation, intensifiers, hedges, contrast, concession, quotation, attribution) change a hit's value; each one is listed with the hit.".to_owned(),
        ],
    ));
    out.push((
        "Formula".to_owned(),
        vec![
            "value = modified × role_sign × direction, where modified is the rule's weight after its modifiers.".to_owned(),
            "Per evidence sentence i with weight wᵢ: sumᵢ = Σ values; M = Σ wᵢ·sumᵢ, W = Σ wᵢ, m = M / W; score = m / √(m² + 4), in [−1, 1].".to_owned(),
            format!(
                "n = Σ wᵢ × (number of contributions) is the evidence count; confidence = (1 − e^(−n / max(min_evidence, 1))) × agreement, agreement = |pos − neg| / (pos + neg). Labels, first match wins: not covered (no scoring sentence on the topic); insufficient evidence (n < {}); mixed (the minority side has ≥ {} of the evidence); neutral (|score| < {}); favour (score > 0); against.",
                setting(&|s| format!("{}", s.min_evidence)),
                setting(&|s| format!("{}", s.mixed_share)),
                setting(&|s| format!("{}", s.neutral_band)),
            ),
            "Coverage is the share of the source's own-voice sentences that are on the topic. A cell's score reads in the topic's positive direction; the overall score reads toward the target.".to_owned(),
        ],
    ));
    let mut caveats = vec![
        "Lexicon methods count words; they do not understand text. Irony, sarcasm, implicature and world knowledge are invisible to them, and a word missing from the lexicon is silence, not a neutral judgement.".to_owned(),
        "Aiming valence at an entity follows word order inside a clause, not a parse: passives and long clauses can misassign a word. Check the evidence of any cell you rely on.".to_owned(),
        "Scores are means per evidence sentence: a source with few evidence sentences can score high with low confidence. Compare confidence and evidence count before comparing scores.".to_owned(),
        "Reader comments are scored as their own sources and shown under their article; they are not a sample of readers.".to_owned(),
    ];
    if let Some(d) = &cmp.subject.description {
        caveats.push(format!("Subject: {}", one_line(d)));
    }
    out.push(("Caveats".to_owned(), caveats));
    out
}

/// Lexicon rows for provenance: `(name, version, sha256, licence, source)`, from the full
/// layer metadata when the options carry it, else from the comparison.
pub(crate) fn layer_rows(
    cmp: &Comparison,
    opts: &ReportOptions,
) -> Vec<(String, String, String, String, String)> {
    cmp.lexicons
        .iter()
        .map(|l| {
            let full = opts
                .layers
                .iter()
                .find(|m| m.sha256 == l.sha256 && m.version == l.version);
            (
                l.name.clone(),
                l.version.clone(),
                l.sha256.clone(),
                full.and_then(|m| m.licence.clone()).unwrap_or_default(),
                full.and_then(|m| m.source.clone()).unwrap_or_default(),
            )
        })
        .collect()
}
