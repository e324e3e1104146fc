//! Text layer: spans, normalisation, segmentation, tokens and quotations.
//!
//! Every public function takes the original `&str` and returns byte [`Span`]s into it.
//! Normalisation never rewrites the text a caller sees; it produces a folded copy with a
//! map back to the original offsets (see [`normalize`]).
//!
//! * [`normalize`] / [`normalize_for_matching`]: typographic folding (and lower-casing)
//!   with [`Normalized::to_original`] to map spans back.
//! * [`paragraphs`], [`sentences`], [`sentences_in`]: lossless segmentation; the rules are
//!   documented in the `segment` module source and tested by
//!   `fixtures/segmentation/cases.toml`.
//! * [`tokenize`], [`tokenize_into`]: words, numbers, punctuation and emoji with case.
//! * [`quotations`], [`quotation_spans`]: balanced quotations per paragraph, with a
//!   scare-quote test.
//!
//! ```
//! use stancelens::text;
//! let t = "Aliyev said \u{201C}we agree.\u{201D} The U.S. Army\u{00A0}left.";
//! let s = text::sentences(t);
//! assert_eq!(s.len(), 2);
//! let q = text::quotations(t);
//! assert_eq!(q[0].inner.slice(t), "we agree.");
//! let n = text::normalize_for_matching(t);
//! let at = n.as_str().find("army left").unwrap_or(0);
//! let span = n.to_original(text::Span::new(at, at + 9));
//! assert_eq!(span.slice(t), "Army\u{00A0}left");
//! ```

mod normalize;
mod quote;
mod segment;
mod span;
mod token;

pub use normalize::{fold_char, normalize, normalize_for_matching, Fold, Normalized};
pub use quote::{quotation_spans, quotations, Quotation};
pub use segment::{paragraphs, sentences, sentences_in};
pub use span::Span;
pub use token::{tokenize, tokenize_into, Case, Token, TokenKind};
