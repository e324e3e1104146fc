//! Typographic folding with a map back to original byte offsets.
//!
//! The folded text is only ever used for matching; every span a caller reports is mapped
//! back with [`Normalized::to_original`], so the original text is never rewritten.
//!
//! Folds (see [`fold_char`]):
//! * curly single quotes, primes and the modifier apostrophe → `'`;
//! * curly double quotes and double primes → `"`;
//! * hyphen U+2010, non-breaking hyphen U+2011, figure dash U+2012, en dash U+2013 and
//!   minus U+2212 → `-`. En dashes mostly join compounds ("Israel–Azerbaijan") and ranges,
//!   so they fold like a hyphen;
//! * em dash U+2014 and horizontal bar U+2015 → `--`. Deliberately two hyphens, not one:
//!   em dashes separate asides ("champion—one that"), and a single `-` would glue the two
//!   words into one hyphenated token in the folded text;
//! * NBSP, narrow NBSP, thin and other Unicode spaces → ASCII space; U+2028/U+2029 → `\n`;
//! * soft hyphen, zero-width space/joiners, word joiner, BOM and bidi controls → removed;
//! * ellipsis U+2026 → `...`;
//! * with `fold_case` ([`normalize_for_matching`]), everything is lower-cased too.

use super::Span;
use std::borrow::Cow;

/// A stretch of the folded text whose bytes do not map 1:1 to the original.
///
/// Outside these regions the folded and original offsets differ by a constant, taken from
/// the region before. Adjacent changes are merged, so regions never touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Region {
    f_start: usize,
    f_end: usize,
    o_start: usize,
    o_end: usize,
}

/// Folded text plus a compact map back to byte offsets in the original.
///
/// The map records only the places where folding changed the bytes, so text that needed
/// no folding costs nothing (the folded text then borrows the original).
///
/// ```
/// use stancelens::text::{normalize, Span};
/// let t = "Baku\u{2019}s \u{201C}ally\u{201D}";
/// let n = normalize(t);
/// assert_eq!(n.as_str(), "Baku's \"ally\"");
/// let ally = Span::new(8, 12); // "ally" in the folded text
/// assert_eq!(n.to_original(ally).slice(t), "ally");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized<'a> {
    text: Cow<'a, str>,
    regions: Vec<Region>,
}

/// How one character folds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fold {
    /// Keep the character as it is.
    Keep,
    /// Replace it with another character.
    Char(char),
    /// Replace it with a string.
    Str(&'static str),
    /// Drop it.
    Remove,
}

/// How [`normalize`] folds one character (case folding aside).
///
/// ```
/// use stancelens::text::{fold_char, Fold};
/// assert_eq!(fold_char('\u{2019}'), Fold::Char('\''));
/// assert_eq!(fold_char('\u{2014}'), Fold::Str("--"));
/// assert_eq!(fold_char('\u{00AD}'), Fold::Remove);
/// assert_eq!(fold_char('a'), Fold::Keep);
/// ```
pub fn fold_char(c: char) -> Fold {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}'
        | '\u{02BC}' | '\u{FF07}' => Fold::Char('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{2036}'
        | '\u{FF02}' => Fold::Char('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => Fold::Char('-'),
        '\u{2014}' | '\u{2015}' => Fold::Str("--"),
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Fold::Char(' '),
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Fold::Char('\n'),
        '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => Fold::Remove,
        '\u{2026}' => Fold::Str("..."),
        _ => Fold::Keep,
    }
}

/// Fold typography (quotes, dashes, spaces, invisible characters) keeping an offset map.
///
/// ```
/// use stancelens::text::normalize;
/// let t = "12\u{2011}day war \u{2014} \u{201C}over\u{2026}\u{201D}";
/// let n = normalize(t);
/// assert_eq!(n.as_str(), "12-day war -- \"over...\"");
/// // Pure ASCII text is returned unchanged and borrowed.
/// assert!(normalize("plain text").is_identity());
/// ```
pub fn normalize(text: &str) -> Normalized<'_> {
    fold(text, false)
}

/// Like [`normalize`], and also lower-cases everything: the form lexicon matchers use.
///
/// ```
/// use stancelens::text::{normalize_for_matching, Span};
/// let t = "The U.S.\u{00A0}Army";
/// let n = normalize_for_matching(t);
/// assert_eq!(n.as_str(), "the u.s. army");
/// assert_eq!(n.to_original(Span::new(9, 13)).slice(t), "Army");
/// ```
pub fn normalize_for_matching(text: &str) -> Normalized<'_> {
    fold(text, true)
}

/// Whether `c` would change under folding.
fn changes(c: char, fold_case: bool) -> bool {
    if fold_char(c) != Fold::Keep {
        return true;
    }
    fold_case && c.is_uppercase()
}

fn fold(text: &str, fold_case: bool) -> Normalized<'_> {
    if text.is_ascii() {
        // No ASCII character folds; only case can change, and it keeps lengths.
        let text = if fold_case && text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        };
        return Normalized {
            text,
            regions: Vec::new(),
        };
    }
    let first = text
        .char_indices()
        .find(|&(_, c)| changes(c, fold_case))
        .map(|(i, _)| i);
    let Some(first) = first else {
        return Normalized {
            text: Cow::Borrowed(text),
            regions: Vec::new(),
        };
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut regions: Vec<Region> = Vec::new();
    push_ascii_aware(&mut out, &text[..first], fold_case);
    let bytes = text.as_bytes();
    let mut i = first;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            // Copy an ASCII run in one go.
            let run = bytes[i..]
                .iter()
                .position(|&b| b >= 0x80)
                .map_or(bytes.len(), |p| i + p);
            push_ascii_aware(&mut out, &text[i..run], fold_case);
            i = run;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let clen = c.len_utf8();
        let f_start = out.len();
        // `same` means one char of the same byte length: offsets stay 1:1.
        let same = match fold_char(c) {
            Fold::Keep => {
                if fold_case && c.is_uppercase() {
                    let lower = c.to_lowercase();
                    let single = lower.len() == 1;
                    out.extend(lower);
                    single && out.len() - f_start == clen
                } else {
                    out.push(c);
                    true
                }
            }
            Fold::Char(r) => {
                out.push(r);
                r.len_utf8() == clen
            }
            Fold::Str(s) => {
                out.push_str(s);
                false
            }
            Fold::Remove => false,
        };
        if !same {
            let r = Region {
                f_start,
                f_end: out.len(),
                o_start: i,
                o_end: i + clen,
            };
            match regions.last_mut() {
                Some(last) if last.f_end == r.f_start && last.o_end == r.o_start => {
                    last.f_end = r.f_end;
                    last.o_end = r.o_end;
                }
                _ => regions.push(r),
            }
        }
        i += clen;
    }
    Normalized {
        text: Cow::Owned(out),
        regions,
    }
}

/// Append a slice, lower-casing it if asked. Non-ASCII prefixes only reach here when they
/// contain nothing to fold, so a plain copy is right for them.
fn push_ascii_aware(out: &mut String, s: &str, fold_case: bool) {
    if fold_case && s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(s);
    }
}

impl<'a> Normalized<'a> {
    /// The folded text.
    ///
    /// ```
    /// assert_eq!(stancelens::text::normalize("a\u{00A0}b").as_str(), "a b");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether folding changed no offsets (the folded text may still differ in case).
    ///
    /// ```
    /// use stancelens::text::{normalize, normalize_for_matching};
    /// assert!(normalize("Baku").is_identity());
    /// assert!(normalize_for_matching("Baku").is_identity()); // "baku": same offsets
    /// assert!(!normalize("Baku\u{2019}s").is_identity());
    /// ```
    pub fn is_identity(&self) -> bool {
        self.regions.is_empty()
    }

    /// Number of recorded changed regions (a measure of the map's size).
    ///
    /// ```
    /// // Adjacent changes merge into one region.
    /// assert_eq!(stancelens::text::normalize("\u{201C}\u{2018}x\u{2019}\u{201D}").changed_regions(), 2);
    /// ```
    pub fn changed_regions(&self) -> usize {
        self.regions.len()
    }

    /// Detach from the original text's lifetime.
    ///
    /// ```
    /// let n = stancelens::text::normalize(&String::from("x\u{2014}y")).into_owned();
    /// assert_eq!(n.as_str(), "x--y");
    /// ```
    pub fn into_owned(self) -> Normalized<'static> {
        Normalized {
            text: Cow::Owned(self.text.into_owned()),
            regions: self.regions,
        }
    }

    /// Map a span of the folded text back to the original text.
    ///
    /// The result always lies on char boundaries of the original. A span that starts or
    /// ends inside an expansion (one char of `...` from `…`) widens to cover the whole
    /// original character; removed invisible characters at the edges are left out.
    ///
    /// ```
    /// use stancelens::text::{normalize, Span};
    /// let t = "wait\u{2026} now";
    /// let n = normalize(t);
    /// assert_eq!(n.as_str(), "wait... now");
    /// assert_eq!(n.to_original(Span::new(4, 5)).slice(t), "\u{2026}");
    /// assert_eq!(n.to_original(Span::new(8, 11)).slice(t), "now");
    /// ```
    pub fn to_original(&self, span: Span) -> Span {
        let s = self.map(self.floor(span.start), false);
        let e = self.map(self.ceil(span.end.max(span.start)), true);
        Span::new(s, e)
    }

    /// Map one folded offset back to the original (as the start of a span).
    ///
    /// ```
    /// use stancelens::text::normalize;
    /// let t = "\u{201C}Baku\u{201D}";
    /// let n = normalize(t);
    /// assert_eq!(n.to_original_offset(1), 3);
    /// ```
    pub fn to_original_offset(&self, offset: usize) -> usize {
        self.map(self.floor(offset), false)
    }

    fn floor(&self, mut f: usize) -> usize {
        f = f.min(self.text.len());
        while !self.text.is_char_boundary(f) {
            f -= 1;
        }
        f
    }

    fn ceil(&self, mut f: usize) -> usize {
        f = f.min(self.text.len());
        while !self.text.is_char_boundary(f) {
            f += 1;
        }
        f
    }

    /// `f` must be a folded char boundary. `end` selects end-of-span rounding.
    fn map(&self, f: usize, end: bool) -> usize {
        let idx = self.regions.partition_point(|r| r.f_end < f);
        if let Some(r) = self.regions.get(idx) {
            if r.f_start <= f {
                if r.f_start == r.f_end {
                    // Pure removal: starts skip it, ends stop before it.
                    return if end { r.o_start } else { r.o_end };
                }
                if f == r.f_start {
                    return r.o_start;
                }
                if f == r.f_end {
                    return r.o_end;
                }
                return if end { r.o_end } else { r.o_start };
            }
        }
        match idx.checked_sub(1).and_then(|j| self.regions.get(j)) {
            Some(prev) => f - prev.f_end + prev.o_end,
            None => f,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_borrowed_identity() {
        let n = normalize("Hello, world. 2.5% - ok");
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert!(n.is_identity());
        assert_eq!(n.to_original(Span::new(7, 12)), Span::new(7, 12));
    }

    #[test]
    fn non_ascii_without_changes_is_borrowed() {
        let t = "Əliyev Azərbaycan";
        let n = normalize(t);
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert_eq!(n.as_str(), t);
    }

    #[test]
    fn folds_everything_listed() {
        let t = "a\u{00A0}b\u{202F}c\u{2009}d\u{00AD}e\u{200B}f\u{FEFF}g\u{200E}h\u{2066}i\u{2032}j\u{2033}k\u{2212}1";
        assert_eq!(normalize(t).as_str(), "a b c defghi'j\"k-1");
    }

    #[test]
    fn removed_chars_are_excluded_from_edges() {
        let t = "\u{200B}word\u{200B} x";
        let n = normalize(t);
        assert_eq!(n.as_str(), "word x");
        assert_eq!(n.to_original(Span::new(0, 4)).slice(t), "word");
        assert_eq!(n.to_original(Span::new(5, 6)).slice(t), "x");
    }

    #[test]
    fn inner_removal_is_kept() {
        let t = "co\u{00AD}operate now";
        let n = normalize(t);
        assert_eq!(n.as_str(), "cooperate now");
        assert_eq!(n.to_original(Span::new(0, 9)).slice(t), "co\u{00AD}operate");
        assert_eq!(n.to_original(Span::new(10, 13)).slice(t), "now");
    }

    #[test]
    fn case_folding_with_length_change() {
        let t = "İstanbul and ÆON";
        let n = normalize_for_matching(t);
        assert_eq!(n.as_str(), "i\u{307}stanbul and æon");
        let and = n.as_str().find("and").unwrap();
        assert_eq!(n.to_original(Span::new(and, and + 3)).slice(t), "and");
        assert_eq!(n.to_original(Span::new(0, 1)).slice(t), "İ");
    }

    #[test]
    fn every_folded_offset_maps_to_boundary() {
        let t = "\u{201C}a\u{2026}\u{00AD}\u{2014}b\u{201D} c\u{200D}";
        let n = normalize(t);
        for a in 0..=n.as_str().len() + 2 {
            for b in a..=n.as_str().len() + 2 {
                let s = n.to_original(Span::new(a, b));
                assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
                assert!(s.start <= s.end && s.end <= t.len());
            }
        }
    }

    #[test]
    fn adjacent_changes_merge() {
        let n = normalize("x\u{201C}\u{201C}\u{200B}y");
        assert_eq!(n.changed_regions(), 1);
    }
}
