#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Subject files: the bundled subject, the test fixture, and a broken-subject case table
//! (each case: a file body, and the problems it must produce with kind, line and id).

use stancelens::lexicon::ProblemKind;
use stancelens::topics::{EntityWindow, Role, Subject};

const HEAD: &str = "[subject]\nid = \"s\"\n[target]\nid = \"t\"\n";

fn fixture() -> Subject {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/subjects/test-minimal.toml"
    );
    Subject::from_file(p).unwrap()
}

#[test]
fn bundled_subject_loads_with_metadata() {
    let s = Subject::bundled("israel-azerbaijan").unwrap();
    assert_eq!(s.meta.id, "israel-azerbaijan");
    assert_eq!(s.meta.sha256.len(), 64);
    assert!(!s.meta.version.is_empty());
    assert!(!s.topics.is_empty() && !s.entities.is_empty());
    for t in &s.topics {
        assert!(t.target_sign == 1.0 || t.target_sign == -1.0);
    }
    assert!(Subject::bundled("nope").is_err());
}

#[test]
fn actor_key_is_parsed_per_cue() {
    let text = topic(
        "[[topic.cue]]\nid = \"a.hit\"\npattern = \"hits\"\nweight = -1\nactor = \"adversary\"\n[[topic.cue]]\nid = \"a.calm\"\npattern = \"calm\"\nweight = 1\n",
    );
    let s = Subject::from_toml_str(&text, "case.toml").unwrap();
    let t = &s.topics[0];
    assert_eq!(
        t.cue_actors.get("a.hit"),
        Some(&stancelens::topics::Role::Adversary)
    );
    assert_eq!(t.cue_actors.get("a.calm"), None);
}

#[test]
fn fixture_subject_fields() {
    let s = fixture();
    assert_eq!(s.meta.id, "test-minimal");
    assert_eq!(s.settings.min_evidence, 2.0);
    assert_eq!(s.settings.reported_speech_weight, 0.5); // default
    assert_eq!(s.settings.entity_window, EntityWindow::Clause);
    assert_eq!(s.entities[1].role, Role::Adversary);
    assert_eq!(s.topics[1].target_sign, -1.0);
    assert_eq!(s.topics[0].cues.len(), 2);
    let again = Subject::from_toml_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/subjects/test-minimal.toml"
        ))
        .unwrap(),
        "x.toml",
    )
    .unwrap();
    assert_eq!(again.meta.sha256, s.meta.sha256);
}

/// (name, body after HEAD or full text, expected [(kind, line, id)])
type Case = (
    &'static str,
    String,
    Vec<(ProblemKind, u32, Option<&'static str>)>,
);

fn topic(extra: &str) -> String {
    format!("{HEAD}[[topic]]\nid = \"a\"\nanchors = [\"alpha\"]\n{extra}")
}

fn cases() -> Vec<Case> {
    use ProblemKind::*;
    vec![
        (
            "syntax",
            "[subject\nid = 1".into(),
            vec![(Syntax, 1, None)],
        ),
        (
            "missing tables",
            "[settings]\nmin_evidence = 1\n".into(),
            vec![(MissingField, 1, None), (MissingField, 1, None), (MissingField, 1, None)],
        ),
        (
            "unknown key in subject",
            "[subject]\nid = \"s\"\ncolour = \"red\"\n[target]\nid = \"t\"\n[[topic]]\nid = \"a\"\nanchors = [\"x\"]\n".into(),
            vec![(UnknownField, 3, None)],
        ),
        (
            "bad target_sign and role",
            format!(
                "{HEAD}[[entity]]\nid = \"e\"\nrole = \"friend\"\npattern = \"E\"\n[[topic]]\nid = \"a\"\ntarget_sign = 2\nanchors = [\"x\"]\n"
            ),
            vec![(OutOfRange, 7, Some("e")), (OutOfRange, 11, Some("a"))],
        ),
        (
            "duplicate ids",
            format!(
                "{HEAD}[[topic]]\nid = \"a\"\nanchors = [\"x\"]\n[[topic]]\nid = \"a\"\nanchors = [\"y\"]\n"
            ),
            vec![(DuplicateId, 9, Some("a"))],
        ),
        (
            "cue weight out of range, missing weight, bad example",
            topic(
                "[[topic.cue]]\nid = \"a.big\"\npattern = \"huge\"\nweight = 9\n[[topic.cue]]\nid = \"a.now\"\npattern = \"now\"\n[[topic.cue]]\nid = \"a.ex\"\npattern = \"calm\"\nweight = 1\nexamples = [\"nothing here\"]\n",
            ),
            vec![
                (OutOfRange, 11, Some("a.big")),
                (MissingField, 12, Some("a.now")),
                (ExampleDoesNotMatch, 19, Some("a.ex")),
            ],
        ),
        (
            "anchor entity names no entity; anchor never matches",
            format!(
                "{HEAD}[[topic]]\nid = \"a\"\nanchors = [\"*x\"]\nanchor_entities = [\"ghost\"]\n"
            ),
            vec![(NeverMatches, 7, Some("a.anchor.0")), (MissingField, 8, Some("a"))],
        ),
        (
            "members naming no entity, and the entity itself",
            format!(
                "{HEAD}[[entity]]\nid = \"pact\"\nrole = \"ally\"\npattern = \"pact\"\nmembers = [\"ghost\", \"pact\"]\n[[topic]]\nid = \"a\"\nanchors = [\"x\"]\n"
            ),
            vec![(MissingField, 9, Some("pact")), (MissingField, 9, Some("pact"))],
        ),
        (
            "topic roles: an unknown entity, a bad role, not a table",
            format!(
                "{HEAD}[[entity]]\nid = \"e\"\nrole = \"neutral\"\npattern = \"E\"\n[[topic]]\nid = \"a\"\nanchors = [\"x\"]\nroles = {{ ghost = \"ally\", e = \"friend\" }}\n[[topic]]\nid = \"b\"\nanchors = [\"y\"]\nroles = \"ally\"\n"
            ),
            vec![
                (MissingField, 12, Some("a")),
                (OutOfRange, 12, Some("a")),
                (WrongType, 16, Some("b")),
            ],
        ),
        (
            "topic that can never be detected",
            format!("{HEAD}[[topic]]\nid = \"a\"\nlabel = \"A\"\n"),
            vec![(NeverMatches, 6, Some("a"))],
        ),
        (
            "bad settings",
            format!(
                "{HEAD}[settings]\nreported_speech_weight = 2\nentity_window = \"page\"\ncarry = 1\n[[topic]]\nid = \"a\"\nanchors = [\"x\"]\n"
            ),
            vec![(OutOfRange, 6, None), (OutOfRange, 7, None), (UnknownField, 8, None)],
        ),
        (
            "cue actor that is neither ally nor adversary",
            topic("[[topic.cue]]\nid = \"a.hit\"\npattern = \"hits\"\nweight = 1\nactor = \"friend\"\n"),
            vec![(OutOfRange, 12, None)],
        ),
        (
            "entity without role, unknown key",
            format!(
                "{HEAD}[[entity]]\nid = \"e\"\npattern = \"E\"\nshade = 1\n[[topic]]\nid = \"a\"\nanchors = [\"x\"]\n"
            ),
            vec![(MissingField, 5, Some("e")), (UnknownField, 8, None)],
        ),
    ]
}

#[test]
fn broken_subject_case_table() {
    for (name, text, expected) in cases() {
        let err = match Subject::from_toml_str(&text, "case.toml") {
            Ok(_) => panic!("case `{name}`: accepted"),
            Err(e) => e,
        };
        let mut got: Vec<(ProblemKind, u32, Option<String>)> = err
            .problems
            .iter()
            .map(|p| (p.kind, p.location.line.unwrap_or(0), p.rule_id.clone()))
            .collect();
        let mut want: Vec<(ProblemKind, u32, Option<String>)> = expected
            .iter()
            .map(|(k, l, id)| (*k, *l, id.map(str::to_owned)))
            .collect();
        got.sort_by_key(|g| (g.1, format!("{:?}", g.0)));
        want.sort_by_key(|g| (g.1, format!("{:?}", g.0)));
        assert_eq!(got, want, "case `{name}`: {err}");
        for p in &err.problems {
            assert_eq!(
                p.location.path.to_string_lossy(),
                "case.toml",
                "case `{name}`"
            );
            assert!(p.location.column.unwrap_or(0) >= 1, "case `{name}`: {p}");
        }
    }
}

/// A cue takes its word from the modifiers layer in every sentence, on its topic or not:
/// the bundled subject's `lieberman-ties` cue "baseless" kept "Claims of a crackdown in
/// Azerbaijan are unfounded" from being denied. No cue of the bundled subject may be a
/// modifier's word.
#[test]
fn bundled_cues_take_no_modifier_word() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let read = |path: &str| -> toml::Table {
        toml::from_str(&std::fs::read_to_string(format!("{data}/{path}")).unwrap()).unwrap()
    };
    let words = |rule: &toml::Value| -> Vec<String> {
        let aliases = rule.get("aliases").and_then(toml::Value::as_array);
        std::iter::once(rule.get("pattern"))
            .chain(aliases.into_iter().flatten().map(Some))
            .flatten()
            .filter_map(toml::Value::as_str)
            .map(str::to_lowercase)
            .collect()
    };
    let modifiers = read("lexicons/modifiers.toml");
    let modifier_words: std::collections::BTreeSet<String> = modifiers["rule"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(words)
        .collect();
    assert!(modifier_words.contains("baseless"));
    let subject = read("subjects/israel-azerbaijan.toml");
    let mut clashes = Vec::new();
    for topic in subject["topic"].as_array().unwrap() {
        for cue in topic
            .get("cue")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
        {
            for w in words(cue) {
                if modifier_words.contains(&w) {
                    clashes.push(format!("{}: {w}", cue["id"]));
                }
            }
        }
    }
    assert!(
        clashes.is_empty(),
        "cues that are modifier words: {clashes:?}"
    );
}
