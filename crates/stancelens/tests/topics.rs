#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Topic detection: anchors, anchor entities, carry-over within a paragraph, voices.

use stancelens::corpus::{ExclusionReason, Source, SourceMeta, Voice, VoiceOrigin, VoiceSpan};
use stancelens::topics::{coverage, Subject, TopicReason};
use stancelens::Span;

fn subject() -> Subject {
    Subject::from_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/subjects/test-minimal.toml"
    ))
    .unwrap()
}

fn src(text: &str) -> Source {
    Source::new(
        SourceMeta {
            id: "t".into(),
            ..Default::default()
        },
        text.into(),
    )
}

#[test]
fn anchors_entities_and_carry_over() {
    let s = subject();
    let text = "The budget grew. It was debated. Then it rained.\n\nIt was debated again. Graveltown lobbied.";
    let sents = s.detect(&src(text));
    assert_eq!(sents.len(), 5);
    assert!(matches!(
        sents[0].topics[0].reasons[0],
        TopicReason::Anchor { .. }
    ));
    // carry_over = 1: only the next sentence of the same paragraph inherits.
    assert!(sents[1].on(0));
    assert!(matches!(
        sents[1].topics[0].reasons[0],
        TopicReason::CarryOver { .. }
    ));
    assert!(!sents[2].on(0));
    assert!(!sents[3].on(0), "a new paragraph does not inherit");
    // An alias of an anchor entity puts the sentence on the safety topic.
    assert!(sents[4].on(1));
    assert!(
        matches!(&sents[4].topics[0].reasons[0], TopicReason::Entity { entity, .. } if entity == "cartel")
    );
    assert_eq!(coverage(&sents, 0), 2.0 / 5.0);
}

#[test]
fn carry_over_zero_disables_inheritance() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/subjects/test-minimal.toml"
    ))
    .unwrap()
    .replace("carry_over = 1", "carry_over = 0");
    let s = Subject::from_toml_str(&text, "t.toml").unwrap();
    let sents = s.detect(&src("The budget grew. It was debated."));
    assert!(sents[0].on(0) && !sents[1].on(0));
}

#[test]
fn excluded_bio_and_byline_are_left_out() {
    let s = subject();
    let text = "The budget grew. The budget is affordable. The cost is fine.";
    let mut source = src(text);
    let a = text.find("The budget is").unwrap();
    let b = text.find("The cost").unwrap();
    let vs = |span, voice, reason| VoiceSpan {
        span,
        voice,
        reason,
        note: None,
        origin: VoiceOrigin::Manifest,
    };
    source.voices = vec![
        vs(Span::new(0, a - 1), Voice::Body, None),
        vs(
            Span::new(a, b - 1),
            Voice::Excluded,
            Some(ExclusionReason::Teaser),
        ),
        vs(Span::new(b, text.len()), Voice::Bio, None),
    ];
    let sents = s.detect(&source);
    assert_eq!(sents.len(), 1);
    assert_eq!(sents[0].voice, Voice::Body);
}
