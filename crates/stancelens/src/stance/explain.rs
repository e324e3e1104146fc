//! One text explained: its sentences with their voices, entity mentions and topics (and
//! why each topic is there), every topic's stance and the overall stance toward the target,
//! each with every contribution and the modifiers that shaped it, every index resolved to
//! the subject's ids. For analysts who ask why a passage scored as it did, and for
//! researchers writing their own subject file or lexicon. `report` renders it as text.

use super::{StanceEngine, StanceScore};
use crate::compare::{layer_infos, LayerInfo};
use crate::corpus::{ExclusionReason, Source, SourceMeta, Voice};
use crate::topics::TopicReason;
use crate::Span;
use serde::Serialize;

/// The analysis of one text, every index resolved to an id. Serialises to the JSON of
/// `stancelens explain --format json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// The subject's id.
    pub subject: String,
    /// The subject file's version.
    pub subject_version: String,
    /// The target's id.
    pub target: String,
    /// The target's label.
    pub target_label: String,
    /// The subject's `min_evidence`: a score resting on less is `insufficient evidence`.
    pub min_evidence: f64,
    /// The lexicon layers and the subject, with version and sha256.
    pub lexicons: Vec<LayerInfo>,
    /// The text as given.
    pub text: String,
    /// The sentences scored (body, comment and quoted voices), in text order.
    pub sentences: Vec<ExplainedSentence>,
    /// Spans that are not the writer's scored voice (quotes are listed with their
    /// sentences; these are bios, bylines and excluded text), never dropped.
    pub unscored: Vec<UnscoredSpan>,
    /// One per subject topic, in subject order.
    pub topics: Vec<ExplainedTopic>,
    /// The overall stance toward the target.
    pub overall: StanceScore,
}

/// A sentence, its voice, its mentions and its topics.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExplainedSentence {
    /// Byte span in the text.
    pub span: Span,
    /// The sentence.
    pub text: String,
    /// Its voice.
    pub voice: Voice,
    /// Entity mentions: entity id, span and matched text.
    pub mentions: Vec<ExplainedMention>,
    /// The topics, each with the reasons that put it on the sentence.
    pub topics: Vec<ExplainedSentenceTopic>,
    /// Valence words of the sentence that are in no score, and why: a silent sentence
    /// still shows the words a reader may have expected to count.
    pub uncounted: Vec<UncountedWord>,
}

/// A valence word that is part of no contribution.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UncountedWord {
    /// The valence rule's id.
    pub rule_id: String,
    /// The words.
    pub text: String,
    /// Byte span in the text.
    pub span: Span,
    /// The rule's weight.
    pub base: f64,
    /// Why it counts for nothing.
    pub why: UncountedWhy,
}

/// Why a valence word is in no score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UncountedWhy {
    /// It names what the sentence is about (an anchor of one of its topics).
    NamesTopic,
    /// It is (part of) an entity mention: it names, and is no evaluation.
    Mention,
    /// A word of help before a harm it helps: the harm carries the judgment.
    HelpsHarm,
    /// A harm kept away by a word of protection ("safe *from attack*") or withstood ("has
    /// endured *brutal attacks*"), and no party named in its own phrase as its doer.
    WardedOff,
    /// The aim filter (`data/lexicons/aim-filters.toml`) reads it as description, an
    /// actor's feeling, or another party named by its relation to a possessor ("its
    /// critics").
    AimFilter,
    /// It is aimed at no party with a role: none in reach in its clause, only an object or
    /// a place, a passive with no agent named, or a party neutral toward the target.
    NotAimed,
}

/// An entity mention.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExplainedMention {
    /// Entity id.
    pub entity: String,
    /// Byte span in the text.
    pub span: Span,
    /// The words.
    pub text: String,
}

/// A topic on a sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExplainedSentenceTopic {
    /// Topic id.
    pub topic: String,
    /// Anchor hits, anchor entities, or the sentence it was carried over from.
    pub reasons: Vec<TopicReason>,
}

/// Text that is not scored as the writer's own words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnscoredSpan {
    /// Byte span in the text.
    pub span: Span,
    /// Its voice (bio, byline or excluded).
    pub voice: Voice,
    /// Why it is excluded, for excluded text.
    pub reason: Option<ExclusionReason>,
    /// The detector's note (the first copy of a repeated sentence…).
    pub note: Option<String>,
}

/// A topic's stance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExplainedTopic {
    /// Topic id.
    pub topic: String,
    /// Topic label.
    pub label: String,
    /// What a positive score means, in the subject file's words.
    pub positive: Option<String>,
    /// Share of own-voice sentences on the topic.
    pub coverage: f64,
    /// The score, its label, evidence and confidence.
    pub stance: StanceScore,
}

impl Explanation {
    /// Analyse `text` (one source of the default kind, an article body) with `engine` and
    /// resolve every index to an id.
    ///
    /// ```
    /// use stancelens::stance::Explanation;
    /// use stancelens::stance::StanceEngine;
    /// use stancelens::topics::Subject;
    /// let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan")?)?;
    /// let e = Explanation::new(&engine, "Iran threatens Azerbaijan.");
    /// let iran = e.topics.iter().find(|t| t.topic == "iran-threat").ok_or("topic")?;
    /// assert!(iran.stance.score.is_some_and(|s| s > 0.0)); // the threat framing
    /// assert!(e.to_text().contains("iran-threat"));
    /// // A word no party's role takes is listed as not counted, with the reason.
    /// let e = Explanation::new(&engine, "The weather in the Caucasus was dreadful.");
    /// assert_eq!(e.sentences[0].uncounted[0].text, "dreadful");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(engine: &StanceEngine, text: &str) -> Explanation {
        let meta = SourceMeta {
            id: "text".into(),
            ..SourceMeta::default()
        };
        let source = Source::new(meta, text.to_owned());
        let analysis = engine.analyse(&source);
        let subject = engine.subject();
        let entity_id = |i: usize| subject.entities.get(i).map_or("", |e| e.id.as_str());
        let topic_id = |i: usize| subject.topics.get(i).map_or("", |t| t.id.as_str());
        let slice = |s: Span| s.slice(text).to_owned();
        // Every word that counted somewhere, to tell the valence words that did not.
        let counted: Vec<Span> = analysis
            .topics
            .iter()
            .map(|t| &t.stance)
            .chain(std::iter::once(&analysis.overall))
            .flat_map(|st| &st.evidence)
            .flat_map(|e| &e.contributions)
            .map(|c| c.span)
            .collect();
        let sentences = analysis
            .sentences
            .iter()
            .map(|s| ExplainedSentence {
                span: s.span,
                text: slice(s.span),
                voice: s.voice,
                mentions: s
                    .mentions
                    .iter()
                    .map(|m| ExplainedMention {
                        entity: entity_id(m.entity).to_owned(),
                        span: m.span,
                        text: slice(m.span),
                    })
                    .collect(),
                topics: s
                    .topics
                    .iter()
                    .map(|t| ExplainedSentenceTopic {
                        topic: topic_id(t.topic).to_owned(),
                        reasons: t.reasons.clone(),
                    })
                    .collect(),
                uncounted: uncounted(engine, text, s, &counted),
            })
            .collect();
        let unscored = source
            .voices
            .iter()
            .filter(|v| matches!(v.voice, Voice::Bio | Voice::Byline | Voice::Excluded))
            .map(|v| UnscoredSpan {
                span: v.span,
                voice: v.voice,
                reason: v.reason,
                note: v.note.clone(),
            })
            .collect();
        let topics = analysis
            .topics
            .into_iter()
            .map(|t| {
                let topic = subject.topics.get(t.topic);
                ExplainedTopic {
                    topic: topic.map_or_else(String::new, |x| x.id.clone()),
                    label: topic.map_or_else(String::new, |x| x.label.clone()),
                    positive: topic.and_then(|x| x.positive.clone()),
                    coverage: t.coverage,
                    stance: t.stance,
                }
            })
            .collect();
        Explanation {
            subject: subject.meta.id.clone(),
            subject_version: subject.meta.version.clone(),
            target: subject.target.id.clone(),
            target_label: subject.target.label.clone(),
            min_evidence: subject.settings.min_evidence,
            lexicons: layer_infos(engine, &[]),
            text: text.to_owned(),
            sentences,
            unscored,
            topics,
            overall: analysis.overall,
        }
    }
}

/// The valence words of sentence `s` of `text` with a weight that are in no contribution
/// (`counted`: the spans of every contribution), each with the first reason that applies.
fn uncounted(
    engine: &StanceEngine,
    text: &str,
    s: &crate::topics::TopicSentence,
    counted: &[Span],
) -> Vec<UncountedWord> {
    let body = s.span.slice(text);
    let valence = engine.valence.score(body);
    let tokens = crate::text::tokenize(body);
    let filter_hits = engine.aim_filter.find_all(body);
    let mut out = Vec::new();
    for h in valence.explanation.hits() {
        if h.base == 0.0 {
            continue; // names and shadowing phrases carry no valence by design
        }
        let abs = Span::new(h.span.start + s.span.start, h.span.end + s.span.start);
        if counted.iter().any(|c| c.overlaps(abs)) {
            continue;
        }
        // In the order the analysis skips a word.
        let why = if super::helps_harm(body, &tokens, valence.explanation.hits(), h) {
            UncountedWhy::HelpsHarm
        } else if filter_hits.iter().any(|f| f.span.overlaps(h.span)) {
            UncountedWhy::AimFilter
        } else if s.names_topic(abs) {
            UncountedWhy::NamesTopic
        } else if s.mentions.iter().any(|m| m.span.overlaps(abs)) {
            UncountedWhy::Mention
        } else if h.base < 0.0
            && super::warding_word(body, &tokens, crate::text::token_at(&tokens, h.span.start))
                .is_some()
        {
            UncountedWhy::WardedOff
        } else {
            UncountedWhy::NotAimed
        };
        out.push(UncountedWord {
            rule_id: h.rule_id.clone(),
            text: abs.slice(text).to_owned(),
            span: abs,
            base: h.base,
            why,
        });
    }
    out
}
