//! Sub-quadratic grouping shared by claims and reprints: items are filed under bucket
//! keys (LSH bands, or quantity × content word), and each item is compared only with at
//! most [`BUCKET_REPRESENTATIVES`] earlier items of each of its buckets. The cost is
//! `O(k·n·log n)` for `n` items with `k` keys each (one sort), never `O(n²)`, even when a
//! bucket holds thousands of items (the same claim in every source).

/// How many earlier items of a bucket a new item is compared with. An item that matches
/// none of them becomes a representative itself while the bucket has room, so distinct
/// groups sharing a key each keep a representative up to this many.
pub(crate) const BUCKET_REPRESENTATIVES: usize = 8;

/// Union-find over item indices; the root of a set is its smallest index, so groups are
/// deterministic whatever the order of unions.
#[derive(Debug)]
pub(crate) struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    pub(crate) fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    pub(crate) fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    pub(crate) fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi as usize] = lo;
        }
    }

    /// Groups of at least two items, each sorted, ordered by their first item.
    pub(crate) fn groups(mut self) -> Vec<Vec<u32>> {
        let n = self.parent.len();
        let mut by_root: Vec<Vec<u32>> = vec![Vec::new(); n];
        for i in 0..n as u32 {
            let r = self.find(i);
            by_root[r as usize].push(i);
        }
        by_root.into_iter().filter(|g| g.len() >= 2).collect()
    }
}

/// Sort `(key, item)` entries and, within each run of equal keys, compare every item with
/// the bucket's representatives (`same(a, b)`), uniting those that match. Returns the
/// number of comparisons made.
pub(crate) fn unite_buckets(
    entries: &mut [(u64, u32)],
    uf: &mut UnionFind,
    mut same: impl FnMut(u32, u32) -> bool,
) -> usize {
    let mut comparisons = 0usize;
    entries.sort_unstable();
    let mut reps: Vec<u32> = Vec::with_capacity(BUCKET_REPRESENTATIVES);
    let mut i = 0;
    while i < entries.len() {
        let key = entries[i].0;
        reps.clear();
        while i < entries.len() && entries[i].0 == key {
            let item = entries[i].1;
            i += 1;
            if reps.last() == Some(&item) {
                continue; // an item filed twice under one key
            }
            let mut matched = false;
            for &r in &reps {
                // Already in one group (united under another key): no need to compare, and
                // the union-find array is far smaller than the items, so this stays in cache.
                if uf.find(r) == uf.find(item) {
                    matched = true;
                    continue;
                }
                comparisons += 1;
                if same(r, item) {
                    uf.union(r, item);
                    matched = true;
                }
            }
            if !matched && reps.len() < BUCKET_REPRESENTATIVES {
                reps.push(item);
            }
        }
    }
    comparisons
}

/// FNV-style 64-bit hash of a word folded for comparison: lower case, typographic
/// apostrophes and hyphens folded (`text::fold_char`), so "Israel’s" and "israel's" hash
/// alike. Not a cryptographic hash; collisions only merge rare words.
pub(crate) fn fold_hash(word: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    // The common case, byte by byte while the word is ASCII (what the character loop does
    // for ASCII characters); anything else starts over character by character.
    let mut h = OFFSET;
    for &b in word.as_bytes() {
        if !b.is_ascii() {
            return fold_hash_chars(word);
        }
        h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(PRIME);
    }
    h
}

/// [`fold_hash`] character by character (any text).
fn fold_hash_chars(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    for c in word.chars() {
        if c.is_ascii() {
            eat(c.to_ascii_lowercase() as u8);
            continue;
        }
        let mut buf = [0u8; 4];
        match crate::text::fold_char(c) {
            crate::text::Fold::Keep => {
                for l in c.to_lowercase() {
                    l.encode_utf8(&mut buf).bytes().for_each(&mut eat);
                }
            }
            crate::text::Fold::Char(x) => x.encode_utf8(&mut buf).bytes().for_each(&mut eat),
            crate::text::Fold::Str(s) => s.bytes().for_each(&mut eat),
            crate::text::Fold::Remove => {}
        }
    }
    h
}

/// splitmix64 finaliser: spreads the bits of a combined hash.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The ASCII path hashes as the character path does.
        #[test]
        fn fold_hash_ascii_is_by_chars(w in "[ -~]{0,20}|[a-zA-Z’'é-]{0,12}") {
            proptest::prop_assert_eq!(fold_hash(&w), fold_hash_chars(&w));
        }
    }

    #[test]
    fn fold_hash_folds_case_and_apostrophes() {
        assert_eq!(fold_hash("Israel\u{2019}s"), fold_hash("israel's"));
        assert_ne!(fold_hash("oil"), fold_hash("gas"));
    }

    #[test]
    fn buckets_unite_matches_only() {
        let mut uf = UnionFind::new(4);
        let mut e = vec![(1, 0), (1, 1), (1, 2), (2, 3), (2, 0)];
        unite_buckets(&mut e, &mut uf, |a, b| (a % 2) == (b % 2));
        assert_eq!(uf.groups(), vec![vec![0, 2]]);
    }
}
