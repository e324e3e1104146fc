//! Pattern syntax and the folding shared by patterns and text.
//!
//! Folding (documented in `docs/lexicon-format.md`): apostrophe-like characters
//! (U+2019, U+2018, U+02BC, U+2032) become `'`; U+2010 and U+2011 hyphens
//! become `-`; case-insensitive rules also lower-case.

use super::error::ProblemKind;
use crate::text::{tokenize, TokenKind};

/// Map apostrophe and hyphen variants to their ASCII forms.
#[inline]
pub(crate) fn fold_punct(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' => '\'',
        '\u{2010}' | '\u{2011}' => '-',
        c => c,
    }
}

/// Append the folded form of `s` to `out` (lower-cased when `lower`).
#[inline]
pub(crate) fn fold_into(s: &str, lower: bool, out: &mut String) {
    let start = out.len();
    if s.is_ascii() {
        // ASCII has no apostrophe or hyphen variants: copy, then lower-case in place.
        out.push_str(s);
        if lower {
            if let Some(tail) = out.get_mut(start..) {
                tail.make_ascii_lowercase();
            }
        }
        return;
    }
    for c in s.chars() {
        // The ASCII letters of a word with other characters ("Azerbaijan’s") fold alone.
        if c.is_ascii() {
            out.push(if lower { c.to_ascii_lowercase() } else { c });
            continue;
        }
        // Invisible format characters inside a word (soft hyphens, zero-width joiners,
        // bidi controls) are not part of its spelling.
        if crate::text::fold_char(c) == crate::text::Fold::Remove {
            continue;
        }
        let c = fold_punct(c);
        if lower {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
}

/// The folded form of `s` as a new string.
pub(crate) fn fold(s: &str, lower: bool) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, lower, &mut out);
    out
}

/// Whether `text` equals `pat` after punctuation folding only (case kept).
#[inline]
pub(crate) fn eq_punct_folded(text: &str, pat: &str) -> bool {
    let mut a = text.chars().map(fold_punct);
    let mut b = pat.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

/// One token of a word or phrase pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PatToken {
    /// Folded and lower-cased.
    pub lower: String,
    /// Folded, case kept (for case-sensitive rules).
    pub raw: String,
    /// Whether the next pattern token follows with no whitespace in between.
    pub glued_to_next: bool,
    /// A trailing `*`: the text token need only start with this one (never the first
    /// token of a phrase).
    pub prefix: bool,
}

/// A parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Parsed {
    /// A word or a phrase: a sequence of tokens.
    Tokens(Vec<PatToken>),
    /// `stem*`: any word starting with the stem. Holds (lower, raw) stems.
    Prefix(String, String),
    /// A glob with `*`/`?` inside one word. Holds (lower, raw) globs.
    Glob(String, String),
}

impl Parsed {
    /// Whether the pattern is one word token (the only shape fuzzy matching supports).
    pub fn is_single_word(&self) -> bool {
        matches!(self, Parsed::Tokens(t) if t.len() == 1 && t[0].lower.chars().next().is_some_and(char::is_alphanumeric))
    }
}

/// Whether `p` is ASCII letters only: one word token whatever the tokenizer's other
/// rules (test `letters_parse_as_the_tokenizer_reads_them`), most rules of a lexicon.
fn only_letters(p: &str) -> bool {
    !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Whether `pattern` parses, without building what [`parse`] returns (load-time checks
/// of rules that need no more than that).
pub(crate) fn check(pattern: &str, literal: bool) -> Result<(), (ProblemKind, String)> {
    if only_letters(pattern.trim()) {
        return Ok(());
    }
    parse(pattern, literal).map(drop)
}

/// Parse `pattern`. With `literal`, `*` and `?` are ordinary characters.
pub(crate) fn parse(pattern: &str, literal: bool) -> Result<Parsed, (ProblemKind, String)> {
    let p = pattern.trim();
    if only_letters(p) {
        return Ok(Parsed::Tokens(vec![PatToken {
            lower: p.to_ascii_lowercase(),
            raw: p.to_owned(),
            glued_to_next: false,
            prefix: false,
        }]));
    }
    parse_tokenized(p, literal)
}

/// [`parse`] through the tokenizer (`p` trimmed).
fn parse_tokenized(p: &str, literal: bool) -> Result<Parsed, (ProblemKind, String)> {
    if p.is_empty() {
        return Err((
            ProblemKind::EmptyPattern,
            "pattern is empty or only whitespace".into(),
        ));
    }
    let has_wild = !literal && p.contains(['*', '?']);
    if !has_wild {
        let toks = tokenize(p);
        let mut out = Vec::with_capacity(toks.len());
        for (i, t) in toks.iter().enumerate() {
            let s = t.span.slice(p);
            let glued = toks.get(i + 1).is_some_and(|n| n.span.start == t.span.end);
            out.push(PatToken {
                lower: fold(s, true),
                raw: fold(s, false),
                glued_to_next: glued,
                prefix: false,
            });
        }
        if out.is_empty() {
            return Err((ProblemKind::EmptyPattern, "pattern has no tokens".into()));
        }
        return Ok(Parsed::Tokens(out));
    }
    if p.chars().any(char::is_whitespace) {
        return parse_phrase_with_prefixes(p);
    }
    if p.starts_with(['*', '?']) {
        return Err((
            ProblemKind::NeverMatches,
            format!("pattern `{p}` starts with a wildcard; a leading wildcard is not supported (it would match almost any word)"),
        ));
    }
    // The pattern must stay one word token whatever the wildcards stand for.
    let skeleton: String = p
        .chars()
        .map(|c| if c == '*' || c == '?' { 'x' } else { c })
        .collect();
    let toks = tokenize(&skeleton);
    let one_word = toks.len() == 1
        && toks[0].span.len() == skeleton.len()
        && matches!(toks[0].kind, TokenKind::Word | TokenKind::Number);
    if !one_word {
        return Err((
            ProblemKind::NeverMatches,
            format!("glob `{p}` can never match: the tokenizer splits it into several tokens"),
        ));
    }
    if let Some(body) = p.strip_suffix('*') {
        if !body.contains(['*', '?']) {
            return Ok(Parsed::Prefix(fold(body, true), fold(body, false)));
        }
    }
    Ok(Parsed::Glob(fold(p, true), fold(p, false)))
}

/// A phrase whose words after the first may end in `*` (as in Lexicoder files).
fn parse_phrase_with_prefixes(p: &str) -> Result<Parsed, (ProblemKind, String)> {
    let mut out: Vec<PatToken> = Vec::new();
    for (w, word) in p.split_whitespace().enumerate() {
        let (body, star) = match word.strip_suffix('*') {
            Some(b) => (b, true),
            None => (word, false),
        };
        if body.contains(['*', '?']) || (star && w == 0) || body.is_empty() {
            return Err((
                ProblemKind::NeverMatches,
                format!(
                    "in the phrase `{p}` only a trailing `*` on a word after the first is allowed"
                ),
            ));
        }
        let toks = tokenize(body);
        if star && (toks.len() != 1 || toks[0].kind != TokenKind::Word) {
            return Err((
                ProblemKind::NeverMatches,
                format!("`{word}` in `{p}` can never match: the tokenizer splits it into several tokens"),
            ));
        }
        if let Some(last) = out.last_mut() {
            last.glued_to_next = false;
        }
        for (i, t) in toks.iter().enumerate() {
            let s = t.span.slice(body);
            out.push(PatToken {
                lower: fold(s, true),
                raw: fold(s, false),
                glued_to_next: toks.get(i + 1).is_some_and(|n| n.span.start == t.span.end),
                prefix: star,
            });
        }
    }
    Ok(Parsed::Tokens(out))
}

/// Glob match with `*` (any run of characters) and `?` (one character).
/// No allocation; linear backtracking over the last `*`.
pub(crate) fn glob_match(pat: &str, text: &str) -> bool {
    let pb = pat.as_bytes();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < text.len() {
        if pb.get(pi) == Some(&b'*') {
            star = Some((pi, ti));
            pi += 1;
            continue;
        }
        if let (Some(pc), Some(tc)) = (pat[pi..].chars().next(), text[ti..].chars().next()) {
            if pc == '?' || pc == tc {
                pi += pc.len_utf8();
                ti += tc.len_utf8();
                continue;
            }
        }
        match star {
            Some((sp, st)) => {
                let step = text[st..].chars().next().map_or(1, char::len_utf8);
                star = Some((sp, st + step));
                pi = sp + 1;
                ti = st + step;
            }
            None => return false,
        }
    }
    pb[pi..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A pattern of ASCII letters parses, without the tokenizer, as the tokenizer
        /// reads it; `check` agrees with `parse` on any pattern.
        #[test]
        fn letters_parse_as_the_tokenizer_reads_them(
            word in "[A-Za-z]{1,24}",
            any in "\\PC{0,12}",
            literal in any::<bool>(),
        ) {
            prop_assert_eq!(parse(&word, literal), parse_tokenized(&word, literal));
            prop_assert_eq!(check(&any, literal), parse(&any, literal).map(drop));
            prop_assert_eq!(check(&word, literal), Ok(()));
        }
    }

    /// [`fold_into`] character by character, every character through the same steps: the
    /// reference for its shortcuts.
    fn fold_by_chars(s: &str, lower: bool) -> String {
        let mut out = String::new();
        for c in s.chars() {
            if crate::text::fold_char(c) == crate::text::Fold::Remove {
                continue;
            }
            let c = fold_punct(c);
            if lower {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }

    proptest! {
        #[test]
        fn folding_equals_the_character_steps(
            s in "([A-Za-z'-]|’|‘|ʼ|‐|‑|\u{00AD}|\u{200D}|É|İ|ß|Σ|ﬁ|é){0,16}",
            lower in proptest::bool::ANY,
        ) {
            prop_assert_eq!(fold(&s, lower), fold_by_chars(&s, lower));
        }
    }

    #[test]
    fn globs() {
        assert!(glob_match("isr?el*", "israelis"));
        assert!(glob_match("a*b", "ab"));
        assert!(glob_match("a*b", "axxb"));
        assert!(!glob_match("a*b", "axxbc"));
        assert!(glob_match("é?", "éa"));
        assert!(!glob_match("a?", "a"));
    }

    #[test]
    fn parse_shapes() {
        assert!(matches!(parse("threat*", false), Ok(Parsed::Prefix(s, _)) if s == "threat"));
        assert!(matches!(parse("Kara*h", false), Ok(Parsed::Glob(s, _)) if s == "kara*h"));
        assert!(matches!(parse("dV?éÅ", false), Ok(Parsed::Glob(s, _)) if s == "dv?éå"));
        assert!(
            matches!(parse(":*", true), Ok(Parsed::Tokens(t)) if t.len() == 2 && t[0].glued_to_next)
        );
        assert_eq!(
            parse("*", false).map_err(|e| e.0),
            Err(ProblemKind::NeverMatches)
        );
        assert_eq!(
            parse("*ism", false).map_err(|e| e.0),
            Err(ProblemKind::NeverMatches)
        );
        assert_eq!(
            parse("threat* to", false).map_err(|e| e.0),
            Err(ProblemKind::NeverMatches)
        );
        assert!(
            matches!(parse("not good*", false), Ok(Parsed::Tokens(t)) if t[1].prefix && !t[0].glued_to_next)
        );
        assert_eq!(
            parse("not go?d", false).map_err(|e| e.0),
            Err(ProblemKind::NeverMatches)
        );
        assert_eq!(
            parse("ab*!", false).map_err(|e| e.0),
            Err(ProblemKind::NeverMatches)
        );
        assert_eq!(
            parse("  ", false).map_err(|e| e.0),
            Err(ProblemKind::EmptyPattern)
        );
        assert!(
            matches!(parse("So\u{2011}called", false), Ok(Parsed::Tokens(t)) if t[0].lower == "so-called")
        );
    }
}
