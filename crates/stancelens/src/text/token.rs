use super::Span;
use serde::{Deserialize, Serialize};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes or hyphens ("don't", "well-known").
    Word,
    /// Digits, possibly with separators and a decimal point ("2.5", "20,000").
    Number,
    /// Punctuation.
    Punct,
    /// Anything else that is not whitespace: symbols, emoji.
    Symbol,
}

/// The letter case of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Case {
    /// No cased letters (numbers, punctuation, most scripts without case).
    Uncased,
    /// All cased letters are lower case.
    Lower,
    /// First letter upper, the rest lower ("Baku").
    Title,
    /// All cased letters are upper case, and there are at least two ("IRGC").
    AllCaps,
    /// Anything else ("iPhone", "McCain").
    Mixed,
}

/// A token: its span into the original text, its kind and its case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Token {
    /// Byte span into the original text.
    pub span: Span,
    /// Word, number, punctuation or symbol.
    pub kind: TokenKind,
    /// Letter case.
    pub case: Case,
}

impl Token {
    /// Whether the token is a word written all in capitals ("IRGC", "NEVER").
    ///
    /// ```
    /// let t = stancelens::text::tokenize("NEVER I");
    /// assert!(t[0].is_all_caps());
    /// assert!(!t[1].is_all_caps()); // one letter is not shouting
    /// ```
    pub fn is_all_caps(&self) -> bool {
        self.case == Case::AllCaps
    }
}

/// Split `text` into tokens with byte spans into `text`.
///
/// * Words keep inner apostrophes (`'` `’` `ʼ`) between letters and hyphens (`-` `‐` `‑`)
///   next to a letter ("don’t", "Iran-backed", "COVID-19", "12-day" are one token each).
///   Digits inside words stay in the word ("21st", "F-35"); combining marks join the word.
/// * A hyphen between a letter and a capital separates two tokens, with the hyphen a third
///   ("Israel-Iran", "anti-Iranian", "Russo-Iranian"): each part is a name of its own, as
///   it is when a house style writes the en dash ("Israel–Iran", always three tokens), so
///   which parties a text names does not depend on which of the two it uses.
/// * Dotted abbreviations of single letters are one word with the final dot ("U.S.",
///   "e.g."); other full stops are separate.
/// * Numbers keep `,` and `.` between digits ("20,000", "2.5"). `%` and currency signs are
///   separate tokens (Punct and Symbol), so "2.5%" is `2.5` + `%`.
/// * An emoji with its variation selectors, skin-tone modifiers, keycap mark and
///   ZWJ-joined parts, or a flag (regional-indicator pair), is one Symbol token.
/// * A web address (`http://…`, `https://…`, `www.…`) is one Symbol token, up to white
///   space, a quote or an angle bracket, less the punctuation that ends a sentence after it:
///   its parts are no words, numbers or emoticons (the `:/` of `https://` is no frown).
///
/// ```
/// use stancelens::text::{tokenize, Case, TokenKind};
/// let t = "IRGC don't threaten 20,000 in the U.S. 2.5%!";
/// let toks = tokenize(t);
/// let words: Vec<&str> = toks.iter().map(|k| k.span.slice(t)).collect();
/// assert_eq!(words, ["IRGC", "don't", "threaten", "20,000", "in", "the", "U.S.", "2.5", "%", "!"]);
/// assert_eq!(toks[0].case, Case::AllCaps);
/// assert_eq!(toks[3].kind, TokenKind::Number);
/// let t = "See https://example.org/a_b?q=1 (sad).";
/// let toks = tokenize(t);
/// assert_eq!(toks[1].span.slice(t), "https://example.org/a_b?q=1");
/// assert_eq!(toks[1].kind, TokenKind::Symbol);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    tokenize_into(text, Span::new(0, text.len()), &mut out);
    out
}

/// Tokens of the part of `text` under `span` (offsets stay absolute), appended to `out`.
/// A span that does not fit `text` or is not on char boundaries adds nothing.
///
/// ```
/// use stancelens::text::{tokenize_into, Span};
/// let t = "One. Two three.";
/// let mut toks = Vec::new();
/// tokenize_into(t, Span::new(5, 15), &mut toks);
/// assert_eq!(toks[0].span.slice(t), "Two");
/// assert_eq!(toks.len(), 3);
/// ```
pub fn tokenize_into(text: &str, span: Span, out: &mut Vec<Token>) {
    tokenize_span(text, span, out, true);
}

/// [`tokenize_into`]; `fast` takes plain ASCII words in one pass (tests compare the two).
fn tokenize_span(text: &str, span: Span, out: &mut Vec<Token>, fast: bool) {
    let Some(body) = text.get(span.start..span.end) else {
        return;
    };
    let base = span.start;
    let mut i = 0usize;
    let bytes = body.as_bytes();
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if let Some(end) = url_end(bytes, i) {
            out.push(Token {
                span: Span::new(base + i, base + end),
                kind: TokenKind::Symbol,
                case: Case::Uncased,
            });
            i = end;
            continue;
        }
        if fast {
            if let Some((end, kind, case)) = ascii_word(bytes, i) {
                out.push(Token {
                    span: Span::new(base + i, base + end),
                    kind,
                    case,
                });
                i = end;
                continue;
            }
            // ASCII punctuation is a token of one byte.
            if class(bytes, i) & PUNCT1 != 0 {
                out.push(Token {
                    span: Span::new(base + i, base + i + 1),
                    kind: TokenKind::Punct,
                    case: Case::Uncased,
                });
                i += 1;
                continue;
            }
        }
        let c = if bytes[i].is_ascii() {
            char::from(bytes[i])
        } else {
            let Some(c) = body[i..].chars().next() else {
                break;
            };
            c
        };
        let start = i;
        i += c.len_utf8();
        if c.is_whitespace() || (!c.is_ascii() && is_invisible(c)) {
            continue;
        }
        let keycap =
            matches!(c, '0'..='9' | '#' | '*') && body[i..].starts_with(['\u{FE0F}', '\u{20E3}']);
        let kind = if keycap {
            // A keycap emoji: "1️⃣".
            i = scan_emoji(body, i);
            TokenKind::Symbol
        } else if c.is_alphanumeric() {
            i = scan_word(body, start);
            let w = &body[start..i];
            let alpha = if w.is_ascii() {
                w.bytes().any(|b| b.is_ascii_alphabetic())
            } else {
                w.chars().any(char::is_alphabetic)
            };
            if alpha {
                TokenKind::Word
            } else {
                TokenKind::Number
            }
        } else if is_punct(c) {
            TokenKind::Punct
        } else {
            i = scan_emoji(body, i);
            TokenKind::Symbol
        };
        let s = &body[start..i];
        out.push(Token {
            span: Span::new(base + start, base + i),
            kind,
            case: if kind == TokenKind::Word {
                case_of(s)
            } else {
                Case::Uncased
            },
        });
    }
}

/// The end of the web address that starts at `i`, if one does: `http://`, `https://` or
/// `www.` (any case) and a letter or digit, up to ASCII white space, `"`, `<`, `>` or a
/// non-ASCII byte (curly quotes, no-break space), less trailing `.,;:!?'` and a `)` that
/// closes nothing inside it.
fn url_end(bytes: &[u8], i: usize) -> Option<usize> {
    if !matches!(bytes.get(i), Some(b'h' | b'H' | b'w' | b'W')) {
        return None;
    }
    let rest = bytes.get(i..)?;
    let prefix = [&b"https://"[..], b"http://", b"www."]
        .into_iter()
        .find(|p| {
            rest.get(..p.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(p))
        })?
        .len();
    if !rest.get(prefix).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let len = rest
        .iter()
        .position(|&c| c.is_ascii_whitespace() || matches!(c, b'"' | b'<' | b'>') || !c.is_ascii())
        .unwrap_or(rest.len());
    let url = rest.get(..len)?;
    let opens = url.iter().filter(|&&c| c == b'(').count();
    let mut closes = url.iter().filter(|&&c| c == b')').count();
    let mut end = len;
    while end > prefix {
        match url.get(end - 1) {
            Some(b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'') => end -= 1,
            Some(b')') if closes > opens => {
                closes -= 1;
                end -= 1;
            }
            _ => break,
        }
    }
    Some(i + end)
}

/// Byte classes for the fast path: one table load per byte instead of range tests.
const UPPER: u8 = 1;
const LOWER: u8 = 2;
const DIGIT: u8 = 4;
const ALNUM: u8 = UPPER | LOWER | DIGIT;
/// `'`, `-`, `.` and `,`: may join two parts of one word.
const JOINER: u8 = 8;
/// ASCII punctuation that is a one-byte Punct token (not `#` or `*`, which may start a
/// keycap emoji, nor the math and currency signs, which are symbols).
const PUNCT1: u8 = 16;
const ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_punctuation() {
            let joiner = if matches!(c, b'\'' | b'-' | b'.' | b',') {
                JOINER
            } else {
                0
            };
            let one = if matches!(
                c,
                b'$' | b'+' | b'<' | b'=' | b'>' | b'^' | b'`' | b'|' | b'~' | b'#' | b'*'
            ) {
                0
            } else {
                PUNCT1
            };
            joiner | one
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Whether a byte class ([`ASCII_CLASS`]) is a letter's.
#[inline]
fn is_letter(class: u8) -> bool {
    class & (UPPER | LOWER) != 0
}

#[inline]
fn class(bytes: &[u8], i: usize) -> u8 {
    bytes.get(i).map_or(0, |&b| ASCII_CLASS[usize::from(b)])
}

/// The common word in one pass: ASCII letters and digits from `start`, joined over the
/// ASCII apostrophes, hyphens, points and commas that [`scan_word`] joins over ("don't",
/// "F-35", "20,000"), up to a byte that ends the word. Its end, kind and case are those
/// the general path gives; anything else (a possible abbreviation, a joiner before a
/// non-ASCII character, a non-ASCII letter) returns `None` for it.
#[inline]
fn ascii_word(bytes: &[u8], start: usize) -> Option<(usize, TokenKind, Case)> {
    // Capitals are counted (the case needs none, one or more); small letters are only
    // seen, in the union of the classes.
    let (mut upper, mut seen) = (0usize, 0u8);
    let mut end = start;
    loop {
        let mut cls = class(bytes, end);
        while cls & ALNUM != 0 {
            upper += usize::from(cls & UPPER);
            seen |= cls;
            end += 1;
            cls = class(bytes, end);
        }
        if end == start {
            return None;
        }
        let Some(&stop) = bytes.get(end) else { break };
        if cls & JOINER == 0 {
            if stop.is_ascii() {
                break;
            }
            // The typographic apostrophe (E2 80 99) joins two letters as `'` does
            // ("Azerbaijan’s"), a common non-ASCII character in news text.
            if bytes.get(end..end + 3) == Some(&[0xE2, 0x80, 0x99]) {
                let prev = class(bytes, end - 1);
                match bytes.get(end + 3) {
                    Some(&a) if a.is_ascii() => {
                        if is_letter(prev) && is_letter(ASCII_CLASS[usize::from(a)]) {
                            end += 3;
                            continue;
                        }
                        break;
                    }
                    None => break,
                    Some(_) => return None,
                }
            }
            // A non-ASCII letter, mark or joiner may continue the word.
            return None;
        }
        // One letter and a point may start "U.S."; the general path decides.
        if stop == b'.' && end - start == 1 {
            return None;
        }
        let prev = class(bytes, end - 1);
        let joins = match bytes.get(end + 1) {
            None => false,
            Some(&a) if !a.is_ascii() => return None,
            Some(&a) => {
                let next = ASCII_CLASS[usize::from(a)];
                match stop {
                    b'\'' => is_letter(prev) && is_letter(next),
                    // A capital after a letter starts another name ("Israel-Iran").
                    b'-' if is_letter(prev) && next & UPPER != 0 => false,
                    b'-' => is_letter(next) || (is_letter(prev) && next & DIGIT != 0),
                    _ => prev & DIGIT != 0 && next & DIGIT != 0,
                }
            }
        };
        if !joins {
            break;
        }
        end += 1;
    }
    let lower = usize::from(seen & LOWER != 0);
    Some(if upper + lower > 0 {
        // Only a word with one capital and small letters needs to know which came first.
        let first_upper = upper == 1
            && lower > 0
            && bytes[start..end]
                .iter()
                .find(|b| b.is_ascii_alphabetic())
                .is_some_and(u8::is_ascii_uppercase);
        (
            end,
            TokenKind::Word,
            case_from_counts(upper, lower, first_upper),
        )
    } else {
        (end, TokenKind::Number, Case::Uncased)
    })
}

/// End of the word or number starting at `start` (an alphanumeric char).
fn scan_word(body: &str, start: usize) -> usize {
    if let Some(end) = dotted_abbrev(body, start) {
        return end;
    }
    let bytes = body.as_bytes();
    let mut end = start;
    let mut prev = '\0';
    loop {
        // Fast path: ASCII letters and digits.
        while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        if end > start && bytes[end - 1].is_ascii() {
            prev = char::from(bytes[end - 1]);
        }
        let c = match bytes.get(end) {
            None => break,
            // A space or most ASCII punctuation ends the word at once.
            Some(&b) if b.is_ascii() && !matches!(b, b'\'' | b'-' | b'.' | b',') => break,
            Some(&b) if b.is_ascii() => char::from(b),
            Some(_) => match body[end..].chars().next() {
                Some(c) => c,
                None => break,
            },
        };
        let clen = c.len_utf8();
        if c.is_alphanumeric() || is_combining(c) {
            end += clen;
            prev = c;
            continue;
        }
        let after = body[end + clen..].chars().next();
        let joins = match after {
            Some(a) if end > start => match c {
                '\'' | '’' | 'ʼ' | '\u{00AD}' => prev.is_alphabetic() && a.is_alphabetic(),
                // Invisible format characters (zero-width joiners and spaces, bidi marks,
                // overrides and isolates) inside a word leave it one word: a reader sees
                // one, and matching folds them away.
                c if is_invisible(c) => prev.is_alphanumeric() && a.is_alphanumeric(),
                '-' | '‐' | '‑' => {
                    let names_part = prev.is_alphabetic() && a.is_uppercase();
                    !names_part
                        && ((prev.is_alphanumeric() && a.is_alphabetic())
                            || (prev.is_alphabetic() && a.is_alphanumeric()))
                }
                '.' | ',' => prev.is_ascii_digit() && a.is_ascii_digit(),
                _ => false,
            },
            _ => false,
        };
        if !joins {
            break;
        }
        end += clen;
        prev = c;
    }
    end
}

/// "U.S.", "e.g.", "U.S.A.": single letters each followed by a dot, at least two of them,
/// not followed by another letter. Returns the end after the last dot.
fn dotted_abbrev(body: &str, start: usize) -> Option<usize> {
    // Most words are not followed by a dot after their first letter: decide that first.
    let first_len = body[start..].chars().next().map_or(1, char::len_utf8);
    if body.as_bytes().get(start + first_len) != Some(&b'.') {
        return None;
    }
    if start > 0
        && body[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let mut pos = start;
    let mut n = 0;
    loop {
        let mut it = body[pos..].chars();
        match (it.next(), it.next()) {
            (Some(l), Some('.')) if l.is_alphabetic() => {
                n += 1;
                pos += l.len_utf8() + 1;
            }
            _ => break,
        }
    }
    let next_alnum = body[pos..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric);
    (n >= 2 && !next_alnum).then_some(pos)
}

/// Format characters with no visible form: skipped between tokens.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20EF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Extend an emoji/symbol token from `i` over the parts of its grapheme.
fn scan_emoji(body: &str, mut i: usize) -> usize {
    let first = body[..i].chars().next_back();
    let mut regional = first.is_some_and(is_regional_indicator);
    while let Some(c) = body[i..].chars().next() {
        let glue = matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{20E3}' | '\u{1F3FB}'..='\u{1F3FF}'
            | '\u{E0020}'..='\u{E007F}');
        if glue {
            i += c.len_utf8();
        } else if c == '\u{200D}' {
            // ZWJ joins the next symbol into the sequence.
            i += c.len_utf8();
            if let Some(n) = body[i..].chars().next() {
                if !n.is_whitespace() && !n.is_alphanumeric() {
                    i += n.len_utf8();
                }
            }
        } else if regional && is_regional_indicator(c) {
            // A flag is exactly two regional indicators.
            i += c.len_utf8();
            regional = false;
        } else {
            break;
        }
    }
    i
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// Punctuation (Unicode category P). ASCII math and currency signs (`$ + < = > ^ ` | ~`)
/// are symbols, not punctuation.
fn is_punct(c: char) -> bool {
    (c.is_ascii_punctuation() && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~'))
        || matches!(c, '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}'
            | '\u{00BF}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}'
            | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF1F}')
}

/// The case of a token's text.
pub(crate) fn case_of(s: &str) -> Case {
    if s.is_ascii() {
        // One pass over bytes: this runs once per word token.
        let (mut upper, mut lower, mut first) = (0usize, 0usize, None);
        for &c in s.as_bytes() {
            if c.is_ascii_uppercase() {
                upper += 1;
                first.get_or_insert(true);
            } else if c.is_ascii_lowercase() {
                lower += 1;
                first.get_or_insert(false);
            }
        }
        return case_from_counts(upper, lower, first.unwrap_or(false));
    }
    let mut upper = 0usize;
    let mut lower = 0usize;
    let mut first_upper = false;
    for (i, c) in s.chars().filter(|c| c.is_alphabetic()).enumerate() {
        if c.is_uppercase() {
            upper += 1;
            if i == 0 {
                first_upper = true;
            }
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    case_from_counts(upper, lower, first_upper)
}

fn case_from_counts(upper: usize, lower: usize, first_upper: bool) -> Case {
    match (upper, lower) {
        (0, 0) => Case::Uncased,
        (0, _) => Case::Lower,
        (u, 0) if u >= 2 => Case::AllCaps,
        (1, 0) => Case::Title,
        (1, _) if first_upper => Case::Title,
        _ => Case::Mixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The one-pass ASCII word path gives the tokens of the general path.
        #[test]
        fn ascii_fast_path_changes_no_token(
            parts in prop::collection::vec(prop::sample::select(vec![
                "Baku", "IRGC", "iPhone", "don't", "U.S.", "e.g.", "F-35", "20,000", "2.5", "a",
                "x.", "1\u{FE0F}\u{20E3}", "naïve", "é", "’s", "-", ",", ".", "'", " ", "\n",
                "%", "!", "(", "\u{200B}", "\u{0301}", "🇦🇿", "12-day", "U", "S", "3", "#",
                "ab", "Z9", "s", "’", "ʼ", "\u{00AD}", "‑", "*", "$", "\u{FE0F}", "\u{20E3}",
                "http://", "www.", "https://x.y/", ")", ":",
            ]), 0..24),
        ) {
            let text: String = parts.concat();
            let span = Span::new(0, text.len());
            let (mut fast, mut general) = (Vec::new(), Vec::new());
            tokenize_span(&text, span, &mut fast, true);
            tokenize_span(&text, span, &mut general, false);
            prop_assert_eq!(fast, general);
        }
    }

    /// The byte table agrees with the char tests it stands for, on every ASCII byte.
    #[test]
    fn byte_classes_match_char_tests() {
        for b in 0u8..128 {
            let c = char::from(b);
            let cls = ASCII_CLASS[usize::from(b)];
            assert_eq!(cls & UPPER != 0, c.is_ascii_uppercase(), "{c:?}");
            assert_eq!(cls & LOWER != 0, c.is_ascii_lowercase(), "{c:?}");
            assert_eq!(cls & DIGIT != 0, c.is_ascii_digit(), "{c:?}");
            assert_eq!(
                cls & JOINER != 0,
                matches!(c, '\'' | '-' | '.' | ','),
                "{c:?}"
            );
            let one_byte_punct = is_punct(c) && !matches!(c, '#' | '*');
            assert_eq!(cls & PUNCT1 != 0, one_byte_punct, "{c:?}");
        }
        assert!((128..=255).all(|b| ASCII_CLASS[b] == 0));
    }

    fn toks(t: &str) -> Vec<(&str, TokenKind, Case)> {
        tokenize(t)
            .iter()
            .map(|k| (k.span.slice(t), k.kind, k.case))
            .collect()
    }

    fn words(t: &str) -> Vec<&str> {
        tokenize(t).iter().map(|k| k.span.slice(t)).collect()
    }

    #[test]
    fn apostrophes_and_hyphens() {
        assert_eq!(
            words("Azerbaijan’s don't 12‑day Iran‑backed COVID-19 F-35 well‐known"),
            [
                "Azerbaijan’s",
                "don't",
                "12‑day",
                "Iran‑backed",
                "COVID-19",
                "F-35",
                "well‐known"
            ]
        );
        // A capital after a hyphen starts another name, with any of the three hyphens,
        // as the en dash does; a digit after one does not ("F-35" above).
        assert_eq!(
            words("Israel-Iran anti‑Iranian Russo‐Iranian US-Iran Israel–Iran"),
            [
                "Israel", "-", "Iran", "anti", "‑", "Iranian", "Russo", "‐", "Iranian", "US", "-",
                "Iran", "Israel", "–", "Iran"
            ]
        );
        // Trailing/leading marks and ranges are split off.
        assert_eq!(
            words("states’ 'tis 1991-1993"),
            ["states", "’", "'", "tis", "1991", "-", "1993"]
        );
    }

    #[test]
    fn web_addresses_are_one_symbol() {
        let t = toks("Read http://url_removed, (see https://en.wikipedia.org/wiki/Baku_(city)). WWW.Example.org! www. x");
        assert_eq!(
            t[1],
            ("http://url_removed", TokenKind::Symbol, Case::Uncased)
        );
        assert_eq!(t[2].0, ",");
        assert_eq!(t[5].0, "https://en.wikipedia.org/wiki/Baku_(city)");
        assert_eq!((t[6].0, t[7].0), (")", "."));
        assert_eq!(t[8], ("WWW.Example.org", TokenKind::Symbol, Case::Uncased));
        assert_eq!(t[9].0, "!");
        // No address: "www." before a space, "http" as a word.
        assert_eq!(
            words("www. the http protocol"),
            ["www", ".", "the", "http", "protocol"]
        );
        assert_eq!(toks("“https://a.b/c”")[1].0, "https://a.b/c");
    }

    #[test]
    fn numbers() {
        let t = toks("20,000 2.5% $1.2 3.14. 1,5");
        assert_eq!(t[0], ("20,000", TokenKind::Number, Case::Uncased));
        assert_eq!(t[1].0, "2.5");
        assert_eq!(t[2], ("%", TokenKind::Punct, Case::Uncased));
        assert_eq!(t[3], ("$", TokenKind::Symbol, Case::Uncased));
        assert_eq!(t[4].0, "1.2");
        assert_eq!(t[5].0, "3.14");
        assert_eq!(t[6].0, ".");
        assert_eq!(t[7].0, "1,5");
        assert_eq!(toks("21st")[0].1, TokenKind::Word);
    }

    #[test]
    fn cases() {
        let t = toks("IRGC Baku iPhone the A I NATO’s Əliyev ƏLİYEV");
        let cases: Vec<Case> = t.iter().map(|k| k.2).collect();
        assert_eq!(
            cases,
            [
                Case::AllCaps,
                Case::Title,
                Case::Mixed,
                Case::Lower,
                Case::Title,
                Case::Title,
                Case::Mixed,
                Case::Title,
                Case::AllCaps
            ]
        );
    }

    #[test]
    fn dotted_abbreviations() {
        assert_eq!(
            words("the U.S. and e.g. U.S.A. end."),
            ["the", "U.S.", "and", "e.g.", "U.S.A.", "end", "."]
        );
        // Not when glued to a longer word or a single letter.
        assert_eq!(words("A. Smith"), ["A", ".", "Smith"]);
        assert_eq!(toks("U.S.")[0].2, Case::AllCaps);
    }

    #[test]
    fn emoji_graphemes() {
        assert_eq!(
            words("ok 👍🏽 🇦🇿🇮🇱 👨‍👩‍👧 ❤️ 1️⃣"),
            ["ok", "👍🏽", "🇦🇿", "🇮🇱", "👨‍👩‍👧", "❤️", "1️⃣"]
        );
        assert!(tokenize("👍🏽").iter().all(|k| k.kind == TokenKind::Symbol));
    }

    #[test]
    fn invisible_and_combining() {
        assert_eq!(
            words("co\u{00AD}operate \u{200B}x e\u{0301}te"),
            ["co\u{00AD}operate", "x", "e\u{0301}te"]
        );
    }

    #[test]
    fn punctuation_kinds() {
        let t = toks("“Yes” — no… «ok»");
        assert!(t.iter().filter(|k| k.1 == TokenKind::Punct).count() == 6);
    }
}
