//! The stance case table (`fixtures/stance/cases.toml`): sentences written from knowledge
//! of the language and the domain, never from the sample, each with the sign a careful
//! annotator would give. The test prints every miss and the accuracy, and fails if the
//! accuracy drops below the floor measured when the engine and table were merged, so a
//! change that makes the engine worse on principled cases cannot land unnoticed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde::Deserialize;
use stancelens::corpus::{Source, SourceKind, SourceMeta};
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Share of `[[case]]` rows whose sign the engine gets right: 144/146 measured on 2026-11-30, 153/154 on
/// 2026-12-01 (eight rows added with the verb-object, attributive and denial rules), 167/168
/// later that day (fourteen rows for the relation, judgment-verb, institution, quality-noun,
/// anaphora, negation, victim, reputation, report and topic-role rules, each failing on the
/// engine before them), 178/179 on 2026-12-03 (eight rows for the hyphen before a capital,
/// pacts named past modifiers and words of proper names; four of them failed on the engine
/// before, the others guard what must not change), 181/182 with three rows for relation words
/// between two parties joined by "and" (one failing before), 182/183 with a row for the word
/// before a relation word (failing before), 197/198 with 15 rows for mechanisms that had one
/// (12 right as written; the three misses chose the distancing adverbs, harm to a standing and
/// the activist anchors) and 203/204 with six more for that day's fixes (the engine before
/// them: 196/204), 206/207 with two rows for a cue that hid a denial (one failing before) and
/// 208/209 with three for wrongdoer objects (two failing before), 281/283 with 29 rows for
/// "neither … nor", object complements, a state's processes, plan judgments, hyphenated
/// adjectives, infinitive objects, harms kept away, negated concealment, comparison "like"
/// and hostile acts "from" a party (11/29 on the engine before them, 8654b57), 286/288 with five
/// for definite descriptions of a state ("the country's record"; the guards right before),
/// 291/293 with five for verb phrases coordinated with no comma and harms withstood (1/5
/// before)
/// (`cargo test -p stancelens --test stance_cases -- --nocapture`). The engine from before the
/// 28 rows added on 2026-11-30 (asides, possessors, attributives, pacts, aim filters) gets 118/146,
/// below the floor; the floor allows a few more misses than now.
const CASE_ACCURACY_FLOOR: f64 = 0.97;
/// Share of `[[target_stance]]` rows: 28/28 measured on 2026-11-30, 30/30 on 2026-12-03 (two rows
/// for relation words between joined parties, both failing before), 31/31 with a row for the word
/// before a relation word (failing before); one miss allowed.
const TARGET_STANCE_ACCURACY_FLOOR: f64 = 0.96;
/// The held-out sets (`fixtures/stance/heldout-*.toml`), each written without running the
/// engine on it (sets 5 and uk-rwanda by writers who never saw the engine's code, lexicons
/// or earlier tables; uk-rwanda on its own subject, `fixtures/subjects/uk-rwanda.toml`).
/// Measured on 2026-12-01, as written / now: 32/42, 19/24, 17/24, 12/20, 18/36 → 20/36,
/// 8/30 → 11/30 (docs/scoring.md, "How well it generalises"); set 3 18/24 since 2026-12-03
/// ("Baku-Tbilisi-Ceyhan" names Baku as "Baku–Tbilisi–Ceyhan" does); set 4 13/20 and set 2
/// 21/24 since the fixes of 2026-12-03 (the activist anchors; the denial a cue had hidden,
/// wrongdoer objects). Two sets written on 2026-12-03 by writers who never saw
/// the engine, as written: set 6 (bundled subject) 9/36, then 10/36 with that day's fixes;
/// eu-car-ban (its own subject file, `fixtures/subjects/eu-car-ban.toml`, by the same writer)
/// 7/30; set 7 (bundled subject, by a third writer, run once on the engine of b502860, after
/// every fix of that day) 14/35, 15/35 since the disruption rule; set 8 (passive voice and
/// verbs of disruption, by a writer who saw only the topic descriptions) 12/30 on the engine
/// before those rules, 16/30 after them, 17/30 with the verbs of war. Sets 9 and 10 (judgments
/// of the things the topics are about, by two more writers who saw only the topic
/// descriptions): set 9 19/33 on the engine before the object entities of subject 2025.6
/// (bf68d36), 21/33 after them (its rows were read before the entity aliases were settled,
/// so that figure is not blind); set 10, written after every change of that day and run once:
/// 15/30 on bf68d36, 17/30 now; 18/30 with the comparison "like" (2026-12-03, later). Sets 11
/// (bundled subject) and uk-rwanda-2 (its own subject), by two more writers who saw only the
/// topic descriptions, commissioned before that session's changes and run once after the first
/// eight of them: 13/32 and 17/30, the same on the engine before them (8654b57); set 11 14/32 after the
/// concealment barrier, which its rows had shown (not blind), 15/32 with "the country's"
/// read as the state named before (a row of its showed the construction); uk-rwanda-2 18/30
/// with verb phrases coordinated with no comma (its "… for years and is a stable, well-run
/// partner", seen). Set 12 (bundled subject, 2026-12-03, by a writer who saw only the topic
/// descriptions, asked for verbs of outcome, negative adverbs, predicate negation, calls to
/// halt and endurance): 19/32 on the session's first engine (c6618b4), 20/32 once on the
/// engine after that session's outcome and negation rules (blind); 21/32 with endurance
/// aimed at its subject (its "has survived Iranian threats", seen). A floor under each, a
/// few misses below now.
const HELD_OUT_FLOORS: [(&str, f64); 15] = [
    ("heldout-1.toml", 0.6),
    ("heldout-2.toml", 0.65),
    ("heldout-3.toml", 0.5),
    ("heldout-4.toml", 0.4),
    ("heldout-5.toml", 0.45),
    ("heldout-uk-rwanda.toml", 0.25),
    ("heldout-6.toml", 0.2),
    ("heldout-eu-car-ban.toml", 0.15),
    ("heldout-7.toml", 0.3),
    ("heldout-8.toml", 0.45),
    ("heldout-9.toml", 0.5),
    ("heldout-10.toml", 0.45),
    ("heldout-11.toml", 0.35),
    ("heldout-uk-rwanda-2.toml", 0.5),
    ("heldout-12.toml", 0.55),
];

#[derive(Deserialize)]
struct Table {
    case: Vec<Case>,
    #[serde(default)]
    target_stance: Vec<TargetCase>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Case {
    id: String,
    subject: String,
    topic: String,
    text: String,
    expected: i8,
    #[serde(default)]
    reported: bool,
    #[serde(default)]
    checks: Vec<String>,
    reason: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct TargetCase {
    id: String,
    subject: String,
    text: String,
    entity: String,
    expected: i8,
    reason: String,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bundled subject and every subject file in `fixtures/subjects/`, by subject id.
fn engines() -> BTreeMap<String, StanceEngine> {
    let mut m = BTreeMap::new();
    m.insert(
        "israel-azerbaijan".to_string(),
        StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap(),
    );
    let dir = repo().join("fixtures/subjects");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let subject = Subject::from_file(&path).unwrap();
            m.insert(
                subject.meta.id.clone(),
                StanceEngine::bundled(subject).unwrap(),
            );
        }
    }
    m
}

fn sign(x: Option<f64>) -> i8 {
    match x {
        Some(v) if v > 1e-9 => 1,
        Some(v) if v < -1e-9 => -1,
        _ => 0,
    }
}

fn table() -> Table {
    table_in("cases.toml")
}

fn table_in(file: &str) -> Table {
    let text = std::fs::read_to_string(repo().join("fixtures/stance").join(file)).unwrap();
    toml::from_str(&text).unwrap()
}

#[test]
fn stance_case_table() {
    let engines = engines();
    let t = table();
    assert!(t.case.len() >= 60);
    let (accuracy, misses) = case_accuracy(&engines, &t);
    assert!(
        accuracy >= CASE_ACCURACY_FLOOR,
        "accuracy {accuracy:.3} below the floor {CASE_ACCURACY_FLOOR}; misses:\n{}",
        misses.join("\n")
    );
}

#[test]
fn held_out_case_tables() {
    let engines = engines();
    for (file, floor) in HELD_OUT_FLOORS {
        let t = table_in(file);
        assert!(t.case.len() >= 20);
        println!("{file}:");
        let (accuracy, misses) = case_accuracy(&engines, &t);
        assert!(
            accuracy >= floor,
            "{file}: accuracy {accuracy:.3} below the floor {floor}; misses:\n{}",
            misses.join("\n")
        );
    }
}

/// Misses per `checks` tag on 2026-12-03 (`cargo test -p stancelens --test stance_cases --
/// --nocapture`): `it-quote-zionist-regime` is tagged with the first three;
/// `object-cooperation-cynical` was written for "cooperation" as a name of the relationship,
/// an alias left out of subject 2025.6 (its rationale says why). Two rows written for
/// "no" + comparative + "than" miss for other reasons, kept as written:
/// `no-comparative-than-supplier` ("none more dependable than SOCAR": SOCAR names no
/// party, so "dependable" is aimed at no one) and `no-more-than-pretext` ("the Iranian
/// menace is no more than a convenient pretext": "pretext" is no longer negated, but
/// "menace" still counts as Iran's).
const TAG_MISSES_TODAY: [(&str, usize); 5] = [
    ("cue", 1),
    ("longest-match", 1),
    ("reported", 2),
    ("object", 1),
    ("negation", 2),
];

/// The global floor lets a few rows go, and most mechanisms are exercised by a handful of
/// rows: breaking one (the possessor rule, the members rule, the dash rule…) can cost
/// fewer rows than the floor allows. So each `checks` tag has a floor of its own: its rows
/// may miss `CASE_ACCURACY_FLOOR`'s share, rounded down (none for a tag of fewer than 34
/// rows), beyond the misses it has today.
#[test]
fn stance_case_table_per_check() {
    let engines = engines();
    let t = table();
    let mut per_tag: BTreeMap<&str, (usize, Vec<&str>)> = BTreeMap::new();
    for c in &t.case {
        let right = sign(case_score(&engines, c)) == c.expected;
        for tag in &c.checks {
            let e = per_tag.entry(tag.as_str()).or_default();
            e.0 += 1;
            if !right {
                e.1.push(c.id.as_str());
            }
        }
    }
    let mut over = Vec::new();
    for (tag, (rows, missed)) in &per_tag {
        let today = TAG_MISSES_TODAY
            .iter()
            .find(|(t, _)| t == tag)
            .map_or(0, |(_, n)| *n);
        let allowed = ((1.0 - CASE_ACCURACY_FLOOR) * *rows as f64 + 1e-9).floor() as usize + today;
        println!(
            "{tag}: {}/{rows} right, {} allowed to miss",
            rows - missed.len(),
            allowed
        );
        if missed.len() > allowed {
            over.push(format!(
                "{tag}: {} of {rows} missed ({missed:?}), {allowed} allowed",
                missed.len()
            ));
        }
    }
    assert!(
        over.is_empty(),
        "a mechanism got worse:\n{}",
        over.join("\n")
    );
}

/// `text` analysed as the article of row `c` on `engine`.
fn analyse_as(engine: &StanceEngine, c: &Case, text: String) -> stancelens::stance::SourceStance {
    let meta = SourceMeta {
        id: c.id.clone(),
        kind: Some(SourceKind::Article),
        ..Default::default()
    };
    engine.analyse(&Source::new(meta, text))
}

/// The score of a `[[case]]` row: its topic's cell, or the overall score for "target".
fn case_score(engines: &BTreeMap<String, StanceEngine>, c: &Case) -> Option<f64> {
    let engine = &engines[&c.subject];
    let result = analyse_as(engine, c, c.text.clone());
    if c.topic == "target" {
        result.overall.score
    } else {
        let ti = engine
            .subject()
            .topic_index(&c.topic)
            .unwrap_or_else(|| panic!("{}: unknown topic {}", c.id, c.topic));
        result.topics[ti].stance.score
    }
}

/// Share of `t`'s `[[case]]` rows whose sign the engine gets right, printed with the misses.
fn case_accuracy(engines: &BTreeMap<String, StanceEngine>, t: &Table) -> (f64, Vec<String>) {
    let mut right = 0usize;
    let mut misses = Vec::new();
    for c in &t.case {
        let score = case_score(engines, c);
        if sign(score) == c.expected {
            right += 1;
        } else {
            misses.push(format!(
                "{} [{}] expected {:+} got {:?}: {}",
                c.id,
                c.checks.join(","),
                c.expected,
                score,
                c.text
            ));
        }
    }
    let accuracy = right as f64 / t.case.len() as f64;
    println!(
        "stance cases: {right}/{} right ({:.1}%)\n{}",
        t.case.len(),
        accuracy * 100.0,
        misses.join("\n")
    );
    (accuracy, misses)
}

#[test]
fn target_stance_case_table() {
    let engines = engines();
    let t = table();
    assert!(t.target_stance.len() >= 20);
    let mut right = 0usize;
    let mut misses = Vec::new();
    for c in &t.target_stance {
        let engine = &engines[&c.subject];
        let start = c
            .text
            .find(&c.entity)
            .unwrap_or_else(|| panic!("{}: `{}` not in the text", c.id, c.entity));
        let span = stancelens::Span::new(start, start + c.entity.len());
        let got = engine.target_stance(&c.text, span).unwrap();
        if sign(got.score) == c.expected {
            right += 1;
        } else {
            misses.push(format!(
                "{} expected {:+} got {:?}: {} [{}]",
                c.id, c.expected, got.score, c.text, c.entity
            ));
        }
    }
    let accuracy = right as f64 / t.target_stance.len() as f64;
    println!(
        "target_stance cases: {right}/{} right ({:.1}%)\n{}",
        t.target_stance.len(),
        accuracy * 100.0,
        misses.join("\n")
    );
    assert!(
        accuracy >= TARGET_STANCE_ACCURACY_FLOOR,
        "accuracy {accuracy:.3} below the floor {TARGET_STANCE_ACCURACY_FLOOR}; misses:\n{}",
        misses.join("\n")
    );
}

/// The four dashes a house style may write between two names.
const NAME_DASHES: [char; 4] = ['-', '\u{2010}', '\u{2011}', '\u{2013}'];

/// `text` with every dash of [`NAME_DASHES`] that sits between a letter and a capital
/// ("Israel-Azerbaijan", "Russo–Iranian") written as `dash`, and how many it rewrote.
fn with_name_dash(text: &str, dash: char) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut rewritten = 0;
    for (i, &c) in chars.iter().enumerate() {
        let between_names = NAME_DASHES.contains(&c)
            && i > 0
            && chars[i - 1].is_alphabetic()
            && chars.get(i + 1).is_some_and(|n| n.is_uppercase());
        if between_names {
            out.push(dash);
            rewritten += 1;
        } else {
            out.push(c);
        }
    }
    (out, rewritten)
}

/// Which parties a sentence names, and so every score, must not depend on whether the
/// house style joins two names with a hyphen or an en dash. Every row of every table
/// that has such a compound is scored in all four spellings: the overall score, each
/// topic's score and evidence count must agree. (Before the tokenizer split a hyphen
/// before a capital, "Russo-Iranian pressure on Azerbaijan is a dangerous threat." was
/// not covered on iran-threat while the en-dash spelling scored +0.94.)
#[test]
fn dash_house_style_moves_no_score() {
    let engines = engines();
    let mut compared = 0usize;
    let mut differences = Vec::new();
    let files = std::iter::once("cases.toml").chain(HELD_OUT_FLOORS.iter().map(|(f, _)| *f));
    for file in files {
        for c in table_in(file).case {
            let engine = &engines[&c.subject];
            let results: Vec<(String, _)> = NAME_DASHES
                .iter()
                .filter_map(|&dash| {
                    let (text, rewritten) = with_name_dash(&c.text, dash);
                    (rewritten > 0).then(|| {
                        let r = analyse_as(engine, &c, text.clone());
                        let per_topic: Vec<_> = r
                            .topics
                            .iter()
                            .map(|t| (t.stance.score, t.stance.evidence_count))
                            .collect();
                        (text, (r.overall.score, per_topic))
                    })
                })
                .collect();
            if results.is_empty() {
                continue;
            }
            compared += 1;
            let (first_text, first) = &results[0];
            for (text, got) in &results[1..] {
                let same_scores = |a: Option<f64>, b: Option<f64>| match (a, b) {
                    (Some(x), Some(y)) => (x - y).abs() < 1e-12,
                    (None, None) => true,
                    _ => false,
                };
                let same = same_scores(first.0, got.0)
                    && first.1.len() == got.1.len()
                    && first
                        .1
                        .iter()
                        .zip(&got.1)
                        .all(|(a, b)| same_scores(a.0, b.0) && (a.1 - b.1).abs() < 1e-12);
                if !same {
                    differences.push(format!(
                        "{file} {}: {first_text:?} {first:?}\n    vs {text:?} {got:?}",
                        c.id
                    ));
                }
            }
        }
    }
    println!("{compared} rows with a dash between names, each in four spellings");
    assert!(compared >= 10, "only {compared} rows to compare");
    assert!(
        differences.is_empty(),
        "the dash changed a result:\n{}",
        differences.join("\n")
    );
}
