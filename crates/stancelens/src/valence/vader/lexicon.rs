//! The bundled VADER 3.3.2 data, parsed once, and VADER's hard-coded word lists.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::hash::MULTIPLIER;
use std::sync::OnceLock;

pub(crate) const LEXICON_TXT: &str = include_str!("../../../data/vader/vader_lexicon.txt");
pub(crate) const EMOJI_TXT: &str = include_str!("../../../data/vader/emoji_utf8_lexicon.txt");

pub(crate) const B_INCR: f64 = 0.293;
pub(crate) const B_DECR: f64 = -0.293;
pub(crate) const C_INCR: f64 = 0.733;
pub(crate) const N_SCALAR: f64 = -0.74;

/// vaderSentiment's `NEGATE` list.
pub(crate) const NEGATE: [&str; 59] = [
    "aint",
    "arent",
    "cannot",
    "cant",
    "couldnt",
    "darent",
    "didnt",
    "doesnt",
    "ain't",
    "aren't",
    "can't",
    "couldn't",
    "daren't",
    "didn't",
    "doesn't",
    "dont",
    "hadnt",
    "hasnt",
    "havent",
    "isnt",
    "mightnt",
    "mustnt",
    "neither",
    "don't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "mightn't",
    "mustn't",
    "neednt",
    "needn't",
    "never",
    "none",
    "nope",
    "nor",
    "not",
    "nothing",
    "nowhere",
    "oughtnt",
    "shant",
    "shouldnt",
    "uhuh",
    "wasnt",
    "werent",
    "oughtn't",
    "shan't",
    "shouldn't",
    "uh-uh",
    "wasn't",
    "weren't",
    "without",
    "wont",
    "wouldnt",
    "won't",
    "wouldn't",
    "rarely",
    "seldom",
    "despite",
];

/// vaderSentiment's `BOOSTER_DICT` (three keys contain a space and so never match one token).
pub(crate) const BOOSTERS: [(&str, f64); 84] = [
    ("absolutely", B_INCR),
    ("amazingly", B_INCR),
    ("awfully", B_INCR),
    ("completely", B_INCR),
    ("considerable", B_INCR),
    ("considerably", B_INCR),
    ("decidedly", B_INCR),
    ("deeply", B_INCR),
    ("effing", B_INCR),
    ("enormous", B_INCR),
    ("enormously", B_INCR),
    ("entirely", B_INCR),
    ("especially", B_INCR),
    ("exceptional", B_INCR),
    ("exceptionally", B_INCR),
    ("extreme", B_INCR),
    ("extremely", B_INCR),
    ("fabulously", B_INCR),
    ("flipping", B_INCR),
    ("flippin", B_INCR),
    ("frackin", B_INCR),
    ("fracking", B_INCR),
    ("fricking", B_INCR),
    ("frickin", B_INCR),
    ("frigging", B_INCR),
    ("friggin", B_INCR),
    ("fully", B_INCR),
    ("fuckin", B_INCR),
    ("fucking", B_INCR),
    ("fuggin", B_INCR),
    ("fugging", B_INCR),
    ("greatly", B_INCR),
    ("hella", B_INCR),
    ("highly", B_INCR),
    ("hugely", B_INCR),
    ("incredible", B_INCR),
    ("incredibly", B_INCR),
    ("intensely", B_INCR),
    ("major", B_INCR),
    ("majorly", B_INCR),
    ("more", B_INCR),
    ("most", B_INCR),
    ("particularly", B_INCR),
    ("purely", B_INCR),
    ("quite", B_INCR),
    ("really", B_INCR),
    ("remarkably", B_INCR),
    ("so", B_INCR),
    ("substantially", B_INCR),
    ("thoroughly", B_INCR),
    ("total", B_INCR),
    ("totally", B_INCR),
    ("tremendous", B_INCR),
    ("tremendously", B_INCR),
    ("uber", B_INCR),
    ("unbelievably", B_INCR),
    ("unusually", B_INCR),
    ("utter", B_INCR),
    ("utterly", B_INCR),
    ("very", B_INCR),
    ("almost", B_DECR),
    ("barely", B_DECR),
    ("hardly", B_DECR),
    ("just enough", B_DECR),
    ("kind of", B_DECR),
    ("kinda", B_DECR),
    ("kindof", B_DECR),
    ("kind-of", B_DECR),
    ("less", B_DECR),
    ("little", B_DECR),
    ("marginal", B_DECR),
    ("marginally", B_DECR),
    ("occasional", B_DECR),
    ("occasionally", B_DECR),
    ("partly", B_DECR),
    ("scarce", B_DECR),
    ("scarcely", B_DECR),
    ("slight", B_DECR),
    ("slightly", B_DECR),
    ("somewhat", B_DECR),
    ("sort of", B_DECR),
    ("sorta", B_DECR),
    ("sortof", B_DECR),
    ("sort-of", B_DECR),
];

/// vaderSentiment's `SPECIAL_CASES` (idioms containing lexicon words), in dict order.
pub(crate) const SPECIAL_CASES: [(&str, f64); 9] = [
    ("the shit", 3.0),
    ("the bomb", 3.0),
    ("bad ass", 1.5),
    ("badass", 1.5),
    ("bus stop", 0.0),
    ("yeah right", -2.0),
    ("kiss of death", -1.5),
    ("to die for", 3.0),
    ("beating heart", 3.5),
];

// Flags of a lowercased word, so that the rules test bits instead of comparing strings.
pub(crate) const IN_LEX: u32 = 1;
pub(crate) const BOOSTER: u32 = 1 << 1;
pub(crate) const NEGATED: u32 = 1 << 2; // in NEGATE or contains "n't" (set per token)
pub(crate) const NO: u32 = 1 << 3;
pub(crate) const OR_NOR: u32 = 1 << 4;
pub(crate) const KIND: u32 = 1 << 5;
pub(crate) const OF: u32 = 1 << 6;
pub(crate) const LEAST: u32 = 1 << 7;
pub(crate) const AT_VERY: u32 = 1 << 8;
pub(crate) const NEVER: u32 = 1 << 9;
pub(crate) const SO_THIS: u32 = 1 << 10;
pub(crate) const WITHOUT: u32 = 1 << 11;
pub(crate) const DOUBT: u32 = 1 << 12;
pub(crate) const BUT: u32 = 1 << 13;
pub(crate) const DAMPENER: u32 = 1 << 14; // booster with B_DECR (else B_INCR)

impl WordInfo {
    /// The booster scalar (meaningful when `flags & BOOSTER`).
    #[inline]
    pub(crate) fn boost(&self) -> f64 {
        if self.flags & DAMPENER != 0 {
            B_DECR
        } else {
            B_INCR
        }
    }
}

/// What VADER knows about one lowercased word.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordInfo {
    pub(crate) flags: u32,
    /// Lexicon valence (meaningful when `flags & IN_LEX`).
    pub(crate) valence: f64,
    /// Id of the word inside the multi-word phrases (special cases and booster n-grams); 0 = none.
    pub(crate) phrase_id: u8,
}

/// A multi-word phrase as word ids (0-padded), with its value.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Phrase {
    pub(crate) text: &'static str,
    pub(crate) ids: [u8; 3],
    pub(crate) len: u8,
    pub(crate) value: f64,
}

/// The crate's shared hasher, for the build-time maps.
pub(crate) type FxBuild = BuildHasherDefault<crate::hash::FxHasher>;

/// Open-addressing table from lowercased word to [`WordInfo`], built for the hot loop: slots are
/// 4 bytes (16-bit hash tag + entry index) so a miss, the common case, reads one cache line of a
/// 64 KiB array; words of up to 8 bytes are compared as one `u64`.
#[derive(Debug, Default)]
pub(crate) struct WordTable {
    /// One bit per hash class (32 Ki bits, 4 KiB, stays in L1): most words of a text are not
    /// VADER words and are rejected here without touching `slots`.
    filter: Vec<u64>,
    slots: Vec<u32>,
    mask: usize,
    entries: Vec<(u64, &'static str, WordInfo)>,
}

/// First 8 bytes of `w`, zero-padded, little-endian.
#[inline]
pub(crate) fn prefix8(w: &[u8]) -> u64 {
    // Built in registers: a variable-length memcpy into a stack array and reading it back as
    // a u64 stalls store forwarding in this hot path.
    if let Some(a) = w.first_chunk::<8>() {
        return u64::from_le_bytes(*a);
    }
    let mut p = 0u64;
    for (k, &b) in w.iter().enumerate() {
        p |= u64::from(b) << (8 * k);
    }
    p
}

#[inline]
fn word_hash(w: &[u8], prefix: u64) -> u64 {
    let mut h = (prefix ^ (w.len() as u64).rotate_left(56)).wrapping_mul(MULTIPLIER);
    if w.len() > 8 {
        let mut chunks = w[8..].chunks(8);
        for c in &mut chunks {
            h = (h.rotate_left(5) ^ prefix8(c)).wrapping_mul(MULTIPLIER);
        }
    }
    h ^ (h >> 29)
}

const FILTER_BITS: usize = 1 << 15;

#[inline]
fn filter_bit(h: u64) -> usize {
    ((h >> 24) as usize) & (FILTER_BITS - 1)
}

impl WordTable {
    fn build(words: &HashMap<&'static str, WordInfo, FxBuild>) -> Self {
        let mut entries: Vec<(u64, &'static str, WordInfo)> = words
            .iter()
            .map(|(&k, &v)| (prefix8(k.as_bytes()), k, v))
            .collect();
        entries.sort_by(|a, b| a.1.cmp(b.1)); // deterministic layout
        let cap = (entries.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![0u32; cap];
        let mut filter = vec![0u64; FILTER_BITS / 64];
        for (idx, e) in entries.iter().enumerate() {
            let h = word_hash(e.1.as_bytes(), e.0);
            let f = filter_bit(h);
            filter[f / 64] |= 1 << (f % 64);
            let tag = ((h >> 48) as u32) & 0xFFFF;
            let mut pos = (h as usize) & mask;
            while slots[pos] != 0 {
                pos = (pos + 1) & mask;
            }
            // Index + 1 so that 0 means empty; < 65535 entries.
            slots[pos] = (tag << 16) | ((idx as u32 + 1) & 0xFFFF);
        }
        WordTable {
            filter,
            slots,
            mask,
            entries,
        }
    }

    #[inline]
    pub(crate) fn get(&self, w: &[u8]) -> Option<&WordInfo> {
        self.get_with_prefix(w, prefix8(w))
    }

    /// Lookup when the caller already has `prefix8(w)`. For `w.len() <= 8` only the length of
    /// `w` is read.
    #[inline(always)]
    pub(crate) fn get_with_prefix(&self, w: &[u8], prefix: u64) -> Option<&WordInfo> {
        let h = word_hash(w, prefix);
        let f = filter_bit(h);
        if self
            .filter
            .get(f / 64)
            .map_or(true, |bits| bits & (1 << (f % 64)) == 0)
        {
            return None;
        }
        self.probe(w, prefix, h)
    }

    /// The table probe behind the filter (kept out of line: the filter rejects most words).
    #[inline(never)]
    fn probe(&self, w: &[u8], prefix: u64, h: u64) -> Option<&WordInfo> {
        let tag = ((h >> 48) as u32) & 0xFFFF;
        let mut pos = (h as usize) & self.mask;
        loop {
            let s = *self.slots.get(pos)?;
            if s == 0 {
                return None;
            }
            if s >> 16 == tag {
                let e = self.entries.get((s & 0xFFFF) as usize - 1)?;
                if e.0 == prefix && e.1.len() == w.len() && (w.len() <= 8 || e.1.as_bytes() == w) {
                    return Some(&e.2);
                }
            }
            pos = (pos + 1) & self.mask;
        }
    }
}

/// The parsed data and word tables.
#[derive(Debug)]
pub(crate) struct Tables {
    /// Every word VADER looks up (lexicon keys and rule words), lowercased lookups only.
    pub(crate) words: WordTable,
    /// Whether some non-ASCII key equals its own lowercase (and so could match a token). In
    /// 3.3.2 none does (":-Þ" and ":Þ" are looked up as ":-þ" and ":þ"), so non-ASCII words only
    /// need a lookup when they contain U+212A KELVIN SIGN (lowercase "k").
    pub(crate) non_ascii_keys_reachable: bool,
    /// Longest key of `words`, in bytes (longer lookups cannot match).
    pub(crate) max_key_len: usize,
    /// `make_lex_dict` entry count.
    pub(crate) lexicon_len: usize,
    /// Single-character emoji keys (the only ones `for chr in text` can match).
    pub(crate) emoji: HashMap<char, &'static str, FxBuild>,
    /// All emoji keys as parsed (multi-character keys are unreachable in VADER).
    pub(crate) emoji_len: usize,
    pub(crate) special: Vec<Phrase>,
    pub(crate) booster_ngrams: Vec<Phrase>,
}

/// Python `str.strip().split('\t')[0:2]` of one line.
fn two_fields(line: &str) -> Option<(&str, &str)> {
    let (_, line) = super::pystr::py_strip(line);
    let mut it = line.split('\t');
    Some((it.next()?, it.next()?))
}

fn build() -> Tables {
    let mut words: HashMap<&'static str, WordInfo, FxBuild> = HashMap::default();
    // make_lex_dict: later duplicates overwrite earlier ones, like a Python dict.
    let mut lex: HashMap<&'static str, f64, FxBuild> = HashMap::default();
    for line in LEXICON_TXT.trim_end_matches('\n').split('\n') {
        if line.is_empty() {
            continue;
        }
        if let Some((word, measure)) = two_fields(line) {
            if let Ok(v) = super::pystr::py_strip(measure).1.parse::<f64>() {
                lex.insert(word, v);
            }
        }
    }
    let lexicon_len = lex.len();
    for (&w, &v) in &lex {
        let e = words.entry(w).or_default();
        e.flags |= IN_LEX;
        e.valence = v;
    }
    let mut emoji: HashMap<char, &'static str, FxBuild> = HashMap::default();
    let mut all_emoji: HashMap<&'static str, &'static str, FxBuild> = HashMap::default();
    for line in EMOJI_TXT.trim_end_matches('\n').split('\n') {
        if let Some((key, desc)) = two_fields(line) {
            all_emoji.insert(key, desc);
        }
    }
    for (&k, &d) in &all_emoji {
        let mut cs = k.chars();
        if let (Some(c), None) = (cs.next(), cs.next()) {
            emoji.insert(c, d);
        }
    }
    for w in NEGATE {
        words.entry(w).or_default().flags |= NEGATED;
    }
    for (w, b) in BOOSTERS {
        let e = words.entry(w).or_default();
        e.flags |= BOOSTER;
        if b == B_DECR {
            e.flags |= DAMPENER;
        }
    }
    let rule_words: [(&'static str, u32); 14] = [
        ("no", NO),
        ("or", OR_NOR),
        ("nor", OR_NOR),
        ("kind", KIND),
        ("of", OF),
        ("least", LEAST),
        ("at", AT_VERY),
        ("very", AT_VERY),
        ("never", NEVER),
        ("so", SO_THIS),
        ("this", SO_THIS),
        ("without", WITHOUT),
        ("doubt", DOUBT),
        ("but", BUT),
    ];
    for (w, f) in rule_words {
        words.entry(w).or_default().flags |= f;
    }
    // Word ids for the multi-word phrases.
    let mut next_id: u8 = 1;
    let mut phrase = |text: &'static str, value: f64, words: &mut HashMap<_, WordInfo, _>| {
        let mut ids = [0u8; 3];
        let mut len = 0u8;
        for (k, w) in text.split(' ').enumerate() {
            let e: &mut WordInfo = words.entry(w).or_default();
            if e.phrase_id == 0 {
                e.phrase_id = next_id;
                next_id = next_id.saturating_add(1);
            }
            if k < 3 {
                ids[k] = e.phrase_id;
            }
            len = len.saturating_add(1);
        }
        Phrase {
            text,
            ids,
            len,
            value,
        }
    };
    let special: Vec<Phrase> = SPECIAL_CASES
        .iter()
        .map(|&(t, v)| phrase(t, v, &mut words))
        .collect();
    let booster_ngrams: Vec<Phrase> = BOOSTERS
        .iter()
        .filter(|(t, _)| t.contains(' '))
        .map(|&(t, v)| phrase(t, v, &mut words))
        .collect();
    let non_ascii_keys_reachable = words.keys().any(|k| {
        let mut l = String::new();
        super::pystr::py_lower_into(k, &mut l);
        !k.is_ascii() && l == *k
    });
    Tables {
        non_ascii_keys_reachable,
        max_key_len: words.keys().map(|k| k.len()).max().unwrap_or(0),
        words: WordTable::build(&words),
        lexicon_len,
        emoji,
        emoji_len: all_emoji.len(),
        special,
        booster_ngrams,
    }
}

pub(crate) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(build)
}
