//! Source construction and views over its voices: sentences, tallies, accounting.

use super::meta::name_of;
use super::voices::{self, excerpt};
use super::{ExclusionReason, Source, SourceKind, SourceMeta, TextOrigin, Voice, VoiceSpan};
use crate::text::{self, TokenKind};
use crate::Span;
use serde::Serialize;
use std::collections::BTreeMap;

/// A sentence (or the part of one inside a single voice span) with its voice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VoicedSentence {
    /// Byte span into the source text.
    pub span: Span,
    /// The voice of the span containing it.
    pub voice: Voice,
    /// The exclusion reason, for excluded sentences.
    pub reason: Option<ExclusionReason>,
    /// Index of the voice span in [`Source::voices`].
    pub voice_index: usize,
}

/// Counts for one voice (or one exclusion reason).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct VoiceCount {
    /// Voice spans.
    pub spans: usize,
    /// Word and number tokens.
    pub words: usize,
    /// Sentences (split at voice boundaries).
    pub sentences: usize,
    /// Bytes inside the spans.
    pub bytes: usize,
}

/// Per-voice counts and a byte account of a source.
///
/// `voiced_bytes + excluded_bytes + whitespace_bytes == total_bytes`, where whitespace
/// bytes are those between voice spans.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct VoiceTally {
    /// Counts per voice name (`body`, `quote`, …; excluded spans are under `excluded`).
    pub voices: BTreeMap<String, VoiceCount>,
    /// Counts of excluded spans per reason (`teaser`, `pull_quote`, …).
    pub excluded: BTreeMap<String, VoiceCount>,
    /// Bytes in non-excluded voice spans.
    pub voiced_bytes: usize,
    /// Bytes in excluded spans.
    pub excluded_bytes: usize,
    /// Bytes outside every span (all whitespace when [`Source::check_coverage`] passes).
    pub whitespace_bytes: usize,
    /// Length of the text.
    pub total_bytes: usize,
}

/// Why a source's voice spans do not account for its text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CoverageError {
    /// A span outside the text or off a character boundary.
    #[error("voice span {0:?} does not fit the text")]
    BadSpan(Span),
    /// Spans out of order or sharing bytes.
    #[error("voice spans {0:?} and {1:?} overlap or are out of order")]
    Overlap(Span, Span),
    /// A non-whitespace byte outside every span.
    #[error("byte {offset} is not whitespace and lies in no voice span: {excerpt}")]
    Uncovered {
        /// The byte offset.
        offset: usize,
        /// The text around it.
        excerpt: String,
    },
    /// An excluded span without a reason, or a reason on a non-excluded span.
    #[error("voice span {0:?} has an inconsistent exclusion reason")]
    Reason(Span),
}

fn word_count(s: &str) -> usize {
    text::tokenize(s)
        .iter()
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .count()
}

impl Source {
    /// A source from metadata and text, with voices from the default voice and the
    /// generic detectors (repeated sentences, quoted speech).
    ///
    /// ```
    /// use stancelens::corpus::{Source, SourceMeta, Voice};
    /// let meta = SourceMeta { id: "s".into(), ..Default::default() };
    /// let src = Source::new(meta, "Baku said “we are ready to sign the deal now” today.".into());
    /// let voices: Vec<Voice> = src.voices.iter().map(|v| v.voice).collect();
    /// assert_eq!(voices, [Voice::Body, Voice::Quote, Voice::Body]);
    /// assert!(src.check_coverage().is_ok());
    /// ```
    pub fn new(meta: SourceMeta, text: String) -> Source {
        Source::with_marks(meta, text, &[], None)
    }

    pub(crate) fn with_marks(
        meta: SourceMeta,
        text: String,
        marks: &[VoiceSpan],
        origin: Option<TextOrigin>,
    ) -> Source {
        Self::with_marks_keeping(meta, text, marks, origin, None)
    }

    /// [`with_marks`](Self::with_marks), keeping the sentences and tokens the duplicate
    /// detector found in `keep`.
    pub(crate) fn with_marks_keeping(
        meta: SourceMeta,
        text: String,
        marks: &[VoiceSpan],
        origin: Option<TextOrigin>,
        keep: Option<&mut voices::TextTokens>,
    ) -> Source {
        let default = if meta.kind == Some(SourceKind::Comment) {
            Voice::Comment
        } else {
            Voice::Body
        };
        let quotes = voices::quote_spans(&text);
        let first_line = origin.as_ref().map_or(1, |o| o.first_line);
        let voices = voices::build_keeping(&text, default, &quotes, marks, first_line, keep);
        Source {
            meta,
            text,
            voices,
            origin,
        }
    }

    /// The voice span containing byte `offset`, if any.
    ///
    /// ```
    /// use stancelens::corpus::{Source, SourceMeta, Voice};
    /// let meta = SourceMeta { id: "s".into(), ..Default::default() };
    /// let src = Source::new(meta, "Text.\n\nMore.".into());
    /// assert_eq!(src.voice_at(0).map(|v| v.voice), Some(Voice::Body));
    /// ```
    pub fn voice_at(&self, offset: usize) -> Option<&VoiceSpan> {
        let i = self.voices.partition_point(|v| v.span.end <= offset);
        self.voices.get(i).filter(|v| v.span.start <= offset)
    }

    /// The voice segments in text order: each span with its voice.
    ///
    /// ```
    /// use stancelens::corpus::{Source, SourceMeta, Voice};
    /// let meta = SourceMeta { id: "s".into(), ..Default::default() };
    /// let src = Source::new(meta, "Own words. “Quoted words of somebody else here.”".into());
    /// let voices: Vec<Voice> = src.segments().map(|(_, v)| v).collect();
    /// assert_eq!(voices, [Voice::Body, Voice::Quote]);
    /// ```
    pub fn segments(&self) -> impl Iterator<Item = (Span, Voice)> + '_ {
        self.voices.iter().map(|v| (v.span, v.voice))
    }

    /// Sentences with their voices, in text order. A sentence crossing a voice boundary
    /// is split there, so each piece has exactly one voice.
    ///
    /// ```
    /// use stancelens::corpus::{Source, SourceMeta, Voice};
    /// let meta = SourceMeta { id: "s".into(), ..Default::default() };
    /// let src = Source::new(meta, "One claim here. Another claim.".into());
    /// let s = src.voiced_sentences();
    /// assert_eq!(s.len(), 2);
    /// assert_eq!(s[1].span.slice(&src.text), "Another claim.");
    /// assert_eq!(s[1].voice, Voice::Body);
    /// ```
    pub fn voiced_sentences(&self) -> Vec<VoicedSentence> {
        self.voiced_sentences_known(None)
    }

    /// [`voiced_sentences`](Self::voiced_sentences), taking the sentences `known` found in
    /// this source's whole text where a voice span's own segmentation gives the same.
    pub(crate) fn voiced_sentences_known(
        &self,
        known: Option<&voices::TextTokens>,
    ) -> Vec<VoicedSentence> {
        let mut out = Vec::new();
        let mut spans = Vec::new();
        for (i, v) in self.voices.iter().enumerate() {
            spans.clear();
            match known {
                Some(k) => k.sentences_of_piece(&self.text, v.span, &mut spans),
                None => text::segment_piece(&self.text, v.span, &mut spans),
            }
            out.extend(spans.iter().map(|&span| VoicedSentence {
                span,
                voice: v.voice,
                reason: v.reason,
                voice_index: i,
            }));
        }
        out
    }

    /// Spans of the sentences in the source's own voice: body text, or the comment's own
    /// text for comments. Headings, bylines, bios, quotes and excluded text are left out.
    ///
    /// ```
    /// use stancelens::corpus::{Source, SourceMeta};
    /// let meta = SourceMeta { id: "s".into(), ..Default::default() };
    /// let src = Source::new(meta, "He said “this is a quoted line of words”. I disagree.".into());
    /// let own: Vec<&str> = src.body_sentences().map(|s| s.slice(&src.text)).collect();
    /// assert!(own.contains(&"I disagree."));
    /// assert!(own.iter().all(|s| !s.contains("quoted")));
    /// ```
    pub fn body_sentences(&self) -> impl Iterator<Item = Span> + '_ {
        self.voiced_sentences()
            .into_iter()
            .filter(|s| matches!(s.voice, Voice::Body | Voice::Comment))
            .map(|s| s.span)
    }

    /// Words, sentences and bytes per voice and per exclusion reason, and the byte account.
    ///
    /// ```
    /// use stancelens::corpus::{Source, SourceMeta};
    /// let meta = SourceMeta { id: "s".into(), ..Default::default() };
    /// let src = Source::new(meta, "Two words.\n\n".into());
    /// let t = src.tally();
    /// assert_eq!(t.voices["body"].words, 2);
    /// assert_eq!((t.voiced_bytes, t.whitespace_bytes, t.total_bytes), (10, 2, 12));
    /// ```
    pub fn tally(&self) -> VoiceTally {
        let mut t = VoiceTally {
            total_bytes: self.text.len(),
            ..Default::default()
        };
        let mut per_span = vec![0usize; self.voices.len()];
        for s in self.voiced_sentences() {
            if let Some(n) = per_span.get_mut(s.voice_index) {
                *n += 1;
            }
        }
        for (v, &n_sent) in self.voices.iter().zip(&per_span) {
            let words = word_count(v.span.slice(&self.text));
            let add = |c: &mut VoiceCount| {
                c.spans += 1;
                c.words += words;
                c.sentences += n_sent;
                c.bytes += v.span.len();
            };
            add(t.voices.entry(name_of(&v.voice)).or_default());
            if v.voice == Voice::Excluded {
                t.excluded_bytes += v.span.len();
                let reason = v
                    .reason
                    .map_or_else(|| "unknown".to_string(), |r| name_of(&r));
                add(t.excluded.entry(reason).or_default());
            } else {
                t.voiced_bytes += v.span.len();
            }
        }
        t.whitespace_bytes = t
            .total_bytes
            .saturating_sub(t.voiced_bytes + t.excluded_bytes);
        t
    }

    /// Check that the voice spans are sorted, disjoint, on character boundaries, and
    /// that every non-whitespace byte of the text lies in exactly one of them.
    ///
    /// ```
    /// use stancelens::corpus::{Source, SourceMeta};
    /// let meta = SourceMeta { id: "s".into(), ..Default::default() };
    /// let mut src = Source::new(meta, "Kept. Lost?".into());
    /// assert!(src.check_coverage().is_ok());
    /// src.voices[0].span.end = 5; // drop "Lost?" from every span
    /// assert!(src.check_coverage().unwrap_err().to_string().contains("byte 6"));
    /// ```
    pub fn check_coverage(&self) -> Result<(), CoverageError> {
        let mut pos = 0usize;
        let mut prev: Option<Span> = None;
        for v in &self.voices {
            let s = v.span;
            if s.end > self.text.len()
                || !self.text.is_char_boundary(s.start)
                || !self.text.is_char_boundary(s.end)
            {
                return Err(CoverageError::BadSpan(s));
            }
            if s.start < pos {
                return Err(CoverageError::Overlap(prev.unwrap_or(s), s));
            }
            if (v.voice == Voice::Excluded) != v.reason.is_some() {
                return Err(CoverageError::Reason(s));
            }
            self.gap_is_blank(pos, s.start)?;
            pos = s.end;
            prev = Some(s);
        }
        self.gap_is_blank(pos, self.text.len())
    }

    fn gap_is_blank(&self, from: usize, to: usize) -> Result<(), CoverageError> {
        let gap = self.text.get(from..to).unwrap_or("");
        match gap.char_indices().find(|(_, c)| !c.is_whitespace()) {
            None => Ok(()),
            Some((i, _)) => Err(CoverageError::Uncovered {
                offset: from + i,
                excerpt: excerpt(&gap[i..], 40),
            }),
        }
    }
}
