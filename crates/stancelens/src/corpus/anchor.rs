//! Voice marks as written (manifest or JSON line) and their resolution to byte spans.

use super::meta::{parse_reason, parse_voice, REASONS, VOICES};
use super::voices::excerpt;
use super::{CorpusError, Voice, VoiceOrigin, VoiceSpan};
use crate::{Location, Span};

/// Most voice and exclude marks one source may have. Each text anchor is a search of the
/// source's text, so the limit keeps reading linear in the text; hand-written manifests
/// stay far below it.
pub const MAX_MARKS_PER_SOURCE: usize = 1000;

/// The error for a source with more than [`MAX_MARKS_PER_SOURCE`] marks, at the first
/// mark over the limit.
pub(crate) fn too_many_marks(at: &Location, id: &str, n: usize) -> CorpusError {
    CorpusError::Anchor {
        location: at.clone(),
        message: format!(
            "source `{id}` has {n} voice and exclude marks; at most {MAX_MARKS_PER_SOURCE} per source"
        ),
    }
}

/// A value with the location it was written at.
#[derive(Clone, Debug)]
pub(crate) struct At<T> {
    pub value: T,
    pub at: Location,
}

/// Whether a mark came from a `voice` table or an `exclude` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MarkTable {
    Voice,
    Exclude,
}

/// One voice mark before resolution.
#[derive(Clone, Debug)]
pub(crate) struct RawMark {
    pub table: MarkTable,
    /// The mark's own location (its table or line).
    pub at: Location,
    pub voice: Option<At<String>>,
    pub reason: Option<At<String>>,
    pub note: Option<String>,
    pub text: Option<At<String>>,
    pub from: Option<At<String>>,
    pub to: Option<At<String>>,
    pub occurrence: Option<At<i64>>,
    pub lines: Option<At<Vec<i64>>>,
}

/// The byte ranges of a source's lines, to turn file line numbers into spans.
pub(crate) struct Lines {
    /// Byte offset of each line start in the source text.
    starts: Vec<usize>,
    /// End of the last line (before a final newline).
    len: usize,
    /// File line number of the source's first line.
    first_line: u32,
}

impl Lines {
    pub fn new(text: &str, first_line: u32) -> Self {
        let mut starts = vec![0];
        starts.extend(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|i| i + 1)
                .filter(|&i| i < text.len()),
        );
        Lines {
            starts,
            len: text.strip_suffix('\n').map_or(text.len(), str::len),
            first_line,
        }
    }

    pub fn last_line(&self) -> u32 {
        self.first_line
            .saturating_add(u32::try_from(self.starts.len()).unwrap_or(u32::MAX))
            .saturating_sub(1)
    }

    /// Bytes of file lines `a..=b` (line ends excluded), if they lie in the source.
    pub fn span(&self, a: u32, b: u32) -> Option<Span> {
        if a < self.first_line || b < a || b > self.last_line() {
            return None;
        }
        let i = (a - self.first_line) as usize;
        let j = (b - self.first_line) as usize;
        let start = *self.starts.get(i)?;
        let end = self.starts.get(j + 1).map_or(self.len, |&s| s - 1);
        Some(Span::new(start, end))
    }
}

/// Parse a `lines = [a, b]` or `[a]` value.
pub(crate) fn parse_lines(v: &At<Vec<i64>>) -> Result<(u32, u32), CorpusError> {
    let bad = |message: String| CorpusError::BadLines {
        location: v.at.clone(),
        message,
    };
    let (a, b) = match v.value.as_slice() {
        [a] => (*a, *a),
        [a, b] => (*a, *b),
        _ => return Err(bad("expected [first, last] or [line]".into())),
    };
    let a32 = u32::try_from(a).ok().filter(|&x| x >= 1);
    let b32 = u32::try_from(b).ok().filter(|&x| x >= 1);
    match (a32, b32) {
        (Some(a), Some(b)) if a <= b => Ok((a, b)),
        _ => Err(bad(format!(
            "[{a}, {b}] is not a range of 1-based lines, first <= last"
        ))),
    }
}

/// Resolve a mark to a voice span of `text`. `id` names the source in messages.
pub(crate) fn resolve(
    mark: &RawMark,
    text: &str,
    lines: &Lines,
    id: &str,
) -> Result<VoiceSpan, CorpusError> {
    let (voice, reason) = match mark.table {
        MarkTable::Voice => {
            let v = mark
                .voice
                .as_ref()
                .ok_or_else(|| CorpusError::MissingField {
                    location: mark.at.clone(),
                    field: "voice".into(),
                })?;
            if let Some(r) = &mark.reason {
                return Err(CorpusError::BadValue {
                    location: r.at.clone(),
                    field: "reason".into(),
                    value: r.value.clone(),
                    expected: "no reason in a voice mark (use an exclude mark)".into(),
                });
            }
            let voice = parse_voice(&v.value).ok_or_else(|| CorpusError::BadValue {
                location: v.at.clone(),
                field: "voice".into(),
                value: v.value.clone(),
                expected: VOICES.into(),
            })?;
            (voice, None)
        }
        MarkTable::Exclude => {
            let r = mark
                .reason
                .as_ref()
                .ok_or_else(|| CorpusError::MissingField {
                    location: mark.at.clone(),
                    field: "reason".into(),
                })?;
            if let Some(v) = &mark.voice {
                return Err(CorpusError::BadValue {
                    location: v.at.clone(),
                    field: "voice".into(),
                    value: v.value.clone(),
                    expected: "no voice in an exclude mark".into(),
                });
            }
            let reason = parse_reason(&r.value).ok_or_else(|| CorpusError::BadValue {
                location: r.at.clone(),
                field: "reason".into(),
                value: r.value.clone(),
                expected: REASONS.into(),
            })?;
            (Voice::Excluded, Some(reason))
        }
    };
    let region = match &mark.lines {
        Some(l) => {
            let (a, b) = parse_lines(l)?;
            lines.span(a, b).ok_or_else(|| CorpusError::BadLines {
                location: l.at.clone(),
                message: format!(
                    "lines {a}-{b} are not inside source `{id}` (lines {}-{})",
                    lines.first_line,
                    lines.last_line()
                ),
            })?
        }
        None => Span::new(0, text.len()),
    };
    let anchor_err = |at: &Location, message: String| CorpusError::Anchor {
        location: at.clone(),
        message,
    };
    let span = match (&mark.text, &mark.from, &mark.to) {
        (Some(t), None, None) => {
            let s = find(text, region, t, mark.occurrence.as_ref(), id, lines)?;
            Span::new(s, s + t.value.len())
        }
        (None, None, None) => {
            if mark.lines.is_none() {
                return Err(anchor_err(
                    &mark.at,
                    "missing: give `text`, `from`/`to`, or `lines`".into(),
                ));
            }
            region
        }
        (Some(t), _, _) => {
            return Err(anchor_err(
                &t.at,
                "`text` cannot be combined with `from`/`to`".into(),
            ));
        }
        (None, Some(f), to) => {
            let start = find(text, region, f, mark.occurrence.as_ref(), id, lines)?;
            let end = match to {
                Some(t) => {
                    let after = Span::new(start + f.value.len(), region.end);
                    let s = find(text, after, t, None, id, lines).map_err(|_| {
                        anchor_err(
                            &t.at,
                            format!(
                                "`to` text {} not found after `from` in source `{id}`",
                                excerpt(&t.value, 40)
                            ),
                        )
                    })?;
                    s + t.value.len()
                }
                None => region.end,
            };
            Span::new(start, end)
        }
        (None, None, Some(t)) => {
            let s = find(text, region, t, mark.occurrence.as_ref(), id, lines)?;
            Span::new(region.start, s + t.value.len())
        }
    };
    Ok(VoiceSpan {
        span,
        voice,
        reason,
        note: mark.note.clone(),
        origin: VoiceOrigin::Manifest,
    })
}

/// The start of the chosen occurrence of `needle` inside `region` of `text`.
///
/// Occurrences do not overlap. Without `occurrence`, exactly one match is required.
fn find(
    text: &str,
    region: Span,
    needle: &At<String>,
    occurrence: Option<&At<i64>>,
    id: &str,
    lines: &Lines,
) -> Result<usize, CorpusError> {
    let err = |at: &Location, message: String| CorpusError::Anchor {
        location: at.clone(),
        message,
    };
    if needle.value.trim().is_empty() {
        return Err(err(&needle.at, "text is empty".into()));
    }
    let hay = region.slice(text);
    let hits: Vec<usize> = hay
        .match_indices(needle.value.as_str())
        .map(|(i, _)| region.start + i)
        .collect();
    let shown = excerpt(&needle.value, 50);
    let line_of = |off: usize| {
        Location::from_offset("", text, off)
            .line
            .unwrap_or(1)
            .saturating_add(lines.first_line.saturating_sub(1))
    };
    match (hits.len(), occurrence) {
        (0, _) => Err(err(
            &needle.at,
            format!("text {shown} not found in source `{id}`"),
        )),
        (n, Some(k)) => {
            let idx = usize::try_from(k.value).ok().filter(|&i| i >= 1 && i <= n);
            match idx {
                Some(i) => Ok(hits[i - 1]),
                None => Err(err(
                    &k.at,
                    format!(
                        "occurrence {} of text {shown}: it occurs {n} time(s) in source `{id}`",
                        k.value
                    ),
                )),
            }
        }
        (1, None) => Ok(hits[0]),
        (n, None) => {
            let mut at: Vec<u32> = hits.iter().map(|&h| line_of(h)).collect();
            at.dedup();
            let at: Vec<String> = at.iter().take(5).map(ToString::to_string).collect();
            Err(err(
                &needle.at,
                format!(
                    "text {shown} is ambiguous: {n} matches in source `{id}` (lines {}); add `occurrence = 1..{n}` or `lines`",
                    at.join(", ")
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn at<T>(value: T) -> At<T> {
        At {
            value,
            at: Location::new("m.toml").at(1, 1),
        }
    }

    fn mark() -> RawMark {
        RawMark {
            table: MarkTable::Voice,
            at: Location::new("m.toml").at(1, 1),
            voice: Some(at("heading".into())),
            reason: None,
            note: None,
            text: None,
            from: None,
            to: None,
            occurrence: None,
            lines: None,
        }
    }

    #[test]
    fn lines_map_to_spans() {
        let t = "a\nbb\nccc\n";
        let l = Lines::new(t, 10);
        assert_eq!(l.last_line(), 12);
        assert_eq!(l.span(11, 12).unwrap().slice(t), "bb\nccc");
        assert!(l.span(9, 10).is_none());
    }

    #[test]
    fn ambiguous_and_occurrence() {
        let t = "Intro\nIntro again";
        let l = Lines::new(t, 1);
        let mut m = mark();
        m.text = Some(at("Intro".into()));
        let e = resolve(&m, t, &l, "x").unwrap_err();
        assert!(e.to_string().contains("ambiguous: 2 matches"), "{e}");
        m.occurrence = Some(at(2));
        assert_eq!(resolve(&m, t, &l, "x").unwrap().span, Span::new(6, 11));
        m.occurrence = Some(at(3));
        assert!(resolve(&m, t, &l, "x").is_err());
    }

    #[test]
    fn from_to_and_lines() {
        let t = "Head\nAbout the Author: X\nX wrote books.\nEnd";
        let l = Lines::new(t, 1);
        let mut m = mark();
        m.from = Some(at("About the Author".into()));
        m.to = Some(at("books.".into()));
        assert_eq!(
            resolve(&m, t, &l, "x").unwrap().span.slice(t),
            "About the Author: X\nX wrote books."
        );
        let mut m = mark();
        m.lines = Some(at(vec![2, 3]));
        assert_eq!(
            resolve(&m, t, &l, "x").unwrap().span.slice(t),
            "About the Author: X\nX wrote books."
        );
        m.lines = Some(at(vec![4, 5]));
        assert!(resolve(&m, t, &l, "x").is_err());
    }
}
