//! Bias cues: how a source gets to its stance. Six cues per source and per (source,
//! topic), each with its value, its counts and the evidence (byte spans and rule ids) that
//! produced it: loaded language, hedging against certainty, one-sidedness, attribution,
//! whose voices are quoted, and omission. The word classes are rules of the bundled
//! `data/lexicons/bias.toml` (lexicon format); the formulas are in `docs/scoring.md`,
//! "Bias cues".
//!
//! ```
//! use stancelens::bias::{BiasCategory, BiasRules};
//! let rules = BiasRules::bundled()?;
//! let text = "The regime clearly lied, officials reportedly said.";
//! let cats: Vec<BiasCategory> = rules.find(text).iter().map(|h| h.category).collect();
//! assert_eq!(cats, [BiasCategory::Loaded, BiasCategory::Booster, BiasCategory::VagueSource,
//!                   BiasCategory::Hedge, BiasCategory::Report]);
//! # Ok::<(), stancelens::lexicon::LexiconError>(())
//! ```

use crate::claims::{
    self, Attribution, ClaimKey, ClaimMember, Framing, Marker, Qualifier, QualifierKind, Quantity,
    StanceMark,
};
use crate::corpus::{Source, Voice};
use crate::lexicon::{
    FoldView, Lexicon, LexiconError, LexiconMeta, Matcher, Problem, ProblemKind, Scratch,
};
use crate::reprints::{Signature, SignatureBuilder};
use crate::stance::{EvidenceSentence, SourceStance};
use crate::text::{Case, Token, TokenKind};
use crate::topics::{Role, Subject};
use crate::Span;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// Raw text of the bundled bias rules.
pub const BIAS_TOML: &str = include_str!("../../data/lexicons/bias.toml");

/// A source "covers" a topic with at least this many own-voice sentences that name it (an
/// anchor or an anchor entity of the topic; sentences on it by carry-over only do not count).
pub const COVER_MIN_SENTENCES: usize = 2;
/// A topic is omitted by a source that does not cover it when more than this share of its
/// peers cover it ("most": a strict majority).
pub const OMISSION_PEER_SHARE: f64 = 0.5;
/// Omission needs at least this many peers to compare with.
pub const OMISSION_MIN_PEERS: usize = 2;
/// How many tokens a named source may stand from the report verb it goes with.
pub const SOURCE_REACH_TOKENS: usize = 6;

/// The word class of a bias rule (its `category` in the rule file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BiasCategory {
    /// Loaded or emotive label.
    Loaded,
    /// Subjective intensifier.
    Intensifier,
    /// Hedge (epistemic modal, adverb or verb; weak assertive).
    Hedge,
    /// Booster.
    Booster,
    /// Factive or semi-factive verb.
    Factive,
    /// Strong assertive verb.
    Assertive,
    /// Neutral report verb, "according to".
    Report,
    /// Distancing report verb ("claimed", "alleged").
    Distancing,
    /// Unnamed source ("officials", "experts").
    VagueSource,
    /// Quantity qualifier.
    Qualifier(QualifierKind),
}

impl BiasCategory {
    /// The category name as written in the rule file.
    pub fn name(self) -> &'static str {
        match self {
            BiasCategory::Loaded => "loaded",
            BiasCategory::Intensifier => "intensifier",
            BiasCategory::Hedge => "hedge",
            BiasCategory::Booster => "booster",
            BiasCategory::Factive => "factive",
            BiasCategory::Assertive => "assertive",
            BiasCategory::Report => "report",
            BiasCategory::Distancing => "distancing",
            BiasCategory::VagueSource => "vague-source",
            BiasCategory::Qualifier(QualifierKind::Approximately) => "qualifier-approx",
            BiasCategory::Qualifier(QualifierKind::AtMost) => "qualifier-upper",
            BiasCategory::Qualifier(QualifierKind::AtLeast) => "qualifier-lower",
            BiasCategory::Qualifier(QualifierKind::JustUnder) => "qualifier-near",
            BiasCategory::Qualifier(QualifierKind::Exactly) => "qualifier-exact",
        }
    }

    fn parse(s: &str) -> Option<BiasCategory> {
        const ALL: [BiasCategory; 14] = [
            BiasCategory::Loaded,
            BiasCategory::Intensifier,
            BiasCategory::Hedge,
            BiasCategory::Booster,
            BiasCategory::Factive,
            BiasCategory::Assertive,
            BiasCategory::Report,
            BiasCategory::Distancing,
            BiasCategory::VagueSource,
            BiasCategory::Qualifier(QualifierKind::Approximately),
            BiasCategory::Qualifier(QualifierKind::AtMost),
            BiasCategory::Qualifier(QualifierKind::AtLeast),
            BiasCategory::Qualifier(QualifierKind::JustUnder),
            BiasCategory::Qualifier(QualifierKind::Exactly),
        ];
        ALL.into_iter().find(|c| c.name() == s)
    }

    /// A verb or phrase that attributes content to a speaker.
    fn attributes(self) -> bool {
        matches!(
            self,
            BiasCategory::Report
                | BiasCategory::Assertive
                | BiasCategory::Distancing
                | BiasCategory::Factive
        )
    }
}

/// One bias rule hit.
#[derive(Clone, Debug, PartialEq)]
pub struct BiasHit {
    /// Byte span of the matched words.
    pub span: Span,
    /// The rule's category.
    pub category: BiasCategory,
    /// The rule's id.
    pub rule_id: Arc<str>,
    /// Token range in the tokens searched.
    tokens: Range<usize>,
}

/// The bias rules compiled for matching: a lexicon whose rule categories are
/// [`BiasCategory`] names.
#[derive(Clone, Debug)]
pub struct BiasRules {
    matcher: Matcher,
    categories: Vec<BiasCategory>,
    ids: Vec<Arc<str>>,
}

impl BiasRules {
    /// The compiled rules.
    pub(crate) fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Compile `lexicon` (e.g. [`bundled_lexicon`] layered with a user file). Every rule's
    /// category must be a [`BiasCategory`] name; each that is not is a located problem.
    ///
    /// ```
    /// use stancelens::bias::BiasRules;
    /// use stancelens::lexicon::Lexicon;
    /// let lex = Lexicon::from_toml_str("[[rule]]\nid = \"x\"\npattern = \"spin\"\ncategory = \"spin\"\n", "b.toml")?;
    /// let err = BiasRules::new(lex).unwrap_err();
    /// assert!(err.problems[0].message.contains("spin"));
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn new(lexicon: Lexicon) -> Result<BiasRules, LexiconError> {
        let mut problems = Vec::new();
        let mut categories = Vec::with_capacity(lexicon.entries().len());
        for e in lexicon.entries() {
            match BiasCategory::parse(&e.category) {
                Some(c) => categories.push(c),
                None => {
                    categories.push(BiasCategory::Report);
                    problems.push(Problem {
                        location: e.origin.clone(),
                        rule_id: Some(e.id.clone()),
                        kind: ProblemKind::UnknownCategory,
                        message: format!(
                            "unknown bias category `{}` (expected loaded, intensifier, hedge, booster, factive, assertive, report, distancing, vague-source or qualifier-approx/upper/lower/near/exact)",
                            e.category
                        ),
                    });
                }
            }
        }
        if !problems.is_empty() {
            return Err(LexiconError { problems });
        }
        let ids = lexicon
            .entries()
            .iter()
            .map(|e| Arc::from(e.id.as_str()))
            .collect();
        Ok(BiasRules {
            matcher: Matcher::new(lexicon)?,
            categories,
            ids,
        })
    }

    /// The bundled rules (`data/lexicons/bias.toml`), parsed once per process.
    ///
    /// ```
    /// let r = stancelens::bias::BiasRules::bundled()?;
    /// assert_eq!(r.layers()[0].name, "bias");
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn bundled() -> Result<BiasRules, LexiconError> {
        bundled_rules().cloned()
    }

    /// Provenance of the rule layers.
    pub fn layers(&self) -> &[LexiconMeta] {
        self.matcher.lexicon().layers()
    }

    /// All hits in `text` (tokenized here), leftmost-longest.
    pub fn find(&self, text: &str) -> Vec<BiasHit> {
        let tokens = crate::text::tokenize(text);
        let mut out = Vec::new();
        self.find_in_tokens(
            text,
            &tokens,
            &mut Scratch::default(),
            &mut Vec::new(),
            &mut out,
        );
        out
    }

    /// Hits over `tokens` of `text`, appended to `out`. "May" before or after a number
    /// is the month, not the modal, and is skipped.
    pub(crate) fn find_in_tokens(
        &self,
        text: &str,
        tokens: &[Token],
        scratch: &mut Scratch,
        raw: &mut Vec<crate::lexicon::Hit>,
        out: &mut Vec<BiasHit>,
    ) {
        raw.clear();
        self.matcher.find_in_tokens(text, tokens, scratch, raw);
        self.push_hits(text, tokens, raw, out);
    }

    /// [`find_in_tokens`](Self::find_in_tokens) on tokens folded already (`folded` views
    /// exactly `tokens`).
    pub(crate) fn find_in_folded(
        &self,
        text: &str,
        tokens: &[Token],
        folded: FoldView<'_>,
        raw: &mut Vec<crate::lexicon::Hit>,
        out: &mut Vec<BiasHit>,
    ) {
        raw.clear();
        self.matcher.find_in_folded(text, tokens, folded, raw);
        self.push_hits(text, tokens, raw, out);
    }

    fn push_hits(
        &self,
        text: &str,
        tokens: &[Token],
        raw: &[crate::lexicon::Hit],
        out: &mut Vec<BiasHit>,
    ) {
        for h in raw.iter() {
            let r = h.rule.index();
            let (Some(&category), Some(id)) = (self.categories.get(r), self.ids.get(r)) else {
                continue;
            };
            let (a, b) = (h.token_range.start, h.token_range.end);
            if category == BiasCategory::Hedge && is_month_may(text, tokens, a) {
                continue;
            }
            out.push(BiasHit {
                span: h.span,
                category,
                rule_id: id.clone(),
                tokens: a..b,
            });
        }
    }
}

/// The bundled rules, compiled once per process and borrowed.
pub(crate) fn bundled_rules() -> Result<&'static BiasRules, LexiconError> {
    static CELL: OnceLock<Result<BiasRules, LexiconError>> = OnceLock::new();
    CELL.get_or_init(|| BiasRules::new(bundled_lexicon()?))
        .as_ref()
        .map_err(Clone::clone)
}

fn is_month_may(text: &str, tokens: &[Token], i: usize) -> bool {
    let is_num = |j: Option<usize>| {
        j.and_then(|j| tokens.get(j))
            .is_some_and(|t| t.kind == TokenKind::Number)
    };
    tokens[i].span.slice(text) == "May" && (is_num(i.checked_sub(1)) || is_num(Some(i + 1)))
}

/// The bundled bias rule file as a lexicon layer named `bias`.
///
/// ```
/// let l = stancelens::bias::bundled_lexicon()?;
/// assert!(l.get("hedge.may").is_some());
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn bundled_lexicon() -> Result<Lexicon, LexiconError> {
    Lexicon::from_toml_str(BIAS_TOML, "data/lexicons/bias.toml")
}

pub(crate) fn ser_arc<S: serde::Serializer>(v: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v)
}

/// A name from a fixed set (`&'static str`; an alias so that serde's derive does not take
/// it for a borrowed string).
pub type StaticName = &'static str;

pub(crate) fn de_arc<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    String::deserialize(d).map(Arc::from)
}

fn de_opt_arc<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Arc<str>>, D::Error> {
    Option::<String>::deserialize(d).map(|o| o.map(Arc::from))
}

/// The fixed names an evidence `kind` or a marker `category` can take (rule categories,
/// `pro`/`con`, attribution classes, roles), so that deserialised data keeps `&'static str`.
pub(crate) fn de_static_name<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<&'static str, D::Error> {
    const OTHER: [&str; 9] = [
        "pro",
        "con",
        "named",
        "vague",
        "bare",
        "ally",
        "adversary",
        "neutral",
        "unidentified",
    ];
    let s = String::deserialize(d)?;
    BiasCategory::parse(&s)
        .map(BiasCategory::name)
        .or_else(|| OTHER.into_iter().find(|o| *o == s))
        .ok_or_else(|| serde::de::Error::custom(format!("unknown evidence kind `{s}`")))
}

fn ser_opt_arc<S: serde::Serializer>(v: &Option<Arc<str>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) => s.serialize_str(x),
        None => s.serialize_none(),
    }
}

// ------------------------------------------------------------------------------------
// Output types

/// One piece of evidence of a cue: a word or a sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CueEvidence {
    /// The sentence (byte span in the source text).
    pub sentence: Span,
    /// The words (the sentence itself for sentence-level evidence).
    pub span: Span,
    /// What it is: a rule category (`loaded`, `hedge`, …), `pro`/`con` (one-sidedness),
    /// `named`/`vague`/`bare` (attribution), or a role (`ally`, `adversary`, `neutral`,
    /// `unidentified`: voices).
    #[serde(deserialize_with = "de_static_name")]
    pub kind: StaticName,
    /// The bias rule, for word evidence.
    #[serde(serialize_with = "ser_opt_arc", deserialize_with = "de_opt_arc")]
    pub rule_id: Option<Arc<str>>,
    /// The speaker entity, for voices.
    pub entity: Option<String>,
}

/// Loaded language: `value = 1000 × (loaded + intensifiers) / words` (own voice).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadedCue {
    /// Hits per 1,000 own-voice words; `None` without own-voice words.
    pub value: Option<f64>,
    /// Loaded or emotive labels.
    pub loaded: u32,
    /// Subjective intensifiers.
    pub intensifiers: u32,
    /// Own-voice words.
    pub words: u32,
    /// Every hit.
    pub evidence: Vec<CueEvidence>,
}

/// Hedging against certainty: `value = (C − H) / (C + H)` with `C` = boosters + factive +
/// assertive verbs and `H` = hedges (own voice); +1 all certainty, −1 all hedging.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HedgingCue {
    /// In [−1, 1]; `None` when there is neither.
    pub value: Option<f64>,
    /// Hedges.
    pub hedges: u32,
    /// Boosters.
    pub boosters: u32,
    /// Factive verbs.
    pub factive: u32,
    /// Assertive verbs.
    pub assertive: u32,
    /// Hedges per 1,000 own-voice words.
    pub hedges_per_1000: Option<f64>,
    /// Certainty markers (boosters + factive + assertive) per 1,000 own-voice words.
    pub certainty_per_1000: Option<f64>,
    /// Every hit.
    pub evidence: Vec<CueEvidence>,
}

/// One-sidedness: `p`, `n` = weighted counts of stance evidence sentences with a positive
/// and a negative sum; `lean = (p − n)/(p + n)`, `value = |lean|` (1: one side only).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OneSidedCue {
    /// In [0, 1]; `None` without stance evidence.
    pub value: Option<f64>,
    /// In [−1, 1]: which side the evidence leans to (toward the target, or the topic's
    /// positive direction).
    pub lean: Option<f64>,
    /// Weighted count of pro sentences.
    pub pro: f64,
    /// Weighted count of con sentences.
    pub con: f64,
    /// The evidence sentences, `pro` or `con`. Per topic this is empty: the evidence is the
    /// cell's (`Cell::evidence`), not repeated.
    pub evidence: Vec<CueEvidence>,
}

/// Attribution: own-voice claim-bearing sentences (with stance evidence or a quantity)
/// that name their source; `value = named / (named + vague + bare)`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AttributionCue {
    /// In [0, 1]; `None` without claim-bearing sentences.
    pub value: Option<f64>,
    /// Attributed to a named source.
    pub named: u32,
    /// Attributed to no one in particular.
    pub vague: u32,
    /// Bare assertions.
    pub bare: u32,
    /// One per claim-bearing sentence (`named`/`vague`/`bare`), with the cue word.
    pub evidence: Vec<CueEvidence>,
}

/// A quoted speaker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// Entity id.
    pub entity: String,
    /// Its role toward the target.
    pub role: Role,
    /// Quote sentences attributed to it.
    pub quotes: u32,
}

/// Whose voices are quoted: quote sentences by the role of their speaker;
/// `value = (ally − adversary) / (ally + adversary)`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VoicesCue {
    /// In [−1, 1]; `None` when no quote has a speaker with a role.
    pub value: Option<f64>,
    /// Quote sentences.
    pub quoted: u32,
    /// By allies of the target (or the target itself).
    pub ally: u32,
    /// By adversaries.
    pub adversary: u32,
    /// By neutral entities.
    pub neutral: u32,
    /// Speaker not an entity of the subject, or not found.
    pub unidentified: u32,
    /// Speakers, most quoted first (ties: subject order).
    pub speakers: Vec<Speaker>,
    /// One per quote sentence.
    pub evidence: Vec<CueEvidence>,
}

/// Whether a source covers a topic, against its peers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Omission {
    /// Topic id.
    pub topic: String,
    /// The source's own-voice sentences that name the topic (an anchor or an anchor entity;
    /// sentences on it by carry-over only are not counted).
    pub own_sentences: u32,
    /// Peers compared with.
    pub peers: u32,
    /// Peers that cover the topic.
    pub peers_covering: u32,
    /// Whether the topic is omitted.
    pub omitted: bool,
}

/// Omission: topics most peers cover and this source does not. Per source `value` is the
/// number of omitted topics; per topic 1 or 0.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OmissionCue {
    /// Count (per source) or 1/0 (per topic); `None` with fewer than
    /// [`OMISSION_MIN_PEERS`] peers.
    pub value: Option<f64>,
    /// The omitted topics with their counts (per topic: the topic's row when omitted).
    pub topics: Vec<Omission>,
}

/// The six cues.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BiasCues {
    /// Loaded or emotive language.
    pub loaded: LoadedCue,
    /// Hedging against certainty.
    pub hedging: HedgingCue,
    /// Balance of pro and con evidence.
    pub one_sided: OneSidedCue,
    /// Named sources against bare assertions.
    pub attribution: AttributionCue,
    /// Whose voices are quoted.
    pub voices: VoicesCue,
    /// Topics left out.
    pub omission: OmissionCue,
}

/// The cues of one source on one topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicBias {
    /// Topic id.
    pub topic: String,
    /// Over the source's sentences on the topic.
    pub cues: BiasCues,
}

/// The cues of one source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceBias {
    /// Source id.
    pub source: String,
    /// Over the whole source.
    pub cues: BiasCues,
    /// Topics the source has a sentence on, or omits; subject order.
    pub topics: Vec<TopicBias>,
}

// ------------------------------------------------------------------------------------
// Per-source scan

/// What the comparison keeps of one source after the scan.
#[derive(Debug)]
pub(crate) struct SourceScan {
    pub bias: SourceBias,
    /// Own-voice sentences that name each topic (carry-over only: not counted).
    pub own_on_topic: Vec<u32>,
    pub claims: Vec<ClaimCandidate>,
    pub signature: Signature,
}

/// A claim of one source, before alignment.
#[derive(Debug)]
pub(crate) struct ClaimCandidate {
    pub key: ClaimKey,
    pub quantity: Quantity,
    pub member: ClaimMember,
}

#[derive(Default)]
struct Acc {
    cues: BiasCues,
    any_sentence: bool,
}

/// Attribution of one sentence: class and cue word.
fn attribution_of(
    text: &str,
    tokens: &[Token],
    hits: &[BiasHit],
    mentions: &[crate::topics::Mention],
) -> (Attribution, Option<usize>) {
    let mut vague_cue = None;
    for (k, h) in hits.iter().enumerate() {
        if h.category.attributes() {
            let lo = h.tokens.start.saturating_sub(SOURCE_REACH_TOKENS);
            let hi = (h.tokens.end + SOURCE_REACH_TOKENS).min(tokens.len());
            let named = (lo..hi)
                .filter(|&j| !h.tokens.contains(&j))
                .any(|j| is_name(text, tokens, j, mentions, hits));
            if named {
                return (Attribution::Named, Some(k));
            }
            vague_cue.get_or_insert(k);
        } else if h.category == BiasCategory::VagueSource
            || (h.category == BiasCategory::Hedge
                && matches!(&*h.rule_id, "hedge.reportedly" | "hedge.believed-to"))
        {
            vague_cue.get_or_insert(k);
        }
    }
    match vague_cue {
        Some(k) => (Attribution::Vague, Some(k)),
        None => (Attribution::Bare, None),
    }
}

/// Whether token `j` names someone: part of an entity mention, or a capitalised word that
/// is not the sentence's first word (unless a capitalised word or a report verb follows it:
/// "Aliyev said", "Foreign Minister …"), and not a bias rule word.
fn is_name(
    text: &str,
    tokens: &[Token],
    j: usize,
    mentions: &[crate::topics::Mention],
    hits: &[BiasHit],
) -> bool {
    let t = tokens[j];
    if mentions.iter().any(|m| m.span.overlaps(t.span)) {
        return true;
    }
    let capital = |t: &Token| {
        t.kind == TokenKind::Word && matches!(t.case, Case::Title | Case::AllCaps | Case::Mixed)
    };
    if !capital(&t) || hits.iter().any(|h| h.tokens.contains(&j)) {
        return false;
    }
    if j > 0 {
        return true;
    }
    let next_capital = tokens.get(1).is_some_and(capital);
    let next_cue = hits
        .iter()
        .any(|h| h.tokens.start == 1 && h.category.attributes());
    let _ = text;
    next_capital || next_cue
}

fn per_1000(n: u32, words: u32) -> Option<f64> {
    (words > 0).then(|| 1000.0 * f64::from(n) / f64::from(words))
}

fn finish(c: &mut BiasCues) {
    // The output lives until the comparison is written: no spare capacity.
    c.loaded.evidence.shrink_to_fit();
    c.hedging.evidence.shrink_to_fit();
    c.one_sided.evidence.shrink_to_fit();
    c.attribution.evidence.shrink_to_fit();
    c.voices.evidence.shrink_to_fit();
    let l = &mut c.loaded;
    l.value = per_1000(l.loaded + l.intensifiers, l.words);
    let h = &mut c.hedging;
    let cert = h.boosters + h.factive + h.assertive;
    h.value = (cert + h.hedges > 0)
        .then(|| (f64::from(cert) - f64::from(h.hedges)) / f64::from(cert + h.hedges));
    h.hedges_per_1000 = per_1000(h.hedges, l.words);
    h.certainty_per_1000 = per_1000(cert, l.words);
    let a = &mut c.attribution;
    let n = a.named + a.vague + a.bare;
    a.value = (n > 0).then(|| f64::from(a.named) / f64::from(n));
    let v = &mut c.voices;
    v.value = (v.ally + v.adversary > 0)
        .then(|| (f64::from(v.ally) - f64::from(v.adversary)) / f64::from(v.ally + v.adversary));
    v.speakers.sort_by_key(|s| std::cmp::Reverse(s.quotes));
}

fn one_sided(ev: &[EvidenceSentence], keep_evidence: bool) -> OneSidedCue {
    let mut c = OneSidedCue::default();
    for e in ev {
        let kind = if e.sum > 0.0 {
            c.pro += e.weight;
            "pro"
        } else if e.sum < 0.0 {
            c.con += e.weight;
            "con"
        } else {
            continue;
        };
        if keep_evidence {
            c.evidence.push(CueEvidence {
                sentence: e.span,
                span: e.span,
                kind,
                rule_id: None,
                entity: None,
            });
        }
    }
    if c.pro + c.con > 0.0 {
        let lean = (c.pro - c.con) / (c.pro + c.con);
        c.lean = Some(lean);
        c.value = Some(lean.abs());
    }
    c
}

/// Per-sentence facts kept between the two passes of [`scan_source`].
struct SentenceFacts {
    hits: Range<usize>,
    /// For own-voice sentences with an attribution verb: the entity mentioned nearest it.
    attr: Option<Option<usize>>,
    /// Claim quantities (Body, Comment, Quote).
    quantities: Vec<Quantity>,
}

/// What a scan computes besides the bias cues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScanScope {
    /// Cues, claim candidates and the reprint signature (the comparison).
    Full,
    /// Cues only (per-source scores, which neither align claims nor group reprints): no
    /// claim candidates and an empty signature; the quantities are still found, because the
    /// attribution cue counts bare claims.
    CuesOnly,
}

/// Scan one analysed source: bias cues (omission is filled in later, against the peers),
/// and with [`ScanScope::Full`] claim candidates and the reprint signature. `tokens`/`ranges` are those of
/// [`crate::stance::StanceEngine`]'s analysis (one range per sentence of `stance`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn scan_source(
    scope: ScanScope,
    rules: Option<&BiasRules>,
    subject: &Subject,
    source: &Source,
    stance: &SourceStance,
    tokens: &[Token],
    ranges: &[Range<usize>],
    fold: &Scratch,
) -> SourceScan {
    let text = source.text.as_str();
    let nt = subject.topics.len();
    let mut raw = Vec::new();
    let mut hits: Vec<BiasHit> = Vec::new();
    let mut facts: Vec<SentenceFacts> = Vec::with_capacity(stance.sentences.len());
    let mut sig = SignatureBuilder::new();
    // Pass 1: rule hits and attribution verbs per sentence; the signature.
    for (s, r) in stance.sentences.iter().zip(ranges) {
        let toks = &tokens[r.clone()];
        let full = scope == ScanScope::Full;
        if full {
            sig.feed_folded(text, toks, fold.view().sub(r.clone()));
        }
        let h0 = hits.len();
        let qs = if s.voice == Voice::Heading {
            Vec::new()
        } else {
            claims::quantities(text, toks)
        };
        // Own-voice sentences need the rules for every cue; quotes only to frame a claim.
        let wanted = s.own_voice() || (s.voice == Voice::Quote && !qs.is_empty());
        if let (Some(rules), true) = (rules, wanted) {
            rules.find_in_folded(text, toks, fold.view().sub(r.clone()), &mut raw, &mut hits);
        }
        let own = &hits[h0..];
        let attr = own.iter().find(|h| h.category.attributes()).map(|h| {
            s.mentions
                .iter()
                .min_by_key(|m| m.span.start.abs_diff(h.span.start))
                .map(|m| m.entity)
        });
        facts.push(SentenceFacts {
            hits: h0..hits.len(),
            attr,
            quantities: qs,
        });
    }
    let mut all = Acc::default();
    let mut per_topic: Vec<Acc> = (0..nt).map(|_| Acc::default()).collect();
    let mut own_on_topic = vec![0u32; nt];
    let mut claims_out = Vec::new();
    let overall = &stance.overall.evidence;
    let mut ev_at = 0usize; // overall evidence is in sentence order
    for (i, (s, r)) in stance.sentences.iter().zip(ranges).enumerate() {
        if s.voice == Voice::Heading {
            continue;
        }
        let toks = &tokens[r.clone()];
        let sh = &hits[facts[i].hits.clone()];
        let on = |t: usize| s.topics.iter().any(|x| x.topic == t);
        for x in &s.topics {
            per_topic[x.topic].any_sentence = true;
        }
        while ev_at < overall.len() && overall[ev_at].span.start < s.span.start {
            ev_at += 1;
        }
        let evidence = overall
            .get(ev_at)
            .filter(|e| e.span == s.span)
            .map(|e| &e.contributions);
        let qs = std::mem::take(&mut facts[i].quantities);
        if s.own_voice() {
            let words = toks
                .iter()
                .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
                .count() as u32;
            // A sentence names the topic itself (an anchor or an anchor entity); carry-over
            // extends a topic for scoring, it is no sign the source speaks of it.
            for x in s.topics.iter().filter(|x| x.is_named()) {
                own_on_topic[x.topic] += 1;
            }
            let attribution = if evidence.is_some() || !qs.is_empty() {
                Some(attribution_of(text, toks, sh, &s.mentions))
            } else {
                None
            };
            for acc in std::iter::once(&mut all).chain(
                per_topic
                    .iter_mut()
                    .enumerate()
                    .filter(|&(t, _)| on(t))
                    .map(|(_, a)| a),
            ) {
                let c = &mut acc.cues;
                c.loaded.words += words;
                for h in sh {
                    let ev = || CueEvidence {
                        sentence: s.span,
                        span: h.span,
                        kind: h.category.name(),
                        rule_id: Some(h.rule_id.clone()),
                        entity: None,
                    };
                    match h.category {
                        BiasCategory::Loaded => {
                            c.loaded.loaded += 1;
                            c.loaded.evidence.push(ev());
                        }
                        BiasCategory::Intensifier => {
                            c.loaded.intensifiers += 1;
                            c.loaded.evidence.push(ev());
                        }
                        BiasCategory::Hedge => {
                            c.hedging.hedges += 1;
                            c.hedging.evidence.push(ev());
                        }
                        BiasCategory::Booster => {
                            c.hedging.boosters += 1;
                            c.hedging.evidence.push(ev());
                        }
                        BiasCategory::Factive => {
                            c.hedging.factive += 1;
                            c.hedging.evidence.push(ev());
                        }
                        BiasCategory::Assertive => {
                            c.hedging.assertive += 1;
                            c.hedging.evidence.push(ev());
                        }
                        _ => {}
                    }
                }
                if let Some((a, cue)) = attribution {
                    let (kind, count) = match a {
                        Attribution::Named => ("named", &mut c.attribution.named),
                        Attribution::Vague => ("vague", &mut c.attribution.vague),
                        _ => ("bare", &mut c.attribution.bare),
                    };
                    *count += 1;
                    let cue = cue.map(|k| &sh[k]);
                    c.attribution.evidence.push(CueEvidence {
                        sentence: s.span,
                        span: cue.map_or(s.span, |h| h.span),
                        kind,
                        rule_id: cue.map(|h| h.rule_id.clone()),
                        entity: None,
                    });
                }
            }
        } else if s.voice == Voice::Quote {
            let speaker = quote_speaker(&stance.sentences, &facts, i);
            let role = speaker.map(|e| subject.entities[e].role);
            for acc in std::iter::once(&mut all).chain(
                per_topic
                    .iter_mut()
                    .enumerate()
                    .filter(|&(t, _)| on(t))
                    .map(|(_, a)| a),
            ) {
                let v = &mut acc.cues.voices;
                v.quoted += 1;
                let kind = match role {
                    Some(Role::Ally) => {
                        v.ally += 1;
                        "ally"
                    }
                    Some(Role::Adversary) => {
                        v.adversary += 1;
                        "adversary"
                    }
                    Some(Role::Neutral) => {
                        v.neutral += 1;
                        "neutral"
                    }
                    None => {
                        v.unidentified += 1;
                        "unidentified"
                    }
                };
                if let Some(e) = speaker {
                    let ent = &subject.entities[e];
                    match v.speakers.iter_mut().find(|x| x.entity == ent.id) {
                        Some(x) => x.quotes += 1,
                        None => v.speakers.push(Speaker {
                            entity: ent.id.clone(),
                            role: ent.role,
                            quotes: 1,
                        }),
                    }
                }
                v.evidence.push(CueEvidence {
                    sentence: s.span,
                    span: s.span,
                    kind,
                    rule_id: None,
                    entity: speaker.map(|e| subject.entities[e].id.clone()),
                });
            }
        }
        // Claims: every quantity of a Body, Comment or Quote sentence.
        if !qs.is_empty() && scope == ScanScope::Full {
            let attribution = if s.voice == Voice::Quote {
                Attribution::Quoted
            } else {
                attribution_of(text, toks, sh, &s.mentions).0
            };
            let skip: Vec<Span> = sh.iter().map(|h| h.span).collect();
            let ents: Vec<Span> = s.mentions.iter().map(|m| m.span).collect();
            let stance_marks: Vec<StanceMark> = evidence
                .map(|cs| {
                    cs.iter()
                        .map(|c| StanceMark {
                            rule_id: c.rule_id.clone(),
                            span: c.span,
                            value: c.value,
                        })
                        .collect()
                })
                .unwrap_or_default();
            let stance_sum = stance_marks.iter().fold(0.0, |a, m| a + m.value);
            for q in qs {
                let qualifier = sh.iter().find_map(|h| match h.category {
                    BiasCategory::Qualifier(kind) if h.tokens.end == q.first_token => {
                        Some(Qualifier {
                            kind,
                            marker: marker(h),
                        })
                    }
                    _ => None,
                });
                claims_out.push(ClaimCandidate {
                    key: ClaimKey::new(text, toks, &q, &ents, &skip),
                    quantity: q,
                    member: ClaimMember {
                        source: source.meta.id.clone(),
                        sentence: s.span,
                        quantity_span: q.span,
                        voice: s.voice,
                        reprint_of: None,
                        framing: Framing {
                            qualifier,
                            hedges: sh
                                .iter()
                                .filter(|h| {
                                    matches!(
                                        h.category,
                                        BiasCategory::Hedge | BiasCategory::Booster
                                    )
                                })
                                .map(marker)
                                .collect(),
                            attribution,
                            attribution_markers: sh
                                .iter()
                                .filter(|h| {
                                    h.category.attributes()
                                        || h.category == BiasCategory::VagueSource
                                })
                                .map(marker)
                                .collect(),
                            stance: stance_marks.clone(),
                            stance_sum,
                        },
                    },
                });
            }
        }
    }
    all.cues.one_sided = one_sided(overall, true);
    finish(&mut all.cues);
    let mut topics = Vec::new();
    for (t, mut acc) in per_topic.into_iter().enumerate() {
        if !acc.any_sentence {
            continue;
        }
        if let Some(ts) = stance.topics.get(t) {
            // The evidence sentences are the cell's own (`cells[].evidence`): not repeated.
            acc.cues.one_sided = one_sided(&ts.stance.evidence, false);
        }
        finish(&mut acc.cues);
        topics.push(TopicBias {
            topic: subject.topics[t].id.clone(),
            cues: acc.cues,
        });
    }
    SourceScan {
        bias: SourceBias {
            source: source.meta.id.clone(),
            cues: all.cues,
            topics,
        },
        own_on_topic,
        claims: claims_out,
        signature: sig.finish(),
    }
}

fn marker(h: &BiasHit) -> Marker {
    Marker {
        span: h.span,
        rule_id: h.rule_id.clone(),
        category: h.category.name(),
    }
}

/// The speaker of quote sentence `i`: the nearest own-voice sentence of the same paragraph
/// before it (else after it) that has an attribution verb gives the entity mentioned nearest
/// that verb; `None` when there is no such sentence or it mentions no entity.
fn quote_speaker(
    sentences: &[crate::topics::TopicSentence],
    facts: &[SentenceFacts],
    i: usize,
) -> Option<usize> {
    let para = sentences[i].paragraph;
    let intro = |j: usize| {
        let s = &sentences[j];
        (s.paragraph == para && s.own_voice()).then_some(facts[j].attr)
    };
    // The introducing clause: the nearest own-voice sentence before, within the paragraph.
    for j in (0..i).rev() {
        if sentences[j].paragraph != para {
            break;
        }
        if let Some(attr) = intro(j) {
            if let Some(e) = attr {
                return e;
            }
            break;
        }
    }
    for (j, s) in sentences.iter().enumerate().skip(i + 1) {
        if s.paragraph != para {
            break;
        }
        if let Some(attr) = intro(j) {
            return attr.flatten();
        }
    }
    None
}

/// Fill in the omission cue of every source against its peers, in linear time (per-class
/// totals minus the source's own share). `own[i][t]` is source `i`'s own-voice sentence count
/// on topic `t`; `peer_class[i]` groups the sources compared with each other (comments with
/// comments, other sources together). With `reprint_first`, a reprint counts once: only the
/// first member of a reprint group is a peer, and never a peer of its own reprints.
pub(crate) fn fill_omission(
    bias: &mut [SourceBias],
    own: &[Vec<u32>],
    peer_class: &[bool],
    reprint_first: Option<&[Option<usize>]>,
    subject: &Subject,
) {
    let nt = subject.topics.len();
    let n = bias.len();
    let counted = |j: usize| reprint_first.map_or(true, |r| r[j].map_or(true, |f| f == j));
    let covers =
        |j: usize, t: usize| own[j].get(t).copied().unwrap_or(0) as usize >= COVER_MIN_SENTENCES;
    // Totals per class (index 0: not comments, 1: comments).
    let mut peers_total = [0usize; 2];
    let mut covering_total = [vec![0usize; nt], vec![0usize; nt]];
    for j in (0..n).filter(|&j| counted(j)) {
        let c = usize::from(peer_class[j]);
        peers_total[c] += 1;
        for (t, total) in covering_total[c].iter_mut().enumerate() {
            *total += usize::from(covers(j, t));
        }
    }
    for i in 0..n {
        let c = usize::from(peer_class[i]);
        // Sources that are not peers of i but are in the totals: i itself, and the first
        // member of i's reprint group.
        let mut not_peers: Vec<usize> = Vec::with_capacity(2);
        if counted(i) {
            not_peers.push(i);
        }
        if let Some(f) = reprint_first.and_then(|r| r[i]) {
            if f != i && counted(f) && peer_class[f] == peer_class[i] {
                not_peers.push(f);
            }
        }
        let peers = peers_total[c] - not_peers.len();
        let enough = peers >= OMISSION_MIN_PEERS;
        let mut omitted_rows = Vec::new();
        for (t, topic) in subject.topics.iter().enumerate() {
            let own_n = own[i].get(t).copied().unwrap_or(0);
            let covering =
                covering_total[c][t] - not_peers.iter().filter(|&&j| covers(j, t)).count();
            let omitted = enough
                && (own_n as usize) < COVER_MIN_SENTENCES
                && covering as f64 > OMISSION_PEER_SHARE * peers as f64;
            let row = || Omission {
                topic: topic.id.clone(),
                own_sentences: own_n,
                peers: peers as u32,
                peers_covering: covering as u32,
                omitted,
            };
            let entry = bias[i].topics.iter().position(|tb| tb.topic == topic.id);
            match entry {
                Some(k) => {
                    bias[i].topics[k].cues.omission = OmissionCue {
                        value: enough.then_some(if omitted { 1.0 } else { 0.0 }),
                        topics: if omitted { vec![row()] } else { Vec::new() },
                    };
                }
                None if omitted => {
                    let at = bias[i]
                        .topics
                        .iter()
                        .position(|tb| subject.topic_index(&tb.topic).is_some_and(|x| x > t))
                        .unwrap_or(bias[i].topics.len());
                    bias[i].topics.insert(
                        at,
                        TopicBias {
                            topic: topic.id.clone(),
                            cues: BiasCues {
                                omission: OmissionCue {
                                    value: Some(1.0),
                                    topics: vec![row()],
                                },
                                ..BiasCues::default()
                            },
                        },
                    );
                }
                None => {}
            }
            if omitted {
                omitted_rows.push(row());
            }
        }
        bias[i].cues.omission = OmissionCue {
            value: enough.then_some(omitted_rows.len() as f64),
            topics: omitted_rows,
        };
    }
}
