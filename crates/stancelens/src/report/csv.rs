//! Flat CSV tables (RFC 4180: comma-separated, `"`-quoted when needed, CRLF-free `\n`
//! line ends) with stable ids to join on:
//!
//! * `source_id`: the corpus id;
//! * `cell_id` = `source_id::topic_id`;
//! * `sentence_id` = `source_id@start-end` (byte span of the sentence in the source text);
//! * `hit_id` = `cell_id@sentence_start#k` (k-th contribution of the sentence, from 1);
//! * `claim_id` = `claim-k` (k-th shared claim, from 1, in the comparison's order) and
//!   `member_id` = `claim_id/source_id@sentence_start`;
//! * `reprint_group` = `reprint-k`.
//!
//! Numbers are written in full precision (Rust's shortest round-trip form), so every score
//! recomputes from the evidence rows exactly; missing values are empty fields.

use super::{contribution_kind, label_name, modifier_text, serde_name, voice_name, View};
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
    /// `bias.csv`: one row per source (topic empty) and per source × topic, per cue.
    pub bias: String,
    /// `bias_evidence.csv`: one row per piece of evidence of a source's cue.
    pub bias_evidence: String,
    /// `reprints.csv`: one row per member of a reprint group.
    pub reprints: String,
}

impl CsvTables {
    /// `(file name, content)` of every table, in a fixed order.
    ///
    /// ```
    /// let t = stancelens::report::CsvTables::default();
    /// assert_eq!(t.files()[0].0, "sources.csv");
    /// ```
    pub fn files(&self) -> [(&'static str, &str); 8] {
        [
            ("sources.csv", &self.sources),
            ("topics.csv", &self.topics),
            ("cells.csv", &self.cells),
            ("evidence.csv", &self.evidence),
            ("claims.csv", &self.claims),
            ("bias.csv", &self.bias),
            ("bias_evidence.csv", &self.bias_evidence),
            ("reprints.csv", &self.reprints),
        ]
    }
}

/// One CSV field: quoted when it holds a comma, quote, line break or edge whitespace.
fn field(out: &mut String, s: &str) {
    let quote = s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
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

/// A row written in place: `field` quotes as needed, `raw` writes text that needs no
/// quoting (numbers and the separators between them), `next` ends a field.
struct Row<'a> {
    out: &'a mut String,
}

impl<'a> Row<'a> {
    fn new(out: &'a mut String) -> Row<'a> {
        Row { out }
    }

    fn field(&mut self, s: &str) -> &mut Self {
        field(self.out, s);
        self
    }

    fn raw(&mut self, a: &std::fmt::Arguments<'_>) -> &mut Self {
        let _ = self.out.write_fmt(*a);
        self
    }

    fn next(&mut self) -> &mut Self {
        self.out.push(',');
        self
    }

    fn end(&mut self) {
        self.out.push('\n');
    }
}

fn row(out: &mut String, fields: &[&str]) {
    super::push_separated(out, fields, ",", |out, f| field(out, f));
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
    // The bias tables are independent of the others: build them on a second thread.
    let (bias, mut t) = super::par2(
        || {
            let mut b = CsvTables::default();
            bias_tables(&mut b, cmp, &v);
            b
        },
        || core_tables(cmp, &v),
    );
    t.bias = bias.bias;
    t.bias_evidence = bias.bias_evidence;
    t
}

/// Every table but the bias ones.
fn core_tables(cmp: &Comparison, v: &View<'_>) -> CsvTables {
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
        let ov = v.overall(si);
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
    // The cells' rows, the evidence table's bulk, in two halves side by side.
    let half = cmp.cells.len() / 2;
    let ((cells2, ev2), (cells1, ev1)) = super::par2(
        || cell_rows(cmp, v, &cmp.cells[half..]),
        || cell_rows(cmp, v, &cmp.cells[..half]),
    );
    for part in [cells1, cells2] {
        t.cells.push_str(&part);
    }
    for part in [ev1, ev2] {
        t.evidence.push_str(&part);
    }

    claims_tables(&mut t, cmp, v);
    row(
        &mut t.reprints,
        &["reprint_group", "source_id", "similarity", "counted"],
    );
    for (k, g) in cmp.reprints.iter().enumerate() {
        for (j, m) in g.members.iter().enumerate() {
            row(
                &mut t.reprints,
                &[
                    &format!("reprint-{}", k + 1),
                    &m.source,
                    &num(m.similarity),
                    if j == 0 { "first" } else { "reprint" },
                ],
            );
        }
    }
    t
}

fn slice<'t>(v: &View<'t>, source: &str, span: crate::Span) -> &'t str {
    v.source_index(source)
        .and_then(|si| v.text(si))
        .and_then(|t| t.get(span.start..span.end))
        .unwrap_or("")
}

fn claims_tables(t: &mut CsvTables, cmp: &Comparison, v: &View<'_>) {
    row(
        &mut t.claims,
        &[
            "claim_id",
            "member_id",
            "quantity",
            "value",
            "unit",
            "claim_sources",
            "source_id",
            "sentence_id",
            "sentence_start",
            "sentence_end",
            "quantity_start",
            "quantity_end",
            "quantity_text",
            "voice",
            "reprint_of",
            "qualifier",
            "qualifier_text",
            "hedges",
            "attribution",
            "attribution_markers",
            "stance_sum",
            "stance_marks",
            "sentence_text",
        ],
    );
    for (k, g) in cmp.claims.iter().enumerate() {
        let claim_id = format!("claim-{}", k + 1);
        for m in &g.members {
            let f = &m.framing;
            let markers = |ms: &[crate::claims::Marker]| -> String {
                ms.iter()
                    .map(|x| {
                        format!(
                            "{} ({}, {})",
                            slice(v, &m.source, x.span),
                            x.category,
                            x.rule_id
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let stance: Vec<String> = f
                .stance
                .iter()
                .map(|x| {
                    format!(
                        "{} {} {}",
                        x.rule_id,
                        slice(v, &m.source, x.span),
                        num(x.value)
                    )
                })
                .collect();
            row(
                &mut t.claims,
                &[
                    &claim_id,
                    &format!("{claim_id}/{}@{}", m.source, m.sentence.start),
                    &g.quantity,
                    &num(g.value),
                    &serde_name(&g.unit),
                    &g.sources.to_string(),
                    &m.source,
                    &format!("{}@{}-{}", m.source, m.sentence.start, m.sentence.end),
                    &m.sentence.start.to_string(),
                    &m.sentence.end.to_string(),
                    &m.quantity_span.start.to_string(),
                    &m.quantity_span.end.to_string(),
                    slice(v, &m.source, m.quantity_span),
                    voice_name(m.voice),
                    m.reprint_of.as_deref().unwrap_or(""),
                    &f.qualifier
                        .as_ref()
                        .map(|q| serde_name(&q.kind))
                        .unwrap_or_default(),
                    f.qualifier
                        .as_ref()
                        .map(|q| slice(v, &m.source, q.marker.span))
                        .unwrap_or(""),
                    &markers(&f.hedges),
                    &serde_name(&f.attribution),
                    &markers(&f.attribution_markers),
                    &num(f.stance_sum),
                    &stance.join("; "),
                    slice(v, &m.source, m.sentence),
                ],
            );
        }
    }
}

fn bias_tables(t: &mut CsvTables, cmp: &Comparison, v: &View<'_>) {
    use crate::bias::BiasCues;
    row(
        &mut t.bias,
        &[
            "source_id",
            "topic_id",
            "cue",
            "value",
            "counts",
            "evidence_items",
        ],
    );
    row(
        &mut t.bias_evidence,
        &[
            "source_id",
            "cue",
            "kind",
            "rule_id",
            "entity",
            "sentence_id",
            "span_start",
            "span_end",
            "words",
        ],
    );
    let of = |x: Option<f64>| x.map(num).unwrap_or_default();
    let cue_rows = |out: &mut String, source: &str, topic: &str, c: &BiasCues| {
        let omitted: Vec<&str> = c
            .omission
            .topics
            .iter()
            .filter(|x| x.omitted)
            .map(|x| x.topic.as_str())
            .collect();
        let rows: [(&str, String, String, usize); 6] = [
            (
                "loaded",
                of(c.loaded.value),
                format!(
                    "loaded={}; intensifiers={}; words={}",
                    c.loaded.loaded, c.loaded.intensifiers, c.loaded.words
                ),
                c.loaded.evidence.len(),
            ),
            (
                "hedging",
                of(c.hedging.value),
                format!(
                    "hedges={}; boosters={}; factive={}; assertive={}",
                    c.hedging.hedges, c.hedging.boosters, c.hedging.factive, c.hedging.assertive
                ),
                c.hedging.evidence.len(),
            ),
            (
                "one_sided",
                of(c.one_sided.value),
                format!(
                    "lean={}; pro={}; con={}",
                    of(c.one_sided.lean),
                    num(c.one_sided.pro),
                    num(c.one_sided.con)
                ),
                c.one_sided.evidence.len(),
            ),
            (
                "attribution",
                of(c.attribution.value),
                format!(
                    "named={}; vague={}; bare={}",
                    c.attribution.named, c.attribution.vague, c.attribution.bare
                ),
                c.attribution.evidence.len(),
            ),
            (
                "voices",
                of(c.voices.value),
                format!(
                    "quoted={}; ally={}; adversary={}; neutral={}; unidentified={}",
                    c.voices.quoted,
                    c.voices.ally,
                    c.voices.adversary,
                    c.voices.neutral,
                    c.voices.unidentified
                ),
                c.voices.evidence.len(),
            ),
            (
                "omission",
                of(c.omission.value),
                format!("omitted={}", omitted.join(" ")),
                0,
            ),
        ];
        for (cue, value, counts, n) in rows {
            row(out, &[source, topic, cue, &value, &counts, &n.to_string()]);
        }
    };
    for b in &cmp.bias {
        cue_rows(&mut t.bias, &b.source, "", &b.cues);
        for tb in &b.topics {
            cue_rows(&mut t.bias, &b.source, &tb.topic, &tb.cues);
        }
        let c = &b.cues;
        for (cue, ev) in [
            ("loaded", &c.loaded.evidence),
            ("hedging", &c.hedging.evidence),
            ("one_sided", &c.one_sided.evidence),
            ("attribution", &c.attribution.evidence),
            ("voices", &c.voices.evidence),
        ] {
            for e in ev.iter() {
                row(
                    &mut t.bias_evidence,
                    &[
                        &b.source,
                        cue,
                        e.kind,
                        e.rule_id.as_deref().unwrap_or(""),
                        e.entity.as_deref().unwrap_or(""),
                        &format!("{}@{}-{}", b.source, e.sentence.start, e.sentence.end),
                        &e.span.start.to_string(),
                        &e.span.end.to_string(),
                        slice(v, &b.source, e.span),
                    ],
                );
            }
        }
    }
}

/// `cells.csv` and `evidence.csv` rows (no headers) of some cells.
fn cell_rows(cmp: &Comparison, v: &View<'_>, cells: &[crate::compare::Cell]) -> (String, String) {
    let mut cells_out = String::with_capacity(cells.len() * 128);
    let mut evidence_out = String::with_capacity(cells.len() * 1024);
    let topic_index: std::collections::HashMap<&str, usize> = cmp
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    for c in cells {
        let id = cell_id(&c.source, &c.topic);
        let si = v.source_index(&c.source);
        let rank = si
            .zip(topic_index.get(c.topic.as_str()))
            .and_then(|(si, &ti)| v.rank(si, ti))
            .filter(|_| c.score.is_some())
            .map(|p| p.to_string())
            .unwrap_or_default();
        row(
            &mut cells_out,
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
        let text = si.and_then(|si| v.text(si));
        for e in &c.evidence {
            let sentence_id = format!("{}@{}-{}", c.source, e.span.start, e.span.end);
            for (k, h) in e.contributions.iter().enumerate() {
                let mut mods = String::new();
                super::push_separated(&mut mods, &h.modifiers, "; ", |out, m| {
                    out.push_str(&modifier_text(m, text));
                });
                let mut r = Row::new(&mut evidence_out);
                r.field(&id)
                    .raw(&format_args!("@{}#{}", e.span.start, k + 1))
                    .next()
                    .field(&id)
                    .next()
                    .field(&sentence_id)
                    .next()
                    .field(&c.source)
                    .next()
                    .field(&c.topic)
                    .next()
                    .raw(&format_args!("{},{},", e.span.start, e.span.end))
                    .field(voice_name(e.voice))
                    .next()
                    .raw(&format_args!("{},{},{},", e.weight, e.sum, k + 1))
                    .field(&contribution_kind(h))
                    .next()
                    .field(&h.rule_id)
                    .next()
                    .field(&h.text)
                    .next()
                    .raw(&format_args!("{},{},{},", h.span.start, h.span.end, h.base))
                    .field(&mods)
                    .next()
                    .raw(&format_args!("{},", h.modified))
                    .field(h.entity.as_deref().unwrap_or(""))
                    .next()
                    .raw(&format_args!(
                        "{},{},{},",
                        h.role_sign, h.direction, h.value
                    ))
                    .field(&e.text)
                    .end();
            }
        }
    }

    (cells_out, evidence_out)
}
