#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Matching behaviour of the compiled lexicon: aliases, fuzzy names, folding,
//! leftmost-longest phrases, wildcards, case, layering and provenance.

use sha2::{Digest, Sha256};
use stancelens::lexicon::{bundled, Lexicon, MatchVia, Matcher, Scratch};
use stancelens::text::tokenize;
use std::path::Path;

fn names_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lexicons/names.toml")
}

fn names() -> Matcher {
    Lexicon::from_file(names_path()).unwrap().compile().unwrap()
}

/// (rule id, matched text, via) of every hit.
fn hits<'t>(m: &Matcher, text: &'t str) -> Vec<(String, &'t str, MatchVia)> {
    m.find_all(text)
        .iter()
        .map(|h| (m.entry(h.rule).id.clone(), h.span.slice(text), h.via))
        .collect()
}

fn one(m: &Matcher, text: &str) -> (String, String, MatchVia) {
    let h = hits(m, text);
    assert_eq!(h.len(), 1, "{text:?}: {h:?}");
    (h[0].0.clone(), h[0].1.to_owned(), h[0].2)
}

#[test]
fn spelling_variants_match_through_aliases_and_fuzzy() {
    let m = names();
    let cases = [
        (
            "Ilham Aliyev spoke",
            "person.aliyev",
            "Aliyev",
            MatchVia::Exact,
        ),
        (
            "Ilham Aliev spoke",
            "person.aliyev",
            "Aliev",
            MatchVia::Fuzzy,
        ),
        (
            "in Karabakh today",
            "place.karabakh",
            "Karabakh",
            MatchVia::Exact,
        ),
        (
            "in Karabagh today",
            "place.karabakh",
            "Karabagh",
            MatchVia::Alias,
        ),
        (
            "in QARABAĞ today",
            "place.karabakh",
            "QARABAĞ",
            MatchVia::Alias,
        ),
        (
            "the Zangezur corridor",
            "place.zangezur",
            "Zangezur",
            MatchVia::Exact,
        ),
        (
            "the Zangazur corridor",
            "place.zangezur",
            "Zangazur",
            MatchVia::Fuzzy,
        ),
        (
            "from Nakhchivan",
            "place.nakhchivan",
            "Nakhchivan",
            MatchVia::Exact,
        ),
        (
            "from Nakhichevan",
            "place.nakhchivan",
            "Nakhichevan",
            MatchVia::Alias,
        ),
        (
            "from Nakhchevan",
            "place.nakhchivan",
            "Nakhchevan",
            MatchVia::Fuzzy,
        ),
        (
            "Avigdor Lieberman",
            "person.lieberman",
            "Lieberman",
            MatchVia::Exact,
        ),
        (
            "Avigdor Liberman",
            "person.lieberman",
            "Liberman",
            MatchVia::Fuzzy,
        ),
    ];
    for (text, id, matched, via) in cases {
        assert_eq!(
            one(&m, text),
            (id.to_owned(), matched.to_owned(), via),
            "{text}"
        );
    }
}

#[test]
fn fuzzy_hits_report_their_similarity() {
    let m = names();
    let h = m.find_all("Aliev");
    assert_eq!(h.len(), 1);
    assert!(
        h[0].similarity >= 0.85 && h[0].similarity < 1.0,
        "{}",
        h[0].similarity
    );
    assert_eq!(m.find_all("Aliyev")[0].similarity, 1.0);
}

#[test]
fn fuzzy_is_refused_on_short_words_stop_words_and_far_words() {
    let m = names();
    // Shorter than min_len (5): "Alie" is never fuzzy-matched to Aliyev.
    assert!(hits(&m, "Alie").is_empty());
    // "there" is a stop word even though it is close to "Theron".
    assert!(hits(&m, "there").is_empty());
    assert!(hits(&m, "Therefore").is_empty());
    assert_eq!(one(&m, "Therin").0, "person.theron");
    // Different first letter or too different: no hit.
    assert!(hits(&m, "Oliyev").is_empty());
    assert!(hits(&m, "Lebanon").is_empty());
}

#[test]
fn fuzzy_is_only_tried_when_there_is_no_exact_hit() {
    let lex = Lexicon::from_toml_str(
        r#"
[[rule]]
id = "aliyev"
pattern = "Aliyev"
fuzzy = { threshold = 0.8, min_len = 5 }
[[rule]]
id = "aliev-exact"
pattern = "Aliev"
"#,
        "t.toml",
    )
    .unwrap();
    let m = lex.compile().unwrap();
    assert_eq!(
        one(&m, "Aliev"),
        ("aliev-exact".into(), "Aliev".into(), MatchVia::Exact)
    );
}

#[test]
fn apostrophes_and_hyphens_are_folded() {
    let m = names();
    assert_eq!(one(&m, "They don’t agree").0, "dont");
    assert_eq!(one(&m, "They don't agree").0, "dont");
    assert_eq!(one(&m, "They DON\u{2BC}T agree").0, "dont");
    // U+2011 non-breaking hyphen and U+2010 hyphen inside a word.
    assert_eq!(
        one(&m, "in Nagorno\u{2011}Karabakh").1,
        "Nagorno\u{2011}Karabakh"
    );
    assert_eq!(one(&m, "in Nagorno-Karabakh").0, "place.nagorno-karabakh");
    assert_eq!(one(&m, "in Nagorno Karabakh").0, "place.nagorno-karabakh");
}

#[test]
fn possessive_s_is_left_outside_the_span() {
    let m = names();
    assert_eq!(one(&m, "Aliyev’s visit").1, "Aliyev");
    assert_eq!(one(&m, "the South Caucasus's future").1, "South Caucasus");
}

#[test]
fn leftmost_longest_phrases_win_over_their_parts() {
    let m = names();
    let h = hits(&m, "The South Caucasus, and the Caucasus.");
    let ids: Vec<&str> = h.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(ids, ["place.south-caucasus", "place.caucasus"]);
    assert_eq!(h[0].1, "South Caucasus");
}

#[test]
fn case_sensitive_rules_respect_case() {
    let m = names();
    assert_eq!(one(&m, "the US position").0, "actor.us");
    assert!(hits(&m, "let us go").is_empty());
}

#[test]
fn prefix_and_glob_patterns() {
    let m = names();
    assert_eq!(one(&m, "Iran threatened").1, "threatened");
    assert_eq!(one(&m, "a threat").1, "threat");
    assert!(
        hits(&m, "a throat").is_empty(),
        "{:?}",
        hits(&m, "a throat")
    );
    assert_eq!(one(&m, "colour").0, "colour");
    assert_eq!(one(&m, "color").0, "colour");
    assert!(hits(&m, "colours").is_empty());
}

#[test]
fn punctuation_patterns_need_glued_tokens() {
    let m = names();
    assert_eq!(one(&m, "fine :)").1, ":)");
    assert!(hits(&m, "fine : )").is_empty());
}

#[test]
fn token_ranges_index_the_given_tokens_and_scratch_is_reusable() {
    let m = names();
    let text = "Ilham Aliyev met officials from the South Caucasus.";
    let toks = tokenize(text);
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    for _ in 0..3 {
        out.clear();
        m.find_in_tokens(text, &toks, &mut scratch, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].token_range.start, out[0].token_range.end), (1, 2));
        assert_eq!((out[1].token_range.start, out[1].token_range.end), (6, 8));
    }
}

#[test]
fn matcher_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Matcher>();
    let m = std::sync::Arc::new(names());
    let t = {
        let m = m.clone();
        std::thread::spawn(move || m.find_all("Aliev").len())
    };
    assert_eq!(t.join().unwrap(), 1);
}

#[test]
fn metadata_and_content_hash() {
    let path = names_path();
    let lex = Lexicon::from_file(&path).unwrap();
    let meta = &lex.layers()[0];
    assert_eq!(meta.name, "names-test");
    assert_eq!(meta.licence.as_deref(), Some("MIT OR Apache-2.0"));
    let bytes = std::fs::read(&path).unwrap();
    let want: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(meta.sha256, want);
    let vader = bundled::vader().unwrap();
    let v = &vader.layers()[0];
    assert_eq!(
        (v.name.as_str(), v.version.as_str(), v.licence.as_deref()),
        ("vader", "3.3.2", Some("MIT"))
    );
    let raw =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vader/vader_lexicon.txt"))
            .unwrap();
    let want: String = Sha256::digest(&raw)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(v.sha256, want);
}

#[test]
fn vader_loader_keeps_every_distinct_token_and_the_last_value_of_repeats() {
    let vader = bundled::vader().unwrap();
    let raw = bundled::VADER_LEXICON_TXT;
    let distinct: std::collections::BTreeSet<&str> = raw
        .lines()
        .filter_map(|l| l.split('\t').next())
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(vader.entries().len(), distinct.len());
    // `ok` appears twice in 3.3.2 (1.6 then 1.2); a dict keeps the last.
    assert_eq!(vader.get("vader:ok").unwrap().weight, 1.2);
    // Emoticons with `*` are literal.
    let m = vader.compile().unwrap();
    let h = m.find_all("so :* nice");
    assert!(h.iter().any(|h| m.entry(h.rule).id == "vader::*"), "{h:?}");
}

#[test]
fn user_layers_override_or_extend_bundled_ones() {
    let user = Lexicon::from_toml_str(
        r#"
[lexicon]
name = "user"
version = "1"
[[rule]]
id = "vader:good"
pattern = "good"
weight = 0.5
category = "valence"
override = true
[[rule]]
id = "user:de-escalation"
pattern = "de-escalation"
weight = 1.5
category = "valence"
"#,
        "user.toml",
    )
    .unwrap();
    let stack = Lexicon::layered([bundled::valence_stack().unwrap(), user]).unwrap();
    assert_eq!(stack.get("vader:good").unwrap().weight, 0.5);
    // Layers: vader, idioms, politics, modifiers, then the user's.
    assert_eq!(stack.get("vader:good").unwrap().layer, 4);
    assert!(stack.get("user:de-escalation").is_some());
    assert_eq!(stack.layers().len(), 5);
    let m = stack.compile().unwrap();
    assert_eq!(m.entry(m.find_all("good")[0].rule).weight, 0.5);
}

#[test]
fn phrases_with_a_trailing_wildcard_word() {
    let lex = Lexicon::from_toml_str("[[rule]]\nid = \"np\"\npattern = \"not good*\"\n", "t.toml")
        .unwrap();
    let m = lex.compile().unwrap();
    assert_eq!(one(&m, "It was not goodness").1, "not goodness");
    assert!(hits(&m, "It was not bad").is_empty());
}
