//! # stancelens
//!
//! Compare how different sources cover the same subject. stancelens reads a corpus of
//! articles (and their reader comments), separates each source's voices, and scores
//! stance with transparent lexicon rules, so that every number traces back to the
//! words that produced it.
//!
//! The crate is organised one module per responsibility:
//!
//! * [`text`]: normalisation, segmentation and tokens, all as byte [`Span`]s into the
//!   original text.
//! * [`corpus`]: sources, their metadata and voices, and the readers for corpus folders
//!   and JSON Lines files.
//! * [`lexicon`]: the hand-editable rule-file format, its validation and the compiled
//!   matcher.
//! * [`valence`]: explainable valence scoring, including a VADER-exact mode.
//! * [`topics`]: subject files (target, entities with roles, topics with cues) and topic
//!   detection per sentence.
//! * [`stance`]: target-aware stance per source and topic, and `target_stance` for one
//!   mention; every score decomposes into its evidence.
//! * [`bias`]: bias cues per source and topic (loaded language, hedging, one-sidedness,
//!   attribution, quoted voices, omission).
//! * [`claims`]: quantities, and shared claims aligned across sources with their framing.
//! * [`reprints`]: near-duplicate sources (MinHash with LSH banding).
//! * [`compare`]: the sources × topics comparison behind `stancelens compare`.
//! * [`report`]: HTML, Markdown and CSV reports of a comparison.
//! * [`score`]: streaming per-source scores of a JSON Lines corpus in bounded memory
//!   (`stancelens score`).
//!
//! ```
//! use stancelens::text;
//!
//! let text = "Dr. Blank argues for it. Critics disagree.";
//! let sentences = text::sentences(text);
//! assert_eq!(sentences.len(), 2);
//! assert_eq!(sentences[0].slice(text), "Dr. Blank argues for it.");
//! ```

mod align;
pub mod bias;
pub mod claims;
pub mod compare;
pub mod corpus;
pub mod error;
pub mod eval;
mod hash;
pub mod lexicon;
pub mod report;
pub mod reprints;
mod reuse;
pub mod score;
pub mod stance;
pub mod text;
pub mod topics;
pub mod valence;

pub use error::Location;
pub use text::Span;

// The README's Rust example runs as a doctest, so it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
