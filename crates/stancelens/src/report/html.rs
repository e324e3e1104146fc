//! The self-contained HTML report: inline CSS, one small inline script (allowed by hash in
//! the page's Content-Security-Policy, which also forbids every network fetch), readable
//! with scripts off and in print.

use super::{
    fmt_opt, fmt_score, folded, is_inert_worthy, label_name, label_slug, layer_rows, markable,
    method_notes, omitted_topics, one_line, parts_of, push_contribution_kind_with,
    push_contribution_text_with, push_f3, push_fixed, push_score, push_u64, serde_name, valid,
    voice_name, Flush, Part, ReportOptions, View, Workers,
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
mark{padding:0 .1em;border-radius:2px;-webkit-print-color-adjust:exact;print-color-adjust:exact}mark.pos{background:#cfe3f7;border-bottom:2px solid rgb(33,102,172)}mark.neg{background:#f8d3d3;border-bottom:2px solid rgb(178,24,43)}mark.zero{background:#eee}mark.qty{background:#fff2b3;border-bottom:2px solid #b08900}
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
/// Bytes that may need escaping: HTML syntax, controls, and the lead bytes of the C1
/// controls (0xC2), U+061C (0xD8) and the bidi marks and controls (0xE2). Every other
/// byte is copied as is.
const ATTENTION: [bool; 256] = {
    let mut t = crate::text::byte_set(b"&<>\"'\x7f\xc2\xd8\xe2");
    let mut b = 0;
    while b < 0x20 {
        t[b] = b != b'\n' as usize && b != b'\t' as usize;
        b += 1;
    }
    t
};

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// High bit set in each byte of `x` that may be an [`ATTENTION`] byte: every byte >= 0x80,
/// < 0x20 or 0x7F, and the ranges 0x22..=0x27 and 0x3C..=0x3E (so a few harmless bytes such
/// as `#`, `=`, newline and tab are checked one by one as well). Eight bytes at a time.
#[inline]
fn attention_candidates(x: u64) -> u64 {
    let y = x & !HI; // low seven bits; y + c (c <= 0x7F) never carries into the next byte
    let at_least = |c: u64| y.wrapping_add((0x80 - c) * LO) & HI;
    let below_0x20 = !at_least(0x20) & HI;
    let quote_amp_apos = at_least(0x22) & !at_least(0x28);
    let angle = at_least(0x3C) & !at_least(0x3F);
    let del = at_least(0x7F);
    (x & HI) | below_0x20 | quote_amp_apos | angle | del
}

/// Whether the three bytes `0xE2, b1, b2` encode a bidi mark or control (U+200E, U+200F,
/// U+202A..=U+202E, U+2066..=U+2069), the only characters with lead byte 0xE2 that
/// [`is_inert_worthy`] accepts.
#[inline]
fn e2_is_bidi(b1: u8, b2: u8) -> bool {
    (b1 == 0x80 && matches!(b2, 0x8E | 0x8F | 0xAA..=0xAE))
        || (b1 == 0x81 && matches!(b2, 0xA6..=0xA9))
}

/// Call `f(i, c)` for each character `c` at byte `i` of `s` that escaping may change
/// (HTML syntax, controls, bidi), in order; all other text is skipped eight bytes at a time.
#[inline]
fn for_each_attention(s: &str, mut f: impl FnMut(usize, char)) {
    let b = s.as_bytes();
    let mut i = 0usize;
    while i < b.len() {
        // Most text needs nothing: skip it eight bytes at a time.
        while let Some(chunk) = b.get(i..i + 8).and_then(|c| c.first_chunk::<8>()) {
            let m = attention_candidates(u64::from_le_bytes(*chunk));
            if m != 0 {
                i += (m.trailing_zeros() / 8) as usize; // the first candidate
                break;
            }
            i += 8;
        }
        let Some(&byte) = b.get(i) else {
            break;
        };
        if !ATTENTION[usize::from(byte)] {
            i += 1;
            continue;
        }
        // Curly quotes and dashes (lead byte 0xE2) are common and never escaped.
        if byte == 0xE2 {
            if let (Some(&b1), Some(&b2)) = (b.get(i + 1), b.get(i + 2)) {
                if !e2_is_bidi(b1, b2) {
                    i += 3;
                    continue;
                }
            }
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        f(i, c);
        i += c.len_utf8();
    }
}

/// What escaping writes for an HTML syntax character (`\r` is dropped).
#[inline]
fn replacement(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        '\r' => Some(""),
        _ => None,
    }
}

fn esc_into(out: &mut String, s: &str, attr: bool) {
    let mut flushed = 0usize;
    for_each_attention(s, |i, c| {
        let len = c.len_utf8();
        if let Some(r) = replacement(c) {
            out.push_str(&s[flushed..i]);
            out.push_str(r);
            flushed = i + len;
        } else if is_inert_worthy(c) {
            out.push_str(&s[flushed..i]);
            if attr {
                let _ = write!(out, "[U+{:04X}]", c as u32);
            } else {
                let _ = write!(
                    out,
                    "<span class=\"ctl\" title=\"control character\">U+{:04X}</span>",
                    c as u32
                );
            }
            flushed = i + len;
        }
    });
    out.push_str(&s[flushed..]);
}

/// Byte offsets of the characters of `text` that [`esc_into`] changes.
fn esc_positions(text: &str) -> Box<[usize]> {
    let mut at = Vec::new();
    for_each_attention(text, |i, c| {
        if replacement(c).is_some() || is_inert_worthy(c) {
            at.push(i);
        }
    });
    at.into_boxed_slice()
}

/// A source's text with the offsets of the characters escaping changes, found once per
/// source: escaping a piece of it copies the runs between those characters, instead of
/// scanning every byte of every piece (the report shows each sentence several times).
#[derive(Clone, Copy, Debug)]
struct Src<'a> {
    text: &'a str,
    specials: &'a [usize],
}

impl<'a> Src<'a> {
    /// Source `si`'s text, when the corpus holds it.
    fn of(v: &'a View<'a>, si: usize) -> Option<Src<'a>> {
        let text = v.text(si)?;
        let specials = v.escapes.get(si)?.get_or_init(|| esc_positions(text));
        Some(Src { text, specials })
    }

    /// `esc_into(out, &text[from..to], false)`; nothing for a range that is not a slice.
    fn esc(&self, out: &mut String, from: usize, to: usize) {
        if self.text.get(from..to).is_none() {
            return;
        }
        let mut pos = from;
        let first = self.specials.partition_point(|&p| p < from);
        for &p in self.specials.get(first..).unwrap_or_default() {
            if p >= to {
                break;
            }
            let len = self.text[p..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&self.text[pos..p]);
            esc_into(out, &self.text[p..p + len], false);
            pos = p + len;
        }
        out.push_str(&self.text[pos..to]);
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
/// ` style="background:rgb(…);color:…"` for a score on the diverging scale.
fn push_color_style(o: &mut String, score: f64) {
    let s = score.clamp(-1.0, 1.0);
    let to = if s >= 0.0 {
        (33.0, 102.0, 172.0)
    } else {
        (178.0, 24.0, 43.0)
    };
    let t = s.abs();
    let mix = |b: f64| (247.0 + (b - 247.0) * t).round() as u8;
    o.push_str(" style=\"background:rgb(");
    push_u64(o, u64::from(mix(to.0)));
    o.push(',');
    push_u64(o, u64::from(mix(to.1)));
    o.push(',');
    push_u64(o, u64::from(mix(to.2)));
    o.push_str(if t > 0.55 {
        ");color:#fff\""
    } else {
        ");color:#111\""
    });
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

/// `ev-{si}-{ti}`, the id of a cell's evidence.
fn push_cell_id(o: &mut String, si: usize, ti: usize) {
    o.push_str("ev-");
    push_u64(o, si as u64);
    o.push('-');
    push_u64(o, ti as u64);
}

/// `s{si}-{span.start}`, the id of a sentence in the full texts.
fn push_sentence_anchor(o: &mut String, si: usize, span: Span) {
    o.push('s');
    push_u64(o, si as u64);
    o.push('-');
    push_u64(o, span.start as u64);
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

/// The hover title of a marked word.
enum Title<'a> {
    Text(String),
    /// `rule (topic)`, written without building it first (the full texts mark every hit).
    RuleTopic(&'a str, &'a str),
}

/// A marked word: `(span, class, title, footnote number)`.
type Mark<'a> = (Span, &'a str, Title<'a>, usize);

/// Escaped `text[range]` with the given hits marked. `hits` are sorted, disjoint, inside
/// the range and valid.
fn marked(out: &mut String, src: Src<'_>, range: Span, hits: &[Mark<'_>]) {
    let mut pos = range.start;
    for (span, class, title, n) in hits {
        if span.start < pos || span.end > range.end {
            continue;
        }
        src.esc(out, pos, span.start);
        out.push_str("<mark class=\"");
        out.push_str(class);
        out.push_str("\" title=\"");
        match title {
            Title::Text(t) => esc_into(out, t, true),
            Title::RuleTopic(rule, topic) => {
                esc_into(out, rule, true);
                out.push_str(" (");
                esc_into(out, topic, true);
                out.push(')');
            }
        }
        out.push_str("\">");
        src.esc(out, span.start, span.end);
        if *n > 0 {
            out.push_str("<sup>");
            push_u64(out, *n as u64);
            out.push_str("</sup>");
        }
        out.push_str("</mark>");
        pos = span.end;
    }
    src.esc(out, pos, range.end);
}

/// One evidence sentence: its text with matched words marked, the hit list, a link to the
/// sentence in the full text.
fn evidence_html(out: &mut String, v: &View<'_>, si: usize, e: &EvidenceSentence) {
    out.push_str("<div class=\"ev\"><p>");
    let text = v.text(si);
    match Src::of(v, si).filter(|s| valid(s.text, e.span)) {
        Some(src) => {
            let t = src.text;
            // Matched words, each with its rule, weight and value on hover and its note number.
            let mut pos = e.span.start;
            for (span, k) in markable(t, e.span, &e.contributions) {
                let c = &e.contributions[k];
                src.esc(out, pos, span.start);
                out.push_str("<mark class=\"");
                out.push_str(sign_class(c.value));
                out.push_str("\" title=\"");
                esc_into(out, &c.rule_id, true);
                out.push_str(": base ");
                push_f3(out, c.base, true);
                out.push_str(" → value ");
                push_f3(out, c.value, true);
                out.push_str("\">");
                src.esc(out, span.start, span.end);
                out.push_str("<sup>");
                push_u64(out, (k + 1) as u64);
                out.push_str("</sup></mark>");
                pos = span.end;
            }
            src.esc(out, pos, e.span.end);
        }
        None => esc_into(out, &e.text, false),
    }
    out.push_str("</p><p class=\"muted\"><small>");
    out.push_str(voice_name(e.voice));
    out.push_str(" · weight ");
    if e.weight == 1.0 {
        out.push('1'); // what `{}` writes for 1.0, the usual weight
    } else {
        let _ = write!(out, "{}", e.weight);
    }
    out.push_str(" · sentence sum ");
    push_f3(out, e.sum, true);
    out.push_str(" · bytes ");
    push_u64(out, e.span.start as u64);
    out.push('–');
    push_u64(out, e.span.end as u64);
    out.push_str(" · <a href=\"#s");
    push_u64(out, si as u64);
    out.push('-');
    push_u64(out, e.span.start as u64);
    out.push_str("\">in the full text</a></small></p><ol class=\"hits\">");
    for c in &e.contributions {
        out.push_str("<li><code>");
        esc_into(out, &c.rule_id, false);
        out.push_str("</code> (");
        push_contribution_kind_with(out, c, &esc_word);
        out.push_str(") “");
        esc_into(out, &folded(&c.text), false);
        out.push_str("”: ");
        push_contribution_text_with(out, c, text, &esc_word);
        out.push_str("</li>");
    }
    out.push_str("</ol></div>");
}

/// Escape a word of a contribution line (the `word` writer of its layout in `super`).
fn esc_word(out: &mut String, w: &str) {
    esc_into(out, w, false);
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
    super::page_in_memory(cmp, corpus, opts, (7, 4096), |o, v, w, flush| {
        page(o, v, corpus, opts, w, flush)
    })
}

/// The same page as [`html`], written to `out` as it is rendered: the page is never held
/// whole (sections of many entries render a batch of entries at a time on the workers of
/// [`ReportOptions::threads`], and each batch is written out in order). What `stancelens
/// report` uses.
///
/// ```
/// use stancelens::compare::compare;
/// use stancelens::corpus::{Corpus, Source, SourceMeta};
/// use stancelens::report::{html, write_html, ReportOptions};
/// use stancelens::stance::StanceEngine;
/// use stancelens::topics::Subject;
/// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
/// let src = Source::new(SourceMeta { id: "a".into(), ..Default::default() },
///     "Iran threatens Azerbaijan.".into());
/// let corpus = Corpus { name: "demo".into(), sources: vec![src] };
/// let cmp = compare(&corpus, &engine);
/// let mut out = Vec::new();
/// write_html(&cmp, &corpus, &ReportOptions::default(), &mut out)?;
/// assert_eq!(out, html(&cmp, &corpus, &ReportOptions::default()).into_bytes());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_html(
    cmp: &Comparison,
    corpus: &Corpus,
    opts: &ReportOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    super::page_streamed(cmp, corpus, opts, out, |o, v, w, flush| {
        page(o, v, corpus, opts, w, flush)
    })
}

/// The whole page, in order; per-item parts on the `workers`.
fn page(
    o: &mut String,
    v: &View<'_>,
    corpus: &Corpus,
    opts: &ReportOptions,
    workers: &mut Workers,
    flush: &mut Flush<'_>,
) {
    page_head(o, v.cmp);
    page_main(o, v, corpus, opts, workers, flush);
    page_tail(o, v, workers, flush);
    page_end(o, v.cmp, opts);
}

/// From the doctype to the opening `<body>`.
fn page_head(o: &mut String, cmp: &Comparison) {
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
}

/// The sections before the bias cues. `flush` is called between sections and sources,
/// where the page may be written out; per-item parts render on the `workers`.
fn page_main(
    o: &mut String,
    v: &View<'_>,
    corpus: &Corpus,
    opts: &ReportOptions,
    workers: &mut Workers,
    flush: &mut Flush<'_>,
) {
    let cmp = v.cmp;
    header(o, v, corpus, opts);
    heatmap(o, v, workers, flush);
    o.push_str("<nav class=\"toc\" aria-label=\"contents\"><ol><li><a href=\"#heatmap\">Sources × topics</a></li><li><a href=\"#how\">How to read this</a></li><li><a href=\"#corpus\">Corpus and provenance</a></li><li><a href=\"#topics\">Per topic: ranking and most divergent pair</a></li><li><a href=\"#evidence\">Evidence</a></li><li><a href=\"#claims\">Shared claims</a></li><li><a href=\"#bias\">Bias cues</a></li><li><a href=\"#texts\">Full texts</a></li><li><a href=\"#method\">Method</a></li></ol></nav>\n");
    how_to_read(o, cmp, opts);
    corpus_section(o, v, opts);
    flush(o, &[]);
    topics(o, v, workers, flush);
    flush(o, &[]);
    evidence(o, v, workers, flush);
    claims(o, v, workers, flush);
    flush(o, &[]);
}

/// The bias cues and the full texts.
fn page_tail(o: &mut String, v: &View<'_>, workers: &mut Workers, flush: &mut Flush<'_>) {
    bias(o, v, workers, flush);
    flush(o, &[]);
    full_texts(o, v, workers, flush);
    flush(o, &[]);
}

/// The method section, the footer and the script.
fn page_end(o: &mut String, cmp: &Comparison, opts: &ReportOptions) {
    method(o, cmp, opts);
    let _ = write!(
        o,
        "<footer class=\"muted\"><small>Generated by stancelens {} on {}. Every figure is recomputable from the evidence listed with it.</small></footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        esc(&cmp.stancelens_version),
        esc(opts.run_date.as_deref().unwrap_or("an unrecorded date"))
    );
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
    for &(si, child) in &v.order {
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
/// The hatch class of a cell without a score (`""` when it has one).
fn cell_class(score: Option<f64>, label: StanceLabel) -> &'static str {
    match (label, score) {
        (StanceLabel::NotCovered, _) => " hatch-nc",
        (StanceLabel::InsufficientEvidence, _) | (_, None) => " hatch-ie",
        _ => "",
    }
}

/// The colour of a cell with a score (nothing for hatched cells).
fn push_cell_style(o: &mut String, score: Option<f64>, label: StanceLabel) {
    if let (Some(s), "") = (score, cell_class(score, label)) {
        push_color_style(o, s);
    }
}

/// A cell's score, label and (for topic cells) coverage bar.
fn push_cell_content(o: &mut String, score: Option<f64>, label: StanceLabel, cov: Option<f64>) {
    o.push_str("<span class=\"score\">");
    push_score(o, score);
    o.push_str("</span><span class=\"lab\">");
    o.push_str(label_name(label));
    o.push_str("</span>");
    if let Some(c) = cov {
        o.push_str("<span class=\"cov\" aria-hidden=\"true\"><span style=\"width:");
        push_fixed(o, (c * 100.0).clamp(0.0, 100.0), 0, false);
        o.push_str("%\"></span></span><span class=\"covtxt\">coverage ");
        push_fixed(o, c * 100.0, 0, false);
        o.push_str("%</span>");
    }
}

fn heatmap(o: &mut String, v: &View<'_>, workers: &mut Workers, flush: &mut Flush<'_>) {
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
    flush(o, &[]);
    let order = &v.order;
    // Rows of a source and its comments share a `<tbody>`, opened by the source's row.
    let first_top = order.iter().position(|&(_, child)| !child);
    let positions: Vec<usize> = (0..order.len()).collect();
    let row = |o: &mut String, pos: usize| {
        let (si, child) = order[pos];
        if !child {
            if first_top.is_some_and(|f| pos > f) {
                o.push_str("</tbody>");
            }
            o.push_str("<tbody class=\"group\">");
        }
        heatmap_row(o, v, si, child);
    };
    workers.render_in_order(o, &positions, &row, flush);
    if first_top.is_some() {
        o.push_str("</tbody>");
    }
    o.push_str("</table></section>\n");
}

/// The heatmap row of source `si`: its overall score and one cell per topic.
fn heatmap_row(o: &mut String, v: &View<'_>, si: usize, child: bool) {
    let cmp = v.cmp;
    let s = &cmp.sources[si];
    let _ = write!(
        o,
        "<tr class=\"{}\"><th class=\"src\" scope=\"row\"><a class=\"id\" href=\"#text-{si}\"><bdi>{}</bdi></a><br><small>{}</small></th>",
        if child { "child" } else { "top" },
        esc(&s.id),
        source_line(v, si)
    );
    // Overall toward the target: no coverage of its own.
    match v.overall(si) {
        Some(ov) => {
            o.push_str("<td class=\"overall");
            o.push_str(cell_class(ov.score, ov.label));
            o.push('"');
            push_cell_style(o, ov.score, ov.label);
            o.push_str("><span class=\"in\">");
            push_cell_content(o, ov.score, ov.label, None);
            o.push_str("</span></td>");
        }
        None => o.push_str("<td class=\"overall hatch-nc\">—</td>"),
    }
    for (ti, t) in cmp.topics.iter().enumerate() {
        match v.cell(si, ti) {
            Some(c) => {
                o.push_str("<td class=\"cell lab-");
                o.push_str(label_slug(c.label));
                o.push_str(cell_class(c.score, c.label));
                o.push_str("\" data-source=\"");
                esc_into(o, &s.id, true);
                o.push_str("\" data-topic=\"");
                esc_into(o, &t.id, true);
                o.push('"');
                push_cell_style(o, c.score, c.label);
                o.push_str("><a class=\"cell-link\" href=\"#");
                push_cell_id(o, si, ti);
                o.push_str("\" title=\"");
                esc_into(o, &s.id, true);
                o.push_str(" × ");
                esc_into(o, &t.label, true);
                o.push_str(": open the evidence\">");
                push_cell_content(o, c.score, c.label, Some(c.coverage));
                o.push_str("</a></td>");
            }
            None => o.push_str("<td class=\"cell missing\">missing</td>"),
        }
    }
    o.push_str("</tr>");
}

/// A score as a bar from the middle (half the width is ±1).
fn push_bar(o: &mut String, score: Option<f64>) {
    match score {
        Some(s) => {
            // A whole number from 0 to 50 (or NaN): `{}` of it is its digits.
            let w = (s.abs().min(1.0) * 50.0).round();
            o.push_str("<span class=\"bar\" aria-hidden=\"true\"><span class=\"");
            o.push_str(if s >= 0.0 { "pos" } else { "neg" });
            o.push_str("\" style=\"width:");
            if (0.0..=50.0).contains(&w) {
                push_u64(o, w as u64);
            } else {
                let _ = write!(o, "{w}");
            }
            o.push_str("%\"></span></span>");
        }
        None => o.push_str("<span class=\"bar\" aria-hidden=\"true\"></span>"),
    }
}

fn topics(o: &mut String, v: &View<'_>, workers: &mut Workers, flush: &mut Flush<'_>) {
    o.push_str("<section id=\"topics\"><h2>Per topic: ranking and most divergent pair</h2>");
    let cmp = v.cmp;
    let ranked = super::rankings_by_topic(cmp);
    // A topic renders in parts (its heading, runs of its ranking, its divergent pair), so
    // that the work spreads over the workers however few the topics.
    let parts = parts_of(ranked.iter().map(|r| r.len()));
    let positions: Vec<usize> = (0..parts.len()).collect();
    let render = |o: &mut String, pos: usize| match parts[pos].clone() {
        Part::Head(ti) => topic_head(o, v, ti),
        Part::Items(ti, run) => {
            for id in ranked[ti].get(run).unwrap_or_default() {
                topic_rank(o, v, ti, id);
            }
        }
        Part::Tail(ti) => topic_tail(o, v, ti),
    };
    workers.render_in_order(o, &positions, &render, flush);
    o.push_str("</section>\n");
}

/// Topic `ti`: its ranking and its most divergent pair.
fn topic_head(o: &mut String, v: &View<'_>, ti: usize) {
    let t = &v.cmp.topics[ti];
    let _ = write!(
        o,
        "<h3 id=\"topic-{ti}\"><bdi>{}</bdi></h3><p class=\"muted\">+ = {}</p><ol class=\"ranking\">",
        esc(&t.label),
        esc(t.positive.as_deref().unwrap_or("(not stated)"))
    );
}

/// Source `id`'s entry in topic `ti`'s ranking.
fn topic_rank(o: &mut String, v: &View<'_>, ti: usize, id: &str) {
    let Some(si) = v.source_index(id) else {
        return;
    };
    if let Some(c) = v.cell(si, ti) {
        o.push_str("<li>");
        push_bar(o, c.score);
        o.push_str("<a href=\"#");
        push_cell_id(o, si, ti);
        o.push_str("\"><bdi>");
        esc_into(o, id, false);
        o.push_str("</bdi></a> ");
        push_score(o, c.score);
        o.push_str(" <small>(");
        o.push_str(label_name(c.label));
        o.push_str(", coverage ");
        push_fixed(o, c.coverage * 100.0, 0, false);
        o.push_str("%, confidence ");
        push_fixed(o, c.confidence, 2, false);
        o.push_str(")</small></li>");
    }
}

/// The end of topic `ti`'s ranking and its most divergent pair.
fn topic_tail(o: &mut String, v: &View<'_>, ti: usize) {
    let cmp = v.cmp;
    let t = &cmp.topics[ti];
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

fn evidence(o: &mut String, v: &View<'_>, workers: &mut Workers, flush: &mut Flush<'_>) {
    o.push_str("<section id=\"evidence\"><h2>Evidence</h2><p class=\"muted\">One entry per source × topic. Matched words are highlighted (blue: pushes the score up, red: down); hover a word or read the numbered list for its rule, weight and modifiers.</p>");
    flush(o, &[]);
    workers.render_in_order(o, &v.order_sources, &|o, si| evidence_of(o, v, si), flush);
    o.push_str("</section>\n");
}

/// The evidence entries of source `si`, one per topic.
fn evidence_of(o: &mut String, v: &View<'_>, si: usize) {
    let cmp = v.cmp;
    let s = &cmp.sources[si];
    o.push_str("<h3><bdi>");
    esc_into(o, &s.id, false);
    o.push_str("</bdi></h3>");
    for (ti, t) in cmp.topics.iter().enumerate() {
        let Some(c) = v.cell(si, ti) else { continue };
        o.push_str("<details id=\"");
        push_cell_id(o, si, ti);
        o.push_str("\" class=\"cell-evidence\"><summary><bdi>");
        esc_into(o, &s.id, false);
        o.push_str("</bdi> × <bdi>");
        esc_into(o, &t.label, false);
        o.push_str("</bdi>: ");
        push_score(o, c.score);
        o.push(' ');
        o.push_str(label_name(c.label));
        o.push_str(" · coverage ");
        push_fixed(o, c.coverage * 100.0, 0, false);
        o.push_str("% · ");
        push_u64(o, c.evidence.len() as u64);
        o.push_str(" evidence sentence(s) · evidence count ");
        push_fixed(o, c.evidence_count, 1, false);
        o.push_str(" · confidence ");
        push_fixed(o, c.confidence, 2, false);
        o.push_str("</summary>");
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

/// A sentence of source `si` with marks `(span, class, title)`; marks outside the sentence
/// or overlapping an earlier one are left unmarked. Falls back to `fallback` as plain text
/// when the corpus lacks the text.
fn marked_sentence(
    o: &mut String,
    v: &View<'_>,
    si: Option<usize>,
    sentence: Span,
    mut marks: Vec<Mark<'_>>,
    fallback: &str,
) {
    match si
        .and_then(|si| Src::of(v, si))
        .filter(|s| valid(s.text, sentence))
    {
        Some(src) => {
            let t = src.text;
            marks.retain(|m| {
                m.0.start >= sentence.start
                    && m.0.end <= sentence.end
                    && m.0.start < m.0.end
                    && valid(t, m.0)
            });
            marks.sort_by_key(|m| (m.0.start, m.0.end));
            let mut end = 0usize;
            marks.retain(|m| {
                let keep = m.0.start >= end;
                if keep {
                    end = m.0.end;
                }
                keep
            });
            marked(o, src, sentence, &marks);
        }
        None => esc_into(o, fallback, false),
    }
}

/// Bytes of context on each side of a cue word (keyword in context; the whole sentence is
/// one link away, in the full text).
const KWIC_CONTEXT: usize = 60;

/// The cue words in their context: up to [`KWIC_CONTEXT`] bytes of the sentence on each
/// side (on char boundaries), the words marked; a sentence-level cue shows its opening.
fn kwic(o: &mut String, src: Option<Src<'_>>, sentence: Span, span: Span) {
    let Some(src) = src.filter(|s| valid(s.text, sentence) && valid(s.text, span)) else {
        return;
    };
    let t = src.text;
    let whole = span == sentence;
    let (a, b) = if whole {
        (sentence.start, sentence.start)
    } else {
        (
            span.start.max(sentence.start),
            span.end
                .min(sentence.end)
                .max(span.start.max(sentence.start)),
        )
    };
    let mut from = a.saturating_sub(KWIC_CONTEXT).max(sentence.start);
    while !t.is_char_boundary(from) {
        from += 1;
    }
    let reach = if whole {
        2 * KWIC_CONTEXT
    } else {
        KWIC_CONTEXT
    };
    let mut to = (b + reach).min(sentence.end);
    while !t.is_char_boundary(to) {
        to -= 1;
    }
    if from > sentence.start {
        o.push('…');
    }
    src.esc(o, from, a);
    if b > a {
        o.push_str("<mark class=\"zero\">");
        src.esc(o, a, b);
        o.push_str("</mark>");
    }
    src.esc(o, b, to.max(b));
    if to < sentence.end {
        o.push('…');
    }
}

fn full_text_link(o: &mut String, si: Option<usize>, sentence: Span) {
    if let Some(si) = si {
        o.push_str(" <a class=\"muted\" href=\"#s");
        push_u64(o, si as u64);
        o.push('-');
        push_u64(o, sentence.start as u64);
        o.push_str("\"><small>in the full text</small></a>");
    }
}

fn claims(o: &mut String, v: &View<'_>, workers: &mut Workers, flush: &mut Flush<'_>) {
    let cmp = v.cmp;
    o.push_str("<section id=\"claims\"><h2>Shared claims</h2>");
    if cmp.claims.is_empty() {
        o.push_str("<p class=\"muted\">No claims computed: no quantity is stated by two or more sources.</p>");
    } else {
        o.push_str("<p class=\"muted\">The same fact (a quantity with shared content words) as each source frames it, one row per source: the quantity highlighted in yellow, qualifiers, hedges and attribution verbs in grey; attribution says whom the source credits; stance is the sentence's stance evidence toward the target.</p>");
    }
    // In parts (heading, runs of members, end), so that large groups spread over the workers.
    let parts = parts_of(cmp.claims.iter().map(|g| g.members.len()));
    let positions: Vec<usize> = (0..parts.len()).collect();
    let render = |o: &mut String, pos: usize| match parts[pos].clone() {
        Part::Head(k) => claim_head(o, v, k),
        Part::Items(k, run) => {
            let g = &cmp.claims[k];
            for m in g.members.get(run).unwrap_or_default() {
                claim_member(o, v, m);
            }
        }
        Part::Tail(_) => o.push_str("</tbody></table>"),
    };
    workers.render_in_order(o, &positions, &render, flush);
    if !cmp.reprints.is_empty() {
        o.push_str("<h3 id=\"reprints\">Reprints</h3><p class=\"muted\">Near-duplicate sources (estimated word 5-shingle similarity to the group's first source).</p><ul>");
        for g in &cmp.reprints {
            let members: Vec<String> = g
                .members
                .iter()
                .map(|m| format!("<bdi>{}</bdi> ({:.2})", esc(&m.source), m.similarity))
                .collect();
            let _ = write!(o, "<li>{}</li>", members.join(", "));
        }
        o.push_str("</ul>");
    }
    o.push_str("</section>\n");
}

/// Claim group `k`: one row per member, the claim as the source frames it.
fn claim_head(o: &mut String, v: &View<'_>, k: usize) {
    let g = &v.cmp.claims[k];
    let _ = write!(
        o,
        "<h3 id=\"claim-{}\">{} <small class=\"muted\">({} sources)</small></h3><table class=\"claims\"><thead><tr><th>source</th><th>as framed</th><th>qualifier</th><th>hedges</th><th>attribution</th><th>stance</th></tr></thead><tbody>",
        k + 1,
        esc(&g.quantity),
        g.sources
    );
}

/// One member of a claim group: the claim as source `m.source` frames it.
fn claim_member(o: &mut String, v: &View<'_>, m: &crate::claims::ClaimMember) {
    let si = v.source_index(&m.source);
    let f = &m.framing;
    let _ = write!(o, "<tr><td><bdi>{}</bdi>", esc(&m.source));
    if let Some(r) = &m.reprint_of {
        let _ = write!(
            o,
            "<br><small class=\"muted\">reprint of <bdi>{}</bdi></small>",
            esc(r)
        );
    }
    let _ = write!(
        o,
        "<br><small class=\"muted\">{}</small></td><td>",
        voice_name(m.voice)
    );
    let mut marks: Vec<Mark<'_>> = vec![(
        m.quantity_span,
        "qty",
        Title::Text("the quantity".to_owned()),
        0,
    )];
    if let Some(q) = &f.qualifier {
        marks.push((
            q.marker.span,
            "zero",
            Title::Text(format!(
                "qualifier: {}",
                serde_name(&q.kind).replace('_', " ")
            )),
            0,
        ));
    }
    for h in f.hedges.iter().chain(&f.attribution_markers) {
        marks.push((
            h.span,
            "zero",
            Title::Text(format!("{} [{}]", h.category, h.rule_id)),
            0,
        ));
    }
    for st in &f.stance {
        let mut t = format!("{} ", st.rule_id);
        push_f3(&mut t, st.value, true);
        marks.push((st.span, sign_class(st.value), Title::Text(t), 0));
    }
    let fallback = si
        .and_then(|si| v.text(si))
        .and_then(|t| t.get(m.sentence.start..m.sentence.end))
        .unwrap_or("");
    marked_sentence(o, v, si, m.sentence, marks, fallback);
    full_text_link(o, si, m.sentence);
    let words = |ms: &[crate::claims::Marker]| -> String {
        let t = si.and_then(|si| v.text(si));
        ms.iter()
            .map(|x| {
                let w = t
                    .and_then(|t| t.get(x.span.start..x.span.end))
                    .unwrap_or("?");
                format!("{} ({})", one_line(w), x.category)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let qual = f
        .qualifier
        .as_ref()
        .map(|q| serde_name(&q.kind).replace('_', " "))
        .unwrap_or_else(|| "—".to_owned());
    let hedges = if f.hedges.is_empty() {
        "—".to_owned()
    } else {
        words(&f.hedges)
    };
    let attribution = if f.attribution_markers.is_empty() {
        serde_name(&f.attribution)
    } else {
        format!(
            "{}: {}",
            serde_name(&f.attribution),
            words(&f.attribution_markers)
        )
    };
    let _ = write!(
        o,
        "</td><td>{}</td><td>{}</td><td>{}</td><td>",
        esc(&qual),
        esc(&hedges),
        esc(&attribution)
    );
    push_f3(o, f.stance_sum, true);
    o.push_str("</td></tr>");
}

/// The bias cues: a table of every source's cues, then each source's evidence.
fn bias(o: &mut String, v: &View<'_>, workers: &mut Workers, flush: &mut Flush<'_>) {
    let cmp = v.cmp;
    o.push_str("<section id=\"bias\"><h2>Bias cues</h2>");
    if cmp.bias.is_empty() {
        o.push_str(
            "<p class=\"muted\">No bias cues computed: this comparison holds none.</p></section>\n",
        );
        return;
    }
    o.push_str("<p class=\"muted\">Cues, not verdicts: each counts words or sentences of the source's own voice, and each opens to its evidence. <strong>loaded</strong>: loaded labels and intensifiers per 1,000 words; <strong>hedging</strong>: (certainty − hedges)/(certainty + hedges), +1 all certainty; <strong>one-sided</strong>: |pro − con|/(pro + con) over stance evidence sentences, with the side it leans to; <strong>attribution</strong>: share of claim-bearing sentences that name their source; <strong>voices</strong>: (ally − adversary)/(ally + adversary) over quoted speakers; <strong>omission</strong>: topics most peers cover and this source does not.</p>");
    o.push_str("<table class=\"bias\"><thead><tr><th>source</th><th>loaded</th><th>hedging</th><th>one-sided</th><th>attribution</th><th>voices</th><th>omission</th></tr></thead><tbody>");
    flush(o, &[]);
    // Positions into the rows, so that the table and the evidence share one lookup.
    let rows = v.bias_rows();
    let positions: Vec<usize> = (0..rows.len()).collect();
    let row = |o: &mut String, pos: usize| {
        let (si, child, b) = rows[pos];
        bias_row(o, v, si, child, b);
    };
    workers.render_in_order(o, &positions, &row, flush);
    o.push_str("</tbody></table>");
    flush(o, &[]);
    let render = |o: &mut String, pos: usize| {
        let (si, _, b) = rows[pos];
        bias_evidence_of(o, v, si, b);
    };
    workers.render_in_order(o, &positions, &render, flush);
    o.push_str("</section>\n");
}

/// The bias table's row for source `si` (`b`); `child`: a comment under its article.
fn bias_row(o: &mut String, v: &View<'_>, si: usize, child: bool, b: &crate::bias::SourceBias) {
    let id = v.cmp.sources[si].id.as_str();
    let c = &b.cues;
    let omitted = omitted_topics(&c.omission);
    let _ = write!(
        o,
        "<tr><td>{}<a href=\"#bias-{si}\"><bdi>{}</bdi></a></td><td>{} <small>({} loaded, {} intensifiers / {} words)</small></td><td>{} <small>({} hedges, {} boosters, {} factive, {} assertive)</small></td><td>{} <small>(lean {}; pro {:.1}, con {:.1})</small></td><td>{} <small>({} named, {} vague, {} bare)</small></td><td>{} <small>({} quotes: {} ally, {} adversary, {} neutral, {} unidentified)</small></td><td>{} <small>{}</small></td></tr>",
        if child { "↳ " } else { "" },
        esc(id),
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
        c.one_sided.pro,
        c.one_sided.con,
        fmt_opt(c.attribution.value, 2),
        c.attribution.named,
        c.attribution.vague,
        c.attribution.bare,
        fmt_opt(c.voices.value, 2),
        c.voices.quoted,
        c.voices.ally,
        c.voices.adversary,
        c.voices.neutral,
        c.voices.unidentified,
        fmt_opt(c.omission.value, 0),
        esc(&omitted.join(", "))
    );
}

/// The bias cue evidence of source `si` (`b`), in a `<details>`.
fn bias_evidence_of(o: &mut String, v: &View<'_>, si: usize, b: &crate::bias::SourceBias) {
    let id = v.cmp.sources[si].id.as_str();
    let c = &b.cues;
    let n = c.loaded.evidence.len()
        + c.hedging.evidence.len()
        + c.one_sided.evidence.len()
        + c.attribution.evidence.len()
        + c.voices.evidence.len();
    let _ = write!(
        o,
        "<details id=\"bias-{si}\" class=\"bias-evidence\"><summary>Bias cue evidence: <bdi>{}</bdi> ({n} items)</summary>",
        esc(id)
    );
    for (name, ev) in super::cue_evidence(c) {
        if ev.is_empty() {
            continue;
        }
        let _ = write!(o, "<h4>{name} ({})</h4><ol class=\"hits\">", ev.len());
        for e in ev.iter() {
            o.push_str("<li><code>");
            super::push_cue_label(o, e, &esc_word, ("[", "]"));
            o.push_str("</code>: ");
            kwic(o, Src::of(v, si), e.sentence, e.span);
            full_text_link(o, Some(si), e.sentence);
            o.push_str("</li>");
        }
        o.push_str("</ol>");
    }
    // Escaping works character by character: each piece is escaped as it is written.
    if !c.voices.speakers.is_empty() {
        o.push_str("<p>Quoted speakers: ");
        super::push_separated(o, &c.voices.speakers, ", ", |o, x| {
            esc_into(o, &x.entity, false);
            o.push_str(" (");
            esc_into(o, serde_name(&x.role).as_ref(), false);
            o.push_str(", ");
            push_u64(o, u64::from(x.quotes));
            o.push_str(" quotes)");
        });
        o.push_str("</p>");
    }
    if !c.omission.topics.is_empty() {
        o.push_str("<p>Omission, per topic: ");
        super::push_separated(o, &c.omission.topics, "; ", |o, t| {
            esc_into(o, &t.topic, false);
            o.push_str(": ");
            push_u64(o, u64::from(t.own_sentences));
            o.push_str(" own sentences, ");
            push_u64(o, u64::from(t.peers_covering));
            o.push_str(" of ");
            push_u64(o, u64::from(t.peers));
            o.push_str(" peers cover it");
            if t.omitted {
                o.push_str(" — omitted");
            }
        });
        o.push_str("</p>");
    }
    o.push_str("</details>");
}

fn full_texts(o: &mut String, v: &View<'_>, workers: &mut Workers, flush: &mut Flush<'_>) {
    let cmp = v.cmp;
    let mut claim_sentences: std::collections::HashMap<&str, Vec<Span>> = Default::default();
    for m in cmp.claims.iter().flat_map(|g| &g.members) {
        claim_sentences
            .entry(m.source.as_str())
            .or_default()
            .push(m.sentence);
    }
    o.push_str("<section id=\"texts\"><h2>Full texts</h2><p class=\"muted\">Each source's text exactly as read. Labels mark voices other than the running text; quotes are tinted; excluded spans (page residue that never scores) are greyed out and labelled with their reason. Evidence sentences carry anchors; evidence words are highlighted.</p>");
    flush(o, &[]);
    let render = |o: &mut String, si: usize| full_text_of(o, v, si, &claim_sentences);
    workers.render_in_order(o, &v.order_sources, &render, flush);
    o.push_str("</section>\n");
}

/// The full text of source `si`: its voices, excluded spans, evidence sentences (anchors
/// for every sentence that evidence, bias cues and claims link to) and highlighted hits.
fn full_text_of(
    o: &mut String,
    v: &View<'_>,
    si: usize,
    claim_sentences: &std::collections::HashMap<&str, Vec<Span>>,
) {
    let cmp = v.cmp;
    let s = &cmp.sources[si];
    let _ = write!(
        o,
        "<article id=\"text-{si}\"><h3><bdi>{}</bdi></h3><p class=\"muted\">{}</p>",
        esc(&s.id),
        source_line(v, si)
    );
    let Some(src) = v.texts[si] else {
        o.push_str("<p class=\"muted\">The corpus does not hold this source's text.</p></article>");
        return;
    };
    let text = src.text.as_str();
    let owned;
    let tsrc = match Src::of(v, si) {
        Some(t) => t,
        None => {
            owned = esc_positions(text);
            Src {
                text,
                specials: &owned,
            }
        }
    };
    // Evidence sentences (anchors) and their hits, from every cell of the source.
    let mut sentences: Vec<Span> = Vec::new();
    let mut hits: Vec<Mark<'_>> = Vec::new();
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
                    Title::RuleTopic(&c.rule_id, &cmp.topics[ti].id),
                    0,
                ));
            }
        }
    }
    // Sentences that bias cues and shared claims link to.
    if let Some(b) = v.bias(si) {
        let c = &b.cues;
        for e in c
            .loaded
            .evidence
            .iter()
            .chain(&c.hedging.evidence)
            .chain(&c.one_sided.evidence)
            .chain(&c.attribution.evidence)
            .chain(&c.voices.evidence)
        {
            if valid(text, e.sentence) {
                sentences.push(e.sentence);
            }
        }
    }
    for &span in claim_sentences.get(s.id.as_str()).into_iter().flatten() {
        if valid(text, span) {
            sentences.push(span);
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
        tsrc.esc(o, pos, vs.span.start);
        match (vs.voice, vs.reason, vs.note.as_deref()) {
            // The running text: no label, no note: nothing to format.
            (Voice::Body | Voice::Comment, _, None) => {
                o.push_str("<span class=\"v-");
                o.push_str(voice_name(vs.voice));
                o.push_str("\">");
            }
            (voice, reason, note) => {
                let (label, title) = match (voice, reason) {
                    (Voice::Excluded, Some(r)) => {
                        let r = serde_name(&r).replace('_', " ");
                        (
                            format!("excluded: {r}"),
                            format!("excluded from scoring: {r}"),
                        )
                    }
                    (voice, _) => (voice_name(voice).to_owned(), voice_name(voice).to_owned()),
                };
                let show_label = !matches!(voice, Voice::Body | Voice::Comment);
                o.push_str("<span class=\"v-");
                o.push_str(voice_name(voice));
                if show_label {
                    o.push_str(" voice\" data-voice=\"");
                    esc_into(o, &label, true);
                }
                o.push_str("\" title=\"");
                esc_into(o, &title, true);
                if let Some(n) = note {
                    o.push_str(" — ");
                    esc_into(o, n, true);
                }
                o.push_str("\">");
            }
        }
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
            marked(o, tsrc, Span::new(p, sent.start), &hits[r]);
            o.push_str("<span class=\"sent\" id=\"");
            push_sentence_anchor(o, si, sent);
            o.push_str("\">");
            let r = hits_in(sent.start, sent.end, &mut hi_next);
            marked(o, tsrc, sent, &hits[r]);
            o.push_str("</span>");
            p = sent.end;
        }
        let r = hits_in(p, vs.span.end, &mut hi_next);
        marked(o, tsrc, Span::new(p, vs.span.end), &hits[r]);
        o.push_str("</span>");
        pos = vs.span.end;
    }
    tsrc.esc(o, pos, text.len());
    o.push_str("</div></article>");
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// Every contribution line of the sample's comparison, and one whose rule ids, entity and
    /// trigger word hold characters that escaping changes, written escaped as they go
    /// equals the whole line escaped.
    #[test]
    fn contribution_lines_escape_piece_by_piece_as_whole() {
        use crate::compare::compare;
        use crate::corpus::Corpus;
        use crate::report::{push_contribution_kind, push_contribution_text};
        use crate::stance::{Contribution, ContributionKind, StanceEngine};
        use crate::topics::Subject;
        use crate::valence::{AppliedModifier, Effect, Op};
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/israel-azerbaijan"
        );
        let (corpus, _) = Corpus::from_dir(dir).expect("sample corpus");
        let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan").expect("subject"))
            .expect("engine");
        let cmp = compare(&corpus, &engine);
        let text = "He said <not> & ‘never’ \u{202e}x";
        let hostile = Contribution {
            kind: ContributionKind::EntityValence,
            rule_id: "r<&>\"'".into(),
            text: "a<b".into(),
            span: crate::Span::new(0, 2),
            base: -0.5,
            modifiers: vec![AppliedModifier {
                effect: Effect::Negation,
                rule_id: Some("neg.<x>&'\"".into()),
                span: Some(crate::Span::new(8, 13)),
                op: Op::Scale(-0.74),
            }],
            modified: 0.37,
            entity: Some("e&<\u{202e}>".into()),
            role_sign: -1.0,
            direction: 0.5,
            reported: None,
            value: -0.185,
        };
        let mut lines = vec![(hostile, Some(text.to_owned()))];
        for c in &cmp.cells {
            let t = corpus.get(&c.source).map(|s| s.text.clone());
            for e in &c.evidence {
                lines.extend(e.contributions.iter().map(|x| (x.clone(), t.clone())));
            }
        }
        assert!(lines.len() > 10, "the sample has evidence");
        for (c, t) in &lines {
            let (mut whole, mut piecewise) = (String::new(), String::new());
            push_contribution_text(&mut whole, c, t.as_deref());
            crate::report::push_contribution_text_with(
                &mut piecewise,
                c,
                t.as_deref(),
                &super::esc_word,
            );
            assert_eq!(piecewise, super::esc(&whole));
            let (mut whole, mut piecewise) = (String::new(), String::new());
            push_contribution_kind(&mut whole, c);
            crate::report::push_contribution_kind_with(&mut piecewise, c, &super::esc_word);
            assert_eq!(piecewise, super::esc(&whole));
        }
    }

    proptest! {
        /// Escaping a piece of a text through its precomputed positions writes what
        /// escaping the piece directly writes.
        #[test]
        fn escaping_through_positions_is_escaping(
            parts in prop::collection::vec(prop::sample::select(vec![
                "a", "Baku ", "&", "<", ">", "\"", "'", "\r", "\n", "\t", "\u{1}", "\u{7f}",
                "\u{85}", "\u{a0}", "é", "“", "”", "’", "—", "\u{200e}", "\u{202e}",
                "\u{2066}", "\u{61c}", "\u{2028}", "🇦🇿", "12345678",
            ]), 0..40),
            a in 0usize..200,
            b in 0usize..200,
        ) {
            let text: String = parts.concat();
            let (mut from, mut to) = (a.min(b).min(text.len()), a.max(b).min(text.len()));
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            while !text.is_char_boundary(to) {
                to -= 1;
            }
            let specials = super::esc_positions(&text);
            let src = super::Src { text: &text, specials: &specials };
            let (mut direct, mut via) = (String::new(), String::new());
            super::esc_into(&mut direct, &text[from..to], false);
            src.esc(&mut via, from, to);
            prop_assert_eq!(via, direct);
        }
    }

    /// The colour as the report wrote it with `format!` (the reference for the pusher).
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

    #[test]
    fn push_bar_is_the_formatted_bar() {
        for i in -1100..=1100 {
            let s = f64::from(i) / 1000.0;
            let w = (s.abs().min(1.0) * 50.0).round();
            let want = format!(
                "<span class=\"bar\" aria-hidden=\"true\"><span class=\"{}\" style=\"width:{w}%\"></span></span>",
                if s >= 0.0 { "pos" } else { "neg" }
            );
            let mut got = String::new();
            super::push_bar(&mut got, Some(s));
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn push_color_style_is_the_formatted_colour() {
        for i in -1100..=1100 {
            let score = f64::from(i) / 1000.0;
            let (c, dark) = color(score);
            let want = format!(
                " style=\"background:{c};color:{}\"",
                if dark { "#fff" } else { "#111" }
            );
            let mut got = String::new();
            super::push_color_style(&mut got, score);
            assert_eq!(got, want, "{score}");
        }
    }

    use super::*;

    #[test]
    fn the_eight_byte_skip_never_misses_an_attention_byte() {
        for byte in 0..=255u8 {
            for lane in 0..8 {
                let mut chunk = [b'a'; 8];
                chunk[lane] = byte;
                let flagged = attention_candidates(u64::from_le_bytes(chunk)) != 0;
                if ATTENTION[usize::from(byte)] {
                    assert!(flagged, "byte {byte:#04x} in lane {lane}");
                }
            }
        }
        assert_eq!(attention_candidates(u64::from_le_bytes(*b"plain te")), 0);
    }

    #[test]
    fn the_e2_fast_path_agrees_with_is_inert_worthy() {
        for c in ('\u{2000}'..='\u{2fff}').filter(|c| c.len_utf8() == 3) {
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(b[0], 0xE2);
            assert_eq!(e2_is_bidi(b[1], b[2]), is_inert_worthy(c), "{c:?}");
        }
    }

    #[test]
    fn escaping_matches_a_char_by_char_reference() {
        let reference = |s: &str| {
            let mut o = String::new();
            for c in s.chars() {
                match c {
                    '&' => o.push_str("&amp;"),
                    '<' => o.push_str("&lt;"),
                    '>' => o.push_str("&gt;"),
                    '"' => o.push_str("&quot;"),
                    '\'' => o.push_str("&#39;"),
                    '\r' => {}
                    c if is_inert_worthy(c) => o.push_str(&format!(
                        "<span class=\"ctl\" title=\"control character\">U+{:04X}</span>",
                        c as u32
                    )),
                    c => o.push(c),
                }
            }
            o
        };
        let samples = [
            "plain ascii text, long enough to take the eight-byte path twice",
            "“Curly” quotes — dashes… and <tags> & 'apostrophes' \"quotes\"\r\n",
            "bidi \u{202e}override\u{202c} and \u{2066}isolate\u{2069} marks \u{200f}",
            "controls \u{0}\u{1b}\u{7f}\u{85}\u{9f} and U+061C \u{61c} and nbsp\u{a0}",
            "#$%=+ tail",
            "",
            "\u{e2}",
        ];
        for s in samples {
            assert_eq!(esc(s), reference(s), "{s:?}");
            // Every starting offset exercises every lane of the skip.
            for k in (0..s.len()).filter(|&k| s.is_char_boundary(k)) {
                assert_eq!(esc(&s[k..]), reference(&s[k..]), "{:?}", &s[k..]);
            }
        }
    }
}
