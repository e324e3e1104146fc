//! The explained (slower) path: same code as the fast path, with a recording sink.

use super::pystr::{py_isupper, py_lower_into};
use super::score::{Normalisation, Sink, Tok};
use super::{Rule, VaderScores};
use crate::Span;
use serde::Serialize;

/// A rule applied to one token's sentiment, with the value before and after it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct AppliedRule {
    /// Which rule.
    pub rule: Rule,
    /// Sentiment of the token before the rule.
    pub before: f64,
    /// Sentiment of the token after the rule.
    pub after: f64,
}

/// One token of VADER's `words_and_emoticons` and how its sentiment came about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExplainedToken {
    /// The token as VADER sees it (after emoji replacement and punctuation stripping).
    pub text: String,
    /// Its lowercase form, used for every lookup.
    pub lower: String,
    /// Byte span in the ORIGINAL text (an emoji's description maps to the emoji).
    pub span: Span,
    /// Whether the token is ALL CAPS (Python `str.isupper`).
    pub all_caps: bool,
    /// Final sentiment of the token (after the "but" rule); sums to [`Explanation::raw_sum`].
    pub sentiment: f64,
    /// Rules in the order they were applied.
    pub rules: Vec<AppliedRule>,
}

/// One step of `score_valence`, with its resulting value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NormalisationStep {
    /// Short name of the quantity.
    pub name: &'static str,
    /// How it was computed.
    pub detail: String,
    /// Its value.
    pub value: f64,
}

/// Everything behind one VADER score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// The text VADER scored: emoji replaced by descriptions, outer whitespace stripped.
    pub processed_text: String,
    /// Tokens in order.
    pub tokens: Vec<ExplainedToken>,
    /// Whether some but not all tokens are ALL CAPS (enables the caps rules).
    pub cap_differential: bool,
    /// Index of the first "but" token, if any.
    pub but_index: Option<usize>,
    /// Sum of the token sentiments, in token order (Python `sum`).
    pub raw_sum: f64,
    /// The normalisation steps from the raw sum to the scores.
    pub normalisation: Vec<NormalisationStep>,
    /// The final scores, identical to [`super::polarity_scores`].
    pub scores: VaderScores,
}

/// Records into an [`Explanation`].
#[derive(Debug)]
pub(crate) struct Recorder {
    /// Original byte span for each byte of the processed (unstripped) text.
    map: Vec<(usize, usize)>,
    pub(crate) ex: Explanation,
}

impl Recorder {
    /// Builds the byte map by replaying the emoji replacement (same logic as the fast path).
    pub(crate) fn new(original: &str) -> Self {
        let t = super::lexicon::tables();
        let mut map = Vec::with_capacity(original.len());
        let mut prev_space = true;
        for (pos, c) in original.char_indices() {
            let span = (pos, pos + c.len_utf8());
            if !c.is_ascii() {
                if let Some(desc) = t.emoji.get(&c) {
                    let extra = usize::from(!prev_space);
                    map.extend(std::iter::repeat(span).take(extra + desc.len()));
                    prev_space = false;
                    continue;
                }
            }
            map.extend(std::iter::repeat(span).take(c.len_utf8()));
            prev_space = c == ' ';
        }
        Recorder {
            map,
            ex: Explanation {
                processed_text: String::new(),
                tokens: Vec::new(),
                cap_differential: false,
                but_index: None,
                raw_sum: 0.0,
                normalisation: Vec::new(),
                scores: VaderScores::default(),
            },
        }
    }
}

impl Sink for Recorder {
    const ACTIVE: bool = true;

    fn processed(&mut self, text: &str, offset: usize, toks: &[Tok]) {
        self.ex.processed_text = text.to_string();
        let caps = toks.iter().filter(|t| t.upper).count();
        self.ex.cap_differential = 0 < toks.len() - caps && toks.len() - caps < toks.len();
        for (k, tok) in toks.iter().enumerate() {
            let word = text.get(tok.start..tok.end).unwrap_or("");
            let mut lower = String::new();
            py_lower_into(word, &mut lower);
            if self.ex.but_index.is_none() && lower == "but" {
                self.ex.but_index = Some(k);
            }
            let a = self.map.get(offset + tok.start).map_or(0, |m| m.0);
            let z = if tok.end > tok.start {
                self.map.get(offset + tok.end - 1).map_or(a, |m| m.1)
            } else {
                a
            };
            self.ex.tokens.push(ExplainedToken {
                text: word.to_string(),
                lower,
                span: Span::new(a, z),
                all_caps: py_isupper(word),
                sentiment: 0.0,
                rules: Vec::new(),
            });
        }
    }

    fn rule(&mut self, token: usize, rule: Rule, before: f64, after: f64) {
        if let Some(t) = self.ex.tokens.get_mut(token) {
            t.rules.push(AppliedRule {
                rule,
                before,
                after,
            });
        }
    }

    fn finish(&mut self, sentiments: &[f64], n: &Normalisation) {
        for (t, &s) in self.ex.tokens.iter_mut().zip(sentiments) {
            t.sentiment = s;
        }
        self.ex.raw_sum = n.sum;
        let step = |name: &'static str, detail: String, value: f64| NormalisationStep {
            name,
            detail,
            value,
        };
        self.ex.normalisation = vec![
            step("sum", "sum of token sentiments, in order".into(), n.sum),
            step(
                "punctuation_amplifier",
                format!(
                    "min({}, 4) '!' x 0.292 + ({} '?': x 0.18 if 2..=3, 0.96 if more, else 0)",
                    n.exclamations, n.questions
                ),
                n.amplifier,
            ),
            step(
                "amplified_sum",
                "sum moved away from zero by the amplifier (unchanged if sum == 0)".into(),
                n.amplified_sum,
            ),
            step(
                "compound_unrounded",
                "x / sqrt(x*x + 15), clamped to [-1, 1]".into(),
                n.compound,
            ),
            step("pos_sum", "sum of (s + 1) over s > 0".into(), n.pos_sum),
            step("neg_sum", "sum of (s - 1) over s < 0".into(), n.neg_sum),
            step("neu_count", "number of s == 0".into(), n.neu_count as f64),
            step(
                "pos_sum_amplified",
                "amplifier added to pos_sum if pos_sum > |neg_sum|".into(),
                n.pos_sum_amplified,
            ),
            step(
                "neg_sum_amplified",
                "amplifier subtracted from neg_sum if pos_sum < |neg_sum|".into(),
                n.neg_sum_amplified,
            ),
            step("total", "pos_sum + |neg_sum| + neu_count".into(), n.total),
            step("pos_unrounded", "|pos_sum / total|".into(), n.pos),
            step("neg_unrounded", "|neg_sum / total|".into(), n.neg),
            step("neu_unrounded", "|neu_count / total|".into(), n.neu),
            step(
                "rounding",
                "Python round(x, 3) for pos/neg/neu, round(x, 4) for compound".into(),
                0.0,
            ),
        ];
    }
}
