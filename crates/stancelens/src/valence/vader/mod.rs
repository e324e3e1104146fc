//! VADER-exact valence mode: a from-scratch Rust port of vaderSentiment 3.3.2's
//! `SentimentIntensityAnalyzer().polarity_scores`, equal to it on every input, quirks included
//! (see `docs/vader.md`), and parity-tested against the Python package (`tests/vader_parity.rs`).
//!
//! The lexicon and emoji data of the vaderSentiment 3.3.2 wheel are bundled (MIT licence, see
//! [`LICENSE`]) and parsed once, on first use.
//!
//! ```
//! use stancelens::valence::vader;
//! let s = vader::polarity_scores("VADER is smart, handsome, and funny!");
//! assert_eq!((s.neg, s.neu, s.pos, s.compound), (0.0, 0.248, 0.752, 0.8439));
//! ```

mod explain;
mod lexicon;
mod pystr;
mod round;
mod score;

use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::sync::OnceLock;

pub use explain::{AppliedRule, ExplainedToken, Explanation, NormalisationStep};
pub use round::py_round;

/// The MIT licence notice of vaderSentiment, which must accompany the bundled data.
pub const LICENSE: &str = include_str!("../../../data/vader/LICENSE.txt");

/// Version of vaderSentiment this mode reproduces (and whose data it bundles).
pub const VADER_VERSION: &str = "3.3.2";

/// VADER's four scores, rounded exactly like Python's `round` (3 decimals, compound 4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VaderScores {
    /// Share of negative sentiment.
    pub neg: f64,
    /// Share of neutral tokens.
    pub neu: f64,
    /// Share of positive sentiment.
    pub pos: f64,
    /// Normalised sum in [-1, 1].
    pub compound: f64,
}

/// A rule of VADER that changed (or explicitly kept) one token's sentiment. Token positions
/// are indices into [`Explanation::tokens`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Rule {
    /// The word's lexicon valence.
    Lexicon {
        /// Mean rating from `vader_lexicon.txt`.
        valence: f64,
    },
    /// A booster/dampener word scores 0 itself.
    BoosterWordItself,
    /// "kind" followed by "of" scores 0.
    KindOf,
    /// "no" before a lexicon word: its own valence becomes 0.
    NoBeforeLexiconWord,
    /// A "no" 1-3 words before: valence = lexicon valence x -0.74.
    NoNegation {
        /// Position of the "no".
        no: usize,
    },
    /// ALL CAPS word among non-caps words: +-0.733.
    AllCaps,
    /// A preceding booster/dampener (already dampened by distance, caps-adjusted).
    Booster {
        /// Position of the booster word.
        modifier: usize,
        /// Amount added.
        scalar: f64,
    },
    /// A preceding negation (NEGATE list or "n't"): x -0.74.
    Negation {
        /// Position of the negation word.
        negator: usize,
    },
    /// "never so/this" (and, by a precedence quirk, "so"/"this" right before): x 1.25.
    NeverSoThis {
        /// Position of the "so"/"this".
        word: usize,
    },
    /// "without doubt": negation skipped.
    WithoutDoubt {
        /// Position of the "without".
        without: usize,
    },
    /// A special-case idiom replaced the valence.
    SpecialCase {
        /// The idiom.
        phrase: &'static str,
    },
    /// A two-word booster ("kind of", "sort of", "just enough") before the word added to it.
    BoosterNgram {
        /// The booster phrase.
        phrase: &'static str,
    },
    /// "least" before the word (not after "at"/"very"): x -0.74.
    Least {
        /// Position of the "least".
        least: usize,
    },
    /// The contrastive "but": x0.5 before it, x1.5 after it. VADER finds the sentiment BY
    /// VALUE, so `looked_up_from` (the position iterated) can differ from the token changed.
    But {
        /// Position of the first "but".
        but: usize,
        /// 0.5 or 1.5.
        factor: f64,
        /// Position whose value was looked up.
        looked_up_from: usize,
    },
}

/// Name, version, entry count and SHA-256 of a bundled data file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DataInfo {
    /// File name in the vaderSentiment wheel.
    pub name: &'static str,
    /// vaderSentiment version.
    pub version: &'static str,
    /// Entries as VADER parses them (duplicates collapsed).
    pub entries: usize,
    /// Lowercase hex SHA-256 of the file bytes.
    pub sha256: String,
}

fn sha256_hex(data: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(data.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Metadata of the bundled `vader_lexicon.txt`.
///
/// ```
/// let info = stancelens::valence::vader::lexicon_info();
/// assert_eq!(info.name, "vader_lexicon.txt");
/// assert_eq!(info.version, "3.3.2");
/// assert_eq!(info.sha256.len(), 64);
/// ```
pub fn lexicon_info() -> &'static DataInfo {
    static INFO: OnceLock<DataInfo> = OnceLock::new();
    INFO.get_or_init(|| DataInfo {
        name: "vader_lexicon.txt",
        version: VADER_VERSION,
        entries: lexicon::tables().lexicon_len,
        sha256: sha256_hex(lexicon::LEXICON_TXT),
    })
}

/// Metadata of the bundled `emoji_utf8_lexicon.txt`.
///
/// ```
/// let info = stancelens::valence::vader::emoji_info();
/// assert_eq!(info.name, "emoji_utf8_lexicon.txt");
/// ```
pub fn emoji_info() -> &'static DataInfo {
    static INFO: OnceLock<DataInfo> = OnceLock::new();
    INFO.get_or_init(|| DataInfo {
        name: "emoji_utf8_lexicon.txt",
        version: VADER_VERSION,
        entries: lexicon::tables().emoji_len,
        sha256: sha256_hex(lexicon::EMOJI_TXT),
    })
}

/// A VADER scorer with reusable buffers: no allocation per call once warmed up.
///
/// ```
/// use stancelens::valence::vader::Analyzer;
/// let mut a = Analyzer::new();
/// assert!(a.polarity_scores("The book was good.").compound > 0.0);
/// assert!(a.polarity_scores("The book was not good.").compound < 0.0);
/// ```
#[derive(Debug, Default)]
pub struct Analyzer {
    scratch: score::Scratch,
}

impl Analyzer {
    /// A new analyzer (the shared data is parsed on first use).
    pub fn new() -> Self {
        Analyzer::default()
    }

    /// `SentimentIntensityAnalyzer().polarity_scores(text)` of vaderSentiment 3.3.2.
    pub fn polarity_scores(&mut self, text: &str) -> VaderScores {
        score::score(&mut self.scratch, text, &mut ())
    }

    /// The same scores with every token's rules and the normalisation steps.
    pub fn explain(&mut self, text: &str) -> Explanation {
        let mut rec = explain::Recorder::new(text);
        let scores = score::score(&mut self.scratch, text, &mut rec);
        rec.ex.scores = scores;
        rec.ex
    }
}

thread_local! {
    static ANALYZER: RefCell<Analyzer> = RefCell::new(Analyzer::new());
}

/// `polarity_scores` with a per-thread [`Analyzer`].
///
/// ```
/// use stancelens::valence::vader::polarity_scores;
/// let s = polarity_scores("Not bad at all");
/// assert_eq!(s.compound, 0.431);
/// assert_eq!(polarity_scores("").compound, 0.0);
/// ```
pub fn polarity_scores(text: &str) -> VaderScores {
    ANALYZER.with(|a| match a.try_borrow_mut() {
        Ok(mut a) => a.polarity_scores(text),
        Err(_) => Analyzer::new().polarity_scores(text),
    })
}

/// Explained scoring: per-token sentiments with the rules applied, and the normalisation
/// steps. Slower than [`polarity_scores`]; same numbers.
///
/// ```
/// use stancelens::valence::vader::{explain, polarity_scores, Rule};
/// let text = "The food is not great";
/// let ex = explain(text);
/// assert_eq!(ex.scores, polarity_scores(text));
/// let great = &ex.tokens[4];
/// assert_eq!(great.span.slice(text), "great");
/// assert!(great.rules.iter().any(|r| matches!(r.rule, Rule::Negation { negator: 3 })));
/// let sum = ex.tokens.iter().fold(0.0, |acc, t| acc + t.sentiment);
/// assert_eq!(sum, ex.raw_sum);
/// ```
pub fn explain(text: &str) -> Explanation {
    Analyzer::new().explain(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_examples() {
        // Values printed by vaderSentiment 3.3.2's own demo.
        let cases: [(&str, [f64; 4]); 5] = [
            (
                "VADER is smart, handsome, and funny.",
                [0.0, 0.254, 0.746, 0.8316],
            ),
            (
                "VADER is very smart, handsome, and funny.",
                [0.0, 0.299, 0.701, 0.8545],
            ),
            ("The book was good.", [0.0, 0.508, 0.492, 0.4404]),
            (
                "At least it isn't a horrible book.",
                [0.0, 0.678, 0.322, 0.431],
            ),
            ("Today SUX!", [0.779, 0.221, 0.0, -0.5461]),
        ];
        for (t, [neg, neu, pos, c]) in cases {
            let s = polarity_scores(t);
            assert_eq!((s.neg, s.neu, s.pos, s.compound), (neg, neu, pos, c), "{t}");
        }
    }

    #[test]
    fn explanation_sums_exactly() {
        for t in [
            "The plot was good, but the characters are uncompelling and the dialog is not great.",
            "good good but good bad bad",
            "Catch utf-8 emoji such as 💘 and 💋 and 😁",
            "",
        ] {
            let ex = explain(t);
            let sum = ex.tokens.iter().fold(0.0, |acc, k| acc + k.sentiment);
            assert_eq!(sum.to_bits(), ex.raw_sum.to_bits(), "{t}");
            assert_eq!(ex.scores, polarity_scores(t));
        }
        let t = "I love 💘!";
        let ex = explain(t);
        assert_eq!(ex.tokens[2].span.slice(t), "💘");
    }

    #[test]
    fn emoji_prefilter_and_byte_classes_cover_every_key() {
        let t = lexicon::tables();
        assert_eq!(t.emoji.len(), 1212);
        for (&c, _) in t.emoji.iter() {
            assert!(score::maybe_emoji(c), "{c:?}");
            let mut b = [0u8; 4];
            let lead = c.encode_utf8(&mut b).as_bytes()[0];
            assert!(lead == 0xC2 || lead >= 0xE1, "{c:?}");
        }
    }

    #[test]
    fn data_parsed() {
        assert_eq!(lexicon_info().entries, 7506);
        assert!(LICENSE.contains("MIT"));
    }
}
