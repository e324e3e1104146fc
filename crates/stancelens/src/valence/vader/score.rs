//! The scoring core, generic over a [`Sink`] so that the explained path runs the very same code
//! as the fast path (whose sink does nothing and compiles away).

use super::lexicon::{
    prefix8, tables, Phrase, Tables, WordInfo, AT_VERY, BOOSTER, BUT, C_INCR, DOUBT, IN_LEX, KIND,
    LEAST, NEGATED, NEVER, NO, N_SCALAR, OF, OR_NOR, SO_THIS, WITHOUT,
};
use super::pystr::{
    is_py_space, is_py_space_ascii, py_isupper, py_lower_into, py_strip, strip_punc_if_word,
};
use super::round::py_round;
use super::{Rule, VaderScores};

/// One token of `words_and_emoticons` with everything the rules ask about it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Tok {
    /// Byte range in the processed (emoji-replaced, stripped) text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) info: WordInfo,
    pub(crate) upper: bool,
}

impl Tok {
    #[inline]
    fn has(&self, f: u32) -> bool {
        self.info.flags & f != 0
    }
}

/// Receives what the rules do. The fast path uses `()`.
pub(crate) trait Sink {
    const ACTIVE: bool;
    fn processed(&mut self, _text: &str, _offset: usize, _toks: &[Tok]) {}
    fn rule(&mut self, _token: usize, _rule: Rule, _before: f64, _after: f64) {}
    fn finish(&mut self, _sentiments: &[f64], _n: &Normalisation) {}
}

impl Sink for () {
    const ACTIVE: bool = false;
}

/// Intermediate values of `score_valence`, in computation order.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Normalisation {
    pub(crate) sum: f64,
    pub(crate) exclamations: usize,
    pub(crate) questions: usize,
    pub(crate) amplifier: f64,
    pub(crate) amplified_sum: f64,
    pub(crate) compound: f64,
    pub(crate) pos_sum: f64,
    pub(crate) neg_sum: f64,
    pub(crate) neu_count: usize,
    pub(crate) pos_sum_amplified: f64,
    pub(crate) neg_sum_amplified: f64,
    pub(crate) total: f64,
    pub(crate) pos: f64,
    pub(crate) neg: f64,
    pub(crate) neu: f64,
}

/// Reusable buffers.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    processed: String,
    lower: String,
    toks: Vec<Tok>,
    sentiments: Vec<f64>,
}

/// Whether `c` may be a key of the emoji lexicon (all keys are >= U+00A9; most >= U+203C).
#[inline]
pub(crate) fn maybe_emoji(c: char) -> bool {
    c >= '\u{203c}' || c == '\u{a9}' || c == '\u{ae}'
}

/// Replace emoji by their descriptions exactly like `polarity_scores`' first loop.
fn replace_emoji(t: &Tables, text: &str, out: &mut String) {
    out.clear();
    let mut prev_space = true;
    for c in text.chars() {
        if maybe_emoji(c) {
            if let Some(desc) = t.emoji.get(&c) {
                if !prev_space {
                    out.push(' ');
                }
                out.push_str(desc);
                prev_space = false;
                continue;
            }
        }
        out.push(c);
        prev_space = c == ' ';
    }
}

/// Byte classes: 1 = ASCII whitespace (Python), 2 = lead byte of a character that may be
/// whitespace (U+0085, U+00A0, U+1680, U+2000.., U+3000) or an emoji key (all >= U+00A9),
/// 0 = anything else.
const CLASS: [u8; 256] = {
    let mut c = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        if is_py_space_ascii(i as u8) {
            c[i] = 1;
        }
        i += 1;
    }
    c[0xC2] = 2;
    let mut j = 0xE1;
    while j <= 0xF4 {
        c[j] = 2;
        j += 1;
    }
    c
};

/// What the character at a class-2 byte is.
enum Wide {
    Space(usize),
    Emoji,
    Other,
}

#[inline]
fn wide(t: &Tables, text: &str, i: usize, check_emoji: bool) -> Wide {
    match text.get(i..).and_then(|s| s.chars().next()) {
        Some(ch) if is_py_space(ch) => Wide::Space(ch.len_utf8()),
        Some(ch) if check_emoji && maybe_emoji(ch) && t.emoji.contains_key(&ch) => Wide::Emoji,
        _ => Wide::Other,
    }
}

/// Counts of '!' and '?' in the text (for `_punctuation_emphasis`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Marks {
    pub(crate) exclamations: usize,
    pub(crate) questions: usize,
    /// Number of ALL CAPS tokens.
    pub(crate) all_caps: usize,
    /// Index of the first "but".
    pub(crate) but: Option<usize>,
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Lowercase an ASCII word (at most 64 bytes) eight bytes at a time (SWAR). Returns the first
/// eight lowered bytes as a little-endian u64 (zero-padded), whether the word is ALL CAPS
/// (Python `isupper`) and whether it holds an apostrophe. Words longer than 8 bytes are also
/// written, lowered, to `buf`.
#[inline]
fn ascii_fold(b: &[u8], at: usize, len: usize, buf: &mut [u8; 64]) -> (u64, bool, bool) {
    let mut prefix = 0;
    let (mut up_any, mut lo_any, mut apos) = (0u64, 0u64, 0u64);
    let long = len > 8;
    let mut k = 0;
    while k < len.min(64) {
        let n = (len - k).min(8);
        // Read 8 bytes at once (the text usually continues) and mask to the word.
        let x = match b.get(at + k..at + k + 8).and_then(|s| s.first_chunk::<8>()) {
            Some(a) => u64::from_le_bytes(*a) & low_bytes_mask(n),
            None => prefix8(b.get(at + k..at + k + n).unwrap_or(&[])),
        };
        // Bytes are < 0x80, so these per-byte additions never carry into the next byte.
        let up = x.wrapping_add(0x3F * LO) & !x.wrapping_add(0x25 * LO) & HI; // 'A'..='Z'
        let lo = x.wrapping_add(0x1F * LO) & !x.wrapping_add(0x05 * LO) & HI; // 'a'..='z'
        let e = x ^ (0x27 * LO); // zero byte where x == '\''
        apos |= e.wrapping_sub(LO) & !e & HI & low_bytes_mask(n);
        up_any |= up;
        lo_any |= lo;
        let lowered = x | (up >> 2);
        if k == 0 {
            prefix = lowered;
        }
        if long {
            // A fixed 8-byte store (k <= 56): the bytes past the word are zero and never read.
            if let Some(dst) = buf.get_mut(k..k + 8) {
                dst.copy_from_slice(&lowered.to_le_bytes());
            }
        }
        k += 8;
    }
    (prefix, up_any != 0 && lo_any == 0, apos != 0)
}

/// Mask of the low `n` bytes (n in 1..=8).
#[inline]
fn low_bytes_mask(n: usize) -> u64 {
    // Branch-free: n in 1..=8 shifts by 0..=56.
    u64::MAX >> (64 - 8 * n.clamp(1, 8))
}

/// End of the token starting at `i` in any text, and whether it is all ASCII; `None` if an
/// emoji key is met (with `check_emoji`). Eight bytes at a time: candidates are bytes < 0x21
/// and bytes >= 0x80, confirmed with `CLASS` / [`wide`].
#[inline]
fn token_end(t: &Tables, text: &str, mut i: usize, check_emoji: bool) -> Option<(usize, bool)> {
    let b = text.as_bytes();
    let mut ascii = true;
    while let Some(a) = b.get(i..i + 8).and_then(|s| s.first_chunk::<8>()) {
        let x = u64::from_le_bytes(*a);
        let high = x & HI;
        let low = !((x & !HI).wrapping_add(0x5F * LO)) & HI & !high; // ASCII bytes < 0x21
        let mut cand = low | high;
        while cand != 0 {
            let k = (cand.trailing_zeros() / 8) as usize;
            match CLASS[usize::from(b[i + k])] {
                1 => return Some((i + k, ascii)),
                2 => match wide(t, text, i + k, check_emoji) {
                    Wide::Space(_) => return Some((i + k, ascii)),
                    Wide::Emoji => return None,
                    Wide::Other => ascii = false,
                },
                _ => ascii &= b[i + k] < 0x80,
            }
            cand &= cand - 1;
        }
        i += 8;
    }
    while i < b.len() {
        let c = b[i];
        match CLASS[usize::from(c)] {
            0 => ascii &= c < 0x80,
            1 => break,
            _ => match wide(t, text, i, check_emoji) {
                Wide::Space(_) => break,
                Wide::Emoji => return None,
                Wide::Other => ascii = false,
            },
        }
        i += 1;
    }
    Some((i, ascii))
}

/// Index of the first byte at or after `i` that is ASCII whitespace (or `b.len()`), for ASCII
/// text: eight bytes at a time, candidates (< 0x21) confirmed with `CLASS`.
#[inline]
fn ascii_token_end(b: &[u8], mut i: usize) -> usize {
    while let Some(a) = b.get(i..i + 8).and_then(|s| s.first_chunk::<8>()) {
        let x = u64::from_le_bytes(*a);
        let mut cand = !x.wrapping_add(0x5F * LO) & HI; // bytes < 0x21
        while cand != 0 {
            let k = (cand.trailing_zeros() / 8) as usize;
            if CLASS[usize::from(b[i + k])] == 1 {
                return i + k;
            }
            cand &= cand - 1;
        }
        i += 8;
    }
    while i < b.len() && CLASS[usize::from(b[i])] != 1 {
        i += 1;
    }
    i
}

/// Whether the word contains "n't" in any case (`"n't" in word.lower()`, ASCII part).
#[inline]
fn has_nt(word: &[u8]) -> bool {
    word.windows(3)
        .any(|w| (w[0] | 0x20) == b'n' && w[1] == b'\'' && (w[2] | 0x20) == b't')
}

/// Split on Python whitespace, apply `_strip_punc_if_word`, look each word up once; counts the
/// '!' and '?' on the way (they only occur inside tokens). With `check_emoji`, returns `None`
/// as soon as an emoji key is met (the text must then be emoji-replaced first).
fn tokenize(
    t: &Tables,
    text: &str,
    check_emoji: bool,
    lower: &mut String,
    toks: &mut Vec<Tok>,
) -> Option<Marks> {
    toks.clear();
    let b = text.as_bytes();
    // '!' and '?' are never whitespace, so counting them over the whole text is the same as
    // Python's `text.count`; this loop vectorises.
    let (ep, qm) = b.iter().fold((0usize, 0usize), |(e, q), &c| {
        (e + usize::from(c == b'!'), q + usize::from(c == b'?'))
    });
    let mut marks = Marks {
        exclamations: ep,
        questions: qm,
        all_caps: 0,
        but: None,
    };
    let line_ascii = text.is_ascii();
    let n = b.len();
    let mut i = 0;
    let mut buf = [0u8; 64];
    'outer: loop {
        // Skip whitespace.
        loop {
            if i >= n {
                break 'outer;
            }
            match CLASS[usize::from(b[i])] {
                0 => break,
                1 => i += 1,
                _ => match wide(t, text, i, check_emoji) {
                    Wide::Space(w) => i += w,
                    Wide::Emoji => return None,
                    Wide::Other => break,
                },
            }
        }
        let start = i;
        let ascii;
        if line_ascii {
            i = ascii_token_end(b, i);
            ascii = true;
        } else {
            let (end, all_ascii) = token_end(t, text, i, check_emoji)?;
            i = end;
            ascii = all_ascii;
        }
        let raw = &text[start..i];
        let (a, z) = strip_punc_if_word(raw);
        let word = &raw[a..z];
        let upper;
        let mut info = WordInfo::default();
        if ascii {
            let wb = word.as_bytes();
            let apostrophe;
            if wb.len() <= t.max_key_len.min(64) {
                let (prefix, up, ap) = ascii_fold(b, start + a, wb.len(), &mut buf);
                upper = up;
                apostrophe = ap;
                let lw = if wb.len() > 8 { &buf[..wb.len()] } else { wb };
                if let Some(x) = t.words.get_with_prefix(lw, prefix) {
                    info = *x;
                }
            } else {
                upper = py_isupper(word);
                apostrophe = wb.contains(&b'\'');
            }
            if apostrophe && info.flags & NEGATED == 0 && has_nt(wb) {
                info.flags |= NEGATED;
            }
        } else {
            upper = py_isupper(word);
            // Lowercasing a non-ASCII character yields non-ASCII text except for U+212A KELVIN
            // SIGN, and no reachable key is non-ASCII: skip the lookup unless it can match.
            if t.non_ascii_keys_reachable || word.contains('\u{212a}') {
                lower.clear();
                py_lower_into(word, lower);
                if let Some(x) = t.words.get(lower.as_bytes()) {
                    info = *x;
                }
            }
            // "n't" in word.lower(): only ASCII letters can form it.
            if info.flags & NEGATED == 0 && has_nt(word.as_bytes()) {
                info.flags |= NEGATED;
            }
        }
        marks.all_caps += usize::from(upper);
        if info.flags & BUT != 0 && marks.but.is_none() {
            marks.but = Some(toks.len());
        }
        toks.push(Tok {
            start: start + a,
            end: start + z,
            info,
            upper,
        });
    }
    Some(marks)
}

/// `allcap_differential`.
fn cap_differential(n: usize, caps: usize) -> bool {
    let diff = n - caps;
    0 < diff && diff < n
}

/// `scalar_inc_dec`.
#[inline]
fn scalar_inc_dec(w: &Tok, valence: f64, cap_diff: bool) -> f64 {
    let mut scalar = 0.0;
    if w.has(BOOSTER) {
        scalar = w.info.boost();
        if valence < 0.0 {
            scalar *= -1.0;
        }
        if w.upper && cap_diff {
            if valence > 0.0 {
                scalar += C_INCR;
            } else {
                scalar -= C_INCR;
            }
        }
    }
    scalar
}

#[inline]
fn phrase_at(p: &Phrase, toks: &[Tok], idx: &[usize]) -> bool {
    usize::from(p.len) == idx.len()
        && idx
            .iter()
            .zip(p.ids.iter())
            .all(|(&k, &id)| toks[k].info.phrase_id == id)
}

/// The score of the text. `S` observes the rules; with `()` everything extra compiles away.
pub(crate) fn score<S: Sink>(scratch: &mut Scratch, text: &str, sink: &mut S) -> VaderScores {
    let t = tables();
    let full_text = text;
    let Scratch {
        processed,
        lower,
        toks,
        sentiments,
    } = scratch;
    // Text without emoji (e.g. any ASCII text: the emoji lexicon has no ASCII key) is used as
    // is; the tokenizer reports an emoji key when it meets one, then we replace and start over.
    let (mut offset, mut text) = py_strip(text);
    let marks = match tokenize(t, text, true, lower, toks) {
        Some(m) => m,
        None => {
            replace_emoji(t, full_text, processed);
            (offset, text) = py_strip(processed.as_str());
            tokenize(t, text, false, lower, toks).unwrap_or_default()
        }
    };
    if S::ACTIVE {
        sink.processed(text, offset, toks);
    }
    let toks: &[Tok] = toks;
    let n = toks.len();
    let cap_diff = cap_differential(n, marks.all_caps);
    sentiments.clear();
    for i in 0..n {
        let item = &toks[i];
        if item.has(BOOSTER) {
            if S::ACTIVE {
                sink.rule(i, Rule::BoosterWordItself, 0.0, 0.0);
            }
            sentiments.push(0.0);
            continue;
        }
        if i + 1 < n && item.has(KIND) && toks[i + 1].has(OF) {
            if S::ACTIVE {
                sink.rule(i, Rule::KindOf, 0.0, 0.0);
            }
            sentiments.push(0.0);
            continue;
        }
        if !item.has(IN_LEX) {
            sentiments.push(0.0);
            continue;
        }
        sentiments.push(valence_of(toks, i, cap_diff, t, sink));
    }
    but_check(marks.but, sentiments, sink);
    let s = score_valence(sentiments, marks);
    if S::ACTIVE {
        sink.finish(sentiments, &s.1);
    }
    s.0
}

/// `sentiment_valence` for token `i` (not a booster, not "kind" before "of").
#[inline]
fn valence_of<S: Sink>(toks: &[Tok], i: usize, cap_diff: bool, t: &Tables, sink: &mut S) -> f64 {
    let item = &toks[i];
    let n = toks.len();
    if !item.has(IN_LEX) {
        return 0.0;
    }
    let lexv = item.info.valence;
    let mut v = lexv;
    if S::ACTIVE {
        sink.rule(i, Rule::Lexicon { valence: lexv }, 0.0, v);
    }
    if item.has(NO) && i != n - 1 && toks[i + 1].has(IN_LEX) {
        if S::ACTIVE {
            sink.rule(i, Rule::NoBeforeLexiconWord, v, 0.0);
        }
        v = 0.0;
    }
    let no_at = if i > 0 && toks[i - 1].has(NO) {
        Some(i - 1)
    } else if i > 1 && toks[i - 2].has(NO) {
        Some(i - 2)
    } else if i > 2 && toks[i - 3].has(NO) && toks[i - 1].has(OR_NOR) {
        Some(i - 3)
    } else {
        None
    };
    if let Some(k) = no_at {
        let after = lexv * N_SCALAR;
        if S::ACTIVE {
            sink.rule(i, Rule::NoNegation { no: k }, v, after);
        }
        v = after;
    }
    if item.upper && cap_diff {
        let before = v;
        if v > 0.0 {
            v += C_INCR;
        } else {
            v -= C_INCR;
        }
        if S::ACTIVE {
            sink.rule(i, Rule::AllCaps, before, v);
        }
    }
    for start_i in 0..3usize {
        if i <= start_i {
            break;
        }
        let k = i - (start_i + 1);
        let w = &toks[k];
        if w.has(IN_LEX) {
            continue;
        }
        let mut s = scalar_inc_dec(w, v, cap_diff);
        if start_i == 1 && s != 0.0 {
            s *= 0.95;
        }
        if start_i == 2 && s != 0.0 {
            s *= 0.9;
        }
        let before = v;
        v += s;
        if S::ACTIVE && s != 0.0 {
            sink.rule(
                i,
                Rule::Booster {
                    modifier: k,
                    scalar: s,
                },
                before,
                v,
            );
        }
        v = negation_check(toks, v, start_i, i, sink);
        if start_i == 2 {
            v = special_idioms_check(toks, v, i, t, sink);
        }
    }
    // _least_check ("least" is not a lexicon word, the IN_LEX tests keep the original shape).
    if i > 1 && !toks[i - 1].has(IN_LEX) && toks[i - 1].has(LEAST) {
        if !toks[i - 2].has(AT_VERY) {
            let after = v * N_SCALAR;
            if S::ACTIVE {
                sink.rule(i, Rule::Least { least: i - 1 }, v, after);
            }
            v = after;
        }
    } else if i > 0 && !toks[i - 1].has(IN_LEX) && toks[i - 1].has(LEAST) {
        let after = v * N_SCALAR;
        if S::ACTIVE {
            sink.rule(i, Rule::Least { least: i - 1 }, v, after);
        }
        v = after;
    }
    v
}

/// `_negation_check`.
#[inline]
fn negation_check<S: Sink>(toks: &[Tok], v: f64, start_i: usize, i: usize, sink: &mut S) -> f64 {
    let negate = |k: usize, sink: &mut S| {
        let after = v * N_SCALAR;
        if S::ACTIVE {
            sink.rule(i, Rule::Negation { negator: k }, v, after);
        }
        after
    };
    let amplify = |k: usize, sink: &mut S| {
        let after = v * 1.25;
        if S::ACTIVE {
            sink.rule(i, Rule::NeverSoThis { word: k }, v, after);
        }
        after
    };
    match start_i {
        0 => {
            if toks[i - 1].has(NEGATED) {
                return negate(i - 1, sink);
            }
        }
        1 => {
            if toks[i - 2].has(NEVER) && toks[i - 1].has(SO_THIS) {
                return amplify(i - 1, sink);
            } else if toks[i - 2].has(WITHOUT) && toks[i - 1].has(DOUBT) {
                if S::ACTIVE {
                    sink.rule(i, Rule::WithoutDoubt { without: i - 2 }, v, v);
                }
            } else if toks[i - 2].has(NEGATED) {
                return negate(i - 2, sink);
            }
        }
        _ => {
            if toks[i - 3].has(NEVER) && toks[i - 2].has(SO_THIS) {
                return amplify(i - 2, sink);
            } else if toks[i - 1].has(SO_THIS) {
                // Python precedence: `a and (b or c) or (d or e)`: "so"/"this" right before
                // the word amplifies without any "never".
                return amplify(i - 1, sink);
            } else if toks[i - 3].has(WITHOUT) && (toks[i - 2].has(DOUBT) || toks[i - 1].has(DOUBT))
            {
                if S::ACTIVE {
                    sink.rule(i, Rule::WithoutDoubt { without: i - 3 }, v, v);
                }
            } else if toks[i - 3].has(NEGATED) {
                return negate(i - 3, sink);
            }
        }
    }
    v
}

/// `_special_idioms_check` (only reached for i >= 3).
#[inline]
fn special_idioms_check<S: Sink>(
    toks: &[Tok],
    mut v: f64,
    i: usize,
    t: &Tables,
    sink: &mut S,
) -> f64 {
    let n = toks.len();
    // Cheap exit: every window below needs at least one phrase word.
    let lo = i - 3;
    let hi = (i + 2).min(n - 1);
    if toks[lo..=hi].iter().all(|x| x.info.phrase_id == 0) {
        return v;
    }
    let seqs: [&[usize]; 5] = [
        &[i - 1, i],
        &[i - 2, i - 1, i],
        &[i - 2, i - 1],
        &[i - 3, i - 2, i - 1],
        &[i - 3, i - 2],
    ];
    'outer: for seq in seqs {
        for p in &t.special {
            if phrase_at(p, toks, seq) {
                if S::ACTIVE {
                    sink.rule(i, Rule::SpecialCase { phrase: p.text }, v, p.value);
                }
                v = p.value;
                break 'outer;
            }
        }
    }
    if n - 1 > i {
        if let Some(p) = t.special.iter().find(|p| phrase_at(p, toks, &[i, i + 1])) {
            if S::ACTIVE {
                sink.rule(i, Rule::SpecialCase { phrase: p.text }, v, p.value);
            }
            v = p.value;
        }
    }
    if n - 1 > i + 1 {
        if let Some(p) = t
            .special
            .iter()
            .find(|p| phrase_at(p, toks, &[i, i + 1, i + 2]))
        {
            if S::ACTIVE {
                sink.rule(i, Rule::SpecialCase { phrase: p.text }, v, p.value);
            }
            v = p.value;
        }
    }
    let ngrams: [&[usize]; 3] = [&[i - 3, i - 2, i - 1], &[i - 3, i - 2], &[i - 2, i - 1]];
    for seq in ngrams {
        if let Some(p) = t.booster_ngrams.iter().find(|p| phrase_at(p, toks, seq)) {
            let after = v + p.value;
            if S::ACTIVE {
                sink.rule(i, Rule::BoosterNgram { phrase: p.text }, v, after);
            }
            v = after;
        }
    }
    v
}

/// `_but_check`, including its lookup of each sentiment BY VALUE (`list.index`).
fn but_check<S: Sink>(but: Option<usize>, s: &mut [f64], sink: &mut S) {
    let Some(bi) = but else {
        return;
    };
    for k in 0..s.len() {
        let v = s[k];
        // A zero only ever overwrites a zero with a zero: no observable effect.
        if v == 0.0 {
            continue;
        }
        // `sentiments.index(v)`: the first equal value, at or before k.
        let si = s[..=k].iter().position(|&x| x == v).unwrap_or(k);
        let factor = if si < bi {
            0.5
        } else if si > bi {
            1.5
        } else {
            continue;
        };
        let after = v * factor;
        if S::ACTIVE {
            sink.rule(
                si,
                Rule::But {
                    but: bi,
                    factor,
                    looked_up_from: k,
                },
                v,
                after,
            );
        }
        s[si] = after;
    }
}

/// `score_valence` with `_punctuation_emphasis` and `_sift_sentiment_scores`.
fn score_valence(sentiments: &[f64], marks: Marks) -> (VaderScores, Normalisation) {
    let mut n = Normalisation::default();
    if sentiments.is_empty() {
        return (VaderScores::default(), n);
    }
    // One pass; each accumulator still adds in token order, as in Python.
    let mut sum = 0.0;
    let mut pos_sum = 0.0;
    let mut neg_sum = 0.0;
    let mut neu = 0usize;
    for &x in sentiments {
        sum += x;
        if x > 0.0 {
            pos_sum += x + 1.0;
        }
        if x < 0.0 {
            neg_sum += x - 1.0;
        }
        if x == 0.0 {
            neu += 1;
        }
    }
    n.sum = sum;
    let (ep, qm) = (marks.exclamations, marks.questions);
    n.exclamations = ep;
    n.questions = qm;
    let ep_amp = (ep.min(4) as f64) * 0.292;
    let qm_amp = if qm > 1 {
        if qm <= 3 {
            qm as f64 * 0.18
        } else {
            0.96
        }
    } else {
        0.0
    };
    let amp = ep_amp + qm_amp;
    n.amplifier = amp;
    if sum > 0.0 {
        sum += amp;
    } else if sum < 0.0 {
        sum -= amp;
    }
    n.amplified_sum = sum;
    let compound = (sum / (sum * sum + 15.0).sqrt()).clamp(-1.0, 1.0);
    n.compound = compound;
    n.pos_sum = pos_sum;
    n.neg_sum = neg_sum;
    n.neu_count = neu;
    if pos_sum > neg_sum.abs() {
        pos_sum += amp;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= amp;
    }
    n.pos_sum_amplified = pos_sum;
    n.neg_sum_amplified = neg_sum;
    let total = pos_sum + neg_sum.abs() + neu as f64;
    n.total = total;
    n.pos = (pos_sum / total).abs();
    n.neg = (neg_sum / total).abs();
    n.neu = (neu as f64 / total).abs();
    let scores = VaderScores {
        neg: py_round(n.neg, 3),
        neu: py_round(n.neu, 3),
        pos: py_round(n.pos, 3),
        compound: py_round(compound, 4),
    };
    (scores, n)
}
