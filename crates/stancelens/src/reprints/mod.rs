//! Reprints: near-duplicate sources (the same article republished by several outlets),
//! found with MinHash over word shingles and LSH banding. Method and thresholds:
//! `docs/scoring.md`, "Reprints".
//!
//! ```
//! use stancelens::reprints::{Signature, find_reprints};
//! let a = "The council approved the new budget on Monday after a long debate about \
//!          schools, roads and the harbour, and the mayor thanked the members for their work.";
//! let b = a.replace("Monday", "Tuesday");
//! let c = "A storm closed the harbour for three days and fishermen stayed ashore while \
//!          the coast guard searched for a missing boat near the northern cliffs.";
//! let sigs: Vec<_> = [a, b.as_str(), c].iter().map(|t| Signature::of_text(t)).collect();
//! let groups = find_reprints(&sigs);
//! assert_eq!(groups.len(), 1);
//! assert_eq!(groups[0].iter().map(|m| m.0).collect::<Vec<_>>(), [0, 1]);
//! ```

use crate::align::{fold_hash, mix, unite_buckets, UnionFind};
use crate::lexicon::FoldView;
use crate::text::{self, Token, TokenKind};
use serde::{Deserialize, Serialize};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// MinHash values per signature (one-permutation hashing: one bin each).
pub const SIGNATURE_BINS: usize = 64;
/// LSH bands; `SIGNATURE_BINS / LSH_BANDS` rows each. With 16 bands of 4 rows a pair of
/// similarity `s` becomes a candidate with probability `1 − (1 − s⁴)¹⁶`: 0.64 at 0.5, 0.99
/// at 0.7, 0.02 at 0.2.
pub const LSH_BANDS: usize = 16;
/// Two sources are reprints when the estimated Jaccard similarity of their shingle sets
/// (the share of equal bins) is at least this.
pub const REPRINT_THRESHOLD: f64 = 0.5;
/// Sources with fewer shingles than this are too short to call reprints (a short comment
/// repeated is not a republished article).
pub const MIN_SHINGLES: usize = 20;

const ROWS: usize = SIGNATURE_BINS / LSH_BANDS;

/// A MinHash signature of a text's word shingles (`None` bins: too short). Serialised as
/// its bins (or `null`), so that partial comparisons can cross process boundaries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    #[serde(with = "bins_serde")]
    bins: Option<Box<[u32; SIGNATURE_BINS]>>,
}

/// serde supports arrays of up to 32 items: the bins go through a sequence.
mod bins_serde {
    use super::SIGNATURE_BINS;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<S: Serializer>(
        bins: &Option<Box<[u32; SIGNATURE_BINS]>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        bins.as_ref().map(|b| &b[..]).serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Box<[u32; SIGNATURE_BINS]>>, D::Error> {
        let Some(v) = Option::<Vec<u32>>::deserialize(d)? else {
            return Ok(None);
        };
        let n = v.len();
        let bins: Box<[u32; SIGNATURE_BINS]> = v.into_boxed_slice().try_into().map_err(|_| {
            serde::de::Error::custom(format!("a signature has {SIGNATURE_BINS} bins, not {n}"))
        })?;
        Ok(Some(bins))
    }
}

/// Builds a signature from words fed one at a time.
#[derive(Debug)]
pub(crate) struct SignatureBuilder {
    window: [u64; SHINGLE_WORDS],
    seen: usize,
    bins: [u64; SIGNATURE_BINS],
}

impl SignatureBuilder {
    pub(crate) fn new() -> Self {
        SignatureBuilder {
            window: [0; SHINGLE_WORDS],
            seen: 0,
            bins: [u64::MAX; SIGNATURE_BINS],
        }
    }

    /// Feed the word and number tokens of `tokens` (tokens of `text`), in order;
    /// punctuation (quotes of any shape included) is skipped.
    pub(crate) fn feed_tokens(&mut self, text: &str, tokens: &[Token]) {
        for t in tokens {
            if matches!(t.kind, TokenKind::Word | TokenKind::Number) {
                self.push(fold_hash(t.span.slice(text)));
            }
        }
    }

    /// [`feed_tokens`](Self::feed_tokens) with the analysis' fold of `tokens` (`folded`
    /// views exactly `tokens`): an ASCII word's folded hash is its [`fold_hash`], so it is
    /// taken instead of hashing the word again; other words are hashed as there.
    pub(crate) fn feed_folded(&mut self, text: &str, tokens: &[Token], folded: FoldView<'_>) {
        for (k, t) in tokens.iter().enumerate() {
            if matches!(t.kind, TokenKind::Word | TokenKind::Number) {
                let hash = match folded.ascii_hash_of(k) {
                    Some(h) => h,
                    None => fold_hash(t.span.slice(text)),
                };
                self.push(hash);
            }
        }
    }

    fn push(&mut self, word: u64) {
        // The window holds the last words oldest first: shift, then append.
        self.window.copy_within(1.., 0);
        self.window[SHINGLE_WORDS - 1] = word;
        self.seen += 1;
        if self.seen < SHINGLE_WORDS {
            return;
        }
        // Combine the window in order (oldest first): each word rotated by its position,
        // so order matters, then one mix.
        let mut h: u64 = 0;
        for (k, w) in self.window.iter().enumerate() {
            h ^= w.rotate_left(13 * k as u32);
        }
        let h = mix(h);
        // One-permutation hashing: the top bits pick the bin, the rest is the value.
        let bin = (h >> 58) as usize % SIGNATURE_BINS;
        let v = h & ((1 << 58) - 1);
        if v < self.bins[bin] {
            self.bins[bin] = v;
        }
    }

    pub(crate) fn finish(self) -> Signature {
        let shingles = self.seen.saturating_sub(SHINGLE_WORDS - 1);
        if shingles < MIN_SHINGLES {
            return Signature { bins: None };
        }
        // Densify (rotation): an empty bin takes the value of the next non-empty bin to its
        // right, marked with the distance, so empty bins agree exactly when the texts agree.
        let mut out = [0u32; SIGNATURE_BINS];
        for (i, o) in out.iter_mut().enumerate() {
            let mut d = 0;
            while self.bins[(i + d) % SIGNATURE_BINS] == u64::MAX && d < SIGNATURE_BINS {
                d += 1;
            }
            let v = self.bins[(i + d) % SIGNATURE_BINS];
            *o = mix(v ^ (d as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) as u32;
        }
        Signature {
            bins: Some(Box::new(out)),
        }
    }
}

impl Signature {
    /// The signature of a whole text (all its words, in order).
    ///
    /// ```
    /// use stancelens::reprints::Signature;
    /// assert!(Signature::of_text("Too short.").is_empty());
    /// ```
    pub fn of_text(text: &str) -> Signature {
        let mut b = SignatureBuilder::new();
        b.feed_tokens(text, &text::tokenize(text));
        b.finish()
    }

    /// Whether the text was too short to sign ([`MIN_SHINGLES`]).
    pub fn is_empty(&self) -> bool {
        self.bins.is_none()
    }

    /// Estimated Jaccard similarity of the two shingle sets (share of equal bins); 0 when
    /// either is empty.
    ///
    /// ```
    /// use stancelens::reprints::Signature;
    /// let t = "one two three four five six seven eight nine ten eleven twelve thirteen \
    ///          fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one \
    ///          twenty-two twenty-three twenty-four";
    /// let s = Signature::of_text(t);
    /// assert_eq!(s.similarity(&s), 1.0);
    /// ```
    pub fn similarity(&self, other: &Signature) -> f64 {
        match (&self.bins, &other.bins) {
            (Some(a), Some(b)) => {
                let eq = a.iter().zip(b.iter()).filter(|(x, y)| x == y).count();
                eq as f64 / SIGNATURE_BINS as f64
            }
            _ => 0.0,
        }
    }

    fn band(&self, b: usize) -> Option<u64> {
        let bins = self.bins.as_ref()?;
        let mut h = b as u64;
        for v in &bins[b * ROWS..(b + 1) * ROWS] {
            h = mix(h.rotate_left(21) ^ u64::from(*v));
        }
        Some(h)
    }
}

/// Groups of reprints among `signatures` (indices into it), each sorted, with each
/// member's estimated similarity to the group's first member: `(index, similarity)`.
/// Candidates come from LSH buckets (a shared band); a candidate pair is a reprint when its
/// estimated similarity is at least [`REPRINT_THRESHOLD`]. Groups are the connected
/// components; groups are ordered by their first member.
pub fn find_reprints(signatures: &[Signature]) -> Vec<Vec<(usize, f64)>> {
    let mut uf = UnionFind::new(signatures.len());
    let mut entries: Vec<(u64, u32)> = Vec::with_capacity(signatures.len());
    for b in 0..LSH_BANDS {
        entries.clear();
        entries.extend(
            signatures
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.band(b).map(|h| (h, i as u32))),
        );
        unite_buckets(&mut entries, &mut uf, |x, y| {
            signatures[x as usize].similarity(&signatures[y as usize]) >= REPRINT_THRESHOLD
        });
    }
    uf.groups()
        .into_iter()
        .map(|g| {
            let first = g[0] as usize;
            g.iter()
                .map(|&i| {
                    let i = i as usize;
                    (i, signatures[first].similarity(&signatures[i]))
                })
                .collect()
        })
        .collect()
}

/// A source in a reprint group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReprintMember {
    /// Source id.
    pub source: String,
    /// Estimated Jaccard similarity of its word 5-shingles to the group's first member.
    pub similarity: f64,
}

/// Near-duplicate sources. The first member (smallest id: the comparison's canonical order) is the one counted
/// when the comparison counts reprints once.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReprintGroup {
    /// Members in the comparison's canonical order (by source id).
    pub members: Vec<ReprintMember>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Matcher, Scratch};
    use proptest::prelude::*;

    /// The signature of `text` fed word by word with [`fold_hash`], and fed with a fold of
    /// its tokens (as the analysis makes it), both whole and a sentence view at a time.
    fn both_ways(text: &str) -> (Option<Vec<u32>>, Option<Vec<u32>>) {
        let tokens = text::tokenize(text);
        let mut plain = SignatureBuilder::new();
        plain.feed_tokens(text, &tokens);
        let mut scratch = Scratch::default();
        Matcher::fold_start(&mut scratch, None);
        Matcher::fold_more(text, &tokens, &mut scratch, None);
        let mut folded = SignatureBuilder::new();
        // Fed in two parts, each with its own view, as per sentence.
        let half = tokens.len() / 2;
        folded.feed_folded(text, &tokens[..half], scratch.view().sub(0..half));
        folded.feed_folded(
            text,
            &tokens[half..],
            scratch.view().sub(half..tokens.len()),
        );
        let bins = |b: SignatureBuilder| b.finish().bins.map(|b| b.to_vec());
        (bins(plain), bins(folded))
    }

    #[test]
    fn fold_hash_is_the_ascii_fold_hash() {
        let text = (1..=8)
            .map(|i| {
                format!(
                    "Baku's OIL flows to Israel; the pipeline's {i}0 percent share \
                     is Azerbaijan’s — İstanbul ﬁnance, Russo‒Iranian and ISRAEL’S reply {i} — as before."
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        let (plain, folded) = both_ways(&text);
        assert!(plain.is_some());
        assert_eq!(plain, folded);
    }

    /// A word whose characters the two foldings treat differently (a figure dash or a
    /// reversed apostrophe inside it, were a tokenizer to keep one in a word) is hashed as
    /// the plain path hashes it.
    #[test]
    fn a_word_with_other_folds_is_hashed_again() {
        let text = (0..30)
            .map(|i| format!("w{i}\u{2012}x{i}\u{201B}s"))
            .collect::<Vec<_>>()
            .join(" ");
        let mut tokens = Vec::new();
        let mut at = 0;
        for w in text.split(' ') {
            tokens.push(Token {
                span: crate::Span::new(at, at + w.len()),
                kind: TokenKind::Word,
                case: crate::text::Case::Lower,
            });
            at += w.len() + 1;
        }
        let mut plain = SignatureBuilder::new();
        plain.feed_tokens(&text, &tokens);
        let mut scratch = Scratch::default();
        Matcher::fold_start(&mut scratch, None);
        Matcher::fold_more(&text, &tokens, &mut scratch, None);
        let mut folded = SignatureBuilder::new();
        folded.feed_folded(&text, &tokens, scratch.view());
        let (a, b) = (plain.finish().bins, folded.finish().bins);
        assert!(a.is_some());
        assert_eq!(a, b);
    }

    proptest! {
        #[test]
        fn a_signature_fed_with_folds_equals_one_fed_with_words(
            words in proptest::collection::vec(
                "[A-Za-z]{1,8}('s|’S|’s)?|[0-9]{1,4}|[ÀÉİßﬁa-z]{1,5}|[a-z]{1,4}[‒−‛’][a-z]{1,4}|[-—,.;]", 40..160),
        ) {
            let text = words.join(" ");
            let (plain, folded) = both_ways(&text);
            prop_assert_eq!(plain, folded);
        }
    }
}
