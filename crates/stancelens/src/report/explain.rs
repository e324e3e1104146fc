//! [`Explanation`] as plain text, for reading in a terminal (`stancelens explain`).

use super::{contribution_kind, contribution_text, folded, label_name, push_f3, voice_name};
use crate::corpus::ExclusionReason;
use crate::stance::{Explanation, StanceLabel, StanceScore, UncountedWhy};
use crate::topics::TopicReason;
use std::fmt::Write;

impl Explanation {
    /// A plain-text account for reading in a terminal: the sentences, then each covered
    /// topic and the overall stance with every contribution as
    /// `base → modifiers → × role × direction = value`. Topics the text does not cover are
    /// named on one line.
    pub fn to_text(&self) -> String {
        let mut o = String::with_capacity(1024 + self.text.len() * 4);
        let _ = writeln!(
            o,
            "subject {} {}, target {} ({})",
            self.subject, self.subject_version, self.target_label, self.target
        );
        let stamps: Vec<String> = self
            .lexicons
            .iter()
            .map(|l| format!("{} {} ({})", l.name, l.version, short_hash(&l.sha256)))
            .collect();
        let _ = writeln!(o, "lexicons: {}", stamps.join(", "));
        o.push('\n');
        for (i, s) in self.sentences.iter().enumerate() {
            let _ = writeln!(
                o,
                "sentence {} (bytes {}..{}, {}): {}",
                i + 1,
                s.span.start,
                s.span.end,
                voice_name(s.voice),
                folded(&s.text)
            );
            if !s.mentions.is_empty() {
                let m: Vec<String> = s
                    .mentions
                    .iter()
                    .map(|m| format!("{} “{}”", m.entity, folded(&m.text)))
                    .collect();
                let _ = writeln!(o, "  mentions: {}", m.join(", "));
            }
            for t in &s.topics {
                let reasons: Vec<String> = t.reasons.iter().map(reason_text).collect();
                let _ = writeln!(o, "  topic {}: {}", t.topic, reasons.join(", "));
            }
            if !s.uncounted.is_empty() {
                let words: Vec<String> = s
                    .uncounted
                    .iter()
                    .map(|w| {
                        let mut base = String::new();
                        push_f3(&mut base, w.base, true);
                        format!("“{}” {base} ({})", folded(&w.text), uncounted_why(w.why))
                    })
                    .collect();
                let _ = writeln!(o, "  not counted: {}", words.join(", "));
            }
        }
        for u in &self.unscored {
            let why = u
                .reason
                .map_or_else(String::new, |r| format!(": {}", reason_name(r)));
            let note = u
                .note
                .as_deref()
                .map_or_else(String::new, |n| format!(": {n}"));
            let _ = writeln!(
                o,
                "not scored (bytes {}..{}, {}{why}){note}: {}",
                u.span.start,
                u.span.end,
                voice_name(u.voice),
                folded(u.span.slice(&self.text))
            );
        }
        let mut uncovered = Vec::new();
        for t in &self.topics {
            if t.stance.evidence.is_empty() && t.coverage == 0.0 {
                uncovered.push(t.topic.as_str());
                continue;
            }
            o.push('\n');
            let _ = write!(o, "topic {} ({})", t.topic, t.label);
            if let Some(p) = &t.positive {
                let _ = write!(o, ", positive: {}", folded(p));
            }
            o.push('\n');
            let _ = writeln!(o, "  coverage {:.3}", t.coverage);
            push_score(&mut o, &t.stance, &self.text, self.min_evidence);
        }
        o.push('\n');
        let _ = writeln!(o, "overall toward {}", self.target_label);
        push_score(&mut o, &self.overall, &self.text, self.min_evidence);
        if !uncovered.is_empty() {
            o.push('\n');
            let _ = writeln!(o, "not covered: {}", uncovered.join(", "));
        }
        o
    }
}

/// A score, its label, count and confidence, then each evidence sentence's contributions.
fn push_score(o: &mut String, s: &StanceScore, text: &str, min_evidence: f64) {
    o.push_str("  score ");
    match s.score {
        Some(x) => push_f3(o, x, true),
        None => o.push('—'),
    }
    let _ = write!(
        o,
        ", {}, evidence {:.2}, confidence {:.3}",
        label_name(s.label),
        s.evidence_count,
        s.confidence
    );
    if s.label == StanceLabel::InsufficientEvidence {
        let _ = write!(o, " (the subject asks for {min_evidence})");
    }
    o.push('\n');
    for e in &s.evidence {
        let _ = writeln!(
            o,
            "  in “{}” ({}, weight {})",
            folded(&e.text),
            voice_name(e.voice),
            e.weight
        );
        for c in &e.contributions {
            let _ = writeln!(
                o,
                "    {} [{}] “{}”: {}",
                contribution_kind(c),
                c.rule_id,
                folded(&c.text),
                contribution_text(c, Some(text))
            );
        }
    }
}

/// Why a valence word counts for nothing, in a few words.
fn uncounted_why(why: UncountedWhy) -> &'static str {
    match why {
        UncountedWhy::NamesTopic => "names the topic",
        UncountedWhy::Mention => "part of a mention",
        UncountedWhy::HelpsHarm => "help to a harm: the harm counts",
        UncountedWhy::WardedOff => "a harm kept away or withstood, its doer not named",
        UncountedWhy::AimFilter => "aim filter: description, a feeling or a relation",
        UncountedWhy::NotAimed => "aimed at no party with a role",
    }
}

/// Why a topic is on a sentence, in a few words.
fn reason_text(r: &TopicReason) -> String {
    match r {
        TopicReason::Anchor { text, .. } => format!("anchor “{}”", folded(text)),
        TopicReason::Entity { entity, .. } => format!("entity {entity}"),
        TopicReason::CarryOver { from } => {
            format!("carried over from bytes {}..{}", from.start, from.end)
        }
    }
}

/// An exclusion reason in words.
fn reason_name(r: ExclusionReason) -> &'static str {
    match r {
        ExclusionReason::Navigation => "navigation",
        ExclusionReason::Teaser => "teaser",
        ExclusionReason::PullQuote => "repeated sentence",
        ExclusionReason::Caption => "caption",
        ExclusionReason::Widget => "widget",
        ExclusionReason::Other => "other",
    }
}

/// The first 12 hex digits of a sha256.
fn short_hash(h: &str) -> &str {
    h.get(..12).unwrap_or(h)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::corpus::{Source, SourceMeta};
    use crate::stance::StanceEngine;
    use crate::topics::Subject;

    fn engine() -> StanceEngine {
        StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap()
    }

    /// The explanation carries the engine's analysis unchanged, every index resolved to the
    /// subject's ids, and its text lists every contribution with its rule and value.
    #[test]
    fn explanation_is_the_analysis_with_ids_and_lists_every_contribution() {
        let engine = engine();
        let text = "Iran threatens Azerbaijan, but Israel has not abandoned its partner. \
                    Tehran arms proxies on the border.\n\nLieberman praised Baku's gas deals.";
        let e = Explanation::new(&engine, text);
        let source = Source::new(
            SourceMeta {
                id: "text".into(),
                ..SourceMeta::default()
            },
            text.to_owned(),
        );
        let analysis = engine.analyse(&source);
        assert_eq!(e.overall, analysis.overall);
        assert_eq!(e.topics.len(), engine.subject().topics.len());
        for (t, a) in e.topics.iter().zip(&analysis.topics) {
            assert_eq!(t.stance, a.stance);
            assert_eq!(t.topic, engine.subject().topics[a.topic].id);
        }
        assert_eq!(e.sentences.len(), analysis.sentences.len());
        for (s, a) in e.sentences.iter().zip(&analysis.sentences) {
            assert_eq!(s.text, a.span.slice(text));
            let ids: Vec<&str> = a
                .topics
                .iter()
                .map(|t| engine.subject().topics[t.topic].id.as_str())
                .collect();
            let got: Vec<&str> = s.topics.iter().map(|t| t.topic.as_str()).collect();
            assert_eq!(got, ids);
            for m in &s.mentions {
                assert!(engine.subject().entities.iter().any(|x| x.id == m.entity));
                assert_eq!(m.text, m.span.slice(text));
            }
        }
        let shown = e.to_text();
        let mut n = 0;
        for score in e.topics.iter().map(|t| &t.stance).chain([&e.overall]) {
            for c in score.evidence.iter().flat_map(|s| &s.contributions) {
                n += 1;
                assert!(shown.contains(&format!("[{}]", c.rule_id)), "{}", c.rule_id);
                let mut value = String::new();
                push_f3(&mut value, c.value, true);
                assert!(shown.contains(&format!("= {value}")), "{value}");
            }
        }
        assert!(n > 3, "too little evidence to test: {n}");
        for t in e
            .topics
            .iter()
            .filter(|t| t.stance.evidence.is_empty() && t.coverage == 0.0)
        {
            assert!(shown.contains(&t.topic), "{}", t.topic);
        }
    }

    /// A repeated sentence is excluded from the scores but listed with its reason.
    #[test]
    fn excluded_text_is_listed_not_dropped() {
        let engine = engine();
        let quote = "Azerbaijan is a reliable and trusted partner of Israel in every way.";
        let text = format!("{quote} Other words follow here.\n\n{quote}");
        let e = Explanation::new(&engine, &text);
        assert_eq!(e.unscored.len(), 1, "{:?}", e.unscored);
        assert_eq!(e.unscored[0].reason, Some(ExclusionReason::PullQuote));
        assert_eq!(e.unscored[0].span.slice(&text), quote);
        assert!(e.to_text().contains("not scored"));
        assert!(e.sentences.iter().all(|s| s.span != e.unscored[0].span));
    }

    /// An empty text explains to nothing covered, without a panic.
    #[test]
    fn empty_text_covers_nothing() {
        let e = Explanation::new(&engine(), "");
        assert!(e.sentences.is_empty());
        assert_eq!(e.overall.score, None);
        assert!(e.to_text().contains("not covered:"));
    }
}
