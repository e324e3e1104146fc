//! One small, fast hasher for the crate's internal maps (lexicon keys, emoji, word hashes).
//!
//! Keys come from lexicon files and our own hashes, not from an adversary choosing them to
//! collide, so a keyed SipHash is not needed; a multiply-rotate hash is several times cheaper
//! on short words.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Odd 64-bit constant with well-spread bits (from FxHash); the VADER word table reuses it.
pub(crate) const MULTIPLIER: u64 = 0x517c_c1b7_2722_0a95;

/// Multiply-rotate hasher over 8-byte words.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(MULTIPLIER);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            self.add(u64::from_le_bytes(a));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut a = [0u8; 8];
            a[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(a) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    /// The low bits of a product depend only on the low bits of its factors, so keys that
    /// share their first bytes ("zq0", "zq1", … or "un…" words) would share the low bits the
    /// table indexes buckets with, and pile into a few buckets (quadratic build). The high
    /// bits mix every input bit: fold them onto the low half (the top bits, which the table
    /// keeps as a tag, stay as they are).
    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

/// A `HashMap` with [`FxHasher`].
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A `HashSet` with [`FxHasher`].
pub(crate) type FxSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

/// The longest word [`word_key`] reads whole.
pub(crate) const WORD_KEY_BYTES: usize = 16;

/// A word of 1 to [`WORD_KEY_BYTES`] bytes as two words that, with its length, tell it
/// from any other word: two loads that overlap when the word is shorter than 16 bytes
/// (the first and last 8 bytes; 4 and 4 in the first word; first, middle and last byte),
/// no copy into a padded buffer (which cost a `memcpy` call per lookup).
#[inline]
pub(crate) fn word_key(word: &[u8]) -> Option<[u64; 2]> {
    let n = word.len();
    let at8 = |i: usize| -> Option<u64> {
        Some(u64::from_le_bytes(word.get(i..i + 8)?.try_into().ok()?))
    };
    let at4 = |i: usize| -> Option<u64> {
        Some(u64::from(u32::from_le_bytes(
            word.get(i..i + 4)?.try_into().ok()?,
        )))
    };
    let at1 = |i: usize| word.get(i).map(|&b| u64::from(b));
    match n {
        1..=3 => Some([at1(0)? | at1(n / 2)? << 8 | at1(n - 1)? << 16, 0]),
        4..=7 => Some([at4(0)? | at4(n - 4)? << 32, 0]),
        8..=WORD_KEY_BYTES => Some([at8(0)?, at8(n - 8)?]),
        _ => None,
    }
}

/// `x` with each of its bytes that is an ASCII capital letter lower-cased, when every byte
/// is ASCII (below 0x80: the sums below then carry into no other byte).
#[inline]
pub(crate) fn ascii_lower_u64(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Top bit of each byte: at least b'A', then at least b'Z' + 1.
    let from_a = x.wrapping_add(ONES * u64::from(0x80 - b'A'));
    let past_z = x.wrapping_add(ONES * u64::from(0x80 - b'Z' - 1));
    let capital = from_a & !past_z & (ONES * 0x80);
    x | capital >> 2
}

/// The high and low halves of the 128-bit product of `a` and `b`, folded together.
#[inline]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ (p >> 64) as u64
}

/// A keyed 64-bit hash of `word`'s bytes, ASCII capitals read as lower case when
/// `lower_ascii` (then every byte must be ASCII). Reads the word 16 bytes at a time
/// ([`word_key`]'s two loads for a word of up to 16 bytes) and mixes by 128-bit
/// multiplication: a few instructions per word where FNV took a multiplication per byte.
/// A text cannot aim collisions at a key drawn at random per call.
#[inline]
pub(crate) fn keyed_word_hash(word: &[u8], lower_ascii: bool, key: u64) -> u64 {
    const K1: u64 = 0x9e37_79b9_7f4a_7c15;
    const K2: u64 = 0xd6e8_feb8_6659_fd93;
    let lower = |x: u64| if lower_ascii { ascii_lower_u64(x) } else { x };
    let n = word.len();
    let mut h = key ^ (n as u64).wrapping_mul(K1);
    let [a, b] = match word_key(word) {
        Some(k) => k,
        None => {
            // Empty, or longer than 16 bytes: whole blocks, then the last 16 bytes (which
            // may overlap the last block).
            let block = |i: usize| {
                let at = |i: usize| {
                    word.get(i..i + 8)
                        .and_then(|b| b.try_into().ok())
                        .map_or(0, u64::from_le_bytes)
                };
                [at(i), at(i + 8)]
            };
            let mut i = 0;
            while i + WORD_KEY_BYTES < n {
                let [x, y] = block(i);
                h = folded_multiply(lower(x) ^ h ^ K1, lower(y) ^ key ^ K2);
                i += WORD_KEY_BYTES;
            }
            block(n.saturating_sub(WORD_KEY_BYTES))
        }
    };
    folded_multiply(lower(a) ^ key ^ K1, lower(b) ^ h ^ K2) ^ h.rotate_left(29)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

    proptest! {
        /// Lower-casing eight ASCII bytes at once equals doing it byte by byte.
        #[test]
        fn ascii_lower_u64_lowers_each_byte(bytes in prop::array::uniform8(0u8..0x80)) {
            let x = u64::from_le_bytes(bytes);
            prop_assert_eq!(
                ascii_lower_u64(x).to_le_bytes(),
                bytes.map(|b| b.to_ascii_lowercase())
            );
        }

        /// Words of any length that differ in one byte hash apart, and a word hashes as its
        /// lower-case form when read with `lower_ascii`.
        #[test]
        fn keyed_word_hash_tells_words_apart(
            word in prop::collection::vec(0x20u8..0x7f, 0..70),
            at in 0usize..70,
            other_byte in 0x20u8..0x7f,
            key in any::<u64>(),
        ) {
            let mut other = word.clone();
            if let Some(b) = other.get_mut(at) {
                *b = other_byte;
            }
            let (h, h_other) = (keyed_word_hash(&word, false, key), keyed_word_hash(&other, false, key));
            prop_assert_eq!(h == h_other, word == other);
            // One byte longer is another word too.
            let mut longer = word.clone();
            longer.push(b'a');
            prop_assert_ne!(keyed_word_hash(&longer, false, key), h);
            let lower = word.to_ascii_lowercase();
            prop_assert_eq!(
                keyed_word_hash(&word, true, key),
                keyed_word_hash(&lower, false, key)
            );
        }
    }

    /// Keys sharing a prefix and differing in their last bytes spread over the low bits
    /// (bucket index): with the plain product, 4096 such keys fell into 32 low-12-bit classes.
    #[test]
    fn keys_sharing_a_prefix_spread_over_the_low_bits() {
        let build = BuildHasherDefault::<FxHasher>::default();
        let mut classes = std::collections::HashSet::new();
        for i in 0..4096u32 {
            let key = format!("zq{i:x}");
            classes.insert(build.hash_one(key.as_str()) & 0xfff);
        }
        // 4096 keys into 4096 classes: a uniform hash leaves ~63 % of them filled.
        assert!(
            classes.len() > 2300,
            "only {} classes of 4096",
            classes.len()
        );
    }
}
