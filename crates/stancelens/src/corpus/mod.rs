//! Corpus model: sources, their metadata, and their voices.
//!
//! A [`Corpus`] holds [`Source`]s. Each source has its metadata ([`SourceMeta`]), its
//! original text, and a list of [`VoiceSpan`]s that tags every byte of the text with the
//! voice it belongs to, or with the reason it is excluded from scoring.
//!
//! The readers for corpus folders and JSON Lines files live in submodules (to be filled
//! in by the ingestion work).

use crate::Span;
use serde::{Deserialize, Serialize};

/// What kind of text a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A news or feature article.
    Article,
    /// A long-form essay.
    Essay,
    /// An opinion or commentary piece.
    Opinion,
    /// A news report.
    News,
    /// An analysis piece.
    Analysis,
    /// A reader comment (its parent is the article it answers).
    Comment,
}

/// Metadata of one source. Missing metadata stays `None`: it is never invented.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceMeta {
    /// Stable id, unique in the corpus (e.g. `blank-jan-2025/patrick`).
    pub id: String,
    /// Headline or title.
    pub title: Option<String>,
    /// Publishing outlet.
    pub outlet: Option<String>,
    /// Author or commenter name.
    pub author: Option<String>,
    /// Publication or comment date/time, ISO 8601 (`2025-01-23` or `2025-01-23T10:15:00Z`).
    pub date: Option<String>,
    /// Where the text was published.
    pub url: Option<String>,
    /// BCP 47 language tag (`en`).
    pub lang: Option<String>,
    /// What kind of text this is.
    pub kind: Option<SourceKind>,
    /// The id of the source this one answers (for comments: the article).
    pub parent: Option<String>,
}

/// The voice a span of text belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Voice {
    /// The source's own running text.
    Body,
    /// A heading or title inside the text.
    Heading,
    /// A byline (author name, date line).
    Byline,
    /// An author biography: about the author, not the author's argument.
    Bio,
    /// Quoted speech of someone other than the author.
    Quote,
    /// A reader comment's own text.
    Comment,
    /// Not the source's voice at all; see [`ExclusionReason`].
    Excluded,
}

/// Why a span is excluded from a source's voice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    /// Site navigation, menus, footers.
    Navigation,
    /// A teaser or link to an unrelated story.
    Teaser,
    /// A repeated pull quote (the second and later copies of a sentence).
    PullQuote,
    /// A picture caption or credit.
    Caption,
    /// Widget or UI text ("Share", "Subscribe", counters).
    Widget,
    /// Any other reason; the span's note says which.
    Other,
}

/// Who decided a span's voice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoiceOrigin {
    /// The default for text nobody marked.
    Default,
    /// The corpus manifest.
    Manifest,
    /// A generic detector (duplicate sentences, quotation marks).
    Detector,
}

/// A span of a source's text with its voice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceSpan {
    /// Byte span into the source text.
    pub span: Span,
    /// The voice.
    pub voice: Voice,
    /// Why it is excluded, when `voice` is [`Voice::Excluded`].
    pub reason: Option<ExclusionReason>,
    /// A free-text note (e.g. "teaser: Moscow story", or the duplicated sentence's first span).
    pub note: Option<String>,
    /// Who decided.
    pub origin: VoiceOrigin,
}

/// One source: metadata, original text, and voices covering the whole text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Metadata.
    pub meta: SourceMeta,
    /// The original text, exactly as read (after UTF-8 validation).
    pub text: String,
    /// Voice spans: sorted, non-overlapping, and together covering every byte of `text`
    /// that is not whitespace between spans.
    pub voices: Vec<VoiceSpan>,
}

/// A collection of sources on one subject.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corpus {
    /// A name for the corpus (the folder or file name by default).
    pub name: String,
    /// Sources, in manifest order.
    pub sources: Vec<Source>,
}
