//! Hostile inputs (issue 9, part 2): each gives the expected clear error or the expected
//! result, never a panic or a hang. Big inputs are generated here, not checked in; sizes
//! are chosen so that the debug test run stays short. The heaviest are `#[ignore]`d: the
//! 50 MB line runs in release mode from `scripts/test-all.sh`; the million-rule lexicon is
//! still super-linear (see docs/reliability.md);
//! the whole comparison on 50 MB and on a million sources hold several GB of output and
//! are run by hand (`cargo test --release -p stancelens --test hostile -- --ignored`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use stancelens::compare::{compare_with, CompareOptions};
use stancelens::corpus::{Corpus, CorpusError, JsonlSources, Source, SourceMeta};
use stancelens::lexicon::{Entry, Lexicon, LexiconBuilder};
use stancelens::stance::StanceEngine;
use stancelens::text::{self, MAX_SENTENCE_BYTES};
use stancelens::topics::Subject;
use std::path::Path;
use std::sync::OnceLock;

fn engine() -> &'static StanceEngine {
    static E: OnceLock<StanceEngine> = OnceLock::new();
    E.get_or_init(|| StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap())
}

fn source(id: &str, text: String) -> Source {
    Source::new(
        SourceMeta {
            id: id.into(),
            ..Default::default()
        },
        text,
    )
}

/// `bytes` of words and spaces, no punctuation and no newline; now and then a name or a
/// judging word, so that the analysis has work to do.
fn unpunctuated(bytes: usize) -> String {
    const WORDS: [&str; 16] = [
        "the",
        "talks",
        "between",
        "officials",
        "continued",
        "over",
        "several",
        "months",
        "and",
        "many",
        "people",
        "watched",
        "closely",
        "as",
        "trade",
        "grew",
    ];
    const RARE: [&str; 4] = [
        "Iran is hostile",
        "Israel is a good friend",
        "Baku praised the deal",
        "Tehran is dangerous",
    ];
    let mut s = String::with_capacity(bytes + 16);
    let mut k = 0usize;
    while s.len() < bytes {
        let w = if k % 37 == 0 {
            RARE[(k / 37) % RARE.len()]
        } else {
            WORDS[k % WORDS.len()]
        };
        s.push_str(w);
        s.push(' ');
        k += 1;
    }
    s.truncate(s.trim_end().len());
    s
}

#[path = "common/temp_path.rs"]
mod temp_path;
use temp_path::TempPath;

fn scratch_dir(name: &str) -> TempPath {
    TempPath::dir(&format!("hostile-{name}"))
}

// ---------------------------------------------------------------------------------------
// A 50 MB document with no punctuation or newline

/// Read as one JSON line, voiced, and cut into bounded sentences: every byte accounted for.
#[test]
fn a_5_mb_line_without_punctuation_is_read_in_bounded_sentences() {
    long_line_is_read(5 * 1024 * 1024);
}

#[test]
#[ignore = "50 MB (30 s in a debug build): release mode, run by scripts/test-all.sh"]
fn a_50_mb_line_without_punctuation_is_read_in_bounded_sentences() {
    long_line_is_read(50 * 1024 * 1024);
}

fn long_line_is_read(bytes: usize) {
    let text = unpunctuated(bytes);
    let line = format!("{{\"id\": \"big\", \"text\": \"{text}\"}}\n");
    let (corpus, warnings) = Corpus::from_jsonl_reader(line.as_bytes(), "big.jsonl").unwrap();
    drop(line);
    assert!(warnings.is_empty());
    let src = &corpus.sources[0];
    assert_eq!(src.text.len(), text.len());
    assert!(src.check_coverage().is_ok());
    let sentences = text::sentences(&src.text);
    assert!(sentences.len() >= text.len() / MAX_SENTENCE_BYTES);
    assert!(sentences.iter().all(|s| s.len() <= MAX_SENTENCE_BYTES));
    // Cut at whitespace: no word is split.
    assert!(sentences.iter().all(|s| !s.slice(&src.text).ends_with(' ')));
    assert!(sentences
        .windows(2)
        .all(|w| src.text[w[0].end..w[1].start] == *" "));
}

/// The whole comparison on a long unpunctuated line: per-sentence work is bounded, so time
/// grows linearly (this was cubic: 16 KB took 7.5 s in release before sentences were
/// capped and the aiming checked its reach first).
#[test]
fn compare_on_a_long_unpunctuated_line_scores_it() {
    let c = Corpus {
        name: "long".into(),
        sources: vec![source("long", unpunctuated(256 * 1024))],
    };
    let cmp = compare_with(&c, engine(), &CompareOptions::default());
    assert_eq!(cmp.overall.len(), 1);
    assert!(cmp.overall[0].score.is_some(), "{:?}", cmp.overall[0]);
}

#[test]
#[ignore = "50 MB through the whole comparison: release mode, by hand (GBs of output)"]
fn compare_on_a_50_mb_line() {
    let c = Corpus {
        name: "long".into(),
        sources: vec![source("long", unpunctuated(50 * 1024 * 1024))],
    };
    let cmp = compare_with(&c, engine(), &CompareOptions::default());
    assert!(cmp.overall[0].score.is_some());
    assert!(cmp
        .cells
        .iter()
        .all(|c| c.score.map_or(true, |s| (-1.0..=1.0).contains(&s))));
}

// ---------------------------------------------------------------------------------------
// A million one-word sources

fn one_word_lines(n: usize) -> String {
    const W: [&str; 5] = ["Iran", "good", "Baku", "the", "hostile"];
    let mut s = String::with_capacity(n * 32);
    for i in 0..n {
        s.push_str(&format!(
            "{{\"id\": \"s{i}\", \"text\": \"{}\"}}\n",
            W[i % W.len()]
        ));
    }
    s
}

/// Streamed, a million sources cost one source's memory plus the id index.
#[test]
fn a_million_one_word_sources_stream_through_the_reader() {
    let data = one_word_lines(1_000_000);
    let mut reader = JsonlSources::new(data.as_bytes(), "many.jsonl");
    let mut n = 0usize;
    for s in reader.by_ref() {
        let s = s.unwrap();
        assert_eq!(s.voices.len(), 1);
        n += 1;
    }
    let (warnings, errors) = reader.finish();
    assert_eq!(n, 1_000_000);
    assert!(warnings.is_empty() && errors.is_empty());
}

#[test]
fn compare_on_many_one_word_sources() {
    let (corpus, _) =
        Corpus::from_jsonl_reader(one_word_lines(5_000).as_bytes(), "m.jsonl").unwrap();
    let cmp = compare_with(&corpus, engine(), &CompareOptions::default());
    assert_eq!(cmp.overall.len(), 5_000);
    assert_eq!(cmp.cells.len(), 5_000 * cmp.topics.len());
    // One word is never enough evidence for a stance.
    assert!(cmp
        .overall
        .iter()
        .all(|o| o.label != stancelens::stance::StanceLabel::Favour));
}

#[test]
#[ignore = "a million sources through the whole comparison: release mode, by hand (GBs of output)"]
fn compare_on_a_million_one_word_sources() {
    let (corpus, _) =
        Corpus::from_jsonl_reader(one_word_lines(1_000_000).as_bytes(), "m.jsonl").unwrap();
    let cmp = compare_with(&corpus, engine(), &CompareOptions::default());
    assert_eq!(cmp.overall.len(), 1_000_000);
}

// ---------------------------------------------------------------------------------------
// Invalid UTF-8, byte-order marks, NUL bytes, mixed line endings

#[test]
fn invalid_utf8_is_an_error_at_its_line_and_column() {
    let mut data = b"{\"id\": \"a\", \"text\": \"fine\"}\n{\"id\": \"b\", \"text\": \"caf".to_vec();
    data.extend_from_slice(&[0xC3, 0x28]); // a broken two-byte sequence
    data.extend_from_slice(b"\"}\n");
    let err = Corpus::from_jsonl_reader(data.as_slice(), "bad.jsonl").unwrap_err();
    assert!(
        matches!(err, CorpusError::InvalidUtf8 { byte: 0xC3, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "bad.jsonl:2:25: invalid UTF-8 (first bad byte 0xc3)"
    );

    let dir = scratch_dir("utf8");
    std::fs::write(
        dir.join("corpus.toml"),
        "[[source]]\nid = \"a\"\nfile = \"a.txt\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("a.txt"), b"Line one.\nBad \xff byte.\n").unwrap();
    let err = Corpus::from_dir(&dir).unwrap_err().to_string();
    assert!(err.contains("a.txt:2:5: invalid UTF-8"), "{err}");
}

#[test]
fn a_byte_order_mark_opening_a_jsonl_file_or_manifest_is_skipped() {
    let data = "\u{FEFF}{\"id\": \"a\", \"text\": \"Baku.\"}\n";
    let (c, _) = Corpus::from_jsonl_reader(data.as_bytes(), "bom.jsonl").unwrap();
    assert_eq!(c.sources[0].text, "Baku.");
    // Anywhere else it is text: kept, and folded away for matching.
    let data = "{\"id\": \"a\", \"text\": \"\u{FEFF}Baku.\"}\n";
    let (c, _) = Corpus::from_jsonl_reader(data.as_bytes(), "bom.jsonl").unwrap();
    assert_eq!(c.sources[0].text, "\u{FEFF}Baku.");
    assert!(c.sources[0].check_coverage().is_ok());

    let dir = scratch_dir("bom");
    std::fs::write(
        dir.join("corpus.toml"),
        "\u{FEFF}[[source]]\nid = \"a\"\nfile = \"a.txt\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("a.txt"), "\u{FEFF}Text file with a BOM.\n").unwrap();
    let (c, _) = Corpus::from_dir(&dir).unwrap();
    // Text files are read byte for byte: the mark stays, in the first voice span.
    assert_eq!(c.sources[0].text, "\u{FEFF}Text file with a BOM.\n");
    assert!(c.sources[0].check_coverage().is_ok());
}

#[test]
fn nul_bytes_are_text_and_accounted_for() {
    let data =
        "{\"id\": \"a\", \"text\": \"Iran\\u0000 is hostile.\\u0000\\u0000 Baku\\u0000.\"}\n";
    let (c, _) = Corpus::from_jsonl_reader(data.as_bytes(), "nul.jsonl").unwrap();
    let s = &c.sources[0];
    assert_eq!(s.text.matches('\0').count(), 4);
    assert!(s.check_coverage().is_ok());
    let t = s.tally();
    assert_eq!(
        t.voiced_bytes + t.excluded_bytes + t.whitespace_bytes,
        s.text.len()
    );
    let cmp = compare_with(&c, engine(), &CompareOptions::default());
    assert!(cmp.overall[0].score.is_some());
    // A raw NUL byte in a JSON string is a JSON error, located.
    let err = Corpus::from_jsonl_reader(&b"{\"id\": \"a\", \"text\": \"x\0y\"}\n"[..], "nul.jsonl")
        .unwrap_err();
    assert!(err.to_string().starts_with("nul.jsonl:1:"), "{err}");
}

#[test]
fn mixed_line_endings_keep_lines_and_bytes() {
    let dir = scratch_dir("eol");
    let text = "Heading\r\nFirst line.\nSecond line.\r\rThird line.\r\n\r\nLast.\n";
    std::fs::write(dir.join("a.txt"), text).unwrap();
    std::fs::write(
        dir.join("corpus.toml"),
        "[[source]]\nid = \"a\"\nfile = \"a.txt\"\n[[source.voice]]\nvoice = \"heading\"\nlines = [1]\n[[source.exclude]]\nreason = \"other\"\nlines = [3]\n",
    )
    .unwrap();
    let (c, _) = Corpus::from_dir(&dir).unwrap();
    let s = &c.sources[0];
    assert_eq!(s.text, text);
    assert!(s.check_coverage().is_ok());
    // Lines are `\n`-separated; a `\r` before it belongs to no span (whitespace).
    let heading = s
        .voices
        .iter()
        .find(|v| v.voice == stancelens::corpus::Voice::Heading)
        .unwrap();
    assert_eq!(heading.span.slice(&s.text), "Heading");
    let excluded = s.voices.iter().find(|v| v.reason.is_some()).unwrap();
    assert_eq!(excluded.span.slice(&s.text), "Second line.\r\rThird line.");
    let sentences: Vec<&str> = text::sentences(text)
        .iter()
        .map(|x| x.slice(text))
        .collect();
    assert!(sentences.contains(&"Last."), "{sentences:?}");
}

// ---------------------------------------------------------------------------------------
// Bidi overrides and zero-width characters inside keywords

/// Invisible format characters (zero-width space/joiner/non-joiner, bidi marks, embeddings,
/// overrides and isolates, soft hyphens, BOM) are folded away before matching, so a keyword
/// with one inside still matches: a reader sees the word, and so does stancelens. The
/// original bytes stay in the text and in the evidence span; reports show them as inert
/// `U+XXXX` markers.
#[test]
fn invisible_characters_inside_keywords_do_not_hide_them() {
    for (inside, name) in [
        ("Ira\u{200D}n", "zero-width joiner"),
        ("Ira\u{200C}n", "zero-width non-joiner"),
        ("Ir\u{200B}an", "zero-width space"),
        ("I\u{202E}ran", "right-to-left override"),
        ("Ir\u{2067}a\u{2069}n", "right-to-left isolate"),
        ("Ir\u{00AD}an", "soft hyphen"),
    ] {
        let text = format!("{inside} is a dangerous, hateful regime.");
        let plain = engine().analyse(&source("p", "Iran is a dangerous, hateful regime.".into()));
        let hidden = engine().analyse(&source("h", text.clone()));
        assert_eq!(
            hidden.overall.score, plain.overall.score,
            "{name}: {text:?} must score like the plain text"
        );
        let ev = &hidden.overall.evidence[0];
        assert_eq!(ev.text, text, "{name}: evidence keeps the original bytes");
    }
    // Inside a valence word, too.
    let v = stancelens::valence::ValenceScorer::bundled().unwrap();
    assert_eq!(v.score("go\u{200D}od").compound, v.score("good").compound);
}

// ---------------------------------------------------------------------------------------
// Huge lexicons and patterns built to blow up matching

#[test]
fn a_lexicon_with_100_000_entries_compiles_and_matches() {
    let mut b = LexiconBuilder::new("big", "1");
    for i in 0..100_000u32 {
        b = b.entry(Entry::new(
            format!("w{i}"),
            format!("zq{i:x}"),
            1.0,
            "valence",
        ));
    }
    let m = b.build().unwrap().compile().unwrap();
    let hits = m.find_all("Nothing here but zq0 and zq1869f and zq186a0 and zq.");
    let ids: Vec<&str> = hits.iter().map(|h| m.entry(h.rule).id.as_str()).collect();
    assert_eq!(ids, ["w0", "w99999"]);
}

#[test]
#[ignore = "a million rules (slow in a debug build): release mode, run by scripts/test-all.sh"]
fn a_lexicon_with_a_million_entries_compiles_and_matches() {
    let mut b = LexiconBuilder::new("huge", "1");
    for i in 0..1_000_000u32 {
        b = b.entry(Entry::new(
            format!("w{i}"),
            format!("zq{i:x}"),
            1.0,
            "valence",
        ));
    }
    let lex = b.build().unwrap();
    let m = lex.compile().unwrap();
    let hits = m.find_all("Nothing here but zq0 and zqf423f and zqfffff and zq.");
    let ids: Vec<&str> = hits.iter().map(|h| m.entry(h.rule).id.as_str()).collect();
    assert_eq!(ids, ["w0", "w999999"]);
}

#[test]
fn patterns_built_to_blow_up_matching_stay_linear() {
    // Globs with many stars against long tokens (backtracking bait), a phrase of 200 words,
    // prefix rules sharing one long stem, and fuzzy rules: all bounded per token.
    let mut b = LexiconBuilder::new("evil", "1");
    b = b.entry(Entry::new(
        "stars",
        format!("{}b", "a*".repeat(60)),
        1.0,
        "valence",
    ));
    b = b.entry(Entry::new(
        "phrase",
        vec!["a"; 200].join(" "),
        1.0,
        "valence",
    ));
    for i in 0..2_000 {
        b = b.entry(Entry::new(
            format!("p{i}"),
            format!("{}{i}*", "a".repeat(40)),
            1.0,
            "valence",
        ));
    }
    let lex = b.build().unwrap();
    let m = lex.compile().unwrap();
    let long_token = "a".repeat(20_000);
    let text = format!("{long_token} {}", vec!["a"; 5_000].join(" "));
    let hits = m.find_all(&text);
    // The 200-word phrase matches back to back in the 5,000 `a`s (25 times).
    assert_eq!(
        hits.iter()
            .filter(|h| m.entry(h.rule).id == "phrase")
            .count(),
        25
    );
    assert!(hits.iter().all(|h| m.entry(h.rule).id != "stars"));
}

#[test]
fn a_huge_lexicon_file_is_parsed() {
    let mut toml = String::from("[lexicon]\nname = \"big\"\nversion = \"1\"\n\n");
    for i in 0..50_000 {
        toml.push_str(&format!(
            "[[rule]]\nid = \"r{i}\"\npattern = \"zq{i}\"\nweight = 1.0\ncategory = \"valence\"\n"
        ));
    }
    let lex = Lexicon::from_toml_str(&toml, "big.toml").unwrap();
    assert_eq!(lex.entries().len(), 50_000);
}

// ---------------------------------------------------------------------------------------
// Deeply nested or huge JSON and TOML

#[test]
fn deeply_nested_json_is_a_located_error() {
    for depth in [200usize, 100_000] {
        let line = format!(
            "{{\"id\": \"a\", \"text\": \"x\", \"voices\": [{}{}]}}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let err = Corpus::from_jsonl_reader(line.as_bytes(), "deep.jsonl").unwrap_err();
        assert!(err.to_string().starts_with("deep.jsonl:1:"), "{err}");
    }
    // Deep nesting in an unknown field is refused as unknown before it is parsed deeply.
    let line = format!(
        "{{\"id\": \"a\", \"text\": \"x\", \"x\": {}1{}}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(Corpus::from_jsonl_reader(line.as_bytes(), "deep.jsonl").is_err());
}

#[test]
fn deeply_nested_toml_is_a_located_error() {
    let deep = format!("x = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let err = Lexicon::from_toml_str(&deep, "deep.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("deep.toml:1:"), "{err}");
    let err = Subject::from_toml_str(&deep, "deep.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("deep.toml:1:"), "{err}");
    let dir = scratch_dir("deep");
    std::fs::write(dir.join("corpus.toml"), &deep).unwrap();
    let err = Corpus::from_dir(&dir).unwrap_err().to_string();
    assert!(err.contains("corpus.toml:1:"), "{err}");
}

#[test]
fn many_marks_are_read_up_to_the_limit_and_refused_clearly_beyond() {
    use stancelens::corpus::MAX_MARKS_PER_SOURCE;
    let line = |marks: usize| {
        // 100,000 tokens, every 99th excluded by a `text` anchor (up to `marks`).
        let mut text = String::new();
        let mut m = Vec::new();
        for i in 0..100_000 {
            text.push_str(&format!("[m{i}] "));
            if i % 99 == 0 && m.len() < marks {
                m.push(format!("{{\"reason\": \"widget\", \"text\": \"[m{i}]\"}}"));
            }
        }
        format!(
            "{{\"id\": \"a\", \"text\": \"{text}\", \"exclude\": [{}]}}\n",
            m.join(",")
        )
    };
    let (c, _) =
        Corpus::from_jsonl_reader(line(MAX_MARKS_PER_SOURCE).as_bytes(), "wide.jsonl").unwrap();
    let s = &c.sources[0];
    assert!(s.check_coverage().is_ok());
    assert_eq!(
        s.voices.iter().filter(|v| v.reason.is_some()).count(),
        MAX_MARKS_PER_SOURCE
    );

    let more = line(MAX_MARKS_PER_SOURCE + 1);
    let err = Corpus::from_jsonl_reader(more.as_bytes(), "wide.jsonl")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("wide.jsonl:1:"), "{err}");
    assert!(
        err.contains("has 1001 voice and exclude marks; at most 1000 per source"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------
// Paths outside the corpus folder and symlinks

fn manifest_naming(dir: &Path, file: &str) {
    std::fs::write(
        dir.join("corpus.toml"),
        format!("[[source]]\nid = \"a\"\nfile = {file:?}\n"),
    )
    .unwrap();
}

#[test]
fn paths_outside_the_corpus_folder_are_refused() {
    let dir = scratch_dir("outside");
    for (file, why) in [
        ("../../etc/passwd", "escapes the corpus folder"),
        ("sub/../../x.txt", "escapes the corpus folder"),
        ("/etc/passwd", "is absolute"),
    ] {
        manifest_naming(&dir, file);
        let err = Corpus::from_dir(&dir).unwrap_err();
        assert!(
            matches!(err, CorpusError::PathOutside { .. }),
            "{file}: {err:?}"
        );
        let msg = err.to_string();
        assert!(
            msg.contains(why) && msg.contains("corpus.toml:3:8"),
            "{msg}"
        );
    }
}

#[cfg(unix)]
#[test]
fn symlinks_leaving_the_folder_are_refused_unless_allowed() {
    use stancelens::corpus::ReadOptions;
    let root = scratch_dir("links");
    let dir = root.join("corpus");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(root.join("secret.txt"), "Outside the corpus.\n").unwrap();
    std::fs::write(dir.join("sub/inside.txt"), "Inside the corpus.\n").unwrap();
    std::os::unix::fs::symlink(root.join("secret.txt"), dir.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(&*root, dir.join("up")).unwrap();
    std::os::unix::fs::symlink("sub/inside.txt", dir.join("ok.txt")).unwrap();

    for file in ["leak.txt", "up/secret.txt"] {
        manifest_naming(&dir, file);
        let err = Corpus::from_dir(&dir).unwrap_err();
        assert!(
            err.to_string()
                .contains("is a symlink leaving the corpus folder"),
            "{err}"
        );
        // Allowed explicitly, the file is read.
        let allow = ReadOptions {
            allow_outside: true,
        };
        let (c, _) = Corpus::from_dir_with(&dir, &allow).unwrap();
        assert_eq!(c.sources[0].text, "Outside the corpus.\n");
    }
    // A symlink that stays inside the folder is fine without permission.
    manifest_naming(&dir, "ok.txt");
    let (c, _) = Corpus::from_dir(&dir).unwrap();
    assert_eq!(c.sources[0].text, "Inside the corpus.\n");
    // Allowed means allowed for `..` too.
    manifest_naming(&dir, "../secret.txt");
    assert!(Corpus::from_dir(&dir).is_err());
    let (c, _) = Corpus::from_dir_with(
        &dir,
        &ReadOptions {
            allow_outside: true,
        },
    )
    .unwrap();
    assert_eq!(c.sources[0].text, "Outside the corpus.\n");
}
