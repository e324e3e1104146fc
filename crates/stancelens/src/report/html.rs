//! The self-contained HTML report: inline CSS, one small inline script (allowed by hash in
//! the page's Content-Security-Policy, which also forbids every network fetch), readable
//! with scripts off and in print.

use super::{
    contribution_kind, contribution_text, display_order, fmt_score, is_inert_worthy, label_name,
    label_slug, layer_rows, markable, method_notes, one_line, serde_name, valid, ReportOptions,
    View,
};
use crate::compare::Comparison;
use crate::corpus::{Corpus, Voice};
use crate::stance::{EvidenceSentence, StanceLabel};
use crate::Span;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// Opens a `<details>` when a link to it is followed, and every `<details>` before printing.
/// Everything works without it: links still jump to the closed drill-down.
const SCRIPT: &str = r##"(function(){function openId(id){var t=id&&document.getElementById(id);if(t&&t.tagName==="DETAILS"){t.open=true;}}
document.addEventListener("click",function(e){var a=e.target.closest&&e.target.closest('a[href^="#"]');if(a){openId(decodeURIComponent(a.getAttribute("href").slice(1)));}});
function fromHash(){openId(decodeURIComponent(location.hash.slice(1)));}
window.addEventListener("hashchange",fromHash);fromHash();
window.addEventListener("beforeprint",function(){document.querySelectorAll("details").forEach(function(d){d.open=true;});});})();"##;

const STYLE: &str = r##"
:root{--fg:#1b1b1b;--muted:#5f6368;--line:#d0d4d9;--bg:#fff;--accent:#2c5d8a}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.3rem;border-bottom:2px solid var(--line);padding-bottom:.2rem;margin-top:2.2rem}h3{font-size:1.08rem;margin:1.4rem 0 .4rem}
.muted,small{color:var(--muted)}code{font-size:.85em;word-break:break-all}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top}
thead th{background:#f3f4f6}
nav.toc{columns:2;font-size:.92rem}nav.toc a{color:var(--accent)}
.heatmap{width:100%;table-layout:fixed}.heatmap th.src{width:18rem;font-weight:normal}
.heatmap th.src .id{font-weight:600}.heatmap tr.child th.src{padding-left:1.6rem}.heatmap tr.child th.src .id::before{content:"↳ ";color:var(--muted)}
.heatmap tbody.group{border-top:3px solid #9aa0a6}
.heatmap th.topic{font-size:.85rem;text-align:center}
td.cell,td.overall{text-align:center;padding:0;height:3.6rem;-webkit-print-color-adjust:exact;print-color-adjust:exact}
td.cell a,td.overall .in{display:block;padding:.25rem .2rem;color:inherit;text-decoration:none;height:100%}
td.cell a:hover,td.cell a:focus{outline:3px solid #111;outline-offset:-3px}
.score{font-weight:700;font-variant-numeric:tabular-nums;display:block}.lab{font-size:.72rem;display:block}
.cov{display:block;height:4px;background:rgba(0,0,0,.12);margin:.15rem .3rem 0}.cov>span{display:block;height:4px;background:#222}
.covtxt{font-size:.68rem;display:block}
.hatch-nc{background:repeating-linear-gradient(45deg,#f1f1f1 0 5px,#d6d6d6 5px 7px)!important;color:#555}
.hatch-ie{background:repeating-linear-gradient(-45deg,#fff8e6 0 4px,#e0b85c 4px 6px)!important;color:#4a3b00}
.legend{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;font-size:.85rem;margin:.5rem 0}
.legend .ramp{width:14rem;height:.9rem;background:linear-gradient(90deg,rgb(178,24,43),rgb(247,247,247),rgb(33,102,172));border:1px solid var(--line);-webkit-print-color-adjust:exact;print-color-adjust:exact}
.legend .sw{display:inline-block;width:1.6rem;height:.9rem;border:1px solid var(--line);vertical-align:middle;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.ranking{margin:.2rem 0 .6rem 1.2rem;padding:0}.ranking li{margin:.1rem 0}
.bar{display:inline-block;width:8rem;height:.7rem;background:#eee;position:relative;vertical-align:middle;margin-right:.4rem}
.bar>span{position:absolute;top:0;height:100%;-webkit-print-color-adjust:exact;print-color-adjust:exact}.bar>span.pos{left:50%;background:rgb(33,102,172)}.bar>span.neg{right:50%;background:rgb(178,24,43)}
.bar::after{content:"";position:absolute;left:50%;top:-2px;bottom:-2px;border-left:1px solid #555}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.pair>div{border:1px solid var(--line);padding:.5rem .7rem;border-radius:4px}
details{border:1px solid var(--line);border-radius:4px;margin:.35rem 0;padding:.2rem .6rem}details>summary{cursor:pointer;font-weight:600}
details[open]>summary{margin-bottom:.4rem}
details:target,.sent:target{outline:3px solid #f4b400}
.ev{border-left:3px solid var(--line);padding:.1rem .6rem;margin:.5rem 0}
.ev p{margin:.2rem 0}.hits{font-size:.85rem;margin:.2rem 0 .2rem 1.2rem;padding:0}
mark{padding:0 .1em;border-radius:2px;-webkit-print-color-adjust:exact;print-color-adjust:exact}mark.pos{background:#cfe3f7;border-bottom:2px solid rgb(33,102,172)}mark.neg{background:#f8d3d3;border-bottom:2px solid rgb(178,24,43)}mark.zero{background:#eee}
mark sup{font-size:.65em;color:#333}
.fulltext{white-space:pre-wrap;font-family:Georgia,"Times New Roman",serif;font-size:.95rem;line-height:1.55;border:1px solid var(--line);padding:.8rem;border-radius:4px;unicode-bidi:isolate}
.v-quote{background:#f1ecfb}.v-heading{font-weight:700}.v-byline,.v-bio{color:#555;font-style:italic}
.v-excluded{color:#8c8c8c;background:#f0f0f0}
.voice::before{content:attr(data-voice);font:600 .62rem system-ui,sans-serif;text-transform:uppercase;letter-spacing:.03em;color:#fff;background:#777;border-radius:2px;padding:0 .25em;margin-right:.25em;vertical-align:.15em;text-decoration:none;display:inline-block}
.v-quote::before{background:#6a4fb3}.v-heading::before{background:#2c5d8a}.v-excluded::before{background:#a33}
.ctl{font:600 .7em monospace;background:#fde2e2;color:#8a0000;border:1px solid #e9aaaa;border-radius:2px;padding:0 .15em}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem}.kv dt{color:var(--muted)}.kv dd{margin:0}
.note{background:#f7f7f2;border:1px solid #e4e2d0;padding:.5rem .8rem;border-radius:4px}
@media print{body{max-width:none;padding:0;font-size:11pt}nav.toc{display:none}details{break-inside:avoid}.pair{grid-template-columns:1fr 1fr}a{color:inherit}h2{break-after:avoid}td.cell a:hover{outline:none}}
"##;

/// Escape text for HTML element content and attribute values. Explicit bidi and control
/// characters become a visible, inert `U+XXXX` marker (in attributes: the marker text).
fn esc_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => {}
            c if is_inert_worthy(c) => {
                if attr {
                    let _ = write!(out, "[U+{:04X}]", c as u32);
                } else {
                    let _ = write!(
                        out,
                        "<span class=\"ctl\" title=\"control character\">U+{:04X}</span>",
                        c as u32
                    );
                }
            }
            c => out.push(c),
        }
    }
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    esc_into(&mut o, s, false);
    o
}

fn attr(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    esc_into(&mut o, s, true);
    o
}

/// A URL as a link only when its scheme is http or https and it holds no whitespace or
/// control characters; otherwise as inert text.
fn url_html(u: &str) -> String {
    let lower = u.trim_start().to_ascii_lowercase();
    let safe = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !u
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || is_inert_worthy(c));
    if safe {
        format!(
            "<a href=\"{}\" rel=\"noopener noreferrer nofollow\"><bdi>{}</bdi></a>",
            attr(u),
            esc(u)
        )
    } else {
        format!("<code><bdi>{}</bdi></code>", esc(u))
    }
}

/// The diverging colour of a score: red (−1) through near-white (0) to blue (+1).
fn color(score: f64) -> (String, bool) {
    let s = score.clamp(-1.0, 1.0);
    let (from, to) = (
        (247.0, 247.0, 247.0),
        if s >= 0.0 {
            (33.0, 102.0, 172.0)
        } else {
            (178.0, 24.0, 43.0)
        },
    );
    let t = s.abs();
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    (
        format!(
            "rgb({},{},{})",
            mix(from.0, to.0),
            mix(from.1, to.1),
            mix(from.2, to.2)
        ),
        t > 0.55,
    )
}

/// A standard base64 encoding (for the script's CSP hash).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (k, shift) in [18u32, 12, 6, 0].iter().enumerate() {
            if k <= chunk.len() {
                out.push(A[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn cell_id(si: usize, ti: usize) -> String {
    format!("ev-{si}-{ti}")
}

fn sentence_anchor(si: usize, span: Span) -> String {
    format!("s{si}-{}", span.start)
}

fn sign_class(v: f64) -> &'static str {
    if v > 0.0 {
        "pos"
    } else if v < 0.0 {
        "neg"
    } else {
        "zero"
    }
}

/// Escaped `text[range]` with the given hits marked. `hits` are sorted, disjoint, inside
/// the range and valid; each is `(span, class, title, footnote number)`.
fn marked(out: &mut String, text: &str, range: Span, hits: &[(Span, &str, String, usize)]) {
    let mut pos = range.start;
    for (span, class, title, n) in hits {
        if span.start < pos || span.end > range.end {
            continue;
        }
        esc_into(out, &text[pos..span.start], false);
        let _ = write!(out, "<mark class=\"{class}\" title=\"{}\">", attr(title));
        esc_into(out, &text[span.start..span.end], false);
        if *n > 0 {
            let _ = write!(out, "<sup>{n}</sup>");
        }
        out.push_str("</mark>");
        pos = span.end;
    }
    esc_into(out, &text[pos..range.end], false);
}

/// One evidence sentence: its text with matched words marked, the hit list, a link to the
/// sentence in the full text.
fn evidence_html(out: &mut String, v: &View<'_>, si: usize, e: &EvidenceSentence) {
    out.push_str("<div class=\"ev\"><p>");
    let text = v.text(si);
    match text.filter(|t| valid(t, e.span)) {
        Some(t) => {
            let hits: Vec<(Span, &str, String, usize)> = markable(t, e.span, &e.contributions)
                .into_iter()
                .map(|(span, k)| {
                    let c = &e.contributions[k];
                    (
                        span,
                        sign_class(c.value),
                        format!("{} — {}", c.rule_id, contribution_text(c, Some(t))),
                        k + 1,
                    )
                })
                .collect();
            marked(out, t, e.span, &hits);
        }
        None => esc_into(out, &e.text, false),
    }
    let _ = write!(
        out,
        "</p><p class=\"muted\"><small>{} · weight {} · sentence sum {:+.3} · bytes {}–{} · <a href=\"#{}\">in the full text</a></small></p><ol class=\"hits\">",
        esc(&serde_name(&e.voice)),
        e.weight,
        e.sum,
        e.span.start,
        e.span.end,
        sentence_anchor(si, e.span)
    );
    for c in &e.contributions {
        let _ = write!(
            out,
            "<li><code>{}</code> ({}) “{}”: {}</li>",
            esc(&c.rule_id),
            esc(&contribution_kind(c)),
            esc(&one_line(&c.text)),
            esc(&contribution_text(c, text))
        );
    }
    out.push_str("</ol></div>");
}

fn source_line(v: &View<'_>, si: usize) -> String {
    let s = &v.cmp.sources[si];
    let parts: Vec<String> = [
        s.kind.map(|k| serde_name(&k)),
        s.outlet.clone(),
        s.author.clone(),
        s.date.clone(),
    ]
    .into_iter()
    .flatten()
    .map(|p| format!("<bdi>{}</bdi>", esc(&p)))
    .collect();
    parts.join(" · ")
}

/// The full HTML report.
///
/// ```
/// use stancelens::compare::compare;
/// use stancelens::corpus::{Corpus, Source, SourceMeta};
/// use stancelens::report::{html, ReportOptions};
/// use stancelens::stance::StanceEngine;
/// use stancelens::topics::Subject;
/// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
/// let src = Source::new(SourceMeta { id: "<b>x</b>".into(), ..Default::default() },
///     "Iran threatens Azerbaijan <script>alert(1)</script>.".into());
/// let corpus = Corpus { name: "demo".into(), sources: vec![src] };
/// let page = html(&compare(&corpus, &engine), &corpus, &ReportOptions::default());
/// assert!(page.contains("&lt;script&gt;") && !page.contains("<script>alert"));
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn html(cmp: &Comparison, corpus: &Corpus, opts: &ReportOptions) -> String {
    let v = View::new(cmp, corpus);
    let text_bytes: usize = corpus.sources.iter().map(|s| s.text.len()).sum();
    let mut o = String::with_capacity(64 * 1024 + text_bytes * 3 + cmp.cells.len() * 512);
    let hash = base64(&Sha256::digest(SCRIPT.as_bytes()));
    let title = format!(
        "{} — stance toward {}",
        one_line(&cmp.subject.label),
        one_line(&cmp.target.label)
    );
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}'; img-src data:; base-uri 'none'; form-action 'none'\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"generator\" content=\"stancelens {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        attr(&cmp.stancelens_version),
        esc(&title)
    );
    header(&mut o, &v, corpus, opts);
    heatmap(&mut o, &v);
    o.push_str("<nav class=\"toc\" aria-label=\"contents\"><ol><li><a href=\"#heatmap\">Sources × topics</a></li><li><a href=\"#how\">How to read this</a></li><li><a href=\"#corpus\">Corpus and provenance</a></li><li><a href=\"#topics\">Per topic: ranking and most divergent pair</a></li><li><a href=\"#evidence\">Evidence</a></li><li><a href=\"#claims\">Shared claims</a></li><li><a href=\"#bias\">Bias cues</a></li><li><a href=\"#texts\">Full texts</a></li><li><a href=\"#method\">Method</a></li></ol></nav>\n");
    how_to_read(&mut o, cmp, opts);
    corpus_section(&mut o, &v, opts);
    topics(&mut o, &v);
    evidence(&mut o, &v);
    claims(&mut o, cmp);
    bias(&mut o, cmp);
    full_texts(&mut o, &v);
    method(&mut o, cmp, opts);
    let _ = write!(
        o,
        "<footer class=\"muted\"><small>Generated by stancelens {} on {}. Every figure is recomputable from the evidence listed with it.</small></footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        esc(&cmp.stancelens_version),
        esc(opts.run_date.as_deref().unwrap_or("an unrecorded date"))
    );
    o
}

fn header(o: &mut String, v: &View<'_>, corpus: &Corpus, opts: &ReportOptions) {
    let cmp = v.cmp;
    let _ = write!(
        o,
        "<header><p class=\"muted\">stancelens report</p><h1><bdi>{}</bdi></h1><p>Stance toward <strong><bdi>{}</bdi></strong>",
        esc(&cmp.subject.label),
        esc(&cmp.target.label)
    );
    if let Some(f) = &cmp.target.favour {
        let _ = write!(o, " — <em>favour</em>: <bdi>{}</bdi>", esc(f));
    }
    if let Some(a) = &cmp.target.against {
        let _ = write!(o, "; <em>against</em>: <bdi>{}</bdi>", esc(a));
    }
    let _ = write!(
        o,
        ".</p><dl class=\"kv\"><dt>corpus</dt><dd><bdi>{}</bdi> ({} sources)</dd><dt>subject</dt><dd><code>{}</code> version {}</dd><dt>stancelens</dt><dd>{}</dd><dt>run date</dt><dd>{}</dd></dl>",
        esc(&corpus.name),
        cmp.sources.len(),
        esc(&cmp.subject.id),
        esc(&cmp.subject.version),
        esc(&cmp.stancelens_version),
        esc(opts.run_date.as_deref().unwrap_or("not recorded"))
    );
    o.push_str("<p class=\"muted\"><small>Lexicons: ");
    let layers: Vec<String> = cmp
        .lexicons
        .iter()
        .map(|l| {
            format!(
                "{} {} <code>{}</code>",
                esc(&l.name),
                esc(&l.version),
                esc(&l.sha256)
            )
        })
        .collect();
    o.push_str(&layers.join(" · "));
    o.push_str(
        " (details under <a href=\"#corpus\">Corpus and provenance</a>).</small></p></header>\n",
    );
}

fn corpus_section(o: &mut String, v: &View<'_>, opts: &ReportOptions) {
    let cmp = v.cmp;
    o.push_str("<section id=\"corpus\"><h2>Corpus and provenance</h2><h3>Sources</h3><table><thead><tr><th>id</th><th>kind</th><th>outlet</th><th>author</th><th>date</th><th>title</th><th>url</th></tr></thead><tbody>");
    for (si, child) in display_order(cmp) {
        let s = &cmp.sources[si];
        let meta = v.texts[si].map(|x| &x.meta);
        let opt = |x: Option<&String>| {
            x.map_or_else(
                || "<span class=\"muted\">—</span>".to_owned(),
                |x| format!("<bdi>{}</bdi>", esc(x)),
            )
        };
        let _ = write!(
            o,
            "<tr><td>{}<a href=\"#text-{si}\"><bdi>{}</bdi></a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if child { "↳ " } else { "" },
            esc(&s.id),
            opt(s.kind.map(|k| serde_name(&k)).as_ref()),
            opt(s.outlet.as_ref()),
            opt(s.author.as_ref()),
            opt(s.date.as_ref()),
            opt(meta.and_then(|m| m.title.as_ref())),
            meta.and_then(|m| m.url.as_deref())
                .map_or_else(|| "<span class=\"muted\">—</span>".to_owned(), url_html),
        );
    }
    o.push_str("</tbody></table><h3>Lexicons and subject</h3><table><thead><tr><th>layer</th><th>version</th><th>sha256</th><th>licence</th><th>source</th></tr></thead><tbody>");
    for (name, version, sha, licence, source) in layer_rows(cmp, opts) {
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            esc(&name),
            esc(&version),
            esc(&sha),
            esc(&licence),
            esc(&source)
        );
    }
    o.push_str("</tbody></table></section>\n");
}

fn how_to_read(o: &mut String, cmp: &Comparison, opts: &ReportOptions) {
    o.push_str("<section id=\"how\"><h2>How to read this</h2><div class=\"note\"><p>Each row is a source, each column a topic of the subject; reader comments sit under their article. A cell's colour is its stance score on the topic, from red (−1) through white (0) to blue (+1), where <strong>+1 is the topic's positive direction</strong> named under its column (not always the same as favouring the target). The bar under the score is the topic's <strong>coverage</strong>: the share of the source's own sentences on the topic. Grey hatching marks a topic the source does not cover; amber hatching marks too little evidence to label (a score may still be shown). Click a cell (or follow its link) to open its evidence: the sentences, the matched words highlighted, and each rule with its weight and modifiers; each sentence links to its place in the source's full text, where quotes are tinted and excluded page residue is greyed out and labelled with its reason.</p>");
    o.push_str("<p>Topics and their positive direction:</p><ul>");
    for t in &cmp.topics {
        let desc = opts
            .subject
            .as_ref()
            .and_then(|s| s.topics.iter().find(|x| x.id == t.id))
            .and_then(|x| x.description.clone());
        let _ = write!(
            o,
            "<li><strong><bdi>{}</bdi></strong> (<code>{}</code>): + = {}{}{}</li>",
            esc(&t.label),
            esc(&t.id),
            esc(t.positive.as_deref().unwrap_or("(not stated)")),
            if t.target_sign < 0.0 {
                " <em>(opposes the target)</em>"
            } else {
                " <em>(favours the target)</em>"
            },
            desc.map(|d| format!(" — <span class=\"muted\">{}</span>", esc(&one_line(&d))))
                .unwrap_or_default()
        );
    }
    o.push_str("</ul>");
    if let Some(s) = &opts.subject {
        if !s.entities.is_empty() {
            o.push_str("<p>Entities and their roles toward the target (valence aimed at an adversary counts with the opposite sign):</p><ul>");
            for e in &s.entities {
                let _ = write!(
                    o,
                    "<li><bdi>{}</bdi>: {}{}</li>",
                    esc(&e.label),
                    esc(&serde_name(&e.role)),
                    e.rationale
                        .as_deref()
                        .map(|r| format!(" — <span class=\"muted\">{}</span>", esc(&one_line(r))))
                        .unwrap_or_default()
                );
            }
            o.push_str("</ul>");
        }
    }
    o.push_str("</div></section>\n");
}

/// A score cell's extra class (hatching), inline style (colour) and content.
fn score_cell(
    score: Option<f64>,
    label: StanceLabel,
    cov: Option<f64>,
) -> (&'static str, String, String) {
    let (class, style) = match (label, score) {
        (StanceLabel::NotCovered, _) => (" hatch-nc", String::new()),
        (StanceLabel::InsufficientEvidence, _) | (_, None) => (" hatch-ie", String::new()),
        (_, Some(s)) => {
            let (c, dark) = color(s);
            (
                "",
                format!(
                    " style=\"background:{c};color:{}\"",
                    if dark { "#fff" } else { "#111" }
                ),
            )
        }
    };
    let mut content = format!(
        "<span class=\"score\">{}</span><span class=\"lab\">{}</span>",
        fmt_score(score),
        label_name(label)
    );
    if let Some(c) = cov {
        let _ = write!(
            content,
            "<span class=\"cov\" aria-hidden=\"true\"><span style=\"width:{:.0}%\"></span></span><span class=\"covtxt\">coverage {:.0}%</span>",
            (c * 100.0).clamp(0.0, 100.0),
            c * 100.0
        );
    }
    (class, style, content)
}

fn heatmap(o: &mut String, v: &View<'_>) {
    let cmp = v.cmp;
    o.push_str("<section id=\"heatmap\"><h2>Sources × topics</h2><div class=\"legend\"><span>−1</span><span class=\"ramp\" title=\"diverging scale\"></span><span>+1 (topic’s positive direction)</span><span><span class=\"sw hatch-nc\"></span> not covered</span><span><span class=\"sw hatch-ie\"></span> insufficient evidence</span><span>bar: coverage</span></div>");
    o.push_str("<table class=\"heatmap\"><thead><tr><th class=\"src\" scope=\"col\">source</th><th class=\"topic\" scope=\"col\">overall<br><small>toward the target</small></th>");
    for t in &cmp.topics {
        let _ = write!(
            o,
            "<th class=\"topic\" scope=\"col\" title=\"+ = {}\"><bdi>{}</bdi></th>",
            attr(t.positive.as_deref().unwrap_or("")),
            esc(&t.label)
        );
    }
    o.push_str("</tr></thead>");
    let mut open_group = false;
    for (si, child) in display_order(cmp) {
        if !child {
            if open_group {
                o.push_str("</tbody>");
            }
            o.push_str("<tbody class=\"group\">");
            open_group = true;
        }
        let s = &cmp.sources[si];
        let _ = write!(
            o,
            "<tr class=\"{}\"><th class=\"src\" scope=\"row\"><a class=\"id\" href=\"#text-{si}\"><bdi>{}</bdi></a><br><small>{}</small></th>",
            if child { "child" } else { "top" },
            esc(&s.id),
            source_line(v, si)
        );
        // Overall toward the target: no coverage of its own.
        match cmp.overall.iter().find(|x| x.source == s.id) {
            Some(ov) => {
                let (class, style, content) = score_cell(ov.score, ov.label, None);
                let _ = write!(
                    o,
                    "<td class=\"overall{class}\"{style}><span class=\"in\">{content}</span></td>"
                );
            }
            None => o.push_str("<td class=\"overall hatch-nc\">—</td>"),
        }
        for (ti, t) in cmp.topics.iter().enumerate() {
            match v.cell(si, ti) {
                Some(c) => {
                    let (class, style, content) = score_cell(c.score, c.label, Some(c.coverage));
                    let _ = write!(
                        o,
                        "<td class=\"cell lab-{}{class}\" data-source=\"{}\" data-topic=\"{}\"{style}><a class=\"cell-link\" href=\"#{}\" title=\"{} × {}: open the evidence\">{content}</a></td>",
                        label_slug(c.label),
                        attr(&s.id),
                        attr(&t.id),
                        cell_id(si, ti),
                        attr(&s.id),
                        attr(&t.label)
                    );
                }
                None => o.push_str("<td class=\"cell missing\">missing</td>"),
            }
        }
        o.push_str("</tr>");
    }
    if open_group {
        o.push_str("</tbody>");
    }
    o.push_str("</table></section>\n");
}

fn bar(score: Option<f64>) -> String {
    match score {
        Some(s) => {
            let w = (s.abs().min(1.0) * 50.0).round();
            format!(
                "<span class=\"bar\" aria-hidden=\"true\"><span class=\"{}\" style=\"width:{w}%\"></span></span>",
                if s >= 0.0 { "pos" } else { "neg" }
            )
        }
        None => "<span class=\"bar\" aria-hidden=\"true\"></span>".to_owned(),
    }
}

fn topics(o: &mut String, v: &View<'_>) {
    let cmp = v.cmp;
    o.push_str("<section id=\"topics\"><h2>Per topic: ranking and most divergent pair</h2>");
    for (ti, t) in cmp.topics.iter().enumerate() {
        let _ = write!(
            o,
            "<h3 id=\"topic-{ti}\"><bdi>{}</bdi></h3><p class=\"muted\">+ = {}</p><ol class=\"ranking\">",
            esc(&t.label),
            esc(t.positive.as_deref().unwrap_or("(not stated)"))
        );
        let ranked = cmp.rankings.iter().find(|r| r.topic == t.id);
        for id in ranked.map(|r| r.sources.as_slice()).unwrap_or_default() {
            let Some(si) = v.source_index(id) else {
                continue;
            };
            if let Some(c) = v.cell(si, ti) {
                let _ = write!(
                    o,
                    "<li>{}<a href=\"#{}\"><bdi>{}</bdi></a> {} <small>({}, coverage {:.0}%, confidence {:.2})</small></li>",
                    bar(c.score),
                    cell_id(si, ti),
                    esc(id),
                    fmt_score(c.score),
                    label_name(c.label),
                    c.coverage * 100.0,
                    c.confidence
                );
            }
        }
        o.push_str("</ol>");
        match cmp.divergent.iter().find(|d| d.topic == t.id) {
            Some(d) => {
                let _ = write!(
                    o,
                    "<p>Most divergent pair (gap {:.2}):</p><div class=\"pair\">",
                    d.gap
                );
                for side in [&d.high, &d.low] {
                    let si = v.source_index(&side.source);
                    let _ = write!(
                        o,
                        "<div><p><strong><bdi>{}</bdi></strong> {}</p>",
                        esc(&side.source),
                        fmt_score(Some(side.score))
                    );
                    match (&side.strongest, si) {
                        (Some(e), Some(si)) => evidence_html(o, v, si, e),
                        _ => o.push_str("<p class=\"muted\">No evidence sentence.</p>"),
                    }
                    o.push_str("</div>");
                }
                o.push_str("</div>");
            }
            None => o.push_str("<p class=\"muted\">Fewer than two sources have a score on this topic: no pair to compare.</p>"),
        }
    }
    o.push_str("</section>\n");
}

fn evidence(o: &mut String, v: &View<'_>) {
    let cmp = v.cmp;
    o.push_str("<section id=\"evidence\"><h2>Evidence</h2><p class=\"muted\">One entry per source × topic. Matched words are highlighted (blue: pushes the score up, red: down); hover a word or read the numbered list for its rule, weight and modifiers.</p>");
    for (si, _) in display_order(cmp) {
        let s = &cmp.sources[si];
        let _ = write!(o, "<h3><bdi>{}</bdi></h3>", esc(&s.id));
        for (ti, t) in cmp.topics.iter().enumerate() {
            let Some(c) = v.cell(si, ti) else { continue };
            let _ = write!(
                o,
                "<details id=\"{}\" class=\"cell-evidence\"><summary><bdi>{}</bdi> × <bdi>{}</bdi>: {} {} · coverage {:.0}% · {} evidence sentence(s) · evidence count {:.1} · confidence {:.2}</summary>",
                cell_id(si, ti),
                esc(&s.id),
                esc(&t.label),
                fmt_score(c.score),
                label_name(c.label),
                c.coverage * 100.0,
                c.evidence.len(),
                c.evidence_count,
                c.confidence
            );
            if c.evidence.is_empty() {
                let why = if c.label == StanceLabel::NotCovered {
                    "The source has no scoring sentence on this topic."
                } else {
                    "The source has sentences on this topic, but none carries a cue or valence aimed at an entity."
                };
                let _ = write!(o, "<p class=\"muted\">{why}</p>");
            }
            for e in &c.evidence {
                evidence_html(o, v, si, e);
            }
            o.push_str("</details>");
        }
    }
    o.push_str("</section>\n");
}

fn claims(o: &mut String, cmp: &Comparison) {
    o.push_str("<section id=\"claims\"><h2>Shared claims</h2>");
    if cmp.claims.is_empty() {
        o.push_str(
            "<p class=\"muted\">No claims computed: this comparison holds no shared claims.</p>",
        );
    } else {
        for c in &cmp.claims {
            let _ = write!(o, "<pre>{}</pre>", esc(&c.to_string()));
        }
    }
    o.push_str("</section>\n");
}

fn bias(o: &mut String, cmp: &Comparison) {
    o.push_str("<section id=\"bias\"><h2>Bias cues</h2>");
    if cmp.bias.is_empty() {
        o.push_str(
            "<p class=\"muted\">No bias cues computed: this comparison holds no bias cues.</p>",
        );
    } else {
        for c in &cmp.bias {
            let _ = write!(o, "<pre>{}</pre>", esc(&c.to_string()));
        }
    }
    o.push_str("</section>\n");
}

fn full_texts(o: &mut String, v: &View<'_>) {
    let cmp = v.cmp;
    o.push_str("<section id=\"texts\"><h2>Full texts</h2><p class=\"muted\">Each source's text exactly as read. Labels mark voices other than the running text; quotes are tinted; excluded spans (page residue that never scores) are greyed out and labelled with their reason. Evidence sentences carry anchors; evidence words are highlighted.</p>");
    for (si, _) in display_order(cmp) {
        let s = &cmp.sources[si];
        let _ = write!(
            o,
            "<article id=\"text-{si}\"><h3><bdi>{}</bdi></h3><p class=\"muted\">{}</p>",
            esc(&s.id),
            source_line(v, si)
        );
        let Some(src) = v.texts[si] else {
            o.push_str(
                "<p class=\"muted\">The corpus does not hold this source's text.</p></article>",
            );
            continue;
        };
        let text = src.text.as_str();
        // Evidence sentences (anchors) and their hits, from every cell of the source.
        let mut sentences: Vec<Span> = Vec::new();
        let mut hits: Vec<(Span, &str, String, usize)> = Vec::new();
        for ti in 0..cmp.topics.len() {
            for e in v
                .cell(si, ti)
                .map(|c| c.evidence.as_slice())
                .unwrap_or_default()
            {
                if valid(text, e.span) {
                    sentences.push(e.span);
                }
                for (span, k) in markable(text, e.span, &e.contributions) {
                    let c = &e.contributions[k];
                    hits.push((
                        span,
                        sign_class(c.value),
                        format!("{} ({})", c.rule_id, cmp.topics[ti].id),
                        0,
                    ));
                }
            }
        }
        sentences.sort_by_key(|s| (s.start, s.end));
        sentences.dedup_by_key(|s| s.start);
        hits.sort_by_key(|h| (h.0.start, h.0.end));
        let mut end = 0usize;
        hits.retain(|h| {
            let keep = h.0.start >= end;
            if keep {
                end = h.0.end;
            }
            keep
        });
        o.push_str("<div class=\"fulltext\">");
        let mut pos = 0usize;
        let (mut si_next, mut hi_next) = (0usize, 0usize);
        for vs in &src.voices {
            if !valid(text, vs.span) || vs.span.start < pos {
                continue;
            }
            esc_into(o, &text[pos..vs.span.start], false);
            let (label, title) = match (vs.voice, vs.reason) {
                (Voice::Excluded, Some(r)) => {
                    let r = serde_name(&r).replace('_', " ");
                    let note = vs
                        .note
                        .as_deref()
                        .map(|n| format!(" — {n}"))
                        .unwrap_or_default();
                    (
                        format!("excluded: {r}"),
                        format!("excluded from scoring: {r}{note}"),
                    )
                }
                (voice, _) => {
                    let n = serde_name(&voice);
                    let note = vs
                        .note
                        .as_deref()
                        .map(|n| format!(" — {n}"))
                        .unwrap_or_default();
                    (n.clone(), format!("{n}{note}"))
                }
            };
            let show_label = !matches!(vs.voice, Voice::Body | Voice::Comment);
            let _ = write!(
                o,
                "<span class=\"v-{}{}\"{} title=\"{}\">",
                serde_name(&vs.voice),
                if show_label { " voice" } else { "" },
                if show_label {
                    format!(" data-voice=\"{}\"", attr(&label))
                } else {
                    String::new()
                },
                attr(&title)
            );
            // Sentences and hits inside this voice span.
            let mut p = vs.span.start;
            while si_next < sentences.len() && sentences[si_next].start < vs.span.start {
                si_next += 1;
            }
            let hits_in = |from: usize, to: usize, hi: &mut usize| {
                while *hi < hits.len() && hits[*hi].0.start < from {
                    *hi += 1;
                }
                let start = *hi;
                while *hi < hits.len() && hits[*hi].0.end <= to {
                    *hi += 1;
                }
                start..*hi
            };
            while si_next < sentences.len() && sentences[si_next].end <= vs.span.end {
                let sent = sentences[si_next];
                si_next += 1;
                if sent.start < p {
                    continue;
                }
                let r = hits_in(p, sent.start, &mut hi_next);
                marked(o, text, Span::new(p, sent.start), &hits[r]);
                let _ = write!(
                    o,
                    "<span class=\"sent\" id=\"{}\">",
                    sentence_anchor(si, sent)
                );
                let r = hits_in(sent.start, sent.end, &mut hi_next);
                marked(o, text, sent, &hits[r]);
                o.push_str("</span>");
                p = sent.end;
            }
            let r = hits_in(p, vs.span.end, &mut hi_next);
            marked(o, text, Span::new(p, vs.span.end), &hits[r]);
            o.push_str("</span>");
            pos = vs.span.end;
        }
        esc_into(o, &text[pos..], false);
        o.push_str("</div></article>");
    }
    o.push_str("</section>\n");
}

fn method(o: &mut String, cmp: &Comparison, opts: &ReportOptions) {
    o.push_str("<section id=\"method\"><h2>Method</h2>");
    for (h, paras) in method_notes(cmp, opts) {
        let _ = write!(o, "<h3>{}</h3>", esc(&h));
        for p in paras {
            let _ = write!(o, "<p>{}</p>", esc(&p));
        }
    }
    o.push_str("</section>\n");
}
