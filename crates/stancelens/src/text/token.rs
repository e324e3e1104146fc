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
    pub fn is_all_caps(&self) -> bool {
        self.case == Case::AllCaps
    }
}

/// Split `text` into tokens with byte spans into `text`.
///
/// * Words keep inner apostrophes (`'` `’` `ʼ`) between letters and hyphens (`-` `‐` `‑`)
///   next to a letter ("don’t", "Israel‑Iran", "COVID-19", "12-day" are one token each).
///   Digits inside words stay in the word ("21st", "F-35"); combining marks join the word.
/// * Dotted abbreviations of single letters are one word with the final dot ("U.S.",
///   "e.g."); other full stops are separate.
/// * Numbers keep `,` and `.` between digits ("20,000", "2.5"). `%` and currency signs are
///   separate tokens (Punct and Symbol), so "2.5%" is `2.5` + `%`.
/// * An emoji with its variation selectors, skin-tone modifiers, keycap mark and
///   ZWJ-joined parts, or a flag (regional-indicator pair), is one Symbol token.
///
/// ```
/// use stancelens::text::{tokenize, Case, TokenKind};
/// let t = "IRGC don't threaten 20,000 in the U.S. 2.5%!";
/// let toks = tokenize(t);
/// let words: Vec<&str> = toks.iter().map(|k| k.span.slice(t)).collect();
/// assert_eq!(words, ["IRGC", "don't", "threaten", "20,000", "in", "the", "U.S.", "2.5", "%", "!"]);
/// assert_eq!(toks[0].case, Case::AllCaps);
/// assert_eq!(toks[3].kind, TokenKind::Number);
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
    let Some(body) = text.get(span.start..span.end) else {
        return;
    };
    let base = span.start;
    let mut i = 0usize;
    while let Some(c) = body[i..].chars().next() {
        let start = i;
        i += c.len_utf8();
        if c.is_whitespace() || is_invisible(c) {
            continue;
        }
        let kind = if c.is_alphanumeric() {
            i = scan_word(body, start);
            if body[start..i].chars().any(char::is_alphabetic) {
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

/// End of the word or number starting at `start` (an alphanumeric char).
fn scan_word(body: &str, start: usize) -> usize {
    if let Some(end) = dotted_abbrev(body, start) {
        return end;
    }
    let mut end = start;
    let mut prev: Option<char> = None;
    let mut chars = body[start..].char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        let joins = if c.is_alphanumeric() || is_combining(c) {
            true
        } else {
            let after = chars.peek().map(|&(_, a)| a);
            match (prev, after) {
                (Some(p), Some(a)) => match c {
                    '\'' | '’' | 'ʼ' | '\u{00AD}' => p.is_alphabetic() && a.is_alphabetic(),
                    '-' | '‐' | '‑' => {
                        (p.is_alphanumeric() && a.is_alphabetic())
                            || (p.is_alphabetic() && a.is_alphanumeric())
                    }
                    '.' | ',' => p.is_ascii_digit() && a.is_ascii_digit(),
                    _ => false,
                },
                _ => false,
            }
        };
        if !joins {
            break;
        }
        end = start + k + c.len_utf8();
        prev = Some(c);
    }
    end
}

/// "U.S.", "e.g.", "U.S.A.": single letters each followed by a dot, at least two of them,
/// not followed by another letter. Returns the end after the last dot.
fn dotted_abbrev(body: &str, start: usize) -> Option<usize> {
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

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}'
            | '\u{00BF}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}'
            | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF1F}')
}

/// The case of a token's text.
pub(crate) fn case_of(s: &str) -> Case {
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
    match (upper, lower) {
        (0, 0) => Case::Uncased,
        (0, _) => Case::Lower,
        (u, 0) if u >= 2 => Case::AllCaps,
        (1, 0) => Case::Title,
        (1, _) if first_upper => Case::Title,
        _ => Case::Mixed,
    }
}
