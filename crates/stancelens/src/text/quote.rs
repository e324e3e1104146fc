//! Quotations: text inside balanced quotation marks, within one paragraph.
//!
//! Double marks: `“…”`, `"…"`, `«…»` (and `„` as an opener). Single marks: `‘…’` and
//! `'…'`, where a `’`/`'` between letters is an apostrophe (don’t, Azerbaijan’s), one
//! after a space or at the start of a word is an elision (’90s, 'tis), and one after a
//! letter with no single quote open is a plural possessive (states’): none of these open
//! or close a quotation. Quotes nest (single inside double or the reverse); a closing mark
//! closes the innermost open quote of its kind and drops any unclosed quotes opened after
//! it. Anything still open at the paragraph end is discarded, so an unbalanced mark never
//! yields a span, let alone one crossing a paragraph. Empty quotes (`“”`) are skipped.

use super::{paragraphs, segment::is_terminal, Span};
use serde::{Deserialize, Serialize};

/// One quotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Quotation {
    /// The quotation including its quote marks.
    pub span: Span,
    /// The text between the marks.
    pub inner: Span,
    /// Number of words (runs of letters/digits, inner apostrophes and hyphens joined).
    pub words: usize,
    /// Whether the quoted text ends in `.` `!` `?` or `…` (typical of reported speech). A
    /// final comma does not count: US style puts it inside even scare quotes (“map,”).
    pub ends_with_punct: bool,
    /// Whether the quotation lies inside another one.
    pub nested: bool,
}

impl Quotation {
    /// A scare quote: 1–4 words not ending in `.` `!` `?` `…` (“true religion”, “map,”).
    /// Short speech that ends in terminal punctuation (“No.”) does not count.
    ///
    /// ```
    /// use stancelens::text::quotations;
    /// let t = "It is the \u{201C}true religion\u{201D}. He said \u{201C}No.\u{201D}";
    /// let q = quotations(t);
    /// assert!(q[0].is_scare_quote());
    /// assert!(!q[1].is_scare_quote());
    /// ```
    pub fn is_scare_quote(&self) -> bool {
        (1..=4).contains(&self.words) && !self.ends_with_punct
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Double,
    Single,
}

/// Quotations in `text`, sorted by start (an enclosing quotation before the ones inside).
///
/// ```
/// use stancelens::text::quotations;
/// let t = "Azerbaijan\u{2019}s minister said \u{201C}we agree. It is \u{2018}historic\u{2019}.\u{201D} Don't.";
/// let q = quotations(t);
/// assert_eq!(q.len(), 2);
/// assert_eq!(q[0].span.slice(t), "\u{201C}we agree. It is \u{2018}historic\u{2019}.\u{201D}");
/// assert_eq!(q[0].words, 5);
/// assert_eq!(q[1].inner.slice(t), "historic");
/// assert!(q[1].nested);
/// ```
pub fn quotations(text: &str) -> Vec<Quotation> {
    let mut out = Vec::new();
    let mut stack: Vec<(Kind, usize, usize)> = Vec::new();
    for para in paragraphs(text) {
        let first = out.len();
        quotes_in(text, para, &mut stack, &mut out, true);
        out[first..]
            .sort_unstable_by_key(|q: &Quotation| (q.span.start, std::cmp::Reverse(q.span.end)));
    }
    out
}

/// Just the spans (marks included) of [`quotations`].
///
/// ```
/// use stancelens::text::quotation_spans;
/// let t = "They called it \"good business\" and left.";
/// let s: Vec<&str> = quotation_spans(t).iter().map(|s| s.slice(t)).collect();
/// assert_eq!(s, ["\"good business\""]);
/// ```
pub fn quotation_spans(text: &str) -> Vec<Span> {
    quotations(text).into_iter().map(|q| q.span).collect()
}

/// Bytes that can begin a quote mark: `"` `'`, and the lead bytes of `“ ” „ ‘ ’` (0xE2)
/// and `« »` (0xC2).
const MAY_QUOTE: [[u8; 3]; 2] = [[b'"', b'\'', 0xE2], [0xC2, 0xC2, 0xC2]];

/// The characters of `body` that may be quote marks, with the characters before and after
/// them; with `skip`, the bytes that cannot begin one are passed over by a vectorised
/// search (the quote logic reads nothing else), otherwise every character is visited.
fn quote_candidates(
    body: &str,
    skip: bool,
) -> impl Iterator<Item = (usize, char, Option<char>, Option<char>)> + '_ {
    let mut finder = super::ByteFinder::new(body.as_bytes(), MAY_QUOTE);
    let mut k = 0usize;
    std::iter::from_fn(move || loop {
        if skip {
            k = finder.next(k);
        }
        let c = body.get(k..)?.chars().next()?;
        let at = k;
        k += c.len_utf8();
        if !skip || matches!(c, '“' | '„' | '«' | '”' | '»' | '"' | '‘' | '\'' | '’') {
            let prev = body.get(..at).and_then(|b| b.chars().next_back());
            let next = body.get(k..).and_then(|a| a.chars().next());
            return Some((at, c, prev, next));
        }
    })
}

fn quotes_in(
    text: &str,
    para: Span,
    stack: &mut Vec<(Kind, usize, usize)>,
    out: &mut Vec<Quotation>,
    skip: bool,
) {
    stack.clear();
    let body = para.slice(text);
    let base = para.start;
    for (k, c, prev, next) in quote_candidates(body, skip) {
        let at = base + k;
        let len = c.len_utf8();
        let open_pos = |kind: Kind, st: &Vec<(Kind, usize, usize)>| {
            st.iter().rposition(|&(kd, _, _)| kd == kind)
        };
        match c {
            '“' | '„' | '«' => open(stack, Kind::Double, at, len),
            '”' | '»' => close(text, stack, Kind::Double, at, len, out),
            '"' => {
                if open_pos(Kind::Double, stack).is_some() {
                    close(text, stack, Kind::Double, at, len, out);
                } else if next.is_some_and(|n| !n.is_whitespace()) {
                    open(stack, Kind::Double, at, len);
                }
            }
            '‘' | '\'' | '’' => {
                let p_alpha = prev.is_some_and(char::is_alphabetic);
                let n_alpha = next.is_some_and(char::is_alphabetic);
                let p_space = prev.map_or(true, |p| p.is_whitespace() || is_open_context(p));
                if p_alpha && n_alpha {
                    // Apostrophe inside a word.
                } else if p_space {
                    // A mark at the start of a word: opener, unless it is an elision.
                    let elision = (c != '‘' && next.is_some_and(|n| n.is_ascii_digit()))
                        || (c == '’' && n_alpha && is_elision(&body[k + len..]));
                    let elision = elision || (c == '‘' && is_decade(&body[k + len..]));
                    if !elision && next.is_some_and(|n| !n.is_whitespace()) {
                        open(stack, Kind::Single, at, len);
                    }
                } else if c != '‘' && open_pos(Kind::Single, stack).is_some() {
                    close(text, stack, Kind::Single, at, len, out);
                }
            }
            _ => {}
        }
    }
}

/// Characters after which a quote mark is at the start of a word.
fn is_open_context(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '“' | '"' | '—' | '–' | '-' | '/' | '«' | '„'
    )
}

/// "’tis", "’twas", "’em", "’n’": elided words after an apostrophe.
fn is_elision(rest: &str) -> bool {
    let word: &str = rest
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or_default();
    matches!(
        word.to_ascii_lowercase().as_str(),
        "tis" | "twas" | "em" | "n" | "cause" | "til" | "bout"
    )
}

/// "90s" after a mark: a decade.
fn is_decade(rest: &str) -> bool {
    let b = rest.as_bytes();
    b.len() >= 3 && b[0].is_ascii_digit() && b[1].is_ascii_digit() && b[2] == b's'
}

const MAX_DEPTH: usize = 16;

fn open(stack: &mut Vec<(Kind, usize, usize)>, kind: Kind, at: usize, len: usize) {
    // A second opener of the same kind while one is open: the first was unbalanced
    // unless another kind sits in between (nesting).
    if let Some(top) = stack.last() {
        if top.0 == kind {
            stack.pop();
        }
    }
    // Real quotes nest a few levels at most; a deep stack means stray marks, and capping
    // it keeps closing (a scan of the stack) cheap.
    if stack.len() >= MAX_DEPTH {
        stack.clear();
    }
    stack.push((kind, at, len));
}

fn close(
    text: &str,
    stack: &mut Vec<(Kind, usize, usize)>,
    kind: Kind,
    at: usize,
    len: usize,
    out: &mut Vec<Quotation>,
) {
    let Some(idx) = stack.iter().rposition(|&(k, _, _)| k == kind) else {
        return;
    };
    let (_, o_at, o_len) = stack[idx];
    stack.truncate(idx);
    let inner = Span::new(o_at + o_len, at);
    let inner_text = inner.slice(text);
    let words = count_words(inner_text);
    if words == 0 && inner_text.trim().is_empty() {
        return;
    }
    let ends_with_punct = inner_text
        .trim_end()
        .trim_end_matches(['\'', '’', '"', '”', ')'])
        .chars()
        .next_back()
        .is_some_and(is_terminal);
    out.push(Quotation {
        span: Span::new(o_at, at + len),
        inner,
        words,
        ends_with_punct,
        nested: idx > 0,
    });
}

/// Runs of letters/digits, with apostrophes and hyphens inside a run not splitting it.
pub(crate) fn count_words(s: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if !in_word {
                n += 1;
                in_word = true;
            }
        } else if !(in_word && matches!(c, '\'' | '’' | '-' | '‑' | '‐')) {
            in_word = false;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`quotations`] visiting every character (the definition the skip must keep).
    fn quotations_char_by_char(text: &str) -> Vec<Quotation> {
        let mut out = Vec::new();
        let mut stack = Vec::new();
        for para in paragraphs(text) {
            let first = out.len();
            quotes_in(text, para, &mut stack, &mut out, false);
            out[first..].sort_unstable_by_key(|q: &Quotation| {
                (q.span.start, std::cmp::Reverse(q.span.end))
            });
        }
        out
    }

    proptest! {
        #[test]
        fn skipping_to_quote_marks_finds_the_same_quotations(
            parts in prop::collection::vec(prop::sample::select(vec![
                "“", "”", "„", "«", "»", "‘", "’", "\"", "'", " ", "\n\n", "He said ", "no",
                "90s", "tis", "rock ’n’ roll", "don't", "—", "(", "é", ".", "!", "\u{a0}", "x",
            ]), 0..40),
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(quotations(&text), quotations_char_by_char(&text));
        }
    }

    fn inner(t: &str) -> Vec<&str> {
        quotations(t).iter().map(|q| q.inner.slice(t)).collect()
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(inner("Azerbaijan’s don’t ’90s ‘90s the states’ rights").is_empty());
        assert!(inner("Azerbaijan's don't '90s the states' rights").is_empty());
    }

    #[test]
    fn single_quotes_around_words() {
        assert_eq!(
            inner("more than just 'good business' now"),
            ["good business"]
        );
        assert_eq!(inner("so-called ‘moderate’ regimes"), ["moderate"]);
    }

    #[test]
    fn multi_sentence_speech() {
        let t = "He said: “We will. We must!” Then left.";
        let q = quotations(t);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].words, 4);
        assert!(!q[0].is_scare_quote());
    }

    #[test]
    fn unbalanced_stays_in_paragraph() {
        let t = "He said “this never ends.\n\nNew “para” here.";
        let q = quotations(t);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].inner.slice(t), "para");
    }

    #[test]
    fn empty_quotes_skipped() {
        let t = "its “periphery strategy” “” — or";
        assert_eq!(inner(t), ["periphery strategy"]);
    }

    #[test]
    fn ascii_marks_and_measurements() {
        assert_eq!(inner("He is 5'10\" tall and \"fit\"."), ["fit"]);
        assert_eq!(
            inner("She said \"it is 'fine' now\" and \"done\"."),
            ["it is 'fine' now", "fine", "done"]
        );
        assert_eq!(inner("Il a dit «c'est fini» hier."), ["c'est fini"]);
    }

    #[test]
    fn single_inside_double_dropped_when_unclosed() {
        let t = "“He said ‘maybe, then left.” Next.";
        let q = quotations(t);
        assert_eq!(q.len(), 1);
        assert!(!q[0].nested);
        assert_eq!(q[0].inner.slice(t), "He said ‘maybe, then left.");
    }

    #[test]
    fn deep_stray_marks_are_cheap_and_harmless() {
        let t = "“‘".repeat(10_000) + "x’”";
        let q = quotations(&t);
        assert_eq!(q.len(), 2);
        assert!(q.iter().all(|q| q.words == 1));
    }

    #[test]
    fn words_counted() {
        assert_eq!(count_words("don’t stop the 12‑day war"), 5);
        assert_eq!(count_words(" — "), 0);
    }
}
