//! The Markdown report: the HTML report's content for pull requests and wikis.

use super::{
    contribution_kind, contribution_text, fmt_opt, fmt_score, is_inert_worthy, label_name,
    layer_rows, markable, method_notes, parts_of, serde_name, valid, voice_name, Flush, Part,
    ReportOptions, View, Workers,
};
use crate::compare::Comparison;
use crate::corpus::{Corpus, Voice};
use crate::stance::{EvidenceSentence, StanceLabel};
use std::fmt::Write as _;

/// Corpus text as inert Markdown on one line: Markdown and HTML syntax characters are
/// backslash-escaped, control and bidi characters shown as `U+XXXX`.
fn md_into(o: &mut String, s: &str) {
    let b = s.as_bytes();
    let (mut i, mut flushed) = (0usize, 0usize);
    while i < b.len() {
        let byte = b[i];
        // Fast path: letters, digits and harmless punctuation.
        if byte.is_ascii()
            && !matches!(
                byte,
                b'\\'
                    | b'`'
                    | b'*'
                    | b'_'
                    | b'['
                    | b']'
                    | b'<'
                    | b'>'
                    | b'|'
                    | b'#'
                    | b'!'
                    | b'~'
                    | b'&'
                    | 0..=0x1f | 0x7f
            )
        {
            i += 1;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        let rep: Option<String> = match c {
            '\n' | '\r' | '\t' => Some(" ".into()),
            c if c.is_ascii_punctuation() => Some(format!("\\{c}")),
            c if is_inert_worthy(c) => Some(format!("U+{:04X}", c as u32)),
            _ => None,
        };
        if let Some(r) = rep {
            o.push_str(&s[flushed..i]);
            o.push_str(&r);
            flushed = i + len;
        }
        i += len;
    }
    o.push_str(&s[flushed..]);
}

fn md(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    md_into(&mut o, s);
    o
}

/// The Markdown report: header, how to read it, the sources × topics table, per-topic
/// rankings and divergent pairs, evidence per cell (matched words in bold with numbered
/// rules), shared claims, bias cues, full texts with voices, and the method.
///
/// ```
/// use stancelens::compare::compare;
/// use stancelens::corpus::Corpus;
/// use stancelens::report::{markdown, ReportOptions};
/// use stancelens::stance::StanceEngine;
/// use stancelens::topics::Subject;
/// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
/// let corpus = Corpus::default();
/// let md = markdown(&compare(&corpus, &engine), &corpus, &ReportOptions::default());
/// assert!(md.starts_with("# ") && md.contains("## Sources × topics"));
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn markdown(cmp: &Comparison, corpus: &Corpus, opts: &ReportOptions) -> String {
    super::page_in_memory(cmp, corpus, opts, (5, 2048), |o, v, w, flush| {
        report(o, v, corpus, opts, w, flush)
    })
}

/// The same report as [`markdown`], written to `out` as it is rendered (never held whole).
/// What `stancelens report --format markdown` uses.
///
/// ```
/// use stancelens::compare::compare;
/// use stancelens::corpus::{Corpus, Source, SourceMeta};
/// use stancelens::report::{markdown, write_markdown, ReportOptions};
/// use stancelens::stance::StanceEngine;
/// use stancelens::topics::Subject;
/// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
/// let src = Source::new(SourceMeta { id: "a".into(), ..Default::default() },
///     "Iran threatens Azerbaijan.".into());
/// let corpus = Corpus { name: "demo".into(), sources: vec![src] };
/// let cmp = compare(&corpus, &engine);
/// let mut out = Vec::new();
/// write_markdown(&cmp, &corpus, &ReportOptions::default(), &mut out)?;
/// assert_eq!(out, markdown(&cmp, &corpus, &ReportOptions::default()).into_bytes());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_markdown(
    cmp: &Comparison,
    corpus: &Corpus,
    opts: &ReportOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    super::page_streamed(cmp, corpus, opts, out, |o, v, w, flush| {
        report(o, v, corpus, opts, w, flush)
    })
}

/// The whole report, in order; per-item parts on the `workers`.
fn report(
    o: &mut String,
    v: &View<'_>,
    corpus: &Corpus,
    opts: &ReportOptions,
    workers: &mut Workers,
    flush: &mut Flush<'_>,
) {
    let cmp = v.cmp;
    header(o, v, corpus, opts);
    how_to_read(o, cmp, opts);
    table(o, v, workers, flush);
    topics(o, v, workers, flush);
    evidence(o, v, workers, flush);
    claims(o, v, workers, flush);
    bias(o, v, workers, flush);
    full_texts(o, v, workers, flush);
    o.push_str("## Method\n\n");
    for (h, paras) in method_notes(cmp, opts) {
        let _ = write!(o, "### {h}\n\n");
        for p in paras {
            let _ = write!(o, "{}\n\n", md(&p));
        }
    }
}

fn header(o: &mut String, v: &View<'_>, corpus: &Corpus, opts: &ReportOptions) {
    let cmp = v.cmp;
    let _ = write!(
        o,
        "# {} — stance toward {}\n\n",
        md(&cmp.subject.label),
        md(&cmp.target.label)
    );
    if let Some(f) = &cmp.target.favour {
        let _ = writeln!(o, "* favour: {}", md(f));
    }
    if let Some(a) = &cmp.target.against {
        let _ = writeln!(o, "* against: {}", md(a));
    }
    let _ = write!(
        o,
        "* corpus: {} ({} sources)\n* subject: `{}` version {}\n* stancelens {}, run date {}\n\n",
        md(&corpus.name),
        cmp.sources.len(),
        md(&cmp.subject.id),
        md(&cmp.subject.version),
        md(&cmp.stancelens_version),
        md(opts.run_date.as_deref().unwrap_or("not recorded"))
    );
    o.push_str("### Sources\n\n| id | kind | outlet | author | date | title | url |\n|---|---|---|---|---|---|---|\n");
    for &(si, child) in &v.order {
        let s = &cmp.sources[si];
        let meta = v.texts[si].map(|x| &x.meta);
        let opt = |x: Option<&str>| x.map_or_else(|| "—".to_owned(), md);
        // URLs stay inert text: Markdown renderers would otherwise link any scheme.
        let url = meta
            .and_then(|m| m.url.as_deref())
            .map_or_else(|| "—".to_owned(), |u| format!("`{}`", u.replace('`', "'")));
        let _ = writeln!(
            o,
            "| {}{} | {} | {} | {} | {} | {} | {} |",
            if child { "↳ " } else { "" },
            md(&s.id),
            opt(s.kind.map(|k| serde_name(&k)).as_deref()),
            opt(s.outlet.as_deref()),
            opt(s.author.as_deref()),
            opt(s.date.as_deref()),
            opt(meta.and_then(|m| m.title.as_deref())),
            md_code(&url)
        );
    }
    o.push_str("\n### Lexicons and subject\n\n| layer | version | sha256 | licence | source |\n|---|---|---|---|---|\n");
    for (name, version, sha, licence, source) in layer_rows(cmp, opts) {
        let _ = writeln!(
            o,
            "| {} | {} | `{}` | {} | {} |",
            md(&name),
            md(&version),
            md(&sha),
            md(&licence),
            md(&source)
        );
    }
    o.push('\n');
}

/// A code span's content may not hold `|` inside a table or control characters.
fn md_code(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '|' {
                "\\|".to_owned()
            } else if is_inert_worthy(c) || c == '\n' {
                format!("U+{:04X}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn how_to_read(o: &mut String, cmp: &Comparison, opts: &ReportOptions) {
    o.push_str("## How to read this\n\nEach row is a source, each column a topic; reader comments (↳) follow their article. A cell holds the stance score on the topic in [−1, +1], where **+1 is the topic's positive direction** listed below (not always the same as favouring the target), its label, and the topic's coverage (share of the source's own sentences on the topic). `not covered` means no sentence of the source is on the topic; `insufficient evidence` means too little evidence to label. The evidence section lists, per cell, every sentence with its matched words in bold, each numbered with its rule, weight and modifiers.\n\nTopics and their positive direction:\n\n");
    for t in &cmp.topics {
        let desc = opts
            .subject
            .as_ref()
            .and_then(|s| s.topics.iter().find(|x| x.id == t.id))
            .and_then(|x| x.description.clone());
        let _ = writeln!(
            o,
            "* **{}** (`{}`): + = {} ({}){}",
            md(&t.label),
            md(&t.id),
            md(t.positive.as_deref().unwrap_or("(not stated)")),
            if t.target_sign < 0.0 {
                "opposes the target"
            } else {
                "favours the target"
            },
            desc.map(|d| format!(" — {}", md(&d))).unwrap_or_default()
        );
    }
    o.push('\n');
    if let Some(s) = opts.subject.as_ref().filter(|s| !s.entities.is_empty()) {
        o.push_str("Entities and their roles toward the target:\n\n");
        for e in &s.entities {
            let _ = writeln!(
                o,
                "* {}: {}{}",
                md(&e.label),
                serde_name(&e.role),
                e.rationale
                    .as_deref()
                    .map(|r| format!(" — {}", md(r)))
                    .unwrap_or_default()
            );
        }
        o.push('\n');
    }
}

fn cell_text(score: Option<f64>, label: StanceLabel, cov: f64) -> String {
    let mark = match label {
        StanceLabel::NotCovered => "░ ",
        StanceLabel::InsufficientEvidence => "▒ ",
        _ => "",
    };
    format!(
        "{mark}{} {}, {:.0}%",
        fmt_score(score),
        label_name(label),
        cov * 100.0
    )
}

fn table(o: &mut String, v: &View<'_>, workers: &mut Workers, flush: &mut Flush<'_>) {
    let cmp = v.cmp;
    o.push_str("## Sources × topics\n\nScore, label, coverage. ░ not covered, ▒ insufficient evidence.\n\n| source | overall |");
    for t in &cmp.topics {
        let _ = write!(o, " {} |", md(&t.label));
    }
    o.push_str("\n|---|---|");
    for _ in &cmp.topics {
        o.push_str("---|");
    }
    o.push('\n');
    let order = &v.order;
    let positions: Vec<usize> = (0..order.len()).collect();
    let row = |o: &mut String, pos: usize| {
        let (si, child) = order[pos];
        table_row(o, v, si, child);
    };
    workers.render_in_order(o, &positions, &row, flush);
    o.push('\n');
}

/// The table row of source `si`; `child`: a comment under its article.
fn table_row(o: &mut String, v: &View<'_>, si: usize, child: bool) {
    let cmp = v.cmp;
    let s = &cmp.sources[si];
    let overall = v.overall(si).map_or_else(
        || "—".to_owned(),
        |x| format!("{} {}", fmt_score(x.score), label_name(x.label)),
    );
    let _ = write!(
        o,
        "| {}{} | {overall} |",
        if child { "↳ " } else { "" },
        md(&s.id)
    );
    for ti in 0..cmp.topics.len() {
        match v.cell(si, ti) {
            Some(c) => {
                let _ = write!(o, " {} |", cell_text(c.score, c.label, c.coverage));
            }
            None => o.push_str(" missing |"),
        }
    }
    o.push('\n');
}

/// A sentence with its markable hits in bold, each followed by its number.
fn sentence_md(o: &mut String, v: &View<'_>, si: usize, e: &EvidenceSentence) {
    let Some(t) = v.text(si).filter(|t| valid(t, e.span)) else {
        md_into(o, &e.text);
        return;
    };
    let mut pos = e.span.start;
    for (span, k) in markable(t, e.span, &e.contributions) {
        md_into(o, &t[pos..span.start]);
        o.push_str("**");
        md_into(o, &t[span.start..span.end]);
        let _ = write!(o, "**<sup>{}</sup>", k + 1);
        pos = span.end;
    }
    md_into(o, &t[pos..e.span.end]);
}

fn evidence_md(o: &mut String, v: &View<'_>, si: usize, e: &EvidenceSentence, indent: &str) {
    o.push_str(indent);
    o.push_str("> ");
    sentence_md(o, v, si, e);
    let _ = write!(
        o,
        "\n{indent}>\n{indent}> — {}, weight {}, sum ",
        voice_name(e.voice),
        e.weight
    );
    super::push_f3(o, e.sum, true);
    let _ = write!(o, ", bytes {}–{}\n\n", e.span.start, e.span.end);
    let text = v.text(si);
    for (k, c) in e.contributions.iter().enumerate() {
        let _ = write!(o, "{indent}{}. `", k + 1);
        o.push_str(&md_code(&c.rule_id.replace('`', "'")));
        o.push_str("` (");
        md_into(o, &contribution_kind(c));
        o.push_str(") “");
        md_into(o, &super::folded(&c.text));
        o.push_str("”: ");
        md_into(o, &contribution_text(c, text));
        o.push('\n');
    }
    o.push('\n');
}

fn topics(o: &mut String, v: &View<'_>, workers: &mut Workers, flush: &mut Flush<'_>) {
    let cmp = v.cmp;
    o.push_str("## Per topic: ranking and most divergent pair\n\n");
    let ranked = super::rankings_by_topic(cmp);
    let parts = parts_of(ranked.iter().map(|r| r.len()));
    let positions: Vec<usize> = (0..parts.len()).collect();
    let render = |o: &mut String, pos: usize| match parts[pos].clone() {
        Part::Head(ti) => {
            let t = &cmp.topics[ti];
            let _ = write!(
                o,
                "### {}\n\n+ = {}\n\n",
                md(&t.label),
                md(t.positive.as_deref().unwrap_or("(not stated)"))
            );
        }
        Part::Items(ti, run) => {
            let start = run.start;
            for (k, id) in ranked[ti].get(run).unwrap_or_default().iter().enumerate() {
                topic_rank(o, v, ti, start + k + 1, id);
            }
        }
        Part::Tail(ti) => topic_tail(o, v, ti),
    };
    workers.render_in_order(o, &positions, &render, flush);
}

/// Source `id` at `rank` in topic `ti`'s ranking.
fn topic_rank(o: &mut String, v: &View<'_>, ti: usize, rank: usize, id: &str) {
    let Some(si) = v.source_index(id) else {
        return;
    };
    if let Some(c) = v.cell(si, ti) {
        let _ = writeln!(
            o,
            "{}. {} {} ({}, coverage {:.0}%, confidence {:.2})",
            rank,
            md(id),
            fmt_score(c.score),
            label_name(c.label),
            c.coverage * 100.0,
            c.confidence
        );
    }
}

/// The end of topic `ti`'s ranking and its most divergent pair.
fn topic_tail(o: &mut String, v: &View<'_>, ti: usize) {
    let cmp = v.cmp;
    let t = &cmp.topics[ti];
    o.push('\n');
    match cmp.divergent.iter().find(|d| d.topic == t.id) {
        Some(d) => {
            let _ = write!(o, "Most divergent pair (gap {:.2}):\n\n", d.gap);
            for side in [&d.high, &d.low] {
                let _ = write!(
                    o,
                    "* **{}** {}\n\n",
                    md(&side.source),
                    fmt_score(Some(side.score))
                );
                match (&side.strongest, v.source_index(&side.source)) {
                    (Some(e), Some(si)) => evidence_md(o, v, si, e, "  "),
                    _ => o.push_str("  No evidence sentence.\n\n"),
                }
            }
        }
        None => {
            o.push_str("Fewer than two sources have a score on this topic: no pair to compare.\n\n")
        }
    }
}

fn evidence(o: &mut String, v: &View<'_>, workers: &mut Workers, flush: &mut Flush<'_>) {
    o.push_str("## Evidence\n\n");
    workers.render_in_order(o, &v.order_sources, &|o, si| evidence_of(o, v, si), flush);
}

/// The evidence of source `si`, one entry per topic with evidence.
fn evidence_of(o: &mut String, v: &View<'_>, si: usize) {
    let cmp = v.cmp;
    let s = &cmp.sources[si];
    let _ = write!(o, "### {}\n\n", md(&s.id));
    for (ti, t) in cmp.topics.iter().enumerate() {
        let Some(c) = v.cell(si, ti) else { continue };
        if c.evidence.is_empty() {
            continue;
        }
        let _ = write!(
            o,
            "#### {} × {}: {} {}, coverage {:.0}%, confidence {:.2}\n\n",
            md(&s.id),
            md(&t.label),
            fmt_score(c.score),
            label_name(c.label),
            c.coverage * 100.0,
            c.confidence
        );
        for e in &c.evidence {
            evidence_md(o, v, si, e, "");
        }
    }
    let empty: Vec<&str> = cmp
        .topics
        .iter()
        .enumerate()
        .filter(|(ti, _)| v.cell(si, *ti).is_some_and(|c| c.evidence.is_empty()))
        .map(|(_, t)| t.id.as_str())
        .collect();
    if !empty.is_empty() {
        let _ = write!(o, "No evidence on: {}.\n\n", md(&empty.join(", ")));
    }
}

fn full_texts(o: &mut String, v: &View<'_>, workers: &mut Workers, flush: &mut Flush<'_>) {
    o.push_str("## Full texts\n\nEach voice span on its own line; voices other than the running text are tagged, excluded spans are struck through with their reason.\n\n");
    workers.render_in_order(o, &v.order_sources, &|o, si| full_text_of(o, v, si), flush);
}

/// The full text of source `si`, a voice span per line.
fn full_text_of(o: &mut String, v: &View<'_>, si: usize) {
    let cmp = v.cmp;
    let s = &cmp.sources[si];
    let _ = write!(o, "### {}\n\n", md(&s.id));
    let Some(src) = v.texts[si] else {
        o.push_str("The corpus does not hold this source's text.\n\n");
        return;
    };
    for vs in &src.voices {
        if !valid(&src.text, vs.span) {
            continue;
        }
        let body = md(vs.span.slice(&src.text).trim());
        if body.is_empty() {
            continue;
        }
        let line = match (vs.voice, vs.reason) {
            (Voice::Body | Voice::Comment, _) => body,
            (Voice::Excluded, r) => {
                let r = r.map_or_else(|| "?".to_owned(), |r| serde_name(&r).replace('_', " "));
                let note = vs
                    .note
                    .as_deref()
                    .map(|n| format!(" — {}", md(n)))
                    .unwrap_or_default();
                format!("*\\[excluded: {r}{note}\\]* ~~{body}~~")
            }
            (voice, _) => format!("*\\[{}\\]* {body}", voice_name(voice)),
        };
        let _ = write!(o, "{line}\n\n");
    }
}

/// `text[span]` as inert Markdown, or `?` when the span does not fit.
fn words_at(v: &View<'_>, si: Option<usize>, span: crate::Span) -> String {
    si.and_then(|si| v.text(si))
        .and_then(|t| t.get(span.start..span.end))
        .map_or_else(|| "?".to_owned(), md)
}

fn claims(o: &mut String, v: &View<'_>, workers: &mut Workers, flush: &mut Flush<'_>) {
    let cmp = v.cmp;
    o.push_str("## Shared claims\n\n");
    if cmp.claims.is_empty() {
        o.push_str("No claims computed: no quantity is stated by two or more sources.\n\n");
    }
    let parts = parts_of(cmp.claims.iter().map(|g| g.members.len()));
    let positions: Vec<usize> = (0..parts.len()).collect();
    let render = |o: &mut String, pos: usize| match parts[pos].clone() {
        Part::Head(k) => claim_head(o, v, k),
        Part::Items(k, run) => {
            for m in cmp.claims[k].members.get(run).unwrap_or_default() {
                claim_member(o, v, m);
            }
        }
        Part::Tail(_) => o.push('\n'),
    };
    workers.render_in_order(o, &positions, &render, flush);
    if !cmp.reprints.is_empty() {
        o.push_str("### Reprints\n\nNear-duplicate sources (estimated word 5-shingle similarity to the group's first source):\n\n");
        for g in &cmp.reprints {
            let members: Vec<String> = g
                .members
                .iter()
                .map(|m| format!("{} ({:.2})", md(&m.source), m.similarity))
                .collect();
            let _ = writeln!(o, "* {}", members.join(", "));
        }
        o.push('\n');
    }
}

/// The heading and table head of claim group `k`.
fn claim_head(o: &mut String, v: &View<'_>, k: usize) {
    let g = &v.cmp.claims[k];
    let _ = write!(
        o,
        "### Claim {}: {} ({} sources)\n\n| source | as framed | qualifier | hedges | attribution | stance |\n|---|---|---|---|---|---|\n",
        k + 1,
        md(&g.quantity),
        g.sources
    );
}

/// One member of a claim group: a table row.
fn claim_member(o: &mut String, v: &View<'_>, m: &crate::claims::ClaimMember) {
    let si = v.source_index(&m.source);
    let f = &m.framing;
    let sentence = words_at(v, si, m.sentence);
    let qty = words_at(v, si, m.quantity_span);
    // The quantity in bold inside the sentence (first occurrence of its escaped form).
    let framed = match sentence.find(&qty) {
        Some(i) if !qty.is_empty() => format!(
            "{}**{}**{}",
            &sentence[..i],
            qty,
            &sentence[i + qty.len()..]
        ),
        _ => sentence,
    };
    let list = |ms: &[crate::claims::Marker]| -> String {
        if ms.is_empty() {
            return "—".to_owned();
        }
        ms.iter()
            .map(|x| format!("{} ({})", words_at(v, si, x.span), x.category))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let reprint = m
        .reprint_of
        .as_deref()
        .map(|r| format!(" (reprint of {})", md(r)))
        .unwrap_or_default();
    let mut stance = String::new();
    super::push_f3(&mut stance, f.stance_sum, true);
    let _ = writeln!(
        o,
        "| {}{reprint} | {framed} | {} | {} | {}{} | {stance} |",
        md(&m.source),
        f.qualifier
            .as_ref()
            .map_or_else(|| "—".to_owned(), |q| serde_name(&q.kind).replace('_', " ")),
        list(&f.hedges),
        serde_name(&f.attribution),
        if f.attribution_markers.is_empty() {
            String::new()
        } else {
            format!(": {}", list(&f.attribution_markers))
        },
    );
}

fn bias(o: &mut String, v: &View<'_>, workers: &mut Workers, flush: &mut Flush<'_>) {
    let cmp = v.cmp;
    o.push_str("## Bias cues\n\n");
    if cmp.bias.is_empty() {
        o.push_str("No bias cues computed: this comparison holds none.\n\n");
        return;
    }
    o.push_str("Cues, not verdicts, over the source's own voice. loaded: loaded labels and intensifiers per 1,000 words; hedging: (certainty − hedges)/(certainty + hedges); one-sided: |pro − con|/(pro + con) with its lean; attribution: share of claim-bearing sentences naming their source; voices: (ally − adversary)/(ally + adversary) over quoted speakers; omission: topics most peers cover and this source does not.\n\n| source | loaded | hedging | one-sided (lean) | attribution | voices | omission |\n|---|---|---|---|---|---|---|\n");
    let rows = v.bias_rows();
    let positions: Vec<usize> = (0..rows.len()).collect();
    let row = |o: &mut String, pos: usize| {
        let (si, child, b) = rows[pos];
        bias_row(o, v, si, child, b);
    };
    workers.render_in_order(o, &positions, &row, flush);
    o.push_str("\nEvidence (the cue words in bold, in their sentence):\n\n");
    let details = |o: &mut String, pos: usize| {
        let (si, _, b) = rows[pos];
        bias_evidence_of(o, v, si, b);
    };
    workers.render_in_order(o, &positions, &details, flush);
}

/// The bias table's row for source `si` (`b`); `child`: a comment under its article.
fn bias_row(o: &mut String, v: &View<'_>, si: usize, child: bool, b: &crate::bias::SourceBias) {
    let id = v.cmp.sources[si].id.as_str();
    let c = &b.cues;
    let omitted = super::omitted_topics(&c.omission);
    let _ = writeln!(
        o,
        "| {}{} | {} ({}+{}/{}) | {} ({}h {}b {}f {}a) | {} ({}) | {} ({}n {}v {}b) | {} ({} quotes) | {} {} |",
        if child { "↳ " } else { "" },
        md(id),
        fmt_opt(c.loaded.value, 1),
        c.loaded.loaded,
        c.loaded.intensifiers,
        c.loaded.words,
        fmt_opt(c.hedging.value, 2),
        c.hedging.hedges,
        c.hedging.boosters,
        c.hedging.factive,
        c.hedging.assertive,
        fmt_opt(c.one_sided.value, 2),
        fmt_opt(c.one_sided.lean, 2),
        fmt_opt(c.attribution.value, 2),
        c.attribution.named,
        c.attribution.vague,
        c.attribution.bare,
        fmt_opt(c.voices.value, 2),
        c.voices.quoted,
        fmt_opt(c.omission.value, 0),
        md(&omitted.join(", "))
    );
}

/// The bias cue evidence of source `si` (`b`).
fn bias_evidence_of(o: &mut String, v: &View<'_>, si: usize, b: &crate::bias::SourceBias) {
    let id = v.cmp.sources[si].id.as_str();
    let c = &b.cues;
    let _ = write!(o, "### Bias cues: {}\n\n", md(id));
    for (name, ev) in super::cue_evidence(c) {
        if ev.is_empty() {
            continue;
        }
        let _ = write!(o, "{name} ({}):\n\n", ev.len());
        let t = v.text(si).unwrap_or("");
        for e in ev.iter() {
            o.push_str("* ");
            super::push_cue_label(o, e, &md_into, ("\\[", "\\]"));
            o.push_str(": ");
            match (
                t.get(e.sentence.start..e.span.start),
                t.get(e.span.start..e.span.end),
                t.get(e.span.end..e.sentence.end),
            ) {
                (Some(a), Some(w), Some(z)) if e.span != e.sentence => {
                    md_into(o, a);
                    o.push_str("**");
                    md_into(o, w);
                    o.push_str("**");
                    md_into(o, z);
                }
                _ => match t.get(e.sentence.start..e.sentence.end) {
                    Some(x) => md_into(o, x),
                    None => o.push('?'),
                },
            }
            o.push('\n');
        }
        o.push('\n');
    }
}
