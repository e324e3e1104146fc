//! Python's `round(x, ndigits)` for floats, reproduced exactly.
//!
//! CPython rounds the *exact* binary value of `x` to `ndigits` decimals (ties to even, which can
//! only happen when the binary value is exactly halfway) and converts the decimal back to the
//! nearest double. We find the correctly rounded integer `N = round(x * 10^d)` with an exact
//! error term (Dekker's TwoProduct), then `N / 10^d` is one correctly rounded division, which is the
//! double nearest to the decimal `N e-d`, exactly what CPython's `strtod` returns.

/// Dekker's TwoProduct error term: `a*b - p` exactly, for `p = fl(a*b)` (no `mul_add`, which
/// is a slow software call on targets without FMA). Exact unless the product underflows, and
/// then |p| is far below the rounding point, where only the sign of `p - m` matters.
#[inline]
fn two_prod_err(a: f64, b: f64, p: f64) -> f64 {
    const SPLIT: f64 = 134_217_729.0; // 2^27 + 1
    let split = |v: f64| {
        let c = SPLIT * v;
        let hi = c - (c - v);
        (hi, v - hi)
    };
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    ((ah * bh - p) + ah * bl + al * bh) + al * bl
}

/// `round(x, digits)` with CPython semantics, for `digits` in `0..=15`.
///
/// ```
/// use stancelens::valence::vader::py_round;
/// assert_eq!(py_round(0.0625, 3), 0.062); // exact tie: to even
/// assert_eq!(py_round(0.0635, 3), 0.064); // 0.0635 is slightly above the tie in binary
/// assert_eq!(py_round(2.675, 2), 2.67);   // 2.675 is slightly below the tie
/// assert_eq!(py_round(-0.00004, 4).to_bits(), (-0.0f64).to_bits());
/// ```
pub fn py_round(x: f64, digits: u32) -> f64 {
    if !x.is_finite() || digits > 15 {
        return x;
    }
    let scale = 10f64.powi(digits as i32); // exact for digits <= 22
    let p = x * scale;
    if p.abs() >= 4.0e15 {
        // Already an integer multiple of 10^-d at this magnitude.
        return x;
    }
    let err = two_prod_err(x, scale, p); // exact: x*scale == p + err
    let mut n = p.round();
    // Sign of (x*scale - m) for a half-integer m near p, computed exactly: p - m is exact
    // (Sterbenz, or both small integers/halves), and adding err keeps the sign right.
    let cmp = |m: f64| -> f64 { (p - m) + err };
    let up = cmp(n + 0.5);
    let down = cmp(n - 0.5);
    if up > 0.0 {
        n += 1.0;
    } else if down < 0.0 {
        n -= 1.0;
    } else if up == 0.0 {
        // Exactly halfway between n and n + 1.
        if (n as i64) & 1 != 0 {
            n += 1.0;
        }
    } else if down == 0.0 && (n as i64) & 1 != 0 {
        n -= 1.0;
    }
    if n == 0.0 {
        n = 0.0f64.copysign(x);
    }
    n / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference through Rust's exact decimal formatting, with ties resolved to even on the
    /// exact binary value (formatting prints enough digits to see the exact value).
    fn reference(x: f64, d: usize) -> f64 {
        let exact = format!("{:.60}", x); // every f64 in [-2, 2] is exact with 60 decimals
        let neg = exact.starts_with('-');
        let digits: Vec<u8> = exact.bytes().filter(u8::is_ascii_digit).collect();
        let dot = exact.trim_start_matches('-').find('.').unwrap_or(0);
        let keep = dot + d;
        let mut kept: u128 = 0;
        for &c in &digits[..keep] {
            kept = kept * 10 + u128::from(c - b'0');
        }
        let rest = &digits[keep..];
        let half = rest[0] == b'5' && rest[1..].iter().all(|&c| c == b'0');
        let above = rest[0] > b'5' || (rest[0] == b'5' && !half);
        if above || (half && kept % 2 == 1) {
            kept += 1;
        }
        let s = format!("{}{}e-{}", if neg { "-" } else { "" }, kept, d);
        s.parse::<f64>().unwrap_or(f64::NAN)
    }

    #[test]
    fn matches_exact_decimal_rounding() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut values = Vec::new();
        for k in -20_000i32..=20_000 {
            // Ties and near-ties: k/20000 and k/2^m grids.
            values.push(f64::from(k) / 20_000.0);
            values.push(f64::from(k) / 16_384.0);
            values.push(f64::from(k) * 0.0005);
        }
        for _ in 0..200_000 {
            values.push((next() >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0);
        }
        for &x in &values {
            for d in [3usize, 4] {
                let want = reference(x, d);
                let got = py_round(x, d as u32);
                assert_eq!(got.to_bits(), want.to_bits(), "x={x:e} d={d}");
            }
        }
    }

    #[test]
    fn std_format_agrees_on_ties_and_random_values() {
        // Rust's `{:.N}` formatting is exact and rounds exact binary ties to even, like CPython:
        // 0.0625 = 1/16 is an exact tie at 3 decimals.
        let via_format =
            |x: f64, d: usize| -> f64 { format!("{:.*}", d, x).parse().unwrap_or(f64::NAN) };
        assert_eq!(py_round(0.0625, 3), 0.062);
        assert_eq!(via_format(0.0625, 3), 0.062);
        assert_eq!(py_round(0.0675, 3), 0.068); // 0.0675 is above the tie in binary
        let mut state: u64 = 0x0123_4567_89AB_CDEF;
        for k in 0..200_000u32 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = if k % 2 == 0 {
                f64::from(k as i32 - 100_000) / 16_384.0 / 8.0
            } else {
                (state >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
            };
            for d in [3usize, 4] {
                let a = py_round(x, d as u32);
                let b = via_format(x, d);
                // format! gives "-0.000" for tiny negatives, which parses to -0.0 as well.
                assert_eq!(a.to_bits(), b.to_bits(), "x={x:e} d={d}");
            }
        }
    }
}
