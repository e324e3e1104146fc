//! Paragraph and sentence segmentation as byte spans.
//!
//! Guarantees (checked by property tests): spans are trimmed of whitespace, sorted,
//! non-overlapping and on char boundaries; every byte outside them is whitespace
//! (`char::is_whitespace`), so no text is ever lost; every sentence lies in a paragraph.
//!
//! ## Paragraphs
//! A blank line (only whitespace) always ends a paragraph. A single newline ends one too,
//! unless the text looks hard-wrapped there: the line does not end in terminal punctuation
//! (`. ! ? …` or `:`, possibly followed by closing quotes/brackets) and the next line
//! starts with a lower-case letter; or the line ends with a continuation mark
//! (`,` `;` `-` `–` `—` `&` `/` or an opening bracket). So headings (short lines with no
//! full stop, followed by a capitalised line) become their own paragraph and sentence.
//!
//! ## Sentences
//! A sentence ends after a run of terminal punctuation (`.` `!` `?` `…` `‼` `‽` `⁇` `⁈` `⁉`
//! `。` `！` `？`) plus any closing quotes/brackets right after it, when whitespace follows
//! and the next word does not continue the sentence:
//! * a lower-case next word never starts a sentence (`etc. and`, `"Why?" he asked`);
//! * nothing splits without whitespace after the run (`3.14`, `U.S.A`, `news.az/x`,
//!   `a@b.com`), so decimals, URLs and e-mail addresses stay whole;
//! * after titles and Latin abbreviations (`Dr.` `Mr.` `Prof.` `Gen.` `St.` `vs.` `e.g.`
//!   `i.e.` …) never split; after `No.`/`Nos.`/`pp.` and month abbreviations never split
//!   before a digit (`No. 5`, `Jan. 20`);
//! * after ambiguous abbreviations (`U.S.`, `U.K.`, `U.N.` and any other dotted letters,
//!   `etc.`, `Inc.`, `Ltd.`, `Corp.`, `Co.`, `Jr.`, `Sr.`, months) and after a capital
//!   initial (`S. Frederick Starr`), split only when the next word is a common sentence
//!   starter (`The`, `This`, `It`, `But`, `However`, `In`, …; see `STARTERS`). Initials
//!   ignore the one-letter starters `A` and `I` (`J. A. Smith`);
//! * a number of 1–3 digits with a full stop at the start of a sentence is a list marker,
//!   not a sentence (`1. First item`);
//! * an em dash is never a boundary; a paragraph end always is;
//! * a sentence longer than [`MAX_SENTENCE_BYTES`] is cut at its last whitespace before
//!   the limit (or, with no whitespace, at the last char boundary), so that text without
//!   punctuation (a scraped page with its full stops stripped, a 50 MB line) still
//!   yields bounded sentences and the per-sentence analysis stays linear in the text.

use super::Span;
use crate::hash::FxMap;
use std::sync::OnceLock;

/// The longest sentence, in bytes (about 600 words of English). Longer runs without a
/// boundary are not sentences a reader parses as one; they are cut.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// Paragraph spans. See the module docs for the rule.
///
/// ```
/// use stancelens::text;
/// let t = "Title\n\nFirst para\nwraps here.\nSecond para.\r\n\r\nThird.";
/// let p: Vec<&str> = text::paragraphs(t).iter().map(|s| s.slice(t)).collect();
/// assert_eq!(p, ["Title", "First para\nwraps here.", "Second para.", "Third."]);
/// ```
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    // Current paragraph: start, end of its last line content.
    let mut cur: Option<(usize, usize)> = None;
    let mut pos = 0usize;
    while pos <= bytes.len() {
        // A vectorised search for the newline byte (it never occurs inside a multi-byte
        // character, so `pos + p` is a char boundary).
        let nl = bytes
            .get(pos..)
            .and_then(|rest| memchr::memchr(b'\n', rest));
        let line_end = nl.map_or(bytes.len(), |p| pos + p);
        let line = &text[pos..line_end];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some((s, e)) = cur.take() {
                out.push(Span::new(s, e));
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            let c_start = pos + lead;
            let c_end = c_start + trimmed.len();
            cur = match cur {
                Some((s, e)) if continues(&text[s..e], trimmed) => Some((s, c_end)),
                Some((s, e)) => {
                    out.push(Span::new(s, e));
                    Some((c_start, c_end))
                }
                None => Some((c_start, c_end)),
            };
        }
        match nl {
            Some(_) => pos = line_end + 1,
            None => break,
        }
    }
    if let Some((s, e)) = cur {
        out.push(Span::new(s, e));
    }
    out
}

/// Whether the next line continues the paragraph (hard wrap). `prev` is the paragraph so
/// far (trimmed), `next` the trimmed next line.
fn continues(prev: &str, next: &str) -> bool {
    let Some(last) = prev.chars().next_back() else {
        return false;
    };
    if matches!(last, ',' | ';' | '-' | '–' | '—' | '&' | '/' | '(' | '[') {
        return true;
    }
    let core = prev.trim_end_matches(is_closer);
    let ends_terminal = core
        .chars()
        .next_back()
        .is_some_and(|c| is_terminal(c) || c == ':');
    !ends_terminal && next.chars().next().is_some_and(char::is_lowercase)
}

/// Sentence spans of the whole text, paragraph by paragraph.
///
/// ```
/// use stancelens::text;
/// let t = "It rose 2.5% in the U.S. last year. Then it fell.\n\nHeading\nDr. J. R. R. Smith agreed.";
/// let s: Vec<&str> = text::sentences(t).iter().map(|s| s.slice(t)).collect();
/// assert_eq!(
///     s,
///     ["It rose 2.5% in the U.S. last year.", "Then it fell.", "Heading", "Dr. J. R. R. Smith agreed."]
/// );
/// ```
pub fn sentences(text: &str) -> Vec<Span> {
    sentences_of_paragraphs(text, &paragraphs(text))
}

/// [`sentences`] of `text`, given its [`paragraphs`].
pub(crate) fn sentences_of_paragraphs(text: &str, paras: &[Span]) -> Vec<Span> {
    let mut out = Vec::with_capacity(paras.len() * 4);
    for &p in paras {
        push_sentences(text, p, &mut out);
    }
    out
}

/// The sentences of the piece `text[span]`, as [`sentences`] of the piece finds them, in
/// absolute offsets, appended to `out`; `paras` and `sents` are the paragraphs and
/// sentences of the whole `text`.
///
/// The whole text's sentences are taken over for the paragraphs that lie inside the
/// piece: the piece's lines there are the text's lines, so its paragraphs are the text's
/// (a paragraph break depends on the paragraph so far and the first character of the
/// next line only), and a paragraph's sentences depend on its own bytes only. The rest
/// is segmented as pieces of their own: the head (a paragraph the piece's start cuts),
/// when its last paragraph does not run on into the first whole one (tested as the
/// piece's segmentation would), and the tail (a paragraph the piece's end cuts), which
/// the last whole paragraph never runs into, since the next line starts with the same
/// character in the piece as in the text. Any other piece is segmented afresh. A property
/// test checks this against segmenting the piece.
pub(crate) fn sentences_of_piece(
    text: &str,
    span: Span,
    paras: &[Span],
    sents: &[Span],
    out: &mut Vec<Span>,
) {
    // The paragraphs that end inside the piece, less one its start cuts.
    let mut first = paras.partition_point(|p| p.end <= span.start);
    if paras.get(first).is_some_and(|p| p.start < span.start) {
        first += 1;
    }
    let whole = paras
        .get(first..)
        .unwrap_or_default()
        .iter()
        .take_while(|p| p.end <= span.end)
        .count();
    let (Some(head), Some(last)) = (
        paras.get(first),
        whole.checked_sub(1).and_then(|w| paras.get(first + w)),
    ) else {
        return segment_piece(text, span, out);
    };
    if span.start < head.start {
        // The head alone, unless its last paragraph would take the first whole one's
        // first line in the piece.
        let Some(piece) = text.get(span.start..head.start) else {
            return segment_piece(text, span, out);
        };
        let head_paras = paragraphs(piece);
        let runs_on = head_paras.last().is_some_and(|p| {
            continues(
                p.slice(piece),
                text.get(head.start..head.end).unwrap_or_default(),
            )
        });
        if runs_on {
            return segment_piece(text, span, out);
        }
        push_shifted(
            out,
            span.start,
            &sentences_of_paragraphs(piece, &head_paras),
        );
    }
    let from = sents.partition_point(|s| s.start < head.start);
    let to = sents.partition_point(|s| s.start < last.end);
    out.extend_from_slice(sents.get(from..to).unwrap_or_default());
    if last.end < span.end {
        segment_piece(text, Span::new(last.end, span.end), out);
    }
}

/// [`sentences`] of `text[span]`, in absolute offsets, appended to `out` (nothing for a
/// span that is not a slice of `text`).
pub(crate) fn segment_piece(text: &str, span: Span, out: &mut Vec<Span>) {
    if let Some(piece) = text.get(span.start..span.end) {
        push_shifted(out, span.start, &sentences(piece));
    }
}

/// `spans`, relative to `base`, appended to `out` in absolute offsets.
fn push_shifted(out: &mut Vec<Span>, base: usize, spans: &[Span]) {
    out.extend(
        spans
            .iter()
            .map(|s| Span::new(base + s.start, base + s.end)),
    );
}

/// Sentence spans within one paragraph span of `text` (absolute offsets).
///
/// A span that does not fit `text` or is not on char boundaries yields nothing.
///
/// ```
/// use stancelens::text;
/// let t = "Intro.\n\nHe said \u{201C}it is over.\u{201D} Then (see below.) Next one";
/// let para = text::paragraphs(t)[1];
/// let s: Vec<&str> = text::sentences_in(t, para).iter().map(|s| s.slice(t)).collect();
/// assert_eq!(s, ["He said \u{201C}it is over.\u{201D}", "Then (see below.)", "Next one"]);
/// ```
pub fn sentences_in(text: &str, para: Span) -> Vec<Span> {
    let mut out = Vec::new();
    push_sentences(text, para, &mut out);
    out
}

/// Bytes that can begin terminal punctuation: ASCII `.!?`, and the lead bytes of
/// `…‼‽⁇⁈⁉`, `。` and `！？`. A table, so the scan between them is one load per byte.
/// The bytes that may begin terminal punctuation: ASCII `.!?`, and the lead bytes of
/// `…‼‽⁇⁈⁉` (0xE2), `。` (0xE3) and `！？` (0xEF).
const MAY_END: [[u8; 3]; 2] = [[b'.', b'!', b'?'], [0xE2, 0xE3, 0xEF]];

fn push_sentences(text: &str, para: Span, out: &mut Vec<Span>) {
    let Some(body) = text.get(para.start..para.end) else {
        return;
    };
    let base = para.start;
    let bytes = body.as_bytes();
    // Start of the current sentence, once a non-space has been seen.
    let mut start: Option<usize> = None;
    let mut i = 0usize;
    let mut candidates = super::ByteFinder::new(bytes, MAY_END);
    while i < bytes.len() {
        if start.is_some() {
            // Inside a sentence only terminal punctuation matters: skip to the next byte
            // that can begin one. Lead bytes never occur inside a character, so `i` stays
            // on a boundary.
            i = candidates.next(i);
            if i >= bytes.len() {
                break;
            }
        }
        let Some(c) = body[i..].chars().next() else {
            break;
        };
        if start.is_none() {
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            start = Some(i);
        }
        if !is_terminal(c) {
            i += c.len_utf8();
            continue;
        }
        // Terminal run, then closers.
        let run_start = i;
        let mut j = i;
        let mut single_dot = true;
        let mut count = 0;
        for ch in body[i..].chars() {
            if !is_terminal(ch) {
                break;
            }
            count += 1;
            if ch != '.' {
                single_dot = false;
            }
            j += ch.len_utf8();
        }
        single_dot &= count == 1;
        for ch in body[j..].chars() {
            if !is_closer(ch) {
                break;
            }
            j += ch.len_utf8();
        }
        let boundary = match body[j..].chars().next() {
            None => true,
            Some(n) if n.is_whitespace() => {
                let word = word_before(body, run_start);
                // "1. First item": a short number opening the sentence is a list marker.
                let list_marker = single_dot
                    && start == Some(run_start - word.len())
                    && (1..=3).contains(&word.len())
                    && word.bytes().all(|b| b.is_ascii_digit());
                !list_marker && splits(word, single_dot, &body[j..])
            }
            Some(_) => false,
        };
        if boundary {
            if let Some(s) = start.take() {
                push_capped(text, Span::new(base + s, base + j), out);
            }
        }
        i = j;
    }
    if let Some(s) = start {
        let end = body.trim_end().len();
        if end > s {
            push_capped(text, Span::new(base + s, base + end), out);
        }
    }
}

/// Push a trimmed sentence span, cut into pieces of at most [`MAX_SENTENCE_BYTES`] at
/// whitespace (else at a char boundary); the pieces stay trimmed and rejoin to the span
/// with the whitespace between them.
fn push_capped(text: &str, span: Span, out: &mut Vec<Span>) {
    let mut s = span.start;
    while span.end - s > MAX_SENTENCE_BYTES {
        let mut cut = s + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let piece = &text[s..cut];
        let (end, next) = match piece.rfind(char::is_whitespace) {
            Some(k) if k > 0 => (s + piece[..k].trim_end().len(), s + k),
            _ => (cut, cut),
        };
        out.push(Span::new(s, end));
        let rest = &text[next..span.end];
        s = next + (rest.len() - rest.trim_start().len());
    }
    out.push(Span::new(s, span.end));
}

/// Sentence-final punctuation.
pub(crate) fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '‼' | '‽' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？'
    )
}

/// Closing quotes and brackets that may follow terminal punctuation.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』' | '）'
    )
}

/// Opening quotes and brackets that may precede a sentence's first word.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '„' | '«' | '‹' | '(' | '[' | '{' | '「' | '『' | '（'
    )
}

/// The word right before byte `at` (the terminal punctuation), including inner dots and
/// without surrounding quotes or brackets: "U.S" for "(the U.S.".
fn word_before(body: &str, at: usize) -> &str {
    let head = &body[..at];
    let from = head
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || is_opener(c) || matches!(c, '—' | '–' | '/'))
        .map_or(0, |(k, c)| k + c.len_utf8());
    &head[from..]
}

/// The first word after whitespace and opening quotes/brackets, and its first char.
fn next_word(rest: &str) -> (&str, Option<char>) {
    let rest = rest.trim_start();
    let rest = rest.trim_start_matches(is_opener);
    let first = rest.chars().next();
    let end = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(rest.len(), |(k, _)| k);
    (&rest[..end], first)
}

/// Decide whether terminal punctuation after `word` (followed by whitespace and `rest`)
/// ends a sentence. `single_dot` says the run is exactly one `.`.
fn splits(word: &str, single_dot: bool, rest: &str) -> bool {
    let (next, first) = next_word(rest);
    let Some(first) = first else {
        return true;
    };
    if first.is_lowercase() {
        return false;
    }
    if !single_dot {
        return true;
    }
    match abbrev_kind(word) {
        Abbrev::None => true,
        Abbrev::Title => false,
        Abbrev::BeforeNumber => !first.is_numeric(),
        Abbrev::Ambiguous => !first.is_numeric() && is_starter(next),
        Abbrev::Initial => is_starter(next) && next.chars().count() > 1,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Abbrev {
    /// Not an abbreviation.
    None,
    /// Titles and Latin abbreviations that do not end sentences (Dr., e.g.).
    Title,
    /// Only an abbreviation before a number (No. 5).
    BeforeNumber,
    /// May or may not end a sentence (U.S., etc., Inc., Jan.).
    Ambiguous,
    /// A single capital letter (an initial).
    Initial,
}

const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Cpt",
    "Sgt", "Maj", "Adm", "Cmdr", "Rev", "Hon", "Pres", "Amb", "Supt", "Sec", "Messrs", "Mme",
    "Mmes", "Mlle", "St", "Mt", "Ft", "Fr", "vs", "v", "e.g", "i.e", "E.g", "I.e", "cf", "Cf",
    "viz", "approx", "Dept", "Univ", "Gens", "Sens", "Reps", "Profs", "Drs",
];

/// Abbreviations only before a number ("No. 5", "Art. 51", "p. 4"); otherwise ordinary
/// words that may end a sentence ("No.", "He loves Art.").
const BEFORE_NUMBER: &[&str] = &[
    "No", "Nos", "no", "nos", "p", "pp", "Nr", "nr", "Art", "art", "Vol", "vol", "Ch", "ch", "Fig",
    "fig", "sec", "ca", "para", "Para",
];

const AMBIGUOUS: &[&str] = &[
    "etc", "Inc", "Ltd", "Corp", "Co", "Jr", "Sr", "Bros", "Esq", "Ph.D", "PhD", "al", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "a.m", "p.m",
    "Ave", "Blvd", "Rd",
];

/// Common sentence-initial words; deciding words after an ambiguous abbreviation.
const STARTERS: &[&str] = &[
    "A",
    "After",
    "Again",
    "Also",
    "Although",
    "An",
    "And",
    "Another",
    "As",
    "At",
    "Because",
    "Before",
    "But",
    "By",
    "Consequently",
    "Despite",
    "During",
    "Each",
    "Even",
    "Every",
    "For",
    "From",
    "Furthermore",
    "He",
    "Hence",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Indeed",
    "Instead",
    "It",
    "Its",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "Moreover",
    "Most",
    "My",
    "Nevertheless",
    "No",
    "Nor",
    "Not",
    "Now",
    "On",
    "One",
    "Only",
    "Or",
    "Our",
    "Since",
    "She",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "Therefore",
    "These",
    "They",
    "This",
    "Those",
    "Thus",
    "To",
    "Today",
    "Under",
    "Unlike",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Yet",
    "You",
];

/// The listed abbreviations and sentence starters in one table, read at every candidate
/// sentence end (a scan of the lists there cost more than the rest of segmenting).
struct Listed {
    abbrevs: FxMap<&'static str, Abbrev>,
    starters: FxMap<&'static str, ()>,
    /// The longest listed word, in bytes: longer words need no lookup.
    longest: usize,
}

fn listed() -> &'static Listed {
    static CELL: OnceLock<Listed> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut abbrevs = FxMap::default();
        // A word in two lists takes the first list's kind.
        for (list, kind) in [
            (TITLES, Abbrev::Title),
            (BEFORE_NUMBER, Abbrev::BeforeNumber),
            (AMBIGUOUS, Abbrev::Ambiguous),
        ] {
            for &w in list {
                abbrevs.entry(w).or_insert(kind);
            }
        }
        let starters = STARTERS.iter().map(|&w| (w, ())).collect();
        let longest = TITLES
            .iter()
            .chain(BEFORE_NUMBER)
            .chain(AMBIGUOUS)
            .chain(STARTERS)
            .map(|w| w.len())
            .max()
            .unwrap_or(0);
        Listed {
            abbrevs,
            starters,
            longest,
        }
    })
}

fn abbrev_kind(word: &str) -> Abbrev {
    if word.is_empty() {
        return Abbrev::None;
    }
    let table = listed();
    if word.len() <= table.longest {
        if let Some(&kind) = table.abbrevs.get(word) {
            return kind;
        }
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return Abbrev::Initial;
        }
    }
    // Dotted letters: "U.S", "U.N", "E.U", "U.S.A", "a.m".
    if word.contains('.')
        && word.split('.').all(|seg| {
            (1..=2).contains(&seg.chars().count()) && seg.chars().all(char::is_alphabetic)
        })
    {
        return Abbrev::Ambiguous;
    }
    Abbrev::None
}

fn is_starter(word: &str) -> bool {
    let table = listed();
    word.len() <= table.longest && table.starters.contains_key(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The finder gives, from every position in turn, the byte a scan for the set of
        /// bytes that may begin terminal punctuation gives.
        #[test]
        fn end_candidates_equal_a_byte_scan(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", " ", ".", "!", "?", "…", "。", "！", "—", "’", "é", "ab cd", "\n",
            ]), 0..40),
            step in 1usize..4,
        ) {
            let text: String = parts.concat();
            let bytes = text.as_bytes();
            let set = super::super::byte_set(b".!?\xE2\xE3\xEF");
            let mut candidates = super::super::ByteFinder::new(bytes, MAY_END);
            for from in (0..=bytes.len() + 1).step_by(step) {
                proptest::prop_assert_eq!(
                    candidates.next(from),
                    super::super::skip_to(bytes, from, &set),
                    "from {}", from
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Taking the whole text's sentences for a piece's whole paragraphs gives what
        /// segmenting the piece gives, wherever the piece starts and ends. The parts make
        /// hard-wrapped lines, headings, blank lines, closers after full stops, lower-case
        /// continuations, abbreviations and list markers.
        #[test]
        fn sentences_of_piece_equal_segmenting_it(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "He said it.", "”", "\n", "\n\n", " ", "  \n", "and then", "The U.S. view",
                "Dr. Smith", "1. First", "wrapped,", "Heading", "end.” ", "(see below.)",
                "Why?", "— ", "e.g. this", "é", "\r\n",
            ]), 0..30),
            cuts in (0usize..=1000, 0usize..=1000),
        ) {
            let text: String = parts.concat();
            // A cut in thousandths of the text, moved back to a char boundary.
            let snap = |per_mille: usize| {
                let mut i = text.len() * per_mille / 1000;
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let (a, b) = (snap(cuts.0.min(cuts.1)), snap(cuts.0.max(cuts.1)));
            let span = Span::new(a, b);
            let paras = paragraphs(&text);
            let sents = sentences_of_paragraphs(&text, &paras);
            let mut reused = Vec::new();
            sentences_of_piece(&text, span, &paras, &sents, &mut reused);
            let mut fresh = Vec::new();
            segment_piece(&text, span, &mut fresh);
            proptest::prop_assert_eq!(reused, fresh, "text {:?}, span {:?}", text, span);
        }
    }

    /// The table gives every word the kind and starter status the lists give.
    #[test]
    fn listed_words_match_the_lists() {
        let by_lists = |w: &str| {
            if TITLES.contains(&w) {
                Some(Abbrev::Title)
            } else if BEFORE_NUMBER.contains(&w) {
                Some(Abbrev::BeforeNumber)
            } else if AMBIGUOUS.contains(&w) {
                Some(Abbrev::Ambiguous)
            } else {
                None
            }
        };
        let words = TITLES
            .iter()
            .chain(BEFORE_NUMBER)
            .chain(AMBIGUOUS)
            .chain(STARTERS)
            .flat_map(|w| {
                [
                    w.to_string(),
                    w.to_lowercase(),
                    w.to_uppercase(),
                    format!("{w}s"),
                ]
            })
            .chain(["", "Q", "U.S", "Nevertheless", "Messrs", "Messrsx"].map(String::from));
        for w in words {
            let from_table = listed().abbrevs.get(w.as_str()).copied();
            assert_eq!(from_table, by_lists(&w), "{w}");
            if let Some(kind) = by_lists(&w) {
                assert_eq!(abbrev_kind(&w), kind, "{w}");
            }
            assert_eq!(is_starter(&w), STARTERS.contains(&w.as_str()), "{w}");
        }
    }

    fn sents(t: &str) -> Vec<&str> {
        sentences(t).iter().map(|s| s.slice(t)).collect()
    }

    #[test]
    fn abbreviations() {
        assert_eq!(abbrev_kind("U.S"), Abbrev::Ambiguous);
        assert_eq!(abbrev_kind("Dr"), Abbrev::Title);
        assert_eq!(abbrev_kind("J"), Abbrev::Initial);
        assert_eq!(abbrev_kind("Baku"), Abbrev::None);
        assert_eq!(abbrev_kind("news.az"), Abbrev::None);
    }

    #[test]
    fn us_followed_by_starter_splits() {
        assert_eq!(
            sents("It went to the U.S. The rest stayed."),
            ["It went to the U.S.", "The rest stayed."]
        );
        assert_eq!(
            sents("The U.S. Army came. Then it left."),
            ["The U.S. Army came.", "Then it left."]
        );
    }

    #[test]
    fn abbreviation_at_end() {
        assert_eq!(sents("It lies in the U.S."), ["It lies in the U.S."]);
    }

    #[test]
    fn heading_lines() {
        assert_eq!(
            sents("Strategic Alliances\nIndeed, it works. Yes."),
            ["Strategic Alliances", "Indeed, it works.", "Yes."]
        );
    }

    #[test]
    fn hard_wrap_joins() {
        let t = "This line is\nwrapped here. And\nthis one, too.";
        assert_eq!(paragraphs(t).len(), 1);
        assert_eq!(
            sents(t),
            ["This line is\nwrapped here.", "And\nthis one, too."]
        );
    }

    #[test]
    fn whitespace_only() {
        assert!(sentences(" \n\t \r\n").is_empty());
        assert!(paragraphs("").is_empty());
    }

    #[test]
    fn bad_paragraph_span_is_empty() {
        assert!(sentences_in("abc", Span::new(2, 10)).is_empty());
        assert!(sentences_in("é", Span::new(1, 2)).is_empty());
    }
}
