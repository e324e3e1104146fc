#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Stance rules on the test subject (`fixtures/subjects/test-minimal.toml`): negation,
//! entity roles, reported speech, not covered vs insufficient, length invariance, exact
//! decomposition, and `target_stance`.

use proptest::prelude::*;
use stancelens::corpus::{Source, SourceMeta, Voice, VoiceOrigin, VoiceSpan};
use stancelens::stance::{
    squash, target_stance, ContributionKind, StanceEngine, StanceLabel, StanceScore,
};
use stancelens::topics::Subject;
use stancelens::valence::Effect;
use stancelens::Span;
use std::sync::OnceLock;

fn engine() -> &'static StanceEngine {
    static E: OnceLock<StanceEngine> = OnceLock::new();
    E.get_or_init(|| {
        let p = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/subjects/test-minimal.toml"
        );
        StanceEngine::bundled(Subject::from_file(p).unwrap()).unwrap()
    })
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

const COST: usize = 0;
const SAFETY: usize = 1;

fn cell(text: &str, topic: usize) -> StanceScore {
    engine().analyse(&src(text)).topics[topic].stance.clone()
}

#[test]
fn negation_flips_a_cue() {
    let plain = cell("The budget is affordable. The cost is affordable.", COST);
    let negated = cell(
        "The budget is not affordable. The cost is not affordable.",
        COST,
    );
    assert!(plain.score.unwrap() > 0.0);
    assert!(negated.score.unwrap() < 0.0);
    let c = &negated.evidence[0].contributions[0];
    assert_eq!(c.kind, ContributionKind::Cue);
    assert_eq!(c.rule_id, "cost.affordable");
    assert!(c.modifiers.iter().any(|m| m.effect == Effect::Negation));
}

#[test]
fn adversary_role_flips_valence() {
    // Negative valence aimed at the adversary supports the target; at an ally, it opposes.
    let e = engine();
    let adv = e.analyse(&src(
        "The cartel is evil and cruel. The cartel is a disaster.",
    ));
    let ally = e.analyse(&src(
        "The council budget is evil and cruel. The council budget is a disaster.",
    ));
    assert!(adv.overall.score.unwrap() > 0.0, "{:?}", adv.overall);
    assert!(ally.overall.score.unwrap() < 0.0, "{:?}", ally.overall);
    let c = &adv.overall.evidence[0].contributions[0];
    assert_eq!(c.kind, ContributionKind::EntityValence);
    assert_eq!(c.entity.as_deref(), Some("cartel"));
    assert_eq!(c.role_sign, -1.0);
    // Safety has target_sign −1: in its cell the same evidence points the other way.
    assert!(adv.topics[SAFETY].stance.score.unwrap() < 0.0);
}

#[test]
fn neutral_entity_valence_does_not_count() {
    let s = engine().analyse(&src("The mayor's budget is evil and cruel."));
    assert!(s.topics[COST]
        .stance
        .evidence
        .iter()
        .all(|e| e.contributions.is_empty()));
    assert_eq!(s.topics[COST].stance.score, None);
}

#[test]
fn quotes_are_weighted_by_reported_speech_weight() {
    let text = "The budget is affordable. The budget is wasteful.";
    let mut s = src(text);
    let cut = text.find(" The budget is wasteful").unwrap();
    s.voices = vec![
        VoiceSpan {
            span: Span::new(0, cut),
            voice: Voice::Body,
            reason: None,
            note: None,
            origin: VoiceOrigin::Default,
        },
        VoiceSpan {
            span: Span::new(cut + 1, text.len()),
            voice: Voice::Quote,
            reason: None,
            note: None,
            origin: VoiceOrigin::Manifest,
        },
    ];
    let st = engine().analyse(&s).topics[COST].stance.clone();
    assert_eq!(st.evidence.len(), 2);
    assert_eq!(st.evidence[1].weight, 0.5);
    assert!(st.score.unwrap() > 0.0);
    // Both in the author's voice, they cancel.
    let both = cell(text, COST);
    assert_eq!(both.score, Some(0.0));
}

#[test]
fn not_covered_vs_insufficient() {
    let none = cell("Nothing about money here.", COST);
    assert_eq!((none.score, none.label), (None, StanceLabel::NotCovered));
    let bare = cell("The budget was discussed.", COST);
    assert_eq!(
        (bare.score, bare.label),
        (None, StanceLabel::InsufficientEvidence)
    );
    let one = cell("The budget is affordable.", COST); // min_evidence = 2
    assert_eq!(one.label, StanceLabel::InsufficientEvidence);
    assert!(one.score.unwrap() > 0.0);
    let two = cell("The budget is affordable. The cost is affordable.", COST);
    assert_eq!(two.label, StanceLabel::Favour);
}

#[test]
fn mixed_label() {
    let m = cell(
        "The budget is affordable. The cost is wasteful. The price is affordable. The budget is wasteful.",
        COST,
    );
    assert_eq!(m.label, StanceLabel::Mixed);
}

#[test]
fn repeating_an_argument_does_not_change_the_score() {
    let once = "The budget is affordable, and the cartel is evil. The cost is wasteful.";
    let twice = format!("{once} {once}");
    // One body span: the corpus's pull-quote detector would otherwise exclude the copy.
    let body = |t: &str| {
        let mut s = src(t);
        s.voices = vec![VoiceSpan {
            span: Span::new(0, t.len()),
            voice: Voice::Body,
            reason: None,
            note: None,
            origin: VoiceOrigin::Manifest,
        }];
        s
    };
    let a = engine().analyse(&body(once));
    let b = engine().analyse(&body(&twice));
    assert_eq!(b.overall.evidence.len(), 2 * a.overall.evidence.len());
    assert_eq!(a.overall.score, b.overall.score);
    for t in 0..2 {
        assert_eq!(a.topics[t].stance.score, b.topics[t].stance.score);
    }
    assert!(b.overall.evidence_count > a.overall.evidence_count);
}

/// Recompute a score from its evidence by the documented formulas.
pub fn recompute(s: &StanceScore) -> Option<f64> {
    let (mut m, mut w) = (0.0f64, 0.0f64);
    for e in &s.evidence {
        let mut sum = 0.0;
        for c in &e.contributions {
            let mut v = c.base;
            for op in &c.modifiers {
                v = op.op.apply(v);
            }
            assert_eq!(v, c.modified);
            assert_eq!(c.value, v * c.role_sign * c.direction);
            sum += c.value;
        }
        assert_eq!(sum, e.sum);
        m += e.weight * sum;
        w += e.weight;
    }
    (w > 0.0).then(|| (m / (m / w * (m / w) + 4.0).sqrt() / w).clamp(-1.0, 1.0))
}

#[test]
fn scores_decompose_exactly() {
    let text = "The budget is not very affordable, but the cartel is corrupt. \
                The cost is wasteful! The council budget is excellent. Safety: the cartel is dangerous.";
    let a = engine().analyse(&src(text));
    for t in &a.topics {
        let r = recompute(&t.stance);
        let want = t
            .stance
            .evidence
            .iter()
            .fold((0.0f64, 0.0f64), |(m, w), e| {
                (m + e.weight * e.sum, w + e.weight)
            });
        assert_eq!(
            t.stance.score,
            (want.1 > 0.0).then(|| squash(want.0 / want.1))
        );
        assert!(r.is_some() == t.stance.score.is_some());
    }
    assert_eq!(
        a.overall.score,
        a.overall.evidence.iter().fold(None, |_, _| {
            let (m, w) = a
                .overall
                .evidence
                .iter()
                .fold((0.0f64, 0.0f64), |(m, w), e| {
                    (m + e.weight * e.sum, w + e.weight)
                });
            Some(squash(m / w))
        })
    );
    let _ = recompute(&a.overall);
}

#[test]
fn target_stance_with_and_without_subject() {
    let e = engine();
    let t = "The evil cartel; the excellent council.";
    let cartel = Span::new(9, 15);
    let council = Span::new(t.find("council").unwrap(), t.find("council").unwrap() + 7);
    let a = e.target_stance(t, cartel).unwrap();
    assert_eq!(a.label, StanceLabel::Favour, "{a:?}");
    assert_eq!(a.evidence.len(), 1);
    assert_eq!(a.evidence[0].text, "evil");
    let b = e.target_stance(t, council).unwrap();
    assert_eq!(b.label, StanceLabel::Favour);
    assert_eq!(b.evidence[0].text, "excellent");
    // Without a subject: plain sentiment.
    let c = target_stance(t, cartel).unwrap();
    assert_eq!(c.label, StanceLabel::Against);
    // Hits nearer another entity go to that one (same clause).
    let s = "The council praised the evil cartel.";
    let council = Span::new(4, 11);
    let r = e.target_stance(s, council).unwrap();
    assert!(r.evidence.iter().all(|c| c.text != "evil"), "{r:?}");
    // Nothing aimed at it.
    let n = e
        .target_stance("The council met.", Span::new(4, 11))
        .unwrap();
    assert_eq!((n.score, n.label), (None, StanceLabel::NotCovered));
}

#[test]
fn target_stance_bad_spans_are_errors() {
    let t = "Ünïcode cartel";
    assert!(target_stance(t, Span::new(1, 3)).is_err()); // inside 'Ü'
    assert!(target_stance(t, Span::new(3, 3)).is_err());
    assert!(target_stance(t, Span::new(5, 99)).is_err());
    assert!(engine().target_stance(t, Span::new(9, 2)).is_err());
}

proptest! {
    #[test]
    fn target_stance_never_panics(text in "\\PC{0,60}", a in 0usize..80, b in 0usize..80) {
        let r = engine().target_stance(&text, Span::new(a, b));
        if let Ok(t) = r {
            if let Some(s) = t.score {
                prop_assert!((-1.0..=1.0).contains(&s));
            }
        }
    }
}

/// The relation rule and a topic's own role are steps of the same formula: every number
/// recomputes from its evidence, and the step is recorded.
#[test]
fn relation_and_topic_role_scores_decompose_exactly() {
    let bundled = StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap();
    let a = bundled.analyse(&src(
        "Over the years Tehran has steadily supported Hezbollah.",
    ));
    let mut relations = 0;
    for t in &a.topics {
        recompute(&t.stance);
        for c in t.stance.evidence.iter().flat_map(|e| &e.contributions) {
            if let Some(m) = c.modifiers.iter().find(|m| m.effect == Effect::Relation) {
                relations += 1;
                // Signed by the object's role (Hezbollah: adversary), aimed at Tehran.
                assert_eq!(m.op, stancelens::valence::Op::Scale(-1.0));
                assert_eq!(c.entity.as_deref(), Some("iran"));
                assert!(c.value > 0.0, "{c:#?}");
            }
        }
    }
    assert!(relations > 0);
    recompute(&a.overall);

    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/subjects/urban-cycling.toml"
    );
    let cycling = StanceEngine::bundled(Subject::from_file(p).unwrap()).unwrap();
    let business = cycling.subject().topic_index("business").unwrap();
    let a = cycling.analyse(&src("The shopkeepers on Mill Street have been thriving."));
    let cell = &a.topics[business].stance;
    recompute(cell);
    let c = &cell.evidence[0].contributions[0];
    // The topic's role for the neutral shop owners: ally.
    assert_eq!(
        (c.entity.as_deref(), c.role_sign),
        (Some("shop-owners"), 1.0)
    );
    // The overall keeps their own, neutral role: no evidence there.
    assert!(a.overall.evidence.is_empty());
}

/// A verb of outcome between two parties with roles is read by the relation rule (the
/// step recorded, signed by the object's role, aimed at the doer); a party is in no
/// relation with itself ("lose *its* status"), and a loss takes no side.
#[test]
fn outcome_verbs_take_sides_between_two_parties() {
    let bundled = StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap();
    let contributions = |text: &str| {
        let a = bundled.analyse(&src(text));
        recompute(&a.overall);
        a.overall
            .evidence
            .iter()
            .flat_map(|e| e.contributions.clone())
            .collect::<Vec<_>>()
    };
    let relation = |c: &stancelens::stance::Contribution| {
        c.modifiers
            .iter()
            .find(|m| m.effect == Effect::Relation)
            .map(|m| m.op)
    };
    let defeat = contributions("Israel defeated Iran's proxies in the north.");
    let c = defeat.iter().find(|c| c.text == "defeated").unwrap();
    assert_eq!(c.entity.as_deref(), Some("israel"));
    assert_eq!(relation(c), Some(stancelens::valence::Op::Scale(-1.0)));
    assert!(c.value > 0.0, "{c:#?}");
    // Adversary against a partner: the threat framing, not the partner judged.
    let punish = contributions("Tehran wants to punish Baku.");
    let c = punish.iter().find(|c| c.text == "punish").unwrap();
    assert_eq!(c.entity.as_deref(), Some("iran"));
    assert!(c.value > 0.0, "{c:#?}");
    // Negated, the verb says how its object fares: no side taken.
    let negated = contributions("Tehran could not stop the partnership.");
    let c = negated.iter().find(|c| c.text == "stop").unwrap();
    assert_eq!(relation(c), None, "{c:#?}");
    assert_eq!(c.entity.as_deref(), Some("alignment"));
    assert!(c.value > 0.0, "{c:#?}");
    for text in [
        "Azerbaijan began to lose its standing in the region.",
        "Azerbaijan may lose Israeli goodwill.",
    ] {
        let all = contributions(text);
        let c = all.iter().find(|c| c.text.starts_with("los")).unwrap();
        assert_eq!(relation(c), None, "{text}: {c:#?}");
    }
}

/// `Explanation` lists each valence word that is in no score, with why, and never a word
/// that counted: a property of every sentence of the bundled sample's explanations.
#[test]
fn explanations_list_exactly_the_uncounted_words() {
    use stancelens::stance::{Explanation, UncountedWhy};
    let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap();
    let why = |text: &str, word: &str| {
        let e = Explanation::new(&engine, text);
        e.sentences
            .iter()
            .flat_map(|s| &s.uncounted)
            .find(|w| w.text == word)
            .map(|w| w.why)
    };
    assert_eq!(
        why("The weather in the Caucasus was dreadful.", "dreadful"),
        Some(UncountedWhy::NotAimed)
    );
    assert_eq!(
        why("Baku fears a hostile Iran.", "fears"),
        Some(UncountedWhy::AimFilter)
    );
    // Counted words are never listed.
    assert_eq!(why("Baku fears a hostile Iran.", "hostile"), None);
    assert_eq!(why("Iran threatens Azerbaijan.", "threatens"), None);
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/israel-azerbaijan"
    );
    let (corpus, _) = stancelens::corpus::Corpus::from_dir(dir).unwrap();
    let mut listed = 0;
    for source in corpus.sources.iter().take(3) {
        let e = Explanation::new(&engine, &source.text);
        let counted: Vec<Span> = e
            .topics
            .iter()
            .map(|t| &t.stance)
            .chain(std::iter::once(&e.overall))
            .flat_map(|s| &s.evidence)
            .flat_map(|ev| &ev.contributions)
            .map(|c| c.span)
            .collect();
        for s in &e.sentences {
            for w in &s.uncounted {
                listed += 1;
                assert!(w.base != 0.0);
                assert!(s.span.start <= w.span.start && w.span.end <= s.span.end);
                assert_eq!(w.span.slice(&e.text), w.text);
                assert!(!counted.iter().any(|c| c.overlaps(w.span)), "{}", w.text);
            }
        }
    }
    assert!(listed > 0);
}
