//! Shared claims: sentences of different sources that state the same quantity about the
//! same thing ("Azerbaijan supplies nearly 40% of Israel's oil" / "Israel gets 40 percent
//! of its oil from Azerbaijan"). Quantities are extracted and normalised, so claims that
//! differ only in their qualifier ("up to", "nearly") align, and the qualifier is kept as
//! framing. Alignment goes through an inverted index of (quantity, content word) keys, never
//! comparing all pairs. Rules and thresholds: `docs/scoring.md`, "Shared claims".
//!
//! ```
//! use stancelens::claims::{quantities, Unit};
//! use stancelens::text::tokenize;
//! let t = "Exports rose by forty per cent to $2.5 billion, up from 1,200 tonnes in 2019.";
//! let q = quantities(t, &tokenize(t));
//! let got: Vec<(f64, Unit, &str)> = q.iter().map(|q| (q.value, q.unit, q.span.slice(t))).collect();
//! assert_eq!(got, [
//!     (40.0, Unit::Percent, "forty per cent"),
//!     (2.5e9, Unit::Usd, "$2.5 billion"),
//!     (1200.0, Unit::Count, "1,200"),
//! ]); // 2019 is a year, not a quantity
//! ```

use crate::align::{fold_hash, mix, unite_buckets, UnionFind};
use crate::corpus::Voice;
use crate::text::{Token, TokenKind};
use crate::Span;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Two claims with the same quantity align when they share at least this many content
/// words …
pub const MIN_SHARED_WORDS: usize = 2;
/// … at least one of them not part of an entity name (the thing measured: "oil", "arms")
/// …
pub const MIN_SHARED_THINGS: usize = 1;
/// … and the shared words are at least this share of the smaller claim's content words
/// (containment, so a long sentence still aligns with a short one stating the same fact).
pub const MIN_CONTAINMENT: f64 = 0.5;
/// Bare counts below this (digits or words: "two countries") are not claim quantities;
/// with a unit or a scale word ("2 percent", "two million") they are.
pub const MIN_BARE_COUNT: f64 = 10.0;

/// The unit of a quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// "%", "percent", "per cent".
    Percent,
    /// "percentage points".
    PercentagePoints,
    /// "$", "US$", "dollars".
    Usd,
    /// "€", "euros".
    Eur,
    /// "£" (pounds sterling).
    Gbp,
    /// A plain number (of people, barrels, drones…: the thing is in the content words).
    Count,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::PercentagePoints => "percentage points",
            Unit::Usd => "USD",
            Unit::Eur => "EUR",
            Unit::Gbp => "GBP",
            Unit::Count => "",
        }
    }
}

/// A quantity found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The normalised value ("2.5 billion" → 2.5e9, "forty" → 40).
    pub value: f64,
    /// The unit.
    pub unit: Unit,
    /// Byte span of the number with its unit and scale words ("$2.5 billion").
    pub span: Span,
    /// Token range (indices into the tokens searched) of the quantity.
    #[serde(skip)]
    pub(crate) first_token: usize,
}

impl Quantity {
    /// A readable normalised key: "40 percent", "2500000000 USD", "50000".
    ///
    /// ```
    /// use stancelens::claims::quantities;
    /// use stancelens::text::tokenize;
    /// let t = "nearly 40% of it";
    /// assert_eq!(quantities(t, &tokenize(t))[0].key(), "40 percent");
    /// ```
    pub fn key(&self) -> String {
        let v = round_sig(self.value);
        let unit = self.unit.name();
        if unit.is_empty() {
            format!("{v}")
        } else {
            format!("{v} {unit}")
        }
    }

    fn key_hash(&self) -> u64 {
        mix(round_sig(self.value).to_bits() ^ (self.unit as u64).wrapping_mul(0x9e37_79b9))
    }
}

/// Six significant digits, so that 2.5e9 from "2.5 billion" and "2,500,000,000" agree.
fn round_sig(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let mag = v.abs().log10().floor() as i32;
    let f = 10f64.powi(5 - mag);
    (v * f).round() / f
}

const ONES: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[&str] = &[
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// `w` lower-cased; borrowed when it already is (nearly every word: no copy).
fn lower(w: &str) -> std::borrow::Cow<'_, str> {
    if w.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        std::borrow::Cow::Owned(w.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(w)
    }
}

/// The shapes of the number words: for a first and a last letter (`a` to `z`), a bit per
/// length (3 to 13 bytes) that some number word ("seven", "forty", "forty-two") has. Lets
/// [`number_word`] turn down almost every other word at a table read.
const NUMBER_WORD_SHAPES: [[u16; 26]; 26] = {
    const fn mark(t: &mut [[u16; 26]; 26], first: u8, last: u8, len: usize) {
        t[(first - b'a') as usize][(last - b'a') as usize] |= 1 << len;
    }
    let mut t = [[0u16; 26]; 26];
    let mut i = 0;
    while i < ONES.len() {
        let w = ONES[i].as_bytes();
        mark(&mut t, w[0], w[w.len() - 1], w.len());
        i += 1;
    }
    let mut k = 0;
    while k < TENS.len() {
        let tens = TENS[k].as_bytes();
        if !tens.is_empty() {
            mark(&mut t, tens[0], tens[tens.len() - 1], tens.len());
            // "forty-two": tens, hyphen, one to nine.
            let mut o = 1;
            while o < 10 {
                let one = ONES[o].as_bytes();
                mark(
                    &mut t,
                    tens[0],
                    one[one.len() - 1],
                    tens.len() + 1 + one.len(),
                );
                o += 1;
            }
        }
        k += 1;
    }
    t
};

/// "forty", "forty-two", "twelve" → value. Allocation-free and quick to reject: it runs
/// on every word.
fn number_word(w: &str) -> Option<f64> {
    number_word_bytes(w.as_bytes())
}

/// `raw` less its thousands separators, copied only when it has some.
fn without_commas(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains(',') {
        std::borrow::Cow::Owned(raw.replace(',', ""))
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

/// [`number_word`] of a word's bytes (the scan over tokens slices no `str`).
#[inline]
fn number_word_bytes(b: &[u8]) -> Option<f64> {
    // Number words are 3 to 13 ASCII letters (one hyphen): reject by length, first and
    // last letter (`| 0x20` lower-cases a letter and leaves no other byte in `a..=z`).
    // This test runs for every word, in the caller's loop; the lookup below is a call.
    let (&first, &last) = (b.first()?, b.last()?);
    let (first, last) = (first | 0x20, last | 0x20);
    if !(3..=13).contains(&b.len())
        || !first.is_ascii_lowercase()
        || !last.is_ascii_lowercase()
        || NUMBER_WORD_SHAPES[usize::from(first - b'a')][usize::from(last - b'a')] & (1 << b.len())
            == 0
    {
        return None;
    }
    number_word_of_shape(b)
}

/// [`number_word_bytes`] of a word that has the shape of a number word.
#[inline(never)]
fn number_word_of_shape(b: &[u8]) -> Option<f64> {
    let mut buf = [0u8; 13];
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    let low = std::str::from_utf8(&buf[..b.len()]).ok()?;
    let one = |x: &str| ONES.iter().position(|o| *o == x);
    let ten = |x: &str| TENS.iter().position(|t| !t.is_empty() && *t == x);
    if let Some(i) = one(low) {
        return Some(i as f64);
    }
    if let Some(i) = ten(low) {
        return Some(10.0 * i as f64);
    }
    let (t, o) = low.split_once('-')?;
    let t = ten(t)?;
    let o = one(o).filter(|&o| (1..10).contains(&o))?;
    Some((10 * t + o) as f64)
}

fn scale_word(w: &str) -> Option<f64> {
    match lower(w).as_ref() {
        "hundred" => Some(1e2),
        "thousand" => Some(1e3),
        "million" | "mln" => Some(1e6),
        "billion" | "bn" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

/// Quantities in `tokens` (tokens of `text`), in text order: digits with thousands
/// separators and decimals, number words ("forty", "forty-two"), scale words ("2.5
/// million", "two billion"), units ("%", "percent", "per cent", "percentage points",
/// "$"/"US$"/"dollars", "€"/"euros", "£"). Left out: years (1800–2100 written as four
/// digits with no unit or scale), and bare counts below [`MIN_BARE_COUNT`].
pub fn quantities(text: &str, tokens: &[Token]) -> Vec<Quantity> {
    let word = |i: usize| tokens.get(i).map_or("", |t| t.span.slice(text));
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let (mut value, digits) = match t.kind {
            TokenKind::Number => match without_commas(t.span.slice(text)).parse::<f64>() {
                Ok(v) => (v, true),
                Err(_) => {
                    i += 1;
                    continue;
                }
            },
            TokenKind::Word => match number_word_bytes(
                text.as_bytes()
                    .get(t.span.start..t.span.end)
                    .unwrap_or_default(),
            ) {
                Some(v) => (v, false),
                None => {
                    i += 1;
                    continue;
                }
            },
            _ => {
                i += 1;
                continue;
            }
        };
        let mut start = t.span.start;
        let mut end = i + 1; // one past the last token of the quantity
        let mut unit = Unit::Count;
        let mut scaled = false;
        // Currency before the number.
        if i > 0 {
            let prev = word(i - 1);
            let c = match prev {
                "$" | "US$" => Some(Unit::Usd),
                "€" => Some(Unit::Eur),
                "£" => Some(Unit::Gbp),
                _ => None,
            };
            if let Some(c) = c {
                unit = c;
                start = tokens[i - 1].span.start;
            }
        }
        // Scale words ("2.5 million", "two hundred thousand").
        while let Some(s) = scale_word(word(end)) {
            value *= s;
            scaled = true;
            end += 1;
        }
        // Units after the number.
        let w1 = lower(word(end));
        let w2 = lower(word(end + 1));
        if word(end) == "%" || w1 == "percent" || w1 == "pct" {
            unit = Unit::Percent;
            end += 1;
        } else if w1 == "per" && w2 == "cent" {
            unit = Unit::Percent;
            end += 2;
        } else if w1 == "percentage" && (w2 == "points" || w2 == "point") {
            unit = Unit::PercentagePoints;
            end += 2;
        } else if unit == Unit::Count && (w1 == "dollars" || w1 == "usd") {
            unit = Unit::Usd;
            end += 1;
        } else if unit == Unit::Count && (w1 == "euros" || w1 == "eur") {
            unit = Unit::Eur;
            end += 1;
        }
        let raw = t.span.slice(text);
        let is_year = digits
            && unit == Unit::Count
            && !scaled
            && raw.len() == 4
            && raw.bytes().all(|b| b.is_ascii_digit())
            && (1800.0..=2100.0).contains(&value);
        let too_small = unit == Unit::Count && !scaled && value < MIN_BARE_COUNT;
        if !is_year && !too_small {
            out.push(Quantity {
                value,
                unit,
                span: Span::new(start, tokens[end - 1].span.end),
                first_token: if start < t.span.start { i - 1 } else { i },
            });
        }
        i = end;
    }
    out
}

/// Whether `word` (folded as [`stem_into`] leaves it) is one of [`STOP_WORDS`]: one hash
/// probe instead of a scan of the list for every word of every claim.
fn is_stop_word(word: &str) -> bool {
    static SET: std::sync::OnceLock<crate::hash::FxSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().copied().collect())
        .contains(word)
}

/// English function words and other words that say nothing about what a claim is about.
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "nor",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "without",
    "into",
    "onto",
    "about",
    "as",
    "than",
    "that",
    "this",
    "these",
    "those",
    "it",
    "its",
    "it's",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "not",
    "no",
    "so",
    "such",
    "which",
    "who",
    "whom",
    "whose",
    "what",
    "when",
    "where",
    "while",
    "why",
    "how",
    "all",
    "any",
    "both",
    "each",
    "every",
    "few",
    "more",
    "most",
    "other",
    "some",
    "many",
    "much",
    "own",
    "same",
    "only",
    "also",
    "too",
    "very",
    "just",
    "up",
    "down",
    "over",
    "under",
    "out",
    "off",
    "again",
    "then",
    "there",
    "here",
    "their",
    "them",
    "they",
    "he",
    "she",
    "him",
    "her",
    "his",
    "hers",
    "we",
    "us",
    "our",
    "you",
    "your",
    "i",
    "me",
    "my",
    "per",
    "cent",
    "percent",
    "percentage",
    "points",
    "point",
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "year",
    "years",
    "since",
    "between",
    "through",
    "during",
    "before",
    "after",
    "above",
    "below",
    "because",
    "if",
    "into",
    "via",
    "among",
    "nearly",
    "almost",
    "around",
    "roughly",
    "approximately",
    "estimated",
    "least",
    "according",
    "reportedly",
    "said",
    "says",
    "say",
    "one",
    "two",
    "first",
    "last",
    "new",
    "now",
    "yet",
    "still",
    "even",
    "already",
    "alone",
    "whereas",
];

/// Light English suffix folding so that "supplies"/"supply", "needs"/"need" meet: lower
/// case, possessive `'s` dropped, `-ies` → `-y`, a plural `-s` dropped (not `-ss`, `-us`,
/// `-is`). Written into `buf` (reused: no allocation per word).
fn stem_into(w: &str, buf: &mut String) {
    buf.clear();
    for c in w.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => buf.push('\''),
            c if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            c => buf.extend(c.to_lowercase()),
        }
    }
    if buf.ends_with("'s") {
        buf.truncate(buf.len() - 2);
    } else if buf.ends_with('\'') {
        buf.pop();
    }
    if buf.len() > 4 && buf.ends_with("ies") {
        buf.truncate(buf.len() - 3);
        buf.push('y');
    } else if buf.len() > 3
        && buf.ends_with('s')
        && !buf.ends_with("ss")
        && !buf.ends_with("us")
        && !buf.ends_with("is")
    {
        buf.pop();
    }
}

/// What a claim is about: its quantity and its content words, for alignment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimKey {
    quantity: u64,
    /// Content words, each packed in one u64: the word's hash with its low bit replaced by
    /// "part of an entity name" (1) — half the memory of a `(hash, bool)` pair, which is
    /// what alignment's time goes to once the claims outgrow the cache. Sorted, one entry
    /// per word (63-bit hash), a non-name reading kept over a name.
    words: Vec<u64>,
}

impl ClaimKey {
    /// The key of the claim that `quantity` makes in the sentence `tokens` (tokens of
    /// `text`): its content words are the sentence's words that are not stop words,
    /// numbers, unit or scale words, nor inside `skip` (qualifiers, hedges, report verbs:
    /// framing, not content); words inside `entities` count as names.
    ///
    /// ```
    /// use stancelens::claims::{quantities, ClaimKey};
    /// use stancelens::text::tokenize;
    /// let a = "Azerbaijan supplies up to 40 percent of the oil Israel buys.";
    /// let b = "Israel gets 40% of its oil from Azerbaijan.";
    /// let key = |t: &str| { let k = tokenize(t); ClaimKey::new(t, &k, &quantities(t, &k)[0], &[], &[]) };
    /// assert!(key(a).aligns(&key(b)));
    /// ```
    pub fn new(
        text: &str,
        tokens: &[Token],
        quantity: &Quantity,
        entities: &[Span],
        skip: &[Span],
    ) -> ClaimKey {
        let mut buf = String::new();
        let mut words: Vec<u64> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .filter(|t| !t.span.overlaps(quantity.span) && !skip.iter().any(|s| s.overlaps(t.span)))
            .filter_map(|t| {
                let w = t.span.slice(text);
                if number_word(w).is_some() {
                    return None;
                }
                stem_into(w, &mut buf);
                if buf.chars().count() < 2 || is_stop_word(&buf) {
                    return None;
                }
                let name = entities.iter().any(|e| e.overlaps(t.span));
                Some((fold_hash(&buf) & !1) | u64::from(name))
            })
            .collect();
        words.sort_unstable();
        words.dedup_by_key(|w| *w >> 1);
        ClaimKey {
            quantity: quantity.key_hash(),
            words,
        }
    }

    /// Number of content words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the claim has no content word (it then aligns with nothing).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether two claims state the same fact: same normalised quantity, at least
    /// [`MIN_SHARED_WORDS`] shared content words of which at least [`MIN_SHARED_THINGS`]
    /// are not names, and containment ≥ [`MIN_CONTAINMENT`].
    pub fn aligns(&self, other: &ClaimKey) -> bool {
        self.quantity == other.quantity && words_align(&self.words, &other.words)
    }
}

/// The word test of [`ClaimKey::aligns`] on two sorted lists of packed words.
fn words_align(a: &[u64], b: &[u64]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (mut i, mut j, mut shared, mut things) = (0, 0, 0usize, 0usize);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        match (x >> 1).cmp(&(y >> 1)) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                if (x | y) & 1 == 0 {
                    things += 1;
                }
                i += 1;
                j += 1;
            }
        }
    }
    let smaller = a.len().min(b.len());
    shared >= MIN_SHARED_WORDS
        && things >= MIN_SHARED_THINGS
        && shared as f64 >= MIN_CONTAINMENT * smaller as f64
}

/// Groups of aligned claims (indices into `keys`, each group sorted, groups ordered by
/// their first member). Each claim is filed under one key per non-name content word,
/// combined with its quantity; claims sharing a key are compared through the bucket's
/// representatives (at most 8 per key), so the cost is near-linear in the number of claims.
///
/// ```
/// use stancelens::claims::{align, quantities, ClaimKey};
/// use stancelens::text::tokenize;
/// let texts = ["Azerbaijan supplies up to 40 percent of the oil Israel buys.",
///              "Israel gets 40% of its oil from Azerbaijan.",
///              "Turnout reached 40 percent in the capital."];
/// let keys: Vec<ClaimKey> = texts.iter().map(|t| {
///     let k = tokenize(t); ClaimKey::new(t, &k, &quantities(t, &k)[0], &[], &[]) }).collect();
/// assert_eq!(align(&keys), vec![vec![0, 1]]);
/// ```
pub fn align(keys: &[ClaimKey]) -> Vec<Vec<usize>> {
    align_with_stats(keys).0
}

/// Work done by [`align_with_stats`]: index entries (claim × thing word) and pairwise
/// claim comparisons. Both grow linearly with the number of claims.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AlignStats {
    /// Index entries.
    pub entries: usize,
    /// Pairs of claims compared.
    pub comparisons: usize,
}

/// [`align`], also counting the work done (for benchmarks).
///
/// ```
/// use stancelens::claims::align_with_stats;
/// let (groups, stats) = align_with_stats(&[]);
/// assert!(groups.is_empty() && stats.comparisons == 0);
/// ```
pub fn align_with_stats(keys: &[ClaimKey]) -> (Vec<Vec<usize>>, AlignStats) {
    // Claims are only ever compared with claims of the same quantity. Renumbered in
    // quantity order, with their word lists copied into one array in that order (claim j's
    // words at `starts[j]..starts[j + 1]`) and buckets keyed quantity first, the claims a
    // bucket compares sit together in memory, and so do consecutive buckets: the walk stays
    // in cache instead of reading scattered heap blocks, which is where the time went once
    // the claims outgrew the cache.
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    order.sort_unstable_by_key(|&i| (keys[i as usize].quantity, i));
    let mut entries: Vec<(u64, u32)> = Vec::new();
    let mut starts: Vec<usize> = Vec::with_capacity(keys.len() + 1);
    let mut words: Vec<u64> = Vec::new();
    let mut quantity: Vec<u64> = Vec::with_capacity(keys.len());
    for (j, &i) in order.iter().enumerate() {
        let k = &keys[i as usize];
        starts.push(words.len());
        words.extend_from_slice(&k.words);
        quantity.push(k.quantity);
        let q = mix(k.quantity) & !0xFFFF_FFFF;
        for &w in &k.words {
            if w & 1 == 0 {
                entries.push((q | (mix(k.quantity ^ w) & 0xFFFF_FFFF), j as u32));
            }
        }
    }
    starts.push(words.len());
    let words_of = |j: u32| {
        let j = j as usize;
        &words[starts[j]..starts[j + 1]]
    };
    let mut uf = UnionFind::new(keys.len());
    // A bucket's claims share a key, so (but for a hash collision, which only costs a
    // comparison) the quantity and a content word.
    let comparisons = unite_buckets(&mut entries, &mut uf, |a, b| {
        quantity[a as usize] == quantity[b as usize] && words_align(words_of(a), words_of(b))
    });
    let mut groups: Vec<Vec<usize>> = uf
        .groups()
        .into_iter()
        .map(|g| {
            let mut g: Vec<usize> = g.into_iter().map(|j| order[j as usize] as usize).collect();
            g.sort_unstable();
            g
        })
        .collect();
    groups.sort_unstable_by_key(|g| g.first().copied());
    let stats = AlignStats {
        entries: entries.len(),
        comparisons,
    };
    (groups, stats)
}

/// How a qualifier bounds a quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QualifierKind {
    /// "about", "around", "some", "an estimated".
    Approximately,
    /// "up to", "as many as", "at most".
    AtMost,
    /// "more than", "over", "at least".
    AtLeast,
    /// "nearly", "almost", "close to".
    JustUnder,
    /// "exactly", "precisely".
    Exactly,
}

/// A word or phrase of framing around a claim, found by a bias rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Marker {
    /// Byte span in the source text.
    pub span: Span,
    /// The bias rule's id.
    #[serde(
        serialize_with = "crate::bias::ser_arc",
        deserialize_with = "crate::bias::de_arc"
    )]
    pub rule_id: Arc<str>,
    /// The rule's category (`hedge`, `booster`, `report`, …).
    #[serde(deserialize_with = "crate::bias::de_static_name")]
    pub category: crate::bias::StaticName,
}

/// A qualifier of the quantity ("up to", "nearly").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Qualifier {
    /// How it bounds the number.
    pub kind: QualifierKind,
    /// The qualifier words.
    #[serde(flatten)]
    pub marker: Marker,
}

/// How a claim is attributed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribution {
    /// Quoted speech (the voice model's Quote voice).
    Quoted,
    /// A report verb with a named source ("SIPRI reported", "according to the ministry").
    Named,
    /// Attributed to no one in particular ("reportedly", "officials say").
    Vague,
    /// Stated by the writer with no source.
    Bare,
}

/// A stance contribution of the claim's sentence (see `docs/scoring.md`, "Stance").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StanceMark {
    /// Rule id of the cue or valence word.
    pub rule_id: String,
    /// Byte span in the source text.
    pub span: Span,
    /// Its value toward the target.
    pub value: f64,
}

/// How one source frames a shared claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Framing {
    /// The quantity's qualifier, if any.
    pub qualifier: Option<Qualifier>,
    /// Hedges and boosters of the sentence.
    pub hedges: Vec<Marker>,
    /// Named, vague, quoted or bare.
    pub attribution: Attribution,
    /// The report, assertive, distancing or factive verbs of the sentence.
    pub attribution_markers: Vec<Marker>,
    /// The sentence's stance contributions toward the target (its overall evidence).
    pub stance: Vec<StanceMark>,
    /// Their sum (0 when none).
    pub stance_sum: f64,
}

/// One source's statement of a shared claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimMember {
    /// Source id.
    pub source: String,
    /// The sentence (byte span in the source text).
    pub sentence: Span,
    /// The quantity as written (byte span).
    pub quantity_span: Span,
    /// Voice of the sentence.
    pub voice: Voice,
    /// The first source of this source's reprint group, when it is a reprint of another.
    pub reprint_of: Option<String>,
    /// Qualifier, hedges, attribution and stance.
    pub framing: Framing,
}

/// A fact stated by several sources.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimGroup {
    /// The normalised quantity ("40 percent").
    pub quantity: String,
    /// Its value.
    pub value: f64,
    /// Its unit.
    pub unit: Unit,
    /// The first member's sentence, for reading.
    pub text: String,
    /// Distinct sources stating it (a reprint group counts once when the comparison counts
    /// reprints once).
    pub sources: usize,
    /// Members in the comparison's canonical order (by source id), then text order.
    pub members: Vec<ClaimMember>,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    #[test]
    fn the_stop_word_set_is_the_list() {
        for w in super::STOP_WORDS {
            assert!(super::is_stop_word(w), "{w}");
        }
        for w in ["azerbaijan", "oil", "threat", "thes", "", "The", "percents"] {
            assert!(!super::is_stop_word(w), "{w}");
        }
    }

    proptest! {
        #[test]
        fn stop_words_by_set_equal_the_scan(w in "[a-z']{0,9}") {
            prop_assert_eq!(super::is_stop_word(&w), super::STOP_WORDS.contains(&w.as_str()));
        }
    }

    /// [`super::number_word`] as it was before the shape table: the reference.
    fn number_word_by_lists(w: &str) -> Option<f64> {
        let low = w.to_ascii_lowercase();
        let one = |x: &str| super::ONES.iter().position(|o| *o == x);
        let ten = |x: &str| super::TENS.iter().position(|t| !t.is_empty() && *t == x);
        if let Some(i) = one(&low) {
            return Some(i as f64);
        }
        if let Some(i) = ten(&low) {
            return Some(10.0 * i as f64);
        }
        let (t, o) = low.split_once('-')?;
        let t = ten(t)?;
        let o = one(o).filter(|&o| (1..10).contains(&o))?;
        Some((10 * t + o) as f64)
    }

    /// Every number word, in several cases, and every word near one (a letter changed,
    /// added or dropped) is read as the lists read it.
    #[test]
    fn number_words_and_their_neighbours() {
        let mut words: Vec<String> = super::ONES.iter().map(|w| w.to_string()).collect();
        for t in super::TENS.iter().filter(|t| !t.is_empty()) {
            words.push(t.to_string());
            for o in &super::ONES[1..10] {
                words.push(format!("{t}-{o}"));
            }
        }
        let mut checked = 0;
        for w in &words {
            for v in [
                w.clone(),
                w.to_uppercase(),
                format!("{}{}", &w[..1].to_uppercase(), &w[1..]),
            ] {
                let mut near = vec![
                    v.clone(),
                    format!("{v}s"),
                    format!("x{v}"),
                    v[1..].to_owned(),
                ];
                near.push(v[..v.len() - 1].to_owned());
                for (i, _) in v.char_indices() {
                    near.push(format!("{}q{}", &v[..i], &v[i + 1..]));
                }
                for n in near {
                    assert_eq!(super::number_word(&n), number_word_by_lists(&n), "{n:?}");
                    checked += 1;
                }
            }
        }
        assert!(words.iter().all(|w| super::number_word(w).is_some()));
        assert!(checked > 1000);
    }

    proptest! {
        /// Any short string of letters, hyphens and a few other bytes: same reading.
        #[test]
        fn number_word_is_the_lists_reading(w in "[a-zA-Z@`{\\-é ]{0,14}") {
            prop_assert_eq!(super::number_word(&w), number_word_by_lists(&w));
        }
    }
}
