//! Allocation-free Jaro-Winkler and normalized Levenshtein for short words.
//!
//! Same definitions and floating-point operations as `strsim::jaro_winkler` and
//! `strsim::normalized_levenshtein` (checked against them in the tests), but on stack
//! buffers, because fuzzy matching runs for every word token without an exact hit.
//! Words longer than [`MAX`] characters fall back to `strsim`.

/// Longest word compared on the stack.
pub(crate) const MAX: usize = 64;

/// Decode `s` into `buf`; `None` if it has more than [`MAX`] characters.
#[inline]
pub(crate) fn chars_into(s: &str, buf: &mut [char; MAX]) -> Option<usize> {
    let mut n = 0usize;
    for c in s.chars() {
        *buf.get_mut(n)? = c;
        n += 1;
    }
    Some(n)
}

/// Jaro similarity of two character slices (strsim's algorithm).
pub(crate) fn jaro(a: &[char], b: &[char]) -> f64 {
    let (a_len, b_len) = (a.len(), b.len());
    if a_len == 0 && b_len == 0 {
        return 1.0;
    } else if a_len == 0 || b_len == 0 {
        return 0.0;
    }
    let search_range = (a_len.max(b_len) / 2).saturating_sub(1);
    let mut a_flags = [false; MAX];
    let mut b_flags = [false; MAX];
    let mut matches = 0usize;
    for (i, ac) in a.iter().enumerate() {
        let lo = i.saturating_sub(search_range);
        let hi = b_len.min(i + search_range + 1);
        for j in lo..hi {
            if !b_flags[j] && *ac == b[j] {
                a_flags[i] = true;
                b_flags[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut bj = 0usize;
    for (i, ac) in a.iter().enumerate() {
        if !a_flags[i] {
            continue;
        }
        while bj < b_len && !b_flags[bj] {
            bj += 1;
        }
        if bj < b_len && *ac != b[bj] {
            transpositions += 1;
        }
        bj += 1;
    }
    transpositions /= 2;
    ((matches as f64 / a_len as f64)
        + (matches as f64 / b_len as f64)
        + ((matches - transpositions) as f64 / matches as f64))
        / 3.0
}

/// Jaro-Winkler similarity (strsim's variant: prefix bonus only above 0.7).
pub(crate) fn jaro_winkler(a: &[char], b: &[char]) -> f64 {
    let sim = jaro(a, b);
    if sim > 0.7 {
        let prefix = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// Normalized Levenshtein similarity: `1 - distance / max(len)`.
#[cfg(test)]
pub(crate) fn normalized_levenshtein(a: &[char], b: &[char]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let b_len = b.len();
    let mut cache = [0usize; MAX];
    for (j, slot) in cache.iter_mut().enumerate().take(b_len) {
        *slot = j + 1;
    }
    let mut result = b_len;
    for (i, ac) in a.iter().enumerate() {
        result = i + 1;
        let mut distance_b = i;
        for (j, bc) in b.iter().enumerate() {
            let cost = usize::from(ac != bc);
            let distance_a = distance_b + cost;
            distance_b = cache[j];
            result = (result + 1).min(distance_a.min(distance_b + 1));
            cache[j] = result;
        }
    }
    1.0 - (result as f64) / (a.len().max(b.len()) as f64)
}

/// The normalized Levenshtein similarity (`1 - distance / max(len)`) when it is at least
/// `threshold`, else `None`; stops as soon as a row's minimum (a lower bound on the final
/// distance) rules the threshold out.
/// Exact: `1 - d / m` is monotone in `d` in floating point too, so a bound that fails
/// the threshold means the distance fails it.
pub(crate) fn normalized_levenshtein_at_least(
    a: &[char],
    b: &[char],
    threshold: f64,
) -> Option<f64> {
    if a.is_empty() && b.is_empty() {
        return (1.0 >= threshold).then_some(1.0);
    }
    let m = a.len().max(b.len()) as f64;
    let fails = |lower_bound: usize| 1.0 - (lower_bound as f64) / m < threshold;
    if fails(a.len().abs_diff(b.len())) {
        return None;
    }
    let b_len = b.len();
    let mut cache = [0usize; MAX];
    for (j, slot) in cache.iter_mut().enumerate().take(b_len) {
        *slot = j + 1;
    }
    let mut result = b_len;
    for (i, ac) in a.iter().enumerate() {
        result = i + 1;
        let mut row_min = result;
        let mut distance_b = i;
        for (j, bc) in b.iter().enumerate() {
            let cost = usize::from(ac != bc);
            let distance_a = distance_b + cost;
            distance_b = cache[j];
            result = (result + 1).min(distance_a.min(distance_b + 1));
            cache[j] = result;
            row_min = row_min.min(result);
        }
        if fails(row_min) {
            return None;
        }
    }
    let sim = 1.0 - (result as f64) / m;
    (sim >= threshold).then_some(sim)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn both(a: &str, b: &str) -> (Vec<char>, Vec<char>) {
        (a.chars().collect(), b.chars().collect())
    }

    #[test]
    fn known_values() {
        let (a, b) = both("aliyev", "aliev");
        assert_eq!(
            jaro_winkler(&a, &b),
            strsim::jaro_winkler("aliyev", "aliev")
        );
        let (a, b) = both("kitten", "sitting");
        assert_eq!(
            normalized_levenshtein(&a, &b),
            strsim::normalized_levenshtein("kitten", "sitting")
        );
    }

    proptest! {
        #[test]
        fn same_as_strsim(a in "[a-eé]{0,12}", b in "[a-eé]{0,12}") {
            let (ca, cb) = both(&a, &b);
            prop_assert_eq!(jaro_winkler(&ca, &cb), strsim::jaro_winkler(&a, &b));
            prop_assert_eq!(normalized_levenshtein(&ca, &cb), strsim::normalized_levenshtein(&a, &b));
        }

        #[test]
        fn bounded_levenshtein_agrees(a in "[a-d]{0,12}", b in "[a-d]{0,12}", t in 0.0f64..1.0) {
            let (ca, cb) = both(&a, &b);
            let full = normalized_levenshtein(&ca, &cb);
            let want = (full >= t).then_some(full);
            prop_assert_eq!(normalized_levenshtein_at_least(&ca, &cb, t), want);
        }
    }
}
