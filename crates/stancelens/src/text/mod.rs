//! Text layer: spans, normalisation, segmentation, tokens and quotations.
//!
//! Every public function takes the original `&str` and returns byte [`Span`]s into it.
//! Normalisation never rewrites the text a caller sees; it produces a folded copy with a
//! map back to the original offsets (see [`normalize()`]).
//!
//! * [`normalize()`] / [`normalize_for_matching`]: typographic folding (and lower-casing)
//!   with [`Normalized::to_original`] to map spans back.
//! * [`paragraphs`], [`sentences`], [`sentences_in`]: lossless segmentation; the rules are
//!   documented in the `segment` module source and tested by
//!   `fixtures/segmentation/cases.toml`.
//! * [`tokenize`], [`tokenize_into`]: words, numbers, punctuation and emoji with case.
//! * [`quotations`], [`quotation_spans`]: balanced quotations per paragraph, with a
//!   scare-quote test.
//!
//! ```
//! use stancelens::text;
//! let t = "Aliyev said \u{201C}we agree.\u{201D} The U.S. Army\u{00A0}left.";
//! let s = text::sentences(t);
//! assert_eq!(s.len(), 2);
//! let q = text::quotations(t);
//! assert_eq!(q[0].inner.slice(t), "we agree.");
//! let n = text::normalize_for_matching(t);
//! let at = n.as_str().find("army left").unwrap_or(0);
//! let span = n.to_original(text::Span::new(at, at + 9));
//! assert_eq!(span.slice(t), "Army\u{00A0}left");
//! ```

mod normalize;
mod quote;
mod segment;
mod span;
mod token;

pub use normalize::{fold_char, normalize, normalize_for_matching, Fold, Normalized};
pub use quote::{quotation_spans, quotations, Quotation};
pub use segment::{paragraphs, sentences, sentences_in, MAX_SENTENCE_BYTES};
pub(crate) use segment::{segment_piece, sentences_of_paragraphs, sentences_of_piece};
pub use span::Span;
pub use token::{tokenize, tokenize_into, Case, Token, TokenKind};

/// Whether token `i` of `tokens` (tokens of `text`) ends a clause: `, ; : ( ) …`, an em
/// dash, or an en dash or hyphen with white space on at least one side. An en dash or
/// hyphen set solid between two words or numbers joins them ("Israeli–Azerbaijani",
/// "2020–2023") and ends nothing. Negation, booster, concession and entity-aim scopes stop
/// at clause ends.
///
/// ```
/// use stancelens::text::{is_clause_break, tokenize};
/// let text = "Israeli–Azerbaijani ties – in short – grew, fast.";
/// let toks = tokenize(text);
/// let breaks: Vec<&str> = (0..toks.len())
///     .filter(|&i| is_clause_break(text, &toks, i))
///     .map(|i| toks[i].span.slice(text))
///     .collect();
/// assert_eq!(breaks, ["–", "–", ","]);
/// ```
#[inline]
pub fn is_clause_break(text: &str, tokens: &[Token], i: usize) -> bool {
    let Some(t) = tokens.get(i) else {
        return false;
    };
    if t.kind != TokenKind::Punct {
        return false;
    }
    match t.span.slice(text) {
        "," | ";" | ":" | "\u{2014}" | "(" | ")" | "\u{2026}" => true,
        "\u{2013}" | "-" => !is_set_solid(tokens, i),
        _ => false,
    }
}

/// Whether token `i` touches the tokens on both sides, with no space: a hyphen or dash set
/// solid between two words ("Israeli–Azerbaijani", "Russo-Iranian") joins them.
pub(crate) fn is_set_solid(tokens: &[Token], i: usize) -> bool {
    let Some(t) = tokens.get(i) else {
        return false;
    };
    i > 0
        && tokens[i - 1].span.end == t.span.start
        && tokens
            .get(i + 1)
            .is_some_and(|n| n.span.start == t.span.end)
}

/// Whether the mention is a possessive ("Baku's", "Iran’s", "the Aliyevs'").
pub(crate) fn is_possessive(text: &str, tokens: &[Token], span: Span) -> bool {
    let last = token_at(tokens, span.end.saturating_sub(1));
    let w = tokens.get(last).map_or("", |t| t.span.slice(text));
    let next = tokens.get(last + 1).map_or("", |t| t.span.slice(text));
    w.ends_with("'s")
        || w.ends_with("\u{2019}s")
        || w.ends_with("s'")
        || w.ends_with("s\u{2019}")
        || next == "'s"
        || next == "\u{2019}s"
}

/// Index of the token that holds byte `offset` (or the next one after it).
pub(crate) fn token_at(tokens: &[Token], offset: usize) -> usize {
    tokens.partition_point(|t| t.span.end <= offset)
}

/// A set of bytes as a table, built at compile time: scans test one load per byte.
pub(crate) const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
}

/// The next byte, at or after a position, that is one of up to six bytes: two vectorised
/// searches (`memchr3`) of three bytes each, each done again only once the positions
/// asked for have passed its find. For scans that visit only a few kinds of bytes
/// (terminal punctuation, quote marks) at increasing positions.
#[derive(Debug)]
pub(crate) struct ByteFinder<'a> {
    bytes: &'a [u8],
    needles: [[u8; 3]; 2],
    found: [usize; 2],
}

impl<'a> ByteFinder<'a> {
    /// A finder of the bytes in `needles` (repeat a byte to search fewer than three).
    pub(crate) fn new(bytes: &'a [u8], needles: [[u8; 3]; 2]) -> Self {
        let mut f = ByteFinder {
            bytes,
            needles,
            found: [0; 2],
        };
        f.found = [f.search(0, 0), f.search(1, 0)];
        f
    }

    fn search(&self, which: usize, from: usize) -> usize {
        let [a, b, c] = self.needles[which];
        self.bytes
            .get(from..)
            .and_then(|rest| memchr::memchr3(a, b, c, rest))
            .map_or(self.bytes.len(), |p| from + p)
    }

    /// The offset of the first wanted byte at or after `from` (`bytes.len()` when there is
    /// none). Cheapest when `from` does not decrease from call to call.
    pub(crate) fn next(&mut self, from: usize) -> usize {
        for which in 0..2 {
            if self.found[which] < from {
                self.found[which] = self.search(which, from);
            }
        }
        self.found[0].min(self.found[1])
    }
}

/// The offset of the first byte of `bytes` at or after `from` that is in `set`
/// (`bytes.len()` when there is none): the reference for [`ByteFinder`].
#[cfg(test)]
pub(crate) fn skip_to(bytes: &[u8], from: usize, set: &[bool; 256]) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| set[usize::from(b)]))
        .map_or(bytes.len(), |p| from + p)
}
