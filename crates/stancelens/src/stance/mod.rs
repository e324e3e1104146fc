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

use crate::corpus::{Source, Voice};
use crate::lexicon::{bundled, Lexicon, LexiconError, LexiconMeta, Scratch};
use crate::text::{self, Token, TokenKind};
use crate::topics::{coverage, Mention, Subject, TopicSentence};
use crate::valence::{AppliedModifier, ExplainedHit, Reported, ValenceScorer};
use crate::Span;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The squash constant: `score = m / sqrt(m² + STANCE_ALPHA)`.
pub const STANCE_ALPHA: f64 = 4.0;

/// A stance label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContributionKind {
    /// A topic stance cue.
    Cue,
    /// Valence aimed at an entity, mapped through its role.
    EntityValence,
}

/// One signed piece of evidence: a cue hit or a valence hit aimed at an entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
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
    cue_topic: HashMap<String, usize>,
    layers: Vec<LexiconMeta>,
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

fn is_clause_punct(s: &str) -> bool {
    matches!(
        s,
        "," | ";" | ":" | "\u{2013}" | "\u{2014}" | "(" | ")" | "\u{2026}" | "-"
    )
}

/// Clause boundaries (byte offsets of clause punctuation) in `tokens`.
fn clause_cuts(text: &str, tokens: &[Token]) -> Vec<usize> {
    tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Punct && is_clause_punct(t.span.slice(text)))
        .map(|t| t.span.start)
        .collect()
}

fn clause_of(cuts: &[usize], offset: usize) -> usize {
    cuts.partition_point(|&c| c < offset)
}

/// How many tokens a valence word may stand from the mention it is aimed at. Farther
/// words are about something else in the clause ("significant importance was attached to
/// the doctrine of Israel's first prime minister" says nothing about Israel).
pub const ENTITY_REACH_TOKENS: usize = 8;

/// Index of the token that holds byte `offset` (or the next one).
fn token_at(tokens: &[Token], offset: usize) -> usize {
    tokens.partition_point(|t| t.span.end <= offset)
}

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
/// are aimed at no one.
fn aim(
    hit: Span,
    mentions: &[Mention],
    cuts: &[usize],
    clause: bool,
    tokens: &[Token],
) -> Option<usize> {
    let c = clause_of(cuts, hit.start);
    let hit_first = token_at(tokens, hit.start);
    let hit_last = token_at(tokens, hit.end.saturating_sub(1));
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
            let last = token_at(tokens, m.span.end.saturating_sub(1));
            let gap = hit_first.saturating_sub(last + 1);
            if gap <= ENTITY_REACH_TOKENS && before.map_or(true, |(g, _)| gap <= g) {
                before = Some((gap, i));
            }
        }
    }
    match (before, adjacent_after) {
        (Some((0, i)), _) => Some(i),
        (_, Some(i)) => Some(i),
        (Some((_, i)), None) => Some(i),
        (None, None) => None,
    }
}

fn bundled_scorer() -> Result<&'static ValenceScorer, LexiconError> {
    static CELL: OnceLock<Result<ValenceScorer, LexiconError>> = OnceLock::new();
    CELL.get_or_init(ValenceScorer::bundled)
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

fn entity_contribution(
    h: &ExplainedHit,
    offset: usize,
    entity: Option<String>,
    role: f64,
    dir: f64,
) -> Contribution {
    Contribution {
        kind: ContributionKind::EntityValence,
        rule_id: h.rule_id.clone(),
        text: h.text.clone(),
        span: Span::new(h.span.start + offset, h.span.end + offset),
        base: h.base,
        modifiers: shift(&h.modifiers, offset),
        modified: h.contribution,
        entity,
        role_sign: role,
        direction: dir,
        reported: h.reported.map(|r| shift_reported(r, offset)),
        value: h.contribution * role * dir,
    }
}

fn shift(mods: &[AppliedModifier], offset: usize) -> Vec<AppliedModifier> {
    mods.iter()
        .map(|m| {
            let mut m = m.clone();
            m.span = m.span.map(|s| Span::new(s.start + offset, s.end + offset));
            m
        })
        .collect()
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
    Ok(target_stance_with(scorer, None, text, span, true))
}

fn target_stance_with(
    scorer: &ValenceScorer,
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
    let mut evidence = Vec::new();
    for h in v.explanation.hits() {
        if h.span.overlaps(span) {
            continue;
        }
        if aim(h.span, &mentions, &cuts, clause, &tokens) == Some(target_pos) {
            evidence.push(entity_contribution(h, 0, entity.clone(), role, 1.0));
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
                cue_topic.insert(c.id.clone(), i);
            }
        }
        let mut layers = lexicon_stack.layers().to_vec();
        layers.push(subject.layer_meta());
        Ok(StanceEngine {
            valence: ValenceScorer::new(lexicon_stack)?,
            cues,
            cue_topic,
            subject,
            layers,
        })
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
        let subject = &self.subject;
        let st = &subject.settings;
        let (sentences, all_tokens, ranges) = subject.detect_tokens(source);
        let text = source.text.as_str();
        let nt = subject.topics.len();
        let mut per_topic: Vec<Vec<EvidenceSentence>> = vec![Vec::new(); nt];
        let mut passages: Vec<Vec<Span>> = vec![Vec::new(); nt];
        let mut overall = Vec::new();
        let mut overall_covered = false;
        let clause = st.entity_window == crate::topics::EntityWindow::Clause;
        // The sentence's tokens shifted to start at 0, for the scorers.
        let mut rel: Vec<Token> = Vec::new();
        for (s, range) in sentences.iter().zip(&ranges) {
            let weight = match s.voice {
                Voice::Body | Voice::Comment => 1.0,
                Voice::Quote => st.reported_speech_weight,
                _ => continue, // headings anchor topics but never score
            };
            // A sentence on no topic can still speak of the target: valence aimed at an ally,
            // an adversary or the target itself counts toward the overall stance.
            let on_topic = !s.topics.is_empty();
            let aims_at_role = s
                .mentions
                .iter()
                .any(|m| subject.entities[m.entity].role.sign() != 0.0);
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
            if s.has_cue || aims_at_role {
                rel.clear();
                rel.extend(tokens.iter().map(|t| Token {
                    span: Span::new(t.span.start - off, t.span.end - off),
                    ..*t
                }));
            }
            let cv = s.has_cue.then(|| self.cues.score_tokens(body, &rel));
            let mut cue_hits: Vec<(usize, &ExplainedHit)> = Vec::new();
            for h in cv.iter().flat_map(|v| v.explanation.hits()) {
                if let Some(&t) = self.cue_topic.get(&h.rule_id) {
                    if s.on(t) {
                        cue_hits.push((t, h));
                    }
                }
            }
            // (b) valence aimed at entities (a word that is a cue is not valence too).
            let mut ent_hits: Vec<(&ExplainedHit, usize)> = Vec::new();
            if aims_at_role {
                let cuts = clause_cuts(text, tokens);
                let vv = self.valence.score_tokens(body, &rel);
                for h in vv.explanation.hits() {
                    let abs = Span::new(h.span.start + off, h.span.end + off);
                    // A word that names a topic ("weapons", "pipeline") or an entity is what
                    // the sentence is about, not an evaluation of it.
                    let names_topic = s.topics.iter().flat_map(|t| &t.reasons).any(|r| {
                        matches!(r, crate::topics::TopicReason::Anchor { span, .. } if span.overlaps(abs))
                    });
                    if names_topic
                        || cue_hits.iter().any(|(_, c)| c.span.overlaps(h.span))
                        || s.mentions.iter().any(|m| m.span.overlaps(abs))
                    {
                        continue;
                    }
                    if let Some(i) = aim(abs, &s.mentions, &cuts, clause, tokens) {
                        let e = &subject.entities[s.mentions[i].entity];
                        if e.role.sign() != 0.0 {
                            ent_hits.push((h, s.mentions[i].entity));
                        }
                    }
                }
                // The owned valence result is dropped here; keep contributions built below.
                let built: Vec<(Contribution, usize)> = ent_hits
                    .iter()
                    .map(|(h, ei)| {
                        let e = &subject.entities[*ei];
                        (
                            entity_contribution(h, off, Some(e.id.clone()), e.role.sign(), 1.0),
                            *ei,
                        )
                    })
                    .collect();
                self.push_sentence(
                    s,
                    body,
                    weight,
                    &cue_hits,
                    &built,
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
                    &[],
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
        SourceStance {
            source: source.meta.id.clone(),
            sentences,
            topics,
            // Covered: a sentence on a topic, or evidence about the target from any sentence.
            overall: {
                let covered = overall_covered || !overall.is_empty();
                aggregate(overall, covered, st)
            },
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_sentence(
        &self,
        s: &TopicSentence,
        body: &str,
        weight: f64,
        cue_hits: &[(usize, &ExplainedHit)],
        ent: &[(Contribution, usize)],
        off: usize,
        per_topic: &mut [Vec<EvidenceSentence>],
        overall: &mut Vec<EvidenceSentence>,
    ) {
        let subject = &self.subject;
        let cue = |h: &ExplainedHit, dir: f64| Contribution {
            kind: ContributionKind::Cue,
            rule_id: h.rule_id.clone(),
            text: h.text.clone(),
            span: Span::new(h.span.start + off, h.span.end + off),
            base: h.base,
            modifiers: shift(&h.modifiers, off),
            modified: h.contribution,
            entity: None,
            role_sign: 1.0,
            direction: dir,
            reported: h.reported.map(|r| shift_reported(r, off)),
            value: h.contribution * dir,
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
            let mut cs: Vec<Contribution> = cue_hits
                .iter()
                .filter(|(ti, _)| *ti == t.topic)
                .map(|(_, h)| cue(h, 1.0))
                .collect();
            for (c, _) in ent {
                let mut c = c.clone();
                c.direction = sign;
                c.value = c.modified * c.role_sign * sign;
                cs.push(c);
            }
            if !cs.is_empty() {
                per_topic[t.topic].push(make(cs));
            }
        }
        let mut cs: Vec<Contribution> = cue_hits
            .iter()
            .map(|(ti, h)| cue(h, subject.topics[*ti].target_sign))
            .collect();
        cs.extend(ent.iter().map(|(c, _)| c.clone()));
        if !cs.is_empty() {
            overall.push(make(cs));
        }
    }
}
