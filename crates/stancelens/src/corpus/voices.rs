//! Building a source's voice spans: default voice, generic detectors, manifest marks.
//!
//! Precedence, lowest first: the default voice (body, or comment for comment sources),
//! quoted speech, repeated sentences (pull quotes), then the manifest's marks, which
//! always win. Excluded text keeps its bytes, reason and note; nothing is dropped.

use super::{ExclusionReason, Voice, VoiceOrigin, VoiceSpan};
use crate::hash::{keyed_word_hash, FxMap};
use crate::text::{self, TokenKind};
use crate::Span;
use std::hash::BuildHasher;

/// Shortest sentence (in words) the duplicate detector considers.
pub const DUPLICATE_MIN_WORDS: usize = 6;
/// Word 3-shingle Jaccard similarity at or above which two sentences count as copies.
pub const DUPLICATE_MIN_JACCARD: f64 = 0.8;
/// Shingles shared by more sentences than this are too common to find candidates with.
const MAX_POSTINGS: usize = 64;

/// Build voice spans covering `text`.
///
/// `quotes` are spans of quoted speech (from [`quote_spans`] or any other finder),
/// `marks` the manifest's voice marks. `first_line` is the line of the source's first
/// byte in its file, used in notes.
///
/// ```
/// use stancelens::corpus::{voices, Voice, ExclusionReason};
/// let t = "Baku and Jerusalem signed a new energy deal today.\n\nBaku and Jerusalem signed a new energy deal today.";
/// let v = voices::build(t, Voice::Body, &[], &[], 1);
/// assert_eq!(v.len(), 2);
/// assert_eq!(v[1].voice, Voice::Excluded);
/// assert_eq!(v[1].reason, Some(ExclusionReason::PullQuote));
/// ```
pub fn build(
    text: &str,
    default: Voice,
    quotes: &[Span],
    marks: &[VoiceSpan],
    first_line: u32,
) -> Vec<VoiceSpan> {
    build_keeping(text, default, quotes, marks, first_line, None)
}

/// [`build`], also keeping the sentences and tokens the duplicate detector found in
/// `keep` (see [`TextTokens`]).
pub(crate) fn build_keeping(
    text: &str,
    default: Voice,
    quotes: &[Span],
    marks: &[VoiceSpan],
    first_line: u32,
    keep: Option<&mut TextTokens>,
) -> Vec<VoiceSpan> {
    let mut table = vec![VoiceSpan {
        span: Span::new(0, text.len()),
        voice: default,
        reason: None,
        note: None,
        origin: VoiceOrigin::Default,
    }];
    // Each paint is a clipped span and its entry in `table`; a later paint wins.
    let mut paints: Vec<(Span, usize)> = Vec::new();
    let mut paint = |span: Span, what: VoiceSpan| {
        let end = span.end.min(text.len());
        if span.start < end {
            paints.push((Span::new(span.start, end), table.len()));
            table.push(what);
        }
    };
    let quote_label = VoiceSpan {
        span: Span::default(),
        voice: Voice::Quote,
        reason: None,
        note: None,
        origin: VoiceOrigin::Detector,
    };
    for q in quotes {
        paint(*q, quote_label.clone());
    }
    for d in duplicates_keeping(text, first_line, keep) {
        let span = d.span;
        paint(span, d);
    }
    for m in marks {
        paint(m.span, m.clone());
    }
    runs(text, &latest_paint(text.len(), &paints), &table)
}

/// The bytes `0..len` cut into maximal runs by the paint that covers them last:
/// `(start, end, table entry)`, entry 0 where no paint covers the bytes. A sweep over
/// the paints' ends, so the cost grows with the number of paints, not of bytes.
fn latest_paint(len: usize, paints: &[(Span, usize)]) -> Vec<(usize, usize, usize)> {
    // (position, is a start, entry): at one position every event applies before the
    // bytes after it are labelled.
    let mut events: Vec<(usize, bool, usize)> = Vec::with_capacity(paints.len() * 2);
    for &(span, entry) in paints {
        events.push((span.start, true, entry));
        events.push((span.end, false, entry));
    }
    events.sort_unstable();
    let mut active = std::collections::BTreeSet::new();
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    let push = |out: &mut Vec<(usize, usize, usize)>, start: usize, end: usize, entry: usize| {
        if start >= end {
            return;
        }
        match out.last_mut() {
            Some(last) if last.2 == entry && last.1 == start => last.1 = end,
            _ => out.push((start, end, entry)),
        }
    };
    let mut pos = 0usize;
    for &(at, is_start, entry) in &events {
        let at = at.min(len);
        push(&mut out, pos, at, active.last().copied().unwrap_or(0));
        pos = pos.max(at);
        if is_start {
            active.insert(entry);
        } else {
            active.remove(&entry);
        }
    }
    push(&mut out, pos, len, active.last().copied().unwrap_or(0));
    out
}

/// The runs of [`latest_paint`], trimmed of whitespace; whitespace-only runs vanish.
fn runs(text: &str, segments: &[(usize, usize, usize)], table: &[VoiceSpan]) -> Vec<VoiceSpan> {
    let mut out: Vec<VoiceSpan> = Vec::new();
    for &(start, end, label) in segments {
        let piece = text.get(start..end).unwrap_or("");
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let s = start + lead;
            let span = Span::new(s, s + trimmed.len());
            let proto = table.get(label).or(table.first());
            if let Some(p) = proto {
                // Adjacent runs of the same voice from the same decision merge again.
                let same = out.last().is_some_and(|last| {
                    last.voice == p.voice
                        && last.reason == p.reason
                        && last.note == p.note
                        && last.origin == p.origin
                        && text
                            .get(last.span.end..span.start)
                            .is_some_and(|gap| gap.trim().is_empty())
                });
                if same {
                    if let Some(last) = out.last_mut() {
                        last.span.end = span.end;
                    }
                } else {
                    out.push(VoiceSpan {
                        span,
                        voice: p.voice,
                        reason: p.reason,
                        note: p.note.clone(),
                        origin: p.origin,
                    });
                }
            }
        }
    }
    out
}

/// splitmix64's finaliser: every input bit moves about half the output bits.
#[inline]
fn avalanche(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// One 64-bit hash per word of `tokens` (words and numbers, lower-cased,
/// typographic variants folded: ’ → ', ‑ → -), seeded with `key`, appended to `out`:
/// the duplicate detector compares these instead of the words, without a string per
/// word. Two different words share a hash with probability about 2⁻⁶⁴; the per-call
/// random key keeps text from choosing collisions. `buf` holds a word that is not ASCII
/// while it is folded.
fn word_hashes(text: &str, tokens: &[text::Token], key: u64, buf: &mut String, out: &mut Vec<u64>) {
    for t in tokens {
        if !matches!(t.kind, TokenKind::Word | TokenKind::Number) {
            continue;
        }
        let word = t.span.slice(text);
        let h = if word.is_ascii() {
            // The common case: lower-cased as it is read, to the bytes folded below.
            keyed_word_hash(word.as_bytes(), true, key)
        } else {
            buf.clear();
            for c in word.chars() {
                let c = match c {
                    '’' | '‘' => '\'',
                    '‑' | '‐' | '–' => '-',
                    c => c,
                };
                buf.extend(c.to_lowercase());
            }
            keyed_word_hash(buf.as_bytes(), false, key)
        };
        out.push(h);
    }
}

/// The distinct word 3-shingles of a sentence, as sorted hashes, into `set`.
fn shingles(words: &[u64], set: &mut Vec<u64>) {
    set.clear();
    set.extend(
        words
            .windows(3)
            .map(|w| avalanche(w[0] ^ w[1].rotate_left(21) ^ w[2].rotate_left(42))),
    );
    set.sort_unstable();
    set.dedup();
}

/// Second and later copies of a sentence within `text`, as excluded pull quotes.
///
/// A sentence of at least [`DUPLICATE_MIN_WORDS`] words is a copy of an earlier one when
/// their normalised words are equal, or when their word 3-shingle sets have a Jaccard
/// similarity of at least [`DUPLICATE_MIN_JACCARD`]. Candidates come from an inverted
/// shingle index, so the cost grows with shared shingles, not with all sentence pairs.
/// The sentences around a copy that repeat, word for word, those around its original are
/// copies too, whatever their length (a repeated block).
/// Each copy's note points at the first copy (its line counted from `first_line`, and
/// its byte span in `text`).
///
/// ```
/// use stancelens::corpus::voices::duplicate_sentences;
/// let t = "Thus, the new alignment shows the many benefits of regional cooperation for all. \
///          Other text here follows.\n\nThe new alignment shows the many benefits of regional cooperation for all.";
/// let d = duplicate_sentences(t, 1);
/// assert_eq!(d.len(), 1);
/// assert!(d[0].span.slice(t).starts_with("The new alignment"));
/// assert!(d[0].note.as_deref().unwrap_or("").contains("line 1"));
/// ```
pub fn duplicate_sentences(text: &str, first_line: u32) -> Vec<VoiceSpan> {
    duplicates_keeping(text, first_line, None)
}

/// The sentences of a whole text and their tokens, as the duplicate detector found them:
/// the topic detection reuses the tokens of every sentence it scans that is one of these
/// (a voice boundary inside a sentence makes other sentences), instead of tokenizing it
/// again. Tokens depend only on the bytes of their sentence.
#[derive(Debug, Default)]
pub(crate) struct TextTokens {
    /// The length of the text they were found in.
    text_len: usize,
    /// The paragraphs of the text, in text order.
    paragraphs: Vec<Span>,
    /// The sentences, in text order.
    sentences: Vec<Span>,
    /// All their tokens; sentence i's are `tokens[bounds[i]..bounds[i + 1]]`.
    tokens: Vec<text::Token>,
    bounds: Vec<usize>,
}

impl TextTokens {
    /// Whether its vectors hold no memory (as taken, before any text).
    pub(crate) fn is_unallocated(&self) -> bool {
        self.tokens.capacity() == 0 && self.bounds.capacity() == 0
    }

    /// Whether these may be `text`'s (a guard: the reader pairs each source with its own).
    pub(crate) fn fits(&self, text: &str) -> bool {
        self.text_len == text.len()
    }

    /// The paragraphs of the whole text.
    pub(crate) fn paragraphs(&self) -> &[Span] {
        &self.paragraphs
    }

    /// How many sentences the whole text has.
    pub(crate) fn sentence_count(&self) -> usize {
        self.sentences.len()
    }

    /// The sentences of `text[span]` (`text` being the text these were found in), as
    /// segmenting that piece finds them, taken from the whole text's where they are the
    /// same (see [`text::sentences_of_piece`]).
    pub(crate) fn sentences_of_piece(&self, text: &str, span: Span, out: &mut Vec<Span>) {
        text::sentences_of_piece(text, span, &self.paragraphs, &self.sentences, out);
    }

    /// The tokens of `span` when it is one of the sentences.
    pub(crate) fn of(&self, span: Span) -> Option<&[text::Token]> {
        let i = self
            .sentences
            .binary_search_by_key(&span.start, |s| s.start)
            .ok()?;
        if self.sentences.get(i)?.end != span.end {
            return None;
        }
        self.tokens
            .get(*self.bounds.get(i)?..*self.bounds.get(i + 1)?)
    }
}

/// The duplicate detector's work vectors, kept by each thread from text to text.
#[derive(Default)]
struct DuplicateWork {
    /// Word hashes of all sentences.
    flat: Vec<u64>,
    /// Where each sentence's word hashes start.
    bounds: Vec<usize>,
    /// One sentence's tokens, when the caller does not keep them.
    own_tokens: Vec<text::Token>,
    /// A word folded to lower case, when it is not ASCII.
    word_buf: String,
}

impl crate::reuse::Held for DuplicateWork {
    fn bytes(&self) -> usize {
        self.flat.bytes() + self.bounds.bytes() + self.own_tokens.bytes() + self.word_buf.capacity()
    }
}

/// Past this, a text's work vectors are freed rather than kept: a very long text's would
/// hold their memory for the rest of the run.
const DUPLICATE_WORK_MAX_BYTES: usize = 4 << 20;

thread_local! {
    static DUPLICATE_WORK: std::cell::RefCell<DuplicateWork> = std::cell::RefCell::default();
}

/// [`duplicate_sentences`], keeping the text's sentences and tokens in `keep`.
fn duplicates_keeping(
    text: &str,
    first_line: u32,
    mut keep: Option<&mut TextTokens>,
) -> Vec<VoiceSpan> {
    let paragraphs = text::paragraphs(text);
    let sentences = text::sentences_of_paragraphs(text, &paragraphs);
    let key = std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64);
    // This thread's work vectors from its last text (their capacity kept), emptied here.
    let DuplicateWork {
        mut flat,
        mut bounds,
        mut own_tokens,
        mut word_buf,
    } = crate::reuse::take(&DUPLICATE_WORK);
    // Each sentence's word hashes, computed once into one array (the block extension
    // compares them too): sentence i's are `flat[bounds[i]..bounds[i + 1]]`.
    flat.clear();
    flat.reserve(text.len() / 6);
    bounds.clear();
    bounds.reserve(sentences.len() + 1);
    // The tokens of one sentence, or of all when they are kept (in the kept vectors, whose
    // capacity a reader may have given back).
    let keeping = keep.is_some();
    let mut token_bounds = Vec::new();
    let tokens = match keep.as_deref_mut() {
        Some(k) => {
            k.tokens.clear();
            k.tokens.reserve(text.len() / 5 + 16);
            // Where each sentence's tokens start.
            token_bounds = std::mem::take(&mut k.bounds);
            token_bounds.clear();
            token_bounds.reserve(sentences.len() + 1);
            &mut k.tokens
        }
        None => &mut own_tokens,
    };
    bounds.push(0);
    for span in &sentences {
        if keeping {
            token_bounds.push(tokens.len());
        } else {
            tokens.clear();
        }
        let t0 = tokens.len();
        text::tokenize_into(text, *span, tokens);
        word_hashes(
            text,
            tokens.get(t0..).unwrap_or(&[]),
            key,
            &mut word_buf,
            &mut flat,
        );
        bounds.push(flat.len());
    }
    if keeping {
        token_bounds.push(tokens.len());
    }
    let words: Vec<&[u64]> = bounds
        .windows(2)
        .map(|b| flat.get(b[0]..b[1]).unwrap_or(&[]))
        .collect();
    let mut copy_of = find_copies(&words);
    extend_repeated_blocks(&words, &mut copy_of);
    drop(words);
    own_tokens.clear();
    let work = DuplicateWork {
        flat,
        bounds,
        own_tokens,
        word_buf,
    };
    crate::reuse::keep(&DUPLICATE_WORK, work, DUPLICATE_WORK_MAX_BYTES);
    // Line starts, for notes: a binary search per copy instead of a scan from the top.
    let newlines: Vec<usize> = if copy_of.iter().any(Option::is_some) {
        memchr::memchr_iter(b'\n', text.as_bytes()).collect()
    } else {
        Vec::new() // no copy: no note to place
    };
    let mut out = Vec::new();
    for (si, orig) in copy_of.iter().enumerate() {
        let (Some(&span), Some(orig)) = (sentences.get(si), orig.and_then(|o| sentences.get(o)))
        else {
            continue;
        };
        let rel = newlines.partition_point(|&nl| nl < orig.start);
        let line = u32::try_from(rel)
            .unwrap_or(u32::MAX)
            .saturating_add(first_line);
        out.push(VoiceSpan {
            span,
            voice: Voice::Excluded,
            reason: Some(ExclusionReason::PullQuote),
            note: Some(format!(
                "repeats the sentence at line {line} (bytes {}..{}): {}",
                orig.start,
                orig.end,
                excerpt(orig.slice(text), 60)
            )),
            origin: VoiceOrigin::Detector,
        });
    }
    if let Some(k) = keep {
        k.text_len = text.len();
        k.paragraphs = paragraphs;
        k.sentences = sentences;
        k.bounds = token_bounds;
    }
    out
}

/// Up to this many shingles of kept sentences, a sentence that may be a near copy is
/// compared with each kept sentence in one pass instead of through the shingle index:
/// an article's worth (about 400 sentences). Past it the index keeps the cost linear.
const SCAN_MAX_SHINGLES: usize = 1 << 13;

/// A kept (first) sentence of [`find_copies`]: its index in `words` and its shingles,
/// sorted, at `kept_shingles[from..to]`.
struct Kept {
    at: usize,
    from: usize,
    to: usize,
}

/// The kept sentence most similar to a sentence of `set_len` shingles, given the shingles
/// each kept sentence shares with it (`(kept sentence, shared)`, any order), if any is
/// similar enough: the highest Jaccard similarity, the earliest sentence on a tie.
fn most_similar(
    set_len: usize,
    kept: &[Kept],
    shared: impl Iterator<Item = (usize, usize)>,
) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    for (j, inter) in shared {
        let size = kept.get(j).map_or(0, |k| k.to - k.from);
        let union = set_len + size - inter;
        let jac = if union == 0 {
            0.0
        } else {
            inter as f64 / union as f64
        };
        let better = match best {
            None => true,
            Some((bj, bi)) => jac > bj || (jac == bj && j < bi),
        };
        if jac >= DUPLICATE_MIN_JACCARD && better {
            best = Some((jac, j));
        }
    }
    best.map(|(_, j)| j)
}

/// The shingles of `set` (sorted) each kept sentence shares, into `shared` as (kept
/// sentence, count), by merging `set` with each kept sentence's sorted shingles. Like the
/// index, it leaves out shingles more than [`MAX_POSTINGS`] kept sentences have
/// (`df`: per shingle of `set`, how many kept sentences have it).
fn shared_by_scan(
    set: &[u64],
    kept: &[Kept],
    kept_shingles: &[u64],
    df: &mut Vec<u32>,
    shared: &mut Vec<(usize, usize)>,
) {
    df.clear();
    df.resize(set.len(), 0);
    // First (kept sentence, index in `set`) of every shingle in common, in kept order;
    // then, in place, (kept sentence, count) of those not too common.
    shared.clear();
    for (j, k) in kept.iter().enumerate() {
        let theirs = kept_shingles.get(k.from..k.to).unwrap_or(&[]);
        let (mut a, mut b) = (0usize, 0usize);
        while let (Some(x), Some(y)) = (set.get(a), theirs.get(b)) {
            match x.cmp(y) {
                std::cmp::Ordering::Less => a += 1,
                std::cmp::Ordering::Greater => b += 1,
                std::cmp::Ordering::Equal => {
                    if let Some(d) = df.get_mut(a) {
                        *d += 1;
                    }
                    shared.push((j, a));
                    a += 1;
                    b += 1;
                }
            }
        }
    }
    let mut counted = 0usize;
    for c in 0..shared.len() {
        let Some(&(j, a)) = shared.get(c) else { break };
        if df.get(a).is_some_and(|&d| d as usize > MAX_POSTINGS) {
            continue;
        }
        match counted.checked_sub(1).and_then(|l| shared.get_mut(l)) {
            Some((last, n)) if *last == j => *n += 1,
            _ => {
                if let Some(slot) = shared.get_mut(counted) {
                    *slot = (j, 1);
                }
                counted += 1;
            }
        }
    }
    shared.truncate(counted);
}

/// The search of [`duplicate_sentences`] over its sentences' word hashes: for each
/// sentence, the earlier sentence it copies (exactly, or by shingle similarity), if any.
fn find_copies(words: &[&[u64]]) -> Vec<Option<usize>> {
    find_copies_scanning(words, SCAN_MAX_SHINGLES)
}

/// [`find_copies`], comparing by scan while kept sentences have at most `scan_max`
/// shingles.
fn find_copies_scanning(words: &[&[u64]], scan_max: usize) -> Vec<Option<usize>> {
    let mut kept: Vec<Kept> = Vec::new();
    let total_words: usize = words.iter().map(|w| w.len()).sum();
    let mut kept_shingles: Vec<u64> = Vec::with_capacity(total_words);
    // Which shingles some kept sentence has, as one bit per hash bucket (about eight
    // buckets per shingle): a sentence most of whose shingles no kept sentence has can be
    // no copy, and is let through without touching the index below. Most are.
    let buckets = total_words.saturating_mul(8).next_power_of_two().max(64);
    let mut seen = vec![0u64; buckets / 64];
    let bucket = |s: u64| (s as usize) & (buckets - 1);
    // The index proper, built only when a sentence passes that test (for all kept
    // sentences up to it), so most texts never build it: exact word sequences
    // (`exact_indexed` kept sentences so far), and, only when a sentence passes the test
    // and is no exact copy, the inverted index shingle -> (number of kept sentences with
    // it, head of its list in `links`) (`shingles_indexed` so far); `links` holds (kept
    // sentence, next link), newest first. One array for all lists instead of a vector
    // per shingle. Most sentences that pass the test are exact copies (a pull quote, a
    // repeated block), and never need the shingle index.
    let mut exact_indexed = 0usize;
    let mut shingles_indexed = 0usize;
    let mut exact: FxMap<&[u64], usize> = FxMap::default();
    let mut postings: FxMap<u64, (u32, u32)> = FxMap::default();
    let mut links: Vec<(u32, u32)> = Vec::new();
    // Shared shingles per kept sentence, and which kept sentences have a count.
    let mut counts: Vec<u32> = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    // The scan's counts (see `shared_by_scan`).
    let mut df: Vec<u32> = Vec::new();
    let mut shared: Vec<(usize, usize)> = Vec::new();
    let mut set = Vec::new();
    // copy_of[i]: the sentence (index into `sentences`) that sentence i repeats.
    let mut copy_of: Vec<Option<usize>> = vec![None; words.len()];
    for (si, &own) in words.iter().enumerate() {
        if own.len() < DUPLICATE_MIN_WORDS {
            continue;
        }
        shingles(own, &mut set);
        let present = set
            .iter()
            .filter(|&&s| {
                let b = bucket(s);
                seen[b / 64] >> (b % 64) & 1 == 1
            })
            .count();
        // A copy shares at least DUPLICATE_MIN_JACCARD of its shingles with its original
        // (the shared count is at most `present`, the union at least `set.len()`); the
        // test below keeps a margin under that for rounding.
        let could_be_copy = present * 10 >= set.len() * 7;
        let mut first = None;
        if could_be_copy {
            if exact_indexed == 0 && !kept.is_empty() {
                exact.reserve(words.len());
            }
            for (k, kept_k) in kept.iter().enumerate().skip(exact_indexed) {
                exact.insert(words.get(kept_k.at).copied().unwrap_or(&[]), k);
            }
            exact_indexed = kept.len();
            first = exact.get(own).copied();
        }
        if first.is_none() && could_be_copy {
            if shingles_indexed == 0 && kept_shingles.len() <= scan_max {
                // Few kept shingles (most texts): one pass over them in order costs less
                // than building the index, whose writes land all over a table.
                shared_by_scan(&set, &kept, &kept_shingles, &mut df, &mut shared);
                first = most_similar(set.len(), &kept, shared.iter().copied());
            } else {
                if shingles_indexed == 0 && !kept.is_empty() {
                    postings.reserve(total_words);
                    links.reserve(total_words);
                }
                for (k, kept_k) in kept.iter().enumerate().skip(shingles_indexed) {
                    // Fewer than u32::MAX sentences: a sentence has at least one byte.
                    let k32 = u32::try_from(k).unwrap_or(u32::MAX);
                    for s in kept_shingles.get(kept_k.from..kept_k.to).unwrap_or(&[]) {
                        let link = u32::try_from(links.len()).unwrap_or(u32::MAX);
                        let entry = postings.entry(*s).or_insert((0, u32::MAX));
                        links.push((k32, entry.1));
                        *entry = (entry.0 + 1, link);
                    }
                    counts.push(0);
                }
                shingles_indexed = kept.len();
                for s in &set {
                    let Some(&(len, head)) = postings.get(s) else {
                        continue;
                    };
                    if len as usize > MAX_POSTINGS {
                        continue;
                    }
                    let mut at = head;
                    while let Some(&(j, next)) = links.get(at as usize) {
                        if let Some(c) = counts.get_mut(j as usize) {
                            if *c == 0 {
                                touched.push(j);
                            }
                            *c += 1;
                        }
                        at = next;
                    }
                }
                let counted = touched.iter().map(|&j| {
                    let j = j as usize;
                    (j, counts.get(j).map_or(0, |&c| c as usize))
                });
                first = most_similar(set.len(), &kept, counted);
                for &j in &touched {
                    if let Some(c) = counts.get_mut(j as usize) {
                        *c = 0;
                    }
                }
                touched.clear();
            }
        }
        match first {
            Some(j) => copy_of[si] = kept.get(j).map(|k| k.at),
            None => {
                let from = kept_shingles.len();
                kept_shingles.extend_from_slice(&set);
                for &s in &set {
                    seen[bucket(s) / 64] |= 1 << (bucket(s) % 64);
                }
                kept.push(Kept {
                    at: si,
                    from,
                    to: kept_shingles.len(),
                });
            }
        }
    }
    copy_of
}

/// A copied sentence usually comes with its neighbours: a repeated block of text
/// (a page printed twice, a paragraph pasted again). Sentences next to a copy that equal,
/// word for word, the sentences next to its original are copies too, however short:
/// otherwise a repeated block would count its short sentences twice and its long ones
/// once, and shift the source's score. Each sentence is marked at most once, so this is
/// linear in the number of sentences.
fn extend_repeated_blocks(words: &[&[u64]], copy_of: &mut [Option<usize>]) {
    /// Earlier occurrences tried as the start of the block a copy repeats.
    const CANDIDATES: usize = 8;
    let same = |a: usize, b: usize| {
        let (Some(x), Some(y)) = (words.get(a), words.get(b)) else {
            return false;
        };
        x == y
    };
    let seeds: Vec<(usize, usize)> = copy_of
        .iter()
        .enumerate()
        .filter_map(|(c, o)| o.map(|o| (c, o)))
        .collect();
    // Every occurrence of each original sentence, in text order (the original first).
    let mut occurrences: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    for &(c, o) in &seeds {
        occurrences.entry(o).or_insert_with(|| vec![o]).push(c);
    }
    for (c, o) in seeds {
        // A sentence repeated inside the block itself ("S S R" printed twice) has several
        // earlier occurrences; the block's copy lines up with the one whose neighbours match
        // (for the second "S S R", the second S, not the first). The latest few are tried.
        let earlier = occurrences.get(&o).map_or(&[][..], |v| v.as_slice());
        let p = earlier
            .iter()
            .rev()
            .filter(|&&p| p < c)
            .take(CANDIDATES)
            .copied()
            .find(|&p| same(c + 1, p + 1) || (p >= 1 && c - 1 > p && same(c - 1, p - 1)))
            .unwrap_or(o);
        // The original a copy points to: an earlier copy's own original.
        let root = |copy_of: &[Option<usize>], i: usize| copy_of[i].unwrap_or(i);
        // Backwards: c-k repeats p-k, staying after it.
        let mut k = 1;
        while k <= p && c - k > p && copy_of[c - k].is_none() && same(c - k, p - k) {
            copy_of[c - k] = Some(root(copy_of, p - k));
            k += 1;
        }
        // Forwards: c+k repeats p+k.
        let mut k = 1;
        while c + k < words.len() && copy_of[c + k].is_none() && same(c + k, p + k) {
            copy_of[c + k] = Some(root(copy_of, p + k));
            k += 1;
        }
    }
}

/// Quoted speech: the quotations [`text::quotations`] finds, less scare quotes.
///
/// A scare quote (one to four words with no closing punctuation, such as “true religion”)
/// is the author's own framing, so it stays in the author's voice; longer quotations and
/// quoted sentences are someone else's speech.
///
/// ```
/// use stancelens::corpus::voices::quote_spans;
/// let t = "He said “we will not accept this deal at all” and left. A “scare quote” here.";
/// let q = quote_spans(t);
/// assert_eq!(q.len(), 1);
/// assert_eq!(q[0].slice(t), "“we will not accept this deal at all”");
/// ```
pub fn quote_spans(text: &str) -> Vec<Span> {
    text::quotations(text)
        .into_iter()
        .filter(|q| !q.is_scare_quote())
        .map(|q| q.span)
        .collect()
}

/// The first `max` characters of `s` on one line, with an ellipsis if cut.
///
/// ```
/// use stancelens::corpus::voices::excerpt;
/// assert_eq!(excerpt("Baku  and\nJerusalem", 40), "“Baku and Jerusalem”");
/// assert_eq!(excerpt("Baku and Jerusalem", 9), "“Baku and…”");
/// ```
pub fn excerpt(s: &str, max: usize) -> String {
    // One pass: whitespace runs become one space, and the walk stops at the first
    // character past `max` (notes quote long sentences; only the head is shown).
    let mut out = String::with_capacity(max.min(s.len()) + 8);
    out.push('“');
    let mut shown = 0usize;
    let mut cut = false;
    'words: for (k, word) in s.split_whitespace().enumerate() {
        for c in (k > 0).then_some(' ').into_iter().chain(word.chars()) {
            if shown == max {
                cut = true;
                break 'words;
            }
            out.push(c);
            shown += 1;
        }
    }
    if cut {
        // Words hold no whitespace: only a separating space can end the cut.
        if out.ends_with(' ') {
            out.pop();
        }
        out.push('…');
    }
    out.push('”');
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    /// `excerpt` as first written: join the words, count, cut, trim.
    fn excerpt_reference(s: &str, max: usize) -> String {
        let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if flat.chars().count() <= max {
            return format!("“{flat}”");
        }
        let cut: String = flat.chars().take(max).collect();
        format!("“{}…”", cut.trim_end())
    }

    /// The words of `text` as the duplicate detector reads them, folded by hand.
    fn folded_words(text: &str) -> Vec<String> {
        text::tokenize(text)
            .iter()
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
            .map(|t| {
                t.span
                    .slice(text)
                    .chars()
                    .map(|c| match c {
                        '’' | '‘' => '\'',
                        '‑' | '‐' | '–' => '-',
                        c => c,
                    })
                    .flat_map(char::to_lowercase)
                    .collect()
            })
            .collect()
    }

    proptest! {
        /// Two words get one hash exactly when they fold alike (case, curly apostrophes,
        /// dashes), whether ASCII or not, short or past 16 bytes.
        #[test]
        fn word_hashes_equal_exactly_when_words_fold_alike(
            text in "([aAbBéÉ’'‑-]{1,3}|[a-zA-Z]{14,40}|don[’']t|Naïve|naïve|x) ([aAbBéÉ’'‑-]{1,3}|[a-zA-Z]{14,40}|don[’']t|Naïve|naïve|x)",
            key in any::<u64>(),
        ) {
            let tokens = text::tokenize(&text);
            let (mut buf, mut hashes) = (String::new(), Vec::new());
            word_hashes(&text, &tokens, key, &mut buf, &mut hashes);
            let words = folded_words(&text);
            prop_assert_eq!(hashes.len(), words.len());
            for i in 0..words.len() {
                for j in 0..words.len() {
                    prop_assert_eq!(hashes[i] == hashes[j], words[i] == words[j], "{:?} {:?}", words[i], words[j]);
                }
            }
        }

        #[test]
        fn excerpt_equals_the_reference(
            s in "[a-z \t\n\u{a0}\u{2003}é’“]{0,40}",
            max in 0usize..30,
        ) {
            prop_assert_eq!(excerpt(&s, max), excerpt_reference(&s, max));
        }
    }

    /// What `find_copies` does, pair by pair: each sentence of enough words against every
    /// kept one, a shingle counting only while at most `MAX_POSTINGS` kept sentences have it.
    fn copies_pairwise(words: &[&[u64]]) -> Vec<Option<usize>> {
        let mut kept: Vec<(usize, Vec<u64>)> = Vec::new();
        let mut copy_of = vec![None; words.len()];
        let mut set = Vec::new();
        for (si, own) in words.iter().enumerate() {
            if own.len() < DUPLICATE_MIN_WORDS {
                continue;
            }
            shingles(own, &mut set);
            let mut first = kept.iter().position(|(at, _)| words[*at] == *own);
            if first.is_none() {
                let common = |s: &u64| {
                    kept.iter()
                        .filter(|(_, k)| k.binary_search(s).is_ok())
                        .count()
                        > MAX_POSTINGS
                };
                let mut best: Option<(f64, usize)> = None;
                for (j, (_, k)) in kept.iter().enumerate() {
                    let inter = set
                        .iter()
                        .filter(|s| !common(s) && k.binary_search(s).is_ok())
                        .count();
                    let jac = inter as f64 / (set.len() + k.len() - inter) as f64;
                    if jac >= DUPLICATE_MIN_JACCARD && best.map_or(true, |(b, _)| jac > b) {
                        best = Some((jac, j));
                    }
                }
                first = best.map(|(_, j)| j);
            }
            match first {
                Some(j) => copy_of[si] = Some(kept[j].0),
                None => kept.push((si, set.clone())),
            }
        }
        copy_of
    }

    proptest! {
        /// The indexed search (bit filter, index built late) and the scan find the copies
        /// the pairwise definition finds. Few distinct words make many near copies and shingles common
        /// to more than `MAX_POSTINGS` sentences.
        #[test]
        fn find_copies_equals_pairwise(
            distinct in 2u64..12,
            raw in prop::collection::vec(prop::collection::vec(0u64..1000, 0..16), 0..200),
        ) {
            let sentences: Vec<Vec<u64>> = raw
                .iter()
                .map(|s| s.iter().map(|w| w % distinct).collect())
                .collect();
            let words: Vec<&[u64]> = sentences.iter().map(Vec::as_slice).collect();
            let want = copies_pairwise(&words);
            // By index only, by scan only, and switching from scan to index part way.
            for scan_max in [0, 40, usize::MAX] {
                prop_assert_eq!(&find_copies_scanning(&words, scan_max), &want, "{}", scan_max);
            }
        }
    }

    /// When more than `MAX_POSTINGS` kept sentences share a shingle, it stops counting:
    /// a sentence that is a copy of the first of them but for one added word (11 of its
    /// 12 shingles shared) is a copy while few sentences share "1 2 3", and is not once
    /// the shared shingle is common (10 of 13).
    #[test]
    fn common_shingles_stop_counting() {
        for (group, is_copy) in [(10u64, true), (MAX_POSTINGS as u64 + 1, false)] {
            let mut sentences: Vec<Vec<u64>> = (0..group)
                .map(|i| {
                    [1, 2, 3]
                        .into_iter()
                        .chain(1000 + 20 * i..1010 + 20 * i)
                        .collect()
                })
                .collect();
            let mut copy = sentences[0].clone();
            copy.push(7);
            sentences.push(copy);
            let words: Vec<&[u64]> = sentences.iter().map(Vec::as_slice).collect();
            for scan_max in [0, usize::MAX] {
                let copies = find_copies_scanning(&words, scan_max);
                assert_eq!(copies, copies_pairwise(&words));
                assert_eq!(
                    copies.last(),
                    Some(&is_copy.then_some(0)),
                    "group of {group}, scan up to {scan_max}"
                );
            }
        }
    }

    /// The definition `latest_paint` implements: a label per byte, painted in order.
    fn paint_bytes(len: usize, paints: &[(Span, usize)]) -> Vec<(usize, usize, usize)> {
        let mut labels = vec![0usize; len];
        for &(span, entry) in paints {
            for l in labels.iter_mut().take(span.end).skip(span.start) {
                *l = entry;
            }
        }
        let mut out: Vec<(usize, usize, usize)> = Vec::new();
        for (i, &l) in labels.iter().enumerate() {
            match out.last_mut() {
                Some(last) if last.2 == l => last.1 = i + 1,
                _ => out.push((i, i + 1, l)),
            }
        }
        out
    }

    proptest! {
        #[test]
        fn latest_paint_equals_painting_byte_by_byte(
            len in 0usize..60,
            spans in prop::collection::vec((0usize..70, 0usize..70), 0..12),
        ) {
            // Clipped and non-empty, as `build` passes them; entries in paint order.
            let paints: Vec<(Span, usize)> = spans
                .iter()
                .filter_map(|&(a, b)| {
                    let end = b.min(len);
                    (a < end).then_some(Span::new(a, end))
                })
                .enumerate()
                .map(|(i, s)| (s, i + 1))
                .collect();
            prop_assert_eq!(latest_paint(len, &paints), paint_bytes(len, &paints));
        }
    }

    #[test]
    fn manifest_marks_override_detectors() {
        let t = "A “quoted sentence with many words in it” here.";
        let q = quote_spans(t);
        assert_eq!(q.len(), 1);
        let mark = VoiceSpan {
            span: Span::new(0, t.len()),
            voice: Voice::Heading,
            reason: None,
            note: None,
            origin: VoiceOrigin::Manifest,
        };
        let v = build(t, Voice::Body, &q, &[mark], 1);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].voice, Voice::Heading);
    }

    #[test]
    fn short_sentences_are_not_duplicates() {
        let t = "Read more here.\n\nRead more here.";
        assert!(duplicate_sentences(t, 1).is_empty());
    }

    #[test]
    fn third_copy_points_at_first() {
        let t = "One two three four five six seven.\n\nOne two three four five six seven.\n\nOne two three four five six seven.";
        let d = duplicate_sentences(t, 10);
        assert_eq!(d.len(), 2);
        assert!(d[1]
            .note
            .as_deref()
            .unwrap()
            .contains("line 10 (bytes 0..34)"));
    }

    /// Regression (invariants property test): a text printed twice lost only its long
    /// sentences to the detector, so its short ones counted twice and the score moved.
    #[test]
    fn a_repeated_block_is_excluded_whole() {
        let block =
            "Israel threatens reckless and corrupt. “Israel is a loyal friend.” an official said.";
        let t = format!("{block}\n\n{block}");
        let d = duplicate_sentences(&t, 1);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().all(|v| v.span.start > block.len()));
        assert_eq!(
            d[0].span.slice(&t),
            "Israel threatens reckless and corrupt."
        );
    }

    #[test]
    fn short_neighbours_that_differ_stay() {
        let long = "One two three four five six seven.";
        let t = format!("Short one. {long}\n\nShort two. {long} Short one.");
        let d = duplicate_sentences(&t, 1);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].span.slice(&t), long);
    }

    #[test]
    fn unbalanced_open_quote_restarts() {
        let t =
            "“ancestral land and so on. The “south Azerbaijan” claim is not a quote of five words.";
        assert!(quote_spans(t).is_empty());
    }
}
