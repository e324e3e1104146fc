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
