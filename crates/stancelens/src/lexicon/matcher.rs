//! The compiled matcher: leftmost-longest rule hits over tokens.
//!
//! Built once from a [`Lexicon`]; then read-only, `Send + Sync`, and allocation-free per
//! token (the folded text lives in a reusable [`Scratch`]; lookups borrow it).

use super::pattern::{self, eq_punct_folded, fold_into, glob_match, Parsed, PatToken};
use super::similarity;
use super::{Entry, FuzzyMetric, Lexicon, LexiconError, ProblemKind};
use crate::hash::word_key;
use crate::text::{tokenize, Token, TokenKind};
use crate::{Location, Span};

/// Index of a rule in the compiled lexicon's [`Lexicon::entries`]. Small and `Copy`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct RuleId(pub u32);

impl RuleId {
    /// The index as `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A half-open range of token indices `start..end`. `Copy`, unlike `Range`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct TokenRange {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
}

impl TokenRange {
    /// Number of tokens.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the range is empty.
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

/// How a hit matched its rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchVia {
    /// The pattern itself.
    Exact,
    /// A declared alias.
    Alias,
    /// A `stem*` prefix pattern.
    Prefix,
    /// A one-word glob.
    Glob,
    /// Fuzzy similarity (see [`Hit::similarity`]).
    Fuzzy,
}

impl MatchVia {
    fn rank(self) -> u64 {
        match self {
            MatchVia::Exact => 4,
            MatchVia::Alias => 3,
            MatchVia::Prefix => 2,
            MatchVia::Glob => 1,
            MatchVia::Fuzzy => 0,
        }
    }
}

/// One rule hit.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Hit {
    /// The rule.
    pub rule: RuleId,
    /// Byte span of the matched text (a possessive `'s` is left outside).
    pub span: Span,
    /// The tokens covered, as indices into the token slice searched.
    pub token_range: TokenRange,
    /// How it matched.
    pub via: MatchVia,
    /// Similarity for fuzzy hits, 1.0 otherwise.
    pub similarity: f64,
}

/// Reusable buffers for [`Matcher::find_in_tokens`].
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    folded: String,
    toks: Vec<Folded>,
    /// With a [`Vocab`]: per token, bit `b` set when matcher `uids[b]` may hit there.
    masks: Vec<u32>,
    uids: Vec<u64>,
}

impl Scratch {
    /// All the folded tokens, for text positions as folded.
    pub(crate) fn view(&self) -> FoldView<'_> {
        // Masks only count when every token has one.
        let with_masks = self.masks.len() == self.toks.len();
        FoldView {
            folded: &self.folded,
            toks: &self.toks,
            masks: if with_masks { &self.masks } else { &[] },
            uids: if with_masks { &self.uids } else { &[] },
            shift: 0,
        }
    }

    /// Bytes its buffers hold (their capacities), whatever they are filled with.
    pub(crate) fn capacity_bytes(&self) -> usize {
        self.folded.capacity()
            + self.toks.capacity() * std::mem::size_of::<Folded>()
            + self.masks.capacity() * std::mem::size_of::<u32>()
            + self.uids.capacity() * std::mem::size_of::<u64>()
    }

    /// Room for about `tokens` more tokens (avoids regrowing per sentence).
    pub(crate) fn reserve(&mut self, tokens: usize) {
        self.toks.reserve(tokens);
        if !self.uids.is_empty() {
            self.masks.reserve(tokens);
        }
    }
}

/// Folded tokens to search: part of a [`Scratch`], and the byte offset to subtract from
/// positions in the folded text when the text searched starts later (a sentence cut out of
/// its source). Lets one fold per source serve every matcher that runs on its sentences.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FoldView<'a> {
    folded: &'a str,
    toks: &'a [Folded],
    /// Per token, from a [`Vocab`] (empty without one): which of `uids` may hit there.
    masks: &'a [u32],
    uids: &'a [u64],
    shift: usize,
}

impl<'a> FoldView<'a> {
    #[inline]
    fn tok(&self, k: usize) -> Folded {
        let mut f = self.toks[k];
        if self.shift != 0 {
            if f.in_text {
                f.start = f.start.saturating_sub(self.shift);
                f.end = f.end.saturating_sub(self.shift);
                f.stem_end = f.stem_end.saturating_sub(self.shift);
            }
            f.orig_stem_end = f.orig_stem_end.saturating_sub(self.shift);
        }
        f
    }

    /// The hash ([`str_hash`]) of `prefix`, the first `len` bytes of folded token `f`:
    /// kept by the fold for the whole token and its stem, computed for other prefixes.
    #[inline]
    fn hash(&self, f: &Folded, len: usize, prefix: &str) -> u64 {
        if len == f.end - f.start {
            f.hash_full
        } else if len == f.stem_end - f.start {
            f.hash_stem
        } else {
            str_hash(prefix)
        }
    }

    /// The tokens in `range` (indices into this view); empty when out of bounds.
    /// The hash of token `k`'s folded form ([`str_hash`]), when this view has token `k`
    /// and its text is ASCII: it then equals `align::fold_hash` of the text, the same FNV
    /// seed and step over the same lower-cased bytes (`fold_hash_is_the_ascii_fold_hash`).
    #[inline]
    pub(crate) fn ascii_hash_of(&self, k: usize) -> Option<u64> {
        self.toks.get(k).filter(|f| f.ascii).map(|f| f.hash_full)
    }

    pub(crate) fn sub(self, range: std::ops::Range<usize>) -> Self {
        let masks = if self.masks.is_empty() {
            &[]
        } else {
            self.masks.get(range.clone()).unwrap_or(&[])
        };
        FoldView {
            toks: self.toks.get(range).unwrap_or(&[]),
            masks,
            ..self
        }
    }

    /// The mask bit of the matcher with `uid`, when this fold has masks for it.
    #[inline]
    fn bit_of(&self, uid: u64) -> Option<u32> {
        if self.masks.len() != self.toks.len() || self.masks.is_empty() {
            return None;
        }
        let b = self.uids.iter().position(|&u| u == uid)?;
        u32::try_from(b).ok().map(|b| 1 << b)
    }

    /// The same tokens, for a text that starts `by` bytes later.
    pub(crate) fn shifted(self, by: usize) -> Self {
        FoldView {
            shift: self.shift + by,
            ..self
        }
    }

    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }
}

#[derive(Clone, Copy, Debug)]
struct Folded {
    /// The folded form is the original text itself (lower-case ASCII: no copy).
    in_text: bool,
    /// The token's text is ASCII (its fold then only lower-cases it).
    ascii: bool,
    /// Range of the folded token in `Scratch::folded`.
    start: usize,
    end: usize,
    /// End of the folded stem (`end - 2` for a possessive `'s`, else `end`).
    stem_end: usize,
    /// Original byte end of the stem.
    orig_stem_end: usize,
    /// [`str_hash`] of the folded token and of its stem: every matcher probes its
    /// tables with these instead of hashing the token again.
    hash_full: u64,
    hash_stem: u64,
    /// The folded token's first byte (0 when empty), for [`Matcher::quick`] without
    /// slicing the text.
    first: u8,
}

impl Folded {
    #[inline]
    fn full<'a>(&self, text: &'a str, folded: &'a str) -> &'a str {
        let src = if self.in_text { text } else { folded };
        src.get(self.start..self.end).unwrap_or("")
    }

    #[inline]
    fn stem<'a>(&self, text: &'a str, folded: &'a str) -> &'a str {
        let src = if self.in_text { text } else { folded };
        src.get(self.start..self.stem_end).unwrap_or("")
    }
}

pub(crate) use crate::hash::FxMap;

/// Which (first byte, length) pairs occur among a map's keys: a lookup whose pair is
/// absent cannot hit, so most tokens skip hashing (bit 63 stands for lengths ≥ 63).
#[derive(Clone, Debug)]
struct KeyFilter(Box<[u64; 256]>);

impl Default for KeyFilter {
    fn default() -> Self {
        KeyFilter(Box::new([0; 256]))
    }
}

impl KeyFilter {
    fn of<'a>(keys: impl Iterator<Item = &'a str>) -> KeyFilter {
        let mut f = KeyFilter::default();
        for k in keys {
            match k.as_bytes().first() {
                Some(&b) => f.0[usize::from(b)] |= 1 << k.len().min(63),
                // An empty key: let every lookup through.
                None => f.0.iter_mut().for_each(|m| *m = u64::MAX),
            }
        }
        f
    }

    #[inline]
    fn may(&self, key: &str) -> bool {
        match key.as_bytes().first() {
            Some(&b) => self.0[usize::from(b)] & (1 << key.len().min(63)) != 0,
            None => true,
        }
    }
}

/// FNV-1a over bytes: the hash of a string extends byte by byte, so one pass over a token
/// gives the hashes of all its prefixes (for the prefix patterns) and of the token itself.
const HASH_SEED: u64 = 0xcbf2_9ce4_8422_2325;

#[inline]
fn hash_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// The hash [`Scratch`] keeps for a folded string.
fn str_hash(s: &str) -> u64 {
    s.bytes().fold(HASH_SEED, hash_step)
}

/// Folded key -> pattern indices, probed with a precomputed [`str_hash`]: open addressing,
/// at most half full, each slot holding the key's hash, so that a miss (most tokens) reads
/// one slot and no key. Keys and lists live in two flat arrays that each slot points into:
/// a hit reads the slot, the key's bytes and the list, not three separately allocated
/// boxes. Keys come from lexicon files; text only chooses what to look up.
#[derive(Clone, Debug, Default)]
struct StrTable {
    slots: Box<[Slot]>,
    /// Every key's text, one after another.
    key_text: String,
    /// Every key's list, one after another.
    items: Box<[u32]>,
    /// One bit per hash class, about 16 bits per key (a Bloom filter with one hash):
    /// a small array in cache that rules out most misses before the slots are read.
    bloom: Box<[u64]>,
}

/// A [`StrTable`] slot: the key's hash and where its text and list are ([`Slot::EMPTY`]
/// when no key is there).
#[derive(Clone, Copy, Debug)]
struct Slot {
    hash: u64,
    key_start: u32,
    key_end: u32,
    list_start: u32,
    list_end: u32,
}

impl StrTable {
    fn new(items: impl IntoIterator<Item = (Box<str>, Box<[u32]>)>) -> StrTable {
        let mut t = StrTable::default();
        // (hash, key span, list span); keys and lists past 4 GB (never met: the lexicon
        // would not fit in memory) are left out rather than wrapped.
        let mut entries: Vec<(u64, u32, u32, u32, u32)> = Vec::new();
        let mut list_items: Vec<u32> = Vec::new();
        for (k, v) in items {
            let (Ok(ks), Ok(ke), Ok(ls), Ok(le)) = (
                u32::try_from(t.key_text.len()),
                u32::try_from(t.key_text.len() + k.len()),
                u32::try_from(list_items.len()),
                u32::try_from(list_items.len() + v.len()),
            ) else {
                continue;
            };
            t.key_text.push_str(&k);
            list_items.extend_from_slice(&v);
            entries.push((str_hash(&k), ks, ke, ls, le));
        }
        t.items = list_items.into_boxed_slice();
        let size = (entries.len() * 2).next_power_of_two().max(2);
        let mut slots = vec![Slot::EMPTY; size];
        for &(h, ks, ke, ls, le) in &entries {
            let mut at = Self::home(h, size);
            while !slots[at].is_empty() {
                at = (at + 1) & (size - 1);
            }
            slots[at] = Slot {
                hash: h,
                key_start: ks,
                key_end: ke,
                list_start: ls,
                list_end: le,
            };
        }
        t.slots = slots.into_boxed_slice();
        let words = (entries.len() * 16 / 64).next_power_of_two().max(1);
        let mut bloom = vec![0u64; words];
        for &(h, ..) in &entries {
            let bit = Self::bloom_bit(h, words);
            bloom[bit / 64] |= 1 << (bit % 64);
        }
        t.bloom = bloom.into_boxed_slice();
        t
    }

    /// The filter bit of `hash` among `words * 64` (other bits of the hash than `home`).
    #[inline]
    fn bloom_bit(hash: u64, words: usize) -> usize {
        (hash.rotate_left(23).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & (words * 64 - 1)
    }

    #[inline]
    fn home(hash: u64, size: usize) -> usize {
        ((hash ^ (hash >> 32)).wrapping_mul(crate::hash::MULTIPLIER) >> 32) as usize & (size - 1)
    }

    /// The list stored for `key`, whose [`str_hash`] is `hash`.
    #[inline]
    fn get(&self, hash: u64, key: &str) -> Option<&[u32]> {
        self.get_span(hash, key).map(|span| self.list(span))
    }

    /// The list of `key` as a range of [`StrTable::list`]: a handle that stays valid as
    /// long as the table.
    fn list(&self, (start, end): (u32, u32)) -> &[u32] {
        self.items
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// Where the list of `key` is (see [`StrTable::list`]).
    fn get_span(&self, hash: u64, key: &str) -> Option<(u32, u32)> {
        let size = self.slots.len();
        if size == 0 || self.bloom.is_empty() {
            return None;
        }
        let bit = Self::bloom_bit(hash, self.bloom.len());
        if self
            .bloom
            .get(bit / 64)
            .map_or(true, |w| w & (1 << (bit % 64)) == 0)
        {
            return None;
        }
        let mut at = Self::home(hash, size);
        loop {
            let s = self.slots[at];
            if s.is_empty() {
                return None;
            }
            if s.hash == hash
                && self
                    .key_text
                    .as_bytes()
                    .get(s.key_start as usize..s.key_end as usize)
                    == Some(key.as_bytes())
            {
                return Some((s.list_start, s.list_end));
            }
            at = (at + 1) & (size - 1);
        }
    }

    fn keys(&self) -> impl Iterator<Item = &str> {
        self.slots.iter().filter(|s| !s.is_empty()).map(|s| {
            self.key_text
                .get(s.key_start as usize..s.key_end as usize)
                .unwrap_or("")
        })
    }
}

impl Slot {
    /// No key: a start past the end (a real key's start is at most its end).
    const EMPTY: Slot = Slot {
        hash: 0,
        key_start: 1,
        key_end: 0,
        list_start: 0,
        list_end: 0,
    };

    #[inline]
    fn is_empty(&self) -> bool {
        self.key_start > self.key_end
    }
}

/// First character -> pattern indices, with a direct table for ASCII (most words).
#[derive(Clone, Debug)]
struct CharTable {
    /// ASCII character -> entry index + 1 (0: none).
    ascii: Box<[u32; 128]>,
    other: FxMap<char, u32>,
    lists: Vec<Box<[u32]>>,
}

impl Default for CharTable {
    fn default() -> Self {
        CharTable {
            ascii: Box::new([0; 128]),
            other: FxMap::default(),
            lists: Vec::new(),
        }
    }
}

impl CharTable {
    fn new(items: impl IntoIterator<Item = (char, Box<[u32]>)>) -> CharTable {
        let mut t = CharTable::default();
        for (c, list) in items {
            let idx = u32::try_from(t.lists.len() + 1).unwrap_or(u32::MAX);
            t.lists.push(list);
            match usize::try_from(u32::from(c)) {
                Ok(a) if a < 128 => t.ascii[a] = idx,
                _ => {
                    t.other.insert(c, idx);
                }
            }
        }
        t
    }

    /// Index of the list for words starting with `c`.
    #[inline]
    fn index(&self, c: char) -> Option<usize> {
        let idx = match usize::try_from(u32::from(c)) {
            Ok(a) if a < 128 => self.ascii[a],
            _ => self.other.get(&c).copied().unwrap_or(0),
        };
        (idx as usize).checked_sub(1)
    }

    #[inline]
    fn get(&self, c: char) -> Option<&[u32]> {
        self.index(c).and_then(|i| self.lists.get(i)).map(|l| &**l)
    }

    fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }
}

#[derive(Clone, Debug)]
struct SeqPat {
    entry: u32,
    toks: Box<[PatToken]>,
    via: MatchVia,
    case_sensitive: bool,
    prio: u64,
    /// [`str_hash`] of the second word's folded form when it must equal a token's (or,
    /// last of the pattern, a token's possessive stem): a token whose hashes differ is
    /// turned down without reading it. `None` for a prefix word or a single word.
    second_hash: Option<u64>,
}

#[derive(Clone, Debug)]
struct WildPat {
    entry: u32,
    lower: Box<str>,
    raw: Box<str>,
    via: MatchVia,
    case_sensitive: bool,
    prio: u64,
}

#[derive(Clone, Debug)]
struct FuzzyPat {
    entry: u32,
    word: Box<str>,
    /// The word's characters, for the stack-based similarity functions.
    word_chars: Box<[char]>,
    chars: usize,
    threshold: f64,
    min_len: usize,
    metric: FuzzyMetric,
    prio: u64,
}

/// Common words never fuzzy-matched, whatever their length. Sorted (binary search).
const FUZZY_STOP_WORDS: &[&str] = &[
    "about",
    "above",
    "across",
    "after",
    "again",
    "against",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "always",
    "among",
    "amongst",
    "and",
    "another",
    "anyone",
    "anything",
    "are",
    "around",
    "became",
    "because",
    "become",
    "been",
    "before",
    "behind",
    "being",
    "below",
    "between",
    "beyond",
    "both",
    "but",
    "could",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "enough",
    "ever",
    "every",
    "everyone",
    "everything",
    "first",
    "for",
    "from",
    "further",
    "have",
    "having",
    "her",
    "here",
    "herself",
    "himself",
    "his",
    "however",
    "indeed",
    "instead",
    "into",
    "itself",
    "just",
    "later",
    "least",
    "many",
    "meanwhile",
    "might",
    "more",
    "most",
    "much",
    "must",
    "neither",
    "never",
    "nevertheless",
    "nobody",
    "nonetheless",
    "not",
    "nothing",
    "often",
    "only",
    "onto",
    "other",
    "others",
    "otherwise",
    "ourselves",
    "over",
    "people",
    "perhaps",
    "rather",
    "same",
    "second",
    "shall",
    "should",
    "since",
    "some",
    "someone",
    "something",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "thereby",
    "therefore",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "though",
    "three",
    "through",
    "throughout",
    "together",
    "toward",
    "towards",
    "under",
    "unless",
    "until",
    "upon",
    "usually",
    "very",
    "was",
    "were",
    "what",
    "whatever",
    "when",
    "whenever",
    "where",
    "whereas",
    "wherever",
    "whether",
    "which",
    "while",
    "whose",
    "will",
    "with",
    "within",
    "without",
    "would",
    "years",
    "your",
    "yourself",
];

/// Tokens whose length differs from a fuzzy pattern's by more than this are skipped.
const FUZZY_MAX_LEN_DIFF: usize = 3;

/// A compiled lexicon. See the [module docs](super) for an example.
#[derive(Clone, Debug)]
pub struct Matcher {
    lexicon: Lexicon,
    seqs: Vec<SeqPat>,
    /// Folded first token -> sequence patterns, longest first, then by priority.
    by_first: StrTable,
    by_first_filter: KeyFilter,
    wilds: Vec<WildPat>,
    /// Folded prefix stem -> prefix patterns, by priority.
    prefixes: StrTable,
    prefixes_filter: KeyFilter,
    /// Distinct prefix stem lengths in bytes, longest first.
    prefix_lens: Box<[usize]>,
    /// `prefix_from[n]`: index of the first length in `prefix_lens` that is at most `n`
    /// (for token lengths up to 63; longer tokens compute it).
    prefix_from: Box<[u8; 64]>,
    /// First character -> glob patterns.
    globs: CharTable,
    fuzzies: Vec<FuzzyPat>,
    /// First character -> fuzzy patterns.
    fuzzy_by_first: CharTable,
    /// Per list of `fuzzy_by_first`: bit `n` is set when some pattern of the list can
    /// match a word of `n` characters (bit 63: of 63 or more, checked one by one).
    fuzzy_lens: Box<[u64]>,
    /// First byte of a folded token -> the token lengths in bytes (bit 63: 63 or more) at
    /// which any pattern can match it: exact first words, prefixes, globs and fuzzy words.
    /// Most tokens fail this one test, and a token with a possessive stem skips it.
    quick: Box<[u64; 256]>,
    /// Identity for [`Vocab`] masks: unique per compiled matcher (clones share it, and a
    /// matcher never changes after [`Matcher::new`]).
    uid: u64,
}

/// Source of [`Matcher::uid`].
static NEXT_MATCHER_UID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Matcher>();
    assert_send_sync::<Hit>();
};

fn prio(via: MatchVia, case_sensitive: bool, layer: usize, entry: u32) -> u64 {
    (via.rank() << 56)
        | (u64::from(case_sensitive) << 55)
        | (((layer as u64) & 0x7F_FFFF) << 32)
        | u64::from(u32::MAX - entry)
}

impl Matcher {
    /// Compile `lexicon`. Fails only when a pattern cannot be parsed (loaders validate
    /// patterns already) or the lexicon has more than `u32::MAX` entries.
    ///
    /// ```
    /// use stancelens::lexicon::{Entry, LexiconBuilder, Matcher};
    /// let lex = LexiconBuilder::new("t", "1").entry(Entry::new("a", "Baku", 0.0, "place")).build()?;
    /// let m = Matcher::new(lex)?;
    /// assert_eq!(m.rule_id("a").map(|r| m.entry(r).pattern.as_str()), Some("Baku"));
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn new(lexicon: Lexicon) -> Result<Matcher, LexiconError> {
        let mut m = Matcher {
            seqs: Vec::new(),
            by_first: StrTable::default(),
            by_first_filter: KeyFilter::default(),
            wilds: Vec::new(),
            prefixes: StrTable::default(),
            prefixes_filter: KeyFilter::default(),
            prefix_lens: Box::new([]),
            prefix_from: Box::new([0; 64]),
            globs: CharTable::default(),
            fuzzies: Vec::new(),
            fuzzy_by_first: CharTable::default(),
            fuzzy_lens: Box::new([]),
            quick: Box::new([0; 256]),
            lexicon: Lexicon::default(),
            uid: NEXT_MATCHER_UID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        };
        let mut problems = Vec::new();
        let mut by_first: FxMap<Box<str>, Vec<u32>> = FxMap::default();
        let mut prefixes: FxMap<Box<str>, Vec<u32>> = FxMap::default();
        let mut globs: FxMap<char, Vec<u32>> = FxMap::default();
        let mut fuzzy_by_first: FxMap<char, Vec<u32>> = FxMap::default();
        for (i, e) in lexicon.entries.iter().enumerate() {
            let Ok(idx) = u32::try_from(i) else {
                return Err(LexiconError::single(
                    Location::new("<lexicon>"),
                    None,
                    ProblemKind::OutOfRange,
                    "too many entries",
                ));
            };
            let forms = std::iter::once((e.pattern.as_str(), MatchVia::Exact))
                .chain(e.aliases.iter().map(|a| (a.as_str(), MatchVia::Alias)));
            for (text, via) in forms {
                let parsed = match pattern::parse(text, e.literal) {
                    Ok(p) => p,
                    Err((kind, message)) => {
                        problems.push(super::Problem {
                            location: e.origin.clone(),
                            rule_id: Some(e.id.clone()),
                            kind,
                            message,
                        });
                        continue;
                    }
                };
                if let (Some(f), true) = (e.fuzzy, parsed.is_single_word()) {
                    if let Parsed::Tokens(t) = &parsed {
                        let word: Box<str> = t[0].lower.clone().into();
                        if let Some(c) = word.chars().next() {
                            fuzzy_by_first
                                .entry(c)
                                .or_default()
                                .push(m.fuzzies.len() as u32);
                            m.fuzzies.push(FuzzyPat {
                                entry: idx,
                                chars: word.chars().count(),
                                word_chars: word.chars().collect(),
                                word,
                                threshold: f.threshold,
                                min_len: f.min_len,
                                metric: f.metric,
                                prio: prio(MatchVia::Fuzzy, e.case_sensitive, e.layer, idx),
                            });
                        }
                    }
                }
                match parsed {
                    Parsed::Tokens(toks) => {
                        let key: Box<str> = toks[0].lower.clone().into();
                        by_first.entry(key).or_default().push(m.seqs.len() as u32);
                        let second_hash = toks
                            .get(1)
                            .filter(|t| !t.prefix)
                            .map(|t| str_hash(&t.lower));
                        m.seqs.push(SeqPat {
                            entry: idx,
                            toks: toks.into_boxed_slice(),
                            via,
                            case_sensitive: e.case_sensitive,
                            prio: prio(via, e.case_sensitive, e.layer, idx),
                            second_hash,
                        });
                    }
                    Parsed::Prefix(lower, raw) => {
                        prefixes
                            .entry(lower.clone().into())
                            .or_default()
                            .push(m.wilds.len() as u32);
                        m.wilds.push(WildPat {
                            entry: idx,
                            lower: lower.into(),
                            raw: raw.into(),
                            via: MatchVia::Prefix,
                            case_sensitive: e.case_sensitive,
                            prio: prio(MatchVia::Prefix, e.case_sensitive, e.layer, idx),
                        });
                    }
                    Parsed::Glob(lower, raw) => {
                        if let Some(c) = lower.chars().next() {
                            globs.entry(c).or_default().push(m.wilds.len() as u32);
                        }
                        m.wilds.push(WildPat {
                            entry: idx,
                            lower: lower.into(),
                            raw: raw.into(),
                            via: MatchVia::Glob,
                            case_sensitive: e.case_sensitive,
                            prio: prio(MatchVia::Glob, e.case_sensitive, e.layer, idx),
                        });
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(LexiconError { problems });
        }
        let seqs = &m.seqs;
        m.by_first = StrTable::new(by_first.into_iter().map(|(k, mut v)| {
            v.sort_by(|&a, &b| {
                let (a, b) = (&seqs[a as usize], &seqs[b as usize]);
                b.toks.len().cmp(&a.toks.len()).then(b.prio.cmp(&a.prio))
            });
            (k, v.into_boxed_slice())
        }));
        let wilds = &m.wilds;
        let by_prio = |mut v: Vec<u32>| {
            v.sort_by(|&a, &b| wilds[b as usize].prio.cmp(&wilds[a as usize].prio));
            v.into_boxed_slice()
        };
        let mut lens: Vec<usize> = prefixes.keys().map(|k| k.len()).collect();
        lens.sort_unstable_by(|a, b| b.cmp(a));
        lens.dedup();
        m.prefix_lens = lens.into_boxed_slice();
        for (n, slot) in m.prefix_from.iter_mut().enumerate() {
            let from = m.prefix_lens.partition_point(|&l| l > n);
            *slot = u8::try_from(from).unwrap_or(u8::MAX);
        }
        m.prefixes = StrTable::new(prefixes.into_iter().map(|(k, v)| (k, by_prio(v))));
        m.prefixes_filter = KeyFilter::of(m.prefixes.keys());
        m.by_first_filter = KeyFilter::of(m.by_first.keys());
        m.globs = CharTable::new(globs.into_iter().map(|(k, v)| (k, by_prio(v))));
        m.fuzzy_by_first = CharTable::new(
            fuzzy_by_first
                .into_iter()
                .map(|(k, v)| (k, v.into_boxed_slice())),
        );
        let fuzzies = &m.fuzzies;
        m.fuzzy_lens = m
            .fuzzy_by_first
            .lists
            .iter()
            .map(|list| {
                (0..63usize).fold(1u64 << 63, |mask, n| {
                    let close = list.iter().any(|&fi| {
                        let fz = &fuzzies[fi as usize];
                        n >= fz.min_len && n.abs_diff(fz.chars) <= FUZZY_MAX_LEN_DIFF
                    });
                    mask | (u64::from(close) << n)
                })
            })
            .collect();
        m.quick = m.quick_filter();
        m.lexicon = lexicon;
        Ok(m)
    }

    /// The table behind [`Matcher::quick`]: a superset of the tokens that can match.
    fn quick_filter(&self) -> Box<[u64; 256]> {
        // Lengths `len` and up.
        let from = |len: usize| u64::MAX << len.min(63);
        let mut q = self.by_first_filter.0.clone();
        for k in self.prefixes.keys() {
            match k.as_bytes().first() {
                Some(&b) => q[usize::from(b)] |= from(k.len()),
                None => q.iter_mut().for_each(|m| *m = u64::MAX),
            }
        }
        let first_byte = |c: char| {
            let mut buf = [0u8; 4];
            c.encode_utf8(&mut buf);
            usize::from(buf[0])
        };
        let lists = self
            .globs
            .ascii
            .iter()
            .enumerate()
            .filter(|(_, &i)| i != 0)
            .map(|(c, _)| c)
            .chain(self.globs.other.keys().map(|&c| first_byte(c)));
        for b in lists {
            q[b] = u64::MAX;
        }
        // A fuzzy word of `n` characters has at least `n` bytes.
        for fz in &self.fuzzies {
            if let Some(c) = fz.word.chars().next() {
                let shortest = fz.min_len.max(fz.chars.saturating_sub(FUZZY_MAX_LEN_DIFF));
                q[first_byte(c)] |= from(shortest);
            }
        }
        q
    }

    /// This matcher's identity in a [`Vocab`].
    pub(crate) fn uid(&self) -> u64 {
        self.uid
    }

    /// The compiled lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The entry a hit of this matcher refers to. Ids from another matcher may be out
    /// of bounds: use [`Matcher::get`] for those.
    pub fn entry(&self, rule: RuleId) -> &Entry {
        &self.lexicon.entries[rule.index()]
    }

    /// The entry for `rule`, if it exists.
    pub fn get(&self, rule: RuleId) -> Option<&Entry> {
        self.lexicon.entries.get(rule.index())
    }

    /// The rule with string id `id`.
    pub fn rule_id(&self, id: &str) -> Option<RuleId> {
        self.lexicon
            .entries
            .iter()
            .position(|e| e.id == id)
            .and_then(|i| u32::try_from(i).ok())
            .map(RuleId)
    }

    /// Tokenize `text` and return all leftmost-longest hits.
    ///
    /// ```
    /// use stancelens::lexicon::Lexicon;
    /// let m = Lexicon::from_toml_str(r#"
    /// [[rule]]
    /// id = "kind"
    /// pattern = "kind"
    /// [[rule]]
    /// id = "kind-of"
    /// pattern = "kind of"
    /// "#, "t.toml")?.compile()?;
    /// let text = "It is kind of odd, and kind.";
    /// let ids: Vec<&str> = m.find_all(text).iter().map(|h| m.entry(h.rule).id.as_str()).collect();
    /// assert_eq!(ids, ["kind-of", "kind"]);
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn find_all(&self, text: &str) -> Vec<Hit> {
        let tokens = tokenize(text);
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        self.find_in_tokens(text, &tokens, &mut scratch, &mut out);
        out
    }

    /// Append to `out` the hits over `tokens` (tokens of `text`, e.g. one sentence's
    /// slice of them). Token ranges index into `tokens`. Reuse `scratch` across calls to
    /// avoid allocation.
    ///
    /// ```
    /// use stancelens::lexicon::{Lexicon, Scratch};
    /// use stancelens::text::tokenize;
    /// let m = Lexicon::from_toml_str("[[rule]]\nid = \"a\"\npattern = \"Aliyev\"\n", "a.toml")?.compile()?;
    /// let text = "President Aliyev’s visit";
    /// let toks = tokenize(text);
    /// let (mut scratch, mut hits) = (Scratch::default(), Vec::new());
    /// m.find_in_tokens(text, &toks, &mut scratch, &mut hits);
    /// assert_eq!(hits[0].span.slice(text), "Aliyev");
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn find_in_tokens(
        &self,
        text: &str,
        tokens: &[Token],
        scratch: &mut Scratch,
        out: &mut Vec<Hit>,
    ) {
        fold_tokens(text, tokens, scratch, None);
        self.find_in_folded(text, tokens, scratch.view(), out);
    }

    /// Fold `tokens` into `scratch` once, so that several matchers can run on them with
    /// [`find_in_folded`](Self::find_in_folded) (folding depends only on the tokens).
    pub(crate) fn fold(text: &str, tokens: &[Token], scratch: &mut Scratch) {
        fold_tokens(text, tokens, scratch, None);
    }

    /// Start an empty fold in `scratch`, with `vocab`'s masks (see [`Vocab`]) when given.
    pub(crate) fn fold_start(scratch: &mut Scratch, vocab: Option<&Vocab>) {
        fold_tokens("", &[], scratch, vocab);
    }

    /// [`fold`](Self::fold) appending after the tokens already in `scratch`, so that a
    /// whole source folds once and each sentence takes a [`FoldView::sub`] of it. Uses the
    /// vocabulary `scratch` was started with ([`fold_start`](Self::fold_start)).
    pub(crate) fn fold_more(
        text: &str,
        tokens: &[Token],
        scratch: &mut Scratch,
        vocab: Option<&Vocab>,
    ) {
        fold_more(text, tokens, scratch, vocab);
    }

    /// [`find_in_tokens`](Self::find_in_tokens) on tokens already folded by
    /// [`fold`](Self::fold): `folded` must view exactly `tokens`, shifted to `text`.
    pub(crate) fn find_in_folded(
        &self,
        text: &str,
        tokens: &[Token],
        folded: FoldView<'_>,
        out: &mut Vec<Hit>,
    ) {
        if folded.len() != tokens.len() {
            // A caller bug, never input: fall back to folding here.
            debug_assert!(false, "fold view does not match the tokens");
            let mut scratch = Scratch::default();
            fold_tokens(text, tokens, &mut scratch, None);
            return self.find_in_folded(text, tokens, scratch.view(), out);
        }
        // With the fold's vocabulary, its mark says where this matcher may hit; without,
        // the quick filter reads the stored token. Most tokens stop at either.
        match folded.bit_of(self.uid) {
            Some(bit) => self.scan(text, tokens, &folded, out, |i| {
                folded.masks.get(i).is_some_and(|m| m & bit == 0)
            }),
            None => self.scan(text, tokens, &folded, out, |i| {
                self.quick_rejects(&folded, i)
            }),
        }
    }

    /// Leftmost-longest hits over `tokens`, passing over the tokens `skip` rules out
    /// (one copy per filter, so the filter is not chosen again at every token).
    #[inline]
    fn scan(
        &self,
        text: &str,
        tokens: &[Token],
        folded: &FoldView<'_>,
        out: &mut Vec<Hit>,
        skip: impl Fn(usize) -> bool,
    ) {
        // The thread's memo of single-token outcomes, unless in use (it never is: nothing
        // below scans again).
        HIT_MEMO.with(|m| {
            let mut memo = m.try_borrow_mut().ok();
            let mut i = 0usize;
            while i < tokens.len() {
                if skip(i) {
                    i += 1;
                    continue;
                }
                let found = match memo.as_deref_mut() {
                    Some(memo) => memo.best_at(self, text, tokens, folded, i),
                    None => self.best_at(text, tokens, folded, i),
                };
                match found {
                    Some(h) => {
                        i = h.token_range.end.max(i + 1);
                        out.push(h);
                    }
                    None => i += 1,
                }
            }
        });
    }

    /// Whether no pattern can match at token `i`, by its first byte and length alone.
    #[inline]
    fn quick_rejects(&self, sc: &FoldView<'_>, i: usize) -> bool {
        sc.toks.get(i).is_some_and(|t| {
            let len = t.end - t.start;
            t.stem_end == t.end
                && len > 0
                && self.quick[usize::from(t.first)] & (1 << len.min(63)) == 0
        })
    }

    /// The best hit starting at token `i`: a pattern of several words if one matches
    /// (the longest, then the highest priority), else the best single-token hit.
    fn best_at(&self, text: &str, tokens: &[Token], sc: &FoldView<'_>, i: usize) -> Option<Hit> {
        let list = self
            .first_span(text, sc, i)
            .map(|span| self.by_first.list(span));
        self.multi_at(list, text, tokens, sc, i)
            .or_else(|| self.single_at(list, text, tokens, sc, i))
    }

    /// Where the sequence patterns whose first word is token `i`'s folded form are in
    /// `by_first` (longest first, then by priority).
    fn first_span(&self, text: &str, sc: &FoldView<'_>, i: usize) -> Option<(u32, u32)> {
        let f = sc.tok(i);
        let full = f.full(text, sc.folded);
        if self.by_first_filter.may(full) {
            self.by_first.get_span(sc.hash(&f, full.len(), full), full)
        } else {
            None
        }
    }

    /// Whether `list` (from [`Matcher::first_span`]) holds patterns of several words.
    fn has_multi(&self, list: Option<&[u32]>) -> bool {
        list.and_then(|l| l.first())
            .is_some_and(|&pi| self.seqs.get(pi as usize).is_some_and(|p| p.toks.len() > 1))
    }

    /// The second words of the patterns of several words in `list`, as one bit each of
    /// [`second_bit`] (all bits when a pattern's second word has no fixed hash): the next
    /// token can start none of them unless its full or stem hash has a bit here, since
    /// [`Matcher::multi_at`] asks one of them to equal the pattern's `second_hash`.
    fn second_words(&self, list: Option<&[u32]>) -> u64 {
        let mut bits = 0u64;
        for &pi in list.unwrap_or_default() {
            let Some(p) = self.seqs.get(pi as usize) else {
                continue;
            };
            if p.toks.len() == 1 {
                break; // longest first: the rest are single words
            }
            bits |= p.second_hash.map_or(u64::MAX, second_bit);
        }
        bits
    }

    /// The first pattern of several words in `list` that matches at token `i`: the only
    /// part of a token's outcome that depends on the tokens after it.
    fn multi_at(
        &self,
        list: Option<&[u32]>,
        text: &str,
        tokens: &[Token],
        sc: &FoldView<'_>,
        i: usize,
    ) -> Option<Hit> {
        for &pi in list? {
            let p = &self.seqs[pi as usize];
            if p.toks.len() == 1 {
                break; // longest first: the rest are single words
            }
            if let Some(h) = p.second_hash {
                // The second word equals the next token (or its stem) only if a hash does.
                match sc.toks.get(i + 1) {
                    Some(next) if next.hash_full == h || next.hash_stem == h => {}
                    _ => continue,
                }
            }
            if let Some(end) = self.seq_match(p, text, tokens, sc, i) {
                let span = Span::new(tokens[i].span.start, end.1);
                return Some(hit(p.entry, span, i, end.0, p.via, 1.0));
            }
        }
        None
    }

    /// The best hit on token `i` alone (single-word patterns of `list`, the possessive's
    /// stem, prefixes, globs, then fuzzy words): a function of the token's text and kind.
    fn single_at(
        &self,
        list: Option<&[u32]>,
        text: &str,
        tokens: &[Token],
        sc: &FoldView<'_>,
        i: usize,
    ) -> Option<Hit> {
        let f = sc.tok(i);
        let full = f.full(text, sc.folded);
        let stem = (f.stem_end != f.end).then(|| f.stem(text, sc.folded));
        // (priority, hit)
        let mut best: Option<(u64, Hit)> = None;
        let better = |best: &Option<(u64, Hit)>, p: u64| match best {
            None => true,
            Some((bp, _)) => p > *bp,
        };
        for &pi in list.unwrap_or_default() {
            let p = &self.seqs[pi as usize];
            if p.toks.len() != 1 {
                continue;
            }
            if let Some(end) = self.seq_match(p, text, tokens, sc, i) {
                let span = Span::new(tokens[i].span.start, end.1);
                best = Some((p.prio, hit(p.entry, span, i, end.0, p.via, 1.0)));
                break;
            }
        }
        if let (Some(stem), true) = (stem, best.is_none()) {
            let first = if self.by_first_filter.may(stem) {
                self.by_first.get(sc.hash(&f, stem.len(), stem), stem)
            } else {
                None
            };
            if let Some(list) = first {
                for &pi in list.iter() {
                    let p = &self.seqs[pi as usize];
                    if p.toks.len() != 1 || !better(&best, p.prio) {
                        continue;
                    }
                    let orig = Span::new(tokens[i].span.start, f.orig_stem_end);
                    if !p.case_sensitive || eq_punct_folded(orig.slice(text), &p.toks[0].raw) {
                        best = Some((p.prio, hit(p.entry, orig, i, i + 1, p.via, 1.0)));
                        break;
                    }
                }
            }
        }
        let word = tokens[i].kind == TokenKind::Word || tokens[i].kind == TokenKind::Number;
        if word {
            let orig = tokens[i].span.slice(text);
            // Every prefix of `full` starts with its first byte: one filter word tells
            // which lengths can hit; lengths are sorted longest first.
            let mask = full
                .as_bytes()
                .first()
                .map_or(u64::MAX, |&b| self.prefixes_filter.0[usize::from(b)]);
            let from = if mask == 0 {
                self.prefix_lens.len()
            } else {
                match self.prefix_from.get(full.len()) {
                    Some(&from) if from != u8::MAX => usize::from(from),
                    _ => self.prefix_lens.partition_point(|&l| l > full.len()),
                }
            };
            for &len in self.prefix_lens[from..].iter() {
                if mask & (1 << len.min(63)) == 0 || !full.is_char_boundary(len) {
                    continue;
                }
                let prefix = &full[..len];
                let Some(list) = self.prefixes.get(sc.hash(&f, len, prefix), prefix) else {
                    continue;
                };
                for &wi in list.iter() {
                    let w = &self.wilds[wi as usize];
                    if !better(&best, w.prio) {
                        break;
                    }
                    if !w.case_sensitive || starts_with_folded(orig, &w.raw) {
                        best = Some((w.prio, hit(w.entry, tokens[i].span, i, i + 1, w.via, 1.0)));
                        break;
                    }
                }
            }
            let globs = if self.globs.is_empty() {
                None
            } else {
                full.chars().next().and_then(|c| self.globs.get(c))
            };
            if let Some(list) = globs {
                for &wi in list.iter() {
                    let w = &self.wilds[wi as usize];
                    if !better(&best, w.prio) {
                        break;
                    }
                    let ok = if w.case_sensitive {
                        glob_match_folded(&w.raw, orig)
                    } else {
                        glob_match(&w.lower, full) || stem.is_some_and(|s| glob_match(&w.lower, s))
                    };
                    if ok {
                        best = Some((w.prio, hit(w.entry, tokens[i].span, i, i + 1, w.via, 1.0)));
                        break;
                    }
                }
            }
        }
        if best.is_none() && tokens[i].kind == TokenKind::Word {
            return self.fuzzy_at(tokens, sc, i, stem.unwrap_or(full));
        }
        best.map(|b| b.1)
    }

    /// Fuzzy fallback for a token with no other hit.
    fn fuzzy_at(&self, tokens: &[Token], sc: &FoldView<'_>, i: usize, word: &str) -> Option<Hit> {
        // Cheap filters first: most tokens have no candidate of a close length.
        let (li, n) = fuzzy_candidates(&self.fuzzy_by_first, &self.fuzzy_lens, word)?;
        let list = self.fuzzy_by_first.lists.get(li)?;
        let close = |fi: &u32| {
            let fz = &self.fuzzies[*fi as usize];
            n >= fz.min_len && n.abs_diff(fz.chars) <= FUZZY_MAX_LEN_DIFF
        };
        if !list.iter().any(close) || FUZZY_STOP_WORDS.binary_search(&word).is_ok() {
            return None;
        }
        let mut buf = ['\0'; similarity::MAX];
        let stack = similarity::chars_into(word, &mut buf);
        let mut best: Option<(f64, u64, u32)> = None;
        for &fi in list.iter() {
            let fz = &self.fuzzies[fi as usize];
            if n < fz.min_len || n.abs_diff(fz.chars) > FUZZY_MAX_LEN_DIFF {
                continue;
            }
            let sim = match (stack, fz.metric, fz.chars <= similarity::MAX) {
                (Some(n), FuzzyMetric::JaroWinkler, true) => {
                    similarity::jaro_winkler(&buf[..n], &fz.word_chars)
                }
                (Some(n), FuzzyMetric::Levenshtein, true) => {
                    // Below the threshold the value is never used: stop early.
                    match similarity::normalized_levenshtein_at_least(
                        &buf[..n],
                        &fz.word_chars,
                        fz.threshold,
                    ) {
                        Some(sim) => sim,
                        None => continue,
                    }
                }
                // Words too long for the stack buffers (rare): strsim allocates.
                (_, FuzzyMetric::JaroWinkler, _) => strsim::jaro_winkler(word, &fz.word),
                (_, FuzzyMetric::Levenshtein, _) => strsim::normalized_levenshtein(word, &fz.word),
            };
            if sim >= fz.threshold
                && best.map_or(true, |(bs, bp, _)| sim > bs || (sim == bs && fz.prio > bp))
            {
                best = Some((sim, fz.prio, fz.entry));
            }
        }
        let (sim, _, entry) = best?;
        let f = sc.tok(i);
        let span = Span::new(tokens[i].span.start, f.orig_stem_end);
        Some(hit(entry, span, i, i + 1, MatchVia::Fuzzy, sim))
    }

    /// Whether sequence pattern `p` matches at token `i`; returns (end token, end byte).
    /// `p` comes from the table keyed by token `i`'s folded form, so its first word (when
    /// not a prefix) is known to equal it: only its case is checked.
    fn seq_match(
        &self,
        p: &SeqPat,
        text: &str,
        tokens: &[Token],
        sc: &FoldView<'_>,
        i: usize,
    ) -> Option<(usize, usize)> {
        let n = p.toks.len();
        if i + n > tokens.len() {
            return None;
        }
        let mut end_byte = tokens[i].span.end;
        for (j, pt) in p.toks.iter().enumerate() {
            let k = i + j;
            if j > 0
                && p.toks[j - 1].glued_to_next
                && tokens[k - 1].span.end != tokens[k].span.start
            {
                return None;
            }
            let orig = tokens[k].span;
            if j == 0 && !pt.prefix {
                if !p.case_sensitive || eq_punct_folded(orig.slice(text), &pt.raw) {
                    end_byte = orig.end;
                    continue;
                }
                return None;
            }
            let f = sc.tok(k);
            let full = f.full(text, sc.folded);
            let last = j + 1 == n;
            if pt.prefix {
                if full.starts_with(pt.lower.as_str())
                    && (!p.case_sensitive || starts_with_folded(orig.slice(text), &pt.raw))
                {
                    end_byte = orig.end;
                    continue;
                }
                return None;
            }
            if full == pt.lower && (!p.case_sensitive || eq_punct_folded(orig.slice(text), &pt.raw))
            {
                end_byte = orig.end;
                continue;
            }
            // A possessive `'s` may follow the last word of a pattern.
            let stem = f.stem(text, sc.folded);
            let orig_stem = Span::new(orig.start, f.orig_stem_end);
            if last
                && j > 0
                && f.stem_end != f.end
                && stem == pt.lower
                && (!p.case_sensitive || eq_punct_folded(orig_stem.slice(text), &pt.raw))
            {
                end_byte = orig_stem.end;
                continue;
            }
            return None;
        }
        Some((i + n, end_byte))
    }
}

#[inline]
fn hit(entry: u32, span: Span, start: usize, end: usize, via: MatchVia, similarity: f64) -> Hit {
    Hit {
        rule: RuleId(entry),
        span,
        token_range: TokenRange { start, end },
        via,
        similarity,
    }
}

/// Case-sensitive prefix test with punctuation folding.
fn starts_with_folded(text: &str, prefix: &str) -> bool {
    let mut t = text.chars().map(pattern::fold_punct);
    prefix.chars().all(|p| t.next() == Some(p))
}

/// Case-sensitive glob test: folds punctuation into a small stack buffer when possible.
fn glob_match_folded(glob: &str, text: &str) -> bool {
    if text.is_ascii() {
        return glob_match(glob, text);
    }
    let mut s = String::new();
    fold_into(text, false, &mut s);
    glob_match(glob, &s)
}

/// The first-token keys of several matchers in one place: folding a token with a `Vocab`
/// looks it up once and records, as a bit per matcher, which of them may hit there
/// (an exact or aliased first word, a prefix, a glob's first character, a fuzzy word's
/// first character and length). A matcher whose bit is clear skips the token without
/// reading it; one that is not in the vocabulary filters for itself, as without one.
/// The bits are a superset of the hits: they never change what matches.
#[derive(Clone, Debug, Default)]
pub(crate) struct Vocab {
    /// Bit `b` stands for the matcher with uid `uids[b]` (at most 32).
    uids: Vec<u64>,
    /// Folded first word of a sequence pattern -> its [`Marks`] (as [`Marks::to_list`]).
    exact: StrTable,
    exact_filter: KeyFilter,
    /// Folded prefix stem -> matchers (a one-element list).
    prefixes: StrTable,
    prefixes_filter: KeyFilter,
    /// Longest prefix stem, in bytes.
    longest_prefix: usize,
    /// Matchers with an empty prefix stem: every word may hit.
    any_prefix: u32,
    /// Matchers with globs: their first-character table.
    globs: Vec<(u32, CharTable)>,
    /// Matchers with fuzzy words: their first-character table and length masks.
    fuzzy: Vec<(u32, CharTable, Box<[u64]>)>,
}

impl Vocab {
    /// The vocabulary of `matchers` (the first 32 distinct ones; the others filter for
    /// themselves).
    pub(crate) fn new<'m>(matchers: impl IntoIterator<Item = &'m Matcher>) -> Vocab {
        let mut v = Vocab::default();
        let mut exact: FxMap<Box<str>, Marks> = FxMap::default();
        let mut prefixes: FxMap<Box<str>, u32> = FxMap::default();
        for m in matchers {
            if v.uids.len() == 32 || v.uids.contains(&m.uid) {
                continue;
            }
            let bit = 1u32 << v.uids.len();
            v.uids.push(m.uid);
            for k in m.by_first.keys() {
                let list = m.by_first.get(str_hash(k), k);
                let marks = exact.entry(k.into()).or_default();
                let single = list
                    .unwrap_or_default()
                    .iter()
                    .any(|&pi| m.seqs.get(pi as usize).is_some_and(|p| p.toks.len() == 1));
                if single {
                    marks.single |= bit;
                }
                if m.has_multi(list) {
                    marks.multi |= bit;
                    marks.second |= m.second_words(list);
                }
            }
            for k in m.prefixes.keys() {
                if k.is_empty() {
                    v.any_prefix |= bit;
                }
                v.longest_prefix = v.longest_prefix.max(k.len());
                *prefixes.entry(k.into()).or_default() |= bit;
            }
            if !m.globs.is_empty() {
                v.globs.push((bit, m.globs.clone()));
            }
            if !m.fuzzy_by_first.is_empty() {
                v.fuzzy
                    .push((bit, m.fuzzy_by_first.clone(), m.fuzzy_lens.clone()));
            }
        }
        v.exact = StrTable::new(exact.into_iter().map(|(k, m)| (k, m.to_list())));
        v.exact_filter = KeyFilter::of(v.exact.keys());
        v.prefixes = StrTable::new(prefixes.into_iter().map(|(k, b)| (k, Box::from([b]))));
        v.prefixes_filter = KeyFilter::of(v.prefixes.keys());
        v
    }

    /// Which matchers may hit at a token: `full` is its folded form, `stem` that without
    /// a possessive `'s`, `f` its fold record (for the hashes). Mirrors the tests of
    /// [`Matcher::best_at`] and [`Matcher::fuzzy_at`], keeping every candidate.
    fn marks(&self, full: &str, stem: Option<&str>, f: &Folded, kind: TokenKind) -> Marks {
        let one = |l: Option<&[u32]>| l.and_then(|l| l.first()).copied().unwrap_or(0);
        // Patterns of several words start only at a token whose whole folded form is their
        // first word; the stem serves single words (see `Matcher::single_at`).
        let mut marks = if self.exact_filter.may(full) {
            Marks::of_list(self.exact.get(f.hash_full, full))
        } else {
            Marks::default()
        };
        let mut m = marks.single;
        if let Some(stem) = stem {
            if self.exact_filter.may(stem) {
                m |= Marks::of_list(self.exact.get(f.hash_stem, stem)).single;
            }
        }
        if matches!(kind, TokenKind::Word | TokenKind::Number) {
            m |= self.any_prefix;
            let lens = full
                .as_bytes()
                .first()
                .map_or(0, |&b| self.prefixes_filter.0[usize::from(b)]);
            // Lengths 1..=the token's (bit 63: 63 and more) at which a stem may start it.
            let upto = full.len().min(63);
            let mut bits = lens & (u64::MAX >> (63 - upto)) & !1;
            if bits != 0 {
                // FNV extends byte by byte: one pass gives every prefix's hash.
                let bytes = full.as_bytes();
                let (mut h, mut at) = (HASH_SEED, 0);
                while bits != 0 {
                    let len = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let last = if len == 63 {
                        self.longest_prefix.min(full.len())
                    } else {
                        len
                    };
                    for l in len..=last {
                        while at < l {
                            h = hash_step(h, bytes[at]);
                            at += 1;
                        }
                        if full.is_char_boundary(l) {
                            m |= one(self.prefixes.get(h, &full[..l]));
                        }
                    }
                }
            }
            if !self.globs.is_empty() {
                if let Some(c) = full.chars().next() {
                    for (bit, table) in &self.globs {
                        if table.index(c).is_some() {
                            m |= bit;
                        }
                    }
                }
            }
        }
        if kind == TokenKind::Word {
            let word = stem.unwrap_or(full);
            for (bit, table, lens) in &self.fuzzy {
                if fuzzy_candidates(table, lens, word).is_some() {
                    m |= bit;
                }
            }
        }
        marks.single = m;
        marks
    }
}

/// A token's marks in a [`Vocab`]: one bit per matcher that may hit on the token alone
/// (`single`), one per matcher with a pattern of several words that starts with it
/// (`multi`), and those patterns' second words as [`second_bit`]s (all bits for a second
/// word without a fixed hash). The fold keeps a `multi` bit only when the next token may
/// be one of those second words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Marks {
    single: u32,
    multi: u32,
    second: u64,
}

impl Marks {
    /// As a [`StrTable`] list: single, multi, and the second words' low and high halves.
    fn to_list(self) -> Box<[u32]> {
        Box::from([
            self.single,
            self.multi,
            self.second as u32,
            (self.second >> 32) as u32,
        ])
    }

    /// [`Marks::to_list`] undone (no marks for no list).
    fn of_list(list: Option<&[u32]>) -> Marks {
        match list {
            Some(&[single, multi, lo, hi]) => Marks {
                single,
                multi,
                second: u64::from(lo) | u64::from(hi) << 32,
            },
            _ => Marks::default(),
        }
    }

    /// The mask of a token with these marks, followed by a token with fold `next` (`None`
    /// when it is not folded yet: every `multi` bit stays).
    #[inline]
    fn mask(self, next: Option<&Folded>) -> u32 {
        let may_follow = next.map_or(true, |n| {
            self.second & (second_bit(n.hash_full) | second_bit(n.hash_stem)) != 0
        });
        if may_follow {
            self.single | self.multi
        } else {
            self.single
        }
    }
}

/// The list of `table` (first character -> fuzzy words) for `word`, and `word`'s length in
/// characters, when some word of that list has a length close enough (`lens`, one mask
/// per list) to be compared at all. Shared by [`Matcher::fuzzy_at`] and [`Vocab`]'s marks.
#[inline]
fn fuzzy_candidates(table: &CharTable, lens: &[u64], word: &str) -> Option<(usize, usize)> {
    let li = table.index(word.chars().next()?)?;
    let n = if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    };
    let close = lens.get(li).map_or(true, |l| l & (1 << n.min(63)) != 0);
    close.then_some((li, n))
}

/// Fold every token of `tokens` into `sc` (lower-cased, punctuation folded), with the
/// masks of `vocab` when given.
fn fold_tokens(text: &str, tokens: &[Token], sc: &mut Scratch, vocab: Option<&Vocab>) {
    sc.folded.clear();
    sc.toks.clear();
    sc.masks.clear();
    sc.uids.clear();
    if let Some(v) = vocab {
        sc.uids.extend_from_slice(&v.uids);
    }
    fold_more(text, tokens, sc, vocab);
}

/// Fold `tokens` after those already in `sc`. `vocab` must be the one `sc` was started
/// with; otherwise the masks are dropped (every matcher then filters for itself).
fn fold_more(text: &str, tokens: &[Token], sc: &mut Scratch, vocab: Option<&Vocab>) {
    let vocab = vocab.filter(|v| sc.masks.len() == sc.toks.len() && *v.uids == *sc.uids);
    if vocab.is_none() {
        sc.masks.clear();
    }
    match vocab {
        // The thread's memo, unless it is in use already (it never is: nothing below
        // folds again).
        Some(v) => MASK_MEMO.with(|m| match m.try_borrow_mut() {
            Ok(mut memo) => fold_tokens_into(text, tokens, sc, vocab, Some(memo.for_vocab(v))),
            Err(_) => fold_tokens_into(text, tokens, sc, vocab, None),
        }),
        None => fold_tokens_into(text, tokens, sc, None, None),
    }
}

/// For a token of lower-case ASCII (its own folded form), [`str_hash`] of its stem and of
/// itself and the stem's length (a possessive `'s` off a word), in one pass; `None` for any
/// other token, at its first byte that is upper case or not ASCII.
#[inline]
fn plain_hashes(s: &str, kind: TokenKind) -> Option<(u64, u64, usize)> {
    let bytes = s.as_bytes();
    let n = bytes.len();
    let stem_len = if kind == TokenKind::Word && n > 2 && bytes.ends_with(b"'s") {
        n - 2
    } else {
        n
    };
    let (stem, rest) = bytes.split_at(stem_len);
    let mut h = HASH_SEED;
    for &b in stem {
        if !b.is_ascii() || b.is_ascii_uppercase() {
            return None;
        }
        h = hash_step(h, b);
    }
    let hash_stem = h;
    Some((
        hash_stem,
        rest.iter().fold(h, |h, &b| hash_step(h, b)),
        stem_len,
    ))
}

/// The fold of any token (see [`plain_hashes`] for the common case), written at the end
/// of `out`.
#[inline]
fn fold_general(s: &str, t: &Token, out: &mut String) -> Folded {
    let start = out.len();
    fold_into(s, true, out);
    let end = out.len();
    let folded = out.get(start..end).unwrap_or("");
    let (stem_end, orig_stem_end) =
        if t.kind == TokenKind::Word && folded.len() > 2 && folded.ends_with("'s") {
            // The original ends with an apostrophe variant then `s`/`S`.
            let apos = s[..s.len() - 1]
                .chars()
                .next_back()
                .map_or(1, char::len_utf8);
            (end - 2, t.span.end - 1 - apos)
        } else {
            (end, t.span.end)
        };
    // The stem is a prefix of the token: its hash is a step on the way.
    let (stem, rest) = folded
        .split_at_checked(stem_end - start)
        .unwrap_or((folded, ""));
    let hash_stem = str_hash(stem);
    let hash_full = rest.bytes().fold(hash_stem, hash_step);
    Folded {
        in_text: false,
        ascii: s.is_ascii(),
        start,
        end,
        stem_end,
        orig_stem_end,
        hash_full,
        hash_stem,
        first: folded.as_bytes().first().copied().unwrap_or(0),
    }
}

/// [`fold_more`]'s loop, with the marks memo when there is one.
fn fold_tokens_into(
    text: &str,
    tokens: &[Token],
    sc: &mut Scratch,
    vocab: Option<&Vocab>,
    mut memo: Option<&mut MaskMemo>,
) {
    sc.toks.reserve(tokens.len());
    let first_new = sc.toks.len();
    for t in tokens {
        let s = t.span.slice(text);
        let f = if let Some((hash_stem, hash_full, stem_len)) = plain_hashes(s, t.kind) {
            // Lower-case ASCII is its own folded form: point into the text, copy nothing.
            let f = Folded {
                in_text: true,
                ascii: true,
                start: t.span.start,
                end: t.span.start + s.len(),
                stem_end: t.span.start + stem_len,
                orig_stem_end: t.span.start + stem_len,
                hash_full,
                hash_stem,
                first: s.as_bytes().first().copied().unwrap_or(0),
            };
            f
        } else {
            fold_general(s, t, &mut sc.folded)
        };
        sc.toks.push(f);
    }
    // The marks in a second pass: each token's memo slot is a likely cache miss, and in
    // this short loop the processor has several of them in flight at once.
    let Some(v) = vocab else {
        return;
    };
    sc.masks.reserve(tokens.len());
    let new = sc.toks.get(first_new..).unwrap_or_default();
    if let Some(memo) = memo.as_deref() {
        // Read every token's slot first, in a loop with nothing else to wait for: the
        // processor then has many of these cache misses in flight at once, and the
        // lookups below find their lines loaded.
        let touched = tokens.iter().zip(new).fold(0, |acc, (t, f)| {
            acc ^ memo.marks.touch(f.hash_full, t.kind as u64)
        });
        std::hint::black_box(touched);
    }
    let first_mask = sc.masks.len();
    for (k, (t, f)) in tokens.iter().zip(new).enumerate() {
        let folded = f.full(text, &sc.folded);
        let stem = (f.stem_end != f.end).then(|| f.stem(text, &sc.folded));
        let marks = match memo.as_mut() {
            Some(memo) => memo.marks(v, folded, stem, f, t.kind),
            None => v.marks(folded, stem, f, t.kind),
        };
        // The last token's successor comes with the next tokens folded, if any: a view
        // may span both, so its patterns of several words stay candidates.
        sc.masks.push(marks.mask(new.get(k + 1)));
    }
    // The same for the outcome memo's slots of the matchers marked at each token, which
    // the scans of these tokens read next.
    let masks = sc.masks.get(first_mask..).unwrap_or_default();
    let touched = HIT_MEMO.with(|m| {
        m.try_borrow().map_or(0, |memo| {
            tokens
                .iter()
                .zip(new)
                .zip(masks)
                .fold(0, |acc, ((t, f), &mask)| {
                    let mut bits = mask;
                    let mut acc = acc;
                    while bits != 0 {
                        let b = bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        if let Some(&uid) = v.uids.get(b) {
                            acc ^= memo.outcomes.touch(f.hash_full, HitMemo::tag(uid, t));
                        }
                    }
                    acc
                })
        })
    });
    std::hint::black_box(touched);
}

/// One of 64 bits for a word hash, for [`Matcher::second_words`]: the top six bits of the
/// hash times an odd constant, which depend on all its bits (FNV's own top bits barely
/// depend on a word's last byte: "a" and "x" share them).
#[inline]
fn second_bit(hash: u64) -> u64 {
    1 << (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58)
}

thread_local! {
    /// Each thread's memo of single-token outcomes (see [`HitMemo`]).
    static HIT_MEMO: std::cell::RefCell<HitMemo> = std::cell::RefCell::default();
}

/// [`Matcher::single_at`]'s outcome at a token, and whether patterns of several words
/// start with it. Packed flat (40 bytes, where two `Option`s took 48) so that a memo slot
/// is one cache line.
#[derive(Clone, Copy, Debug)]
struct Outcome {
    /// The second words the patterns of several words need, as a filter: see
    /// [`Matcher::second_words`].
    second: u64,
    /// The token's list of sequence patterns in `by_first`, when `has_multi`.
    multi: (u32, u32),
    has_multi: bool,
    /// The hit on this token alone ([`SingleHit`]'s fields), when `has_single`.
    similarity: f64,
    rule: RuleId,
    start: u32,
    end: u32,
    via: MatchVia,
    has_single: bool,
}

impl Outcome {
    fn new(multi: Option<(u32, u32)>, second: u64, single: Option<SingleHit>) -> Outcome {
        let h = single.unwrap_or(SingleHit {
            rule: RuleId(0),
            via: MatchVia::Exact,
            similarity: 0.0,
            start: 0,
            end: 0,
        });
        Outcome {
            second,
            multi: multi.unwrap_or((0, 0)),
            has_multi: multi.is_some(),
            similarity: h.similarity,
            rule: h.rule,
            start: h.start,
            end: h.end,
            via: h.via,
            has_single: single.is_some(),
        }
    }

    fn multi(&self) -> Option<(u32, u32)> {
        self.has_multi.then_some(self.multi)
    }

    fn single(&self) -> Option<SingleHit> {
        self.has_single.then_some(SingleHit {
            rule: self.rule,
            via: self.via,
            similarity: self.similarity,
            start: self.start,
            end: self.end,
        })
    }
}

impl Default for Outcome {
    fn default() -> Self {
        Outcome::new(None, 0, None)
    }
}

/// A hit on one token, its span relative to the token's start.
#[derive(Clone, Copy, Debug)]
struct SingleHit {
    rule: RuleId,
    via: MatchVia,
    similarity: f64,
    start: u32,
    end: u32,
}

/// The single-token outcomes ([`Matcher::single_at`]) of the words a thread has scanned,
/// per matcher: text repeats its words, and that outcome follows from a word's text and
/// kind alone. Patterns of several words are still tried at every token that starts
/// one.
#[derive(Default)]
struct HitMemo {
    /// (folded hash, matcher uid with the token's kind and case) and the token's own text
    /// -> outcome.
    outcomes: WordCache<Outcome>,
}

impl HitMemo {
    /// The memo's tag of `token` for the matcher with `uid`. Case in the tag too: "Baku"
    /// and "baku" fold alike but may match differently.
    #[inline]
    fn tag(uid: u64, token: &Token) -> u64 {
        uid << 8 | u64::from((token.kind as u8) << 4 | token.case as u8)
    }

    /// [`Matcher::best_at`], with the single-token part looked up or computed and kept.
    fn best_at(
        &mut self,
        m: &Matcher,
        text: &str,
        tokens: &[Token],
        sc: &FoldView<'_>,
        i: usize,
    ) -> Option<Hit> {
        let (Some(tok), Some(f)) = (tokens.get(i), sc.toks.get(i)) else {
            return m.best_at(text, tokens, sc, i);
        };
        // The token's bytes: the memo compares them, it never cuts them.
        let raw = text
            .as_bytes()
            .get(tok.span.start..tok.span.end)
            .unwrap_or_default();
        let tag = HitMemo::tag(m.uid, tok);
        if let Some(outcome) = self.outcomes.get(f.hash_full, tag, raw) {
            if let Some(span) = outcome.multi() {
                // Most tokens after a pattern's first word are none of its second words.
                let may_follow = sc.toks.get(i + 1).is_some_and(|next| {
                    outcome.second & (second_bit(next.hash_full) | second_bit(next.hash_stem)) != 0
                });
                if may_follow {
                    let list = Some(m.by_first.list(span));
                    if let Some(h) = m.multi_at(list, text, tokens, sc, i) {
                        return Some(h);
                    }
                }
            }
            return outcome.single().map(|h| Hit {
                rule: h.rule,
                span: Span::new(
                    tok.span.start + h.start as usize,
                    tok.span.start + h.end as usize,
                ),
                token_range: TokenRange {
                    start: i,
                    end: i + 1,
                },
                via: h.via,
                similarity: h.similarity,
            });
        }
        let span = m.first_span(text, sc, i);
        let list = span.map(|span| m.by_first.list(span));
        let multi = m.multi_at(list, text, tokens, sc, i);
        let single = m.single_at(list, text, tokens, sc, i);
        let relative = |at: usize| u32::try_from(at.checked_sub(tok.span.start)?).ok();
        let kept = match single {
            None => Some(None),
            Some(h) => match (relative(h.span.start), relative(h.span.end)) {
                (Some(start), Some(end))
                    if h.token_range
                        == (TokenRange {
                            start: i,
                            end: i + 1,
                        }) =>
                {
                    Some(Some(SingleHit {
                        rule: h.rule,
                        via: h.via,
                        similarity: h.similarity,
                        start,
                        end,
                    }))
                }
                _ => None, // not a hit on this token alone (never): not kept
            },
        };
        if let Some(single) = kept {
            let multi = span.filter(|_| m.has_multi(list));
            let second = m.second_words(list);
            self.outcomes
                .put(f.hash_full, tag, raw, Outcome::new(multi, second, single));
        }
        multi.or(single)
    }
}

thread_local! {
    /// Each thread's memo of vocabulary marks (see [`MaskMemo`]).
    static MASK_MEMO: std::cell::RefCell<MaskMemo> = std::cell::RefCell::default();
}

/// The marks of the words a thread has folded, for one vocabulary at a time: a word's
/// marks depend only on its folded form and its kind (the stem follows from both), and
/// text repeats its words, so most tokens find theirs here instead of probing every
/// table. Emptied when another vocabulary comes.
#[derive(Default)]
struct MaskMemo {
    /// The vocabulary the marks are of (its matcher uids).
    uids: Vec<u64>,
    /// (folded hash, kind) and folded form -> marks.
    marks: WordCache<Marks>,
}

impl MaskMemo {
    /// This memo, emptied unless it holds the marks of `vocab`.
    fn for_vocab(&mut self, vocab: &Vocab) -> &mut MaskMemo {
        if self.uids != vocab.uids {
            self.uids.clone_from(&vocab.uids);
            self.marks.clear();
        }
        self
    }

    /// [`Vocab::marks`], looked up or computed and kept.
    fn marks(
        &mut self,
        vocab: &Vocab,
        full: &str,
        stem: Option<&str>,
        f: &Folded,
        kind: TokenKind,
    ) -> Marks {
        let tag = kind as u64;
        if let Some(marks) = self.marks.get(f.hash_full, tag, full.as_bytes()) {
            return marks;
        }
        let marks = vocab.marks(full, stem, f, kind);
        self.marks.put(f.hash_full, tag, full.as_bytes(), marks);
        marks
    }
}

/// A direct-mapped cache of values by word: one slot per (hash, tag), chosen by their
/// mixed bits, holding the tag and the word's bytes themselves; a lookup reads one slot,
/// one cache line, and compares the tag and the bytes in three words. A word whose slot
/// holds another is computed again and takes the slot. Words longer than
/// [`WORD_KEY_BYTES`](crate::hash::WORD_KEY_BYTES) are never kept (computed every time): keeping the key in the slot
/// spares a second memory read per lookup, where the key used to live apart (the memos
/// were bound by those reads). Callers' tags stay under 2^56: the top byte holds the
/// word's length.
struct WordCache<V> {
    slots: Vec<CacheSlot<V>>,
}

/// One slot of a [`WordCache`], aligned to a cache line so that a slot of up to 64 bytes
/// is read in one.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct CacheSlot<V> {
    /// The caller's tag with the word's length in the top byte (0: empty slot).
    tag: u64,
    /// The word's bytes (see [`word_key`]).
    key: [u64; 2],
    value: V,
}

/// `tag` with the length of a word [`word_key`] takes in its top byte.
#[inline]
fn tag_with_length(tag: u64, word: &[u8]) -> u64 {
    debug_assert!(tag >> 56 == 0, "a word cache tag uses the top byte");
    tag | (word.len() as u64) << 56
}

impl<V> Default for WordCache<V> {
    fn default() -> Self {
        WordCache { slots: Vec::new() }
    }
}

impl<V: Copy + Default> WordCache<V> {
    /// Slots (a power of two).
    const SLOTS: usize = 1 << 15;

    fn slot(hash: u64, tag: u64) -> usize {
        let mixed =
            (hash ^ tag.wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        (mixed >> 40) as usize & (Self::SLOTS - 1)
    }

    /// The value kept for `word` (with its `hash` and `tag`), if any.
    #[inline]
    fn get(&self, hash: u64, tag: u64, word: &[u8]) -> Option<V> {
        let s = self.slots.get(Self::slot(hash, tag))?;
        let key = word_key(word)?;
        (s.tag == tag_with_length(tag, word) && s.key == key).then_some(s.value)
    }

    /// Read the slot of (`hash`, `tag`) and nothing else, to have its line loaded before
    /// a lookup needs it: the tag it holds, or 0.
    #[inline]
    fn touch(&self, hash: u64, tag: u64) -> u64 {
        self.slots.get(Self::slot(hash, tag)).map_or(0, |s| s.tag)
    }

    /// Keep `value` for `word`, in place of what its slot held.
    fn put(&mut self, hash: u64, tag: u64, word: &[u8], value: V) {
        let Some(key) = word_key(word) else {
            return; // empty, or too long to keep
        };
        if self.slots.is_empty() {
            self.slots.resize_with(Self::SLOTS, CacheSlot::default);
        }
        if let Some(slot) = self.slots.get_mut(Self::slot(hash, tag)) {
            *slot = CacheSlot {
                tag: tag_with_length(tag, word),
                key,
                value,
            };
        }
    }

    fn clear(&mut self) {
        self.slots.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::WORD_KEY_BYTES;
    use proptest::prelude::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(super::FUZZY_STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    /// The matcher of a test lexicon.
    fn compiled(toml: &str, name: &str) -> Matcher {
        Lexicon::from_toml_str(toml, name)
            .and_then(|l| l.compile())
            .expect("test lexicon compiles")
    }

    /// A lexicon with every kind of pattern: exact words and phrases, a possessive, case,
    /// prefixes, globs, fuzzy words and a non-ASCII first letter.
    fn all_kinds() -> Matcher {
        let toml = r#"
[[rule]]
id = "baku"
pattern = "Baku"
fuzzy = { threshold = 0.8, min_len = 4 }
[[rule]]
id = "israel"
pattern = "Israel"
fuzzy = { threshold = 0.85, min_len = 5 }
[[rule]]
id = "threat"
pattern = "threat*"
[[rule]]
id = "arm"
pattern = "arm*ment"
[[rule]]
id = "ethnic"
pattern = "ethnic cleansing"
[[rule]]
id = "irgc"
pattern = "IRGC"
case_sensitive = true
[[rule]]
id = "cote"
pattern = "côte"
[[rule]]
id = "emoji"
pattern = ":)"
"#;
        compiled(toml, "t.toml")
    }

    fn words() -> impl Strategy<Value = String> {
        let word = prop::sample::select(vec![
            "Baku",
            "Bakku",
            "bake",
            "Isrel",
            "baku’s",
            "Israel's",
            "Isreal",
            "threatens",
            "THREAT",
            "threa",
            "armament",
            "armaments",
            "ethnic",
            "cleansing",
            "IRGC",
            "irgc",
            "côte",
            "Côte",
            "the",
            "a",
            ":)",
            "and",
            "Azerbaijan",
            "I",
            "x",
            "Ω",
            "naïve",
            "12",
            "F-35",
            "thr",
            "Thrones",
            "armam",
            "hatred",
            "nave",
            "Isra",
            "Aliyev’s",
        ]);
        prop::collection::vec(word, 0..24).prop_map(|w| w.join(" "))
    }

    /// A second lexicon for [`Vocab`] tests: prefixes of several lengths, a glob, a
    /// sequence sharing a first word with `all_kinds`, a possessive-only key.
    fn others() -> Matcher {
        let toml = r#"
[[rule]]
id = "thr"
pattern = "thr*"
[[rule]]
id = "armam"
pattern = "armam*"
[[rule]]
id = "glob"
pattern = "na?ve"
[[rule]]
id = "ethnic-hatred"
pattern = "ethnic hatred"
[[rule]]
id = "isr"
pattern = "Isrel"
fuzzy = { threshold = 0.7, min_len = 3 }
[[rule]]
id = "the-a"
pattern = "the a"
[[rule]]
id = "aliyev"
pattern = "Aliyev"
"#;
        compiled(toml, "o.toml")
    }

    /// Phrases of several words: a possessive, a prefix and a case-sensitive word after
    /// the first, and first words shared with single-word rules.
    fn phrases() -> Matcher {
        let toml = r#"
[[rule]]
id = "the-fact"
pattern = "the fact that"
[[rule]]
id = "the"
pattern = "the"
[[rule]]
id = "baku-ally"
pattern = "Baku's ally"
[[rule]]
id = "ally-of-baku"
pattern = "ally of Baku"
case_sensitive = true
[[rule]]
id = "arms-trade"
pattern = "arms trad*"
[[rule]]
id = "arms"
pattern = "arms"
[[rule]]
id = "a-threat"
pattern = "a threat"
[[rule]]
id = "iphone"
pattern = "iPhone"
case_sensitive = true
"#;
        compiled(toml, "p.toml")
    }

    /// A phrase whose last word carries a possessive matches, through the memo, the
    /// second time as the first.
    #[test]
    fn phrase_with_possessive_last_word_matches() {
        let m = phrases();
        for _ in 0..2 {
            let hits = m.find_all("a threat's reach");
            let ids: Vec<&str> = hits.iter().map(|h| m.entry(h.rule).id.as_str()).collect();
            assert_eq!(ids, ["a-threat"]);
            assert_eq!(hits[0].span, Span::new(0, 8));
        }
    }

    /// `m`'s hits on `text` by [`Matcher::best_at`] at each token, with no memo and no
    /// filter: the reference for the memo.
    fn hits_without_memo(m: &Matcher, text: &str) -> Vec<Hit> {
        let toks = tokenize(text);
        let mut sc = Scratch::default();
        Matcher::fold_start(&mut sc, None);
        Matcher::fold_more(text, &toks, &mut sc, None);
        let view = sc.view();
        let (mut out, mut i) = (Vec::new(), 0);
        while i < toks.len() {
            match m.best_at(text, &toks, &view, i) {
                Some(h) => {
                    i = h.token_range.end.max(i + 1);
                    out.push(h);
                }
                None => i += 1,
            }
        }
        out
    }

    /// Words of [`words`] and of [`phrases`], straight and curly apostrophes, cases (two
    /// spellings of one folded word and case class: "iPhone", "iPHONE").
    fn phrase_words() -> impl Strategy<Value = String> {
        let word = prop::sample::select(vec![
            "the",
            "The",
            "THE",
            "fact",
            "that",
            "Baku's",
            "Baku’s",
            "baku's",
            "ally",
            "Ally",
            "of",
            "Baku",
            "baku",
            "arms",
            "Arms",
            "trade",
            "trading",
            "trad",
            "a",
            "threat",
            "threats",
            "threat's",
            "Isrel",
            "Aliyev",
            "ethnic",
            "hatred",
            "cleansing",
            "armament",
            ".",
            "iPhone",
            "iPHONE",
            "IRGC",
            "irgc",
        ]);
        prop::collection::vec(word, 0..24).prop_map(|w| w.join(" "))
    }

    /// Every matcher's hits on `text` through a fold with `vocab`'s masks.
    fn hits_with_vocab(ms: &[&Matcher], vocab: &Vocab, text: &str) -> Vec<Vec<Hit>> {
        // One piece: the second is empty.
        hits_with_vocab_in_pieces(ms, vocab, text, usize::MAX)
    }

    /// [`hits_with_vocab`] with the tokens folded in two pieces, split before token `at`,
    /// and each matcher run on one view of both (as a source's sentences are folded one
    /// after another): a phrase that crosses the split is still a candidate.
    fn hits_with_vocab_in_pieces(
        ms: &[&Matcher],
        vocab: &Vocab,
        text: &str,
        at: usize,
    ) -> Vec<Vec<Hit>> {
        let toks = tokenize(text);
        let (first, second) = toks.split_at(at.min(toks.len()));
        let mut sc = Scratch::default();
        Matcher::fold_start(&mut sc, Some(vocab));
        Matcher::fold_more(text, first, &mut sc, Some(vocab));
        Matcher::fold_more(text, second, &mut sc, Some(vocab));
        ms.iter()
            .map(|m| {
                let mut out = Vec::new();
                m.find_in_folded(text, &toks, sc.view(), &mut out);
                out
            })
            .collect()
    }

    #[test]
    fn phrases_across_fold_pieces_are_found() {
        let (a, b, p) = (all_kinds(), others(), phrases());
        let vocab = Vocab::new([&a, &b, &p]);
        // `ethnic` starts phrases only; its second word comes in the next piece.
        let text = "x ethnic hatred and ethnic cleansing, the fact that Baku's ally";
        let alone = [a.find_all(text), b.find_all(text), p.find_all(text)];
        assert!(alone.iter().all(|hits| !hits.is_empty()));
        for at in 0..=tokenize(text).len() {
            assert_eq!(
                hits_with_vocab_in_pieces(&[&a, &b, &p], &vocab, text, at),
                alone,
                "split before token {at}"
            );
        }
    }

    #[test]
    fn vocab_masks_mark_only_possible_starts() {
        let (a, b) = (all_kinds(), others());
        let vocab = Vocab::new([&a, &b]);
        let text = "the x Baku and threatens armament the a";
        let toks = tokenize(text);
        let mut sc = Scratch::default();
        Matcher::fold_start(&mut sc, Some(&vocab));
        Matcher::fold_more(text, &toks, &mut sc, Some(&vocab));
        // the: `the a` (b) only when `a` follows; x: nothing; Baku: fuzzy and exact (a);
        // and: the glob `arm*ment` starts with its letter (a); threatens: `threat*` (a)
        // and `thr*` (b); armament: the glob (a) and `armam*` (b); a: the glob (a).
        assert_eq!(sc.view().masks, [0, 0, 0b01, 0b01, 0b11, 0b11, 0b10, 0b01]);
        assert_eq!(sc.view().bit_of(b.uid), Some(0b10));
        assert_eq!(sc.view().bit_of(others().uid), None);
    }

    proptest! {
        /// Folding with a vocabulary changes no hit: each matcher in it (and one left out)
        /// finds exactly what it finds alone.
        #[test]
        fn vocab_loses_no_hit(text in words()) {
            let (a, b, left_out) = (all_kinds(), others(), others());
            let vocab = Vocab::new([&a, &b]);
            let with = hits_with_vocab(&[&a, &b, &left_out], &vocab, &text);
            prop_assert_eq!(&with[0], &a.find_all(&text));
            prop_assert_eq!(&with[1], &b.find_all(&text));
            prop_assert_eq!(&with[2], &left_out.find_all(&text));
        }

        /// The same with phrases (their first words marked only where their second may
        /// follow), folded in one piece or two.
        #[test]
        fn vocab_loses_no_phrase(text in phrase_words(), at in 0usize..24) {
            let (a, b, p) = (all_kinds(), others(), phrases());
            let vocab = Vocab::new([&a, &b, &p]);
            let alone = [a.find_all(&text), b.find_all(&text), p.find_all(&text)];
            prop_assert_eq!(&hits_with_vocab(&[&a, &b, &p], &vocab, &text), &alone);
            prop_assert_eq!(
                &hits_with_vocab_in_pieces(&[&a, &b, &p], &vocab, &text, at),
                &alone
            );
        }

        /// The thread's memo of marks gives each token the marks the vocabulary gives it,
        /// whatever came before: other texts, another vocabulary (two in turn), the same
        /// word as another kind of token.
        #[test]
        fn memo_marks_are_the_vocabulary_marks(texts in prop::collection::vec(words(), 1..4)) {
            let (a, b, c) = (all_kinds(), others(), others());
            let vocabs = [Vocab::new([&a, &b]), Vocab::new([&c, &a])];
            for (k, text) in texts.iter().enumerate() {
                let vocab = &vocabs[k % 2];
                let toks = tokenize(text);
                let mut memo_fold = Scratch::default();
                Matcher::fold_start(&mut memo_fold, Some(vocab));
                Matcher::fold_more(text, &toks, &mut memo_fold, Some(vocab));
                let mut direct = Scratch::default();
                Matcher::fold_start(&mut direct, Some(vocab));
                fold_tokens_into(text, &toks, &mut direct, Some(vocab), None);
                prop_assert_eq!(&memo_fold.masks, &direct.masks);
            }
        }

        /// The thread's memo of single-token outcomes changes no hit, whatever texts came
        /// before (the memo is the thread's): each matcher finds what it finds without it.
        #[test]
        fn hit_memo_loses_and_adds_no_hit(
            texts in prop::collection::vec(phrase_words(), 1..4),
        ) {
            let matchers = [all_kinds(), others(), phrases()];
            for text in &texts {
                for m in &matchers {
                    prop_assert_eq!(m.find_all(text), hits_without_memo(m, text), "{}", text);
                }
            }
        }

        /// The one-pass fold of lower-case ASCII tokens gives what the general fold gives
        /// them (hashes, stem, first byte), and turns down every other token.
        #[test]
        fn plain_fold_is_the_general_fold(
            text in prop_oneof![
                "[a-zA-Z0-9'’é. -]{0,24}",
                prop::collection::vec(
                    prop::sample::select(vec![
                        "a's", "x's", "it's", "Al's", "’s", "'s", "bob’s", "s's", "é's", "1's",
                        "ab", "A", "q",
                    ]),
                    1..5,
                )
                .prop_map(|w| w.join(" ")),
            ],
        ) {
            for t in tokenize(&text) {
                let s = t.span.slice(&text);
                let mut buf = String::new();
                let general = fold_general(s, &t, &mut buf);
                let own_form = buf == s;
                match plain_hashes(s, t.kind) {
                    Some((hash_stem, hash_full, stem_len)) => {
                        prop_assert!(own_form, "{:?} folds to {:?}", s, buf);
                        prop_assert_eq!(hash_stem, general.hash_stem);
                        prop_assert_eq!(hash_full, general.hash_full);
                        prop_assert_eq!(stem_len, general.stem_end - general.start);
                        prop_assert_eq!(t.span.start + stem_len, general.orig_stem_end);
                        prop_assert!(general.ascii);
                    }
                    None => prop_assert!(
                        !own_form || !s.is_ascii(),
                        "{:?} is its own fold but was turned down",
                        s
                    ),
                }
            }
        }

        /// The quick first-byte filter only skips tokens that nothing could match: hits
        /// equal those of the same matcher with the filter letting every token through.
        #[test]
        fn quick_filter_loses_no_hit(text in words()) {
            let m = all_kinds();
            let mut open = m.clone();
            *open.quick = [u64::MAX; 256];
            prop_assert_eq!(m.find_all(&text), open.find_all(&text));
        }
    }

    proptest! {
        /// Two words of the same length have the same key only when they are the same
        /// word (one byte changed anywhere, or a word and itself).
        #[test]
        fn word_keys_tell_words_apart(
            word in prop::collection::vec(any::<u8>(), 1..=WORD_KEY_BYTES),
            at in 0usize..WORD_KEY_BYTES,
            byte in any::<u8>(),
        ) {
            let mut other = word.clone();
            let i = at % word.len();
            other[i] = byte;
            prop_assert_eq!(word_key(&word) == word_key(&other), word == other);
            prop_assert!(word_key(&word).is_some());
        }
    }

    /// The word cache returns a value only for the word, tag and length it was kept
    /// with (a shorter word padded with zero bytes is another word), and keeps no word
    /// longer than its inline key.
    #[test]
    fn word_cache_keeps_exact_short_words_only() {
        let mut cache: WordCache<u32> = WordCache::default();
        let sixteen = b"internationalise";
        assert_eq!(sixteen.len(), WORD_KEY_BYTES);
        cache.put(7, 1, sixteen, 16);
        assert_eq!(cache.get(7, 1, sixteen), Some(16));
        assert_eq!(cache.get(7, 2, sixteen), None, "another tag");
        cache.put(9, 1, b"ab\0", 3);
        assert_eq!(cache.get(9, 1, b"ab\0"), Some(3));
        assert_eq!(cache.get(9, 1, b"ab"), None, "a prefix padded with zeros");
        assert_eq!(cache.get(9, 1, b"ac\0"), None, "another word in the slot");
        let seventeen = b"internationalised";
        cache.put(11, 1, seventeen, 17);
        assert_eq!(cache.get(11, 1, seventeen), None, "too long to keep");
        cache.put(13, 0, b"", 1);
        assert_eq!(cache.get(13, 0, b""), None, "an empty word is no key");
        cache.clear();
        assert_eq!(cache.get(7, 1, sixteen), None);
        // A slot is one cache line.
        assert_eq!(std::mem::size_of::<CacheSlot<Outcome>>(), 64);
        assert_eq!(std::mem::size_of::<CacheSlot<u32>>(), 64);
    }

    /// A word whose folded hash is another's in the memo gets its own marks, not the
    /// other word's.
    #[test]
    fn memo_tells_words_with_one_hash_apart() {
        let (a, b) = (all_kinds(), others());
        let vocab = Vocab::new([&a, &b]);
        let fold = |text: &str| {
            let toks = tokenize(text);
            let mut sc = Scratch::default();
            Matcher::fold_start(&mut sc, Some(&vocab));
            fold_tokens_into(text, &toks, &mut sc, Some(&vocab), None);
            (sc.toks[0], sc.masks[0])
        };
        let (baku, _) = fold("Baku");
        let (the, _) = fold("the");
        let baku_marks = vocab.marks("baku", None, &baku, TokenKind::Word);
        let mut memo = MaskMemo::default();
        memo.for_vocab(&vocab);
        assert_eq!(
            memo.marks(&vocab, "baku", None, &baku, TokenKind::Word),
            baku_marks
        );
        // "the" presented with the hash of "baku": the memo's entry is not its own.
        let forged = Folded {
            hash_full: baku.hash_full,
            ..the
        };
        let direct = vocab.marks("the", None, &forged, TokenKind::Word);
        assert_ne!(
            direct, baku_marks,
            "the test needs the forged word's marks to differ"
        );
        assert_eq!(
            memo.marks(&vocab, "the", None, &forged, TokenKind::Word),
            direct
        );
        assert_eq!(
            memo.marks(&vocab, "baku", None, &baku, TokenKind::Word),
            baku_marks
        );
    }

    #[test]
    fn the_quick_filter_rejects_most_tokens_of_a_small_lexicon() {
        let m = all_kinds();
        let rejected = |w: &str| {
            let b = usize::from(w.as_bytes()[0]);
            m.quick[b] & (1 << w.len().min(63)) == 0
        };
        assert!(rejected("the") && rejected("of") && rejected("x"));
        assert!(!rejected("threatening") && !rejected("baku") && !rejected("bakku"));
    }

    #[test]
    fn str_table_finds_its_keys_and_only_them() {
        let keys = ["a", "ab", "abc", "baku", "côte", ""];
        let t = StrTable::new(
            keys.iter()
                .enumerate()
                .map(|(i, k)| (Box::from(*k), vec![i as u32].into_boxed_slice())),
        );
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(t.get(str_hash(k), k), Some(&[i as u32][..]), "{k}");
        }
        assert_eq!(t.get(str_hash("abcd"), "abcd"), None);
        // A wrong hash never finds a key by accident of a string compare elsewhere.
        assert_eq!(t.get(str_hash("ab"), "abc"), None);
        assert_eq!(StrTable::default().get(str_hash("a"), "a"), None);
    }

    #[test]
    fn fold_keeps_the_hash_of_every_prefix() {
        let text = "Côte Baku’s";
        let toks = tokenize(text);
        let mut sc = Scratch::default();
        fold_tokens(text, &toks, &mut sc, None);
        let view = sc.view();
        for k in 0..toks.len() {
            let f = view.tok(k);
            let full = f.full(text, view.folded);
            for len in (1..=full.len()).filter(|&l| full.is_char_boundary(l)) {
                assert_eq!(view.hash(&f, len, &full[..len]), str_hash(&full[..len]));
            }
        }
    }
}
