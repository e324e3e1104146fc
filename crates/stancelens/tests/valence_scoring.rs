#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Default-mode valence: each fixed VADER quirk, each modifier, and exact reproduction of
//! every score from its explanation.

mod common;

use stancelens::valence::{Contribution, Effect, ExplainedHit, Op, Valence, ValenceScorer};
use std::sync::OnceLock;

fn scorer() -> &'static ValenceScorer {
    static S: OnceLock<ValenceScorer> = OnceLock::new();
    S.get_or_init(|| ValenceScorer::bundled().unwrap())
}

fn hits(v: &Valence) -> Vec<&ExplainedHit> {
    v.explanation.hits().collect()
}

fn hit<'v>(v: &'v Valence, rule_id: &str) -> &'v ExplainedHit {
    v.explanation
        .hits()
        .find(|h| h.rule_id == rule_id)
        .unwrap_or_else(|| panic!("no hit {rule_id} in {:#?}", hits(v)))
}

fn effects(h: &ExplainedHit) -> Vec<(Effect, Option<&str>, Op)> {
    h.modifiers
        .iter()
        .map(|m| (m.effect, m.rule_id.as_deref(), m.op))
        .collect()
}

/// Recompute every number of `v` from its explanation alone, following docs/scoring.md
/// with the same order of operations, and compare with `==`.
fn assert_reproducible(text: &str, v: &Valence) {
    if let Err(e) = common::reproduce(text, v) {
        panic!("{text:?}: {e}");
    }
}

// --- VADER quirks fixed in the default mode -------------------------------------------

#[test]
fn quirk_fixed_idioms_match_at_any_position() {
    // VADER only looks for its special-case phrases around a lexicon word at index >= 3,
    // so a sentence-initial "Yeah right" scores as "yeah" (+1.2).
    let v = scorer().score("Yeah right.");
    assert_eq!(hits(&v).len(), 1);
    assert_eq!(hit(&v, "idiom:yeah right").contribution, -2.0);
    assert!(v.compound < 0.0);
    // "bus stop" (0) shadows "stop" (-1.2) at the start of a sentence too.
    let v = scorer().score("The bus stop was crowded.");
    assert_eq!(hit(&v, "idiom:bus stop").contribution, 0.0);
    assert_eq!(v.compound, 0.0);
    // VADER's idiom list (never applied by VADER 3.3.2) is applied.
    let v = scorer().score("They now have the upper hand.");
    assert_eq!(hit(&v, "idiom:upper hand").base, 1.0);
}

#[test]
fn quirk_fixed_but_reweights_by_position_not_by_value() {
    // VADER finds each sentiment's position with list.index(value) while it rewrites the
    // list: "nice" (1.8) becomes 0.9 before "but", then "adequate" (0.9) after "but" is
    // found at nice's position, so nice is halved twice and adequate is never x1.5
    // (VADER 3.3.2 gives compound 0.3291 = normalize(0.45 + 0.9)).
    let v = scorer().score("The hotel was nice, but the food was adequate.");
    assert_eq!(
        effects(hit(&v, "vader:nice")),
        [(Effect::Contrast, Some("contrast.but"), Op::Scale(0.5))]
    );
    assert_eq!(
        effects(hit(&v, "vader:adequate")),
        [(Effect::Contrast, Some("contrast.but"), Op::Scale(1.5))]
    );
    let raw = 1.8 * 0.5 + 0.9 * 1.5;
    assert_eq!(v.explanation.normalisation.raw_sum, raw);
    assert!((v.compound - 0.5023).abs() < 1e-4, "{}", v.compound);
    // Equal values on both sides.
    let v = scorer().score("The food was good, but the service was good.");
    let goods: Vec<&ExplainedHit> = hits(&v)
        .into_iter()
        .filter(|h| h.rule_id == "vader:good")
        .collect();
    assert_eq!(goods.len(), 2);
    assert_eq!(goods[0].contribution, 1.9 * 0.5);
    assert_eq!(goods[1].contribution, 1.9 * 1.5);
}

#[test]
fn quirk_fixed_compound_does_not_saturate_on_long_texts() {
    let one = scorer().score("The plan is good.");
    let long_text = "The plan is good. ".repeat(40);
    let long = scorer().score(&long_text);
    assert_eq!(long.explanation.normalisation.sentences, 40);
    assert!(
        (long.compound - one.compound).abs() < 1e-12,
        "{} vs {}",
        long.compound,
        one.compound
    );
    // VADER's normalisation of the plain sum would be pinned near 1.
    let s = long.explanation.normalisation.raw_sum;
    assert!(s / (s * s + 15.0).sqrt() > 0.99);
    assert!(long.compound < 0.5);
    // A long neutral text with one positive sentence is mildly positive, not neutral.
    let diluted = format!(
        "{}The plan is good.",
        "The meeting was on Tuesday. ".repeat(9)
    );
    let d = scorer().score(&diluted);
    assert!(d.compound > 0.0 && d.compound < one.compound);
}

#[test]
fn quirk_fixed_multi_word_lexicon_entries_match() {
    // VADER splits on whitespace, so its own "fed up" and "can't stand" never match.
    let v = scorer().score("Voters are fed up.");
    assert_eq!(hit(&v, "vader:fed up").contribution, -1.8);
    let v = scorer().score("I can't stand it.");
    assert_eq!(hits(&v).len(), 1);
    assert_eq!(hit(&v, "vader:can't stand").contribution, -2.0);
}

// --- modifiers ----------------------------------------------------------------------------

#[test]
fn negation_has_a_window_and_stops_at_clause_punctuation() {
    let v = scorer().score("The talks were not good.");
    assert_eq!(
        effects(hit(&v, "vader:good")),
        [(Effect::Negation, Some("neg.not"), Op::Scale(-0.74))]
    );
    let v = scorer().score("It is not, in the end, good.");
    assert!(effects(hit(&v, "vader:good")).is_empty());
    // Four words between: beyond the window of 3.
    let v = scorer().score("Not one of those four good plans.");
    assert!(effects(hit(&v, "vader:good")).is_empty());
    let v = scorer().score("It doesn’t help.");
    assert_eq!(effects(hit(&v, "vader:help"))[0].1, Some("neg.doesnt"));
}

#[test]
fn boosters_and_dampeners_decay_with_distance() {
    let v = scorer().score("It was very good.");
    assert_eq!(
        effects(hit(&v, "vader:good")),
        [(Effect::Booster, Some("boost.very"), Op::Add(0.293))]
    );
    // "very" is 3 words before "good": 0.293 x (1 - 0.05 x 2).
    let v = scorer().score("It was very nice and good.");
    let d3 = 0.293 * (1.0 - 0.05 * 2.0);
    assert_eq!(
        effects(hit(&v, "vader:good")),
        [(Effect::Booster, Some("boost.very"), Op::Add(d3))]
    );
    assert_eq!(
        effects(hit(&v, "vader:nice")),
        [(Effect::Booster, Some("boost.very"), Op::Add(0.293))]
    );
    let v = scorer().score("It was kind of bad.");
    assert_eq!(
        effects(hit(&v, "vader:bad")),
        [(Effect::Dampener, Some("damp.kind-of"), Op::Add(0.293))]
    );
    assert_eq!(hit(&v, "vader:bad").contribution, -2.5 + 0.293);
}

#[test]
fn caps_emphasis_only_in_mixed_case_text() {
    let v = scorer().score("The result is GOOD.");
    assert_eq!(
        effects(hit(&v, "vader:good")),
        [(Effect::Caps, None, Op::Add(0.733))]
    );
    let v = scorer().score("THE RESULT IS GOOD.");
    assert!(effects(hit(&v, "vader:good")).is_empty());
}

#[test]
fn exclamations_are_capped() {
    let v = scorer().score("Good!!!!!!!");
    let p: Vec<f64> = v
        .explanation
        .contributions
        .iter()
        .filter_map(|c| match c {
            Contribution::Punctuation(p) => Some(p.contribution),
            Contribution::Hit(_) => None,
        })
        .collect();
    assert_eq!(p, [4.0 * 0.292]);
    // No emphasis on a sentence without hits.
    let v = scorer().score("Tuesday!!!");
    assert!(v.explanation.contributions.is_empty());
}

#[test]
fn concession_discounts_its_own_clause() {
    let v = scorer().score("Although the deal was good, it failed.");
    assert_eq!(
        effects(hit(&v, "vader:good")),
        [(Effect::Concession, Some("concede.although"), Op::Scale(0.5))]
    );
    assert_eq!(
        effects(hit(&v, "vader:failed")),
        [(Effect::Concession, Some("concede.although"), Op::Scale(1.5))]
    );
    assert!(v.compound < 0.0);
}

#[test]
fn clause_initial_contrast_markers() {
    let v = scorer().score("The talks have not yet succeeded.");
    assert_eq!(
        effects(hit(&v, "vader:succeeded")),
        [(Effect::Negation, Some("neg.not"), Op::Scale(-0.74))]
    );
    let v = scorer().score("It was costly, yet it succeeded.");
    assert_eq!(
        effects(hit(&v, "vader:succeeded")),
        [(Effect::Contrast, Some("contrast.yet"), Op::Scale(1.5))]
    );
}

#[test]
fn hedges_damp_the_sentence() {
    let v = scorer().score("The deal is reportedly good.");
    assert_eq!(
        effects(hit(&v, "vader:good")),
        [(Effect::Hedge, Some("hedge.reportedly"), Op::Scale(0.7))]
    );
    // "May" the month is not a hedge.
    let v = scorer().score("In May the deal was good.");
    assert!(effects(hit(&v, "vader:good")).is_empty());
}

#[test]
fn reported_speech_is_marked_with_its_speaker() {
    let text = "Officials said the talks were a great success.";
    let v = scorer().score(text);
    let h = hit(&v, "vader:great");
    assert_eq!(
        effects(h),
        [(Effect::Attribution, Some("attr.said"), Op::Scale(0.5))]
    );
    let r = h.reported.unwrap();
    assert_eq!(
        (r.cue.slice(text), r.speaker.map(|s| s.slice(text))),
        ("said", Some("Officials"))
    );

    let text = "According to Ilham Aliyev, the partnership is \u{201C}strong\u{201D}.";
    let v = scorer().score(text);
    let h = hit(&v, "vader:strong");
    assert_eq!(effects(h), [(Effect::Quote, None, Op::Scale(0.5))]);
    let r = h.reported.unwrap();
    assert_eq!(
        (r.cue.slice(text), r.speaker.map(|s| s.slice(text))),
        ("strong", Some("Ilham Aliyev"))
    );
}

#[test]
fn user_layers_change_scores() {
    use stancelens::lexicon::{bundled, Lexicon};
    let user = Lexicon::from_toml_str(
        "[lexicon]\nname = \"u\"\nversion = \"1\"\n[[rule]]\nid = \"u:normalisation\"\npattern = \"normalisation\"\nweight = 1.5\ncategory = \"valence\"\n",
        "user.toml",
    )
    .unwrap();
    let s =
        ValenceScorer::new(Lexicon::layered([bundled::valence_stack().unwrap(), user]).unwrap())
            .unwrap();
    let v = s.score("Normalisation of ties.");
    assert_eq!(hit(&v, "u:normalisation").contribution, 1.5);
    assert!(ValenceScorer::bundled()
        .unwrap()
        .score("Normalisation of ties.")
        .explanation
        .contributions
        .is_empty());
}

#[test]
fn empty_and_punctuation_only_texts_score_zero() {
    for t in ["", "   ", "... — !!", "\n\n"] {
        let v = scorer().score(t);
        assert_eq!(
            (v.pos, v.neg, v.neu, v.compound),
            (0.0, 0.0, 0.0, 0.0),
            "{t:?}"
        );
        assert_reproducible(t, &v);
    }
}

#[test]
fn every_explanation_reproduces_its_scores_exactly() {
    let texts = [
        "VADER is VERY SMART, handsome, and FUNNY!!!",
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        "At least it isn't a horrible book.",
        "Today only kinda sux! But I'll get by, lol",
        "Not bad at all",
        "Why would anyone do that??? It is a disaster. Really?",
        "According to Ilham Aliyev, the partnership is \u{201C}strong and friendly\u{201D}. Critics disagree; they say it is dangerous.",
        "Although the deal was good, it failed. The so\u{2011}called peace was allegedly a sham!",
        "Израиль и Азербайджан. 😀 Great!",
    ];
    for t in texts {
        let v = scorer().score(t);
        assert_reproducible(t, &v);
        assert!((-1.0..=1.0).contains(&v.compound));
        assert!(((v.pos + v.neg + v.neu) - 1.0).abs() < 1e-9, "{t:?}");
    }
}

#[test]
fn proper_names_shadow_their_valence_words() {
    let v = scorer().score("The United States and the United Nations met.");
    let ids: Vec<&str> = hits(&v).iter().map(|h| h.rule_id.as_str()).collect();
    assert_eq!(ids, ["name:united states", "name:united nations"]);
    assert_eq!(v.compound, 0.0);
    // Not a name: "united" keeps its VADER valence.
    let v = scorer().score("The parties were united.");
    assert_eq!(hit(&v, "vader:united").base, 1.8);
}

#[test]
fn rules_of_other_categories_do_not_shadow_valence_words() {
    use stancelens::lexicon::{bundled, Lexicon};
    let topics = Lexicon::from_toml_str(
        "[[rule]]\nid = \"topic:peace-talks\"\npattern = \"peace talks\"\ncategory = \"topic\"\n",
        "topics.toml",
    )
    .unwrap();
    let s =
        ValenceScorer::new(Lexicon::layered([bundled::valence_stack().unwrap(), topics]).unwrap())
            .unwrap();
    let v = s.score("The peace talks resumed.");
    assert_eq!(hit(&v, "vader:peace").base, 2.5);
    assert!(s.matcher().rule_id("topic:peace-talks").is_none());
}

#[test]
fn not_only_but_also_is_neither_negation_nor_contrast() {
    let v = scorer().score("The deal is not only good but also fair.");
    assert!(effects(hit(&v, "vader:good")).is_empty());
    assert!(effects(hit(&v, "vader:fair")).is_empty());
}

#[test]
fn negation_does_not_reach_past_a_verb_of_mentioning() {
    // "not mention the abuses": the writer still calls them abuses.
    let v = scorer().score("The statement did not mention the abuses.");
    let h = hit(&v, "vader:abuses");
    assert_eq!(h.contribution, h.base, "{h:#?}");
    assert!(effects(h)
        .iter()
        .any(|(e, id, _)| *e == Effect::NegationBarrier && *id == Some("barrier.mention")));
    assert!(v.compound < 0.0);
    assert_reproducible("The statement did not mention the abuses.", &v);
    // Without the barrier verb the same negation flips the word.
    let v = scorer().score("The statement was not about abuses.");
    assert!(hit(&v, "vader:abuses").contribution > 0.0);
}

#[test]
fn a_denial_reverses_what_its_clause_said_before_it() {
    // "is exaggerated" looks back: the threat is disputed, not affirmed.
    let v = scorer().score("The threat is largely exaggerated.");
    let h = hit(&v, "vader:threat");
    assert!(h.contribution > 0.0, "{h:#?}");
    assert!(effects(h)
        .iter()
        .any(|(e, id, _)| *e == Effect::Denial && *id == Some("deny.exaggerated")));
    // The denial counts once and is no valence hit of its own.
    assert!(v
        .explanation
        .hits()
        .all(|x| x.rule_id != "vader:exaggerated"));
    assert_reproducible("The threat is largely exaggerated.", &v);
    // It reaches back within its clause only, and not forward.
    let v = scorer().score("The threat grew, but the reports were exaggerated.");
    assert!(hit(&v, "vader:threat").contribution < 0.0);
    let v = scorer().score("Exaggerated claims of a threat spread.");
    assert!(effects(hit(&v, "vader:threat"))
        .iter()
        .all(|(e, _, _)| *e != Effect::Denial));
}

#[test]
fn never_been_with_a_comparative_is_no_negation() {
    let v = scorer().score("Relations have never been stronger.");
    let h = hit(&v, "idiom:never been stronger");
    assert!(h.contribution > 0.0 && effects(h).is_empty(), "{h:#?}");
    assert!(v.compound > 0.0);
    // A plain "never" still negates what follows it.
    let v = scorer().score("Relations have never been strong.");
    assert!(hit(&v, "vader:strong").contribution < 0.0);
}

#[test]
fn committing_a_crime_is_no_dedication() {
    // VADER's "committed" (+1.1) is dedication; with a crime as its object it means
    // "perpetrated": one hit with the noun's valence.
    let v = scorer().score("They committed aggression.");
    let h = hit(&v, "idiom:committed aggression");
    assert!(h.contribution < 0.0, "{h:#?}");
    assert!(v.explanation.hits().all(|x| x.rule_id != "vader:committed"));
    assert!(v.compound < 0.0);
    // Dedication stays praise.
    let v = scorer().score("They remain committed to peace.");
    assert!(hit(&v, "vader:committed").contribution > 0.0);
}

#[test]
fn far_from_and_so_called_negate_what_follows() {
    let v = scorer().score("The supply was far from reliable.");
    let h = hit(&v, "pol:reliable");
    assert!(h.contribution < 0.0, "{h:#?}");
    assert!(effects(h)
        .iter()
        .any(|(e, id, _)| *e == Effect::Negation && *id == Some("neg.far-from")));
    assert_reproducible("The supply was far from reliable.", &v);
    let v = scorer().score("Its so-called peaceful programme.");
    assert!(hit(&v, "vader:peaceful").contribution < 0.0);
    // "so-called" reaches two words only.
    let v = scorer().score("The so-called experts on the region praised it.");
    assert!(hit(&v, "vader:praised").contribution > 0.0);
}

#[test]
fn reported_views_are_attributed_but_the_writers_own_are_not() {
    let attributed = |text: &str| {
        let v = scorer().score(text);
        let h = hit(&v, "vader:disaster");
        effects(h).iter().any(|(e, _, _)| *e == Effect::Attribution)
    };
    assert!(attributed("Critics say the deal is a disaster."));
    assert!(attributed("Analysts argue that the deal is a disaster."));
    assert!(attributed("Many believe the deal is a disaster."));
    // First person: the writer's own view, not reported speech.
    assert!(!attributed("I say the deal is a disaster."));
    assert!(!attributed("We would argue that the deal is a disaster."));
    assert!(!attributed("I'd argue the deal is a disaster."));
}

#[test]
fn distancing_adverb_disputes_a_positive_word_and_hedges_the_rest() {
    // Right before a word of praise, "supposedly" disputes it (a negation)...
    let text = "The supposedly peaceful drills continued.";
    let v = scorer().score(text);
    assert_eq!(
        effects(hit(&v, "vader:peaceful")),
        vec![(Effect::Negation, Some("hedge.supposedly"), Op::Scale(-0.74))]
    );
    assert!(v.compound < 0.0);
    assert_reproducible(text, &v);
    // ...before a verb or a negative word it only hedges.
    let text = "They supposedly attacked the convoy.";
    let v = scorer().score(text);
    assert_eq!(
        effects(hit(&v, "vader:attacked")),
        vec![(Effect::Hedge, Some("hedge.supposedly"), Op::Scale(0.7))]
    );
    // A positive word further on is hedged, not disputed.
    let text = "Supposedly the talks were very good.";
    let v = scorer().score(text);
    assert!(v.compound > 0.0);
    assert_reproducible(text, &v);
}

#[test]
fn distancing_label_is_not_denied_twice() {
    // "so-called" and "exaggerated" both doubt the threat: one negation, no denial.
    let kinds = |text: &str| -> Vec<Effect> {
        let v = scorer().score(text);
        effects(hit(&v, "vader:threat"))
            .into_iter()
            .map(|e| e.0)
            .collect()
    };
    assert_eq!(
        kinds("The so-called threat is exaggerated."),
        vec![Effect::Negation]
    );
    // Without the label the denial still turns the threat around.
    assert_eq!(kinds("The threat is exaggerated."), vec![Effect::Denial]);
    // "supposed to" is a duty, not a disputed label: the good deal stays good.
    let v = scorer().score("They were supposed to sign a good deal.");
    assert!(v.compound > 0.0);
}
