//! Python `str` semantics that VADER relies on: `isspace`/`split()`/`strip()`, `isupper()`,
//! `lower()` and `strip(string.punctuation)`.

/// Python's `str.isspace()` for one character (Unicode 14 as in CPython 3.11; this set has not
/// changed since). Differs from Rust's `char::is_whitespace` on U+001C..U+001F.
#[inline]
pub(crate) fn is_py_space(c: char) -> bool {
    match c {
        '\t'..='\r' | '\u{1c}'..=' ' => true,
        c if (c as u32) < 0x85 => false,
        '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' => true,
        '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => true,
        _ => false,
    }
}

/// ASCII bytes that Python treats as whitespace.
#[inline]
pub(crate) const fn is_py_space_ascii(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | 0x1c..=b' ')
}

/// Python's `str.strip()` with no argument.
pub(crate) fn py_strip(s: &str) -> (usize, &str) {
    let trimmed_start = s.trim_start_matches(is_py_space);
    let start = s.len() - trimmed_start.len();
    (start, trimmed_start.trim_end_matches(is_py_space))
}

/// Titlecase letters (general category Lt): Python's `isupper()` is false when one occurs.
const TITLECASE: [char; 31] = [
    '\u{1c5}', '\u{1c8}', '\u{1cb}', '\u{1f2}', '\u{1f88}', '\u{1f89}', '\u{1f8a}', '\u{1f8b}',
    '\u{1f8c}', '\u{1f8d}', '\u{1f8e}', '\u{1f8f}', '\u{1f98}', '\u{1f99}', '\u{1f9a}', '\u{1f9b}',
    '\u{1f9c}', '\u{1f9d}', '\u{1f9e}', '\u{1f9f}', '\u{1fa8}', '\u{1fa9}', '\u{1faa}', '\u{1fab}',
    '\u{1fac}', '\u{1fad}', '\u{1fae}', '\u{1faf}', '\u{1fbc}', '\u{1fcc}', '\u{1ffc}',
];

/// Python's `str.isupper()`: at least one uppercase character and no lowercase or titlecase one.
#[inline]
pub(crate) fn py_isupper(s: &str) -> bool {
    let mut cased = false;
    if s.is_ascii() {
        for &b in s.as_bytes() {
            if b.is_ascii_lowercase() {
                return false;
            }
            cased |= b.is_ascii_uppercase();
        }
        return cased;
    }
    for c in s.chars() {
        if c.is_lowercase() || TITLECASE.contains(&c) {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// Python's `str.lower()` appended to `out`. Python's final-sigma rule is not applied: it only
/// changes one non-ASCII letter into another, and every key VADER compares lowercased words
/// with (lexicon, boosters, negations, idioms) is either ASCII or never reachable.
#[inline]
pub(crate) fn py_lower_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        for c in s.chars() {
            out.extend(c.to_lowercase());
        }
    }
}

/// `string.punctuation`.
#[inline]
pub(crate) fn is_py_punct(b: u8) -> bool {
    PUNCT[usize::from(b)]
}

/// `string.punctuation` as a byte table: one load instead of four range tests.
const PUNCT: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).is_ascii_punctuation();
        i += 1;
    }
    t
};

/// VADER's `_strip_punc_if_word`: strip `string.punctuation` from both ends unless that leaves
/// two characters or fewer (then the token is kept whole, as it is probably an emoticon).
/// Returns the byte range of the kept token inside `token`.
#[inline]
pub(crate) fn strip_punc_if_word(token: &str) -> (usize, usize) {
    let b = token.as_bytes();
    let mut start = 0;
    let mut end = b.len();
    while start < end && is_py_punct(b[start]) {
        start += 1;
    }
    while end > start && is_py_punct(b[end - 1]) {
        end -= 1;
    }
    if start == 0 && end == b.len() {
        return (0, b.len());
    }
    // Python's len() counts code points; UTF-8 continuation bytes are 0b10xx_xxxx.
    let len = if end - start <= 2 {
        end - start
    } else {
        b[start..end]
            .iter()
            .filter(|&&x| (x & 0xC0) != 0x80)
            .take(3)
            .count()
    };
    if len <= 2 {
        (0, b.len())
    } else {
        (start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_set_matches_python() {
        // The 29 code points Python 3.11's str.isspace() accepts.
        let py: Vec<u32> = vec![
            0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000,
            0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028,
            0x2029, 0x202f, 0x205f, 0x3000,
        ];
        let ours: Vec<u32> = (0..0x11_0000u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_py_space(c))
            .map(|c| c as u32)
            .collect();
        assert_eq!(ours, py);
        for b in 0u8..128 {
            assert_eq!(is_py_space_ascii(b), is_py_space(char::from(b)));
        }
    }

    #[test]
    fn only_kelvin_lowercases_to_ascii() {
        // The tokenizer skips lookups of non-ASCII words unless they contain U+212A.
        let to_ascii: Vec<char> = (0x80..0x11_0000u32)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().all(|l| l.is_ascii()))
            .collect();
        assert_eq!(to_ascii, vec!['\u{212a}']);
    }

    #[test]
    fn isupper_like_python() {
        assert!(py_isupper("ABC"));
        assert!(py_isupper("A1!"));
        assert!(!py_isupper("123"));
        assert!(!py_isupper("AbC"));
        assert!(py_isupper("ƏLIYEV"));
        assert!(!py_isupper("Əliyev"));
        assert!(!py_isupper("Aǅ"));
        assert!(!py_isupper("日本"));
    }

    #[test]
    fn strip_punc_keeps_short() {
        let f = |t: &str| {
            let (a, b) = strip_punc_if_word(t);
            t[a..b].to_string()
        };
        assert_eq!(f(":)"), ":)");
        assert_eq!(f("ab."), "ab.");
        assert_eq!(f("abc."), "abc");
        assert_eq!(f("\"good!\""), "good");
        assert_eq!(f("éé."), "éé.");
        assert_eq!(f("ééé."), "ééé");
        assert_eq!(f("..."), "...");
    }
}
