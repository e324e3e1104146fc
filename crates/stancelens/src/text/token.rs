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

/// Split `text` into tokens with byte spans.
///
/// ```
/// use stancelens::text::{tokenize, Case, TokenKind};
/// let t = "IRGC don't threaten 20,000!";
/// let toks = tokenize(t);
/// let words: Vec<&str> = toks.iter().map(|k| k.span.slice(t)).collect();
/// assert_eq!(words, ["IRGC", "don't", "threaten", "20,000", "!"]);
/// assert_eq!(toks[0].case, Case::AllCaps);
/// assert_eq!(toks[3].kind, TokenKind::Number);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        let kind = if c.is_alphabetic() {
            TokenKind::Word
        } else if c.is_numeric() {
            TokenKind::Number
        } else if c.is_ascii_punctuation() || is_unicode_punct(c) {
            TokenKind::Punct
        } else {
            TokenKind::Symbol
        };
        let mut end = start + c.len_utf8();
        if matches!(kind, TokenKind::Word | TokenKind::Number) {
            while let Some(&(i, n)) = iter.peek() {
                let joins = n.is_alphanumeric()
                    || (matches!(n, '\'' | '’' | '-' | '‑' | '.' | ',')
                        && text[i + n.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(|after| {
                                if kind == TokenKind::Number {
                                    matches!(n, '.' | ',') && after.is_numeric()
                                } else {
                                    matches!(n, '\'' | '’' | '-' | '‑') && after.is_alphabetic()
                                }
                            }));
                if !joins {
                    break;
                }
                end = i + n.len_utf8();
                iter.next();
            }
        }
        let span = Span::new(start, end);
        out.push(Token {
            span,
            kind,
            case: case_of(span.slice(text)),
        });
    }
    out
}

fn is_unicode_punct(c: char) -> bool {
    matches!(
        c,
        '‘' | '’' | '“' | '”' | '–' | '—' | '…' | '«' | '»' | '‑' | '‐' | '¿' | '¡'
    )
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
