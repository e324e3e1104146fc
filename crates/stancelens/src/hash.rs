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

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

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
