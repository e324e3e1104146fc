//! Reports of a [`Comparison`]: one self-contained HTML file ([`html()`]), the same content as
//! Markdown ([`markdown()`]), and flat CSV tables with stable ids ([`csv()`]).
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
mod explain;
mod html;
mod markdown;

pub use self::csv::{csv, CsvTables};
pub use self::html::{html, write_html};
pub use self::markdown::{markdown, write_markdown};

use crate::compare::{Cell, Comparison};
use crate::corpus::{Corpus, Source};
use crate::lexicon::LexiconMeta;
use crate::stance::{Contribution, StanceEngine, StanceLabel};
use crate::topics::Subject;
use crate::valence::{AppliedModifier, Op};
use crate::Span;
use serde::Serialize;
use std::fmt::Write as _;

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
    /// Worker threads for rendering the HTML and Markdown reports (their per-entry parts):
    /// `0` uses every core, `1` renders on the calling thread. The report is the same, byte
    /// for byte, whatever the number.
    pub threads: usize,
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
        let mut layers = engine.layers().to_vec();
        // The bias rules `compare` uses by default, for their licence and source.
        if let Ok(rules) = crate::bias::BiasRules::bundled() {
            layers.extend(rules.layers().iter().cloned());
        }
        ReportOptions {
            run_date: None,
            subject: Some(engine.subject().clone()),
            layers,
            threads: 0,
        }
    }
}

/// Where a page goes as it is rendered. `flush(o, &[])`: the text gathered in `o` may be
/// written out (a streaming writer does so once it is large); `flush(o, parts)`: `parts`
/// follow `o` in the page (a streaming writer writes them all at once, without copying
/// them, once they are large together).
pub(crate) type Flush<'a> = dyn FnMut(&mut String, &[String]) + 'a;

/// Run `render` with a buffer and a [`Flush`] that writes the page to `out` as it is
/// rendered, in writes of at least 256 KB (parts gathered in the buffer until then, or
/// written together straight from their buffers), then write the rest. Few large writes:
/// small ones are slow on some systems (54 MB to a file took 0.2–0.3 s in 16 KB writes,
/// under 0.05 s in 64 KB or 1 MB ones, on the machine of docs/performance.md). A write
/// error stops the writing (nothing more is held) and is returned.
pub(crate) fn stream_to(
    out: &mut dyn std::io::Write,
    render: impl FnOnce(&mut String, &mut Flush<'_>),
) -> std::io::Result<()> {
    /// Bytes gathered before they are written out.
    const CHUNK: usize = 1 << 18;
    let mut failed: Option<std::io::Error> = None;
    let mut o = String::with_capacity(2 * CHUNK);
    let mut flush = |o: &mut String, parts: &[String]| {
        if failed.is_some() {
            o.clear(); // the page is lost; hold nothing more
            return;
        }
        let len = o.len() + parts.iter().map(String::len).sum::<usize>();
        if len < CHUNK {
            parts.iter().for_each(|part| o.push_str(part));
        } else {
            failed = write_all_pieces(out, o, parts).err();
            o.clear();
        }
    };
    render(&mut o, &mut flush);
    if let Some(e) = failed {
        return Err(e);
    }
    out.write_all(o.as_bytes())
}

/// Write `first`, then `rest`, with as few write calls as `out` allows (one vectored write
/// for all of them when it can).
fn write_all_pieces(
    out: &mut dyn std::io::Write,
    first: &str,
    rest: &[String],
) -> std::io::Result<()> {
    use std::io::{ErrorKind, IoSlice};
    let mut pieces: Vec<&[u8]> = std::iter::once(first)
        .chain(rest.iter().map(String::as_str))
        .map(str::as_bytes)
        .filter(|p| !p.is_empty())
        .collect();
    let mut next = 0; // the first piece not wholly written
    while next < pieces.len() {
        let slices: Vec<IoSlice<'_>> = pieces[next..].iter().map(|p| IoSlice::new(p)).collect();
        match out.write_vectored(&slices) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(mut written) => {
                while let Some(piece) = pieces.get_mut(next).filter(|_| written > 0) {
                    let n = written.min(piece.len());
                    *piece = &piece[n..];
                    written -= n;
                    if piece.is_empty() {
                        next += 1;
                    }
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A report page rendered by `render` (buffer, view, workers, flush) into one `String`,
/// sized for `per_text_byte` bytes per byte of source text and `per_cell` per cell:
/// generous, since memory never written is never touched and growing a large string
/// copies it. What [`html()`] and [`markdown()`] return.
pub(crate) fn page_in_memory(
    cmp: &Comparison,
    corpus: &Corpus,
    opts: &ReportOptions,
    (per_text_byte, per_cell): (usize, usize),
    render: impl FnOnce(&mut String, &View<'_>, &mut Workers, &mut Flush<'_>),
) -> String {
    let v = View::new(cmp, corpus);
    let mut workers = Workers::new(opts.threads);
    let text_bytes: usize = corpus.sources.iter().map(|s| s.text.len()).sum();
    let mut o =
        String::with_capacity(1 << 20 | (text_bytes * per_text_byte + cmp.cells.len() * per_cell));
    let mut append = |o: &mut String, parts: &[String]| parts.iter().for_each(|p| o.push_str(p));
    render(&mut o, &v, &mut workers, &mut append);
    o
}

/// The same page written to `out` as it is rendered ([`stream_to`]). What [`write_html`]
/// and [`write_markdown`] do.
pub(crate) fn page_streamed(
    cmp: &Comparison,
    corpus: &Corpus,
    opts: &ReportOptions,
    out: &mut dyn std::io::Write,
    render: impl FnOnce(&mut String, &View<'_>, &mut Workers, &mut Flush<'_>),
) -> std::io::Result<()> {
    let v = View::new(cmp, corpus);
    let mut workers = Workers::new(opts.threads);
    stream_to(out, |o, flush| render(o, &v, &mut workers, flush))
}

/// The workers that render a page's per-item parts, and their buffers, kept for the
/// whole page so that each section reuses the memory of the one before.
pub(crate) struct Workers {
    pool: Option<rayon::ThreadPool>,
    bufs: Vec<String>,
}

impl Workers {
    /// Items per batch: enough to keep the workers busy, few enough to hold little.
    const BATCH: usize = 64;
    /// Buffers larger than this are not kept from one batch to the next.
    const KEEP: usize = 1 << 20;

    /// Workers for `threads` (`0`: every core; `1`: the calling thread alone).
    pub(crate) fn new(threads: usize) -> Workers {
        Workers {
            pool: crate::compare::worker_pool(threads),
            bufs: Vec::new(),
        }
    }

    /// Render each of `items` with `render`, in order, into the page (`o`, then `flush`).
    /// With a pool, a batch of items renders at a time on its workers, each into a kept
    /// buffer: the memory held is a batch's, whatever the number of items, and the page is
    /// the same as without a pool.
    pub(crate) fn render_in_order(
        &mut self,
        o: &mut String,
        items: &[usize],
        render: &(dyn Fn(&mut String, usize) + Sync),
        flush: &mut Flush<'_>,
    ) {
        use rayon::prelude::*;
        let Some(pool) = self.pool.as_ref().filter(|_| items.len() > 1) else {
            for &i in items {
                render(o, i);
                flush(o, &[]);
            }
            return;
        };
        let n = Self::BATCH.min(items.len());
        if self.bufs.len() < n {
            self.bufs.resize_with(n, String::new);
        }
        let bufs = &mut self.bufs;
        for batch in items.chunks(Self::BATCH) {
            pool.install(|| {
                bufs.par_iter_mut().zip(batch).for_each(|(b, &i)| {
                    b.clear();
                    render(b, i);
                });
            });
            flush(o, &bufs[..batch.len()]);
            // Keep small buffers for the next batch; give back the memory of large ones (a
            // long source's full text), so that what is held stays small.
            for part in bufs[..batch.len()].iter_mut() {
                if part.capacity() > Self::KEEP {
                    *part = String::new();
                }
            }
        }
    }
}

/// Each topic's ranking (source ids, best first; empty when the topic has none), in
/// subject order.
pub(crate) fn rankings_by_topic(cmp: &Comparison) -> Vec<&[String]> {
    cmp.topics
        .iter()
        .map(|t| {
            cmp.rankings
                .iter()
                .find(|r| r.topic == t.id)
                .map(|r| r.sources.as_slice())
                .unwrap_or_default()
        })
        .collect()
}

/// A part of a section whose entries are long lists: the heading of entry `n`, a run of its
/// list, or what follows the list.
#[derive(Clone, Debug)]
pub(crate) enum Part {
    Head(usize),
    Items(usize, std::ops::Range<usize>),
    Tail(usize),
}

/// The parts of entries whose lists have the given lengths, in page order.
pub(crate) fn parts_of(lens: impl Iterator<Item = usize>) -> Vec<Part> {
    /// List items per part.
    const RUN: usize = 32;
    let mut parts = Vec::new();
    for (n, len) in lens.enumerate() {
        parts.push(Part::Head(n));
        let mut start = 0;
        while start < len {
            let end = (start + RUN).min(len);
            parts.push(Part::Items(n, start..end));
            start = end;
        }
        parts.push(Part::Tail(n));
    }
    parts
}

/// Run `a` on a second thread and `b` on this one, and return both results (the CSV
/// tables build independent tables side by side). If no thread can be started, `a` runs
/// here after `b`.
pub(crate) fn par2<A: Send, B>(a: impl Fn() -> A + Sync, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new().spawn_scoped(scope, &a);
        let rb = b();
        let ra = match handle {
            Ok(h) => match h.join() {
                Ok(ra) => ra,
                // Report code does not panic on any input; should it, surface it here.
                Err(payload) => std::panic::resume_unwind(payload),
            },
            Err(_) => a(),
        };
        (ra, rb)
    })
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

/// A voice's name (its serde name), without the cost of serialising.
pub(crate) fn voice_name(v: crate::corpus::Voice) -> &'static str {
    use crate::corpus::Voice;
    match v {
        Voice::Body => "body",
        Voice::Heading => "heading",
        Voice::Byline => "byline",
        Voice::Bio => "bio",
        Voice::Quote => "quote",
        Voice::Comment => "comment",
        Voice::Excluded => "excluded",
    }
}

/// A modifier effect's name, words separated by spaces.
pub(crate) fn effect_name(e: crate::valence::Effect) -> &'static str {
    use crate::valence::Effect;
    match e {
        Effect::Caps => "caps",
        Effect::Booster => "booster",
        Effect::Dampener => "dampener",
        Effect::Negation => "negation",
        Effect::NegationBarrier => "negation barrier",
        Effect::Denial => "denial",
        Effect::Concession => "concession",
        Effect::Contrast => "contrast",
        Effect::Hedge => "hedge",
        Effect::Attribution => "attribution",
        Effect::Quote => "quote",
        Effect::Relation => "relation",
    }
}

/// `+0.25`, or `—` without a score.
pub(crate) fn fmt_score(s: Option<f64>) -> String {
    let mut o = String::with_capacity(8);
    push_score(&mut o, s);
    o
}

/// Append what [`fmt_score`] returns.
pub(crate) fn push_score(out: &mut String, s: Option<f64>) {
    match s {
        Some(x) => push_fixed(out, x, 2, true),
        None => out.push('—'),
    }
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

/// Append `x` with three decimals, exactly as `format!("{x:+.3}")` (`plus`) or
/// `format!("{x:.3}")` would.
pub(crate) fn push_f3(out: &mut String, x: f64, plus: bool) {
    push_fixed(out, x, 3, plus);
}

/// Append `x` with `decimals` (0 to 6) decimals, exactly as `format!("{x:+.N}")` (`plus`) or
/// `format!("{x:.N}")` would. Integer arithmetic on the common case; values near a rounding
/// tie, huge or not finite go through `format!`, which rounds the exact binary value.
pub(crate) fn push_fixed(out: &mut String, x: f64, decimals: usize, plus: bool) {
    // A constant count lets the divisions by the scale compile to multiplications.
    match decimals {
        0 => fixed(out, x, 0, plus),
        1 => fixed(out, x, 1, plus),
        2 => fixed(out, x, 2, plus),
        3 => fixed(out, x, 3, plus),
        d => fixed(out, x, d, plus),
    }
}

/// [`push_fixed`]'s body, inlined into each of its constant cases.
#[inline(always)]
fn fixed(out: &mut String, x: f64, decimals: usize, plus: bool) {
    const SCALE: [u64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
    let Some(&scale) = SCALE.get(decimals) else {
        let _ = if plus {
            write!(out, "{x:+.decimals$}")
        } else {
            write!(out, "{x:.decimals$}")
        };
        return;
    };
    let y = x.abs() * scale as f64;
    // `y as u64` truncates, which is `floor` here (y >= 0) without a libm call.
    let whole = if x.is_finite() && y < 1e15 {
        y as u64
    } else {
        0
    };
    let fract = y - whole as f64;
    if !x.is_finite() || y >= 1e15 || (fract - 0.5).abs() < 1e-6 {
        let _ = if plus {
            write!(out, "{x:+.decimals$}")
        } else {
            write!(out, "{x:.decimals$}")
        };
        return;
    }
    let n = whole + u64::from(fract > 0.5);
    // Sign, integer part, point, zero-padded fraction: built in a buffer, pushed once.
    let mut buf = [0u8; 40];
    let mut i = buf.len();
    let mut f = n % scale;
    let mut left = decimals;
    // Two digits per division where there are two to write.
    while left >= 2 {
        let pair = usize::try_from(f % 100).unwrap_or(0) * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
        f /= 100;
        left -= 2;
    }
    if left == 1 {
        i -= 1;
        buf[i] = b'0' + (f % 10) as u8;
    }
    if decimals > 0 {
        i -= 1;
        buf[i] = b'.';
    }
    let mut w = n / scale;
    loop {
        i -= 1;
        buf[i] = b'0' + (w % 10) as u8;
        w /= 10;
        if w == 0 {
            break;
        }
    }
    if x.is_sign_negative() {
        i -= 1;
        buf[i] = b'-';
    } else if plus {
        i -= 1;
        buf[i] = b'+';
    }
    push_ascii(out, &buf[i..]);
}

/// Write each of `items` with `each`, `sep` between them (lists inside one line).
pub(crate) fn push_separated<T>(
    out: &mut String,
    items: &[T],
    sep: &str,
    mut each: impl FnMut(&mut String, &T),
) {
    for (k, x) in items.iter().enumerate() {
        if k > 0 {
            out.push_str(sep);
        }
        each(out, x);
    }
}

/// "00", "01", … "99": the two digits of each number below 100.
const DIGIT_PAIRS: [u8; 200] = {
    let mut t = [0u8; 200];
    let mut k = 0;
    while k < 100 {
        t[2 * k] = b'0' + (k / 10) as u8;
        t[2 * k + 1] = b'0' + (k % 10) as u8;
        k += 1;
    }
    t
};

/// Append ASCII bytes (digits, signs) as characters: no UTF-8 validation on short runs.
fn push_ascii(out: &mut String, bytes: &[u8]) {
    out.extend(bytes.iter().map(|&b| char::from(b)));
}

/// Append `n` in decimal (what `write!(out, "{n}")` does, without the formatting machinery:
/// reports write millions of numbers).
pub(crate) fn push_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    // Two digits per division, then the last one or two.
    while n >= 100 {
        let pair = usize::try_from(n % 100).unwrap_or(0) * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
        n /= 100;
    }
    if n >= 10 {
        let pair = usize::try_from(n).unwrap_or(0) * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + n as u8;
    }
    push_ascii(out, &buf[i..]);
}

/// `s` with whitespace runs folded, borrowed when there are none.
pub(crate) fn folded(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        // One pass over the bytes: ASCII whitespace other than a space is 9..=13.
        let mut prev_space = false;
        let plain = s.bytes().all(|b| {
            let ok = !((9..=13).contains(&b) || (prev_space && b == b' '));
            prev_space = b == b' ';
            ok
        });
        return if plain { s.into() } else { one_line(s).into() };
    }
    if s.contains(|c: char| c.is_whitespace() && c != ' ') || s.contains("  ") {
        one_line(s).into()
    } else {
        s.into()
    }
}

/// Append a word as it is (the `word` writer of the plain-text layouts).
pub(crate) fn push_word(s: &mut String, w: &str) {
    s.push_str(w);
}

/// Append a modifier as one short phrase: `negation “not” [neg.not] ×-0.740`.
fn push_modifier(s: &mut String, m: &AppliedModifier, text: Option<&str>) {
    push_modifier_with(s, m, text, &push_word);
}

/// [`push_modifier`], the words that come from the text and from rules written by `word`
/// (the HTML report escapes them there; the rest of the phrase never needs escaping).
fn push_modifier_with<W: Fn(&mut String, &str)>(
    s: &mut String,
    m: &AppliedModifier,
    text: Option<&str>,
    word: &W,
) {
    s.push_str(effect_name(m.effect));
    if let Some(w) = m
        .span
        .and_then(|sp| text.and_then(|t| t.get(sp.start..sp.end)))
    {
        s.push_str(" “");
        word(s, &folded(w));
        s.push('”');
    }
    if let Some(r) = &m.rule_id {
        s.push_str(" [");
        word(s, r);
        s.push(']');
    }
    match m.op {
        Op::Add(x) => {
            s.push(' ');
            push_f3(s, x, true);
        }
        Op::Scale(x) => {
            s.push_str(" ×");
            push_f3(s, x, false);
        }
    }
}

/// A modifier as one short phrase: `negation “not” [neg.not] ×-0.740`.
pub(crate) fn modifier_text(m: &AppliedModifier, text: Option<&str>) -> String {
    let mut s = String::with_capacity(48);
    push_modifier(&mut s, m, text);
    s
}

/// How a contribution's value comes about, in one line:
/// `base +1.900, negation “not” ×-0.740 → -1.406 × role -1 × direction +1 = +1.406`.
pub(crate) fn contribution_text(c: &Contribution, text: Option<&str>) -> String {
    let mut s = String::with_capacity(96 + 48 * c.modifiers.len());
    push_contribution_text(&mut s, c, text);
    s
}

/// Append what [`contribution_text`] returns.
pub(crate) fn push_contribution_text(s: &mut String, c: &Contribution, text: Option<&str>) {
    push_contribution_text_with(s, c, text, &push_word);
}

/// [`push_contribution_text`], the words that come from the text and from rules written by
/// `word`: escaping works character by character, and the fixed words, arrows, signs and
/// numbers hold no character that HTML escaping changes, so the HTML report escapes the
/// line as it writes it (test: `contribution_lines_escape_piece_by_piece_as_whole`).
pub(crate) fn push_contribution_text_with<W: Fn(&mut String, &str)>(
    s: &mut String,
    c: &Contribution,
    text: Option<&str>,
    word: &W,
) {
    s.push_str("base ");
    push_f3(s, c.base, true);
    for m in &c.modifiers {
        s.push_str(", ");
        push_modifier_with(s, m, text, word);
    }
    s.push_str(" → ");
    push_f3(s, c.modified, true);
    s.push_str(" × role ");
    push_sign_f64(s, c.role_sign);
    s.push_str(" × direction ");
    push_sign_f64(s, c.direction);
    s.push_str(" = ");
    push_f3(s, c.value, true);
}

/// `write!(s, "{x:+}")`, with the usual values (±1, 0) written directly.
fn push_sign_f64(s: &mut String, x: f64) {
    if x == 1.0 {
        s.push_str("+1");
    } else if x == -1.0 {
        s.push_str("-1");
    } else if x == 0.0 && x.is_sign_positive() {
        s.push_str("+0");
    } else {
        let _ = write!(s, "{x:+}");
    }
}

/// What produced a contribution: `cue` or `valence → iran`.
pub(crate) fn contribution_kind(c: &Contribution) -> String {
    let mut s = String::new();
    push_contribution_kind(&mut s, c);
    s
}

/// Append what [`contribution_kind`] returns.
pub(crate) fn push_contribution_kind(s: &mut String, c: &Contribution) {
    push_contribution_kind_with(s, c, &push_word);
}

/// [`push_contribution_kind`], the entity id written by `word`.
pub(crate) fn push_contribution_kind_with<W: Fn(&mut String, &str)>(
    s: &mut String,
    c: &Contribution,
    word: &W,
) {
    s.push_str(match c.kind {
        crate::stance::ContributionKind::Cue => "cue",
        crate::stance::ContributionKind::EntityValence => "entity valence",
    });
    if let Some(e) = &c.entity {
        s.push_str(" → ");
        word(s, e);
    }
}

/// The ids of the topics a source omits (bias cue `omission`).
pub(crate) fn omitted_topics(omission: &crate::bias::OmissionCue) -> Vec<&str> {
    omission
        .topics
        .iter()
        .filter(|t| t.omitted)
        .map(|t| t.topic.as_str())
        .collect()
}

/// A cue's value with `decimals` decimals, or `—` when it has none.
pub(crate) fn fmt_opt(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(|| "—".to_owned(), |x| format!("{x:.decimals$}"))
}

/// A source's bias cue evidence lists with their headings, in report order.
pub(crate) fn cue_evidence(
    c: &crate::bias::BiasCues,
) -> [(&'static str, &[crate::bias::CueEvidence]); 5] {
    [
        ("loaded language", &c.loaded.evidence),
        ("hedging and certainty", &c.hedging.evidence),
        ("one-sidedness", &c.one_sided.evidence),
        ("attribution", &c.attribution.evidence),
        ("quoted voices", &c.voices.evidence),
    ]
}

/// A cue evidence item's label: its kind, then `[rule]` or `→ entity`, the rule or entity
/// written by `word` and the rule set between `brackets` (each format escapes its own way).
pub(crate) fn push_cue_label<W: Fn(&mut String, &str)>(
    o: &mut String,
    e: &crate::bias::CueEvidence,
    word: &W,
    brackets: (&str, &str),
) {
    o.push_str(e.kind);
    match (&e.rule_id, &e.entity) {
        (Some(r), _) => {
            o.push(' ');
            o.push_str(brackets.0);
            word(o, r);
            o.push_str(brackets.1);
        }
        (None, Some(ent)) => {
            o.push_str(" → ");
            word(o, ent);
        }
        (None, None) => {}
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
    index: std::collections::HashMap<&'a str, usize>,
    /// Per source, its overall score (index into `cmp.overall`).
    overall: Vec<Option<usize>>,
    /// Per topic, per source: its 1-based rank (`None` when not ranked).
    ranks: Vec<Vec<Option<usize>>>,
    /// Sources in display order, `(index, is_child)` ([`display_order`]).
    pub order: Vec<(usize, bool)>,
    /// The same order, indices only.
    pub order_sources: Vec<usize>,
    /// Per source, its bias cues (`None` when the comparison holds none for it).
    bias: Vec<Option<&'a crate::bias::SourceBias>>,
    /// Per source, the byte offsets of its text's characters that HTML escaping changes,
    /// found by the first worker that escapes a piece of the text.
    pub escapes: Vec<std::sync::OnceLock<Box<[usize]>>>,
}

impl<'a> View<'a> {
    pub fn new(cmp: &'a Comparison, corpus: &'a Corpus) -> View<'a> {
        // Most often the corpus lists the sources as the comparison does; otherwise (a
        // comparison in id order, say) one index of the corpus, not a scan per source.
        let mut by_id = None;
        let texts = cmp
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                corpus
                    .sources
                    .get(i)
                    .filter(|c| c.meta.id == s.id)
                    .or_else(|| {
                        by_id
                            .get_or_insert_with(|| corpus.by_id())
                            .get(s.id.as_str())
                            .copied()
                    })
            })
            .collect();
        let nt = cmp.topics.len();
        // `compare` lays cells out source-major; check rather than trust it.
        let source_major = cmp.cells.len() == cmp.sources.len() * nt
            && cmp.cells.iter().enumerate().all(|(k, c)| {
                nt > 0 && c.source == cmp.sources[k / nt].id && c.topic == cmp.topics[k % nt].id
            });
        let index: std::collections::HashMap<&str, usize> = cmp
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut overall = vec![None; cmp.sources.len()];
        for (k, o) in cmp.overall.iter().enumerate() {
            if let Some(&i) = index.get(o.source.as_str()) {
                overall[i].get_or_insert(k);
            }
        }
        let ranks = cmp
            .topics
            .iter()
            .map(|t| {
                let mut r = vec![None; cmp.sources.len()];
                if let Some(rk) = cmp.rankings.iter().find(|r| r.topic == t.id) {
                    for (p, id) in rk.sources.iter().enumerate() {
                        if let Some(&i) = index.get(id.as_str()) {
                            r[i].get_or_insert(p + 1);
                        }
                    }
                }
                r
            })
            .collect();
        let order = display_order(cmp);
        let order_sources = order.iter().map(|&(si, _)| si).collect();
        let by_source: std::collections::HashMap<&str, &crate::bias::SourceBias> =
            cmp.bias.iter().map(|b| (b.source.as_str(), b)).collect();
        let bias = cmp
            .sources
            .iter()
            .map(|s| by_source.get(s.id.as_str()).copied())
            .collect();
        View {
            cmp,
            texts,
            nt,
            source_major,
            index,
            overall,
            ranks,
            order,
            order_sources,
            bias,
            escapes: (0..cmp.sources.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    /// The bias cues of source `si`.
    pub fn bias(&self, si: usize) -> Option<&'a crate::bias::SourceBias> {
        self.bias.get(si).copied().flatten()
    }

    /// The sources with bias cues, in display order: `(index, is_child, cues)`.
    pub fn bias_rows(&self) -> Vec<(usize, bool, &'a crate::bias::SourceBias)> {
        self.order
            .iter()
            .filter_map(|&(si, child)| self.bias(si).map(|b| (si, child, b)))
            .collect()
    }

    /// The overall score of source `si`.
    pub fn overall(&self, si: usize) -> Option<&'a crate::compare::Overall> {
        self.overall
            .get(si)
            .copied()
            .flatten()
            .and_then(|k| self.cmp.overall.get(k))
    }

    /// The 1-based rank of source `si` on topic `ti`.
    pub fn rank(&self, si: usize, ti: usize) -> Option<usize> {
        self.ranks
            .get(ti)
            .and_then(|r| r.get(si).copied().flatten())
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
        self.index.get(id).copied()
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
    let mut v: Vec<(Span, usize)> = Vec::with_capacity(cs.len());
    // Contributions usually come in text order: sort only when they do not.
    let mut in_order = true;
    for (k, c) in cs.iter().enumerate() {
        if c.span.start >= sentence.start
            && c.span.end <= sentence.end
            && c.span.start < c.span.end
            && text.get(c.span.start..c.span.end).is_some()
        {
            in_order &= v.last().map_or(true, |(s, _)| s.start <= c.span.start);
            v.push((c.span, k));
        }
    }
    if !in_order {
        v.sort_by_key(|(s, k)| (s.start, *k));
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Voice;
    use crate::valence::Effect;

    #[test]
    fn push_f3_is_format() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut values = vec![
            0.0,
            -0.0,
            0.0005,
            -0.0005,
            1.0005,
            2.5,
            -1e-9,
            1e16,
            f64::NAN,
            -7.4995,
        ];
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push((x % 2_000_000) as f64 / 1000.0 - 1000.0 + (x % 7) as f64 * 1e-4);
        }
        for v in values {
            let (mut a, mut b) = (String::new(), String::new());
            push_f3(&mut a, v, true);
            push_f3(&mut b, v, false);
            assert_eq!(a, format!("{v:+.3}"), "{v}");
            assert_eq!(b, format!("{v:.3}"), "{v}");
        }
    }

    /// `folded` borrows exactly when the text has no whitespace run and no whitespace
    /// other than a space, and folds like `one_line` otherwise.
    #[test]
    fn folded_borrows_plain_text_and_folds_the_rest() {
        let texts = [
            "",
            " ",
            "a",
            " a ",
            "a  b",
            "a\tb",
            "a\nb",
            "a\u{b}b",
            "a\u{c}b",
            "a\rb",
            "a\u{1f}b",
            "a\u{85}b",
            "a\u{a0}b",
            "a\u{2009}b",
            "naïve  x",
            "naïve x",
            "ab ",
        ];
        for t in texts {
            let plain = !t.contains(|c: char| c.is_whitespace() && c != ' ') && !t.contains("  ");
            let f = folded(t);
            assert_eq!(matches!(f, std::borrow::Cow::Borrowed(_)), plain, "{t:?}");
            assert_eq!(&*f, if plain { t.to_owned() } else { one_line(t) }, "{t:?}");
        }
    }

    #[test]
    fn push_fixed_is_format() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut values = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -0.05,
            0.95,
            99.95,
            0.285,
            1e16,
            f64::NAN,
        ];
        values.extend([f64::INFINITY, f64::NEG_INFINITY, 49.5, -0.004, 0.125, 0.375]);
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push((x % 4_000_000) as f64 / 20_000.0 - 100.0 + (x % 11) as f64 * 1e-5);
        }
        for v in values {
            for d in 0..=7usize {
                let (mut a, mut b) = (String::new(), String::new());
                push_fixed(&mut a, v, d, true);
                push_fixed(&mut b, v, d, false);
                assert_eq!(a, format!("{v:+.d$}"), "{v} {d}");
                assert_eq!(b, format!("{v:.d$}"), "{v} {d}");
            }
        }
    }

    #[test]
    fn push_sign_f64_is_format() {
        for x in [1.0, -1.0, 0.0, -0.0, 0.5, -2.25, f64::NAN, 1e300] {
            let mut s = String::new();
            push_sign_f64(&mut s, x);
            assert_eq!(s, format!("{x:+}"));
        }
    }

    #[test]
    fn push_u64_is_format() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut values = vec![0, 1, 9, 10, 99, 100, 999, 1000, u64::MAX];
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push(x >> (x % 64));
        }
        for v in values {
            let mut s = String::new();
            push_u64(&mut s, v);
            assert_eq!(s, v.to_string());
        }
    }

    #[test]
    fn fast_names_are_the_serde_names() {
        for v in [
            Voice::Body,
            Voice::Heading,
            Voice::Byline,
            Voice::Bio,
            Voice::Quote,
            Voice::Comment,
            Voice::Excluded,
        ] {
            assert_eq!(voice_name(v), serde_name(&v));
        }
        for e in [
            Effect::Caps,
            Effect::Booster,
            Effect::Dampener,
            Effect::Negation,
            Effect::NegationBarrier,
            Effect::Denial,
            Effect::Concession,
            Effect::Contrast,
            Effect::Hedge,
            Effect::Attribution,
            Effect::Quote,
            Effect::Relation,
        ] {
            assert_eq!(effect_name(e), serde_name(&e).replace('_', " "));
        }
    }
}
