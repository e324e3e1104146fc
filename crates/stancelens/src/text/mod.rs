//! Text layer: spans, normalisation, segmentation and tokens.
//!
//! Every public function takes the original `&str` and returns byte [`Span`]s into it.
//! Normalisation never rewrites the text a caller sees; it produces a folded copy with a
//! map back to the original offsets (see [`normalize`]).

mod span;
mod token;

pub use span::Span;
pub use token::{tokenize, Case, Token, TokenKind};

/// Paragraph spans: runs of non-blank lines, with surrounding whitespace trimmed.
///
/// ```
/// use stancelens::text;
/// let t = "Title\n\nFirst para.\nStill first.\n\n\nSecond.";
/// let p: Vec<&str> = text::paragraphs(t).iter().map(|s| s.slice(t)).collect();
/// assert_eq!(p, ["Title", "First para.\nStill first.", "Second."]);
/// ```
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0usize;
    let mut pos = 0usize;
    for line in text.split_inclusive('\n') {
        let line_start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(Span::new(s, last_end));
            }
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        let trail = content.len() - content.trim_end().len();
        if start.is_none() {
            start = Some(line_start + lead);
        }
        last_end = line_start + content.len() - trail;
    }
    if let Some(s) = start {
        out.push(Span::new(s, last_end));
    }
    out
}

/// Sentence spans, trimmed of surrounding whitespace.
///
/// ```
/// use stancelens::text;
/// let t = "It rose 2.5% in the U.S. last year. Then it fell.";
/// let s: Vec<&str> = text::sentences(t).iter().map(|s| s.slice(t)).collect();
/// assert_eq!(s, ["It rose 2.5% in the U.S. last year.", "Then it fell."]);
/// ```
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for para in paragraphs(text) {
        out.extend(sentences_in(text, para));
    }
    out
}

/// Sentence spans within one paragraph span.
fn sentences_in(text: &str, para: Span) -> Vec<Span> {
    let body = para.slice(text);
    let mut out = Vec::new();
    let mut start = 0usize;
    let bytes = body.as_bytes();
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            let next = bytes.get(i + 1).copied();
            let is_break = match next {
                None => true,
                Some(n) => n.is_ascii_whitespace() && !is_abbreviation(&body[start..=i]),
            };
            if is_break {
                let end = i + 1;
                let s = trim_span(body, start, end);
                if !s.is_empty() {
                    out.push(Span::new(para.start + s.start, para.start + s.end));
                }
                start = end;
            }
        }
        i += 1;
    }
    let s = trim_span(body, start, body.len());
    if !s.is_empty() {
        out.push(Span::new(para.start + s.start, para.start + s.end));
    }
    out
}

fn is_abbreviation(upto_dot: &str) -> bool {
    let word = upto_dot
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    matches!(
        word,
        "U.S." | "Dr." | "Mr." | "Mrs." | "Ms." | "e.g." | "i.e." | "Jan." | "St." | "vs."
    ) || (word.len() == 2 && word.as_bytes()[0].is_ascii_uppercase())
}

fn trim_span(text: &str, start: usize, end: usize) -> Span {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail >= piece.len() {
        return Span::new(start, start);
    }
    Span::new(start + lead, end - trail)
}
