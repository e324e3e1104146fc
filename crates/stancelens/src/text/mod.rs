//! Text layer: spans, normalisation, segmentation, tokens and quotations.
//!
//! Every public function takes the original `&str` and returns byte [`Span`]s into it.
//! Normalisation never rewrites the text a caller sees; it produces a folded copy with a
//! map back to the original offsets (see [`normalize`]).

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
