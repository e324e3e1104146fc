//! Valence scoring: pos/neg/neu/compound with explanations, and a VADER-exact mode.
//!
//! This module holds the default stancelens mode, [`ValenceScorer`]: lexicon hits from a
//! compiled [`Lexicon`] stack, modifiers from rules in the same format, and an
//! [`Explanation`] that reproduces every number exactly. The formulas are in
//! `docs/scoring.md`.
//!
//! ```
//! use stancelens::valence::ValenceScorer;
//! let scorer = ValenceScorer::bundled()?;
//! let v = scorer.score("The talks were not good.");
//! assert!(v.compound < 0.0);
//! let hit = v.explanation.hits().next().expect("one hit");
//! assert_eq!(hit.rule_id, "vader:good");
//! assert_eq!(hit.modifiers[0].rule_id.as_deref(), Some("neg.not"));
//! # Ok::<(), stancelens::lexicon::LexiconError>(())
//! ```

pub mod vader;
pub use vader::VaderScores;

use crate::lexicon::{
    bundled, FoldView, Hit, Lexicon, LexiconError, Matcher, ModifierKind, RuleId, Scratch, Settings,
};
use crate::text::{is_clause_break, sentences, tokenize, Case, Token, TokenKind};
use crate::Span;
use serde::{Deserialize, Serialize};

/// The category a term rule needs to count as valence.
pub const VALENCE_CATEGORY: &str = "valence";

/// How a modifier changes a value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// `value = value + x`
    Add(f64),
    /// `value = value * x`
    Scale(f64),
}

impl Op {
    /// Apply to `v`.
    ///
    /// ```
    /// use stancelens::valence::Op;
    /// assert_eq!(Op::Scale(-0.74).apply(Op::Add(0.293).apply(1.9)), (1.9 + 0.293) * -0.74);
    /// ```
    #[inline]
    pub fn apply(self, v: f64) -> f64 {
        match self {
            Op::Add(x) => v + x,
            Op::Scale(x) => v * x,
        }
    }
}

/// What kind of modifier fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// The hit is in ALL CAPS in a text that mixes case.
    Caps,
    /// A booster before the hit.
    Booster,
    /// A dampener before the hit.
    Dampener,
    /// A negation before the hit.
    Negation,
    /// A negation barrier between a negation and the hit: the negation is (partly) held back.
    NegationBarrier,
    /// A denying predicate after the hit in its clause ("… is exaggerated").
    Denial,
    /// A concession marker (own clause or main clause).
    Concession,
    /// A contrast marker (before or after it).
    Contrast,
    /// A hedge in the sentence.
    Hedge,
    /// Reported speech: an attribution cue in the sentence.
    Attribution,
    /// Reported speech: inside quotation marks.
    Quote,
    /// A verb of help or regard between two parties ("Iran *supports* Hezbollah"): the
    /// credit goes to the subject, signed by the object's role (stance only; the span is
    /// the object's mention).
    Relation,
}

/// One modifier applied to a hit, in application order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppliedModifier {
    /// What fired.
    pub effect: Effect,
    /// The modifier rule, when a rule fired (not for caps or quotes).
    pub rule_id: Option<String>,
    /// The text that triggered it (modifier words, or the quotation).
    pub span: Option<Span>,
    /// The operation applied.
    pub op: Op,
}

/// Why a hit counts as reported speech.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reported {
    /// The attribution cue or the quotation.
    pub cue: Span,
    /// The speaker, when cheaply found next to an attribution cue.
    pub speaker: Option<Span>,
}

/// One valence hit and how it became its contribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExplainedHit {
    /// Index of the rule in the scorer's matcher.
    pub rule: RuleId,
    /// The rule's string id.
    pub rule_id: String,
    /// The matched text.
    pub text: String,
    /// Byte span of the matched text.
    pub span: Span,
    /// Index of the sentence in [`Explanation::sentences`].
    pub sentence: usize,
    /// The rule's weight.
    pub base: f64,
    /// Modifiers in application order.
    pub modifiers: Vec<AppliedModifier>,
    /// Set when the hit is reported speech.
    pub reported: Option<Reported>,
    /// `base` with every modifier applied in order.
    pub contribution: f64,
}

/// The `!`/`?` emphasis of one sentence, added in the direction of its hit sum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PunctuationEmphasis {
    /// Index of the sentence.
    pub sentence: usize,
    /// Number of `!` in the sentence.
    pub exclamations: usize,
    /// Number of `?` in the sentence.
    pub questions: usize,
    /// Signed amount added to the raw sum.
    pub contribution: f64,
}

/// One term of the raw sum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Contribution {
    /// A valence hit.
    Hit(ExplainedHit),
    /// Punctuation emphasis of a sentence.
    Punctuation(PunctuationEmphasis),
}

impl Contribution {
    /// The signed amount this term adds to the raw sum.
    pub fn value(&self) -> f64 {
        match self {
            Contribution::Hit(h) => h.contribution,
            Contribution::Punctuation(p) => p.contribution,
        }
    }
}

/// The normalisation step, with every quantity it uses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Normalisation {
    /// Sum of the contributions, in order, starting from 0.0.
    pub raw_sum: f64,
    /// Number of sentences (the length-aware divisor, at least 1 when there is text).
    pub sentences: usize,
    /// `raw_sum / sentences`.
    pub mean: f64,
    /// Constant of `compound = mean / sqrt(mean² + alpha)`.
    pub alpha: f64,
    /// Word, number and symbol tokens covered by no valence hit.
    pub neutral_tokens: usize,
    /// Σ(c + 1) over positive hit contributions c, plus positive punctuation.
    pub pos_sum: f64,
    /// Σ(1 − c) over negative hit contributions c, minus negative punctuation.
    pub neg_sum: f64,
    /// Hits whose contribution is exactly 0.
    pub zero_hits: usize,
    /// `pos_sum + neg_sum + (zero_hits + neutral_tokens)`.
    pub total: f64,
}

/// Everything needed to reproduce a [`Valence`] by hand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// Sentence spans, in order.
    pub sentences: Vec<Span>,
    /// The terms of the raw sum, in summation order.
    pub contributions: Vec<Contribution>,
    /// The normalisation.
    pub normalisation: Normalisation,
}

impl Explanation {
    /// The hits among the contributions.
    pub fn hits(&self) -> impl Iterator<Item = &ExplainedHit> {
        self.contributions.iter().filter_map(|c| match c {
            Contribution::Hit(h) => Some(h),
            Contribution::Punctuation(_) => None,
        })
    }
}

/// Valence of a text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Valence {
    /// Share of positive weight.
    pub pos: f64,
    /// Share of negative weight.
    pub neg: f64,
    /// Share of neutral tokens.
    pub neu: f64,
    /// Normalised score in [-1, 1].
    pub compound: f64,
    /// How the numbers were reached.
    pub explanation: Explanation,
}

/// Whether a scored hit carries its rule's id and its words as strings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HitTexts {
    Kept,
    /// Empty strings, for callers that take them from `rule` and `span` when they keep a
    /// hit (two allocations per hit spared).
    Empty,
}

/// Explainable valence scorer (the default stancelens mode).
#[derive(Clone, Debug)]
pub struct ValenceScorer {
    matcher: Matcher,
    settings: Settings,
    /// Per rule of `matcher`, what scoring reads of it at every hit: a small array in
    /// cache, where the entries (7,500 of VADER's, each with its strings) are not.
    rules: Box<[RuleInfo]>,
}

/// What [`ValenceScorer`] reads of a rule at every hit.
#[derive(Clone, Copy, Debug)]
struct RuleInfo {
    weight: f64,
    modifier: Option<ModifierKind>,
    /// A term rule of the valence category.
    valence: bool,
}

/// The work vectors of [`ValenceScorer::score_tokens`], kept per thread between calls
/// (one call per scored sentence): allocated once, not six times per sentence.
#[derive(Default)]
struct ValenceWork {
    /// Word position of each token.
    wordpos: Vec<usize>,
    /// Tokens covered by a valence hit.
    covered: Vec<bool>,
    /// Clause index of each token of the current sentence.
    clause: Vec<usize>,
    hits: Vec<Hit>,
    mods: Vec<ModHit>,
    /// The valence (not modifier) hits of the current sentence.
    vals: Vec<Hit>,
}

impl crate::reuse::Held for ValenceWork {
    fn bytes(&self) -> usize {
        self.wordpos.bytes()
            + self.clause.bytes()
            + self.covered.bytes()
            + self.hits.bytes()
            + self.vals.bytes()
            + self.mods.bytes()
    }
}

thread_local! {
    static VALENCE_WORK: std::cell::RefCell<ValenceWork> = std::cell::RefCell::default();
}

/// The most bytes of work vectors a thread keeps (those of a longer text are dropped).
const VALENCE_WORK_MAX_BYTES: usize = 1 << 20;

/// A modifier hit in a sentence, with its precomputed token positions.
#[derive(Clone, Copy, Debug)]
struct ModHit {
    kind: ModifierKind,
    rule: RuleId,
    span: Span,
    /// First and last token (absolute indices).
    first: usize,
    last: usize,
}

impl ValenceScorer {
    /// A scorer over a lexicon stack (e.g. `[vader, idioms, politics, modifiers, user...]`). Term
    /// rules of category `valence` give hits; rules from modifiers files modify them;
    /// rules of other categories are left out of the scorer's matcher.
    ///
    /// ```
    /// use stancelens::lexicon::{bundled, Lexicon};
    /// use stancelens::valence::ValenceScorer;
    /// let user = Lexicon::from_toml_str("[[rule]]\nid = \"mine:calm\"\npattern = \"de-escalation\"\nweight = 1.5\ncategory = \"valence\"\n", "user.toml")?;
    /// let scorer = ValenceScorer::new(Lexicon::layered([bundled::valence_stack()?, user])?)?;
    /// assert!(scorer.score("A de-escalation.").compound > 0.0);
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn new(lexicon_stack: Lexicon) -> Result<Self, LexiconError> {
        let settings = lexicon_stack.settings();
        // Only valence and modifier rules: a topic phrase must not shadow a valence word.
        let lexicon =
            lexicon_stack.retained(|e| e.modifier.is_some() || e.category == VALENCE_CATEGORY);
        let matcher = Matcher::new(lexicon)?;
        let rules = matcher
            .lexicon()
            .entries()
            .iter()
            .map(|e| RuleInfo {
                weight: e.weight,
                modifier: e.modifier,
                valence: e.modifier.is_none() && e.category == VALENCE_CATEGORY,
            })
            .collect();
        Ok(ValenceScorer {
            matcher,
            settings,
            rules,
        })
    }

    /// What scoring reads of `rule` (nothing, weight 0, for a rule not in the matcher:
    /// never, hits come from it).
    #[inline]
    fn rule(&self, rule: RuleId) -> RuleInfo {
        self.rules.get(rule.index()).copied().unwrap_or(RuleInfo {
            weight: 0.0,
            modifier: None,
            valence: false,
        })
    }

    /// A scorer over the bundled stack [`bundled::valence_stack`].
    ///
    /// ```
    /// let s = stancelens::valence::ValenceScorer::bundled()?;
    /// assert!(s.score("A great success!").compound > 0.5);
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn bundled() -> Result<Self, LexiconError> {
        Self::new(bundled::valence_stack()?)
    }

    /// The compiled matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The resolved settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Score a sentence or a whole text.
    ///
    /// ```
    /// let s = stancelens::valence::ValenceScorer::bundled()?;
    /// let v = s.score("");
    /// assert_eq!((v.pos, v.neg, v.neu, v.compound), (0.0, 0.0, 0.0, 0.0));
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn score(&self, text: &str) -> Valence {
        self.score_tokens(text, &tokenize(text))
    }

    /// [`score`](Self::score) with the tokens of `text` already at hand (they must be
    /// `tokenize(text)`, e.g. tokens of a sentence shifted to start at 0): callers that
    /// tokenized the text already need not do it again.
    ///
    /// ```
    /// use stancelens::text::tokenize;
    /// let s = stancelens::valence::ValenceScorer::bundled()?;
    /// let t = "A great success!";
    /// assert_eq!(s.score_tokens(t, &tokenize(t)), s.score(t));
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn score_tokens(&self, text: &str, tokens: &[Token]) -> Valence {
        self.score_with(text, tokens, None, HitTexts::Kept)
    }

    /// [`score_tokens`](Self::score_tokens) of one sentence the segmenter produced, with
    /// its tokens already folded (`folded` views exactly `tokens`, shifted to `text`). The
    /// sentence is not segmented again: a segmenter sentence segments into itself
    /// (property test `a_sentence_is_one_sentence`), so the result is the same, but for
    /// each hit's `rule_id` and `text`, left empty: stance scoring keeps few of the hits
    /// and takes both from the hit's `rule` and `span` for those it keeps.
    pub(crate) fn score_sentence_folded(
        &self,
        text: &str,
        tokens: &[Token],
        folded: FoldView<'_>,
    ) -> Valence {
        self.score_with(text, tokens, Some(folded), HitTexts::Empty)
    }

    /// With `folded`, `text` is one segmenter sentence (see `score_sentence_folded`).
    fn score_with(
        &self,
        text: &str,
        tokens: &[Token],
        folded: Option<FoldView<'_>>,
        texts: HitTexts,
    ) -> Valence {
        let st = &self.settings;
        let whole;
        let segmented;
        let sents: &[Span] = match folded {
            Some(_) if !text.is_empty() => {
                whole = [Span::new(0, text.len())];
                &whole
            }
            _ => {
                segmented = sentences(text);
                &segmented
            }
        };
        let counted = |t: &Token| {
            matches!(
                t.kind,
                TokenKind::Word | TokenKind::Number | TokenKind::Symbol
            )
        };
        // This thread's work vectors (their capacity kept from call to call), emptied.
        let ValenceWork {
            mut wordpos,
            mut covered,
            mut clause,
            mut hits,
            mut mods,
            mut vals,
        } = crate::reuse::take(&VALENCE_WORK);
        // Word position of each token (punctuation does not count in windows), and the
        // words and the words in capitals, in one pass.
        wordpos.clear();
        wordpos.reserve(tokens.len());
        let (mut n, mut words, mut caps) = (0usize, 0usize, 0usize);
        for t in tokens {
            if counted(t) {
                n += 1;
            }
            if t.kind == TokenKind::Word {
                words += 1;
                caps += usize::from(t.case == Case::AllCaps);
            }
            wordpos.push(n);
        }
        let cap_diff = caps > 0 && caps < words;
        let quotes = quote_regions(text, sents);
        let mut scratch = Scratch::default();
        // Sized per sentence below, by its valence hits: grown push by push they reallocated
        // several times; a fixed size allocated for the many sentences without any.
        let mut contributions = Vec::new();
        covered.clear();
        covered.resize(tokens.len(), false);
        let mut scored_sentences = Vec::with_capacity(sents.len());
        let mut tok_i = 0usize;
        for s in sents {
            while tok_i < tokens.len() && tokens[tok_i].span.start < s.start {
                tok_i += 1;
            }
            let a = tok_i;
            while tok_i < tokens.len() && tokens[tok_i].span.end <= s.end {
                tok_i += 1;
            }
            let b = tok_i;
            if a == b {
                continue;
            }
            let si = scored_sentences.len();
            scored_sentences.push(*s);
            let toks = &tokens[a..b];
            hits.clear();
            match folded {
                Some(f) => self
                    .matcher
                    .find_in_folded(text, toks, f.sub(a..b), &mut hits),
                None => self
                    .matcher
                    .find_in_tokens(text, toks, &mut scratch, &mut hits),
            }
            // Clause index of each token of the sentence.
            clause.clear();
            let mut c = 0usize;
            for k in 0..toks.len() {
                clause.push(c);
                if is_clause_break(text, toks, k) {
                    c += 1;
                }
            }
            mods.clear();
            vals.clear();
            for h in &hits {
                let e = self.rule(h.rule);
                let mut h = *h;
                h.token_range.start += a;
                h.token_range.end += a;
                if let Some(kind) = e.modifier {
                    mods.push(ModHit {
                        kind,
                        rule: h.rule,
                        span: h.span,
                        first: h.token_range.start,
                        last: h.token_range.end - 1,
                    });
                } else if e.valence {
                    vals.push(h);
                }
            }
            let clause_of = |k: usize| clause[k - a];
            let clause_start = |k: usize| k == a || is_clause_break(text, tokens, k - 1);
            // The first qualifying contrast marker of the sentence.
            let contrast = mods.iter().find(|m| {
                m.kind == ModifierKind::Contrast
                    && (self.kind_param(m, "clause_initial") < 0.5
                        || clause_start(m.first)
                        || (m.first > a
                            && tokens[m.first - 1]
                                .span
                                .slice(text)
                                .eq_ignore_ascii_case("and")))
            });
            // The writer's own "I say", "we would argue" is no reported speech.
            let attribution = mods.iter().find(|m| {
                m.kind == ModifierKind::Attribution && !after_first_person(text, tokens, a, m.first)
            });
            let mut sentence_sum = 0.0f64;
            if !vals.is_empty() {
                // One per hit, and one for the punctuation's emphasis.
                contributions.reserve(vals.len() + 1);
            }
            for (k, h) in vals.iter().enumerate() {
                // A degree adjective before a noun of the other sign sizes that noun ("the
                // greatest *danger*", "a huge *liability*"): a booster of it, no valence.
                if self.intensifies_next(text, &vals, k) {
                    continue;
                }
                let t0 = h.token_range.start;
                let mut v = self.rule(h.rule).weight;
                let mut applied = Vec::new();
                let mut push =
                    |effect, m: Option<&ModHit>, span: Option<Span>, op: Op, v: &mut f64| {
                        *v = op.apply(*v);
                        applied.push(AppliedModifier {
                            effect,
                            rule_id: m.map(|m| self.matcher.entry(m.rule).id.clone()),
                            span: m.map(|m| m.span).or(span),
                            op,
                        });
                    };
                let hit_caps = cap_diff
                    && tokens[h.token_range.start..h.token_range.end]
                        .iter()
                        .any(|t| t.kind == TokenKind::Word && t.case == Case::AllCaps);
                if hit_caps && v != 0.0 {
                    let x = if v > 0.0 {
                        st.caps_increment
                    } else {
                        -st.caps_increment
                    };
                    push(Effect::Caps, None, Some(h.span), Op::Add(x), &mut v);
                }
                if let Some(degree) = k
                    .checked_sub(1)
                    .filter(|&p| self.intensifies_next(text, &vals, p))
                    .and_then(|p| vals.get(p))
                {
                    let x = if v < 0.0 { -DEGREE_BOOST } else { DEGREE_BOOST };
                    push(Effect::Booster, None, Some(degree.span), Op::Add(x), &mut v);
                }
                // Boosters and dampeners, nearest first.
                for m in mods.iter().rev() {
                    if !matches!(m.kind, ModifierKind::Booster | ModifierKind::Dampener)
                        || m.last >= t0
                        || v == 0.0
                    {
                        continue;
                    }
                    let d = wordpos[t0] - wordpos[m.last];
                    if clause_of(m.last) != clause_of(t0)
                        || d == 0
                        || d as f64 > self.kind_param(m, "window")
                    {
                        continue;
                    }
                    let me = self.matcher.entry(m.rule);
                    let mut mag = me.weight;
                    if cap_diff
                        && tokens[m.first..=m.last]
                            .iter()
                            .any(|t| t.case == Case::AllCaps)
                    {
                        mag += if me.weight >= 0.0 {
                            st.caps_increment
                        } else {
                            -st.caps_increment
                        };
                    }
                    let scaled = mag * (1.0 - st.booster_decay * (d - 1) as f64);
                    let x = if v < 0.0 { -scaled } else { scaled };
                    let effect = if m.kind == ModifierKind::Booster {
                        Effect::Booster
                    } else {
                        Effect::Dampener
                    };
                    push(effect, Some(m), None, Op::Add(x), &mut v);
                }
                // Negations, nearest first.
                let mut distanced = false;
                for m in mods.iter().rev() {
                    if m.kind != ModifierKind::Negation || m.last >= t0 {
                        continue;
                    }
                    // "no better friend than Baku", "no more than a pretext": a superlative
                    // or "merely", not a negation of what follows.
                    if superlative_no(text, tokens, m, b, &clause_of) {
                        continue;
                    }
                    let d = (wordpos[t0] - wordpos[m.last]).saturating_sub(predicate_articles(
                        text,
                        tokens,
                        m.last + 1,
                        t0,
                    ));
                    if clause_of(m.last) != clause_of(t0)
                        || d == 0
                        || d as f64 > self.kind_param(m, "window")
                    {
                        continue;
                    }
                    // "neither free *nor* fair": the second half of a correlative pair
                    // negates what follows it, and ends the first half's scope there.
                    let closed = mods.iter().any(|c| {
                        c.kind == ModifierKind::Negation
                            && c.first > m.last
                            && c.last < t0
                            && self.kind_param(c, "correlative") >= 0.5
                    });
                    if closed {
                        continue;
                    }
                    let f = self.rule(m.rule).weight;
                    // A barrier between the negation and the hit ("not mention the X")
                    // lets only its share of the negation through; both are recorded.
                    let barrier = mods.iter().find(|b| {
                        b.kind == ModifierKind::NegationBarrier && b.first > m.last && b.last < t0
                    });
                    if let Some(b) = barrier {
                        let pass = self.rule(b.rule).weight;
                        push(
                            Effect::NegationBarrier,
                            Some(b),
                            None,
                            Op::Scale(1.0),
                            &mut v,
                        );
                        if pass > 0.0 {
                            let f = 1.0 + (f - 1.0) * pass;
                            push(Effect::Negation, Some(m), None, Op::Scale(f), &mut v);
                        }
                        continue;
                    }
                    distanced |= self.kind_param(m, "distancing") >= 0.5;
                    push(Effect::Negation, Some(m), None, Op::Scale(f), &mut v);
                }
                // Denials after the hit in its clause, nearest first; one is enough ("is
                // exaggerated and overblown" denies once), and none after a distancing
                // label ("the so-called threat is exaggerated" doubts it once, not twice).
                let t_last = h.token_range.end - 1;
                let denial = mods.iter().find(|m| {
                    !distanced
                        && m.kind == ModifierKind::Denial
                        && m.first > t_last
                        && clause_of(m.first) == clause_of(t_last)
                        && (wordpos[m.first] - wordpos[t_last]) as f64
                            <= self.kind_param(m, "window")
                });
                if let Some(m) = denial {
                    let f = self.rule(m.rule).weight;
                    push(Effect::Denial, Some(m), None, Op::Scale(f), &mut v);
                }
                for m in mods.iter().filter(|m| {
                    m.kind == ModifierKind::Concession
                        && (self.kind_param(m, "clause_initial") < 0.5 || clause_start(m.first))
                }) {
                    let own = t0 > m.last && clause_of(t0) == clause_of(m.last);
                    let f = if own {
                        self.rule(m.rule).weight
                    } else {
                        self.kind_param(m, "main")
                    };
                    push(Effect::Concession, Some(m), None, Op::Scale(f), &mut v);
                }
                if let Some(m) = contrast {
                    let f = if t0 < m.first {
                        self.kind_param(m, "before")
                    } else {
                        self.rule(m.rule).weight
                    };
                    push(Effect::Contrast, Some(m), None, Op::Scale(f), &mut v);
                }
                for m in mods.iter().filter(|m| m.kind == ModifierKind::Hedge) {
                    // A distancing adverb right before a positive word disputes it: "the
                    // supposedly peaceful drills" says they are not peaceful. Before a verb
                    // or a negative word it only hedges ("supposedly attacked").
                    // The cheap tests first: the parameter is a map lookup.
                    let disputes = m.last < t0
                        && wordpos[t0] - wordpos[m.last] == 1
                        && self.rule(h.rule).weight > 0.0
                        && clause_of(m.last) == clause_of(t0)
                        && self.kind_param(m, "distancing") >= 0.5;
                    if disputes {
                        let f = self.kind_param(m, "distancing_weight");
                        push(Effect::Negation, Some(m), None, Op::Scale(f), &mut v);
                    } else {
                        let f = self.rule(m.rule).weight;
                        push(Effect::Hedge, Some(m), None, Op::Scale(f), &mut v);
                    }
                }
                let mut reported = None;
                let speaker = attribution.and_then(|m| self.speaker(tokens, a, b, m));
                if let Some(q) = containing(&quotes, h.span) {
                    push(
                        Effect::Quote,
                        None,
                        Some(q),
                        Op::Scale(st.quote_factor),
                        &mut v,
                    );
                    reported = Some(Reported { cue: q, speaker });
                } else if let Some(m) = attribution {
                    let f = self.rule(m.rule).weight;
                    push(Effect::Attribution, Some(m), None, Op::Scale(f), &mut v);
                    reported = Some(Reported {
                        cue: m.span,
                        speaker,
                    });
                }
                for c in &mut covered[h.token_range.start..h.token_range.end] {
                    *c = true;
                }
                sentence_sum += v;
                let (rule_id, hit_text) = match texts {
                    HitTexts::Kept => (
                        self.matcher.entry(h.rule).id.clone(),
                        h.span.slice(text).to_owned(),
                    ),
                    HitTexts::Empty => (String::new(), String::new()),
                };
                contributions.push(Contribution::Hit(ExplainedHit {
                    rule: h.rule,
                    rule_id,
                    text: hit_text,
                    span: h.span,
                    sentence: si,
                    base: self.rule(h.rule).weight,
                    modifiers: applied,
                    reported,
                    contribution: v,
                }));
            }
            // Punctuation emphasis, in the direction of the sentence's hits.
            let body = s.slice(text);
            // ASCII bytes never occur inside a multi-byte character: counting bytes is
            // counting characters.
            let exclamations = memchr::memchr_iter(b'!', body.as_bytes()).count();
            let questions = memchr::memchr_iter(b'?', body.as_bytes()).count();
            let ep = (exclamations as f64).min(st.exclamation_cap) * st.exclamation_increment;
            let qm = match questions {
                0 | 1 => 0.0,
                2 | 3 => questions as f64 * st.question_increment,
                _ => st.question_max,
            };
            let amount = ep + qm;
            if amount != 0.0 && sentence_sum != 0.0 {
                contributions.push(Contribution::Punctuation(PunctuationEmphasis {
                    sentence: si,
                    exclamations,
                    questions,
                    contribution: if sentence_sum > 0.0 { amount } else { -amount },
                }));
            }
        }
        let neutral_tokens = tokens
            .iter()
            .zip(&covered)
            .filter(|(t, c)| counted(t) && !**c)
            .count();
        let work = ValenceWork {
            wordpos,
            covered,
            clause,
            hits,
            mods,
            vals,
        };
        crate::reuse::keep(&VALENCE_WORK, work, VALENCE_WORK_MAX_BYTES);
        finish(scored_sentences, contributions, neutral_tokens, st.alpha)
    }

    /// Whether valence hit `k` of a sentence (`vals`, in text order) is a degree adjective
    /// ([`DEGREE_ADJECTIVES`]) of positive weight right before a hit of negative weight.
    fn intensifies_next(&self, text: &str, vals: &[Hit], k: usize) -> bool {
        let (Some(h), Some(next)) = (vals.get(k), vals.get(k + 1)) else {
            return false;
        };
        next.token_range.start == h.token_range.end
            && self.rule(h.rule).weight > 0.0
            && self.rule(next.rule).weight < 0.0
            && DEGREE_ADJECTIVES
                .iter()
                .any(|w| h.span.slice(text).eq_ignore_ascii_case(w))
    }

    fn kind_param(&self, m: &ModHit, name: &str) -> f64 {
        m.kind.param(&self.matcher.entry(m.rule).params, name)
    }

    /// The speaker next to an attribution cue: up to 5 words after it for cues like
    /// "according to", else up to 3 words before it (or after it when it opens the
    /// sentence), stopping at punctuation.
    fn speaker(&self, tokens: &[Token], a: usize, b: usize, m: &ModHit) -> Option<Span> {
        let is_word = |k: usize| tokens[k].kind == TokenKind::Word;
        let after = |max: usize| {
            let mut end = None;
            let mut k = m.last + 1;
            while k < b && is_word(k) && k <= m.last + max {
                end = Some(k);
                k += 1;
            }
            end.map(|e| Span::new(tokens[m.last + 1].span.start, tokens[e].span.end))
        };
        if self.kind_param(m, "speaker_after") >= 0.5 {
            return after(5);
        }
        let mut start = None;
        let mut k = m.first;
        while k > a && is_word(k - 1) && m.first - (k - 1) <= 3 {
            k -= 1;
            start = Some(k);
        }
        match start {
            Some(s) => Some(Span::new(
                tokens[s].span.start,
                tokens[m.first - 1].span.end,
            )),
            None => after(3),
        }
    }
}

/// Normalise: the formulas of `docs/scoring.md`, in the order the explanation lists them.
fn finish(
    sentences: Vec<Span>,
    contributions: Vec<Contribution>,
    neutral_tokens: usize,
    alpha: f64,
) -> Valence {
    let mut raw_sum = 0.0f64;
    let mut pos_sum = 0.0f64;
    let mut neg_sum = 0.0f64;
    let mut zero_hits = 0usize;
    for c in &contributions {
        let x = c.value();
        raw_sum += x;
        match c {
            Contribution::Hit(_) if x > 0.0 => pos_sum += x + 1.0,
            Contribution::Hit(_) if x < 0.0 => neg_sum += 1.0 - x,
            Contribution::Hit(_) => zero_hits += 1,
            Contribution::Punctuation(_) if x > 0.0 => pos_sum += x,
            Contribution::Punctuation(_) => neg_sum -= x,
        }
    }
    let n = sentences.len();
    let mean = if n == 0 { 0.0 } else { raw_sum / n as f64 };
    let compound = (mean / (mean * mean + alpha).sqrt()).clamp(-1.0, 1.0);
    let total = pos_sum + neg_sum + (zero_hits + neutral_tokens) as f64;
    let (pos, neg, neu) = if total > 0.0 {
        (
            pos_sum / total,
            neg_sum / total,
            (zero_hits + neutral_tokens) as f64 / total,
        )
    } else {
        (0.0, 0.0, 0.0)
    };
    Valence {
        pos,
        neg,
        neu,
        compound,
        explanation: Explanation {
            sentences,
            contributions,
            normalisation: Normalisation {
                raw_sum,
                sentences: n,
                mean,
                alpha,
                neutral_tokens,
                pos_sum,
                neg_sum,
                zero_hits,
                total,
            },
        },
    }
}

/// Spans of quoted text: “…” pairs, and "…" pairs (straight quotes alternate). A quote
/// left open ends with its sentence.
fn quote_regions(text: &str, sents: &[Span]) -> Vec<Span> {
    // Most sentences quote nothing: two quick searches instead of a scan of every byte.
    let b = text.as_bytes();
    if memchr::memchr(b'"', b).is_none() && memchr::memmem::find(b, "\u{201C}".as_bytes()).is_none()
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut straight_open: Option<usize> = None;
    // By bytes: “ and ” are E2 80 9C and E2 80 9D, and 0xE2 only ever starts a character.
    for (i, &byte) in b.iter().enumerate() {
        match byte {
            b'"' => match straight_open.take() {
                Some(s) => out.push(Span::new(s, i)),
                None => straight_open = Some(i + 1),
            },
            0xE2 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2) {
                Some(0x9C) => open = Some(i + 3),
                Some(0x9D) => {
                    if let Some(s) = open.take() {
                        out.push(Span::new(s, i));
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    close_and_merge(out, [open, straight_open], sents)
}

/// `closed` quote regions with those still `open` (ending with their sentence), merged
/// into sorted disjoint spans so that lookups can binary-search.
fn close_and_merge(mut closed: Vec<Span>, open: [Option<usize>; 2], sents: &[Span]) -> Vec<Span> {
    for s in open.into_iter().flatten() {
        let end = sents
            .iter()
            .find(|x| x.start <= s && s <= x.end)
            .map_or(s, |x| x.end);
        closed.push(Span::new(s, end));
    }
    closed.sort_unstable();
    let mut merged: Vec<Span> = Vec::with_capacity(closed.len());
    for q in closed {
        match merged.last_mut() {
            Some(last) if q.start <= last.end => last.end = last.end.max(q.end),
            _ => merged.push(q),
        }
    }
    merged
}

/// The quote region (sorted, disjoint) that contains `span`.
fn containing(quotes: &[Span], span: Span) -> Option<Span> {
    let i = quotes.partition_point(|q| q.start <= span.start);
    let q = *quotes.get(i.checked_sub(1)?)?;
    q.contains(span).then_some(q)
}

/// Whether the token at `k` follows a first-person subject in the sentence starting at
/// token `a`: "I", "we" or their contractions, with at most one auxiliary between ("I
/// would say", "I'd argue", "we have argued").
fn after_first_person(text: &str, tokens: &[Token], a: usize, k: usize) -> bool {
    let word = |j: usize| tokens[j].span.slice(text);
    // "I", "we", and their contractions ("I'd", "we've").
    let first_person = |w: &str| {
        let head = w.split(['\'', '’']).next().unwrap_or(w);
        head == "I" || head.eq_ignore_ascii_case("we")
    };
    if k > a && first_person(word(k - 1)) {
        return true;
    }
    k > a + 1
        && first_person(word(k - 2))
        && [
            "would", "have", "must", "should", "can", "will", "do", "did",
        ]
        .iter()
        .any(|x| word(k - 1).eq_ignore_ascii_case(x))
}

/// Adjectives of degree that VADER scores as praise ("great" 3.1, "greatest" 3.2, "huge"
/// 1.3): before a noun of negative valence they size it ("the greatest threat"), like a
/// booster.
const DEGREE_ADJECTIVES: [&str; 7] = [
    "great", "greater", "greatest", "huge", "top", "perfect", "true",
];

/// What a degree adjective adds to the magnitude of the noun it sizes: VADER's booster
/// scalar.
const DEGREE_BOOST: f64 = 0.293;

/// Whether negation `m` is "no" (or "none", "nothing", "nobody") right before a
/// comparative that "than" follows in its clause, within the sentence's tokens (`..end`):
/// "no better friend than Azerbaijan" is the best friend, "no more than a pretext" merely a
/// pretext. Not "less": "no less dangerous" is two negations and stays dangerous.
fn superlative_no(
    text: &str,
    tokens: &[Token],
    m: &ModHit,
    end: usize,
    clause_of: &dyn Fn(usize) -> usize,
) -> bool {
    let neg = m.span.slice(text);
    if !["no", "none", "nothing", "nobody"]
        .iter()
        .any(|w| neg.eq_ignore_ascii_case(w))
    {
        return false;
    }
    let c = m.last + 1;
    let Some(comp) = tokens.get(c).map(|t| t.span.slice(text)) else {
        return false;
    };
    let comparative = ["better", "more", "greater"]
        .iter()
        .any(|w| comp.eq_ignore_ascii_case(w))
        || (comp.len() > 5 && comp.ends_with("er"));
    comparative
        && (c + 1..end)
            .take_while(|&k| clause_of(k) == clause_of(c))
            .any(|k| tokens[k].span.slice(text).eq_ignore_ascii_case("than"))
}

/// The articles of a predicate noun between a negation and a hit (tokens `from..to`): they
/// take no room in the negation's reach, so "has not been a loyal *friend*" negates the
/// noun as "is not loyal" does the adjective. Only when nothing but forms of "be" stand
/// before them: after a verb the noun phrase is its object, whose own words the negation
/// of the verb does not deny ("will not tolerate an Israeli *foothold*").
fn predicate_articles(text: &str, tokens: &[Token], from: usize, to: usize) -> usize {
    let mut articles = 0;
    for t in tokens.get(from..to).unwrap_or_default() {
        let w = t.span.slice(text);
        let is = |list: &[&str]| list.iter().any(|x| w.eq_ignore_ascii_case(x));
        if is(&["a", "an", "the"]) {
            articles += 1;
        } else if articles > 0 {
            break; // past the article: the noun phrase itself
        } else if !is(&["be", "been", "being", "is", "are", "was", "were"]) {
            return 0;
        }
    }
    articles
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// "nor" negates what follows it and ends the scope of "neither" before it; a plain
    /// double negation still applies twice.
    #[test]
    fn correlative_nor_ends_the_first_negation() {
        let scorer = ValenceScorer::bundled().unwrap_or_else(|e| panic!("{e}"));
        let negations = |text: &str, word: &str| {
            let v = scorer.score(text);
            let hit = v
                .explanation
                .hits()
                .find(|h| h.span.slice(text) == word)
                .unwrap_or_else(|| panic!("no hit {word} in {text}"));
            hit.modifiers
                .iter()
                .filter(|m| m.effect == Effect::Negation)
                .count()
        };
        let pair = "The vote was neither free nor fair.";
        assert_eq!((negations(pair, "free"), negations(pair, "fair")), (1, 1));
        assert_eq!(negations("It is not without merit.", "merit"), 2);
    }

    /// The thread's kept work vectors carry nothing from one text to the next: a text
    /// scored after others gives what a fresh thread gives.
    #[test]
    fn work_vectors_carry_nothing_over() {
        let scorer = ValenceScorer::bundled().unwrap_or_else(|e| panic!("{e}"));
        // The long text's first tokens are hits where the short text's are neutral words.
        let long =
            "Great great great great great great great great, NOT a very good deal! ".repeat(30);
        let short = "The talks went on and on and on. Terrible, though.";
        let after_others = {
            scorer.score(&long);
            scorer.score(short);
            scorer.score(&long);
            scorer.score(short)
        };
        let fresh = std::thread::scope(|s| s.spawn(|| scorer.score(short)).join())
            .unwrap_or_else(|_| panic!("the fresh thread failed"));
        assert_eq!(after_others, fresh);
        assert!(fresh.compound != 0.0);
    }

    /// [`quote_regions`]'s scan as it was, character by character (the regions left open
    /// and the merge are shared): the reference.
    fn quote_regions_by_chars(text: &str, sents: &[Span]) -> Vec<Span> {
        let mut out = Vec::new();
        let (mut open, mut straight_open) = (None, None);
        for (i, c) in text.char_indices() {
            match c {
                '\u{201C}' => open = Some(i + c.len_utf8()),
                '\u{201D}' => {
                    if let Some(s) = open.take() {
                        out.push(Span::new(s, i));
                    }
                }
                '"' => match straight_open.take() {
                    Some(s) => out.push(Span::new(s, i)),
                    None => straight_open = Some(i + 1),
                },
                _ => {}
            }
        }
        close_and_merge(out, [open, straight_open], sents)
    }

    proptest! {
        /// Quote regions read by bytes are those read by characters, whatever the mix of
        /// curly and straight quotes, other characters with lead byte 0xE2 (dashes, ‘ ’,
        /// bidi marks) and sentence ends.
        #[test]
        fn quote_regions_by_bytes_are_by_chars(
            parts in prop::collection::vec(prop::sample::select(vec![
                "a", "Baku said ", "\u{201C}", "\u{201D}", "\"", "\u{2018}", "\u{2019}",
                "\u{2014}", "\u{2013}", "\u{202E}", "\u{20AC}", ". ", "é", "\n",
            ]), 0..40),
        ) {
            let text: String = parts.concat();
            let sents = crate::text::sentences(&text);
            prop_assert_eq!(quote_regions(&text, &sents), quote_regions_by_chars(&text, &sents));
        }
    }
}
