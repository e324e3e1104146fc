//! Target-aware stance: per (source, topic) and overall, every score decomposable into
//! its evidence. Formulas: `docs/scoring.md`, section "Stance".
//!
//! ```
//! use stancelens::corpus::{Source, SourceMeta};
//! use stancelens::stance::StanceEngine;
//! use stancelens::topics::Subject;
//! let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
//! let src = Source::new(SourceMeta { id: "x".into(), ..Default::default() },
//!     "Iran threatens Azerbaijan. Tehran is hostile and dangerous. Iran lies.".into());
//! let s = engine.analyse(&src);
//! assert!(s.overall.score.unwrap_or(0.0) > 0.0);
//! # Ok::<(), stancelens::lexicon::LexiconError>(())
//! ```

mod explain;
pub use explain::{
    ExplainedMention, ExplainedSentence, ExplainedSentenceTopic, ExplainedTopic, Explanation,
    UncountedWhy, UncountedWord, UnscoredSpan,
};

use crate::corpus::voices::TextTokens;
use crate::corpus::{Source, Voice};
use crate::lexicon::{bundled, Hit, Lexicon, LexiconError, LexiconMeta, Matcher, Scratch, Vocab};
use crate::text::{self, Token, TokenKind};
use crate::topics::{coverage, Mention, Subject, TopicSentence};
use crate::valence::{AppliedModifier, Effect, ExplainedHit, Op, Reported, ValenceScorer};
use crate::Span;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The squash constant: `score = m / sqrt(m² + STANCE_ALPHA)`.
pub const STANCE_ALPHA: f64 = 4.0;

/// A stance label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub enum StanceLabel {
    /// Positive score (toward the topic's `positive` direction, or the target).
    #[serde(rename = "favour")]
    Favour,
    /// Negative score.
    #[serde(rename = "against")]
    Against,
    /// Both sides, the minority with at least `mixed_share` of |evidence|.
    #[serde(rename = "mixed")]
    Mixed,
    /// |score| below `neutral_band`.
    #[serde(rename = "neutral")]
    Neutral,
    /// Weighted evidence count below `min_evidence`.
    #[serde(rename = "insufficient evidence")]
    InsufficientEvidence,
    /// No sentence on the topic.
    #[serde(rename = "not covered")]
    NotCovered,
}

/// What produced a contribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContributionKind {
    /// A topic stance cue.
    Cue,
    /// Valence aimed at an entity, mapped through its role.
    EntityValence,
}

/// One signed piece of evidence: a cue hit or a valence hit aimed at an entity.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Contribution {
    /// Cue or entity valence.
    pub kind: ContributionKind,
    /// Rule id (cue id or valence rule id).
    pub rule_id: String,
    /// The matched text.
    pub text: String,
    /// Byte span in the source text.
    pub span: Span,
    /// The rule's weight.
    pub base: f64,
    /// Modifiers applied to the hit (negation, hedge, contrast, quote, …).
    pub modifiers: Vec<AppliedModifier>,
    /// The hit's value after modifiers (its valence-pipeline contribution).
    pub modified: f64,
    /// For entity valence: the entity id it is aimed at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Role sign (+1/−1) for entity valence, 1 for cues.
    pub role_sign: f64,
    /// Direction sign: 1 in a topic cell (for entity valence: the topic's `target_sign`),
    /// the topic's `target_sign` for cues in the overall score.
    pub direction: f64,
    /// Reported speech, when the hit is quoted or attributed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported: Option<Reported>,
    /// `modified * role_sign * direction`.
    pub value: f64,
}

/// A sentence with its contributions.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct EvidenceSentence {
    /// Byte span in the source text.
    pub span: Span,
    /// The sentence text.
    pub text: String,
    /// Its voice.
    pub voice: Voice,
    /// 1 for own voice, `reported_speech_weight` for quotes.
    pub weight: f64,
    /// Contributions, in text order (cues first, then entity valence).
    pub contributions: Vec<Contribution>,
    /// Left-to-right sum of the contributions' values.
    pub sum: f64,
}

/// A score with its label, evidence count, confidence and evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StanceScore {
    /// In [−1, 1]; `None` when not covered or without any evidence.
    pub score: Option<f64>,
    /// Label.
    pub label: StanceLabel,
    /// Σ weight × number of contributions, over evidence sentences.
    pub evidence_count: f64,
    /// In [0, 1]: `(1 − exp(−n / max(min_evidence, 1))) × agreement`.
    pub confidence: f64,
    /// The evidence sentences (those with at least one contribution).
    pub evidence: Vec<EvidenceSentence>,
}

/// Stance of one source on one topic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicStance {
    /// Topic index.
    pub topic: usize,
    /// Share of own-voice sentences on the topic.
    pub coverage: f64,
    /// On-topic scorable sentences (the passages).
    pub passages: Vec<Span>,
    /// The score.
    pub stance: StanceScore,
}

/// The analysis of one source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceStance {
    /// Source id.
    pub source: String,
    /// Sentences with topics.
    pub sentences: Vec<TopicSentence>,
    /// One per topic, in subject order.
    pub topics: Vec<TopicStance>,
    /// Overall stance toward the target.
    pub overall: StanceScore,
}

/// The result of [`target_stance`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetStance {
    /// `squash(Σ values)`; `None` when no hit is aimed at the span.
    pub score: Option<f64>,
    /// Favour/against/neutral/mixed, or not covered when there is no evidence.
    pub label: StanceLabel,
    /// The valence hits aimed at the span.
    pub evidence: Vec<Contribution>,
}

/// A bad span given to [`target_stance`].
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TargetError {
    /// Span outside the text, empty, reversed, or not on char boundaries.
    #[error("span {start}..{end} is not a non-empty span on char boundaries of a {len}-byte text")]
    BadSpan {
        /// Start.
        start: usize,
        /// End.
        end: usize,
        /// Text length.
        len: usize,
    },
    /// The bundled valence lexicon failed to load.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
}

/// The engine: a subject, a valence scorer and a cue scorer sharing the modifier rules.
#[derive(Clone, Debug)]
pub struct StanceEngine {
    subject: Subject,
    valence: ValenceScorer,
    cues: ValenceScorer,
    /// Per rule of `cues` (by index): the topic of a cue rule, and its actor's role when it
    /// is an actor cue; `None` for the modifier rules. Read at every cue hit (a hash of its
    /// id per hit before).
    cue_rules: Vec<Option<(usize, Option<crate::topics::Role>)>>,
    aim_filter: Matcher,
    layers: Vec<LexiconMeta>,
    vocabs: VocabCache,
}

/// The [`Vocab`]s of an engine's matchers, each with one other matcher or none (the bias
/// rules of a run), built on first use: building one reads every key of every lexicon.
#[derive(Debug, Default)]
struct VocabCache(std::sync::RwLock<Vec<(Option<u64>, Arc<Vocab>)>>);

impl Clone for VocabCache {
    /// A clone starts empty: it rebuilds on use (the matchers are the same).
    fn clone(&self) -> Self {
        VocabCache::default()
    }
}

/// `m / sqrt(m² + STANCE_ALPHA)`.
pub fn squash(m: f64) -> f64 {
    (m / (m * m + STANCE_ALPHA).sqrt()).clamp(-1.0, 1.0)
}

/// Aggregate evidence sentences into a score, exactly as documented:
/// `M = Σ wᵢ·sumᵢ`, `W = Σ wᵢ` (left to right), `score = squash(M / W)`.
///
/// ```
/// use stancelens::stance::{aggregate, StanceLabel};
/// use stancelens::topics::SubjectSettings;
/// let s = aggregate(Vec::new(), true, &SubjectSettings::default());
/// assert_eq!((s.score, s.label), (None, StanceLabel::InsufficientEvidence));
/// ```
pub fn aggregate(
    evidence: Vec<EvidenceSentence>,
    covered: bool,
    st: &crate::topics::SubjectSettings,
) -> StanceScore {
    if !covered {
        return StanceScore {
            score: None,
            label: StanceLabel::NotCovered,
            evidence_count: 0.0,
            confidence: 0.0,
            evidence,
        };
    }
    let (mut m, mut w, mut n, mut pos, mut neg) = (0.0f64, 0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for e in &evidence {
        m += e.weight * e.sum;
        w += e.weight;
        n += e.weight * e.contributions.len() as f64;
        if e.sum > 0.0 {
            pos += e.weight * e.sum;
        } else {
            neg -= e.weight * e.sum;
        }
    }
    let score = (w > 0.0).then(|| squash(m / w));
    let agreement = if pos + neg > 0.0 {
        (pos - neg).abs() / (pos + neg)
    } else {
        0.0
    };
    let confidence = ((1.0 - (-n / st.min_evidence.max(1.0)).exp()) * agreement).clamp(0.0, 1.0);
    let label = match score {
        None => StanceLabel::InsufficientEvidence,
        Some(_) if n < st.min_evidence => StanceLabel::InsufficientEvidence,
        Some(_) if pos + neg > 0.0 && pos.min(neg) / (pos + neg) >= st.mixed_share => {
            StanceLabel::Mixed
        }
        Some(s) if s.abs() < st.neutral_band => StanceLabel::Neutral,
        Some(s) if s > 0.0 => StanceLabel::Favour,
        Some(_) => StanceLabel::Against,
    };
    StanceScore {
        score,
        label,
        evidence_count: n,
        confidence,
        evidence,
    }
}

/// Clause boundaries (byte offsets of clause punctuation) in `tokens`.
fn clause_cuts(text: &str, tokens: &[Token]) -> Vec<usize> {
    let mut cuts = Vec::new();
    clause_cuts_into(text, tokens, &mut cuts);
    cuts
}

/// [`clause_cuts`] into `cuts`, emptied first.
fn clause_cuts_into(text: &str, tokens: &[Token], cuts: &mut Vec<usize>) {
    cuts.clear();
    cuts.extend(
        (0..tokens.len())
            .filter(|&i| text::is_clause_break(text, tokens, i))
            .map(|i| tokens[i].span.start),
    );
}

/// A sentence's clause cuts, found at the first need (most sentences never need them) into
/// a buffer kept from sentence to sentence.
#[derive(Default)]
struct LazyCuts {
    cuts: Vec<usize>,
    found: bool,
}

impl LazyCuts {
    /// For the next sentence.
    fn reset(&mut self) {
        self.found = false;
    }

    fn get(&mut self, text: &str, tokens: &[Token]) -> &[usize] {
        if !self.found {
            clause_cuts_into(text, tokens, &mut self.cuts);
            self.found = true;
        }
        &self.cuts
    }
}

fn clause_of(cuts: &[usize], offset: usize) -> usize {
    cuts.partition_point(|&c| c < offset)
}

/// How many tokens a valence word may stand from the mention it is aimed at. Farther
/// words are about something else in the clause ("significant importance was attached to
/// the doctrine of Israel's first prime minister" says nothing about Israel).
pub const ENTITY_REACH_TOKENS: usize = 8;

use crate::text::token_at;

/// The mention a valence hit is aimed at, within its window (clause or sentence):
///
/// 1. a mention right before the hit, with no token between: a possessive or a subject
///    ("Tehran's hostility", "Iran threatens");
/// 2. else a mention right after it: the word modifies it ("hostile Iran");
/// 3. else the nearest mention before the hit, within [`ENTITY_REACH_TOKENS`]: in English
///    the clause's subject, the agent of what the word describes ("Iran seeks to conduct
///    terrorist attacks against Azerbaijan": the attacks are Iran's).
///
/// A mention that comes later, not next to the word, is the object or a place of what the
/// word describes (the victim of "attacks against Azerbaijan"), not its target: such hits
/// are aimed at no one. For the same reason a mention governed by a preposition ("in
/// Baku", "with Turkey and Israel", "against Iran") is an oblique, never the agent: rules 1
/// and 3 pass over it unless it is a possessive ("in Baku's view"). Rule 3 never reaches
/// across a subordinator ("that", "because", "while", …): the subordinate clause has its own
/// subject.
///
/// `blames_agent`: the word judges whoever does what it names (an actor cue, a harmful
/// act: "threatens", "intimidate", or an act of endurance: "survived"), so as a verb with
/// a subject before it and its object after it, it is aimed at the subject. Otherwise rule 2 gives it to the object: a verb of
/// outcome or help says how the object fares ("to *defeat* Iran's proxies", "*supported*
/// Armenia"). A verb's object may follow a determiner and one modifier ("support *this
/// stable* partnership"). A noun that is the object of a verb of outcome, judgment or report is
/// not its subject's ("to counter *subversion*"), and a noun of quality is owned by its
/// "of" phrase ([`is_quality_noun`], [`party_after_of`]).
///
/// Returns the mention aimed at and, for a verb with a subject before it and an object
/// right after it in its clause, the two mentions `(subject, object)` (for
/// [`aim_valence`]'s relation rule).
fn aim(
    text: &str,
    hit: Span,
    mentions: &[Mention],
    cuts: &[usize],
    clause: bool,
    tokens: &[Token],
    blames_agent: bool,
) -> (Option<usize>, Option<(usize, usize)>) {
    let c = clause_of(cuts, hit.start);
    let hit_first = token_at(tokens, hit.start);
    let hit_last = token_at(tokens, hit.end.saturating_sub(1));
    if let Some(owner) = possessor_before(text, tokens, mentions, hit_first) {
        return (owner, None);
    }
    let of_complement = is_quality_noun(word_at(text, tokens, hit_last))
        .then(|| party_after_of(text, tokens, mentions, cuts, clause, hit_last))
        .flatten();
    if let Some(owner) = of_complement {
        return (Some(owner), None);
    }
    let mut adjacent_after: Option<usize> = None;
    let mut before: Option<(usize, usize)> = None; // (tokens between, mention index)
    for (i, m) in mentions.iter().enumerate() {
        if clause && clause_of(cuts, m.span.start) != c {
            continue;
        }
        if m.span.start >= hit.end {
            if adjacent_after.is_none() && token_at(tokens, m.span.start) == hit_last + 1 {
                adjacent_after = Some(i);
            }
        } else if m.span.end <= hit.start {
            // The reach first: the tests below then look at a bounded stretch of tokens.
            let last = token_at(tokens, m.span.end.saturating_sub(1));
            let gap = hit_first.saturating_sub(last + 1);
            if gap > ENTITY_REACH_TOKENS || before.is_some_and(|(g, _)| gap > g) {
                continue;
            }
            // An oblique right before the word modifies it ("against *Iranian* aggression"):
            // the word is still its. Farther away an oblique is a place or a partner.
            if gap > 0 && !may_be_subject(text, tokens, mentions, i) {
                continue;
            }
            // An infinitive's object right before a verb in the past is not its subject:
            // "Tehran's campaign to isolate *Azerbaijan collapsed*" is the campaign's
            // collapse. (An `-s` word there is a plural noun the mention modifies, "to
            // check *Iranian threats*", and a possessive is the noun's, "to balance *its
            // foes*".)
            let past = |w: &str| !is_ing_form(w) && is_participle(w);
            if gap == 0
                && past(hit.slice(text))
                && is_infinitive_object(text, tokens, m.span)
                && !is_possessor(text, tokens, m.span)
            {
                continue;
            }
            // A subordinate clause has its own subject: never reach across its opener.
            if gap > 0 && (last + 1..hit_first).any(|k| SUBORDINATORS.has(word_at(text, tokens, k)))
            {
                continue;
            }
            before = Some((gap, i));
        }
    }
    // A verb phrase coordinated with no comma ("Rwanda shelters refugees *and is* a stable
    // partner") has the first one's subject, whatever the first verb's object.
    let clause_start = if clause && c > 0 {
        cuts.get(c - 1).map_or(0, |&cut| token_at(tokens, cut) + 1)
    } else {
        0
    };
    if let Some(co) = coordinated_vp_opener(text, tokens, clause_start, hit_first) {
        let opens_after = |i: usize| token_at(tokens, mentions[i].span.start) > co;
        if !before.is_some_and(|(_, i)| opens_after(i)) {
            // The nearest subject before the coordinator: "Starmer said *the scheme* had
            // failed and was dead" is the scheme's, the clause said.
            before = mentions
                .iter()
                .enumerate()
                .rposition(|(j, m)| {
                    !opens_after(j)
                        && token_at(tokens, m.span.start) >= clause_start
                        && may_be_subject(text, tokens, mentions, j)
                        && !is_object(text, tokens, m.span)
                })
                .map(|j| {
                    let last = token_at(tokens, mentions[j].span.end.saturating_sub(1));
                    (hit_first.saturating_sub(last + 1).max(1), j)
                });
        }
    }
    if adjacent_after.is_none() && is_theme_of_preposition(text, tokens, hit_first) {
        return (None, None);
    }
    let verb = || {
        is_verb_shaped(hit.slice(text))
            || is_base_verb(text, tokens, hit_first)
            || is_progressive_verb(text, tokens, hit_first)
    };
    // A verb's object may follow a determiner and one modifier ("criticised *the* Iranian
    // regime", "support *this stable* partnership").
    let object = adjacent_after.or_else(|| {
        let det = word_at(text, tokens, hit_last + 1);
        if !one_of(
            det,
            // Not "that", a complementizer as often ("argues that Azerbaijan's…").
            &[
                "the", "a", "an", "this", "these", "those", "its", "their", "our",
            ],
        ) {
            return None;
        }
        let modifier = word_at(text, tokens, hit_last + 2);
        let reach = if tokens
            .get(hit_last + 2)
            .is_some_and(|t| t.kind == TokenKind::Word)
            && !NOT_A_HEAD.has(modifier)
        {
            hit_last + 3
        } else {
            hit_last + 2
        };
        let in_clause = same_clause(cuts, clause, hit);
        let after = hit_last + 1;
        party_after(
            text,
            tokens,
            mentions,
            &in_clause,
            after,
            reach - after,
            None,
        )
    });
    // Whether the word is a verb with that object (the verb test runs once, and only then).
    let verb_with_object = object.is_some() && verb();
    let relation = match (before, object) {
        (Some((_, subject)), Some(object)) if clause && verb_with_object => Some((subject, object)),
        _ => None,
    };
    // The object of a verb of outcome, judgment or report is what the subject opposes or
    // reports, not its own ("to counter *subversion*", "described the *cruelty*").
    if before.is_some_and(|(gap, _)| gap > 0) && is_opposed_object(text, tokens, hit_first) {
        return (adjacent_after, relation);
    }
    // For a verb, rule 2 takes that object ("to support *this* partnership").
    let after = if verb_with_object {
        object
    } else {
        adjacent_after
    };
    let aimed = match (before, after) {
        (Some((0, i)), _) => Some(i),
        // A verb before a mention is a verb and its object ("Iran repeatedly *threatens*
        // Baku", "Tehran wants to *intimidate* Baku"): when the word blames whoever does
        // it (see `blames_agent`), the act is its subject's, not its object's, so the
        // subject found before it wins over rule 2.
        (Some((_, subject)), Some(_)) if clause && blames_agent && verb() => Some(subject),
        // With no subject in reach, the sentence may give one elsewhere ("…, threatens
        // Baku").
        (None, Some(i)) if clause && verb() => {
            let elided = aim_elided(text, hit_first, mentions, cuts, tokens);
            if blames_agent {
                // A harmful act is never its victim's: the clause's subject beyond rule
                // 3's reach ("Tehran has repeatedly staged drills near the border to
                // *intimidate* Baku"), else no one.
                elided.or_else(|| {
                    (0..mentions.len()).find(|&j| {
                        mentions[j].span.end <= hit.start
                            && clause_of(cuts, mentions[j].span.start) == c
                            && may_be_subject(text, tokens, mentions, j)
                    })
                })
            } else {
                elided.or(Some(i))
            }
        }
        (_, Some(i)) => Some(i),
        (Some((_, i)), None) => Some(i),
        (None, None) if clause => aim_elided(text, hit_first, mentions, cuts, tokens),
        (None, None) => None,
    };
    (aimed, relation)
}

/// Whether the word at token `k` is the object of a verb of outcome, judgment or report:
/// that verb right before it, or before a determiner before it.
fn is_opposed_object(text: &str, tokens: &[Token], k: usize) -> bool {
    let mut p = k;
    if p > 0 && NP_DETERMINERS.has(word_at(text, tokens, p - 1)) {
        p -= 1;
    }
    let Some(v) = p.checked_sub(1) else {
        return false;
    };
    let verb = word_at(text, tokens, v);
    OUTCOME_VERBS.has(verb) || ATTITUDE_VERBS.has(verb) || REPORTING_VERBS.has(verb)
}

/// Verbs that report or describe their object ("campaigners *described* the distress",
/// "monitors *documented* abuses"): the object is what is reported, not the reporter's.
const REPORTING_VERBS: WordList = WordList::new(&[
    "describe",
    "describes",
    "described",
    "report",
    "reports",
    "reported",
    "document",
    "documents",
    "documented",
    "highlight",
    "highlights",
    "highlighted",
    "mention",
    "mentions",
    "mentioned",
    "recall",
    "recalls",
    "recalled",
    "cite",
    "cites",
    "cited",
    "detail",
    "details",
    "detailed",
    "record",
    "records",
    "recorded",
    "reveal",
    "reveals",
    "revealed",
    "expose",
    "exposes",
    "exposed",
]);

/// A mention right after "of" (and an optional determiner) owns a noun of quality before it:
/// "the brutality *of Tehran*", "the arrogance *of the regime*"; the subject of the clause
/// does not ("Campaigners denounced the brutality of Tehran"). After a noun of action the
/// "of" phrase is the act's object ("the invasion of Azerbaijan"), and after a noun of
/// relation the other party ("an enemy of Azerbaijan"): those keep [`aim`]'s other rules.
/// (The "of" phrase itself: [`party_after_of`].)
fn is_quality_noun(noun: &str) -> bool {
    QUALITY_NOUN_ENDINGS
        .iter()
        .any(|e| noun.len() > e.len() + 2 && ends_with_ignore_case(noun, e))
}

/// The mention right after "of" (and an optional determiner) after token `hit_last`, in
/// its clause: "the brutality *of Tehran*", "the defeat *of Iran's* proxies".
fn party_after_of(
    text: &str,
    tokens: &[Token],
    mentions: &[Mention],
    cuts: &[usize],
    clause: bool,
    hit_last: usize,
) -> Option<usize> {
    if !word_at(text, tokens, hit_last + 1).eq_ignore_ascii_case("of") {
        return None;
    }
    let mut first = hit_last + 2;
    if one_of(
        word_at(text, tokens, first),
        &["the", "this", "these", "its", "their"],
    ) {
        first += 1;
    }
    let c = clause_of(cuts, tokens.get(hit_last)?.span.start);
    mentions.iter().position(|m| {
        token_at(tokens, m.span.start) == first && (!clause || clause_of(cuts, m.span.start) == c)
    })
}

/// A possessor right before the hit owns it ("the world's *support*"): `Some(None)` when
/// the possessor is no mention, so the hit is aimed at no one; `Some(Some(i))` for "whose"
/// after mention `i` ("Iran, whose *hostility*…"); `None` when no possessor stands there (a
/// possessive mention is left to rule 1).
fn possessor_before(
    text: &str,
    tokens: &[Token],
    mentions: &[Mention],
    hit_first: usize,
) -> Option<Option<usize>> {
    let p = hit_first.checked_sub(1)?;
    let w = word_at(text, tokens, p);
    if w.eq_ignore_ascii_case("whose") {
        // The antecedent ends right before "whose", or before a comma there.
        let before = p.checked_sub(1)?;
        let antecedent = if word_at(text, tokens, before) == "," {
            before
                .checked_sub(1)
                .and_then(|t| mention_ending_at(tokens, mentions, t))
        } else {
            mention_ending_at(tokens, mentions, before)
        };
        return Some(antecedent);
    }
    let plural_possessive = (w == "'" || w == "\u{2019}")
        && p > 0
        && tokens[p - 1].span.end == tokens[p].span.start
        && word_at(text, tokens, p - 1).ends_with(['s', 'S']);
    let owner = if w == "'s" || w == "\u{2019}s" || plural_possessive {
        p.checked_sub(1)?
    } else if w.len() > 2
        && ["'s", "\u{2019}s", "s'", "s\u{2019}"]
            .iter()
            .any(|suffix| w.ends_with(suffix))
        && tokens[p].kind == TokenKind::Word
    {
        p
    } else {
        return None;
    };
    let owner_span = tokens[owner].span;
    if mentions.iter().any(|m| m.span.overlaps(owner_span)) {
        return None; // rule 1 aims it at the possessive mention
    }
    Some(None)
}

/// Prepositions whose object is the theme of an attitude or of talk ("their stance
/// *regarding* the aggression", "the debate *about* the threat"): what is talked about,
/// not something the subject is or does.
const THEME_PREPOSITIONS: WordList = WordList::new(&["about", "regarding", "concerning"]);

/// Whether the hit heads the object of a theme preposition (determiners may stand between).
fn is_theme_of_preposition(text: &str, tokens: &[Token], hit_first: usize) -> bool {
    let mut j = hit_first;
    while j > 0 && ATTRIBUTIVE_DETERMINERS.has(word_at(text, tokens, j - 1)) {
        j -= 1;
    }
    j > 0 && THEME_PREPOSITIONS.has(word_at(text, tokens, j - 1))
}

/// The clauses of a sentence by token index: clause `k` is the tokens between clause break
/// `k - 1` and clause break `k` (the breaks themselves are punctuation tokens). A view of
/// the sentence's clause cuts (byte offsets), so asking costs no allocation.
struct Clauses<'a> {
    cuts: &'a [usize],
    tokens: &'a [Token],
}

impl Clauses<'_> {
    /// Number of clause breaks.
    fn breaks(&self) -> usize {
        self.cuts.len()
    }

    /// Token index of clause break `k`.
    fn brk(&self, k: usize) -> usize {
        token_at(self.tokens, self.cuts[k])
    }

    fn of_token(&self, t: usize) -> usize {
        let offset = self.tokens.get(t).map_or(usize::MAX, |x| x.span.start);
        self.cuts.partition_point(|&c| c < offset)
    }

    fn range(&self, k: usize) -> std::ops::Range<usize> {
        let start = if k == 0 { 0 } else { self.brk(k - 1) + 1 };
        let end = if k < self.breaks() {
            self.brk(k)
        } else {
            self.tokens.len()
        };
        start..end.max(start)
    }

    /// Whether clause `k` is an aside inside the clause around it: a participial or relative
    /// clause between commas ("Iran, *backed by Russia*, is…", "Iran, *which funds militias*,
    /// …") or anything between a pair of dashes or brackets.
    fn is_parenthetical(&self, text: &str, k: usize) -> bool {
        self.aside(text, k).is_some()
    }

    /// What kind of aside clause `k` is, if it is one. A participial or relative clause may
    /// also end the sentence ("…, which funds militias.").
    fn aside(&self, text: &str, k: usize) -> Option<Aside> {
        let tokens = self.tokens;
        if k == 0 || k > self.breaks() {
            return None;
        }
        let open = word_at(text, tokens, self.brk(k - 1));
        let close = if k < self.breaks() {
            word_at(text, tokens, self.brk(k))
        } else {
            "."
        };
        if matches!((open, close), ("\u{2014}", "\u{2014}") | ("(", ")")) {
            return Some(Aside::Bracketed);
        }
        if open != "," || !matches!(close, "," | ".") {
            return None;
        }
        let first = word_at(text, tokens, self.range(k).start);
        if RELATIVE_PRONOUNS.has(first) {
            Some(Aside::Relative)
        } else if is_participle(first) {
            Some(Aside::Participial)
        } else {
            None
        }
    }

    /// Whether clause `k` opens with a coordinated verb phrase whose subject is left out:
    /// ", and *is* dangerous", ", but *has* …" (a coordinator, then an auxiliary or copula).
    fn has_elided_subject(&self, text: &str, tokens: &[Token], k: usize) -> bool {
        let r = self.range(k);
        opens_subjectless_vp(text, tokens, r.start, r.end)
    }
}

/// The kinds of aside [`Clauses::aside`] recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Aside {
    /// Opened by a participle ("backed by Russia").
    Participial,
    /// Opened by a relative pronoun ("which funds militias").
    Relative,
    /// Between dashes or brackets.
    Bracketed,
}

/// Relative pronouns: a clause they open is about the noun before it.
const RELATIVE_PRONOUNS: WordList = WordList::new(&["which", "who", "whom", "whose"]);

/// Auxiliaries that open a verb phrase (copulas: [`is_copula`]).
const AUXILIARIES: WordList = WordList::new(&[
    "has", "have", "had", "will", "would", "can", "could", "may", "might", "must", "should",
    "shall", "does", "did", "do",
]);

/// `-ing` and `-ed` words that are no participles.
const NOT_PARTICIPLES: WordList = WordList::new(&[
    "thing",
    "nothing",
    "something",
    "anything",
    "everything",
    "morning",
    "evening",
    "king",
    "spring",
    "string",
    "wedding",
    "ceiling",
    "beijing",
    "sterling",
    "hundred",
    "kindred",
    "sacred",
    "naked",
]);

/// Irregular past participles that open participial asides ("Iran, *driven* by…").
const IRREGULAR_PARTICIPLES: WordList = WordList::new(&[
    "driven",
    "given",
    "taken",
    "written",
    "chosen",
    "known",
    "shown",
    "seen",
    "beaten",
    "broken",
    "stolen",
    "hidden",
    "spoken",
    "frozen",
    "fallen",
    "grown",
    "thrown",
    "drawn",
    "sworn",
    "torn",
    "born",
    "borne",
    "made",
    "held",
    "led",
    "left",
    "kept",
    "built",
    "brought",
    "bought",
    "caught",
    "fought",
    "sought",
    "taught",
    "found",
    "bound",
    "won",
    "sold",
    "told",
    "spent",
    "sent",
    "lent",
    "meant",
    "dealt",
    "felt",
    "lost",
    "paid",
    "laid",
    "shaken",
    "ridden",
    "risen",
    "undertaken",
    "overseen",
    "forgiven",
    "forbidden",
]);

/// A word shaped like a finite verb: a third-person `-s` form ("threatens", not
/// "-ss", "-ous", "-ness") or an `-ed` form of more than four letters.
fn is_verb_shaped(w: &str) -> bool {
    (w.len() > 3
        && ends_with_ignore_case(w, "s")
        && !ends_with_ignore_case(w, "ss")
        && !ends_with_ignore_case(w, "ous")
        && !ends_with_ignore_case(w, "us")
        && !ends_with_ignore_case(w, "is"))
        || (w.len() > 4 && ends_with_ignore_case(w, "ed"))
}

/// The word before token `k`, skipping up to two adverbs ("may *never* attack", "to
/// *further* destabilise", "is *still* threatening"): its token index, `None` at the start.
fn word_before_adverbs(text: &str, tokens: &[Token], k: usize) -> Option<usize> {
    let mut p = k.checked_sub(1)?;
    for _ in 0..2 {
        let w = word_at(text, tokens, p);
        if p == 0
            || !(NEGATIONS_AND_ADVERBS.has(w)
                || is_ly_adverb(w)
                || w.eq_ignore_ascii_case("further"))
        {
            break;
        }
        p -= 1;
    }
    Some(p)
}

/// A base-form verb: a word after an infinitive `to` or an auxiliary ("to *intimidate*",
/// "could *destabilise*", "may never *attack*"), unless it has an adjective's ending ("a
/// threat to *democratic* Israel"; "will *hostile*…" does not occur).
fn is_base_verb(text: &str, tokens: &[Token], hit_first: usize) -> bool {
    let Some(p) = word_before_adverbs(text, tokens, hit_first) else {
        return false;
    };
    let before = word_at(text, tokens, p);
    let w = word_at(text, tokens, hit_first);
    (before.eq_ignore_ascii_case("to") || AUXILIARIES.has(before))
        && (VERBS_WITH_ADJECTIVE_ENDINGS.has(w)
            || !ADJECTIVE_ENDINGS
                .iter()
                .any(|e| w.len() > e.len() + 2 && ends_with_ignore_case(w, e)))
}

/// A progressive or aspectual `-ing` verb: after a form of "be" or a verb of aspect ("Iran
/// is *threatening* Baku", "keeps *threatening*", "has been openly *arming*"). As an
/// adjective ("the situation is threatening") it has no object, and the verb test only
/// matters for a word with one.
fn is_progressive_verb(text: &str, tokens: &[Token], hit_first: usize) -> bool {
    is_ing_form(word_at(text, tokens, hit_first))
        && word_before_adverbs(text, tokens, hit_first).is_some_and(|p| {
            let w = word_at(text, tokens, p);
            BE_FORMS.has(w) || ASPECT_VERBS.has(w)
        })
}

/// Verbs of aspect, and "am" (no copula of the third person), before an `-ing` verb; the
/// other forms of "be" are [`BE_FORMS`].
const ASPECT_VERBS: WordList = WordList::new(&[
    "am",
    "keep",
    "keeps",
    "kept",
    "keeping",
    "continue",
    "continues",
    "continued",
    "start",
    "starts",
    "started",
    "begin",
    "begins",
    "began",
    "stop",
    "stops",
    "stopped",
    "resume",
    "resumes",
    "resumed",
]);

/// A verb by its shape or its place: finite ([`is_verb_shaped`]), base form
/// ([`is_base_verb`]) or progressive ([`is_progressive_verb`]).
fn is_verb_at(text: &str, tokens: &[Token], k: usize) -> bool {
    is_verb_shaped(word_at(text, tokens, k))
        || is_base_verb(text, tokens, k)
        || is_progressive_verb(text, tokens, k)
}

/// Common verbs whose base form has one of the [`ADJECTIVE_ENDINGS`] ("to *prevent*",
/// "could *deprive*").
const VERBS_WITH_ADJECTIVE_ENDINGS: WordList = WordList::new(&[
    "prevent",
    "invent",
    "present",
    "represent",
    "resent",
    "circumvent",
    "dissent",
    "consent",
    "deceive",
    "deprive",
    "receive",
    "perceive",
    "survive",
    "revive",
    "derive",
    "arrive",
    "contrive",
    "reveal",
    "conceal",
    "steal",
    "appeal",
    "repeal",
    "grant",
    "supplant",
    "implant",
    "reconcile",
    "compile",
    "revile",
    "enable",
    "disable",
    "vary",
    "panic",
]);

/// Endings of English nouns of quality or conduct ("brutality", "cruelty", "ruthlessness",
/// "extremism", "hypocrisy", "arrogance", "violence").
const QUALITY_NOUN_ENDINGS: [&str; 7] = ["ity", "ty", "ness", "ism", "cy", "ance", "ence"];

/// Endings of English adjectives that base-form verbs rarely have.
const ADJECTIVE_ENDINGS: [&str; 12] = [
    "ic", "ful", "ous", "al", "ive", "ent", "ant", "ile", "less", "able", "ible", "ary",
];

/// An `-ing` form of more than four letters that is no noun ("opposing", not "morning").
fn is_ing_form(w: &str) -> bool {
    w.len() > 4 && ends_with_ignore_case(w, "ing") && !NOT_PARTICIPLES.has(w)
}

/// A participle: an `-ing` form, an `-ed` form of more than four letters, or an irregular one.
fn is_participle(w: &str) -> bool {
    is_ing_form(w)
        || (w.len() > 4 && ends_with_ignore_case(w, "ed") && !NOT_PARTICIPLES.has(w))
        || IRREGULAR_PARTICIPLES.has(w)
}

/// [`aim`]'s last resort for a hit whose clause names no one it could be aimed at: the
/// clause's subject stands elsewhere in the sentence.
///
/// * The hit is in an aside (participial or relative clause, or between dashes): the
///   aside is about the mention that ends the clause before it ("Iran, *which funds
///   terror*, …" aims "terror" at Iran).
/// * The clause before is an aside: the hit's clause goes on with the clause before the
///   aside, whose nearest mention is found by rule 3 with the aside left out ("The
///   alliance, *driven by interests*, poses a threat": "threat" is the alliance's).
/// * The clause is a coordinated verb phrase without a subject (", and is dangerous"): its
///   subject is the previous clause's.
fn aim_elided(
    text: &str,
    hit_first: usize,
    mentions: &[Mention],
    cuts: &[usize],
    tokens: &[Token],
) -> Option<usize> {
    if cuts.is_empty() || mentions.is_empty() {
        return None;
    }
    let clauses = Clauses { cuts, tokens };
    let k = clauses.of_token(hit_first);
    // Like rule 3, the word must stand near the start of its clause: farther words are
    // about something else the clause names.
    if hit_first - clauses.range(k).start > ENTITY_REACH_TOKENS {
        return None;
    }
    match clauses.aside(text, k) {
        // A participle's subject is the subject of the clause it hangs on.
        Some(Aside::Participial) => return clause_subject(text, mentions, &clauses, k - 1),
        // A relative clause or an apposition is about the noun right before it.
        Some(Aside::Relative | Aside::Bracketed) => {
            let before_open = clauses.brk(k - 1).checked_sub(1)?;
            return mention_ending_at(tokens, mentions, before_open);
        }
        None => {}
    }
    if k >= 2 && k - 1 < clauses.breaks() && clauses.is_parenthetical(text, k - 1) {
        // Rule 3 over the clause before the aside, the aside's tokens not counted.
        let outer = clauses.range(k - 2);
        let inner = clauses.range(k).start..hit_first;
        if inner
            .clone()
            .any(|j| SUBORDINATORS.has(word_at(text, tokens, j)))
        {
            return None;
        }
        let mut best = None;
        for (i, m) in mentions.iter().enumerate() {
            let last = token_at(tokens, m.span.end.saturating_sub(1));
            if !outer.contains(&last) {
                continue;
            }
            if !may_be_subject(text, tokens, mentions, i) {
                continue;
            }
            let between = last + 1..outer.end;
            let gap = between.len() + inner.len();
            if gap > ENTITY_REACH_TOKENS
                || between
                    .into_iter()
                    .any(|j| SUBORDINATORS.has(word_at(text, tokens, j)))
            {
                continue;
            }
            best = Some(i);
        }
        return best;
    }
    if k >= 1 && clauses.has_elided_subject(text, tokens, k) {
        return clause_subject(text, mentions, &clauses, k - 1);
    }
    None
}

/// The subject of clause `k`: its first mention that is no oblique (the last word of a
/// compound such as "the Azerbaijan–Israel alliance"), else, when the clause has none,
/// the subject of the clause it continues ([`aim_elided`]'s rules).
fn clause_subject(text: &str, mentions: &[Mention], clauses: &Clauses, k: usize) -> Option<usize> {
    let tokens = clauses.tokens;
    let r = clauses.range(k);
    // The main clause's subject comes before any subordinate clause ("Lieberman
    // acknowledged *that Tehran* would…": Tehran is the subordinate clause's subject).
    let main_end = r
        .clone()
        .find(|&j| SUBORDINATORS.has(word_at(text, tokens, j)))
        .unwrap_or(r.end);
    let first = mentions.iter().enumerate().position(|(i, m)| {
        (r.start..main_end).contains(&token_at(tokens, m.span.start))
            && may_be_subject(text, tokens, mentions, i)
    });
    if let Some(mut i) = first {
        // A run of mentions with no word between is one compound; its head is the last.
        while let Some(next) = mentions.get(i + 1) {
            let end = token_at(tokens, mentions[i].span.end.saturating_sub(1));
            let start = token_at(tokens, next.span.start);
            let joined = start > end
                && (end + 1..start).all(|j| tokens[j].kind != TokenKind::Word)
                && start - end <= 2
                && !(end + 1..start).any(|j| text::is_clause_break(text, tokens, j));
            if !joined {
                break;
            }
            i += 1;
        }
        return Some(i);
    }
    if k >= 2 && clauses.is_parenthetical(text, k - 1) {
        return clause_subject(text, mentions, clauses, k - 2);
    }
    if k >= 1 && clauses.has_elided_subject(text, tokens, k) {
        return clause_subject(text, mentions, clauses, k - 1);
    }
    None
}

/// Where a valence word is aimed: the mention, and for the relation rule below the
/// object mention whose role signs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ValenceAim {
    at: usize,
    via: Option<usize>,
}

/// [`aim`] for a valence word: an attributive word that modifies a noun other than a
/// mention is aimed at no one ([`modifies_other_noun`]). Actor cues skip this test: they
/// are written to judge an actor, and the noun they modify is the actor's ("a radicalized
/// posture").
///
/// The relation rule: a positive verb, or a verb of judgment ([`ATTITUDE_VERBS`]), between
/// a subject and its object that both have a role ("Iran *supports* Hezbollah", "Tehran
/// *respected* Azerbaijan's sovereignty", "Israel *criticised* Iran") says whose side the
/// subject takes. Its value goes to the subject, signed by the object's role (`via`):
/// helping the adversary counts against the helper, condemning it for the condemner. With
/// a neutral party on either side the word keeps [`aim`]'s reading (how the object fares,
/// or for a judgment, the object judged).
#[allow(clippy::too_many_arguments)]
fn aim_valence(
    text: &str,
    hit: Span,
    base: f64,
    mentions: &[Mention],
    cuts: &[usize],
    clause: bool,
    tokens: &[Token],
    role_of: &dyn Fn(usize) -> f64,
    negated: bool,
) -> Option<ValenceAim> {
    let first = token_at(tokens, hit.start);
    let last = token_at(tokens, hit.end.saturating_sub(1));
    if modifies_other_noun(text, tokens, mentions, first, last) {
        return None;
    }
    let word = hit.slice(text);
    // Two parties with roles, not one party twice ("Azerbaijan began to lose *its* status").
    let two_parties = |a: usize, b: usize| {
        role_of(a) != 0.0
            && role_of(b) != 0.0
            && mentions.get(a).map(|m| m.entity) != mentions.get(b).map(|m| m.entity)
    };
    // A noun of outcome with an "of" phrase is how that party fares ("the *defeat* of
    // Iran's proxies"); a possessive party before it is the victor ("Israel's *defeat* of
    // Iran's proxies"), read by the relation rule below.
    if base < 0.0 && (OUTCOME_VERBS.has(word) || OUTCOME_NOUNS.has(word)) {
        if let Some(object) = party_after_of(text, tokens, mentions, cuts, clause, last) {
            let victor = first
                .checked_sub(1)
                .and_then(|p| mention_ending_at(tokens, mentions, p))
                .filter(|&v| !negated && two_parties(v, object));
            return Some(match victor {
                Some(v) => ValenceAim {
                    at: v,
                    via: Some(object),
                },
                None => ValenceAim {
                    at: object,
                    via: None,
                },
            });
        }
    }
    // A hostile act "from" a party is that party's: "threats *from Tehran*".
    if base < 0.0 && HOSTILE_ACT_NOUNS.has(hit.slice(text)) {
        if let Some(at) = party_after_from(text, tokens, mentions, last) {
            return Some(ValenceAim { at, via: None });
        }
    }
    // A harm warded off ("shields Baku *from Iranian missile strikes*") is no charge
    // against the party protected: it is aimed only at a party named in its own phrase.
    if base < 0.0 {
        if let Some(p) = warding_word(text, tokens, first) {
            let phrase = Span::new(tokens[p].span.end, hit.start);
            let doer = mentions.iter().position(|m| phrase.contains(m.span));
            return doer.map(|at| ValenceAim { at, via: None });
        }
    }
    // A harmful act blames its doer; a loss ("defeat", "deter") is its object's; a
    // judgment ("condemned", "fears") is the subject's view of its object.
    let attitude = ATTITUDE_VERBS.has(word);
    // Force or the law against wrongdoers ("detained three Iranian agents", "arrested a spy
    // ring working for Iranian intelligence") tells how they, and whoever sent them, fare:
    // aimed at the first party named after the verb in its clause, never at its doer.
    let is_verb = || {
        is_verb_shaped(word)
            || is_base_verb(text, tokens, first)
            || is_progressive_verb(text, tokens, first)
    };
    // A phrasal verb of disruption ("broke up") is a verb whatever its shape.
    let disrupts = is_disruption(word);
    if base < 0.0
        && wrongdoer_object(text, tokens, last, disrupts)
        && ((disrupts && first != last) || is_verb())
    {
        let in_clause = same_clause(cuts, clause, hit);
        let sender = party_after(
            text,
            tokens,
            mentions,
            &in_clause,
            last,
            WRONGDOER_REACH_TOKENS,
            None,
        );
        return sender.map(|at| ValenceAim { at, via: None });
    }
    // A loss ("defeat", "deter") is its object's: the verb says how the object fares.
    let outcome = base < 0.0 && (OUTCOME_VERBS.has(word) || harms_reputation(text, tokens, last));
    let blames_agent = base < 0.0 && !outcome && !attitude;
    // A harm in the passive voice ("Azerbaijan *was attacked* by Iran", "villages *looted*
    // by militias") blames its agent, the party named after "by", never its subject, who
    // suffered it; with no agent in reach it blames no one.
    if blames_agent {
        if let Some(agent) = passive_agent(text, tokens, mentions, cuts, clause, hit) {
            return agent.map(|at| ValenceAim { at, via: None });
        }
    }
    // Enduring is its subject's, like a harmful act: "Azerbaijan has *survived* Tehran's
    // campaign" praises Azerbaijan, not Tehran, its object.
    let endures = base > 0.0 && ENDURANCE_VERBS.has(word);
    let (aimed, relation) = aim(
        text,
        hit,
        mentions,
        cuts,
        clause,
        tokens,
        blames_agent || endures,
    );
    // Weak positive words ("challenges" +0.3) are no verbs of help or regard. A verb of
    // outcome between two parties with roles takes a side like a verb of judgment
    // ("Israel *defeated* Iran's proxies" is Israel against the adversary, not Israel
    // faring badly); but a loss is its subject's ("Baku *lost* Israel's trust").
    // Negated, it says how the object fares ("Iran could *not stop* the partnership" is
    // the partnership's success, not Iran's regard for it). Surviving or enduring
    // something is no regard for it ("the alliance *survived* Iran's pressure").
    let takes_side = outcome && !negated && !one_of(word, &["lose", "loses", "lost"]);
    let regard = base >= RELATION_MIN_WEIGHT && !endures;
    if regard || attitude || takes_side {
        if let Some((subject, object)) = relation {
            if two_parties(subject, object) {
                return Some(ValenceAim {
                    at: subject,
                    via: Some(object),
                });
            }
            if attitude {
                // The judged, not the judge ("Armenia *condemned* Azerbaijan").
                return Some(ValenceAim {
                    at: object,
                    via: None,
                });
            }
        }
    }
    aimed.map(|at| ValenceAim { at, via: None })
}

/// The relation rule's object of a hit: its span in the source text and role sign.
type RelationObject = (Span, f64);

/// The least positive weight of a verb the relation rule reads as help or regard (VADER's
/// "supports" is 1.5, "respected" 2.1; "challenges" 0.3 is no such verb).
const RELATION_MIN_WEIGHT: f64 = 1.0;

/// `c` with the relation rule's step: scaled by the role of the object mention at
/// `object` (a span in `c`'s text).
/// Whether a negation or a denial turned the hit's sign ("could *not* stop").
fn is_negated(h: &crate::valence::ExplainedHit) -> bool {
    h.modifiers.iter().any(|m| {
        matches!(m.effect, Effect::Negation | Effect::Denial)
            && matches!(m.op, Op::Scale(x) if x < 0.0)
    })
}

fn through_relation(mut c: Contribution, object: Span, role: f64) -> Contribution {
    c.modifiers.push(AppliedModifier {
        effect: Effect::Relation,
        rule_id: None,
        span: Some(object),
        op: Op::Scale(role),
    });
    c.modified *= role;
    c.value = c.modified * c.role_sign * c.direction;
    c
}

/// Verbs of judgment: the subject's negative view of its object, not a harmful deed of the
/// subject's ("Israel *criticised* Iran", "Baku *fears* Tehran").
const ATTITUDE_VERBS: WordList = WordList::new(&[
    "condemn",
    "condemns",
    "condemned",
    "criticise",
    "criticises",
    "criticised",
    "criticize",
    "criticizes",
    "criticized",
    "denounce",
    "denounces",
    "denounced",
    "decry",
    "decries",
    "decried",
    "deplore",
    "deplores",
    "deplored",
    "accuse",
    "accuses",
    "accused",
    "blame",
    "blames",
    "blamed",
    "censure",
    "censures",
    "censured",
    "rebuke",
    "rebukes",
    "rebuked",
    "lambast",
    "lambasts",
    "lambasted",
    "lambaste",
    "lambastes",
    "chastise",
    "chastises",
    "chastised",
    "slam",
    "slams",
    "slammed",
    "fear",
    "fears",
    "feared",
    "distrust",
    "distrusts",
    "distrusted",
    "mistrust",
    "mistrusts",
    "mistrusted",
    "hate",
    "hates",
    "hated",
    "despise",
    "despises",
    "despised",
    "dislike",
    "dislikes",
    "disliked",
    "resent",
    "resents",
    "resented",
    "oppose",
    "opposes",
    "opposed",
    "reject",
    "rejects",
    "rejected",
    "scorn",
    "scorns",
    "scorned",
    "ridicule",
    "ridicules",
    "ridiculed",
]);

/// Verbs of negative valence whose object is the one who fares badly, not a victim of
/// wrongdoing: the valence says how the object ends up ("to defeat Iran's proxies",
/// "deterred Tehran"), so with an object they keep rule 2.
const OUTCOME_VERBS: WordList = WordList::new(&[
    "defeat",
    "defeats",
    "defeated",
    "beat",
    "beats",
    "deter",
    "deters",
    "deterred",
    "punish",
    "punishes",
    "punished",
    "counter",
    "counters",
    "countered",
    "contain",
    "contains",
    "contained",
    "crush",
    "crushes",
    "crushed",
    "eliminate",
    "eliminates",
    "eliminated",
    "neutralize",
    "neutralizes",
    "neutralized",
    "neutralise",
    "neutralises",
    "neutralised",
    "destroy",
    "destroys",
    "destroyed",
    "thwart",
    "thwarts",
    "thwarted",
    "foil",
    "foils",
    "foiled",
    "repel",
    "repels",
    "repelled",
    "rout",
    "routed",
    "stop",
    "stops",
    "stopped",
    "stopping",
    "block",
    "blocks",
    "blocked",
    "blocking",
    "halt",
    "halts",
    "halted",
    "halting",
    "curb",
    "curbs",
    "curbed",
    "curbing",
    "sanction",
    "sanctions",
    "sanctioned",
    "isolate",
    "isolates",
    "isolated",
    "weaken",
    "weakens",
    "weakened",
    "lose",
    "loses",
    "lost",
    // Harm to a reputation: the object is the one judged ("tarnished its reputation").
    "tarnish",
    "tarnishes",
    "tarnished",
    "discredit",
    "discredits",
    "discredited",
    "sully",
    "sullies",
    "sullied",
    "besmirch",
    "besmirched",
    "embarrass",
    "embarrasses",
    "embarrassed",
]);

/// Nouns of a loss inflicted on the party of their "of" phrase ("the *destruction* of
/// Iran's drone factories"), besides the verbs of outcome that are nouns too ("defeat",
/// "rout").
const OUTCOME_NOUNS: WordList = WordList::new(&[
    "destruction",
    "elimination",
    "containment",
    "isolation",
    "punishment",
    "downfall",
    "humiliation",
    "weakening",
]);

/// Whether the hit (tokens `first..=last`) is an attributive modifier inside a noun phrase
/// whose head is not an entity: a determiner before it (adverbs of degree may come between)
/// and a content word after it ("Tehran opposed *the warm* relations": the warmth is the
/// relations', not Tehran's). An attributive word evaluates its head noun; a mention as the
/// head ("the brave Israelis") is left to the other rules, and so is a noun phrase that
/// predicates of a subject after a copula ("Baku is *a reliable* partner") or in
/// apposition ("Iran, *a brutal* regime").
fn modifies_other_noun(
    text: &str,
    tokens: &[Token],
    mentions: &[Mention],
    first: usize,
    last: usize,
) -> bool {
    let mut d = first;
    while d > 0 && {
        let w = word_at(text, tokens, d - 1);
        DEGREE_ADVERBS.has(w) || is_ly_adverb(w) || POST_DETERMINERS.has(w)
    } {
        d -= 1;
    }
    // Back over earlier coordinated modifiers: "a careless *and dishonest* broker".
    for _ in 0..2 {
        if d >= 3
            && matches!(word_at(text, tokens, d - 1), "and" | "or" | ",")
            && tokens[d - 2].kind == TokenKind::Word
            && !mentions.iter().any(|m| m.span.overlaps(tokens[d - 2].span))
            && (ATTRIBUTIVE_DETERMINERS.has(word_at(text, tokens, d - 3))
                || OBLIQUE_PREPOSITIONS.has(word_at(text, tokens, d - 3)))
        {
            d -= 2;
        } else {
            break;
        }
    }
    if d == 0 {
        return false;
    }
    let opener = word_at(text, tokens, d - 1);
    // After a preposition a noun phrase starts too ("a country *with good* relations",
    // "years *of failed* talks"; "of" and "by" are no obliques but open one all the same,
    // unless a gerund follows them: "accused of *undermining* stability" is an act);
    // not after "to", which also marks an infinitive ("to win the war").
    let after_preposition = (OBLIQUE_PREPOSITIONS.has(opener)
        && !opener.eq_ignore_ascii_case("to"))
        || ((opener.eq_ignore_ascii_case("of") || opener.eq_ignore_ascii_case("by"))
            && !is_ing_form(word_at(text, tokens, first)));
    if !after_preposition {
        if !ATTRIBUTIVE_DETERMINERS.has(opener) {
            return false;
        }
        // Back over negation and adverbs to a copula: "is not a trustworthy ally".
        let mut k = d.saturating_sub(1);
        while k > 0 && {
            let w = word_at(text, tokens, k - 1);
            NEGATIONS_AND_ADVERBS.has(w) || is_ly_adverb(w)
        } {
            k -= 1;
        }
        let before_det = k.checked_sub(1).map_or("", |k| word_at(text, tokens, k));
        if is_copula(before_det) || matches!(before_det, "," | "\u{2014}" | "(") {
            return false;
        }
        // "looks *like* a reluctant partner": a comparison that predicates as a copula does.
        if before_det.eq_ignore_ascii_case("like")
            && k.checked_sub(2)
                .is_some_and(|l| LIKENESS_LINKS.has(word_at(text, tokens, l)))
        {
            return false;
        }
        // An object complement: "critics call *Tehran* a reckless regime" says it of Tehran.
        if k.checked_sub(1)
            .is_some_and(|m| complements_object(text, tokens, mentions, m))
        {
            return false;
        }
    }
    // Coordinated modifiers share the head: "a stable *and reliable* source".
    let mut h = last + 1;
    for _ in 0..2 {
        let link = word_at(text, tokens, h);
        let next = tokens.get(h + 1);
        let after = tokens.get(h + 2);
        let coordinated = matches!(link, "and" | "or" | ",")
            && next.is_some_and(|t| {
                t.kind == TokenKind::Word
                    && !mentions.iter().any(|m| m.span.overlaps(t.span))
                    && !NOT_A_HEAD.has(t.span.slice(text))
                    && !ATTRIBUTIVE_DETERMINERS.has(t.span.slice(text))
            })
            && after.is_some_and(|t| t.kind == TokenKind::Word);
        if !coordinated {
            break;
        }
        h += 2;
    }
    let Some(head) = tokens.get(h) else {
        return false;
    };
    let head_word = head.span.slice(text);
    head.kind == TokenKind::Word
        && !mentions.iter().any(|m| m.span.overlaps(head.span))
        && !OBLIQUE_PREPOSITIONS.has(head_word)
        && !SUBORDINATORS.has(head_word)
        && !NOT_A_HEAD.has(head_word)
        && !is_copula(head_word)
        // "the aggression unleashed by …": a participle after the word makes it the head.
        && !(head_word.len() >= 6 && ends_with_ignore_case(head_word, "ed"))
}

/// The "from" or "against" within [`WARDED_REACH_TOKENS`] words before token `first` that
/// follows a word of protection in its clause ("protects Israeli towns *from* rocket
/// attacks", "safe *from* attack"), or a verb of endurance there ("*endured* brutal
/// attacks"): the harm after it is kept away or withstood, not done.
pub(crate) fn warding_word(text: &str, tokens: &[Token], first: usize) -> Option<usize> {
    let lo = first.saturating_sub(WARDED_REACH_TOKENS);
    let p = (lo..first).rev().find(|&k| {
        let w = word_at(text, tokens, k);
        w.eq_ignore_ascii_case("from")
            || w.eq_ignore_ascii_case("against")
            || ENDURANCE_VERBS.has(w)
    })?;
    if (p + 1..first).any(|k| tokens[k].kind != TokenKind::Word) {
        return None;
    }
    // What a party endured or withstood is no deed of its own ("has *endured* brutal
    // attacks"): the verb itself wards the harm off.
    if ENDURANCE_VERBS.has(word_at(text, tokens, p)) {
        return Some(p);
    }
    let lo = p.saturating_sub(PROTECTION_REACH_TOKENS);
    (lo..p)
        .rev()
        .take_while(|&k| tokens[k].kind == TokenKind::Word)
        .any(|k| PROTECTION_WORDS.has(word_at(text, tokens, k)))
        .then_some(p)
}

/// Verbs whose object is adversity withstood ("endured brutal attacks", "weathered the
/// sanctions"), which [`warding_word`] reads as a "from" after a word of protection.
/// Not "enduring" or "surviving", mostly adjectives ("an *enduring* menace").
const ENDURANCE_VERBS: WordList = WordList::new(&[
    "endure",
    "endures",
    "endured",
    "withstand",
    "withstands",
    "withstood",
    "withstanding",
    "survive",
    "survives",
    "survived",
    "weather",
    "weathers",
    "weathered",
    "weathering",
    "overcome",
    "overcomes",
    "overcame",
    "overcoming",
]);

/// How far before a harm its warding "from" (or verb of endurance) may stand ("from
/// Iranian ballistic missile strikes").
const WARDED_REACH_TOKENS: usize = 4;

/// How far before the "from" the word of protection may stand ("protects the towns of the
/// north from").
const PROTECTION_REACH_TOKENS: usize = 6;

/// Words of protection before "from"/"against". Not "deter", "prevent", "stop" or "keep":
/// after those the object is the would-be doer ("deter Tehran from attacking"); nor the
/// noun "defence", mostly a modifier ("defence firms profited from the war").
const PROTECTION_WORDS: WordList = WordList::new(&[
    "protect",
    "protects",
    "protected",
    "protecting",
    "shield",
    "shields",
    "shielded",
    "shielding",
    "defend",
    "defends",
    "defended",
    "defending",
    "guard",
    "guards",
    "guarded",
    "guarding",
    "save",
    "saves",
    "saved",
    "saving",
    "spare",
    "spares",
    "spared",
    "sparing",
    "rescue",
    "rescues",
    "rescued",
    "rescuing",
    "insulate",
    "insulates",
    "insulated",
    "insulating",
    "safe",
    "safer",
    "safety",
    "secure",
    "immune",
    "safeguard",
    "safeguards",
    "safeguarded",
    "protection",
]);

/// The mention right after "from" (determiners allowed between) that follows token
/// `last`: the source of a hostile act ("attacks from *the Hezbollah* militia").
fn party_after_from(
    text: &str,
    tokens: &[Token],
    mentions: &[Mention],
    last: usize,
) -> Option<usize> {
    if !word_at(text, tokens, last + 1).eq_ignore_ascii_case("from") {
        return None;
    }
    let mut at = last + 2;
    while NP_DETERMINERS.has(word_at(text, tokens, at)) {
        at += 1;
    }
    let start = tokens.get(at)?.span.start;
    mentions.iter().position(|m| m.span.start == start)
}

/// Nouns of a hostile act, whose source "from" names its doer. Not nouns of judgment
/// ("criticism from Armenia" is Armenia's view of something else).
const HOSTILE_ACT_NOUNS: WordList = WordList::new(&[
    "threat",
    "threats",
    "attack",
    "attacks",
    "aggression",
    "strike",
    "strikes",
    "raid",
    "raids",
    "incursion",
    "incursions",
    "intimidation",
    "interference",
    "meddling",
    "provocation",
    "provocations",
    "subversion",
    "sabotage",
    "hostility",
    "violence",
    "terror",
    "terrorism",
    "shelling",
    "bombardment",
    "harassment",
    "incitement",
    "infiltration",
    "blackmail",
    "coercion",
    "menace",
    "danger",
    "dangers",
    "invasion",
]);

/// The last coordinator in tokens `from..to` that opens a verb phrase with no subject of
/// its own: "and", "but", "or" or "yet", adverbs allowed, then a copula or an auxiliary
/// ("… *and is* a stable partner", "… *but has* never…").
fn coordinated_vp_opener(text: &str, tokens: &[Token], from: usize, to: usize) -> Option<usize> {
    (from..to)
        .rev()
        .find(|&j| opens_subjectless_vp(text, tokens, j, to))
}

/// Whether token `j` is a coordinator that opens, before token `end`, a verb phrase with
/// no subject of its own: "and", "but", "or" or "yet", adverbs allowed, then a copula
/// (not "as") or an auxiliary.
fn opens_subjectless_vp(text: &str, tokens: &[Token], j: usize, end: usize) -> bool {
    // By length first: [`coordinated_vp_opener`] asks this of every word before a hit.
    if !tokens.get(j).is_some_and(|t| matches!(t.span.len(), 2 | 3))
        || !one_of(word_at(text, tokens, j), &["and", "but", "or", "yet"])
    {
        return false;
    }
    let mut v = j + 1;
    while v < end && {
        let w = word_at(text, tokens, v);
        NEGATIONS_AND_ADVERBS.has(w) || is_ly_adverb(w)
    } {
        v += 1;
    }
    v < end && {
        let w = word_at(text, tokens, v);
        (is_copula(w) && !w.eq_ignore_ascii_case("as")) || AUXILIARIES.has(w)
    }
}

/// Whether token `t` ends a mention that is the object of a verb taking an object
/// complement ([`COMPLEMENT_VERBS`], determiners allowed between): "consider *Baku* a
/// partner", "branded *the regime* a menace".
fn complements_object(text: &str, tokens: &[Token], mentions: &[Mention], t: usize) -> bool {
    let Some(m) = mention_ending_at(tokens, mentions, t) else {
        return false;
    };
    np_start(text, tokens, token_at(tokens, mentions[m].span.start))
        .checked_sub(1)
        .is_some_and(|v| COMPLEMENT_VERBS.has(word_at(text, tokens, v)))
}

/// Verbs whose object takes a noun-phrase complement that is said of it ("call X a Y").
const COMPLEMENT_VERBS: WordList = WordList::new(&[
    "call",
    "calls",
    "called",
    "calling",
    "consider",
    "considers",
    "considered",
    "considering",
    "deem",
    "deems",
    "deemed",
    "deeming",
    "brand",
    "brands",
    "branded",
    "branding",
    "label",
    "labels",
    "labelled",
    "labeled",
    "labelling",
    "labeling",
    "dub",
    "dubs",
    "dubbed",
    "dubbing",
    "declare",
    "declares",
    "declared",
    "declaring",
    "name",
    "names",
    "named",
    "naming",
    "proclaim",
    "proclaims",
    "proclaimed",
    "think",
    "thinks",
    "thought",
    "judge",
    "judges",
    "judged",
    "find",
    "finds",
    "found",
    "make",
    "makes",
    "made",
    "making",
    "rate",
    "rates",
    "rated",
]);

/// Whether the word at `span` modifies the noun right after it, as in a compound ("the
/// *friendship* society", "a *friendship* treaty"): a small-letter word follows that is no
/// function word, preposition, verb-shaped word or `-ly` adverb ("the friendship *between*",
/// "the friendship *has*", "the friendship *grows*" are heads).
fn modifies_next_noun(text: &str, tokens: &[Token], span: Span) -> bool {
    let Some(next) = tokens.get(token_at(tokens, span.end.saturating_sub(1)) + 1) else {
        return false;
    };
    let w = next.span.slice(text);
    next.kind == TokenKind::Word
        && next.case == text::Case::Lower
        && !NOT_A_HEAD.has(w)
        && !OBLIQUE_PREPOSITIONS.has(w)
        && !SUBORDINATORS.has(w)
        && !is_verb_shaped(w)
        && !is_ly_adverb(w)
}

/// An `-ly` adverb of more than four letters ("deeply", not "fly").
fn is_ly_adverb(w: &str) -> bool {
    w.len() > 4 && ends_with_ignore_case(w, "ly")
}

/// ASCII case-insensitive suffix test, without allocating (runs per token).
fn ends_with_ignore_case(w: &str, suffix: &str) -> bool {
    w.len() >= suffix.len()
        && w.as_bytes()[w.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Determiners that open a noun phrase (not "that": it is also a subordinator).
const ATTRIBUTIVE_DETERMINERS: WordList = WordList::new(&[
    "the", "a", "an", "this", "these", "those", "such", "its", "their", "his", "her", "our", "my",
    "your", "some", "any", "every", "each", "another", "no",
]);

/// Words that follow a determiner before the adjectives of its noun phrase ("the *same*
/// hostile neighbour", "their *own* brutal regime").
const POST_DETERMINERS: WordList =
    WordList::new(&["same", "other", "own", "only", "whole", "entire", "very"]);

/// Adverbs of degree that may stand between a determiner and its adjective.
const DEGREE_ADVERBS: WordList = WordList::new(&[
    "very", "most", "more", "less", "least", "so", "too", "rather", "quite", "fairly", "pretty",
]);

/// The finite forms of "be" (and "be", "been"): copulas, and before an `-ing` form the
/// progressive. A noun phrase after a copula predicates of the subject ([`is_copula`]).
const BE_FORMS: WordList = WordList::new(&[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "isn’t",
    "aren’t",
    "wasn’t",
    "weren’t",
]);

/// Copulas other than the finite forms of "be" ([`BE_FORMS`]).
const LINKING_VERBS: WordList = WordList::new(&[
    "being", "remains", "remain", "remained", "became", "become", "becomes", "seems", "seem",
    "seemed", "as",
]);

/// A copula: a form of "be" or another linking verb ("remains", "seems", "as").
fn is_copula(w: &str) -> bool {
    BE_FORMS.has(w) || LINKING_VERBS.has(w)
}

/// Words before a "like" that predicates its noun phrase of the subject ("looks like",
/// "more like"): the verbs of appearance and conduct and the degree words of the idioms
/// layer's comparison phrases.
const LIKENESS_LINKS: WordList = WordList::new(&[
    "more", "less", "much", "just", "exactly", "rather", "look", "looks", "looked", "looking",
    "seem", "seems", "seemed", "sound", "sounds", "sounded", "act", "acts", "acted", "acting",
    "behave", "behaves", "behaved", "behaving",
]);

/// Words that may stand between a copula and its noun phrase.
const NEGATIONS_AND_ADVERBS: WordList = WordList::new(&[
    "not", "never", "n't", "still", "also", "always", "once", "again", "now", "hardly", "no",
    "longer", "yet", "just", "indeed",
]);

/// Function words that cannot be the head noun after an attributive word.
const NOT_A_HEAD: WordList = WordList::new(&[
    "of", "by", "and", "or", "but", "nor", "than", "which", "who", "whom", "whose", "is", "are",
    "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could", "may",
    "might", "must", "should", "shall", "does", "do", "did", "not", "as", "so", "it", "they", "he",
    "she", "we", "i", "you", "this", "these", "those", "there", "here", "then",
]);

/// Prepositions that make the following noun phrase an oblique (a place, a partner, a
/// goal), not the subject. "by" (the agent of a passive) and "of" (the head's complement:
/// "the government of Azerbaijan") are left out on purpose.
const OBLIQUE_PREPOSITIONS: WordList = WordList::new(&[
    "in",
    "into",
    "inside",
    "within",
    "with",
    "without",
    "to",
    "toward",
    "towards",
    "for",
    "against",
    "from",
    "on",
    "onto",
    "upon",
    "at",
    "about",
    "over",
    "under",
    "between",
    "among",
    "amongst",
    "across",
    "through",
    "throughout",
    "via",
    "near",
    "beyond",
    "behind",
    "beside",
    "like",
    "unlike",
    "after",
    "before",
    "since",
    "during",
    "despite",
]);

/// Words that open a subordinate clause with a subject of its own ("Baku fears *that* the
/// talks will stall"). Relative pronouns (which, who) are left out: their clause is about
/// the noun before them ("Iran, which sponsors terror").
const SUBORDINATORS: WordList = WordList::new(&[
    "that", "because", "while", "whereas", "although", "though", "if", "unless", "whether", "when",
    "until",
]);

/// Words between a preposition and its noun phrase that do not end the phrase.
const NP_DETERMINERS: WordList =
    WordList::new(&["the", "a", "an", "both", "either", "neither", "all"]);

/// Nouns of a party's standing: harm done to one judges how its owner fares, not its doer.
const REPUTATION_NOUNS: WordList = WordList::new(&[
    "reputation",
    "image",
    "standing",
    "credibility",
    "prestige",
    "legitimacy",
]);

/// Nouns of those whom force or the law rightly befalls: arresting, expelling or killing
/// them says how they (and whoever sent them) fare, and blames no one ("police arrested a
/// spy ring working for Iranian intelligence").
const WRONGDOER_NOUNS: WordList = WordList::new(&[
    "spy",
    "spies",
    "agent",
    "agents",
    "operative",
    "operatives",
    "terrorist",
    "terrorists",
    "militant",
    "militants",
    "saboteur",
    "saboteurs",
    "smuggler",
    "smugglers",
    "plotter",
    "plotters",
    "infiltrator",
    "infiltrators",
    "mercenary",
    "mercenaries",
    "assassin",
    "assassins",
    "hitman",
    "hitmen",
    "gunman",
    "gunmen",
    "insurgent",
    "insurgents",
    "jihadist",
    "jihadists",
    "suspects",
    "cell",
    "cells",
    "ring",
]);

/// Auxiliaries of the passive besides the forms of "be" ([`BE_FORMS`]): "*being* held",
/// "*got* arrested".
const PASSIVE_AUXILIARIES: WordList =
    WordList::new(&["being", "get", "gets", "got", "getting", "gotten"]);

/// Verbs of coercion by a state ("arrested", "jailed", "tortured"): in the passive with no
/// agent named, the state of the place named after "in" did it ("activists have been
/// *arrested* in *Azerbaijan*").
const STATE_COERCION_VERBS: WordList = WordList::new(&[
    "arrested",
    "detained",
    "jailed",
    "imprisoned",
    "sentenced",
    "convicted",
    "prosecuted",
    "persecuted",
    "tortured",
    "harassed",
    "banned",
    "censored",
    "expelled",
    "deported",
    "executed",
    "silenced",
    "intimidated",
]);

/// How many tokens after a verb of state coercion the place of a passive may start ("were
/// jailed last year in *Baku*").
const COERCION_PLACE_REACH: usize = 6;

/// How many tokens after "by" a passive's agent may start ("by *Iranian*-backed
/// militias", "by the *Iranian* regime", "by forces loyal to *Tehran*").
const PASSIVE_AGENT_REACH: usize = 4;

/// The agent of the hit at `hit` when it is a verb in the passive voice: a past participle
/// after a form of "be" (adverbs allowed between: "has *repeatedly* been threatened") or
/// right before "by" ("villages looted by militias"). `None` when the hit is no passive;
/// `Some(agent)` when it is, the agent being the first party named within
/// [`PASSIVE_AGENT_REACH`] tokens after "by" in the hit's clause, if any; with none, for a
/// verb of state coercion ([`STATE_COERCION_VERBS`]), the place named right after "in". A
/// passive whose subject names wrongdoers ("Iranian spies were detained") is left to the
/// rules of force against wrongdoers: `None`.
fn passive_agent(
    text: &str,
    tokens: &[Token],
    mentions: &[Mention],
    cuts: &[usize],
    clause: bool,
    hit: Span,
) -> Option<Option<usize>> {
    let first = token_at(tokens, hit.start);
    let last = token_at(tokens, hit.end.saturating_sub(1));
    let word = word_at(text, tokens, first);
    // A hyphenated compound ending in "-ed" is an adjective ("short-sighted",
    // "ill-conceived"), not a verb in the passive.
    if is_ing_form(word) || !is_participle(word) || word.contains('-') {
        return None;
    }
    let by = last + 1;
    let agent_follows = word_at(text, tokens, by).eq_ignore_ascii_case("by");
    let auxiliary_before = word_before_adverbs(text, tokens, first).is_some_and(|p| {
        let w = word_at(text, tokens, p);
        BE_FORMS.has(w) || PASSIVE_AUXILIARIES.has(w)
    });
    if !agent_follows && !auxiliary_before {
        return None;
    }
    let subject_names_wrongdoers =
        subject_before(tokens, first).any(|k| WRONGDOER_NOUNS.has(word_at(text, tokens, k)));
    if subject_names_wrongdoers {
        return None;
    }
    let in_clause = same_clause(cuts, clause, hit);
    let agent = agent_follows
        .then(|| {
            party_after(
                text,
                tokens,
                mentions,
                &in_clause,
                by,
                PASSIVE_AGENT_REACH,
                None,
            )
        })
        .flatten();
    // No party named as the agent: coercion by a state is the state's where it happened,
    // else, of a country's own journalists or activists, their state's.
    let coercion = STATE_COERCION_VERBS.has(word);
    let place = || {
        coercion
            .then(|| {
                let reach = COERCION_PLACE_REACH;
                party_after(text, tokens, mentions, &in_clause, last, reach, Some("in"))
            })
            .flatten()
    };
    let own_state = || {
        coercion
            .then(|| civil_society_state(text, tokens, mentions, first))
            .flatten()
    };
    Some(agent.or_else(place).or_else(own_state))
}

/// A passive verb's subject, as token indices: the words and numbers right before token
/// `first`, back to the previous punctuation, at most six.
fn subject_before(tokens: &[Token], first: usize) -> std::ops::Range<usize> {
    let n = tokens
        .get(..first)
        .unwrap_or_default()
        .iter()
        .rev()
        .take_while(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .take(6)
        .count();
    first - n..first
}

/// Words of help, whose object is judged by what they help.
const HELP_WORDS: WordList = WordList::new(&["help", "helps", "helped", "helping"]);

/// How many tokens after a help word the harm it helps may start ("helped the Aliyev
/// government *harass*…": four).
const HELP_REACH_TOKENS: usize = 5;

/// Whether `help` is a word of help followed in its clause, within [`HELP_REACH_TOKENS`],
/// by a word of negative valence among `hits`: help to a harm ("helped Azerbaijan
/// *terrorize* villages", "helps prolong a *brutal* bombing") is no praise; the harm is
/// aimed by its own rules and the help word counts for nothing.
pub(crate) fn helps_harm<'h>(
    text: &str,
    tokens: &[Token],
    mut hits: impl Iterator<Item = &'h ExplainedHit>,
    help: &ExplainedHit,
) -> bool {
    if help.base <= 0.0 || !HELP_WORDS.has(help.span.slice(text)) {
        return false;
    }
    let last = token_at(tokens, help.span.end.saturating_sub(1));
    hits.any(|h| {
        let at = token_at(tokens, h.span.start);
        h.base < 0.0
            && at > last
            && at <= last + HELP_REACH_TOKENS
            && !(last + 1..at).any(|k| text::is_clause_break(text, tokens, k))
    })
}

/// Nouns of a country's civil society: held by the state, they are its own critics.
const CIVIL_SOCIETY_NOUNS: WordList = WordList::new(&[
    "journalist",
    "journalists",
    "reporter",
    "reporters",
    "editor",
    "editors",
    "blogger",
    "bloggers",
    "activist",
    "activists",
    "dissident",
    "dissidents",
    "critic",
    "critics",
    "opponent",
    "opponents",
    "opposition",
    "protester",
    "protesters",
    "demonstrators",
    "lawyer",
    "lawyers",
    "academic",
    "academics",
    "economist",
    "economists",
    "researcher",
    "researchers",
    "writer",
    "writers",
    "poet",
    "poets",
    "cartoonist",
    "cartoonists",
    "campaigner",
    "campaigners",
    "defender",
    "defenders",
]);

/// The state of the civil society a passive's subject names ("Two *Azerbaijani* reporters
/// were arrested", "*Azerbaijan's* best-known activists were detained"): a mention in the
/// subject (the words before the verb `first`, back to punctuation, at most six) that stands
/// before a noun of [`CIVIL_SOCIETY_NOUNS`], at most three words before it.
fn civil_society_state(
    text: &str,
    tokens: &[Token],
    mentions: &[Mention],
    first: usize,
) -> Option<usize> {
    let subject = subject_before(tokens, first);
    let noun = subject
        .clone()
        .rev()
        .find(|&k| CIVIL_SOCIETY_NOUNS.has(word_at(text, tokens, k)))?;
    mentions.iter().position(|m| {
        let at = token_at(tokens, m.span.start);
        let end = token_at(tokens, m.span.end.saturating_sub(1));
        subject.contains(&at) && end < noun && noun - end <= 3
    })
}

/// Whether a mention is in the clause of `hit` (always, when `clause` is off).
fn same_clause<'c>(cuts: &'c [usize], clause: bool, hit: Span) -> impl Fn(&Mention) -> bool + 'c {
    let c = clause_of(cuts, hit.start);
    move |m: &Mention| !clause || clause_of(cuts, m.span.start) == c
}

/// The first party named within `reach` tokens after token `after`, in the clause
/// (`in_clause`), and right after the word `preceded_by` when given: the sender of
/// wrongdoers, a passive's agent after "by", the place after "in".
fn party_after(
    text: &str,
    tokens: &[Token],
    mentions: &[Mention],
    in_clause: &dyn Fn(&Mention) -> bool,
    after: usize,
    reach: usize,
    preceded_by: Option<&str>,
) -> Option<usize> {
    mentions.iter().position(|m| {
        let at = token_at(tokens, m.span.start);
        let preceded = preceded_by.map_or(true, |w| {
            at.checked_sub(1)
                .is_some_and(|p| word_at(text, tokens, p).eq_ignore_ascii_case(w))
        });
        at > after && at <= after + reach && preceded && in_clause(m)
    })
}

/// Verbs of disruption by the authorities ("dismantled", "foiled", "crushed"): the group
/// they disrupt may be named by a general noun of organised wrongdoing
/// ([`ORGANISED_WRONGDOING`]).
const DISRUPTION_VERBS: WordList = WordList::new(&[
    "dismantle",
    "dismantles",
    "dismantled",
    "dismantling",
    "bust",
    "busts",
    "busted",
    "busting",
    "foil",
    "foils",
    "foiled",
    "foiling",
    "thwart",
    "thwarts",
    "thwarted",
    "thwarting",
    "smash",
    "smashes",
    "smashed",
    "smashing",
    "crush",
    "crushes",
    "crushed",
    "crushing",
    "disrupt",
    "disrupts",
    "disrupted",
    "disrupting",
]);

/// The forms of "break", a verb of disruption only as the phrasal verb "break up".
const BREAK_FORMS: WordList = WordList::new(&["break", "breaks", "breaking", "broke", "broken"]);

/// Nouns that name a group of wrongdoers only as the object of a verb of disruption ("broke
/// up a *network* run by…", "foiled a *plot*"); after other verbs they are no wrongdoers
/// ("attacked a *network* of border posts").
const ORGANISED_WRONGDOING: WordList = WordList::new(&[
    "network",
    "networks",
    "plot",
    "plots",
    "gang",
    "gangs",
    "scheme",
    "schemes",
    "conspiracy",
    "conspiracies",
]);

/// Whether the verb ending at token `last` has a wrongdoer noun in its object: within four
/// words, before any punctuation, preposition or conjunction ("detained three Iranian
/// *agents*", but not "an invasion or use of *terrorist* proxies"). After a verb of
/// disruption (`disrupts`), a noun of organised wrongdoing counts too.
fn wrongdoer_object(text: &str, tokens: &[Token], last: usize, disrupts: bool) -> bool {
    object_words(text, tokens, last)
        .take_while(|w| !OBJECT_ENDS.has(w))
        .take(4)
        .any(|w| WRONGDOER_NOUNS.has(w) || (disrupts && ORGANISED_WRONGDOING.has(w)))
}

/// Whether a valence hit is a verb of disruption: one of [`DISRUPTION_VERBS`], or "break
/// up" in any form ("broke up", "broken up"; "broke" alone is no disruption).
fn is_disruption(hit: &str) -> bool {
    let mut words = hit.split_whitespace();
    let first = words.next().unwrap_or("");
    match (words.next(), words.next()) {
        (None, _) => DISRUPTION_VERBS.has(first),
        (Some(up), None) => up.eq_ignore_ascii_case("up") && BREAK_FORMS.has(first),
        _ => false,
    }
}

/// The words after the verb ending at token `last`, up to the next punctuation (a
/// possessive "'s" written as its own token is passed over, not an end).
fn object_words<'t>(
    text: &'t str,
    tokens: &'t [Token],
    last: usize,
) -> impl Iterator<Item = &'t str> + 't {
    tokens
        .iter()
        .skip(last.saturating_add(1))
        .take_while(move |t| {
            matches!(t.kind, TokenKind::Word | TokenKind::Number)
                || matches!(t.span.slice(text), "'s" | "\u{2019}s")
        })
        .filter(|t| t.kind == TokenKind::Word)
        .map(move |t| t.span.slice(text))
}

/// Words that end a verb's object phrase (prepositions, conjunctions, relative pronouns).
const OBJECT_ENDS: WordList = WordList::new(&[
    "of", "or", "and", "for", "with", "to", "in", "on", "at", "against", "from", "by", "that",
    "who", "which", "as",
]);

/// How far after a verb of force the party behind its wrongdoer object may be named ("a spy
/// ring working for Iranian intelligence": six tokens).
const WRONGDOER_REACH_TOKENS: usize = 8;

/// Whether the verb ending at token `last` has a noun of standing in its object, within four
/// words and before any punctuation ("damaged Israel's reputation", "hurt its image abroad"):
/// the harm is to the owner's standing, as "tarnished" says by itself.
fn harms_reputation(text: &str, tokens: &[Token], last: usize) -> bool {
    object_words(text, tokens, last)
        .take(4)
        .any(|w| REPUTATION_NOUNS.has(w))
}

fn word_at<'t>(text: &'t str, tokens: &[Token], j: usize) -> &'t str {
    tokens.get(j).map_or("", |t| t.span.slice(text))
}

fn one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// A word list read with [`one_of`]'s test (ASCII case ignored), which first turns down,
/// by a compile-time table of the (length, first letter) pairs its words have, the words
/// of no such pair: most of those asked about.
#[derive(Clone, Copy, Debug)]
struct WordList {
    words: &'static [&'static str],
    /// Per length (15: 15 or more bytes), bit `first_class` set: some word has that
    /// length and first byte.
    shapes: [u32; 16],
}

/// The class of a word's first byte for [`WordList`]: its letter (either case) 0–25,
/// any other byte 26–31. Bytes equal but for ASCII case have the same class.
const fn first_class(b: u8) -> u32 {
    if b.is_ascii_alphabetic() {
        ((b | 0x20) - b'a') as u32
    } else {
        26 + (b % 6) as u32
    }
}

impl WordList {
    const fn new(words: &'static [&'static str]) -> Self {
        let mut shapes = [0u32; 16];
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            if !w.is_empty() {
                let n = if w.len() < 15 { w.len() } else { 15 };
                shapes[n] |= 1 << first_class(w[0]);
            }
            i += 1;
        }
        WordList { words, shapes }
    }

    fn has(&self, word: &str) -> bool {
        let Some(&first) = word.as_bytes().first() else {
            return self.words.contains(&"");
        };
        self.shapes[word.len().min(15)] >> first_class(first) & 1 == 1 && one_of(word, self.words)
    }
}

/// Whether mention `i` can be a clause's subject: not an oblique, unless a possessive
/// ("in Baku's view": Baku's view is the subject's owner), and not the object of an
/// infinitive ("Israel's decision to arm *Azerbaijan* was reckless" is Israel's).
fn may_be_subject(text: &str, tokens: &[Token], mentions: &[Mention], i: usize) -> bool {
    (!is_oblique(text, tokens, mentions, i) || text::is_possessive(text, tokens, mentions[i].span))
        && !is_infinitive_object(text, tokens, mentions[i].span)
}

/// Whether the mention at `span` follows "to" and a verb, determiners allowed between:
/// the object of an infinitive ("to arm *Azerbaijan*", "to buy the *Israeli* drones").
fn is_infinitive_object(text: &str, tokens: &[Token], span: Span) -> bool {
    let j = np_start(text, tokens, token_at(tokens, span.start));
    j >= 2
        && word_at(text, tokens, j - 2).eq_ignore_ascii_case("to")
        && tokens[j - 1].kind == TokenKind::Word
        && word_at(text, tokens, j - 1)
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase())
        && !OBLIQUE_PREPOSITIONS.has(word_at(text, tokens, j - 1))
}

/// The mention whose last token is token `t`.
fn mention_ending_at(tokens: &[Token], mentions: &[Mention], t: usize) -> Option<usize> {
    mentions
        .iter()
        .position(|m| token_at(tokens, m.span.end.saturating_sub(1)) == t)
}

/// Whether mention `i` is governed by a preposition, directly or as a later conjunct of
/// a governed mention ("with Turkey and Israel").
fn is_oblique(text: &str, tokens: &[Token], mentions: &[Mention], i: usize) -> bool {
    let mut first = token_at(tokens, mentions[i].span.start);
    // Conjuncts: at most a few hops back, each to an earlier mention.
    for _ in 0..mentions.len() {
        let j = np_start(text, tokens, first);
        if j == 0 {
            return false;
        }
        let w = word_at(text, tokens, j - 1);
        // After a preposition, or as the object of a gerund or participle ("opposing
        // Israel", "including Iran"): not the subject either way.
        if OBLIQUE_PREPOSITIONS.has(w) || is_ing_form(w) {
            // "the authorities *in* Baku": the place names whose institution it is.
            return !(one_of(w, &["in", "from"]) && heads_institution(text, tokens, j - 1));
        }
        if !(one_of(w, &["and", "or", ","]) && j >= 2) {
            return false;
        }
        // The conjunct before: a mention ending right at token j - 2.
        let prev_end = tokens[j - 2].span.end;
        match mentions.iter().find(|m| {
            m.span.end <= prev_end && token_at(tokens, m.span.end.saturating_sub(1)) == j - 2
        }) {
            Some(m) => first = token_at(tokens, m.span.start),
            None => return false,
        }
    }
    false
}

/// Whether the preposition at token `p` follows a noun of [`INSTITUTION_NOUNS`] that is
/// itself no oblique ("*the authorities* in Baku", not "for the regime in Baku").
fn heads_institution(text: &str, tokens: &[Token], p: usize) -> bool {
    let Some(noun) = p.checked_sub(1) else {
        return false;
    };
    if !INSTITUTION_NOUNS.has(word_at(text, tokens, noun)) {
        return false;
    }
    let k = np_start(text, tokens, noun);
    k == 0 || !OBLIQUE_PREPOSITIONS.has(word_at(text, tokens, k - 1))
}

/// The first token of the noun phrase whose word is token `t`: back over the determiners
/// before it ("*the* authorities", "*all the* parties").
fn np_start(text: &str, tokens: &[Token], t: usize) -> usize {
    let mut k = t;
    while k > 0 && NP_DETERMINERS.has(word_at(text, tokens, k - 1)) {
        k -= 1;
    }
    k
}

/// Nouns of a state's institutions and of the processes they run: "the authorities in
/// Baku" is Baku acting and "the trials in Baku" are its courts' doing, so the mention
/// after "in" or "from" is the subject's head, not a place.
const INSTITUTION_NOUNS: WordList = WordList::new(&[
    "authorities",
    "government",
    "regime",
    "officials",
    "leadership",
    "leaders",
    "rulers",
    "police",
    "courts",
    "judiciary",
    "military",
    "army",
    "forces",
    "services",
    "elite",
    "elites",
    "establishment",
    "administration",
    "ministry",
    "parliament",
    "prosecutors",
    "judges",
    "prisons",
    "election",
    "elections",
    "referendum",
    "trial",
    "trials",
]);

/// The aim-filter category whose words name another party by its relation to the
/// possessor ("Israel's enemies", "its critics"): aimed at the possessor they judge no one.
pub const RELATIONAL_CATEGORY: &str = "relational";

/// What the aim filter says of a valence hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AimFiltered {
    /// Not covered by the filter.
    No,
    /// Never aimed (descriptive and experiencer words).
    Always,
    /// Not aimed at a possessor (relational nouns).
    AtPossessor,
}

fn aim_filter_of(filter: &Matcher, filter_hits: &[Hit], span: Span) -> AimFiltered {
    let mut out = AimFiltered::No;
    for f in filter_hits.iter().filter(|f| f.span.overlaps(span)) {
        if filter.entry(f.rule).category == RELATIONAL_CATEGORY {
            out = AimFiltered::AtPossessor;
        } else {
            return AimFiltered::Always;
        }
    }
    out
}

/// [`aim_filter_of`], where a word right before a relation word ("*bitter* enemies",
/// "*fierce* rivals") describes the relation and is read like it.
fn aim_filter_with_relation(
    filter: &Matcher,
    filter_hits: &[Hit],
    tokens: &[Token],
    span: Span,
) -> AimFiltered {
    match aim_filter_of(filter, filter_hits, span) {
        AimFiltered::No => {
            let next = token_at(tokens, span.end);
            let relation = tokens.get(next).is_some_and(|t| {
                aim_filter_of(filter, filter_hits, t.span) == AimFiltered::AtPossessor
            });
            if relation {
                AimFiltered::AtPossessor
            } else {
                AimFiltered::No
            }
        }
        other => other,
    }
}

/// Whether a hit of `entry` at `span` is a word of a proper name rather than an evaluation:
/// the rule is written in small letters, yet the text capitalises the hit's first word
/// where nothing else would (after a word or a number, so not for opening a sentence, a
/// quotation or a clause after a colon), and a capitalised word stands right before or after
/// it, or past one joining word: "the Comprehensive Strategic Partnership Agreement",
/// "Freedom House", "the Free Syrian Army", "the Peace and Security Forum". A rule written
/// with a capital ("Artsakh", "Axis of Resistance"), or case-sensitive, names on purpose
/// and is never dropped; so are the capitalised nouns of a lexicon for a language that
/// capitalises every noun.
fn is_name_word(text: &str, tokens: &[Token], entry: &crate::lexicon::Entry, span: Span) -> bool {
    let starts_capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // Most hits are in small letters: settled by their first character.
    if !text.get(span.start..).is_some_and(starts_capital) {
        return false;
    }
    if entry.case_sensitive
        || starts_capital(&entry.pattern)
        || entry.aliases.iter().any(|a| starts_capital(a))
    {
        return false;
    }
    let first = text::token_at(tokens, span.start);
    let last = text::token_at(tokens, span.end.saturating_sub(1));
    let capitalised = |t: &Token| t.kind == TokenKind::Word && starts_capital(t.span.slice(text));
    let Some(word) = tokens.get(first) else {
        return false;
    };
    if first == 0 || word.case != text::Case::Title {
        return false;
    }
    let before = &tokens[first - 1];
    if !matches!(before.kind, TokenKind::Word | TokenKind::Number) {
        return false;
    }
    // The sentence's first word is capitalised anyway: it does not make a name. A name may
    // hold one small joining word ("Peace and Security Forum", "Axis of Resistance").
    let joining = |t: &Token| NAME_JOINERS.contains(&t.span.slice(text));
    let capitalised_before = (first >= 2 && capitalised(before))
        || (first >= 3 && joining(before) && capitalised(&tokens[first - 2]));
    let capitalised_after = match tokens.get(last + 1) {
        Some(t) if joining(t) => tokens.get(last + 2).is_some_and(capitalised),
        Some(t) => capitalised(t),
        None => false,
    };
    capitalised_before || capitalised_after
}

/// Small words that may join the capitalised words of one name.
const NAME_JOINERS: [&str; 4] = ["of", "and", "for", "&"];

/// Where a word naming a relation (the aim filter's `relational` words: "enemies",
/// "rivals") aimed at mention `at` really points when that mention is one of two parties
/// joined by "and" ("Iran and Israel are enemies"): the word names the relation between
/// them, not a quality of the nearer one. When the other party is the adversary and the
/// found one is not, the hostility named is the adversary's, so the other one is returned;
/// otherwise `at`.
fn relation_between_conjuncts(
    text: &str,
    tokens: &[Token],
    mentions: &[Mention],
    at: usize,
    role_of: &dyn Fn(usize) -> f64,
) -> usize {
    // Mentions `a` then `b`, with only "and" between them.
    let joined = |a: usize, b: usize| {
        let (Some(ma), Some(mb)) = (mentions.get(a), mentions.get(b)) else {
            return false;
        };
        let next = token_at(tokens, ma.span.end);
        word_at(text, tokens, next).eq_ignore_ascii_case("and")
            && tokens
                .get(next + 1)
                .is_some_and(|t| t.span.start == mb.span.start)
    };
    let partner = at
        .checked_sub(1)
        .filter(|&p| joined(p, at))
        .or_else(|| Some(at + 1).filter(|&n| joined(at, n)));
    match partner {
        Some(p) if role_of(p) < 0.0 && role_of(at) >= 0.0 => p,
        _ => at,
    }
}

/// Whether the mention is a possessor: a possessive ("Baku's") or a possessive pronoun
/// standing for an entity ("its").
fn is_possessor(text: &str, tokens: &[Token], span: Span) -> bool {
    one_of(span.slice(text), &["its", "their", "his", "her"])
        || text::is_possessive(text, tokens, span)
}

fn bundled_scorer() -> Result<&'static ValenceScorer, LexiconError> {
    static CELL: OnceLock<Result<ValenceScorer, LexiconError>> = OnceLock::new();
    CELL.get_or_init(ValenceScorer::bundled)
        .as_ref()
        .map_err(Clone::clone)
}

/// A cue hit of one of the sentence's topics; `aimed` is the entity an actor cue is
/// aimed at with its role sign (−1 when that entity's role is opposite to the cue's actor).
struct CueHit<'a> {
    topic: usize,
    hit: &'a ExplainedHit,
    aimed: Option<(usize, f64)>,
}

/// The sentence's mentions plus `it`/`its` and "the country", "the regime"… (see
/// [`is_definite_description`]) read as the nearest earlier mention of the
/// sentence that is not an oblique (else the nearest; a naive subject-first antecedent rule,
/// kept only when the antecedent has a role), so that "While the alliance
/// brings benefits, it is dangerous" aims "dangerous" at the alliance. Expletive `it` ("it
/// is likely that", "it turns out") is not a mention. Into `out`, emptied first.
fn with_anaphora_into(
    text: &str,
    tokens: &[Token],
    mentions: &[Mention],
    subject: &Subject,
    out: &mut Vec<Mention>,
) {
    out.clear();
    out.extend_from_slice(mentions);
    for (k, t) in tokens.iter().enumerate() {
        // By length and first letter first: this runs on every word of the sentence.
        let w = t.span.slice(text);
        let first = w.as_bytes().first().map_or(0, |b| b | 0x20);
        let pronoun = matches!(t.span.len(), 2 | 3)
            && first == b'i'
            && (w.eq_ignore_ascii_case("it") || w.eq_ignore_ascii_case("its"));
        let description = || {
            matches!(t.span.len(), 5..=14)
                && matches!(first, b'c' | b'r' | b'g' | b's' | b'k')
                && is_definite_description(text, tokens, k)
        };
        if !pronoun && !description() {
            continue;
        }
        if w.eq_ignore_ascii_case("it") && is_expletive_it(text, tokens, k) {
            continue;
        }
        // The nearest earlier subject: a mention that is neither an oblique nor a verb's
        // object ("Although Iran may attack Azerbaijan, *its* proxies…" is Iran's); else
        // the nearest that is no oblique; else the nearest.
        let earlier = || {
            mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| m.span.end <= t.span.start)
        };
        let subjects = || earlier().filter(|&(i, _)| may_be_subject(text, tokens, mentions, i));
        // A possessive in an object ("views *Azerbaijan's* policy and its…") stays; one in a
        // prepositional phrase ("benefits from *Israel's* sales") does not.
        let antecedent = earlier()
            .filter(|&(i, m)| {
                !is_oblique(text, tokens, mentions, i)
                    && (text::is_possessive(text, tokens, m.span)
                        || !is_object(text, tokens, m.span))
            })
            .max_by_key(|(_, m)| m.span.end)
            .or_else(|| subjects().max_by_key(|(_, m)| m.span.end))
            .or_else(|| earlier().max_by_key(|(_, m)| m.span.end))
            .map(|(_, m)| m);
        // "the country" may be a state the subject does not know: a name between the
        // antecedent and the description ("… rebuilding *Syria* … of the country") is the
        // likelier one, and the description then stands for no mention.
        let unknown_name_between = |a: &Mention| {
            !pronoun
                && tokens.iter().enumerate().any(|(j, x)| {
                    j > 0
                        && x.span.start >= a.span.end
                        && x.span.end <= t.span.start
                        && x.kind == TokenKind::Word
                        && x.case == text::Case::Title
                        && !mentions.iter().any(|m| m.span.overlaps(x.span))
                })
        };
        if let Some(a) = antecedent
            .filter(|a| subject.entities[a.entity].role.sign() != 0.0 && !unknown_name_between(a))
        {
            out.push(Mention {
                entity: a.entity,
                span: t.span,
            });
        }
    }
    out.sort_by_key(|m| m.span.start);
}

/// Whether token `k` is a noun of [`STATE_DESCRIPTIONS`] right after "the", as itself or
/// as a possessive ("the country's record"): a definite description of a state named
/// before, read as `its` is.
fn is_definite_description(text: &str, tokens: &[Token], k: usize) -> bool {
    // "the" first: the test runs on most words of a sentence, few of which follow it.
    let after_the = k.checked_sub(1).is_some_and(|p| {
        tokens[p].span.len() == 3 && word_at(text, tokens, p).eq_ignore_ascii_case("the")
    });
    if !after_the {
        return false;
    }
    let w = word_at(text, tokens, k);
    let noun = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("\u{2019}s"))
        .unwrap_or(w);
    STATE_DESCRIPTIONS.has(noun)
}

/// Nouns by which news prose refers back to a state it has named ("the country", "the
/// regime"); [`with_anaphora_into`] tests their lengths (5 to 14 bytes with a possessive)
/// and first letters before the list.
const STATE_DESCRIPTIONS: WordList = WordList::new(&[
    "country",
    "regime",
    "government",
    "state",
    "republic",
    "kingdom",
]);

/// Whether the mention at `span` is a verb's object: the word before it is a finite or
/// base-form verb ("threatens *Baku*", "may attack *Azerbaijan*").
fn is_object(text: &str, tokens: &[Token], span: Span) -> bool {
    let first = token_at(tokens, span.start);
    let Some(p) = first.checked_sub(1) else {
        return false;
    };
    tokens[p].kind == TokenKind::Word && is_verb_at(text, tokens, p)
}

/// "it is likely / clear / true …", "it seems", "it turns out": `it` points at no thing.
fn is_expletive_it(text: &str, tokens: &[Token], k: usize) -> bool {
    let next = word_at(text, tokens, k + 1);
    let after = word_at(text, tokens, k + 2);
    if one_of(
        next,
        &["seems", "seemed", "appears", "appeared", "turns", "turned"],
    ) {
        return true;
    }
    // "it makes (good) sense to…"
    if one_of(next, &["makes", "made", "make"])
        && (after.eq_ignore_ascii_case("sense")
            || word_at(text, tokens, k + 3).eq_ignore_ascii_case("sense"))
    {
        return true;
    }
    one_of(
        next,
        &[
            "is", "was", "remains", "would", "will", "may", "might", "has",
        ],
    ) && one_of(
        after,
        &[
            "likely",
            "unlikely",
            "clear",
            "unclear",
            "true",
            "possible",
            "impossible",
            "important",
            "necessary",
            "obvious",
            "evident",
            "worth",
            "hard",
            "easy",
            "time",
            "be",
            "been",
            "not",
            "no",
            "said",
            "believed",
            "reported",
        ],
    )
}

fn bundled_aim_filter() -> Result<&'static Matcher, LexiconError> {
    static CELL: OnceLock<Result<Matcher, LexiconError>> = OnceLock::new();
    CELL.get_or_init(|| bundled::aim_filters()?.compile())
        .as_ref()
        .map_err(Clone::clone)
}

fn check_span(text: &str, span: Span) -> Result<(), TargetError> {
    let ok = span.start < span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end);
    if ok {
        Ok(())
    } else {
        Err(TargetError::BadSpan {
            start: span.start,
            end: span.end,
            len: text.len(),
        })
    }
}

/// Valence hit `h` (spans `offset` bytes into the text) aimed at `entity`; `rule_id` and
/// `text` are its rule's id and its words (a hit of stance scoring carries them empty).
fn entity_contribution(
    h: &ExplainedHit,
    rule_id: String,
    text: String,
    offset: usize,
    entity: Option<String>,
    role: f64,
    dir: f64,
) -> Contribution {
    let mut modifiers = Vec::with_capacity(h.modifiers.len() + 1); // room for a relation
    modifiers.extend(h.modifiers.iter().map(|m| shifted(m, offset)));
    Contribution {
        kind: ContributionKind::EntityValence,
        rule_id,
        text,
        span: Span::new(h.span.start + offset, h.span.end + offset),
        base: h.base,
        modifiers,
        modified: h.contribution,
        entity,
        role_sign: role,
        direction: dir,
        reported: h.reported.map(|r| shift_reported(r, offset)),
        value: h.contribution * role * dir,
    }
}

fn shift(mods: &[AppliedModifier], offset: usize) -> Vec<AppliedModifier> {
    mods.iter().map(|m| shifted(m, offset)).collect()
}

fn shifted(m: &AppliedModifier, offset: usize) -> AppliedModifier {
    AppliedModifier {
        span: m.span.map(|s| Span::new(s.start + offset, s.end + offset)),
        ..m.clone()
    }
}

fn shift_reported(r: Reported, offset: usize) -> Reported {
    Reported {
        cue: Span::new(r.cue.start + offset, r.cue.end + offset),
        speaker: r
            .speaker
            .map(|s| Span::new(s.start + offset, s.end + offset)),
    }
}

/// Stance aimed at the thing mentioned at `span` of the sentence `text`, without a
/// subject: plain valence of the hits in the span's clause that are not nearer another
/// word… (no other entities are known, so every hit of the clause counts). See
/// [`StanceEngine::target_stance`] for the subject-aware version.
///
/// A span that is empty, out of range or not on char boundaries is an error, never a
/// panic.
///
/// ```
/// use stancelens::stance::{target_stance, StanceLabel};
/// use stancelens::Span;
/// let t = target_stance("The plan is excellent, but the weather is awful.", Span::new(4, 8))?;
/// assert_eq!(t.label, StanceLabel::Favour);
/// assert!(target_stance("abc", Span::new(2, 9)).is_err());
/// # Ok::<(), stancelens::stance::TargetError>(())
/// ```
pub fn target_stance(text: &str, span: Span) -> Result<TargetStance, TargetError> {
    check_span(text, span)?;
    let scorer = bundled_scorer()?;
    let filter = bundled_aim_filter()?;
    Ok(target_stance_with(scorer, filter, None, text, span, true))
}

fn target_stance_with(
    scorer: &ValenceScorer,
    filter: &Matcher,
    subject: Option<&Subject>,
    text: &str,
    span: Span,
    clause: bool,
) -> TargetStance {
    let tokens = text::tokenize(text);
    let cuts = clause_cuts(text, &tokens);
    let mut mentions = match subject {
        Some(s) => s.mentions_in(text, &tokens, &mut Scratch::default()),
        None => Vec::new(),
    };
    // The target mention: the one overlapping the span, else the span itself.
    let target_idx = mentions.iter().position(|m| m.span.overlaps(span));
    let role = match (subject, target_idx) {
        (Some(s), Some(i)) => s.entities[mentions[i].entity].role.sign(),
        _ => 1.0,
    };
    let entity = match (subject, target_idx) {
        (Some(s), Some(i)) => Some(s.entities[mentions[i].entity].id.clone()),
        _ => None,
    };
    let target_pos = match target_idx {
        Some(i) => {
            mentions[i].span = span;
            i
        }
        None => {
            mentions.push(Mention {
                entity: usize::MAX,
                span,
            });
            mentions.sort_by_key(|m| m.span.start);
            mentions.iter().position(|m| m.span == span).unwrap_or(0)
        }
    };
    let v = scorer.score(text);
    let not_aimed = {
        let mut out = Vec::new();
        filter.find_in_tokens(text, &tokens, &mut Scratch::default(), &mut out);
        out
    };
    let role_of = |i: usize| match subject {
        Some(s) => s
            .entities
            .get(mentions[i].entity)
            .map_or(0.0, |e| e.role.sign()),
        None => 0.0,
    };
    let mut evidence = Vec::new();
    for h in v.explanation.hits() {
        // Zero-weight rules (names, shadowing phrases) carry no valence: never evidence;
        // nor do words of the aim filter (descriptive or experiencer words).
        let filtered = aim_filter_with_relation(filter, &not_aimed, &tokens, h.span);
        if h.base == 0.0
            || h.span.overlaps(span)
            || filtered == AimFiltered::Always
            || is_name_word(text, &tokens, scorer.matcher().entry(h.rule), h.span)
        {
            continue;
        }
        let aimed = aim_valence(
            text,
            h.span,
            h.base,
            &mentions,
            &cuts,
            clause,
            &tokens,
            &role_of,
            is_negated(h),
        );
        let aimed = aimed.map(|a| match filtered {
            AimFiltered::AtPossessor => ValenceAim {
                at: relation_between_conjuncts(text, &tokens, &mentions, a.at, &role_of),
                ..a
            },
            _ => a,
        });
        if let Some(a) = aimed.filter(|a| a.at == target_pos) {
            if filtered == AimFiltered::AtPossessor
                && is_possessor(text, &tokens, mentions[target_pos].span)
            {
                continue;
            }
            let c = entity_contribution(
                h,
                h.rule_id.clone(),
                h.text.clone(),
                0,
                entity.clone(),
                role,
                1.0,
            );
            evidence.push(match a.via {
                Some(o) => through_relation(c, mentions[o].span, role_of(o)),
                None => c,
            });
        }
    }
    let mut sum = 0.0;
    for c in &evidence {
        sum += c.value;
    }
    let score = (!evidence.is_empty()).then(|| squash(sum));
    let label = match score {
        None => StanceLabel::NotCovered,
        Some(s) if s.abs() < 0.05 => StanceLabel::Neutral,
        Some(s) if s > 0.0 => StanceLabel::Favour,
        Some(_) => StanceLabel::Against,
    };
    TargetStance {
        score,
        label,
        evidence,
    }
}

impl StanceEngine {
    /// An engine over a subject and a valence lexicon stack (e.g.
    /// `bundled::valence_stack()` plus user layers). The cues are scored by a second
    /// scorer built from the stack's modifier rules and the subject's cues, so negation,
    /// hedges, contrast and reported speech apply to cues exactly as to valence words.
    ///
    /// ```
    /// use stancelens::lexicon::bundled;
    /// use stancelens::stance::StanceEngine;
    /// use stancelens::topics::Subject;
    /// let e = StanceEngine::new(Subject::bundled("israel-azerbaijan")?, bundled::valence_stack()?)?;
    /// assert!(!e.layers().is_empty());
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn new(subject: Subject, lexicon_stack: Lexicon) -> Result<Self, LexiconError> {
        let modifiers = lexicon_stack.filtered(|e| e.modifier.is_some());
        let cues = ValenceScorer::new(Lexicon::layered([modifiers, subject.cue_lexicon.clone()])?)?;
        let mut cue_topic = HashMap::new();
        for (i, t) in subject.topics.iter().enumerate() {
            for c in &t.cues {
                cue_topic.insert(c.id.as_str(), i);
            }
        }
        let cue_rules = cues
            .matcher()
            .lexicon()
            .entries()
            .iter()
            .map(|e| {
                cue_topic.get(e.id.as_str()).map(|&t| {
                    let actor = subject.topics[t].cue_actors.get(&e.id).copied();
                    (t, actor)
                })
            })
            .collect();
        let filters = bundled::aim_filters()?;
        let mut layers = lexicon_stack.layers().to_vec();
        layers.extend(filters.layers().iter().cloned());
        layers.push(subject.layer_meta());
        Ok(StanceEngine {
            valence: ValenceScorer::new(lexicon_stack)?,
            cues,
            cue_rules,
            aim_filter: Matcher::new(filters)?,
            subject,
            layers,
            vocabs: VocabCache::default(),
        })
    }

    /// Replace the entity-aim filter (by default [`bundled::aim_filters`]): valence words
    /// it matches are never aimed at an entity. Pass an empty lexicon to aim every word.
    ///
    /// ```
    /// use stancelens::lexicon::Lexicon;
    /// use stancelens::stance::StanceEngine;
    /// use stancelens::topics::Subject;
    /// let none = Lexicon::from_toml_str("[lexicon]\nname = \"none\"\nversion = \"0\"\n", "none.toml")?;
    /// let e = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?.with_aim_filters(none)?;
    /// assert!(e.layers().iter().any(|l| l.name == "none"));
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn with_aim_filters(mut self, filters: Lexicon) -> Result<Self, LexiconError> {
        // Layers are: valence stack, aim filters, subject (last).
        let end = self.layers.len().saturating_sub(1);
        let start = end.saturating_sub(self.aim_filter.lexicon().layers().len());
        self.layers
            .splice(start..end, filters.layers().iter().cloned());
        self.aim_filter = Matcher::new(filters)?;
        // The matchers changed: vocabularies built so far are stale.
        self.vocabs = VocabCache::default();
        Ok(self)
    }

    /// An engine over the bundled valence stack.
    ///
    /// ```
    /// use stancelens::stance::StanceEngine;
    /// use stancelens::topics::Subject;
    /// let e = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// assert_eq!(e.subject().meta.id, "israel-azerbaijan");
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn bundled(subject: Subject) -> Result<Self, LexiconError> {
        Self::new(subject, bundled::valence_stack()?)
    }

    /// The subject.
    pub fn subject(&self) -> &Subject {
        &self.subject
    }

    /// Provenance: the lexicon layers and the subject file (name, version, sha256).
    pub fn layers(&self) -> &[LexiconMeta] {
        &self.layers
    }

    /// Stance aimed at the entity mentioned at `span` of the sentence `text`, mapped
    /// through its role (ally +1, adversary −1, neutral 0; a span that is no entity: +1).
    /// The window is the span's clause (or the sentence, per `entity_window`); a valence
    /// hit nearer another entity mention goes to that entity. Bad spans are an error.
    ///
    /// ```
    /// use stancelens::stance::{StanceEngine, StanceLabel};
    /// use stancelens::topics::Subject;
    /// use stancelens::Span;
    /// let e = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let t = e.target_stance("Iran is a dangerous, hateful regime.", Span::new(0, 4))?;
    /// assert_eq!(t.label, StanceLabel::Favour); // hostility toward the adversary
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn target_stance(&self, text: &str, span: Span) -> Result<TargetStance, TargetError> {
        check_span(text, span)?;
        let clause = self.subject.settings.entity_window == crate::topics::EntityWindow::Clause;
        Ok(target_stance_with(
            &self.valence,
            &self.aim_filter,
            Some(&self.subject),
            text,
            span,
            clause,
        ))
    }

    /// Topics, per-topic stance and overall stance of one source.
    ///
    /// ```
    /// use stancelens::corpus::{Source, SourceMeta};
    /// use stancelens::stance::{StanceEngine, StanceLabel};
    /// use stancelens::topics::Subject;
    /// let e = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let src = Source::new(SourceMeta { id: "x".into(), ..Default::default() }, "Nothing relevant.".into());
    /// assert_eq!(e.analyse(&src).overall.label, StanceLabel::NotCovered);
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn analyse(&self, source: &Source) -> SourceStance {
        let (stance, tokens, ranges, fold) =
            self.analyse_tokens(source, &self.vocab_for(None), None);
        crate::topics::recycle(tokens, ranges, fold);
        stance
    }

    /// The vocabulary of this engine's matchers and `extra` (e.g. the bias rules' matcher
    /// of a run), for [`analyse_tokens`](Self::analyse_tokens); built once per `extra`.
    pub(crate) fn vocab_for(&self, extra: Option<&Matcher>) -> Arc<Vocab> {
        let key = extra.map(Matcher::uid);
        if let Ok(cache) = self.vocabs.0.read() {
            if let Some((_, v)) = cache.iter().find(|(k, _)| *k == key) {
                return Arc::clone(v);
            }
        }
        let s = &self.subject;
        let v = Arc::new(Vocab::new(
            [
                &s.entity_matcher,
                &s.anchor_matcher,
                &s.cue_matcher,
                self.valence.matcher(),
                self.cues.matcher(),
                &self.aim_filter,
            ]
            .into_iter()
            .chain(extra),
        ));
        if let Ok(mut cache) = self.vocabs.0.write() {
            // A few rule sets per engine at most; bounded all the same.
            if cache.len() >= 8 {
                cache.clear();
            }
            cache.push((key, Arc::clone(&v)));
        }
        v
    }

    /// [`analyse`](Self::analyse), also handing back the tokens topic detection made
    /// (absolute offsets) and each sentence's range in them, so that later stages (bias
    /// cues, claims, reprints) need not tokenize again. `known`: the tokens found when
    /// `source` was read, when kept (see [`TextTokens`]).
    pub(crate) fn analyse_tokens(
        &self,
        source: &Source,
        vocab: &Vocab,
        known: Option<&TextTokens>,
    ) -> (
        SourceStance,
        Vec<Token>,
        Vec<std::ops::Range<usize>>,
        Scratch,
    ) {
        let subject = &self.subject;
        let st = &subject.settings;
        let crate::topics::Detection {
            sentences,
            tokens: all_tokens,
            ranges,
            fold,
        } = subject.detect_tokens_with(source, Some(vocab), known);
        let text = source.text.as_str();
        let nt = subject.topics.len();
        let mut per_topic: Vec<Vec<EvidenceSentence>> = vec![Vec::new(); nt];
        let mut passages: Vec<Vec<Span>> = vec![Vec::new(); nt];
        let mut overall = Vec::new();
        let mut overall_covered = false;
        let clause = st.entity_window == crate::topics::EntityWindow::Clause;
        // The sentence's tokens shifted to start at 0, for the scorers.
        let mut rel: Vec<Token> = Vec::new();
        let mut not_aimed = Vec::new();
        let mut cue_cuts = LazyCuts::default();
        // The sentence's mentions with `it`/`its` resolved, when it has cues or valence to aim.
        let mut aim_mentions: Vec<Mention> = Vec::new();
        for (s, range) in sentences.iter().zip(&ranges) {
            let weight = match s.voice {
                Voice::Body | Voice::Comment => 1.0,
                Voice::Quote => st.reported_speech_weight,
                _ => continue, // headings anchor topics but never score
            };
            // A sentence on no topic can still speak of the target: valence aimed at an ally,
            // an adversary or the target itself counts toward the overall stance.
            let on_topic = !s.topics.is_empty();
            // A role of its own, or one in a topic of the sentence (a topic's `roles`).
            let has_role = |e: usize| {
                let own = subject.entities[e].role;
                own.sign() != 0.0
                    || s.topics
                        .iter()
                        .any(|t| subject.topics[t.topic].role_of(e, own).sign() != 0.0)
            };
            let aims_at_role = s.mentions.iter().any(|m| has_role(m.entity));
            if !on_topic && !aims_at_role {
                continue;
            }
            overall_covered |= on_topic;
            for t in &s.topics {
                passages[t.topic].push(s.span);
            }
            let body = s.span.slice(text);
            let off = s.span.start;
            // (a) cues of the sentence's topics.
            let tokens = &all_tokens[range.clone()];
            aim_mentions.clear();
            if s.has_cue || aims_at_role {
                with_anaphora_into(text, tokens, &s.mentions, subject, &mut aim_mentions);
                rel.clear();
                rel.extend(tokens.iter().map(|t| Token {
                    span: Span::new(t.span.start - off, t.span.end - off),
                    ..*t
                }));
            }
            // The detection's fold of these tokens, for text that starts at `off`.
            let folded = fold.view().sub(range.clone()).shifted(off);
            let cv = s
                .has_cue
                .then(|| self.cues.score_sentence_folded(body, &rel, folded));
            let mut cue_hits: Vec<CueHit<'_>> = Vec::new();
            cue_cuts.reset();
            for h in cv.iter().flat_map(|v| v.explanation.hits()) {
                // The hit's strings are left empty (see `score_sentence_folded`).
                if let Some(&Some((t, actor))) = self.cue_rules.get(h.rule.index()) {
                    let entry = self.cues.matcher().entry(h.rule);
                    if s.on(t) && !is_name_word(body, &rel, entry, h.span) {
                        // An actor cue evaluates the entity it is aimed at.
                        let aimed = match actor {
                            Some(actor) => {
                                let cuts = cue_cuts.get(text, tokens);
                                let abs = Span::new(h.span.start + off, h.span.end + off);
                                let role = |e: usize| {
                                    subject.topics[t]
                                        .role_of(e, subject.entities[e].role)
                                        .sign()
                                };
                                // A cue in the passive is its agent's act (see
                                // `passive_agent`), else aimed as a doer's.
                                passive_agent(text, tokens, &aim_mentions, cuts, clause, abs)
                                    .unwrap_or_else(|| {
                                        aim(text, abs, &aim_mentions, cuts, clause, tokens, true).0
                                    })
                                    .map(|i| aim_mentions[i].entity)
                                    .filter(|&e| role(e) != 0.0)
                                    .map(|e| {
                                        let opposite = role(e) == -actor.sign();
                                        (e, if opposite { -1.0 } else { 1.0 })
                                    })
                            }
                            None => None,
                        };
                        cue_hits.push(CueHit {
                            topic: t,
                            hit: h,
                            aimed,
                        });
                    }
                }
            }
            // (b) valence aimed at entities (a word that is a cue is not valence too).
            let mut ent_hits: Vec<(&ExplainedHit, usize, Option<RelationObject>)> = Vec::new();
            if aims_at_role {
                let vv = self.valence.score_sentence_folded(body, &rel, folded);
                // The aim filter and the clause cuts are only needed for a word with
                // valence: computed at the first one.
                let mut filtered_yet = false;
                for h in vv.explanation.hits() {
                    if h.base == 0.0
                        || is_name_word(body, &rel, self.valence.matcher().entry(h.rule), h.span)
                    {
                        continue; // names and shadowing phrases carry no valence
                    }
                    if helps_harm(body, &rel, vv.explanation.hits(), h) {
                        continue; // the harm it helps carries the judgment
                    }
                    if !filtered_yet {
                        not_aimed.clear();
                        self.aim_filter
                            .find_in_folded(body, &rel, folded, &mut not_aimed);
                        filtered_yet = true;
                    }
                    let filtered =
                        aim_filter_with_relation(&self.aim_filter, &not_aimed, &rel, h.span);
                    if filtered == AimFiltered::Always {
                        continue; // descriptive or experiencer word (aim filter)
                    }
                    let abs = Span::new(h.span.start + off, h.span.end + off);
                    // A word that names a topic ("weapons", "pipeline") or an entity is what
                    // the sentence is about, not an evaluation of it.
                    let names_topic = s.names_topic(abs);
                    if names_topic || cue_hits.iter().any(|c| c.hit.span.overlaps(h.span)) {
                        continue;
                    }
                    if let Some(m) = s.mentions.iter().find(|m| m.span.overlaps(abs)) {
                        // A noun that names a pact and judges it ("a long-standing
                        // *friendship*") is valence aimed at that pact; any other word
                        // of a mention names, and is no evaluation.
                        let e = &subject.entities[m.entity];
                        if m.span == abs
                            && !e.member_idx.is_empty()
                            && has_role(m.entity)
                            && !modifies_next_noun(text, tokens, abs)
                        {
                            ent_hits.push((h, m.entity, None));
                        }
                        continue;
                    }
                    let cuts = cue_cuts.get(text, tokens);
                    let role_of = |i: usize| subject.entities[aim_mentions[i].entity].role.sign();
                    let aimed = aim_valence(
                        text,
                        abs,
                        h.base,
                        &aim_mentions,
                        cuts,
                        clause,
                        tokens,
                        &role_of,
                        is_negated(h),
                    );
                    if let Some(ValenceAim { at: i, via }) = aimed {
                        if filtered == AimFiltered::AtPossessor
                            && is_possessor(text, tokens, aim_mentions[i].span)
                        {
                            continue; // "its enemies": other parties, not the possessor
                        }
                        let i = if filtered == AimFiltered::AtPossessor {
                            relation_between_conjuncts(text, tokens, &aim_mentions, i, &role_of)
                        } else {
                            i
                        };
                        if has_role(aim_mentions[i].entity) {
                            let via = via.map(|o| (aim_mentions[o].span, role_of(o)));
                            ent_hits.push((h, aim_mentions[i].entity, via));
                        }
                    }
                }
                // The owned valence result is dropped here; keep contributions built below.
                let built: Vec<(Contribution, usize)> = ent_hits
                    .iter()
                    .map(|(h, ei, via)| {
                        let e = &subject.entities[*ei];
                        let c = entity_contribution(
                            h,
                            self.valence.matcher().entry(h.rule).id.clone(),
                            h.span.slice(body).to_owned(),
                            off,
                            Some(e.id.clone()),
                            e.role.sign(),
                            1.0,
                        );
                        let c = match via {
                            Some((object, role)) => through_relation(c, *object, *role),
                            None => c,
                        };
                        (c, *ei)
                    })
                    .collect();
                self.push_sentence(
                    s,
                    body,
                    weight,
                    &cue_hits,
                    built,
                    off,
                    &mut per_topic,
                    &mut overall,
                );
            } else {
                self.push_sentence(
                    s,
                    body,
                    weight,
                    &cue_hits,
                    Vec::new(),
                    off,
                    &mut per_topic,
                    &mut overall,
                );
            }
        }
        let topics = (0..nt)
            .map(|t| TopicStance {
                topic: t,
                coverage: coverage(&sentences, t),
                stance: aggregate(
                    std::mem::take(&mut per_topic[t]),
                    !passages[t].is_empty(),
                    st,
                ),
                passages: std::mem::take(&mut passages[t]),
            })
            .collect();
        let stance = SourceStance {
            source: source.meta.id.clone(),
            sentences,
            topics,
            // Covered: a sentence on a topic, or evidence about the target from any sentence.
            overall: {
                let covered = overall_covered || !overall.is_empty();
                aggregate(overall, covered, st)
            },
        };
        (stance, all_tokens, ranges, fold)
    }

    #[allow(clippy::too_many_arguments)]
    fn push_sentence(
        &self,
        s: &TopicSentence,
        body: &str,
        weight: f64,
        cue_hits: &[CueHit<'_>],
        ent: Vec<(Contribution, usize)>,
        off: usize,
        per_topic: &mut [Vec<EvidenceSentence>],
        overall: &mut Vec<EvidenceSentence>,
    ) {
        let subject = &self.subject;
        let cue = |c: &CueHit<'_>, dir: f64| {
            let h = c.hit;
            let role = c.aimed.map_or(1.0, |(_, r)| r);
            Contribution {
                kind: ContributionKind::Cue,
                rule_id: self.cues.matcher().entry(h.rule).id.clone(),
                text: h.span.slice(body).to_owned(),
                span: Span::new(h.span.start + off, h.span.end + off),
                base: h.base,
                modifiers: shift(&h.modifiers, off),
                modified: h.contribution,
                entity: c.aimed.map(|(e, _)| subject.entities[e].id.clone()),
                role_sign: role,
                direction: dir,
                reported: h.reported.map(|r| shift_reported(r, off)),
                value: h.contribution * role * dir,
            }
        };
        let make = |contributions: Vec<Contribution>| {
            let mut sum = 0.0;
            for c in &contributions {
                sum += c.value;
            }
            EvidenceSentence {
                span: s.span,
                text: body.to_owned(),
                voice: s.voice,
                weight,
                contributions,
                sum,
            }
        };
        for t in &s.topics {
            let sign = subject.topics[t.topic].target_sign;
            let topic_cue = |c: &&CueHit<'_>| c.topic == t.topic && c.hit.base != 0.0;
            // Sized once for the cues and the valence: grown, it reallocated.
            let mut cs: Vec<Contribution> =
                Vec::with_capacity(cue_hits.iter().filter(topic_cue).count() + ent.len());
            cs.extend(cue_hits.iter().filter(topic_cue).map(|c| cue(c, 1.0)));
            let topic = &subject.topics[t.topic];
            for (c, e) in &ent {
                let role = topic.role_of(*e, subject.entities[*e].role).sign();
                if role == 0.0 {
                    continue; // neutral here, with a role in another topic only
                }
                let mut c = c.clone();
                c.role_sign = role;
                c.direction = sign;
                c.value = c.modified * role * sign;
                cs.push(c);
            }
            if !cs.is_empty() {
                per_topic[t.topic].push(make(cs));
            }
        }
        let scored_cue = |c: &&CueHit<'_>| c.hit.base != 0.0;
        let mut cs: Vec<Contribution> =
            Vec::with_capacity(cue_hits.iter().filter(scored_cue).count() + ent.len());
        cs.extend(
            cue_hits
                .iter()
                .filter(scored_cue)
                .map(|c| cue(c, subject.topics[c.topic].target_sign)),
        );
        // The overall score maps through each entity's own role (the contributions as built).
        cs.extend(
            ent.into_iter()
                .filter(|(_, e)| subject.entities[*e].role.sign() != 0.0)
                .map(|(c, _)| c),
        );
        if !cs.is_empty() {
            overall.push(make(cs));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LISTS: [WordList; 37] = [
        ENDURANCE_VERBS,
        STATE_DESCRIPTIONS,
        HOSTILE_ACT_NOUNS,
        LIKENESS_LINKS,
        COMPLEMENT_VERBS,
        PROTECTION_WORDS,
        HELP_WORDS,
        CIVIL_SOCIETY_NOUNS,
        POST_DETERMINERS,
        REPUTATION_NOUNS,
        WRONGDOER_NOUNS,
        ORGANISED_WRONGDOING,
        DISRUPTION_VERBS,
        BREAK_FORMS,
        PASSIVE_AUXILIARIES,
        STATE_COERCION_VERBS,
        OBJECT_ENDS,
        THEME_PREPOSITIONS,
        REPORTING_VERBS,
        INSTITUTION_NOUNS,
        ATTITUDE_VERBS,
        VERBS_WITH_ADJECTIVE_ENDINGS,
        OUTCOME_VERBS,
        RELATIVE_PRONOUNS,
        AUXILIARIES,
        NOT_PARTICIPLES,
        IRREGULAR_PARTICIPLES,
        ATTRIBUTIVE_DETERMINERS,
        DEGREE_ADVERBS,
        BE_FORMS,
        LINKING_VERBS,
        ASPECT_VERBS,
        NEGATIONS_AND_ADVERBS,
        NOT_A_HEAD,
        OBLIQUE_PREPOSITIONS,
        SUBORDINATORS,
        NP_DETERMINERS,
    ];

    /// An actor cue ("malign") keeps its written sign aimed at the adversary and turns
    /// against the partnership aimed at an ally (seen failing with the actor left out).
    #[test]
    fn actor_cues_turn_with_the_role_they_are_aimed_at() -> Result<(), LexiconError> {
        let engine = StanceEngine::new(
            Subject::bundled("israel-azerbaijan")?,
            bundled::valence_stack()?,
        )?;
        let Some(t) = engine.subject().topic_index("iran-threat") else {
            panic!("the bundled subject has no iran-threat topic");
        };
        let score = |text: &str| {
            let source = Source::new(crate::corpus::SourceMeta::default(), text.to_owned());
            engine.analyse(&source).topics[t].stance.score
        };
        let at_ally = score("Israel's malign influence in the Caucasus alarms Iran.");
        let at_adversary = score("Iran's malign networks in the Caucasus alarm Baku.");
        assert!(at_ally.is_some_and(|s| s < 0.0), "{at_ally:?}");
        assert!(at_adversary.is_some_and(|s| s > 0.0), "{at_adversary:?}");
        Ok(())
    }

    /// A passive's agent is the party named just after "by"; a passive without one has no
    /// agent; active verbs and `-ing` forms are no passives; wrongdoers as the subject
    /// leave the verb to the wrongdoer rule.
    #[test]
    fn passive_agents_follow_by() {
        let at = |text: &str, word: &str, party: &str| {
            let tokens = text::tokenize(text);
            let w = text.find(word).unwrap_or(0);
            let p = text.find(party).unwrap_or(0);
            let mentions = [Mention {
                entity: 0,
                span: Span::new(p, p + party.len()),
            }];
            let hit = Span::new(w, w + word.len());
            passive_agent(text, &tokens, &mentions, &[], false, hit)
        };
        let agent = Some(Some(0));
        assert_eq!(at("Baku was attacked by Iran.", "attacked", "Iran"), agent);
        let adverbs = "Baku has repeatedly been threatened by Iran.";
        assert_eq!(at(adverbs, "threatened", "Iran"), agent);
        let reduced = "Villages looted by Iranian militias burned.";
        assert_eq!(at(reduced, "looted", "Iranian"), agent);
        let got = "Two Azerbaijani diplomats got beaten by Iranian guards.";
        assert_eq!(at(got, "beaten", "Iranian"), agent);
        let no_agent = "Baku was attacked last night, Iran said.";
        assert_eq!(at(no_agent, "attacked", "Iran"), Some(None));
        let far = "Baku was attacked by gunmen said to be loyal to Iran.";
        assert_eq!(at(far, "attacked", "Iran"), Some(None));
        assert_eq!(at("Iran attacked Baku.", "attacked", "Baku"), None);
        assert_eq!(at("Iran is threatening Baku.", "threatening", "Baku"), None);
        // Coercion by a state is the state's where it happened; other harm is not.
        let arrests = "Activists were arrested last year in Baku.";
        assert_eq!(at(arrests, "arrested", "Baku"), agent);
        assert_eq!(
            at("Soldiers were killed in Iran.", "killed", "Iran"),
            Some(None)
        );
        let spies = "Iranian spies were detained by Baku.";
        assert_eq!(at(spies, "detained", "Baku"), None);
    }

    /// A wrongdoer counts in a verb's object phrase, not past a preposition or conjunction
    /// (seen failing on "an invasion or use of terrorist proxies" without the stop words).
    #[test]
    fn wrongdoer_objects_end_at_the_object_phrase() {
        let at_verb = |text: &str, verb: &str| wrongdoer_after(text, verb, false);
        assert!(at_verb("Police detained three Iranian agents.", "detained"));
        assert!(at_verb(
            "Police arrested a spy ring working for Iran.",
            "arrested"
        ));
        assert!(!at_verb(
            "Police arrested journalists and spies.",
            "arrested"
        ));
        assert!(!at_verb(
            "It deters an invasion or use of terrorist proxies.",
            "invasion"
        ));
        assert!(!at_verb(
            "Police detained, then freed, the agents.",
            "detained"
        ));
    }

    /// [`wrongdoer_object`] after the token `word` of `text`.
    fn wrongdoer_after(text: &str, word: &str, disrupts: bool) -> bool {
        let tokens = text::tokenize(text);
        let k = tokens
            .iter()
            .position(|t| t.span.slice(text) == word)
            .unwrap_or(usize::MAX);
        wrongdoer_object(text, &tokens, k, disrupts)
    }

    /// A noun of organised wrongdoing ("network", "plot") is a wrongdoer only after a verb
    /// of disruption, and "break" is one only as "break up".
    #[test]
    fn organised_wrongdoing_needs_a_verb_of_disruption() {
        let at = wrongdoer_after;
        let broke = "Police broke up a network run by Iran.";
        assert!(at(broke, "up", is_disruption("broke up")));
        assert!(!at(broke, "up", false));
        assert!(at(
            "They foiled a plot by Iran.",
            "foiled",
            is_disruption("foiled")
        ));
        let attacked = "Iran attacked a network of border posts.";
        assert!(!at(attacked, "attacked", is_disruption("attacked")));
        // "break" is a verb of disruption only with "up".
        assert!(is_disruption("broken up") && is_disruption("Breaking Up"));
        assert!(!is_disruption("broke") && !is_disruption("broke out"));
        assert!(!is_disruption("broke up with"));
    }

    /// "the country", "the regime's" are definite descriptions of a state; "a country" and
    /// "the countryside" are not.
    #[test]
    fn definite_descriptions_of_a_state() {
        let at = |text: &str, word: &str| {
            let tokens = text::tokenize(text);
            let w = text.find(word).unwrap_or(0);
            is_definite_description(text, &tokens, token_at(&tokens, w))
        };
        assert!(at("Iran acts, and the regime's aims are clear.", "regime"));
        assert!(at("Baku grew, and the country prospered.", "country"));
        assert!(at(
            "Baku grew, and the country\u{2019}s leaders rejoiced.",
            "country"
        ));
        assert!(!at("Baku is a country of contrasts.", "country"));
        assert!(!at(
            "Baku grew, and the countryside emptied.",
            "countryside"
        ));
    }

    /// "from"/"against" wards a harm off only after a word of protection, with words only
    /// between it and the harm.
    #[test]
    fn harms_kept_away_follow_a_word_of_protection() {
        let warded = |text: &str, word: &str| {
            let tokens = text::tokenize(text);
            let w = text.find(word).unwrap_or(0);
            warding_word(text, &tokens, token_at(&tokens, w))
                .map(|p| word_at(text, &tokens, p).to_owned())
        };
        let from = Some("from".to_owned());
        assert_eq!(
            warded("It shields Baku from Iranian missile strikes.", "strikes"),
            from
        );
        assert_eq!(warded("The town is safe from attack.", "attack"), from);
        let against = "They defend the border against incursions.";
        assert_eq!(warded(against, "incursions"), Some("against".to_owned()));
        // The would-be doer's verbs, and a clause break between.
        assert_eq!(
            warded("Drones deter Tehran from attacking.", "attacking"),
            None
        );
        assert_eq!(
            warded("It protects Baku, from which attacks come.", "attacks"),
            None
        );
        assert_eq!(warded("Defence firms profited from the war.", "war"), None);
        // A verb of endurance wards off its object; the adjective "enduring" does not.
        let endured = "Baku has endured brutal attacks.";
        assert_eq!(warded(endured, "attacks"), Some("endured".to_owned()));
        assert_eq!(warded("Iran remains an enduring menace.", "menace"), None);
    }

    /// "and is", "but has never": a coordinator that opens a verb phrase with no subject;
    /// "and Iran is" and "and arms" do not.
    #[test]
    fn coordinated_verb_phrases_without_a_subject() {
        let opener = |text: &str| {
            let tokens = text::tokenize(text);
            coordinated_vp_opener(text, &tokens, 0, tokens.len())
                .map(|j| word_at(text, &tokens, j).to_owned())
        };
        assert_eq!(
            opener("Baku buys gas and is reliable."),
            Some("and".to_owned())
        );
        assert_eq!(
            opener("Baku buys gas but has never paid."),
            Some("but".to_owned())
        );
        assert_eq!(opener("Baku buys gas and Iran is angry."), None);
        assert_eq!(opener("Baku buys gas and arms."), None);
    }

    /// A mention is an object with a complement after "call", "consider"… and is no
    /// subject after "to" and a verb.
    #[test]
    fn complements_and_infinitive_objects() {
        let mention = |text: &str, name: &str| {
            let p = text.find(name).unwrap_or(0);
            Mention {
                entity: 0,
                span: Span::new(p, p + name.len()),
            }
        };
        let complement = |text: &str, name: &str| {
            let tokens = text::tokenize(text);
            let m = [mention(text, name)];
            let last = token_at(&tokens, m[0].span.end - 1);
            complements_object(text, &tokens, &m, last)
        };
        assert!(complement("Analysts consider Baku a partner.", "Baku"));
        assert!(complement(
            "Critics branded the Kremlin a menace.",
            "Kremlin"
        ));
        assert!(!complement("Israel supplied Baku a radar.", "Baku"));
        let infinitive_object = |text: &str, name: &str| {
            is_infinitive_object(text, &text::tokenize(text), mention(text, name).span)
        };
        assert!(infinitive_object(
            "The decision to arm Azerbaijan was reckless.",
            "Azerbaijan"
        ));
        assert!(infinitive_object(
            "A bid to buy the Israeli drones failed.",
            "Israeli"
        ));
        assert!(!infinitive_object(
            "Flights to Baku were cancelled.",
            "Baku"
        ));
        assert!(!infinitive_object(
            "He flew to the Israeli capital.",
            "Israeli"
        ));
    }

    /// A help word before a harm in its clause counts for nothing; before anything else,
    /// or past a clause break, it keeps its valence.
    #[test]
    fn help_to_a_harm_is_no_praise() {
        let scorer = bundled_scorer().unwrap_or_else(|e| panic!("{e}"));
        let helps = |text: &str| {
            let tokens = text::tokenize(text);
            let v = scorer.score_tokens(text, &tokens);
            let help = v
                .explanation
                .hits()
                .find(|h| HELP_WORDS.has(h.span.slice(text)))
                .unwrap_or_else(|| panic!("no help word in {text}"));
            helps_harm(text, &tokens, v.explanation.hits(), help)
        };
        assert!(helps(
            "Israeli weapons helped Azerbaijan terrorize villages."
        ));
        assert!(helps("Oil money helps fund a brutal crackdown."));
        assert!(!helps("Israel has helped Azerbaijan for thirty years."));
        assert!(!helps("Israel helped Azerbaijan, and the war was brutal."));
    }

    /// Coercion of a country's own civil society is its state's: the party named before
    /// the civil-society noun of a passive's subject.
    #[test]
    fn civil_society_is_held_by_its_state() {
        let state = |text: &str, party: &str, verb: &str| {
            let tokens = text::tokenize(text);
            let p = text.find(party).unwrap_or(0);
            let mentions = [Mention {
                entity: 0,
                span: Span::new(p, p + party.len()),
            }];
            let first = token_at(&tokens, text.find(verb).unwrap_or(0));
            civil_society_state(text, &tokens, &mentions, first)
        };
        let held = "Two Azerbaijani reporters were arrested.";
        assert_eq!(state(held, "Azerbaijani", "arrested"), Some(0));
        let possessive = "Azerbaijan's best-known opposition activists were detained.";
        assert_eq!(state(possessive, "Azerbaijan", "detained"), Some(0));
        let soldiers = "Azerbaijani soldiers were detained.";
        assert_eq!(state(soldiers, "Azerbaijani", "detained"), None);
        // The party must stand before the noun, in the subject.
        let after = "Reporters who covered Azerbaijan were detained.";
        assert_eq!(state(after, "Azerbaijan", "detained"), None);
    }

    /// A pact's noun that judges it counts for it unless it modifies the noun after it.
    #[test]
    fn a_word_before_a_noun_modifies_it() {
        let head = |text: &str, word: &str| {
            let tokens = text::tokenize(text);
            let at = text.find(word).unwrap_or_else(|| panic!("{word}"));
            modifies_next_noun(text, &tokens, Span::new(at, at + word.len()))
        };
        assert!(head("the friendship society met in spring", "friendship"));
        assert!(head("the friendship treaty of 1997", "friendship"));
        assert!(!head("the friendship between them", "friendship"));
        assert!(!head("the friendship grows", "friendship"));
        assert!(!head("the friendship has lasted", "friendship"));
        assert!(!head("a long-standing friendship.", "friendship"));
        assert!(!head("their friendship, built slowly", "friendship"));
    }

    proptest! {
        /// The length mask turns down no word that the plain test finds: every listed word
        /// in any case, with a letter added or taken away, and other words.
        #[test]
        fn word_lists_answer_as_the_plain_test(
            list in 0usize..LISTS.len(),
            pick in 0usize..1000,
            change in 0u8..5,
            other in "[a-zA-Zé']{0,12}",
        ) {
            let l = LISTS[list];
            let listed = l.words[pick % l.words.len()];
            let word = match change {
                0 => listed.to_string(),
                1 => listed.to_uppercase(),
                2 => format!("{listed}s"),
                3 => listed.chars().skip(1).collect(),
                _ => other,
            };
            prop_assert_eq!(l.has(&word), one_of(&word, l.words), "{}", word);
        }
    }
}
