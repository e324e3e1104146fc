//! Corpus model: sources, their metadata, and their voices.
//!
//! A [`Corpus`] holds [`Source`]s. Each source has its metadata ([`SourceMeta`]), its
//! original text, and a list of [`VoiceSpan`]s that tags every byte of the text with the
//! voice it belongs to, or with the reason it is excluded from scoring.
//!
//! Readers: [`Corpus::from_dir`] reads a folder with a `corpus.toml` manifest (format in
//! `docs/corpus-format.md`), [`Corpus::from_jsonl`] a JSON Lines file (one source per line),
//! and [`JsonlSources`] streams such a file source by source.
//!
//! ```
//! use stancelens::corpus::{Corpus, Voice};
//! let jsonl = r#"{"id": "a", "text": "Baku welcomed the deal.", "kind": "news"}"#;
//! let (corpus, warnings) = Corpus::from_jsonl_reader(jsonl.as_bytes(), "mem.jsonl")?;
//! assert!(warnings.is_empty());
//! assert_eq!(corpus.sources[0].voices[0].voice, Voice::Body);
//! # Ok::<(), stancelens::corpus::CorpusError>(())
//! ```

mod anchor;
mod error;
mod jsonl;
mod manifest;
mod meta;
mod source;
pub mod synth;
pub mod voices;

pub use anchor::MAX_MARKS_PER_SOURCE;
pub use error::{CorpusError, Warning, WarningKind};
pub use jsonl::JsonlSources;
pub use meta::validate_date;
pub use source::{CoverageError, VoiceTally, VoicedSentence};

use crate::Span;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

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

/// Where a source's text comes from in a corpus folder, for locations in reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextOrigin {
    /// The file, relative to the corpus folder as the manifest names it.
    pub file: PathBuf,
    /// The file line of the text's first byte (1-based).
    pub first_line: u32,
    /// The byte offset of the text's first byte in the file.
    pub byte_offset: usize,
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
    /// Where the text was read from (`None` for JSON Lines and in-memory sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<TextOrigin>,
}

/// Options of the corpus folder reader.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Read files the manifest names outside the corpus folder (absolute paths, `..`,
    /// symlinks resolving outside). Off by default: refused with
    /// [`CorpusError::PathOutside`].
    pub allow_outside: bool,
}

/// A collection of sources on one subject.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corpus {
    /// A name for the corpus (the folder or file name by default).
    pub name: String,
    /// Sources, in manifest order.
    pub sources: Vec<Source>,
}

impl Corpus {
    /// Read a corpus folder: its `corpus.toml` manifest (or a manifest file given
    /// directly) and the text files it names.
    ///
    /// All problems found (bad values, anchors that match nothing, duplicate ids, …) are
    /// reported together as [`CorpusError::Multiple`] when there are several.
    ///
    /// ```
    /// use stancelens::corpus::Corpus;
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/israel-azerbaijan");
    /// let (corpus, _warnings) = Corpus::from_dir(dir)?;
    /// let comment = corpus.get("blank-jan-2025/tutty").ok_or("missing")?;
    /// assert_eq!(comment.meta.parent.as_deref(), Some("blank-jan-2025"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_dir(
        path: impl AsRef<std::path::Path>,
    ) -> Result<(Corpus, Vec<Warning>), CorpusError> {
        manifest::from_dir(path.as_ref(), &ReadOptions::default())
    }

    /// [`Corpus::from_dir`] with options: `allow_outside` lets the manifest name files
    /// outside the corpus folder (absolute paths, `..`, symlinks leaving it), which are
    /// refused by default because a manifest from elsewhere could read any file.
    ///
    /// ```
    /// use stancelens::corpus::{Corpus, ReadOptions};
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/israel-azerbaijan");
    /// let (corpus, _) = Corpus::from_dir_with(dir, &ReadOptions { allow_outside: true })?;
    /// assert_eq!(corpus.sources.len(), 9);
    /// # Ok::<(), stancelens::corpus::CorpusError>(())
    /// ```
    pub fn from_dir_with(
        path: impl AsRef<std::path::Path>,
        options: &ReadOptions,
    ) -> Result<(Corpus, Vec<Warning>), CorpusError> {
        manifest::from_dir(path.as_ref(), options)
    }

    /// Read a JSON Lines corpus file (see [`JsonlSources`] for the fields).
    ///
    /// ```
    /// use stancelens::corpus::Corpus;
    /// let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/corpora/small.jsonl");
    /// let (corpus, _warnings) = Corpus::from_jsonl(file)?;
    /// assert!(!corpus.sources.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_jsonl(
        path: impl AsRef<std::path::Path>,
    ) -> Result<(Corpus, Vec<Warning>), CorpusError> {
        let path = path.as_ref();
        let file = std::fs::File::open(path)
            .map_err(|e| error::io_error(e, &crate::Location::new(path), path))?;
        let (mut corpus, warnings) =
            Corpus::from_jsonl_reader(std::io::BufReader::new(file), path)?;
        if let Some(stem) = path.file_stem() {
            corpus.name = stem.to_string_lossy().into_owned();
        }
        Ok((corpus, warnings))
    }

    /// Read a JSON Lines corpus from any reader; `name` is used in locations. Errors of
    /// all lines are collected.
    ///
    /// ```
    /// use stancelens::corpus::Corpus;
    /// let data = "{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"a\", \"text\": \"y\"}\n";
    /// let err = Corpus::from_jsonl_reader(data.as_bytes(), "two.jsonl").unwrap_err();
    /// assert_eq!(err.to_string(), "two.jsonl:2:2: duplicate id `a` (first defined at two.jsonl:1:2)");
    /// ```
    pub fn from_jsonl_reader(
        reader: impl std::io::BufRead,
        name: impl Into<PathBuf>,
    ) -> Result<(Corpus, Vec<Warning>), CorpusError> {
        let name = name.into();
        let mut it = JsonlSources::new(reader, name.clone());
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for item in it.by_ref() {
            match item {
                Ok(s) => sources.push(s),
                Err(e) => errors.push(e),
            }
        }
        let (warnings, cross) = it.finish();
        errors.extend(cross);
        errors.sort_by_key(|e| (e.location().line, e.location().column));
        if let Some(e) = CorpusError::collect(crate::Location::new(&name), errors) {
            return Err(e);
        }
        let name = name.to_string_lossy().into_owned();
        Ok((Corpus { name, sources }, warnings))
    }

    /// Read a corpus folder, a manifest file, or (for a `.jsonl` name) a JSON Lines file.
    ///
    /// ```
    /// use stancelens::corpus::Corpus;
    /// let err = Corpus::open("no/such/corpus").unwrap_err();
    /// assert!(err.to_string().contains("not found"));
    /// ```
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<(Corpus, Vec<Warning>), CorpusError> {
        Corpus::open_with(path, &ReadOptions::default())
    }

    /// [`Corpus::open`] with options (see [`Corpus::from_dir_with`]).
    ///
    /// ```
    /// use stancelens::corpus::{Corpus, ReadOptions};
    /// let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/corpora/small.jsonl");
    /// let (corpus, _) = Corpus::open_with(file, &ReadOptions::default())?;
    /// assert!(!corpus.sources.is_empty());
    /// # Ok::<(), stancelens::corpus::CorpusError>(())
    /// ```
    pub fn open_with(
        path: impl AsRef<std::path::Path>,
        options: &ReadOptions,
    ) -> Result<(Corpus, Vec<Warning>), CorpusError> {
        let path = path.as_ref();
        if path.extension().is_some_and(|e| e == "jsonl") {
            Corpus::from_jsonl(path)
        } else {
            Corpus::from_dir_with(path, options)
        }
    }

    /// The source with this id (the first, if the id repeats). A scan of the sources: for
    /// many lookups, build [`Corpus::by_id`] once.
    pub fn get(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.meta.id == id)
    }

    /// Every source by its id, answering as [`Corpus::get`] does (the first source of a
    /// repeated id), in one hash lookup.
    ///
    /// ```
    /// use stancelens::corpus::{Corpus, Source, SourceMeta};
    /// let src = |id: &str, text: &str| Source::new(SourceMeta { id: id.into(), ..Default::default() }, text.into());
    /// let corpus = Corpus { name: "c".into(), sources: vec![src("a", "first"), src("b", "b"), src("a", "second")] };
    /// let by_id = corpus.by_id();
    /// assert_eq!(by_id["a"].text, "first");
    /// assert_eq!(by_id.len(), 2);
    /// ```
    pub fn by_id(&self) -> std::collections::HashMap<&str, &Source> {
        let mut map = std::collections::HashMap::with_capacity(self.sources.len());
        for s in &self.sources {
            map.entry(s.meta.id.as_str()).or_insert(s);
        }
        map
    }
}
